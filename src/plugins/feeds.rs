//! `feeds`: an Atom feed and a JSON Feed for the news section and any other section the site names,
//! in each language: `/news/atom.xml` and `/news/feed.json`, `/es/news/atom.xml` and `/es/news/feed.json`.
//!
//! ```yaml
//! feeds:
//!   sections: [news, events]   # folders under content/ with an _index.md; default [news]
//!   content: full              # or summary: the text before <!-- more --> (else the description)
//!   limit: 20                  # the newest pages only
//! ```
//!
//! A feed is read by programs far from the site, so every address in it is absolute (links and
//! pictures in the pages' text are rewritten), and each entry's `updated` is the page's `updated`, else
//! its `date`. A feed is never paginated. The section's page and its pages get a `<link
//! rel="alternate">` to the feeds through `page.data.feeds`, which both built-in themes print in the
//! head. A listed section that the site does not have is an error at its place in `portico.yaml`; the
//! default `news` is only used when the site has it.

use std::fmt::Write as _;

use serde::Deserialize;
use serde_json::json;
use serde_saphyr::Spanned;

use super::{Configured, Mode, Plugin, Setup};
use crate::config::yaml::suggest;
use crate::config::{Config, UrlPath};
use crate::content::{Page, PageId, PageKind, Site};
use crate::error::{Diagnostics, Error, ErrorKind, Location};
use crate::html::escape;
use crate::output::Output;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FeedsConfig {
    sections: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    content: Content,
    #[serde(default = "twenty")]
    limit: usize,
}

fn twenty() -> usize {
    20
}

/// How much of each page a feed carries.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Content {
    /// The whole text.
    #[default]
    Full,
    /// The text before `<!-- more -->`, else the page's description.
    Summary,
}

#[derive(Debug, Default)]
pub struct Feeds;

/// The sections with feeds, and how they are written.
#[derive(Debug)]
struct SiteFeeds {
    /// Section folders under `content/` (`news`), each with where `portico.yaml` names it.
    sections: Vec<(String, Option<Location>)>,
    content: Content,
    limit: usize,
    /// A kit has no sections.
    enabled: bool,
}

impl Plugin for Feeds {
    fn name(&self) -> &'static str {
        "feeds"
    }

    fn configure(
        &self,
        config: &Config,
        setup: &Setup<'_>,
        diagnostics: &mut Diagnostics,
    ) -> Box<dyn Configured> {
        let table = diagnostics
            .take(config.source.table::<FeedsConfig>("feeds"))
            .flatten();
        let source = config.source.yaml();
        let (sections, content, limit) = match table {
            Some(table) => {
                let sections = table.sections.map_or_else(
                    || vec![("news".to_owned(), None)],
                    |list| {
                        list.iter()
                            .map(|s| {
                                let at = source.location(s.referenced);
                                (s.value.trim_matches('/').to_owned(), Some(at))
                            })
                            .collect()
                    },
                );
                if table.limit == 0 {
                    diagnostics.error(
                        Error::new(ErrorKind::Config, "feeds.limit must be at least 1")
                            .at(Location::file(&config.source.path))
                            .with_help("feed readers show the newest pages; 20 is usual"),
                    );
                }
                (sections, table.content, table.limit)
            }
            None => (vec![("news".to_owned(), None)], Content::Full, 20),
        };
        Box::new(SiteFeeds {
            sections,
            content,
            limit,
            enabled: setup.mode != Mode::Kit,
        })
    }
}

/// The section folder of a section page (`news` for `news/_index.es.md`).
fn section_folder(page: &Page) -> Option<String> {
    (page.kind == PageKind::Section).then(|| page.source.name().dirs.join("/"))
}

/// `atom.xml` and `feed.json` beside a section's page.
fn feed_urls(section: &UrlPath) -> (UrlPath, UrlPath) {
    let url = |name: &str| {
        UrlPath::parse(&format!("{}{name}", section.as_str())).unwrap_or_else(|_| UrlPath::root())
    };
    (url("atom.xml"), url("feed.json"))
}

impl SiteFeeds {
    /// The section pages with feeds, in every language.
    fn section_pages(&self, site: &Site) -> Vec<PageId> {
        (0..site.pages.len())
            .filter(|&id| {
                section_folder(&site.pages[id])
                    .is_some_and(|folder| self.sections.iter().any(|(s, _)| *s == folder))
            })
            .collect()
    }

    /// The pages a section's feed lists: newest first (by `updated`, else `date`), at most `limit`.
    fn entries<'s>(&self, site: &'s Site, section: PageId) -> Vec<&'s Page> {
        let mut pages: Vec<&Page> = site
            .sections
            .get(&section)
            .map(|s| s.pages.iter().map(|&id| &site.pages[id]).collect())
            .unwrap_or_default();
        pages.sort_by_key(|p| std::cmp::Reverse(stamp(p)));
        pages.truncate(self.limit);
        pages
    }

    fn text(&self, page: &Page) -> String {
        match self.content {
            Content::Full => page.content.html.clone(),
            Content::Summary => page.content.summary.clone().unwrap_or_else(|| {
                page.meta
                    .description
                    .as_ref()
                    .map(|d| format!("<p>{}</p>", escape(d)))
                    .unwrap_or_default()
            }),
        }
    }
}

impl Configured for SiteFeeds {
    fn transform(&self, site: &mut Site, diagnostics: &mut Diagnostics) {
        if !self.enabled {
            return;
        }
        for (folder, at) in &self.sections {
            let found = site
                .pages
                .iter()
                .any(|p| section_folder(p).as_deref() == Some(folder.as_str()));
            if let (false, Some(at)) = (found, at) {
                let folders: Vec<String> = site.pages.iter().filter_map(section_folder).collect();
                let help = suggest(folder, folders.iter().map(String::as_str)).map_or_else(
                    || format!("make the section with content/{folder}/_index.md, or remove it from feeds.sections"),
                    |near| format!("did you mean `{near}`?"),
                );
                diagnostics.error(
                    Error::new(
                        ErrorKind::Config,
                        format!("feeds.sections: the site has no section `{folder}`"),
                    )
                    .at(at.clone())
                    .with_help(help),
                );
            }
        }
        let base = site.config.base_url.clone();
        for section in self.section_pages(site) {
            let title = feed_title(site, section);
            let (atom, json_feed) = feed_urls(&site.pages[section].url);
            let links = json!([
                { "type": "application/atom+xml", "title": title, "href": base.path_for(&atom) },
                { "type": "application/feed+json", "title": title, "href": base.path_for(&json_feed) },
            ]);
            let members: Vec<PageId> = std::iter::once(section)
                .chain(
                    site.sections
                        .get(&section)
                        .into_iter()
                        .flat_map(|s| s.pages.clone()),
                )
                .collect();
            for id in members {
                site.pages[id]
                    .data
                    .insert("feeds".to_owned(), links.clone());
            }
        }
    }

    fn emit(&self, site: &Site, output: &mut Output, _diagnostics: &mut Diagnostics) {
        if !self.enabled {
            return;
        }
        for section in self.section_pages(site) {
            let entries = self.entries(site, section);
            let (atom, json_feed) = feed_urls(&site.pages[section].url);
            output.insert_bytes(
                atom.file_path(),
                self.atom(site, section, &entries, &atom).into_bytes(),
            );
            output.insert_bytes(
                json_feed.file_path(),
                self.json_feed(site, section, &entries, &json_feed)
                    .into_bytes(),
            );
        }
    }
}

/// `News | Riverbend Family Medicine`.
fn feed_title(site: &Site, section: PageId) -> String {
    format!(
        "{} | {}",
        site.pages[section].meta.title, site.config.practice.name
    )
}

/// When a page last changed, as RFC 3339 (a date alone is midnight UTC).
fn stamp(page: &Page) -> Option<String> {
    let full = if page.meta.updated.is_some() {
        page.meta.updated_time.clone()
    } else {
        page.meta.date_time.clone()
    };
    full.or_else(|| {
        page.meta
            .updated
            .or(page.meta.date)
            .map(|d| format!("{d}T00:00:00Z"))
    })
}

/// When a page was first published, as RFC 3339.
fn published(page: &Page) -> Option<String> {
    page.meta
        .date_time
        .clone()
        .or_else(|| page.meta.date.map(|d| format!("{d}T00:00:00Z")))
}

impl SiteFeeds {
    fn atom(&self, site: &Site, section: PageId, entries: &[&Page], at: &UrlPath) -> String {
        let base = &site.config.base_url;
        let page = &site.pages[section];
        let updated = entries
            .iter()
            .filter_map(|p| stamp(p))
            .max()
            .or_else(|| stamp(page))
            .unwrap_or_else(|| "1970-01-01T00:00:00Z".to_owned());
        let mut xml = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
        let _ = writeln!(
            xml,
            "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">",
            escape(page.lang.as_str())
        );
        let _ = writeln!(
            xml,
            "  <title>{}</title>",
            escape(&feed_title(site, section))
        );
        let _ = writeln!(xml, "  <id>{}</id>", escape(&base.permalink(&page.url)));
        let _ = writeln!(
            xml,
            "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>",
            escape(&base.permalink(at))
        );
        let _ = writeln!(
            xml,
            "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
            escape(&base.permalink(&page.url))
        );
        let _ = writeln!(xml, "  <updated>{updated}</updated>");
        let _ = writeln!(
            xml,
            "  <author><name>{}</name></author>",
            escape(&site.config.practice.name)
        );
        let _ = writeln!(xml, "  <generator>Portico</generator>");
        for entry in entries {
            let link = base.permalink(&entry.url);
            let _ = writeln!(xml, "  <entry>");
            let _ = writeln!(xml, "    <title>{}</title>", escape(&entry.meta.title));
            let _ = writeln!(xml, "    <id>{}</id>", escape(&link));
            let _ = writeln!(
                xml,
                "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
                escape(&link)
            );
            let changed = stamp(entry).unwrap_or_else(|| updated.clone());
            let _ = writeln!(xml, "    <updated>{changed}</updated>");
            if let Some(first) = published(entry) {
                let _ = writeln!(xml, "    <published>{first}</published>");
            }
            if let Some(description) = &entry.meta.description {
                let _ = writeln!(xml, "    <summary>{}</summary>", escape(description));
            }
            for tag in &entry.meta.tags {
                let _ = writeln!(xml, "    <category term=\"{}\"/>", escape(tag));
            }
            let text = absolute(&self.text(entry), base.origin());
            if !text.is_empty() {
                let _ = writeln!(
                    xml,
                    "    <content type=\"html\">{}</content>",
                    escape(&text)
                );
            }
            let _ = writeln!(xml, "  </entry>");
        }
        xml.push_str("</feed>\n");
        xml
    }

    /// JSON Feed 1.1 (<https://jsonfeed.org/version/1.1>).
    fn json_feed(&self, site: &Site, section: PageId, entries: &[&Page], at: &UrlPath) -> String {
        let base = &site.config.base_url;
        let page = &site.pages[section];
        let items: Vec<serde_json::Value> = entries
            .iter()
            .map(|entry| {
                let link = base.permalink(&entry.url);
                let mut item = json!({
                    "id": link,
                    "url": link,
                    "title": entry.meta.title,
                    "content_html": absolute(&self.text(entry), base.origin()),
                });
                if let Some(first) = published(entry) {
                    item["date_published"] = json!(first);
                }
                if let Some(changed) = stamp(entry) {
                    item["date_modified"] = json!(changed);
                }
                if let Some(description) = &entry.meta.description {
                    item["summary"] = json!(description);
                }
                if !entry.meta.tags.is_empty() {
                    item["tags"] = json!(entry.meta.tags);
                }
                item
            })
            .collect();
        let feed = json!({
            "version": "https://jsonfeed.org/version/1.1",
            "title": feed_title(site, section),
            "home_page_url": base.permalink(&page.url),
            "feed_url": base.permalink(at),
            "language": page.lang.as_str(),
            "authors": [{ "name": site.config.practice.name }],
            "items": items,
        });
        serde_json::to_string_pretty(&feed).unwrap_or_default() + "\n"
    }
}

/// The text with every root-relative address (`/news/x/`, a picture's `srcset`) made absolute on
/// `origin`, since a feed reader shows it far from the site.
fn absolute(html: &str, origin: &str) -> String {
    let fix = |value: &str| {
        if value.starts_with('/') && !value.starts_with("//") {
            Some(format!("{origin}{value}"))
        } else {
            None
        }
    };
    let settings = lol_html::RewriteStrSettings::new().append_element_content_handler(
        lol_html::element!("[href], [src], [srcset]", |el| {
            for name in ["href", "src"] {
                if let Some(new) = el.get_attribute(name).as_deref().and_then(fix) {
                    el.set_attribute(name, &new)?;
                }
            }
            if let Some(set) = el.get_attribute("srcset") {
                let new: Vec<String> = set
                    .split(',')
                    .map(|candidate| {
                        let candidate = candidate.trim();
                        let (url, size) = candidate.split_once(' ').unwrap_or((candidate, ""));
                        let url = fix(url).unwrap_or_else(|| url.to_owned());
                        format!("{url} {size}").trim_end().to_owned()
                    })
                    .collect();
                el.set_attribute("srcset", &new.join(", "))?;
            }
            Ok(())
        }),
    );
    let rewritten = lol_html::rewrite_str(html, settings);
    rewritten.unwrap_or_else(|_| html.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn root_relative_addresses_become_absolute() {
        let html = r#"<p><a href="/news/x/">x</a> <a href="https://other.example/">o</a> <a href="//cdn.example/a">c</a></p><img src="/images/a.jpg" srcset="/images/a-320.webp 320w, /images/a-640.webp 640w" alt="">"#;
        let out = absolute(html, "https://www.clinic.example");
        assert!(
            out.contains(r#"href="https://www.clinic.example/news/x/""#),
            "{out}"
        );
        assert!(out.contains(r#"href="https://other.example/""#), "{out}");
        assert!(out.contains(r#"href="//cdn.example/a""#), "{out}");
        assert!(
            out.contains(r#"src="https://www.clinic.example/images/a.jpg""#),
            "{out}"
        );
        assert!(
            out.contains(r#"srcset="https://www.clinic.example/images/a-320.webp 320w, https://www.clinic.example/images/a-640.webp 640w""#),
            "{out}"
        );
    }
}

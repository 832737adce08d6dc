//! `tags`: a page for each topic the pages name in their `tags:`, and a page listing the topics, in each
//! language: `/tags/flu-shots/` and `/tags/`, `/es/tags/flu-shots/` and `/es/tags/`.
//!
//! ```yaml
//! tags:
//!   enabled: false   # no topic pages (they are on whenever a page has tags)
//!   names:           # a topic's name in other languages, by the name the pages write
//!     flu shots: { es: Vacunas contra la gripe }
//!   paginate_by: 20  # pages listed on each topic page; longer lists go on /tags/flu-shots/page/2/ ...
//! ```
//!
//! A topic's address is made from its name the same way in every language (`Flu shots` is
//! `flu-shots`), so the English and the Spanish page of one topic are translations of each other when
//! both languages' pages write the same name; `names` shows it in each language's words without
//! changing its address. Names that make the same address (`Flu shots`, `flu-shots`) are one topic,
//! shown with its name from `names`, else the first spelling met. The pages are sections of the site made here, rendered with
//! the theme's `tags.html` (the topics, as `section.subsections`) and `tag.html` (the topic's pages, as
//! `section.pages`, newest first), so the sitemap, the preview server and `portico check` know them. A
//! topic's list is split into pages like a section's (`paginate_by`, 20 unless set): on a large site one
//! topic can name thousands of pages, and a page listing them all is slow to build and to read.
//! Templates get `tags`: the topic list page's address and each topic's address by name, so a page can
//! link its topics. A topic list is never split into pages.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_saphyr::Spanned;

use super::{Configured, Mode, Plugin, Setup, page_place};
use crate::config::{Config, Lang, Slug};
use crate::content::{FrontMatter, Page, PageId, PageKind, Section, Site, SortBy};
use crate::error::{Diagnostics, Error, ErrorKind, Location};
use crate::views::{PluginViews, TagLink, TagView, TagsView};

/// The topic list's template, and each topic's.
pub(super) const INDEX_TEMPLATE: &str = "tags.html";
pub(super) const TAG_TEMPLATE: &str = "tag.html";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTags {
    #[serde(default = "yes")]
    enabled: bool,
    #[serde(default)]
    names: BTreeMap<String, std::collections::HashMap<Spanned<String>, String>>,
    paginate_by: Option<Spanned<usize>>,
}

/// How many pages a topic page lists when `tags.paginate_by` does not say.
const PAGINATE_BY: usize = 20;

fn yes() -> bool {
    true
}

#[derive(Debug, Default)]
pub struct Tags;

/// Whether this site gets topic pages (on unless turned off, never in a kit), and the topics' names in
/// other languages, by address and language code.
#[derive(Debug)]
struct SiteTags {
    enabled: bool,
    names: BTreeMap<(String, String), String>,
    /// How many pages each topic page lists, and where that is set.
    paginate_by: (usize, Location),
}

impl Plugin for Tags {
    fn name(&self) -> &'static str {
        "tags"
    }

    fn configure(
        &self,
        config: &Config,
        setup: &Setup<'_>,
        diagnostics: &mut Diagnostics,
    ) -> Box<dyn Configured> {
        let table = diagnostics
            .take(config.source.table::<RawTags>("tags"))
            .flatten();
        let enabled = table.as_ref().is_none_or(|t| t.enabled) && setup.mode != Mode::Kit;
        let mut names = BTreeMap::new();
        let source = config.source.yaml();
        let paginate_by = match table.as_ref().and_then(|t| t.paginate_by.as_ref()) {
            Some(n) if n.value == 0 => {
                diagnostics.error(
                    source
                        .error_at(n.referenced, "`tags.paginate_by` must be at least 1")
                        .with_help("the number of pages each topic page lists, like 20"),
                );
                (PAGINATE_BY, Location::file(&config.source.path))
            }
            Some(n) => (n.value, source.location(n.referenced)),
            None => (PAGINATE_BY, Location::file(&config.source.path)),
        };
        for (name, by_language) in table.map(|t| t.names).unwrap_or_default() {
            for (code, text) in by_language {
                if config.all_languages().any(|l| l.as_str() == code.value) {
                    names.insert((Slug::from_title(&name), code.value), text);
                } else {
                    diagnostics.error(
                        source
                            .error_at(
                                code.referenced,
                                format!(
                                    "`tags.names`: `{}` is not one of the site's languages",
                                    code.value
                                ),
                            )
                            .with_help("add it to `languages:` or remove this name"),
                    );
                }
            }
        }
        Box::new(SiteTags {
            enabled,
            names,
            paginate_by,
        })
    }
}

/// One topic of a language: its name as first written, and the pages that name it.
struct Topic {
    name: String,
    pages: Vec<PageId>,
}

impl Configured for SiteTags {
    fn transform(&self, site: &mut Site, diagnostics: &mut Diagnostics) {
        if !self.enabled {
            return;
        }
        let languages: Vec<Lang> = site.config.all_languages().cloned().collect();
        for lang in &languages {
            match topics(site, lang) {
                Ok(topics) if topics.is_empty() => {}
                Ok(mut topics) => {
                    for (slug, topic) in &mut topics {
                        if let Some(name) =
                            self.names.get(&(slug.clone(), lang.as_str().to_owned()))
                        {
                            topic.name.clone_from(name);
                        }
                    }
                    match add_pages(site, lang, topics, &self.paginate_by) {
                        Ok(topic_pages) => {
                            if let Err(errors) = site.paginate_lists(&topic_pages) {
                                diagnostics.extend(errors);
                            }
                        }
                        Err(error) => diagnostics.error(error),
                    }
                }
                Err(errors) => diagnostics.extend(errors),
            }
        }
    }

    fn views<'a>(&'a self, site: &'a Site, lang: &Lang, views: &mut PluginViews<'a>) {
        if !self.enabled {
            return;
        }
        let (index_rel, _) = page_place(&site.config, lang, "tags", "/tags/");
        let Some(index) = site.page_by_source(&index_rel) else {
            return;
        };
        let base = &site.config.base_url;
        let list: Vec<TagView<'a>> = site.sections[&index]
            .subsections
            .iter()
            .map(|&id| TagView {
                name: &site.pages[id].meta.title,
                url: base.path_for(&site.pages[id].url),
                count: site.sections.get(&id).map_or(0, |s| s.pages.len()),
            })
            .collect();
        // Every spelling a page used leads to its topic's page (found by the address the name makes),
        // shown with the topic's name.
        let by_slug: BTreeMap<&str, PageId> = site.sections[&index]
            .subsections
            .iter()
            .filter_map(|&id| {
                let key = &site.pages[id].translation_key;
                Some((key.strip_prefix("tags/")?.strip_suffix(".md")?, id))
            })
            .collect();
        let mut links = BTreeMap::new();
        for &id in by_slug.values() {
            for &page in &site.sections[&id].pages {
                for name in &site.pages[page].meta.tags {
                    if links.contains_key(name.as_str()) {
                        continue;
                    }
                    if let Some(&topic) = by_slug.get(Slug::from_title(name).as_str()) {
                        links.insert(
                            name.as_str(),
                            TagLink {
                                name: &site.pages[topic].meta.title,
                                url: base.path_for(&site.pages[topic].url),
                            },
                        );
                    }
                }
            }
        }
        views.tags = Some(TagsView {
            index: base.path_for(&site.pages[index].url),
            list,
            links,
        });
    }
}

/// The topics of `lang`'s pages by address, each page once per topic. A name with no letter or digit
/// to make an address of is an error at its page.
fn topics(site: &Site, lang: &Lang) -> Result<BTreeMap<String, Topic>, Diagnostics> {
    let mut topics: BTreeMap<String, Topic> = BTreeMap::new();
    let mut diagnostics = Diagnostics::new();
    for (id, page) in site.pages.iter().enumerate() {
        if &page.lang != lang || !matches!(page.kind, PageKind::Page | PageKind::Section) {
            continue;
        }
        for name in &page.meta.tags {
            let slug = Slug::from_title(name);
            if slug.is_empty() {
                diagnostics.error(
                    Error::new(
                        ErrorKind::FrontMatter,
                        format!("the tag `{name}` has no letter or digit to make its page's address from"),
                    )
                    .at(Location::file(&page.source.path))
                    .with_help("name the topic in words, like `flu shots`"),
                );
                continue;
            }
            let topic = topics.entry(slug).or_insert_with(|| Topic {
                name: name.clone(),
                pages: Vec::new(),
            });
            if !topic.pages.contains(&id) {
                topic.pages.push(id);
            }
        }
    }
    diagnostics.check().map(|_| topics)
}

/// Adds the topic list page of `lang` and a page per topic, each a section listing its pages; returns
/// the topic pages.
fn add_pages(
    site: &mut Site,
    lang: &Lang,
    topics: BTreeMap<String, Topic>,
    paginate_by: &(usize, Location),
) -> Result<Vec<PageId>, Error> {
    let config_path = site.config.source.path.clone();
    let page = |title: String, description: String, template: &str| FrontMatter {
        title,
        description: Some(description),
        template: Some((template.to_owned(), Location::file(&config_path))),
        ..FrontMatter::default()
    };
    let (rel, url) = page_place(&site.config, lang, "tags", "/tags/");
    let index = site.add_page(Page::generated(
        config_path.clone(),
        rel,
        lang.clone(),
        "tags.md".to_owned(),
        page(
            site.strings.get(lang, "tags").to_owned(),
            site.strings.get(lang, "tags_description").to_owned(),
            INDEX_TEMPLATE,
        ),
        url,
    ))?;
    let mut listed = Section::default();
    for (slug, mut topic) in topics {
        let stem = format!("tags/{slug}");
        let (rel, url) = page_place(&site.config, lang, &stem, &format!("/tags/{slug}/"));
        let description = site
            .strings
            .get(lang, "tag_description")
            .replace("{tag}", &topic.name);
        let mut tag_page = Page::generated(
            config_path.clone(),
            rel,
            lang.clone(),
            format!("{stem}.md"),
            page(topic.name, description, TAG_TEMPLATE),
            url,
        );
        tag_page.kind = PageKind::Section;
        tag_page.parent = Some(index);
        tag_page.meta.paginate_by = Some(paginate_by.clone());
        let id = site.add_page(tag_page)?;
        let pages = &site.pages;
        topic
            .pages
            .sort_by(|&a, &b| crate::content::compare(&pages[a], &pages[b], SortBy::Date));
        site.sections.insert(
            id,
            Section {
                pages: topic.pages,
                ..Section::default()
            },
        );
        listed.subsections.push(id);
    }
    site.pages[index].kind = PageKind::Section;
    let topic_pages = listed.subsections.clone();
    site.sections.insert(index, listed);
    Ok(topic_pages)
}

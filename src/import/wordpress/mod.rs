//! `portico import wordpress EXPORT.xml --root SITE [--uploads DIR]`: a WordPress site's pages, posts,
//! media and main menu as a Portico site's content.
//!
//! - Pages keep their hierarchy: a page with child pages becomes a section (`services/_index.md`) and
//!   its children the section's pages. The old front page is imported as `content/home.md` (the site's
//!   home page stays Portico's), and reported.
//! - Posts go into the `news` section with their dates; categories (but "Uncategorized") and tags
//!   become tags.
//! - Drafts, pending and scheduled items are imported as drafts; private and password-protected ones
//!   are left out and reported (their text was not public); trashed items, revisions and auto-drafts are
//!   left out silently; other kinds (a plugin's own post types) are left out and reported.
//! - Media: every attachment found in the `--uploads` folder (a copy of `wp-content/uploads`) is copied
//!   to `static/wp-content/uploads/`, the same path it had, so old links to pictures and PDFs keep
//!   working. A resized copy WordPress made (`office-300x200.jpg`) is read as its original, since Portico
//!   makes its own sizes. Formats a static site cannot publish (TIFF, HEIC, AVIF) are left out and
//!   reported, as are files missing from the folder.
//! - The main menu (the menu named "main", "primary", "header" or "menu", else the first) gives its
//!   top-level pages a `weight`, in the menu's order, so Portico's navigation shows them; other entries
//!   are reported.
//! - Every old address is kept as an `aliases` entry (a redirect page), except query addresses
//!   (`/?page_id=5`), which a static site cannot serve; those are reported.

mod convert;
pub(super) mod shortcodes;
pub mod wxr;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;
use std::path::PathBuf;

use convert::{Media, OldSite, Place};
use wxr::{Export, Item};

use super::{Concern, Contents, Plan, Report};
use crate::config::Slug;
use crate::error::{Error, ErrorKind, Location};

/// What `portico import wordpress` was given.
#[derive(Debug, Clone)]
pub struct Options {
    pub export: PathBuf,
    /// A copy of the old site's `wp-content/uploads` folder.
    pub uploads: Option<PathBuf>,
    /// The Portico site, to see which of its files exist (the news section's page).
    pub root: PathBuf,
}

/// Reads the export and plans the import. Nothing is written.
pub fn plan(options: &Options) -> Result<Plan, Error> {
    if let Some(uploads) = &options.uploads
        && !uploads.is_dir()
    {
        return Err(Error::new(ErrorKind::Import, "the uploads folder does not exist")
            .at(Location::file(uploads))
            .with_help("give a copy of the old site's wp-content/uploads folder, or leave out --uploads (the pictures are then listed as missing)"));
    }
    let export = wxr::read(&options.export)?;
    Ok(Planner::new(options, &export).plan())
}

/// The reader and the conversion, for the fuzz target: `text` read as an export, and, whether it is one
/// or not, as an item's HTML converted against an old site with no pages or files.
pub fn convert_for_fuzzing(text: &str) -> String {
    let at = Location::file("fuzz.xml");
    let mut report = Report::default();
    let _ = wxr::parse(text, std::path::Path::new("fuzz.xml"));
    let pages = HashMap::new();
    let attachments = HashMap::new();
    let media = |file: &str| (!file.is_empty()).then(|| format!("/wp-content/uploads/{file}"));
    let old = OldSite {
        hosts: vec!["www.example.com".to_owned()],
        pages: &pages,
        attachments: &attachments,
        media: &media,
    };
    convert::convert(
        text,
        &old,
        &Place {
            at: &at,
            file: "content/x.md",
        },
        &mut report,
    )
}

/// Where an imported item goes.
#[derive(Debug, Clone)]
struct Target {
    /// Under `content/`: `services/_index.md`, `news/flu-shots.md`.
    source: String,
    /// Its URL in the new site: `/services/`.
    url: String,
}

struct Planner<'a> {
    options: &'a Options,
    export: &'a Export,
    hosts: Vec<String>,
    /// The old site's path prefix, when WordPress lived in a folder (`/blog`), without the last `/`.
    base_path: String,
    report: Report,
}

/// Item statuses imported as pages (drafts among them).
fn imported_status(status: &str) -> Option<bool> {
    match status {
        "publish" => Some(false),
        "draft" | "pending" | "future" => Some(true),
        _ => None,
    }
}

impl<'a> Planner<'a> {
    fn new(options: &'a Options, export: &'a Export) -> Self {
        let parsed = url::Url::parse(&export.site_url).ok();
        let host = parsed
            .as_ref()
            .and_then(|u| u.host_str())
            .unwrap_or_default()
            .to_owned();
        let bare = host.trim_start_matches("www.").to_owned();
        let hosts = vec![format!("www.{bare}"), bare];
        let base_path = parsed
            .map(|u| u.path().trim_end_matches('/').to_owned())
            .unwrap_or_default();
        Planner {
            options,
            export,
            hosts,
            base_path,
            report: Report {
                from: format!("the WordPress export {}", options.export.display()),
                ..Report::default()
            },
        }
    }

    fn at(&self, item: &Item) -> Location {
        Location::at(&self.options.export, item.line, 1)
    }

    fn plan(mut self) -> Plan {
        let items = &self.export.items;
        let by_id: HashMap<u64, &Item> = items.iter().map(|i| (i.id, i)).collect();
        let mut pages: Vec<&Item> = Vec::new();
        let mut posts: Vec<&Item> = Vec::new();
        for item in items {
            let wanted = match item.kind.as_str() {
                "page" => Some(&mut pages),
                "post" => Some(&mut posts),
                "attachment"
                | "nav_menu_item"
                | "revision"
                | "customize_changeset"
                | "custom_css"
                | "wp_global_styles"
                | "wp_navigation"
                | "oembed_cache"
                | "wp_template"
                | "wp_template_part"
                | "user_request" => None,
                other => {
                    if imported_status(&item.status).is_some() {
                        self.report.add(
                            Concern::Skipped,
                            self.at(item),
                            None,
                            format!("\"{}\" is a `{other}`, a kind of item Portico has no page for: copy its text into a page if it is still needed", item.title),
                        );
                    }
                    None
                }
            };
            let Some(list) = wanted else { continue };
            if item.status == "private" || !item.password.is_empty() {
                let why = if item.password.is_empty() {
                    "private"
                } else {
                    "password-protected"
                };
                self.report.add(
                    Concern::Skipped,
                    self.at(item),
                    None,
                    format!(
                        "\"{}\" was {why} on the old site, so it was not imported",
                        item.title
                    ),
                );
                continue;
            }
            if imported_status(&item.status).is_some() {
                list.push(item);
            }
        }

        let targets = self.targets(&pages, &posts, &by_id);
        let media = self.media();
        let mut old_pages: HashMap<String, String> = HashMap::new();
        for item in pages.iter().chain(&posts) {
            let target = &targets[&item.id];
            old_pages.insert(format!("/?p={}", item.id), target.source.clone());
            old_pages.insert(format!("/?page_id={}", item.id), target.source.clone());
            if let Some(path) = self.old_path(&item.link) {
                old_pages.insert(path, target.source.clone());
            }
        }
        let attachments: HashMap<u64, Media> = items
            .iter()
            .filter(|i| i.kind == "attachment")
            .filter_map(|i| {
                Some((
                    i.id,
                    Media {
                        file: attachment_file(i)?,
                        alt: i
                            .meta("_wp_attachment_image_alt")
                            .unwrap_or_default()
                            .to_owned(),
                    },
                ))
            })
            .collect();
        let used: std::cell::RefCell<BTreeMap<String, PathBuf>> =
            std::cell::RefCell::new(BTreeMap::new());
        let resolve = |file: &str| {
            let (found, path) = media.get(file)?;
            used.borrow_mut().insert(found.clone(), path.clone());
            Some(format!("/wp-content/uploads/{found}"))
        };
        let weights = self.menu_weights(&targets, &by_id);
        let old = OldSite {
            hosts: self.hosts.clone(),
            pages: &old_pages,
            attachments: &attachments,
            media: &resolve,
        };

        let mut files: Vec<(String, Contents)> = Vec::new();
        for item in pages.iter().chain(&posts) {
            let target = &targets[&item.id];
            let file = format!("content/{}", target.source);
            let at = self.at(item);
            let body = convert::convert(
                &item.content,
                &old,
                &Place {
                    at: &at,
                    file: &file,
                },
                &mut self.report,
            );
            let aliases = self.aliases(item, target, &at, &file);
            let front = front_matter(
                item,
                &Self::tags(item),
                &aliases,
                weights.get(&item.id).copied(),
            );
            files.push((file, Contents::Text(format!("---\n{front}---\n\n{body}"))));
        }
        if !posts.is_empty() && !self.options.root.join("content/news/_index.md").exists() {
            files.push((
                "content/news/_index.md".to_owned(),
                Contents::Text(
                    "---\ntitle: News\nsort_by: date\n---\n\nNews from our practice.\n".to_owned(),
                ),
            ));
        }
        // Every attachment found is copied, even one no page shows (a PDF linked from a menu).
        for item in items.iter().filter(|i| i.kind == "attachment") {
            let Some(file) = attachment_file(item) else {
                continue;
            };
            if resolve(&file).is_none() && !is_refused(&file) {
                self.report.add(
                    Concern::MissingMedia,
                    self.at(item),
                    None,
                    format!("wp-content/uploads/{file} is in the media library but not in the uploads folder"),
                );
            }
        }
        for item in items.iter().filter(|i| i.kind == "attachment") {
            if let Some(file) = attachment_file(item).filter(|f| is_refused(f)) {
                self.report.add(
                    Concern::MissingMedia,
                    self.at(item),
                    None,
                    format!("wp-content/uploads/{file} is in a format browsers cannot show or Portico cannot clean: convert it to JPEG or PNG and put it in static/wp-content/uploads/"),
                );
            }
        }
        let copies = used.into_inner();
        self.report.written = vec![
            ("pages", pages.len()),
            ("posts", posts.len()),
            ("media files", copies.len()),
        ];
        for (file, path) in copies {
            files.push((
                format!("static/wp-content/uploads/{file}"),
                Contents::Copy(path),
            ));
        }
        Plan {
            files,
            report: self.report,
        }
    }

    /// Where each page and post goes. A page with children is a section; siblings with the same slug
    /// get `-2`, `-3`.
    fn targets(
        &mut self,
        pages: &[&Item],
        posts: &[&Item],
        by_id: &HashMap<u64, &Item>,
    ) -> HashMap<u64, Target> {
        let imported: HashSet<u64> = pages.iter().map(|p| p.id).collect();
        let has_children: HashSet<u64> = pages
            .iter()
            .filter(|p| imported.contains(&p.parent))
            .map(|p| p.parent)
            .collect();
        // The posts' section is `news/`: a top-level page called "news" becomes `news-2`.
        let mut taken: HashSet<String> = HashSet::new();
        if !posts.is_empty() {
            taken.insert("/news".to_owned());
        }
        let mut slugs: HashMap<u64, String> = HashMap::new();
        // Parents first, so a child's folder is its parent's final slug.
        let mut ordered: Vec<&Item> = pages.to_vec();
        ordered.sort_by_key(|p| depth(p, by_id));
        let mut targets = HashMap::new();
        for page in ordered {
            let mut folder: Vec<String> = Vec::new();
            let mut parent = page.parent;
            // A damaged export can make pages each other's parent: a parent not placed yet ends the chain.
            while let Some(slug) = slugs.get(&parent).filter(|_| folder.len() < 64) {
                folder.insert(0, slug.clone());
                parent = by_id.get(&parent).map_or(0, |p| p.parent);
            }
            let mut slug = slug_of(page);
            if folder.is_empty() && self.is_front_page(page) {
                "home".clone_into(&mut slug);
                self.report.add(
                    Concern::Address,
                    self.at(page),
                    Some("content/home.md"),
                    "this was the old site's front page: copy what you need into content/_index.md, Portico's home page, and delete home.md",
                );
            }
            let prefix = folder.join("/");
            let unique = unique(&slug, &prefix, &mut taken);
            slugs.insert(page.id, unique.clone());
            let path = if prefix.is_empty() {
                unique
            } else {
                format!("{prefix}/{unique}")
            };
            let source = if has_children.contains(&page.id) {
                format!("{path}/_index.md")
            } else {
                format!("{path}.md")
            };
            targets.insert(
                page.id,
                Target {
                    source,
                    url: format!("/{path}/"),
                },
            );
        }
        for post in posts {
            let slug = unique(&slug_of(post), "news", &mut taken);
            targets.insert(
                post.id,
                Target {
                    source: format!("news/{slug}.md"),
                    url: format!("/news/{slug}/"),
                },
            );
        }
        targets
    }

    fn is_front_page(&self, page: &Item) -> bool {
        self.old_path(&page.link).as_deref() == Some("/") || page.name == "home"
    }

    /// An old permalink's path on the old site, from its root (`/about/`), without WordPress's folder.
    fn old_path(&self, link: &str) -> Option<String> {
        let parsed = url::Url::parse(link).ok()?;
        let mut path = parsed.path().to_owned();
        if let Some(rest) = path.strip_prefix(&self.base_path)
            && rest.starts_with('/')
        {
            path = rest.to_owned();
        }
        if let Some(query) = parsed.query() {
            path = format!("{path}?{query}");
        }
        Some(path)
    }

    /// The old address as an alias, when it differs from the new one and a static site can serve it.
    fn aliases(&mut self, item: &Item, target: &Target, at: &Location, file: &str) -> Vec<String> {
        let Some(path) = self.old_path(&item.link) else {
            return Vec::new();
        };
        let decoded = percent_encoding::percent_decode_str(&path)
            .decode_utf8_lossy()
            .into_owned();
        if decoded == target.url || decoded == "/" {
            return Vec::new();
        }
        if decoded.contains('?') || crate::config::UrlPath::parse(&decoded).is_err() {
            self.report.add(
                Concern::Address,
                at.clone(),
                Some(file),
                format!("the old address {decoded} cannot be kept by a static site: the page is now at {}", target.url),
            );
            return Vec::new();
        }
        self.report.add(
            Concern::Address,
            at.clone(),
            Some(file),
            format!(
                "the address changed from {decoded} to {}; the old one sends visitors on",
                target.url
            ),
        );
        vec![decoded]
    }

    fn tags(item: &Item) -> Vec<String> {
        let mut tags: Vec<String> = item
            .terms
            .iter()
            .filter(|t| {
                (t.domain == "category" && t.slug != "uncategorized") || t.domain == "post_tag"
            })
            .map(|t| t.name.clone())
            .collect();
        tags.dedup();
        tags
    }

    /// The files in the uploads folder, by their path under it; a resized copy's name also finds its
    /// original. Empty without `--uploads`.
    fn media(&self) -> HashMap<String, (String, PathBuf)> {
        let mut found = HashMap::new();
        let Some(uploads) = &self.options.uploads else {
            return found;
        };
        let files: Vec<(String, PathBuf)> = walkdir::WalkDir::new(uploads)
            .sort_by_file_name()
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .filter_map(|e| {
                let rel = e
                    .path()
                    .strip_prefix(uploads)
                    .ok()?
                    .to_str()?
                    .replace('\\', "/");
                (!rel.split('/').any(|part| part.starts_with('.')) && !is_refused(&rel))
                    .then(|| (rel, e.path().to_path_buf()))
            })
            .collect();
        let originals: HashSet<&str> = files.iter().map(|(rel, _)| rel.as_str()).collect();
        for (rel, path) in &files {
            let original = original_of(rel).filter(|o| originals.contains(o.as_str()));
            match original {
                Some(original) => {
                    let original_path = uploads.join(&original);
                    found.insert(rel.clone(), (original, original_path));
                }
                None => {
                    found.insert(rel.clone(), (rel.clone(), path.clone()));
                }
            }
        }
        found
    }

    /// Weights for the pages of the main menu's top level, in its order.
    fn menu_weights(
        &mut self,
        targets: &HashMap<u64, Target>,
        by_id: &HashMap<u64, &Item>,
    ) -> HashMap<u64, i64> {
        let entries: Vec<&Item> = self
            .export
            .items
            .iter()
            .filter(|i| i.kind == "nav_menu_item")
            .collect();
        let menu_of = |item: &Item| {
            item.terms
                .iter()
                .find(|t| t.domain == "nav_menu")
                .map(|t| t.slug.clone())
                .unwrap_or_default()
        };
        let mut menus: Vec<String> = entries.iter().map(|i| menu_of(i)).collect();
        menus.dedup();
        let main = menus
            .iter()
            .find(|m| {
                [
                    "main",
                    "primary",
                    "header",
                    "menu",
                    "main-menu",
                    "primary-menu",
                ]
                .contains(&m.as_str())
            })
            .or_else(|| menus.first())
            .cloned();
        let mut weights = HashMap::new();
        let Some(main) = main else { return weights };
        let mut ordered: Vec<&Item> = entries.into_iter().filter(|i| menu_of(i) == main).collect();
        ordered.sort_by_key(|i| i.menu_order);
        for entry in ordered {
            let object = entry
                .meta("_menu_item_object_id")
                .and_then(|id| id.parse::<u64>().ok());
            let top = entry
                .meta("_menu_item_menu_item_parent")
                .is_none_or(|p| p == "0");
            let kind = entry.meta("_menu_item_type").unwrap_or_default();
            let page = object
                .filter(|_| kind == "post_type")
                .and_then(|id| by_id.get(&id));
            match page {
                Some(page)
                    if top
                        && page.kind == "page"
                        && targets.get(&page.id).is_some_and(|t| {
                            !t.source.contains('/')
                                || t.source.ends_with("/_index.md")
                                    && t.source.matches('/').count() == 1
                        }) =>
                {
                    let weight = i64::try_from(weights.len() + 1)
                        .unwrap_or(i64::MAX)
                        .saturating_mul(10);
                    weights.insert(page.id, weight);
                }
                _ => {
                    let label = if entry.title.is_empty() {
                        page.map_or_else(
                            || entry.meta("_menu_item_url").unwrap_or_default().to_owned(),
                            |p| p.title.clone(),
                        )
                    } else {
                        entry.title.clone()
                    };
                    let why = if kind == "custom" {
                        format!(
                            "a link to {}: add it to the theme's navigation or a page",
                            entry.meta("_menu_item_url").unwrap_or_default()
                        )
                    } else if top {
                        "not a top-level page, which is what Portico's navigation shows".to_owned()
                    } else {
                        "a sub-menu entry: Portico's navigation shows one level".to_owned()
                    };
                    let at = self.at(entry);
                    self.report.add(
                        Concern::Menu,
                        at,
                        None,
                        format!("\"{label}\" in the menu `{main}`: {why}"),
                    );
                }
            }
        }
        weights
    }
}

/// How deep a page is in the hierarchy (a top-level page is 0).
fn depth(page: &Item, by_id: &HashMap<u64, &Item>) -> usize {
    let mut depth = 0;
    let mut parent = page.parent;
    while parent != 0 && depth < 64 {
        depth += 1;
        parent = by_id.get(&parent).map_or(0, |p| p.parent);
    }
    depth
}

fn slug_of(item: &Item) -> String {
    let decoded = percent_encoding::percent_decode_str(&item.name)
        .decode_utf8_lossy()
        .into_owned();
    let slug = Slug::from_title(if decoded.is_empty() {
        &item.title
    } else {
        &decoded
    });
    if slug.is_empty() {
        format!("item-{}", item.id)
    } else {
        slug
    }
}

fn unique(slug: &str, folder: &str, taken: &mut HashSet<String>) -> String {
    let mut candidate = slug.to_owned();
    let mut n = 2;
    while !taken.insert(format!("{folder}/{candidate}")) {
        candidate = format!("{slug}-{n}");
        n += 1;
    }
    candidate
}

/// An attachment's path under `wp-content/uploads/`.
fn attachment_file(item: &Item) -> Option<String> {
    if let Some(file) = item.meta("_wp_attached_file").filter(|f| !f.is_empty()) {
        return Some(file.trim_start_matches('/').to_owned());
    }
    item.attachment_url
        .split_once("/wp-content/uploads/")
        .map(|(_, file)| file.to_owned())
}

/// `2024/05/office.jpg` for `2024/05/office-300x200.jpg`, WordPress's name for a resized copy.
fn original_of(rel: &str) -> Option<String> {
    let (stem, extension) = rel.rsplit_once('.')?;
    let (name, size) = stem.rsplit_once('-')?;
    let (w, h) = size.split_once('x')?;
    (!w.is_empty()
        && !h.is_empty()
        && w.bytes().all(|b| b.is_ascii_digit())
        && h.bytes().all(|b| b.is_ascii_digit()))
    .then(|| format!("{name}.{extension}"))
}

/// Formats Portico refuses under `static/` (see the images pipeline).
fn is_refused(file: &str) -> bool {
    let lower = file.to_ascii_lowercase();
    [".tif", ".tiff", ".heic", ".heif", ".avif"]
        .iter()
        .any(|e| lower.ends_with(e))
}

/// The front matter of an imported page, as YAML (strings written as JSON strings, which YAML reads).
fn front_matter(item: &Item, tags: &[String], aliases: &[String], weight: Option<i64>) -> String {
    let quote = |text: &str| serde_json::to_string(text).unwrap_or_else(|_| "\"\"".to_owned());
    let title = if item.title.trim().is_empty() {
        format!("Untitled {}", item.id)
    } else {
        item.title.trim().to_owned()
    };
    let mut out = format!("title: {}\n", quote(&title));
    let description = crate::html::text_of(&item.excerpt);
    if !description.is_empty() {
        let _ = writeln!(out, "description: {}", quote(&description));
    }
    let day = |text: &str| {
        text.get(..10)
            .and_then(|d| crate::config::Date::parse(d).ok())
    };
    if let Some(date) = day(&item.date) {
        let _ = writeln!(out, "date: {date}");
        if let Some(updated) = day(&item.modified).filter(|u| *u > date) {
            let _ = writeln!(out, "updated: {updated}");
        }
    }
    if imported_status(&item.status) == Some(true) {
        out.push_str("draft: true\n");
    }
    if let Some(weight) = weight {
        let _ = writeln!(out, "weight: {weight}");
    }
    if !tags.is_empty() {
        let tags: Vec<String> = tags.iter().map(|t| quote(t)).collect();
        let _ = writeln!(out, "tags: [{}]", tags.join(", "));
    }
    if !aliases.is_empty() {
        let aliases: Vec<String> = aliases.iter().map(|a| quote(a)).collect();
        let _ = writeln!(out, "aliases: [{}]", aliases.join(", "));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resized_copies_name_their_original() {
        assert_eq!(
            original_of("2024/05/office-300x200.jpg").as_deref(),
            Some("2024/05/office.jpg")
        );
        assert_eq!(original_of("2024/05/check-in.jpg"), None);
        assert_eq!(original_of("2024/05/x-axb.jpg"), None);
    }
}

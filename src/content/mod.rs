//! The site model: every page with its URL, rendered markdown, section and translations.
//!
//! [`Site::load`] is a pipeline of plain steps, each finishing before the next starts:
//!
//! ```text
//! discover ──> read + split + front matter (parallel) ──> URLs (duplicates checked)
//!          ──> markdown (parallel, @/ links resolved) ──> link check ──> sections, translations
//! ```
//!
//! A page is complete when it enters [`Site`]: there is no half-built state that a later stage fills in
//! (Zola's `Page` is the warning). Problems are collected per stage, so one run reports every bad page.

pub mod components;
pub mod data;
pub mod discover;
pub mod fallback;
pub mod front_matter;
pub mod markdown;
mod pagination;
pub mod provider;
mod refresh;
mod sensitive;
mod urls;

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use rayon::prelude::*;

use crate::config::{Config, Lang, UrlPath};
use crate::error::{Diagnostics, Error, ErrorKind, Location};
use crate::fs;
use crate::i18n::Strings;
pub use discover::{Source, StaticFile};
pub use front_matter::{Extra, FrontMatter, SortBy};
use markdown::{InternalLink, Rendered};
pub use pagination::ListPage;
pub use provider::Provider;
pub use refresh::Refreshed;
pub use sensitive::{PORTAL_TEMPLATE, names_sensitive_page};
use urls::{Resolver, assign_urls, check_links};

/// A page's index in [`Site::pages`].
pub type PageId = usize;

/// What a page is, which decides its default template.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PageKind {
    /// `content/_index.md` (or its translation): the front page of a language.
    Home,
    /// `content/DIR/_index.md`: lists the pages in `DIR`.
    Section,
    /// Any other markdown file.
    Page,
    /// `content/404.md` (or its translation): what a visitor sees at an address the site does not
    /// have. Served at `/404.html` (`/es/404.html`), never listed in a section, the menu or the sitemap.
    NotFound,
}

/// A page, complete: source, front matter, URL and rendered content.
#[derive(Debug, Clone)]
pub struct Page {
    pub source: Source,
    pub lang: Lang,
    /// Shared by a page and its translations (`about.md` for `about.es.md`).
    pub translation_key: String,
    pub kind: PageKind,
    pub meta: FrontMatter,
    /// The site path, without the base URL's subpath: `/es/about/`.
    pub url: UrlPath,
    pub content: Rendered,
    /// The section that lists this page.
    pub parent: Option<PageId>,
    /// The page's JSON-LD document, from the `seo` plugin.
    pub structured_data: Option<String>,
    /// The picture link previews show for this page (`og:image`), from the `images` plugin.
    pub share_image: Option<ShareImage>,
    /// What a library user's plugins attach to this page for its template, as `page.data`.
    pub data: BTreeMap<String, serde_json::Value>,
    /// For a page standing in for a missing translation (a language's home page the site has not
    /// written), the language its text is in: the default language.
    pub fallback: Option<Lang>,
}

impl Page {
    /// A page a plugin makes rather than reads from `content/`: empty content, in no section, no data.
    /// `rel` is its name for `@/` links; `path` is the file shown in messages about it.
    pub fn generated(
        path: PathBuf,
        rel: String,
        lang: Lang,
        translation_key: String,
        meta: FrontMatter,
        url: UrlPath,
    ) -> Page {
        Page {
            source: Source { path, rel },
            lang,
            translation_key,
            kind: PageKind::Page,
            meta,
            url,
            content: Rendered::default(),
            parent: None,
            structured_data: None,
            share_image: None,
            data: BTreeMap::new(),
            fallback: None,
        }
    }
}

/// A page's link-preview picture: its path in the site (without the base URL's subpath), its size and
/// what it shows.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ShareImage {
    pub src: String,
    pub width: u32,
    pub height: u32,
    pub alt: String,
}

/// The pages and subsections of a section, in display order.
#[derive(Debug, Clone, Default)]
pub struct Section {
    pub pages: Vec<PageId>,
    pub subsections: Vec<PageId>,
    /// When the section's `paginate_by` splits its list: the list's pages, the section itself first
    /// (`/news/`, `/news/page/2/`, ...). Empty when the list fits on one page.
    pub pagination: Vec<PageId>,
}

/// What [`Site::load`] needs besides the config.
#[derive(Debug, Clone, Copy, Default)]
pub struct LoadOptions {
    /// Include pages marked `draft: true`.
    pub drafts: bool,
}

/// The whole site, ready to render.
#[derive(Debug)]
pub struct Site {
    pub config: Config,
    pub pages: Vec<Page>,
    pub sections: BTreeMap<PageId, Section>,
    pub static_files: Vec<StaticFile>,
    /// The string tables of the site's languages.
    pub strings: Strings,
    /// The pictures the site names, with the files made of them (the `images` plugin fills it).
    pub images: crate::images::SiteImages,
    /// The values of the files under `data/`, by name (see [`data`]).
    pub data: BTreeMap<String, serde_json::Value>,
    translations: HashMap<String, Vec<PageId>>,
    /// The later pages of split section lists (`/news/page/2/`), each with its section.
    continued: HashMap<PageId, PageId>,
    /// The home page of each language. Every page's navigation and structured data asks for it, so a
    /// scan of all pages there made a 10,000-page build do 10^8 comparisons.
    homes: Vec<(Lang, PageId)>,
}

/// A page between parsing and markdown: everything but its rendered content.
#[derive(Clone)]
pub(crate) struct Parsed {
    source: Source,
    lang: Lang,
    /// See [`Page::fallback`].
    fallback: Option<Lang>,
    kind: PageKind,
    meta: FrontMatter,
    body: String,
    body_offset: usize,
}

impl Site {
    /// Loads every page. `strings` gives the words that rendered markdown needs (table and checkbox labels).
    pub fn load(
        config: Config,
        options: LoadOptions,
        strings: Strings,
        planned: &BTreeMap<String, UrlPath>,
    ) -> Result<Site, Diagnostics> {
        let content_dir = config.content_dir();
        let discover::ContentFiles {
            pages: sources,
            files,
        } = if content_dir.is_dir() {
            discover::content_files(&config.root, &content_dir)?
        } else {
            discover::ContentFiles::default()
        };
        let mut static_files =
            crate::site_files::static_files(&config.root, &config.root.join("static"))?;
        let data = data::load(&config.root)?;
        // Every folder with a page (a page folder, a section): the files of one whose page is a draft
        // left out of this build are left out with it.
        let all_folders: Vec<String> = sources
            .iter()
            .filter_map(|s| {
                s.page_folder().map(str::to_owned).or_else(|| {
                    let (dir, is_section) = section_dir(&s.rel);
                    is_section.then_some(dir)
                })
            })
            .collect();

        let mut diagnostics = Diagnostics::new();
        let parsed: Vec<Result<Parsed, Diagnostics>> =
            sources.into_par_iter().map(|s| parse(s, &config)).collect();
        let mut pages: Vec<Parsed> = Vec::new();
        for result in parsed {
            match result {
                Ok(page) if page.meta.draft && !options.drafts => {}
                Ok(page) => pages.push(page),
                Err(errors) => diagnostics.extend(errors),
            }
        }
        diagnostics.check()?;
        if !pages
            .iter()
            .any(|p| p.kind == PageKind::Home && p.lang == config.language)
        {
            pages.push(default_home(&config));
        }
        pages.extend(fallback::homes(&pages, &config));

        let urls = assign_urls(&pages, &config)?;
        let folders: Vec<Option<String>> = pages.iter().map(Parsed::folder).collect();
        static_files.extend(files_beside_pages(
            &files,
            &folders,
            &urls,
            &all_folders,
            &static_files,
        )?);
        let by_key: HashMap<&str, PageId> = pages
            .iter()
            .enumerate()
            .map(|(id, p)| (p.source.rel.as_str(), id))
            .collect();
        let rendered: Vec<(Rendered, Vec<InternalLink>)> = pages
            .par_iter()
            .enumerate()
            .map(|(id, p)| {
                let resolver = Resolver {
                    by_key: &by_key,
                    urls: &urls,
                    config: &config,
                    planned,
                    folder: folders[id].as_ref().map(|_| &urls[id]),
                };
                markdown::render(&p.body, &resolver, strings.markdown_labels(&p.lang))
            })
            .collect();
        component_mistakes(pages.iter().zip(rendered.iter().map(|(r, _)| r)))?;
        let anchors = |id: PageId| rendered[id].0.toc.iter().map(|h| h.id.clone()).collect();
        let links = pages
            .iter()
            .zip(rendered.iter().map(|(_, links)| links.as_slice()));
        check_links(links, &anchors, &by_key, planned)?;

        let pages: Vec<Page> = pages
            .into_iter()
            .zip(urls)
            .zip(rendered)
            .map(|((parsed, url), (mut content, _))| {
                for image in &mut content.images {
                    image.line += parsed.body_offset;
                }
                for call in &mut content.components {
                    call.line += parsed.body_offset;
                }
                if let Some(written_in) = &parsed.fallback {
                    content.html =
                        fallback::with_note(&content.html, &parsed.lang, written_in, &strings);
                }
                Page {
                    translation_key: parsed.source.translation_key(),
                    source: parsed.source,
                    lang: parsed.lang,
                    kind: parsed.kind,
                    meta: parsed.meta,
                    url,
                    content,
                    parent: None,
                    structured_data: None,
                    share_image: None,
                    data: BTreeMap::new(),
                    fallback: parsed.fallback,
                }
            })
            .collect();
        let mut site = Site::assemble(config, pages, static_files, strings);
        site.data = data;
        site.paginate()?;
        Ok(site)
    }

    /// Links pages to their sections, orders sections and groups translations.
    fn assemble(
        config: Config,
        mut pages: Vec<Page>,
        static_files: Vec<StaticFile>,
        strings: Strings,
    ) -> Site {
        let section_ids: HashMap<(String, Lang), PageId> = pages
            .iter()
            .enumerate()
            .filter(|(_, p)| matches!(p.kind, PageKind::Home | PageKind::Section))
            .map(|(id, p)| (section_dir(&p.source.rel), id))
            .map(|((dir, _), id)| ((dir, pages[id].lang.clone()), id))
            .collect();
        let mut sections: BTreeMap<PageId, Section> = section_ids
            .values()
            .map(|&id| (id, Section::default()))
            .collect();
        // A section's parent is the section of the folder above it; a page's is its own folder's.
        let placements: Vec<(PageId, PageId, bool)> = pages
            .iter()
            .enumerate()
            .filter(|(_, page)| matches!(page.kind, PageKind::Section | PageKind::Page))
            .filter_map(|(id, page)| {
                let (own_dir, is_section) = section_dir(&page.source.rel);
                let mut dir = if is_section {
                    parent_dir(&own_dir)
                } else {
                    Some(own_dir)
                };
                while let Some(current) = dir {
                    if let Some(&parent) = section_ids.get(&(current.clone(), page.lang.clone())) {
                        return Some((id, parent, is_section));
                    }
                    dir = parent_dir(&current);
                }
                None
            })
            .collect();
        for (id, parent, is_section) in placements {
            pages[id].parent = Some(parent);
            let section = sections.entry(parent).or_default();
            if is_section {
                section.subsections.push(id);
            } else {
                section.pages.push(id);
            }
        }
        for (&id, section) in &mut sections {
            let sort_by = pages[id].meta.sort_by;
            section
                .pages
                .sort_by(|&a, &b| compare(&pages[a], &pages[b], sort_by));
            section
                .subsections
                .sort_by(|&a, &b| compare(&pages[a], &pages[b], SortBy::Weight));
        }
        let mut site = Site {
            config,
            pages,
            sections,
            static_files,
            strings,
            images: crate::images::SiteImages::new(),
            data: BTreeMap::new(),
            translations: HashMap::new(),
            continued: HashMap::new(),
            homes: Vec::new(),
        };
        for id in 0..site.pages.len() {
            site.index_translation(id);
            site.index_home(id);
        }
        site
    }

    /// Files a page under its translation key, keeping each group in the order of the site's languages.
    fn index_translation(&mut self, id: PageId) {
        let order = |lang: &Lang| {
            self.config
                .all_languages()
                .position(|l| l == lang)
                .unwrap_or(usize::MAX)
        };
        let mut group = self
            .translations
            .remove(&self.pages[id].translation_key)
            .unwrap_or_default();
        group.push(id);
        group.sort_by_key(|&p| order(&self.pages[p].lang));
        self.translations
            .insert(self.pages[id].translation_key.clone(), group);
    }

    /// Remembers a page as its language's home, unless the language has one (the first one counts).
    fn index_home(&mut self, id: PageId) {
        let page = &self.pages[id];
        if page.kind == PageKind::Home && !self.homes.iter().any(|(lang, _)| lang == &page.lang) {
            self.homes.push((page.lang.clone(), id));
        }
    }

    /// Adds a page made by a plugin (the portal entry page, say). Its URL must be free.
    pub fn add_page(&mut self, page: Page) -> Result<PageId, Error> {
        if let Some(other) = self.pages.iter().find(|p| p.url == page.url) {
            return Err(Error::new(
                ErrorKind::DuplicateUrl,
                format!("two pages claim the URL {}", page.url),
            )
            .at(Location::file(&other.source.path))
            .with_help(format!(
                "the {} page lives there: give this page a different `path`",
                page.meta.title
            )));
        }
        self.pages.push(page);
        let id = self.pages.len() - 1;
        self.index_translation(id);
        self.index_home(id);
        Ok(id)
    }

    /// The page made from `content/REL` (`about.es.md`), if there is one.
    pub fn page_by_source(&self, rel: &str) -> Option<PageId> {
        self.pages.iter().position(|p| p.source.rel == rel)
    }

    /// The page and its translations, in the order of the site's languages.
    pub fn translations(&self, id: PageId) -> &[PageId] {
        self.translations
            .get(&self.pages[id].translation_key)
            .map_or(&[], Vec::as_slice)
    }

    /// The home page of a language, if the site has one.
    pub fn home(&self, lang: &Lang) -> Option<PageId> {
        self.homes
            .iter()
            .find(|(l, _)| l == lang)
            .map(|&(_, id)| id)
    }

    /// The pages the navigation shows for a language: top-level sections, and top-level pages that set a
    /// `weight`, ordered by weight then title.
    pub fn navigation(&self, lang: &Lang) -> Vec<PageId> {
        let Some(home) = self.home(lang) else {
            return Vec::new();
        };
        let Some(section) = self.sections.get(&home) else {
            return Vec::new();
        };
        let mut items: Vec<PageId> = section
            .subsections
            .iter()
            .copied()
            .chain(
                section
                    .pages
                    .iter()
                    .copied()
                    .filter(|&id| self.pages[id].meta.weight.is_some()),
            )
            .collect();
        items.sort_by(|&a, &b| compare(&self.pages[a], &self.pages[b], SortBy::Weight));
        items
    }
}

impl Parsed {
    /// The folder whose files are published beside this page: a page folder's, or a section's (the
    /// home page's is `content/` itself). A page written as one file has none.
    fn folder(&self) -> Option<String> {
        if let Some(folder) = self.source.page_folder() {
            return Some(folder.to_owned());
        }
        matches!(self.kind, PageKind::Home | PageKind::Section)
            .then(|| section_dir(&self.source.rel).0)
    }
}

/// The files under `content/` that are not pages, each published beside the page of the nearest folder
/// above it that has one (`news/open-house/photo.jpg` at `/news/open-house/photo.jpg`, and beside each
/// translation of that page, so a relative link works in every language). A file of a draft's folder
/// is left out with its page. A file at the URL of one under `static/` is an error.
fn files_beside_pages(
    files: &[Source],
    folders: &[Option<String>],
    urls: &[UrlPath],
    all_folders: &[String],
    static_files: &[StaticFile],
) -> Result<Vec<StaticFile>, Diagnostics> {
    let mut owners: HashMap<&str, Vec<PageId>> = HashMap::new();
    for (id, folder) in folders.iter().enumerate() {
        if let Some(folder) = folder {
            owners.entry(folder.as_str()).or_default().push(id);
        }
    }
    let taken: HashMap<&UrlPath, &PathBuf> =
        static_files.iter().map(|f| (&f.url, &f.path)).collect();
    let mut diagnostics = Diagnostics::new();
    let mut beside = Vec::new();
    for file in files {
        let mut dir = file.rel.rsplit_once('/').map_or("", |(dir, _)| dir);
        let pages = loop {
            if let Some(pages) = owners.get(dir) {
                break pages.as_slice();
            }
            if all_folders.iter().any(|f| f == dir) {
                break &[];
            }
            match dir.rsplit_once('/') {
                Some((parent, _)) => dir = parent,
                None if !dir.is_empty() => dir = "",
                None => break &[],
            }
        };
        let name = if dir.is_empty() {
            file.rel.as_str()
        } else {
            &file.rel[dir.len() + 1..]
        };
        for &id in pages {
            let url = match UrlPath::parse(&format!("{}{name}", urls[id].as_str())) {
                Ok(url) => url,
                Err(invalid) => {
                    diagnostics.error(
                        Error::new(ErrorKind::Content, invalid.message)
                            .at(Location::file(&file.path))
                            .with_help("rename the file using letters, digits, dots and dashes"),
                    );
                    break;
                }
            };
            if let Some(other) = taken.get(&url) {
                diagnostics.error(
                    Error::new(
                        ErrorKind::DuplicateUrl,
                        format!("two files would be published at {url}"),
                    )
                    .at(Location::file(&file.path))
                    .with_related("also published from", Location::file(other))
                    .with_help("rename one of them"),
                );
                continue;
            }
            beside.push(StaticFile {
                path: file.path.clone(),
                url,
            });
        }
    }
    diagnostics.check().map(|_| beside)
}

/// Reads one file into a [`Parsed`] page.
fn parse(source: Source, config: &Config) -> Result<Parsed, Diagnostics> {
    let text = fs::read_to_string(&source.path)?;
    if let Some(at) = text.find('\0') {
        let line = text[..at].matches('\n').count() + 1;
        return Err(Error::new(
            ErrorKind::Content,
            "the file contains a NUL byte: it looks like a binary file",
        )
        .at(Location::at(&source.path, line, 1))
        .with_help("only text files written in markdown belong under content/")
        .into());
    }
    let lang = source.lang(&config.language, &config.languages)?;
    let split = front_matter::split(&text, &source.path)?;
    let meta = FrontMatter::parse(&split, &source.path)?;
    let kind = match source.name() {
        name if name.stem == "_index" && name.dirs.is_empty() => PageKind::Home,
        name if name.stem == "_index" => PageKind::Section,
        name if name.stem == "404" && name.dirs.is_empty() => PageKind::NotFound,
        _ => PageKind::Page,
    };
    if kind == PageKind::NotFound
        && let Some(at) = meta
            .url_location
            .clone()
            .or_else(|| meta.aliases.first().map(|(_, at)| at.clone()))
    {
        return Err(Error::new(
            ErrorKind::FrontMatter,
            "the 404 page's address is fixed: it cannot have a `path`, `slug` or `aliases`",
        )
        .at(at)
        .with_help("remove the key: every host serves /404.html (and /es/404.html for Spanish) for an address the site does not have")
        .into());
    }
    if kind != PageKind::Section
        && let Some((_, at)) = &meta.paginate_by
    {
        return Err(Error::new(
            ErrorKind::FrontMatter,
            "only a section's list can be split into pages: `paginate_by` belongs in a folder's _index.md",
        )
        .at(at.clone())
        .with_help("move the line into the _index.md of the section whose list is long, like content/news/_index.md")
        .into());
    }
    Ok(Parsed {
        body: split.body.to_owned(),
        body_offset: split.body_offset,
        source,
        lang,
        kind,
        meta,
        fallback: None,
    })
}

/// A home page for a site without `content/_index.md`: the theme's home layout with the practice's name.
fn default_home(config: &Config) -> Parsed {
    Parsed {
        source: Source {
            path: config.content_dir().join("_index.md"),
            rel: "_index.md".to_owned(),
        },
        lang: config.language.clone(),
        kind: PageKind::Home,
        meta: FrontMatter {
            title: config.practice.name.clone(),
            ..FrontMatter::default()
        },
        body: String::new(),
        body_offset: 0,
        fallback: None,
    }
}

/// Every mistake in the pages' component syntax, at its file, line and column.
fn component_mistakes<'p>(
    pages: impl IntoIterator<Item = (&'p Parsed, &'p Rendered)>,
) -> Result<(), Diagnostics> {
    let mut diagnostics = Diagnostics::new();
    for (page, content) in pages {
        for problem in &content.component_problems {
            diagnostics.error(
                Error::new(ErrorKind::Component, problem.message.clone())
                    .at(Location::at(
                        &page.source.path,
                        problem.line + page.body_offset,
                        problem.column,
                    ))
                    .with_source_lines(&page.body, page.body_offset)
                    .with_help(problem.help.clone()),
            );
        }
    }
    diagnostics.check().map(|_| ())
}

/// The folder a file belongs to, and whether it is the folder's `_index.md`.
fn section_dir(rel: &str) -> (String, bool) {
    let (dir, file) = rel.rsplit_once('/').unwrap_or(("", rel));
    (dir.to_owned(), file.starts_with("_index."))
}

fn parent_dir(dir: &str) -> Option<String> {
    if dir.is_empty() {
        return None;
    }
    Some(
        dir.rsplit_once('/')
            .map_or_else(String::new, |(parent, _)| parent.to_owned()),
    )
}

pub(crate) fn compare(a: &Page, b: &Page, sort_by: SortBy) -> std::cmp::Ordering {
    match sort_by {
        SortBy::Weight => (a.meta.weight.unwrap_or(i64::MAX), &a.meta.title)
            .cmp(&(b.meta.weight.unwrap_or(i64::MAX), &b.meta.title)),
        SortBy::Date => b
            .meta
            .date
            .cmp(&a.meta.date)
            .then_with(|| a.meta.title.cmp(&b.meta.title)),
    }
}

//! `explainer`: the plain-language EMR/EHR page every site carries, at `/patient-portal/emr-vs-ehr/`.
//!
//! The copy is ours, written for a 6th-8th grade reader in English and Spanish, and compiled in as markdown
//! sections (`copy/LANG/SECTION.md`). One section, "what this means for you here", has two versions,
//! chosen by `explainer.records_system`, and names the practice, its portal product and the emergency
//! number (`{emergency}`, from `compliance.emergency_number`). A practice replaces
//! any section with its own markdown in `explainer/SECTION.md` (or `explainer/SECTION.es.md`) at the site
//! root. Sections render separately, so an error in an override is reported on that file's own line.
//!
//! Every other language gets the page too: a section the site has not written in it
//! (`explainer/intro.vi.md`) is the English copy, marked `lang="en"`, under a one-line note in the
//! reader's language that says so (the `fallback_note` string). The copy is medical and legal in
//! places; we write it only in the languages we can check, rather than guess at the others.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::{Configured, Plugin, Setup, page_place};
use crate::config::{Config, Lang, UrlPath};
use crate::content::fallback::in_language;
use crate::content::markdown::{self, Heading, LinkResolver, Rendered};
use crate::content::{FrontMatter, Page, Site};
use crate::error::{Diagnostics, Error, ErrorKind, Location};
use crate::fs;
use crate::views::{ExplainerView, PluginViews};

/// The sections in page order. `here` is the tailored one.
pub const SECTIONS: &[&str] = &[
    "intro",
    "emr",
    "ehr",
    "differences",
    "here",
    "privacy",
    "copy",
    "glossary",
];

const PAGE_PATH: &str = "/patient-portal/emr-vs-ehr/";
const PAGE_SOURCE: &str = "patient-portal/emr-vs-ehr";

/// The built-in copy: (language, file name, text).
const COPY: &[(&str, &str, &str)] = &[
    ("en", "intro", include_str!("copy/en/intro.md")),
    ("en", "emr", include_str!("copy/en/emr.md")),
    ("en", "ehr", include_str!("copy/en/ehr.md")),
    ("en", "differences", include_str!("copy/en/differences.md")),
    ("en", "here-ehr", include_str!("copy/en/here-ehr.md")),
    ("en", "here-emr", include_str!("copy/en/here-emr.md")),
    ("en", "privacy", include_str!("copy/en/privacy.md")),
    ("en", "copy", include_str!("copy/en/copy.md")),
    ("en", "glossary", include_str!("copy/en/glossary.md")),
    ("es", "intro", include_str!("copy/es/intro.md")),
    ("es", "emr", include_str!("copy/es/emr.md")),
    ("es", "ehr", include_str!("copy/es/ehr.md")),
    ("es", "differences", include_str!("copy/es/differences.md")),
    ("es", "here-ehr", include_str!("copy/es/here-ehr.md")),
    ("es", "here-emr", include_str!("copy/es/here-emr.md")),
    ("es", "privacy", include_str!("copy/es/privacy.md")),
    ("es", "copy", include_str!("copy/es/copy.md")),
    ("es", "glossary", include_str!("copy/es/glossary.md")),
];

/// What the practice keeps: one practice's chart, or a record shared across the care team.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RecordsSystem {
    Emr,
    #[default]
    Ehr,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawExplainer {
    #[serde(default)]
    records_system: RecordsSystem,
}

#[derive(Debug, Default)]
pub struct Explainer;

/// The explainer of one site: which "here" section it takes, and the names its copy fills in.
#[derive(Debug)]
struct SiteExplainer {
    records_system: RecordsSystem,
    /// `compliance.emergency_number` (911 by default).
    emergency_number: String,
    /// The portal's product name (`MyChart`), when the site has a portal.
    product: Option<String>,
}

impl Plugin for Explainer {
    fn name(&self) -> &'static str {
        "explainer"
    }

    fn configure(
        &self,
        config: &Config,
        _: &Setup<'_>,
        diagnostics: &mut Diagnostics,
    ) -> Box<dyn Configured> {
        let records_system = diagnostics
            .take(config.source.table::<RawExplainer>("explainer"))
            .flatten()
            .unwrap_or_default()
            .records_system;
        // The compliance and portal plugins report any mistake in their own tables.
        let emergency_number =
            crate::plugins::compliance::Settings::load(config, &mut Diagnostics::new())
                .emergency_number;
        let product = crate::plugins::Portal::read(config, &mut Diagnostics::new())
            .settings()
            .map(|s| s.links.vendor.product.clone());
        Box::new(SiteExplainer {
            records_system,
            emergency_number,
            product,
        })
    }
}

/// Where the explainer of `lang` lives: its name as `@/` links write it, and its URL.
pub fn page_place_of(config: &Config, lang: &Lang) -> (String, UrlPath) {
    page_place(config, lang, PAGE_SOURCE, PAGE_PATH)
}

impl Configured for SiteExplainer {
    /// Every language gets the page: in its own words where there are some, else in English.
    fn planned_pages(&self, config: &Config) -> Vec<(String, UrlPath)> {
        config
            .all_languages()
            .map(|lang| page_place_of(config, lang))
            .collect()
    }

    fn transform(&self, site: &mut Site, diagnostics: &mut Diagnostics) {
        let languages: Vec<Lang> = site.config.all_languages().cloned().collect();
        for lang in &languages {
            let sections = self.sections(site, lang, diagnostics);
            let content = render(site, lang, sections, diagnostics);
            if let Err(error) = add_page(site, lang, content) {
                return diagnostics.error(error);
            }
        }
    }

    fn views<'a>(&'a self, site: &'a Site, lang: &Lang, views: &mut PluginViews<'a>) {
        views.explainer = site
            .page_by_source(&page_place_of(&site.config, lang).0)
            .map(|id| ExplainerView {
                url: site.config.base_url.path_for(&site.pages[id].url),
                title: &site.pages[id].meta.title,
            });
    }
}

/// One section's markdown and where it came from.
struct Section {
    text: String,
    /// The override file, for error locations; `None` for built-in copy.
    file: Option<PathBuf>,
    /// The language of the text when it is not the page's: English copy standing in for a language
    /// Portico has no explainer text in.
    written_in: Option<Lang>,
}

impl SiteExplainer {
    /// The sections of `lang`: the practice's overrides, else the built-in copy in `lang`, else the
    /// built-in English copy.
    fn sections(&self, site: &Site, lang: &Lang, diagnostics: &mut Diagnostics) -> Vec<Section> {
        const ENGLISH: &str = "en";
        let default = lang == &site.config.language;
        let dir = site.config.root.join("explainer");
        let mut sections = Vec::new();
        for &name in SECTIONS {
            let file = if default {
                dir.join(format!("{name}.md"))
            } else {
                dir.join(format!("{name}.{lang}.md"))
            };
            if file.is_file() {
                match fs::read_to_string(&file) {
                    Ok(text) => sections.push(Section {
                        text,
                        file: Some(file),
                        written_in: None,
                    }),
                    Err(error) => diagnostics.error(error),
                }
                continue;
            }
            let built_in = if name == "here" {
                match self.records_system {
                    RecordsSystem::Ehr => "here-ehr",
                    RecordsSystem::Emr => "here-emr",
                }
            } else {
                name
            };
            let copy_in = |code: &str| {
                COPY.iter()
                    .find(|(l, n, _)| *l == code && *n == built_in)
                    .map(|(_, _, text)| *text)
            };
            let (text, written_in) = match copy_in(lang.as_str()) {
                Some(text) => (text, None),
                None => (
                    copy_in(ENGLISH).expect("every section has English copy"),
                    Lang::parse(ENGLISH).ok(),
                ),
            };
            let words = written_in.as_ref().unwrap_or(lang);
            sections.push(Section {
                text: self.fill(text, site, lang, words),
                file: None,
                written_in,
            });
        }
        sections
    }

    /// Replaces `{practice}`, `{product}`, `{portal_page}` and `{emergency}` in built-in copy written in
    /// `words` for the `lang` page (the portal page it links is the reader's).
    fn fill(&self, text: &str, site: &Site, lang: &Lang, words: &Lang) -> String {
        let product = self
            .product
            .as_deref()
            .unwrap_or_else(|| site.strings.get(words, "portal_title"));
        // A site path: the markdown renderer puts the base URL's subpath in front of it.
        let portal_page = site
            .page_by_source(&page_place(&site.config, lang, "patient-portal", "/patient-portal/").0)
            .or_else(|| site.home(lang))
            .map_or_else(
                || "/".to_owned(),
                |id| site.pages[id].url.as_str().to_owned(),
            );
        text.replace("{practice}", &escape_markdown(&site.config.practice.name))
            .replace("{product}", &escape_markdown(product))
            .replace("{portal_page}", &portal_page)
            .replace("{emergency}", &escape_markdown(&self.emergency_number))
    }
}

/// Names go into markdown as plain text: `*`, `_`, brackets and the like must not start formatting.
fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if "\\`*_[]<>#!|".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Renders the sections into one page's HTML and table of contents, reporting broken `@/` links in
/// overrides at their own lines.
fn render(
    site: &Site,
    lang: &Lang,
    sections: Vec<Section>,
    diagnostics: &mut Diagnostics,
) -> Rendered {
    let labels = site.strings.markdown_labels(lang);
    let resolver = SiteLinks(site);
    let mut html = String::new();
    if let Some(written_in) = sections.iter().find_map(|s| s.written_in.as_ref()) {
        html.push_str(&site.strings.fallback_note(lang, written_in));
    }
    let mut toc: Vec<Heading> = Vec::new();
    for section in sections {
        let (rendered, links) = markdown::render(&section.text, &resolver, labels);
        if let Some(file) = &section.file {
            for link in links
                .iter()
                .filter(|l| resolver.resolve(&l.target).is_none())
            {
                diagnostics.error(
                    Error::new(
                        ErrorKind::Link,
                        format!("the link @/{} leads to no page", link.target),
                    )
                    .at(Location::at(file, link.line, link.column))
                    .with_source(&section.text)
                    .with_help("write the path of a file under content/, like @/about.md"),
                );
            }
            // The explainer is made after the components are placed: its text is plain markdown.
            let places = rendered
                .components
                .iter()
                .map(|c| (c.line, c.column))
                .chain(
                    rendered
                        .component_problems
                        .iter()
                        .map(|p| (p.line, p.column)),
                );
            for (line, column) in places {
                diagnostics.error(
                    Error::new(
                        ErrorKind::Component,
                        "the explainer's text cannot use components or template tags",
                    )
                    .at(Location::at(file, line, column))
                    .with_source(&section.text)
                    .with_help(
                        "write it as plain markdown; put a `\\` before `{{` to show the braces",
                    ),
                );
            }
        }
        match &section.written_in {
            Some(written_in) => html.push_str(&in_language(&rendered.html, written_in)),
            None => html.push_str(&rendered.html),
        }
        toc.extend(rendered.toc);
    }
    Rendered {
        html,
        summary: None,
        after_summary: None,
        toc,
        ..Rendered::default()
    }
}

/// `@/` links in explainer overrides resolve against the site's pages.
struct SiteLinks<'a>(&'a Site);

impl LinkResolver for SiteLinks<'_> {
    fn site_path(&self, path: &str) -> String {
        self.0.config.base_url.prefixed(path)
    }

    fn resolve(&self, target: &str) -> Option<String> {
        let id = self.0.page_by_source(target)?;
        Some(self.0.config.base_url.path_for(&self.0.pages[id].url))
    }
}

fn add_page(site: &mut Site, lang: &Lang, content: Rendered) -> Result<usize, Error> {
    let (rel, url) = page_place(&site.config, lang, PAGE_SOURCE, PAGE_PATH);
    let title = site.strings.get(lang, "explainer_title").to_owned();
    let description = site.strings.get(lang, "explainer_description").to_owned();
    let parent = site
        .page_by_source(&page_place(&site.config, lang, "patient-portal", "/patient-portal/").0);
    let meta = FrontMatter {
        title,
        description: Some(description),
        ..FrontMatter::default()
    };
    let path = Path::new(&site.config.root).join("explainer");
    let mut page = Page::generated(
        path,
        rel,
        lang.clone(),
        format!("{PAGE_SOURCE}.md"),
        meta,
        url,
    );
    page.content = content;
    page.parent = parent;
    site.add_page(page)
}

//! `search`: a search page in each language (`/search/`, `/es/search/`), a search box in the header of
//! both built-in themes, and an index of the site's pages built with the site.
//!
//! ```yaml
//! search:
//!   enabled: false   # no search page, box or index (search is on by default)
//! ```
//!
//! The header box is only a form that opens the search page with the words typed (`/search/?q=flu`),
//! so the search page is the one page that loads a script: the portal page and the forms stay free of
//! it. That script is Portico's own (`search.js`, a few kilobytes, same origin, fingerprinted with the
//! other assets), so the site's content security policy stays as it is (`script-src 'self'`). It reads
//! the index ([`index`]) from beside the page and shows each result's title and excerpt. With scripts
//! off the page says so and lists the site's main pages instead: every page is still one or two links
//! away.
//!
//! The index holds each page's title, description and text as its markdown was rendered in this build
//! (not the finished HTML read back), so headers, menus and footers, which every page repeats, are not
//! in it. The pages of a list after its first (`/news/page/2/`), the topic pages and the not-found page
//! are left out: they only repeat other pages' titles. A site's own `content/search.md` gives the page
//! its title and text, as `content/patient-portal.md` does for the portal page.
//!
//! The index is written when the whole site is built. `portico serve` writes it on its first build and
//! on every full rebuild, so a page edited during a preview is found by its old words until then.

mod index;

use serde::Deserialize;

use super::{Configured, Mode, OwnPage, Plugin, Setup, own_page};
use crate::config::{Config, Lang, UrlPath};
use crate::content::{Page, PageId, PageKind, Site};
use crate::error::Diagnostics;
use crate::output::Output;
use crate::views::{PluginViews, SearchView};

use index::{Index, PageText};

/// The page's template, which the built-in themes have and the plugins' fallbacks give every other.
const TEMPLATE: &str = "search.html";
/// The script, as the output names it before `assets` fingerprints it.
const SCRIPT: &str = "search/search.js";
const SCRIPT_TEXT: &str = include_str!("search.js");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSearch {
    #[serde(default = "yes")]
    enabled: bool,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Default)]
pub struct Search;

/// Whether this site has search: on unless turned off, never in a kit (a kit is a few pages for
/// another website).
#[derive(Debug)]
struct SiteSearch {
    enabled: bool,
}

impl Plugin for Search {
    fn name(&self) -> &'static str {
        "search"
    }

    fn configure(
        &self,
        config: &Config,
        setup: &Setup<'_>,
        diagnostics: &mut Diagnostics,
    ) -> Box<dyn Configured> {
        let table = diagnostics
            .take(config.source.table::<RawSearch>("search"))
            .flatten();
        Box::new(SiteSearch {
            enabled: table.is_none_or(|t| t.enabled) && setup.mode != Mode::Kit,
        })
    }
}

/// The search page, in every language: the site's own `content/search.md` (and its translations), or
/// a page the plugin adds.
const PAGE: OwnPage = OwnPage {
    stem: "search",
    path: "/search/",
    template: TEMPLATE,
    title: "search_title",
    description: "search_description",
};

impl Configured for SiteSearch {
    fn planned_pages(&self, config: &Config) -> Vec<(String, UrlPath)> {
        if !self.enabled {
            return Vec::new();
        }
        PAGE.places(config)
    }

    fn transform(&self, site: &mut Site, diagnostics: &mut Diagnostics) {
        if !self.enabled {
            return;
        }
        let languages: Vec<Lang> = site.config.all_languages().cloned().collect();
        for lang in &languages {
            if let Err(error) = own_page(site, lang, &PAGE) {
                return diagnostics.error(error.with_help(
                    "the search page is at /search/: move the other page, or turn search off with `search: { enabled: false }`",
                ));
            }
        }
    }

    fn views<'a>(&'a self, site: &'a Site, lang: &Lang, views: &mut PluginViews<'a>) {
        if !self.enabled {
            return;
        }
        if let Some(id) = site.page_by_source(&PAGE.place(&site.config, lang).0) {
            views.search = Some(SearchView {
                url: site.config.base_url.path_for(&site.pages[id].url),
                script: SCRIPT,
            });
        }
    }

    fn emit(&self, site: &Site, output: &mut Output, _diagnostics: &mut Diagnostics) {
        if !self.enabled {
            return;
        }
        output.insert_bytes(SCRIPT, SCRIPT_TEXT.as_bytes().to_vec());
        for lang in site.config.all_languages() {
            let Some(page) = site.page_by_source(&PAGE.place(&site.config, lang).0) else {
                continue;
            };
            let folder = site.pages[page].url.as_str().trim_start_matches('/');
            for (name, bytes) in index_of(site, lang, page).files() {
                output.insert_bytes(format!("{folder}{name}"), bytes);
            }
        }
    }
}

/// The index of `lang`'s pages: the home page, then sections, then the other pages, each in the
/// site's order, so that a section comes before its pages when both match alike.
fn index_of(site: &Site, lang: &Lang, search_page: PageId) -> Index {
    let rank = |page: &Page| match page.kind {
        PageKind::Home => 0,
        PageKind::Section => 1,
        PageKind::Page | PageKind::NotFound => 2,
    };
    let mut pages: Vec<PageId> = (0..site.pages.len())
        .filter(|&id| id != search_page && is_indexed(site, id) && &site.pages[id].lang == lang)
        .collect();
    pages.sort_by_key(|&id| rank(&site.pages[id]));
    let texts: Vec<PageText<'_>> = pages
        .iter()
        .map(|&id| {
            let page = &site.pages[id];
            PageText {
                url: site.config.base_url.path_for(&page.url),
                title: &page.meta.title,
                description: page.meta.description.as_deref(),
                html: &page.content.html,
            }
        })
        .collect();
    Index::of(&texts)
}

/// Whether a page has words of its own to be found by: not the not-found page, not a list's later
/// page, not a topic page (the `tags` plugin's, which only lists other pages).
fn is_indexed(site: &Site, id: PageId) -> bool {
    let page = &site.pages[id];
    let topic = page.translation_key == "tags.md" || page.translation_key.starts_with("tags/");
    page.kind != PageKind::NotFound && !topic && site.list_page(id).is_none_or(|at| at.number == 1)
}

//! `seo`: what search engines read — `sitemap.xml` (with every translation as an alternate),
//! `robots.txt` pointing at it, and schema.org structured data on every page ([`structured_data`]).

mod structured_data;

use std::fmt::Write as _;

use rayon::prelude::*;
use serde::Deserialize;
use serde_saphyr::Spanned;

use super::{Configured, Mode, Plugin, Setup};
use crate::config::{Config, UrlPath};
use crate::content::{PageKind, Site};
use crate::error::{Diagnostics, Error, ErrorKind, Location};
use crate::html::escape;
use crate::output::Output;

/// The `seo:` table of `portico.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct SeoConfig {
    #[serde(default = "yes")]
    sitemap: bool,
    /// Paths that crawlers are asked to skip.
    #[serde(default)]
    robots_disallow: Vec<Spanned<String>>,
}

fn yes() -> bool {
    true
}

impl Default for SeoConfig {
    fn default() -> Self {
        SeoConfig {
            sitemap: true,
            robots_disallow: Vec::new(),
        }
    }
}

#[derive(Debug, Default)]
pub struct Seo;

/// One site's sitemap and robots settings.
#[derive(Debug)]
struct SiteSeo {
    sitemap: bool,
    disallow: Vec<UrlPath>,
    /// A kit is part of another website, whose robots.txt and sitemap are its own.
    files: bool,
}

impl Plugin for Seo {
    fn name(&self) -> &'static str {
        "seo"
    }

    fn configure(
        &self,
        config: &Config,
        setup: &Setup<'_>,
        diagnostics: &mut Diagnostics,
    ) -> Box<dyn Configured> {
        let table = diagnostics
            .take(config.source.table::<SeoConfig>("seo"))
            .flatten()
            .unwrap_or_default();
        let source = config.source.yaml();
        let mut disallow = Vec::new();
        for path in &table.robots_disallow {
            match UrlPath::parse(&path.value) {
                Ok(url) => disallow.push(url),
                Err(invalid) => diagnostics.error(
                    source
                        .error_at(
                            path.referenced,
                            format!("seo.robots_disallow: {}", invalid.message),
                        )
                        .with_help(invalid.help),
                ),
            }
        }
        Box::new(SiteSeo {
            sitemap: table.sitemap,
            disallow,
            files: setup.mode != Mode::Kit,
        })
    }
}

impl Configured for SiteSeo {
    fn transform(&self, site: &mut Site, _diagnostics: &mut Diagnostics) {
        // Each page's document reads the whole site, so they are made first (in parallel: at 10,000
        // pages this was 4% of a build's instructions on one thread) and attached after.
        let documents: Vec<Option<String>> = (0..site.pages.len())
            .into_par_iter()
            .map(|id| {
                // The 404 page describes nothing, whether the theme's or the site's own.
                (site.pages[id].kind != PageKind::NotFound)
                    .then(|| structured_data::for_page(site, id))
                    .flatten()
            })
            .collect();
        for (page, json) in site.pages.iter_mut().zip(documents) {
            page.structured_data = json;
        }
    }

    fn emit(&self, site: &Site, output: &mut Output, diagnostics: &mut Diagnostics) {
        if !self.files {
            return;
        }
        let base = &site.config.base_url;
        if !base.prefix().is_empty() && !self.disallow.is_empty() {
            diagnostics.warn(
                Error::new(
                    ErrorKind::Config,
                    format!(
                        "`seo.robots_disallow` has no effect under the subpath `{}/`: crawlers read robots.txt only at the root of the host",
                        base.prefix()
                    ),
                )
                .at(Location::file(&site.config.source.path))
                .with_help(format!(
                    "copy the Disallow lines of {}/robots.txt into the robots.txt at the root of the host",
                    base.prefix()
                )),
            );
        }
        let mut robots = String::from("User-agent: *\n");
        if self.disallow.is_empty() {
            robots.push_str("Disallow:\n");
        }
        for path in &self.disallow {
            let _ = writeln!(robots, "Disallow: {}", base.path_for(path));
        }
        if self.sitemap {
            let sitemap = UrlPath::parse("/sitemap.xml").expect("a valid path");
            let _ = writeln!(robots, "\nSitemap: {}", base.permalink(&sitemap));
            output.insert_bytes(
                "sitemap.xml",
                sitemap_xml(site, &self.disallow).into_bytes(),
            );
        }
        output.insert_bytes("robots.txt", robots.into_bytes());
    }
}

/// Every page that robots.txt lets crawlers read, with `lastmod` from `updated` or `date`, and
/// `hreflang` alternates for translations. A page under a `Disallow` path is left out: search consoles
/// report a sitemap address that robots.txt blocks as an error.
fn sitemap_xml(site: &Site, disallow: &[UrlPath]) -> String {
    let blocked = |url: &UrlPath| {
        disallow
            .iter()
            .any(|d| url.as_str().starts_with(d.as_str()))
    };
    let base = &site.config.base_url;
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    let mut ids: Vec<usize> = (0..site.pages.len()).collect();
    ids.sort_by(|&a, &b| site.pages[a].url.cmp(&site.pages[b].url));
    for id in ids {
        let page = &site.pages[id];
        if blocked(&page.url) || page.kind == PageKind::NotFound {
            continue;
        }
        let _ = writeln!(
            xml,
            "  <url>\n    <loc>{}</loc>",
            escape(&base.permalink(&page.url))
        );
        let full = if page.meta.updated.is_some() {
            page.meta.updated_time.as_ref()
        } else {
            page.meta.date_time.as_ref()
        };
        if let Some(stamp) = full {
            let _ = writeln!(xml, "    <lastmod>{stamp}</lastmod>");
        } else if let Some(date) = page.meta.updated.or(page.meta.date) {
            let _ = writeln!(xml, "    <lastmod>{date}</lastmod>");
        }
        let translations = site.translations(id);
        if translations.len() > 1 {
            for &other in translations {
                let other = &site.pages[other];
                if blocked(&other.url) {
                    continue;
                }
                let _ = writeln!(
                    xml,
                    "    <xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>",
                    other.lang,
                    escape(&base.permalink(&other.url))
                );
            }
        }
        xml.push_str("  </url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}

//! `location_pages`: a `/locations/` index and a page per location, made from `locations:` in portico.yaml.
//!
//! The practice fills in facts once (address, phones, hours, access notes); every language gets the same
//! pages under its own prefix, rendered with the theme's `locations.html` and `location.html`. Templates
//! get a `location_pages` variable: `index` (the list page) and each location id mapped to its page, so a
//! footer or home page can link to them. `location_pages: { enabled: false }` turns the pages off for a
//! practice whose only office is described elsewhere.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::{Configured, Mode, Plugin, Setup, page_place};
use crate::config::{Config, Lang, UrlPath};
use crate::content::{Extra, FrontMatter, Page, Site};
use crate::error::{Diagnostics, Error, Location};
use crate::views::PluginViews;

/// The list page's template, and each location's.
pub(super) const INDEX_TEMPLATE: &str = "locations.html";
pub(super) const PAGE_TEMPLATE: &str = "location.html";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLocationPages {
    #[serde(default = "yes")]
    enabled: bool,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Default)]
pub struct LocationPages;

/// Whether this site gets location pages: on by default, never in a kit (the practice's own website
/// has its locations elsewhere), and only with locations to show.
#[derive(Debug)]
struct SiteLocationPages {
    enabled: bool,
}

impl Plugin for LocationPages {
    fn name(&self) -> &'static str {
        "location_pages"
    }

    fn configure(
        &self,
        config: &Config,
        setup: &Setup<'_>,
        diagnostics: &mut Diagnostics,
    ) -> Box<dyn Configured> {
        let table = diagnostics
            .take(config.source.table::<RawLocationPages>("location_pages"))
            .flatten();
        let enabled = table.is_none_or(|t| t.enabled)
            && setup.mode != Mode::Kit
            && !config.locations.is_empty();
        Box::new(SiteLocationPages { enabled })
    }
}

impl Configured for SiteLocationPages {
    fn planned_pages(&self, config: &Config) -> Vec<(String, UrlPath)> {
        if !self.enabled {
            return Vec::new();
        }
        let places = places(config);
        config
            .all_languages()
            .flat_map(|lang| {
                places
                    .iter()
                    .map(move |(stem, path)| page_place(config, lang, stem, path))
            })
            .collect()
    }

    fn transform(&self, site: &mut Site, diagnostics: &mut Diagnostics) {
        if !self.enabled {
            return;
        }
        let languages: Vec<Lang> = site.config.all_languages().cloned().collect();
        for lang in &languages {
            if let Err(error) = add_pages(site, lang) {
                diagnostics.error(error);
            }
        }
    }

    fn views<'a>(&'a self, site: &'a Site, lang: &Lang, views: &mut PluginViews<'a>) {
        if !self.enabled {
            return;
        }
        let urls = places(&site.config)
            .into_iter()
            .zip(
                std::iter::once("index").chain(site.config.locations.iter().map(|l| l.id.as_str())),
            )
            .filter_map(|((stem, path), key)| {
                let id = site.page_by_source(&page_place(&site.config, lang, &stem, &path).0)?;
                Some((key, site.config.base_url.path_for(&site.pages[id].url)))
            })
            .collect();
        views.location_pages = Some(urls);
    }
}

/// The list page and each location's page: `(stem, URL path)` as [`page_place`] takes them.
fn places(config: &Config) -> Vec<(String, String)> {
    let mut places = vec![("locations".to_owned(), "/locations/".to_owned())];
    for location in &config.locations {
        let id = location.id.as_str();
        places.push((format!("locations/{id}"), format!("/locations/{id}/")));
    }
    places
}

/// Adds the list page and one page per location for `lang`.
fn add_pages(site: &mut Site, lang: &Lang) -> Result<(), Error> {
    let config_path = site.config.source.path.clone();
    let description = site.strings.get(lang, "locations_description").to_owned();
    let mut index = None;
    for (position, (stem, path)) in places(&site.config).into_iter().enumerate() {
        let (rel, url) = page_place(&site.config, lang, &stem, &path);
        // The first place is the list; the others follow the order of `locations:`.
        let (title, template, extra) =
            match position.checked_sub(1).map(|i| &site.config.locations[i]) {
                None => (
                    site.strings.get(lang, "locations").to_owned(),
                    INDEX_TEMPLATE,
                    BTreeMap::new(),
                ),
                Some(location) => (
                    location.name.clone(),
                    PAGE_TEMPLATE,
                    BTreeMap::from([(
                        "location".to_owned(),
                        Extra::String(location.id.as_str().to_owned()),
                    )]),
                ),
            };
        let meta = FrontMatter {
            title,
            description: Some(description.clone()),
            template: Some((template.to_owned(), Location::file(&config_path))),
            extra,
            ..FrontMatter::default()
        };
        let mut page = Page::generated(
            config_path.clone(),
            rel,
            lang.clone(),
            format!("{stem}.md"),
            meta,
            url,
        );
        page.parent = index;
        let id = site.add_page(page)?;
        index = index.or(Some(id));
    }
    Ok(())
}

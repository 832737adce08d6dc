//! `location_pages`: a `/locations/` index and a page per location, made from `locations:` in portico.yaml.
//!
//! The practice fills in facts once (address, phones, hours, access notes); every language gets the same
//! pages under its own prefix, rendered with the theme's `locations.html` and `location.html`. Templates
//! get a `location_pages` variable: `index` (the list page) and each location id mapped to its page, so a
//! footer or home page can link to them. `location_pages: { enabled: false }` turns the pages off for a
//! practice whose only office is described elsewhere.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::{Plugin, page_place};
use crate::config::{Config, Lang, UrlPath};
use crate::content::{Extra, FrontMatter, Page, Site};
use crate::error::{Diagnostics, Error, Location};

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

#[derive(Debug)]
pub struct LocationPages {
    enabled: bool,
}

impl Default for LocationPages {
    fn default() -> Self {
        LocationPages { enabled: true }
    }
}

impl Plugin for LocationPages {
    fn name(&self) -> &'static str {
        "location_pages"
    }

    fn configure(&mut self, config: &Config, diagnostics: &mut Diagnostics) {
        if let Some(Some(table)) =
            diagnostics.take(config.source.table::<RawLocationPages>("location_pages"))
        {
            self.enabled = table.enabled;
        }
    }

    fn planned_pages(&self, config: &Config) -> Vec<(String, UrlPath)> {
        if !self.enabled || config.locations.is_empty() {
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
        let languages: Vec<Lang> = site.config.all_languages().cloned().collect();
        for lang in &languages {
            if !self.enabled || site.config.locations.is_empty() {
                site.set_data(lang, "location_pages", serde_json::Value::Null);
                continue;
            }
            match add_pages(site, lang) {
                Ok(urls) => site.set_data(lang, "location_pages", serde_json::json!(urls)),
                Err(error) => diagnostics.error(error),
            }
        }
    }
}

/// Adds the list page and one page per location for `lang`; returns their URLs (`index` and each id).
/// The list page and each location's page: `(stem, URL path)` as [`page_place`] takes them.
fn places(config: &Config) -> Vec<(String, String)> {
    let mut places = vec![("locations".to_owned(), "/locations/".to_owned())];
    for location in &config.locations {
        let id = location.id.as_str();
        places.push((format!("locations/{id}"), format!("/locations/{id}/")));
    }
    places
}

/// Adds the list page and one page per location for `lang`; returns their URLs (`index` and each id).
fn add_pages(site: &mut Site, lang: &Lang) -> Result<BTreeMap<String, String>, Error> {
    let config_path = site.config.source.path.clone();
    let description = site.strings.get(lang, "locations_description").to_owned();
    let mut urls = BTreeMap::new();
    let mut index = None;
    for (position, (stem, path)) in places(&site.config).into_iter().enumerate() {
        let (rel, url) = page_place(&site.config, lang, &stem, &path);
        // The first place is the list; the others follow the order of `locations:`.
        let (key, title, template, extra) =
            match position.checked_sub(1).map(|i| &site.config.locations[i]) {
                None => (
                    "index".to_owned(),
                    site.strings.get(lang, "locations").to_owned(),
                    INDEX_TEMPLATE,
                    BTreeMap::new(),
                ),
                Some(location) => (
                    location.id.as_str().to_owned(),
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
        urls.insert(key, site.config.base_url.path_for(&site.pages[id].url));
    }
    Ok(urls)
}

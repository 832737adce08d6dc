//! `location_pages`: a `/locations/` index and a page per location, made from `locations:` in portico.yaml.
//!
//! The practice fills in facts once (address, phones, hours, access notes); every language gets the same
//! pages under its own prefix, rendered with the theme's `locations.html` and `location.html`. Templates
//! get a `location_pages` variable: `index` (the list page) and each location id mapped to its page, so a
//! footer or home page can link to them. `location_pages: { enabled: false }` turns the pages off for a
//! practice whose only office is described elsewhere.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::Plugin;
use crate::config::{Config, Lang, UrlPath};
use crate::content::markdown::Rendered;
use crate::content::{Extra, FrontMatter, Page, PageKind, Site, Source};
use crate::error::{Diagnostics, Error, ErrorKind, Location};

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
fn add_pages(site: &mut Site, lang: &Lang) -> Result<BTreeMap<String, String>, Error> {
    let default = lang == &site.config.language;
    let prefix = if default {
        String::new()
    } else {
        format!("/{lang}")
    };
    let suffix = if default {
        String::new()
    } else {
        format!(".{lang}")
    };
    let config_path = site.config.source.path.clone();
    let description = site.strings.get(lang, "locations_description").to_owned();
    let page = |path: String, rel: String, key: String, title: String, template: &str, extra| {
        let url = UrlPath::dir(&path)
            .map_err(|invalid| Error::new(ErrorKind::Config, invalid.message))?;
        Ok::<Page, Error>(Page {
            source: Source {
                path: config_path.clone(),
                rel,
            },
            lang: lang.clone(),
            translation_key: key,
            kind: PageKind::Page,
            meta: FrontMatter {
                title,
                description: Some(description.clone()),
                template: Some((template.to_owned(), Location::file(&config_path))),
                extra,
                ..FrontMatter::default()
            },
            url,
            content: Rendered::default(),
            parent: None,
            data: BTreeMap::new(),
        })
    };
    let title = site.strings.get(lang, "locations").to_owned();
    let index = page(
        format!("{prefix}/locations/"),
        format!("locations{suffix}.md"),
        "locations.md".to_owned(),
        title,
        INDEX_TEMPLATE,
        BTreeMap::new(),
    )?;
    let index = site.add_page(index)?;
    let mut urls = BTreeMap::from([(
        "index".to_owned(),
        site.config.base_url.path_for(&site.pages[index].url),
    )]);
    let locations: Vec<(String, String)> = site
        .config
        .locations
        .iter()
        .map(|l| (l.id.as_str().to_owned(), l.name.clone()))
        .collect();
    for (id, name) in locations {
        let extra = BTreeMap::from([("location".to_owned(), Extra::String(id.clone()))]);
        let mut location_page = page(
            format!("{prefix}/locations/{id}/"),
            format!("locations/{id}{suffix}.md"),
            format!("locations/{id}.md"),
            name,
            PAGE_TEMPLATE,
            extra,
        )?;
        location_page.parent = Some(index);
        let added = site.add_page(location_page)?;
        urls.insert(id, site.config.base_url.path_for(&site.pages[added].url));
    }
    Ok(urls)
}

//! `portal`: the patient-portal entry page and the login links every template gets.
//!
//! A practice names its records vendor and portal address once, in `portal:`. The plugin checks every
//! link against the vendor's official hosts ([`registry`], [`url_check`]), adds the entry page
//! `/patient-portal/` in each language (or takes over `content/patient-portal.md` when the practice wrote
//! one), and gives templates a `portal` variable so headers, footers and location blocks link to the same
//! checked place. Without a `portal:` table, `portal` is `none` and no page is added.

mod checks;
pub mod describe;
mod lookalike;
pub mod registry;
mod settings;
pub mod url_check;

use std::collections::BTreeMap;

use serde::Serialize;

use super::{Plugin, page_place};
use crate::config::{Config, Lang, UrlPath};
use crate::content::{FrontMatter, Page, Site};
use crate::error::{Diagnostics, Location};
pub use registry::{Enrollment, LinkKind, Registry, Vendor};
pub use settings::{Feature, PortalLinks, PortalSettings};

/// The template the entry page is rendered with.
pub const TEMPLATE: &str = "portal.html";

/// Where the entry page lives (under `/CODE/` for other languages), and the content file that replaces it.
const PAGE_PATH: &str = "/patient-portal/";
const PAGE_SOURCE: &str = "patient-portal";

#[derive(Debug, Default)]
pub struct Portal {
    settings: Option<PortalSettings>,
}

impl Portal {
    pub fn settings(&self) -> Option<&PortalSettings> {
        self.settings.as_ref()
    }
}

impl Plugin for Portal {
    fn name(&self) -> &'static str {
        "portal"
    }

    fn configure(&mut self, config: &Config, diagnostics: &mut Diagnostics) {
        let registry = match Registry::built_in() {
            Ok(registry) => registry,
            Err(error) => return diagnostics.error(error),
        };
        self.settings = settings::read(config, &registry, diagnostics);
    }

    fn planned_pages(&self, config: &Config) -> Vec<(String, UrlPath)> {
        if self.settings.is_none() {
            return Vec::new();
        }
        config
            .all_languages()
            .map(|lang| page_place(config, lang, PAGE_SOURCE, PAGE_PATH))
            .collect()
    }

    fn transform(&self, site: &mut Site, diagnostics: &mut Diagnostics) {
        let languages: Vec<Lang> = site.config.all_languages().cloned().collect();
        let Some(settings) = &self.settings else {
            for lang in &languages {
                site.set_data(lang, "portal", serde_json::Value::Null);
            }
            return;
        };
        for lang in &languages {
            let page = match entry_page(site, lang) {
                Ok(id) => id,
                Err(error) => return diagnostics.error(error),
            };
            let page_url = site.config.base_url.path_for(&site.pages[page].url);
            let view = PortalView::new(settings, &site.config, page_url);
            match serde_json::to_value(&view) {
                Ok(value) => site.set_data(lang, "portal", value),
                Err(error) => diagnostics.error(crate::error::Error::new(
                    crate::error::ErrorKind::Config,
                    format!("could not prepare the portal data for templates: {error}"),
                )),
            }
        }
    }
}

/// The entry page of `lang`: the practice's own `content/patient-portal.md` (rendered with the portal
/// template unless it names another), or a page the plugin adds.
fn entry_page(site: &mut Site, lang: &Lang) -> Result<usize, crate::error::Error> {
    let (rel, url) = page_place(&site.config, lang, PAGE_SOURCE, PAGE_PATH);
    if let Some(id) = site.page_by_source(&rel) {
        let page = &mut site.pages[id];
        if page.meta.template.is_none() {
            page.meta.template = Some((TEMPLATE.to_owned(), Location::file(&page.source.path)));
        }
        return Ok(id);
    }
    let title = site.strings.get(lang, "portal_title").to_owned();
    let description = site.strings.get(lang, "portal_description").to_owned();
    let config_path = site.config.source.path.clone();
    let meta = FrontMatter {
        title,
        description: Some(description),
        template: Some((TEMPLATE.to_owned(), Location::file(config_path))),
        ..FrontMatter::default()
    };
    let path = site.config.content_dir().join(&rel);
    site.add_page(Page::generated(
        path,
        rel,
        lang.clone(),
        format!("{PAGE_SOURCE}.md"),
        meta,
        url,
    ))
}

/// The `portal` template variable.
#[derive(Debug, Serialize)]
struct PortalView<'a> {
    vendor: &'a str,
    vendor_name: &'a str,
    product: &'a str,
    login_url: &'a str,
    login_host: &'a str,
    enroll_url: Option<&'a str>,
    enrollment: &'a [Enrollment],
    billpay_url: Option<&'a str>,
    scheduling_url: Option<&'a str>,
    help_url: Option<&'a str>,
    app_store_url: Option<&'a str>,
    play_store_url: Option<&'a str>,
    apps: &'a [String],
    features: &'a [Feature],
    support_phone: Option<PhoneView<'a>>,
    verified: Option<String>,
    /// The entry page in the current language.
    page: String,
    /// The EMR/EHR explainer, once a plugin provides it.
    explainer_url: Option<String>,
    /// Every location's links: its own override, or the practice's.
    locations: BTreeMap<&'a str, LocationLinks<'a>>,
}

#[derive(Debug, Serialize)]
struct PhoneView<'a> {
    display: &'a str,
    tel: String,
}

#[derive(Debug, Serialize)]
struct LocationLinks<'a> {
    login_url: &'a str,
    login_host: &'a str,
    product: &'a str,
    vendor_name: &'a str,
}

impl<'a> PortalView<'a> {
    fn new(settings: &'a PortalSettings, config: &'a Config, page: String) -> Self {
        let links = &settings.links;
        let url = |u: &'a Option<url::Url>| u.as_ref().map(url::Url::as_str);
        let locations = config
            .locations
            .iter()
            .map(|location| {
                let links = settings
                    .locations
                    .get(location.id.as_str())
                    .unwrap_or(links);
                let view = LocationLinks {
                    login_url: links.login.as_str(),
                    login_host: links.login.host_str().unwrap_or_default(),
                    product: &links.vendor.product,
                    vendor_name: &links.vendor.name,
                };
                (location.id.as_str(), view)
            })
            .collect();
        PortalView {
            vendor: &links.vendor.id,
            vendor_name: &links.vendor.name,
            product: &links.vendor.product,
            login_url: links.login.as_str(),
            login_host: links.login.host_str().unwrap_or_default(),
            enroll_url: url(&links.enroll),
            enrollment: &links.vendor.enrollment,
            billpay_url: url(&links.billpay),
            scheduling_url: url(&links.scheduling),
            help_url: url(&links.help),
            app_store_url: url(&links.app_store),
            play_store_url: url(&links.play_store),
            apps: &links.vendor.apps,
            features: &settings.features,
            support_phone: links.support_phone.as_ref().map(|p| PhoneView {
                display: p.display(),
                tel: p.tel_href(),
            }),
            verified: settings.verified.map(|d| d.to_string()),
            page,
            explainer_url: None,
            locations,
        }
    }
}

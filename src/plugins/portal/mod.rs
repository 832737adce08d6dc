//! `portal`: the patient-portal entry page and the login links every template gets.
//!
//! A practice names its records vendor and portal address once, in `portal:`. The plugin checks every
//! link against the vendor's official hosts ([`registry`], [`url_check`]), adds the entry page
//! `/patient-portal/` in each language (or takes over `content/patient-portal.md` when the practice wrote
//! one), and gives templates a `portal` variable so headers, footers and location blocks link to the same
//! checked place. Without a `portal:` table, `portal` is `none` and no page is added.

mod checks;
pub mod describe;
pub(crate) mod lookalike;
pub mod registry;
mod settings;
pub mod url_check;

use std::collections::BTreeMap;

use super::{Configured, Plugin, Setup};
use crate::config::{Config, Lang, UrlPath};
use crate::content::Site;
use crate::error::Diagnostics;
use crate::views::{PhoneView, PluginViews, PortalLocationView, PortalView};
pub use registry::{Enrollment, LinkKind, Registry, Vendor};
pub use settings::{Feature, PortalLinks, PortalSettings};

/// The template the entry page is rendered with.
pub const TEMPLATE: &str = crate::content::PORTAL_TEMPLATE;

/// Where the entry page lives (under `/CODE/` for other languages), and the content file that replaces it.
const PAGE_PATH: &str = "/patient-portal/";
const PAGE_SOURCE: &str = "patient-portal";

/// The entry page, in every language.
const PAGE: super::OwnPage = super::OwnPage {
    stem: PAGE_SOURCE,
    path: PAGE_PATH,
    template: TEMPLATE,
    title: "portal_title",
    description: "portal_description",
};

#[derive(Debug, Default)]
pub struct Portal;

/// The portal of one site: its checked settings, `None` when it has no `portal:` table.
#[derive(Debug)]
pub struct SitePortal {
    settings: Option<PortalSettings>,
}

impl SitePortal {
    pub fn settings(&self) -> Option<&PortalSettings> {
        self.settings.as_ref()
    }
}

impl Plugin for Portal {
    fn name(&self) -> &'static str {
        "portal"
    }

    fn configure(
        &self,
        config: &Config,
        _: &Setup<'_>,
        diagnostics: &mut Diagnostics,
    ) -> Box<dyn Configured> {
        Box::new(Portal::read(config, diagnostics))
    }
}

impl Portal {
    /// The `portal` table read and checked against the vendor registry.
    pub fn read(config: &Config, diagnostics: &mut Diagnostics) -> SitePortal {
        let settings = match Registry::built_in() {
            Ok(registry) => settings::read(config, &registry, diagnostics),
            Err(error) => {
                diagnostics.error(error);
                None
            }
        };
        SitePortal { settings }
    }
}

impl Configured for SitePortal {
    fn planned_pages(&self, config: &Config) -> Vec<(String, UrlPath)> {
        if self.settings.is_none() {
            return Vec::new();
        }
        PAGE.places(config)
    }

    fn transform(&self, site: &mut Site, diagnostics: &mut Diagnostics) {
        if self.settings.is_none() {
            return;
        }
        let languages: Vec<Lang> = site.config.all_languages().cloned().collect();
        for lang in &languages {
            if let Err(error) = entry_page(site, lang) {
                return diagnostics.error(error);
            }
        }
    }

    fn views<'a>(&'a self, site: &'a Site, lang: &Lang, views: &mut PluginViews<'a>) {
        let Some(settings) = &self.settings else {
            return;
        };
        let url_of = |(rel, _): (String, UrlPath)| {
            site.page_by_source(&rel)
                .map(|id| site.config.base_url.path_for(&site.pages[id].url))
        };
        let Some(page) = url_of(PAGE.place(&site.config, lang)) else {
            return;
        };
        let explainer_url = url_of(crate::plugins::explainer::page_place_of(&site.config, lang));
        views.portal = Some(view(settings, &site.config, page, explainer_url));
    }
}

/// The entry page of `lang`: the practice's own `content/patient-portal.md`, or a page the plugin adds.
fn entry_page(site: &mut Site, lang: &Lang) -> Result<usize, crate::error::Error> {
    super::own_page(site, lang, &PAGE)
}

/// The `portal` template variable of one language.
fn view<'a>(
    settings: &'a PortalSettings,
    config: &'a Config,
    page: String,
    explainer_url: Option<String>,
) -> PortalView<'a> {
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
            let view = PortalLocationView {
                login_url: links.login.as_str(),
                login_host: links.login.host_str().unwrap_or_default(),
                product: &links.vendor.product,
                vendor_name: &links.vendor.name,
            };
            (location.id.as_str(), view)
        })
        .collect::<BTreeMap<_, _>>();
    let login_host = links.login.host_str().unwrap_or_default();
    let mut hosts = vec![login_host];
    let mut per_location = false;
    for location in &config.locations {
        let own = &locations[location.id.as_str()];
        per_location |= own.login_url != links.login.as_str();
        if !hosts.contains(&own.login_host) {
            hosts.push(own.login_host);
        }
    }
    PortalView {
        vendor: &links.vendor.id,
        vendor_name: &links.vendor.name,
        product: &links.vendor.product,
        login_url: links.login.as_str(),
        login_host,
        enroll_url: url(&links.enroll),
        enrollment: links.vendor.enrollment.iter().map(|e| e.key()).collect(),
        billpay_url: url(&links.billpay),
        scheduling_url: url(&links.scheduling),
        help_url: url(&links.help),
        app_store_url: url(&links.app_store),
        play_store_url: url(&links.play_store),
        apps: &links.vendor.apps,
        features: settings.features.iter().map(|f| f.key()).collect(),
        support_phone: links.support_phone.as_ref().map(PhoneView::new),
        verified: settings.verified.map(|d| d.to_string()),
        page,
        explainer_url,
        locations,
        per_location,
        hosts,
    }
}

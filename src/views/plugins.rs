//! What the plugins give templates: one typed view per built-in plugin, filled by the plugin itself
//! (`Configured::views` in the plugins module) from its own settings and the finished site.
//!
//! These views are the template contract for plugin data, as the page views are for pages: a theme
//! writes `portal.login_url` and `compliance.links`, and the fields here are what it may rely on. They
//! use only plain values, so this module knows nothing of the plugins and the plugins depend on it, not
//! the other way round. No plugin reads or changes another's view.

use std::collections::BTreeMap;

use serde::Serialize;

/// What the templates of one language get from the plugins, each view a top-level variable named like
/// its field. A view is `None` (a template's `none`) when its plugin has nothing for the site;
/// `extra` holds the variables of a library user's own plugins.
#[derive(Debug, Default, Serialize)]
pub struct PluginViews<'a> {
    pub brand: Option<BrandView>,
    pub portal: Option<PortalView<'a>>,
    /// The address of the locations page (`index`) and of each location's page (by its id).
    pub location_pages: Option<BTreeMap<&'a str, String>>,
    pub tags: Option<TagsView<'a>>,
    pub menus: Option<MenusView>,
    pub explainer: Option<ExplainerView<'a>>,
    pub insurance: Option<InsuranceView<'a>>,
    pub compliance: Option<ComplianceView<'a>>,
    pub search: Option<SearchView>,
    #[serde(flatten)]
    pub extra: BTreeMap<String, serde_json::Value>,
}

/// `menus`: the links of `menus:` in portico.yaml, in the current language. The main menu's also
/// reach templates merged with the pages that join it by weight, as `nav`.
#[derive(Debug, Clone, Serialize)]
pub struct MenusView {
    pub main: Vec<MenuEntryView>,
    pub footer: Vec<MenuEntryView>,
}

/// One menu link.
#[derive(Debug, Clone, Serialize)]
pub struct MenuEntryView {
    pub title: String,
    pub url: String,
    /// The language of the page it leads to, when that is not the current language (a page with no
    /// translation).
    pub hreflang: Option<String>,
    /// `noopener noreferrer` for a payment or scheduling service, `noopener` for another website,
    /// none for a page of the site.
    pub rel: Option<&'static str>,
    /// The page it leads to, for marking the current section in `nav`.
    #[serde(skip)]
    pub page: Option<crate::content::PageId>,
    #[serde(skip)]
    pub weight: Option<i64>,
}

/// `search`: the search page of the current language, which the header's search box opens.
#[derive(Debug, Serialize)]
pub struct SearchView {
    /// The search page's address; its index files are beside it.
    pub url: String,
    /// The page's script, for `asset()` and `integrity()`.
    pub script: &'static str,
}

/// `tags`: the topic pages of the current language.
#[derive(Debug, Serialize)]
pub struct TagsView<'a> {
    /// The page listing every topic.
    pub index: String,
    /// Every topic, in the order of their addresses.
    pub list: Vec<TagView<'a>>,
    /// Each name a page gives in `tags:`, with its topic's name and page: `tags.links[tag].url`.
    pub links: BTreeMap<&'a str, TagLink<'a>>,
}

/// Where a name in a page's `tags:` leads, and the topic's name in the page's language.
#[derive(Debug, Serialize)]
pub struct TagLink<'a> {
    pub name: &'a str,
    pub url: String,
}

/// One topic: its name, its page and how many pages it has.
#[derive(Debug, Serialize)]
pub struct TagView<'a> {
    pub name: &'a str,
    pub url: String,
    pub count: usize,
}

/// `brand`: the generated stylesheet that sets the practice's colours over the theme's.
#[derive(Debug, Serialize)]
pub struct BrandView {
    /// Its address, with the site's subpath (before fingerprinting: themes link it with `asset()`).
    pub stylesheet: String,
}

/// `portal`: the practice's patient portal and where each of its links goes.
#[derive(Debug, Serialize)]
pub struct PortalView<'a> {
    /// The vendor's id in Portico's registry (`epic-mychart`).
    pub vendor: &'a str,
    pub vendor_name: &'a str,
    pub product: &'a str,
    pub login_url: &'a str,
    /// The host of `login_url`, shown to patients so they can check where they sign in.
    pub login_host: &'a str,
    pub enroll_url: Option<&'a str>,
    /// How patients get an account (`activation_code`, `self_signup`, ...), in the registry's order.
    pub enrollment: Vec<&'static str>,
    pub billpay_url: Option<&'a str>,
    pub scheduling_url: Option<&'a str>,
    pub help_url: Option<&'a str>,
    pub app_store_url: Option<&'a str>,
    pub play_store_url: Option<&'a str>,
    pub apps: &'a [String],
    /// What patients can do in the portal (`messages`, `results`, ...).
    pub features: Vec<&'static str>,
    pub support_phone: Option<super::PhoneView<'a>>,
    /// The day the practice last checked the links (`2026-11-02`).
    pub verified: Option<String>,
    /// The entry page in the current language.
    pub page: String,
    /// The EMR/EHR explainer in the current language, when the site has it.
    pub explainer_url: Option<String>,
    /// Every location's sign-in: its own portal, or the practice's.
    pub locations: BTreeMap<&'a str, PortalLocationView<'a>>,
    /// Whether some location signs in somewhere else than the practice: then the page gives each
    /// location its own Log in button.
    pub per_location: bool,
    /// Every host patients may sign in at, the practice's first, each once: what to look for in the
    /// address bar.
    pub hosts: Vec<&'a str>,
}

impl PortalView<'_> {
    /// Every address of the vendor this view links to, for `vendor_href()`.
    pub fn vendor_urls(&self) -> impl Iterator<Item = &str> {
        [
            Some(self.login_url),
            self.enroll_url,
            self.billpay_url,
            self.scheduling_url,
            self.help_url,
            self.app_store_url,
            self.play_store_url,
        ]
        .into_iter()
        .flatten()
        .chain(self.locations.values().map(|l| l.login_url))
    }
}

/// One location's sign-in link, in `portal.locations`.
#[derive(Debug, Serialize)]
pub struct PortalLocationView<'a> {
    pub login_url: &'a str,
    pub login_host: &'a str,
    pub product: &'a str,
    pub vendor_name: &'a str,
}

/// `explainer`: the EMR/EHR page of the current language.
#[derive(Debug, Serialize)]
pub struct ExplainerView<'a> {
    pub url: String,
    pub title: &'a str,
}

/// `insurance`: the plans the practice takes, in the practice's order.
#[derive(Debug, Serialize)]
pub struct InsuranceView<'a> {
    pub plans: Vec<PlanView<'a>>,
    /// The day the practice last checked the list.
    pub verified: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct PlanView<'a> {
    pub name: &'a str,
    pub kind: Option<&'a str>,
    pub note: Option<&'a str>,
    pub networks: &'a [String],
}

/// `compliance`: the notices' pages, for every page's footer.
#[derive(Debug, Serialize)]
pub struct ComplianceView<'a> {
    pub links: Vec<NoticeLink<'a>>,
}

#[derive(Debug, Serialize)]
pub struct NoticeLink<'a> {
    /// The notice's id (`privacy`, `nondiscrimination`, ...).
    pub key: &'static str,
    pub url: String,
    /// Its legal name in the current language.
    pub title: &'a str,
}

//! What templates see: typed, borrowed views of the site, the same for every engine.
//!
//! These structs are the template contract. They borrow from the [`Site`] instead of copying it, the site
//! part is built once per language and shared by every page, and they serialize straight into each
//! engine's values (no hand-assembled JSON maps, which drift from the code that fills them).

mod plugins;
mod providers;

use std::collections::BTreeMap;

use serde::Serialize;

use crate::config::{Address, Config, Lang, Phone, PracticeLocation, UrlPath};
use crate::content::markdown::Heading;
use crate::content::{Extra, Page, PageId, PageKind, Provider, Site};
use crate::i18n::{Strings, Table};

pub use plugins::{
    BrandView, ComplianceView, ExplainerView, InsuranceView, MenuEntryView, MenusView, NoticeLink,
    PlanView, PluginViews, PortalLocationView, PortalView, SearchView, TagLink, TagView, TagsView,
};
pub use providers::{Clinician, ProviderDirectory, ProviderGroup};

/// What a template gets besides the page: the same for every page of a language, so each engine
/// converts it into its own values once per build ([`super::Engine::prepare`]), not once per page. With
/// a string table of two hundred entries, that conversion was a quarter of a build's instructions.
#[derive(Debug, Serialize)]
pub struct SharedContext<'a> {
    pub lang: &'a str,
    pub t: &'a Table,
    pub site: &'a SiteView<'a>,
    /// The values of the site's `data/` files, by name: `data.hours`, `data.team.nurses`.
    pub data: &'a BTreeMap<String, serde_json::Value>,
    /// What plugins give templates (`portal`, ...), as top-level variables.
    #[serde(flatten)]
    pub plugins: &'a PluginViews<'a>,
}

/// What a template gets for one page; together with [`SharedContext`], every variable it sees.
#[derive(Debug, Serialize)]
pub struct PageContext<'a> {
    pub nav: Vec<NavItem<'a>>,
    pub translations: Vec<TranslationView<'a>>,
    pub page: PageView<'a>,
    /// Only for section and home templates: the listed pages.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub section: Option<SectionView<'a>>,
    /// Only for a component's template (`components/NAME.html`): the call's arguments, by name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub args: Option<&'a std::collections::BTreeMap<String, crate::content::components::Arg>>,
    /// Only for a component's template: the HTML of the markdown between `{% name() %}` and
    /// `{% end %}` (empty for `{{ name() }}`), to print with `| safe`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct SiteView<'a> {
    pub name: &'a str,
    pub tagline: Option<&'a str>,
    pub description: Option<&'a str>,
    pub base_url: String,
    pub language: &'a str,
    pub practice: PracticeView<'a>,
    pub locations: Vec<LocationView<'a>>,
}

#[derive(Debug, Serialize)]
pub struct PracticeView<'a> {
    pub name: &'a str,
    #[serde(rename = "type")]
    pub kind: &'a str,
    pub phone: PhoneView<'a>,
    pub email: Option<&'a str>,
    /// The logo's URL (with the base URL's subpath).
    pub logo: Option<String>,
    /// The logo's site path, for `image(src=site.practice.logo_src, slot="logo")`.
    pub logo_src: Option<&'a str>,
    pub accepting_new_patients: bool,
}

#[derive(Debug, Serialize)]
pub struct PhoneView<'a> {
    pub display: &'a str,
    pub tel: String,
}

impl<'a> PhoneView<'a> {
    pub fn new(phone: &'a Phone) -> Self {
        PhoneView {
            display: phone.display(),
            tel: phone.tel_href(),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct LocationView<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub address: &'a Address,
    pub phone: PhoneView<'a>,
    pub fax: Option<PhoneView<'a>>,
    pub hours: Vec<HoursView>,
    /// The days (`Mo` ... `Su`, in week order) no entry of `hours` covers: the office is closed.
    pub closed_days: Vec<&'static str>,
    /// Holidays and other days with their own hours, in date order.
    pub holidays: Vec<HolidayView<'a>>,
    /// A plain link to directions on OpenStreetMap (no embedded map, no tracking).
    pub directions_url: String,
    pub accessibility: Option<&'a str>,
    pub parking: Option<&'a str>,
    /// The office's picture: `image(src=loc.photo.src, slot=...)` lays it out.
    pub photo: Option<PhotoView<'a>>,
}

/// A picture with its alt text in the page's language.
#[derive(Debug, Serialize)]
pub struct PhotoView<'a> {
    pub src: &'a str,
    pub alt: &'a str,
}

#[derive(Debug, Serialize)]
pub struct HoursView {
    pub days: Vec<&'static str>,
    pub days_label: String,
    pub opens: String,
    pub closes: String,
    pub opens_label: String,
    pub closes_label: String,
    /// The range ends after midnight, on the next day.
    pub overnight: bool,
}

#[derive(Debug, Serialize)]
pub struct HolidayView<'a> {
    pub from: DateView,
    /// The last day, when the holiday is longer than one day.
    pub through: Option<DateView>,
    pub label: Option<&'a str>,
    /// Both none when the office is closed.
    pub opens_label: Option<String>,
    pub closes_label: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct NavItem<'a> {
    pub title: std::borrow::Cow<'a, str>,
    pub url: String,
    pub active: bool,
    /// `noopener noreferrer` for a payment or scheduling service of `menus.main`, `noopener` for
    /// another website, none for a page of the site.
    pub rel: Option<&'static str>,
    /// The language of the page it leads to, when it is not the current one (a page of `menus.main`
    /// that has no translation).
    pub hreflang: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct TranslationView<'a> {
    pub lang: &'a str,
    pub name: &'a str,
    pub url: String,
    pub permalink: String,
    pub current: bool,
}

#[derive(Debug, Serialize)]
pub struct DateView {
    pub iso: String,
    pub label: String,
}

#[derive(Debug, Serialize)]
pub struct PageView<'a> {
    pub title: &'a str,
    pub description: Option<&'a str>,
    pub url: String,
    pub permalink: String,
    pub content: &'a str,
    pub summary: Option<&'a str>,
    /// The HTML after `<!-- more -->`, so a template can put something between the summary and the rest.
    pub after_summary: Option<&'a str>,
    pub toc: &'a [Heading],
    pub date: Option<DateView>,
    pub updated: Option<DateView>,
    pub tags: &'a [String],
    pub weight: Option<i64>,
    pub extra: &'a BTreeMap<String, Extra>,
    pub lang: &'a str,
    pub kind: &'static str,
    /// A clinician's facts, on provider pages.
    pub provider: Option<&'a Provider>,
    /// Whether patients type health or payment details here (the portal page, `/pay-my-bill/`, ...):
    /// such a page loads nothing from other sites and has no search box.
    pub sensitive: bool,
    /// The page's JSON-LD document (the `seo` plugin's), to go into a `<script>` as it is.
    pub structured_data: Option<&'a str>,
    /// The link-preview picture (`og:image`): `src` is a site path without the base URL's subpath,
    /// so `site.base_url ~ src` is its full address.
    pub share_image: Option<&'a crate::content::ShareImage>,
    /// What a library user's plugins attached to the page.
    pub data: &'a BTreeMap<String, serde_json::Value>,
}

#[derive(Debug, Serialize)]
pub struct SectionView<'a> {
    #[serde(flatten)]
    pub page: PageView<'a>,
    pub pages: Vec<PageView<'a>>,
    pub subsections: Vec<PageView<'a>>,
    /// The section's clinicians grouped for a directory page, when any of its pages has a `provider:`
    /// block: worked out here, so that a template in either engine only lays them out.
    pub providers: Option<ProviderDirectory<'a>>,
    /// The pages of the list when `paginate_by` splits it; `pages` is then this page's share.
    pub paginator: Option<PaginatorView>,
}

/// Where a page of a split list stands, with the links between the list's pages and their words.
#[derive(Debug, Serialize)]
pub struct PaginatorView {
    pub number: usize,
    pub count: usize,
    /// `Page 2 of 4`, in the page's language.
    pub label: String,
    /// What the links' `<nav>` is called for a screen reader (`Pages of this list`).
    pub nav_label: String,
    pub previous: Option<ListLink>,
    pub next: Option<ListLink>,
    /// The first and last page of the list and the two on each side of this one, in order (a list of
    /// a thousand pages would otherwise put a thousand links on each of them).
    pub pages: Vec<ListLink>,
}

/// A link to one page of a split list.
#[derive(Debug, Serialize)]
pub struct ListLink {
    pub number: usize,
    pub url: String,
    /// `Page 2` (or `Previous page`), for the link's name.
    pub label: String,
    pub current: bool,
    /// Whether pages are left out between this link and the one before it (a theme shows `…`).
    pub gap_before: bool,
}

static EMPTY_DATA: BTreeMap<String, serde_json::Value> = BTreeMap::new();

/// Builds views; holds what every view needs.
#[derive(Debug, Clone, Copy)]
pub struct Views<'a> {
    pub site: &'a Site,
    pub strings: &'a Strings,
}

impl<'a> Views<'a> {
    pub fn site(&self, lang: &'a Lang) -> SiteView<'a> {
        let config: &'a Config = &self.site.config;
        let practice = &config.practice;
        SiteView {
            name: &practice.name,
            tagline: practice.tagline.as_ref().map(|t| t.get(lang)),
            description: practice.description.as_ref().map(|d| d.get(lang)),
            base_url: config.base_url.to_string(),
            language: config.language.as_str(),
            practice: PracticeView {
                name: &practice.name,
                kind: &practice.kind,
                phone: PhoneView::new(&practice.phone),
                email: practice.email.as_deref(),
                logo: practice
                    .logo
                    .as_ref()
                    .map(|logo| config.base_url.path_for(logo)),
                logo_src: practice.logo.as_ref().map(UrlPath::as_str),
                accepting_new_patients: practice.accepting_new_patients,
            },
            locations: config
                .locations
                .iter()
                .map(|l| self.location(l, lang))
                .collect(),
        }
    }

    fn location(&self, location: &'a PracticeLocation, lang: &Lang) -> LocationView<'a> {
        LocationView {
            directions_url: directions_url(&location.address),
            accessibility: location.accessibility.as_ref().map(|t| t.get(lang)),
            parking: location.parking.as_ref().map(|t| t.get(lang)),
            photo: location.photo.as_ref().map(|photo| PhotoView {
                src: photo.src.as_str(),
                alt: photo.alt.get(lang),
            }),
            id: location.id.as_str(),
            name: &location.name,
            address: &location.address,
            phone: PhoneView::new(&location.phone),
            fax: location.fax.as_ref().map(PhoneView::new),
            hours: location
                .hours
                .iter()
                .map(|h| HoursView {
                    days: h.days.iter().map(|d| d.code()).collect(),
                    days_label: self.strings.days_label(lang, &h.days),
                    opens: h.opens.iso(),
                    closes: h.closes.iso(),
                    opens_label: self.strings.time_label(lang, h.opens),
                    closes_label: self.strings.time_label(lang, h.closes),
                    overnight: h.overnight,
                })
                .collect(),
            closed_days: crate::config::Weekday::ALL
                .into_iter()
                .filter(|day| !location.hours.iter().any(|h| h.days.contains(day)))
                .map(crate::config::Weekday::code)
                .collect(),
            holidays: location
                .holidays
                .iter()
                // A holiday that is over tells patients nothing.
                .filter(|h| h.through >= self.site.config.today)
                .map(|h| HolidayView {
                    from: self.date(lang, h.from),
                    through: (h.through != h.from).then(|| self.date(lang, h.through)),
                    label: h.label.as_ref().map(|l| l.get(lang)),
                    opens_label: h
                        .hours
                        .map(|(opens, _)| self.strings.time_label(lang, opens)),
                    closes_label: h
                        .hours
                        .map(|(_, closes)| self.strings.time_label(lang, closes)),
                })
                .collect(),
        }
    }

    fn date(&self, lang: &Lang, date: crate::config::Date) -> DateView {
        DateView {
            iso: date.to_string(),
            label: self.strings.date_label(lang, date),
        }
    }

    pub fn page(&self, id: PageId) -> PageView<'a> {
        let page: &'a Page = &self.site.pages[id];
        let base = &self.site.config.base_url;
        let date = |d: Option<crate::config::Date>| {
            d.map(|d| DateView {
                iso: d.to_string(),
                label: self.strings.date_label(&page.lang, d),
            })
        };
        PageView {
            title: &page.meta.title,
            description: page.meta.description.as_deref(),
            url: base.path_for(&page.url),
            permalink: base.permalink(&page.url),
            content: &page.content.html,
            summary: page.content.summary.as_deref(),
            after_summary: page.content.after_summary(),
            toc: &page.content.toc,
            date: date(page.meta.date),
            updated: date(page.meta.updated),
            tags: &page.meta.tags,
            weight: page.meta.weight,
            extra: &page.meta.extra,
            lang: page.lang.as_str(),
            structured_data: page.structured_data.as_deref(),
            share_image: page.share_image.as_ref(),
            data: &page.data,
            provider: page.meta.provider.as_ref(),
            sensitive: self.site.is_sensitive(id),
            kind: match page.kind {
                PageKind::Home => "home",
                PageKind::Section => "section",
                PageKind::Page => "page",
                PageKind::NotFound => "not_found",
            },
        }
    }

    /// The section view of a section, or of a later page of its split list (which shows its share of
    /// the pages, and no subsections: those are on the first page with the section's text).
    pub fn section(&self, id: PageId) -> Option<SectionView<'a>> {
        let at = self.site.list_page(id)?;
        let section = &self.site.sections[&at.section];
        let shown = self.site.listed_on(at);
        Some(SectionView {
            page: self.page(id),
            pages: shown.iter().map(|&p| self.listed(p)).collect(),
            subsections: if at.number == 1 {
                section
                    .subsections
                    .iter()
                    .map(|&p| self.listed(p))
                    .collect()
            } else {
                Vec::new()
            },
            providers: self.provider_directory(&self.site.pages[id].lang, shown),
            paginator: self.paginator(&section.pagination, at.number),
        })
    }

    /// The links of a split list (`pages`, the section first) seen from its page `number`.
    fn paginator(&self, pages: &[PageId], number: usize) -> Option<PaginatorView> {
        let first = *pages.first()?;
        let lang = &self.site.pages[first].lang;
        let base = &self.site.config.base_url;
        let words = |key: &str, n: usize| {
            self.strings
                .get(lang, key)
                .replace("{number}", &n.to_string())
                .replace("{count}", &pages.len().to_string())
        };
        let link = |n: usize, key: &str| ListLink {
            number: n,
            url: base.path_for(&self.site.pages[pages[n - 1]].url),
            label: words(key, n),
            current: n == number,
            gap_before: false,
        };
        let count = pages.len();
        let mut shown: Vec<ListLink> = Vec::new();
        for n in 1..=count {
            if n == 1 || n == count || n.abs_diff(number) <= 2 {
                let gap_before = shown.last().is_some_and(|last| last.number + 1 < n);
                shown.push(ListLink {
                    gap_before,
                    ..link(n, "list_page_number")
                });
            }
        }
        Some(PaginatorView {
            number,
            count: pages.len(),
            label: words("list_page_of", number),
            nav_label: self.strings.get(lang, "list_pages").to_owned(),
            previous: (number > 1).then(|| link(number - 1, "list_previous")),
            next: (number < pages.len()).then(|| link(number + 1, "list_next")),
            pages: shown,
        })
    }

    /// A page as a list shows it: everything but its full text, table of contents and plugin data, which
    /// would make a section of thousands of pages copy megabytes into the template engine per render.
    fn listed(&self, id: PageId) -> PageView<'a> {
        PageView {
            content: "",
            after_summary: None,
            toc: &[],
            structured_data: None,
            share_image: None,
            data: &EMPTY_DATA,
            ..self.page(id)
        }
    }

    /// The navigation of `lang`, marking the item that is `current` or contains it: the pages that join
    /// it by `weight` and the entries of `menus.main` (`menu`), by weight, an entry without one after
    /// the others in the order written. An entry for a page that joins by weight replaces it.
    pub fn nav(
        &self,
        lang: &Lang,
        current: Option<PageId>,
        menu: &[MenuEntryView],
    ) -> Vec<NavItem<'a>> {
        let base = &self.site.config.base_url;
        let mut ancestors = Vec::new();
        let mut at = current;
        while let Some(id) = at {
            ancestors.push(id);
            at = self.site.pages[id].parent;
        }
        let pages = self.site.navigation(lang);
        let mut items: Vec<(i64, NavItem<'a>)> = pages
            .iter()
            .filter(|&&id| !menu.iter().any(|entry| entry.page == Some(id)))
            .map(|&id| {
                let page = &self.site.pages[id];
                let item = NavItem {
                    title: page.meta.title.as_str().into(),
                    url: base.path_for(&page.url),
                    active: ancestors.contains(&id),
                    rel: None,
                    hreflang: None,
                };
                (page.meta.weight.unwrap_or(i64::MAX), item)
            })
            .collect();
        items.extend(menu.iter().map(|entry| {
            let weight = entry
                .weight
                .or_else(|| entry.page.and_then(|id| self.site.pages[id].meta.weight));
            let item = NavItem {
                title: entry.title.clone().into(),
                url: entry.url.clone(),
                active: entry.page.is_some_and(|id| ancestors.contains(&id)),
                rel: entry.rel,
                hreflang: entry.hreflang.clone(),
            };
            (weight.unwrap_or(i64::MAX), item)
        }));
        // A stable sort: pages keep their order by weight and title, and entries the order written.
        items.sort_by_key(|(weight, _)| *weight);
        items.into_iter().map(|(_, item)| item).collect()
    }

    /// The languages a page exists in; for the 404 page (no page id), each language's home.
    pub fn translations(&self, current: Option<PageId>, lang: &Lang) -> Vec<TranslationView<'a>> {
        let base = &self.site.config.base_url;
        let ids: Vec<PageId> = match current {
            Some(id) => self.site.translations(id).to_vec(),
            None => Vec::new(),
        };
        ids.into_iter()
            .map(|id| {
                let page = &self.site.pages[id];
                TranslationView {
                    lang: page.lang.as_str(),
                    name: self.strings.get(&page.lang, "language_name"),
                    url: base.path_for(&page.url),
                    permalink: base.permalink(&page.url),
                    current: &page.lang == lang,
                }
            })
            .collect()
    }
}

/// An OpenStreetMap search for the address: a plain link that works without any script on our side.
fn directions_url(address: &Address) -> String {
    let query = format!(
        "{}, {}, {} {}, {}",
        address.street, address.city, address.region, address.postal_code, address.country
    );
    url::Url::parse_with_params("https://www.openstreetmap.org/search", [("query", query)])
        .map_or_else(
            |_| "https://www.openstreetmap.org/".to_owned(),
            String::from,
        )
}

//! `menus`: the links of the main menu and the footer, from `portico.yaml`.
//!
//! ```yaml
//! menus:
//!   main:
//!     - page: "@/providers/_index.md"       # a page of the site, checked; its title unless `label`
//!       weight: 15
//!     - url: https://pay.example-billing.com/maple-street
//!       label: { en: Pay my bill, es: Pagar mi cuenta }
//!       service: payment                    # or scheduling: checked like a portal link
//!       vendor: athenahealth                # optional: the address must be on its bill-pay hosts
//!   footer:
//!     - page: "@/accessibility.md"
//! ```
//!
//! Pages still join the main menu with a `weight` in their front matter; a `main` entry for such a page
//! replaces it (with its own label and weight). Entries sort with the pages by weight; an entry without
//! one comes after them, in the order written. An internal entry links the page's translation in each
//! language (else the page itself). An external entry must be https; one that says it is a `payment` or
//! `scheduling` service is where patients type card numbers or their health details, so it gets the
//! portal links' checks (no user name, port, IP address or punycode; the vendor's official hosts when
//! `vendor:` names one; refused when it poses as a records vendor's address) and opens with
//! `rel="noopener noreferrer"`, so the practice's page address is not sent along. The footer's entries
//! are in the order written.

use std::collections::HashMap;

use serde::Deserialize;
use serde_saphyr::Spanned;

use super::portal::url_check::{self, Allowed};
use super::portal::{LinkKind, Registry};
use super::{Configured, Mode, Plugin, Setup};
use crate::config::yaml::suggest;
use crate::config::{Config, Lang};
use crate::content::{PageKind, Site};
use crate::error::{Diagnostics, Error, ErrorKind, Location};
use crate::views::{MenuEntryView, MenusView, PluginViews};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMenus {
    #[serde(default)]
    main: Vec<Spanned<RawEntry>>,
    #[serde(default)]
    footer: Vec<Spanned<RawEntry>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    #[serde(default)]
    page: Option<Spanned<String>>,
    #[serde(default)]
    url: Option<Spanned<String>>,
    #[serde(default)]
    label: Option<Spanned<RawLabel>>,
    #[serde(default)]
    weight: Option<i64>,
    #[serde(default)]
    service: Option<Spanned<String>>,
    #[serde(default)]
    vendor: Option<Spanned<String>>,
}

/// One label for every language, or one per language code. (An untagged enum reads its value
/// through a buffer that drops positions, so mistakes inside are reported at the label's own.)
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum RawLabel {
    One(String),
    PerLanguage(HashMap<String, String>),
}

/// The services whose links get the portal links' checks.
const SERVICES: &[&str] = &["payment", "scheduling"];

#[derive(Debug, Default)]
pub struct Menus;

/// Where an entry leads.
#[derive(Debug)]
enum Target {
    /// A page, by its name under `content/` (`providers/_index.md`), with where it is written.
    Page(String, Location),
    /// An address on another website; `service` when it is a payment or scheduling service.
    External { url: String, service: bool },
}

#[derive(Debug)]
struct Entry {
    target: Target,
    /// The label in the default language, and in others by code.
    label: Option<(String, Vec<(String, String)>)>,
    weight: Option<i64>,
}

/// The menus of one site, checked.
#[derive(Debug)]
struct SiteMenus {
    main: Vec<Entry>,
    footer: Vec<Entry>,
}

impl Plugin for Menus {
    fn name(&self) -> &'static str {
        "menus"
    }

    fn configure(
        &self,
        config: &Config,
        setup: &Setup<'_>,
        diagnostics: &mut Diagnostics,
    ) -> Box<dyn Configured> {
        let table = diagnostics
            .take(config.source.table::<RawMenus>("menus"))
            .flatten();
        // A kit's pages live on the practice's own website, which has its own menus.
        let Some(table) = table.filter(|_| setup.mode != Mode::Kit) else {
            return Box::new(SiteMenus {
                main: Vec::new(),
                footer: Vec::new(),
            });
        };
        let registry = match Registry::built_in() {
            Ok(registry) => registry,
            Err(error) => {
                diagnostics.error(error);
                return Box::new(SiteMenus {
                    main: Vec::new(),
                    footer: Vec::new(),
                });
            }
        };
        let mut check = Check {
            config,
            registry: &registry,
            diagnostics,
        };
        let main = check.entries("main", table.main);
        let footer = check.entries("footer", table.footer);
        Box::new(SiteMenus { main, footer })
    }
}

/// Checks the entries of one menu, reporting every mistake at its line.
struct Check<'c> {
    config: &'c Config,
    registry: &'c Registry,
    diagnostics: &'c mut Diagnostics,
}

impl Check<'_> {
    fn entries(&mut self, menu: &str, raw: Vec<Spanned<RawEntry>>) -> Vec<Entry> {
        raw.into_iter()
            .enumerate()
            .filter_map(|(index, entry)| self.entry(&format!("menus.{menu}[{index}]"), entry))
            .collect()
    }

    fn error(&mut self, at: serde_saphyr::Location, message: String, help: &str) {
        let source = self.config.source.yaml();
        self.diagnostics
            .error(source.error_at(at, message).with_help(help));
    }

    fn entry(&mut self, key: &str, raw: Spanned<RawEntry>) -> Option<Entry> {
        let at = raw.referenced;
        let raw = raw.value;
        let label = raw.label.and_then(|label| self.label(key, label));
        let target = match (raw.page, raw.url) {
            (Some(page), None) => {
                if raw.service.is_some() || raw.vendor.is_some() {
                    self.error(
                        at,
                        format!("`{key}`: `service` and `vendor` are for links to other websites"),
                        "remove them: a page of the site needs no host check",
                    );
                }
                let Some(rel) = page.value.strip_prefix("@/") else {
                    self.error(
                        page.referenced,
                        format!("`{key}.page`: `{}` does not start with `@/`", page.value),
                        "name the page's file under content/, like `@/about.md`; a link to another website goes in `url:`",
                    );
                    return None;
                };
                Target::Page(
                    rel.to_owned(),
                    self.config.source.yaml().location(page.referenced),
                )
            }
            (None, Some(url)) => {
                if label.is_none() {
                    self.error(
                        at,
                        format!("`{key}` links to another website but has no `label`"),
                        "add `label:` with the words patients see, like `label: Pay my bill`",
                    );
                }
                self.external(key, &url, raw.service.as_ref(), raw.vendor.as_ref())?
            }
            _ => {
                self.error(
                    at,
                    format!("`{key}` needs either `page:` or `url:`"),
                    "write `page: \"@/about.md\"` for a page of the site, or `url: https://...` for another website",
                );
                return None;
            }
        };
        Some(Entry {
            target,
            label,
            weight: raw.weight,
        })
    }

    /// An https address; a payment or scheduling service's also gets the portal links' checks.
    fn external(
        &mut self,
        key: &str,
        url: &Spanned<String>,
        service: Option<&Spanned<String>>,
        vendor: Option<&Spanned<String>>,
    ) -> Option<Target> {
        let kind = match service {
            None => None,
            Some(s) if s.value == "payment" => Some(LinkKind::BillPay),
            Some(s) if s.value == "scheduling" => Some(LinkKind::Scheduling),
            Some(s) => {
                let help =
                    crate::config::yaml::did_you_mean(&s.value, SERVICES.iter().copied(), || {
                        "write `payment` or `scheduling`, or remove `service`".to_owned()
                    });
                self.error(
                    s.referenced,
                    format!(
                        "`{key}.service`: `{}` is not a service Portico knows",
                        s.value
                    ),
                    &help,
                );
                return None;
            }
        };
        if let (Some(vendor), None) = (vendor, kind) {
            self.error(
                vendor.referenced,
                format!("`{key}.vendor` needs `service: payment` or `service: scheduling`"),
                "say which of the vendor's services the link is for, or remove `vendor`",
            );
            return None;
        }
        let checked = match (kind, vendor) {
            (Some(kind), Some(id)) => {
                let Some(vendor) = self.registry.get(&id.value) else {
                    let help = self.registry.suggest(&id.value).map_or_else(
                        || "run `portico vendors` for the list".to_owned(),
                        |near| format!("did you mean `{near}`?"),
                    );
                    self.error(
                        id.referenced,
                        format!(
                            "`{key}.vendor`: `{}` is not a vendor Portico knows",
                            id.value
                        ),
                        &help,
                    );
                    return None;
                };
                vendor.check(&url.value, kind, &[])
            }
            _ => url_check::check(&url.value, Allowed::AnyHost),
        };
        let checked = match checked {
            Ok(checked) => checked,
            Err(rejected) => {
                self.error(
                    url.referenced,
                    format!("`{key}.url`: {}", rejected.0),
                    "use the https:// address the service gave the practice, exactly as it is",
                );
                return None;
            }
        };
        if kind.is_some()
            && vendor.is_none()
            && let Some(posed) = super::portal::lookalike::impersonated(self.registry, &url.value)
        {
            self.error(
                url.referenced,
                format!(
                    "`{key}.url`: `{}` looks like an address of {}, which it is not",
                    url.value, posed.name
                ),
                &format!(
                    "if the link is {}'s, write `vendor: {}` so the address is checked against its official hosts; an address that only looks like one of them is how phishing pages work",
                    posed.name, posed.id
                ),
            );
            return None;
        }
        Some(Target::External {
            url: checked.to_string(),
            service: kind.is_some(),
        })
    }

    /// A label for every language, or one per language of the site (the default one required).
    fn label(
        &mut self,
        key: &str,
        raw: Spanned<RawLabel>,
    ) -> Option<(String, Vec<(String, String)>)> {
        let at = raw.referenced;
        match raw.value {
            RawLabel::One(text) => Some((text, Vec::new())),
            RawLabel::PerLanguage(map) => {
                let default = self.config.language.as_str().to_owned();
                let mut first = None;
                let mut others = Vec::new();
                for (code, text) in map {
                    if code == default {
                        first = Some(text);
                    } else if self.config.all_languages().any(|l| l.as_str() == code) {
                        others.push((code, text));
                    } else {
                        self.error(
                            at,
                            format!("`{key}.label`: `{code}` is not one of the site's languages"),
                            "add it to `languages:` or remove this label",
                        );
                    }
                }
                if first.is_none() {
                    self.error(
                        at,
                        format!("`{key}.label` has no `{default}` version"),
                        &format!("add `{default}: ...` for the site's default language"),
                    );
                }
                others.sort();
                first.map(|first| (first, others))
            }
        }
    }
}

impl Configured for SiteMenus {
    /// Every `page:` entry must name a page of the site.
    fn transform(&self, site: &mut Site, diagnostics: &mut Diagnostics) {
        for entry in self.main.iter().chain(&self.footer) {
            if let Target::Page(rel, at) = &entry.target
                && site.page_by_source(rel).is_none()
            {
                let names = site
                    .pages
                    .iter()
                    .filter(|p| p.kind != PageKind::NotFound)
                    .map(|p| p.source.rel.as_str());
                let help = suggest(rel, names).map_or_else(
                    || "name a markdown file under content/, like `@/about.md`".to_owned(),
                    |near| format!("did you mean `@/{near}`?"),
                );
                diagnostics.error(
                    Error::new(
                        ErrorKind::Config,
                        format!("the menu links to `@/{rel}`, but the site has no such page"),
                    )
                    .at(at.clone())
                    .with_help(help),
                );
            }
        }
    }

    fn views<'a>(&'a self, site: &'a Site, lang: &Lang, views: &mut PluginViews<'a>) {
        if self.main.is_empty() && self.footer.is_empty() {
            return;
        }
        let view = |entries: &[Entry]| -> Vec<MenuEntryView> {
            entries
                .iter()
                .filter_map(|entry| entry_view(site, lang, entry))
                .collect()
        };
        views.menus = Some(MenusView {
            main: view(&self.main),
            footer: view(&self.footer),
        });
    }
}

/// An entry as `lang`'s templates see it: a page in `lang` if it has a translation, else as it is.
fn entry_view(site: &Site, lang: &Lang, entry: &Entry) -> Option<MenuEntryView> {
    let label = entry.label.as_ref().map(|(default, others)| {
        others
            .iter()
            .find(|(code, _)| code == lang.as_str())
            .map_or(default.as_str(), |(_, text)| text.as_str())
    });
    match &entry.target {
        Target::Page(rel, _) => {
            let original = site.page_by_source(rel)?;
            let page = site
                .translations(original)
                .iter()
                .copied()
                .find(|&id| &site.pages[id].lang == lang)
                .unwrap_or(original);
            Some(MenuEntryView {
                title: label.unwrap_or(&site.pages[page].meta.title).to_owned(),
                url: site.config.base_url.path_for(&site.pages[page].url),
                hreflang: (&site.pages[page].lang != lang)
                    .then(|| site.pages[page].lang.as_str().to_owned()),
                page: Some(page),
                weight: entry.weight,
                rel: None,
            })
        }
        Target::External { url, service } => Some(MenuEntryView {
            title: label.unwrap_or(url).to_owned(),
            url: url.clone(),
            hreflang: None,
            page: None,
            weight: entry.weight,
            rel: Some(if *service {
                "noopener noreferrer"
            } else {
                "noopener"
            }),
        }),
    }
}

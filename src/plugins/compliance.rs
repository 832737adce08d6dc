//! `compliance`: where the notices a US practice site must carry live, so that every page links to them and
//! `portico check` can tell when one is missing.
//!
//! The notices are the practice's legal text, and Portico never writes it: this plugin only knows each
//! notice's place (a page of the site, written by the practice), links it from every footer under the
//! name patients and auditors look for, and lists the languages whose taglines the language-assistance page
//! must carry. `portico init` and `content-example` ship starter pages marked `sample: true`.
//!
//! Templates get `compliance` (always present): `links`, each `{ key, url, title }` for the notices that
//! exist, in the page's language where a translation exists. Keys of the table (all optional):
//!
//! ```yaml
//! compliance:
//!   privacy_notice: /notice-of-privacy-practices/   # each a site path relative to the language root
//!   nondiscrimination: /nondiscrimination/
//!   language_assistance: /language-assistance/
//!   billing_rights: /billing-rights/
//!   good_faith_estimate: /good-faith-estimate/
//!   accessibility: /accessibility/
//!   taglines: [es, vi, zh]                          # languages with a tagline on the language page
//!   emergency_number: "911"
//!   employees: 12                                   # 15 or more need a §504 grievance procedure
//! ```

use serde::Deserialize;
use serde_saphyr::Spanned;

use super::{Configured, Mode, Plugin, Setup};
use crate::config::{Config, Lang, UrlPath};
use crate::content::Site;
use crate::error::Diagnostics;
use crate::views::{ComplianceView, NoticeLink, PluginViews};

/// A notice the site must carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Notice {
    PrivacyNotice,
    Nondiscrimination,
    LanguageAssistance,
    BillingRights,
    GoodFaithEstimate,
    Accessibility,
}

impl Notice {
    pub const ALL: [Notice; 6] = [
        Notice::PrivacyNotice,
        Notice::Nondiscrimination,
        Notice::LanguageAssistance,
        Notice::BillingRights,
        Notice::GoodFaithEstimate,
        Notice::Accessibility,
    ];

    /// The key under `compliance:`.
    pub fn key(self) -> &'static str {
        match self {
            Notice::PrivacyNotice => "privacy_notice",
            Notice::Nondiscrimination => "nondiscrimination",
            Notice::LanguageAssistance => "language_assistance",
            Notice::BillingRights => "billing_rights",
            Notice::GoodFaithEstimate => "good_faith_estimate",
            Notice::Accessibility => "accessibility",
        }
    }

    fn default_path(self) -> &'static str {
        match self {
            Notice::PrivacyNotice => "/notice-of-privacy-practices/",
            Notice::Nondiscrimination => "/nondiscrimination/",
            Notice::LanguageAssistance => "/language-assistance/",
            Notice::BillingRights => "/billing-rights/",
            Notice::GoodFaithEstimate => "/good-faith-estimate/",
            Notice::Accessibility => "/accessibility/",
        }
    }

    /// The string-table key of the name the footer link carries ("Notice of Privacy Practices").
    pub fn label_key(self) -> &'static str {
        match self {
            Notice::PrivacyNotice => "notice_privacy",
            Notice::Nondiscrimination => "notice_nondiscrimination",
            Notice::LanguageAssistance => "notice_language_assistance",
            Notice::BillingRights => "notice_billing_rights",
            Notice::GoodFaithEstimate => "notice_good_faith_estimate",
            Notice::Accessibility => "notice_accessibility",
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCompliance {
    privacy_notice: Option<Spanned<String>>,
    nondiscrimination: Option<Spanned<String>>,
    language_assistance: Option<Spanned<String>>,
    billing_rights: Option<Spanned<String>>,
    good_faith_estimate: Option<Spanned<String>>,
    accessibility: Option<Spanned<String>>,
    #[serde(default)]
    taglines: Vec<Spanned<String>>,
    emergency_number: Option<String>,
    /// How many people the practice employs: 15 or more need a §504 grievance procedure (45 CFR 84.7).
    employees: Option<u32>,
}

/// The checked `compliance` table, with defaults filled in.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Each notice with its site path in the default language.
    pub notices: Vec<(Notice, UrlPath)>,
    /// The languages the language-assistance page must have a tagline in.
    pub taglines: Vec<Lang>,
    /// The number to call in an emergency, which the portal and contact pages must show.
    pub emergency_number: String,
    /// Employees, when the practice says: `portico check` asks for a grievance procedure at 15 or more.
    pub employees: Option<u32>,
}

impl Settings {
    /// Reads `compliance:` from the site's config, recording problems in `diagnostics`.
    pub fn load(config: &Config, diagnostics: &mut Diagnostics) -> Settings {
        let raw = diagnostics
            .take(config.source.table::<RawCompliance>("compliance"))
            .flatten()
            .unwrap_or_default();
        let source = config.source.yaml();
        let given = [
            &raw.privacy_notice,
            &raw.nondiscrimination,
            &raw.language_assistance,
            &raw.billing_rights,
            &raw.good_faith_estimate,
            &raw.accessibility,
        ];
        let notices = Notice::ALL
            .into_iter()
            .zip(given)
            .filter_map(|(notice, given)| {
                let Some(text) = given else {
                    return UrlPath::dir(notice.default_path())
                        .ok()
                        .map(|p| (notice, p));
                };
                match UrlPath::dir(&text.value) {
                    Ok(path) => Some((notice, path)),
                    Err(invalid) => {
                        diagnostics.error(
                            source
                                .error_at(
                                    text.referenced,
                                    format!("`compliance.{}`: {}", notice.key(), invalid.message),
                                )
                                .with_help(invalid.help),
                        );
                        None
                    }
                }
            })
            .collect();
        let taglines = raw
            .taglines
            .iter()
            .filter_map(|t| match Lang::parse(&t.value) {
                Ok(lang) => Some(lang),
                Err(invalid) => {
                    diagnostics.error(
                        source
                            .error_at(
                                t.referenced,
                                format!("`compliance.taglines`: {}", invalid.message),
                            )
                            .with_help(invalid.help),
                    );
                    None
                }
            })
            .collect();
        Settings {
            notices,
            taglines,
            emergency_number: raw.emergency_number.unwrap_or_else(|| "911".to_owned()),
            employees: raw.employees,
        }
    }

    /// The page of `notice` in `lang`: its translation there, or the default-language page.
    pub fn page(&self, site: &Site, notice: Notice, lang: &Lang) -> Option<usize> {
        let (_, path) = self.notices.iter().find(|(n, _)| *n == notice)?;
        let original = site
            .pages
            .iter()
            .position(|p| p.lang == site.config.language && &p.url == path)?;
        let key = &site.pages[original].translation_key;
        site.pages
            .iter()
            .position(|p| &p.lang == lang && &p.translation_key == key)
            .or(Some(original))
    }
}

/// The `kit:` table: where the notices live on the website a portal kit is dropped into.
///
/// ```yaml
/// kit:
///   notices:
///     privacy_notice: https://www.riverbend.example/privacy/   # or a path on that site: /privacy/
/// ```
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawKit {
    #[serde(default)]
    notices: std::collections::HashMap<Spanned<String>, Spanned<String>>,
}

/// The footer links of a portal kit: each notice the host site's address was given for, in the
/// compliance table's order. The kit's pages live on another website, whose notices are not at this
/// site's paths, so a notice with no address given gets no link rather than a broken one.
pub fn kit_links(config: &Config) -> Result<Vec<(Notice, String)>, Diagnostics> {
    let mut diagnostics = Diagnostics::new();
    let raw = diagnostics
        .take(config.source.table::<RawKit>(crate::config::KIT_KEY))
        .flatten()
        .unwrap_or_default();
    let source = config.source.yaml();
    let mut links = Vec::new();
    for (key, address) in &raw.notices {
        let Some(notice) = Notice::ALL.into_iter().find(|n| n.key() == key.value) else {
            let keys = Notice::ALL.map(Notice::key);
            let help = crate::config::yaml::did_you_mean(&key.value, keys, || {
                format!("the notices are: {}", keys.join(", "))
            });
            diagnostics.error(
                source
                    .error_at(
                        key.referenced,
                        format!("`kit.notices`: unknown notice `{}`", key.value),
                    )
                    .with_help(help),
            );
            continue;
        };
        let text = address.value.trim();
        let https =
            url::Url::parse(text).is_ok_and(|u| u.scheme() == "https" && u.host_str().is_some());
        if https || (text.starts_with('/') && !text.starts_with("//")) {
            links.push((notice, text.to_owned()));
        } else {
            diagnostics.error(
                source
                    .error_at(
                        address.referenced,
                        format!("`kit.notices.{}`: `{text}` is not an https address or a path", notice.key()),
                    )
                    .with_help("write the page's address on your website, like https://www.example-clinic.com/privacy/ or /privacy/"),
            );
        }
    }
    links.sort_by_key(|(notice, _)| *notice);
    diagnostics.check().map(|_| links)
}

/// The plugin: footer links to the notices.
#[derive(Debug, Default)]
pub struct Compliance;

/// Where one site's notices are: its own pages, or in a kit the addresses `kit.notices` gives.
#[derive(Debug)]
struct SiteCompliance {
    settings: Settings,
    /// In a kit, the notices on the practice's own website.
    kit: Option<Vec<(Notice, String)>>,
}

impl Plugin for Compliance {
    fn name(&self) -> &'static str {
        "compliance"
    }

    fn configure(
        &self,
        config: &Config,
        setup: &Setup<'_>,
        diagnostics: &mut Diagnostics,
    ) -> Box<dyn Configured> {
        let settings = Settings::load(config, diagnostics);
        let kit = (setup.mode == Mode::Kit).then(|| {
            kit_links(config).unwrap_or_else(|errors| {
                diagnostics.extend(errors);
                Vec::new()
            })
        });
        Box::new(SiteCompliance { settings, kit })
    }
}

impl Configured for SiteCompliance {
    fn views<'a>(&'a self, site: &'a Site, lang: &Lang, views: &mut PluginViews<'a>) {
        let links = match &self.kit {
            Some(kit) => kit
                .iter()
                .map(|(notice, url)| NoticeLink {
                    key: notice.key(),
                    url: url.clone(),
                    title: site.strings.get(lang, notice.label_key()),
                })
                .collect(),
            None => Notice::ALL
                .into_iter()
                .filter_map(|notice| {
                    let id = self.settings.page(site, notice, lang)?;
                    Some(NoticeLink {
                        key: notice.key(),
                        url: site.config.base_url.path_for(&site.pages[id].url),
                        title: site.strings.get(lang, notice.label_key()),
                    })
                })
                .collect(),
        };
        views.compliance = Some(ComplianceView { links });
    }
}

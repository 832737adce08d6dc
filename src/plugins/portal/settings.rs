//! The `portal:` table of `portico.yaml`: read as written, then checked link by link against the registry.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};
use serde_saphyr::Spanned;
use url::Url;

use super::registry::{LinkKind, Registry, Vendor};
use crate::config::yaml::{YamlSource, suggest};
use crate::config::{Config, Date, Phone};
use crate::error::{Diagnostics, Error};
use crate::rules::RuleId;

/// What patients can do in the portal; each has its own line of copy in the string table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Feature {
    Messages,
    Results,
    Appointments,
    Billpay,
    Refills,
    Records,
    Forms,
    Telehealth,
}

impl Feature {
    /// Its name in `portal.features` and in the string table's keys (`portal_feature_messages`).
    pub fn key(self) -> &'static str {
        match self {
            Feature::Messages => "messages",
            Feature::Results => "results",
            Feature::Appointments => "appointments",
            Feature::Billpay => "billpay",
            Feature::Refills => "refills",
            Feature::Records => "records",
            Feature::Forms => "forms",
            Feature::Telehealth => "telehealth",
        }
    }
}

/// The table as written. A location override has the same keys, minus `features`, `verified` and
/// `locations`, and inherits what it does not set.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawPortal {
    #[serde(default)]
    pub(super) vendor: Option<Spanned<String>>,
    #[serde(default)]
    pub(super) login_url: Option<Spanned<String>>,
    #[serde(default)]
    pub(super) params: Option<Spanned<BTreeMap<String, String>>>,
    #[serde(default)]
    organization_hosts: Option<Spanned<Vec<String>>>,
    #[serde(default)]
    enroll_url: Option<Spanned<String>>,
    #[serde(default)]
    billpay_url: Option<Spanned<String>>,
    #[serde(default)]
    scheduling_url: Option<Spanned<String>>,
    #[serde(default)]
    help_url: Option<Spanned<String>>,
    #[serde(default)]
    app_store_url: Option<Spanned<String>>,
    #[serde(default)]
    play_store_url: Option<Spanned<String>>,
    #[serde(default)]
    support_phone: Option<Spanned<String>>,
    #[serde(default)]
    features: Option<Spanned<Vec<Feature>>>,
    #[serde(default)]
    verified: Option<Spanned<String>>,
    /// Written by `portico init` and `portico vendors NAME` next to their example address: no person
    /// has checked it, so `portico check` fails (`portal/sample-address`) until the practice's own
    /// address replaces it.
    #[serde(default)]
    sample: Option<Spanned<bool>>,
    #[serde(default)]
    locations: HashMap<Spanned<String>, RawPortal>,
}

/// One checked set of portal links: the practice's, or a location's.
#[derive(Debug, Clone)]
pub struct PortalLinks {
    pub vendor: Vendor,
    pub organization_hosts: Vec<String>,
    pub login: Url,
    pub enroll: Option<Url>,
    pub billpay: Option<Url>,
    pub scheduling: Option<Url>,
    pub help: Option<Url>,
    pub app_store: Option<Url>,
    pub play_store: Option<Url>,
    pub support_phone: Option<Phone>,
}

/// The checked `portal:` table.
#[derive(Debug, Clone)]
pub struct PortalSettings {
    pub links: PortalLinks,
    pub features: Vec<Feature>,
    pub verified: Option<Date>,
    /// Location id to that location's links (only locations with an override).
    pub locations: BTreeMap<String, PortalLinks>,
}

/// Reads and checks `portal:`; `None` when the site has no such table or it has errors (recorded).
pub(super) fn read(
    config: &Config,
    registry: &Registry,
    diagnostics: &mut Diagnostics,
) -> Option<PortalSettings> {
    let raw: RawPortal = diagnostics.take(config.source.table("portal"))??;
    let source = config.source.yaml();
    let checker = Checker {
        source: &source,
        registry,
        diagnostics,
        levels: &config.check.levels,
    };
    checker.settings(raw, config)
}

pub(super) struct Checker<'a> {
    pub(super) source: &'a YamlSource<'a>,
    pub(super) registry: &'a Registry,
    pub(super) diagnostics: &'a mut Diagnostics,
    /// The site's `portico check` levels, which the stale-date and custom-vendor warnings obey.
    pub(super) levels: &'a crate::rules::Levels,
}

impl Checker<'_> {
    fn settings(mut self, raw: RawPortal, config: &Config) -> Option<PortalSettings> {
        if raw.vendor.is_none() {
            self.diagnostics.error(
                Error::new(crate::error::ErrorKind::Config, "`portal:` names no vendor")
                    .at(crate::error::Location::file(self.source.path))
                    .with_help("add `vendor: NAME`; `portico vendors` lists the names"),
            );
            return None;
        }
        let links = self.links(&raw, None, "portal")?;
        let mut locations = BTreeMap::new();
        for (id, over) in &raw.locations {
            let key = format!("portal.locations.{}", id.value);
            if !config.locations.iter().any(|l| l.id.as_str() == id.value) {
                let ids = config.locations.iter().map(|l| l.id.as_str());
                let help = suggest(&id.value, ids).map_or_else(
                    || "use the `id` of one of the locations in `locations:`".to_owned(),
                    |near| format!("did you mean `{near}`?"),
                );
                self.error(
                    id,
                    format!("`{key}`: there is no location `{}`", id.value),
                    help,
                );
                continue;
            }
            for (name, present) in [
                ("features", over.features.is_some()),
                ("verified", over.verified.is_some()),
                ("locations", !over.locations.is_empty()),
            ] {
                if present {
                    self.error(
                        id,
                        format!("`{key}` sets `{name}`, which only the practice-wide `portal:` table may set"),
                        "move it up to `portal:`".to_owned(),
                    );
                }
            }
            if let Some(checked) = self.links(over, Some(&links), &key) {
                locations.insert(id.value.clone(), checked);
            }
        }
        let verified = match &raw.sample {
            Some(sample) if sample.value => {
                // A build still succeeds, so a new site previews at once; `portico check` raises the
                // rule to its level, an error by default.
                self.diagnostics.warn(
                    self.source
                        .error_at(
                            sample.referenced,
                            "the portal address is Portico's example, not your practice's portal",
                        )
                        .with_help(format!(
                            "put your portal's login address in, open it to check it is your practice's portal, then replace `sample: true` with `verified: {}`",
                            config.today
                        ))
                        .with_rule(RuleId::PortalSampleAddress),
                );
                None
            }
            _ => self.verified(raw.verified.as_ref(), config.today),
        };
        let mut features: Vec<Feature> = Vec::new();
        for feature in raw.features.map(|f| f.value).unwrap_or_default() {
            if !features.contains(&feature) {
                features.push(feature);
            }
        }
        Some(PortalSettings {
            links,
            features,
            verified,
            locations,
        })
    }

    /// Checks one set of links; `base` is the practice-wide set a location override inherits from.
    fn links(
        &mut self,
        raw: &RawPortal,
        base: Option<&PortalLinks>,
        key: &str,
    ) -> Option<PortalLinks> {
        let vendor = match (&raw.vendor, base) {
            (Some(id), _) => self.vendor(id, key)?,
            (None, Some(base)) => base.vendor.clone(),
            (None, None) => return None,
        };
        // A location with a vendor of its own inherits no links: they belong to another vendor.
        let base = base.filter(|b| b.vendor.id == vendor.id);
        let organization_hosts = match &raw.organization_hosts {
            Some(hosts) => self.organization_hosts(hosts, &vendor, key),
            None => base
                .map(|b| b.organization_hosts.clone())
                .unwrap_or_default(),
        };
        let login = self.login(raw, base, &vendor, &organization_hosts, key)?;
        if let (true, Some(id)) = (vendor.unconfirmed, &raw.vendor) {
            let host = login.host_str().unwrap_or_default();
            self.diagnostics.by_rule(
                self.levels,
                RuleId::PortalUnconfirmedVendor,
                self.source
                    .error_at(
                        id.referenced,
                        format!(
                            "`{key}.vendor`: {}'s official hosts ({}) were seen on practices' sites, not in {}'s own documents",
                            vendor.name,
                            vendor.hosts.join(", "),
                            vendor.name
                        ),
                    )
                    .with_help(format!(
                        "ask {} to confirm that `{host}` is your portal's address before patients use it",
                        vendor.name
                    )),
            );
        }
        if let (true, Some(id)) = (vendor.is_custom(), &raw.vendor) {
            let host = login.host_str().unwrap_or_default();
            self.diagnostics.by_rule(
                self.levels,
                RuleId::PortalCustomVendor,
                self.source
                    .error_at(id.referenced, format!("`{key}.vendor` is `custom`: nothing vouches for `{host}`"))
                    .with_help("if your records vendor is listed by `portico vendors`, name it to get the official-host check"),
            );
        }
        let link = |me: &mut Self,
                    value: &Option<Spanned<String>>,
                    inherited: Option<&Option<Url>>,
                    name: &str,
                    kind: LinkKind| {
            match value {
                Some(text) => me.url(
                    text,
                    &vendor,
                    kind,
                    &organization_hosts,
                    &format!("{key}.{name}"),
                ),
                None => inherited.cloned().flatten(),
            }
        };
        let enroll = link(
            self,
            &raw.enroll_url,
            base.map(|b| &b.enroll),
            "enroll_url",
            LinkKind::Enroll,
        );
        let billpay = link(
            self,
            &raw.billpay_url,
            base.map(|b| &b.billpay),
            "billpay_url",
            LinkKind::BillPay,
        );
        let scheduling = link(
            self,
            &raw.scheduling_url,
            base.map(|b| &b.scheduling),
            "scheduling_url",
            LinkKind::Scheduling,
        );
        let help = link(
            self,
            &raw.help_url,
            base.map(|b| &b.help),
            "help_url",
            LinkKind::Help,
        );
        let app_store = self.store_url(
            raw.app_store_url.as_ref(),
            "apps.apple.com",
            &format!("{key}.app_store_url"),
        );
        let play_store = self.store_url(
            raw.play_store_url.as_ref(),
            "play.google.com",
            &format!("{key}.play_store_url"),
        );
        let support_phone = match &raw.support_phone {
            Some(phone) => match Phone::parse(&phone.value) {
                Ok(phone) => Some(phone),
                Err(invalid) => {
                    self.error(
                        phone,
                        format!("`{key}.support_phone`: {}", invalid.message),
                        invalid.help,
                    );
                    None
                }
            },
            None => base.and_then(|b| b.support_phone.clone()),
        };
        Some(PortalLinks {
            app_store: app_store.or_else(|| base.and_then(|b| b.app_store.clone())),
            play_store: play_store.or_else(|| base.and_then(|b| b.play_store.clone())),
            vendor,
            organization_hosts,
            login,
            enroll,
            billpay,
            scheduling,
            help,
            support_phone,
        })
    }

    fn verified(&mut self, verified: Option<&Spanned<String>>, today: Date) -> Option<Date> {
        let Some(text) = verified else {
            self.diagnostics.by_rule(
                self.levels,
                RuleId::PortalVerifiedStale,
                Error::new(crate::error::ErrorKind::Config, "`portal.verified` is missing")
                    .at(crate::error::Location::file(self.source.path))
                    .with_help(format!(
                        "open the login address, check that it is your practice's portal, then add `verified: {today}`"
                    )),
            );
            return None;
        };
        let date = match Date::parse(&text.value) {
            Ok(date) => date,
            Err(invalid) => {
                self.error(
                    text,
                    format!("`portal.verified`: {}", invalid.message),
                    invalid.help,
                );
                return None;
            }
        };
        let age = date.months_until(today);
        if age >= 12 {
            self.diagnostics.by_rule(
                self.levels,
                RuleId::PortalVerifiedStale,
                self.source
                    .error_at(
                        text.referenced,
                        format!("`portal.verified` is {date}, more than a year ago"),
                    )
                    .with_help(format!(
                        "open the login address again, check it, and set `verified: {today}`"
                    )),
            );
        } else if date > today {
            self.error(
                text,
                format!("`portal.verified` is {date}, which is in the future"),
                format!("use the date you checked the address, {today} at the latest"),
            );
        }
        Some(date)
    }
}

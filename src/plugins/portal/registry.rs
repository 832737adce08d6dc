//! The records-vendor registry: facts about each patient portal, as data compiled into the binary.
//!
//! `vendors.yaml` beside this file holds one entry per vendor: names, the official hosts a portal link may
//! point at, the login URL shape where the vendor has a fixed one, how patients enroll, app names, and the
//! sources of those facts. Keeping it data means a fact is corrected in one place, and `portico vendors`
//! prints exactly what the checks use.

use std::collections::BTreeMap;
use std::path::Path;

use regex_lite::Regex;
use serde::Deserialize;

use super::url_check::{self, Allowed};
use crate::config::yaml::{YamlSource, suggest};
use crate::error::ErrorKind;

const VENDORS: &str = include_str!("vendors.yaml");

/// How patients get an account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Enrollment {
    /// A code from the office (on a visit summary, say) unlocks sign-up.
    ActivationCode,
    /// The practice sends an email or text invitation.
    Invitation,
    /// Patients sign up online by themselves.
    SelfSignup,
    /// Staff set the account up at a visit.
    InOffice,
    /// A one-time token or temporary credentials from the practice.
    Token,
}

impl Enrollment {
    /// Its name in the registry, in `portal.enrollment` and in the string table's keys.
    pub fn key(self) -> &'static str {
        match self {
            Enrollment::ActivationCode => "activation_code",
            Enrollment::Invitation => "invitation",
            Enrollment::SelfSignup => "self_signup",
            Enrollment::InOffice => "in_office",
            Enrollment::Token => "token",
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawVendor {
    id: String,
    #[serde(default)]
    aliases: Vec<String>,
    /// No source of the vendor's own names the hosts: they were seen on practices' sites.
    #[serde(default)]
    unconfirmed: bool,
    name: String,
    product: String,
    #[serde(default)]
    hosts: Vec<String>,
    #[serde(default)]
    org_hosted: bool,
    #[serde(default)]
    login: Option<RawLogin>,
    example_url: String,
    enrollment: Vec<Enrollment>,
    #[serde(default)]
    apps: Vec<String>,
    #[serde(default)]
    billpay_hosts: Vec<String>,
    #[serde(default)]
    scheduling_hosts: Vec<String>,
    #[serde(default)]
    sources: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLogin {
    url: String,
    params: BTreeMap<String, RawParam>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawParam {
    pattern: String,
    example: String,
    help: String,
}

/// One records vendor.
#[derive(Debug, Clone)]
pub struct Vendor {
    pub id: String,
    /// Other names a practice may know the vendor by (an old company name, the product): `cerner`,
    /// `mychart`, `healow`. Accepted wherever the id is.
    pub aliases: Vec<String>,
    /// The hosts come from practices' sites, not from the vendor's own pages: a build warns
    /// (`portal/unconfirmed-vendor`) so that a person checks the address with the vendor.
    pub unconfirmed: bool,
    pub name: String,
    pub product: String,
    /// Official host suffixes.
    pub hosts: Vec<String>,
    /// Portals live on each organization's own domain, which the practice must name.
    pub org_hosted: bool,
    pub login: Option<LoginShape>,
    pub example_url: String,
    pub enrollment: Vec<Enrollment>,
    pub apps: Vec<String>,
    pub billpay_hosts: Vec<String>,
    pub scheduling_hosts: Vec<String>,
    pub sources: Vec<String>,
}

/// A login URL built from parameters: `https://{practice_id}.portal.athenahealth.com/`.
#[derive(Debug, Clone)]
pub struct LoginShape {
    pub url: String,
    pub params: Vec<Param>,
}

#[derive(Debug, Clone)]
pub struct Param {
    pub name: String,
    pub pattern: Regex,
    pub example: String,
    pub help: String,
}

impl LoginShape {
    /// The example parameters as a YAML flow map: `{ practice_id: "12345" }`.
    pub fn example_params(&self) -> String {
        let pairs: Vec<String> = self
            .params
            .iter()
            .map(|p| format!("{}: \"{}\"", p.name, p.example))
            .collect();
        format!("{{ {} }}", pairs.join(", "))
    }
}

/// Which kind of link is being checked: each may allow extra hosts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkKind {
    Login,
    Enroll,
    Help,
    BillPay,
    Scheduling,
}

impl Vendor {
    /// `custom`: any https host, with a warning.
    pub fn is_custom(&self) -> bool {
        self.id == "custom"
    }

    /// The host suffixes a link of `kind` may use, plus the organization's own hosts for org-hosted vendors.
    pub fn allowed_hosts<'a>(
        &'a self,
        kind: LinkKind,
        organization_hosts: &'a [String],
    ) -> Vec<&'a str> {
        let extra = match kind {
            LinkKind::BillPay => self.billpay_hosts.as_slice(),
            LinkKind::Scheduling => self.scheduling_hosts.as_slice(),
            LinkKind::Login | LinkKind::Enroll | LinkKind::Help => &[],
        };
        let org = if self.org_hosted {
            organization_hosts
        } else {
            &[]
        };
        self.hosts
            .iter()
            .chain(extra)
            .chain(org)
            .map(String::as_str)
            .collect()
    }

    /// Checks a link of `kind` against this vendor's hosts.
    pub fn check(
        &self,
        text: &str,
        kind: LinkKind,
        organization_hosts: &[String],
    ) -> Result<url::Url, url_check::Rejected> {
        if self.is_custom() {
            return url_check::check(text, Allowed::AnyHost);
        }
        let hosts = self.allowed_hosts(kind, organization_hosts);
        url_check::check(text, Allowed::Hosts(&hosts))
    }

    /// Builds the login URL from parameter values, checking each against its pattern.
    pub fn login_from_params(&self, values: &BTreeMap<String, String>) -> Result<String, String> {
        let Some(shape) = &self.login else {
            return Err(format!(
                "{} has no fixed login address: give `login_url` instead of `params`",
                self.name
            ));
        };
        let mut url = shape.url.clone();
        for param in &shape.params {
            let value = values
                .get(&param.name)
                .ok_or_else(|| format!("`params.{}` is missing: {}", param.name, param.help))?;
            if !param.pattern.is_match(value) {
                return Err(format!(
                    "`params.{}` is `{value}`, which is not {}; for example `{}`",
                    param.name, param.help, param.example
                ));
            }
            url = url.replace(&format!("{{{}}}", param.name), value);
        }
        if let Some(unknown) = values
            .keys()
            .find(|k| !shape.params.iter().any(|p| &p.name == *k))
        {
            let near = suggest(unknown, shape.params.iter().map(|p| p.name.as_str()));
            return Err(match near {
                Some(near) => format!(
                    "`params.{unknown}` is not a parameter of {}: did you mean `{near}`?",
                    self.name
                ),
                None => format!("`params.{unknown}` is not a parameter of {}", self.name),
            });
        }
        Ok(url)
    }
}

/// Every vendor Portico knows.
#[derive(Debug, Clone)]
pub struct Registry {
    vendors: Vec<Vendor>,
}

impl Registry {
    /// The registry compiled into the binary. Its own test proves it loads; a failure here is a bug in
    /// `vendors.yaml`, reported with its line like any YAML error.
    pub fn built_in() -> Result<Registry, crate::error::Error> {
        let path = Path::new("src/plugins/portal/vendors.yaml");
        let raw: Vec<RawVendor> = YamlSource::new(path, VENDORS, ErrorKind::Config).parse()?;
        let vendors = raw
            .into_iter()
            .map(Vendor::from_raw)
            .collect::<Result<Vec<_>, String>>();
        vendors
            .map(|vendors| Registry { vendors })
            .map_err(|message| {
                crate::error::Error::new(ErrorKind::Config, message)
                    .at(crate::error::Location::file(path))
            })
    }

    pub fn vendors(&self) -> &[Vendor] {
        &self.vendors
    }

    /// The vendor with this id or alias (any case).
    pub fn get(&self, id: &str) -> Option<&Vendor> {
        let id = id.to_ascii_lowercase();
        self.vendors
            .iter()
            .find(|v| v.id == id || v.aliases.contains(&id))
    }

    /// The vendor id (or alias) nearest to a mistyped one.
    pub fn suggest(&self, id: &str) -> Option<&str> {
        suggest(
            id,
            self.vendors
                .iter()
                .flat_map(|v| std::iter::once(&v.id).chain(&v.aliases))
                .map(String::as_str),
        )
    }
}

impl Vendor {
    fn from_raw(raw: RawVendor) -> Result<Vendor, String> {
        let login = match raw.login {
            None => None,
            Some(login) => {
                let params = login
                    .params
                    .into_iter()
                    .map(|(name, p)| {
                        let pattern = Regex::new(&format!("^(?:{})$", p.pattern)).map_err(|e| {
                            format!("vendor {}: bad pattern for {name}: {e}", raw.id)
                        })?;
                        Ok(Param {
                            name,
                            pattern,
                            example: p.example,
                            help: p.help,
                        })
                    })
                    .collect::<Result<Vec<_>, String>>()?;
                Some(LoginShape {
                    url: login.url,
                    params,
                })
            }
        };
        Ok(Vendor {
            id: raw.id,
            aliases: raw.aliases,
            unconfirmed: raw.unconfirmed,
            name: raw.name,
            product: raw.product,
            hosts: raw.hosts,
            org_hosted: raw.org_hosted,
            login,
            example_url: raw.example_url,
            enrollment: raw.enrollment,
            apps: raw.apps,
            billpay_hosts: raw.billpay_hosts,
            scheduling_hosts: raw.scheduling_hosts,
            sources: raw.sources,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_registry_loads_and_its_examples_pass_its_own_checks() {
        let registry = Registry::built_in().expect("vendors.yaml loads");
        assert!(registry.vendors().len() >= 20);
        let mut names = std::collections::BTreeSet::new();
        for vendor in registry.vendors() {
            for name in std::iter::once(&vendor.id).chain(&vendor.aliases) {
                assert!(names.insert(name.clone()), "{name} names two vendors");
            }
            assert!(
                vendor.is_custom() || vendor.unconfirmed || !vendor.sources.is_empty(),
                "{}: a source, or marked unconfirmed",
                vendor.id
            );
        }
        for (alias, id) in [
            ("cerner", "oracle-health"),
            ("allscripts", "followmyhealth"),
            ("kareo", "tebra"),
            ("healow", "eclinicalworks"),
            ("mychart", "epic-mychart"),
            ("MyChart", "epic-mychart"),
        ] {
            assert_eq!(
                registry.get(alias).map(|v| v.id.as_str()),
                Some(id),
                "{alias}"
            );
        }
        for vendor in registry.vendors() {
            if !vendor.org_hosted {
                vendor
                    .check(&vendor.example_url, LinkKind::Login, &[])
                    .unwrap_or_else(|e| {
                        panic!("{}: example {} fails: {e:?}", vendor.id, vendor.example_url)
                    });
            }
            for host in vendor
                .hosts
                .iter()
                .chain(&vendor.billpay_hosts)
                .chain(&vendor.scheduling_hosts)
            {
                assert_eq!(host, &host.to_ascii_lowercase(), "{}: {host}", vendor.id);
                assert!(
                    !host.starts_with('.') && !host.ends_with('.') && !host.contains('/'),
                    "{}: {host}",
                    vendor.id
                );
            }
            if let Some(login) = &vendor.login {
                let values = login
                    .params
                    .iter()
                    .map(|p| (p.name.clone(), p.example.clone()))
                    .collect();
                let url = vendor
                    .login_from_params(&values)
                    .expect("the example parameters build a URL");
                vendor
                    .check(&url, LinkKind::Login, &[])
                    .expect("the built URL is on an official host");
            }
        }
        let ids: Vec<&str> = registry.vendors().iter().map(|v| v.id.as_str()).collect();
        for id in [
            "epic-mychart",
            "athenahealth",
            "eclinicalworks",
            "nextgen",
            "modmed",
            "custom",
        ] {
            assert!(ids.contains(&id), "{id} is missing");
        }
    }

    #[test]
    fn parameters_are_checked_against_their_patterns() {
        let registry = Registry::built_in().expect("vendors.yaml loads");
        let athena = registry.get("athenahealth").expect("athenahealth");
        let values = |v: &str| BTreeMap::from([("practice_id".to_owned(), v.to_owned())]);
        assert_eq!(
            athena.login_from_params(&values("12345-1")).as_deref(),
            Ok("https://12345-1.portal.athenahealth.com/")
        );
        assert!(
            athena
                .login_from_params(&values("12345.evil.net/x"))
                .is_err()
        );
        assert!(athena.login_from_params(&BTreeMap::new()).is_err());
    }
}

//! The checks of single portal values: vendor names, organization domains, login addresses (given or built
//! from parameters), other links and app-store links. Each problem is recorded at its value's line.

use serde_saphyr::Spanned;
use url::Url;

use super::lookalike;
use super::registry::{LinkKind, Vendor};
use super::settings::{Checker, PortalLinks, RawPortal};
use super::url_check::{self, Allowed};

impl Checker<'_> {
    pub(super) fn vendor(&mut self, id: &Spanned<String>, key: &str) -> Option<Vendor> {
        if let Some(vendor) = self.registry.get(&id.value) {
            return Some(vendor.clone());
        }
        let help = self.registry.suggest(&id.value).map_or_else(
            || "run `portico vendors` to see the names; use `custom` for a vendor that is not listed".to_owned(),
            |near| format!("did you mean `{near}`? `portico vendors` lists them all"),
        );
        self.error(
            id,
            format!("`{key}.vendor`: unknown records vendor `{}`", id.value),
            help,
        );
        None
    }

    pub(super) fn organization_hosts(
        &mut self,
        hosts: &Spanned<Vec<String>>,
        vendor: &Vendor,
        key: &str,
    ) -> Vec<String> {
        if !vendor.org_hosted {
            self.error(
                hosts,
                format!("`{key}.organization_hosts` is only for vendors whose portals live on your own domain"),
                format!("remove it: {} portals are on {}", vendor.name, vendor.hosts.join(", ")),
            );
            return Vec::new();
        }
        let mut valid = Vec::new();
        for host in &hosts.value {
            let lower = host.to_ascii_lowercase();
            let plausible = lower.contains('.')
                && !lower.starts_with('.')
                && !lower.ends_with('.')
                && lower
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
                && !lower
                    .split('.')
                    .any(|l| l.is_empty() || l.starts_with("xn--"));
            if plausible {
                valid.push(lower);
            } else {
                self.error(
                    hosts,
                    format!("`{key}.organization_hosts`: `{host}` is not a plain domain name"),
                    "write the domain only, like mychart.example-health.org".to_owned(),
                );
            }
        }
        valid
    }

    pub(super) fn login(
        &mut self,
        raw: &RawPortal,
        base: Option<&PortalLinks>,
        vendor: &Vendor,
        organization_hosts: &[String],
        key: &str,
    ) -> Option<Url> {
        match (&raw.login_url, &raw.params) {
            (Some(_), Some(params)) => {
                self.error(
                    params,
                    format!("`{key}` has both `login_url` and `params`"),
                    "keep one of them".to_owned(),
                );
                None
            }
            (Some(url), None) => self.url(
                url,
                vendor,
                LinkKind::Login,
                organization_hosts,
                &format!("{key}.login_url"),
            ),
            (None, Some(params)) => match vendor.login_from_params(&params.value) {
                Ok(url) => {
                    let spanned = Spanned {
                        value: url,
                        referenced: params.referenced,
                        defined: params.defined,
                    };
                    self.url(
                        &spanned,
                        vendor,
                        LinkKind::Login,
                        organization_hosts,
                        &format!("{key}.params"),
                    )
                }
                Err(message) => {
                    self.error(
                        params,
                        format!("`{key}.params`: {message}"),
                        official(vendor),
                    );
                    None
                }
            },
            (None, None) => {
                if let Some(base) = base {
                    return Some(base.login.clone());
                }
                let at = raw
                    .vendor
                    .as_ref()
                    .map_or(serde_saphyr::Location::UNKNOWN, |v| v.referenced);
                let how = if let Some(shape) = &vendor.login {
                    format!("add `params: {}`", shape.example_params())
                } else {
                    format!(
                        "add `login_url:` with the address of your portal's login page, like {}",
                        vendor.example_url
                    )
                };
                self.diagnostics.error(
                    self.source
                        .error_at(at, format!("`{key}` has no login address"))
                        .with_help(how),
                );
                None
            }
        }
    }

    pub(super) fn url(
        &mut self,
        text: &Spanned<String>,
        vendor: &Vendor,
        kind: LinkKind,
        organization_hosts: &[String],
        key: &str,
    ) -> Option<Url> {
        match vendor.check(&text.value, kind, organization_hosts) {
            Ok(url) if vendor.is_custom() => {
                if let Some(posed) = lookalike::impersonated(self.registry, &text.value) {
                    let message = format!(
                        "`{key}`: `{}` looks like an address of {}, but the vendor is `custom`",
                        text.value, posed.name
                    );
                    let help = format!(
                        "if your portal is {}'s, write `vendor: {}` so the address is checked against its official hosts; an address that only looks like one of them is how phishing pages work",
                        posed.name, posed.id
                    );
                    self.error(text, message, help);
                    return None;
                }
                Some(url)
            }
            Ok(url) => Some(url),
            Err(rejected) => {
                let mut help = official(vendor);
                if vendor.org_hosted {
                    help.push_str(
                        "; if the portal is on your organization's own domain, name that domain in `organization_hosts`",
                    );
                }
                self.error(text, format!("`{key}`: {}", rejected.0), help);
                None
            }
        }
    }

    pub(super) fn store_url(
        &mut self,
        text: Option<&Spanned<String>>,
        host: &str,
        key: &str,
    ) -> Option<Url> {
        let text = text?;
        match url_check::check(&text.value, Allowed::Hosts(&[host])) {
            Ok(url) => Some(url),
            Err(rejected) => {
                self.error(
                    text,
                    format!("`{key}`: {}", rejected.0),
                    format!("use the app's page on {host}"),
                );
                None
            }
        }
    }

    pub(super) fn error<T>(&mut self, at: &Spanned<T>, message: String, help: String) {
        self.diagnostics
            .error(self.source.error_at(at.referenced, message).with_help(help));
    }
}

/// Where the vendor's portals live, as help for a refused link.
fn official(vendor: &Vendor) -> String {
    if vendor.hosts.is_empty() {
        return format!(
            "{} portals live on each organization's own domain",
            vendor.name
        );
    }
    format!(
        "{} portals are on {}: copy the address of the page where you log in",
        vendor.name,
        vendor.hosts.join(", ")
    )
}

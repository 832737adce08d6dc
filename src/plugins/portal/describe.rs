//! Text for `portico vendors`: the registry as a list, and one vendor with a `portal:` snippet that passes
//! the same checks a build runs.

use std::fmt::Write as _;

use super::registry::{Registry, Vendor};
use crate::config::Date;

/// One line per vendor: id, product, official hosts.
pub fn list(registry: &Registry) -> String {
    let width = registry
        .vendors()
        .iter()
        .map(|v| v.id.len())
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    for vendor in registry.vendors() {
        let hosts = if vendor.is_custom() {
            "any https address (with a warning)".to_owned()
        } else if vendor.hosts.is_empty() {
            "your organization's own domain".to_owned()
        } else {
            vendor.hosts.join(", ")
        };
        let _ = write!(out, "{:width$}  {}  [{hosts}]", vendor.id, vendor.product);
        if !vendor.aliases.is_empty() {
            let _ = write!(out, "  also: {}", vendor.aliases.join(", "));
        }
        if vendor.unconfirmed {
            out.push_str("  (hosts unconfirmed)");
        }
        out.push('\n');
    }
    out.push_str("\nRun `portico vendors NAME` for what the config needs and an example.\n");
    out
}

/// What a practice of this vendor writes in `portico.yaml`, and why.
pub fn vendor(vendor: &Vendor, today: Date) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{} ({})", vendor.product, vendor.name);
    if !vendor.aliases.is_empty() {
        let _ = writeln!(
            out,
            "Also accepted as: {} (the id is `{}`)",
            vendor.aliases.join(", "),
            vendor.id
        );
    }
    if vendor.unconfirmed {
        out.push_str(
            "Hosts unconfirmed: they were seen on practices' sites, not in the vendor's own documents;
             a build warns until you confirm your address with the vendor.
",
        );
    }
    if vendor.is_custom() {
        out.push_str(
            "Official hosts: none checked; any https address is accepted, with a warning.\n",
        );
    } else if !vendor.hosts.is_empty() {
        let _ = writeln!(out, "Official hosts: {}", vendor.hosts.join(", "));
    }
    if vendor.org_hosted {
        out.push_str(
            "Portals of this vendor usually live on the organization's own domain: name that domain in\n\
             `organization_hosts`, and Portico accepts links under it.\n",
        );
    }
    for (label, hosts) in [
        ("Bill pay", &vendor.billpay_hosts),
        ("Scheduling", &vendor.scheduling_hosts),
    ] {
        if !hosts.is_empty() {
            let _ = writeln!(out, "{label} may also use: {}", hosts.join(", "));
        }
    }
    if !vendor.apps.is_empty() {
        let _ = writeln!(out, "Mobile app: {}", vendor.apps.join(", "));
    }
    if let Some(shape) = &vendor.login {
        let _ = writeln!(out, "Login address: {}", shape.url);
        for param in &shape.params {
            let _ = writeln!(
                out,
                "  {}: {} (for example {})",
                param.name, param.help, param.example
            );
        }
    } else {
        out.push_str(
            "Login address: give the full address of your portal's login page as `login_url`.\n",
        );
    }
    let _ = writeln!(out, "\nIn portico.yaml:\n\n{}", snippet(vendor, today));
    if !vendor.sources.is_empty() {
        out.push_str("Sources:\n");
        for source in &vendor.sources {
            let _ = writeln!(out, "  {source}");
        }
    }
    out
}

/// A `portal:` table for this vendor that builds, with the registry's example address marked
/// `sample: true` rather than `verified`: no person has checked that address, and it may be a stranger's
/// portal, so `portico check` fails until the practice's own is in.
pub fn snippet(vendor: &Vendor, today: Date) -> String {
    let mut out = format!("portal:\n  vendor: {}\n", vendor.id);
    if let Some(shape) = &vendor.login {
        let _ = writeln!(out, "  params: {}", shape.example_params());
    } else {
        let _ = writeln!(out, "  login_url: {}", vendor.example_url);
        let host = url::Url::parse(&vendor.example_url)
            .ok()
            .and_then(|u| u.host_str().map(str::to_owned));
        if let (true, Some(host)) = (vendor.org_hosted, host)
            && !vendor
                .hosts
                .iter()
                .any(|h| super::url_check::host_is_under(&host, h))
        {
            let domain = host.split_once('.').map_or(host.as_str(), |(_, rest)| rest);
            let _ = writeln!(out, "  organization_hosts: [{domain}]");
        }
    }
    let _ = writeln!(out, "  features: [messages, results, appointments]");
    let _ = writeln!(
        out,
        "  # The address above is an example, not your portal. Put in your own, open it to check it is\n  \
         # your practice's portal, then replace `sample: true` with `verified: {today}`.\n  sample: true"
    );
    out
}

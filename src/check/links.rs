//! Link rules: internal links and `#anchors` that lead nowhere (`links/broken`, `links/nav-missing` when
//! the link is in a navigation block), and `http://` links (`links/insecure`, `links/insecure-portal` when
//! the link is to a portal, bill pay or scheduling).

use percent_encoding::percent_decode_str;
use url::Url;

use super::{Findings, Pages, Spot};
use crate::plugins::portal::Registry;
use crate::plugins::portal::url_check::host_is_under;
use crate::rules::RuleId;

/// Starts of words in a link's address or text that make it a login, payment or scheduling link.
const PORTAL_WORDS: &[&str] = &[
    "portal",
    "mychart",
    "login",
    "signin",
    "logon",
    "pay",
    "bill",
    "schedul",
    "appointment",
    "book",
    "cita",
    "pagar",
    "factura",
];

/// Whether a word of `text` starts like a login, payment or scheduling word ("payment", "booking").
fn portal_words(text: &str) -> bool {
    text.split(|c: char| !c.is_alphanumeric())
        .any(|word| PORTAL_WORDS.iter().any(|w| word.starts_with(w)))
}

/// Attributes that name another file of the site, by element.
const REFERENCES: &[(&str, &str)] = &[
    ("a", "href"),
    ("link", "href"),
    ("img", "src"),
    ("script", "src"),
    ("source", "src"),
    ("iframe", "src"),
];

pub(super) fn check(pages: &Pages<'_>, findings: &mut Findings<'_>) {
    let base = &pages.site.config.base_url;
    for (&path, doc) in &pages.docs {
        let Ok(page_url) = Url::parse(&format!("{}{}/{}", base.origin(), base.prefix(), path))
        else {
            continue;
        };
        for (index, element) in doc.elements.iter().enumerate() {
            let Some(&(_, attr)) = REFERENCES.iter().find(|(tag, _)| *tag == element.tag) else {
                continue;
            };
            let Some(href) = element.attr(attr).map(str::trim) else {
                continue;
            };
            if href.is_empty() {
                continue;
            }
            let Ok(target) = page_url.join(href) else {
                findings.on_page(
                    pages,
                    RuleId::LinksBroken,
                    Spot { page: path, offset: element.offset, needle: Some(href) },
                    format!("`{href}` is not a valid address"),
                    "write a site path like /contact/, a page link like @/contact.md, or a full https:// address",
                );
                continue;
            };
            if target.scheme() == "http" && element.tag == "a" {
                let text = element.accessible_name().unwrap_or_default().to_lowercase();
                let host = target.host_str().unwrap_or_default();
                let portal = pages.official_hosts.iter().any(|h| host_is_under(host, h))
                    || portal_words(&href.to_lowercase())
                    || portal_words(&text)
                    || ["log in", "sign in"].iter().any(|w| text.contains(w));
                let (rule, why) = if portal {
                    (
                        RuleId::LinksInsecurePortal,
                        "patients enter passwords or card numbers there",
                    )
                } else {
                    (
                        RuleId::LinksInsecure,
                        "an http:// link can be read or changed on the way",
                    )
                };
                findings.on_page(
                    pages,
                    rule,
                    Spot {
                        page: path,
                        offset: element.offset,
                        needle: Some(href),
                    },
                    format!("`{href}` uses http://: {why}"),
                    "use the https:// address (open it in a browser to check it works)",
                );
                continue;
            }
            let internal = target.origin().ascii_serialization() == base.origin();
            if !internal {
                continue;
            }
            if let Some(problem) = missing(pages, base.prefix(), &target) {
                let in_nav = doc.inside(index, "nav");
                let rule = if in_nav {
                    RuleId::LinksNavMissing
                } else {
                    RuleId::LinksBroken
                };
                findings.on_page(
                    pages,
                    rule,
                    Spot { page: path, offset: element.offset, needle: Some(href.split('#').next().filter(|h| !h.is_empty()).unwrap_or(href)) },
                    format!("`{href}` {problem}"),
                    "link to a page that exists (write @/file.md links: the build checks them), or add the missing page or id",
                );
            }
        }
    }
}

/// Why `target` (on the site's own host) leads nowhere, or `None` when it is fine.
fn missing(pages: &Pages<'_>, prefix: &str, target: &Url) -> Option<String> {
    let decoded = percent_decode_str(target.path()).decode_utf8_lossy();
    let Some(site_path) = decoded.strip_prefix(prefix) else {
        return Some(format!("is outside the site, which lives under {prefix}/"));
    };
    let key = super::output_path(site_path);
    let file = if pages.output.contains(&key) {
        key
    } else if pages.output.contains(&format!("{key}/index.html")) {
        format!("{key}/index.html")
    } else {
        return Some("leads to no page".to_owned());
    };
    let fragment = target.fragment().filter(|f| !f.is_empty())?;
    let fragment = percent_decode_str(fragment).decode_utf8_lossy();
    let doc = pages.docs.get(file.as_str())?;
    (!doc.has_id(&fragment)).then(|| format!("leads to a page with no `#{fragment}` on it"))
}

/// Every host a vendor in the registry names as its own (portal, bill pay, scheduling).
pub(super) fn official_hosts() -> Vec<String> {
    Registry::built_in()
        .map(|registry| {
            registry
                .vendors()
                .iter()
                .flat_map(|v| {
                    v.hosts
                        .iter()
                        .chain(&v.billpay_hosts)
                        .chain(&v.scheduling_hosts)
                        .cloned()
                })
                .collect()
        })
        .unwrap_or_default()
}

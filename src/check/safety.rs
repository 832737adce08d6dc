//! Portal safety: nothing from another site on the pages where patients type health information (the
//! portal entry page, and appointment, forms, bill-pay and telehealth pages), known trackers anywhere, and
//! no look-alike portal hosts.
//!
//! Which pages are sensitive is the content module's to say (`Site::is_sensitive`): the pages rendered
//! with the portal template, pages whose address has a word such as `telehealth` or `pay`
//! (`/services/telehealth/`, `/pay-my-bill/`), and the pages the site lists under `check.sensitive`; an
//! HTML file under `static/` by the words of its path.

use url::Url;

use super::html::Document;
use super::{Findings, Pages, Spot};
use crate::plugins::portal::url_check::host_is_under;
use crate::rules::RuleId;

/// Tracking services, by a host or snippet that gives them away, with the company's name.
const TRACKERS: &[(&str, &str)] = &[
    ("googletagmanager.com", "Google Tag Manager"),
    ("google-analytics.com", "Google Analytics"),
    ("connect.facebook.net", "the Meta (Facebook) pixel"),
    ("facebook.com/tr", "the Meta (Facebook) pixel"),
    ("static.hotjar.com", "Hotjar session recording"),
    ("clarity.ms", "Microsoft Clarity session recording"),
    ("cdn.segment.com", "Segment"),
    ("mixpanel.com", "Mixpanel"),
    ("snap.licdn.com", "the LinkedIn Insight tag"),
    ("analytics.tiktok.com", "the TikTok pixel"),
    ("doubleclick.net", "Google advertising (DoubleClick)"),
    ("fullstory.com", "FullStory session recording"),
    ("heapanalytics.com", "Heap"),
    ("bat.bing.com", "Microsoft advertising (Bing UET)"),
    ("js.hs-scripts.com", "HubSpot tracking"),
    ("script.crazyegg.com", "Crazy Egg session recording"),
];

/// Machine-translation widgets.
const TRANSLATORS: &[&str] = &[
    "translate.google.com/translate_a",
    "googleTranslateElementInit",
];

/// What each element loads, by attribute.
const LOADS: &[(&str, &str)] = &[
    ("script", "src"),
    ("iframe", "src"),
    ("frame", "src"),
    ("img", "src"),
    ("img", "srcset"),
    ("source", "src"),
    ("source", "srcset"),
    ("video", "src"),
    ("video", "poster"),
    ("audio", "src"),
    ("track", "src"),
    ("embed", "src"),
    ("object", "data"),
    ("input", "src"),
    ("link", "href"),
];

pub(super) fn check(pages: &Pages<'_>, findings: &mut Findings<'_>) {
    let Ok(base) = Url::parse(pages.site.config.base_url.origin()) else {
        return;
    };
    let brands = brands(&pages.official_hosts);
    for (&path, doc) in &pages.docs {
        let html = pages.html(path);
        for (needle, name) in TRACKERS {
            if let Some(at) = html.find(needle) {
                findings.on_page(
                    pages,
                    RuleId::PortalTracker,
                    Spot { page: path, offset: at, needle: Some(needle) },
                    format!("{name} ({needle}) is on this page"),
                    "remove it; HHS warns that trackers on a practice's pages can send health information to the tracker's company (AHA v. Becerra, N.D. Tex. 2024, vacated only the part about an IP address on a public page: portal, login, scheduling and form pages stay protected). If you need visit counts, use first-party analytics with no identifiers, never on the portal, appointment, forms, bill-pay or telehealth pages",
                );
            }
        }
        if let Some(at) = TRANSLATORS.iter().find_map(|t| html.find(t)) {
            findings.on_page(
                pages,
                RuleId::ComplianceMachineTranslation,
                Spot { page: path, offset: at, needle: None },
                "a machine-translation widget is on this page".to_owned(),
                "publish translations a qualified person reviewed (write about.es.md beside about.md)",
            );
        }
        let sensitive = is_sensitive(pages, path);
        if sensitive {
            styles(pages, findings, path, doc, &base);
        }
        for element in &doc.elements {
            if sensitive {
                third_party(pages, findings, path, element, &base);
            }
            if element.tag == "form"
                && let Some(action) = element.attr("action")
                && off_site(action, &base).is_some()
            {
                findings.on_page(
                    pages,
                    RuleId::ComplianceThirdPartyForm,
                    Spot { page: path, offset: element.offset, needle: Some(action) },
                    format!("a form posts to `{action}`"),
                    "send patients to the patient portal for anything about their health; if the form service signed a business associate agreement with the practice, set this rule to warn in check.rules",
                );
            }
            if element.tag == "a"
                && let Some(href) = element.attr("href")
                && let Some(host) = Url::parse(href)
                    .ok()
                    .and_then(|u| u.host_str().map(str::to_owned))
                && !brands
                    .iter()
                    .any(|(_, domain)| host_is_under(&host, domain))
                && let Some(domain) = brands
                    .iter()
                    .find(|(token, _)| host.contains(token.as_str()))
            {
                findings.on_page(
                    pages,
                    RuleId::PortalOfficialHost,
                    Spot { page: path, offset: element.offset, needle: Some(href) },
                    format!("`{host}` looks like the records vendor's `{}` but is not one of its hosts", domain.1),
                    "link to the portal address your vendor gave you (run `portico vendors` for the official hosts), or to the portal page, /patient-portal/",
                );
            }
        }
    }
}

/// `portal/third-party`: what `element` loads from another site.
fn third_party(
    pages: &Pages<'_>,
    findings: &mut Findings<'_>,
    path: &str,
    element: &super::html::Element,
    base: &Url,
) {
    for (tag, attr) in LOADS {
        if element.tag != *tag {
            continue;
        }
        if *tag == "link" {
            let rel = element.attr("rel").unwrap_or_default().to_lowercase();
            let loads = [
                "stylesheet",
                "preload",
                "prefetch",
                "modulepreload",
                "icon",
                "manifest",
            ];
            if !rel.split_whitespace().any(|r| loads.contains(&r)) {
                continue;
            }
        }
        let Some(value) = element.attr(attr) else {
            continue;
        };
        // A srcset is a list of "address width" pairs.
        for address in value.split(',').filter_map(|c| c.split_whitespace().next()) {
            if let Some(host) = off_site(address, base) {
                findings.on_page(
                    pages,
                    RuleId::PortalThirdParty,
                    Spot { page: path, offset: element.offset, needle: Some(address) },
                    format!("<{tag}> loads `{address}` from {host}"),
                    "serve it from the site itself (put the file in static/) or remove it: nothing from other sites may run or load where patients type health information",
                );
            }
        }
    }
}

/// `portal/third-party` in CSS: fonts, images and `@import`s from other hosts, in `<style>` elements,
/// `style` attributes and the site's own stylesheets that the page links.
fn styles(pages: &Pages<'_>, findings: &mut Findings<'_>, path: &str, doc: &Document, base: &Url) {
    let mut sheets: Vec<(usize, String, &str)> = doc
        .styles
        .iter()
        .map(|(at, css)| (*at, css.clone(), "a <style> element"))
        .collect();
    for element in &doc.elements {
        if let Some(css) = element.attr("style") {
            sheets.push((element.offset, css.to_owned(), "a style attribute"));
        }
        let stylesheet = element.tag == "link"
            && element.attr("rel").is_some_and(|r| {
                r.to_lowercase()
                    .split_whitespace()
                    .any(|r| r == "stylesheet")
            });
        if let Some(href) = element.attr("href").filter(|_| stylesheet)
            && off_site(href, base).is_none()
            && let Ok(url) = base.join(href)
        {
            let file = url.path().trim_start_matches('/');
            let file = file
                .strip_prefix(pages.site.config.base_url.prefix().trim_start_matches('/'))
                .unwrap_or(file);
            if let Some(css) = pages.output.text(file.trim_start_matches('/')) {
                sheets.push((element.offset, css.to_owned(), "the stylesheet it links"));
            }
        }
    }
    for (offset, css, place) in sheets {
        for address in css_addresses(&css) {
            if let Some(host) = off_site(address, base) {
                findings.on_page(
                    pages,
                    RuleId::PortalThirdParty,
                    Spot { page: path, offset, needle: Some(address) },
                    format!("{place} loads `{address}` from {host}"),
                    "serve fonts and images from the site itself (put the files in static/): nothing from other sites may load where patients type health information",
                );
            }
        }
    }
}

fn unquote(text: &str) -> &str {
    text.trim().trim_matches(['"', '\'']).trim()
}

/// The addresses a stylesheet loads: `url(...)` and `@import "..."`.
fn css_addresses(css: &str) -> Vec<&str> {
    let mut found: Vec<&str> = css
        .split("url(")
        .skip(1)
        .filter_map(|rest| rest.split(')').next())
        .map(unquote)
        .collect();
    found.extend(
        css.split("@import")
            .skip(1)
            .filter_map(|rest| rest.trim_start().split([';', ' ', '\n']).next())
            .filter(|s| !s.starts_with("url("))
            .map(unquote),
    );
    found.retain(|a| !a.is_empty() && !a.starts_with("data:"));
    found
}

/// The host of `address` when it is on another site than the site's own `base`.
fn off_site(address: &str, base: &Url) -> Option<String> {
    let url = base.join(address.trim()).ok()?;
    if !matches!(url.scheme(), "http" | "https") || url.origin() == base.origin() {
        return None;
    }
    url.host_str().map(str::to_owned)
}

fn is_sensitive(pages: &Pages<'_>, path: &str) -> bool {
    match pages.page_of.get(path) {
        Some(&id) => pages.site.is_sensitive(id),
        // An HTML file under static/ has no page: its own path says what it is for.
        None => pages.is_static(path) && crate::content::names_sensitive_page(path),
    }
}

/// Vendor brand names as they appear in host names (`athenahealth`), with the vendor's own domain.
fn brands(official_hosts: &[String]) -> Vec<(String, String)> {
    official_hosts
        .iter()
        .filter_map(|host| {
            let labels: Vec<&str> = host.split('.').collect();
            let domain = labels[labels.len().saturating_sub(2)..].join(".");
            let token = labels.get(labels.len().checked_sub(2)?)?.to_string();
            (token.len() >= 5).then_some((token, domain))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn css_addresses_are_urls_and_imports() {
        let css = "@import \"https://a.example/x.css\"; body { background: url('/img/b.png') } \
                   @font-face { src: url(https://fonts.example/f.woff2) } i { background: url(data:image/png;base64,AA) }";
        assert_eq!(
            css_addresses(css),
            [
                "/img/b.png",
                "https://fonts.example/f.woff2",
                "https://a.example/x.css"
            ]
        );
    }

    #[test]
    fn off_site_is_another_origin_over_http() {
        let origin = &Url::parse("https://www.clinic.example").expect("a URL");
        assert_eq!(
            off_site("//cdn.example/x.js", origin).as_deref(),
            Some("cdn.example")
        );
        assert_eq!(off_site("/css/site.css", origin), None);
        assert_eq!(off_site("https://www.clinic.example/x.js", origin), None);
        assert_eq!(off_site("data:image/png;base64,AA", origin), None);
    }
}

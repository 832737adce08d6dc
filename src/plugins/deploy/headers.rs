//! The security headers every host should send, as one list of rules, so each adapter only writes them in
//! its own format and their meaning is the same everywhere.

use std::collections::BTreeMap;

use super::csp::Directive;
use crate::content::Site;

/// A header rule: the paths it applies to (a prefix ending in `/` or `*` for everything) and its headers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    /// `/*` for every path, or a folder like `/patient-portal/`.
    pub path: String,
    pub headers: Vec<(String, String)>,
}

/// What the practice decides about headers.
#[derive(Debug, Clone)]
pub struct HeaderSettings {
    pub hsts_max_age: u64,
    pub hsts_include_subdomains: bool,
    pub hsts_preload: bool,
    /// CSP directive (`img-src`) to the extra sources the practice allows, already checked.
    pub allow: BTreeMap<Directive, Vec<String>>,
}

impl Default for HeaderSettings {
    /// A year of HSTS with subdomains, no preload, nothing allowed beyond the site: what a site without
    /// a `deploy` table gets.
    fn default() -> Self {
        HeaderSettings {
            hsts_max_age: 31_536_000,
            hsts_include_subdomains: true,
            hsts_preload: false,
            allow: BTreeMap::new(),
        }
    }
}

/// The Content-Security-Policy for these settings ([`super::csp::policy`]).
pub fn content_security_policy(settings: &HeaderSettings, frame_ancestors: bool) -> String {
    super::csp::policy(&settings.allow, frame_ancestors)
}

/// The rules for a site: security headers everywhere, short caching for pages, a year for content-hashed
/// stylesheets and scripts (`fingerprinted`), a day for images, and `no-referrer` on the portal pages.
pub fn rules(site: &Site, settings: &HeaderSettings, fingerprinted: bool) -> Vec<Rule> {
    let mut hsts = format!("max-age={}", settings.hsts_max_age);
    if settings.hsts_include_subdomains {
        hsts.push_str("; includeSubDomains");
    }
    if settings.hsts_preload {
        hsts.push_str("; preload");
    }
    let common = vec![
        (
            "Content-Security-Policy".to_owned(),
            content_security_policy(settings, true),
        ),
        ("Strict-Transport-Security".to_owned(), hsts),
        (
            "Referrer-Policy".to_owned(),
            "strict-origin-when-cross-origin".to_owned(),
        ),
        ("X-Content-Type-Options".to_owned(), "nosniff".to_owned()),
        ("X-Frame-Options".to_owned(), "DENY".to_owned()),
        (
            "Permissions-Policy".to_owned(),
            PERMISSIONS_POLICY.to_owned(),
        ),
        (
            "Cache-Control".to_owned(),
            "public, max-age=0, must-revalidate".to_owned(),
        ),
    ];
    let prefix = site.config.base_url.prefix();
    let mut rules = vec![Rule {
        path: format!("{prefix}/*"),
        headers: common.clone(),
    }];
    let assets = if fingerprinted {
        "public, max-age=31536000, immutable"
    } else {
        "public, max-age=86400"
    };
    for (folder, cache) in [
        ("/css/", assets),
        ("/js/", assets),
        ("/images/", "public, max-age=86400"),
        // Processed pictures are named by their content (`images` plugin): a new picture, a new name.
        ("/img/", "public, max-age=31536000, immutable"),
    ] {
        let mut headers = common.clone();
        set(&mut headers, "Cache-Control", cache);
        rules.push(Rule {
            path: format!("{prefix}{folder}"),
            headers,
        });
    }
    let portal_pages = site
        .pages
        .iter()
        .filter(|p| p.translation_key == "patient-portal.md");
    for page in portal_pages {
        let mut headers = common.clone();
        set(&mut headers, "Referrer-Policy", "no-referrer");
        rules.push(Rule {
            path: site.config.base_url.path_for(&page.url),
            headers,
        });
    }
    rules
}

fn set(headers: &mut [(String, String)], name: &str, value: &str) {
    if let Some(header) = headers.iter_mut().find(|(n, _)| n == name) {
        value.clone_into(&mut header.1);
    }
}

/// Powerful features a practice's marketing site never needs, denied to it and anything it embeds.
pub const PERMISSIONS_POLICY: &str = "accelerometer=(), autoplay=(), camera=(), display-capture=(), \
encrypted-media=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), \
publickey-credentials-get=(), usb=(), xr-spatial-tracking=()";

//! The security headers every host should send, as one list of rules, so each adapter only writes them in
//! its own format and their meaning is the same everywhere.

use std::collections::BTreeMap;

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
    /// CSP directive (`img-src`) to extra origins the practice allows.
    pub allow: BTreeMap<String, Vec<String>>,
}

/// The Content-Security-Policy: only the site itself, plus what the practice allowed. No `unsafe-inline`
/// or `unsafe-eval` anywhere: the built-in themes need neither. `frame_ancestors` is left out for the
/// `<meta>` form, which browsers do not accept it in.
pub fn content_security_policy(settings: &HeaderSettings, frame_ancestors: bool) -> String {
    let mut directives: Vec<(&str, Vec<String>)> = vec![
        ("default-src", vec!["'self'".into()]),
        ("img-src", vec!["'self'".into(), "data:".into()]),
        ("style-src", vec!["'self'".into()]),
        ("script-src", vec!["'self'".into()]),
        ("font-src", vec!["'self'".into()]),
        ("connect-src", vec!["'self'".into()]),
        ("frame-src", vec!["'none'".into()]),
        ("object-src", vec!["'none'".into()]),
        ("base-uri", vec!["'self'".into()]),
        ("form-action", vec!["'self'".into()]),
    ];
    for (directive, origins) in &settings.allow {
        if let Some((_, values)) = directives.iter_mut().find(|(d, _)| d == directive) {
            values.retain(|v| v != "'none'");
            values.extend(origins.iter().cloned());
        }
    }
    if frame_ancestors {
        directives.push(("frame-ancestors", vec!["'none'".into()]));
    }
    directives.push(("upgrade-insecure-requests", Vec::new()));
    directives
        .into_iter()
        .map(|(d, v)| {
            if v.is_empty() {
                d.to_owned()
            } else {
                format!("{d} {}", v.join(" "))
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
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

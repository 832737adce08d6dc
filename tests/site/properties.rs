//! Properties that must hold for every input, not only the ones we thought of: slugs, site paths joined
//! under a subpath, and the portal URL check (nothing it accepts is off an official host).

use portico::config::{BaseUrl, Slug, UrlPath};
use portico::plugins::portal::url_check::{Allowed, check, host_is_under};
use proptest::prelude::*;

const OFFICIAL: &[&str] = &["portal.athenahealth.com", "healow.com"];

/// Text that looks like a URL a person or an attacker might paste: pieces of official and lookalike
/// hosts, user info, ports, dots, encodings and odd characters.
fn url_like() -> impl Strategy<Value = String> {
    let scheme = prop_oneof![
        "https://",
        "http://",
        "HTTPS://",
        "https:/",
        "https:///",
        "//",
        ""
    ];
    let userinfo = prop_oneof!["", "portal.athenahealth.com@", "user:pass@", "a@b@"];
    let host = prop_oneof![
        "portal.athenahealth.com",
        "12345.portal.athenahealth.com",
        "portal.athenahealth.com.evil.example",
        "portal-athenahealth.com",
        "healow.com",
        "xn--healw-lva.com",
        "HEALOW.COM",
        "healow.com.",
        "evil.example",
        "127.0.0.1",
        "[::1]",
        "healow.com%2eevil.example",
        "heal\u{f8}w.com",
        "healow。com",
    ];
    let port = prop_oneof!["", ":443", ":8443", ":"];
    let path = "[/a-zA-Z0-9%?#@.:\\\\ -]{0,24}";
    (scheme, userinfo, host, port, path)
        .prop_map(|(s, u, h, p, rest)| format!("{s}{u}{h}{p}{rest}"))
}

proptest! {
    #[test]
    fn nothing_the_portal_check_accepts_is_off_an_official_host(text in url_like()) {
        if let Ok(url) = check(&text, Allowed::Hosts(OFFICIAL)) {
            let host = url.host_str().unwrap_or_default();
            prop_assert!(OFFICIAL.iter().any(|o| host_is_under(host, o)), "{text} -> {host}");
            prop_assert_eq!(url.scheme(), "https");
            prop_assert!(url.username().is_empty() && url.password().is_none(), "{}", text);
            prop_assert!(url.port().is_none(), "{}", text);
        }
    }

    #[test]
    fn nothing_the_portal_check_accepts_from_any_text_is_off_an_official_host(text in "\\PC{0,60}") {
        if let Ok(url) = check(&text, Allowed::Hosts(OFFICIAL)) {
            let host = url.host_str().unwrap_or_default();
            prop_assert!(OFFICIAL.iter().any(|o| host_is_under(host, o)), "{text} -> {host}");
        }
    }

    #[test]
    fn a_slug_made_from_any_title_is_a_valid_slug(title in "\\PC{0,40}") {
        let slug = Slug::from_title(&title);
        if !slug.is_empty() {
            let parsed = Slug::parse(&slug);
            // A title like "Con" gives a name Windows keeps for a device, which `parse` refuses.
            let reserved = parsed.as_ref().err().is_some_and(|e| e.message.contains("Windows"));
            prop_assert!(parsed.is_ok() || reserved, "{title:?} -> {slug:?}");
        }
    }

    #[test]
    fn a_valid_slug_is_lowercase_words_and_single_dashes(text in "[a-z0-9-]{0,12}|\\PC{0,12}") {
        if let Ok(slug) = Slug::parse(&text) {
            let s = slug.as_str();
            prop_assert!(s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'));
            prop_assert!(!s.is_empty() && !s.starts_with('-') && !s.ends_with('-') && !s.contains("--"));
        }
    }

    #[test]
    fn a_site_path_under_a_subpath_stays_under_it(
        prefix in "[a-z]{1,8}(/[a-z0-9]{1,6}){0,2}",
        path in "(/|[a-zA-Z0-9._%~-]{0,8}){0,6}",
    ) {
        let base = BaseUrl::parse(&format!("https://agency.example/{prefix}/")).expect("a base URL");
        if let Ok(site_path) = UrlPath::parse(&path) {
            let joined = base.path_for(&site_path);
            let url = url::Url::parse(&format!("{}{joined}", base.origin())).expect("a URL");
            prop_assert_eq!(url.host_str(), Some("agency.example"));
            prop_assert!(url.path().starts_with(&format!("/{prefix}/")), "{path:?} -> {}", url.path());
            prop_assert_eq!(url.path(), joined.as_str(), "nothing in the path is rewritten by a browser");
        }
    }
}

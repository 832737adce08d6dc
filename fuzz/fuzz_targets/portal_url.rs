//! The portal URL validator: whatever it accepts must be https, on an official host, with no user info or
//! port. A crash or a failed assertion is a finding.
#![no_main]

use libfuzzer_sys::fuzz_target;
use portico::plugins::portal::url_check::{Allowed, check, host_is_under};

const OFFICIAL: &[&str] = &["portal.athenahealth.com", "healow.com", "mychart.example.org"];

fuzz_target!(|text: &str| {
    if let Ok(url) = check(text, Allowed::Hosts(OFFICIAL)) {
        let host = url.host_str().unwrap_or_default();
        assert!(OFFICIAL.iter().any(|o| host_is_under(host, o)), "{text} -> {host}");
        assert_eq!(url.scheme(), "https");
        assert!(url.username().is_empty() && url.password().is_none());
        assert!(url.port().is_none());
    }
    let _ = check(text, Allowed::AnyHost);
});

use super::*;

const ATHENA: Allowed<'static> = Allowed::Hosts(&["portal.athenahealth.com"]);

#[test]
fn official_hosts_and_their_subdomains_pass() {
    for good in [
        "https://12345.portal.athenahealth.com/",
        "https://12345-1.portal.athenahealth.com/#/login",
        "https://12345.PORTAL.athenahealth.com/",
        "https://12345.portal.athenahealth.com:443/",
    ] {
        assert!(check(good, ATHENA).is_ok(), "{good} should pass");
    }
    assert_eq!(
        check("https://12345.PORTAL.athenahealth.com:443/", ATHENA)
            .unwrap()
            .as_str(),
        "https://12345.portal.athenahealth.com/"
    );
}

#[test]
fn lookalikes_and_tricks_are_refused() {
    for bad in [
        "https://portal.athenahealth.com.evil.net/",
        "https://athenahealth.com-login.net/",
        "https://evilportal.athenahealth.com/",
        "https://portal.athenahealth.com@evil.net/",
        "https://evil.net\\@portal.athenahealth.com/",
        "http://12345.portal.athenahealth.com/",
        "javascript:alert(1)",
        "data:text/html,<b>hi</b>",
        "//12345.portal.athenahealth.com/",
        "https://12345.portal.athenahealth.com:8443/",
        "https://12345.portal.athenahealth.com./",
        "https://192.0.2.1/",
        "https://[2001:db8::1]/",
        "https://xn--athenahealth-xyz.portal.athenahealth.com/",
        "https://12345.portal.\u{430}thenahealth.com/",
        "https://12345.portal.athenahealth.com/ x",
        "",
    ] {
        assert!(check(bad, ATHENA).is_err(), "{bad:?} should be refused");
    }
}

#[test]
fn any_host_still_requires_a_safe_https_address() {
    assert!(check("https://portal.riverbendfamily.example/", Allowed::AnyHost).is_ok());
    assert!(check("http://portal.riverbendfamily.example/", Allowed::AnyHost).is_err());
    assert!(
        check(
            "https://user:pw@portal.riverbendfamily.example/",
            Allowed::AnyHost
        )
        .is_err()
    );
}

#[test]
fn suffixes_match_whole_labels() {
    assert!(host_is_under("a.ema.md", "ema.md"));
    assert!(host_is_under("ema.md", "ema.md"));
    assert!(!host_is_under("schema.md", "ema.md"));
    assert!(!host_is_under(".ema.md", "ema.md"));
}

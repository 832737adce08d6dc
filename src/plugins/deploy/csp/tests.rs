use super::*;

fn source(directive: &str, text: &str) -> Result<String, Refusal> {
    Directive::named(directive)
        .expect("a directive")
        .source(text)
}

#[test]
fn hosts_and_registrable_wildcards_pass() {
    for (directive, text, written) in [
        (
            "img-src",
            "https://images.example-clinic.com",
            "https://images.example-clinic.com",
        ),
        (
            "img-src",
            "https://Images.Example-Clinic.com/",
            "https://images.example-clinic.com",
        ),
        (
            "frame-src",
            "https://www.google.com/maps/embed/",
            "https://www.google.com/maps/embed/",
        ),
        (
            "script-src",
            "https://*.example-clinic.com",
            "https://*.example-clinic.com",
        ),
        (
            "connect-src",
            "wss://live.example-clinic.com:8443",
            "wss://live.example-clinic.com:8443",
        ),
        (
            "img-src",
            "https://bücher.example",
            "https://xn--bcher-kva.example",
        ),
        ("media-src", "blob:", "blob:"),
        ("font-src", "data:", "data:"),
        ("script-src", "'wasm-unsafe-eval'", "'wasm-unsafe-eval'"),
    ] {
        assert_eq!(
            source(directive, text).as_deref(),
            Ok(written),
            "{directive} {text}"
        );
    }
}

#[test]
fn sources_that_widen_or_break_the_policy_are_refused() {
    for (directive, text) in [
        ("script-src", "*"),
        ("script-src", "https://*"),
        ("script-src", "https:"),
        ("script-src", "https://*.com"),
        ("script-src", "https://*.co.uk"),
        ("script-src", "https://a.*.example-clinic.com"),
        ("script-src", "https://a.example-clinic.com:*"),
        ("script-src", "https://a.example;script-src"),
        ("script-src", "https://a.example,b"),
        ("script-src", "https://a.example 'unsafe-inline'"),
        ("script-src", "'unsafe-inline'"),
        ("script-src", "'nonce-abc'"),
        ("style-src", "'unsafe-inline'"),
        ("img-src", "'none'"),
        ("img-src", "'wasm-unsafe-eval'"),
        ("img-src", "http://images.example"),
        ("img-src", "https://images.example'"),
        ("img-src", "images.example-clinic.com"),
        ("img-src", "https://192.0.2.1"),
        ("img-src", "https://user@images.example-clinic.com"),
        ("img-src", "https://images.example-clinic.com/?q=1"),
        ("img-src", "https://localhost"),
        ("script-src", "data:"),
        ("frame-src", "wss://live.example-clinic.com"),
        ("script-src", "https://\u{ff0a}.com"),
        (
            "script-src",
            "https://a.example-clinic.com\u{ff1b}script-src",
        ),
        ("script-src", "https://a.example-clinic.com\u{ff0c}b"),
    ] {
        assert!(
            source(directive, text).is_err(),
            "{directive} accepted {text}"
        );
    }
}

#[test]
fn a_blocked_address_gets_the_allow_line_that_lets_it_in() {
    assert_eq!(
        Advice::for_violation("frame-src", "https://www.google.com/maps/embed?pb=1").to_string(),
        "to allow it, add to portico.yaml:\ndeploy:\n  allow:\n    frame-src: [https://www.google.com]"
    );
    assert!(matches!(
        Advice::for_violation("script-src-elem", "https://www.googletagmanager.com/gtag/js?id=G-1"),
        Advice::Allow { source, .. } if source == "https://www.googletagmanager.com"
    ));
    assert!(matches!(
        Advice::for_violation("script-src-elem", "inline"),
        Advice::Refused(_)
    ));
    assert!(matches!(
        Advice::for_violation("object-src", "https://a.example-clinic.com/x.swf"),
        Advice::Refused(_)
    ));
    assert!(matches!(
        Advice::for_violation("img-src", "http://a.example-clinic.com/x.png"),
        Advice::Refused(_)
    ));
}

#[test]
fn every_accepted_directive_reaches_the_policy() {
    let allow: BTreeMap<Directive, Vec<String>> = Directive::all()
        .map(|d| (d, vec![format!("https://{}.example-clinic.com", d.name())]))
        .collect();
    let policy = policy(&allow, true);
    for directive in Directive::all() {
        let wanted = format!("https://{}.example-clinic.com", directive.name());
        let part = policy
            .split("; ")
            .find(|p| p.split(' ').next() == Some(directive.name()))
            .unwrap_or_else(|| panic!("{} is not in {policy}", directive.name()));
        assert!(part.contains(&wanted), "{part}");
        assert!(!part.contains("'none'"), "{part}");
    }
}

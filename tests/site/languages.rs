//! Translations: `about.es.md` is `/es/about/`, with hreflang alternates, a switcher and Spanish strings.

use crate::harness::SiteTest;

#[test]
fn a_translation_lives_under_its_language() {
    let site = SiteTest::fixture("basic");
    site.build_ok();
    let about = site.output("es/about/index.html");
    assert!(about.contains(r#"<html lang="es">"#));
    assert!(about.contains("Sobre nosotros"));
}

#[test]
fn translations_link_to_each_other() {
    let site = SiteTest::fixture("basic");
    site.build_ok();
    for file in ["about/index.html", "es/about/index.html"] {
        let page = site.output(file);
        assert!(
            page.contains(r#"hreflang="en" href="https://www.maplestreetkids.example/about/""#),
            "{file}"
        );
        assert!(
            page.contains(r#"hreflang="es" href="https://www.maplestreetkids.example/es/about/""#),
            "{file}"
        );
    }
    let english = site.output("about/index.html");
    assert!(
        english.contains(r#"<a href="/es/about/" hreflang="es" lang="es">Español</a>"#),
        "switcher:\n{english}"
    );
}

#[test]
fn a_page_without_translation_offers_no_switch() {
    let site = SiteTest::fixture("basic");
    site.build_ok();
    let checkups = site.output("services/checkups/index.html");
    assert!(!checkups.contains(r#"hreflang="es""#));
}

#[test]
fn navigation_is_per_language() {
    let site = SiteTest::fixture("basic");
    site.build_ok();
    let spanish = site.output("es/index.html");
    assert!(spanish.contains(r#"href="/es/about/""#));
    assert!(
        !spanish.contains(r#"href="/services/""#),
        "only Spanish pages in the Spanish navigation"
    );
}

#[test]
fn the_site_can_override_a_string() {
    let site = SiteTest::fixture("basic");
    site.write(
        "portico.yaml",
        &(site.read("portico.yaml")
            + "strings:\n  es:\n    skip_to_content: \"Ir al contenido\"\n"),
    );
    site.build_ok();
    assert!(
        site.output("es/index.html")
            .contains(">Ir al contenido</a>")
    );
    assert!(
        site.output("index.html")
            .contains(">Skip to main content</a>")
    );
}

#[test]
fn an_unknown_string_key_is_an_error_with_a_suggestion() {
    let site = SiteTest::fixture("basic");
    site.write(
        "portico.yaml",
        &(site.read("portico.yaml") + "strings:\n  en:\n    skip_to_contnet: \"Skip\"\n"),
    );
    let errors = site.build().expect_err("unknown string");
    let text = errors.to_string();
    assert!(text.contains("unknown string `skip_to_contnet`"), "{text}");
    assert!(text.contains("did you mean `skip_to_content`?"), "{text}");
    assert_eq!(errors.errors()[0].location().unwrap().line, Some(26));
}

#[test]
fn practice_text_can_differ_per_language() {
    let site = SiteTest::fixture("basic");
    site.build_ok();
    assert!(site.output("index.html").contains("Kind care for kids"));
    let spanish = site.output("es/index.html");
    assert!(spanish.contains("Atención amable para niños"), "{spanish}");
    assert!(!spanish.contains("Kind care for kids"));
}

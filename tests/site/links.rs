//! Markdown features and internal links as they come out in pages.

use crate::harness::SiteTest;

#[test]
fn internal_links_become_page_urls_with_anchors() {
    let site = SiteTest::fixture("basic");
    site.build_ok();
    let page = site.output("services/checkups/index.html");
    assert!(
        page.contains(r#"<a href="/about/#our-team">our team</a>"#),
        "{page}"
    );
    assert!(
        site.output("about/index.html")
            .contains(r#"<h2 id="our-team">Our team</h2>"#)
    );
    assert!(
        site.output("es/index.html")
            .contains(r#"<a href="/es/about/">sobre nosotros</a>"#)
    );
}

#[test]
fn markdown_extensions_render() {
    let site = SiteTest::fixture("basic");
    site.build_ok();
    let page = site.output("services/checkups/index.html");
    for needle in ["<table>", r#"type="checkbox""#, "footnote-definition"] {
        assert!(page.contains(needle), "{needle} is missing");
    }
}

#[test]
fn the_summary_stops_at_the_more_marker() {
    let site = SiteTest::fixture("basic");
    site.build_ok();
    let news = site.output("news/index.html");
    assert!(news.contains("Flu shots for the whole family."));
    assert!(
        !news.contains("No appointment needed."),
        "the text after <!-- more --> is not in the list"
    );
}

#[test]
fn repeated_headings_get_unique_ids() {
    let site = SiteTest::fixture("basic");
    site.write(
        "content/faq.md",
        "---\ntitle: FAQ\n---\n## Visits\n\n## Visits\n",
    );
    site.build_ok();
    let page = site.output("faq/index.html");
    assert!(
        page.contains(r#"<h2 id="visits">"#) && page.contains(r#"<h2 id="visits-1">"#),
        "{page}"
    );
}

#[test]
fn markdown_can_link_to_pages_that_plugins_add() {
    let site = SiteTest::fixture("basic");
    site.write(
        "portico.yaml",
        &(site.read("portico.yaml") + "portal:\n  vendor: drchrono\n  login_url: https://www.onpatient.com/login/\n  verified: 2026-11-01\n"),
    );
    site.write(
        "content/faq.md",
        "---\ntitle: FAQ\n---\nLog in on [our portal page](@/patient-portal.md), read [EMR or EHR?](@/patient-portal/emr-vs-ehr.md), or find [our office](@/locations/main.md).\n",
    );
    site.build_ok();
    let page = site.output("faq/index.html");
    for href in [
        "/patient-portal/",
        "/patient-portal/emr-vs-ehr/",
        "/locations/main/",
    ] {
        assert!(
            page.contains(&format!(r#"href="{href}""#)),
            "no link to {href}"
        );
    }
}

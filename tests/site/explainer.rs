//! The EMR/EHR explainer: in every language, tailored to the practice, linked from the portal, overridable.

use crate::harness::SiteTest;

/// The `<main>` element of a built page: the explainer's own text, without the site frame.
fn main_of(html: &str) -> &str {
    let start = html.find("<main").expect("a <main> element");
    let end = html.find("</main>").expect("the end of <main>") + "</main>".len();
    &html[start..end]
}

fn site_with(records_system: &str) -> SiteTest {
    let site = SiteTest::fixture("basic");
    let portal = "portal:\n  vendor: drchrono\n  login_url: https://www.onpatient.com/login/\n  verified: 2026-11-01\n";
    site.write(
        "portico.yaml",
        &format!(
            "{}{portal}explainer:\n  records_system: {records_system}\n",
            site.read("portico.yaml")
        ),
    );
    site
}

#[test]
fn the_explainer_is_in_both_languages_and_linked_from_the_portal_page() {
    let site = site_with("ehr");
    site.build_ok();
    for (page, explainer) in [
        ("patient-portal/index.html", "/patient-portal/emr-vs-ehr/"),
        (
            "es/patient-portal/index.html",
            "/es/patient-portal/emr-vs-ehr/",
        ),
    ] {
        assert!(
            site.output(page)
                .contains(&format!(r#"href="{explainer}""#)),
            "{page} links to {explainer}"
        );
    }
    let english = site.output("patient-portal/emr-vs-ehr/index.html");
    assert!(english.contains(r#"<h2 id="what-is-an-emr">What is an EMR?</h2>"#));
    assert!(english.contains("OnPatient"), "the portal product is named");
    assert!(
        english.contains("Maple Street Pediatrics"),
        "the practice is named"
    );
    let spanish = site.output("es/patient-portal/emr-vs-ehr/index.html");
    assert!(
        spanish.contains(r#"<html lang="es" dir="ltr">"#) && spanish.contains("¿Qué es un EMR?")
    );
    assert!(
        site.output("index.html")
            .contains(r#"href="/patient-portal/emr-vs-ehr/""#),
        "the footer links to it"
    );
}

#[test]
fn the_page_is_tailored_to_the_records_system() {
    for system in ["ehr", "emr"] {
        let site = site_with(system);
        site.build_ok();
        insta::assert_snapshot!(
            format!("explainer_{system}_en"),
            main_of(&site.output("patient-portal/emr-vs-ehr/index.html"))
        );
        insta::assert_snapshot!(
            format!("explainer_{system}_es"),
            main_of(&site.output("es/patient-portal/emr-vs-ehr/index.html"))
        );
    }
}

#[test]
fn a_practice_replaces_a_section_with_its_own_markdown() {
    let site = site_with("ehr");
    site.write(
        "explainer/privacy.md",
        "## Your privacy at Maple Street\n\nAsk [our team](@/about.md) anything.\n",
    );
    site.build_ok();
    let page = site.output("patient-portal/emr-vs-ehr/index.html");
    assert!(page.contains(r#"<h2 id="your-privacy-at-maple-street">"#));
    assert!(page.contains(r#"<a href="/about/">our team</a>"#));
    assert!(
        !page.contains("Who can see your record"),
        "the built-in section is replaced"
    );
    let spanish = site.output("es/patient-portal/emr-vs-ehr/index.html");
    assert!(
        spanish.contains("Quién puede ver su expediente"),
        "other languages keep their own text"
    );
}

#[test]
fn a_broken_link_in_an_override_is_reported_at_its_line() {
    let site = site_with("ehr");
    site.write(
        "explainer/copy.md",
        "## Copies\n\nSee [the form](@/forms.md).\n",
    );
    let errors = site.build().expect_err("a broken link");
    let error = &errors.errors()[0];
    let location = error.location().expect("a location");
    assert!(location.path.ends_with("explainer/copy.md"), "{error}");
    assert_eq!(
        (location.line, location.column),
        (Some(3), Some(5)),
        "{error}"
    );
}

#[test]
fn an_unknown_records_system_is_an_error_with_the_choices() {
    let site = site_with("phr");
    let errors = site.build().expect_err("phr is not a records system");
    let text = errors.to_string();
    assert!(
        text.contains("unknown value `phr`") && text.contains("emr"),
        "{text}"
    );
}

#[test]
fn the_explainer_states_the_copy_rules_and_the_practices_emergency_number() {
    let site = site_with("ehr");
    site.write(
        "portico.yaml",
        &(site.read("portico.yaml") + "compliance:\n  emergency_number: \"9-911\"\n"),
    );
    site.build_ok();
    let en = site.output("patient-portal/emr-vs-ehr/index.html");
    let en = main_of(&en);
    for fact in [
        "call 9-911",
        "988",
        "within 30 days",
        "30 more days, but only once",
        "free to see or download your record in the patient portal",
        "business associates",
        "ask us to correct it",
    ] {
        assert!(en.contains(fact), "English lacks {fact:?}");
    }
    assert_eq!(
        en.matches("911").count(),
        en.matches("9-911").count(),
        "every 911 is the practice's 9-911: none is hard-coded"
    );
    let es = site.output("es/patient-portal/emr-vs-ehr/index.html");
    let es = main_of(&es);
    for fact in ["9-911", "988", "30 días"] {
        assert!(es.contains(fact), "Spanish lacks {fact:?}");
    }
    assert!(
        !es.contains("historia clínica"),
        "one word for the record in Spanish"
    );
}

/// A language with no built-in explainer text gets the page in English, marked `lang="en"`, under a note
/// in its own words; a section the site writes in that language replaces the English one.
#[test]
fn another_language_gets_the_english_explainer_with_a_note_until_the_site_writes_its_own() {
    let site = site_with("ehr");
    site.edit("portico.yaml", "languages: [es]", "languages: [es, vi]");
    site.write("content/_index.vi.md", "---\ntitle: Trang chủ\n---\n");
    site.write(
        "explainer/intro.vi.md",
        "Trang này nói về hồ sơ sức khỏe của quý vị.\n",
    );
    let report = site.build_ok();
    assert!(
        !report
            .warnings
            .warnings()
            .iter()
            .any(|w| w.message().contains("explainer")),
        "{}",
        report.warnings
    );
    let page = site.output("vi/patient-portal/emr-vs-ehr/index.html");
    assert!(page.contains(r#"<html lang="vi" dir="ltr">"#), "{page}");
    let vi = portico::i18n::built_in("vi").expect("vi is built in");
    assert!(
        page.contains(&vi["explainer_title"]),
        "the title is in Vietnamese"
    );
    let main = main_of(&page);
    let note = vi["fallback_note"].replace("{language}", "English");
    assert!(
        main.contains(&format!("<p class=\"fallback-note\">{note}</p>")),
        "{main}"
    );
    assert!(main.contains("<p>Trang này nói về hồ sơ sức khỏe của quý vị.</p>"));
    assert!(
        main.contains("<div lang=\"en\">\n<h2 id=\"what-is-an-emr\">What is an EMR?</h2>"),
        "{main}"
    );
    assert!(
        site.output("vi/patient-portal/index.html")
            .contains(r#"href="/vi/patient-portal/emr-vs-ehr/""#)
    );
}

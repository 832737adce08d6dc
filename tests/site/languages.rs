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

/// A language with no built-in table stops the build with the command that starts one; what that
/// command prints, added to `portico.yaml`, builds the language (in English words, to translate).
#[test]
fn portico_strings_starts_a_language_portico_has_no_table_for() {
    let site = SiteTest::fixture("basic");
    site.edit("portico.yaml", "languages: [es]", "languages: [es, vi]");
    let run = site.run(&["build", "--root", "site"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("run `portico strings vi >> portico.yaml`"),
        "{}",
        run.stderr
    );

    let run = site.run(&["strings", "vi", "--root", "site"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("no built-in table for `vi`")
            && run.stdout.contains(
                "strings:\n  vi:\n    # Page frame\n    skip_to_content: \"Skip to main content\"\n"
            ),
        "{}",
        run.stdout
    );
    site.write("portico.yaml", &(site.read("portico.yaml") + &run.stdout));
    site.write("content/_index.vi.md", "---\ntitle: Trang chủ\n---\n");
    let run = site.run(&["build", "--root", "site"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let home = site.output("vi/index.html");
    assert!(
        home.contains("<html lang=\"vi\">") && home.contains(">Skip to main content</a>"),
        "{home}"
    );
}

/// The table printed for a built-in language carries the site's own changes, quoted so YAML reads each
/// value as text.
#[test]
fn portico_strings_prints_the_words_the_site_uses() {
    let site = SiteTest::fixture("basic");
    site.write(
        "portico.yaml",
        &(site.read("portico.yaml")
            + "strings:\n  es:\n    skip_to_content: \"Ir al contenido\"\n"),
    );
    let run = site.run(&["strings", "es", "--root", "site"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("    skip_to_content: \"Ir al contenido\"\n")
            && run.stdout.contains("    home: \"Inicio\"\n")
            && !run.stdout.contains("no built-in table"),
        "{}",
        run.stdout
    );
    let run = site.run(&["strings", "english", "--root", "site"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("`english` is not a language code"),
        "{}",
        run.stderr
    );
}

//! Translations: `about.es.md` is `/es/about/`, with hreflang alternates, a switcher and Spanish strings.

use crate::harness::SiteTest;

#[test]
fn a_translation_lives_under_its_language() {
    let site = SiteTest::fixture("basic");
    site.build_ok();
    let about = site.output("es/about/index.html");
    assert!(about.contains(r#"<html lang="es" dir="ltr">"#));
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
/// command prints, saved as `strings/so.yaml`, builds the language (in English words, to translate).
#[test]
fn portico_strings_starts_a_language_portico_has_no_table_for() {
    let site = SiteTest::fixture("basic");
    site.edit("portico.yaml", "languages: [es]", "languages: [es, so]");
    let run = site.run(&["build", "--root", "site"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("strings/so.yaml")
            && run
                .stderr
                .contains("run `portico strings en > strings/so.yaml` and translate every value"),
        "{}",
        run.stderr
    );

    let run = site.run(&["strings", "en", "--root", "site"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("save this as strings/CODE.yaml")
            && run
                .stdout
                .contains("\n# Page frame\nskip_to_content: \"Skip to main content\"\n"),
        "{}",
        run.stdout
    );
    site.write("strings/so.yaml", &run.stdout);
    site.write("content/_index.so.md", "---\ntitle: Bogga hore\n---\n");
    let run = site.run(&["build", "--root", "site"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let home = site.output("so/index.html");
    assert!(
        home.contains("<html lang=\"so\" dir=\"ltr\">")
            && home.contains(">Skip to main content</a>"),
        "{home}"
    );
}

/// Vietnamese is built in: the site builds in its words, `portico check` warns once that no native
/// speaker has reviewed them, and `reviewed: true` in `strings/vi.yaml` says one has.
#[test]
fn a_built_in_language_builds_and_is_flagged_until_reviewed() {
    let site = SiteTest::fixture("basic");
    site.edit("portico.yaml", "languages: [es]", "languages: [es, vi]");
    site.write("content/_index.vi.md", "---\ntitle: Trang chủ\n---\n");
    site.build_ok();
    let home = site.output("vi/index.html");
    assert!(home.contains("<html lang=\"vi\" dir=\"ltr\">"), "{home}");
    let skip = portico::i18n::built_in("vi").expect("vi is built in")["skip_to_content"].clone();
    assert!(home.contains(&format!(">{skip}</a>")), "{home}");

    let run = site.run(&["check", "--root", "site"]);
    let warnings = run.stdout.matches("i18n/unreviewed-strings").count();
    assert_eq!(warnings, 1, "{}", run.stdout);
    assert!(
        run.stdout.contains("the built-in `vi` words"),
        "{}",
        run.stdout
    );

    site.write(
        "strings/vi.yaml",
        "reviewed: true\nskip_to_content: \"Đến phần chính\"\n",
    );
    site.build_ok();
    assert!(site.output("vi/index.html").contains(">Đến phần chính</a>"));
    let run = site.run(&["check", "--root", "site"]);
    assert!(
        !run.stdout.contains("i18n/unreviewed-strings"),
        "{}",
        run.stdout
    );
}

/// Arabic is written right to left: its pages say so.
#[test]
fn a_right_to_left_language_sets_the_direction() {
    let site = SiteTest::fixture("basic");
    site.edit(
        "portico.yaml",
        "languages: [es]",
        "languages: [es, ar, zh-Hans]",
    );
    site.write("content/_index.ar.md", "---\ntitle: الصفحة الرئيسية\n---\n");
    site.write("content/_index.zh-Hans.md", "---\ntitle: 首页\n---\n");
    site.build_ok();
    assert!(
        site.output("ar/index.html")
            .contains("<html lang=\"ar\" dir=\"rtl\">")
    );
    assert!(
        site.output("zh-Hans/index.html")
            .contains("<html lang=\"zh-Hans\" dir=\"ltr\">")
    );
    assert!(
        site.output("index.html")
            .contains("<html lang=\"en\" dir=\"ltr\">")
    );
}

/// A site's string file: an unknown key is an error at its line in that file; a value that is not
/// words, too.
#[test]
fn a_string_file_is_checked_like_the_config() {
    let site = SiteTest::fixture("basic");
    site.write("strings/es.yaml", "home: \"Portada\"\nreviewed: \"yes\"\n");
    site.write("strings/spanish.yaml", "home: \"Portada\"\n");
    let text = site.build().expect_err("not a language").to_string();
    assert!(
        text.contains("strings/es.yaml:2:1") && text.contains("`reviewed` needs true or false"),
        "{text}"
    );
    assert!(text.contains("`spanish` is not a language code"), "{text}");

    std::fs::remove_file(site.root.join("strings/spanish.yaml")).expect("remove the file");
    site.write("strings/es.yaml", "home: \"Portada\"\nhome_titel: \"x\"\n");
    let text = site.build().expect_err("unknown key").to_string();
    assert!(text.contains("unknown string `home_titel`"), "{text}");
    assert!(text.contains("strings/es.yaml:2:1"), "{text}");
}

/// Text for a language the site does not build is an error at its line, not a silent loss.
#[test]
fn text_in_a_language_the_site_does_not_build_is_an_error_at_its_line() {
    let site = SiteTest::fixture("basic");
    let config = site.read("portico.yaml");
    let tagline = config
        .lines()
        .position(|l| l.trim_start().starts_with("tagline:"))
        .expect("the fixture has a tagline");
    site.edit("portico.yaml", "    es: ", "    vi: ");
    let text = site.build().expect_err("vi is not built").to_string();
    assert!(
        text.contains("`vi` is not one of the site's languages"),
        "{text}"
    );
    assert!(
        text.contains(&format!("portico.yaml:{}:", tagline + 3)),
        "{tagline}\n{text}\n{config}"
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
            .contains("\nskip_to_content: \"Ir al contenido\"\n")
            && run.stdout.contains("\nhome: \"Inicio\"\n")
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

/// A language with pages but no home page of its own gets the default language's: its pages link to a
/// home that exists, with the language's navigation, and the English text is marked as English under a
/// note in the reader's language. `portico check` still counts the home page as untranslated.
#[test]
fn a_language_without_a_home_page_gets_the_default_one_with_a_note() {
    let site = SiteTest::fixture("basic");
    site.edit("portico.yaml", "languages: [es]", "languages: [es, vi]");
    site.write(
        "content/about.vi.md",
        "---\ntitle: Về chúng tôi\nweight: 20\n---\nChúng tôi chăm sóc trẻ em.\n",
    );
    site.build_ok();
    let home = site.output("vi/index.html");
    assert!(home.contains("<html lang=\"vi\" dir=\"ltr\">"), "{home}");
    let note = portico::i18n::built_in("vi").expect("vi is built in")["fallback_note"]
        .replace("{language}", "English");
    assert!(
        home.contains(&format!(
            "<p class=\"fallback-note\">{note}</p>\n<div lang=\"en\">"
        )),
        "{home}"
    );
    assert!(home.contains("We care for children"), "{home}");
    assert!(home.contains(r#"href="/vi/about/""#), "{home}");
    assert!(
        site.output("vi/about/index.html")
            .contains(r#"href="/vi/""#)
    );
    assert!(!site.output("index.html").contains("fallback-note"));

    let run = site.run(&["check", "--root", "site"]);
    assert!(
        run.stdout
            .contains("no `vi` translation: content/_index.md"),
        "{}",
        run.stdout
    );
}

//! Both template engines are real: the same site through a MiniJinja theme and an equivalent Tera theme
//! gives the same bytes.

use crate::harness::{SiteTest, tree};

/// The engines fixture, set to use `theme`.
fn engines_site(theme: &str) -> SiteTest {
    let site = SiteTest::fixture("engines");
    site.edit(
        "portico.yaml",
        "theme: small-minijinja",
        &format!("theme: {theme}"),
    );
    site
}

#[test]
fn minijinja_and_tera_render_the_same_site_identically() {
    let site = SiteTest::fixture("engines");
    site.build_ok();
    let minijinja = tree(&site.root.join("public"));
    site.edit(
        "portico.yaml",
        "theme: small-minijinja",
        "theme: small-tera",
    );
    site.build_ok();
    let tera = tree(&site.root.join("public"));
    assert_eq!(
        minijinja.keys().collect::<Vec<_>>(),
        tera.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &minijinja {
        assert_eq!(
            String::from_utf8_lossy(bytes),
            String::from_utf8_lossy(&tera[path]),
            "{path} differs between the engines"
        );
    }
    insta::assert_snapshot!(
        "engines_page",
        crate::harness::stable(&String::from_utf8_lossy(&minijinja["hours/index.html"]))
    );
}

#[test]
fn both_engines_escape_and_use_the_helpers() {
    for theme in ["small-minijinja", "small-tera"] {
        let site = engines_site(theme);
        site.build_ok();
        let page = site.output("hours/index.html");
        assert!(
            page.contains("Hours &lt;and&gt; &quot;holidays&quot;"),
            "{theme}: titles are escaped"
        );
        assert!(
            page.contains(r#"<a href="tel:+15415550100">Closed</a>"#),
            "{theme}: tel filter and theme strings"
        );
        // Smart punctuation turns the holiday's apostrophe into a typographic one, in both engines.
        assert!(
            page.contains("<strong>New Year’s Day</strong>"),
            "{theme}: markdown filter:\n{page}"
        );
        assert!(
            page.contains(r#"<a href="/office/hours/">/office/</a>"#),
            "{theme}: url() resolves @/ and paths"
        );
        assert!(
            page.contains("February 9, 2026</time> February 9, 2026"),
            "{theme}: date label and format_date"
        );
        assert!(
            page.contains("Monday, Wednesday, Friday 7:00 AM-3:30 PM"),
            "{theme}: hours"
        );
    }
}

/// Breaks `404.html` of each small theme with `text` and returns where each engine says the error is.
fn error_in_404(text: &str) -> Vec<(String, portico::error::Location)> {
    ["small-minijinja", "small-tera"]
        .into_iter()
        .map(|theme| {
            let site = engines_site(theme);
            site.write(&format!("themes/{theme}/templates/404.html"), text);
            let errors = site
                .build()
                .expect_err("a broken template must fail the build");
            let error = &errors.errors()[0];
            let location = error.location().expect("a location").clone();
            assert!(
                location
                    .path
                    .ends_with(format!("themes/{theme}/templates/404.html")),
                "{theme}: {error}"
            );
            (theme.to_owned(), location)
        })
        .collect()
}

#[test]
fn undefined_variables_are_errors_in_both_engines() {
    for (theme, location) in error_in_404("{{ page.no_such_field }}\n") {
        assert_eq!(location.line, Some(1), "{theme}");
    }
}

#[test]
fn syntax_errors_are_located_in_both_engines() {
    for (theme, location) in error_in_404("<p>\n{% if %}\n</p>\n") {
        assert_eq!(location.line, Some(2), "{theme}");
        assert!(location.column.is_some(), "{theme}");
    }
}

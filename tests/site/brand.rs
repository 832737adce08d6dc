//! Brand tokens: a clinic's colours and fonts as CSS custom properties, checked for contrast first.

use crate::harness::SiteTest;

fn branded(table: &str) -> SiteTest {
    let site = SiteTest::fixture("basic");
    site.write("portico.yaml", &(site.read("portico.yaml") + table));
    site
}

#[test]
fn brand_tokens_become_a_stylesheet_linked_after_the_themes() {
    let site = branded(
        "brand:\n  primary: \"#1d4e89\"\n  accent: \"#a14d00\"\n  font_stack: Georgia, \"Times New Roman\", serif\n  radius: 10px\n  logo: /images/dot.svg\n",
    );
    site.build_ok();
    let css = site.output(&site.asset("css/brand.css"));
    for line in [
        "--color-primary: #1d4e89;",
        "--color-accent: #a14d00;",
        "--font-stack: Georgia, \"Times New Roman\", serif;",
        "--radius: 10px;",
    ] {
        assert!(css.contains(line), "brand.css lacks {line}:\n{css}");
    }
    assert!(
        !css.contains("--color-text"),
        "tokens the site did not set are left to the theme"
    );
    let home = site.output("index.html");
    let theme = home.find("/css/clinic.").expect("the theme's stylesheet");
    let brand = home.find("/css/brand.").expect("the brand stylesheet");
    assert!(
        theme < brand,
        "the brand stylesheet comes after the theme's, so it wins"
    );
    assert!(
        home.contains(r#"src="/images/dot.svg""#),
        "the brand logo replaces the practice logo"
    );
}

#[test]
fn without_brand_tokens_there_is_no_brand_stylesheet() {
    let site = SiteTest::fixture("basic");
    site.build_ok();
    assert!(
        !std::fs::read_dir(site.root.join("public/css"))
            .unwrap()
            .any(|e| e
                .unwrap()
                .file_name()
                .to_string_lossy()
                .starts_with("brand."))
    );
    assert!(!site.output("index.html").contains("/css/brand."));
}

#[test]
fn a_colour_pair_below_wcag_aa_is_an_error_with_the_nearest_passing_shade() {
    let site = branded("brand:\n  primary: \"#7aa7d9\"\n");
    let errors = site.build().expect_err("light blue links fail AA on white");
    let error = &errors.errors()[0];
    let message = error.message();
    assert!(
        message.contains("#7aa7d9")
            && message.contains("#ffffff")
            && message.contains(":1")
            && message.contains("4.5:1"),
        "{message}"
    );
    assert!(
        error
            .help()
            .is_some_and(|h| h.starts_with("the nearest shade that passes is #")),
        "{error}"
    );
    assert_eq!(error.location().and_then(|l| l.line), Some(25));
}

#[test]
fn bad_tokens_are_located() {
    for (table, message) in [
        ("brand:\n  accent: orange\n", "`brand.accent`"),
        ("brand:\n  radius: \"10 px; color red\"\n", "`brand.radius`"),
        (
            "brand:\n  font_stack: \"Arial; } body { display: none\"\n",
            "`brand.font_stack`",
        ),
        ("brand:\n  primry: \"#000000\"\n", "unknown key `primry`"),
    ] {
        let errors = branded(table).build().expect_err(message);
        let error = &errors.errors()[0];
        assert!(error.message().contains(message), "{error}");
        assert_eq!(error.location().and_then(|l| l.line), Some(25), "{error}");
    }
}

/// The contrast check reads the theme's own colours from its `theme.yaml` (`colors:`), inherited by a
/// child theme that sets only some: a primary colour fine on clinic's white fails on a dark theme.
#[test]
fn the_contrast_check_compares_with_the_themes_own_colours() {
    let site = branded("brand:\n  primary: \"#0b5f73\"\n");
    site.overlay("themes/child");
    site.edit("portico.yaml", "theme: clinic", "theme: maple");
    site.build_ok();
    site.write(
        "themes/maple/theme.yaml",
        &(site.read("themes/maple/theme.yaml") + "colors: { background: \"#111111\" }\n"),
    );
    let errors = site
        .build()
        .expect_err("a primary too dark for the theme's background");
    let error = &errors.errors()[0];
    assert!(
        error.message().contains("#0b5f73 with #111111"),
        "{}",
        error.message()
    );
    // Only pairs with a colour the site set are checked: the site's primary on the theme's background
    // fails; the theme's own text on its own background is the theme's business.
    assert_eq!(errors.errors().len(), 1, "{errors}");
}

#[test]
fn a_theme_colour_that_is_not_a_colour_is_located_in_theme_yaml() {
    let site = SiteTest::fixture("basic");
    site.overlay("themes/child");
    site.edit("portico.yaml", "theme: clinic", "theme: maple");
    site.write(
        "themes/maple/theme.yaml",
        &(site.read("themes/maple/theme.yaml") + "colors: { text: blue }\n"),
    );
    let errors = site.build().expect_err("not a colour");
    let error = &errors.errors()[0];
    assert_eq!(error.message(), "`blue` is not a colour");
    assert_eq!(
        error.help(),
        Some("write the colour as # and six hex digits, like #0b5fa5")
    );
    let location = error.location().expect("a location");
    assert!(location.path.ends_with("themes/maple/theme.yaml"));
    assert_eq!((location.line, location.column), (Some(8), Some(17)));
}

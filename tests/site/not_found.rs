//! `content/404.md`: the site's own page for an address it does not have, in each language, with the
//! theme's 404 template; and the theme's words for a language that has none.

use crate::harness::SiteTest;

/// The `basic` fixture with a 404 page in English only, or also in Spanish, deployed to Netlify.
fn with_not_found(spanish: bool) -> SiteTest {
    let site = SiteTest::fixture("basic");
    site.write(
        "content/404.md",
        "---\ntitle: We could not find that page\n---\nTry the [about page](@/about.md), or call us.\n",
    );
    if spanish {
        site.write(
            "content/404.es.md",
            "---\ntitle: No hallamos esa página\n---\nVea la página [sobre nosotros](@/about.es.md).\n",
        );
    }
    site.write(
        "portico.yaml",
        &(site.read("portico.yaml") + "deploy:\n  targets: [netlify]\n"),
    );
    site
}

#[test]
fn content_404_is_the_404_page_in_each_language_and_nowhere_else() {
    for theme in ["clinic", "harbor"] {
        let site = with_not_found(true);
        site.edit("portico.yaml", "theme: clinic", &format!("theme: {theme}"));
        site.build_ok();
        let page = site.output("404.html");
        assert!(
            page.contains("<title>We could not find that page | Maple Street Pediatrics</title>")
                && page.contains("<h1>We could not find that page</h1>")
                && page.contains("Try the <a href=\"/about/\">about page</a>, or call us."),
            "{theme}: {page}"
        );
        let spanish = site.output("es/404.html");
        assert!(
            spanish.contains("<h1>No hallamos esa página</h1>")
                && spanish.contains("<a href=\"/es/about/\">sobre nosotros</a>")
                && spanish.contains("lang=\"es\""),
            "{theme}: {spanish}"
        );
        assert!(!site.root.join("public/404").exists(), "not at /404/");
        let sitemap = site.output("sitemap.xml");
        assert!(!sitemap.contains("404"), "{sitemap}");
        assert!(
            !site.output("index.html").contains("404.html"),
            "not in the menu"
        );
        assert!(
            site.output("_redirects")
                .contains("/es/* /es/404.html 404\n"),
            "Netlify serves the Spanish one under /es/"
        );
    }
}

#[test]
fn a_language_without_its_own_404_page_gets_the_themes_words() {
    let site = with_not_found(false);
    site.build_ok();
    assert!(
        site.output("404.html")
            .contains("We could not find that page")
    );
    let spanish = site.output("es/404.html");
    assert!(
        spanish.contains("<h1>No encontramos esa página</h1>")
            && spanish.contains("Es posible que la página se haya movido"),
        "{spanish}"
    );
}

#[test]
fn a_site_with_no_404_page_gets_the_theme_s_in_every_language_under_its_subpath() {
    let site = SiteTest::fixture("basic");
    site.edit(
        "portico.yaml",
        "base_url: https://www.maplestreetkids.example",
        "base_url: https://agency.example/maple/",
    );
    site.write(
        "portico.yaml",
        &(site.read("portico.yaml") + "deploy:\n  targets: [netlify, cloudflare-pages]\n"),
    );
    site.build_ok();
    assert!(site.output("404.html").contains("<h1>"));
    assert!(
        site.output("es/404.html")
            .contains("No encontramos esa página")
    );
    assert!(
        site.output("_redirects")
            .contains("/maple/es/* /maple/es/404.html 404\n")
    );

    // Cloudflare Pages alone: it finds /es/404.html by itself, and its _redirects takes no 404 rule.
    site.edit(
        "portico.yaml",
        "targets: [netlify, cloudflare-pages]",
        "targets: [cloudflare-pages]",
    );
    site.build_ok();
    assert!(!site.output("_redirects").contains(" 404"));
}

#[test]
fn a_404_page_with_its_own_address_is_an_error_at_the_key() {
    let site = with_not_found(false);
    site.write(
        "content/404.md",
        "---\ntitle: Lost\nslug: lost\n---\nHello.\n",
    );
    let run = site.run(&["build", "--root", "site"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("the 404 page's address is fixed")
            && run.stderr.contains("site/content/404.md:3:7"),
        "{}",
        run.stderr
    );
}

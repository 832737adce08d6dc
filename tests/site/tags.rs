//! `tags`: a page per topic and a topic list in each language, with addresses made the same way in
//! every language, linked from the pages, in the sitemap, in both themes.

use crate::harness::SiteTest;

/// The `basic` fixture with topics on two English news posts and a Spanish one.
fn with_tags() -> SiteTest {
    let site = SiteTest::fixture("basic");
    site.edit(
        "content/news/flu-clinic.md",
        "date: 2026-10-03\n",
        "date: 2026-10-03\ntags: [Flu shots, Vaccines]\n",
    );
    site.edit(
        "content/news/new-doctor.md",
        "updated: 2026-06-20\n",
        "updated: 2026-06-20\ntags: [flu-shots, Our team]\n",
    );
    site.write(
        "content/news/_index.es.md",
        "---\ntitle: Noticias\nsort_by: date\n---\n",
    );
    site.write(
        "content/news/flu-clinic.es.md",
        "---\ntitle: Vacunas el sábado\ndate: 2026-10-03\ntags: [Flu shots, Vacunación]\n---\nTexto.\n",
    );
    site
}

#[test]
fn each_topic_has_a_page_listing_its_pages_in_each_language() {
    for theme in ["clinic", "harbor"] {
        let site = with_tags();
        site.edit("portico.yaml", "theme: clinic", &format!("theme: {theme}"));
        site.build_ok();

        // `Flu shots` and `flu-shots` are one topic, shown with the first spelling met; newest first.
        let flu = site.output("tags/flu-shots/index.html");
        assert!(flu.contains("<h1>Flu shots</h1>"), "{theme}: {flu}");
        let clinic = flu
            .find("Flu clinic on Saturday")
            .expect("the flu clinic post");
        let doctor = flu
            .find("A new doctor joins us")
            .expect("the new doctor post");
        assert!(clinic < doctor, "{theme}: newest first");
        assert!(
            flu.contains("<a href=\"/tags/\">See all topics</a>"),
            "{theme}"
        );
        let team = site.output("tags/our-team/index.html");
        assert!(team.contains("A new doctor joins us") && !team.contains("Flu clinic"));

        // The topic list links every topic of the language.
        let index = site.output("tags/index.html");
        for (url, name) in [
            ("/tags/flu-shots/", "Flu shots"),
            ("/tags/our-team/", "Our team"),
            ("/tags/vaccines/", "Vaccines"),
        ] {
            assert!(
                index.contains(&format!("<a href=\"{url}\">{name}</a>")),
                "{theme}: {index}"
            );
        }
        assert!(!index.contains("vacunacion"), "Spanish topics stay Spanish");

        // A page links its topics by the topic's name, whatever spelling it used.
        let post = site.output("news/new-doctor/index.html");
        assert!(
            post.contains("<li><a href=\"/tags/flu-shots/\">Flu shots</a></li>")
                && post.contains("<li><a href=\"/tags/our-team/\">Our team</a></li>"),
            "{theme}: {post}"
        );

        // Spanish: an address in plain letters; the shared topic is a translation of the English one.
        let spanish = site.output("es/tags/vacunacion/index.html");
        assert!(spanish.contains("<h1>Vacunación</h1>") && spanish.contains("Vacunas el sábado"));
        assert!(
            spanish.contains("Páginas sobre este tema"),
            "{theme}: {spanish}"
        );
        let shared = site.output("es/tags/flu-shots/index.html");
        assert!(
            shared.contains(
                "hreflang=\"en\" href=\"https://www.maplestreetkids.example/tags/flu-shots/\""
            ),
            "{theme}: {shared}"
        );
        assert!(!site.root.join("public/es/tags/our-team").exists());

        let sitemap = site.output("sitemap.xml");
        for url in ["/tags/", "/tags/flu-shots/", "/es/tags/vacunacion/"] {
            assert!(
                sitemap.contains(&format!("https://www.maplestreetkids.example{url}<")),
                "{url} in {sitemap}"
            );
        }
    }
}

#[test]
fn names_show_a_topic_in_each_language_at_one_address() {
    let site = with_tags();
    site.write(
        "portico.yaml",
        &(site.read("portico.yaml")
            + "tags:\n  names:\n    flu shots: { es: Vacunas contra la gripe }\n"),
    );
    site.build_ok();
    let spanish = site.output("es/tags/flu-shots/index.html");
    assert!(
        spanish.contains("<h1>Vacunas contra la gripe</h1>"),
        "{spanish}"
    );
    let post = site.output("es/news/flu-clinic/index.html");
    assert!(
        post.contains("<li><a href=\"/es/tags/flu-shots/\">Vacunas contra la gripe</a></li>"),
        "{post}"
    );
    assert!(
        site.output("tags/flu-shots/index.html")
            .contains("<h1>Flu shots</h1>")
    );

    site.write(
        "portico.yaml",
        &site
            .read("portico.yaml")
            .replace("{ es: Vacunas", "{ fr: Vacunas"),
    );
    let error = site.build().unwrap_err().to_string();
    assert!(
        error.contains("portico.yaml:26:18")
            && error.contains("`fr` is not one of the site's languages"),
        "{error}"
    );
}

#[test]
fn a_site_without_tags_or_with_them_off_has_no_topic_pages() {
    let site = SiteTest::fixture("basic");
    site.edit("content/services/checkups.md", "tags: [wellness]\n", "");
    site.build_ok();
    assert!(!site.root.join("public/tags").exists());

    let site = with_tags();
    site.write(
        "portico.yaml",
        &(site.read("portico.yaml") + "tags:\n  enabled: false\n"),
    );
    site.build_ok();
    assert!(!site.root.join("public/tags").exists());
    let post = site.output("news/new-doctor/index.html");
    assert!(
        post.contains("<li>flu-shots</li>"),
        "the names, unlinked: {post}"
    );
}

#[test]
fn a_tag_without_letters_and_an_unknown_key_are_errors() {
    let site = with_tags();
    site.edit("content/news/new-doctor.md", "Our team]", "\"!!\"]");
    let error = site.build().unwrap_err().to_string();
    assert!(
        error.contains("new-doctor.md") && error.contains("the tag `!!` has no letter or digit"),
        "{error}"
    );

    let site = with_tags();
    site.write(
        "portico.yaml",
        &(site.read("portico.yaml") + "tags:\n  enable: false\n"),
    );
    let error = site.build().unwrap_err().to_string();
    assert!(
        error.contains("portico.yaml") && error.contains("enable"),
        "{error}"
    );
}

#[test]
fn a_long_topic_is_split_into_pages_like_a_section() {
    let site = with_tags();
    site.write(
        "portico.yaml",
        &(site.read("portico.yaml") + "tags:\n  paginate_by: 1\n"),
    );
    site.build_ok();

    // Two posts name flu shots: the newest on the topic's page, the other on its page 2.
    let first = site.output("tags/flu-shots/index.html");
    assert!(first.contains("Flu clinic on Saturday") && !first.contains("A new doctor joins us"));
    assert!(
        first.contains("<link rel=\"next\" href=\"/tags/flu-shots/page/2/\">"),
        "{first}"
    );
    let second = site.output("tags/flu-shots/page/2/index.html");
    assert!(second.contains("A new doctor joins us") && !second.contains("Flu clinic on Saturday"));
    assert!(second.contains("<title>Flu shots, page 2 of 2"), "{second}");
    assert!(second.contains("<nav class=\"pagination\""), "{second}");
    // The topic list counts the whole list.
    assert!(site.output("tags/index.html").contains("/tags/flu-shots/"));
    assert!(
        site.output("sitemap.xml")
            .contains("https://www.maplestreetkids.example/tags/flu-shots/page/2/")
    );

    site.edit("portico.yaml", "paginate_by: 1", "paginate_by: 0");
    let error = site.build().unwrap_err().to_string();
    assert!(
        error.contains("portico.yaml:") && error.contains("`tags.paginate_by` must be at least 1"),
        "{error}"
    );
}

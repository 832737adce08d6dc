//! `portico build` on a good site: what ends up in `public/`.

use crate::harness::{SiteTest, stable};

#[test]
fn pages_get_clean_urls() {
    let site = SiteTest::fixture("basic");
    site.build_ok();
    for file in [
        "index.html",
        "about/index.html",
        "services/index.html",
        "services/checkups/index.html",
        "news/flu-clinic/index.html",
        "404.html",
    ] {
        assert!(
            site.root.join("public").join(file).is_file(),
            "{file} was not written"
        );
    }
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let site = SiteTest::fixture("basic");
    site.build_ok();
    assert!(
        !site
            .root
            .join("public/news/coming-soon/index.html")
            .exists()
    );
    assert!(!site.output("sitemap.xml").contains("coming-soon"));

    let run = site.run(&["build", "--root", "site", "--drafts"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        site.root
            .join("public/news/coming-soon/index.html")
            .is_file()
    );
}

#[test]
fn static_files_are_copied_as_they_are() {
    let site = SiteTest::fixture("basic");
    site.build_ok();
    assert_eq!(
        site.output("images/dot.svg"),
        site.read("static/images/dot.svg")
    );
    assert!(
        site.root
            .join("public")
            .join(site.asset("css/clinic.css"))
            .is_file(),
        "the theme's stylesheet is copied"
    );
}

#[test]
fn sitemap_and_robots_list_the_site() {
    let site = SiteTest::fixture("basic");
    site.build_ok();
    let sitemap = site.output("sitemap.xml");
    assert!(sitemap.contains("<loc>https://www.maplestreetkids.example/services/checkups/</loc>"));
    assert!(
        sitemap.contains("<lastmod>2026-06-20</lastmod>"),
        "updated wins over date"
    );
    assert!(
        sitemap.contains(r#"hreflang="es" href="https://www.maplestreetkids.example/es/about/""#)
    );
    let robots = site.output("robots.txt");
    assert!(robots.contains("Sitemap: https://www.maplestreetkids.example/sitemap.xml"));
}

#[test]
fn a_date_with_a_time_shows_its_day_and_gives_the_sitemap_the_full_time() {
    let site = SiteTest::fixture("basic");
    site.write(
        "content/news/clinic-hours.md",
        "---\ntitle: New clinic hours\ndate: 2026-09-15T09:00:00-07:00\n---\nWe open earlier.\n",
    );
    site.build_ok();
    let sitemap = site.output("sitemap.xml");
    assert!(
        sitemap.contains("<lastmod>2026-09-15T09:00:00-07:00</lastmod>"),
        "{sitemap}"
    );
    let page = site.output("news/clinic-hours/index.html");
    assert!(page.contains("2026-09-15"), "the day is shown: {page}");
}

#[test]
fn the_sitemap_leaves_out_what_robots_txt_blocks() {
    let site = SiteTest::fixture("basic");
    site.edit(
        "portico.yaml",
        "  sitemap: true\n",
        "  sitemap: true\n  robots_disallow: [/services/]\n",
    );
    let report = site.build_ok();
    assert!(site.output("robots.txt").contains("Disallow: /services/"));
    let sitemap = site.output("sitemap.xml");
    assert!(!sitemap.contains("/services/"), "{sitemap}");
    assert!(sitemap.contains("<loc>https://www.maplestreetkids.example/about/</loc>"));
    assert!(
        report.warnings.warnings().is_empty(),
        "no subpath, no warning"
    );

    site.edit(
        "portico.yaml",
        "base_url: https://www.maplestreetkids.example",
        "base_url: https://agency.github.io/maple/",
    );
    let report = site.build_ok();
    let warning = report
        .warnings
        .warnings()
        .iter()
        .find(|w| w.message().contains("robots.txt only at the root"))
        .expect("a warning about the subpath");
    assert!(warning.message().contains("/maple/"), "{warning}");
}

#[test]
fn a_subpath_base_url_is_right_everywhere() {
    let site = SiteTest::fixture("basic");
    let run = site.run(&[
        "build",
        "--root",
        "site",
        "--base-url",
        "https://agency.github.io/maple/",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = site.output("services/checkups/index.html");
    assert!(page.contains(
        r#"<link rel="canonical" href="https://agency.github.io/maple/services/checkups/">"#
    ));
    assert!(
        page.contains(r#"href="/maple/about/#our-team""#),
        "markdown links carry the subpath"
    );
    assert!(
        page.contains(r#"href="/maple/css/clinic."#),
        "assets carry the subpath"
    );
    assert!(
        page.contains(r#"href="/maple/services/""#),
        "navigation carries the subpath"
    );
    assert!(
        site.output("sitemap.xml")
            .contains("<loc>https://agency.github.io/maple/about/</loc>")
    );
    assert!(
        site.output("robots.txt")
            .contains("Sitemap: https://agency.github.io/maple/sitemap.xml")
    );
    assert!(
        !page.contains(r#"href="/about/""#),
        "no link skips the subpath"
    );
}

#[test]
fn sections_list_their_pages_in_order() {
    let site = SiteTest::fixture("basic");
    site.build_ok();
    let news = site.output("news/index.html");
    let flu = news
        .find("Flu clinic on Saturday")
        .expect("the October post is listed");
    let doctor = news
        .find("A new doctor joins us")
        .expect("the June post is listed");
    assert!(flu < doctor, "newest first with sort_by: date");
    let services = site.output("services/index.html");
    assert!(
        services.find("Checkups").unwrap() < services.find("Sick visits").unwrap(),
        "by weight"
    );
}

#[test]
fn the_header_calls_the_practice_and_the_footer_shows_hours() {
    let site = SiteTest::fixture("basic");
    site.build_ok();
    let home = site.output("index.html");
    assert!(home.contains(r#"href="tel:+15035550110""#));
    assert!(home.contains("(503) 555-0110"));
    assert!(home.contains("Monday to Friday"));
    assert!(home.contains("8:30 AM"));
    let spanish = site.output("es/index.html");
    assert!(spanish.contains("lunes a viernes"), "hours are localized");
}

#[test]
fn aliases_lead_to_the_page() {
    let site = SiteTest::fixture("basic");
    site.build_ok();
    let redirect = site.output("about-us/index.html");
    assert!(redirect.contains(r#"content="0; url=/about/""#));
    assert!(
        redirect.contains(
            r#"<link rel="canonical" href="https://www.maplestreetkids.example/about/">"#
        )
    );
}

#[test]
fn key_pages_render_as_expected() {
    let site = SiteTest::fixture("basic");
    site.build_ok();
    insta::assert_snapshot!("basic_home", stable(&site.output("index.html")));
    insta::assert_snapshot!(
        "basic_page",
        stable(&site.output("services/checkups/index.html"))
    );
    insta::assert_snapshot!("basic_section", stable(&site.output("news/index.html")));
    insta::assert_snapshot!("basic_404", stable(&site.output("404.html")));
    insta::assert_snapshot!("basic_sitemap", site.output("sitemap.xml"));
}

#[test]
fn the_example_site_builds_without_warnings() {
    let site = SiteTest::example();
    let mut options = site.options();
    // The example's portal was verified in November 2026; a fixed build date keeps the test from aging.
    options.overrides.today = portico::config::Date::parse("2026-11-25").ok();
    let report = portico::build(&options).unwrap_or_else(|d| panic!("{d}"));
    assert!(
        report.warnings.warnings().is_empty(),
        "warnings: {:?}",
        report.warnings
    );
    assert!(site.root.join("public/es/about/index.html").is_file());
    assert!(
        site.output("patient-portal/index.html")
            .contains("https://24816.portal.athenahealth.com/")
    );
}

#[test]
fn sections_nest() {
    let site = SiteTest::fixture("basic");
    site.write(
        "content/services/kids/_index.md",
        "---\ntitle: For kids\nweight: 3\n---\n",
    );
    site.write(
        "content/services/kids/sports-physicals.md",
        "---\ntitle: Sports physicals\n---\nBefore the season starts.\n",
    );
    site.build_ok();
    let services = site.output("services/index.html");
    assert!(
        services.contains(r#"href="/services/kids/""#),
        "the subsection is listed in its parent"
    );
    let kids = site.output("services/kids/index.html");
    assert!(
        kids.contains(r#"href="/services/kids/sports-physicals/""#),
        "the page is listed in its own section"
    );
    assert!(
        !services.contains("sports-physicals"),
        "a nested page belongs to its own section only"
    );
}

#[test]
fn the_example_site_builds_with_harbor_too() {
    let site = SiteTest::example();
    site.edit("portico.yaml", "theme: clinic", "theme: harbor");
    let mut options = site.options();
    options.overrides.today = portico::config::Date::parse("2026-11-25").ok();
    let report = portico::build(&options).unwrap_or_else(|d| panic!("{d}"));
    assert!(
        report.warnings.warnings().is_empty(),
        "warnings: {:?}",
        report.warnings
    );
    let home = site.output("index.html");
    assert!(
        home.contains("/css/harbor.") && !home.contains("/css/clinic."),
        "the Tera theme is used"
    );
    let portal = site.output("patient-portal/index.html");
    assert!(portal.contains(r#"<meta name="referrer" content="no-referrer">"#));
    assert!(portal.contains(r#"href="https://24816.portal.athenahealth.com/" rel="noopener noreferrer" referrerpolicy="no-referrer""#));
    for page in [
        "es/index.html",
        "patient-portal/emr-vs-ehr/index.html",
        "locations/downtown/index.html",
        "providers/maya-okafor/index.html",
        "providers/index.html",
        "insurance/index.html",
        "contact/index.html",
        "404.html",
    ] {
        assert!(
            site.root.join("public").join(page).is_file(),
            "harbor did not write {page}"
        );
    }
}

//! Theme inheritance: a child theme replaces single templates and blocks of its parent, file by file.

use crate::harness::SiteTest;

fn child_site() -> SiteTest {
    let site = SiteTest::fixture("basic");
    site.overlay("themes/child");
    site.edit("portico.yaml", "theme: clinic", "theme: maple");
    site
}

#[test]
fn a_child_theme_replaces_one_block_and_keeps_the_rest() {
    let site = child_site();
    site.build_ok();
    let home = site.output("index.html");
    assert!(
        home.contains(r#"<link rel="stylesheet" href="/css/maple."#),
        "the child's block is used"
    );
    assert!(
        home.contains(r#"href="/css/clinic."#),
        "the parent's head is kept"
    );
    assert!(
        home.contains("Skip to main content"),
        "the parent's templates are used"
    );
    assert!(
        site.root
            .join("public")
            .join(site.asset("css/maple.css"))
            .is_file()
            && site
                .root
                .join("public")
                .join(site.asset("css/clinic.css"))
                .is_file()
    );
}

#[test]
fn a_child_template_file_replaces_the_parents() {
    let site = child_site();
    site.write("themes/maple/templates/404.html", "{% extends \"base.html\" %}{% block content %}<p class=\"maple-banner\">{{ t.maple_banner }}</p>{% endblock %}\n");
    site.build_ok();
    assert!(
        site.output("404.html")
            .contains(r#"<p class="maple-banner">Open late on Thursdays</p>"#)
    );
}

#[test]
fn the_sites_templates_win_over_every_theme() {
    let site = child_site();
    site.write(
        "templates/404.html",
        "{% extends \"base.html\" %}{% block content %}<p>site</p>{% endblock %}\n",
    );
    site.write(
        "themes/maple/templates/404.html",
        "{% extends \"base.html\" %}{% block content %}<p>theme</p>{% endblock %}\n",
    );
    site.build_ok();
    assert!(site.output("404.html").contains("<p>site</p>"));
}

#[test]
fn a_missing_parent_is_an_error_at_the_extends_line() {
    let site = child_site();
    site.edit(
        "themes/maple/theme.yaml",
        "extends: clinic",
        "extends: clinc",
    );
    let errors = site.build().expect_err("a missing parent");
    let error = &errors.errors()[0];
    assert!(
        error.message().contains("no theme named `clinc`"),
        "{error}"
    );
    assert_eq!(error.help(), Some("did you mean `clinic`?"));
    let location = error.location().unwrap();
    assert!(
        location.path.ends_with("themes/maple/theme.yaml") && location.line == Some(3),
        "{error}"
    );
}

#[test]
fn themes_that_extend_each_other_are_an_error() {
    let site = child_site();
    site.write(
        "themes/oak/theme.yaml",
        "name: oak\nengine: minijinja\nextends: maple\n",
    );
    site.edit("themes/maple/theme.yaml", "extends: clinic", "extends: oak");
    let errors = site.build().expect_err("a cycle");
    assert!(
        errors.errors()[0]
            .message()
            .contains("extend each other in a circle: maple -> oak -> maple"),
        "{errors}"
    );
}

#[test]
fn a_child_must_use_its_parents_engine() {
    let site = child_site();
    site.edit(
        "themes/maple/theme.yaml",
        "engine: minijinja",
        "engine: tera",
    );
    let errors = site.build().expect_err("an engine mismatch");
    assert!(
        errors.errors()[0]
            .message()
            .contains("written for another engine"),
        "{errors}"
    );
}

#[test]
fn a_theme_with_only_the_core_templates_falls_back_to_the_plugin_templates() {
    let site = SiteTest::fixture("basic");
    site.overlay("themes/bare");
    site.edit("portico.yaml", "theme: clinic", "theme: bare");
    site.write(
        "portico.yaml",
        &(site.read("portico.yaml") + "portal:\n  vendor: drchrono\n  login_url: https://www.onpatient.com/login/\n  verified: 2026-11-01\n"),
    );
    site.build_ok();
    let portal = site.output("patient-portal/index.html");
    assert!(portal.contains(r#"href="https://www.onpatient.com/login/" rel="noopener noreferrer" referrerpolicy="no-referrer""#));
    assert!(portal.contains(r#"<meta name="referrer" content="no-referrer">"#));
    assert!(
        portal.contains("www.onpatient.com"),
        "the destination host is shown"
    );
    assert!(
        site.output("locations/main/index.html")
            .contains("40 Maple St")
    );
}

/// The built-in plugin templates are one copy for both engines: the example site, with a theme that has
/// only the core templates, renders its portal, location, providers, contact and insurance pages the same,
/// byte for byte, in MiniJinja and in Tera.
#[test]
fn the_plugin_templates_render_the_same_in_both_engines() {
    let pages = [
        "patient-portal/index.html",
        "locations/index.html",
        "locations/eastside/index.html",
        "providers/index.html",
        "contact/index.html",
        "insurance/index.html",
        "es/patient-portal/index.html",
    ];
    let mut built = Vec::new();
    for engine in ["minijinja", "tera"] {
        let site = SiteTest::example();
        site.overlay("themes/bare");
        site.edit("portico.yaml", "\ntheme: clinic\n", "\ntheme: bare\n");
        site.edit(
            "themes/bare/theme.yaml",
            "engine: minijinja",
            &format!("engine: {engine}"),
        );
        site.build_ok();
        let html: Vec<String> = pages.iter().map(|page| site.output(page)).collect();
        built.push(html);
    }
    for (page, (minijinja, tera)) in pages.iter().zip(built[0].iter().zip(&built[1])) {
        assert_eq!(minijinja, tera, "{page} differs between the engines");
    }
    let portal = &built[0][0];
    assert!(portal.contains(r#"rel="noopener noreferrer" referrerpolicy="no-referrer""#));
    let providers = &built[0][3];
    assert!(
        providers.contains(r#"<section id="specialty-"#),
        "the providers are grouped by specialty:\n{providers}"
    );
}

/// A theme lays out the portal page its own way by extending `_plugins/portal.html` and overriding blocks;
/// the parts that keep patients safe are not blocks, so it keeps them, in either engine.
#[test]
fn a_theme_overrides_blocks_of_the_plugin_portal_page_and_keeps_its_safety_parts() {
    for engine in ["minijinja", "tera"] {
        let site = SiteTest::example();
        site.overlay("themes/bare");
        site.edit("portico.yaml", "\ntheme: clinic\n", "\ntheme: bare\n");
        site.edit(
            "themes/bare/theme.yaml",
            "engine: minijinja",
            &format!("engine: {engine}"),
        );
        site.write(
            "themes/bare/templates/portal.html",
            "{% extends \"_plugins/portal.html\" %}\n{% block portal_intro %}<h1 class=\"own-intro\">{{ page.title }}</h1>{% endblock portal_intro %}\n",
        );
        site.build_ok();
        let portal = site.output("patient-portal/index.html");
        assert!(
            portal.contains(r#"<h1 class="own-intro">"#),
            "{engine}: the theme's block"
        );
        assert!(
            !portal.contains("<header>\n    <h1>"),
            "{engine}: the plugin's intro is replaced"
        );
        for kept in [
            r#"<meta name="referrer" content="no-referrer">"#,
            r#"<section class="portal-safety""#,
            r#"<section class="portal-urgent""#,
            r#"rel="noopener noreferrer" referrerpolicy="no-referrer""#,
        ] {
            assert!(portal.contains(kept), "{engine}: {kept} is kept:\n{portal}");
        }
    }
}

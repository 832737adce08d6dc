//! `portico kit`: the portal page and the explainer as a folder a practice uploads to its current website.

use std::path::Path;

use crate::harness::{SiteTest, tree};

fn kit_site() -> SiteTest {
    let site = SiteTest::fixture("basic");
    site.write(
        "portico.yaml",
        &(site.read("portico.yaml") + "portal:\n  vendor: drchrono\n  login_url: https://www.onpatient.com/login/\n  verified: 2026-11-01\n"),
    );
    site
}

/// Resolves a site path (`/patient-portal/`, `/patient-portal/css/clinic.css`) to a file of the kit.
fn kit_file(kit: &Path, path: &str) -> Option<std::path::PathBuf> {
    let path = path
        .split(['#', '?'])
        .next()
        .unwrap_or_default()
        .trim_start_matches('/');
    let file = if path.is_empty() || path.ends_with('/') {
        kit.join(path).join("index.html")
    } else {
        kit.join(path)
    };
    file.is_file().then_some(file)
}

#[test]
fn the_kit_has_the_pages_the_snippet_and_the_instructions() {
    let site = kit_site();
    let run = site.run(&["kit", "--root", "site", "--output", "kit"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let kit = site.root.parent().unwrap().join("kit");
    for file in [
        "patient-portal/index.html",
        "patient-portal/emr-vs-ehr/index.html",
        "es/patient-portal/index.html",
        "snippet.html",
        "README.txt",
    ] {
        assert!(kit.join(file).is_file(), "the kit has no {file}");
    }
    let snippet = std::fs::read_to_string(kit.join("snippet.html")).unwrap();
    assert!(
        snippet.contains(
            "&lt;a class=&quot;patient-portal-button&quot; href=&quot;/patient-portal/&quot;&gt;"
        ),
        "{snippet}"
    );
    let portal = std::fs::read_to_string(kit.join("patient-portal/index.html")).unwrap();
    assert!(portal.contains(r#"href="https://www.onpatient.com/login/" rel="noopener noreferrer" referrerpolicy="no-referrer""#));
    assert!(
        !portal.contains(r#"href="/about/""#) && !portal.contains(r#"href="/locations/"#),
        "no links to pages the practice's site does not have"
    );
}

#[test]
fn the_kit_needs_nothing_outside_its_folder() {
    let site = kit_site();
    let mut options = portico::KitOptions {
        root: site.root.clone(),
        ..Default::default()
    };
    options.output = Some(site.root.join("portal-kit"));
    portico::kit(&options).unwrap_or_else(|d| panic!("{d}"));
    let kit = site.root.join("portal-kit");
    let reference = regex_lite::Regex::new(r#"(?:src|href)="([^"]*)"|url\("([^"]*)"\)"#).unwrap();
    for (path, bytes) in tree(&kit) {
        if !(path.ends_with(".html") || path.ends_with(".css")) || path == "snippet.html" {
            continue;
        }
        let text = String::from_utf8(bytes).unwrap();
        for caps in reference.captures_iter(&text) {
            let target = caps.get(1).or(caps.get(2)).unwrap().as_str();
            if target.starts_with("https://")
                || target.starts_with("tel:")
                || target.starts_with('#')
            {
                continue;
            }
            if path.ends_with(".css") {
                let css_dir = Path::new(&path).parent().unwrap();
                let file = kit.join(css_dir).join(target);
                assert!(
                    file.canonicalize()
                        .is_ok_and(|f| f.starts_with(kit.canonicalize().unwrap())),
                    "{path}: {target} is not in the kit"
                );
                continue;
            }
            // The practice's own home pages are the only links that may leave the kit.
            let home = target == "/" || target == "/es/";
            assert!(
                home || kit_file(&kit, target).is_some(),
                "{path}: {target} is not in the kit"
            );
        }
    }
}

#[test]
fn the_kit_carries_the_brand() {
    let site = kit_site();
    site.write(
        "portico.yaml",
        &(site.read("portico.yaml") + "brand:\n  primary: \"#1d4e89\"\n"),
    );
    let options = portico::KitOptions {
        root: site.root.clone(),
        output: Some(site.root.join("kit")),
        ..Default::default()
    };
    portico::kit(&options).unwrap_or_else(|d| panic!("{d}"));
    let css = std::fs::read_to_string(site.root.join("kit/patient-portal/css/brand.css"))
        .expect("the brand stylesheet in the kit");
    assert!(css.contains("--color-primary: #1d4e89;"));
    let page = std::fs::read_to_string(site.root.join("kit/patient-portal/index.html")).unwrap();
    assert!(page.contains(r#"href="/patient-portal/css/brand.css""#));
}

#[test]
fn the_kit_needs_a_portal() {
    let site = SiteTest::fixture("basic");
    let run = site.run(&["kit", "--root", "site"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("the kit needs a patient portal"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_kit_links_the_host_sites_notices_or_none() {
    let site = kit_site();
    let run = site.run(&["kit", "--root", "site", "--output", "kit"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let kit = site.root.parent().unwrap().join("kit");
    let portal = std::fs::read_to_string(kit.join("patient-portal/index.html")).unwrap();
    assert!(
        !portal.contains("/notice-of-privacy-practices/"),
        "no link to a notice path the host site may not have"
    );
    let readme = std::fs::read_to_string(kit.join("README.txt")).unwrap();
    assert!(readme.contains("kit: notices:"), "{readme}");

    site.write(
        "portico.yaml",
        &(site.read("portico.yaml")
            + "kit:\n  notices:\n    privacy_notice: https://www.maplestreetkids.example/privacy/\n    accessibility: /help/accessibility/\n"),
    );
    let run = site.run(&["kit", "--root", "site", "--output", "kit"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let portal = std::fs::read_to_string(kit.join("patient-portal/index.html")).unwrap();
    assert!(
        portal.contains(r#"href="https://www.maplestreetkids.example/privacy/""#),
        "{portal}"
    );
    assert!(
        portal.contains(r#"href="/help/accessibility/""#),
        "{portal}"
    );
    let readme = std::fs::read_to_string(kit.join("README.txt")).unwrap();
    assert!(
        readme.contains(": https://www.maplestreetkids.example/privacy/"),
        "{readme}"
    );
    site.build_ok();

    site.write(
        "portico.yaml",
        &(site
            .read("portico.yaml")
            .replace("privacy_notice: https", "privacy_notise: https")),
    );
    let run = site.run(&["kit", "--root", "site", "--output", "kit"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("did you mean `privacy_notice`?"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_site_with_its_own_components_makes_a_kit() {
    let site = kit_site();
    site.write(
        "templates/components/greeting.html",
        "<p class=\"greeting\">Hello, {{ args.name }}</p>\n",
    );
    site.write("templates/page.html", "{% extends \"missing.html\" %}\n");
    site.edit(
        "content/about.md",
        "## Our team\n",
        "{{ greeting(name=\"Ana\") }}\n\n## Our team\n",
    );
    let run = site.run(&["kit", "--root", "site", "--output", "kit"]);
    assert_eq!(
        run.code, 0,
        "the site's components are known, its page templates left out: {}",
        run.stderr
    );
}

//! The built-in themes in a real browser. Builds the example site with each built-in theme, the
//! agency fleet, and a WordPress and a Hugo site moved in with `portico import`, with the real binary, then `tests/browser/run.mjs` serves each on 127.0.0.1 with the
//! security headers the build wrote and opens every page in Debian's Chromium at 375 and 1280 px wide
//! (after the W3C Nu HTML checker has found no error in any of their pages):
//! axe-core (WCAG 2.0 and 2.1, A and AA), console errors, CSP violations, Tab order and visible focus,
//! and sideways scrolling on the phone. Screenshots go to `target/browser-screenshots/SITE/`.
//!
//! Its own test binary, not a module of `tests/site`: the browser wants both cores for minutes, and
//! cargo runs test binaries one after another, so it does not slow the site tests down or time them out.
//! It needs `/usr/bin/chromium`, Java and `tests/browser/node_modules` (`apt-get install -y chromium
//! default-jre-headless` and
//! `npm ci --ignore-scripts` there, as `.ci/run` does); without them it fails and says so, it never skips.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const CHROMIUM: &str = "/usr/bin/chromium";
const INSTALL: &str = "apt-get install -y chromium default-jre-headless && (cd tests/browser && npm ci --ignore-scripts)";
/// The W3C Nu HTML checker, from the `vnu-jar` npm package, run by Java.
const VNU: &str = "node_modules/vnu-jar/build/dist/vnu.jar";

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn suite_dir() -> PathBuf {
    manifest_dir().join("tests").join("browser")
}

/// Fails, with the command that installs them, when the browser or the npm packages are missing.
fn require_browser() {
    assert!(
        Path::new(CHROMIUM).is_file(),
        "the browser tests need Chromium at {CHROMIUM}: run `{INSTALL}` (.ci/run does this)"
    );
    assert!(
        suite_dir().join("node_modules/playwright-core").is_dir()
            && suite_dir().join("node_modules/axe-core").is_dir(),
        "the browser tests need their npm packages in tests/browser/node_modules: run `{INSTALL}` (.ci/run does this)"
    );
    assert!(
        suite_dir().join(VNU).is_file(),
        "the browser tests need vnu.jar in tests/browser/node_modules: run `{INSTALL}` (.ci/run does this)"
    );
    assert!(
        Command::new("java")
            .arg("-version")
            .output()
            .is_ok_and(|o| o.status.success()),
        "the HTML check needs Java: run `{INSTALL}` (.ci/run does this)"
    );
}

/// The W3C Nu HTML checker over every HTML file under `dirs`: errors only, one a line, as
/// `"FILE":LINE.COL-LINE.COL: error: MESSAGE`; fails when it finds one.
fn validate_html(dirs: &[&Path]) -> Output {
    Command::new("java")
        .arg("-jar")
        .arg(suite_dir().join(VNU))
        .args(["--errors-only", "--skip-non-html", "--format", "gnu"])
        .args(dirs)
        .output()
        .expect("run java (Debian's default-jre-headless) on vnu.jar")
}

/// `target/browser-screenshots`, beside the build output whatever the target folder is called.
fn screenshots_dir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("the target folder")
        .join("browser-screenshots")
}

fn portico(args: &[&str]) {
    let output = Command::new(env!("CARGO_BIN_EXE_portico"))
        .args(args)
        .output()
        .expect("run portico");
    assert!(
        output.status.success(),
        "portico {} failed:\n{}",
        args.join(" "),
        String::from_utf8_lossy(&output.stderr)
    );
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk the example");
        let rel = entry.path().strip_prefix(from).expect("inside the example");
        if rel.starts_with("public") || rel.starts_with(".portico-cache") {
            continue;
        }
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("create a folder");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy a file");
        }
    }
}

fn edit(path: &Path, edit: impl FnOnce(String) -> String) {
    let text = std::fs::read_to_string(path).expect("read portico.yaml");
    std::fs::write(path, edit(text)).expect("write portico.yaml");
}

/// Runs the suite's runner on `NAME=DIR` sites.
fn run_suite(sites: &[(&str, &Path)], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new("node");
    command
        .arg(suite_dir().join("run.mjs"))
        .arg("--screenshots")
        .arg(screenshots_dir())
        .args(
            sites
                .iter()
                .map(|(name, dir)| format!("{name}={}", dir.display())),
        )
        .envs(env.iter().copied());
    command
        .output()
        .expect("run node (Debian's `nodejs` package) on tests/browser/run.mjs")
}

/// A WordPress site moved in: `portico init`, then the import test's export (a fictional practice) with
/// a photo in its uploads, the contact form it could not convert replaced as a person would, and built.
/// Returns the output folder.
fn imported_site(temp: &Path, cache: &Path) -> PathBuf {
    let site = temp.join("imported-site");
    let uploads = temp.join("uploads");
    portico(&[
        "init",
        &site.display().to_string(),
        "--name",
        "Cedar Hollow Family Medicine",
    ]);
    let photo = image::RgbImage::from_fn(600, 400, |x, y| {
        image::Rgb([
            u8::try_from(x % 256).unwrap_or(0),
            u8::try_from(y % 256).unwrap_or(0),
            120,
        ])
    });
    std::fs::create_dir_all(uploads.join("2024/05")).expect("the uploads folder");
    std::fs::create_dir_all(uploads.join("2024/09")).expect("the uploads folder");
    photo
        .save(uploads.join("2024/05/front-desk.jpg"))
        .expect("a photo");
    std::fs::write(uploads.join("2024/09/flu-flyer.pdf"), b"%PDF-1.4\n").expect("a flyer");
    let export = manifest_dir().join("tests/fixtures/import/wordpress/export.xml");
    portico(&[
        "import",
        "wordpress",
        &export.display().to_string(),
        "--root",
        &site.display().to_string(),
        "--uploads",
        &uploads.display().to_string(),
        "--overwrite",
    ]);
    // The suite serves each site with the headers its Netlify file carries.
    edit(&site.join("portico.yaml"), |text| {
        text + "\ndeploy:\n  targets: [netlify]\n"
    });
    edit(&site.join("content/contact.md"), |text| {
        text.replace(
            "{{ wordpress_contact_form_7(id=\"12\", title=\"Contact form\") }}",
            "Call us at {{ phone() }}.",
        )
    });
    portico(&[
        "build",
        "--quiet",
        "--root",
        &site.display().to_string(),
        "--cache",
        &cache.display().to_string(),
    ]);
    site.join("public")
}

/// A Hugo site moved in: the import test's Hugo site with a photo in its page folder, imported with
/// `portico import hugo`, then the two things its report names fixed as a person would (a shortcode with
/// no component, a map frame from another site), and built. Returns the output folder.
fn hugo_site(temp: &Path, cache: &Path) -> PathBuf {
    let old = temp.join("hugo-old");
    copy_tree(&manifest_dir().join("tests/fixtures/import/hugo"), &old);
    let photo = image::RgbImage::from_fn(640, 480, |x, y| {
        image::Rgb([
            90,
            u8::try_from(x % 256).unwrap_or(0),
            u8::try_from(y % 256).unwrap_or(0),
        ])
    });
    photo
        .save(old.join("content/posts/open-house/photo.jpg"))
        .expect("a photo");
    let site = temp.join("hugo-site");
    portico(&[
        "init",
        &site.display().to_string(),
        "--name",
        "Birch Lane Pediatrics",
    ]);
    portico(&[
        "import",
        "hugo",
        &old.display().to_string(),
        "--root",
        &site.display().to_string(),
        "--overwrite",
    ]);
    edit(&site.join("portico.yaml"), |text| {
        text + "\ndeploy:\n  targets: [netlify]\n"
    });
    edit(&site.join("content/posts/open-house/index.md"), |text| {
        text.replace("{{< notice info >}}", "{% callout() %}")
            .replace("{{< /notice >}}", "{% end %}")
    });
    edit(&site.join("content/about.md"), |text| {
        text.lines()
            .filter(|line| !line.contains("<iframe"))
            .collect::<Vec<_>>()
            .join("\n")
    });
    portico(&[
        "build",
        "--quiet",
        "--root",
        &site.display().to_string(),
        "--cache",
        &cache.display().to_string(),
    ]);
    site.join("public")
}

const FLEET: [&str; 3] = ["alder-creek", "bayview", "cedar-hill"];
const SUBPATH_CLINIC: &str = "cedar-hill";

#[test]
fn every_page_of_every_built_in_theme_passes_in_chromium() {
    require_browser();
    let temp = tempfile::tempdir().expect("a temporary folder");
    let example = manifest_dir().join("content-example");
    // One image cache for both themes' builds: the photos are processed once.
    let cache = temp.path().join("cache");

    // clinic: the example as it is.
    let clinic = temp.path().join("clinic");
    portico(&[
        "build",
        "--quiet",
        "--root",
        &example.display().to_string(),
        "--output",
        &clinic.display().to_string(),
        "--cache",
        &cache.display().to_string(),
    ]);

    // harbor: the same site with `theme: harbor` (there is no --theme flag).
    let harbor_site = temp.path().join("harbor-site");
    copy_tree(&example, &harbor_site);
    edit(&harbor_site.join("portico.yaml"), |text| {
        assert!(
            text.contains("\ntheme: clinic\n"),
            "the example names its theme"
        );
        text.replace("\ntheme: clinic\n", "\ntheme: harbor\n")
    });
    let harbor = temp.path().join("harbor");
    portico(&[
        "build",
        "--quiet",
        "--root",
        &harbor_site.display().to_string(),
        "--output",
        &harbor.display().to_string(),
        "--cache",
        &cache.display().to_string(),
    ]);

    // The agency fleet, with Netlify's header file where a clinic does not name a host already, and
    // one clinic under a subpath of the agency's host, so the suite serves a subpath site too.
    let fleet = temp.path().join("fleet");
    copy_tree(&example.join("fleet"), &fleet);
    for clinic in FLEET {
        edit(&fleet.join(clinic).join("portico.yaml"), |mut text| {
            if clinic == SUBPATH_CLINIC {
                let line = text
                    .lines()
                    .find(|l| l.starts_with("base_url:"))
                    .expect("a base_url line")
                    .to_owned();
                text = text.replace(
                    &line,
                    &format!("base_url: https://clinics.northwind.example/{clinic}/"),
                );
            }
            if !text.contains("\ndeploy:") {
                text.push_str("\ndeploy:\n  targets: [netlify]\n");
            }
            text
        });
    }
    portico(&["build", "--quiet", "--sites", &fleet.display().to_string()]);

    let fleet_outputs: Vec<PathBuf> = FLEET
        .iter()
        .map(|clinic| fleet.join(clinic).join("public"))
        .collect();
    let imported = imported_site(temp.path(), &cache);
    let from_hugo = hugo_site(temp.path(), &cache);
    let mut sites: Vec<(&str, &Path)> = vec![
        ("clinic", &clinic),
        ("harbor", &harbor),
        ("imported", &imported),
        ("from-hugo", &from_hugo),
    ];
    sites.extend(
        FLEET
            .iter()
            .copied()
            .zip(fleet_outputs.iter().map(PathBuf::as_path)),
    );
    let html = validate_html(&sites.iter().map(|(_, dir)| *dir).collect::<Vec<_>>());
    assert!(
        html.status.success(),
        "the W3C Nu HTML checker found errors:\n{}",
        String::from_utf8_lossy(&html.stderr)
    );

    let output = run_suite(&sites, &[]);
    let report = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "the browser found problems (status {}):\n{report}\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    eprintln!("{}", report.trim_end().lines().last().unwrap_or_default());
    for journey in [
        "clinic pagination",
        "clinic tag",
        "harbor pagination",
        "harbor tag",
        "clinic search",
        "harbor search",
        "bayview search",
    ] {
        assert!(
            report.contains(&format!("journey {journey}: ok")),
            "the keyboard journey `{journey}` did not run:\n{report}"
        );
    }
    for site in ["clinic", "harbor", "bayview"] {
        let shot = screenshots_dir().join(format!("{site}/search-results-1280.png"));
        assert!(shot.is_file(), "no screenshot {}", shot.display());
    }

    for (site, pages) in [
        (
            "clinic",
            &[
                "home",
                "portal",
                "explainer",
                "location",
                "provider",
                "list-page-2",
                "tag",
                "search",
            ][..],
        ),
        (
            "harbor",
            &[
                "home",
                "portal",
                "explainer",
                "location",
                "provider",
                "list-page-2",
                "tag",
                "search",
            ][..],
        ),
        (
            "bayview",
            &["home", "portal", "explainer", "location", "search"][..],
        ),
        (
            SUBPATH_CLINIC,
            &["home", "portal", "explainer", "location"][..],
        ),
    ] {
        for page in pages {
            for width in [375, 1280] {
                let shot = screenshots_dir().join(format!("{site}/{page}-{width}.png"));
                assert!(shot.is_file(), "no screenshot {}", shot.display());
            }
        }
    }
    if std::env::var_os("PORTICO_UPDATE_SCREENSHOTS").is_some() {
        update_readme_screenshots();
    }
}

/// `PORTICO_UPDATE_SCREENSHOTS=1 cargo test --test browser` copies the README's screenshots (each
/// theme's home page, first screen, as JPEG) into `tests/browser/screenshots/`.
fn update_readme_screenshots() {
    let committed = suite_dir().join("screenshots");
    std::fs::create_dir_all(&committed).expect("create tests/browser/screenshots");
    for theme in ["clinic", "harbor"] {
        for (width, name) in [(1280, "desktop"), (375, "phone")] {
            std::fs::copy(
                screenshots_dir().join(format!("{theme}/home-{width}.jpg")),
                committed.join(format!("{theme}-{name}.jpg")),
            )
            .expect("copy a screenshot");
        }
    }
}

/// The runner finds each kind of problem it looks for, on a page made with one of each
/// (`tests/browser/fixtures/flawed`), so a green run means the themes pass, not that nothing was checked.
#[test]
fn the_checks_find_what_they_look_for() {
    require_browser();
    let flawed = suite_dir().join("fixtures").join("flawed");
    let output = run_suite(&[("flawed", &flawed)], &[]);
    let report = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{report}");
    for width in [375, 1280] {
        assert!(
            report.contains(&format!("flawed / at {width}px:")),
            "{report}"
        );
    }
    for finding in [
        "axe image-alt",
        "axe color-contrast",
        "console error: flawed.js: something went wrong",
        "CSP violation: script-src-elem blocked inline",
        "CSP violation: style-src-attr blocked inline",
        "HTTP 404 for http://127.0.0.1:",
        "no visible focus indicator on <a.no-ring href=\"/elsewhere/\">",
        "Tab never reaches <a href=\"/unreached/\">",
        "scrolls sideways: 640px of content in 375px; widest: <div class=\"too-wide\">",
    ] {
        assert!(
            report.contains(finding),
            "the report lacks `{finding}`:\n{report}"
        );
    }
    assert_eq!(
        report.matches("scrolls sideways").count(),
        1,
        "sideways scrolling is a phone check only:\n{report}"
    );

    let html = validate_html(&[&flawed]);
    let errors = String::from_utf8_lossy(&html.stderr);
    assert!(!html.status.success(), "{errors}");
    assert!(
        errors.contains("index.html\":16.1-16.29: error: An \u{201c}img\u{201d} element must have an \u{201c}alt\u{201d} attribute"),
        "the HTML check lacks the picture without alt:\n{errors}"
    );
}

/// Without the browser the runner stops with the command that installs it, and fails.
#[test]
fn a_missing_browser_fails_with_how_to_install_it() {
    let flawed = suite_dir().join("fixtures").join("flawed");
    let output = run_suite(
        &[("flawed", &flawed)],
        &[("PORTICO_CHROMIUM", "/nonexistent/chromium")],
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("Chromium is not at /nonexistent/chromium")
            && stderr.contains("apt-get install -y chromium"),
        "{stderr}"
    );
}

/// `portico serve` on a copy of the `basic` fixture with one page that loads a picture from another
/// site; stopped when dropped.
struct Preview {
    child: std::process::Child,
    url: String,
    _dir: tempfile::TempDir,
}

impl Drop for Preview {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn preview_with_a_third_party_picture() -> Preview {
    use std::io::BufRead as _;
    let dir = tempfile::tempdir().expect("a temporary folder");
    let site = dir.path().join("site");
    copy_tree(&manifest_dir().join("tests/fixtures/basic"), &site);
    std::fs::write(
        site.join("content/map.md"),
        "---\ntitle: Map\n---\n\n![A map of the clinic](https://maps.example-clinic.com/map.png)\n",
    )
    .expect("write a page");
    let mut child = Command::new(env!("CARGO_BIN_EXE_portico"))
        .args(["serve", "--port", "0", "--root"])
        .arg(&site)
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("start portico serve");
    let stderr = child.stderr.take().expect("stderr");
    let first = std::io::BufReader::new(stderr)
        .lines()
        .next()
        .and_then(Result::ok)
        .expect("the server says where it listens");
    let url = first
        .split_whitespace()
        .find(|w| w.starts_with("http://127.0.0.1:"))
        .unwrap_or_else(|| panic!("no address in {first:?}"))
        .to_owned();
    Preview {
        child,
        url,
        _dir: dir,
    }
}

#[test]
fn the_preview_blocks_what_the_live_host_blocks_and_says_how_to_allow_it() {
    require_browser();
    let preview = preview_with_a_third_party_picture();
    let output = Command::new("node")
        .arg(suite_dir().join("preview.mjs"))
        .arg(format!("{}map/", preview.url))
        .arg("img-src: [https://maps.example-clinic.com]")
        .output()
        .expect("run node on tests/browser/preview.mjs");
    assert!(
        output.status.success(),
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    let overlay = String::from_utf8_lossy(&output.stdout);
    assert!(overlay.contains("on /map/"), "{overlay}");
}

/// Every JSON-LD document of `site`'s built pages, by page: `{ "about/index.html": [document, ...] }`.
fn json_ld_of(public: &Path) -> serde_json::Value {
    let mut documents = serde_json::Map::new();
    for entry in walkdir::WalkDir::new(public) {
        let entry = entry.expect("walk the built site");
        if entry.path().extension().is_none_or(|e| e != "html") {
            continue;
        }
        let html = std::fs::read_to_string(entry.path()).expect("read a page");
        let found: Vec<serde_json::Value> = html
            .split(r#"<script type="application/ld+json">"#)
            .skip(1)
            .filter_map(|rest| rest.split("</script>").next())
            .map(|json| serde_json::from_str(json).expect("JSON-LD parses"))
            .collect();
        if !found.is_empty() {
            let page = entry
                .path()
                .strip_prefix(public)
                .unwrap()
                .display()
                .to_string();
            documents.insert(page, serde_json::Value::Array(found));
        }
    }
    serde_json::Value::Object(documents)
}

fn validate_schema_org(documents: &serde_json::Value, dir: &Path) -> Output {
    let file = dir.join("json-ld.json");
    std::fs::write(&file, serde_json::to_vec(documents).unwrap()).expect("write the documents");
    Command::new("node")
        .arg(suite_dir().join("schema-org.mjs"))
        .arg(&file)
        .output()
        .expect("run node on tests/browser/schema-org.mjs")
}

#[test]
fn the_examples_structured_data_uses_only_the_schema_org_vocabulary() {
    assert!(
        suite_dir().join("node_modules/schema-dts").is_dir(),
        "the schema.org check needs tests/browser/node_modules: run `{INSTALL}` (.ci/run does this)"
    );
    let temp = tempfile::tempdir().expect("a temporary folder");
    let public = temp.path().join("public");
    portico(&[
        "build",
        "--quiet",
        "--root",
        &manifest_dir().join("content-example").display().to_string(),
        "--output",
        &public.display().to_string(),
        // Not the example's own .portico-cache: a test writes nothing into the repository.
        "--cache",
        &temp.path().join("cache").display().to_string(),
    ]);
    let documents = json_ld_of(&public);
    let types: std::collections::BTreeSet<&str> = documents
        .as_object()
        .unwrap()
        .values()
        .flat_map(|list| list.as_array().unwrap())
        .flat_map(|doc| doc["@graph"].as_array().unwrap())
        .filter_map(|node| node["@type"].as_str())
        .collect();
    for wanted in [
        "MedicalOrganization",
        "MedicalClinic",
        "IndividualPhysician",
        "MedicalWebPage",
        "BreadcrumbList",
    ] {
        assert!(types.contains(wanted), "no {wanted} node in {types:?}");
    }
    let run = validate_schema_org(&documents, temp.path());
    assert!(
        run.status.success(),
        "{}{}",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );

    // The check itself can fail: the old clinician node had a `Person` property.
    let wrong = serde_json::json!({ "bad/index.html": [{ "@context": "https://schema.org", "@graph": [
        { "@type": "IndividualPhysician", "name": "Dr. Example", "honorificSuffix": "MD" }
    ]}]});
    let run = validate_schema_org(&wrong, temp.path());
    assert_eq!(run.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&run.stdout)
            .contains("IndividualPhysician has no property `honorificSuffix`")
    );
}

//! `deploy.targets`: each host's own files, with the same security headers, redirects and 404 page.

use crate::harness::SiteTest;

const ALL: &str = "deploy:\n  targets: [netlify, cloudflare-pages, vercel, azure-static-web-apps, github-pages, nginx, apache, s3-cloudfront]\n  allow:\n    img-src: [https://images.maplestreetkids.example]\n";

fn deployed(table: &str) -> (SiteTest, portico::BuildReport) {
    let site = SiteTest::fixture("basic");
    let portal = "portal:\n  vendor: drchrono\n  login_url: https://www.onpatient.com/login/\n  verified: 2026-11-01\n";
    site.write(
        "portico.yaml",
        &format!("{}{portal}{table}", site.read("portico.yaml")),
    );
    let mut options = site.options();
    options.overrides.today = portico::config::Date::parse("2026-11-25").ok();
    let report = portico::build(&options).unwrap_or_else(|d| panic!("{d}"));
    (site, report)
}

#[test]
fn every_host_gets_its_files_and_the_json_ones_parse() {
    let (site, _) = deployed(ALL);
    for file in [
        "_headers",
        "_redirects",
        "vercel.json",
        "staticwebapp.config.json",
        ".nojekyll",
        ".portico/nginx.conf",
        ".htaccess",
        ".portico/cloudfront-response-headers-policy.json",
        ".portico/s3-website.json",
    ] {
        assert!(
            site.root.join("public").join(file).is_file(),
            "{file} was not written"
        );
    }
    for file in [
        "vercel.json",
        "staticwebapp.config.json",
        ".portico/cloudfront-response-headers-policy.json",
        ".portico/s3-website.json",
    ] {
        serde_json::from_str::<serde_json::Value>(&site.output(file))
            .unwrap_or_else(|e| panic!("{file}: {e}"));
    }
    let azure: serde_json::Value =
        serde_json::from_str(&site.output("staticwebapp.config.json")).unwrap();
    assert_eq!(azure["responseOverrides"]["404"]["rewrite"], "/404.html");
}

#[test]
fn the_headers_are_strict_and_the_same_everywhere() {
    let (site, _) = deployed(ALL);
    let headers = site.output("_headers");
    let csp = headers
        .lines()
        .find_map(|l| l.trim().strip_prefix("Content-Security-Policy: "))
        .expect("a CSP");
    assert!(
        csp.contains("default-src 'self'") && csp.contains("frame-ancestors 'none'"),
        "{csp}"
    );
    assert!(
        csp.contains("img-src 'self' data: https://images.maplestreetkids.example"),
        "{csp}"
    );
    assert!(
        !csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"),
        "{csp}"
    );
    for header in [
        "Strict-Transport-Security: max-age=31536000; includeSubDomains",
        "X-Content-Type-Options: nosniff",
        "Referrer-Policy: strict-origin-when-cross-origin",
        "Permissions-Policy: accelerometer=()",
    ] {
        assert!(headers.contains(header), "_headers lacks {header}");
    }
    let portal = headers
        .split("\n/patient-portal/")
        .nth(1)
        .expect("a rule for the portal page");
    assert!(portal.contains("Referrer-Policy: no-referrer"), "{portal}");
    for file in [
        ".htaccess",
        ".portico/nginx.conf",
        "vercel.json",
        "staticwebapp.config.json",
    ] {
        assert!(
            site.output(file).contains(csp)
                || site.output(file).contains(&csp.replace('"', "\\\"")),
            "{file} has another CSP"
        );
        assert!(
            site.output(file).contains("no-referrer"),
            "{file} has no portal rule"
        );
    }
}

#[test]
fn aliases_become_redirects_on_every_host() {
    let (site, _) = deployed(ALL);
    assert!(site.output("_redirects").contains("/about-us/ /about/ 301"));
    assert!(
        site.output("vercel.json")
            .contains("\"source\": \"/about-us/\"")
    );
    assert!(
        site.output(".htaccess")
            .contains("Redirect 301 /about-us/ /about/")
    );
    assert!(
        site.output(".portico/nginx.conf")
            .contains("location = /about-us/ { return 301 /about/; }")
    );
}

#[test]
fn github_pages_gets_the_csp_as_a_meta_tag_and_a_warning() {
    let (site, report) = deployed("deploy:\n  targets: [github-pages]\n");
    let home = site.output("index.html");
    let meta = home
        .lines()
        .find(|l| l.contains("http-equiv=\"Content-Security-Policy\""))
        .expect("a meta CSP");
    assert!(
        !meta.contains("frame-ancestors"),
        "meta CSP cannot carry frame-ancestors: {meta}"
    );
    let warnings = report
        .warnings
        .warnings()
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n");
    assert!(warnings.contains("HSTS and frame-ancestors"), "{warnings}");
}

#[test]
fn a_subpath_site_gets_subpath_rules() {
    let site = SiteTest::fixture("basic");
    site.edit(
        "portico.yaml",
        "base_url: https://www.maplestreetkids.example",
        "base_url: https://agency.github.io/maple/",
    );
    site.write(
        "portico.yaml",
        &(site.read("portico.yaml") + "deploy:\n  targets: [netlify]\n"),
    );
    site.build_ok();
    let headers = site.output("_headers");
    assert!(headers.starts_with("/maple/*\n"), "{headers}");
    assert!(
        site.output("_redirects")
            .contains("/maple/about-us/ /maple/about/ 301")
    );
}

#[test]
fn deploy_mistakes_are_located() {
    for (table, message) in [
        ("deploy:\n  targets: [netlfy]\n", "unknown value `netlfy`"),
        (
            "deploy:\n  targets: [netlify]\n  allow:\n    img-src: [http://images.example]\n",
            "is not an https origin",
        ),
        (
            "deploy:\n  targets: [netlify]\n  allow:\n    image-src: [https://images.example]\n",
            "unknown CSP directive `image-src`",
        ),
    ] {
        let site = SiteTest::fixture("basic");
        site.write("portico.yaml", &(site.read("portico.yaml") + table));
        let errors = site.build().expect_err(message);
        let error = errors
            .errors()
            .iter()
            .find(|e| e.message().contains(message))
            .unwrap_or_else(|| panic!("no {message} in {errors}"));
        assert!(error.location().and_then(|l| l.line).is_some(), "{error}");
    }
}

#[test]
fn stylesheets_get_hashed_names_integrity_and_a_year_of_caching() {
    let (site, _) = deployed("deploy:\n  targets: [netlify]\n");
    let css = site.asset("css/clinic.css");
    let home = site.output("index.html");
    let link = home
        .lines()
        .find(|l| l.contains(&format!("href=\"/{css}\"")))
        .expect("the page links the hashed stylesheet");
    assert!(link.contains("integrity=\"sha384-"), "{link}");
    assert!(
        !site.root.join("public/css/clinic.css").exists(),
        "the plain name is gone"
    );
    assert!(
        site.root.join("public/images/dot.svg").is_file(),
        "images keep their names"
    );
    let headers = site.output("_headers");
    let css_rule = headers
        .split("\n/css/*")
        .nth(1)
        .expect("a rule for stylesheets");
    assert!(
        css_rule.contains("Cache-Control: public, max-age=31536000, immutable"),
        "{css_rule}"
    );
    let expected = {
        use base64::Engine as _;
        use sha2::Digest as _;
        let bytes = std::fs::read(site.root.join("public").join(&css)).unwrap();
        format!(
            "sha384-{}",
            base64::engine::general_purpose::STANDARD.encode(sha2::Sha384::digest(&bytes))
        )
    };
    assert!(
        link.contains(&expected),
        "the integrity value matches the file"
    );
}

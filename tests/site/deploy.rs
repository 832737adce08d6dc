//! `deploy.targets`: each host's own files, with the same security headers, redirects and 404 page.

use std::collections::{BTreeMap, BTreeSet};

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
        ".portico/cloudfront/policy-default.json",
        ".portico/cloudfront/behaviors.json",
        ".portico/cloudfront/viewer-request.js",
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
        ".portico/cloudfront/policy-default.json",
        ".portico/cloudfront/behaviors.json",
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
        "Permissions-Policy: accelerometer=()",
    ] {
        assert!(headers.contains(header), "_headers lacks {header}");
    }
    assert!(
        site.output(".htaccess")
            .contains("Referrer-Policy \"strict-origin-when-cross-origin\""),
        "pages send strict-origin-when-cross-origin"
    );
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
        assert!(site.output(file).contains(csp), "{file} has another CSP");
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
        &(site.read("portico.yaml") + "deploy:\n  targets: [netlify, nginx]\n"),
    );
    site.build_ok();
    let headers = site.output("_headers");
    assert!(headers.starts_with("/maple/*\n"), "{headers}");
    let nginx = site.output(".portico/nginx.conf");
    assert!(nginx.contains("error_page 404 /maple/404.html;"), "{nginx}");
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
            "is not an https address",
        ),
        (
            "deploy:\n  targets: [netlify]\n  allow:\n    script-src: [\"https://*\"]\n",
            "would let any website's files into the site",
        ),
        (
            "deploy:\n  targets: [netlify]\n  allow:\n    script-src: [\"https://a.example;script-src\"]\n",
            "which would end the source",
        ),
        (
            "deploy:\n  targets: [netlify]\n  allow:\n    script-src: [\"https://*.com\"]\n",
            "which no one organisation owns",
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

#[test]
fn a_refused_source_is_located_on_its_own_line_with_a_fix() {
    let site = SiteTest::fixture("basic");
    let yaml = site.read("portico.yaml");
    let line = yaml.lines().count() + 5;
    site.write(
        "portico.yaml",
        &(yaml
            + "deploy:\n  targets: [netlify]\n  allow:\n    img-src: [https://images.example-clinic.com]\n    script-src:\n      - https://*\n"),
    );
    let errors = site.build().expect_err("https://* is refused");
    let error = errors.errors().first().expect("one error");
    let location = error.location().expect("a location");
    assert_eq!(
        (location.line, location.column),
        (Some(line + 1), Some(9)),
        "{error}"
    );
    assert!(
        error
            .help()
            .is_some_and(|h| h.contains("name the one host")),
        "{error}"
    );
    assert!(!site.root.join("public").exists(), "nothing was written");
}

#[test]
fn every_allowed_directive_reaches_the_policy() {
    let (site, _) = deployed(
        "deploy:\n  targets: [netlify]\n  allow:\n    media-src: [https://video.example-clinic.com]\n    frame-src: [https://www.google.com/maps/embed/]\n",
    );
    let headers = site.output("_headers");
    let csp = headers
        .lines()
        .find_map(|l| l.trim().strip_prefix("Content-Security-Policy: "))
        .expect("a CSP");
    assert!(
        csp.contains("media-src 'self' https://video.example-clinic.com"),
        "{csp}"
    );
    assert!(
        csp.contains("frame-src https://www.google.com/maps/embed/;"),
        "{csp}"
    );
}

/// A `_headers` file as rules: the path pattern, then each line (`Name: value`, or `! Name` to detach).
fn header_rules(file: &str) -> Vec<(String, Vec<String>)> {
    let mut rules: Vec<(String, Vec<String>)> = Vec::new();
    for line in file.lines().filter(|l| !l.trim().is_empty()) {
        if line.starts_with(char::is_whitespace) {
            rules
                .last_mut()
                .expect("a path first")
                .1
                .push(line.trim().to_owned());
        } else {
            rules.push((line.to_owned(), Vec::new()));
        }
    }
    rules
}

fn matches(pattern: &str, path: &str) -> bool {
    pattern
        .strip_suffix('*')
        .map_or(pattern == path, |prefix| path.starts_with(prefix))
}

/// The headers a host sends for `path`: Netlify lets a later matching rule replace a header
/// (`cloudflare == false`); Cloudflare Pages applies every matching rule in file order, the first to
/// set a header replacing the host's default and later ones joining their value with a comma, and a
/// `! Name` line detaching what earlier rules set. Both hosts start from `Cache-Control: public,
/// max-age=0, must-revalidate`.
fn sent(rules: &[(String, Vec<String>)], path: &str, cloudflare: bool) -> BTreeMap<String, String> {
    let mut headers = BTreeMap::from([(
        "Cache-Control".to_owned(),
        "public, max-age=0, must-revalidate".to_owned(),
    )]);
    let mut from_file: BTreeSet<String> = BTreeSet::new();
    for (_, lines) in rules.iter().filter(|(pattern, _)| matches(pattern, path)) {
        for line in lines {
            if let Some(name) = line.strip_prefix("! ") {
                headers.remove(name);
                continue;
            }
            let (name, value) = line.split_once(": ").expect("Name: value");
            if cloudflare && from_file.contains(name) {
                let joined = format!("{}, {value}", headers[name]);
                headers.insert(name.to_owned(), joined);
            } else {
                headers.insert(name.to_owned(), value.to_owned());
            }
            from_file.insert(name.to_owned());
        }
    }
    headers
}

#[test]
fn headers_mean_the_same_on_netlify_and_cloudflare_pages() {
    let (site, _) = deployed(ALL);
    let rules = header_rules(&site.output("_headers"));
    let css = format!("/{}", site.asset("css/clinic.css"));
    for path in [
        "/",
        "/about/",
        "/patient-portal/",
        css.as_str(),
        "/images/dot.svg",
    ] {
        let netlify = sent(&rules, path, false);
        let cloudflare = sent(&rules, path, true);
        assert_eq!(netlify, cloudflare, "{path}");
        let policy = &cloudflare["Content-Security-Policy"];
        assert_eq!(policy.matches("default-src").count(), 1, "{path}: {policy}");
        assert_eq!(
            cloudflare["Cache-Control"].matches("max-age").count(),
            1,
            "{path}"
        );
    }
    assert_eq!(
        sent(&rules, &css, true)["Cache-Control"],
        "public, max-age=31536000, immutable"
    );
    assert_eq!(
        sent(&rules, "/about/", true)["Cache-Control"],
        "public, max-age=0, must-revalidate"
    );
    assert_eq!(
        sent(&rules, "/patient-portal/", true)["Referrer-Policy"],
        "no-referrer"
    );
    assert!(
        !sent(&rules, "/about/", true).contains_key("Referrer-Policy"),
        "the browser's default applies"
    );
}

#[test]
fn cloudfront_gets_a_policy_per_path_and_portal_pages_keep_no_referrer() {
    let (site, _) = deployed(ALL);
    let behaviors: serde_json::Value =
        serde_json::from_str(&site.output(".portico/cloudfront/behaviors.json")).unwrap();
    let policy_for = |pattern: &str| {
        let behavior = behaviors["CacheBehaviors"]
            .as_array()
            .unwrap()
            .iter()
            .find(|b| b["PathPattern"] == pattern)
            .unwrap_or_else(|| panic!("no behaviour for {pattern}: {behaviors}"));
        let file = behavior["PolicyFile"].as_str().unwrap();
        serde_json::from_str::<serde_json::Value>(
            &site.output(&format!(".portico/cloudfront/{file}")),
        )
        .unwrap()
    };
    let portal = policy_for("/patient-portal/*");
    assert_eq!(
        portal["SecurityHeadersConfig"]["ReferrerPolicy"]["ReferrerPolicy"],
        "no-referrer"
    );
    let cache = |policy: &serde_json::Value| {
        policy["CustomHeadersConfig"]["Items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|h| h["Header"] == "Cache-Control")
            .map(|h| h["Value"].as_str().unwrap().to_owned())
            .unwrap()
    };
    assert_eq!(
        cache(&policy_for("/css/*")),
        "public, max-age=31536000, immutable"
    );
    assert_eq!(
        cache(&policy_for("default")),
        "public, max-age=0, must-revalidate"
    );
    assert_eq!(
        policy_for("default")["SecurityHeadersConfig"]["ReferrerPolicy"]["ReferrerPolicy"],
        "strict-origin-when-cross-origin"
    );
}

/// Runs the generated CloudFront Function in Node.js with a viewer-request event for `uri`.
fn viewer_request(function: &str, uri: &str) -> serde_json::Value {
    let script = format!(
        "{function}\nconst out = handler({{ request: {{ uri: {uri:?}, headers: {{ host: {{ value: 'www.maplestreetkids.example' }} }} }} }});\nprocess.stdout.write(JSON.stringify(out));\n"
    );
    let output = std::process::Command::new("node")
        .arg("-e")
        .arg(script)
        .output()
        .expect("Node.js runs (the browser suite needs it too)");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

#[test]
fn cloudfront_redirects_exactly_to_the_visitors_host_over_https() {
    let (site, _) = deployed(ALL);
    let function = site.output(".portico/cloudfront/viewer-request.js");
    let moved = viewer_request(&function, "/about-us/");
    assert_eq!(moved["statusCode"], 301);
    assert_eq!(
        moved["headers"]["location"]["value"],
        "https://www.maplestreetkids.example/about/"
    );
    let below = viewer_request(&function, "/about-us/team/");
    assert_eq!(below["uri"], "/about-us/team/index.html", "no prefix match");
    let page = viewer_request(&function, "/about/");
    assert_eq!(page["uri"], "/about/index.html");
    let website = site.output(".portico/s3-website.json");
    assert!(!website.contains("RoutingRules"), "{website}");
}

#[test]
fn the_example_with_every_deploy_target_builds_and_checks_clean() {
    let site = SiteTest::example();
    site.edit(
        "portico.yaml",
        "  targets: [netlify, cloudflare-pages, vercel, azure-static-web-apps, nginx, apache, s3-cloudfront]",
        "  targets: [netlify, cloudflare-pages, vercel, azure-static-web-apps, github-pages, nginx, apache, s3-cloudfront]",
    );
    let build = site.run_dated(&["build", "--root", "site"]);
    assert_eq!(build.code, 0, "{}", build.stderr);
    let check = site.run_dated(&["check", "--root", "site", "--format", "json"]);
    assert_eq!(check.code, 0, "{}", check.stdout);
    let report: serde_json::Value = serde_json::from_str(&check.stdout).unwrap();
    let rules: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert_eq!(
        rules,
        ["build/warning"],
        "only GitHub Pages' warning: {}",
        check.stdout
    );
}

//! `portico check`: one case per rule, each breaking the clean fixture `tests/fixtures/check` in one way and
//! expecting exactly that rule (with the report text snapshotted), levels set in `portico.yaml`, and the
//! JSON and SARIF reports read back into their documented shapes.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::harness::{Run, SiteTest};

fn site() -> SiteTest {
    SiteTest::fixture("check")
}

fn check(site: &SiteTest, format: &str) -> Run {
    site.run_dated(&["check", "--root", "site", "--format", format])
}

/// Writes `body` as the page `content/NAME.md`.
fn page(site: &SiteTest, name: &str, body: &str) {
    site.write(
        &format!("content/{name}.md"),
        &format!("---\ntitle: Test page\ndescription: A page for one rule.\n---\n{body}\n"),
    );
}

fn rules(run: &Run) -> BTreeSet<String> {
    let report: JsonReport = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("not a JSON report ({e}):\n{}\n{}", run.stdout, run.stderr));
    report.findings.into_iter().map(|f| f.rule).collect()
}

/// Breaks the clean site with `breakage`, then checks that `rule`, and only it, is found, with the exit
/// status its level gives; the text report is snapshotted as `check_RULE`.
fn finds_only(rule: &str, breakage: impl FnOnce(&SiteTest)) {
    let level = portico::rules::find(rule).expect("a rule").rule().level;
    finds_only_at(rule, level.label(), breakage);
}

/// [`finds_only`] for a rule the case sets to `level` (`error` or `warning`).
fn finds_only_at(rule: &str, level: &str, breakage: impl FnOnce(&SiteTest)) {
    let site = site();
    breakage(&site);
    let json = check(&site, "json");
    let expected: BTreeSet<String> = [rule.to_owned()].into();
    assert_eq!(rules(&json), expected, "{}", json.stdout);
    let report: JsonReport = serde_json::from_str(&json.stdout).expect("JSON");
    assert!(
        report.findings.iter().all(|f| f.level == level),
        "{}",
        json.stdout
    );
    assert_eq!(
        json.code,
        i32::from(level == "error"),
        "exit status for {rule}"
    );
    let text = check(&site, "text");
    let name = format!("check_{}", rule.replace('/', "_"));
    insta::assert_snapshot!(name, format!("{}{}", text.stdout, text.stderr));
}

#[test]
fn the_clean_fixture_has_no_findings() {
    let run = check(&site(), "text");
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_eq!(run.stdout, "0 errors, 0 warnings on 15 pages\n");
}

#[test]
fn content_example_has_no_findings_and_check_counts_pages_as_build_does() {
    let site = SiteTest::example();
    let run = site.run_dated(&["check", "--root", "site"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let built = site.run_dated(&["build", "--root", "site"]);
    let pages = built
        .stderr
        .split("Built ")
        .nth(1)
        .and_then(|rest| rest.split(" (").next())
        .unwrap_or_else(|| panic!("{}", built.stderr));
    assert_eq!(run.stdout, format!("0 errors, 0 warnings on {pages}\n"));
}

#[test]
fn a_new_site_from_init_lists_only_its_sample_notices() {
    let site = site();
    let init = site.run_dated(&["init", "new-clinic"]);
    assert_eq!(init.code, 0, "{}", init.stderr);
    let run = site.run_dated(&["check", "--root", "new-clinic", "--format", "json"]);
    assert_eq!(run.code, 0, "warnings only: {}", run.stdout);
    let expected: BTreeSet<String> = ["compliance/sample-notice".to_owned()].into();
    assert_eq!(rules(&run), expected);
}

#[test]
fn a_sample_portal_address_fails_the_check_until_the_real_one_is_in() {
    let site = site();
    let init = site.run_dated(&["init", "new-clinic", "--vendor", "nextgen"]);
    assert_eq!(init.code, 0, "{}", init.stderr);
    let run = site.run_dated(&["check", "--root", "new-clinic", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let expected: BTreeSet<String> = [
        "compliance/sample-notice".to_owned(),
        "portal/sample-address".to_owned(),
    ]
    .into();
    assert_eq!(rules(&run), expected);
    let config = site.root.parent().unwrap().join("new-clinic/portico.yaml");
    let text = std::fs::read_to_string(&config).unwrap();
    assert!(text.contains("  sample: true\n"), "{text}");
    std::fs::write(
        &config,
        text.replace("  sample: true\n", "  verified: 2026-11-20\n"),
    )
    .unwrap();
    let run = site.run_dated(&["check", "--root", "new-clinic", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
}

#[test]
fn links_broken() {
    finds_only("links/broken", |s| {
        page(
            s,
            "team",
            "See [our staff](/staff/) and [the hours](/about/#hours).",
        );
    });
}

#[test]
fn links_nav_missing() {
    finds_only("links/nav-missing", |s| {
        page(
            s,
            "team",
            "<nav aria-label=\"More\"><a href=\"/gone/\">Gone page</a></nav>",
        );
    });
}

#[test]
fn links_insecure() {
    finds_only("links/insecure", |s| {
        page(
            s,
            "team",
            "The [state medical board](http://board.oregon.example/) licenses doctors.",
        );
    });
}

#[test]
fn links_insecure_portal() {
    finds_only("links/insecure-portal", |s| {
        page(
            s,
            "team",
            "You can [pay your bill online](http://billing.birchlane.example/).",
        );
    });
}

#[test]
fn a11y_img_alt() {
    finds_only("a11y/img-alt", |s| {
        s.write(
            "static/images/office.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
        );
        page(s, "team", "Our office:\n\n![](/images/office.svg)");
    });
}

#[test]
fn a11y_link_name() {
    finds_only("a11y/link-name", |s| {
        page(s, "team", "<a href=\"/about/\"></a>");
    });
}

#[test]
fn a11y_button_name() {
    finds_only("a11y/button-name", |s| {
        page(s, "team", "<button type=\"button\"></button>");
    });
}

#[test]
fn a11y_heading_order() {
    finds_only("a11y/heading-order", |s| {
        page(
            s,
            "team",
            "## Our doctors\n\nText.\n\n#### Dr. Rowan Ash\n\nText.",
        );
    });
}

#[test]
fn a11y_duplicate_id() {
    finds_only("a11y/duplicate-id", |s| {
        page(
            s,
            "team",
            "<div id=\"hours\">Mornings</div>\n\n<div id=\"hours\">Evenings</div>",
        );
    });
}

#[test]
fn a11y_page_title() {
    finds_only("a11y/page-title", |s| {
        s.write(
            "static/old/directions.html",
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head><title> </title></head>\n<body><main><p>Turn left at the park.</p></main></body>\n</html>\n",
        );
    });
}

#[test]
fn html_files_under_static_are_checked_like_pages() {
    let site = site();
    site.write(
        "static/forms/old-intake.html",
        "<!DOCTYPE html>\n<html>\n<head><script src=\"https://cdn.tracker.example/t.js\"></script></head>\n<body><main><a href=\"/gone/\">Our old forms</a></main></body>\n</html>\n",
    );
    site.write(
        "static/google0123456789abcdef.html",
        "google-site-verification: google0123456789abcdef.html\n",
    );
    let run = check(&site, "json");
    let expected: BTreeSet<String> = [
        "a11y/html-lang",
        "a11y/page-title",
        "links/broken",
        "portal/third-party",
    ]
    .map(str::to_owned)
    .into();
    assert_eq!(rules(&run), expected, "{}", run.stdout);
    let report: JsonReport = serde_json::from_str(&run.stdout).unwrap();
    assert!(
        report
            .findings
            .iter()
            .all(|f| f.file.ends_with("static/forms/old-intake.html")),
        "each finding names the file under static/: {}",
        run.stdout
    );
}

#[test]
fn a11y_html_lang() {
    finds_only("a11y/html-lang", |s| {
        s.write(
            "templates/bare.html",
            "<!DOCTYPE html>\n<html>\n<head><title>{{ page.title }}</title></head>\n<body><main>{{ page.content }}</main>\n{% include \"partials/footer.html\" %}</body>\n</html>\n",
        );
        s.write(
            "content/team.md",
            "---\ntitle: Team\ndescription: Our team.\ntemplate: bare.html\n---\nOur team.\n",
        );
    });
}

#[test]
fn a11y_contrast_stops_the_build_and_is_reported() {
    let site = site();
    site.write(
        "portico.yaml",
        &format!(
            "{}brand:\n  primary: \"#9fc5e8\"\n",
            site.read("portico.yaml")
        ),
    );
    let run = check(&site, "json");
    assert_eq!(run.code, 1);
    assert_eq!(rules(&run), ["a11y/contrast".to_owned()].into());
    let text = check(&site, "text");
    assert!(text.stderr.contains("has a contrast of"), "{}", text.stderr);
}

#[test]
fn a11y_contrast_set_to_warn_lets_the_build_pass() {
    finds_only_at("a11y/contrast", "warning", |s| {
        s.write(
            "portico.yaml",
            &format!(
                "{}brand:\n  primary: \"#9fc5e8\"\ncheck:\n  rules:\n    a11y/contrast: warn\n",
                s.read("portico.yaml")
            ),
        );
    });
}

#[test]
fn a11y_link_text() {
    finds_only("a11y/link-text", |s| {
        page(s, "team", "To reach us, [click here](@/contact.md).");
    });
}

#[test]
fn portal_third_party() {
    finds_only("portal/third-party", |s| {
        page(
            s,
            "telehealth",
            "<img src=\"https://cdn.videovisits.example/badge.png\" alt=\"Video visits\">",
        );
    });
}

#[test]
fn portal_tracker() {
    finds_only("portal/tracker", |s| {
        page(
            s,
            "team",
            "<script async src=\"https://www.googletagmanager.com/gtag/js?id=G-TEST\"></script>",
        );
    });
}

#[test]
fn portal_official_host() {
    finds_only("portal/official-host", |s| {
        page(
            s,
            "team",
            "Log in at [our portal](https://athenahealth-login.example.com/).",
        );
    });
}

#[test]
fn portal_verified_stale() {
    finds_only("portal/verified-stale", |s| {
        s.edit(
            "portico.yaml",
            "verified: 2026-10-01",
            "verified: 2025-06-01",
        );
    });
}

#[test]
fn portal_custom_vendor() {
    finds_only("portal/custom-vendor", |s| {
        s.edit(
            "portico.yaml",
            "  vendor: athenahealth\n  params: { practice_id: \"13579\" }",
            "  vendor: custom\n  login_url: https://portal.birchlane.example/login",
        );
    });
}

#[test]
fn compliance_privacy_notice() {
    finds_only("compliance/privacy-notice", |s| {
        s.edit(
            "portico.yaml",
            "compliance:\n",
            "compliance:\n  privacy_notice: /privacy/\n",
        );
    });
}

#[test]
fn compliance_privacy_notice_must_be_in_every_footer_by_name() {
    let site = site();
    site.write(
        "templates/partials/footer.html",
        "<footer><p>In an emergency, call 911.</p><a href=\"/notice-of-privacy-practices/\">Privacy</a></footer>",
    );
    let run = check(&site, "text");
    assert_eq!(run.code, 1, "{}", run.stdout);
    let npp = "the footer does not link to the Notice of Privacy Practices (and on";
    assert!(run.stdout.contains(npp), "{}", run.stdout);
    let home = "the home page does not link to the Notice of Privacy Practices by that name";
    assert!(run.stdout.contains(home), "{}", run.stdout);
}

#[test]
fn compliance_nondiscrimination() {
    finds_only("compliance/nondiscrimination", |s| {
        s.edit(
            "portico.yaml",
            "compliance:\n",
            "compliance:\n  nondiscrimination: /nd/\n",
        );
    });
}

/// Removes the lines of `file` that contain `needle` (in any case).
fn drop_lines(site: &SiteTest, file: &str, needle: &str) {
    let text = site.read(file);
    let kept: Vec<&str> = text
        .lines()
        .filter(|l| !l.to_lowercase().contains(needle))
        .collect();
    site.write(file, &(kept.join("\n") + "\n"));
}

#[test]
fn compliance_language_assistance() {
    finds_only("compliance/language-assistance", |s| {
        drop_lines(s, "content/language-assistance.md", "<p lang=\"vi\"");
    });
}

#[test]
fn compliance_language_assistance_needs_fifteen_languages() {
    let site = site();
    let yaml = site.read("portico.yaml");
    let start = yaml.find("  taglines: [").unwrap();
    let end = start + yaml[start..].find('\n').unwrap();
    site.write(
        "portico.yaml",
        &format!("{}  taglines: [es]{}", &yaml[..start], &yaml[end..]),
    );
    let run = check(&site, "text");
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stdout.contains("`compliance.taglines` names 1 language; §1557 (45 CFR 92.11) asks for taglines in at least the 15 languages"),
        "{}",
        run.stdout
    );
}

#[test]
fn compliance_nondiscrimination_offers_free_aids_and_covers_section_504() {
    let site = site();
    site.write(
        "content/nondiscrimination.md",
        "---\ntitle: Nondiscrimination notice\ndescription: Our policy.\n---\nWe treat everyone fairly. To file a grievance, call us.\n",
    );
    let run = check(&site, "text");
    assert_eq!(run.code, 1, "{}", run.stdout);
    for message in [
        "does not offer free aids and services to people with disabilities (45 CFR 92.10)",
        "does not cover Section 504 (45 CFR 84.8)",
    ] {
        assert!(run.stdout.contains(message), "{}", run.stdout);
    }
    let json = check(&site, "json");
    assert_eq!(
        rules(&json),
        ["compliance/nondiscrimination".to_owned()].into()
    );
}

#[test]
fn compliance_grievance_procedure() {
    finds_only("compliance/grievance-procedure", |s| {
        drop_lines(s, "content/nondiscrimination.md", "grievance");
    });
    // A practice with fewer than 15 employees needs none.
    let site = site();
    drop_lines(&site, "content/nondiscrimination.md", "grievance");
    site.edit(
        "portico.yaml",
        "compliance:\n",
        "compliance:\n  employees: 9\n",
    );
    let run = check(&site, "json");
    assert!(rules(&run).is_empty(), "{}", run.stdout);
}

#[test]
fn compliance_privacy_notice_gives_its_effective_date() {
    let site = site();
    drop_lines(&site, "content/notice-of-privacy-practices.md", "effective");
    let run = check(&site, "json");
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert_eq!(rules(&run), ["compliance/privacy-notice".to_owned()].into());
    assert!(
        run.stdout
            .contains("does not give its effective date (45 CFR 164.520(b)(1)(viii))"),
        "{}",
        run.stdout
    );
}

#[test]
fn compliance_price_transparency() {
    finds_only("compliance/price-transparency", |s| {
        s.edit(
            "portico.yaml",
            "practice:\n",
            "practice:\n  type: Hospital\n",
        );
    });
    let site = site();
    site.edit(
        "portico.yaml",
        "practice:\n",
        "practice:\n  type: Hospital\n",
    );
    site.write(
        "static/cms-hpt.txt",
        "location-name: Test Hospital\nsource-page-url: https://www.test.example/prices/\nmrf-url: https://www.test.example/prices/standard-charges.json\ncontact-name: Billing\ncontact-email: billing@test.example\n",
    );
    site.write(
        "content/_index.md",
        &(site.read("content/_index.md")
            + "\n[Price Transparency](/prices/standard-charges.json)\n"),
    );
    site.write("static/prices/standard-charges.json", "{}\n");
    let run = check(&site, "json");
    assert!(
        !rules(&run).contains("compliance/price-transparency"),
        "{}",
        run.stdout
    );
}

#[test]
fn compliance_every_notice_is_in_every_footer() {
    let site = site();
    site.write(
        "templates/partials/footer.html",
        "<footer><p>In an emergency, call 911.</p><a href=\"/notice-of-privacy-practices/\">Notice of Privacy Practices</a></footer>",
    );
    let run = check(&site, "json");
    assert_eq!(run.code, 1, "{}", run.stdout);
    let found = rules(&run);
    for rule in [
        "compliance/nondiscrimination",
        "compliance/language-assistance",
        "compliance/billing-rights",
        "compliance/good-faith-estimate",
        "compliance/accessibility-statement",
    ] {
        assert!(found.contains(rule), "{rule} not reported: {}", run.stdout);
    }
    assert!(
        !found.contains("compliance/privacy-notice"),
        "{}",
        run.stdout
    );
}

#[test]
fn compliance_billing_rights() {
    finds_only("compliance/billing-rights", |s| {
        s.edit(
            "portico.yaml",
            "compliance:\n",
            "compliance:\n  billing_rights: /surprise-bills/\n",
        );
    });
}

#[test]
fn compliance_good_faith_estimate() {
    finds_only("compliance/good-faith-estimate", |s| {
        s.edit(
            "portico.yaml",
            "compliance:\n",
            "compliance:\n  good_faith_estimate: /gfe/\n",
        );
    });
}

#[test]
fn compliance_accessibility_statement() {
    finds_only("compliance/accessibility-statement", |s| {
        s.edit(
            "portico.yaml",
            "compliance:\n",
            "compliance:\n  accessibility: /a11y/\n",
        );
    });
}

#[test]
fn compliance_emergency_line() {
    finds_only("compliance/emergency-line", |s| {
        s.write(
            "portico.yaml",
            &format!(
                "{}strings:\n  en:\n    emergency_note: \"For urgent needs, call the office.\"\n",
                s.read("portico.yaml")
            ),
        );
    });
}

#[test]
fn compliance_third_party_form() {
    finds_only("compliance/third-party-form", |s| {
        page(
            s,
            "team",
            "<form action=\"https://forms.formhost.example/f/123\" method=\"post\"><label>Name <input name=\"name\"></label> <button>Send</button></form>",
        );
    });
}

#[test]
fn compliance_sample_notice() {
    finds_only("compliance/sample-notice", |s| {
        s.edit("content/accessibility.md", "---\n", "---\nsample: true\n");
    });
}

#[test]
fn compliance_machine_translation() {
    finds_only("compliance/machine-translation", |s| {
        page(
            s,
            "team",
            "<script src=\"/js/translate.js\"></script><!-- googleTranslateElementInit -->",
        );
        s.write(
            "static/js/translate.js",
            "function googleTranslateElementInit() {}\n",
        );
    });
}

#[test]
fn build_warning() {
    finds_only("build/warning", |s| {
        s.write(
            "portico.yaml",
            &format!(
                "{}deploy:\n  targets: [github-pages]\n",
                s.read("portico.yaml")
            ),
        );
    });
}

#[test]
fn build_error() {
    finds_only("build/error", |s| {
        s.edit("portico.yaml", "theme: clinic", "theme: no-such-theme");
    });
}

#[test]
fn a_rule_set_to_deny_fails_the_check_and_allow_hides_it() {
    let site = site();
    page(
        &site,
        "team",
        "The [state medical board](http://board.oregon.example/) licenses doctors.",
    );
    let config = site.read("portico.yaml");
    site.write(
        "portico.yaml",
        &format!("{config}check:\n  rules:\n    links/insecure: deny\n"),
    );
    assert_eq!(check(&site, "json").code, 1);
    site.write(
        "portico.yaml",
        &format!("{config}check:\n  rules:\n    links/insecure: allow\n"),
    );
    let run = check(&site, "json");
    assert_eq!((run.code, rules(&run)), (0, BTreeSet::new()));
}

#[test]
fn an_unknown_rule_is_a_config_error_with_a_suggestion() {
    let site = site();
    site.write(
        "portico.yaml",
        &format!(
            "{}check:\n  rules:\n    links/brokn: warn\n",
            site.read("portico.yaml")
        ),
    );
    let run = check(&site, "text");
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("there is no rule `links/brokn` (did you mean `links/broken`?)"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("site/portico.yaml:25:18"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_broken_link_is_shown_in_the_markdown_that_wrote_it() {
    let site = site();
    page(&site, "team", "First line.\n\nSee [our staff](/staff/).");
    let run = check(&site, "text");
    assert!(
        run.stdout.contains("site/content/team.md\n  7:"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("(on team/index.html)"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_template_problem_is_reported_once_with_a_page_count() {
    let site = site();
    site.write(
        "templates/partials/footer.html",
        "<footer><a href=\"/gone/\">Gone</a> <a href=\"/notice-of-privacy-practices/\">Notice of Privacy Practices</a> 911</footer>",
    );
    let run = check(&site, "json");
    let report: JsonReport = serde_json::from_str(&run.stdout).expect("JSON");
    let broken: Vec<&JsonFinding> = report
        .findings
        .iter()
        .filter(|f| f.rule == "links/broken")
        .collect();
    assert_eq!(broken.len(), 1, "{}", run.stdout);
    assert!(broken[0].also >= 10, "{}", run.stdout);
}

/// The documented JSON report (version 1). Unknown fields are errors, so a change to the format fails here.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonReport {
    version: u32,
    pages: usize,
    errors: usize,
    warnings: usize,
    findings: Vec<JsonFinding>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonFinding {
    rule: String,
    level: String,
    message: String,
    help: String,
    file: String,
    line: Option<usize>,
    column: Option<usize>,
    page: Option<String>,
    also: usize,
}

fn broken_site() -> SiteTest {
    let site = site();
    page(
        &site,
        "team",
        "See [our staff](/staff/), [click here](@/contact.md) and [the board](http://board.oregon.example/).",
    );
    site
}

#[test]
fn the_json_report_round_trips_through_its_documented_shape() {
    let run = check(&broken_site(), "json");
    let value: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    let report: JsonReport = serde_json::from_value(value.clone()).expect("the documented shape");
    assert_eq!(serde_json::to_value(&report).expect("serialize"), value);
    assert_eq!((report.version, report.errors, report.warnings), (1, 1, 2));
    for finding in &report.findings {
        assert!(matches!(finding.level.as_str(), "error" | "warning"));
        assert!(
            portico::rules::find(&finding.rule).is_some(),
            "{}",
            finding.rule
        );
        assert!(finding.line.is_some_and(|l| l > 0));
    }
}

/// The parts of SARIF 2.1.0 that GitHub code scanning reads, strictly.
#[derive(Debug, Deserialize)]
struct Sarif {
    #[serde(rename = "$schema")]
    schema: String,
    version: String,
    runs: Vec<SarifRun>,
}

#[derive(Debug, Deserialize)]
struct SarifRun {
    tool: SarifTool,
    results: Vec<SarifResult>,
}

#[derive(Debug, Deserialize)]
struct SarifTool {
    driver: SarifDriver,
}

#[derive(Debug, Deserialize)]
struct SarifDriver {
    name: String,
    rules: Vec<SarifRule>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct SarifRule {
    id: String,
    short_description: SarifText,
    full_description: SarifText,
    help: SarifText,
    default_configuration: SarifConfiguration,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SarifText {
    text: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SarifConfiguration {
    level: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct SarifResult {
    rule_id: String,
    rule_index: usize,
    level: String,
    message: SarifText,
    locations: Vec<SarifLocation>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct SarifLocation {
    physical_location: SarifPhysical,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct SarifPhysical {
    artifact_location: SarifArtifact,
    region: SarifRegion,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SarifArtifact {
    uri: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct SarifRegion {
    start_line: usize,
    start_column: usize,
}

#[test]
fn the_sarif_report_has_what_github_code_scanning_needs() {
    let run = check(&broken_site(), "sarif");
    assert_eq!(run.code, 1);
    let sarif: Sarif = serde_json::from_str(&run.stdout).expect("SARIF");
    assert_eq!(sarif.version, "2.1.0");
    assert!(sarif.schema.ends_with("sarif-2.1.0.json"));
    let [only] = sarif.runs.as_slice() else {
        panic!("one run");
    };
    assert_eq!(only.tool.driver.name, "portico");
    let ids: BTreeSet<&str> = only
        .tool
        .driver
        .rules
        .iter()
        .map(|r| r.id.as_str())
        .collect();
    assert_eq!(
        ids.len(),
        only.tool.driver.rules.len(),
        "rule ids are unique"
    );
    for rule in &only.tool.driver.rules {
        let known = portico::rules::find(&rule.id)
            .expect("a rule Portico knows")
            .rule();
        assert_eq!(rule.short_description.text, known.summary, "{}", rule.id);
        assert_eq!(
            rule.full_description.text,
            format!("{}: {}", known.summary, known.why),
            "{}",
            rule.id
        );
        assert_eq!(rule.help.text, known.why, "{}", rule.id);
        assert_eq!(
            rule.default_configuration.level,
            match known.level.label() {
                "error" => "error",
                _ => "warning",
            },
            "{}",
            rule.id
        );
    }
    assert_eq!(only.results.len(), 3);
    for result in &only.results {
        assert_eq!(only.tool.driver.rules[result.rule_index].id, result.rule_id);
        assert!(matches!(result.level.as_str(), "error" | "warning"));
        let finding = portico::rules::find(&result.rule_id)
            .expect("a known rule")
            .rule();
        assert_eq!(
            result.level,
            if finding.level.label() == "error" {
                "error"
            } else {
                "warning"
            }
        );
        assert!(
            result.message.text.contains(" Fix: "),
            "{}",
            result.message.text
        );
        let location = &result.locations[0].physical_location;
        assert_eq!(location.artifact_location.uri, "site/content/team.md");
        assert!(location.region.start_line >= 1 && location.region.start_column >= 1);
    }
}

#[test]
fn the_rule_list_names_every_rule_with_its_level() {
    let run = site().run(&["check", "--rules"]);
    assert_eq!(run.code, 0);
    for rule in portico::check::RULES {
        assert!(run.stdout.contains(rule.id), "{}", rule.id);
    }
}

#[test]
fn the_readme_lists_every_rule_with_its_default_level() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("README.md");
    for rule in portico::check::RULES {
        let level = match rule.level {
            portico::check::Level::Deny => "deny",
            _ => "warn",
        };
        let row = format!("| `{}` | {level} |", rule.id);
        assert!(readme.contains(&row), "README has no row {row}");
    }
}

#[test]
fn a_font_from_another_host_on_a_telehealth_page_is_third_party() {
    let site = site();
    page(
        &site,
        "telehealth",
        "<style>@import url(\"https://fonts.googleapis.com/css2?family=Inter\");</style>\n\nVideo visits.",
    );
    let run = check(&site, "json");
    assert_eq!(run.code, 1);
    assert_eq!(rules(&run), ["portal/third-party".to_owned()].into());
    assert!(
        run.stdout.contains("fonts.googleapis.com"),
        "{}",
        run.stdout
    );
}

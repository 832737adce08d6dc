//! The patient portal: the registry's URL checks, the entry page, and the links every page carries.

use std::collections::BTreeSet;

use portico::plugins::portal::{LinkKind, Registry};

use crate::harness::{SiteTest, fixtures};

/// The basic site with the `portal:` table of `tests/fixtures/portal/vendors/NAME.yaml`.
fn site_with_vendor(name: &str) -> (SiteTest, String) {
    let table = std::fs::read_to_string(fixtures().join(format!("portal/vendors/{name}.yaml")))
        .expect("the fixture");
    let expect = table
        .lines()
        .find_map(|l| l.strip_prefix("# expect: "))
        .expect("a `# expect:` line")
        .trim()
        .to_owned();
    let site = SiteTest::fixture("basic");
    site.write("portico.yaml", &(site.read("portico.yaml") + &table));
    (site, expect)
}

fn vendor_fixtures() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(fixtures().join("portal/vendors"))
        .expect("the vendor fixtures")
        .map(|e| {
            e.expect("an entry")
                .path()
                .file_stem()
                .expect("a name")
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    names
}

/// Decodes the `\n`, `\r` and `\t` escapes of the table's URL column.
fn unescape(text: &str) -> String {
    text.replace("\\n", "\n")
        .replace("\\r", "\r")
        .replace("\\t", "\t")
}

#[test]
fn hostile_urls_are_refused_and_real_ones_pass() {
    let registry = Registry::built_in().expect("the registry");
    let table =
        std::fs::read_to_string(fixtures().join("portal/hostile-urls.txt")).expect("the table");
    let mut rows = 0;
    let mut wrong = Vec::new();
    for line in table
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let cells: Vec<&str> = line.split('\t').collect();
        let [vendor, url, expected, why] = cells[..] else {
            panic!("a malformed row: {line:?}")
        };
        let vendor = registry
            .get(vendor)
            .unwrap_or_else(|| panic!("unknown vendor {vendor}"));
        let accepted = vendor.check(&unescape(url), LinkKind::Login, &[]).is_ok();
        if accepted != (expected == "accept") {
            wrong.push(format!(
                "{} {url:?}: expected {expected} ({why})",
                vendor.id
            ));
        }
        rows += 1;
    }
    assert!(rows >= 40, "the table has {rows} rows");
    assert!(
        wrong.is_empty(),
        "{} rows judged wrongly:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

#[test]
fn every_vendor_builds_and_links_to_its_checked_login() {
    let names = vendor_fixtures();
    assert_eq!(
        names.len(),
        Registry::built_in().unwrap().vendors().len(),
        "one fixture per vendor"
    );
    for name in names {
        let (site, expect) = site_with_vendor(&name);
        site.build()
            .unwrap_or_else(|d| panic!("{name}: the build failed:\n{d}"));
        let login =
            format!(r#"href="{expect}" rel="noopener noreferrer" referrerpolicy="no-referrer""#);
        for page in ["patient-portal/index.html", "es/patient-portal/index.html"] {
            let html = site.output(page);
            assert!(
                html.contains(&login),
                "{name}: {page} has no checked login link {expect}"
            );
            assert!(
                html.contains(r#"<meta name="referrer" content="no-referrer">"#),
                "{name}: {page}"
            );
        }
        let home = site.output("index.html");
        assert!(
            home.contains(r#"href="/patient-portal/""#),
            "{name}: the header links to the entry page"
        );
        assert!(
            home.contains(&login),
            "{name}: the footer links to the location's portal"
        );
    }
}

#[test]
fn the_portal_page_loads_nothing_from_anyone_else() {
    let (site, _) = site_with_vendor("eclinicalworks");
    site.build_ok();
    let config = site.read("portico.yaml");
    let allowed: BTreeSet<&str> = config
        .lines()
        .filter_map(|l| l.split_once("_url: ").map(|(_, url)| url.trim()))
        .chain(["https://mycw12.eclinicalweb.com/portal1234/jsp/100mp/login_otp.jsp"])
        .collect();
    let attribute = regex_lite::Regex::new(
        r#"(?i)\b(href|src|srcset|action|poster|data|formaction)="([^"]*)""#,
    )
    .unwrap();
    for page in ["patient-portal/index.html", "es/patient-portal/index.html"] {
        // Structured data is a data block, not a script that runs: take it out before looking for scripts.
        let html = site.output(page);
        let marker = r#"<script type="application/ld+json">"#;
        let html = match (html.find(marker), html.find("</script>")) {
            (Some(start), Some(end)) if start < end => {
                format!("{}{}", &html[..start], &html[end + "</script>".len()..])
            }
            _ => html,
        };
        assert!(
            !html.contains(marker),
            "{page} has one structured-data block"
        );
        for forbidden in [
            "<script", "<iframe", "<object", "<embed", "style=", "<style", "@import", "<form",
        ] {
            assert!(!html.contains(forbidden), "{page} contains {forbidden}");
        }
        for caps in attribute.captures_iter(&html) {
            let (name, value) = (&caps[1], caps[2].replace("&amp;", "&"));
            let value = value.as_str();
            let own = value.starts_with('/') && !value.starts_with("//")
                || value.starts_with('#')
                || value.starts_with("tel:")
                || value.starts_with("https://www.maplestreetkids.example/");
            let portal_link = name == "href" && allowed.contains(value);
            assert!(
                own || portal_link,
                "{page}: {name}=\"{value}\" points somewhere else"
            );
            if portal_link {
                let tag_end = html[caps.get(0).unwrap().end()..].find('>').unwrap();
                let rest = &html[caps.get(0).unwrap().end()..][..tag_end];
                assert!(
                    rest.contains(r#"referrerpolicy="no-referrer""#),
                    "{page}: {value} leaks the referrer"
                );
            }
        }
    }
}

#[test]
fn the_entry_page_says_what_patients_need() {
    let (site, _) = site_with_vendor("athenahealth");
    site.build_ok();
    let page = site.output("patient-portal/index.html");
    for needle in [
        "12345-1.portal.athenahealth.com",
        "athenaPatient",
        "911",
        "988",
        "consumer.scheduling.athena.io",
    ] {
        assert!(page.contains(needle), "the page does not mention {needle}");
    }
    let spanish = site.output("es/patient-portal/index.html");
    assert!(spanish.contains(r#"<html lang="es" dir="ltr">"#));
    insta::assert_snapshot!("portal_page_en", crate::harness::stable(&page));
    insta::assert_snapshot!("portal_page_es", crate::harness::stable(&spanish));
}

#[test]
fn a_practice_can_write_its_own_portal_copy() {
    let (site, expect) = site_with_vendor("nextgen");
    site.write(
        "content/patient-portal.md",
        "---\ntitle: Our patient portal\n---\nAsk the front desk for your sign-up code.\n",
    );
    site.build_ok();
    let page = site.output("patient-portal/index.html");
    assert!(
        page.contains("Ask the front desk for your sign-up code."),
        "the practice's copy is on the page"
    );
    assert!(
        page.contains("<h1>Our patient portal</h1>"),
        "its title is used"
    );
    assert!(
        page.contains(&format!(r#"href="{expect}""#)),
        "the checked login link is still there"
    );
}

#[test]
fn a_location_can_use_its_own_portal() {
    let (site, _) = site_with_vendor("athenahealth");
    site.write(
        "portico.yaml",
        &(site.read("portico.yaml")
            + "  locations:\n    main: { vendor: modmed, params: { prefix: maplekids } }\n"),
    );
    site.build_ok();
    let home = site.output("index.html");
    assert!(
        home.contains(r#"href="https://maplekids.ema.md/""#),
        "the location's footer links to its own portal"
    );
}

#[test]
fn without_a_portal_table_there_is_no_portal_page() {
    let site = SiteTest::fixture("basic");
    site.build_ok();
    assert!(!site.root.join("public/patient-portal/index.html").exists());
    assert!(
        !site
            .output("index.html")
            .contains(r#"href="/patient-portal/""#)
    );
}

/// Builds the basic site with `table` appended to portico.yaml and returns the build's messages.
fn build_with(
    table: &str,
) -> (
    Result<portico::BuildReport, portico::error::Diagnostics>,
    SiteTest,
) {
    let site = SiteTest::fixture("basic");
    site.write("portico.yaml", &(site.read("portico.yaml") + table));
    (site.build(), site)
}

#[test]
fn a_lookalike_host_is_an_error_that_names_the_official_hosts() {
    let (result, _) = build_with(
        "portal:\n  vendor: nextgen\n  login_url: https://nextmd.online/ud2/Login/Login.aspx\n  verified: 2026-11-01\n",
    );
    let errors = result.expect_err("a lookalike host");
    let error = &errors.errors()[0];
    assert_eq!(
        error.message(),
        "`portal.login_url`: `nextmd.online` is not one of the vendor's official hosts"
    );
    assert!(error.help().unwrap().contains("nextmd.com"), "{error}");
    assert_eq!(error.location().unwrap().line, Some(26));
    insta::assert_snapshot!(
        "portal_lookalike_error",
        format!("{error:#}").replace(
            &*errors.errors()[0]
                .location()
                .unwrap()
                .path
                .to_string_lossy(),
            "portico.yaml"
        )
    );
}

#[test]
fn a_custom_address_that_poses_as_a_listed_vendor_is_an_error() {
    for host in [
        "portal.athenahealth.com.evil.example",
        "12345.portal.athenaheaIth.com",
    ] {
        let (result, _) = build_with(&format!(
            "portal:\n  vendor: custom\n  login_url: https://{host}/\n  verified: 2026-11-01\n"
        ));
        let errors = result.expect_err(host);
        let error = errors
            .errors()
            .iter()
            .find(|e| {
                e.message()
                    .contains("looks like an address of athenahealth")
            })
            .unwrap_or_else(|| panic!("{host}: {errors}"));
        assert!(
            error
                .help()
                .is_some_and(|h| h.contains("`vendor: athenahealth`")),
            "{error}"
        );
        assert_eq!(error.location().and_then(|l| l.line), Some(26), "{error}");
    }
}

#[test]
fn config_mistakes_are_located_with_a_fix() {
    let cases = [
        (
            "portal:\n  vendor: athenahelth\n  params: { practice_id: \"1\" }\n",
            "unknown records vendor `athenahelth`",
            "did you mean `athenahealth`?",
        ),
        (
            "portal:\n  vendor: athenahealth\n  params: { practice_id: \"12a\" }\n",
            "`portal.params`: `params.practice_id` is `12a`",
            "portal.athenahealth.com",
        ),
        (
            "portal:\n  vendor: athenahealth\n",
            "`portal` has no login address",
            "params: { practice_id",
        ),
        (
            "portal:\n  vendor: drchrono\n  login_url: http://www.onpatient.com/login/\n",
            "uses http://",
            "onpatient.com",
        ),
        (
            "portal:\n  vendor: drchrono\n  login_url: https://www.onpatient.com/login/\n  features: [mesages]\n",
            "unknown value `mesages`",
            "did you mean `messages`?",
        ),
        (
            "portal:\n  vendor: drchrono\n  login_url: https://www.onpatient.com/login/\n  locations:\n    mian: { login_url: https://www.onpatient.com/x/ }\n",
            "there is no location `mian`",
            "did you mean `main`?",
        ),
        (
            "portal:\n  vendor: epic-mychart\n  login_url: https://mychart.mapleclinic.org/MyChart/\n",
            "`mychart.mapleclinic.org` is not one of the vendor's official hosts",
            "organization_hosts",
        ),
        (
            "portal:\n  vendor: drchrono\n  login_url: https://www.onpatient.com/login/\n  app_store_url: https://apps.apple.evil.com/x\n",
            "`portal.app_store_url`",
            "apps.apple.com",
        ),
    ];
    for (table, message, help) in cases {
        let (result, _) = build_with(table);
        let errors = result.expect_err(message);
        let error = errors
            .errors()
            .iter()
            .find(|e| e.message().contains(message))
            .unwrap_or_else(|| panic!("no error with {message:?} in:\n{errors}"));
        assert!(
            error.help().is_some_and(|h| h.contains(help)),
            "{message}: help {:?} lacks {help:?}",
            error.help()
        );
        assert!(
            error.location().and_then(|l| l.line).is_some(),
            "{message}: no line in {error}"
        );
    }
}

#[test]
fn an_organization_domain_the_practice_names_is_accepted() {
    let (result, site) = build_with(
        "portal:\n  vendor: epic-mychart\n  login_url: https://mychart.mapleclinic.org/MyChart/\n  organization_hosts: [mapleclinic.org]\n  verified: 2026-11-01\n",
    );
    result.unwrap_or_else(|d| panic!("{d}"));
    assert!(
        site.output("patient-portal/index.html")
            .contains(r#"href="https://mychart.mapleclinic.org/MyChart/""#)
    );
}

#[test]
fn custom_vendors_and_stale_checks_are_warnings() {
    let today = portico::config::Date::parse("2026-11-25").unwrap();
    let warnings_for = |table: &str| {
        let site = SiteTest::fixture("basic");
        site.write("portico.yaml", &(site.read("portico.yaml") + table));
        let mut options = site.options();
        options.overrides.today = Some(today);
        let report = portico::build(&options).unwrap_or_else(|d| panic!("{d}"));
        report
            .warnings
            .warnings()
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n")
    };
    let custom = warnings_for(
        "portal:\n  vendor: custom\n  login_url: https://portal.maplekids.example/\n  verified: 2026-11-01\n",
    );
    assert!(
        custom.contains("nothing vouches for `portal.maplekids.example`"),
        "{custom}"
    );
    let missing = warnings_for(
        "portal:\n  vendor: drchrono\n  login_url: https://www.onpatient.com/login/\n",
    );
    assert!(
        missing.contains("`portal.verified` is missing"),
        "{missing}"
    );
    let stale = warnings_for(
        "portal:\n  vendor: drchrono\n  login_url: https://www.onpatient.com/login/\n  verified: 2025-10-01\n",
    );
    assert!(stale.contains("more than a year ago"), "{stale}");
    let fresh = warnings_for(
        "portal:\n  vendor: drchrono\n  login_url: https://www.onpatient.com/login/\n  verified: 2026-01-10\n",
    );
    assert!(fresh.is_empty(), "{fresh}");
}

#[test]
fn portico_vendors_lists_the_registry_and_shows_a_snippet_that_builds() {
    let site = SiteTest::fixture("basic");
    let list = site.run(&["vendors"]);
    assert_eq!(list.code, 0);
    for vendor in Registry::built_in().unwrap().vendors() {
        assert!(
            list.stdout.contains(&vendor.id),
            "{} is not listed",
            vendor.id
        );
        let shown = site.run(&["vendors", &vendor.id]);
        assert_eq!(shown.code, 0, "{}", shown.stderr);
        let snippet_start = shown.stdout.find("portal:\n").expect("a snippet");
        let snippet: String = shown.stdout[snippet_start..]
            .split("\n\n")
            .next()
            .unwrap()
            .to_owned()
            + "\n";
        let check = SiteTest::fixture("basic");
        check.write("portico.yaml", &(check.read("portico.yaml") + &snippet));
        check.build().unwrap_or_else(|d| {
            panic!("{}: the snippet does not build:\n{snippet}\n{d}", vendor.id)
        });
    }
    let unknown = site.run(&["vendors", "athenahelth"]);
    assert_eq!(unknown.code, 2);
    assert!(
        unknown.stderr.contains("did you mean `athenahealth`?"),
        "{}",
        unknown.stderr
    );
}

#[test]
fn vendors_answer_to_their_old_and_product_names() {
    let site = SiteTest::fixture("basic");
    for alias in ["cerner", "allscripts", "kareo", "healow", "mychart"] {
        let shown = site.run(&["vendors", alias]);
        assert_eq!(shown.code, 0, "{alias}: {}", shown.stderr);
        assert!(
            shown.stdout.contains("Also accepted as:"),
            "{}",
            shown.stdout
        );
    }
    let list = site.run(&["vendors"]);
    assert!(list.stdout.contains("also: cerner"), "{}", list.stdout);
    let (result, _) = build_with(
        "portal:\n  vendor: kareo\n  login_url: https://patientportal.kareo.com/riverbend\n  verified: 2026-11-01\n",
    );
    result.unwrap_or_else(|d| panic!("an alias is accepted in portico.yaml: {d}"));
}

#[test]
fn athenahealths_bill_pay_host_is_accepted() {
    let (result, site) = build_with(
        "portal:\n  vendor: athenahealth\n  params: { practice_id: \"12345\" }\n  billpay_url: https://payment.patient.athenahealth.com/statement/?src=statement\n  verified: 2026-11-01\n",
    );
    result.unwrap_or_else(|d| panic!("{d}"));
    assert!(
        site.output("patient-portal/index.html")
            .contains("https://payment.patient.athenahealth.com/statement/")
    );
}

#[test]
fn a_vendor_whose_hosts_no_vendor_document_backs_is_a_warning() {
    let (result, _) = build_with(
        "portal:\n  vendor: simplepractice\n  login_url: https://riverbend-counseling.clientsecure.me/sign-in\n  verified: 2026-11-01\n",
    );
    let report = result.unwrap_or_else(|d| panic!("{d}"));
    let warning = report
        .warnings
        .warnings()
        .iter()
        .find(|w| w.rule() == Some(portico::rules::RuleId::PortalUnconfirmedVendor))
        .expect("an unconfirmed-vendor warning");
    assert!(warning.message().contains("clientsecure.me"), "{warning}");
}

//! An agency's fleet: many sites in one build, sharing a child theme; sharding; `portico init`.

use std::path::Path;

use crate::harness::SiteTest;

/// A copy of the example fleet (three clinics sharing one child theme of `clinic`).
fn fleet() -> SiteTest {
    let site = SiteTest::example();
    assert!(
        site.root
            .join("fleet/themes/agency-clinic/theme.yaml")
            .is_file()
    );
    site
}

#[test]
fn the_example_fleet_builds_in_one_run() {
    let site = fleet();
    let run = site.run(&["build", "--sites", "site/fleet"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for clinic in ["alder-creek", "bayview", "cedar-hill"] {
        let public = site.root.join("fleet").join(clinic).join("public");
        assert!(
            public.join("index.html").is_file(),
            "{clinic} was not built"
        );
        assert!(
            std::fs::read_dir(public.join("css")).unwrap().any(|e| e
                .unwrap()
                .file_name()
                .to_string_lossy()
                .starts_with("agency.")),
            "{clinic} lacks the agency theme's stylesheet"
        );
        let home = std::fs::read_to_string(public.join("index.html")).unwrap();
        assert!(
            home.contains("/css/agency.") && home.contains("/css/clinic."),
            "{clinic}: child over parent"
        );
        assert!(
            run.stderr.contains(&format!("ok    {clinic}: ")),
            "a plain line per site in logs:\n{}",
            run.stderr
        );
    }
    let brand = |clinic: &str| {
        let css = site.root.join("fleet").join(clinic).join("public/css");
        let name = std::fs::read_dir(&css)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .find(|n| n.starts_with("brand."))
            .unwrap();
        std::fs::read_to_string(css.join(name)).unwrap()
    };
    assert_ne!(
        brand("alder-creek"),
        brand("bayview"),
        "each clinic has its own brand"
    );
    assert!(run.stderr.contains("Built 3 sites in"), "{}", run.stderr);
}

#[test]
fn a_fleet_build_shows_each_sites_warnings() {
    let site = fleet();
    let config = site.root.join("fleet/bayview/portico.yaml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, text + "deploy:\n  targets: [github-pages]\n").unwrap();
    let run = site.run(&["build", "--sites", "site/fleet"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("1 warning\n"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("warning: GitHub Pages cannot send the site's headers"),
        "the warning itself is shown: {}",
        run.stderr
    );
}

#[test]
fn one_broken_site_does_not_stop_the_others() {
    let site = fleet();
    let config = site.root.join("fleet/bayview/portico.yaml");
    let text = std::fs::read_to_string(&config)
        .unwrap()
        .replace("vendor: athenahealth", "vendor: athenahelth");
    std::fs::write(&config, text).unwrap();
    let run = site.run(&["build", "--sites", "site/fleet"]);
    assert_eq!(run.code, 1, "a failed site makes the run fail");
    assert!(
        run.stderr.contains("FAIL  bayview: 1 error\n"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("did you mean `athenahealth`?"),
        "the failed site's errors are shown"
    );
    assert!(
        site.root
            .join("fleet/alder-creek/public/index.html")
            .is_file()
    );
    assert!(
        site.root
            .join("fleet/cedar-hill/public/index.html")
            .is_file()
    );
    assert!(run.stderr.contains("Built 2 of 3 sites"), "{}", run.stderr);
}

#[test]
fn a_shard_builds_its_share_of_the_fleet() {
    let site = fleet();
    let built = |shard: &str| {
        let run = site.run(&["build", "--sites", "site/fleet", "--shard", shard]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        run.stderr
            .lines()
            .filter(|l| l.starts_with("ok    "))
            .map(str::to_owned)
            .collect::<Vec<_>>()
    };
    let (first, second) = (built("1/2"), built("2/2"));
    assert_eq!(first.len() + second.len(), 3, "{first:?} {second:?}");
    assert!(
        first.iter().all(|l| !second.contains(l)),
        "no site is built by two shards"
    );
    assert_eq!(
        site.run(&["build", "--sites", "site/fleet", "--shard", "3/2"])
            .code,
        2,
        "a bad shard is a usage error"
    );
}

#[test]
fn init_makes_a_site_that_builds_with_only_the_sample_portal_warning() {
    for (vendor, theme) in [
        (None, "clinic"),
        (Some("athenahealth"), "clinic"),
        (Some("epic-mychart"), "clinic"),
    ] {
        let site = SiteTest::fixture("basic");
        let dir = site.root.parent().unwrap().join("new-site");
        let mut args = vec![
            "init",
            "new-site",
            "--name",
            "Juniper Family Care",
            "--theme",
            theme,
        ];
        if let Some(vendor) = vendor {
            args.extend(["--vendor", vendor]);
        }
        let run = site.run(&args);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let mut options = portico::BuildOptions {
            root: dir.clone(),
            ..Default::default()
        };
        options.overrides.today = None;
        let report = portico::build(&options)
            .unwrap_or_else(|d| panic!("{vendor:?}: the new site does not build:\n{d}"));
        let rules: Vec<Option<&str>> = report
            .warnings
            .warnings()
            .iter()
            .map(|w| w.rule().map(portico::rules::RuleId::as_str))
            .collect();
        let expected = if vendor.is_some() {
            vec![Some("portal/sample-address")]
        } else {
            Vec::new()
        };
        assert_eq!(rules, expected, "{vendor:?}: {:?}", report.warnings);
        let config = std::fs::read_to_string(dir.join("portico.yaml")).unwrap();
        assert!(
            !config.contains("\n  verified:"),
            "no person verified the example address: {config}"
        );
        let home = std::fs::read_to_string(dir.join("public/index.html")).unwrap();
        assert!(home.contains("Juniper Family Care"));
        assert_eq!(
            vendor.is_some(),
            Path::new(&dir)
                .join("public/patient-portal/index.html")
                .is_file()
        );
    }
}

#[test]
fn init_never_overwrites() {
    let site = SiteTest::fixture("basic");
    let run = site.run(&["init", "site"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("the folder is not empty"),
        "{}",
        run.stderr
    );
}

#[test]
fn check_takes_a_fleet_and_gives_one_report_that_names_each_site() {
    let site = fleet();
    let run = site.run(&["check", "--sites", "site/fleet"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    for clinic in ["alder-creek", "bayview", "cedar-hill"] {
        assert!(run.stdout.contains(&format!("{clinic}:")), "{}", run.stdout);
    }
    assert!(run.stdout.contains("of 3 sites"), "{}", run.stdout);

    let config = site.root.join("fleet/bayview/portico.yaml");
    let text = std::fs::read_to_string(&config)
        .unwrap()
        .replace("vendor: athenahealth", "vendor: athenahelth");
    std::fs::write(&config, text).unwrap();
    let run = site.run(&["check", "--sites", "site/fleet", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let sites = report["sites"].as_array().expect("a sites list");
    assert_eq!(sites.len(), 3, "the other sites are checked too");
    let bayview = sites.iter().find(|s| s["site"] == "bayview").unwrap();
    assert_eq!(bayview["built"], false);
    let findings = report["findings"].as_array().unwrap();
    assert!(
        findings
            .iter()
            .any(|f| f["site"] == "bayview" && f["rule"] == "build/error"),
        "{}",
        run.stdout
    );
    let sarif = site.run(&["check", "--sites", "site/fleet", "--format", "sarif"]);
    assert!(
        sarif.stdout.contains(r#""site": "bayview""#),
        "{}",
        sarif.stdout
    );

    let shard = site.run(&[
        "check",
        "--sites",
        "site/fleet",
        "--shard",
        "1/3",
        "--format",
        "json",
    ]);
    let report: serde_json::Value = serde_json::from_str(&shard.stdout).unwrap();
    assert_eq!(report["sites"].as_array().unwrap().len(), 1);
    assert_eq!(report["sites"][0]["site"], "alder-creek");
}

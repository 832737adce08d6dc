//! The command line's contract: help, version, exit codes, the summary line.

use crate::harness::SiteTest;

#[test]
fn help_and_version_exit_zero() {
    let site = SiteTest::fixture("basic");
    let help = site.run(&["build", "--help"]);
    assert_eq!(help.code, 0);
    for flag in ["--root", "--output", "--base-url", "--drafts", "--quiet"] {
        assert!(help.stdout.contains(flag), "{flag} missing from help");
    }
    let version = site.run(&["--version"]);
    assert_eq!(version.code, 0);
    assert!(version.stdout.starts_with("portico "));
}

#[test]
fn usage_errors_exit_two() {
    let site = SiteTest::fixture("basic");
    assert_eq!(site.run(&["build", "--no-such-flag"]).code, 2);
    assert_eq!(site.run(&["frobnicate"]).code, 2);
    assert_eq!(site.run(&[]).code, 2);
}

#[test]
fn a_build_ends_with_a_one_line_summary() {
    let site = SiteTest::fixture("basic");
    let run = site.run(&["build", "--root", "site"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let last = run.stderr.lines().last().expect("a summary line");
    assert!(
        last.starts_with("Built ") && last.contains(" pages ") && last.ends_with(" ms"),
        "{last}"
    );
}

#[test]
fn quiet_prints_nothing_on_success() {
    let site = SiteTest::fixture("basic");
    let run = site.run(&["build", "--root", "site", "--quiet"]);
    assert_eq!(run.code, 0);
    assert_eq!(run.stderr, "");
    assert_eq!(run.stdout, "");
}

#[test]
fn output_goes_where_asked() {
    let site = SiteTest::fixture("basic");
    let run = site.run(&["build", "--root", "site", "--output", "elsewhere/www"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        site.root
            .parent()
            .unwrap()
            .join("elsewhere/www/index.html")
            .is_file()
    );
}

#[test]
fn the_output_folder_cannot_be_the_site_itself() {
    let site = SiteTest::fixture("basic");
    let run = site.run(&["build", "--root", "site", "--output", "site/content"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("would replace the site's own files"),
        "{}",
        run.stderr
    );
    assert!(site.root.join("content/about.md").is_file());
}

#[test]
fn timings_name_each_step_and_each_template_used() {
    let site = SiteTest::fixture("basic");
    let run = site.run(&["build", "--root", "site", "--timings"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for wanted in [
        "write: folders",
        "render and write pages",
        "write: swap",
        "page.html",
        "section.html",
        "index.html",
    ] {
        assert!(
            run.stderr.lines().any(|l| l.trim_end().ends_with(wanted)),
            "no line for {wanted} in:\n{}",
            run.stderr
        );
    }
    let page = run
        .stderr
        .lines()
        .find(|l| l.trim_end().ends_with("page.html") && !l.contains("section"))
        .unwrap();
    let count: usize = page
        .split_whitespace()
        .rev()
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    // about, its translation, and the two service pages and the news post render with page.html.
    assert!(count >= 3, "{page}");
}

/// `--version` names the commit it was built from and the build date: the commit's own date, unless
/// `SOURCE_DATE_EPOCH` was set when it was built (the release workflow sets it).
#[test]
fn the_version_names_the_commit_and_the_build_date() {
    let site = SiteTest::fixture("basic");
    let git = |args: &[&str]| {
        let output = std::process::Command::new("git")
            .args(args)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .output()
            .expect("git runs (the tests run in a git checkout)");
        String::from_utf8(output.stdout)
            .expect("text")
            .trim()
            .to_owned()
    };
    let commit = git(&["rev-parse", "--short=12", "HEAD"]);
    let version = site.run(&["--version"]).stdout;
    assert!(
        version.starts_with(&format!(
            "portico {} (commit {commit}, built ",
            env!("CARGO_PKG_VERSION")
        )),
        "{version}"
    );
    // Cargo builds the binary for the tests with the environment the tests run in.
    let date = match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(seconds) => {
            portico::config::Date::from_unix_seconds(seconds.trim().parse().expect("seconds"))
                .to_string()
        }
        Err(_) => git(&["log", "-1", "--format=%cs", "HEAD"]),
    };
    assert!(
        version.trim().ends_with(&format!(", built {date})")),
        "{version}"
    );
}

//! Hostile input: the bad-input corpus in `tests/fixtures/bad-input/` (one folder of files per case, laid
//! over the basic site) and a few cases made here that cannot live in git as they are (a 50 MB page,
//! symbolic links). A bad case exits 1 with the exact message (snapshot), within seconds, and leaves the
//! previous output as it was; a case that is only unusual (a byte-order mark, CRLF line ends, YAML 1.1
//! words where text is meant) builds, with the text kept as written.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::harness::{Run, SiteTest};

/// Longer than any case takes in a debug build, short enough to call a hang a hang.
const LIMIT: Duration = Duration::from_secs(20);

/// Runs `portico build --root site`, killing it (and failing the test) if it runs past [`LIMIT`].
fn build_within_limit(site: &SiteTest) -> Run {
    let dir = site.root.parent().expect("a parent");
    let mut child = Command::new(env!("CARGO_BIN_EXE_portico"))
        .args(["build", "--root", "site"])
        .current_dir(dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start portico");
    // Read both pipes while waiting: a build that prints more than a pipe holds would otherwise block
    // on writing and look like a hang.
    let drain = |pipe: Option<Box<dyn std::io::Read + Send>>| {
        std::thread::spawn(move || {
            let mut text = Vec::new();
            if let Some(mut pipe) = pipe {
                let _ = pipe.read_to_end(&mut text);
            }
            String::from_utf8_lossy(&text).into_owned()
        })
    };
    let stdout = drain(
        child
            .stdout
            .take()
            .map(|p| Box::new(p) as Box<dyn std::io::Read + Send>),
    );
    let stderr = drain(
        child
            .stderr
            .take()
            .map(|p| Box::new(p) as Box<dyn std::io::Read + Send>),
    );
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("poll portico") {
            break status;
        }
        if started.elapsed() > LIMIT {
            let _ = child.kill();
            panic!("the build hung for more than {LIMIT:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Run {
        code: status.code().unwrap_or(-1),
        stdout: stdout.join().expect("stdout read"),
        stderr: stderr.join().expect("stderr read"),
    }
}

/// The basic site, built once, then broken by `breakage`: the build must fail with exit 1, leave the
/// previous output untouched, and print what the snapshot `bad_input_NAME` holds.
fn rejects(name: &str, breakage: impl FnOnce(&SiteTest)) {
    let site = SiteTest::fixture("basic");
    site.build_ok();
    let before = site.output_tree();
    breakage(&site);
    let run = build_within_limit(&site);
    assert_eq!(run.code, 1, "{name} should fail:\n{}", run.stderr);
    assert!(
        site.output_tree() == before,
        "{name}: the previous output changed"
    );
    insta::assert_snapshot!(format!("bad_input_{}", name.replace('-', "_")), run.stderr);
}

/// The basic site with `breakage`: it must build, and `check` sees the output.
fn accepts(breakage: impl FnOnce(&SiteTest), check: impl FnOnce(&SiteTest)) {
    let site = SiteTest::fixture("basic");
    breakage(&site);
    let run = build_within_limit(&site);
    assert_eq!(run.code, 0, "{}", run.stderr);
    check(&site);
}

fn corpus(site: &SiteTest, case: &str) {
    site.overlay(&format!("bad-input/{case}"));
}

/// One test per folder of the corpus that must be rejected.
macro_rules! rejected {
    ($($test:ident => $case:literal,)*) => {$(
        #[test]
        fn $test() {
            rejects($case, |site| corpus(site, $case));
        }
    )*};
}

rejected! {
    malformed_yaml_in_the_config => "config-malformed-yaml",
    a_tab_where_yaml_wants_spaces => "config-tab-indent",
    an_alias_bomb_in_the_config => "config-alias-bomb",
    an_alias_bomb_in_front_matter => "front-matter-alias-bomb",
    deep_nesting_in_the_config => "config-deep-nesting",
    deep_nesting_in_front_matter => "front-matter-deep-nesting",
    a_duplicate_key_in_the_config => "config-duplicate-key",
    a_duplicate_key_in_front_matter => "front-matter-duplicate-key",
    an_empty_config => "config-empty",
    a_config_that_is_a_list => "config-is-a-list",
    front_matter_that_is_a_list => "front-matter-is-a-list",
    front_matter_never_closed => "front-matter-never-closed",
    a_control_character_in_the_config => "config-control-character",
    invalid_utf8_in_the_config => "config-invalid-utf8",
    a_config_saved_as_utf16 => "config-utf16",
    invalid_utf8_in_a_page => "markdown-invalid-utf8",
    a_nul_byte_in_a_page => "markdown-nul-byte",
    a_binary_file_named_md => "markdown-binary-file",
    a_slug_that_climbs_out => "slug-climbs-out",
    a_slug_windows_keeps => "slug-windows-reserved",
    a_slug_windows_keeps_with_an_extension => "slug-windows-reserved-com1",
    a_path_that_climbs_out => "path-climbs-out",
    a_path_with_percent_encoded_dots => "path-percent-encoded-dots",
    a_path_with_backslashes => "path-backslash",
    a_path_to_another_host => "path-protocol-relative",
    a_path_windows_keeps => "path-windows-reserved",
    an_alias_that_climbs_out => "alias-climbs-out",
    an_alias_with_percent_encoded_dots => "alias-percent-encoded",
    an_alias_that_is_a_windows_path => "alias-absolute-windows",
    an_alias_windows_keeps => "alias-windows-reserved",
    two_pages_for_one_url => "two-pages-one-url",
    a_template_that_includes_itself_minijinja => "recursive-template-minijinja",
    a_macro_that_calls_itself_minijinja => "recursive-macro-minijinja",
    a_template_that_includes_itself_tera => "recursive-template-tera",
    a_template_syntax_error => "template-syntax-error",
    a_template_with_an_unknown_variable => "template-unknown-variable",
    a_missing_theme => "missing-theme",
    an_unknown_vendor => "unknown-vendor",
    a_language_without_strings => "yaml11-no-as-language",
}

#[test]
fn a_50_megabyte_page() {
    rejects("huge-page", |site| {
        let line = "Words and more words for a page nobody will read to the end.\n";
        site.write(
            "content/huge.md",
            &format!(
                "---\ntitle: Huge\n---\n{}",
                line.repeat(50 * 1024 * 1024 / line.len())
            ),
        );
    });
}

#[test]
fn a_symlink_loop() {
    rejects("symlink-loop", |site| {
        std::os::unix::fs::symlink("..", site.root.join("content/news/loop")).expect("symlink");
    });
}

#[test]
fn a_symlink_to_a_file_outside_the_site() {
    rejects("symlink-out-file", |site| {
        std::os::unix::fs::symlink("/etc/hostname", site.root.join("content/secret.md"))
            .expect("symlink");
    });
}

#[test]
fn a_symlink_to_a_folder_outside_the_site() {
    rejects("symlink-out-folder", |site| {
        let outside = site.root.parent().expect("a parent").join("outside");
        std::fs::create_dir_all(&outside).expect("a folder");
        std::fs::write(outside.join("x.md"), "---\ntitle: X\n---\nx\n").expect("a page");
        std::os::unix::fs::symlink(&outside, site.root.join("content/shared")).expect("symlink");
    });
}

#[test]
fn byte_order_marks_are_read() {
    accepts(
        |site| {
            corpus(site, "config-bom");
            corpus(site, "markdown-bom");
        },
        |site| assert!(site.output("about/index.html").contains("Our team")),
    );
}

#[test]
fn crlf_line_ends_are_read() {
    accepts(
        |site| {
            corpus(site, "config-crlf");
            corpus(site, "markdown-crlf");
        },
        |site| assert!(site.output("about/index.html").contains("Our team")),
    );
}

#[test]
fn yaml_1_1_on_stays_text() {
    accepts(
        |site| corpus(site, "yaml11-on-as-text"),
        |site| {
            assert!(
                site.output("index.html").contains(">on<"),
                "the tagline is `on`"
            );
        },
    );
}

#[test]
fn yaml_1_1_octal_stays_text() {
    accepts(
        |site| corpus(site, "yaml11-octal-postal-code"),
        |site| assert!(site.output("index.html").contains("0777")),
    );
}

#[test]
fn a_bare_date_title_stays_text() {
    accepts(
        |site| corpus(site, "yaml11-bare-date-title"),
        |site| {
            assert!(
                site.output("about/index.html")
                    .contains("<h1>2026-11-02</h1>")
            );
        },
    );
}

#[test]
fn an_unquoted_phone_number_stays_text() {
    accepts(
        |site| corpus(site, "yaml-number-as-phone"),
        |site| assert!(site.output("index.html").contains("tel:+15035550110")),
    );
}

#[test]
fn thousands_of_nested_blockquotes_build() {
    accepts(
        |site| corpus(site, "markdown-deep-blockquotes"),
        |site| assert!(site.output("about/index.html").contains("deep")),
    );
}

#[test]
fn thousands_of_nested_lists_build() {
    accepts(
        |site| corpus(site, "markdown-deep-lists"),
        |site| assert!(site.output("about/index.html").contains("<li>")),
    );
}

//! The output folder is replaced as a whole, and only by a good build.

use crate::harness::{SiteTest, tree};

#[test]
fn a_rebuild_drops_files_of_deleted_pages() {
    let site = SiteTest::fixture("basic");
    site.build_ok();
    assert!(
        site.root
            .join("public/services/sick-visits/index.html")
            .is_file()
    );
    std::fs::remove_file(site.root.join("content/services/sick-visits.md")).unwrap();
    site.build_ok();
    assert!(!site.root.join("public/services/sick-visits").exists());
}

#[test]
fn a_staging_folder_left_by_a_killed_build_never_reaches_the_output() {
    let site = SiteTest::fixture("basic");
    let staging = site.root.join(".public.portico-staging");
    std::fs::create_dir_all(staging.join("half-written")).unwrap();
    std::fs::write(staging.join("half-written/index.html"), "partial").unwrap();
    site.build_ok();
    assert!(!site.root.join("public/half-written").exists());
}

#[test]
fn the_previous_build_is_kept_beside_the_output_for_the_next_one() {
    let site = SiteTest::fixture("basic");
    site.build_ok();
    let first = site.output_tree();
    site.edit("content/about.md", "Who we are.", "Who we are, and why.");
    site.build_ok();
    let staging = site.root.join(".public.portico-staging");
    assert_eq!(
        tree(&staging),
        first,
        "the old live tree is the staging tree"
    );
}

#[test]
fn a_rebuild_with_nothing_changed_writes_no_file() {
    let site = SiteTest::fixture("basic");
    site.build_ok();
    site.build_ok();
    let report = site.build_ok();
    assert_eq!(report.written.written, 0, "{:?}", report.written);
    assert_eq!(report.written.removed, 0, "{:?}", report.written);
    assert_eq!(report.written.unchanged, report.files);
}

#[test]
fn a_rebuild_writes_only_the_pages_that_changed() {
    let site = SiteTest::fixture("basic");
    site.build_ok();
    site.build_ok();
    site.edit(
        "content/services/sick-visits.md",
        "Call us in the morning",
        "Call us early in the morning",
    );
    // The staging tree is one build behind: it gets the edited page and the section that lists it.
    let report = site.build_ok();
    assert!(report.written.written > 0);
    assert!(
        report.written.written < report.files / 2,
        "{:?} of {} files",
        report.written,
        report.files
    );
}

/// Builds the site twice, so that a staging tree holds the previous build; returns the output and the
/// staging tree's path.
fn built_twice(
    site: &SiteTest,
) -> (
    std::collections::BTreeMap<String, Vec<u8>>,
    std::path::PathBuf,
) {
    site.build_ok();
    site.build_ok();
    (
        site.output_tree(),
        site.root.join(".public.portico-staging"),
    )
}

/// A killed build can leave anything in the staging tree: a file cut short, a file where a folder
/// belongs, a folder where a file belongs, a file of the wrong size or one of the right size with other
/// bytes. The next build must not trust any of it.
#[test]
fn a_damaged_staging_tree_is_repaired_by_comparing_bytes() {
    let site = SiteTest::fixture("basic");
    let (good, staging) = built_twice(&site);
    let index = std::fs::read(staging.join("index.html")).unwrap();
    let mut same_size = index.clone();
    same_size[0] ^= 0x20;
    std::fs::write(staging.join("index.html"), same_size).unwrap();
    std::fs::write(staging.join("404.html"), "cut short").unwrap();
    std::fs::remove_dir_all(staging.join("about")).unwrap();
    std::fs::write(staging.join("about"), "a file where a folder belongs").unwrap();
    std::fs::remove_file(staging.join("robots.txt")).unwrap();
    std::fs::create_dir_all(staging.join("robots.txt/inside")).unwrap();
    std::fs::write(staging.join("stray.html"), "not part of the site").unwrap();
    site.build_ok();
    assert!(
        site.output_tree() == good,
        "the output differs from a clean build"
    );
}

/// A symbolic link where a page belongs in the staging tree is replaced, never written through: the
/// file it points at, outside the site, keeps its bytes.
#[test]
fn a_symbolic_link_in_the_staging_tree_is_not_written_through() {
    let site = SiteTest::fixture("basic");
    let (good, staging) = built_twice(&site);
    let outside = site.root.join("outside.html");
    std::fs::write(&outside, "not Portico's").unwrap();
    std::fs::remove_file(staging.join("about/index.html")).unwrap();
    std::os::unix::fs::symlink(&outside, staging.join("about/index.html")).unwrap();
    site.build_ok();
    assert_eq!(std::fs::read_to_string(&outside).unwrap(), "not Portico's");
    assert!(
        site.output_tree() == good,
        "the output differs from a clean build"
    );
    assert!(
        !std::fs::symlink_metadata(site.root.join("public/about/index.html"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
}

/// A build that fails while rendering has written pages into the staging tree, never into the output;
/// a staging tree it started itself is removed again.
#[test]
fn a_template_error_leaves_the_output_and_no_new_staging_tree() {
    let site = SiteTest::fixture("basic");
    site.build_ok();
    let before = site.output_tree();
    site.write(
        "content/broken.md",
        "---\ntitle: Broken\ntemplate: broken.html\n---\nText.\n",
    );
    site.write("templates/broken.html", "{{ no_such_variable.field }}\n");
    let run = site.run(&["build", "--root", "site"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(site.output_tree() == before, "the output was changed");
    assert!(!site.root.join(".public.portico-staging").exists());
}

/// Static files are compared by size and modification time, like rsync's quick check; a new version of
/// the same size has a newer time.
#[test]
fn a_changed_static_file_of_the_same_size_is_copied_again() {
    let site = SiteTest::fixture("basic");
    site.write("static/files/intake.txt", "first version");
    site.build_ok();
    site.build_ok();
    site.write("static/files/intake.txt", "later version");
    site.build_ok();
    assert_eq!(site.output("files/intake.txt"), "later version");
    site.build_ok();
    assert_eq!(site.output("files/intake.txt"), "later version");
}

#[test]
fn files_the_output_folder_had_are_not_kept() {
    let site = SiteTest::fixture("basic");
    std::fs::create_dir_all(site.root.join("public")).unwrap();
    std::fs::write(site.root.join("public/stray.txt"), "old").unwrap();
    site.build_ok();
    assert!(!site.root.join("public/stray.txt").exists());
    assert!(site.root.join("public/index.html").is_file());
}

#[test]
fn a_static_file_may_not_overwrite_a_page() {
    let site = SiteTest::fixture("basic");
    site.write("static/about/index.html", "<p>shadow</p>");
    let errors = site.build().expect_err("a clash");
    assert!(
        errors
            .to_string()
            .contains("would overwrite the page at /about/index.html"),
        "{errors}"
    );
}

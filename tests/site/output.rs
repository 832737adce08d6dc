//! The output folder is replaced as a whole, and only by a good build.

use crate::harness::SiteTest;

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
fn a_staging_folder_left_by_a_killed_build_is_cleared() {
    let site = SiteTest::fixture("basic");
    let staging = site.root.join(".public.portico-staging");
    std::fs::create_dir_all(staging.join("half-written")).unwrap();
    std::fs::write(staging.join("half-written/index.html"), "partial").unwrap();
    site.build_ok();
    assert!(!staging.exists());
    assert!(!site.root.join("public/half-written").exists());
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

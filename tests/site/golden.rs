//! The bytes of the example sites' output, held as a snapshot of one SHA-256 per file.
//!
//! Refactoring the pipeline, the plugins or the themes must not change what a practice publishes: this
//! test builds the example site (in both built-in themes), the example fleet and the example's portal kit
//! on a fixed day and compares every output file's digest with the snapshot. A change that is meant to
//! change the output updates the snapshot (`INSTA_UPDATE=always cargo test --test site golden`), and the
//! reviewer sees which files changed.
//!
//! Pictures are the exception: their bytes come from encoders (rav1e, libwebp, jpeg-encoder) whose SIMD
//! paths may round differently on another CPU, so a picture is listed by name alone. Its name holds the
//! key of its source's bytes and the settings that made it, so a change of either still shows here;
//! what the pixels look like is tested in `images.rs`.

use std::fmt::Write as _;
use std::path::Path;

use portico::config::{ConfigOverrides, Date};
use portico::content::LoadOptions;
use portico::{BuildOptions, KitOptions};
use sha2::{Digest, Sha256};

use crate::harness::SiteTest;

/// 2026-11-25, the day the tests' dated runs use.
const DAY: u64 = 1_795_564_800;

fn overrides() -> ConfigOverrides {
    ConfigOverrides {
        today: Some(Date::from_unix_seconds(DAY)),
        cache: Some(crate::harness::shared_cache()),
        ..ConfigOverrides::default()
    }
}

/// Every file under `dir` (hidden staging folders left out) with the start of its SHA-256.
#[track_caller]
fn digests(dir: &Path) -> String {
    let mut lines = Vec::new();
    for entry in walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| !e.file_name().to_string_lossy().starts_with('.'))
    {
        let entry = entry.expect("walk the output");
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(dir).expect("under the output");
            let name = rel.to_string_lossy();
            if ["avif", "webp", "jpg", "png", "gif"]
                .iter()
                .any(|ext| name.ends_with(&format!(".{ext}")))
            {
                lines.push(format!("{:16}  {name}", "picture"));
                continue;
            }
            let bytes = std::fs::read(entry.path()).expect("read an output file");
            let digest = Sha256::digest(&bytes);
            let mut hex = String::new();
            for byte in &digest[..8] {
                let _ = write!(hex, "{byte:02x}");
            }
            lines.push(format!("{hex}  {name}"));
        }
    }
    lines.join("\n")
}

#[track_caller]
fn build(root: &Path) -> String {
    let options = BuildOptions::for_site(root, LoadOptions::default(), &overrides());
    portico::build(&options).unwrap_or_else(|d| panic!("{} did not build:\n{d}", root.display()));
    digests(&options.output_dir())
}

#[test]
fn the_example_site_is_byte_for_byte_the_same() {
    let site = SiteTest::example();
    insta::assert_snapshot!("golden_clinic", build(&site.root));
    site.edit("portico.yaml", "\ntheme: clinic\n", "\ntheme: harbor\n");
    insta::assert_snapshot!("golden_harbor", build(&site.root));
}

#[test]
fn the_example_fleet_is_byte_for_byte_the_same() {
    let site = SiteTest::example();
    for clinic in ["alder-creek", "bayview", "cedar-hill"] {
        let root = site.root.join("fleet").join(clinic);
        insta::assert_snapshot!(format!("golden_fleet_{clinic}"), build(&root));
    }
}

#[test]
fn the_example_kit_is_byte_for_byte_the_same() {
    let site = SiteTest::example();
    let options = KitOptions {
        root: site.root.clone(),
        output: None,
        overrides: overrides(),
    };
    portico::kit(&options).unwrap_or_else(|d| panic!("the kit did not build:\n{d}"));
    insta::assert_snapshot!("golden_kit", digests(&options.output_dir()));
}

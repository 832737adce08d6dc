//! Records what `portico --version` prints besides the version: the git commit and the build date.
//!
//! The date is `SOURCE_DATE_EPOCH` when set (the reproducible-builds convention; the release workflow sets
//! it to the commit's time), else the commit's own date, so two builds of one commit print the same and
//! the binaries can be identical. Outside a git checkout (a crate from crates.io) both are `unknown`.

use std::process::Command;

#[path = "src/config/types/civil.rs"]
mod civil;

fn main() {
    println!("cargo:rerun-if-env-changed=SOURCE_DATE_EPOCH");
    for path in [".git/HEAD", ".git/refs/heads", ".git/packed-refs"] {
        if std::path::Path::new(path).exists() {
            println!("cargo:rerun-if-changed={path}");
        }
    }
    let commit = git(&["rev-parse", "--short=12", "HEAD"]).unwrap_or_else(|| "unknown".to_owned());
    let date = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .map(date_of)
        .or_else(|| git(&["log", "-1", "--format=%cs", "HEAD"]))
        .unwrap_or_else(|| "unknown".to_owned());
    println!("cargo:rustc-env=PORTICO_BUILD_COMMIT={commit}");
    println!("cargo:rustc-env=PORTICO_BUILD_DATE={date}");
}

/// What git prints for `args`, trimmed; `None` when git is missing or fails.
fn git(args: &[&str]) -> Option<String> {
    let output = Command::new("git").args(args).output().ok()?;
    let text = String::from_utf8(output.stdout).ok()?;
    (output.status.success() && !text.trim().is_empty()).then(|| text.trim().to_owned())
}

/// `YYYY-MM-DD` of a Unix time, by the library's own calendar arithmetic.
fn date_of(seconds: i64) -> String {
    let (year, month, day) = civil::civil_from_days(seconds.div_euclid(86_400));
    format!("{year:04}-{month:02}-{day:02}")
}

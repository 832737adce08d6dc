//! `portico init`: a new site that builds at once.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use portico::config::Date;
use portico::init::{InitOptions, init};

use super::source_date;

#[derive(Debug, Args)]
pub(super) struct InitArgs {
    /// The new site's folder (new or empty).
    dir: PathBuf,
    /// The practice's name.
    #[arg(long, default_value = "New Family Clinic")]
    name: String,
    /// The records vendor, from `portico vendors`; adds a `portal:` table.
    #[arg(long)]
    vendor: Option<String>,
    /// The theme: a built-in one (clinic, harbor) or one in the site's themes/ folder.
    #[arg(long, default_value = "clinic")]
    theme: String,
}

pub(super) fn run(args: &InitArgs) -> ExitCode {
    let options = InitOptions {
        dir: args.dir.clone(),
        name: args.name.clone(),
        vendor: args.vendor.clone(),
        theme: args.theme.clone(),
        today: source_date().unwrap_or_else(Date::today),
    };
    let mut stderr = std::io::stderr().lock();
    match init(&options) {
        Ok(files) => {
            let _ = writeln!(
                stderr,
                "Wrote {} files into {}. Next: edit portico.yaml, then run `portico build --root {}`",
                files.len(),
                args.dir.display(),
                args.dir.display()
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            let _ = writeln!(stderr, "error: {error:#}");
            ExitCode::from(1)
        }
    }
}

//! `portico kit`: the portal page and the explainer for a practice that keeps its current website.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use portico::config::ConfigOverrides;
use portico::error::counted;
use portico::{KitOptions, kit};

use super::{Leaves, print_warnings, report_failure};

#[derive(Debug, Args)]
pub(super) struct KitArgs {
    /// The site folder, holding portico.yaml.
    #[arg(long, default_value = ".", value_name = "DIR")]
    root: PathBuf,
    /// Where to write the kit [default: ROOT/portal-kit].
    #[arg(long, value_name = "DIR")]
    output: Option<PathBuf>,
}

pub(super) fn run(args: &KitArgs) -> ExitCode {
    let options = KitOptions {
        root: args.root.clone(),
        output: args.output.clone(),
        overrides: ConfigOverrides {
            today: super::source_date(),
            ..ConfigOverrides::default()
        },
    };
    let mut stderr = std::io::stderr().lock();
    match kit(&options) {
        Ok(report) => {
            print_warnings(&mut stderr, &report.warnings);
            let _ = writeln!(
                stderr,
                "Wrote the portal kit ({}, {}) into {}: see README.txt there",
                counted(report.pages, "page"),
                counted(report.files, "file"),
                options.output_dir().display()
            );
            ExitCode::SUCCESS
        }
        Err(diagnostics) => {
            report_failure(&mut stderr, &diagnostics, "The kit", Leaves::PreviousOutput)
        }
    }
}

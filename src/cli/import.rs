//! `portico import wordpress|hugo|zola ... --root SITE`: move an old site in.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Subcommand};
use portico::config::Date;
use portico::error::Diagnostics;
use portico::import::hugo::{self, Generator};
use portico::import::{self, REPORT_FILE, wordpress};

use super::source_date;

#[derive(Debug, Args)]
pub(super) struct ImportArgs {
    #[command(subcommand)]
    from: From,
}

#[derive(Debug, Subcommand)]
enum From {
    /// A WordPress export (Tools > Export > All content), with a copy of wp-content/uploads.
    Wordpress(WordpressArgs),
    /// A Hugo site's folder: its content/ and static/.
    Hugo(FolderArgs),
    /// A Zola site's folder: its content/ and static/.
    Zola(FolderArgs),
}

#[derive(Debug, Args)]
struct FolderArgs {
    /// The old site's folder (holding its config file and content/).
    dir: PathBuf,
    /// The Portico site to import into (made by `portico init`).
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// Replace files the site already has (the sample pages of `portico init`, say).
    #[arg(long)]
    overwrite: bool,
}

#[derive(Debug, Args)]
struct WordpressArgs {
    /// The .xml file WordPress's Tools > Export wrote.
    export: PathBuf,
    /// The Portico site to import into (made by `portico init`).
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// A copy of the old site's wp-content/uploads folder, for its pictures and files.
    #[arg(long)]
    uploads: Option<PathBuf>,
    /// Replace files the site already has (the sample pages of `portico init`, say).
    #[arg(long)]
    overwrite: bool,
}

pub(super) fn run(args: &ImportArgs) -> ExitCode {
    let (planned, root, overwrite) = match &args.from {
        From::Wordpress(args) => {
            let options = wordpress::Options {
                export: args.export.clone(),
                uploads: args.uploads.clone(),
                root: args.root.clone(),
            };
            (
                wordpress::plan(&options).map_err(Diagnostics::from),
                &args.root,
                args.overwrite,
            )
        }
        From::Hugo(folder) | From::Zola(folder) => {
            let generator = if matches!(&args.from, From::Hugo(_)) {
                Generator::Hugo
            } else {
                Generator::Zola
            };
            let args = folder;
            let options = hugo::Options {
                generator,
                source: args.dir.clone(),
                today: source_date().unwrap_or_else(Date::today),
            };
            (hugo::plan(&options), &args.root, args.overwrite)
        }
    };
    let mut stderr = std::io::stderr().lock();
    let applied = planned.and_then(|plan| {
        import::apply(root, &plan, overwrite)
            .map(|_| plan.report.summary())
            .map_err(Diagnostics::from)
    });
    match applied {
        Ok(summary) => {
            let _ = writeln!(
                stderr,
                "{summary}\nWhat needs a person is in {}. Next: `portico build --root {}`",
                root.join(REPORT_FILE).display(),
                root.display()
            );
            ExitCode::SUCCESS
        }
        // `apply` writes nothing, or puts back what it wrote, when it fails.
        Err(diagnostics) => super::report_failure(
            &mut stderr,
            &diagnostics,
            "The import",
            super::Leaves::Nothing,
        ),
    }
}

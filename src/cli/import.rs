//! `portico import wordpress EXPORT.xml --root SITE [--uploads DIR]`: move an old site in.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Subcommand};
use portico::import::{self, REPORT_FILE, wordpress};

#[derive(Debug, Args)]
pub(super) struct ImportArgs {
    #[command(subcommand)]
    from: From,
}

#[derive(Debug, Subcommand)]
enum From {
    /// A WordPress export (Tools > Export > All content), with a copy of wp-content/uploads.
    Wordpress(WordpressArgs),
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
    let From::Wordpress(args) = &args.from;
    let options = wordpress::Options {
        export: args.export.clone(),
        uploads: args.uploads.clone(),
        root: args.root.clone(),
    };
    let mut stderr = std::io::stderr().lock();
    let applied = wordpress::plan(&options).and_then(|plan| {
        import::apply(&args.root, &plan, args.overwrite).map(|_| plan.report.summary())
    });
    match applied {
        Ok(summary) => {
            let _ = writeln!(
                stderr,
                "{summary}\nWhat needs a person is in {}. Next: `portico build --root {}`",
                args.root.join(REPORT_FILE).display(),
                args.root.display()
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            let _ = writeln!(stderr, "error: {error:#}");
            ExitCode::from(1)
        }
    }
}

//! `portico strings LANG [--root DIR]`: the words the site's theme prints in one language, as a string
//! file for the site's `strings/` folder (`portico strings vi > strings/vi.yaml`), so a practice can
//! change them, and a language Portico has no table for can be started from the English one.

use std::io::Write;
use std::process::ExitCode;

use clap::Args;
use portico::config::Lang;

use super::{Leaves, report_failure};

#[derive(Debug, Args)]
pub(super) struct StringsArgs {
    /// A language code: a built-in one (en, es, zh-Hans, vi, ar, ...), or one to start, like so or pt-BR.
    lang: String,
    /// The site folder, holding portico.yaml (without one, Portico's own table).
    #[arg(long, default_value = ".", value_name = "DIR")]
    root: std::path::PathBuf,
}

pub(super) fn run(args: &StringsArgs) -> ExitCode {
    let lang = match Lang::parse(&args.lang) {
        Ok(lang) => lang,
        Err(invalid) => {
            eprintln!("error: {}\n  help: {}", invalid.message, invalid.help);
            return ExitCode::from(2);
        }
    };
    match portico::strings(&args.root, &lang) {
        Ok(table) => {
            let _ = std::io::stdout().lock().write_all(table.as_bytes());
            ExitCode::SUCCESS
        }
        Err(diagnostics) => report_failure(
            &mut std::io::stderr().lock(),
            &diagnostics,
            "Reading the site",
            Leaves::Nothing,
        ),
    }
}

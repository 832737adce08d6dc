//! `portico vendors [NAME]`: the records vendors Portico knows, or what one needs in `portico.yaml`.

use std::io::Write;
use std::process::ExitCode;

use clap::Args;
use portico::config::Date;
use portico::plugins::portal::{Registry, describe};

use super::source_date;

#[derive(Debug, Args)]
pub(super) struct VendorsArgs {
    /// A vendor id, like athenahealth or epic-mychart.
    name: Option<String>,
}

pub(super) fn run(args: &VendorsArgs) -> ExitCode {
    let registry = match Registry::built_in() {
        Ok(registry) => registry,
        Err(error) => {
            eprintln!("error: {error:#}");
            return ExitCode::from(1);
        }
    };
    let mut stdout = std::io::stdout().lock();
    let Some(name) = &args.name else {
        let _ = write!(stdout, "{}", describe::list(&registry));
        return ExitCode::SUCCESS;
    };
    if let Some(vendor) = registry.get(name) {
        let today = source_date().unwrap_or_else(Date::today);
        let _ = write!(stdout, "{}", describe::vendor(vendor, today));
        return ExitCode::SUCCESS;
    }
    let hint = registry
        .suggest(name)
        .map_or_else(String::new, |near| format!(" (did you mean `{near}`?)"));
    eprintln!("error: no vendor named `{name}`{hint}; run `portico vendors` for the list");
    ExitCode::from(2)
}

//! `portico check`: the report on stdout, status 1 when any error remains.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use portico::check;
use portico::fleet::{self, Shard};

use super::{Leaves, SiteArgs, report_failure, status};

#[derive(Debug, Args)]
pub(super) struct CheckArgs {
    #[command(flatten)]
    site: SiteArgs,
    /// The report's format: text for people, json for scripts, sarif for GitHub code scanning.
    #[arg(long, value_enum, default_value_t = FormatArg::Text)]
    format: FormatArg,
    /// List every rule with its id and default level, and exit.
    #[arg(long)]
    rules: bool,
    /// Check many sites into one report: each DIR is a site, or a folder of sites (as `build --sites`).
    #[arg(long, num_args = 1.., value_name = "DIR", conflicts_with = "root")]
    sites: Vec<PathBuf>,
    /// With --sites: check only share K of N (like 2/4), for a CI job matrix.
    #[arg(long, value_name = "K/N", requires = "sites")]
    shard: Option<Shard>,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum FormatArg {
    Text,
    Json,
    Sarif,
}

impl From<FormatArg> for check::Format {
    fn from(format: FormatArg) -> Self {
        match format {
            FormatArg::Text => check::Format::Text,
            FormatArg::Json => check::Format::Json,
            FormatArg::Sarif => check::Format::Sarif,
        }
    }
}

pub(super) fn run(args: &CheckArgs) -> ExitCode {
    let mut stdout = std::io::stdout().lock();
    if args.rules {
        for rule in check::RULES {
            let _ = writeln!(
                stdout,
                "{:<34} {:<5} {}",
                rule.id,
                rule.level.label(),
                rule.summary
            );
        }
        return ExitCode::SUCCESS;
    }
    let format = check::Format::from(args.format);
    let failed = |diagnostics| {
        report_failure(
            &mut std::io::stderr().lock(),
            diagnostics,
            "Check",
            Leaves::Nothing,
        )
    };
    let report = if args.sites.is_empty() {
        match check::check(&args.site.options()) {
            Ok(report) => report,
            // People get the build's own messages, with the line of the file and the fix.
            Err(diagnostics) if format == check::Format::Text => return failed(&diagnostics),
            Err(diagnostics) => check::Report::failed(&diagnostics),
        }
    } else {
        match fleet::discover(&args.sites) {
            Ok(sites) => check::check_sites(
                &fleet::select(sites, args.shard),
                args.site.load(),
                &args.site.overrides(None),
            ),
            Err(diagnostics) => return failed(&diagnostics),
        }
    };
    let _ = write!(stdout, "{}", report.render(format));
    status(report.passed())
}

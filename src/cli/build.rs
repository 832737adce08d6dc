//! `portico build`: one site, or many at once (`--sites`, an agency's fleet).

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use portico::error::counted;
use portico::fleet::{self, Shard};
use portico::{BuildOptions, build};

use super::{Leaves, SiteArgs, print_warnings, report_failure, status};

#[derive(Debug, Args)]
pub(super) struct BuildArgs {
    #[command(flatten)]
    site: SiteArgs,
    /// Where to write the site [default: ROOT/public].
    #[arg(long, value_name = "DIR")]
    output: Option<PathBuf>,
    /// Build for this address instead of `base_url` from portico.yaml.
    #[arg(long, value_name = "URL")]
    base_url: Option<String>,
    /// Print errors only.
    #[arg(long)]
    quiet: bool,
    /// Build many sites at once: each DIR is a site, or a folder of sites. Each goes to its own public/.
    #[arg(long, num_args = 1.., value_name = "DIR", conflicts_with_all = ["root", "output", "base_url"])]
    sites: Vec<PathBuf>,
    /// Print how long each step of the build and each template took.
    #[arg(long, conflicts_with = "sites")]
    timings: bool,
    /// With --sites: build only share K of N (like 2/4), for a CI job matrix.
    #[arg(long, value_name = "K/N", requires = "sites")]
    shard: Option<Shard>,
}

impl BuildArgs {
    fn options(&self) -> BuildOptions {
        BuildOptions {
            output: self.output.clone(),
            overrides: self.site.overrides(self.base_url.clone()),
            ..self.site.options()
        }
    }
}

pub(super) fn run(args: &BuildArgs) -> ExitCode {
    if !args.sites.is_empty() {
        return run_fleet(args);
    }
    let mut stderr = std::io::stderr().lock();
    let options = args.options();
    match build(&options) {
        Ok(report) => {
            if !args.quiet {
                print_warnings(&mut stderr, &report.warnings);
                let _ = writeln!(
                    stderr,
                    "Built {} ({}) into {} in {} ms",
                    counted(report.pages, "page"),
                    counted(report.files, "file"),
                    options.output_dir().display(),
                    report.elapsed.as_millis()
                );
            }
            if args.timings {
                let _ = write!(stderr, "{}", timings_table(&report));
            }
            ExitCode::SUCCESS
        }
        Err(diagnostics) => {
            report_failure(&mut stderr, &diagnostics, "Build", Leaves::PreviousOutput)
        }
    }
}

/// `portico build --sites ...`: every site in parallel, a progress bar on a terminal and a line per site
/// elsewhere (CI logs), the errors of failed sites at the end, and status 1 if any failed.
fn run_fleet(args: &BuildArgs) -> ExitCode {
    let started = std::time::Instant::now();
    let sites = match fleet::discover(&args.sites) {
        Ok(sites) => fleet::select(sites, args.shard),
        Err(diagnostics) => {
            return report_failure(
                &mut std::io::stderr().lock(),
                &diagnostics,
                "Build",
                Leaves::PreviousOutput,
            );
        }
    };
    let terminal = std::io::stderr().is_terminal() && !args.quiet;
    let progress = indicatif::ProgressBar::new(sites.len() as u64);
    if !terminal {
        progress.set_draw_target(indicatif::ProgressDrawTarget::hidden());
    }
    let line = |outcome: &fleet::Outcome| match &outcome.result {
        Ok(report) => format!(
            "ok    {}: {} in {} ms, {}",
            outcome.name(),
            counted(report.pages, "page"),
            report.elapsed.as_millis(),
            counted(report.warnings.warnings().len(), "warning")
        ),
        Err(diagnostics) => format!(
            "FAIL  {}: {}",
            outcome.name(),
            counted(diagnostics.errors().len(), "error")
        ),
    };
    let on_done = |outcome: &fleet::Outcome| {
        if terminal {
            progress.set_message(outcome.name());
            progress.inc(1);
        } else if !args.quiet || outcome.result.is_err() {
            eprintln!("{}", line(outcome));
        }
    };
    let outcomes = fleet::build_all(
        &sites,
        args.site.load(),
        &args.site.overrides(None),
        &on_done,
    );
    progress.finish_and_clear();
    let mut stderr = std::io::stderr().lock();
    let failed = outcomes.iter().filter(|o| o.result.is_err()).count();
    if terminal {
        for outcome in &outcomes {
            let _ = writeln!(stderr, "{}", line(outcome));
        }
    }
    for outcome in &outcomes {
        match &outcome.result {
            Ok(report) if !args.quiet && !report.warnings.warnings().is_empty() => {
                let _ = writeln!(stderr, "\n{}:", outcome.root.display());
                print_warnings(&mut stderr, &report.warnings);
            }
            Err(diagnostics) => {
                let _ = writeln!(stderr, "\n{}:\n{diagnostics}", outcome.root.display());
            }
            Ok(_) => {}
        }
    }
    if !args.quiet || failed > 0 {
        let built = if failed == 0 {
            counted(outcomes.len(), "site")
        } else {
            format!(
                "{} of {}",
                outcomes.len() - failed,
                counted(outcomes.len(), "site")
            )
        };
        let _ = writeln!(
            stderr,
            "Built {built} in {} ms",
            started.elapsed().as_millis()
        );
    }
    status(failed == 0)
}

/// The `--timings` report: the build's steps, then the templates, the slowest first, with the columns of
/// Hugo's `--templateMetrics`.
fn timings_table(report: &portico::BuildReport) -> String {
    use std::fmt::Write as _;
    let ms = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
    let mut out = String::from("\nBuild steps (wall time):\n");
    for (step, took) in &report.timings.steps {
        let _ = writeln!(out, "  {:>10.1} ms  {step}", ms(*took));
    }
    let _ = writeln!(
        out,
        "  {:>10.1} ms  total ({} files written, {} unchanged, {} removed)",
        ms(report.elapsed),
        report.written.written,
        report.written.unchanged,
        report.written.removed
    );
    let _ = writeln!(
        out,
        "\nTemplates (summed over {} threads; a template's time includes what it extends and includes):",
        rayon::current_num_threads()
    );
    let _ = writeln!(
        out,
        "  {:>13}  {:>11}  {:>11}  {:>7}  template",
        "cumulative", "average", "maximum", "count"
    );
    for (name, timing) in report.timings.templates.slowest_first() {
        let _ = writeln!(
            out,
            "  {:>10.1} ms  {:>8.3} ms  {:>8.3} ms  {:>7}  {name}",
            ms(timing.total),
            ms(timing.average()),
            ms(timing.max),
            timing.count
        );
    }
    out
}

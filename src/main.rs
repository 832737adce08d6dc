//! The `portico` command line: parses arguments into library options and prints what the library returns.
//!
//! Exit codes: 0 success, 1 the site has errors, 2 usage error. `main` is the only exit point.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use portico::config::{ConfigOverrides, Date};
use portico::content::LoadOptions;
use portico::error::{Diagnostics, counted};
use portico::fleet::{self, Shard};
use portico::init::{InitOptions, init};
use portico::plugins::portal::{Registry, describe};
use portico::serve::{ServeOptions, serve};
use portico::{BuildOptions, KitOptions, build, check, kit};

/// Portico: websites for medical practices, with a safe patient-portal entry.
#[derive(Debug, Parser)]
#[command(name = "portico", version, about, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Build the site into its output folder (replaced only when the build succeeds).
    Build(BuildArgs),
    /// List the patient-portal vendors, or show what one needs in portico.yaml.
    Vendors(VendorsArgs),
    /// Write the portal page and EMR/EHR explainer as a drop-in kit for an existing website.
    Kit(KitArgs),
    /// Start a new site that builds at once.
    Init(InitArgs),
    /// Preview the site: serve it from memory, rebuild on every save, reload the browser.
    Serve(ServeArgs),
    /// Check the built site: links, accessibility, portal safety and the notices a practice must post.
    Check(CheckArgs),
}

#[derive(Debug, Args)]
struct CheckArgs {
    /// The site folder, holding portico.yaml.
    #[arg(long, default_value = ".", value_name = "DIR")]
    root: PathBuf,
    /// The report's format: text for people, json for scripts, sarif for GitHub code scanning.
    #[arg(long, value_enum, default_value_t = FormatArg::Text)]
    format: FormatArg,
    /// Check pages marked `draft: true` too.
    #[arg(long)]
    drafts: bool,
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

#[derive(Debug, Args)]
struct ServeArgs {
    /// The site folder, holding portico.yaml.
    #[arg(long, default_value = ".", value_name = "DIR")]
    root: PathBuf,
    /// The address to listen on. Only this computer can reach 127.0.0.1.
    #[arg(long, default_value = "127.0.0.1")]
    bind: std::net::IpAddr,
    /// The port; 0 picks a free one.
    #[arg(long, default_value_t = 1111)]
    port: u16,
    /// Include pages marked `draft: true`.
    #[arg(long)]
    drafts: bool,
    /// Open the site in the default browser.
    #[arg(long)]
    open: bool,
}

#[derive(Debug, Args)]
struct InitArgs {
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

#[derive(Debug, Args)]
struct KitArgs {
    /// The site folder, holding portico.yaml.
    #[arg(long, default_value = ".", value_name = "DIR")]
    root: PathBuf,
    /// Where to write the kit [default: ROOT/portal-kit].
    #[arg(long, value_name = "DIR")]
    output: Option<PathBuf>,
}

#[derive(Debug, Args)]
struct VendorsArgs {
    /// A vendor id, like athenahealth or epic-mychart.
    name: Option<String>,
}

#[derive(Debug, Args)]
struct BuildArgs {
    /// The site folder, holding portico.yaml.
    #[arg(long, default_value = ".", value_name = "DIR")]
    root: PathBuf,
    /// Where to write the site [default: ROOT/public].
    #[arg(long, value_name = "DIR")]
    output: Option<PathBuf>,
    /// Build for this address instead of `base_url` from portico.yaml.
    #[arg(long, value_name = "URL")]
    base_url: Option<String>,
    /// Include pages marked `draft: true`.
    #[arg(long)]
    drafts: bool,
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
            root: self.root.clone(),
            output: self.output.clone(),
            overrides: ConfigOverrides {
                base_url: self.base_url.clone(),
                today: source_date(),
            },
            load: LoadOptions {
                drafts: self.drafts,
            },
            plugins: portico::plugins::ExtraPlugins::default(),
        }
    }
}

/// The build date from `SOURCE_DATE_EPOCH` (the reproducible-builds convention), if set.
fn source_date() -> Option<Date> {
    let seconds = std::env::var("SOURCE_DATE_EPOCH")
        .ok()?
        .trim()
        .parse()
        .ok()?;
    Some(Date::from_unix_seconds(seconds))
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            return ExitCode::from(u8::try_from(error.exit_code()).unwrap_or(2));
        }
    };
    match cli.command {
        Command::Build(args) => run_build(&args),
        Command::Vendors(args) => run_vendors(&args),
        Command::Kit(args) => run_kit(&args),
        Command::Init(args) => run_init(&args),
        Command::Serve(args) => run_serve(&args),
        Command::Check(args) => run_check(&args),
    }
}

/// `portico check`: the report on stdout, status 1 when any error remains.
fn run_check(args: &CheckArgs) -> ExitCode {
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
    let format = match args.format {
        FormatArg::Text => check::Format::Text,
        FormatArg::Json => check::Format::Json,
        FormatArg::Sarif => check::Format::Sarif,
    };
    let overrides = ConfigOverrides {
        base_url: None,
        today: source_date(),
    };
    let load = LoadOptions {
        drafts: args.drafts,
    };
    if !args.sites.is_empty() {
        let sites = match fleet::discover(&args.sites) {
            Ok(sites) => fleet::select(sites, args.shard),
            Err(diagnostics) => {
                return report_failure(&mut std::io::stderr().lock(), &diagnostics, "Check");
            }
        };
        let report = check::check_sites(&sites, load, &overrides);
        let _ = write!(stdout, "{}", report.render(format));
        return if report.passed() {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(1)
        };
    }
    let options = BuildOptions {
        root: args.root.clone(),
        output: None,
        overrides,
        load,
        plugins: portico::plugins::ExtraPlugins::default(),
    };
    let report = match check::check(&options) {
        Ok(report) => report,
        // People get the build's own messages, with the line of the file and the fix.
        Err(diagnostics) if format == check::Format::Text => {
            return report_failure(&mut std::io::stderr().lock(), &diagnostics, "Check");
        }
        Err(diagnostics) => check::Report::failed(&diagnostics),
    };
    let _ = write!(stdout, "{}", report.render(format));
    if report.passed() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

fn run_serve(args: &ServeArgs) -> ExitCode {
    let options = ServeOptions {
        root: args.root.clone(),
        bind: args.bind,
        port: args.port,
        load: LoadOptions {
            drafts: args.drafts,
        },
        open: args.open,
    };
    let log = |line: &str| eprintln!("{line}");
    match serve(&options, &log) {
        Ok(()) => ExitCode::SUCCESS,
        Err(diagnostics) => report_failure(&mut std::io::stderr().lock(), &diagnostics, "Serve"),
    }
}

fn run_init(args: &InitArgs) -> ExitCode {
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

fn run_kit(args: &KitArgs) -> ExitCode {
    let options = KitOptions {
        root: args.root.clone(),
        output: args.output.clone(),
        overrides: ConfigOverrides {
            base_url: None,
            today: source_date(),
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
        Err(diagnostics) => report_failure(&mut stderr, &diagnostics, "The kit"),
    }
}

/// `portico build --sites ...`: every site in parallel, a progress bar on a terminal and a line per site
/// elsewhere (CI logs), the errors of failed sites at the end, and status 1 if any failed.
fn run_fleet(args: &BuildArgs) -> ExitCode {
    let started = std::time::Instant::now();
    let sites = match fleet::discover(&args.sites) {
        Ok(sites) => fleet::select(sites, args.shard),
        Err(diagnostics) => {
            return report_failure(&mut std::io::stderr().lock(), &diagnostics, "Build");
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
    let overrides = ConfigOverrides {
        base_url: None,
        today: source_date(),
    };
    let outcomes = fleet::build_all(
        &sites,
        LoadOptions {
            drafts: args.drafts,
        },
        &overrides,
        &on_done,
    );
    progress.finish_and_clear();
    let mut stderr = std::io::stderr().lock();
    let failed: Vec<&fleet::Outcome> = outcomes.iter().filter(|o| o.result.is_err()).collect();
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
    if !args.quiet || !failed.is_empty() {
        let built = if failed.is_empty() {
            counted(outcomes.len(), "site")
        } else {
            format!(
                "{} of {}",
                outcomes.len() - failed.len(),
                counted(outcomes.len(), "site")
            )
        };
        let _ = writeln!(
            stderr,
            "Built {built} in {} ms",
            started.elapsed().as_millis()
        );
    }
    if failed.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// Prints every warning and error of a failed run; exit status 1.
fn report_failure(out: &mut impl Write, diagnostics: &Diagnostics, what: &str) -> ExitCode {
    print_warnings(out, diagnostics);
    let _ = writeln!(out, "{diagnostics}");
    let count = counted(diagnostics.errors().len(), "error");
    // `check` and `serve` write nothing to disk; the others replace their output only when they succeed.
    let kept = if what == "Check" || what == "Serve" {
        "nothing was written"
    } else {
        "the previous output was left as it was"
    };
    let _ = writeln!(out, "\n{what} failed with {count}; {kept}.");
    ExitCode::from(1)
}

fn run_vendors(args: &VendorsArgs) -> ExitCode {
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

fn run_build(args: &BuildArgs) -> ExitCode {
    if !args.sites.is_empty() {
        return run_fleet(args);
    }
    let mut stderr = std::io::stderr().lock();
    match build(&args.options()) {
        Ok(report) => {
            if !args.quiet {
                print_warnings(&mut stderr, &report.warnings);
                let _ = writeln!(
                    stderr,
                    "Built {} ({}) into {} in {} ms",
                    counted(report.pages, "page"),
                    counted(report.files, "file"),
                    args.options().output_dir().display(),
                    report.elapsed.as_millis()
                );
            }
            if args.timings {
                let _ = write!(stderr, "{}", timings_table(&report));
            }
            ExitCode::SUCCESS
        }
        Err(diagnostics) => report_failure(&mut stderr, &diagnostics, "Build"),
    }
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

fn print_warnings(out: &mut impl Write, diagnostics: &Diagnostics) {
    for warning in diagnostics.warnings() {
        let _ = writeln!(out, "warning: {warning:#}");
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_well_formed() {
        super::Cli::command().debug_assert();
    }
}

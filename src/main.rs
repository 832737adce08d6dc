//! The `portico` command line: parses arguments into library options and prints what the library returns.
//!
//! Exit codes: 0 success, 1 the site has errors, 2 usage error. `main` is the only exit point.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use portico::config::{ConfigOverrides, Date};
use portico::content::LoadOptions;
use portico::error::Diagnostics;
use portico::plugins::portal::{Registry, describe};
use portico::{BuildOptions, KitOptions, build, kit};

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
                "Wrote the portal kit ({} pages, {} files) into {}: see README.txt there",
                report.pages,
                report.files,
                options.output_dir().display()
            );
            ExitCode::SUCCESS
        }
        Err(diagnostics) => report_failure(&mut stderr, &diagnostics, "The kit"),
    }
}

/// Prints every warning and error of a failed run; exit status 1.
fn report_failure(out: &mut impl Write, diagnostics: &Diagnostics, what: &str) -> ExitCode {
    print_warnings(out, diagnostics);
    let _ = writeln!(out, "{diagnostics}");
    let count = diagnostics.errors().len();
    let plural = if count == 1 { "" } else { "s" };
    let _ = writeln!(
        out,
        "\n{what} failed with {count} error{plural}; the previous output was left as it was."
    );
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
    let mut stderr = std::io::stderr().lock();
    match build(&args.options()) {
        Ok(report) => {
            if !args.quiet {
                print_warnings(&mut stderr, &report.warnings);
                let _ = writeln!(
                    stderr,
                    "Built {} pages ({} files) into {} in {} ms",
                    report.pages,
                    report.files,
                    args.options().output_dir().display(),
                    report.elapsed.as_millis()
                );
            }
            ExitCode::SUCCESS
        }
        Err(diagnostics) => report_failure(&mut stderr, &diagnostics, "Build"),
    }
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

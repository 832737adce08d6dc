//! The `portico` command line: one module per command, each turning its arguments into the library's
//! options (as ripgrep turns low-level flags into high-level settings) and printing what comes back.
//!
//! Exit codes: 0 success, 1 the site has errors, 2 usage error.

mod build;
mod check;
mod import;
mod init;
mod kit;
mod serve;
mod strings;
mod vendors;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use portico::BuildOptions;
use portico::config::{ConfigOverrides, Date};
use portico::content::LoadOptions;
use portico::error::{Diagnostics, counted};

/// What `portico --version` prints after the name: the version, the git commit and the build date (see
/// `build.rs`).
const VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (commit ",
    env!("PORTICO_BUILD_COMMIT"),
    ", built ",
    env!("PORTICO_BUILD_DATE"),
    ")"
);

/// Portico: websites for medical practices, with a safe patient-portal entry.
#[derive(Debug, Parser)]
#[command(name = "portico", version = VERSION, about, propagate_version = true)]
pub(crate) struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Build the site into its output folder (replaced only when the build succeeds).
    Build(build::BuildArgs),
    /// List the patient-portal vendors, or show what one needs in portico.yaml.
    Vendors(vendors::VendorsArgs),
    /// Write the portal page and EMR/EHR explainer as a drop-in kit for an existing website.
    Kit(kit::KitArgs),
    /// Start a new site that builds at once.
    Init(init::InitArgs),
    /// Preview the site: serve it from memory, rebuild on every save, reload the browser.
    Serve(serve::ServeArgs),
    /// Check the built site: links, accessibility, portal safety and the notices a practice must post.
    Check(check::CheckArgs),
    /// Move an old site in: a WordPress export, or a Hugo or Zola site's folder.
    Import(import::ImportArgs),
    /// Print the words the theme uses in one language, to start a new language from.
    Strings(strings::StringsArgs),
}

impl Cli {
    /// Runs the command; the exit status of the process.
    pub(crate) fn run(self) -> ExitCode {
        match self.command {
            Command::Build(args) => build::run(&args),
            Command::Vendors(args) => vendors::run(&args),
            Command::Kit(args) => kit::run(&args),
            Command::Init(args) => init::run(&args),
            Command::Serve(args) => serve::run(&args),
            Command::Check(args) => check::run(&args),
            Command::Import(args) => import::run(&args),
            Command::Strings(args) => strings::run(&args),
        }
    }
}

/// The arguments every command that reads a site shares.
#[derive(Debug, Args)]
struct SiteArgs {
    /// The site folder, holding portico.yaml.
    #[arg(long, default_value = ".", value_name = "DIR")]
    root: PathBuf,
    /// Include pages marked `draft: true`.
    #[arg(long)]
    drafts: bool,
    /// Keep processed images here instead of ROOT/.portico-cache (safe to delete; shareable between
    /// sites and CI runs, as files are named by their content).
    #[arg(long, value_name = "DIR")]
    cache: Option<PathBuf>,
}

impl SiteArgs {
    fn load(&self) -> LoadOptions {
        LoadOptions {
            drafts: self.drafts,
        }
    }

    /// The site's build options, with the date from the environment and no other overrides.
    fn options(&self) -> BuildOptions {
        BuildOptions::for_site(&self.root, self.load(), &self.overrides(None))
    }

    /// What the command line changes of `portico.yaml`: the address (`build --base-url`), the image
    /// cache (`--cache`), and the day, from `SOURCE_DATE_EPOCH` (the reproducible-builds convention)
    /// when it is set.
    fn overrides(&self, base_url: Option<String>) -> ConfigOverrides {
        ConfigOverrides {
            base_url,
            today: source_date(),
            cache: self.cache.clone(),
        }
    }
}

/// The build date from `SOURCE_DATE_EPOCH`, if set.
fn source_date() -> Option<Date> {
    let seconds = std::env::var("SOURCE_DATE_EPOCH")
        .ok()?
        .trim()
        .parse()
        .ok()?;
    Some(Date::from_unix_seconds(seconds))
}

/// What a failed command leaves on disk, for the last line of its report.
#[derive(Debug, Clone, Copy)]
enum Leaves {
    /// `check` and `serve` write nothing.
    Nothing,
    /// `build` and `kit` replace their output only when they succeed.
    PreviousOutput,
}

/// Prints every warning and error of a failed run; exit status 1.
fn report_failure(
    out: &mut impl Write,
    diagnostics: &Diagnostics,
    what: &str,
    leaves: Leaves,
) -> ExitCode {
    print_warnings(out, diagnostics);
    let _ = writeln!(out, "{diagnostics}");
    let count = counted(diagnostics.errors().len(), "error");
    let kept = match leaves {
        Leaves::Nothing => "nothing was written",
        Leaves::PreviousOutput => "the previous output was left as it was",
    };
    let _ = writeln!(out, "\n{what} failed with {count}; {kept}.");
    ExitCode::from(1)
}

fn print_warnings(out: &mut impl Write, diagnostics: &Diagnostics) {
    for warning in diagnostics.warnings() {
        let _ = writeln!(out, "warning: {warning:#}");
    }
}

/// Status 0 when the run passed, else 1.
fn status(passed: bool) -> ExitCode {
    if passed {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
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

//! `portico serve`: the live preview, until the process is stopped.

use std::process::ExitCode;

use clap::Args;
use portico::serve::{ServeOptions, serve};

use super::{Leaves, SiteArgs, report_failure};

#[derive(Debug, Args)]
pub(super) struct ServeArgs {
    #[command(flatten)]
    site: SiteArgs,
    /// The address to listen on. Only this computer can reach 127.0.0.1.
    #[arg(long, default_value = "127.0.0.1")]
    bind: std::net::IpAddr,
    /// The port; 0 picks a free one.
    #[arg(long, default_value_t = 1111)]
    port: u16,
    /// Open the site in the default browser.
    #[arg(long)]
    open: bool,
}

pub(super) fn run(args: &ServeArgs) -> ExitCode {
    let options = ServeOptions {
        root: args.site.root.clone(),
        bind: args.bind,
        port: args.port,
        load: args.site.load(),
        open: args.open,
        plugins: portico::plugins::ExtraPlugins::default(),
        cache: args.site.cache.clone(),
    };
    let log = |line: &str| eprintln!("{line}");
    match serve(&options, &log) {
        Ok(()) => ExitCode::SUCCESS,
        Err(diagnostics) => report_failure(
            &mut std::io::stderr().lock(),
            &diagnostics,
            "Serve",
            Leaves::Nothing,
        ),
    }
}

//! Portico builds a medical practice's website from markdown and one `portico.yaml`.
//!
//! The build is a pipeline of plain values, with I/O only at the two ends:
//!
//! ```text
//! portico.yaml ─load─> Config ─discover+parse─> Site ─plugins─> Site ─render─> Output ─write─> public/
//! ```
//!
//! Each arrow is a function from one value to the next ([`config::Config::load`], [`content::Site::load`],
//! [`plugins::ConfiguredPlugins::transform`], [`render::render`], [`output::Output::write`]); [`build()`]
//! runs them all (the orchestration is in `build.rs`).
//! Every stage reports all of its problems at once as [`error::Diagnostics`], each error naming the file,
//! line and column in the user's own file, and the output folder is only replaced once everything
//! succeeded.
//!
//! One bend in the line, for memory and speed: a build does not collect its rendered pages into an
//! [`output::Output`]. The files besides the pages are emitted first, and [`render::render`] hands each
//! page, as soon as it is rendered, through the plugins' page filters into the hidden staging tree
//! ([`output::Staging`]), which is swapped in at the end. [`render_site`] collects the same pages in
//! memory instead, for `portico check` and the live preview.
//!
//! ```no_run
//! use portico::{BuildOptions, build};
//!
//! let options = BuildOptions { root: "content-example".into(), ..BuildOptions::default() };
//! match build(&options) {
//!     Ok(report) => println!("{} pages written", report.pages),
//!     Err(diagnostics) => eprintln!("{diagnostics}"),
//! }
//! ```

mod build;
pub mod check;
pub mod config;
pub mod content;
pub mod error;
pub mod fleet;
pub mod fs;
pub mod html;
pub mod i18n;
pub mod images;
pub mod import;
pub mod init;
pub mod output;
pub mod plugins;
pub mod render;
pub mod rules;
pub mod serve;
mod site_files;
pub mod theme;
pub mod views;

pub use build::{
    BuildOptions, BuildReport, KitOptions, Rendered, Timings, build, build_with, kit, render_site,
    strings,
};
pub use plugins::Mode;

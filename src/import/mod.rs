//! `portico import`: moving an old site into a Portico site made by `portico init`.
//!
//! An import is a pipeline of values, like a build: read the old site ([`wordpress::read`]), turn it into
//! a [`Plan`] (every file to write or copy, and a [`Report`] of what a person must look at), then
//! [`apply`] the plan. Nothing touches the site until the whole plan is made; applying writes every file
//! into a staging folder inside the site first and only then moves them into place (keeping what they
//! replace until the end), so a failed import leaves the site as it was. A file the site already has is never replaced unless asked
//! (`--overwrite`): the import stops and names each one.

pub mod hugo;
pub mod report;
pub mod wordpress;

use std::path::{Component, Path, PathBuf};

use crate::error::{Error, ErrorKind, Location};
pub use report::{Concern, Finding, Report};

/// What an import writes into the site.
#[derive(Debug, Default)]
pub struct Plan {
    /// Paths under the site folder, with `/` separators, and what goes there.
    pub files: Vec<(String, Contents)>,
    pub report: Report,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Contents {
    Text(String),
    /// A file copied as it is (a picture from the uploads folder).
    Copy(PathBuf),
}

/// A component's call as a page writes it: `{{ name(key="value", ...) }}`, quotes and backslashes escaped.
pub(crate) fn component_call(name: &str, args: &[(&str, &str)]) -> String {
    let args: Vec<String> = args
        .iter()
        .map(|(key, value)| {
            let value = value.replace('\\', "\\\\").replace('"', "\\\"");
            format!("{key}=\"{value}\"")
        })
        .collect();
    format!("{{{{ {name}({}) }}}}", args.join(", "))
}

/// The report's file in the site folder.
pub const REPORT_FILE: &str = "import-report.md";

/// Writes the plan into the site at `root`, with the report as [`REPORT_FILE`] (which an earlier import's
/// report may be replaced by). Stops before writing anything when `root` is not a Portico site, or when a
/// file exists and `overwrite` is false.
pub fn apply(root: &Path, plan: &Plan, overwrite: bool) -> Result<Vec<String>, Error> {
    if !root.join("portico.yaml").is_file() {
        return Err(Error::new(
            ErrorKind::Import,
            "the folder is not a Portico site: it has no portico.yaml",
        )
        .at(Location::file(root))
        .with_help(format!(
            "make the site first with `portico init {}`, then import into it",
            root.display()
        )));
    }
    let mut seen = std::collections::HashSet::new();
    for (rel, _) in &plan.files {
        if !seen.insert(rel.as_str()) {
            return Err(Error::new(
                ErrorKind::Import,
                format!("the import would write {rel} twice"),
            )
            .at(Location::file(root))
            .with_help("two items of the old site have the same name here: rename one of them in the old site and import again"));
        }
        if !is_inside(rel) {
            return Err(Error::new(
                ErrorKind::Import,
                format!("the import would write {rel}, outside the site folder"),
            )
            .at(Location::file(root)));
        }
        if let Some(link) = link_on_the_way(root, rel) {
            return Err(Error::new(
                ErrorKind::Import,
                format!("the import would write {rel} through a symbolic link"),
            )
            .at(Location::file(&link))
            .with_help("nothing was written. A link can lead outside the site folder, so the import never writes through one: replace the link with a real folder, or import into a site without it"));
        }
    }
    if !overwrite {
        let taken: Vec<&str> = plan
            .files
            .iter()
            .map(|(rel, _)| rel.as_str())
            .filter(|rel| root.join(rel).exists())
            .collect();
        if !taken.is_empty() {
            let shown = taken
                .iter()
                .take(10)
                .copied()
                .collect::<Vec<_>>()
                .join(", ");
            let more = if taken.len() > 10 {
                format!(" and {} more", taken.len() - 10)
            } else {
                String::new()
            };
            return Err(Error::new(
                ErrorKind::Import,
                format!("the site already has {shown}{more}"),
            )
            .at(Location::file(root))
            .with_help("nothing was written. Move those files away (the sample pages of `portico init` can go), or run the import again with --overwrite to replace them"));
        }
    }
    let staging = root.join(format!(".portico-import-{}", std::process::id()));
    let staged = stage(&staging, plan);
    if let Err(error) = staged {
        let _ = std::fs::remove_dir_all(&staging);
        return Err(error);
    }
    let report = (
        REPORT_FILE.to_owned(),
        Contents::Text(plan.report.markdown()),
    );
    let mut moved: Vec<(PathBuf, Option<PathBuf>)> = Vec::new();
    for (rel, _) in plan.files.iter().chain(std::iter::once(&report)) {
        let target = root.join(rel);
        // A file replaced (`--overwrite`, or an earlier report) is kept in the staging folder until
        // every file is in place, so a failure can put it back.
        let backup = staging.join(".replaced").join(rel);
        let replaced = target.is_file();
        let result = (|| {
            if let Some(parent) = target.parent() {
                std::fs::create_dir_all(parent)?;
            }
            if replaced {
                if let Some(parent) = backup.parent() {
                    std::fs::create_dir_all(parent)?;
                }
                std::fs::rename(&target, &backup)?;
            }
            std::fs::rename(staging.join(rel), &target)
        })();
        if let Err(e) = result {
            if replaced && !target.exists() {
                let _ = std::fs::rename(&backup, &target);
            }
            for (done, kept) in moved.iter().rev() {
                let _ = std::fs::remove_file(done);
                if let Some(kept) = kept {
                    let _ = std::fs::rename(kept, done);
                }
            }
            let _ = std::fs::remove_dir_all(&staging);
            return Err(Error::new(ErrorKind::Io, format!("could not write {rel}: {e}"))
                .at(Location::file(&target))
                .with_help("the files written before it were taken back out; fix the problem and import again"));
        }
        moved.push((target, replaced.then(|| backup.clone())));
    }
    let _ = std::fs::remove_dir_all(&staging);
    Ok(plan
        .files
        .iter()
        .map(|(rel, _)| rel.clone())
        .chain(std::iter::once(REPORT_FILE.to_owned()))
        .collect())
}

/// Writes every file of the plan, and the report, under `staging`.
fn stage(staging: &Path, plan: &Plan) -> Result<(), Error> {
    let report = (
        REPORT_FILE.to_owned(),
        Contents::Text(plan.report.markdown()),
    );
    for (rel, contents) in plan.files.iter().chain(std::iter::once(&report)) {
        let path = staging.join(rel);
        let io = |e: std::io::Error| {
            Error::new(ErrorKind::Io, format!("could not write {rel}: {e}"))
                .at(Location::file(&path))
        };
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(io)?;
        }
        match contents {
            Contents::Text(text) => std::fs::write(&path, text).map_err(io)?,
            Contents::Copy(from) => {
                std::fs::copy(from, &path).map_err(|e| {
                    Error::new(
                        ErrorKind::Io,
                        format!("could not copy {}: {e}", from.display()),
                    )
                    .at(Location::file(from))
                })?;
            }
        }
    }
    Ok(())
}

/// The first part of `root/rel` (below `root`) that exists and is a symbolic link.
fn link_on_the_way(root: &Path, rel: &str) -> Option<PathBuf> {
    let mut path = root.to_path_buf();
    for part in Path::new(rel).components() {
        path.push(part);
        // A part that does not exist yet has nothing below it either.
        let meta = std::fs::symlink_metadata(&path).ok()?;
        if meta.file_type().is_symlink() {
            return Some(path);
        }
    }
    None
}

/// Whether a relative path stays inside the folder it is joined to.
fn is_inside(rel: &str) -> bool {
    !rel.is_empty()
        && Path::new(rel)
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
}

//! The files of a site or theme folder on disk: walked in name order, hidden files skipped, and symbolic
//! links followed only when they stay inside the site (so a link cannot publish a file from elsewhere on
//! the machine). Shared by content discovery and the themes, below both.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::config::UrlPath;
use crate::error::{Diagnostics, Error, ErrorKind, Location};

/// A file under `static/` (or a theme's `static/`), and the site path it is served at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaticFile {
    pub path: PathBuf,
    pub url: UrlPath,
}

/// Lists every file under `dir`, each with the site path it is copied to.
pub(crate) fn static_files(root: &Path, dir: &Path) -> Result<Vec<StaticFile>, Diagnostics> {
    let mut diagnostics = Diagnostics::new();
    let mut files = Vec::new();
    if !dir.is_dir() {
        return Ok(files);
    }
    for file in walk(root, dir, &mut diagnostics) {
        let url = relative(dir, &file)
            .ok_or_else(|| "the file name is not valid UTF-8".to_owned())
            .and_then(|rel| UrlPath::parse(&rel).map_err(|invalid| invalid.message));
        match url {
            Ok(url) => files.push(StaticFile { path: file, url }),
            Err(message) => diagnostics.error(
                Error::new(ErrorKind::Content, message)
                    .at(Location::file(&file))
                    .with_help("rename the file using letters, digits, dots and dashes"),
            ),
        }
    }
    diagnostics.check().map(|_| files)
}

/// Files under `dir`, sorted by name. Symbolic links are followed only when they stay inside the site.
pub(crate) fn walk(root: &Path, dir: &Path, diagnostics: &mut Diagnostics) -> Vec<PathBuf> {
    let canonical_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let mut files = Vec::new();
    let walker = WalkDir::new(dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter();
    for entry in
        walker.filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
    {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => {
                let path = error
                    .path()
                    .map_or_else(|| dir.to_path_buf(), Path::to_path_buf);
                diagnostics.error(
                    Error::new(ErrorKind::Io, format!("could not read the folder: {error}"))
                        .at(Location::file(&path)),
                );
                continue;
            }
        };
        let path = entry.path();
        if entry.file_type().is_symlink() {
            match path.canonicalize() {
                Ok(target) if target.starts_with(&canonical_root) && target.is_file() => {
                    files.push(path.to_path_buf());
                }
                Ok(target) if target.starts_with(&canonical_root) => diagnostics.error(
                    Error::new(
                        ErrorKind::Content,
                        "the link points to a folder, which Portico does not follow",
                    )
                    .at(Location::file(path))
                    .with_help("move the folder here instead of linking to it"),
                ),
                Ok(_) => diagnostics.error(
                    Error::new(
                        ErrorKind::Content,
                        "the link points outside the site folder",
                    )
                    .at(Location::file(path))
                    .with_help("copy the file into the site instead of linking to it"),
                ),
                Err(error) => diagnostics.error(
                    Error::new(
                        ErrorKind::Content,
                        format!("the link leads nowhere: {error}"),
                    )
                    .at(Location::file(path))
                    .with_help("remove the link or point it at a file inside the site"),
                ),
            }
        } else if entry.file_type().is_file() {
            files.push(path.to_path_buf());
        }
    }
    files
}

pub(crate) fn relative(base: &Path, file: &Path) -> Option<String> {
    let rel = file.strip_prefix(base).ok()?;
    let parts: Option<Vec<&str>> = rel.components().map(|c| c.as_os_str().to_str()).collect();
    Some(parts?.join("/"))
}

//! The built site as a value, and the one function that puts it on disk.
//!
//! Rendering produces an [`Output`]: a map from file path (`about/index.html`) to its bytes, held in
//! memory, or to the file to copy for large static files. Nothing touches the output folder until the
//! whole site has rendered without errors, and then [`Output::write`] replaces it atomically: it writes a
//! complete new tree beside the old one and swaps the two with one `rename` system call, so a failed or
//! killed build leaves the previous site in place, never a half-written or missing one.
//!
//! How the tree is written is kept behind this one function on purpose: on this kind of file system,
//! creating and deleting thousands of files costs more than rendering them, and the performance work
//! tunes exactly this step.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::error::{Error, ErrorKind, Location};
use crate::fs;

/// What goes into one output file.
#[derive(Debug, Clone)]
pub enum Body {
    Bytes(Cow<'static, [u8]>),
    /// Copied from this file when the output is written (static files, which can be large).
    Copy(PathBuf),
}

/// The built site: output-relative file path to contents, ordered so writes and listings are stable.
#[derive(Debug, Clone, Default)]
pub struct Output {
    files: BTreeMap<String, Body>,
}

impl Output {
    pub fn new() -> Self {
        Output::default()
    }

    /// Adds a file, replacing what was there (a site's static file replaces a theme's of the same name).
    pub fn insert(&mut self, path: impl Into<String>, body: Body) {
        self.files.insert(path.into(), body);
    }

    pub fn insert_bytes(&mut self, path: impl Into<String>, bytes: Vec<u8>) {
        self.insert(path, Body::Bytes(Cow::Owned(bytes)));
    }

    pub fn remove(&mut self, path: &str) -> Option<Body> {
        self.files.remove(path)
    }

    pub fn contains(&self, path: &str) -> bool {
        self.files.contains_key(path)
    }

    pub fn get(&self, path: &str) -> Option<&Body> {
        self.files.get(path)
    }

    /// The text of an in-memory file, for tests and the checker.
    pub fn text(&self, path: &str) -> Option<&str> {
        match self.files.get(path)? {
            Body::Bytes(bytes) => std::str::from_utf8(bytes).ok(),
            Body::Copy(_) => None,
        }
    }

    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.files.keys().map(String::as_str)
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Replaces `dir` with this output, atomically.
    ///
    /// The new tree is written to a hidden sibling folder first; if anything fails there, the sibling is
    /// removed and `dir` is untouched. Then the two folders trade places in one `renameat2(EXCHANGE)` call
    /// (on systems without it: two renames, with a window of a few microseconds where `dir` is missing),
    /// and the old tree, now in the sibling, is deleted.
    pub fn write(&self, dir: &Path) -> Result<(), Error> {
        let parent = match dir.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
            _ => PathBuf::from("."),
        };
        fs::create_dir_all(&parent)?;
        let name = dir
            .file_name()
            .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
        let staging = parent.join(format!(".{name}.portico-staging"));
        if staging.exists() {
            // Left by a build that was killed; it was never the live site.
            fs::remove_dir_all(&staging)?;
        }
        if let Err(error) = self.write_tree(&staging) {
            let _ = std::fs::remove_dir_all(&staging);
            return Err(error);
        }
        if dir.exists() {
            swap(&staging, dir)?;
            fs::remove_dir_all(&staging)?;
        } else {
            fs::rename(&staging, dir)?;
        }
        Ok(())
    }

    fn write_tree(&self, root: &Path) -> Result<(), Error> {
        fs::create_dir_all(root)?;
        let dirs: std::collections::BTreeSet<PathBuf> = self
            .files
            .keys()
            .filter_map(|path| Path::new(path).parent().map(Path::to_path_buf))
            .filter(|parent| !parent.as_os_str().is_empty())
            .collect();
        for dir in &dirs {
            fs::create_dir_all(&root.join(dir))?;
        }
        self.files.par_iter().try_for_each(|(path, body)| {
            let target = root.join(path);
            match body {
                Body::Bytes(bytes) => fs::write(&target, bytes),
                Body::Copy(source) => fs::copy(source, &target),
            }
        })
    }
}

/// Exchanges two folders in one system call where the platform has one.
fn swap(new: &Path, live: &Path) -> Result<(), Error> {
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        match renameat_with(CWD, new, CWD, live, RenameFlags::EXCHANGE) {
            Ok(()) => return Ok(()),
            Err(rustix::io::Errno::INVAL | rustix::io::Errno::NOSYS) => {}
            Err(error) => {
                return Err(Error::new(
                    ErrorKind::Output,
                    format!("could not replace the output folder: {error}"),
                )
                .at(Location::file(live)));
            }
        }
    }
    let old = live.with_file_name(format!(
        ".{}.portico-old",
        live.file_name()
            .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned())
    ));
    if old.exists() {
        fs::remove_dir_all(&old)?;
    }
    fs::rename(live, &old)?;
    fs::rename(new, live)?;
    fs::rename(&old, new)
}

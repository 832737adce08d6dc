//! The built site as a value, and the one function that puts it on disk.
//!
//! An [`Output`] is a map from file path (`about/index.html`) to its bytes, held in memory, or to the
//! file to copy for large static files: the whole site for `portico check` and the live preview, the
//! files besides the pages for a build. A build does not hold its pages: [`Staging`] takes each page as
//! soon as it is rendered, from the rendering threads, so memory stays flat however large the site and
//! writing overlaps rendering. Nothing touches the live output folder until the whole site has rendered
//! and been written without errors, and then it is replaced atomically, so a failed or killed build
//! leaves the previous site in place, never a half-written or missing one.
//!
//! # Two trees, swapped
//!
//! On this kind of file system, creating and deleting thousands of files costs far more than rendering
//! them (deleting a 10,000-page tree takes longer than building it), and overwriting a file in place
//! costs more than reading it back to see that nothing changed. So the output is kept as two trees that
//! trade places on every build:
//!
//! ```text
//! public/                       the live site (what is deployed)
//! .public.portico-staging/      hidden, beside it: the build before, reused as the next build's draft
//! ```
//!
//! A build brings the staging tree up to date with the new output, writing only the files whose bytes
//! differ and removing what the build no longer produces ([`Staging`]: the folders first, from the list
//! of paths the build will write, which is known before any page is rendered; then each file as it is
//! ready), then exchanges the two folders in one `renameat2(RENAME_EXCHANGE)` call. The old live tree
//! becomes the next build's staging tree: it is never deleted, so nothing large is deleted on the way,
//! and an unchanged rebuild writes nothing at all.
//!
//! Nothing about the staging tree is trusted, so it needs no manifest: a build killed while updating it
//! leaves it partial, but it is not live, and the next update compares every file with the bytes it must
//! hold. The staging tree lives beside the output folder, not inside it, so it is never deployed; it
//! costs the disk space of a second copy of the site.

mod staging;

pub use staging::{Staging, WriteSummary};

use rayon::iter::{IntoParallelRefIterator, ParallelIterator};
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

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
    fingerprints: Fingerprints,
}

/// Files renamed for their content (`css/clinic.css` to `css/clinic.3f2a9c1b7e.css`), by their old path.
/// Filled before pages are rendered, so templates link the new names directly (`asset()`) with their
/// integrity values (`integrity()`).
pub type Fingerprints = BTreeMap<String, Fingerprint>;

/// A file's new, content-hashed path and its Subresource Integrity value (`sha384-...`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fingerprint {
    pub path: String,
    pub integrity: String,
}

impl Output {
    pub fn new() -> Self {
        Output::default()
    }

    /// Adds a file, replacing what was there (a site's static file replaces a theme's of the same name).
    pub fn insert(&mut self, path: impl Into<String>, body: Body) {
        self.files.insert(path.into(), body);
    }

    pub fn insert_bytes(&mut self, path: impl Into<String>, mut bytes: Vec<u8>) {
        // Pages arrive as strings grown by doubling; thousands of them are held until the write, so the
        // slack would be a third of the build's memory.
        bytes.shrink_to_fit();
        self.insert(path, Body::Bytes(Cow::Owned(bytes)));
    }

    /// Moves the file at `path` to its content-hashed name, and remembers both for the templates.
    pub fn fingerprint(&mut self, path: &str, fingerprint: Fingerprint) {
        if let Some(body) = self.files.remove(path) {
            self.files.insert(fingerprint.path.clone(), body);
            self.fingerprints.insert(path.to_owned(), fingerprint);
        }
    }

    pub fn fingerprints(&self) -> &Fingerprints {
        &self.fingerprints
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
    /// The staging tree beside `dir` is brought up to date first; if anything fails there, `dir` is
    /// untouched. Then the two folders trade places in one `renameat2(EXCHANGE)` call (on systems without
    /// it: three renames, with a window of a few microseconds where `dir` is missing), and the old live
    /// tree stays behind as the next build's staging tree.
    pub fn write(&self, dir: &Path) -> Result<WriteSummary, Error> {
        let staging = Staging::begin(dir, self.paths())?;
        match self.put_into(&staging) {
            Ok(()) => staging.finish(),
            Err(error) => {
                staging.abandon();
                Err(error)
            }
        }
    }

    /// Writes every file into a staging tree that expects them, in parallel.
    pub fn put_into(&self, staging: &Staging) -> Result<(), Error> {
        self.files
            .par_iter()
            .try_for_each(|(path, body)| staging.put(path, body))
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

//! Bringing the hidden staging tree up to date with a build, touching only what differs.
//!
//! The staging tree is the previous-but-one build (the tree that was live until the last swap), or a
//! partial tree left by a build that was killed while updating it, or something a person put there. None
//! of it is trusted: every file the build produces is compared byte for byte with what is on disk, and
//! every entry the build does not produce is removed. The comparison is what makes an unchanged rebuild
//! cheap: on ext4 (mounted with `discard`, as here) reading a 16 KB file back costs a few microseconds,
//! while truncating or unlinking it frees blocks and costs a hundred times more.
//!
//! Folders are handled level by level, each level in parallel: a folder's task creates its missing
//! subfolders and removes what does not belong in it, so the tasks of the next level never race with it.

use std::collections::{BTreeMap, HashSet};
use std::fs::{File, OpenOptions};
use std::io::{self, Read, Seek, Write};
use std::path::Path;

use rayon::prelude::*;

use super::Body;
use crate::error::Error;
use crate::fs::io_error;

/// What an update did, for the build report and the tests.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WriteSummary {
    /// Files created or rewritten because their bytes differed.
    pub written: usize,
    /// Files that already had the right bytes.
    pub unchanged: usize,
    /// Files and folders removed because the build no longer produces them.
    pub removed: usize,
}

impl std::ops::AddAssign for WriteSummary {
    fn add_assign(&mut self, other: Self) {
        self.written += other.written;
        self.unchanged += other.unchanged;
        self.removed += other.removed;
    }
}

/// One folder of the output: its files (name and contents) and the names of its subfolders.
#[derive(Debug, Default)]
struct Folder<'a> {
    files: BTreeMap<&'a str, &'a Body>,
    subfolders: Vec<&'a str>,
}

/// Makes the tree at `root` hold exactly `files` (output-relative path to contents).
pub(super) fn update(root: &Path, files: &BTreeMap<String, Body>) -> Result<WriteSummary, Error> {
    let folders = folders(files);
    let mut fresh: HashSet<String> = HashSet::new();
    match std::fs::symlink_metadata(root) {
        Ok(meta) if meta.is_dir() => {}
        Ok(_) => {
            std::fs::remove_file(root).map_err(|e| io_error("remove the file", root, &e))?;
            create_dir(root)?;
            fresh.insert(String::new());
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            crate::fs::create_dir_all(root)?;
            fresh.insert(String::new());
        }
        Err(e) => return Err(io_error("read the folder", root, &e)),
    }
    let mut levels: BTreeMap<usize, Vec<&str>> = BTreeMap::new();
    for &dir in folders.keys() {
        let depth = if dir.is_empty() {
            0
        } else {
            dir.matches('/').count() + 1
        };
        levels.entry(depth).or_default().push(dir);
    }
    let mut summary = WriteSummary::default();
    for dirs in levels.values() {
        let results: Vec<(WriteSummary, Vec<String>)> = dirs
            .par_iter()
            .map(|&dir| sync_folder(root, dir, &folders[dir], fresh.contains(dir)))
            .collect::<Result<_, Error>>()?;
        fresh.clear();
        for (done, created) in results {
            summary += done;
            fresh.extend(created);
        }
    }
    Ok(summary)
}

/// Groups the output's files by folder; every folder on the way to a file is listed, even when it holds
/// no file of its own.
fn folders(files: &BTreeMap<String, Body>) -> BTreeMap<&str, Folder<'_>> {
    let mut folders: BTreeMap<&str, Folder<'_>> = BTreeMap::new();
    folders.entry("").or_default();
    for (path, body) in files {
        let (dir, name) = path.rsplit_once('/').unwrap_or(("", path));
        folders.entry(dir).or_default().files.insert(name, body);
        let mut child = dir;
        while !child.is_empty() {
            let (parent, name) = child.rsplit_once('/').unwrap_or(("", child));
            let folder = folders.entry(parent).or_default();
            if folder.subfolders.contains(&name) {
                break;
            }
            folder.subfolders.push(name);
            child = parent;
        }
    }
    folders
}

/// Brings one folder up to date. `fresh` says it was just created, so there is nothing to compare.
/// Returns what was done and the paths of the subfolders it created.
fn sync_folder(
    root: &Path,
    dir: &str,
    folder: &Folder<'_>,
    fresh: bool,
) -> Result<(WriteSummary, Vec<String>), Error> {
    let path = root.join(dir);
    let mut summary = WriteSummary::default();
    let mut present_files: HashSet<String> = HashSet::new();
    let mut present_dirs: HashSet<String> = HashSet::new();
    if !fresh {
        let entries =
            std::fs::read_dir(&path).map_err(|e| io_error("read the folder", &path, &e))?;
        for entry in entries {
            let entry = entry.map_err(|e| io_error("read the folder", &path, &e))?;
            let name = entry.file_name().to_string_lossy().into_owned();
            let is_dir = entry
                .file_type()
                .map_err(|e| io_error("read the folder", &entry.path(), &e))?
                .is_dir();
            let wanted = if is_dir {
                folder.subfolders.contains(&name.as_str())
            } else {
                folder.files.contains_key(name.as_str())
            };
            if wanted {
                if is_dir {
                    present_dirs.insert(name);
                } else {
                    present_files.insert(name);
                }
            } else {
                remove(&entry.path(), is_dir)?;
                summary.removed += 1;
            }
        }
    }
    let mut created = Vec::new();
    for &name in &folder.subfolders {
        if !present_dirs.contains(name) {
            create_dir(&path.join(name))?;
            created.push(child_path(dir, name));
        }
    }
    for (&name, &body) in &folder.files {
        let target = path.join(name);
        let written = if present_files.contains(name) {
            sync_file(&target, body)?
        } else {
            create_file(&target, body)?;
            true
        };
        if written {
            summary.written += 1;
        } else {
            summary.unchanged += 1;
        }
    }
    Ok((summary, created))
}

/// `dir/name`, the output-relative path of a subfolder.
fn child_path(dir: &str, name: &str) -> String {
    if dir.is_empty() {
        name.to_owned()
    } else {
        format!("{dir}/{name}")
    }
}

fn create_dir(path: &Path) -> Result<(), Error> {
    std::fs::create_dir(path).map_err(|e| io_error("create the folder", path, &e))
}

fn remove(path: &Path, is_dir: bool) -> Result<(), Error> {
    let result = if is_dir {
        std::fs::remove_dir_all(path)
    } else {
        std::fs::remove_file(path)
    };
    result.map_err(|e| io_error("remove", path, &e))
}

/// Writes a file that is not there yet.
fn create_file(target: &Path, body: &Body) -> Result<(), Error> {
    match body {
        Body::Bytes(bytes) => crate::fs::write(target, bytes),
        Body::Copy(source) => copy(source, target),
    }
}

/// Rewrites `target` if its bytes differ from `body`; says whether it did.
fn sync_file(target: &Path, body: &Body) -> Result<bool, Error> {
    match body {
        Body::Bytes(bytes) => {
            if let Ok(written) = overwrite_if_different(target, bytes) {
                return Ok(written);
            }
            // A file we may not open for writing (read-only, say): replace it.
            std::fs::remove_file(target).map_err(|e| io_error("remove", target, &e))?;
            crate::fs::write(target, bytes)?;
            Ok(true)
        }
        Body::Copy(source) => {
            let same = match (std::fs::metadata(source), std::fs::metadata(target)) {
                (Ok(from), Ok(to)) => {
                    from.len() == to.len() && from.modified().ok() == to.modified().ok()
                }
                _ => false,
            };
            if same {
                return Ok(false);
            }
            copy(source, target)?;
            Ok(true)
        }
    }
}

/// Compares the file with `bytes` and writes them in place when they differ. Writing in place (no
/// `O_TRUNC`, then `ftruncate` only when the file shrinks) keeps the file's blocks: freeing and
/// reallocating them is what makes overwriting slow.
fn overwrite_if_different(target: &Path, bytes: &[u8]) -> io::Result<bool> {
    let mut file = OpenOptions::new().read(true).write(true).open(target)?;
    let len = file.metadata()?.len();
    if usize::try_from(len).ok() == Some(bytes.len()) {
        let mut old = vec![0; bytes.len()];
        file.read_exact(&mut old)?;
        if old == bytes {
            return Ok(false);
        }
    }
    file.rewind()?;
    file.write_all(bytes)?;
    if len > bytes.len() as u64 {
        file.set_len(bytes.len() as u64)?;
    }
    Ok(true)
}

/// Copies a static file and gives the copy the source's modification time, so the next build can tell an
/// unchanged copy by its size and time without reading it (as rsync does). A copy cut short by a killed
/// build keeps a newer time, and is copied again.
fn copy(source: &Path, target: &Path) -> Result<(), Error> {
    crate::fs::copy(source, target)?;
    let modified = std::fs::metadata(source)
        .and_then(|m| m.modified())
        .map_err(|e| io_error("read the file", source, &e))?;
    File::options()
        .write(true)
        .open(target)
        .and_then(|f| f.set_modified(modified))
        .map_err(|e| io_error("set the time of", target, &e))
}

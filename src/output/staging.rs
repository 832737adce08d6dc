//! Bringing the hidden staging tree up to date with a build, file by file, touching only what differs.
//!
//! The staging tree is the previous-but-one build (the tree that was live until the last swap), or a
//! partial tree left by a build that was killed while updating it, or something a person put there. None
//! of it is trusted: every file the build produces is compared byte for byte with what is on disk, and
//! every entry the build does not produce is removed. The comparison is what makes an unchanged rebuild
//! cheap: on ext4 (mounted with `discard`, as here) reading a 16 KB file back costs a few microseconds,
//! while truncating or unlinking it frees blocks and costs a hundred times more.
//!
//! The update comes in two steps, so that pages can be written as soon as each is rendered and never
//! all held in memory at once:
//!
//! 1. [`Staging::begin`] knows every path the build will write (pages are known before they are
//!    rendered) and prepares the folders: level by level, each level in parallel, a folder's task
//!    removes what does not belong in it and creates its missing subfolders, so the tasks of the next
//!    level never race with it.
//! 2. [`Staging::put`] then writes one file, from any thread; [`Staging::finish`] swaps the tree in.

use std::collections::{BTreeMap, HashSet};
use std::fs::{File, OpenOptions};
use std::io::{self, Read, Seek, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

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

/// A staging tree being brought up to date with one build's output.
///
/// Made by [`Staging::begin`], filled by [`Staging::put`] from any number of threads, and put live by
/// [`Staging::finish`]. A build that fails in between calls [`Staging::abandon`]: the live tree was
/// never touched.
#[derive(Debug)]
pub struct Staging {
    root: PathBuf,
    /// The output folder this tree replaces when it is finished.
    live: PathBuf,
    /// This build made the tree: a failed build removes it again, leaving the disk as it found it.
    started_here: bool,
    /// Folders made by this build (output-relative): their files are created without looking first.
    fresh: HashSet<String>,
    written: AtomicUsize,
    unchanged: AtomicUsize,
    removed: usize,
}

/// One folder of the output: the names of its files and of its subfolders.
#[derive(Debug, Default)]
struct Folder<'a> {
    files: HashSet<&'a str>,
    subfolders: Vec<&'a str>,
}

impl Staging {
    /// Prepares the staging tree beside `live` for an output of exactly `paths` (output-relative file
    /// paths): removes every entry that is not one of them or a folder on the way to one, and creates
    /// the missing folders. Files are compared and written later, by [`Staging::put`].
    pub fn begin<'a>(
        live: &Path,
        paths: impl IntoIterator<Item = &'a str>,
    ) -> Result<Staging, Error> {
        let parent = match live.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
            _ => PathBuf::from("."),
        };
        crate::fs::create_dir_all(&parent)?;
        let name = live
            .file_name()
            .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
        let root = parent.join(format!(".{name}.portico-staging"));
        let mut staging = Staging {
            root,
            live: live.to_path_buf(),
            started_here: false,
            fresh: HashSet::new(),
            written: AtomicUsize::new(0),
            unchanged: AtomicUsize::new(0),
            removed: 0,
        };
        let mut fresh_level: HashSet<String> = HashSet::new();
        match std::fs::symlink_metadata(&staging.root) {
            Ok(meta) if meta.is_dir() => {}
            Ok(_) => {
                std::fs::remove_file(&staging.root)
                    .map_err(|e| io_error("remove the file", &staging.root, &e))?;
                create_dir(&staging.root)?;
                fresh_level.insert(String::new());
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                crate::fs::create_dir_all(&staging.root)?;
                staging.started_here = true;
                fresh_level.insert(String::new());
            }
            Err(e) => return Err(io_error("read the folder", &staging.root, &e)),
        }
        let folders = folders(paths);
        let mut levels: BTreeMap<usize, Vec<&str>> = BTreeMap::new();
        for &dir in folders.keys() {
            let depth = if dir.is_empty() {
                0
            } else {
                dir.matches('/').count() + 1
            };
            levels.entry(depth).or_default().push(dir);
        }
        for dirs in levels.values() {
            let root = &staging.root;
            let results: Vec<(usize, Vec<String>)> = dirs
                .par_iter()
                .map(|&dir| prepare_folder(root, dir, &folders[dir], fresh_level.contains(dir)))
                .collect::<Result<_, Error>>()?;
            staging.fresh.extend(fresh_level.drain());
            for (removed, created) in results {
                staging.removed += removed;
                fresh_level.extend(created);
            }
        }
        staging.fresh.extend(fresh_level);
        Ok(staging)
    }

    /// Makes the file at `path` (one of the paths given to [`Staging::begin`]) hold `body`, writing only
    /// when its bytes differ.
    pub fn put(&self, path: &str, body: &Body) -> Result<(), Error> {
        let source = match body {
            Body::Bytes(bytes) => return self.put_bytes(path, bytes),
            Body::Copy(source) => source,
        };
        let target = self.root.join(path);
        let same = !self.in_fresh_folder(path)
            && match (std::fs::metadata(source), std::fs::metadata(&target)) {
                (Ok(from), Ok(to)) => {
                    from.len() == to.len() && from.modified().ok() == to.modified().ok()
                }
                _ => false,
            };
        if !same {
            copy(source, &target)?;
        }
        self.count(!same);
        Ok(())
    }

    /// [`Staging::put`] for bytes in memory (a page just rendered).
    pub fn put_bytes(&self, path: &str, bytes: &[u8]) -> Result<(), Error> {
        let target = self.root.join(path);
        let written = if self.in_fresh_folder(path) {
            crate::fs::write(&target, bytes)?;
            true
        } else {
            sync_bytes(&target, bytes)?
        };
        self.count(written);
        Ok(())
    }

    /// The file's folder was made by this build, so the file is not there yet.
    fn in_fresh_folder(&self, path: &str) -> bool {
        self.fresh
            .contains(path.rsplit_once('/').map_or("", |(dir, _)| dir))
    }

    fn count(&self, written: bool) {
        let counter = if written {
            &self.written
        } else {
            &self.unchanged
        };
        counter.fetch_add(1, Ordering::Relaxed);
    }

    /// Puts the tree live: the two folders trade places, and the old live tree stays behind as the next
    /// build's staging tree.
    pub fn finish(self) -> Result<WriteSummary, Error> {
        if self.live.exists() {
            super::swap(&self.root, &self.live)?;
        } else {
            crate::fs::rename(&self.root, &self.live)?;
        }
        Ok(WriteSummary {
            written: self.written.into_inner(),
            unchanged: self.unchanged.into_inner(),
            removed: self.removed,
        })
    }

    /// Gives up on a build that failed after it began writing. The live tree was never touched; a
    /// staging tree this build started is removed, so a failed build leaves nothing new behind (one that
    /// was there before stays, half updated, as the next build's draft: it is not trusted anyway).
    pub fn abandon(self) {
        if self.started_here {
            // Best effort: what is left is hidden, never deployed, and repaired by the next build.
            let _ = std::fs::remove_dir_all(&self.root);
        }
    }
}

/// Groups the output's paths by folder; every folder on the way to a file is listed, even when it holds
/// no file of its own.
fn folders<'a>(paths: impl IntoIterator<Item = &'a str>) -> BTreeMap<&'a str, Folder<'a>> {
    let mut folders: BTreeMap<&str, Folder<'_>> = BTreeMap::new();
    folders.entry("").or_default();
    for path in paths {
        let (dir, name) = path.rsplit_once('/').unwrap_or(("", path));
        folders.entry(dir).or_default().files.insert(name);
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

/// Removes what does not belong in one folder and creates its missing subfolders. `fresh` says it was
/// just created, so there is nothing to remove. Returns how many entries it removed and the paths of
/// the subfolders it created.
fn prepare_folder(
    root: &Path,
    dir: &str,
    folder: &Folder<'_>,
    fresh: bool,
) -> Result<(usize, Vec<String>), Error> {
    let path = root.join(dir);
    let mut removed = 0;
    let mut present_dirs: HashSet<String> = HashSet::new();
    if !fresh {
        let entries =
            std::fs::read_dir(&path).map_err(|e| io_error("read the folder", &path, &e))?;
        for entry in entries {
            let entry = entry.map_err(|e| io_error("read the folder", &path, &e))?;
            let name = entry.file_name().to_string_lossy().into_owned();
            let file_type = entry
                .file_type()
                .map_err(|e| io_error("read the folder", &entry.path(), &e))?;
            let is_dir = file_type.is_dir();
            // A symbolic link is never kept: writing through it would change a file outside the tree.
            let wanted = if file_type.is_symlink() {
                false
            } else if is_dir {
                folder.subfolders.contains(&name.as_str())
            } else {
                folder.files.contains(name.as_str())
            };
            if !wanted {
                remove(&entry.path(), is_dir)?;
                removed += 1;
            } else if is_dir {
                present_dirs.insert(name);
            }
        }
    }
    let mut created = Vec::new();
    for &name in &folder.subfolders {
        if !present_dirs.contains(name) {
            create_dir(&path.join(name))?;
            created.push(if dir.is_empty() {
                name.to_owned()
            } else {
                format!("{dir}/{name}")
            });
        }
    }
    Ok((removed, created))
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

fn sync_bytes(target: &Path, bytes: &[u8]) -> Result<bool, Error> {
    if let Ok(written) = overwrite_if_different(target, bytes) {
        return Ok(written);
    }
    // A file we may not open for writing (read-only, say): replace it.
    match std::fs::remove_file(target) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(io_error("remove", target, &e)),
    }
    crate::fs::write(target, bytes)?;
    Ok(true)
}

/// Compares the file with `bytes` (creating it when it is missing) and writes them in place when they
/// differ. Writing in place (no `O_TRUNC`, then `ftruncate` only when the file shrinks) keeps the
/// file's blocks: freeing and reallocating them is what makes overwriting slow. One `open` either way.
fn overwrite_if_different(target: &Path, bytes: &[u8]) -> io::Result<bool> {
    let mut file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(target)?;
    let len = file.metadata()?.len();
    if usize::try_from(len).ok() == Some(bytes.len()) {
        let mut old = vec![0; bytes.len()];
        file.read_exact(&mut old)?;
        if old == bytes {
            return Ok(false);
        }
        file.rewind()?;
    }
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

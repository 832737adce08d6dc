//! File-system calls that name the path in their errors.
//!
//! `std::fs` errors say "No such file or directory" and nothing else; a user needs to know *which* file.
//! Everything in Portico that touches the disk goes through here (mdBook's `utils/fs.rs` is the model).

use std::path::Path;

use crate::error::{Error, ErrorKind, Location};

pub(crate) fn io_error(action: &str, path: &Path, error: &std::io::Error) -> Error {
    use std::io::ErrorKind as Kind;
    let problem =
        Error::new(ErrorKind::Io, format!("could not {action}: {error}")).at(Location::file(path));
    match error.kind() {
        Kind::StorageFull | Kind::QuotaExceeded | Kind::FileTooLarge => problem.with_help(
            "the disk is full (or the file is larger than this system allows): free some space and build again",
        ),
        Kind::ReadOnlyFilesystem | Kind::PermissionDenied => problem.with_help(
            "Portico may not write here: make the folder writable, or pick another one with --output",
        ),
        _ => problem,
    }
}

pub fn read(path: &Path) -> Result<Vec<u8>, Error> {
    std::fs::read(path).map_err(|e| io_error("read the file", path, &e))
}

/// The largest text file Portico reads (a page, the config, a template): a page of a practice's site
/// is kilobytes, and a 50 MB "page" pasted from somewhere would only make the build slow and the page
/// unusable.
pub const MAX_TEXT_BYTES: u64 = 8 * 1024 * 1024;

/// Reads a text file, rejecting bytes that are not UTF-8 with the line where they appear, and files over
/// [`MAX_TEXT_BYTES`].
pub fn read_to_string(path: &Path) -> Result<String, Error> {
    let size = std::fs::metadata(path)
        .map_err(|e| io_error("read the file", path, &e))?
        .len();
    if size > MAX_TEXT_BYTES {
        #[allow(clippy::cast_precision_loss)]
        let megabytes = size as f64 / 1_048_576.0;
        return Err(Error::new(
            ErrorKind::Content,
            format!("the file is {megabytes:.1} MB, and Portico reads text files up to 8 MB"),
        )
        .at(Location::file(path))
        .with_help("split a long page into several pages; put large documents (PDFs) under static/, which is copied as is"));
    }
    let bytes = read(path)?;
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(Error::new(
            ErrorKind::Content,
            "the file is saved as UTF-16 text, not UTF-8",
        )
        .at(Location::at(path, 1, 1))
        .with_help(
            "save the file as UTF-8 (in most editors: \"Save with encoding\" and pick UTF-8)",
        ));
    }
    String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = bytecount(valid, b'\n') + 1;
        let column = valid.iter().rev().take_while(|&&b| b != b'\n').count() + 1;
        Error::new(ErrorKind::Content, "the file is not valid UTF-8 text")
            .at(Location::at(path, line, column))
            .with_help(
                "save the file as UTF-8 (in most editors: \"Save with encoding\" and pick UTF-8)",
            )
    })
}

fn bytecount(bytes: &[u8], wanted: u8) -> usize {
    bytes.iter().fold(0, |n, &b| n + usize::from(b == wanted))
}

pub fn write(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    std::fs::write(path, bytes).map_err(|e| io_error("write the file", path, &e))
}

pub fn create_dir_all(path: &Path) -> Result<(), Error> {
    std::fs::create_dir_all(path).map_err(|e| io_error("create the folder", path, &e))
}

pub fn copy(from: &Path, to: &Path) -> Result<(), Error> {
    std::fs::copy(from, to)
        .map(|_| ())
        .map_err(|e| io_error(&format!("copy it to {}", to.display()), from, &e))
}

pub fn rename(from: &Path, to: &Path) -> Result<(), Error> {
    std::fs::rename(from, to)
        .map_err(|e| io_error(&format!("move it to {}", to.display()), from, &e))
}

pub fn remove_dir_all(path: &Path) -> Result<(), Error> {
    std::fs::remove_dir_all(path).map_err(|e| io_error("remove the folder", path, &e))
}

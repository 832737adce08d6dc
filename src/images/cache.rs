//! The cache folder: processed files kept between builds, keyed by content and parameters.
//!
//! ```text
//! ROOT/.portico-cache/images/
//!     sources.json          path, size and modification time of each source -> its content hash and header
//!     3f2a9c1b7e04d5a8.avif one processed file, named by its key
//! ```
//!
//! A file's key is a hash of the source's bytes, the part of it and the size, the format and its
//! quality, and the pipeline's version: the same inputs always give the same name, and any change gives
//! a new one, so the folder never needs invalidating (delete it to reclaim space; the next build makes
//! what it needs). `sources.json` spares a rebuild from reading and hashing every photo again: a source
//! whose size and modification and change times are unchanged is not opened at all, and when every file
//! it needs is already there nothing is decoded either. Each site has its own folder, in its own root,
//! so the sites of a fleet share nothing unless `--cache` points them at one folder (safe, as names are
//! content hashes), and `portico serve` uses the folder of the site it serves.
//!
//! Files appear in the folder whole or not at all (written to a temporary name, then renamed), so two
//! builds of one site at once, or a build killed half-way, leave nothing half-written.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::UNIX_EPOCH;

use sha2::{Digest, Sha256};

use super::decode;
use super::encode;
use super::plan::{Planned, plan};
use super::{Format, Prepared, Problem, Settings, Shape, SourceInfo, Variant};

/// Bumped when the pipeline's output changes for the same inputs, so old files are not reused.
const VERSION: &str = "portico-images-1";

/// A site's image pipeline over its cache folder. Shared by the threads of one build.
#[derive(Debug)]
pub struct Pipeline {
    dir: PathBuf,
    settings: Settings,
    sources: Mutex<BTreeMap<String, Known>>,
    changed: AtomicBool,
}

/// What `sources.json` remembers of one source file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
struct Known {
    len: u64,
    modified: u128,
    /// When the file's inode last changed (Unix): unlike the modification time, no copy tool can set it,
    /// so a photo replaced by another of the same size with its time kept (`cp -p`, unzip) is read again.
    changed: i128,
    hash: String,
    info: SourceInfo,
}

impl Pipeline {
    /// The pipeline over `dir` (made when first written to). A missing or unreadable `sources.json` is
    /// an empty one: the cache only saves work.
    pub fn open(dir: &Path, settings: Settings) -> Self {
        let sources = std::fs::read(dir.join("sources.json"))
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default();
        Pipeline {
            dir: dir.to_path_buf(),
            settings,
            sources: Mutex::new(sources),
            changed: AtomicBool::new(false),
        }
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// Every file `source` needs for `shapes`, made now where the cache does not have it yet.
    pub fn prepare(&self, source: &Path, shapes: &[Shape]) -> Result<Prepared, Problem> {
        let io = |e: std::io::Error| match e.kind() {
            std::io::ErrorKind::NotFound => Problem::Missing,
            _ => Problem::Io(e.to_string()),
        };
        let meta = std::fs::metadata(source).map_err(io)?;
        if !meta.is_file() {
            return Err(Problem::Missing);
        }
        let modified = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos());
        // By absolute path: a cache shared by several sites (`--cache`) must not confuse their files.
        let name = std::path::absolute(source)
            .unwrap_or_else(|_| source.to_path_buf())
            .to_string_lossy()
            .into_owned();
        let changed = inode_changed(&meta);
        let remembered = self
            .lock()
            .get(&name)
            .filter(|k| k.len == meta.len() && k.modified == modified && k.changed == changed)
            // What a damaged or hand-edited sources.json says is not trusted: a size of 0, or one over
            // today's pixel limit, reads the file again.
            .filter(|k| {
                k.info.width > 0
                    && k.info.height > 0
                    && u64::from(k.info.width) * u64::from(k.info.height)
                        <= self.settings.max_pixels
            })
            .cloned();
        let mut bytes = None;
        let known = if let Some(known) = remembered {
            known
        } else {
            let read = std::fs::read(source).map_err(io)?;
            let kind = decode::sniff(&read)?;
            let info = decode::probe(&read, kind, self.settings.max_pixels)?;
            let known = Known {
                len: meta.len(),
                modified,
                changed,
                hash: hex(&Sha256::digest(&read)),
                info,
            };
            self.lock().insert(name, known.clone());
            self.changed.store(true, Ordering::Relaxed);
            bytes = Some(read);
            known
        };
        let planned: Vec<Vec<(Planned, Variant)>> = shapes
            .iter()
            .map(|shape| {
                plan(&known.info, shape, &self.settings)
                    .into_iter()
                    .map(|p| {
                        let variant = self.variant(&known.hash, &p);
                        (p, variant)
                    })
                    .collect()
            })
            .collect();
        let missing: Vec<&(Planned, Variant)> = planned
            .iter()
            .flatten()
            // An empty file is one a crash cut short before it was flushed: made again.
            .filter(|(_, v)| {
                std::fs::metadata(&v.file).map_or(true, |m| !m.is_file() || m.len() == 0)
            })
            .collect();
        if !missing.is_empty() {
            let bytes = match bytes {
                Some(bytes) => bytes,
                None => std::fs::read(source).map_err(io)?,
            };
            self.make(&bytes, &known.info, &missing)?;
        }
        Ok(Prepared {
            info: known.info,
            shapes: planned
                .into_iter()
                .map(|shape| shape.into_iter().map(|(_, v)| v).collect())
                .collect(),
        })
    }

    /// Decodes the source once and writes every missing file.
    fn make(
        &self,
        bytes: &[u8],
        info: &SourceInfo,
        missing: &[&(Planned, Variant)],
    ) -> Result<(), Problem> {
        let (kept, drawn): (Vec<_>, Vec<_>) = missing
            .iter()
            .copied()
            .partition(|(p, _)| p.format == Format::Gif);
        if !kept.is_empty() {
            let cleaned = encode::clean_gif(bytes)?;
            for (_, variant) in kept {
                self.store(&variant.file, &cleaned)?;
            }
        }
        if drawn.is_empty() {
            return Ok(());
        }
        let pixels = decode::decode(bytes, info)?;
        for (planned, variant) in drawn {
            let sized = encode::resize(&pixels, planned.region, planned.width, planned.height)?;
            let encoded = encode::encode(&sized, planned.format, self.quality(planned))?;
            self.store(&variant.file, &encoded)?;
        }
        Ok(())
    }

    /// The site's quality settings, or higher ones for a cleaned original, which stands in for the photo
    /// itself.
    fn quality(&self, planned: &Planned) -> encode::Quality {
        if planned.original {
            encode::Quality {
                jpeg: 90,
                webp: 90.0,
                ..self.settings.quality
            }
        } else {
            self.settings.quality
        }
    }

    /// Writes a file of the cache whole: to a temporary name, then renamed into place.
    fn store(&self, file: &Path, bytes: &[u8]) -> Result<(), Problem> {
        let io = |e: std::io::Error| {
            Problem::Io(format!(
                "could not write the image cache ({}): {e}",
                self.dir.display()
            ))
        };
        std::fs::create_dir_all(&self.dir).map_err(io)?;
        // One name per process and thread, so two builds (or two threads) never write the same file.
        let thread =
            format!("{:?}", std::thread::current().id()).replace(|c: char| !c.is_ascii_digit(), "");
        let temporary = file.with_extension(format!("tmp{}-{thread}", std::process::id()));
        // Not flushed to the disk (thousands of fsyncs would cost a first build seconds): a file a power
        // cut leaves empty is made again, see `prepare`.
        let written =
            std::fs::write(&temporary, bytes).and_then(|()| std::fs::rename(&temporary, file));
        if written.is_err() {
            let _ = std::fs::remove_file(&temporary);
        }
        written.map_err(io)
    }

    /// Saves what was learnt about the sources, when anything was. Called once a build has prepared
    /// every image; a failure here costs only the next build's time, so it is returned for a warning.
    pub fn save(&self) -> Result<(), Problem> {
        if !self.changed.load(Ordering::Relaxed) {
            return Ok(());
        }
        let file = self.dir.join("sources.json");
        // Sites sharing a cache (`--cache`) each add their own sources: keep the others' entries.
        let mut all: BTreeMap<String, Known> = std::fs::read(&file)
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default();
        all.extend(self.lock().iter().map(|(k, v)| (k.clone(), v.clone())));
        let json = serde_json::to_vec(&all).map_err(|e| Problem::Io(e.to_string()))?;
        self.store(&file, &json)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, BTreeMap<String, Known>> {
        self.sources
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn variant(&self, hash: &str, planned: &Planned) -> Variant {
        let r = planned.region;
        let quality = self.quality(planned);
        let text = format!(
            "{VERSION} {hash} {:?} {} {} {} {} {} {}x{} q{}/{}/{}",
            planned.format,
            planned.original,
            r.left,
            r.top,
            r.width,
            r.height,
            planned.width,
            planned.height,
            quality.jpeg,
            quality.webp,
            quality.avif
        );
        let key = hex(&Sha256::digest(text.as_bytes())[..8]);
        Variant {
            format: planned.format,
            width: planned.width,
            height: planned.height,
            density: planned.density,
            file: self
                .dir
                .join(format!("{key}.{}", planned.format.extension())),
            key,
        }
    }
}

#[cfg(unix)]
fn inode_changed(meta: &std::fs::Metadata) -> i128 {
    use std::os::unix::fs::MetadataExt as _;
    i128::from(meta.ctime()) * 1_000_000_000 + i128::from(meta.ctime_nsec())
}

#[cfg(not(unix))]
fn inode_changed(_: &std::fs::Metadata) -> i128 {
    0
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().fold(String::new(), |mut out, b| {
        let _ = write!(out, "{b:02x}");
        out
    })
}

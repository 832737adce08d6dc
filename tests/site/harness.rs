//! A site under test: a fixture copied into a temporary folder, built through the library or the real
//! binary, edited, and built again (mdBook's `BookTest` is the model).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use portico::error::Diagnostics;
use portico::{BuildOptions, BuildReport};

#[track_caller]
pub(crate) fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("fixtures")
}

pub(crate) struct SiteTest {
    // Held so the folder lives as long as the test.
    _dir: tempfile::TempDir,
    pub root: PathBuf,
}

/// What a run of the `portico` binary printed and returned.
#[derive(Debug)]
pub(crate) struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl SiteTest {
    /// A copy of `tests/fixtures/NAME`.
    #[track_caller]
    pub(crate) fn fixture(name: &str) -> Self {
        Self::from_dir(&fixtures().join(name))
    }

    /// A copy of the example site, its photos already in the shared image cache.
    #[track_caller]
    pub(crate) fn example() -> Self {
        let site = Self::from_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("content-example"));
        warm_the_cache(&site);
        site
    }

    fn from_dir(source: &Path) -> Self {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let root = dir.path().join("site");
        copy_tree(source, &root);
        SiteTest { _dir: dir, root }
    }

    /// Copies the files of `tests/fixtures/CASE` over the site, replacing what is there.
    #[track_caller]
    pub(crate) fn overlay(&self, case: &str) -> &Self {
        copy_tree(&fixtures().join(case), &self.root);
        self
    }

    #[track_caller]
    pub(crate) fn write(&self, rel: &str, text: &str) -> &Self {
        let path = self.root.join(rel);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("create the folder");
        std::fs::write(path, text).expect("write the file");
        self
    }

    #[track_caller]
    pub(crate) fn write_bytes(&self, rel: &str, bytes: &[u8]) -> &Self {
        let path = self.root.join(rel);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("create the folder");
        std::fs::write(path, bytes).expect("write the file");
        self
    }

    #[track_caller]
    pub(crate) fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.root.join(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"))
    }

    /// Replaces `from` with `to` in a site file.
    #[track_caller]
    pub(crate) fn edit(&self, rel: &str, from: &str, to: &str) -> &Self {
        let text = self.read(rel);
        assert!(text.contains(from), "{rel} does not contain {from:?}");
        self.write(rel, &text.replacen(from, to, 1))
    }

    /// Built with the image cache all tests share ([`shared_cache`]).
    #[track_caller]
    pub(crate) fn options(&self) -> BuildOptions {
        let mut options = BuildOptions {
            root: self.root.clone(),
            ..BuildOptions::default()
        };
        options.overrides.cache = Some(shared_cache());
        options
    }

    /// Builds through the library.
    #[track_caller]
    pub(crate) fn build(&self) -> Result<BuildReport, Diagnostics> {
        portico::build(&self.options())
    }

    #[track_caller]
    pub(crate) fn build_ok(&self) -> BuildReport {
        self.build()
            .unwrap_or_else(|d| panic!("the build failed:\n{d}"))
    }

    /// Runs the real binary in the site's parent folder, so paths print as `site/...`.
    /// `build`, `check` and `serve` get `--cache` with the image cache all tests share.
    #[track_caller]
    pub(crate) fn run(&self, args: &[&str]) -> Run {
        self.run_with(Command::new(env!("CARGO_BIN_EXE_portico")).args(with_cache(args)))
    }

    /// [`Self::run`] on a fixed day, 2026-11-25 (`SOURCE_DATE_EPOCH`), for checks that depend on dates.
    #[track_caller]
    pub(crate) fn run_dated(&self, args: &[&str]) -> Run {
        self.run_with(
            Command::new(env!("CARGO_BIN_EXE_portico"))
                .args(with_cache(args))
                .env("SOURCE_DATE_EPOCH", "1795564800"),
        )
    }

    fn run_with(&self, command: &mut Command) -> Run {
        let output = command
            .current_dir(self.root.parent().expect("a parent"))
            .output()
            .expect("run portico");
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    /// A built file under `public/`.
    #[track_caller]
    pub(crate) fn output(&self, rel: &str) -> String {
        self.read(&format!("public/{rel}"))
    }

    /// The path under `public/` of a fingerprinted asset: `css/clinic.css` is written as
    /// `css/clinic.HASH.css`.
    #[track_caller]
    pub(crate) fn asset(&self, rel: &str) -> String {
        let (stem, extension) = rel.rsplit_once('.').expect("an extension");
        let dir = self
            .root
            .join("public")
            .join(rel)
            .parent()
            .expect("a folder")
            .to_path_buf();
        let name = Path::new(stem)
            .file_name()
            .expect("a name")
            .to_string_lossy()
            .into_owned();
        let found = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .find(|f| {
                f.starts_with(&format!("{name}."))
                    && f.ends_with(&format!(".{extension}"))
                    && f.matches('.').count() == 2
            })
            .unwrap_or_else(|| panic!("no fingerprinted {rel}"));
        format!(
            "{}/{found}",
            Path::new(rel).parent().expect("a folder").display()
        )
    }

    /// Every file under `public/` with its bytes, to compare a folder before and after.
    #[track_caller]
    pub(crate) fn output_tree(&self) -> BTreeMap<String, Vec<u8>> {
        tree(&self.root.join("public"))
    }
}

/// Snapshots do not change with every stylesheet edit: content hashes and integrity values are masked.
#[track_caller]
pub(crate) fn stable(html: &str) -> String {
    let hash = regex_lite::Regex::new(r"\.[0-9a-f]{10}\.(css|js)").expect("a pattern");
    let integrity = regex_lite::Regex::new(r#"integrity="sha384-[^"]+""#).expect("a pattern");
    integrity
        .replace_all(
            &hash.replace_all(html, ".HASH.$1"),
            r#"integrity="sha384-…""#,
        )
        .into_owned()
}

#[track_caller]
pub(crate) fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.expect("walk"))
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .expect("inside")
                .to_string_lossy()
                .replace('\\', "/");
            (rel, std::fs::read(e.path()).expect("read"))
        })
        .collect()
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk the fixture");
        let rel = entry.path().strip_prefix(from).expect("inside the fixture");
        if rel.starts_with("public") || rel.starts_with(".portico-cache") {
            continue;
        }
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("create a folder");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy a file");
        }
    }
}

/// Builds the example once into the shared cache, before any test that copies it builds: tests run at
/// once, and without this each would process the same photos at the same time.
fn warm_the_cache(site: &SiteTest) {
    static WARM: std::sync::OnceLock<()> = std::sync::OnceLock::new();
    WARM.get_or_init(|| {
        let out = tempfile::tempdir().expect("a temporary folder");
        let mut options = site.options();
        options.output = Some(out.path().join("public"));
        portico::build(&options).unwrap_or_else(|d| panic!("the example does not build:\n{d}"));
    });
}

/// The image cache the tests share, so the example's photos are processed once per test run rather
/// than once per test. Files in it are named by their content and parameters, so sharing it cannot
/// give one site another's pictures; the tests of the cache itself use a site's own. A new one for
/// every run (the folders of earlier runs are removed), so no test passes on files an older pipeline
/// made.
pub(crate) fn shared_cache() -> PathBuf {
    static DIR: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    DIR.get_or_init(|| {
        let parent = Path::new(env!("CARGO_TARGET_TMPDIR"));
        let ours = format!("portico-test-cache-{}", std::process::id());
        for entry in std::fs::read_dir(parent).into_iter().flatten().flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with("portico-test-cache") && name != ours {
                let _ = std::fs::remove_dir_all(entry.path());
            }
        }
        parent.join(ours)
    })
    .clone()
}

fn with_cache(args: &[&str]) -> Vec<std::ffi::OsString> {
    let mut all: Vec<std::ffi::OsString> = args.iter().map(Into::into).collect();
    if let Some(&command) = args.first()
        && ["build", "check", "serve"].contains(&command)
        && !args.contains(&"--help")
    {
        all.push("--cache".into());
        all.push(shared_cache().into());
    }
    all
}

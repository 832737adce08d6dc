//! Interrupted and failing writes: a build killed at any moment (SIGKILL, nothing to clean up) leaves the
//! output folder as the complete old site or the complete new one, never a mix or nothing; a full disk
//! and an output folder Portico may not write give a clear error and leave the old site in place.

use std::collections::BTreeMap;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::harness::{SiteTest, tree};

/// A site with enough pages that a build spends real time writing.
fn large_site(version: &str) -> SiteTest {
    let site = SiteTest::fixture("basic");
    write_pages(&site, version);
    site
}

fn write_pages(site: &SiteTest, version: &str) {
    for i in 0..600 {
        site.write(
            &format!("content/bulk/page-{i}.md"),
            &format!(
                "---\ntitle: Page {i}\n---\nThis is page {i}, {version}.\n\n{}\n",
                "Some words. ".repeat(40)
            ),
        );
    }
}

fn portico(site: &SiteTest) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_portico"));
    command
        .args(["build", "--root", "site", "--quiet"])
        .current_dir(site.root.parent().expect("a parent"))
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    command
}

/// A small deterministic generator (xorshift), so a failure can be replayed.
struct Random(u64);

impl Random {
    fn below(&mut self, bound: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % bound.max(1)
    }
}

#[test]
fn a_build_killed_at_any_moment_leaves_the_old_site_or_the_new_one() {
    let site = large_site("version one");
    assert!(portico(&site).status().expect("build").success());
    // The kills are spread over a rebuild's time, not the first build's: a build into an empty folder
    // creates every folder and file, and takes longer than the builds below, which update the staging
    // tree.
    let mut duration = Duration::MAX;
    for _ in 0..2 {
        let started = Instant::now();
        assert!(portico(&site).status().expect("build").success());
        duration = duration.min(started.elapsed());
    }
    let public = site.root.join("public");
    let one: BTreeMap<String, Vec<u8>> = tree(&public);

    write_pages(&site, "version two");
    let other = site.root.parent().expect("a parent").join("two");
    let status = portico(&site)
        .args(["--output"])
        .arg(&other)
        .status()
        .expect("build");
    assert!(status.success());
    let two = tree(&other);
    assert_ne!(one, two);

    // Flip between the two versions; each time kill the build somewhere between its start and a little
    // past its usual end, then look at the output folder.
    let mut random = Random(0x5eed_cafe);
    let versions = [("version one", &one), ("version two", &two)];
    // The version on disk now; each round builds the other one.
    let mut live = 1;
    let (mut killed, mut finished) = (0, 0);
    for round in 0..30 {
        let (text, wanted) = versions[1 - live];
        write_pages(&site, text);
        let mut child = portico(&site).spawn().expect("start the build");
        let wait = random.below(u64::try_from(duration.as_millis()).unwrap_or(1000) * 5 / 4);
        std::thread::sleep(Duration::from_millis(wait));
        let _ = child.kill();
        let status = child.wait().expect("the build ends");
        if status.success() {
            finished += 1;
        } else {
            killed += 1;
        }
        let now = tree(&public);
        if &now == wanted {
            live = 1 - live;
        } else {
            assert!(
                &now == versions[live].1,
                "round {round}: after a kill at {wait} ms the output is neither the old site nor the new one ({} files)",
                now.len()
            );
        }
    }
    assert!(
        killed >= 10,
        "the builds were really interrupted ({killed} killed, {finished} finished)"
    );
}

/// Builds the basic site, changes a page, runs `portico build --root site` through `run` (in the site's
/// parent folder), and checks that it failed with `help` and left the old site in place.
fn fails_to_write(
    run: impl FnOnce(&SiteTest, &std::path::Path) -> std::process::Output,
    help: &str,
) {
    let site = SiteTest::fixture("basic");
    site.build_ok();
    let before = site.output_tree();
    site.edit(
        "content/about.md",
        "It has a play corner.",
        "It has a new corner.",
    );
    let parent = site.root.parent().expect("a parent").to_path_buf();
    let output = run(&site, &parent);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains(help), "{stderr}");
    assert!(
        stderr.contains("the previous output was left as it was"),
        "{stderr}"
    );
    assert!(site.output_tree() == before, "the old site is in place");
}

#[test]
fn a_full_disk_is_a_clear_error_and_the_old_site_stays() {
    // No file may grow past 2 KB, so the first page written fails as on a full disk (EFBIG, like
    // ENOSPC). The shell ignores SIGXFSZ, and the ignored signal passes to Portico through exec, so the
    // write returns an error instead of killing the process.
    fails_to_write(
        |_, parent| {
            Command::new("sh")
                .args([
                    "-c",
                    "trap '' XFSZ; exec prlimit --fsize=2048 \"$0\" build --root site",
                ])
                .arg(env!("CARGO_BIN_EXE_portico"))
                .current_dir(parent)
                .output()
                .expect("run portico under prlimit")
        },
        "the disk is full",
    );
}

#[test]
fn an_output_folder_portico_may_not_write_is_a_clear_error_and_the_old_site_stays() {
    use std::os::unix::fs::PermissionsExt;
    // The build replaces the output folder from beside it, so a folder whose parent is read-only cannot
    // be replaced. Root ignores permission bits, so as root the build runs as `nobody`, who may read the
    // site but not write there.
    let set = |path: &std::path::Path, mode| {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).expect("chmod");
    };
    fails_to_write(
        |_, parent| {
            set(parent, 0o555);
            let root = std::fs::metadata("/proc/self")
                .is_ok_and(|m| std::os::unix::fs::MetadataExt::uid(&m) == 0);
            let mut command = if root {
                let mut c = Command::new("setpriv");
                c.args([
                    "--reuid=65534",
                    "--regid=65534",
                    "--clear-groups",
                    env!("CARGO_BIN_EXE_portico"),
                ]);
                c
            } else {
                Command::new(env!("CARGO_BIN_EXE_portico"))
            };
            let output = command
                .args(["build", "--root", "site"])
                .current_dir(parent)
                .output()
                .expect("run portico");
            set(parent, 0o755);
            output
        },
        "Portico may not write here",
    );
}

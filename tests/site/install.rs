//! `install.sh` against a fake release folder served from 127.0.0.1: it installs the archive for the
//! platform when its SHA-256 matches `SHA256SUMS`, and refuses (installing nothing) when the archive was
//! changed, when `SHA256SUMS` does not list it, or when there is no build for the platform.

use std::fmt::Write as _;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;

use sha2::{Digest, Sha256};

/// A folder served over HTTP on 127.0.0.1 until the test ends: GET of a file's name gives the file.
struct ReleaseServer {
    url: String,
}

impl ReleaseServer {
    fn start(dir: &Path) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a port");
        let url = format!("http://{}", listener.local_addr().expect("an address"));
        let dir = dir.to_path_buf();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { continue };
                let mut request = String::new();
                let mut reader = BufReader::new(&stream);
                if reader.read_line(&mut request).is_err() {
                    continue;
                }
                // The rest of the request's head.
                let mut line = String::new();
                while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                    line.clear();
                }
                let name = request
                    .split(' ')
                    .nth(1)
                    .unwrap_or("/")
                    .trim_start_matches('/');
                let body = (!name.contains('/') && !name.contains(".."))
                    .then(|| std::fs::read(dir.join(name)).ok())
                    .flatten();
                let (status, body) = match body {
                    Some(body) => ("200 OK", body),
                    None => ("404 Not Found", b"not found".to_vec()),
                };
                let head = format!(
                    "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    body.len()
                );
                let _ = stream.write_all(head.as_bytes());
                let _ = stream.write_all(&body);
            }
        });
        ReleaseServer { url }
    }
}

/// A release folder with a Linux x86_64 archive holding a stand-in `portico`, and its `SHA256SUMS`.
fn release(dir: &Path) {
    let stage = dir.join("stage");
    std::fs::create_dir_all(&stage).expect("a folder");
    std::fs::write(
        stage.join("portico"),
        "#!/bin/sh\necho \"portico 9.9.9 (from the fake release)\"\n",
    )
    .expect("the stand-in");
    let archive = "portico-x86_64-linux.tar.gz";
    let status = Command::new("tar")
        .args(["-czf", &dir.join(archive).to_string_lossy(), "-C"])
        .arg(&stage)
        .arg("portico")
        .status()
        .expect("tar runs");
    assert!(status.success());
    let digest = Sha256::digest(std::fs::read(dir.join(archive)).expect("the archive"));
    let hex = digest.iter().fold(String::new(), |mut hex, b| {
        let _ = write!(hex, "{b:02x}");
        hex
    });
    std::fs::write(
        dir.join("SHA256SUMS"),
        format!("{hex}  {archive}\n0000  portico-aarch64-macos.tar.gz\n"),
    )
    .expect("SHA256SUMS");
}

struct Installed {
    code: i32,
    stderr: String,
    stdout: String,
    to: PathBuf,
}

/// Runs the real `install.sh` for `os`/`arch` against `url`, into a new folder.
fn install(url: &str, os: &str, arch: &str, work: &Path) -> Installed {
    for tool in ["curl", "tar", "sha256sum"] {
        let found = Command::new("sh")
            .args(["-c", &format!("command -v {tool}")])
            .output()
            .is_ok_and(|o| o.status.success());
        assert!(
            found,
            "{tool} is needed: apt-get install -y {tool} (.ci/run has it)"
        );
    }
    let to = work.join("bin");
    let output = Command::new("sh")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("install.sh"))
        .args(["--base-url", url, "--to"])
        .arg(&to)
        .env("PORTICO_INSTALL_OS", os)
        .env("PORTICO_INSTALL_ARCH", arch)
        .output()
        .expect("sh runs");
    Installed {
        code: output.status.code().unwrap_or(-1),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        to,
    }
}

#[test]
fn install_sh_installs_the_archive_whose_checksum_matches() {
    let dir = tempfile::tempdir().expect("a folder");
    release(dir.path());
    let server = ReleaseServer::start(dir.path());
    let run = install(&server.url, "Linux", "x86_64", dir.path());
    assert_eq!(run.code, 0, "{}", run.stderr);
    let installed = run.to.join("portico");
    let version = Command::new(&installed)
        .output()
        .expect("the installed program runs");
    assert_eq!(
        String::from_utf8_lossy(&version.stdout),
        "portico 9.9.9 (from the fake release)\n"
    );
    assert!(
        run.stdout.contains("Installed portico 9.9.9"),
        "{}",
        run.stdout
    );
}

#[test]
fn install_sh_refuses_a_changed_archive_and_installs_nothing() {
    let dir = tempfile::tempdir().expect("a folder");
    release(dir.path());
    let archive = dir.path().join("portico-x86_64-linux.tar.gz");
    let mut bytes = std::fs::read(&archive).expect("the archive");
    let last = bytes.len() - 1;
    bytes[last] ^= 0xff;
    std::fs::write(&archive, bytes).expect("tamper");
    let server = ReleaseServer::start(dir.path());
    let run = install(&server.url, "Linux", "amd64", dir.path());
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("but SHA256SUMS says") && run.stderr.contains("nothing was installed"),
        "{}",
        run.stderr
    );
    assert!(!run.to.join("portico").exists());
}

#[test]
fn install_sh_refuses_an_archive_that_sha256sums_does_not_list() {
    let dir = tempfile::tempdir().expect("a folder");
    release(dir.path());
    std::fs::write(
        dir.path().join("SHA256SUMS"),
        "0000  something-else.tar.gz\n",
    )
    .expect("sums");
    let server = ReleaseServer::start(dir.path());
    let run = install(&server.url, "Linux", "x86_64", dir.path());
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("SHA256SUMS lists no portico-x86_64-linux.tar.gz"),
        "{}",
        run.stderr
    );
    assert!(!run.to.join("portico").exists());
}

#[test]
fn install_sh_says_when_there_is_no_build_for_the_platform() {
    let dir = tempfile::tempdir().expect("a folder");
    release(dir.path());
    let server = ReleaseServer::start(dir.path());
    let run = install(&server.url, "Plan9", "x86_64", dir.path());
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("there is no Portico build for Plan9"),
        "{}",
        run.stderr
    );
    let run = install(&server.url, "Linux", "riscv64", dir.path());
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("no Portico build for riscv64 processors on linux"),
        "{}",
        run.stderr
    );
    assert!(!run.to.join("portico").exists());
}

#[test]
fn install_sh_that_did_not_come_from_a_release_asks_for_the_address() {
    let dir = tempfile::tempdir().expect("a folder");
    let output = Command::new("sh")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("install.sh"))
        .arg("--to")
        .arg(dir.path())
        .output()
        .expect("sh runs");
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("pass --base-url"));
}

#[test]
fn install_sh_without_home_or_a_folder_asks_for_one() {
    let dir = tempfile::tempdir().expect("a folder");
    release(dir.path());
    let server = ReleaseServer::start(dir.path());
    let output = Command::new("sh")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("install.sh"))
        .args(["--base-url", &server.url])
        .env_remove("HOME")
        .env("PORTICO_INSTALL_OS", "Linux")
        .env("PORTICO_INSTALL_ARCH", "x86_64")
        .output()
        .expect("sh runs");
    assert_eq!(output.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("HOME is not set: pass --to DIR"),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

//! How long from saving a page to the new page being served by `portico serve`, on the 10,000-page
//! benchmark site that `../shared/bench/gen-corpus.py` writes (the site Portico is measured on against
//! Hugo). Run with `cargo bench --bench serve_latency`; it prints the median and the 95th percentile of
//! 30 edits to one page's text, and of 5 edits to the site's `templates/page.html` (which extends the
//! theme's own `page.html`, so every one of the 10,000 pages renders again): the page in view, the
//! whole site (from the server's own line), and the server's memory after each template edit.
//!
//! The time is end to end, as a person sees it: the file is written, the watcher notices it (after a
//! 10 ms quiet period that merges an editor's burst of events), the site is updated in memory, and an
//! HTTP request polled every millisecond gets the new text. A rebuild that fails (the error overlay
//! shows) fails the benchmark: a marker found in an error message is not a re-render.

#![allow(
    clippy::print_stdout,
    reason = "a benchmark reports on standard output"
)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const PAGES: &str = "10000";

fn main() {
    let site = corpus();
    let mut server = Command::new(env!("CARGO_BIN_EXE_portico"))
        .args(["serve", "--port", "0", "--root"])
        .arg(&site)
        .stderr(Stdio::piped())
        .spawn()
        .expect("start portico serve");
    let mut lines = BufReader::new(server.stderr.take().expect("stderr")).lines();
    let first = lines
        .next()
        .and_then(Result::ok)
        .expect("the server starts");
    println!("{first}");
    let port: u16 = first
        .split("http://127.0.0.1:")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .and_then(|p| p.parse().ok())
        .expect("a port");
    let (sender, rebuilds) = std::sync::mpsc::channel::<String>();
    std::thread::spawn(move || {
        for line in lines.map_while(Result::ok) {
            if line.starts_with("changed ") {
                let _ = sender.send(line);
            }
        }
    });
    let pid = server.id();

    let page = pick_page(&site);
    let url = format!(
        "/{}/",
        page.strip_prefix(site.join("content"))
            .unwrap()
            .with_extension("")
            .display()
    );
    let original = std::fs::read_to_string(&page).unwrap();
    let mut one_page = Vec::new();
    for round in 0..30 {
        let marker = format!("bench-marker-{round}");
        one_page.push(time_edit(port, &url, &marker, || {
            std::fs::write(&page, format!("{original}\n\n{marker}\n")).unwrap();
        }));
        rebuilds
            .recv_timeout(Duration::from_secs(30))
            .expect("a rebuild line");
    }
    let template = site.join("templates/page.html");
    std::fs::create_dir_all(template.parent().unwrap()).unwrap();
    let mut in_view = Vec::new();
    let mut whole_site = Vec::new();
    let mut memory = vec![rss_mb(pid)];
    for round in 0..5 {
        let marker = format!("bench-template-{round}");
        in_view.push(time_edit(port, &url, &marker, || {
            let text = format!("{{% extends \"themes/clinic/page.html\" %}}{{% block content %}}{{{{ super() }}}}<p>{marker}</p>{{% endblock %}}\n");
            std::fs::write(&template, text).unwrap();
        }));
        let line = rebuilds
            .recv_timeout(Duration::from_secs(60))
            .expect("a rebuild line");
        let pages: usize = line
            .split("rebuilt ")
            .nth(1)
            .and_then(|rest| rest.split(' ').next())
            .and_then(|n| n.parse().ok())
            .unwrap_or(0);
        assert!(
            pages > 1_000,
            "the pages render again, not the whole site loaded: {line}"
        );
        whole_site.push(took(&line));
        memory.push(rss_mb(pid));
    }
    std::fs::write(&page, original).unwrap();
    std::fs::remove_file(&template).unwrap();
    let _ = server.kill();
    let _ = server.wait();
    report("edit to one page's text", &mut one_page);
    report("template change: the page in view", &mut in_view);
    report(
        "template change: all pages (server's own time)",
        &mut whole_site,
    );
    println!(
        "server memory (RSS) before and after each template change: {} MB",
        memory
            .iter()
            .map(|m| format!("{m:.0}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
}

/// The time at the end of the server's line `changed ...: rebuilt ... in N ms`.
fn took(line: &str) -> Duration {
    let ms: u64 = line
        .rsplit(" in ")
        .next()
        .and_then(|t| t.strip_suffix(" ms"))
        .and_then(|t| t.parse().ok())
        .unwrap_or_else(|| panic!("no time in {line:?}"));
    Duration::from_millis(ms)
}

/// The resident memory of process `pid` in MB, from `/proc` (Linux).
fn rss_mb(pid: u32) -> f64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

/// Writes with `edit`, then polls `url` until it contains `marker`.
fn time_edit(port: u16, url: &str, marker: &str, edit: impl FnOnce()) -> Duration {
    std::thread::sleep(Duration::from_millis(150));
    let started = Instant::now();
    edit();
    loop {
        let page = get(port, url);
        assert!(
            !page.contains("portico-error-overlay"),
            "the rebuild failed: {page}"
        );
        if page.contains(marker) {
            return started.elapsed();
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "{url} never showed {marker}"
        );
        std::thread::sleep(Duration::from_millis(1));
    }
}

fn get(port: u16, path: &str) -> String {
    let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)) else {
        return String::new();
    };
    let _ = write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    );
    let mut response = String::new();
    let _ = stream.read_to_string(&mut response);
    response
}

fn report(what: &str, samples: &mut [Duration]) {
    samples.sort();
    let median = samples[samples.len() / 2];
    let p95 = samples[(samples.len() * 95 / 100).min(samples.len() - 1)];
    println!(
        "{what}: median {:.1} ms, p95 {:.1} ms over {} saves",
        ms(median),
        ms(p95),
        samples.len()
    );
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// The benchmark site in `target/bench-corpus`, generated once.
fn corpus() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let site = manifest.join("target/bench-corpus");
    if !site.join("content/_index.md").is_file() {
        let script = manifest.join("../shared/bench/gen-corpus.py");
        let status = Command::new("python3")
            .arg(&script)
            .args(["--flavor", "plain", "-n", PAGES, "--force", "-o"])
            .arg(&site)
            .status()
            .expect("python3 runs gen-corpus.py");
        assert!(status.success(), "{} failed", script.display());
    }
    std::fs::write(
        site.join("portico.yaml"),
        "base_url: https://www.example.org\ntheme: clinic\npractice:\n  name: Riverside Family Medical Group\n  phone: \"(503) 555-0100\"\n",
    )
    .unwrap();
    site
}

/// A page in the biggest section, whose list page is the most expensive to render again.
fn pick_page(site: &Path) -> PathBuf {
    let mut pages: Vec<PathBuf> = std::fs::read_dir(site.join("content/blog"))
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.file_name().is_some_and(|n| n != "_index.md"))
        .collect();
    pages.sort();
    pages.swap_remove(pages.len() / 2)
}

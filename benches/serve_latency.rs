//! How long from saving a page to the new page being served by `portico serve`, on the 10,000-page
//! benchmark site that `../shared/bench/gen-corpus.py` writes (the site Portico is measured on against
//! Hugo). Run with `cargo bench --bench serve_latency`; it prints the median and the 95th percentile of
//! 30 edits to one page's text, and of 5 edits that need the whole site rebuilt (a template change).
//!
//! The time is end to end, as a person sees it: the file is written, the watcher notices it (after a
//! 10 ms quiet period that merges an editor's burst of events), the site is updated in memory, and an
//! HTTP request polled every millisecond gets the new text.

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
    std::thread::spawn(move || for _ in lines {});

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
    }
    let template = site.join("templates/page.html");
    std::fs::create_dir_all(template.parent().unwrap()).unwrap();
    let mut whole_site = Vec::new();
    for round in 0..5 {
        let marker = format!("bench-template-{round}");
        whole_site.push(time_edit(port, &url, &marker, || {
            let text = format!("{{% extends \"themes/clinic/page.html\" %}}{{% block content %}}{{{{ super() }}}}<p>{marker}</p>{{% endblock %}}\n");
            std::fs::write(&template, text).unwrap();
        }));
    }
    std::fs::write(&page, original).unwrap();
    std::fs::remove_file(&template).unwrap();
    let _ = server.kill();
    let _ = server.wait();
    report("edit to one page's text", &mut one_page);
    report("template change (whole site)", &mut whole_site);
}

/// Writes with `edit`, then polls `url` until it contains `marker`.
fn time_edit(port: u16, url: &str, marker: &str, edit: impl FnOnce()) -> Duration {
    std::thread::sleep(Duration::from_millis(150));
    let started = Instant::now();
    edit();
    loop {
        if get(port, url).contains(marker) {
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

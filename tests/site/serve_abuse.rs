//! `portico serve` under abuse, all at once: thousands of requests, slow clients that never finish their
//! request, oversized requests, traversal attempts and a storm of a thousand new files. The server stays
//! up, its memory stays bounded, and the next edit still reloads the page.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use crate::harness::SiteTest;
use crate::serve::Server;

/// The server's resident memory in MB, from /proc.
fn resident_mb(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("/proc status");
    let kb: u64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .expect("VmRSS");
    kb / 1024
}

/// Sends raw bytes and returns the status line, or "" when the server closed the connection.
fn raw(port: u16, request: &[u8]) -> String {
    let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)) else {
        return String::new();
    };
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("a timeout");
    let _ = stream.write_all(request);
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    String::from_utf8_lossy(&response)
        .lines()
        .next()
        .unwrap_or_default()
        .to_owned()
}

/// Many GETs of a few pages from `threads` threads; the number answered 200.
fn load(port: u16, threads: usize, each: usize) -> usize {
    let handles: Vec<_> = (0..threads)
        .map(|t| {
            std::thread::spawn(move || {
                (0..each)
                    .filter(|i| {
                        let path = ["/", "/about/", "/services/", "/es/"][(t + i) % 4];
                        let request = format!(
                            "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                        );
                        raw(port, request.as_bytes()).starts_with("HTTP/1.1 200")
                    })
                    .count()
            })
        })
        .collect();
    handles
        .into_iter()
        .map(|h| h.join().expect("a load thread"))
        .sum()
}

#[test]
fn the_server_survives_abuse_and_the_next_edit_still_reloads() {
    let site = SiteTest::fixture("basic");
    let server = Server::start(&site);
    let port = server.port;
    let pid = server.child.id();
    let before = resident_mb(pid);

    // Slow clients: half a request each, then nothing.
    let slow: Vec<TcpStream> = (0..200)
        .filter_map(|_| {
            let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
            stream
                .write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
                .ok()?;
            Some(stream)
        })
        .collect();
    assert_eq!(slow.len(), 200, "the slow clients connect");

    // A storm: a thousand new pages at once, while the load runs.
    let storm = {
        let root = site.root.clone();
        std::thread::spawn(move || {
            for i in 0..1000 {
                let path = root.join(format!("content/storm/page-{i}.md"));
                std::fs::create_dir_all(path.parent().expect("a parent")).expect("a folder");
                std::fs::write(
                    path,
                    format!("---\ntitle: Storm {i}\n---\nPage {i} of the storm.\n"),
                )
                .expect("a page");
            }
        })
    };
    let answered = load(port, 8, 500);
    storm.join().expect("the storm");
    assert_eq!(answered, 4000, "every request of the load is answered");

    // Oversized and hostile requests: refused, never served, never fatal.
    let long_header = format!(
        "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: {}\r\n\r\n",
        "a".repeat(1 << 20)
    );
    let status = raw(port, long_header.as_bytes());
    assert!(
        !status.contains(" 200 "),
        "a 1 MB header is refused: {status:?}"
    );
    let long_url = format!(
        "GET /{} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
        "x".repeat(200_000)
    );
    let status = raw(port, long_url.as_bytes());
    assert!(
        !status.contains(" 200 "),
        "a 200 KB address is refused: {status:?}"
    );
    for path in [
        "/../portico.yaml",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/..%5c..%5cportico.yaml",
        "//etc/passwd",
    ] {
        let request =
            format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        let status = raw(port, request.as_bytes());
        assert!(status.contains(" 404 "), "{path}: {status:?}");
    }
    let status = raw(
        port,
        b"\x16\x03\x01\x02\x00garbage that is not HTTP\r\n\r\n",
    );
    assert!(!status.contains(" 200 "), "garbage is refused: {status:?}");

    // Still up, and the storm's pages are served once the rebuild settles. A minute: in CI this runs
    // beside the rest of the suite, the image tests' encoders among it, on two cores.
    let body = server.wait_for_within(
        "/storm/page-999/",
        "Page 999 of the storm",
        true,
        Duration::from_secs(60),
    );
    assert!(
        body.contains("Page 999 of the storm"),
        "the storm's last page is served"
    );
    drop(slow);
    let after = resident_mb(pid);
    assert!(
        after < before + 300,
        "memory stays bounded: {before} MB before, {after} MB after"
    );

    // The next edit still reloads.
    let events = server.events();
    site.edit(
        "content/about.md",
        "It has a play corner.",
        "It has a calm corner.",
    );
    let event = events
        .recv_timeout(Duration::from_secs(60))
        .expect("a reload event");
    assert_eq!(event, "reload");
    // The edit's rebuild, as slow as the storm's in CI.
    let body = server.wait_for_within("/about/", "calm corner", true, Duration::from_secs(60));
    assert!(body.contains("calm corner"));
}

//! `portico serve`, driven as a user would: the real binary on a free port, HTTP over a plain socket.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use crate::harness::SiteTest;

/// A running `portico serve`, stopped when dropped.
pub(crate) struct Server {
    pub(crate) child: Child,
    pub(crate) port: u16,
    pub(crate) log: Receiver<String>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    pub(crate) fn start(site: &SiteTest) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_portico"))
            .args(["serve", "--root"])
            .arg(&site.root)
            .args(["--port", "0", "--cache"])
            .arg(crate::harness::shared_cache())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start portico serve");
        let stderr = child.stderr.take().expect("stderr");
        let (sender, log) = channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let _ = sender.send(line);
            }
        });
        let first = log
            .recv_timeout(Duration::from_secs(30))
            .expect("the server starts");
        let port = first
            .split("http://127.0.0.1:")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("no address in {first:?}"));
        Server { child, port, log }
    }

    /// Sends `GET path` exactly as written and returns the status and the body.
    pub(crate) fn get(&self, path: &str) -> (u16, String) {
        let (status, _, body) = self.get_with_headers(path);
        (status, body)
    }

    /// Sends `GET path` and returns the status, the header block (as sent) and the body.
    pub(crate) fn get_with_headers(&self, path: &str) -> (u16, String, String) {
        self.request(path, "")
    }

    /// Sends `GET path` with `extra` header lines (each ending in `\r\n`).
    pub(crate) fn request(&self, path: &str, extra: &str) -> (u16, String, String) {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).expect("connect");
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n{extra}\r\n"
        )
        .unwrap();
        // Bytes, not text: a picture's body is not UTF-8, and only its headers are compared.
        let mut bytes = Vec::new();
        stream.read_to_end(&mut bytes).expect("a response");
        let response = String::from_utf8_lossy(&bytes);
        let status = response
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let (head, body) = response.split_once("\r\n\r\n").unwrap_or_default();
        (status, head.to_owned(), body.to_owned())
    }

    /// The names of the server-sent events, as they arrive.
    pub(crate) fn events(&self) -> Receiver<String> {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).expect("connect");
        write!(
            stream,
            "GET /__portico/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n"
        )
        .unwrap();
        let (sender, events) = channel();
        let (ready, subscribed) = channel();
        std::thread::spawn(move || {
            let mut lines = BufReader::new(stream).lines().map_while(Result::ok);
            // The server subscribes before it answers: its status line means later events reach us.
            if lines.next().is_some_and(|status| status.contains(" 200 ")) {
                let _ = ready.send(());
            }
            for line in lines {
                if let Some(name) = line.strip_prefix("event: ") {
                    let _ = sender.send(name.to_owned());
                }
            }
        });
        subscribed
            .recv_timeout(Duration::from_secs(10))
            .expect("the server answers the subscription");
        events
    }

    /// Waits until a page contains (or no longer contains) `needle`.
    pub(crate) fn wait_for(&self, path: &str, needle: &str, present: bool) -> String {
        self.wait_for_within(path, needle, present, Duration::from_secs(15))
    }

    /// [`Server::wait_for`] with a longer wait, for a rebuild that follows a heavy one while every other
    /// test of the suite runs too.
    pub(crate) fn wait_for_within(
        &self,
        path: &str,
        needle: &str,
        present: bool,
        wait: Duration,
    ) -> String {
        let deadline = Instant::now() + wait;
        loop {
            let (_, body) = self.get(path);
            if body.contains(needle) == present || Instant::now() > deadline {
                return body;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

#[test]
fn pages_are_served_from_memory_with_the_reload_script() {
    let site = SiteTest::fixture("basic");
    let server = Server::start(&site);
    let (status, body) = server.get("/about/");
    assert_eq!(status, 200);
    assert!(body.contains("<h1>About us</h1>"), "{body}");
    assert!(
        body.contains(r#"<head><script src="/__portico/live-reload.js"></script>"#),
        "the script comes first: {body}"
    );
    let (status, body) = server.get("/no-such-page/");
    assert_eq!(status, 404);
    assert!(body.contains("We can"), "the site's own 404 page is served");
    // Under a language's folder, that language's 404 page, as the hosts serve it.
    let (status, body) = server.get("/es/no-such-page/");
    assert_eq!(status, 404);
    assert!(body.contains("No encontramos esa página"), "{body}");
    assert!(
        !site.root.join("public").exists(),
        "serving writes nothing to disk"
    );
}

#[test]
fn an_edit_sends_a_reload_and_the_new_content_is_served() {
    let site = SiteTest::fixture("basic");
    let server = Server::start(&site);
    let events = server.events();
    site.edit(
        "content/about.md",
        "It has a play corner.",
        "It has a new reading corner.",
    );
    let event = events
        .recv_timeout(Duration::from_secs(15))
        .expect("a reload event");
    assert_eq!(event, "reload");
    let body = server.wait_for("/about/", "new reading corner", true);
    assert!(body.contains("new reading corner"));
    let line = server
        .log
        .recv_timeout(Duration::from_secs(5))
        .expect("a rebuild line");
    assert!(
        line.starts_with("changed content/about.md: rebuilt "),
        "{line}"
    );
}

#[test]
fn a_broken_page_shows_the_overlay_until_it_is_fixed() {
    let site = SiteTest::fixture("basic");
    let server = Server::start(&site);
    let good = site.read("content/about.md");
    site.write(
        "content/about.md",
        &good.replace("title: About us", "title: [About us"),
    );
    let body = server.wait_for("/about/", "portico-error-overlay", true);
    assert!(
        body.contains("portico-error-overlay"),
        "the overlay is shown"
    );
    assert!(
        body.contains("content/about.md:2:"),
        "with the file, line and column"
    );
    assert!(
        body.contains("Our team"),
        "over the last good version of the page"
    );
    site.write("content/about.md", &good);
    let body = server.wait_for("/about/", "portico-error-overlay", false);
    assert!(
        !body.contains("portico-error-overlay"),
        "fixing the file clears it"
    );
}

#[test]
fn traversal_paths_get_404() {
    let site = SiteTest::fixture("basic");
    let server = Server::start(&site);
    for path in [
        "/../portico.yaml",
        "/%2e%2e/portico.yaml",
        "/%2E%2E%2Fportico.yaml",
        "/css/..%5c..%5cportico.yaml",
        "/css/",
        "/images/",
    ] {
        let (status, body) = server.get(path);
        assert_eq!(status, 404, "{path}");
        assert!(!body.contains("base_url"), "{path} leaked the config");
    }
}

#[test]
fn the_server_stays_up_under_a_burst_of_requests() {
    let site = SiteTest::fixture("basic");
    let server = Server::start(&site);
    let handles: Vec<_> = (0..8)
        .map(|_| {
            let port = server.port;
            std::thread::spawn(move || {
                (0..25)
                    .filter(|_| {
                        let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)) else {
                            return false;
                        };
                        let _ = write!(
                            stream,
                            "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                        );
                        let mut response = String::new();
                        stream.read_to_string(&mut response).is_ok()
                            && response.starts_with("HTTP/1.1 200")
                    })
                    .count()
            })
        })
        .collect();
    let ok: usize = handles.into_iter().map(|h| h.join().unwrap()).sum();
    assert_eq!(ok, 200, "every request of the burst is answered");
    assert_eq!(server.get("/").0, 200, "and the server is still up");
}

#[test]
fn a_port_in_use_is_a_clear_error() {
    let site = SiteTest::fixture("basic");
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let run = site.run(&["serve", "--root", "site", "--port", &port]);
    assert_eq!(run.code, 1);
    assert!(
        !run.stderr.contains("previous output"),
        "a port says nothing of builds: {}",
        run.stderr
    );
    assert!(
        run.stderr.contains("--port 0 for a free one"),
        "{}",
        run.stderr
    );
}

#[test]
fn built_output_never_has_the_reload_script() {
    let site = SiteTest::fixture("basic");
    site.build_ok();
    for (path, bytes) in crate::harness::tree(&site.root.join("public")) {
        assert!(
            !String::from_utf8_lossy(&bytes).contains("__portico"),
            "{path}"
        );
    }
}

#[test]
fn a_text_edit_renders_only_that_page_and_a_new_description_its_lists_too() {
    let site = SiteTest::fixture("basic");
    let server = Server::start(&site);
    site.edit(
        "content/services/checkups.md",
        "We check growth, hearing and vision.",
        "We check growth, hearing, vision and teeth.",
    );
    let line = server
        .log
        .recv_timeout(Duration::from_secs(15))
        .expect("a rebuild line");
    assert!(
        line.contains(": rebuilt 1 page in "),
        "only the page itself: {line}"
    );
    assert!(
        server
            .wait_for("/services/checkups/", "vision and teeth", true)
            .contains("vision and teeth")
    );
    site.edit(
        "content/services/checkups.md",
        "description: Yearly well-child visits.",
        "description: Yearly visits for growing kids.",
    );
    let line = server
        .log
        .recv_timeout(Duration::from_secs(15))
        .expect("a rebuild line");
    assert!(
        line.contains(": rebuilt 3 pages in "),
        "the page, its section and the home page: {line}"
    );
    assert!(
        server
            .wait_for("/services/", "Yearly visits for growing kids.", true)
            .contains("Yearly visits for growing kids.")
    );
    site.edit(
        "content/services/checkups.md",
        "title: Checkups",
        "title: Well-child checkups",
    );
    let line = server
        .log
        .recv_timeout(Duration::from_secs(15))
        .expect("a rebuild line");
    assert!(
        line.contains(": rebuilt all "),
        "a new title changes navigation and lists: everything renders again: {line}"
    );
}

#[test]
fn a_site_under_a_subpath_is_served_under_it() {
    let site = SiteTest::fixture("basic");
    site.edit(
        "portico.yaml",
        "base_url: https://www.maplestreetkids.example",
        "base_url: https://agency.example/maple/",
    );
    let server = Server::start(&site);
    let (status, body) = server.get("/maple/about/");
    assert_eq!(status, 200);
    assert!(
        body.contains(&format!(
            r#"href="http://127.0.0.1:{}/maple/about/""#,
            server.port
        )) || body.contains(r#"href="/maple/"#),
        "links keep the subpath"
    );
    assert_eq!(
        server.get("/about/").0,
        404,
        "outside the subpath is not the site"
    );
}

#[test]
fn a_template_change_renders_the_pages_that_use_it() {
    let site = SiteTest::fixture("basic");
    let template = "{% extends \"base.html\" %}{% block content %}<p>sections, first version</p>{% endblock %}\n";
    site.write("templates/section.html", template);
    let server = Server::start(&site);
    assert!(
        server
            .get("/services/")
            .1
            .contains("sections, first version")
    );
    site.write(
        "templates/section.html",
        &template.replace("first", "second"),
    );
    let line = server
        .log
        .recv_timeout(Duration::from_secs(15))
        .expect("a rebuild line");
    assert!(
        line.contains("template section.html") && line.contains(": rebuilt 2 pages in "),
        "the two sections only: {line}"
    );
    assert!(
        server
            .wait_for("/news/", "sections, second version", true)
            .contains("second version")
    );
}

/// A page rendered again after an edit goes through the plugins' page filters like every page of a
/// build: for GitHub Pages, the CSP `<meta>` tag is still there.
#[test]
fn a_page_rendered_again_keeps_what_the_plugins_add_to_pages() {
    let site = SiteTest::fixture("basic");
    site.write(
        "portico.yaml",
        &(site.read("portico.yaml") + "deploy:\n  targets: [github-pages]\n"),
    );
    let server = Server::start(&site);
    let csp = r#"<meta http-equiv="Content-Security-Policy""#;
    let (_, before) = server.get("/about/");
    assert!(before.contains(csp), "{before}");
    site.edit(
        "content/about.md",
        "It has a play corner.",
        "It has a new reading corner.",
    );
    let body = server.wait_for("/about/", "new reading corner", true);
    assert!(body.contains("new reading corner"), "{body}");
    assert!(body.contains(csp), "{body}");
}

/// The value of header `name` in a header block.
fn header<'h>(head: &'h str, name: &str) -> Option<&'h str> {
    head.lines().find_map(|line| {
        let (n, v) = line.split_once(": ")?;
        n.eq_ignore_ascii_case(name).then_some(v)
    })
}

#[test]
fn the_preview_sends_the_headers_of_the_first_deploy_target() {
    let site = SiteTest::fixture("basic");
    site.write(
        "portico.yaml",
        &(site.read("portico.yaml")
            + "portal:\n  vendor: drchrono\n  login_url: https://www.onpatient.com/login/\n  verified: 2026-11-01\n\
               deploy:\n  targets: [netlify]\n  allow:\n    frame-src: [https://www.google.com/maps/embed/]\n"),
    );
    let server = Server::start(&site);
    let (status, head, _) = server.get_with_headers("/about/");
    assert_eq!(status, 200);
    let csp = header(&head, "content-security-policy").expect("a CSP header");
    assert!(csp.starts_with("default-src 'self'"), "{csp}");
    assert!(
        csp.contains("frame-src https://www.google.com/maps/embed/"),
        "{csp}"
    );
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    assert!(
        !csp.contains("upgrade-insecure-requests"),
        "the preview is http: {csp}"
    );
    assert_eq!(header(&head, "x-frame-options"), Some("DENY"));
    assert!(header(&head, "permissions-policy").is_some_and(|p| p.contains("camera=()")));
    assert_eq!(
        header(&head, "referrer-policy"),
        Some("strict-origin-when-cross-origin")
    );
    assert_eq!(
        header(&head, "strict-transport-security"),
        None,
        "no HSTS over http"
    );
    let (_, head, _) = server.get_with_headers("/patient-portal/");
    assert_eq!(header(&head, "referrer-policy"), Some("no-referrer"));
    let (_, head, body) = server.get_with_headers("/__portico/live-reload.js");
    assert!(header(&head, "content-type").is_some_and(|t| t.starts_with("text/javascript")));
    assert!(
        body.contains("securitypolicyviolation"),
        "the script reports what the policy blocks"
    );
}

#[test]
fn a_blocked_address_is_answered_with_the_deploy_allow_line() {
    let site = SiteTest::fixture("basic");
    let server = Server::start(&site);
    let report = "/__portico/csp-violation?directive=frame-src&blocked=https%3A%2F%2Fwww.google.com%2Fmaps%2Fembed%3Fpb%3D1&page=%2Fcontact%2F";
    let (status, _, _) = server.request(report, "Sec-Fetch-Site: cross-site\r\n");
    assert_eq!(
        status, 403,
        "another website cannot print advice in the terminal"
    );
    let (status, _, body) = server.request(report, "Sec-Fetch-Site: same-origin\r\n");
    assert_eq!(status, 200);
    assert!(
        body.contains("blocked `https://www.google.com/maps/embed?pb=1`"),
        "{body}"
    );
    assert!(body.contains("on /contact/"), "{body}");
    assert!(
        body.contains("deploy:\n  allow:\n    frame-src: [https://www.google.com]"),
        "{body}"
    );
    let told = server
        .log
        .recv_timeout(Duration::from_secs(10))
        .expect("the terminal is told");
    assert!(
        told.contains("blocked `https://www.google.com/maps/embed?pb=1`"),
        "{told}"
    );
}

#[test]
fn a_site_template_can_extend_the_themes_own() {
    let site = SiteTest::fixture("basic");
    site.write(
        "templates/page.html",
        "{% extends \"themes/clinic/page.html\" %}{% block content %}{{ super() }}<p>site addition</p>{% endblock %}\n",
    );
    site.build_ok();
    let page = site.output("about/index.html");
    assert!(page.contains("<p>site addition</p>"), "{page}");
    assert!(
        page.contains("About us"),
        "the theme's page is kept: {page}"
    );
}

#[test]
fn after_a_template_change_the_page_in_view_comes_back_first() {
    let site = SiteTest::fixture("basic");
    for n in 0..100 {
        site.write(
            &format!("content/news/note-{n:03}.md"),
            &format!("---\ntitle: Note {n}\ndate: 2026-01-01\n---\nA short note.\n"),
        );
    }
    let template = "{% extends \"themes/clinic/page.html\" %}{% block content %}{{ super() }}<p>old footer note</p>{% endblock %}\n";
    site.write("templates/page.html", template);
    let server = Server::start(&site);
    assert_eq!(server.get("/news/note-050/").0, 200);
    site.write("templates/page.html", &template.replace("old", "new"));
    let line = server
        .log
        .recv_timeout(Duration::from_secs(15))
        .expect("a rebuild line");
    assert!(
        line.contains("(the page in view in "),
        "the page the browser showed renders first: {line}"
    );
    assert!(server.get("/news/note-050/").1.contains("new footer note"));
    assert!(
        server.get("/news/note-001/").1.contains("new footer note"),
        "and then the rest"
    );
}

#[test]
fn the_preview_serves_the_pictures_a_build_made_from_the_same_cache() {
    let site = SiteTest::fixture("basic");
    let photo = image::RgbImage::from_fn(640, 480, |x, y| {
        image::Rgb([x.to_le_bytes()[0], y.to_le_bytes()[0], 120])
    });
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 90)
        .encode_image(&photo)
        .unwrap();
    site.write_bytes("static/images/office.jpg", &jpeg);
    site.edit(
        "content/about.md",
        "\n## ",
        "\n![Our office](/images/office.jpg)\n\n## ",
    );
    site.build_ok();
    let built = site.output("about/index.html");
    let cache = crate::harness::shared_cache().join("images");
    let names: Vec<&str> = built
        .match_indices("/img/office.")
        .map(|(at, _)| {
            let rest = &built[at + 5..];
            &rest[..rest.find([' ', '"']).unwrap()]
        })
        .collect();
    assert!(names.len() >= 6, "{built}");
    let key = |name: &str| name.split('.').nth(1).unwrap().to_owned();
    let made = |name: &str| {
        let file = cache.join(format!(
            "{}.{}",
            key(name),
            name.rsplit('.').next().unwrap()
        ));
        std::fs::metadata(&file)
            .and_then(|m| m.modified())
            .unwrap_or_else(|e| panic!("{}: {e}", file.display()))
    };
    let before: Vec<_> = names.iter().map(|n| made(n)).collect();
    let server = Server::start(&site);
    let (status, page) = server.get("/about/");
    assert_eq!(status, 200);
    for name in &names {
        assert!(
            page.contains(&format!("/img/{name}")),
            "the preview links the build's {name}"
        );
    }
    let avif = names.iter().find(|n| n.ends_with(".avif")).unwrap();
    let (status, headers, _) = server.get_with_headers(&format!("/img/{avif}"));
    assert_eq!(status, 200);
    assert!(
        headers
            .to_ascii_lowercase()
            .contains("content-type: image/avif"),
        "{headers}"
    );
    let after: Vec<_> = names.iter().map(|n| made(n)).collect();
    assert_eq!(before, after, "the preview made none of them again");
}

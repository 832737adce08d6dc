//! The deploy files on a real web server: nginx (from Debian's package; `.ci/run` installs it) serves the
//! built example with the generated snippet, and every header is checked on the wire. And a subpath build
//! is link-checked.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::harness::{SiteTest, tree};

fn nginx() -> PathBuf {
    ["/usr/sbin/nginx", "/usr/bin/nginx"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.is_file())
        .expect("nginx is not installed: run `apt-get install -y nginx` (.ci/run does this)")
}

/// nginx serving `public` with the generated snippet, stopped when dropped.
struct Nginx {
    child: Child,
    port: u16,
    conf: PathBuf,
}

impl Drop for Nginx {
    fn drop(&mut self) {
        // `-s stop` ends the workers too; killing the master alone would leave them running.
        let _ = Command::new(nginx())
            .arg("-c")
            .arg(&self.conf)
            .args(["-s", "stop"])
            .output();
        let _ = self.child.wait();
    }
}

impl Nginx {
    fn start(public: &Path, work: &Path) -> Nginx {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let temp = work.join("nginx-temp");
        std::fs::create_dir_all(&temp).unwrap();
        let conf = work.join("nginx.conf");
        let t = temp.display();
        std::fs::write(
            &conf,
            format!(
                "daemon off;\nworker_processes 1;\npid {t}/nginx.pid;\nerror_log {t}/error.log;\nevents {{}}\nhttp {{\n  include /etc/nginx/mime.types;\n  access_log off;\n  client_body_temp_path {t}/body;\n  proxy_temp_path {t}/proxy;\n  fastcgi_temp_path {t}/fastcgi;\n  uwsgi_temp_path {t}/uwsgi;\n  scgi_temp_path {t}/scgi;\n  server {{\n    listen 127.0.0.1:{port};\n    root {};\n    include {};\n  }}\n}}\n",
                public.display(),
                public.join(".portico/nginx.conf").display()
            ),
        )
        .unwrap();
        let check = Command::new(nginx())
            .arg("-t")
            .arg("-c")
            .arg(&conf)
            .output()
            .expect("run nginx -t");
        assert!(
            check.status.success(),
            "nginx -t rejects the snippet:\n{}",
            String::from_utf8_lossy(&check.stderr)
        );
        let child = Command::new(nginx())
            .arg("-c")
            .arg(&conf)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start nginx");
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "nginx did not start"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        Nginx { child, port, conf }
    }

    /// The status line and headers (lowercase names) of `GET path`.
    fn head(&self, path: &str) -> (u16, Vec<(String, String)>) {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut response = Vec::new();
        stream.read_to_end(&mut response).unwrap();
        let text = String::from_utf8_lossy(&response);
        let head = text.split("\r\n\r\n").next().unwrap_or_default();
        let mut lines = head.lines();
        let status = lines
            .next()
            .and_then(|l| l.split(' ').nth(1))
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let headers = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
            .collect();
        (status, headers)
    }
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> &'a str {
    headers
        .iter()
        .find(|(n, _)| n == name)
        .map_or("", |(_, v)| v.as_str())
}

#[test]
fn nginx_serves_the_example_with_every_header() {
    let site = SiteTest::example();
    let mut options = site.options();
    options.overrides.today = portico::config::Date::parse("2026-11-25").ok();
    portico::build(&options).unwrap_or_else(|d| panic!("{d}"));
    let server = Nginx::start(&site.root.join("public"), site.root.parent().unwrap());

    let (status, page) = server.head("/about/");
    assert_eq!(status, 200);
    let csp = header(&page, "content-security-policy");
    assert!(
        csp.starts_with("default-src 'self'")
            && csp.contains("frame-ancestors 'none'")
            && !csp.contains("unsafe-inline"),
        "{csp}"
    );
    assert_eq!(
        header(&page, "strict-transport-security"),
        "max-age=31536000; includeSubDomains"
    );
    assert_eq!(header(&page, "x-content-type-options"), "nosniff");
    assert_eq!(
        header(&page, "referrer-policy"),
        "strict-origin-when-cross-origin"
    );
    assert!(header(&page, "permissions-policy").contains("camera=()"));
    assert_eq!(
        header(&page, "cache-control"),
        "public, max-age=0, must-revalidate"
    );

    let css = site.asset("css/clinic.css");
    let (status, asset) = server.head(&format!("/{css}"));
    assert_eq!(status, 200);
    assert_eq!(
        header(&asset, "cache-control"),
        "public, max-age=31536000, immutable"
    );
    assert!(header(&asset, "content-security-policy").starts_with("default-src 'self'"));

    let (status, portal) = server.head("/patient-portal/");
    assert_eq!(status, 200);
    assert_eq!(header(&portal, "referrer-policy"), "no-referrer");
    assert!(!header(&portal, "content-security-policy").is_empty());

    let (status, redirect) = server.head("/new-patient/");
    assert_eq!(status, 301);
    assert!(
        header(&redirect, "location").ends_with("/new-patients/"),
        "{redirect:?}"
    );

    let (status, _) = server.head("/no-such-page/");
    assert_eq!(status, 404);
    let (status, _) = server.head("/.portico/nginx.conf");
    assert_eq!(status, 404, "the deploy files are not served");
}

#[test]
fn a_subpath_build_has_no_broken_links() {
    let site = SiteTest::example();
    let run = site.run(&[
        "build",
        "--root",
        "site",
        "--base-url",
        "https://agency.github.io/riverbend/",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let public = site.root.join("public");
    let reference = regex_lite::Regex::new(r#"(?:href|src)="(/[^"]*)""#).unwrap();
    let mut checked = 0;
    for (path, bytes) in tree(&public) {
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8(bytes).unwrap();
        for caps in reference.captures_iter(&html) {
            let target = caps[1].split(['#', '?']).next().unwrap_or_default();
            let rest = target
                .strip_prefix("/riverbend")
                .unwrap_or_else(|| panic!("{path}: {target} skips the subpath"));
            let rest = rest.trim_start_matches('/');
            let file = if rest.is_empty() || rest.ends_with('/') {
                public.join(rest).join("index.html")
            } else {
                public.join(rest)
            };
            assert!(file.is_file(), "{path}: {target} leads nowhere");
            checked += 1;
        }
    }
    assert!(checked > 500, "only {checked} links checked");
    let sitemap = site.output("sitemap.xml");
    assert!(sitemap.contains("<loc>https://agency.github.io/riverbend/about/</loc>"));
    assert!(
        site.output("_redirects")
            .contains("/riverbend/new-patient/ /riverbend/new-patients/ 301")
    );
}

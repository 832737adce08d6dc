//! The dev server's HTTP side: the site from memory, the live-reload script and events, the error overlay.
//!
//! Requests are answered from the in-memory [`Output`] only, by key, so no request path can reach a file
//! outside the site; paths with `..`, `.` segments, backslashes or NUL bytes (also percent-encoded) are
//! refused before the lookup anyway, and a folder without `index.html` is a 404, never a listing.

use std::convert::Infallible;
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

use axum::Router;
use axum::body::Body as HttpBody;
use axum::extract::{DefaultBodyLimit, Query, State};
use axum::http::{HeaderValue, Method, StatusCode, Uri, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tokio::sync::broadcast;
use tokio_stream::{Stream, StreamExt, wrappers::BroadcastStream};

use crate::html::escape;
use crate::output::{Body, Output};
use crate::plugins::deploy::csp::Advice;
use crate::plugins::deploy::headers::Rule;

const LIVE_RELOAD_JS: &str = include_str!("assets/live-reload.js");
const OVERLAY_CSS: &str = include_str!("assets/overlay.css");

/// The last good site, the headers its host would send, and the error of the latest rebuild if it
/// failed.
#[derive(Debug, Default)]
pub(super) struct Served {
    pub output: Output,
    /// The first deploy target's header rules ([`crate::plugins::deploy::preview_rules`]).
    pub headers: Vec<Rule>,
    pub error: Option<String>,
    /// The failed rebuild had already swapped some pages in (a template change renders in batches):
    /// those show the change, the others the last good version.
    pub partial: bool,
}

/// What every request handler shares: the site, the reload channel and the base URL's subpath.
#[derive(Debug)]
pub(super) struct Shared {
    pub served: RwLock<Served>,
    pub reloads: broadcast::Sender<()>,
    /// `/riverbend` when the site lives under a subpath, else `""`.
    pub prefix: String,
    /// Lines for the terminal (a CSP violation the browser reported).
    pub lines: tokio::sync::mpsc::UnboundedSender<String>,
    /// The output files of the last pages browsers asked for, the latest first: after a template change
    /// these render first, so the page in view reloads before the rest of the site is done.
    pub viewing: Mutex<Vec<String>>,
}

/// How many recently asked-for pages count as in view (a few browser tabs).
const IN_VIEW: usize = 8;

impl Shared {
    /// The output files of the pages browsers showed last.
    pub(super) fn in_view(&self) -> Vec<String> {
        self.viewing.lock().map(|v| v.clone()).unwrap_or_default()
    }

    fn viewed(&self, key: &str) {
        if let Ok(mut viewing) = self.viewing.lock() {
            viewing.retain(|k| k != key);
            viewing.insert(0, key.to_owned());
            viewing.truncate(IN_VIEW);
        }
    }
}

pub(super) fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/__portico/events", get(events))
        .route(
            "/__portico/live-reload.js",
            get(|| async { asset(LIVE_RELOAD_JS, "text/javascript; charset=utf-8") }),
        )
        .route("/__portico/csp-violation", get(csp_violation))
        .route(
            "/__portico/overlay.css",
            get(|| async { asset(OVERLAY_CSS, "text/css; charset=utf-8") }),
        )
        .fallback(site_file)
        // The dev server only answers GET; bodies of other requests are never read beyond this.
        .layer(DefaultBodyLimit::max(16 * 1024))
        .with_state(shared)
}

fn asset(text: &'static str, content_type: &'static str) -> Response {
    ([(header::CONTENT_TYPE, content_type)], text).into_response()
}

async fn events(
    State(shared): State<Arc<Shared>>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let stream = BroadcastStream::new(shared.reloads.subscribe()).filter_map(|message| {
        message
            .ok()
            .map(|()| Ok(Event::default().event("reload").data("reload")))
    });
    Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
}

async fn site_file(State(shared): State<Arc<Shared>>, method: Method, uri: Uri) -> Response {
    if method != Method::GET && method != Method::HEAD {
        return StatusCode::METHOD_NOT_ALLOWED.into_response();
    }
    let served = match shared.served.read() {
        Ok(served) => served,
        Err(poisoned) => poisoned.into_inner(),
    };
    let wanted = output_key(&shared.prefix, uri.path());
    let found = wanted
        .clone()
        .and_then(|key| lookup(&served.output, &key).map(|b| (key, b)));
    let (key, bytes, status) = if let Some((key, bytes)) = found {
        (key, bytes, StatusCode::OK)
    } else {
        let key = not_found_key(&served.output, wanted.as_deref());
        match lookup(&served.output, &key) {
            Some(bytes) => (key, bytes, StatusCode::NOT_FOUND),
            None => return StatusCode::NOT_FOUND.into_response(),
        }
    };
    let content_type = content_type(&key);
    if status == StatusCode::OK && content_type.starts_with("text/html") {
        shared.viewed(&key);
    }
    let bytes = if content_type.starts_with("text/html") {
        inject(&bytes, served.error.as_deref(), served.partial)
    } else {
        bytes
    };
    let mut response = Response::new(HttpBody::from(bytes));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    let not_found = format!("{}/", shared.prefix);
    let path = if status == StatusCode::OK {
        uri.path()
    } else {
        &not_found
    };
    for (name, value) in production_headers(&served.headers, path) {
        if let (Ok(name), Ok(value)) = (
            header::HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(&value),
        ) {
            headers.insert(name, value);
        }
    }
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}

/// The headers the live host sends for `path`: those of the narrowest rule that matches it (a host
/// that merges rules ends the same, see `deploy::adapters::netlify`), less the two that only make sense
/// over https on the real address: HSTS, and the CSP's `upgrade-insecure-requests`, which would send
/// the preview's own `http://127.0.0.1` requests to an https port nobody listens on. `Cache-Control` is
/// `no-store` in the preview (set by the caller), so an edit always shows.
fn production_headers(rules: &[Rule], path: &str) -> Vec<(String, String)> {
    let narrowest = rules
        .iter()
        .filter(|rule| path.starts_with(rule.path.trim_end_matches('*')))
        .max_by_key(|rule| rule.path.trim_end_matches('*').len());
    let Some(rule) = narrowest else {
        return Vec::new();
    };
    rule.headers
        .iter()
        .filter(|(name, _)| name != "Strict-Transport-Security" && name != "Cache-Control")
        .map(|(name, value)| {
            let value = if name == "Content-Security-Policy" {
                value
                    .split("; ")
                    .filter(|d| *d != "upgrade-insecure-requests")
                    .collect::<Vec<_>>()
                    .join("; ")
            } else {
                value.clone()
            };
            (name.clone(), value)
        })
        .collect()
}

/// What the live-reload script sends when the browser blocked something under the policy.
#[derive(Debug, serde::Deserialize)]
struct Violation {
    directive: String,
    blocked: String,
    page: String,
}

/// Answers a CSP violation with the `deploy.allow` line that would allow it (or why none can), and
/// tells the terminal too.
///
/// Only the preview's own pages may ask (`Sec-Fetch-Site: same-origin`, which browsers set and pages
/// cannot): another website open in the same browser must not be able to print advice in the terminal.
/// What the page sent is shown only after control characters are taken out (no terminal escapes) and
/// cut to a sane length.
async fn csp_violation(
    State(shared): State<Arc<Shared>>,
    headers: axum::http::HeaderMap,
    Query(violation): Query<Violation>,
) -> Response {
    let same_origin = headers
        .get("sec-fetch-site")
        .is_some_and(|v| v.as_bytes() == b"same-origin");
    if !same_origin {
        return StatusCode::FORBIDDEN.into_response();
    }
    let shown =
        |text: &str| -> String { text.chars().filter(|c| !c.is_control()).take(300).collect() };
    let (directive, blocked, page) = (
        shown(&violation.directive),
        shown(&violation.blocked),
        shown(&violation.page),
    );
    let advice = Advice::for_violation(&directive, &blocked);
    let text = format!(
        "the site's Content-Security-Policy blocked `{blocked}` ({directive}) on {page}: {advice}"
    );
    let _ = shared.lines.send(text.clone());
    ([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], text).into_response()
}

/// The 404 page for a missing file: its language folder's (`es/404.html` for `es/x/index.html`) when
/// the site has one, as Cloudflare Pages and Netlify serve it, else `404.html`.
fn not_found_key(output: &Output, wanted: Option<&str>) -> String {
    wanted
        .and_then(|key| key.split_once('/'))
        .map(|(folder, _)| format!("{folder}/404.html"))
        .filter(|key| output.get(key).is_some())
        .unwrap_or_else(|| "404.html".to_owned())
}

fn lookup(output: &Output, key: &str) -> Option<Vec<u8>> {
    match output.get(key)? {
        Body::Bytes(bytes) => Some(bytes.to_vec()),
        Body::Copy(path) => std::fs::read(path).ok(),
    }
}

/// The output file a request path names: `/about/` is `about/index.html`; under a subpath the prefix is
/// removed first. `None` for anything that could step outside the site.
pub(super) fn output_key(prefix: &str, raw: &str) -> Option<String> {
    let decoded = percent_encoding::percent_decode_str(raw)
        .decode_utf8()
        .ok()?;
    if decoded.contains(['\\', '\0']) {
        return None;
    }
    let path = if prefix.is_empty() {
        decoded.as_ref()
    } else {
        let rest = decoded.strip_prefix(prefix)?;
        if !(rest.is_empty() || rest.starts_with('/')) {
            return None;
        }
        rest
    };
    let mut segments = Vec::new();
    for segment in path.split('/').skip(1) {
        match segment {
            "." | ".." => return None,
            _ => segments.push(segment),
        }
    }
    if segments.iter().rev().skip(1).any(|s| s.is_empty()) {
        return None;
    }
    let joined = segments.join("/");
    Some(if joined.is_empty() || joined.ends_with('/') {
        format!("{joined}index.html")
    } else if !joined.rsplit('/').next().unwrap_or_default().contains('.') {
        format!("{joined}/index.html")
    } else {
        joined
    })
}

fn content_type(key: &str) -> &'static str {
    match key.rsplit('.').next().unwrap_or_default() {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" | "webmanifest" => "application/json",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        _ => "application/octet-stream",
    }
}

/// Adds the live-reload script first in `<head>` (so it hears about everything the page loads under the
/// policy), and the error overlay before `</body>` when the last rebuild failed. This happens only here:
/// built output never has them.
fn inject(html: &[u8], error: Option<&str>, partial: bool) -> Vec<u8> {
    const SCRIPT: &str = "<script src=\"/__portico/live-reload.js\"></script>";
    let text = String::from_utf8_lossy(html);
    let mut page = match head_end(&text) {
        Some(at) => format!("{}{SCRIPT}{}", &text[..at], &text[at..]),
        // No <head> tag (HTML allows leaving it out): right before </body>, which still hears about
        // what loads after it.
        None => match text.rfind("</body>") {
            Some(at) => format!("{}{SCRIPT}{}", &text[..at], &text[at..]),
            None => format!("{text}{SCRIPT}"),
        },
    };
    if text.contains("http-equiv=\"Content-Security-Policy\"") {
        // GitHub Pages' CSP travels in the page; the preview is http, as for the header (above).
        page = page.replace("; upgrade-insecure-requests\">", "\">");
    }
    if let Some(error) = error {
        let mut overlay =
            String::from("<link rel=\"stylesheet\" href=\"/__portico/overlay.css\">\n");
        overlay.push_str("<div id=\"portico-error-overlay\" role=\"alert\"><h2>Portico: the last change broke the site</h2><pre>");
        overlay.push_str(&escape(error));
        overlay.push_str(if partial {
            "</pre><p>Some pages already show this change and the others the last good version. Fix the file and save: this message goes away by itself.</p></div>\n"
        } else {
            "</pre><p>You are seeing the last good version. Fix the file and save: this message goes away by itself.</p></div>\n"
        });
        let at = page.rfind("</body>").unwrap_or(page.len());
        page.insert_str(at, &overlay);
    }
    page.into_bytes()
}

/// The byte just after the `<head ...>` start tag, found without regard to case or attributes.
fn head_end(html: &str) -> Option<usize> {
    let mut cut = html.len().min(4096);
    while !html.is_char_boundary(cut) {
        cut -= 1;
    }
    let lower = html[..cut].to_ascii_lowercase();
    let mut from = 0;
    while let Some(at) = lower[from..].find("<head") {
        let start = from + at;
        let next = lower.as_bytes().get(start + 5).copied();
        if matches!(next, Some(b'>' | b' ' | b'\t' | b'\n' | b'\r')) {
            return lower[start..].find('>').map(|end| start + end + 1);
        }
        from = start + 5;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::{head_end, output_key};

    #[test]
    fn the_head_tag_is_found_in_any_case_and_with_attributes() {
        assert_eq!(head_end("<html><head><title>"), Some(12));
        assert_eq!(head_end("<HTML><HEAD lang=\"en\">x"), Some(22));
        assert_eq!(head_end("<html><header>x</header>"), None);
    }

    #[test]
    fn request_paths_map_to_output_files() {
        assert_eq!(output_key("", "/").as_deref(), Some("index.html"));
        assert_eq!(
            output_key("", "/about/").as_deref(),
            Some("about/index.html")
        );
        assert_eq!(
            output_key("", "/about").as_deref(),
            Some("about/index.html")
        );
        assert_eq!(
            output_key("", "/css/clinic.css").as_deref(),
            Some("css/clinic.css")
        );
        assert_eq!(
            output_key("", "/es/sobre%20nosotros/").as_deref(),
            Some("es/sobre nosotros/index.html")
        );
        assert_eq!(
            output_key("/riverbend", "/riverbend/about/").as_deref(),
            Some("about/index.html")
        );
        assert_eq!(
            output_key("/riverbend", "/riverbend").as_deref(),
            Some("index.html")
        );
    }

    #[test]
    fn traversal_is_refused() {
        for bad in [
            "/../etc/passwd",
            "/a/../../b",
            "/%2e%2e/secret",
            "/%2E%2E%2Fsecret",
            "/a\\..\\b",
            "/a%5c..%5cb",
            "/./a",
            "/a%00b",
            "/a//b",
        ] {
            assert_eq!(output_key("", bad), None, "{bad} must be refused");
        }
        assert_eq!(output_key("/riverbend", "/riverbendx/about/"), None);
        assert_eq!(output_key("/riverbend", "/other/"), None);
    }
}

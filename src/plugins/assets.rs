//! `assets`: stylesheets and scripts get content-hashed file names (`clinic.3f2a9c1b7e.css`) and every
//! page that loads them a Subresource Integrity attribute, so hosts can cache them for a year and a
//! changed file is a new name. Images keep their names: people link to them from elsewhere.
//!
//! Renames the files after every other plugin has added its own (the brand stylesheet among them), before
//! any page is rendered, so templates link the new names and their integrity values directly
//! (`asset()`, `integrity()`), as Hugo's `fingerprint` and Zola's `get_url(cachebust)` do. A page that
//! still names an old URL (a theme written before, a link typed into markdown) is rewritten as it is
//! rendered ([`Configured::filter_page`]) with lol_html, an HTML parser, not string search. Parsing every
//! page was a fifth of a build's instructions (callgrind, 1,000 pages), so the parser stops as soon as it
//! has passed the last place a renamed URL can be ([`rewrite`]): usually the end of `<head>`.

use std::cell::Cell;
use std::collections::HashMap;
use std::fmt::Write as _;

use base64::Engine as _;
use lol_html::{HtmlRewriter, Settings, element};
use serde::Deserialize;
use sha2::{Digest, Sha256, Sha384};

use super::{Configured, Mode, OutgoingPage, Plugin, Setup};
use crate::config::{BaseUrl, Config};
use crate::content::Site;
use crate::error::{Diagnostics, Error, ErrorKind};
use crate::output::{Body, Fingerprint, Output};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAssets {
    #[serde(default = "yes")]
    fingerprint: bool,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Default)]
pub struct Assets;

/// Whether one build fingerprints its stylesheets and scripts: when the site allows it, and only when
/// publishing. The live preview renders pages one by one and again after each edit, so names stay put;
/// a kit's pages are copied into another website by hand, so they name the theme's files as they are.
#[derive(Debug)]
struct SiteAssets {
    fingerprint: bool,
    base: BaseUrl,
}

impl Plugin for Assets {
    fn name(&self) -> &'static str {
        "assets"
    }

    fn configure(
        &self,
        config: &Config,
        setup: &Setup<'_>,
        diagnostics: &mut Diagnostics,
    ) -> Box<dyn Configured> {
        let allowed = diagnostics
            .take(config.source.table::<RawAssets>("assets"))
            .flatten()
            .is_none_or(|table| table.fingerprint);
        Box::new(SiteAssets {
            fingerprint: allowed && setup.mode == Mode::Publish,
            base: config.base_url.clone(),
        })
    }
}

impl Configured for SiteAssets {
    fn emit(&self, _site: &Site, output: &mut Output, diagnostics: &mut Diagnostics) {
        if !self.fingerprint {
            return;
        }
        let assets: Vec<String> = output
            .paths()
            .filter(|p| (p.ends_with(".css") || p.ends_with(".js")) && !p.starts_with('.'))
            .map(str::to_owned)
            .collect();
        for path in assets {
            let bytes = match output.get(&path) {
                Some(Body::Bytes(bytes)) => bytes.to_vec(),
                Some(Body::Copy(file)) => match crate::fs::read(file) {
                    Ok(bytes) => bytes,
                    Err(error) => {
                        diagnostics.error(error);
                        continue;
                    }
                },
                None => continue,
            };
            let hash = Sha256::digest(&bytes)
                .iter()
                .take(5)
                .fold(String::new(), |mut hex, b| {
                    let _ = write!(hex, "{b:02x}");
                    hex
                });
            let (stem, extension) = path.rsplit_once('.').unwrap_or((&path, ""));
            let integrity = format!(
                "sha384-{}",
                base64::engine::general_purpose::STANDARD.encode(Sha384::digest(&bytes))
            );
            output.fingerprint(
                &path,
                Fingerprint {
                    path: format!("{stem}.{hash}.{extension}"),
                    integrity,
                },
            );
        }
    }

    /// Points the page at the files [`Configured::emit`] renamed, which the output remembers.
    fn filter_page(&self, page: &OutgoingPage<'_>) -> Result<Option<String>, Error> {
        let fingerprints = page.files.fingerprints();
        if !self.fingerprint || fingerprints.is_empty() {
            return Ok(None);
        }
        let url = |p: &str| {
            crate::config::UrlPath::parse(p)
                .map(|u| self.base.path_for(&u))
                .unwrap_or_default()
        };
        let renamed: HashMap<String, Renamed> = fingerprints
            .iter()
            .map(|(old, new)| {
                let asset = Renamed {
                    url: url(&new.path),
                    integrity: new.integrity.clone(),
                };
                (url(old), asset)
            })
            .collect();
        rewrite(page.html, &renamed).map_err(|message| {
            Error::new(
                ErrorKind::Output,
                format!(
                    "could not point {} at the renamed stylesheets: {message}",
                    page.path
                ),
            )
        })
    }
}

/// A renamed asset: its new URL and its integrity value.
#[derive(Debug)]
struct Renamed {
    url: String,
    integrity: String,
}

/// A page's new text, `None` when it needs no change, or why it could not be rewritten.
type Rewritten = Result<Option<String>, String>;

/// How far past the last renamed URL the parser is fed at a time, until it has handled that element.
const STEP: usize = 64;

/// Points `<link rel=stylesheet>` and `<script src>` at the renamed files and gives them `integrity`.
/// `Ok(None)` when the page needs no change: it names no old URL, and every new URL it names is
/// followed by its integrity attribute, as `asset()` and `integrity()` print them.
///
/// lol_html leaves every byte it does not change as it was, and it only changes an element whose `href`
/// or `src` is, byte for byte, an old or new URL (it does not decode entities in attribute values). So
/// once the parser has handled as many such elements as the page has occurrences of those URLs, every
/// occurrence was one of them, nothing further can change, and the rest of the page is copied as is.
/// Otherwise (a URL mentioned in text, say) the whole page is parsed.
fn rewrite(html: &str, renamed: &HashMap<String, Renamed>) -> Rewritten {
    let bytes = html.as_bytes();
    let mut occurrences = 0;
    let mut last_end = 0;
    let mut needs_work = false;
    for (old, asset) in renamed {
        for at in memchr::memmem::find_iter(bytes, old.as_bytes()) {
            occurrences += 1;
            needs_work = true;
            last_end = last_end.max(at + old.len());
        }
        for at in memchr::memmem::find_iter(bytes, asset.url.as_bytes()) {
            let end = at + asset.url.len();
            occurrences += 1;
            last_end = last_end.max(end);
            // What `asset()` and `integrity()` print in the built-in themes: nothing left to do.
            let done = html[end..]
                .strip_prefix("\" integrity=\"")
                .and_then(|rest| rest.strip_prefix(asset.integrity.as_str()))
                .is_some_and(|rest| rest.starts_with('"'));
            needs_work |= !done;
        }
    }
    if !needs_work {
        return Ok(None);
    }
    let handled = Cell::new(0_usize);
    let point = |el: &mut lol_html::html_content::Element<'_, '_>, attribute: &str| {
        let value = el.get_attribute(attribute);
        let asset = value.and_then(|v| {
            renamed
                .get(&v)
                .or_else(|| renamed.values().find(|asset| asset.url == v))
        });
        if let Some(asset) = asset {
            el.set_attribute(attribute, &asset.url)?;
            el.set_attribute("integrity", &asset.integrity)?;
            handled.set(handled.get() + 1);
        }
        Ok(())
    };
    let settings = Settings::new()
        .append_element_content_handler(element!("link[rel=stylesheet][href]", |el| {
            point(el, "href")
        }))
        .append_element_content_handler(element!("script[src]", |el| point(el, "src")));
    let mut out = Vec::with_capacity(html.len() + 256);
    let mut rewriter = HtmlRewriter::new(settings, |chunk: &[u8]| out.extend_from_slice(chunk));
    let mut fed = last_end;
    rewriter.write(&bytes[..fed]).map_err(|e| e.to_string())?;
    // The element holding the last occurrence ends a few bytes further on.
    while handled.get() < occurrences && fed < bytes.len() {
        let next = (fed + STEP).min(bytes.len());
        rewriter
            .write(&bytes[fed..next])
            .map_err(|e| e.to_string())?;
        fed = next;
    }
    rewriter.end().map_err(|e| e.to_string())?;
    out.extend_from_slice(&bytes[fed..]);
    String::from_utf8(out).map(Some).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn renamed() -> HashMap<String, Renamed> {
        let mut renamed = HashMap::new();
        renamed.insert(
            "/css/site.css".to_owned(),
            Renamed {
                url: "/css/site.0123456789.css".to_owned(),
                integrity: "sha384-abc".to_owned(),
            },
        );
        renamed
    }

    /// The whole page through lol_html, as the plugin did before it learned to stop early.
    fn full(html: &str) -> String {
        let renamed = renamed();
        let settings = lol_html::RewriteStrSettings::new()
            .append_element_content_handler(element!("link[rel=stylesheet][href]", |el| {
                if let Some(asset) = el.get_attribute("href").and_then(|h| renamed.get(&h)) {
                    el.set_attribute("href", &asset.url)?;
                    el.set_attribute("integrity", &asset.integrity)?;
                }
                Ok(())
            }))
            .append_element_content_handler(element!("script[src]", |el| {
                if let Some(asset) = el.get_attribute("src").and_then(|h| renamed.get(&h)) {
                    el.set_attribute("src", &asset.url)?;
                    el.set_attribute("integrity", &asset.integrity)?;
                }
                Ok(())
            }));
        lol_html::rewrite_str(html, settings).unwrap()
    }

    #[test]
    fn stopping_early_gives_the_same_bytes_as_parsing_everything() {
        let pages = [
            "<html><head><link rel=\"stylesheet\" href=\"/css/site.css\"></head><body><p>Hi <a href=\"/x/\">x</a></p></body></html>",
            "<head><link rel=stylesheet href=/css/site.css title='a>b'><script src=\"/css/site.css\"></script></head><body><p>text</body>",
            "<head><link rel=\"stylesheet\" href=\"/css/site.css\"></head><body><p>Our stylesheet is /css/site.css.</p><div title=\"<p\">x</div></body>",
            "<head><!-- <link rel=\"stylesheet\" href=\"/css/site.css\"> --></head><body><link rel=\"stylesheet\" href=\"/css/site.css\"><p>tail &amp; more",
            "<head><link rel=\"preload\" href=\"/css/site.css\"></head><body><pre>unclosed <b",
        ];
        for page in pages {
            let fast = rewrite(page, &renamed()).unwrap().unwrap();
            assert_eq!(fast, full(page), "{page}");
        }
    }

    #[test]
    fn a_page_without_the_urls_is_left_alone() {
        assert_eq!(rewrite("<p>nothing</p>", &renamed()), Ok(None));
    }

    #[test]
    fn a_page_linking_the_new_name_with_its_integrity_is_left_alone() {
        let page = r#"<head><link rel="stylesheet" href="/css/site.0123456789.css" integrity="sha384-abc"></head>"#;
        assert_eq!(rewrite(page, &renamed()), Ok(None));
    }

    #[test]
    fn a_new_name_without_its_integrity_gets_it() {
        let pages = [
            r#"<head><link rel="stylesheet" href="/css/site.0123456789.css"></head><p>x</p>"#,
            r#"<head><link rel="stylesheet" href="/css/site.0123456789.css" integrity="sha384-old"></head>"#,
            r#"<head><link href="/css/site.0123456789.css" rel="stylesheet" integrity="sha384-abc"></head>"#,
        ];
        for page in pages {
            let fixed = rewrite(page, &renamed()).unwrap().unwrap();
            assert!(
                fixed.contains(r#"href="/css/site.0123456789.css""#)
                    && fixed.contains(r#"integrity="sha384-abc""#)
                    && !fixed.contains("sha384-old"),
                "{fixed}"
            );
        }
    }
}

//! `assets`: stylesheets and scripts get content-hashed file names (`clinic.3f2a9c1b7e.css`) and every
//! page that loads them a Subresource Integrity attribute, so hosts can cache them for a year and a
//! changed file is a new name. Images keep their names: people link to them from elsewhere.
//!
//! Runs after every other plugin has added its files (the brand stylesheet among them) and rewrites the
//! pages with lol_html, an HTML parser, not string search.

use std::collections::HashMap;
use std::fmt::Write as _;

use base64::Engine as _;
use lol_html::{RewriteStrSettings, element, rewrite_str};
use serde::Deserialize;
use sha2::{Digest, Sha256, Sha384};

use super::Plugin;
use crate::config::Config;
use crate::content::Site;
use crate::error::{Diagnostics, Error, ErrorKind};
use crate::output::{Body, Output};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAssets {
    #[serde(default = "yes")]
    fingerprint: bool,
}

fn yes() -> bool {
    true
}

#[derive(Debug)]
pub struct Assets {
    fingerprint: bool,
}

impl Default for Assets {
    fn default() -> Self {
        Assets { fingerprint: true }
    }
}

/// A renamed asset: its new URL and its integrity value.
struct Renamed {
    url: String,
    integrity: String,
}

impl Plugin for Assets {
    fn name(&self) -> &'static str {
        "assets"
    }

    fn configure(&mut self, config: &Config, diagnostics: &mut Diagnostics) {
        if let Some(Some(table)) = diagnostics.take(config.source.table::<RawAssets>("assets")) {
            self.fingerprint = table.fingerprint;
        }
    }

    fn emit(&self, site: &Site, output: &mut Output, diagnostics: &mut Diagnostics) {
        if !self.fingerprint {
            return;
        }
        let base = &site.config.base_url;
        let assets: Vec<String> = output
            .paths()
            .filter(|p| (p.ends_with(".css") || p.ends_with(".js")) && !p.starts_with('.'))
            .map(str::to_owned)
            .collect();
        let mut renamed: HashMap<String, Renamed> = HashMap::new();
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
            let new_path = format!("{stem}.{hash}.{extension}");
            let integrity = format!(
                "sha384-{}",
                base64::engine::general_purpose::STANDARD.encode(Sha384::digest(&bytes))
            );
            let url = |p: &str| {
                crate::config::UrlPath::parse(p)
                    .map(|u| base.path_for(&u))
                    .unwrap_or_default()
            };
            renamed.insert(
                url(&path),
                Renamed {
                    url: url(&new_path),
                    integrity,
                },
            );
            output.remove(&path);
            output.insert_bytes(new_path, bytes);
        }
        let pages: Vec<String> = output
            .paths()
            .filter(|p| p.ends_with(".html"))
            .map(str::to_owned)
            .collect();
        for page in pages {
            let Some(html) = output.text(&page) else {
                continue;
            };
            match rewrite(html, &renamed) {
                Ok(Some(new)) => output.insert_bytes(page, new.into_bytes()),
                Ok(None) => {}
                Err(message) => diagnostics.error(Error::new(
                    ErrorKind::Output,
                    format!("could not point {page} at the renamed stylesheets: {message}"),
                )),
            }
        }
    }
}

/// Points `<link rel=stylesheet>` and `<script src>` at the renamed files and adds `integrity`.
/// `Ok(None)` when the page loads none of them.
fn rewrite(html: &str, renamed: &HashMap<String, Renamed>) -> Result<Option<String>, String> {
    if !renamed.keys().any(|url| html.contains(url.as_str())) {
        return Ok(None);
    }
    let settings = RewriteStrSettings::new()
        .append_element_content_handler(element!("link[rel=stylesheet][href]", |el| {
            if let Some(asset) = el.get_attribute("href").and_then(|href| renamed.get(&href)) {
                el.set_attribute("href", &asset.url)?;
                el.set_attribute("integrity", &asset.integrity)?;
            }
            Ok(())
        }))
        .append_element_content_handler(element!("script[src]", |el| {
            if let Some(asset) = el.get_attribute("src").and_then(|src| renamed.get(&src)) {
                el.set_attribute("src", &asset.url)?;
                el.set_attribute("integrity", &asset.integrity)?;
            }
            Ok(())
        }));
    rewrite_str(html, settings)
        .map(Some)
        .map_err(|e| e.to_string())
}

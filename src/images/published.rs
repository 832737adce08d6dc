//! The pictures of a site as pages and templates see them: for each picture the site names, the files
//! made of it and their places in the output, and the `<picture>` element that shows it.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;

use serde::Serialize;

use super::{Format, SourceInfo};
use crate::html::escape;

/// One file of the output made from a picture.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Published {
    pub format: Format,
    pub width: u32,
    pub height: u32,
    /// 1 or 2 in a fixed slot; 0 otherwise.
    pub density: u8,
    /// Its path in the output, without a leading `/`: `img/office.3f2a9c1b7e04d5a8.avif`.
    pub path: String,
    /// The file in the cache folder it is copied from.
    pub file: PathBuf,
    pub bytes: u64,
}

/// Every file made of one picture, by the way it is shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteImage {
    pub info: SourceInfo,
    /// The picture itself, cleaned, at the path of the file in `static/`.
    pub original: Option<Published>,
    /// The widths of a picture in a page's text (or a GIF, kept whole).
    pub responsive: Vec<Published>,
    /// Each theme slot it fills, by slot name.
    pub slots: BTreeMap<String, Vec<Published>>,
    /// The 1200 x 630 picture link previews show (`og:image`).
    pub share: Option<Published>,
}

/// The site's pictures, by their site path (`/images/office.jpg`).
pub type SiteImages = BTreeMap<String, SiteImage>;

/// What a template gets from `image(src=..., slot=...)`: everything a `<picture>` needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImageView {
    /// The fallback file (JPEG, PNG or GIF) for `<img src>`.
    pub src: String,
    /// The size to reserve, in CSS pixels: the slot's, or the largest file's.
    pub width: u32,
    pub height: u32,
    /// The fallback's `srcset` (empty when there is one file).
    pub srcset: String,
    /// The fallback's MIME type.
    #[serde(rename = "type")]
    pub mime: &'static str,
    /// The modern formats, best first: one `<source>` each.
    pub sources: Vec<SourceView>,
    /// The `sizes` attribute, for a picture given in widths; empty for a fixed slot.
    pub sizes: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourceView {
    #[serde(rename = "type")]
    pub mime: &'static str,
    pub srcset: String,
}

impl ImageView {
    /// The view of `files`, shown at `width` x `height` CSS pixels (or the largest file's size), their
    /// paths turned into URLs by `url`.
    pub fn new(
        files: &[Published],
        size: Option<(u32, u32)>,
        sizes: &str,
        url: &dyn Fn(&str) -> String,
    ) -> Option<ImageView> {
        let fallback_format = files.iter().map(|f| f.format).max()?;
        let srcset = |format: Format| {
            files
                .iter()
                .filter(|f| f.format == format)
                .fold(String::new(), |mut set, f| {
                    if !set.is_empty() {
                        set.push_str(", ");
                    }
                    let _ = if f.density > 0 {
                        write!(set, "{} {}x", url(&f.path), f.density)
                    } else {
                        write!(set, "{} {}w", url(&f.path), f.width)
                    };
                    set
                })
        };
        let fallbacks: Vec<&Published> = files
            .iter()
            .filter(|f| f.format == fallback_format)
            .collect();
        let fixed = fallbacks.iter().any(|f| f.density > 0);
        let first = fallbacks.first()?;
        let largest = fallbacks.iter().max_by_key(|f| f.width)?;
        let (width, height) = size.unwrap_or(if fixed {
            (first.width, first.height)
        } else {
            (largest.width, largest.height)
        });
        let mut formats: Vec<Format> = files
            .iter()
            .map(|f| f.format)
            .filter(|f| *f != fallback_format)
            .collect();
        formats.sort_unstable();
        formats.dedup();
        Some(ImageView {
            // The 1x file of a slot; the largest width otherwise, for browsers that ignore srcset.
            src: url(if fixed { &first.path } else { &largest.path }),
            width,
            height,
            srcset: if fallbacks.len() > 1 {
                srcset(fallback_format)
            } else {
                String::new()
            },
            mime: fallback_format.mime(),
            sources: formats
                .into_iter()
                .map(|format| SourceView {
                    mime: format.mime(),
                    srcset: srcset(format),
                })
                .collect(),
            sizes: if fixed {
                String::new()
            } else {
                sizes.to_owned()
            },
        })
    }

    /// A file shown as it is (an SVG): its URL and nothing else.
    pub fn plain(src: String) -> ImageView {
        ImageView {
            src,
            width: 0,
            height: 0,
            srcset: String::new(),
            mime: "",
            sources: Vec::new(),
            sizes: String::new(),
        }
    }

    /// The `<picture>` element, as a picture in a page's text is written. `eager` for the first picture
    /// of a page, which is likely on screen when the page opens; every other one loads when scrolled to.
    pub fn html(&self, alt: &str, title: Option<&str>, eager: bool) -> String {
        let mut html = String::from("<picture>");
        let sizes = if self.sizes.is_empty() {
            String::new()
        } else {
            format!(" sizes=\"{}\"", escape(&self.sizes))
        };
        for source in &self.sources {
            let _ = write!(
                html,
                "<source type=\"{}\" srcset=\"{}\"{sizes}>",
                source.mime,
                escape(&source.srcset)
            );
        }
        let _ = write!(html, "<img src=\"{}\"", escape(&self.src));
        if !self.srcset.is_empty() {
            let _ = write!(html, " srcset=\"{}\"{sizes}", escape(&self.srcset));
        }
        let _ = write!(
            html,
            " alt=\"{}\" width=\"{}\" height=\"{}\"",
            escape(alt),
            self.width,
            self.height
        );
        if let Some(title) = title {
            let _ = write!(html, " title=\"{}\"", escape(title));
        }
        html.push_str(if eager {
            ">"
        } else {
            " loading=\"lazy\" decoding=\"async\">"
        });
        html.push_str("</picture>");
        html
    }
}

//! `images`: every picture of the site through one pipeline ([`crate::images`]).
//!
//! The plugin decides what each picture is needed for, from what the site says:
//!
//! - a file under `static/` (or a theme's) that is a JPEG, PNG, WebP or GIF is published cleaned, at its
//!   own path, so a link to it still works and still carries no metadata;
//! - a picture in a page's markdown (`![The waiting room](/images/office.jpg)`) becomes a `<picture>`
//!   with AVIF and WebP sources and a fallback, in the theme's widths ([`rewrite`]);
//! - a provider's `photo:` fills the theme's `portrait` slots, a location's `photo:` its `location`
//!   slots and a PNG or JPEG logo its `logo` slot, each cropped around the photo's focus point;
//! - every page gets a 1200 x 630 link-preview picture: the provider's photo, else the page's first
//!   picture, else `images.share`.
//!
//! It prepares them all in [`Configured::transform`], before anything is rendered, in parallel and
//! through the cache, so templates only look the files up (`image()`), the output's paths are known
//! before writing begins, and a missing, broken or oversized picture stops the build before anything
//! is written, with the page and line that named it.

mod rewrite;
mod wanted;

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::Deserialize;
use serde_saphyr::Spanned;

use super::{Configured, Mode, Plugin, Setup};
use crate::config::{Config, UrlPath};
use crate::content::{Extra, ShareImage, Site};
use crate::error::{Diagnostics, Error, ErrorKind, Location};
use crate::images::{Format, Pipeline, Published, Quality, Settings, SiteImage, SiteImages};
use crate::output::{Body, Output};
use crate::rules::RuleId;
use crate::theme::{Asset, ThemeImages};
use wanted::{Use, Wanted};

/// The `images:` table of `portico.yaml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawImages {
    /// Modern formats made besides the JPEG or PNG fallback: `[avif, webp]` (the default), `[webp]`,
    /// or `[]`.
    #[serde(default)]
    formats: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    quality: Option<RawQuality>,
    /// Pictures with more pixels are refused before they are opened.
    #[serde(default)]
    max_megapixels: Option<u32>,
    /// The link-preview picture of pages that have none of their own.
    #[serde(default)]
    share: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawQuality {
    #[serde(default)]
    jpeg: Option<u8>,
    #[serde(default)]
    webp: Option<u8>,
    #[serde(default)]
    avif: Option<u8>,
}

#[derive(Debug, Default)]
pub struct Images;

/// The plugin configured for one site.
#[derive(Debug)]
struct SitePictures {
    /// Off in a kit, which has no pictures of the site.
    enabled: bool,
    settings: Settings,
    theme: ThemeImages,
    share: Option<(UrlPath, Location)>,
    /// The theme's own picture files, cleaned like the site's.
    theme_files: Vec<(UrlPath, std::path::PathBuf)>,
}

impl Plugin for Images {
    fn name(&self) -> &'static str {
        "images"
    }

    fn configure(
        &self,
        config: &Config,
        setup: &Setup<'_>,
        diagnostics: &mut Diagnostics,
    ) -> Box<dyn Configured> {
        let source = config.source.yaml();
        let table = diagnostics
            .take(config.source.table::<RawImages>("images"))
            .flatten();
        let mut settings = Settings::default();
        let mut share = None;
        if let Some(table) = table {
            if let Some(formats) = table.formats {
                settings.formats = formats
                    .iter()
                    .filter_map(|f| match f.value.as_str() {
                        "avif" => Some(Format::Avif),
                        "webp" => Some(Format::Webp),
                        other => {
                            diagnostics.error(
                                source
                                    .error_at(f.referenced, format!("`{other}` is not a format Portico makes"))
                                    .with_help("list avif and/or webp; JPEG or PNG is always made for older browsers"),
                            );
                            None
                        }
                    })
                    .collect();
                settings.formats.sort_unstable();
                settings.formats.dedup();
            }
            if let Some(q) = table.quality {
                let d = Quality::default();
                settings.quality = Quality {
                    jpeg: q.jpeg.unwrap_or(d.jpeg).clamp(1, 100),
                    webp: q.webp.map_or(d.webp, |v| f32::from(v.clamp(1, 100))),
                    avif: q.avif.map_or(d.avif, |v| f32::from(v.clamp(1, 100))),
                };
            }
            if let Some(limit) = table.max_megapixels {
                settings.max_pixels = u64::from(limit.max(1)) * 1_000_000;
            }
            share = table.share.and_then(|s| {
                diagnostics
                    .take(UrlPath::parse(&s.value).map_err(|invalid| {
                        source
                            .error_at(s.referenced, invalid.message)
                            .with_help(invalid.help)
                    }))
                    .map(|url| (url, source.location(s.referenced)))
            });
        }
        let theme_files = setup
            .theme
            .assets
            .iter()
            .filter_map(|(url, asset)| match asset {
                Asset::File(path)
                    if crate::images::Kind::from_extension(url.as_str()).is_some() =>
                {
                    Some((url.clone(), path.clone()))
                }
                _ => None,
            })
            .collect();
        let theme = setup
            .theme
            .images
            .clone()
            .map(ThemeImages::with_built_in_slots)
            .unwrap_or_default();
        if let Some(problem) = theme.problem() {
            diagnostics.error(
                Error::new(
                    ErrorKind::Theme,
                    format!("the theme `{}`: {problem}", setup.theme.name),
                )
                .with_help("fix `images:` in the theme's theme.yaml"),
            );
        }
        Box::new(SitePictures {
            enabled: setup.mode != Mode::Kit,
            settings,
            theme,
            share,
            theme_files,
        })
    }
}

impl Configured for SitePictures {
    fn transform(&self, site: &mut Site, diagnostics: &mut Diagnostics) {
        if !self.enabled {
            return;
        }
        let wanted = wanted::collect(
            site,
            &self.theme,
            self.share.as_ref(),
            &self.theme_files,
            diagnostics,
        );
        let pipeline = Pipeline::open(&site.config.cache_dir.join("images"), self.settings.clone());
        let prepared: Vec<Result<(String, SiteImage), Error>> = wanted
            .into_par_iter()
            .map(|(src, wanted)| {
                let shapes: Vec<_> = wanted.uses.iter().map(|(_, shape)| shape.clone()).collect();
                let prepared = pipeline.prepare(&wanted.file, &shapes).map_err(|problem| {
                    Error::new(ErrorKind::Image, format!("the picture {src}: {problem}"))
                        .at(wanted.at.clone())
                        .with_help(problem.help())
                })?;
                Ok((src.clone(), published(&src, &wanted, prepared)))
            })
            .collect();
        let mut images = SiteImages::new();
        for result in prepared {
            if let Some((src, image)) = diagnostics.take(result) {
                images.insert(src, image);
            }
        }
        if let Err(problem) = pipeline.save() {
            diagnostics.warn(Error::new(
                ErrorKind::Image,
                format!("the image cache was not saved: {problem}"),
            ));
        }
        heavy(&images, site, diagnostics);
        rewrite::pages(site, &images, &self.theme.sizes, diagnostics);
        share_images(site, &images, self.share.as_ref().map(|(url, _)| url));
        site.images = images;
    }

    fn emit(&self, site: &Site, output: &mut Output, _diagnostics: &mut Diagnostics) {
        for image in site.images.values() {
            let files = image
                .original
                .iter()
                .chain(&image.responsive)
                .chain(image.slots.values().flatten())
                .chain(&image.share);
            for file in files {
                output.insert(file.path.clone(), Body::Copy(file.file.clone()));
            }
        }
    }
}

/// The output files of one prepared picture, by use.
fn published(src: &str, wanted: &Wanted, prepared: crate::images::Prepared) -> SiteImage {
    let stem = file_stem(src);
    let mut image = SiteImage {
        info: prepared.info,
        original: None,
        responsive: Vec::new(),
        slots: BTreeMap::new(),
        share: None,
    };
    for ((use_, _), variants) in wanted.uses.iter().zip(prepared.shapes) {
        let files = variants.into_iter().map(|v| Published {
            path: match use_ {
                Use::Original => src.trim_start_matches('/').to_owned(),
                _ => format!("img/{stem}.{}.{}", v.key, v.format.extension()),
            },
            bytes: std::fs::metadata(&v.file).map_or(0, |m| m.len()),
            format: v.format,
            width: v.width,
            height: v.height,
            density: v.density,
            file: v.file,
        });
        match use_ {
            Use::Original => image.original = files.into_iter().next(),
            Use::Content => image.responsive = files.collect(),
            Use::Slot(name) => {
                image.slots.insert(name.clone(), files.collect());
            }
            Use::Share => image.share = files.into_iter().next(),
        }
    }
    image
}

/// `office` for `/images/office.jpg`, in the characters every host serves as they are.
fn file_stem(src: &str) -> String {
    let name = src.rsplit('/').next().unwrap_or(src);
    let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
    stem.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect()
}

/// Each page's link-preview picture: its provider's photo, else its first picture, else the site's.
fn share_images(site: &mut Site, images: &SiteImages, default: Option<&UrlPath>) {
    let default = default.and_then(|url| {
        Some((
            url.as_str().to_owned(),
            String::new(),
            images.get(url.as_str())?.share.clone()?,
        ))
    });
    for page in &mut site.pages {
        let photo = page
            .meta
            .provider
            .as_ref()
            .and_then(|p| p.photo.as_ref())
            .map(|photo| (photo.src.as_str().to_owned(), photo.alt.clone()));
        let first = page
            .content
            .images
            .first()
            .map(|i| (i.src.clone(), i.alt.clone()));
        // A location's page (`location_pages`) shows that office's photo.
        let office = page
            .meta
            .extra
            .get("location")
            .and_then(|id| match id {
                Extra::String(id) => site.config.locations.iter().find(|l| l.id.as_str() == id),
                _ => None,
            })
            .and_then(|l| l.photo.as_ref())
            .map(|photo| {
                (
                    photo.src.as_str().to_owned(),
                    photo.alt.get(&page.lang).to_owned(),
                )
            });
        let chosen = photo
            .into_iter()
            .chain(office)
            .chain(first)
            .find_map(|(src, alt)| Some((src.clone(), alt, images.get(&src)?.share.clone()?)))
            .or_else(|| default.clone());
        page.share_image = chosen.map(|(_, alt, file)| ShareImage {
            src: format!("/{}", file.path),
            width: file.width,
            height: file.height,
            alt,
        });
    }
}

/// Warns about pictures whose files are still heavy for the place they fill: more than a byte per
/// pixel and over 200 KB (a photo saved as PNG, a long GIF), which phones on slow connections feel.
fn heavy(images: &SiteImages, site: &Site, diagnostics: &mut Diagnostics) {
    for (src, image) in images {
        let fallbacks = image
            .responsive
            .iter()
            .chain(image.slots.values().flatten())
            .filter(|f| matches!(f.format, Format::Jpeg | Format::Png | Format::Gif));
        for file in fallbacks {
            let pixels = u64::from(file.width) * u64::from(file.height);
            if file.bytes > 200_000 && file.bytes > pixels {
                let help = match file.format {
                    Format::Gif => {
                        "an animated GIF is kept as it is: shorten it, or show a still picture and link to a video"
                    }
                    Format::Png => {
                        "a photo saved as PNG stays large: save it as JPEG, without transparency"
                    }
                    _ => "lower images.quality.jpeg, or crop the picture to what matters",
                };
                diagnostics.by_rule(
                    &site.config.check.levels,
                    RuleId::ImagesHeavy,
                    Error::new(
                        ErrorKind::Image,
                        format!(
                            "the picture {src} is still {} KB at {} x {} pixels",
                            file.bytes / 1000,
                            file.width,
                            file.height
                        ),
                    )
                    .at(Location::file(
                        site.config
                            .root
                            .join("static")
                            .join(src.trim_start_matches('/')),
                    ))
                    .with_help(help),
                );
                break;
            }
        }
    }
}

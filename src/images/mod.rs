//! The image pipeline: a practice's photos in, small, upright, metadata-free files out.
//!
//! ```text
//! file ─sniff+probe─> SourceInfo ─plan─> [Variant] ─(missing from the cache?) decode─> pixels ─resize─> encode ─> cache
//! ```
//!
//! A caller asks for a source file in one or more [`Shape`]s (its own size, a set of widths for a
//! `srcset`, a crop for a fixed slot) and gets back every file that makes up each shape ([`Prepared`]):
//! AVIF, WebP and a JPEG or PNG fallback at each size. Every file lives in the cache folder under a
//! name derived from the source's content and the parameters, so a file is made once and a rebuild
//! with unchanged photos decodes nothing ([`Pipeline::prepare`]). The plugin that uses this
//! (`plugins::images`) decides which shapes each image needs and where the files go in the site.
//!
//! Privacy is structural: the encoders are given pixels only, so EXIF (with a phone's GPS position and
//! serial numbers), XMP, IPTC and comments never reach an output file; the EXIF Orientation is applied to
//! the pixels first and colour is converted to sRGB ([`decode`]).

mod cache;
mod decode;
mod encode;
mod plan;
mod published;

use std::fmt;
use std::path::PathBuf;

pub use cache::Pipeline;
pub use encode::Quality;
pub use published::{ImageView, Published, SiteImage, SiteImages, SourceView};

/// A source format Portico reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Kind {
    Jpeg,
    Png,
    Webp,
    Gif,
}

impl Kind {
    fn format(self) -> image::ImageFormat {
        match self {
            Kind::Jpeg => image::ImageFormat::Jpeg,
            Kind::Png => image::ImageFormat::Png,
            Kind::Webp => image::ImageFormat::WebP,
            Kind::Gif => image::ImageFormat::Gif,
        }
    }

    /// Whether a file name's extension says it is an image the pipeline takes.
    pub fn from_extension(name: &str) -> Option<Kind> {
        let extension = name.rsplit_once('.')?.1.to_ascii_lowercase();
        match extension.as_str() {
            "jpg" | "jpeg" | "jpe" | "jfif" => Some(Kind::Jpeg),
            "png" => Some(Kind::Png),
            "webp" => Some(Kind::Webp),
            "gif" => Some(Kind::Gif),
            _ => None,
        }
    }

    /// Whether a file name's extension is a phone's photo format (HEIC, HEIF), which a browser cannot
    /// show and Portico cannot clean: never published.
    pub fn phone_photo_extension(name: &str) -> bool {
        let extension = name
            .rsplit_once('.')
            .map(|(_, e)| e.to_ascii_lowercase())
            .unwrap_or_default();
        ["heic", "heif"].contains(&extension.as_str())
    }

    /// Whether a file name's extension is one of a picture format Portico cannot clean (HEIC, HEIF, TIFF,
    /// AVIF): an error where a page shows it.
    pub fn refused_extension(name: &str) -> bool {
        let extension = name
            .rsplit_once('.')
            .map(|(_, e)| e.to_ascii_lowercase())
            .unwrap_or_default();
        ["heic", "heif", "tif", "tiff", "avif"].contains(&extension.as_str())
    }
}

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    Avif,
    Webp,
    Jpeg,
    Png,
    Gif,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::Avif => "avif",
            Format::Webp => "webp",
            Format::Jpeg => "jpg",
            Format::Png => "png",
            Format::Gif => "gif",
        }
    }

    pub fn mime(self) -> &'static str {
        match self {
            Format::Avif => "image/avif",
            Format::Webp => "image/webp",
            Format::Jpeg => "image/jpeg",
            Format::Png => "image/png",
            Format::Gif => "image/gif",
        }
    }
}

/// What the header of a source said: enough to plan every output without decoding it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SourceInfo {
    pub kind: Kind,
    /// Upright: after the EXIF Orientation is applied.
    pub width: u32,
    pub height: u32,
    pub alpha: bool,
}

impl SourceInfo {
    /// The format of the fallback `<img>`: PNG keeps transparency, JPEG is smaller for photos.
    pub fn fallback(&self) -> Format {
        if self.alpha {
            Format::Png
        } else {
            Format::Jpeg
        }
    }
}

/// Where the eye should stay when a picture is cropped: fractions of its width and height from the
/// top-left corner (`x: 0.5, y: 0.3` keeps a face that sits a little above the middle).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Focus {
    pub x: f64,
    pub y: f64,
}

impl Default for Focus {
    fn default() -> Self {
        Focus { x: 0.5, y: 0.5 }
    }
}

/// A way an image is shown, and so the files it needs.
#[derive(Debug, Clone, PartialEq)]
pub enum Shape {
    /// The picture at its own size in its own format, cleaned: what a file under `static/` becomes, so
    /// that a link to `/images/office.jpg` still works and still carries no metadata.
    Original,
    /// A `srcset` of these widths (never wider than the source, which is added when it is narrower
    /// than the widest), in every format.
    Widths(Vec<u32>),
    /// Cropped to this shape around `focus`, at 1x and 2x, in every format.
    Crop {
        width: u32,
        height: u32,
        focus: Focus,
    },
    /// Scaled down to fit inside the box without cropping, at 1x and 2x (logos).
    Fit { width: u32, height: u32 },
    /// Cropped to this shape around `focus`, one JPEG or PNG: a link preview (`og:image`), which the
    /// sites that show it fetch once, in a format all of them read.
    Single {
        width: u32,
        height: u32,
        focus: Focus,
    },
}

/// One output file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variant {
    pub format: Format,
    pub width: u32,
    pub height: u32,
    /// 1 or 2 for a fixed slot (`1x`, `2x` in a `srcset`); 0 for widths and originals.
    pub density: u8,
    /// The file in the cache folder. Its name is the key: the same content and parameters, the same
    /// name, so it doubles as a cache-busting name in the site.
    pub file: PathBuf,
    /// The key, in hex, for output names.
    pub key: String,
}

/// Every file of every shape asked for, in the order of the shapes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prepared {
    pub info: SourceInfo,
    pub shapes: Vec<Vec<Variant>>,
}

/// Settings of a site's pipeline.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// Modern formats made besides the fallback, in the order browsers should try them.
    pub formats: Vec<Format>,
    pub quality: Quality,
    /// Images with more pixels are refused before they are decoded.
    pub max_pixels: u64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            formats: vec![Format::Avif, Format::Webp],
            quality: Quality::default(),
            max_pixels: 100_000_000,
        }
    }
}

/// Why an image cannot be used, in the words of someone who took the photo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    Missing,
    NotAnImage,
    Broken(String),
    Unsupported {
        format: &'static str,
        help: &'static str,
    },
    TooLarge {
        width: u32,
        height: u32,
        limit: u64,
    },
    /// Reading the source or writing the cache failed.
    Io(String),
}

impl Problem {
    /// One line on how to fix it.
    pub fn help(&self) -> String {
        match self {
            Problem::Missing => {
                "check the path: a file in static/images/ is written /images/NAME.jpg".into()
            }
            Problem::NotAnImage | Problem::Broken(_) => {
                "open it in an image editor and save it again as JPEG (photos) or PNG (drawings)"
                    .into()
            }
            Problem::Unsupported { help, .. } => (*help).into(),
            Problem::TooLarge { limit, .. } => format!(
                "make it smaller (3,000 pixels on the long side is plenty for a website), or raise images.max_megapixels above {}",
                limit / 1_000_000
            ),
            Problem::Io(_) => {
                "check that the file and the cache folder can be read and written".into()
            }
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::Missing => f.write_str("the image file does not exist"),
            Problem::NotAnImage => {
                f.write_str("the file is not a picture Portico can read, or it is cut short")
            }
            Problem::Broken(why) => write!(f, "the image could not be read: {why}"),
            Problem::Unsupported { format, .. } => {
                write!(f, "{format} images cannot be used on a website as they are")
            }
            Problem::TooLarge {
                width,
                height,
                limit,
            } => write!(
                f,
                "the image is {width} x {height} pixels ({} megapixels), over the limit of {} megapixels; it was not opened",
                u64::from(*width) * u64::from(*height) / 1_000_000,
                limit / 1_000_000
            ),
            Problem::Io(why) => f.write_str(why),
        }
    }
}

/// Whether `head` (a file's first bytes) starts a picture in a format that can carry EXIF, XMP or
/// comments: JPEG, PNG, WebP, GIF, TIFF, HEIC or AVIF. Not BMP or ICO, which carry none.
pub fn holds_a_photo(head: &[u8]) -> bool {
    decode::iso_brand(head).is_some_and(|brand| {
        [
            b"heic", b"heix", b"hevc", b"heim", b"heis", b"hevm", b"mif1", b"msf1", b"avif",
            b"avis",
        ]
        .contains(&brand)
    }) || matches!(
        image::guess_format(head),
        Ok(image::ImageFormat::Jpeg
            | image::ImageFormat::Png
            | image::ImageFormat::WebP
            | image::ImageFormat::Gif
            | image::ImageFormat::Tiff)
    )
}

/// Decodes `bytes` as the pipeline does and returns the upright sRGB pixels' size: the entry point the
/// fuzz target drives, so a hostile file is exercised exactly as a build would read it.
#[doc(hidden)]
pub fn decode_for_fuzzing(bytes: &[u8]) -> Result<(u32, u32), Problem> {
    let kind = decode::sniff(bytes)?;
    let info = decode::probe(bytes, kind, Settings::default().max_pixels)?;
    if kind == Kind::Gif {
        return encode::clean_gif(bytes).map(|_| (info.width, info.height));
    }
    decode::decode(bytes, &info).map(|pixels| pixels.dimensions())
}

//! From a file's bytes to upright sRGB pixels, refusing what must not be decoded.
//!
//! The order matters for safety. The format is sniffed from the bytes (never the file name), formats a
//! browser cannot show or Portico cannot read (HEIC from iPhones) get a message that says how to convert
//! them, and the pixel count is read from the header and checked against the limit *before* any pixel
//! buffer is allocated, so a decompression bomb (a small file claiming 50,000 x 50,000 pixels) costs
//! nothing. Only then is the image decoded, turned upright by its EXIF Orientation, brought to 8 bits
//! per channel and converted to sRGB with its ICC profile. Metadata is never carried further: the
//! encoders write pixels and nothing else.

use std::io::Cursor;

use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};

use super::{Kind, Problem, SourceInfo};

/// The bytes' format, when it is one Portico reads, or why it is not.
pub(super) fn sniff(bytes: &[u8]) -> Result<Kind, Problem> {
    if let Some(brand) = iso_brand(bytes) {
        return Err(match brand {
            b"avif" | b"avis" => Problem::Unsupported {
                format: "AVIF",
                help: "save it as JPEG or PNG: Portico makes the AVIF versions itself",
            },
            _ => Problem::Unsupported {
                format: "HEIC",
                help: "iPhones save photos as HEIC; convert it to JPEG (on a Mac: open it in Preview, File > Export, JPEG; on the iPhone: Settings > Camera > Formats > Most Compatible takes JPEGs from then on)",
            },
        });
    }
    match image::guess_format(bytes) {
        Ok(ImageFormat::Jpeg) => Ok(Kind::Jpeg),
        Ok(ImageFormat::Png) => Ok(Kind::Png),
        Ok(ImageFormat::WebP) => Ok(Kind::Webp),
        Ok(ImageFormat::Gif) => Ok(Kind::Gif),
        Ok(other) => Err(Problem::Unsupported {
            format: other.extensions_str().first().copied().unwrap_or("this"),
            help: "save it as JPEG (photos) or PNG (drawings, logos)",
        }),
        Err(_) => Err(Problem::NotAnImage),
    }
}

/// The major brand of an ISO media file (`ftyp` box): HEIC, HEIF and AVIF all are.
pub(super) fn iso_brand(bytes: &[u8]) -> Option<&[u8; 4]> {
    if bytes.get(4..8)? != b"ftyp" {
        return None;
    }
    bytes.get(8..12)?.try_into().ok()
}

/// The decoder for `bytes`, with the allocation limit set.
fn decoder(bytes: &[u8], kind: Kind) -> Result<impl ImageDecoder + '_, Problem> {
    let mut reader = ImageReader::with_format(Cursor::new(bytes), kind.format());
    let mut limits = Limits::default();
    // The pixel check below comes first; this bounds what a decoder may allocate besides the pixels.
    limits.max_alloc = Some(2 << 30);
    reader.limits(limits);
    reader
        .into_decoder()
        .map_err(|e| Problem::Broken(e.to_string()))
}

/// Reads the header only: size (upright), whether it has an alpha channel. Refuses an image over
/// `max_pixels` before anything is decoded.
pub(super) fn probe(bytes: &[u8], kind: Kind, max_pixels: u64) -> Result<SourceInfo, Problem> {
    if kind == Kind::Jpeg && !jpeg_is_whole(bytes) {
        // The JPEG decoder fills a cut-short picture with grey rather than failing.
        return Err(Problem::Broken(
            "the file ends in the middle of the picture (was it copied or uploaded completely?)"
                .into(),
        ));
    }
    let mut decoder = decoder(bytes, kind)?;
    let (width, height) = decoder.dimensions();
    let pixels = u64::from(width) * u64::from(height);
    if pixels > max_pixels {
        return Err(Problem::TooLarge {
            width,
            height,
            limit: max_pixels,
        });
    }
    if width == 0 || height == 0 {
        return Err(Problem::Broken("the image has no pixels".into()));
    }
    let turned = decoder.orientation().is_ok_and(|o| {
        use image::metadata::Orientation::{Rotate90, Rotate90FlipH, Rotate270, Rotate270FlipH};
        matches!(o, Rotate90 | Rotate270 | Rotate90FlipH | Rotate270FlipH)
    });
    let (width, height) = if turned {
        (height, width)
    } else {
        (width, height)
    };
    Ok(SourceInfo {
        kind,
        width,
        height,
        alpha: decoder.color_type().has_alpha(),
    })
}

/// Whether a JPEG reaches its end marker: the segments are walked from the start (an EXIF thumbnail
/// inside APP1 is skipped whole, with its segment), and each scan's data is read to the next marker,
/// which in scan data is never a 0xFF followed by 0x00 or a restart marker. A file cut anywhere in its
/// picture ends before the end marker; what some phones append after it (a video, a second picture) is
/// never read.
fn jpeg_is_whole(bytes: &[u8]) -> bool {
    let mut at = 2;
    while let Some(&[0xFF, marker]) = bytes.get(at..at + 2) {
        match marker {
            0xD9 => return true,
            // Fill bytes, and markers without a length.
            0xFF => at += 1,
            0x01 | 0xD0..=0xD7 => at += 2,
            _ => {
                let Some(&[high, low]) = bytes.get(at + 2..at + 4) else {
                    return false;
                };
                at += 2 + usize::from(u16::from_be_bytes([high, low]));
                if marker == 0xDA {
                    // Scan data, up to the next marker that is not stuffing or a restart.
                    loop {
                        let Some(next) = memchr::memchr(0xFF, bytes.get(at..).unwrap_or_default())
                        else {
                            return false;
                        };
                        at += next;
                        match bytes.get(at + 1) {
                            Some(0x00 | 0xD0..=0xD7) => at += 2,
                            Some(_) => break,
                            None => return false,
                        }
                    }
                }
            }
        }
    }
    false
}

/// Decoded, upright, 8-bit sRGB pixels.
#[derive(Debug)]
pub(super) enum Pixels {
    Rgb(image::RgbImage),
    Rgba(image::RgbaImage),
}

impl Pixels {
    pub(super) fn dimensions(&self) -> (u32, u32) {
        match self {
            Pixels::Rgb(image) => image.dimensions(),
            Pixels::Rgba(image) => image.dimensions(),
        }
    }
}

/// Decodes a probed image: applies its EXIF Orientation to the pixels and converts it to 8-bit sRGB.
pub(super) fn decode(bytes: &[u8], info: &SourceInfo) -> Result<Pixels, Problem> {
    let mut decoder = decoder(bytes, info.kind)?;
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let profile = decoder.icc_profile().ok().flatten();
    let mut image =
        DynamicImage::from_decoder(decoder).map_err(|e| Problem::Broken(e.to_string()))?;
    image.apply_orientation(orientation);
    let mut pixels = if info.alpha {
        Pixels::Rgba(image.into_rgba8())
    } else {
        Pixels::Rgb(image.into_rgb8())
    };
    if let Some(profile) = profile {
        to_srgb(&profile, &mut pixels);
    }
    Ok(pixels)
}

/// Converts pixels described by an RGB ICC profile (Display P3 from phones, Adobe RGB from cameras) to
/// sRGB, the space browsers assume for an image without a profile. A profile that is not RGB (a CMYK
/// JPEG's, whose pixels the decoder already turned into RGB; a grey one) or that does not parse leaves
/// the pixels as they are.
fn to_srgb(profile: &[u8], pixels: &mut Pixels) {
    use moxcms::{ColorProfile, DataColorSpace, Layout, TransformOptions};
    let Ok(source) = ColorProfile::new_from_slice(profile) else {
        return;
    };
    if source.color_space != DataColorSpace::Rgb {
        return;
    }
    let srgb = ColorProfile::new_srgb();
    let (layout, data): (Layout, &mut [u8]) = match pixels {
        Pixels::Rgb(image) => (Layout::Rgb, image.as_mut()),
        Pixels::Rgba(image) => (Layout::Rgba, image.as_mut()),
    };
    let Ok(transform) =
        source.create_transform_8bit(layout, &srgb, layout, TransformOptions::default())
    else {
        return;
    };
    let converted = {
        let mut out = vec![0; data.len()];
        transform.transform(data, &mut out).map(|()| out)
    };
    if let Ok(out) = converted {
        data.copy_from_slice(&out);
    }
}

//! Resizing, cropping and encoding: pixels in, the bytes of one output file out.
//!
//! Each encoder writes the picture and nothing else (no EXIF, XMP, IPTC or comment blocks), which is
//! what makes the published files safe to post: whatever the source carried stays behind.
//!
//! The crates were compared on a 4000x3000 photo resized to 1600x1200 (2 cores, `benches/images.sh`
//! measures the whole pipeline):
//!
//! | step | chosen | time | other | time |
//! | --- | --- | --- | --- | --- |
//! | resize (Lanczos3) | fast_image_resize (SIMD) | 42 ms | image::imageops | 536 ms |
//! | JPEG q80 | jpeg-encoder (SIMD), 111 KB | 16 ms | image's encoder, 151 KB | 61 ms |
//! | WebP q75 | webp (libwebp, lossy), 30 KB | 178 ms | image-webp (lossless only) | — |
//! | AVIF | ravif (rav1e), speed 10, 30 KB | 1.7 s | speed 6, 19 KB | 6.1 s |
//!
//! The two resizers differ by 0.14 levels in 255 on average, so the SIMD one costs no quality. WebP
//! needs libwebp (C, built from source by `libwebp-sys` and linked statically): the pure-Rust encoders
//! are lossless only, or under a licence Portico cannot ship. AVIF is the slow step by far; rav1e at
//! its fastest speed still makes files far smaller than the JPEG, and processed images are cached, so
//! the cost is paid once per photo.

use fast_image_resize as fir;

use super::decode::Pixels;
use super::{Format, Problem};

/// Quality settings of the encoders, on each encoder's own scale.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Quality {
    pub jpeg: u8,
    pub webp: f32,
    pub avif: f32,
}

impl Default for Quality {
    fn default() -> Self {
        Quality {
            jpeg: 82,
            webp: 78.0,
            avif: 60.0,
        }
    }
}

/// A part of the picture, in its pixels: the whole of it, or the crop a fixed slot needs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Region {
    pub left: f64,
    pub top: f64,
    pub width: f64,
    pub height: f64,
}

/// `region` of `pixels`, scaled to `width` x `height` with a Lanczos3 filter.
pub(super) fn resize(
    pixels: &Pixels,
    region: Region,
    width: u32,
    height: u32,
) -> Result<Pixels, Problem> {
    let (source_width, source_height) = pixels.dimensions();
    // The region's edges are whole pixels: within half a pixel is the same edge.
    let same = |a: f64, b: f64| (a - b).abs() < 0.5;
    let whole = same(region.left, 0.0)
        && same(region.top, 0.0)
        && same(region.width, f64::from(source_width))
        && same(region.height, f64::from(source_height));
    if whole && (width, height) == (source_width, source_height) {
        return Ok(match pixels {
            Pixels::Rgb(image) => Pixels::Rgb(image.clone()),
            Pixels::Rgba(image) => Pixels::Rgba(image.clone()),
        });
    }
    let (data, kind): (&[u8], fir::PixelType) = match pixels {
        Pixels::Rgb(image) => (image.as_raw(), fir::PixelType::U8x3),
        Pixels::Rgba(image) => (image.as_raw(), fir::PixelType::U8x4),
    };
    let failed = |e: &dyn std::fmt::Display| Problem::Broken(format!("could not resize: {e}"));
    let source = fir::images::ImageRef::new(source_width, source_height, data, kind)
        .map_err(|e| failed(&e))?;
    let mut target = fir::images::Image::new(width, height, kind);
    let options = fir::ResizeOptions::new()
        .resize_alg(fir::ResizeAlg::Convolution(fir::FilterType::Lanczos3))
        .crop(region.left, region.top, region.width, region.height);
    fir::Resizer::new()
        .resize(&source, &mut target, &options)
        .map_err(|e| failed(&e))?;
    let buffer = target.into_vec();
    let broken = || Problem::Broken("the resized image has the wrong size".into());
    Ok(match pixels {
        Pixels::Rgb(_) => {
            Pixels::Rgb(image::RgbImage::from_raw(width, height, buffer).ok_or_else(broken)?)
        }
        Pixels::Rgba(_) => {
            Pixels::Rgba(image::RgbaImage::from_raw(width, height, buffer).ok_or_else(broken)?)
        }
    })
}

/// The bytes of `pixels` in `format`.
pub(super) fn encode(
    pixels: &Pixels,
    format: Format,
    quality: Quality,
) -> Result<Vec<u8>, Problem> {
    let (width, height) = pixels.dimensions();
    let failed = |e: &dyn std::fmt::Display| {
        Problem::Broken(format!("could not write {}: {e}", format.extension()))
    };
    match (format, pixels) {
        (Format::Jpeg, Pixels::Rgb(image)) => {
            let (w, h) = (
                u16::try_from(width).map_err(|e| failed(&e))?,
                u16::try_from(height).map_err(|e| failed(&e))?,
            );
            let mut out = Vec::new();
            jpeg_encoder::Encoder::new(&mut out, quality.jpeg)
                .encode(image.as_raw(), w, h, jpeg_encoder::ColorType::Rgb)
                .map_err(|e| failed(&e))?;
            Ok(out)
        }
        (Format::Jpeg, Pixels::Rgba(image)) => {
            // A JPEG has no alpha: flatten onto white, the colour of the page behind most images.
            let flat = flatten(image);
            encode(&Pixels::Rgb(flat), format, quality)
        }
        (Format::Png, _) => {
            use image::ImageEncoder as _;
            let (data, kind) = match pixels {
                Pixels::Rgb(image) => (image.as_raw(), image::ExtendedColorType::Rgb8),
                Pixels::Rgba(image) => (image.as_raw(), image::ExtendedColorType::Rgba8),
            };
            let mut out = Vec::new();
            image::codecs::png::PngEncoder::new(&mut out)
                .write_image(data, width, height, kind)
                .map_err(|e| failed(&e))?;
            Ok(out)
        }
        (Format::Webp, _) => {
            let encoder = match pixels {
                Pixels::Rgb(image) => webp::Encoder::from_rgb(image.as_raw(), width, height),
                Pixels::Rgba(image) => webp::Encoder::from_rgba(image.as_raw(), width, height),
            };
            let webp = encoder
                .encode_simple(false, quality.webp)
                .map_err(|e| failed(&format!("{e:?}")))?;
            Ok(webp.to_vec())
        }
        (Format::Avif, _) => {
            use rgb::FromSlice as _;
            let encoder = ravif::Encoder::new()
                .with_quality(quality.avif)
                .with_alpha_quality(quality.avif)
                .with_speed(10);
            let (w, h) = (width as usize, height as usize);
            let avif = match pixels {
                Pixels::Rgb(image) => {
                    encoder.encode_rgb(ravif::Img::new(image.as_raw().as_rgb(), w, h))
                }
                Pixels::Rgba(image) => {
                    encoder.encode_rgba(ravif::Img::new(image.as_raw().as_rgba(), w, h))
                }
            };
            Ok(avif.map_err(|e| failed(&e))?.avif_file)
        }
        (Format::Gif, _) => Err(Problem::Broken("GIFs are copied, not encoded".into())),
    }
}

/// An RGBA image over a white background.
fn flatten(image: &image::RgbaImage) -> image::RgbImage {
    image::RgbImage::from_fn(image.width(), image.height(), |x, y| {
        let [red, green, blue, alpha] = image.get_pixel(x, y).0;
        let over = |channel: u8| {
            let (channel, alpha) = (u32::from(channel), u32::from(alpha));
            u8::try_from((channel * alpha + 255 * (255 - alpha) + 127) / 255).unwrap_or(u8::MAX)
        };
        image::Rgb([over(red), over(green), over(blue)])
    })
}

/// A GIF with every frame kept as it was (an animation stays an animation) and everything else dropped:
/// comments, XMP and other application blocks. Only the frames, their timing and the loop count are
/// written again, so nothing is re-quantised.
pub(super) fn clean_gif(bytes: &[u8]) -> Result<Vec<u8>, Problem> {
    let broken = |e: &dyn std::fmt::Display| Problem::Broken(e.to_string());
    let mut options = gif::DecodeOptions::new();
    options.set_color_output(gif::ColorOutput::Indexed);
    let mut decoder = options.read_info(bytes).map_err(|e| broken(&e))?;
    let (width, height) = (decoder.width(), decoder.height());
    let palette = decoder
        .global_palette()
        .map(<[u8]>::to_vec)
        .unwrap_or_default();
    let repeat = decoder.repeat();
    let mut out = Vec::new();
    {
        let mut encoder =
            gif::Encoder::new(&mut out, width, height, &palette).map_err(|e| broken(&e))?;
        encoder.set_repeat(repeat).map_err(|e| broken(&e))?;
        while let Some(frame) = decoder.read_next_frame().map_err(|e| broken(&e))? {
            encoder.write_frame(frame).map_err(|e| broken(&e))?;
        }
    }
    Ok(out)
}

//! Planning: which files a shape needs from a source, before any pixel is read. A pure function of the
//! source's size and the settings, so the cache can name every file (and find it made already) without
//! decoding, and the property test below can hold every plan inside the picture.

use super::{Focus, Format, Kind, Settings, Shape, SourceInfo, encode};

/// The files a shape needs for a source of `info`: sizes and formats, without keys yet.
pub(super) fn plan(info: &SourceInfo, shape: &Shape, settings: &Settings) -> Vec<Planned> {
    let whole = encode::Region {
        left: 0.0,
        top: 0.0,
        width: f64::from(info.width),
        height: f64::from(info.height),
    };
    let formats = |alpha: bool| {
        let fallback = if alpha { Format::Png } else { Format::Jpeg };
        settings
            .formats
            .iter()
            .copied()
            .chain([fallback])
            .collect::<Vec<_>>()
    };
    let kept = Planned {
        original: true,
        ..Planned::new(Format::Gif, whole, info.width, info.height, 0)
    };
    match shape {
        // A GIF (often an animation) is kept whole, cleaned, in a page's text; only a slot or a link
        // preview takes a still of its first frame.
        Shape::Original | Shape::Widths(_) if info.kind == Kind::Gif => vec![kept],
        Shape::Original => {
            let format = match info.kind {
                Kind::Jpeg => Format::Jpeg,
                Kind::Png => Format::Png,
                Kind::Webp | Kind::Gif => Format::Webp,
            };
            vec![Planned { format, ..kept }]
        }
        Shape::Widths(widths) => {
            let mut sizes: Vec<u32> = widths.iter().copied().filter(|w| *w < info.width).collect();
            if widths.iter().any(|w| *w >= info.width) || sizes.is_empty() {
                sizes.push(info.width);
            }
            sizes.sort_unstable();
            sizes.dedup();
            let mut planned = Vec::new();
            for format in formats(info.alpha) {
                for &width in &sizes {
                    let height = scaled(info.height, width, info.width);
                    if format == Format::Webp && height > WEBP_MAX_SIDE {
                        // A very long picture (a phone screenshot): WebP cannot hold it, AVIF and the
                        // fallback can.
                        continue;
                    }
                    planned.push(Planned::new(format, whole, width, height, 0));
                }
            }
            planned
        }
        Shape::Crop {
            width,
            height,
            focus,
        } => {
            let region = crop(info, *width, *height, *focus);
            sized(&formats(info.alpha), region, *width, *height)
        }
        Shape::Single {
            width,
            height,
            focus,
        } => {
            let region = crop(info, *width, *height, *focus);
            let mut planned = sized(&[info.fallback()], region, *width, *height);
            planned.truncate(1);
            planned
        }
        Shape::Fit { width, height } => {
            // Never larger than the picture itself.
            let scale = (f64::from(*width) / f64::from(info.width))
                .min(f64::from(*height) / f64::from(info.height))
                .min(1.0);
            let to = |v: u32| to_u32((f64::from(v) * scale).round()).max(1);
            sized(&formats(info.alpha), whole, to(info.width), to(info.height))
        }
    }
}

/// The longest side libwebp encodes.
const WEBP_MAX_SIDE: u32 = 16_383;

/// 1x and 2x of a `width` x `height` slot filled from `region`, never larger than the region itself.
fn sized(formats: &[Format], region: encode::Region, width: u32, height: u32) -> Vec<Planned> {
    let mut planned = Vec::new();
    for &format in formats {
        for density in [1_u8, 2] {
            let (w, h) = (width * u32::from(density), height * u32::from(density));
            let fits = f64::from(w) <= region.width.ceil() && f64::from(h) <= region.height.ceil();
            if density == 2 && !fits {
                continue;
            }
            let (w, h) = if fits {
                (w, h)
            } else {
                // Smaller than the slot: never upscaled, the browser stretches the 1x file.
                let factor = (region.width / f64::from(w)).min(region.height / f64::from(h));
                // Rounded, not floored: the region's sides are whole pixels, so this never passes them.
                let shrink = |v: u32| to_u32((f64::from(v) * factor).round()).max(1);
                (shrink(w), shrink(h))
            };
            planned.push(Planned::new(format, region, w, h, density));
        }
    }
    planned
}

/// The largest region of the picture with the slot's proportions, placed around the focus point.
fn crop(info: &SourceInfo, width: u32, height: u32, focus: Focus) -> encode::Region {
    let (source_w, source_h) = (f64::from(info.width), f64::from(info.height));
    let aspect = f64::from(width) / f64::from(height);
    let (w, h) = if source_w / source_h > aspect {
        (source_h * aspect, source_h)
    } else {
        (source_w, source_w / aspect)
    };
    let place =
        |centre: f64, size: f64, whole: f64| (centre * whole - size / 2.0).clamp(0.0, whole - size);
    // At least one pixel each way: a 1 x 5,000 picture in a wide slot still has a region to scale.
    let (w, h) = (
        w.round().clamp(1.0, source_w),
        h.round().clamp(1.0, source_h),
    );
    encode::Region {
        left: place(focus.x, w, source_w).round(),
        top: place(focus.y, h, source_h).round(),
        width: w,
        height: h,
    }
}

fn scaled(height: u32, width: u32, of_width: u32) -> u32 {
    to_u32((f64::from(height) * f64::from(width) / f64::from(of_width)).round()).max(1)
}

fn to_u32(value: f64) -> u32 {
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "sizes here are pixel counts of pictures under the pixel limit, clamped at 0"
    )]
    let v = value.max(0.0) as u32;
    v
}

/// One file to make: its format, the part of the source and its size.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Planned {
    pub format: Format,
    pub region: encode::Region,
    pub width: u32,
    pub height: u32,
    pub density: u8,
    /// The picture itself, cleaned (encoded at a higher quality: it stands in for the original).
    pub original: bool,
}

impl Planned {
    fn new(format: Format, region: encode::Region, width: u32, height: u32, density: u8) -> Self {
        Planned {
            format,
            region,
            width,
            height,
            density,
            original: false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn info(width: u32, height: u32) -> SourceInfo {
        SourceInfo {
            kind: Kind::Jpeg,
            width,
            height,
            alpha: false,
        }
    }

    #[test]
    fn widths_stop_at_the_pictures_own_width() {
        let planned = plan(
            &info(1000, 500),
            &Shape::Widths(vec![480, 800, 1200, 1600]),
            &Settings::default(),
        );
        let jpegs: Vec<(u32, u32)> = planned
            .iter()
            .filter(|p| p.format == Format::Jpeg)
            .map(|p| (p.width, p.height))
            .collect();
        assert_eq!(jpegs, [(480, 240), (800, 400), (1000, 500)]);
        assert_eq!(planned.len(), 9, "AVIF, WebP and JPEG of each width");
    }

    #[test]
    fn a_slot_larger_than_the_picture_gets_one_file_at_the_pictures_size() {
        let planned = plan(
            &info(100, 100),
            &Shape::Crop {
                width: 240,
                height: 300,
                focus: Focus::default(),
            },
            &Settings {
                formats: vec![],
                ..Settings::default()
            },
        );
        let sizes: Vec<(u32, u32, u8)> = planned
            .iter()
            .map(|p| (p.width, p.height, p.density))
            .collect();
        assert_eq!(
            sizes,
            [(80, 100, 1)],
            "cropped to the slot's shape, not upscaled, no 2x"
        );
    }

    proptest! {
        /// Any picture size and slot gives files of at least a pixel, cut from inside the picture.
        #[test]
        fn every_plan_stays_inside_the_picture(
            width in 1_u32..6000, height in 1_u32..6000,
            slot_w in 1_u32..1300, slot_h in 1_u32..1300,
            x in 0.0_f64..=1.0, y in 0.0_f64..=1.0,
        ) {
            let source = info(width, height);
            let shapes = [
                Shape::Original,
                Shape::Widths(vec![480, 1600]),
                Shape::Crop { width: slot_w, height: slot_h, focus: Focus { x, y } },
                Shape::Single { width: slot_w, height: slot_h, focus: Focus { x, y } },
                Shape::Fit { width: slot_w, height: slot_h },
            ];
            for shape in &shapes {
                for p in plan(&source, shape, &Settings::default()) {
                    prop_assert!(p.width >= 1 && p.height >= 1, "{shape:?}: {p:?}");
                    prop_assert!(p.width <= width.max(1) && p.height <= height.max(1) + 1, "{shape:?}: {p:?}");
                    let r = p.region;
                    prop_assert!(r.left >= 0.0 && r.top >= 0.0 && r.width >= 1.0 && r.height >= 1.0, "{shape:?}: {r:?}");
                    prop_assert!(r.left + r.width <= f64::from(width) && r.top + r.height <= f64::from(height), "{shape:?}: {r:?}");
                }
            }
        }
    }
}

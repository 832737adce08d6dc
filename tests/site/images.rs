//! The image pipeline end to end: pictures generated here (with EXIF Orientation and GPS tags written
//! by the test), built into a small site, and the output decoded and measured.

use image::{GenericImageView, ImageEncoder, Rgb, RgbImage};

use crate::harness::SiteTest;

/// A photo-like picture: smooth gradients with fine detail, so encoders and resizers do real work.
pub(crate) fn photo(width: u32, height: u32) -> RgbImage {
    RgbImage::from_fn(width, height, |x, y| {
        let (fx, fy) = (
            f64::from(x) / f64::from(width),
            f64::from(y) / f64::from(height),
        );
        let ripple = (f64::from(x) / 7.0).sin() * (f64::from(y) / 11.0).cos() * 18.0;
        #[allow(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            reason = "clamped to 0..=255 first"
        )]
        let channel = |base: f64, v: f64| (base + v).round().clamp(0.0, 255.0) as u8;
        Rgb([
            channel(60.0 + 150.0 * fx, ripple),
            channel(90.0 + 120.0 * fy, -ripple / 2.0),
            channel(170.0 - 90.0 * fx * fy, ripple / 3.0),
        ])
    })
}

pub(crate) fn jpeg(image: &RgbImage, segments: Vec<(u8, Vec<u8>)>, icc: Option<&[u8]>) -> Vec<u8> {
    let mut out = Vec::new();
    let mut encoder = jpeg_encoder::Encoder::new(&mut out, 92);
    for (number, data) in segments {
        encoder
            .add_app_segment(number, data)
            .expect("an APP segment");
    }
    if let Some(icc) = icc {
        encoder.add_icc_profile(icc).expect("an ICC profile");
    }
    let side = |v: u32| u16::try_from(v).expect("a test picture under 65,536 pixels a side");
    let (w, h) = (side(image.width()), side(image.height()));
    encoder
        .encode(image.as_raw(), w, h, jpeg_encoder::ColorType::Rgb)
        .expect("encode a JPEG");
    out
}

/// An EXIF block (APP1) with an Orientation tag and a GPS position (45° 31' 12.34" N), as a phone writes.
pub(crate) fn exif(orientation: u16) -> Vec<u8> {
    let mut tiff: Vec<u8> = b"II*\0".to_vec();
    tiff.extend(8_u32.to_le_bytes());
    let entry = |tiff: &mut Vec<u8>, tag: u16, kind: u16, count: u32, value: u32| {
        tiff.extend(tag.to_le_bytes());
        tiff.extend(kind.to_le_bytes());
        tiff.extend(count.to_le_bytes());
        tiff.extend(value.to_le_bytes());
    };
    // IFD0 at 8: Orientation and the GPS IFD's offset (8 + 2 + 2 * 12 + 4 = 38).
    tiff.extend(2_u16.to_le_bytes());
    entry(&mut tiff, 0x0112, 3, 1, u32::from(orientation));
    entry(&mut tiff, 0x8825, 4, 1, 38);
    tiff.extend(0_u32.to_le_bytes());
    // The GPS IFD at 38: latitude reference "N" and the latitude, three rationals at 38 + 30 = 68.
    tiff.extend(2_u16.to_le_bytes());
    entry(&mut tiff, 0x0001, 2, 2, u32::from_le_bytes(*b"N\0\0\0"));
    entry(&mut tiff, 0x0002, 5, 3, 68);
    tiff.extend(0_u32.to_le_bytes());
    for (n, d) in [(45_u32, 1_u32), (31, 1), (1234, 100)] {
        tiff.extend(n.to_le_bytes());
        tiff.extend(d.to_le_bytes());
    }
    let mut app1 = b"Exif\0\0".to_vec();
    app1.extend(tiff);
    app1
}

/// An XMP packet (APP1) naming where the photo was taken and the camera's serial number.
fn xmp() -> Vec<u8> {
    let mut app1 = b"http://ns.adobe.com/xap/1.0/\0".to_vec();
    app1.extend_from_slice(
        br#"<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF><rdf:Description exif:GPSLatitude="45,31.2N" aux:SerialNumber="SN-PRIVATE-4471"/></rdf:RDF></x:xmpmeta>"#,
    );
    app1
}

/// The basic fixture with `page` as `content/about.md` and these files.
fn site(files: &[(&str, Vec<u8>)], page: &str) -> SiteTest {
    let site = SiteTest::fixture("basic");
    for (rel, bytes) in files {
        site.write_bytes(rel, bytes);
    }
    // The fixture's other pages link to the about page's team heading.
    site.write(
        "content/about.md",
        &format!("{page}\n## Our team\n\nWe are here.\n"),
    );
    site
}

fn output_bytes(site: &SiteTest, rel: &str) -> Vec<u8> {
    std::fs::read(site.root.join("public").join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// Every output file under `img/` whose name starts with `stem.`, with its bytes.
fn made(site: &SiteTest, stem: &str) -> Vec<(String, Vec<u8>)> {
    let dir = site.root.join("public/img");
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with(&format!("{stem}.")))
        .map(|name| {
            let bytes = std::fs::read(dir.join(&name)).expect("read");
            (name, bytes)
        })
        .collect();
    files.sort();
    files
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

const PAGE: &str = "---\ntitle: About\n---\n\nOur office.\n\n![The waiting room, with blue chairs](/images/office.jpg)\n\nAnd again:\n\n![The same room](/images/office.jpg \"Our room\")\n";

#[test]
fn a_markdown_picture_becomes_a_picture_element_with_avif_webp_and_jpeg() {
    let site = site(
        &[(
            "static/images/office.jpg",
            jpeg(&photo(1000, 750), vec![], None),
        )],
        PAGE,
    );
    site.build_ok();
    let html = site.output("about/index.html");
    let first = html.find("<picture>").expect("a <picture>");
    let picture = &html[first..html[first..].find("</picture>").map(|e| first + e).unwrap()];
    assert!(
        picture.contains(r#"<source type="image/avif" srcset="/img/office."#),
        "{picture}"
    );
    assert!(
        picture.contains(r#"<source type="image/webp""#),
        "{picture}"
    );
    // Widths up to the original's 1000 pixels, never upscaled to the theme's 1200 and 1600.
    assert!(
        picture.contains(" 480w, ") && picture.contains(" 800w, ") && picture.contains(" 1000w"),
        "{picture}"
    );
    assert!(
        !picture.contains("1200w") && !picture.contains("1600w"),
        "{picture}"
    );
    assert!(
        picture.contains(r#"sizes="(min-width: 42rem) 38rem, calc(100vw - 2rem)""#),
        "{picture}"
    );
    assert!(
        picture.contains(r#"alt="The waiting room, with blue chairs" width="1000" height="750">"#),
        "{picture}"
    );
    assert!(
        !picture.contains("loading="),
        "the first picture of a page loads at once: {picture}"
    );
    let second = &html[first + 10..];
    assert!(
        second.contains(r#"title="Our room" loading="lazy" decoding="async">"#),
        "{second}"
    );
    // Every file named in a srcset exists, in its format and at its size; the tenth is the link
    // preview (1,000 x 525, cropped to the 1,200 x 630 shape without upscaling).
    let files = made(&site, "office");
    assert_eq!(
        files.len(),
        3 * 3 + 1,
        "{:?}",
        files.iter().map(|f| &f.0).collect::<Vec<_>>()
    );
    let preview = format!(
        "/img/{}",
        files
            .iter()
            .find(|(_, b)| image::load_from_memory(b).is_ok_and(|i| i.dimensions() == (1000, 525)))
            .expect("the preview")
            .0
    );
    assert!(
        html.contains(&format!(
            "content=\"https://www.maplestreetkids.example{preview}\""
        )),
        "{html}"
    );
    for (name, bytes) in files.iter().filter(|(n, _)| !preview.ends_with(n.as_str())) {
        assert!(
            html.contains(&format!("/img/{name}")),
            "{name} is not linked"
        );
        if name.ends_with(".avif") {
            assert_eq!(&bytes[4..12], b"ftypavif", "{name}");
        } else {
            let decoded = image::load_from_memory(bytes).expect("decodes");
            assert!([480, 800, 1000].contains(&decoded.width()), "{name}");
        }
    }
    // The original is published cleaned at its own path, for links from elsewhere.
    let original = image::load_from_memory(&output_bytes(&site, "images/office.jpg")).unwrap();
    assert_eq!(original.dimensions(), (1000, 750));
}

#[test]
fn exif_orientation_is_applied_and_every_metadata_block_is_removed() {
    // Left half red, right half blue; Orientation 6 means "turn 90° clockwise to show": red on top.
    let sideways = RgbImage::from_fn(600, 400, |x, _| {
        if x < 300 {
            Rgb([220, 30, 30])
        } else {
            Rgb([30, 30, 220])
        }
    });
    let source = jpeg(&sideways, vec![(1, exif(6)), (1, xmp())], None);
    assert!(contains(&source, b"Exif\0\0") && contains(&source, b"SN-PRIVATE-4471"));
    let site = site(&[("static/images/office.jpg", source)], PAGE);
    site.build_ok();
    let mut outputs = made(&site, "office");
    outputs.push((
        "images/office.jpg".into(),
        output_bytes(&site, "images/office.jpg"),
    ));
    for (name, bytes) in &outputs {
        for secret in [
            &b"Exif"[..],
            b"II*\0",
            b"xap/1.0",
            b"SN-PRIVATE",
            b"GPSLatitude",
        ] {
            assert!(
                !contains(bytes, secret),
                "{name} still holds {:?}",
                String::from_utf8_lossy(secret)
            );
        }
        if name.ends_with(".avif") {
            continue;
        }
        let upright = image::load_from_memory(bytes).unwrap().to_rgb8();
        if upright.dimensions() == (400, 210) {
            // The link preview, cropped from the middle of the upright picture.
            continue;
        }
        assert_eq!(upright.dimensions(), (400, 600), "{name} is turned upright");
        let top = upright.get_pixel(200, 100);
        let bottom = upright.get_pixel(200, 500);
        assert!(
            top[0] > 150 && top[2] < 100,
            "{name}: the top is red, {top:?}"
        );
        assert!(
            bottom[2] > 150 && bottom[0] < 100,
            "{name}: the bottom is blue, {bottom:?}"
        );
    }
    assert!(
        site.output("about/index.html")
            .contains(r#"width="400" height="600""#)
    );
}

#[test]
fn a_display_p3_photo_is_converted_to_srgb() {
    // Pure P3 green is outside sRGB: converted, it clips to about (0, 255, 0) with a little red, while
    // shown as-is (profile dropped) the same numbers would be a duller green than the photographer saw.
    let p3 = moxcms::ColorProfile::new_display_p3()
        .encode()
        .expect("a P3 profile");
    let green = RgbImage::from_pixel(64, 64, Rgb([90, 200, 70]));
    let site = site(
        &[("static/images/office.jpg", jpeg(&green, vec![], Some(&p3)))],
        PAGE,
    );
    site.build_ok();
    let out = image::load_from_memory(&output_bytes(&site, "images/office.jpg"))
        .unwrap()
        .to_rgb8();
    let pixel = out.get_pixel(32, 32);
    // P3 (90, 200, 70) is about sRGB (0, 205, 52): more saturated than the raw numbers.
    assert!(
        pixel[0] < 40 && pixel[1] > 195 && pixel[2] < 55,
        "converted to sRGB: {pixel:?}"
    );
}

#[test]
fn cmyk_jpegs_and_16_bit_pngs_are_read() {
    let cmyk: Vec<u8> = (0..64 * 64).flat_map(|_| [0_u8, 200, 200, 0]).collect();
    let mut cmyk_jpeg = Vec::new();
    jpeg_encoder::Encoder::new(&mut cmyk_jpeg, 90)
        .encode(&cmyk, 64, 64, jpeg_encoder::ColorType::Cmyk)
        .unwrap();
    let wide: Vec<u8> = (0..64 * 64)
        .flat_map(|_| [0xff_u8, 0xff, 0x20, 0x00, 0x20, 0x00])
        .collect();
    let mut png16 = Vec::new();
    image::codecs::png::PngEncoder::new(&mut png16)
        .write_image(&wide, 64, 64, image::ExtendedColorType::Rgb16)
        .unwrap();
    let page = "---\ntitle: About\n---\n\n![A red square](/images/cmyk.jpg)\n\n![A red square](/images/deep.png)\n";
    let site = site(
        &[
            ("static/images/cmyk.jpg", cmyk_jpeg),
            ("static/images/deep.png", png16),
        ],
        page,
    );
    site.build_ok();
    for rel in ["images/cmyk.jpg", "images/deep.png"] {
        let out = image::load_from_memory(&output_bytes(&site, rel)).unwrap();
        assert_eq!(out.color(), image::ColorType::Rgb8, "{rel} is 8-bit RGB");
        let pixel = out.to_rgb8().get_pixel(10, 10).0;
        assert!(
            pixel[0] > 200 && pixel[1] < 90 && pixel[2] < 90,
            "{rel} is red: {pixel:?}"
        );
    }
}

#[test]
fn a_transparent_png_keeps_its_transparency_in_a_png_fallback() {
    let logo = image::RgbaImage::from_fn(300, 100, |x, _| {
        image::Rgba([20, 90, 120, if x < 150 { 0 } else { 255 }])
    });
    let mut png = Vec::new();
    image::codecs::png::PngEncoder::new(&mut png)
        .write_image(logo.as_raw(), 300, 100, image::ExtendedColorType::Rgba8)
        .unwrap();
    let site = site(
        &[("static/images/logo.png", png)],
        "---\ntitle: About\n---\n\n![Our logo](/images/logo.png)\n",
    );
    site.build_ok();
    let html = site.output("about/index.html");
    assert!(
        html.contains(r#"<img src="/img/logo."#) && html.contains(r#".png" alt="Our logo""#),
        "{html}"
    );
    let (name, bytes) = made(&site, "logo")
        .into_iter()
        .find(|(n, _)| n.ends_with(".png"))
        .expect("a PNG");
    let out = image::load_from_memory(&bytes).unwrap().to_rgba8();
    assert_eq!(
        out.get_pixel(10, 50)[3],
        0,
        "{name} is still transparent on the left"
    );
    assert_eq!(
        out.get_pixel(290, 50)[3],
        255,
        "{name} is opaque on the right"
    );
}

#[test]
fn an_animated_gif_is_kept_animated_without_its_comments() {
    let mut gif = Vec::new();
    {
        let mut encoder = gif::Encoder::new(&mut gif, 4, 4, &[255, 0, 0, 0, 0, 255]).unwrap();
        encoder.set_repeat(gif::Repeat::Infinite).unwrap();
        encoder
            .write_raw_extension(
                gif::Extension::Comment.into(),
                &[b"taken at 45.52N 122.68W"],
            )
            .unwrap();
        for index in [0_u8, 1] {
            let frame = gif::Frame {
                width: 4,
                height: 4,
                buffer: vec![index; 16].into(),
                delay: 50,
                ..gif::Frame::default()
            };
            encoder.write_frame(&frame).unwrap();
        }
    }
    assert!(contains(&gif, b"45.52N"));
    let site = site(
        &[("static/images/wave.gif", gif)],
        "---\ntitle: About\n---\n\n![A waving hand](/images/wave.gif)\n",
    );
    site.build_ok();
    // The link preview made from its first frame is a JPEG; the GIF itself is the one to read.
    let (_, out) = made(&site, "wave")
        .into_iter()
        .find(|(n, _)| n.ends_with(".gif"))
        .expect("the GIF");
    assert!(!contains(&out, b"45.52N"), "the comment is gone");
    let frames = gif::DecodeOptions::new()
        .read_info(out.as_slice())
        .unwrap()
        .into_iter()
        .count();
    assert_eq!(frames, 2, "still animated");
    let html = site.output("about/index.html");
    assert!(
        html.contains(r#"<picture><img src="/img/wave."#)
            && html.contains(r#".gif" alt="A waving hand" width="4" height="4">"#),
        "{html}"
    );
}

#[test]
fn resized_pictures_look_like_a_reference_resize_and_modern_formats_are_smaller() {
    let source = photo(1000, 750);
    let site = site(
        &[("static/images/office.jpg", jpeg(&source, vec![], None))],
        PAGE,
    );
    site.build_ok();
    let reference =
        image::imageops::resize(&source, 800, 600, image::imageops::FilterType::Lanczos3);
    let files = made(&site, "office");
    let at_800: Vec<&(String, Vec<u8>)> = files
        .iter()
        .filter(|(n, b)| {
            n.ends_with(".avif") || image::load_from_memory(b).is_ok_and(|i| i.width() == 800)
        })
        .collect();
    let bytes_of = |ext: &str| {
        at_800
            .iter()
            .filter(|(n, _)| n.ends_with(ext))
            .map(|(_, b)| b.len())
            .collect::<Vec<_>>()
    };
    let jpeg_size = bytes_of(".jpg")[0];
    assert!(
        bytes_of(".webp")[0] < jpeg_size,
        "WebP {:?} < JPEG {jpeg_size}",
        bytes_of(".webp")
    );
    assert!(
        bytes_of(".avif").iter().any(|s| *s < jpeg_size),
        "an AVIF is smaller than the JPEG of its width"
    );
    for (name, bytes) in at_800.iter().filter(|(n, _)| !n.ends_with(".avif")) {
        let decoded = image::load_from_memory(bytes).unwrap().to_rgb8();
        let score = ssim(&reference, &decoded);
        assert!(
            score > 0.95,
            "{name}: SSIM {score:.4} against a Lanczos3 resize"
        );
    }
}

/// The mean SSIM of two pictures' luma over 8 x 8 windows.
fn ssim(a: &RgbImage, b: &RgbImage) -> f64 {
    assert_eq!(a.dimensions(), b.dimensions());
    let luma =
        |p: &Rgb<u8>| 0.299 * f64::from(p[0]) + 0.587 * f64::from(p[1]) + 0.114 * f64::from(p[2]);
    let (c1, c2) = ((0.01 * 255.0_f64).powi(2), (0.03 * 255.0_f64).powi(2));
    let (mut total, mut windows) = (0.0, 0.0);
    for wy in (0..a.height() - 8).step_by(8) {
        for wx in (0..a.width() - 8).step_by(8) {
            let pixels: Vec<(f64, f64)> = (0..64)
                .map(|i| {
                    (
                        luma(a.get_pixel(wx + i % 8, wy + i / 8)),
                        luma(b.get_pixel(wx + i % 8, wy + i / 8)),
                    )
                })
                .collect();
            let n = 64.0;
            let (ma, mb) = (
                pixels.iter().map(|p| p.0).sum::<f64>() / n,
                pixels.iter().map(|p| p.1).sum::<f64>() / n,
            );
            let va = pixels.iter().map(|p| (p.0 - ma).powi(2)).sum::<f64>() / n;
            let vb = pixels.iter().map(|p| (p.1 - mb).powi(2)).sum::<f64>() / n;
            let cov = pixels.iter().map(|p| (p.0 - ma) * (p.1 - mb)).sum::<f64>() / n;
            total += ((2.0 * ma * mb + c1) * (2.0 * cov + c2))
                / ((ma * ma + mb * mb + c1) * (va + vb + c2));
            windows += 1.0;
        }
    }
    total / windows
}

/// The build's errors, as printed.
fn failure(site: &SiteTest) -> String {
    match site.build() {
        Ok(_) => panic!("the build should fail"),
        Err(diagnostics) => diagnostics.to_string(),
    }
}

#[test]
fn bad_pictures_are_errors_at_the_line_that_shows_them_and_the_previous_output_stays() {
    let good = jpeg(&photo(200, 150), vec![], None);
    let site = site(&[("static/images/office.jpg", good.clone())], PAGE);
    site.build_ok();
    let before = site.output_tree();
    let page = "---\ntitle: About\n---\n\nText.\n\n![A photo](/images/bad.jpg)\n\n## Our team\n";
    site.write("content/about.md", page);
    let mut heic = vec![0, 0, 0, 24];
    heic.extend_from_slice(b"ftypheic\0\0\0\0mif1heic");
    // A PNG claiming 30,000 x 30,000 pixels with a few bytes of data: refused before decoding.
    let chunk = |kind: &[u8], data: &[u8]| {
        let mut chunk = u32::try_from(data.len()).unwrap().to_be_bytes().to_vec();
        chunk.extend(kind);
        chunk.extend(data);
        chunk.extend(crc32(&chunk[4..]).to_be_bytes());
        chunk
    };
    let mut header = 30_000_u32.to_be_bytes().to_vec();
    header.extend(30_000_u32.to_be_bytes());
    header.extend([8, 2, 0, 0, 0]);
    let mut bomb = b"\x89PNG\r\n\x1a\n".to_vec();
    bomb.extend(chunk(b"IHDR", &header));
    bomb.extend(chunk(
        b"IDAT",
        &[0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01],
    ));
    bomb.extend(chunk(b"IEND", &[]));
    let cases: [(&str, Vec<u8>, &str, &str); 4] = [
        (
            "a text file",
            b"not a picture at all".to_vec(),
            "is not a picture Portico can read",
            "save it again as JPEG",
        ),
        (
            "a cut-short JPEG",
            good[..good.len() / 3].to_vec(),
            "could not be read",
            "save it again as JPEG",
        ),
        (
            "an iPhone photo",
            heic,
            "HEIC images cannot be used",
            "File > Export",
        ),
        (
            "a decompression bomb",
            bomb,
            "30000 x 30000 pixels (900 megapixels), over the limit of 100 megapixels",
            "images.max_megapixels",
        ),
    ];
    for (what, bytes, message, help) in cases {
        site.write_bytes("static/images/bad.jpg", &bytes);
        let report = match site.build() {
            Ok(_) => panic!("{what}: the build should fail"),
            Err(diagnostics) => diagnostics.to_string(),
        };
        assert!(
            report.contains("site/content/about.md:7:1") || report.contains("about.md:7:1"),
            "{what}: {report}"
        );
        assert!(
            report.contains("/images/bad.jpg") && report.contains(message) && report.contains(help),
            "{what}: {report}"
        );
        assert_eq!(
            site.output_tree(),
            before,
            "{what}: the previous output stays"
        );
    }
    std::fs::remove_file(site.root.join("static/images/bad.jpg")).unwrap();
    let report = failure(&site);
    assert!(
        report.contains("about.md:7:1")
            && report.contains("the picture /images/bad.jpg is not a file of the site"),
        "{report}"
    );
}

/// The CRC-32 of a PNG chunk's type and data.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0_u32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xedb8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// A provider page with this photo and focus.
fn provider(focus: &str) -> String {
    format!(
        "---\ntitle: Dr. Ana Ruiz\nprovider:\n  name: Ana Ruiz\n  credentials: [MD]\n  photo:\n    src: /images/ana.jpg\n    alt: Dr. Ruiz in the clinic\n{focus}---\n\nDr. Ruiz sees children.\n\n## Our team\n"
    )
}

#[test]
fn portraits_are_cropped_around_the_focus_point_for_each_slot_at_1x_and_2x() {
    // A tall photo: red at the top (the face), blue below.
    let tall = RgbImage::from_fn(600, 1200, |_, y| {
        if y < 300 {
            Rgb([220, 30, 30])
        } else {
            Rgb([30, 30, 220])
        }
    });
    let source = jpeg(&tall, vec![], None);
    let site = SiteTest::fixture("basic");
    site.write_bytes("static/images/ana.jpg", &source);
    site.write(
        "content/about.md",
        &provider("    focus: { x: 0.5, y: 0.12 }\n"),
    );
    site.build_ok();
    let html = site.output("about/index.html");
    // The clinic theme's profile slot is 240 x 300: files at 1x and 2x, the img sized as the slot.
    assert!(
        html.contains(r#"class="provider-photo" src="/img/ana."#),
        "{html}"
    );
    assert!(
        html.contains(r#"alt="Dr. Ruiz in the clinic" width="240" height="300">"#),
        "{html}"
    );
    assert!(
        html.contains(" 1x, /img/ana.") && html.contains(" 2x\""),
        "{html}"
    );
    let jpegs: Vec<image::RgbImage> = made(&site, "ana")
        .iter()
        .filter(|(n, _)| n.ends_with(".jpg"))
        .map(|(_, b)| image::load_from_memory(b).unwrap().to_rgb8())
        .collect();
    let sizes: Vec<(u32, u32)> = jpegs.iter().map(image::RgbImage::dimensions).collect();
    // The link preview has the 1,200 x 630 shape, at the 600 pixels the photo has.
    for size in [(80, 80), (160, 160), (240, 300), (480, 600), (600, 315)] {
        assert!(sizes.contains(&size), "{size:?} in {sizes:?}");
    }
    let profile = jpegs.iter().find(|i| i.dimensions() == (240, 300)).unwrap();
    assert!(
        profile.get_pixel(120, 20)[0] > 150,
        "the crop keeps the red top, around the focus"
    );
    // The same photo with the focus low down crops to blue only.
    site.write(
        "content/about.md",
        &provider("    focus: { x: 0.5, y: 0.95 }\n"),
    );
    site.build_ok();
    let low = made(&site, "ana")
        .iter()
        .map(|(_, b)| b.clone())
        .filter_map(|b| image::load_from_memory(&b).ok())
        .map(|i| i.to_rgb8())
        .find(|i| i.dimensions() == (240, 300))
        .unwrap();
    assert!(
        low.get_pixel(120, 20)[2] > 150,
        "a low focus crops to the blue bottom"
    );
    // A focus outside the photo is an error at its line.
    site.write(
        "content/about.md",
        &provider("    focus: { x: 0.5, y: 1.5 }\n"),
    );
    let report = failure(&site);
    assert!(
        report.contains("about.md:9") && report.contains("outside the photo"),
        "{report}"
    );
}

#[test]
fn every_page_gets_a_link_preview_picture() {
    let site = site(
        &[
            (
                "static/images/office.jpg",
                jpeg(&photo(1300, 700), vec![], None),
            ),
            (
                "static/images/door.jpg",
                jpeg(&photo(900, 900), vec![], None),
            ),
        ],
        PAGE,
    );
    // AVIF is the slow format and link previews do not use it.
    site.edit(
        "portico.yaml",
        "seo:\n",
        "images:\n  formats: [webp]\n  share: /images/door.jpg\nseo:\n",
    );
    site.build_ok();
    let about = site.output("about/index.html");
    let og = |html: &str| {
        let start = html
            .find(r#"<meta property="og:image" content=""#)
            .map(|i| i + 35)?;
        Some(html[start..start + html[start..].find('"')?].to_owned())
    };
    let about_image = og(&about).expect("the page's own picture");
    assert!(
        about_image.starts_with("https://www.maplestreetkids.example/img/office.")
            && about_image.ends_with(".jpg"),
        "{about_image}"
    );
    assert!(
        about.contains(r#"<meta property="og:image:width" content="1200">"#)
            && about.contains(r#"content="630">"#),
        "{about}"
    );
    assert!(
        about.contains(
            r#"<meta property="og:image:alt" content="The waiting room, with blue chairs">"#
        ),
        "{about}"
    );
    assert!(about.contains(r#"<meta name="twitter:card" content="summary_large_image">"#));
    let file = about_image.trim_start_matches("https://www.maplestreetkids.example/");
    let preview = image::load_from_memory(&output_bytes(&site, file)).unwrap();
    assert_eq!(preview.dimensions(), (1200, 630));
    let home = og(&site.output("index.html")).expect("the site's share picture");
    assert!(
        home.contains("/img/door.") && home.ends_with(".jpg"),
        "{home}"
    );
    // A square 900 x 900 picture cannot fill 1200 x 630: it is cropped to that shape, not upscaled.
    let door = image::load_from_memory(&output_bytes(
        &site,
        home.trim_start_matches("https://www.maplestreetkids.example/"),
    ))
    .unwrap();
    assert_eq!(door.dimensions(), (900, 473));
}

#[test]
fn a_rebuild_with_unchanged_pictures_makes_nothing_and_a_changed_one_is_made_again() {
    let site = site(
        &[(
            "static/images/office.jpg",
            jpeg(&photo(900, 600), vec![], None),
        )],
        PAGE,
    );
    site.edit(
        "portico.yaml",
        "seo:\n",
        "images:\n  formats: [webp]\nseo:\n",
    );
    // This test's own cache, in the site: `portico build` without --cache.
    let build = || {
        let run = std::process::Command::new(env!("CARGO_BIN_EXE_portico"))
            .args(["build", "--quiet", "--root"])
            .arg(&site.root)
            .output()
            .unwrap();
        assert!(
            run.status.success(),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
    };
    build();
    let cache = site.root.join(".portico-cache/images");
    let listing = || {
        let mut files: Vec<(String, std::time::SystemTime)> = std::fs::read_dir(&cache)
            .unwrap()
            .filter_map(Result::ok)
            .filter(|e| e.file_name() != "sources.json")
            .map(|e| {
                (
                    e.file_name().to_string_lossy().into_owned(),
                    e.metadata().unwrap().modified().unwrap(),
                )
            })
            .collect();
        files.sort();
        files
    };
    let first = listing();
    assert!(first.len() >= 7, "{first:?}");
    let output = site.output_tree();
    build();
    assert_eq!(listing(), first, "nothing was made again");
    assert_eq!(site.output_tree(), output, "the same output");
    site.write_bytes(
        "static/images/office.jpg",
        &jpeg(&photo(900, 601), vec![], None),
    );
    build();
    let after = listing();
    assert!(
        after.len() > first.len(),
        "the changed photo's files are new ones"
    );
    // Deleting the cache is safe: the next build makes what it needs.
    std::fs::remove_dir_all(site.root.join(".portico-cache")).unwrap();
    build();
    assert!(site.output("about/index.html").contains("<picture>"));
}

#[test]
fn check_warns_about_a_picture_that_is_still_heavy() {
    // Noise with transparency: its fallback stays a PNG, and every size of it is over a byte per pixel.
    let mut seed = 7_u32;
    let noise = image::RgbaImage::from_fn(700, 500, |_, _| {
        seed = seed.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
        let [a, b, c, d] = seed.to_le_bytes();
        image::Rgba([a, b, c, d])
    });
    let mut png = Vec::new();
    image::codecs::png::PngEncoder::new(&mut png)
        .write_image(noise.as_raw(), 700, 500, image::ExtendedColorType::Rgba8)
        .unwrap();
    let page = "---\ntitle: About\n---\n\n![A screenshot](/images/noise.png)\n";
    let site = site(&[("static/images/noise.png", png)], page);
    let run = site.run(&["check", "--root", "site"]);
    let text = format!("{}{}", run.stdout, run.stderr);
    assert!(
        text.contains("images/heavy") && text.contains("/images/noise.png is still"),
        "{text}"
    );
}

#[test]
fn both_engines_lay_out_pictures_with_the_image_function() {
    for theme in ["clinic", "harbor"] {
        let site = SiteTest::fixture("basic");
        site.write_bytes(
            "static/images/ana.jpg",
            &jpeg(&photo(600, 800), vec![], None),
        );
        site.edit("portico.yaml", "theme: clinic", &format!("theme: {theme}"));
        site.write("content/about.md", &provider(""));
        site.write("templates/page.html", "{% extends \"base.html\" %}{% block content %}{% set pic = image(src=\"/images/ana.jpg\") %}<p id=pic>{{ pic.src }} {{ pic.width }}x{{ pic.height }} {{ pic.sources | length }} {{ pic.type }}</p>{% endblock %}");
        site.build_ok();
        let html = site.output("about/index.html");
        assert!(
            html.contains(r"<p id=pic>/images/ana.jpg 600x800 0 image/jpeg</p>"),
            "{theme}: {html}"
        );
        // A slot the theme does not have is an error naming the slots it has.
        site.write("templates/page.html", "{% extends \"base.html\" %}{% block content %}{% set pic = image(src=\"/images/ana.jpg\", slot=\"hero\") %}{{ pic.src }}{% endblock %}");
        let report = failure(&site);
        assert!(
            report.contains("was not prepared for the slot `hero`") && report.contains("location"),
            "{theme}: {report}"
        );
    }
}

#[test]
fn a_png_logo_is_scaled_to_the_themes_logo_slot_and_an_svg_logo_is_left_alone() {
    let logo = image::RgbaImage::from_fn(800, 200, |x, _| {
        image::Rgba([20, 90, 120, if x < 100 { 0 } else { 255 }])
    });
    let mut png = Vec::new();
    image::codecs::png::PngEncoder::new(&mut png)
        .write_image(logo.as_raw(), 800, 200, image::ExtendedColorType::Rgba8)
        .unwrap();
    let site = SiteTest::fixture("basic");
    site.write_bytes("static/images/logo.png", &png);
    site.edit(
        "portico.yaml",
        "  type: MedicalClinic\n",
        "  type: MedicalClinic\n  logo: /images/logo.png\n",
    );
    site.build_ok();
    let home = site.output("index.html");
    // The clinic theme's logo slot is 200 x 56: the 4:1 logo fits at 200 x 50 (1x) and 400 x 100 (2x).
    assert!(
        home.contains(r#"<img class="brand-logo" src="/img/logo."#),
        "{home}"
    );
    assert!(
        home.contains(r#"alt="" width="200" height="50">"#),
        "{home}"
    );
    let sizes: Vec<(u32, u32)> = made(&site, "logo")
        .iter()
        .filter(|(n, _)| n.ends_with(".png"))
        .map(|(_, b)| image::load_from_memory(b).unwrap().dimensions())
        .collect();
    assert!(
        sizes.contains(&(200, 50)) && sizes.contains(&(400, 100)),
        "{sizes:?}"
    );
    site.edit(
        "portico.yaml",
        "logo: /images/logo.png",
        "logo: /images/dot.svg",
    );
    site.build_ok();
    assert!(
        site.output("index.html")
            .contains(r#"<img class="brand-logo" src="/images/dot.svg" alt="">"#)
    );
}

#[test]
fn a_picture_that_cannot_be_cleaned_is_not_published_at_all() {
    // A TIFF nobody shows (a download), exiftool's backup of a photo it cleaned, and an SVG photo that
    // is not there: each an error at the file or the line, and the previous output stays.
    let with_gps = jpeg(&photo(64, 48), vec![(1, exif(1))], None);
    let site = site(
        &[(
            "static/images/office.jpg",
            jpeg(&photo(640, 480), vec![], None),
        )],
        PAGE,
    );
    site.build_ok();
    let before = site.output("about/index.html");
    for (rel, bytes, expected) in [
        ("static/forms/scan.tiff", exif(1), "cannot be cleaned"),
        (
            "static/images/office.jpg_original",
            with_gps.clone(),
            "is a picture under a name",
        ),
    ] {
        site.write_bytes(rel, &bytes);
        let report = failure(&site);
        assert!(
            report.contains(expected) && report.contains(rel.trim_start_matches("static/")),
            "{report}"
        );
        assert_eq!(
            site.output("about/index.html"),
            before,
            "the previous output stays"
        );
        std::fs::remove_file(site.root.join(rel)).unwrap();
    }
    site.write(
        "content/about.md",
        "---\ntitle: About\n---\n\n![A chart](/images/chart.svg)\n\n## Our team\n",
    );
    let report = failure(&site);
    assert!(
        report.contains("/images/chart.svg is not a file of the site")
            && report.contains("about.md:5:1"),
        "{report}"
    );
}

//! Which pictures the site names, and what each is needed for.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use crate::config::UrlPath;
use crate::content::Site;
use crate::error::{Diagnostics, Error, ErrorKind, Location};
use crate::images::{Focus, Kind, Shape};
use crate::theme::{Slot, SlotUse, ThemeImages};

/// The link-preview size Facebook, LinkedIn, Slack and iMessage all crop to well.
const SHARE: (u32, u32) = (1200, 630);

/// What one picture is needed for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Use {
    /// Itself, cleaned, at its own path.
    Original,
    /// In a page's text: the theme's widths.
    Content,
    /// A theme slot, by name.
    Slot(String),
    /// The 1200 x 630 link preview.
    Share,
}

/// A picture of the site and its uses, each with the shape it needs.
#[derive(Debug)]
pub(super) struct Wanted {
    pub file: PathBuf,
    /// The first place that named it, for a message about it.
    pub at: Location,
    pub uses: Vec<(Use, Shape)>,
}

impl Wanted {
    fn add(&mut self, use_: Use, shape: Shape) {
        if !self.uses.iter().any(|(u, _)| *u == use_) {
            self.uses.push((use_, shape));
        }
    }
}

/// Every picture the site names, by site path. A name that is not a file of the site, or a file in a
/// format that cannot be published, is an error at the place that names it.
pub(super) fn collect(
    site: &Site,
    theme: &ThemeImages,
    default_share: Option<&(UrlPath, Location)>,
    theme_files: &[(UrlPath, PathBuf)],
    diagnostics: &mut Diagnostics,
) -> BTreeMap<String, Wanted> {
    let mut files: HashMap<&str, &PathBuf> = theme_files
        .iter()
        .map(|(url, path)| (url.as_str(), path))
        .collect();
    for file in &site.static_files {
        files.insert(file.url.as_str(), &file.path);
    }
    let mut wanted: BTreeMap<String, Wanted> = BTreeMap::new();
    // A missing picture named once is one mistake, however many slots it was meant to fill.
    let mut missing: Vec<(String, Location)> = Vec::new();
    let mut want =
        |src: &str, at: &Location, use_: Use, shape: Shape, diagnostics: &mut Diagnostics| {
            let Some(file) = files.get(src) else {
                let mistake = (src.to_owned(), at.clone());
                if missing.contains(&mistake) {
                    return;
                }
                missing.push(mistake);
                diagnostics.error(
                    Error::new(
                        ErrorKind::Image,
                        format!("the picture {src} is not a file of the site"),
                    )
                    .at(at.clone())
                    .with_help(format!("put it at static{src}, or fix the path")),
                );
                return;
            };
            if Kind::from_extension(src).is_none() && !Kind::refused_extension(src) {
                // SVG and other files a browser shows as they are: there, and left alone.
                return;
            }
            wanted
                .entry(src.to_owned())
                .or_insert_with(|| Wanted {
                    file: (*file).clone(),
                    at: at.clone(),
                    uses: Vec::new(),
                })
                .add(use_, shape);
        };

    let link_preview = |focus: Focus| Shape::Single {
        width: SHARE.0,
        height: SHARE.1,
        focus,
    };
    for page in &site.pages {
        for (i, image) in page.content.images.iter().enumerate() {
            let at = Location::at(&page.source.path, image.line, image.column);
            want(
                &image.src,
                &at,
                Use::Content,
                Shape::Widths(theme.widths.clone()),
                diagnostics,
            );
            if i == 0 {
                want(
                    &image.src,
                    &at,
                    Use::Share,
                    link_preview(Focus::default()),
                    diagnostics,
                );
            }
        }
        if let Some(provider) = &page.meta.provider
            && let Some(photo) = &provider.photo
        {
            let at = provider
                .photo_place
                .clone()
                .unwrap_or_else(|| Location::file(&page.source.path));
            let crop = |slot: &Slot| Shape::Crop {
                width: slot.width,
                height: slot.height,
                focus: photo.focus,
            };
            for (use_, shape) in slot_shapes(theme, SlotUse::Portrait, crop) {
                want(photo.src.as_str(), &at, use_, shape, diagnostics);
            }
            want(
                photo.src.as_str(),
                &at,
                Use::Share,
                link_preview(photo.focus),
                diagnostics,
            );
        }
    }
    for location in &site.config.locations {
        let Some(photo) = &location.photo else {
            continue;
        };
        let crop = |slot: &Slot| Shape::Crop {
            width: slot.width,
            height: slot.height,
            focus: photo.focus,
        };
        for (use_, shape) in slot_shapes(theme, SlotUse::Location, crop) {
            want(photo.src.as_str(), &photo.at, use_, shape, diagnostics);
        }
    }
    if let Some(logo) = &site.config.practice.logo {
        let at = Location::file(site.config.root.join("portico.yaml"));
        let fit = |slot: &Slot| Shape::Fit {
            width: slot.width,
            height: slot.height,
        };
        for (use_, shape) in slot_shapes(theme, SlotUse::Logo, fit) {
            want(logo.as_str(), &at, use_, shape, diagnostics);
        }
    }
    if let Some((url, at)) = default_share {
        want(
            url.as_str(),
            at,
            Use::Share,
            link_preview(Focus::default()),
            diagnostics,
        );
    }
    // Every picture file is published cleaned, whether or not a page shows it. Last, so that a
    // message about a picture names the page or setting that shows it before the file itself.
    for (url, path) in theme_files {
        want(
            url.as_str(),
            &Location::file(path),
            Use::Original,
            Shape::Original,
            diagnostics,
        );
    }
    for file in &site.static_files {
        let url = file.url.as_str();
        if Kind::refused_extension(url) && !Kind::phone_photo_extension(url) {
            // A TIFF or AVIF, even as a download: Portico cannot clean it, so it is not published.
            diagnostics.error(
                Error::new(
                    ErrorKind::Image,
                    format!("{url} cannot be cleaned of the location and camera data it may hold"),
                )
                .at(Location::file(&file.path))
                .with_help("save it as JPEG (photos) or PNG (drawings); Portico makes the modern formats itself"),
            );
            continue;
        }
        if Kind::from_extension(url).is_none()
            && !Kind::refused_extension(url)
            && holds_a_photo(&file.path)
        {
            // `photo.jpg_original` (what exiftool keeps when it strips a photo), `IMG_1234`: a picture
            // under a name no browser shows as one, which would be copied with everything it holds.
            diagnostics.error(
                Error::new(
                    ErrorKind::Image,
                    format!("{url} is a picture under a name that is not a picture's, so it cannot be published cleaned"),
                )
                .at(Location::file(&file.path))
                .with_help("remove it from static/ (a backup left by a photo tool?), or rename it to end in .jpg or .png"),
            );
            continue;
        }
        want(
            url,
            &Location::file(&file.path),
            Use::Original,
            Shape::Original,
            diagnostics,
        );
    }
    wanted
}

/// Each slot of the theme for `of` pictures, with the shape `shape` makes of it.
fn slot_shapes(
    theme: &ThemeImages,
    of: SlotUse,
    shape: impl Fn(&Slot) -> Shape,
) -> Vec<(Use, Shape)> {
    theme
        .slots
        .iter()
        .filter(|(_, slot)| slot.of == of)
        .map(|(name, slot)| (Use::Slot(name.clone()), shape(slot)))
        .collect()
}

/// Whether the file starts like a picture that can carry location or camera data.
fn holds_a_photo(path: &std::path::Path) -> bool {
    use std::io::Read as _;
    let mut head = [0_u8; 32];
    let Ok(mut file) = std::fs::File::open(path) else {
        return false;
    };
    let read = file.read(&mut head).unwrap_or(0);
    crate::images::holds_a_photo(&head[..read])
}

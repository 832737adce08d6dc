//! The functions and filters every theme can call, whatever its engine.
//!
//! Both backends register thin wrappers around [`Functions`], so `url`, `asset`, `integrity`,
//! `vendor_href`, `outbound_href`, `tel`, `format_date` and `markdown` behave the same in MiniJinja and
//! Tera. Arguments may be passed by name in both (`asset(path="css/site.css")`, as Tera requires), so one
//! template serves both engines; MiniJinja also takes them by position.
//!
//! `vendor_href` and `outbound_href` keep the link-safety rules in one place instead of in every template
//! that links away: a theme writes `<a class="button" {{ vendor_href(url=portal.login_url) }}>` and gets the
//! address, `rel="noopener noreferrer"` and `referrerpolicy="no-referrer"`, and only for an address the
//! portal plugin checked against the vendor's official hosts.

use std::collections::{HashMap, HashSet};

use crate::config::{BaseUrl, Date, Lang, Phone, UrlPath};
use crate::content::Site;
use crate::content::markdown::{self, LinkResolver};
use crate::html::escape;
use crate::i18n::Strings;
use crate::images::{ImageView, Kind, SiteImages};
use crate::output::Fingerprints;
use crate::theme::{SlotUse, ThemeImages};

/// Site data the helpers need, owned so that engines can keep it for as long as they live.
#[derive(Debug, Clone)]
pub struct Functions {
    base_url: BaseUrl,
    /// `about.md` to `/sub/about/`, for `url("@/about.md")` and `@/` links in the `markdown` filter.
    pages: HashMap<String, String>,
    strings: Strings,
    /// The site's default language, for the labels of markdown written in templates.
    language: Lang,
    /// Stylesheets and scripts renamed for their content, by their old path (no leading `/`).
    fingerprints: Fingerprints,
    /// Every portal address the portal plugin checked (log in, sign up, bill pay, ..., each location's).
    vendor_urls: HashSet<String>,
    /// The site's pictures and the files made of them, for `image()`.
    images: SiteImages,
    /// The theme's widths, `sizes` and slots.
    theme_images: ThemeImages,
}

impl Functions {
    pub fn new(
        site: &Site,
        strings: &Strings,
        fingerprints: &Fingerprints,
        vendor_urls: HashSet<String>,
        theme_images: ThemeImages,
    ) -> Self {
        let base_url = site.config.base_url.clone();
        let pages = site
            .pages
            .iter()
            .map(|p| (p.source.rel.clone(), base_url.path_for(&p.url)))
            .collect();
        Functions {
            base_url,
            pages,
            strings: strings.clone(),
            language: site.config.language.clone(),
            fingerprints: fingerprints.clone(),
            vendor_urls,
            images: site.images.clone(),
            theme_images,
        }
    }

    /// `image(src="/images/office.jpg")`, or with `slot="card"`: the files of a site picture as a
    /// template lays out a `<picture>` (`src`, `width`, `height`, `srcset`, `type`, `sizes`, and
    /// `sources`, one per modern format). Without a slot: the widths of a picture shown in a page's text,
    /// or the cleaned picture itself for one no page shows. A file that is not a picture Portico
    /// processes (an SVG logo) comes back as `src` alone, with no `sources`, and the slot's size in a
    /// portrait or location slot (none in a logo slot or without a slot: an SVG's shape is its own).
    pub fn image(&self, src: &str, slot: Option<&str>) -> Result<ImageView, String> {
        let parsed =
            UrlPath::parse(src).map_err(|invalid| format!("image(): {}", invalid.message))?;
        let url = |path: &str| self.base_url.prefixed(&format!("/{path}"));
        let Some(image) = self.images.get(parsed.as_str()) else {
            if Kind::from_extension(parsed.as_str()).is_some() {
                return Err(format!(
                    "image(): {src} is not a picture of the site; put it under static/ (static{src})"
                ));
            }
            let mut plain = ImageView::plain(self.base_url.path_for(&parsed));
            // An SVG in a portrait or location slot fills the slot's box: no layout shift either.
            if let Some(fixed) = slot
                .and_then(|name| self.theme_images.slots.get(name))
                .filter(|fixed| fixed.of != SlotUse::Logo)
            {
                (plain.width, plain.height) = (fixed.width, fixed.height);
            }
            return Ok(plain);
        };
        let view = match slot {
            None if image.responsive.is_empty() => image.original.as_ref().and_then(|original| {
                ImageView::new(std::slice::from_ref(original), None, "", &url)
            }),
            None => ImageView::new(&image.responsive, None, &self.theme_images.sizes, &url),
            Some(name) => {
                let files = image.slots.get(name).ok_or_else(|| {
                    let slots: Vec<&str> = self.theme_images.slots.keys().map(String::as_str).collect();
                    format!(
                        "image(): {src} was not prepared for the slot `{name}`; the theme's slots are {} (a portrait slot takes providers' photos, a location slot locations' photos, a logo slot the logo)",
                        if slots.is_empty() { "none".to_owned() } else { slots.join(", ") }
                    )
                })?;
                let size = self
                    .theme_images
                    .slots
                    .get(name)
                    .filter(|slot| slot.of != SlotUse::Logo)
                    .map(|slot| (slot.width, slot.height));
                ImageView::new(files, size, "", &url)
            }
        };
        view.ok_or_else(|| format!("image(): {src} has no files"))
    }

    /// The attributes of a link to the records vendor: `href`, `rel="noopener noreferrer"` (the
    /// vendor's page gets no handle on this one) and `referrerpolicy="no-referrer"` (nor learns which
    /// page of the practice's site the patient came from). Only an address the portal plugin checked is
    /// accepted, so a theme cannot send patients to a host that is not the vendor's.
    pub fn vendor_href(&self, url: &str) -> Result<String, String> {
        if !self.vendor_urls.contains(url) {
            return Err(format!(
                "vendor_href(): `{url}` is not one of the portal's checked addresses; pass a `portal.*_url` (or a location's `login_url`), or use outbound_href() for a link that is not to the vendor"
            ));
        }
        Ok(format!(
            "href=\"{}\" rel=\"noopener noreferrer\" referrerpolicy=\"no-referrer\"",
            escape(url)
        ))
    }

    /// The attributes of a link to another site that is not the vendor (a map's directions):
    /// `href` and `rel="noopener noreferrer"`. Only `https://` addresses.
    pub fn outbound_href(&self, url: &str) -> Result<String, String> {
        if !url.starts_with("https://") {
            return Err(format!(
                "outbound_href(): `{url}` is not an https:// address"
            ));
        }
        Ok(format!(
            "href=\"{}\" rel=\"noopener noreferrer\"",
            escape(url)
        ))
    }

    /// `url("/about/")` is `/sub/about/`; `url("@/about.md#team")` is that page's URL and anchor; a full
    /// `https://` address is returned as it is.
    pub fn url(&self, path: &str) -> Result<String, String> {
        if path.starts_with("https://")
            || path.starts_with("http://")
            || path.starts_with("mailto:")
            || path.starts_with("tel:")
        {
            return Ok(path.to_owned());
        }
        if let Some(target) = path.strip_prefix("@/") {
            let (file, anchor) = target
                .split_once('#')
                .map_or((target, None), |(f, a)| (f, Some(a)));
            let url = self
                .resolve(file)
                .ok_or_else(|| format!("url(): there is no page @/{file}"))?;
            return Ok(anchor.map_or(url.clone(), |a| format!("{url}#{a}")));
        }
        let parsed =
            UrlPath::parse(path).map_err(|invalid| format!("url(): {}", invalid.message))?;
        Ok(self.base_url.path_for(&parsed))
    }

    /// The URL of a file from the theme's or the site's `static/` folder: its content-hashed name when
    /// the `assets` plugin renamed it (`/css/clinic.3f2a9c1b7e.css`).
    pub fn asset(&self, path: &str) -> Result<String, String> {
        let parsed =
            UrlPath::parse(path).map_err(|invalid| format!("asset(): {}", invalid.message))?;
        let renamed = self
            .fingerprints
            .get(parsed.as_str().trim_start_matches('/'))
            .and_then(|f| UrlPath::parse(&f.path).ok());
        Ok(self.base_url.path_for(renamed.as_ref().unwrap_or(&parsed)))
    }

    /// The Subresource Integrity value (`sha384-...`) of a renamed stylesheet or script, for its
    /// `integrity` attribute; empty when the file was not renamed (fingerprinting off, the live
    /// preview), where the attribute is left out.
    pub fn integrity(&self, path: &str) -> &str {
        self.fingerprints
            .get(path.trim_start_matches('/'))
            .map_or("", |f| f.integrity.as_str())
    }

    /// `tel:+15035550142` for a phone number as people write it.
    pub fn tel(&self, phone: &str) -> Result<String, String> {
        Phone::parse(phone)
            .map(|p| p.tel_href())
            .map_err(|invalid| format!("tel: {}", invalid.message))
    }

    /// A `YYYY-MM-DD` date in the words of `lang`.
    pub fn format_date(&self, iso: &str, lang: &str) -> Result<String, String> {
        let date =
            Date::parse(iso).map_err(|invalid| format!("format_date: {}", invalid.message))?;
        let lang =
            Lang::parse(lang).map_err(|invalid| format!("format_date: {}", invalid.message))?;
        Ok(self.strings.date_label(&lang, date))
    }

    /// Markdown to HTML, for text from `extra` or config. `@/` links resolve like in pages.
    pub fn markdown(&self, text: &str) -> String {
        markdown::render(text, self, self.strings.markdown_labels(&self.language))
            .0
            .html
    }
}

impl LinkResolver for Functions {
    fn site_path(&self, path: &str) -> String {
        self.base_url.prefixed(path)
    }

    fn resolve(&self, target: &str) -> Option<String> {
        self.pages.get(target).cloned()
    }
}

//! `images:` in `theme.yaml`: how the theme shows pictures, so the `images` plugin makes exactly the
//! files it needs.
//!
//! ```yaml
//! images:
//!   widths: [480, 800, 1200, 1600]          # the srcset of a picture in a page's text
//!   sizes: "(min-width: 48rem) 44rem, 100vw" # how wide such a picture is shown
//!   slots:                                   # fixed places, cropped to their shape, at 1x and 2x
//!     card: { width: 80, height: 80, of: portrait }
//!     profile: { width: 240, height: 300, of: portrait }
//!     location: { width: 480, height: 320, of: location }
//!     logo: { width: 200, height: 56, of: logo }   # a logo is fitted inside the box, never cropped
//! ```
//!
//! Templates then ask for a slot by name: `image(src=p.photo.src, slot="card")`. A child theme's
//! `images:` replaces its parent's whole.

use std::collections::BTreeMap;

use serde::Deserialize;

/// How a theme shows pictures.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThemeImages {
    #[serde(default = "default_widths")]
    pub widths: Vec<u32>,
    #[serde(default = "default_sizes")]
    pub sizes: String,
    #[serde(default)]
    pub slots: BTreeMap<String, Slot>,
}

impl Default for ThemeImages {
    fn default() -> Self {
        ThemeImages {
            widths: default_widths(),
            sizes: default_sizes(),
            slots: BTreeMap::new(),
        }
        .with_built_in_slots()
    }
}

impl ThemeImages {
    /// These settings with the slots the built-in plugin pages use (`location` on each office's page,
    /// `portrait` on the provider directory), where the theme does not size them itself.
    #[must_use]
    pub fn with_built_in_slots(mut self) -> Self {
        for (name, width, height, of) in [
            ("location", 480, 320, SlotUse::Location),
            ("portrait", 80, 80, SlotUse::Portrait),
        ] {
            self.slots
                .entry(name.to_owned())
                .or_insert(Slot { width, height, of });
        }
        self
    }

    /// Why these settings cannot be used, if they cannot: every size must be a real one.
    pub fn problem(&self) -> Option<String> {
        let bad = |v: u32| v == 0 || v > MAX_SIDE;
        if let Some(w) = self.widths.iter().find(|w| bad(**w)) {
            return Some(format!(
                "`images.widths` has {w}; widths are 1 to {MAX_SIDE} pixels"
            ));
        }
        self.slots
            .iter()
            .find(|(_, s)| bad(s.width) || bad(s.height))
            .map(|(name, s)| {
                format!(
                    "the image slot `{name}` is {} x {}; a slot's sides are 1 to {MAX_SIDE} pixels",
                    s.width, s.height
                )
            })
    }
}

/// A fixed place for a picture: its size in CSS pixels and what fills it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Slot {
    pub width: u32,
    pub height: u32,
    pub of: SlotUse,
}

/// Which pictures a slot is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SlotUse {
    /// Providers' photos (`photo:` in their front matter).
    Portrait,
    /// Locations' photos (`photo:` of a location in `portico.yaml`).
    Location,
    /// The practice's logo, when it is a PNG or JPEG.
    Logo,
}

/// The largest side of a slot or width: twice it (a 2x file) is still under WebP's limit of 16,383.
const MAX_SIDE: u32 = 8000;

fn default_widths() -> Vec<u32> {
    vec![480, 800, 1200, 1600]
}

fn default_sizes() -> String {
    "100vw".to_owned()
}

//! The colours a theme uses when a site sets none (`colors:` in `theme.yaml`), which the `brand` plugin
//! checks a site's own colours against: a practice that sets only `brand.primary` must still get links
//! that can be read on the theme's background. A child theme inherits what it does not set.

use serde::Deserialize;

use crate::config::Color;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThemeColors {
    /// Body text.
    #[serde(default)]
    pub text: Option<Color>,
    /// The page behind the text.
    #[serde(default)]
    pub background: Option<Color>,
    /// Links and buttons (buttons carry white text).
    #[serde(default)]
    pub primary: Option<Color>,
    /// Icons, focus rings and other marks.
    #[serde(default)]
    pub accent: Option<Color>,
}

impl ThemeColors {
    /// These colours with a child theme's over them.
    #[must_use]
    pub fn under(self, child: ThemeColors) -> ThemeColors {
        ThemeColors {
            text: child.text.or(self.text),
            background: child.background.or(self.background),
            primary: child.primary.or(self.primary),
            accent: child.accent.or(self.accent),
        }
    }
}

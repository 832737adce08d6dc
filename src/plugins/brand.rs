//! `brand`: a clinic's colours, fonts, corner radius and logo, as CSS custom properties every built-in theme
//! uses — so most clinics of an agency need no template of their own.
//!
//! The colours are checked before anything is written: each pair a patient has to read must meet WCAG 2.1
//! AA (4.5:1 for text, 3:1 for large text and UI parts such as icons and focus rings). A failing pair is
//! an error naming both colours, the ratio, and the nearest shade of the foreground that passes.

use std::fmt::Write as _;

use serde::Deserialize;
use serde_saphyr::Spanned;

use super::{Configured, Mode, Plugin, Setup};
use crate::config::{Color, Config, Lang, UrlPath};
use crate::content::Site;
use crate::error::Diagnostics;
use crate::output::Output;
use crate::rules::RuleId;
use crate::theme::ThemeColors;
use crate::views::{BrandView, PluginViews};

/// Where the generated stylesheet is written.
pub const STYLESHEET: &str = "/css/brand.css";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBrand {
    #[serde(default)]
    primary: Option<Spanned<String>>,
    #[serde(default)]
    accent: Option<Spanned<String>>,
    #[serde(default)]
    text: Option<Spanned<String>>,
    #[serde(default)]
    background: Option<Spanned<String>>,
    #[serde(default)]
    font_stack: Option<Spanned<String>>,
    #[serde(default)]
    radius: Option<Spanned<String>>,
    #[serde(default)]
    logo: Option<Spanned<String>>,
}

/// The checked tokens; each `None` leaves the theme's own value.
#[derive(Debug, Default, Clone)]
pub struct BrandTokens {
    pub primary: Option<Color>,
    pub accent: Option<Color>,
    pub text: Option<Color>,
    pub background: Option<Color>,
    pub font_stack: Option<String>,
    pub radius: Option<String>,
    pub logo: Option<UrlPath>,
}

/// The text on buttons, which every built-in theme writes white on the primary colour.
const WHITE: Color = Color {
    r: 0xff,
    g: 0xff,
    b: 0xff,
};

#[derive(Debug, Default)]
pub struct Brand;

/// The brand of one site: its checked tokens, `None` when it sets none.
#[derive(Debug)]
struct SiteBrand {
    tokens: Option<BrandTokens>,
    mode: Mode,
}

impl Plugin for Brand {
    fn name(&self) -> &'static str {
        "brand"
    }

    fn configure(
        &self,
        config: &Config,
        setup: &Setup<'_>,
        diagnostics: &mut Diagnostics,
    ) -> Box<dyn Configured> {
        Box::new(SiteBrand {
            tokens: read(config, setup.theme.colors, diagnostics),
            mode: setup.mode,
        })
    }
}

/// The `brand` table read and checked; `None` when there is none or it has mistakes.
fn read(config: &Config, theme: ThemeColors, diagnostics: &mut Diagnostics) -> Option<BrandTokens> {
    let Some(Some(raw)) = diagnostics.take(config.source.table::<RawBrand>("brand")) else {
        return None;
    };
    let source = config.source.yaml();
    let before = diagnostics.errors().len();
    let mut error = |at: &Spanned<String>, message: String, help: String| {
        diagnostics.error(source.error_at(at.referenced, message).with_help(help));
    };
    let mut color = |value: &Option<Spanned<String>>, key: &str| {
        let value = value.as_ref()?;
        Color::parse(&value.value)
            .map_err(|invalid| {
                error(
                    value,
                    format!("`brand.{key}`: {}", invalid.message),
                    invalid.help,
                );
            })
            .ok()
            .map(|c| (c, value.clone()))
    };
    let primary = color(&raw.primary, "primary");
    let accent = color(&raw.accent, "accent");
    let text = color(&raw.text, "text");
    let background = color(&raw.background, "background");
    let font_stack = raw.font_stack.as_ref().and_then(|f| {
        let safe = !f.value.trim().is_empty() && !f.value.contains([';', '{', '}', '<', '>', '\\']);
        if !safe {
            error(
                f,
                "`brand.font_stack` is not a list of font names".to_owned(),
                "write font names separated by commas, like Georgia, \"Times New Roman\", serif"
                    .to_owned(),
            );
        }
        safe.then(|| f.value.trim().to_owned())
    });
    let radius = raw.radius.as_ref().and_then(|r| {
        let value = r.value.trim();
        let number = value.trim_end_matches(|c: char| c.is_ascii_alphabetic());
        let unit = &value[number.len()..];
        let ok = number
            .parse::<f32>()
            .is_ok_and(|n| (0.0..=64.0).contains(&n))
            && (matches!(unit, "px" | "rem" | "em") || value == "0");
        if !ok {
            error(
                r,
                format!("`brand.radius` is `{value}`"),
                "write a size like 6px or 0.5rem (0 for square corners)".to_owned(),
            );
        }
        ok.then(|| value.to_owned())
    });
    let logo = raw
        .logo
        .as_ref()
        .and_then(|l| match UrlPath::parse(&l.value) {
            Ok(path) => Some(path),
            Err(invalid) => {
                error(
                    l,
                    format!("`brand.logo`: {}", invalid.message),
                    invalid.help,
                );
                None
            }
        });
    // Each colour as the pages show it: the site's, else the theme's (`colors:` in its theme.yaml).
    let shown = |c: &Option<(Color, Spanned<String>)>, theme: Option<Color>| {
        c.as_ref().map(|(c, _)| *c).or(theme)
    };
    let (back_color, text_color, primary_color, accent_color) = (
        shown(&background, theme.background),
        shown(&text, theme.text),
        shown(&primary, theme.primary),
        shown(&accent, theme.accent),
    );
    // Each pair a visitor must read: the colour the key names, the colour it meets, the minimum ratio
    // and what the pair is used for. The contrast ratio is symmetric, so the fix adjusts the named one.
    let checks = [
        (
            &text,
            "text",
            text_color,
            back_color,
            4.5,
            "body text on the background",
        ),
        (
            &primary,
            "primary",
            primary_color,
            back_color,
            4.5,
            "links on the background",
        ),
        (
            &primary,
            "primary",
            primary_color,
            Some(WHITE),
            4.5,
            "white text on buttons",
        ),
        (
            &background,
            "background",
            back_color,
            text_color,
            4.5,
            "body text on the background",
        ),
        (
            &accent,
            "accent",
            accent_color,
            back_color,
            3.0,
            "icons and focus outlines",
        ),
    ];
    for (spanned, key, named, other, minimum, use_) in checks {
        // A pair is checked when the site set one of its colours and the other is known (a theme that
        // does not list its colours leaves pairs with its own unchecked).
        let (Some((_, at)), Some(named), Some(other)) = (spanned.as_ref(), named, other) else {
            continue;
        };
        let ratio = contrast(named, other);
        if ratio + 1e-9 < minimum {
            let nearest = nearest_passing(named, other, minimum);
            diagnostics.by_rule(
                &config.check.levels,
                RuleId::A11yContrast,
                source
                    .error_at(
                        at.referenced,
                        format!("`brand.{key}`: {named} with {other} has a contrast of {ratio:.2}:1, and {use_} need {minimum}:1"),
                    )
                    .with_help(format!("the nearest shade that passes is {nearest} ({:.2}:1)", contrast(nearest, other))),
            );
        }
    }
    if diagnostics.errors().len() > before {
        return None;
    }
    Some(BrandTokens {
        primary: primary.map(|(c, _)| c),
        accent: accent.map(|(c, _)| c),
        text: text.map(|(c, _)| c),
        background: background.map(|(c, _)| c),
        font_stack,
        radius,
        logo,
    })
}

impl Configured for SiteBrand {
    fn transform(&self, site: &mut Site, _diagnostics: &mut Diagnostics) {
        if let Some(logo) = self.tokens.as_ref().and_then(|t| t.logo.clone()) {
            site.config.practice.logo = Some(logo);
        }
    }

    fn views<'a>(&'a self, site: &'a Site, _lang: &Lang, views: &mut PluginViews<'a>) {
        views.brand = self.tokens.as_ref().map(|_| BrandView {
            stylesheet: UrlPath::parse(STYLESHEET)
                .map(|p| site.config.base_url.path_for(&p))
                .unwrap_or_default(),
        });
    }

    /// The kit's files live under `patient-portal/`, the brand stylesheet with them.
    fn emit(&self, _site: &Site, output: &mut Output, _diagnostics: &mut Diagnostics) {
        if let Some(tokens) = &self.tokens {
            let path = STYLESHEET.trim_start_matches('/');
            let path = match self.mode {
                Mode::Kit => format!("patient-portal/{path}"),
                Mode::Publish | Mode::Preview => path.to_owned(),
            };
            output.insert_bytes(path, stylesheet(tokens).into_bytes());
        }
    }
}

/// The generated stylesheet: only the tokens the site set.
pub fn stylesheet(tokens: &BrandTokens) -> String {
    let mut css = String::from(
        "/* Generated by Portico from `brand:` in portico.yaml. Edit that, not this. */\n:root {\n",
    );
    let colors = [
        ("--color-primary", tokens.primary),
        ("--color-accent", tokens.accent),
        ("--color-text", tokens.text),
        ("--color-background", tokens.background),
    ];
    for (name, color) in colors {
        if let Some(color) = color {
            let _ = writeln!(css, "  {name}: {color};");
        }
    }
    if let Some(font) = &tokens.font_stack {
        let _ = writeln!(css, "  --font-stack: {font};");
    }
    if let Some(radius) = &tokens.radius {
        let _ = writeln!(css, "  --radius: {radius};");
    }
    css.push_str("}\n");
    css
}

/// WCAG 2.1 contrast ratio of two colours.
pub fn contrast(a: Color, b: Color) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    let (light, dark) = if la > lb { (la, lb) } else { (lb, la) };
    (light + 0.05) / (dark + 0.05)
}

fn luminance(c: Color) -> f64 {
    let channel = |v: u8| {
        let s = f64::from(v) / 255.0;
        if s <= 0.039_28 {
            s / 12.92
        } else {
            ((s + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b)
}

/// The least change of `fg` toward black or white that reaches `minimum` against `bg`.
pub fn nearest_passing(fg: Color, bg: Color, minimum: f64) -> Color {
    let mix = |toward: u8, t: f64| {
        let m = |v: u8| {
            let mixed = f64::from(v) + (f64::from(toward) - f64::from(v)) * t;
            // In 0..=255 by construction.
            #[allow(
                clippy::cast_possible_truncation,
                clippy::cast_sign_loss,
                reason = "clamped to 0..=255"
            )]
            let byte = mixed.round().clamp(0.0, 255.0) as u8;
            byte
        };
        Color {
            r: m(fg.r),
            g: m(fg.g),
            b: m(fg.b),
        }
    };
    (1..=100)
        .map(|step| f64::from(step) / 100.0)
        .find_map(|t| {
            [mix(0, t), mix(255, t)]
                .into_iter()
                .find(|c| contrast(*c, bg) >= minimum)
        })
        .unwrap_or(if luminance(bg) > 0.5 {
            Color { r: 0, g: 0, b: 0 }
        } else {
            Color {
                r: 255,
                g: 255,
                b: 255,
            }
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contrast_matches_the_wcag_formula() {
        let white = Color {
            r: 255,
            g: 255,
            b: 255,
        };
        let black = Color { r: 0, g: 0, b: 0 };
        assert!((contrast(white, black) - 21.0).abs() < 1e-9);
        let grey = Color::parse("#767676").unwrap();
        assert!((contrast(grey, white) - 4.54).abs() < 0.01);
    }

    #[test]
    fn the_nearest_passing_shade_passes_and_stays_close() {
        let white = Color {
            r: 255,
            g: 255,
            b: 255,
        };
        let light_blue = Color::parse("#7aa7d9").unwrap();
        let shade = nearest_passing(light_blue, white, 4.5);
        assert!(contrast(shade, white) >= 4.5);
        assert!(
            shade.r < light_blue.r && shade.b < light_blue.b,
            "darker against white: {shade}"
        );
    }
}

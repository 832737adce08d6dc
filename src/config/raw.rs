//! `portico.yaml` exactly as written: strings where the user wrote strings, with their spans.
//!
//! Nothing here is trusted. [`super::Config::from_raw`] turns these into validated types; keeping the two
//! apart means no half-checked value can reach a later stage (see ripgrep's low-level and high-level args).

use std::collections::HashMap;

use serde::Deserialize;
use serde_saphyr::Spanned;

use super::types::Weekday;

/// The core keys of `portico.yaml`. Plugin tables (`seo`, and later `portal`, `deploy`, ...) are read by
/// their plugins and skipped here.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawConfig {
    pub base_url: Spanned<String>,
    #[serde(default)]
    pub language: Option<Spanned<String>>,
    #[serde(default)]
    pub languages: Vec<Spanned<String>>,
    #[serde(default)]
    pub theme: Option<Spanned<String>>,
    pub practice: RawPractice,
    #[serde(default)]
    pub locations: Vec<RawLocation>,
    #[serde(default)]
    pub strings: HashMap<String, HashMap<Spanned<String>, super::strings::RawWord>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawPractice {
    pub name: String,
    #[serde(default)]
    pub tagline: Option<RawText>,
    #[serde(default)]
    pub description: Option<RawText>,
    #[serde(default, rename = "type")]
    pub kind: Option<Spanned<String>>,
    pub phone: Spanned<String>,
    #[serde(default)]
    pub email: Option<Spanned<String>>,
    #[serde(default)]
    pub logo: Option<Spanned<String>>,
    #[serde(default)]
    pub accepting_new_patients: bool,
}

/// Text in the default language, or a map of language code to text, each code with where it is written
/// (so that a code the site does not build is an error at its line).
#[derive(Debug)]
pub enum RawText {
    One(String),
    PerLanguage(Vec<(Spanned<String>, String)>),
}

impl<'de> Deserialize<'de> for RawText {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // By hand rather than `#[serde(untagged)]`: an untagged enum reads its input into serde's own
        // buffer first, which drops the spans.
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = RawText;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a text, or language codes with a text each (`en: ...`, `es: ...`)")
            }

            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<RawText, E> {
                Ok(RawText::One(text.to_owned()))
            }

            fn visit_bool<E: serde::de::Error>(self, value: bool) -> Result<RawText, E> {
                Ok(RawText::One(value.to_string()))
            }

            fn visit_i64<E: serde::de::Error>(self, value: i64) -> Result<RawText, E> {
                Ok(RawText::One(value.to_string()))
            }

            fn visit_u64<E: serde::de::Error>(self, value: u64) -> Result<RawText, E> {
                Ok(RawText::One(value.to_string()))
            }

            fn visit_f64<E: serde::de::Error>(self, value: f64) -> Result<RawText, E> {
                Ok(RawText::One(value.to_string()))
            }

            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<RawText, A::Error> {
                let mut texts = Vec::new();
                while let Some(entry) = map.next_entry::<Spanned<String>, String>()? {
                    texts.push(entry);
                }
                Ok(RawText::PerLanguage(texts))
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawLocation {
    pub id: Spanned<String>,
    pub name: String,
    pub address: RawAddress,
    pub phone: Spanned<String>,
    #[serde(default)]
    pub fax: Option<Spanned<String>>,
    #[serde(default)]
    pub hours: Vec<RawHours>,
    #[serde(default)]
    pub holidays: Vec<RawHoliday>,
    #[serde(default)]
    pub geo: Option<Spanned<super::location::Geo>>,
    #[serde(default)]
    pub accessibility: Option<RawText>,
    #[serde(default)]
    pub parking: Option<RawText>,
    #[serde(default)]
    pub photo: Option<RawLocationPhoto>,
}

/// A picture of the office: the building, the door, the waiting room.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawLocationPhoto {
    pub src: Spanned<String>,
    pub alt: RawText,
    #[serde(default)]
    pub focus: Option<Spanned<super::RawFocus>>,
}

/// A date or date range with other hours, or closed when it has none.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawHoliday {
    pub from: Spanned<String>,
    #[serde(default)]
    pub through: Option<Spanned<String>>,
    #[serde(default)]
    pub label: Option<RawText>,
    #[serde(default)]
    pub opens: Option<Spanned<String>>,
    #[serde(default)]
    pub closes: Option<Spanned<String>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawAddress {
    pub street: String,
    pub city: String,
    pub region: String,
    pub postal_code: String,
    #[serde(default = "default_country")]
    pub country: String,
}

fn default_country() -> String {
    "US".to_owned()
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawHours {
    pub days: Vec<Weekday>,
    pub opens: Spanned<String>,
    pub closes: Spanned<String>,
    #[serde(default)]
    pub overnight: bool,
}

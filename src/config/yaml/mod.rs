//! The one place that talks to serde-saphyr: parser options, budgets, and turning its errors into ours.
//!
//! Every YAML document Portico reads (`portico.yaml`, front matter, `theme.yaml`, string tables) goes
//! through [`YamlSource`], so all of them get the same limits (no alias bombs, no 10,000-deep nesting),
//! the same strictness (duplicate keys are errors, `yes`/`no` are not booleans) and the same error shape:
//! the file's own line and column, and a "did you mean" for a mistyped key.

use std::marker::PhantomData;
use std::path::Path;

use serde::de::{self, DeserializeOwned, DeserializeSeed, IgnoredAny, MapAccess, Visitor};
use serde_saphyr::{Budget, Options, Spanned};

use crate::error::{Error, ErrorKind, Location};
use messages::{blank_entry, describe, entry_line};

mod messages;

/// A YAML text and where it came from: the file shown in errors and the file line the text starts on.
#[derive(Debug, Clone, Copy)]
pub struct YamlSource<'a> {
    pub path: &'a Path,
    pub text: &'a str,
    /// How many lines of the file come before `text` (the `---` line of front matter, for example).
    pub line_offset: usize,
    /// The kind of error to report: config, front matter or theme.
    pub kind: ErrorKind,
}

impl<'a> YamlSource<'a> {
    pub fn new(path: &'a Path, text: &'a str, kind: ErrorKind) -> Self {
        YamlSource {
            path,
            text,
            line_offset: 0,
            kind,
        }
    }

    /// Deserializes the whole document. An empty document reads as an empty mapping.
    pub fn parse<T: DeserializeOwned>(&self) -> Result<T, Error> {
        let text = if self.text.trim().is_empty() {
            "{}"
        } else {
            self.text
        };
        self.read(text, |text| {
            serde_saphyr::from_str_with_options(text, options())
        })
    }

    /// Deserializes the top-level mapping into `T`, leaving out the keys in `skip`. The core config
    /// uses this to read its own keys while each plugin reads its own table (see [`Self::table`]).
    pub fn parse_without<T: DeserializeOwned>(&self, skip: &[&str]) -> Result<T, Error> {
        let text = if self.text.trim().is_empty() {
            "{}"
        } else {
            self.text
        };
        self.read(text, |text| {
            serde_saphyr::with_deserializer_from_str_with_options(text, options(), |de| {
                de::Deserializer::deserialize_map(
                    de,
                    Without {
                        skip,
                        marker: PhantomData::<T>,
                    },
                )
            })
        })
    }

    /// Deserializes the value under the top-level `key`, if present.
    pub fn table<T: DeserializeOwned>(&self, key: &str) -> Result<Option<T>, Error> {
        if self.text.trim().is_empty() {
            return Ok(None);
        }
        self.read(self.text, |text| {
            serde_saphyr::with_deserializer_from_str_with_options(text, options(), |de| {
                de::Deserializer::deserialize_map(
                    de,
                    Pick {
                        key,
                        marker: PhantomData::<T>,
                    },
                )
            })
        })
    }

    /// Runs `deserialize` on `text`, and on a problem with one entry (an unknown key, a value of the
    /// wrong type) runs it again with that entry blanked out, so that one run reports every such problem
    /// of the file rather than the first (moving five pages should not take five builds). Blanked lines
    /// stay as empty lines, so every later location is still the file's own. Stops at the first problem
    /// that is not one entry's (a syntax error), which later ones may only be echoes of.
    fn read<T>(
        &self,
        text: &str,
        deserialize: impl Fn(&str) -> Result<T, serde_saphyr::Error>,
    ) -> Result<T, Error> {
        /// Enough for any real file; bounds the work on a hostile one.
        const MORE: usize = 50;
        let first = match deserialize(text) {
            Ok(value) => return Ok(value),
            Err(error) => error,
        };
        let mut also = Vec::new();
        let mut masked = text.to_owned();
        let mut blanked = entry_line(&first);
        for _ in 0..MORE {
            let Some(line) = blanked else { break };
            let Some(next) = blank_entry(&masked, line) else {
                break;
            };
            masked = next;
            let Err(error) = deserialize(&masked) else {
                break;
            };
            // Only another entry's problem further down is real: one at or above the blanked line is
            // the blanking's own doing (a parent left empty, a required key now missing).
            match entry_line(&error) {
                Some(next) if next > line => {
                    also.push(self.error(&error, &masked));
                    blanked = Some(next);
                }
                _ => break,
            }
        }
        Err(self.error(&first, text).with_also(also))
    }

    /// The keys of the top-level mapping, each with its place.
    pub fn top_level_keys(&self) -> Result<Vec<Spanned<String>>, Error> {
        if self.text.trim().is_empty() {
            return Ok(Vec::new());
        }
        serde_saphyr::with_deserializer_from_str_with_options(self.text, options(), |de| {
            de::Deserializer::deserialize_map(de, Keys)
        })
        .map_err(|e| self.error(&e, self.text))
    }

    /// A location inside this source, shifted into the file's own coordinates.
    pub fn location(&self, location: serde_saphyr::Location) -> Location {
        let line = usize::try_from(location.line()).unwrap_or(0);
        let column = usize::try_from(location.column()).unwrap_or(0);
        if line == 0 {
            return Location::file(self.path);
        }
        Location::at(self.path, line + self.line_offset, column)
    }

    /// An error of this source's kind at a spanned value.
    pub fn error_at(&self, location: serde_saphyr::Location, message: impl Into<String>) -> Error {
        Error::new(self.kind, message)
            .at(self.location(location))
            .with_source_lines(self.text, self.line_offset)
    }

    fn error(&self, error: &serde_saphyr::Error, text: &str) -> Error {
        let what = if self.kind == ErrorKind::FrontMatter {
            "the front matter"
        } else {
            "the file"
        };
        let (message, help, moved) = describe(error, text, what);
        let location = match (moved, error.location()) {
            (Some((line, column)), _) => Location::at(self.path, line + self.line_offset, column),
            (None, Some(l)) => self.location(l),
            (None, None) => Location::file(self.path),
        };
        let mut out = Error::new(self.kind, message)
            .at(location)
            .with_source_lines(self.text, self.line_offset);
        if let Some(help) = help {
            out = out.with_help(help);
        }
        out
    }
}

impl Error {
    /// Attaches the excerpt for a location in a text that starts `line_offset` lines into its file.
    #[must_use]
    pub(crate) fn with_source_lines(self, text: &str, line_offset: usize) -> Self {
        if line_offset == 0 {
            return self.with_source(text);
        }
        let padded: String = "\n".repeat(line_offset) + text;
        self.with_source(&padded)
    }
}

/// Parser options shared by every YAML read: strict where YAML 1.1 habits surprise people, and bounded.
fn options() -> Options {
    let mut budget = Budget::default();
    budget.max_depth = 64;
    budget.max_aliases = 1_000;
    budget.max_anchors = 1_000;
    // A config or a front-matter block has hundreds of values; these stop an alias bomb at once.
    budget.max_nodes = 50_000;
    budget.max_events = 200_000;
    let mut options = Options::default();
    options.budget = Some(budget);
    options.strict_booleans = true;
    options.legacy_octal_numbers = false;
    options.with_snippet = false;
    options
}

/// The closest of `candidates` to `word`, when it is close enough to be a likely typo.
pub fn suggest<'c>(word: &str, candidates: impl IntoIterator<Item = &'c str>) -> Option<&'c str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// The help for a word that is not one of `candidates`: "did you mean `x`?" for a likely typo, else
/// `otherwise` (the list of what is allowed, usually).
pub fn did_you_mean<'c>(
    word: &str,
    candidates: impl IntoIterator<Item = &'c str>,
    otherwise: impl FnOnce() -> String,
) -> String {
    suggest(word, candidates).map_or_else(otherwise, |near| format!("did you mean `{near}`?"))
}

/// Reads one key of the top-level mapping and skips the rest.
struct Pick<'k, T> {
    key: &'k str,
    marker: PhantomData<T>,
}

impl<'de, T: DeserializeOwned> Visitor<'de> for Pick<'_, T> {
    type Value = Option<T>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a mapping")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut found = None;
        while let Some(key) = map.next_key::<String>()? {
            if key == self.key {
                found = Some(map.next_value::<T>()?);
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(found)
    }
}

/// Lists the keys of the top-level mapping.
struct Keys;

impl<'de> Visitor<'de> for Keys {
    type Value = Vec<Spanned<String>>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a mapping")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut keys = Vec::new();
        while let Some(key) = map.next_key::<Spanned<String>>()? {
            map.next_value::<IgnoredAny>()?;
            keys.push(key);
        }
        Ok(keys)
    }
}

/// Feeds the top-level mapping to `T`, minus the keys that belong to plugins.
struct Without<'s, T> {
    skip: &'s [&'s str],
    marker: PhantomData<T>,
}

impl<'de, T: DeserializeOwned> Visitor<'de> for Without<'_, T> {
    type Value = T;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a mapping")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        T::deserialize(de::value::MapAccessDeserializer::new(Filtered {
            inner: map,
            skip: self.skip,
        }))
    }
}

struct Filtered<'s, A> {
    inner: A,
    skip: &'s [&'s str],
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Filtered<'_, A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Self::Error> {
        loop {
            let Some(key) = self.inner.next_key::<String>()? else {
                return Ok(None);
            };
            if self.skip.contains(&key.as_str()) {
                self.inner.next_value::<IgnoredAny>()?;
                continue;
            }
            return seed
                .deserialize(de::value::StringDeserializer::new(key))
                .map(Some);
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, Self::Error> {
        self.inner.next_value_seed(seed)
    }
}

/// The error a value type of Portico's own gives serde when its text is wrong: the message and its fix,
/// which the YAML reader reports at the value's line and column like any other mistake.
pub(crate) fn custom_error<E: serde::de::Error>(invalid: &crate::config::Invalid) -> E {
    E::custom(format!("{}\n{}", invalid.message, invalid.help))
}

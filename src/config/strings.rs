//! The site's own words for its theme: `strings:` in `portico.yaml`, and one file per language in the
//! site's `strings/` folder (`strings/vi.yaml`), which is where a whole table goes: `portico strings en >
//! strings/vi.yaml` starts one for a language Portico has no table for.
//!
//! ```yaml
//! # strings/vi.yaml
//! reviewed: true            # a native speaker has read every value (silences `i18n/unreviewed-strings`)
//! home: "Trang chủ"
//! ```
//!
//! Both give [`StringOverride`]s with where each was written; which keys exist is only known once the
//! theme is, so the string tables check them. `reviewed: true` may also stand under a language in
//! `strings:`.

use std::collections::HashMap;
use std::path::Path;

use serde_saphyr::Spanned;

use super::types::Lang;
use super::yaml::YamlSource;
use crate::error::{Diagnostics, Error, ErrorKind, Location};

/// The folder of a site's string files, beside `portico.yaml`.
pub const STRINGS_DIR: &str = "strings";

/// The key that marks a language's words as read by a native speaker.
const REVIEWED: &str = "reviewed";

/// One entry of `strings:` or of a string file, checked against the string table once the theme is
/// known.
#[derive(Debug, Clone)]
pub struct StringOverride {
    pub lang: Lang,
    pub key: String,
    pub value: String,
    pub location: Location,
}

/// The site's words: every entry, and the languages it says a native speaker has reviewed.
#[derive(Debug, Clone, Default)]
pub struct SiteStrings {
    pub overrides: Vec<StringOverride>,
    pub reviewed: Vec<Lang>,
}

/// A language's words as written: each key with its place, each value a string (`reviewed` may be
/// `true`).
type RawWords = HashMap<Spanned<String>, RawWord>;

/// A value: words, or `true`/`false` (only `reviewed` takes one). A number is words (`clock: 24`).
#[derive(Debug)]
pub(super) enum RawWord {
    Text(String),
    Flag(bool),
}

impl<'de> serde::Deserialize<'de> for RawWord {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = RawWord;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("words in quotes")
            }

            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<RawWord, E> {
                Ok(RawWord::Text(text.to_owned()))
            }

            fn visit_bool<E: serde::de::Error>(self, flag: bool) -> Result<RawWord, E> {
                Ok(RawWord::Flag(flag))
            }

            fn visit_i64<E: serde::de::Error>(self, number: i64) -> Result<RawWord, E> {
                Ok(RawWord::Text(number.to_string()))
            }

            fn visit_u64<E: serde::de::Error>(self, number: u64) -> Result<RawWord, E> {
                Ok(RawWord::Text(number.to_string()))
            }

            fn visit_f64<E: serde::de::Error>(self, number: f64) -> Result<RawWord, E> {
                Ok(RawWord::Text(number.to_string()))
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

impl SiteStrings {
    /// Reads `strings:` of `portico.yaml` and the files of `root/strings/`.
    pub(super) fn read(
        table: HashMap<String, RawWords>,
        source: &YamlSource<'_>,
        root: &Path,
        diagnostics: &mut Diagnostics,
    ) -> SiteStrings {
        let mut strings = SiteStrings::default();
        for (lang, words) in table {
            let Ok(lang) = Lang::parse(&lang) else {
                diagnostics.error(
                    Error::new(
                        ErrorKind::Config,
                        format!("`strings.{lang}` is not a language code"),
                    )
                    .at(Location::file(source.path))
                    .with_help("use a code like en, es, pt-BR or zh-Hans"),
                );
                continue;
            };
            strings.add(&lang, words, source, diagnostics);
        }
        strings.read_folder(root, diagnostics);
        strings.overrides.sort_by(|a, b| {
            (a.lang.as_str(), &a.location.path, a.location.line).cmp(&(
                b.lang.as_str(),
                &b.location.path,
                b.location.line,
            ))
        });
        strings
    }

    /// The files of `strings/`, each named by its language (`vi.yaml`).
    fn read_folder(&mut self, root: &Path, diagnostics: &mut Diagnostics) {
        let Ok(entries) = std::fs::read_dir(root.join(STRINGS_DIR)) else {
            return;
        };
        let mut files: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
        files.sort();
        for path in files {
            let Some(stem) = path
                .extension()
                .is_some_and(|e| e == "yaml" || e == "yml")
                .then(|| path.file_stem().and_then(|s| s.to_str()))
                .flatten()
            else {
                continue;
            };
            let Ok(lang) = Lang::parse(stem) else {
                diagnostics.error(
                    Error::new(
                        ErrorKind::Config,
                        format!("`{stem}` is not a language code"),
                    )
                    .at(Location::file(&path))
                    .with_help("name each file of strings/ by its language: strings/vi.yaml, strings/zh-Hant.yaml"),
                );
                continue;
            };
            let text = match std::fs::read_to_string(&path) {
                Ok(text) => text,
                Err(error) => {
                    diagnostics.error(
                        Error::new(ErrorKind::Config, format!("cannot read the file: {error}"))
                            .at(Location::file(&path)),
                    );
                    continue;
                }
            };
            let source = YamlSource::new(&path, &text, ErrorKind::Config);
            match source.parse::<RawWords>() {
                Ok(words) => self.add(&lang, words, &source, diagnostics),
                Err(error) => diagnostics.error(error.with_help(
                    "a string file is `key: \"words\"` lines, as `portico strings LANG` writes them",
                )),
            }
        }
    }

    fn add(
        &mut self,
        lang: &Lang,
        words: RawWords,
        source: &YamlSource<'_>,
        diagnostics: &mut Diagnostics,
    ) {
        for (key, word) in words {
            match (key.value.as_str(), word) {
                (REVIEWED, RawWord::Flag(reviewed)) => {
                    if reviewed && !self.reviewed.contains(lang) {
                        self.reviewed.push(lang.clone());
                    }
                }
                (REVIEWED, RawWord::Text(_)) | (_, RawWord::Flag(_)) => diagnostics.error(
                    source
                        .error_at(
                            key.referenced,
                            format!("`{}` needs {}", key.value, if key.value == REVIEWED { "true or false" } else { "words in quotes" }),
                        )
                        .with_help("write `reviewed: true` once a native speaker has read every value, and each other value in double quotes"),
                ),
                (_, RawWord::Text(value)) => self.overrides.push(StringOverride {
                    lang: lang.clone(),
                    key: key.value,
                    value,
                    location: source.location(key.referenced),
                }),
            }
        }
    }
}

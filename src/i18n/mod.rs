//! String tables: every word a theme prints, per language.
//!
//! Twelve languages are built in (`en.yaml`, `es.yaml`, ... beside this file, all with the same keys):
//! the languages most spoken by US patients with limited English. English and Spanish were written and
//! read by people who speak them; the others were written by Portico's developers and say in their
//! header that a native speaker should review them, and `portico check` says so once per language
//! (`i18n/unreviewed-strings`) until the site marks the language `reviewed: true`.
//!
//! A theme may add keys of its own in `theme.yaml`; a site may override any known key under `strings:`
//! in `portico.yaml` or in its `strings/LANG.yaml`, and must give the whole table for a language that is
//! not built in (`portico strings en > strings/xx.yaml` starts it). An override of a key that no table
//! has is an error with a suggestion, like any other unknown key. A table's `direction` (`ltr` or `rtl`)
//! sets the page's `dir`.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use crate::config::yaml::{YamlSource, suggest};
use crate::config::{Config, Lang, SiteStrings, TimeOfDay, Weekday};
use crate::error::{Diagnostics, Error, ErrorKind};

/// One language's strings.
pub type Table = BTreeMap<String, String>;

/// The keys Portico itself reads (beyond what templates print): every language must have them.
pub const CORE_KEYS: &[&str] = &[
    "language_name",
    "date_format",
    "clock",
    "time_am",
    "time_pm",
    "days_range_to",
    "day_mo",
    "day_tu",
    "day_we",
    "day_th",
    "day_fr",
    "day_sa",
    "day_su",
    "month_1",
    "month_2",
    "month_3",
    "month_4",
    "month_5",
    "month_6",
    "month_7",
    "month_8",
    "month_9",
    "month_10",
    "month_11",
    "month_12",
    "table_region_label",
    "task_done",
    "task_todo",
    "not_found_title",
    "page_moved",
    "page_moved_link",
    "portal_title",
    "portal_description",
    "locations",
];

/// A table Portico ships.
struct BuiltIn {
    lang: &'static str,
    text: &'static str,
    /// Read by a native speaker.
    reviewed: bool,
}

const BUILT_IN: &[BuiltIn] = &[
    BuiltIn {
        lang: "en",
        text: include_str!("en.yaml"),
        reviewed: true,
    },
    BuiltIn {
        lang: "es",
        text: include_str!("es.yaml"),
        reviewed: true,
    },
    BuiltIn {
        lang: "zh-Hans",
        text: include_str!("zh-Hans.yaml"),
        reviewed: false,
    },
    BuiltIn {
        lang: "zh-Hant",
        text: include_str!("zh-Hant.yaml"),
        reviewed: false,
    },
    BuiltIn {
        lang: "vi",
        text: include_str!("vi.yaml"),
        reviewed: false,
    },
    BuiltIn {
        lang: "tl",
        text: include_str!("tl.yaml"),
        reviewed: false,
    },
    BuiltIn {
        lang: "ko",
        text: include_str!("ko.yaml"),
        reviewed: false,
    },
    BuiltIn {
        lang: "ar",
        text: include_str!("ar.yaml"),
        reviewed: false,
    },
    BuiltIn {
        lang: "ru",
        text: include_str!("ru.yaml"),
        reviewed: false,
    },
    BuiltIn {
        lang: "ht",
        text: include_str!("ht.yaml"),
        reviewed: false,
    },
    BuiltIn {
        lang: "fr",
        text: include_str!("fr.yaml"),
        reviewed: false,
    },
    BuiltIn {
        lang: "pt",
        text: include_str!("pt.yaml"),
        reviewed: false,
    },
];

/// The languages Portico has a table for, as `en, es, ...`.
pub fn built_in_languages() -> String {
    BUILT_IN
        .iter()
        .map(|b| b.lang)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The languages of the site whose words are a built-in table no native speaker has reviewed for it.
pub fn unreviewed(config: &Config) -> Vec<&Lang> {
    config
        .all_languages()
        .filter(|lang| {
            BUILT_IN
                .iter()
                .any(|b| b.lang == lang.as_str() && !b.reviewed)
                && !config.strings.reviewed.contains(lang)
        })
        .collect()
}

/// The string tables of every language the site uses.
#[derive(Debug, Clone)]
pub struct Strings {
    tables: BTreeMap<Lang, Table>,
}

impl Strings {
    /// Merges the built-in tables, the theme's additions and the site's overrides, for the site's languages.
    pub fn for_site(
        config: &Config,
        theme_strings: &BTreeMap<String, Table>,
    ) -> Result<Strings, Diagnostics> {
        let mut diagnostics = Diagnostics::new();
        let english = built_in("en").unwrap_or_default();
        let mut tables = BTreeMap::new();
        for lang in config.all_languages() {
            let mut table = built_in(lang.as_str()).unwrap_or_default();
            if let Some(extra) = theme_strings.get(lang.as_str()) {
                table.extend(extra.iter().map(|(k, v)| (k.clone(), v.clone())));
            }
            for over in config.strings.overrides.iter().filter(|o| &o.lang == lang) {
                let known = english.contains_key(&over.key)
                    || theme_strings.values().any(|t| t.contains_key(&over.key))
                    || table.contains_key(&over.key);
                if known {
                    table.insert(over.key.clone(), over.value.clone());
                } else {
                    let keys = english
                        .keys()
                        .chain(theme_strings.values().flat_map(BTreeMap::keys));
                    let help = suggest(&over.key, keys.map(String::as_str)).map_or_else(
                        || "`portico strings en` lists every key".to_owned(),
                        |k| format!("did you mean `{k}`?"),
                    );
                    diagnostics.error(
                        Error::new(ErrorKind::Config, format!("unknown string `{}`", over.key))
                            .at(over.location.clone())
                            .with_help(help),
                    );
                }
            }
            let mut missing: Vec<&str> = english
                .keys()
                .map(String::as_str)
                .chain(
                    theme_strings
                        .get("en")
                        .into_iter()
                        .flat_map(BTreeMap::keys)
                        .map(String::as_str),
                )
                .chain(CORE_KEYS.iter().copied())
                .filter(|k| !table.contains_key(*k))
                .collect();
            missing.sort_unstable();
            missing.dedup();
            if !missing.is_empty() {
                diagnostics.error(
                    Error::new(
                        ErrorKind::Config,
                        format!(
                            "language `{lang}` has no strings for {} keys: {}{}",
                            missing.len(),
                            missing.iter().take(5).copied().collect::<Vec<_>>().join(", "),
                            if missing.len() > 5 { ", ..." } else { "" }
                        ),
                    )
                    .at(crate::error::Location::file(
                        config.root.join(crate::config::STRINGS_DIR).join(format!("{lang}.yaml")),
                    ))
                    .with_help(if built_in(lang.as_str()).is_some() {
                        format!(
                            "add them to strings/{lang}.yaml (the theme's own words: `portico strings {lang}` lists every key with its words)"
                        )
                    } else {
                        format!(
                            "Portico has built-in strings for {}; for `{lang}`, run `portico strings en > strings/{lang}.yaml` and translate every value",
                            built_in_languages()
                        )
                    }),
                );
            }
            tables.insert(lang.clone(), table);
        }
        diagnostics.check().map(|_| Strings { tables })
    }

    pub fn table(&self, lang: &Lang) -> &Table {
        static EMPTY: Table = Table::new();
        self.tables.get(lang).unwrap_or(&EMPTY)
    }

    /// A string of `lang`, or the key itself when missing (tables are checked complete when built).
    pub fn get<'a>(&'a self, lang: &Lang, key: &'a str) -> &'a str {
        self.table(lang).get(key).map_or(key, String::as_str)
    }

    /// The note above text shown to readers of `reader` in another language, `written_in`, because it
    /// has no translation: a paragraph of HTML (`<p class="fallback-note">`), in the reader's language.
    pub fn fallback_note(&self, reader: &Lang, written_in: &Lang) -> String {
        let note = self
            .get(reader, "fallback_note")
            .replace("{language}", self.get(written_in, "language_name"));
        format!(
            "<p class=\"fallback-note\">{}</p>\n",
            crate::html::escape(&note)
        )
    }

    /// The words markdown output needs for screen readers, in `lang`.
    pub fn markdown_labels(&self, lang: &Lang) -> Labels<'_> {
        Labels {
            table: self.get(lang, "table_region_label"),
            task_done: self.get(lang, "task_done"),
            task_todo: self.get(lang, "task_todo"),
        }
    }

    /// A date in the language's own form: `March 2, 2026`, `2 de marzo de 2026`.
    pub fn date_label(&self, lang: &Lang, date: crate::config::Date) -> String {
        let month = self.get(lang, month_key(date.month));
        self.get(lang, "date_format")
            .replace("{month}", month)
            .replace("{day}", &date.day.to_string())
            .replace("{year}", &date.year.to_string())
    }

    /// A time as the language reads clocks: `8:00 AM`, `8:00 a. m.` (US Spanish readers expect the
    /// 12-hour clock too), or `8:00` where a table sets `clock: "24"`.
    pub fn time_label(&self, lang: &Lang, time: TimeOfDay) -> String {
        if self.get(lang, "clock") == "24" {
            format!("{}:{:02}", time.hour, time.minute)
        } else {
            time.twelve_hour(self.get(lang, "time_am"), self.get(lang, "time_pm"))
        }
    }

    /// Days as people say them: a run of three or more is `Monday to Friday`, others are listed.
    pub fn days_label(&self, lang: &Lang, days: &[Weekday]) -> String {
        let name = |d: Weekday| self.get(lang, day_key(d));
        let consecutive = days.windows(2).all(|w| w[1] as usize == w[0] as usize + 1);
        match days {
            [] => String::new(),
            [first, .., last] if consecutive && days.len() >= 3 => {
                format!(
                    "{} {} {}",
                    name(*first),
                    self.get(lang, "days_range_to"),
                    name(*last)
                )
            }
            _ => days.iter().map(|&d| name(d)).collect::<Vec<_>>().join(", "),
        }
    }
}

fn month_key(month: u8) -> &'static str {
    const KEYS: [&str; 12] = [
        "month_1", "month_2", "month_3", "month_4", "month_5", "month_6", "month_7", "month_8",
        "month_9", "month_10", "month_11", "month_12",
    ];
    KEYS[usize::from(month.clamp(1, 12)) - 1]
}

fn day_key(day: Weekday) -> &'static str {
    [
        "day_mo", "day_tu", "day_we", "day_th", "day_fr", "day_sa", "day_su",
    ][day as usize]
}

/// The string table a site's theme prints in `lang`, as a site's string file (`portico strings LANG >
/// strings/LANG.yaml`): every key, in the order and groups of the built-in English table, then the
/// theme's own keys. The values are the language's built-in words with the theme's and the site's
/// changes; for a language Portico has no table for, the English ones, to be translated. Every value is
/// a double-quoted string, so no word is read as YAML's `yes` or a number.
pub fn starter(lang: &Lang, theme_strings: &BTreeMap<String, Table>, site: &SiteStrings) -> String {
    let english = built_in("en").unwrap_or_default();
    let own = BUILT_IN.iter().find(|b| b.lang == lang.as_str());
    let mut table = built_in(lang.as_str()).unwrap_or_else(|| english.clone());
    let theme_words = theme_strings
        .get(lang.as_str())
        .or_else(|| theme_strings.get("en"));
    if let Some(extra) = theme_words {
        table.extend(extra.iter().map(|(k, v)| (k.clone(), v.clone())));
    }
    for over in site.overrides.iter().filter(|o| &o.lang == lang) {
        table.insert(over.key.clone(), over.value.clone());
    }
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Every word the site's theme prints in `{lang}`, as `portico strings {lang}` wrote it. Saved as\n\
         # strings/{lang}.yaml, it changes the site's words: keep each key and each {{placeholder}} as it is."
    );
    match own {
        None => {
            let _ = writeln!(
                out,
                "# Portico has no built-in table for `{lang}`: these are the English words. Translate each\n\
                 # value, then have a native speaker read them before the site is published."
            );
        }
        Some(own) if !own.reviewed && !site.reviewed.contains(lang) => {
            let _ = writeln!(
                out,
                "# Portico's `{lang}` words were written by its developers, not by a native speaker. Have one\n\
                 # read them, then change `reviewed` to true (`portico check` warns until then).\n\
                 reviewed: false"
            );
        }
        Some(_) => {}
    }
    if lang.as_str() == "en" {
        out.push_str(
            "# To start a language Portico has no table for, save this as strings/CODE.yaml (strings/so.yaml\n\
             # for Somali) and translate every value.\n",
        );
    }
    let mut written = std::collections::BTreeSet::new();
    let quoted = |value: &str| serde_json::to_string(value).unwrap_or_default();
    // The English table's own header (up to its first blank line) is not copied.
    let english_lines = BUILT_IN[0]
        .text
        .lines()
        .skip_while(|l| !l.trim().is_empty());
    for line in english_lines {
        if line.starts_with('#') {
            let _ = writeln!(out, "{line}");
        } else if let Some((key, _)) = line.split_once(':')
            && let Some(value) = table.get(key)
        {
            let _ = writeln!(out, "{key}: {}", quoted(value));
            written.insert(key);
        } else if line.trim().is_empty() {
            out.push('\n');
        }
    }
    let theme_keys: Vec<(&String, &String)> = table
        .iter()
        .filter(|(k, _)| !written.contains(k.as_str()))
        .collect();
    if !theme_keys.is_empty() {
        out.push_str("\n# The theme's own words\n");
        for (key, value) in theme_keys {
            let _ = writeln!(out, "{key}: {}", quoted(value));
        }
    }
    out
}

/// The built-in table of a language, if Portico ships one.
pub fn built_in(lang: &str) -> Option<Table> {
    let own = BUILT_IN.iter().find(|b| b.lang == lang)?;
    let path = Path::new("src/i18n").join(format!("{lang}.yaml"));
    YamlSource::new(&path, own.text, ErrorKind::Config)
        .parse()
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_tables_parse_and_have_the_same_keys_and_placeholders() {
        let en = built_in("en").expect("en.yaml parses");
        for key in CORE_KEYS {
            assert!(en.contains_key(*key), "{key} is missing");
        }
        let placeholders = |text: &str| {
            let mut found: Vec<String> = text
                .split('{')
                .skip(1)
                .filter_map(|rest| rest.split_once('}').map(|(name, _)| name.to_owned()))
                .collect();
            found.sort();
            found
        };
        for own in BUILT_IN {
            let table = built_in(own.lang).unwrap_or_else(|| panic!("{}.yaml parses", own.lang));
            assert_eq!(
                en.keys().collect::<Vec<_>>(),
                table.keys().collect::<Vec<_>>(),
                "{}",
                own.lang
            );
            for (key, english) in &en {
                assert_eq!(
                    placeholders(english),
                    placeholders(&table[key]),
                    "{}: {key}",
                    own.lang
                );
            }
            assert!(["ltr", "rtl"].contains(&table["direction"].as_str()));
            assert!(["12", "24"].contains(&table["clock"].as_str()));
            let header = own.text.split("\n\n").next().unwrap_or_default();
            assert!(
                own.reviewed || header.contains("native speaker"),
                "{}.yaml's header must ask for a native speaker's review",
                own.lang
            );
        }
    }
}

/// Words the HTML that markdown becomes needs for assistive technology, in the page's language.
#[derive(Debug, Clone, Copy)]
pub struct Labels<'a> {
    /// Names the scrollable box around a table.
    pub table: &'a str,
    pub task_done: &'a str,
    pub task_todo: &'a str,
}

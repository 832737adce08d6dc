//! `portico.yaml`: read into raw structs, then converted into validated types.
//!
//! The core owns a handful of keys (`base_url`, languages, `theme`, `practice`, `locations`, `strings`).
//! Every other top-level table belongs to a plugin, which reads and validates it itself through
//! [`ConfigSource::table`] — the way an mdBook preprocessor reads `[preprocessor.NAME]`. That keeps the core
//! config small and lets a library user add a plugin with its own table without touching this module.

mod check;
mod location;
mod raw;
mod strings;
pub mod types;
pub mod yaml;

use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use serde_saphyr::Spanned;

use crate::error::{Diagnostics, Error, ErrorKind, Location};
use crate::fs;
pub use check::CheckSettings;
pub use location::{Address, Geo, Holiday, Hours, LocationPhoto, PracticeLocation};
/// Text as written in `portico.yaml`: one string, or one per language. Plugins turn it into [`Localized`]
/// with [`Config::localized`].
pub use raw::RawText as Text;
use raw::{RawConfig, RawPractice, RawText};
pub use strings::{STRINGS_DIR, SiteStrings, StringOverride};
pub use types::{
    BaseUrl, Color, Date, Invalid, Lang, Phone, RawFocus, Slug, TimeOfDay, UrlPath, Weekday,
};
use yaml::YamlSource;

/// The name of the config file at the root of every site.
pub const CONFIG_FILE: &str = "portico.yaml";

/// The core keys; a top-level key that is neither one of these nor a plugin's table is an error.
pub const CORE_KEYS: &[&str] = &[
    "base_url",
    "language",
    "languages",
    "theme",
    "practice",
    "locations",
    "strings",
];

/// The table of `portico check`'s rule levels ([`CheckSettings`]).
const CHECK_KEY: &str = "check";
/// `kit:` is read by `portico kit` alone (the host site's addresses for the kit's footer links).
pub const KIT_KEY: &str = "kit";

/// What the command line can override.
#[derive(Debug, Clone, Default)]
pub struct ConfigOverrides {
    pub base_url: Option<String>,
    /// The build date, for checks like "verified more than a year ago"; the system clock when `None`.
    pub today: Option<Date>,
    /// Where processed images are kept (`build --cache`); `ROOT/.portico-cache` when `None`.
    pub cache: Option<PathBuf>,
}

/// The text of `portico.yaml`, kept so that plugins can read their own tables from it.
#[derive(Debug, Clone)]
pub struct ConfigSource {
    /// The path shown in messages (relative to where Portico was started, as the user typed it).
    pub path: PathBuf,
    pub text: String,
}

impl ConfigSource {
    /// Deserializes the plugin table under `key`, with errors located in `portico.yaml`.
    pub fn table<T: DeserializeOwned>(&self, key: &str) -> Result<Option<T>, Error> {
        self.yaml().table(key)
    }

    /// The YAML source, to report errors at a spanned value of a plugin's table.
    pub fn yaml(&self) -> YamlSource<'_> {
        YamlSource::new(&self.path, &self.text, ErrorKind::Config)
    }
}

/// The validated site configuration.
#[derive(Debug, Clone)]
pub struct Config {
    /// The site folder.
    pub root: PathBuf,
    pub source: ConfigSource,
    pub base_url: BaseUrl,
    /// The default language: pages without a language suffix are in it, at the root of the site.
    pub language: Lang,
    /// Further languages, each under `/CODE/`.
    pub languages: Vec<Lang>,
    pub theme: ThemeChoice,
    pub practice: Practice,
    pub locations: Vec<PracticeLocation>,
    pub strings: SiteStrings,
    /// The date of the build.
    pub today: Date,
    /// Where processed images are kept between builds: `ROOT/.portico-cache`, or `--cache`.
    pub cache_dir: PathBuf,
    /// The rule levels and sensitive pages of `check:`, which the build's own checks obey too.
    pub check: CheckSettings,
}

/// The theme named in `portico.yaml`, with where it was named (for "theme not found").
#[derive(Debug, Clone)]
pub struct ThemeChoice {
    pub name: String,
    pub location: Location,
}

#[derive(Debug, Clone)]
pub struct Practice {
    pub name: String,
    pub tagline: Option<Localized>,
    pub description: Option<Localized>,
    /// The schema.org type (`MedicalClinic`, `Physician`, `Dentist`, ...).
    pub kind: String,
    pub phone: Phone,
    pub email: Option<String>,
    pub logo: Option<UrlPath>,
    pub accepting_new_patients: bool,
}

/// Text that may differ per language: `tagline: Care close to home`, or
/// `tagline: { en: Care close to home, es: Atención cerca de casa }`. A language without its own text
/// shows the default language's.
#[derive(Debug, Clone)]
pub struct Localized {
    default: String,
    others: Vec<(Lang, String)>,
}

impl Localized {
    pub fn get(&self, lang: &Lang) -> &str {
        self.others
            .iter()
            .find(|(l, _)| l == lang)
            .map_or(&self.default, |(_, text)| text)
    }
}

fn localized(
    raw: Option<RawText>,
    languages: &[&Lang],
    source: &YamlSource<'_>,
    diagnostics: &mut Diagnostics,
) -> Option<Localized> {
    match raw? {
        RawText::One(text) => Some(Localized {
            default: text,
            others: Vec::new(),
        }),
        RawText::PerLanguage(texts) => {
            let default = languages.first().map_or("en", |l| l.as_str());
            let mut text = None;
            let mut others = Vec::new();
            for (code, value) in &texts {
                if code.value == default {
                    text = Some(value.clone());
                    continue;
                }
                match languages.iter().find(|l| l.as_str() == code.value) {
                    Some(lang) => others.push(((*lang).clone(), value.clone())),
                    None => diagnostics.error(
                        source
                            .error_at(
                                code.referenced,
                                format!("`{}` is not one of the site's languages", code.value),
                            )
                            .with_help(format!(
                                "add `{}` to `languages:`, or remove this text (the site builds {})",
                                code.value,
                                languages
                                    .iter()
                                    .map(|l| format!("`{l}`"))
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            )),
                    ),
                }
            }
            let Some(text) = text else {
                let at = texts.first().map_or_else(
                    || Location::file(source.path),
                    |(code, _)| source.location(code.referenced),
                );
                diagnostics.error(
                    Error::new(
                        ErrorKind::Config,
                        format!("the text has no `{default}` version"),
                    )
                    .at(at)
                    .with_help(format!(
                        "add `{default}: ...` for the site's default language"
                    )),
                );
                return None;
            };
            Some(Localized {
                default: text,
                others,
            })
        }
    }
}

/// The schema.org types a practice may name; others are errors with a suggestion.
const PRACTICE_TYPES: &[&str] = &[
    "MedicalClinic",
    "Physician",
    "Dentist",
    "Optician",
    "Pharmacy",
    "Hospital",
    "MedicalOrganization",
];

impl Config {
    /// Reads `ROOT/portico.yaml`. `plugin_keys` are the tables that plugins read themselves.
    pub fn load(
        root: &Path,
        overrides: &ConfigOverrides,
        plugin_keys: &[&str],
    ) -> Result<Config, Diagnostics> {
        let path = root.join(CONFIG_FILE);
        if !path.is_file() {
            return Err(Error::new(
                ErrorKind::Config,
                format!("no {CONFIG_FILE} in {}", root.display()),
            )
            .at(Location::file(&path))
            .with_help("run Portico in a site folder, or pass --root DIR")
            .into());
        }
        let text = fs::read_to_string(&path)?;
        Config::parse(root, &path, &text, overrides, plugin_keys)
    }

    /// Checks the text of a `portico.yaml` (read from `path`, for messages) for the site in `root`.
    pub fn parse(
        root: &Path,
        path: &Path,
        text: &str,
        overrides: &ConfigOverrides,
        plugin_keys: &[&str],
    ) -> Result<Config, Diagnostics> {
        let source = YamlSource::new(path, text, ErrorKind::Config);
        // `check:` is read by `portico check`'s own loader, like a plugin's table.
        let tables: Vec<&str> = plugin_keys
            .iter()
            .copied()
            .chain([CHECK_KEY, KIT_KEY])
            .collect();
        check_top_level(&source, &tables)?;
        let raw: RawConfig = source.parse_without(&tables)?;
        let mut diagnostics = Diagnostics::new();
        let config = Config::from_raw(raw, &source, overrides, &mut diagnostics, root);
        match config {
            Some(mut config) => {
                config.check = CheckSettings::load(&config.source, &mut diagnostics);
                diagnostics.check().map(|_| config)
            }
            _ => Err(diagnostics),
        }
    }

    fn from_raw(
        raw: RawConfig,
        source: &YamlSource<'_>,
        overrides: &ConfigOverrides,
        diagnostics: &mut Diagnostics,
        root: &Path,
    ) -> Option<Config> {
        let base_url = match &overrides.base_url {
            Some(url) => diagnostics.take(BaseUrl::parse(url).map_err(|invalid| {
                Error::new(
                    ErrorKind::Config,
                    format!("--base-url: {}", invalid.message),
                )
                .with_help(invalid.help)
            })),
            None => checked(source, &raw.base_url, BaseUrl::parse, diagnostics),
        };
        let language = match &raw.language {
            Some(code) => checked(source, code, Lang::parse, diagnostics),
            None => Some(Lang::parse("en").expect("`en` is a valid language code")),
        };
        let languages: Vec<Lang> = raw
            .languages
            .iter()
            .filter_map(|code| checked(source, code, Lang::parse, diagnostics))
            .collect();
        let theme = raw.theme.as_ref().map_or_else(
            || ThemeChoice {
                name: "clinic".to_owned(),
                location: Location::file(source.path),
            },
            |t| ThemeChoice {
                name: t.value.clone(),
                location: source.location(t.referenced),
            },
        );
        let all: Vec<&Lang> = language.iter().chain(languages.iter()).collect();
        let practice = practice(raw.practice, &all, source, diagnostics);
        let mut locations = Vec::new();
        for location in raw.locations {
            let id_at = location.id.referenced;
            if let Some(location) = location::practice_location(location, &all, source, diagnostics)
            {
                if locations
                    .iter()
                    .any(|l: &PracticeLocation| l.id == location.id)
                {
                    let message = format!("two locations have the id `{}`", location.id.as_str());
                    diagnostics.error(
                        source
                            .error_at(id_at, message)
                            .with_help("give each location its own id"),
                    );
                }
                locations.push(location);
            }
        }
        let strings = SiteStrings::read(raw.strings, source, root, diagnostics);

        Some(Config {
            root: root.to_path_buf(),
            source: ConfigSource {
                path: source.path.to_path_buf(),
                text: source.text.to_owned(),
            },
            base_url: base_url?,
            language: language?,
            languages,
            theme,
            practice: practice?,
            locations,
            strings,
            today: overrides.today.unwrap_or_else(Date::today),
            cache_dir: overrides
                .cache
                .clone()
                .unwrap_or_else(|| root.join(".portico-cache")),
            check: CheckSettings::default(),
        })
    }

    /// Checks text of a plugin's table that may differ per language.
    pub fn localized(
        &self,
        text: Option<Text>,
        diagnostics: &mut Diagnostics,
    ) -> Option<Localized> {
        let languages: Vec<&Lang> = self.all_languages().collect();
        localized(text, &languages, &self.source.yaml(), diagnostics)
    }

    /// Every language of the site, the default first.
    pub fn all_languages(&self) -> impl Iterator<Item = &Lang> {
        std::iter::once(&self.language).chain(self.languages.iter())
    }

    /// The folder holding the site's markdown.
    pub fn content_dir(&self) -> PathBuf {
        self.root.join("content")
    }
}

/// Every top-level key must be a core key or a plugin's table; a typo gets the nearest of all of them.
fn check_top_level(source: &YamlSource<'_>, plugin_keys: &[&str]) -> Result<(), Diagnostics> {
    let mut diagnostics = Diagnostics::new();
    let known = || CORE_KEYS.iter().chain(plugin_keys).copied();
    for key in source.top_level_keys()? {
        if !known().any(|k| k == key.value) {
            let help = yaml::suggest(&key.value, known()).map_or_else(
                || {
                    let mut all: Vec<&str> = known().collect();
                    all.sort_unstable();
                    format!("the top-level keys are: {}", all.join(", "))
                },
                |near| format!("did you mean `{near}`?"),
            );
            diagnostics.error(
                source
                    .error_at(key.referenced, format!("unknown key `{}`", key.value))
                    .with_help(help),
            );
        }
    }
    diagnostics.check().map(|_| ())
}

/// Parses a spanned value, recording a located error when it does not parse.
fn checked<T>(
    source: &YamlSource<'_>,
    value: &Spanned<String>,
    parse: fn(&str) -> Result<T, Invalid>,
    diagnostics: &mut Diagnostics,
) -> Option<T> {
    diagnostics.take(parse(&value.value).map_err(|invalid| located(source, value, invalid)))
}

fn located(source: &YamlSource<'_>, value: &Spanned<String>, invalid: Invalid) -> Error {
    source
        .error_at(value.referenced, invalid.message)
        .with_help(invalid.help)
}

fn practice(
    raw: RawPractice,
    languages: &[&Lang],
    source: &YamlSource<'_>,
    diagnostics: &mut Diagnostics,
) -> Option<Practice> {
    let phone = diagnostics
        .take(Phone::parse(&raw.phone.value).map_err(|i| located(source, &raw.phone, i)));
    let logo = raw.logo.as_ref().and_then(|logo| {
        diagnostics.take(UrlPath::parse(&logo.value).map_err(|i| located(source, logo, i)))
    });
    let kind = match raw.kind {
        None => "MedicalClinic".to_owned(),
        Some(kind) if PRACTICE_TYPES.contains(&kind.value.as_str()) => kind.value,
        Some(kind) => {
            let help = yaml::suggest(&kind.value, PRACTICE_TYPES.iter().copied()).map_or_else(
                || format!("use one of: {}", PRACTICE_TYPES.join(", ")),
                |near| format!("did you mean `{near}`?"),
            );
            diagnostics.error(
                source
                    .error_at(
                        kind.referenced,
                        format!("unknown practice type `{}`", kind.value),
                    )
                    .with_help(help),
            );
            return None;
        }
    };
    let email = raw.email.and_then(|email| {
        let ok = email
            .value
            .split_once('@')
            .is_some_and(|(user, host)| !user.is_empty() && host.contains('.'));
        if ok {
            Some(email.value)
        } else {
            diagnostics.error(
                source
                    .error_at(
                        email.referenced,
                        format!("`{}` is not an email address", email.value),
                    )
                    .with_help("write it like frontdesk@example-clinic.com"),
            );
            None
        }
    });
    Some(Practice {
        name: raw.name,
        tagline: localized(raw.tagline, languages, source, diagnostics),
        description: localized(raw.description, languages, source, diagnostics),
        kind,
        phone: phone?,
        email,
        logo,
        accepting_new_patients: raw.accepting_new_patients,
    })
}

//! Pages that stand in for a missing translation: a language's home page the site has not written is
//! the default language's, so the language's pages have a home to link to and its navigation a root.
//! The stand-in's text is marked with its own language (screen readers pronounce it right) under a
//! one-line note in the reader's language ([`Strings::fallback_note`]).

use super::{PageKind, Parsed, Source};
use crate::config::{Config, Lang};
use crate::i18n::Strings;

/// A home page for each further language that has none: the default language's, with its text.
pub(super) fn homes(pages: &[Parsed], config: &Config) -> Vec<Parsed> {
    let is_home = |page: &Parsed, lang: &Lang| page.kind == PageKind::Home && &page.lang == lang;
    let Some(home) = pages.iter().find(|p| is_home(p, &config.language)) else {
        return Vec::new();
    };
    config
        .languages
        .iter()
        .filter(|lang| !pages.iter().any(|p| is_home(p, lang)))
        .map(|lang| Parsed {
            source: Source {
                path: home.source.path.clone(),
                rel: format!("_index.{lang}.md"),
            },
            lang: lang.clone(),
            fallback: Some(home.lang.clone()),
            ..home.clone()
        })
        .collect()
}

/// The HTML of a page shown to readers of `reader` in `written_in`: the note, then the text in its
/// language. Empty text needs no note.
pub(super) fn with_note(html: &str, reader: &Lang, written_in: &Lang, strings: &Strings) -> String {
    if html.trim().is_empty() {
        return html.to_owned();
    }
    format!(
        "{}{}",
        strings.fallback_note(reader, written_in),
        in_language(html, written_in)
    )
}

/// HTML marked as written in `lang`, inside a page in another language.
pub fn in_language(html: &str, lang: &Lang) -> String {
    format!("<div lang=\"{lang}\">\n{html}</div>\n")
}

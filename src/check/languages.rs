//! `i18n/unreviewed-strings`: a language whose built-in words no native speaker has reviewed (see
//! [`crate::i18n`]), once per language.
//!
//! `i18n/untranslated`: how many of the practice's own pages have no translation in each of the site's
//! other languages. A patient who reads the site in Spanish does not see an untranslated page at all
//! (the provider directory lists untranslated providers in the default language, marked), so a
//! practice should know how much of its site that patient misses. One finding per language, on the
//! `languages:` line of `portico.yaml`, naming a few of the pages.

use std::fmt::Write as _;

use super::{Findings, Pages};
use crate::error::{Location, counted};
use crate::rules::RuleId;

/// How many untranslated pages a finding names before "and N more".
const NAMED: usize = 3;

pub(super) fn check(pages: &Pages<'_>, findings: &mut Findings<'_>) {
    let site = pages.site;
    let default = &site.config.language;
    let source = &site.config.source;
    let location = source
        .text
        .lines()
        .position(|l| l.trim_start().starts_with("languages:"))
        .map_or_else(
            || Location::file(&source.path),
            |i| Location::at(&source.path, i + 1, 1),
        );
    for lang in crate::i18n::unreviewed(&site.config) {
        findings.at(
            RuleId::I18nUnreviewedStrings,
            location.clone(),
            format!(
                "the built-in `{lang}` words were not written by a native speaker, and the site has not marked them reviewed"
            ),
            &format!(
                "have a native speaker read them (`portico strings {lang} > strings/{lang}.yaml` writes them out to fix any), then put `reviewed: true` in strings/{lang}.yaml"
            ),
        );
    }
    for lang in &site.config.languages {
        // The practice's own pages: those read from a file under content/ (plugin pages such as the
        // portal page and the explainer come in every language by themselves).
        let missing: Vec<&str> = site
            .pages
            .iter()
            .enumerate()
            .filter(|(_, page)| &page.lang == default && page.source.path.is_file())
            .filter(|&(id, _)| {
                !site.translations(id).iter().any(|&other| {
                    &site.pages[other].lang == lang && site.pages[other].fallback.is_none()
                })
            })
            .map(|(_, page)| page.source.rel.as_str())
            .collect();
        if missing.is_empty() {
            continue;
        }
        let mut named = missing
            .iter()
            .take(NAMED)
            .map(|rel| format!("content/{rel}"))
            .collect::<Vec<_>>()
            .join(", ");
        if missing.len() > NAMED {
            let _ = write!(named, " and {} more", missing.len() - NAMED);
        }
        findings.at(
            RuleId::I18nUntranslated,
            location.clone(),
            format!(
                "{} in `{default}` {} no `{lang}` translation: {named}",
                counted(missing.len(), "page"),
                if missing.len() == 1 { "has" } else { "have" },
            ),
            &format!(
                "write NAME.{lang}.md beside each page; until then readers of the `{lang}` site do not see them (the provider directory lists untranslated providers in `{default}`, marked)"
            ),
        );
    }
}

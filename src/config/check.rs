//! The `check:` table of `portico.yaml`: the levels the site sets for `portico check`'s rules (which the
//! build's own checks obey too) and the site's own sensitive pages.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_saphyr::Spanned;

use super::yaml::suggest;
use super::{ConfigSource, UrlPath};
use crate::error::Diagnostics;
use crate::rules::{Level, Levels, RULES, find};

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCheck {
    #[serde(default)]
    rules: BTreeMap<String, Spanned<Level>>,
    /// More pages that must load nothing from third parties (beyond the portal page and the pages whose
    /// address names appointments, forms, bill pay or telehealth).
    #[serde(default)]
    sensitive: Vec<Spanned<String>>,
}

/// The `check:` table: levels set by the site, and its own sensitive pages.
#[derive(Debug, Clone, Default)]
pub struct CheckSettings {
    pub levels: Levels,
    pub sensitive: Vec<UrlPath>,
}

impl CheckSettings {
    /// Reads `check:` from `portico.yaml`. Unknown rule ids are errors with a suggestion.
    pub fn load(source: &ConfigSource, diagnostics: &mut Diagnostics) -> CheckSettings {
        let raw = diagnostics
            .take(source.table::<RawCheck>("check"))
            .flatten()
            .unwrap_or_default();
        let yaml = source.yaml();
        let mut levels = Levels::default();
        for (id, level) in raw.rules {
            if let Some(rule) = find(&id) {
                levels.set(rule, level.value);
            } else {
                let near = suggest(&id, RULES.iter().map(|r| r.id))
                    .map_or_else(String::new, |n| format!(" (did you mean `{n}`?)"));
                diagnostics.error(
                    yaml.error_at(
                        level.referenced,
                        format!("`check.rules`: there is no rule `{id}`{near}"),
                    )
                    .with_help("`portico check --rules` lists every rule with its id"),
                );
            }
        }
        let sensitive = raw
            .sensitive
            .iter()
            .filter_map(|p| match UrlPath::dir(&p.value) {
                Ok(path) => Some(path),
                Err(invalid) => {
                    diagnostics.error(
                        yaml.error_at(
                            p.referenced,
                            format!("`check.sensitive`: {}", invalid.message),
                        )
                        .with_help(invalid.help),
                    );
                    None
                }
            })
            .collect();
        CheckSettings { levels, sensitive }
    }
}

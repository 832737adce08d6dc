//! `insurance`: the plans a practice accepts, as data, so every page that lists them agrees and the list
//! carries its "call to confirm" note and the date someone last checked it.
//!
//! Templates get `insurance` (none without the table): `plans` (each with `name`, `kind`, `note` in the
//! page's language and `networks`) and `verified` (`YYYY-MM-DD` or none).

use serde::{Deserialize, Serialize};
use serde_saphyr::Spanned;

use super::Plugin;
use crate::config::{Config, Date, Lang, Localized, Text};
use crate::content::Site;
use crate::error::Diagnostics;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawInsurance {
    plans: Vec<RawPlan>,
    #[serde(default)]
    verified: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPlan {
    name: String,
    /// What kind of plan it is: "Federal plan for people 65 and older".
    #[serde(default)]
    kind: Option<Text>,
    #[serde(default)]
    note: Option<Text>,
    #[serde(default)]
    networks: Vec<String>,
}

#[derive(Debug)]
struct Plan {
    name: String,
    kind: Option<Localized>,
    note: Option<Localized>,
    networks: Vec<String>,
}

#[derive(Debug, Default)]
pub struct Insurance {
    plans: Option<(Vec<Plan>, Option<Date>)>,
}

#[derive(Debug, Serialize)]
struct PlanView<'a> {
    name: &'a str,
    kind: Option<&'a str>,
    note: Option<&'a str>,
    networks: &'a [String],
}

impl Plugin for Insurance {
    fn name(&self) -> &'static str {
        "insurance"
    }

    fn configure(&mut self, config: &Config, diagnostics: &mut Diagnostics) {
        let Some(Some(raw)) = diagnostics.take(config.source.table::<RawInsurance>("insurance"))
        else {
            return;
        };
        let plans = raw
            .plans
            .into_iter()
            .map(|plan| Plan {
                kind: config.localized(plan.kind, diagnostics),
                note: config.localized(plan.note, diagnostics),
                name: plan.name,
                networks: plan.networks,
            })
            .collect();
        let verified = raw
            .verified
            .and_then(|text| match Date::parse(&text.value) {
                Ok(date) => Some(date),
                Err(invalid) => {
                    let error = config.source.yaml().error_at(
                        text.referenced,
                        format!("`insurance.verified`: {}", invalid.message),
                    );
                    diagnostics.error(error.with_help(invalid.help));
                    None
                }
            });
        self.plans = Some((plans, verified));
    }

    fn transform(&self, site: &mut Site, _diagnostics: &mut Diagnostics) {
        let languages: Vec<Lang> = site.config.all_languages().cloned().collect();
        for lang in &languages {
            let value = self.plans.as_ref().map_or(serde_json::Value::Null, |(plans, verified)| {
                let plans: Vec<PlanView<'_>> = plans
                    .iter()
                    .map(|p| PlanView {
                        name: &p.name,
                        kind: p.kind.as_ref().map(|k| k.get(lang)),
                        note: p.note.as_ref().map(|n| n.get(lang)),
                        networks: &p.networks,
                    })
                    .collect();
                serde_json::json!({ "plans": plans, "verified": verified.map(|d| d.to_string()) })
            });
            site.set_data(lang, "insurance", value);
        }
    }
}

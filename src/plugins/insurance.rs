//! `insurance`: the plans a practice accepts, as data, so every page that lists them agrees and the list
//! carries its "call to confirm" note and the date someone last checked it.
//!
//! Templates get `insurance` (none without the table): `plans` (each with `name`, `kind`, `note` in the
//! page's language and `networks`) and `verified` (`YYYY-MM-DD` or none).

use serde::Deserialize;
use serde_saphyr::Spanned;

use super::{Configured, Plugin, Setup};
use crate::config::{Config, Date, Lang, Localized, Text};
use crate::content::Site;
use crate::error::Diagnostics;
use crate::views::{InsuranceView, PlanView, PluginViews};

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
pub struct Insurance;

/// The plans one site takes and the day the list was checked; no plans when it has no table.
#[derive(Debug)]
struct SiteInsurance {
    plans: Option<(Vec<Plan>, Option<Date>)>,
}

impl Plugin for Insurance {
    fn name(&self) -> &'static str {
        "insurance"
    }

    fn configure(
        &self,
        config: &Config,
        _: &Setup<'_>,
        diagnostics: &mut Diagnostics,
    ) -> Box<dyn Configured> {
        Box::new(SiteInsurance {
            plans: read(config, diagnostics),
        })
    }
}

fn read(config: &Config, diagnostics: &mut Diagnostics) -> Option<(Vec<Plan>, Option<Date>)> {
    let Some(Some(raw)) = diagnostics.take(config.source.table::<RawInsurance>("insurance")) else {
        return None;
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
    Some((plans, verified))
}

impl Configured for SiteInsurance {
    fn views<'a>(&'a self, _site: &'a Site, lang: &Lang, views: &mut PluginViews<'a>) {
        views.insurance = self.plans.as_ref().map(|(plans, verified)| InsuranceView {
            plans: plans
                .iter()
                .map(|p| PlanView {
                    name: &p.name,
                    kind: p.kind.as_ref().map(|k| k.get(lang)),
                    note: p.note.as_ref().map(|n| n.get(lang)),
                    networks: &p.networks,
                })
                .collect(),
            verified: verified.map(|d| d.to_string()),
        });
    }
}

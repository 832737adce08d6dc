//! `providers`: the clinicians' pages. Checks what a page alone cannot — that each `provider.locations`
//! id names a location in `portico.yaml` and that the photo is a file in `static/` — and lets a
//! translation without its own `provider:` block use the one of its default-language page.

use serde::Deserialize;

use super::{Configured, Plugin, Setup};
use crate::config::Config;
use crate::config::yaml::suggest;
use crate::content::Site;
use crate::error::{Diagnostics, Error, ErrorKind};

/// The `providers:` table. It has no keys yet; it exists so the plugin owns its name.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProviders {}

#[derive(Debug, Default)]
pub struct Providers;

/// The providers of one site: nothing to remember, every check reads the site.
#[derive(Debug)]
struct SiteProviders;

impl Plugin for Providers {
    fn name(&self) -> &'static str {
        "providers"
    }

    fn configure(
        &self,
        config: &Config,
        _: &Setup<'_>,
        diagnostics: &mut Diagnostics,
    ) -> Box<dyn Configured> {
        diagnostics.take(config.source.table::<RawProviders>("providers"));
        Box::new(SiteProviders)
    }
}

impl Configured for SiteProviders {
    fn transform(&self, site: &mut Site, diagnostics: &mut Diagnostics) {
        inherit_translations(site);
        list_untranslated(site);
        let ids: Vec<&str> = site
            .config
            .locations
            .iter()
            .map(|l| l.id.as_str())
            .collect();
        for page in &site.pages {
            let Some(provider) = &page.meta.provider else {
                continue;
            };
            for (id, at) in provider.locations.iter().zip(&provider.location_places) {
                if !ids.contains(&id.as_str()) {
                    let help = suggest(id, ids.iter().copied()).map_or_else(
                        || {
                            format!(
                                "use the `id` of a location in portico.yaml: {}",
                                ids.join(", ")
                            )
                        },
                        |near| format!("did you mean `{near}`?"),
                    );
                    diagnostics.error(
                        Error::new(
                            ErrorKind::FrontMatter,
                            format!("there is no location `{id}`"),
                        )
                        .at(at.clone())
                        .with_help(help),
                    );
                }
            }
        }
    }
}

/// `maya-okafor.es.md` without a `provider:` block shows the same clinician as `maya-okafor.md`.
/// Puts every provider on every language's directory: a provider whose page has no translation in a
/// language is listed there with the default-language page (the templates mark it with its own `lang`
/// and link it with `hreflang`), after the translated ones. Leaving them out would hide clinicians from
/// the patients who read the site in another language.
fn list_untranslated(site: &mut Site) {
    let default = site.config.language.clone();
    let mut additions: Vec<(usize, Vec<usize>)> = Vec::new();
    for (&section, listed) in &site.sections {
        let lang = &site.pages[section].lang;
        if *lang == default {
            continue;
        }
        let Some(&original) = site
            .translations(section)
            .iter()
            .find(|&&other| site.pages[other].lang == default)
        else {
            continue;
        };
        let Some(original_section) = site.sections.get(&original) else {
            continue;
        };
        let missing: Vec<usize> = original_section
            .pages
            .iter()
            .copied()
            .filter(|&page| site.pages[page].meta.provider.is_some())
            .filter(|&page| {
                !site
                    .translations(page)
                    .iter()
                    .any(|&t| &site.pages[t].lang == lang)
            })
            .filter(|page| !listed.pages.contains(page))
            .collect();
        if !missing.is_empty() {
            additions.push((section, missing));
        }
    }
    for (section, missing) in additions {
        if let Some(listed) = site.sections.get_mut(&section) {
            listed.pages.extend(missing);
        }
    }
}

fn inherit_translations(site: &mut Site) {
    for id in 0..site.pages.len() {
        if site.pages[id].meta.provider.is_some() {
            continue;
        }
        let inherited = site
            .translations(id)
            .iter()
            .find(|&&other| site.pages[other].lang == site.config.language)
            .and_then(|&other| site.pages[other].meta.provider.clone());
        if let Some(mut provider) = inherited {
            // Its places are in the other file; the checks run once, there.
            provider.location_places.clear();
            provider.photo_place = None;
            site.pages[id].meta.provider = Some(provider);
        }
    }
}

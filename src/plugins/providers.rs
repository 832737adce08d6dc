//! `providers`: the clinicians' pages. Checks what a page alone cannot — that each `provider.locations`
//! id names a location in `portico.yaml` and that the photo is a file in `static/` — and lets a
//! translation without its own `provider:` block use the one of its default-language page.

use serde::Deserialize;

use super::Plugin;
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

impl Plugin for Providers {
    fn name(&self) -> &'static str {
        "providers"
    }

    fn configure(&mut self, config: &Config, diagnostics: &mut Diagnostics) {
        diagnostics.take(config.source.table::<RawProviders>("providers"));
    }

    fn transform(&self, site: &mut Site, diagnostics: &mut Diagnostics) {
        inherit_translations(site);
        let ids: Vec<&str> = site
            .config
            .locations
            .iter()
            .map(|l| l.id.as_str())
            .collect();
        let static_dir = site.config.root.join("static");
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
            if let (Some(photo), Some(at)) = (&provider.photo, &provider.photo_place) {
                let file = static_dir.join(photo.src.as_str().trim_start_matches('/'));
                if !file.is_file() {
                    diagnostics.error(
                        Error::new(
                            ErrorKind::FrontMatter,
                            format!("the photo {} is not in static/", photo.src),
                        )
                        .at(at.clone())
                        .with_help(format!("put the image at {}", file.display())),
                    );
                }
            }
        }
    }
}

/// `maya-okafor.es.md` without a `provider:` block shows the same clinician as `maya-okafor.md`.
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

//! The drop-in kit's output: the portal entry page and the EMR/EHR explainer in every language, the
//! theme's files under `patient-portal/`, a copy-and-paste `snippet.html`, and a `README.txt`.

use std::collections::BTreeMap;

use super::{Renderer, template_for};
use crate::config::Lang;
use crate::content::Site;
use crate::error::{Diagnostics, Error, ErrorKind, Location};
use crate::theme::Theme;
use crate::views::PluginViews;

/// The translation keys of the pages a kit carries.
const KIT_PAGES: &[&str] = &["patient-portal.md", "patient-portal/emr-vs-ehr.md"];

/// Renders the kit's pages, `snippet.html` and `README.txt`: each path in the output with its text. The
/// site must have a portal (a `portal:` table).
pub fn render_kit(
    site: &Site,
    theme: &Theme,
    views: &BTreeMap<Lang, PluginViews<'_>>,
) -> Result<Vec<(String, String)>, Diagnostics> {
    let renderer = Renderer::new(site, theme, views, &crate::output::Fingerprints::new())?;
    let portal_page = site
        .pages
        .iter()
        .position(|p| p.translation_key == KIT_PAGES[0] && p.lang == site.config.language)
        .ok_or_else(|| {
            Error::new(
                ErrorKind::Config,
                "the kit needs a patient portal, and `portico.yaml` has no `portal:` table",
            )
            .at(Location::file(&site.config.source.path))
            .with_help("add `portal:`; `portico vendors` shows what your vendor needs")
        })?;
    let mut diagnostics = Diagnostics::new();
    let mut output = Vec::new();
    for (id, page) in site
        .pages
        .iter()
        .enumerate()
        .filter(|(_, p)| KIT_PAGES.contains(&p.translation_key.as_str()))
    {
        let html = template_for(site, id, renderer.engine.as_ref())
            .and_then(|t| renderer.render(id, &t, false));
        if let Some(html) = diagnostics.take(html) {
            output.push((page.url.file_path(), html));
        }
    }
    for name in ["snippet.html", "README.txt"] {
        if let Some(text) = diagnostics.take(renderer.render(portal_page, name, false)) {
            output.push((name.to_owned(), text));
        }
    }
    diagnostics.check().map(|_| output)
}

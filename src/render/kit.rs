//! The drop-in kit's output: the portal entry page and the EMR/EHR explainer in every language, the
//! theme's files under `patient-portal/`, a copy-and-paste `snippet.html`, and a `README.txt`.

use super::{Renderer, template_for};
use crate::content::Site;
use crate::error::{Diagnostics, Error, ErrorKind, Location};
use crate::output::{Body, Output};
use crate::theme::{Asset, Theme};

/// The translation keys of the pages a kit carries.
const KIT_PAGES: &[&str] = &["patient-portal.md", "patient-portal/emr-vs-ehr.md"];

/// Renders the kit. The site must have a portal (a `portal:` table).
pub fn render_kit(site: &Site, theme: &Theme) -> Result<Output, Diagnostics> {
    let renderer = Renderer::new(site, theme, &crate::output::Fingerprints::new())?;
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
    let mut output = Output::new();
    for (id, page) in site
        .pages
        .iter()
        .enumerate()
        .filter(|(_, p)| KIT_PAGES.contains(&p.translation_key.as_str()))
    {
        let html = template_for(site, id, renderer.engine.as_ref())
            .and_then(|t| renderer.render(id, &t, false));
        if let Some(html) = diagnostics.take(html) {
            output.insert_bytes(page.url.file_path(), html.into_bytes());
        }
    }
    for name in ["snippet.html", "README.txt"] {
        if let Some(text) = diagnostics.take(renderer.render(portal_page, name, false)) {
            output.insert_bytes(name, text.into_bytes());
        }
    }
    for (url, asset) in &theme.assets {
        let body = match asset {
            Asset::Embedded(bytes) => Body::Bytes(bytes.clone()),
            Asset::File(path) => Body::Copy(path.clone()),
        };
        output.insert(url.as_str().trim_start_matches('/'), body);
    }
    diagnostics.check().map(|_| output)
}

//! The output's files that are not pages: the theme's static files and the site's own.

use crate::content::Site;
use crate::error::{Diagnostics, Error, ErrorKind, Location};
use crate::output::{Body, Output};
use crate::theme::{Asset, Theme};

/// The files besides the pages: the theme's, then the site's own `static/`, which wins on a clash. A
/// static file that would overwrite one of `page_paths` ([`super::page_paths`]) is an error.
pub fn static_files(
    site: &Site,
    theme: &Theme,
    page_paths: &[String],
) -> Result<Output, Diagnostics> {
    let pages: std::collections::HashSet<&str> = page_paths.iter().map(String::as_str).collect();
    let mut output = Output::new();
    let mut diagnostics = Diagnostics::new();
    let theme_files = theme
        .assets
        .iter()
        .map(|(url, asset)| (url, asset_body(asset), None));
    let site_files = site
        .static_files
        .iter()
        .map(|f| (&f.url, Body::Copy(f.path.clone()), Some(f.path.clone())));
    for (url, body, shown) in theme_files.chain(site_files) {
        let path = url.as_str().trim_start_matches('/').to_owned();
        if pages.contains(path.as_str()) {
            let location = shown.map_or_else(
                || Location::file(format!("themes/{}/static{url}", theme.name)),
                Location::file,
            );
            diagnostics.error(
                Error::new(
                    ErrorKind::DuplicateUrl,
                    format!("the static file would overwrite the page at {url}"),
                )
                .at(location)
                .with_help("rename the file or move the page"),
            );
            continue;
        }
        output.insert(path, body);
    }
    diagnostics.check().map(|_| output)
}

/// The theme's own files, at their URLs: all a kit carries besides its pages.
pub fn theme_files(theme: &Theme) -> Output {
    let mut output = Output::new();
    for (url, asset) in &theme.assets {
        output.insert(url.as_str().trim_start_matches('/'), asset_body(asset));
    }
    output
}

fn asset_body(asset: &Asset) -> Body {
    match asset {
        Asset::Embedded(bytes) => Body::Bytes(bytes.clone()),
        Asset::File(path) => Body::Copy(path.clone()),
    }
}

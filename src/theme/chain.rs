//! A site's theme and its parents: finding each (built in, in the site's `themes/`, or a folder), the
//! chain they form through `extends`, and a cache of read themes that a fleet's sites share.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_saphyr::Spanned;

use super::{Asset, BuiltIn, Template, Theme, ThemeManifest, built_in_names};
use crate::config::yaml::{YamlSource, suggest};
use crate::config::{Config, UrlPath};
use crate::error::{Diagnostics, Error, ErrorKind, Location};
use crate::fs;

/// Themes already read, shared by the sites of one build (`--sites`): an agency's fleet reads its
/// theme's files once. Templates are compiled per site, since the helpers they call know the site.
#[derive(Debug, Default)]
pub struct ThemeCache {
    layers: std::sync::Mutex<std::collections::HashMap<String, Layer>>,
}

impl ThemeCache {
    fn get_or_load(
        &self,
        key: &str,
        load: impl FnOnce() -> Result<Layer, Diagnostics>,
    ) -> Result<Layer, Diagnostics> {
        if let Some(layer) = self.layers.lock().ok().and_then(|l| l.get(key).cloned()) {
            return Ok(layer);
        }
        let layer = load()?;
        if let Ok(mut layers) = self.layers.lock() {
            layers.insert(key.to_owned(), layer.clone());
        }
        Ok(layer)
    }
}

/// One theme of an inheritance chain, with where its `theme.yaml` is and what it extends.
#[derive(Debug, Clone)]
pub(super) struct Layer {
    pub(super) theme: Theme,
    manifest: PathBuf,
    extends: Option<Spanned<String>>,
    /// The folder of a theme on disk, to find parents given as relative folders.
    dir: Option<PathBuf>,
}

impl Layer {
    pub(super) fn new(
        manifest: ThemeManifest,
        templates: BTreeMap<String, Template>,
        assets: Vec<(UrlPath, Asset)>,
        path: PathBuf,
        dir: Option<PathBuf>,
    ) -> Layer {
        Layer {
            theme: Theme {
                name: manifest.name,
                description: manifest.description,
                engine: manifest.engine,
                templates,
                assets,
                strings: manifest.strings,
                colors: manifest.colors,
                images: manifest.images,
            },
            manifest: path,
            extends: manifest.extends,
            dir,
        }
    }
}

/// The site's theme, then its parent, and so on. A missing theme, a cycle or a change of engine is an
/// error at the place that named the theme.
pub(super) fn inheritance_chain(
    config: &Config,
    cache: &ThemeCache,
) -> Result<Vec<Layer>, Diagnostics> {
    let first = locate(config, &config.theme.name, None, cache)?
        .ok_or_else(|| missing(&config.theme.name, config.theme.location.clone()))?;
    let mut chain: Vec<Layer> = vec![first];
    while let Some(parent) = chain.last().and_then(|l| l.extends.clone()) {
        let child = chain.last().expect("the chain is not empty");
        let yaml_text = fs::read_to_string(&child.manifest).unwrap_or_default();
        let at = YamlSource::new(&child.manifest, &yaml_text, ErrorKind::Theme)
            .location(parent.referenced);
        let Some(layer) = locate(config, &parent.value, child.dir.as_deref(), cache)? else {
            return Err(missing(&parent.value, at));
        };
        if chain.iter().any(|l| l.theme.name == layer.theme.name) {
            let names: Vec<&str> = chain.iter().map(|l| l.theme.name.as_str()).collect();
            return Err(Error::new(
                ErrorKind::Theme,
                format!(
                    "the themes extend each other in a circle: {} -> {}",
                    names.join(" -> "),
                    layer.theme.name
                ),
            )
            .at(at)
            .with_help("remove `extends` from one of them")
            .into());
        }
        if layer.theme.engine != child.theme.engine {
            return Err(Error::new(
                ErrorKind::Theme,
                format!(
                    "the theme `{}` ({:?}) extends `{}`, which is written for another engine ({:?})",
                    child.theme.name, child.theme.engine, layer.theme.name, layer.theme.engine
                ),
            )
            .at(at)
            .with_help("a child theme uses its parent's engine: change `engine:` or extend another theme")
            .into());
        }
        chain.push(layer);
    }
    Ok(chain)
}

/// Finds a theme by name: a folder relative to `from` (for a parent written as a path), the site's
/// `themes/NAME`, then the built-in themes.
fn locate(
    config: &Config,
    name: &str,
    from: Option<&Path>,
    cache: &ThemeCache,
) -> Result<Option<Layer>, Diagnostics> {
    let mut folders = Vec::new();
    if let Some(from) = from {
        folders.push(from.join(name));
    }
    folders.push(config.root.join("themes").join(name));
    if name.contains('/') {
        folders.push(config.root.join(name));
    }
    if let Some(dir) = folders.into_iter().find(|d| d.join("theme.yaml").is_file()) {
        let key = dir
            .canonicalize()
            .unwrap_or_else(|_| dir.clone())
            .display()
            .to_string();
        return cache
            .get_or_load(&key, || Theme::from_folder(&config.root, &dir))
            .map(Some);
    }
    if !name.starts_with('_')
        && !name.contains('/')
        && BuiltIn::get(&format!("{name}/theme.yaml")).is_some()
    {
        return cache
            .get_or_load(&format!("built-in:{name}"), || Theme::built_in(name))
            .map(Some);
    }
    Ok(None)
}

fn missing(name: &str, at: Location) -> Diagnostics {
    let names = built_in_names();
    let help = suggest(name, names.iter().map(String::as_str)).map_or_else(
        || {
            format!(
                "use one of the built-in themes ({}) or add themes/{name}/theme.yaml",
                names.join(", ")
            )
        },
        |near| format!("did you mean `{near}`?"),
    );
    Error::new(
        ErrorKind::Theme,
        format!("there is no theme named `{name}`"),
    )
    .at(at)
    .with_help(help)
    .into()
}

//! Themes: which templates, static files and extra strings a site renders with.
//!
//! A theme is a folder with `theme.yaml`, `templates/` and `static/`. Built-in themes are embedded in the
//! binary, so `portico` works from any folder with nothing else installed; a folder `themes/NAME/` in the
//! site wins over a built-in theme of the same name. A site's own `templates/` folder overrides single
//! templates of whatever theme it uses, file by file.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rust_embed::Embed;
use serde::Deserialize;

use crate::config::yaml::{YamlSource, suggest};
use crate::config::{Config, UrlPath};
use crate::content::discover;
use crate::error::{Diagnostics, Error, ErrorKind, Location};
use crate::fs;
use crate::i18n::Table;

/// The themes compiled into the binary.
#[derive(Embed)]
#[folder = "themes/"]
struct BuiltIn;

/// The template language a theme is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EngineKind {
    Minijinja,
    Tera,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ThemeManifest {
    name: String,
    engine: EngineKind,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    strings: BTreeMap<String, Table>,
}

/// A template's text and the file it came from, for error messages.
#[derive(Debug, Clone)]
pub struct Template {
    pub text: String,
    /// `themes/clinic/templates/base.html`, or `templates/page.html` for a site override.
    pub origin: PathBuf,
}

/// Where a theme's static file comes from.
#[derive(Debug, Clone)]
pub enum Asset {
    Embedded(Cow<'static, [u8]>),
    File(PathBuf),
}

/// A resolved theme: everything the renderer needs, already read.
#[derive(Debug, Clone)]
pub struct Theme {
    pub name: String,
    pub description: Option<String>,
    pub engine: EngineKind,
    /// Template name (`partials/footer.html`) to source.
    pub templates: BTreeMap<String, Template>,
    pub assets: Vec<(UrlPath, Asset)>,
    /// Strings the theme adds, per language.
    pub strings: BTreeMap<String, Table>,
}

/// The names of the built-in themes.
pub fn built_in_names() -> Vec<String> {
    let mut names: Vec<String> = BuiltIn::iter()
        .filter_map(|path| path.split_once('/').map(|(name, _)| name.to_owned()))
        // `_kit` and the like are building blocks, not themes a site can pick.
        .filter(|name| !name.starts_with('_'))
        .collect();
    names.sort();
    names.dedup();
    names
}

impl Theme {
    /// Finds the site's theme (its own folder first, then the built-in ones) and applies the site's
    /// template overrides.
    pub fn resolve(config: &Config) -> Result<Theme, Diagnostics> {
        let name = &config.theme.name;
        let local = config.root.join("themes").join(name);
        let mut theme = if local.join("theme.yaml").is_file() {
            Theme::from_folder(&config.root, &local)?
        } else if !name.starts_with('_') && BuiltIn::get(&format!("{name}/theme.yaml")).is_some() {
            Theme::built_in(name)?
        } else {
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
            return Err(Error::new(
                ErrorKind::Theme,
                format!("there is no theme named `{name}`"),
            )
            .at(config.theme.location.clone())
            .with_help(help)
            .into());
        };
        let overrides = config.root.join("templates");
        if overrides.is_dir() {
            theme
                .templates
                .extend(read_templates(&config.root, &overrides)?);
        }
        for required in ["index.html", "page.html", "section.html", "404.html"] {
            if !theme.templates.contains_key(required) {
                return Err(Error::new(
                    ErrorKind::Theme,
                    format!("the theme `{}` has no {required}", theme.name),
                )
                .at(Location::file(&config.theme.location.path))
                .with_help(format!("add templates/{required} to the site or the theme"))
                .into());
            }
        }
        Ok(theme)
    }

    /// The drop-in kit's theme: the `clinic` theme's pages in the kit's frame (`themes/_kit`), with every
    /// static file moved under `patient-portal/` so the kit is one folder to upload.
    pub fn kit() -> Result<Theme, Diagnostics> {
        let mut theme = Theme::built_in("clinic")?;
        let frame = Theme::built_in("_kit")?;
        theme.name = frame.name;
        theme.description = frame.description;
        theme.templates.extend(frame.templates);
        for (lang, table) in frame.strings {
            theme.strings.entry(lang).or_default().extend(table);
        }
        theme.assets = theme
            .assets
            .into_iter()
            .filter_map(|(url, asset)| url.join_under("/patient-portal/").map(|url| (url, asset)))
            .collect();
        Ok(theme)
    }

    fn built_in(name: &str) -> Result<Theme, Diagnostics> {
        let prefix = format!("{name}/");
        let file = |path: &str| BuiltIn::get(path).map(|f| f.data);
        let manifest_path = format!("{name}/theme.yaml");
        let manifest_bytes = file(&manifest_path).unwrap_or_default();
        let manifest_text = String::from_utf8_lossy(&manifest_bytes);
        let origin = PathBuf::from("themes").join(&manifest_path);
        let manifest: ThemeManifest =
            YamlSource::new(&origin, &manifest_text, ErrorKind::Theme).parse()?;
        let mut templates = BTreeMap::new();
        let mut assets = Vec::new();
        for path in BuiltIn::iter().filter(|p| p.starts_with(&prefix)) {
            let rest = &path[prefix.len()..];
            if let Some(template) = rest.strip_prefix("templates/") {
                let text = String::from_utf8_lossy(&file(&path).unwrap_or_default()).into_owned();
                templates.insert(
                    template.to_owned(),
                    Template {
                        text,
                        origin: PathBuf::from("themes").join(path.as_ref()),
                    },
                );
            } else if let Some(asset) = rest.strip_prefix("static/")
                && let (Ok(url), Some(bytes)) = (UrlPath::parse(asset), file(&path))
            {
                assets.push((url, Asset::Embedded(bytes)));
            }
        }
        Ok(Theme::from_parts(manifest, templates, assets))
    }

    fn from_folder(root: &Path, dir: &Path) -> Result<Theme, Diagnostics> {
        let manifest_path = dir.join("theme.yaml");
        let text = fs::read_to_string(&manifest_path)?;
        let manifest: ThemeManifest =
            YamlSource::new(&manifest_path, &text, ErrorKind::Theme).parse()?;
        let templates = read_templates(root, &dir.join("templates"))?;
        let assets = discover::static_files(root, &dir.join("static"))?
            .into_iter()
            .map(|file| (file.url, Asset::File(file.path)))
            .collect();
        Ok(Theme::from_parts(manifest, templates, assets))
    }

    fn from_parts(
        manifest: ThemeManifest,
        templates: BTreeMap<String, Template>,
        assets: Vec<(UrlPath, Asset)>,
    ) -> Theme {
        Theme {
            name: manifest.name,
            description: manifest.description,
            engine: manifest.engine,
            templates,
            assets,
            strings: manifest.strings,
        }
    }
}

/// Reads every file under `dir` as a template named by its path under `dir`.
fn read_templates(root: &Path, dir: &Path) -> Result<BTreeMap<String, Template>, Diagnostics> {
    let mut templates = BTreeMap::new();
    for file in discover::static_files(root, dir)? {
        let text = fs::read_to_string(&file.path)?;
        let name = file.url.as_str().trim_start_matches('/').to_owned();
        templates.insert(
            name,
            Template {
                text,
                origin: file.path,
            },
        );
    }
    Ok(templates)
}

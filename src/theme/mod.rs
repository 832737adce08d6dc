//! Themes: which templates, static files and extra strings a site renders with.
//!
//! A theme is a folder with `theme.yaml`, `templates/` and `static/`. Built-in themes are embedded in the
//! binary, so `portico` works from any folder with nothing else installed; a folder `themes/NAME/` in the
//! site wins over a built-in theme of the same name. A site's own `templates/` folder overrides single
//! templates of whatever theme it uses, file by file.

mod chain;
mod colors;
mod images;

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use rust_embed::Embed;
use serde::Deserialize;
use serde_saphyr::Spanned;

use crate::config::yaml::YamlSource;
use crate::config::{Config, UrlPath};
use crate::error::{Diagnostics, Error, ErrorKind, Location};
use crate::fs;
use crate::i18n::Table;
use crate::site_files;

pub use chain::ThemeCache;
use chain::{Layer, inheritance_chain};
pub use colors::ThemeColors;
pub use images::{Slot, SlotUse, ThemeImages};

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
    /// The parent theme: a built-in name, a theme in the site's `themes/`, or a folder relative to this
    /// theme's own.
    #[serde(default)]
    extends: Option<Spanned<String>>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    strings: BTreeMap<String, Table>,
    #[serde(default)]
    colors: ThemeColors,
    #[serde(default)]
    images: Option<ThemeImages>,
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
    /// The colours it uses when the site sets none, for the brand's contrast check.
    pub colors: ThemeColors,
    /// How it shows pictures: the widths and slots the `images` plugin prepares (the defaults of
    /// [`ThemeImages`] when neither it nor a parent says).
    pub images: Option<ThemeImages>,
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
    /// Finds the site's theme and its parents, merges them file by file (child over parent), and applies
    /// the site's template overrides. A parent template that a child (or the site) replaces stays
    /// available as `themes/PARENT/PATH`, so a child's `base.html` can `{% extends
    /// "themes/clinic/base.html" %}` and replace single blocks.
    pub fn resolve(config: &Config, cache: &ThemeCache) -> Result<Theme, Diagnostics> {
        let chain = inheritance_chain(config, cache)?;
        let mut layers = chain.into_iter().rev();
        let mut theme = layers
            .next()
            .expect("a chain has at least the site's theme")
            .theme;
        for layer in layers {
            theme = theme.with_child(layer.theme);
        }
        theme.add_plugin_fallbacks();
        // A site override that replaces a theme template keeps the theme's under `themes/NAME/PATH`, as a
        // child theme does, so `templates/page.html` can extend `themes/clinic/page.html`.
        let overrides = config.root.join("templates");
        if overrides.is_dir() {
            for (path, template) in read_templates(&config.root, &overrides)? {
                if let Some(replaced) = theme.templates.insert(path.clone(), template) {
                    theme
                        .templates
                        .entry(format!("themes/{}/{path}", theme.name))
                        .or_insert(replaced);
                }
            }
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

    /// The built-in plugin templates (`portal.html`, `location.html`, ...), for the ones the theme and its
    /// parents do not have: a theme needs only base, index, page, section and 404. There is one copy of
    /// each, written in the syntax both engines read (arguments by name, no list comprehensions or
    /// namespaces: what needs working out comes ready in the views), so a fix reaches every theme.
    fn add_plugin_fallbacks(&mut self) {
        let prefix = "_plugins/";
        for path in BuiltIn::iter().filter(|p| p.starts_with(prefix)) {
            let Some(file) = BuiltIn::get(&path) else {
                continue;
            };
            let template = Template {
                text: String::from_utf8_lossy(&file.data).into_owned(),
                origin: PathBuf::from("themes").join(path.as_ref()),
            };
            let name = &path[prefix.len()..];
            // A plugin page is also always there as `_plugins/NAME`, for a theme's own page of that name
            // to extend and override blocks of.
            if !name.starts_with("_portico/") {
                self.templates
                    .entry(path.to_string())
                    .or_insert_with(|| template.clone());
            }
            self.templates.entry(name.to_owned()).or_insert(template);
        }
    }

    /// The templates that use any of `changed`, directly or through `extends`, `include`, `import` or
    /// `from`, and `changed` themselves: what must render again when those files change.
    pub fn dependents(&self, changed: &BTreeSet<String>) -> BTreeSet<String> {
        let reference =
            regex_lite::Regex::new(r#"\b(?:extends|include|import|from)\s+["']([^"']+)["']"#)
                .expect("a valid pattern");
        let uses: BTreeMap<&str, Vec<String>> = self
            .templates
            .iter()
            .map(|(name, t)| {
                (
                    name.as_str(),
                    reference
                        .captures_iter(&t.text)
                        .map(|c| c[1].to_owned())
                        .collect(),
                )
            })
            .collect();
        let mut affected: BTreeSet<String> = changed.clone();
        loop {
            let more: Vec<String> = uses
                .iter()
                .filter(|(name, used)| {
                    !affected.contains(**name) && used.iter().any(|u| affected.contains(u))
                })
                .map(|(name, _)| (*name).to_owned())
                .collect();
            if more.is_empty() {
                return affected;
            }
            affected.extend(more);
        }
    }

    /// This theme with `child` laid over it: the child's files win, the parent's stay reachable under
    /// `themes/PARENT/...`.
    fn with_child(mut self, child: Theme) -> Theme {
        for (path, template) in child.templates {
            // Only a template the child replaces keeps a second name, so each template (and each Tera
            // component it defines) is registered once otherwise.
            if let Some(parent) = self.templates.insert(path.clone(), template) {
                self.templates
                    .insert(format!("themes/{}/{path}", self.name), parent);
            }
        }
        for (url, asset) in child.assets {
            self.assets.retain(|(existing, _)| existing != &url);
            self.assets.push((url, asset));
        }
        for (lang, table) in child.strings {
            self.strings.entry(lang).or_default().extend(table);
        }
        Theme {
            name: child.name,
            description: child.description,
            engine: child.engine,
            colors: self.colors.under(child.colors),
            images: child.images.or(self.images),
            ..self
        }
    }

    /// The drop-in kit's theme: the `clinic` theme's pages in the kit's frame (`themes/_kit`), with every
    /// static file moved under `patient-portal/` so the kit is one folder to upload, and the site's own
    /// components (`templates/components/`), which its pages may call. The site's other templates lay out
    /// its own website, which the kit is not.
    pub fn kit(config: &Config) -> Result<Theme, Diagnostics> {
        let mut theme = Theme::built_in("clinic")?.theme;
        let frame = Theme::built_in("_kit")?.theme;
        theme.name = frame.name;
        theme.description = frame.description;
        theme.templates.extend(frame.templates);
        for (lang, table) in frame.strings {
            theme.strings.entry(lang).or_default().extend(table);
        }
        let overrides = config.root.join("templates");
        if overrides.join("components").is_dir() {
            theme.templates.extend(
                read_templates(&config.root, &overrides)?
                    .into_iter()
                    .filter(|(path, _)| path.starts_with("components/")),
            );
        }
        theme.add_plugin_fallbacks();
        theme.assets = theme
            .assets
            .into_iter()
            .filter_map(|(url, asset)| url.join_under("/patient-portal/").map(|url| (url, asset)))
            .collect();
        Ok(theme)
    }

    fn built_in(name: &str) -> Result<Layer, Diagnostics> {
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
        Ok(Layer::new(manifest, templates, assets, origin, None))
    }

    fn from_folder(root: &Path, dir: &Path) -> Result<Layer, Diagnostics> {
        let manifest_path = dir.join("theme.yaml");
        let text = fs::read_to_string(&manifest_path)?;
        let manifest: ThemeManifest =
            YamlSource::new(&manifest_path, &text, ErrorKind::Theme).parse()?;
        let templates = read_templates(root, &dir.join("templates"))?;
        let assets = site_files::static_files(root, &dir.join("static"))?
            .into_iter()
            .map(|file| (file.url, Asset::File(file.path)))
            .collect();
        Ok(Layer::new(
            manifest,
            templates,
            assets,
            manifest_path,
            Some(dir.to_path_buf()),
        ))
    }
}

/// Reads every file under `dir` as a template named by its path under `dir`.
fn read_templates(root: &Path, dir: &Path) -> Result<BTreeMap<String, Template>, Diagnostics> {
    let mut templates = BTreeMap::new();
    for file in site_files::static_files(root, dir)? {
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

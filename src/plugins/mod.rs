//! Plugins: the practice features, each a small value with its own config table.
//!
//! A plugin has a name, which is also the key of its table in `portico.yaml`; it reads and validates that
//! table itself ([`Plugin::configure`]), may change the site model before rendering
//! ([`Plugin::transform`]), may add files to the output ([`Plugin::emit`]) and may change each rendered
//! page on its way out ([`Plugin::filter_page`]). Like an mdBook preprocessor, it is a few small steps,
//! and a library user can add their own with [`Plugins::push`].
//!
//! Files are emitted before any page is rendered, and pages are filtered one at a time as they are
//! rendered: a build writes each page as soon as it is ready and never holds the whole site in memory,
//! so no step may look at all the pages at once.

mod assets;
pub mod brand;
pub mod compliance;
pub mod deploy;
pub mod explainer;
mod insurance;
mod location_pages;
pub mod portal;
mod providers;
mod seo;

use std::collections::BTreeMap;

use crate::config::{Config, Lang, UrlPath};
use crate::content::Site;
use crate::error::{Diagnostics, Error};
use crate::output::Output;

pub use assets::Assets;
pub use brand::Brand;
pub use compliance::Compliance;
pub use deploy::Deploy;
pub use explainer::Explainer;
pub use insurance::Insurance;
pub use location_pages::LocationPages;
pub use portal::Portal;
pub use providers::Providers;
pub use seo::Seo;

/// One feature of the generator that owns a table of `portico.yaml`.
pub trait Plugin: Send + Sync {
    /// The plugin's name and the key of its table in `portico.yaml`.
    fn name(&self) -> &'static str;

    /// Reads and checks the plugin's own table (`config.source.table(NAME)` gives errors located in the
    /// user's file), recording problems and warnings in `diagnostics`.
    fn configure(&mut self, config: &Config, diagnostics: &mut Diagnostics);

    /// The pages this plugin will add (path under `content/` as `@/` links name it, and URL), so that
    /// markdown can link to them before they exist.
    fn planned_pages(&self, _config: &Config) -> Vec<(String, UrlPath)> {
        Vec::new()
    }

    /// Changes the site before rendering: adds pages or data, or reports problems.
    fn transform(&self, _site: &mut Site, _diagnostics: &mut Diagnostics) {}

    /// Adds files to the output. `output` holds the files that are not pages (the theme's and the
    /// site's static files, and what plugins before this one emitted); pages are rendered after every
    /// plugin has emitted, so a plugin can remember here what it will change in them.
    fn emit(&mut self, _site: &Site, _output: &mut Output, _diagnostics: &mut Diagnostics) {}

    /// Changes one rendered HTML page (`path` in the output) on its way out. Called for every page, from
    /// many threads at once, after [`Plugin::emit`]; `Ok(None)` leaves the page as it is.
    fn filter_page(&self, _path: &str, _html: &str) -> Result<Option<String>, Error> {
        Ok(None)
    }
}

/// Where a plugin's page of `lang` lives: its name as `@/` links write it (`patient-portal.es.md`) and its
/// URL (`/es/patient-portal/`), with the default language at the root.
pub(crate) fn page_place(
    config: &Config,
    lang: &Lang,
    stem: &str,
    path: &str,
) -> (String, UrlPath) {
    let default = lang == &config.language;
    let rel = if default {
        format!("{stem}.md")
    } else {
        format!("{stem}.{lang}.md")
    };
    let url = if default {
        path.to_owned()
    } else {
        format!("/{lang}{path}")
    };
    (rel, UrlPath::dir(&url).unwrap_or_else(|_| UrlPath::root()))
}

/// The plugins of a build, run in order.
pub struct Plugins {
    plugins: Vec<Box<dyn Plugin>>,
}

impl std::fmt::Debug for Plugins {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list()
            .entries(self.plugins.iter().map(|p| p.name()))
            .finish()
    }
}

impl Default for Plugins {
    /// The built-in plugins.
    fn default() -> Self {
        Plugins {
            plugins: vec![
                Box::new(Brand::default()),
                Box::new(Portal::default()),
                Box::new(LocationPages::default()),
                Box::new(Explainer::default()),
                Box::new(Providers),
                Box::new(Insurance::default()),
                Box::new(Compliance::default()),
                Box::new(Seo::default()),
                Box::new(Assets::default()),
                Box::new(Deploy::default()),
            ],
        }
    }
}

/// A library user's own plugins, added after the built-in ones in every build that the
/// [`BuildOptions`](crate::BuildOptions) holding them runs. Plugins keep state between their steps and
/// one set of options may run many builds (`build --sites`, each rebuild of `serve`), so the options
/// carry how to make each plugin, not plugin values.
///
/// ```
/// use portico::plugins::{ExtraPlugins, Plugin};
///
/// #[derive(Debug, Default)]
/// struct Hello;
///
/// impl Plugin for Hello {
///     fn name(&self) -> &'static str {
///         "hello"
///     }
///     fn configure(&mut self, _: &portico::config::Config, _: &mut portico::error::Diagnostics) {}
/// }
///
/// let mut extra = ExtraPlugins::default();
/// extra.add(|| Box::new(Hello));
/// let options = portico::BuildOptions { plugins: extra, ..portico::BuildOptions::default() };
/// # let _ = options;
/// ```
#[derive(Clone, Default)]
pub struct ExtraPlugins {
    makers: Vec<std::sync::Arc<dyn Fn() -> Box<dyn Plugin> + Send + Sync>>,
}

impl ExtraPlugins {
    /// Adds a plugin, made afresh for each build by `make`.
    pub fn add(&mut self, make: impl Fn() -> Box<dyn Plugin> + Send + Sync + 'static) {
        self.makers.push(std::sync::Arc::new(make));
    }
}

impl std::fmt::Debug for ExtraPlugins {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ExtraPlugins({} plugins)", self.makers.len())
    }
}

impl Plugins {
    /// These plugins followed by fresh ones from `extra`.
    #[must_use]
    pub fn with(mut self, extra: &ExtraPlugins) -> Self {
        self.plugins.extend(extra.makers.iter().map(|make| make()));
        self
    }

    pub fn empty() -> Self {
        Plugins {
            plugins: Vec::new(),
        }
    }

    /// These plugins without the one named `name` (the live preview renders pages one by one and keeps
    /// asset names stable, so it leaves out `assets`).
    #[must_use]
    pub fn without(mut self, name: &str) -> Self {
        self.plugins.retain(|p| p.name() != name);
        self
    }

    pub fn push(&mut self, plugin: Box<dyn Plugin>) {
        self.plugins.push(plugin);
    }

    /// The config tables the plugins own.
    pub fn keys(&self) -> Vec<&'static str> {
        self.plugins.iter().map(|p| p.name()).collect()
    }

    pub fn configure(&mut self, config: &Config) -> Result<Diagnostics, Diagnostics> {
        let mut diagnostics = Diagnostics::new();
        for plugin in &mut self.plugins {
            plugin.configure(config, &mut diagnostics);
        }
        diagnostics.check()
    }

    /// Every page the plugins will add, for `@/` links.
    pub fn planned_pages(&self, config: &Config) -> BTreeMap<String, UrlPath> {
        self.plugins
            .iter()
            .flat_map(|p| p.planned_pages(config))
            .collect()
    }

    pub fn transform(&self, site: &mut Site) -> Result<Diagnostics, Diagnostics> {
        let mut diagnostics = Diagnostics::new();
        for plugin in &self.plugins {
            plugin.transform(site, &mut diagnostics);
        }
        diagnostics.check()
    }

    pub fn emit(&mut self, site: &Site, output: &mut Output) -> Result<Diagnostics, Diagnostics> {
        let mut diagnostics = Diagnostics::new();
        for plugin in &mut self.plugins {
            plugin.emit(site, output, &mut diagnostics);
        }
        diagnostics.check()
    }

    /// Runs one rendered page through every plugin's [`Plugin::filter_page`], in order.
    pub fn filter_page(&self, path: &str, mut html: String) -> Result<String, Error> {
        for plugin in &self.plugins {
            if let Some(changed) = plugin.filter_page(path, &html)? {
                html = changed;
            }
        }
        Ok(html)
    }
}

//! Plugins: the practice features, each a small value with its own config table.
//!
//! A plugin has a name, which is also the key of its table in `portico.yaml`; it reads and validates that
//! table itself ([`Plugin::configure`]) and returns a [`Configured`] value, which may change the site
//! model before rendering ([`Configured::transform`]), gives templates a typed view
//! ([`Configured::views`]), may add files to the output ([`Configured::emit`]) and may change each
//! rendered page on its way out ([`Configured::filter_page`]). Like an mdBook preprocessor, it is a few
//! small steps with no state between them, and a library user adds their own through
//! `BuildOptions::plugins`.
//!
//! Files are emitted before any page is rendered, and pages are filtered one at a time as they are
//! rendered: a build writes each page as soon as it is ready and never holds the whole site in memory,
//! so no step may look at all the pages at once.

mod assets;
pub mod brand;
pub mod compliance;
pub mod deploy;
pub mod explainer;
mod feeds;
mod images;
mod insurance;
mod location_pages;
mod menus;
pub mod portal;
mod providers;
mod search;
mod seo;
mod tags;

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::config::{Config, Lang, UrlPath};
use crate::content::Site;
use crate::error::{Diagnostics, Error};
use crate::output::Output;
use crate::theme::Theme;
use crate::views::PluginViews;

pub use assets::Assets;
pub use brand::Brand;
pub use compliance::Compliance;
pub use deploy::Deploy;
pub use explainer::Explainer;
pub use feeds::Feeds;
pub use images::Images;
pub use insurance::Insurance;
pub use location_pages::LocationPages;
pub use menus::Menus;
pub use portal::Portal;
pub use providers::Providers;
pub use search::Search;
pub use seo::Seo;
pub use tags::Tags;

/// What a build is for. Each plugin reads it when it is configured, instead of the pipeline switching
/// plugins off by name.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Mode {
    /// `portico build` and `portico check`: the site as it is published.
    #[default]
    Publish,
    /// `portico serve`: pages are rendered one at a time and again after each edit, so stylesheets and
    /// scripts keep their names (no fingerprints) and the host files are only used for their headers.
    Preview,
    /// `portico kit`: the portal entry page and the explainer for a practice's existing website, which
    /// has no location pages, hosts its own notices and serves the theme's files as they are named.
    Kit,
}

/// What a plugin is configured for besides the site's config.
#[derive(Debug, Clone, Copy)]
pub struct Setup<'a> {
    pub mode: Mode,
    /// The site's theme, resolved before the plugins are configured (its colours, say).
    pub theme: &'a Theme,
}

/// One feature of the generator that owns a table of `portico.yaml`.
///
/// A plugin is stateless: [`Plugin::configure`] reads its table and returns a [`Configured`] value that
/// holds what it read, and every later step is a method of that value taking `&self`. Nothing a step
/// learns is kept for a later one, so the steps can be called and tested alone, and one plugin value
/// serves any number of builds (`build --sites`, every rebuild of `serve`).
///
/// ```
/// use portico::config::{Config, UrlPath};
/// use portico::content::Site;
/// use portico::error::Diagnostics;
/// use portico::output::Output;
/// use portico::plugins::{Configured, Plugin, Setup};
/// use portico::views::PluginViews;
///
/// /// Writes `/humans.txt` naming the practice, and gives templates `humans` (its address).
/// #[derive(Debug)]
/// struct Humans;
///
/// #[derive(Debug)]
/// struct HumansFile {
///     team: String,
/// }
///
/// #[derive(serde::Deserialize)]
/// #[serde(deny_unknown_fields)]
/// struct Table {
///     team: String,
/// }
///
/// impl Plugin for Humans {
///     fn name(&self) -> &'static str {
///         "humans"
///     }
///
///     fn configure(&self, config: &Config, _: &Setup<'_>, diagnostics: &mut Diagnostics) -> Box<dyn Configured> {
///         // A mistake in `humans:` is reported at its line in portico.yaml.
///         let team = diagnostics
///             .take(config.source.table::<Table>("humans"))
///             .flatten()
///             .map_or_else(|| config.practice.name.clone(), |t| t.team);
///         Box::new(HumansFile { team })
///     }
/// }
///
/// impl Configured for HumansFile {
///     fn views<'a>(&'a self, _: &'a Site, _: &portico::config::Lang, views: &mut PluginViews<'a>) {
///         views.extra.insert("humans".into(), "/humans.txt".into());
///     }
///
///     fn emit(&self, _: &Site, output: &mut Output, _: &mut Diagnostics) {
///         output.insert_bytes("humans.txt", format!("Team: {}\n", self.team).into_bytes());
///     }
/// }
///
/// let mut options = portico::BuildOptions::default();
/// options.plugins.add(Humans);
/// # let _ = options;
/// ```
pub trait Plugin: Send + Sync {
    /// The plugin's name and the key of its table in `portico.yaml`.
    fn name(&self) -> &'static str;

    /// Reads and checks the plugin's own table (`config.source.table(NAME)` gives errors located in the
    /// user's file) for a build in `setup.mode`. Problems and warnings go into `diagnostics` rather than
    /// ending the build here, so that one run reports the mistakes in every plugin's table; the build
    /// stops after configuring when any was an error, and the value returned is then dropped.
    fn configure(
        &self,
        config: &Config,
        setup: &Setup<'_>,
        diagnostics: &mut Diagnostics,
    ) -> Box<dyn Configured>;
}

/// A plugin configured for one site: the steps of a build, each reading only what it is given.
pub trait Configured: Send + Sync + std::fmt::Debug {
    /// The pages this plugin will add (path under `content/` as `@/` links name it, and URL), so that
    /// markdown can link to them before they exist.
    fn planned_pages(&self, _config: &Config) -> Vec<(String, UrlPath)> {
        Vec::new()
    }

    /// Changes the site before rendering: adds pages, or reports problems.
    fn transform(&self, _site: &mut Site, _diagnostics: &mut Diagnostics) {}

    /// What this plugin gives the templates of `lang`, borrowed from itself and the finished site: its
    /// field of [`PluginViews`], or an entry of `extra` for a plugin Portico does not know.
    fn views<'a>(&'a self, _site: &'a Site, _lang: &Lang, _views: &mut PluginViews<'a>) {}

    /// Adds files to the output. `output` holds the files that are not pages (the theme's and the
    /// site's static files, and what plugins before this one emitted); pages are rendered after every
    /// plugin has emitted.
    fn emit(&self, _site: &Site, _output: &mut Output, _diagnostics: &mut Diagnostics) {}

    /// Changes one rendered HTML page on its way out. Called for every page, from many threads at once,
    /// after every plugin's [`Configured::emit`]; `Ok(None)` leaves the page as it is.
    fn filter_page(&self, _page: &OutgoingPage<'_>) -> Result<Option<String>, Error> {
        Ok(None)
    }
}

/// A rendered page on its way into the output, as [`Configured::filter_page`] sees it.
#[derive(Debug, Clone, Copy)]
pub struct OutgoingPage<'a> {
    /// Its path in the output (`about/index.html`).
    pub path: &'a str,
    pub html: &'a str,
    /// Every file of the output that is not a page, with the new names of fingerprinted ones.
    pub files: &'a Output,
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

/// A page a plugin gives every language, such as the portal page or the search page.
#[derive(Debug, Clone, Copy)]
pub(crate) struct OwnPage {
    /// Its name under `content/` without `.md` (`patient-portal`), and its address (`/patient-portal/`).
    pub stem: &'static str,
    pub path: &'static str,
    pub template: &'static str,
    /// The keys of the string table that title and describe the page when the plugin adds it.
    pub title: &'static str,
    pub description: &'static str,
}

impl OwnPage {
    /// Its name for `@/` links and its address in `lang`.
    pub(crate) fn place(&self, config: &Config, lang: &Lang) -> (String, UrlPath) {
        page_place(config, lang, self.stem, self.path)
    }

    /// Its name and address in every language, for [`Configured::planned_pages`].
    pub(crate) fn places(&self, config: &Config) -> Vec<(String, UrlPath)> {
        config
            .all_languages()
            .map(|lang| self.place(config, lang))
            .collect()
    }
}

/// The page `page` of `lang`: the site's own `content/STEM.md` (or its translation), rendered with the
/// plugin's template unless it names another, so a practice can write the page's text; else a page the
/// plugin adds, titled from the language's string table. Another page at its address is an error.
pub(crate) fn own_page(
    site: &mut Site,
    lang: &Lang,
    page: &OwnPage,
) -> Result<crate::content::PageId, Error> {
    use crate::content::{FrontMatter, Page};
    use crate::error::Location;

    let (rel, url) = page.place(&site.config, lang);
    if let Some(id) = site.page_by_source(&rel) {
        let own = &mut site.pages[id];
        if own.meta.template.is_none() {
            own.meta.template = Some((page.template.to_owned(), Location::file(&own.source.path)));
        }
        return Ok(id);
    }
    let meta = FrontMatter {
        title: site.strings.get(lang, page.title).to_owned(),
        description: Some(site.strings.get(lang, page.description).to_owned()),
        template: Some((
            page.template.to_owned(),
            Location::file(&site.config.source.path),
        )),
        ..FrontMatter::default()
    };
    let path = site.config.content_dir().join(&rel);
    site.add_page(Page::generated(
        path,
        rel,
        lang.clone(),
        format!("{}.md", page.stem),
        meta,
        url,
    ))
}

/// The plugins of a build, in the order they run: the built-in ones, then a library user's.
#[derive(Clone)]
pub struct Plugins {
    plugins: Vec<Arc<dyn Plugin>>,
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
        let plugins: Vec<Arc<dyn Plugin>> = vec![
            Arc::new(Brand),
            Arc::new(Portal),
            Arc::new(LocationPages),
            Arc::new(Explainer),
            Arc::new(Providers),
            Arc::new(Insurance),
            Arc::new(Compliance),
            Arc::new(Images),
            Arc::new(Tags),
            Arc::new(Menus),
            Arc::new(Search),
            Arc::new(Seo),
            Arc::new(Feeds),
            Arc::new(Assets),
            Arc::new(Deploy),
        ];
        Plugins { plugins }
    }
}

/// A library user's own plugins, added after the built-in ones in every build that the
/// `BuildOptions` holding them runs (see [`Plugin`] for an example).
#[derive(Clone, Default)]
pub struct ExtraPlugins {
    plugins: Vec<Arc<dyn Plugin>>,
}

impl ExtraPlugins {
    pub fn add(&mut self, plugin: impl Plugin + 'static) {
        self.plugins.push(Arc::new(plugin));
    }
}

impl std::fmt::Debug for ExtraPlugins {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list()
            .entries(self.plugins.iter().map(|p| p.name()))
            .finish()
    }
}

impl Plugins {
    /// These plugins followed by those of `extra`.
    #[must_use]
    pub fn with(mut self, extra: &ExtraPlugins) -> Self {
        self.plugins.extend(extra.plugins.iter().cloned());
        self
    }

    /// The config tables the plugins own.
    pub fn keys(&self) -> Vec<&'static str> {
        self.plugins.iter().map(|p| p.name()).collect()
    }

    /// Configures every plugin for `config`, reporting the mistakes in all of their tables at once.
    pub fn configure(
        &self,
        config: &Config,
        setup: &Setup<'_>,
    ) -> Result<(ConfiguredPlugins, Diagnostics), Diagnostics> {
        let mut diagnostics = Diagnostics::new();
        let configured = self
            .plugins
            .iter()
            .map(|plugin| plugin.configure(config, setup, &mut diagnostics))
            .collect();
        let warnings = diagnostics.check()?;
        Ok((ConfiguredPlugins { configured }, warnings))
    }
}

/// The plugins configured for one site, each step run over all of them in order.
#[derive(Debug)]
pub struct ConfiguredPlugins {
    configured: Vec<Box<dyn Configured>>,
}

impl ConfiguredPlugins {
    /// Every page the plugins will add, for `@/` links.
    pub fn planned_pages(&self, config: &Config) -> BTreeMap<String, UrlPath> {
        self.configured
            .iter()
            .flat_map(|p| p.planned_pages(config))
            .collect()
    }

    pub fn transform(&self, site: &mut Site) -> Result<Diagnostics, Diagnostics> {
        let mut diagnostics = Diagnostics::new();
        for plugin in &self.configured {
            plugin.transform(site, &mut diagnostics);
        }
        diagnostics.check()
    }

    /// What the templates of each language get from the plugins.
    pub fn views<'a>(&'a self, site: &'a Site) -> BTreeMap<Lang, PluginViews<'a>> {
        site.config
            .all_languages()
            .map(|lang| {
                let mut views = PluginViews::default();
                for plugin in &self.configured {
                    plugin.views(site, lang, &mut views);
                }
                (lang.clone(), views)
            })
            .collect()
    }

    pub fn emit(&self, site: &Site, output: &mut Output) -> Result<Diagnostics, Diagnostics> {
        let mut diagnostics = Diagnostics::new();
        for plugin in &self.configured {
            plugin.emit(site, output, &mut diagnostics);
        }
        diagnostics.check()
    }

    /// Runs one rendered page through every plugin's [`Configured::filter_page`], in order.
    pub fn filter_page(
        &self,
        path: &str,
        mut html: String,
        files: &Output,
    ) -> Result<String, Error> {
        for plugin in &self.configured {
            let page = OutgoingPage {
                path,
                html: &html,
                files,
            };
            if let Some(changed) = plugin.filter_page(&page)? {
                html = changed;
            }
        }
        Ok(html)
    }
}

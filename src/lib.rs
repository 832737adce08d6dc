//! Portico builds a medical practice's website from markdown and one `portico.yaml`.
//!
//! The build is a pipeline of plain values, with I/O only at the two ends:
//!
//! ```text
//! portico.yaml ─load─> Config ─discover+parse─> Site ─plugins─> Site ─render─> Output ─write─> public/
//! ```
//!
//! Each arrow is a function from one value to the next ([`config::Config::load`], [`content::Site::load`],
//! [`plugins::Plugins::transform`], [`render::render`], [`output::Output::write`]); [`build`] runs them all.
//! Every stage reports all of its problems at once as [`error::Diagnostics`], each error naming the file,
//! line and column in the user's own file, and the output folder is only replaced once everything
//! succeeded.
//!
//! One bend in the line, for memory and speed: a build does not collect its rendered pages into an
//! [`output::Output`]. The files besides the pages are emitted first, and [`render::render`] hands each
//! page, as soon as it is rendered, through the plugins' page filters into the hidden staging tree
//! ([`output::Staging`]), which is swapped in at the end. [`render_site`] collects the same pages in
//! memory instead, for `portico check` and the live preview.
//!
//! ```no_run
//! use portico::{BuildOptions, build};
//!
//! let options = BuildOptions { root: "content-example".into(), ..BuildOptions::default() };
//! match build(&options) {
//!     Ok(report) => println!("{} pages written", report.pages),
//!     Err(diagnostics) => eprintln!("{diagnostics}"),
//! }
//! ```

pub mod check;
pub mod config;
pub mod content;
pub mod error;
pub mod fleet;
pub mod fs;
pub mod i18n;
pub mod init;
pub mod output;
pub mod plugins;
pub mod render;
pub mod serve;
pub mod theme;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use config::{Config, ConfigOverrides};
use content::{LoadOptions, Site};
use error::{Diagnostics, Error, ErrorKind, Location};
use i18n::Strings;
use output::Output;
use plugins::Plugins;
use theme::{Theme, ThemeCache};

/// What `portico build` needs.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The site folder (holding `portico.yaml`).
    pub root: PathBuf,
    /// Where to write the site; `ROOT/public` when `None`.
    pub output: Option<PathBuf>,
    pub overrides: ConfigOverrides,
    pub load: LoadOptions,
    /// A library user's own plugins, run after the built-in ones (see [`plugins::ExtraPlugins`]).
    pub plugins: plugins::ExtraPlugins,
}

impl Default for BuildOptions {
    fn default() -> Self {
        BuildOptions {
            root: PathBuf::from("."),
            output: None,
            overrides: ConfigOverrides::default(),
            load: LoadOptions::default(),
            plugins: plugins::ExtraPlugins::default(),
        }
    }
}

impl BuildOptions {
    /// The site in `root`, into its own `public/`: one site of a fleet build or a fleet check.
    pub fn for_site(root: &Path, load: LoadOptions, overrides: &ConfigOverrides) -> Self {
        BuildOptions {
            root: root.to_path_buf(),
            overrides: overrides.clone(),
            load,
            ..BuildOptions::default()
        }
    }

    pub fn output_dir(&self) -> PathBuf {
        self.output
            .clone()
            .unwrap_or_else(|| self.root.join("public"))
    }
}

/// A finished build.
#[derive(Debug)]
pub struct BuildReport {
    /// HTML pages written (pages, sections, home pages, the 404 page).
    pub pages: usize,
    /// All files of the output.
    pub files: usize,
    /// What writing the output did: files written because their bytes changed, files left as they were.
    pub written: output::WriteSummary,
    pub elapsed: Duration,
    pub warnings: Diagnostics,
    /// Where the time went, for `portico build --timings`.
    pub timings: Timings,
}

/// Where a build's time went: each step of the pipeline, and each template's renders.
#[derive(Debug, Clone, Default)]
pub struct Timings {
    /// Wall time of each step, in pipeline order.
    pub steps: Vec<(&'static str, Duration)>,
    pub templates: render::TemplateTimings,
}

impl Timings {
    /// Runs `step` and records how long it took as `name`.
    fn time<T>(&mut self, name: &'static str, step: impl FnOnce() -> T) -> T {
        let started = Instant::now();
        let result = step();
        self.steps.push((name, started.elapsed()));
        result
    }
}

/// A site rendered in memory, before it is written anywhere.
#[derive(Debug)]
pub struct Rendered {
    pub site: Site,
    pub theme: Theme,
    /// The plugins as configured for this site, for pages rendered again later (the live preview runs
    /// them through the same page filters).
    pub plugins: Plugins,
    pub output: Output,
    pub warnings: Diagnostics,
    pub timings: Timings,
}

/// Loads, checks and renders a site without touching the disk beyond reading it.
pub fn render_site(
    options: &BuildOptions,
    plugins: Plugins,
    themes: &ThemeCache,
) -> Result<Rendered, Diagnostics> {
    let Ready {
        site,
        theme,
        plugins,
        files: mut output,
        page_paths: _,
        mut warnings,
        mut timings,
    } = ready(options, plugins, themes)?;
    let pages = std::sync::Mutex::new(Vec::with_capacity(site.pages.len() + 1));
    let deliver = |path: String, html: String| {
        let html = plugins.filter_page(&path, html)?;
        pages
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push((path, html));
        Ok(())
    };
    timings.templates = timings.time("render", || {
        render::render(&site, &theme, output.fingerprints(), &deliver)
    })?;
    let pages = pages
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    for (path, html) in pages {
        output.insert_bytes(path, html.into_bytes());
    }
    warnings.sort();
    Ok(Rendered {
        site,
        theme,
        plugins,
        output,
        warnings,
        timings,
    })
}

/// A site loaded and transformed, with every file but the pages emitted: what is left is to render the
/// pages and put them somewhere.
struct Ready {
    site: Site,
    theme: Theme,
    plugins: Plugins,
    /// Where every rendered page will go in the output (pages, the 404 page, alias redirects).
    page_paths: Vec<String>,
    /// The output's files that are not pages.
    files: Output,
    warnings: Diagnostics,
    timings: Timings,
}

fn ready(
    options: &BuildOptions,
    mut plugins: Plugins,
    themes: &ThemeCache,
) -> Result<Ready, Diagnostics> {
    let mut timings = Timings::default();
    let config = timings.time("config and theme", || {
        Config::load(&options.root, &options.overrides, &plugins.keys())
    })?;
    let mut warnings = plugins.configure(&config)?;
    let theme = Theme::resolve(&config, themes)?;
    let strings = Strings::for_site(&config, &theme.strings)?;
    let planned = plugins.planned_pages(&config);
    let mut site = timings.time("content (read, front matter, markdown)", || {
        Site::load(config, options.load, strings, &planned)
    })?;
    warnings.extend(timings.time("plugins: site", || plugins.transform(&mut site))?);
    let page_paths = render::page_paths(&site);
    let files = timings.time("plugins: files", || -> Result<Output, Diagnostics> {
        let mut files = render::static_files(&site, &theme, &page_paths)?;
        warnings.extend(plugins.emit(&site, &mut files)?);
        Ok(files)
    })?;
    Ok(Ready {
        site,
        theme,
        plugins,
        page_paths,
        files,
        warnings,
        timings,
    })
}

/// What `portico kit` needs.
#[derive(Debug, Clone, Default)]
pub struct KitOptions {
    pub root: PathBuf,
    /// Where to write the kit; `ROOT/portal-kit` when `None`.
    pub output: Option<PathBuf>,
    pub overrides: ConfigOverrides,
}

impl KitOptions {
    pub fn output_dir(&self) -> PathBuf {
        self.output
            .clone()
            .unwrap_or_else(|| self.root.join("portal-kit"))
    }
}

/// Writes the drop-in kit: the portal entry page and the EMR/EHR explainer as standalone pages (with the
/// theme's files inside `patient-portal/`), a copy-and-paste snippet and instructions, for a practice that
/// keeps its current website.
pub fn kit(options: &KitOptions) -> Result<BuildReport, Diagnostics> {
    let started = Instant::now();
    let output_dir = options.output_dir();
    check_output_dir(&options.root, &output_dir)?;
    // The kit's pages name the theme's files as they are: no fingerprinting.
    let mut plugins = Plugins::default().without("assets");
    let config = Config::load(&options.root, &options.overrides, &plugins.keys())?;
    let mut warnings = plugins.configure(&config)?;
    let theme = Theme::kit()?;
    let strings = Strings::for_site(&config, &theme.strings)?;
    let planned = plugins.planned_pages(&config);
    let mut site = Site::load(config, LoadOptions::default(), strings, &planned)?;
    warnings.extend(plugins.transform(&mut site)?);
    // The practice's own website has no location pages to link to, and its notices are at the addresses
    // `kit.notices` gives (or nowhere the kit knows of: then the footer has no notice links).
    let notices = plugins::compliance::kit_links(&site.config)?;
    let languages: Vec<_> = site.config.all_languages().cloned().collect();
    for lang in &languages {
        site.set_data(lang, "location_pages", serde_json::Value::Null);
        let links: Vec<serde_json::Value> = notices
            .iter()
            .map(|(notice, url)| {
                serde_json::json!({
                    "key": notice.key(),
                    "url": url,
                    "title": site.strings.get(lang, notice.label_key()),
                })
            })
            .collect();
        site.set_data(lang, "compliance", serde_json::json!({ "links": links }));
    }
    let mut output = render::render_kit(&site, &theme)?;
    // Plugin files the kit's pages use (the brand stylesheet) move into `patient-portal/` like the theme's.
    let mut emitted = output::Output::new();
    warnings.extend(plugins.emit(&site, &mut emitted)?);
    if let Some(body) = emitted.get(plugins::brand::STYLESHEET.trim_start_matches('/')) {
        output.insert(
            format!("patient-portal{}", plugins::brand::STYLESHEET),
            body.clone(),
        );
    }
    let written = output.write(&output_dir)?;
    Ok(BuildReport {
        pages: output.paths().filter(|p| p.ends_with("index.html")).count(),
        files: output.len(),
        written,
        elapsed: started.elapsed(),
        warnings,
        timings: Timings::default(),
    })
}

/// Builds the site into its output folder, replacing the folder only when everything succeeded.
pub fn build(options: &BuildOptions) -> Result<BuildReport, Diagnostics> {
    build_with(options, &ThemeCache::default())
}

/// [`build`], reusing themes other sites of the same run have read.
///
/// Each page is written into the staging tree as soon as it is rendered (the staging tree is not live,
/// so a page written before a later page fails does no harm), so the build never holds the whole site
/// in memory and writing overlaps rendering.
pub fn build_with(options: &BuildOptions, themes: &ThemeCache) -> Result<BuildReport, Diagnostics> {
    let started = Instant::now();
    let output_dir = options.output_dir();
    check_output_dir(&options.root, &output_dir)?;
    let Ready {
        site,
        theme,
        plugins,
        page_paths,
        files,
        mut warnings,
        mut timings,
    } = ready(options, Plugins::default().with(&options.plugins), themes)?;
    let staging = timings.time("write: folders", || {
        output::Staging::begin(
            &output_dir,
            page_paths.iter().map(String::as_str).chain(files.paths()),
        )
    })?;
    let deliver = |path: String, html: String| {
        let html = plugins.filter_page(&path, html)?;
        staging.put_bytes(&path, html.as_bytes())
    };
    let rendered = timings.time("render and write pages", || {
        render::render(&site, &theme, files.fingerprints(), &deliver)
    });
    let finished = rendered.and_then(|templates| {
        timings.templates = templates;
        timings.time("write: other files", || files.put_into(&staging))?;
        Ok(())
    });
    if let Err(error) = finished {
        staging.abandon();
        return Err(error);
    }
    let written = timings.time("write: swap", || staging.finish())?;
    warnings.sort();
    Ok(BuildReport {
        // Every page of the site, plus the 404 page.
        pages: site.pages.len() + 1,
        files: page_paths.len() + files.len(),
        written,
        elapsed: started.elapsed(),
        warnings,
        timings,
    })
}

/// The output folder is replaced wholesale, so it must not be the site itself or hold its sources.
fn check_output_dir(root: &Path, output: &Path) -> Result<(), Error> {
    let absolute = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let (root_abs, out_abs) = (absolute(root), absolute(output));
    let protected = ["content", "static", "templates", "themes"].map(|d| root_abs.join(d));
    let clash = root_abs.starts_with(&out_abs) || protected.iter().any(|p| out_abs.starts_with(p));
    if clash {
        return Err(Error::new(
            ErrorKind::Output,
            "the output folder would replace the site's own files",
        )
        .at(Location::file(output))
        .with_help("pick a folder of its own, like public/"));
    }
    Ok(())
}

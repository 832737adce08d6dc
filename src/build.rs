//! The pipeline run end to end: `portico build`, `portico kit`, and the in-memory render `check` and
//! `serve` use. Each is the same steps over the same plugins, in the [`Mode`] the command needs.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::config::{Config, ConfigOverrides};
use crate::content::{LoadOptions, Site};
use crate::error::{Diagnostics, Error, ErrorKind, Location};
use crate::i18n::Strings;
use crate::output::{self, Output};
use crate::plugins::{self, ConfiguredPlugins, Mode, Plugins};
use crate::render;
use crate::theme::{Theme, ThemeCache};

/// What `portico build` needs.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The site folder (holding `portico.yaml`).
    pub root: PathBuf,
    /// Where to write the site; `ROOT/public` when `None`.
    pub output: Option<PathBuf>,
    pub overrides: ConfigOverrides,
    pub load: LoadOptions,
    /// A library user's own plugins, run after the built-in ones (see [`plugins::Plugin`]).
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
    /// them through the same views and page filters).
    pub plugins: ConfiguredPlugins,
    pub output: Output,
    pub warnings: Diagnostics,
    pub timings: Timings,
}

/// Loads, checks and renders a site in `mode` without touching the disk beyond reading it.
pub fn render_site(
    options: &BuildOptions,
    mode: Mode,
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
    } = ready(options, mode, themes)?;
    let pages = std::sync::Mutex::new(Vec::with_capacity(site.pages.len() + 1));
    let deliver = |path: String, html: String| {
        let html = plugins.filter_page(&path, html, &output)?;
        pages
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push((path, html));
        Ok(())
    };
    let views = plugins.views(&site);
    timings.templates = timings.time("render", || {
        render::render(&site, &theme, &views, output.fingerprints(), &deliver)
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
    plugins: ConfiguredPlugins,
    /// Where every rendered page will go in the output (pages, the 404 page, alias redirects).
    page_paths: Vec<String>,
    /// The output's files that are not pages.
    files: Output,
    warnings: Diagnostics,
    timings: Timings,
}

/// The steps every command shares: config, plugins configured for `mode`, theme, content, the plugins'
/// changes to the site, and the files that are not pages. A kit takes the kit theme and leaves out the
/// site's own static files, which belong to the website the kit is not.
fn ready(options: &BuildOptions, mode: Mode, themes: &ThemeCache) -> Result<Ready, Diagnostics> {
    let mut timings = Timings::default();
    let plugins = Plugins::default().with(&options.plugins);
    let config = timings.time("config and theme", || {
        Config::load(&options.root, &options.overrides, &plugins.keys())
    })?;
    let theme = match mode {
        Mode::Kit => Theme::kit(&config)?,
        Mode::Publish | Mode::Preview => Theme::resolve(&config, themes)?,
    };
    let (plugins, mut warnings) = plugins.configure(
        &config,
        &plugins::Setup {
            mode,
            theme: &theme,
        },
    )?;
    let strings = Strings::for_site(&config, &theme.strings)?;
    let planned = plugins.planned_pages(&config);
    let mut site = timings.time("content (read, front matter, markdown)", || {
        Site::load(config, options.load, strings, &planned)
    })?;
    warnings.extend(timings.time("plugins: site", || plugins.transform(&mut site))?);
    timings.time("components", || {
        resolve_components(&mut site, &theme, &plugins)
    })?;
    let page_paths = render::page_paths(&site);
    let files = timings.time("plugins: files", || -> Result<Output, Diagnostics> {
        let mut files = match mode {
            Mode::Kit => render::theme_files(&theme),
            Mode::Publish | Mode::Preview => render::static_files(&site, &theme, &page_paths)?,
        };
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

/// Puts each page's components in its HTML ([`render::components`]), before any page or list of pages
/// shows it.
fn resolve_components(
    site: &mut Site,
    theme: &Theme,
    plugins: &ConfiguredPlugins,
) -> Result<(), Diagnostics> {
    let resolved = {
        let views = plugins.views(site);
        render::components(site, theme, &views)?
    };
    for content in resolved {
        let page = &mut site.pages[content.page].content;
        page.html = content.html;
        page.summary = content.summary;
        page.after_summary = content.after_summary;
    }
    Ok(())
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
/// keeps its current website. The pipeline of a build in [`Mode::Kit`], rendering only the kit's pages.
pub fn kit(options: &KitOptions) -> Result<BuildReport, Diagnostics> {
    let started = Instant::now();
    let output_dir = options.output_dir();
    check_output_dir(&options.root, &output_dir)?;
    let build = BuildOptions {
        root: options.root.clone(),
        overrides: options.overrides.clone(),
        ..BuildOptions::default()
    };
    let Ready {
        site,
        theme,
        plugins,
        files: mut output,
        mut warnings,
        timings,
        page_paths: _,
    } = ready(&build, Mode::Kit, &ThemeCache::default())?;
    let views = plugins.views(&site);
    let mut diagnostics = Diagnostics::new();
    for (path, text) in render::render_kit(&site, &theme, &views)? {
        let text = if path.ends_with("index.html") {
            diagnostics.take(plugins.filter_page(&path, text, &output))
        } else {
            Some(text)
        };
        if let Some(text) = text {
            output.insert_bytes(path, text.into_bytes());
        }
    }
    warnings.extend(diagnostics.check()?);
    let written = output.write(&output_dir)?;
    warnings.sort();
    Ok(BuildReport {
        pages: output.paths().filter(|p| p.ends_with("index.html")).count(),
        files: output.len(),
        written,
        elapsed: started.elapsed(),
        warnings,
        timings,
    })
}

/// `portico strings LANG`: the string table the site's theme prints in `lang`, as a string file for the
/// site's `strings/` folder (see [`crate::i18n::starter`]). Without a `portico.yaml` in `root`, Portico's own table
/// (the built-in themes add no words of their own).
pub fn strings(root: &Path, lang: &crate::config::Lang) -> Result<String, Diagnostics> {
    if !root.join(crate::config::CONFIG_FILE).is_file() {
        return Ok(crate::i18n::starter(
            lang,
            &std::collections::BTreeMap::new(),
            &crate::config::SiteStrings::default(),
        ));
    }
    let plugins = Plugins::default();
    let config = Config::load(root, &ConfigOverrides::default(), &plugins.keys())?;
    let theme = Theme::resolve(&config, &ThemeCache::default())?;
    Ok(crate::i18n::starter(lang, &theme.strings, &config.strings))
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
    } = ready(options, Mode::Publish, themes)?;
    let staging = timings.time("write: folders", || {
        output::Staging::begin(
            &output_dir,
            page_paths.iter().map(String::as_str).chain(files.paths()),
        )
    })?;
    let deliver = |path: String, html: String| {
        let html = plugins.filter_page(&path, html, &files)?;
        staging.put_bytes(&path, html.as_bytes())
    };
    let views = plugins.views(&site);
    let rendered = timings.time("render and write pages", || {
        render::render(&site, &theme, &views, files.fingerprints(), &deliver)
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

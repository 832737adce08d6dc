//! Rendering: the only module that knows template engines.
//!
//! One [`Engine`] trait, two backends (MiniJinja and Tera 2); the theme's `theme.yaml` picks one. Both get
//! the same [`crate::views::SharedContext`] and [`crate::views::PageContext`], the same [`functions::Functions`], strict
//! undefined variables and HTML autoescaping, so a theme can move between engines by changing syntax
//! only. Templates are compiled once per build; pages render in parallel; each render borrows the site,
//! and what all pages of a language share is converted into the engine's values once, not per page.

mod components;
mod files;
mod functions;
mod kit;
mod minijinja_engine;
mod tera_engine;
mod timings;

use std::any::Any;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use rayon::prelude::*;

use crate::views::{PageContext, PageView, PluginViews, SharedContext, Views};
pub use components::{ResolvedContent, components};
pub use files::{static_files, theme_files};
pub use functions::Functions;
pub use kit::render_kit;
pub use timings::{TemplateTiming, TemplateTimings};

use crate::config::{Lang, UrlPath};
use crate::content::{PageId, PageKind, Site};
use crate::error::{Diagnostics, Error, ErrorKind, Location};
use crate::html::escape;
use crate::output::Fingerprints;
use crate::theme::{EngineKind, Theme};

/// A template engine with a theme's templates loaded.
pub trait Engine: Send + Sync + std::fmt::Debug {
    /// Converts what every page of a language shares into the engine's own values, once per build.
    fn prepare(&self, shared: &SharedContext<'_>) -> Result<Prepared, Error>;

    /// Renders the template `name` for one page, with `shared` from [`Engine::prepare`]. Errors name the
    /// template file, line and column.
    fn render(
        &self,
        name: &str,
        shared: &Prepared,
        page: &PageContext<'_>,
    ) -> Result<String, Error>;

    fn has_template(&self, name: &str) -> bool;
}

/// An engine's own values for a [`SharedContext`]; only the engine that made it reads it.
#[derive(Debug)]
pub struct Prepared(Box<dyn Any + Send + Sync>);

impl Prepared {
    fn new(values: impl Any + Send + Sync) -> Self {
        Prepared(Box::new(values))
    }

    /// The values, as the engine that made them knows them.
    fn get<T: Any>(&self) -> &T {
        self.0
            .downcast_ref()
            .expect("prepared by the engine that renders with it")
    }
}

/// Loads the theme's templates into the engine it asks for.
pub fn engine(theme: &Theme, functions: &Arc<Functions>) -> Result<Box<dyn Engine>, Diagnostics> {
    Ok(match theme.engine {
        EngineKind::Minijinja => Box::new(minijinja_engine::MiniJinja::new(theme, functions)?),
        EngineKind::Tera => Box::new(tera_engine::TeraEngine::new(theme, functions)?),
    })
}

/// A template error, with the template's source line for the excerpt.
fn template_error(
    message: String,
    origin: PathBuf,
    line: Option<usize>,
    column: Option<usize>,
    source: &str,
) -> Error {
    let location = Location {
        path: origin,
        line,
        column: line.and(column),
    };
    Error::new(ErrorKind::Template, message)
        .at(location)
        .with_source(source)
}

/// An engine with the site's views, ready to render any page with any template.
struct Renderer<'a> {
    site: &'a Site,
    engine: Box<dyn Engine>,
    views: Views<'a>,
    shared: Vec<(&'a Lang, Prepared)>,
    /// Each language's entries of `menus.main`, which every page's `nav` merges with the pages.
    main_menus: BTreeMap<Lang, Vec<crate::views::MenuEntryView>>,
}

impl<'a> Renderer<'a> {
    fn new(
        site: &'a Site,
        theme: &Theme,
        plugins: &BTreeMap<Lang, PluginViews<'_>>,
        fingerprints: &Fingerprints,
    ) -> Result<Self, Diagnostics> {
        let vendor_urls = plugins
            .values()
            .filter_map(|views| views.portal.as_ref())
            .flat_map(|portal| portal.vendor_urls().map(str::to_owned))
            .collect();
        let functions = Arc::new(Functions::new(
            site,
            &site.strings,
            fingerprints,
            vendor_urls,
            theme
                .images
                .clone()
                .map(crate::theme::ThemeImages::with_built_in_slots)
                .unwrap_or_default(),
        ));
        let engine = engine(theme, &functions)?;
        let views = Views {
            site,
            strings: &site.strings,
        };
        let shared = site
            .config
            .all_languages()
            .map(|lang| {
                let site_view = views.site(lang);
                let no_views = PluginViews::default();
                let shared = SharedContext {
                    lang: lang.as_str(),
                    t: site.strings.table(lang),
                    site: &site_view,
                    data: &site.data,
                    plugins: plugins.get(lang).unwrap_or(&no_views),
                };
                engine.prepare(&shared).map(|prepared| (lang, prepared))
            })
            .collect::<Result<Vec<_>, Error>>()?;
        let main_menus = plugins
            .iter()
            .filter_map(|(lang, views)| Some((lang.clone(), views.menus.as_ref()?.main.clone())))
            .collect();
        Ok(Renderer {
            site,
            engine,
            views,
            shared,
            main_menus,
        })
    }

    /// The navigation of `lang` with `current` marked.
    fn nav(&self, lang: &Lang, current: Option<PageId>) -> Vec<crate::views::NavItem<'a>> {
        let menu = self.main_menus.get(lang).map_or(&[][..], Vec::as_slice);
        self.views.nav(lang, current, menu)
    }

    fn shared(&self, lang: &Lang) -> &Prepared {
        &self
            .shared
            .iter()
            .find(|(l, _)| *l == lang)
            .unwrap_or(&self.shared[0])
            .1
    }

    /// Renders page `id` with `template`; `navigation: false` leaves the menu empty (the kit's pages live
    /// on another website).
    fn render(&self, id: PageId, template: &str, navigation: bool) -> Result<String, Error> {
        let page = &self.site.pages[id];
        let context = PageContext {
            nav: if navigation {
                self.nav(&page.lang, Some(id))
            } else {
                Vec::new()
            },
            translations: self.views.translations(Some(id), &page.lang),
            page: self.views.page(id),
            section: if page.kind == PageKind::Page {
                None
            } else {
                self.views.section(id)
            },
            args: None,
            body: None,
        };
        self.engine
            .render(template, self.shared(&page.lang), &context)
            .map_err(|e| e.with_related("while rendering", Location::file(&page.source.path)))
    }
}

/// Renders chosen pages again, for the live preview: made once per change (the templates compiled once),
/// then asked for pages in batches, so that the page a browser shows can be served before the rest and
/// only a batch of new pages is in memory beside the served ones at a time.
#[allow(
    missing_debug_implementations,
    reason = "holds a compiled template engine, which has nothing useful to print"
)]
pub struct PageRenderer<'a> {
    renderer: Renderer<'a>,
}

impl<'a> PageRenderer<'a> {
    pub fn new(
        site: &'a Site,
        theme: &Theme,
        plugins: &BTreeMap<Lang, PluginViews<'_>>,
    ) -> Result<Self, Diagnostics> {
        Ok(PageRenderer {
            renderer: Renderer::new(site, theme, plugins, &Fingerprints::new())?,
        })
    }

    /// The pages `ids`, rendered in parallel: output path and HTML.
    pub fn render(&self, ids: &[PageId]) -> Result<Vec<(String, String)>, Diagnostics> {
        let site = self.renderer.site;
        let results: Vec<Result<(String, String), Error>> = ids
            .par_iter()
            .map(|&id| {
                let html = template_for(site, id, self.renderer.engine.as_ref())
                    .and_then(|t| self.renderer.render(id, &t, true))?;
                Ok((site.pages[id].url.file_path(), html))
            })
            .collect();
        let mut pages = Vec::with_capacity(results.len());
        let mut errors = Vec::new();
        for result in results {
            match result {
                Ok(page) => pages.push(page),
                Err(error) => errors.push(error),
            }
        }
        once_each(errors.into_iter()).check().map(|_| pages)
    }
}

/// Which template a page rendered with, and how long it took.
type TemplateTime = (String, std::time::Duration);

/// Every file path the rendered pages will take in the output (pages, the 404 page, alias redirects),
/// known before anything is rendered: the output folder is prepared from it while pages are written
/// as soon as each is rendered.
pub fn page_paths(site: &Site) -> Vec<String> {
    let mut paths: Vec<String> = site.pages.iter().map(|p| p.url.file_path()).collect();
    paths.extend(
        missing_not_found(site)
            .into_iter()
            .map(|lang| not_found_path(site, lang).file_path()),
    );
    for page in &site.pages {
        paths.extend(page.meta.aliases.iter().map(|(alias, _)| alias_file(alias)));
    }
    paths
}

/// Renders every page, the 404 page and the alias redirects, in parallel, handing each to `deliver`
/// (output path and HTML) as soon as it is rendered, so that no more than a page per thread is held in
/// memory; with how long each template took.
///
/// One mistake in a shared template fails every page that uses it: it is reported once, with the count
/// of the other pages. What `deliver` fails with (a write) is reported the same way.
pub fn render(
    site: &Site,
    theme: &Theme,
    plugins: &BTreeMap<Lang, PluginViews<'_>>,
    fingerprints: &Fingerprints,
    deliver: &(dyn Fn(String, String) -> Result<(), Error> + Sync),
) -> Result<TemplateTimings, Diagnostics> {
    let renderer = Renderer::new(site, theme, plugins, fingerprints)?;
    let results: Vec<(Result<(), Error>, Option<TemplateTime>)> = (0..site.pages.len())
        .into_par_iter()
        .map(|id| {
            let template = match template_for(site, id, renderer.engine.as_ref()) {
                Ok(template) => template,
                Err(error) => return (Err(error), None),
            };
            let started = Instant::now();
            let html = renderer.render(id, &template, true);
            let took = started.elapsed();
            let delivered = html.and_then(|html| deliver(site.pages[id].url.file_path(), html));
            (delivered, Some((template, took)))
        })
        .collect();
    let mut timings = TemplateTimings::default();
    let not_found = missing_not_found(site).into_iter().map(|lang| {
        not_found(&renderer, lang)
            .and_then(|html| deliver(not_found_path(site, lang).file_path(), html))
    });
    let aliases = site.pages.iter().enumerate().flat_map(|(id, page)| {
        page.meta
            .aliases
            .iter()
            .map(move |(alias, _)| deliver(alias_file(alias), redirect(site, id)))
    });
    let results = results
        .into_iter()
        .map(|(result, took)| {
            if let Some((template, took)) = took {
                timings.record(&template, took);
            }
            result
        })
        .chain(not_found)
        .chain(aliases)
        .filter_map(Result::err);
    once_each(results).check().map(|_| timings)
}

/// The errors of many pages, with a mistake that many pages hit (in a shared template) reported once,
/// with the count of the other pages.
fn once_each(errors: impl Iterator<Item = Error>) -> Diagnostics {
    let mut failures: Vec<(Error, usize)> = Vec::new();
    for error in errors {
        match failures
            .iter_mut()
            .find(|(seen, _)| seen.same_problem(&error))
        {
            Some((_, more)) => *more += 1,
            None => failures.push((error, 0)),
        }
    }
    let mut diagnostics = Diagnostics::new();
    for (error, more) in failures {
        diagnostics.error(if more == 0 {
            error
        } else {
            error.with_note(format!("and {more} more pages"))
        });
    }
    diagnostics.sort();
    diagnostics
}

/// The template a page renders with: the one its front matter names, or its kind's.
pub fn template_name(site: &Site, id: PageId) -> String {
    let page = &site.pages[id];
    page.meta.template.as_ref().map_or_else(
        || match page.kind {
            PageKind::Home => "index.html".to_owned(),
            PageKind::Section => "section.html".to_owned(),
            PageKind::Page => "page.html".to_owned(),
            PageKind::NotFound => "404.html".to_owned(),
        },
        |(name, _)| name.clone(),
    )
}

/// [`template_name`], checked against the engine's templates: a name the front matter gives that the
/// theme lacks is an error at the `template:` line.
fn template_for(site: &Site, id: PageId, engine: &dyn Engine) -> Result<String, Error> {
    let name = template_name(site, id);
    match &site.pages[id].meta.template {
        Some((_, location)) if !engine.has_template(&name) => Err(Error::new(
            ErrorKind::Template,
            format!("the theme has no template `{name}`"),
        )
        .at(location.clone())
        .with_help("name a file in the theme's templates folder, or remove `template:`")),
        _ => Ok(name),
    }
}

/// The languages with no `content/404.md` of their own, which get the theme's 404 page with its
/// built-in words.
fn missing_not_found(site: &Site) -> Vec<&Lang> {
    site.config
        .all_languages()
        .filter(|lang| {
            !site
                .pages
                .iter()
                .any(|p| p.kind == PageKind::NotFound && &p.lang == *lang)
        })
        .collect()
}

/// `/404.html` for the default language, `/es/404.html` for Spanish: where each host looks for it.
fn not_found_path(site: &Site, lang: &Lang) -> UrlPath {
    let path = if *lang == site.config.language {
        "/404.html".to_owned()
    } else {
        format!("/{lang}/404.html")
    };
    UrlPath::parse(&path).expect("a valid path")
}

/// The theme's 404 page in `lang`, for a site without `content/404.md` in that language.
fn not_found(renderer: &Renderer<'_>, lang: &Lang) -> Result<String, Error> {
    let site = renderer.site;
    let views = &renderer.views;
    let strings = views.strings;
    let path = not_found_path(site, lang);
    let empty = std::collections::BTreeMap::new();
    let empty_data = std::collections::BTreeMap::new();
    let page = PageView {
        title: strings.get(lang, "not_found_title"),
        description: None,
        url: site.config.base_url.path_for(&path),
        permalink: site.config.base_url.permalink(&path),
        content: "",
        summary: None,
        after_summary: None,
        toc: &[],
        date: None,
        updated: None,
        tags: &[],
        weight: None,
        extra: &empty,
        lang: lang.as_str(),
        kind: "not_found",
        structured_data: None,
        share_image: None,
        data: &empty_data,
        provider: None,
        sensitive: false,
    };
    let context = PageContext {
        nav: renderer.nav(lang, None),
        translations: Vec::new(),
        page,
        section: None,
        args: None,
        body: None,
    };
    renderer
        .engine
        .render("404.html", renderer.shared(lang), &context)
}

/// `/old-page/` is written as `old-page/index.html`; `/old.html` as itself.
fn alias_file(alias: &UrlPath) -> String {
    let text = alias.as_str();
    if text.ends_with('/')
        || text
            .rsplit('/')
            .next()
            .is_some_and(|last| !last.contains('.'))
    {
        format!("{}/index.html", text.trim_matches('/'))
            .trim_start_matches('/')
            .to_owned()
    } else {
        text.trim_start_matches('/').to_owned()
    }
}

/// A small page that sends visitors of an old address to the new one, without script.
fn redirect(site: &Site, id: PageId) -> String {
    let strings = &site.strings;
    let page = &site.pages[id];
    let href = escape(&site.config.base_url.path_for(&page.url)).into_owned();
    let permalink = escape(&site.config.base_url.permalink(&page.url)).into_owned();
    let title = escape(strings.get(&page.lang, "page_moved"));
    let link = escape(strings.get(&page.lang, "page_moved_link"));
    format!(
        "<!doctype html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n\
         <link rel=\"canonical\" href=\"{permalink}\">\n<meta name=\"robots\" content=\"noindex\">\n\
         <meta http-equiv=\"refresh\" content=\"0; url={href}\">\n</head>\n<body>\n<p><a href=\"{href}\">{link}</a></p>\n</body>\n</html>\n",
        lang = page.lang,
    )
}

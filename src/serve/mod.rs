//! `portico serve`: a live preview. The site is built into memory and served from there; a watcher turns
//! file events into a rebuild plan ([`plan::classify`]); after each rebuild the browser reloads over the
//! same port (server-sent events). A rebuild that fails keeps the last good site and shows its errors in
//! an overlay on every page until a save fixes them.
//!
//! The server owns its state ([`http::Shared`]), passed to every handler; there are no globals. It binds
//! to 127.0.0.1 unless told otherwise.

mod http;
pub mod plan;

use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use notify::event::ModifyKind;
use notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, new_debouncer};
use tokio::sync::broadcast;

use crate::config::{Config, ConfigOverrides};
use crate::content::LoadOptions;
use crate::content::Site;
use crate::error::{Diagnostics, Error, ErrorKind, counted};
use crate::plugins::{ConfiguredPlugins, Mode, Plugins, deploy};
use crate::render::{PageRenderer, template_name};
use crate::theme::Theme;
use crate::theme::ThemeCache;
use crate::{BuildOptions, render_site};
use http::{Served, Shared};
use plan::Plan;

/// What `portico serve` needs.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub bind: IpAddr,
    /// 0 picks a free port.
    pub port: u16,
    pub load: LoadOptions,
    pub open: bool,
    /// A library user's own plugins, run after the built-in ones as in a build.
    pub plugins: crate::plugins::ExtraPlugins,
    /// Where processed images are kept; the site's own `.portico-cache` when `None`, as for a build.
    pub cache: Option<std::path::PathBuf>,
}

/// Serves the site until Ctrl-C. `log` receives one line per event worth telling (start, each rebuild).
pub fn serve(options: &ServeOptions, log: &(dyn Fn(&str) + Sync)) -> Result<(), Diagnostics> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::new(ErrorKind::Io, format!("could not start the server: {e}")))?;
    runtime.block_on(run(options, log))
}

async fn run(options: &ServeOptions, log: &(dyn Fn(&str) + Sync)) -> Result<(), Diagnostics> {
    let listener = tokio::net::TcpListener::bind(SocketAddr::new(options.bind, options.port)).await.map_err(|e| {
        let help = if e.kind() == std::io::ErrorKind::AddrInUse {
            "another program uses this port: pick another with --port, or --port 0 for a free one"
        } else {
            "check --bind and --port"
        };
        Error::new(ErrorKind::Io, format!("could not listen on {}:{}: {e}", options.bind, options.port)).with_help(help)
    })?;
    let address = listener
        .local_addr()
        .map_err(|e| Error::new(ErrorKind::Io, format!("the server has no address: {e}")))?;
    let prefix = site_prefix(&options.root)?;
    let build = BuildOptions {
        root: options.root.clone(),
        output: None,
        overrides: ConfigOverrides {
            base_url: Some(format!("http://{address}{prefix}/")),
            today: None,
            cache: options.cache.clone(),
        },
        load: options.load,
        plugins: options.plugins.clone(),
    };
    let themes = ThemeCache::default();
    let started = Instant::now();
    let rendered = render_site(&build, Mode::Preview, &themes)?;
    let model = Model {
        site: rendered.site,
        theme: rendered.theme,
        plugins: rendered.plugins,
        stale: false,
    };
    let output = rendered.output;
    let headers = deploy::preview_rules(&model.site);
    let (reloads, _) = broadcast::channel(16);
    let (lines, mut line_receiver) = tokio::sync::mpsc::unbounded_channel::<String>();
    let shared = Arc::new(Shared {
        served: RwLock::new(Served {
            output,
            headers,
            error: None,
            partial: false,
        }),
        reloads,
        prefix: prefix.clone(),
        lines: lines.clone(),
        viewing: std::sync::Mutex::new(Vec::new()),
    });
    // Watch before telling anyone the site is ready, so no save is missed.
    let (sender, receiver) = std::sync::mpsc::channel::<DebounceEventResult>();
    let mut debouncer = new_debouncer(Duration::from_millis(10), None, sender)
        .map_err(|e| Error::new(ErrorKind::Io, format!("cannot watch for changes: {e}")))?;
    debouncer
        .watch(&options.root, RecursiveMode::Recursive)
        .map_err(|e| {
            Error::new(
                ErrorKind::Io,
                format!("cannot watch {}: {e}", options.root.display()),
            )
        })?;
    let watcher_shared = Arc::clone(&shared);
    std::thread::spawn(move || watch(&build, model, &receiver, &watcher_shared, &lines));
    let url = format!("http://{address}{prefix}/");
    log(&format!(
        "Serving {} at {url} (built in {} ms). Ctrl-C stops.",
        options.root.display(),
        started.elapsed().as_millis()
    ));
    if options.open {
        open_browser(&url, log);
    }
    let server = axum::serve(listener, http::router(shared)).with_graceful_shutdown(async {
        let _ = tokio::signal::ctrl_c().await;
    });
    let printer = async {
        while let Some(line) = line_receiver.recv().await {
            log(&line);
        }
    };
    tokio::select! {
        result = server => result.map_err(|e| Error::new(ErrorKind::Io, format!("the server stopped: {e}")))?,
        () = printer => {}
    }
    log("Stopped.");
    Ok(())
}

/// The base URL's subpath, read from `portico.yaml`, so the preview keeps the site's own URLs.
fn site_prefix(root: &Path) -> Result<String, Diagnostics> {
    let keys = Plugins::default().keys();
    let config = Config::load(root, &ConfigOverrides::default(), &keys)?;
    Ok(config.base_url.prefix().to_owned())
}

/// The last good site model, kept between rebuilds so that a change to one page's text renders only that
/// page and the sections that list it.
struct Model {
    site: Site,
    theme: Theme,
    /// Configured for the site: pages rendered again get their views and go through their page
    /// filters, as in a build.
    plugins: ConfiguredPlugins,
    /// The last full rebuild failed: the model is older than the files, so the next change rebuilds all.
    stale: bool,
}

/// Watches the site folder and rebuilds after each burst of changes, until the process ends.
fn watch(
    build: &BuildOptions,
    mut model: Model,
    receiver: &std::sync::mpsc::Receiver<DebounceEventResult>,
    shared: &Shared,
    lines: &tokio::sync::mpsc::UnboundedSender<String>,
) {
    // Events name absolute paths; the site may have been given as a relative one.
    let absolute = |p: PathBuf| p.canonicalize().unwrap_or(p);
    let root = absolute(build.root.clone());
    let output_dir = root.join(
        build
            .output_dir()
            .strip_prefix(&build.root)
            .unwrap_or(Path::new("public")),
    );
    let mut themes = ThemeCache::default();
    for batch in receiver {
        let Ok(events) = batch else { continue };
        // Reading files (our own rebuild does) raises access events: only writes, creations, renames and
        // removals are changes.
        let paths: Vec<PathBuf> = events
            .into_iter()
            .filter(|e| {
                matches!(
                    e.event.kind,
                    EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_)
                )
            })
            .filter(|e| !matches!(e.event.kind, EventKind::Modify(ModifyKind::Metadata(_))))
            .flat_map(|e| e.event.paths)
            .collect();
        let plan = plan::classify(&root, &output_dir, &paths);
        if plan.is_empty() {
            continue;
        }
        if plan.full || plan.theme || !plan.templates.is_empty() {
            // Theme files may have changed: read them again.
            themes = ThemeCache::default();
        }
        let _ = lines.send(rebuild(build, &root, &themes, &plan, &mut model, shared));
    }
}

/// After a template change, pages are rendered and swapped in this many at a time: only a batch of new
/// pages is in memory beside the served site, so the server's memory stays flat across edits.
const BATCH: usize = 512;

/// Below this many pages to render, the pages in view are not worth a reload of their own.
const IN_VIEW_FIRST: usize = 64;

/// Rebuilds for `plan`: only the changed pages when that is enough, else everything. Swaps the new site
/// in (or keeps the old one and records the error), tells the browsers to reload, and returns the line
/// for the terminal.
fn rebuild(
    build: &BuildOptions,
    root: &Path,
    themes: &ThemeCache,
    plan: &Plan,
    model: &mut Model,
    shared: &Shared,
) -> String {
    let started = Instant::now();
    let changed = plan.describe(root);
    let incremental = !model.stale && !plan.full && !plan.theme && plan.statics.is_empty();
    let ids = if incremental {
        refresh(plan, &root.join("content"), model)
    } else {
        Ok(None)
    };
    let mut swapped = false;
    let outcome = match ids {
        Ok(Some(ids)) => render_changed(&ids, model, shared, &mut swapped).map(|in_view| {
            let first = in_view.map_or_else(String::new, |took| {
                format!(" (the page in view in {} ms)", took.as_millis())
            });
            format!("rebuilt {}{first}", counted(ids.len(), "page"))
        }),
        Ok(None) => match render_site(build, Mode::Preview, themes) {
            Ok(rendered) => {
                let mut served = write(shared);
                served.output = rendered.output;
                served.headers = deploy::preview_rules(&rendered.site);
                served.error = None;
                served.partial = false;
                *model = Model {
                    site: rendered.site,
                    theme: rendered.theme,
                    plugins: rendered.plugins,
                    stale: false,
                };
                Ok(format!(
                    "rebuilt all {}",
                    counted(served.output.len(), "file")
                ))
            }
            Err(diagnostics) => Err(diagnostics),
        },
        Err(diagnostics) => Err(diagnostics),
    };
    let elapsed = started.elapsed().as_millis();
    let line = match outcome {
        Ok(what) => format!("changed {changed}: {what} in {elapsed} ms"),
        Err(diagnostics) => {
            // The model may be ahead of what is served now: the next change rebuilds everything.
            model.stale = true;
            let mut served = write(shared);
            served.error = Some(diagnostics.to_string());
            served.partial = swapped;
            drop(served);
            format!(
                "changed {changed}: {}, still serving the last good site\n{diagnostics}",
                counted(diagnostics.errors().len(), "error")
            )
        }
    };
    // Every tab reloads now, also those that reloaded early for the page in view: a tab elsewhere on
    // the site has its page only now.
    let _ = shared.reloads.send(());
    line
}

fn read(shared: &Shared) -> std::sync::RwLockReadGuard<'_, Served> {
    match shared.served.read() {
        Ok(served) => served,
        Err(poisoned) => poisoned.into_inner(),
    }
}

fn write(shared: &Shared) -> std::sync::RwLockWriteGuard<'_, Served> {
    match shared.served.write() {
        Ok(served) => served,
        Err(poisoned) => poisoned.into_inner(),
    }
}

/// Renders the pages `ids` again and swaps them in: first the ones browsers are showing, then a reload,
/// then the rest in batches, each swapped in as soon as it is done. A template used by every page of a
/// 10,000-page site so brings the page in view back in a fraction of the whole time. Returns how long
/// the pages in view took, when there were any. `swapped` tells, after a failure, that some pages
/// already show the change (the overlay says so).
fn render_changed(
    ids: &[usize],
    model: &Model,
    shared: &Shared,
    swapped: &mut bool,
) -> Result<Option<Duration>, Diagnostics> {
    let started = Instant::now();
    let views = model.plugins.views(&model.site);
    let renderer = PageRenderer::new(&model.site, &model.theme, &views)?;
    let in_view = shared.in_view();
    let (first, rest): (Vec<usize>, Vec<usize>) = ids
        .iter()
        .partition(|&&id| in_view.contains(&model.site.pages[id].url.file_path()));
    let swap_in = |batch: &[usize]| -> Result<(), Diagnostics> {
        let pages = renderer.render(batch)?;
        let mut diagnostics = Diagnostics::new();
        let served = read(shared);
        let pages: Vec<(String, String)> = pages
            .into_iter()
            .filter_map(|(path, html)| {
                let html = model.plugins.filter_page(&path, html, &served.output);
                diagnostics.take(html).map(|html| (path, html))
            })
            .collect();
        drop(served);
        diagnostics.check()?;
        let mut served = write(shared);
        for (path, html) in pages {
            served.output.insert_bytes(path, html.into_bytes());
        }
        Ok(())
    };
    let mut took = None;
    if ids.len() >= IN_VIEW_FIRST && !first.is_empty() && !rest.is_empty() {
        swap_in(&first)?;
        *swapped = true;
        let mut served = write(shared);
        served.error = None;
        served.partial = false;
        drop(served);
        let _ = shared.reloads.send(());
        took = Some(started.elapsed());
    }
    let remaining = if took.is_some() { rest } else { ids.to_vec() };
    for batch in remaining.chunks(BATCH) {
        swap_in(batch)?;
        *swapped = true;
    }
    let mut served = write(shared);
    served.error = None;
    served.partial = false;
    Ok(took)
}

/// Updates the changed pages in the model and returns the pages to render again: those and the
/// sections above them, or every page whose template uses a changed one. `Ok(None)` when a change needs
/// the whole site loaded again.
fn refresh(
    plan: &Plan,
    content: &Path,
    model: &mut Model,
) -> Result<Option<Vec<usize>>, Diagnostics> {
    let mut ids = Vec::new();
    if !plan.templates.is_empty() {
        let theme = Theme::resolve(&model.site.config, &ThemeCache::default())?;
        let affected = theme.dependents(&plan.templates);
        if affected.contains("404.html") {
            return Ok(None);
        }
        ids.extend(
            (0..model.site.pages.len())
                .filter(|&id| affected.contains(&template_name(&model.site, id))),
        );
        model.theme = theme;
    }
    for path in &plan.pages {
        let Some(rel) = path.strip_prefix(content).ok().and_then(|r| {
            r.components()
                .map(|c| c.as_os_str().to_str())
                .collect::<Option<Vec<_>>>()
                .map(|parts| parts.join("/"))
        }) else {
            return Ok(None);
        };
        match model.site.refresh_page(&rel)? {
            Some(refreshed) if refreshed.listing_changed => {
                ids.extend(model.site.page_and_sections_above(refreshed.id));
            }
            Some(refreshed) => ids.push(refreshed.id),
            None => return Ok(None),
        }
    }
    ids.sort_unstable();
    ids.dedup();
    Ok(Some(ids))
}

fn open_browser(url: &str, log: &(dyn Fn(&str) + Sync)) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if let Err(error) = std::process::Command::new(opener).arg(url).spawn() {
        log(&format!(
            "could not open a browser ({opener}: {error}); open {url} yourself"
        ));
    }
}

//! `portico check`: links, accessibility, portal safety and the notices a practice site must carry, in one
//! report.
//!
//! A general linter sees HTML; this one also knows the site model: which page is the portal entry page,
//! which vendor hosts are official, which notices the practice must post and in what languages. The check
//! renders the site in memory exactly as `portico build` would (nothing is written), parses every page
//! once ([`html::Document`]), and runs four groups of rules over the pages and the model: [`links`],
//! [`a11y`], [`safety`] (portal safety) and [`compliance`]. Warnings the build itself gives (a stale portal
//! date, a low-contrast brand colour) are findings too, under their own rule where they have one.
//!
//! Every rule has an id and a default level ([`crate::rules::RULES`]); `check.rules` in `portico.yaml` sets any
//! of them to `allow`, `warn` or `deny`, and the build obeys the same levels for the problems it finds
//! itself. A finding points into the practice's own file where it can (a broken link is shown in the
//! markdown that wrote it) and otherwise into the built page.

mod a11y;
mod compliance;
pub mod html;
mod languages;
mod links;
mod report;
mod safety;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::ConfigOverrides;
use crate::content::{LoadOptions, Site};
use crate::error::{Diagnostics, Error, Location};
use crate::output::{Body, Output};
use crate::plugins::Mode;
use crate::theme::ThemeCache;
use crate::{BuildOptions, Rendered, render_site};
use html::Document;

pub use crate::config::CheckSettings;
pub use crate::rules::{Level, RULES, Rule, RuleId};
pub use report::Format;

/// One problem found.
#[derive(Debug, Clone)]
pub struct Finding {
    pub location: Location,
    pub rule: RuleId,
    pub level: Level,
    pub message: String,
    /// The fix, in one line.
    pub help: String,
    /// The built page it was found on (`about/index.html`), when the location is in a source file.
    pub page: Option<String>,
    /// How many other pages have the very same finding (a template problem shows on every page).
    pub also: usize,
    /// The site's folder name, when one report covers several sites (`portico check --sites`).
    pub site: Option<String>,
}

impl Finding {
    /// A problem the build reported, under its rule or `fallback`.
    fn from_build(error: &Error, level: Level, fallback: RuleId) -> Finding {
        Finding {
            location: error
                .location()
                .cloned()
                .unwrap_or_else(|| Location::file(crate::config::CONFIG_FILE)),
            rule: error.rule().unwrap_or(fallback),
            level,
            message: error.message().to_owned(),
            help: error.help().unwrap_or_default().to_owned(),
            page: None,
            also: 0,
            site: None,
        }
    }
}

/// The result of a check.
#[derive(Debug, Default)]
pub struct Report {
    pub findings: Vec<Finding>,
    /// Pages checked.
    pub pages: usize,
    /// One line per site, when the report covers several (`portico check --sites`); empty otherwise.
    pub sites: Vec<SiteSummary>,
}

/// How one site of a multi-site check came out.
#[derive(Debug, Clone)]
pub struct SiteSummary {
    /// The site's folder name.
    pub name: String,
    pub root: PathBuf,
    pub pages: usize,
    pub errors: usize,
    pub warnings: usize,
    /// False when the site did not build: its errors are its findings.
    pub built: bool,
}

/// Checks every site in `sites` in parallel (with one theme cache, as `build --sites` does) into one
/// report whose findings name their site. A site that does not build gives its build errors as findings
/// (`build/error`), and the other sites are checked all the same.
pub fn check_sites(sites: &[PathBuf], load: LoadOptions, overrides: &ConfigOverrides) -> Report {
    let themes = ThemeCache::default();
    let reports: Vec<(PathBuf, bool, Report)> = sites
        .par_iter()
        .map(|root| {
            let options = BuildOptions::for_site(root, load, overrides);
            match render_site(&options, Mode::Publish, &themes) {
                Ok(rendered) => (root.clone(), true, run(&rendered, &options.output_dir())),
                Err(diagnostics) => (root.clone(), false, Report::failed(&diagnostics)),
            }
        })
        .collect();
    let mut all = Report::default();
    for (root, built, report) in reports {
        let name = root.file_name().map_or_else(
            || root.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        all.sites.push(SiteSummary {
            name: name.clone(),
            root,
            pages: report.pages,
            errors: report.errors(),
            warnings: report.warnings(),
            built,
        });
        all.pages += report.pages;
        all.findings
            .extend(report.findings.into_iter().map(|mut finding| {
                finding.site = Some(name.clone());
                finding
            }));
    }
    all
}

impl Report {
    pub fn errors(&self) -> usize {
        self.findings
            .iter()
            .filter(|f| f.level == Level::Deny)
            .count()
    }

    pub fn warnings(&self) -> usize {
        self.findings
            .iter()
            .filter(|f| f.level == Level::Warn)
            .count()
    }

    pub fn passed(&self) -> bool {
        self.errors() == 0
    }

    /// The report in `format`.
    pub fn render(&self, format: Format) -> String {
        report::render(self, format)
    }
}

/// Renders the site in memory and checks it; a site that does not build gives the build's errors
/// ([`Report::failed`] turns them into a report).
pub fn check(options: &BuildOptions) -> Result<Report, Diagnostics> {
    let rendered = render_site(options, Mode::Publish, &ThemeCache::default())?;
    Ok(run(&rendered, &options.output_dir()))
}

impl Report {
    /// The report of a site that does not build: its errors, each under its rule where it has one
    /// (`a11y/contrast`), else `build/error`, so that JSON and SARIF consumers get them too.
    pub fn failed(diagnostics: &Diagnostics) -> Report {
        let findings = diagnostics
            .errors()
            .iter()
            .map(|error| Finding::from_build(error, Level::Deny, RuleId::BuildError))
            .collect();
        Report {
            findings,
            pages: 0,
            sites: Vec::new(),
        }
    }
}

/// Checks a rendered site. `output_dir` is where the build would write it, for the paths in findings.
pub fn run(rendered: &Rendered, output_dir: &Path) -> Report {
    let statics = static_html(&rendered.output);
    let pages = Pages::new(&rendered.site, &rendered.output, &statics, output_dir);
    let mut findings = Findings::new(&rendered.site.config.check);
    links::check(&pages, &mut findings);
    a11y::check(&pages, &mut findings);
    safety::check(&pages, &mut findings);
    compliance::check(&pages, &mut findings);
    languages::check(&pages, &mut findings);
    for warning in rendered.warnings.warnings() {
        findings.add_build_warning(warning);
    }
    Report {
        sites: Vec::new(),
        findings: findings.finish(),
        // The site's pages and its 404 page, counted as `portico build` counts them (redirect pages
        // for aliases and HTML files under static/ are checked too, but are not pages of the site).
        pages: rendered.site.pages.len() + 1,
    }
}

/// The HTML files under `static/` (copied as they are, so not in memory with the pages): output path to
/// the source file and its text. They are checked like pages: a practice's old hand-written page there
/// can load a tracker or miss its language as easily as a template can.
type StaticHtml = BTreeMap<String, (PathBuf, String)>;

fn static_html(output: &Output) -> StaticHtml {
    output
        .paths()
        .filter(|p| p.ends_with(".html") || p.ends_with(".htm"))
        .filter_map(|p| match output.get(p)? {
            Body::Copy(source) => {
                let text = std::fs::read(source).ok()?;
                Some((
                    p.to_owned(),
                    (source.clone(), String::from_utf8_lossy(&text).into_owned()),
                ))
            }
            Body::Bytes(_) => None,
        })
        .collect()
}

/// The built pages, parsed, with the model they came from.
pub(crate) struct Pages<'a> {
    pub(crate) site: &'a Site,
    pub(crate) output: &'a Output,
    statics: &'a StaticHtml,
    /// Every HTML file of the output by its path, parsed.
    pub(crate) docs: BTreeMap<&'a str, Document>,
    /// The page behind an output path.
    pub(crate) page_of: BTreeMap<String, usize>,
    /// Every host a records vendor names as its own, read from the registry once.
    pub(crate) official_hosts: Vec<String>,
    output_dir: PathBuf,
}

impl<'a> Pages<'a> {
    fn new(
        site: &'a Site,
        output: &'a Output,
        statics: &'a StaticHtml,
        output_dir: &Path,
    ) -> Pages<'a> {
        let html: Vec<(&str, &str)> = output
            .paths()
            .filter(|p| p.ends_with(".html"))
            .filter_map(|p| Some((p, output.text(p)?)))
            .chain(
                statics
                    .iter()
                    .map(|(p, (_, text))| (p.as_str(), text.as_str())),
            )
            .collect();
        let docs = html
            .into_par_iter()
            .map(|(path, text)| (path, Document::parse(text)))
            .collect();
        let page_of = site
            .pages
            .iter()
            .enumerate()
            .map(|(id, page)| (output_path(page.url.as_str()), id))
            .collect();
        Pages {
            site,
            output,
            statics,
            docs,
            page_of,
            official_hosts: links::official_hosts(),
            output_dir: output_dir.to_path_buf(),
        }
    }

    /// Where a finding on built page `path` at byte `offset` is shown: the line of the page's markdown
    /// that holds `needle` (a link's address, an image's file) when there is one, else the built page.
    pub(crate) fn locate(
        &self,
        path: &str,
        offset: usize,
        needle: Option<&str>,
    ) -> (Location, bool) {
        let source = self
            .page_of
            .get(path)
            .map(|&id| &self.site.pages[id].source.path);
        if let (Some(source), Some(needle)) = (source, needle.filter(|n| !n.is_empty())) {
            let found = std::fs::read_to_string(source).ok().and_then(|text| {
                let at = text.find(needle)?;
                let line = text[..at].matches('\n').count() + 1;
                let column = at - text[..at].rfind('\n').map_or(0, |i| i + 1) + 1;
                Some((line, column))
            });
            if let Some((line, column)) = found {
                return (Location::at(source, line, column), true);
            }
        }
        let (line, column) = self.docs.get(path).map_or((1, 1), |d| d.position(offset));
        let file = self
            .statics
            .get(path)
            .map_or_else(|| self.output_dir.join(path), |(source, _)| source.clone());
        (Location::at(file, line, column), false)
    }

    /// Whether `path` is an HTML file copied from `static/`.
    pub(crate) fn is_static(&self, path: &str) -> bool {
        self.statics.contains_key(path)
    }

    /// The HTML of an output file: a rendered page's, or a static file's.
    pub(crate) fn html(&self, path: &str) -> &str {
        self.output
            .text(path)
            .or_else(|| self.statics.get(path).map(|(_, text)| text.as_str()))
            .unwrap_or_default()
    }

    /// The page's language, from its model or, for pages without one (404), the site's.
    pub(crate) fn lang_of(&self, path: &str) -> &str {
        self.page_of.get(path).map_or_else(
            || self.site.config.language.as_str(),
            |&id| self.site.pages[id].lang.as_str(),
        )
    }
}

/// The output path of a site path (`/about/` is `about/index.html`).
pub(crate) fn output_path(url: &str) -> String {
    let trimmed = url.trim_start_matches('/');
    if trimmed.is_empty() || trimmed.ends_with('/') {
        format!("{trimmed}index.html")
    } else {
        trimmed.to_owned()
    }
}

/// Where on a built page a finding is: the page, the byte offset of the element, and the text that wrote
/// it in the page's markdown, if any (see [`Pages::locate`]).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Spot<'a> {
    pub page: &'a str,
    pub offset: usize,
    pub needle: Option<&'a str>,
}

/// Collects findings at the levels the site set.
pub(crate) struct Findings<'a> {
    settings: &'a CheckSettings,
    found: Vec<Finding>,
}

impl<'a> Findings<'a> {
    fn new(settings: &'a CheckSettings) -> Self {
        Findings {
            settings,
            found: Vec::new(),
        }
    }

    /// Records a finding of rule `rule` on built page `page` (found in the page's markdown or in the page).
    pub(crate) fn on_page(
        &mut self,
        pages: &Pages<'_>,
        rule: RuleId,
        spot: Spot<'_>,
        message: String,
        help: &str,
    ) {
        let Spot {
            page,
            offset,
            needle,
        } = spot;
        let (location, in_source) = pages.locate(page, offset, needle);
        self.push(
            rule,
            location,
            message,
            help,
            in_source.then(|| page.to_owned()),
        );
    }

    /// Records a finding at a place in a source file.
    pub(crate) fn at(&mut self, rule: RuleId, location: Location, message: String, help: &str) {
        self.push(rule, location, message, help, None);
    }

    fn push(
        &mut self,
        rule: RuleId,
        location: Location,
        message: String,
        help: &str,
        page: Option<String>,
    ) {
        self.add(Finding {
            location,
            rule,
            level: Level::Deny,
            message,
            help: help.to_owned(),
            page,
            also: 0,
            site: None,
        });
    }

    fn add(&mut self, mut finding: Finding) {
        finding.level = self.settings.levels.level(finding.rule);
        if finding.level != Level::Allow {
            self.found.push(finding);
        }
    }

    /// A warning of the build: it passed the site's level for its rule already (the build obeys
    /// `check.rules`); one without a rule is `build/warning`, at the level the site set for that.
    fn add_build_warning(&mut self, warning: &Error) {
        // A rule's build warning takes the rule's level: most were recorded at that level already, and
        // `portal/sample-address` is a warning in a build (so a new site previews) but an error here.
        let level = self
            .settings
            .levels
            .level(warning.rule().unwrap_or(RuleId::BuildWarning));
        if level != Level::Allow {
            self.found
                .push(Finding::from_build(warning, level, RuleId::BuildWarning));
        }
    }

    /// The findings in file order, with a problem that every page shows the same way (from a template)
    /// reported once with the number of other pages.
    fn finish(self) -> Vec<Finding> {
        let mut kept: Vec<Finding> = Vec::new();
        let mut seen: BTreeMap<(RuleId, String), usize> = BTreeMap::new();
        let mut found = self.found;
        found.sort_by(|a, b| {
            let key = |f: &Finding| {
                (
                    f.location.path.clone(),
                    f.location.line,
                    f.location.column,
                    f.rule.as_str(),
                    f.message.clone(),
                )
            };
            key(a).cmp(&key(b))
        });
        for finding in found {
            let in_built_page = finding.page.is_none()
                && finding
                    .location
                    .path
                    .extension()
                    .is_some_and(|e| e == "html");
            let key = (finding.rule, finding.message.clone());
            match seen.get(&key) {
                Some(&at) if in_built_page => kept[at].also += 1,
                _ => {
                    if in_built_page {
                        seen.insert(key, kept.len());
                    }
                    kept.push(finding);
                }
            }
        }
        kept
    }
}

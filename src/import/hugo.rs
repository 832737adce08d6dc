//! `portico import hugo DIR --root SITE` and `portico import zola DIR --root SITE`: a Hugo or Zola site's
//! `content/` and `static/` as a Portico site's.
//!
//! The folders keep their shape, since Portico reads content the way both do: `_index.md` is a section,
//! `x/index.md` a page folder with its files beside it, `about.es.md` the Spanish `about.md`. What
//! changes:
//!
//! - Front matter in YAML (`---`), TOML (`+++`) or JSON (`{`) becomes Portico's YAML with Portico's keys:
//!   `lastmod`/`updated` -> `updated`, `url` -> `path`, `categories` (and Zola's `taxonomies`) -> `tags`,
//!   `summary` -> `description` when there is none, `publishDate` in the future -> `draft: true`,
//!   `expiryDate` in the past -> `draft: true`, a `menu` entry for `main` -> `weight`, `params` (Hugo)
//!   and `extra` (Zola) -> `extra`. A page without a title gets one from its file name. Keys Portico has
//!   no use for (`layout`, `template`, `type`, ...) are left out and listed in the report.
//! - Shortcodes with a component become it: `figure`, `youtube` and `vimeo` (`video`), `ref` and `relref`
//!   (`@/` links, which the build checks), `highlight` (a fenced code block). Any other is left as it is:
//!   the build stops at it with its file, line and column, and the report lists it.
//! - A folder of pages without `_index.md` (Hugo makes its section by itself) gets one, titled from the
//!   folder's name.
//! - `static/` is copied as it is, but TIFF, HEIC and AVIF files, which Portico cannot publish (listed).

use std::collections::{BTreeSet, HashMap};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::wordpress::shortcodes::parse_args;
use super::{Concern, Contents, Plan, Report, component_call};
use crate::config::{Date, Slug};
use crate::error::{Diagnostics, Error, ErrorKind, Location};

/// Which generator made the site.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Generator {
    Hugo,
    Zola,
}

impl Generator {
    fn name(self) -> &'static str {
        match self {
            Generator::Hugo => "Hugo",
            Generator::Zola => "Zola",
        }
    }
}

/// What `portico import hugo|zola` was given.
#[derive(Debug, Clone)]
pub struct Options {
    pub generator: Generator,
    /// The old site's folder, holding `content/`.
    pub source: PathBuf,
    /// The day, for `publishDate` and `expiryDate`.
    pub today: Date,
}

/// Reads the old site and plans the import. A page whose front matter cannot be read is an error at its
/// line, and every such page is reported at once; nothing is written.
pub fn plan(options: &Options) -> Result<Plan, Diagnostics> {
    let content = options.source.join("content");
    if !content.is_dir() {
        return Err(Error::new(
            ErrorKind::Import,
            format!(
                "this is not a {} site: it has no content/ folder",
                options.generator.name()
            ),
        )
        .at(Location::file(&options.source))
        .with_help("give the folder that holds the old site's config file and its content/ folder")
        .into());
    }
    let mut report = Report {
        from: format!(
            "the {} site {}",
            options.generator.name(),
            options.source.display()
        ),
        ..Report::default()
    };
    let files = list(&content);
    let pages: Vec<&String> = files.iter().filter(|f| f.ends_with(".md")).collect();
    let mut diagnostics = Diagnostics::new();
    let mut plan_files: Vec<(String, Contents)> = Vec::new();
    let mut folders_with_pages: BTreeSet<String> = BTreeSet::new();
    let mut sections: BTreeSet<String> = BTreeSet::new();
    let refs = RefTargets::new(&pages);
    let mut page_count = 0;
    for rel in &pages {
        let path = content.join(rel);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) => {
                diagnostics.error(
                    Error::new(ErrorKind::Import, format!("could not read the page: {e}"))
                        .at(Location::file(&path)),
                );
                continue;
            }
        };
        let dir = rel.rsplit_once('/').map_or("", |(dir, _)| dir).to_owned();
        let file_name = rel.rsplit('/').next().unwrap_or_default();
        if file_name.starts_with("_index.") {
            sections.insert(dir.clone());
        } else if file_name.starts_with("index.") {
            // A page folder: the pages are in the folder above it.
            folders_with_pages.insert(dir.rsplit_once('/').map_or("", |(d, _)| d).to_owned());
        } else {
            folders_with_pages.insert(dir.clone());
        }
        match convert_page(&text, rel, &path, options, &refs, &mut report) {
            Ok(page) => {
                plan_files.push((format!("content/{rel}"), Contents::Text(page)));
                page_count += 1;
            }
            Err(error) => diagnostics.error(error),
        }
    }
    diagnostics.check()?;
    for folder in folders_with_pages.difference(&sections) {
        if folder.is_empty() {
            continue;
        }
        let name = folder.rsplit('/').next().unwrap_or(folder);
        let title = title_from(name);
        plan_files.push((
            format!("content/{folder}/_index.md"),
            Contents::Text(format!("---\ntitle: {}\n---\n", quote(&title))),
        ));
        report.add(
            Concern::Markup,
            Location::file(content.join(folder)),
            Some(&format!("content/{folder}/_index.md")),
            format!(
                "the folder had no _index.md; Portico made its section page, titled \"{title}\""
            ),
        );
    }
    let mut copied = 0;
    for rel in files.iter().filter(|f| !f.ends_with(".md")) {
        copied += copy(
            &content.join(rel),
            &format!("content/{rel}"),
            &mut plan_files,
            &mut report,
        );
    }
    let static_dir = options.source.join("static");
    for rel in list(&static_dir) {
        copied += copy(
            &static_dir.join(&rel),
            &format!("static/{rel}"),
            &mut plan_files,
            &mut report,
        );
    }
    for (folder, what) in [
        ("layouts", "templates"),
        ("templates", "templates"),
        ("themes", "themes"),
        ("data", "data files"),
        ("assets", "assets (Sass, scripts)"),
        ("sass", "Sass stylesheets"),
    ] {
        if options.source.join(folder).is_dir() {
            report.add(
                Concern::Skipped,
                Location::file(options.source.join(folder)),
                None,
                format!("the {what} in {folder}/ were not imported: Portico's themes and templates work differently (see \"Themes and templates\")"),
            );
        }
    }
    report.written = vec![("pages", page_count), ("files", copied)];
    Ok(Plan {
        files: plan_files,
        report,
    })
}

/// Files under `dir`, relative, with `/`, sorted; hidden ones left out.
fn list(dir: &Path) -> Vec<String> {
    if !dir.is_dir() {
        return Vec::new();
    }
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            Some(
                e.path()
                    .strip_prefix(dir)
                    .ok()?
                    .to_str()?
                    .replace('\\', "/"),
            )
        })
        .collect()
}

/// Plans the copy of one file, unless Portico cannot publish its format; the count copied.
fn copy(from: &Path, to: &str, files: &mut Vec<(String, Contents)>, report: &mut Report) -> usize {
    let lower = to.to_ascii_lowercase();
    if [".tif", ".tiff", ".heic", ".heif", ".avif"]
        .iter()
        .any(|e| lower.ends_with(e))
    {
        report.add(
            Concern::MissingMedia,
            Location::file(from),
            None,
            "a format browsers cannot show or Portico cannot clean: convert it to JPEG or PNG",
        );
        return 0;
    }
    files.push((to.to_owned(), Contents::Copy(from.to_path_buf())));
    1
}

/// One page: its front matter in Portico's keys, its shortcodes converted.
fn convert_page(
    text: &str,
    rel: &str,
    path: &Path,
    options: &Options,
    refs: &RefTargets,
    report: &mut Report,
) -> Result<String, Error> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (meta, body, body_line) = front_matter(text, path)?;
    let file = format!("content/{rel}");
    let front = portico_front_matter(&meta, rel, path, options.today, &file, report);
    let body = shortcodes(
        body,
        body_line,
        path,
        &file,
        options.generator,
        refs,
        report,
    );
    Ok(format!("---\n{front}---\n{body}"))
}

/// The front matter as a JSON object, the body, and the body's first line.
fn front_matter<'a>(
    text: &'a str,
    path: &Path,
) -> Result<(serde_json::Map<String, Value>, &'a str, usize), Error> {
    let first = text.lines().next().unwrap_or_default().trim_end();
    let fence = match first {
        "---" => "---",
        "+++" => "+++",
        "{" => "}",
        _ => return Ok((serde_json::Map::new(), text, 1)),
    };
    let after_first = text.find('\n').map_or(text.len(), |i| i + 1);
    let mut at = after_first;
    let mut line = 2;
    let mut end = None;
    for piece in text[after_first..].split_inclusive('\n') {
        if piece.trim_end() == fence {
            end = Some((at, at + piece.len()));
            break;
        }
        at += piece.len();
        line += 1;
    }
    let Some((close, body_start)) = end else {
        return Err(
            Error::new(ErrorKind::Import, "the front matter is never closed")
                .at(Location::at(path, 1, 1))
                .with_help(format!(
                    "add a line with just `{fence}` after the last front-matter key"
                )),
        );
    };
    let raw = &text[after_first..close];
    let bad = |message: String, line_in: usize| {
        Error::new(
            ErrorKind::Import,
            format!("the front matter cannot be read: {message}"),
        )
        .at(Location::at(path, line_in + 1, 1))
        .with_help("fix it in the old site (its generator should refuse it too), then import again")
    };
    let value: Value = match fence {
        "---" => serde_saphyr::from_str(raw).map_err(|e| bad(e.to_string(), 1))?,
        "+++" => toml::from_str::<Value>(raw).map_err(|e| {
            let line_in = e.span().map_or(1, |s| {
                raw[..s.start.min(raw.len())].matches('\n').count() + 1
            });
            bad(e.message().to_owned(), line_in)
        })?,
        _ => {
            serde_json::from_str(&format!("{{{raw}}}")).map_err(|e| bad(e.to_string(), e.line()))?
        }
    };
    let map = match value {
        Value::Object(map) => map,
        Value::Null => serde_json::Map::new(),
        _ => return Err(bad("it is not a table of keys".to_owned(), 1)),
    };
    Ok((map, &text[body_start..], line + 1))
}

/// The old front-matter keys [`portico_front_matter`] carries over; the others are listed as left out.
const CARRIED: &[&str] = &[
    "title",
    "description",
    "summary",
    "date",
    "lastmod",
    "updated",
    "publishDate",
    "publishdate",
    "expiryDate",
    "expirydate",
    "draft",
    "slug",
    "url",
    "path",
    "weight",
    "menu",
    "tags",
    "categories",
    "keywords",
    "taxonomies",
    "aliases",
    "sort_by",
    "extra",
    "params",
];

/// Portico's front matter from the old keys.
fn portico_front_matter(
    meta: &serde_json::Map<String, Value>,
    rel: &str,
    path: &Path,
    today: Date,
    file: &str,
    report: &mut Report,
) -> String {
    let text = |key: &str| meta.get(key).and_then(value_text);
    let mut out = String::new();
    let title = text("title").unwrap_or_else(|| {
        let stem = rel.rsplit('/').next().unwrap_or(rel);
        let stem = stem.split('.').next().unwrap_or(stem);
        let name = if stem == "index" || stem == "_index" {
            rel.rsplit('/').nth(1).unwrap_or("Home")
        } else {
            stem
        };
        let title = title_from(name);
        report.add(
            Concern::Markup,
            Location::file(path),
            Some(file),
            format!("the page had no title; it is now \"{title}\""),
        );
        title
    });
    let _ = writeln!(out, "title: {}", quote(&title));
    if let Some(description) = text("description").or_else(|| text("summary")) {
        let _ = writeln!(out, "description: {}", quote(&description));
    }
    let date = |key: &str| {
        text(key)
            .and_then(|t| Date::parse_with_time(&t).ok())
            .map(|(d, _)| d)
    };
    if let Some(day) = date("date") {
        let _ = writeln!(out, "date: {day}");
    }
    if let Some(day) = date("lastmod").or_else(|| date("updated")) {
        let _ = writeln!(out, "updated: {day}");
    }
    let future = date("publishDate")
        .or_else(|| date("publishdate"))
        .is_some_and(|d| d > today);
    let expired = date("expiryDate")
        .or_else(|| date("expirydate"))
        .is_some_and(|d| d <= today);
    if expired {
        report.add(
            Concern::Skipped,
            Location::file(path),
            Some(file),
            "the page had expired, so it is a draft now",
        );
    }
    if meta.get("draft").and_then(Value::as_bool) == Some(true) || future || expired {
        out.push_str("draft: true\n");
    }
    if let Some(slug) = text("slug") {
        let _ = writeln!(out, "slug: {}", quote(&Slug::from_title(&slug)));
    }
    if let Some(url) = text("url").or_else(|| text("path")) {
        let url = format!("/{}/", url.trim_matches('/'));
        let _ = writeln!(out, "path: {}", quote(&url));
    }
    let mut weight = meta.get("weight").and_then(Value::as_i64);
    match meta.get("menu") {
        Some(Value::String(menu)) if menu == "main" => weight = weight.or(Some(50)),
        Some(Value::Array(menus)) if menus.iter().any(|m| m.as_str() == Some("main")) => {
            weight = weight.or(Some(50));
        }
        Some(Value::Object(menus)) if menus.contains_key("main") => {
            weight = menus["main"]
                .get("weight")
                .and_then(Value::as_i64)
                .or(weight)
                .or(Some(50));
        }
        Some(_) => report.add(
            Concern::Menu,
            Location::file(path),
            Some(file),
            "the page was in a menu other than `main`, which Portico's navigation does not show",
        ),
        None => {}
    }
    if let Some(weight) = weight {
        let _ = writeln!(out, "weight: {weight}");
    }
    let mut tags: Vec<String> = Vec::new();
    for key in ["tags", "categories", "keywords"] {
        tags.extend(strings(meta.get(key)));
    }
    if let Some(Value::Object(taxonomies)) = meta.get("taxonomies") {
        for value in taxonomies.values() {
            tags.extend(strings(Some(value)));
        }
    }
    tags.dedup();
    if !tags.is_empty() {
        let tags: Vec<String> = tags.iter().map(|t| quote(t)).collect();
        let _ = writeln!(out, "tags: [{}]", tags.join(", "));
    }
    let aliases: Vec<String> = strings(meta.get("aliases"))
        .into_iter()
        .map(|a| format!("/{}", a.trim_start_matches('/')))
        .collect();
    if !aliases.is_empty() {
        let aliases: Vec<String> = aliases.iter().map(|a| quote(a)).collect();
        let _ = writeln!(out, "aliases: [{}]", aliases.join(", "));
    }
    if let Some(sort_by) = text("sort_by").filter(|s| s == "date" || s == "weight") {
        let _ = writeln!(out, "sort_by: {sort_by}");
    }
    let extra = meta.get("extra").or_else(|| meta.get("params"));
    if let Some(Value::Object(extra)) = extra
        && !extra.is_empty()
        && let Ok(json) = serde_json::to_string(extra)
    {
        let _ = writeln!(out, "extra: {json}");
    }
    let dropped: Vec<&str> = meta
        .keys()
        .map(String::as_str)
        .filter(|k| !CARRIED.contains(k))
        .collect();
    if !dropped.is_empty() {
        report.add(
            Concern::Skipped,
            Location::file(path),
            Some(file),
            format!(
                "front matter Portico has no use for was left out: {}",
                dropped.join(", ")
            ),
        );
    }
    out
}

fn value_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        Value::Number(n) => Some(n.to_string()),
        // A TOML date-time, as the toml crate gives it to serde_json.
        Value::Object(map) => map
            .get("$__toml_private_datetime")
            .and_then(Value::as_str)
            .map(str::to_owned),
        _ => None,
    }
}

fn strings(value: Option<&Value>) -> Vec<String> {
    match value {
        Some(Value::Array(items)) => items.iter().filter_map(value_text).collect(),
        Some(other) => value_text(other).into_iter().collect(),
        None => Vec::new(),
    }
}

fn quote(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".to_owned())
}

/// `flu-shots` -> `Flu shots`.
fn title_from(name: &str) -> String {
    let words = name.replace(['-', '_'], " ");
    let mut chars = words.trim().chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

/// Every page's path under `content/`, to resolve `ref "about"` to `@/about.md`.
struct RefTargets {
    paths: Vec<String>,
}

impl RefTargets {
    fn new(pages: &[&String]) -> Self {
        RefTargets {
            paths: pages.iter().map(|p| (*p).clone()).collect(),
        }
    }

    /// Hugo finds `about`, `about.md`, `/about.md`, `posts/x` and a page folder's name.
    fn resolve(&self, target: &str) -> Option<&str> {
        let target = target
            .trim_start_matches('/')
            .split('#')
            .next()
            .unwrap_or_default();
        let target = target.trim_end_matches('/');
        let wanted = [
            target.to_owned(),
            format!("{target}.md"),
            format!("{target}/index.md"),
            format!("{target}/_index.md"),
        ];
        if let Some(found) = self.paths.iter().find(|p| wanted.contains(p)) {
            return Some(found);
        }
        // A bare name: the one page whose file (or folder) has that name.
        let name = target.trim_end_matches(".md");
        let mut matches = self.paths.iter().filter(|p| {
            let p = p.trim_end_matches(".md");
            p.ends_with(&format!("/{name}")) || p.ends_with(&format!("/{name}/index")) || p == name
        });
        let first = matches.next()?;
        matches.next().is_none().then_some(first.as_str())
    }
}

/// Hugo's `{{< name args >}}` and `{{% name args %}}`, or Zola's `{{ name(args) }}`, converted where a
/// component fits. Fenced code is left alone.
fn shortcodes(
    body: &str,
    first_line: usize,
    path: &Path,
    file: &str,
    generator: Generator,
    refs: &RefTargets,
    report: &mut Report,
) -> String {
    let mut out = String::with_capacity(body.len());
    let mut fence: Option<String> = None;
    let mut highlight: Option<String> = None;
    for (index, line) in body.split_inclusive('\n').enumerate() {
        let at = Location::at(path, first_line + index, 1);
        let trimmed = line.trim_start();
        if let Some(open) = &fence {
            if trimmed.starts_with(open.as_str()) {
                fence = None;
            }
            out.push_str(line);
            continue;
        }
        if highlight.is_none() && (trimmed.starts_with("```") || trimmed.starts_with("~~~")) {
            fence = Some(trimmed[..3].to_owned());
            out.push_str(line);
            continue;
        }
        raw_html(line, &at, file, report);
        let converted = match generator {
            Generator::Hugo => hugo_line(line, &at, file, refs, &mut highlight, report),
            Generator::Zola => zola_line(line, &at, file, report),
        };
        out.push_str(&converted);
    }
    out
}

/// HTML written in a page that loads or runs something, or collects what visitors type: kept (the
/// site's content security policy blocks what loads from elsewhere), and listed for a person to decide.
fn raw_html(line: &str, at: &Location, file: &str, report: &mut Report) {
    let pattern = regex_lite::Regex::new(
        r"(?i)<(script|iframe|form|object|embed|svg|video|audio|base)\b|<[a-z][^>]*\s(on[a-z]+)\s*=|(javascript|vbscript):",
    )
    .expect("a valid pattern");
    for found in pattern.captures_iter(line) {
        if let Some(code) = found.get(2).or_else(|| found.get(3)) {
            report.add(
                Concern::ThirdParty,
                at.clone(),
                Some(file),
                format!("`{}` in the page runs a script: remove it (the site's security policy blocks it)", code.as_str()),
            );
            continue;
        }
        let tag = found[1].to_ascii_lowercase();
        let (concern, message) = if tag == "form" {
            (
                Concern::Form,
                "a form written in the page: check where it sends what visitors type, or remove it"
                    .to_owned(),
            )
        } else {
            (
                Concern::ThirdParty,
                format!(
                    "the <{tag}> element written in the page: the site's security policy blocks what it loads from other sites; remove it or replace it with a component"
                ),
            )
        };
        report.add(concern, at.clone(), Some(file), message);
    }
}

/// One line of a Hugo page.
fn hugo_line(
    line: &str,
    at: &Location,
    file: &str,
    refs: &RefTargets,
    highlight: &mut Option<String>,
    report: &mut Report,
) -> String {
    let pattern = regex_lite::Regex::new(
        r"\{\{([<%])\s*(/?)\s*([A-Za-z0-9_./-]+)((?:[^>%]|>[^}]|%[^}])*?)\s*[>%]\}\}",
    )
    .expect("a valid pattern");
    let replace = |found: &regex_lite::Captures<'_>| {
        let whole = found.get(0).expect("the match");
        let closing = &found[2] == "/";
        let name = &found[3];
        let args = parse_args(found[4].trim());
        let arg = |key: &str, position: usize| {
            args.iter()
                .find(|(k, _)| k == key)
                .or_else(|| args.iter().filter(|(k, _)| k.is_empty()).nth(position))
                .map(|(_, v)| v.clone())
        };
        let replacement = match (name, closing) {
            ("highlight", false) => {
                let language = arg("lang", 0).unwrap_or_default();
                *highlight = Some(language.clone());
                Some(format!("```{language}"))
            }
            ("highlight", true) => {
                *highlight = None;
                Some("```".to_owned())
            }
            ("ref" | "relref", false) => {
                let target = arg("path", 0)
                    .as_deref()
                    .and_then(|t| refs.resolve(t))
                    .map(str::to_owned);
                if target.is_none() {
                    report.add(
                        Concern::Unconverted,
                        at.clone(),
                        Some(file),
                        format!("`{}` names no page of the site: the build stops there until it is fixed", whole.as_str()),
                    );
                }
                target.map(|target| format!("@/{target}"))
            }
            ("figure", false) => {
                let src = arg("src", 0).unwrap_or_default();
                let caption = arg("caption", usize::MAX)
                    .or_else(|| arg("title", usize::MAX))
                    .unwrap_or_default();
                let alt = arg("alt", usize::MAX)
                    .filter(|a| !a.is_empty())
                    .unwrap_or_else(|| caption.clone());
                if alt.is_empty() {
                    report.add(
                        Concern::Markup,
                        at.clone(),
                        Some(file),
                        format!(
                            "the picture {src} has no description (alt text): write what it shows"
                        ),
                    );
                }
                let mut call = vec![("src", src.as_str()), ("alt", alt.as_str())];
                if !caption.is_empty() {
                    call.push(("caption", caption.as_str()));
                }
                Some(component_call("figure", &call))
            }
            ("youtube", false) => arg("id", 0).map(|id| {
                component_call(
                    "video",
                    &[
                        ("url", &format!("https://www.youtube.com/watch?v={id}")),
                        ("title", "Watch the video"),
                    ],
                )
            }),
            ("vimeo", false) => arg("id", 0).map(|id| {
                component_call(
                    "video",
                    &[
                        ("url", &format!("https://vimeo.com/{id}")),
                        ("title", "Watch the video"),
                    ],
                )
            }),
            _ => {
                if !closing {
                    report.add(
                        Concern::Unconverted,
                        at.clone(),
                        Some(file),
                        format!("the shortcode `{}` has no component: the build stops there until it is replaced", whole.as_str()),
                    );
                }
                None
            }
        };
        replacement.unwrap_or_else(|| whole.as_str().to_owned())
    };
    pattern.replace_all(line, replace).into_owned()
}

/// One line of a Zola page: Zola's shortcodes already have Portico's syntax; its `youtube` and `vimeo`
/// become `video`, and any other name the site does not have stops the build.
fn zola_line(line: &str, at: &Location, file: &str, report: &mut Report) -> String {
    let pattern = regex_lite::Regex::new(r"\{\{\s*(youtube|vimeo)\s*\(([^)]*)\)\s*\}\}")
        .expect("a valid pattern");
    let converted = pattern
        .replace_all(line, |found: &regex_lite::Captures<'_>| {
            let args: HashMap<String, String> = parse_args(&found[2].replace(',', " "))
                .into_iter()
                .collect();
            let id = args.get("id").cloned().unwrap_or_default();
            let url = if &found[1] == "youtube" {
                format!("https://www.youtube.com/watch?v={id}")
            } else {
                format!("https://vimeo.com/{id}")
            };
            component_call("video", &[("url", &url), ("title", "Watch the video")])
        })
        .into_owned();
    let other =
        regex_lite::Regex::new(r"\{[{%]\s*([a-z_][a-z0-9_]*)\s*\(").expect("a valid pattern");
    let built_in = [
        "button",
        "callout",
        "faq",
        "figure",
        "hours",
        "map_link",
        "phone",
        "portal_login",
        "video",
    ];
    for found in other.captures_iter(&converted) {
        if !built_in.contains(&&found[1]) {
            report.add(
                Concern::Unconverted,
                at.clone(),
                Some(file),
                format!("the shortcode `{}` is not one of Portico's components: add templates/components/{}.html or replace it", &found[1], &found[1]),
            );
        }
    }
    converted
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hugo_shortcodes_become_components_and_links() {
        let refs = RefTargets::new(&[
            &"about.md".to_owned(),
            &"news/open-house/index.md".to_owned(),
        ]);
        let mut report = Report::default();
        let at = Location::at("x.md", 3, 1);
        let mut highlight = None;
        let mut convert = |line: &str| {
            hugo_line(
                line,
                &at,
                "content/x.md",
                &refs,
                &mut highlight,
                &mut report,
            )
        };
        assert_eq!(
            convert(
                "See [us]({{< ref \"about\" >}}) and [it]({{< relref \"open-house\" >}}). {{< youtube abc123 >}}\n"
            ),
            "See [us](@/about.md) and [it](@/news/open-house/index.md). {{ video(url=\"https://www.youtube.com/watch?v=abc123\", title=\"Watch the video\") }}\n"
        );
        assert_eq!(
            convert("{{< figure src=\"photo.jpg\" alt=\"The desk\" caption=\"Our desk\" >}}\n"),
            "{{ figure(src=\"photo.jpg\", alt=\"The desk\", caption=\"Our desk\") }}\n"
        );
        assert_eq!(
            convert("{{< notice warning >}}\n"),
            "{{< notice warning >}}\n"
        );
        assert!(
            report
                .markdown()
                .contains("`{{< notice warning >}}` has no component")
        );
    }

    #[test]
    fn toml_yaml_and_json_front_matter_are_read() {
        let path = Path::new("a.md");
        let (meta, body, line) = front_matter(
            "+++\ntitle = \"Flu\"\ndate = 2024-09-15T08:30:00Z\ntags = [\"flu\"]\n+++\nBody\n",
            path,
        )
        .unwrap();
        assert_eq!(meta["title"], "Flu");
        assert_eq!((body, line), ("Body\n", 6));
        let front = portico_front_matter(
            &meta,
            "a.md",
            path,
            Date::parse("2026-12-07").unwrap(),
            "content/a.md",
            &mut Report::default(),
        );
        assert_eq!(front, "title: \"Flu\"\ndate: 2024-09-15\ntags: [\"flu\"]\n");
        let (meta, ..) = front_matter(
            "{\n\"title\": \"Hi\",\n\"lastmod\": \"2024-01-02\"\n}\nBody\n",
            path,
        )
        .unwrap();
        assert_eq!(meta["lastmod"], "2024-01-02");
        let error = front_matter("+++\ntitle = \n+++\n", path).unwrap_err();
        assert!(error.to_string().contains("a.md:2"), "{error}");
    }
}

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

mod body;
mod front_matter;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use body::{RefTargets, shortcodes};
use front_matter::{front_matter, portico_front_matter, quote, title_from};

use super::{Concern, Contents, Plan, Report};
use crate::config::Date;
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

#[cfg(test)]
mod tests {
    use super::body::{Patterns, hugo_line};
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
        let patterns = Patterns::new();
        let mut convert = |line: &str| {
            hugo_line(
                &patterns,
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

//! Front matter: the YAML block between `---` lines at the top of a page.
//!
//! Splitting keeps track of where the block and the body start in the file, so that a YAML error on line 3
//! of the block is reported on line 4 of the file, and a broken link in the body on its real line (Zola
//! issue 1133 is what happens otherwise). Keys are strict: a typo is an error with a suggestion, never a
//! silently ignored setting.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};
use serde_saphyr::Spanned;

use crate::config::yaml::YamlSource;
use crate::config::{Date, Invalid, Slug, UrlPath};
use crate::error::{Diagnostics, Error, ErrorKind, Location};

/// A page's text cut into front matter and body, with the file line each starts on.
#[derive(Debug, PartialEq, Eq)]
pub struct Split<'a> {
    /// The YAML between the fences (empty when the page has none).
    pub yaml: &'a str,
    /// Lines of the file before the YAML (1 for the opening `---`).
    pub yaml_offset: usize,
    pub body: &'a str,
    /// Lines of the file before the body.
    pub body_offset: usize,
}

/// Cuts `text` at its `---` fences. A byte-order mark and Windows line endings are accepted.
pub fn split<'a>(text: &'a str, path: &Path) -> Result<Split<'a>, Error> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.split_inclusive('\n');
    let Some(first) = lines.next() else {
        return Ok(Split {
            yaml: "",
            yaml_offset: 0,
            body: text,
            body_offset: 0,
        });
    };
    let opening = first.trim_end();
    if opening == "+++" || opening == "{" {
        let kind = if opening == "+++" { "TOML" } else { "JSON" };
        return Err(Error::new(
            ErrorKind::FrontMatter,
            format!("the front matter is {kind} (as Hugo and Zola write it), which Portico does not read"),
        )
        .at(Location::at(path, 1, 1))
        .with_help("write it as YAML between two lines of `---`: `title = \"Flu shots\"` becomes `title: Flu shots`"));
    }
    if opening != "---" {
        return Ok(Split {
            yaml: "",
            yaml_offset: 0,
            body: text,
            body_offset: 0,
        });
    }
    let yaml_start = first.len();
    let mut at = yaml_start;
    for (index, line) in lines.enumerate() {
        if line.trim_end() == "---" {
            return Ok(Split {
                yaml: &text[yaml_start..at],
                yaml_offset: 1,
                body: &text[at + line.len()..],
                body_offset: index + 2,
            });
        }
        at += line.len();
    }
    Err(
        Error::new(ErrorKind::FrontMatter, "the front matter is never closed")
            .at(Location::at(path, 1, 1))
            .with_help("add a line with just `---` after the last front-matter key"),
    )
}

/// How a section orders its pages.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SortBy {
    /// By `weight`, then title.
    #[default]
    Weight,
    /// Newest first.
    Date,
}

/// Any YAML value, for `extra:`: what a theme wants from a page that Portico does not define.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(untagged)]
pub enum Extra {
    Bool(bool),
    Int(i64),
    Float(f64),
    String(String),
    List(Vec<Extra>),
    Map(BTreeMap<String, Extra>),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFrontMatter {
    title: String,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    date: Option<Spanned<String>>,
    #[serde(default)]
    updated: Option<Spanned<String>>,
    #[serde(default)]
    draft: bool,
    #[serde(default)]
    slug: Option<Spanned<String>>,
    #[serde(default)]
    path: Option<Spanned<String>>,
    #[serde(default)]
    template: Option<Spanned<String>>,
    #[serde(default)]
    weight: Option<i64>,
    #[serde(default)]
    aliases: Vec<Spanned<String>>,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    extra: BTreeMap<String, Extra>,
    #[serde(default)]
    sort_by: Option<SortBy>,
    #[serde(default)]
    paginate_by: Option<Spanned<usize>>,
    #[serde(default)]
    provider: Option<super::provider::RawProvider>,
    #[serde(default)]
    sample: bool,
}

/// Validated front matter.
#[derive(Debug, Clone, Default)]
pub struct FrontMatter {
    pub title: String,
    pub description: Option<String>,
    pub date: Option<Date>,
    pub updated: Option<Date>,
    /// `date` and `updated` in full, when the page gave a time of day (RFC 3339), for the sitemap.
    pub date_time: Option<String>,
    pub updated_time: Option<String>,
    pub draft: bool,
    pub slug: Option<Slug>,
    /// A path that replaces the one from the file's place under `content/`.
    pub path: Option<UrlPath>,
    /// A template other than the kind's default, with where it was named.
    pub template: Option<(String, Location)>,
    pub weight: Option<i64>,
    /// Old addresses that should lead here, each with where it is written.
    pub aliases: Vec<(UrlPath, Location)>,
    /// Where the page's URL is decided: its `path` or `slug` line, if it has one.
    pub url_location: Option<Location>,
    pub tags: Vec<String>,
    pub extra: BTreeMap<String, Extra>,
    pub sort_by: SortBy,
    /// How many pages a section lists per page of its list, with where it is written (checked to be
    /// on a section by the content loader, which knows the page's kind).
    pub paginate_by: Option<(usize, Location)>,
    /// A clinician's facts, on provider pages.
    pub provider: Option<super::provider::Provider>,
    /// Sample text that ships with Portico (a starter notice) and must be replaced by the practice's own:
    /// `portico check` reports it.
    pub sample: bool,
}

impl FrontMatter {
    /// Parses the YAML of a split page. All problems in it are reported together.
    pub fn parse(split: &Split<'_>, path: &Path) -> Result<FrontMatter, Diagnostics> {
        if split.yaml_offset == 0 {
            return Err(
                Error::new(ErrorKind::FrontMatter, "the page has no front matter")
                    .at(Location::at(path, 1, 1))
                    .with_help(
                        "start the file with `---`, a line `title: Your page title`, and `---`",
                    )
                    .into(),
            );
        }
        let mut source = YamlSource::new(path, split.yaml, ErrorKind::FrontMatter);
        source.line_offset = split.yaml_offset;
        let raw: RawFrontMatter = source.parse()?;
        let mut diagnostics = Diagnostics::new();
        let mut check = |value: &Spanned<String>, invalid: Invalid| {
            diagnostics.error(
                source
                    .error_at(value.referenced, invalid.message)
                    .with_help(invalid.help),
            );
        };
        let (date, date_time) = raw
            .date
            .as_ref()
            .and_then(|d| {
                Date::parse_with_time(&d.value)
                    .map_err(|e| check(d, e))
                    .ok()
            })
            .map_or((None, None), |(d, t)| (Some(d), t));
        let (updated, updated_time) = raw
            .updated
            .as_ref()
            .and_then(|d| {
                Date::parse_with_time(&d.value)
                    .map_err(|e| check(d, e))
                    .ok()
            })
            .map_or((None, None), |(d, t)| (Some(d), t));
        let slug = raw
            .slug
            .as_ref()
            .and_then(|s| Slug::parse(&s.value).map_err(|e| check(s, e)).ok());
        let url_path = raw
            .path
            .as_ref()
            .and_then(|p| UrlPath::dir(&p.value).map_err(|e| check(p, e)).ok());
        let aliases: Vec<(UrlPath, Location)> = raw
            .aliases
            .iter()
            .filter_map(|a| {
                let path = UrlPath::parse(&a.value).map_err(|e| check(a, e)).ok()?;
                Some((path, source.location(a.referenced)))
            })
            .collect();
        let url_location = raw
            .path
            .as_ref()
            .or(raw.slug.as_ref())
            .map(|s| source.location(s.referenced));
        let template = raw.template.as_ref().and_then(|t| {
            let valid =
                !t.value.contains("..") && !t.value.starts_with('/') && !t.value.contains('\\');
            if valid {
                Some((t.value.clone(), source.location(t.referenced)))
            } else {
                check(
                    t,
                    Invalid {
                        message: format!("`{}` is not a template name", t.value),
                        help: "name a file in the theme's templates folder, like page.html"
                            .to_owned(),
                    },
                );
                None
            }
        });
        let paginate_by = raw.paginate_by.as_ref().and_then(|n| {
            if n.value == 0 {
                diagnostics.error(
                    source
                        .error_at(n.referenced, "`paginate_by` must be 1 or more")
                        .with_help("write how many pages each page of the list shows, like `paginate_by: 10`, or remove the line to list them all on one page"),
                );
                None
            } else {
                Some((n.value, source.location(n.referenced)))
            }
        });
        let provider = raw
            .provider
            .and_then(|p| p.check(&source, &mut diagnostics));
        diagnostics.check()?;
        Ok(FrontMatter {
            title: raw.title,
            description: raw.description,
            date,
            updated,
            date_time,
            updated_time,
            draft: raw.draft,
            slug,
            path: url_path,
            template,
            weight: raw.weight,
            aliases,
            url_location,
            tags: raw.tags,
            extra: raw.extra,
            sort_by: raw.sort_by.unwrap_or_default(),
            paginate_by,
            provider,
            sample: raw.sample,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_counts_lines_and_accepts_bom_and_crlf() {
        let text = "\u{feff}---\r\ntitle: Hi\r\n---\r\nBody\r\n";
        let split = split(text, Path::new("a.md")).unwrap();
        assert_eq!(split.yaml, "title: Hi\r\n");
        assert_eq!((split.yaml_offset, split.body_offset), (1, 3));
        assert_eq!(split.body, "Body\r\n");
    }

    #[test]
    fn toml_and_json_front_matter_are_errors_that_say_so() {
        let error = split("+++\ntitle = \"Hi\"\n+++\nBody\n", Path::new("a.md")).unwrap_err();
        assert!(error.to_string().contains("TOML"), "{error}");
        let error = split("{\n\"title\": \"Hi\"\n}\nBody\n", Path::new("a.md")).unwrap_err();
        assert!(error.to_string().contains("JSON"), "{error}");
    }

    #[test]
    fn an_unclosed_block_is_an_error_on_line_one() {
        let error = split("---\ntitle: x\n", Path::new("a.md")).unwrap_err();
        assert_eq!(error.location().unwrap().line, Some(1));
    }

    #[test]
    fn errors_are_in_file_lines() {
        let text = "---\ntitle: Hi\ndate: 2026-13-01\n---\n";
        let split = split(text, Path::new("a.md")).unwrap();
        let errors = FrontMatter::parse(&split, Path::new("a.md")).unwrap_err();
        assert_eq!(errors.errors()[0].location().unwrap().line, Some(3));
    }
}

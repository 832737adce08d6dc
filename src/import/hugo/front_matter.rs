//! Front matter in YAML, TOML or JSON, read as one table and written again as Portico's YAML with
//! Portico's keys (the mapping is in [`super`]'s docs).

use std::fmt::Write as _;
use std::path::Path;

use serde_json::Value;

use crate::config::yaml::YamlSource;
use crate::config::{Date, Slug};
use crate::error::{Error, ErrorKind, Location};
use crate::import::{Concern, Report};

/// The front matter as a JSON object, the body, and the body's first line.
pub(super) fn front_matter<'a>(
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
        "---" => {
            // Portico's own front-matter reader: its messages, at the file's own lines.
            let mut source = YamlSource::new(path, raw, ErrorKind::FrontMatter);
            source.line_offset = 1;
            source.parse::<Value>().map_err(|e| {
                e.with_help("fix it in the old site (its generator should refuse it too), then import again")
            })?
        }
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
pub(super) fn portico_front_matter(
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

pub(super) fn quote(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".to_owned())
}

/// `flu-shots` -> `Flu shots`.
pub(super) fn title_from(name: &str) -> String {
    let words = name.replace(['-', '_'], " ");
    let mut chars = words.trim().chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

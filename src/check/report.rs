//! The check's report as text (for people), JSON (for scripts) and SARIF 2.1.0 (for GitHub code scanning).
//!
//! The JSON is stable: version 1 has `version`, `pages`, `errors`, `warnings` and `findings`, each finding
//! `rule`, `level` (`error` or `warning`), `message`, `help`, `file`, `line`, `column` (numbers or null),
//! `page` (the built page, or null) and `also` (how many other pages have the same finding). A report
//! of several sites (`--sites`) adds `site` (the folder name) to each finding and a `sites` list
//! (`site`, `root`, `built`, `pages`, `errors`, `warnings`); SARIF results carry the site in their
//! `properties`. New fields may be added; none will change meaning without a new `version`.

use std::fmt::Write as _;
use std::path::Path;

use serde::Serialize;
use serde_json::json;

use super::{Finding, RULES, Report};
use crate::error::counted;

/// How to print a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    #[default]
    Text,
    Json,
    Sarif,
}

pub(super) fn render(report: &Report, format: Format) -> String {
    match format {
        Format::Text => text(report),
        Format::Json => pretty(&json_report(report)),
        Format::Sarif => pretty(&sarif(report)),
    }
}

fn pretty(value: &impl Serialize) -> String {
    // Serializing a tree of strings and numbers to a String cannot fail.
    serde_json::to_string_pretty(value).unwrap_or_default() + "\n"
}

fn text(report: &Report) -> String {
    let mut out = String::new();
    let mut file = None;
    for finding in &report.findings {
        let place = (finding.site.as_deref(), &finding.location.path);
        if file != Some(place) {
            let site = finding
                .site
                .as_deref()
                .map_or_else(String::new, |s| format!("[{s}] "));
            let _ = writeln!(
                out,
                "{}{site}{}",
                if file.is_some() { "\n" } else { "" },
                place.1.display()
            );
            file = Some(place);
        }
        let at = match (finding.location.line, finding.location.column) {
            (Some(line), Some(column)) => format!("{line}:{column}"),
            (Some(line), None) => line.to_string(),
            _ => "-".to_owned(),
        };
        let _ = write!(
            out,
            "  {at:<7} {:<7} {:<34} {}",
            finding.level.label(),
            finding.rule,
            finding.message
        );
        if let Some(page) = &finding.page {
            let _ = write!(out, " (on {page})");
        }
        if finding.also > 0 {
            let _ = write!(out, " (and on {} more pages)", finding.also);
        }
        let _ = writeln!(out, "\n          fix: {}", finding.help);
    }
    if !report.findings.is_empty() {
        out.push('\n');
    }
    for site in &report.sites {
        let pages = if site.built {
            format!(" on {}", counted(site.pages, "page"))
        } else {
            " (it does not build)".to_owned()
        };
        let _ = writeln!(
            out,
            "{:<24} {}, {}{pages}",
            format!("{}:", site.name),
            counted(site.errors, "error"),
            counted(site.warnings, "warning")
        );
    }
    let sites = if report.sites.is_empty() {
        String::new()
    } else {
        format!(" of {}", counted(report.sites.len(), "site"))
    };
    let _ = writeln!(
        out,
        "{}, {} on {}{sites}",
        counted(report.errors(), "error"),
        counted(report.warnings(), "warning"),
        counted(report.pages, "page")
    );
    out
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    rule: &'a str,
    level: &'a str,
    message: &'a str,
    help: &'a str,
    file: String,
    line: Option<usize>,
    column: Option<usize>,
    page: Option<&'a str>,
    also: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    site: Option<&'a str>,
}

fn json_report(report: &Report) -> serde_json::Value {
    let findings: Vec<JsonFinding<'_>> = report
        .findings
        .iter()
        .map(|f| JsonFinding {
            rule: f.rule.as_str(),
            level: f.level.label(),
            message: &f.message,
            help: &f.help,
            file: slashes(&f.location.path),
            line: f.location.line,
            column: f.location.column,
            page: f.page.as_deref(),
            also: f.also,
            site: f.site.as_deref(),
        })
        .collect();
    let mut out = json!({
        "version": 1,
        "pages": report.pages,
        "errors": report.errors(),
        "warnings": report.warnings(),
        "findings": findings,
    });
    if !report.sites.is_empty() {
        out["sites"] = report
            .sites
            .iter()
            .map(|s| {
                json!({
                    "site": s.name,
                    "root": slashes(&s.root),
                    "built": s.built,
                    "pages": s.pages,
                    "errors": s.errors,
                    "warnings": s.warnings,
                })
            })
            .collect();
    }
    out
}

fn sarif(report: &Report) -> serde_json::Value {
    let rules: Vec<serde_json::Value> = RULES
        .iter()
        .map(|r| {
            json!({
                "id": r.id,
                "shortDescription": { "text": r.summary },
                "fullDescription": { "text": format!("{}: {}", r.summary, r.why) },
                "help": { "text": r.why },
                "defaultConfiguration": { "level": sarif_level(r.level.label()) },
            })
        })
        .collect();
    let results: Vec<serde_json::Value> = report.findings.iter().map(result).collect();
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "portico",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "results": results,
        }],
    })
}

fn result(finding: &Finding) -> serde_json::Value {
    let index = finding.rule as usize;
    let mut message = format!("{} Fix: {}", finding.message, finding.help);
    if finding.also > 0 {
        let _ = write!(message, " (and on {} more pages)", finding.also);
    }
    let region = json!({
        "startLine": finding.location.line.unwrap_or(1),
        "startColumn": finding.location.column.unwrap_or(1),
    });
    let mut result = json!({
        "ruleId": finding.rule.as_str(),
        "ruleIndex": index,
        "level": sarif_level(finding.level.label()),
        "message": { "text": message },
        "locations": [{ "physicalLocation": {
            "artifactLocation": { "uri": uri(&finding.location.path) },
            "region": region,
        }}],
    });
    if let Some(site) = &finding.site {
        result["properties"] = json!({ "site": site });
    }
    result
}

fn sarif_level(label: &str) -> &str {
    match label {
        "error" => "error",
        "warning" => "warning",
        _ => "none",
    }
}

/// A path as SARIF wants it: relative with forward slashes (resolved against the repository by code
/// scanning), or a `file://` URI when absolute.
fn uri(path: &Path) -> String {
    let text = slashes(path);
    let text = text.strip_prefix("./").unwrap_or(&text);
    if path.is_absolute() {
        format!("file://{text}")
    } else {
        text.to_owned()
    }
}

fn slashes(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

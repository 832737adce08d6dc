//! A page's text: Hugo's and Zola's shortcodes converted where a component fits, raw HTML that runs or
//! loads something listed. Fenced code is left alone.

use std::collections::HashMap;
use std::path::Path;

use super::Generator;
use crate::error::Location;
use crate::import::wordpress::shortcodes::parse_args;
use crate::import::{Concern, Report, component_call};

/// Every page's path under `content/`, to resolve `ref "about"` to `@/about.md`.
pub(super) struct RefTargets {
    paths: Vec<String>,
}

impl RefTargets {
    pub(super) fn new(pages: &[&String]) -> Self {
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

/// The patterns read on every line, compiled once per page rather than once per line.
pub(super) struct Patterns {
    /// Raw HTML that loads or runs something, or collects what visitors type.
    raw_html: regex_lite::Regex,
    /// Hugo's `{{< name args >}}` and `{{% name args %}}`, opening or closing.
    hugo: regex_lite::Regex,
    /// Zola's `{{ youtube(...) }}` and `{{ vimeo(...) }}`.
    zola_video: regex_lite::Regex,
    /// The start of any Zola shortcode, `{{ name(` or `{% name(`.
    zola_call: regex_lite::Regex,
}

impl Patterns {
    pub(super) fn new() -> Self {
        Patterns {
            raw_html: regex_lite::Regex::new(
                r"(?i)<(script|iframe|form|object|embed|svg|video|audio|base)\b|<[a-z][^>]*\s(on[a-z]+)\s*=|(javascript|vbscript):",
            )
            .expect("a valid pattern"),
            hugo: regex_lite::Regex::new(
                r"\{\{([<%])\s*(/?)\s*([A-Za-z0-9_./-]+)((?:[^>%]|>[^}]|%[^}])*?)\s*[>%]\}\}",
            )
            .expect("a valid pattern"),
            zola_video: regex_lite::Regex::new(r"\{\{\s*(youtube|vimeo)\s*\(([^)]*)\)\s*\}\}")
                .expect("a valid pattern"),
            zola_call: regex_lite::Regex::new(r"\{[{%]\s*([a-z_][a-z0-9_]*)\s*\(")
                .expect("a valid pattern"),
        }
    }
}

/// Hugo's `{{< name args >}}` and `{{% name args %}}`, or Zola's `{{ name(args) }}`, converted where a
/// component fits. Fenced code is left alone.
pub(super) fn shortcodes(
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
    let patterns = Patterns::new();
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
        raw_html(&patterns, line, &at, file, report);
        let converted = match generator {
            Generator::Hugo => hugo_line(&patterns, line, &at, file, refs, &mut highlight, report),
            Generator::Zola => zola_line(&patterns, line, &at, file, report),
        };
        out.push_str(&converted);
    }
    out
}

/// HTML written in a page that loads or runs something, or collects what visitors type: kept (the
/// site's content security policy blocks what loads from elsewhere), and listed for a person to decide.
fn raw_html(patterns: &Patterns, line: &str, at: &Location, file: &str, report: &mut Report) {
    for found in patterns.raw_html.captures_iter(line) {
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
pub(super) fn hugo_line(
    patterns: &Patterns,
    line: &str,
    at: &Location,
    file: &str,
    refs: &RefTargets,
    highlight: &mut Option<String>,
    report: &mut Report,
) -> String {
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
    patterns.hugo.replace_all(line, replace).into_owned()
}

/// One line of a Zola page: Zola's shortcodes already have Portico's syntax; its `youtube` and `vimeo`
/// become `video`, and any other name the site does not have stops the build.
fn zola_line(
    patterns: &Patterns,
    line: &str,
    at: &Location,
    file: &str,
    report: &mut Report,
) -> String {
    let converted = patterns
        .zola_video
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
    for found in patterns.zola_call.captures_iter(&converted) {
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

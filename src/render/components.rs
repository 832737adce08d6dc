//! Components: each call in a page's text (read by [`crate::content::components`]) rendered by the
//! template `components/NAME.html` (the site's `templates/components/`, then the theme's, then Portico's
//! own in `themes/_plugins/components/`), and put where its placeholder is in the page's HTML.
//!
//! It runs once per build, after the plugins changed the site and before any page is rendered, so a
//! page's text is complete wherever it is shown: on its own page, in a section's list of summaries, in
//! the search index. A component renders with everything a page's template sees (`site`, `portal`,
//! `t`, `page`, ...) plus `args`, the call's arguments, and `body`, the HTML of its markdown.

use std::collections::BTreeMap;

use rayon::prelude::*;

use super::Renderer;
use crate::config::Lang;
use crate::content::components::{Arg, Call, closing, opening};
use crate::content::markdown::split_summary;
use crate::content::{PageId, Site};
use crate::error::{Diagnostics, Error, ErrorKind, Location};
use crate::output::Fingerprints;
use crate::theme::Theme;
use crate::views::{PageContext, PluginViews};

/// A page's HTML with its components in place.
#[derive(Debug)]
pub struct ResolvedContent {
    pub page: PageId,
    pub html: String,
    pub summary: Option<String>,
    pub after_summary: Option<usize>,
}

/// Renders the components of every page that calls any. An unknown component, or one whose template
/// fails, is an error at the call's line and column. Nothing is done (not even loading the templates)
/// for a site whose pages call none.
pub fn components(
    site: &Site,
    theme: &Theme,
    plugins: &BTreeMap<Lang, PluginViews<'_>>,
) -> Result<Vec<ResolvedContent>, Diagnostics> {
    let calling: Vec<PageId> = (0..site.pages.len())
        .filter(|&id| !site.pages[id].content.components.is_empty())
        .collect();
    if calling.is_empty() {
        return Ok(Vec::new());
    }
    // Asset fingerprints are not known yet: a component links the theme's files through its page.
    let renderer = Renderer::new(site, theme, plugins, &Fingerprints::new())?;
    let known: Vec<&str> = theme
        .templates
        .keys()
        .filter_map(|name| name.strip_prefix("components/")?.strip_suffix(".html"))
        .collect();
    // Components whose template is Portico's own: their arguments are checked before they render.
    let portico_own: Vec<&str> = known
        .iter()
        .copied()
        .filter(|name| {
            theme.templates[&format!("components/{name}.html")]
                .origin
                .starts_with("themes/_plugins")
        })
        .collect();
    let has_portal = plugins.values().any(|views| views.portal.is_some());
    let results: Vec<Result<ResolvedContent, Vec<Error>>> = calling
        .par_iter()
        .map(|&id| resolve(&renderer, id, &known, &portico_own, has_portal))
        .collect();
    let mut diagnostics = Diagnostics::new();
    let mut resolved = Vec::new();
    for result in results {
        match result {
            Ok(content) => resolved.push(content),
            Err(errors) => errors.into_iter().for_each(|e| diagnostics.error(e)),
        }
    }
    diagnostics.check().map(|_| resolved)
}

/// One page's components, innermost first: an outer component's body holds its inner ones' output.
fn resolve(
    renderer: &Renderer<'_>,
    id: PageId,
    known: &[&str],
    portico_own: &[&str],
    has_portal: bool,
) -> Result<ResolvedContent, Vec<Error>> {
    let page = &renderer.site.pages[id];
    let calls = &page.content.components;
    let at = |call: &Call| Location::at(&page.source.path, call.line, call.column);
    let unknown: Vec<Error> = calls
        .iter()
        .filter(|call| !known.contains(&call.name.as_str()))
        .map(|call| {
            let help = crate::config::yaml::suggest(&call.name, known.iter().copied()).map_or_else(
                || format!("the components are {}; a site adds its own as templates/components/NAME.html", known.join(", ")),
                |near| format!("did you mean `{near}`? The components are {}", known.join(", ")),
            );
            Error::new(ErrorKind::Component, format!("there is no component `{}`", call.name))
                .at(at(call))
                .with_help(help)
        })
        .collect();
    if !unknown.is_empty() {
        return Err(unknown);
    }
    let mut html = page.content.html.clone();
    for (index, call) in calls.iter().enumerate().rev() {
        let open = opening(index);
        let (start, end, body) = if call.has_body {
            let close = closing(index);
            let (start, inner_start) =
                find(&html, &open, call.alone).ok_or_else(|| vec![lost(call, &at)])?;
            let (inner_end, end) = find(&html[inner_start..], &close, call.alone)
                .map(|(a, b)| (inner_start + a, inner_start + b))
                .ok_or_else(|| vec![lost(call, &at)])?;
            (start, end, html[inner_start..inner_end].trim().to_owned())
        } else {
            let (start, end) =
                find(&html, &open, call.alone).ok_or_else(|| vec![lost(call, &at)])?;
            (start, end, String::new())
        };
        let args = if portico_own.contains(&call.name.as_str()) {
            checked(renderer.site, id, index, call, has_portal).map_err(|e| vec![e.at(at(call))])?
        } else {
            call.args.clone()
        };
        let output = render_one(renderer, id, call, &args, body).map_err(|e| {
            vec![e.with_related(format!("in the component `{}` called", call.name), at(call))]
        })?;
        let output = output.trim();
        // A call alone on its line whose output is words (a link) stays a paragraph.
        if call.alone && !starts_a_block(output) {
            html.replace_range(start..end, &format!("<p>{output}</p>"));
        } else {
            html.replace_range(start..end, output);
        }
    }
    let (summary, after_summary) = split_summary(&html);
    Ok(ResolvedContent {
        page: id,
        html,
        summary,
        after_summary,
    })
}

/// Whether HTML starts with an element that is a block of its own (not one for inside a paragraph).
fn starts_a_block(html: &str) -> bool {
    const BLOCKS: &[&str] = &[
        "address",
        "aside",
        "blockquote",
        "details",
        "div",
        "dl",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "ul",
    ];
    let Some(rest) = html.strip_prefix('<') else {
        return false;
    };
    let name: String = rest
        .chars()
        .take_while(char::is_ascii_alphanumeric)
        .collect();
    BLOCKS.contains(&name.to_ascii_lowercase().as_str())
}

/// Where a placeholder is: as a paragraph of its own (`<p>MARK</p>`, for a call alone on its line),
/// else anywhere (inside a line, or where markdown did not make a paragraph, as in a tight list).
fn find(html: &str, mark: &str, alone: bool) -> Option<(usize, usize)> {
    if alone {
        let paragraph = format!("<p>{mark}</p>");
        if let Some(start) = html.find(&paragraph) {
            return Some((start, start + paragraph.len()));
        }
    }
    html.find(mark).map(|start| (start, start + mark.len()))
}

/// A placeholder markdown did not keep (inside a link's address, or an HTML attribute).
fn lost(call: &Call, at: &dyn Fn(&Call) -> Location) -> Error {
    Error::new(
        ErrorKind::Component,
        format!("the component `{}` cannot stand here", call.name),
    )
    .at(at(call))
    .with_help(
        "put it in a paragraph of text or on a line of its own, not inside a link or an HTML tag",
    )
}

fn render_one(
    renderer: &Renderer<'_>,
    id: PageId,
    call: &Call,
    args: &BTreeMap<String, Arg>,
    body: String,
) -> Result<String, Error> {
    let page = &renderer.site.pages[id];
    let context = PageContext {
        nav: Vec::new(),
        translations: Vec::new(),
        page: renderer.views.page(id),
        section: None,
        args: Some(args),
        body: Some(body),
    };
    renderer.engine.render(
        &format!("components/{}.html", call.name),
        renderer.shared(&page.lang),
        &context,
    )
}

/// What each built-in component takes: required arguments, then optional ones.
const BUILT_IN: &[(&str, &[&str], &[&str])] = &[
    ("button", &["href"], &["text"]),
    ("callout", &[], &["kind", "title"]),
    ("faq", &["question"], &[]),
    ("figure", &["src", "alt"], &["caption"]),
    ("hours", &[], &["location"]),
    ("map_link", &[], &["location", "text"]),
    ("phone", &[], &["location"]),
    ("portal_login", &[], &["location"]),
    ("video", &["url", "title"], &[]),
];

/// The arguments a built-in component's template gets (when the template is Portico's, not one the site
/// or theme wrote in its place), checked here so a mistake is an error at the
/// call's line with what to write, and completed: `kind` is `note` unless given, `location` is the first
/// office unless given, `external` says whether an address is on another site, `lazy` whether a figure
/// is not the page's first picture, `host` a video's site, and `id` is unique on the page.
fn checked(
    site: &Site,
    id: PageId,
    index: usize,
    call: &Call,
    has_portal: bool,
) -> Result<BTreeMap<String, Arg>, Error> {
    let mut args = call.args.clone();
    let Some((_, required, optional)) = BUILT_IN.iter().find(|(name, ..)| *name == call.name)
    else {
        return Ok(args);
    };
    let mistake =
        |message: String, help: String| Error::new(ErrorKind::Component, message).with_help(help);
    let takes = required
        .iter()
        .chain(optional.iter())
        .copied()
        .collect::<Vec<_>>()
        .join(", ");
    for name in args.keys() {
        if !required.contains(&name.as_str()) && !optional.contains(&name.as_str()) {
            let near =
                crate::config::yaml::suggest(name, required.iter().chain(optional.iter()).copied());
            return Err(mistake(
                format!("the component `{}` has no argument `{name}`", call.name),
                near.map_or_else(
                    || format!("it takes {takes}"),
                    |n| format!("did you mean `{n}`? It takes {takes}"),
                ),
            ));
        }
    }
    for name in *required {
        if !args.contains_key(*name) {
            return Err(mistake(
                format!("the component `{}` needs `{name}`", call.name),
                format!("write `{name}=\"...\"` in its parentheses; it takes {takes}"),
            ));
        }
    }
    for (name, value) in &args {
        if value.as_text().is_none() {
            return Err(mistake(
                format!(
                    "`{name}` of the component `{}` is text, in quotes",
                    call.name
                ),
                format!("write `{name}=\"...\"`"),
            ));
        }
    }
    let text = |name: &str| {
        args.get(name)
            .and_then(Arg::as_text)
            .unwrap_or_default()
            .to_owned()
    };
    match call.name.as_str() {
        "callout" => {
            let kind = args
                .get("kind")
                .and_then(Arg::as_text)
                .unwrap_or("note")
                .to_owned();
            if !["note", "warning"].contains(&kind.as_str()) {
                return Err(mistake(
                    format!("a callout's kind is `note` or `warning`, not `{kind}`"),
                    "write `kind=\"note\"` (the default) or `kind=\"warning\"`".to_owned(),
                ));
            }
            args.insert("kind".to_owned(), Arg::Text(kind));
        }
        "button" => {
            let href = text("href");
            if !(href.starts_with('/')
                || href.starts_with("https://")
                || href.starts_with("mailto:")
                || href.starts_with("tel:"))
            {
                return Err(mistake(
                    format!("the button's address `{href}` is not one a visitor can follow safely"),
                    "write a path of this site (`/new-patients/`), or an https:// address"
                        .to_owned(),
                ));
            }
            if !call.has_body && !args.contains_key("text") {
                return Err(mistake(
                    "the button has no words".to_owned(),
                    "write `text=\"...\"`, or put the words between `{% button(href=\"...\") %}` and `{% end %}`".to_owned(),
                ));
            }
            let external = href.starts_with("https://");
            let href = if href.starts_with('/') {
                site.config.base_url.prefixed(&href)
            } else {
                href
            };
            args.insert("href".to_owned(), Arg::Text(href));
            args.insert("external".to_owned(), Arg::Bool(external));
        }
        "faq" if !call.has_body => {
            return Err(mistake(
                "the question has no answer".to_owned(),
                "put the answer between `{% faq(question=\"...\") %}` and `{% end %}`".to_owned(),
            ));
        }
        "figure" => {
            if !text("src").starts_with('/') {
                return Err(mistake(
                    format!(
                        "the figure's picture `{}` is not a file of this site",
                        text("src")
                    ),
                    "write its path under static/, starting with /: `src=\"/images/office.jpg\"`"
                        .to_owned(),
                ));
            }
            // The page's first picture loads at once; the others when scrolled to.
            let first = site.pages[id]
                .content
                .images
                .first()
                .is_some_and(|image| (image.line, image.column) == (call.line, call.column));
            args.insert("lazy".to_owned(), Arg::Bool(!first));
        }
        "video" => {
            let url = text("url");
            let host = url::Url::parse(&url)
                .ok()
                .filter(|u| u.scheme() == "https")
                .and_then(|u| u.host_str().map(|h| h.trim_start_matches("www.").to_owned()))
                .ok_or_else(|| {
                    mistake(
                        format!("the video's address `{url}` is not an https:// address"),
                        "copy the video's address from the browser's address bar, starting with https://".to_owned(),
                    )
                })?;
            args.insert("host".to_owned(), Arg::Text(host));
        }
        "hours" | "map_link" | "phone" | "portal_login" => {
            let locations = &site.config.locations;
            let id = match args.get("location").and_then(Arg::as_text) {
                Some(id) => id.to_owned(),
                // Without a location: the practice's own phone number, the first office otherwise.
                None if call.name == "phone" => String::new(),
                None => locations
                    .first()
                    .map(|l| l.id.as_str().to_owned())
                    .unwrap_or_default(),
            };
            if !id.is_empty() && !locations.iter().any(|l| l.id.as_str() == id) {
                let ids: Vec<&str> = locations.iter().map(|l| l.id.as_str()).collect();
                return Err(mistake(
                    format!("there is no office `{id}` in portico.yaml's locations"),
                    format!(
                        "the offices are {}",
                        if ids.is_empty() {
                            "none".to_owned()
                        } else {
                            ids.join(", ")
                        }
                    ),
                ));
            }
            if id.is_empty() && call.name != "phone" {
                return Err(mistake(
                    format!(
                        "the component `{}` shows an office, and the site has none",
                        call.name
                    ),
                    "add the office under `locations:` in portico.yaml".to_owned(),
                ));
            }
            if call.name == "portal_login" && !has_portal {
                return Err(mistake(
                    "the component `portal_login` shows the patient portal, and the site has none"
                        .to_owned(),
                    "set `portal:` in portico.yaml (the vendor and the login address)".to_owned(),
                ));
            }
            args.insert("location".to_owned(), Arg::Text(id));
        }
        _ => {}
    }
    args.insert("id".to_owned(), Arg::Text(format!("component-{index}")));
    Ok(args)
}

//! The cleaning step of a WordPress item's conversion (4. in [`super`]'s docs), with lol_html: what
//! runs code, loads from other sites or collects what visitors type is removed and reported; obsolete
//! markup is unwrapped or dropped; links and pictures on the old site point at the new pages and files.

use std::cell::RefCell;

use lol_html::html_content::ContentType;
use lol_html::{RewriteStrSettings, element, rewrite_str};

use super::{OldSite, Place, Tokens, block, call, local_path, uploads_file};
use crate::import::{Concern, Report};

/// Elements removed with what is inside them, because they run code, load from elsewhere, or collect
/// what visitors type.
const REMOVED: &str = "script, noscript, style, link, meta, base, iframe, frame, frameset, object, embed, applet, form, input, select, textarea, button, video, audio, source, track, svg, math, canvas, portal";

/// Elements obsolete in HTML: their content is kept, the element goes.
const UNWRAPPED: &str = "font, center, big, tt, strike, blink, marquee, basefont";

/// Attributes obsolete in HTML, or that HTML from a page builder carries and a static site cannot use
/// (inline styles, which the content security policy blocks).
const DROPPED_ATTRIBUTES: &[&str] = &[
    "align",
    "valign",
    "bgcolor",
    "border",
    "hspace",
    "vspace",
    "cellpadding",
    "cellspacing",
    "style",
    "class",
    "srcset",
    "sizes",
    "loading",
    "decoding",
    "width",
    "height",
    "frameborder",
    "allowfullscreen",
    "face",
    "color",
    "size",
    "ping",
    "background",
    "poster",
    "formaction",
    "target",
];

/// Cleans an item's HTML, reporting what it removed or changed.
pub(super) fn clean(
    html: &str,
    old: &OldSite<'_>,
    place: &Place<'_>,
    report: &mut Report,
    tokens: &mut Tokens,
) -> String {
    let findings: RefCell<Vec<(Concern, String)>> = RefCell::new(
        trackers(html)
            .into_iter()
            .map(|name| {
                (
                    Concern::ThirdParty,
                    format!("tracking code ({name}) was removed"),
                )
            })
            .collect(),
    );
    let new_tokens: RefCell<Vec<String>> = RefCell::new(Vec::new());
    let first_token = tokens.calls.len();
    let note = |concern: Concern, message: String| {
        let mut findings = findings.borrow_mut();
        if !findings.iter().any(|(c, m)| *c == concern && *m == message) {
            findings.push((concern, message));
        }
    };
    let settings = RewriteStrSettings::new()
        .append_element_content_handler(element!(REMOVED, |el| {
            let tag = el.tag_name();
            let source = el
                .get_attribute("src")
                .or_else(|| el.get_attribute("action"))
                .or_else(|| el.get_attribute("data"))
                .unwrap_or_default();
            let host = url::Url::parse(&source)
                .ok()
                .and_then(|u| u.host_str().map(str::to_owned));
            match tag.as_str() {
                "form" => note(
                    Concern::Form,
                    match &host {
                        Some(host) => format!("a form that sent what visitors typed to {host} was removed"),
                        None => "a form was removed".to_owned(),
                    },
                ),
                "iframe" if is_video_host(host.as_deref()) => {
                    let mut new_tokens = new_tokens.borrow_mut();
                    new_tokens.push(call("video", &[("url", &watch_url(&source)), ("title", "Watch the video")]));
                    let token = format!("XPORTICO{}X", first_token + new_tokens.len() - 1);
                    note(
                        Concern::ThirdParty,
                        format!(
                            "the video player from {} is now a link to the video, which loads nothing until a visitor follows it: check its title",
                            host.as_deref().unwrap_or_default()
                        ),
                    );
                    el.replace(&block(&token), ContentType::Html);
                    return Ok(());
                }
                "script" | "iframe" | "frame" | "object" | "embed" | "applet" | "video" | "audio"
                | "svg" | "canvas" | "base" | "portal" => {
                    let what = match tag.as_str() {
                        "script" => "a script",
                        "iframe" | "frame" | "portal" => {
                            "an embedded page (<iframe>: a map, a booking or chat box)"
                        }
                        "video" | "audio" => "a player (<video>, <audio>): link to the file instead",
                        "svg" | "canvas" => "a drawing (<svg>, <canvas>): save it as a picture",
                        "base" => "a <base> address",
                        _ => "an embedded object",
                    };
                    note(
                        Concern::ThirdParty,
                        match &host {
                            Some(host) => format!("{what} from {host} was removed"),
                            None => format!("{what} written in the page was removed"),
                        },
                    );
                }
                _ => {}
            }
            el.remove();
            Ok(())
        }))
        .append_element_content_handler(element!(UNWRAPPED, |el| {
            note(
                Concern::Markup,
                format!("<{}> is obsolete: its text was kept without it", el.tag_name()),
            );
            el.remove_and_keep_content();
            Ok(())
        }))
        .append_element_content_handler(element!("div, span, section, article, header, footer, main, aside, nav", |el| {
            el.remove_and_keep_content();
            Ok(())
        }))
        .append_element_content_handler(element!("*", |el| {
            let names: Vec<String> = el.attributes().iter().map(lol_html::html_content::Attribute::name).collect();
            for name in names {
                if name.starts_with("on") {
                    note(
                        Concern::ThirdParty,
                        format!("a script in an `{name}` attribute of <{}> was removed", el.tag_name()),
                    );
                    el.remove_attribute(&name);
                } else if DROPPED_ATTRIBUTES.contains(&name.as_str()) || name.starts_with("data-") {
                    if name == "style" {
                        note(
                            Concern::Markup,
                            "inline styles were removed (the site's security policy blocks them; the theme styles the page)".to_owned(),
                        );
                    }
                    if ["align", "valign", "bgcolor", "border", "face", "color"].contains(&name.as_str()) {
                        note(
                            Concern::Markup,
                            format!("the obsolete `{name}` attribute was removed from <{}>", el.tag_name()),
                        );
                    }
                    el.remove_attribute(&name);
                }
            }
            Ok(())
        }))
        .append_element_content_handler(element!("a[href], area[href]", |el| {
            let href = el.get_attribute("href").unwrap_or_default();
            if runs_code(&href) {
                note(Concern::ThirdParty, "a link that ran a script was removed (its words were kept)".to_owned());
                el.remove_and_keep_content();
            } else if let Some(new) = new_address(&href, old, &note) {
                el.set_attribute("href", &new).ok();
            }
            Ok(())
        }))
        .append_element_content_handler(element!("img", |el| {
            let src = el.get_attribute("src").unwrap_or_default();
            let Some(path) = local_path(&src, &old.hosts) else {
                note(
                    Concern::ThirdParty,
                    format!("a picture loaded from another site was removed: {src} (save it into static/ to show it again)"),
                );
                el.remove();
                return Ok(());
            };
            match uploads_file(&path).map(|file| (file, (old.media)(file))) {
                Some((_, Some(new))) => {
                    if el.get_attribute("alt").is_none_or(|a| a.trim().is_empty()) {
                        note(Concern::Markup, format!("the picture {new} has no description (alt text): write what it shows"));
                    }
                    el.set_attribute("src", &new).ok();
                }
                Some((file, None)) => {
                    note(Concern::MissingMedia, format!("the picture wp-content/uploads/{file} is not in the uploads folder"));
                    el.remove();
                }
                None => {}
            }
            Ok(())
        }));
    // lol_html reads any input as HTML, and the handlers never fail.
    let cleaned = rewrite_str(html, settings).unwrap_or_else(|_| html.to_owned());
    tokens.calls.extend(new_tokens.into_inner());
    for (concern, message) in findings.into_inner() {
        report.add(concern, place.at.clone(), Some(place.file), message);
    }
    cleaned
}

/// Whether an address runs code when followed (`javascript:`, `vbscript:`, `data:`), however it is
/// written: with character references (`&#106;avascript:`) or with tabs and line breaks inside, which a
/// browser skips.
fn runs_code(href: &str) -> bool {
    let plain: String = crate::html::unescape(href)
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    ["javascript:", "vbscript:", "data:"]
        .iter()
        .any(|scheme| plain.starts_with(scheme))
}

/// Where a link to the old site goes now: a page as an `@/` link (checked by the build), a file at its
/// copied path. `None` leaves the link as written (another site, or `mailto:`).
fn new_address(href: &str, old: &OldSite<'_>, note: &dyn Fn(Concern, String)) -> Option<String> {
    let path = local_path(href, &old.hosts)?;
    if let Some(file) = uploads_file(&path) {
        return Some((old.media)(file).unwrap_or_else(|| {
            note(
                Concern::MissingMedia,
                format!("the file wp-content/uploads/{file} is not in the uploads folder"),
            );
            path.clone()
        }));
    }
    let (page, anchor) = path
        .split_once('#')
        .map_or((path.as_str(), None), |(p, a)| (p, Some(a)));
    let key = if page.ends_with('/') || page.contains('?') {
        page.to_owned()
    } else {
        format!("{page}/")
    };
    let Some(source) = old.pages.get(&key) else {
        note(
            Concern::Address,
            format!("a link to {path}, a page the export does not have (or left out)"),
        );
        return Some(path);
    };
    if anchor.is_some() {
        note(
            Concern::Address,
            format!("the link to {path} now goes to the top of its page"),
        );
    }
    Some(format!("@/{source}"))
}

fn is_video_host(host: Option<&str>) -> bool {
    host.is_some_and(|h| {
        [
            "youtube.com",
            "www.youtube.com",
            "youtube-nocookie.com",
            "www.youtube-nocookie.com",
            "player.vimeo.com",
            "vimeo.com",
        ]
        .contains(&h)
    })
}

/// The page a visitor watches a video on, from a player's address.
fn watch_url(src: &str) -> String {
    let src = if src.starts_with("//") {
        format!("https:{src}")
    } else {
        src.to_owned()
    };
    if let Some(id) = src.split("/embed/").nth(1) {
        let id = id.split(['?', '&', '#']).next().unwrap_or_default();
        return format!("https://www.youtube.com/watch?v={id}");
    }
    if let Some(id) = src.split("player.vimeo.com/video/").nth(1) {
        let id = id.split(['?', '&', '#']).next().unwrap_or_default();
        return format!("https://vimeo.com/{id}");
    }
    src.replacen("http://", "https://", 1)
}

/// Tracking services, by what their code carries: reported by name, so a practice knows what its old
/// site told which company about its visitors.
const TRACKERS: &[(&str, &str)] = &[
    (
        "googletagmanager.com",
        "Google Analytics or Google Tag Manager",
    ),
    (
        "google-analytics.com",
        "Google Analytics or Google Tag Manager",
    ),
    ("gtag(", "Google Analytics or Google Tag Manager"),
    ("connect.facebook.net", "the Meta (Facebook) pixel"),
    ("fbq(", "the Meta (Facebook) pixel"),
    ("hotjar", "Hotjar"),
    ("_paq", "Matomo"),
    ("clarity.ms", "Microsoft Clarity"),
    ("snap.licdn.com", "LinkedIn Insight"),
];

/// The trackers whose code is in `html`.
fn trackers(html: &str) -> Vec<&'static str> {
    let mut found: Vec<&'static str> = TRACKERS
        .iter()
        .filter(|(sign, _)| html.contains(sign))
        .map(|(_, name)| *name)
        .collect();
    found.dedup();
    found
}

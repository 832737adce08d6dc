//! A WordPress item's HTML as Portico markdown, in plain steps:
//!
//! 1. Gutenberg's block comments go; `<!--more-->` stays as the summary marker.
//! 2. Shortcodes and picture figures become components (`figure`, `video`), or, with no component that
//!    fits, a call to a component that does not exist, so the build stops there with the file and line
//!    rather than shipping `[contact-form-7 id="5"]` as text. Each stands in the text as a token until
//!    the end.
//! 3. Text written in the classic editor gets its paragraphs (WordPress adds `<p>` only when it shows a
//!    page: its `wpautop`).
//! 4. The HTML is cleaned with lol_html: scripts, forms, frames and embeds from other sites are removed
//!    and reported; obsolete markup (`<font>`, `<center>`, `align=`) is unwrapped or dropped; links and
//!    pictures on the old site point at the new pages (`@/` links, which the build checks) and files.
//! 5. htmd (a maintained turndown port) writes the markdown, keeping as HTML what markdown cannot say.

mod clean;

use std::collections::HashMap;
use std::fmt::Write as _;

use clean::clean;

use super::shortcodes::{self, FORMS, Shortcode};
use crate::error::Location;
use crate::import::{Concern, Report, component_call as call};

/// What conversion needs to know about the old site.
pub(super) struct OldSite<'a> {
    /// The old site's hosts (`www.example.com` and `example.com`).
    pub hosts: Vec<String>,
    /// An old page's path (`/about/`, `/?page_id=5`) and its source under `content/` (`about.md`).
    pub pages: &'a HashMap<String, String>,
    /// Attachments by id: their new site path and alt text.
    pub attachments: &'a HashMap<u64, Media>,
    /// The new site path of a file under the old `wp-content/uploads/`, given its path there; `None`
    /// when the uploads folder does not have it.
    pub media: &'a dyn Fn(&str) -> Option<String>,
}

#[derive(Debug, Clone)]
pub(super) struct Media {
    /// Its path under `wp-content/uploads/`: `2024/05/office.jpg`.
    pub file: String,
    pub alt: String,
}

/// Where findings go: the item's line in the export and its new file.
pub(super) struct Place<'a> {
    pub at: &'a Location,
    pub file: &'a str,
}

/// Converts one item's HTML.
pub(super) fn convert(
    html: &str,
    old: &OldSite<'_>,
    place: &Place<'_>,
    report: &mut Report,
) -> String {
    let mut tokens = Tokens::default();
    let html = block_comments(html);
    let html = replace_shortcodes(&html, old, place, report, &mut tokens);
    let html = figures(&html, old, place, report, &mut tokens);
    let html = paragraphs(&html);
    let html = clean(&html, old, place, report, &mut tokens);
    let markdown = to_markdown(&html);
    tokens.put_back(&markdown)
}

/// Text that stands in the HTML for a component call, put back after htmd (which would escape it).
#[derive(Default)]
struct Tokens {
    calls: Vec<String>,
}

const MORE: &str = "XPORTICOMOREX";

impl Tokens {
    fn add(&mut self, call: String) -> String {
        self.calls.push(call);
        format!("XPORTICO{}X", self.calls.len() - 1)
    }

    fn put_back(&self, markdown: &str) -> String {
        let mut out = markdown.replace(MORE, "<!-- more -->");
        for (index, call) in self.calls.iter().enumerate().rev() {
            out = out.replace(&format!("XPORTICO{index}X"), call);
        }
        out.trim().to_owned() + "\n"
    }
}

/// Removes `<!-- wp:paragraph -->` and `<!-- /wp:paragraph -->`; keeps `<!--more-->` as a marker.
fn block_comments(html: &str) -> String {
    let pattern = regex_lite::Regex::new(r"(?s)<!--\s*/?wp:.*?-->").expect("a valid pattern");
    let more = regex_lite::Regex::new(r"<!--\s*more\s*-->").expect("a valid pattern");
    let html = pattern.replace_all(html, "");
    more.replace_all(&html, format!("\n\n<p>{MORE}</p>\n\n").as_str())
        .into_owned()
}

/// A call on a line of its own in the HTML, so it is a block of its own in the markdown.
fn block(token: &str) -> String {
    format!("\n\n<p>{token}</p>\n\n")
}

fn replace_shortcodes(
    html: &str,
    old: &OldSite<'_>,
    place: &Place<'_>,
    report: &mut Report,
    tokens: &mut Tokens,
) -> String {
    let found = shortcodes::find(html);
    if found.is_empty() {
        return html.to_owned();
    }
    let mut out = String::with_capacity(html.len());
    let mut from = 0;
    for shortcode in found {
        out.push_str(&html[from..shortcode.range.start]);
        from = shortcode.range.end;
        out.push_str(&shortcode_to_component(
            &shortcode, old, place, report, tokens,
        ));
    }
    out.push_str(&html[from..]);
    out
}

fn shortcode_to_component(
    shortcode: &Shortcode,
    old: &OldSite<'_>,
    place: &Place<'_>,
    report: &mut Report,
    tokens: &mut Tokens,
) -> String {
    let body = shortcode.body.as_deref().unwrap_or_default();
    match shortcode.name.as_str() {
        "caption" | "wp_caption" => {
            let caption = crate::html::text_of(&strip_img(body));
            if let Some(img) = first_img(body) {
                figure(&img, &caption, old, place, report, tokens)
            } else {
                report.add(
                    Concern::MissingMedia,
                    place.at.clone(),
                    Some(place.file),
                    "a [caption] with no picture in it: its words were kept as a paragraph",
                );
                format!("<p>{}</p>", crate::html::escape(&caption))
            }
        }
        "gallery" => {
            let mut out = String::new();
            let ids = shortcode.arg("ids").unwrap_or_default();
            for id in ids
                .split(',')
                .filter_map(|id| id.trim().parse::<u64>().ok())
            {
                match old
                    .attachments
                    .get(&id)
                    .and_then(|m| Some(((old.media)(&m.file)?, m)))
                {
                    Some((src, media)) => {
                        if media.alt.is_empty() {
                            no_alt(&src, place, report);
                        }
                        let token =
                            tokens.add(call("figure", &[("src", &src), ("alt", &media.alt)]));
                        out.push_str(&block(&token));
                    }
                    None => report.add(
                        Concern::MissingMedia,
                        place.at.clone(),
                        Some(place.file),
                        format!(
                            "picture {id} of a [gallery] is not in the export or the uploads folder"
                        ),
                    ),
                }
            }
            if ids.is_empty() {
                report.add(
                    Concern::MissingMedia,
                    place.at.clone(),
                    Some(place.file),
                    "a [gallery] without `ids` showed the pictures attached to the page: add them with `figure`",
                );
            }
            out
        }
        "embed" | "video" | "youtube" | "vimeo" | "audio" => {
            let url = shortcode
                .arg("src")
                .or_else(|| shortcode.arg("url"))
                .or_else(|| shortcode.arg("mp4"))
                .or_else(|| shortcode.arg("mp3"))
                .or_else(|| shortcode.arg(""))
                .unwrap_or(body)
                .trim()
                .to_owned();
            media_link(&url, shortcode.name == "audio", old, place, report, tokens)
        }
        name => {
            let component = format!("wordpress_{}", name.to_ascii_lowercase().replace('-', "_"));
            let args: Vec<(&str, &str)> = shortcode
                .args
                .iter()
                .map(|(k, v)| (if k.is_empty() { "value" } else { k.as_str() }, v.as_str()))
                .filter(|(k, _)| k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
                .collect();
            let text = call(&component, &args);
            let (concern, message) = if FORMS.contains(&name) {
                (
                    Concern::Form,
                    format!(
                        "a form ([{name}]) is now `{text}`, which stops the build until it is replaced"
                    ),
                )
            } else {
                (
                    Concern::Unconverted,
                    format!(
                        "the shortcode [{name}] is now `{text}`, which stops the build until it is replaced"
                    ),
                )
            };
            report.add(concern, place.at.clone(), Some(place.file), message);
            if !body.trim().is_empty() {
                report.add(
                    Concern::Unconverted,
                    place.at.clone(),
                    Some(place.file),
                    format!("the text inside [{name}] was kept after it"),
                );
            }
            let token = tokens.add(text);
            format!("{}{body}", block(&token))
        }
    }
}

/// A video or sound: a file of the old site becomes a link to the copied file; one on another site
/// becomes the `video` component, a link that loads nothing until followed.
fn media_link(
    url: &str,
    audio: bool,
    old: &OldSite<'_>,
    place: &Place<'_>,
    report: &mut Report,
    tokens: &mut Tokens,
) -> String {
    let words = if audio { "Listen" } else { "Watch the video" };
    if let Some(path) = local_path(url, &old.hosts) {
        let target = uploads_file(&path)
            .and_then(|file| (old.media)(file))
            .unwrap_or(path);
        return format!(
            "<p><a href=\"{}\">{words}</a></p>",
            crate::html::escape(&target)
        );
    }
    match url::Url::parse(url) {
        Ok(parsed) if parsed.scheme() == "https" && !audio => {
            report.add(
                Concern::ThirdParty,
                place.at.clone(),
                Some(place.file),
                format!(
                    "the video player from {} is now a link to the video, which loads nothing until a visitor follows it: check its title",
                    parsed.host_str().unwrap_or_default()
                ),
            );
            block(&tokens.add(call("video", &[("url", url), ("title", words)])))
        }
        _ => {
            report.add(
                Concern::ThirdParty,
                place.at.clone(),
                Some(place.file),
                format!("a player for {url} was removed"),
            );
            String::new()
        }
    }
}

/// `<figure>` with a picture (Gutenberg's image block), as the `figure` component.
fn figures(
    html: &str,
    old: &OldSite<'_>,
    place: &Place<'_>,
    report: &mut Report,
    tokens: &mut Tokens,
) -> String {
    let pattern = regex_lite::Regex::new(
        r"(?s)<figure\b[^>]*>\s*(?:<a\b[^>]*>\s*)?(<img\b[^>]*>)\s*(?:</a>\s*)?(?:<figcaption\b[^>]*>(.*?)</figcaption>\s*)?</figure>",
    )
    .expect("a valid pattern");
    pattern
        .replace_all(html, |found: &regex_lite::Captures<'_>| {
            let caption = found
                .get(2)
                .map(|c| crate::html::text_of(c.as_str()))
                .unwrap_or_default();
            figure(&parse_img(&found[1]), &caption, old, place, report, tokens)
        })
        .into_owned()
}

/// A picture's `src` and `alt`.
#[derive(Debug, Default)]
struct Img {
    src: String,
    alt: String,
}

fn parse_img(tag: &str) -> Img {
    let attribute = |name: &str| {
        let pattern =
            regex_lite::Regex::new(&format!(r#"(?i)\s{name}\s*=\s*(?:"([^"]*)"|'([^']*)')"#))
                .expect("a valid pattern");
        pattern
            .captures(tag)
            .and_then(|c| c.get(1).or_else(|| c.get(2)))
            .map(|m| crate::html::unescape(m.as_str()))
            .unwrap_or_default()
    };
    Img {
        src: attribute("src"),
        alt: attribute("alt"),
    }
}

fn first_img(html: &str) -> Option<Img> {
    let start = html.find("<img")?;
    let end = start + html[start..].find('>')?;
    Some(parse_img(&html[start..=end]))
}

fn strip_img(html: &str) -> String {
    regex_lite::Regex::new(r"(?s)<img\b[^>]*>")
        .expect("a valid pattern")
        .replace_all(html, "")
        .into_owned()
}

fn figure(
    img: &Img,
    caption: &str,
    old: &OldSite<'_>,
    place: &Place<'_>,
    report: &mut Report,
    tokens: &mut Tokens,
) -> String {
    let Some(src) = picture_path(&img.src, old, place, report) else {
        return String::new();
    };
    let alt = if img.alt.is_empty() {
        caption
    } else {
        img.alt.as_str()
    };
    if alt.is_empty() {
        no_alt(&src, place, report);
    }
    let mut args = vec![("src", src.as_str()), ("alt", alt)];
    if !caption.is_empty() {
        args.push(("caption", caption));
    }
    block(&tokens.add(call("figure", &args)))
}

fn no_alt(src: &str, place: &Place<'_>, report: &mut Report) {
    report.add(
        Concern::Markup,
        place.at.clone(),
        Some(place.file),
        format!("the picture {src} has no description (alt text): write what it shows"),
    );
}

/// The new site path of a picture: on the old site, its copied file; elsewhere, nothing (reported).
fn picture_path(
    src: &str,
    old: &OldSite<'_>,
    place: &Place<'_>,
    report: &mut Report,
) -> Option<String> {
    let Some(path) = local_path(src, &old.hosts) else {
        report.add(
            Concern::ThirdParty,
            place.at.clone(),
            Some(place.file),
            format!("a picture loaded from another site was removed: {src} (save it into static/ to show it again)"),
        );
        return None;
    };
    let Some(file) = uploads_file(&path) else {
        return Some(path);
    };
    let new = (old.media)(file);
    if new.is_none() {
        report.add(
            Concern::MissingMedia,
            place.at.clone(),
            Some(place.file),
            format!("the picture {path} is not in the uploads folder"),
        );
    }
    new
}

/// The path of an address on the old site (`https://www.example.com/about/` or `/about/`).
fn local_path(url: &str, hosts: &[String]) -> Option<String> {
    // `/\host/x` is `//host/x` to a browser: another site.
    if url.starts_with('/') && !url.starts_with("//") && !url.starts_with("/\\") {
        return Some(url.to_owned());
    }
    if url.contains('\\') {
        return None;
    }
    let url = if url.starts_with("//") {
        format!("https:{url}")
    } else {
        url.to_owned()
    };
    let parsed = url::Url::parse(&url).ok()?;
    let host = parsed.host_str()?;
    if !matches!(parsed.scheme(), "http" | "https") || !hosts.iter().any(|h| h == host) {
        return None;
    }
    let mut path = percent_encoding::percent_decode_str(parsed.path())
        .decode_utf8_lossy()
        .into_owned();
    if let Some(query) = parsed.query() {
        let _ = write!(path, "?{query}");
    }
    if let Some(fragment) = parsed.fragment() {
        let _ = write!(path, "#{fragment}");
    }
    Some(path)
}

/// `2024/05/office.jpg` for `/wp-content/uploads/2024/05/office.jpg`.
fn uploads_file(path: &str) -> Option<&str> {
    path.split_once("/wp-content/uploads/")
        .map(|(_, file)| file)
}

/// WordPress's `wpautop`, the part that matters: text between blank lines that is not already a block
/// becomes a paragraph, and a single line break inside one a `<br>`.
fn paragraphs(html: &str) -> String {
    const BLOCKS: &[&str] = &[
        "<p",
        "<div",
        "<h1",
        "<h2",
        "<h3",
        "<h4",
        "<h5",
        "<h6",
        "<ul",
        "<ol",
        "<li",
        "<table",
        "<blockquote",
        "<pre",
        "<figure",
        "<hr",
        "<form",
        "<iframe",
        "<script",
        "<style",
        "<dl",
        "<section",
        "<address",
        "<details",
        "<!--",
        "</",
    ];
    let normalized = html.replace("\r\n", "\n");
    let mut out = String::with_capacity(normalized.len() + 64);
    // A `<pre>` keeps its blank lines: its pieces are joined back before anything is wrapped.
    let mut open_pre: Option<String> = None;
    for piece in normalized.split("\n\n") {
        let joined;
        let chunk = match open_pre.take() {
            Some(mut pre) => {
                pre.push_str("\n\n");
                pre.push_str(piece);
                joined = pre;
                joined.as_str()
            }
            None => piece.trim(),
        };
        if chunk.is_empty() {
            continue;
        }
        let lower = chunk.to_ascii_lowercase();
        if lower
            .rfind("<pre")
            .is_some_and(|at| !lower[at..].contains("</pre"))
        {
            open_pre = Some(chunk.to_owned());
            continue;
        }
        let lower = chunk.get(..12).unwrap_or(chunk).to_ascii_lowercase();
        if BLOCKS.iter().any(|b| lower.starts_with(b)) {
            out.push_str(chunk);
        } else {
            let _ = write!(out, "<p>{}</p>", chunk.replace('\n', "<br>"));
        }
        out.push_str("\n\n");
    }
    if let Some(pre) = open_pre {
        out.push_str(&pre);
    }
    out
}

fn to_markdown(html: &str) -> String {
    let converter = htmd::HtmlToMarkdown::builder()
        .options(htmd::options::Options {
            bullet_list_marker: htmd::options::BulletListMarker::Dash,
            ul_bullet_spacing: 1,
            ol_number_spacing: 1,
            translation_mode: htmd::options::TranslationMode::Faithful,
            ..Default::default()
        })
        .build();
    converter.convert(html).unwrap_or_else(|_| html.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn old_site() -> (HashMap<String, String>, HashMap<u64, Media>) {
        let mut pages = HashMap::new();
        pages.insert("/about/".to_owned(), "about.md".to_owned());
        let mut attachments = HashMap::new();
        attachments.insert(
            7,
            Media {
                file: "2024/05/office.jpg".to_owned(),
                alt: "The front desk".to_owned(),
            },
        );
        (pages, attachments)
    }

    fn run(html: &str) -> (String, Report) {
        let (pages, attachments) = old_site();
        let media = |file: &str| {
            (file == "2024/05/office.jpg").then(|| format!("/wp-content/uploads/{file}"))
        };
        let old = OldSite {
            hosts: vec!["www.example.com".to_owned(), "example.com".to_owned()],
            pages: &pages,
            attachments: &attachments,
            media: &media,
        };
        let at = Location::at("export.xml", 10, 1);
        let mut report = Report::default();
        let markdown = convert(
            html,
            &old,
            &Place {
                at: &at,
                file: "content/x.md",
            },
            &mut report,
        );
        (markdown, report)
    }

    #[test]
    fn classic_text_gets_paragraphs_and_links_to_old_pages_become_checked_links() {
        let (markdown, _) = run(
            "Welcome to our office.\nWe see kids.\n\nRead <a href=\"https://www.example.com/about/\">about us</a>.",
        );
        assert_eq!(
            markdown,
            "Welcome to our office.  \nWe see kids.\n\nRead [about us](@/about.md).\n"
        );
    }

    #[test]
    fn gutenberg_comments_go_and_more_stays() {
        let (markdown, _) = run(
            "<!-- wp:paragraph -->\n<p>First.</p>\n<!-- /wp:paragraph -->\n<!--more-->\n<!-- wp:paragraph {\"a\":1} -->\n<p>Second.</p>\n<!-- /wp:paragraph -->",
        );
        assert_eq!(markdown, "First.\n\n<!-- more -->\n\nSecond.\n");
    }

    #[test]
    fn captions_and_image_blocks_become_figures() {
        let (markdown, _) = run(
            "[caption id=\"attachment_7\" width=\"300\"]<img src=\"https://example.com/wp-content/uploads/2024/05/office.jpg\" alt=\"The front desk\" /> Our front desk[/caption]",
        );
        assert_eq!(
            markdown,
            "{{ figure(src=\"/wp-content/uploads/2024/05/office.jpg\", alt=\"The front desk\", caption=\"Our front desk\") }}\n"
        );
        let (markdown, _) = run(
            "<figure class=\"wp-block-image\"><img src=\"/wp-content/uploads/2024/05/office.jpg\" alt=\"\"/><figcaption>The \"new\" desk</figcaption></figure>",
        );
        assert_eq!(
            markdown,
            "{{ figure(src=\"/wp-content/uploads/2024/05/office.jpg\", alt=\"The \\\"new\\\" desk\", caption=\"The \\\"new\\\" desk\") }}\n"
        );
    }

    #[test]
    fn scripts_forms_and_frames_are_removed_and_reported() {
        let (markdown, report) = run(
            "<p>Hi</p><script src=\"https://www.googletagmanager.com/gtag/js\"></script><form action=\"https://forms.example.net/submit\"><input name=\"dob\"></form><iframe src=\"https://www.youtube.com/embed/abc123?rel=0\"></iframe><p onclick=\"x()\"><font color=\"red\">Hot</font></p>",
        );
        assert_eq!(
            markdown,
            "Hi\n\n{{ video(url=\"https://www.youtube.com/watch?v=abc123\", title=\"Watch the video\") }}\n\nHot\n"
        );
        let text = report.markdown();
        for expected in [
            "googletagmanager.com",
            "forms.example.net",
            "youtube.com",
            "onclick",
            "<font> is obsolete",
        ] {
            assert!(text.contains(expected), "{expected}: {text}");
        }
    }

    #[test]
    fn disguised_scripts_and_loads_from_elsewhere_do_not_get_through() {
        let (markdown, report) = run(
            "<p><a href=\"&#106;avascript:alert(1)\">one</a> <a href=\"java\tscript:x()\">two</a> <img src=\"/\\evil.example/p.gif\" alt=\"x\"><video src=\"https://cdn.example/v.mp4\" poster=\"https://cdn.example/p.jpg\"></video><span style=\"color:red\">three</span></p>",
        );
        assert_eq!(markdown, "one two three\n");
        let text = report.markdown();
        for expected in [
            "a link that ran a script",
            "evil.example",
            "a player (<video>, <audio>)",
            "inline styles were removed",
        ] {
            assert!(text.contains(expected), "{expected}: {text}");
        }
    }

    #[test]
    fn preformatted_text_keeps_its_blank_lines() {
        let (markdown, _) = run("Before.\n\n<pre>line one\n\nline three</pre>\n\nAfter.");
        // htmd keeps a `<pre>` without `<code>` as HTML, its blank line written `&#10;`.
        assert!(
            markdown.contains("<pre>line one\n&#10;line three</pre>") && !markdown.contains("<p>"),
            "{markdown}"
        );
        assert!(
            markdown.starts_with("Before.") && markdown.ends_with("After.\n"),
            "{markdown}"
        );
    }

    #[test]
    fn unknown_shortcodes_and_forms_become_calls_that_stop_the_build() {
        let (markdown, report) =
            run("[contact-form-7 id=\"5\" title=\"Contact\"]\n\n[gallery ids=\"7,8\"]");
        assert_eq!(
            markdown,
            "{{ wordpress_contact_form_7(id=\"5\", title=\"Contact\") }}\n\n{{ figure(src=\"/wp-content/uploads/2024/05/office.jpg\", alt=\"The front desk\") }}\n"
        );
        let text = report.markdown();
        assert!(
            text.contains("## Forms") && text.contains("picture 8 of a [gallery]"),
            "{text}"
        );
    }
}

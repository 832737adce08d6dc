//! Markdown to HTML with pulldown-cmark, plus what a site needs on top: heading ids, a table of contents,
//! a summary, and internal links.
//!
//! Internal links are written `@/services/flu-shots.md` (a path under `content/`, optionally with
//! `#anchor`), so that moving a page or changing its slug never breaks the links to it: the generator
//! knows every page's URL and writes it in. A link that leads nowhere is collected with its line and
//! column rather than failing the page, so one build reports every broken link in the site.

use super::components;
pub use crate::i18n::Labels;
use pulldown_cmark::{Alignment, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};
use serde::Serialize;

/// The marker that ends a page's summary, on a line of its own.
pub const SUMMARY_MARKER: &str = "<!-- more -->";

/// One heading, for the table of contents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub title: String,
}

/// A page's rendered markdown.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub html: String,
    /// The HTML before `<!-- more -->`, when the page has one.
    pub summary: Option<String>,
    /// Where the HTML after `<!-- more -->` starts, found once here rather than on every render.
    pub after_summary: Option<usize>,
    pub toc: Vec<Heading>,
    /// The pictures of the site the text shows (`![...](/images/office.jpg)`), in order, for the
    /// `images` plugin.
    pub images: Vec<ContentImage>,
    /// The components the text calls, in order; the HTML holds a placeholder for each
    /// ([`super::components`]) until the render step puts the component's output there.
    pub components: Vec<components::Call>,
    /// Mistakes in the text's component syntax, at their lines in the markdown text.
    pub component_problems: Vec<components::Problem>,
}

/// A picture from the site's own files, as the markdown shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentImage {
    /// The site path as written (`/images/office.jpg`), without the base URL's subpath.
    pub src: String,
    /// The alt text.
    pub alt: String,
    pub title: Option<String>,
    /// Line and column in the markdown text (1-based).
    pub line: usize,
    pub column: usize,
    /// Shown by a component (`figure`) rather than written `![...](...)`: there is no `<img>` of it in
    /// the text for the `images` plugin to replace.
    pub component: bool,
}

impl Rendered {
    /// The HTML after `<!-- more -->`, when the page has one.
    pub fn after_summary(&self) -> Option<&str> {
        self.after_summary.and_then(|at| self.html.get(at..))
    }
}

/// An `@/` link found in the text, to be checked once every page's URL and anchors are known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InternalLink {
    /// The path after `@/`, without the anchor.
    pub target: String,
    pub anchor: Option<String>,
    /// Line and column in the markdown text (1-based).
    pub line: usize,
    pub column: usize,
}

/// Turns `@/path.md` into a URL. Implemented by the site, which knows every page.
pub trait LinkResolver {
    /// The URL of the page at `target` (a path under `content/`), or `None` when there is no such page.
    fn resolve(&self, target: &str) -> Option<String>;

    /// A root-relative link written in markdown (`/forms/intake.pdf`), as the site serves it: under the
    /// base URL's subpath, if it has one.
    fn site_path(&self, path: &str) -> String {
        path.to_owned()
    }

    /// A relative link or picture (`photo.jpg`, `../flyer.pdf`) as a root-relative path
    /// (`/news/open-house/photo.jpg`), when the page has files beside it; `None` leaves it as written.
    fn beside(&self, _relative: &str) -> Option<String> {
        None
    }
}

/// Renders markdown. Internal links are resolved through `links`; each one is also returned, so the
/// caller can report the ones that lead nowhere with their position.
pub fn render(
    text: &str,
    links: &dyn LinkResolver,
    labels: Labels<'_>,
) -> (Rendered, Vec<InternalLink>) {
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_FOOTNOTES);
    options.insert(Options::ENABLE_STRIKETHROUGH);
    options.insert(Options::ENABLE_TASKLISTS);
    options.insert(Options::ENABLE_SMART_PUNCTUATION);
    options.insert(Options::ENABLE_HEADING_ATTRIBUTES);

    // Components are read first, from the page's own text; the markdown parser then reads the text
    // with placeholders, and positions it reports are mapped back to the page's text.
    let mut component_problems = Vec::new();
    let mut expanded = if components::may_have_components(text) {
        match components::expand(text, &code_ranges(text, options)) {
            Ok(expanded) => Some(expanded),
            Err(problems) => {
                component_problems = problems;
                None
            }
        }
    } else {
        None
    };
    let original = text;
    let text = expanded.as_ref().map_or(text, |e| e.text.as_str());
    let position_of = |offset: usize| {
        expanded
            .as_ref()
            .map_or(offset, |e| e.original_offset(offset))
    };

    // Only pages with `@/` links need positions: most pages never build the index.
    let mut line_index: Option<LineIndex> = None;
    let mut events: Vec<Event<'_>> = Vec::new();
    let mut found_links = Vec::new();
    let mut toc = Vec::new();
    let mut ids = IdSet::default();
    // Index into `events` of the heading being read, and its text so far.
    let mut open_heading: Option<(usize, String)> = None;
    let mut table = TableState::default();
    let mut images = Vec::new();
    // Index into `images` of the picture whose alt text is being read.
    let mut open_image: Option<usize> = None;

    for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
        // A relative address of a file beside the page becomes a site path first, so it is checked and
        // processed like one written in full.
        let event = match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) if is_relative(&dest_url) => Event::Start(Tag::Link {
                link_type,
                dest_url: links.beside(&dest_url).map_or(dest_url, CowStr::from),
                title,
                id,
            }),
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) if is_relative(&dest_url) => Event::Start(Tag::Image {
                link_type,
                dest_url: links.beside(&dest_url).map_or(dest_url, CowStr::from),
                title,
                id,
            }),
            other => other,
        };
        let event = match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) if dest_url.starts_with("@/") => {
                let (line, column) = line_index
                    .get_or_insert_with(|| LineIndex::new(original))
                    .position(position_of(range.start));
                let (target, anchor) = match dest_url[2..].split_once('#') {
                    Some((path, anchor)) => (path.to_owned(), Some(anchor.to_owned())),
                    None => (dest_url[2..].to_owned(), None),
                };
                let url = links
                    .resolve(&target)
                    .map_or_else(String::new, |url| match &anchor {
                        Some(anchor) => format!("{url}#{anchor}"),
                        None => url,
                    });
                found_links.push(InternalLink {
                    target,
                    anchor,
                    line,
                    column,
                });
                Event::Start(Tag::Link {
                    link_type,
                    dest_url: CowStr::from(url),
                    title,
                    id,
                })
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) if is_root_relative(&dest_url) => Event::Start(Tag::Link {
                link_type,
                dest_url: CowStr::from(links.site_path(&dest_url)),
                title,
                id,
            }),
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) if is_root_relative(&dest_url) => {
                let (line, column) = line_index
                    .get_or_insert_with(|| LineIndex::new(original))
                    .position(position_of(range.start));
                open_image = Some(images.len());
                images.push(ContentImage {
                    src: dest_url.to_string(),
                    alt: String::new(),
                    title: (!title.is_empty()).then(|| title.to_string()),
                    line,
                    column,
                    component: false,
                });
                Event::Start(Tag::Image {
                    link_type,
                    dest_url: CowStr::from(links.site_path(&dest_url)),
                    title,
                    id,
                })
            }
            Event::End(TagEnd::Image) => {
                open_image = None;
                event
            }
            Event::Start(Tag::Heading { .. }) => {
                open_heading = Some((events.len(), String::new()));
                event
            }
            Event::Text(ref text) | Event::Code(ref text) => {
                if (open_heading.is_some() || open_image.is_some())
                    && text.contains(components::OPEN)
                {
                    let (line, column) = line_index
                        .get_or_insert_with(|| LineIndex::new(original))
                        .position(position_of(range.start));
                    component_problems.push(components::Problem {
                        message: "a component cannot stand in a heading or a picture's description"
                            .to_owned(),
                        help: "put it in a paragraph of its own, below the heading".to_owned(),
                        line,
                        column,
                    });
                }
                if let Some((_, title)) = open_heading.as_mut() {
                    title.push_str(text);
                }
                if let Some(image) = open_image.and_then(|i| images.get_mut(i)) {
                    image.alt.push_str(text);
                }
                event
            }
            Event::Start(Tag::Table(_) | Tag::TableHead | Tag::TableRow | Tag::TableCell)
            | Event::End(
                TagEnd::Table | TagEnd::TableHead | TagEnd::TableRow | TagEnd::TableCell,
            ) => table.rewrite(event, labels),
            Event::TaskListMarker(done) => {
                let (checked, label) = if done {
                    (" checked", labels.task_done)
                } else {
                    ("", labels.task_todo)
                };
                Event::InlineHtml(CowStr::from(format!(
                    "<input type=\"checkbox\" disabled{checked} aria-label=\"{}\"> ",
                    crate::html::escape(label)
                )))
            }
            Event::End(TagEnd::Heading(level)) => {
                if let Some((start, title)) = open_heading.take()
                    && let Event::Start(Tag::Heading {
                        id, classes, attrs, ..
                    }) = &events[start]
                {
                    let wanted = id
                        .as_ref()
                        .map_or_else(|| heading_id(&title), ToString::to_string);
                    let unique = ids.claim(&wanted);
                    toc.push(Heading {
                        level: heading_number(level),
                        id: unique.clone(),
                        title,
                    });
                    events[start] = Event::Start(Tag::Heading {
                        level,
                        id: Some(CowStr::from(unique)),
                        classes: classes.clone(),
                        attrs: attrs.clone(),
                    });
                }
                event
            }
            other => other,
        };
        events.push(event);
    }

    let mut out = String::with_capacity(text.len() * 3 / 2);
    html::push_html(&mut out, events.into_iter());
    // Kept for the whole build: give back what the estimate reserved beyond the text.
    out.shrink_to_fit();
    let (summary, after_summary) = split_summary(&out);
    if let Some(expanded) = &mut expanded {
        // A figure's picture goes through the image pipeline like one written `![alt](src)`; a
        // picture beside the page (`src="photo.jpg"`) is named by its site path from here on.
        for call in expanded.calls.iter_mut().filter(|c| c.name == "figure") {
            if let Some(components::Arg::Text(src)) = call.args.get_mut("src")
                && is_relative(src)
                && let Some(path) = links.beside(src)
            {
                *src = path;
            }
            let text = |name: &str| call.args.get(name).and_then(components::Arg::as_text);
            if let Some(src) = text("src").filter(|src| is_root_relative(src)) {
                images.push(ContentImage {
                    src: src.to_owned(),
                    alt: text("alt").unwrap_or_default().to_owned(),
                    title: None,
                    line: call.line,
                    column: call.column,
                    component: true,
                });
            }
        }
        images.sort_by_key(|image| (image.line, image.column));
    }
    (
        Rendered {
            html: out,
            summary,
            after_summary,
            toc,
            images,
            components: expanded.map(|e| e.calls).unwrap_or_default(),
            component_problems,
        },
        found_links,
    )
}

/// The HTML before the summary marker and where the HTML after it starts, when the page has one. The
/// marker is `<!-- more -->` on a line of its own, with or without the spaces (Hugo writes
/// `<!--more-->`).
pub fn split_summary(html: &str) -> (Option<String>, Option<usize>) {
    let Some((at, end)) = find_summary_marker(html) else {
        return (None, None);
    };
    let summary = html[..at].trim_end().to_owned();
    let after = end + (html[end..].len() - html[end..].trim_start().len());
    (Some(summary), Some(after))
}

/// Where the first `<!-- more -->` (any spacing) starts and ends.
pub fn find_summary_marker(html: &str) -> Option<(usize, usize)> {
    let mut from = 0;
    while let Some(found) = memchr::memmem::find(&html.as_bytes()[from..], b"<!--") {
        let start = from + found;
        let inner = start + 4;
        let end = inner + memchr::memmem::find(&html.as_bytes()[inner..], b"-->")? + 3;
        if html[inner..end - 3].trim() == "more" {
            return Some((start, end));
        }
        from = end;
    }
    None
}

/// The byte ranges of code (inline and blocks) in `text`: braces there are text, not components.
fn code_ranges(text: &str, options: Options) -> Vec<std::ops::Range<usize>> {
    let mut ranges = Vec::new();
    let mut block_start = None;
    for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
        match event {
            Event::Code(_) => ranges.push(range),
            Event::Start(Tag::CodeBlock(_)) => block_start = Some(range.start),
            Event::End(TagEnd::CodeBlock) => {
                if let Some(start) = block_start.take() {
                    ranges.push(start..range.end);
                }
            }
            _ => {}
        }
    }
    ranges
}

/// Writes tables so that they work under a strict Content-Security-Policy and on phones: wrapped in a
/// focusable, named box that scrolls sideways, with column alignment as a class (`align-right`) rather
/// than the `style=` attribute pulldown-cmark would write.
#[derive(Default)]
struct TableState {
    alignments: Vec<Alignment>,
    in_head: bool,
    column: usize,
}

impl TableState {
    fn rewrite<'e>(&mut self, event: Event<'e>, labels: Labels<'_>) -> Event<'e> {
        let html = match event {
            Event::Start(Tag::Table(alignments)) => {
                self.alignments = alignments;
                format!(
                    "<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" aria-label=\"{}\">\n<table>\n",
                    crate::html::escape(labels.table)
                )
            }
            Event::End(TagEnd::Table) => "</tbody>\n</table>\n</div>\n".to_owned(),
            Event::Start(Tag::TableHead) => {
                (self.in_head, self.column) = (true, 0);
                "<thead><tr>".to_owned()
            }
            Event::End(TagEnd::TableHead) => {
                self.in_head = false;
                "</tr></thead>\n<tbody>\n".to_owned()
            }
            Event::Start(Tag::TableRow) => {
                self.column = 0;
                "<tr>".to_owned()
            }
            Event::End(TagEnd::TableRow) => "</tr>\n".to_owned(),
            Event::Start(Tag::TableCell) => {
                let cell = if self.in_head { "th" } else { "td" };
                let class = match self.alignments.get(self.column) {
                    Some(Alignment::Left) => " class=\"align-left\"",
                    Some(Alignment::Center) => " class=\"align-center\"",
                    Some(Alignment::Right) => " class=\"align-right\"",
                    _ => "",
                };
                format!("<{cell}{class}>")
            }
            Event::End(TagEnd::TableCell) => {
                self.column += 1;
                if self.in_head { "</th>" } else { "</td>" }.to_owned()
            }
            other => return other,
        };
        Event::Html(CowStr::from(html))
    }
}

/// An address without a scheme that is not a site path, an anchor or an `@/` link: `photo.jpg`.
fn is_relative(url: &str) -> bool {
    !url.is_empty()
        && !url.starts_with(['/', '#', '?', '@'])
        && url::Url::parse(url) == Err(url::ParseError::RelativeUrlWithoutBase)
}

/// `/forms/a.pdf`, not `//cdn.example/a.js` (another host) or `#top`.
fn is_root_relative(url: &str) -> bool {
    url.starts_with('/') && !url.starts_with("//")
}

/// The anchor for a heading: lowercase words joined by dashes (`What to bring?` becomes `what-to-bring`).
/// Letters outside ASCII are kept, so Spanish headings read naturally in the address bar.
pub fn heading_id(title: &str) -> String {
    let mut id = String::with_capacity(title.len());
    for c in title.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            id.push(c);
        } else if (c.is_whitespace() || c == '-' || c == '_')
            && !id.is_empty()
            && !id.ends_with('-')
        {
            id.push('-');
        }
    }
    let id = id.trim_end_matches('-');
    if id.is_empty() {
        "section".to_owned()
    } else {
        id.to_owned()
    }
}

fn heading_number(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// Ids already used on a page; a repeated heading gets `-1`, `-2`, ...
#[derive(Default)]
struct IdSet(std::collections::HashSet<String>);

impl IdSet {
    fn claim(&mut self, wanted: &str) -> String {
        let mut candidate = wanted.to_owned();
        let mut n = 1;
        while !self.0.insert(candidate.clone()) {
            candidate = format!("{wanted}-{n}");
            n += 1;
        }
        candidate
    }
}

/// Byte offset to line and column, by binary search over line starts.
pub(super) struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub(super) fn new(text: &str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        LineIndex { starts }
    }

    pub(super) fn position(&self, offset: usize) -> (usize, usize) {
        let line = self.starts.partition_point(|&start| start <= offset);
        (line, offset - self.starts[line - 1] + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Pages;

    const LABELS: Labels<'static> = Labels {
        table: "Table",
        task_done: "Done",
        task_todo: "To do",
    };

    impl LinkResolver for Pages {
        fn resolve(&self, target: &str) -> Option<String> {
            (target == "about.md").then(|| "/about/".to_owned())
        }
    }

    #[test]
    fn headings_get_unique_ids_and_a_toc() {
        let (out, _) = render("# Hours\n\n## Hours\n\n## Qué traer?\n", &Pages, LABELS);
        let ids: Vec<&str> = out.toc.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["hours", "hours-1", "qué-traer"]);
        assert!(out.html.contains(r#"<h2 id="hours-1">Hours</h2>"#));
    }

    #[test]
    fn internal_links_resolve_and_report_their_position() {
        let (out, links) = render(
            "Intro\n\nSee [us](@/about.md#team) or [x](@/gone.md).\n",
            &Pages,
            LABELS,
        );
        assert!(out.html.contains(r#"href="/about/#team""#));
        assert_eq!(
            links[1],
            InternalLink {
                target: "gone.md".into(),
                anchor: None,
                line: 3,
                column: 30
            }
        );
    }

    #[test]
    fn the_summary_ends_at_the_marker() {
        let (out, _) = render("First part.\n\n<!-- more -->\n\nRest.\n", &Pages, LABELS);
        assert_eq!(out.summary.as_deref(), Some("<p>First part.</p>"));
    }

    #[test]
    fn tables_align_with_classes_not_styles() {
        let (out, _) = render("| a | b |\n|--:|:-:|\n| 1 | 2 |\n", &Pages, LABELS);
        assert!(!out.html.contains("style="), "{}", out.html);
        assert!(
            out.html
                .contains(r#"<th class="align-right">a</th><th class="align-center">b</th>"#),
            "{}",
            out.html
        );
        assert!(
            out.html.contains(r#"<td class="align-right">1</td>"#),
            "{}",
            out.html
        );
    }

    #[test]
    fn extensions_are_on() {
        let (out, _) = render(
            "| a |\n|---|\n| b |\n\n- [x] done\n\n~~old~~ \"quoted\"[^1]\n\n[^1]: note\n",
            &Pages,
            LABELS,
        );
        for needle in [
            "<table>",
            "checkbox",
            "<del>old</del>",
            "\u{201c}quoted\u{201d}",
            "footnote-definition",
        ] {
            assert!(
                out.html.contains(needle),
                "{needle} missing in {}",
                out.html
            );
        }
    }
}

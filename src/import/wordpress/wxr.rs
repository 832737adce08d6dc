//! Reading a WordPress export (WXR: RSS 2.0 with WordPress's own elements) into plain items.
//!
//! The reader is quick-xml's streaming one over the file read into memory (at most [`MAX_EXPORT`]), so a
//! position is a byte offset that gives a line for messages. It never expands an entity a file declares:
//! a `<!DOCTYPE>` is refused outright (WordPress never writes one, and a declared entity is how a file
//! explodes in size, "billion laughs", or names a file to read), and any entity but XML's five and
//! numeric character references is an error. Nothing is ever fetched.
//!
//! quick-xml was chosen over roxmltree, the other maintained reader: roxmltree builds a tree of the whole
//! document (several times the export's size for a large site) and expands internal entities within
//! limits, where this keeps one item's fields at a time and expands no entity at all.

use std::path::Path;

use quick_xml::XmlVersion;
use quick_xml::events::{BytesRef, Event};

use crate::error::{Error, ErrorKind, Location};

/// The largest export read: a practice's site is a few megabytes; a gigabyte is a mistake or a trick.
pub const MAX_EXPORT: u64 = 1 << 30;

/// A WordPress export: the old site's address and its items (pages, posts, attachments, menu entries).
#[derive(Debug, Default)]
pub struct Export {
    /// `wp:base_site_url`, else the channel's `link`: `https://www.example.com`.
    pub site_url: String,
    pub items: Vec<Item>,
}

/// One `<item>`, with WordPress's fields as text.
#[derive(Debug, Default, Clone)]
pub struct Item {
    /// Line of its `<item>` in the export.
    pub line: usize,
    pub title: String,
    /// The old permalink.
    pub link: String,
    pub id: u64,
    /// The slug.
    pub name: String,
    /// `publish`, `draft`, `pending`, `future`, `private`, `trash`, `inherit`.
    pub status: String,
    /// `page`, `post`, `attachment`, `nav_menu_item`, ...
    pub kind: String,
    pub parent: u64,
    pub menu_order: i64,
    /// `2024-05-01 09:30:00`.
    pub date: String,
    pub modified: String,
    pub content: String,
    pub excerpt: String,
    pub password: String,
    pub attachment_url: String,
    pub terms: Vec<Term>,
    pub meta: Vec<(String, String)>,
}

/// A category, tag or menu an item belongs to.
#[derive(Debug, Default, Clone)]
pub struct Term {
    /// `category`, `post_tag`, `nav_menu`.
    pub domain: String,
    pub slug: String,
    pub name: String,
}

impl Item {
    pub fn meta(&self, key: &str) -> Option<&str> {
        self.meta
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

/// Reads the export at `path`. A file that is not a WordPress export, is damaged, or uses entity tricks is
/// an error at its line with what to do.
pub fn read(path: &Path) -> Result<Export, Error> {
    let size = std::fs::metadata(path)
        .map_err(|e| {
            Error::new(ErrorKind::Import, format!("could not read the export: {e}"))
                .at(Location::file(path))
                .with_help("give the path of the .xml file from WordPress's Tools > Export")
        })?
        .len();
    if size > MAX_EXPORT {
        return Err(Error::new(
            ErrorKind::Import,
            format!("the export is {} MB, more than Portico reads (1,024 MB)", size >> 20),
        )
        .at(Location::file(path))
        .with_help("export the site in parts: WordPress's Tools > Export can export pages, posts and media separately"));
    }
    let bytes = std::fs::read(path).map_err(|e| {
        Error::new(ErrorKind::Import, format!("could not read the export: {e}"))
            .at(Location::file(path))
    })?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let line = line_at(&e.as_bytes()[..e.utf8_error().valid_up_to()]);
        Error::new(ErrorKind::Import, "the export is not UTF-8 text")
            .at(Location::at(path, line, 1))
            .with_help("export the site again from WordPress's Tools > Export; do not open and save it in another program")
    })?;
    parse(&text, path)
}

/// The line of the byte after `before`.
fn line_at(before: &[u8]) -> usize {
    memchr::memchr_iter(b'\n', before).count() + 1
}

/// Reads an export's text. `path` is shown in messages.
pub fn parse(text: &str, path: &Path) -> Result<Export, Error> {
    let mut reader = quick_xml::Reader::from_str(text);
    // Lines are counted from the last position asked for, since positions only grow: counting from
    // the top for every item would be quadratic in the export's size.
    let counted = std::cell::Cell::new((0_usize, 1_usize));
    let at = |offset: u64| {
        let offset = usize::try_from(offset)
            .unwrap_or(usize::MAX)
            .min(text.len());
        let (from, line) = counted.get();
        let (from, line) = if offset >= from { (from, line) } else { (0, 1) };
        let line = line + memchr::memchr_iter(b'\n', &text.as_bytes()[from..offset]).count();
        counted.set((offset, line));
        Location::at(path, line, 1)
    };
    let mut export = Export::default();
    // The open elements' names, outermost first.
    let mut open: Vec<String> = Vec::new();
    let mut item: Option<Item> = None;
    let mut term: Option<Term> = None;
    let mut meta: (String, String) = Default::default();
    let mut value = String::new();
    let mut channel_link = String::new();
    let mut saw_rss = false;
    let mut saw_wxr = false;
    loop {
        let position = reader.buffer_position();
        let event = reader.read_event().map_err(|e| {
            Error::new(
                ErrorKind::Import,
                format!("the export is not well-formed XML: {e}"),
            )
            .at(at(reader.error_position()))
            .with_help(
                "export the site again from WordPress's Tools > Export; the file may be cut short",
            )
        })?;
        match event {
            Event::DocType(_) => {
                return Err(Error::new(
                    ErrorKind::Import,
                    "the export declares a DOCTYPE, which a WordPress export never does",
                )
                .at(at(position))
                .with_help("Portico reads only the file WordPress's Tools > Export writes; a DOCTYPE can declare entities that make a file explode in size or read other files"));
            }
            Event::Start(start) => {
                let name = start.name().as_ref().to_owned();
                if open.is_empty() && name != "rss" {
                    return Err(not_wordpress(at(position)));
                }
                saw_rss = true;
                match name.as_str() {
                    "item" => {
                        item = Some(Item {
                            line: at(position).line.unwrap_or(1),
                            ..Item::default()
                        });
                    }
                    "category" if item.is_some() => {
                        let mut found = Term::default();
                        for attribute in start.attributes().flatten() {
                            let attr_value = attribute
                                .normalized_value(XmlVersion::Implicit1_0)
                                .map(std::borrow::Cow::into_owned)
                                .unwrap_or_default();
                            match attribute.key.as_ref() {
                                "domain" => found.domain = attr_value,
                                "nicename" => found.slug = attr_value,
                                _ => {}
                            }
                        }
                        term = Some(found);
                    }
                    _ => {}
                }
                open.push(name);
                value.clear();
            }
            Event::End(_) => {
                let Some(name) = open.pop() else {
                    continue;
                };
                let text = std::mem::take(&mut value).trim().to_owned();
                match (name.as_str(), item.as_mut()) {
                    ("wp:wxr_version", _) => saw_wxr = true,
                    ("wp:base_site_url", None) => export.site_url = text,
                    ("link", None) if open.last().is_some_and(|p| p == "channel") => {
                        channel_link = text;
                    }
                    ("item", Some(_)) => export.items.extend(item.take()),
                    ("title", Some(i)) => i.title = text,
                    ("link", Some(i)) => i.link = text,
                    ("wp:post_id", Some(i)) => i.id = text.parse().unwrap_or_default(),
                    ("wp:post_name", Some(i)) => i.name = text,
                    ("wp:status", Some(i)) => i.status = text,
                    ("wp:post_type", Some(i)) => i.kind = text,
                    ("wp:post_parent", Some(i)) => i.parent = text.parse().unwrap_or_default(),
                    ("wp:menu_order", Some(i)) => i.menu_order = text.parse().unwrap_or_default(),
                    ("wp:post_date", Some(i)) => i.date = text,
                    ("wp:post_modified", Some(i)) => i.modified = text,
                    ("content:encoded", Some(i)) => i.content = text,
                    ("excerpt:encoded", Some(i)) => i.excerpt = text,
                    ("wp:post_password", Some(i)) => i.password = text,
                    ("wp:attachment_url", Some(i)) => i.attachment_url = text,
                    ("category", Some(i)) => {
                        if let Some(mut found) = term.take() {
                            found.name = text;
                            i.terms.push(found);
                        }
                    }
                    ("wp:meta_key", Some(_)) => meta.0 = text,
                    ("wp:meta_value", Some(_)) => meta.1 = text,
                    ("wp:postmeta", Some(i)) => i.meta.push(std::mem::take(&mut meta)),
                    _ => {}
                }
            }
            Event::Text(text) => {
                value.push_str(&text.xml_content(XmlVersion::Implicit1_0));
            }
            Event::CData(data) => {
                value.push_str(&data.xml_content(XmlVersion::Implicit1_0));
            }
            Event::GeneralRef(reference) => value.push_str(&entity(&reference).ok_or_else(|| {
                Error::new(
                    ErrorKind::Import,
                    format!(
                        "the export uses the entity `&{};`, which is not one of XML's own",
                        &*reference
                    ),
                )
                .at(at(position))
                .with_help("Portico expands only &amp; &lt; &gt; &quot; &apos; and numbers (&#233;); export the site again from WordPress")
            })?),
            Event::Eof if !open.is_empty() => {
                return Err(Error::new(
                    ErrorKind::Import,
                    format!("the export ends inside <{}>: it is cut short", open.last().map_or("", String::as_str)),
                )
                .at(at(position))
                .with_help("export the site again from WordPress's Tools > Export, and let the download finish"));
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !saw_rss || !saw_wxr {
        return Err(not_wordpress(Location::at(path, 1, 1)));
    }
    if export.site_url.is_empty() {
        export.site_url = channel_link;
    }
    Ok(export)
}

fn not_wordpress(at: Location) -> Error {
    Error::new(ErrorKind::Import, "this is not a WordPress export (WXR)")
        .at(at)
        .with_help("in WordPress, use Tools > Export > All content and give Portico the .xml file it downloads; for a Hugo or Zola site use `portico import hugo` or `portico import zola`")
}

/// XML's five entities and numeric character references; `None` for anything else.
fn entity(reference: &BytesRef<'_>) -> Option<String> {
    if let Ok(Some(c)) = reference.resolve_char_ref() {
        return Some(c.to_string());
    }
    quick_xml::escape::resolve_predefined_entity(reference).map(str::to_owned)
}

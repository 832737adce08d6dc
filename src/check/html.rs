//! A built page as the checks see it: a flat list of elements in document order, each with its attributes,
//! its parent, where its start tag is, and (for the elements whose words matter) its text.
//!
//! lol_html parses the page (the same parser the asset and deploy plugins rewrite with), so the checks see
//! what a browser would, not what a regular expression guesses.

use std::cell::RefCell;
use std::rc::Rc;

use lol_html::html_content::Element as Tag;
use lol_html::{RewriteStrSettings, doc_text, element, rewrite_str};

/// Elements whose text the checks read (link and button names, headings, the title).
const NAMED: &[&str] = &[
    "a", "button", "h1", "h2", "h3", "h4", "h5", "h6", "title", "summary", "label",
];

/// One element of a page.
#[derive(Debug, Clone)]
pub struct Element {
    /// Lowercase tag name.
    pub tag: String,
    pub attrs: Vec<(String, String)>,
    /// Byte offset of the start tag in the page.
    pub offset: usize,
    pub parent: Option<usize>,
    /// The element's text, with the `alt` of images inside it; only for the [`NAMED`] tags.
    pub text: String,
}

impl Element {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The name a screen reader announces: `aria-label`, else the text (with image alts), else `title`.
    /// An `aria-labelledby` counts as a name without being resolved.
    pub fn accessible_name(&self) -> Option<String> {
        let given = |name| self.attr(name).map(str::trim).filter(|v| !v.is_empty());
        if let Some(label) = given("aria-label") {
            return Some(label.to_owned());
        }
        if let Some(ids) = given("aria-labelledby") {
            return Some(ids.to_owned());
        }
        let text = self.text.split_whitespace().collect::<Vec<_>>().join(" ");
        if !text.is_empty() {
            return Some(text);
        }
        given("title").map(str::to_owned)
    }
}

/// A parsed page.
#[derive(Debug, Default)]
pub struct Document {
    pub elements: Vec<Element>,
    /// The page's visible words (no script or style), separated by spaces.
    pub text: String,
    /// The text of each `<style>` element, with the offset of its start tag.
    pub styles: Vec<(usize, String)>,
    line_starts: Vec<usize>,
}

#[derive(Default)]
struct State {
    elements: Vec<Element>,
    open: Vec<usize>,
    text: String,
    styles: Vec<(usize, String)>,
}

impl State {
    fn start(&mut self, tag: &Tag<'_, '_>) -> usize {
        let name = tag.tag_name();
        let element = Element {
            attrs: tag
                .attributes()
                .iter()
                .map(|a| (a.name(), a.value()))
                .collect(),
            offset: tag.source_location().bytes().start,
            parent: self.open.last().copied(),
            text: String::new(),
            tag: name,
        };
        if element.tag == "img" {
            let alt = element.attr("alt").unwrap_or_default().to_owned();
            self.add_text(&format!(" {alt} "));
        }
        self.elements.push(element);
        self.elements.len() - 1
    }

    fn add_text(&mut self, text: &str) {
        if let Some(&style) = self.open.iter().find(|&&i| self.elements[i].tag == "style") {
            let offset = self.elements[style].offset;
            match self.styles.last_mut() {
                Some((at, css)) if *at == offset => css.push_str(text),
                _ => self.styles.push((offset, text.to_owned())),
            }
            return;
        }
        let hidden = self.open.iter().any(|&i| {
            matches!(
                self.elements[i].tag.as_str(),
                "script" | "style" | "template"
            )
        });
        if hidden {
            return;
        }
        for &i in &self.open {
            if NAMED.contains(&self.elements[i].tag.as_str()) {
                self.elements[i].text.push_str(text);
            }
        }
        self.text.push_str(text);
    }
}

impl Document {
    /// Parses a page. Malformed markup is parsed as a browser would; nothing fails.
    pub fn parse(html: &str) -> Document {
        let state = Rc::new(RefCell::new(State::default()));
        let on_element = Rc::clone(&state);
        let on_text = Rc::clone(&state);
        let settings = RewriteStrSettings::new()
            .append_element_content_handler(element!("*", move |tag| {
                let index = on_element.borrow_mut().start(tag);
                if tag.can_have_content() && !tag.is_self_closing() {
                    on_element.borrow_mut().open.push(index);
                    let on_end = Rc::clone(&on_element);
                    if let Some(handlers) = tag.end_tag_handlers() {
                        handlers.push(Box::new(move |_| {
                            let mut state = on_end.borrow_mut();
                            if let Some(at) = state.open.iter().rposition(|&i| i == index) {
                                state.open.truncate(at);
                            }
                            Ok(())
                        }));
                    }
                }
                Ok(())
            }))
            .append_document_content_handler(doc_text!(move |chunk| {
                on_text.borrow_mut().add_text(chunk.as_str());
                if chunk.last_in_text_node() {
                    on_text.borrow_mut().add_text(" ");
                }
                Ok(())
            }));
        // The handlers never fail, and lol_html accepts any input as HTML.
        let _ = rewrite_str(html, settings);
        let state = std::mem::take(&mut *state.borrow_mut());
        Document {
            elements: state.elements,
            text: state.text,
            styles: state.styles,
            line_starts: std::iter::once(0)
                .chain(html.match_indices('\n').map(|(i, _)| i + 1))
                .collect(),
        }
    }

    /// The 1-based line and column of a byte offset.
    pub fn position(&self, offset: usize) -> (usize, usize) {
        let line = self.line_starts.partition_point(|&start| start <= offset);
        let start = self.line_starts[line.saturating_sub(1)];
        (line, offset - start + 1)
    }

    /// Whether element `index` sits inside an element with tag `tag`.
    pub fn inside(&self, index: usize, tag: &str) -> bool {
        self.ancestors(index).any(|e| e.tag == tag)
    }

    pub fn ancestors(&self, index: usize) -> impl Iterator<Item = &Element> {
        std::iter::successors(self.elements[index].parent, |&i| self.elements[i].parent)
            .map(|i| &self.elements[i])
    }

    /// Elements with tag `tag`, with their indexes.
    pub fn all<'a>(&'a self, tag: &'a str) -> impl Iterator<Item = (usize, &'a Element)> + 'a {
        self.elements
            .iter()
            .enumerate()
            .filter(move |(_, e)| e.tag == tag)
    }

    /// The `lang` of the root element.
    pub fn lang(&self) -> Option<&str> {
        self.all("html")
            .next()
            .and_then(|(_, e)| e.attr("lang"))
            .filter(|l| !l.trim().is_empty())
    }

    /// Every `id` on the page.
    pub fn has_id(&self, id: &str) -> bool {
        self.elements
            .iter()
            .any(|e| e.attr("id") == Some(id) || (e.tag == "a" && e.attr("name") == Some(id)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elements_know_their_parent_text_and_line() {
        let doc = Document::parse(
            "<html lang=\"en\">\n<body><footer><a href=\"/x/\">Go <img src=a.png alt=\"home\"></a></footer>\n<p>Hi</p><script>var a;</script></body></html>",
        );
        let (i, a) = doc.all("a").next().unwrap();
        assert_eq!(a.accessible_name().as_deref(), Some("Go home"));
        assert!(doc.inside(i, "footer"));
        assert_eq!(doc.position(a.offset), (2, 15));
        let (p, _) = doc.all("p").next().unwrap();
        assert!(!doc.inside(p, "footer"));
        assert!(doc.text.contains("Hi") && !doc.text.contains("var a"));
        assert_eq!(doc.lang(), Some("en"));
    }

    #[test]
    fn void_and_unclosed_elements_do_not_swallow_what_follows() {
        let doc = Document::parse("<main><br><p>one<p>two</main><footer><a href=/>x</a></footer>");
        let (i, _) = doc.all("a").next().unwrap();
        assert!(!doc.inside(i, "main"));
    }
}

//! WordPress shortcodes (`[caption width="300"]...[/caption]`, `[gallery ids="1,2"]`) found in a post's
//! text. WordPress runs only the shortcodes a site's plugins register, which an export does not list, so
//! a bracketed word counts as one when it has arguments, a closing tag, or is one of WordPress's own;
//! `[1]` and `[sic]` stay text. `[[name]]` is WordPress's way to write one literally, and stays text.

use std::ops::Range;

/// WordPress's own shortcodes (with [`FORMS`], the ones a bare `[name]` counts as).
const WORDPRESS: &[&str] = &[
    "audio",
    "caption",
    "embed",
    "gallery",
    "playlist",
    "video",
    "wp_caption",
];

/// Common plugins' shortcodes that show a form.
pub(super) const FORMS: &[&str] = &[
    "contact-form-7",
    "contact-form",
    "gravityform",
    "wpforms",
    "ninja_form",
    "formidable",
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Shortcode {
    pub(super) name: String,
    /// Named arguments, and positional ones under the name `""`, as written.
    pub(super) args: Vec<(String, String)>,
    /// The text between `[name]` and `[/name]`.
    pub(super) body: Option<String>,
    /// Where the whole shortcode is in the text.
    pub(super) range: Range<usize>,
}

impl Shortcode {
    pub(super) fn arg(&self, name: &str) -> Option<&str> {
        self.args
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Every top-level shortcode in `text`, in order. A shortcode inside another's body is part of that body.
pub(super) fn find(text: &str) -> Vec<Shortcode> {
    let mut found = Vec::new();
    let mut at = 0;
    while let Some(offset) = text[at..].find('[') {
        let start = at + offset;
        if text[start..].starts_with("[[") {
            // `[[gallery]]`: written literally. Skip past its closing brackets.
            at = text[start..]
                .find("]]")
                .map_or(text.len(), |end| start + end + 2);
            continue;
        }
        match read_one(text, start) {
            Some(shortcode) => {
                at = shortcode.range.end;
                found.push(shortcode);
            }
            None => at = start + 1,
        }
    }
    found
}

fn read_one(text: &str, start: usize) -> Option<Shortcode> {
    let rest = &text[start + 1..];
    let name_len = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
        .unwrap_or(rest.len());
    let name = &rest[..name_len];
    if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    let after_name = &rest[name_len..];
    if !after_name.starts_with([' ', ']', '/', '\t', '\n']) {
        return None;
    }
    // The tag's end: the first `]` outside quotes.
    let mut quote: Option<char> = None;
    let mut end = None;
    for (i, c) in after_name.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (None, '"' | '\'') => quote = Some(c),
            (None, ']') => {
                end = Some(i);
                break;
            }
            (None, '[') => return None,
            _ => {}
        }
    }
    let end = end?;
    let inside = after_name[..end].trim();
    let self_closing = inside.ends_with('/');
    let args = parse_args(inside.trim_end_matches('/'));
    let tag_end = start + 1 + name_len + end + 1;
    let closing = format!("[/{name}]");
    let (body, range_end) = match (self_closing, text[tag_end..].find(&closing)) {
        (false, Some(offset)) => (
            Some(text[tag_end..tag_end + offset].to_owned()),
            tag_end + offset + closing.len(),
        ),
        _ => (None, tag_end),
    };
    if args.is_empty() && body.is_none() && !WORDPRESS.contains(&name) && !FORMS.contains(&name) {
        return None;
    }
    Some(Shortcode {
        name: name.to_owned(),
        args,
        body,
        range: start..range_end,
    })
}

/// `id="5" title='Contact' width=300 https://...`: named and positional arguments.
pub(in crate::import) fn parse_args(text: &str) -> Vec<(String, String)> {
    let mut args = Vec::new();
    let mut rest = text.trim_start();
    while !rest.is_empty() {
        let key_len = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
            .unwrap_or(rest.len());
        let (key, after) = if key_len > 0 && rest[key_len..].starts_with('=') {
            (&rest[..key_len], &rest[key_len + 1..])
        } else {
            ("", rest)
        };
        let (value, next) = if let Some(q @ ('"' | '\'')) = after.chars().next() {
            match after[1..].find(q) {
                Some(close) => (&after[1..=close], &after[close + 2..]),
                None => (&after[1..], ""),
            }
        } else {
            let len = after.find(char::is_whitespace).unwrap_or(after.len());
            (&after[..len], &after[len..])
        };
        args.push((key.to_owned(), value.to_owned()));
        rest = next.trim_start();
    }
    args
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shortcodes_with_arguments_bodies_and_literal_brackets() {
        let text = "A [caption id=\"attachment_7\" width='300']<img src=\"a.jpg\"> Our office[/caption] \
                    and [gallery ids=\"1,2\"] but not [1] or [sic] or [[gallery]]. [embed]https://youtu.be/x[/embed]";
        let found = find(text);
        let names: Vec<&str> = found.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["caption", "gallery", "embed"]);
        assert_eq!(found[0].arg("width"), Some("300"));
        assert_eq!(
            found[0].body.as_deref(),
            Some("<img src=\"a.jpg\"> Our office")
        );
        assert_eq!(found[1].arg("ids"), Some("1,2"));
        assert_eq!(found[2].body.as_deref(), Some("https://youtu.be/x"));
        assert_eq!(&text[found[1].range.clone()], "[gallery ids=\"1,2\"]");
    }

    #[test]
    fn positional_and_unquoted_arguments() {
        let found =
            find("[contact-form-7 id=42 title=\"Contact us\"] [youtube https://youtu.be/x /]");
        assert_eq!(found[0].name, "contact-form-7");
        assert_eq!(
            found[0].args,
            [
                ("id".to_owned(), "42".to_owned()),
                ("title".to_owned(), "Contact us".to_owned())
            ]
        );
        assert_eq!(
            found[1].args,
            [(String::new(), "https://youtu.be/x".to_owned())]
        );
        assert_eq!(found[1].body, None);
    }
}

//! HTML escaping: one function every layer shares (markdown's own markup, the engines' autoescape, the
//! redirect pages, the sitemap, the live preview's overlay), so text is escaped the same way everywhere. A
//! leaf module.

/// Escapes text for HTML and XML, the same way in every engine: `& < > " '` and nothing else, so URLs
/// stay readable (`/about/`, not `&#x2f;about&#x2f;`).
pub fn escape(text: &str) -> std::borrow::Cow<'_, str> {
    // Byte by byte: the five are ASCII, so they never occur inside a multi-byte character, and most text
    // has none of them (this runs for every value every template prints).
    let special = |b: &u8| matches!(b, b'&' | b'<' | b'>' | b'"' | b'\'');
    let Some(first) = text.bytes().position(|b| special(&b)) else {
        return std::borrow::Cow::Borrowed(text);
    };
    let mut out = String::with_capacity(text.len() + 16);
    out.push_str(&text[..first]);
    let mut from = first;
    for (at, byte) in text.bytes().enumerate().skip(first) {
        let entity = match byte {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&text[from..at]);
        out.push_str(entity);
        from = at + 1;
    }
    out.push_str(&text[from..]);
    std::borrow::Cow::Owned(out)
}

/// The words of HTML written by Portico's markdown (tags dropped, the five escapes undone, runs of white
/// space made one space), for places that want text: structured data, for one. Not for HTML from
/// elsewhere: a `>` inside an attribute's value would end the tag early.
pub fn text_of(html: &str) -> String {
    let mut words = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        words.push_str(&rest[..at]);
        let tag = rest[at + 1..].trim_start_matches('/');
        let name_len = tag
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(tag.len());
        if breaks_words(&tag[..name_len]) {
            words.push(' ');
        }
        rest = rest[at..].find('>').map_or("", |end| &rest[at + end + 1..]);
    }
    words.push_str(rest);
    unescape(&words)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Undoes HTML's escapes that text from a page editor carries: numeric references (`&#8217;`,
/// `&#x2019;`), XML's five and `&nbsp;`. Others stay as written.
pub fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        if let Some((c, len)) = entity(rest) {
            out.push(c);
            rest = &rest[len..];
        } else {
            out.push('&');
            rest = &rest[1..];
        }
    }
    out.push_str(rest);
    out
}

/// The character an escape at the start of `text` (`&amp;`, `&#8217;`) stands for, and the escape's
/// length in bytes; `None` when `text` does not start with one that [`unescape`] undoes.
pub fn entity(text: &str) -> Option<(char, usize)> {
    let rest = text.strip_prefix('&')?;
    // Bytes, not a string slice: the twelfth byte may fall inside a character.
    let end = rest.as_bytes()[..rest.len().min(11)]
        .iter()
        .position(|&b| b == b';')?;
    let c = match &rest[..end] {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        name => {
            let number = name.strip_prefix('#')?;
            let code = match number.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => number.parse().ok()?,
            };
            char::from_u32(code).filter(|c| *c != '\0')?
        }
    };
    Some((c, end + 2))
}

/// Whether a tag (`p`, `LI`, by its name) ends a line of text: the words on either side of it are not
/// one word, as they are on either side of `<em>` or `<a>`.
pub fn breaks_words(tag_name: &str) -> bool {
    // Matched on the lowercase name in a small buffer: this runs for every tag of every page the search
    // index reads.
    let mut lower = [0u8; 10];
    let Some(name) = lower.get_mut(..tag_name.len()) else {
        return false;
    };
    name.copy_from_slice(tag_name.as_bytes());
    name.make_ascii_lowercase();
    matches!(
        &*name,
        b"p" | b"br"
            | b"li"
            | b"div"
            | b"h1"
            | b"h2"
            | b"h3"
            | b"h4"
            | b"h5"
            | b"h6"
            | b"ul"
            | b"ol"
            | b"tr"
            | b"td"
            | b"th"
            | b"dt"
            | b"dd"
            | b"blockquote"
            | b"pre"
            | b"table"
            | b"figure"
            | b"figcaption"
            | b"section"
    )
}

#[cfg(test)]
mod tests {
    use super::{escape, text_of};

    #[test]
    fn text_of_keeps_the_words_and_undoes_the_escapes() {
        assert_eq!(
            text_of(
                "<p>Call <a href=\"tel:+1\">us</a> &amp; ask.</p>\n<ul><li>One</li><li>Two &lt;3</li></ul>"
            ),
            "Call us & ask. One Two <3"
        );
        assert_eq!(text_of("no tags"), "no tags");
        assert_eq!(text_of("cut <b"), "cut");
        assert_eq!(super::unescape("&ééééééé; &#x41;"), "&ééééééé; A");
        assert_eq!(
            text_of("See <a href=\"/x/\">the list</a>."),
            "See the list."
        );
    }

    #[test]
    fn escape_replaces_the_five_characters_and_keeps_everything_else() {
        assert!(matches!(
            escape("/about/ café"),
            std::borrow::Cow::Borrowed(_)
        ));
        assert_eq!(
            escape(r#"Tom & "Jerry's" <b>é</b>"#),
            "Tom &amp; &quot;Jerry&#39;s&quot; &lt;b&gt;é&lt;/b&gt;"
        );
        assert_eq!(escape("<"), "&lt;");
        assert_eq!(escape("ü&"), "ü&amp;");
    }
}

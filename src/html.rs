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

#[cfg(test)]
mod tests {
    use super::escape;

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

//! Plain-language messages for what serde-saphyr reports, in the user's words rather than Rust's ("`title`
//! must be text, and it is empty", not "cannot deserialize null into string"), and the blanking of one
//! entry that lets [`YamlSource::read`](super::YamlSource) look for more problems in the same file.

use super::suggest;

/// The line of an error that is about one entry (an unknown key, a value of the wrong type), which
/// [`YamlSource::read`] can blank out to look for more; `None` for any other error.
pub(super) fn entry_line(error: &serde_saphyr::Error) -> Option<u64> {
    use serde_saphyr::Error as E;
    let mut inner = error;
    while let E::AliasError { error: e, .. } | E::WithSnippet { error: e, .. } = inner {
        inner = e;
    }
    match inner {
        E::SerdeUnknownField { .. }
        | E::SerdeInvalidType { .. }
        | E::SerdeInvalidValue { .. }
        | E::SerdeUnknownVariant { .. } => error.location().map(|l| l.line()),
        _ => None,
    }
}

/// `text` with the block entry that starts on `line` (1-based) replaced by empty lines: the `key:` line
/// and everything below it that is indented further (or is a list item at the key's own indent, which
/// YAML allows). `None` when the line is not a plain block `key:` line (a flow map, a list item), which
/// cannot be blanked without breaking what is around it.
pub(super) fn blank_entry(text: &str, line: u64) -> Option<String> {
    let index = usize::try_from(line).ok()?.checked_sub(1)?;
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let first = lines.get(index)?;
    let content = first.trim_start_matches(' ');
    let indent = first.len() - content.len();
    if content.starts_with(['-', '#', '[', '{', '"', '\'', '?']) || !content.contains(':') {
        return None;
    }
    let mut end = index + 1;
    while let Some(next) = lines.get(end) {
        let rest = next.trim_start_matches(' ');
        let depth = next.len() - rest.len();
        let blank = rest.trim().is_empty();
        let item = depth == indent && (rest.starts_with("- ") || rest.trim_end() == "-");
        if !(blank || depth > indent || item) {
            break;
        }
        end += 1;
    }
    let mut out = String::with_capacity(text.len());
    for (i, part) in lines.iter().enumerate() {
        if (index..end).contains(&i) {
            if part.ends_with('\n') {
                out.push('\n');
            }
        } else {
            out.push_str(part);
        }
    }
    Some(out)
}

/// The key of the `key: value` line `line` (1-based) of `text`, if it is one.
fn key_on_line(text: &str, line: u64) -> Option<&str> {
    let content = text
        .lines()
        .nth(usize::try_from(line).ok()?.checked_sub(1)?)?
        .trim_start_matches([' ', '-']);
    let (key, _) = content.split_once(':')?;
    let key = key.trim().trim_matches(['"', '\'']);
    (!key.is_empty() && !key.contains(' ')).then_some(key)
}

/// What a value must be, in the user's words, from the type a serde message names, with an example.
fn wanted(message: &str) -> Option<(&'static str, &'static str)> {
    // "invalid type: integer `1`, expected a boolean" names the type found first: read what follows.
    let m = message.to_ascii_lowercase();
    let m = m
        .rsplit_once("expected")
        .map_or(m.as_str(), |(_, wanted)| wanted);
    let names = |words: &[&str]| words.iter().any(|w| m.contains(w));
    if names(&[
        "i8", "i16", "i32", "i64", "u8", "u16", "u32", "u64", "usize", "integer",
    ]) {
        Some(("a whole number", "10"))
    } else if names(&["f32", "f64", "float"]) {
        Some(("a number", "1.5"))
    } else if names(&["bool"]) {
        Some(("true or false", "true"))
    } else if names(&["sequence", "a list", "array"]) {
        Some(("a list", "[first, second]"))
    } else if names(&["string", "str "]) {
        Some(("text", "\"Some words\""))
    } else if names(&["map", "struct"]) {
        Some(("a group of `key: value` lines", "\n  key: value"))
    } else {
        None
    }
}

/// A plain-language message and an optional fix for a serde-saphyr error, and, when the error's own
/// place is not the one to show (a tab is reported after it), the line and column to show instead.
pub(super) fn describe(
    error: &serde_saphyr::Error,
    text: &str,
    what: &str,
) -> (String, Option<String>, Option<(usize, usize)>) {
    use serde_saphyr::Error as E;
    let line = error.location().map(|l| l.line());
    let mut error = error;
    while let E::AliasError { error: inner, .. } | E::WithSnippet { error: inner, .. } = error {
        error = inner;
    }
    let raw = strip_location(&error.without_snippet().to_string());
    if raw.contains("recursion limit") {
        return (
            "the YAML nests lists or maps too deep".to_owned(),
            Some(
                "write the values out plainly; Portico stops YAML that would take too much memory"
                    .to_owned(),
            ),
            None,
        );
    }
    if raw
        .split(|c: char| !c.is_ascii_alphanumeric())
        .any(|word| word == "tab" || word == "tabs")
    {
        // The scanner notices a tab only after the value before it; show the tab itself.
        let from = line
            .and_then(|l| usize::try_from(l).ok())
            .unwrap_or(1)
            .saturating_sub(1);
        let at = text
            .lines()
            .enumerate()
            .skip(from)
            .find_map(|(i, l)| l.find('\t').map(|c| (i + 1, c + 1)));
        return (
            "this line is indented with a tab, and YAML allows only spaces".to_owned(),
            Some("replace the tab with spaces, as many as the lines around it use".to_owned()),
            at,
        );
    }
    if raw.contains("expected mapping") || raw.contains("expected a mapping") {
        let first = text
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty() && !l.starts_with('#') && *l != "---")
            .unwrap_or_default();
        let shape = if first.starts_with('-') || first.starts_with('[') {
            "a list"
        } else {
            "a single value"
        };
        return (
            format!("{what} must be a set of `key: value` lines, and it is {shape}"),
            Some("put each setting on a line of its own, as `name: value` with no `-` in front; `portico init` writes an example".to_owned()),
            None,
        );
    }
    let key = line.and_then(|l| key_on_line(text, l));
    let message = match error {
        E::SerdeUnknownField {
            field, expected, ..
        } => {
            let help = suggest(field, expected.iter().copied()).map_or_else(
                || format!("the keys allowed here are: {}", expected.join(", ")),
                |near| format!("did you mean `{near}`?"),
            );
            (format!("unknown key `{field}`"), Some(help))
        }
        E::SerdeMissingField { field, .. } => (
            format!("missing key `{field}`"),
            Some(format!("add `{field}:` here")),
        ),
        E::DuplicateMappingKey { key, .. } => (
            match key {
                Some(key) => format!("the key `{key}` appears twice"),
                None => "a key appears twice".to_owned(),
            },
            Some("keep one of them".to_owned()),
        ),
        E::SerdeUnknownVariant {
            variant, expected, ..
        } => {
            let help = suggest(variant, expected.iter().copied()).map_or_else(
                || format!("use one of: {}", expected.join(", ")),
                |near| format!("did you mean `{near}`?"),
            );
            (format!("unknown value `{variant}`"), Some(help))
        }
        // A value type of Portico's own that reads itself from YAML (a colour, ...) gives its message
        // and its fix on two lines (see `yaml::custom_error`).
        E::Message { msg, .. } if msg.contains('\n') => {
            let (message, help) = msg.split_once('\n').unwrap_or((msg, ""));
            (message.to_owned(), Some(help.to_owned()))
        }
        E::Budget { breach, .. } => {
            use serde_saphyr::budget::BudgetBreach as B;
            let message = match breach {
                B::Depth { .. } => {
                    "the YAML nests lists or maps more than 64 levels deep".to_owned()
                }
                B::Aliases { .. } | B::Anchors { .. } => {
                    "the YAML has more than 1,000 anchors (`&name`) or aliases (`*name`)".to_owned()
                }
                _ => "the YAML expands to far more values than a site needs (an alias bomb?)"
                    .to_owned(),
            };
            (
                message,
                Some("write the values out plainly; Portico stops YAML that would take too much memory".to_owned()),
            )
        }
        _ if entry_line(error).is_some()
            || raw.starts_with("invalid")
            || raw.starts_with("expected")
            || raw.contains("deserialize") =>
        {
            match (key, wanted(&raw)) {
                (Some(key), Some((what, example))) => {
                    let empty = raw.contains("null");
                    (
                        if empty {
                            format!("`{key}` must be {what}, and it is empty")
                        } else {
                            format!("`{key}` must be {what}")
                        },
                        Some(format!("write it like `{key}: {example}`")),
                    )
                }
                (Some(key), None) => (format!("`{key}`: {raw}"), None),
                (None, _) => (raw, None),
            }
        }
        _ => (
            raw,
            Some(
                "check the YAML on this line and the one above: a missing `]`, `}` or quote, \
                 or a `key: value` that needs a space after the colon"
                    .to_owned(),
            ),
        ),
    };
    (message.0, message.1, None)
}

/// serde-saphyr appends " at line L, column C" to messages; we print locations our own way.
fn strip_location(message: &str) -> String {
    let cut = message.find(" at line ").map_or(message, |i| &message[..i]);
    cut.trim_end_matches('.').to_owned()
}

//! Components in markdown: `{{ phone() }}` in a line of text, and `{% callout(kind="note") %}` ... `{% end %}`
//! around markdown. The same syntax in every site, whichever engine its theme uses, because it is read
//! here and never by a template engine: a page's text cannot run template code.
//!
//! This module only reads the syntax. Each call is replaced by a placeholder (a private-use character
//! pair around its number, which markdown leaves alone), the text around it is rendered as markdown as
//! usual, and the render step later puts each component's template output where its placeholder is
//! (`render::components`). A body is rendered as markdown in place, between an opening and a closing
//! placeholder, so pictures and `@/` links inside it work like anywhere else.
//!
//! Everything else that looks like a template tag is an error at its line and column, never literal text
//! on a page: Hugo's `{{< figure >}}` and `{{% note %}}`, Jekyll's and Liquid's `{% include %}`, a
//! `{{ variable }}`. Inside code (`` `{{ x }}` `` or a fenced block) braces are text. `\{{` and `\{%`
//! write the braces themselves.

use std::collections::BTreeMap;
use std::ops::Range;

use serde::Serialize;

use super::markdown::LineIndex;

/// Marks a placeholder: `OPEN n CLOSE` for a call or a body's start, `OPEN / n CLOSE` for a body's end.
pub const OPEN: char = '\u{E000}';
pub const CLOSE: char = '\u{E001}';

/// One component call, as the text wrote it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Call {
    pub name: String,
    pub args: BTreeMap<String, Arg>,
    /// Whether it is a `{% name() %}` ... `{% end %}` call, with markdown inside.
    pub has_body: bool,
    /// Whether its tags stand on lines of their own: then it is a block (its output is not put inside
    /// a paragraph, and a body is paragraphs and lists); otherwise it is part of a line of text.
    pub alone: bool,
    /// Line and column of the call's `{{` or `{%`, 1-based, in the markdown text.
    pub line: usize,
    pub column: usize,
}

/// An argument's value: `"text"`, a number or `true`/`false`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Arg {
    Text(String),
    Number(f64),
    Bool(bool),
}

impl Arg {
    pub fn as_text(&self) -> Option<&str> {
        match self {
            Arg::Text(text) => Some(text),
            Arg::Number(_) | Arg::Bool(_) => None,
        }
    }
}

/// A mistake in the syntax, at a line and column of the markdown text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub message: String,
    pub help: String,
    pub line: usize,
    pub column: usize,
}

/// A page's text with its components replaced by placeholders.
#[derive(Debug, Default)]
pub struct Expanded {
    pub text: String,
    pub calls: Vec<Call>,
    edits: Vec<Edit>,
}

/// One replacement: `original` in the page's text became `len` bytes at `at` in the expanded text.
#[derive(Debug, Clone)]
struct Edit {
    original: Range<usize>,
    at: usize,
    len: usize,
}

impl Expanded {
    /// Where a byte offset of the expanded text was in the page's own text, for positions in messages.
    pub fn original_offset(&self, offset: usize) -> usize {
        let index = self.edits.partition_point(|e| e.at <= offset);
        let Some(edit) = index.checked_sub(1).and_then(|i| self.edits.get(i)) else {
            return offset;
        };
        if offset < edit.at + edit.len {
            edit.original.start
        } else {
            offset - (edit.at + edit.len) + edit.original.end
        }
    }
}

/// The placeholder of call `index`'s start (or the whole call, without a body).
pub fn opening(index: usize) -> String {
    format!("{OPEN}{index}{CLOSE}")
}

/// The placeholder of call `index`'s end.
pub fn closing(index: usize) -> String {
    format!("{OPEN}/{index}{CLOSE}")
}

/// The words of call `index`'s body in a page's HTML as markdown made it (before components are rendered),
/// without the calls inside it: for data that wants text, such as an answer in `FAQPage` structured data.
pub fn body_text(html: &str, index: usize) -> Option<String> {
    let (open, close) = (opening(index), closing(index));
    let start = html.find(&open)? + open.len();
    let end = start + html[start..].find(&close)?;
    let mut text = crate::html::text_of(&html[start..end]);
    // Placeholders of calls inside: a private-use character, digits, another.
    while let Some(at) = text.find(OPEN) {
        let Some(len) = text[at..].find(CLOSE) else {
            break;
        };
        text.replace_range(at..at + len + CLOSE.len_utf8(), "");
    }
    Some(text.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// Whether `text` may hold a component or a foreign template tag: most pages do not, and skip the rest.
pub fn may_have_components(text: &str) -> bool {
    memchr::memmem::find(text.as_bytes(), b"{{").is_some()
        || memchr::memmem::find(text.as_bytes(), b"{%").is_some()
}

/// Replaces every call in `text` (outside the byte ranges in `code`) with placeholders. Every mistake
/// is returned, not only the first.
pub fn expand(text: &str, code: &[Range<usize>]) -> Result<Expanded, Vec<Problem>> {
    let lines = LineIndex::new(text);
    let mut out = Expanded::default();
    let mut problems = Vec::new();
    // Calls with a body that is still open: index into `calls`.
    let mut open: Vec<usize> = Vec::new();
    let mut copied = 0;
    let mut at = 0;
    while let Some(found) = memchr::memchr(b'{', &text.as_bytes()[at..]) {
        let start = at + found;
        at = start + 1;
        let next = text.as_bytes().get(start + 1).copied();
        if !matches!(next, Some(b'{' | b'%')) || code.iter().any(|r| r.contains(&start)) {
            continue;
        }
        let backslashes = text.as_bytes()[..start]
            .iter()
            .rev()
            .take_while(|&&b| b == b'\\')
            .count();
        if backslashes % 2 == 1 {
            // `\{{`: markdown drops the backslash and shows the braces.
            at = start + 2;
            continue;
        }
        let (line, column) = lines.position(start);
        let problem = |message: String, help: String| Problem {
            message,
            help,
            line,
            column,
        };
        let tag = match read_tag(text, start) {
            Ok(tag) => tag,
            Err((message, help)) => {
                problems.push(problem(message, help));
                // Past this tag's end, if it has one, so its inside is not read again.
                at = tag_end(text, start).unwrap_or(start + 2);
                continue;
            }
        };
        let replacement = match tag.kind {
            TagKind::End => {
                let Some(index) = open.pop() else {
                    problems.push(problem(
                        "`{% end %}` closes no component".to_owned(),
                        "remove it, or open a component before it: `{% callout(kind=\"note\") %}`"
                            .to_owned(),
                    ));
                    at = tag.end;
                    continue;
                };
                placeholder(
                    closing(index),
                    out.calls[index].alone.then(|| indent(text, start)),
                )
            }
            TagKind::Call { block } => {
                let index = out.calls.len();
                let alone = stands_alone(text, start, tag.end);
                if block {
                    open.push(index);
                }
                out.calls.push(Call {
                    name: tag.name,
                    args: tag.args,
                    has_body: block,
                    alone,
                    line,
                    column,
                });
                placeholder(opening(index), alone.then(|| indent(text, start)))
            }
        };
        out.text.push_str(&text[copied..start]);
        out.edits.push(Edit {
            original: start..tag.end,
            at: out.text.len(),
            len: replacement.len(),
        });
        out.text.push_str(&replacement);
        copied = tag.end;
        at = tag.end;
    }
    for index in open {
        let call = &out.calls[index];
        problems.push(Problem {
            message: format!("`{{% {}(...) %}}` is never closed", call.name),
            help: "end its text with `{% end %}`".to_owned(),
            line: call.line,
            column: call.column,
        });
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    out.text.push_str(&text[copied..]);
    Ok(out)
}

/// A tag on a line of its own becomes a paragraph of its own, which the render step replaces whole:
/// a block's output (a table, a box around paragraphs) is never put inside a `<p>`.
/// The paragraph keeps the line's indent, so a block inside a list item stays in the item.
fn placeholder(mark: String, alone: Option<&str>) -> String {
    match alone {
        Some(indent) => format!("\n\n{indent}{mark}\n\n{indent}"),
        None => mark,
    }
}

/// The spaces before `start` on its line.
fn indent(text: &str, start: usize) -> &str {
    text[..start].rsplit('\n').next().unwrap_or_default()
}

/// Whether the tag at `start..end` is the only thing on its line.
fn stands_alone(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].rsplit('\n').next().unwrap_or_default();
    let after = text[end..].split('\n').next().unwrap_or_default();
    before.trim().is_empty() && after.trim().is_empty()
}

#[derive(Debug)]
enum TagKind {
    /// `{{ name(...) }}` (`block: false`) or `{% name(...) %}`.
    Call {
        block: bool,
    },
    End,
}

#[derive(Debug)]
struct Tag {
    kind: TagKind,
    name: String,
    args: BTreeMap<String, Arg>,
    /// The byte after the tag.
    end: usize,
}

type Mistake = (String, String);

const WRITE_LITERALLY: &str =
    "to show the braces themselves, write a backslash before them (`\\{{`) or put them in `code`";

/// Reads the tag that starts at `start` (`{{` or `{%`).
fn read_tag(text: &str, start: usize) -> Result<Tag, Mistake> {
    let block = text.as_bytes()[start + 1] == b'%';
    let mut reader = Reader {
        text,
        at: start + 2,
    };
    if !block && let Some(foreign) = hugo_shortcode(text, start) {
        return Err(foreign);
    }
    reader.spaces();
    let name = reader.name();
    let close = if block { "%}" } else { "}}" };
    if name.is_empty() {
        let shown = excerpt(text, start);
        return Err((
            format!("`{shown}` is not a component"),
            format!("components are written `{{{{ name(arg=\"value\") }}}}`; {WRITE_LITERALLY}"),
        ));
    }
    reader.spaces();
    if block && name == "end" {
        return if reader.eat(close) {
            Ok(Tag {
                kind: TagKind::End,
                name,
                args: BTreeMap::new(),
                end: reader.at,
            })
        } else {
            Err((
                "`{% end` is not closed with `%}`".to_owned(),
                "write `{% end %}`".to_owned(),
            ))
        };
    }
    if !reader.eat("(") {
        let shown = excerpt(text, start);
        let help = if block {
            format!(
                "this looks like a template tag from Jekyll, Liquid or Zola; markdown pages cannot run template code. A component with text inside is written `{{% name(arg=\"value\") %}} ... {{% end %}}`; {WRITE_LITERALLY}"
            )
        } else {
            format!(
                "this looks like a template variable; markdown pages cannot read them. A component is written `{{{{ {name}() }}}}`; {WRITE_LITERALLY}"
            )
        };
        return Err((format!("`{shown}` is not a component call"), help));
    }
    let args = reader.args().map_err(|why| {
        (
            format!("the component `{name}` has a mistake in its arguments: {why}"),
            "arguments are written `name=\"text\"`, `name=12` or `name=true`, separated by commas"
                .to_owned(),
        )
    })?;
    reader.spaces();
    if !reader.eat(close) {
        return Err((
            format!("the component `{name}` is not closed with `{close}`"),
            format!(
                "write `{}{name}(...){}`",
                if block { "{% " } else { "{{ " },
                if block { " %}" } else { " }}" }
            ),
        ));
    }
    Ok(Tag {
        kind: TagKind::Call { block },
        name,
        args,
        end: reader.at,
    })
}

/// `{{< name ... >}}` and `{{% name ... %}}`: Hugo's shortcodes, named with what Portico has instead.
fn hugo_shortcode(text: &str, start: usize) -> Option<Mistake> {
    let rest = &text[start + 2..];
    let inner = rest.strip_prefix('<').or_else(|| rest.strip_prefix('%'))?;
    let name: String = inner
        .trim_start()
        .trim_start_matches('/')
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '-')
        .collect();
    let instead = match name.as_str() {
        "ref" | "relref" => "a link to another page is written `[text](@/path/to/page.md)`".to_owned(),
        "youtube" | "vimeo" => {
            "a video is `{{ video(url=\"https://...\", title=\"...\") }}`: nothing loads from the video site until the visitor asks".to_owned()
        }
        "highlight" => "code is a fenced block: three backticks and the language".to_owned(),
        "figure" => "a picture with a caption is `{{ figure(src=\"/images/x.jpg\", alt=\"...\", caption=\"...\") }}`".to_owned(),
        _ => "Portico's components are written `{{ name(arg=\"value\") }}`; `portico import hugo` converts the common ones".to_owned(),
    };
    Some((
        format!(
            "`{}` is a Hugo shortcode, which Portico does not run",
            excerpt(text, start)
        ),
        instead,
    ))
}

/// Where a tag that could not be read ends, if on the same line.
fn tag_end(text: &str, start: usize) -> Option<usize> {
    let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let close = if text.as_bytes()[start + 1] == b'%' {
        "%}"
    } else {
        "}}"
    };
    text[start + 2..line_end]
        .find(close)
        .map(|i| start + 2 + i + 2)
}

/// The tag as written, up to its end or 60 characters, for messages.
fn excerpt(text: &str, start: usize) -> String {
    let end = tag_end(text, start)
        .unwrap_or_else(|| text[start..].find('\n').map_or(text.len(), |i| start + i));
    let tag = &text[start..end];
    match tag.char_indices().nth(60) {
        Some((cut, _)) => format!("{}...", &tag[..cut]),
        None => tag.to_owned(),
    }
}

struct Reader<'t> {
    text: &'t str,
    at: usize,
}

impl Reader<'_> {
    fn rest(&self) -> &str {
        &self.text[self.at..]
    }

    fn spaces(&mut self) {
        let rest = self.rest();
        self.at += rest.len() - rest.trim_start().len();
    }

    fn eat(&mut self, word: &str) -> bool {
        if self.rest().starts_with(word) {
            self.at += word.len();
            true
        } else {
            false
        }
    }

    fn name(&mut self) -> String {
        let name: String = self
            .rest()
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if name.starts_with(|c: char| c.is_ascii_digit()) {
            return String::new();
        }
        self.at += name.len();
        name
    }

    /// `name="text", n=3, flag=true)`, up to and including the `)`.
    fn args(&mut self) -> Result<BTreeMap<String, Arg>, String> {
        let mut args = BTreeMap::new();
        loop {
            self.spaces();
            if self.eat(")") {
                return Ok(args);
            }
            let name = self.name();
            if name.is_empty() {
                return Err("an argument needs a name, like `kind=\"note\"`".to_owned());
            }
            self.spaces();
            if !self.eat("=") {
                return Err(format!("`{name}` needs a value: `{name}=\"...\"`"));
            }
            self.spaces();
            let value = self.value().map_err(|why| format!("`{name}`: {why}"))?;
            if args.insert(name.clone(), value).is_some() {
                return Err(format!("`{name}` is given twice"));
            }
            self.spaces();
            if !self.eat(",") && !self.rest().starts_with(')') {
                return Err("arguments are separated by commas and end with `)`".to_owned());
            }
        }
    }

    fn value(&mut self) -> Result<Arg, String> {
        if let Some(quote) = self
            .rest()
            .chars()
            .next()
            .filter(|c| *c == '"' || *c == '\'')
        {
            self.at += 1;
            let mut value = String::new();
            let mut chars = self.rest().char_indices();
            while let Some((i, c)) = chars.next() {
                match c {
                    '\\' => match chars.next() {
                        Some((_, escaped)) => value.push(escaped),
                        None => break,
                    },
                    '\n' => break,
                    c if c == quote => {
                        self.at += i + 1;
                        return Ok(Arg::Text(value));
                    }
                    c => value.push(c),
                }
            }
            return Err(format!(
                "the text is not closed with {quote} on the same line"
            ));
        }
        let word: String = self
            .rest()
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '+'))
            .collect();
        self.at += word.len();
        match word.as_str() {
            "true" => Ok(Arg::Bool(true)),
            "false" => Ok(Arg::Bool(false)),
            number => number
                .parse::<f64>()
                .ok()
                .filter(|n| n.is_finite())
                .map(Arg::Number)
                .ok_or_else(|| "a value is \"text\" in quotes, a number, true or false".to_owned()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn calls(text: &str) -> Vec<Call> {
        expand(text, &[]).expect("no mistakes").calls
    }

    fn mistakes(text: &str) -> Vec<Problem> {
        expand(text, &[]).expect_err("a mistake")
    }

    #[test]
    fn a_call_is_read_with_its_arguments_and_place() {
        let found = calls("Call us.\nNow: {{ phone(location=\"downtown\", big=true, n=2) }}\n");
        assert_eq!(found.len(), 1);
        let call = &found[0];
        assert_eq!(
            (call.name.as_str(), call.line, call.column),
            ("phone", 2, 6)
        );
        assert!(!call.has_body && !call.alone);
        assert_eq!(call.args["location"], Arg::Text("downtown".into()));
        assert_eq!(call.args["big"], Arg::Bool(true));
        assert_eq!(call.args["n"], Arg::Number(2.0));
    }

    #[test]
    fn a_body_on_lines_of_its_own_is_blocks_and_one_inside_a_line_is_words() {
        let text = "{% callout(kind=\"note\") %}\nBring your card.\n{% end %}\n\nA {% button(href=\"/x/\") %}go{% end %} now.";
        let expanded = expand(text, &[]).unwrap();
        let kinds: Vec<_> = expanded
            .calls
            .iter()
            .map(|c| (c.has_body, c.alone))
            .collect();
        assert_eq!(kinds, [(true, true), (true, false)]);
        assert!(expanded.text.contains(&format!("\n\n{}\n\n", opening(0))));
        assert!(
            expanded
                .text
                .contains(&format!("A {}go{} now.", opening(1), closing(1)))
        );
    }

    #[test]
    fn positions_after_a_call_map_back_to_the_page_text() {
        let text = "{{ phone() }} and [a link](@/x.md)";
        let expanded = expand(text, &[]).unwrap();
        let link = expanded.text.find("[a link]").unwrap();
        assert_eq!(
            expanded.original_offset(link),
            text.find("[a link]").unwrap()
        );
        assert_eq!(expanded.original_offset(0), 0);
    }

    #[test]
    fn code_and_backslashes_keep_braces_as_text() {
        let text = "`{{ x }}` and \\{{ y }}";
        // The code span `{{ x }}`, as the markdown parser reports it.
        let code_span = std::iter::once(0..9).collect::<Vec<_>>();
        let expanded = expand(text, &code_span).unwrap();
        assert!(expanded.calls.is_empty());
        assert_eq!(expanded.text, text);
    }

    #[test]
    fn foreign_tags_are_mistakes_with_what_to_write_instead() {
        let hugo = mistakes("Hi\n\n{{< youtube abc >}}");
        assert_eq!((hugo[0].line, hugo[0].column), (3, 1));
        assert!(
            hugo[0].message.contains("Hugo shortcode") && hugo[0].help.contains("video("),
            "{hugo:?}"
        );
        let liquid = mistakes("{% include footer.html %}");
        assert!(liquid[0].help.contains("Jekyll"), "{liquid:?}");
        let variable = mistakes("Hello {{ page.title }}");
        assert!(
            variable[0].message.contains("not a component"),
            "{variable:?}"
        );
        let all = mistakes("{{< a >}} {{% b %}} {{ c }}");
        assert_eq!(all.len(), 3, "every mistake at once");
    }

    #[test]
    fn unbalanced_bodies_and_bad_arguments_are_mistakes() {
        assert!(
            mistakes("{% callout() %}\ntext")[0]
                .message
                .contains("never closed")
        );
        assert!(
            mistakes("{% end %}")[0]
                .message
                .contains("closes no component")
        );
        assert!(
            mistakes("{{ phone(x=\"open) }}")[0]
                .message
                .contains("not closed")
        );
        assert!(
            mistakes("{{ phone(x=1, x=2) }}")[0]
                .message
                .contains("twice")
        );
        assert!(
            mistakes("{{ phone(x) }}")[0]
                .message
                .contains("needs a value")
        );
    }

    proptest::proptest! {
        #[test]
        fn any_text_is_read_without_panicking(text in r#"[{}%a-z()="' \\\n<>é]{0,60}"#) {
            if let Ok(expanded) = expand(&text, &[]) {
                for offset in 0..=expanded.text.len() {
                    proptest::prop_assert!(expanded.original_offset(offset) <= text.len());
                }
            }
        }
    }
}

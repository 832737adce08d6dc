//! The search index of one language, as the search page's script reads it.
//!
//! Measured against Pagefind at 10,000 pages (`benches/search-evaluation.md`), this layout keeps both the
//! build and each visitor's download small:
//!
//! - `terms-X.json`: the words that start with `X` (a letter or digit, or `u` and the hex code of any
//!   other first character), each with the numbers of the pages that have it, written as gaps (`[3, 1,
//!   7]` is pages 3, 4 and 11). `{"w": {word: gaps}, "t": {word: gaps}}`: `w` for words anywhere on the
//!   page, `t` for words of its title, which rank a page first.
//! - `pages-N.json`: pages `100 × N` to `100 × N + 99` as `[address, title, excerpt]`.
//!
//! A query fetches one terms file per word and one pages file per hundred pages it shows. Words are
//! folded the same way here and in the script (lowercase, accents dropped: `Vacunación` is found by
//! `vacunacion`), and the script matches the start of words, so `vacc` finds `vaccines`.

use std::collections::BTreeMap;

use foldhash::HashMap;

use rayon::prelude::*;
use serde::Serialize;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use crate::content::components::{CLOSE, OPEN};

/// How many pages one `pages-N.json` holds.
pub(super) const PAGES_PER_FILE: usize = 100;

/// Words shorter than this are not indexed (`a`, `I`, a single digit).
const SHORTEST: usize = 2;
/// Longer "words" are addresses, codes or runs without spaces, which nobody types into a search box.
const LONGEST: usize = 32;

/// How long an excerpt made from a page's text may be, in characters.
const EXCERPT: usize = 160;

/// One page as the index holds it.
#[derive(Debug, Serialize)]
struct Entry(String, String, String);

/// The words of one shard: all of them, and those of titles.
#[derive(Debug, Default, Serialize)]
struct Shard<'a> {
    w: BTreeMap<&'a str, Vec<u32>>,
    t: BTreeMap<&'a str, Vec<u32>>,
}

/// A page to index: its address (with the base URL's subpath), title, description and the HTML its
/// markdown was rendered to.
#[derive(Debug)]
pub(super) struct PageText<'a> {
    pub url: String,
    pub title: &'a str,
    pub description: Option<&'a str>,
    pub html: &'a str,
}

/// How many pages one thread reads before its words are merged: enough that each word is merged a few
/// times, not once per page, and few enough that both cores get work at a thousand pages.
const PAGES_PER_PART: usize = 128;

/// The index of one language, its pages in the order results are shown when they rank alike.
#[derive(Debug, Default)]
pub(super) struct Index {
    pages: Vec<Entry>,
    postings: Postings,
}

/// Each word with the pages that have it, in increasing order: all words, and those of titles.
#[derive(Debug, Default)]
struct Postings {
    words: HashMap<Box<str>, Vec<u32>>,
    titles: HashMap<Box<str>, Vec<u32>>,
}

impl Postings {
    /// Notes that page `id` (no smaller than any page noted before) has `word`.
    fn note(list: &mut HashMap<Box<str>, Vec<u32>>, word: &str, id: u32) {
        match list.get_mut(word) {
            Some(ids) if ids.last() == Some(&id) => {}
            Some(ids) => ids.push(id),
            None => {
                list.insert(word.into(), vec![id]);
            }
        }
    }

    /// Adds `later`'s pages, all of which come after this one's.
    fn append(&mut self, later: Postings) {
        for (list, more) in [
            (&mut self.words, later.words),
            (&mut self.titles, later.titles),
        ] {
            for (word, ids) in more {
                list.entry(word).or_default().extend(ids);
            }
        }
    }
}

impl Index {
    /// Reads `pages` (every word of every page, the slow part) a part at a time on every core, then
    /// merges the parts in order: page `n` of `pages` is result `n`.
    pub(super) fn of(pages: &[PageText<'_>]) -> Index {
        let parts: Vec<(Vec<Entry>, Postings)> = pages
            .par_chunks(PAGES_PER_PART)
            .enumerate()
            .map(|(part, pages)| read_part(part * PAGES_PER_PART, pages))
            .collect();
        let mut index = Index::default();
        for (entries, postings) in parts {
            index.pages.extend(entries);
            index.postings.append(postings);
        }
        index
    }
    /// The index's files, by name in the language's search folder.
    pub(super) fn files(&self) -> Vec<(String, Vec<u8>)> {
        let mut shards: BTreeMap<String, Shard<'_>> = BTreeMap::new();
        for (word, ids) in &self.postings.words {
            shards
                .entry(shard(word))
                .or_default()
                .w
                .insert(word, gaps(ids));
        }
        for (word, ids) in &self.postings.titles {
            shards
                .entry(shard(word))
                .or_default()
                .t
                .insert(word, gaps(ids));
        }
        let mut files: Vec<(String, Vec<u8>)> = shards
            .iter()
            .map(|(key, shard)| (format!("terms-{key}.json"), json(shard)))
            .collect();
        files.extend(
            self.pages
                .chunks(PAGES_PER_FILE)
                .enumerate()
                .map(|(n, pages)| (format!("pages-{n}.json"), json(&pages))),
        );
        files
    }
}

fn json(value: &impl Serialize) -> Vec<u8> {
    serde_json::to_vec(value).expect("plain strings and numbers serialize")
}

/// `[3, 4, 11]` as `[3, 1, 7]`: small numbers, about half the bytes at 10,000 pages.
fn gaps(ids: &[u32]) -> Vec<u32> {
    let mut previous = 0;
    ids.iter()
        .map(|&id| {
            let gap = id - previous;
            previous = id;
            gap
        })
        .collect()
}

/// The shard a word is in: its first character when that is a plain letter or digit, else `u` and the
/// character's code in hex (`u4e2d`), so every file name is plain ASCII. The script names shards alike.
pub(super) fn shard(word: &str) -> String {
    match word.chars().next() {
        Some(c) if c.is_ascii_lowercase() || c.is_ascii_digit() => c.to_string(),
        Some(c) => format!("u{:x}", u32::from(c)),
        None => String::new(),
    }
}

/// Reads the pages of one part, page `n` of `pages` being page `first + n` of the index.
fn read_part(first: usize, pages: &[PageText<'_>]) -> (Vec<Entry>, Postings) {
    let mut postings = Postings::default();
    let mut words = Words::default();
    let entries = pages
        .iter()
        .enumerate()
        .map(|(n, page)| {
            let id = u32::try_from(first + n).unwrap_or(u32::MAX);
            words.each(page.title, Text::Plain, |word| {
                Postings::note(&mut postings.titles, word, id);
                Postings::note(&mut postings.words, word, id);
            });
            let description = page.description.unwrap_or_default();
            words.each(description, Text::Plain, |word| {
                Postings::note(&mut postings.words, word, id);
            });
            words.each(page.html, Text::Html, |word| {
                Postings::note(&mut postings.words, word, id);
            });
            let excerpt = match description.trim() {
                "" => excerpt_of(page.html),
                description => description.to_owned(),
            };
            Entry(page.url.clone(), page.title.to_owned(), excerpt)
        })
        .collect();
    (entries, postings)
}

/// What [`Words::each`] reads: text as a person wrote it (a title), or HTML, whose tags are not words
/// and whose escapes stand for characters.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Text {
    Plain,
    Html,
}

/// Splits text into words as the index and the script compare them: lowercase, without accents,
/// between anything that is not a letter or a digit, as long as people type. In one pass over the
/// text, without copying it (copying every page three times was most of the index's time): a word is
/// built up in `word` and handed on when it ends. Plain ASCII letters, most of most pages, are only
/// lowercased; a word with any other letter is [folded](fold) as a whole.
#[derive(Debug, Default)]
struct Words {
    word: String,
    unicode: bool,
    folded: String,
}

impl Words {
    /// Calls `found` with each word of `text`, folded, in order (the same word as often as it occurs).
    /// A word that runs on past the ASCII run it starts with (`un<em>believ</em>able`, `caf&#233;`,
    /// `Vacunación`) is built up in `word` and handed on at its end.
    fn each(&mut self, text: &str, kind: Text, mut found: impl FnMut(&str)) {
        let bytes = text.as_bytes();
        let mut at = 0;
        while at < bytes.len() {
            let byte = bytes[at];
            if byte.is_ascii_alphanumeric() {
                // A run of ASCII letters and digits, most words of most pages. When it is a whole word
                // already in lowercase, it is handed on as it is, without copying it.
                let start = at;
                while bytes.get(at).is_some_and(u8::is_ascii_alphanumeric) {
                    at += 1;
                }
                let run = &text[start..at];
                let whole = self.word.is_empty()
                    && bytes.get(at).is_none_or(|&next| {
                        next.is_ascii() && !(kind == Text::Html && matches!(next, b'<' | b'&'))
                    });
                if whole && !run.bytes().any(|b| b.is_ascii_uppercase()) {
                    if (SHORTEST..=LONGEST).contains(&run.len()) {
                        found(run);
                    }
                } else {
                    let from = self.word.len();
                    self.word.push_str(run);
                    self.word[from..].make_ascii_lowercase();
                }
            } else if kind == Text::Html && byte == b'<' {
                // A tag: the words on either side of `<p>` are two, of `<em>` one.
                let tag = text[at + 1..].trim_start_matches('/');
                let name = tag
                    .find(|c: char| !c.is_ascii_alphanumeric())
                    .map_or(tag, |end| &tag[..end]);
                if crate::html::breaks_words(name) {
                    self.end(&mut found);
                }
                at = text[at..].find('>').map_or(text.len(), |end| at + end + 1);
            } else if let Some((c, len)) = (kind == Text::Html && byte == b'&')
                .then(|| crate::html::entity(&text[at..]))
                .flatten()
            {
                self.push(c, &mut found);
                at += len;
            } else if byte.is_ascii() {
                self.end(&mut found);
                at += 1;
            } else if text[at..].starts_with(OPEN) {
                // Where a component goes (`\u{E000}3\u{E001}`): its number is not a word of the page.
                self.end(&mut found);
                at = text[at..]
                    .find(CLOSE)
                    .map_or(text.len(), |end| at + end + CLOSE.len_utf8());
            } else {
                let c = text[at..].chars().next().expect("`at` is at a character");
                self.push(c, &mut found);
                at += c.len_utf8();
            }
        }
        self.end(&mut found);
    }

    fn push(&mut self, c: char, found: &mut impl FnMut(&str)) {
        if c.is_ascii_alphanumeric() {
            self.word.push(c.to_ascii_lowercase());
        } else if c.is_alphanumeric() || is_combining_mark(c) {
            self.word.push(c);
            self.unicode = true;
        } else {
            self.end(found);
        }
    }

    /// Ends the word being built, if any, and hands it (or, folded, its parts) on.
    fn end(&mut self, found: &mut impl FnMut(&str)) {
        if self.word.is_empty() {
            return;
        }
        if self.unicode {
            self.folded.clear();
            fold(&self.word, &mut self.folded);
            for word in self.folded.split(' ').filter(|w| is_typed(w)) {
                found(word);
            }
        } else if (SHORTEST..=LONGEST).contains(&self.word.len()) {
            found(&self.word);
        }
        self.word.clear();
        self.unicode = false;
    }
}

/// Whether a word is as long as words people type: not `a`, not an address without spaces.
fn is_typed(word: &str) -> bool {
    (SHORTEST..=LONGEST).contains(&word.chars().count())
}

/// A word with letters that are not ASCII, lowercase, with accents and other combining marks dropped,
/// as JavaScript's `toLowerCase().normalize("NFD").replace(/\p{M}/gu, "").normalize("NFC")` does to
/// the query; what is then not a letter or digit becomes a space, where the script splits the query.
/// Composing again keeps letters that decompose into others (Korean syllables) whole.
fn fold(word: &str, out: &mut String) {
    out.extend(
        word.to_lowercase()
            .nfd()
            .filter(|&c| !is_combining_mark(c))
            .nfc()
            .map(|c| if c.is_alphanumeric() { c } else { ' ' }),
    );
}

/// The excerpt of a page without a description: the start of its text. Only the start of the HTML is
/// read, unless that is all markup.
fn excerpt_of(html: &str) -> String {
    let mut end = (EXCERPT * 8).min(html.len());
    while !html.is_char_boundary(end) {
        end += 1;
    }
    let mut text = crate::html::text_of(&without_placeholders(&html[..end]));
    if end < html.len() && text.chars().count() <= EXCERPT {
        text = crate::html::text_of(&without_placeholders(html));
    }
    excerpt(&text)
}

/// HTML without the placeholders where components go (`\u{E000}3\u{E001}`), whose numbers are not
/// words of the page.
fn without_placeholders(html: &str) -> std::borrow::Cow<'_, str> {
    if !html.contains(OPEN) {
        return html.into();
    }
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find(OPEN) {
        out.push_str(&rest[..at]);
        out.push(' ');
        rest = rest[at..]
            .find(CLOSE)
            .map_or("", |end| &rest[at + end + CLOSE.len_utf8()..]);
    }
    out.push_str(rest);
    out.into()
}

/// The start of a page's text, cut at a word and ended with "…" when there is more.
fn excerpt(text: &str) -> String {
    if text.chars().count() <= EXCERPT {
        return text.to_owned();
    }
    let end = text
        .char_indices()
        .nth(EXCERPT)
        .map_or(text.len(), |(at, _)| at);
    let cut = text[..end].rfind(' ').unwrap_or(end);
    format!("{}…", text[..cut].trim_end_matches([',', ';', ':', ' ']))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        let mut found = Vec::new();
        Words::default().each(text, Text::Html, |word| found.push(word.to_owned()));
        found
    }

    fn page<'a>(
        url: &str,
        title: &'a str,
        description: Option<&'a str>,
        html: &'a str,
    ) -> PageText<'a> {
        PageText {
            url: url.to_owned(),
            title,
            description,
            html,
        }
    }

    #[test]
    fn words_are_folded_like_the_script_folds_them() {
        let found = words("Vacunación: ¡a la CLÍNICA! Flu-shot x 2026");
        assert_eq!(
            found,
            ["vacunacion", "la", "clinica", "flu", "shot", "2026"]
        );
    }

    #[test]
    fn words_are_read_from_html_as_a_reader_sees_them() {
        let html = "<p>Call <a href=\"tel:+1\">us</a> &amp; ask</p><ul><li>one</li><li>two</li></ul>\
                    <p>un<em>believ</em>able caf\u{65}\u{301} &#233;t&#xE9; \u{E000}12\u{E001}</p>";
        assert_eq!(
            words(html),
            [
                "call",
                "us",
                "ask",
                "one",
                "two",
                "unbelievable",
                "cafe",
                "ete"
            ]
        );
        let long = format!("<p>{} ok</p>", "x".repeat(LONGEST + 1));
        assert_eq!(words(&long), ["ok"]);
    }

    #[test]
    fn pages_keep_their_order_across_parts() {
        let titles: Vec<String> = (0..PAGES_PER_PART * 2 + 5)
            .map(|n| format!("page{n}"))
            .collect();
        let pages: Vec<PageText<'_>> = titles
            .iter()
            .map(|title| page("/p/", title, None, "<p>shared words</p>"))
            .collect();
        let index = Index::of(&pages);
        let ids = &index.postings.words["shared"];
        assert_eq!(ids.len(), pages.len());
        assert!(ids.windows(2).all(|pair| pair[0] + 1 == pair[1]));
        assert_eq!(index.postings.titles["page200"], [200]);
    }

    #[test]
    fn shards_are_named_in_plain_ascii() {
        assert_eq!(shard("flu"), "f");
        assert_eq!(shard("2026"), "2");
        assert_eq!(shard("中文"), "u4e2d");
    }

    #[test]
    fn pages_are_written_as_gaps_and_titles_apart() {
        let index = Index::of(&[
            page("/a/", "Flu shots", None, "<p>Get your flu shot.</p>"),
            page(
                "/b/",
                "Hours",
                Some("When we are open."),
                "<p>Open daily.</p>",
            ),
            page("/c/", "News", None, "<p>Flu season is here.</p>"),
        ]);
        let files: BTreeMap<String, String> = index
            .files()
            .into_iter()
            .map(|(name, bytes)| (name, String::from_utf8(bytes).unwrap()))
            .collect();
        assert_eq!(
            files["terms-f.json"],
            r#"{"w":{"flu":[0,2]},"t":{"flu":[0]}}"#
        );
        assert_eq!(
            files["pages-0.json"],
            r#"[["/a/","Flu shots","Get your flu shot."],["/b/","Hours","When we are open."],["/c/","News","Flu season is here."]]"#
        );
    }

    #[test]
    fn a_long_text_is_cut_at_a_word() {
        let text = "word ".repeat(100);
        let cut = excerpt(text.trim());
        assert!(cut.ends_with("word…"), "{cut}");
        assert!(cut.chars().count() <= EXCERPT + 1);
    }
}

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

use foldhash::{HashMap, HashSet};

use serde::Serialize;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

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

/// One page as [`read`] found it: its entry, and its words and its title's words, each once, each
/// list one string of words with a space between them (a string per word was a third of the index's
/// time, in allocating and freeing them).
#[derive(Debug)]
pub(super) struct ReadPage {
    entry: Entry,
    words: String,
    titles: String,
}

/// Reads a page: its address (with the base URL's subpath), title, description and text. This is the
/// slow part of indexing (every word of every page), so pages are read on many threads and then
/// [added](Index::add) in order.
pub(super) fn read(url: String, title: &str, description: Option<&str>, text: &str) -> ReadPage {
    let description = description.unwrap_or_default();
    let folded = fold(&[title, description, text].join(" "));
    let excerpt = match description.trim() {
        "" => excerpt(text),
        description => description.to_owned(),
    };
    ReadPage {
        entry: Entry(url, title.to_owned(), excerpt),
        words: once_each(&folded),
        titles: once_each(&fold(title)),
    }
}

/// The words of folded text, each once, with a space between them.
fn once_each(folded: &str) -> String {
    let mut seen = HashSet::default();
    let mut out = String::new();
    for word in words_of_folded(folded) {
        if seen.insert(word) {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(word);
        }
    }
    out
}

/// The index of one language, filled page by page in the order results are shown when they rank alike.
#[derive(Debug, Default)]
pub(super) struct Index {
    pages: Vec<Entry>,
    /// Each word with the pages that have it, in increasing order.
    words: HashMap<String, Vec<u32>>,
    titles: HashMap<String, Vec<u32>>,
}

impl Index {
    /// Adds a page after those added before it.
    pub(super) fn add(&mut self, page: ReadPage) {
        let id = u32::try_from(self.pages.len()).unwrap_or(u32::MAX);
        for (words, list) in [
            (&page.words, &mut self.words),
            (&page.titles, &mut self.titles),
        ] {
            for word in words.split(' ').filter(|w| !w.is_empty()) {
                match list.get_mut(word) {
                    Some(ids) => ids.push(id),
                    None => {
                        list.insert(word.to_owned(), vec![id]);
                    }
                }
            }
        }
        self.pages.push(page.entry);
    }

    /// The index's files, by name in the language's search folder.
    pub(super) fn files(&self) -> Vec<(String, Vec<u8>)> {
        let mut shards: BTreeMap<String, Shard<'_>> = BTreeMap::new();
        for (word, ids) in &self.words {
            shards
                .entry(shard(word))
                .or_default()
                .w
                .insert(word, gaps(ids));
        }
        for (word, ids) in &self.titles {
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

/// The words of `text` as the index and the script compare them: lowercase, without accents, between
/// anything that is not a letter or a digit.
#[cfg(test)]
fn words(text: &str) -> Vec<String> {
    words_of_folded(&fold(text)).map(str::to_owned).collect()
}

/// The words of text already [folded](fold): between its spaces, as long as people type.
fn words_of_folded(folded: &str) -> impl Iterator<Item = &str> {
    folded
        .split(' ')
        .filter(|w| (SHORTEST..=LONGEST).contains(&w.chars().count()))
}

/// Lowercase, with accents and other combining marks dropped, as JavaScript's
/// `toLowerCase().normalize("NFD").replace(/\p{M}/gu, "").normalize("NFC")` does to the query, and
/// everything that is not a letter or digit made a space, where the script splits the query into words.
/// Composing again keeps letters that decompose into others (Korean syllables) whole. Most of most
/// pages is plain ASCII, which only needs lowercasing, byte by byte: the Unicode path over whole pages
/// was most of the index's time at 10,000 pages, so only runs of letters that are not ASCII take it.
fn fold(text: &str) -> String {
    let ascii = |b: u8| {
        if b.is_ascii_alphanumeric() {
            b.to_ascii_lowercase()
        } else {
            b' '
        }
    };
    if text.is_ascii() {
        let bytes = text.bytes().map(ascii).collect();
        return String::from_utf8(bytes).expect("ASCII letters, digits and spaces");
    }
    let mut out = String::with_capacity(text.len());
    let runs = text.split(|c: char| !(c.is_alphanumeric() || is_combining_mark(c)));
    for (n, run) in runs.enumerate() {
        if n > 0 {
            out.push(' ');
        }
        if run.is_ascii() {
            // Letters and digits only: the run ends at anything else.
            let start = out.len();
            out.push_str(run);
            out[start..].make_ascii_lowercase();
        } else {
            let folded = run.to_lowercase();
            out.extend(
                folded
                    .nfd()
                    .filter(|&c| !is_combining_mark(c))
                    .nfc()
                    .map(|c| if c.is_alphanumeric() { c } else { ' ' }),
            );
        }
    }
    out
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

    #[test]
    fn words_are_folded_like_the_script_folds_them() {
        let found = words("Vacunación: ¡a la CLÍNICA! Flu-shot x 2026");
        assert_eq!(
            found,
            ["vacunacion", "la", "clinica", "flu", "shot", "2026"]
        );
    }

    #[test]
    fn shards_are_named_in_plain_ascii() {
        assert_eq!(shard("flu"), "f");
        assert_eq!(shard("2026"), "2");
        assert_eq!(shard("中文"), "u4e2d");
    }

    #[test]
    fn pages_are_written_as_gaps_and_titles_apart() {
        let mut index = Index::default();
        index.add(read("/a/".into(), "Flu shots", None, "Get your flu shot."));
        index.add(read(
            "/b/".into(),
            "Hours",
            Some("When we are open."),
            "Open daily.",
        ));
        index.add(read("/c/".into(), "News", None, "Flu season is here."));
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

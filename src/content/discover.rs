//! Finding the site's files: markdown under `content/`, anything under `static/`.
//!
//! Discovery only lists paths and reads nothing, so it stays cheap and single-threaded; reading and
//! parsing happen in parallel afterwards.

use std::path::{Path, PathBuf};

use crate::config::Lang;
use crate::error::{Diagnostics, Error, ErrorKind, Location};
pub use crate::site_files::StaticFile;
use crate::site_files::{relative, walk};

/// A markdown file under `content/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// Where to read it, and the path shown in messages (under the `--root` the user gave).
    pub path: PathBuf,
    /// Its path under `content/` with `/` separators: `services/flu-shots.es.md`.
    pub rel: String,
}

/// What a content file's name says: its folder, its name without suffixes, and its language suffix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceName<'a> {
    /// Folders under `content/`, e.g. `["services"]`.
    pub dirs: Vec<&'a str>,
    /// `flu-shots` for `flu-shots.es.md`, `_index` for a section.
    pub stem: &'a str,
    /// `es` for `flu-shots.es.md`; `None` means the default language.
    pub lang: Option<&'a str>,
}

impl Source {
    pub fn name(&self) -> SourceName<'_> {
        let mut dirs: Vec<&str> = self.rel.split('/').collect();
        let file = dirs.pop().unwrap_or_default();
        let base = file.strip_suffix(".md").unwrap_or(file);
        match base.rsplit_once('.') {
            Some((stem, lang)) if looks_like_language(lang) => SourceName {
                dirs,
                stem,
                lang: Some(lang),
            },
            _ => SourceName {
                dirs,
                stem: base,
                lang: None,
            },
        }
    }

    /// The name shared by a page and its translations: `services/flu-shots.es.md` -> `services/flu-shots.md`.
    pub fn translation_key(&self) -> String {
        let name = self.name();
        let mut key = name.dirs.join("/");
        if !key.is_empty() {
            key.push('/');
        }
        key.push_str(name.stem);
        key.push_str(".md");
        key
    }

    /// The language of the file: its suffix if any, else the site's default. A suffix that is not one of
    /// the site's languages is an error.
    pub fn lang(&self, default: &Lang, others: &[Lang]) -> Result<Lang, Error> {
        match self.name().lang {
            None => Ok(default.clone()),
            Some(code) => std::iter::once(default)
                .chain(others)
                .find(|l| l.as_str() == code)
                .cloned()
                .ok_or_else(|| {
                    Error::new(
                        ErrorKind::Content,
                        format!("the file is in language `{code}`, which the site does not list"),
                    )
                    .at(Location::file(&self.path))
                    .with_help(format!(
                        "add `{code}` to `languages:` in portico.yaml, or rename the file"
                    ))
                }),
        }
    }
}

fn looks_like_language(suffix: &str) -> bool {
    Lang::parse(suffix).is_ok()
}

/// Lists every `.md` file under `content_dir`, sorted, skipping hidden files and folders.
pub fn markdown_files(root: &Path, content_dir: &Path) -> Result<Vec<Source>, Diagnostics> {
    let mut diagnostics = Diagnostics::new();
    let mut sources = Vec::new();
    for file in walk(root, content_dir, &mut diagnostics) {
        if file.extension().is_some_and(|e| e == "md") {
            let Some(rel) = relative(content_dir, &file) else {
                diagnostics.error(
                    Error::new(ErrorKind::Content, "the file name is not valid UTF-8")
                        .at(Location::file(&file))
                        .with_help("rename the file using letters, digits and dashes"),
                );
                continue;
            };
            sources.push(Source { path: file, rel });
        }
    }
    diagnostics.check().map(|_| sources)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(rel: &str) -> Source {
        Source {
            path: PathBuf::from(rel),
            rel: rel.to_owned(),
        }
    }

    #[test]
    fn names_carry_folder_stem_and_language() {
        let s = source("services/flu-shots.es.md");
        assert_eq!(
            s.name(),
            SourceName {
                dirs: vec!["services"],
                stem: "flu-shots",
                lang: Some("es")
            }
        );
        assert_eq!(s.translation_key(), "services/flu-shots.md");
        assert_eq!(source("_index.md").name().lang, None);
        assert_eq!(source("v1.2.md").name().stem, "v1.2");
    }

    #[test]
    fn an_unlisted_language_is_an_error() {
        let en = Lang::parse("en").unwrap();
        let es = Lang::parse("es").unwrap();
        assert_eq!(
            source("about.es.md")
                .lang(&en, std::slice::from_ref(&es))
                .unwrap(),
            es
        );
        assert!(source("about.fr.md").lang(&en, &[es]).is_err());
    }
}

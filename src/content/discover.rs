//! Finding the site's files: markdown and the files beside it under `content/`, anything under `static/`.
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
    /// The page's folder, name and language. A page folder's `index.md` (`news/open-house/index.md`) is
    /// named by its folder: it is the page `news/open-house`, as `news/open-house.md` would be.
    pub fn name(&self) -> SourceName<'_> {
        let mut name = self.file_name();
        if name.stem == "index"
            && let Some(folder) = name.dirs.pop()
        {
            name.stem = folder;
        }
        name
    }

    /// The folder of a page folder: `news/open-house` for `news/open-house/index.md` (or `index.es.md`).
    /// The page's files (pictures, a flyer) sit beside it there.
    pub fn page_folder(&self) -> Option<&str> {
        let name = self.file_name();
        if name.stem != "index" || name.dirs.is_empty() {
            return None;
        }
        self.rel.rsplit_once('/').map(|(dir, _)| dir)
    }

    /// The name as the file is called, before a page folder's `index` is read as its folder's name.
    fn file_name(&self) -> SourceName<'_> {
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

/// What `content/` holds: the pages' markdown, and every other file (a picture, a flyer), which is
/// published beside the page whose folder holds it (see [`crate::content`]).
#[derive(Debug, Default)]
pub struct ContentFiles {
    pub pages: Vec<Source>,
    pub files: Vec<Source>,
}

/// Lists every file under `content_dir`, sorted, skipping hidden files and folders. A page folder (a
/// folder with an `index.md`) holds one page and its translations: another page inside it is an error,
/// since it could be neither the folder's page nor a page of a section.
pub fn content_files(root: &Path, content_dir: &Path) -> Result<ContentFiles, Diagnostics> {
    let mut diagnostics = Diagnostics::new();
    let mut found = ContentFiles::default();
    for file in walk(root, content_dir, &mut diagnostics) {
        let Some(rel) = relative(content_dir, &file) else {
            diagnostics.error(
                Error::new(ErrorKind::Content, "the file name is not valid UTF-8")
                    .at(Location::file(&file))
                    .with_help("rename the file using letters, digits and dashes"),
            );
            continue;
        };
        let source = Source { path: file, rel };
        if source.path.extension().is_some_and(|e| e == "md") {
            found.pages.push(source);
        } else {
            found.files.push(source);
        }
    }
    let folders: std::collections::HashSet<&str> =
        found.pages.iter().filter_map(Source::page_folder).collect();
    for page in &found.pages {
        let own = page.page_folder();
        let mut dir = page.rel.rsplit_once('/').map(|(dir, _)| dir);
        while let Some(current) = dir {
            if folders.contains(current) && own != Some(current) {
                diagnostics.error(
                    Error::new(
                        ErrorKind::Content,
                        format!("the page is inside the page folder {current}/, which holds one page (its index.md)"),
                    )
                    .at(Location::file(&page.path))
                    .with_help(format!(
                        "move the file out of {current}/, or rename {current}/index.md to _index.md to make the folder a section"
                    )),
                );
                break;
            }
            dir = current.rsplit_once('/').map(|(parent, _)| parent);
        }
    }
    diagnostics.check().map(|_| found)
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
    fn a_page_folder_is_named_by_its_folder() {
        let page = source("news/open-house/index.es.md");
        assert_eq!(
            page.name(),
            SourceName {
                dirs: vec!["news"],
                stem: "open-house",
                lang: Some("es")
            }
        );
        assert_eq!(page.page_folder(), Some("news/open-house"));
        assert_eq!(page.translation_key(), "news/open-house.md");
        assert_eq!(source("news/open-house.md").page_folder(), None);
        assert_eq!(source("index.md").page_folder(), None);
        assert_eq!(source("index.md").name().stem, "index");
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

//! Long section lists split into pages: `paginate_by: 10` in `content/news/_index.md` lists ten posts at
//! `/news/`, the next ten at `/news/page/2/`, and so on.
//!
//! Each later page of a list is a page of the site like any other (a [`PageKind::Section`] made from the
//! section's front matter, with its own title), so the sitemap, the preview server, `portico check` and
//! the language switcher know it without a special case. Only the list's pages are split: the section's
//! own text and its subsections are shown on the first page, and feeds are never split. Which slice of
//! the list a page shows is worked out when it is rendered ([`Site::list_page`]), from the section's one
//! sorted list, so a page whose date changes moves between list pages without anything kept in step.

use std::collections::HashSet;

use super::{Page, PageId, PageKind, Site};
use crate::config::UrlPath;
use crate::content::markdown::Rendered;
use crate::error::{Diagnostics, Error, ErrorKind};

/// Where a page stands in its section's list: the section and the page's number, from 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ListPage {
    pub section: PageId,
    pub number: usize,
}

impl Site {
    /// Adds the later pages of every section whose list is longer than its `paginate_by`.
    pub(super) fn paginate(&mut self) -> Result<(), Diagnostics> {
        let sections: Vec<PageId> = self.sections.keys().copied().collect();
        self.paginate_lists(&sections)
    }

    /// Adds the later pages of those of `sections` whose list is longer than their `paginate_by`: the
    /// content's sections when the site is read, and the sections a plugin makes (topic pages) when it
    /// makes them. A later page whose address another page already has is an error at the
    /// `paginate_by` line.
    pub fn paginate_lists(&mut self, sections: &[PageId]) -> Result<(), Diagnostics> {
        let mut taken: HashSet<UrlPath> = self.pages.iter().map(|p| p.url.clone()).collect();
        let mut diagnostics = Diagnostics::new();
        let mut added = Vec::new();
        for &id in sections {
            let Some(section) = self.sections.get(&id) else {
                continue;
            };
            let page = &self.pages[id];
            let Some((per_page, at)) = &page.meta.paginate_by else {
                continue;
            };
            let count = section.pages.len().div_ceil(*per_page);
            for number in 2..=count {
                let url = match page.url.join(&format!("page/{number}/")) {
                    Ok(url) => url,
                    Err(invalid) => {
                        diagnostics.error(
                            Error::new(ErrorKind::FrontMatter, invalid.message)
                                .at(at.clone())
                                .with_help(invalid.help),
                        );
                        continue;
                    }
                };
                if !taken.insert(url.clone()) {
                    diagnostics.error(
                        Error::new(
                            ErrorKind::DuplicateUrl,
                            format!("page {number} of this section's list would be at {url}, where another page is"),
                        )
                        .at(at.clone())
                        .with_help("move or rename the other page: the addresses under page/ belong to the section's list"),
                    );
                    continue;
                }
                added.push((id, number, count, url));
            }
        }
        diagnostics.check()?;
        for (section, number, count, url) in added {
            let page = self.later_page(section, number, count, url);
            self.pages.push(page);
            let id = self.pages.len() - 1;
            self.index_translation(id);
            if let Some(listed) = self.sections.get_mut(&section) {
                if listed.pagination.is_empty() {
                    listed.pagination.push(section);
                }
                listed.pagination.push(id);
            }
            self.continued.insert(id, section);
        }
        Ok(())
    }

    /// Page `number` of `count` of a section's list: the section's front matter without its own text
    /// or old addresses, titled so that a browser tab and a screen reader tell the pages apart.
    fn later_page(&self, section: PageId, number: usize, count: usize, url: UrlPath) -> Page {
        let first = &self.pages[section];
        let title = self
            .strings
            .get(&first.lang, "list_page_title")
            .replace("{title}", &first.meta.title)
            .replace("{number}", &number.to_string())
            .replace("{count}", &count.to_string());
        let mut meta = first.meta.clone();
        meta.title = title;
        meta.aliases = Vec::new();
        meta.url_location = None;
        Page {
            source: super::Source {
                path: first.source.path.clone(),
                rel: format!("{}#page-{number}", first.source.rel),
            },
            lang: first.lang.clone(),
            translation_key: format!("{}#page-{number}", first.translation_key),
            kind: PageKind::Section,
            meta,
            url,
            content: Rendered::default(),
            parent: Some(section),
            structured_data: None,
            share_image: None,
            data: std::collections::BTreeMap::new(),
            fallback: first.fallback.clone(),
        }
    }

    /// The section whose list page `id` shows, and which page of the list it is: the section itself is
    /// page 1. `None` for a page that lists nothing.
    pub fn list_page(&self, id: PageId) -> Option<ListPage> {
        if self.sections.contains_key(&id) {
            return Some(ListPage {
                section: id,
                number: 1,
            });
        }
        let &section = self.continued.get(&id)?;
        let number = self.sections[&section]
            .pagination
            .iter()
            .position(|&p| p == id)?
            + 1;
        Some(ListPage { section, number })
    }

    /// The pages of a section's list that list page `at` shows.
    pub fn listed_on(&self, at: ListPage) -> &[PageId] {
        let section = &self.sections[&at.section];
        match self.pages[at.section].meta.paginate_by {
            Some((per_page, _)) => section
                .pages
                .chunks(per_page)
                .nth(at.number - 1)
                .unwrap_or(&[]),
            None => &section.pages,
        }
    }
}

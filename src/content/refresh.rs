//! Updating one page of a loaded site in place, for `portico serve`: when only a page's text changed,
//! there is no need to read and parse the other ten thousand.

use std::collections::{BTreeMap, HashMap};

use super::urls::{Resolver, check_links};
use super::{PageId, Site, markdown, parse};
use crate::config::UrlPath;
use crate::error::Diagnostics;

/// A page updated in place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Refreshed {
    pub id: PageId,
    /// What lists show of the page (description, summary, `extra`) changed, so the sections that
    /// list it render again too.
    pub listing_changed: bool,
}

impl Site {
    /// Reads one changed markdown file again, named by its path under `content/` (`blog/flu.md`).
    /// `Ok(Some(..))`: only what the page says changed (its text, description or `extra`), so the
    /// page was updated in place and only it (and, if what lists show changed, the sections that list it)
    /// need rendering again. `Ok(None)`: the file is new or gone, or something that decides its
    /// place changed (URL, title, date, order, tags, language, template, ...), or the page shows pictures:
    /// load the whole site again.
    pub fn refresh_page(&mut self, rel: &str) -> Result<Option<Refreshed>, Diagnostics> {
        let Some(id) = self.pages.iter().position(|p| p.source.rel == rel) else {
            return Ok(None);
        };
        if !self.pages[id].source.path.is_file() {
            return Ok(None);
        }
        let parsed = parse(self.pages[id].source.clone(), &self.config)?;
        let page = &self.pages[id];
        let (old, new) = (&page.meta, &parsed.meta);
        let provider = |m: &super::FrontMatter| {
            m.provider
                .as_ref()
                .and_then(|p| serde_json::to_value(p).ok())
        };
        let same_place = parsed.lang == page.lang
            && parsed.kind == page.kind
            && (
                &old.title,
                old.date,
                old.updated,
                old.draft,
                &old.slug,
                &old.path,
                old.weight,
                old.sort_by,
            ) == (
                &new.title,
                new.date,
                new.updated,
                new.draft,
                &new.slug,
                &new.path,
                new.weight,
                new.sort_by,
            )
            && old.paginate_by.as_ref().map(|p| p.0) == new.paginate_by.as_ref().map(|p| p.0)
            && old.tags == new.tags
            && old.template.as_ref().map(|t| &t.0) == new.template.as_ref().map(|t| &t.0)
            && old
                .aliases
                .iter()
                .map(|a| &a.0)
                .eq(new.aliases.iter().map(|a| &a.0))
            && provider(old) == provider(new);
        if !same_place {
            return Ok(None);
        }
        let by_key: HashMap<&str, PageId> = self
            .pages
            .iter()
            .enumerate()
            .map(|(i, p)| (p.source.rel.as_str(), i))
            .collect();
        let urls: Vec<UrlPath> = self.pages.iter().map(|p| p.url.clone()).collect();
        let planned = BTreeMap::new();
        let resolver = Resolver {
            by_key: &by_key,
            urls: &urls,
            config: &self.config,
            planned: &planned,
            folder: parsed.folder().map(|_| &self.pages[id].url),
        };
        let (content, links) = markdown::render(
            &parsed.body,
            &resolver,
            self.strings.markdown_labels(&parsed.lang),
        );
        let anchors = |target: PageId| {
            let toc = if target == id {
                &content.toc
            } else {
                &self.pages[target].content.toc
            };
            toc.iter().map(|h| h.id.clone()).collect()
        };
        check_links([(&parsed, links.as_slice())], &anchors, &by_key, &planned)?;
        if !content.images.is_empty()
            || !self.pages[id].content.images.is_empty()
            || !content.components.is_empty()
            || !self.pages[id].content.components.is_empty()
            || !content.component_problems.is_empty()
        {
            // Pictures are placed by the `images` plugin and components by the render step, which both
            // run on a whole load (pictures from the cache: photos are not processed again); a mistake
            // in a component is reported by that load too.
            return Ok(None);
        }
        let page = &mut self.pages[id];
        let listing_changed = page.meta.description != parsed.meta.description
            || page.meta.extra != parsed.meta.extra
            || page.content.summary != content.summary;
        page.meta.description = parsed.meta.description;
        page.meta.extra = parsed.meta.extra;
        page.content = content;
        Ok(Some(Refreshed {
            id,
            listing_changed,
        }))
    }

    /// A page and every section above it: what must render again when the page's text changed.
    pub fn page_and_sections_above(&self, id: PageId) -> Vec<PageId> {
        let mut ids = vec![id];
        let mut at = self.pages[id].parent;
        while let Some(parent) = at {
            ids.push(parent);
            // The page may be listed on any page of a split list.
            if let Some(section) = self.sections.get(&parent) {
                ids.extend(section.pagination.iter().skip(1));
            }
            at = self.pages[parent].parent;
        }
        if let Some(home) = self.home(&self.pages[id].lang)
            && !ids.contains(&home)
        {
            ids.push(home);
        }
        ids
    }
}

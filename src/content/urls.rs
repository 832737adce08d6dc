//! URLs and internal links: where each page is served, and whether every `@/` link leads somewhere.
//!
//! Both need every page's place at once, so they run between parsing (parallel, per page) and assembling
//! the site; both report every problem of the site in one run.

use std::collections::{BTreeMap, HashMap};

use super::markdown::{InternalLink, LinkResolver};
use super::{PageId, PageKind, Parsed};
use crate::config::{Config, Slug, UrlPath};
use crate::error::{Diagnostics, Error, ErrorKind, Location};

/// Gives every page its URL, and every alias its place; two claims on one URL are an error naming both.
pub(super) fn assign_urls(pages: &[Parsed], config: &Config) -> Result<Vec<UrlPath>, Diagnostics> {
    let mut diagnostics = Diagnostics::new();
    let mut urls = Vec::with_capacity(pages.len());
    let mut claimed: HashMap<UrlPath, Location> = HashMap::new();
    for page in pages {
        let url = page_url(page, config);
        let own = page
            .meta
            .url_location
            .clone()
            .unwrap_or_else(|| Location::at(&page.source.path, 1, 1));
        let claims =
            std::iter::once((&url, &own)).chain(page.meta.aliases.iter().map(|(a, at)| (a, at)));
        for (claim, at) in claims {
            if let Some(other) = claimed.insert(claim.clone(), at.clone()) {
                diagnostics.error(
                    Error::new(
                        ErrorKind::DuplicateUrl,
                        format!("two pages claim the URL {claim}"),
                    )
                    .at(at.clone())
                    .with_related("also claimed by", other)
                    .with_help("give one of them a different `slug` or `path` in its front matter"),
                );
            }
        }
        urls.push(url);
    }
    diagnostics.check().map(|_| urls)
}

/// `services/flu.md` is served at `/services/flu/`; `slug` replaces the last part, `path` the whole path;
/// pages in other languages live under `/CODE/`.
fn page_url(page: &Parsed, config: &Config) -> UrlPath {
    let prefix = if page.lang == config.language {
        String::new()
    } else {
        format!("/{}", page.lang)
    };
    if page.kind == PageKind::NotFound {
        return UrlPath::parse(&format!("{prefix}/404.html")).unwrap_or_else(|_| UrlPath::root());
    }
    let path = if let Some(path) = &page.meta.path {
        format!("{prefix}{path}")
    } else {
        {
            let name = page.source.name();
            let mut parts: Vec<String> = name.dirs.iter().map(|d| Slug::from_title(d)).collect();
            if name.stem != "_index" {
                let slug = page
                    .meta
                    .slug
                    .as_ref()
                    .map_or_else(|| Slug::from_title(name.stem), |s| s.as_str().to_owned());
                parts.push(slug);
            }
            let mut path = prefix;
            for part in parts.iter().filter(|p| !p.is_empty()) {
                path.push('/');
                path.push_str(part);
            }
            path.push('/');
            path
        }
    };
    UrlPath::dir(&path).unwrap_or_else(|_| UrlPath::root())
}

/// Resolves `@/` links through the site's URL table.
pub(super) struct Resolver<'a> {
    pub(super) by_key: &'a HashMap<&'a str, PageId>,
    pub(super) urls: &'a [UrlPath],
    pub(super) config: &'a Config,
    /// Pages that plugins will add (the portal page, ...).
    pub(super) planned: &'a BTreeMap<String, UrlPath>,
    /// The URL of the page being rendered, when files sit beside it (a page folder, a section): its
    /// relative links (`photo.jpg`) are read from there.
    pub(super) folder: Option<&'a UrlPath>,
}

impl LinkResolver for Resolver<'_> {
    fn site_path(&self, path: &str) -> String {
        self.config.base_url.prefixed(path)
    }

    fn beside(&self, relative: &str) -> Option<String> {
        let base = url::Url::parse("https://site.invalid").ok()?;
        let joined = base.join(self.folder?.as_str()).ok()?.join(relative).ok()?;
        let mut path = percent_encoding::percent_decode_str(joined.path())
            .decode_utf8_lossy()
            .into_owned();
        if let Some(query) = joined.query() {
            path = format!("{path}?{query}");
        }
        if let Some(fragment) = joined.fragment() {
            path = format!("{path}#{fragment}");
        }
        Some(path)
    }

    fn resolve(&self, target: &str) -> Option<String> {
        match self.by_key.get(target) {
            Some(&id) => Some(self.config.base_url.path_for(&self.urls[id])),
            None => self
                .planned
                .get(target)
                .map(|url| self.config.base_url.path_for(url)),
        }
    }
}

/// Every `@/` link must name a page, and its `#anchor` a heading on that page. All are reported at once.
/// `pages` are the pages to check with their links; `anchors` gives the heading ids of any page.
pub(super) fn check_links<'p>(
    pages: impl IntoIterator<Item = (&'p Parsed, &'p [InternalLink])>,
    anchors: &dyn Fn(PageId) -> Vec<String>,
    by_key: &HashMap<&str, PageId>,
    planned: &BTreeMap<String, UrlPath>,
) -> Result<(), Diagnostics> {
    let mut diagnostics = Diagnostics::new();
    for (page, links) in pages {
        for link in links {
            let at = Location::at(&page.source.path, link.line + page.body_offset, link.column);
            match by_key.get(link.target.as_str()) {
                // A page a plugin adds: its headings are not known yet, so anchors go unchecked.
                None if planned.contains_key(&link.target) => {}
                None => {
                    let near = crate::config::yaml::suggest(&link.target, by_key.keys().copied());
                    let help = near.map_or_else(
                        || {
                            "write the path of a file under content/, like @/services/flu-shots.md"
                                .to_owned()
                        },
                        |near| format!("did you mean @/{near}?"),
                    );
                    diagnostics.error(
                        Error::new(
                            ErrorKind::Link,
                            format!("the link @/{} leads to no page", link.target),
                        )
                        .at(at)
                        .with_source_lines(&page.body, page.body_offset)
                        .with_help(help),
                    );
                }
                Some(&target) => {
                    let headings = anchors(target);
                    if let Some(anchor) = &link.anchor
                        && !headings.iter().any(|id| id == anchor)
                    {
                        let help = crate::config::yaml::suggest(
                            anchor,
                            headings.iter().map(String::as_str),
                        )
                        .map_or_else(
                            || "link to one of the page's headings".to_owned(),
                            |near| format!("did you mean #{near}?"),
                        );
                        diagnostics.error(
                            Error::new(
                                ErrorKind::Link,
                                format!("@/{} has no heading with the id `{anchor}`", link.target),
                            )
                            .at(at)
                            .with_source_lines(&page.body, page.body_offset)
                            .with_help(help),
                        );
                    }
                }
            }
        }
    }
    diagnostics.sort();
    diagnostics.check().map(|_| ())
}

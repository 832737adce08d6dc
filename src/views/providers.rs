//! A section's clinicians for a directory page (`section.providers`): grouped here, by office and by
//! specialty, so that a template in either engine only lays them out.

use serde::Serialize;

use super::{PageView, Views};
use crate::config::Lang;
use crate::content::PageId;

/// A section's clinicians: all of them, by office and by specialty, and the section's other pages.
#[derive(Debug, Serialize)]
pub struct ProviderDirectory<'a> {
    /// The pages with a `provider:` block, in the section's order.
    pub people: Vec<Clinician<'a>>,
    /// The section's pages without one.
    pub others: Vec<PageView<'a>>,
    /// Each location (in `locations:` order) where at least one of them works.
    pub offices: Vec<ProviderGroup<'a>>,
    /// Each specialty one of them has, by its name in the page's language.
    pub specialties: Vec<ProviderGroup<'a>>,
}

/// A clinician's page as a list shows it, with the names of the offices they work at.
#[derive(Debug, Serialize)]
pub struct Clinician<'a> {
    #[serde(flatten)]
    pub page: PageView<'a>,
    /// In the order of `locations:`.
    pub offices: Vec<&'a str>,
}

/// The clinicians of one office or one specialty.
#[derive(Debug, Serialize)]
pub struct ProviderGroup<'a> {
    /// The location id, or the specialty's key (`family-medicine`).
    pub id: &'a str,
    /// The location's name, or the specialty's name in the page's language.
    pub name: &'a str,
    pub people: Vec<PageView<'a>>,
}

impl<'a> Views<'a> {
    /// The clinicians among `pages`, grouped; `None` when there are none.
    pub(super) fn provider_directory(
        &self,
        lang: &Lang,
        pages: &[PageId],
    ) -> Option<ProviderDirectory<'a>> {
        let site = self.site;
        let (people, others): (Vec<PageId>, Vec<PageId>) = pages
            .iter()
            .partition(|&&p| site.pages[p].meta.provider.is_some());
        if people.is_empty() {
            return None;
        }
        let provider = |p: PageId| site.pages[p].meta.provider.as_ref();
        let group =
            |id: &'a str, name: &'a str, works_here: &dyn Fn(PageId) -> bool| ProviderGroup {
                id,
                name,
                people: people
                    .iter()
                    .filter(|&&p| works_here(p))
                    .map(|&p| self.listed(p))
                    .collect(),
            };
        let offices = site
            .config
            .locations
            .iter()
            .map(|loc| {
                let id = loc.id.as_str();
                group(id, &loc.name, &|p| {
                    provider(p).is_some_and(|pr| pr.locations.iter().any(|l| l == id))
                })
            })
            .filter(|g| !g.people.is_empty())
            .collect();
        let mut names: Vec<&'a str> = Vec::new();
        for &p in &people {
            for name in provider(p)
                .map(|pr| pr.specialties.as_slice())
                .unwrap_or_default()
            {
                if !names.contains(&name.as_str()) {
                    names.push(name);
                }
            }
        }
        let mut specialties: Vec<ProviderGroup<'a>> = names
            .into_iter()
            .map(|name| {
                let label = self
                    .strings
                    .table(lang)
                    .get(&format!("specialty_{name}"))
                    .map_or(name, String::as_str);
                group(name, label, &|p| {
                    provider(p).is_some_and(|pr| pr.specialties.iter().any(|s| s == name))
                })
            })
            .collect();
        specialties.sort_by_key(|g| g.name.to_lowercase());
        let clinician = |p: PageId| Clinician {
            page: self.listed(p),
            offices: site
                .config
                .locations
                .iter()
                .filter(|loc| {
                    provider(p).is_some_and(|pr| pr.locations.iter().any(|l| l == loc.id.as_str()))
                })
                .map(|loc| loc.name.as_str())
                .collect(),
        };
        Some(ProviderDirectory {
            people: people.iter().map(|&p| clinician(p)).collect(),
            others: others.iter().map(|&p| self.listed(p)).collect(),
            offices,
            specialties,
        })
    }
}

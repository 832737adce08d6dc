//! Many sites in one run: an agency's fleet, built in parallel in one process.
//!
//! Sites are found from the folders given (a folder with `portico.yaml` is a site; any other folder is
//! searched one level down), put in a stable order, optionally cut to one shard of a CI job matrix, and
//! built side by side with a shared [`ThemeCache`]. One site's failure never stops the others: each gets
//! its own outcome, and the caller decides the exit status.

use std::path::PathBuf;
use std::str::FromStr;

use rayon::prelude::*;

use crate::config::{CONFIG_FILE, ConfigOverrides};
use crate::content::LoadOptions;
use crate::error::{Diagnostics, Error, ErrorKind, Location};
use crate::theme::ThemeCache;
use crate::{BuildOptions, BuildReport, build_with};

/// `K/N`: the K-th of N equal shares of the fleet (1-based), for a CI job matrix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    pub index: usize,
    pub count: usize,
}

impl FromStr for Shard {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let bad = || format!("`{text}` is not a shard: write K/N with 1 <= K <= N, like 2/4");
        let (k, n) = text.split_once('/').ok_or_else(bad)?;
        let (index, count): (usize, usize) = (
            k.trim().parse().map_err(|_| bad())?,
            n.trim().parse().map_err(|_| bad())?,
        );
        if index == 0 || count == 0 || index > count {
            return Err(bad());
        }
        Ok(Shard { index, count })
    }
}

/// The sites under `dirs`, sorted and without repeats.
pub fn discover(dirs: &[PathBuf]) -> Result<Vec<PathBuf>, Diagnostics> {
    let mut sites = Vec::new();
    let mut diagnostics = Diagnostics::new();
    for dir in dirs {
        if dir.join(CONFIG_FILE).is_file() {
            sites.push(dir.clone());
            continue;
        }
        let found: Vec<PathBuf> = std::fs::read_dir(dir)
            .map(|entries| {
                entries
                    .filter_map(Result::ok)
                    .map(|e| e.path())
                    .filter(|p| p.join(CONFIG_FILE).is_file())
                    .collect()
            })
            .unwrap_or_default();
        if found.is_empty() {
            diagnostics.error(
                Error::new(
                    ErrorKind::Config,
                    "no site here: neither this folder nor the folders in it have a portico.yaml",
                )
                .at(Location::file(dir))
                .with_help("name a site folder, or a folder of site folders"),
            );
        }
        sites.extend(found);
    }
    sites.sort();
    sites.dedup();
    diagnostics.check().map(|_| sites)
}

/// Keeps the sites of one shard: every N-th, starting at the K-th, of the sorted list — the same split on
/// every machine, so the jobs of a matrix together build each site once.
pub fn select(sites: Vec<PathBuf>, shard: Option<Shard>) -> Vec<PathBuf> {
    match shard {
        None => sites,
        Some(shard) => sites
            .into_iter()
            .enumerate()
            .filter(|(i, _)| i % shard.count == shard.index - 1)
            .map(|(_, s)| s)
            .collect(),
    }
}

/// What became of one site.
#[derive(Debug)]
pub struct Outcome {
    pub root: PathBuf,
    pub result: Result<BuildReport, Diagnostics>,
}

impl Outcome {
    /// The site's folder name, for summaries.
    pub fn name(&self) -> String {
        self.root.file_name().map_or_else(
            || self.root.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        )
    }
}

/// Builds every site (each into its own `public/`) in parallel; `on_done` hears of each as it finishes.
pub fn build_all(
    sites: &[PathBuf],
    load: LoadOptions,
    overrides: &ConfigOverrides,
    on_done: &(dyn Fn(&Outcome) + Sync),
) -> Vec<Outcome> {
    let themes = ThemeCache::default();
    sites
        .par_iter()
        .map(|root| {
            let options = BuildOptions::for_site(root, load, overrides);
            let outcome = Outcome {
                root: root.clone(),
                result: build_with(&options, &themes),
            };
            on_done(&outcome);
            outcome
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_split_the_fleet_deterministically() {
        let sites: Vec<PathBuf> = (0..7).map(|i| PathBuf::from(format!("site-{i}"))).collect();
        let shard = |k| select(sites.clone(), Some(Shard { index: k, count: 3 }));
        let (a, b, c) = (shard(1), shard(2), shard(3));
        assert_eq!(a.len() + b.len() + c.len(), 7);
        assert_eq!(
            a,
            vec![
                PathBuf::from("site-0"),
                PathBuf::from("site-3"),
                PathBuf::from("site-6")
            ]
        );
        assert!(
            "0/3".parse::<Shard>().is_err()
                && "4/3".parse::<Shard>().is_err()
                && "x".parse::<Shard>().is_err()
        );
        assert_eq!("2/3".parse::<Shard>(), Ok(Shard { index: 2, count: 3 }));
    }
}

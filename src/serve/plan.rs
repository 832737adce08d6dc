//! What a batch of file events means for the site: a pure function, so editor quirks are testable without
//! a file system.
//!
//! Editors save in odd ways: through a temporary file renamed over the original (vim's `4913`, `~`
//! backups, `.swp` files, Emacs' `.#lock` links), in bursts of several events, or by deleting and
//! recreating. The debouncer merges a burst into one batch; this module drops the files that are never
//! part of a site and sorts the rest by what they affect.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// How much of the site a batch of changes forces to rebuild, from least to most.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plan {
    /// `portico.yaml`, the explainer's sections or anything else that can change every page.
    pub full: bool,
    /// Templates that changed, by template name (`page.html`, `partials/footer.html`): the pages that use
    /// them render again, nothing is parsed again.
    pub templates: BTreeSet<String>,
    /// A theme's `theme.yaml` or static file changed: rebuild everything.
    pub theme: bool,
    /// Markdown files that changed, appeared or went away.
    pub pages: BTreeSet<PathBuf>,
    /// Files under `static/` that changed, appeared or went away.
    pub statics: BTreeSet<PathBuf>,
}

impl Plan {
    pub fn is_empty(&self) -> bool {
        !self.full
            && !self.theme
            && self.templates.is_empty()
            && self.pages.is_empty()
            && self.statics.is_empty()
    }

    /// One line for the terminal: what changed.
    pub fn describe(&self, root: &Path) -> String {
        let show = |p: &PathBuf| p.strip_prefix(root).unwrap_or(p).display().to_string();
        let mut parts: Vec<String> = self.pages.iter().chain(&self.statics).map(show).collect();
        if self.full {
            parts.insert(0, "configuration".to_owned());
        } else if self.theme {
            parts.insert(0, "theme".to_owned());
        }
        parts.extend(self.templates.iter().map(|t| format!("template {t}")));
        parts.join(", ")
    }
}

/// Sorts the changed `paths` of a site at `root` (whose output goes to `output`) into a plan.
pub fn classify(root: &Path, output: &Path, paths: &[PathBuf]) -> Plan {
    let mut plan = Plan::default();
    for path in paths {
        let Ok(rel) = path.strip_prefix(root) else {
            continue;
        };
        if path.starts_with(output) || is_editor_noise(path) {
            continue;
        }
        let mut parts = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned());
        match parts.next().as_deref() {
            Some("content") if path.extension().is_some_and(|e| e == "md") => {
                plan.pages.insert(path.clone());
            }
            // A file beside a page (a page folder's picture) is published at the page's URL, which only
            // a whole load knows.
            // A data file can change any page, and so can a string file (`strings/vi.yaml`).
            Some("portico.yaml" | "explainer" | "content" | "data" | "strings") => plan.full = true,
            Some("templates") => {
                // The folder itself (made before its first template) has nothing to render yet.
                let rest = parts.collect::<Vec<_>>();
                if !rest.is_empty() {
                    plan.templates.insert(rest.join("/"));
                }
            }
            Some("themes") => match (parts.nth(1).as_deref(), parts.collect::<Vec<_>>()) {
                (Some("templates"), rest) if !rest.is_empty() => {
                    plan.templates.insert(rest.join("/"));
                }
                _ => plan.theme = true,
            },
            Some("static") => {
                plan.statics.insert(path.clone());
            }
            _ => {}
        }
    }
    plan
}

/// Files editors write next to the one being edited, which are never part of a site.
fn is_editor_noise(path: &Path) -> bool {
    let Some(name) = path.file_name().map(|n| n.to_string_lossy()) else {
        return true;
    };
    name.starts_with('.')
        || name.ends_with('~')
        || name.starts_with('#')
        || name == "4913"
        || [".swp", ".swx", ".tmp", ".bak", ".crswap"]
            .iter()
            .any(|s| name.ends_with(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(paths: &[&str]) -> Plan {
        let paths: Vec<PathBuf> = paths.iter().map(|p| Path::new("/site").join(p)).collect();
        classify(Path::new("/site"), Path::new("/site/public"), &paths)
    }

    #[test]
    fn one_page_edit_plans_that_page_only() {
        let p = plan(&["content/about.md"]);
        assert_eq!(
            p.pages.iter().collect::<Vec<_>>(),
            [Path::new("/site/content/about.md")]
        );
        assert!(!p.full && p.templates.is_empty() && p.statics.is_empty());
    }

    #[test]
    fn config_and_explainer_changes_rebuild_everything() {
        assert!(plan(&["portico.yaml"]).full);
        assert!(plan(&["explainer/privacy.md"]).full);
    }

    #[test]
    fn a_new_templates_folder_alone_is_nothing_to_do() {
        assert!(plan(&["templates"]).is_empty());
    }

    #[test]
    fn templates_are_named_and_other_theme_files_rebuild_everything() {
        assert_eq!(
            plan(&["templates/page.html"])
                .templates
                .iter()
                .collect::<Vec<_>>(),
            ["page.html"]
        );
        let theme = plan(&["themes/maple/templates/partials/footer.html"]);
        assert_eq!(
            theme.templates.iter().collect::<Vec<_>>(),
            ["partials/footer.html"]
        );
        assert!(plan(&["themes/maple/static/css/maple.css"]).theme);
        assert!(plan(&["themes/maple/theme.yaml"]).theme);
    }

    #[test]
    fn a_file_beside_a_page_reloads_the_site() {
        assert!(plan(&["content/news/open-house/photo.jpg"]).full);
        assert!(plan(&["data/hours.yaml"]).full);
        assert!(plan(&["strings/vi.yaml"]).full);
    }

    #[test]
    fn static_files_are_copied_alone() {
        let p = plan(&["static/images/logo.svg"]);
        assert_eq!(p.statics.len(), 1);
        assert!(p.pages.is_empty() && !p.full);
    }

    #[test]
    fn an_atomic_save_through_a_temporary_file_is_one_page_change() {
        // vim: write 4913 to test the folder, write about.md~ as a backup, then rename a temp over about.md.
        let p = plan(&[
            "content/4913",
            "content/about.md~",
            "content/.about.md.swp",
            "content/about.md",
        ]);
        assert_eq!(p.pages.len(), 1);
        assert!(!p.full && p.templates.is_empty());
    }

    #[test]
    fn a_burst_of_events_for_one_file_is_one_change() {
        let p = plan(&["content/about.md", "content/about.md", "content/about.md"]);
        assert_eq!(p.pages.len(), 1);
    }

    #[test]
    fn the_output_folder_and_other_files_are_ignored() {
        assert!(plan(&["public/index.html", "README.txt", "content/#about.md#"]).is_empty());
    }

    #[test]
    fn the_plan_says_what_changed() {
        let p = plan(&["portico.yaml", "content/about.md"]);
        assert_eq!(
            p.describe(Path::new("/site")),
            "configuration, content/about.md"
        );
    }
}

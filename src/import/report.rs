//! The import report: every place a person must look at after moving a site in, with where it was in
//! the old site and which new file holds it. Written as `import-report.md` in the site folder, and
//! summed up on screen.

use std::fmt::Write as _;

use crate::error::Location;

/// What a finding is about, in the order the report lists them: what may leak patient information first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Concern {
    /// A form: on the old site it may have sent patient information to a third party.
    Form,
    /// A script, tracking code or an embed from another site, removed.
    ThirdParty,
    /// A shortcode or template tag with no component: the build stops at it until it is replaced.
    Unconverted,
    /// A picture or file the old site used that was not found.
    MissingMedia,
    /// An item left out: private, password-protected, or of a kind Portico has no page for.
    Skipped,
    /// What was changed to build and be valid HTML (`<font>`, `align=`, a missing title).
    Markup,
    /// A menu entry Portico's navigation cannot show as it was.
    Menu,
    /// An old address: kept as a redirect, or one a static site cannot keep.
    Address,
}

impl Concern {
    fn heading(self) -> &'static str {
        match self {
            Concern::Form => "Forms",
            Concern::ThirdParty => "Scripts, tracking and content from other sites",
            Concern::Unconverted => "Shortcodes with no component",
            Concern::MissingMedia => "Missing pictures and files",
            Concern::Skipped => "Left out",
            Concern::Markup => "Changed on the way in",
            Concern::Menu => "Menu entries",
            Concern::Address => "Old addresses",
        }
    }

    fn explain(self) -> &'static str {
        match self {
            Concern::Form => {
                "A form on the old site may have sent what patients typed (names, birth dates, symptoms) \
                 to another company. Portico does not carry forms over. Before you add a form back, make \
                 sure the service that receives it will sign a business associate agreement (BAA)."
            }
            Concern::ThirdParty => {
                "These loaded code or content from other companies' servers, which can track visitors. \
                 They were removed. Add one back only if the practice has decided it is safe."
            }
            Concern::Unconverted => {
                "Each of these stops `portico build` at its file and line until it is replaced with a \
                 component (see \"Components\" in the README) or with text."
            }
            Concern::MissingMedia => {
                "The old site used these, but they were not in the uploads folder. Copy them into \
                 `static/` at the path shown, or remove them from the page."
            }
            Concern::Skipped => "These were not imported.",
            Concern::Markup => {
                "These were changed so the pages are valid HTML. Check that they still look right."
            }
            Concern::Menu => {
                "Portico's navigation lists top-level pages and sections. Check these entries."
            }
            Concern::Address => {
                "Pages whose address changed. An old address kept as an alias sends visitors (and \
                 search engines) on to the new page; one that could not be kept says so."
            }
        }
    }
}

/// One thing to look at.
#[derive(Debug, Clone)]
pub struct Finding {
    pub concern: Concern,
    /// Where it was in what was imported (the export's line, the old file's line).
    pub source: Location,
    /// The new file that holds it, if any (`content/about.md`).
    pub file: Option<String>,
    pub message: String,
}

/// What an import did and what needs a person.
#[derive(Debug, Default)]
pub struct Report {
    /// What was imported: `WordPress export old-site.xml`.
    pub from: String,
    /// Counts of what was written: `("pages", 12)`.
    pub written: Vec<(&'static str, usize)>,
    pub findings: Vec<Finding>,
}

impl Report {
    pub fn add(
        &mut self,
        concern: Concern,
        source: Location,
        file: Option<&str>,
        message: impl Into<String>,
    ) {
        self.findings.push(Finding {
            concern,
            source,
            file: file.map(str::to_owned),
            message: message.into(),
        });
    }

    /// The report as markdown, for `import-report.md`.
    pub fn markdown(&self) -> String {
        let mut out = format!("# Import report\n\nImported from {}.\n\n", self.from);
        for (what, count) in &self.written {
            let _ = writeln!(out, "- {count} {what}");
        }
        let mut findings: Vec<&Finding> = self.findings.iter().collect();
        findings.sort_by_key(|f| f.concern);
        if findings.is_empty() {
            out.push_str("\nNothing needs a person's attention.\n");
        }
        let mut current = None;
        for finding in findings {
            if current != Some(finding.concern) {
                current = Some(finding.concern);
                let _ = write!(
                    out,
                    "\n## {}\n\n{}\n\n",
                    finding.concern.heading(),
                    finding.concern.explain()
                );
            }
            let _ = write!(out, "- `{}`", finding.source);
            if let Some(file) = &finding.file {
                let _ = write!(out, " (now `{file}`)");
            }
            let _ = writeln!(out, ": {}", finding.message);
        }
        out
    }

    /// A few lines for the screen: what was written and how many findings of each kind.
    pub fn summary(&self) -> String {
        let written: Vec<String> = self
            .written
            .iter()
            .map(|(what, count)| format!("{count} {what}"))
            .collect();
        let mut out = format!("Imported {}: {}.", self.from, written.join(", "));
        let mut concerns: Vec<Concern> = self.findings.iter().map(|f| f.concern).collect();
        concerns.sort();
        concerns.dedup();
        for concern in concerns {
            let count = self
                .findings
                .iter()
                .filter(|f| f.concern == concern)
                .count();
            let _ = write!(out, "\n  {count} x {}", concern.heading().to_lowercase());
        }
        out
    }
}

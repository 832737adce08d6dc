//! The rules `portico check` knows: each an id, a default level and why it matters, and the `check:` table
//! of `portico.yaml` that sets a rule to `allow`, `warn` or `deny`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_saphyr::Spanned;

use crate::config::yaml::suggest;
use crate::config::{ConfigSource, UrlPath};
use crate::error::Diagnostics;

/// What a finding of a rule does to the check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Not reported.
    Allow,
    /// Reported; the check still passes.
    Warn,
    /// Reported; the check fails (exit 1).
    Deny,
}

impl Level {
    /// The word reports use: `error` or `warning` (SARIF's and most linters' words).
    pub fn label(self) -> &'static str {
        match self {
            Level::Allow => "allowed",
            Level::Warn => "warning",
            Level::Deny => "error",
        }
    }
}

/// One rule.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    pub id: &'static str,
    pub level: Level,
    /// What the rule finds, in one line.
    pub summary: &'static str,
    /// Why it matters to a practice.
    pub why: &'static str,
}

const fn rule(id: &'static str, level: Level, summary: &'static str, why: &'static str) -> Rule {
    Rule {
        id,
        level,
        summary,
        why,
    }
}

use Level::{Deny, Warn};

/// Every rule, in report order.
pub const RULES: &[Rule] = &[
    rule(
        "links/broken",
        Deny,
        "an internal link or #anchor leads nowhere",
        "patients who follow it reach a dead end",
    ),
    rule(
        "links/nav-missing",
        Deny,
        "a navigation link leads to a missing page",
        "every page shows the navigation, so every page has the dead end",
    ),
    rule(
        "links/insecure",
        Warn,
        "a link uses http:// instead of https://",
        "an http link can be read or changed on the way",
    ),
    rule(
        "links/insecure-portal",
        Deny,
        "a portal, bill-pay or scheduling link uses http://",
        "patients type passwords and card numbers there; over http they can be stolen",
    ),
    rule(
        "a11y/img-alt",
        Deny,
        "an image has no alt text",
        "screen-reader users cannot tell what the image shows (WCAG 1.1.1)",
    ),
    rule(
        "a11y/link-name",
        Deny,
        "a link has no text a screen reader can announce",
        "screen-reader users cannot tell where the link goes (WCAG 2.4.4, 4.1.2)",
    ),
    rule(
        "a11y/button-name",
        Deny,
        "a button has no text a screen reader can announce",
        "screen-reader users cannot tell what the button does (WCAG 4.1.2)",
    ),
    rule(
        "a11y/heading-order",
        Warn,
        "a heading skips a level (an h2 followed by an h4)",
        "screen-reader users move by headings and think they missed a part (WCAG 1.3.1)",
    ),
    rule(
        "a11y/duplicate-id",
        Deny,
        "two elements on a page share an id",
        "labels, skip links and #anchors then point at the wrong element (WCAG 4.1.1)",
    ),
    rule(
        "a11y/html-lang",
        Deny,
        "a page does not say its language",
        "screen readers read it with the wrong voice and rules (WCAG 3.1.1)",
    ),
    rule(
        "a11y/page-title",
        Deny,
        "a page has no <title>",
        "the title is what a screen reader says first and what a browser tab and a search result show (WCAG 2.4.2)",
    ),
    rule(
        "a11y/contrast",
        Deny,
        "a brand colour pair is below WCAG AA contrast",
        "people with low vision cannot read the text (WCAG 1.4.3, 1.4.11)",
    ),
    rule(
        "a11y/link-text",
        Warn,
        "a link says \"click here\" or \"read more\" instead of where it goes",
        "screen-reader users hear a list of links without their context (WCAG 2.4.4)",
    ),
    rule(
        "portal/third-party",
        Deny,
        "a portal, appointment, forms, bill-pay or telehealth page loads something from another site",
        "HHS guidance: what a patient types there is health information, and third-party code can take it; AHA v. Becerra (N.D. Tex., June 20, 2024) left this part of the guidance standing, which is why Portico blocks third-party loads on these pages",
    ),
    rule(
        "portal/tracker",
        Warn,
        "a known tracking script is on the site",
        "HHS guidance on tracking technologies: trackers on health pages can disclose health information to the tracker's company. AHA v. Becerra (N.D. Tex., June 20, 2024) vacated only the part about an IP address on a public page; portal, login, scheduling and form pages, and what a patient types, stay protected",
    ),
    rule(
        "portal/official-host",
        Deny,
        "a portal link points off the vendor's official hosts",
        "a look-alike host is how phishing takes patients' passwords",
    ),
    rule(
        "portal/verified-stale",
        Warn,
        "the portal address was last verified more than twelve months ago",
        "vendors move portals; a dead or hijacked login link turns patients away",
    ),
    rule(
        "portal/sample-address",
        Deny,
        "the portal address is the example `portico init` or `portico vendors` wrote (`sample: true`)",
        "an example address may be a stranger's portal: patients would type their passwords there",
    ),
    rule(
        "portal/unconfirmed-vendor",
        Warn,
        "the vendor's official hosts come from practices' sites, not the vendor's own documents",
        "a host list no vendor document backs may be wrong: confirm the address with the vendor",
    ),
    rule(
        "portal/custom-vendor",
        Warn,
        "the portal vendor is `custom`, so no official-host list vouches for its address",
        "nothing checks that the address belongs to your vendor",
    ),
    rule(
        "compliance/privacy-notice",
        Deny,
        "the Notice of Privacy Practices is missing, not linked by that name from the home page and every footer, or shows no effective date",
        "HIPAA (45 CFR 164.520(c)(3)(i)) asks a practice's website to post the notice prominently",
    ),
    rule(
        "compliance/nondiscrimination",
        Deny,
        "the nondiscrimination notice is missing, not linked from every footer, or does not offer free aids and services or cover Section 504",
        "Section 1557 (45 CFR 92.10) asks for the notice on the website, and the Section 504 rule (45 CFR 84.8) for the notice of disability rights",
    ),
    rule(
        "compliance/language-assistance",
        Deny,
        "the language-assistance notice is missing, not linked from every footer, names fewer than 15 languages, or lacks a tagline in one",
        "Section 1557 (45 CFR 92.11) asks for taglines in at least the 15 languages most spoken by people with limited English in the state",
    ),
    rule(
        "compliance/billing-rights",
        Deny,
        "the surprise-billing rights notice is missing or not linked from every footer",
        "the No Surprises Act (45 CFR 149.430) asks providers to post it on their website",
    ),
    rule(
        "compliance/good-faith-estimate",
        Deny,
        "the good-faith-estimate notice is missing or not linked from every footer",
        "45 CFR 149.610 asks for it to be prominently displayed on the website",
    ),
    rule(
        "compliance/accessibility-statement",
        Deny,
        "the accessibility statement is missing or not linked from every footer",
        "it tells patients how to get help when a page is hard to use; the HHS Section 504 rule itself requires the site to meet WCAG 2.1 AA (45 CFR 84.84), which the a11y rules check",
    ),
    rule(
        "compliance/grievance-procedure",
        Warn,
        "the nondiscrimination notice describes no grievance procedure (15 or more employees, or `compliance.employees` not set)",
        "the Section 504 rule asks practices with 15 or more employees for a grievance procedure (45 CFR 84.7)",
    ),
    rule(
        "compliance/price-transparency",
        Deny,
        "a hospital's site has no \"Price Transparency\" link on the home page or no /cms-hpt.txt",
        "hospital price transparency (45 CFR 180.50) asks for the machine-readable file of standard charges, linked from the home page, and cms-hpt.txt",
    ),
    rule(
        "compliance/emergency-line",
        Deny,
        "the portal or contact page does not give the emergency number",
        "patients must not wait on a portal message or a form in an emergency",
    ),
    rule(
        "compliance/third-party-form",
        Deny,
        "a form posts to another site",
        "it may collect health information, and that site needs a business associate agreement",
    ),
    rule(
        "compliance/sample-notice",
        Warn,
        "a notice page still has Portico's sample text (`sample: true`)",
        "the notice must be your practice's own legal text",
    ),
    rule(
        "compliance/machine-translation",
        Warn,
        "a machine-translation widget is on the site",
        "Section 1557 (45 CFR 92.201(c)(3)) asks a qualified human to review translations of critical content",
    ),
    rule(
        "i18n/untranslated",
        Warn,
        "pages of the default language have no translation in another of the site's languages",
        "readers of that language do not see those pages",
    ),
    rule(
        "build/error",
        Deny,
        "the site does not build",
        "nothing can be published until it does; the message names the file and the fix",
    ),
    rule(
        "build/warning",
        Warn,
        "the build warned about something",
        "read the message: it names what is lost",
    ),
];

/// The rule with `id`.
pub fn find(id: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.id == id)
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCheck {
    #[serde(default)]
    rules: BTreeMap<String, Spanned<Level>>,
    /// More pages that must load nothing from third parties (beyond the portal page and the pages whose
    /// address names appointments, forms, bill pay or telehealth).
    #[serde(default)]
    sensitive: Vec<Spanned<String>>,
}

/// The `check:` table: levels set by the site, and its own sensitive pages.
#[derive(Debug, Clone, Default)]
pub struct CheckSettings {
    levels: BTreeMap<&'static str, Level>,
    pub sensitive: Vec<UrlPath>,
}

impl CheckSettings {
    /// Reads `check:` from `portico.yaml`. Unknown rule ids are errors with a suggestion.
    pub fn load(source: &ConfigSource, diagnostics: &mut Diagnostics) -> CheckSettings {
        let raw = diagnostics
            .take(source.table::<RawCheck>("check"))
            .flatten()
            .unwrap_or_default();
        let yaml = source.yaml();
        let mut levels = BTreeMap::new();
        for (id, level) in raw.rules {
            if let Some(rule) = find(&id) {
                levels.insert(rule.id, level.value);
            } else {
                let near = suggest(&id, RULES.iter().map(|r| r.id))
                    .map_or_else(String::new, |n| format!(" (did you mean `{n}`?)"));
                diagnostics.error(
                    yaml.error_at(
                        level.referenced,
                        format!("`check.rules`: there is no rule `{id}`{near}"),
                    )
                    .with_help("`portico check --rules` lists every rule with its id"),
                );
            }
        }
        let sensitive = raw
            .sensitive
            .iter()
            .filter_map(|p| match UrlPath::dir(&p.value) {
                Ok(path) => Some(path),
                Err(invalid) => {
                    diagnostics.error(
                        yaml.error_at(
                            p.referenced,
                            format!("`check.sensitive`: {}", invalid.message),
                        )
                        .with_help(invalid.help),
                    );
                    None
                }
            })
            .collect();
        CheckSettings { levels, sensitive }
    }

    /// The level of rule `id`: the site's choice, else the rule's default. Every id the code uses is in
    /// [`RULES`] (a test reads the sources to make sure), so an unknown one is a bug in Portico: it fails
    /// debug builds and tests, and in a release it reports the problem as a warning rather than failing
    /// a practice's check for a rule it cannot look up.
    pub fn level(&self, id: &str) -> Level {
        if let Some(level) = self.levels.get(id) {
            return *level;
        }
        let rule = find(id);
        debug_assert!(rule.is_some(), "the rule `{id}` is not in RULES");
        rule.map_or(Level::Warn, |r| r.level)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every rule id written in the sources (`"compliance/privacy-notice"`) is one of [`RULES`].
    #[test]
    fn every_rule_id_the_code_uses_is_known() {
        let pattern =
            regex_lite::Regex::new(r#""((?:links|a11y|portal|compliance|i18n|build)/[a-z0-9-]+)""#)
                .expect("a valid pattern");
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut seen = 0;
        for entry in walkdir::WalkDir::new(&src) {
            let entry = entry.expect("walk src");
            if entry.path().extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let text = std::fs::read_to_string(entry.path()).expect("read a source");
            for id in pattern.captures_iter(&text).map(|c| c[1].to_owned()) {
                seen += 1;
                assert!(
                    find(&id).is_some(),
                    "{}: `{id}` is not a rule",
                    entry.path().display()
                );
            }
        }
        assert!(
            seen > RULES.len(),
            "the sources name the rules ({seen} uses)"
        );
    }
}

//! The rules `portico check` knows, each an id, a default level and why it matters; and the levels a site
//! sets for them. A leaf module: the build's own checks (contrast, portal dates) and every layer's errors
//! name rules, so nothing here may depend on the rest of Portico.
//!
//! A rule id is a [`RuleId`] constant, never a string the code makes up: the table below defines each
//! constant and its row together, so every id the code can name is a rule, and the site's levels are
//! looked up without a fallback.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

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

impl RuleId {
    /// The rule's row of [`RULES`].
    pub fn rule(self) -> &'static Rule {
        // The macro below writes the variants and the rows in the same order.
        &RULES[self as usize]
    }

    /// The id as reports and `check.rules` write it (`links/broken`).
    pub fn as_str(self) -> &'static str {
        self.rule().id
    }
}

impl std::fmt::Display for RuleId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.as_str())
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

/// Defines each rule's [`RuleId`] variant and its row of [`RULES`], in the same order, from one entry.
macro_rules! rules {
    ($($name:ident = $id:literal, $level:ident, $summary:literal, $why:literal;)*) => {
        /// The id of one of [`RULES`]: the code names a rule only through this type, so every rule it
        /// names exists.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum RuleId {
            $($name,)*
        }

        impl RuleId {
            /// Every rule id, in report order.
            pub const ALL: &[RuleId] = &[$(RuleId::$name),*];
        }

        /// Every rule, in report order.
        pub const RULES: &[Rule] = &[$(Rule {
            id: $id,
            level: Level::$level,
            summary: $summary,
            why: $why,
        }),*];
    };
}

rules! {
    LinksBroken = "links/broken", Deny,
        "an internal link or #anchor leads nowhere",
        "patients who follow it reach a dead end";
    LinksNavMissing = "links/nav-missing", Deny,
        "a navigation link leads to a missing page",
        "every page shows the navigation, so every page has the dead end";
    LinksInsecure = "links/insecure", Warn,
        "a link uses http:// instead of https://",
        "an http link can be read or changed on the way";
    LinksInsecurePortal = "links/insecure-portal", Deny,
        "a portal, bill-pay or scheduling link uses http://",
        "patients type passwords and card numbers there; over http they can be stolen";
    A11yImgAlt = "a11y/img-alt", Deny,
        "an image has no alt text",
        "screen-reader users cannot tell what the image shows (WCAG 1.1.1)";
    A11yLinkName = "a11y/link-name", Deny,
        "a link has no text a screen reader can announce",
        "screen-reader users cannot tell where the link goes (WCAG 2.4.4, 4.1.2)";
    A11yButtonName = "a11y/button-name", Deny,
        "a button has no text a screen reader can announce",
        "screen-reader users cannot tell what the button does (WCAG 4.1.2)";
    A11yHeadingOrder = "a11y/heading-order", Warn,
        "a heading skips a level (an h2 followed by an h4)",
        "screen-reader users move by headings and think they missed a part (WCAG 1.3.1)";
    A11yDuplicateId = "a11y/duplicate-id", Deny,
        "two elements on a page share an id",
        "labels, skip links and #anchors then point at the wrong element (WCAG 4.1.1)";
    A11yHtmlLang = "a11y/html-lang", Deny,
        "a page does not say its language",
        "screen readers read it with the wrong voice and rules (WCAG 3.1.1)";
    A11yPageTitle = "a11y/page-title", Deny,
        "a page has no <title>",
        "the title is what a screen reader says first and what a browser tab and a search result show (WCAG 2.4.2)";
    A11yContrast = "a11y/contrast", Deny,
        "a brand colour pair is below WCAG AA contrast",
        "people with low vision cannot read the text (WCAG 1.4.3, 1.4.11)";
    A11yLinkText = "a11y/link-text", Warn,
        "a link says \"click here\" or \"read more\" instead of where it goes",
        "screen-reader users hear a list of links without their context (WCAG 2.4.4)";
    ImagesHeavy = "images/heavy", Warn,
        "a picture is still heavy after processing (a photo saved as PNG, a long GIF)",
        "phones on slow connections wait for it, and pay for the data";
    PortalThirdParty = "portal/third-party", Deny,
        "a portal, appointment, forms, bill-pay or telehealth page loads something from another site",
        "HHS guidance: what a patient types there is health information, and third-party code can take it; AHA v. Becerra (N.D. Tex., June 20, 2024) left this part of the guidance standing, which is why Portico blocks third-party loads on these pages";
    PortalTracker = "portal/tracker", Warn,
        "a known tracking script is on the site",
        "HHS guidance on tracking technologies: trackers on health pages can disclose health information to the tracker's company. AHA v. Becerra (N.D. Tex., June 20, 2024) vacated only the part about an IP address on a public page; portal, login, scheduling and form pages, and what a patient types, stay protected";
    PortalOfficialHost = "portal/official-host", Deny,
        "a portal link points off the vendor's official hosts",
        "a look-alike host is how phishing takes patients' passwords";
    PortalVerifiedStale = "portal/verified-stale", Warn,
        "the portal address was last verified more than twelve months ago",
        "vendors move portals; a dead or hijacked login link turns patients away";
    PortalSampleAddress = "portal/sample-address", Deny,
        "the portal address is the example `portico init` or `portico vendors` wrote (`sample: true`)",
        "an example address may be a stranger's portal: patients would type their passwords there";
    PortalUnconfirmedVendor = "portal/unconfirmed-vendor", Warn,
        "the vendor's official hosts come from practices' sites, not the vendor's own documents",
        "a host list no vendor document backs may be wrong: confirm the address with the vendor";
    PortalCustomVendor = "portal/custom-vendor", Warn,
        "the portal vendor is `custom`, so no official-host list vouches for its address",
        "nothing checks that the address belongs to your vendor";
    CompliancePrivacyNotice = "compliance/privacy-notice", Deny,
        "the Notice of Privacy Practices is missing, not linked by that name from the home page and every footer, or shows no effective date",
        "HIPAA (45 CFR 164.520(c)(3)(i)) asks a practice's website to post the notice prominently";
    ComplianceNondiscrimination = "compliance/nondiscrimination", Deny,
        "the nondiscrimination notice is missing, not linked from every footer, or does not offer free aids and services or cover Section 504",
        "Section 1557 (45 CFR 92.10) asks for the notice on the website, and the Section 504 rule (45 CFR 84.8) for the notice of disability rights";
    ComplianceLanguageAssistance = "compliance/language-assistance", Deny,
        "the language-assistance notice is missing, not linked from every footer, names fewer than 15 languages, or lacks a tagline in one",
        "Section 1557 (45 CFR 92.11) asks for taglines in at least the 15 languages most spoken by people with limited English in the state";
    ComplianceBillingRights = "compliance/billing-rights", Deny,
        "the surprise-billing rights notice is missing or not linked from every footer",
        "the No Surprises Act (45 CFR 149.430) asks providers to post it on their website";
    ComplianceGoodFaithEstimate = "compliance/good-faith-estimate", Deny,
        "the good-faith-estimate notice is missing or not linked from every footer",
        "45 CFR 149.610 asks for it to be prominently displayed on the website";
    ComplianceAccessibilityStatement = "compliance/accessibility-statement", Deny,
        "the accessibility statement is missing or not linked from every footer",
        "it tells patients how to get help when a page is hard to use; the HHS Section 504 rule itself requires the site to meet WCAG 2.1 AA (45 CFR 84.84), which the a11y rules check";
    ComplianceGrievanceProcedure = "compliance/grievance-procedure", Warn,
        "the nondiscrimination notice describes no grievance procedure (15 or more employees, or `compliance.employees` not set)",
        "the Section 504 rule asks practices with 15 or more employees for a grievance procedure (45 CFR 84.7)";
    CompliancePriceTransparency = "compliance/price-transparency", Deny,
        "a hospital's site has no \"Price Transparency\" link on the home page or no /cms-hpt.txt",
        "hospital price transparency (45 CFR 180.50) asks for the machine-readable file of standard charges, linked from the home page, and cms-hpt.txt";
    ComplianceEmergencyLine = "compliance/emergency-line", Deny,
        "the portal or contact page does not give the emergency number",
        "patients must not wait on a portal message or a form in an emergency";
    ComplianceThirdPartyForm = "compliance/third-party-form", Deny,
        "a form posts to another site",
        "it may collect health information, and that site needs a business associate agreement";
    ComplianceSampleNotice = "compliance/sample-notice", Warn,
        "a notice page still has Portico's sample text (`sample: true`)",
        "the notice must be your practice's own legal text";
    ComplianceMachineTranslation = "compliance/machine-translation", Warn,
        "a machine-translation widget is on the site",
        "Section 1557 (45 CFR 92.201(c)(3)) asks a qualified human to review translations of critical content";
    I18nUntranslated = "i18n/untranslated", Warn,
        "pages of the default language have no translation in another of the site's languages",
        "readers of that language do not see those pages";
    I18nUnreviewedStrings = "i18n/unreviewed-strings", Warn,
        "a language's built-in words were written by Portico's developers, and no native speaker has reviewed them for this site",
        "a patient who reads that language may find a word wrong or unclear; after a review, `reviewed: true` in strings/LANG.yaml says so";
    BuildError = "build/error", Deny,
        "the site does not build",
        "nothing can be published until it does; the message names the file and the fix";
    BuildWarning = "build/warning", Warn,
        "the build warned about something",
        "read the message: it names what is lost";
}

/// The rule with the id `id` as a person writes it (in `check.rules`).
pub fn find(id: &str) -> Option<RuleId> {
    RuleId::ALL.iter().copied().find(|r| r.as_str() == id)
}

/// The levels a site set for some rules (`check.rules`); every other rule keeps its default.
#[derive(Debug, Clone, Default)]
pub struct Levels {
    set: BTreeMap<RuleId, Level>,
}

impl Levels {
    pub fn set(&mut self, id: RuleId, level: Level) {
        self.set.insert(id, level);
    }

    /// The level of rule `id`: the site's choice, else the rule's default.
    pub fn level(&self, id: RuleId) -> Level {
        self.set.get(&id).copied().unwrap_or(id.rule().level)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_ids_are_unique_and_name_their_group() {
        let groups = [
            "links",
            "a11y",
            "portal",
            "compliance",
            "i18n",
            "images",
            "build",
        ];
        let mut seen = std::collections::BTreeSet::new();
        for (position, &id) in RuleId::ALL.iter().enumerate() {
            assert_eq!(id as usize, position);
            let rule = id.rule();
            assert!(seen.insert(rule.id), "{} twice", rule.id);
            assert_eq!(find(rule.id), Some(id));
            let (group, name) = rule.id.split_once('/').expect("group/name");
            assert!(groups.contains(&group), "{}", rule.id);
            assert!(
                !name.is_empty()
                    && name
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                "{}",
                rule.id
            );
        }
    }

    #[test]
    fn a_level_the_site_sets_wins_over_the_default() {
        let mut levels = Levels::default();
        assert_eq!(levels.level(RuleId::LinksInsecure), Level::Warn);
        levels.set(RuleId::LinksInsecure, Level::Deny);
        assert_eq!(levels.level(RuleId::LinksInsecure), Level::Deny);
        assert_eq!(levels.level(RuleId::LinksBroken), Level::Deny);
    }
}

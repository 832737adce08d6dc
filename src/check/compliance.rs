//! The notices a US practice site must carry (see the `compliance` plugin for where they live), each rule
//! with the regulation it comes from:
//!
//! - every notice exists and is linked from the home page and from every page's footer (the built-in
//!   themes link them all from every footer); the Notice of Privacy Practices by that name (45 CFR
//!   164.520(c)(3)(i): "prominently post"), with its effective date on the page (164.520(b)(1)(viii));
//! - the language-assistance notice (§1557, 45 CFR 92.11) names at least the 15 languages most spoken by
//!   people with limited English in the state (`compliance.taglines`) and carries a tagline in each
//!   (`<p lang="..">`);
//! - the nondiscrimination notice (§1557, 45 CFR 92.10) offers free aids and services for people with
//!   disabilities and covers their §504 rights (45 CFR 84.8); a practice with 15 or more employees
//!   (`compliance.employees`) also describes its grievance procedure (84.7, a warning);
//! - a hospital (`practice.type: Hospital`) links its machine-readable standard charges from the home
//!   page as "Price Transparency" and has `/cms-hpt.txt` (45 CFR 180.50);
//! - the portal and contact pages give the emergency number; sample notices must be replaced.

use url::Url;

use super::html::Document;
use super::{Findings, Pages, Spot};
use crate::error::{Diagnostics, Location};
use crate::plugins::compliance::{Notice, Settings};
use crate::rules::RuleId;

fn rule(notice: Notice) -> RuleId {
    match notice {
        Notice::PrivacyNotice => RuleId::CompliancePrivacyNotice,
        Notice::Nondiscrimination => RuleId::ComplianceNondiscrimination,
        Notice::LanguageAssistance => RuleId::ComplianceLanguageAssistance,
        Notice::BillingRights => RuleId::ComplianceBillingRights,
        Notice::GoodFaithEstimate => RuleId::ComplianceGoodFaithEstimate,
        Notice::Accessibility => RuleId::ComplianceAccessibilityStatement,
    }
}

pub(super) fn check(pages: &Pages<'_>, findings: &mut Findings<'_>) {
    let site = pages.site;
    let settings = Settings::load(&site.config, &mut Diagnostics::new());
    let languages: Vec<_> = site.config.all_languages().cloned().collect();
    for (notice, path) in &settings.notices {
        let rule = rule(*notice);
        let name = site.strings.get(&site.config.language, notice.label_key());
        if settings
            .page(site, *notice, &site.config.language)
            .is_none()
        {
            findings.at(
                rule,
                config_location(pages, notice.key()),
                format!("the site has no \"{name}\" page at {path}"),
                &format!("write content{}.md with your practice's notice (`portico init` writes a sample), or set `compliance.{}` to the page's path", path.as_str().trim_end_matches('/'), notice.key()),
            );
            continue;
        }
        for lang in &languages {
            let Some(id) = settings.page(site, *notice, lang) else {
                continue;
            };
            let target = site.config.base_url.path_for(&site.pages[id].url);
            let label = site.strings.get(lang, notice.label_key());
            let by_name = *notice == Notice::PrivacyNotice;
            let named = |doc: &Document, footer: bool| {
                links_to(pages, doc, &target, by_name, footer, label)
            };
            let Some(home) = site.home(lang) else {
                continue;
            };
            let home_path = super::output_path(site.pages[home].url.as_str());
            if let Some(doc) = pages.docs.get(home_path.as_str())
                && !named(doc, false)
            {
                findings.on_page(
                    pages,
                    rule,
                    Spot { page: &home_path, offset: 0, needle: None },
                    format!("the home page does not link to the {label} by that name"),
                    "keep the theme's footer notices (`compliance.links`), or link it from the home page with its full name",
                );
            }
            {
                // Every page of the site (not the redirect pages of `aliases`, which show nothing).
                for (&path, doc) in pages
                    .docs
                    .iter()
                    .filter(|(p, _)| pages.page_of.contains_key(**p))
                {
                    if pages.lang_of(path) == lang.as_str()
                        && path != home_path
                        && !named(doc, true)
                    {
                        findings.on_page(
                            pages,
                            rule,
                            Spot { page: path, offset: doc.all("footer").next().map_or(0, |(_, f)| f.offset), needle: None },
                            format!("the footer does not link to the {label}"),
                            "keep the theme's footer notices (`compliance.links` in partials/footer.html)",
                        );
                    }
                }
            }
            match notice {
                Notice::LanguageAssistance => taglines(pages, findings, &settings, id),
                Notice::PrivacyNotice => effective_date(pages, findings, id),
                Notice::Nondiscrimination => disability_rights(pages, findings, &settings, id),
                _ => {}
            }
        }
    }
    emergency_line(pages, findings, &settings);
    price_transparency(pages, findings);
    for page in site.pages.iter().filter(|p| p.meta.sample) {
        let location = source_line(&page.source.path, "sample:");
        findings.at(
            RuleId::ComplianceSampleNotice,
            location,
            format!("\"{}\" is Portico's sample text", page.meta.title),
            "replace the page's text with your practice's own notice (from your lawyer or compliance officer), then remove `sample: true`",
        );
    }
}

/// Whether `doc` links to `target`, under a name that contains `label` when `by_name`, and from its
/// `<footer>` when `footer`.
fn links_to(
    pages: &Pages<'_>,
    doc: &Document,
    target: &str,
    by_name: bool,
    footer: bool,
    label: &str,
) -> bool {
    let base = pages.site.config.base_url.origin();
    doc.all("a").any(|(i, a)| {
        if footer && !doc.inside(i, "footer") {
            return false;
        }
        let resolves = a
            .attr("href")
            .and_then(|h| Url::parse(base).ok()?.join(h).ok())
            .is_some_and(|u| u.path() == target);
        let name_ok = !by_name
            || a.accessible_name()
                .is_some_and(|n| n.to_lowercase().contains(&label.to_lowercase()));
        resolves && name_ok
    })
}

/// `compliance/language-assistance`: a tagline (an element with `lang`) in every configured language.
fn taglines(pages: &Pages<'_>, findings: &mut Findings<'_>, settings: &Settings, id: usize) {
    let page = &pages.site.pages[id];
    let path = super::output_path(page.url.as_str());
    let Some(doc) = pages.docs.get(path.as_str()) else {
        return;
    };
    if lang_is_default(pages, page) && settings.taglines.len() < TAGLINES {
        findings.at(
            RuleId::ComplianceLanguageAssistance,
            config_location(pages, "taglines"),
            format!(
                "`compliance.taglines` names {}; §1557 (45 CFR 92.11) asks for taglines in at least the {TAGLINES} languages most spoken by people with limited English in your state",
                crate::error::counted(settings.taglines.len(), "language")
            ),
            "list your state's top 15 under `compliance.taglines` (HHS publishes them with sample taglines) and put a tagline for each on the page",
        );
    }
    let missing: Vec<&str> = settings
        .taglines
        .iter()
        .filter(|&l| l != &page.lang)
        .filter(|l| {
            !doc.elements.iter().any(|e| {
                e.attr("lang")
                    .is_some_and(|v| v.eq_ignore_ascii_case(l.as_str()))
            })
        })
        .map(crate::config::Lang::as_str)
        .collect();
    if !missing.is_empty() {
        findings.at(
            RuleId::ComplianceLanguageAssistance,
            Location::file(&page.source.path),
            format!(
                "the language-assistance page has no tagline in {} (45 CFR 92.11)",
                missing.join(", ")
            ),
            "add one paragraph per language, marked with its language: <p lang=\"vi\">…</p>",
        );
    }
}

/// How many languages 45 CFR 92.11 asks taglines in, at least.
const TAGLINES: usize = 15;

fn lang_is_default(pages: &Pages<'_>, page: &crate::content::Page) -> bool {
    page.lang == pages.site.config.language
}

/// The visible text of a built page, lowercased, or `None` when it was not built.
fn page_text(pages: &Pages<'_>, id: usize) -> Option<(String, String)> {
    let path = super::output_path(pages.site.pages[id].url.as_str());
    let doc = pages.docs.get(path.as_str())?;
    Some((path, doc.text.to_lowercase()))
}

/// `compliance/privacy-notice`: the notice shows the date it took effect (45 CFR 164.520(b)(1)(viii)).
fn effective_date(pages: &Pages<'_>, findings: &mut Findings<'_>, id: usize) {
    let Some((path, text)) = page_text(pages, id) else {
        return;
    };
    if !["effective", "vigencia", "vigente"]
        .iter()
        .any(|w| text.contains(w))
    {
        findings.on_page(
            pages,
            RuleId::CompliancePrivacyNotice,
            Spot { page: &path, offset: 0, needle: None },
            "the Notice of Privacy Practices does not give its effective date (45 CFR 164.520(b)(1)(viii))".to_owned(),
            "add a line such as \"Effective date: March 1, 2026\" near the top of the notice",
        );
    }
}

/// The nondiscrimination notice offers free aids and services to people with disabilities (§1557, 45 CFR
/// 92.10) and covers §504 (45 CFR 84.8); with 15 or more employees, it describes the grievance procedure
/// (84.7). Read in English and Spanish words.
fn disability_rights(
    pages: &Pages<'_>,
    findings: &mut Findings<'_>,
    settings: &Settings,
    id: usize,
) {
    let Some((path, text)) = page_text(pages, id) else {
        return;
    };
    let spot = Spot {
        page: &path,
        offset: 0,
        needle: None,
    };
    let aids = ["aids and services", "ayudas y servicios"]
        .iter()
        .any(|w| text.contains(w));
    let free = ["free", "gratis", "gratuit", "sin costo"]
        .iter()
        .any(|w| text.contains(w));
    if !(aids && free) {
        findings.on_page(
            pages,
            RuleId::ComplianceNondiscrimination,
            spot,
            "the nondiscrimination notice does not offer free aids and services to people with disabilities (45 CFR 92.10)".to_owned(),
            "say that the practice gives free aids and services, such as sign language interpreters and large print, and how to ask for them",
        );
    }
    if !text.contains("504") {
        findings.on_page(
            pages,
            RuleId::ComplianceNondiscrimination,
            spot,
            "the nondiscrimination notice does not cover Section 504 (45 CFR 84.8)".to_owned(),
            "add the Section 504 notice of the rights of people with disabilities; it can share this page",
        );
    }
    let grievance = ["grievance", "queja", "reclamo"]
        .iter()
        .any(|w| text.contains(w));
    if settings.employees.is_none_or(|n| n >= 15) && !grievance {
        let who = settings.employees.map_or_else(
            || "a practice with 15 or more employees".to_owned(),
            |n| format!("with {n} employees, the practice"),
        );
        findings.on_page(
            pages,
            RuleId::ComplianceGrievanceProcedure,
            spot,
            format!("the nondiscrimination notice describes no grievance procedure, which {who} must have (45 CFR 84.7)"),
            "describe how to file a complaint and who handles it; set `compliance.employees` if you have fewer than 15",
        );
    }
}

/// `compliance/price-transparency`: a hospital links its machine-readable standard charges from the home
/// page as "Price Transparency" and names the file in `/cms-hpt.txt` (45 CFR 180.50; CMS's 2024 rules).
fn price_transparency(pages: &Pages<'_>, findings: &mut Findings<'_>) {
    let site = pages.site;
    if site.config.practice.kind != "Hospital" {
        return;
    }
    if pages.output.get("cms-hpt.txt").is_none() {
        findings.at(
            RuleId::CompliancePriceTransparency,
            Location::file(&site.config.source.path),
            "a hospital's site needs /cms-hpt.txt, naming where its machine-readable file of standard charges is (45 CFR 180.50)".to_owned(),
            "put cms-hpt.txt in static/ with the location-name, source-page-url, mrf-url and contact lines CMS's template asks for",
        );
    }
    let Some(home) = site.home(&site.config.language) else {
        return;
    };
    let home_path = super::output_path(site.pages[home].url.as_str());
    let Some(doc) = pages.docs.get(home_path.as_str()) else {
        return;
    };
    let linked = doc.all("a").any(|(_, a)| {
        a.accessible_name()
            .is_some_and(|n| n.to_lowercase().contains("price transparency"))
    });
    if !linked {
        findings.on_page(
            pages,
            RuleId::CompliancePriceTransparency,
            Spot { page: &home_path, offset: 0, needle: None },
            "the home page has no \"Price Transparency\" link to the hospital's standard charges (45 CFR 180.50)".to_owned(),
            "link the machine-readable file (or the page that offers it) from the home page with the words Price Transparency",
        );
    }
}

/// `compliance/emergency-line`: the portal and contact pages show the emergency number.
fn emergency_line(pages: &Pages<'_>, findings: &mut Findings<'_>, settings: &Settings) {
    let number = settings.emergency_number.as_str();
    for (id, page) in pages.site.pages.iter().enumerate() {
        let template = crate::render::template_name(pages.site, id);
        if !matches!(template.as_str(), "portal.html" | "contact.html") {
            continue;
        }
        let path = super::output_path(page.url.as_str());
        let Some(doc) = pages.docs.get(path.as_str()) else {
            continue;
        };
        let shown = doc
            .text
            .split(|c: char| !c.is_ascii_digit())
            .any(|word| word == number);
        if !shown {
            findings.on_page(
                pages,
                RuleId::ComplianceEmergencyLine,
                Spot {
                    page: &path,
                    offset: 0,
                    needle: None,
                },
                format!(
                    "\"{}\" does not say to call {number} in an emergency",
                    page.meta.title
                ),
                "keep the theme's emergency note (t.emergency_note), or write it in the page",
            );
        }
    }
}

/// Where `compliance.KEY` is written in `portico.yaml`, or the file.
fn config_location(pages: &Pages<'_>, key: &str) -> Location {
    let source = &pages.site.config.source;
    let line =
        line_of(&source.text, &format!("{key}:")).or_else(|| line_of(&source.text, "compliance:"));
    line.map_or_else(
        || Location::file(&source.path),
        |line| Location::at(&source.path, line, 1),
    )
}

/// The first line of `path` holding `needle`, or the file.
fn source_line(path: &std::path::Path, needle: &str) -> Location {
    std::fs::read_to_string(path)
        .ok()
        .and_then(|text| line_of(&text, needle))
        .map_or_else(|| Location::file(path), |line| Location::at(path, line, 1))
}

/// The 1-based number of the first line of `text` holding `needle`.
fn line_of(text: &str, needle: &str) -> Option<usize> {
    text.lines().position(|l| l.contains(needle)).map(|i| i + 1)
}

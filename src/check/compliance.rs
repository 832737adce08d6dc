//! The notices a US practice site must carry (see the `compliance` plugin for where they live): each must
//! exist and be linked from the home page's footer, the Notice of Privacy Practices by that name and from
//! every footer; the language-assistance page must carry a tagline in every configured language; the
//! portal and contact pages must give the emergency number; and sample notices must be replaced.

use url::Url;

use super::html::Document;
use super::{Findings, Pages, Spot};
use crate::error::{Diagnostics, Location};
use crate::plugins::compliance::{Notice, Settings};

fn rule(notice: Notice) -> &'static str {
    match notice {
        Notice::PrivacyNotice => "compliance/privacy-notice",
        Notice::Nondiscrimination => "compliance/nondiscrimination",
        Notice::LanguageAssistance => "compliance/language-assistance",
        Notice::BillingRights => "compliance/billing-rights",
        Notice::GoodFaithEstimate => "compliance/good-faith-estimate",
        Notice::Accessibility => "compliance/accessibility-statement",
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
            if *notice == Notice::PrivacyNotice {
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
            if *notice == Notice::LanguageAssistance {
                taglines(pages, findings, &settings, id);
            }
        }
    }
    emergency_line(pages, findings, &settings);
    for page in site.pages.iter().filter(|p| p.meta.sample) {
        let location = source_line(&page.source.path, "sample:");
        findings.at(
            "compliance/sample-notice",
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
            "compliance/language-assistance",
            Location::file(&page.source.path),
            format!(
                "the language-assistance page has no tagline in {}",
                missing.join(", ")
            ),
            "add one paragraph per language, marked with its language: <p lang=\"vi\">…</p>",
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
                "compliance/emergency-line",
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

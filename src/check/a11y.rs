//! Accessibility rules a static look at the built pages can decide (a browser with axe-core, in the test
//! suite, checks the rest): alt text, link and button names, heading order, duplicate ids, the page
//! language and vague link text. Brand colour contrast is checked where the colours are set, in the
//! `brand` plugin, under the rule `a11y/contrast`.

use std::collections::BTreeSet;

use super::{Findings, Pages, Spot};
use crate::rules::RuleId;

/// Link texts that say nothing about where the link goes, in the built-in languages.
const VAGUE: &[&str] = &[
    "click here",
    "click",
    "here",
    "read more",
    "more",
    "learn more",
    "this link",
    "link",
    "haga clic aquí",
    "haga clic",
    "aquí",
    "leer más",
    "más",
    "más información",
    "este enlace",
];

pub(super) fn check(pages: &Pages<'_>, findings: &mut Findings<'_>) {
    for (&path, doc) in &pages.docs {
        if doc.lang().is_none() {
            findings.on_page(
                pages,
                RuleId::A11yHtmlLang,
                Spot {
                    page: path,
                    offset: 0,
                    needle: None,
                },
                "the page does not say its language".to_owned(),
                "give the theme's <html> element lang=\"{{ lang }}\"",
            );
        }
        let titled = doc
            .all("title")
            .any(|(_, title)| !title.text.trim().is_empty());
        if !titled {
            findings.on_page(
                pages,
                RuleId::A11yPageTitle,
                Spot {
                    page: path,
                    offset: 0,
                    needle: None,
                },
                "the page has no title".to_owned(),
                "give it a <title> that says what the page is, like <title>Flu shots | Riverbend Family Medicine</title>",
            );
        }
        let mut ids = BTreeSet::new();
        let mut last_heading: Option<u8> = None;
        for element in &doc.elements {
            let at = element.offset;
            if let Some(id) = element.attr("id")
                && !ids.insert(id)
            {
                findings.on_page(
                    pages,
                    RuleId::A11yDuplicateId,
                    Spot { page: path, offset: at, needle: None },
                    format!("two elements have id=\"{id}\""),
                    "give each element its own id (a heading repeated in the markdown gets -1, -2, ...; a template needs its own)",
                );
            }
            match element.tag.as_str() {
                "img" => image(pages, findings, path, element),
                "a" if element.attr("href").is_some() => match element.accessible_name() {
                    None => findings.on_page(
                        pages,
                        RuleId::A11yLinkName,
                        Spot { page: path, offset: at, needle: element.attr("href") },
                        format!("the link to `{}` has no text", element.attr("href").unwrap_or_default()),
                        "put words in the link, or alt text on the image inside it, or an aria-label",
                    ),
                    Some(name) => {
                        let plain = name.trim_end_matches(['.', ':', '!', '…']).to_lowercase();
                        if VAGUE.contains(&plain.as_str()) {
                            findings.on_page(
                                pages,
                                RuleId::A11yLinkText,
                                Spot { page: path, offset: at, needle: Some(&format!("[{name}]")) },
                                format!("the link text \"{name}\" does not say where it goes"),
                                "use the name of the page or action as the link text: [Book a flu shot](@/services/flu.md)",
                            );
                        }
                    }
                },
                "button" if element.accessible_name().is_none() => findings.on_page(
                    pages,
                    RuleId::A11yButtonName,
                    Spot { page: path, offset: at, needle: None },
                    "a button has no text".to_owned(),
                    "put words in the button, or an aria-label that says what it does",
                ),
                "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                    let level = element.tag.as_bytes()[1] - b'0';
                    if let Some(last) = last_heading
                        && level > last + 1
                    {
                        let text = element.accessible_name().unwrap_or_default();
                        findings.on_page(
                            pages,
                            RuleId::A11yHeadingOrder,
                            Spot { page: path, offset: at, needle: Some(&format!("{} {text}", "#".repeat(usize::from(level)))) },
                            format!("the heading \"{text}\" is an h{level} after an h{last}"),
                            "use the next level down: in markdown, ## after the title, ### inside a ## part",
                        );
                    }
                    last_heading = Some(level);
                }
                _ => {}
            }
        }
    }
}

/// `a11y/img-alt`: an image with no `alt` at all, or an empty one written in the page's markdown
/// (`![](photo.jpg)`): an empty alt in a template marks a decorative image on purpose.
fn image(pages: &Pages<'_>, findings: &mut Findings<'_>, path: &str, img: &super::html::Element) {
    let src = img.attr("src").unwrap_or_default();
    let help = "describe what the image shows for someone who cannot see it: ![Dr. Reyes smiling in the exam room](reyes.jpg)";
    match img.attr("alt") {
        None => findings.on_page(
            pages,
            RuleId::A11yImgAlt,
            Spot {
                page: path,
                offset: img.offset,
                needle: Some(src),
            },
            format!("the image `{src}` has no alt text"),
            help,
        ),
        Some(alt) if alt.trim().is_empty() => {
            let written = format!("![]({src}");
            let (location, in_source) = pages.locate(path, img.offset, Some(&written));
            if in_source {
                findings.at(
                    RuleId::A11yImgAlt,
                    location,
                    format!("the image `{src}` has empty alt text"),
                    help,
                );
            }
        }
        Some(_) => {}
    }
}

//! Structured data (schema.org JSON-LD) for each page, so search engines read the practice, its offices
//! and its clinicians as facts rather than guessing from prose.
//!
//! The model follows the research notes: the practice as a `MedicalOrganization` (an organisation needs no
//! address, which rich-result tools require of a `MedicalClinic`) with the specialties of its clinicians,
//! each location as its own node of the configured type (`MedicalClinic`, ...) with address, geo, phone
//! and `openingHoursSpecification` (holiday hours with `validFrom`/`validThrough`), clinicians as
//! `IndividualPhysician` with `practicesAt` pointing at their locations' `@id` and the address and phone
//! of their first location, the explainer as a `MedicalWebPage`, and a `BreadcrumbList` on every page
//! below the home page, and an `FAQPage` on a page that asks questions with the `faq` component. Every node uses the default-language URLs as its `@id`, so translations describe
//! the same things; text (descriptions) is in the page's language.
//!
//! Only properties schema.org defines for each type are written: `honorificSuffix` belongs to `Person`,
//! not `IndividualPhysician` (an organisation type), so credentials go into the name, and
//! `knowsLanguage` carries BCP 47 codes. The browser suite validates every node against the schema.org
//! vocabulary.

use serde_json::{Value, json};

use crate::config::{Hours, PracticeLocation, TimeOfDay, UrlPath, Weekday};
use crate::content::components::body_text;
use crate::content::{Extra, PageId, PageKind, Provider, Site};

/// The JSON-LD document for a page, ready to print inside `<script type="application/ld+json">`.
pub(super) fn for_page(site: &Site, id: PageId) -> Option<String> {
    let page = &site.pages[id];
    let mut graph = Vec::new();
    if page.kind == PageKind::Home {
        graph.push(practice(site));
        graph.extend(site.config.locations.iter().map(|l| location(site, l)));
    } else {
        if let Some(provider) = &page.meta.provider {
            graph.push(clinician(site, id, provider));
        }
        if page.translation_key.starts_with(EXPLAINER) {
            graph.push(medical_web_page(site, id));
        }
        if let Some(Extra::String(location_id)) = page.meta.extra.get("location")
            && let Some(found) = site
                .config
                .locations
                .iter()
                .find(|l| l.id.as_str() == location_id)
        {
            graph.push(location(site, found));
        }
        graph.push(breadcrumbs(site, id));
    }
    if let Some(faq) = faq_page(site, id) {
        graph.push(faq);
    }
    let document = json!({ "@context": "https://schema.org", "@graph": graph });
    // `</` would end the script element early; JSON allows `<\/` for it.
    serde_json::to_string(&document)
        .ok()
        .map(|text| text.replace("</", "<\\/"))
}

fn permalink(site: &Site, path: &str) -> String {
    UrlPath::parse(path).map_or_else(
        |_| site.config.base_url.to_string(),
        |p| site.config.base_url.permalink(&p),
    )
}

pub(super) fn practice_id(site: &Site) -> String {
    format!("{}#practice", permalink(site, "/"))
}

pub(super) fn location_id(site: &Site, location: &PracticeLocation) -> String {
    format!(
        "{}#location",
        permalink(site, &format!("/locations/{}/", location.id.as_str()))
    )
}

/// The explainer's pages (`patient-portal/emr-vs-ehr`, in every language).
const EXPLAINER: &str = "patient-portal/emr-vs-ehr";

fn practice(site: &Site) -> Value {
    let practice = &site.config.practice;
    let mut specialties: Vec<String> = site
        .pages
        .iter()
        .filter_map(|p| p.meta.provider.as_ref())
        .flat_map(|p| {
            p.specialties
                .iter()
                .map(|s| format!("https://schema.org/{s}"))
        })
        .collect();
    specialties.sort();
    specialties.dedup();
    let mut node = json!({
        "@type": "MedicalOrganization",
        "@id": practice_id(site),
        "name": practice.name,
        "url": permalink(site, "/"),
        "telephone": practice.phone.e164(),
        "isAcceptingNewPatients": practice.accepting_new_patients,
        "department": site.config.locations.iter().map(|l| json!({ "@id": location_id(site, l) })).collect::<Vec<_>>(),
    });
    if let Some(logo) = &practice.logo {
        node["logo"] = json!(site.config.base_url.permalink(logo));
    }
    if let Some(email) = &practice.email {
        node["email"] = json!(email);
    }
    if let Some(description) = &practice.description {
        node["description"] = json!(description.get(&site.config.language));
    }
    if !specialties.is_empty() {
        node["medicalSpecialty"] = json!(specialties);
    }
    node
}

/// A location is a place of its own: the practice's type where that is a place, else `MedicalClinic`.
fn location(site: &Site, location: &PracticeLocation) -> Value {
    let kind = match site.config.practice.kind.as_str() {
        "Physician" | "MedicalOrganization" => "MedicalClinic",
        other => other,
    };
    let mut hours: Vec<Value> = location.hours.iter().map(opening_hours).collect();
    for holiday in location
        .holidays
        .iter()
        .filter(|h| h.through >= site.config.today)
    {
        let (opens, closes) = holiday
            .hours
            .map_or(("00:00".to_owned(), "00:00".to_owned()), |(o, c)| {
                (o.iso(), c.iso())
            });
        hours.push(json!({
            "@type": "OpeningHoursSpecification",
            "validFrom": holiday.from.to_string(),
            "validThrough": holiday.through.to_string(),
            "opens": opens,
            "closes": closes,
        }));
    }
    let mut node = json!({
        "@type": kind,
        "@id": location_id(site, location),
        "name": location.name,
        "parentOrganization": { "@id": practice_id(site) },
        "address": postal_address(location),
        "telephone": location.phone.e164(),
        "openingHoursSpecification": hours,
        "isAcceptingNewPatients": site.config.practice.accepting_new_patients,
    });
    if let Some(fax) = &location.fax {
        node["faxNumber"] = json!(fax.e164());
    }
    if let Some(geo) = location.geo {
        node["geo"] = json!({ "@type": "GeoCoordinates", "latitude": geo.latitude, "longitude": geo.longitude });
    }
    if let Some(page) = site.page_by_source(&format!("locations/{}.md", location.id.as_str())) {
        node["url"] = json!(site.config.base_url.permalink(&site.pages[page].url));
    }
    node
}

/// A clinician as `IndividualPhysician`, working at their locations, reached at the first one.
fn clinician(site: &Site, id: PageId, provider: &Provider) -> Value {
    let page = &site.pages[id];
    let url = site.config.base_url.permalink(&page.url);
    let name = if provider.credentials.is_empty() {
        provider.name.clone()
    } else {
        format!("{}, {}", provider.name, provider.credentials.join(", "))
    };
    let mut node = json!({
        "@type": "IndividualPhysician",
        "@id": format!("{url}#provider"),
        "name": name,
        "url": url,
        "medicalSpecialty": provider.specialties.iter().map(|s| format!("https://schema.org/{s}")).collect::<Vec<_>>(),
        "practicesAt": site
            .config
            .locations
            .iter()
            .filter(|l| provider.locations.iter().any(|id| id == l.id.as_str()))
            .map(|l| json!({ "@id": location_id(site, l) }))
            .collect::<Vec<_>>(),
        "memberOf": { "@id": practice_id(site) },
    });
    if let Some(npi) = &provider.npi {
        node["usNPI"] = json!(npi);
    }
    if let Some(accepting) = provider.accepting_new_patients {
        node["isAcceptingNewPatients"] = json!(accepting);
    }
    if let Some(photo) = &provider.photo {
        node["image"] = json!(site.config.base_url.permalink(&photo.src));
    }
    if !provider.languages.is_empty() {
        node["knowsLanguage"] = provider.languages.iter().map(|l| language(l)).collect();
    }
    if let Some(description) = &page.meta.description {
        node["description"] = json!(description);
    }
    if let Some(first) = site
        .config
        .locations
        .iter()
        .find(|l| provider.locations.iter().any(|id| id == l.id.as_str()))
    {
        node["address"] = postal_address(first);
        node["telephone"] = json!(first.phone.e164());
    }
    node
}

/// The explainer: a `MedicalWebPage` for patients, in its page's language, published by the practice.
fn medical_web_page(site: &Site, id: PageId) -> Value {
    let page = &site.pages[id];
    let url = site.config.base_url.permalink(&page.url);
    let mut node = json!({
        "@type": "MedicalWebPage",
        "@id": format!("{url}#webpage"),
        "url": url,
        "name": page.meta.title,
        "inLanguage": page.lang.as_str(),
        "audience": "https://schema.org/Patient",
        "about": { "@type": "MedicalEntity", "name": "Electronic health records" },
        "publisher": { "@id": practice_id(site) },
    });
    if let Some(description) = &page.meta.description {
        node["description"] = json!(description);
    }
    node
}

/// The page's `faq` components as an `FAQPage`: each question with its answer's words, in the order
/// the page shows them. A page without questions has none.
fn faq_page(site: &Site, id: PageId) -> Option<Value> {
    let page = &site.pages[id];
    let questions: Vec<Value> = page
        .content
        .components
        .iter()
        .enumerate()
        .filter(|(_, call)| call.name == "faq")
        .filter_map(|(index, call)| {
            let question = call.args.get("question")?.as_text()?;
            let answer = body_text(&page.content.html, index)?;
            Some(json!({
                "@type": "Question",
                "name": question,
                "acceptedAnswer": { "@type": "Answer", "text": answer },
            }))
        })
        .collect();
    if questions.is_empty() {
        return None;
    }
    let url = site.config.base_url.permalink(&page.url);
    Some(json!({
        "@type": "FAQPage",
        "@id": format!("{url}#faq"),
        "url": url,
        "name": page.meta.title,
        "inLanguage": page.lang.as_str(),
        "mainEntity": questions,
    }))
}

/// A language as schema.org wants it: its BCP 47 code where the name is one Portico knows (in English,
/// in Spanish or in the language itself), else a `Language` node with the name as written.
fn language(name: &str) -> Value {
    const CODES: &[(&str, &str)] = &[
        ("english", "en"),
        ("spanish", "es"),
        ("español", "es"),
        ("chinese", "zh"),
        ("mandarin", "cmn"),
        ("cantonese", "yue"),
        ("vietnamese", "vi"),
        ("tiếng việt", "vi"),
        ("tagalog", "tl"),
        ("filipino", "fil"),
        ("korean", "ko"),
        ("russian", "ru"),
        ("arabic", "ar"),
        ("french", "fr"),
        ("français", "fr"),
        ("haitian creole", "ht"),
        ("german", "de"),
        ("portuguese", "pt"),
        ("português", "pt"),
        ("hindi", "hi"),
        ("japanese", "ja"),
        ("polish", "pl"),
        ("italian", "it"),
        ("somali", "so"),
        ("amharic", "am"),
        ("urdu", "ur"),
        ("persian", "fa"),
        ("farsi", "fa"),
        ("gujarati", "gu"),
        ("bengali", "bn"),
        ("punjabi", "pa"),
        ("hmong", "hmn"),
        ("khmer", "km"),
        ("lao", "lo"),
        ("ukrainian", "uk"),
        ("nepali", "ne"),
        ("navajo", "nv"),
        ("armenian", "hy"),
        ("greek", "el"),
        ("hebrew", "he"),
        ("thai", "th"),
        ("american sign language", "ase"),
        ("asl", "ase"),
        // As a Spanish page names them.
        ("inglés", "en"),
        ("chino", "zh"),
        ("mandarín", "cmn"),
        ("cantonés", "yue"),
        ("vietnamita", "vi"),
        ("tagalo", "tl"),
        ("coreano", "ko"),
        ("ruso", "ru"),
        ("árabe", "ar"),
        ("francés", "fr"),
        ("criollo haitiano", "ht"),
        ("alemán", "de"),
        ("japonés", "ja"),
        ("polaco", "pl"),
        ("italiano", "it"),
        ("somalí", "so"),
        ("ucraniano", "uk"),
        ("lengua de señas americana", "ase"),
    ];
    let lower = name.trim().to_lowercase();
    CODES.iter().find(|(known, _)| *known == lower).map_or_else(
        || json!({ "@type": "Language", "name": name }),
        |(_, code)| json!(code),
    )
}

fn postal_address(location: &PracticeLocation) -> Value {
    let address = &location.address;
    json!({
        "@type": "PostalAddress",
        "streetAddress": address.street,
        "addressLocality": address.city,
        "addressRegion": address.region,
        "postalCode": address.postal_code,
        "addressCountry": address.country,
    })
}

fn opening_hours(hours: &Hours) -> Value {
    let day = |d: &Weekday| {
        let name = [
            "Monday",
            "Tuesday",
            "Wednesday",
            "Thursday",
            "Friday",
            "Saturday",
            "Sunday",
        ][*d as usize];
        format!("https://schema.org/{name}")
    };
    let time = |t: TimeOfDay| t.iso();
    json!({
        "@type": "OpeningHoursSpecification",
        "dayOfWeek": hours.days.iter().map(day).collect::<Vec<_>>(),
        "opens": time(hours.opens),
        "closes": time(hours.closes),
    })
}

/// Home, then each section above the page, then the page.
fn breadcrumbs(site: &Site, id: PageId) -> Value {
    let mut chain = vec![id];
    let mut at = site.pages[id].parent;
    while let Some(parent) = at {
        chain.push(parent);
        at = site.pages[parent].parent;
    }
    if let Some(home) = site.home(&site.pages[id].lang)
        && !chain.contains(&home)
    {
        chain.push(home);
    }
    chain.reverse();
    let items: Vec<Value> = chain
        .iter()
        .enumerate()
        .map(|(i, &page)| {
            json!({
                "@type": "ListItem",
                "position": i + 1,
                "name": site.pages[page].meta.title,
                "item": site.config.base_url.permalink(&site.pages[page].url),
            })
        })
        .collect();
    json!({ "@type": "BreadcrumbList", "itemListElement": items })
}

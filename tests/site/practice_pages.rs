//! The practice's own pages made from data: locations (with hours, holidays, access notes) and providers
//! (typed front matter), and the structured data that describes them.

use crate::harness::SiteTest;

/// The `<main>` element of a built page.
fn main_of(html: &str) -> &str {
    let start = html.find("<main").expect("a <main> element");
    let end = html.find("</main>").expect("the end of <main>") + "</main>".len();
    &html[start..end]
}

/// Every JSON-LD document of a page, parsed.
fn json_ld(html: &str) -> Vec<serde_json::Value> {
    let marker = r#"<script type="application/ld+json">"#;
    html.match_indices(marker)
        .map(|(at, _)| {
            let start = at + marker.len();
            let end = start
                + html[start..]
                    .find("</script>")
                    .expect("the end of the script");
            serde_json::from_str(&html[start..end])
                .unwrap_or_else(|e| panic!("invalid JSON-LD ({e}): {}", &html[start..end]))
        })
        .collect()
}

fn nodes_of_type<'a>(documents: &'a [serde_json::Value], kind: &str) -> Vec<&'a serde_json::Value> {
    documents
        .iter()
        .flat_map(|d| d["@graph"].as_array().into_iter().flatten())
        .filter(|n| n["@type"] == kind)
        .collect()
}

const PROVIDER: &str = "---
title: Lena Ortiz, MD
weight: 1
provider:
  name: Lena Ortiz
  credentials: [MD]
  role: Pediatrician
  specialties: [Pediatric]
  languages: [English, Spanish]
  npi: \"1234567893\"
  locations: [main]
  photo: { src: /images/dot.svg, alt: \"A blue dot standing in for Dr. Ortiz's photo\" }
  accepting_new_patients: true
---
Dr. Ortiz cares for newborns and teens.
";

fn site_with_provider(front_matter: &str) -> SiteTest {
    let site = SiteTest::fixture("basic");
    site.write(
        "content/providers/_index.md",
        "---\ntitle: Our doctors\nweight: 15\n---\n",
    );
    site.write("content/providers/lena-ortiz.md", front_matter);
    site
}

#[test]
fn each_location_has_a_page_and_the_list_links_them() {
    let site = SiteTest::fixture("basic");
    site.build_ok();
    let list = site.output("locations/index.html");
    assert!(
        list.contains(r#"href="/locations/main/""#),
        "the list links to the location"
    );
    let page = site.output("locations/main/index.html");
    assert!(page.contains("40 Maple St") && page.contains(r#"href="tel:+15035550110""#));
    assert!(
        page.contains("https://www.openstreetmap.org/search?query="),
        "a plain directions link"
    );
    assert!(
        site.root
            .join("public/es/locations/main/index.html")
            .is_file()
    );
}

#[test]
fn location_pages_show_holidays_access_notes_and_portal_links() {
    let site = SiteTest::fixture("basic");
    let config = site.read("portico.yaml").replace(
        "      - { days: [Sa], opens: \"09:00\", closes: \"12:00\" }\n",
        "      - { days: [Sa], opens: \"09:00\", closes: \"12:00\" }\n    holidays:\n      - { from: 2026-12-24, through: 2026-12-25, label: { en: Winter break, es: Vacaciones de invierno } }\n      - { from: 2026-12-31, opens: \"08:30\", closes: \"12:00\" }\n    accessibility: { en: No steps at the side door., es: Sin escalones en la puerta lateral. }\n    parking: Free lot behind the building.\n    geo: { latitude: 44.9429, longitude: -123.0351 }\n",
    );
    site.write("portico.yaml", &(config + "portal:\n  vendor: drchrono\n  login_url: https://www.onpatient.com/login/\n  verified: 2026-11-01\n"));
    site.build_ok();
    let page = site.output("locations/main/index.html");
    for needle in [
        "Winter break",
        "No steps at the side door.",
        "Free lot behind the building.",
        r#"href="https://www.onpatient.com/login/""#,
    ] {
        assert!(page.contains(needle), "the location page lacks {needle}");
    }
    assert!(
        site.output("es/locations/main/index.html")
            .contains("Vacaciones de invierno")
    );
    insta::assert_snapshot!("location_page", main_of(&page));
    let documents = json_ld(&page);
    let clinic = nodes_of_type(&documents, "MedicalClinic");
    let clinic = clinic
        .first()
        .expect("the location as a MedicalClinic node");
    assert_eq!(clinic["geo"]["latitude"], 44.9429);
    let specs = clinic["openingHoursSpecification"].as_array().unwrap();
    assert!(specs.iter().any(|s| s["validFrom"] == "2026-12-24"
        && s["validThrough"] == "2026-12-25"
        && s["opens"] == "00:00"));
    assert!(
        specs
            .iter()
            .any(|s| s["validFrom"] == "2026-12-31" && s["opens"] == "08:30")
    );
}

#[test]
fn hours_past_midnight_and_lunch_breaks_are_allowed_overlaps_are_not() {
    let site = SiteTest::fixture("basic");
    let hours = "      - { days: [Sa], opens: \"09:00\", closes: \"12:00\" }\n";
    site.write(
        "portico.yaml",
        &site.read("portico.yaml").replace(hours, &format!("{hours}      - {{ days: [Sa], opens: \"13:00\", closes: \"16:00\" }}\n      - {{ days: [Fr], opens: \"22:00\", closes: \"02:00\", overnight: true }}\n")),
    );
    site.build_ok();
    let overlapping = SiteTest::fixture("basic");
    overlapping.write(
        "portico.yaml",
        &overlapping.read("portico.yaml").replace(
            hours,
            &format!("{hours}      - {{ days: [Sa], opens: \"11:00\", closes: \"14:00\" }}\n"),
        ),
    );
    let misspelt = SiteTest::fixture("basic");
    misspelt.write(
        "portico.yaml",
        &misspelt
            .read("portico.yaml")
            .replace("days: [Sa]", "days: [Sat]"),
    );
    let errors = misspelt.build().expect_err("an unknown day");
    let error = &errors.errors()[0];
    assert!(
        error.message().contains("unknown value `Sat`")
            && error.help() == Some("did you mean `Sa`?"),
        "{error}"
    );
    assert_eq!(error.location().and_then(|l| l.line), Some(21));
    let errors = overlapping.build().expect_err("overlapping hours");
    let error = &errors.errors()[0];
    assert!(
        error.message().contains("overlap other hours on Sa"),
        "{error}"
    );
    assert_eq!(error.location().and_then(|l| l.line), Some(22));
}

#[test]
fn a_provider_page_shows_the_clinician_and_describes_them_for_search_engines() {
    let site = site_with_provider(PROVIDER);
    site.build_ok();
    let page = site.output("providers/lena-ortiz/index.html");
    assert!(page.contains("Pediatrician"), "the role is shown");
    insta::assert_snapshot!("provider_page", main_of(&page));
    let documents = json_ld(&page);
    let physician = nodes_of_type(&documents, "IndividualPhysician");
    let physician = physician.first().expect("an IndividualPhysician node");
    assert_eq!(physician["usNPI"], "1234567893");
    assert_eq!(
        physician["medicalSpecialty"][0],
        "https://schema.org/Pediatric"
    );
    assert_eq!(
        physician["practicesAt"][0]["@id"],
        "https://www.maplestreetkids.example/locations/main/#location"
    );
    let list = site.output("providers/index.html");
    assert!(
        list.contains(r#"href="/providers/lena-ortiz/""#),
        "the listing links to the provider"
    );
}

#[test]
fn provider_mistakes_are_located_with_a_fix() {
    let cases = [
        (
            PROVIDER.replace("locations: [main]", "locations: [mian]"),
            "there is no location `mian`",
            11,
        ),
        (
            PROVIDER.replace("1234567893", "1234567890"),
            "its check digit is wrong",
            10,
        ),
        (
            PROVIDER.replace(
                ", alt: \"A blue dot standing in for Dr. Ortiz's photo\"",
                ", alt: \" \"",
            ),
            "`alt` text is empty",
            12,
        ),
        (
            PROVIDER.replace(
                ", alt: \"A blue dot standing in for Dr. Ortiz's photo\"",
                "",
            ),
            "missing key `alt`",
            12,
        ),
        (
            PROVIDER.replace("/images/dot.svg", "/images/ortiz.jpg"),
            "is not a file of the site",
            12,
        ),
        (
            PROVIDER.replace("[Pediatric]", "[Pediatrics]"),
            "unknown specialty `Pediatrics`",
            8,
        ),
    ];
    for (front_matter, message, line) in cases {
        let site = site_with_provider(&front_matter);
        let errors = site.build().expect_err(message);
        let error = errors
            .errors()
            .iter()
            .find(|e| e.to_string().contains(message))
            .unwrap_or_else(|| panic!("no {message:?} in:\n{errors}"));
        let location = error.location().expect("a location");
        assert!(
            location.path.ends_with("content/providers/lena-ortiz.md"),
            "{error}"
        );
        assert_eq!(location.line, Some(line), "{message}: {error}");
        assert!(
            location.column.is_some() && error.help().is_some(),
            "{error}"
        );
    }
}

#[test]
fn every_json_ld_block_of_the_example_parses_and_has_what_its_type_needs() {
    let site = SiteTest::example();
    let mut options = site.options();
    options.overrides.today = portico::config::Date::parse("2026-11-25").ok();
    portico::build(&options).unwrap_or_else(|d| panic!("{d}"));
    let mut seen = std::collections::BTreeSet::new();
    for (path, bytes) in crate::harness::tree(&site.root.join("public")) {
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8(bytes).expect("UTF-8");
        // The 404 pages (`404.html`, `es/404.html`) and alias redirects describe nothing.
        if path.ends_with("404.html") || html.contains("http-equiv=\"refresh\"") {
            continue;
        }
        let documents = json_ld(&html);
        assert!(!documents.is_empty(), "{path} has no structured data");
        for document in &documents {
            assert_eq!(document["@context"], "https://schema.org", "{path}");
            for node in document["@graph"].as_array().expect("a graph") {
                let kind = node["@type"].as_str().expect("a type");
                seen.insert(kind.to_owned());
                match kind {
                    "MedicalOrganization" => {
                        for key in ["@id", "name", "telephone", "department", "medicalSpecialty"] {
                            assert!(node.get(key).is_some(), "{path}: {kind} lacks {key}");
                        }
                    }
                    "MedicalWebPage" => {
                        for key in ["@id", "name", "inLanguage", "audience"] {
                            assert!(node.get(key).is_some(), "{path}: {kind} lacks {key}");
                        }
                    }
                    "MedicalClinic" => {
                        for key in ["@id", "name", "telephone"] {
                            assert!(node.get(key).is_some(), "{path}: {kind} lacks {key}");
                        }
                        if node.get("address").is_some() {
                            assert_eq!(node["address"]["@type"], "PostalAddress", "{path}");
                            assert!(
                                node["openingHoursSpecification"]
                                    .as_array()
                                    .is_some_and(|h| !h.is_empty()),
                                "{path}"
                            );
                        }
                    }
                    "IndividualPhysician" => {
                        for key in [
                            "@id",
                            "name",
                            "medicalSpecialty",
                            "practicesAt",
                            "address",
                            "telephone",
                        ] {
                            assert!(node.get(key).is_some(), "{path}: {kind} lacks {key}");
                        }
                        assert!(
                            node.get("honorificSuffix").is_none(),
                            "{path}: a Person property"
                        );
                        for language in node["knowsLanguage"].as_array().expect("languages") {
                            let code = language.as_str().expect("a language code");
                            assert!(
                                code.len() <= 3 && code == code.to_lowercase(),
                                "{path}: {code}"
                            );
                        }
                        if path.starts_with("es/") {
                            let es = node["description"].as_str().unwrap_or_default();
                            assert!(
                                !es.is_empty() && !es.contains(" the "),
                                "{path}: the Spanish page's description: {es}"
                            );
                        }
                    }
                    "BreadcrumbList" => assert!(
                        node["itemListElement"]
                            .as_array()
                            .is_some_and(|l| l.len() >= 2),
                        "{path}"
                    ),
                    other => panic!("{path}: unexpected type {other}"),
                }
            }
        }
    }
    for kind in [
        "MedicalOrganization",
        "MedicalClinic",
        "IndividualPhysician",
        "MedicalWebPage",
        "BreadcrumbList",
    ] {
        assert!(seen.contains(kind), "no {kind} anywhere in the example");
    }
}

#[test]
fn every_provider_is_on_every_languages_directory_and_check_counts_what_is_untranslated() {
    let site = SiteTest::example();
    std::fs::remove_file(site.root.join("content/providers/samuel-park.es.md")).unwrap();
    let run = site.run_dated(&["build", "--root", "site"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let directory = site.output("es/providers/index.html");
    let card = directory
        .split("<li ")
        .find(|card| card.contains("href=\"/providers/samuel-park/\""))
        .expect("the untranslated provider is on the Spanish directory");
    assert!(
        card.contains(r#"lang="en""#),
        "marked in its own language: {card}"
    );
    assert!(card.contains(r#"hreflang="en""#), "{card}");
    assert!(card.contains("todavía no está traducida"), "{card}");
    let english = site.output("providers/index.html");
    assert!(
        !english.contains(r#"provider-card" lang="#),
        "cards in the page's own language are plain"
    );

    let check = site.run_dated(&["check", "--root", "site", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&check.stdout).unwrap();
    let finding = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "i18n/untranslated")
        .unwrap_or_else(|| panic!("a warning per language: {}", check.stdout));
    assert_eq!(finding["level"], "warning");
    let message = finding["message"].as_str().unwrap();
    assert!(
        message.starts_with("1 page in `en` has no `es` translation"),
        "{message}"
    );
    assert!(
        message.contains("content/providers/samuel-park.md"),
        "{message}"
    );
}

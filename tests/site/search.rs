//! `search`: a search page and an index per language, a header box that is only a form, the search
//! page the one page with a script, in both themes and under a subpath.

use std::collections::BTreeSet;

use crate::harness::SiteTest;

/// The `basic` fixture with a Spanish news post whose words have accents.
fn with_spanish_post() -> SiteTest {
    let site = SiteTest::fixture("basic");
    site.write(
        "content/news/_index.es.md",
        "---\ntitle: Noticias\nsort_by: date\n---\n",
    );
    site.write(
        "content/news/flu-clinic.es.md",
        "---\ntitle: Vacunas el sábado\ndate: 2026-10-03\n---\nVacunación contra la gripe para toda la familia.\n",
    );
    site
}

/// The pages (address, title, excerpt) whose words start with `word`, read from a language's index the
/// way the search page's script reads it: the word's terms file, its gaps added up, then the pages files.
fn lookup(site: &SiteTest, folder: &str, word: &str) -> Vec<(String, String, String)> {
    let first = word.chars().next().expect("a word");
    let terms: serde_json::Value =
        serde_json::from_str(&site.output(&format!("{folder}terms-{first}.json")))
            .expect("a terms file");
    let mut ids = BTreeSet::new();
    for (term, gaps) in terms["w"].as_object().expect("words") {
        if term.starts_with(word) {
            let mut id = 0;
            for gap in gaps.as_array().expect("gaps") {
                id += gap.as_u64().expect("a number");
                ids.insert(id);
            }
        }
    }
    ids.into_iter()
        .map(|id| {
            let pages: Vec<(String, String, String)> =
                serde_json::from_str(&site.output(&format!("{folder}pages-{}.json", id / 100)))
                    .expect("a pages file");
            pages[usize::try_from(id % 100).unwrap()].clone()
        })
        .collect()
}

fn urls(found: &[(String, String, String)]) -> Vec<&str> {
    found.iter().map(|(url, _, _)| url.as_str()).collect()
}

#[test]
fn each_language_gets_a_search_page_and_an_index_of_its_own_pages() {
    for theme in ["clinic", "harbor"] {
        let site = with_spanish_post();
        site.edit("portico.yaml", "theme: clinic", &format!("theme: {theme}"));
        site.build_ok();

        let page = site.output("search/index.html");
        assert!(
            page.contains("<form id=\"search-form\" class=\"search-form\" role=\"search\" action=\"/search/\" method=\"get\""),
            "{theme}: {page}"
        );
        assert!(page.contains("<h1>Search this site</h1>"), "{theme}");
        assert!(page.contains("data-index=\"/search/\""), "{theme}");
        assert!(
            page.contains("data-many=\"{count} pages found for “{query}”.\""),
            "{theme}: the script's messages come from the string table"
        );
        // Without script the page says so and links the site's main pages.
        assert!(
            page.contains("Search needs JavaScript") && page.contains("href=\"/services/\""),
            "{theme}"
        );

        // The flu post is found by the start of a word of its text, with its title and excerpt.
        let found = lookup(&site, "search/", "flu");
        assert!(
            found.contains(&(
                "/news/flu-clinic/".to_owned(),
                "Flu clinic on Saturday".to_owned(),
                "Flu shots for the whole family. No appointment needed.".to_owned()
            )),
            "{theme}: {found:?}"
        );
        assert_eq!(
            urls(&lookup(&site, "search/", "appoint")),
            ["/news/flu-clinic/"]
        );

        // Spanish has its own index, and accents do not matter.
        let spanish = site.output("es/search/index.html");
        assert!(
            spanish.contains("<h1>Buscar en este sitio</h1>")
                && spanish.contains("action=\"/es/search/\""),
            "{theme}"
        );
        assert_eq!(
            urls(&lookup(&site, "es/search/", "vacunacion")),
            ["/es/news/flu-clinic/"]
        );
        assert!(lookup(&site, "search/", "vacunacion").is_empty(), "{theme}");
    }
}

#[test]
fn titles_rank_and_lists_topics_and_the_not_found_page_are_left_out() {
    let site = with_spanish_post();
    site.edit("content/news/_index.md", "---\n", "---\npaginate_by: 1\n");
    site.edit(
        "content/news/flu-clinic.md",
        "date: 2026-10-03\n",
        "date: 2026-10-03\ntags: [Flu shots]\n",
    );
    site.write(
        "content/404.md",
        "---\ntitle: Page not found\n---\nThe flu page moved.\n",
    );
    site.build_ok();

    let terms: serde_json::Value =
        serde_json::from_str(&site.output("search/terms-f.json")).expect("terms");
    let pages: Vec<(String, String, String)> =
        serde_json::from_str(&site.output("search/pages-0.json")).expect("pages");
    let titled: Vec<&str> = terms["t"]["flu"]
        .as_array()
        .expect("title words")
        .iter()
        .scan(0, |id, gap| {
            *id += gap.as_u64().unwrap();
            Some(pages[usize::try_from(*id).unwrap()].0.as_str())
        })
        .collect();
    assert_eq!(titled, ["/news/flu-clinic/"]);

    let everything: Vec<&str> = pages.iter().map(|(url, _, _)| url.as_str()).collect();
    assert_eq!(everything[0], "/", "the home page first");
    for left_out in [
        "/news/page/2/",
        "/tags/",
        "/tags/flu-shots/",
        "/404.html",
        "/search/",
    ] {
        assert!(
            !everything.contains(&left_out),
            "{left_out}: {everything:?}"
        );
    }
    assert!(everything.contains(&"/news/") && everything.contains(&"/about/"));
}

#[test]
fn the_header_box_is_a_form_and_only_the_search_page_loads_a_script() {
    for theme in ["clinic", "harbor"] {
        let site = with_spanish_post();
        site.edit("portico.yaml", "theme: clinic", &format!("theme: {theme}"));
        site.write(
            "content/pay-my-bill.md",
            "---\ntitle: Pay my bill\n---\nCall us to pay by phone.\n",
        );
        site.build_ok();

        let home = site.output("index.html");
        assert!(
            home.contains("<form class=\"search-box\" role=\"search\" action=\"/search/\" method=\"get\" aria-label=\"Search this site\">"),
            "{theme}: {home}"
        );
        assert!(home.contains("name=\"q\""), "{theme}");
        assert!(
            site.output("es/index.html").contains(
                "action=\"/es/search/\" method=\"get\" aria-label=\"Buscar en este sitio\""
            ),
            "{theme}"
        );
        // The search page has its own form and no second search landmark; a sensitive page (here one
        // for paying a bill), where patients type payment details, has no text field of ours at all.
        let page = site.output("search/index.html");
        assert!(!page.contains("class=\"search-box\""), "{theme}");
        assert!(
            !site.output("pay-my-bill/index.html").contains("<input"),
            "{theme}"
        );

        let script = regex_lite::Regex::new(r#"<script src="([^"]+)""#).unwrap();
        for (path, bytes) in site.output_tree() {
            if !path.ends_with(".html") {
                continue;
            }
            let html = String::from_utf8_lossy(&bytes);
            let scripts: Vec<&str> = script
                .captures_iter(&html)
                .map(|c| c.get(1).unwrap().as_str())
                .collect();
            if path.ends_with("search/index.html") {
                assert_eq!(scripts.len(), 1, "{theme}: {path}");
                assert!(
                    scripts[0].starts_with("/search/search.") && scripts[0].ends_with(".js"),
                    "{theme}: the script is fingerprinted: {scripts:?}"
                );
                assert!(html.contains("integrity=\"sha384-"), "{theme}");
            } else {
                assert!(scripts.is_empty(), "{theme}: {path} loads {scripts:?}");
            }
        }
    }
}

#[test]
fn search_follows_the_subpath() {
    let site = with_spanish_post();
    site.edit(
        "portico.yaml",
        "base_url: https://www.maplestreetkids.example",
        "base_url: https://agency.example/maple/",
    );
    site.build_ok();
    let page = site.output("search/index.html");
    assert!(
        page.contains("action=\"/maple/search/\"")
            && page.contains("data-index=\"/maple/search/\""),
        "{page}"
    );
    assert!(
        page.contains("<script src=\"/maple/search/search."),
        "{page}"
    );
    assert_eq!(
        urls(&lookup(&site, "search/", "appointment")),
        ["/maple/news/flu-clinic/"]
    );
    assert!(
        site.output("about/index.html")
            .contains("action=\"/maple/search/\"")
    );
}

#[test]
fn a_site_page_at_search_gives_the_page_its_text() {
    let site = with_spanish_post();
    site.write(
        "content/search.md",
        "---\ntitle: Find a page\n---\nCall us if you cannot find what you need.\n",
    );
    site.build_ok();
    let page = site.output("search/index.html");
    assert!(page.contains("<h1>Find a page</h1>"), "{page}");
    assert!(page.contains("Call us if you cannot find what you need."));
    assert!(page.contains("id=\"search-form\""));
}

#[test]
fn another_page_at_search_is_an_error_naming_it() {
    let site = with_spanish_post();
    site.write(
        "content/search/_index.md",
        "---\ntitle: Find us\n---\nOur offices.\n",
    );
    let errors = site.build().expect_err("two pages at /search/").to_string();
    assert!(
        errors.contains("/search/") && errors.contains("search: { enabled: false }"),
        "{errors}"
    );
}

#[test]
fn search_can_be_turned_off_and_its_table_is_strict() {
    let site = with_spanish_post();
    site.edit(
        "portico.yaml",
        "seo:\n",
        "search:\n  enabled: false\nseo:\n",
    );
    site.build_ok();
    assert!(!site.output_tree().keys().any(|p| p.contains("search")));
    assert!(!site.output("index.html").contains("search-box"));

    site.edit("portico.yaml", "  enabled: false\n", "  enable: false\n");
    let errors = site.build().expect_err("an unknown key").to_string();
    assert!(
        errors.contains("portico.yaml:23") && errors.contains("enable"),
        "{errors}"
    );
}

#[test]
fn the_index_files_of_a_small_site() {
    let site = with_spanish_post();
    site.build_ok();
    let tree = site.output_tree();
    let files: Vec<String> = tree
        .iter()
        .filter(|(path, _)| path.contains("search/") && path.ends_with(".json"))
        .map(|(path, bytes)| format!("{path}\n{}\n", String::from_utf8_lossy(bytes)))
        .collect();
    insta::assert_snapshot!(files.join("\n"));
}

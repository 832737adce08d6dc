//! `paginate_by`: a long section list split into pages at `/news/page/2/`, linked with rel prev/next and
//! numbered links a screen reader names, in the sitemap, in both themes and every language.

use crate::harness::SiteTest;

/// The `basic` fixture with `count` more English news posts (`Post 1` on September 1st, ...), listed
/// `per_page` at a time.
fn with_posts(count: u32, per_page: u32) -> SiteTest {
    let site = SiteTest::fixture("basic");
    site.edit(
        "content/news/_index.md",
        "sort_by: date\n",
        &format!("sort_by: date\npaginate_by: {per_page}\n"),
    );
    for day in 1..=count {
        site.write(
            &format!("content/news/post-{day}.md"),
            &format!("---\ntitle: Post {day}\ndate: 2026-09-0{day}\n---\nNews of day {day}.\n"),
        );
    }
    site
}

/// Seven dated news posts in English (the fixture's two and five more), listed three at a time, and
/// three in Spanish, listed two at a time.
fn with_news() -> SiteTest {
    let site = with_posts(5, 3);
    site.write(
        "content/news/_index.es.md",
        "---\ntitle: Noticias\nsort_by: date\npaginate_by: 2\n---\nLo último de la clínica.\n",
    );
    for day in 1..=3 {
        site.write(
            &format!("content/news/post-{day}.es.md"),
            &format!("---\ntitle: Noticia {day}\ndate: 2026-09-0{day}\n---\nTexto.\n"),
        );
    }
    site
}

/// The titles of the list items in a built section page, in order.
fn listed(html: &str) -> Vec<String> {
    html.split("<h3><a href=\"")
        .skip(1)
        .map(|rest| {
            let title = rest.split_once("\">").map_or("", |(_, t)| t);
            title.split('<').next().unwrap_or_default().to_owned()
        })
        .collect()
}

#[test]
fn a_long_list_is_split_into_numbered_pages_with_prev_and_next() {
    let site = with_news();
    site.build_ok();
    // Seven posts (the draft left out), newest first, three to a page.
    let first = site.output("news/index.html");
    assert_eq!(
        listed(&first),
        ["Flu clinic on Saturday", "Post 5", "Post 4"]
    );
    let second = site.output("news/page/2/index.html");
    assert_eq!(listed(&second), ["Post 3", "Post 2", "Post 1"]);
    let third = site.output("news/page/3/index.html");
    assert_eq!(listed(&third), ["A new doctor joins us"]);
    assert!(!site.root.join("public/news/page/4").exists());
    assert!(
        !site.root.join("public/news/page/1").exists(),
        "the first page is the section's own address"
    );

    // The section's text is on the first page only; each page says where it stands.
    assert!(
        second.contains("<title>News, page 2 of 3 | Maple Street Pediatrics</title>"),
        "{second}"
    );
    assert!(second.contains("<p class=\"pagination-status\">Page 2 of 3</p>"));
    assert!(
        second.contains("<nav class=\"pagination\" aria-label=\"Pages of this list\">"),
        "{second}"
    );
    assert!(second.contains("<link rel=\"prev\" href=\"/news/\">"));
    assert!(second.contains("<link rel=\"next\" href=\"/news/page/3/\">"));
    assert!(
        second.contains(
            "<a href=\"/news/page/2/\" aria-label=\"Page 2\" aria-current=\"page\">2</a>"
        )
    );
    assert!(second.contains("<a href=\"/news/\" rel=\"prev\">Previous page</a>"));
    assert!(first.contains("<link rel=\"next\" href=\"/news/page/2/\">"));
    assert!(!first.contains("rel=\"prev\""));
    assert!(!third.contains("rel=\"next\""));
    assert!(
        third.contains(
            "<link rel=\"canonical\" href=\"https://www.maplestreetkids.example/news/page/3/\">"
        ),
        "each page of the list is its own canonical page"
    );

    // Spanish has its own list, in its own words, with two to a page.
    let spanish = site.output("es/news/page/2/index.html");
    assert_eq!(listed(&spanish), ["Noticia 1"]);
    assert!(spanish.contains("<p class=\"pagination-status\">Página 2 de 2</p>"));
    assert!(!spanish.contains("Lo último de la clínica"));
    assert!(
        site.output("es/news/index.html")
            .contains("Lo último de la clínica")
    );
    assert!(
        spanish
            .contains("hreflang=\"en\" href=\"https://www.maplestreetkids.example/news/page/2/\""),
        "page 2 of the Spanish list and of the English one are translations: {spanish}"
    );

    let sitemap = site.output("sitemap.xml");
    for url in ["/news/page/2/", "/news/page/3/", "/es/news/page/2/"] {
        assert!(
            sitemap.contains(&format!("https://www.maplestreetkids.example{url}")),
            "{url} in {sitemap}"
        );
    }
    let feed = site.output("news/atom.xml");
    assert_eq!(
        feed.matches("<entry>").count(),
        7,
        "the feed is never split"
    );
}

#[test]
fn the_harbor_theme_splits_a_list_with_the_same_links() {
    let site = with_news();
    site.edit("portico.yaml", "theme: clinic", "theme: harbor");
    site.build_ok();
    let second = site.output("news/page/2/index.html");
    assert!(second.contains("<p class=\"pagination-status\">Page 2 of 3</p>"));
    assert!(second.contains("<link rel=\"prev\" href=\"/news/\">"));
    assert!(second.contains("<a href=\"/news/page/3/\" aria-label=\"Page 3\">3</a>"));
    assert!(second.contains("Post 3"), "{second}");
    assert!(!second.contains("Post 5") && !second.contains("Flu clinic on Saturday"));
}

#[test]
fn a_list_of_many_pages_links_the_ends_and_the_neighbours_only() {
    let site = with_posts(9, 1);
    site.build_ok();
    // Eleven pages; page 6 links 1, 4 to 8, and 11, with a gap on each side.
    let page = site.output("news/page/6/index.html");
    let numbers: Vec<&str> = page
        .split("aria-label=\"Page ")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap_or_default())
        .collect();
    assert_eq!(numbers, ["1", "4", "5", "6", "7", "8", "11"], "{page}");
    assert_eq!(page.matches("<li aria-hidden=\"true\">…</li>").count(), 2);
}

#[test]
fn paginate_by_on_a_page_or_zero_is_an_error_at_its_line() {
    let site = SiteTest::fixture("basic");
    site.write(
        "content/about.md",
        "---\ntitle: About us\npaginate_by: 5\n---\nHello.\n",
    );
    let error = site.build().unwrap_err().to_string();
    assert!(
        error.contains("about.md:3:14")
            && error.contains("`paginate_by` belongs in a folder's _index.md"),
        "{error}"
    );

    let site = SiteTest::fixture("basic");
    site.edit(
        "content/news/_index.md",
        "sort_by: date\n",
        "sort_by: date\npaginate_by: 0\n",
    );
    let error = site.build().unwrap_err().to_string();
    assert!(
        error.contains("news/_index.md:5:14") && error.contains("must be 1 or more"),
        "{error}"
    );
}

#[test]
fn a_page_in_the_way_of_a_list_page_is_an_error_at_paginate_by() {
    let site = with_news();
    site.write(
        "content/news/page/2.md",
        "---\ntitle: In the way\n---\nText.\n",
    );
    let error = site.build().unwrap_err().to_string();
    assert!(
        error.contains("news/_index.md:5:14") && error.contains("page 2 of this section's list"),
        "{error}"
    );
}

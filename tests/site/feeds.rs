//! `feeds`: the news section's Atom feed and JSON Feed in each language, read back by a real feed parser
//! (Python's feedparser, which CI installs; without it the test fails and says how to install it).

use std::process::Command;

use crate::harness::SiteTest;

/// What Python's feedparser makes of a feed: whether it found a problem (`bozo`), the feed's title and
/// each entry's title, link and updated time.
fn parse_feed(path: &std::path::Path) -> serde_json::Value {
    let script = r#"
import json, sys
try:
    import feedparser
except ImportError:
    sys.exit("the feed tests need Python's feedparser: python3 -m pip install feedparser==6.0.14 (.ci/run does this)")
d = feedparser.parse(open(sys.argv[1], encoding="utf-8").read())
print(json.dumps({
    "bozo": bool(d.bozo),
    "problem": str(d.get("bozo_exception", "")),
    "version": d.version,
    "title": d.feed.get("title"),
    "entries": [{"title": e.title, "link": e.link, "updated": e.get("updated"), "content": e.content[0].value if "content" in e else ""} for e in d.entries],
}))
"#;
    let output = Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(path)
        .output()
        .expect("run python3");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("the script's JSON")
}

#[test]
fn the_news_feeds_parse_with_absolute_addresses_in_each_language() {
    let site = SiteTest::fixture("basic");
    site.write(
        "content/news/_index.es.md",
        "---\ntitle: Noticias\nsort_by: date\n---\n",
    );
    site.write(
        "content/news/flu-clinic.es.md",
        "---\ntitle: Vacunas contra la gripe el sábado\ndate: 2026-10-03\n---\nVea [quiénes somos](@/about.es.md).\n",
    );
    site.build_ok();

    let english = parse_feed(&site.root.join("public/news/atom.xml"));
    assert_eq!(english["bozo"], false, "{english}");
    assert_eq!(english["version"], "atom10");
    assert_eq!(english["title"], "News | Maple Street Pediatrics");
    let entries = english["entries"].as_array().expect("entries");
    // Newest first; the draft is not in it.
    let titles: Vec<&str> = entries
        .iter()
        .map(|e| e["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, ["Flu clinic on Saturday", "A new doctor joins us"]);
    assert_eq!(
        entries[0]["link"],
        "https://www.maplestreetkids.example/news/flu-clinic/"
    );
    assert_eq!(entries[1]["updated"], "2026-06-20T00:00:00Z");
    assert!(
        entries[0]["content"]
            .as_str()
            .unwrap()
            .contains("No appointment needed."),
        "the whole text by default: {english}"
    );

    let spanish = parse_feed(&site.root.join("public/es/news/atom.xml"));
    assert_eq!(spanish["bozo"], false, "{spanish}");
    assert_eq!(spanish["title"], "Noticias | Maple Street Pediatrics");
    let content = spanish["entries"][0]["content"].as_str().unwrap();
    assert!(
        content.contains("href=\"https://www.maplestreetkids.example/es/about/\""),
        "{content}"
    );

    let json: serde_json::Value =
        serde_json::from_str(&site.output("news/feed.json")).expect("JSON Feed");
    assert_eq!(json["version"], "https://jsonfeed.org/version/1.1");
    assert_eq!(
        json["feed_url"],
        "https://www.maplestreetkids.example/news/feed.json"
    );
    assert_eq!(json["items"].as_array().map(Vec::len), Some(2));

    // The section's page and its pages link to their language's feeds; other pages do not.
    let head_link = "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Noticias | Maple Street Pediatrics\" href=\"/es/news/atom.xml\">";
    assert!(site.output("es/news/index.html").contains(head_link));
    assert!(
        site.output("es/news/flu-clinic/index.html")
            .contains(head_link)
    );
    assert!(
        !site
            .output("about/index.html")
            .contains("application/atom+xml")
    );
    assert!(!site.output("sitemap.xml").contains("atom.xml"));
}

#[test]
fn a_summary_feed_under_a_subpath_in_the_tera_theme() {
    let site = SiteTest::fixture("basic");
    site.edit("portico.yaml", "theme: clinic", "theme: harbor");
    site.edit(
        "portico.yaml",
        "base_url: https://www.maplestreetkids.example",
        "base_url: https://agency.example/maple/",
    );
    site.write(
        "portico.yaml",
        &(site.read("portico.yaml") + "feeds:\n  content: summary\n  limit: 1\n"),
    );
    site.build_ok();
    let feed = parse_feed(&site.root.join("public/news/atom.xml"));
    assert_eq!(feed["bozo"], false, "{feed}");
    let entries = feed["entries"].as_array().expect("entries");
    assert_eq!(entries.len(), 1, "limit: 1");
    assert_eq!(
        entries[0]["link"],
        "https://agency.example/maple/news/flu-clinic/"
    );
    let content = entries[0]["content"].as_str().unwrap();
    assert!(
        content.contains("Flu shots for the whole family.") && !content.contains("No appointment"),
        "only the text before <!-- more -->: {content}"
    );
    assert!(
        site.output("news/index.html")
            .contains("type=\"application/atom+xml\" title=\"News | Maple Street Pediatrics\" href=\"/maple/news/atom.xml\">")
    );
}

#[test]
fn a_feed_for_a_section_the_site_lacks_is_an_error_at_its_place() {
    let site = SiteTest::fixture("basic");
    site.write(
        "portico.yaml",
        &(site.read("portico.yaml") + "feeds:\n  sections: [news, service]\n  content: some\n"),
    );
    let run = site.run(&["build", "--root", "site"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("content"), "{}", run.stderr);
    site.edit("portico.yaml", "  content: some\n", "");
    let run = site.run(&["build", "--root", "site"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("feeds.sections: the site has no section `service`")
            && run.stderr.contains("did you mean `services`?")
            && run.stderr.contains("site/portico.yaml:"),
        "{}",
        run.stderr
    );
}

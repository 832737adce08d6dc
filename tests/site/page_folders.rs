//! Page folders: `news/open-house/index.md` with its files beside it is the page `/news/open-house/`,
//! listed in its section, and its files are published next to it (pictures through the image pipeline).

use crate::harness::SiteTest;
use crate::images::{exif, jpeg, photo};

const PAGE: &str = "---\ntitle: Open house\ndate: 2026-05-01\n---\n\nCome and see the new office.\n\n![The new waiting room](photo.jpg)\n\n[Read the flyer](flyer.pdf) or [see the map](../../locations/)\n\n{{ figure(src=\"photo.jpg\", alt=\"The waiting room again\") }}\n";

fn folder_site() -> SiteTest {
    let site = SiteTest::fixture("basic");
    site.edit(
        "portico.yaml",
        "theme: clinic",
        "theme: clinic\nimages:\n  formats: [webp]",
    );
    site.write("content/news/open-house/index.md", PAGE);
    site.write(
        "content/news/open-house/index.es.md",
        "---\ntitle: Puertas abiertas\ndate: 2026-05-01\n---\n\n[Lea el folleto](flyer.pdf)\n",
    );
    site.write_bytes(
        "content/news/open-house/photo.jpg",
        &jpeg(&photo(640, 480), vec![(1, exif(1))], None),
    );
    site.write_bytes(
        "content/news/open-house/flyer.pdf",
        b"%PDF-1.4\n%fictional flyer\n",
    );
    site
}

#[test]
fn a_page_folder_is_one_page_at_its_folder_url_with_its_files_beside_it() {
    let site = folder_site();
    site.build_ok();
    let html = site.output("news/open-house/index.html");
    assert!(
        html.contains("<a href=\"/news/open-house/flyer.pdf\">Read the flyer</a>")
            && html.contains("<a href=\"/locations/\">see the map</a>"),
        "relative links become the site's paths: {html}"
    );
    assert!(
        html.contains("<picture><source type=\"image/webp\"")
            && html.contains("alt=\"The new waiting room\""),
        "the picture beside the page goes through the image pipeline: {html}"
    );
    assert!(
        html.contains("<figure class=\"component-figure\">"),
        "a figure names a picture beside its page: {html}"
    );
    let flyer = std::fs::read(site.root.join("public/news/open-house/flyer.pdf")).unwrap();
    assert_eq!(flyer, b"%PDF-1.4\n%fictional flyer\n");
    assert!(
        site.root
            .join("public/es/news/open-house/flyer.pdf")
            .is_file(),
        "each translation has the files beside it"
    );
    let es = site.output("es/news/open-house/index.html");
    assert!(
        es.contains("<a href=\"/es/news/open-house/flyer.pdf\">"),
        "{es}"
    );
    // The photo itself is published cleaned: no EXIF block.
    let photo = std::fs::read(site.root.join("public/news/open-house/photo.jpg")).unwrap();
    assert!(
        !photo.windows(4).any(|w| w == b"Exif"),
        "the photo is cleaned"
    );
    assert!(
        !site
            .root
            .join("public/news/open-house/index/index.html")
            .exists(),
        "index.md is not a page of its own"
    );
    let list = site.output("news/index.html");
    assert!(
        list.contains("href=\"/news/open-house/\"") && list.contains("Open house"),
        "the page is listed in its section: {list}"
    );
}

#[test]
fn a_page_folder_holds_one_page() {
    let site = folder_site();
    site.write(
        "content/news/open-house/schedule.md",
        "---\ntitle: Schedule\n---\n\nText.\n",
    );
    let report = match site.build() {
        Ok(_) => panic!("the build should fail"),
        Err(diagnostics) => diagnostics.to_string(),
    };
    assert!(
        report.contains("schedule.md")
            && report.contains("inside the page folder news/open-house/")
            && report.contains("rename news/open-house/index.md to _index.md"),
        "{report}"
    );
}

#[test]
fn a_draft_page_folder_publishes_none_of_its_files() {
    let site = folder_site();
    site.edit(
        "content/news/open-house/index.md",
        "date: 2026-05-01\n",
        "date: 2026-05-01\ndraft: true\n",
    );
    site.edit(
        "content/news/open-house/index.es.md",
        "date: 2026-05-01\n",
        "date: 2026-05-01\ndraft: true\n",
    );
    site.build_ok();
    assert!(!site.root.join("public/news/open-house").exists());
    assert!(!site.root.join("public/es/news/open-house").exists());
}

#[test]
fn a_file_beside_a_page_and_one_in_static_at_the_same_url_is_an_error() {
    let site = folder_site();
    site.write_bytes("static/news/open-house/flyer.pdf", b"%PDF-1.4\n");
    let report = match site.build() {
        Ok(_) => panic!("the build should fail"),
        Err(diagnostics) => diagnostics.to_string(),
    };
    assert!(
        report.contains("two files would be published at /news/open-house/flyer.pdf"),
        "{report}"
    );
}

#[test]
fn a_draft_sections_files_stay_out_too() {
    let site = SiteTest::fixture("basic");
    site.write(
        "content/events/_index.md",
        "---\ntitle: Events\ndraft: true\n---\n",
    );
    site.write_bytes("content/events/schedule.pdf", b"%PDF-1.4\n");
    site.build_ok();
    assert!(!site.root.join("public/events/schedule.pdf").exists());
    assert!(!site.root.join("public/schedule.pdf").exists());
}

//! Components in markdown: the built-in ones rendered by both engines (snapshots), a site's own, and
//! every way a page can get them wrong (foreign shortcodes, unknown names, bad arguments), each an error
//! at its line and column rather than text on the page.

use crate::harness::SiteTest;

/// A page calling every built-in component, between two marker paragraphs.
const PAGE: &str = r#"---
title: Visit us
---

START

{% callout(kind="warning", title="Before your visit") %}
Bring:

- your insurance card
- a list of medicines
{% end %}

Call {{ phone() }} or {% button(href="/contact/") %}write to us{% end %}.

{{ hours(location="main") }}

{{ map_link() }}

{{ video(url="https://www.youtube.com/watch?v=abc123", title="How to use the portal") }}

Braces as text: \{{ not a component }} and `{{ code }}`.

END
"#;

/// The part of the page between the markers, as it stands.
fn components_of(html: &str) -> String {
    let start = html.find("<p>START</p>").expect("the start marker");
    let end = html.find("<p>END</p>").expect("the end marker");
    html[start..end + "<p>END</p>".len()].to_owned()
}

fn failure(site: &SiteTest) -> String {
    match site.build() {
        Ok(_) => panic!("the build should fail"),
        Err(diagnostics) => diagnostics.to_string(),
    }
}

#[test]
fn the_built_in_components_render_the_same_way_in_both_engines() {
    for theme in ["clinic", "harbor"] {
        let site = SiteTest::fixture("basic");
        site.edit("portico.yaml", "theme: clinic", &format!("theme: {theme}"));
        site.write("content/visit.md", PAGE);
        site.build_ok();
        let html = components_of(&site.output("visit/index.html"));
        // Same bytes from MiniJinja (clinic) and Tera (harbor): one snapshot.
        insta::assert_snapshot!("components_built_in", html);
        assert!(
            html.contains("<li>your insurance card</li>") && !html.contains("<p><div"),
            "{theme}: the body is markdown, and a block is not inside a paragraph: {html}"
        );
        assert!(
            html.contains("{{ not a component }}") && html.contains("<code>{{ code }}</code>"),
            "{theme}: {html}"
        );
    }
}

#[test]
fn a_site_adds_its_own_components_and_replaces_built_in_ones() {
    let site = SiteTest::fixture("basic");
    site.write(
        "templates/components/greeting.html",
        "<p class=\"greeting\">Hello, {{ args.name }}! {{ page.title }}</p>",
    );
    site.write(
        "templates/components/callout.html",
        "<div class=\"my-callout\" data-mood=\"{{ args.mood }}\">{{ body | safe }}</div>",
    );
    site.write(
        "content/visit.md",
        "---\ntitle: Visit us\n---\n\n{{ greeting(name=\"Ana\") }}\n\n{% callout(mood=\"calm\") %}\nBe *calm*.\n{% end %}\n",
    );
    site.build_ok();
    let html = site.output("visit/index.html");
    assert!(
        html.contains("<p class=\"greeting\">Hello, Ana! Visit us</p>"),
        "{html}"
    );
    // The site's callout takes its own arguments: `mood` is not checked against the built-in one's.
    assert!(
        html.contains(
            "<div class=\"my-callout\" data-mood=\"calm\"><p>Be <em>calm</em>.</p></div>"
        ),
        "{html}"
    );
}

#[test]
fn foreign_shortcodes_and_unknown_components_are_errors_at_their_line() {
    let site = SiteTest::fixture("basic");
    let cases = [
        (
            "{{< figure src=\"/images/dot.svg\" >}}",
            "Hugo shortcode",
            "figure(src=",
        ),
        (
            "[Team]({{< ref \"about.md\" >}})",
            "Hugo shortcode",
            "@/path/to/page.md",
        ),
        ("{{% notice %}}", "Hugo shortcode", "components are written"),
        (
            "{% include footer.html %}",
            "is not a component call",
            "Jekyll",
        ),
        ("Hello {{ page.title }}", "is not a component", "\\{{"),
        (
            "{{ vidoe(url=\"https://example.com/v\", title=\"x\") }}",
            "there is no component `vidoe`",
            "did you mean `video`?",
        ),
        (
            "{% callout() %}\nNever closed.",
            "never closed",
            "{% end %}",
        ),
    ];
    for (text, message, help) in cases {
        site.write(
            "content/visit.md",
            &format!("---\ntitle: Visit us\n---\n\nFirst line.\n\n{text}\n"),
        );
        let report = failure(&site);
        assert!(
            report.contains(message) && report.contains(help),
            "{text}: {report}"
        );
        assert!(
            report.contains("visit.md:7:"),
            "{text}: the line and column: {report}"
        );
    }
}

#[test]
fn built_in_component_arguments_are_checked() {
    let site = SiteTest::fixture("basic");
    let cases = [
        (
            "{% callout(kind=\"danger\") %}\nx\n{% end %}",
            "`note` or `warning`, not `danger`",
        ),
        (
            "{{ hours(location=\"nowhere\") }}",
            "there is no office `nowhere`",
        ),
        (
            "{{ button(href=\"javascript:alert(1)\", text=\"x\") }}",
            "not one a visitor can follow safely",
        ),
        (
            "{{ button(href=\"/contact/\") }}",
            "the button has no words",
        ),
        (
            "{{ video(url=\"http://example.com/v\", title=\"x\") }}",
            "not an https:// address",
        ),
        ("{{ figure(src=\"/images/dot.svg\") }}", "needs `alt`"),
        ("{{ phone(office=\"main\") }}", "has no argument `office`"),
        ("{{ portal_login() }}", "the site has none"),
    ];
    for (text, message) in cases {
        site.write(
            "content/visit.md",
            &format!("---\ntitle: Visit us\n---\n\n{text}\n"),
        );
        let report = failure(&site);
        assert!(
            report.contains(message) && report.contains("visit.md:5:1"),
            "{text}: {report}"
        );
    }
}

#[test]
fn a_figure_goes_through_the_image_pipeline_with_its_caption() {
    let site = SiteTest::fixture("basic");
    let photo = image::RgbImage::from_fn(900, 600, |x, y| {
        image::Rgb([x.to_le_bytes()[0], y.to_le_bytes()[0], 90])
    });
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 90)
        .encode_image(&photo)
        .unwrap();
    site.write_bytes("static/images/room.jpg", &jpeg);
    site.edit(
        "portico.yaml",
        "theme: clinic",
        "theme: clinic\nimages:\n  formats: [webp]",
    );
    site.write(
        "content/visit.md",
        "---\ntitle: Visit us\n---\n\n{{ figure(src=\"/images/room.jpg\", alt=\"The waiting room\", caption=\"Our new waiting room\") }}\n",
    );
    site.build_ok();
    let html = site.output("visit/index.html");
    assert!(
        html.contains("<figure class=\"component-figure\">\n<picture><source type=\"image/webp\""),
        "{html}"
    );
    assert!(
        html.contains("alt=\"The waiting room\" width=\"900\" height=\"600\">"),
        "the first picture is not lazy: {html}"
    );
    assert!(
        html.contains("<figcaption>Our new waiting room</figcaption>"),
        "{html}"
    );
    assert!(
        html.contains("og:image\" content=\"https://www.maplestreetkids.example/img/room."),
        "the figure is the page's link preview: {html}"
    );
}

#[test]
fn the_summary_ends_at_more_with_or_without_spaces() {
    let site = SiteTest::fixture("basic");
    site.write(
        "content/news/open-house.md",
        "---\ntitle: Open house\ndate: 2026-05-01\n---\n\nCome and see us.\n\n<!--more-->\n\nThe rest of the story.\n",
    );
    site.build_ok();
    let list = site.output("news/index.html");
    assert!(
        list.contains("Come and see us.") && !list.contains("The rest of the story."),
        "{list}"
    );
}

#[test]
fn questions_fold_open_and_become_faq_page_structured_data() {
    for theme in ["clinic", "harbor"] {
        let site = SiteTest::fixture("basic");
        site.edit("portico.yaml", "theme: clinic", &format!("theme: {theme}"));
        site.write(
            "content/questions.md",
            "---\ntitle: Questions\n---\n\n{% faq(question=\"Do you see walk-ins?\") %}\nYes, on weekdays. Call {{ phone() }} first & we will tell you the wait.\n{% end %}\n\n{% faq(question=\"Which insurance do you take?\") %}\nMost plans. See [the list](/insurance/).\n{% end %}\n",
        );
        site.build_ok();
        let html = site.output("questions/index.html");
        assert!(
            html.contains("<details class=\"faq\">\n<summary>Do you see walk-ins?</summary>"),
            "{theme}: {html}"
        );
        assert!(
            html.contains("<p>Most plans. See <a href=\"/insurance/\">the list</a>.</p>"),
            "{theme}: {html}"
        );
        let data = html
            .split("<script type=\"application/ld+json\">")
            .nth(1)
            .and_then(|rest| rest.split("</script>").next())
            .expect("structured data");
        let data: serde_json::Value = serde_json::from_str(data).unwrap();
        let faq = data["@graph"]
            .as_array()
            .unwrap()
            .iter()
            .find(|node| node["@type"] == "FAQPage")
            .unwrap_or_else(|| panic!("{theme}: no FAQPage in {data}"));
        assert_eq!(faq["mainEntity"][0]["name"], "Do you see walk-ins?");
        assert_eq!(
            faq["mainEntity"][0]["acceptedAnswer"]["text"],
            "Yes, on weekdays. Call first & we will tell you the wait."
        );
        assert_eq!(
            faq["mainEntity"][1]["acceptedAnswer"]["text"],
            "Most plans. See the list."
        );
    }
}

#[test]
fn a_question_needs_its_answer() {
    let site = SiteTest::fixture("basic");
    site.write(
        "content/questions.md",
        "---\ntitle: Questions\n---\n\n{{ faq(question=\"Open on Sundays?\") }}\n",
    );
    let report = failure(&site);
    assert!(
        report.contains("the question has no answer") && report.contains("questions.md:5:1"),
        "{report}"
    );
}

#[test]
fn the_portal_login_component_shows_the_configured_portal() {
    let site = SiteTest::fixture("basic");
    site.edit(
        "portico.yaml",
        "seo:",
        "portal:\n  vendor: athenahealth\n  params: { practice_id: \"24816\" }\n  support_phone: \"(503) 555-0149\"\n  verified: 2026-11-02\nseo:",
    );
    site.write(
        "content/visit.md",
        "---\ntitle: Visit us\n---\n\n{{ portal_login() }}\n",
    );
    site.build_ok();
    let html = site.output("visit/index.html");
    assert!(
        html.contains("athenahealth") && html.contains("https://24816.portal.athenahealth.com"),
        "{html}"
    );
}

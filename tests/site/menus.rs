//! `menus:`: main and footer links from `portico.yaml`, merged with the pages that join the main menu by
//! weight, per-language labels, checked `@/` pages, and payment or scheduling links checked like portal
//! links and opened with `noreferrer`.

use crate::harness::SiteTest;

/// The `basic` fixture with `menus` appended to its `portico.yaml`.
fn with_menus(menus: &str) -> SiteTest {
    let site = SiteTest::fixture("basic");
    site.write(
        "portico.yaml",
        &(site.read("portico.yaml") + "menus:\n" + menus),
    );
    site
}

const MENUS: &str = "  main:
    - page: \"@/about.md\"
      label: { en: Who we are, es: Quiénes somos }
      weight: 5
    - url: https://payment.patient.athenahealth.com/statement/maple
      label: { en: Pay my bill, es: Pagar mi cuenta }
      service: payment
      vendor: athenahealth
    - url: https://www.example-books.example/schedule
      label: Book online
  footer:
    - page: \"@/services/checkups.md\"
";

/// The `<li>`s of the main navigation of a built page.
fn main_nav(html: &str) -> Vec<String> {
    let start = html
        .find("<div class=\"site-nav\"")
        .expect("the main navigation");
    let nav = &html[start
        ..html[start..]
            .find("</nav>")
            .map_or(html.len(), |e| start + e)];
    nav.split("<li>")
        .skip(1)
        .map(|li| li.split("</li>").next().unwrap_or_default().to_owned())
        .collect()
}

#[test]
fn menu_entries_join_the_weighted_pages_in_each_language() {
    let site = with_menus(MENUS);
    site.build_ok();
    let home = site.output("index.html");
    assert_eq!(
        main_nav(&home),
        [
            "<a href=\"/about/\">Who we are</a>",
            "<a href=\"/services/\">Services</a>",
            "<a href=\"/news/\">News</a>",
            "<a href=\"https://payment.patient.athenahealth.com/statement/maple\" rel=\"noopener noreferrer\">Pay my bill</a>",
            "<a href=\"https://www.example-books.example/schedule\" rel=\"noopener\">Book online</a>",
        ],
        "{home}"
    );
    let about = site.output("about/index.html");
    assert!(
        about.contains("<a href=\"/about/\" aria-current=\"page\">Who we are</a>"),
        "{about}"
    );

    // Spanish: the translation and the Spanish label; a page with no translation keeps its language.
    let spanish = site.output("es/index.html");
    let nav = main_nav(&spanish);
    assert_eq!(nav[0], "<a href=\"/es/about/\">Quiénes somos</a>");
    assert!(
        nav.iter().any(|li| li.contains(">Pagar mi cuenta</a>")),
        "{nav:?}"
    );
    assert!(
        spanish.contains("<li><a href=\"/services/checkups/\" hreflang=\"en\">Checkups</a></li>"),
        "the footer links the English page, marked as English: {spanish}"
    );
    assert!(home.contains("<li><a href=\"/services/checkups/\">Checkups</a></li>"));
}

#[test]
fn the_harbor_theme_shows_both_menus() {
    let site = with_menus(MENUS);
    site.edit("portico.yaml", "theme: clinic", "theme: harbor");
    site.build_ok();
    let home = site.output("index.html");
    assert!(home.contains("<li><a href=\"https://payment.patient.athenahealth.com/statement/maple\" rel=\"noopener noreferrer\">Pay my bill</a></li>"), "{home}");
    assert!(home.contains("<li><a href=\"/services/checkups/\">Checkups</a></li>"));
}

#[test]
fn a_payment_link_off_the_vendors_hosts_or_posing_as_one_is_refused() {
    let site = with_menus(
        "  main:
    - url: https://payment.athenahealth.com.pay-now.example/maple
      label: Pay my bill
      service: payment
      vendor: athenahealth
",
    );
    let error = site.build().unwrap_err().to_string();
    assert!(
        error.contains("portico.yaml:") && error.contains("`menus.main[0].url`"),
        "{error}"
    );

    let site = with_menus(
        "  footer:
    - url: https://athenahealth-billing.example/maple
      label: Pay my bill
      service: payment
",
    );
    let error = site.build().unwrap_err().to_string();
    assert!(
        error.contains("looks like an address of athenahealth")
            && error.contains("vendor: athenahealth"),
        "{error}"
    );

    let site = with_menus(
        "  main:
    - url: http://pay.example-billing.example/maple
      label: Pay my bill
",
    );
    let error = site.build().unwrap_err().to_string();
    assert!(error.contains("http://, which is not encrypted"), "{error}");
}

#[test]
fn menu_mistakes_are_errors_at_their_lines() {
    let site = with_menus(
        "  main:
    - page: \"@/abut.md\"
    - page: about.md
    - url: https://pay.example-billing.example/maple
    - url: https://pay.example-billing.example/maple
      label: { en: Pay, vi: Thanh toán }
      service: paymnet
",
    );
    let error = site.build().unwrap_err().to_string();
    assert!(
        error.contains("`menus.main[1].page`: `about.md` does not start with `@/`"),
        "{error}"
    );
    assert!(
        error.contains("`menus.main[2]` links to another website but has no `label`"),
        "{error}"
    );
    assert!(
        error.contains("`vi` is not one of the site's languages"),
        "{error}"
    );
    assert!(error.contains("did you mean `payment`?"), "{error}");
    // Each at its own line of portico.yaml (the menus start on line 24).
    for line in [
        "portico.yaml:27:13",
        "portico.yaml:28:7",
        "portico.yaml:30:",
        "portico.yaml:31:16",
    ] {
        assert!(error.contains(line), "{line} in {error}");
    }

    let site = with_menus("  main:\n    - page: \"@/abut.md\"\n");
    let error = site.build().unwrap_err().to_string();
    assert!(
        error.contains("the site has no such page") && error.contains("did you mean `@/about.md`?"),
        "{error}"
    );
}

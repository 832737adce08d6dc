//! The plugin contract, seen from a library user: a spy plugin with its own config table records what the
//! pipeline asks of it.

use std::sync::{Arc, Mutex};

use portico::Mode;
use portico::config::Config;
use portico::content::Site;
use portico::error::{Diagnostics, Error};
use portico::output::Output;
use portico::plugins::{Configured, OutgoingPage, Plugin, Setup};

use crate::harness::SiteTest;

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct SpyConfig {
    greeting: String,
}

/// Records every call it gets in `calls`, shared with the test.
struct Spy {
    calls: Arc<Mutex<Vec<String>>>,
}

/// The spy configured for one site: its greeting, and the same record of calls.
#[derive(Debug)]
struct SpyConfigured {
    calls: Arc<Mutex<Vec<String>>>,
    greeting: Option<String>,
}

impl Plugin for Spy {
    fn name(&self) -> &'static str {
        "spy"
    }

    fn configure(
        &self,
        config: &Config,
        setup: &Setup<'_>,
        diagnostics: &mut Diagnostics,
    ) -> Box<dyn Configured> {
        let greeting = diagnostics
            .take(config.source.table::<SpyConfig>("spy"))
            .flatten()
            .map(|c| c.greeting);
        self.calls
            .lock()
            .unwrap()
            .push(format!("configure {greeting:?} for {:?}", setup.mode));
        Box::new(SpyConfigured {
            calls: Arc::clone(&self.calls),
            greeting,
        })
    }
}

impl Configured for SpyConfigured {
    fn transform(&self, site: &mut Site, _diagnostics: &mut Diagnostics) {
        self.calls
            .lock()
            .unwrap()
            .push(format!("transform {} pages", site.pages.len()));
    }

    fn emit(&self, _site: &Site, output: &mut Output, _diagnostics: &mut Diagnostics) {
        self.calls.lock().unwrap().push(format!(
            "emit {}",
            if output.contains("index.html") {
                "after the pages"
            } else {
                "before the pages"
            }
        ));
        output.insert_bytes(
            "spy.txt",
            self.greeting.clone().unwrap_or_default().into_bytes(),
        );
    }

    fn filter_page(&self, page: &OutgoingPage<'_>) -> Result<Option<String>, Error> {
        self.calls
            .lock()
            .unwrap()
            .push(format!("filter {}", page.path));
        Ok(Some(format!("{}<!-- seen by spy -->", page.html)))
    }
}

/// The site's build options with a spy among the plugins, and the spy's record of calls.
fn with_spy(site: &SiteTest) -> (portico::BuildOptions, Arc<Mutex<Vec<String>>>) {
    let calls = Arc::new(Mutex::new(Vec::new()));
    let mut options = site.options();
    options.plugins.add(Spy {
        calls: Arc::clone(&calls),
    });
    (options, calls)
}

#[test]
fn a_plugin_reads_its_table_then_transforms_then_emits_then_filters_each_page() {
    let site = SiteTest::fixture("basic");
    site.write(
        "portico.yaml",
        &(site.read("portico.yaml") + "spy:\n  greeting: hello\n"),
    );
    let (options, calls) = with_spy(&site);
    let rendered = portico::render_site(
        &options,
        Mode::Publish,
        &portico::theme::ThemeCache::default(),
    )
    .expect("the build succeeds");
    assert_eq!(rendered.output.text("spy.txt"), Some("hello"));
    let calls = calls.lock().unwrap().clone();
    assert_eq!(calls[0], "configure Some(\"hello\") for Publish");
    assert!(
        calls[1].starts_with("transform ") && calls[2] == "emit before the pages",
        "{calls:?}"
    );
    // Every HTML page the build renders passes through the filter once, after `emit`, and what the
    // filter returns is what the output holds.
    let pages: Vec<&str> = rendered
        .output
        .paths()
        .filter(|p| p.ends_with(".html"))
        .collect();
    let mut filtered: Vec<&str> = calls[3..]
        .iter()
        .filter_map(|c| c.strip_prefix("filter "))
        .collect();
    filtered.sort_unstable();
    assert_eq!(filtered, pages, "{calls:?}");
    assert_eq!(calls.len(), 3 + pages.len(), "{calls:?}");
    for page in pages {
        let html = rendered.output.text(page).unwrap();
        assert!(html.ends_with("<!-- seen by spy -->"), "{page}");
    }
}

#[test]
fn a_plugins_own_table_is_checked_strictly_with_locations() {
    let site = SiteTest::fixture("basic");
    site.write(
        "portico.yaml",
        &(site.read("portico.yaml") + "spy:\n  greting: hello\n"),
    );
    let (options, _) = with_spy(&site);
    let errors = portico::render_site(
        &options,
        Mode::Publish,
        &portico::theme::ThemeCache::default(),
    )
    .expect_err("a typo in the plugin's table");
    let error = &errors.errors()[0];
    assert_eq!(error.message(), "unknown key `greting`");
    assert_eq!(error.help(), Some("did you mean `greeting`?"));
    assert_eq!(error.location().and_then(|l| l.line), Some(25));
}

#[test]
fn without_the_plugin_its_table_is_an_unknown_key() {
    let site = SiteTest::fixture("basic");
    site.write(
        "portico.yaml",
        &(site.read("portico.yaml") + "spy:\n  greeting: hello\n"),
    );
    let errors = site.build().expect_err("no plugin owns `spy`");
    assert_eq!(errors.errors()[0].message(), "unknown key `spy`");
}

/// A library user's plugin that adds one page of its own, in the default language.
#[derive(Debug, Default)]
struct Announcements;

impl Plugin for Announcements {
    fn name(&self) -> &'static str {
        "announcements"
    }

    fn configure(&self, _: &Config, _: &Setup<'_>, _: &mut Diagnostics) -> Box<dyn Configured> {
        Box::new(Announcements)
    }
}

impl Configured for Announcements {
    fn planned_pages(&self, _config: &Config) -> Vec<(String, portico::config::UrlPath)> {
        vec![(
            "announcements.md".to_owned(),
            portico::config::UrlPath::parse("/announcements/").expect("a path"),
        )]
    }

    fn transform(&self, site: &mut Site, diagnostics: &mut Diagnostics) {
        let meta = portico::content::FrontMatter {
            title: "Announcements".to_owned(),
            ..portico::content::FrontMatter::default()
        };
        let mut page = portico::content::Page::generated(
            site.config.root.join("announcements"),
            "announcements.md".to_owned(),
            site.config.language.clone(),
            "announcements.md".to_owned(),
            meta,
            portico::config::UrlPath::parse("/announcements/").expect("a path"),
        );
        "<p>The clinic opens an hour early on Fridays.</p>".clone_into(&mut page.content.html);
        if let Err(error) = site.add_page(page) {
            diagnostics.error(error);
        }
    }
}

#[test]
fn a_library_users_plugin_reaches_build_through_the_options() {
    let site = SiteTest::fixture("basic");
    let mut options = site.options();
    options.plugins.add(Announcements);
    portico::build(&options).unwrap_or_else(|d| panic!("{d}"));
    let page = site.output("announcements/index.html");
    assert!(
        page.contains("The clinic opens an hour early on Fridays."),
        "{page}"
    );
    assert!(site.output("sitemap.xml").contains("/announcements/"));
}

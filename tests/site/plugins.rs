//! The plugin contract, seen from a library user: a spy plugin with its own config table records what the
//! pipeline asks of it.

use std::sync::{Arc, Mutex};

use portico::config::Config;
use portico::content::Site;
use portico::error::Diagnostics;
use portico::output::Output;
use portico::plugins::{Plugin, Plugins};

use crate::harness::SiteTest;

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct SpyConfig {
    greeting: String,
}

struct Spy {
    calls: Arc<Mutex<Vec<String>>>,
    greeting: Option<String>,
}

impl Plugin for Spy {
    fn name(&self) -> &'static str {
        "spy"
    }

    fn configure(&mut self, config: &Config, diagnostics: &mut Diagnostics) {
        self.greeting = diagnostics
            .take(config.source.table::<SpyConfig>("spy"))
            .flatten()
            .map(|c| c.greeting);
        self.calls
            .lock()
            .unwrap()
            .push(format!("configure {:?}", self.greeting));
    }

    fn transform(&self, site: &mut Site, _diagnostics: &mut Diagnostics) {
        self.calls
            .lock()
            .unwrap()
            .push(format!("transform {} pages", site.pages.len()));
    }

    fn emit(&self, _site: &Site, output: &mut Output, _diagnostics: &mut Diagnostics) {
        self.calls.lock().unwrap().push(format!(
            "emit after {}",
            if output.contains("index.html") {
                "render"
            } else {
                "nothing"
            }
        ));
        output.insert_bytes(
            "spy.txt",
            self.greeting.clone().unwrap_or_default().into_bytes(),
        );
    }
}

fn spy_plugins() -> (Plugins, Arc<Mutex<Vec<String>>>) {
    let calls = Arc::new(Mutex::new(Vec::new()));
    let mut plugins = Plugins::default();
    plugins.push(Box::new(Spy {
        calls: Arc::clone(&calls),
        greeting: None,
    }));
    (plugins, calls)
}

#[test]
fn a_plugin_reads_its_table_then_transforms_then_emits() {
    let site = SiteTest::fixture("basic");
    site.write(
        "portico.yaml",
        &(site.read("portico.yaml") + "spy:\n  greeting: hello\n"),
    );
    let (plugins, calls) = spy_plugins();
    let rendered = portico::render_site(
        &site.options(),
        plugins,
        &portico::theme::ThemeCache::default(),
    )
    .expect("the build succeeds");
    assert_eq!(rendered.output.text("spy.txt"), Some("hello"));
    let calls = calls.lock().unwrap().clone();
    assert_eq!(calls.len(), 3, "{calls:?}");
    assert_eq!(calls[0], "configure Some(\"hello\")");
    assert!(
        calls[1].starts_with("transform ") && calls[2] == "emit after render",
        "{calls:?}"
    );
}

#[test]
fn a_plugins_own_table_is_checked_strictly_with_locations() {
    let site = SiteTest::fixture("basic");
    site.write(
        "portico.yaml",
        &(site.read("portico.yaml") + "spy:\n  greting: hello\n"),
    );
    let (plugins, _) = spy_plugins();
    let errors = portico::render_site(
        &site.options(),
        plugins,
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

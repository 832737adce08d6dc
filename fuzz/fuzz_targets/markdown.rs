//! The markdown pipeline: any page body, with `@/` links resolved against a one-page site.
#![no_main]

use libfuzzer_sys::fuzz_target;
use portico::content::markdown::{Labels, LinkResolver, render};

struct OnePage;

impl LinkResolver for OnePage {
    fn resolve(&self, target: &str) -> Option<String> {
        (target == "about.md").then(|| "/about/".to_owned())
    }

    fn site_path(&self, path: &str) -> String {
        format!("/clinic{path}")
    }
}

fuzz_target!(|text: &str| {
    let labels = Labels { table: "Table", task_done: "Done", task_todo: "To do" };
    let _ = render(text, &OnePage, labels);
});

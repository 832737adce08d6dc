//! The front-matter split and its YAML parse: any bytes a page file may hold.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use portico::content::front_matter::{FrontMatter, split};

fuzz_target!(|text: &str| {
    let path = Path::new("content/page.md");
    if let Ok(parts) = split(text, path) {
        let _ = FrontMatter::parse(&parts, path);
    }
});

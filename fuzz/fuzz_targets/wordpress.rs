//! `portico import wordpress`: any text as an export (the XML reader, which must refuse entity tricks
//! rather than expand them), and each item's HTML through the conversion to markdown.
#![no_main]

use libfuzzer_sys::fuzz_target;
use portico::import::wordpress;

fuzz_target!(|text: &str| {
    let _ = wordpress::convert_for_fuzzing(text);
});

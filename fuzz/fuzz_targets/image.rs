//! The image decoder's entry point: any bytes as a picture under `static/`, sniffed, probed against the
//! pixel limit and decoded (or, for a GIF, re-written frame by frame) exactly as a build reads a photo.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let _ = portico::images::decode_for_fuzzing(bytes);
});

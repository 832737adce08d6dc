//! The config loader: any text as `portico.yaml`, with the built-in plugins' tables set aside as a build
//! sets them aside, then each plugin's own table read as the build reads it.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use portico::config::{Config, ConfigOverrides};
use portico::plugins::Plugins;

fuzz_target!(|text: &str| {
    let plugins = Plugins::default();
    let keys = plugins.keys();
    let root = Path::new("site");
    if let Ok(config) = Config::parse(root, &root.join("portico.yaml"), text, &ConfigOverrides::default(), &keys) {
        let _ = plugins.configure(&config, portico::Mode::Publish);
    }
});

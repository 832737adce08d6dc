//! The modules' layers: every `crate::` path in `src/` points from a module to one below it, so the
//! pipeline reads one way (config, content, plugins, render, output) and nothing lower knows of anything
//! higher. The README's architecture section lists the same layers.

use std::collections::BTreeMap;
use std::path::Path;

/// Each top-level module and its layer: a module may use only modules of lower layers.
const LAYERS: &[(&str, u8)] = &[
    ("rules", 0),
    ("html", 0),
    ("error", 1),
    ("fs", 2),
    ("images", 3),
    ("config", 4),
    ("i18n", 5),
    ("site_files", 5),
    ("theme", 6),
    ("content", 6),
    ("views", 7),
    ("output", 7),
    ("plugins", 8),
    ("render", 8),
    ("build", 9),
    ("check", 10),
    ("fleet", 10),
    ("import", 10),
    ("init", 10),
    ("serve", 10),
];

#[test]
fn every_module_uses_only_the_layers_below_it() {
    let layer: BTreeMap<&str, u8> = LAYERS.iter().copied().collect();
    let path = regex_lite::Regex::new(r"crate::(\w+)").expect("a pattern");
    let grouped = regex_lite::Regex::new(r"use crate::\{([^}]*)\}").expect("a pattern");
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut wrong = Vec::new();
    let mut seen = 0;
    for entry in walkdir::WalkDir::new(&src) {
        let entry = entry.expect("walk src");
        let file = entry.path();
        if file.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let rel = file.strip_prefix(&src).expect("under src");
        let first = rel.iter().next().expect("a name").to_string_lossy();
        let module = first.trim_end_matches(".rs");
        let Some(&from) = layer.get(module) else {
            // lib.rs and main.rs are the top, and cli/ is the binary's.
            assert!(
                ["lib", "main", "cli"].contains(&module),
                "{}: a module missing from LAYERS",
                rel.display()
            );
            continue;
        };
        let text = std::fs::read_to_string(file).expect("read a source");
        // Unit tests may reach anywhere.
        let code = text.split("#[cfg(test)]").next().unwrap_or_default();
        let mut targets: Vec<String> = path.captures_iter(code).map(|c| c[1].to_owned()).collect();
        for group in grouped.captures_iter(code) {
            targets.extend(group[1].split(',').filter_map(|item| {
                let item = item.trim();
                item.split_once("::").map(|(m, _)| m.to_owned())
            }));
        }
        for target in targets {
            // Re-exports at the crate root (`crate::BuildOptions`) are build's.
            let target = if target.starts_with(char::is_uppercase) {
                "build".to_owned()
            } else {
                target
            };
            if target == module {
                continue;
            }
            seen += 1;
            match layer.get(target.as_str()) {
                Some(&to) if to < from => {}
                _ => wrong.push(format!("{} -> {target}", rel.display())),
            }
        }
    }
    assert!(seen > 100, "the sources use each other ({seen} paths)");
    assert!(
        wrong.is_empty(),
        "uses that point up or sideways:\n{}",
        wrong.join("\n")
    );
}

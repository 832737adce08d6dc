//! Criterion benches of the build on the 1,000-page benchmark site (`../shared/bench/gen-corpus.py
//! --flavor plain`, with the default theme): the whole pipeline in memory (load, plugins, render, no
//! writes), and a whole build over its previous output (the incremental two-tree write). Run with
//! `cargo bench --bench build`; `bash benches/compare.sh` times whole processes against Hugo.

use std::path::{Path, PathBuf};
use std::process::Command;

use criterion::{Criterion, criterion_group, criterion_main};
use portico::theme::ThemeCache;
use portico::{BuildOptions, Mode, build, render_site};

/// `target/bench/plain-1000`, written once by the corpus generator (as `benches/compare.sh` writes it).
fn corpus() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = root.join("target/bench/plain-1000");
    if !dir.join("corpus.json").exists() {
        let status = Command::new("python3")
            .arg(root.join("../shared/bench/gen-corpus.py"))
            .args(["--flavor", "plain", "-n", "1000", "--force", "-o"])
            .arg(&dir)
            .status()
            .expect("run ../shared/bench/gen-corpus.py (python3)");
        assert!(status.success(), "the corpus generator failed");
    }
    std::fs::write(
        dir.join("portico.yaml"),
        "base_url: https://www.example.org\ntheme: clinic\npractice:\n  name: Riverside Family Medical Group\n  phone: \"(503) 555-0100\"\n",
    )
    .expect("write portico.yaml");
    dir
}

fn benches(c: &mut Criterion) {
    let options = BuildOptions {
        root: corpus(),
        ..BuildOptions::default()
    };
    let themes = ThemeCache::default();
    let mut group = c.benchmark_group("1000 pages");
    group.sample_size(20);
    group.bench_function("render in memory", |b| {
        b.iter(|| render_site(&options, Mode::Publish, &themes).expect("the corpus builds"));
    });
    build(&options).expect("a first build");
    group.bench_function("rebuild over the previous output", |b| {
        b.iter(|| build(&options).expect("the corpus builds"));
    });
    group.finish();
}

criterion_group!(build_benches, benches);
criterion_main!(build_benches);

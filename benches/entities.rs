//! Throughput of entity extraction (`extract_corpus`: per-document matching and discovery,
//! corpus linking, the later-mention scan) on the 5 articles of `data/` and on the ANT corpus
//! of Tunisian news when it is present.
//!
//! `cargo bench --bench entities`; set `AKHBAR_ANT` to use another copy of
//! `ant-news.jsonl`.

use std::hint::black_box;
use std::path::{Path, PathBuf};

use akhbar::corpus::{self, Article, LoadOptions, Rules};
use akhbar::entities::{extract_corpus, Extractor, Gazetteer};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

const ANT_DEFAULT: &str = "/work/shared/data/ant-news.jsonl";

fn load(path: &Path) -> Option<Vec<Article>> {
    let rules = Rules::builtin().ok()?;
    match corpus::load(path, &LoadOptions::new(rules)) {
        Ok(c) => Some(c.articles),
        Err(e) => {
            eprintln!("entities bench: skipping {}: {e}", path.display());
            None
        }
    }
}

fn bench_corpus(c: &mut Criterion, ex: &Extractor, name: &str, articles: &[Article]) {
    let docs: Vec<(&str, &str)> = articles
        .iter()
        .map(|a| (a.title.as_str(), a.body.as_str()))
        .collect();
    let bytes: usize = docs.iter().map(|(t, b)| t.len() + b.len()).sum();
    let mut group = c.benchmark_group("extract_corpus");
    group.throughput(Throughput::Bytes(bytes as u64));
    if bytes > 1 << 20 {
        group.sample_size(20);
    }
    group.bench_function(name, |b| b.iter(|| extract_corpus(ex, black_box(&docs))));
    group.finish();
}

fn entities(c: &mut Criterion) {
    let gazetteer = match Gazetteer::builtin() {
        Ok(g) => g,
        Err(e) => {
            eprintln!("entities bench: no gazetteer: {e:#}");
            return;
        }
    };
    let ex = Extractor::new(&gazetteer);
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    if let Some(articles) = load(&data) {
        bench_corpus(
            c,
            &ex,
            &format!("data ({} articles)", articles.len()),
            &articles,
        );
    }
    let ant =
        std::env::var_os("AKHBAR_ANT").map_or_else(|| PathBuf::from(ANT_DEFAULT), PathBuf::from);
    if !ant.exists() {
        eprintln!(
            "entities bench: {} is absent, skipping the ANT corpus (set AKHBAR_ANT)",
            ant.display()
        );
        return;
    }
    if let Some(articles) = load(&ant) {
        bench_corpus(
            c,
            &ex,
            &format!("ANT ({} articles)", articles.len()),
            &articles,
        );
    }
}

criterion_group!(benches, entities);
criterion_main!(benches);

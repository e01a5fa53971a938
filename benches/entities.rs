//! Entity extraction (`extract_corpus`: the gazetteer, the tagger, corpus linking):
//!
//! - `tag_per_core`: throughput on one core (a one-thread pool) over real articles, the
//!   5 of `data/` and the 3,000 ANT articles of Tunisian news when present. Every token is
//!   tagged, so this is the tagger's MB/s per core with tokenising and linking included.
//! - `extract_corpus`: wall time on all cores, on the ANT corpus and on 100k generated
//!   articles (from ANT material when present), as `akhbar stats` measures it.
//!
//! `cargo bench --bench entities`; set `AKHBAR_ANT` to use another copy of
//! `ant-news.jsonl`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::hint::black_box;
use std::path::{Path, PathBuf};

use akhbar::corpus::{self, Article, LoadOptions, Rules};
use akhbar::entities::{extract_corpus, Extractor, Gazetteer};
use criterion::{criterion_group, criterion_main, BenchmarkGroup, Criterion, Throughput};

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

fn docs(articles: &[Article]) -> Vec<(&str, &str)> {
    articles
        .iter()
        .map(|a| (a.title.as_str(), a.body.as_str()))
        .collect()
}

fn sized<'a>(
    c: &'a mut Criterion,
    group: &str,
    docs: &[(&str, &str)],
) -> BenchmarkGroup<'a, criterion::measurement::WallTime> {
    let bytes: usize = docs.iter().map(|(t, b)| t.len() + b.len()).sum();
    let mut g = c.benchmark_group(group);
    g.throughput(Throughput::Bytes(bytes as u64));
    if bytes > 1 << 20 {
        g.sample_size(10);
    }
    g
}

fn per_core(c: &mut Criterion, ex: &Extractor, name: &str, articles: &[Article]) {
    let docs = docs(articles);
    let one = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("a one-thread pool");
    let mut g = sized(c, "tag_per_core", &docs);
    g.bench_function(name, |b| {
        b.iter(|| one.install(|| extract_corpus(ex, black_box(&docs))))
    });
    g.finish();
}

fn all_cores(c: &mut Criterion, ex: &Extractor, name: &str, articles: &[Article]) {
    let docs = docs(articles);
    let mut g = sized(c, "extract_corpus", &docs);
    g.bench_function(name, |b| b.iter(|| extract_corpus(ex, black_box(&docs))));
    g.finish();
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
        per_core(
            c,
            &ex,
            &format!("data ({} articles)", articles.len()),
            &articles,
        );
    }
    let ant =
        std::env::var_os("AKHBAR_ANT").map_or_else(|| PathBuf::from(ANT_DEFAULT), PathBuf::from);
    match ant.exists().then(|| load(&ant)).flatten() {
        Some(articles) => {
            let name = format!("ANT ({} articles)", articles.len());
            per_core(c, &ex, &name, &articles);
            all_cores(c, &ex, &name, &articles);
        }
        None => eprintln!(
            "entities bench: {} is absent, skipping the ANT corpus (set AKHBAR_ANT)",
            ant.display()
        ),
    }
    let generated = common::articles(&common::material(), 100_000);
    all_cores(c, &ex, "generated (100k articles)", &generated);
}

criterion_group!(benches, entities);
criterion_main!(benches);

//! (a) Opening a corpus: load, clean and index (`akhbar::library::open`) a generated 10k-article
//! corpus, as one JSONL file and as a sharded folder of `.txt` files, and as a JSONL file of
//! articles of agency length (bodies of 2 KB and more, 2.9 KB on average, as real wire copy;
//! the others keep their sources' lengths, about 1.2 KB). Reported per MB and per article.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::hint::black_box;
use std::path::PathBuf;

use akhbar::corpus::generate::{self, Format, Options};
use akhbar::library::{self, OpenOptions};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

const N: u64 = 10_000;

struct Generated {
    name: &'static str,
    path: PathBuf,
    bytes: u64,
}

fn generate_both(dir: &std::path::Path) -> Vec<Generated> {
    let m = common::material();
    [
        ("jsonl", Format::Jsonl, "c.jsonl", 0),
        ("txt", Format::Txt, "c", 0),
        ("jsonl_real_length", Format::Jsonl, "r.jsonl", 2000),
    ]
    .into_iter()
    .map(|(name, format, file, min_body_bytes)| {
        let out = dir.join(file);
        let opts = Options {
            articles: N,
            seed: common::SEED,
            format,
            out: out.clone(),
            from_corpus: common::extra_corpora(),
            min_body_bytes,
        };
        let sum = generate::write(&m, &opts).expect("generate");
        Generated {
            name,
            path: out,
            bytes: sum.bytes,
        }
    })
    .collect()
}

fn open(path: &std::path::Path) -> library::Library {
    library::open(&OpenOptions {
        path: Some(path.to_path_buf()),
        ..OpenOptions::default()
    })
    .expect("open")
}

fn bench_open(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tempdir");
    let corpora = generate_both(dir.path());
    for unit in ["per_mb", "per_article"] {
        let mut g = c.benchmark_group(format!("open_10k_{unit}"));
        for corpus in &corpora {
            g.throughput(match unit {
                "per_mb" => Throughput::Bytes(corpus.bytes),
                _ => Throughput::Elements(N),
            });
            g.bench_function(corpus.name, |b| {
                b.iter(|| black_box(open(&corpus.path)).articles().len())
            });
        }
        g.finish();
    }
}

criterion_group! {
    name = benches;
    config = common::short_runs(5);
    targets = bench_open
}
criterion_main!(benches);

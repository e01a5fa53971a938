//! (b) Fuzzy title search of 1 to 12 typed characters, Arabic and Latin, over 100k titles
//! (1M with `AKHBAR_BENCH_1M=1`); (c) toggling one entity facet and recounting the facets.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::hint::black_box;

use akhbar::index::Filter;
use akhbar::library::Library;
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};

const LENS: [usize; 5] = [1, 2, 4, 8, 12];
const QUERIES: [(&str, &str); 2] = [("ar", "لافروف بلينكن"), ("latin", "lavrov blinken")];

fn sizes() -> Vec<usize> {
    let mut v = vec![100_000];
    if common::want_1m() {
        v.push(1_000_000);
    }
    v
}

fn query(lib: &Library, q: &str) -> usize {
    let f = Filter {
        query: q.to_string(),
        ..Filter::default()
    };
    lib.apply(&f).articles.len()
}

fn bench_titles(c: &mut Criterion) {
    let m = common::material();
    for n in sizes() {
        let lib = common::library(common::articles(&m, n));
        let mut g = c.benchmark_group(format!("title_query_{}k", n / 1000));
        for (script, full) in QUERIES {
            for (len, q) in LENS.iter().zip(common::prefixes(full, &LENS)) {
                g.bench_with_input(BenchmarkId::new(script, len), &q, |b, q| {
                    b.iter(|| query(&lib, black_box(q)))
                });
            }
        }
        g.finish();
    }
}

/// Space on a facet: the filter is applied again and every facet recounted over the result.
fn toggle(lib: &Library, f: &Filter) -> usize {
    let res = lib.apply(f);
    let counts = lib.index.entity_counts(&res.set);
    let months = lib.index.month_counts(&res.set);
    counts.len() + months.0.len()
}

fn bench_facets(c: &mut Criterion) {
    let m = common::material();
    let lib = common::library(common::articles(&m, 100_000));
    let mut g = c.benchmark_group("facet_toggle_100k");
    for name in ["تونس", "سوسة", "لافروف"] {
        let f = Filter {
            entities: vec![common::entity(name)],
            ..Filter::default()
        };
        let hits = lib.apply(&f).articles.len();
        g.bench_with_input(
            BenchmarkId::new("on", format!("{hits}_hits")),
            &f,
            |b, f| b.iter(|| toggle(&lib, black_box(f))),
        );
    }
    // Unselecting the last facet: everything is counted again.
    g.bench_function("off_all", |b| {
        b.iter(|| toggle(&lib, black_box(&Filter::default())))
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = common::short_runs(3);
    targets = bench_titles, bench_facets
}
criterion_main!(benches);

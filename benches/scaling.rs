//! Linear in text size: KWIC, tagging and the RTL layout on one paragraph of 1, 2, 4 and 8 MB
//! (real article text joined end to end, with its full stops removed so that the whole text
//! is one sentence: the worst case for sentence-bound searches), and the first frame of the
//! explorer on an article of one 1 MB paragraph. Throughput (bytes/s) flat across the sizes
//! means linear work.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::hint::black_box;

use akhbar::analysis::{kwic, KwicOptions, KwicQuery};
use akhbar::corpus::{Article, Corpus};
use akhbar::entities::{EntityTable, Extractor};
use akhbar::library::Library;
use akhbar::ui::app::{Pane, UiOptions};
use akhbar::ui::render::render;
use akhbar::ui::rtl::{layout_paragraph, BidiMode};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::Terminal;

const SIZES_MB: [usize; 4] = [1, 2, 4, 8];

/// `mb` megabytes of article text as one paragraph without sentence ends.
fn paragraph(mb: usize) -> String {
    let m = common::material();
    let text: String = common::articles(&m, 200)
        .iter()
        .map(|a| a.body.replace(['\n', '.', '!', '?', '؟', '؛'], " "))
        .collect::<Vec<_>>()
        .join(" ");
    let mut out = String::with_capacity(mb << 20);
    while out.len() < mb << 20 {
        out.push_str(&text);
        out.push(' ');
    }
    let mut end = mb << 20;
    while !out.is_char_boundary(end) {
        end -= 1;
    }
    out.truncate(end);
    out
}

/// A highlight every 200 bytes or so, as dense as entity mentions in news text.
fn highlights(text: &str) -> Vec<(std::ops::Range<usize>, Style)> {
    let style = Style::new().add_modifier(Modifier::UNDERLINED);
    text.match_indices(' ')
        .step_by(40)
        .map(|(i, _)| (i + 1..(i + 9).min(text.len()), style))
        .filter(|(r, _)| text.is_char_boundary(r.end))
        .collect()
}

fn one_article(body: &str) -> Article {
    Article {
        id: "big".into(),
        title: "مقال طويل".into(),
        body: body.to_string(),
        ..Article::default()
    }
}

fn bench_scaling(c: &mut Criterion) {
    let texts: Vec<(usize, String)> = SIZES_MB.iter().map(|&mb| (mb, paragraph(mb))).collect();
    let ex = Extractor::new(&akhbar::library::gazetteer(&[]).unwrap());

    let mut g = c.benchmark_group("scaling");
    for (mb, text) in &texts {
        g.throughput(Throughput::Bytes(text.len() as u64));
        let hl = highlights(text);
        g.bench_with_input(BenchmarkId::new("layout_w100", mb), text, |b, t| {
            b.iter(|| layout_paragraph(black_box(t), 100, BidiMode::App, Style::new(), &hl).len())
        });
        let articles = vec![one_article(text)];
        let mut set = roaring::RoaringBitmap::new();
        set.insert(0);
        let query = KwicQuery::Text("في".into());
        g.bench_with_input(BenchmarkId::new("kwic_text", mb), &articles, |b, a| {
            b.iter(|| kwic(black_box(a), &set, &query, &KwicOptions::default()).len())
        });
        g.bench_with_input(BenchmarkId::new("tag", mb), text, |b, t| {
            b.iter(|| akhbar::entities::tag(&ex, black_box(t)).len())
        });
    }
    g.finish();
}

/// The explorer's first frame on an article of one 1 MB paragraph: the body laid out whole,
/// then drawn (later frames reuse the layout).
fn bench_first_frame(c: &mut Criterion) {
    let text = paragraph(1);
    let mut g = c.benchmark_group("frame_1mb_paragraph");
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.bench_function("first_frame_160x48", |b| {
        b.iter_with_setup(
            || {
                let mut app = akhbar::ui::update::start(
                    Library::assemble(
                        Corpus {
                            articles: vec![one_article(&text)],
                            ..Corpus::default()
                        },
                        EntityTable::default(),
                    ),
                    Rect::new(0, 0, 160, 48),
                    UiOptions::default(),
                );
                app.focus = Pane::Body;
                (app, Terminal::new(TestBackend::new(160, 48)).unwrap())
            },
            |(app, mut term)| {
                term.draw(|f| render(&app, f)).unwrap();
            },
        )
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = common::short_runs(4);
    targets = bench_scaling, bench_first_frame
}
criterion_main!(benches);

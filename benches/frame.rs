//! (d) Drawing one frame of the main screen (160x48, `TestBackend`) and one keystroke in the
//! title search (`update` + `render`) at 100k articles, searching in `update` and with the
//! search handed to the background searcher; (e) RTL layout of one article body.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::hint::black_box;

use akhbar::corpus::{embedded, Rules};
use akhbar::ui::action::Action;
use akhbar::ui::app::{App, InputKind, UiOptions};
use akhbar::ui::render::render;
use akhbar::ui::rtl::{layout_paragraph, BidiMode};
use akhbar::ui::update::update;
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::Terminal;

const W: u16 = 160;
const H: u16 = 48;

fn app(n: usize) -> App {
    let lib = common::library(common::articles(&common::material(), n));
    akhbar::ui::update::start(lib, Rect::new(0, 0, W, H), UiOptions::default())
}

fn draw(term: &mut Terminal<TestBackend>, app: &App) {
    term.draw(|f| render(app, f)).expect("draw");
}

fn bench_frame(c: &mut Criterion) {
    let mut app = app(100_000);
    let mut term = Terminal::new(TestBackend::new(W, H)).expect("terminal");
    let mut g = c.benchmark_group("frame_100k");
    g.bench_function("main_screen", |b| {
        b.iter(|| draw(&mut term, black_box(&app)))
    });

    // A keystroke mid-word and its Backspace: two keystrokes an iteration, each a full
    // `update` (which re-runs the search and recounts facets) and a full frame.
    g.throughput(Throughput::Elements(2));
    for (name, typed, next) in [("ar", "لافر", 'و'), ("latin", "lavr", 'o')] {
        update(&mut app, Action::StartInput(InputKind::Title));
        for ch in typed.chars() {
            update(&mut app, Action::Input(ch));
        }
        g.bench_with_input(BenchmarkId::new("keystroke", name), &next, |b, &ch| {
            b.iter(|| {
                update(&mut app, Action::Input(ch));
                draw(&mut term, &app);
                update(&mut app, Action::Backspace);
                draw(&mut term, &app);
            })
        });
        update(&mut app, Action::Escape);
    }

    // The same keystrokes as the explorer runs them: the search is handed to the background
    // searcher (here the job is dropped: what is timed is the UI thread's work, up to the
    // frame that shows the key).
    app.background_search = true;
    for (name, typed, next) in [("ar", "لافر", 'و'), ("latin", "lavr", 'o')] {
        update(&mut app, Action::StartInput(InputKind::Title));
        for ch in typed.chars() {
            update(&mut app, Action::Input(ch));
        }
        app.effects.clear();
        g.bench_with_input(
            BenchmarkId::new("keystroke_to_frame_background_search", name),
            &next,
            |b, &ch| {
                b.iter(|| {
                    update(&mut app, Action::Input(ch));
                    app.effects.clear();
                    draw(&mut term, &app);
                    update(&mut app, Action::Backspace);
                    app.effects.clear();
                    draw(&mut term, &app);
                })
            },
        );
        update(&mut app, Action::Escape);
    }
    app.background_search = false;
    g.finish();
}

fn bench_rtl(c: &mut Criterion) {
    let rules = Rules::builtin().expect("rules");
    let articles = embedded::articles(&rules);
    let body: Vec<String> = articles
        .iter()
        .find(|a| a.id.starts_with("000"))
        .expect("article 000")
        .paragraphs()
        .map(str::to_string)
        .collect();
    let mut g = c.benchmark_group("rtl_layout");
    g.throughput(Throughput::Bytes(body.iter().map(|p| p.len() as u64).sum()));
    g.bench_function("article_000_w80", |b| {
        b.iter(|| {
            body.iter()
                .map(|p| {
                    layout_paragraph(black_box(p), 80, BidiMode::App, Style::default(), &[]).len()
                })
                .sum::<usize>()
        })
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = common::short_runs(3);
    targets = bench_frame, bench_rtl
}
criterion_main!(benches);

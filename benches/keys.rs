//! Keystroke latency as a user would feel it: replays typing queries character by character
//! through `update` + `render` (160x48 `TestBackend`) with the title search on the explorer's
//! background searcher, and prints as one JSON line p50/p99 of keystroke → frame (`key_*`)
//! and of keystroke → frame with that query's results (`results_*`), with the cost of toggling
//! entity facets. Not a criterion bench: the distribution over real
//! keystrokes (1 char, 2 chars, ... each with a different result size) is the point.
//!
//! `AKHBAR_KEYS_CORPUS=PATH` opens a corpus with `library::open` (default: 10k generated
//! articles in memory); `AKHBAR_KEYS_QUERIES="q1,q2"` sets the queries;
//! `AKHBAR_KEYS_ROUNDS=N` repeats the whole replay N times (default 3);
//! `AKHBAR_KEYS_TOGGLE_ENTITIES=N` toggles only the first N entities (default: all).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::time::{Duration, Instant};

use akhbar::index::Filter;
use akhbar::library::{self, Library, OpenOptions};
use akhbar::ui::action::Action;
use akhbar::ui::app::{App, Effect, InputKind, UiOptions};
use akhbar::ui::render::render;
use akhbar::ui::search::Searcher;
use akhbar::ui::update::update;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;
use ratatui::Terminal;

const W: u16 = 160;
const H: u16 = 48;
const DEFAULT_QUERIES: &str = "لافروف بلينكن,lavrov blinken,وزارة الداخلية,tunis";

fn open() -> Library {
    match std::env::var_os("AKHBAR_KEYS_CORPUS") {
        Some(p) => library::open(&OpenOptions {
            path: Some(p.into()),
            ..OpenOptions::default()
        })
        .expect("open corpus"),
        None => common::library(common::articles(&common::material(), 10_000)),
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// The value below which `p` percent of the sorted samples fall (nearest rank).
fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    ms(sorted[rank.clamp(1, sorted.len()) - 1])
}

fn keystroke(app: &mut App, term: &mut Terminal<TestBackend>, a: Action) -> Duration {
    let t = Instant::now();
    update(app, a);
    term.draw(|f| render(app, f)).expect("draw");
    t.elapsed()
}

/// A keystroke as the explorer's event loop handles it: `update`, the background search
/// asked for handed to the searcher, a frame. Returns the time to that frame (the query line
/// shows the key) and the time until the list shows the results for it (the searcher's
/// answer applied and drawn); the next key is typed after that, so searches never overlap.
fn live_keystroke(
    app: &mut App,
    term: &mut Terminal<TestBackend>,
    searcher: &Searcher,
    a: Action,
) -> (Duration, Duration) {
    let t = Instant::now();
    update(app, a);
    for effect in std::mem::take(&mut app.effects) {
        if let Effect::Search(job) = effect {
            searcher.submit(*job);
        }
    }
    term.draw(|f| render(app, f)).expect("draw");
    let frame = t.elapsed();
    while app.searching {
        let Some(done) = searcher.recv_timeout(Duration::from_secs(30)) else {
            panic!("search did not answer in 30 s");
        };
        update(app, Action::SearchDone(std::sync::Arc::new(done)));
    }
    term.draw(|f| render(app, f)).expect("draw");
    (frame, t.elapsed())
}

/// Where a keystroke's time goes: each part of `update` + `render` timed again on its own,
/// after the keystroke, on the same state.
#[derive(Default)]
struct Phases {
    search: Vec<Duration>,
    entity_counts: Vec<Duration>,
    month_counts: Vec<Duration>,
    render: Vec<Duration>,
}

fn timed<T>(f: impl FnOnce() -> T) -> Duration {
    let t = Instant::now();
    std::hint::black_box(f());
    t.elapsed()
}

impl Phases {
    fn measure(&mut self, app: &App, term: &mut Terminal<TestBackend>) {
        let lib = &app.lib;
        self.search.push(timed(|| lib.apply(&app.filter)));
        let set = &app.results.set;
        self.entity_counts
            .push(timed(|| lib.index.entity_counts(set)));
        self.month_counts
            .push(timed(|| lib.index.month_counts(set)));
        self.render
            .push(timed(|| term.draw(|f| render(app, f)).map(|_| ())));
    }

    fn p50(&mut self) -> serde_json::Value {
        let p = |v: &mut Vec<Duration>| {
            v.sort();
            percentile(v, 50.0)
        };
        serde_json::json!({
            "search": p(&mut self.search),
            "entity_counts": p(&mut self.entity_counts),
            "month_counts": p(&mut self.month_counts),
            "render": p(&mut self.render),
        })
    }
}

fn main() {
    let start = Instant::now();
    let lib = open();
    let open_s = start.elapsed().as_secs_f64();
    let n = lib.articles().len();
    let queries = std::env::var("AKHBAR_KEYS_QUERIES").unwrap_or(DEFAULT_QUERIES.to_string());
    let rounds: usize = std::env::var("AKHBAR_KEYS_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(3);

    let t = Instant::now();
    let mut app = akhbar::ui::update::start(lib, Rect::new(0, 0, W, H), UiOptions::default());
    let app_new_ms = ms(t.elapsed());
    let mut term = Terminal::new(TestBackend::new(W, H)).expect("terminal");
    let frame = keystroke(&mut app, &mut term, Action::Resize(W, H));

    // As in the explorer: title searches run on the searcher's thread.
    app.background_search = true;
    let searcher = Searcher::spawn(std::sync::Arc::clone(&app.lib)).expect("search thread");
    let mut keys = Vec::new();
    let mut answers = Vec::new();
    let mut phases = Phases::default();
    for _ in 0..rounds {
        for q in queries.split(',') {
            update(&mut app, Action::StartInput(InputKind::Title));
            for ch in q.chars() {
                let (frame, answer) =
                    live_keystroke(&mut app, &mut term, &searcher, Action::Input(ch));
                keys.push(frame);
                answers.push(answer);
                phases.measure(&app, &mut term);
            }
            let (frame, answer) = live_keystroke(&mut app, &mut term, &searcher, Action::Escape);
            keys.push(frame);
            answers.push(answer);
        }
    }
    keys.sort();
    answers.sort();

    // Typing in the facet pane's filter (`f`): matched in `update`, no background search.
    let mut facet_keys = Vec::new();
    for _ in 0..rounds {
        for q in ["لافروف", "tunis", "وزارة"] {
            update(&mut app, Action::StartInput(InputKind::Facet));
            for ch in q.chars() {
                facet_keys.push(keystroke(&mut app, &mut term, Action::Input(ch)));
            }
            facet_keys.push(keystroke(&mut app, &mut term, Action::Escape));
        }
    }
    facet_keys.sort();

    // Facet toggles: each entity on its own, then back to no filter (which recounts all).
    let mut toggles = Vec::new();
    let n_entities = std::env::var("AKHBAR_KEYS_TOGGLE_ENTITIES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(u32::MAX)
        .min(app.lib.entities().entities.len() as u32);
    for _ in 0..rounds {
        for e in 0..n_entities {
            for f in [
                Filter {
                    entities: vec![e],
                    ..Filter::default()
                },
                Filter::default(),
            ] {
                let t = Instant::now();
                app.filter = f;
                akhbar::ui::update::refilter(&mut app);
                term.draw(|fr| render(&app, fr)).expect("draw");
                toggles.push(t.elapsed());
            }
        }
    }
    toggles.sort();

    let out = serde_json::json!({
        "articles": n,
        "open_s": open_s,
        "app_new_ms": app_new_ms,
        "first_frame_ms": ms(frame),
        "keystrokes": keys.len(),
        "key_p50_ms": percentile(&keys, 50.0),
        "key_p99_ms": percentile(&keys, 99.0),
        "key_max_ms": keys.last().map_or(0.0, |d| ms(*d)),
        "facet_filter_key_p50_ms": percentile(&facet_keys, 50.0),
        "facet_filter_key_p99_ms": percentile(&facet_keys, 99.0),
        "results_p50_ms": percentile(&answers, 50.0),
        "results_p99_ms": percentile(&answers, 99.0),
        "results_max_ms": answers.last().map_or(0.0, |d| ms(*d)),
        "phase_p50_ms": phases.p50(),
        "toggles": toggles.len(),
        "toggle_p50_ms": percentile(&toggles, 50.0),
        "toggle_p99_ms": percentile(&toggles, 99.0),
    });
    println!("KEYS_JSON {out}");
}

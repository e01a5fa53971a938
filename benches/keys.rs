//! Keystroke latency as a user would feel it: replays typing queries character by character
//! through `update` + `render` (160x48 `TestBackend`) and prints p50/p99 as one JSON line, with
//! the cost of toggling entity facets. Not a criterion bench: the distribution over real
//! keystrokes (1 char, 2 chars, ... each with a different result size) is the point.
//!
//! `AKHBAR_KEYS_CORPUS=PATH` opens a corpus with `library::open` (default: 10k generated
//! articles in memory); `AKHBAR_KEYS_QUERIES="q1,q2"` sets the queries;
//! `AKHBAR_KEYS_ROUNDS=N` repeats the whole replay N times (default 3).

mod common;

use std::time::{Duration, Instant};

use akhbar::index::Filter;
use akhbar::library::{self, Library, OpenOptions};
use akhbar::ui::action::Action;
use akhbar::ui::app::{App, InputKind, UiOptions};
use akhbar::ui::render::render;
use akhbar::ui::update::update;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;
use ratatui::Terminal;

const W: u16 = 160;
const H: u16 = 48;
const DEFAULT_QUERIES: &str = "لافروف بلينكن,lavrov blinken,وزارة الداخلية,tunis";

fn open() -> Library {
    let lib = match std::env::var_os("AKHBAR_KEYS_CORPUS") {
        Some(p) => library::open(&OpenOptions {
            path: Some(p.into()),
            ..OpenOptions::default()
        })
        .expect("open corpus"),
        None => return common::library(common::articles(&common::material(), 10_000)),
    };
    // Entity extraction is a stub today: add the stand-in entities so facets count something.
    if lib.entities.entities.is_empty() {
        common::with_entities(lib)
    } else {
        lib
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
    let mut app = App::new(lib, Rect::new(0, 0, W, H), UiOptions::default());
    let app_new_ms = ms(t.elapsed());
    let mut term = Terminal::new(TestBackend::new(W, H)).expect("terminal");
    let frame = keystroke(&mut app, &mut term, Action::Resize(W, H));

    let mut keys = Vec::new();
    let mut phases = Phases::default();
    for _ in 0..rounds {
        for q in queries.split(',') {
            update(&mut app, Action::StartInput(InputKind::Title));
            for ch in q.chars() {
                keys.push(keystroke(&mut app, &mut term, Action::Input(ch)));
                phases.measure(&app, &mut term);
            }
            keys.push(keystroke(&mut app, &mut term, Action::Escape));
        }
    }
    keys.sort();

    // Facet toggles: each entity on its own, then back to no filter (which recounts all).
    let mut toggles = Vec::new();
    let n_entities = app.lib.entities.entities.len() as u32;
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
        "phase_p50_ms": phases.p50(),
        "toggles": toggles.len(),
        "toggle_p50_ms": percentile(&toggles, 50.0),
        "toggle_p99_ms": percentile(&toggles, 99.0),
    });
    println!("KEYS_JSON {out}");
}

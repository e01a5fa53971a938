//! The explorer's title search off the UI thread: typing asks the searcher and returns at
//! once, the list shows the answer when it comes, and answers to older keystrokes are dropped.
//! Driven through the same `update` and `Searcher` the event loop uses.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::screen::screen;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use akhbar::library::{open, OpenOptions};
use akhbar::ui::action::Action;
use akhbar::ui::app::{App, Effect, InputKind, UiOptions};
use akhbar::ui::search::{SearchJob, Searcher};
use akhbar::ui::theme::Theme;
use akhbar::ui::update::update;
use ratatui::layout::Rect;

fn app(background: bool) -> App {
    let opts = OpenOptions {
        path: Some(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data")),
        ..OpenOptions::default()
    };
    let lib = open(&opts).expect("default corpus");
    let ui = UiOptions {
        theme: Some(Theme { color: false }),
        ..UiOptions::default()
    };
    let mut app = akhbar::ui::update::start(lib, Rect::new(0, 0, 150, 30), ui);
    app.background_search = background;
    app
}

/// Types `s` into the title query line, returning the search jobs `update` asked for.
fn type_query(app: &mut App, s: &str) -> Vec<SearchJob> {
    update(app, Action::StartInput(InputKind::Title));
    let mut jobs = Vec::new();
    for c in s.chars() {
        update(app, Action::Input(c));
        for e in std::mem::take(&mut app.effects) {
            if let Effect::Search(job) = e {
                jobs.push(*job);
            }
        }
    }
    jobs
}

fn answer(searcher: &Searcher, job: SearchJob) -> Action {
    searcher.submit(job);
    let done = searcher
        .recv_timeout(Duration::from_secs(30))
        .expect("the searcher answers");
    Action::SearchDone(Arc::new(done))
}

#[test]
fn typing_returns_at_once_and_the_answer_matches_a_search_in_place() {
    let mut sync = app(false);
    type_query(&mut sync, "لافروف");
    assert_eq!(sync.results.articles.len(), 2, "000 and 001 name Lavrov");

    let mut live = app(true);
    let before = live.results.clone();
    let jobs = type_query(&mut live, "لافروف");
    assert_eq!(jobs.len(), 6, "one search asked per key");
    assert!(live.searching);
    assert_eq!(live.results, before, "the list waits for the answer");
    let shown = screen(&live);
    assert!(
        shown.contains("Articles 5/5 · relevance searching…"),
        "{shown}"
    );

    let searcher = Searcher::spawn(Arc::clone(&live.lib)).expect("search thread");
    let last = jobs.last().cloned().expect("a job");
    update(&mut live, answer(&searcher, last));
    assert!(!live.searching);
    assert_eq!(live.results, sync.results);
    assert_eq!(live.results_for, sync.results_for);
    assert_eq!(screen(&live), screen(&sync));
}

#[test]
fn an_answer_to_an_older_keystroke_is_dropped() {
    let mut live = app(true);
    let jobs = type_query(&mut live, "بلينكن");
    let searcher = Searcher::spawn(Arc::clone(&live.lib)).expect("search thread");
    let before = live.results.clone();
    // The answer for "ب" arrives after "بلينكن" was typed: it must not show.
    update(&mut live, answer(&searcher, jobs[0].clone()));
    assert!(live.searching);
    assert_eq!(live.results, before);
    update(&mut live, answer(&searcher, jobs[5].clone()));
    assert!(!live.searching);
    assert_eq!(live.results_for.query, "بلينكن");
    assert!(!live.results.articles.is_empty());
    assert!(live.results.articles.len() < 5);
}

#[test]
fn escape_during_a_search_wins_over_its_answer() {
    let mut live = app(true);
    let jobs = type_query(&mut live, "lavrov");
    update(&mut live, Action::Escape);
    assert!(!live.searching);
    let cancel: Vec<_> = std::mem::take(&mut live.effects)
        .into_iter()
        .filter(|e| matches!(e, Effect::CancelSearch(g) if *g > jobs[5].generation))
        .collect();
    assert_eq!(cancel.len(), 1, "the running search is told to stop");
    assert_eq!(live.results.articles.len(), 5, "the query is gone");
    let searcher = Searcher::spawn(Arc::clone(&live.lib)).expect("search thread");
    update(&mut live, answer(&searcher, jobs[5].clone()));
    assert_eq!(
        live.results.articles.len(),
        5,
        "a late answer does not bring it back"
    );
    assert!(live.filter.query.is_empty());
}

#[test]
fn the_searcher_answers_the_newest_of_many_jobs() {
    let live = app(true);
    let mut typing = app(true);
    let jobs = type_query(&mut typing, "lavrov blinken");
    let searcher = Searcher::spawn(Arc::clone(&live.lib)).expect("search thread");
    for job in &jobs {
        searcher.submit(job.clone());
    }
    // Stale jobs may be answered before the newest arrives, or skipped; the newest always is.
    let newest = jobs.last().map(|j| j.generation).expect("a job");
    let mut last = None;
    while last != Some(newest) {
        let done = searcher
            .recv_timeout(Duration::from_secs(30))
            .expect("the newest job is answered");
        assert!(done.generation <= newest);
        if done.generation == newest {
            assert_eq!(done.filter.query, "lavrov blinken");
            let mut sync = app(false);
            type_query(&mut sync, "lavrov blinken");
            assert_eq!(done.results, sync.results);
        }
        last = Some(done.generation);
    }
}

#[test]
fn a_cancelled_job_is_not_answered_and_the_next_one_is() {
    let mut typing = app(true);
    let jobs = type_query(&mut typing, "lavrov");
    let searcher = Searcher::spawn(Arc::clone(&typing.lib)).expect("search thread");
    let mut job = jobs[5].clone();
    searcher.cancel(job.generation + 1);
    searcher.submit(job.clone());
    assert!(
        searcher.recv_timeout(Duration::from_millis(300)).is_none(),
        "a job older than the cancellation is skipped"
    );
    job.generation += 2;
    searcher.submit(job.clone());
    let done = searcher
        .recv_timeout(Duration::from_secs(30))
        .expect("a newer job is answered");
    assert_eq!(done.generation, job.generation);
}

/// Body search (Enter after ctrl-f) reads every body: the searcher does it, the explorer stays
/// live meanwhile, and the answer lists the articles and scrolls to the first hit.
#[test]
fn body_search_runs_on_the_searcher_and_scrolls_to_the_first_hit() {
    let mut app = app(true);
    let searcher = Searcher::spawn(Arc::clone(&app.lib)).unwrap();
    update(&mut app, Action::StartInput(InputKind::Text));
    for c in "لافروف".chars() {
        update(&mut app, Action::Input(c));
    }
    app.effects.clear();
    update(&mut app, Action::Enter);
    let jobs: Vec<SearchJob> = std::mem::take(&mut app.effects)
        .into_iter()
        .filter_map(|e| match e {
            Effect::Search(job) => Some(*job),
            _ => None,
        })
        .collect();
    assert_eq!(jobs.len(), 1, "Enter asks the searcher");
    assert_eq!(
        app.results.articles.len(),
        5,
        "the list waits for the answer"
    );
    assert!(screen(&app).contains("searching the bodies"));
    let job = jobs.into_iter().next().unwrap();
    update(&mut app, answer(&searcher, job));
    let expected = app.lib.apply(&app.filter).articles;
    assert_eq!(app.results.articles, expected);
    assert!(expected.len() < 5 && !expected.is_empty());
    assert_eq!(app.hit_cursor, Some(0), "the first hit is the current one");
}

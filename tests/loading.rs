//! Loading a large corpus: the explorer's frame and a progress line come at once, the quit
//! key works during the load, and headless commands draw progress on standard error only
//! when it is a terminal.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use akhbar::corpus::LoadProgress;
use akhbar::ui::loading::{render, Loading};
use common::pty::{contains, Session};
use ratatui::backend::TestBackend;
use ratatui::Terminal;

/// A generated corpus of 20,000 articles (about 96 MB): seconds to load in a debug build.
fn big_corpus(dir: &Path) -> PathBuf {
    let out = dir.join("big.jsonl");
    let status = Command::new(env!("CARGO_BIN_EXE_akhbar"))
        .args([
            "generate",
            "--articles",
            "20000",
            "--seed",
            "7",
            "--format",
            "jsonl",
        ])
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    out
}

#[test]
fn the_explorer_shows_progress_at_once_and_quits_during_the_load() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = big_corpus(dir.path());
    let mut s = Session::start(&[corpus.to_str().unwrap()], dir.path(), 100, 24, &[]);
    s.wait_for("the loading screen", 10, |sc| {
        sc.contains("opening ") && sc.contains("q or ctrl-c quits")
    });
    s.wait_for("articles counted as they load", 20, |sc| {
        sc.contains(" articles") && sc.contains(" MB of ") && !sc.contains(" 0 articles")
    });
    assert!(s.parser.screen().alternate_screen());
    s.send(b"q");
    assert_eq!(s.wait_exit(20), 0);
    // The explorer never opened: q ended the load, it did not wait in a buffer for it.
    assert!(
        !contains(&s.raw, b"Articles 20000"),
        "the list was drawn before q was taken"
    );
    assert!(
        !s.parser.screen().alternate_screen(),
        "alternate screen left on"
    );
}

#[test]
fn headless_progress_goes_to_a_terminal_and_never_to_a_pipe() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = big_corpus(dir.path());
    let path = corpus.to_str().unwrap();
    // Standard error a terminal: the bar shows, then is cleared.
    let mut s = Session::start(
        &["list", "--from", "2030-01-01", path],
        dir.path(),
        120,
        24,
        &[],
    );
    assert_eq!(s.wait_exit(60), 0);
    assert!(
        contains(&s.raw, b" MB of "),
        "no progress bar on a terminal"
    );
    // Piped: no progress text and no control sequences on standard error.
    let out = Command::new(env!("CARGO_BIN_EXE_akhbar"))
        .args(["list", "--from", "2030-01-01", path])
        .output()
        .unwrap();
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains(" MB of ") && !err.contains('\x1b'), "{err:?}");
}

fn draw(l: &Loading, w: u16, h: u16) -> String {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| render(l, f)).unwrap();
    let buf = t.backend().buffer();
    (0..h)
        .map(|y| (0..w).map(|x| buf[(x, y)].symbol()).collect::<String>() + "\n")
        .collect()
}

#[test]
fn the_loading_screen_names_the_corpus_and_counts() {
    let p = LoadProgress::default();
    p.set_totals(1, 122_000_000);
    p.add(61_000_000, 49_812);
    let l = Loading {
        what: "/srv/news/archive.jsonl",
        snapshot: p.snapshot(),
        elapsed: Duration::from_secs(1),
        quit_key: 'q',
    };
    let shown = draw(&l, 100, 24);
    assert!(shown.contains("opening /srv/news/archive.jsonl"), "{shown}");
    assert!(shown.contains("50%"), "{shown}");
    assert!(
        shown.contains(
            "read 61 MB of 122 MB · 0 of 1 files · 49,812 articles · 61 MB/s · about 1 s left"
        ),
        "{shown}"
    );
    for (w, h) in [(1, 1), (10, 3), (40, 8), (80, 24)] {
        draw(&l, w, h); // no panic at any size
    }
}

/// Corpus cache files (not the entities beside them) and temp files in `cache/akhbar`.
fn cache_files(cache: &Path) -> (usize, usize) {
    let names: Vec<String> = std::fs::read_dir(cache.join("akhbar"))
        .map(|d| {
            d.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    let bins = names
        .iter()
        .filter(|n| n.starts_with("corpus-") && n.ends_with(".bin"))
        .filter(|n| !n.ends_with(".entities.bin"))
        .count();
    let temps = names.iter().filter(|n| n.ends_with(".tmp")).count();
    (bins, temps)
}

/// The explorer writes the corpus cache after the list is on screen, not before, and quitting
/// while it writes stops the write without leaving a temp file.
#[test]
fn the_explorer_writes_the_cache_once_on_screen_and_quitting_leaves_no_temp_file() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = big_corpus(dir.path());
    let cache = dir.path().join("cache");
    let env = [("XDG_CACHE_HOME", cache.to_str().unwrap())];
    let path = corpus.to_str().unwrap();

    // Quit as soon as the list shows: whether the write was done or stopped, no temp file.
    let mut s = Session::start(&[path], dir.path(), 100, 24, &env);
    s.wait_for("the list", 60, |sc| sc.contains("Articles 20000"));
    s.send(b"q");
    assert_eq!(s.wait_exit(30), 0);
    assert_eq!(cache_files(&cache).1, 0, "a temp file was left behind");

    // Stay: the cache file appears while the explorer runs.
    let mut s = Session::start(&[path], dir.path(), 100, 24, &env);
    s.wait_for("the list", 60, |sc| sc.contains("Articles 20000"));
    let written = (0..300).any(|_| {
        std::thread::sleep(Duration::from_millis(100));
        s.pump(Duration::from_millis(1));
        cache_files(&cache).0 > 0
    });
    assert!(written, "no cache file after 30 s on screen");
    s.send(b"q");
    assert_eq!(s.wait_exit(30), 0);
    assert_eq!(cache_files(&cache), (1, 0));
}

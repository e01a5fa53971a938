//! The terminal explorer, in The Elm Architecture: [`app::App`] is the state, terminal events
//! become [`action::Action`]s, [`update::update`] is the only place state changes and
//! [`render::render`] only draws. This module is the thin loop around them: it blocks on one
//! channel of messages (input, signals, workers' results) and does the I/O `update` asks for;
//! [`tui`] is the terminal guard.

pub mod action;
pub mod app;
pub mod body;
pub mod chips;
pub mod facets;
pub mod help;
pub mod layout;
pub mod list;
pub mod loading;
pub mod render;
pub mod rtl;
pub mod sanitize;
pub mod search;
pub mod theme;
pub mod tui;
pub mod types;
pub mod update;
pub mod views;

use std::io;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use ratatui::layout::Rect;

use crate::corpus::LoadProgress;
use crate::library::{self, Library, Pending};
use action::Action;
use app::{App, Effect, UiOptions};
use tui::{Msg, Tui};

/// A corpus opened for the explorer, with the entity extraction still to do.
pub type Opened = Result<(Library, Pending)>;

/// The corpus the explorer is to open: `open` loads it on a worker while the loading screen
/// shows `progress`; `what` names it on that screen.
pub struct Opening {
    pub open: Box<dyn FnOnce() -> Opened + Send>,
    pub progress: Arc<LoadProgress>,
    pub what: String,
}

/// Opens the explorer at once, loads the corpus on a worker while a progress screen shows how
/// far it is (the quit key and ctrl-c work meanwhile), then runs the explorer until the user
/// quits. Entity extraction runs beside the explorer, which shows the corpus at once.
pub fn run(opening: Opening, opts: UiOptions) -> Result<()> {
    if !io::IsTerminal::is_terminal(&io::stdout()) {
        anyhow::bail!(
            "the explorer needs a terminal; use `akhbar list`, `show` or `stats` in scripts"
        );
    }
    let (tx, rx) = mpsc::channel();
    tui::watch_signals(tx.clone())?;
    let mut tui = Tui::enter()?;
    tui::spawn_input(tx.clone());
    let Opening {
        open,
        progress,
        what,
    } = opening;
    let loaded = tx.clone();
    std::thread::spawn(move || {
        let opened = std::panic::catch_unwind(std::panic::AssertUnwindSafe(open))
            .unwrap_or_else(|_| Err(anyhow::anyhow!("loading the corpus failed")));
        let _ = loaded.send(Msg::Loaded(Box::new(opened)));
    });
    let quit_key = opts.keys.key_of(crate::keys::Command::Quit);
    let wait = LoadWait {
        progress: &progress,
        what: &what,
        quit_key,
    };
    let Some((lib, pending)) = wait_for_load(&mut tui, &rx, &wait)? else {
        progress.cancel();
        return Ok(());
    };
    let said = |what: &str, s: &crate::corpus::Skipped| format!("akhbar: {what}{s}");
    let mut skipped: Vec<String> = lib
        .corpus
        .skipped
        .iter()
        .map(|s| said("skipped ", s))
        .collect();
    skipped.extend(lib.corpus.notes.iter().map(|s| said("note: ", s)));
    let result = event_loop(&mut tui, lib, Some(pending), opts, &tx, &rx);
    // Files that could not be read are listed once the terminal is back.
    drop(tui);
    for s in skipped {
        eprintln!("{}", crate::report::safe_text(&s));
    }
    result
}

/// What the loading screen needs.
struct LoadWait<'a> {
    progress: &'a LoadProgress,
    what: &'a str,
    quit_key: char,
}

/// Draws the loading screen ten times a second until the corpus is loaded; `None` when the
/// user quit first.
fn wait_for_load(
    tui: &mut Tui,
    rx: &Receiver<Msg>,
    w: &LoadWait,
) -> Result<Option<(Library, Pending)>> {
    let start = Instant::now();
    loop {
        let screen = loading::Loading {
            what: w.what,
            snapshot: w.progress.snapshot(),
            elapsed: start.elapsed(),
            quit_key: w.quit_key,
        };
        tui.term.draw(|f| loading::render(&screen, f))?;
        match rx.recv_timeout(Duration::from_millis(100)) {
            Ok(Msg::Loaded(opened)) => return opened.map(Some),
            Ok(Msg::Quit) | Err(RecvTimeoutError::Disconnected) => return Ok(None),
            Ok(Msg::Suspend) => tui.suspend()?,
            Ok(Msg::Input(ev)) if quits_loading(&ev, w.quit_key) => return Ok(None),
            Ok(Msg::Input(crossterm::event::Event::Resize(..))) => tui.term.autoresize()?,
            Ok(_) | Err(RecvTimeoutError::Timeout) => {}
        }
    }
}

/// The quit key, Esc or ctrl-c (ctrl-z suspends, as in the explorer).
fn quits_loading(ev: &crossterm::event::Event, quit_key: char) -> bool {
    use crossterm::event::{Event, KeyCode, KeyEventKind, KeyModifiers};
    let Event::Key(k) = ev else { return false };
    if k.kind == KeyEventKind::Release {
        return false;
    }
    let ctrl = k.modifiers.contains(KeyModifiers::CONTROL);
    match k.code {
        KeyCode::Char('c') if ctrl => true,
        KeyCode::Esc => true,
        KeyCode::Char(c) if !ctrl => c == quit_key,
        _ => false,
    }
}

/// Blocks on the one channel: terminal input, signals and every worker's result (entities,
/// then near-duplicates; title searches) come as messages. Draws only when something changed.
fn event_loop(
    tui: &mut Tui,
    lib: Library,
    pending: Option<Pending>,
    opts: UiOptions,
    tx: &Sender<Msg>,
    rx: &Receiver<Msg>,
) -> Result<()> {
    let size = tui.term.size()?;
    let mut app = update::start(lib, Rect::new(0, 0, size.width, size.height), opts);
    let (skipped, notes) = (app.lib.corpus.skipped.len(), app.lib.corpus.notes.len());
    if skipped + notes > 0 {
        let msg = match (skipped, notes) {
            (_, 0) => format!("{skipped} file(s) or line(s) skipped; listed when you quit"),
            (0, _) => format!("{notes} file(s) or line(s) had invalid UTF-8 bytes, shown as \u{FFFD}; listed when you quit"),
            _ => format!("{skipped} skipped, {notes} with invalid UTF-8 bytes; listed when you quit"),
        };
        update::update(&mut app, Action::Notify(msg));
    }
    let workers = Workers {
        searcher: spawn_searcher(&app, tx),
        tx: tx.clone(),
    };
    app.background_search = workers.searcher.is_some();
    // Held to the end of the loop: quitting stops a write still going and waits for it.
    let mut _cache_write = None;
    match pending {
        Some(mut p) => {
            _cache_write = p.take_cache_write().map(|w| CacheWriter::spawn(&app, w));
            spawn_entities(&app, p, tx.clone());
        }
        None => spawn_near_duplicates(&app, tx.clone()),
    }
    spawn_ticker(&app, tx.clone());
    loop {
        tui.term.draw(|f| render::render(&app, f))?;
        if let Some(key) = body::wanted(&app) {
            spawn_body_layout(&app, key, tx.clone());
        }
        let Ok(msg) = rx.recv() else {
            return Ok(());
        };
        // Take every waiting message before drawing again, so fast typing costs one frame.
        let mut next = Some(msg);
        while let Some(msg) = next {
            if !handle(tui, &mut app, msg, &workers)? {
                return Ok(());
            }
            next = rx.try_recv().ok();
        }
    }
}

/// One message; false when the explorer is to end.
fn handle(tui: &mut Tui, app: &mut App, msg: Msg, workers: &Workers) -> Result<bool> {
    match msg {
        Msg::Quit => return Ok(false),
        Msg::Suspend => tui.suspend()?,
        Msg::Input(ev) => match action::from_event(&ev, app.mode, &app.keys) {
            Some(Action::Suspend) => tui.suspend()?,
            Some(action) => {
                update::update(app, action);
                run_effects(app, workers);
            }
            None => {}
        },
        Msg::Action(action) => update::update(app, action),
        // Only a redraw: the progress shown is read from the workers' counters.
        Msg::Tick | Msg::Loaded(_) => {}
    }
    Ok(!app.quit)
}

/// The background title searcher, answering on the loop's channel.
fn spawn_searcher(app: &App, tx: &Sender<Msg>) -> Option<search::Searcher> {
    let tx = tx.clone();
    search::Searcher::spawn_with(Arc::clone(&app.lib), move |done| {
        tx.send(Msg::Action(Action::SearchDone(Arc::new(done))))
            .is_ok()
    })
}

/// Entity extraction beside the explorer, on a rayon pool of its own: a title search typed
/// meanwhile runs on the global pool beside it, instead of queueing behind thousands of
/// extraction jobs. A failure leaves the explorer without entities, not without a corpus.
fn spawn_entities(app: &App, pending: Pending, tx: Sender<Msg>) {
    let lib = Arc::clone(&app.lib);
    let done = Arc::clone(&app.dups_done);
    std::thread::spawn(move || {
        let filled = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            match rayon::ThreadPoolBuilder::new().build() {
                Ok(pool) => pool.install(|| pending.extract(&lib)),
                Err(_) => pending.extract(&lib),
            }
        }));
        let action = match filled {
            Ok(()) => Action::EntitiesReady,
            Err(_) => Action::Notify("entity extraction failed; facets show dates only".into()),
        };
        // Near-duplicates go after the entities, whether they were found or not: the facets
        // need the entities first.
        if tx.send(Msg::Action(action)).is_ok() {
            // Saved once they are on screen, then the clusters.
            pending.save(&lib);
            let _ = tx.send(Msg::Action(near_duplicates(&lib, &done)));
        }
    });
}

/// The corpus cache, written beside the explorer once the corpus is on screen. Dropping it
/// (the explorer quits) stops the write between two groups of chunks and waits for that, so
/// no half-written temp file is left in the cache folder.
struct CacheWriter {
    stop: Arc<std::sync::atomic::AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl CacheWriter {
    fn spawn(app: &App, write: library::CacheWrite) -> CacheWriter {
        let lib = Arc::clone(&app.lib);
        let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let asked = Arc::clone(&stop);
        let thread = std::thread::spawn(move || {
            let cancel = || asked.load(std::sync::atomic::Ordering::Relaxed);
            let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                write.write(&lib, &cancel)
            }));
        });
        CacheWriter {
            stop,
            thread: Some(thread),
        }
    }
}

impl Drop for CacheWriter {
    fn drop(&mut self) {
        self.stop.store(true, std::sync::atomic::Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// The near-duplicate clustering of the whole corpus on a thread of its own.
fn spawn_near_duplicates(app: &App, tx: Sender<Msg>) {
    let lib = Arc::clone(&app.lib);
    let done = Arc::clone(&app.dups_done);
    std::thread::spawn(move || {
        let _ = tx.send(Msg::Action(near_duplicates(&lib, &done)));
    });
}

/// Redraws four times a second while entities or near-duplicates are being found, so that
/// their progress moves on screen; stops once the clustering, which comes after the entities
/// whether they were found or not, has read every article, or when the explorer has ended.
fn spawn_ticker(app: &App, tx: Sender<Msg>) {
    let total = app.lib.index.len();
    let done = Arc::clone(&app.dups_done);
    std::thread::spawn(move || loop {
        std::thread::sleep(Duration::from_millis(250));
        let clustered = done.load(std::sync::atomic::Ordering::Relaxed) >= total;
        if clustered || tx.send(Msg::Tick).is_err() {
            return;
        }
    });
}

/// The near-duplicate clusters of the whole corpus, as the action that delivers them.
fn near_duplicates(lib: &Library, done: &std::sync::atomic::AtomicUsize) -> Action {
    let mut all = roaring::RoaringBitmap::new();
    all.insert_range(0..lib.index.len() as u32);
    let opts = crate::analysis::DupOptions::default();
    let report = crate::analysis::near_duplicates_counting(lib.articles(), &all, &opts, done);
    Action::DupsReady(Arc::new(report))
}

/// What runs beside the event loop and answers on its channel.
struct Workers {
    searcher: Option<search::Searcher>,
    tx: Sender<Msg>,
}

/// The full layout of a long body on a thread of its own. Only the newest request is laid
/// out: one overtaken while it waited (the user moved on) is dropped before it starts.
fn spawn_body_layout(app: &App, key: types::BodyKey, tx: Sender<Msg>) {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEWEST: AtomicU64 = AtomicU64::new(0);
    let ticket = NEWEST.fetch_add(1, Ordering::SeqCst) + 1;
    let (lib, theme) = (Arc::clone(&app.lib), app.theme.clone());
    std::thread::spawn(move || {
        static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());
        let _turn = ONE_AT_A_TIME.lock();
        if NEWEST.load(Ordering::SeqCst) != ticket {
            return;
        }
        let view = Arc::new(body::full_layout(&lib, &key, &theme));
        let _ = tx.send(Msg::Action(Action::BodyLaidOut(Arc::new((key, view)))));
    });
}

/// Keyword in context on a thread of its own; the answer is dropped if a newer one was asked
/// for or Esc cancelled it.
fn spawn_kwic(lib: Arc<Library>, job: app::KwicJob, tx: Sender<Msg>) {
    std::thread::spawn(move || {
        let opts = crate::analysis::KwicOptions::default();
        let rows = crate::analysis::kwic(lib.articles(), &job.set, &job.query, &opts);
        let found = Arc::new((job.title, rows));
        let _ = tx.send(Msg::Action(Action::KwicDone(job.generation, found)));
    });
}

/// Does the I/O `update` asked for, and reports back through `update`.
fn run_effects(app: &mut App, workers: &Workers) {
    let searcher = workers.searcher.as_ref();
    for effect in std::mem::take(&mut app.effects) {
        let result = match effect {
            Effect::Kwic(job) => {
                spawn_kwic(Arc::clone(&app.lib), *job, workers.tx.clone());
                continue;
            }
            Effect::Search(job) => {
                if let Some(s) = searcher {
                    s.submit(*job);
                }
                continue;
            }
            Effect::CancelSearch(generation) => {
                if let Some(s) = searcher {
                    s.cancel(generation);
                }
                continue;
            }
            Effect::Copy(text) => osc52(&text).map(|_| None),
            Effect::Export(ids, format) => {
                let path = crate::export::default_name(&app.export_dir, format);
                crate::export::write(&app.lib, &ids, format, &path).map(|_| {
                    // The whole path: the explorer may have been started anywhere.
                    let shown = std::path::absolute(&path).unwrap_or(path.clone());
                    Some(format!(
                        "exported {} articles to {}",
                        ids.len(),
                        shown.display()
                    ))
                })
            }
            Effect::Mark(id, on) => save_mark(id, on),
            Effect::SaveHistory => save(crate::persist::history_path(), &app.history),
        };
        let msg = match result {
            Ok(Some(msg)) => msg,
            Ok(None) => continue,
            Err(e) => format!("{e:#}"),
        };
        update::update(app, Action::Notify(crate::report::safe_text(&msg)));
    }
}

/// One mark added or taken off in the marks file, merged under its lock with what another
/// explorer wrote.
fn save_mark(id: String, on: bool) -> Result<Option<String>> {
    let path = crate::persist::marks_path()
        .context("no state folder (is $HOME set?): marks are not saved")?;
    let (_, note) = crate::persist::update_json(&path, |m: &mut crate::persist::Marks| {
        if on {
            m.marks.insert(id);
        } else {
            m.marks.remove(&id);
        }
    })?;
    Ok(note)
}

fn save<T: serde::Serialize>(
    path: Option<std::path::PathBuf>,
    value: &T,
) -> Result<Option<String>> {
    let path = path.context("no state folder (is $HOME set?): marks and history are not saved")?;
    crate::persist::write_json(&path, value)?;
    Ok(None)
}

/// Puts `text` on the clipboard of the terminal the user sits at, through SSH and tmux: the
/// OSC 52 escape sequence. The text is base64, so nothing in it can act as a control.
fn osc52(text: &str) -> Result<()> {
    use base64::Engine;
    use std::io::Write;
    let b64 = base64::engine::general_purpose::STANDARD.encode(text.as_bytes());
    let mut out = io::stdout().lock();
    write!(out, "\x1b]52;c;{b64}\x07")?;
    out.flush()?;
    Ok(())
}

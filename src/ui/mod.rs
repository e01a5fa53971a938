//! The terminal explorer, in The Elm Architecture: [`app::App`] is the state, terminal events
//! become [`action::Action`]s, [`update::update`] is the only place state changes and
//! [`render::render`] only draws. This module is the thin terminal layer around them: raw mode,
//! the alternate screen, signals, suspend, and restoring the terminal on every way out.

pub mod action;
pub mod app;
pub mod body;
pub mod chips;
pub mod facets;
pub mod help;
pub mod layout;
pub mod list;
pub mod render;
pub mod rtl;
pub mod sanitize;
pub mod search;
pub mod theme;
pub mod types;
pub mod update;
pub mod views;

use std::io::{self, Stdout};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result};
use crossterm::event::{self, DisableMouseCapture, EnableMouseCapture};
use crossterm::execute;
use crossterm::terminal::{self, EnterAlternateScreen, LeaveAlternateScreen};
use ratatui::backend::CrosstermBackend;
use ratatui::layout::Rect;
use ratatui::Terminal;

use crate::library::{Library, Pending};
use action::Action;
use app::{App, Effect, UiOptions};

type Term = Terminal<CrosstermBackend<Stdout>>;

/// Opens the explorer on a loaded library and runs it until the user quits. `pending` is the
/// entity extraction still to do: it runs beside the explorer, which shows the corpus at once.
pub fn run(lib: Library, pending: Option<Pending>, opts: UiOptions) -> Result<()> {
    if !io::IsTerminal::is_terminal(&io::stdout()) {
        anyhow::bail!(
            "the explorer needs a terminal; use `akhbar list`, `show` or `stats` in scripts"
        );
    }
    let stop = Arc::new(AtomicBool::new(false));
    watch_for_hangup(Arc::clone(&stop))?;
    install_panic_hook();
    let mut terminal = enter()?;
    let result = event_loop(&mut terminal, lib, pending, opts, &stop);
    leave();
    result
}

/// SIGTERM, SIGHUP (an SSH drop) or a terminal that has gone away end the explorer. The main
/// loop sees `stop` within a frame; but on a hung-up terminal crossterm's poll can spin without
/// returning, so after a grace period this thread restores what it can and exits itself.
fn watch_for_hangup(stop: Arc<AtomicBool>) -> Result<()> {
    use signal_hook::consts::{SIGHUP, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP])
        .context("cannot install signal handlers")?;
    let on_signal = Arc::clone(&stop);
    std::thread::spawn(move || {
        if let Some(sig) = signals.forever().next() {
            give_up(&on_signal, 128 + sig);
        }
    });
    std::thread::spawn(move || loop {
        std::thread::sleep(Duration::from_millis(500));
        if terminal::size().is_err() {
            give_up(&stop, 129);
        }
    });
    Ok(())
}

fn give_up(stop: &AtomicBool, code: i32) {
    stop.store(true, Ordering::Relaxed);
    std::thread::sleep(Duration::from_millis(400));
    leave();
    std::process::exit(code);
}

fn enter() -> Result<Term> {
    terminal::enable_raw_mode().context("cannot put the terminal in raw mode")?;
    execute!(io::stdout(), EnterAlternateScreen, EnableMouseCapture)?;
    let mut t = Terminal::new(CrosstermBackend::new(io::stdout()))?;
    redraw_all(&mut t)?;
    Ok(t)
}

/// Clears the screen and forgets what was drawn, so the next frame is drawn whole. (Unlike
/// `Terminal::clear`, this does not ask the terminal for the cursor position, a query that
/// some terminals and pseudo-terminals never answer.)
fn redraw_all(t: &mut Term) -> Result<()> {
    let size = t.size()?;
    t.resize(Rect::new(0, 0, size.width, size.height))?;
    Ok(())
}

/// Puts the terminal back as it was. Safe to call more than once; errors are ignored because
/// the terminal may already be gone (an SSH drop).
fn leave() {
    let _ = execute!(
        io::stdout(),
        DisableMouseCapture,
        LeaveAlternateScreen,
        crossterm::cursor::Show
    );
    let _ = terminal::disable_raw_mode();
}

fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        leave();
        previous(info);
    }));
}

fn event_loop(
    terminal: &mut Term,
    lib: Library,
    pending: Option<Pending>,
    opts: UiOptions,
    stop: &AtomicBool,
) -> Result<()> {
    let size = terminal.size()?;
    let mut app = update::start(lib, Rect::new(0, 0, size.width, size.height), opts);
    let searcher = search::Searcher::spawn(Arc::clone(&app.lib));
    app.background_search = searcher.is_some();
    // Entity extraction, then near-duplicate clustering, run beside the UI; each result
    // arrives as an action. Entities go first: the facets need them.
    let mut entities = pending.map(|p| {
        let lib = Arc::clone(&app.lib);
        std::thread::spawn(move || {
            // On a pool of its own: a title search typed meanwhile runs on the global pool
            // beside it, instead of queueing behind thousands of extraction jobs.
            match rayon::ThreadPoolBuilder::new().build() {
                Ok(pool) => pool.install(|| p.fill(&lib)),
                Err(_) => p.fill(&lib),
            }
        })
    });
    let mut dups = None;
    let mut dups_started = false;
    // Draw only when something changed: a frame costs milliseconds that a running search
    // would rather have.
    let mut dirty = true;
    while !app.quit && !stop.load(Ordering::Relaxed) {
        if entities.as_ref().is_some_and(|h| h.is_finished()) {
            let action = match entities.take().map(|h| h.join()) {
                Some(Ok(())) => Action::EntitiesReady,
                // The explorer goes on without entities rather than without a corpus.
                _ => Action::Notify("entity extraction failed; facets show dates only".into()),
            };
            update::update(&mut app, action);
            dirty = true;
        }
        if entities.is_none() && !dups_started {
            dups_started = true;
            let mut all = roaring::RoaringBitmap::new();
            all.insert_range(0..app.lib.index.len() as u32);
            dups = Some(spawn_near_duplicates(
                Arc::clone(&app.lib),
                all,
                Default::default(),
            ));
        }
        if dups.as_ref().is_some_and(|h| h.is_finished()) {
            if let Some(Ok(report)) = dups.take().map(|h| h.join()) {
                update::update(&mut app, Action::DupsReady(Arc::new(report)));
                dirty = true;
            }
        }
        while let Some(done) = searcher.as_ref().and_then(search::Searcher::try_recv) {
            update::update(&mut app, Action::SearchDone(Arc::new(done)));
            dirty = true;
        }
        if std::mem::take(&mut dirty) {
            terminal.draw(|f| render::render(&app, f))?;
        }
        // While a search runs, look for its answer every few milliseconds; while entities
        // are extracted, often enough that they appear as soon as they are ready.
        let wait = if app.searching {
            3
        } else if entities.is_some() {
            20
        } else {
            200
        };
        if !event::poll(Duration::from_millis(wait))? {
            continue;
        }
        // Take every pending event before drawing again, so fast typing costs one frame.
        dirty = true;
        loop {
            let ev = event::read()?;
            if let Some(action) = action::from_event(&ev, app.mode, &app.keys) {
                if action == Action::Suspend {
                    suspend(terminal)?;
                } else {
                    update::update(&mut app, action);
                    run_effects(&mut app, searcher.as_ref());
                }
            }
            if app.quit || !event::poll(Duration::ZERO)? {
                break;
            }
        }
    }
    Ok(())
}

/// ctrl-z: give the terminal back, stop, and take it again when resumed with `fg`.
fn suspend(terminal: &mut Term) -> Result<()> {
    leave();
    #[cfg(unix)]
    signal_hook::low_level::raise(signal_hook::consts::SIGTSTP)?;
    terminal::enable_raw_mode()?;
    execute!(io::stdout(), EnterAlternateScreen, EnableMouseCapture)?;
    redraw_all(terminal)
}

/// Does the I/O `update` asked for, and reports back through `update`.
fn run_effects(app: &mut App, searcher: Option<&search::Searcher>) {
    for effect in std::mem::take(&mut app.effects) {
        let result = match effect {
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
            Effect::Export(ids) => {
                let path =
                    crate::export::default_name(&app.export_dir, crate::export::Format::Jsonl);
                crate::export::write(&app.lib, &ids, crate::export::Format::Jsonl, &path).map(
                    |_| {
                        Some(format!(
                            "exported {} articles to {}",
                            ids.len(),
                            path.display()
                        ))
                    },
                )
            }
            Effect::SaveMarks => save(crate::persist::marks_path(), &app.marks),
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

/// Runs the near-duplicate clustering on a thread of its own: the explorer must not block.
fn spawn_near_duplicates(
    lib: std::sync::Arc<Library>,
    set: roaring::RoaringBitmap,
    opts: crate::analysis::DupOptions,
) -> std::thread::JoinHandle<crate::analysis::DupReport> {
    std::thread::spawn(move || crate::analysis::near_duplicates(lib.articles(), &set, &opts))
}

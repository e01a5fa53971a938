//! The terminal guard: entering and leaving raw mode, the alternate screen and mouse
//! reporting, on every way out (a return, an error, a panic, a signal), and suspending and
//! resuming. Signals and terminal input arrive as [`Msg`]s on the explorer's one channel.

use std::io::{self, Stdout};
use std::sync::mpsc::Sender;
use std::time::Duration;

use anyhow::{Context, Result};
use crossterm::event::{self, DisableMouseCapture, EnableMouseCapture, Event};
use crossterm::execute;
use crossterm::terminal::{self, EnterAlternateScreen, LeaveAlternateScreen};
use ratatui::backend::CrosstermBackend;
use ratatui::layout::Rect;
use ratatui::Terminal;

use super::action::Action;

pub type Term = Terminal<CrosstermBackend<Stdout>>;

/// What the event loop waits for: everything comes on one channel.
pub enum Msg {
    /// A key, a mouse event or a resize from the terminal.
    Input(Event),
    /// A worker's result (entities, near-duplicates, a search), as an action for `update`.
    Action(Action),
    /// SIGTSTP from outside (`kill -TSTP`): suspend as ctrl-z does.
    Suspend,
    /// SIGINT, SIGQUIT, SIGTERM, SIGHUP or a terminal gone: leave at once.
    Quit,
    /// The corpus, loaded (or not) by the loading worker.
    Loaded(Box<crate::ui::Opened>),
    /// Time to redraw the progress of work beside the explorer.
    Tick,
}

/// The terminal in the explorer's mode; dropping it puts the terminal back.
pub struct Tui {
    pub term: Term,
}

impl Tui {
    pub fn enter() -> Result<Tui> {
        install_panic_hook();
        terminal::enable_raw_mode().context("cannot put the terminal in raw mode")?;
        let mut tui = Tui {
            term: Terminal::new(CrosstermBackend::new(io::stdout()))?,
        };
        execute!(io::stdout(), EnterAlternateScreen, EnableMouseCapture)?;
        tui.redraw_all()?;
        Ok(tui)
    }

    /// Gives the terminal back, stops the process (SIGSTOP: a caught SIGTSTP would only come
    /// back here) and takes the terminal again when resumed with `fg`.
    pub fn suspend(&mut self) -> Result<()> {
        leave();
        #[cfg(unix)]
        signal_hook::low_level::raise(signal_hook::consts::SIGSTOP)?;
        terminal::enable_raw_mode()?;
        execute!(io::stdout(), EnterAlternateScreen, EnableMouseCapture)?;
        self.redraw_all()
    }

    /// Clears the screen and forgets what was drawn, so the next frame is drawn whole. (Unlike
    /// `Terminal::clear`, this does not ask the terminal for the cursor position, a query that
    /// some terminals and pseudo-terminals never answer.)
    fn redraw_all(&mut self) -> Result<()> {
        let size = self.term.size()?;
        self.term.resize(Rect::new(0, 0, size.width, size.height))?;
        Ok(())
    }
}

impl Drop for Tui {
    fn drop(&mut self) {
        leave();
    }
}

/// Puts the terminal back as it was. Safe to call more than once; errors are ignored because
/// the terminal may already be gone (an SSH drop).
pub fn leave() {
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

/// Reads the terminal on a thread of its own and sends each event to the loop.
pub fn spawn_input(tx: Sender<Msg>) {
    std::thread::spawn(move || loop {
        match event::read() {
            Ok(ev) => {
                if tx.send(Msg::Input(ev)).is_err() {
                    return;
                }
            }
            Err(_) => {
                let _ = tx.send(Msg::Quit);
                return;
            }
        }
    });
}

/// SIGINT, SIGQUIT, SIGTERM and SIGHUP (an SSH drop) end the explorer; SIGTSTP suspends it.
/// The loop hears of it within a frame. On a hung-up terminal a write can block, so after a
/// grace period this thread restores what it can and exits itself. A terminal that has gone
/// away (its size can no longer be read) counts as a hang-up.
pub fn watch_signals(tx: Sender<Msg>) -> Result<()> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGTSTP};
    let mut signals =
        signal_hook::iterator::Signals::new([SIGINT, SIGQUIT, SIGTERM, SIGHUP, SIGTSTP])
            .context("cannot install signal handlers")?;
    let on_signal = tx.clone();
    std::thread::spawn(move || {
        for sig in signals.forever() {
            if sig == SIGTSTP {
                if on_signal.send(Msg::Suspend).is_err() {
                    return;
                }
                continue;
            }
            give_up(&on_signal, 128 + sig);
        }
    });
    std::thread::spawn(move || loop {
        std::thread::sleep(Duration::from_millis(500));
        if terminal::size().is_err() {
            give_up(&tx, 129);
        }
    });
    Ok(())
}

fn give_up(tx: &Sender<Msg>, code: i32) {
    let _ = tx.send(Msg::Quit);
    std::thread::sleep(Duration::from_millis(400));
    leave();
    std::process::exit(code);
}

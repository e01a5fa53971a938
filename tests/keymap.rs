//! Rebinding keys in the config: the keys, the help overlay and the status hints all follow
//! the one key table (`akhbar::keys`).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::screen::screen;
use std::path::{Path, PathBuf};

use akhbar::config::{resolve, Flags};
use akhbar::keys::KeyMap;
use akhbar::library::{open, OpenOptions};
use akhbar::ui::action::{from_event, Action};
use akhbar::ui::app::{App, Mode, UiOptions};
use akhbar::ui::theme::Theme;
use akhbar::ui::update::update;
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;

const CONFIG: &str = "[keys]\nhelp = \"H\"\nquit = \"Q\"\nsearch = \"S\"\nsort = \"O\"\n";

fn app() -> App {
    let cfg = resolve(
        &Flags::default(),
        &|_| None,
        Some((Path::new("/cfg/config.toml"), CONFIG)),
    )
    .expect("a valid config");
    let keys = KeyMap::new(&cfg.keys.value).expect("valid keys");
    let lib = open(&OpenOptions {
        path: Some(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data")),
        ..OpenOptions::default()
    })
    .expect("default corpus");
    let ui = UiOptions {
        keys,
        theme: Some(Theme { color: false }),
        ..UiOptions::default()
    };
    akhbar::ui::update::start(lib, Rect::new(0, 0, 110, 60), ui)
}

fn key(app: &App, c: char) -> Option<Action> {
    let ev = Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    from_event(&ev, app.mode, &app.keys)
}

#[test]
fn rebound_help_quit_and_search_follow_everywhere() {
    let mut app = app();
    // The keys.
    assert_eq!(key(&app, 'Q'), Some(Action::Quit));
    assert_eq!(key(&app, 'q'), None, "q is free once quit is Q");
    assert_eq!(key(&app, 'H'), Some(Action::ToggleHelp));
    assert_eq!(key(&app, '?'), None);
    assert!(matches!(key(&app, 'S'), Some(Action::StartInput(_))));
    assert_eq!(key(&app, 'O'), Some(Action::CycleSort));
    // The status hints.
    let shown = screen(&app);
    assert!(
        shown.contains("S search") && shown.contains("H help"),
        "{shown}"
    );
    assert!(shown.contains("H help · Q quit"), "{shown}");
    assert!(!shown.contains("? help"), "{shown}");
    // The help overlay.
    let open_help = key(&app, 'H').unwrap();
    update(&mut app, open_help);
    assert_eq!(app.mode, Mode::Help);
    let help = screen(&app);
    for row in [
        "H / F1  this help",
        "Q / ctrl-c  quit",
        "S  title search by words",
    ] {
        assert!(help.contains(row), "{row} is not in the help:\n{help}");
    }
    assert!(!help.contains("? / F1"), "{help}");
}

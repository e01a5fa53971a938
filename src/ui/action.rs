//! Actions, and the mapping from terminal events to actions. The key table here is also what
//! the help overlay shows, so the two cannot drift apart.

use crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEventKind,
};

use super::app::{InputKind, Mode};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    Quit,
    FocusNext,
    FocusPrev,
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    /// Enter: open the article, drill into a month, or submit the query line.
    Enter,
    /// Space: toggle the facet under the cursor.
    Toggle,
    Expand,
    Collapse,
    StartInput(InputKind),
    Input(char),
    Backspace,
    ClearInput,
    /// Esc: leave the current mode.
    Escape,
    RemoveLastChip,
    ClearFilters,
    NextMention,
    PrevMention,
    NextHit,
    PrevHit,
    ToggleHelp,
    CycleBidi,
    Resize(u16, u16),
    Click(u16, u16),
    ScrollUp(u16, u16),
    ScrollDown(u16, u16),
    Suspend,
}

/// The keys of normal mode, as the help overlay lists them: (keys, what they do).
pub const KEYS: &[(&str, &str)] = &[
    ("Tab / Shift-Tab", "next / previous pane"),
    ("j k / ↓ ↑", "move down / up (scroll in the body)"),
    ("PgDn PgUp / ctrl-d ctrl-u", "page down / up"),
    ("g G / Home End", "first / last"),
    (
        "Enter",
        "list: read the article; dates: show the days of a month",
    ),
    (
        "Space",
        "facets: select or unselect the entity, month, day or undated",
    ),
    ("l h / → ←", "dates: show / hide the days of a month"),
    ("/", "fuzzy title search (Arabic or Latin), live"),
    ("ctrl-f or s", "full-text search in bodies (Enter runs it)"),
    ("n N", "next / previous search hit in the body"),
    ("e E", "next / previous entity mention in the body"),
    ("f", "filter the facet list by name"),
    ("x", "remove the last filter chip (or click a chip)"),
    ("c", "clear every filter"),
    ("b", "bidi mode: app → terminal → off (see README)"),
    ("? / F1", "this help"),
    ("Esc", "leave search, facet filter or help"),
    ("q / ctrl-c", "quit"),
    ("ctrl-z", "suspend (fg resumes)"),
];

/// The keys of the query line.
pub const INPUT_KEYS: &[(&str, &str)] = &[
    ("typing", "narrows at every key (title and facet filter)"),
    ("↓ ↑", "move in the list while typing"),
    ("Backspace / ctrl-u", "delete a character / the whole query"),
    ("Enter", "keep the query and leave the line"),
    ("Esc", "drop the query and leave the line"),
];

/// Turns a terminal event into an action, given the current mode.
pub fn from_event(ev: &Event, mode: Mode) -> Option<Action> {
    match ev {
        Event::Key(k) if k.kind != KeyEventKind::Release => from_key(k, mode),
        Event::Resize(w, h) => Some(Action::Resize(*w, *h)),
        Event::Mouse(m) => match m.kind {
            MouseEventKind::Down(MouseButton::Left) => Some(Action::Click(m.column, m.row)),
            MouseEventKind::ScrollUp => Some(Action::ScrollUp(m.column, m.row)),
            MouseEventKind::ScrollDown => Some(Action::ScrollDown(m.column, m.row)),
            _ => None,
        },
        _ => None,
    }
}

fn from_key(k: &KeyEvent, mode: Mode) -> Option<Action> {
    let ctrl = k.modifiers.contains(KeyModifiers::CONTROL);
    if ctrl && k.code == KeyCode::Char('c') {
        return Some(Action::Quit);
    }
    if ctrl && k.code == KeyCode::Char('z') {
        return Some(Action::Suspend);
    }
    match mode {
        Mode::Help => Some(Action::ToggleHelp),
        Mode::Input(_) => input_key(k, ctrl),
        Mode::Normal => normal_key(k, ctrl),
    }
}

fn input_key(k: &KeyEvent, ctrl: bool) -> Option<Action> {
    Some(match k.code {
        KeyCode::Esc => Action::Escape,
        KeyCode::Enter => Action::Enter,
        KeyCode::Backspace => Action::Backspace,
        KeyCode::Char('u') if ctrl => Action::ClearInput,
        KeyCode::Down => Action::Down,
        KeyCode::Up => Action::Up,
        KeyCode::PageDown => Action::PageDown,
        KeyCode::PageUp => Action::PageUp,
        KeyCode::Tab => Action::FocusNext,
        KeyCode::Char(c) if !ctrl => Action::Input(c),
        _ => return None,
    })
}

fn normal_key(k: &KeyEvent, ctrl: bool) -> Option<Action> {
    if ctrl {
        return match k.code {
            KeyCode::Char('f') => Some(Action::StartInput(InputKind::Text)),
            KeyCode::Char('d') => Some(Action::PageDown),
            KeyCode::Char('u') => Some(Action::PageUp),
            _ => None,
        };
    }
    Some(match k.code {
        KeyCode::Char('q') => Action::Quit,
        KeyCode::Tab => Action::FocusNext,
        KeyCode::BackTab => Action::FocusPrev,
        KeyCode::Char('j') | KeyCode::Down => Action::Down,
        KeyCode::Char('k') | KeyCode::Up => Action::Up,
        KeyCode::PageDown => Action::PageDown,
        KeyCode::PageUp => Action::PageUp,
        KeyCode::Char('g') | KeyCode::Home => Action::Top,
        KeyCode::Char('G') | KeyCode::End => Action::Bottom,
        KeyCode::Enter => Action::Enter,
        KeyCode::Char(' ') => Action::Toggle,
        KeyCode::Char('l') | KeyCode::Right => Action::Expand,
        KeyCode::Char('h') | KeyCode::Left => Action::Collapse,
        KeyCode::Char('/') => Action::StartInput(InputKind::Title),
        KeyCode::Char('s') => Action::StartInput(InputKind::Text),
        KeyCode::Char('f') => Action::StartInput(InputKind::Facet),
        KeyCode::Char('n') => Action::NextHit,
        KeyCode::Char('N') => Action::PrevHit,
        KeyCode::Char('e') => Action::NextMention,
        KeyCode::Char('E') => Action::PrevMention,
        KeyCode::Char('x') => Action::RemoveLastChip,
        KeyCode::Char('c') => Action::ClearFilters,
        KeyCode::Char('b') => Action::CycleBidi,
        KeyCode::Char('?') | KeyCode::F(1) => Action::ToggleHelp,
        KeyCode::Esc => Action::Escape,
        _ => return None,
    })
}

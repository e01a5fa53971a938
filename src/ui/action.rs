//! Actions, and the mapping from terminal events to actions. The character keys come from
//! the one key table, [`crate::keys::BINDINGS`], which the help overlay also renders.

use crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEventKind,
};

use super::types::{InputKind, Mode};
use crate::keys::Command;
pub use crate::keys::KeyMap;

#[derive(Clone, Debug, PartialEq)]
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
    /// Mark or unmark the selected article.
    Mark,
    /// Copy the selected article to the clipboard (OSC 52).
    Copy,
    /// Copy the current paragraph of the body (the search hit's, or the top one shown).
    CopyParagraph,
    /// The keyword-in-context rows of a job, from the worker: generation, title, rows.
    KwicDone(u64, std::sync::Arc<(String, Vec<crate::analysis::KwicRow>)>),
    /// A long body's full layout, from the worker.
    BodyLaidOut(
        std::sync::Arc<(
            super::types::BodyKey,
            std::sync::Arc<super::types::BodyView>,
        )>,
    ),
    /// Ask for the format to export the filtered list in.
    Export,
    /// Export the filtered list in this format.
    ExportAs(crate::export::Format),
    /// Older / newer query from the history, in the query line.
    HistoryPrev,
    HistoryNext,
    /// Analyst views: timeline / co-occurrence / keyword in context of the entity under the
    /// facet cursor (or, for KWIC, of the body search), members of the article's cluster.
    OpenTimeline,
    OpenCooccur,
    OpenKwic,
    OpenCluster,
    /// Collapse near-duplicate clusters to one representative each, or show them all again.
    ToggleCollapse,
    /// Move the facet cursor to the months section.
    JumpDates,
    /// The list order: relevance (while a title query is active) → newest → oldest → source.
    CycleSort,
    /// Sort KWIC rows by the context before / after the hit.
    SortLeft,
    SortRight,
    /// Near-duplicate clusters computed in the background.
    DupsReady(std::sync::Arc<crate::analysis::dups::DupReport>),
    /// The entities, extracted in the background after the corpus opened, are in the library.
    EntitiesReady,
    /// A background title search finished.
    SearchDone(std::sync::Arc<super::search::SearchDone>),
    /// A message for the status line (from the terminal layer, after doing an effect).
    Notify(String),
    Resize(u16, u16),
    Click(u16, u16),
    ScrollUp(u16, u16),
    ScrollDown(u16, u16),
    Suspend,
}

/// Turns a terminal event into an action, given the current mode.
pub fn from_event(ev: &Event, mode: Mode, keys: &KeyMap) -> Option<Action> {
    match ev {
        Event::Key(k) if k.kind != KeyEventKind::Release => from_key(k, mode, keys),
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

fn from_key(k: &KeyEvent, mode: Mode, keys: &KeyMap) -> Option<Action> {
    let ctrl = k.modifiers.contains(KeyModifiers::CONTROL);
    if ctrl && k.code == KeyCode::Char('c') {
        return Some(Action::Quit);
    }
    if ctrl && k.code == KeyCode::Char('z') {
        return Some(Action::Suspend);
    }
    match mode {
        Mode::Help => help_key(k, keys),
        Mode::View => view_key(k),
        Mode::Input(_) => input_key(k, ctrl),
        Mode::ChooseExport => export_key(k),
        Mode::Normal => normal_key(k, ctrl, keys),
    }
}

/// In the help overlay the movement keys scroll it; Esc, q, the help key and F1 close it.
fn help_key(k: &KeyEvent, keys: &KeyMap) -> Option<Action> {
    match k.code {
        KeyCode::Esc | KeyCode::F(1) | KeyCode::Char('q') => Some(Action::ToggleHelp),
        KeyCode::Char(c) if keys.get(c) == Some(Command::Help) => Some(Action::ToggleHelp),
        KeyCode::Char(c) if keys.get(c) == Some(Command::Quit) => Some(Action::ToggleHelp),
        KeyCode::Char('d') if k.modifiers.contains(KeyModifiers::CONTROL) => Some(Action::PageDown),
        KeyCode::Char('u') if k.modifiers.contains(KeyModifiers::CONTROL) => Some(Action::PageUp),
        code => movement(code),
    }
}

/// While the format is asked: its first letter (or its number) picks it, Enter the first
/// one (JSONL), any other key cancels.
fn export_key(k: &KeyEvent) -> Option<Action> {
    use crate::export::Format;
    let pick = |i: usize| Format::ALL.get(i).copied().map(Action::ExportAs);
    match k.code {
        KeyCode::Enter => pick(0),
        KeyCode::Char(c @ '1'..='9') => pick(c as usize - '1' as usize).or(Some(Action::Escape)),
        KeyCode::Char(c) => Format::ALL
            .iter()
            .position(|f| f.name().starts_with(c))
            .and_then(pick)
            .or(Some(Action::Escape)),
        _ => Some(Action::Escape),
    }
}

fn input_key(k: &KeyEvent, ctrl: bool) -> Option<Action> {
    Some(match k.code {
        KeyCode::Esc => Action::Escape,
        KeyCode::Enter => Action::Enter,
        KeyCode::Backspace => Action::Backspace,
        KeyCode::Char('u') if ctrl => Action::ClearInput,
        KeyCode::Up => Action::HistoryPrev,
        KeyCode::Down => Action::HistoryNext,
        KeyCode::Char('n' | 'j') if ctrl => Action::Down,
        KeyCode::Char('p' | 'k') if ctrl => Action::Up,
        KeyCode::PageDown => Action::PageDown,
        KeyCode::PageUp => Action::PageUp,
        KeyCode::Tab => Action::FocusNext,
        KeyCode::Char(c) if !ctrl => Action::Input(c),
        _ => return None,
    })
}

/// The keys that move a cursor, the same in the panes and in the analyst views.
fn movement(code: KeyCode) -> Option<Action> {
    Some(match code {
        KeyCode::Char('j') | KeyCode::Down => Action::Down,
        KeyCode::Char('k') | KeyCode::Up => Action::Up,
        KeyCode::PageDown => Action::PageDown,
        KeyCode::PageUp => Action::PageUp,
        KeyCode::Char('g') | KeyCode::Home => Action::Top,
        KeyCode::Char('G') | KeyCode::End => Action::Bottom,
        _ => return None,
    })
}

fn view_key(k: &KeyEvent) -> Option<Action> {
    Some(match k.code {
        KeyCode::Esc | KeyCode::Char('q') => Action::Escape,
        KeyCode::Enter | KeyCode::Char(' ') => Action::Enter,
        KeyCode::Char('<') => Action::SortLeft,
        KeyCode::Char('>') => Action::SortRight,
        code => return movement(code),
    })
}

fn normal_key(k: &KeyEvent, ctrl: bool, keys: &KeyMap) -> Option<Action> {
    if ctrl {
        return match k.code {
            KeyCode::Char('f') => Some(Action::StartInput(InputKind::Text)),
            KeyCode::Char('d') => Some(Action::PageDown),
            KeyCode::Char('u') => Some(Action::PageUp),
            _ => None,
        };
    }
    if let KeyCode::Char(c) = k.code {
        if let Some(cmd) = keys.get(c) {
            return Some(action_of(cmd));
        }
    }
    if let Some(a) = movement(k.code) {
        return Some(a);
    }
    Some(match k.code {
        KeyCode::Tab => Action::FocusNext,
        KeyCode::BackTab => Action::FocusPrev,
        KeyCode::Enter => Action::Enter,
        KeyCode::Char(' ') => Action::Toggle,
        KeyCode::Char('l') | KeyCode::Right => Action::Expand,
        KeyCode::Char('h') | KeyCode::Left => Action::Collapse,
        KeyCode::F(1) => Action::ToggleHelp,
        KeyCode::Esc => Action::Escape,
        _ => return None,
    })
}

/// The action of a bindable command (see [`crate::keys::BINDINGS`]).
pub fn action_of(cmd: Command) -> Action {
    match cmd {
        Command::Quit => Action::Quit,
        Command::Search => Action::StartInput(InputKind::Title),
        Command::Sort => Action::CycleSort,
        Command::TextSearch => Action::StartInput(InputKind::Text),
        Command::FacetFilter => Action::StartInput(InputKind::Facet),
        Command::NextHit => Action::NextHit,
        Command::PrevHit => Action::PrevHit,
        Command::NextMention => Action::NextMention,
        Command::PrevMention => Action::PrevMention,
        Command::RemoveChip => Action::RemoveLastChip,
        Command::Clear => Action::ClearFilters,
        Command::Bidi => Action::CycleBidi,
        Command::Help => Action::ToggleHelp,
        Command::Mark => Action::Mark,
        Command::Copy => Action::Copy,
        Command::CopyParagraph => Action::CopyParagraph,
        Command::Export => Action::Export,
        Command::Timeline => Action::OpenTimeline,
        Command::Cooccur => Action::OpenCooccur,
        Command::Kwic => Action::OpenKwic,
        Command::Cluster => Action::OpenCluster,
        Command::Collapse => Action::ToggleCollapse,
        Command::JumpDates => Action::JumpDates,
    }
}

//! Actions, and the mapping from terminal events to actions. The key table here is also what
//! the help overlay shows, so the two cannot drift apart.

use crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEventKind,
};

use super::app::{InputKind, Mode};

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
    /// Export the filtered list.
    Export,
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
    (
        "/",
        "title search by words (Arabic or Latin), live; syntax below",
    ),
    (
        "S",
        "sort the list: relevance (with a query) / newest / oldest / source",
    ),
    ("ctrl-f or s", "full-text search in bodies (Enter runs it)"),
    ("n N", "next / previous search hit in the body"),
    ("e E", "next / previous entity mention in the body"),
    ("f", "filter the facet list by name"),
    (
        "m",
        "mark or unmark the article (marked articles are a facet)",
    ),
    (
        "y / Y",
        "copy the article / the current paragraph to your clipboard (OSC 52)",
    ),
    ("w", "export the filtered list to a JSONL file"),
    (
        "t",
        "facets: timeline of the entity under the cursor (articles per month)",
    ),
    (
        "o",
        "facets: entities most often named with it (Enter adds one to the filter)",
    ),
    (
        "K",
        "keyword in context: the entity under the cursor, or the body search",
    ),
    (
        "d / D",
        "members of the article's near-duplicate cluster / collapse clusters",
    ),
    ("x", "remove the last filter chip (or click a chip)"),
    ("c", "clear every filter"),
    ("b", "bidi mode: app → terminal → off (see README)"),
    ("? / F1", "this help"),
    ("Esc", "leave search, facet filter or help"),
    ("q / ctrl-c", "quit"),
    ("ctrl-z", "suspend (fg resumes)"),
];

/// The title query syntax (`/`, `--query`, `export --query`), as the help overlay shows it.
pub const QUERY_SYNTAX: &[(&str, &str)] = &[
    (
        "word",
        "a title word starts with it (و ب ل ال… allowed in front)",
    ),
    ("two words", "both, in any order"),
    ("'word", "the exact word"),
    ("^word  word$", "the first / last word of the title"),
    ("!word", "no title word matches it"),
    ("a | b", "either"),
    (
        "~letters",
        "loose: the letters in order anywhere (the old fuzzy search)",
    ),
    (
        "chahed sousse",
        "Latin: read as Arabic (الشاهد, سوسة), French spellings too",
    ),
];

/// The keys of the query line.
pub const INPUT_KEYS: &[(&str, &str)] = &[
    ("typing", "narrows at every key (title and facet filter)"),
    ("↑ ↓", "older / newer query from the history"),
    ("ctrl-n ctrl-p", "move in the list while typing"),
    ("Backspace / ctrl-u", "delete a character / the whole query"),
    ("Enter", "keep the query and leave the line"),
    ("Esc", "drop the query and leave the line"),
];

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
        Mode::Help => Some(Action::ToggleHelp),
        Mode::View => view_key(k),
        Mode::Input(_) => input_key(k, ctrl),
        Mode::Normal => normal_key(k, ctrl, keys),
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
        if let Some(a) = keys.get(c) {
            return Some(a);
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

/// The main actions whose keys the config file can change, with their default keys.
pub const BINDABLE: &[(&str, char)] = &[
    ("quit", 'q'),
    ("search", '/'),
    ("text_search", 's'),
    ("facet_filter", 'f'),
    ("next_hit", 'n'),
    ("prev_hit", 'N'),
    ("next_mention", 'e'),
    ("prev_mention", 'E'),
    ("remove_chip", 'x'),
    ("clear", 'c'),
    ("bidi", 'b'),
    ("help", '?'),
    ("mark", 'm'),
    ("copy", 'y'),
    ("copy_paragraph", 'Y'),
    ("export", 'w'),
    ("timeline", 't'),
    ("cooccur", 'o'),
    ("kwic", 'K'),
    ("cluster", 'd'),
    ("collapse", 'D'),
    ("sort", 'S'),
];

/// Keys that always move and select, and cannot be rebound.
const FIXED: &[char] = &['j', 'k', 'g', 'G', 'l', 'h', ' '];

fn bindable_action(name: &str) -> Option<Action> {
    Some(match name {
        "quit" => Action::Quit,
        "search" => Action::StartInput(InputKind::Title),
        "text_search" => Action::StartInput(InputKind::Text),
        "facet_filter" => Action::StartInput(InputKind::Facet),
        "next_hit" => Action::NextHit,
        "prev_hit" => Action::PrevHit,
        "next_mention" => Action::NextMention,
        "prev_mention" => Action::PrevMention,
        "remove_chip" => Action::RemoveLastChip,
        "clear" => Action::ClearFilters,
        "bidi" => Action::CycleBidi,
        "help" => Action::ToggleHelp,
        "mark" => Action::Mark,
        "copy" => Action::Copy,
        "copy_paragraph" => Action::CopyParagraph,
        "export" => Action::Export,
        "timeline" => Action::OpenTimeline,
        "cooccur" => Action::OpenCooccur,
        "kwic" => Action::OpenKwic,
        "cluster" => Action::OpenCluster,
        "collapse" => Action::ToggleCollapse,
        "sort" => Action::CycleSort,
        _ => return None,
    })
}

/// Character keys of normal mode: the defaults of [`BINDABLE`] with the config's changes.
#[derive(Clone, Debug, PartialEq)]
pub struct KeyMap {
    keys: Vec<(char, Action)>,
    /// (action name, key) for every binding the config changed, for the help overlay.
    pub changed: Vec<(String, char)>,
}

impl Default for KeyMap {
    fn default() -> KeyMap {
        KeyMap::new(&Default::default()).unwrap_or(KeyMap {
            keys: Vec::new(),
            changed: Vec::new(),
        })
    }
}

impl KeyMap {
    /// The default bindings with `overrides` (action name → one character) applied.
    pub fn new(overrides: &std::collections::BTreeMap<String, String>) -> anyhow::Result<KeyMap> {
        let mut chosen: Vec<(&str, char)> = BINDABLE.to_vec();
        let mut changed = Vec::new();
        for (name, key) in overrides {
            let Some(slot) = chosen.iter_mut().find(|(n, _)| n == name) else {
                let known: Vec<&str> = BINDABLE.iter().map(|(n, _)| *n).collect();
                anyhow::bail!(
                    "unknown action {name:?}; the actions are {}",
                    known.join(", ")
                );
            };
            let mut chars = key.chars();
            let (Some(c), None) = (chars.next(), chars.next()) else {
                anyhow::bail!("{name} = {key:?}: a key is one character");
            };
            if FIXED.contains(&c) || c.is_control() {
                anyhow::bail!("{name} = {key:?}: that key moves and selects and cannot be rebound");
            }
            slot.1 = c;
            changed.push((name.clone(), c));
        }
        for (i, (a, ka)) in chosen.iter().enumerate() {
            if let Some((b, _)) = chosen[i + 1..].iter().find(|(_, kb)| kb == ka) {
                anyhow::bail!("key {ka:?} is bound to both {a} and {b}");
            }
        }
        let keys = chosen
            .iter()
            .filter_map(|(n, c)| Some((*c, bindable_action(n)?)))
            .collect();
        Ok(KeyMap { keys, changed })
    }

    pub fn get(&self, c: char) -> Option<Action> {
        self.keys
            .iter()
            .find(|(k, _)| *k == c)
            .map(|(_, a)| a.clone())
    }
}

//! The explorer's key bindings: one table ([`BINDINGS`]) of every key of normal mode, its
//! config name, default key and help text. The key match, the config's `[keys]`, the help
//! overlay, the status hints and the README's key table all come from it (helix's one command
//! table; yazi's keymap that the help renders). A leaf module: the config validates `[keys]`
//! here without depending on the interface, which maps each [`Command`] to its action.

use std::collections::BTreeMap;

/// What a bindable key does. The interface turns each into its action.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Command {
    Quit,
    Search,
    Sort,
    TextSearch,
    FacetFilter,
    NextHit,
    PrevHit,
    NextMention,
    PrevMention,
    RemoveChip,
    Clear,
    Bidi,
    Help,
    Mark,
    Copy,
    CopyParagraph,
    Export,
    Timeline,
    Cooccur,
    Kwic,
    Cluster,
    Collapse,
    JumpDates,
}

/// A key of normal mode.
#[derive(Clone, Copy, Debug)]
pub enum Key {
    /// One character that the config's `[keys]` may change, under this name.
    Bindable(&'static str, char, Command),
    /// Keys that always do the same (movement, Tab, Enter…), as the help writes them.
    Fixed(&'static str),
}

/// One row of the key table.
#[derive(Clone, Copy, Debug)]
pub struct Binding {
    pub key: Key,
    /// Other keys that do the same and cannot be changed (`F1` for help).
    pub also: &'static str,
    pub help: &'static str,
}

const fn fixed(keys: &'static str, help: &'static str) -> Binding {
    Binding {
        key: Key::Fixed(keys),
        also: "",
        help,
    }
}

const fn bind(name: &'static str, c: char, cmd: Command, help: &'static str) -> Binding {
    Binding {
        key: Key::Bindable(name, c, cmd),
        also: "",
        help,
    }
}

const fn bind_also(
    name: &'static str,
    c: char,
    cmd: Command,
    also: &'static str,
    help: &'static str,
) -> Binding {
    Binding {
        key: Key::Bindable(name, c, cmd),
        also,
        help,
    }
}

/// Every key of normal mode, in the order the help lists them.
pub const BINDINGS: &[Binding] = &[
    fixed("Tab / Shift-Tab", "next / previous pane"),
    fixed("j k / ↓ ↑", "move down / up (scroll in the body)"),
    fixed("PgDn PgUp / ctrl-d ctrl-u", "page down / up"),
    fixed("g G / Home End", "first / last"),
    fixed(
        "Enter",
        "list: read the article; dates: show the days of a month",
    ),
    fixed(
        "Space",
        "facets: select or unselect the entity, month, day or undated; fold a section header",
    ),
    fixed(
        "l h / → ←",
        "dates: show / hide the days of a month; headers: unfold / fold",
    ),
    bind(
        "search",
        '/',
        Command::Search,
        "title search by words (Arabic or Latin), live; syntax below",
    ),
    bind(
        "sort",
        'S',
        Command::Sort,
        "sort the list: relevance (with a query) / newest / oldest / source",
    ),
    bind_also(
        "text_search",
        's',
        Command::TextSearch,
        "ctrl-f",
        "full-text search in bodies (Enter runs it)",
    ),
    bind(
        "next_hit",
        'n',
        Command::NextHit,
        "next search hit in the body",
    ),
    bind(
        "prev_hit",
        'N',
        Command::PrevHit,
        "previous search hit in the body",
    ),
    bind(
        "next_mention",
        'e',
        Command::NextMention,
        "next entity mention in the body",
    ),
    bind(
        "prev_mention",
        'E',
        Command::PrevMention,
        "previous entity mention in the body",
    ),
    bind(
        "jump_dates",
        'M',
        Command::JumpDates,
        "facets: jump to the months (below every entity)",
    ),
    bind(
        "facet_filter",
        'f',
        Command::FacetFilter,
        "filter the facet list by name",
    ),
    bind(
        "mark",
        'm',
        Command::Mark,
        "mark or unmark the article (marked articles are a facet)",
    ),
    bind(
        "copy",
        'y',
        Command::Copy,
        "copy the article to your clipboard (OSC 52)",
    ),
    bind(
        "copy_paragraph",
        'Y',
        Command::CopyParagraph,
        "copy the current paragraph to your clipboard (OSC 52)",
    ),
    bind(
        "export",
        'w',
        Command::Export,
        "export the filtered list: JSONL, CSV, text or OpenSearch bulk",
    ),
    bind(
        "timeline",
        't',
        Command::Timeline,
        "facets: timeline of the entity under the cursor (articles per month)",
    ),
    bind(
        "cooccur",
        'o',
        Command::Cooccur,
        "facets: entities most often named with it (Enter adds one to the filter)",
    ),
    bind(
        "kwic",
        'K',
        Command::Kwic,
        "keyword in context: the entity under the cursor, or the body search",
    ),
    bind(
        "cluster",
        'd',
        Command::Cluster,
        "members of the article's near-duplicate cluster",
    ),
    bind(
        "collapse",
        'D',
        Command::Collapse,
        "collapse near-duplicate clusters to one article each, or show them all",
    ),
    bind(
        "remove_chip",
        'x',
        Command::RemoveChip,
        "remove the last filter chip (or click a chip)",
    ),
    bind("clear", 'c', Command::Clear, "clear every filter"),
    bind(
        "bidi",
        'b',
        Command::Bidi,
        "bidi mode: app → terminal → off (see README)",
    ),
    bind_also("help", '?', Command::Help, "F1", "this help"),
    fixed("Esc", "leave search, facet filter or help"),
    bind_also("quit", 'q', Command::Quit, "ctrl-c", "quit"),
    fixed("ctrl-z", "suspend (fg resumes)"),
];

/// Keys that always move and select, and cannot be rebound.
const FIXED_CHARS: &[char] = &['j', 'k', 'g', 'G', 'l', 'h', ' '];

/// The keys of the query line.
pub const INPUT_KEYS: &[(&str, &str)] = &[
    ("typing", "narrows at every key (title and facet filter)"),
    ("↑ ↓", "older / newer query from the history"),
    ("ctrl-n ctrl-p", "move in the list while typing"),
    ("Backspace / ctrl-u", "delete a character / the whole query"),
    ("Enter", "keep the query and leave the line"),
    ("Esc", "drop the query and leave the line"),
];

/// The title query syntax (`/`, `--query`, `export --query`), as the help overlay shows it.
pub const QUERY_SYNTAX: &[(&str, &str)] = &[
    (
        "word",
        "a title word starts with it (proclitics and the article allowed)",
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
        "Latin words are read as Arabic, French spellings too",
    ),
];

/// The character keys of normal mode: the defaults of [`BINDINGS`] with the config's changes.
#[derive(Clone, Debug, PartialEq)]
pub struct KeyMap {
    keys: Vec<(char, Command)>,
    /// (action name, key) for every binding the config changed.
    pub changed: Vec<(String, char)>,
}

impl Default for KeyMap {
    fn default() -> KeyMap {
        KeyMap::new(&BTreeMap::new()).unwrap_or(KeyMap {
            keys: Vec::new(),
            changed: Vec::new(),
        })
    }
}

/// The bindable rows: (name, default key, command).
fn bindable() -> impl Iterator<Item = (&'static str, char, Command)> {
    BINDINGS.iter().filter_map(|b| match b.key {
        Key::Bindable(name, c, cmd) => Some((name, c, cmd)),
        Key::Fixed(_) => None,
    })
}

impl KeyMap {
    /// The default bindings with `overrides` (action name → one character) applied. The
    /// errors say which name or key is wrong and what is allowed.
    pub fn new(overrides: &BTreeMap<String, String>) -> anyhow::Result<KeyMap> {
        let mut chosen: Vec<(&str, char, Command)> = bindable().collect();
        let mut changed = Vec::new();
        for (name, key) in overrides {
            let Some(slot) = chosen.iter_mut().find(|(n, ..)| n == name) else {
                let known: Vec<&str> = bindable().map(|(n, ..)| n).collect();
                anyhow::bail!(
                    "unknown action {name:?}; the actions are {}",
                    known.join(", ")
                );
            };
            let mut chars = key.chars();
            let (Some(c), None) = (chars.next(), chars.next()) else {
                anyhow::bail!("{name} = {key:?}: a key is one character");
            };
            if FIXED_CHARS.contains(&c) || c.is_control() {
                anyhow::bail!("{name} = {key:?}: that key moves and selects and cannot be rebound");
            }
            slot.1 = c;
            changed.push((name.clone(), c));
        }
        for (i, (a, ka, _)) in chosen.iter().enumerate() {
            if let Some((b, ..)) = chosen[i + 1..].iter().find(|(_, kb, _)| kb == ka) {
                anyhow::bail!("key {ka:?} is bound to both {a} and {b}");
            }
        }
        let keys = chosen.iter().map(|&(_, c, cmd)| (c, cmd)).collect();
        Ok(KeyMap { keys, changed })
    }

    /// What a character key does in normal mode.
    pub fn get(&self, c: char) -> Option<Command> {
        self.keys.iter().find(|(k, _)| *k == c).map(|&(_, cmd)| cmd)
    }

    /// The key bound to a command now.
    pub fn key_of(&self, cmd: Command) -> char {
        self.keys
            .iter()
            .find(|(_, c)| *c == cmd)
            .map_or('?', |&(k, _)| k)
    }

    /// A row's keys as the help shows them, with the live binding: `? / F1`, `H / F1`.
    pub fn label(&self, b: &Binding) -> String {
        let main = match b.key {
            Key::Fixed(keys) => keys.to_string(),
            Key::Bindable(_, _, cmd) => self.key_of(cmd).to_string(),
        };
        if b.also.is_empty() {
            main
        } else {
            format!("{main} / {}", b.also)
        }
    }

    /// Every row of the help as (keys, what they do).
    pub fn help_rows(&self) -> Vec<(String, &'static str)> {
        BINDINGS.iter().map(|b| (self.label(b), b.help)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rebound(pairs: &[(&str, &str)]) -> anyhow::Result<KeyMap> {
        let map = pairs
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        KeyMap::new(&map)
    }

    #[test]
    fn a_rebound_key_moves_its_command_and_its_help_row() {
        let k = rebound(&[("help", "H")]).unwrap();
        assert_eq!(k.get('H'), Some(Command::Help));
        assert_eq!(k.get('?'), None);
        assert!(k.help_rows().contains(&("H / F1".into(), "this help")));
    }

    #[test]
    fn every_bindable_name_and_default_key_is_distinct() {
        let rows: Vec<_> = bindable().collect();
        for (i, a) in rows.iter().enumerate() {
            for b in &rows[i + 1..] {
                assert!(a.0 != b.0 && a.1 != b.1 && a.2 != b.2, "{a:?} / {b:?}");
            }
        }
        assert!(KeyMap::default().get('q') == Some(Command::Quit));
    }

    #[test]
    fn bad_bindings_say_what_is_wrong() {
        let e = rebound(&[("fly", "F")]).unwrap_err().to_string();
        assert!(e.contains("unknown action") && e.contains("quit"), "{e}");
        assert!(rebound(&[("quit", "QQ")]).is_err());
        assert!(rebound(&[("quit", "j")]).is_err());
        let e = rebound(&[("quit", "m")]).unwrap_err().to_string();
        assert!(e.contains("both"), "{e}");
    }
}

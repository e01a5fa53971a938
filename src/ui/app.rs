//! The explorer's state. Changed only by `update`; read by `render`.

use std::path::PathBuf;

use ratatui::layout::Rect;
use roaring::RoaringBitmap;

use super::rtl::BidiMode;
use super::theme::Theme;
use super::types::{BodyKey, BodyView, RowMemo, View};
pub use super::types::{FacetRow, InputKind, Mode, Pane, Section};
use crate::corpus::Article;
use crate::entities::Entity;
use crate::index::{Filter, MonthKey, Results};
use crate::keys::KeyMap;
use crate::library::Library;
use crate::persist::{stable_id, History, Marks};

/// Options the explorer starts with.
#[derive(Clone, Debug)]
pub struct UiOptions {
    pub bidi: BidiMode,
    pub theme: Option<Theme>,
    pub keys: KeyMap,
    pub osc52: bool,
    pub history_size: usize,
    pub export_dir: PathBuf,
    pub marks: Marks,
    pub history: History,
}

impl Default for UiOptions {
    fn default() -> UiOptions {
        UiOptions {
            bidi: BidiMode::App,
            theme: None,
            keys: KeyMap::default(),
            osc52: true,
            history_size: crate::config::DEFAULT_HISTORY_SIZE,
            export_dir: PathBuf::from("."),
            marks: Marks::default(),
            history: History::default(),
        }
    }
}

/// Work for the terminal layer: `update` asks, the event loop does the I/O.
#[derive(Clone, Debug, PartialEq)]
pub enum Effect {
    /// Put this text on the user's clipboard (OSC 52).
    Copy(String),
    /// Write these articles to a file.
    Export(Vec<u32>, crate::export::Format),
    /// Mark (`true`) or unmark an article, by stable id, in the marks file: merged with what
    /// other explorers marked meanwhile.
    Mark(String, bool),
    SaveHistory,
    /// Run this title search in the background and answer with `Action::SearchDone`.
    Search(Box<super::search::SearchJob>),
    /// Stop the background search: its answer would be dropped (the number is the newest).
    CancelSearch(u64),
    /// Find the keyword-in-context rows on a worker and answer with `Action::KwicDone`.
    Kwic(Box<KwicJob>),
}

/// A keyword-in-context view to compute off the UI thread: over a large filtered set it reads
/// every body.
#[derive(Clone, Debug, PartialEq)]
pub struct KwicJob {
    /// Answers carry it; only the newest is shown.
    pub generation: u64,
    pub query: crate::analysis::KwicQuery,
    pub title: String,
    pub set: roaring::RoaringBitmap,
}

pub struct App {
    pub lib: std::sync::Arc<Library>,
    pub theme: Theme,
    pub bidi: BidiMode,
    /// The terminal size, as last reported.
    pub size: Rect,
    pub focus: Pane,
    pub mode: Mode,
    /// What is being typed in the query line.
    pub input: String,
    pub filter: Filter,
    pub results: Results,
    /// The filter `results` was computed for, to narrow incrementally while typing.
    pub results_for: Filter,
    /// Index into `results.articles`.
    pub selected: usize,
    pub list_offset: usize,
    pub body_scroll: usize,
    /// Index into the selected article's body mentions, when jumping between them.
    pub mention_cursor: Option<usize>,
    /// Index into the full-text hits of the selected article.
    pub hit_cursor: Option<usize>,
    pub facet_rows: Vec<FacetRow>,
    pub facet_selected: usize,
    pub facet_offset: usize,
    pub facet_query: String,
    pub expanded_month: Option<MonthKey>,
    /// Facet sections folded to their header (on ANT the people alone are 1,700 rows).
    pub folded: Vec<Section>,
    /// Entity counts under the current filter, by entity number.
    pub entity_counts: Vec<u32>,
    pub status: String,
    pub quit: bool,
    pub keys: KeyMap,
    pub osc52: bool,
    pub history_size: usize,
    pub export_dir: PathBuf,
    /// Marked articles by stable id (what is saved), and as article numbers.
    pub marks: Marks,
    pub marked: RoaringBitmap,
    pub history: History,
    /// Position in the history while browsing it with ↑ ↓ (None: not browsing).
    pub history_pos: Option<usize>,
    pub effects: Vec<Effect>,
    /// The body's last layout (a cache of a pure function of the state; see `body::view`).
    pub view: Option<View>,
    /// The first line of the help overlay shown (clamped when drawn).
    pub help_scroll: usize,
    /// Near-duplicate clusters, once computed (in the background at start).
    pub dups: Option<std::sync::Arc<crate::analysis::dups::DupReport>>,
    /// Articles the background clustering has read so far, for its progress.
    pub dups_done: std::sync::Arc<std::sync::atomic::AtomicUsize>,
    /// For each article in a cluster: the cluster's index in `dups`.
    pub cluster_of: std::collections::HashMap<u32, usize>,
    pub body_memo: std::cell::RefCell<Option<(BodyKey, std::sync::Arc<BodyView>)>>,
    /// The full layout of a long body drawn in part, for the event loop to ask of a worker.
    pub body_wanted: std::cell::RefCell<Option<BodyKey>>,
    /// Laid-out list rows (a cache of a pure function of the state; see `list::render`).
    pub list_memo: std::cell::RefCell<RowMemo>,
    /// Each entity's names (display name, aliases, English name) normalised once, for the
    /// facet filter, which matches them at every key.
    pub entity_names: Vec<Box<[Box<str>]>>,
    /// Entities whose Arabic name another entity also has (تونس: Tunisia and Tunis).
    pub shared_names: std::collections::HashSet<u32>,
    /// Title searches run in the background (the event loop sets this; tests and headless
    /// callers leave it off and get the results at once).
    pub background_search: bool,
    /// The keyword-in-context view being computed on a worker (its generation), if any: Esc
    /// drops it, and an answer for an older one is ignored.
    pub pending_kwic: Option<u64>,
    pub kwic_generation: u64,
    /// Number of the newest search asked for; older answers are dropped.
    pub search_generation: u64,
    /// A background search for the current query is running: the list still shows the
    /// results of `results_for`.
    pub searching: bool,
}

impl App {
    pub fn new(lib: Library, size: Rect, opts: UiOptions) -> App {
        let marked = lib
            .articles()
            .iter()
            .enumerate()
            .filter(|(_, a)| opts.marks.marks.contains(&stable_id(a)))
            .map(|(i, _)| i as u32)
            .collect();
        let mut app = App {
            lib: std::sync::Arc::new(lib),
            theme: opts.theme.unwrap_or_else(Theme::from_env),
            bidi: opts.bidi,
            size,
            focus: Pane::List,
            mode: Mode::Normal,
            input: String::new(),
            filter: Filter::default(),
            results: Results::default(),
            results_for: Filter::default(),
            selected: 0,
            list_offset: 0,
            body_scroll: 0,
            mention_cursor: None,
            hit_cursor: None,
            facet_rows: Vec::new(),
            facet_selected: 0,
            facet_offset: 0,
            facet_query: String::new(),
            expanded_month: None,
            folded: Vec::new(),
            entity_counts: Vec::new(),
            status: String::new(),
            quit: false,
            keys: opts.keys,
            osc52: opts.osc52,
            history_size: opts.history_size,
            export_dir: opts.export_dir,
            marks: opts.marks,
            marked,
            history: opts.history,
            history_pos: None,
            effects: Vec::new(),
            view: None,
            help_scroll: 0,
            dups: None,
            dups_done: Default::default(),
            cluster_of: Default::default(),
            body_memo: Default::default(),
            body_wanted: Default::default(),
            list_memo: Default::default(),
            entity_names: Vec::new(),
            shared_names: Default::default(),
            background_search: false,
            pending_kwic: None,
            kwic_generation: 0,
            search_generation: 0,
            searching: false,
        };
        app.name_entities();
        app
    }

    /// Names the library's entities for the facet filter and the screen; again when they
    /// arrive after the explorer opened.
    pub(crate) fn name_entities(&mut self) {
        let entities = &self.lib.entities().entities;
        self.entity_names = entity_names(entities);
        self.shared_names = shared_names(entities);
    }

    /// The article under the list cursor.
    pub fn current(&self) -> Option<(u32, &Article)> {
        let i = *self.results.articles.get(self.selected)?;
        Some((i, self.lib.articles().get(i as usize)?))
    }

    pub fn entity(&self, id: u32) -> Option<&Entity> {
        self.lib.entities().entities.get(id as usize)
    }

    /// How an entity is named on screen: its Arabic name, with its English name when another
    /// entity has the same Arabic name (تونس (Tunis) beside تونس (Tunisia)).
    pub fn entity_label(&self, id: u32) -> String {
        let Some(e) = self.entity(id) else {
            return format!("#{id}");
        };
        match &e.name_en {
            Some(en) if self.shared_names.contains(&id) => format!("{} ({en})", e.name),
            _ => e.name.clone(),
        }
    }

    pub fn total(&self) -> usize {
        self.lib.articles().len()
    }
}

/// Each entity's names (display name, aliases, English name), normalised.
fn entity_names(entities: &[Entity]) -> Vec<Box<[Box<str>]>> {
    entities
        .iter()
        .map(|e| {
            std::iter::once(&e.name)
                .chain(&e.aliases)
                .chain(&e.name_en)
                .map(|n| crate::arabic::normalize(n).into_boxed_str())
                .collect()
        })
        .collect()
}

/// Entities whose Arabic name another entity also has.
fn shared_names(entities: &[Entity]) -> std::collections::HashSet<u32> {
    let mut by_name: std::collections::HashMap<&str, Vec<u32>> = Default::default();
    for (i, e) in entities.iter().enumerate() {
        by_name.entry(e.name.as_str()).or_default().push(i as u32);
    }
    by_name
        .into_values()
        .filter(|ids| ids.len() > 1)
        .flatten()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::EntityKind;

    fn entity(id: &str, name: &str, en: &str) -> Entity {
        Entity {
            id: id.into(),
            kind: EntityKind::Loc,
            name: name.into(),
            name_en: Some(en.into()),
            aliases: vec![name.into()],
            discovered: false,
            articles: 1,
            mentions: 1,
        }
    }

    #[test]
    fn only_entities_sharing_an_arabic_name_are_marked() {
        let entities = [
            entity("loc:tunisia", "تونس", "Tunisia"),
            entity("loc:russia", "روسيا", "Russia"),
            entity("loc:tunis", "تونس", "Tunis"),
        ];
        let shared = shared_names(&entities);
        assert_eq!(shared, [0u32, 2].into_iter().collect());
    }
}

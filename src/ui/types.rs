//! The small shared types of the explorer: panes, modes, facet rows, the open view, and the
//! memo types of laid-out text. A leaf of `ui`: every other `ui` module may use it, it uses
//! none of them but `rtl` (for the bidi mode in a memo key).

use chrono::NaiveDate;
use ratatui::text::Line;

use super::rtl::BidiMode;
use crate::analysis::cooccur::Cooccurrence;
use crate::analysis::dups::Cluster;
use crate::analysis::kwic::{KwicRow, KwicSort};
use crate::analysis::timeline::Timeline;
use crate::entities::EntityKind;
use crate::index::MonthKey;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pane {
    Facets,
    List,
    Body,
}

impl Pane {
    pub fn next(self) -> Pane {
        match self {
            Pane::Facets => Pane::List,
            Pane::List => Pane::Body,
            Pane::Body => Pane::Facets,
        }
    }

    pub fn prev(self) -> Pane {
        self.next().next()
    }
}

/// What the query line is typing into.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InputKind {
    /// Fuzzy title search, narrowing at every keystroke.
    Title,
    /// Full-text body search, run on Enter.
    Text,
    /// Narrows the facet pane's entity list.
    Facet,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Normal,
    Input(InputKind),
    Help,
    /// An analyst view (timeline, co-occurrence, keyword in context, cluster) is open.
    View,
    /// The export key was pressed: the status line asks for the format.
    ChooseExport,
}

/// One row of the facet pane.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FacetRow {
    Header(Section),
    Entity {
        id: u32,
        count: u32,
    },
    Month {
        key: MonthKey,
        count: u32,
    },
    Day {
        date: NaiveDate,
        count: u32,
    },
    Undated {
        count: u32,
    },
    Marked {
        count: u32,
    },
    /// The entities are still being extracted (the explorer opens before they are).
    Pending,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Section {
    Kind(EntityKind),
    Dates,
}

/// An open analyst view and its cursor.
#[derive(Clone, Debug)]
pub enum View {
    Timeline(Timeline),
    Cooccur {
        data: Cooccurrence,
        selected: usize,
    },
    Kwic {
        title: String,
        rows: Vec<KwicRow>,
        sort: KwicSort,
        selected: usize,
    },
    Cluster {
        cluster: Cluster,
        selected: usize,
    },
}

impl View {
    /// Number of selectable rows.
    pub fn len(&self) -> usize {
        match self {
            View::Timeline(t) => t.months.len(),
            View::Cooccur { data, .. } => data.partners.len(),
            View::Kwic { rows, .. } => rows.len(),
            View::Cluster { cluster, .. } => cluster.members.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn selected_mut(&mut self) -> Option<&mut usize> {
        match self {
            View::Timeline(_) => None,
            View::Cooccur { selected, .. }
            | View::Kwic { selected, .. }
            | View::Cluster { selected, .. } => Some(selected),
        }
    }

    pub(crate) fn selected(&self) -> usize {
        match self {
            View::Timeline(_) => 0,
            View::Cooccur { selected, .. }
            | View::Kwic { selected, .. }
            | View::Cluster { selected, .. } => *selected,
        }
    }
}

/// The laid-out body of the selected article.
#[derive(Debug, PartialEq)]
pub struct BodyView {
    pub lines: Vec<Line<'static>>,
    /// The line each body mention starts on, in mention order.
    pub mention_lines: Vec<usize>,
    /// The line each full-text hit starts on.
    pub hit_lines: Vec<usize>,
    /// The line each paragraph starts on.
    pub para_lines: Vec<usize>,
    /// Only the first screens of a long body: the rest is being laid out on a worker.
    pub partial: bool,
}

/// What the body's layout depends on; the layout is kept until one of these changes, so that a
/// long article is not laid out again at every frame and key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BodyKey {
    pub(crate) article: Option<u32>,
    pub(crate) width: u16,
    pub(crate) bidi: BidiMode,
    pub(crate) mention: Option<usize>,
    pub(crate) hit: Option<usize>,
    pub(crate) text: String,
    pub(crate) color: bool,
    /// The entities are extracted (their mentions are highlighted).
    pub(crate) entities: bool,
}

/// What a row's layout depends on besides its article and whether it is selected.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct RowContext {
    pub(crate) query: String,
    pub(crate) bidi: Option<BidiMode>,
    pub(crate) width: u16,
    pub(crate) clusters: bool,
}

/// Rows laid out for the last frames. Laying out a title (highlights, shaping, bidi) costs
/// about 0.1 ms, a whole list several; the frame drawn after each keystroke while a search
/// runs shows the same rows again, so they are kept until what they depend on changes.
#[derive(Default)]
pub struct RowMemo {
    pub(crate) context: RowContext,
    pub(crate) rows: std::collections::HashMap<(u32, bool), Line<'static>>,
}

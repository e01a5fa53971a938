//! Where each pane goes for a terminal size. `update` (for mouse clicks and scrolling) and
//! `render` both call this, so they always agree.

use ratatui::layout::{Constraint, Direction, Layout, Rect};

use super::types::Pane;
use crate::config::BidiMode;

/// The smallest terminal akhbar draws into; below it, a "terminal too small" notice.
pub const MIN_WIDTH: u16 = 20;
pub const MIN_HEIGHT: u16 = 6;
/// Under this width only the focused pane is shown.
pub const NARROW: u16 = 80;
/// From this width the three panes stand side by side.
pub const WIDE: u16 = 150;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Areas {
    /// Active filters as chips.
    pub chips: Rect,
    pub facets: Option<Rect>,
    pub list: Option<Rect>,
    pub body: Option<Rect>,
    /// The query line or the status line.
    pub bottom: Rect,
}

pub fn too_small(size: Rect) -> bool {
    size.width < MIN_WIDTH || size.height < MIN_HEIGHT
}

/// Where the panes go. With `--bidi terminal` the panes never share a screen row: a terminal
/// that reorders right-to-left text does it line by line, over the whole row, and would mix
/// the text of panes standing side by side (counts jumping across, borders moved). They are
/// stacked instead: the list (or the facets, when focused) above the body.
pub fn areas(size: Rect, focus: Pane, bidi: BidiMode) -> Areas {
    let rows = Layout::default()
        .direction(Direction::Vertical)
        .constraints([
            Constraint::Length(1),
            Constraint::Min(1),
            Constraint::Length(1),
        ])
        .split(size);
    let (chips, main, bottom) = (rows[0], rows[1], rows[2]);
    let mut a = Areas {
        chips,
        bottom,
        ..Areas::default()
    };
    if bidi == BidiMode::Terminal && size.width >= NARROW {
        let stack = Layout::default()
            .direction(Direction::Vertical)
            .constraints([Constraint::Percentage(40), Constraint::Min(3)])
            .split(main);
        match focus {
            Pane::Facets => a.facets = Some(stack[0]),
            _ => a.list = Some(stack[0]),
        }
        a.body = Some(stack[1]);
        return a;
    }
    if size.width < NARROW {
        match focus {
            Pane::Facets => a.facets = Some(main),
            Pane::List => a.list = Some(main),
            Pane::Body => a.body = Some(main),
        }
        return a;
    }
    let facet_width = (size.width * 22 / 100).clamp(24, 40);
    if size.width >= WIDE {
        let cols = Layout::default()
            .direction(Direction::Horizontal)
            .constraints([
                Constraint::Length(facet_width),
                Constraint::Percentage(38),
                Constraint::Min(30),
            ])
            .split(main);
        a.facets = Some(cols[0]);
        a.list = Some(cols[1]);
        a.body = Some(cols[2]);
        return a;
    }
    let cols = Layout::default()
        .direction(Direction::Horizontal)
        .constraints([Constraint::Length(facet_width), Constraint::Min(30)])
        .split(main);
    let right = Layout::default()
        .direction(Direction::Vertical)
        .constraints([Constraint::Percentage(40), Constraint::Min(3)])
        .split(cols[1]);
    a.facets = Some(cols[0]);
    a.list = Some(right[0]);
    a.body = Some(right[1]);
    a
}

/// The inside of a bordered pane.
pub fn inner(r: Rect) -> Rect {
    Rect {
        x: r.x.saturating_add(1),
        y: r.y.saturating_add(1),
        width: r.width.saturating_sub(2),
        height: r.height.saturating_sub(2),
    }
}

pub fn contains(r: Rect, x: u16, y: u16) -> bool {
    x >= r.x && x < r.x.saturating_add(r.width) && y >= r.y && y < r.y.saturating_add(r.height)
}

//! Moving: cursors, pages, scrolling, the mouse.

use super::*;

/// Rows a page moves: the height of the focused pane.
pub(super) fn page(app: &App) -> isize {
    let a = layout::areas(app.size, app.focus, app.bidi);
    let r = match app.focus {
        Pane::Facets => a.facets,
        Pane::List => a.list,
        Pane::Body => a.body,
    };
    r.map_or(10, |r| layout::inner(r).height.max(2) as isize - 1)
}

pub(super) fn move_by(app: &mut App, delta: isize) {
    if app.mode == Mode::View {
        if let Some(view) = app.view.as_mut() {
            let len = view.len();
            if let Some(sel) = view.selected_mut() {
                *sel = step(*sel, delta, len);
            }
        }
        return;
    }
    match app.focus {
        Pane::List => {
            let before = app.selected;
            app.selected = step(app.selected, delta, app.results.articles.len());
            if before != app.selected {
                article_changed(app);
            }
        }
        Pane::Facets => {
            app.facet_selected = step(app.facet_selected, delta, app.facet_rows.len());
        }
        Pane::Body => {
            let max = max_body_scroll(app);
            app.body_scroll = step(app.body_scroll.min(max), delta, max + 1);
        }
    }
    keep_in_view(app);
}

/// The last scroll of the body that still fills the pane: `G` shows the last page, not a
/// blank one.
fn max_body_scroll(app: &App) -> usize {
    let a = layout::areas(app.size, app.focus, app.bidi);
    let height = a
        .body
        .map_or(1, |r| layout::inner(r).height.max(1) as usize);
    body::line_count(app).saturating_sub(height)
}

pub(super) fn step(cur: usize, delta: isize, len: usize) -> usize {
    if len == 0 {
        return 0;
    }
    (cur as isize)
        .saturating_add(delta)
        .clamp(0, len as isize - 1) as usize
}

/// Scrolls the list and the facet pane so that their cursors are visible.
pub fn keep_in_view(app: &mut App) {
    let a = layout::areas(app.size, app.focus, app.bidi);
    if let Some(r) = a.list {
        let h = layout::inner(r).height.max(1) as usize;
        let len = app.results.articles.len();
        app.list_offset = scrolled(app.list_offset, app.selected, h, len);
    }
    if let Some(r) = a.facets {
        let h = layout::inner(r).height.max(1) as usize;
        let len = app.facet_rows.len();
        app.facet_offset = scrolled(app.facet_offset, app.facet_selected, h, len);
    }
}

/// The offset that shows `cursor` in a pane `height` rows high, moving as little as it can,
/// and never past the point where the pane would have empty rows below a list of `len`.
pub(super) fn scrolled(offset: usize, cursor: usize, height: usize, len: usize) -> usize {
    let offset = offset.min(len.saturating_sub(height));
    if cursor < offset {
        cursor
    } else if cursor >= offset + height {
        cursor + 1 - height
    } else {
        offset
    }
}

pub(super) fn click(app: &mut App, x: u16, y: u16) {
    let a = layout::areas(app.size, app.focus, app.bidi);
    if layout::contains(a.chips, x, y) {
        let hit = chips::laid_out(app)
            .into_iter()
            .find(|(_, _, cx, w)| x >= *cx && x < cx + w);
        if let Some((chip, ..)) = hit {
            chips::remove(&mut app.filter, &chip);
            refilter(app);
        }
        return;
    }
    if let Some(r) = a.list.filter(|r| layout::contains(*r, x, y)) {
        app.focus = Pane::List;
        let row = y.saturating_sub(layout::inner(r).y) as usize + app.list_offset;
        if row < app.results.articles.len() && row != app.selected {
            app.selected = row;
            article_changed(app);
        }
    } else if let Some(r) = a.facets.filter(|r| layout::contains(*r, x, y)) {
        app.focus = Pane::Facets;
        let row = y.saturating_sub(layout::inner(r).y) as usize + app.facet_offset;
        if row < app.facet_rows.len() {
            app.facet_selected = row;
        }
    } else if a.body.is_some_and(|r| layout::contains(r, x, y)) {
        app.focus = Pane::Body;
    }
    keep_in_view(app);
}

pub(super) fn wheel(app: &mut App, x: u16, y: u16, delta: isize) {
    let a = layout::areas(app.size, app.focus, app.bidi);
    let prev = app.focus;
    if a.list.is_some_and(|r| layout::contains(r, x, y)) {
        app.focus = Pane::List;
    } else if a.facets.is_some_and(|r| layout::contains(r, x, y)) {
        app.focus = Pane::Facets;
    } else if a.body.is_some_and(|r| layout::contains(r, x, y)) {
        app.focus = Pane::Body;
    }
    move_by(app, delta);
    app.focus = prev;
}

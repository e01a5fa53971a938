//! The query line: starting it, editing, Enter, and the history of queries.

use super::*;

pub(super) fn start_input(app: &mut App, kind: InputKind) {
    app.mode = Mode::Input(kind);
    app.history_pos = None;
    app.input = match kind {
        InputKind::Title => app.filter.query.clone(),
        InputKind::Text => app.filter.text.clone(),
        InputKind::Facet => {
            app.focus = Pane::Facets;
            app.facet_query.clone()
        }
    };
}

pub(super) fn edit_input(app: &mut App, edit: impl FnOnce(&mut String)) {
    edit(&mut app.input);
    match app.mode {
        Mode::Input(InputKind::Title) => {
            app.filter.query = app.input.clone();
            search(app);
        }
        Mode::Input(InputKind::Facet) => {
            app.facet_query = app.input.clone();
            rebuild_facets(app);
            // The cursor on the first entity that matches, so that Space selects it.
            app.facet_selected = app
                .facet_rows
                .iter()
                .position(|r| matches!(r, FacetRow::Entity { .. }))
                .unwrap_or(0);
            keep_in_view(app);
        }
        // Body search scans every body, so it runs on Enter, not at every key.
        _ => {}
    }
}

pub(super) fn enter(app: &mut App) {
    match app.mode {
        Mode::Input(kind) => {
            app.mode = Mode::Normal;
            app.history_pos = None;
            let (query, max) = (app.input.clone(), app.history_size);
            if let Some(list) = history_list(app, kind) {
                History::push(list, &query, max);
                app.effects.push(Effect::SaveHistory);
            }
            if kind == InputKind::Text {
                app.filter.text = app.input.trim().to_string();
                app.hit_cursor = None;
                if app.background_search {
                    // Every body is read: the searcher does it, and the first hit is
                    // scrolled to when its answer comes (`search_done`).
                    search(app);
                    app.status = "searching the bodies…".into();
                } else {
                    refilter(app);
                    step_hit(app, 1);
                }
            }
            app.input.clear();
        }
        Mode::Help | Mode::ChooseExport => app.mode = Mode::Normal,
        Mode::View => view_enter(app),
        Mode::Normal => match app.focus {
            Pane::List => app.focus = Pane::Body,
            Pane::Facets => match app.facet_rows.get(app.facet_selected) {
                Some(FacetRow::Month { .. }) => expand(app, true),
                _ => toggle_facet(app),
            },
            Pane::Body => {}
        },
    }
}

pub(super) fn history_list(app: &mut App, kind: InputKind) -> Option<&mut Vec<String>> {
    match kind {
        InputKind::Title => Some(&mut app.history.title),
        InputKind::Text => Some(&mut app.history.text),
        InputKind::Facet => None,
    }
}

/// ↑ ↓ in the query line: older and newer queries; past the newest, an empty line.
pub(super) fn browse_history(app: &mut App, delta: isize) {
    let Mode::Input(kind) = app.mode else { return };
    let cur = app.history_pos;
    let Some(list) = history_list(app, kind) else {
        return;
    };
    let len = list.len();
    if len == 0 {
        return;
    }
    let pos = cur.unwrap_or(len) as isize + delta;
    let pos = pos.clamp(0, len as isize) as usize;
    let text = list.get(pos).cloned().unwrap_or_default();
    app.history_pos = (pos < len).then_some(pos);
    edit_input(app, |s| *s = text);
}

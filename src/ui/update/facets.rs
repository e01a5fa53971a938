//! The facet pane: its rows under the current filter, and selecting entities and dates.

use super::*;

/// The facet rows for the current filter: entities by type with their counts, then the
/// month histogram (with the days of an expanded month) and the undated bucket.
pub fn rebuild_facets(app: &mut App) {
    // The cursor follows its row (the entity, month or day under it), not its position: a
    // toggle reorders the rows by their new counts.
    let under_cursor = app.facet_rows.get(app.facet_selected).map(row_identity);
    app.entity_counts = app.lib.index.entity_counts(&app.results.set);
    let mut rows = Vec::new();
    let marked = app.results.set.intersection_len(&app.marked) as u32;
    if marked > 0 || app.filter.marked.is_some() {
        rows.push(FacetRow::Marked { count: marked });
    }
    if app.lib.has_entities() {
        for kind in [EntityKind::Per, EntityKind::Loc, EntityKind::Org] {
            rows.push(FacetRow::Header(Section::Kind(kind)));
            if !app.folded.contains(&Section::Kind(kind)) {
                rows.extend(entity_rows(app, kind));
            }
        }
    } else {
        rows.push(FacetRow::Pending);
    }
    rows.push(FacetRow::Header(Section::Dates));
    if app.folded.contains(&Section::Dates) {
        app.facet_rows = rows;
        return keep_cursor(app, under_cursor);
    }
    // The months are counted without the date selection itself, so that the other months
    // stay listed and a second one can be chosen to make a range.
    let dateless = without_dates(app);
    let date_set = dateless.as_ref().unwrap_or(&app.results.set);
    let (months, undated) = app.lib.index.month_counts(date_set);
    for (&key, &count) in months.iter().rev() {
        rows.push(FacetRow::Month { key, count });
        if app.expanded_month == Some(key) {
            let days = app.lib.index.day_counts(date_set, key);
            rows.extend(
                days.into_iter()
                    .rev()
                    .map(|(date, count)| FacetRow::Day { date, count }),
            );
        }
    }
    if undated > 0 || app.filter.undated {
        rows.push(FacetRow::Undated { count: undated });
    }
    app.facet_rows = rows;
    keep_cursor(app, under_cursor);
}

/// Puts the cursor back on the row it was on, or as near its old place as the rows allow.
fn keep_cursor(app: &mut App, under_cursor: Option<FacetRow>) {
    let same = under_cursor.and_then(|k| app.facet_rows.iter().position(|r| row_identity(r) == k));
    app.facet_selected = same.unwrap_or_else(|| {
        app.facet_selected
            .min(app.facet_rows.len().saturating_sub(1))
    });
}

/// Folds a facet section to its header, or unfolds it (`Some(true)` folds, `Some(false)`
/// unfolds, `None` flips).
pub(super) fn fold(app: &mut App, section: Section, fold: Option<bool>) {
    let folded = app.folded.contains(&section);
    if fold.unwrap_or(!folded) {
        if !folded {
            app.folded.push(section);
        }
    } else {
        app.folded.retain(|&s| s != section);
    }
    rebuild_facets(app);
    keep_in_view(app);
}

/// The articles the filter lets through when its dates are left out, if it has dates.
fn without_dates(app: &App) -> Option<roaring::RoaringBitmap> {
    let f = &app.results_for;
    if f.dates.is_none() && !f.undated {
        return None;
    }
    let rest = Filter {
        dates: None,
        undated: false,
        ..f.clone()
    };
    Some(app.lib.apply(&rest).set)
}

/// What a facet row stands for, whatever its count.
fn row_identity(r: &FacetRow) -> FacetRow {
    match *r {
        FacetRow::Entity { id, .. } => FacetRow::Entity { id, count: 0 },
        FacetRow::Month { key, .. } => FacetRow::Month { key, count: 0 },
        FacetRow::Day { date, .. } => FacetRow::Day { date, count: 0 },
        FacetRow::Undated { .. } => FacetRow::Undated { count: 0 },
        FacetRow::Marked { .. } => FacetRow::Marked { count: 0 },
        other => other,
    }
}

pub(super) fn entity_rows(app: &App, kind: EntityKind) -> Vec<FacetRow> {
    let q = normalize(app.facet_query.trim());
    let matcher = SkimMatcherV2::default().ignore_case();
    let mut rows: Vec<(i64, FacetRow)> = app
        .lib
        .entities()
        .entities
        .iter()
        .enumerate()
        .filter(|(_, e)| e.kind == kind)
        .filter_map(|(i, _)| {
            let id = i as u32;
            let count = app.entity_counts.get(i).copied().unwrap_or(0);
            let selected = app.filter.entities.contains(&id);
            if count == 0 && !selected {
                return None;
            }
            let score = if q.is_empty() {
                0
            } else {
                let names = app.entity_names.get(i).map_or(&[][..], |n| &n[..]);
                names
                    .iter()
                    .filter_map(|n| matcher.fuzzy_match(n, &q))
                    .max()?
            };
            Some((score, FacetRow::Entity { id, count }))
        })
        .collect();
    rows.sort_by_key(|(score, row)| match row {
        FacetRow::Entity { id, count } => {
            (std::cmp::Reverse(*score), std::cmp::Reverse(*count), *id)
        }
        _ => (std::cmp::Reverse(*score), std::cmp::Reverse(0), 0),
    });
    rows.into_iter().map(|(_, r)| r).collect()
}

pub(super) fn toggle_facet(app: &mut App) {
    if app.focus != Pane::Facets {
        return;
    }
    match app.facet_rows.get(app.facet_selected).copied() {
        Some(FacetRow::Header(section)) => return fold(app, section, None),
        Some(FacetRow::Entity { id, .. }) => {
            if app.filter.entities.contains(&id) {
                app.filter.entities.retain(|&e| e != id);
            } else {
                app.filter.entities.push(id);
            }
        }
        Some(FacetRow::Month { key, .. }) => select_dates(app, month_range(key)),
        Some(FacetRow::Day { date, .. }) => select_dates(
            app,
            DateRange {
                from: Some(date),
                to: Some(date),
            },
        ),
        Some(FacetRow::Undated { .. }) => {
            app.filter.undated = !app.filter.undated;
            app.filter.dates = None;
        }
        Some(FacetRow::Marked { .. }) => {
            app.filter.marked = match app.filter.marked {
                Some(_) => None,
                None => Some(app.marked.clone()),
            };
        }
        _ => return,
    }
    refilter(app);
}

/// Selecting a month or day: the same one again unselects it; another one while a date is
/// selected extends the selection to a range covering both.
pub(super) fn select_dates(app: &mut App, r: DateRange) {
    app.filter.undated = false;
    app.filter.dates = match app.filter.dates {
        Some(cur) if cur == r => None,
        Some(cur) => Some(DateRange {
            from: cur.from.min(r.from).or(cur.from).or(r.from),
            to: cur.to.max(r.to),
        }),
        None => Some(r),
    };
}

pub(super) fn expand(app: &mut App, open: bool) {
    if app.focus != Pane::Facets {
        return;
    }
    let month = match app.facet_rows.get(app.facet_selected) {
        // On a section header, l unfolds it and h folds it.
        Some(&FacetRow::Header(section)) => return fold(app, section, Some(!open)),
        Some(FacetRow::Month { key, .. }) => Some(*key),
        Some(FacetRow::Day { date, .. }) => Some(month_key(*date)),
        _ => None,
    };
    app.expanded_month = match (open, month) {
        (true, Some(k)) => Some(k),
        (false, _) => None,
        (true, None) => app.expanded_month,
    };
    rebuild_facets(app);
    if let (false, Some(k)) = (open, month) {
        let row = app
            .facet_rows
            .iter()
            .position(|r| matches!(r, FacetRow::Month { key, .. } if *key == k));
        if let Some(i) = row {
            app.facet_selected = i;
        }
    }
    keep_in_view(app);
}

/// The entities arrived: name them for the facet filter and count them. The facet cursor
/// stays on the row it was on (a date, say), which has moved down.
pub(super) fn entities_ready(app: &mut App) {
    app.name_entities();
    let n = app.lib.entities().entities.len();
    let on = app.facet_rows.get(app.facet_selected).copied();
    // Nothing selects an entity before they exist; should the filter hold one anyway, its
    // results need the new index.
    if app.filter.entities.is_empty() {
        rebuild_facets(app);
    } else {
        refilter(app);
    }
    if let Some(i) = on.and_then(|r| app.facet_rows.iter().position(|&x| x == r)) {
        app.facet_selected = i;
    }
    keep_in_view(app);
    if app.status.is_empty() || app.status == ENTITIES_PENDING {
        let secs = app.lib.extract_time().unwrap_or_default().as_secs_f64();
        app.status = format!("{n} entities found in {secs:.1} s");
    }
}

/// Puts the facet cursor on the first month (on ANT the months sit below 1,700 entity rows).
pub(super) fn jump_to_dates(app: &mut App) {
    if app.folded.contains(&Section::Dates) {
        fold(app, Section::Dates, Some(false));
    }
    let header = app
        .facet_rows
        .iter()
        .position(|r| *r == FacetRow::Header(Section::Dates));
    if let Some(h) = header {
        app.focus = Pane::Facets;
        app.facet_selected = (h + 1).min(app.facet_rows.len().saturating_sub(1));
        keep_in_view(app);
    }
}

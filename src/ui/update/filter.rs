//! Applying the filter: at once or by the background searcher, and showing the results.

use super::*;

pub fn refilter(app: &mut App) {
    apply_now(app, Selection::Keep);
}

/// What happens to the list cursor when new results come.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Selection {
    /// Stay on the same article when it is still listed (a facet changed).
    Keep,
    /// Go to the best match (the title query changed).
    Top,
}

pub(super) fn apply_now(app: &mut App, selection: Selection) {
    // Whatever a background search was doing is now out of date: stop it.
    app.search_generation += 1;
    if std::mem::take(&mut app.searching) {
        app.effects
            .push(Effect::CancelSearch(app.search_generation));
    }
    let results = app
        .lib
        .apply_after(&app.filter, (&app.results_for, &app.results));
    show_results(app, app.filter.clone(), results, selection);
}

/// A title query changed while typing: search in the background when the event loop runs
/// one (the list keeps its results until the answer comes), else at once.
pub(super) fn search(app: &mut App) {
    if !app.background_search {
        apply_now(app, Selection::Top);
        return;
    }
    app.search_generation += 1;
    app.searching = true;
    app.effects.push(Effect::Search(Box::new(SearchJob {
        generation: app.search_generation,
        filter: app.filter.clone(),
        prev: Some((app.results_for.clone(), app.results.clone())),
    })));
}

/// The answer of a background search: shown when it is the newest one asked for and still
/// answers the current filter.
pub(super) fn search_done(app: &mut App, answer: std::sync::Arc<SearchDone>) {
    if answer.generation != app.search_generation || answer.filter != app.filter {
        return;
    }
    app.searching = false;
    let done = std::sync::Arc::try_unwrap(answer).unwrap_or_else(|a| (*a).clone());
    let new_text = done.filter.text != app.results_for.text;
    show_results(app, done.filter, done.results, Selection::Top);
    if new_text && !app.filter.text.is_empty() {
        app.status.clear();
        step_hit(app, 1);
    }
}

/// Installs new results and places the list cursor.
pub(super) fn show_results(app: &mut App, filter: Filter, results: Results, selection: Selection) {
    let before = app.current().map(|(i, _)| i);
    app.results = results;
    app.results_for = filter;
    app.selected = before
        .filter(|_| selection == Selection::Keep)
        .and_then(|k| app.results.articles.iter().position(|&i| i == k))
        .unwrap_or(0);
    if before != app.current().map(|(i, _)| i) {
        article_changed(app);
    }
    rebuild_facets(app);
    keep_in_view(app);
}

pub(super) fn article_changed(app: &mut App) {
    app.body_scroll = 0;
    app.mention_cursor = None;
    app.hit_cursor = None;
}

/// Shows one representative per cluster, or every article again.
pub(super) fn cycle_sort(app: &mut App) {
    let querying = !app.filter.query.trim().is_empty();
    app.filter.sort = app.filter.sort.next(querying);
    app.status = format!("sorted by {}", app.filter.sort.label(querying));
    refilter(app);
}

pub(super) fn toggle_collapse(app: &mut App) {
    if app.filter.exclude.take().is_none() {
        let Some(report) = &app.dups else {
            app.status = "near-duplicate clusters are still being computed".into();
            return;
        };
        let hidden: RoaringBitmap = report
            .clusters
            .iter()
            .flat_map(|c| {
                c.members
                    .iter()
                    .copied()
                    .filter(move |&m| m != c.representative)
            })
            .collect();
        app.status = format!("{} near-duplicates hidden", hidden.len());
        app.filter.exclude = Some(hidden);
    }
    refilter(app);
}

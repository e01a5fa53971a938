//! `update`: the only place the explorer's state changes. No I/O, no drawing.

use crate::keys::Command;
use fuzzy_matcher::skim::SkimMatcherV2;
use fuzzy_matcher::FuzzyMatcher;
use ratatui::layout::Rect;
use roaring::RoaringBitmap;

use super::action::Action;
use super::app::{App, Effect, FacetRow, InputKind, Mode, Pane, Section};
use super::rtl::BidiMode;
use super::search::{SearchDone, SearchJob};
use super::views::View;
use super::{body, chips, layout};
use crate::analysis::cooccur::{cooccurrences, CooccurOptions};
use crate::analysis::dups::DupReport;
use crate::analysis::kwic::{kwic, sort_rows, KwicOptions, KwicQuery, KwicSort};
use crate::analysis::timeline::timeline;
use crate::arabic::normalize::normalize;
use crate::entities::EntityKind;
use crate::index::{month_key, month_range, DateRange, Filter, Results};
use crate::state::{stable_id, History};

pub fn update(app: &mut App, action: Action) {
    // A message stays until the user's next action; background answers do not clear it.
    if !matches!(
        action,
        Action::SearchDone(..) | Action::DupsReady(..) | Action::EntitiesReady
    ) {
        app.status.clear();
    }
    match action {
        Action::Quit => app.quit = true,
        Action::Notify(msg) => app.status = msg,
        Action::Resize(w, h) => {
            app.size = Rect::new(0, 0, w, h);
            keep_in_view(app);
        }
        Action::ToggleHelp => {
            app.mode = if app.mode == Mode::Help {
                Mode::Normal
            } else {
                Mode::Help
            };
        }
        Action::Escape => escape(app),
        Action::FocusNext => app.focus = app.focus.next(),
        Action::FocusPrev => app.focus = app.focus.prev(),
        Action::StartInput(kind) => start_input(app, kind),
        Action::Input(c) => edit_input(app, |s| s.push(c)),
        Action::Backspace => edit_input(app, |s| {
            s.pop();
        }),
        Action::ClearInput => edit_input(app, String::clear),
        Action::Enter => enter(app),
        Action::Toggle => toggle_facet(app),
        Action::Expand => expand(app, true),
        Action::Collapse => expand(app, false),
        Action::Up => move_by(app, -1),
        Action::Down => move_by(app, 1),
        Action::PageUp => move_by(app, -page(app)),
        Action::PageDown => move_by(app, page(app)),
        Action::Top => move_by(app, isize::MIN / 2),
        Action::Bottom => move_by(app, isize::MAX / 2),
        Action::RemoveLastChip => {
            if let Some(last) = chips::of(&app.filter).pop() {
                chips::remove(&mut app.filter, &last);
                refilter(app);
            }
        }
        Action::ClearFilters => {
            // The order is not a filter: it stays.
            app.filter = Filter {
                sort: app.filter.sort,
                ..Filter::default()
            };
            app.input.clear();
            refilter(app);
        }
        Action::NextMention => step_mention(app, 1),
        Action::PrevMention => step_mention(app, -1),
        Action::NextHit => step_hit(app, 1),
        Action::PrevHit => step_hit(app, -1),
        Action::CycleBidi => {
            app.bidi = match app.bidi {
                BidiMode::App => BidiMode::Terminal,
                BidiMode::Terminal => BidiMode::Off,
                BidiMode::Off => BidiMode::App,
            };
            app.status = format!("bidi: {:?}", app.bidi).to_lowercase();
        }
        Action::Click(x, y) => click(app, x, y),
        Action::ScrollUp(x, y) => wheel(app, x, y, -3),
        Action::ScrollDown(x, y) => wheel(app, x, y, 3),
        Action::OpenTimeline => open_view(app, ViewKind::Timeline),
        Action::OpenCooccur => open_view(app, ViewKind::Cooccur),
        Action::OpenKwic => open_view(app, ViewKind::Kwic),
        Action::OpenCluster => open_cluster(app),
        Action::ToggleCollapse => toggle_collapse(app),
        Action::CycleSort => cycle_sort(app),
        Action::SortLeft => sort_kwic(app, KwicSort::Left),
        Action::SortRight => sort_kwic(app, KwicSort::Right),
        Action::DupsReady(report) => dups_ready(app, report),
        Action::EntitiesReady => entities_ready(app),
        Action::SearchDone(answer) => search_done(app, answer),
        Action::Mark => toggle_mark(app),
        Action::Copy => copy_article(app),
        Action::CopyParagraph => copy_paragraph(app),
        Action::Export => {
            app.effects
                .push(Effect::Export(app.results.articles.clone()));
        }
        Action::HistoryPrev => browse_history(app, -1),
        Action::HistoryNext => browse_history(app, 1),
        // Suspending is terminal work, done by the event loop.
        Action::Suspend => {}
    }
}

fn escape(app: &mut App) {
    match app.mode {
        Mode::Input(kind) => {
            app.mode = Mode::Normal;
            app.input.clear();
            match kind {
                InputKind::Title => app.filter.query.clear(),
                InputKind::Text => {}
                InputKind::Facet => app.facet_query.clear(),
            }
            refilter(app);
        }
        Mode::Help => app.mode = Mode::Normal,
        Mode::View => {
            app.view = None;
            app.mode = Mode::Normal;
        }
        Mode::Normal => {
            app.mention_cursor = None;
            app.hit_cursor = None;
        }
    }
}

fn start_input(app: &mut App, kind: InputKind) {
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

fn edit_input(app: &mut App, edit: impl FnOnce(&mut String)) {
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
        }
        // Body search scans every body, so it runs on Enter, not at every key.
        _ => {}
    }
}

fn enter(app: &mut App) {
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
                refilter(app);
                app.hit_cursor = None;
                step_hit(app, 1);
            }
            app.input.clear();
        }
        Mode::Help => app.mode = Mode::Normal,
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

/// Recomputes the results after a filter change, keeping the selected article when it is
/// still in the list.
/// The explorer at start: the app with the list of the empty filter.
pub fn start(
    lib: crate::library::Library,
    size: ratatui::layout::Rect,
    opts: super::app::UiOptions,
) -> App {
    let mut app = App::new(lib, size, opts);
    init(&mut app);
    app
}

/// The first filter of a new app, and its facets.
pub fn init(app: &mut App) {
    refilter(app);
}

pub fn refilter(app: &mut App) {
    apply_now(app, Selection::Keep);
}

/// What happens to the list cursor when new results come.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Selection {
    /// Stay on the same article when it is still listed (a facet changed).
    Keep,
    /// Go to the best match (the title query changed).
    Top,
}

fn apply_now(app: &mut App, selection: Selection) {
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
fn search(app: &mut App) {
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
fn search_done(app: &mut App, answer: std::sync::Arc<SearchDone>) {
    if answer.generation != app.search_generation || answer.filter != app.filter {
        return;
    }
    app.searching = false;
    let done = std::sync::Arc::try_unwrap(answer).unwrap_or_else(|a| (*a).clone());
    show_results(app, done.filter, done.results, Selection::Top);
}

/// Installs new results and places the list cursor.
fn show_results(app: &mut App, filter: Filter, results: Results, selection: Selection) {
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

fn article_changed(app: &mut App) {
    app.body_scroll = 0;
    app.mention_cursor = None;
    app.hit_cursor = None;
}

/// The facet rows for the current filter: entities by type with their counts, then the
/// month histogram (with the days of an expanded month) and the undated bucket.
pub fn rebuild_facets(app: &mut App) {
    app.entity_counts = app.lib.index.entity_counts(&app.results.set);
    let mut rows = Vec::new();
    let marked = app.results.set.intersection_len(&app.marked) as u32;
    if marked > 0 || app.filter.marked.is_some() {
        rows.push(FacetRow::Marked { count: marked });
    }
    if app.lib.has_entities() {
        for kind in [EntityKind::Per, EntityKind::Loc, EntityKind::Org] {
            rows.push(FacetRow::Header(Section::Kind(kind)));
            rows.extend(entity_rows(app, kind));
        }
    } else {
        rows.push(FacetRow::Pending);
    }
    rows.push(FacetRow::Header(Section::Dates));
    let (months, undated) = app.lib.index.month_counts(&app.results.set);
    for (&key, &count) in months.iter().rev() {
        rows.push(FacetRow::Month { key, count });
        if app.expanded_month == Some(key) {
            let days = app.lib.index.day_counts(&app.results.set, key);
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
    app.facet_selected = app
        .facet_selected
        .min(app.facet_rows.len().saturating_sub(1));
}

fn entity_rows(app: &App, kind: EntityKind) -> Vec<FacetRow> {
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

fn toggle_facet(app: &mut App) {
    if app.focus != Pane::Facets {
        return;
    }
    match app.facet_rows.get(app.facet_selected).copied() {
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
fn select_dates(app: &mut App, r: DateRange) {
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

fn expand(app: &mut App, open: bool) {
    if app.focus != Pane::Facets {
        return;
    }
    let month = match app.facet_rows.get(app.facet_selected) {
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

/// Rows a page moves: the height of the focused pane.
fn page(app: &App) -> isize {
    let a = layout::areas(app.size, app.focus);
    let r = match app.focus {
        Pane::Facets => a.facets,
        Pane::List => a.list,
        Pane::Body => a.body,
    };
    r.map_or(10, |r| layout::inner(r).height.max(2) as isize - 1)
}

fn move_by(app: &mut App, delta: isize) {
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
            let max = body::line_count(app).saturating_sub(1);
            app.body_scroll = step(app.body_scroll, delta, max + 1);
        }
    }
    keep_in_view(app);
}

fn step(cur: usize, delta: isize, len: usize) -> usize {
    if len == 0 {
        return 0;
    }
    (cur as isize)
        .saturating_add(delta)
        .clamp(0, len as isize - 1) as usize
}

/// Scrolls the list and the facet pane so that their cursors are visible.
pub fn keep_in_view(app: &mut App) {
    let a = layout::areas(app.size, app.focus);
    if let Some(r) = a.list {
        let h = layout::inner(r).height.max(1) as usize;
        app.list_offset = scrolled(app.list_offset, app.selected, h);
    }
    if let Some(r) = a.facets {
        let h = layout::inner(r).height.max(1) as usize;
        app.facet_offset = scrolled(app.facet_offset, app.facet_selected, h);
    }
}

fn scrolled(offset: usize, cursor: usize, height: usize) -> usize {
    if cursor < offset {
        cursor
    } else if cursor >= offset + height {
        cursor + 1 - height
    } else {
        offset
    }
}

fn step_mention(app: &mut App, delta: isize) {
    let lines = body::mention_lines(app);
    if lines.is_empty() {
        app.status = if app.lib.has_entities() {
            "no entity mentions in this article"
        } else {
            ENTITIES_PENDING
        }
        .into();
        return;
    }
    let next = cycle(app.mention_cursor, delta, lines.len());
    app.mention_cursor = Some(next);
    app.body_scroll = lines[next];
}

fn step_hit(app: &mut App, delta: isize) {
    if app.filter.text.is_empty() {
        let s = app.keys.key_of(Command::TextSearch);
        app.status = format!("no full-text search (ctrl-f or {s})");
        return;
    }
    let lines = body::hit_lines(app);
    if lines.is_empty() {
        app.status = "no hit in this article".into();
        return;
    }
    let next = cycle(app.hit_cursor, delta, lines.len());
    app.hit_cursor = Some(next);
    app.body_scroll = lines[next];
    app.status = format!("hit {}/{}", next + 1, lines.len());
}

fn cycle(cur: Option<usize>, delta: isize, len: usize) -> usize {
    match cur {
        None if delta < 0 => len - 1,
        None => 0,
        Some(c) => (c as isize + delta).rem_euclid(len as isize) as usize,
    }
}

fn click(app: &mut App, x: u16, y: u16) {
    let a = layout::areas(app.size, app.focus);
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

fn wheel(app: &mut App, x: u16, y: u16, delta: isize) {
    let a = layout::areas(app.size, app.focus);
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

fn history_list(app: &mut App, kind: InputKind) -> Option<&mut Vec<String>> {
    match kind {
        InputKind::Title => Some(&mut app.history.title),
        InputKind::Text => Some(&mut app.history.text),
        InputKind::Facet => None,
    }
}

/// ↑ ↓ in the query line: older and newer queries; past the newest, an empty line.
fn browse_history(app: &mut App, delta: isize) {
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

fn toggle_mark(app: &mut App) {
    let Some((i, a)) = app.current() else { return };
    let id = stable_id(a);
    if app.marks.marks.remove(&id) {
        app.marked.remove(i);
        app.status = "unmarked".into();
    } else {
        app.marks.marks.insert(id);
        app.marked.insert(i);
        app.status = "marked ★".into();
    }
    app.effects.push(Effect::SaveMarks);
    if app.filter.marked.is_some() {
        app.filter.marked = Some(app.marked.clone());
        refilter(app);
    } else {
        rebuild_facets(app);
    }
}

fn copy(app: &mut App, text: String, what: &str) {
    if !app.osc52 {
        app.status = "copying is off (osc52 = false in the config)".into();
        return;
    }
    app.status = format!(
        "copied {what} ({} characters) to your clipboard",
        text.chars().count()
    );
    app.effects.push(Effect::Copy(text));
}

fn copy_article(app: &mut App) {
    let Some((_, a)) = app.current() else { return };
    let text = format!(
        "{}\n{}\n\n{}\n",
        a.title,
        body::meta_line(a),
        a.body.replace('\n', "\n\n")
    );
    copy(app, text, "the article");
}

/// The paragraph of the current search hit or entity mention, else the one at the top of the
/// body pane.
fn copy_paragraph(app: &mut App) {
    let Some((_, a)) = app.current() else { return };
    let view = body::view(app, body::width(app));
    let line = match (app.hit_cursor, app.mention_cursor) {
        (Some(h), _) => view.hit_lines.get(h).copied(),
        (None, Some(m)) => view.mention_lines.get(m).copied(),
        _ => None,
    }
    .unwrap_or(app.body_scroll);
    let para = view
        .para_lines
        .iter()
        .rposition(|&l| l <= line)
        .unwrap_or(0);
    let text = a.paragraphs().nth(para).unwrap_or("").to_string();
    copy(app, text, "the paragraph");
}

#[derive(Clone, Copy)]
enum ViewKind {
    Timeline,
    Cooccur,
    Kwic,
}

/// The entity the analyst views are about: the one under the facet cursor, else the first
/// selected one.
fn focused_entity(app: &App) -> Option<u32> {
    let under_cursor = match (app.focus, app.facet_rows.get(app.facet_selected)) {
        (Pane::Facets, Some(FacetRow::Entity { id, .. })) => Some(*id),
        _ => None,
    };
    under_cursor.or_else(|| app.filter.entities.first().copied())
}

fn open_view(app: &mut App, kind: ViewKind) {
    let entity = focused_entity(app);
    let set = &app.results.set;
    let view = match (kind, entity) {
        (ViewKind::Timeline, Some(e)) => View::Timeline(timeline(&app.lib.index, e, set)),
        (ViewKind::Cooccur, Some(e)) => {
            // Small sets cannot show a pair twice; do not demand it there.
            let min_count = if set.len() < 200 { 1 } else { 2 };
            let opts = CooccurOptions {
                min_count,
                limit: Some(100),
                positive_only: true,
            };
            View::Cooccur {
                data: cooccurrences(&app.lib.index, e, set, &opts),
                selected: 0,
            }
        }
        (ViewKind::Kwic, _) => {
            let (query, title) = match entity {
                Some(e) if app.focus == Pane::Facets || app.filter.text.is_empty() => (
                    KwicQuery::Entity(e),
                    app.entity(e).map_or_else(String::new, |x| x.name.clone()),
                ),
                _ if !app.filter.text.is_empty() => (
                    KwicQuery::Text(app.filter.text.clone()),
                    app.filter.text.clone(),
                ),
                _ => {
                    app.status =
                        "KWIC: put the facet cursor on an entity, or search bodies first (s)"
                            .into();
                    return;
                }
            };
            let rows = kwic(app.lib.articles(), set, &query, &KwicOptions::default());
            View::Kwic {
                title,
                rows,
                sort: KwicSort::Position,
                selected: 0,
            }
        }
        _ => {
            app.status = if app.lib.has_entities() {
                "put the facet cursor on a person, place or organisation first"
            } else {
                ENTITIES_PENDING
            }
            .into();
            return;
        }
    };
    app.view = Some(view);
    app.mode = Mode::View;
}

fn sort_kwic(app: &mut App, by: KwicSort) {
    let lib = std::sync::Arc::clone(&app.lib);
    if let Some(View::Kwic {
        rows,
        sort,
        selected,
        ..
    }) = app.view.as_mut()
    {
        sort_rows(rows, lib.articles(), by);
        *sort = by;
        *selected = 0;
    }
}

/// Enter in a view: add the partner to the filter, or open the article at the hit or member.
fn view_enter(app: &mut App) {
    let Some(view) = app.view.take() else { return };
    app.mode = Mode::Normal;
    match view {
        View::Cooccur { data, selected } => {
            if let Some(p) = data.partners.get(selected) {
                if !app.filter.entities.contains(&p.entity) {
                    app.filter.entities.push(p.entity);
                }
                refilter(app);
            }
        }
        View::Kwic { rows, selected, .. } => {
            if let Some(r) = rows.get(selected) {
                open_article(app, r.article, Some(r.paragraph as usize));
            }
        }
        View::Cluster { cluster, selected } => {
            if let Some(&m) = cluster.members.get(selected) {
                open_article(app, m, None);
            }
        }
        View::Timeline(_) => {}
    }
}

/// Selects an article of the list and shows its body, scrolled to a paragraph.
fn open_article(app: &mut App, article: u32, paragraph: Option<usize>) {
    let Some(pos) = app.results.articles.iter().position(|&i| i == article) else {
        app.status = "that article is not in the filtered list".into();
        return;
    };
    app.selected = pos;
    article_changed(app);
    app.focus = Pane::Body;
    if let Some(p) = paragraph {
        let view = body::view(app, body::width(app));
        app.body_scroll = view.para_lines.get(p).copied().unwrap_or(0);
    }
    keep_in_view(app);
}

/// What is said when something needs the entities before they are extracted.
const ENTITIES_PENDING: &str = "entities are still being found; try again in a moment";

/// The entities arrived: name them for the facet filter and count them. The facet cursor
/// stays on the row it was on (a date, say), which has moved down.
fn entities_ready(app: &mut App) {
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

fn dups_ready(app: &mut App, report: std::sync::Arc<DupReport>) {
    app.cluster_of = report
        .clusters
        .iter()
        .enumerate()
        .flat_map(|(c, cl)| cl.members.iter().map(move |&m| (m, c)))
        .collect();
    let n = report.clusters.len();
    app.dups = Some(report);
    if n > 0 {
        let (d, dd) = (
            app.keys.key_of(Command::Cluster),
            app.keys.key_of(Command::Collapse),
        );
        app.status = format!("{n} near-duplicate clusters ({d} lists one, {dd} collapses them)");
    }
}

fn open_cluster(app: &mut App) {
    let Some(report) = app.dups.clone() else {
        app.status = "near-duplicate clusters are still being computed".into();
        return;
    };
    let Some((i, _)) = app.current() else { return };
    match app.cluster_of.get(&i).and_then(|&c| report.clusters.get(c)) {
        Some(cluster) => {
            app.view = Some(View::Cluster {
                cluster: cluster.clone(),
                selected: 0,
            });
            app.mode = Mode::View;
        }
        None => app.status = "this article is not a near-duplicate of another".into(),
    }
}

/// Shows one representative per cluster, or every article again.
fn cycle_sort(app: &mut App) {
    let querying = !app.filter.query.trim().is_empty();
    app.filter.sort = app.filter.sort.next(querying);
    app.status = format!("sorted by {}", app.filter.sort.label(querying));
    refilter(app);
}

fn toggle_collapse(app: &mut App) {
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

//! The analyst views (timeline, co-occurrence, keyword in context, clusters) and what arrives from the background.

use super::*;

#[derive(Clone, Copy)]
pub(super) enum ViewKind {
    Timeline,
    Cooccur,
    Kwic,
}

/// The entity the analyst views are about: the one under the facet cursor, else the first
/// selected one.
pub(super) fn focused_entity(app: &App) -> Option<u32> {
    let under_cursor = match (app.focus, app.facet_rows.get(app.facet_selected)) {
        (Pane::Facets, Some(FacetRow::Entity { id, .. })) => Some(*id),
        _ => None,
    };
    under_cursor.or_else(|| app.filter.entities.first().copied())
}

pub(super) fn open_view(app: &mut App, kind: ViewKind) {
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
            if app.background_search {
                // Over a large set this reads every body: a worker does it, the keys stay live.
                app.kwic_generation += 1;
                app.pending_kwic = Some(app.kwic_generation);
                app.status = format!("finding {title} in context… (Esc cancels)");
                let job = KwicJob {
                    generation: app.kwic_generation,
                    query,
                    title,
                    set: set.clone(),
                };
                app.effects.push(Effect::Kwic(Box::new(job)));
                return;
            }
            let rows = kwic(app.lib.articles(), set, &query, &KwicOptions::default());
            kwic_view(title, rows)
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

fn kwic_view(title: String, rows: Vec<KwicRow>) -> View {
    View::Kwic {
        title,
        rows,
        sort: KwicSort::Position,
        selected: 0,
    }
}

/// The worker's rows: shown if they answer the newest request and it was not cancelled.
pub(super) fn kwic_done(app: &mut App, generation: u64, found: &(String, Vec<KwicRow>)) {
    if app.pending_kwic != Some(generation) {
        return;
    }
    app.pending_kwic = None;
    app.status.clear();
    app.view = Some(kwic_view(found.0.clone(), found.1.clone()));
    app.mode = Mode::View;
}

pub(super) fn sort_kwic(app: &mut App, by: KwicSort) {
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
pub(super) fn view_enter(app: &mut App) {
    let Some(view) = app.view.take() else { return };
    app.mode = Mode::Normal;
    match view {
        View::Cooccur { data, selected } => {
            // The partner is added to the entity the view is about: the articles naming both.
            if let Some(p) = data.partners.get(selected) {
                for e in [data.entity, p.entity] {
                    if !app.filter.entities.contains(&e) {
                        app.filter.entities.push(e);
                    }
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
pub(super) fn open_article(app: &mut App, article: u32, paragraph: Option<usize>) {
    let Some(pos) = app.results.articles.iter().position(|&i| i == article) else {
        app.status = "that article is not in the filtered list".into();
        return;
    };
    app.selected = pos;
    article_changed(app);
    app.focus = Pane::Body;
    if let Some(p) = paragraph {
        let view = body::whole_view(app);
        app.body_scroll = view.para_lines.get(p).copied().unwrap_or(0);
    }
    keep_in_view(app);
}

/// What is said when something needs the entities before they are extracted.
pub(super) const ENTITIES_PENDING: &str = "entities are still being found; try again in a moment";

pub(super) fn dups_ready(app: &mut App, report: std::sync::Arc<DupReport>) {
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

pub(super) fn open_cluster(app: &mut App) {
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

//! The facet pane: people, places and organisations with counts under the current filter, the
//! month histogram with day drill-down, and the undated bucket.

use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui::Frame;

use super::app::{App, FacetRow, InputKind, Mode, Pane, Section};
use super::{layout, rtl};
use crate::entities::EntityKind;
use crate::index::{month_of_key, month_range, DateRange};

pub fn render(app: &App, f: &mut Frame, area: Rect) {
    let focused = app.focus == Pane::Facets;
    let inner = layout::inner(area);
    let max_month = app
        .facet_rows
        .iter()
        .filter_map(|r| match r {
            FacetRow::Month { count, .. } => Some(*count),
            _ => None,
        })
        .max()
        .unwrap_or(1)
        .max(1);
    let rows: Vec<Line> = app
        .facet_rows
        .iter()
        .enumerate()
        .skip(app.facet_offset)
        .take(inner.height as usize)
        .map(|(i, r)| {
            let cursor = focused && i == app.facet_selected;
            let line = row(app, r, inner.width, cursor, max_month);
            if cursor {
                app.theme.select(line)
            } else {
                line
            }
        })
        .collect();
    let filtering = app.mode == Mode::Input(InputKind::Facet) || !app.facet_query.is_empty();
    let title = if filtering {
        " Facets (filtered) ".to_string()
    } else {
        " Facets ".to_string()
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(app.theme.border(focused))
        .title(title);
    f.render_widget(Paragraph::new(rows).block(block), area);
}

fn heading(s: Section) -> &'static str {
    match s {
        Section::Kind(EntityKind::Per) => "PER people",
        Section::Kind(EntityKind::Loc) => "LOC places",
        Section::Kind(EntityKind::Org) => "ORG organisations",
        Section::Dates => "DATES by month",
    }
}

fn row(app: &App, r: &FacetRow, width: u16, cursor: bool, max_month: u32) -> Line<'static> {
    let t = &app.theme;
    let base = if cursor { t.selected() } else { Style::new() };
    let mark = |on: bool| Span::styled(if on { "● " } else { "  " }, base.patch(t.checked()));
    match *r {
        FacetRow::Header(s) => {
            let folded = if app.folded.contains(&s) {
                " ► folded"
            } else {
                ""
            };
            let text = format!("{}{folded}", heading(s));
            Line::from(Span::styled(text, base.patch(t.title())))
        }
        FacetRow::Entity { id, count } => {
            let on = app.filter.entities.contains(&id);
            let Some(e) = app.entity(id) else {
                return Line::default();
            };
            let count_s = format!(" {count:>5}");
            let name_w = width.saturating_sub(2 + count_s.len() as u16);
            let mut spans = vec![mark(on)];
            let name = app.entity_label(id);
            spans.extend(
                rtl::layout_line(&name, name_w, app.bidi, base.patch(t.entity(e.kind)), &[]).spans,
            );
            spans.push(Span::styled(count_s, base.patch(t.dim())));
            Line::from(spans).style(base)
        }
        FacetRow::Month { key, count } => {
            let on = app
                .filter
                .dates
                .is_some_and(|d| covers(d, month_range(key)));
            let (y, m) = month_of_key(key);
            let label = format!("{y}-{m:02} {count:>5} ");
            let bar_w = width.saturating_sub(2 + label.len() as u16) as u32;
            let filled = (count * bar_w).div_ceil(max_month) as usize;
            Line::from(vec![
                mark(on),
                Span::styled(label, base),
                Span::styled("█".repeat(filled), base.patch(t.bar())),
            ])
            .style(base)
        }
        FacetRow::Day { date, count } => {
            let day = DateRange {
                from: Some(date),
                to: Some(date),
            };
            let on = app.filter.dates.is_some_and(|d| covers(d, day));
            Line::from(vec![
                mark(on),
                Span::styled(format!("  {} {count:>5}", date.format("%Y-%m-%d")), base),
            ])
            .style(base)
        }
        FacetRow::Marked { count } => Line::from(vec![
            mark(app.filter.marked.is_some()),
            Span::styled(format!("★ marked {count:>5}"), base.patch(t.checked())),
        ])
        .style(base),
        FacetRow::Pending => {
            let text = match super::render::entities_progress(app) {
                Some(p) => format!("  finding entities… {p}"),
                None => "  finding entities…".to_string(),
            };
            Line::from(Span::styled(text, base.patch(t.dim())))
        }
        FacetRow::Undated { count } => Line::from(vec![
            mark(app.filter.undated),
            Span::styled(format!("undated {count:>5}"), base),
        ])
        .style(base),
    }
}

/// Whether the selected range covers all of `r`.
fn covers(sel: DateRange, r: DateRange) -> bool {
    let from_ok = match (sel.from, r.from) {
        (None, _) => true,
        (Some(a), Some(b)) => a <= b,
        (Some(_), None) => false,
    };
    let to_ok = match (sel.to, r.to) {
        (None, _) => true,
        (Some(a), Some(b)) => a >= b,
        (Some(_), None) => false,
    };
    from_ok && to_ok
}

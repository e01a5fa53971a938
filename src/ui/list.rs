//! The article list: date (inferred dates marked `~`), source, title with matched characters
//! highlighted. Only the visible rows are laid out.

use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui::Frame;

use super::app::{App, Pane};
use super::types::RowContext;
pub use super::types::RowMemo;
use super::{layout, rtl};
use crate::index::title_highlights;
use crate::report::date_label;

const DATE_WIDTH: u16 = 12;

fn source_width(total: u16) -> u16 {
    if total >= 70 {
        14
    } else if total >= 50 {
        // Room for a source name of ten letters (Jawhara FM) and a space.
        11
    } else {
        0
    }
}

/// More rows than a few screens' worth are not worth keeping.
const MEMO_ROWS: usize = 2048;

pub fn render(app: &App, f: &mut Frame, area: Rect) {
    let focused = app.focus == Pane::List;
    let inner = layout::inner(area);
    let context = RowContext {
        query: app.results_for.query.clone(),
        bidi: Some(app.bidi),
        width: inner.width,
        clusters: app.dups.is_some(),
    };
    let mut memo = app.list_memo.borrow_mut();
    if memo.context != context || memo.rows.len() > MEMO_ROWS {
        memo.context = context;
        memo.rows.clear();
    }
    let rows: Vec<Line> = app
        .results
        .articles
        .iter()
        .enumerate()
        .skip(app.list_offset)
        .take(inner.height as usize)
        .map(|(pos, &i)| {
            let selected = pos == app.selected;
            memo.rows
                .entry((i, selected))
                .or_insert_with(|| row(app, i, inner.width, selected))
                .clone()
        })
        .collect();
    drop(memo);
    // While a background search runs, the rows are those of the previous query: say so.
    let busy = if app.searching { "searching… " } else { "" };
    let querying = !app.filter.query.trim().is_empty();
    let title = format!(
        " Articles {}/{} · {} {busy}",
        app.results.articles.len(),
        app.total(),
        app.filter.sort.label(querying)
    );
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(app.theme.border(focused))
        .title(title);
    f.render_widget(Paragraph::new(rows).block(block), area);
}

fn row(app: &App, i: u32, width: u16, selected: bool) -> Line<'static> {
    let Some(a) = app.lib.articles().get(i as usize) else {
        return Line::default();
    };
    let t = &app.theme;
    let base = if selected { t.selected() } else { Style::new() };
    let date = date_label(a);
    let badge = app
        .cluster_of
        .get(&i)
        .and_then(|&c| app.dups.as_ref()?.clusters.get(c))
        .map_or_else(
            || "   ".to_string(),
            |c| format!("≈{:<2}", c.members.len().min(99)),
        );
    let date_w = if width >= 40 { DATE_WIDTH } else { 0 };
    let src_w = source_width(width);
    let badge_w = if date_w > 0 { 3 } else { 0 };
    let title_w = width.saturating_sub(date_w + src_w + badge_w);
    // Highlight what the shown results matched, not a query still being searched.
    let query = &app.results_for.query;
    let marks: Vec<_> = if query.is_empty() {
        Vec::new()
    } else {
        title_highlights(&a.title, query)
            .into_iter()
            .map(|r| (r, base.patch(t.match_chars())))
            .collect()
    };
    let mut spans = Vec::new();
    if date_w > 0 {
        let style = if a.date.is_some_and(|d| d.inferred) {
            base.patch(t.dim())
        } else {
            base
        };
        spans.push(Span::styled(
            format!("{date:<w$}", w = date_w as usize),
            style,
        ));
    }
    if badge_w > 0 {
        spans.push(Span::styled(badge, base.patch(t.checked())));
    }
    if src_w > 0 {
        let src = a.source.as_deref().or(a.agency.as_deref()).unwrap_or("-");
        let mut l = rtl::layout_line(src, src_w - 1, app.bidi, base.patch(t.dim()), &[]);
        // Left-to-right names are not padded by the layout: pad to keep the title column still.
        let pad = (src_w as usize).saturating_sub(rtl::display_width(&rtl::line_text(&l)));
        l.spans.push(Span::styled(" ".repeat(pad.max(1)), base));
        spans.extend(l.spans);
    }
    spans.extend(rtl::layout_line(&a.title, title_w, app.bidi, base, &marks).spans);
    let line = Line::from(spans).style(base);
    if selected {
        t.select(line)
    } else {
        line
    }
}

//! Active filters as removable chips. `render` draws them and `update` removes the one clicked,
//! both from [`chips`], so positions agree.

use ratatui::text::{Line, Span};

use super::app::App;
use super::rtl;
use crate::index::{DateRange, Filter};
use crate::report::format_date;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Chip {
    Entity(u32),
    Dates(DateRange),
    Undated,
    Marked,
    Collapsed,
    Query(String),
    Text(String),
}

/// The chips of a filter, oldest first.
pub fn of(filter: &Filter) -> Vec<Chip> {
    let mut out: Vec<Chip> = filter.entities.iter().map(|&e| Chip::Entity(e)).collect();
    if let Some(r) = filter.dates {
        out.push(Chip::Dates(r));
    }
    if filter.undated {
        out.push(Chip::Undated);
    }
    if filter.marked.is_some() {
        out.push(Chip::Marked);
    }
    if filter.exclude.is_some() {
        out.push(Chip::Collapsed);
    }
    if !filter.query.is_empty() {
        out.push(Chip::Query(filter.query.clone()));
    }
    if !filter.text.is_empty() {
        out.push(Chip::Text(filter.text.clone()));
    }
    out
}

pub fn remove(filter: &mut Filter, chip: &Chip) {
    match chip {
        Chip::Entity(e) => filter.entities.retain(|x| x != e),
        Chip::Dates(_) => filter.dates = None,
        Chip::Undated => filter.undated = false,
        Chip::Marked => filter.marked = None,
        Chip::Collapsed => filter.exclude = None,
        Chip::Query(_) => filter.query.clear(),
        Chip::Text(_) => filter.text.clear(),
    }
}

pub fn range_label(r: &DateRange) -> String {
    let d = |x: Option<chrono::NaiveDate>| {
        x.map_or("…".to_string(), |d| {
            format_date(d, crate::arabic::dates::Precision::Day)
        })
    };
    if let (Some(f), Some(t)) = (r.from, r.to) {
        let month = crate::index::month_range(crate::index::month_key(f));
        if month.from == Some(f) && month.to == Some(t) {
            return f.format("%Y-%m").to_string();
        }
        if f == t {
            return d(Some(f));
        }
    }
    format!("{}..{}", d(r.from), d(r.to))
}

/// A chip's kind, drawn as it is, and its text, which goes through the RTL layout.
fn label(app: &App, chip: &Chip) -> (&'static str, String) {
    match chip {
        Chip::Entity(e) => ("", app.entity_label(*e)),
        Chip::Dates(r) => ("", range_label(r)),
        Chip::Undated => ("", "undated".into()),
        Chip::Marked => ("", "★ marked".into()),
        Chip::Collapsed => ("", "duplicates collapsed".into()),
        Chip::Query(q) => ("title: ", q.clone()),
        Chip::Text(t) => ("text: ", t.clone()),
    }
}

/// Each chip with its drawn line and its column span on the chips row.
pub fn laid_out(app: &App) -> Vec<(Chip, Line<'static>, u16, u16)> {
    let style = app.theme.chip();
    let mut x = 0u16;
    let mut out = Vec::new();
    for chip in of(&app.filter) {
        let (kind, text) = label(app, &chip);
        let width = (unicode_width::UnicodeWidthStr::width(text.as_str()) as u16).min(30);
        let mut line = rtl::layout_line(&text, width, app.bidi, style, &[]);
        line.spans
            .insert(0, Span::styled(format!(" {kind}"), style));
        line.spans.push(Span::styled(" ×", style));
        let w = line.width() as u16;
        out.push((chip, line, x, w));
        x = x.saturating_add(w + 1);
    }
    out
}

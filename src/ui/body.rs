//! The body pane: title, metadata line, then the cleaned body in paragraphs, wrapped by the RTL
//! layout, with entity mentions and search hits highlighted.

use std::ops::Range;

use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui::Frame;

use super::app::{App, Pane};
use super::{layout, rtl};
use crate::corpus::Article;
use crate::entities::{Field, Mention};
use crate::index::body_hits;
use crate::report::date_label;

/// The laid-out body of the selected article.
pub struct BodyView {
    pub lines: Vec<Line<'static>>,
    /// The line each body mention starts on, in mention order.
    pub mention_lines: Vec<usize>,
    /// The line each full-text hit starts on.
    pub hit_lines: Vec<usize>,
    /// The line each paragraph starts on.
    pub para_lines: Vec<usize>,
}

pub fn width(app: &App) -> u16 {
    let a = layout::areas(app.size, Pane::Body);
    a.body.map_or(40, |r| layout::inner(r).width.max(1))
}

pub fn line_count(app: &App) -> usize {
    view(app, width(app)).lines.len()
}

pub fn mention_lines(app: &App) -> Vec<usize> {
    view(app, width(app)).mention_lines
}

pub fn hit_lines(app: &App) -> Vec<usize> {
    view(app, width(app)).hit_lines
}

fn body_mentions(a: &Article) -> Vec<Mention> {
    let mut v: Vec<Mention> = a
        .mentions
        .iter()
        .copied()
        .filter(|m| m.field == Field::Body)
        .collect();
    v.sort_by_key(|m| m.start);
    v
}

pub fn view(app: &App, width: u16) -> BodyView {
    let mut out = BodyView {
        lines: Vec::new(),
        mention_lines: Vec::new(),
        hit_lines: Vec::new(),
        para_lines: Vec::new(),
    };
    let Some((_, a)) = app.current() else {
        return out;
    };
    let t = &app.theme;
    let title_marks: Vec<(Range<usize>, Style)> = a
        .mentions
        .iter()
        .filter(|m| m.field == Field::Title)
        .filter_map(|m| {
            Some((
                m.start as usize..m.end as usize,
                t.entity(app.entity(m.entity)?.kind),
            ))
        })
        .collect();
    out.lines.extend(rtl::layout_paragraph(
        &a.title,
        width,
        app.bidi,
        t.title(),
        &title_marks,
    ));
    out.lines.extend(rtl::layout_paragraph(
        &meta_line(a),
        width,
        app.bidi,
        t.dim(),
        &[],
    ));
    out.lines.push(Line::default());

    let mentions = body_mentions(a);
    let hits = body_hits(&a.body, &app.filter.text);
    let mut start = 0usize;
    for para in a.body.split('\n') {
        let end = start + para.len();
        if !para.is_empty() {
            let first_line = out.lines.len();
            out.para_lines.push(first_line);
            let marks = paragraph_marks(app, &mentions, &hits, start..end);
            for (i, m) in mentions
                .iter()
                .enumerate()
                .filter(|(_, m)| (start..end).contains(&(m.start as usize)))
            {
                let _ = i;
                out.mention_lines
                    .push(first_line + line_within(para, m.start as usize - start, width, app));
            }
            for h in hits.iter().filter(|h| (start..end).contains(&h.start)) {
                out.hit_lines
                    .push(first_line + line_within(para, h.start - start, width, app));
            }
            out.lines.extend(rtl::layout_paragraph(
                para,
                width,
                app.bidi,
                Style::new(),
                &marks,
            ));
            out.lines.push(Line::default());
        }
        start = end + 1;
    }
    out
}

/// The visual line of a paragraph on which byte `offset` falls (wrapping is in logical order,
/// so it is the number of lines the text before it takes).
fn line_within(para: &str, offset: usize, width: u16, app: &App) -> usize {
    let prefix = para.get(..offset).unwrap_or("");
    if prefix.trim().is_empty() {
        return 0;
    }
    rtl::layout_paragraph(prefix, width, app.bidi, Style::new(), &[])
        .len()
        .saturating_sub(1)
}

/// Styles for the mentions and hits inside one paragraph, as byte ranges of the paragraph.
fn paragraph_marks(
    app: &App,
    mentions: &[Mention],
    hits: &[Range<usize>],
    para: Range<usize>,
) -> Vec<(Range<usize>, Style)> {
    let t = &app.theme;
    let mut marks = Vec::new();
    for (i, m) in mentions.iter().enumerate() {
        let (s, e) = (m.start as usize, m.end as usize);
        if s < para.start || e > para.end {
            continue;
        }
        let Some(kind) = app.entity(m.entity).map(|x| x.kind) else {
            continue;
        };
        let style = if app.mention_cursor == Some(i) {
            t.current()
        } else {
            t.entity(kind)
        };
        marks.push((s - para.start..e - para.start, style));
    }
    for (i, h) in hits.iter().enumerate() {
        if h.start < para.start || h.end > para.end {
            continue;
        }
        let style = if app.hit_cursor == Some(i) {
            t.current()
        } else {
            t.hit()
        };
        marks.push((h.start - para.start..h.end - para.start, style));
    }
    marks
}

/// Source · agency · byline · place · date.
pub fn meta_line(a: &Article) -> String {
    let parts: Vec<&str> = [
        a.source.as_deref(),
        a.agency.as_deref(),
        a.author.as_deref(),
        a.place.as_deref(),
    ]
    .into_iter()
    .flatten()
    .collect();
    let date = date_label(a);
    if parts.is_empty() {
        date
    } else {
        format!("{} · {date}", parts.join(" · "))
    }
}

pub fn render(app: &App, f: &mut Frame, area: Rect) {
    let focused = app.focus == Pane::Body;
    let inner = layout::inner(area);
    let v = view(app, inner.width.max(1));
    let total = v.lines.len();
    let scroll = app.body_scroll.min(total.saturating_sub(1));
    let visible: Vec<Line> = v
        .lines
        .into_iter()
        .skip(scroll)
        .take(inner.height as usize)
        .collect();
    let title = match app.current() {
        Some((_, a)) => format!(" {} · {}/{} ", safe_id(&a.id), scroll + 1, total.max(1)),
        None => " no article ".into(),
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(app.theme.border(focused))
        .title(title);
    f.render_widget(Paragraph::new(visible).block(block), area);
}

/// Ids come from file names and JSON: show them without anything a terminal would obey.
pub fn safe_id(id: &str) -> String {
    crate::report::safe_text(id).chars().take(40).collect()
}

//! The body pane: title, metadata line, then the cleaned body in paragraphs, wrapped by the RTL
//! layout, with entity mentions and search hits highlighted.

use std::ops::Range;
use std::rc::Rc;

use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui::Frame;

use super::app::{App, Pane};
pub use super::types::{BodyKey, BodyView};
use super::{layout, rtl};
use crate::corpus::Article;
use crate::entities::{Field, Mention};
use crate::index::body_hits;
use crate::report::date_with_source;

pub fn width(app: &App) -> u16 {
    let a = layout::areas(app.size, Pane::Body, app.bidi);
    a.body.map_or(40, |r| layout::inner(r).width.max(1))
}

pub fn line_count(app: &App) -> usize {
    view(app, width(app)).lines.len()
}

pub fn mention_lines(app: &App) -> Vec<usize> {
    view(app, width(app)).mention_lines.clone()
}

pub fn hit_lines(app: &App) -> Vec<usize> {
    view(app, width(app)).hit_lines.clone()
}

fn body_mentions(a: &Article) -> Vec<Mention> {
    let mut v: Vec<Mention> = a
        .mentions()
        .iter()
        .copied()
        .filter(|m| m.field == Field::Body)
        .collect();
    v.sort_by_key(|m| m.start);
    v
}

/// The laid-out body of the selected article, from the memo when nothing it depends on changed.
pub fn view(app: &App, width: u16) -> Rc<BodyView> {
    let key = BodyKey {
        article: app.current().map(|(i, _)| i),
        width,
        bidi: app.bidi,
        mention: app.mention_cursor,
        hit: app.hit_cursor,
        text: app.filter.text.clone(),
        color: app.theme.color,
        entities: app.lib.has_entities(),
    };
    if let Some((k, v)) = app.body_memo.borrow().as_ref() {
        if *k == key {
            return Rc::clone(v);
        }
    }
    let v = Rc::new(build(app, width));
    *app.body_memo.borrow_mut() = Some((key, Rc::clone(&v)));
    v
}

fn build(app: &App, width: u16) -> BodyView {
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
        .mentions()
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
    // The page the article came from, to open or copy (y copies it with the article).
    if let Some(url) = &a.url {
        out.lines
            .extend(rtl::layout_paragraph(url, width, app.bidi, t.dim(), &[]));
    }
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
            let laid = rtl::layout_paragraph_ranges(para, width, app.bidi, Style::new(), &marks);
            // The line of an offset: the first whose source range ends after it.
            let line_of = |offset: usize| {
                let i = laid.partition_point(|(_, r)| r.end <= offset);
                first_line + i.min(laid.len().saturating_sub(1))
            };
            for m in mentions
                .iter()
                .filter(|m| (start..end).contains(&(m.start as usize)))
            {
                out.mention_lines.push(line_of(m.start as usize - start));
            }
            for h in hits.iter().filter(|h| (start..end).contains(&h.start)) {
                out.hit_lines.push(line_of(h.start - start));
            }
            out.lines.extend(laid.into_iter().map(|(line, _)| line));
            out.lines.push(Line::default());
        }
        start = end + 1;
    }
    out
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
    let date = date_with_source(a);
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
    // Never past the last full page, however far a jump or `G` asked.
    let scroll = app
        .body_scroll
        .min(total.saturating_sub(inner.height as usize));
    let visible: Vec<Line> = v
        .lines
        .iter()
        .skip(scroll)
        .take(inner.height as usize)
        .cloned()
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

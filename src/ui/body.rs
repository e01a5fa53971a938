//! The body pane: title, metadata line, then the cleaned body in paragraphs, wrapped by the RTL
//! layout, with entity mentions and search hits highlighted.

use std::ops::Range;
use std::sync::Arc;

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
use crate::library::Library;
use crate::report::date_with_source;

pub fn width(app: &App) -> u16 {
    let a = layout::areas(app.size, Pane::Body, app.bidi);
    a.body.map_or(40, |r| layout::inner(r).width.max(1))
}

pub fn line_count(app: &App) -> usize {
    view(app, width(app)).lines.len()
}

pub fn mention_lines(app: &App) -> Vec<usize> {
    whole_view(app).mention_lines.clone()
}

pub fn hit_lines(app: &App) -> Vec<usize> {
    whole_view(app).hit_lines.clone()
}

/// The layout of the whole body, made now if only its first screens were: for a jump to a
/// mention, a hit or a paragraph, which may lie anywhere in it.
pub fn whole_view(app: &App) -> Arc<BodyView> {
    let width = width(app);
    let v = view(app, width);
    if !v.partial {
        return v;
    }
    let key = key_of(app, width);
    let v = Arc::new(build(&BodyInput::of(app), width, None));
    *app.body_memo.borrow_mut() = Some((key, Arc::clone(&v)));
    v
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

/// Bodies up to this size are laid out at once, in the frame that shows them.
pub const SYNC_LAYOUT_BYTES: usize = 64 * 1024;
/// Of a longer body, this much is laid out at once (the first screens); the whole of it is
/// laid out on a worker (see [`wanted`]). A 1 MB paragraph takes a fifth of a second.
const FIRST_SCREENS_BYTES: usize = 24 * 1024;

fn key_of(app: &App, width: u16) -> BodyKey {
    BodyKey {
        article: app.current().map(|(i, _)| i),
        width,
        bidi: app.bidi,
        mention: app.mention_cursor,
        hit: app.hit_cursor,
        text: app.filter.text.clone(),
        color: app.theme.color,
        entities: app.lib.has_entities(),
    }
}

/// The laid-out body of the selected article, from the memo when nothing it depends on changed.
/// A long body is laid out in part here, and its full layout is asked of a worker (`wanted`).
pub fn view(app: &App, width: u16) -> Arc<BodyView> {
    let key = key_of(app, width);
    if let Some((k, v)) = app.body_memo.borrow().as_ref() {
        if *k == key {
            return Arc::clone(v);
        }
    }
    let input = BodyInput::of(app);
    // In part only when the body opens at its top: scrolled or jumped into, it needs the rest.
    let long = app.body_scroll == 0
        && input
            .article
            .is_some_and(|a| a.body.len() > SYNC_LAYOUT_BYTES);
    let budget = long.then_some(FIRST_SCREENS_BYTES);
    let v = Arc::new(build(&input, width, budget));
    if long {
        *app.body_wanted.borrow_mut() = Some(key.clone());
    }
    *app.body_memo.borrow_mut() = Some((key, Arc::clone(&v)));
    v
}

/// The full layout a worker is to make, if the last `view` drew a long body in part.
pub fn wanted(app: &App) -> Option<BodyKey> {
    app.body_wanted.borrow_mut().take()
}

/// The worker's full layout: kept if it is still the one on screen.
pub fn laid_out(app: &App, key: &BodyKey, v: Arc<BodyView>) {
    let current = key_of(app, key.width);
    if current == *key {
        *app.body_memo.borrow_mut() = Some((current, v));
    }
}

/// The whole layout `key` stands for (what the worker makes of a long body).
pub fn full_layout(lib: &Library, key: &BodyKey, theme: &super::theme::Theme) -> BodyView {
    build(&BodyInput::for_key(lib, key, theme), key.width, None)
}

/// Everything the body's layout reads, so that a worker can make it from a shared library.
pub struct BodyInput<'a> {
    pub lib: &'a Library,
    pub article: Option<&'a Article>,
    pub theme: &'a super::theme::Theme,
    pub bidi: rtl::BidiMode,
    pub text: &'a str,
    pub mention: Option<usize>,
    pub hit: Option<usize>,
}

impl<'a> BodyInput<'a> {
    pub fn of(app: &'a App) -> BodyInput<'a> {
        BodyInput {
            lib: &app.lib,
            article: app.current().map(|(_, a)| a),
            theme: &app.theme,
            bidi: app.bidi,
            text: &app.filter.text,
            mention: app.mention_cursor,
            hit: app.hit_cursor,
        }
    }

    /// The input for the article of `key`, as a worker rebuilds it from the library.
    pub fn for_key(lib: &'a Library, key: &'a BodyKey, theme: &'a super::theme::Theme) -> Self {
        BodyInput {
            lib,
            article: key.article.and_then(|i| lib.articles().get(i as usize)),
            theme,
            bidi: key.bidi,
            text: &key.text,
            mention: key.mention,
            hit: key.hit,
        }
    }

    fn kind_of(&self, entity: u32) -> Option<crate::entities::EntityKind> {
        self.lib
            .entities()
            .entities
            .get(entity as usize)
            .map(|e| e.kind)
    }
}

/// The layout of the body, all of it or (with a `budget`) the paragraphs that start within
/// the first `budget` bytes, the last of them cut there.
pub fn build(input: &BodyInput, width: u16, budget: Option<usize>) -> BodyView {
    let mut out = BodyView {
        lines: Vec::new(),
        mention_lines: Vec::new(),
        hit_lines: Vec::new(),
        para_lines: Vec::new(),
        partial: false,
    };
    let Some(a) = input.article else {
        return out;
    };
    let t = input.theme;
    let title_marks: Vec<(Range<usize>, Style)> = a
        .mentions()
        .iter()
        .filter(|m| m.field == Field::Title)
        .filter_map(|m| {
            Some((
                m.start as usize..m.end as usize,
                t.entity(input.kind_of(m.entity)?),
            ))
        })
        .collect();
    out.lines.extend(rtl::layout_paragraph(
        &a.title,
        width,
        input.bidi,
        t.title(),
        &title_marks,
    ));
    out.lines.extend(rtl::layout_paragraph(
        &meta_line(a),
        width,
        input.bidi,
        t.dim(),
        &[],
    ));
    // The page the article came from, to open or copy (y copies it with the article).
    if let Some(url) = &a.url {
        out.lines
            .extend(rtl::layout_paragraph(url, width, input.bidi, t.dim(), &[]));
    }
    out.lines.push(Line::default());

    let mentions = body_mentions(a);
    let hits = body_hits(&a.body, input.text);
    let limit = budget.map_or(a.body.len(), |b| cut_at_space(&a.body, b));
    out.partial = limit < a.body.len();
    let mut start = 0usize;
    for para in a.body[..limit].split('\n') {
        let end = start + para.len();
        if !para.is_empty() {
            let first_line = out.lines.len();
            out.para_lines.push(first_line);
            let marks = paragraph_marks(input, &mentions, &hits, start..end);
            let laid = rtl::layout_paragraph_ranges(para, width, input.bidi, Style::new(), &marks);
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

/// A cut of `s` at or before `at`, at a space when there is one in the last hundred bytes
/// (a word is not split where the partial layout ends).
fn cut_at_space(s: &str, at: usize) -> usize {
    if at >= s.len() {
        return s.len();
    }
    let cut = s.floor_char_boundary(at);
    let from = s.floor_char_boundary(cut.saturating_sub(100));
    match s.get(from..cut).and_then(|w| w.rfind(' ')) {
        Some(i) => from + i,
        None => cut,
    }
}

/// Styles for the mentions and hits inside one paragraph, as byte ranges of the paragraph.
fn paragraph_marks(
    input: &BodyInput,
    mentions: &[Mention],
    hits: &[Range<usize>],
    para: Range<usize>,
) -> Vec<(Range<usize>, Style)> {
    let t = input.theme;
    let mut marks = Vec::new();
    for (i, m) in mentions.iter().enumerate() {
        let (s, e) = (m.start as usize, m.end as usize);
        if s < para.start || e > para.end {
            continue;
        }
        let Some(kind) = input.kind_of(m.entity) else {
            continue;
        };
        let style = if input.mention == Some(i) {
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
        let style = if input.hit == Some(i) {
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
    // Of a long body laid out in part, the count is not known yet.
    let more = if v.partial { "+ (laying out…)" } else { "" };
    let title = match app.current() {
        Some((_, a)) => format!(
            " {} · {}/{}{more} ",
            safe_id(&a.id),
            scroll + 1,
            total.max(1)
        ),
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

//! The analyst views, drawn over the panes: an entity's timeline, its co-occurring entities,
//! keyword in context, and the members of a near-duplicate cluster. State and drawing; the
//! numbers come from `crate::analysis`.

use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use ratatui::Frame;

use super::app::App;
use super::rtl::{self, BidiMode};
pub use super::types::View;
use crate::analysis::cooccur::Cooccurrence;
use crate::analysis::dups::Cluster;
use crate::analysis::kwic::{KwicRow, KwicSort};
use crate::analysis::timeline::Timeline;
use crate::report::date_label;

/// The rectangle views are drawn in.
pub fn area(size: Rect) -> Rect {
    let w = size.width.saturating_sub(4).max(1);
    let h = size.height.saturating_sub(4).max(1);
    Rect {
        x: size.x + (size.width - w) / 2,
        y: size.y + (size.height - h) / 2,
        width: w,
        height: h,
    }
}

pub fn render(app: &App, f: &mut Frame, size: Rect) {
    let Some(view) = &app.view else { return };
    let r = area(size);
    let inner = super::layout::inner(r);
    let (title, lines) = match view {
        View::Timeline(t) => timeline(app, t, inner.width),
        View::Cooccur { data, .. } => cooccur(app, data, inner.width),
        View::Kwic {
            title, rows, sort, ..
        } => kwic(app, title, rows, *sort, inner.width),
        View::Cluster { cluster, .. } => members(app, cluster, inner.width),
    };
    // Keep the cursor row in sight: scroll so it is on screen.
    let height = inner.height as usize;
    let sel = view.selected();
    let offset = sel.saturating_sub(height.saturating_sub(1));
    let lines: Vec<Line> = lines
        .into_iter()
        .enumerate()
        .skip(offset)
        .take(height)
        .map(|(i, l)| {
            if i == sel && !matches!(view, View::Timeline(_)) {
                app.theme.select(l)
            } else {
                l
            }
        })
        .collect();
    f.render_widget(Clear, r);
    let block = Block::default()
        .borders(Borders::ALL)
        .title(title)
        .title_bottom(" Esc closes ");
    f.render_widget(Paragraph::new(lines).block(block), r);
}

/// Text for a block title: laid out like every other Arabic on screen (a title is drawn as-is).
fn title_text(app: &App, s: &str) -> String {
    let width = rtl::display_width(s).min(40) as u16;
    rtl::line_text(&rtl::layout_line(s, width, app.bidi, Style::new(), &[]))
        .trim()
        .to_string()
}

fn timeline(app: &App, t: &Timeline, width: u16) -> (String, Vec<Line<'static>>) {
    let title = format!(
        " Timeline · {} articles, {} undated · under the current filter ",
        t.articles, t.undated
    );
    let name = rtl::layout_line(
        &app.entity_label(t.entity),
        width,
        app.bidi,
        app.theme.title(),
        &[],
    );
    let peak = t.peak().max(1);
    let bar_w = u32::from(width.saturating_sub(16));
    let mut lines = vec![name];
    lines.extend(t.months.iter().map(|m| {
        let filled = (m.articles * bar_w).div_ceil(peak) as usize;
        Line::from(vec![
            Span::raw(format!("{} {:>6} ", m.month, m.articles)),
            Span::styled("█".repeat(filled), app.theme.bar()),
        ])
    }));
    (title, lines)
}

fn cooccur(app: &App, c: &Cooccurrence, width: u16) -> (String, Vec<Line<'static>>) {
    let title = format!(
        " Mentioned with {} · {} of {} articles · ranked by log-likelihood G² · Enter adds to the filter ",
        title_text(app, &app.entity_label(c.entity)),
        c.entity_articles,
        c.articles
    );
    let name_w = width.saturating_sub(30);
    let lines = c
        .partners
        .iter()
        .map(|p| {
            let kind = app.entity(p.entity).map(|e| e.kind);
            let style = kind.map_or(Style::new(), |k| app.theme.entity(k));
            let mut spans =
                rtl::layout_line(&app.entity_label(p.entity), name_w, app.bidi, style, &[]).spans;
            spans.push(Span::raw(format!(
                " {:>5} {:>7.1} {:>8.2}",
                p.count, p.expected, p.score
            )));
            Line::from(spans)
        })
        .collect();
    (title, lines)
}

fn kwic(
    app: &App,
    title: &str,
    rows: &[KwicRow],
    sort: KwicSort,
    width: u16,
) -> (String, Vec<Line<'static>>) {
    let sort_name = format!("{sort:?}").to_lowercase();
    let title = format!(
        " In context: {} · {} hits · sorted by {sort_name} (< > to sort, Enter opens) ",
        title_text(app, title),
        rows.len()
    );
    let lines = rows.iter().map(|r| kwic_row(app, r, width)).collect();
    (title, lines)
}

/// One KWIC line with the hit in a fixed middle column. In App mode the text before the hit
/// (logically left) is drawn on the hit's right, as right-to-left reading puts it, and the text
/// after it on the hit's left; in the other modes, classic left | hit | right.
fn kwic_row(app: &App, r: &KwicRow, width: u16) -> Line<'static> {
    let Some(a) = app.lib.articles().get(r.article as usize) else {
        return Line::default();
    };
    let body = &a.body;
    let hit_w: u16 = 18;
    let side = width.saturating_sub(hit_w + 2) / 2;
    let hit = rtl::layout_line(r.hit_text(body), hit_w, app.bidi, app.theme.hit(), &[]);
    let hit = centre(hit, hit_w);
    let before = tail(r.left_text(body), side);
    let after = r.right_text(body);
    let (left, right) = if app.bidi == BidiMode::App && is_rtl(r.hit_text(body)) {
        let right = flush_left(
            rtl::layout_line(&before, side, app.bidi, Style::new(), &[]),
            side,
        );
        // Right-aligned against the hit: a right context of a lone `.` stays beside it
        // instead of pulling the hit to the far left.
        let left = rtl::layout_line(after, side, app.bidi, Style::new(), &[]);
        (pad_to(left, side, true), right)
    } else {
        let left = rtl::layout_line(&before, side, app.bidi, Style::new(), &[]);
        let right = rtl::layout_line(after, side, app.bidi, Style::new(), &[]);
        (pad_to(left, side, true), right)
    };
    let mut spans = left.spans;
    spans.push(Span::raw(" "));
    spans.extend(hit.spans);
    spans.push(Span::raw(" "));
    spans.extend(right.spans);
    Line::from(spans)
}

fn is_rtl(s: &str) -> bool {
    s.chars()
        .find(|c| c.is_alphabetic())
        .is_some_and(|c| ('\u{0590}'..='\u{08FF}').contains(&c))
}

/// The end of `s` that fits in about `width` columns, cut at a word boundary.
fn tail(s: &str, width: u16) -> String {
    let mut used = 0usize;
    let mut start = s.len();
    for (i, c) in s.char_indices().rev() {
        used += unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used > usize::from(width) {
            break;
        }
        start = i;
    }
    let cut = &s[start..];
    match (start > 0, cut.find(' ')) {
        (true, Some(sp)) => cut[sp + 1..].to_string(),
        _ => cut.to_string(),
    }
}

fn width_of(line: &Line) -> usize {
    rtl::display_width(&rtl::line_text(line))
}

/// Pads a line to `width` on the left (`left = true`) or the right.
fn pad_to(mut line: Line<'static>, width: u16, left: bool) -> Line<'static> {
    let pad = usize::from(width).saturating_sub(width_of(&line));
    let span = Span::raw(" ".repeat(pad));
    if left {
        line.spans.insert(0, span);
    } else {
        line.spans.push(span);
    }
    line
}

/// Moves a right-aligned line's padding to its right, so its text touches the column's left.
fn flush_left(line: Line<'static>, width: u16) -> Line<'static> {
    let text = rtl::line_text(&line);
    let lead = text.chars().take_while(|c| *c == ' ').count();
    let mut spans = line.spans;
    let mut drop = lead;
    while drop > 0 && !spans.is_empty() {
        let n = spans[0].content.chars().count();
        if n <= drop {
            spans.remove(0);
            drop -= n;
        } else {
            let rest: String = spans[0].content.chars().skip(drop).collect();
            spans[0].content = rest.into();
            drop = 0;
        }
    }
    pad_to(Line::from(spans), width, false)
}

fn centre(line: Line<'static>, width: u16) -> Line<'static> {
    let pad = usize::from(width).saturating_sub(width_of(&line));
    let mut spans = vec![Span::raw(" ".repeat(pad / 2))];
    spans.extend(line.spans);
    spans.push(Span::raw(" ".repeat(pad - pad / 2)));
    Line::from(spans)
}

fn members(app: &App, c: &Cluster, width: u16) -> (String, Vec<Line<'static>>) {
    let title = format!(
        " Near-duplicate cluster · {} articles · • representative · Enter opens ",
        c.members.len()
    );
    let lines = c
        .members
        .iter()
        .map(|&m| {
            let Some(a) = app.lib.articles().get(m as usize) else {
                return Line::default();
            };
            let sim = c
                .pairs
                .iter()
                .find(|p| p.a == m || p.b == m)
                .map_or(String::from("     "), |p| {
                    format!("{:>4.0}%", p.jaccard * 100.0)
                });
            // Not ★, which marks an article the user marked.
            let rep = if m == c.representative { "•" } else { " " };
            let mut spans = vec![Span::raw(format!("{rep} {:<12} {sim} ", date_label(a)))];
            spans.extend(
                rtl::layout_line(
                    &a.title,
                    width.saturating_sub(21),
                    app.bidi,
                    Style::new(),
                    &[],
                )
                .spans,
            );
            Line::from(spans)
        })
        .collect();
    (title, lines)
}

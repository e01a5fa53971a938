//! The screen while the corpus loads on a worker: what is being opened, a gauge of the bytes
//! read, and a line of counts, rate and time left. The explorer's own state does not exist yet,
//! so this draws from the load's counters alone.

use std::time::Duration;

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Gauge, Paragraph, Wrap};
use ratatui::Frame;

use crate::corpus::progress::Snapshot;

/// What the loading screen shows.
pub struct Loading<'a> {
    /// The corpus being opened, already safe to print.
    pub what: &'a str,
    pub snapshot: Snapshot,
    pub elapsed: Duration,
    /// The key that quits, from the live key map.
    pub quit_key: char,
}

pub fn render(l: &Loading, f: &mut Frame) {
    let area = f.area();
    let block = Block::default().borders(Borders::ALL).title(" akhbar ");
    let inner = block.inner(area);
    f.render_widget(block, area);
    let box_area = centred(inner, 6);
    let [head, gauge, line, hint] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(2),
        Constraint::Length(1),
    ])
    .areas(box_area);
    let bold = Style::default().add_modifier(Modifier::BOLD);
    f.render_widget(
        Paragraph::new(Line::styled(format!("opening {}", l.what), bold)),
        head,
    );
    let ratio = l.snapshot.ratio();
    // Reverse video for the filled part: readable on light and dark terminals alike.
    let filled = Style::default().add_modifier(Modifier::REVERSED);
    f.render_widget(
        Gauge::default()
            .gauge_style(filled)
            .ratio(ratio)
            .label(format!("{:.0}%", ratio * 100.0)),
        gauge,
    );
    f.render_widget(
        Paragraph::new(l.snapshot.describe(l.elapsed)).wrap(Wrap { trim: true }),
        line,
    );
    f.render_widget(
        Paragraph::new(format!("{} or ctrl-c quits", l.quit_key))
            .style(Style::default().add_modifier(Modifier::DIM)),
        hint,
    );
}

/// A band `rows` high across the middle of `r`, with a margin of two columns.
fn centred(r: Rect, rows: u16) -> Rect {
    let rows = rows.min(r.height);
    let margin = if r.width > 8 { 2 } else { 0 };
    Rect {
        x: r.x + margin,
        y: r.y + (r.height - rows) / 2,
        width: r.width.saturating_sub(2 * margin),
        height: rows,
    }
}

//! The help overlay: every key, from the one key table the key mapping uses, with the keys
//! the config has rebound.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use ratatui::Frame;

use super::app::App;
use crate::keys::{INPUT_KEYS, QUERY_SYNTAX};

pub fn lines(app: &App) -> Vec<Line<'static>> {
    let t = &app.theme;
    let mut out = vec![Line::from(Span::styled("Keys", t.title()))];
    let key = |(k, what): (&str, &str)| {
        Line::from(vec![
            Span::styled(format!("{k:>26}  "), t.checked()),
            Span::raw(what.to_string()),
        ])
    };
    out.extend(app.keys.help_rows().iter().map(|(k, w)| key((k, w))));
    out.push(Line::default());
    out.push(Line::from(Span::styled(
        "Query line (/, ctrl-f, f)",
        t.title(),
    )));
    out.extend(INPUT_KEYS.iter().map(|&(k, w)| key((k, w))));
    out.push(Line::default());
    out.push(Line::from(Span::styled(
        "Title query syntax (/)",
        t.title(),
    )));
    out.extend(QUERY_SYNTAX.iter().map(|&(k, w)| key((k, w))));
    out.push(Line::default());
    out.push(Line::from(Span::styled(
        format!("Bidi mode: {:?}", app.bidi).to_lowercase(),
        t.title(),
    )));
    out.push(Line::from(
        "  app       akhbar orders and joins Arabic itself: xterm, tmux, Alacritty, kitty,",
    ));
    out.push(Line::from(
        "            Windows Terminal, iTerm2, GNOME Terminal without bidi (the default)",
    ));
    out.push(Line::from(format!(
        "  terminal  the terminal reorders: {}",
        crate::config::BIDI_TERMINALS
    )));
    out.push(Line::from("  off       raw logical order, no shaping"));
    out.push(Line::default());
    out.push(Line::from(Span::styled(
        "j k PgDn PgUp g G scroll · Esc or q closes",
        t.dim(),
    )));
    out
}

/// Width of the key column, and where a wrapped description goes on.
const KEY_COLUMN: usize = 28;

pub fn render(app: &App, f: &mut Frame, area: Rect) {
    let w = area.width.min(96);
    let inner_w = w.saturating_sub(2) as usize;
    let all: Vec<Line> = lines(app)
        .into_iter()
        .flat_map(|l| wrap(l, inner_w))
        .collect();
    let h = area.height.min(all.len() as u16 + 2);
    let visible = h.saturating_sub(2) as usize;
    let top = app.help_scroll.min(all.len().saturating_sub(visible));
    let r = Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    };
    f.render_widget(Clear, r);
    let more = if top + visible < all.len() {
        " ↓ more "
    } else {
        ""
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .title(format!(" Help — akhbar {more}"));
    let shown: Vec<Line> = all.into_iter().skip(top).take(visible).collect();
    f.render_widget(Paragraph::new(shown).block(block), r);
}

/// A help line cut to `width`, each further piece of a description indented under the
/// description's start, not at column 0.
fn wrap(line: Line<'static>, width: usize) -> Vec<Line<'static>> {
    let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
    let chars: Vec<char> = text.chars().collect();
    if chars.len() <= width || width <= KEY_COLUMN + 8 {
        return vec![line];
    }
    let key_style = line.spans.first().map(|s| s.style).unwrap_or_default();
    let (head, body): (String, String) = if chars.len() > KEY_COLUMN && line.spans.len() == 2 {
        (
            chars[..KEY_COLUMN].iter().collect(),
            chars[KEY_COLUMN..].iter().collect(),
        )
    } else {
        (String::new(), text.clone())
    };
    let indent = if head.is_empty() { 0 } else { KEY_COLUMN };
    let room = width - indent;
    let mut out = Vec::new();
    let mut current = String::new();
    for word in body.split(' ') {
        if !current.is_empty() && current.chars().count() + 1 + word.chars().count() > room {
            out.push(std::mem::take(&mut current));
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(word);
    }
    out.push(current);
    out.into_iter()
        .enumerate()
        .map(|(i, piece)| {
            let lead = if i == 0 {
                head.clone()
            } else {
                " ".repeat(indent)
            };
            Line::from(vec![Span::styled(lead, key_style), Span::raw(piece)])
        })
        .collect()
}

//! The help overlay: every key, from the one key table the key mapping uses, with the keys
//! the config has rebound.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
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
    out.push(Line::from(Span::styled("Press any key to close", t.dim())));
    out
}

pub fn render(app: &App, f: &mut Frame, area: Rect) {
    let w = area.width.min(96);
    let h = area.height.min(lines(app).len() as u16 + 2);
    let r = Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    };
    f.render_widget(Clear, r);
    let block = Block::default()
        .borders(Borders::ALL)
        .title(" Help — akhbar ");
    f.render_widget(
        Paragraph::new(lines(app))
            .block(block)
            .wrap(Wrap { trim: false }),
        r,
    );
}

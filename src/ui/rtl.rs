//! Right-to-left layout for terminals. (Placeholder with the final signatures; the RTL work
//! replaces it.)

use std::ops::Range;

use ratatui::style::Style;
use ratatui::text::{Line, Span};

#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Default,
    serde::Deserialize,
    serde::Serialize,
    clap::ValueEnum,
)]
#[serde(rename_all = "lowercase")]
pub enum BidiMode {
    #[default]
    App,
    Terminal,
    Off,
}

pub fn layout_paragraph(
    text: &str,
    width: u16,
    _mode: BidiMode,
    base: Style,
    _highlights: &[(Range<usize>, Style)],
) -> Vec<Line<'static>> {
    let w = width.max(1) as usize;
    let chars: Vec<char> = text.chars().collect();
    chars
        .chunks(w)
        .map(|c| Line::from(Span::styled(c.iter().collect::<String>(), base)))
        .collect()
}

pub fn layout_line(
    text: &str,
    width: u16,
    _mode: BidiMode,
    base: Style,
    _highlights: &[(Range<usize>, Style)],
) -> Line<'static> {
    Line::from(Span::styled(
        text.chars().take(width as usize).collect::<String>(),
        base,
    ))
}

pub fn input_line(text: &str, width: u16, _mode: BidiMode, base: Style) -> (Line<'static>, u16) {
    let s: String = text.chars().take(width as usize).collect();
    let n = s.chars().count() as u16;
    (Line::from(Span::styled(s, base)), n)
}

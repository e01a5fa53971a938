//! Colours. Only the 16 ANSI colours are used, so every terminal shows them; with `NO_COLOR`
//! set, styles fall back to bold, underline and reverse video.

use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Line;

use crate::entities::EntityKind;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
}

impl Theme {
    /// Colours unless `NO_COLOR` is set to a non-empty value (https://no-color.org).
    pub fn from_env() -> Theme {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Theme { color: !no_color }
    }

    fn fg(&self, c: Color, fallback: Modifier) -> Style {
        if self.color {
            Style::new().fg(c)
        } else {
            Style::new().add_modifier(fallback)
        }
    }

    pub fn entity(&self, kind: EntityKind) -> Style {
        match kind {
            EntityKind::Per => self.fg(Color::LightCyan, Modifier::BOLD),
            EntityKind::Loc => self.fg(Color::LightGreen, Modifier::UNDERLINED),
            EntityKind::Org => self.fg(Color::LightMagenta, Modifier::ITALIC),
        }
    }

    /// The entity mention the cursor is on.
    pub fn current(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
    }

    /// Matched characters of a search.
    pub fn hit(&self) -> Style {
        if self.color {
            Style::new().fg(Color::Black).bg(Color::Yellow)
        } else {
            Style::new().add_modifier(Modifier::REVERSED)
        }
    }

    /// Matched words of a search: coloured and underlined, so that a selected row, which
    /// drops colours, still shows them.
    pub fn match_chars(&self) -> Style {
        self.fg(Color::Yellow, Modifier::UNDERLINED)
            .add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
    }

    /// The selected row: reverse video over the terminal's own colours, readable on light and
    /// dark backgrounds alike (a grey bar under the default text colour is black on dark grey
    /// in a white terminal).
    pub fn selected(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
    }

    /// A row drawn selected: every span's own colours dropped (a coloured letter on a reversed
    /// bar can vanish on a white background), underline and italics kept, so that matched
    /// letters and kinds still show.
    pub fn select(&self, mut line: Line<'static>) -> Line<'static> {
        let keep = Modifier::UNDERLINED | Modifier::ITALIC;
        for span in &mut line.spans {
            let marks = span.style.add_modifier & keep;
            span.style = self.selected().add_modifier(marks);
        }
        line.style = self.selected();
        line
    }

    pub fn border(&self, focused: bool) -> Style {
        match (focused, self.color) {
            (true, true) => Style::new().fg(Color::Yellow),
            (true, false) => Style::new().add_modifier(Modifier::BOLD),
            _ => Style::new(),
        }
    }

    pub fn dim(&self) -> Style {
        self.fg(Color::DarkGray, Modifier::DIM)
    }

    pub fn title(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    pub fn chip(&self) -> Style {
        if self.color {
            Style::new().fg(Color::Black).bg(Color::Cyan)
        } else {
            Style::new().add_modifier(Modifier::REVERSED)
        }
    }

    pub fn bar(&self) -> Style {
        self.fg(Color::Blue, Modifier::empty())
    }

    pub fn checked(&self) -> Style {
        self.fg(Color::Yellow, Modifier::BOLD)
            .add_modifier(Modifier::BOLD)
    }
}

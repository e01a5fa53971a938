//! The explorer's screen as text: one `TestBackend` frame of an `App`, row by row.
#![allow(dead_code)] // each test binary uses a different part of `common`

use akhbar::ui::app::App;
use akhbar::ui::render::render;
use ratatui::backend::TestBackend;
use ratatui::Terminal;

pub fn screen(app: &App) -> String {
    let mut t = Terminal::new(TestBackend::new(app.size.width, app.size.height)).unwrap();
    t.draw(|f| render(app, f)).unwrap();
    let buf = t.backend().buffer();
    (0..buf.area.height)
        .map(|y| {
            (0..buf.area.width)
                .map(|x| buf[(x, y)].symbol())
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

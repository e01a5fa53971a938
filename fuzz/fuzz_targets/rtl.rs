//! The RTL layout on arbitrary text and widths: no panic, no line wider than the width, no
//! control or bidi control in the output.
#![no_main]

use akhbar::ui::rtl::{display_width, input_line, layout_line, visual_lines, BidiMode};
use akhbar::ui::sanitize::{is_bidi_control, is_control};
use libfuzzer_sys::fuzz_target;
use ratatui::style::Style;

fuzz_target!(|data: (u8, u8, &str)| {
    let (w, m, text) = data;
    let width = u16::from(w % 120);
    let mode = match m % 3 {
        0 => BidiMode::App,
        1 => BidiMode::Terminal,
        _ => BidiMode::Off,
    };
    for line in visual_lines(text, width, mode) {
        assert!(display_width(&line) <= width as usize, "{line:?} wider than {width}");
        assert!(!line.chars().any(|c| is_control(c) || is_bidi_control(c)));
    }
    let _ = layout_line(text, width, mode, Style::new(), &[(0..text.len() / 2, Style::new())]);
    let _ = input_line(text, width, mode, Style::new());
});

//! Display-time sanitising of article text.
//!
//! Scraped text contains C0/C1 controls, ANSI escape sequences, bidi override characters and
//! zero-width characters. None of them may reach the terminal as a control: an ESC would start
//! an escape sequence, an RLO would make a bidi-capable terminal reverse the rest of the row.
//! Every character is mapped to zero or one *visible* character here; the stored text is never
//! changed, the caller keeps the original and highlight byte ranges keep pointing into it
//! through [`DisplayChar::src`].
//!
//! The mapping, per source character:
//!
//! | source                                   | shown as                                  |
//! |------------------------------------------|-------------------------------------------|
//! | `\t`                                     | a space                                   |
//! | other C0 (`U+0000`–`U+001F`), incl. ESC  | its control picture `U+2400 + c` (`␛`, `␇`, `␀`, `␊`) |
//! | DEL and C1 (`U+007F`–`U+009F`)           | `U+FFFD` `�`                              |
//! | LRE RLE LRO RLO LRI RLI FSI (openers)    | `U+FFFD` `�`                              |
//! | PDF PDI (closers)                        | `U+FFFD` `�`                              |
//! | LRM RLM ALM (marks)                      | `U+FFFD` `�`                              |
//! | LINE / PARAGRAPH SEPARATOR               | a space                                   |
//! | ZWSP, ZWNJ, ZWJ, word joiner, BOM        | dropped                                   |
//! | other zero-width chars that are not combining marks | dropped                        |
//! | combining marks                          | kept (zero width, drawn on the previous cell) |
//! | everything else                          | unchanged                                 |
//!
//! Marker choice: the replacement character, as `show` and `--json` print these controls: a
//! bracket or a broken bar (the markers before) reads as part of the text, and an article
//! with 75 of them (ANT's `JA-localNews-555-10042015`) read as full of brackets. `�` is of
//! bidi class ON, so it never changes the direction of the text around it, and is single-width
//! in common terminal fonts.

use std::ops::Range;

use unicode_bidi::{bidi_class, BidiClass};
use unicode_width::UnicodeWidthChar;

/// Shown for a bidi embedding, override or isolate initiator.
pub const OPEN_MARKER: char = REPLACEMENT;
/// Shown for PDF and PDI.
pub const CLOSE_MARKER: char = REPLACEMENT;
/// Shown for LRM, RLM and ALM.
pub const MARK_MARKER: char = REPLACEMENT;
/// Shown for DEL and the C1 controls.
pub const REPLACEMENT: char = '\u{FFFD}';

/// One visible character and the byte range of the source character it stands for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DisplayChar {
    pub ch: char,
    pub src: Range<usize>,
}

/// True for the characters that must never be written to the terminal: C0, DEL, C1.
pub fn is_control(c: char) -> bool {
    c.is_control()
}

/// True for the explicit bidi formatting characters and the implicit marks.
pub fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}'
    )
}

/// True for a zero-width combining mark (kept: it draws on the preceding cell).
pub fn is_combining_mark(c: char) -> bool {
    bidi_class(c) == BidiClass::NSM && c.width() == Some(0)
}

/// The visible form of one source character, or `None` when it is dropped for display.
pub fn display_char(c: char) -> Option<char> {
    match c {
        '\t' | '\u{2028}' | '\u{2029}' => Some(' '),
        '\u{0}'..='\u{1F}' => char::from_u32(0x2400 + c as u32),
        '\u{7F}'..='\u{9F}' => Some(REPLACEMENT),
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => Some(bidi_marker(c)),
        '\u{200E}' | '\u{200F}' | '\u{061C}' => Some(MARK_MARKER),
        // Zero width space, joiners, word joiner, BOM: nothing to see, and a joiner would only
        // matter to a shaping engine, which the terminal is not.
        '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' => None,
        _ if is_combining_mark(c) => Some(c),
        // Any other character that takes no cell (format characters, tag characters, ...).
        _ if c.width().unwrap_or(0) == 0 => None,
        _ => Some(c),
    }
}

fn bidi_marker(c: char) -> char {
    match c {
        '\u{202C}' | '\u{2069}' => CLOSE_MARKER,
        _ => OPEN_MARKER,
    }
}

/// The visible characters of `text`, each with the byte range of its source character.
pub fn sanitize(text: &str) -> Vec<DisplayChar> {
    text.char_indices()
        .filter_map(|(at, c)| {
            display_char(c).map(|ch| DisplayChar {
                ch,
                src: at..at + c.len_utf8(),
            })
        })
        .collect()
}

/// The visible form of `text` as a plain string.
pub fn sanitize_str(text: &str) -> String {
    text.chars().filter_map(display_char).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequence_is_shown_not_obeyed() {
        assert_eq!(sanitize_str("a\x1b[31mb"), "a␛[31mb");
    }

    #[test]
    fn c0_become_control_pictures() {
        assert_eq!(sanitize_str("\x07\x00\r"), "␇␀␍");
        assert_eq!(sanitize_str("a\tb"), "a b");
    }

    #[test]
    fn del_and_c1_become_replacement() {
        assert_eq!(
            sanitize_str("\u{7f}\u{9b}\u{85}"),
            "\u{FFFD}\u{FFFD}\u{FFFD}"
        );
    }

    #[test]
    fn bidi_controls_become_markers() {
        let text = "\u{202E}abc\u{202C}\u{2067}x\u{2069}\u{200F}\u{061C}";
        assert_eq!(
            sanitize_str(text),
            "\u{FFFD}abc\u{FFFD}\u{FFFD}x\u{FFFD}\u{FFFD}\u{FFFD}"
        );
        assert!(
            !sanitize_str(text).contains(['⟨', '⟩', '¦']),
            "markers that read as text"
        );
    }

    #[test]
    fn zero_width_chars_are_dropped_marks_kept() {
        assert_eq!(
            sanitize_str("a\u{200B}b\u{200D}c\u{FEFF}d\u{2063}e"),
            "abcde"
        );
        assert_eq!(sanitize_str("e\u{301}"), "e\u{301}");
        assert_eq!(sanitize_str("عجّل"), "عجّل");
    }

    #[test]
    fn sources_point_into_the_original() {
        let text = "a\u{200B}\x1bé";
        let out = sanitize(text);
        let srcs: Vec<_> = out.iter().map(|d| (d.ch, d.src.clone())).collect();
        assert_eq!(srcs, vec![('a', 0..1), ('␛', 4..5), ('é', 5..7)]);
    }

    #[test]
    fn output_is_never_a_control() {
        for u in 0..0x3_0000u32 {
            let Some(c) = char::from_u32(u) else { continue };
            if let Some(d) = display_char(c) {
                assert!(!is_control(d) && !is_bidi_control(d), "U+{u:04X}");
                assert!(d.width().is_some(), "U+{u:04X}");
            }
        }
    }
}

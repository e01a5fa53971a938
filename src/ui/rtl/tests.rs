//! Unit and property tests of the right-to-left layout.

use super::*;
use proptest::prelude::*;
use ratatui::style::{Color, Modifier};

const TITLE: &str =
    "بلينكن يبلغ لافروف ضرورة رؤية \"وقف تصعيد يمكن التحقق منه\" بشأن الأزمة الأوكرانية";
const ARTICLES: [&str; 5] = [
    include_str!("../../../data/000_89731ca9499b315b.txt"),
    include_str!("../../../data/001_c539808e36df443d.txt"),
    include_str!("../../../data/002_4ef95711e04f1e91.txt"),
    include_str!("../../../data/003_53df6247519af79e.txt"),
    include_str!("../../../data/004_c524ce13b5ddd629.txt"),
];

fn app(text: &str, width: u16) -> Vec<String> {
    visual_lines(text, width, BidiMode::App)
}

fn padded(width: usize, visual: &str) -> String {
    format!("{}{visual}", " ".repeat(width - display_width(visual)))
}

fn range_of(text: &str, needle: &str) -> Range<usize> {
    let start = text.find(needle).unwrap();
    start..start + needle.len()
}

/// The visual characters of `lines` drawn with `style`, in display order.
fn styled_with(lines: &[Line<'_>], style: Style) -> String {
    lines
        .iter()
        .flat_map(|l| l.spans.iter())
        .filter(|s| s.style == style)
        .map(|s| s.content.as_ref())
        .collect()
}

fn is_presentation_form(c: char) -> bool {
    matches!(c, '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
}

fn is_forbidden(c: char) -> bool {
    sanitize::is_control(c) || sanitize::is_bidi_control(c)
}

fn hl() -> Style {
    Style::default()
        .fg(Color::Yellow)
        .add_modifier(Modifier::BOLD)
}

#[test]
fn pure_arabic_line() {
    // بلينكن: ﺑ initial, ﻠ ﻴ ﻨ ﻜ medial, ﻦ final; reversed for display.
    // يبلغ: ﻳ ﺒ ﻠ ﻎ.  لافروف: lam-alef ligature ﻻ, ﻓ initial, ﺮ final, ﻭ ﻑ isolated.
    assert_eq!(
        app("بلينكن يبلغ لافروف", 40),
        vec![padded(40, "ﻑﻭﺮﻓﻻ ﻎﻠﺒﻳ ﻦﻜﻨﻴﻠﺑ")]
    );
    let line = &app("بلينكن يبلغ لافروف", 40)[0];
    assert!(line.ends_with("ﻦﻜﻨﻴﻠﺑ"), "first word at the right edge");
}

#[test]
fn latin_name_and_number_read_left_to_right() {
    assert_eq!(
        app("قال Blinken إن 2022", 40),
        vec![padded(40, "2022 ﻥﺇ Blinken ﻝﺎﻗ")]
    );
    // A real sentence with a year and a final full stop (the stop is at the visual left).
    assert_eq!(
        app("إلى ما كانت عليه عام 1997.", 40),
        vec![padded(40, ".1997 ﻡﺎﻋ ﻪﻴﻠﻋ ﺖﻧﺎﻛ ﺎﻣ ﻰﻟﺇ")]
    );
}

#[test]
fn wrapped_paragraph_keeps_logical_words_on_first_line() {
    assert_eq!(
        app(TITLE, 40),
        vec![
            " ﺪﻴﻌﺼﺗ ﻒﻗﻭ\" ﺔﻳﺅﺭ ﺓﺭﻭﺮﺿ ﻑﻭﺮﻓﻻ ﻎﻠﺒﻳ ﻦﻜﻨﻴﻠﺑ".to_string(),
            "   ﺔﻴﻧﺍﺮﻛﻭﻷﺍ ﺔﻣﺯﻷﺍ ﻥﺄﺸﺑ \"ﻪﻨﻣ ﻖﻘﺤﺘﻟﺍ ﻦﻜﻤﻳ".to_string(),
        ]
    );
}

#[test]
fn brackets_are_mirrored_in_rtl_runs() {
    assert_eq!(app("(الناتو)", 10), vec![padded(10, "(ﻮﺗﺎﻨﻟﺍ)")]);
    assert_eq!(
        app("حلف شمال الأطلسي (الناتو)؛ مشيرا", 40),
        vec![padded(40, "ﺍﺮﻴﺸﻣ ؛(ﻮﺗﺎﻨﻟﺍ) ﻲﺴﻠﻃﻷﺍ ﻝﺎﻤﺷ ﻒﻠﺣ")]
    );
    // Source line of a corpus article: Urdu letters, a dash, a number with a suffix.
    assert_eq!(
        app("(پاکستان پوائنٹ نیوز / سبوتنيك - 16 فبراير 2022ء) أكد", 60),
        vec![padded(
            60,
            "ﺪﻛﺃ (ﺀ2022 ﺮﻳﺍﺮﺒﻓ 16 - ﻚﻴﻨﺗﻮﺒﺳ / ﺯﻮﯿﻧ ﭧﻨﺋﺍﻮﭘ ﻥﺎﺘﺴﮐﺎﭘ)"
        )]
    );
}

#[test]
fn lam_alef_ligatures() {
    assert_eq!(app("لا", 5), vec!["    ﻻ"]);
    // الأمن: ﺍ isolated, lam + alef-hamza as the isolated ligature ﻷ, ﻣ initial, ﻦ final.
    assert_eq!(app("الأمن", 5), vec![" ﻦﻣﻷﺍ"]);
    // السلام: the lam-alef joins the seen before it, so it takes its final form ﻼ.
    assert_eq!(
        app("يؤدي إلى السلام والأمن؛", 30),
        vec![padded(30, "؛ﻦﻣﻷﺍﻭ ﻡﻼﺴﻟﺍ ﻰﻟﺇ ﻱﺩﺆﻳ")]
    );
}

#[test]
fn no_allah_ligature_inside_words() {
    assert_eq!(app("اللهجة", 6), vec!["ﺔﺠﻬﻠﻟﺍ"]);
    assert!(!app("الله", 6).concat().contains('\u{FDF2}'));
}

#[test]
fn urls_and_handles_keep_their_order() {
    let lines = app("زوروا https://example.com/a?b=1 الآن", 60);
    assert_eq!(
        lines,
        vec![padded(60, "ﻥﻵﺍ https://example.com/a?b=1 ﺍﻭﺭﻭﺯ")]
    );
    assert_eq!(app("(@FahadShabbir)", 20), vec!["(@FahadShabbir)"]);
}

#[test]
fn harakat_are_stripped_in_app_mode_only() {
    assert_eq!(app("عجّلتها", 10), vec![padded(10, "ﺎﻬﺘﻠﺠﻋ")]);
    let off = visual_lines("عجّلتها", 10, BidiMode::Off);
    assert_eq!(off, vec!["عجّلتها"]);
}

#[test]
fn ltr_paragraph_with_arabic_word_stays_left_aligned() {
    assert_eq!(
        app("Blinken told لافروف on Tuesday", 40),
        vec!["Blinken told ﻑﻭﺮﻓﻻ on Tuesday"]
    );
}

#[test]
fn one_line_cells_truncate_at_the_logical_end() {
    let line = |w| line_text(&layout_line(TITLE, w, BidiMode::App, Style::default(), &[]));
    // The title is cut after ض (initial form: the word goes on) and the ellipsis is at
    // the visual left, where the RTL text logically ends.
    assert_eq!(line(20), "…ﺿ ﻑﻭﺮﻓﻻ ﻎﻠﺒﻳ ﻦﻜﻨﻴﻠﺑ");
    assert_eq!(line(2), "…ﺑ");
    assert_eq!(line(1), "…");
    assert_eq!(line(0), "");
    // Short RTL cells are right-aligned, LTR ones are not.
    let short = layout_line("الناتو", 10, BidiMode::App, Style::default(), &[]);
    assert_eq!(line_text(&short), "    ﻮﺗﺎﻨﻟﺍ");
    let latin = layout_line("NATO summit 2022", 10, BidiMode::App, Style::default(), &[]);
    assert_eq!(line_text(&latin), "NATO summ…");
}

#[test]
fn terminal_and_off_modes_keep_logical_order() {
    let text = "قال Blinken إن 2022 عجّلتها";
    for mode in [BidiMode::Terminal, BidiMode::Off] {
        let lines = visual_lines(text, 12, mode);
        assert_eq!(lines, vec!["قال Blinken", "إن 2022", "عجّلتها"], "{mode:?}");
        assert!(!lines.concat().chars().any(is_presentation_form));
    }
    let title = line_text(&layout_line(
        TITLE,
        20,
        BidiMode::Terminal,
        Style::default(),
        &[],
    ));
    assert_eq!(title, "بلينكن يبلغ لافروف…");
}

#[test]
fn highlight_follows_the_word_through_reordering() {
    let text = "بلينكن يبلغ لافروف";
    let lines = layout_paragraph(
        text,
        40,
        BidiMode::App,
        Style::default(),
        &[(range_of(text, "يبلغ"), hl())],
    );
    assert_eq!(styled_with(&lines, hl()), "ﻎﻠﺒﻳ");
    let line = line_text(&lines[0]);
    let at = line.find("ﻎﻠﺒﻳ").unwrap();
    let before: String = lines[0]
        .spans
        .iter()
        .take_while(|s| s.style != hl())
        .map(|s| s.content.as_ref())
        .collect();
    assert_eq!(
        before.len(),
        at,
        "styled cells are exactly the word's cells"
    );

    let text = "قال Blinken إن 2022";
    let lines = layout_paragraph(
        text,
        40,
        BidiMode::App,
        Style::default(),
        &[(range_of(text, "Blinken"), hl())],
    );
    assert_eq!(styled_with(&lines, hl()), "Blinken");
    let lines = layout_paragraph(
        text,
        40,
        BidiMode::App,
        Style::default(),
        &[(range_of(text, "2022"), hl())],
    );
    assert_eq!(styled_with(&lines, hl()), "2022");
}

#[test]
fn highlight_on_ligatures_harakat_and_wrapped_lines() {
    // Only the lam of لافروف is highlighted: the ligature cell carries it.
    let text = "يبلغ لافروف";
    let lam = text.find("لا").unwrap();
    let lines = layout_paragraph(
        text,
        20,
        BidiMode::App,
        Style::default(),
        &[(lam..lam + 2, hl())],
    );
    assert_eq!(styled_with(&lines, hl()), "ﻻ");
    // A word with a shadda keeps all its letters styled.
    let text = "التي عجّلتها موسكو";
    let lines = layout_paragraph(
        text,
        30,
        BidiMode::App,
        Style::default(),
        &[(range_of(text, "عجّلتها"), hl())],
    );
    assert_eq!(styled_with(&lines, hl()), "ﺎﻬﺘﻠﺠﻋ");
    // A word on the second wrapped line.
    let lines = layout_paragraph(
        TITLE,
        40,
        BidiMode::App,
        Style::default(),
        &[(range_of(TITLE, "الأزمة"), hl())],
    );
    assert_eq!(styled_with(&lines[..1], hl()), "");
    assert_eq!(styled_with(&lines[1..], hl()), "ﺔﻣﺯﻷﺍ");
    // Base style everywhere else, padding included.
    let base = Style::default().fg(Color::White);
    let lines = layout_paragraph(TITLE, 40, BidiMode::App, base, &[]);
    assert!(lines
        .iter()
        .flat_map(|l| l.spans.iter())
        .all(|s| s.style == base));
}

#[test]
fn controls_and_bidi_overrides_are_shown_as_markers() {
    let text = "قال \x1b[31mبلينكن\u{202E} إن\x07 \0 \u{9b}";
    for mode in [BidiMode::App, BidiMode::Terminal, BidiMode::Off] {
        let out = visual_lines(text, 40, mode).concat();
        assert!(!out.chars().any(is_forbidden), "{mode:?}: {out:?}");
        for marker in ['␛', '␇', '␀', '\u{FFFD}'] {
            assert!(out.contains(marker), "{mode:?}: {marker} in {out:?}");
        }
        assert!(!out.contains(['⟨', '⟩']), "{mode:?}: {out:?}");
    }
    assert_eq!(
        visual_lines("ab\x1b[31mc\u{202E}d\x07e\0f\u{9b}g", 40, BidiMode::App),
        vec!["ab␛[31mc\u{FFFD}d␇e␀f\u{FFFD}g"]
    );
}

#[test]
fn input_line_cursor_at_logical_end() {
    let style = Style::default();
    let (line, cursor) = input_line("بلينكن", 12, BidiMode::App, style);
    assert_eq!(line_text(&line), "      ﻦﻜﻨﻴﻠﺑ");
    assert_eq!(cursor, 5, "left of RTL text");
    // A typed trailing space shows at the visual left, the cursor beyond it.
    let (line, cursor) = input_line("بلينكن ", 12, BidiMode::App, style);
    assert_eq!(line_text(&line), "      ﻦﻜﻨﻴﻠﺑ");
    assert_eq!(cursor, 4);
    let (line, cursor) = input_line("Blinken", 12, BidiMode::App, style);
    assert_eq!((line_text(&line).as_str(), cursor), ("Blinken", 7));
    // Too long: the logical tail is shown, one column left for the cursor.
    let (line, cursor) = input_line("بلينكن يبلغ لافروف ضرورة", 12, BidiMode::App, style);
    assert_eq!((line_text(&line).as_str(), cursor), (" ﺓﺭﻭﺮﺿ ﻑﻭﺮﻓﻻ", 0));
    let (line, cursor) = input_line("بلينكن", 12, BidiMode::Terminal, style);
    assert_eq!((line_text(&line).as_str(), cursor), ("بلينكن", 6));
    assert_eq!(input_line("abc", 0, BidiMode::App, style).1, 0);
    assert_eq!(input_line("", 5, BidiMode::App, style).1, 0);
}

#[test]
fn degenerate_inputs() {
    for mode in [BidiMode::App, BidiMode::Terminal, BidiMode::Off] {
        assert!(visual_lines(TITLE, 0, mode).is_empty());
        assert_eq!(visual_lines("", 10, mode), vec![String::new()]);
        assert_eq!(
            visual_lines("\u{200B}\u{FEFF}", 10, mode),
            vec![String::new()]
        );
        assert_eq!(visual_lines("\x1b\x07", 10, mode).concat().trim(), "␛␇");
        for line in visual_lines("漢字 بلينكن abc", 1, mode) {
            assert!(display_width(&line) <= 1, "{line:?}");
        }
        let lines = visual_lines("a\n\nب\r\nc", 5, mode);
        assert_eq!(lines.len(), 4, "{lines:?}");
    }
    assert_eq!(
        visual_lines("\u{301}ب", 3, BidiMode::App),
        vec![" ﺏ\u{25CC}\u{301}"]
    );
}

#[test]
fn corpus_articles_lay_out_within_width() {
    for article in ARTICLES {
        for width in [1u16, 7, 20, 33, 80] {
            for line in layout_paragraph(article, width, BidiMode::App, Style::default(), &[]) {
                let text = line_text(&line);
                assert!(display_width(&text) <= usize::from(width), "{text:?}");
                assert!(!text.chars().any(is_forbidden));
            }
        }
    }
}

#[test]
fn every_occurrence_of_a_corpus_word_is_highlighted() {
    let article = ARTICLES[0];
    let highlights: Vec<_> = article
        .match_indices("لافروف")
        .map(|(at, w)| (at..at + w.len(), hl()))
        .collect();
    let lines = layout_paragraph(article, 50, BidiMode::App, Style::default(), &highlights);
    let styled = styled_with(&lines, hl());
    assert_eq!(styled, "ﻑﻭﺮﻓﻻ".repeat(highlights.len()));
}

#[test]
fn huge_text_is_fine() {
    let text = ARTICLES.concat().replace('\n', " ").repeat(20);
    let lines = layout_paragraph(&text, 80, BidiMode::App, Style::default(), &[]);
    assert!(lines.len() > 1000);
    let title = layout_line(&text, 30, BidiMode::App, Style::default(), &[]);
    assert!(display_width(&line_text(&title)) <= 30);
}

#[test]
fn mode_names() {
    use clap::ValueEnum;
    assert_eq!(
        serde_json::to_string(&BidiMode::Terminal).unwrap(),
        "\"terminal\""
    );
    assert_eq!(
        serde_json::from_str::<BidiMode>("\"off\"").unwrap(),
        BidiMode::Off
    );
    assert_eq!(BidiMode::from_str("app", true), Ok(BidiMode::App));
    assert_eq!(BidiMode::default(), BidiMode::App);
}

fn any_char() -> impl Strategy<Value = char> {
    prop_oneof![
        4 => prop::char::range('\u{0621}', '\u{064A}'),
        1 => prop::char::range('\u{064B}', '\u{0652}'),
        2 => prop::char::range('a', 'z'),
        1 => prop::char::range('0', '9'),
        3 => Just(' '),
        1 => prop::sample::select(vec!['(', ')', '[', '«', '»', '.', '،', '؛', '"', '-', '/', '\u{A0}', '\t', '\n', '\r']),
        1 => prop::char::range('\u{0}', '\u{1F}'),
        1 => prop::char::range('\u{7F}', '\u{9F}'),
        1 => prop::sample::select(vec![
            '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}', '\u{2066}', '\u{2067}',
            '\u{2068}', '\u{2069}', '\u{200E}', '\u{200F}', '\u{061C}', '\u{200B}', '\u{200C}',
            '\u{200D}', '\u{FEFF}', '\u{2028}', '\u{2029}', '\u{301}', '\u{FE0F}',
        ]),
        1 => prop::sample::select(vec!['漢', '字', '😀', 'ｱ', 'پ', 'ی', 'é']),
        1 => any::<char>(),
    ]
}

fn any_text() -> impl Strategy<Value = String> {
    prop::collection::vec(any_char(), 0..120).prop_map(|v| v.into_iter().collect())
}

fn non_space(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn any_mode() -> impl Strategy<Value = BidiMode> {
    prop::sample::select(vec![BidiMode::App, BidiMode::Terminal, BidiMode::Off])
}

proptest! {
    #[test]
    fn paragraphs_fit_and_are_clean(text in any_text(), width in 0u16..50, mode in any_mode()) {
        let hls = [(0..text.len() / 2, Style::default().fg(Color::Red))];
        let lines = layout_paragraph(&text, width, mode, Style::default(), &hls);
        for line in &lines {
            let s = line_text(line);
            prop_assert!(display_width(&s) <= usize::from(width), "{:?}", s);
            prop_assert!(!s.chars().any(is_forbidden), "{:?}", s);
        }
    }

    #[test]
    fn one_liners_fit_and_are_clean(text in any_text(), width in 0u16..50, mode in any_mode()) {
        let s = line_text(&layout_line(&text, width, mode, Style::default(), &[]));
        prop_assert!(display_width(&s) <= usize::from(width), "{:?}", s);
        prop_assert!(!s.chars().any(is_forbidden));
        let (line, cursor) = input_line(&text, width, mode, Style::default());
        let s = line_text(&line);
        prop_assert!(display_width(&s) <= usize::from(width), "{:?}", s);
        prop_assert!(!s.chars().any(is_forbidden));
        prop_assert!(cursor < width.max(1));
    }

    #[test]
    fn logical_modes_lose_no_visible_char(text in any_text(), width in 2u16..50) {
        let paragraphs = text.replace("\r\n", "").replace('\n', "");
        let expected = non_space(&sanitize::sanitize_str(&paragraphs));
        for mode in [BidiMode::Off, BidiMode::Terminal] {
            let out = visual_lines(&text, width, mode).concat();
            prop_assert_eq!(non_space(&out), expected.clone());
        }
    }
}

/// The style of a cell as the highlights give it, by testing every highlight.
fn naive_style(src: &Range<usize>, base: Style, highlights: &[(Range<usize>, Style)]) -> Style {
    highlights
        .iter()
        .filter(|(r, _)| r.start < src.end && src.start < r.end)
        .fold(base, |style, (_, h)| style.patch(*h))
}

proptest! {
    /// The one-sweep highlighting gives every cell the style that testing every highlight
    /// gives, for overlapping, nested, empty and unordered highlights.
    #[test]
    fn the_highlight_sweep_matches_testing_every_highlight(
        cells in proptest::collection::vec((0usize..4, 0usize..4), 0..60),
        hl in proptest::collection::vec((0usize..120, 0usize..12, 0u8..4), 0..12),
    ) {
        let colours = [Color::Red, Color::Green, Color::Blue, Color::Yellow];
        let highlights: Vec<(Range<usize>, Style)> = hl
            .iter()
            .map(|&(s, len, c)| (s..s + len, Style::new().fg(colours[c as usize])))
            .collect();
        let mut sweep = HighlightSweep::new(&highlights);
        let mut at = 0;
        for (gap, len) in cells {
            let src = at + gap..at + gap + len;
            at = src.end;
            let base = Style::new().add_modifier(Modifier::BOLD);
            prop_assert_eq!(sweep.style_for(&src, base), naive_style(&src, base, &highlights));
        }
    }
}

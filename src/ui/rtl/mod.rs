//! Right-to-left layout for terminals: every place that shows article text goes through here.
//!
//! Most terminals (xterm, tmux, Alacritty, kitty, Windows Terminal, iTerm2) neither reorder
//! bidirectional text nor shape Arabic: written in logical order, Arabic comes out reversed and
//! in isolated letter forms. In [`BidiMode::App`] the app therefore does the work itself, per
//! paragraph:
//!
//! 1. sanitise ([`super::sanitize`]): controls, escapes and bidi controls become visible markers;
//! 2. strip harakat (see below) and group combining marks with their base character;
//! 3. shape Arabic letters to presentation forms with `ar-reshaper` (lam-alef ligatures
//!    included), so widths are computed on what is really drawn;
//! 4. resolve the paragraph direction from its first strong character (UAX #9 P2/P3) and the
//!    embedding levels of the whole paragraph (`unicode-bidi`);
//! 5. wrap in *logical* order at spaces (a word wider than the line is broken by characters);
//! 6. reorder each line (UAX #9 L1, L2), mirror brackets inside right-to-left runs (L4) and
//!    keep combining marks after their base (L3);
//! 7. right-align the lines of a right-to-left paragraph by padding them on the left.
//!
//! Highlights are byte ranges in the original text. Every display cell remembers the bytes it
//! came from, so styles are attached to cells *before* reordering and travel with them: a
//! highlighted word ends up styled on exactly its visual cells, a ligature cell is styled when
//! any of its source characters is.
//!
//! Harakat are stripped in App mode. After reordering, a combining mark must follow its base in
//! the byte stream while the base is itself a presentation form; most terminals then draw the
//! mark in its own cell, on the wrong letter or not at all, and some count it as one column,
//! which breaks the width accounting of the whole line. News text is readable without them.
//! Terminal and Off modes keep them (as zero-width marks on their base).

use std::ops::Range;
use std::sync::OnceLock;

use ar_reshaper::letters::letters_db::LETTERS_ARABIC;
use ar_reshaper::prelude::LigatureNames;
use ar_reshaper::{ArabicReshaper, ReshaperConfig};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_bidi::{bidi_class, BidiClass, BidiInfo, Level};
use unicode_width::UnicodeWidthStr;

use super::sanitize::{self, is_combining_mark};
use crate::arabic::normalize::is_haraka;

pub use crate::config::BidiMode;

/// Appended at the logical end of a truncated one-line cell.
const ELLIPSIS: char = '…';
/// Replaces a character wider than the whole line (a wide character at width 1).
const TOO_WIDE: &str = "\u{FFFD}";
/// Base shown under a combining mark that has no letter to sit on (App mode).
const DOTTED_CIRCLE: char = '\u{25CC}';
/// Longest run of letters shaped in one call. `ar-reshaper` is quadratic in the number of
/// ligatures of a run; real words are far shorter, only pathological input is cut.
const MAX_SHAPING_RUN: usize = 256;

/// One logical display cell: a base character, possibly shaped or a ligature, followed by its
/// combining marks, with the byte range of the original text it stands for.
#[derive(Clone, Debug)]
struct Cell {
    text: String,
    src: Range<usize>,
    width: usize,
    style: Style,
}

impl Cell {
    fn new(ch: char, src: Range<usize>) -> Self {
        Cell {
            text: ch.to_string(),
            src,
            width: 0,
            style: Style::default(),
        }
    }

    /// The character that decides direction and shaping (never a combining mark unless the
    /// paragraph starts with one).
    fn base(&self) -> char {
        self.text.chars().next().unwrap_or(' ')
    }

    /// The combining marks after the base.
    fn marks(&self) -> &str {
        let base_len = self.base().len_utf8().min(self.text.len());
        self.text.get(base_len..).unwrap_or("")
    }

    /// A plain space at which lines may break (no-break spaces are not).
    fn is_break_space(&self) -> bool {
        let c = self.base();
        c.is_whitespace()
            && !matches!(c, '\u{A0}' | '\u{2007}' | '\u{202F}')
            && self.marks().is_empty()
    }

    /// This cell drawn with another base character, keeping its marks.
    fn with_base(&self, ch: char) -> Cell {
        let mut text = ch.to_string();
        text.push_str(self.marks());
        Cell {
            text,
            src: self.src.clone(),
            width: 0,
            style: self.style,
        }
    }

    /// Merges the next logical cell into this one (ligatures).
    fn absorb(&mut self, next: &Cell) {
        self.text.push_str(next.marks());
        self.src.start = self.src.start.min(next.src.start);
        self.src.end = self.src.end.max(next.src.end);
    }
}

/// Lays out one paragraph (or several, separated by `\n`) to lines of at most `width` cells.
///
/// `highlights` are byte ranges in `text` with the style patched over `base` for the cells
/// they cover. Lines of a right-to-left paragraph are padded on the left to `width` in App
/// mode. An empty paragraph gives one empty line; width 0 gives no lines.
pub fn layout_paragraph(
    text: &str,
    width: u16,
    mode: BidiMode,
    base: Style,
    highlights: &[(Range<usize>, Style)],
) -> Vec<Line<'static>> {
    layout_paragraph_ranges(text, width, mode, base, highlights)
        .into_iter()
        .map(|(line, _)| line)
        .collect()
}

/// Like [`layout_paragraph`], with the byte range of `text` each visual line shows (lines are
/// cut in logical order, so each covers one contiguous range). Callers use the ranges to find
/// the line of a given offset, e.g. to scroll to a search hit.
pub fn layout_paragraph_ranges(
    text: &str,
    width: u16,
    mode: BidiMode,
    base: Style,
    highlights: &[(Range<usize>, Style)],
) -> Vec<(Line<'static>, Range<usize>)> {
    let width = usize::from(width);
    if width == 0 {
        return Vec::new();
    }
    if text.is_empty() {
        return vec![(Line::default(), 0..0)];
    }
    let mut out = Vec::new();
    let mut offset = 0;
    for part in text.split_inclusive('\n') {
        let body = match part.strip_suffix('\n') {
            Some(body) => body.strip_suffix('\r').unwrap_or(body),
            None => part,
        };
        let cells = styled_cells(body, offset, width, mode, base, highlights);
        let ranges = wrap(&cells, width);
        let sources: Vec<Range<usize>> = ranges
            .iter()
            .map(|r| {
                let start = cells.get(r.start).map_or(offset, |c| c.src.start);
                let end = r
                    .end
                    .checked_sub(1)
                    .and_then(|i| cells.get(i))
                    .map_or(start, |c| c.src.end);
                start..end.max(start)
            })
            .collect();
        let lines = layout_cells(&cells, ranges, width, mode, base);
        out.extend(lines.into_iter().zip(sources));
        offset += part.len();
    }
    out
}

/// Lays out a one-line cell (list title, facet name, chip): no wrapping; when too long it is
/// cut at its *logical* end and an ellipsis `…` added there (for a right-to-left title that is
/// the visual left). Right-to-left text is right-aligned within `width` in App mode.
pub fn layout_line(
    text: &str,
    width: u16,
    mode: BidiMode,
    base: Style,
    highlights: &[(Range<usize>, Style)],
) -> Line<'static> {
    let width = usize::from(width);
    if width == 0 {
        return Line::default();
    }
    let cells = styled_cells(text, 0, width, mode, base, highlights);
    let cells = trim_spaces(&cells);
    let para = paragraph_level(cells);
    let cells = truncate_end(cells, width, base, text.len());
    finish_line(&cells, width, mode, para, base)
}

/// Lays out the search query line while it is typed and returns it with the cursor column.
///
/// The cursor sits at the logical end of the query: right after the text for a left-to-right
/// query, just left of the (right-aligned) text for a right-to-left query in App mode. When the
/// query is wider than the line its logical tail is shown; one column is kept for the cursor.
/// Spaces are kept as typed.
pub fn input_line(text: &str, width: u16, mode: BidiMode, base: Style) -> (Line<'static>, u16) {
    let width = usize::from(width);
    if width == 0 {
        return (Line::default(), 0);
    }
    let cells = styled_cells(text, 0, width, mode, base, &[]);
    let para = paragraph_level(&cells);
    let tail = logical_tail(&cells, width - 1);
    let used = total_width(tail);
    let line = finish_line(tail, width, mode, para, base);
    let cursor = if mode == BidiMode::App && para.is_rtl() {
        width.saturating_sub(used + 1)
    } else {
        used
    };
    (line, u16::try_from(cursor).unwrap_or(u16::MAX))
}

/// The laid-out lines of `text` as plain strings (tests, headless output).
pub fn visual_lines(text: &str, width: u16, mode: BidiMode) -> Vec<String> {
    layout_paragraph(text, width, mode, Style::default(), &[])
        .iter()
        .map(line_text)
        .collect()
}

/// The number of terminal cells an already laid-out string occupies: each base character with
/// its combining marks counts as one grapheme, as ratatui's buffer counts it.
pub fn display_width(s: &str) -> usize {
    let mut total = 0;
    let mut cluster = String::new();
    for c in s.chars() {
        if !cluster.is_empty() && !is_combining_mark(c) {
            total += cluster.width();
            cluster.clear();
        }
        cluster.push(c);
    }
    total + cluster.width()
}

/// The text of a line, spans concatenated.
pub fn line_text(line: &Line<'_>) -> String {
    line.spans.iter().map(|s| s.content.as_ref()).collect()
}

/// Sanitised, (in App mode) shaped cells of one paragraph with widths and styles.
fn styled_cells(
    text: &str,
    offset: usize,
    width: usize,
    mode: BidiMode,
    base: Style,
    highlights: &[(Range<usize>, Style)],
) -> Vec<Cell> {
    let mut cells = logical_cells(text, offset, mode);
    if mode == BidiMode::App {
        cells = shape(&cells);
    }
    let mut styles = HighlightSweep::new(highlights);
    for cell in &mut cells {
        cell.width = cell.text.width();
        if cell.width > width {
            cell.text = TOO_WIDE.to_string();
            cell.width = 1;
        }
        cell.style = styles.style_for(&cell.src, base);
    }
    cells
}

/// The style of each cell from the highlights over its bytes, in one sweep: cells come in
/// logical order (their byte ranges only grow), so each highlight is taken up once and
/// dropped once, instead of every highlight being tested for every cell (which froze the
/// explorer on a long paragraph full of mentions).
struct HighlightSweep<'a> {
    highlights: &'a [(Range<usize>, Style)],
    /// Highlight indices by start.
    by_start: Vec<usize>,
    next: usize,
    /// The highlights that may cover the current cell, as indices into `highlights`.
    active: Vec<usize>,
    last_start: usize,
}

impl<'a> HighlightSweep<'a> {
    fn new(highlights: &'a [(Range<usize>, Style)]) -> Self {
        let mut by_start: Vec<usize> = (0..highlights.len()).collect();
        by_start.sort_by_key(|&i| highlights[i].0.start);
        HighlightSweep {
            highlights,
            by_start,
            next: 0,
            active: Vec::new(),
            last_start: 0,
        }
    }

    fn style_for(&mut self, src: &Range<usize>, base: Style) -> Style {
        if src.start < self.last_start {
            // Not in logical order after all: start the sweep again.
            self.next = 0;
            self.active.clear();
        }
        self.last_start = src.start;
        let hl = self.highlights;
        while let Some(&i) = self.by_start.get(self.next) {
            if hl[i].0.start >= src.end {
                break;
            }
            self.active.push(i);
            self.next += 1;
        }
        self.active.retain(|&i| hl[i].0.end > src.start);
        // Later highlights win, as they would patched in their given order.
        let mut on: Vec<usize> = self
            .active
            .iter()
            .copied()
            .filter(|&i| hl[i].0.start < src.end)
            .collect();
        on.sort_unstable();
        on.into_iter().fold(base, |style, i| style.patch(hl[i].1))
    }
}

/// Sanitised cells in logical order: combining marks join their base, harakat are dropped in
/// App mode (their bytes are credited to the letter before, for highlights).
fn logical_cells(text: &str, offset: usize, mode: BidiMode) -> Vec<Cell> {
    let mut cells: Vec<Cell> = Vec::new();
    for d in sanitize::sanitize(text) {
        let src = d.src.start + offset..d.src.end + offset;
        let strip = mode == BidiMode::App && is_haraka(d.ch);
        if strip || is_combining_mark(d.ch) {
            if let Some(last) = cells.last_mut() {
                if !strip {
                    last.text.push(d.ch);
                }
                last.src.end = src.end;
                continue;
            }
            if strip {
                continue;
            }
            if mode == BidiMode::App {
                // A mark with no base would attach to whatever ends up before it after
                // reordering: show it on a dotted circle, as fonts do.
                let mut cell = Cell::new(DOTTED_CIRCLE, src);
                cell.text.push(d.ch);
                cells.push(cell);
                continue;
            }
        }
        cells.push(Cell::new(d.ch, src));
    }
    cells
}

fn reshaper() -> &'static ArabicReshaper {
    static RESHAPER: OnceLock<ArabicReshaper> = OnceLock::new();
    RESHAPER.get_or_init(|| {
        let mut config = ReshaperConfig {
            delete_harakat: true,
            delete_tatweel: false,
            support_zwj: false,
            ..ReshaperConfig::default()
        };
        // Only the obligatory lam-alef ligatures: the "Allah" ligature also matches inside
        // words such as اللهجة and is drawn as an unreadable wide glyph by terminal fonts.
        config.update_ligature(LigatureNames::ARABIC_LIGATURE_ALLAH, false);
        ArabicReshaper::new(config)
    })
}

/// A letter `ar-reshaper` shapes. ZWJ is in its table too but never reaches here (sanitising
/// drops it); it is excluded anyway because with `support_zwj` off the crate would index past
/// its buffer.
fn is_shapable(c: char) -> bool {
    // The crate's table is a list scanned from the start: looked up once, sorted, here.
    static LETTERS: OnceLock<Vec<char>> = OnceLock::new();
    let letters = LETTERS.get_or_init(|| {
        let mut v: Vec<char> = LETTERS_ARABIC.iter().map(|(letter, _)| *letter).collect();
        v.sort_unstable();
        v
    });
    c != '\u{200D}' && letters.binary_search(&c).is_ok()
}

fn is_lam_alef(c: char) -> bool {
    ('\u{FEF5}'..='\u{FEFC}').contains(&c)
}

/// Replaces runs of Arabic letters by their presentation forms.
fn shape(cells: &[Cell]) -> Vec<Cell> {
    let mut out = Vec::with_capacity(cells.len());
    let mut rest = cells;
    while let Some(first) = rest.first() {
        let run = rest
            .iter()
            .take(MAX_SHAPING_RUN)
            .take_while(|c| is_shapable(c.base()))
            .count();
        if run == 0 {
            out.push(first.clone());
            rest = rest.get(1..).unwrap_or_default();
            continue;
        }
        let (letters, tail) = rest.split_at(run.min(rest.len()));
        out.extend(shape_run(letters));
        rest = tail;
    }
    out
}

/// Shapes one run of letters. `ar-reshaper` returns a bare string: its characters are matched
/// back to the cells (one each, two for a lam-alef ligature) so that source ranges and marks
/// survive; if that ever fails the run is shown unshaped rather than misattributed.
fn shape_run(run: &[Cell]) -> Vec<Cell> {
    let letters: String = run.iter().map(Cell::base).collect();
    let shaped: Vec<char> = reshaper().reshape(&letters).chars().collect();
    align_shaped(run, &shaped).unwrap_or_else(|| run.to_vec())
}

fn align_shaped(run: &[Cell], shaped: &[char]) -> Option<Vec<Cell>> {
    let mut sources = run.iter();
    let mut out = Vec::with_capacity(shaped.len());
    for &ch in shaped {
        if ch == '\0' || ch.is_control() {
            return None;
        }
        let mut cell = sources.next()?.with_base(ch);
        if is_lam_alef(ch) {
            cell.absorb(sources.next()?);
        }
        out.push(cell);
    }
    sources.next().is_none().then_some(out)
}

/// Cell ranges of the wrapped lines, in logical order. Spaces at a break are dropped, as are
/// spaces at the start and end of the paragraph.
fn wrap(cells: &[Cell], width: usize) -> Vec<Range<usize>> {
    let mut lines = Vec::new();
    let mut current: Option<Range<usize>> = None;
    let mut used = 0;
    for word in words(cells) {
        let word_width = total_width(cells.get(word.clone()).unwrap_or_default());
        if let Some(line) = current.take() {
            let gap = total_width(cells.get(line.end..word.start).unwrap_or_default());
            if used + gap + word_width <= width {
                used += gap + word_width;
                current = Some(line.start..word.end);
                continue;
            }
            lines.push(line);
        }
        let mut pieces = split_word(cells, word, width);
        let last = pieces.pop();
        lines.extend(pieces);
        if let Some(last) = last {
            used = total_width(cells.get(last.clone()).unwrap_or_default());
            current = Some(last);
        }
    }
    lines.extend(current);
    if lines.is_empty() {
        lines.push(0..0);
    }
    lines
}

/// Ranges of the maximal runs of non-space cells.
fn words(cells: &[Cell]) -> Vec<Range<usize>> {
    let mut words = Vec::new();
    let mut start = None;
    for (i, cell) in cells.iter().enumerate() {
        match (cell.is_break_space(), start) {
            (true, Some(s)) => {
                words.push(s..i);
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = start {
        words.push(s..cells.len());
    }
    words
}

/// Breaks a word into pieces of at most `width` cells (every cell fits on its own).
fn split_word(cells: &[Cell], word: Range<usize>, width: usize) -> Vec<Range<usize>> {
    let mut pieces = Vec::new();
    let mut start = word.start;
    let mut used = 0;
    for i in word.clone() {
        let w = cells.get(i).map_or(0, |c| c.width);
        if used + w > width && i > start {
            pieces.push(start..i);
            start = i;
            used = 0;
        }
        used += w;
    }
    pieces.push(start..word.end);
    pieces
}

fn total_width(cells: &[Cell]) -> usize {
    cells.iter().map(|c| c.width).sum()
}

/// Renders wrapped lines: visual order and right alignment in App mode, logical otherwise.
fn layout_cells(
    cells: &[Cell],
    ranges: Vec<Range<usize>>,
    width: usize,
    mode: BidiMode,
    base: Style,
) -> Vec<Line<'static>> {
    if mode != BidiMode::App {
        return ranges
            .into_iter()
            .map(|r| render(cells, r.map(|i| (i, false)), 0, base))
            .collect();
    }
    let (para, levels) = resolve_levels(cells, None);
    ranges
        .into_iter()
        .map(|r| {
            let pad = right_pad(cells.get(r.clone()).unwrap_or_default(), width, para);
            render(cells, visual_order(cells, &levels, r, para), pad, base)
        })
        .collect()
}

/// Renders one line that already fits: reordered and right-aligned in App mode.
fn finish_line(
    cells: &[Cell],
    width: usize,
    mode: BidiMode,
    para: Level,
    base: Style,
) -> Line<'static> {
    let all = 0..cells.len();
    if mode != BidiMode::App {
        return render(cells, all.map(|i| (i, false)), 0, base);
    }
    let (_, levels) = resolve_levels(cells, Some(para));
    let pad = right_pad(cells, width, para);
    render(cells, visual_order(cells, &levels, all, para), pad, base)
}

fn right_pad(line: &[Cell], width: usize, para: Level) -> usize {
    if para.is_rtl() {
        width.saturating_sub(total_width(line))
    } else {
        0
    }
}

/// The paragraph level from the first strong character (UAX #9 P2, P3).
fn paragraph_level(cells: &[Cell]) -> Level {
    resolve_levels(cells, None).0
}

/// The paragraph level and the resolved level of every cell (UAX #9 up to I2), computed on the
/// whole paragraph so that lines after a wrap keep the paragraph's context.
fn resolve_levels(cells: &[Cell], para: Option<Level>) -> (Level, Vec<Level>) {
    let text: String = cells.iter().map(Cell::base).collect();
    let info = BidiInfo::new(&text, para);
    let para_level = info
        .paragraphs
        .first()
        .map(|p| p.level)
        .or(para)
        .unwrap_or_else(Level::ltr);
    let levels = text
        .char_indices()
        .map(|(at, _)| info.levels.get(at).copied().unwrap_or(para_level))
        .collect();
    (para_level, levels)
}

/// Visual order of the cells of one line: (cell index, inside a right-to-left run).
fn visual_order(
    cells: &[Cell],
    levels: &[Level],
    line: Range<usize>,
    para: Level,
) -> Vec<(usize, bool)> {
    let line_cells = cells.get(line.clone()).unwrap_or_default();
    let mut line_levels = levels.get(line.clone()).unwrap_or_default().to_vec();
    // L1: whitespace at the end of a line takes the paragraph level.
    for (level, cell) in line_levels.iter_mut().zip(line_cells).rev() {
        if bidi_class(cell.base()) != BidiClass::WS {
            break;
        }
        *level = para;
    }
    // L2: reverse runs; cells keep their marks after the base (L3).
    BidiInfo::reorder_visual(&line_levels)
        .into_iter()
        .filter_map(|k| Some((line.start + k, line_levels.get(k)?.is_rtl())))
        .collect()
}

/// Builds the line from cells in display order, one span per run of equal style.
fn render(
    cells: &[Cell],
    order: impl IntoIterator<Item = (usize, bool)>,
    pad: usize,
    base: Style,
) -> Line<'static> {
    let mut spans = Vec::new();
    if pad > 0 {
        spans.push(Span::styled(" ".repeat(pad), base));
    }
    let mut text = String::new();
    let mut style = base;
    for (i, rtl) in order {
        let Some(cell) = cells.get(i) else { continue };
        if cell.style != style && !text.is_empty() {
            spans.push(Span::styled(std::mem::take(&mut text), style));
        }
        style = cell.style;
        if rtl {
            // L4: mirrored glyph for brackets inside right-to-left runs.
            text.push(mirror(cell.base()));
            text.push_str(cell.marks());
        } else {
            text.push_str(&cell.text);
        }
    }
    if !text.is_empty() {
        spans.push(Span::styled(text, style));
    }
    Line::from(spans)
}

/// Bidi_Mirroring_Glyph for the paired characters found in news text.
fn mirror(c: char) -> char {
    const PAIRS: &[(char, char)] = &[
        ('(', ')'),
        ('[', ']'),
        ('{', '}'),
        ('<', '>'),
        ('«', '»'),
        ('‹', '›'),
        ('≤', '≥'),
        ('⁅', '⁆'),
        ('⁽', '⁾'),
        ('₍', '₎'),
        ('⟨', '⟩'),
        ('⟪', '⟫'),
        ('⟦', '⟧'),
        ('〈', '〉'),
        ('《', '》'),
        ('「', '」'),
        ('『', '』'),
        ('【', '】'),
        ('〔', '〕'),
        ('（', '）'),
        ('［', '］'),
        ('｛', '｝'),
        ('＜', '＞'),
    ];
    for &(open, close) in PAIRS {
        if c == open {
            return close;
        }
        if c == close {
            return open;
        }
    }
    c
}

/// The cells without break spaces at either end.
fn trim_spaces(cells: &[Cell]) -> &[Cell] {
    let start = cells
        .iter()
        .position(|c| !c.is_break_space())
        .unwrap_or(cells.len());
    let end = cells
        .iter()
        .rposition(|c| !c.is_break_space())
        .map_or(start, |i| i + 1);
    cells.get(start..end).unwrap_or_default()
}

/// The cells cut at their logical end to fit `width`, with an ellipsis when anything was cut.
fn truncate_end(cells: &[Cell], width: usize, base: Style, end: usize) -> Vec<Cell> {
    if total_width(cells) <= width {
        return cells.to_vec();
    }
    let mut used = 0;
    let keep = cells
        .iter()
        .take_while(|c| {
            used += c.width;
            used < width
        })
        .count();
    let mut kept = trim_spaces(cells.get(..keep).unwrap_or_default()).to_vec();
    let mut ellipsis = Cell::new(ELLIPSIS, end..end);
    ellipsis.width = 1;
    ellipsis.style = base;
    kept.push(ellipsis);
    kept
}

/// The longest logical tail of the cells that fits in `budget` columns.
fn logical_tail(cells: &[Cell], budget: usize) -> &[Cell] {
    let mut used = 0;
    let keep = cells
        .iter()
        .rev()
        .take_while(|c| {
            used += c.width;
            used <= budget
        })
        .count();
    cells.get(cells.len() - keep..).unwrap_or_default()
}

#[cfg(test)]
mod tests;

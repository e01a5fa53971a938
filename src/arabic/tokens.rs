//! Tokens and clitics.
//!
//! [`tokenize_into`] splits a text into word tokens, keeping for each its byte span in the
//! original text, its normalised form (in one shared buffer, so no allocation per token) and
//! what separated it from the previous token (comma, quote, dash, line break...). Context
//! patterns need the separators: a comma ends a name, a line break ends a byline.
//!
//! [`stems`] lists the ways a normalised token can be read as proclitics + word: the
//! conjunctions و ف, the prepositions ب ل ك, and the article ال (fused as لل after ل).

use super::normalize::{fold_char, is_haraka};

/// Separator flags: what the text between two tokens contains.
pub mod gap {
    /// The token is the first of its text.
    pub const START: u8 = 1;
    /// A line break.
    pub const NEWLINE: u8 = 2;
    /// A comma (Latin or Arabic).
    pub const COMMA: u8 = 4;
    /// Other punctuation that ends a phrase: full stop, colon, brackets, ؟ ! ؛ and the like.
    pub const PUNCT: u8 = 8;
    /// A quotation mark.
    pub const QUOTE: u8 = 16;
    /// A dash, including a free-standing tatweel (`واشنطن ـ يوسف مكي`).
    pub const DASH: u8 = 32;
    /// Anything that breaks a multi-word name.
    pub const HARD: u8 = NEWLINE | COMMA | PUNCT | QUOTE;
}

/// One word of a text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    /// Byte span in the original text.
    pub start: u32,
    pub end: u32,
    /// Byte span of the normalised form in [`Tokens::norm`].
    pub norm_start: u32,
    pub norm_end: u32,
    /// [`gap`] flags of the text before this token.
    pub gap: u8,
}

/// The tokens of one text. Reuse one value across texts to keep its buffers.
#[derive(Clone, Debug, Default)]
pub struct Tokens {
    pub norm: String,
    pub tokens: Vec<Token>,
    /// [`gap`] flags of the text after the last token.
    pub end_gap: u8,
}

impl Tokens {
    pub fn len(&self) -> usize {
        self.tokens.len()
    }

    pub fn is_empty(&self) -> bool {
        self.tokens.is_empty()
    }

    /// The normalised form of token `i`, or "" when out of range.
    pub fn norm(&self, i: usize) -> &str {
        self.tokens
            .get(i)
            .and_then(|t| self.norm.get(t.norm_start as usize..t.norm_end as usize))
            .unwrap_or("")
    }

    /// The gap flags before token `i`; past the end, the flags after the last token.
    pub fn gap_before(&self, i: usize) -> u8 {
        self.tokens.get(i).map_or(self.end_gap, |t| t.gap)
    }
}

/// Tokenises `text`; see [`Tokens`].
pub fn tokenize(text: &str) -> Tokens {
    let mut out = Tokens::default();
    tokenize_into(text, &mut out);
    out
}

/// Tokenises `text` into `out`, reusing its buffers.
pub fn tokenize_into(text: &str, out: &mut Tokens) {
    // Folding never lengthens a word, and news averages 10-12 bytes per word: one
    // reservation each avoids regrowing.
    out.norm.clear();
    out.norm.reserve(text.len());
    out.tokens.clear();
    out.tokens.reserve(text.len() / 8 + 1);
    tokenize_from(text, 0, usize::MAX, out);
}

/// Tokenises `text` from byte `from` (a char boundary) into `out` until `max_tokens` tokens
/// are read (`end_gap` then holds the flags up to the next token). Spans stay offsets into
/// the whole `text`. From the start of a token, the tokens are those of [`tokenize_into`]
/// from that token on, except for the first token's gap flags (`START`).
pub fn tokenize_from(text: &str, from: usize, max_tokens: usize, out: &mut Tokens) {
    out.norm.clear();
    out.tokens.clear();
    let table = class_table();
    let bytes = text.as_bytes();
    let mut gap_flags = gap::START;
    let mut i = from;
    while let Some(&b) = bytes.get(i) {
        let (cls, len) = decode(text, bytes, i, b, table);
        if cls.flags & CharClass::WORD == 0 {
            gap_flags |= cls.gap;
            i += len;
            continue;
        }
        if out.tokens.len() >= max_tokens {
            break;
        }
        // A word: its letters, and the harakat, tatweel and invisible characters inside it,
        // which do not break it; a haraka right after a letter belongs to its surface form.
        // Most words fold to themselves: they are copied in one piece, and only from the
        // first char that folds to something else are chars pushed one by one.
        let start = i;
        let norm_start = out.norm.len() as u32;
        let mut folding = false;
        let mut cls = cls;
        let mut len = len;
        let mut end = i;
        loop {
            if cls.flags & CharClass::WORD != 0 {
                if folding {
                    out.norm.push(cls.folded);
                } else if cls.flags & CharClass::SAME == 0 {
                    out.norm.push_str(text.get(start..i).unwrap_or(""));
                    out.norm.push(cls.folded);
                    folding = true;
                }
                end = i + len;
            } else if cls.flags & CharClass::DROPPED != 0 {
                if !folding {
                    out.norm.push_str(text.get(start..i).unwrap_or(""));
                    folding = true;
                }
                if cls.flags & CharClass::HARAKA != 0 && end == i {
                    end = i + len;
                }
            } else {
                break;
            }
            i += len;
            if !folding {
                let skipped = skip_plain_arabic(bytes, i, table);
                if skipped > i {
                    i = skipped;
                    end = i;
                }
            }
            let Some(&b) = bytes.get(i) else {
                break;
            };
            (cls, len) = decode(text, bytes, i, b, table);
        }
        if !folding {
            out.norm.push_str(text.get(start..end).unwrap_or(""));
        }
        out.tokens.push(Token {
            start: start as u32,
            end: end as u32,
            norm_start,
            norm_end: out.norm.len() as u32,
            gap: std::mem::take(&mut gap_flags),
        });
    }
    out.end_gap = gap_flags;
}

/// The end of the run of Arabic letters (U+0600..U+067F, two bytes each) from `i` that fold
/// to themselves: most of an Arabic text, read here without the general decoding.
#[inline(always)]
fn skip_plain_arabic(bytes: &[u8], mut i: usize, table: &[CharClass; CLASS_TABLE_LEN]) -> usize {
    while let Some(&[b0, b1]) = bytes.get(i..i + 2) {
        if b0 & 0xFE != 0xD8 {
            break;
        }
        if table[two_byte_char(b0, b1)].flags & CharClass::SAME == 0 {
            break;
        }
        i += 2;
    }
    i
}

/// The code point of a two-byte UTF-8 char from its bytes, below [`CLASS_TABLE_LEN`].
#[inline(always)]
fn two_byte_char(b0: u8, b1: u8) -> usize {
    ((usize::from(b0 & 0x1F) << 6) | usize::from(b1 & 0x3F)) & (CLASS_TABLE_LEN - 1)
}

/// The class and UTF-8 length of the char starting with byte `b` at `i`: one- and two-byte
/// chars (ASCII, Latin, Arabic) straight from the table, longer ones the slow way.
#[inline(always)]
fn decode(
    text: &str,
    bytes: &[u8],
    i: usize,
    b: u8,
    table: &[CharClass; CLASS_TABLE_LEN],
) -> (CharClass, usize) {
    if b < 0x80 {
        (table[usize::from(b)], 1)
    } else if (0xC2..0xE0).contains(&b) {
        let b1 = bytes.get(i + 1).copied().unwrap_or(0);
        (table[two_byte_char(b, b1)], 2)
    } else {
        match text.get(i..).and_then(|s| s.chars().next()) {
            Some(c) => (CharClass::of(c), c.len_utf8()),
            None => (CharClass::of(char::REPLACEMENT_CHARACTER), 1),
        }
    }
}

/// What the tokeniser needs to know about a char: its folded form and flags, precomputed
/// for the chars below [`CLASS_TABLE_LEN`] (ASCII, Latin-1, Arabic) because
/// `char::is_alphanumeric` is a slow table search outside ASCII.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct CharClass {
    /// `fold_char(c)`, meaningful when `WORD` is set.
    folded: char,
    flags: u8,
    /// `classify_gap_char(c)`.
    gap: u8,
}

impl CharClass {
    /// `fold_char(c)` is a letter or digit: the char is part of a word.
    const WORD: u8 = 1;
    /// `fold_char(c)` is `None`.
    const DROPPED: u8 = 2;
    /// `is_haraka(c)`.
    const HARAKA: u8 = 4;
    /// A word char that folds to itself.
    const SAME: u8 = 8;

    fn of(c: char) -> CharClass {
        let folded = fold_char(c);
        let mut flags = 0;
        match folded {
            Some(f) if f.is_alphanumeric() && f == c => flags |= CharClass::WORD | CharClass::SAME,
            Some(f) if f.is_alphanumeric() => flags |= CharClass::WORD,
            Some(_) => {}
            None => flags |= CharClass::DROPPED,
        }
        if is_haraka(c) {
            flags |= CharClass::HARAKA;
        }
        CharClass {
            folded: folded.unwrap_or(c),
            flags,
            gap: classify_gap_char(c),
        }
    }
}

/// Every char of one or two bytes in UTF-8 is below this.
const CLASS_TABLE_LEN: usize = 0x800;

fn class_table() -> &'static [CharClass; CLASS_TABLE_LEN] {
    static TABLE: std::sync::OnceLock<Box<[CharClass; CLASS_TABLE_LEN]>> =
        std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let none = CharClass::of('\0');
        let mut t = Box::new([none; CLASS_TABLE_LEN]);
        for (u, slot) in t.iter_mut().enumerate() {
            if let Some(c) = char::from_u32(u as u32) {
                *slot = CharClass::of(c);
            }
        }
        t
    })
}

fn classify_gap_char(c: char) -> u8 {
    match c {
        '\n' | '\r' | '\u{2028}' | '\u{2029}' => gap::NEWLINE,
        ',' | '،' | '٫' => gap::COMMA,
        '"' | '\'' | '«' | '»' | '“' | '”' | '„' | '‘' | '’' | '`' => gap::QUOTE,
        '-' | '–' | '—' | '\u{0640}' | '‐' | '‒' | '―' => gap::DASH,
        c if c.is_whitespace() || fold_char(c).is_none() => 0,
        _ => gap::PUNCT,
    }
}

/// One reading of a token as proclitics + word.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stem<'a> {
    /// The word without proclitics and without the article.
    pub stem: &'a str,
    /// The word carried the article ال.
    pub article: bool,
    /// Chars of the token before the word as it should be shown: the conjunction and the
    /// preposition, not the article. For the fused لل, whose article has lost its alef, the
    /// preposition ل stays in the shown word (وللناتو → للناتو).
    pub prefix_chars: u8,
    /// The article is fused with the preposition ل (لل).
    pub fused: bool,
}

const CONJUNCTIONS: [[u8; 2]; 2] = [utf8_2('و'), utf8_2('ف')];
const PREPOSITIONS: [[u8; 2]; 3] = [utf8_2('ب'), utf8_2('ل'), utf8_2('ك')];

/// The UTF-8 bytes of a char of two bytes.
const fn utf8_2(c: char) -> [u8; 2] {
    let u = c as u32;
    assert!(u >= 0x80 && u < 0x800);
    [0xC0 | (u >> 6) as u8, 0x80 | (u & 0x3F) as u8]
}
/// A stem shorter than this (in chars) is not a word that names anything.
const MIN_STEM_CHARS: usize = 2;

/// Calls `f` with the readings of `token` in the order of [`stems`] until it returns true;
/// returns whether it did. The same readings as [`stems`], without an iterator's state: for
/// the loops that read every token of a text.
#[inline]
pub fn any_stem<'a>(token: &'a str, mut f: impl FnMut(Stem<'a>) -> bool) -> bool {
    let after_conj = strip_one(token, &CONJUNCTIONS);
    if read_split(token, 0, false, &mut f) {
        return true;
    }
    if let Some(r) = after_conj {
        if read_split(r, 1, false, &mut f) {
            return true;
        }
    }
    if let Some(r) = strip_one(token, &PREPOSITIONS) {
        if read_split(r, 1, token.starts_with('ل'), &mut f) {
            return true;
        }
    }
    if let Some(base) = after_conj {
        if let Some(r) = strip_one(base, &PREPOSITIONS) {
            return read_split(r, 2, base.starts_with('ل'), &mut f);
        }
    }
    false
}

/// The readings of one split of a token (see [`Stems`]), given to `f` until it returns true.
#[inline]
fn read_split<'a>(
    rest: &'a str,
    prefix: u8,
    prep_lam: bool,
    f: &mut impl FnMut(Stem<'a>) -> bool,
) -> bool {
    if let Some(word) = rest.strip_prefix("ال") {
        if long_enough(word) {
            return f(Stem {
                stem: word,
                article: true,
                prefix_chars: prefix,
                fused: false,
            });
        }
    }
    let bare = Stem {
        stem: rest,
        article: false,
        prefix_chars: prefix,
        fused: false,
    };
    if (prefix > 0 || long_enough(rest)) && f(bare) {
        return true;
    }
    // ل + ال is written لل: للناتو is ل + الناتو.
    match rest.strip_prefix('ل') {
        Some(word) if prep_lam && long_enough(word) => f(Stem {
            stem: word,
            article: true,
            prefix_chars: prefix.saturating_sub(1),
            fused: true,
        }),
        _ => false,
    }
}

/// The readings of a normalised token, least stripped first; at most 8.
pub fn stems(token: &str) -> Stems<'_> {
    Stems {
        token,
        after_conj: strip_one(token, &CONJUNCTIONS),
        split: 0,
        fused_next: None,
    }
}

/// The readings of a token (see [`stems`]), computed as they are asked for: a small value,
/// cheap to return and to drop early.
///
/// The token is split four ways, in this order: as it is; without a conjunction; without a
/// preposition; without a conjunction and a preposition. Each split gives its article
/// reading if it has one, else the bare reading and, after the preposition ل, the fused لل
/// reading.
#[derive(Clone, Debug)]
pub struct Stems<'a> {
    token: &'a str,
    after_conj: Option<&'a str>,
    /// The next split to read (0..4).
    split: u8,
    /// The fused reading of the current split, still to be returned.
    fused_next: Option<Stem<'a>>,
}

impl<'a> Stems<'a> {
    /// Split `k`: (rest, chars stripped, the last stripped letter is the preposition ل).
    fn split(&self, k: u8) -> Option<(&'a str, u8, bool)> {
        match k {
            0 => Some((self.token, 0, false)),
            1 => self.after_conj.map(|r| (r, 1, false)),
            2 => strip_one(self.token, &PREPOSITIONS).map(|r| (r, 1, self.token.starts_with('ل'))),
            3 => {
                let base = self.after_conj?;
                strip_one(base, &PREPOSITIONS).map(|r| (r, 2, base.starts_with('ل')))
            }
            _ => None,
        }
    }
}

impl<'a> Iterator for Stems<'a> {
    type Item = Stem<'a>;

    fn next(&mut self) -> Option<Stem<'a>> {
        if let Some(s) = self.fused_next.take() {
            return Some(s);
        }
        while self.split < 4 {
            let k = self.split;
            self.split += 1;
            let Some((rest, prefix, prep_lam)) = self.split(k) else {
                continue;
            };
            if let Some(word) = rest.strip_prefix("ال") {
                if long_enough(word) {
                    return Some(Stem {
                        stem: word,
                        article: true,
                        prefix_chars: prefix,
                        fused: false,
                    });
                }
            }
            // ل + ال is written لل: للناتو is ل + الناتو.
            let fused = rest
                .strip_prefix('ل')
                .filter(|w| prep_lam && long_enough(w))
                .map(|word| Stem {
                    stem: word,
                    article: true,
                    prefix_chars: prefix.saturating_sub(1),
                    fused: true,
                });
            if prefix > 0 || long_enough(rest) {
                self.fused_next = fused;
                return Some(Stem {
                    stem: rest,
                    article: false,
                    prefix_chars: prefix,
                    fused: false,
                });
            }
            if fused.is_some() {
                return fused;
            }
        }
        None
    }
}

/// `s` has at least [`MIN_STEM_CHARS`] (two) chars: it is longer than its first char.
fn long_enough(s: &str) -> bool {
    const _: () = assert!(MIN_STEM_CHARS == 2);
    match s.as_bytes().first() {
        None => false,
        Some(&b) => {
            let first = match b {
                0..=0x7F => 1,
                0x80..=0xDF => 2,
                0xE0..=0xEF => 3,
                _ => 4,
            };
            s.len() > first
        }
    }
}

/// `s` without its first letter when that is one of `letters` (all two bytes in UTF-8) and
/// at least a stem is left.
fn strip_one<'a>(s: &'a str, letters: &[[u8; 2]]) -> Option<&'a str> {
    let first = s.as_bytes().get(..2)?;
    if !letters.iter().any(|l| l == first) {
        return None;
    }
    let rest = s.get(2..)?;
    long_enough(rest).then_some(rest)
}

/// True when a normalised token carries the article, with or without proclitics
/// (`الروسي`, `والأمين`, `للتراث`, `بالقرب`).
pub fn is_definite(token: &str) -> bool {
    stems(token).any(|s| s.article)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::arabic::normalize::normalize;

    fn words(text: &str) -> Vec<String> {
        let t = tokenize(text);
        (0..t.len()).map(|i| t.norm(i).to_string()).collect()
    }

    fn readings(tok: &str) -> Vec<(String, bool)> {
        stems(&normalize(tok))
            .map(|s| (s.stem.to_string(), s.article))
            .collect()
    }

    #[test]
    fn splits_words_and_keeps_spans() {
        let text = "أكد وزير الخارجية الأميركي، أنتوني بلينكن.";
        let t = tokenize(text);
        assert_eq!(
            words(text),
            ["اكد", "وزير", "الخارجيه", "الاميركي", "انتوني", "بلينكن"]
        );
        let tok = t.tokens[5];
        assert_eq!(&text[tok.start as usize..tok.end as usize], "بلينكن");
        assert!(t.tokens[4].gap & gap::COMMA != 0);
        assert!(t.end_gap & gap::PUNCT != 0);
        assert!(t.tokens[0].gap & gap::START != 0);
    }

    #[test]
    fn harakat_and_tatweel_stay_inside_words() {
        assert_eq!(words("عجّلتها أخـــبار فورًا"), ["عجلتها", "اخبار", "فورا"]);
        let t = tokenize("فورًا");
        assert_eq!(t.tokens[0].end as usize, "فورًا".len());
    }

    #[test]
    fn free_standing_tatweel_is_a_dash() {
        let t = tokenize("واشنطن ـ يوسف مكي\nأكدت");
        assert!(t.tokens[1].gap & gap::DASH != 0);
        assert!(t.tokens[3].gap & gap::NEWLINE != 0);
    }

    #[test]
    fn clitic_readings() {
        assert!(readings("ولافروف").contains(&("لافروف".into(), false)));
        assert!(readings("لجونسون").contains(&("جونسون".into(), false)));
        assert!(readings("بروسيا").contains(&("روسيا".into(), false)));
        assert!(readings("للناتو").contains(&("ناتو".into(), true)));
        assert!(readings("فالناتو").contains(&("ناتو".into(), true)));
        assert!(readings("وبلينكن").contains(&("بلينكن".into(), false)));
        assert!(readings("والولايات").contains(&("ولايات".into(), true)));
        // The unstripped reading comes first: بولندا is a word, not ب + ولندا.
        assert_eq!(readings("بولندا")[0], ("بولندا".into(), false));
    }

    #[test]
    fn fused_article_keeps_the_whole_token() {
        let s: Vec<_> = stems("للناتو").filter(|s| s.article).collect();
        assert_eq!((s[0].prefix_chars, s[0].fused), (0, true));
        let s: Vec<_> = stems("وللناتو").filter(|s| s.article).collect();
        assert_eq!((s[0].prefix_chars, s[0].fused), (1, true));
        let s: Vec<_> = stems("بالناتو").filter(|s| s.article).collect();
        assert_eq!(s[0].prefix_chars, 1);
    }

    /// The tokeniser as first written (fold and classify every char), as a reference for
    /// the table-driven one.
    fn tokenize_reference(text: &str) -> Tokens {
        let mut out = Tokens::default();
        let mut gap_flags = gap::START;
        let mut current: Option<Token> = None;
        for (i, c) in text.char_indices() {
            let folded = fold_char(c);
            if let Some(f) = folded.filter(|f| f.is_alphanumeric()) {
                let tok = current.get_or_insert(Token {
                    start: i as u32,
                    end: i as u32,
                    norm_start: out.norm.len() as u32,
                    norm_end: out.norm.len() as u32,
                    gap: std::mem::take(&mut gap_flags),
                });
                out.norm.push(f);
                tok.norm_end = out.norm.len() as u32;
                tok.end = (i + c.len_utf8()) as u32;
                continue;
            }
            if folded.is_none() {
                if let Some(tok) = current.as_mut() {
                    if is_haraka(c) && tok.end as usize == i {
                        tok.end = (i + c.len_utf8()) as u32;
                    }
                    continue;
                }
            }
            if let Some(tok) = current.take() {
                out.tokens.push(tok);
            }
            gap_flags |= classify_gap_char(c);
        }
        if let Some(tok) = current.take() {
            out.tokens.push(tok);
        }
        out.end_gap = gap_flags;
        out
    }

    /// The readings as first written (count chars, collect into options), as a reference.
    fn stems_reference(token: &str) -> Vec<Stem<'_>> {
        let long = |s: &str| s.chars().count() >= MIN_STEM_CHARS;
        let strip = |s: &'static str, letters: &[char]| -> Option<&'static str> {
            let c = s.chars().next()?;
            let rest = &s[c.len_utf8()..];
            (letters.contains(&c) && long(rest)).then_some(rest)
        };
        const CONJUNCTIONS: [char; 2] = ['و', 'ف'];
        const PREPOSITIONS: [char; 3] = ['ب', 'ل', 'ك'];
        let token: &'static str = Box::leak(token.to_string().into_boxed_str());
        let mut splits = vec![(token, 0u8, false)];
        let after_conj = strip(token, &CONJUNCTIONS);
        if let Some(r) = after_conj {
            splits.push((r, 1, false));
        }
        for (base, stripped) in [(Some(token), 0u8), (after_conj, 1)] {
            if let Some(r) = base.and_then(|b| strip(b, &PREPOSITIONS)) {
                splits.push((r, stripped + 1, base.is_some_and(|b| b.starts_with('ل'))));
            }
        }
        let mut out = Vec::new();
        for (rest, prefix, prep_lam) in splits {
            let stem = |stem, article, prefix_chars, fused| Stem {
                stem,
                article,
                prefix_chars,
                fused,
            };
            if let Some(word) = rest.strip_prefix("ال").filter(|w| long(w)) {
                out.push(stem(word, true, prefix, false));
                continue;
            }
            if prefix > 0 || long(rest) {
                out.push(stem(rest, false, prefix, false));
            }
            if let Some(word) = rest.strip_prefix('ل').filter(|w| prep_lam && long(w)) {
                out.push(stem(word, true, prefix.saturating_sub(1), true));
            }
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn table_tokeniser_matches_reference(s in "[\\u{0600}-\\u{06FF}\\u{0750}-\\u{077F}\\u{FB50}-\\u{FEFF}\\u{2000}-\\u{206F} a-zA-Z0-9.,;:«»\"'\\n\\-–_\\u{00A0}-\\u{00FF}]*") {
            let a = tokenize(&s);
            let b = tokenize_reference(&s);
            proptest::prop_assert_eq!((&a.norm, &a.tokens, a.end_gap), (&b.norm, &b.tokens, b.end_gap));
        }

        #[test]
        fn tokeniser_matches_reference_on_any_text(s in "\\PC*") {
            let a = tokenize(&s);
            let b = tokenize_reference(&s);
            proptest::prop_assert_eq!((&a.norm, &a.tokens, a.end_gap), (&b.norm, &b.tokens, b.end_gap));
        }

        #[test]
        fn stems_match_reference(s in "[وفبلكال]{0,5}[\\u{0620}-\\u{064A}]{0,4}") {
            let a: Vec<_> = stems(&s).collect();
            let mut b = Vec::new();
            any_stem(&s, |st| {
                b.push(st);
                false
            });
            proptest::prop_assert_eq!(&a, &stems_reference(&s));
            proptest::prop_assert_eq!(&b, &a);
        }

        #[test]
        fn tokenizing_from_a_token_gives_the_same_tokens(
            s in "[\\u{0620}-\\u{064A}\\u{064B}\\u{0640} a-z0-9.,«»\\n\\-]*",
            k in 0usize..20,
            n in 1usize..5,
        ) {
            let all = tokenize(&s);
            if let Some(t) = all.tokens.get(k) {
                let mut part = Tokens::default();
                tokenize_from(&s, t.start as usize, n, &mut part);
                let want = all.tokens.len().saturating_sub(k).min(n);
                proptest::prop_assert_eq!(part.len(), want);
                for j in 0..want {
                    let (a, b) = (all.tokens[k + j], part.tokens[j]);
                    proptest::prop_assert_eq!((a.start, a.end), (b.start, b.end));
                    proptest::prop_assert_eq!(all.norm(k + j), part.norm(j));
                    if j > 0 {
                        proptest::prop_assert_eq!(a.gap, b.gap);
                    }
                }
                proptest::prop_assert_eq!(part.end_gap, all.gap_before(k + want));
            }
        }
    }

    #[test]
    fn class_table_matches_direct_classification() {
        let table = class_table();
        assert_eq!(table.len(), CLASS_TABLE_LEN);
        for (u, cls) in table.iter().enumerate() {
            let c = char::from_u32(u as u32).unwrap();
            assert_eq!(*cls, CharClass::of(c), "{u:#x}");
        }
    }

    #[test]
    fn definite_tokens() {
        assert!(is_definite("الروسي"));
        assert!(is_definite("والامين"));
        assert!(is_definite("للتراث"));
        assert!(!is_definite("بلينكن"));
    }
}

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
    out.norm.clear();
    out.tokens.clear();
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
            // Harakat, tatweel and invisible characters do not break a word; a haraka after
            // the last letter belongs to the word's surface form.
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

const CONJUNCTIONS: [char; 2] = ['و', 'ف'];
const PREPOSITIONS: [char; 3] = ['ب', 'ل', 'ك'];
/// A stem shorter than this (in chars) is not a word that names anything.
const MIN_STEM_CHARS: usize = 2;

/// The readings of a normalised token, least stripped first; at most 8.
pub fn stems<'a>(token: &'a str) -> impl Iterator<Item = Stem<'a>> {
    let mut out: [Option<Stem<'a>>; 8] = [None; 8];
    let mut n = 0;
    let mut push = |s: Stem<'a>| {
        if let Some(slot) = out.get_mut(n) {
            *slot = Some(s);
            n += 1;
        }
    };
    for (rest, prefix, prep_lam) in prefix_splits(token) {
        read_article(rest, prefix, prep_lam, &mut push);
    }
    out.into_iter().flatten()
}

/// (rest, chars stripped, the last stripped letter is the preposition ل).
fn prefix_splits(token: &str) -> impl Iterator<Item = (&str, u8, bool)> {
    let mut out: [Option<(&str, u8, bool)>; 4] = [None; 4];
    out[0] = Some((token, 0, false));
    let mut n = 1;
    let after_conj = strip_one(token, &CONJUNCTIONS);
    if let Some(r) = after_conj {
        out[n] = Some((r, 1, false));
        n += 1;
    }
    for (base, stripped) in [(Some(token), 0u8), (after_conj, 1)] {
        let Some(base) = base else { continue };
        if let Some(r) = strip_one(base, &PREPOSITIONS) {
            if let Some(slot) = out.get_mut(n) {
                *slot = Some((r, stripped + 1, base.starts_with('ل')));
                n += 1;
            }
        }
    }
    out.into_iter().flatten()
}

fn strip_one<'a>(s: &'a str, letters: &[char]) -> Option<&'a str> {
    let c = s.chars().next()?;
    if !letters.contains(&c) {
        return None;
    }
    let rest = &s[c.len_utf8()..];
    (rest.chars().count() >= MIN_STEM_CHARS).then_some(rest)
}

fn read_article<'a>(rest: &'a str, prefix: u8, prep_lam: bool, push: &mut impl FnMut(Stem<'a>)) {
    if let Some(word) = rest.strip_prefix("ال") {
        if word.chars().count() >= MIN_STEM_CHARS {
            push(Stem {
                stem: word,
                article: true,
                prefix_chars: prefix,
                fused: false,
            });
            return;
        }
    }
    if prefix > 0 || rest.chars().count() >= MIN_STEM_CHARS {
        push(Stem {
            stem: rest,
            article: false,
            prefix_chars: prefix,
            fused: false,
        });
    }
    // ل + ال is written لل: للناتو is ل + الناتو.
    if prep_lam {
        if let Some(word) = rest.strip_prefix('ل') {
            if word.chars().count() >= MIN_STEM_CHARS {
                push(Stem {
                    stem: word,
                    article: true,
                    prefix_chars: prefix.saturating_sub(1),
                    fused: true,
                });
            }
        }
    }
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

    #[test]
    fn definite_tokens() {
        assert!(is_definite("الروسي"));
        assert!(is_definite("والامين"));
        assert!(is_definite("للتراث"));
        assert!(!is_definite("بلينكن"));
    }
}

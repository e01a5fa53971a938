//! Features of the tagger, as 64-bit hashes.
//!
//! A word type gives features with a mask of the window offsets they are used at (the word
//! itself everywhere, its letters' prefixes only at the centre); a feature at offset `k` is
//! the hash mixed with `k`. Position features (separators around the token, the gazetteer
//! phrase tags of the token and its neighbours) are computed per token.

use std::hash::Hasher;

use super::Lexicon;
use crate::arabic::tokens::{gap, stems, Tokens};
use crate::entities::phrases::FxHasher;

use super::model::Model;

/// Offsets -2..=2 as bits 0..=4.
const ALL: u8 = 0b11111;
const NEAR: u8 = 0b01110;
const CENTRE: u8 = 0b00100;

// Template ids: each feature hash starts with one, so values of two templates never meet.
const T_WORD: u8 = 1;
const T_STEM: u8 = 2;
const T_CLITICS: u8 = 3;
const T_PREFIX: u8 = 4;
const T_SUFFIX: u8 = 8;
const T_WORD_SUFFIX: u8 = 12;
const T_SHAPE: u8 = 13;
const T_BAND: u8 = 14;
const T_STEM_BAND: u8 = 15;
const T_CLUSTER: u8 = 16;
const T_STEM_CLUSTER: u8 = 24;
const T_LEX: u8 = 32;
const T_PAD: u8 = 33;
const T_GAZ_WORD: u8 = 34;
const T_BIGRAM: u8 = 46;
const T_ARTICLE_RATE: u8 = 35;
const T_GAP_BEFORE: u8 = 40;
const T_GAP_AFTER: u8 = 41;
const T_GAZ: u8 = 42;
const T_BIAS: u8 = 45;

/// Cluster path prefixes used as features, in bits (the full path too).
const CLUSTER_PREFIXES: [u8; 4] = [4, 8, 12, 16];

fn hash(template: u8, value: &[u8]) -> u64 {
    let mut h = FxHasher::default();
    h.write_u8(template);
    h.write(value);
    h.finish()
}

/// The feature `h` at window offset index `k` (0..5 for -2..=2).
pub(crate) fn at_offset(h: u64, k: usize) -> u64 {
    (h ^ ((k as u64 + 1) << 59)).wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

/// The features of the padding outside the text.
pub(crate) fn pad_features(out: &mut Vec<(u64, u8)>) {
    out.push((hash(T_PAD, b""), ALL));
}

/// The reading of a normalised word used for its stem features: the one with the article
/// if any, else the bare reading most frequent in the unlabeled news (ties: least stripped).
/// Returns the stem and the clitics taken off, as written.
pub(crate) fn best_reading<'a>(model: &Model, w: &'a str) -> (&'a str, &'a str, bool) {
    let mut best: Option<(&str, usize, bool, u8)> = None;
    for s in stems(w) {
        if s.article {
            let stripped = w.len() - s.stem.len();
            return (s.stem, &w[..stripped], true);
        }
        let band = model.word(s.stem).band;
        if best.is_none_or(|(_, _, _, b)| band > b) {
            best = Some((s.stem, w.len() - s.stem.len(), false, band));
        }
    }
    match best {
        Some((stem, stripped, article, _)) => (stem, &w[..stripped], article),
        None => (w, "", false),
    }
}

/// The type features of a normalised word.
pub(crate) fn type_features(ex: &dyn Lexicon, model: &Model, w: &str, out: &mut Vec<(u64, u8)>) {
    out.push((hash(T_WORD, w.as_bytes()), ALL));
    let (stem, clitics, article) = best_reading(model, w);
    out.push((hash(T_STEM, stem.as_bytes()), ALL));
    let mut sig = clitics.to_string();
    if article {
        sig.push('+');
    }
    out.push((hash(T_CLITICS, sig.as_bytes()), NEAR));
    let chars: Vec<char> = stem.chars().collect();
    for n in 1..=4usize.min(chars.len()) {
        let pre: String = chars[..n].iter().collect();
        let suf: String = chars[chars.len() - n..].iter().collect();
        out.push((hash(T_PREFIX + n as u8 - 1, pre.as_bytes()), CENTRE));
        let near = if n <= 2 { NEAR } else { CENTRE };
        out.push((hash(T_SUFFIX + n as u8 - 1, suf.as_bytes()), near));
    }
    let wchars: Vec<char> = w.chars().collect();
    if wchars.len() >= 3 {
        let suf: String = wchars[wchars.len() - 3..].iter().collect();
        out.push((hash(T_WORD_SUFFIX, suf.as_bytes()), CENTRE));
    }
    out.push((hash(T_SHAPE, shape(w).as_bytes()), NEAR));
    let info = model.word(w);
    out.push((hash(T_BAND, &[info.band]), NEAR));
    out.push((hash(T_STEM_BAND, &[model.word(stem).band]), CENTRE));
    cluster_features(T_CLUSTER, info.depth, info.path, NEAR, out);
    let si = model.word(stem);
    cluster_features(T_STEM_CLUSTER, si.depth, si.path, CENTRE, out);
    for bit in 0..6u8 {
        if (info.gaz | si.gaz) & (1 << bit) != 0 {
            out.push((hash(T_GAZ_WORD, &[bit]), NEAR));
        }
    }
    // Names seldom take the article: how much more often the unlabeled news writes the
    // stem bare than with ال (Arabic has no capitals; this is the nearest cue).
    if !article && si.band > 0 {
        let with = model.word(&format!("ال{stem}")).band;
        let rate = (i16::from(si.band) - i16::from(with)).clamp(-3, 8) as i8;
        out.push((hash(T_ARTICLE_RATE, &[rate as u8]), NEAR));
    }
    let flags = ex.lex_flags(w);
    for bit in 0..16u8 {
        if flags & (1 << bit) != 0 {
            out.push((hash(T_LEX, &[bit]), ALL));
        }
    }
}

fn cluster_features(template: u8, depth: u8, path: u32, mask: u8, out: &mut Vec<(u64, u8)>) {
    if depth == 0 {
        return;
    }
    for (n, &bits) in CLUSTER_PREFIXES.iter().enumerate() {
        let bits = bits.min(depth);
        let prefix = if bits >= 32 {
            path
        } else {
            path & ((1 << bits) - 1)
        };
        let mut v = prefix.to_le_bytes().to_vec();
        v.push(bits);
        // The shortest prefix is also used around the centre.
        let m = if n == 0 { mask | NEAR } else { mask };
        out.push((hash(template + n as u8, &v), m));
        if bits == depth {
            break;
        }
    }
}

/// The shape of a word: its letters' script and its length in chars, bucketed.
fn shape(w: &str) -> String {
    let mut arabic = false;
    let mut latin = false;
    let mut digit = false;
    let mut n = 0;
    for c in w.chars() {
        n += 1;
        match c {
            '0'..='9' => digit = true,
            'a'..='z' => latin = true,
            '\u{0600}'..='\u{06FF}' => arabic = true,
            _ => {}
        }
    }
    let len = match n {
        0..=2 => "s",
        3..=4 => "m",
        5..=7 => "l",
        _ => "x",
    };
    format!(
        "{}{}{}{len}",
        if arabic { "a" } else { "" },
        if latin { "l" } else { "" },
        if digit { "d" } else { "" }
    )
}

/// The position features of token `i`: the word pairs it is in, then its context (see
/// [`context_keys`]).
pub(crate) fn position_keys(toks: &Tokens, gaz: &[u8], i: usize, out: &mut Vec<u64>) {
    bigram_keys(toks, i, out);
    context_keys(context(toks, gaz, i), out);
}

/// The word pairs of token `i`: the previous word with this one, this one with the next.
pub(crate) fn bigram_keys(toks: &Tokens, i: usize, out: &mut Vec<u64>) {
    for (k, j) in [(0u8, i.checked_sub(1)), (1, Some(i))] {
        if let Some(j) = j.filter(|&j| j + 1 < toks.len()) {
            let mut h = FxHasher::default();
            h.write_u8(T_BIGRAM + k);
            h.write(toks.norm(j).as_bytes());
            h.write_u8(0);
            h.write(toks.norm(j + 1).as_bytes());
            out.push(h.finish());
        }
    }
}

/// What the context features of token `i` depend on, packed: the separators before and
/// after it and the gazetteer phrase tags (`gaz`, 0 for none) of it and its neighbours.
/// Few values occur, so the tagger caches their scores.
pub(crate) fn context(toks: &Tokens, gaz: &[u8], i: usize) -> u64 {
    let tag = |j: Option<usize>| u64::from(j.and_then(|j| gaz.get(j)).copied().unwrap_or(0));
    u64::from(toks.gap_before(i))
        | u64::from(toks.gap_before(i + 1)) << 8
        | tag(i.checked_sub(1)) << 16
        | tag(Some(i)) << 24
        | tag(Some(i + 1)) << 32
}

/// The context features of a packed [`context`]: a bias, separators, gazetteer tags.
pub(crate) fn context_keys(ctx: u64, out: &mut Vec<u64>) {
    out.push(hash(T_BIAS, b""));
    let before = ctx as u8;
    let after = (ctx >> 8) as u8;
    for bit in 0..8u8 {
        if before & (1 << bit) != 0 {
            out.push(hash(T_GAP_BEFORE, &[bit]));
        }
        if after & (1 << bit) != 0 {
            out.push(hash(T_GAP_AFTER, &[bit]));
        }
    }
    if before & (gap::HARD | gap::START) == 0 && after & gap::HARD == 0 {
        out.push(hash(T_GAP_BEFORE, b"inside"));
    }
    for k in 0..3u8 {
        let t = (ctx >> (16 + 8 * k)) as u8;
        if t != 0 {
            out.push(hash(T_GAZ + k, &[t]));
        }
    }
}

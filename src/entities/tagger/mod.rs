//! The learned tagger: an averaged structured perceptron over BIO tags of PER, LOC and ORG,
//! decoded with Viterbi.
//!
//! Why a perceptron written here rather than a CRF crate: it trains in minutes on two cores,
//! is a few hundred lines with no C dependency, and its model is ours to lay out. Every
//! feature depends on one token at one offset of the ±2 window (or on the position alone:
//! separators, gazetteer phrase tags), so a token's score vector is the sum of five cached
//! per-word-type vectors and a few position lookups, then a 7x7 Viterbi step.

mod clusters;
mod features;
mod model;
pub mod train;

pub use model::{Model, ModelError};

/// What the tagger asks of the word lists it is given (the extractor's, from
/// `data/entity_patterns.toml`): a trait, so that the tagger does not depend on extraction.
pub(crate) trait Lexicon {
    /// Bit flags of the word lists `w` is in (titles, head words, first names…).
    fn lex_flags(&self, w: &str) -> u16;
}

use crate::arabic::tokens::{gap, Tokens};
use crate::entities::phrases::FxMap;

use super::EntityKind;

/// O, B-PER, I-PER, B-LOC, I-LOC, B-ORG, I-ORG.
pub const TAGS: usize = 7;
pub(crate) const O: u8 = 0;

/// Offsets of the window, -2..=2.
pub(crate) const WINDOW: usize = 5;

/// The tag that begins a span of this kind.
pub(crate) fn begin_tag(kind: EntityKind) -> u8 {
    match kind {
        EntityKind::Per => 1,
        EntityKind::Loc => 3,
        EntityKind::Org => 5,
    }
}

/// The kind of a tag, and whether it begins a span.
pub(crate) fn tag_kind(tag: u8) -> Option<(EntityKind, bool)> {
    let kind = match tag {
        1 | 2 => EntityKind::Per,
        3 | 4 => EntityKind::Loc,
        5 | 6 => EntityKind::Org,
        _ => return None,
    };
    Some((kind, tag % 2 == 1))
}

/// `next` may follow `prev` (`None`: the start): an I- tag only continues its own kind.
pub(crate) fn allowed(prev: Option<u8>, next: u8) -> bool {
    match tag_kind(next) {
        Some((kind, false)) => prev.is_some_and(|p| tag_kind(p).is_some_and(|(k, _)| k == kind)),
        _ => true,
    }
}

/// A span the tagger found: tokens `start..end`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Span {
    pub start: usize,
    pub end: usize,
    pub kind: EntityKind,
}

/// The spans of a tag sequence.
pub(crate) fn spans(tags: &[u8]) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::new();
    for (i, &t) in tags.iter().enumerate() {
        match tag_kind(t) {
            Some((kind, false)) if out.last().is_some_and(|s| s.end == i && s.kind == kind) => {
                if let Some(s) = out.last_mut() {
                    s.end = i + 1;
                }
            }
            Some((kind, _)) => out.push(Span {
                start: i,
                end: i + 1,
                kind,
            }),
            None => {}
        }
    }
    out
}

/// Per-thread buffers of the tagger: the score vectors of the word types seen so far.
#[derive(Default)]
pub(crate) struct TagScratch {
    types: FxMap<Box<str>, u32>,
    contexts: FxMap<u64, [f32; TAGS]>,
    vectors: Vec<[[f32; TAGS]; WINDOW]>,
    ids: Vec<u32>,
    scores: Vec<[f32; TAGS]>,
    back: Vec<[u8; TAGS]>,
    feats: Vec<(u64, u8)>,
    pos: Vec<u64>,
    breaks: Vec<bool>,
    pub tags: Vec<u8>,
}

/// Word types cached per thread before the cache is cleared (about 140 bytes each).
const MAX_CACHED_TYPES: usize = 100_000;
/// The id of the padding type, outside the text.
const PAD: u32 = 0;

impl TagScratch {
    /// The cached vectors of a word type, computed on first sight.
    fn type_id(&mut self, ex: &dyn Lexicon, model: &Model, w: &str) -> u32 {
        if let Some(&id) = self.types.get(w) {
            return id;
        }
        if self.vectors.len() >= MAX_CACHED_TYPES {
            self.types.clear();
            self.vectors.truncate(1);
        }
        self.feats.clear();
        features::type_features(ex, model, w, &mut self.feats);
        let v = type_vectors(model, &self.feats);
        let id = self.vectors.len() as u32;
        self.vectors.push(v);
        self.types.insert(w.into(), id);
        id
    }

    /// The summed scores of a packed context ([`features::context`]), cached: a text has
    /// only a few dozen distinct ones.
    fn context_scores(&mut self, model: &Model, ctx: u64) -> [f32; TAGS] {
        if let Some(v) = self.contexts.get(&ctx) {
            return *v;
        }
        self.pos.clear();
        features::context_keys(ctx, &mut self.pos);
        let mut v = [0.0; TAGS];
        for h in &self.pos {
            if let Some(w) = model.weights.get(h) {
                for (a, b) in v.iter_mut().zip(w) {
                    *a += b;
                }
            }
        }
        self.contexts.insert(ctx, v);
        v
    }

    fn ensure_pad(&mut self, model: &Model) {
        if self.vectors.is_empty() {
            self.feats.clear();
            features::pad_features(&mut self.feats);
            let v = type_vectors(model, &self.feats);
            self.vectors.push(v);
        }
    }
}

/// The score vectors of a word type at each offset of the window.
fn type_vectors(model: &Model, feats: &[(u64, u8)]) -> [[f32; TAGS]; WINDOW] {
    let mut v = [[0.0; TAGS]; WINDOW];
    for (k, vk) in v.iter_mut().enumerate() {
        for &(h, mask) in feats {
            if mask & (1 << k) == 0 {
                continue;
            }
            if let Some(w) = model.weights.get(&features::at_offset(h, k)) {
                for (a, b) in vk.iter_mut().zip(w) {
                    *a += b;
                }
            }
        }
    }
    v
}

/// Tags the tokens of a text; `gaz` holds each token's gazetteer phrase tag (see
/// [`features::position_keys`]). The tags are left in `s.tags`.
pub(crate) fn tag(ex: &dyn Lexicon, model: &Model, toks: &Tokens, gaz: &[u8], s: &mut TagScratch) {
    s.ensure_pad(model);
    s.ids.clear();
    for i in 0..toks.len() {
        let id = s.type_id(ex, model, toks.norm(i));
        s.ids.push(id);
    }
    s.scores.clear();
    for i in 0..toks.len() {
        let mut score = [0.0; TAGS];
        for k in 0..WINDOW {
            let id = (i + k)
                .checked_sub(2)
                .and_then(|j| s.ids.get(j))
                .copied()
                .unwrap_or(PAD);
            if let Some(v) = s.vectors.get(id as usize) {
                for (a, b) in score.iter_mut().zip(&v[k]) {
                    *a += b;
                }
            }
        }
        let ctx = s.context_scores(model, features::context(toks, gaz, i));
        for (a, b) in score.iter_mut().zip(&ctx) {
            *a += b;
        }
        s.pos.clear();
        features::bigram_keys(toks, i, &mut s.pos);
        for h in &s.pos {
            if let Some(w) = model.weights.get(h) {
                for (a, b) in score.iter_mut().zip(w) {
                    *a += b;
                }
            }
        }
        s.scores.push(score);
    }
    breaks(toks, &mut s.breaks);
    viterbi(&model.trans, &s.scores, &s.breaks, &mut s.back, &mut s.tags);
}

/// For each token, whether punctuation, a quote or a line break comes before it: no name
/// goes on across one (محمود عباس (أبو مازن) is two names).
pub(crate) fn breaks(toks: &Tokens, out: &mut Vec<bool>) {
    out.clear();
    out.extend((0..toks.len()).map(|i| toks.gap_before(i) & gap::HARD != 0));
}

/// The best tag sequence under the BIO constraints; at a break (see [`breaks`]) a name
/// cannot go on.
pub(crate) fn viterbi(
    trans: &[[f32; TAGS]; TAGS + 1],
    scores: &[[f32; TAGS]],
    breaks: &[bool],
    back: &mut Vec<[u8; TAGS]>,
    out: &mut Vec<u8>,
) {
    out.clear();
    back.clear();
    let Some(first) = scores.first() else {
        return;
    };
    let mut best = [f32::NEG_INFINITY; TAGS];
    for (t, b) in best.iter_mut().enumerate() {
        if allowed(None, t as u8) {
            *b = first[t] + trans[TAGS][t];
        }
    }
    back.push([0; TAGS]);
    for (i, score) in scores.iter().enumerate().skip(1) {
        let at_break = breaks.get(i).copied().unwrap_or(false);
        let mut next = [f32::NEG_INFINITY; TAGS];
        let mut from = [0u8; TAGS];
        for (t, n) in next.iter_mut().enumerate() {
            if at_break && !allowed(None, t as u8) {
                continue;
            }
            for (p, &bp) in best.iter().enumerate() {
                if bp == f32::NEG_INFINITY || !allowed(Some(p as u8), t as u8) {
                    continue;
                }
                let v = bp + trans[p][t];
                if v > *n {
                    *n = v;
                    from[t] = p as u8;
                }
            }
            *n += score[t];
        }
        back.push(from);
        best = next;
    }
    let mut t = (0..TAGS)
        .max_by(|&a, &b| best[a].total_cmp(&best[b]).then(b.cmp(&a)))
        .unwrap_or(0) as u8;
    out.resize(scores.len(), O);
    for i in (0..scores.len()).rev() {
        out[i] = t;
        t = back[i][t as usize];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_follow_bio() {
        // B-PER I-PER O B-LOC B-LOC I-LOC
        let s = spans(&[1, 2, 0, 3, 3, 4]);
        assert_eq!(
            s,
            vec![
                Span {
                    start: 0,
                    end: 2,
                    kind: EntityKind::Per
                },
                Span {
                    start: 3,
                    end: 4,
                    kind: EntityKind::Loc
                },
                Span {
                    start: 4,
                    end: 6,
                    kind: EntityKind::Loc
                },
            ]
        );
    }

    #[test]
    fn viterbi_never_starts_a_span_with_an_inside_tag() {
        let trans = [[0.0; TAGS]; TAGS + 1];
        // I-PER scores highest everywhere, but may not start nor follow O.
        let scores = vec![[0.0, 1.0, 5.0, 0.0, 0.0, 0.0, 0.0]; 3];
        let (mut back, mut out) = (Vec::new(), Vec::new());
        viterbi(&trans, &scores, &[], &mut back, &mut out);
        assert_eq!(out, vec![1, 2, 2]);
        // Punctuation before the third token: the name ends there.
        viterbi(&trans, &scores, &[false, false, true], &mut back, &mut out);
        assert_eq!(out, vec![1, 2, 1]);
    }
}

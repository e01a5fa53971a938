//! Per-document extraction: gazetteer matching, then discovery of new names from context
//! patterns. Runs on one text at a time and shares nothing mutable, so documents can be
//! processed in parallel; corpus-level linking is in `link.rs`.

use crate::arabic::normalize::{fold_char, normalize};
use crate::arabic::tokens::{any_stem, is_definite, stems, tokenize_into, Tokens};

use std::sync::Arc;

use super::gazetteer::Gazetteer;
use super::phrases::{FxMap, PhraseIndex, WordSet};
use super::tagger::{self, Model, TagScratch};
use super::{EntityKind, Field};

/// Head word flags: what a word introduces.
const HEAD_PER: u8 = 1;
const HEAD_ORG: u8 = 2;
const HEAD_ORG_QUOTE: u8 = 4;
const HEAD_LOC: u8 = 8;

const NOT_COVERED: u32 = u32::MAX;

/// A gazetteer entity as the extractor knows it.
#[derive(Clone, Debug)]
pub(crate) struct Def {
    pub id: String,
    pub kind: EntityKind,
    pub name: String,
    pub name_en: Option<String>,
}

/// What a mention refers to before corpus linking.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Target {
    /// Index into the extractor's gazetteer entities.
    Known(u32),
    /// A discovered name: its kind and key (normalised words; nationality adjectives replaced
    /// by the country id so that spelling variants meet).
    New { kind: EntityKind, key: Box<str> },
}

/// A mention found in one text, before linking.
#[derive(Clone, Debug)]
pub(crate) struct RawMention {
    pub field: Field,
    pub start: u32,
    pub end: u32,
    /// Number of words of the mention (a surname can only come from a longer name).
    pub words: u8,
    /// The surface form is a spelling worth listing as an alias (not a fused لل form).
    pub alias: bool,
    /// A full name whose last word may link later bare mentions of the surname.
    pub linkable: bool,
    pub target: Target,
    /// For a linkable person's full name: its last word, normalised, when it can stand for
    /// the person later (set by [`Extractor::find_surnames`]).
    pub surname: Option<Box<str>>,
}

/// Reusable per-thread buffers.
#[derive(Default)]
pub(crate) struct Scratch {
    pub toks: Tokens,
    /// For each token, the index of the mention covering it, or `NOT_COVERED`.
    cover: Vec<u32>,
    /// For each token: a reading of it may start a gazetteer phrase.
    maybe: Vec<bool>,
    pub(crate) tag: TagScratch,
}

/// How many frequency bands (powers of two) more common a word must be without a
/// conjunction for the conjunction to be taken off a name.
const PROCLITIC_BANDS: u8 = 2;

/// Finds entity mentions in texts. Build once, share across threads (it is `Send + Sync`).
pub struct Extractor {
    pub(crate) defs: Vec<Def>,
    gaz: PhraseIndex<u32>,
    heads: PhraseIndex<u8>,
    title_words: WordSet,
    stopwords: WordSet,
    verbs: WordSet,
    given_names: WordSet,
    place_prefixes: WordSet,
    name_particles: WordSet,
    not_surnames: WordSet,
    /// Nationality adjective forms (without the article) → gazetteer entity of the country.
    adjectives: FxMap<Box<str>, u32>,
    /// The learned tagger that finds the spans.
    pub(crate) model: Arc<Model>,
}

impl Extractor {
    /// An extractor with the built-in tagger model.
    pub fn new(g: &Gazetteer) -> Extractor {
        Extractor::with_model(g, Model::builtin())
    }

    /// An extractor with another tagger model (`--ner-model`).
    pub fn with_model(g: &Gazetteer, model: Arc<Model>) -> Extractor {
        let p = &g.patterns;
        let stopwords = WordSet::new(&p.stopwords);
        let mut gaz = PhraseIndex::default();
        let mut adjectives = FxMap::default();
        let mut defs = Vec::with_capacity(g.entities.len());
        for (n, e) in g.entities.iter().enumerate() {
            let n = n as u32;
            // The display name counts as a spelling only when no aliases are given: a
            // capital shown as تونس is matched as تونس العاصمة, the bare word is the country.
            let names = if e.aliases.is_empty() {
                std::slice::from_ref(&e.name)
            } else {
                &e.aliases[..]
            };
            for a in names {
                // A one-word alias that is a common word (مالي) would flood the facets.
                if !stopwords.contains(&normalize(a.trim())) {
                    gaz.insert(a, n);
                }
            }
            for adj in &e.adjectives {
                let base = normalize(adj.trim());
                for suffix in ["", "ه", "ين", "ون", "ان"] {
                    adjectives.insert(format!("{base}{suffix}").into_boxed_str(), n);
                }
            }
            defs.push(Def {
                id: e.id.clone(),
                kind: e.kind,
                name: e.name.clone(),
                name_en: e.name_en.clone(),
            });
        }
        Extractor {
            defs,
            gaz,
            heads: head_index(g),
            title_words: WordSet::new(&p.title_words),
            stopwords,
            verbs: WordSet::new(&p.verbs),
            given_names: WordSet::new(&p.given_names),
            place_prefixes: WordSet::new(&p.place_prefixes),
            name_particles: WordSet::new(&p.name_particles),
            not_surnames: WordSet::new(&p.not_surnames),
            adjectives,
            model,
        }
    }

    /// The lexical cues of a normalised word, as bits: word lists of `entity_patterns.toml`
    /// (first names, titles, heads, function words), nationality adjectives, the article.
    /// The tagger uses them as features; the bits' order is part of its model.
    pub(crate) fn lex_flags(&self, w: &str) -> u16 {
        let heads = self.heads.word_value(w).unwrap_or(0);
        let bits = [
            self.given_names.contains(w),
            self.title_words.contains(w),
            self.stopwords.contains(w),
            self.verbs.contains(w),
            heads & HEAD_PER != 0,
            heads & HEAD_ORG != 0,
            heads & HEAD_ORG_QUOTE != 0,
            heads & HEAD_LOC != 0,
            self.place_prefixes.contains(w),
            self.name_particles.contains(w),
            self.not_surnames.contains(w),
            self.adjective_country(w).is_some(),
            is_definite(w),
            nisba_like(w),
        ];
        bits.iter()
            .enumerate()
            .fold(0, |f, (n, &b)| if b { f | 1 << n } else { f })
    }

    /// For each token, the tagger tag of the gazetteer phrase covering it (B- on its first
    /// word), or 0: longest phrases first, as [`Ctx::match_gazetteer`] reads them.
    pub(crate) fn gazetteer_tags(&self, toks: &Tokens) -> Vec<u8> {
        let mut out = vec![0u8; toks.len()];
        let mut i = 0;
        while i < toks.len() {
            let hit = self.gaz.longest_at(toks, i);
            let Some((h, def)) = hit.and_then(|h| Some((h, self.defs.get(h.value as usize)?)))
            else {
                i += 1;
                continue;
            };
            let b = tagger::begin_tag(def.kind);
            for (k, t) in out.iter_mut().skip(i).take(h.len).enumerate() {
                *t = if k == 0 { b } else { b + 1 };
            }
            i += h.len;
        }
        out
    }

    /// Finds the mentions of one text and appends them to `out`, sorted by position.
    pub(crate) fn extract_field(
        &self,
        text: &str,
        field: Field,
        scratch: &mut Scratch,
        out: &mut Vec<RawMention>,
    ) {
        tokenize_into(text, &mut scratch.toks);
        scratch.cover.clear();
        scratch.cover.resize(scratch.toks.len(), NOT_COVERED);
        // Read each token's clitics once; most words of a text start no phrase and are
        // never looked up.
        let toks = &scratch.toks;
        scratch.maybe.clear();
        for i in 0..toks.len() {
            let may = any_stem(toks.norm(i), |s| {
                self.gaz.may_start(PhraseIndex::<u32>::filter_hash(s.stem))
            });
            scratch.maybe.push(may);
        }
        let mut ctx = Ctx {
            ex: self,
            text,
            field,
            toks: &scratch.toks,
            cover: &mut scratch.cover,
            maybe: &scratch.maybe,
            found: Vec::new(),
        };
        ctx.match_gazetteer();
        ctx.apply_tagger(&mut scratch.tag);
        let mut found = ctx.found;
        found.sort_by_key(|m| m.start);
        out.extend(found);
    }

    /// Sets the surname of each full person name of a text (see [`RawMention::surname`]), so
    /// that the serial linking pass does no text work.
    pub(crate) fn find_surnames(&self, title: &str, body: &str, found: &mut [RawMention]) {
        for m in found.iter_mut().filter(|m| m.words >= 2 && m.linkable) {
            if self.kind_of(&m.target) != Some(EntityKind::Per) {
                continue;
            }
            let text = if m.field == Field::Title { title } else { body };
            let surface = text.get(m.start as usize..m.end as usize).unwrap_or("");
            m.surname = normalize(surface)
                .split_whitespace()
                .last()
                .filter(|w| self.surname_ok(w))
                .map(Into::into);
        }
    }

    /// The kind of what a mention refers to.
    fn kind_of(&self, target: &Target) -> Option<EntityKind> {
        match target {
            Target::Known(n) => self.defs.get(*n as usize).map(|d| d.kind),
            Target::New { kind, .. } => Some(*kind),
        }
    }

    pub(crate) fn is_stopword(&self, w: &str) -> bool {
        self.stopwords.contains(w) || self.verbs.contains(w)
    }

    /// The country whose nationality adjective `w` is (الروسية → Russia).
    fn adjective_country(&self, w: &str) -> Option<u32> {
        stems(w).find_map(|s| self.adjectives.get(s.stem).copied())
    }

    /// A word that can end a full name and link later bare mentions: not a first name
    /// (محمد would link every Mohamed), not a function word, not a word that ends names but
    /// means something else alone (عبد الله, محمود بن رمضان).
    pub(crate) fn surname_ok(&self, w: &str) -> bool {
        w.chars().count() >= 3
            && !self.given_names.contains(w)
            && !self.not_surnames.contains(w)
            && !self.is_stopword(w)
    }
}

fn head_index(g: &Gazetteer) -> PhraseIndex<u8> {
    let p = &g.patterns;
    let mut flags: FxMap<String, u8> = FxMap::default();
    for (list, flag) in [
        (&p.person_titles, HEAD_PER),
        (&p.org_heads, HEAD_ORG),
        (&p.org_quote_heads, HEAD_ORG_QUOTE),
        (&p.loc_heads, HEAD_LOC),
    ] {
        for w in list {
            *flags.entry(normalize(w.trim())).or_default() |= flag;
        }
    }
    let mut ix = PhraseIndex::default();
    for (w, f) in flags {
        ix.insert(&w, f);
    }
    ix
}

/// The adjectival ending of a nisba (الروسية, الأوروبيين) on a definite word.
fn nisba_like(w: &str) -> bool {
    stems(w).any(|s| {
        s.article
            && ["يه", "يين", "يون", "يان"]
                .iter()
                .any(|e| s.stem.ends_with(e))
    })
}

/// One text being processed.
struct Ctx<'a> {
    ex: &'a Extractor,
    text: &'a str,
    field: Field,
    toks: &'a Tokens,
    cover: &'a mut Vec<u32>,
    maybe: &'a [bool],
    found: Vec<RawMention>,
}

impl Ctx<'_> {
    fn maybe(&self, i: usize) -> bool {
        self.maybe.get(i).copied().unwrap_or(false)
    }

    /// Records a mention of tokens `from..to`, the first `prefix_chars` letters excluded.
    fn push(&mut self, from: usize, to: usize, prefix_chars: u8, alias: bool, target: Target) {
        let (Some(first), Some(last)) = (
            self.toks.tokens.get(from),
            self.toks.tokens.get(to.saturating_sub(1)),
        ) else {
            return;
        };
        let start = skip_letters(
            self.text,
            first.start as usize,
            first.end as usize,
            prefix_chars,
        );
        let n = self.found.len() as u32;
        for c in self.cover.iter_mut().take(to).skip(from) {
            *c = n;
        }
        self.found.push(RawMention {
            field: self.field,
            start: start as u32,
            end: last.end,
            words: (to - from).min(255) as u8,
            alias,
            linkable: true,
            target,
            surname: None,
        });
    }

    fn match_gazetteer(&mut self) {
        let mut i = 0;
        while i < self.toks.len() {
            if !self.maybe(i) {
                i += 1;
                continue;
            }
            match self.ex.gaz.longest_at(self.toks, i) {
                Some(h) => {
                    self.push(
                        i,
                        i + h.len,
                        h.prefix_chars,
                        !h.fused,
                        Target::Known(h.value),
                    );
                    i += h.len;
                }
                None => i += 1,
            }
        }
    }

    /// Runs the tagger over the text and merges its spans with the gazetteer's matches:
    /// a span the gazetteer matched exactly keeps its known entity; a person's span holding
    /// one known person (a first name before a known surname) links to that person; any
    /// other span is a new entity, and the gazetteer matches it overlaps give way to it.
    fn apply_tagger(&mut self, scratch: &mut TagScratch) {
        let ranges = self.known_ranges();
        let gaz = self.tags_of_known(&ranges);
        tagger::tag(self.ex, &self.ex.model, self.toks, &gaz, scratch);
        let mut keep = vec![true; ranges.len()];
        let mut new = Vec::new();
        for span in tagger::spans(&scratch.tags) {
            let inside: Vec<usize> = (0..ranges.len())
                .filter(|&m| ranges[m].0 < span.end && span.start < ranges[m].1)
                .collect();
            // The gazetteer's curated phrases win over a span they cover or cross, and a
            // span over two known names (الولايات المتحدة والناتو) is two names.
            let within = |m: usize| ranges[m].0 >= span.start && ranges[m].1 <= span.end;
            let exact = |m: usize| ranges[m] == (span.start, span.end);
            if inside.iter().any(|&m| exact(m) || !within(m)) || inside.len() >= 2 {
                continue;
            }
            // One known name inside the span: a person's first name before a known
            // surname is that person; an organisation may hold a known place (جامعة
            // القاهرة); anything else (ستزود كييف as a person or a place) is the tagger's
            // error, and the known name stays.
            let inner = inside.first().and_then(|&m| self.found.get(m));
            let inner_kind = inner.and_then(|f| self.ex.kind_of(&f.target));
            let known_person = match (span.kind, inner_kind) {
                (_, None) => None,
                (EntityKind::Per, Some(EntityKind::Per)) => inner.map(|f| f.target.clone()),
                (EntityKind::Org, Some(EntityKind::Loc)) => None,
                (EntityKind::Org, Some(EntityKind::Org)) => None,
                _ => continue,
            };
            for &m in &inside {
                keep[m] = false;
            }
            new.push((span, known_person));
        }
        let mut kept: Vec<RawMention> = std::mem::take(&mut self.found)
            .into_iter()
            .zip(keep)
            .filter_map(|(m, k)| k.then_some(m))
            .collect();
        for (span, known) in new {
            if let Some(m) = self.span_mention(span, known) {
                kept.push(m);
            }
        }
        self.found = kept;
    }

    /// The token range of each gazetteer match found so far.
    fn known_ranges(&self) -> Vec<(usize, usize)> {
        let mut ranges = vec![(usize::MAX, 0); self.found.len()];
        for (i, &c) in self.cover.iter().enumerate() {
            if let Some(r) = ranges.get_mut(c as usize) {
                r.0 = r.0.min(i);
                r.1 = r.1.max(i + 1);
            }
        }
        ranges
    }

    /// The tagger's gazetteer feature: for each token, the tag of the known phrase over it.
    fn tags_of_known(&self, ranges: &[(usize, usize)]) -> Vec<u8> {
        let mut gaz = vec![tagger::O; self.toks.len()];
        for (m, &(from, to)) in self.found.iter().zip(ranges) {
            let Some(kind) = self.ex.kind_of(&m.target) else {
                continue;
            };
            let b = tagger::begin_tag(kind);
            for (k, t) in gaz.iter_mut().enumerate().take(to).skip(from) {
                *t = if k == from { b } else { b + 1 };
            }
        }
        gaz
    }

    /// The mention of a tagger span: its first word's proclitics left out (والعراق →
    /// العراق), linked to `known` or to a new entity keyed by its normalised words.
    fn span_mention(&self, span: tagger::Span, known: Option<Target>) -> Option<RawMention> {
        let first = self.toks.tokens.get(span.start)?;
        let last = self.toks.tokens.get(span.end - 1)?;
        let (prefix_chars, fused) = self.proclitics(span.start);
        let start = skip_letters(
            self.text,
            first.start as usize,
            first.end as usize,
            prefix_chars,
        );
        let target = known.unwrap_or_else(|| Target::New {
            kind: span.kind,
            key: self.key(span.start, span.end, prefix_chars, fused),
        });
        // A one-letter name is noise of the tokeniser (a lone initial); a span in Latin
        // letters only is a handle or a foreign phrase, which the Arabic training data
        // does not teach.
        let surface = self.text.get(start..last.end as usize).unwrap_or("");
        let arabic = surface
            .chars()
            .filter(|c| ('\u{0620}'..='\u{06FF}').contains(c));
        if arabic.count() < 2 {
            return None;
        }
        Some(RawMention {
            field: self.field,
            start: start as u32,
            end: last.end,
            words: (span.end - span.start).min(255) as u8,
            alias: !fused,
            linkable: true,
            target,
            surname: None,
        })
    }

    /// The proclitics of token `i` that are not part of a name: those before the article
    /// (والعراق → العراق); a conjunction when the word without it is far more common in
    /// the unlabeled news (ومحمد → محمد, but وليد stays); a preposition only before a known
    /// first name (لمحمد), since most names start with one of ب ل ك as often as not (كوفي
    /// is not ك + وفي). Returns their letters and whether the article is a fused لل.
    fn proclitics(&self, i: usize) -> (u8, bool) {
        let w = self.toks.norm(i);
        let model = &self.ex.model;
        let whole = model.word(w).band;
        let conjunction = w.starts_with('و') || w.starts_with('ف');
        let mut best = (0u8, false);
        for s in stems(w) {
            if s.article {
                return (s.prefix_chars, s.fused);
            }
            if s.prefix_chars == 0 || best.0 > 0 || s.stem.chars().count() < 3 {
                continue;
            }
            let common = model.word(s.stem).band >= whole + PROCLITIC_BANDS;
            let first_name = self.ex.given_names.contains(s.stem);
            let only_conjunction = s.prefix_chars == 1 && conjunction;
            if first_name || (only_conjunction && common) {
                best = (s.prefix_chars, false);
            }
        }
        best
    }

    /// The linking key of tokens `from..to`: normalised words, the first `prefix_chars`
    /// (proclitics) dropped, nationality adjectives replaced by their country's id.
    fn key(&self, from: usize, to: usize, prefix_chars: u8, fused: bool) -> Box<str> {
        let mut key = String::new();
        for i in from..to {
            if !key.is_empty() {
                key.push(' ');
            }
            let w = self.toks.norm(i);
            match self
                .ex
                .adjective_country(w)
                .and_then(|n| self.ex.defs.get(n as usize))
            {
                Some(d) if i > from => {
                    key.push('@');
                    key.push_str(&d.id);
                }
                // للعراق: the fused article is written back (العراق).
                _ if i == from && fused => {
                    key.push_str("ال");
                    key.extend(w.chars().skip(prefix_chars as usize + 2));
                }
                _ if i == from => key.extend(w.chars().skip(prefix_chars as usize)),
                _ => key.push_str(w),
            }
        }
        key.into_boxed_str()
    }
}

/// Byte offset of the letter after the first `k` letters of `text[from..to]`.
pub(crate) fn skip_letters(text: &str, from: usize, to: usize, k: u8) -> usize {
    if k == 0 {
        return from;
    }
    let Some(slice) = text.get(from..to) else {
        return from;
    };
    let mut seen = 0u8;
    for (off, c) in slice.char_indices() {
        let letter = fold_char(c).is_some_and(|f| f.is_alphanumeric());
        if letter {
            if seen == k {
                return from + off;
            }
            seen += 1;
        }
    }
    from
}

impl tagger::Lexicon for Extractor {
    fn lex_flags(&self, w: &str) -> u16 {
        Extractor::lex_flags(self, w)
    }
}

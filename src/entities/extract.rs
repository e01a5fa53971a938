//! Per-document extraction: gazetteer matching, then discovery of new names from context
//! patterns. Runs on one text at a time and shares nothing mutable, so documents can be
//! processed in parallel; corpus-level linking is in `link.rs`.

use crate::arabic::normalize::{fold_char, normalize};
use crate::arabic::tokens::{any_stem, gap, is_definite, stems, tokenize_into, Tokens};

use super::gazetteer::Gazetteer;
use super::index::{FxMap, PhraseIndex, WordSet};
use super::{EntityKind, Field};

/// Head word flags: what a word introduces.
const HEAD_PER: u8 = 1;
const HEAD_ORG: u8 = 2;
const HEAD_ORG_QUOTE: u8 = 4;
const HEAD_LOC: u8 = 8;

/// A discovered name is at most this many words.
const MAX_NAME_WORDS: usize = 3;
/// Words allowed between a title and the name (الخارجية الروسي لدى واشنطن).
const MAX_TITLE_MODIFIERS: usize = 6;
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
    /// For each token, `MAYBE_*` flags: which indexes one of its readings may start.
    maybe: Vec<u8>,
    /// The readings of the texts extracted since the caller cleared it, for the later-mention
    /// scan.
    pub readings: Vec<Reading>,
}

/// One reading of a token, kept from extraction for the later-mention scan: where the token
/// starts and the [`PhraseIndex::filter_hash`] of the reading. The scan tokenises again only
/// at the few tokens whose hash its index may contain.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Reading {
    pub start: u32,
    pub hash: u32,
}

/// A reading of the token may start a gazetteer phrase.
const MAYBE_GAZ: u8 = 1;
/// A reading of the token may be a head word.
const MAYBE_HEAD: u8 = 2;

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
}

impl Extractor {
    pub fn new(g: &Gazetteer) -> Extractor {
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
        }
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
        for (i, t) in toks.tokens.iter().enumerate() {
            let mut flags = 0;
            any_stem(toks.norm(i), |s| {
                let h = PhraseIndex::<u32>::filter_hash(s.stem);
                if self.gaz.may_start(h) {
                    flags |= MAYBE_GAZ;
                }
                if self.heads.may_start(h) {
                    flags |= MAYBE_HEAD;
                }
                scratch.readings.push(Reading {
                    start: t.start,
                    hash: h,
                });
                false
            });
            scratch.maybe.push(flags);
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
        ctx.discover();
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

    /// A word that ends names but never stands for a person alone (الدين, الله, رمضان).
    fn ends_names_only(&self, w: &str) -> bool {
        self.not_surnames.contains(w)
    }

    pub(crate) fn is_given_name(&self, w: &str) -> bool {
        self.given_names.contains(w)
    }

    /// Token `i` is a word that introduces a person (الرئيس, اللاعب).
    pub(crate) fn is_person_title(&self, toks: &Tokens, i: usize) -> bool {
        self.heads
            .word_at(toks, i)
            .is_some_and(|f| f & HEAD_PER != 0)
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

    /// A word that can be part of a person's or place's name: Arabic letters only, not a
    /// function word, verb, title or nationality adjective, not an adverb with tanween
    /// (مشيرًا) nor a noun with a pronoun suffix (تعازيه, شقيقه).
    fn name_word(&self, text: &str, toks: &Tokens, i: usize) -> bool {
        let w = toks.norm(i);
        let surface = toks
            .tokens
            .get(i)
            .and_then(|t| text.get(t.start as usize..t.end as usize))
            .unwrap_or("");
        let pronoun =
            surface.ends_with('ه') && !w.ends_with("الله") && !self.given_names.contains(w);
        !pronoun
            && !surface.contains('\u{064B}')
            && w.chars().count() >= 2
            && w.chars().all(|c| ('\u{0620}'..='\u{06FF}').contains(&c))
            && !self.is_stopword(w)
            && !self.title_words.contains(w)
            && self.heads.word_at(toks, i).is_none()
            && self.adjective_country(w).is_none()
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
    maybe: &'a [u8],
    found: Vec<RawMention>,
}

impl Ctx<'_> {
    fn maybe(&self, i: usize, flag: u8) -> bool {
        self.maybe.get(i).is_some_and(|f| f & flag != 0)
    }

    fn covered(&self, i: usize) -> Option<&RawMention> {
        let m = *self.cover.get(i)?;
        self.found.get(m as usize)
    }

    fn gap(&self, i: usize) -> u8 {
        self.toks.gap_before(i)
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
            if !self.maybe(i, MAYBE_GAZ) {
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

    fn discover(&mut self) {
        for i in 0..self.toks.len() {
            if self.covered(i).is_some() {
                if let Some(end) = self.byline_at(i) {
                    self.discover_byline(end);
                }
                continue;
            }
            if !self.maybe(i, MAYBE_HEAD) {
                continue;
            }
            let Some(h) = self
                .ex
                .heads
                .longest_at(self.toks, i)
                .filter(|h| h.len == 1)
            else {
                continue;
            };
            let flags = h.value;
            let _ = (flags & HEAD_PER != 0 && self.discover_person(i))
                || (flags & HEAD_ORG != 0
                    && self.discover_org(i, h.prefix_chars, h.fused, self.head_word(i)))
                || (flags & HEAD_ORG_QUOTE != 0 && self.discover_quoted_org(i))
                || (flags & HEAD_LOC != 0 && self.discover_place(i));
        }
    }

    /// `وزير الخارجية الروسي سيرغي لافروف`, `السفير الروسي لدى واشنطن، أناتولي أنطونوف`.
    fn discover_person(&mut self, head: usize) -> bool {
        let Some(start) = self.name_start_after_title(head) else {
            return false;
        };
        let Some((end, confident)) = self.person_name_end(start) else {
            return false;
        };
        if self.followed_by_known_person(end) {
            return false;
        }
        let key = self.key(start, end, 0);
        self.push(
            start,
            end,
            0,
            true,
            Target::New {
                kind: EntityKind::Per,
                key,
            },
        );
        if let Some(m) = self.found.last_mut() {
            m.linkable = confident;
        }
        true
    }

    /// Walks over the function words after a title; returns where the name starts.
    fn name_start_after_title(&self, head: usize) -> Option<usize> {
        // A title in construct state (وزير, رئيس) needs its complement before the name.
        let mut need_modifier = !is_definite(self.toks.norm(head));
        let mut j = head + 1;
        for _ in 0..MAX_TITLE_MODIFIERS {
            let g = self.gap(j);
            if j >= self.toks.len() || g & (gap::HARD & !gap::COMMA) != 0 {
                return None;
            }
            if self.covered(j).is_some() {
                if g & gap::COMMA != 0 || self.covered_by_known(j, EntityKind::Per) {
                    return None;
                }
                j = self.cover_end(j);
                need_modifier = false;
                continue;
            }
            let w = self.toks.norm(j);
            let modifier = is_definite(w) || self.ex.title_words.contains(w);
            if g & gap::COMMA != 0 || !modifier {
                return (!need_modifier).then_some(j);
            }
            // لدى is a stopword but, like the other title words, may stand before the name
            // (السفيرة الأمريكية لدى الأمم المتحدة، ليندا توماس غرينفيلد).
            if self.ex.is_stopword(w) && !is_definite(w) && !self.ex.title_words.contains(w) {
                return None;
            }
            need_modifier = false;
            j += 1;
        }
        None
    }

    /// The mention covering token `i` is a gazetteer entity of this kind.
    fn covered_by_known(&self, i: usize, kind: EntityKind) -> bool {
        self.covered(i).is_some_and(|m| {
            matches!(m.target, Target::Known(_)) && self.ex.kind_of(&m.target) == Some(kind)
        })
    }

    /// The token after the mention covering `i`.
    fn cover_end(&self, i: usize) -> usize {
        let m = self.cover.get(i).copied();
        let mut j = i;
        while j < self.toks.len() && self.cover.get(j).copied() == m {
            j += 1;
        }
        j
    }

    /// The end of a person's name of two or three words starting at `start`. Without
    /// capitals, the evidence is a known first name, or an apposition after a comma; the name
    /// must then end at a boundary (punctuation, function word, verb, new clause).
    fn person_name_end(&self, start: usize) -> Option<(usize, bool)> {
        let given = self.ex.given_names.contains(self.toks.norm(start));
        let appositive = self.gap(start) & gap::COMMA != 0;
        let mut max = self.name_end(start, true);
        if !(given || appositive) || max < start + 2 {
            return None;
        }
        // Three words with a particle (عبد الفتاح السيسي, لطفي بن جدو), or after two first
        // names when the third word ends the name (جان إيف لودريان إن, محمد المنصف المرزوقي).
        let particle =
            (start..start + 2).any(|i| self.ex.name_particles.contains(self.toks.norm(i)));
        let two_given = given && self.ex.given_names.contains(self.toks.norm(start + 1));
        // A definite third word is a family name only as a nisba (المرزوقي), not a noun
        // or adjective (المقيم).
        let last = self.toks.norm(start + 2);
        let family = !last.starts_with("ال") || last.ends_with('ي');
        let third = max == start + 3 && family && !self.boundary(start + 2) && self.boundary(max);
        let three_words = particle || (two_given && third);
        if !three_words {
            max = start + 2;
            // نور الدين, عبد الرحمن: a compound first name alone, the family name is missing
            // (a month is a family name: نادية شعبان).
            let second = self.toks.norm(start + 1);
            if second.starts_with("ال") && self.ex.ends_names_only(second) {
                return None;
            }
        }
        if self.boundary(max) {
            return Some((max, true));
        }
        // A known first name: take first name and family name, but do not let the last
        // word stand for the person later, the end is uncertain.
        given.then_some((max, false))
    }

    /// The end of a person's or place's name starting at `start` (exclusive): up to three
    /// name words separated by spaces only. Later words may be definite (عدنان الوحيشي).
    fn name_end(&self, start: usize, person: bool) -> usize {
        let mut k = start;
        while k < self.toks.len() && k - start < MAX_NAME_WORDS {
            let w = self.toks.norm(k);
            // A word starting with و after the first is a new conjunct (حفتر ومقاتلين); a
            // first word with و must be a known name (وليد).
            let conjunct = w.starts_with('و') && (k > start || !self.ex.given_names.contains(w));
            // An imperfect verb after a name (سلمان يشغل): ي or ت and three root letters.
            let verb_like = k > start
                && (w.starts_with('ي') || w.starts_with('ت'))
                && w.chars().count() == 4
                && !self.ex.given_names.contains(w);
            let ok = !conjunct
                && !verb_like
                && (k == start || self.gap(k) == 0)
                && self.covered(k).is_none()
                && self.ex.name_word(self.text, self.toks, k)
                && (k > start || !is_definite(w) || !person)
                && !nisba_like(w);
            if !ok {
                break;
            }
            k += 1;
        }
        k
    }

    /// `سيرجي لافروف` when only `لافروف` is known: not a new person.
    fn followed_by_known_person(&self, k: usize) -> bool {
        self.gap(k) == 0 && self.covered_by_known(k, EntityKind::Per)
    }

    /// `وزارة الدفاع الروسية`, `المعهد الوطني للتراث`: a head and one to three definite words.
    fn discover_org(&mut self, head: usize, prefix: u8, fused: bool, first: String) -> bool {
        if self.discover_org_of_place(head, prefix, fused, &first) {
            return true;
        }
        let mut k = head + 1;
        while k < self.toks.len() && k - head <= MAX_NAME_WORDS {
            let w = self.toks.norm(k);
            let title = self
                .ex
                .heads
                .word_at(self.toks, k)
                .is_some_and(|f| f & HEAD_PER != 0);
            // بالجهة, كالعادة: a preposition phrase, not part of the name (للتراث is).
            let locative = w.starts_with("بال") || w.starts_with("كال");
            // A nationality is part of the name and ends it, even one listed as a stopword
            // so that it is never an entity alone: مجلس النواب الأميركي, البنك المركزي
            // التونسي | الشاذلي العياري.
            let nationality = self.ex.adjective_country(w).is_some();
            if self.gap(k) != 0
                || self.covered(k).is_some()
                || !is_definite(w)
                || (self.ex.is_stopword(w) && !nationality)
                || title
                || locative
            {
                break;
            }
            k += 1;
            if nationality {
                break;
            }
        }
        if k == head + 1 {
            return false;
        }
        // The head as a word with its article (للمحكمة → المحكمه), then the rest.
        let key = format!("{first} {}", self.key(head + 1, k, 0));
        let target = Target::New {
            kind: EntityKind::Org,
            key: key.into(),
        };
        self.push(head, k, prefix, !fused, target);
        true
    }

    /// `حلف وارسو`, `جامعة تونس`: a head in construct state and a known place, ending there,
    /// are an organisation; the place mention gives way to it.
    fn discover_org_of_place(&mut self, head: usize, prefix: u8, fused: bool, first: &str) -> bool {
        let place = head + 1;
        // The place word itself, not a preposition phrase (معهد بسوسة: an institute in Sousse).
        let token_start = self.toks.tokens.get(place).map(|t| t.start);
        let is_loc = self.covered_by_known(place, EntityKind::Loc)
            && self.covered(place).map(|m| m.start) == token_start;
        if is_definite(self.toks.norm(head)) || self.gap(place) != 0 || !is_loc {
            return false;
        }
        let end = self.cover_end(place);
        if !self.boundary(end) {
            return false;
        }
        if let Some(&m) = self.cover.get(place) {
            self.drop_mention(m);
        }
        let key = format!("{first} {}", self.key(place, end, 0));
        let target = Target::New {
            kind: EntityKind::Org,
            key: key.into(),
        };
        self.push(head, end, prefix, !fused, target);
        true
    }

    /// Removes mention `m`, uncovering its tokens.
    fn drop_mention(&mut self, m: u32) {
        if (m as usize) < self.found.len() {
            self.found.remove(m as usize);
        }
        for c in self.cover.iter_mut() {
            if *c == m {
                *c = NOT_COVERED;
            } else if *c != NOT_COVERED && *c > m {
                *c -= 1;
            }
        }
    }

    /// The head word at `i` without proclitics, with its article (للمحكمة → المحكمه).
    fn head_word(&self, i: usize) -> String {
        let w = self.toks.norm(i);
        match stems(w).find(|s| self.ex.heads.word_at_stem(s)) {
            Some(s) if s.article => format!("ال{}", s.stem),
            Some(s) => s.stem.to_string(),
            None => w.to_string(),
        }
    }

    /// `وكالة "سبوتنيك"`: a name in quotes after a head.
    fn discover_quoted_org(&mut self, head: usize) -> bool {
        let start = head + 1;
        if self.gap(start) & gap::HARD != gap::QUOTE {
            return false;
        }
        let mut k = start;
        while k < self.toks.len() && k - start < MAX_NAME_WORDS + 1 {
            if (k > start && self.gap(k) != 0)
                || self.covered(k).is_some()
                || self.ex.is_stopword(self.toks.norm(k))
            {
                break;
            }
            k += 1;
        }
        let short = k == start + 1 && self.toks.norm(start).chars().count() < 3;
        if k == start || short || self.gap(k) & gap::QUOTE == 0 {
            return false;
        }
        let key = self.key(start, k, 0);
        self.push(
            start,
            k,
            0,
            true,
            Target::New {
                kind: EntityKind::Org,
                key,
            },
        );
        true
    }

    /// `في مدينة نورماندي`, `العاصمة الأوكرانية كييف`.
    fn discover_place(&mut self, head: usize) -> bool {
        let mut start = head + 1;
        // Nationality adjectives of the head (العاصمة الأوكرانية).
        while start < self.toks.len() && start - head <= 2 && self.gap(start) == 0 {
            let w = self.toks.norm(start);
            if self.ex.adjective_country(w).is_none() && !nisba_like(w) {
                break;
            }
            start += 1;
        }
        if self.gap(start) != 0 {
            return false;
        }
        // Two words only after a known first part (سيدي بوزيد, حمام الأنف).
        let max = if self.ex.place_prefixes.contains(self.toks.norm(start)) {
            2
        } else {
            1
        };
        let end = self.name_end(start, false).min(start + max);
        // سوق, بئر, عين alone are common nouns: a place prefix needs its second word.
        if max == 2 && end < start + 2 {
            return false;
        }
        let bad = |i: usize| {
            let w = self.toks.norm(i);
            let proclitic = is_definite(w) && !w.starts_with("ال");
            w.ends_with("ات") || proclitic || (is_definite(w) && w.ends_with('ي'))
        };
        if end == start || (start..end).any(bad) || !self.boundary(end) {
            return false;
        }
        let key = self.key(start, end, 0);
        self.push(
            start,
            end,
            0,
            true,
            Target::New {
                kind: EntityKind::Loc,
                key,
            },
        );
        true
    }

    /// Token `k` cannot continue a name: end of text, punctuation, a function word or verb,
    /// or another mention.
    fn boundary(&self, k: usize) -> bool {
        let w = self.toks.norm(k);
        k >= self.toks.len()
            || self.gap(k) & gap::HARD != 0
            || self.covered(k).is_some()
            || self.ex.is_stopword(w)
            || w.starts_with('و')
            || (is_definite(w) && !w.starts_with("ال"))
    }

    /// A dateline with a byline at the start of a line: `واشنطن ـ يوسف مكي`. Returns the
    /// token after the place when the pattern starts at `i`.
    fn byline_at(&self, i: usize) -> Option<usize> {
        let is_loc = self.covered_by_known(i, EntityKind::Loc);
        let line_start = self.gap(i) & (gap::START | gap::NEWLINE) != 0;
        let mention_start = i == 0 || self.cover.get(i - 1) != self.cover.get(i);
        let end = self.cover_end(i);
        (is_loc && line_start && mention_start && self.gap(end) & gap::DASH != 0).then_some(end)
    }

    fn discover_byline(&mut self, start: usize) {
        let end = self.name_end(start, true);
        let line_end = end >= self.toks.len() || self.gap(end) & gap::NEWLINE != 0;
        if end > start && line_end {
            let key = self.key(start, end, 0);
            self.push(
                start,
                end,
                0,
                true,
                Target::New {
                    kind: EntityKind::Per,
                    key,
                },
            );
        }
    }

    /// The linking key of tokens `from..to`: normalised words, the first `prefix_chars`
    /// (proclitics) dropped, nationality adjectives replaced by their country's id.
    fn key(&self, from: usize, to: usize, prefix_chars: u8) -> Box<str> {
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

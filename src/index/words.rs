//! Title search by words: each query word must match inside one title word, with the
//! proclitics و ف ب ل ك ال لل allowed in front. A word matches, best first, as the exact word,
//! as a prefix (inflections: `حكومة` → `الحكومية`, `حكومتها`), as a spelling variant with the
//! same consonants (`الامريكي` / `الأميركي`), or with one typo (words of five letters or more,
//! and only when the word is found no better way). Latin words also match the consonant
//! skeletons of Arabic words through the romanisation table (`chahed` → الشاهد).

use std::collections::HashMap;
use std::ops::Range;

use rayon::prelude::*;
use roaring::RoaringBitmap;

use super::query::{Query, Term};
use crate::arabic::normalize::normalize;
use crate::arabic::romanise::{Reading, Romanisation};
use crate::arabic::tokens::{stems, tokenize};
use crate::arabic::translit::skeleton_with_map;

/// How well a query word matches a title word, worst first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Tier {
    Typo,
    Variant,
    Prefix,
    Exact,
}

impl Tier {
    fn score(self) -> i64 {
        match self {
            Tier::Typo => 100,
            Tier::Variant => 200,
            Tier::Prefix => 300,
            Tier::Exact => 400,
        }
    }
}

/// Words of fewer chars get no typo tolerance: in a script without short vowels one edit
/// turns most short words into others.
const TYPO_MIN_CHARS: usize = 5;

/// The forms of one distinct title word that queries are matched against.
#[derive(Debug, Default)]
struct Forms {
    /// The word, then its readings without proclitics, and `ال` + the stem of each reading
    /// that had the article (والحكومة → حكومه, الحكومه).
    readings: Vec<Box<str>>,
    /// The consonants of each reading (long vowels and hamza seats taken out).
    consonants: Vec<Box<str>>,
    /// The Latin-alphabet skeleton of each Arabic reading, also without a final ه (ة).
    latin: Vec<(Box<str>, bool)>,
}

impl Forms {
    fn of(word: &str) -> Forms {
        let mut readings: Vec<Box<str>> = vec![word.into()];
        let mut add = |r: String| {
            if !readings.iter().any(|x| **x == *r) {
                readings.push(r.into());
            }
        };
        for s in stems(word) {
            add(s.stem.to_string());
            if s.article {
                add(format!("ال{}", s.stem));
            }
        }
        let consonants = readings.iter().map(|r| consonants(r).into()).collect();
        let mut latin: Vec<(Box<str>, bool)> = Vec::new();
        if word.chars().any(is_arabic_letter) {
            for r in &readings {
                // A stem of two letters (كأس read as ك + اس) is too short to stand for a name.
                if r.chars().count() < 3 {
                    continue;
                }
                let bare = r.strip_suffix('ه').filter(|b| b.chars().count() >= 2);
                for form in std::iter::once(&**r).chain(bare) {
                    let sk: Box<str> = skeleton_with_map(form).0.trim().into();
                    // Whether the word ends in a vowel letter (or ة), as a Latin spelling
                    // that ends in a vowel does: مرزوقي is marzouki, مرزوق marzouk.
                    let ends_vowel = form.len() < r.len() || form.ends_with(['ا', 'و', 'ي', 'ه']);
                    if !sk.is_empty() && !latin.iter().any(|(x, _)| *x == sk) {
                        latin.push((sk, ends_vowel));
                    }
                }
            }
        }
        Forms {
            readings,
            consonants,
            latin,
        }
    }
}

fn is_arabic_letter(c: char) -> bool {
    matches!(c, '\u{0621}'..='\u{064A}' | '\u{066E}'..='\u{06D3}')
}

/// A normalised word's consonants, then `|`, then its long vowels and hamza seats in order.
/// Two spellings of a foreign name differ in where the vowel letters go (الامريكي /
/// الاميركي); words that differ in which vowels they have are different words (الشاهد /
/// الشهيد, سوسة / سياسة), so both halves must agree.
fn consonants(w: &str) -> String {
    let vowel = |c: &char| matches!(c, 'ا' | 'و' | 'ي' | 'ء');
    let mut out: String = w.chars().filter(|c| !vowel(c)).collect();
    out.push('|');
    out.extend(w.chars().filter(vowel));
    out
}

/// One query word, prepared for matching against every distinct title word.
#[derive(Debug)]
pub struct Matcher {
    /// The normalised word (for a French exonym, the Arabic word it stands for).
    norm: String,
    /// What a reading may start with: the word, and without a final taa marbuta.
    prefixes: Vec<String>,
    /// The word's consonants, when it has enough for a variant to mean anything.
    consonants: Option<String>,
    /// Latin-alphabet skeletons of a Latin word.
    latin: Vec<String>,
    /// The Latin word ends in a vowel.
    latin_vowel_end: bool,
    exact_only: bool,
    /// The word is long enough for one typo.
    typo: Option<Vec<char>>,
}

impl Matcher {
    pub fn new(term: &Term) -> Matcher {
        let mut norm = normalize(&term.text);
        let mut latin = Vec::new();
        let mut raw = term.text.clone();
        if norm.chars().any(|c| c.is_ascii_alphabetic()) {
            match Romanisation::builtin().read(&norm) {
                Reading::Arabic(a) => {
                    norm = normalize(&a);
                    raw = a;
                }
                Reading::Skeletons(s) => latin = s,
            }
        }
        let mut prefixes = vec![norm.clone()];
        // حكومة → حكومتها, الحكومية: the taa marbuta changes before a suffix.
        if raw.ends_with('ة') && norm.chars().count() >= 4 {
            prefixes.push(norm.trim_end_matches('ه').to_string());
        }
        let cons = consonants(&norm);
        let chars: Vec<char> = norm.chars().collect();
        Matcher {
            consonants: (cons.find('|').unwrap_or(0) >= 6 && chars.len() >= 4).then_some(cons),
            typo: (chars.len() >= TYPO_MIN_CHARS && latin.is_empty()).then_some(chars),
            prefixes,
            latin,
            latin_vowel_end: norm.ends_with(['a', 'e', 'i', 'o', 'u', 'y']),
            exact_only: term.exact,
            norm,
        }
    }

    /// The best tier at which this word matches a title word, typos aside.
    fn tier(&self, f: &Forms) -> Option<Tier> {
        if f.readings.iter().any(|r| **r == *self.norm) {
            return Some(Tier::Exact);
        }
        if self.exact_only {
            return None;
        }
        let starts = |r: &str| self.prefixes.iter().any(|p| r.starts_with(p.as_str()));
        if f.readings.iter().any(|r| starts(r)) {
            return Some(Tier::Prefix);
        }
        if let Some(c) = &self.consonants {
            if f.consonants.iter().any(|x| **x == **c) {
                return Some(Tier::Variant);
            }
        }
        self.latin_tier(f)
    }

    /// A Latin word against the skeletons of an Arabic word: the same skeleton is an exact
    /// match if the two agree on ending in a vowel, a longer one that starts with it (a word
    /// typed in part, or inflected) a prefix.
    fn latin_tier(&self, f: &Forms) -> Option<Tier> {
        let mut best = None;
        for q in &self.latin {
            for (s, vowel_end) in &f.latin {
                let same = **s == **q;
                let tier = if same && *vowel_end == self.latin_vowel_end {
                    Some(Tier::Exact)
                } else if same || (q.len() >= 2 && s.starts_with(q.as_str())) {
                    Some(Tier::Prefix)
                } else {
                    None
                };
                best = best.max(tier);
            }
        }
        best
    }

    fn typo_tier(&self, f: &Forms) -> Option<Tier> {
        let q = self.typo.as_ref().filter(|_| !self.exact_only)?;
        f.readings
            .iter()
            .any(|r| within_one_edit(q, r))
            .then_some(Tier::Typo)
    }

    /// The best tier at which this word matches the title word `word`, typos included.
    pub fn matches(&self, word: &str) -> Option<Tier> {
        let f = Forms::of(word);
        self.tier(&f).or_else(|| self.typo_tier(&f))
    }
}

/// One substitution, insertion, deletion or swap of neighbours at most.
fn within_one_edit(q: &[char], word: &str) -> bool {
    let w: Vec<char> = word.chars().collect();
    if w.len().abs_diff(q.len()) > 1 {
        return false;
    }
    let head = q.iter().zip(&w).take_while(|(a, b)| a == b).count();
    let (a, b) = (&q[head..], &w[head..]);
    match (a.len(), b.len()) {
        (0, 0) => true,
        (x, y) if x == y => {
            a[1..] == b[1..] || (x >= 2 && a[0] == b[1] && a[1] == b[0] && a[2..] == b[2..])
        }
        (x, y) if x > y => a[1..] == *b,
        _ => *a == b[1..],
    }
}

/// Where each distinct title word occurs, and which words each title has.
#[derive(Debug, Default)]
pub struct WordIndex {
    forms: Vec<Forms>,
    /// Per distinct word: (title, position of the word in the title), by title.
    postings: Vec<Vec<(u32, u16)>>,
    /// The words of every title in order, one title after another (at most `u16::MAX` each).
    title_words: Vec<u32>,
    /// Where each title's words start in `title_words`, and the end of the last.
    title_start: Vec<u32>,
}

/// A title's best match for one group of alternatives: tier and word position.
type Hit = (Tier, u16);

impl WordIndex {
    /// Built once at load: the words of every title, their readings and skeletons.
    pub fn build(titles: &[&str]) -> WordIndex {
        // Chunks of titles number their own words in parallel; their vocabularies are then
        // merged in order, so words are numbered by first appearance, and only a chunk's
        // distinct words are ever copied, not every word of every title.
        let chunks: Vec<ChunkWords> = titles.par_chunks(4096).map(ChunkWords::of).collect();
        let mut vocab = Vocab::default();
        let total: usize = chunks.iter().map(|c| c.words.len()).sum();
        let mut title_words = Vec::with_capacity(total);
        let mut title_start = Vec::with_capacity(titles.len() + 1);
        for c in chunks {
            let global: Vec<u32> = c.vocab.words.iter().map(|w| vocab.id(w)).collect();
            let mut at = 0;
            for len in c.lengths {
                title_start.push(title_words.len() as u32);
                let local = c.words.get(at..at + usize::from(len)).unwrap_or_default();
                title_words.extend(local.iter().map(|&w| global[w as usize]));
                at += usize::from(len);
            }
        }
        title_start.push(title_words.len() as u32);
        let words = vocab.words;
        let mut index = WordIndex {
            forms: words.par_iter().map(|w| Forms::of(w)).collect(),
            postings: Vec::new(),
            title_words,
            title_start,
        };
        index.postings = index.postings_of(words.len());
        index
    }

    /// Per word, the (title, position) of each of its occurrences, from the titles' words.
    fn postings_of(&self, words: usize) -> Vec<Vec<(u32, u16)>> {
        let mut counts = vec![0usize; words];
        for &w in &self.title_words {
            counts[w as usize] += 1;
        }
        let mut postings: Vec<Vec<(u32, u16)>> =
            counts.into_iter().map(Vec::with_capacity).collect();
        for t in 0..self.titles() as u32 {
            for (pos, &w) in self.words_of(t).iter().enumerate() {
                postings[w as usize].push((t, pos as u16));
            }
        }
        postings
    }

    fn titles(&self) -> usize {
        self.title_start.len().saturating_sub(1)
    }

    /// The word numbers of a title, in order.
    fn words_of(&self, title: u32) -> &[u32] {
        let at = |i: usize| self.title_start.get(i).map_or(0, |&x| x as usize);
        let (a, b) = (at(title as usize), at(title as usize + 1));
        self.title_words.get(a..b).unwrap_or_default()
    }

    /// The titles of `set` that match a word query, with a score (higher is better):
    /// the match tiers summed, plus a little for words matched in the query's order and
    /// early in the title. `None` when `stale` says the answer is no longer wanted.
    pub fn search(
        &self,
        q: &Query,
        set: &RoaringBitmap,
        stale: &(dyn Fn() -> bool + Sync),
    ) -> Option<Vec<(u32, i64)>> {
        let mut keep = set.clone();
        let mut hits: Vec<Vec<Option<Hit>>> = Vec::with_capacity(q.groups.len());
        for group in &q.groups {
            let found = self.group_hits(group, &keep, stale)?;
            // In ascending order, as the set iterates.
            keep = RoaringBitmap::from_sorted_iter(
                keep.iter().filter(|&t| found[t as usize].is_some()),
            )
            .unwrap_or_default();
            hits.push(found);
        }
        for term in &q.excluded {
            let m = Matcher::new(term);
            let words = self.matching_words(&m, stale)?;
            for (w, tier) in words {
                if tier > Tier::Typo {
                    for &(t, pos) in &self.postings[w as usize] {
                        if self.at_place(term, t, pos) {
                            keep.remove(t);
                        }
                    }
                }
            }
        }
        Some(keep.iter().map(|t| (t, score(&hits, t))).collect())
    }

    /// Per title of `keep`, the best match of any alternative of the group.
    fn group_hits(
        &self,
        group: &[Term],
        keep: &RoaringBitmap,
        stale: &(dyn Fn() -> bool + Sync),
    ) -> Option<Vec<Option<Hit>>> {
        let mut best: Vec<Option<Hit>> = vec![None; self.titles()];
        for term in group {
            let m = Matcher::new(term);
            let words = self.matching_words(&m, stale)?;
            // A short query word (one or two letters) matches most of the vocabulary, and
            // walking its postings visits most of the corpus; when the titles still in play
            // hold fewer words than that, reading their words is the cheaper way round.
            let walk: usize = words
                .iter()
                .map(|&(w, _)| self.postings[w as usize].len())
                .sum();
            let read = keep.len() as usize * self.title_words.len() / self.titles().max(1);
            if read < walk {
                self.hits_by_title(term, &words, keep, &mut best);
            } else {
                self.hits_by_word(term, &words, keep, &mut best);
            }
        }
        Some(best)
    }

    /// Walks the postings of each matching word.
    fn hits_by_word(
        &self,
        term: &Term,
        words: &[(u32, Tier)],
        keep: &RoaringBitmap,
        best: &mut [Option<Hit>],
    ) {
        // A bit per title: a roaring lookup per posting is what made a short word slow.
        let dense = (keep.len() < self.titles() as u64).then(|| Dense::of(keep, self.titles()));
        for &(w, tier) in words {
            for &(t, pos) in &self.postings[w as usize] {
                if dense.as_ref().is_some_and(|d| !d.contains(t)) || !self.at_place(term, t, pos) {
                    continue;
                }
                keep_best(&mut best[t as usize], tier, pos);
            }
        }
    }

    /// Reads the words of each title of `keep`.
    fn hits_by_title(
        &self,
        term: &Term,
        words: &[(u32, Tier)],
        keep: &RoaringBitmap,
        best: &mut [Option<Hit>],
    ) {
        let mut tier_of: Vec<Option<Tier>> = vec![None; self.forms.len()];
        for &(w, tier) in words {
            tier_of[w as usize] = Some(tier);
        }
        for t in keep {
            for (pos, &w) in self.words_of(t).iter().enumerate() {
                let pos = pos as u16;
                if let Some(tier) = tier_of[w as usize].filter(|_| self.at_place(term, t, pos)) {
                    keep_best(&mut best[t as usize], tier, pos);
                }
            }
        }
    }

    /// `^word` must be the first word of the title, `word$` the last.
    fn at_place(&self, term: &Term, title: u32, pos: u16) -> bool {
        let len = self.words_of(title).len();
        (!term.first || pos == 0) && (!term.last || usize::from(pos) + 1 == len)
    }

    /// The distinct words a query word matches, with their tiers. Typos are looked for
    /// only when the word matches no title word otherwise.
    fn matching_words(
        &self,
        m: &Matcher,
        stale: &(dyn Fn() -> bool + Sync),
    ) -> Option<Vec<(u32, Tier)>> {
        let scan = |f: &(dyn Fn(&Forms) -> Option<Tier> + Sync)| -> Option<Vec<(u32, Tier)>> {
            let parts: Option<Vec<Vec<(u32, Tier)>>> = self
                .forms
                .par_chunks(4096)
                .enumerate()
                .map(|(c, chunk)| {
                    if stale() {
                        return None;
                    }
                    let base = (c * 4096) as u32;
                    Some(
                        chunk
                            .iter()
                            .enumerate()
                            .filter_map(|(i, w)| f(w).map(|t| (base + i as u32, t)))
                            .collect(),
                    )
                })
                .collect();
            Some(parts?.concat())
        };
        let found = scan(&|f| m.tier(f))?;
        if found.is_empty() && m.typo.is_some() {
            return scan(&|f| m.typo_tier(f));
        }
        Some(found)
    }
}

/// Keeps the better of a title's hit so far and a new one: the higher tier, then the earlier word.
fn keep_best(e: &mut Option<Hit>, tier: Tier, pos: u16) {
    let better =
        e.is_none_or(|(et, ep)| (tier, std::cmp::Reverse(pos)) > (et, std::cmp::Reverse(ep)));
    if better {
        *e = Some((tier, pos));
    }
}

/// A set of titles as one bit each, for lookups in a hot loop.
struct Dense(Vec<u64>);

impl Dense {
    fn of(set: &RoaringBitmap, len: usize) -> Dense {
        let mut bits = vec![0u64; len.div_ceil(64)];
        for t in set {
            if let Some(b) = bits.get_mut(t as usize / 64) {
                *b |= 1 << (t % 64);
            }
        }
        Dense(bits)
    }

    fn contains(&self, t: u32) -> bool {
        self.0
            .get(t as usize / 64)
            .is_some_and(|b| b >> (t % 64) & 1 == 1)
    }
}

/// Distinct words, numbered in order of first appearance.
#[derive(Default)]
struct Vocab {
    ids: HashMap<Box<str>, u32>,
    words: Vec<Box<str>>,
}

impl Vocab {
    /// The number of `w`, given it now if it is new.
    fn id(&mut self, w: &str) -> u32 {
        if let Some(&id) = self.ids.get(w) {
            return id;
        }
        let id = self.words.len() as u32;
        self.ids.insert(w.into(), id);
        self.words.push(w.into());
        id
    }
}

/// The words of a chunk of titles, numbered within the chunk.
struct ChunkWords {
    /// The chunk's distinct words.
    vocab: Vocab,
    /// The words of every title, one title after another.
    words: Vec<u32>,
    /// Words per title (at most `u16::MAX`: positions are `u16`).
    lengths: Vec<u16>,
}

impl ChunkWords {
    fn of(titles: &[&str]) -> ChunkWords {
        let mut c = ChunkWords {
            vocab: Vocab::default(),
            words: Vec::new(),
            lengths: Vec::with_capacity(titles.len()),
        };
        for t in titles {
            let toks = tokenize(t);
            let n = toks.len().min(usize::from(u16::MAX));
            for i in 0..n {
                let id = c.vocab.id(toks.norm(i));
                c.words.push(id);
            }
            c.lengths.push(n as u16);
        }
        c
    }
}

/// A title's score from the best hit of each group.
fn score(hits: &[Vec<Option<Hit>>], title: u32) -> i64 {
    let mut total = 0;
    let mut last: Option<u16> = None;
    let mut in_order = true;
    for group in hits {
        let Some(&Some((tier, pos))) = group.get(title as usize) else {
            continue;
        };
        total += tier.score() - i64::from(pos.min(20));
        in_order &= last.is_none_or(|l| pos > l);
        last = Some(pos);
    }
    if in_order && hits.len() > 1 {
        total += 30;
    }
    total
}

/// Byte ranges of the title words that match the query's words (not the excluded ones).
pub fn highlights(title: &str, q: &Query) -> Vec<Range<usize>> {
    let matchers: Vec<(Matcher, &Term)> = q
        .groups
        .iter()
        .flatten()
        .map(|t| (Matcher::new(t), t))
        .collect();
    let toks = tokenize(title);
    let n = toks.len();
    toks.tokens
        .iter()
        .enumerate()
        .filter(|&(i, _)| {
            let w = toks.norm(i);
            matchers.iter().any(|(m, t)| {
                (!t.first || i == 0) && (!t.last || i + 1 == n) && m.matches(w).is_some()
            })
        })
        .map(|(_, t)| t.start as usize..t.end as usize)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn search(titles: &[&str], q: &str) -> Vec<usize> {
        let idx = WordIndex::build(titles);
        let all: RoaringBitmap = (0..titles.len() as u32).collect();
        let mut got = idx.search(&Query::parse(q), &all, &|| false).unwrap();
        got.sort_by_key(|&(t, s)| (std::cmp::Reverse(s), t));
        got.into_iter().map(|(t, _)| t as usize).collect()
    }

    fn tier(q: &str, word: &str) -> Option<Tier> {
        let term = &Query::parse(q).groups[0][0];
        Matcher::new(term).matches(&normalize(word))
    }

    #[test]
    fn a_word_matches_with_proclitics_and_inflections() {
        assert_eq!(tier("الحكومة", "والحكومة"), Some(Tier::Exact));
        assert_eq!(tier("الحكومة", "للحكومة"), Some(Tier::Exact));
        assert_eq!(tier("حكومة", "الحكومية"), Some(Tier::Prefix));
        assert_eq!(tier("حكومة", "حكومتها"), Some(Tier::Prefix));
        assert_eq!(tier("ترامب", "وترامب"), Some(Tier::Exact));
        assert_eq!(tier("الامريكي", "الأميركي"), Some(Tier::Variant));
        assert_eq!(tier("الداخلية", "الدخالية"), Some(Tier::Variant));
        assert_eq!(tier("الداخلية", "الداحلية"), Some(Tier::Typo));
    }

    #[test]
    fn letters_spread_across_words_do_not_match() {
        // ل ا ف ر و ف all occur in this title, in order, but in no one word.
        let titles = ["الأفريقي يلعب في الوادي فريق", "لافروف يلتقي بلينكن"];
        assert_eq!(search(&titles, "لافروف"), vec![1]);
        assert_eq!(tier("لافروف", "الافريقي"), None);
    }

    #[test]
    fn short_words_get_no_typo() {
        assert_eq!(tier("تونس", "تونز"), None);
        assert_eq!(
            tier("'الحكومة", "الحكومية"),
            None,
            "exact asks for the word itself"
        );
    }

    #[test]
    fn typos_only_when_nothing_matches_better() {
        let titles = ["وزارة الداخلية تعلن", "وزارة الداحلية"];
        assert_eq!(search(&titles, "الداخلية"), vec![0]);
        assert_eq!(search(&["وزارة الداحلية"], "الداخلية"), vec![0]);
    }

    #[test]
    fn words_are_anded_in_any_order_and_ranked() {
        let titles = [
            "الحكومة تجتمع في تونس",
            "تونس: الحكومة تجتمع",
            "اجتماع في صفاقس",
            "الحكوميون في تونس",
        ];
        assert_eq!(search(&titles, "تونس الحكومة"), vec![1, 0, 3]);
        assert_eq!(search(&titles, "^تونس"), vec![1]);
        assert_eq!(
            search(&titles, "تونس$"),
            vec![3, 0],
            "earlier in the title first"
        );
        assert_eq!(search(&titles, "تونس !تجتمع"), vec![3]);
        assert!(
            search(&titles, "تونس !الحكومة").is_empty(),
            "الحكوميون starts like الحكومة"
        );
        assert_eq!(search(&titles, "صفاقس | الحكوميون"), vec![3, 2]);
    }

    #[test]
    fn latin_words_read_maghrebi_romanisation() {
        let titles = [
            "يوسف الشاهد يلتقي السبسي",
            "الغنوشي في سوسة",
            "حركة النهضة تجتمع",
            "بنزرت: حريق",
            "Tunisie: le gouvernement",
        ];
        assert_eq!(search(&titles, "chahed"), vec![0]);
        assert_eq!(search(&titles, "essebsi"), vec![0]);
        assert_eq!(search(&titles, "ghannouchi sousse"), vec![1]);
        assert_eq!(search(&titles, "ennahdha"), vec![2]);
        assert_eq!(search(&titles, "bizerte"), vec![3]);
        assert_eq!(search(&titles, "gouvern"), vec![4]);
    }

    #[test]
    fn highlights_cover_the_matched_words() {
        let title = "يوسف الشاهد يلتقي السبسي";
        let r = highlights(title, &Query::parse("الشاهد sebsi"));
        let words: Vec<&str> = r.iter().map(|r| &title[r.clone()]).collect();
        assert_eq!(words, vec!["الشاهد", "السبسي"]);
    }

    #[test]
    fn titles_across_chunks_share_one_vocabulary() {
        // More titles than one chunk of the parallel build: each chunk numbers its own words,
        // and the merge must give every title the same words as one pass would.
        let five = [
            "الحكومة التونسية تجتمع",
            "تونس: حكومتها الجديدة",
            "وحكم القاضي في سوسة",
            "التونسي يكسب",
            "السيسي والحكام",
        ];
        let titles: Vec<&str> = (0..10_000).map(|i| five[(i * 7 + i / 4096) % 5]).collect();
        for q in ["تونس", "الحكومة", "سوسة", "^التونسي"] {
            let mut got = search(&titles, q);
            got.sort_unstable();
            let one: Vec<usize> = search(&five, q);
            let want: Vec<usize> = (0..titles.len())
                .filter(|&i| one.iter().any(|&k| five[k] == titles[i]))
                .collect();
            assert_eq!(got, want, "{q}");
        }
    }

    #[test]
    fn one_edit() {
        let q: Vec<char> = "الداخليه".chars().collect();
        for w in ["الداخليه", "الدخاليه", "الداخلي", "الداخليةه", "الداخلبه"]
        {
            assert!(within_one_edit(&q, w), "{w}");
        }
        for w in ["الدخليا", "داخل", "الخارجيه"] {
            assert!(!within_one_edit(&q, w), "{w}");
        }
    }

    proptest::proptest! {
        /// The index finds exactly the titles that a word-by-word check of every title finds.
        #[test]
        fn the_index_agrees_with_a_word_by_word_scan(
            q in "[تونسالحكمةي]{2,7}( [!^]?[تونسالحكمةي]{2,5}\\$?)?",
        ) {
            let titles = [
                "الحكومة التونسية تجتمع",
                "تونس: حكومتها الجديدة",
                "وحكم القاضي في سوسة",
                "التونسي يكسب",
                "السيسي والحكام",
            ];
            let query = Query::parse(&q);
            let idx = WordIndex::build(&titles);
            let all: RoaringBitmap = (0..titles.len() as u32).collect();
            let mut got: Vec<u32> = idx.search(&query, &all, &|| false).unwrap().into_iter().map(|h| h.0).collect();
            got.sort_unstable();
            let brute: Vec<u32> = (0..titles.len() as u32)
                .filter(|&t| brute_match(&idx, &query, titles[t as usize]))
                .collect();
            proptest::prop_assert_eq!(got, brute);
        }
    }

    proptest::proptest! {
        /// Walking the postings and reading the titles' words find the same best hits, for
        /// any subset of titles still in play.
        #[test]
        fn both_ways_round_find_the_same_hits(
            q in "\\^?[تونسالحكمةي]{1,5}\\$?",
            keep in proptest::collection::vec(0u32..5, 0..5),
        ) {
            let titles = [
                "الحكومة التونسية تجتمع",
                "تونس: حكومتها الجديدة",
                "وحكم القاضي في سوسة",
                "التونسي يكسب",
                "السيسي والحكام",
            ];
            let idx = WordIndex::build(&titles);
            let keep: RoaringBitmap = keep.into_iter().collect();
            let query = Query::parse(&q);
            let term = &query.groups[0][0];
            let words = idx.matching_words(&Matcher::new(term), &|| false).unwrap();
            let mut by_word = vec![None; titles.len()];
            let mut by_title = vec![None; titles.len()];
            idx.hits_by_word(term, &words, &keep, &mut by_word);
            idx.hits_by_title(term, &words, &keep, &mut by_title);
            proptest::prop_assert_eq!(by_word, by_title);
        }
    }

    /// The normalised words of a title that a query can match: letters or digits.
    fn title_words(toks: &crate::arabic::tokens::Tokens) -> Vec<String> {
        (0..toks.len()).map(|i| toks.norm(i).to_string()).collect()
    }

    /// The reference: every group matches some word at its place, no excluded word matches.
    fn brute_match(idx: &WordIndex, q: &Query, title: &str) -> bool {
        let toks = tokenize(title);
        let words = title_words(&toks);
        let n = words.len();
        let place = |t: &Term, i: usize| (!t.first || i == 0) && (!t.last || i + 1 == n);
        let matches_at = |t: &Term, typo_ok: bool| {
            let m = Matcher::new(t);
            words.iter().enumerate().any(|(i, w)| {
                place(t, i)
                    && match m.matches(w) {
                        Some(Tier::Typo) => typo_ok,
                        Some(_) => true,
                        None => false,
                    }
            })
        };
        // Typos count only for a word that matches no title word of the corpus otherwise.
        let typo_ok = |t: &Term| {
            let m = Matcher::new(t);
            idx.forms.iter().all(|f| m.tier(f).is_none())
        };
        q.groups
            .iter()
            .all(|g| g.iter().any(|t| matches_at(t, typo_ok(t))))
            && !q.excluded.iter().any(|t| matches_at(t, false))
    }
}

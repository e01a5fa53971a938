//! Phrase lookup on normalised tokens: one hash lookup per reading of a token, then a
//! comparison of the following tokens. No regex, no allocation per token.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

use crate::arabic::normalize::normalize;
use crate::arabic::tokens::{any_stem, gap, stems, tokenize, Tokens};

/// A small fast hasher for short keys (the FxHash mixing step). Keys are our own data, so
/// hash flooding is not a concern.
#[derive(Default, Clone, Copy)]
pub struct FxHasher(u64);

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl Hasher for FxHasher {
    /// Mixes in 8 bytes at a time, little-endian, the last chunk zero-padded.
    fn write(&mut self, bytes: &[u8]) {
        let mut rest = bytes;
        while let Some((chunk, tail)) = rest.split_first_chunk::<8>() {
            self.add(u64::from_le_bytes(*chunk));
            rest = tail;
        }
        if !rest.is_empty() {
            self.add(load_u64(rest));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.write(&[i]);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

pub type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;
pub type FxSet<K> = HashSet<K, BuildHasherDefault<FxHasher>>;

/// A set of normalised words, looked up with and without a leading conjunction (وقال → قال).
#[derive(Clone)]
pub struct WordSet {
    words: FxSet<Box<str>>,
    filter: KeyFilter,
}

impl WordSet {
    pub fn new<'a>(words: impl IntoIterator<Item = &'a String>) -> WordSet {
        let words: FxSet<Box<str>> = words
            .into_iter()
            .map(|w| normalize(w.trim()).into_boxed_str())
            .collect();
        let mut filter = KeyFilter::with_capacity(words.len());
        for w in &words {
            filter.insert(w);
        }
        WordSet { words, filter }
    }

    fn has(&self, w: &str) -> bool {
        self.filter.may_contain(w) && self.words.contains(w)
    }

    pub fn contains(&self, token: &str) -> bool {
        if self.has(token) {
            return true;
        }
        let rest = token.strip_prefix('و').or_else(|| token.strip_prefix('ف'));
        rest.is_some_and(|r| r.chars().count() >= 2 && self.has(r))
    }
}

struct Entry<V> {
    article: bool,
    rest: Box<[Box<str>]>,
    value: V,
}

/// A match of a phrase at a token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hit<V> {
    /// Number of tokens covered.
    pub len: usize,
    /// Chars of the first token that are proclitics, outside the mention.
    pub prefix_chars: u8,
    /// The first token had fused لل: the mention covers the whole token.
    pub fused: bool,
    pub value: V,
}

/// A one-hash Bloom filter over the keys of a set. Most words of a text are not the first
/// word of any phrase; testing one bit on a hash of a word's ends and length is much cheaper
/// than hashing the whole word and probing the map, and a clear bit proves absence.
///
/// A word set's filter is sized to its words.
#[derive(Clone)]
struct KeyFilter {
    words: Box<[u64]>,
    /// 64 - log2(bits): the hash's top bits index the filter.
    shift: u32,
}

impl KeyFilter {
    /// About 32 bits per key, from 2^10 to 2^16.
    fn with_capacity(keys: usize) -> KeyFilter {
        let bits = (keys.max(1) * 32).next_power_of_two().trailing_zeros();
        KeyFilter::with_bits(bits.clamp(10, 16))
    }

    fn with_bits(log2: u32) -> KeyFilter {
        KeyFilter {
            words: vec![0; (1 << log2) / 64].into_boxed_slice(),
            shift: 64 - log2,
        }
    }

    /// A hash of the key's first and last 8 bytes and its length.
    fn hash(key: &str) -> u64 {
        let b = key.as_bytes();
        let n = b.len();
        let head = load_u64(b);
        let tail = match b.last_chunk::<8>() {
            Some(t) if n > 8 => u64::from_le_bytes(*t),
            _ => 0,
        };
        (head ^ tail.rotate_left(29) ^ ((n as u64) << 56)).wrapping_mul(0x9E37_79B9_7F4A_7C15)
    }

    fn insert(&mut self, key: &str) {
        let bit = (Self::hash(key) >> self.shift) as usize;
        if let Some(w) = self.words.get_mut(bit / 64) {
            *w |= 1 << (bit % 64);
        }
    }

    fn may_contain(&self, key: &str) -> bool {
        self.has_bit((Self::hash(key) >> self.shift) as usize)
    }

    fn has_bit(&self, bit: usize) -> bool {
        self.words
            .get(bit / 64)
            .is_some_and(|w| w & (1 << (bit % 64)) != 0)
    }
}

/// The first 8 bytes of `b`, little-endian; for a shorter `b`, its bytes packed into a u64
/// (two overlapping 4-byte reads from 4 bytes on, so no per-byte loop for the 2-letter to
/// 3-letter Arabic words that are most of a text).
fn load_u64(b: &[u8]) -> u64 {
    if let Some(head) = b.first_chunk::<8>() {
        return u64::from_le_bytes(*head);
    }
    if let (Some(head), Some(tail)) = (b.first_chunk::<4>(), b.last_chunk::<4>()) {
        return u64::from(u32::from_le_bytes(*head)) | u64::from(u32::from_le_bytes(*tail)) << 32;
    }
    b.iter()
        .enumerate()
        .fold(0, |v, (k, &x)| v | u64::from(x) << (8 * k))
}

/// The filter of a [`PhraseIndex`]: two probes from a 32-bit hash, so that one hash per
/// reading serves every index (see [`PhraseIndex::filter_hash`]). It starts at 2^16 bits and
/// doubles to keep about 32 bits per key (up to 2^24), so that false positives stay rare even
/// for the later-mention index of a large corpus (each one costs that scan a tokenisation).
#[derive(Clone)]
struct PhraseFilter {
    words: Box<[u64]>,
    log2: u32,
    keys: usize,
}

impl PhraseFilter {
    const MIN_LOG2: u32 = 16;
    const MAX_LOG2: u32 = 24;

    fn new() -> PhraseFilter {
        PhraseFilter::with_log2(Self::MIN_LOG2)
    }

    fn with_log2(log2: u32) -> PhraseFilter {
        PhraseFilter {
            words: vec![0; (1usize << log2) / 64].into_boxed_slice(),
            log2,
            keys: 0,
        }
    }

    fn hash(key: &str) -> u32 {
        (KeyFilter::hash(key) >> 32) as u32
    }

    /// Two bit positions from two multiplicative remixes of the hash.
    fn probes(&self, h: u32) -> [usize; 2] {
        let shift = 32 - self.log2;
        [
            (h.wrapping_mul(0x9E37_79B1) >> shift) as usize,
            (h.rotate_left(16).wrapping_mul(0x85EB_CA77) >> shift) as usize,
        ]
    }

    /// Adds a key by its hash; true when the filter is now too full and should be rebuilt
    /// bigger with [`PhraseFilter::grown`].
    fn insert_hash(&mut self, h: u32) -> bool {
        for bit in self.probes(h) {
            if let Some(w) = self.words.get_mut(bit / 64) {
                *w |= 1 << (bit % 64);
            }
        }
        self.keys += 1;
        self.keys * 32 > 1 << self.log2 && self.log2 < Self::MAX_LOG2
    }

    /// A filter twice as big holding `keys`.
    fn grown<'a>(&self, keys: impl Iterator<Item = &'a str>) -> PhraseFilter {
        let mut f = PhraseFilter::with_log2(self.log2 + 1);
        for k in keys {
            f.insert_hash(Self::hash(k));
        }
        f
    }

    fn may_contain(&self, key: &str) -> bool {
        self.may_contain_hash(Self::hash(key))
    }

    fn may_contain_hash(&self, h: u32) -> bool {
        self.probes(h).iter().all(|&bit| {
            self.words
                .get(bit / 64)
                .is_some_and(|w| w & (1 << (bit % 64)) != 0)
        })
    }
}

/// Phrases keyed by the stem of their first word (without article), each entry holding the
/// article flag and the remaining words.
pub struct PhraseIndex<V> {
    map: FxMap<Box<str>, Vec<Entry<V>>>,
    filter: PhraseFilter,
}

impl<V> Default for PhraseIndex<V> {
    fn default() -> Self {
        PhraseIndex {
            map: FxMap::default(),
            filter: PhraseFilter::new(),
        }
    }
}

impl<V: Copy + PartialEq> PhraseIndex<V> {
    /// Adds a phrase (any spelling; it is normalised and tokenised here). A phrase already
    /// present is given the new value: later definitions win. Returns false when the
    /// phrase has no words.
    pub fn insert(&mut self, phrase: &str, value: V) -> bool {
        let toks = tokenize(phrase);
        let Some(first) = toks.tokens.first().map(|_| toks.norm(0)) else {
            return false;
        };
        let (stem, article) = match first.strip_prefix("ال") {
            Some(s) if s.chars().count() >= 2 => (s, true),
            _ => (first, false),
        };
        let rest: Box<[Box<str>]> = (1..toks.len()).map(|i| toks.norm(i).into()).collect();
        let new_key = !self.map.contains_key(stem);
        let entries = self.map.entry(stem.into()).or_default();
        match entries
            .iter_mut()
            .find(|e| e.article == article && e.rest == rest)
        {
            Some(e) => e.value = value,
            None => {
                entries.push(Entry {
                    article,
                    rest,
                    value,
                });
                // Longest phrases first, so the first match is the longest.
                entries.sort_by_key(|e| std::cmp::Reverse(e.rest.len()));
            }
        }
        if new_key && self.filter.insert_hash(PhraseFilter::hash(stem)) {
            self.filter = self.filter.grown(self.map.keys().map(|k| &**k));
        }
        true
    }

    /// The filter hash of a reading, to test against several indexes with
    /// [`PhraseIndex::may_start`].
    pub fn filter_hash(stem: &str) -> u32 {
        PhraseFilter::hash(stem)
    }

    /// False when no phrase starts with a reading of this filter hash: then
    /// [`PhraseIndex::longest_at`] and [`PhraseIndex::word_at`] find nothing for it.
    pub fn may_start(&self, hash: u32) -> bool {
        self.filter.may_contain_hash(hash)
    }

    /// The longest phrase starting at token `i`, if any. Later words must follow with only
    /// spaces or a dash between them (`مجلس روسيا – الناتو`).
    pub fn longest_at(&self, toks: &Tokens, i: usize) -> Option<Hit<V>> {
        let mut best: Option<Hit<V>> = None;
        any_stem(toks.norm(i), |s| {
            if !self.filter.may_contain(s.stem) {
                return false;
            }
            let Some(entries) = self.map.get(s.stem) else {
                return false;
            };
            for e in entries.iter().filter(|e| e.article == s.article) {
                let len = e.rest.len() + 1;
                if best.is_some_and(|b| b.len >= len) {
                    break;
                }
                if rest_matches(toks, i + 1, &e.rest) {
                    best = Some(Hit {
                        len,
                        prefix_chars: s.prefix_chars,
                        fused: s.fused,
                        value: e.value,
                    });
                    break;
                }
            }
            false
        });
        best
    }

    /// The value of a normalised word when, read with its proclitics stripped, it is a
    /// one-word phrase.
    pub fn word_value(&self, word: &str) -> Option<V> {
        stems(word).find_map(|s| {
            if !self.filter.may_contain(s.stem) {
                return None;
            }
            let entries = self.map.get(s.stem)?;
            entries
                .iter()
                .find(|e| e.article == s.article && e.rest.is_empty())
                .map(|e| e.value)
        })
    }
}

fn rest_matches(toks: &Tokens, from: usize, rest: &[Box<str>]) -> bool {
    rest.iter().enumerate().all(|(k, w)| {
        let i = from + k;
        i < toks.len() && toks.gap_before(i) & gap::HARD == 0 && toks.norm(i) == &**w
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn longest_phrase_wins_and_clitics_strip() {
        let mut ix = PhraseIndex::default();
        ix.insert("الأطلسي", 1u32);
        ix.insert("حلف شمال الأطلسي", 2);
        ix.insert("الناتو", 3);
        let toks = tokenize("وحلف شمال الأطلسي وللناتو");
        assert_eq!(
            ix.longest_at(&toks, 0)
                .map(|h| (h.len, h.value, h.prefix_chars)),
            Some((3, 2, 1))
        );
        assert_eq!(ix.longest_at(&toks, 2).map(|h| h.value), Some(1));
        let h = ix.longest_at(&toks, 3).unwrap();
        assert_eq!((h.value, h.prefix_chars), (3, 1));
    }

    #[test]
    fn phrase_does_not_cross_a_comma() {
        let mut ix = PhraseIndex::default();
        ix.insert("حلف شمال الأطلسي", 2u32);
        let toks = tokenize("حلف شمال، الأطلسي");
        assert_eq!(ix.longest_at(&toks, 0), None);
    }

    #[test]
    fn filter_grows_with_its_keys_and_stays_sound() {
        // Made-up three-word names, as the later-mention index of a big corpus holds.
        let letters: Vec<char> = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي".chars().collect();
        // ش first: no clitic or article to strip, so the word is its own stem.
        let word = |n: usize| -> String {
            std::iter::once('ش')
                .chain((0..4).map(|k| letters[(n / letters.len().pow(k)) % letters.len()]))
                .collect()
        };
        let mut ix = PhraseIndex::default();
        for n in 0..20_000 {
            ix.insert(&word(n), n as u32);
        }
        assert!(ix.filter.log2 > PhraseFilter::MIN_LOG2, "the filter grew");
        for n in 0..20_000 {
            let w = word(n);
            assert!(ix.may_start(PhraseIndex::<u32>::filter_hash(&w)), "{w}");
            assert_eq!(
                ix.longest_at(&tokenize(&w), 0).map(|h| h.value),
                Some(n as u32)
            );
        }
        let false_positives = (20_000..40_000)
            .filter(|&n| ix.may_start(PhraseIndex::<u32>::filter_hash(&word(n))))
            .count();
        assert!(false_positives < 400, "{false_positives} of 20000");
    }

    #[test]
    fn word_set_strips_conjunction() {
        let ws = WordSet::new(&["قال".to_string()]);
        assert!(ws.contains("وقال"));
        assert!(ws.contains("قال"));
        assert!(!ws.contains("قالت"));
    }
}

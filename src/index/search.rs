//! Title search and full-text body search. Titles are searched by words ([`super::words`],
//! the query syntax of [`super::query`]); a query that starts with `~` asks for the loose
//! fuzzy search of letters in order (normalised Arabic, and a Latin consonant skeleton for
//! users without an Arabic keyboard), which is what this module did before.

use std::ops::Range;

use fuzzy_matcher::skim::SkimMatcherV2;
use fuzzy_matcher::FuzzyMatcher;
use rayon::prelude::*;
use roaring::RoaringBitmap;

use super::query::{self, Query as WordQuery};
use super::words::{self, WordIndex};
use crate::arabic::normalize::{normalize, normalize_with_map};
use crate::arabic::translit::{latin_query_skeleton, skeleton_with_map};
use crate::corpus::Article;

/// The word index of every title, built once at load, and the forms the loose search
/// (`~`) matches, built the first time one is asked for.
pub struct TitleSearch {
    words: WordIndex,
    loose: std::sync::OnceLock<LooseIndex>,
}

/// The normalised and skeleton form of every title, for the loose search.
struct LooseIndex {
    norm: Vec<Box<str>>,
    skeleton: Vec<Box<str>>,
    /// Which characters each form contains (see [`char_mask`]), to reject most titles before
    /// running the fuzzy matcher.
    norm_mask: Vec<u64>,
    skeleton_mask: Vec<u64>,
}

/// A 64-bit set of the characters of `s` (hashed to bits; spaces left out). A fuzzy match needs
/// every query character in the title, so a title whose mask lacks a bit of the query's mask
/// cannot match: a cheap, sound pre-filter.
fn char_mask(s: &str) -> u64 {
    // Lower-cased, because the matcher ignores case.
    s.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .fold(0, |m, c| {
            m | 1u64 << ((c as u32).wrapping_mul(0x9E37_79B1) >> 26)
        })
}

/// A query prepared once for matching against many titles.
struct Loose {
    norm: String,
    /// The Latin query as a consonant skeleton, when the query is Latin.
    skeleton: Option<String>,
    norm_mask: u64,
    skeleton_mask: u64,
    /// The query's only character, when it has just one (spaces aside).
    single: Option<char>,
}

impl Loose {
    fn new(q: &str) -> Loose {
        let norm = normalize(q.trim());
        // Latin queries match the titles' transliteration; Arabic queries also match the
        // consonant skeleton, so that spelling variants (الامريكي / الأميركي) still meet.
        let latin = norm.chars().any(|c| c.is_ascii_alphabetic());
        let skeleton = if latin {
            latin_query_skeleton(&norm)
        } else {
            skeleton_with_map(&norm).0
        };
        let skeleton = Some(skeleton).filter(|s| !s.trim().is_empty());
        let norm_mask = char_mask(&norm);
        let skeleton_mask = skeleton.as_deref().map_or(0, char_mask);
        let mut chars = norm.chars().filter(|c| !c.is_whitespace());
        let single = match (chars.next(), chars.next()) {
            (Some(c), None)
                if skeleton
                    .as_ref()
                    .is_none_or(|s| s.trim().chars().count() <= 1) =>
            {
                Some(c)
            }
            _ => None,
        };
        Loose {
            single,
            norm,
            skeleton,
            norm_mask,
            skeleton_mask,
        }
    }
}

/// True when every title `longer` matches is sure to match `shorter` too, so a search for
/// `longer` may look only at what `shorter` found. That holds when the normalised query only
/// grew and the old skeleton is a subsequence of the new one (digraphs such as `sh` and dropped
/// vowels mean a longer Latin query does not always extend its skeleton).
pub fn query_narrows(shorter: &str, longer: &str) -> bool {
    match (loose_text(shorter), loose_text(longer)) {
        (Some(a), Some(b)) => loose_narrows(a, b),
        (None, None) => query::narrows(shorter, longer),
        _ => false,
    }
}

/// The text of a loose query (`~text`), or `None` for a word query.
fn loose_text(q: &str) -> Option<&str> {
    q.trim_start().strip_prefix('~')
}

fn loose_narrows(shorter: &str, longer: &str) -> bool {
    let (a, b) = (Loose::new(shorter), Loose::new(longer));
    if a.norm.is_empty() || !b.norm.starts_with(&a.norm) {
        return false;
    }
    match (&a.skeleton, &b.skeleton) {
        (_, None) => true,
        (Some(x), Some(y)) => is_subsequence(x, y),
        (None, Some(_)) => false,
    }
}

fn is_subsequence(needle: &str, hay: &str) -> bool {
    let mut it = hay.chars();
    needle.chars().all(|c| it.any(|h| h == c))
}

impl LooseIndex {
    /// A one-character query matches every title that has the character (which is what a
    /// fuzzy match of one character is); there is nothing to rank, so the list keeps its order.
    /// This skips the matcher on the keystroke that matches most of the corpus.
    fn contains_char(&self, q: &Loose, c: char, i: usize) -> bool {
        let in_norm = self.norm.get(i).is_some_and(|t| t.contains(c));
        let in_skeleton = match (&q.skeleton, self.skeleton.get(i)) {
            (Some(qs), Some(ts)) => qs.chars().next().is_some_and(|k| ts.contains(k)),
            _ => false,
        };
        in_norm || in_skeleton
    }

    fn build(articles: &[Article]) -> LooseIndex {
        let (norm, skeleton): (Vec<Box<str>>, Vec<Box<str>>) = articles
            .par_iter()
            .map(|a| {
                let n: Box<str> = normalize(&a.title).into();
                let s: Box<str> = skeleton_with_map(&a.title).0.into();
                (n, s)
            })
            .unzip();
        let norm_mask = norm.par_iter().map(|t| char_mask(t)).collect();
        let skeleton_mask = skeleton.par_iter().map(|t| char_mask(t)).collect();
        LooseIndex {
            norm,
            skeleton,
            norm_mask,
            skeleton_mask,
        }
    }

    /// Like [`TitleSearch::search`], but gives up (`None`) as soon as `stale` says the answer
    /// is no longer wanted: it is asked before each chunk of titles, so a search made stale
    /// by the next keystroke stops within a few milliseconds.
    fn search_until(
        &self,
        loose: &str,
        set: &RoaringBitmap,
        stale: &(dyn Fn() -> bool + Sync),
    ) -> Option<Vec<(u32, i64)>> {
        let q = Loose::new(loose);
        let ids: Vec<u32> = set.iter().collect();
        let parts: Option<Vec<Vec<(u32, i64)>>> = ids
            .par_chunks(2048)
            .map(|chunk| {
                if stale() {
                    return None;
                }
                let matcher = SkimMatcherV2::default().ignore_case();
                let found = chunk
                    .iter()
                    .filter_map(|&i| self.score(&matcher, &q, i as usize).map(|s| (i, s)))
                    .collect::<Vec<_>>();
                Some(found)
            })
            .collect();
        Some(parts?.concat())
    }

    fn score(&self, m: &SkimMatcherV2, q: &Loose, i: usize) -> Option<i64> {
        if let Some(c) = q.single {
            return self.contains_char(q, c, i).then_some(0);
        }
        let has = |masks: &[u64], want: u64| masks.get(i).is_some_and(|&t| t & want == want);
        let direct = if has(&self.norm_mask, q.norm_mask) {
            self.norm.get(i).and_then(|t| m.fuzzy_match(t, &q.norm))
        } else {
            None
        };
        let latin = match (&q.skeleton, self.skeleton.get(i)) {
            (Some(qs), Some(ts)) if has(&self.skeleton_mask, q.skeleton_mask) => {
                m.fuzzy_match(ts, qs)
            }
            _ => None,
        };
        direct.max(latin)
    }
}

impl TitleSearch {
    pub fn build(articles: &[Article]) -> TitleSearch {
        let titles: Vec<&str> = articles.iter().map(|a| a.title.as_str()).collect();
        TitleSearch {
            words: WordIndex::build(&titles),
            loose: std::sync::OnceLock::new(),
        }
    }

    /// Scores every article of `set` against `query`; unmatched articles are left out.
    /// `articles` are the ones the index was built from.
    pub fn search(
        &self,
        articles: &[Article],
        query: &str,
        set: &RoaringBitmap,
    ) -> Vec<(u32, i64)> {
        self.search_until(articles, query, set, &|| false)
            .unwrap_or_default()
    }

    /// Like [`TitleSearch::search`], but gives up (`None`) as soon as `stale` says the answer
    /// is no longer wanted: it is asked before each chunk of titles or words, so a search made
    /// stale by the next keystroke stops within a few milliseconds.
    pub fn search_until(
        &self,
        articles: &[Article],
        query: &str,
        set: &RoaringBitmap,
        stale: &(dyn Fn() -> bool + Sync),
    ) -> Option<Vec<(u32, i64)>> {
        match loose_text(query) {
            None => self.words.search(&WordQuery::parse(query), set, stale),
            Some(text) => self
                .loose
                .get_or_init(|| LooseIndex::build(articles))
                .search_until(text, set, stale),
        }
    }
}

/// Byte ranges of `title` to highlight for `query`: the matched characters of whichever form
/// (normalised Arabic or Latin skeleton) matched best, mapped back to the original text.
/// fuzzy-matcher reports char indices, so they go through the char-to-byte maps.
pub fn title_highlights(title: &str, query: &str) -> Vec<Range<usize>> {
    let Some(loose) = loose_text(query) else {
        return words::highlights(title, &WordQuery::parse(query));
    };
    let q = Loose::new(loose);
    if q.norm.is_empty() {
        return Vec::new();
    }
    let m = SkimMatcherV2::default().ignore_case();
    let (norm, norm_map) = normalize_with_map(title);
    let mut best = m
        .fuzzy_indices(&norm, &q.norm)
        .map(|(s, idx)| (s, ranges(title, &norm_map, &idx)));
    if let Some(qs) = &q.skeleton {
        let (skel, skel_map) = skeleton_with_map(title);
        if let Some((s, idx)) = m.fuzzy_indices(&skel, qs) {
            if best.as_ref().is_none_or(|(b, _)| s > *b) {
                best = Some((s, ranges(title, &skel_map, &idx)));
            }
        }
    }
    best.map(|(_, r)| r).unwrap_or_default()
}

/// Char indices of a derived string to byte ranges of the original, one per source char.
fn ranges(original: &str, map: &[usize], indices: &[usize]) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    for &i in indices {
        let Some(&start) = map.get(i) else { continue };
        let end = original[start..]
            .chars()
            .next()
            .map_or(start, |c| start + c.len_utf8());
        match out.last_mut() {
            Some(last) if last.end >= start => last.end = last.end.max(end),
            _ => out.push(start..end),
        }
    }
    out
}

/// Articles of `set` whose body or title contains `text` (on normalised forms).
pub fn body_filter(articles: &[Article], set: &RoaringBitmap, text: &str) -> RoaringBitmap {
    let needle = normalize(text.trim());
    if needle.is_empty() {
        return set.clone();
    }
    let finder = memchr::memmem::Finder::new(needle.as_bytes());
    let ids: Vec<u32> = set.iter().collect();
    ids.par_iter()
        .copied()
        .filter(|&i| {
            articles.get(i as usize).is_some_and(|a| {
                finder.find(normalize(&a.body).as_bytes()).is_some()
                    || finder.find(normalize(&a.title).as_bytes()).is_some()
            })
        })
        .collect::<Vec<u32>>()
        .into_iter()
        .collect()
}

/// Byte ranges of every occurrence of `text` in `s`, matched on normalised forms.
pub fn body_hits(s: &str, text: &str) -> Vec<Range<usize>> {
    let needle = normalize(text.trim());
    if needle.is_empty() {
        return Vec::new();
    }
    let (norm, map) = normalize_with_map(s);
    // Byte offsets in `norm` to char indices, to use `map`.
    let char_at: Vec<usize> = {
        let mut v = vec![0; norm.len() + 1];
        let mut n = 0;
        for (b, c) in norm.char_indices() {
            v[b..b + c.len_utf8()].fill(n);
            n += 1;
        }
        v[norm.len()] = n;
        v
    };
    memchr::memmem::find_iter(norm.as_bytes(), needle.as_bytes())
        .filter_map(|b| {
            let start = *map.get(*char_at.get(b)?)?;
            let end = *map.get(*char_at.get(b + needle.len())?)?;
            Some(start..end)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(title: &str, body: &str) -> Article {
        Article {
            title: title.into(),
            body: body.into(),
            ..Article::default()
        }
    }

    #[test]
    fn normalised_arabic_query_finds_hamza_and_harakat_variants() {
        let arts = [
            article("وزير الخارجية الأميركي أنتوني بلينكن", ""),
            article("مستشار الأمن القومي جيك سوليفان", ""),
        ];
        let ts = TitleSearch::build(&arts);
        let all: RoaringBitmap = (0..2).collect();
        let hits = ts.search(&arts, "الامريكي", &all);
        assert_eq!(hits.iter().map(|h| h.0).collect::<Vec<_>>(), vec![0]);
        assert_eq!(ts.search(&arts, "الأمـــيركي", &all).len(), 1);
        assert_eq!(ts.search(&arts, "سُوليفان", &all)[0].0, 1);
    }

    proptest::proptest! {
        /// The character-mask pre-filter never drops a title the matcher would accept.
        #[test]
        fn mask_prefilter_is_sound(q in "[اأبلينكروفسغيجدتمحه lavrobinkesgh]{1,8}") {
            let titles = [
                "بلينكن يبلغ لافروف ضرورة رؤية وقف تصعيد",
                "لافروف يشدد في محادثة مع بلينكن",
                "البيت الأبيض: اتصالاتنا مع روسيا والأوروبيين",
                "Sergei Lavrov rencontre Blinken à Genève",
            ];
            let arts: Vec<Article> = titles.iter().map(|t| article(t, "")).collect();
            let ts = TitleSearch::build(&arts);
            let all: RoaringBitmap = (0..arts.len() as u32).collect();
            let got: Vec<u32> = ts.search(&arts, &format!("~{q}"), &all).into_iter().map(|h| h.0).collect();
            let query = Loose::new(&q);
            let m = SkimMatcherV2::default().ignore_case();
            let brute: Vec<u32> = (0..arts.len())
                .filter(|&i| {
                    let l = ts.loose.get().unwrap();
                    m.fuzzy_match(&l.norm[i], &query.norm).is_some()
                        || query.skeleton.as_ref().is_some_and(|s| m.fuzzy_match(&l.skeleton[i], s).is_some())
                })
                .map(|i| i as u32)
                .collect();
            proptest::prop_assert_eq!(got, brute);
        }
    }

    #[test]
    fn latin_queries_find_arabic_titles() {
        let arts = [
            article("بلينكن يبلغ لافروف ضرورة رؤية", ""),
            article("البيت الأبيض: اتصالاتنا مع روسيا", ""),
        ];
        let ts = TitleSearch::build(&arts);
        let all: RoaringBitmap = (0..2).collect();
        assert_eq!(
            ts.search(&arts, "lavrov", &all)
                .iter()
                .map(|h| h.0)
                .collect::<Vec<_>>(),
            vec![0]
        );
        assert_eq!(
            ts.search(&arts, "blinken", &all)
                .iter()
                .map(|h| h.0)
                .collect::<Vec<_>>(),
            vec![0]
        );
        assert_eq!(
            ts.search(&arts, "russia", &all)
                .iter()
                .map(|h| h.0)
                .collect::<Vec<_>>(),
            vec![1]
        );
        let r = title_highlights("بلينكن يبلغ لافروف", "lavrov");
        let lit: String = r.iter().map(|r| &"بلينكن يبلغ لافروف"[r.clone()]).collect();
        assert_eq!(lit, "لافروف");
        let r = title_highlights("بلينكن يبلغ لافروف", "~lavrov");
        let lit: String = r.iter().map(|r| &"بلينكن يبلغ لافروف"[r.clone()]).collect();
        assert_eq!(
            lit, "لفرف",
            "the loose search highlights the letters it matched"
        );
    }

    #[test]
    fn highlights_are_byte_ranges_of_the_original() {
        let title = "بلينكن يبلغ لافروف";
        let r = title_highlights(title, "لافروف");
        let text: String = r.iter().map(|r| &title[r.clone()]).collect();
        assert_eq!(text, "لافروف");
    }

    #[test]
    fn body_hits_map_back_through_normalisation() {
        let body = "أكّد بلينكن أن الأزمة... ثم قال بلينكن";
        let hits = body_hits(body, "بلينكن");
        assert_eq!(hits.len(), 2);
        assert!(hits.iter().all(|r| &body[r.clone()] == "بلينكن"));
        let hits = body_hits(body, "اكد");
        assert_eq!(&body[hits[0].clone()], "أكّد");
    }
}

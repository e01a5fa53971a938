//! Keyword in context: every sentence of a set of articles that mentions an entity or contains a
//! term, as rows of byte ranges into the article body (hit, left and right context, sentence).
//!
//! Sentences end at `.` `!` `?` `؟` `؛` (a `.` between two digits does not count) and at
//! paragraph ends. Contexts stay inside the sentence and are cut to `width` characters on each
//! side at a word boundary. Only bodies are searched: entity mentions in titles are left out.
//!
//! Rows hold ranges, not strings, so a search over a large set allocates only for the rows it
//! returns; [`KwicRow::left_text`] and friends slice the body on demand.

use std::ops::Range;

use memchr::memmem::Finder;
use rayon::prelude::*;
use roaring::RoaringBitmap;
use serde::Serialize;

use crate::arabic::normalize::{fold_char, normalize};
use crate::corpus::Article;
use crate::entities::Field;

use super::{push_normalized, word_spans};

/// What to look for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KwicQuery {
    /// Mentions of an entity (by entity number), from the article's mention spans.
    Entity(u32),
    /// A term, matched as a substring of the normalised body (hamza forms, harakat, tatweel,
    /// taa marbuta and alef maqsura do not block a match), like the explorer's body search.
    Text(String),
}

/// Row order.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum KwicSort {
    /// Article number, then position in the body.
    #[default]
    Position,
    /// By the words left of the hit, nearest first (the word just before the hit, then the one
    /// before it...), compared on normalised forms.
    Left,
    /// By the words right of the hit, nearest first.
    Right,
}

/// How much context to keep.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KwicOptions {
    /// Characters of context on each side of the hit, at most (cut at a word boundary).
    pub width: usize,
}

impl Default for KwicOptions {
    fn default() -> KwicOptions {
        KwicOptions { width: 60 }
    }
}

/// One hit. Ranges are byte offsets into the article's `body`, always on char boundaries.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct KwicRow {
    /// Article number (index into the corpus).
    pub article: u32,
    /// Paragraph number, as [`Article::paragraphs`] counts them (from 0).
    pub paragraph: u32,
    pub hit: Range<u32>,
    /// Left context: ends before the hit (whitespace trimmed), starts in the sentence.
    pub left: Range<u32>,
    /// Right context: starts after the hit (whitespace trimmed), ends in the sentence.
    pub right: Range<u32>,
    /// The whole sentence.
    pub sentence: Range<u32>,
}

fn slice<'a>(body: &'a str, r: &Range<u32>) -> &'a str {
    body.get(r.start as usize..r.end as usize).unwrap_or("")
}

impl KwicRow {
    pub fn hit_text<'a>(&self, body: &'a str) -> &'a str {
        slice(body, &self.hit)
    }
    pub fn left_text<'a>(&self, body: &'a str) -> &'a str {
        slice(body, &self.left)
    }
    pub fn right_text<'a>(&self, body: &'a str) -> &'a str {
        slice(body, &self.right)
    }
    pub fn sentence_text<'a>(&self, body: &'a str) -> &'a str {
        slice(body, &self.sentence)
    }
}

/// Every hit of `query` in the bodies of the articles of `set`, in [`KwicSort::Position`]
/// order. Runs in parallel; articles without a hit cost no allocation (entity queries) or
/// only reused buffers (text queries).
pub fn kwic(
    articles: &[Article],
    set: &RoaringBitmap,
    query: &KwicQuery,
    opts: &KwicOptions,
) -> Vec<KwicRow> {
    let ids: Vec<u32> = set.iter().collect();
    let width = opts.width;
    match query {
        KwicQuery::Entity(e) => ids
            .par_iter()
            .with_min_len(64)
            .flat_map_iter(|&i| {
                let mut rows = Vec::new();
                if let Some(a) = articles.get(i as usize) {
                    let hits = a
                        .mentions()
                        .iter()
                        .filter(|m| m.entity == *e && m.field == Field::Body)
                        .map(|m| (m.start as usize, m.end as usize));
                    rows_of(i, &a.body, hits, width, &mut rows);
                    // Mentions come in text order; make sure of it.
                    if !rows.is_sorted_by_key(|r| r.hit.start) {
                        rows.sort_by_key(|r| r.hit.start);
                    }
                }
                rows
            })
            .collect(),
        KwicQuery::Text(t) => {
            let needle = normalize(t.trim());
            if needle.is_empty() {
                return Vec::new();
            }
            let finder = Finder::new(needle.as_bytes());
            let guards = prefilter_chars(&needle);
            ids.par_iter()
                .with_min_len(64)
                .map_init(Scratch::default, |scratch, &i| {
                    let mut rows = Vec::new();
                    let Some(a) = articles.get(i as usize) else {
                        return rows;
                    };
                    let body = a.body.as_bytes();
                    if !guards
                        .iter()
                        .all(|g| memchr::memmem::find(body, g.as_bytes()).is_some())
                    {
                        return rows;
                    }
                    scratch.fill(&a.body);
                    let map = &scratch.map;
                    let hits = finder
                        .find_iter(scratch.norm.as_bytes())
                        .filter_map(|b| Some((*map.get(b)?, *map.get(b + needle.len())?)));
                    rows_of(i, &a.body, hits, width, &mut rows);
                    rows
                })
                .flatten_iter()
                .collect()
        }
    }
}

/// Sorts rows by the left or right context (normalised words nearest the hit first), or by
/// position. Ties keep position order. `articles` must be the slice the rows came from.
pub fn sort_rows(rows: &mut [KwicRow], articles: &[Article], sort: KwicSort) {
    const KEY_WORDS: usize = 8;
    let body = |r: &KwicRow| articles.get(r.article as usize).map_or("", |a| &a.body);
    match sort {
        KwicSort::Position => rows.par_sort_unstable_by_key(|r| (r.article, r.hit.start)),
        KwicSort::Left => rows.par_sort_by_cached_key(|r| {
            let b = body(r);
            let left = b.get(r.sentence.start as usize..r.hit.start as usize);
            let spans: Vec<(usize, usize)> = word_spans(left.unwrap_or("")).collect();
            let mut key = String::new();
            for &(s, e) in spans.iter().rev().take(KEY_WORDS) {
                push_normalized(left.and_then(|l| l.get(s..e)).unwrap_or(""), &mut key);
                key.push('\u{1}');
            }
            (key, r.article, r.hit.start)
        }),
        KwicSort::Right => rows.par_sort_by_cached_key(|r| {
            let b = body(r);
            let right = b
                .get(r.hit.end as usize..r.sentence.end as usize)
                .unwrap_or("");
            let mut key = String::new();
            for (s, e) in word_spans(right).take(KEY_WORDS) {
                push_normalized(right.get(s..e).unwrap_or(""), &mut key);
                key.push('\u{1}');
            }
            (key, r.article, r.hit.start)
        }),
    }
}

/// Per-thread buffers for text queries: the normalised body and, for each of its bytes, the
/// byte offset in the original of the char it came from (plus the body's length at the end).
#[derive(Default)]
struct Scratch {
    norm: String,
    map: Vec<usize>,
}

impl Scratch {
    fn fill(&mut self, s: &str) {
        self.norm.clear();
        self.map.clear();
        for (i, c) in s.char_indices() {
            if let Some(f) = fold_char(c) {
                self.norm.push(f);
                self.map.extend(std::iter::repeat_n(i, f.len_utf8()));
            }
        }
        self.map.push(s.len());
    }
}

/// Up to two characters of the normalised needle that must appear literally in any body that
/// contains it: characters no other character folds into. Checking them with memchr skips the
/// normalisation of most articles for a rare term.
fn prefilter_chars(needle: &str) -> Vec<String> {
    // Letters that other characters fold into, and what normalisation lowercases or maps.
    let folded_into = |c: char| {
        matches!(c, 'ا' | 'ي' | 'و' | 'ه' | 'ك' | ' ' | '0'..='9' | 'a'..='z')
            || fold_char(c) != Some(c)
    };
    // Rough frequency rank of Arabic letters, commonest first; others count as rare.
    const COMMON: &str = "لنمرتبعدسفقحجشصخطزثضذغظئءأإآؤة";
    let rank = |c: char| COMMON.chars().position(|x| x == c).unwrap_or(usize::MAX);
    let mut chars: Vec<char> = needle.chars().filter(|&c| !folded_into(c)).collect();
    chars.sort_unstable_by_key(|&c| std::cmp::Reverse(rank(c)));
    chars.dedup();
    chars.into_iter().take(2).map(String::from).collect()
}

fn is_terminator(body: &[u8], i: usize, c: char) -> bool {
    match c {
        '!' | '?' | '؟' | '؛' => true,
        '.' => {
            // 3.5 and 1.000 are numbers, not sentence ends.
            let digit = |j: Option<usize>| {
                j.and_then(|j| body.get(j))
                    .is_some_and(|b: &u8| b.is_ascii_digit())
            };
            !(digit(i.checked_sub(1)) && digit(Some(i + 1)))
        }
        _ => false,
    }
}

/// How far the sentence of a hit is looked for on each side. A text with no full stop (a
/// table, a transcript) would otherwise make every hit scan the whole text: quadratic.
const MAX_SENTENCE_BYTES: usize = 4096;

/// The sentence around `start..end`: from after the previous terminator or line break (leading
/// whitespace skipped) to the next terminator (included, with any that follow it) or line
/// break, looking at most [`MAX_SENTENCE_BYTES`] each way.
fn sentence_bounds(body: &str, start: usize, end: usize) -> (usize, usize) {
    let bytes = body.as_bytes();
    let floor = body.floor_char_boundary(start.saturating_sub(MAX_SENTENCE_BYTES));
    let mut s = floor;
    for (i, c) in body.get(floor..start).unwrap_or("").char_indices().rev() {
        let at = floor + i;
        if c == '\n' || is_terminator(bytes, at, c) {
            s = at + c.len_utf8();
            break;
        }
    }
    let lead = body.get(s..start).unwrap_or("");
    s += lead.len() - lead.trim_start().len();
    let ceiling = body.floor_char_boundary(end.saturating_add(MAX_SENTENCE_BYTES));
    let mut e = ceiling.max(end);
    let mut in_terminators = false;
    for (i, c) in body.get(end..ceiling).unwrap_or("").char_indices() {
        let at = end + i;
        if c == '\n' {
            e = at;
            break;
        }
        if is_terminator(bytes, at, c) {
            in_terminators = true;
        } else if in_terminators {
            e = at;
            break;
        }
    }
    (s, e)
}

/// The left context in `from..to`: at most `width` chars ending at `to`, starting at a word.
fn left_context(body: &str, from: usize, to: usize, width: usize) -> (usize, usize) {
    let region = body.get(from..to).unwrap_or("");
    let region = region.trim_end();
    let to = from + region.len();
    if width == 0 {
        return (to, to);
    }
    let cut = match region.char_indices().rev().nth(width - 1) {
        None => 0,
        Some((i, _)) => {
            let mid_word = region[..i]
                .chars()
                .next_back()
                .is_some_and(|c| !c.is_whitespace());
            match region[i..].find(char::is_whitespace) {
                Some(w) if mid_word => i + w,
                _ => i,
            }
        }
    };
    let kept = region.get(cut..).unwrap_or("").trim_start();
    (to - kept.len(), to)
}

/// The right context in `from..to`: at most `width` chars starting at `from`, ending at a word.
fn right_context(body: &str, from: usize, to: usize, width: usize) -> (usize, usize) {
    let region = body.get(from..to).unwrap_or("");
    let region = region.trim_start();
    let from = to - region.len();
    if width == 0 {
        return (from, from);
    }
    let cut = match region.char_indices().nth(width) {
        None => region.len(),
        Some((i, _)) => {
            let mid_word = region[i..]
                .chars()
                .next()
                .is_some_and(|c| !c.is_whitespace());
            match region[..i].rfind(char::is_whitespace) {
                Some(w) if mid_word => w,
                _ => i,
            }
        }
    };
    let kept = region.get(..cut).unwrap_or("").trim_end();
    (from, from + kept.len())
}

/// Turns the hits of one article into rows. Hits must come in increasing order of start;
/// invalid spans (out of the body, not on char boundaries, empty) are skipped.
fn rows_of(
    article: u32,
    body: &str,
    hits: impl Iterator<Item = (usize, usize)>,
    width: usize,
    out: &mut Vec<KwicRow>,
) {
    let bytes = body.as_bytes();
    // Paragraph counting, carried from hit to hit.
    let (mut counted_to, mut paragraph) = (0usize, 0u32);
    let mut last_start = None;
    for (start, end) in hits {
        if start >= end
            || end > body.len()
            || !body.is_char_boundary(start)
            || !body.is_char_boundary(end)
            || last_start == Some(start)
        {
            continue;
        }
        if start < counted_to {
            (counted_to, paragraph) = (0, 0);
        }
        for nl in memchr::memchr_iter(b'\n', &bytes[counted_to..start]) {
            let at = counted_to + nl;
            // A line break closes a paragraph only when the paragraph was not empty.
            if at > 0 && bytes[at - 1] != b'\n' {
                paragraph += 1;
            }
        }
        counted_to = start;
        last_start = Some(start);
        let (s, e) = sentence_bounds(body, start, end);
        let (ls, le) = left_context(body, s, start, width);
        let (rs, re) = right_context(body, end, e.max(end), width);
        out.push(KwicRow {
            article,
            paragraph,
            hit: start as u32..end as u32,
            left: ls as u32..le as u32,
            right: rs as u32..re as u32,
            sentence: s as u32..e.max(end) as u32,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::Mention;
    use proptest::prelude::*;

    /// An article whose body mentions entity 0 wherever `name` occurs.
    fn article(body: &str, name: &str) -> Article {
        let mentions = body
            .match_indices(name)
            .map(|(i, m)| Mention {
                entity: 0,
                field: Field::Body,
                start: i as u32,
                end: (i + m.len()) as u32,
            })
            .collect();
        Article {
            body: body.into(),
            ..Article::default()
        }
        .with_mentions(mentions)
    }

    fn all(n: usize) -> RoaringBitmap {
        (0..n as u32).collect()
    }

    fn texts(rows: &[KwicRow], arts: &[Article]) -> Vec<(String, String, String)> {
        rows.iter()
            .map(|r| {
                let b = &arts[r.article as usize].body;
                (
                    r.left_text(b).to_string(),
                    r.hit_text(b).to_string(),
                    r.right_text(b).to_string(),
                )
            })
            .collect()
    }

    #[test]
    fn entity_hits_stay_in_their_sentence_and_paragraph() {
        let arts = vec![
            article(
                "قال لافروف إن الحوار ممكن. ثم غادر.\nوأكد بلينكن أن لافروف محق؟ نعم",
                "لافروف",
            ),
            article("لا شيء هنا.", "لافروف"),
            article("قالت موسكو؛ لافروف يصل 3.5 ساعة! ثم", "لافروف"),
        ];
        let rows = kwic(
            &arts,
            &all(3),
            &KwicQuery::Entity(0),
            &KwicOptions::default(),
        );
        assert_eq!(
            texts(&rows, &arts),
            [
                ("قال".into(), "لافروف".into(), "إن الحوار ممكن.".into()),
                ("وأكد بلينكن أن".into(), "لافروف".into(), "محق؟".into()),
                ("".into(), "لافروف".into(), "يصل 3.5 ساعة!".into()),
            ]
        );
        assert_eq!(
            rows.iter()
                .map(|r| (r.article, r.paragraph))
                .collect::<Vec<_>>(),
            [(0, 0), (0, 1), (2, 0)]
        );
        let s = &rows[1];
        assert_eq!(s.sentence_text(&arts[0].body), "وأكد بلينكن أن لافروف محق؟");
        // Only the set is searched.
        let some: RoaringBitmap = [2u32].into_iter().collect();
        let rows = kwic(&arts, &some, &KwicQuery::Entity(0), &KwicOptions::default());
        assert_eq!(rows.len(), 1);
    }

    #[test]
    fn text_terms_match_normalised_and_map_back() {
        let arts = vec![article(
            "أكّد الوزير أنّ الأزمةَ خطيرة.\n\nوقال إن الازمة لم تنته",
            "-",
        )];
        let rows = kwic(
            &arts,
            &all(1),
            &KwicQuery::Text("الازمة".into()),
            &KwicOptions::default(),
        );
        let t = texts(&rows, &arts);
        assert_eq!(t.len(), 2);
        assert_eq!(t[0].1, "الأزمةَ");
        assert_eq!(t[0].0, "أكّد الوزير أنّ");
        assert_eq!(t[0].2, "خطيرة.");
        assert_eq!(t[1].1, "الازمة");
        // An empty line is not a paragraph.
        assert_eq!(rows[1].paragraph, 1);
        assert!(kwic(
            &arts,
            &all(1),
            &KwicQuery::Text("  ".into()),
            &KwicOptions::default()
        )
        .is_empty());
        assert!(kwic(
            &arts,
            &all(1),
            &KwicQuery::Text("ظظظ".into()),
            &KwicOptions::default()
        )
        .is_empty());
    }

    #[test]
    fn contexts_are_cut_at_word_boundaries() {
        let arts = vec![article(
            "واحد اثنان ثلاثة أربعة لافروف خمسة ستة سبعة ثمانية",
            "لافروف",
        )];
        let opts = KwicOptions { width: 12 };
        let rows = kwic(&arts, &all(1), &KwicQuery::Entity(0), &opts);
        let t = texts(&rows, &arts);
        // 12 chars left of the hit are "نان ثلاثة أربعة" minus its start: cut mid-word, so
        // the partial word is dropped.
        assert_eq!(t[0].0, "ثلاثة أربعة");
        assert_eq!(t[0].2, "خمسة ستة");
        let rows = kwic(
            &arts,
            &all(1),
            &KwicQuery::Entity(0),
            &KwicOptions { width: 0 },
        );
        assert_eq!(
            texts(&rows, &arts)[0],
            ("".into(), "لافروف".into(), "".into())
        );
    }

    #[test]
    fn sorting_by_left_reads_backwards_from_the_hit() {
        let arts = vec![
            article("ب ي لافروف ج.", "لافروف"),
            article("ي أ لافروف ب.", "لافروف"),
            article("أ ب لافروف أ.", "لافروف"),
        ];
        let mut rows = kwic(
            &arts,
            &all(3),
            &KwicQuery::Entity(0),
            &KwicOptions::default(),
        );
        sort_rows(&mut rows, &arts, KwicSort::Left);
        // Nearest left words: ي, أ (= ا), ب → ا < ب < ي.
        assert_eq!(
            rows.iter().map(|r| r.article).collect::<Vec<_>>(),
            [1, 2, 0]
        );
        sort_rows(&mut rows, &arts, KwicSort::Right);
        assert_eq!(
            rows.iter().map(|r| r.article).collect::<Vec<_>>(),
            [2, 1, 0]
        );
        sort_rows(&mut rows, &arts, KwicSort::Position);
        assert_eq!(
            rows.iter().map(|r| r.article).collect::<Vec<_>>(),
            [0, 1, 2]
        );
    }

    #[test]
    fn bad_mention_spans_are_skipped() {
        let a = article("لافروف قال", "لافروف");
        let mut mentions = a.mentions().to_vec();
        mentions.push(Mention {
            entity: 0,
            field: Field::Body,
            start: 1,
            end: 999,
        });
        mentions.push(Mention {
            entity: 0,
            field: Field::Body,
            start: 1,
            end: 3,
        });
        let a = a.with_mentions(mentions);
        let rows = kwic(
            &[a],
            &all(1),
            &KwicQuery::Entity(0),
            &KwicOptions::default(),
        );
        assert_eq!(rows.len(), 1);
    }

    fn check(body: &str, rows: &[KwicRow]) -> Result<(), TestCaseError> {
        for r in rows {
            for range in [&r.hit, &r.left, &r.right, &r.sentence] {
                let (s, e) = (range.start as usize, range.end as usize);
                prop_assert!(s <= e && e <= body.len(), "{range:?} in {}", body.len());
                prop_assert!(body.is_char_boundary(s) && body.is_char_boundary(e));
            }
            prop_assert!(r.sentence.start <= r.left.start && r.left.end <= r.hit.start);
            prop_assert!(r.hit.end <= r.right.start && r.right.end <= r.sentence.end);
        }
        Ok(())
    }

    proptest! {
        #[test]
        fn rows_are_on_char_boundaries_inside_the_body(
            body in "[\\u{0621}-\\u{064A}\\u{064B}\\u{0640}\\u{200f} .!?؟؛\n0-9a-zA-Zé]{0,200}",
            term in "[\\u{0621}-\\u{064A}\\u{064B} .a]{1,3}",
            width in 0usize..30,
            spans in proptest::collection::vec((0u32..220, 0u32..220), 0..6),
        ) {
            let a = Article { body: body.clone(), ..Article::default() }.with_mentions(spans
                .iter()
                .map(|&(s, e)| Mention { entity: 0, field: Field::Body, start: s, end: e })
                .collect());
            let arts = [a];
            let opts = KwicOptions { width };
            let mut rows = kwic(&arts, &all(1), &KwicQuery::Text(term), &opts);
            check(&body, &rows)?;
            sort_rows(&mut rows, &arts, KwicSort::Left);
            let rows = kwic(&arts, &all(1), &KwicQuery::Entity(0), &opts);
            check(&body, &rows)?;
        }
    }
}

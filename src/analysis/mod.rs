//! Corpus analysis beyond reading: entity timelines, co-occurrence, keyword-in-context and
//! near-duplicate (wire copy) clusters. Pure functions over a loaded corpus: no UI, no I/O.
//!
//! Every function takes the set of articles to look at as a [`roaring::RoaringBitmap`] (the
//! `set` of the current filter's [`crate::index::Results`]), so a view can follow the filter:
//!
//! - [`timeline()`]: articles per month that mention an entity, contiguous months, plus undated.
//! - [`cooccurrences`]: the entities mentioned in the same articles, ranked by Dunning's
//!   log-likelihood ratio (G²), not by raw counts.
//! - [`kwic()`]: every sentence that mentions an entity or contains a term, with left and right
//!   context as byte ranges into the body, sortable by either side ([`sort_rows`]).
//! - [`near_duplicates`]: MinHash/LSH clusters of articles that share most of their text, with
//!   exact Jaccard and containment figures; the explorer runs it off-thread.

pub mod cooccur;
pub mod dups;
pub mod kwic;
pub mod timeline;

pub use cooccur::{cooccurrences, g2, rank_partners, CooccurOptions, Cooccurrence, Partner};
pub use dups::{
    near_duplicates, near_duplicates_counting, pair_similarity, Cluster, DupOptions, DupReport,
    PairSimilarity,
};
pub use kwic::{kwic, sort_rows, KwicOptions, KwicQuery, KwicRow, KwicSort};
pub use timeline::{entity_articles, timeline, MonthCount, Timeline};

use crate::arabic::normalize::{fold_char, is_haraka, is_invisible};

/// `char::is_alphanumeric` for a folded character, with the Arabic block and ASCII answered
/// without the Unicode tables (the slow path is most of the cost of shingling otherwise).
#[inline]
pub(crate) fn is_word_char(c: char) -> bool {
    match c {
        '\0'..='\u{7F}' => c.is_ascii_alphanumeric(),
        '\u{0621}'..='\u{063A}'
        | '\u{0641}'..='\u{064A}'
        | '\u{0660}'..='\u{0669}'
        | '\u{066E}'..='\u{06D3}'
        | '\u{06D5}'
        | '\u{06EE}'..='\u{06FC}'
        | '\u{06FF}' => true,
        '\u{0600}'..='\u{06FF}' => c.is_alphanumeric(),
        _ => c.is_alphanumeric(),
    }
}

/// Byte spans of the words of `s`: runs of letters and digits (after folding). Harakat,
/// tatweel and invisible characters inside a word do not split it.
pub(crate) fn word_spans(s: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut it = s.char_indices().peekable();
    std::iter::from_fn(move || {
        // Skip to the first letter or digit.
        let start = loop {
            let (i, c) = it.next()?;
            if fold_char(c).is_some_and(is_word_char) {
                break i;
            }
        };
        let mut end = s.len();
        while let Some(&(i, c)) = it.peek() {
            let word_char =
                is_haraka(c) || is_invisible(c) || fold_char(c).is_some_and(is_word_char);
            if !word_char {
                end = i;
                break;
            }
            it.next();
        }
        Some((start, end))
    })
}

/// Appends the normalised form of `word` (see [`crate::arabic::normalize()`]) to `out`.
pub(crate) fn push_normalized(word: &str, out: &mut String) {
    out.extend(word.chars().filter_map(fold_char));
}

#[cfg(test)]
pub(crate) mod tests_support {
    use crate::arabic::dates::{Precision, PubDate};
    use crate::corpus::Article;
    use crate::entities::{Field, Mention};

    /// An article whose title mentions each of `entities` once.
    pub fn article(entities: &[u32]) -> Article {
        let mentions = entities
            .iter()
            .enumerate()
            .map(|(i, &e)| Mention {
                entity: e,
                field: Field::Title,
                start: i as u32,
                end: i as u32 + 1,
            })
            .collect();
        Article {
            title: "x".repeat(entities.len().max(1)),
            ..Article::default()
        }
        .with_mentions(mentions)
    }

    pub fn dated(mut a: Article, y: i32, m: u32, d: u32) -> Article {
        a.date = chrono::NaiveDate::from_ymd_opt(y, m, d).map(|date| PubDate {
            date,
            precision: Precision::Day,
            inferred: false,
        });
        a
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_chars_agree_with_unicode() {
        for c in (0u32..0x800).filter_map(char::from_u32) {
            assert_eq!(
                is_word_char(c),
                c.is_alphanumeric(),
                "{c:?} U+{:04X}",
                c as u32
            );
        }
    }

    #[test]
    fn words_keep_harakat_and_tatweel_inside() {
        let s = "أكّد، أخـــبار  (بلينكن) 2022.";
        let words: Vec<&str> = word_spans(s).map(|(a, b)| &s[a..b]).collect();
        assert_eq!(words, ["أكّد", "أخـــبار", "بلينكن", "2022"]);
        let mut n = String::new();
        push_normalized(words[1], &mut n);
        assert_eq!(n, "اخبار");
    }
}

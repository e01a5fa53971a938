//! In-memory facet index, filters and fuzzy search. No UI code.
//!
//! Facet sets are roaring bitmaps of article numbers; a filter is their intersection, then a
//! body search and a fuzzy title search over what is left. The TUI and `akhbar list` both go
//! through [`Index::apply`], so every filter of the explorer can be run headless.

mod query;
mod search;
mod words;

use std::collections::BTreeMap;
use std::sync::OnceLock;

use chrono::{Datelike, NaiveDate};
use rayon::prelude::*;
use roaring::RoaringBitmap;

use crate::arabic::dates::Precision;
use crate::corpus::Article;

pub use query::{Query, Term};
pub use search::{body_hits, query_narrows, title_highlights, TitleSearch};
pub use words::Tier;

/// Each article's position when sorted by `key` (ties in load order).
fn ranks_by<K: Ord>(n: usize, key: impl Fn(usize) -> K) -> Vec<u32> {
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by_key(|&i| key(i));
    let mut rank = vec![0u32; n];
    for (r, i) in order.into_iter().enumerate() {
        rank[i] = r as u32;
    }
    rank
}

/// A calendar month as `year * 12 + month - 1`, so months sort and subtract as numbers.
pub type MonthKey = i32;

pub fn month_key(d: NaiveDate) -> MonthKey {
    d.year() * 12 + d.month0() as i32
}

pub fn month_of_key(k: MonthKey) -> (i32, u32) {
    (k.div_euclid(12), k.rem_euclid(12) as u32 + 1)
}

/// The list order with no search: newest first, undated last, ties in load order.
pub fn default_order(articles: &[Article]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..articles.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(articles[i].date.map(|d| d.date)));
    order
}

/// The distinct months of the articles' dates, sorted, and each article's index into them
/// (the number of months for an undated article). Dates span far fewer than 65,535 months;
/// any beyond that count as undated here.
fn month_table(articles: &[Article]) -> (Vec<MonthKey>, Vec<u16>) {
    let key = |a: &Article| a.date.map(|d| month_key(d.date));
    let mut months: Vec<MonthKey> = articles.iter().filter_map(key).collect();
    months.sort_unstable();
    months.dedup();
    months.truncate(usize::from(u16::MAX - 1));
    let undated = months.len() as u16;
    let month_of = articles
        .iter()
        .map(|a| {
            key(a)
                .and_then(|k| months.binary_search(&k).ok())
                .map_or(undated, |i| i as u16)
        })
        .collect();
    (months, month_of)
}

/// A date range, inclusive at both ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DateRange {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

/// The order of the list.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Sort {
    /// Best title match first while a title query is active, else newest first.
    #[default]
    Relevance,
    Newest,
    Oldest,
    /// By source name, newest first within a source.
    Source,
}

impl Sort {
    /// The next order, as the sort key cycles them; relevance only while a query is active.
    pub fn next(self, querying: bool) -> Sort {
        match self {
            Sort::Relevance => Sort::Newest,
            Sort::Newest => Sort::Oldest,
            Sort::Oldest => Sort::Source,
            Sort::Source if querying => Sort::Relevance,
            Sort::Source => Sort::Newest,
        }
    }

    /// The order the list is really in: relevance without a query is newest first.
    pub fn label(self, querying: bool) -> &'static str {
        match self {
            Sort::Relevance if !querying => Sort::Newest.name(),
            s => s.name(),
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Sort::Relevance => "relevance",
            Sort::Newest => "newest",
            Sort::Oldest => "oldest",
            Sort::Source => "source",
        }
    }
}

/// Everything that narrows the list.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filter {
    /// Fuzzy title query (Arabic or Latin).
    pub query: String,
    /// Full-text body search (normalised substring).
    pub text: String,
    /// Selected entities; an article must mention all of them.
    pub entities: Vec<u32>,
    /// Publication date range; articles without a date are left out when it is set.
    pub dates: Option<DateRange>,
    /// Only articles without a date.
    pub undated: bool,
    /// Only these articles (the user's marks), when set.
    pub marked: Option<RoaringBitmap>,
    /// Leave these articles out (non-representative members of near-duplicate clusters).
    pub exclude: Option<RoaringBitmap>,
    /// The order of the list; it never changes which articles are in it.
    pub sort: Sort,
}

impl Filter {
    pub fn is_empty(&self) -> bool {
        *self == Filter::default()
    }

    /// True when everything `next` lets through, `self` lets through too, because the two
    /// differ only in a title query that grew (see [`query_narrows`]). Then the results of
    /// `self` are a valid starting point for `next`.
    pub fn narrows_to(&self, next: &Filter) -> bool {
        let rest = |f: &Filter| Filter {
            query: String::new(),
            sort: Sort::default(),
            ..f.clone()
        };
        search::query_narrows(&self.query, &next.query) && rest(self) == rest(next)
    }
}

/// The result of a filter: article numbers in display order, and the set for facet counts.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Results {
    pub articles: Vec<u32>,
    pub set: RoaringBitmap,
}

/// The facet index of a corpus.
pub struct Index {
    len: u32,
    /// Position of each article in the default order.
    rank: Vec<u32>,
    order: Vec<u32>,
    /// Position of each article oldest first (undated last), and by source then newest.
    rank_oldest: Vec<u32>,
    rank_source: Vec<u32>,
    /// The entity part, set once entities are extracted (the explorer shows the corpus
    /// before that; see `library::Pending::fill`).
    entities: OnceLock<EntityPostings>,
    /// Publication date of each article (day precision or not), if any.
    dates: Vec<Option<(NaiveDate, Precision)>>,
    undated: RoaringBitmap,
    titles: TitleSearch,
    /// The distinct months of the corpus, sorted, and for each article the index of its
    /// month there (`months.len()` when undated).
    months: Vec<MonthKey>,
    month_of: Vec<u16>,
}

/// Which articles mention which entities.
struct EntityPostings {
    entity_docs: Vec<RoaringBitmap>,
    /// Distinct entities of each article, as a compressed row list.
    doc_entity_start: Vec<u32>,
    doc_entities: Vec<u32>,
    /// Entity counts over the whole corpus, the most common recount (no filter).
    totals: Vec<u32>,
}

impl EntityPostings {
    fn build(articles: &[Article], n_entities: usize) -> EntityPostings {
        let mut entity_docs = vec![RoaringBitmap::new(); n_entities];
        let mut doc_entity_start = Vec::with_capacity(articles.len() + 1);
        let mut doc_entities = Vec::new();
        for (i, a) in articles.iter().enumerate() {
            doc_entity_start.push(doc_entities.len() as u32);
            let mut ents: Vec<u32> = a.mentions().iter().map(|m| m.entity).collect();
            ents.sort_unstable();
            ents.dedup();
            for &e in &ents {
                if let Some(set) = entity_docs.get_mut(e as usize) {
                    set.insert(i as u32);
                }
            }
            doc_entities.extend(ents);
        }
        doc_entity_start.push(doc_entities.len() as u32);
        let totals = entity_docs.iter().map(|d| d.len() as u32).collect();
        EntityPostings {
            entity_docs,
            doc_entity_start,
            doc_entities,
            totals,
        }
    }
}

/// The entity part of an index whose entities are not extracted yet.
static NO_ENTITIES: EntityPostings = EntityPostings {
    entity_docs: Vec::new(),
    doc_entity_start: Vec::new(),
    doc_entities: Vec::new(),
    totals: Vec::new(),
};

impl Index {
    /// Builds the index; `n_entities` is the size of the entity table mentions point into.
    pub fn build(articles: &[Article], n_entities: usize) -> Index {
        let index = Index::without_entities(articles);
        index.set_entities(articles, n_entities);
        index
    }

    /// Builds the index of dates and titles; [`Index::set_entities`] adds the entities later.
    pub fn without_entities(articles: &[Article]) -> Index {
        let order: Vec<u32> = default_order(articles)
            .into_iter()
            .map(|i| i as u32)
            .collect();
        let mut rank = vec![0u32; articles.len()];
        for (r, &i) in order.iter().enumerate() {
            rank[i as usize] = r as u32;
        }
        let undated = (0..articles.len() as u32)
            .filter(|&i| articles[i as usize].date.is_none())
            .collect();
        let (months, month_of) = month_table(articles);
        let oldest = |i: usize| (articles[i].date.is_none(), articles[i].date.map(|d| d.date));
        // Borrowed, not cloned: the key is computed at every comparison of the sort.
        let source = |i: usize| {
            let s = articles[i].source.as_deref();
            (s.is_none(), s, rank[i])
        };
        Index {
            rank_oldest: ranks_by(articles.len(), oldest),
            rank_source: ranks_by(articles.len(), source),
            months,
            month_of,
            len: articles.len() as u32,
            rank,
            order,
            entities: OnceLock::new(),
            dates: articles
                .iter()
                .map(|a| a.date.map(|d| (d.date, d.precision)))
                .collect(),
            undated,
            titles: TitleSearch::build(articles),
        }
    }

    /// Indexes the articles' mentions, once they are set; `n_entities` is the size of the
    /// entity table they point into. Only the first call counts.
    pub fn set_entities(&self, articles: &[Article], n_entities: usize) {
        let _ = self
            .entities
            .set(EntityPostings::build(articles, n_entities));
    }

    fn postings(&self) -> &EntityPostings {
        self.entities.get().unwrap_or(&NO_ENTITIES)
    }

    pub fn len(&self) -> usize {
        self.len as usize
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn titles(&self) -> &TitleSearch {
        &self.titles
    }

    /// The articles a filter lets through, best first.
    pub fn apply(&self, articles: &[Article], f: &Filter) -> Results {
        self.apply_after(articles, f, None)
    }

    /// Like [`Index::apply`], reusing the results of the previous filter when the new one only
    /// makes the title query longer: a longer fuzzy query can only match a subset of what the
    /// shorter one matched, so only those titles are searched again.
    pub fn apply_after(
        &self,
        articles: &[Article],
        f: &Filter,
        prev: Option<(&Filter, &Results)>,
    ) -> Results {
        self.apply_until(articles, f, prev, &|| false)
            .unwrap_or_default()
    }

    /// Like [`Index::apply_after`], giving up (`None`) when `stale` turns true during the
    /// title search: what the explorer's background search runs, so that a keystroke
    /// cancels the search the previous one started.
    pub fn apply_until(
        &self,
        articles: &[Article],
        f: &Filter,
        prev: Option<(&Filter, &Results)>,
        stale: &(dyn Fn() -> bool + Sync),
    ) -> Option<Results> {
        let mut r = self.unsorted(articles, f, prev, stale)?;
        self.sort(&mut r.articles, f.sort);
        Some(r)
    }

    /// Puts the results in the chosen order; relevance is the order they come in.
    fn sort(&self, ids: &mut [u32], sort: Sort) {
        let rank = match sort {
            Sort::Relevance => return,
            Sort::Newest => &self.rank,
            Sort::Oldest => &self.rank_oldest,
            Sort::Source => &self.rank_source,
        };
        ids.sort_unstable_by_key(|&i| rank[i as usize]);
    }

    /// The results in relevance order (newest first without a title query).
    fn unsorted(
        &self,
        articles: &[Article],
        f: &Filter,
        prev: Option<(&Filter, &Results)>,
        stale: &(dyn Fn() -> bool + Sync),
    ) -> Option<Results> {
        if let Some((_, r)) = prev.filter(|(pf, _)| pf.narrows_to(f)) {
            return self.rank_by_title(articles, &f.query, r.set.clone(), stale);
        }
        let mut set = self.facet_set(f);
        if !f.text.trim().is_empty() {
            set = search::body_filter(articles, &set, &f.text);
        }
        if f.query.trim().is_empty() {
            let articles = self.in_default_order(&set);
            return Some(Results { articles, set });
        }
        self.rank_by_title(articles, &f.query, set, stale)
    }

    /// Fuzzy-matches the titles of `set`, best first, ties in the default order.
    fn rank_by_title(
        &self,
        articles: &[Article],
        query: &str,
        set: RoaringBitmap,
        stale: &(dyn Fn() -> bool + Sync),
    ) -> Option<Results> {
        let scored = self.titles.search_until(articles, query, &set, stale)?;
        // The searches give titles in ascending order, which builds the set fastest.
        let set = if scored.is_sorted_by_key(|&(i, _)| i) {
            RoaringBitmap::from_sorted_iter(scored.iter().map(|&(i, _)| i)).unwrap_or_default()
        } else {
            scored.iter().map(|&(i, _)| i).collect()
        };
        Some(Results {
            set,
            articles: self.best_first(scored),
        })
    }

    /// Titles by score, best first, ties in the default order.
    fn best_first(&self, mut scored: Vec<(u32, i64)>) -> Vec<u32> {
        if scored.len() as u64 * 8 > u64::from(self.len) {
            if let Some(order) = self.by_few_scores(&scored) {
                return order;
            }
        }
        scored.par_sort_unstable_by_key(|&(i, score)| {
            (std::cmp::Reverse(score), self.rank[i as usize])
        });
        scored.into_iter().map(|(i, _)| i).collect()
    }

    /// [`Index::best_first`] by reading the default order once, when the titles have at most
    /// 64 distinct scores: a one-letter query matches most of the corpus with a few dozen
    /// scores, and this beats sorting a million titles.
    fn by_few_scores(&self, scored: &[(u32, i64)]) -> Option<Vec<u32>> {
        // Best first, so `s.cmp(x)` is the order of `x` against `s`.
        let mut distinct: Vec<i64> = Vec::new();
        for &(_, s) in scored {
            if let Err(at) = distinct.binary_search_by(|x| s.cmp(x)) {
                if distinct.len() == 64 {
                    return None;
                }
                distinct.insert(at, s);
            }
        }
        let mut bucket_of = vec![u8::MAX; self.len as usize];
        for &(i, s) in scored {
            let b = distinct.binary_search_by(|x| s.cmp(x)).ok()?;
            *bucket_of.get_mut(i as usize)? = b as u8;
        }
        let mut buckets: Vec<Vec<u32>> = vec![Vec::new(); distinct.len()];
        for &i in &self.order {
            if let Some(b) = buckets.get_mut(usize::from(bucket_of[i as usize])) {
                b.push(i);
            }
        }
        Some(buckets.concat())
    }

    /// Entities and dates only: the part of a filter the bitmaps answer.
    fn facet_set(&self, f: &Filter) -> RoaringBitmap {
        let mut set = RoaringBitmap::new();
        set.insert_range(0..self.len);
        for &e in &f.entities {
            match self.postings().entity_docs.get(e as usize) {
                Some(docs) => set &= docs,
                None => set.clear(),
            }
        }
        if f.undated {
            set &= &self.undated;
        }
        if let Some(m) = &f.marked {
            set &= m;
        }
        if let Some(x) = &f.exclude {
            set -= x;
        }
        if let Some(range) = f.dates {
            set -= &self.undated;
            let keep: RoaringBitmap = set
                .iter()
                .filter(|&i| self.dates[i as usize].is_some_and(|(d, p)| in_range(d, p, range)))
                .collect();
            set = keep;
        }
        set
    }

    fn in_default_order(&self, set: &RoaringBitmap) -> Vec<u32> {
        if set.len() == self.len as u64 {
            return self.order.clone();
        }
        let mut v: Vec<u32> = set.iter().collect();
        v.sort_unstable_by_key(|&i| self.rank[i as usize]);
        v
    }

    /// How many articles of `set` mention each entity (indexed by entity number).
    pub fn entity_counts(&self, set: &RoaringBitmap) -> Vec<u32> {
        let postings = self.postings();
        if set.len() == u64::from(self.len) {
            return postings.totals.clone();
        }
        let n = postings.entity_docs.len();
        let ids: Vec<u32> = set.iter().collect();
        ids.par_chunks(4096)
            .fold(
                || vec![0u32; n],
                |mut acc, chunk| {
                    for &i in chunk {
                        for &e in self.entities_of(i) {
                            acc[e as usize] += 1;
                        }
                    }
                    acc
                },
            )
            .reduce(
                || vec![0u32; n],
                |mut a, b| {
                    a.iter_mut().zip(b).for_each(|(x, y)| *x += y);
                    a
                },
            )
    }

    /// The distinct entities an article mentions.
    pub fn entities_of(&self, article: u32) -> &[u32] {
        let i = article as usize;
        let p = self.postings();
        match (p.doc_entity_start.get(i), p.doc_entity_start.get(i + 1)) {
            (Some(&s), Some(&e)) => p.doc_entities.get(s as usize..e as usize).unwrap_or(&[]),
            _ => &[],
        }
    }

    /// Articles of `set` per month (dated ones), and how many of `set` are undated.
    pub fn month_counts(&self, set: &RoaringBitmap) -> (BTreeMap<MonthKey, u32>, u32) {
        // Count into a dense array of the corpus's months: no map operation per article.
        let mut counts = vec![0u32; self.months.len() + 1];
        for i in set {
            if let Some(&m) = self.month_of.get(i as usize) {
                if let Some(c) = counts.get_mut(usize::from(m)) {
                    *c += 1;
                }
            }
        }
        let undated = counts.pop().unwrap_or(0);
        let months = self
            .months
            .iter()
            .zip(counts)
            .filter(|&(_, c)| c > 0)
            .map(|(&k, c)| (k, c))
            .collect();
        (months, undated)
    }

    /// Articles of `set` per day of one month, for day-precision dates.
    pub fn day_counts(&self, set: &RoaringBitmap, month: MonthKey) -> BTreeMap<NaiveDate, u32> {
        let mut days = BTreeMap::new();
        for i in set {
            if let Some((d, Precision::Day)) = self.dates[i as usize] {
                if month_key(d) == month {
                    *days.entry(d).or_insert(0) += 1;
                }
            }
        }
        days
    }
}

/// Whether a date of the given precision falls in the range. A month- or year-precision date
/// counts when its first day does, so that "January 2022" lands in a January range.
fn in_range(d: NaiveDate, _p: Precision, r: DateRange) -> bool {
    r.from.is_none_or(|f| d >= f) && r.to.is_none_or(|t| d <= t)
}

/// The first and last day of a month.
pub fn month_range(k: MonthKey) -> DateRange {
    let (y, m) = month_of_key(k);
    let first = NaiveDate::from_ymd_opt(y, m, 1);
    let (ny, nm) = month_of_key(k + 1);
    let last = NaiveDate::from_ymd_opt(ny, nm, 1).and_then(|d| d.pred_opt());
    DateRange {
        from: first,
        to: last,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Article;

    fn corpus() -> Vec<Article> {
        [
            "بلينكن يبلغ لافروف",
            "لافروف يشدد في محادثة مع بلينكن",
            "البيت الأبيض: اتصالاتنا مع روسيا",
        ]
        .iter()
        .enumerate()
        .map(|(i, t)| Article {
            id: i.to_string(),
            title: t.to_string(),
            ..Article::default()
        })
        .collect()
    }

    proptest::proptest! {
        /// Reading the default order per score gives exactly the sorted order.
        #[test]
        fn few_scores_order_as_the_sort_does(
            dates in proptest::collection::vec(proptest::option::of(0u32..40), 1..60),
            scores in proptest::collection::vec(proptest::option::of(0i64..6), 1..60),
        ) {
            let arts: Vec<Article> = dates
                .iter()
                .map(|d| Article {
                    date: d.and_then(|d| {
                        Some(crate::arabic::dates::PubDate {
                            date: NaiveDate::from_ymd_opt(2020, 1, 1)?
                                + chrono::Days::new(d.into()),
                            precision: Precision::Day,
                            inferred: false,
                        })
                    }),
                    ..Article::default()
                })
                .collect();
            let idx = Index::build(&arts, 0);
            let scored: Vec<(u32, i64)> = scores
                .iter()
                .enumerate()
                .take(arts.len())
                .filter_map(|(i, s)| Some((i as u32, (*s)? * 100)))
                .collect();
            let mut sorted = scored.clone();
            sorted.sort_by_key(|&(i, s)| (std::cmp::Reverse(s), idx.rank[i as usize]));
            let want: Vec<u32> = sorted.into_iter().map(|(i, _)| i).collect();
            proptest::prop_assert_eq!(idx.by_few_scores(&scored), Some(want));
        }
    }

    #[test]
    fn incremental_search_gives_the_same_results_as_a_fresh_one() {
        let arts = corpus();
        let idx = Index::build(&arts, 0);
        let mut prev_f = Filter::default();
        let mut prev = idx.apply(&arts, &prev_f);
        for q in [
            "ل",
            "لا",
            "لاف",
            "لافر",
            "لافروف",
            "لافروف ",
            "s",
            "sh",
            "a",
            "al",
            "la",
            "lav",
            "lavrov",
            "lavrov blinken",
            "lavrov blinken !روسيا",
            "~l",
            "~la",
            "~lav",
        ] {
            let f = Filter {
                query: q.into(),
                ..Filter::default()
            };
            let inc = idx.apply_after(&arts, &f, Some((&prev_f, &prev)));
            let fresh = idx.apply(&arts, &f);
            assert_eq!(inc.articles, fresh.articles, "{q}");
            if q == "لافروف" {
                assert_eq!(inc.articles.len(), 2);
            }
            prev_f = f;
            prev = inc;
        }
    }

    #[test]
    fn a_stale_search_gives_up_and_a_wanted_one_does_not() {
        let arts = corpus();
        let idx = Index::build(&arts, 0);
        let f = Filter {
            query: "لافروف".into(),
            ..Filter::default()
        };
        assert_eq!(idx.apply_until(&arts, &f, None, &|| true), None);
        let wanted = idx.apply_until(&arts, &f, None, &|| false);
        assert_eq!(wanted, Some(idx.apply(&arts, &f)));
        // Without a title query there is nothing to give up.
        let all = idx.apply_until(&arts, &Filter::default(), None, &|| true);
        assert_eq!(all.map(|r| r.articles.len()), Some(3));
    }

    #[test]
    fn a_filter_narrows_only_to_a_longer_query_with_the_same_facets() {
        let q = |query: &str, entities: Vec<u32>| Filter {
            query: query.into(),
            entities,
            ..Filter::default()
        };
        assert!(q("~لاف", vec![]).narrows_to(&q("~لافروف", vec![])));
        assert!(q("لافروف", vec![]).narrows_to(&q("لافروف بلينكن", vec![])));
        assert!(!q("لاف", vec![]).narrows_to(&q("لافروف", vec![])));
        assert!(!q("~لافروف", vec![]).narrows_to(&q("~لاف", vec![])));
        assert!(!q("~لاف", vec![]).narrows_to(&q("~لافروف", vec![1])));
        assert!(!q("", vec![]).narrows_to(&q("لاف", vec![])));
    }

    #[test]
    fn month_counts_match_a_count_by_hand() {
        use crate::arabic::dates::PubDate;
        let day = |y, m, d| {
            Some(PubDate {
                date: NaiveDate::from_ymd_opt(y, m, d).unwrap(),
                precision: Precision::Day,
                inferred: false,
            })
        };
        let dates = [
            day(2022, 2, 16),
            None,
            day(2021, 12, 14),
            day(2022, 2, 1),
            day(2022, 1, 21),
            None,
            day(2021, 12, 31),
        ];
        let arts: Vec<Article> = dates
            .iter()
            .enumerate()
            .map(|(i, &date)| Article {
                id: i.to_string(),
                title: "وزير".into(),
                date,
                ..Article::default()
            })
            .collect();
        let idx = Index::build(&arts, 0);
        let mut set = RoaringBitmap::new();
        set.insert_range(0..arts.len() as u32);
        let (months, undated) = idx.month_counts(&set);
        let want: Vec<(MonthKey, u32)> =
            vec![(2021 * 12 + 11, 2), (2022 * 12, 1), (2022 * 12 + 1, 2)];
        assert_eq!(months.into_iter().collect::<Vec<_>>(), want);
        assert_eq!(undated, 2);
        let some: RoaringBitmap = [1u32, 2, 3].into_iter().collect();
        let (months, undated) = idx.month_counts(&some);
        assert_eq!(months.len(), 2);
        assert_eq!(undated, 1);
    }
}

//! Entity timelines: how many articles of a set mention an entity, month by month.

use roaring::RoaringBitmap;
use serde::Serialize;

use crate::index::{month_of_key, Index, MonthKey};

/// Past this many months between the first and the last date (a bad date in the metadata, say
/// year 1 and year 9999), only the months that have articles are listed.
const MAX_FILLED_MONTHS: i32 = 12 * 1000;

/// One month of a timeline.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MonthCount {
    /// `YYYY-MM`.
    pub month: String,
    /// The month as a [`MonthKey`], for the UI (sorts and subtracts as a number).
    #[serde(skip)]
    pub key: MonthKey,
    pub articles: u32,
}

/// Articles per month that mention an entity.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Timeline {
    pub entity: u32,
    /// Articles of the set that mention the entity, dated or not.
    pub articles: u32,
    /// Of those, how many have no publication date.
    pub undated: u32,
    /// Every month from the first to the last dated article, months without one included
    /// (with 0). Month- and year-precision dates count in their first month.
    pub months: Vec<MonthCount>,
}

impl Timeline {
    /// The largest monthly count (for scaling a chart).
    pub fn peak(&self) -> u32 {
        self.months.iter().map(|m| m.articles).max().unwrap_or(0)
    }
}

/// The articles of `set` that mention `entity` (title or body).
pub fn entity_articles(index: &Index, entity: u32, set: &RoaringBitmap) -> RoaringBitmap {
    set.iter()
        .filter(|&i| index.entities_of(i).binary_search(&entity).is_ok())
        .collect()
}

/// The timeline of `entity` over the articles of `set`.
pub fn timeline(index: &Index, entity: u32, set: &RoaringBitmap) -> Timeline {
    let docs = entity_articles(index, entity, set);
    let (counts, undated) = index.month_counts(&docs);
    let label = |k: MonthKey| {
        let (y, m) = month_of_key(k);
        format!("{y:04}-{m:02}")
    };
    let months = match (counts.keys().next(), counts.keys().next_back()) {
        (Some(&first), Some(&last)) if last - first < MAX_FILLED_MONTHS => (first..=last)
            .map(|k| MonthCount {
                month: label(k),
                key: k,
                articles: counts.get(&k).copied().unwrap_or(0),
            })
            .collect(),
        _ => counts
            .iter()
            .map(|(&k, &n)| MonthCount {
                month: label(k),
                key: k,
                articles: n,
            })
            .collect(),
    };
    Timeline {
        entity,
        articles: docs.len() as u32,
        undated,
        months,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::tests_support::{article, dated};

    #[test]
    fn months_are_contiguous_with_zeros_and_undated_counted() {
        let arts = vec![
            dated(article(&[0, 1]), 2022, 1, 5),
            dated(article(&[0]), 2022, 3, 9),
            dated(article(&[1]), 2022, 2, 1),
            article(&[0]),
            dated(article(&[0]), 2021, 11, 30),
        ];
        let index = Index::build(&arts, 2);
        let all: RoaringBitmap = (0..arts.len() as u32).collect();
        let t = timeline(&index, 0, &all);
        let months: Vec<(&str, u32)> = t
            .months
            .iter()
            .map(|m| (m.month.as_str(), m.articles))
            .collect();
        assert_eq!(
            months,
            [
                ("2021-11", 1),
                ("2021-12", 0),
                ("2022-01", 1),
                ("2022-02", 0),
                ("2022-03", 1)
            ]
        );
        assert_eq!((t.articles, t.undated, t.peak()), (4, 1, 1));
        // The set narrows it.
        let some: RoaringBitmap = [0u32, 3].into_iter().collect();
        let t = timeline(&index, 0, &some);
        assert_eq!(t.months.len(), 1);
        assert_eq!((t.articles, t.undated), (2, 1));
        // An entity nobody mentions, or out of range.
        assert!(timeline(&index, 7, &all).months.is_empty());
    }
}

//! In-memory facet index, filters and fuzzy search. No UI code.

use crate::corpus::Article;

/// The list order with no search: newest first, undated last, ties in load order.
pub fn default_order(articles: &[Article]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..articles.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(articles[i].date.map(|d| d.date)));
    order
}

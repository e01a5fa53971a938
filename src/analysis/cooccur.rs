//! Co-occurrence: which entities are named in the same articles as a given one, ranked by how
//! much more often than chance.
//!
//! For the entity A and a partner B over the `N` articles of a set, the 2×2 contingency table
//! counts articles:
//!
//! ```text
//!              B          not B
//!   A         k11          k12        k11 + k12 = n_A
//!   not A     k21          k22
//!             k11 + k21 = n_B          N
//! ```
//!
//! The expected co-occurrence if A and B were independent is `E11 = n_A · n_B / N`, and
//! Dunning's log-likelihood ratio is
//!
//! ```text
//!   G² = 2 · Σ_ij k_ij · ln(k_ij / E_ij),   E_ij = row_i · col_j / N   (0 · ln 0 = 0)
//! ```
//!
//! G² is large when the observed table is far from independence and, unlike a raw count or
//! PMI, weighs that against how much evidence there is: an entity named in every article has
//! `k11 = E11` and G² = 0 however often it co-occurs, and a pair seen once is not rewarded for
//! being rare. The score we rank by is G² signed by the direction of the association
//! (`+G²` when `k11 > E11`, `−G²` when B avoids A), so attracted partners come first, then
//! neutral ones, then those seen less often than chance. Partners seen in fewer than
//! `min_count` articles with A are dropped (default 2; use 1 on tiny corpora). PMI
//! (`log2(k11 / E11)`) is reported alongside.

use roaring::RoaringBitmap;
use serde::Serialize;

use crate::index::Index;

use super::timeline::entity_articles;

/// How to rank partners.
#[derive(Clone, Debug, PartialEq)]
pub struct CooccurOptions {
    /// Partners named in fewer articles with the entity than this are dropped (at least 1).
    pub min_count: u32,
    /// Keep the best this many (`None`: all).
    pub limit: Option<usize>,
    /// Drop partners that are not seen more often than chance (score ≤ 0).
    pub positive_only: bool,
}

impl Default for CooccurOptions {
    fn default() -> CooccurOptions {
        CooccurOptions {
            min_count: 2,
            limit: None,
            positive_only: false,
        }
    }
}

/// One partner of an entity.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Partner {
    /// The partner's entity number.
    pub entity: u32,
    /// Articles that name both (k11).
    pub count: u32,
    /// Articles of the set that name the partner (n_B).
    pub partner_articles: u32,
    /// Expected co-occurrence under independence, n_A · n_B / N.
    pub expected: f64,
    /// Signed G²: positive when they co-occur more than expected.
    pub score: f64,
    /// log2(count / expected).
    pub pmi: f64,
}

/// The partners of an entity over a set of articles, best first.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Cooccurrence {
    pub entity: u32,
    /// Articles in the set (N).
    pub articles: u32,
    /// Articles of the set that name the entity (n_A).
    pub entity_articles: u32,
    pub partners: Vec<Partner>,
}

/// Dunning's G² for a 2×2 table of counts (see the module documentation). Unsigned; 0 for an
/// empty table.
pub fn g2(k11: f64, k12: f64, k21: f64, k22: f64) -> f64 {
    let n = k11 + k12 + k21 + k22;
    if n <= 0.0 {
        return 0.0;
    }
    let (r1, r2) = (k11 + k12, k21 + k22);
    let (c1, c2) = (k11 + k21, k12 + k22);
    let term = |k: f64, r: f64, c: f64| {
        if k > 0.0 && r > 0.0 && c > 0.0 {
            k * (k * n / (r * c)).ln()
        } else {
            0.0
        }
    };
    let g = 2.0 * (term(k11, r1, c1) + term(k12, r1, c2) + term(k21, r2, c1) + term(k22, r2, c2));
    // Rounding can make an exactly independent table come out at -1e-15.
    g.max(0.0)
}

/// The partners of `entity` over `set`, ranked by signed G².
pub fn cooccurrences(
    index: &Index,
    entity: u32,
    set: &RoaringBitmap,
    opts: &CooccurOptions,
) -> Cooccurrence {
    let with = entity_articles(index, entity, set);
    let all_counts = index.entity_counts(set);
    let co_counts = index.entity_counts(&with);
    rank_partners(
        entity,
        set.len() as u32,
        with.len() as u32,
        &all_counts,
        &co_counts,
        opts,
    )
}

/// The ranking itself, from counts the caller may already have (the explorer's facet pane has
/// `all_counts`): `all_counts[b]` = articles of the set naming b, `co_counts[b]` = articles of
/// the set naming both `entity` and b, `n` = size of the set, `n_a` = articles naming `entity`.
pub fn rank_partners(
    entity: u32,
    n: u32,
    n_a: u32,
    all_counts: &[u32],
    co_counts: &[u32],
    opts: &CooccurOptions,
) -> Cooccurrence {
    let min = opts.min_count.max(1);
    let mut partners: Vec<Partner> = co_counts
        .iter()
        .enumerate()
        .filter(|&(b, &k11)| b as u32 != entity && k11 >= min)
        .filter_map(|(b, &k11)| {
            // Guard against inconsistent counts rather than trust them.
            let n_b = all_counts.get(b).copied()?.max(k11);
            let n_a = n_a.max(k11);
            let n = n.max(n_a.saturating_add(n_b - k11));
            let (k11f, n_af, n_bf, nf) =
                (f64::from(k11), f64::from(n_a), f64::from(n_b), f64::from(n));
            let k12 = n_af - k11f;
            let k21 = n_bf - k11f;
            let k22 = nf - n_af - n_bf + k11f;
            let expected = if nf > 0.0 { n_af * n_bf / nf } else { 0.0 };
            let g = g2(k11f, k12, k21, k22);
            let score = if k11f >= expected { g } else { -g };
            let pmi = if expected > 0.0 {
                (k11f / expected).log2()
            } else {
                0.0
            };
            Some(Partner {
                entity: b as u32,
                count: k11,
                partner_articles: n_b,
                expected,
                score,
                pmi,
            })
        })
        .filter(|p| !opts.positive_only || p.score > 0.0)
        .collect();
    partners.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then(b.count.cmp(&a.count))
            .then(a.entity.cmp(&b.entity))
    });
    if let Some(limit) = opts.limit {
        partners.truncate(limit);
    }
    Cooccurrence {
        entity,
        articles: n,
        entity_articles: n_a,
        partners,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::tests_support::article;

    const A: u32 = 0;
    const FREQUENT: u32 = 1;
    const RARE: u32 = 2;
    const ONCE: u32 = 3;
    const COMMON: u32 = 4;

    /// Ten articles. A is in 0-3. FREQUENT is in every article, so it meets A four times;
    /// RARE is in only three articles, all with A; COMMON is in seven, two of them with A;
    /// ONCE meets A once.
    fn corpus() -> Vec<crate::corpus::Article> {
        let rows: [&[u32]; 10] = [
            &[A, FREQUENT, RARE, ONCE, COMMON],
            &[A, FREQUENT, RARE, COMMON],
            &[A, FREQUENT, RARE],
            &[A, FREQUENT],
            &[FREQUENT, ONCE, COMMON],
            &[FREQUENT, ONCE, COMMON],
            &[FREQUENT, ONCE, COMMON],
            &[FREQUENT, ONCE, COMMON],
            &[FREQUENT, COMMON],
            &[FREQUENT],
        ];
        rows.iter().map(|r| article(r)).collect()
    }

    fn all(n: usize) -> RoaringBitmap {
        (0..n as u32).collect()
    }

    #[test]
    fn a_truly_associated_rare_entity_outranks_one_that_is_everywhere() {
        let arts = corpus();
        let index = Index::build(&arts, 5);
        let c = cooccurrences(&index, A, &all(arts.len()), &CooccurOptions::default());
        assert_eq!((c.articles, c.entity_articles), (10, 4));
        let order: Vec<u32> = c.partners.iter().map(|p| p.entity).collect();
        // By raw count FREQUENT (4) would beat RARE (3); G² puts RARE first, FREQUENT (exactly
        // as often as chance) next, COMMON (less than chance) last; ONCE is under min_count.
        assert_eq!(order, [RARE, FREQUENT, COMMON]);
        let rare = &c.partners[0];
        assert_eq!(rare.count, 3);
        assert!((rare.expected - 1.2).abs() < 1e-9);
        assert!(rare.score > 5.0, "{rare:?}");
        assert!(rare.pmi > 1.0);
        let freq = &c.partners[1];
        assert_eq!((freq.count, freq.partner_articles), (4, 10));
        assert!(freq.score.abs() < 1e-9 && freq.pmi.abs() < 1e-9);
        assert!(c.partners[2].score < 0.0);
    }

    #[test]
    fn min_count_limit_and_positive_only() {
        let arts = corpus();
        let index = Index::build(&arts, 5);
        let set = all(arts.len());
        let opts = CooccurOptions {
            min_count: 1,
            ..CooccurOptions::default()
        };
        let c = cooccurrences(&index, A, &set, &opts);
        assert!(c.partners.iter().any(|p| p.entity == ONCE));
        let opts = CooccurOptions {
            limit: Some(1),
            ..CooccurOptions::default()
        };
        assert_eq!(cooccurrences(&index, A, &set, &opts).partners.len(), 1);
        let opts = CooccurOptions {
            positive_only: true,
            ..CooccurOptions::default()
        };
        let c = cooccurrences(&index, A, &set, &opts);
        assert_eq!(c.partners.len(), 1);
        // An empty set or an unknown entity gives nothing, without panicking.
        assert!(cooccurrences(&index, A, &RoaringBitmap::new(), &opts)
            .partners
            .is_empty());
        assert!(cooccurrences(&index, 99, &set, &opts).partners.is_empty());
    }

    #[test]
    fn g2_matches_a_hand_computation() {
        // k = [[3,1],[0,6]]: rows 4,6, cols 3,7, N = 10.
        let expect = 2.0
            * (3.0 * (3.0f64 * 10.0 / 12.0).ln()
                + 1.0 * (1.0f64 * 10.0 / 28.0).ln()
                + 6.0 * (6.0f64 * 10.0 / 42.0).ln());
        assert!((g2(3.0, 1.0, 0.0, 6.0) - expect).abs() < 1e-12);
        assert_eq!(g2(0.0, 0.0, 0.0, 0.0), 0.0);
        assert!(g2(2.0, 2.0, 2.0, 2.0).abs() < 1e-12);
    }

    #[test]
    fn inconsistent_counts_do_not_panic() {
        let c = rank_partners(0, 0, 0, &[0, 1], &[5, 9, 3], &CooccurOptions::default());
        assert_eq!(c.partners.len(), 1);
        assert!(c.partners[0].score.is_finite());
    }
}

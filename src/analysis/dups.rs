//! Near-duplicate clusters: wire copy, republished stories, articles that share most of their
//! text.
//!
//! 1. Each body becomes the set of its 5-word shingles over normalised words (punctuation,
//!    harakat, hamza forms and the like do not matter), hashed to 64 bits. A body with fewer
//!    words than a shingle is one shingle.
//! 2. A MinHash signature of 128 values summarises each set: one-permutation hashing (each
//!    shingle hash picks a bin and competes for its minimum), with empty bins filled from the
//!    next non-empty one (rotation densification). One hash per shingle instead of 128, so
//!    signatures cost about as much as reading the text once.
//! 3. LSH banding: the signature is cut into `b` bands of `r` values; articles that agree on a
//!    whole band are candidates. `r` is the largest for which a pair at the threshold is a
//!    candidate with probability ≥ 0.99 (`1 − (1 − t^r)^b`): for t = 0.5, r = 3, b = 42.
//! 4. Candidates whose estimated similarity is within 0.15 of a threshold are verified on
//!    their exact shingle sets: Jaccard `|A∩B| / |A∪B|` and containment `|A∩B| / min(|A|,|B|)`
//!    (wire copy is often a subset of a longer article).
//! 5. Pairs at or above the Jaccard threshold, or at or above the containment threshold when
//!    one is set, are joined with union-find. Bodies with the same normalised text are always
//!    joined. Each cluster's representative is its earliest dated article, then the lowest
//!    article number; clusters are numbered biggest first, then by first article.
//!
//! Nothing here is stored at load time; the explorer runs it on a thread of its own.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;
use roaring::RoaringBitmap;
use serde::Serialize;

use crate::arabic::normalize::fold_char;
use crate::corpus::Article;

use super::word_spans;

/// Number of MinHash values per article.
const K: usize = 128;
/// LSH buckets larger than this are not expanded into all their pairs (a chain and a star
/// keep them connected).
const MAX_BUCKET_PAIRS: usize = 48;
/// Margin under a threshold for the signature estimate to send a pair to exact verification.
const ESTIMATE_MARGIN: f64 = 0.15;
/// Containment alone links a pair only when the smaller text has at least this many shingles.
const MIN_CONTAINED_SHINGLES: usize = 8;

/// Clustering parameters.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DupOptions {
    /// Jaccard similarity of shingle sets at or above which two articles are near-duplicates.
    pub threshold: f64,
    /// Containment (shared shingles / shingles of the smaller article) at or above which two
    /// articles are also joined; `None` to cluster on Jaccard only.
    pub containment: Option<f64>,
    /// Words per shingle.
    pub shingle: usize,
}

impl Default for DupOptions {
    /// Jaccard 0.5 and containment 0.8: see the README section on duplicates for why.
    fn default() -> DupOptions {
        DupOptions {
            threshold: 0.5,
            containment: Some(0.8),
            shingle: 5,
        }
    }
}

/// Similarity figures of two articles.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PairSimilarity {
    /// Article numbers, `a < b`.
    pub a: u32,
    pub b: u32,
    /// Exact Jaccard similarity of the shingle sets.
    pub jaccard: f64,
    /// Shared shingles over the shingles of the smaller article.
    pub containment: f64,
    /// Shared shingles.
    pub shared: u32,
    /// Shingles of each article.
    pub shingles_a: u32,
    pub shingles_b: u32,
    /// Same normalised body.
    pub exact: bool,
}

/// A group of near-duplicate articles.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Cluster {
    pub id: u32,
    /// Earliest dated member, then lowest article number.
    pub representative: u32,
    /// Article numbers, ascending.
    pub members: Vec<u32>,
    /// The verified pairs that joined the cluster (and exact duplicates, against the first of
    /// their group), by article numbers.
    pub pairs: Vec<PairSimilarity>,
}

/// The clusters of a set of articles.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DupReport {
    pub options: DupOptions,
    /// Articles looked at (with a body).
    pub articles: u32,
    /// Pairs proposed by LSH (after merging exact duplicates).
    pub candidates: u64,
    /// Pairs whose exact figures were computed.
    pub verified: u64,
    /// Clusters of two or more articles.
    pub clusters: Vec<Cluster>,
}

fn fmix(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

/// Hashes of the normalised words of `s`, in order.
fn word_hashes<'a>(s: &'a str) -> impl Iterator<Item = u64> + 'a {
    word_spans(s).map(move |(a, b)| {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for c in s.get(a..b).unwrap_or("").chars().filter_map(fold_char) {
            h ^= u64::from(c);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        fmix(h)
    })
}

/// The sorted, deduplicated shingle hashes of `body` into `out`; returns the hash of the whole
/// normalised word sequence (0 words: `None`).
fn shingles(body: &str, k: usize, out: &mut Vec<u64>) -> Option<u64> {
    let k = k.max(1);
    out.clear();
    let words: Vec<u64> = word_hashes(body).collect();
    if words.is_empty() {
        return None;
    }
    let mut whole = 0x9e37_79b9_7f4a_7c15u64;
    for &w in &words {
        whole = fmix(whole.rotate_left(23) ^ w);
    }
    let window = k.min(words.len());
    out.extend(words.windows(window).map(|ws| {
        ws.iter().fold(0x2545_f491_4f6c_dd1du64, |h, &w| {
            fmix(h.rotate_left(23) ^ w)
        })
    }));
    out.sort_unstable();
    out.dedup();
    Some(whole)
}

/// One-permutation MinHash with rotation densification.
fn signature(shingles: &[u64]) -> [u32; K] {
    let mut bins = [u64::MAX; K];
    for &h in shingles {
        let bin = (h % K as u64) as usize;
        let v = h >> 32;
        if v < bins[bin] {
            bins[bin] = v;
        }
    }
    let mut sig = [0u32; K];
    for j in 0..K {
        let mut d = 0;
        while d < K && bins[(j + d) % K] == u64::MAX {
            d += 1;
        }
        let v = if d < K { bins[(j + d) % K] } else { 0 };
        // The offset keeps a borrowed value from matching the bin it came from by accident.
        sig[j] = (v as u32).wrapping_add((d as u32).wrapping_mul(0x9e37_79b9));
    }
    sig
}

fn estimate(a: &[u32; K], b: &[u32; K]) -> f64 {
    a.iter().zip(b).filter(|(x, y)| x == y).count() as f64 / K as f64
}

/// Rows per band: the largest r whose S-curve gives a pair at `t` probability ≥ 0.99.
fn rows_per_band(t: f64) -> usize {
    let t = t.clamp(0.01, 1.0);
    (1..=16)
        .rev()
        .find(|&r| {
            let b = (K / r) as i32;
            1.0 - (1.0 - t.powi(r as i32)).powi(b) >= 0.99
        })
        .unwrap_or(1)
}

/// Exact figures from two sorted shingle sets.
fn similarity(a: u32, b: u32, sa: &[u64], sb: &[u64]) -> PairSimilarity {
    let (mut i, mut j, mut shared) = (0, 0, 0u32);
    while i < sa.len() && j < sb.len() {
        match sa[i].cmp(&sb[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    let union = sa.len() + sb.len() - shared as usize;
    let smaller = sa.len().min(sb.len());
    let ratio = |n: usize| {
        if n == 0 {
            0.0
        } else {
            f64::from(shared) / n as f64
        }
    };
    let (a, b, sa_len, sb_len) = if a <= b {
        (a, b, sa.len(), sb.len())
    } else {
        (b, a, sb.len(), sa.len())
    };
    PairSimilarity {
        a,
        b,
        jaccard: ratio(union),
        containment: ratio(smaller),
        shared,
        shingles_a: sa_len as u32,
        shingles_b: sb_len as u32,
        exact: false,
    }
}

/// Exact similarity figures of two articles' bodies (`shingle` words per shingle).
pub fn pair_similarity(articles: &[Article], a: u32, b: u32, shingle: usize) -> PairSimilarity {
    let body = |i: u32| articles.get(i as usize).map_or("", |x| x.body.as_str());
    let (mut sa, mut sb) = (Vec::new(), Vec::new());
    let ha = shingles(body(a), shingle, &mut sa);
    let hb = shingles(body(b), shingle, &mut sb);
    let mut p = similarity(a, b, &sa, &sb);
    p.exact = ha.is_some() && ha == hb;
    p
}

struct UnionFind(Vec<u32>);

impl UnionFind {
    fn find(&mut self, mut x: u32) -> u32 {
        while self.0[x as usize] != x {
            let parent = self.0[x as usize];
            self.0[x as usize] = self.0[parent as usize];
            x = parent;
        }
        x
    }
    fn union(&mut self, a: u32, b: u32) {
        let (ra, rb) = (self.find(a), self.find(b));
        // The smaller number becomes the root: deterministic whatever the order of unions.
        let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
        self.0[hi as usize] = lo;
    }
}

struct Doc {
    article: u32,
    whole: u64,
    size: u32,
    sig: [u32; K],
}

/// Near-duplicate clusters among the articles of `set`. Parallel; returns an owned report, so
/// it can run on a background thread.
pub fn near_duplicates(articles: &[Article], set: &RoaringBitmap, opts: &DupOptions) -> DupReport {
    near_duplicates_counting(articles, set, opts, &AtomicUsize::new(0))
}

/// Like [`near_duplicates`], adding to `done` each article whose shingles and signature are
/// made (most of the work), for a progress display.
pub fn near_duplicates_counting(
    articles: &[Article],
    set: &RoaringBitmap,
    opts: &DupOptions,
    done: &AtomicUsize,
) -> DupReport {
    let k = opts.shingle.max(1);
    let threshold = if opts.threshold.is_finite() {
        opts.threshold.clamp(0.0, 1.0)
    } else {
        DupOptions::default().threshold
    };
    let containment = opts
        .containment
        .filter(|c| c.is_finite())
        .map(|c| c.clamp(0.0, 1.0));
    let ids: Vec<u32> = set
        .iter()
        .filter(|&i| (i as usize) < articles.len())
        .collect();

    // 1-2. Shingles and signatures.
    let docs: Vec<Doc> = ids
        .par_iter()
        .with_min_len(16)
        .map_init(Vec::new, |buf, &i| {
            done.fetch_add(1, Ordering::Relaxed);
            let whole = shingles(&articles[i as usize].body, k, buf)?;
            Some(Doc {
                article: i,
                whole,
                size: buf.len() as u32,
                sig: signature(buf),
            })
        })
        .flatten_iter()
        .collect();

    let mut uf = UnionFind((0..articles.len() as u32).collect());
    let mut pairs: Vec<PairSimilarity> = Vec::new();

    // Exact duplicates: same normalised word sequence. One article per group goes on.
    let mut by_hash: HashMap<u64, usize> = HashMap::with_capacity(docs.len());
    let mut keep = Vec::with_capacity(docs.len());
    for (d, doc) in docs.iter().enumerate() {
        match by_hash.get(&doc.whole) {
            Some(&first) => {
                let f = &docs[first];
                uf.union(f.article, doc.article);
                pairs.push(PairSimilarity {
                    a: f.article.min(doc.article),
                    b: f.article.max(doc.article),
                    jaccard: 1.0,
                    containment: 1.0,
                    shared: doc.size,
                    shingles_a: f.size,
                    shingles_b: doc.size,
                    exact: true,
                });
            }
            None => {
                by_hash.insert(doc.whole, d);
                keep.push(d);
            }
        }
    }

    // 3. LSH banding over the kept documents (indices into `docs`).
    let r = rows_per_band(threshold);
    let bands = K / r;
    let mut candidates: Vec<(u32, u32)> = (0..bands)
        .into_par_iter()
        .flat_map_iter(|band| {
            let mut keys: Vec<(u64, u32)> = keep
                .iter()
                .map(|&d| {
                    let h = docs[d].sig[band * r..band * r + r]
                        .iter()
                        .fold(fmix(band as u64 + 1), |h, &v| {
                            fmix(h.rotate_left(29) ^ u64::from(v))
                        });
                    (h, d as u32)
                })
                .collect();
            keys.sort_unstable();
            let mut out = Vec::new();
            for group in keys.chunk_by(|x, y| x.0 == y.0).filter(|g| g.len() > 1) {
                if group.len() <= MAX_BUCKET_PAIRS {
                    for (i, x) in group.iter().enumerate() {
                        out.extend(group[i + 1..].iter().map(|y| (x.1, y.1)));
                    }
                } else {
                    out.extend(group.windows(2).map(|w| (w[0].1, w[1].1)));
                    out.extend(group[2..].iter().map(|y| (group[0].1, y.1)));
                }
            }
            out
        })
        .collect();
    candidates.par_sort_unstable();
    candidates.dedup();
    let n_candidates = candidates.len() as u64;

    // 4. Estimates, then exact figures for the pairs that may pass.
    let near = |d1: &Doc, d2: &Doc| {
        let est = estimate(&d1.sig, &d2.sig);
        if est >= threshold - ESTIMATE_MARGIN {
            return true;
        }
        containment.is_some_and(|c| {
            let (s1, s2) = (f64::from(d1.size), f64::from(d2.size));
            let inter = est * (s1 + s2) / (1.0 + est);
            inter / s1.min(s2).max(1.0) >= c - ESTIMATE_MARGIN
        })
    };
    let to_verify: Vec<(u32, u32)> = candidates
        .into_par_iter()
        .filter(|&(x, y)| near(&docs[x as usize], &docs[y as usize]))
        .collect();
    let mut involved: Vec<u32> = to_verify.iter().flat_map(|&(x, y)| [x, y]).collect();
    involved.par_sort_unstable();
    involved.dedup();
    let sets: Vec<Vec<u64>> = involved
        .par_iter()
        .map(|&d| {
            let mut buf = Vec::new();
            shingles(
                &articles[docs[d as usize].article as usize].body,
                k,
                &mut buf,
            );
            buf
        })
        .collect();
    let set_of = |d: u32| {
        involved
            .binary_search(&d)
            .ok()
            .and_then(|i| sets.get(i))
            .map_or(&[][..], |s| s.as_slice())
    };
    let verified: Vec<PairSimilarity> = to_verify
        .par_iter()
        .map(|&(x, y)| {
            similarity(
                docs[x as usize].article,
                docs[y as usize].article,
                set_of(x),
                set_of(y),
            )
        })
        .collect();
    let n_verified = verified.len() as u64;

    // 5. Union-find.
    for p in verified {
        let contained = containment.is_some_and(|c| {
            p.containment >= c && p.shingles_a.min(p.shingles_b) as usize >= MIN_CONTAINED_SHINGLES
        });
        if p.jaccard >= threshold || contained {
            uf.union(p.a, p.b);
            pairs.push(p);
        }
    }
    let mut groups: HashMap<u32, Vec<u32>> = HashMap::new();
    for d in &docs {
        let root = uf.find(d.article);
        groups.entry(root).or_default().push(d.article);
    }
    let mut clusters: Vec<Vec<u32>> = groups.into_values().filter(|m| m.len() > 1).collect();
    for m in &mut clusters {
        m.sort_unstable();
    }
    clusters.sort_by(|a, b| b.len().cmp(&a.len()).then(a[0].cmp(&b[0])));
    let mut cluster_of: HashMap<u32, usize> = HashMap::new();
    for (c, m) in clusters.iter().enumerate() {
        cluster_of.insert(m[0], c);
    }
    let mut cluster_pairs: Vec<Vec<PairSimilarity>> = vec![Vec::new(); clusters.len()];
    for p in pairs {
        let root = uf.find(p.a);
        if let Some(&c) = cluster_of.get(&root) {
            cluster_pairs[c].push(p);
        }
    }
    let date_key = |i: u32| {
        let d = articles
            .get(i as usize)
            .and_then(|a| a.date)
            .map(|d| d.date);
        (d.is_none(), d, i)
    };
    let clusters = clusters
        .into_iter()
        .zip(cluster_pairs)
        .enumerate()
        .map(|(id, (members, mut pairs))| {
            pairs.sort_by_key(|p| (p.a, p.b));
            Cluster {
                id: id as u32,
                representative: members
                    .iter()
                    .copied()
                    .min_by_key(|&i| date_key(i))
                    .unwrap_or(0),
                members,
                pairs,
            }
        })
        .collect();
    DupReport {
        options: DupOptions {
            threshold,
            containment,
            shingle: k,
        },
        articles: docs.len() as u32,
        candidates: n_candidates,
        verified: n_verified,
        clusters,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::tests_support::dated;

    fn words(range: std::ops::Range<usize>, tag: &str) -> String {
        range
            .map(|i| format!("{tag}{i}"))
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn art(body: String) -> Article {
        Article {
            body,
            ..Article::default()
        }
    }

    fn all(n: usize) -> RoaringBitmap {
        (0..n as u32).collect()
    }

    fn members(r: &DupReport) -> Vec<Vec<u32>> {
        r.clusters.iter().map(|c| c.members.clone()).collect()
    }

    #[test]
    fn every_article_of_the_set_is_counted_once() {
        let arts: Vec<Article> = (0..50)
            .map(|i| art(words(0..40, &format!("ك{i}"))))
            .collect();
        let done = AtomicUsize::new(0);
        let set: RoaringBitmap = (0..50).step_by(2).collect();
        near_duplicates_counting(&arts, &set, &DupOptions::default(), &done);
        assert_eq!(done.load(Ordering::Relaxed), 25);
    }

    #[test]
    fn exact_near_and_contained_copies_cluster_unrelated_do_not() {
        let base = words(0..200, "كلمة");
        let mut edited = words(0..200, "كلمة");
        edited = edited.replacen("كلمة100", "تغيير", 1);
        let arts = vec![
            art(base.clone()),                                     // 0
            art(words(0..200, "شيء")),                             // 1 unrelated
            art(format!("{}، ({})", base.replace(' ', "  "), "")), // 2 exact (punctuation)
            art(edited),                                           // 3 near: one word changed
            art(words(50..130, "كلمة")),                           // 4 contained: 40% of 0
            art(String::new()),                                    // 5 empty
            art(String::new()),                                    // 6 empty
            art(words(0..200, "أمر")),                             // 7 unrelated
        ];
        let r = near_duplicates(&arts, &all(arts.len()), &DupOptions::default());
        assert_eq!(members(&r), [vec![0, 2, 3, 4]]);
        assert_eq!(r.articles, 6, "empty bodies are left out");
        let pairs = &r.clusters[0].pairs;
        let exact = pairs.iter().find(|p| (p.a, p.b) == (0, 2)).unwrap();
        assert!(exact.exact && exact.jaccard == 1.0);
        let near = pairs.iter().find(|p| p.b == 3).unwrap();
        assert!(near.jaccard > 0.9 && near.jaccard < 1.0, "{near:?}");
        let sub = pairs.iter().find(|p| p.b == 4).unwrap();
        assert!(sub.jaccard < 0.5 && sub.containment == 1.0, "{sub:?}");
        // On Jaccard alone the contained article stays out.
        let opts = DupOptions {
            containment: None,
            ..DupOptions::default()
        };
        let r = near_duplicates(&arts, &all(arts.len()), &opts);
        assert_eq!(members(&r), [vec![0, 2, 3]]);
        // Only the set is looked at.
        let some: RoaringBitmap = [1u32, 3, 7].into_iter().collect();
        assert!(near_duplicates(&arts, &some, &opts).clusters.is_empty());
    }

    #[test]
    fn representative_is_the_earliest_dated_and_ids_are_stable() {
        let text = words(0..50, "خبر");
        let other = words(0..50, "نبأ");
        let arts = vec![
            art(other.clone()),
            dated(art(text.clone()), 2022, 3, 1),
            art(text.clone()),
            dated(art(text.clone()), 2022, 1, 1),
            dated(art(other.clone()), 2021, 1, 1),
            art(other.clone()),
            art(other),
        ];
        let r = near_duplicates(&arts, &all(arts.len()), &DupOptions::default());
        assert_eq!(members(&r), [vec![0, 4, 5, 6], vec![1, 2, 3]]);
        assert_eq!(r.clusters[0].representative, 4);
        assert_eq!(r.clusters[1].representative, 3);
        assert_eq!(r.clusters[1].id, 1);
        assert_eq!(
            r,
            near_duplicates(&arts, &all(arts.len()), &DupOptions::default())
        );
    }

    #[test]
    fn estimates_track_jaccard_and_bands_fit_the_threshold() {
        let mut a = Vec::new();
        let mut b = Vec::new();
        shingles(&words(0..400, "س"), 5, &mut a);
        shingles(&words(200..600, "س"), 5, &mut b);
        let exact = similarity(0, 1, &a, &b).jaccard;
        let est = estimate(&signature(&a), &signature(&b));
        assert!((exact - 0.33).abs() < 0.02, "{exact}");
        assert!((est - exact).abs() < 0.15, "{est} vs {exact}");
        assert_eq!(rows_per_band(0.5), 3);
        assert!(rows_per_band(0.9) > rows_per_band(0.5));
        assert_eq!(rows_per_band(f64::NAN), rows_per_band(0.01));
    }

    #[test]
    fn short_texts_and_odd_options_do_not_panic() {
        let arts = vec![art("كلمة".into()), art("كلمة".into()), art("ا ب".into())];
        for opts in [
            DupOptions {
                threshold: f64::NAN,
                containment: Some(f64::INFINITY),
                shingle: 0,
            },
            DupOptions {
                threshold: 0.0,
                containment: Some(0.0),
                shingle: 1000,
            },
        ] {
            let r = near_duplicates(&arts, &all(5), &opts);
            assert!(r.clusters.iter().any(|c| c.members == [0, 1]));
        }
        let p = pair_similarity(&arts, 0, 9, 5);
        assert_eq!((p.jaccard, p.exact), (0.0, false));
    }
}

//! Precision and recall of title search on the 3,000 ANT articles of Tunisian news
//! (`../shared/data/ant-news.jsonl`; skipped when absent, or set `AKHBAR_ANT`).
//!
//! The ground truth does not use the matcher: a title is relevant to an Arabic query word
//! when one of its words, with the proclitics و ف ب ل ك ال لل taken off or not, starts with
//! the query (normalised; a final taa marbuta may change before a suffix: حكومة → حكومتها).
//! A Latin query is relevant where the Arabic word it romanises is (the table below).
//!
//! Floors: Arabic precision 0.85, recall 0.90; Latin 0.80 / 0.70; the first ten results
//! 90% relevant, each averaged over the queries. `AKHBAR_SEARCH_REPORT=1` prints each query.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;

use akhbar::arabic::normalize;
use akhbar::index::Filter;
use akhbar::library::{self, Library, OpenOptions};

const ARABIC: &[&str] = &[
    "تونس",
    "سوسة",
    "الحكومة",
    "الشاهد",
    "المهدية",
    "ليبيا",
    "القصرين",
    "الجزائر",
    "نابل",
    "صفاقس",
    "قفصة",
    "الانتخابات",
    "ترامب",
    "الترجي",
    "القيروان",
    "النهضة",
    "داعش",
    "الإرهاب",
    "السبسي",
    "البرلمان",
    "حريق",
    "إضراب",
    "مستشفى",
    "سرقة",
    "انفجار",
    "الفساد",
    "سوريا",
    "الغنوشي",
    "جربة",
    "المخدرات",
    "حكومة",
    "وزارة الداخلية",
    "مقتل",
    "بنزرت",
];

/// Latin queries and the Arabic word (without the article) each stands for.
const LATIN: &[(&str, &str)] = &[
    ("chahed", "شاهد"),
    ("essebsi", "سبسي"),
    ("sebsi", "سبسي"),
    ("ghannouchi", "غنوشي"),
    ("trump", "ترامب"),
    ("sousse", "سوسة"),
    ("sfax", "صفاقس"),
    ("kairouan", "قيروان"),
    ("bizerte", "بنزرت"),
    ("nabeul", "نابل"),
    ("gafsa", "قفصة"),
    ("gabes", "قابس"),
    ("tunis", "تونس"),
    ("libya", "ليبيا"),
    ("daech", "داعش"),
    ("ennahdha", "نهضة"),
    ("hammamet", "حمامات"),
    ("monastir", "منستير"),
    ("carthage", "قرطاج"),
    ("kasserine", "قصرين"),
    ("jerba", "جربة"),
    ("marzouki", "مرزوقي"),
    ("france", "فرنسا"),
];

fn ant() -> Option<Library> {
    let path = std::env::var_os("AKHBAR_ANT").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data/ant-news.jsonl"),
        PathBuf::from,
    );
    if !path.exists() {
        eprintln!("skipping: {} is absent", path.display());
        return None;
    }
    library::open(&OpenOptions {
        path: Some(path),
        ..OpenOptions::default()
    })
    .ok()
}

/// The forms of a normalised title word with proclitics taken off, written independently of
/// the library's clitic code.
fn forms(w: &str) -> Vec<String> {
    let mut out = vec![w.to_string()];
    let mut bases = vec![w.to_string()];
    for conj in ["و", "ف"] {
        if let Some(r) = w.strip_prefix(conj) {
            bases.push(r.to_string());
        }
    }
    for b in bases.clone() {
        for prep in ["ب", "ك", "ل"] {
            if let Some(r) = b.strip_prefix(prep) {
                bases.push(r.to_string());
                if prep == "ل" && r.starts_with('ل') {
                    bases.push(format!("ا{r}"));
                }
            }
        }
    }
    for b in bases {
        if let Some(r) = b.strip_prefix("ال") {
            out.push(r.to_string());
        }
        out.push(b);
    }
    out
}

/// Whether a title is relevant to every word of an Arabic query.
fn relevant(title: &str, query: &str) -> bool {
    let words: Vec<String> = normalize(title)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect();
    query.split_whitespace().all(|q| {
        let n = normalize(q);
        let mut prefixes = vec![n.clone()];
        if q.ends_with('ة') {
            prefixes.push(n.trim_end_matches('ه').to_string());
        }
        words.iter().any(|w| {
            forms(w)
                .iter()
                .any(|f| prefixes.iter().any(|p| f.starts_with(p.as_str())))
        })
    })
}

#[derive(Default)]
struct Totals {
    queries: usize,
    precision: f64,
    recall: f64,
    top10: f64,
}

impl Totals {
    fn add(&mut self, lib: &Library, query: &str, truth_query: &str, report: bool) {
        let got = lib
            .apply(&Filter {
                query: query.into(),
                ..Filter::default()
            })
            .articles;
        let title = |i: u32| lib.corpus.articles[i as usize].title.as_str();
        let truth = (0..lib.corpus.articles.len() as u32)
            .filter(|&i| relevant(title(i), truth_query))
            .count();
        let hits = got
            .iter()
            .filter(|&&i| relevant(title(i), truth_query))
            .count();
        let top = got.iter().take(10);
        let top_n = got.len().min(10);
        let top_hits = top.filter(|&&i| relevant(title(i), truth_query)).count();
        let p = if got.is_empty() {
            1.0
        } else {
            hits as f64 / got.len() as f64
        };
        let r = if truth == 0 {
            1.0
        } else {
            hits as f64 / truth as f64
        };
        let t = if top_n == 0 {
            1.0
        } else {
            top_hits as f64 / top_n as f64
        };
        if report {
            eprintln!(
                "{query:>16}: returned {:4} relevant {:4} truth {:4}  P {p:.2} R {r:.2} top10 {t:.2}",
                got.len(),
                hits,
                truth
            );
            for &i in got
                .iter()
                .filter(|&&i| !relevant(title(i), truth_query))
                .take(3)
            {
                eprintln!("{:>18} not relevant: {}", "", title(i));
            }
        }
        self.queries += 1;
        self.precision += p;
        self.recall += r;
        self.top10 += t;
    }

    fn means(&self) -> (f64, f64, f64) {
        let n = self.queries.max(1) as f64;
        (self.precision / n, self.recall / n, self.top10 / n)
    }
}

#[test]
fn title_search_is_precise_on_unseen_tunisian_news() {
    let Some(lib) = ant() else { return };
    let report = std::env::var_os("AKHBAR_SEARCH_REPORT").is_some();
    let mut arabic = Totals::default();
    for q in ARABIC {
        arabic.add(&lib, q, q, report);
    }
    let mut latin = Totals::default();
    for (q, ar) in LATIN {
        latin.add(&lib, q, ar, report);
    }
    let (ap, ar, at) = arabic.means();
    let (lp, lr, lt) = latin.means();
    eprintln!(
        "ANT titles: Arabic ({} queries) P {ap:.3} R {ar:.3} top10 {at:.3}; Latin ({} queries) P {lp:.3} R {lr:.3} top10 {lt:.3}",
        arabic.queries, latin.queries
    );
    assert!(ARABIC.len() >= 30 && LATIN.len() >= 20);
    assert!(ap >= 0.85 && ar >= 0.90, "Arabic P {ap:.3} R {ar:.3}");
    assert!(lp >= 0.80 && lr >= 0.70, "Latin P {lp:.3} R {lr:.3}");
    assert!(
        at >= 0.90 && lt >= 0.90,
        "top ten: Arabic {at:.3}, Latin {lt:.3}"
    );
}

#[test]
fn the_ground_truth_reads_clitics() {
    assert!(relevant("وللحكومة رأي", "الحكومة"));
    assert!(relevant("حكومتها الجديدة", "حكومة"));
    assert!(relevant("والسبسي يلتقي", "سبسي"));
    assert!(!relevant("الأفريقي يلعب في الوادي", "لافروف"));
}

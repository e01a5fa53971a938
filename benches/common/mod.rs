//! Shared setup of the benchmarks: generated articles in memory, a stand-in gazetteer (exact
//! search for a few names, so that facet benchmarks do not measure extraction), and a `Library`.
#![allow(dead_code)] // each bench uses a different part of this module
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};

use akhbar::corpus::generate::{Generator, Material};
use akhbar::corpus::{build_article, Article, Rules};
use akhbar::entities::{Entity, EntityKind, EntityTable, Field, Mention};
use akhbar::library::Library;
use rayon::prelude::*;

pub const SEED: u64 = 2022;

/// The shared ANT corpus when it sits next to this checkout (skipped cleanly when absent).
pub fn extra_corpora() -> Vec<PathBuf> {
    let ant = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/ant-news.jsonl");
    ant.exists().then_some(ant).into_iter().collect()
}

pub fn material() -> Material {
    Material::load(&extra_corpora()).expect("generator material")
}

/// `n` generated articles, cleaned as the JSONL loader would clean them, without the disk.
pub fn articles(m: &Material, n: usize) -> Vec<Article> {
    let rules = Rules::builtin().expect("built-in rules");
    let raws: Vec<_> = Generator::new(m, SEED)
        .expect("generator")
        .take(n)
        .map(|g| g.to_raw())
        .collect();
    raws.into_par_iter()
        .map(|r| build_article(r, &rules))
        .collect()
}

/// Names frequent in the default corpus and in the ANT corpus: a stand-in for the gazetteer.
const GAZETTEER: &[(&str, EntityKind)] = &[
    ("لافروف", EntityKind::Per),
    ("بلينكن", EntityKind::Per),
    ("بوتين", EntityKind::Per),
    ("السبسي", EntityKind::Per),
    ("الغنوشي", EntityKind::Per),
    ("المرزوقي", EntityKind::Per),
    ("الشاهد", EntityKind::Per),
    ("ترامب", EntityKind::Per),
    ("تونس", EntityKind::Loc),
    ("سوسة", EntityKind::Loc),
    ("صفاقس", EntityKind::Loc),
    ("نابل", EntityKind::Loc),
    ("القيروان", EntityKind::Loc),
    ("بنزرت", EntityKind::Loc),
    ("الجزائر", EntityKind::Loc),
    ("ليبيا", EntityKind::Loc),
    ("مصر", EntityKind::Loc),
    ("فرنسا", EntityKind::Loc),
    ("سوريا", EntityKind::Loc),
    ("روسيا", EntityKind::Loc),
    ("أوكرانيا", EntityKind::Loc),
    ("واشنطن", EntityKind::Loc),
    ("موسكو", EntityKind::Loc),
    ("النهضة", EntityKind::Org),
    ("نداء تونس", EntityKind::Org),
    ("وزارة الداخلية", EntityKind::Org),
    ("الحرس الوطني", EntityKind::Org),
    ("مجلس نواب الشعب", EntityKind::Org),
    ("الترجي", EntityKind::Org),
    ("داعش", EntityKind::Org),
    ("الأمم المتحدة", EntityKind::Org),
    ("البيت الأبيض", EntityKind::Org),
];

/// The id of a stand-in entity by its Arabic name.
pub fn entity(name: &str) -> u32 {
    GAZETTEER
        .iter()
        .position(|(n, _)| *n == name)
        .expect("name in the stand-in gazetteer") as u32
}

/// Fills `mentions` by exact search for the stand-in names, and returns their table.
pub fn add_mentions(articles: &[Article]) -> EntityTable {
    articles.par_iter().for_each(|a| {
        let mut ms = Vec::new();
        for (e, (name, _)) in GAZETTEER.iter().enumerate() {
            for (field, text) in [(Field::Title, &a.title), (Field::Body, &a.body)] {
                ms.extend(text.match_indices(name).map(|(s, m)| Mention {
                    entity: e as u32,
                    field,
                    start: s as u32,
                    end: (s + m.len()) as u32,
                }));
            }
        }
        a.set_mentions(ms);
    });
    let entities = GAZETTEER
        .iter()
        .enumerate()
        .map(|(i, (name, kind))| Entity {
            id: format!("e{i}"),
            kind: *kind,
            name: name.to_string(),
            name_en: None,
            aliases: Vec::new(),
            discovered: false,
            articles: 0,
            mentions: 0,
        })
        .collect();
    EntityTable { entities }
}

/// A library over generated articles with stand-in entities, as `library::open` would build it.
pub fn library(articles: Vec<Article>) -> Library {
    let entities = add_mentions(&articles);
    let corpus = akhbar::corpus::Corpus {
        articles,
        ..Default::default()
    };
    Library::assemble(corpus, entities)
}

/// Whether the optional million-article runs are asked for.
pub fn want_1m() -> bool {
    std::env::var("AKHBAR_BENCH_1M").is_ok_and(|v| v == "1")
}

/// Prefixes of `s` of these many characters (fewer when `s` is shorter).
pub fn prefixes(s: &str, lens: &[usize]) -> Vec<String> {
    lens.iter().map(|&n| s.chars().take(n).collect()).collect()
}

/// The criterion settings of these benches: ten samples after a second of warm-up, measured
/// for `secs` seconds (the inputs are large and the machine has two cores).
pub fn short_runs(secs: u64) -> criterion::Criterion {
    criterion::Criterion::default()
        .sample_size(10)
        .warm_up_time(std::time::Duration::from_secs(1))
        .measurement_time(std::time::Duration::from_secs(secs))
}

//! Smoke test of the corpus generator: 1,000 articles as JSONL and as a sharded `.txt` folder,
//! loaded back through the real loaders. No timing here; benchmarks live in `benches/`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};

use akhbar::corpus::generate::{self, Format, Material, Options, SHARD_SIZE};
use akhbar::library::{self, OpenOptions};

const N: u64 = 1000;

/// The shared ANT corpus when this checkout sits next to it; the default corpus alone otherwise.
fn extra_corpora() -> Vec<PathBuf> {
    let ant = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/ant-news.jsonl");
    ant.exists().then_some(ant).into_iter().collect()
}

fn material() -> Material {
    Material::load(&extra_corpora()).expect("material loads")
}

fn gen(m: &Material, format: Format, seed: u64, out: PathBuf) -> generate::Summary {
    let opts = Options {
        articles: N,
        seed,
        format,
        out,
        from_corpus: Vec::new(),
        min_body_bytes: 0,
    };
    generate::write(m, &opts).expect("generation succeeds")
}

/// Articles of agency length for the benchmarks: every body at least as long as asked.
#[test]
fn min_body_bytes_makes_articles_of_real_length() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("real.jsonl");
    let opts = Options {
        articles: 200,
        seed: 3,
        format: Format::Jsonl,
        out: out.clone(),
        from_corpus: Vec::new(),
        min_body_bytes: 2600,
    };
    generate::write(&material(), &opts).unwrap();
    let lib = open(&out);
    assert_eq!(lib.articles().len(), 200);
    // The cleaned body loses the dateline of the first paragraph, a few dozen bytes.
    let short = lib
        .articles()
        .iter()
        .filter(|a| a.body.len() < 2500)
        .count();
    assert_eq!(short, 0, "bodies under 2.5 KB");
    // Without it, the generated articles keep their sources' lengths, many of them shorter.
    gen(
        &material(),
        Format::Jsonl,
        3,
        dir.path().join("plain.jsonl"),
    );
    let plain = open(&dir.path().join("plain.jsonl"));
    assert!(plain.articles().iter().any(|a| a.body.len() < 2500));
}

fn open(path: &Path) -> library::Library {
    library::open(&OpenOptions {
        path: Some(path.to_path_buf()),
        ..OpenOptions::default()
    })
    .expect("generated corpus opens")
}

/// Every file of a folder, sorted, concatenated with its relative path: one byte string to
/// compare two generated folders by.
fn folder_bytes(root: &Path) -> Vec<u8> {
    let mut files: Vec<PathBuf> = walk(root);
    files.sort();
    let mut out = Vec::new();
    for f in files {
        out.extend_from_slice(f.strip_prefix(root).unwrap().to_string_lossy().as_bytes());
        out.extend(std::fs::read(&f).unwrap());
    }
    out
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[test]
fn jsonl_loads_dated_and_is_deterministic() {
    let m = material();
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.jsonl");
    let sum = gen(&m, Format::Jsonl, 42, a.clone());
    assert_eq!(sum.articles, N);
    assert_eq!(sum.bytes, std::fs::metadata(&a).unwrap().len());

    let lib = open(&a);
    assert_eq!(lib.articles().len(), N as usize);
    assert!(lib.corpus.skipped.is_empty(), "{:?}", lib.corpus.skipped);
    for art in lib.articles() {
        assert!(art.date.is_some(), "{} has no date", art.id);
        assert!(!art.title.is_empty() && !art.body.is_empty(), "{}", art.id);
        assert!(art.source.is_some() && art.agency.is_some(), "{}", art.id);
    }
    let years: std::collections::BTreeSet<i32> = lib
        .articles()
        .iter()
        .filter_map(|a| a.date.map(|d| chrono::Datelike::year(&d.date)))
        .collect();
    assert!(years.len() >= 5, "dates span several years: {years:?}");

    let same = dir.path().join("same.jsonl");
    gen(&m, Format::Jsonl, 42, same.clone());
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&same).unwrap());
    let other = dir.path().join("other.jsonl");
    gen(&m, Format::Jsonl, 43, other.clone());
    assert_ne!(std::fs::read(&a).unwrap(), std::fs::read(&other).unwrap());
}

#[test]
fn txt_folder_is_sharded_loads_and_is_deterministic() {
    let m = material();
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a");
    let sum = gen(&m, Format::Txt, 42, a.clone());
    assert_eq!(sum.files, N);
    let shards: Vec<PathBuf> = std::fs::read_dir(&a)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(shards.len() as u64, N.div_ceil(SHARD_SIZE));
    for s in &shards {
        assert!(std::fs::read_dir(s).unwrap().count() as u64 <= SHARD_SIZE);
    }

    let lib = open(&a);
    assert_eq!(lib.articles().len(), N as usize);
    // Dates in .txt are Arabic datelines. While `arabic::dates::parse_date` is a stub they
    // load undated, so check the dateline was recognised (source and agency come from it),
    // and require dates as soon as the parser reads the default corpus's own dateline format.
    let parses = akhbar::arabic::dates::parse_date("16 فبراير 2022ء").is_some();
    for art in lib.articles() {
        assert!(art.source.is_some() && art.agency.is_some(), "{}", art.id);
        assert!(!art.body.starts_with('('), "dateline left in {}", art.id);
        if parses {
            assert!(art.date.is_some(), "{} has no date", art.id);
        }
    }

    let same = dir.path().join("same");
    gen(&m, Format::Txt, 42, same.clone());
    assert_eq!(folder_bytes(&a), folder_bytes(&same));
    let other = dir.path().join("other");
    gen(&m, Format::Txt, 43, other.clone());
    assert_ne!(folder_bytes(&a), folder_bytes(&other));
}

#[test]
fn same_seed_same_articles_as_jsonl_and_txt() {
    // The two formats carry the same articles: the txt title is the JSONL title.
    let m = material();
    let dir = tempfile::tempdir().unwrap();
    gen(&m, Format::Jsonl, 9, dir.path().join("c.jsonl"));
    gen(&m, Format::Txt, 9, dir.path().join("c"));
    let j = open(&dir.path().join("c.jsonl"));
    let t = open(&dir.path().join("c"));
    let titles = |l: &library::Library| {
        let mut v: Vec<(String, String)> = l
            .articles()
            .iter()
            .map(|a| (a.id.clone(), a.title.clone()))
            .collect();
        v.sort();
        v
    };
    assert_eq!(titles(&j), titles(&t));
}

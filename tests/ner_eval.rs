//! Span F1 of the entities `akhbar tag` finds, on the dev split of the NER training data
//! (the last sixth of ANERcorp's train file, never trained on). Skips without `../shared`.
//!
//! What is measured is what a user gets: each dev sentence is joined with spaces and run
//! through [`akhbar::entities::tag`] (tagger, gazetteer linking); a mention covers the
//! training tokens it overlaps. Exact span and type, per type and overall.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;

use akhbar::entities::tagger::train::{read_file, split_dev, Counts, Scores, Sentence};
use akhbar::entities::tagger::Span;
use akhbar::entities::{tag, EntityKind, Extractor, Gazetteer};

/// Floors, a few points under the figures measured when the model was trained (overall
/// 0.72, PER 0.70, LOC 0.86, ORG 0.55 end to end): low enough for the noise of retraining
/// on other machines' float rounding, high enough that a broken feature, model or linking
/// step fails.
const MIN_F1: f64 = 0.68;
const MIN_F1_PER: f64 = 0.64;
const MIN_F1_LOC: f64 = 0.80;
const MIN_F1_ORG: f64 = 0.45;

fn dev() -> Option<Vec<Sentence>> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/ner/labeled/anercorp_camel_train.txt");
    if !path.exists() {
        eprintln!("skipped: {} is not here", path.display());
        return None;
    }
    let (_, dev) = split_dev(read_file(&path, false).unwrap());
    Some(dev)
}

/// The gold spans of a sentence, in its own tokens.
fn gold_spans(s: &Sentence) -> Vec<Span> {
    let kind = |t: u8| match t {
        1 | 2 => EntityKind::Per,
        3 | 4 => EntityKind::Loc,
        _ => EntityKind::Org,
    };
    let mut out: Vec<Span> = Vec::new();
    for (i, &t) in s.tags.iter().enumerate() {
        if t == 0 {
            continue;
        }
        match out.last_mut() {
            Some(last) if t % 2 == 0 && last.end == i && last.kind == kind(t) => last.end = i + 1,
            _ => out.push(Span {
                start: i,
                end: i + 1,
                kind: kind(t),
            }),
        }
    }
    out
}

/// The spans `tag` finds, mapped to the sentence's tokens they overlap.
fn found_spans(ex: &Extractor, s: &Sentence) -> Vec<Span> {
    let mut text = String::new();
    let mut bounds = Vec::new();
    for t in &s.tokens {
        if !text.is_empty() {
            text.push(' ');
        }
        let start = text.chars().count();
        text.push_str(t);
        bounds.push((start, text.chars().count()));
    }
    let mut out = Vec::new();
    for m in tag(ex, &text) {
        let over: Vec<usize> = (0..bounds.len())
            .filter(|&i| bounds[i].0 < m.end && m.start < bounds[i].1)
            .collect();
        if let (Some(&a), Some(&b)) = (over.first(), over.last()) {
            out.push(Span {
                start: a,
                end: b + 1,
                kind: m.kind,
            });
        }
    }
    out
}

/// Scores `tag` on gold sentences, printing each miss and false positive when
/// `AKHBAR_NER_ERRORS` is set.
fn score(ex: &Extractor, gold: &[Sentence]) -> Scores {
    let mut scores = Scores::default();
    let verbose = std::env::var_os("AKHBAR_NER_ERRORS").is_some();
    for s in gold {
        let (want, found) = (gold_spans(s), found_spans(ex, s));
        if verbose {
            let words = |sp: &Span| s.tokens[sp.start..sp.end].join(" ");
            for g in want.iter().filter(|g| !found.contains(g)) {
                println!("MISS {:?} {}", g.kind, words(g));
            }
            for f in found.iter().filter(|f| !want.contains(f)) {
                println!("FP   {:?} {}", f.kind, words(f));
            }
        }
        scores.add(&want, &found);
    }
    scores
}

fn assert_floors(scores: &Scores) {
    let f1 = |c: &Counts| c.f1();
    for (name, got, floor) in [
        ("overall", f1(&scores.all), MIN_F1),
        ("PER", f1(&scores.by_kind[0]), MIN_F1_PER),
        ("LOC", f1(&scores.by_kind[1]), MIN_F1_LOC),
        ("ORG", f1(&scores.by_kind[2]), MIN_F1_ORG),
    ] {
        assert!(got >= floor, "{name} F1 {got:.3} under the floor {floor}");
    }
}

#[test]
fn dev_split_span_f1() {
    let Some(dev) = dev() else {
        return;
    };
    let ex = Extractor::new(&Gazetteer::builtin().unwrap());
    let scores = score(&ex, &dev);
    println!(
        "dev ({} sentences, last sixth of ANERcorp train): {}",
        dev.len(),
        scores.line()
    );
    assert_floors(&scores);
}

/// Any other gold file in the same format (`token TAG` lines, PERS/LOC/ORG), named by
/// `AKHBAR_NER_GOLD`: held-out data that is not in this repository is scored against the
/// same floors. Without the variable there is nothing to score.
#[test]
fn other_gold_span_f1() {
    let Some(path) = std::env::var_os("AKHBAR_NER_GOLD") else {
        return;
    };
    let gold = read_file(Path::new(&path), false).unwrap();
    let ex = Extractor::new(&Gazetteer::builtin().unwrap());
    let scores = score(&ex, &gold);
    println!(
        "{} ({} sentences): {}",
        Path::new(&path).display(),
        gold.len(),
        scores.line()
    );
    assert_floors(&scores);
}

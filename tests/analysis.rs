//! The analysis commands (timeline, cooccur, kwic, dups) on the default corpus, with --json.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::process::Command;

use serde_json::Value;

fn json(args: &[&str]) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_akhbar"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run akhbar");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("valid JSON")
}

#[test]
fn timeline_of_lavrov_spans_january_and_february_2022() {
    let t = json(&["timeline", "لافروف", "--json"]);
    assert_eq!(t["entity"]["name_en"], "Sergei Lavrov");
    let months: Vec<(&str, u64)> = t["months"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["month"].as_str().unwrap(),
                m["articles"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(months, [("2022-01", 2), ("2022-02", 2)]);
    assert_eq!(t["articles"], 4);
    assert_eq!(t["undated"], 0);
    // The filter flags of `list` narrow it.
    let t = json(&["timeline", "Sergei Lavrov", "--json", "--from", "2022-02"]);
    assert_eq!(t["months"].as_array().unwrap().len(), 1);
}

#[test]
fn cooccur_of_blinken_ranks_lavrov_above_entities_named_everywhere() {
    let c = json(&["cooccur", "بلينكن", "--json"]);
    assert_eq!(
        (c["articles"].as_u64(), c["entity_articles"].as_u64()),
        (Some(5), Some(4))
    );
    let partners = c["partners"].as_array().unwrap();
    let pos = |en: &str| {
        partners
            .iter()
            .position(|p| p["name_en"] == en)
            .unwrap_or_else(|| panic!("{en} not in {partners:?}"))
    };
    let lavrov = &partners[pos("Sergei Lavrov")];
    assert_eq!(lavrov["count"], 4);
    assert!((lavrov["expected"].as_f64().unwrap() - 3.2).abs() < 1e-9);
    assert!(lavrov["score"].as_f64().unwrap() > 0.0);
    // Russia is named in every article: as often with Blinken as chance predicts.
    assert!(pos("Sergei Lavrov") < pos("Russia"));
    assert!(partners[pos("Russia")]["score"].as_f64().unwrap().abs() < 1e-9);
    let c = json(&["cooccur", "بلينكن", "--json", "--limit", "1"]);
    assert_eq!(c["partners"].as_array().unwrap().len(), 1);
}

#[test]
fn kwic_of_lavrov_puts_the_hit_between_its_contexts() {
    let k = json(&["kwic", "لافروف", "--json", "--width", "30"]);
    assert_eq!(k["entity"]["name_en"], "Sergei Lavrov");
    let rows = k["rows"].as_array().unwrap();
    assert!(rows.len() >= 10, "{}", rows.len());
    for r in rows {
        let (left, hit, right, sentence) = (
            r["left"].as_str().unwrap(),
            r["hit"].as_str().unwrap(),
            r["right"].as_str().unwrap(),
            r["sentence"].as_str().unwrap(),
        );
        assert!(hit.contains("لافروف"), "{hit}");
        assert!(
            sentence.match_indices(hit).any(|(at, _)| {
                sentence[..at].trim_end().ends_with(left)
                    && sentence[at + hit.len()..].trim_start().starts_with(right)
            }),
            "{left:?} {hit:?} {right:?} | {sentence}"
        );
        assert!(left.chars().count() <= 30 && right.chars().count() <= 30);
    }
    // The first row of 000: "... مع نظيره الروسي [سيرغي لافروف]، أن واشنطن ..."
    assert!(rows[0]["id"].as_str().unwrap().starts_with("000"));
    assert!(rows[0]["left"].as_str().unwrap().ends_with("نظيره الروسي"));
    // Sorted by the word just after the hit.
    let k = json(&["kwic", "لافروف", "--json", "--sort", "right"]);
    assert_eq!(k["rows"].as_array().unwrap().len(), rows.len());
    // A term that is no entity is searched as text, on normalised Arabic.
    let k = json(&["kwic", "الازمة", "--json"]);
    let rows = k["rows"].as_array().unwrap();
    assert!(k["entity"].is_null() && !rows.is_empty());
    assert!(rows.iter().any(|r| r["hit"] == "الأزمة"));
}

#[test]
fn dups_keeps_000_001_and_004_apart_and_reports_their_overlap() {
    let d = json(&["dups", "--json", "--pairs"]);
    assert_eq!(d["articles"], 5);
    // 000 and 001 share two paragraphs and 000 and 004 reworded background: different stories,
    // far below the threshold.
    assert_eq!(d["clusters"].as_array().unwrap().len(), 0);
    let pairs = d["pairs"].as_array().unwrap();
    assert_eq!(pairs.len(), 10);
    let get = |a: &str, b: &str| {
        pairs
            .iter()
            .find(|p| {
                p["id_a"].as_str().unwrap().starts_with(a)
                    && p["id_b"].as_str().unwrap().starts_with(b)
            })
            .unwrap()
    };
    let p = get("000", "001");
    let (j, c) = (
        p["jaccard"].as_f64().unwrap(),
        p["containment"].as_f64().unwrap(),
    );
    assert!(j > 0.05 && j < 0.2 && c > 0.1 && c < 0.3, "{p}");
    assert!(get("000", "004")["shared"].as_u64().unwrap() > 0);
    // A low enough threshold joins 000 and 001, with 000 (later) not the representative.
    let d = json(&["dups", "--json", "--threshold", "0.08"]);
    let clusters = d["clusters"].as_array().unwrap();
    assert_eq!(clusters.len(), 1);
    let ids: Vec<&str> = clusters[0]["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| &m["id"].as_str().unwrap()[..3])
        .collect();
    assert_eq!(ids, ["000", "001"]);
    assert!(clusters[0]["representative"]
        .as_str()
        .unwrap()
        .starts_with("001"));
}

#[test]
fn text_output_is_readable() {
    let out = Command::new(env!("CARGO_BIN_EXE_akhbar"))
        .args(["timeline", "Sergei Lavrov"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("2022-01") && text.contains('█'), "{text}");
    let out = Command::new(env!("CARGO_BIN_EXE_akhbar"))
        .args(["cooccur", "nobody-at-all"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no entity"));
}

/// Timing on a large corpus: `AKHBAR_BENCH_CORPUS=big.jsonl cargo test --release --test
/// analysis -- --ignored --nocapture`.
#[test]
#[ignore]
fn timing_on_a_large_corpus() {
    use akhbar::analysis::*;
    use std::time::Instant;
    let Ok(path) = std::env::var("AKHBAR_BENCH_CORPUS") else {
        eprintln!("AKHBAR_BENCH_CORPUS not set");
        return;
    };
    let start = Instant::now();
    let lib = akhbar::library::open(&akhbar::library::OpenOptions {
        path: Some(path.into()),
        ..Default::default()
    })
    .unwrap();
    let load = start.elapsed();
    let all = lib.apply(&akhbar::index::Filter::default()).set;
    let counts = lib.index.entity_counts(&all);
    let (top, n) = counts
        .iter()
        .enumerate()
        .max_by_key(|(_, &n)| n)
        .map(|(e, &n)| (e as u32, n))
        .unwrap();
    eprintln!(
        "{} articles; load {:.0} ms (corpus {:.0} + entities {:.0} + index {:.0})",
        lib.articles().len(),
        load.as_secs_f64() * 1e3,
        lib.corpus.load_time.as_secs_f64() * 1e3,
        lib.extract_time().unwrap_or_default().as_secs_f64() * 1e3,
        lib.index_time.as_secs_f64() * 1e3
    );
    let time = |what: &str, f: &mut dyn FnMut() -> String| {
        let mut best = f64::MAX;
        let mut out = String::new();
        for _ in 0..3 {
            let t = Instant::now();
            out = f();
            best = best.min(t.elapsed().as_secs_f64() * 1e3);
        }
        eprintln!("{what}: {best:.1} ms (best of 3) {out}");
    };
    let name = lib.entities().entities[top as usize].name.clone();
    time(&format!("timeline {name} ({n} articles)"), &mut || {
        format!("{} months", timeline(&lib.index, top, &all).months.len())
    });
    time("cooccur", &mut || {
        let c = cooccurrences(&lib.index, top, &all, &CooccurOptions::default());
        format!("{} partners", c.partners.len())
    });
    time("kwic entity", &mut || {
        let rows = kwic(
            lib.articles(),
            &all,
            &KwicQuery::Entity(top),
            &KwicOptions::default(),
        );
        format!("{} rows", rows.len())
    });
    time("kwic entity + sort left", &mut || {
        let mut rows = kwic(
            lib.articles(),
            &all,
            &KwicQuery::Entity(top),
            &KwicOptions::default(),
        );
        sort_rows(&mut rows, lib.articles(), KwicSort::Left);
        format!("{} rows", rows.len())
    });
    time("kwic text", &mut || {
        let q = KwicQuery::Text(name.clone());
        format!(
            "{} rows",
            kwic(lib.articles(), &all, &q, &KwicOptions::default()).len()
        )
    });
    time("dups", &mut || {
        let r = near_duplicates(lib.articles(), &all, &DupOptions::default());
        format!(
            "{} clusters, {} candidates, {} verified",
            r.clusters.len(),
            r.candidates,
            r.verified
        )
    });
}

//! Publication dates from file names and date folders, on real Tunisian news: the ANT
//! articles saved as `.txt` under their ids (`JA-politic-69-05112015.txt`), against the dates
//! of the publisher's metadata. Skipped when `../shared/data/` is absent.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use akhbar::corpus::{self, DateSource, LoadOptions, Rules};

fn shared() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data")
}

/// id → (title, body, metadata date) of the ANT articles.
fn ant() -> Option<Vec<(String, String, String, String)>> {
    let path = shared().join("ant-news.jsonl");
    let text = std::fs::read_to_string(&path).ok()?;
    let rows = text
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .map(|v| {
            let s = |k: &str| v[k].as_str().unwrap_or("").to_string();
            (s("id"), s("title"), s("body"), s("date"))
        })
        .collect();
    Some(rows)
}

fn load(dir: &Path) -> corpus::Corpus {
    corpus::load(dir, &LoadOptions::new(Rules::builtin().unwrap())).unwrap()
}

/// (exact, wrong, undated) of loaded articles against the metadata dates, by id.
fn score(c: &corpus::Corpus, truth: &HashMap<String, String>) -> (usize, usize, usize) {
    let (mut exact, mut wrong, mut undated) = (0, 0, 0);
    for a in &c.articles {
        match (a.date, truth.get(&a.id)) {
            (Some(d), Some(t)) if d.date.format("%Y-%m-%d").to_string() == *t => exact += 1,
            (Some(_), _) => wrong += 1,
            (None, _) => undated += 1,
        }
    }
    (exact, wrong, undated)
}

#[test]
fn ant_articles_saved_under_their_ids_get_their_dates() {
    let Some(rows) = ant() else {
        eprintln!("skipping: ../shared/data/ant-news.jsonl is absent");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let sample: Vec<_> = rows.iter().step_by(6).collect();
    for (id, title, body, _) in &sample {
        std::fs::write(
            dir.path().join(format!("{id}.txt")),
            format!("{title}\n\n{body}\n"),
        )
        .unwrap();
    }
    let truth: HashMap<String, String> = rows
        .iter()
        .map(|(id, _, _, d)| (id.clone(), d.clone()))
        .collect();
    let c = load(dir.path());
    let (exact, wrong, undated) = score(&c, &truth);
    let n = c.articles.len() as f64;
    eprintln!(
        "ANT as .txt ({} files): exact {exact}, wrong {wrong}, undated {undated}",
        c.articles.len()
    );
    assert_eq!(c.articles.len(), sample.len());
    assert!(exact as f64 >= 0.95 * n, "exact {exact} of {n}");
    assert!(wrong as f64 <= 0.01 * n, "wrong {wrong} of {n}");
}

#[test]
fn the_shared_txt_folder_gets_its_dates() {
    let (Some(rows), true) = (ant(), shared().join("ant-news-txt").is_dir()) else {
        eprintln!("skipping: ../shared/data/ant-news-txt is absent");
        return;
    };
    let truth: HashMap<String, String> = rows.into_iter().map(|(id, _, _, d)| (id, d)).collect();
    let c = load(&shared().join("ant-news-txt"));
    let (exact, wrong, undated) = score(&c, &truth);
    eprintln!("ant-news-txt: exact {exact}, wrong {wrong}, undated {undated}");
    assert_eq!((wrong, undated), (0, 0));
    assert!(c
        .articles
        .iter()
        .all(|a| a.date_source == Some(DateSource::Path)));
}

#[test]
fn a_date_folder_tree_dates_every_article() {
    let dir = tempfile::tempdir().unwrap();
    let days = ["2016/03/07", "2016/03/08", "2019/12/31", "2021/01/02"];
    for (i, day) in days.iter().enumerate() {
        let folder = dir.path().join(day);
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::write(
            folder.join(format!("story-{i}.txt")),
            "عنوان الخبر\n\nأعلنت الحكومة عن خطة جديدة للنقل العمومي في العاصمة.\n",
        )
        .unwrap();
    }
    let month = dir.path().join("2018/05");
    std::fs::create_dir_all(&month).unwrap();
    std::fs::write(month.join("story.txt"), "عنوان\n\nنص الخبر.\n").unwrap();
    let c = load(dir.path());
    let mut got: Vec<String> = c
        .articles
        .iter()
        .map(|a| {
            assert_eq!(a.date_source, Some(DateSource::Path), "{}", a.id);
            a.date.unwrap().date.format("%Y/%m/%d").to_string()
        })
        .collect();
    got.sort();
    assert_eq!(
        got,
        [
            "2016/03/07",
            "2016/03/08",
            "2018/05/01",
            "2019/12/31",
            "2021/01/02"
        ]
    );
}

#[test]
fn a_dateline_beats_the_path_and_the_path_beats_inference() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("news-20200101.txt"),
        "عنوان\n\nدمشق - 3 آذار 2021 (سانا) أعلنت الحكومة.\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("news-20200102.txt"),
        "عنوان\n\nقال الوزير يوم 5 مارس 2019 إن الخطة جاهزة.\n",
    )
    .unwrap();
    let c = load(dir.path());
    let by_id = |id: &str| c.articles.iter().find(|a| a.id == id).unwrap();
    let a = by_id("news-20200101");
    assert_eq!(a.date_source, Some(DateSource::Dateline));
    assert_eq!(a.date.unwrap().date.to_string(), "2021-03-03");
    let b = by_id("news-20200102");
    assert_eq!(b.date_source, Some(DateSource::Path));
    assert_eq!(b.date.unwrap().date.to_string(), "2020-01-02");
}

//! The default corpus in `data/`: metadata, boilerplate removal and the headless CLI.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::process::Command;

use serde_json::Value;

fn akhbar(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_akhbar"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run akhbar")
}

fn json(args: &[&str]) -> Value {
    let out = akhbar(args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("valid JSON")
}

fn article<'a>(list: &'a Value, prefix: &str) -> &'a Value {
    list.as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"].as_str().unwrap().starts_with(prefix))
        .unwrap_or_else(|| panic!("no article {prefix}"))
}

#[test]
fn list_json_dates_precision_and_inference() {
    let list = json(&["list", "--json"]);
    for (id, date) in [
        ("000", "2022-02-16"),
        ("001", "2022-02-15"),
        ("003", "2022-01-21"),
        ("004", "2021-12-14"),
    ] {
        let a = article(&list, id);
        assert_eq!(a["date"], date, "{id}");
        assert_eq!(a["date_precision"], "day", "{id}");
        assert_eq!(a["date_inferred"], false, "{id}");
    }
    // 002 has no dateline: "السبت" with "9 و 10 كانون الثاني الجاري" and "الإثنين الماضي" pin it
    // to Saturday 15 January 2022, and it is marked inferred.
    let a = article(&list, "002");
    assert_eq!(a["date"], "2022-01-15");
    assert_eq!(a["date_inferred"], true);
    // Newest first, inferred or not.
    let ids: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|a| &a["id"].as_str().unwrap()[..3])
        .collect();
    assert_eq!(ids, ["000", "001", "003", "002", "004"]);
}

#[test]
fn list_filters_by_date_range() {
    let list = json(&["list", "--json", "--from", "2022-01", "--to", "2022-01"]);
    let ids: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|a| &a["id"].as_str().unwrap()[..3])
        .collect();
    assert_eq!(ids, ["003", "002"]);
}

#[test]
fn list_json_has_the_metadata_of_every_article() {
    let list = json(&["list", "--json"]);
    assert_eq!(list.as_array().unwrap().len(), 5);
    for id in ["000", "001", "004"] {
        let a = article(&list, id);
        assert_eq!(a["source"], "پاکستان پوائنٹ نیوز", "{id}");
        assert_eq!(a["agency"], "سبوتنيك", "{id}");
    }
    let a = article(&list, "003");
    assert_eq!(a["source"], "أردو بوینت نتورك");
    assert_eq!(a["agency"], "سبوتنيك");
    assert_eq!(
        a["title"],
        "بلينكن يؤكد استعداد واشنطن وشركائها للعمل على تبديد مخاوف روسيا الأمنية"
    );
    let a = article(&list, "002");
    assert_eq!(a["place"], "واشنطن");
    assert_eq!(a["byline"], "يوسف مكي");
    assert!(a["title"]
        .as_str()
        .unwrap()
        .starts_with("أكدت الولايات المتحدة وحلف شمال الأطلسي"));
}

const BOILERPLATE: [&str; 8] = [
    "@FahadShabbir",
    "(تستمر)",
    "قد يهمك أيضاً",
    "أرسل تعليقك",
    "تعليقك كزائر",
    "أفكارك وتعليقاتك",
    "بوتين يؤكد لجونسون أن أوكرانيا تتبع نهجاً مضراً",
    "يحذر روسيا من \"الأعمال العدوانية\" عقب رصد",
];

#[test]
fn show_json_bodies_are_free_of_boilerplate() {
    for id in ["000", "001", "002", "003", "004"] {
        let a = json(&["show", id, "--json"]);
        let title = a["title"].as_str().unwrap();
        let body = a["body"].as_str().unwrap();
        assert!(
            !title.contains('@') && !title.contains("(@"),
            "{id}: {title}"
        );
        for b in BOILERPLATE {
            assert!(!body.contains(b), "{id}: body still has {b:?}");
        }
        // No dateline left at the start, and the title is not repeated as the first paragraph.
        let first = a["paragraphs"][0].as_str().unwrap();
        assert!(!first.starts_with('('), "{id}: {first}");
        assert_ne!(first, title, "{id}");
    }
    let a = json(&["show", "003", "--json"]);
    assert!(a["paragraphs"][0]
        .as_str()
        .unwrap()
        .starts_with("أعلن وزير الخارجية الأميركي"));
    assert!(a["body"]
        .as_str()
        .unwrap()
        .ends_with("بشأن الضمانات الأمنية."));
    let a = json(&["show", "002", "--json"]);
    assert!(a["body"]
        .as_str()
        .unwrap()
        .ends_with("على منصة منظمة الأمن والتعاون في أوروبا."));
    assert!(!a["body"].as_str().unwrap().contains("يوسف مكي"));
}

#[test]
fn stats_counts_and_sources() {
    let s = json(&["stats", "--json"]);
    assert_eq!(s["articles"], 5);
    assert_eq!(s["sources"]["پاکستان پوائنٹ نیوز"], 3);
    assert_eq!(s["skipped"].as_array().unwrap().len(), 0);
}

#[test]
fn missing_path_and_empty_folder_exit_2_with_one_line() {
    let out = akhbar(&["list", "/definitely/not/here"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("/definitely/not/here: no such file or folder"));

    let dir = tempfile::tempdir().unwrap();
    let out = akhbar(&["stats", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no articles found"));
}

#[test]
fn show_unknown_id_is_a_clear_error() {
    let out = akhbar(&["show", "999"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no article with id \"999\""));
}

#[test]
fn stats_lists_skipped_files() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("ok.txt"), "عنوان\n\nنص المقال").unwrap();
    std::fs::write(dir.path().join("bin.txt"), b"\0\x01\x02").unwrap();
    let s = json(&["stats", dir.path().to_str().unwrap(), "--json"]);
    assert_eq!(s["articles"], 1);
    let skipped = s["skipped"].as_array().unwrap();
    assert_eq!(skipped.len(), 1);
    assert!(skipped[0]["path"].as_str().unwrap().ends_with("bin.txt"));
    assert!(skipped[0]["reason"].as_str().unwrap().contains("binary"));
}

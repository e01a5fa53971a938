//! Export, marks and history end to end, with a temporary XDG home.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::Path;
use std::process::Command;

use common::pty::Session;
use serde_json::Value;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn akhbar(home: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_akhbar"))
        .args(args)
        .current_dir(repo())
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_STATE_HOME", home.join("state"))
        .env("XDG_CACHE_HOME", home.join("cache"))
        .output()
        .unwrap()
}

fn ids_of_list(home: &Path, filter: &[&str]) -> Vec<String> {
    let mut args = vec!["list", "--json"];
    args.extend_from_slice(filter);
    let out = akhbar(home, &args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    v.as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn export_jsonl_and_csv_hold_exactly_the_filtered_set() {
    let home = tempfile::tempdir().unwrap();
    let filter = [
        "--entity",
        "بلينكن",
        "--from",
        "2022-01-01",
        "--to",
        "2022-01-31",
    ];
    let expected = ids_of_list(home.path(), &filter);
    assert_eq!(expected.len(), 2, "{expected:?}");

    let jsonl = home.path().join("out.jsonl");
    let mut args = vec!["export", "--format", "jsonl", "-o", jsonl.to_str().unwrap()];
    args.extend_from_slice(&filter);
    assert!(akhbar(home.path(), &args).status.success());
    let lines: Vec<Value> = std::fs::read_to_string(&jsonl)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let got: Vec<String> = lines
        .iter()
        .map(|v| v["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(got, expected);
    assert!(lines.iter().all(|v| v["entities"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["name"] == "أنتوني بلينكن")));
    assert!(lines
        .iter()
        .all(|v| !v["body"].as_str().unwrap().is_empty() && v["date"].is_string()));

    let csv = home.path().join("out.csv");
    let mut args = vec!["export", "--format", "csv", "-o", csv.to_str().unwrap()];
    args.extend_from_slice(&filter);
    assert!(akhbar(home.path(), &args).status.success());
    let mut reader = csv::Reader::from_path(&csv).unwrap();
    let headers = reader.headers().unwrap().clone();
    assert_eq!(&headers[0], "id");
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let got: Vec<String> = rows.iter().map(|r| r[0].to_string()).collect();
    assert_eq!(got, expected);
    let body_col = headers.iter().position(|h| h == "body").unwrap();
    assert!(
        rows.iter().all(|r| r[body_col].contains('\n')),
        "bodies keep their paragraphs"
    );
}

/// The fields the README documents for `--format opensearch`, and how each is mapped.
const OPENSEARCH_FIELDS: [(&str, &str); 20] = [
    ("title", "text"),
    ("body", "text"),
    ("date", "date"),
    ("date_precision", "keyword"),
    ("date_inferred", "boolean"),
    ("date_source", "keyword"),
    ("source", "keyword"),
    ("agency", "keyword"),
    ("place", "keyword"),
    ("byline", "keyword"),
    ("url", "keyword"),
    ("file", "keyword"),
    ("person_ids", "keyword"),
    ("person_names", "keyword"),
    ("location_ids", "keyword"),
    ("location_names", "keyword"),
    ("organisation_ids", "keyword"),
    ("organisation_names", "keyword"),
    ("entity_ids", "keyword"),
    ("akhbar_id", "keyword"),
];

#[test]
fn opensearch_mapping_is_json_with_the_documented_fields() {
    let home = tempfile::tempdir().unwrap();
    let out = akhbar(
        home.path(),
        &["export", "--format", "opensearch", "--mapping"],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let props = v["mappings"]["properties"].as_object().unwrap();
    assert_eq!(props.len(), OPENSEARCH_FIELDS.len(), "{props:?}");
    for (name, kind) in OPENSEARCH_FIELDS {
        assert_eq!(props[name]["type"], kind, "{name}");
    }
    assert_eq!(props["body"]["analyzer"], "arabic");
    assert_eq!(props["title"]["fields"]["raw"]["type"], "keyword");
    assert_eq!(v["mappings"]["dynamic"], "strict");
}

#[test]
fn opensearch_bulk_lines_all_parse_and_pair_actions_with_documents() {
    let home = tempfile::tempdir().unwrap();
    let expected = ids_of_list(home.path(), &[]);
    let file = home.path().join("bulk.ndjson");
    let args = [
        "export",
        "--format",
        "opensearch",
        "--index",
        "news-2022",
        "-o",
        file.to_str().unwrap(),
    ];
    let out = akhbar(home.path(), &args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.ends_with('\n'), "_bulk needs a final newline");
    let lines: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2 * expected.len());
    let mut people = 0;
    for (pair, id) in lines.chunks(2).zip(&expected) {
        let (action, doc) = (&pair[0], &pair[1]);
        assert_eq!(action["index"]["_index"], "news-2022");
        assert_eq!(action["index"]["_id"], id.as_str());
        let doc = doc.as_object().unwrap();
        let names: Vec<&str> = OPENSEARCH_FIELDS.iter().map(|(n, _)| *n).collect();
        assert_eq!(doc.len(), names.len(), "{:?}", doc.keys());
        assert!(
            doc.keys().all(|k| names.contains(&k.as_str())),
            "{:?}",
            doc.keys()
        );
        assert_eq!(doc["akhbar_id"], id.as_str());
        let date = doc["date"].as_str().unwrap();
        assert!(
            chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").is_ok(),
            "{date}"
        );
        let ids = doc["person_ids"].as_array().unwrap();
        let names = doc["person_names"].as_array().unwrap();
        assert_eq!(ids.len(), names.len());
        people += names.len();
    }
    assert!(people > 0);
    let blinken = lines
        .iter()
        .filter(|v| {
            v["person_names"]
                .as_array()
                .is_some_and(|a| a.iter().any(|n| n == "أنتوني بلينكن"))
        })
        .count();
    assert_eq!(
        blinken,
        ids_of_list(home.path(), &["--entity", "بلينكن"]).len()
    );
}

#[test]
fn export_refuses_to_write_into_the_corpus() {
    let home = tempfile::tempdir().unwrap();
    let corpus = home.path().join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    std::fs::write(corpus.join("a.txt"), "عنوان\n\nنص").unwrap();
    let out_path = corpus.join("a.txt");
    let out = akhbar(
        home.path(),
        &[
            "export",
            corpus.to_str().unwrap(),
            "-o",
            out_path.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("refusing to write inside the corpus"));
    assert_eq!(
        std::fs::read_to_string(corpus.join("a.txt")).unwrap(),
        "عنوان\n\nنص"
    );
}

fn start(home: &Path, export_dir: &Path) -> Session {
    let vars = [
        ("XDG_CONFIG_HOME", home.join("config")),
        ("XDG_STATE_HOME", home.join("state")),
        ("AKHBAR_EXPORT_DIR", export_dir.to_path_buf()),
    ];
    let vars: Vec<(&str, &str)> = vars
        .iter()
        .map(|(k, v)| (*k, v.to_str().unwrap()))
        .collect();
    let mut s = Session::start(&[], repo(), 120, 32, &vars);
    s.wait_for("the list", 20, |sc| sc.contains("Articles 5/5"));
    s
}

#[test]
fn marks_history_and_export_from_the_explorer_survive_a_restart() {
    let home = tempfile::tempdir().unwrap();
    let exports = home.path().join("exports");
    std::fs::create_dir_all(&exports).unwrap();

    let mut s = start(home.path(), &exports);
    s.send(b"m"); // mark the first article
    s.wait_for("the marked facet", 5, |sc| sc.contains("marked     1"));
    s.send(b"/");
    for c in "blinken".bytes() {
        s.send(&[c]);
    }
    s.send(b"\r");
    s.wait_for("the query chip", 5, |sc| sc.contains("title: blinken"));
    s.send(b"w"); // export the filtered list: the status line asks for the format
    s.wait_for("the format question", 5, |sc| sc.contains("4 opensearch"));
    s.send(b"o");
    s.wait_for("the export message", 5, |sc| sc.contains("exported"));
    s.send(b"q");
    assert_eq!(s.wait_exit(10), 0);

    let files: Vec<_> = std::fs::read_dir(&exports)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    assert!(
        files[0].extension().is_some_and(|e| e == "ndjson"),
        "{files:?}"
    );
    // `_bulk`: an action line and a document per article.
    let exported = std::fs::read_to_string(&files[0]).unwrap().lines().count();
    assert_eq!(
        exported,
        2 * ids_of_list(home.path(), &["--query", "blinken"]).len()
    );

    // Marks are a facet again after a restart, and `list --marked` sees them.
    let mut s = start(home.path(), &exports);
    s.wait_for("the marked facet", 5, |sc| sc.contains("marked     1"));
    // The query is in the history: / then ↑ brings it back.
    s.send(b"/");
    s.send(b"\x1b[A");
    s.wait_for("the recalled query", 5, |sc| sc.contains("title: blinken"));
    s.send(b"\x1b");
    s.send(b"q");
    assert_eq!(s.wait_exit(10), 0);
    assert_eq!(ids_of_list(home.path(), &["--marked"]).len(), 1);
}

#[test]
fn ner_model_flag_loads_another_model_and_names_a_bad_file() {
    let home = tempfile::tempdir().unwrap();
    let article = "data/000_89731ca9499b315b.txt";
    let builtin = akhbar(home.path(), &["tag", article]);
    let same = akhbar(
        home.path(),
        &["tag", "--ner-model", "data/ner.model", article],
    );
    assert!(
        same.status.success(),
        "{}",
        String::from_utf8_lossy(&same.stderr)
    );
    assert!(!builtin.stdout.is_empty());
    assert_eq!(
        builtin.stdout, same.stdout,
        "the committed model is the built-in one"
    );

    let bad = home.path().join("bad.model");
    std::fs::write(&bad, "not a model").unwrap();
    let out = akhbar(
        home.path(),
        &["entities", "--ner-model", bad.to_str().unwrap()],
    );
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("bad.model"), "{err}");
    assert!(err.contains("akhbar train-ner"), "{err}");
}

#[test]
fn an_empty_list_says_so_on_stderr_and_exits_0() {
    let home = tempfile::tempdir().unwrap();
    for args in [
        &["list", "--from", "2023-01", "--to", "2021-01"][..],
        &["list", "--query", "zzzqqq"][..],
    ] {
        let out = akhbar(home.path(), args);
        assert!(out.status.success(), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}: {:?}", out.stdout);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("no articles match"), "{args:?}: {err}");
    }
}

/// Global options may come before the subcommand, as the README says.
#[test]
fn global_options_work_before_the_subcommand() {
    let home = tempfile::tempdir().unwrap();
    let out = akhbar(home.path(), &["--color", "never", "config", "--print"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("color = \"never\"  # flag"), "{text}");
    let out = akhbar(home.path(), &["--bidi", "off", "stats", "data"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

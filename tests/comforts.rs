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
    s.send(b"w"); // export the filtered list
    s.wait_for("the export message", 5, |sc| sc.contains("exported"));
    s.send(b"q");
    assert_eq!(s.wait_exit(10), 0);

    let files: Vec<_> = std::fs::read_dir(&exports)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    let exported = std::fs::read_to_string(&files[0]).unwrap().lines().count();
    assert_eq!(
        exported,
        ids_of_list(home.path(), &["--query", "blinken"]).len()
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

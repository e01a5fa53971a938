//! Loader tests: every format and encoding, and every kind of bad file, using files the tests
//! write themselves.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::fs;
use std::path::Path;

use akhbar::corpus::{load, LoadError, LoadOptions, Rules};

const TITLE: &str = "بلينكن يؤكد استعداد واشنطن وشركائها للعمل على تبديد مخاوف روسيا الأمنية";
const BODY: &str =
    "أعلن وزير الخارجية الأميركي، أنتوني بلينكن، اليوم الجمعة، أن بلاده والحلفاء، على استعداد للعمل.";

fn opts() -> LoadOptions {
    LoadOptions::new(Rules::builtin().unwrap())
}

fn txt() -> String {
    format!("{TITLE}\n\n{BODY}\n")
}

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) {
    let path = dir.join(name);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, bytes).unwrap();
}

#[test]
fn txt_in_every_encoding() {
    let dir = tempfile::tempdir().unwrap();
    let text = txt();
    write(dir.path(), "utf8.txt", &text);
    write(
        dir.path(),
        "utf8bom.txt",
        [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat(),
    );
    let mut le = vec![0xFF, 0xFE];
    let mut be = vec![0xFE, 0xFF];
    for u in text.encode_utf16() {
        le.extend_from_slice(&u.to_le_bytes());
        be.extend_from_slice(&u.to_be_bytes());
    }
    write(dir.path(), "utf16le.txt", le);
    write(dir.path(), "utf16be.txt", be);
    let (cp1256, _, unmappable) = encoding_rs::WINDOWS_1256.encode(&text);
    assert!(!unmappable);
    write(dir.path(), "nested/deeper/cp1256.txt", cp1256);

    let c = load(dir.path(), &opts()).unwrap();
    assert_eq!(c.skipped, vec![]);
    assert_eq!(c.articles.len(), 5);
    for a in &c.articles {
        assert_eq!(a.title, TITLE, "{}", a.id);
        assert_eq!(a.body, BODY, "{}", a.id);
    }
}

#[test]
fn jsonl_with_usual_field_names_and_bad_lines() {
    let dir = tempfile::tempdir().unwrap();
    let lines = [
        format!(
            r#"{{"id": "a1", "title": "{TITLE}", "body": "{BODY}", "date": "2022-01-21", "source": "سبوتنيك", "url": "https://example.org/a1"}}"#
        ),
        format!(
            r#"{{"id": 7, "headline": "عنوان", "text": "{BODY}", "published": "2022-02-15T10:00:00Z"}}"#
        ),
        format!(r#"{{"title": "عنوان آخر", "content": "{BODY}", "published_at": "2021-12"}}"#),
        "{not json".to_string(),
        "".to_string(),
        "[1, 2]".to_string(),
        r#"{"date": "2022-01-01"}"#.to_string(),
    ];
    write(dir.path(), "feed.jsonl", lines.join("\n"));
    let c = load(&dir.path().join("feed.jsonl"), &opts()).unwrap();
    let ids: Vec<&str> = c.articles.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, ["a1", "7", "feed:3"]);
    let a = &c.articles[0];
    assert_eq!(a.source.as_deref(), Some("سبوتنيك"));
    assert_eq!(a.url.as_deref(), Some("https://example.org/a1"));
    assert_eq!(a.date.unwrap().date.to_string(), "2022-01-21");
    assert!(!a.date.unwrap().inferred);
    assert_eq!(c.articles[1].title, "عنوان");
    assert_eq!(c.articles[1].date.unwrap().date.to_string(), "2022-02-15");
    assert_eq!(
        c.articles[2].date.unwrap().precision,
        akhbar::arabic::dates::Precision::Month
    );

    let lines: Vec<(Option<usize>, &str)> = c
        .skipped
        .iter()
        .map(|s| (s.line, s.reason.as_str()))
        .collect();
    assert_eq!(lines.len(), 4, "{:?}", c.skipped);
    assert_eq!(lines[0].0, Some(4));
    assert!(lines[0].1.starts_with("invalid JSON"));
    assert_eq!(lines[1], (Some(5), "empty line"));
    assert_eq!(lines[2], (Some(6), "not a JSON object"));
    assert_eq!(lines[3].0, Some(7));
    assert!(lines[3].1.contains("no title and no body"));
    assert!(c.skipped[0]
        .to_string()
        .contains("feed.jsonl:4: invalid JSON"));
}

#[test]
fn json_array_and_single_object() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "many.json",
        format!(
            r#"[{{"title": "{TITLE}", "body": "{BODY}"}}, 3, {{"title": "ثان", "body": "نص"}}]"#
        ),
    );
    write(
        dir.path(),
        "one.json",
        format!(r#"{{"title": "{TITLE}", "body": "{BODY}"}}"#),
    );
    write(dir.path(), "broken.json", r#"[{"title": "x""#);
    let c = load(dir.path(), &opts()).unwrap();
    assert_eq!(c.articles.len(), 3);
    let reasons: Vec<String> = c.skipped.iter().map(|s| s.to_string()).collect();
    assert_eq!(reasons.len(), 2, "{reasons:?}");
    assert!(reasons[0].contains("broken.json") && reasons[0].contains("invalid JSON at line 1"));
    assert!(reasons[1].contains("many.json") && reasons[1].contains("element 2"));
}

#[test]
fn bad_files_are_skipped_with_reasons_and_the_rest_loads() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "good.txt", txt());
    write(dir.path(), "empty.txt", "");
    write(dir.path(), "blank.txt", "\n \n\t\n");
    write(
        dir.path(),
        "image.txt",
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0",
    );
    write(dir.path(), "bad16.txt", [0xFF, 0xFE, 0x00, 0xD8, 0x41]);
    write(dir.path(), "notes.md", "# not a corpus file");
    write(dir.path(), ".hidden.txt", txt());
    let c = load(dir.path(), &opts()).unwrap();
    assert_eq!(c.articles.len(), 1);
    assert_eq!(c.ignored_files, 2);
    let mut reasons: Vec<String> = c.skipped.iter().map(|s| s.to_string()).collect();
    reasons.sort();
    assert_eq!(reasons.len(), 4, "{reasons:?}");
    assert!(reasons[0].contains("bad16.txt") && reasons[0].contains("invalid UTF-16LE"));
    assert!(reasons[1].contains("blank.txt: empty file"));
    assert!(reasons[2].contains("empty.txt: empty file"));
    assert!(reasons[3].contains("image.txt: binary file"));
}

#[test]
fn size_limits_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "big.txt",
        format!("{TITLE}\n{}", "كلمة ".repeat(300_000)),
    );
    write(dir.path(), "small.txt", txt());
    let long = format!(
        r#"{{"title": "طويل", "body": "{}"}}"#,
        "ب".repeat(2_000_000)
    );
    write(
        dir.path(),
        "feed.jsonl",
        format!("{long}\n{{\"title\": \"{TITLE}\", \"body\": \"{BODY}\"}}\n"),
    );
    let mut o = opts();
    o.max_file_bytes = 1 << 20;
    o.max_line_bytes = 1 << 20;
    let c = load(dir.path(), &o).unwrap();
    assert_eq!(c.articles.len(), 2);
    let reasons: Vec<String> = c.skipped.iter().map(|s| s.to_string()).collect();
    assert_eq!(reasons.len(), 2, "{reasons:?}");
    assert!(reasons[0].contains("big.txt") && reasons[0].contains("over the 1 MB limit"));
    assert!(reasons[1].contains("feed.jsonl:1: line longer than"));
}

#[cfg(unix)]
#[test]
fn symlink_loop_does_not_hang() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a/good.txt", txt());
    std::os::unix::fs::symlink(dir.path(), dir.path().join("a/loop")).unwrap();
    let c = load(dir.path(), &opts()).unwrap();
    assert_eq!(c.articles.len(), 1);
    assert!(
        c.skipped.iter().any(|s| s.reason.contains("symlink loop")),
        "{:?}",
        c.skipped
    );
}

#[test]
fn missing_path_and_empty_folder_are_errors() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nope");
    assert!(matches!(
        load(&missing, &opts()),
        Err(LoadError::Missing(_))
    ));
    assert!(matches!(
        load(dir.path(), &opts()),
        Err(LoadError::Empty(..))
    ));
    write(dir.path(), "x.bin", b"\0\0");
    assert!(matches!(
        load(dir.path(), &opts()),
        Err(LoadError::Empty(..))
    ));
}

#[test]
fn loading_never_writes_to_the_corpus() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "good.txt", txt());
    let path = dir.path().join("good.txt");
    let mut perms = fs::metadata(&path).unwrap().permissions();
    perms.set_readonly(true);
    fs::set_permissions(&path, perms).unwrap();
    let before = fs::metadata(&path).unwrap().modified().unwrap();
    load(dir.path(), &opts()).unwrap();
    assert_eq!(fs::metadata(&path).unwrap().modified().unwrap(), before);
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
}

mod properties {
    use akhbar::corpus::{load_bytes, LoadOptions, Rules};
    use proptest::prelude::*;

    /// Random text mixing Arabic, Latin, digits, punctuation, controls, bidi and zero-width marks.
    fn hostile_text() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![
                4 => proptest::char::range('\u{0600}', '\u{06FF}'),
                2 => proptest::char::range('a', 'z'),
                1 => proptest::char::range('0', '9'),
                1 => Just(' '),
                1 => Just('\n'),
                1 => prop_oneof![Just('('), Just(')'), Just('/'), Just('-'), Just('ـ'), Just('@'), Just(':'), Just('"'), Just('،')],
                1 => proptest::char::range('\u{0}', '\u{1F}'),
                1 => prop_oneof![Just('\u{202E}'), Just('\u{2066}'), Just('\u{200F}'), Just('\u{200D}'), Just('\u{FEFF}'), Just('\u{9B}')],
                1 => any::<char>(),
            ],
            0..300,
        )
        .prop_map(|v| v.into_iter().collect())
    }

    fn opts() -> LoadOptions {
        LoadOptions::new(Rules::builtin().unwrap())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(100))]

        #[test]
        fn txt_never_panics_and_gives_an_article_or_a_reason(text in hostile_text()) {
            let (articles, skipped) = load_bytes("p.txt", text.as_bytes(), &opts());
            prop_assert_eq!(articles.len() + skipped.len(), 1);
            for a in articles {
                prop_assert!(!a.title.is_empty());
                prop_assert!(!a.title.contains('\n'));
                prop_assert!(a.paragraphs().all(|p| !p.trim().is_empty()));
            }
        }

        #[test]
        fn jsonl_and_json_never_panic(title in hostile_text(), body in hostile_text(), date in hostile_text()) {
            let obj = serde_json::json!({"title": title, "body": body, "date": date});
            let line = format!("{obj}\n{{broken\n{obj}\n");
            let (articles, skipped) = load_bytes("p.jsonl", line.as_bytes(), &opts());
            prop_assert_eq!(skipped.iter().filter(|s| s.line == Some(2)).count(), 1);
            prop_assert!(articles.len() <= 2);
            let arr = format!("[{obj}, 7, {obj}]");
            let (articles, skipped) = load_bytes("p.json", arr.as_bytes(), &opts());
            prop_assert!(articles.len() <= 2 && !skipped.is_empty());
        }

        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
            for name in ["b.txt", "b.jsonl", "b.json"] {
                let _ = load_bytes(name, &bytes, &opts());
            }
        }
    }
}

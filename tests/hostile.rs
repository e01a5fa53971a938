//! Hostile input: a corpus folder with every kind of bad file and hostile text. Good files load,
//! bad ones are reported with a reason, nothing panics, and no escape sequence or bidi override
//! from article text reaches a terminal through the headless commands.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::fs;
use std::path::Path;
use std::process::Command;

use akhbar::corpus::{load, LoadOptions, Rules};

const HOSTILE_TITLE: &str =
    "لافروف \u{1b}]0;pwned\u{7} يحذر \u{1b}[31mأحمر\u{1b}[0m \u{202e}مقلوب\u{202c} \u{9b}2J";

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) {
    fs::write(dir.join(name), bytes).unwrap();
}

/// Builds the hostile folder; returns the number of good articles in it.
pub fn hostile_corpus(dir: &Path) -> usize {
    write(
        dir,
        "01_controls.txt",
        format!("{HOSTILE_TITLE}\n\nنص فيه \u{1}\u{8} محارف تحكم وصفر\u{200b}عرض و\u{200d}وصل."),
    );
    write(
        dir,
        "02_bidi.txt",
        "عنوان \u{202d}LRO\u{202c} و\u{2066}عزل\u{2069}\n\nنص \u{200f}مع\u{200e} علامات",
    );
    let (cp1256, _, _) =
        encoding_rs::WINDOWS_1256.encode("عنوان بترميز قديم\n\nنص المقال بترميز ويندوز");
    write(dir, "03_cp1256.txt", cp1256);
    write(dir, "04_empty.txt", "");
    write(
        dir,
        "05_binary.txt",
        b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x03\0>\0",
    );
    write(dir, "06_broken16.txt", [0xFF, 0xFE, 0x3D, 0xD8]);
    write(dir, "07_longline.jsonl", format!(
        "{{\"title\": \"سطر طويل\", \"body\": \"{}\"}}\n{{\"title\": \"{}\", \"body\": \"نص\"}}\n{{bad\n",
        "ا".repeat(3_000_000),
        "عنوان \\u001b[2J سليم"
    ));
    write(
        dir,
        "08_huge_line.txt",
        format!("عنوان\n{}", "كلمة".repeat(600_000)),
    );
    write(
        dir,
        "09_array.json",
        "[{\"title\": \"\\u202eعنوان\", \"text\": \"\\u001b]52;c;ZXZpbA==\\u0007نص\"}, null]",
    );
    std::os::unix::fs::symlink(dir.join("nowhere.txt"), dir.join("10_dangling.txt")).unwrap();
    std::os::unix::fs::symlink(dir, dir.join("11_loop")).unwrap();
    // Good: 01, 02, 03, 07 line 2, 08 (under the default limit), 09 element 1.
    6
}

#[test]
fn hostile_folder_loads_the_good_and_reports_the_bad() {
    let dir = tempfile::tempdir().unwrap();
    let good = hostile_corpus(dir.path());
    let mut opts = LoadOptions::new(Rules::builtin().unwrap());
    opts.max_line_bytes = 1 << 20;
    let c = load(dir.path(), &opts).unwrap();
    assert_eq!(
        c.articles.len(),
        good,
        "{:#?}",
        c.articles.iter().map(|a| &a.id).collect::<Vec<_>>()
    );
    let reasons: Vec<String> = c.skipped.iter().map(|s| s.to_string()).collect();
    let expect = [
        ("04_empty.txt", "empty file"),
        ("05_binary.txt", "binary file"),
        ("06_broken16.txt", "invalid UTF-16LE"),
        ("07_longline.jsonl:1", "line longer than"),
        ("07_longline.jsonl:3", "invalid JSON"),
        ("09_array.json", "element 2"),
        ("10_dangling.txt", "No such file"),
        ("11_loop", "symlink loop"),
    ];
    for (file, reason) in expect {
        assert!(
            reasons
                .iter()
                .any(|r| r.contains(file) && r.contains(reason)),
            "no {file}: {reason} in {reasons:#?}"
        );
    }
    // The stored text stays as it was, so search still finds it.
    assert!(c.articles.iter().any(|a| a.title.contains('\u{202e}')));
}

fn assert_terminal_safe(out: &[u8]) {
    let text = String::from_utf8_lossy(out);
    for bad in [
        '\u{1b}', '\u{7}', '\u{9b}', '\u{202e}', '\u{202d}', '\u{2066}', '\u{0}', '\u{8}',
    ] {
        assert!(!text.contains(bad), "{:?} reached the output: {text}", bad);
    }
}

#[test]
fn headless_output_never_carries_escapes_or_overrides() {
    let dir = tempfile::tempdir().unwrap();
    hostile_corpus(dir.path());
    let bin = env!("CARGO_BIN_EXE_akhbar");
    let path = dir.path().to_str().unwrap();
    for args in [
        vec!["list", path],
        vec!["list", path, "--json"],
        vec!["show", "01_controls", path],
        vec!["show", "01_controls", path, "--json"],
        vec!["show", "09_array#1", path],
        vec!["stats", path],
        vec!["stats", path, "--json"],
    ] {
        let out = Command::new(bin).args(&args).output().unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_terminal_safe(&out.stdout);
        assert_terminal_safe(&out.stderr);
    }
}

fn mkfifo(path: &Path) -> bool {
    Command::new("mkfifo")
        .arg(path)
        .status()
        .is_ok_and(|s| s.success())
}

/// A FIFO and a link to `/dev/zero` named like article files are skipped with a reason; the
/// load neither blocks on the FIFO nor reads the endless device.
#[test]
fn special_files_in_the_corpus_are_skipped_not_opened() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "good.txt", "عنوان\n\nنص الخبر.");
    let fifo = dir.path().join("pipe.txt");
    if !mkfifo(&fifo) {
        eprintln!("skipping: no mkfifo here");
        return;
    }
    #[cfg(unix)]
    std::os::unix::fs::symlink("/dev/zero", dir.path().join("zero.jsonl")).unwrap();
    let c = load(dir.path(), &LoadOptions::new(Rules::builtin().unwrap())).unwrap();
    assert_eq!(c.articles.len(), 1);
    let reasons: Vec<String> = c.skipped.iter().map(|s| s.to_string()).collect();
    assert!(
        reasons
            .iter()
            .any(|r| r.contains("pipe.txt") && r.contains("not a regular file")),
        "{reasons:?}"
    );
    #[cfg(unix)]
    assert!(
        reasons.iter().any(|r| r.contains("zero.jsonl")),
        "{reasons:?}"
    );
}

/// `export -o` at a FIFO (a special file, like a device node) refuses and leaves it alone.
#[test]
fn export_never_replaces_a_special_file() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("out.jsonl");
    if !mkfifo(&fifo) {
        eprintln!("skipping: no mkfifo here");
        return;
    }
    let out = Command::new(env!("CARGO_BIN_EXE_akhbar"))
        .args(["export", "-o", fifo.to_str().unwrap()])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("XDG_STATE_HOME", dir.path().join("state"))
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("not a regular file"), "{err}");
    let meta = fs::symlink_metadata(&fifo).unwrap();
    assert!(!meta.is_file(), "the FIFO was replaced by a regular file");
}

/// Two exports from the explorer in the same second get two files.
#[test]
fn generated_export_names_never_collide() {
    use akhbar::export::{default_name, Format};
    let dir = tempfile::tempdir().unwrap();
    let first = default_name(dir.path(), Format::Jsonl);
    fs::write(&first, "x").unwrap();
    let second = default_name(dir.path(), Format::Jsonl);
    assert_ne!(first, second);
    assert!(!second.exists());
}

/// A file name with a line break stays on one line of `list`.
#[test]
fn a_line_break_in_a_file_name_stays_in_its_list_line() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a\nb.txt", "عنوان\n\nنص الخبر.");
    let out = Command::new(env!("CARGO_BIN_EXE_akhbar"))
        .args(["list", dir.path().to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(text.lines().count(), 1, "{text:?}");
    assert_eq!(
        text.lines().next().unwrap().split('\t').count(),
        4,
        "{text:?}"
    );
}

/// `export -o` through a link inside the corpus is inside the corpus (the loader follows the
/// link, so the next load would list the export's articles twice).
#[cfg(unix)]
#[test]
fn export_through_a_link_inside_the_corpus_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    let elsewhere = dir.path().join("elsewhere");
    fs::create_dir_all(&corpus).unwrap();
    fs::create_dir_all(&elsewhere).unwrap();
    write(&corpus, "a.txt", "عنوان\n\nنص الخبر.");
    std::os::unix::fs::symlink(&elsewhere, corpus.join("link")).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_akhbar"))
        .args(["export", corpus.to_str().unwrap(), "-o"])
        .arg(corpus.join("link").join("x.jsonl"))
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("inside the corpus"));
    assert!(!elsewhere.join("x.jsonl").exists());
}

/// UTF-8 with one bad byte is read as UTF-8 (not Windows-1256 mojibake) and the user is told:
/// a note on standard error naming the file, and in `stats`; in a JSONL file, the line too.
#[test]
fn utf8_with_a_bad_byte_loads_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let mut txt = "عنوان الخبر\n\nنص المقال ".as_bytes().to_vec();
    txt.push(0xFF);
    txt.extend_from_slice("بعد البايت".as_bytes());
    write(dir.path(), "bad_byte.txt", &txt);
    let mut jsonl =
        "{\"title\": \"سطر أول\", \"body\": \"نص\"}\n{\"title\": \"سطر ثان\", \"body\": \"نص "
            .as_bytes()
            .to_vec();
    jsonl.push(0xC3);
    jsonl.extend_from_slice(b"\"}\n");
    write(dir.path(), "lines.jsonl", &jsonl);
    let out = Command::new(env!("CARGO_BIN_EXE_akhbar"))
        .args(["stats"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("note: ") && err.contains("bad_byte.txt: read as UTF-8 with 1 invalid byte"),
        "{err}"
    );
    assert!(err.contains("lines.jsonl:2: read as UTF-8"), "{err}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("articles    3 "), "{stdout}");
    assert!(stdout.contains("loaded with a note 2"), "{stdout}");
    assert!(stdout.contains("skipped     0"), "{stdout}");
    let corpus = load(dir.path(), &LoadOptions::new(Rules::builtin().unwrap())).unwrap();
    let body = &corpus
        .articles
        .iter()
        .find(|a| a.title == "عنوان الخبر")
        .unwrap()
        .body;
    assert!(body.contains("المقال \u{FFFD}بعد"), "{body}");
}

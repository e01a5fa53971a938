//! The corpus cache, end to end with the real binary and a private XDG cache folder: reuse,
//! reloading only the files that changed, damaged and foreign files ignored and rebuilt, an
//! unwritable folder, never inside the corpus, `--no-cache` and `cache clear`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

fn akhbar(cache: &Path, args: &[&str]) -> (String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_akhbar"))
        .args(args)
        .env("XDG_CACHE_HOME", cache)
        // Config and state from nowhere, whatever the cache folder is.
        .env("XDG_CONFIG_HOME", "/nonexistent/akhbar-test-config")
        .env("XDG_STATE_HOME", "/nonexistent/akhbar-test-state")
        .output()
        .unwrap();
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    );
    assert!(out.status.success(), "{args:?}: {stderr}");
    (stdout, stderr)
}

/// Three files: a plain article, one dated by its folders, one with a bad UTF-8 byte.
fn corpus(dir: &Path) -> PathBuf {
    let root = dir.join("corpus");
    fs::create_dir_all(root.join("2016/01/02")).unwrap();
    fs::write(
        root.join("a.txt"),
        "لافروف يلتقي بلينكن\n\nالتقى وزير الخارجية الروسي نظيره.",
    )
    .unwrap();
    fs::write(
        root.join("2016/01/02/b.txt"),
        "خبر من الأرشيف\n\nنص الخبر القديم.",
    )
    .unwrap();
    let mut c = "عنوان ثالث\n\nنص فيه بايت ".as_bytes().to_vec();
    c.push(0xFF);
    fs::write(root.join("c.txt"), c).unwrap();
    root
}

fn cache_line(stats: &str) -> String {
    stats
        .lines()
        .find(|l| l.starts_with("cache "))
        .unwrap_or("")
        .to_string()
}

fn stats(cache: &Path, root: &Path) -> String {
    akhbar(cache, &["stats", root.to_str().unwrap()]).0
}

fn list(cache: &Path, root: &Path, extra: &[&str]) -> String {
    let mut args = vec!["list", "--json", root.to_str().unwrap()];
    args.extend_from_slice(extra);
    akhbar(cache, &args).0
}

fn cache_file(cache: &Path) -> PathBuf {
    let dir = cache.join("akhbar");
    let files: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "bin"))
        .filter(|p| !p.to_string_lossy().ends_with(".entities.bin"))
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    files[0].clone()
}

#[test]
fn a_second_open_reuses_every_file_and_gives_the_same_corpus() {
    let tmp = tempfile::tempdir().unwrap();
    let cache = tmp.path().join("cache");
    let root = corpus(tmp.path());
    let fresh = list(&cache, &root, &["--no-cache"]);
    let first = stats(&cache, &root);
    assert!(cache_line(&first).contains("0 of 3 files"), "{first}");
    assert!(cache_line(&first).contains("written"), "{first}");
    let second = stats(&cache, &root);
    assert!(cache_line(&second).contains("3 of 3 files"), "{second}");
    assert!(!cache_line(&second).contains("written"), "{second}");
    // The same articles, dates (the folder date too) and notes as a load without the cache.
    assert_eq!(list(&cache, &root, &[]), fresh);
    assert!(
        fresh.contains("2016-01-02") && fresh.contains("\"path\""),
        "{fresh}"
    );
    assert!(second.contains("loaded with a note 1"), "{second}");
    // The entities too: read back the second time, the same as extracted.
    assert!(!first.contains("entities from the cache"), "{first}");
    assert!(second.contains("entities from the cache"), "{second}");
    let path = root.to_str().unwrap();
    let fresh = akhbar(&cache, &["--no-cache", "entities", "--json", path]).0;
    assert_eq!(akhbar(&cache, &["entities", "--json", path]).0, fresh);
    let blinken = akhbar(&cache, &["list", "--json", "--entity", "بلينكن", path]).0;
    assert_eq!(
        blinken,
        akhbar(
            &cache,
            &["--no-cache", "list", "--json", "--entity", "بلينكن", path]
        )
        .0
    );
    // A damaged entities file is ignored: they are extracted again.
    let entities = cache_file(&cache).with_extension("entities.bin");
    let mut bytes = fs::read(&entities).unwrap();
    let last = bytes.len() - 1;
    bytes[last] ^= 1;
    fs::write(&entities, bytes).unwrap();
    let damaged = stats(&cache, &root);
    assert!(!damaged.contains("entities from the cache"), "{damaged}");
    assert_eq!(akhbar(&cache, &["entities", "--json", path]).0, fresh);
}

#[test]
fn a_changed_added_or_removed_file_is_loaded_alone() {
    let tmp = tempfile::tempdir().unwrap();
    let cache = tmp.path().join("cache");
    let root = corpus(tmp.path());
    stats(&cache, &root);
    // Changed: another length (and time).
    fs::write(
        root.join("a.txt"),
        "عنوان جديد تماما\n\nنص جديد أطول من النص القديم بكثير.",
    )
    .unwrap();
    fs::write(root.join("d.txt"), "مقال مضاف\n\nنص المقال المضاف.").unwrap();
    let after = stats(&cache, &root);
    assert!(cache_line(&after).contains("2 of 4 files"), "{after}");
    let listed = list(&cache, &root, &[]);
    assert!(
        listed.contains("عنوان جديد تماما") && !listed.contains("لافروف يلتقي"),
        "{listed}"
    );
    assert!(listed.contains("مقال مضاف"));
    fs::remove_file(root.join("c.txt")).unwrap();
    let removed = stats(&cache, &root);
    assert!(cache_line(&removed).contains("3 of 3 files"), "{removed}");
    assert!(
        cache_line(&removed).contains("written"),
        "the removed file leaves the cache"
    );
    assert_eq!(
        list(&cache, &root, &[]),
        list(&cache, &root, &["--no-cache"])
    );
}

#[test]
fn a_damaged_or_foreign_cache_file_is_ignored_and_rebuilt() {
    let tmp = tempfile::tempdir().unwrap();
    let cache = tmp.path().join("cache");
    let root = corpus(tmp.path());
    let fresh = list(&cache, &root, &["--no-cache"]);
    stats(&cache, &root);
    let file = cache_file(&cache);
    let good = fs::read(&file).unwrap();
    let mut flipped = good.clone();
    let mid = flipped.len() / 2;
    flipped[mid] ^= 0x10;
    let mut other_format = good.clone();
    other_format[12] = 99;
    let damages: [(&str, Vec<u8>); 4] = [
        ("truncated", good[..good.len() / 2].to_vec()),
        ("checksum mismatch", flipped),
        ("cache format 99", other_format),
        (
            "not an akhbar cache",
            b"something else entirely, long enough".to_vec(),
        ),
    ];
    for (why, bytes) in damages {
        fs::write(&file, bytes).unwrap();
        let s = stats(&cache, &root);
        let line = cache_line(&s);
        assert!(
            line.contains("0 of 3 files") && line.contains(why),
            "{why}: {line}"
        );
        assert!(line.contains("written"), "{why}: rebuilt");
        assert_eq!(list(&cache, &root, &[]), fresh, "{why}");
        assert!(
            cache_line(&stats(&cache, &root)).contains("3 of 3 files"),
            "{why}"
        );
    }
}

#[test]
fn an_unwritable_cache_folder_or_one_inside_the_corpus_is_not_used() {
    let tmp = tempfile::tempdir().unwrap();
    let root = corpus(tmp.path());
    // A cache "folder" below a plain file cannot be made, even as root.
    let blocker = tmp.path().join("a-file");
    fs::write(&blocker, "x").unwrap();
    let s = stats(&blocker.join("cache"), &root);
    assert!(cache_line(&s).contains("not written"), "{s}");
    assert!(s.contains("articles    3"), "{s}");
    // Inside the corpus: refused before anything is made there.
    let inside = root.join("cache");
    let s = stats(&inside, &root);
    assert!(cache_line(&s).contains("inside the corpus"), "{s}");
    assert!(!inside.exists(), "nothing written into the corpus");
}

#[test]
fn no_cache_and_cache_clear() {
    let tmp = tempfile::tempdir().unwrap();
    let cache = tmp.path().join("cache");
    let root = corpus(tmp.path());
    let s = akhbar(&cache, &["--no-cache", "stats", root.to_str().unwrap()]).0;
    assert!(cache_line(&s).contains("off"), "{s}");
    assert!(!cache.join("akhbar").exists());
    stats(&cache, &root);
    cache_file(&cache);
    let (out, _) = akhbar(&cache, &["cache", "clear"]);
    assert!(out.contains("removed 1"), "{out}");
    assert!(cache_line(&stats(&cache, &root)).contains("0 of 3 files"));
}

/// Two files with the same article id: the second is `same~2` only while the first is there.
/// The cache keeps the id as the file gives it, so removing the first gives what a fresh load
/// gives (`same`), not a stale `same~2`.
#[test]
fn repeated_ids_are_made_unique_after_the_cache_not_in_it() {
    let tmp = tempfile::tempdir().unwrap();
    let cache = tmp.path().join("cache");
    let root = tmp.path().join("corpus");
    fs::create_dir_all(&root).unwrap();
    let line = |t: &str| format!("{{\"id\":\"same\",\"title\":\"{t}\",\"body\":\"نص الخبر.\"}}\n");
    fs::write(root.join("a.jsonl"), line("الخبر الأول")).unwrap();
    fs::write(root.join("b.jsonl"), line("الخبر الثاني")).unwrap();
    let both = list(&cache, &root, &[]);
    assert!(both.contains("\"same~2\""), "{both}");
    assert_eq!(list(&cache, &root, &[]), both, "the same from the cache");
    fs::remove_file(root.join("a.jsonl")).unwrap();
    let after = list(&cache, &root, &[]);
    assert!(!after.contains("same~2"), "{after}");
    assert_eq!(after, list(&cache, &root, &["--no-cache"]));
}

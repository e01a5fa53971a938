//! akhbar's own files: where they live (XDG directories) and how they are written (to a temp
//! file, then renamed, so a crash never leaves half a file). Marks and query history.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};

use crate::corpus::Article;

fn dirs() -> Option<directories::ProjectDirs> {
    directories::ProjectDirs::from("", "", "akhbar")
}

/// `$XDG_CONFIG_HOME/akhbar` (usually `~/.config/akhbar`).
pub fn config_dir() -> Option<PathBuf> {
    dirs().map(|d| d.config_dir().to_path_buf())
}

/// `$XDG_CACHE_HOME/akhbar` (usually `~/.cache/akhbar`): what loading a corpus made of it.
pub fn cache_dir() -> Option<PathBuf> {
    dirs().map(|d| d.cache_dir().to_path_buf())
}

/// `$XDG_STATE_HOME/akhbar` (usually `~/.local/state/akhbar`): marks, history, logs.
pub fn state_dir() -> Option<PathBuf> {
    dirs().map(|d| {
        d.state_dir()
            .unwrap_or_else(|| d.data_local_dir())
            .to_path_buf()
    })
}

/// Writes `bytes` to `path` atomically: a temp file in the same folder, then a rename. Only a
/// new path or a regular file is replaced: never a device, a FIFO, a socket or a folder
/// (as root, renaming over `/dev/null` would destroy it).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    write_atomic_with(path, |f| Ok(f.write_all(bytes)?))
}

/// Like [`write_atomic`], with `fill` writing the temp file (it may seek in it): for files too
/// big to hold in memory twice.
pub fn write_atomic_with(
    path: &Path,
    fill: impl FnOnce(&mut std::fs::File) -> Result<()>,
) -> Result<()> {
    if let Ok(meta) = std::fs::metadata(path) {
        if !meta.is_file() {
            anyhow::bail!(
                "{}: not a regular file (a device, a pipe or a folder); refusing to replace it, choose another file",
                path.display()
            );
        }
    }
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| -> Result<()> {
        let mut f = std::fs::File::create(&tmp)
            .with_context(|| format!("cannot create {}", tmp.display()))?;
        fill(&mut f)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path).with_context(|| format!("cannot write {}", path.display()))
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// A 64-bit FNV-1a hash: stable across runs, platforms and Rust versions, unlike std's hasher.
fn fnv1a(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for b in p.bytes().chain([0xff]) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

/// An id for an article that survives restarts and re-ordering: its file and a hash of its
/// content.
pub fn stable_id(a: &Article) -> String {
    format!(
        "{}#{:016x}",
        a.origin.path.display(),
        fnv1a(&[&a.title, &a.body])
    )
}

/// Marked articles, by stable id.
#[derive(Debug, Default, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Marks {
    pub marks: BTreeSet<String>,
}

/// Query history, oldest first.
#[derive(Debug, Default, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct History {
    #[serde(default)]
    pub title: Vec<String>,
    #[serde(default)]
    pub text: Vec<String>,
}

impl History {
    /// Adds a query at the end, dropping an earlier copy and the oldest beyond `max`.
    pub fn push(list: &mut Vec<String>, q: &str, max: usize) {
        let q = q.trim();
        if q.is_empty() {
            return;
        }
        list.retain(|x| x != q);
        list.push(q.to_string());
        let extra = list.len().saturating_sub(max);
        list.drain(..extra);
    }
}

/// Reads a JSON state file; a missing file is the default, a broken one is an error naming it.
pub fn read_json<T: Default + for<'de> Deserialize<'de>>(path: &Path) -> Result<T> {
    match std::fs::read_to_string(path) {
        Ok(s) => serde_json::from_str(&s)
            .with_context(|| format!("{} is not valid: delete it to start afresh", path.display())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(T::default()),
        Err(e) => Err(e).with_context(|| format!("cannot read {}", path.display())),
    }
}

pub fn write_json<T: Serialize>(path: &Path, value: &T) -> Result<()> {
    write_atomic(path, serde_json::to_string_pretty(value)?.as_bytes())
}

/// Changes a JSON state file under an advisory lock (`FILE.lock`), reading what is there now
/// so that two explorers marking at once both keep their marks. A file that does not parse is
/// renamed aside (`FILE.corrupt-YYYYMMDD-HHMMSS`) rather than overwritten; the returned note
/// says so, for the user.
pub fn update_json<T: Default + Serialize + for<'de> Deserialize<'de>>(
    path: &Path,
    change: impl FnOnce(&mut T),
) -> Result<(T, Option<String>)> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    let lock_path = path.with_extension("json.lock");
    let lock = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock_path)
        .with_context(|| format!("cannot open {}", lock_path.display()))?;
    lock.lock()
        .with_context(|| format!("cannot lock {}", lock_path.display()))?;
    let mut note = None;
    let mut value: T = match read_json(path) {
        Ok(v) => v,
        Err(_) => {
            let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S");
            let aside = PathBuf::from(format!("{}.corrupt-{stamp}", path.display()));
            std::fs::rename(path, &aside)
                .with_context(|| format!("cannot move {} aside", path.display()))?;
            note = Some(format!(
                "{} was not valid JSON: kept as {}, starting afresh",
                path.display(),
                aside.display()
            ));
            T::default()
        }
    };
    change(&mut value);
    write_json(path, &value)?;
    // The lock goes with the file handle.
    drop(lock);
    Ok((value, note))
}

pub fn marks_path() -> Option<PathBuf> {
    state_dir().map(|d| d.join("marks.json"))
}

pub fn history_path() -> Option<PathBuf> {
    state_dir().map(|d| d.join("history.json"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_replaces_and_leaves_no_temp() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("sub/marks.json");
        write_atomic(&p, b"one").unwrap();
        write_atomic(&p, b"two").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
        assert_eq!(std::fs::read_dir(p.parent().unwrap()).unwrap().count(), 1);
    }

    #[test]
    fn history_dedupes_and_caps() {
        let mut h = Vec::new();
        for q in ["لافروف", "بلينكن", "لافروف", " ", "ناتو"] {
            History::push(&mut h, q, 2);
        }
        assert_eq!(h, ["لافروف", "ناتو"]);
    }

    #[test]
    fn stable_id_depends_on_content_not_order() {
        let a = Article {
            title: "عنوان".into(),
            body: "نص".into(),
            ..Article::default()
        };
        let mut b = a.clone();
        assert_eq!(stable_id(&a), stable_id(&b));
        b.body.push('.');
        assert_ne!(stable_id(&a), stable_id(&b));
    }

    #[test]
    fn broken_state_file_names_itself() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("marks.json");
        std::fs::write(&p, "{oops").unwrap();
        let err = format!("{:#}", read_json::<Marks>(&p).unwrap_err());
        assert!(err.contains("marks.json"), "{err}");
        assert_eq!(
            read_json::<Marks>(&dir.path().join("none.json")).unwrap(),
            Marks::default()
        );
    }

    #[test]
    fn marks_from_two_writers_at_once_are_all_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("marks.json");
        let writers: Vec<_> = (0..4)
            .map(|w| {
                let path = path.clone();
                std::thread::spawn(move || {
                    for n in 0..25 {
                        update_json(&path, |m: &mut Marks| {
                            m.marks.insert(format!("{w}-{n}"));
                        })
                        .unwrap();
                    }
                })
            })
            .collect();
        for w in writers {
            w.join().unwrap();
        }
        let m: Marks = read_json(&path).unwrap();
        assert_eq!(m.marks.len(), 100);
    }

    #[test]
    fn a_corrupted_file_is_kept_aside_not_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("marks.json");
        std::fs::write(&path, "{ not json").unwrap();
        let (m, note) = update_json(&path, |m: &mut Marks| {
            m.marks.insert("a".into());
        })
        .unwrap();
        assert_eq!(m.marks.len(), 1);
        assert!(note.is_some_and(|n| n.contains("corrupt")));
        let aside: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().contains(".corrupt-"))
            .collect();
        assert_eq!(aside.len(), 1);
        assert_eq!(
            std::fs::read_to_string(aside[0].path()).unwrap(),
            "{ not json"
        );
    }
}

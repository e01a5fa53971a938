//! The article model, loaders (folders of `.txt`, `.jsonl`, `.json`), metadata and boilerplate
//! cleaning. No UI code.

mod clean;
mod decode;
pub mod embedded;
pub mod generate;
mod loader;
pub mod paths;
pub mod progress;
mod rules;

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use serde::Serialize;

pub use clean::{build_article, metadata_date, RawArticle};
pub use decode::{decode, DecodeError};
pub use loader::{
    load_bytes, walk, FileShare, FileStamp, Fresh, LoadOptions, Reuse, DEFAULT_MAX_FILE_MB,
    DEFAULT_MAX_LINE_MB,
};
pub use progress::LoadProgress;
pub use rules::Rules;

use crate::arabic::dates::PubDate;

/// Where an article came from: its file, and its line for JSONL.
#[derive(Debug, Clone, Serialize)]
pub struct Origin {
    pub path: Arc<Path>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
}

impl Origin {
    pub fn new(path: Arc<Path>, line: Option<u32>) -> Origin {
        Origin { path, line }
    }
}

impl Default for Origin {
    fn default() -> Origin {
        Origin::new(Arc::from(Path::new("")), None)
    }
}

/// Which text of an article a mention is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Field {
    Title,
    Body,
}

/// One mention of an entity: byte offsets into the article's title or body.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Mention {
    pub entity: u32,
    pub field: Field,
    pub start: u32,
    pub end: u32,
}

/// Where an article's date came from, in order of precedence.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum DateSource {
    /// A date field of the record (JSON).
    Metadata,
    /// The dateline at the head of the text.
    Dateline,
    /// The file name or the date folders it sits in.
    Path,
    /// Inferred from dates in the text.
    Text,
}

impl DateSource {
    pub fn name(self) -> &'static str {
        match self {
            DateSource::Metadata => "metadata",
            DateSource::Dateline => "dateline",
            DateSource::Path => "path",
            DateSource::Text => "text",
        }
    }
}

/// One cleaned article. `body` holds paragraphs separated by `\n`; the text is kept exactly as
/// the source had it (apart from removed boilerplate) so that display and search see the same.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Article {
    pub id: String,
    #[serde(skip)]
    pub origin: Origin,
    pub title: String,
    pub body: String,
    pub url: Option<String>,
    pub source: Option<String>,
    pub agency: Option<String>,
    pub author: Option<String>,
    pub place: Option<String>,
    pub date: Option<PubDate>,
    /// Where `date` came from.
    pub date_source: Option<DateSource>,
    /// Entity mentions, set once by extraction, which the explorer runs after the corpus is
    /// on screen (see `library::Pending::fill`).
    #[serde(skip)]
    pub mentions: OnceLock<Vec<Mention>>,
}

impl Article {
    /// The entity mentions of the title and body; empty until entities are extracted.
    pub fn mentions(&self) -> &[Mention] {
        self.mentions.get().map_or(&[], Vec::as_slice)
    }

    /// Records the article's mentions. They are set once: a second call changes nothing.
    pub fn set_mentions(&self, mentions: Vec<Mention>) {
        let _ = self.mentions.set(mentions);
    }

    /// The article with these mentions (for tests and benchmarks that build articles by hand).
    pub fn with_mentions(self, mentions: Vec<Mention>) -> Article {
        Article {
            mentions: OnceLock::from(mentions),
            ..self
        }
    }

    /// The paragraphs of the body.
    pub fn paragraphs(&self) -> impl Iterator<Item = &str> {
        self.body.split('\n').filter(|p| !p.is_empty())
    }
}

/// A file (or a line of one) that was not loaded, and why.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Skipped {
    pub path: PathBuf,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    pub reason: String,
    /// Not skipped after all: loaded, with something the user should know (bytes replaced).
    #[serde(skip)]
    pub loaded: bool,
}

impl Skipped {
    pub fn new(path: PathBuf, line: Option<usize>, reason: impl Into<String>) -> Skipped {
        Skipped {
            path,
            line,
            reason: reason.into(),
            loaded: false,
        }
    }

    /// A note on a file (or line) that was loaded.
    pub fn note(path: PathBuf, line: Option<usize>, reason: impl Into<String>) -> Skipped {
        Skipped {
            loaded: true,
            ..Skipped::new(path, line, reason)
        }
    }
}

impl fmt::Display for Skipped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(n) => write!(f, "{}:{}: {}", self.path.display(), n, self.reason),
            None => write!(f, "{}: {}", self.path.display(), self.reason),
        }
    }
}

/// A loaded corpus.
#[derive(Debug, Default)]
pub struct Corpus {
    pub root: PathBuf,
    pub articles: Vec<Article>,
    pub skipped: Vec<Skipped>,
    /// Files and lines loaded with a change the user should know of: UTF-8 with invalid bytes,
    /// read with U+FFFD for them.
    pub notes: Vec<Skipped>,
    /// Each file's articles and what was skipped of it, in walk order (for the cache).
    pub shares: Vec<FileShare>,
    /// Articles whose id was taken by an earlier one and got `~2`…, with the id they came
    /// with: the cache keeps that one, since which article comes first depends on the files.
    pub renamed: std::collections::HashMap<usize, String>,
    /// Files that are not `.txt`, `.jsonl` or `.json` (or are hidden), left alone.
    pub ignored_files: usize,
    pub files: usize,
    pub bytes: u64,
    pub load_time: Duration,
}

/// Why a corpus could not be opened at all.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{0}: no such file or folder")]
    Missing(PathBuf),
    #[error("{0}: cannot read: {1}")]
    Unreadable(PathBuf, std::io::Error),
    #[error("{0}: no articles found (looked for .txt, .jsonl and .json files){1}")]
    Empty(PathBuf, String),
}

/// Loads the corpus at `path` (a file or a folder, recursively).
pub fn load(path: &Path, opts: &LoadOptions) -> Result<Corpus, LoadError> {
    load_reusing(path, opts, &Fresh)
}

/// Loads the corpus at `path`, taking from `reuse` what an earlier load made of the files that
/// have not changed since.
pub fn load_reusing(
    path: &Path,
    opts: &LoadOptions,
    reuse: &dyn Reuse,
) -> Result<Corpus, LoadError> {
    let start = Instant::now();
    let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => LoadError::Missing(path.to_path_buf()),
        _ => LoadError::Unreadable(path.to_path_buf(), e),
    })?;
    let walked = if meta.is_dir() {
        walk(path)
    } else if !meta.is_file() {
        return Err(LoadError::Empty(
            path.to_path_buf(),
            format!("; {}", loader::NOT_REGULAR),
        ));
    } else {
        loader::Walk {
            files: vec![path.to_path_buf()],
            ignored: 0,
            skipped: Vec::new(),
        }
    };
    let bytes = walked
        .files
        .iter()
        .filter_map(|f| std::fs::metadata(f).ok())
        .map(|m| m.len())
        .sum();
    if let Some(p) = &opts.progress {
        p.set_totals(walked.files.len() as u64, bytes);
    }
    let (mut articles, shares) = loader::load_files(&walked.files, path, opts, reuse);
    let mut skipped = walked.skipped;
    skipped.extend(shares.iter().flat_map(|s| s.skipped.iter().cloned()));
    let (notes, skipped): (Vec<Skipped>, Vec<Skipped>) =
        skipped.into_iter().partition(|s| s.loaded);
    if articles.is_empty() {
        let why = match skipped.first() {
            Some(s) => format!("; {} file(s) skipped, first: {s}", skipped.len()),
            None => String::new(),
        };
        return Err(LoadError::Empty(path.to_path_buf(), why));
    }
    let renamed = make_ids_unique(&mut articles);
    Ok(Corpus {
        renamed,
        root: path.to_path_buf(),
        articles,
        skipped,
        notes,
        shares,
        ignored_files: walked.ignored,
        files: walked.files.len(),
        bytes,
        load_time: start.elapsed(),
    })
}

/// Ids must name one article: a repeated id gets `~2`, `~3`… in load order. Returns the
/// articles renamed, with the id they had.
fn make_ids_unique(articles: &mut [Article]) -> std::collections::HashMap<usize, String> {
    let mut seen = std::collections::HashMap::<String, usize>::new();
    let mut renamed = std::collections::HashMap::new();
    for (i, a) in articles.iter_mut().enumerate() {
        let n = seen.entry(a.id.clone()).or_insert(0);
        *n += 1;
        if *n > 1 {
            let unique = format!("{}~{}", a.id, n);
            renamed.insert(i, std::mem::replace(&mut a.id, unique));
        }
    }
    renamed
}

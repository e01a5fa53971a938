//! Loaders for a path that is a file or a folder (recursive): `.txt` (one article a file),
//! `.jsonl` (one article a line, streamed) and `.json` (an array of articles, or one article).
//! Every problem with one file is recorded as a [`Skipped`] and the rest still loads.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use serde_json::{Map, Value};

use super::clean::{build_article, RawArticle};
use super::decode::decode;
use super::rules::Rules;
use super::{Article, DateSource, LoadProgress, Origin, Skipped};

/// Limits and rules for loading.
#[derive(Debug, Clone)]
pub struct LoadOptions {
    /// `.txt` and `.json` files larger than this are skipped (JSONL is streamed).
    pub max_file_bytes: u64,
    /// JSONL lines longer than this are skipped.
    pub max_line_bytes: usize,
    pub rules: Rules,
    /// Counters for whoever shows the load's progress, and its cancel flag.
    pub progress: Option<Arc<LoadProgress>>,
}

/// Files (.txt, .json) larger than this many MB are skipped by default.
pub const DEFAULT_MAX_FILE_MB: u64 = 64;
/// JSONL lines longer than this many MB are skipped by default.
pub const DEFAULT_MAX_LINE_MB: usize = 16;

impl LoadOptions {
    pub fn new(rules: Rules) -> LoadOptions {
        LoadOptions {
            max_file_bytes: DEFAULT_MAX_FILE_MB << 20,
            max_line_bytes: DEFAULT_MAX_LINE_MB << 20,
            rules,
            progress: None,
        }
    }

    /// Whether the load was cancelled (the user quit while it ran).
    fn cancelled(&self) -> bool {
        self.progress.as_ref().is_some_and(|p| p.cancelled())
    }

    fn report(&self, bytes: u64, articles: usize) {
        if let Some(p) = &self.progress {
            p.add(bytes, articles as u64);
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Format {
    Txt,
    Jsonl,
    Json,
}

fn format_of(path: &Path) -> Option<Format> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "txt" => Some(Format::Txt),
        "jsonl" | "ndjson" => Some(Format::Jsonl),
        "json" => Some(Format::Json),
        _ => None,
    }
}

/// What walking a path found: the files to load, the number of other files, and problems.
pub struct Walk {
    pub files: Vec<PathBuf>,
    pub ignored: usize,
    pub skipped: Vec<Skipped>,
}

/// Why a FIFO, a device or a socket named like an article file is not read: opening a FIFO
/// blocks until a writer comes, and a device (`/dev/zero`) never ends.
pub const NOT_REGULAR: &str = "not a regular file (a pipe, a device or a socket); skipped";

/// A regular file, after following links: the only kind the loader opens.
pub fn is_regular(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| m.is_file())
}

/// Lists the corpus files under `root` in a stable order. Symlinks are followed; a symlink loop
/// or an unreadable folder is reported, not fatal.
pub fn walk(root: &Path) -> Walk {
    let mut w = Walk {
        files: Vec::new(),
        ignored: 0,
        skipped: Vec::new(),
    };
    let walker = walkdir::WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name();
    for entry in walker {
        match entry {
            Ok(e) if e.file_type().is_dir() => {}
            Ok(e) => {
                let hidden = e.file_name().to_string_lossy().starts_with('.');
                match format_of(e.path()) {
                    Some(_) if !hidden && !is_regular(e.path()) => {
                        w.skipped
                            .push(Skipped::new(e.into_path(), None, NOT_REGULAR));
                    }
                    Some(_) if !hidden => w.files.push(e.into_path()),
                    _ => w.ignored += 1,
                }
            }
            Err(err) => {
                let path = err.path().unwrap_or(root).to_path_buf();
                let reason = if err.loop_ancestor().is_some() {
                    "symlink loop, not followed".to_string()
                } else {
                    err.io_error()
                        .map_or_else(|| err.to_string(), |io| io.to_string())
                };
                w.skipped.push(Skipped::new(path, None, reason));
            }
        }
    }
    w
}

/// What a file is, for reusing what an earlier load made of it: its path, length and time of
/// last change. A file whose stamp is unchanged is taken to hold the same text (as `make`
/// does).
#[derive(Clone, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct FileStamp {
    pub path: PathBuf,
    pub len: u64,
    /// Nanoseconds since the Unix epoch (negative before it).
    pub modified_ns: i128,
}

impl FileStamp {
    pub fn of(path: &Path) -> Option<FileStamp> {
        let meta = std::fs::metadata(path).ok()?;
        let modified = meta.modified().ok()?;
        let modified_ns = match modified.duration_since(std::time::UNIX_EPOCH) {
            Ok(d) => d.as_nanos() as i128,
            Err(e) => -(e.duration().as_nanos() as i128),
        };
        Some(FileStamp {
            path: path.to_path_buf(),
            len: meta.len(),
            modified_ns,
        })
    }
}

/// What an earlier load made of a file, handed back when the file has not changed.
pub trait Reuse: Sync {
    fn take(&self, stamp: &FileStamp) -> Option<(Vec<Article>, Vec<Skipped>)>;
}

/// No earlier load.
pub struct Fresh;

impl Reuse for Fresh {
    fn take(&self, _: &FileStamp) -> Option<(Vec<Article>, Vec<Skipped>)> {
        None
    }
}

/// One file's share of a loaded corpus.
#[derive(Clone, Debug)]
pub struct FileShare {
    pub stamp: FileStamp,
    /// Its articles in `Corpus::articles`.
    pub articles: std::ops::Range<usize>,
    /// What was skipped of it or noted on it.
    pub skipped: Vec<Skipped>,
    /// Taken from an earlier load, not read again.
    pub reused: bool,
}

/// Loads every file, in parallel, keeping the walk's order of files and of articles in a file.
/// `root` is the corpus folder (or file): dates are read from paths below it only. A file
/// `reuse` still has is not read again.
pub fn load_files(
    files: &[PathBuf],
    root: &Path,
    opts: &LoadOptions,
    reuse: &dyn Reuse,
) -> (Vec<Article>, Vec<FileShare>) {
    /// What one file gave.
    struct OneFile {
        articles: Vec<Article>,
        skipped: Vec<Skipped>,
        stamp: Option<FileStamp>,
        reused: bool,
    }
    let per_file: Vec<OneFile> = files
        .par_iter()
        .map(|f| {
            if opts.cancelled() {
                return OneFile {
                    articles: Vec::new(),
                    skipped: Vec::new(),
                    stamp: None,
                    reused: false,
                };
            }
            let stamp = FileStamp::of(f);
            let kept = stamp.as_ref().and_then(|s| reuse.take(s));
            let reused = kept.is_some();
            let (articles, skipped) = kept.unwrap_or_else(|| {
                let (mut articles, skipped) = load_file(f, opts);
                date_from_path(&mut articles, f, root);
                (articles, skipped)
            });
            if let Some(p) = &opts.progress {
                if reused {
                    p.add(stamp.as_ref().map_or(0, |s| s.len), articles.len() as u64);
                }
                p.file_done();
            }
            OneFile {
                articles,
                skipped,
                stamp,
                reused,
            }
        })
        .collect();
    let mut articles = Vec::new();
    let mut shares = Vec::new();
    for one in per_file {
        let OneFile {
            articles: a,
            skipped,
            stamp,
            reused,
        } = one;
        let start = articles.len();
        articles.extend(a);
        let stamp = stamp.unwrap_or_else(|| FileStamp {
            path: PathBuf::new(),
            len: 0,
            modified_ns: 0,
        });
        shares.push(FileShare {
            stamp,
            articles: start..articles.len(),
            skipped,
            reused,
        });
    }
    (articles, shares)
}

/// Articles whose text and metadata give no date (or only an inferred one) take the date of
/// their path, when it has one.
fn date_from_path(articles: &mut [Article], file: &Path, root: &Path) {
    let relative = match file.strip_prefix(root) {
        Ok(r) if !r.as_os_str().is_empty() => r,
        _ => Path::new(file.file_name().unwrap_or_default()),
    };
    let Some(date) = super::paths::path_date(relative) else {
        return;
    };
    for a in articles {
        if a.date_source.is_none_or(|s| s > DateSource::Path) {
            a.date = Some(date);
            a.date_source = Some(DateSource::Path);
        }
    }
}

fn load_file(path: &Path, opts: &LoadOptions) -> (Vec<Article>, Vec<Skipped>) {
    let origin_path: Arc<Path> = Arc::from(path);
    let format = format_of(path);
    let result = match format {
        Some(Format::Txt) => load_txt(&origin_path, opts),
        Some(Format::Json) => load_json(&origin_path, opts),
        Some(Format::Jsonl) => load_jsonl(&origin_path, opts),
        None => Ok((Vec::new(), Vec::new())),
    };
    // JSONL reports its progress batch by batch as it streams; the others once read.
    if format != Some(Format::Jsonl) {
        let len = std::fs::metadata(path).map_or(0, |m| m.len());
        opts.report(len, result.as_ref().map_or(0, |(a, _)| a.len()));
    }
    result.unwrap_or_else(|reason| (Vec::new(), vec![Skipped::new(path.into(), None, reason)]))
}

/// Reads a whole file, refusing files over the size limit.
fn read_limited(path: &Path, limit: u64) -> Result<Vec<u8>, String> {
    let file = File::open(path).map_err(|e| format!("cannot open: {e}"))?;
    let len = file.metadata().map(|m| m.len()).unwrap_or(0);
    if len > limit {
        return Err(format!(
            "file is {} MB, over the {} MB limit",
            len >> 20,
            limit >> 20
        ));
    }
    let mut bytes = Vec::with_capacity(len as usize);
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read: {e}"))?;
    if bytes.len() as u64 > limit {
        return Err(format!("file is over the {} MB limit", limit >> 20));
    }
    Ok(bytes)
}

/// Parses a file's bytes as the format its name says, exactly as loading it from disk would
/// (for fuzzing, and for text that does not come from a file).
pub fn load_bytes(name: &str, bytes: &[u8], opts: &LoadOptions) -> (Vec<Article>, Vec<Skipped>) {
    let path: Arc<Path> = Arc::from(Path::new(name));
    let result = match format_of(&path) {
        Some(Format::Txt) => txt_from_bytes(&path, bytes, opts),
        Some(Format::Json) => json_from_bytes(&path, bytes, opts),
        Some(Format::Jsonl) => jsonl_from_reader(&path, std::io::Cursor::new(bytes), opts),
        None => Ok((Vec::new(), Vec::new())),
    };
    result.unwrap_or_else(|reason| (Vec::new(), vec![Skipped::new(name.into(), None, reason)]))
}

/// A file's articles and what is skipped of it (or noted on it).
type Loaded = (Vec<Article>, Vec<Skipped>);

fn load_txt(path: &Arc<Path>, opts: &LoadOptions) -> Result<Loaded, String> {
    txt_from_bytes(path, &read_limited(path, opts.max_file_bytes)?, opts)
}

/// Decodes a file or a line, with a note when invalid UTF-8 bytes were replaced.
fn decode_noted(
    bytes: &[u8],
    path: &Path,
    line: Option<usize>,
) -> Result<(String, Option<Skipped>), String> {
    let (text, encoding) = decode(bytes).map_err(|e| e.to_string())?;
    let note = (encoding == super::decode::UTF8_REPAIRED).then(|| {
        Skipped::note(
            path.to_path_buf(),
            line,
            super::decode::repaired_note(&text),
        )
    });
    Ok((text, note))
}

fn txt_from_bytes(path: &Arc<Path>, bytes: &[u8], opts: &LoadOptions) -> Result<Loaded, String> {
    let (text, note) = decode_noted(bytes, path, None)?;
    if text.trim().is_empty() {
        return Err("empty file".into());
    }
    let raw = RawArticle {
        id: file_id(path),
        origin: Origin::new(path.clone(), None),
        body: text,
        ..RawArticle::default()
    };
    let article = build_article(raw, &opts.rules);
    if article.title.is_empty() {
        return Err("no text line to use as a title".into());
    }
    Ok((vec![article], note.into_iter().collect()))
}

fn file_id(path: &Path) -> String {
    path.file_stem()
        .map_or_else(String::new, |s| s.to_string_lossy().into_owned())
}

fn load_json(path: &Arc<Path>, opts: &LoadOptions) -> Result<(Vec<Article>, Vec<Skipped>), String> {
    json_from_bytes(path, &read_limited(path, opts.max_file_bytes)?, opts)
}

fn json_from_bytes(
    path: &Arc<Path>,
    bytes: &[u8],
    opts: &LoadOptions,
) -> Result<(Vec<Article>, Vec<Skipped>), String> {
    let (text, note) = decode_noted(bytes, path, None)?;
    let value: Value = serde_json::from_str(&text).map_err(|e| {
        format!(
            "invalid JSON at line {}, column {}: {e}",
            e.line(),
            e.column()
        )
    })?;
    let items = match value {
        Value::Array(items) => items,
        obj @ Value::Object(_) => vec![obj],
        _ => return Err("JSON file is neither an array of articles nor an article".into()),
    };
    let mut articles = Vec::new();
    let mut skipped: Vec<Skipped> = note.into_iter().collect();
    for (i, item) in items.into_iter().enumerate() {
        let fallback_id = format!("{}#{}", file_id(path), i + 1);
        let origin = Origin::new(path.clone(), None);
        match record(item, fallback_id, origin, opts) {
            Ok(a) => articles.push(a),
            Err(reason) => skipped.push(Skipped::new(
                path.to_path_buf(),
                None,
                format!("element {}: {reason}", i + 1),
            )),
        }
    }
    Ok((articles, skipped))
}

/// Streams a JSONL file in batches of lines and cleans each batch in parallel, so a file of any
/// size loads with bounded memory beyond the articles themselves.
fn load_jsonl(
    path: &Arc<Path>,
    opts: &LoadOptions,
) -> Result<(Vec<Article>, Vec<Skipped>), String> {
    let file = File::open(path).map_err(|e| format!("cannot open: {e}"))?;
    jsonl_from_reader(path, BufReader::with_capacity(1 << 20, file), opts)
}

fn jsonl_from_reader(
    path: &Arc<Path>,
    mut reader: impl BufRead,
    opts: &LoadOptions,
) -> Result<(Vec<Article>, Vec<Skipped>), String> {
    let mut articles = Vec::new();
    let mut skipped = Vec::new();
    let mut line_no = 0usize;
    while !opts.cancelled() {
        let batch = read_batch(
            &mut reader,
            &mut line_no,
            opts.max_line_bytes,
            path,
            &mut skipped,
        )?;
        if batch.is_empty() {
            break;
        }
        let bytes: usize = batch.iter().map(|(_, line)| line.len()).sum();
        let results: Vec<Result<(Article, Option<Skipped>), Skipped>> = batch
            .into_par_iter()
            .map(|(n, line)| jsonl_line(path, n, &line, opts))
            .collect();
        let before = articles.len();
        for r in results {
            match r {
                Ok((a, note)) => {
                    articles.push(a);
                    skipped.extend(note);
                }
                Err(s) => skipped.push(s),
            }
        }
        opts.report(bytes as u64, articles.len() - before);
    }
    Ok((articles, skipped))
}

const BATCH_BYTES: usize = 8 << 20;

/// Reads up to about [`BATCH_BYTES`] of lines. Over-long lines are skipped and reported.
fn read_batch(
    reader: &mut impl BufRead,
    line_no: &mut usize,
    max_line: usize,
    path: &Path,
    skipped: &mut Vec<Skipped>,
) -> Result<Vec<(usize, Vec<u8>)>, String> {
    let mut batch = Vec::new();
    let mut bytes = 0usize;
    while bytes < BATCH_BYTES {
        let mut line = Vec::new();
        let n = reader
            .by_ref()
            .take(max_line as u64 + 1)
            .read_until(b'\n', &mut line)
            .map_err(|e| format!("cannot read after line {}: {e}", *line_no))?;
        if n == 0 {
            break;
        }
        *line_no += 1;
        if line.len() > max_line && line.last() != Some(&b'\n') {
            skip_rest_of_line(reader).map_err(|e| format!("cannot read: {e}"))?;
            let reason = format!("line longer than {} bytes, skipped", max_line);
            skipped.push(Skipped::new(path.into(), Some(*line_no), reason));
            continue;
        }
        bytes += line.len();
        batch.push((*line_no, line));
    }
    Ok(batch)
}

fn skip_rest_of_line(reader: &mut impl BufRead) -> std::io::Result<()> {
    loop {
        let buf = reader.fill_buf()?;
        if buf.is_empty() {
            return Ok(());
        }
        if let Some(i) = buf.iter().position(|&b| b == b'\n') {
            reader.consume(i + 1);
            return Ok(());
        }
        let n = buf.len();
        reader.consume(n);
    }
}

fn jsonl_line(
    path: &Arc<Path>,
    n: usize,
    line: &[u8],
    opts: &LoadOptions,
) -> Result<(Article, Option<Skipped>), Skipped> {
    let skip = |reason: String| Skipped::new(path.to_path_buf(), Some(n), reason);
    let line = if n == 1 {
        line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(line)
    } else {
        line
    };
    // Checking that a line is UTF-8 was a twelfth of the load with the standard library's
    // check; simdutf8's answers the same, several times faster on Arabic text.
    let (text, note) = match simdutf8::basic::from_utf8(line) {
        Ok(s) => (std::borrow::Cow::Borrowed(s), None),
        Err(_) => {
            let (s, note) = decode_noted(line, path, Some(n)).map_err(skip)?;
            (s.into(), note)
        }
    };
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(skip("empty line".into()));
    }
    let value: Value =
        serde_json::from_str(trimmed).map_err(|e| skip(format!("invalid JSON: {e}")))?;
    let fallback_id = format!("{}:{n}", file_id(path));
    let origin = Origin::new(path.clone(), Some(n as u32));
    let article = record(value, fallback_id, origin, opts).map_err(skip)?;
    Ok((article, note))
}

/// The usual field names of news JSON, first match wins.
const TITLE: &[&str] = &["title", "headline", "name"];
const BODY: &[&str] = &["body", "text", "content", "article", "story"];
const DATE: &[&str] = &[
    "date",
    "published",
    "published_at",
    "publishedAt",
    "pubDate",
    "datePublished",
    "time",
];
const SOURCE: &[&str] = &["source", "site", "publisher", "outlet"];
const AGENCY: &[&str] = &["agency"];
const AUTHOR: &[&str] = &["author", "byline", "authors"];
const PLACE: &[&str] = &["place", "location", "dateline_place"];
const URL: &[&str] = &["url", "link", "href"];
const ID: &[&str] = &["id", "_id", "guid", "uuid"];

fn record(
    value: Value,
    fallback_id: String,
    origin: Origin,
    opts: &LoadOptions,
) -> Result<Article, String> {
    let Value::Object(mut obj) = value else {
        return Err("not a JSON object".into());
    };
    let body = field(&mut obj, BODY).unwrap_or_default();
    let title = field(&mut obj, TITLE);
    if body.trim().is_empty() && title.as_deref().is_none_or(|t| t.trim().is_empty()) {
        return Err("no title and no body (expected fields: title, body/text/content)".into());
    }
    let raw = RawArticle {
        id: field(&mut obj, ID).unwrap_or(fallback_id),
        origin,
        title,
        body,
        date: field(&mut obj, DATE),
        source: field(&mut obj, SOURCE),
        agency: field(&mut obj, AGENCY),
        author: field(&mut obj, AUTHOR),
        place: field(&mut obj, PLACE),
        url: field(&mut obj, URL),
    };
    Ok(build_article(raw, &opts.rules))
}

/// A field as text: strings as they are, numbers printed, arrays of strings joined. The
/// value is taken out of the record, not copied (bodies are most of the bytes loaded).
fn field(obj: &mut Map<String, Value>, names: &[&str]) -> Option<String> {
    let first = names.iter().position(|n| usable(obj.get(*n)))?;
    match obj.remove(names[first])? {
        Value::String(s) => Some(s),
        Value::Number(x) => Some(x.to_string()),
        Value::Array(items) => {
            let parts: Vec<&str> = items.iter().filter_map(Value::as_str).collect();
            (!parts.is_empty()).then(|| parts.join("، "))
        }
        _ => None,
    }
}

/// A value `field` can make text of.
fn usable(v: Option<&Value>) -> bool {
    match v {
        Some(Value::String(_) | Value::Number(_)) => true,
        Some(Value::Array(items)) => items.iter().any(Value::is_string),
        _ => false,
    }
}

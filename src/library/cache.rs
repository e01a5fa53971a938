//! The corpus cache: what loading made of each file (cleaned articles, dates, what was
//! skipped), kept under `$XDG_CACHE_HOME/akhbar/` so that reopening a corpus reads each
//! unchanged file's articles back instead of decoding, cleaning and dating them again. A file
//! whose length or modification time changed is loaded again alone.
//!
//! The file is versioned and checksummed: anything that does not check out (another version
//! of akhbar, other boilerplate rules, a truncated or damaged file, another corpus) is
//! ignored and rebuilt, never trusted. It is never written inside the corpus.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use anyhow::{bail, Context, Result};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::arabic::dates::PubDate;
use crate::corpus::{
    Article, Corpus, DateSource, FileStamp, Mention, Origin, Reuse, Rules, Skipped,
};
use crate::entities::EntityTable;

const MAGIC: &[u8; 12] = b"akhbar-cache";
/// Bumped whenever the layout of what is stored changes.
const FORMAT: u32 = 2;
/// Magic, format, payload length, payload checksum.
const HEADER_LEN: usize = 12 + 4 + 8 + 4;

/// What the cache holds for a corpus.
#[derive(Serialize, Deserialize)]
struct Stored {
    /// The akhbar that wrote it: cleaning may differ between versions.
    version: String,
    corpus: PathBuf,
    /// The boilerplate rules and size limits the articles were cleaned with.
    rules: String,
    files: Vec<StoredFile>,
}

/// A file's entry; its articles follow the metadata in `chunks` blobs of at most
/// [`CHUNK`] articles each, so that reading them back runs on every core.
#[derive(Serialize, Deserialize)]
struct StoredFile {
    stamp: FileStamp,
    skipped: Vec<StoredSkip>,
    chunks: u32,
}

/// Articles a chunk holds at most.
const CHUNK: usize = 4096;

#[derive(Serialize, Deserialize)]
struct StoredArticle {
    id: String,
    line: Option<u32>,
    title: String,
    body: String,
    url: Option<String>,
    source: Option<String>,
    agency: Option<String>,
    author: Option<String>,
    place: Option<String>,
    date: Option<PubDate>,
    date_source: Option<DateSource>,
}

#[derive(Serialize, Deserialize)]
struct StoredSkip {
    line: Option<usize>,
    reason: String,
    loaded: bool,
}

/// Where the cache of the corpus at `root` lives: one file per corpus, named by a checksum of
/// its absolute path (the path itself is inside, and checked).
pub fn file_for(root: &Path) -> Option<PathBuf> {
    let dir = crate::persist::cache_dir()?;
    let abs = root.canonicalize().ok()?;
    let key = crc32fast::hash(abs.as_os_str().as_encoded_bytes());
    Some(dir.join(format!("corpus-{key:08x}.bin")))
}

/// What cleaning depends on besides the text: this very build of akhbar (its commit, and the
/// size and time of its executable, so that a rebuild with other cleaning code never trusts
/// an older cache), the rules and the size limits.
pub fn rules_key(rules: &Rules, max_file: u64, max_line: usize) -> String {
    let exe = std::env::current_exe()
        .ok()
        .and_then(|p| FileStamp::of(&p))
        .map_or_else(String::new, |s| format!("{}:{}", s.len, s.modified_ns));
    format!(
        "{}\u{4}{exe}\u{4}{}\u{4}{max_file}\u{4}{max_line}",
        env!("AKHBAR_GIT_COMMIT"),
        rules.fingerprint()
    )
}

/// The cached articles of a corpus, handed to the loader file by file.
pub struct Cached {
    files: Mutex<HashMap<FileStamp, FileArticles>>,
}

/// A file's articles and what was skipped of it or noted on it.
type FileArticles = (Vec<Article>, Vec<Skipped>);

impl Cached {
    /// Files still held, not asked for by the load: they were removed or changed.
    pub fn left_over(&self) -> usize {
        self.files.lock().map_or(0, |f| f.len())
    }
}

impl Reuse for Cached {
    fn take(&self, stamp: &FileStamp) -> Option<(Vec<Article>, Vec<Skipped>)> {
        self.files.lock().ok()?.remove(stamp)
    }
}

fn article_of(a: StoredArticle, path: &Arc<Path>) -> Article {
    Article {
        id: a.id,
        origin: Origin::new(Arc::clone(path), a.line),
        title: a.title,
        body: a.body,
        url: a.url,
        source: a.source,
        agency: a.agency,
        author: a.author,
        place: a.place,
        date: a.date,
        date_source: a.date_source,
        ..Article::default()
    }
}

/// The chunk blobs after the metadata: each a little-endian `u32` length and its bytes.
fn split_chunks(mut rest: &[u8], n: usize) -> Result<Vec<&[u8]>> {
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        let (len, tail) = rest.split_at_checked(4).context("truncated chunk")?;
        let len = u32::from_le_bytes(len.try_into()?) as usize;
        let (chunk, tail) = tail.split_at_checked(len).context("truncated chunk")?;
        out.push(chunk);
        rest = tail;
    }
    if !rest.is_empty() {
        bail!("{} bytes after the last chunk", rest.len());
    }
    Ok(out)
}

/// The payload of a cache file, once its magic, format, length and checksum check out.
fn unseal(file: &Path, magic: &[u8; 12]) -> Result<Vec<u8>> {
    let mut f = match std::fs::File::open(file) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => bail!("none yet"),
        Err(e) => return Err(e).context("cannot open"),
    };
    let mut header = [0u8; HEADER_LEN];
    f.read_exact(&mut header).context("truncated header")?;
    if &header[..12] != magic {
        bail!("not an akhbar cache file");
    }
    let field = |r: std::ops::Range<usize>| header.get(r).unwrap_or_default();
    let format = u32::from_le_bytes(field(12..16).try_into()?);
    if format != FORMAT {
        bail!("cache format {format}, this akhbar writes {FORMAT}");
    }
    let len = u64::from_le_bytes(field(16..24).try_into()?);
    let crc = u32::from_le_bytes(field(24..28).try_into()?);
    let size = f.metadata()?.len();
    if size != HEADER_LEN as u64 + len {
        bail!(
            "truncated: {size} bytes, expected {}",
            HEADER_LEN as u64 + len
        );
    }
    let mut payload = Vec::with_capacity(len as usize);
    f.read_to_end(&mut payload)?;
    if crc32fast::hash(&payload) != crc {
        bail!("checksum mismatch (damaged)");
    }
    Ok(payload)
}

/// Header and payload, as `unseal` reads them.
fn seal(magic: &[u8; 12], payload: &[u8]) -> Result<Vec<u8>> {
    let mut bytes = Vec::with_capacity(HEADER_LEN + payload.len());
    bytes.write_all(magic)?;
    bytes.write_all(&FORMAT.to_le_bytes())?;
    bytes.write_all(&(payload.len() as u64).to_le_bytes())?;
    bytes.write_all(&crc32fast::hash(payload).to_le_bytes())?;
    bytes.extend_from_slice(payload);
    Ok(bytes)
}

/// Reads the cache of `root`; `Err` says why it cannot be used (it is then rebuilt).
pub fn read(file: &Path, root: &Path, rules: &str) -> Result<Cached> {
    let payload = unseal(file, MAGIC)?;
    let (stored, rest): (Stored, &[u8]) =
        postcard::take_from_bytes(&payload).context("undecodable")?;
    if stored.version != env!("CARGO_PKG_VERSION") {
        bail!("written by akhbar {}", stored.version);
    }
    let abs = root.canonicalize()?;
    if stored.corpus != abs {
        bail!("the cache of another corpus ({})", stored.corpus.display());
    }
    if stored.rules != rules {
        bail!("written by another build of akhbar, or with other boilerplate rules or limits");
    }
    let total: usize = stored.files.iter().map(|f| f.chunks as usize).sum();
    let chunks = split_chunks(rest, total)?;
    let decoded: Vec<Vec<StoredArticle>> = chunks
        .par_iter()
        .map(|c| postcard::from_bytes(c))
        .collect::<Result<_, _>>()
        .context("undecodable articles")?;
    drop(payload);
    let mut decoded = decoded.into_iter();
    let mut files = HashMap::new();
    for f in stored.files {
        let path: Arc<Path> = Arc::from(f.stamp.path.as_path());
        let parts: Vec<Vec<StoredArticle>> = decoded.by_ref().take(f.chunks as usize).collect();
        let articles: Vec<Article> = parts
            .into_par_iter()
            .flat_map_iter(|part| {
                part.into_iter()
                    .map(|a| article_of(a, &path))
                    .collect::<Vec<_>>()
            })
            .collect();
        let skipped = f
            .skipped
            .into_iter()
            .map(|s| Skipped {
                loaded: s.loaded,
                ..Skipped::new(f.stamp.path.clone(), s.line, s.reason)
            })
            .collect();
        files.insert(f.stamp, (articles, skipped));
    }
    Ok(Cached {
        files: Mutex::new(files),
    })
}

/// Writes what `corpus` is made of to the cache file, unless that is inside the corpus.
pub fn write(file: &Path, corpus: &Corpus, rules: &str) -> Result<()> {
    let root = outside_corpus(file, &corpus.root)?;
    // A file whose stamp could not be read (it vanished during the load) is not cached.
    let shares: Vec<&crate::corpus::FileShare> = corpus
        .shares
        .iter()
        .filter(|s| !s.stamp.path.as_os_str().is_empty())
        .collect();
    let files = shares
        .iter()
        .map(|s| StoredFile {
            stamp: s.stamp.clone(),
            chunks: corpus
                .articles
                .get(s.articles.clone())
                .unwrap_or_default()
                .chunks(CHUNK)
                .len() as u32,
            skipped: s
                .skipped
                .iter()
                .map(|k| StoredSkip {
                    line: k.line,
                    reason: k.reason.clone(),
                    loaded: k.loaded,
                })
                .collect(),
        })
        .collect();
    let stored = Stored {
        version: env!("CARGO_PKG_VERSION").to_string(),
        corpus: root,
        rules: rules.to_string(),
        files,
    };
    let mut payload = postcard::to_stdvec(&stored).context("cannot encode the cache")?;
    drop(stored);
    let parts: Vec<std::ops::Range<usize>> = shares
        .iter()
        .flat_map(|s| {
            s.articles
                .clone()
                .step_by(CHUNK)
                .map(move |start| start..(start + CHUNK).min(s.articles.end))
        })
        .collect();
    let blobs: Vec<Vec<u8>> = parts
        .par_iter()
        .map(|part| {
            let stored: Vec<StoredArticle> = part
                .clone()
                .filter_map(|i| {
                    Some(stored_article(
                        corpus.articles.get(i)?,
                        corpus.renamed.get(&i),
                    ))
                })
                .collect();
            postcard::to_stdvec(&stored)
        })
        .collect::<Result<_, _>>()
        .context("cannot encode the cache")?;
    for b in blobs {
        let len = u32::try_from(b.len()).context("a chunk of articles over 4 GB")?;
        payload.extend_from_slice(&len.to_le_bytes());
        payload.extend_from_slice(&b);
    }
    let bytes = seal(MAGIC, &payload)?;
    drop(payload);
    crate::persist::write_atomic(file, &bytes)
}

const ENTITIES_MAGIC: &[u8; 12] = b"akhbar-entit";

/// The entities of a corpus and every article's mentions, as extraction made them.
#[derive(Serialize, Deserialize)]
struct StoredEntities {
    /// The articles (their files, the build, the rules) and the extractor they came from.
    key: String,
    table: EntityTable,
    mentions: Vec<Vec<Mention>>,
}

/// The entities file beside a corpus cache file.
pub fn entities_file_for(cache_file: &Path) -> PathBuf {
    cache_file.with_extension("entities.bin")
}

/// What the entities of a corpus depend on: its articles (the stamps of its files and the
/// key they were cleaned with) and the extractor (the gazetteer and model files).
pub fn entities_key(corpus: &Corpus, rules: &str, extractor_files: &[PathBuf]) -> String {
    let mut h = crc32fast::Hasher::new();
    for s in &corpus.shares {
        h.update(s.stamp.path.as_os_str().as_encoded_bytes());
        h.update(&s.stamp.len.to_le_bytes());
        h.update(&s.stamp.modified_ns.to_le_bytes());
    }
    let files: Vec<String> = extractor_files
        .iter()
        .map(|p| match FileStamp::of(p) {
            Some(s) => format!("{}:{}:{}", p.display(), s.len, s.modified_ns),
            None => format!("{}:missing", p.display()),
        })
        .collect();
    format!(
        "{:08x}\u{4}{}\u{4}{rules}\u{4}{}",
        h.finalize(),
        corpus.articles.len(),
        files.join("\u{1}")
    )
}

/// The stored entities, when they were made for exactly these articles and this extractor.
pub fn read_entities(
    file: &Path,
    key: &str,
    articles: usize,
) -> Result<(EntityTable, Vec<Vec<Mention>>)> {
    let payload = unseal(file, ENTITIES_MAGIC)?;
    let stored: StoredEntities = postcard::from_bytes(&payload).context("undecodable")?;
    if stored.key != key {
        bail!("made for other articles or another extractor");
    }
    if stored.mentions.len() != articles {
        bail!(
            "made for {} articles, not {articles}",
            stored.mentions.len()
        );
    }
    let n = stored.table.entities.len() as u32;
    if stored.mentions.iter().flatten().any(|m| m.entity >= n) {
        bail!("a mention names no entity");
    }
    Ok((stored.table, stored.mentions))
}

pub fn write_entities(file: &Path, key: &str, table: &EntityTable, corpus: &Corpus) -> Result<()> {
    outside_corpus(file, &corpus.root)?;
    let articles = &corpus.articles;
    let stored = StoredEntities {
        key: key.to_string(),
        table: table.clone(),
        mentions: articles.iter().map(|a| a.mentions().to_vec()).collect(),
    };
    let payload = postcard::to_stdvec(&stored).context("cannot encode the entities")?;
    crate::persist::write_atomic(file, &seal(ENTITIES_MAGIC, &payload)?)
}

/// Makes the folder of `file` unless it is inside the corpus at `corpus_root` (checked before
/// the folder is made, so that none appears in the corpus, and again after, through links);
/// returns the corpus's canonical path.
fn outside_corpus(file: &Path, corpus_root: &Path) -> Result<PathBuf> {
    let root = corpus_root.canonicalize()?;
    if let Some(dir) = file.parent() {
        let inside = |d: &Path| d.starts_with(&root) || d.starts_with(corpus_root);
        if inside(&std::path::absolute(dir)?) {
            bail!("{} is inside the corpus; not caching there", dir.display());
        }
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        if inside(&dir.canonicalize()?) {
            bail!("{} is inside the corpus; not caching there", dir.display());
        }
    }
    Ok(root)
}

/// An article as stored: with the id it came with (`original`, when it was made unique).
fn stored_article(a: &Article, original: Option<&String>) -> StoredArticle {
    StoredArticle {
        id: original.unwrap_or(&a.id).clone(),
        line: a.origin.line,
        title: a.title.clone(),
        body: a.body.clone(),
        url: a.url.clone(),
        source: a.source.clone(),
        agency: a.agency.clone(),
        author: a.author.clone(),
        place: a.place.clone(),
        date: a.date,
        date_source: a.date_source,
    }
}

/// Removes every cache file; returns how many corpora were cached.
pub fn clear() -> Result<usize> {
    let Some(dir) = crate::persist::cache_dir() else {
        return Ok(0);
    };
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Ok(0);
    };
    let mut n = 0;
    for e in entries.flatten() {
        let name = e.file_name();
        let name = name.to_string_lossy();
        if name.starts_with("corpus-") && name.ends_with(".bin") {
            std::fs::remove_file(e.path())
                .with_context(|| format!("cannot remove {}", e.path().display()))?;
            // A corpus and its entities are one cached corpus.
            n += usize::from(!name.ends_with(".entities.bin"));
        }
    }
    Ok(n)
}

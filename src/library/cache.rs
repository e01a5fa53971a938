//! The corpus cache: what loading made of each file (cleaned articles, dates, what was
//! skipped), kept under `$XDG_CACHE_HOME/akhbar/` so that reopening a corpus reads each
//! unchanged file's articles back instead of decoding, cleaning and dating them again. A file
//! whose length or modification time changed is loaded again alone.
//!
//! The file is versioned and checksummed: anything that does not check out (another version
//! of akhbar, other boilerplate rules, a truncated or damaged file, another corpus) is
//! ignored and rebuilt, never trusted. It is never written inside the corpus.

use std::borrow::Cow;
use std::collections::HashMap;
use std::io::{Read, Seek, Write};
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
const FORMAT: u32 = 3;
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

/// An article as stored. Borrowed to write, owned once read.
#[derive(Serialize, Deserialize)]
struct StoredArticle<'a> {
    id: Cow<'a, str>,
    line: Option<u32>,
    title: Cow<'a, str>,
    body: Cow<'a, str>,
    url: Option<Cow<'a, str>>,
    source: Option<Cow<'a, str>>,
    agency: Option<Cow<'a, str>>,
    author: Option<Cow<'a, str>>,
    place: Option<Cow<'a, str>>,
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
    let own = |t: Option<Cow<str>>| t.map(Cow::into_owned);
    Article {
        id: a.id.into_owned(),
        origin: Origin::new(Arc::clone(path), a.line),
        title: a.title.into_owned(),
        body: a.body.into_owned(),
        url: own(a.url),
        source: own(a.source),
        agency: own(a.agency),
        author: own(a.author),
        place: own(a.place),
        date: a.date,
        date_source: a.date_source,
        ..Article::default()
    }
}

/// A cache file opened after its header: magic, format and length checked. Returns the file
/// at the start of the payload, the payload's length and its checksum.
fn open_sealed(file: &Path, magic: &[u8; 12]) -> Result<(std::fs::File, u64, u32)> {
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
    Ok((f, len, crc))
}

fn header(magic: &[u8; 12], len: u64, crc: u32) -> Vec<u8> {
    let mut h = Vec::with_capacity(HEADER_LEN);
    h.extend_from_slice(magic);
    h.extend_from_slice(&FORMAT.to_le_bytes());
    h.extend_from_slice(&len.to_le_bytes());
    h.extend_from_slice(&crc.to_le_bytes());
    h
}

/// Writes a sealed file block by block (a little-endian `u32` length, then the bytes), the
/// header last, once the length and checksum are known.
struct SealWriter<'f> {
    out: std::io::BufWriter<&'f mut std::fs::File>,
    magic: &'static [u8; 12],
    crc: crc32fast::Hasher,
    len: u64,
}

impl<'f> SealWriter<'f> {
    fn begin(f: &'f mut std::fs::File, magic: &'static [u8; 12]) -> Result<SealWriter<'f>> {
        f.write_all(&[0; HEADER_LEN])?;
        Ok(SealWriter {
            out: std::io::BufWriter::with_capacity(1 << 20, f),
            magic,
            crc: crc32fast::Hasher::new(),
            len: 0,
        })
    }

    fn block(&mut self, bytes: &[u8]) -> Result<()> {
        let n = u32::try_from(bytes.len()).context("a block of the cache over 4 GB")?;
        self.put(&n.to_le_bytes())?;
        self.put(bytes)
    }

    fn put(&mut self, bytes: &[u8]) -> Result<()> {
        self.crc.update(bytes);
        self.len += bytes.len() as u64;
        Ok(self.out.write_all(bytes)?)
    }

    fn finish(self) -> Result<()> {
        let f = self.out.into_inner().map_err(|e| e.into_error())?;
        f.seek(std::io::SeekFrom::Start(0))?;
        f.write_all(&header(self.magic, self.len, self.crc.finalize()))?;
        Ok(())
    }
}

/// Reads the blocks of a sealed file one by one. What it reads is not to be trusted until
/// [`SealReader::finish`] has checked the checksum of the whole.
struct SealReader {
    input: std::io::BufReader<std::fs::File>,
    crc: crc32fast::Hasher,
    /// Payload bytes not read yet.
    left: u64,
    want: u32,
}

impl SealReader {
    fn open(file: &Path, magic: &[u8; 12]) -> Result<SealReader> {
        let (f, len, crc) = open_sealed(file, magic)?;
        Ok(SealReader {
            input: std::io::BufReader::with_capacity(1 << 20, f),
            crc: crc32fast::Hasher::new(),
            left: len,
            want: crc,
        })
    }

    fn block(&mut self) -> Result<Vec<u8>> {
        let mut len = [0u8; 4];
        self.take(&mut len)?;
        let n = u32::from_le_bytes(len);
        // A damaged length must not make us allocate more than the file holds.
        if u64::from(n) > self.left {
            bail!("truncated block");
        }
        let mut bytes = vec![0u8; n as usize];
        self.take(&mut bytes)?;
        Ok(bytes)
    }

    fn take(&mut self, buf: &mut [u8]) -> Result<()> {
        if buf.len() as u64 > self.left {
            bail!("truncated block");
        }
        self.input.read_exact(buf).context("truncated")?;
        self.crc.update(buf);
        self.left -= buf.len() as u64;
        Ok(())
    }

    /// After a block that did not make sense: why, when the file is damaged (the rest is
    /// read to check its checksum).
    fn damage(mut self) -> Option<anyhow::Error> {
        let mut buf = vec![0u8; 1 << 20];
        while self.left > 0 {
            let n = buf.len().min(self.left as usize);
            if let Err(e) = self.take(&mut buf[..n]) {
                return Some(e);
            }
        }
        (self.crc.finalize() != self.want).then(|| anyhow::anyhow!("checksum mismatch (damaged)"))
    }

    /// Checks that the payload was read to its end and that its checksum matches.
    fn finish(self) -> Result<()> {
        if self.left != 0 {
            bail!("{} bytes after the last block", self.left);
        }
        if self.crc.finalize() != self.want {
            bail!("checksum mismatch (damaged)");
        }
        Ok(())
    }
}

/// Chunks decoded or encoded at a time: enough for every core, few enough that the cache is
/// never in memory whole beside the articles.
fn group() -> usize {
    rayon::current_num_threads() * 2
}

/// Reads the cache of `root`; `Err` says why it cannot be used (it is then rebuilt). The
/// file is read a few chunks at a time, and nothing read is used unless its checksum holds.
pub fn read(file: &Path, root: &Path, rules: &str) -> Result<Cached> {
    let mut input = SealReader::open(file, MAGIC)?;
    match read_payload(&mut input, root, rules) {
        Ok(cached) => {
            input.finish()?;
            Ok(cached)
        }
        // A damaged file can look like a foreign one: say which it is.
        Err(e) => Err(input.damage().unwrap_or(e)),
    }
}

fn read_payload(input: &mut SealReader, root: &Path, rules: &str) -> Result<Cached> {
    let stored: Stored = postcard::from_bytes(&input.block()?).context("undecodable")?;
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
    let mut files = HashMap::new();
    for f in stored.files {
        let path: Arc<Path> = Arc::from(f.stamp.path.as_path());
        let articles = read_articles(input, f.chunks as usize, &path)?;
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

/// The articles of one file: `chunks` blocks, decoded a group at a time on every core.
fn read_articles(input: &mut SealReader, chunks: usize, path: &Arc<Path>) -> Result<Vec<Article>> {
    let mut articles = Vec::new();
    let mut left = chunks;
    while left > 0 {
        let n = left.min(group());
        left -= n;
        let blobs: Vec<Vec<u8>> = (0..n).map(|_| input.block()).collect::<Result<_>>()?;
        let parts: Vec<Vec<Article>> = blobs
            .par_iter()
            .map(|b| {
                let stored: Vec<StoredArticle> = postcard::from_bytes(b)?;
                Ok(stored.into_iter().map(|a| article_of(a, path)).collect())
            })
            .collect::<Result<_, postcard::Error>>()
            .context("undecodable articles")?;
        articles.extend(parts.into_iter().flatten());
    }
    Ok(articles)
}

/// Writes what `corpus` is made of to the cache file, unless that is inside the corpus;
/// gives up (and leaves no file behind) once `cancel` says so: it is asked between groups of
/// chunks.
pub fn write_until(
    file: &Path,
    corpus: &Corpus,
    rules: &str,
    cancel: &dyn Fn() -> bool,
) -> Result<()> {
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
    let meta = postcard::to_stdvec(&stored).context("cannot encode the cache")?;
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
    crate::persist::write_atomic_with(file, |f| {
        let mut out = SealWriter::begin(f, MAGIC)?;
        out.block(&meta)?;
        // A group of chunks at a time, encoded in parallel: the whole never sits in memory.
        for batch in parts.chunks(group()) {
            if cancel() {
                bail!("cancelled");
            }
            let blobs: Vec<Vec<u8>> = batch
                .par_iter()
                .map(|part| encode_chunk(corpus, part.clone()))
                .collect::<Result<_, _>>()
                .context("cannot encode the cache")?;
            for b in &blobs {
                out.block(b)?;
            }
        }
        out.finish()
    })
}

fn encode_chunk(corpus: &Corpus, part: std::ops::Range<usize>) -> postcard::Result<Vec<u8>> {
    let stored: Vec<StoredArticle> = part
        .filter_map(|i| {
            Some(stored_article(
                corpus.articles.get(i)?,
                corpus.renamed.get(&i),
            ))
        })
        .collect();
    postcard::to_stdvec(&stored)
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
    let mut input = SealReader::open(file, ENTITIES_MAGIC)?;
    let payload = input.block()?;
    input.finish()?;
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
    crate::persist::write_atomic_with(file, |f| {
        let mut out = SealWriter::begin(f, ENTITIES_MAGIC)?;
        out.block(&payload)?;
        out.finish()
    })
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
fn stored_article<'a>(a: &'a Article, original: Option<&'a String>) -> StoredArticle<'a> {
    let lend = |t: &'a Option<String>| t.as_deref().map(Cow::Borrowed);
    StoredArticle {
        id: Cow::Borrowed(original.unwrap_or(&a.id)),
        line: a.origin.line,
        title: Cow::Borrowed(&a.title),
        body: Cow::Borrowed(&a.body),
        url: lend(&a.url),
        source: lend(&a.source),
        agency: lend(&a.agency),
        author: lend(&a.author),
        place: lend(&a.place),
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
        // A write cut short by a crash leaves its temp file (`.corpus-….bin.PID.tmp`).
        if name.starts_with(".corpus-") && name.ends_with(".tmp") {
            std::fs::remove_file(e.path())
                .with_context(|| format!("cannot remove {}", e.path().display()))?;
        }
        if name.starts_with("corpus-") && name.ends_with(".bin") {
            std::fs::remove_file(e.path())
                .with_context(|| format!("cannot remove {}", e.path().display()))?;
            // A corpus and its entities are one cached corpus.
            n += usize::from(!name.ends_with(".entities.bin"));
        }
    }
    Ok(n)
}

//! Opening a corpus: load and clean the articles, extract entities, build the index. This is what
//! the TUI and every headless command start from.

pub mod cache;

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use anyhow::Result;

use crate::corpus::{self, Article, Corpus, LoadOptions, LoadProgress, Rules};
use crate::entities::tagger::Model;
use crate::entities::{extract_corpus_counting, EntityTable, Extractor, Gazetteer};
use crate::index::{Filter, Index, Results};

/// Everything needed to open a corpus.
#[derive(Debug, Clone, Default)]
pub struct OpenOptions {
    /// The corpus; `None` means `data/` in the current folder, or the built-in copy of it.
    pub path: Option<PathBuf>,
    pub boilerplate: Vec<PathBuf>,
    pub gazetteer: Vec<PathBuf>,
    /// A tagger model file instead of the built-in one.
    pub ner_model: Option<PathBuf>,
    pub max_file_bytes: Option<u64>,
    pub max_line_bytes: Option<usize>,
    /// Counters the load updates as it goes (the explorer's loading screen, the headless
    /// progress bar), and its cancel flag.
    pub progress: Option<Arc<LoadProgress>>,
    /// Read unchanged files' articles from the corpus cache, and update it.
    pub cache: bool,
    /// Leave writing the corpus cache to the caller ([`Pending::take_cache_write`]): the
    /// explorer writes it once the corpus is on screen, not before.
    pub defer_cache_write: bool,
}

/// What the corpus cache did for one open.
#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct CacheUse {
    /// The cache file, when caching is on.
    pub file: Option<PathBuf>,
    /// Files whose articles came from the cache.
    pub reused_files: usize,
    pub files: usize,
    /// Why the cache could not be read or written, if it could not.
    pub note: Option<String>,
    /// The cache was written anew.
    pub written: bool,
}

/// A loaded corpus with its entities and index.
///
/// The entities may come after the rest: the explorer shows the corpus as soon as it is
/// loaded and indexed, and fills the entities in from another thread
/// ([`Pending::fill`]). They are set once, through `OnceLock`s, so every reader sees
/// either no entities or all of them, and nothing else ever changes.
pub struct Library {
    pub corpus: Corpus,
    entities: OnceLock<Extracted>,
    pub index: Index,
    /// Reading the gazetteer and building its matcher, done while the corpus loads.
    pub gazetteer_time: Duration,
    /// Building the index of dates and titles.
    pub index_time: Duration,
    /// What the corpus cache did.
    pub cache: CacheUse,
    /// Articles whose entities are extracted so far, for a progress display.
    extracted: std::sync::atomic::AtomicUsize,
}

/// The entity table, and what extracting it took.
struct Extracted {
    table: EntityTable,
    /// Entity extraction over the corpus and indexing the mentions: what entities add to
    /// opening it.
    time: Duration,
    /// Read from the corpus cache, not extracted.
    from_cache: bool,
}

/// The entity table of a library whose entities are not extracted yet.
static NO_ENTITIES: EntityTable = EntityTable {
    entities: Vec::new(),
};

impl Library {
    /// A library from its parts (for benchmarks and tests that build articles by hand): the
    /// articles' mentions must point into `entities`.
    pub fn assemble(corpus: Corpus, entities: EntityTable) -> Library {
        let index = Index::build(&corpus.articles, entities.entities.len());
        Library {
            corpus,
            entities: OnceLock::from(Extracted {
                table: entities,
                time: Duration::ZERO,
                from_cache: false,
            }),
            index,
            gazetteer_time: Duration::ZERO,
            index_time: Duration::ZERO,
            cache: CacheUse::default(),
            extracted: Default::default(),
        }
    }

    /// The entities of the corpus; empty until they are extracted.
    pub fn entities(&self) -> &EntityTable {
        self.entities.get().map_or(&NO_ENTITIES, |x| &x.table)
    }

    /// How far entity extraction is: articles done, of all of them.
    pub fn entities_progress(&self) -> (usize, usize) {
        let done = self.extracted.load(std::sync::atomic::Ordering::Relaxed);
        (
            done.min(self.corpus.articles.len()),
            self.corpus.articles.len(),
        )
    }

    /// Whether the entities are extracted.
    pub fn has_entities(&self) -> bool {
        self.entities.get().is_some()
    }

    /// Whether the entities were read from the corpus cache.
    pub fn entities_from_cache(&self) -> bool {
        self.entities.get().is_some_and(|x| x.from_cache)
    }

    /// How long entity extraction took, once it is done.
    pub fn extract_time(&self) -> Option<Duration> {
        self.entities.get().map(|x| x.time)
    }

    /// Extracts the entities of every article and indexes them. Takes `&self` so that it can
    /// run while the explorer already uses the library; a second call does nothing. `waited` is
    /// how long the loaded corpus waited for the gazetteer, which counts as extraction time too.
    fn fill_entities(&self, ex: &Extractor, waited: Duration, cached: Option<&EntitiesCache>) {
        if self.has_entities() {
            return;
        }
        let start = Instant::now();
        let stored = cached
            .and_then(|c| {
                cache::read_entities(&c.file, &c.key, self.corpus.articles.len())
                    .map_err(|e| tracing::info!("entities cache not used: {e:#}"))
                    .ok()
            })
            // Spans are sliced by every view: one that is not on the text is not trusted.
            .filter(|(_, mentions)| spans_fit(&self.corpus.articles, mentions));
        let from_cache = stored.is_some();
        let table = match stored {
            Some((table, mentions)) => {
                for (a, m) in self.corpus.articles.iter().zip(mentions) {
                    a.set_mentions(m);
                }
                table
            }
            None => annotate(ex, &self.corpus.articles, &self.extracted),
        };
        // Mentions, then their index, then the table: once the table is there, all of it is.
        self.index
            .set_entities(&self.corpus.articles, table.entities.len());
        let time = waited + start.elapsed();
        let _ = self.entities.set(Extracted {
            table,
            time,
            from_cache,
        });
    }

    pub fn articles(&self) -> &[Article] {
        &self.corpus.articles
    }

    /// Runs a filter over the corpus.
    pub fn apply(&self, f: &Filter) -> Results {
        self.index.apply(&self.corpus.articles, f)
    }

    /// Runs a filter, reusing the previous results when the title query only grew.
    pub fn apply_after(&self, f: &Filter, prev: (&Filter, &Results)) -> Results {
        self.index.apply_after(&self.corpus.articles, f, Some(prev))
    }

    /// The entity with this id, Arabic name or alias (compared normalised), or English name.
    pub fn lookup(&self, name: &str) -> Option<u32> {
        let norm = crate::arabic::normalize(name.trim());
        let same = |s: &str| crate::arabic::normalize(s) == norm;
        self.entities()
            .entities
            .iter()
            .position(|e| {
                e.id == name
                    || same(&e.name)
                    || e.aliases.iter().any(|a| same(a))
                    || e.name_en
                        .as_deref()
                        .is_some_and(|en| en.eq_ignore_ascii_case(name.trim()))
            })
            .map(|i| i as u32)
    }

    /// An entity named on the command line: an exact id, name, alias or English name, else the
    /// one entity with a word of its English name or a word of a spelling equal to `name`
    /// (`lavrov`, `لافروف`). Ambiguity is an error that lists the candidates.
    pub fn resolve_entity(&self, name: &str) -> Result<u32> {
        if let Some(id) = self.lookup(name) {
            return Ok(id);
        }
        let norm = crate::arabic::normalize(name.trim());
        let word_of = |s: &str| {
            crate::arabic::normalize(s)
                .split_whitespace()
                .any(|w| w == norm)
        };
        let found: Vec<usize> = self
            .entities()
            .entities
            .iter()
            .enumerate()
            .filter(|(_, e)| {
                word_of(&e.name)
                    || e.aliases.iter().any(|a| word_of(a))
                    || e.name_en.as_deref().is_some_and(word_of)
            })
            .map(|(i, _)| i)
            .collect();
        match found.as_slice() {
            [i] => Ok(*i as u32),
            [] => anyhow::bail!("no entity {name:?} in this corpus (see `akhbar entities`)"),
            many => {
                let names: Vec<&str> = many
                    .iter()
                    .filter_map(|&i| self.entities().entities.get(i))
                    .map(|e| e.id.as_str())
                    .collect();
                anyhow::bail!("{name:?} could be any of {}; give the id", names.join(", "))
            }
        }
    }

    /// The article whose id is `id` or, failing that, the one whose id starts with it.
    pub fn find(&self, id: &str) -> Result<usize> {
        let arts = self.articles();
        if let Some(i) = arts.iter().position(|a| a.id == id) {
            return Ok(i);
        }
        let matches: Vec<usize> = (0..arts.len())
            .filter(|&i| arts[i].id.starts_with(id))
            .collect();
        match matches.as_slice() {
            [i] => Ok(*i),
            [] => anyhow::bail!("no article with id {id:?} (try `akhbar list`)"),
            many => anyhow::bail!(
                "{} articles have ids starting with {id:?}; give more of the id",
                many.len()
            ),
        }
    }
}

/// The folder opened when no path is given.
pub const DEFAULT_PATH: &str = "data";

/// Loads, cleans and indexes a corpus, and extracts its entities. Errors are ready to show the
/// user.
pub fn open(opts: &OpenOptions) -> Result<Library> {
    let (lib, pending) = open_deferred(opts)?;
    pending.fill(&lib);
    Ok(lib)
}

/// Entity extraction still to do on a library from [`open_deferred`].
pub struct Pending {
    extractor: Extractor,
    /// How long the loaded corpus waited for the gazetteer to be ready.
    waited: Duration,
    /// Where the entities of this corpus are cached, and what they must have been made from.
    cache: Option<EntitiesCache>,
    /// The corpus cache still to write, when the open deferred it.
    corpus_cache: Option<CacheWrite>,
}

/// Writing the corpus cache, deferred by [`OpenOptions::defer_cache_write`].
pub struct CacheWrite(ToCache);

impl CacheWrite {
    /// Writes the cache of `lib`'s corpus (when it was stale) and says what it did; gives up
    /// when `cancel` says so (the explorer is quitting), leaving no file behind.
    pub fn write(&self, lib: &Library, cancel: &dyn Fn() -> bool) -> CacheUse {
        self.0.write_until(&lib.corpus, cancel)
    }
}

/// The entities file of a corpus and the key its contents must carry.
struct EntitiesCache {
    file: PathBuf,
    key: String,
}

impl Pending {
    /// Extracts the library's entities (or reads them from the cache) and indexes their
    /// mentions, then caches what was extracted.
    pub fn fill(&self, lib: &Library) {
        self.extract(lib);
        self.save(lib);
    }

    /// Extracts the library's entities, or reads them from the cache, and indexes them.
    pub fn extract(&self, lib: &Library) {
        lib.fill_entities(&self.extractor, self.waited, self.cache.as_ref());
    }

    /// The corpus cache to write, when the open deferred it.
    pub fn take_cache_write(&mut self) -> Option<CacheWrite> {
        self.corpus_cache.take()
    }

    /// Writes extracted entities to the cache (the explorer does this after showing them).
    pub fn save(&self, lib: &Library) {
        let Some(c) = &self.cache else { return };
        if lib.entities_from_cache() || !lib.has_entities() {
            return;
        }
        if let Err(e) = cache::write_entities(&c.file, &c.key, lib.entities(), &lib.corpus) {
            tracing::warn!("entities cache not written: {e:#}");
        }
    }
}

/// Loads, cleans and indexes a corpus, leaving its entities to [`Pending::fill`]: the
/// explorer shows the corpus while they are extracted.
pub fn open_deferred(opts: &OpenOptions) -> Result<(Library, Pending)> {
    let rules = Rules::with_files(&opts.boilerplate)?;
    let mut load = LoadOptions::new(rules);
    if let Some(n) = opts.max_file_bytes {
        load.max_file_bytes = n;
    }
    if let Some(n) = opts.max_line_bytes {
        load.max_line_bytes = n;
    }
    load.progress = opts.progress.clone();
    // The gazetteer and its matcher do not depend on the corpus: they are prepared on their
    // own thread while the corpus loads, so they add nothing to the time to open it.
    let (corpus, prepared, waited) = std::thread::scope(|s| {
        let prep = s.spawn(|| {
            let start = Instant::now();
            let ex = extractor(&opts.gazetteer, opts.ner_model.as_deref())?;
            Ok::<_, anyhow::Error>((ex, start.elapsed()))
        });
        let corpus = match &opts.path {
            Some(p) if opts.cache => load_cached(p, &load),
            Some(p) => corpus::load(p, &load).map(|c| (c, ToCache::none())),
            None => default_corpus(&load).map(|c| (c, ToCache::none())),
        };
        // From here on, waiting for the gazetteer is time entities add.
        let loaded = Instant::now();
        let prepared = prep
            .join()
            .unwrap_or_else(|_| Err(anyhow::anyhow!("preparing the gazetteer failed")));
        (corpus, prepared, loaded.elapsed())
    });
    let (corpus, to_cache) = corpus?;
    if let Some(p) = &opts.progress {
        if p.cancelled() {
            anyhow::bail!("loading {} was cancelled", corpus.root.display());
        }
        p.indexing();
    }
    let (extractor, gazetteer_time) = prepared?;
    let entities_cache = to_cache.file.as_ref().map(|f| {
        let mut files = opts.gazetteer.clone();
        files.extend(crate::persist::config_dir().map(|d| d.join("gazetteer.toml")));
        files.extend(opts.ner_model.clone());
        EntitiesCache {
            file: cache::entities_file_for(f),
            key: cache::entities_key(&corpus, &to_cache.key, &files),
        }
    });
    let mut pending = Pending {
        extractor,
        waited,
        cache: entities_cache,
        corpus_cache: None,
    };
    // The cache is written while the index is built: both only read the articles.
    let (index, index_time, cache) = std::thread::scope(|s| {
        let written = (!opts.defer_cache_write).then(|| s.spawn(|| to_cache.write(&corpus)));
        let start = Instant::now();
        let index = Index::without_entities(&corpus.articles);
        let index_time = start.elapsed();
        let cache = match written {
            Some(w) => w.join().unwrap_or_default(),
            None => to_cache.report(&corpus),
        };
        (index, index_time, cache)
    });
    if opts.defer_cache_write {
        pending.corpus_cache = Some(CacheWrite(to_cache));
    }
    let lib = Library {
        corpus,
        entities: OnceLock::new(),
        index,
        gazetteer_time,
        index_time,
        cache,
        extracted: Default::default(),
    };
    Ok((lib, pending))
}

/// What the cache said before the load, and what to write after it.
struct ToCache {
    file: Option<PathBuf>,
    key: String,
    /// The cache was missing, stale or unreadable, or files changed: write it anew.
    stale: bool,
    reused: usize,
    note: Option<String>,
}

impl ToCache {
    fn none() -> ToCache {
        ToCache {
            file: None,
            key: String::new(),
            stale: false,
            reused: 0,
            note: None,
        }
    }
}

impl ToCache {
    /// What the cache did for this open, before any write.
    fn report(&self, corpus: &Corpus) -> CacheUse {
        CacheUse {
            file: self.file.clone(),
            reused_files: self.reused,
            files: corpus.shares.len(),
            note: self.note.clone(),
            written: false,
        }
    }

    fn write(&self, corpus: &Corpus) -> CacheUse {
        self.write_until(corpus, &|| false)
    }

    fn write_until(&self, corpus: &Corpus, cancel: &dyn Fn() -> bool) -> CacheUse {
        let mut report = self.report(corpus);
        let Some(file) = self.file.as_ref().filter(|_| self.stale) else {
            return report;
        };
        match cache::write_until(file, corpus, &self.key, cancel) {
            Ok(()) => report.written = true,
            Err(e) => {
                tracing::warn!("cache not written: {e:#}");
                report.note = Some(format!("not written: {e:#}"));
            }
        }
        report
    }
}

/// Loads the corpus at `path`, with the articles of unchanged files from the cache.
fn load_cached(path: &Path, load: &LoadOptions) -> Result<(Corpus, ToCache), corpus::LoadError> {
    let start = Instant::now();
    let key = cache::rules_key(&load.rules, load.max_file_bytes, load.max_line_bytes);
    let file = cache::file_for(path);
    let read = file.as_deref().map(|f| cache::read(f, path, &key));
    let (cached, note) = match read {
        Some(Ok(c)) => (Some(c), None),
        Some(Err(e)) => {
            tracing::info!("cache not used: {e:#}");
            (None, Some(format!("not used: {e:#}")))
        }
        None => (None, Some("no cache folder".to_string())),
    };
    let reuse: &dyn corpus::Reuse = match &cached {
        Some(c) => c,
        None => &corpus::Fresh,
    };
    let mut corpus = corpus::load_reusing(path, load, reuse)?;
    // Reading the cache is part of loading.
    corpus.load_time = start.elapsed();
    let reused = corpus.shares.iter().filter(|s| s.reused).count();
    let left = cached.as_ref().map_or(0, cache::Cached::left_over);
    let stale = cached.is_none() || reused < corpus.shares.len() || left > 0;
    let to_cache = ToCache {
        file,
        key,
        stale,
        reused,
        note,
    };
    Ok((corpus, to_cache))
}

/// The extractor for these gazetteer files and this tagger model (the built-in one if none).
pub fn extractor(gazetteer_files: &[PathBuf], ner_model: Option<&Path>) -> Result<Extractor> {
    let g = gazetteer(gazetteer_files)?;
    Ok(match ner_model {
        Some(path) => Extractor::with_model(&g, Arc::new(Model::load(path)?)),
        None => Extractor::new(&g),
    })
}

/// The built-in gazetteer, then the user's file in the config directory, then `--gazetteer`
/// files, each extending the last.
pub fn gazetteer(extra: &[PathBuf]) -> Result<Gazetteer> {
    let mut g = Gazetteer::builtin()?;
    let user = crate::persist::config_dir().map(|d| d.join("gazetteer.toml"));
    for path in user.iter().filter(|p| p.exists()).chain(extra) {
        g.merge(Gazetteer::load(path)?);
    }
    Ok(g)
}

/// Whether every mention lies on char boundaries inside its article's title or body.
fn spans_fit(articles: &[Article], mentions: &[Vec<crate::corpus::Mention>]) -> bool {
    articles.iter().zip(mentions).all(|(a, ms)| {
        ms.iter().all(|m| {
            let text = match m.field {
                crate::corpus::Field::Title => &a.title,
                crate::corpus::Field::Body => &a.body,
            };
            let (s, e) = (m.start as usize, m.end as usize);
            s <= e && text.get(s..e).is_some()
        })
    })
}

/// Extracts the entities of every article and stores the mentions on the articles.
fn annotate(
    ex: &Extractor,
    articles: &[Article],
    done: &std::sync::atomic::AtomicUsize,
) -> EntityTable {
    let docs: Vec<(&str, &str)> = articles
        .iter()
        .map(|a| (a.title.as_str(), a.body.as_str()))
        .collect();
    let (table, mentions) = extract_corpus_counting(ex, &docs, done);
    for (a, m) in articles.iter().zip(mentions) {
        a.set_mentions(m);
    }
    table
}

/// `data/` when it exists here, else the copy built into the binary.
fn default_corpus(load: &LoadOptions) -> Result<Corpus, corpus::LoadError> {
    let path = PathBuf::from(DEFAULT_PATH);
    if path.exists() {
        return corpus::load(&path, load);
    }
    let start = Instant::now();
    let articles = corpus::embedded::articles(&load.rules);
    Ok(Corpus {
        root: PathBuf::from("<embedded data/>"),
        files: articles.len(),
        bytes: articles
            .iter()
            .map(|a| (a.title.len() + a.body.len()) as u64)
            .sum(),
        articles,
        load_time: start.elapsed(),
        ..Corpus::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{Field, Mention};

    #[test]
    fn cached_spans_must_lie_on_the_text() {
        let a = Article {
            title: "لافروف".into(),
            body: "قال لافروف".into(),
            ..Article::default()
        };
        let m = |field, start, end| Mention {
            entity: 0,
            field,
            start,
            end,
        };
        let articles = [a];
        assert!(spans_fit(
            &articles,
            &[vec![m(Field::Title, 0, 12), m(Field::Body, 7, 19)]]
        ));
        // Past the end, inside a letter, reversed.
        for bad in [
            m(Field::Title, 0, 14),
            m(Field::Body, 1, 4),
            m(Field::Body, 7, 6),
        ] {
            assert!(!spans_fit(&articles, &[vec![bad]]), "{bad:?}");
        }
    }
}

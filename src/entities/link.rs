//! Corpus-level linking: discovered names become entities, a bare surname links to the full
//! name met earlier, and only entities that occur enter the table.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use rayon::prelude::*;
use serde::Serialize;

use super::extract::{Extractor, RawMention, Scratch, Target};
use super::phrases::FxMap;
use super::{EntityKind, Field, Mention};

/// An entity of a corpus.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Entity {
    /// The gazetteer id, or for a discovered entity its kind and normalised name
    /// (`per:زبيغنيو-راو`).
    pub id: String,
    pub kind: EntityKind,
    /// Arabic display name.
    pub name: String,
    pub name_en: Option<String>,
    /// Spellings seen in the corpus, in order of first appearance.
    pub aliases: Vec<String>,
    /// Found by a context pattern, not in the gazetteer.
    pub discovered: bool,
    /// Number of documents that mention it.
    pub articles: u32,
    /// Number of mentions.
    pub mentions: u32,
}

/// The entities of a corpus; `Mention::entity` indexes `entities`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct EntityTable {
    pub entities: Vec<Entity>,
}

/// A mention in a text, for the `tag` command: char offsets, not bytes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TaggedMention {
    pub kind: EntityKind,
    pub id: String,
    pub name: String,
    pub name_en: Option<String>,
    pub discovered: bool,
    /// Char offsets of the mention in the text (end exclusive).
    pub start: usize,
    pub end: usize,
    pub surface: String,
}

/// Where in the corpus something was first seen: (document, field, byte offset).
type Pos = (usize, u8, u32);

fn field_rank(f: Field) -> u8 {
    match f {
        Field::Title => 0,
        Field::Body => 1,
    }
}

/// What a mention links to after corpus linking.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Link {
    Known(u32),
    New(u32),
}

fn kind_slot(kind: EntityKind) -> usize {
    match kind {
        EntityKind::Per => 0,
        EntityKind::Loc => 1,
        EntityKind::Org => 2,
    }
}

/// A discovered entity being linked.
struct NewEntity {
    kind: EntityKind,
    key: Box<str>,
    /// Merged into another discovered entity (a bare surname met before the full name).
    merged_into: Option<u32>,
}

/// Registry of discovered names and surnames, filled in corpus order.
#[derive(Default)]
struct Registry {
    news: Vec<NewEntity>,
    /// Per kind (see [`kind_slot`]), key → entity.
    by_key: [FxMap<Box<str>, u32>; 3],
    /// Surname → the person it names, or `None` when two people share it.
    surnames: FxMap<Box<str>, Option<(Link, Pos)>>,
}

impl Registry {
    fn resolve(&self, n: u32) -> u32 {
        let mut n = n;
        while let Some(m) = self.news.get(n as usize).and_then(|e| e.merged_into) {
            n = m;
        }
        n
    }

    fn new_entity(&mut self, kind: EntityKind, key: &str) -> u32 {
        let slot = kind_slot(kind);
        if let Some(&n) = self.by_key[slot].get(key) {
            return self.resolve(n);
        }
        // A one-word person name that is the surname of someone met earlier.
        if kind == EntityKind::Per && !key.contains(' ') {
            if let Some(Some((Link::New(n), _))) = self.surnames.get(key) {
                let n = self.resolve(*n);
                self.by_key[slot].insert(key.into(), n);
                return n;
            }
        }
        let n = self.news.len() as u32;
        self.news.push(NewEntity {
            kind,
            key: key.into(),
            merged_into: None,
        });
        self.by_key[slot].insert(key.into(), n);
        n
    }

    fn add_surname(&mut self, surname: &str, link: Link, pos: Pos) {
        match self.surnames.get_mut(surname) {
            None => {
                self.surnames.insert(surname.into(), Some((link, pos)));
            }
            Some(slot) => {
                if slot.is_some_and(|(l, _)| l != link) {
                    *slot = None;
                }
            }
        }
    }

    /// One-word discovered persons met before their full name: merge them into it.
    fn merge_bare_surnames(&mut self) {
        for n in 0..self.news.len() {
            let e = &self.news[n];
            if e.kind != EntityKind::Per || e.key.contains(' ') {
                continue;
            }
            if let Some(Some((Link::New(full), _))) = self.surnames.get(&e.key) {
                let full = self.resolve(*full);
                if full != n as u32 {
                    self.news[n].merged_into = Some(full);
                }
            }
        }
    }
}

/// Extracts the entities of a corpus of (title, body) documents: per document in parallel,
/// then linked across the corpus in corpus order. Mentions are byte offsets into the title
/// or body, sorted (title first).
pub fn extract_corpus(ex: &Extractor, docs: &[(&str, &str)]) -> (EntityTable, Vec<Vec<Mention>>) {
    extract_corpus_counting(ex, docs, &AtomicUsize::new(0))
}

/// Like [`extract_corpus`], adding to `done` the documents extracted as it goes (a chunk at a
/// time), for a progress display.
pub fn extract_corpus_counting(
    ex: &Extractor,
    docs: &[(&str, &str)],
    done: &AtomicUsize,
) -> (EntityTable, Vec<Vec<Mention>>) {
    // One scratch per pool thread, kept for the whole corpus: it holds the tagger's cache of
    // word types, which `map_init` would start afresh on every split of the work.
    let scratches: Vec<Mutex<Scratch>> = (0..rayon::current_num_threads())
        .map(|_| Mutex::default())
        .collect();
    let mut reg = Registry::default();
    let mut links: Vec<Vec<Linked>> = Vec::with_capacity(docs.len());
    // A chunk is extracted in parallel, then linked in corpus order before the next one: only
    // one chunk's raw mentions (with their keys, 60 bytes and more each) are ever in memory,
    // not a whole corpus's, which at a million articles was 2 GB.
    for chunk in docs.chunks(LINK_CHUNK) {
        let raw: Vec<Vec<RawMention>> = chunk
            .par_iter()
            .map(|(title, body)| {
                let slot = rayon::current_thread_index().unwrap_or(0) % scratches.len();
                // Only this thread takes this slot, so the lock is never contended; a
                // poisoned one still holds a usable cache.
                let mut guard = scratches[slot].lock().unwrap_or_else(|e| e.into_inner());
                let s = &mut *guard;
                let mut out = Vec::new();
                ex.extract_field(title, Field::Title, s, &mut out);
                ex.extract_field(body, Field::Body, s, &mut out);
                ex.find_surnames(title, body, &mut out);
                out
            })
            .collect();
        for doc_mentions in raw {
            let d = links.len();
            let linked = doc_mentions
                .iter()
                .map(|m| Linked {
                    link: link_one(&mut reg, m, d),
                    start: m.start,
                    end: m.end,
                    field: m.field,
                    alias: m.alias,
                })
                .collect();
            links.push(linked);
        }
        done.fetch_add(chunk.len(), Ordering::Relaxed);
    }
    reg.merge_bare_surnames();
    build_table(ex, &reg, docs, links)
}

/// Documents extracted between two rounds of linking.
const LINK_CHUNK: usize = 4096;

/// A mention once linked: what the table and the counts need of it.
#[derive(Clone, Copy, Debug)]
struct Linked {
    start: u32,
    end: u32,
    link: Link,
    field: Field,
    /// The surface is a spelling worth listing (see [`RawMention::alias`]).
    alias: bool,
}

/// Links one mention in corpus order. A one-word person the tagger found that is the
/// surname of a full name met earlier is that person (only where the tagger tagged it: a
/// word is never linked just because it is somebody's surname).
fn link_one(reg: &mut Registry, m: &RawMention, doc: usize) -> Link {
    let pos = (doc, field_rank(m.field), m.start);
    let link = match &m.target {
        Target::Known(n) => Link::Known(*n),
        Target::New { kind, key } => match reg.surnames.get(key) {
            Some(Some((known @ Link::Known(_), first)))
                if *kind == EntityKind::Per && *first < pos =>
            {
                *known
            }
            _ => Link::New(reg.new_entity(*kind, key)),
        },
    };
    if let Some(surname) = &m.surname {
        reg.add_surname(surname, link, pos);
    }
    link
}

fn build_table(
    ex: &Extractor,
    reg: &Registry,
    docs: &[(&str, &str)],
    mut links: Vec<Vec<Linked>>,
) -> (EntityTable, Vec<Vec<Mention>>) {
    // Serial and cheap: entities enter the table in order of first mention.
    let mut table = EntityTable::default();
    let mut slot: FxMap<Link, u32> = FxMap::default();
    for Linked { link, .. } in links.iter_mut().flatten() {
        if let Link::New(n) = *link {
            *link = Link::New(reg.resolve(n));
        }
        if !slot.contains_key(link) {
            if let Some(entity) = new_table_entity(ex, reg, *link) {
                slot.insert(*link, table.entities.len() as u32);
                table.entities.push(entity);
            }
        }
    }
    let mentions: Vec<Vec<Mention>> = links
        .par_iter()
        .map(|doc_links| {
            let mut v: Vec<Mention> = doc_links
                .iter()
                .filter_map(|m| {
                    Some(Mention {
                        entity: *slot.get(&m.link)?,
                        field: m.field,
                        start: m.start,
                        end: m.end,
                    })
                })
                .collect();
            // Kept for the life of the corpus: no spare capacity.
            v.shrink_to_fit();
            v
        })
        .collect();
    let counts = count_mentions(docs, &links, &slot, table.entities.len());
    drop(links);
    counts.fill(&mut table);
    (table, mentions)
}

/// Per entity: mentions, articles, and the spellings seen with how often and where first.
#[derive(Default)]
struct Counts<'a> {
    mentions: Vec<u32>,
    articles: Vec<u32>,
    /// (entity, surface) → how often and where first.
    aliases: FxMap<(u32, &'a str), Seen>,
}

/// How often a spelling of an entity was seen, and where first: (document, mention).
#[derive(Clone, Copy)]
struct Seen {
    times: u32,
    first: (usize, usize),
}

impl<'a> Counts<'a> {
    fn new(entities: usize) -> Self {
        Counts {
            mentions: vec![0; entities],
            articles: vec![0; entities],
            aliases: FxMap::default(),
        }
    }

    fn merge(mut self, other: Counts<'a>) -> Self {
        for (a, b) in self.mentions.iter_mut().zip(&other.mentions) {
            *a += b;
        }
        for (a, b) in self.articles.iter_mut().zip(&other.articles) {
            *a += b;
        }
        for (key, seen) in other.aliases {
            let e = self.aliases.entry(key).or_insert(Seen { times: 0, ..seen });
            e.times += seen.times;
            e.first = e.first.min(seen.first);
        }
        self
    }

    /// Sets the counts and aliases (in order of first appearance) of the table's entities,
    /// and the display names of discovered ones.
    fn fill(self, table: &mut EntityTable) {
        let mut spellings: Vec<Vec<(Seen, &str)>> = vec![Vec::new(); table.entities.len()];
        for ((e, surface), seen) in self.aliases {
            if let Some(v) = spellings.get_mut(e as usize) {
                v.push((seen, surface));
            }
        }
        for (e, ent) in table.entities.iter_mut().enumerate() {
            ent.mentions = self.mentions.get(e).copied().unwrap_or(0);
            ent.articles = self.articles.get(e).copied().unwrap_or(0);
            let Some(v) = spellings.get_mut(e) else {
                continue;
            };
            v.sort_unstable_by_key(|(seen, _)| seen.first);
            ent.aliases = v.iter().map(|(_, s)| s.to_string()).collect();
            if ent.discovered {
                if let Some(best) = display_spelling(v) {
                    ent.name = best.to_string();
                }
            }
        }
    }
}

/// Counts mentions, articles and spellings of every entity, documents in parallel.
fn count_mentions<'a>(
    docs: &[(&'a str, &'a str)],
    links: &[Vec<Linked>],
    slot: &FxMap<Link, u32>,
    entities: usize,
) -> Counts<'a> {
    links
        .par_iter()
        .enumerate()
        .fold(
            || Counts::new(entities),
            |mut c, (d, doc_links)| {
                let (title, body) = docs.get(d).copied().unwrap_or(("", ""));
                let mut seen_here: Vec<u32> = Vec::new();
                for (k, m) in doc_links.iter().enumerate() {
                    let Some(&e) = slot.get(&m.link) else {
                        continue;
                    };
                    if let Some(n) = c.mentions.get_mut(e as usize) {
                        *n += 1;
                    }
                    if !seen_here.contains(&e) {
                        seen_here.push(e);
                        if let Some(n) = c.articles.get_mut(e as usize) {
                            *n += 1;
                        }
                    }
                    let text = if m.field == Field::Title { title } else { body };
                    let surface = text.get(m.start as usize..m.end as usize).unwrap_or("");
                    if m.alias && !surface.is_empty() {
                        let seen = c.aliases.entry((e, surface)).or_insert(Seen {
                            times: 0,
                            first: (d, k),
                        });
                        seen.times += 1;
                    }
                }
                c
            },
        )
        .reduce(|| Counts::new(entities), Counts::merge)
}

/// The table entry of an entity, without counts.
fn new_table_entity(ex: &Extractor, reg: &Registry, link: Link) -> Option<Entity> {
    let entity = match link {
        Link::Known(n) => {
            let d = ex.defs.get(n as usize)?;
            Entity {
                id: d.id.clone(),
                kind: d.kind,
                name: d.name.clone(),
                name_en: d.name_en.clone(),
                aliases: Vec::new(),
                discovered: false,
                articles: 0,
                mentions: 0,
            }
        }
        Link::New(n) => {
            let e = reg.news.get(n as usize)?;
            Entity {
                id: discovered_id(e.kind, &e.key),
                kind: e.kind,
                name: String::new(),
                name_en: None,
                aliases: Vec::new(),
                discovered: true,
                articles: 0,
                mentions: 0,
            }
        }
    };
    Some(entity)
}

/// `per:زبيغنيو-راو`: kind and normalised name, words joined by `-`.
fn discovered_id(kind: EntityKind, key: &str) -> String {
    let prefix = match kind {
        EntityKind::Per => "per",
        EntityKind::Loc => "loc",
        EntityKind::Org => "org",
    };
    let slug: Vec<&str> = key.split(' ').map(|w| w.trim_start_matches('@')).collect();
    format!("{prefix}:{}", slug.join("-"))
}

/// The display name of a discovered entity among its spellings (in order of first
/// appearance): a full name rather than a bare surname, then the most frequent, then the
/// first seen.
fn display_spelling<'a>(spellings: &[(Seen, &'a str)]) -> Option<&'a str> {
    spellings
        .iter()
        .enumerate()
        .max_by_key(|(k, (seen, s))| {
            let words = s.split_whitespace().count().min(2);
            (words, seen.times, std::cmp::Reverse(*k))
        })
        .map(|(_, (_, s))| *s)
}

/// Finds the entities of one text, for the `tag` command. Surnames link to full names met
/// earlier in the same text.
pub fn tag(ex: &Extractor, text: &str) -> Vec<TaggedMention> {
    let (table, mentions) = extract_corpus(ex, &[("", text)]);
    let mut out = Vec::new();
    let mut chars = text.char_indices().enumerate().peekable();
    for m in mentions.into_iter().flatten() {
        let Some(e) = table.entities.get(m.entity as usize) else {
            continue;
        };
        let start = char_offset(&mut chars, m.start as usize, text);
        let end = start
            + text
                .get(m.start as usize..m.end as usize)
                .map_or(0, |s| s.chars().count());
        out.push(TaggedMention {
            kind: e.kind,
            id: e.id.clone(),
            name: e.name.clone(),
            name_en: e.name_en.clone(),
            discovered: e.discovered,
            start,
            end,
            surface: text
                .get(m.start as usize..m.end as usize)
                .unwrap_or("")
                .to_string(),
        });
    }
    out
}

/// The char index of byte offset `byte`, advancing a shared iterator (mentions are sorted).
fn char_offset(
    chars: &mut std::iter::Peekable<std::iter::Enumerate<std::str::CharIndices<'_>>>,
    byte: usize,
    text: &str,
) -> usize {
    while let Some(&(ci, (bi, _))) = chars.peek() {
        if bi >= byte {
            return ci;
        }
        chars.next();
    }
    text.chars().count()
}

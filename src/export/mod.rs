//! Export of a filtered set of articles, with metadata and entities, as JSONL, CSV, text or
//! OpenSearch `_bulk` NDJSON. Written to a temp file and renamed; never inside the corpus.

pub mod opensearch;

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use serde::Serialize;

use crate::corpus::Article;
use crate::entities::EntityKind;
use crate::library::Library;
use crate::report::{format_date, Row};

#[derive(
    Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum, serde::Deserialize, serde::Serialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Jsonl,
    Csv,
    Txt,
    /// Elasticsearch / OpenSearch `_bulk` NDJSON (see `--mapping`).
    Opensearch,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::Jsonl => "jsonl",
            Format::Csv => "csv",
            Format::Txt => "txt",
            Format::Opensearch => "ndjson",
        }
    }

    /// Every format, in the order the explorer offers them.
    pub const ALL: [Format; 4] = [Format::Jsonl, Format::Csv, Format::Txt, Format::Opensearch];

    pub fn name(self) -> &'static str {
        match self {
            Format::Jsonl => "jsonl",
            Format::Csv => "csv",
            Format::Txt => "txt",
            Format::Opensearch => "opensearch",
        }
    }
}

#[derive(Serialize)]
struct EntityRef<'a> {
    id: &'a str,
    kind: EntityKind,
    name: &'a str,
}

#[derive(Serialize)]
struct Exported<'a> {
    #[serde(flatten)]
    row: Row<'a>,
    entities: Vec<EntityRef<'a>>,
    body: &'a str,
}

fn entities_of<'a>(lib: &'a Library, i: u32) -> Vec<EntityRef<'a>> {
    lib.index
        .entities_of(i)
        .iter()
        .filter_map(|&e| lib.entities().entities.get(e as usize))
        .map(|e| EntityRef {
            id: &e.id,
            kind: e.kind,
            name: &e.name,
        })
        .collect()
}

/// Refuses an output path inside the corpus folder (or the corpus file itself).
pub fn check_outside_corpus(out: &Path, corpus_root: &Path) -> Result<()> {
    let Ok(root) = corpus_root.canonicalize() else {
        return Ok(()); // the embedded corpus has no folder
    };
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let dir = parent
        .canonicalize()
        .with_context(|| format!("{}: no such folder", parent.display()))?;
    let named = dir.join(out.file_name().unwrap_or_default());
    // An existing link is judged by where it points; and a path through a link inside the
    // corpus is inside it too, wherever the link points, since the loader follows links.
    let target = named.canonicalize().unwrap_or(named);
    let lexical = std::path::absolute(out).unwrap_or_else(|_| out.to_path_buf());
    let lexical_root = std::path::absolute(corpus_root).unwrap_or_else(|_| root.clone());
    let inside = |p: &Path| p == root || p.starts_with(&root) || p.starts_with(&lexical_root);
    if inside(&target) || inside(&lexical) {
        bail!(
            "{}: refusing to write inside the corpus ({}); choose another -o",
            out.display(),
            root.display()
        );
    }
    Ok(())
}

/// Writes the articles `ids` of `lib` to `out` (`_bulk` lines name the default index).
pub fn write(lib: &Library, ids: &[u32], format: Format, out: &Path) -> Result<()> {
    write_to_index(lib, ids, format, out, opensearch::DEFAULT_INDEX)
}

/// As `write`, with the index name the `_bulk` action lines give.
pub fn write_to_index(
    lib: &Library,
    ids: &[u32],
    format: Format,
    out: &Path,
    index: &str,
) -> Result<()> {
    check_outside_corpus(out, &lib.corpus.root)?;
    let bytes = match format {
        Format::Jsonl => jsonl(lib, ids)?,
        Format::Csv => csv(lib, ids)?,
        Format::Txt => txt(lib, ids).into_bytes(),
        Format::Opensearch => opensearch::bulk(lib, ids, index)?,
    };
    crate::persist::write_atomic(out, &bytes)
}

fn articles<'a>(lib: &'a Library, ids: &'a [u32]) -> impl Iterator<Item = (u32, &'a Article)> {
    ids.iter()
        .filter_map(|&i| Some((i, lib.articles().get(i as usize)?)))
}

fn jsonl(lib: &Library, ids: &[u32]) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    for (i, a) in articles(lib, ids) {
        let rec = Exported {
            row: Row::new(a),
            entities: entities_of(lib, i),
            body: &a.body,
        };
        serde_json::to_writer(&mut out, &rec)?;
        out.push(b'\n');
    }
    Ok(out)
}

const CSV_HEADER: [&str; 13] = [
    "id",
    "title",
    "date",
    "date_precision",
    "date_inferred",
    "source",
    "agency",
    "byline",
    "place",
    "url",
    "file",
    "entities",
    "body",
];

fn csv(lib: &Library, ids: &[u32]) -> Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(CSV_HEADER)?;
    for (i, a) in articles(lib, ids) {
        let r = Row::new(a);
        let ents: Vec<&str> = entities_of(lib, i).iter().map(|e| e.name).collect();
        let precision = a.date.map(|d| format!("{:?}", d.precision).to_lowercase());
        w.write_record([
            r.id,
            r.title,
            r.date.as_deref().unwrap_or(""),
            precision.as_deref().unwrap_or(""),
            if r.date_inferred { "true" } else { "false" },
            r.source.unwrap_or(""),
            r.agency.unwrap_or(""),
            r.byline.unwrap_or(""),
            r.place.unwrap_or(""),
            r.url.unwrap_or(""),
            &r.file,
            &ents.join("; "),
            &a.body,
        ])?;
    }
    w.into_inner()
        .map_err(|e| anyhow::anyhow!("cannot write CSV: {e}"))
}

fn txt(lib: &Library, ids: &[u32]) -> String {
    let mut out = String::new();
    for (_, a) in articles(lib, ids) {
        let date = a
            .date
            .map(|d| format_date(d.date, d.precision))
            .unwrap_or_else(|| "undated".into());
        out += &format!(
            "{}\n{} | {} | {}\n\n{}\n\n\n",
            a.title,
            a.id,
            date,
            a.source.as_deref().unwrap_or("-"),
            a.body.replace('\n', "\n\n")
        );
    }
    out
}

/// A fresh file name for an export from the explorer: `akhbar-export-20260101-120000.jsonl`.
/// A file name for an export from the explorer that no file in `dir` has yet: the time,
/// then `-2`, `-3`… for a second export within the same second.
pub fn default_name(dir: &Path, format: Format) -> PathBuf {
    let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S");
    let ext = format.extension();
    let first = dir.join(format!("akhbar-export-{stamp}.{ext}"));
    if !first.exists() {
        return first;
    }
    (2..)
        .map(|n| dir.join(format!("akhbar-export-{stamp}-{n}.{ext}")))
        .find(|p| !p.exists())
        .unwrap_or(first)
}

//! A deterministic generator of large synthetic corpora, for benchmarks and scale tests.
//!
//! Articles are recombined from real material: the titles, paragraphs, sources, agencies,
//! places and authors of the default corpus and of any corpus given. Dates are spread over
//! several years. The output is a folder of `.txt` files (sharded into subfolders of at most
//! [`SHARD_SIZE`] files, with an Arabic dateline) or one `.jsonl` file (with an ISO `date`).
//!
//! Pure apart from writing the output: the same material and seed give byte-identical output,
//! and articles are written as they are made, so a million of them never sit in memory.

use std::fs::{self, File};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use chrono::{Datelike, Duration, NaiveDate};
use serde::Serialize;

use super::clean::RawArticle;
use super::{embedded, load, Article, LoadOptions, Rules};
use crate::arabic::dates::{EGYPTIAN_MONTHS, LEVANTINE_MONTHS, TUNISIAN_MONTHS};

/// At most this many `.txt` files per subfolder.
pub const SHARD_SIZE: u64 = 1000;

/// The output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Txt,
    Jsonl,
}

/// What to generate and where (also the options of the hidden `akhbar generate`).
#[derive(Clone, Debug, clap::Args)]
pub struct Options {
    #[arg(long)]
    pub articles: u64,
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    #[arg(long, value_enum)]
    pub format: Format,
    /// A folder (txt) or a file (jsonl)
    #[arg(long)]
    pub out: PathBuf,
    /// A corpus whose titles, paragraphs and names are added to the default corpus's; repeatable
    #[arg(long)]
    pub from_corpus: Vec<PathBuf>,
    /// Add paragraphs until each body has this many bytes (0: the real counts; agency copy
    /// runs to 2-3 KB)
    #[arg(long, default_value_t = 0)]
    pub min_body_bytes: usize,
}

/// What was written.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Summary {
    pub articles: u64,
    pub files: u64,
    pub bytes: u64,
}

/// SplitMix64: ten lines, good enough statistics for shuffling text, and no dependency whose
/// output could change between versions (which would break byte-identical output).
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0), by multiply-shift (Lemire): no modulo bias worth
    /// the name, and no division.
    pub fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    /// True with probability `percent`/100.
    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        items.get(self.below(items.len()))
    }
}

/// Outlets and agencies added to those of the corpora, so that the source facet has more than
/// the two or three names the sample corpora carry.
const EXTRA_SOURCES: &[&str] = &[
    "الجزيرة نت",
    "العربية نت",
    "الشرق الأوسط",
    "اليوم السابع",
    "هسبريس",
    "الخليج",
    "القدس العربي",
    "النهار",
];
const EXTRA_AGENCIES: &[&str] = &[
    "رويترز",
    "فرانس برس",
    "الأناضول",
    "وكالة الأنباء الألمانية",
    "وات",
    "سبوتنيك",
];

/// Month names in the three naming systems news sites use: Egyptian, Levantine, Maghrebi.
const MONTHS: [[&str; 12]; 3] = [EGYPTIAN_MONTHS, LEVANTINE_MONTHS, TUNISIAN_MONTHS];

/// Dates are drawn uniformly from this many days starting on [`first_day`] (about 11 years).
const DAYS_SPAN: i64 = 4018;

fn first_day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2013, 1, 1).unwrap_or_default()
}

/// The real text the generator recombines.
#[derive(Clone, Debug, Default)]
pub struct Material {
    pub titles: Vec<Vec<String>>,
    /// First paragraphs, which read as leads.
    pub leads: Vec<String>,
    pub paragraphs: Vec<String>,
    /// Paragraph count of each source article, to draw realistic lengths from.
    pub paragraph_counts: Vec<usize>,
    pub sources: Vec<String>,
    pub agencies: Vec<String>,
    pub places: Vec<String>,
    pub authors: Vec<String>,
}

impl Material {
    /// The default corpus's material and that of every corpus in `paths`.
    pub fn load(paths: &[PathBuf]) -> Result<Material> {
        let rules = Rules::builtin()?;
        let mut m = Material::default();
        m.add(&embedded::articles(&rules));
        let opts = LoadOptions::new(rules);
        for p in paths {
            let corpus = load(p, &opts).with_context(|| format!("reading {}", p.display()))?;
            m.add(&corpus.articles);
        }
        m.sources
            .extend(EXTRA_SOURCES.iter().map(|s| s.to_string()));
        m.agencies
            .extend(EXTRA_AGENCIES.iter().map(|s| s.to_string()));
        m.finish();
        Ok(m)
    }

    /// Adds the material of some articles (in their order, so the result is deterministic).
    pub fn add(&mut self, articles: &[Article]) {
        for a in articles {
            let words: Vec<String> = a.title.split_whitespace().map(str::to_string).collect();
            if !words.is_empty() {
                self.titles.push(words);
            }
            let paras: Vec<&str> = a.paragraphs().collect();
            if let Some(first) = paras.first() {
                self.leads.push(first.to_string());
            }
            self.paragraphs.extend(paras.iter().map(|p| p.to_string()));
            self.paragraph_counts.push(paras.len().max(1));
            let slots = [
                (&mut self.sources, &a.source),
                (&mut self.agencies, &a.agency),
                (&mut self.places, &a.place),
                (&mut self.authors, &a.author),
            ];
            for (pool, value) in slots {
                pool.extend(value.iter().cloned());
            }
        }
    }

    /// Names are kept once each (sorted, for determinism), so that one prolific outlet does not
    /// drown the others.
    fn finish(&mut self) {
        for pool in [
            &mut self.sources,
            &mut self.agencies,
            &mut self.places,
            &mut self.authors,
        ] {
            pool.sort();
            pool.dedup();
        }
    }

    fn is_usable(&self) -> bool {
        !self.titles.is_empty() && !self.paragraphs.is_empty() && !self.sources.is_empty()
    }
}

/// One generated article, before it is written.
#[derive(Clone, Debug, Serialize)]
pub struct Generated {
    pub id: String,
    pub title: String,
    pub date: NaiveDate,
    pub source: String,
    pub agency: String,
    #[serde(skip)]
    pub byline: Option<(String, String)>,
    #[serde(skip)]
    pub month_names: usize,
    #[serde(skip)]
    pub paragraphs: Vec<String>,
}

/// The JSONL record: the fields the loader reads, ISO date.
#[derive(Serialize)]
struct JsonRecord<'a> {
    id: &'a str,
    title: &'a str,
    date: String,
    source: &'a str,
    agency: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    place: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    author: Option<&'a str>,
    body: String,
}

impl Generated {
    /// The dateline the way the default corpus writes it: `(SOURCE / AGENCY - 16 فبراير 2022ء)`.
    pub fn dateline(&self) -> String {
        let months = &MONTHS[self.month_names % MONTHS.len()];
        let month = months[self.date.month0() as usize % 12];
        format!(
            "({} / {} - {} {} {}ء)",
            self.source,
            self.agency,
            self.date.day(),
            month,
            self.date.year()
        )
    }

    /// The `.txt` file: title, blank line, optional byline, dateline opening the first
    /// paragraph, paragraphs separated by blank lines.
    pub fn to_txt(&self) -> String {
        let mut s = format!("{}\n\n", self.title);
        if let Some((place, author)) = &self.byline {
            s += &format!("{place} ـ {author}\n");
        }
        let mut paras = self.paragraphs.iter();
        if let Some(first) = paras.next() {
            s += &format!("{} {}\n", self.dateline(), first);
        }
        for p in paras {
            s += &format!("\n{p}\n");
        }
        s
    }

    /// One JSONL line (without the newline).
    pub fn to_jsonl(&self) -> Result<String> {
        let rec = JsonRecord {
            id: &self.id,
            title: &self.title,
            date: self.date.format("%Y-%m-%d").to_string(),
            source: &self.source,
            agency: &self.agency,
            place: self.byline.as_ref().map(|b| b.0.as_str()),
            author: self.byline.as_ref().map(|b| b.1.as_str()),
            body: self.paragraphs.join("\n"),
        };
        Ok(serde_json::to_string(&rec)?)
    }

    /// The record the JSONL loader would build, for benchmarks that skip the disk.
    pub fn to_raw(&self) -> RawArticle {
        RawArticle {
            id: self.id.clone(),
            title: Some(self.title.clone()),
            body: self.paragraphs.join("\n"),
            date: Some(self.date.format("%Y-%m-%d").to_string()),
            source: Some(self.source.clone()),
            agency: Some(self.agency.clone()),
            place: self.byline.as_ref().map(|b| b.0.clone()),
            author: self.byline.as_ref().map(|b| b.1.clone()),
            ..RawArticle::default()
        }
    }
}

/// An endless, deterministic stream of articles made from `material`.
pub struct Generator<'a> {
    material: &'a Material,
    rng: Rng,
    next: u64,
    min_body_bytes: usize,
}

impl<'a> Generator<'a> {
    pub fn new(material: &'a Material, seed: u64) -> Result<Generator<'a>> {
        if !material.is_usable() {
            bail!("the generator needs at least one article with a title, a body and a source");
        }
        Ok(Generator {
            material,
            rng: Rng::new(seed),
            next: 0,
            min_body_bytes: 0,
        })
    }

    /// Bodies of at least `n` bytes: paragraphs are added until they are that long.
    pub fn with_min_body_bytes(self, n: usize) -> Generator<'a> {
        Generator {
            min_body_bytes: n,
            ..self
        }
    }

    fn title(&mut self) -> String {
        let m = self.material;
        let a = self.rng.pick(&m.titles).cloned().unwrap_or_default();
        // Most titles are a real one; the rest splice the head of one onto the tail of
        // another at a word boundary, keeping the first one's length.
        if a.len() < 4 || self.rng.chance(40) {
            return a.join(" ");
        }
        let b = self.rng.pick(&m.titles).cloned().unwrap_or_default();
        let cut = 1 + self.rng.below(a.len() - 1);
        let tail = (a.len() - cut).min(b.len());
        let mut words: Vec<String> = a[..cut].to_vec();
        words.extend_from_slice(&b[b.len() - tail..]);
        words.join(" ")
    }

    fn paragraphs(&mut self) -> Vec<String> {
        let m = self.material;
        let n = self.rng.pick(&m.paragraph_counts).copied().unwrap_or(1);
        // Vary around the real count so that lengths are not just the source's few values.
        let n = (n + self.rng.below(3)).saturating_sub(1).clamp(1, 40);
        let mut out = Vec::with_capacity(n);
        out.extend(self.rng.pick(&m.leads).cloned());
        let mut bytes: usize = out.iter().map(String::len).sum();
        while out.len() < n || (bytes < self.min_body_bytes && out.len() < 400) {
            let Some(p) = self.rng.pick(&m.paragraphs).cloned() else {
                break;
            };
            bytes += p.len();
            out.push(p);
        }
        out
    }

    fn name(&mut self, pool: &[String]) -> String {
        self.rng.pick(pool).cloned().unwrap_or_default()
    }

    fn byline(&mut self) -> Option<(String, String)> {
        let m = self.material;
        if m.places.is_empty() || m.authors.is_empty() || !self.rng.chance(10) {
            return None;
        }
        Some((self.name(&m.places), self.name(&m.authors)))
    }

    fn month_names(&mut self) -> usize {
        match self.rng.below(10) {
            0..=6 => 0,
            7 | 8 => 1,
            _ => 2,
        }
    }
}

impl Iterator for Generator<'_> {
    type Item = Generated;

    fn next(&mut self) -> Option<Generated> {
        let i = self.next;
        self.next += 1;
        let id = format!("{i:07}_{:016x}", self.rng.next_u64());
        let date = first_day() + Duration::days(self.rng.below(DAYS_SPAN as usize) as i64);
        let m = self.material;
        Some(Generated {
            id,
            title: self.title(),
            date,
            source: self.name(&m.sources),
            agency: self.name(&m.agencies),
            byline: self.byline(),
            month_names: self.month_names(),
            paragraphs: self.paragraphs(),
        })
    }
}

/// Generates the corpus `opts` describes.
pub fn run(opts: &Options) -> Result<Summary> {
    let material = Material::load(&opts.from_corpus)?;
    write(&material, opts)
}

/// Writes `opts.articles` articles made from `material`.
pub fn write(material: &Material, opts: &Options) -> Result<Summary> {
    let articles = Generator::new(material, opts.seed)?
        .with_min_body_bytes(opts.min_body_bytes)
        .take(opts.articles as usize);
    match opts.format {
        Format::Txt => write_txt(&opts.out, articles),
        Format::Jsonl => write_jsonl(&opts.out, articles),
    }
}

fn write_txt(dir: &Path, articles: impl Iterator<Item = Generated>) -> Result<Summary> {
    let mut sum = Summary::default();
    for (i, a) in articles.enumerate() {
        let shard = dir.join(format!("{:04}", i as u64 / SHARD_SIZE));
        if (i as u64).is_multiple_of(SHARD_SIZE) {
            fs::create_dir_all(&shard).with_context(|| format!("creating {}", shard.display()))?;
        }
        let path = shard.join(format!("{}.txt", a.id));
        let text = a.to_txt();
        fs::write(&path, &text).with_context(|| format!("writing {}", path.display()))?;
        sum.articles += 1;
        sum.files += 1;
        sum.bytes += text.len() as u64;
    }
    Ok(sum)
}

fn write_jsonl(path: &Path, articles: impl Iterator<Item = Generated>) -> Result<Summary> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
    }
    let file = File::create(path).with_context(|| format!("creating {}", path.display()))?;
    let mut out = BufWriter::with_capacity(1 << 20, file);
    let mut sum = Summary {
        files: 1,
        ..Summary::default()
    };
    for a in articles {
        let line = a.to_jsonl()?;
        writeln!(out, "{line}").with_context(|| format!("writing {}", path.display()))?;
        sum.articles += 1;
        sum.bytes += line.len() as u64 + 1;
    }
    out.flush()
        .with_context(|| format!("writing {}", path.display()))?;
    Ok(sum)
}

//! Headless views: the rows, records and statistics the command line prints, as text or JSON,
//! and the JSON reports of the analysis commands (timeline, cooccur, kwic, dups).

use std::collections::BTreeMap;

use serde::Serialize;

use crate::analysis::{
    Cooccurrence, DupOptions, DupReport, KwicRow, KwicSort, MonthCount, PairSimilarity, Timeline,
};
use crate::arabic::dates::Precision;
use crate::corpus::{Article, DateSource, Skipped};
use crate::entities::EntityKind;
use crate::library::Library;

/// One article as `list` shows it.
#[derive(Debug, Serialize)]
pub struct Row<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub source: Option<&'a str>,
    pub agency: Option<&'a str>,
    pub byline: Option<&'a str>,
    pub place: Option<&'a str>,
    pub date: Option<String>,
    pub date_precision: Option<Precision>,
    pub date_inferred: bool,
    /// metadata | dateline | path | text
    pub date_source: Option<DateSource>,
    pub url: Option<&'a str>,
    pub file: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
}

impl<'a> Row<'a> {
    pub fn new(a: &'a Article) -> Row<'a> {
        Row {
            id: &a.id,
            title: &a.title,
            source: a.source.as_deref(),
            agency: a.agency.as_deref(),
            byline: a.author.as_deref(),
            place: a.place.as_deref(),
            date: a.date.map(|d| format_date(d.date, d.precision)),
            date_precision: a.date.map(|d| d.precision),
            date_inferred: a.date.is_some_and(|d| d.inferred),
            date_source: a.date_source,
            url: a.url.as_deref(),
            file: a.origin.path.display().to_string(),
            line: a.origin.line,
        }
    }
}

/// `cache       3 of 3 files from ~/.cache/akhbar/corpus-….bin` and what went wrong.
fn cache_line(c: &crate::library::CacheUse) -> String {
    let Some(file) = &c.file else {
        return "cache       off\n".into();
    };
    let mut line = format!(
        "cache       {} of {} files from {}",
        c.reused_files,
        c.files,
        safe_text(&file.display().to_string())
    );
    if c.written {
        line += "; written";
    }
    if let Some(note) = &c.note {
        line += &format!(" ({})", safe_text(note));
    }
    line + "\n"
}

/// `2022-02-16`, `2022-01` or `2022` as precise as the date is known.
pub fn format_date(d: chrono::NaiveDate, p: Precision) -> String {
    match p {
        Precision::Day => d.format("%Y-%m-%d").to_string(),
        Precision::Month => d.format("%Y-%m").to_string(),
        Precision::Year => d.format("%Y").to_string(),
    }
}

/// The date with where it came from, as the body header and `show` print it:
/// `2017-01-25 (path)`.
pub fn date_with_source(a: &Article) -> String {
    match a.date_source {
        Some(s) if a.date.is_some() => format!("{} ({})", date_label(a), s.name()),
        _ => date_label(a),
    }
}

/// The date as the list shows it: inferred dates carry a `~`.
pub fn date_label(a: &Article) -> String {
    match a.date {
        Some(d) if d.inferred => format!("~{}", format_date(d.date, d.precision)),
        Some(d) => format_date(d.date, d.precision),
        None => "undated".into(),
    }
}

/// One article in full, as `show` prints it.
#[derive(Debug, Serialize)]
pub struct Record<'a> {
    #[serde(flatten)]
    pub row: Row<'a>,
    pub paragraphs: Vec<&'a str>,
    pub body: &'a str,
}

impl<'a> Record<'a> {
    pub fn new(a: &'a Article) -> Record<'a> {
        Record {
            row: Row::new(a),
            paragraphs: a.paragraphs().collect(),
            body: &a.body,
        }
    }
}

/// Corpus statistics for `stats`.
#[derive(Debug, Serialize)]
pub struct Stats<'a> {
    pub path: String,
    pub articles: usize,
    pub files: usize,
    pub bytes: u64,
    pub ignored_files: usize,
    pub dated: usize,
    pub inferred_dates: usize,
    pub undated: usize,
    /// Dated articles by where the date came from.
    pub date_sources: BTreeMap<&'static str, usize>,
    pub first_date: Option<String>,
    pub last_date: Option<String>,
    pub sources: BTreeMap<&'a str, usize>,
    pub load_ms: f64,
    /// Indexing titles and dates after the load. The explorer shows the corpus after this.
    pub index_ms: f64,
    /// Entity extraction after the load: what entities add to the time to open the corpus for
    /// a headless command. The explorer does it beside its first frame instead.
    pub extract_ms: f64,
    /// Reading the gazetteer, on its own thread while the corpus loads.
    pub gazetteer_ms: f64,
    /// What the corpus cache did for this open.
    pub cache: &'a crate::library::CacheUse,
    /// The entities were read from the cache.
    pub entities_cached: bool,
    pub skipped: &'a [Skipped],
    /// Loaded, with something to know: invalid UTF-8 bytes replaced by U+FFFD.
    pub notes: &'a [Skipped],
}

impl<'a> Stats<'a> {
    pub fn new(lib: &'a Library) -> Stats<'a> {
        let c = &lib.corpus;
        let dates: Vec<_> = c.articles.iter().filter_map(|a| a.date).collect();
        let mut sources = BTreeMap::new();
        for a in &c.articles {
            *sources
                .entry(a.source.as_deref().unwrap_or("(unknown)"))
                .or_insert(0) += 1;
        }
        let mut date_sources = BTreeMap::new();
        for s in c
            .articles
            .iter()
            .filter(|a| a.date.is_some())
            .filter_map(|a| a.date_source)
        {
            *date_sources.entry(s.name()).or_insert(0) += 1;
        }
        Stats {
            date_sources,
            path: c.root.display().to_string(),
            articles: c.articles.len(),
            files: c.files,
            bytes: c.bytes,
            ignored_files: c.ignored_files,
            dated: dates.len(),
            inferred_dates: dates.iter().filter(|d| d.inferred).count(),
            undated: c.articles.len() - dates.len(),
            first_date: dates.iter().map(|d| d.date).min().map(|d| d.to_string()),
            last_date: dates.iter().map(|d| d.date).max().map(|d| d.to_string()),
            sources,
            load_ms: c.load_time.as_secs_f64() * 1e3,
            index_ms: lib.index_time.as_secs_f64() * 1e3,
            extract_ms: lib.extract_time().unwrap_or_default().as_secs_f64() * 1e3,
            gazetteer_ms: lib.gazetteer_time.as_secs_f64() * 1e3,
            cache: &lib.cache,
            entities_cached: lib.entities_from_cache(),
            skipped: &c.skipped,
            notes: &c.notes,
        }
    }

    /// The human-readable form.
    pub fn text(&self) -> String {
        let mut out = format!(
            "corpus      {}\narticles    {} (from {} files, {:.1} MB; {} other files ignored)\n",
            self.path,
            self.articles,
            self.files,
            self.bytes as f64 / 1e6,
            self.ignored_files
        );
        out += &format!(
            "dates       {} dated ({} inferred), {} undated; range {} .. {}\n",
            self.dated,
            self.inferred_dates,
            self.undated,
            self.first_date.as_deref().unwrap_or("-"),
            self.last_date.as_deref().unwrap_or("-")
        );
        let from: Vec<String> = self
            .date_sources
            .iter()
            .map(|(s, n)| format!("{s} {n}"))
            .collect();
        out += &format!(
            "date from   {}\n",
            if from.is_empty() {
                "-".to_string()
            } else {
                from.join(", ")
            }
        );
        out += &format!(
            "load        {:.1} ms, index {:.1} ms (the explorer opens here); entities {:.1} ms \
             (beside the explorer; gazetteer {:.1} ms during the load)\nsources\n",
            self.load_ms, self.index_ms, self.extract_ms, self.gazetteer_ms
        );
        for (s, n) in &self.sources {
            out += &format!("  {n:>8}  {s}\n");
        }
        out += &cache_line(self.cache);
        if self.entities_cached {
            out += "            entities from the cache\n";
        }
        out += &format!("skipped     {}\n", self.skipped.len());
        for s in self.skipped {
            out += &format!("  {s}\n");
        }
        if !self.notes.is_empty() {
            out += &format!("loaded with a note {}\n", self.notes.len());
            for s in self.notes {
                out += &format!("  {s}\n");
            }
        }
        out
    }
}

/// An entity as the analysis commands print it.
#[derive(Debug, Serialize)]
pub struct EntityRef<'a> {
    pub id: &'a str,
    pub kind: EntityKind,
    pub name: &'a str,
    pub name_en: Option<&'a str>,
}

impl<'a> EntityRef<'a> {
    /// Entity number `e` of the library; `None` if it has no such entity.
    pub fn new(lib: &'a Library, e: u32) -> Option<EntityRef<'a>> {
        lib.entities().entities.get(e as usize).map(|x| EntityRef {
            id: &x.id,
            kind: x.kind,
            name: &x.name,
            name_en: x.name_en.as_deref(),
        })
    }
}

/// `timeline --json`: articles per month that mention an entity.
#[derive(Debug, Serialize)]
pub struct TimelineReport<'a> {
    pub entity: Option<EntityRef<'a>>,
    pub articles: u32,
    pub undated: u32,
    pub months: &'a [MonthCount],
}

impl<'a> TimelineReport<'a> {
    pub fn new(lib: &'a Library, t: &'a Timeline) -> TimelineReport<'a> {
        TimelineReport {
            entity: EntityRef::new(lib, t.entity),
            articles: t.articles,
            undated: t.undated,
            months: &t.months,
        }
    }
}

/// `cooccur --json`: the partners of an entity.
#[derive(Debug, Serialize)]
pub struct CooccurReport<'a> {
    pub entity: Option<EntityRef<'a>>,
    pub articles: u32,
    pub entity_articles: u32,
    /// Always `signed log-likelihood G2`: says what `score` is.
    pub measure: &'static str,
    pub min_count: u32,
    pub partners: Vec<PartnerRow<'a>>,
}

/// One partner in [`CooccurReport`]: the entity's fields, then its figures.
#[derive(Debug, Serialize)]
pub struct PartnerRow<'a> {
    #[serde(flatten)]
    pub entity: Option<EntityRef<'a>>,
    pub count: u32,
    pub partner_articles: u32,
    pub expected: f64,
    pub score: f64,
    pub pmi: f64,
}

impl<'a> CooccurReport<'a> {
    /// `min_count` is the option asked for; 0 counts as 1, as in the analysis.
    pub fn new(lib: &'a Library, c: &Cooccurrence, min_count: u32) -> CooccurReport<'a> {
        let partners = c
            .partners
            .iter()
            .map(|p| PartnerRow {
                entity: EntityRef::new(lib, p.entity),
                count: p.count,
                partner_articles: p.partner_articles,
                expected: p.expected,
                score: p.score,
                pmi: p.pmi,
            })
            .collect();
        CooccurReport {
            entity: EntityRef::new(lib, c.entity),
            articles: c.articles,
            entity_articles: c.entity_articles,
            measure: "signed log-likelihood G2",
            min_count: min_count.max(1),
            partners,
        }
    }
}

/// `kwic --json`: every hit of a term or entity, with its context.
#[derive(Debug, Serialize)]
pub struct KwicReport<'a> {
    pub term: &'a str,
    /// The entity the term names, if it names one (else the term was searched as text).
    pub entity: Option<EntityRef<'a>>,
    pub sort: KwicSort,
    pub width: usize,
    pub rows: Vec<KwicLine<'a>>,
}

/// One hit in [`KwicReport`]: byte offsets of the hit in the body, and the texts.
#[derive(Debug, Serialize)]
pub struct KwicLine<'a> {
    pub id: &'a str,
    pub article: u32,
    pub paragraph: u32,
    pub start: u32,
    pub end: u32,
    pub left: &'a str,
    pub hit: &'a str,
    pub right: &'a str,
    pub sentence: &'a str,
}

impl<'a> KwicLine<'a> {
    /// The line of `row`, a hit in one of `articles`.
    pub fn new(articles: &'a [Article], row: &KwicRow) -> KwicLine<'a> {
        let article = articles.get(row.article as usize);
        let body = article.map_or("", |a| a.body.as_str());
        KwicLine {
            id: article.map_or("", |a| a.id.as_str()),
            article: row.article,
            paragraph: row.paragraph,
            start: row.hit.start,
            end: row.hit.end,
            left: row.left_text(body),
            hit: row.hit_text(body),
            right: row.right_text(body),
            sentence: row.sentence_text(body),
        }
    }
}

/// `dups --json`: the near-duplicate clusters, and with `--pairs` the figures of every pair.
#[derive(Debug, Serialize)]
pub struct DupsReport<'a> {
    pub options: &'a DupOptions,
    pub articles: u32,
    pub candidates: u64,
    pub verified: u64,
    pub clusters: Vec<DupCluster<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub pairs: Vec<DupPair<'a>>,
}

/// One cluster in [`DupsReport`], with its members' ids rather than article numbers alone.
#[derive(Debug, Serialize)]
pub struct DupCluster<'a> {
    pub id: u32,
    pub representative: &'a str,
    pub members: Vec<DupMember<'a>>,
    pub pairs: Vec<DupPair<'a>>,
}

/// One member of a [`DupCluster`].
#[derive(Debug, Serialize)]
pub struct DupMember<'a> {
    pub id: &'a str,
    pub article: u32,
    pub date: Option<String>,
    pub title: &'a str,
}

/// The figures of two articles, with their ids.
#[derive(Debug, Serialize)]
pub struct DupPair<'a> {
    pub id_a: &'a str,
    pub id_b: &'a str,
    #[serde(flatten)]
    pub figures: &'a PairSimilarity,
}

impl<'a> DupsReport<'a> {
    /// The report of `rep` over `articles`; `every` holds the figures of all pairs (or none).
    pub fn new(
        articles: &'a [Article],
        rep: &'a DupReport,
        every: &'a [PairSimilarity],
    ) -> DupsReport<'a> {
        let clusters = rep
            .clusters
            .iter()
            .map(|c| DupCluster {
                id: c.id,
                representative: article_id(articles, c.representative),
                members: c
                    .members
                    .iter()
                    .filter_map(|&i| DupMember::new(articles, i))
                    .collect(),
                pairs: c.pairs.iter().map(|p| DupPair::new(articles, p)).collect(),
            })
            .collect();
        DupsReport {
            options: &rep.options,
            articles: rep.articles,
            candidates: rep.candidates,
            verified: rep.verified,
            clusters,
            pairs: every.iter().map(|p| DupPair::new(articles, p)).collect(),
        }
    }
}

impl<'a> DupMember<'a> {
    fn new(articles: &'a [Article], i: u32) -> Option<DupMember<'a>> {
        let a = articles.get(i as usize)?;
        Some(DupMember {
            id: &a.id,
            article: i,
            date: a.date.map(|d| format_date(d.date, d.precision)),
            title: &a.title,
        })
    }
}

impl<'a> DupPair<'a> {
    pub fn new(articles: &'a [Article], p: &'a PairSimilarity) -> DupPair<'a> {
        DupPair {
            id_a: article_id(articles, p.a),
            id_b: article_id(articles, p.b),
            figures: p,
        }
    }
}

/// The id of article number `i`, or "" if there is none.
pub fn article_id(articles: &[Article], i: u32) -> &str {
    articles.get(i as usize).map_or("", |a| a.id.as_str())
}

/// True for characters that must never reach a terminal from article text: C0 and C1 controls
/// (other than newline and tab), DEL, and the bidi embedding, override and isolate controls.
pub fn is_unsafe_char(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// A field of a one-line record (`list`'s tab-separated lines): line breaks and tabs inside it
/// (a file name may hold them) become U+FFFD, so that one article stays one line.
pub fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| {
            if matches!(c, '\n' | '\r' | '\t' | '\u{2028}' | '\u{2029}') {
                '\u{FFFD}'
            } else {
                c
            }
        })
        .collect()
}

/// Text for a terminal: unsafe characters become U+FFFD.
pub fn safe_text(s: &str) -> String {
    s.chars()
        .map(|c| if is_unsafe_char(c) { '\u{FFFD}' } else { c })
        .collect()
}

/// JSON for a terminal or a pipe: the same JSON value, with the characters serde_json leaves raw
/// but a terminal would obey (C1 controls, DEL, bidi controls) written as `\uXXXX` escapes.
pub fn safe_json<T: Serialize + ?Sized>(value: &T) -> serde_json::Result<String> {
    let raw = serde_json::to_string_pretty(value)?;
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        if is_unsafe_char(c) {
            out += &format!("\\u{:04x}", c as u32);
        } else {
            out.push(c);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn safe_json_escapes_what_terminals_obey_and_stays_json() {
        let v = vec!["قال \u{1b}[31m \u{9b}2J \u{202e}لافروف\u{7f}"];
        let s = safe_json(&v).unwrap();
        assert!(!s.chars().any(is_unsafe_char), "{s}");
        let back: Vec<String> = serde_json::from_str(&s).unwrap();
        assert_eq!(back[0], v[0]);
    }

    #[test]
    fn safe_text_replaces_controls() {
        assert_eq!(safe_text("a\u{1b}[2Jب\u{202e}"), "a\u{FFFD}[2Jب\u{FFFD}");
        assert_eq!(safe_text("سطر\nسطر\t"), "سطر\nسطر\t");
    }
}

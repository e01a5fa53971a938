//! The analysis commands, the explorer's analysis views headless: `timeline`, `cooccur`,
//! `kwic` and `dups`. Their JSON forms are the report types in [`crate::report`].

use std::path::PathBuf;
use std::time::Duration;

use anyhow::{bail, Result};
use roaring::RoaringBitmap;
use unicode_width::UnicodeWidthStr;

use crate::analysis::{self, DupOptions, DupReport, KwicRow, KwicSort, PairSimilarity};
use crate::corpus::Article;
use crate::library::Library;
use crate::report::{
    self, article_id, CooccurReport, DupsReport, EntityRef, KwicLine, KwicReport, TimelineReport,
};

use super::args::FilterArgs;
use super::{build_filter, print_json, print_text, Ctx};

/// `--pairs` computes every pair exactly, which grows with the square of the set.
const MAX_ALL_PAIRS: u64 = 1000;

/// An entity in text output: `name (English name)`, or `#N` for an unknown number.
fn entity_label(lib: &Library, e: u32) -> String {
    match EntityRef::new(lib, e) {
        Some(r) => match r.name_en {
            Some(en) => format!("{} ({en})", r.name),
            None => r.name.to_string(),
        },
        None => format!("#{e}"),
    }
}

/// Opens the corpus, runs the filter and resolves the entity argument.
fn open_entity(
    ctx: &Ctx,
    path: Option<PathBuf>,
    f: &FilterArgs,
    name: &str,
) -> Result<(Library, RoaringBitmap, u32)> {
    let (lib, set) = open_filtered(ctx, path, f)?;
    let e = lib.resolve_entity(name)?;
    Ok((lib, set, e))
}

/// Opens the corpus with its entities and runs the filter.
fn open_filtered(
    ctx: &Ctx,
    path: Option<PathBuf>,
    f: &FilterArgs,
) -> Result<(Library, RoaringBitmap)> {
    let lib = ctx.open(path)?;
    let set = lib.apply(&build_filter(&lib, f)?).set;
    Ok((lib, set))
}

/// `timeline`: articles per month that mention an entity, as a bar chart.
pub fn timeline(
    ctx: &Ctx,
    path: Option<PathBuf>,
    f: &FilterArgs,
    name: &str,
    json: bool,
) -> Result<()> {
    let (lib, set, e) = open_entity(ctx, path, f, name)?;
    let t = analysis::timeline(&lib.index, e, &set);
    if json {
        return print_json(&TimelineReport::new(&lib, &t));
    }
    let mut text = format!(
        "{}: {} articles ({} undated)\n",
        entity_label(&lib, e),
        t.articles,
        t.undated
    );
    // Bars of at most about 40 cells; small counts keep one cell per article.
    let scale = t.peak().max(1) as f64 / 40.0;
    for m in &t.months {
        let bar = "█".repeat((f64::from(m.articles) / scale.max(1.0)).ceil() as usize);
        text += &format!("{}  {:>6}  {bar}\n", m.month, m.articles);
    }
    if t.undated > 0 {
        text += &format!("undated  {:>6}\n", t.undated);
    }
    print_text(&text)
}

/// `cooccur`: the entities named with an entity, ranked by signed G².
pub fn cooccur(
    ctx: &Ctx,
    path: Option<PathBuf>,
    f: &FilterArgs,
    name: &str,
    opts: &analysis::CooccurOptions,
    json: bool,
) -> Result<()> {
    let (lib, set, e) = open_entity(ctx, path, f, name)?;
    let c = analysis::cooccurrences(&lib.index, e, &set, opts);
    if json {
        return print_json(&CooccurReport::new(&lib, &c, opts.min_count));
    }
    let mut text = format!(
        "{}: in {} of {} articles; partners by signed G² (+ more often than chance)\n\
         {:>9}  {:>5}  {:>8}  {:>6}  entity\n",
        entity_label(&lib, e),
        c.entity_articles,
        c.articles,
        "G²",
        "both",
        "expected",
        "PMI"
    );
    for p in &c.partners {
        let kind = EntityRef::new(&lib, p.entity).map_or("", |r| r.kind.label());
        text += &format!(
            "{:>+9.2}  {:>5}  {:>8.2}  {:>+6.2}  {kind}  {}\n",
            p.score,
            p.count,
            p.expected,
            p.pmi,
            entity_label(&lib, p.entity)
        );
    }
    print_text(&text)
}

/// `kwic`: every sentence that mentions an entity or, if `term` names none, contains it.
pub fn kwic(
    ctx: &Ctx,
    path: Option<PathBuf>,
    f: &FilterArgs,
    term: &str,
    sort: KwicSort,
    width: usize,
    json: bool,
) -> Result<()> {
    let (lib, set) = open_filtered(ctx, path, f)?;
    let entity = lib.resolve_entity(term).ok();
    let query = match entity {
        Some(e) => analysis::KwicQuery::Entity(e),
        None => analysis::KwicQuery::Text(term.to_string()),
    };
    let arts = lib.articles();
    let mut rows = analysis::kwic(arts, &set, &query, &analysis::KwicOptions { width });
    analysis::sort_rows(&mut rows, arts, sort);
    if json {
        return print_json(&KwicReport {
            term,
            entity: entity.and_then(|e| EntityRef::new(&lib, e)),
            sort,
            width,
            rows: rows.iter().map(|r| KwicLine::new(arts, r)).collect(),
        });
    }
    if rows.is_empty() {
        eprintln!("akhbar: no sentence mentions {}", report::safe_text(term));
    }
    print_text(&kwic_text(arts, &rows, width))
}

/// The kwic lines, the left contexts padded so that the hits line up.
fn kwic_text(arts: &[Article], rows: &[KwicRow], width: usize) -> String {
    let mut text = String::new();
    for r in rows {
        let line = KwicLine::new(arts, r);
        let pad = width.saturating_sub(line.left.width());
        text += &format!(
            "{}\t¶{}\t{}{}  [{}]  {}\n",
            line.id,
            r.paragraph + 1,
            " ".repeat(pad),
            line.left,
            line.hit,
            line.right
        );
    }
    text
}

/// `dups`: the near-duplicate clusters of the filtered articles and, with `all_pairs`, the
/// figures of every pair.
pub fn dups(
    ctx: &Ctx,
    path: Option<PathBuf>,
    f: &FilterArgs,
    opts: &DupOptions,
    all_pairs: bool,
    json: bool,
) -> Result<()> {
    let (lib, set) = open_filtered(ctx, path, f)?;
    if all_pairs && set.len() > MAX_ALL_PAIRS {
        bail!(
            "--pairs compares every pair: narrow the filter to at most {MAX_ALL_PAIRS} articles ({} now)",
            set.len()
        );
    }
    let start = std::time::Instant::now();
    let rep = analysis::near_duplicates(lib.articles(), &set, opts);
    let elapsed = start.elapsed();
    let arts = lib.articles();
    let every = if all_pairs {
        every_pair(arts, &set, rep.options.shingle)
    } else {
        Vec::new()
    };
    if json {
        return print_json(&DupsReport::new(arts, &rep, &every));
    }
    print_text(&dups_text(arts, &rep, &every, elapsed))
}

/// The figures of every pair of articles of `set`.
fn every_pair(arts: &[Article], set: &RoaringBitmap, shingle: usize) -> Vec<PairSimilarity> {
    let ids: Vec<u32> = set.iter().collect();
    ids.iter()
        .enumerate()
        .flat_map(|(i, &a)| ids[i + 1..].iter().map(move |&b| (a, b)))
        .map(|(a, b)| analysis::pair_similarity(arts, a, b, shingle))
        .collect()
}

/// The text form of `dups`: a summary line, then each cluster (its representative starred)
/// with the pairs that joined it, then every pair if there are any.
fn dups_text(
    arts: &[Article],
    rep: &DupReport,
    every: &[PairSimilarity],
    elapsed: Duration,
) -> String {
    let mut text = dups_summary(rep, elapsed);
    for c in &rep.clusters {
        text += &format!("\ncluster {}: {} articles\n", c.id, c.members.len());
        for &m in &c.members {
            if let Some(a) = arts.get(m as usize) {
                let star = if m == c.representative { "*" } else { " " };
                text += &format!("{star} {}\t{}\t{}\n", a.id, report::date_label(a), a.title);
            }
        }
        for p in &c.pairs {
            text += &format!("    {}", pair_figures(arts, p));
        }
    }
    if !every.is_empty() {
        text += "\nall pairs (shared/shingles a/shingles b)\n";
        for p in every {
            text += &format!("  {}", pair_figures(arts, p));
        }
    }
    text
}

/// The first line of `dups`: counts, the criterion, and the time the clustering took.
fn dups_summary(rep: &DupReport, elapsed: Duration) -> String {
    let crit = match rep.options.containment {
        Some(c) => format!(
            "Jaccard ≥ {:.2} or containment ≥ {c:.2}",
            rep.options.threshold
        ),
        None => format!("Jaccard ≥ {:.2}", rep.options.threshold),
    };
    format!(
        "{} articles, {} clusters ({crit}; {}-word shingles; {} candidate pairs, {} verified; {:.1} ms)\n",
        rep.articles,
        rep.clusters.len(),
        rep.options.shingle,
        rep.candidates,
        rep.verified,
        elapsed.as_secs_f64() * 1e3
    )
}

/// One pair as a line: the two ids and their figures.
fn pair_figures(arts: &[Article], p: &PairSimilarity) -> String {
    format!(
        "{}  {}  jaccard {:.3}  containment {:.3}  shared {}/{}/{}{}\n",
        article_id(arts, p.a),
        article_id(arts, p.b),
        p.jaccard,
        p.containment,
        p.shared,
        p.shingles_a,
        p.shingles_b,
        if p.exact { "  exact" } else { "" }
    )
}

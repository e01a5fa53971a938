//! The commands that read the corpus as the explorer's list and body do: `list`, `show`,
//! `stats`, `entities`, `tag` and `export`.

use std::io::Read;
use std::path::{Path, PathBuf};

use anyhow::{anyhow, Result};

use crate::entities::EntityKind;
use crate::export::Format;
use crate::index::{Filter, Sort};
use crate::library;
use crate::report::{self, Record, Row, Stats};

use super::args::FilterArgs;
use super::{build_filter, print_json, print_text, Ctx};

/// `list`: the filtered articles, one a line (id, date, source, title).
pub fn list(
    ctx: &Ctx,
    path: Option<PathBuf>,
    f: &FilterArgs,
    sort: Sort,
    json: bool,
) -> Result<()> {
    let lib = ctx.open_with(path, !f.entity.is_empty())?;
    let filter = Filter {
        sort,
        ..build_filter(&lib, f)?
    };
    let order = lib.apply(&filter).articles;
    let articles = order
        .iter()
        .filter_map(|&i| lib.corpus.articles.get(i as usize));
    if json {
        let rows: Vec<Row> = articles.map(Row::new).collect();
        return print_json(&rows);
    }
    if order.is_empty() {
        // Said on stderr, so that a pipe still gets no lines; an empty list is not an error.
        eprintln!("akhbar: no articles match");
        return Ok(());
    }
    let mut text = String::new();
    for a in articles {
        text += &format!(
            "{}\t{}\t{}\t{}\n",
            report::one_line(&a.id),
            report::date_label(a),
            report::one_line(a.source.as_deref().unwrap_or("-")),
            report::one_line(&a.title)
        );
    }
    print_text(&text)
}

/// `show`: one article in full, found by its id or a unique prefix of it.
pub fn show(ctx: &Ctx, path: Option<PathBuf>, id: &str, json: bool) -> Result<()> {
    let lib = ctx.open_with(path, false)?;
    let article = &lib.articles()[lib.find(id)?];
    if json {
        return print_json(&Record::new(article));
    }
    let row = Row::new(article);
    let mut text = format!("{}\n", article.title);
    let meta: Vec<String> = [
        row.source.map(str::to_string),
        row.agency.map(str::to_string),
        row.byline.map(str::to_string),
        row.place.map(str::to_string),
        Some(report::date_with_source(article)),
    ]
    .into_iter()
    .flatten()
    .collect();
    text += &format!("{}\n\n", meta.join(" | "));
    for p in article.paragraphs() {
        text += &format!("{p}\n\n");
    }
    print_text(&text)
}

/// `stats`: counts, dates, sources, timings and skipped files.
pub fn stats(ctx: &Ctx, path: Option<PathBuf>, json: bool) -> Result<()> {
    let lib = ctx.open(path)?;
    let stats = Stats::new(&lib);
    if json {
        return print_json(&stats);
    }
    print_text(&stats.text())
}

/// `entities`: the corpus's entities, most articles first.
pub fn entities(
    ctx: &Ctx,
    path: Option<PathBuf>,
    kind: Option<EntityKind>,
    json: bool,
) -> Result<()> {
    let lib = ctx.open(path)?;
    let mut list: Vec<_> = lib
        .entities()
        .entities
        .iter()
        .filter(|e| kind.is_none_or(|k| e.kind == k))
        .collect();
    list.sort_by(|a, b| {
        b.articles
            .cmp(&a.articles)
            .then(a.kind.cmp(&b.kind))
            .then(a.name.cmp(&b.name))
    });
    if json {
        return print_json(&list);
    }
    let mut text = String::new();
    for e in list {
        text += &format!(
            "{}\t{}\t{}\t{}\t{}\n",
            e.kind.label(),
            e.articles,
            e.name,
            e.name_en.as_deref().unwrap_or("-"),
            e.aliases.join(" | ")
        );
    }
    print_text(&text)
}

/// `tag`: the entity mentions in a text file or standard input (`-`).
pub fn tag(ctx: &Ctx, file: &Path, json: bool) -> Result<()> {
    let mut bytes = Vec::new();
    if file.as_os_str() == "-" {
        std::io::stdin().read_to_end(&mut bytes)?;
    } else {
        bytes = std::fs::read(file).map_err(|e| anyhow!("{}: cannot read: {e}", file.display()))?;
    }
    let (text, _) =
        crate::corpus::decode(&bytes).map_err(|e| anyhow!("{}: {e}", file.display()))?;
    let ex = library::extractor(&ctx.cfg.gazetteer.value, ctx.cfg.ner_model.value.as_deref())?;
    let mentions = crate::entities::tag(&ex, &text);
    if json {
        return print_json(&mentions);
    }
    let mut out = String::new();
    for m in mentions {
        out += &format!(
            "{}\t{}\t{}..{}\t{}\n",
            m.kind.label(),
            m.id,
            m.start,
            m.end,
            m.surface
        );
    }
    print_text(&out)
}

/// Where and how `export` writes.
pub struct ExportTo<'a> {
    pub format: Format,
    pub out: &'a Path,
    /// The index `_bulk` lines name.
    pub index: &'a str,
}

/// `export`: writes the filtered articles to a file and says how many on standard error.
pub fn export(
    ctx: &Ctx,
    path: Option<PathBuf>,
    f: &FilterArgs,
    sort: Sort,
    to: ExportTo,
) -> Result<()> {
    let ExportTo { format, out, index } = to;
    let lib = ctx.open(path)?;
    let filter = Filter {
        sort,
        ..build_filter(&lib, f)?
    };
    let ids = lib.apply(&filter).articles;
    crate::export::write_to_index(&lib, &ids, format, out, index)?;
    eprintln!(
        "akhbar: wrote {} articles to {}",
        ids.len(),
        report::safe_text(&out.display().to_string())
    );
    Ok(())
}

//! The command line. Every view of the explorer has a headless subcommand with `--json`.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Result};
use clap::{Args, Parser, Subcommand};

use akhbar::analysis;
use akhbar::corpus::LoadError;
use akhbar::entities::{EntityKind, Extractor};
use akhbar::index::{DateRange, Filter};
use akhbar::library::{self, Library, OpenOptions};
use akhbar::report::{self, Record, Row, Stats};
use akhbar::ui::app::UiOptions;
use akhbar::ui::rtl::BidiMode;
use chrono::NaiveDate;

#[derive(Parser)]
#[command(
    name = "akhbar",
    version,
    about = "Explore corpora of Arabic news articles from the terminal"
)]
#[command(args_conflicts_with_subcommands = true)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    corpus: CorpusArgs,
    /// How Arabic is laid out: app (akhbar reorders and joins letters; most terminals),
    /// terminal (for terminals that do bidi themselves), off (raw)
    #[arg(long, value_enum, default_value_t = BidiMode::App)]
    bidi: BidiMode,
}

/// Where the corpus is and how to read it (shared by every command).
#[derive(Args, Clone, Default)]
struct CorpusArgs {
    /// A corpus folder or file (.txt, .jsonl, .json); default: data/
    path: Option<PathBuf>,
    /// Extra boilerplate rules (TOML, same format as data/boilerplate.toml); repeatable
    #[arg(long, value_name = "FILE", global = true)]
    boilerplate: Vec<PathBuf>,
    /// Extra gazetteer entries (TOML, same format as data/gazetteer.toml); repeatable
    #[arg(long, value_name = "FILE", global = true)]
    gazetteer: Vec<PathBuf>,
    /// Skip .txt and .json files larger than this many MB
    #[arg(long, value_name = "MB", global = true)]
    max_file_mb: Option<u64>,
    /// Skip JSONL lines longer than this many MB
    #[arg(long, value_name = "MB", global = true)]
    max_line_mb: Option<usize>,
}

/// The explorer's filters, headless.
#[derive(Args, Clone, Default)]
struct FilterArgs {
    /// Fuzzy title search, as the explorer's `/` (Arabic or Latin)
    #[arg(long, short)]
    query: Option<String>,
    /// Full-text body search, as the explorer's ctrl-f
    #[arg(long)]
    text: Option<String>,
    /// Only articles naming this entity (id, Arabic name or alias, or English name); repeatable, combined with AND
    #[arg(long, short)]
    entity: Vec<String>,
    /// Published on or after this date (YYYY-MM-DD or YYYY-MM)
    #[arg(long, value_parser = parse_from)]
    from: Option<NaiveDate>,
    /// Published on or before this date (YYYY-MM-DD or YYYY-MM)
    #[arg(long, value_parser = parse_to)]
    to: Option<NaiveDate>,
    /// Only undated articles
    #[arg(long)]
    undated: bool,
}

fn parse_day(s: &str, end_of_month: bool) -> Result<NaiveDate, String> {
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return Ok(d);
    }
    let first = NaiveDate::parse_from_str(&format!("{s}-01"), "%Y-%m-%d")
        .map_err(|_| format!("{s:?} is not a date: use YYYY-MM-DD or YYYY-MM"))?;
    if !end_of_month {
        return Ok(first);
    }
    let range = akhbar::index::month_range(akhbar::index::month_key(first));
    range.to.ok_or_else(|| format!("{s:?} is out of range"))
}

fn parse_from(s: &str) -> Result<NaiveDate, String> {
    parse_day(s, false)
}

fn parse_to(s: &str) -> Result<NaiveDate, String> {
    parse_day(s, true)
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum KindArg {
    #[value(name = "PER", alias = "per")]
    Per,
    #[value(name = "LOC", alias = "loc")]
    Loc,
    #[value(name = "ORG", alias = "org")]
    Org,
}

impl KindArg {
    fn kind(self) -> EntityKind {
        match self {
            KindArg::Per => EntityKind::Per,
            KindArg::Loc => EntityKind::Loc,
            KindArg::Org => EntityKind::Org,
        }
    }
}

#[derive(Subcommand)]
enum Command {
    /// List articles (id, date, source, title)
    List {
        #[command(flatten)]
        corpus: CorpusArgs,
        #[command(flatten)]
        filter: FilterArgs,
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
    /// Show one article in full
    Show {
        /// Article id, or a unique prefix of one (e.g. 003)
        id: String,
        #[command(flatten)]
        corpus: CorpusArgs,
        #[arg(long)]
        json: bool,
    },
    /// Entities of the corpus with article counts and the spellings seen
    Entities {
        #[command(flatten)]
        corpus: CorpusArgs,
        /// Only this type
        #[arg(long = "type", value_enum)]
        kind: Option<KindArg>,
        #[arg(long)]
        json: bool,
    },
    /// Entity mentions in any text (a file, or - for standard input)
    Tag {
        /// A text file, or - for standard input
        file: PathBuf,
        /// Extra gazetteer entries (TOML); repeatable
        #[arg(long, value_name = "FILE")]
        gazetteer: Vec<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// Corpus statistics: counts, date range, sources, load time, skipped files
    Stats {
        #[command(flatten)]
        corpus: CorpusArgs,
        #[arg(long)]
        json: bool,
    },
    /// Articles per month that mention an entity (within the filter)
    Timeline {
        /// Entity id, Arabic name or alias, or English name
        #[arg(value_name = "ENTITY")]
        name: String,
        #[command(flatten)]
        corpus: CorpusArgs,
        #[command(flatten)]
        filter: FilterArgs,
        #[arg(long)]
        json: bool,
    },
    /// Entities named in the same articles as an entity, ranked by signed log-likelihood (G²)
    Cooccur {
        /// Entity id, Arabic name or alias, or English name
        #[arg(value_name = "ENTITY")]
        name: String,
        #[command(flatten)]
        corpus: CorpusArgs,
        #[command(flatten)]
        filter: FilterArgs,
        /// Leave out partners named in fewer articles with the entity than this
        #[arg(long, default_value_t = 2)]
        min_count: u32,
        /// Show at most this many partners (0: all)
        #[arg(long, default_value_t = 20)]
        limit: usize,
        #[arg(long)]
        json: bool,
    },
    /// Keyword in context: every sentence mentioning an entity or containing a term
    Kwic {
        /// An entity (id, name, alias, English name) or, if none matches, a text term
        term: String,
        #[command(flatten)]
        corpus: CorpusArgs,
        #[command(flatten)]
        filter: FilterArgs,
        /// Order rows by the words before the hit (left), after it (right), or by position
        #[arg(long, value_enum, default_value_t = KwicSortArg::Position)]
        sort: KwicSortArg,
        /// Characters of context on each side (cut at a word)
        #[arg(long, default_value_t = 60)]
        width: usize,
        #[arg(long)]
        json: bool,
    },
    /// Near-duplicate clusters (wire copy): MinHash over 5-word shingles, verified exactly
    Dups {
        #[command(flatten)]
        corpus: CorpusArgs,
        #[command(flatten)]
        filter: FilterArgs,
        /// Jaccard similarity of shingle sets at or above which articles are joined
        #[arg(long, default_value_t = 0.5)]
        threshold: f64,
        /// Also join when this share of the smaller article's shingles is in the other (0: off)
        #[arg(long, default_value_t = 0.8)]
        containment: f64,
        /// Also print the figures of every pair of articles (sets of up to 1000 articles)
        #[arg(long)]
        pairs: bool,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum KwicSortArg {
    Position,
    Left,
    Right,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let code = if e.downcast_ref::<LoadError>().is_some() {
                2
            } else {
                1
            };
            eprintln!("akhbar: {}", report::safe_text(&format!("{e:#}")));
            ExitCode::from(code)
        }
    }
}

fn run(cli: Cli) -> Result<()> {
    match cli.command {
        None => explore(&cli.corpus, cli.bidi),
        Some(Command::List {
            corpus,
            filter,
            json,
        }) => list(&merge(&cli.corpus, corpus), &filter, json),
        Some(Command::Show { id, corpus, json }) => show(&merge(&cli.corpus, corpus), &id, json),
        Some(Command::Entities { corpus, kind, json }) => {
            entities(&merge(&cli.corpus, corpus), kind.map(KindArg::kind), json)
        }
        Some(Command::Tag {
            file,
            gazetteer,
            json,
        }) => {
            let mut all = cli.corpus.gazetteer.clone();
            all.extend(gazetteer);
            tag(&file, &all, json)
        }
        Some(Command::Stats { corpus, json }) => stats(&merge(&cli.corpus, corpus), json),
        Some(Command::Timeline {
            name,
            corpus,
            filter,
            json,
        }) => timeline(&merge(&cli.corpus, corpus), &filter, &name, json),
        Some(Command::Cooccur {
            name,
            corpus,
            filter,
            min_count,
            limit,
            json,
        }) => {
            let opts = analysis::CooccurOptions {
                min_count,
                limit: (limit > 0).then_some(limit),
                positive_only: false,
            };
            cooccur(&merge(&cli.corpus, corpus), &filter, &name, &opts, json)
        }
        Some(Command::Kwic {
            term,
            corpus,
            filter,
            sort,
            width,
            json,
        }) => {
            let sort = match sort {
                KwicSortArg::Position => analysis::KwicSort::Position,
                KwicSortArg::Left => analysis::KwicSort::Left,
                KwicSortArg::Right => analysis::KwicSort::Right,
            };
            kwic(
                &merge(&cli.corpus, corpus),
                &filter,
                &term,
                sort,
                width,
                json,
            )
        }
        Some(Command::Dups {
            corpus,
            filter,
            threshold,
            containment,
            pairs,
            json,
        }) => {
            let opts = analysis::DupOptions {
                threshold,
                containment: (containment > 0.0).then_some(containment),
                ..analysis::DupOptions::default()
            };
            dups(&merge(&cli.corpus, corpus), &filter, &opts, pairs, json)
        }
    }
}

/// Global flags may come before or after the subcommand; the subcommand's own win.
fn merge(global: &CorpusArgs, local: CorpusArgs) -> CorpusArgs {
    CorpusArgs {
        path: local.path.or_else(|| global.path.clone()),
        ..local
    }
}

fn open(args: &CorpusArgs) -> Result<Library> {
    let opts = OpenOptions {
        path: args.path.clone(),
        boilerplate: args.boilerplate.clone(),
        gazetteer: args.gazetteer.clone(),
        max_file_bytes: args.max_file_mb.map(|m| m << 20),
        max_line_bytes: args.max_line_mb.map(|m| m << 20),
    };
    let lib = library::open(&opts)?;
    for s in &lib.corpus.skipped {
        eprintln!("akhbar: skipped {}", report::safe_text(&s.to_string()));
    }
    Ok(lib)
}

fn print(text: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    match writeln!(out, "{text}") {
        // A closed pipe (`akhbar list | head`) is not an error.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        r => Ok(r?),
    }
}

fn explore(args: &CorpusArgs, bidi: BidiMode) -> Result<()> {
    let lib = open(args)?;
    akhbar::ui::run(lib, UiOptions { bidi, theme: None })
}

/// Turns entity names given on the command line into entity numbers.
fn entity_ids(lib: &Library, names: &[String]) -> Result<Vec<u32>> {
    names
        .iter()
        .map(|n| match lib.lookup(n) {
            Some(id) => Ok(id),
            None => bail!("no entity {n:?} in this corpus (see `akhbar entities`)"),
        })
        .collect()
}

fn build_filter(lib: &Library, f: &FilterArgs) -> Result<Filter> {
    let dates = (f.from.is_some() || f.to.is_some()).then_some(DateRange {
        from: f.from,
        to: f.to,
    });
    Ok(Filter {
        query: f.query.clone().unwrap_or_default(),
        text: f.text.clone().unwrap_or_default(),
        entities: entity_ids(lib, &f.entity)?,
        dates,
        undated: f.undated,
    })
}

fn list(args: &CorpusArgs, f: &FilterArgs, json: bool) -> Result<()> {
    let lib = open(args)?;
    let filter = build_filter(&lib, f)?;
    let order = lib.apply(&filter).articles;
    let articles = order
        .iter()
        .filter_map(|&i| lib.corpus.articles.get(i as usize));
    if json {
        let rows: Vec<Row> = articles.map(Row::new).collect();
        return print(&report::safe_json(&rows)?);
    }
    let mut text = String::new();
    for a in articles {
        text += &format!(
            "{}\t{}\t{}\t{}\n",
            a.id,
            report::date_label(a),
            a.source.as_deref().unwrap_or("-"),
            a.title
        );
    }
    print(report::safe_text(text.trim_end()).as_str())
}

fn show(args: &CorpusArgs, id: &str, json: bool) -> Result<()> {
    let lib = open(args)?;
    let matches: Vec<_> = lib
        .corpus
        .articles
        .iter()
        .filter(|a| a.id.starts_with(id))
        .collect();
    let article = match matches.as_slice() {
        [a] => *a,
        [] => bail!("no article with id {id:?} (try `akhbar list`)"),
        many => match many.iter().find(|a| a.id == id) {
            Some(a) => *a,
            None => bail!(
                "{} articles have ids starting with {id:?}; give more of the id",
                many.len()
            ),
        },
    };
    if json {
        return print(&report::safe_json(&Record::new(article))?);
    }
    let row = Row::new(article);
    let mut text = format!("{}\n", article.title);
    let meta: Vec<String> = [
        row.source.map(str::to_string),
        row.agency.map(str::to_string),
        row.byline.map(str::to_string),
        row.place.map(str::to_string),
        Some(report::date_label(article)),
    ]
    .into_iter()
    .flatten()
    .collect();
    text += &format!("{}\n\n", meta.join(" | "));
    for p in article.paragraphs() {
        text += &format!("{p}\n\n");
    }
    print(report::safe_text(text.trim_end()).as_str())
}

fn stats(args: &CorpusArgs, json: bool) -> Result<()> {
    let lib = open(args)?;
    let stats = Stats::new(&lib);
    if json {
        return print(&report::safe_json(&stats)?);
    }
    print(&report::safe_text(stats.text().trim_end()))
}

fn entities(args: &CorpusArgs, kind: Option<EntityKind>, json: bool) -> Result<()> {
    let lib = open(args)?;
    let mut list: Vec<_> = lib
        .entities
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
        return print(&report::safe_json(&list)?);
    }
    let mut text = String::new();
    for e in list {
        let kind = serde_json::to_string(&e.kind)?;
        text += &format!(
            "{}\t{}\t{}\t{}\t{}\n",
            kind.trim_matches('"'),
            e.articles,
            e.name,
            e.name_en.as_deref().unwrap_or("-"),
            e.aliases.join(" | ")
        );
    }
    print(report::safe_text(text.trim_end()).as_str())
}

fn tag(file: &std::path::Path, gazetteer: &[PathBuf], json: bool) -> Result<()> {
    use std::io::Read;
    let mut bytes = Vec::new();
    if file.as_os_str() == "-" {
        std::io::stdin().read_to_end(&mut bytes)?;
    } else {
        bytes = std::fs::read(file)
            .map_err(|e| anyhow::anyhow!("{}: cannot read: {e}", file.display()))?;
    }
    let (text, _) =
        akhbar::corpus::decode(&bytes).map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
    let ex = Extractor::new(&library::gazetteer(gazetteer)?);
    let mentions = akhbar::entities::tag(&ex, &text);
    if json {
        return print(&report::safe_json(&mentions)?);
    }
    let mut out = String::new();
    for m in mentions {
        let kind = serde_json::to_string(&m.kind)?;
        out += &format!(
            "{}\t{}\t{}..{}\t{}\n",
            kind.trim_matches('"'),
            m.id,
            m.start,
            m.end,
            m.surface
        );
    }
    print(report::safe_text(out.trim_end()).as_str())
}

/// An entity as the analysis commands print it.
#[derive(serde::Serialize)]
struct EntityRef<'a> {
    id: &'a str,
    kind: EntityKind,
    name: &'a str,
    name_en: Option<&'a str>,
}

fn entity_ref(lib: &Library, e: u32) -> Option<EntityRef<'_>> {
    lib.entities.entities.get(e as usize).map(|x| EntityRef {
        id: &x.id,
        kind: x.kind,
        name: &x.name,
        name_en: x.name_en.as_deref(),
    })
}

fn entity_label(lib: &Library, e: u32) -> String {
    match entity_ref(lib, e) {
        Some(r) => match r.name_en {
            Some(en) => format!("{} ({en})", r.name),
            None => r.name.to_string(),
        },
        None => format!("#{e}"),
    }
}

/// Opens the corpus, runs the filter and resolves the entity argument.
fn open_entity(
    args: &CorpusArgs,
    f: &FilterArgs,
    name: &str,
) -> Result<(Library, RoaringSet, u32)> {
    let lib = open(args)?;
    let set = lib.apply(&build_filter(&lib, f)?).set;
    let Some(e) = lib.lookup(name) else {
        bail!("no entity {name:?} in this corpus (see `akhbar entities`)");
    };
    Ok((lib, set, e))
}

type RoaringSet = roaring::RoaringBitmap;

fn timeline(args: &CorpusArgs, f: &FilterArgs, name: &str, json: bool) -> Result<()> {
    let (lib, set, e) = open_entity(args, f, name)?;
    let t = analysis::timeline(&lib.index, e, &set);
    if json {
        #[derive(serde::Serialize)]
        struct Out<'a> {
            entity: Option<EntityRef<'a>>,
            articles: u32,
            undated: u32,
            months: &'a [analysis::MonthCount],
        }
        return print(&report::safe_json(&Out {
            entity: entity_ref(&lib, e),
            articles: t.articles,
            undated: t.undated,
            months: &t.months,
        })?);
    }
    let mut text = format!(
        "{}: {} articles ({} undated)\n",
        entity_label(&lib, e),
        t.articles,
        t.undated
    );
    let scale = t.peak().max(1) as f64 / 40.0;
    for m in &t.months {
        let bar = "█".repeat((f64::from(m.articles) / scale.max(1.0)).ceil() as usize);
        text += &format!("{}  {:>6}  {bar}\n", m.month, m.articles);
    }
    if t.undated > 0 {
        text += &format!("undated  {:>6}\n", t.undated);
    }
    print(report::safe_text(text.trim_end()).as_str())
}

fn cooccur(
    args: &CorpusArgs,
    f: &FilterArgs,
    name: &str,
    opts: &analysis::CooccurOptions,
    json: bool,
) -> Result<()> {
    let (lib, set, e) = open_entity(args, f, name)?;
    let c = analysis::cooccurrences(&lib.index, e, &set, opts);
    if json {
        #[derive(serde::Serialize)]
        struct Partner<'a> {
            #[serde(flatten)]
            entity: Option<EntityRef<'a>>,
            count: u32,
            partner_articles: u32,
            expected: f64,
            score: f64,
            pmi: f64,
        }
        #[derive(serde::Serialize)]
        struct Out<'a> {
            entity: Option<EntityRef<'a>>,
            articles: u32,
            entity_articles: u32,
            measure: &'static str,
            min_count: u32,
            partners: Vec<Partner<'a>>,
        }
        let partners = c
            .partners
            .iter()
            .map(|p| Partner {
                entity: entity_ref(&lib, p.entity),
                count: p.count,
                partner_articles: p.partner_articles,
                expected: p.expected,
                score: p.score,
                pmi: p.pmi,
            })
            .collect();
        return print(&report::safe_json(&Out {
            entity: entity_ref(&lib, e),
            articles: c.articles,
            entity_articles: c.entity_articles,
            measure: "signed log-likelihood G2",
            min_count: opts.min_count.max(1),
            partners,
        })?);
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
        let kind = entity_ref(&lib, p.entity)
            .and_then(|r| serde_json::to_value(r.kind).ok())
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        text += &format!(
            "{:>+9.2}  {:>5}  {:>8.2}  {:>+6.2}  {kind}  {}\n",
            p.score,
            p.count,
            p.expected,
            p.pmi,
            entity_label(&lib, p.entity)
        );
    }
    print(report::safe_text(text.trim_end()).as_str())
}

fn kwic(
    args: &CorpusArgs,
    f: &FilterArgs,
    term: &str,
    sort: analysis::KwicSort,
    width: usize,
    json: bool,
) -> Result<()> {
    let lib = open(args)?;
    let set = lib.apply(&build_filter(&lib, f)?).set;
    let entity = lib.lookup(term);
    let query = match entity {
        Some(e) => analysis::KwicQuery::Entity(e),
        None => analysis::KwicQuery::Text(term.to_string()),
    };
    let arts = lib.articles();
    let mut rows = analysis::kwic(arts, &set, &query, &analysis::KwicOptions { width });
    analysis::sort_rows(&mut rows, arts, sort);
    let body = |r: &analysis::KwicRow| arts.get(r.article as usize).map_or("", |a| &a.body);
    let id = |r: &analysis::KwicRow| arts.get(r.article as usize).map_or("", |a| &a.id);
    if json {
        #[derive(serde::Serialize)]
        struct Row<'a> {
            id: &'a str,
            article: u32,
            paragraph: u32,
            start: u32,
            end: u32,
            left: &'a str,
            hit: &'a str,
            right: &'a str,
            sentence: &'a str,
        }
        #[derive(serde::Serialize)]
        struct Out<'a> {
            term: &'a str,
            entity: Option<EntityRef<'a>>,
            sort: analysis::KwicSort,
            width: usize,
            rows: Vec<Row<'a>>,
        }
        let rows = rows
            .iter()
            .map(|r| Row {
                id: id(r),
                article: r.article,
                paragraph: r.paragraph,
                start: r.hit.start,
                end: r.hit.end,
                left: r.left_text(body(r)),
                hit: r.hit_text(body(r)),
                right: r.right_text(body(r)),
                sentence: r.sentence_text(body(r)),
            })
            .collect();
        return print(&report::safe_json(&Out {
            term,
            entity: entity.and_then(|e| entity_ref(&lib, e)),
            sort,
            width,
            rows,
        })?);
    }
    let mut text = String::new();
    for r in &rows {
        let left = r.left_text(body(r));
        let pad = width.saturating_sub(unicode_width::UnicodeWidthStr::width(left));
        text += &format!(
            "{}\t¶{}\t{}{left}  [{}]  {}\n",
            id(r),
            r.paragraph + 1,
            " ".repeat(pad),
            r.hit_text(body(r)),
            r.right_text(body(r))
        );
    }
    if rows.is_empty() {
        eprintln!("akhbar: no sentence mentions {}", report::safe_text(term));
    }
    print(report::safe_text(text.trim_end()).as_str())
}

fn dups(
    args: &CorpusArgs,
    f: &FilterArgs,
    opts: &analysis::DupOptions,
    all_pairs: bool,
    json: bool,
) -> Result<()> {
    const MAX_ALL_PAIRS: u64 = 1000;
    let lib = open(args)?;
    let set = lib.apply(&build_filter(&lib, f)?).set;
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
    let ids: Vec<u32> = set.iter().collect();
    let every: Vec<analysis::PairSimilarity> = if all_pairs {
        ids.iter()
            .enumerate()
            .flat_map(|(i, &a)| ids[i + 1..].iter().map(move |&b| (a, b)))
            .map(|(a, b)| analysis::pair_similarity(arts, a, b, rep.options.shingle))
            .collect()
    } else {
        Vec::new()
    };
    let id = |i: u32| arts.get(i as usize).map_or("", |a| a.id.as_str());
    #[derive(serde::Serialize)]
    struct Pair {
        id_a: String,
        id_b: String,
        #[serde(flatten)]
        figures: analysis::PairSimilarity,
    }
    let pair = |p: &analysis::PairSimilarity| Pair {
        id_a: id(p.a).to_string(),
        id_b: id(p.b).to_string(),
        figures: p.clone(),
    };
    if json {
        #[derive(serde::Serialize)]
        struct Member<'a> {
            id: &'a str,
            article: u32,
            date: Option<String>,
            title: &'a str,
        }
        #[derive(serde::Serialize)]
        struct Cluster<'a> {
            id: u32,
            representative: &'a str,
            members: Vec<Member<'a>>,
            pairs: Vec<Pair>,
        }
        #[derive(serde::Serialize)]
        struct Out<'a> {
            options: &'a analysis::DupOptions,
            articles: u32,
            candidates: u64,
            verified: u64,
            clusters: Vec<Cluster<'a>>,
            #[serde(skip_serializing_if = "Vec::is_empty")]
            pairs: Vec<Pair>,
        }
        let clusters = rep
            .clusters
            .iter()
            .map(|c| Cluster {
                id: c.id,
                representative: id(c.representative),
                members: c
                    .members
                    .iter()
                    .filter_map(|&i| {
                        let a = arts.get(i as usize)?;
                        Some(Member {
                            id: &a.id,
                            article: i,
                            date: a.date.map(|d| report::format_date(d.date, d.precision)),
                            title: &a.title,
                        })
                    })
                    .collect(),
                pairs: c.pairs.iter().map(pair).collect(),
            })
            .collect();
        return print(&report::safe_json(&Out {
            options: &rep.options,
            articles: rep.articles,
            candidates: rep.candidates,
            verified: rep.verified,
            clusters,
            pairs: every.iter().map(pair).collect(),
        })?);
    }
    let crit = match rep.options.containment {
        Some(c) => format!(
            "Jaccard ≥ {:.2} or containment ≥ {c:.2}",
            rep.options.threshold
        ),
        None => format!("Jaccard ≥ {:.2}", rep.options.threshold),
    };
    let mut text = format!(
        "{} articles, {} clusters ({crit}; {}-word shingles; {} candidate pairs, {} verified; {:.1} ms)\n",
        rep.articles,
        rep.clusters.len(),
        rep.options.shingle,
        rep.candidates,
        rep.verified,
        elapsed.as_secs_f64() * 1e3
    );
    let figures = |p: &analysis::PairSimilarity| {
        format!(
            "{}  {}  jaccard {:.3}  containment {:.3}  shared {}/{}/{}{}\n",
            id(p.a),
            id(p.b),
            p.jaccard,
            p.containment,
            p.shared,
            p.shingles_a,
            p.shingles_b,
            if p.exact { "  exact" } else { "" }
        )
    };
    for c in &rep.clusters {
        text += &format!("\ncluster {}: {} articles\n", c.id, c.members.len());
        for &m in &c.members {
            if let Some(a) = arts.get(m as usize) {
                let star = if m == c.representative { "*" } else { " " };
                text += &format!("{star} {}\t{}\t{}\n", a.id, report::date_label(a), a.title);
            }
        }
        for p in &c.pairs {
            text += &format!("    {}", figures(p));
        }
    }
    if !every.is_empty() {
        text += "\nall pairs (shared/shingles a/shingles b)\n";
        for p in &every {
            text += &format!("  {}", figures(p));
        }
    }
    print(report::safe_text(text.trim_end()).as_str())
}

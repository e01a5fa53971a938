//! The command line. Every view of the explorer has a headless subcommand with `--json`.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Result};
use clap::{Args, Parser, Subcommand};

use akhbar::corpus::LoadError;
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
    /// Corpus statistics: counts, date range, sources, load time, skipped files
    Stats {
        #[command(flatten)]
        corpus: CorpusArgs,
        #[arg(long)]
        json: bool,
    },
    /// Dev: write a deterministic synthetic corpus recombined from real articles (benchmarks)
    #[command(hide = true)]
    Generate {
        #[arg(long)]
        articles: u64,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        #[arg(long, value_enum)]
        format: akhbar::corpus::generate::Format,
        /// A folder (txt) or a file (jsonl)
        #[arg(long)]
        out: PathBuf,
        /// A corpus whose titles, paragraphs and names are added to the default corpus's; repeatable
        #[arg(long)]
        from_corpus: Vec<PathBuf>,
    },
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
        Some(Command::Stats { corpus, json }) => stats(&merge(&cli.corpus, corpus), json),
        Some(Command::Generate {
            articles,
            seed,
            format,
            out,
            from_corpus,
        }) => generate(akhbar::corpus::generate::Options {
            articles,
            seed,
            format,
            out,
            from_corpus,
        }),
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
        .map(|n| match lib.entities.lookup(n) {
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

/// The hidden `generate` dev command: prints what it wrote as JSON.
fn generate(opts: akhbar::corpus::generate::Options) -> Result<()> {
    let summary = akhbar::corpus::generate::run(&opts)?;
    print(&serde_json::to_string(&summary)?)
}

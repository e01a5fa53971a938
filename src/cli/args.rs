//! The command line's definitions: every flag, subcommand and value parser, for clap.
//!
//! Only definitions live here; `cli::run` and the command modules act on them. clap also
//! renders these for `--help`, the shell completions and the man page, and the README checks
//! compare its flag lists against them, so doc comments here are user-facing text.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand};

use crate::analysis::{CooccurOptions, DupOptions, KwicSort};
use crate::config::BidiMode;
use crate::config::{ColorChoice, Flags};
use crate::entities::EntityKind;
use crate::export::Format;
use crate::index::Sort;

/// The version with the commit it was built from (set by build.rs).
pub const VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (",
    env!("AKHBAR_GIT_COMMIT"),
    ")"
);

// The whole command line: the explorer (no subcommand) or one subcommand.
#[derive(Parser)]
#[command(
    name = "akhbar",
    version = VERSION,
    about = "Explore corpora of Arabic news articles from the terminal",
    after_help = "Settings also come from $XDG_CONFIG_HOME/akhbar/config.toml and AKHBAR_* variables; see `akhbar config --print`."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub corpus: CorpusArgs,
    #[command(flatten)]
    pub global: Global,
}

/// The corpus a command works on.
#[derive(Args, Clone, Default)]
pub struct CorpusArgs {
    /// A corpus folder or file (.txt, .jsonl, .json); default: data/
    pub path: Option<PathBuf>,
}

/// Flags every command takes. Each can also be set in the config file or the environment.
#[derive(Args, Clone, Default)]
pub struct Global {
    /// Config file to read instead of $XDG_CONFIG_HOME/akhbar/config.toml
    #[arg(long, value_name = "FILE", global = true)]
    pub config: Option<PathBuf>,
    /// How Arabic is laid out: app (akhbar reorders and joins letters; most terminals),
    /// terminal (for terminals that do bidi themselves: Konsole, mlterm, VTE, WezTerm), off (raw)
    #[arg(long, value_enum, global = true)]
    pub bidi: Option<BidiMode>,
    /// Colours: auto (honours NO_COLOR), always, never
    #[arg(long, value_enum, global = true)]
    pub color: Option<ColorChoice>,
    /// Extra boilerplate rules (TOML, same format as data/boilerplate.toml); repeatable
    #[arg(long, value_name = "FILE", global = true)]
    pub boilerplate: Vec<PathBuf>,
    /// Extra gazetteer entries (TOML, same format as data/gazetteer.toml); repeatable
    #[arg(long, value_name = "FILE", global = true)]
    pub gazetteer: Vec<PathBuf>,
    /// NER tagger model to use instead of the built-in one (written by `akhbar train-ner`)
    #[arg(long, value_name = "FILE", global = true)]
    pub ner_model: Option<PathBuf>,
    /// Skip .txt and .json files larger than this many MB (default 64)
    #[arg(long, value_name = "MB", global = true)]
    pub max_file_mb: Option<u64>,
    /// Skip JSONL lines longer than this many MB (default 16)
    #[arg(long, value_name = "MB", global = true)]
    pub max_line_mb: Option<usize>,
    /// Do not copy to the clipboard with OSC 52
    #[arg(long, global = true)]
    no_osc52: bool,
    /// Neither read nor write the corpus cache ($XDG_CACHE_HOME/akhbar)
    #[arg(long, global = true)]
    no_cache: bool,
    /// Where the explorer's export key writes (default: the current folder)
    #[arg(long, value_name = "DIR", global = true)]
    pub export_dir: Option<PathBuf>,
    /// Write a log file (akhbar.log under $XDG_STATE_HOME/akhbar), never to the terminal
    #[arg(short, long, global = true)]
    pub verbose: bool,
}

impl Global {
    pub fn flags(&self) -> Flags {
        Flags {
            config: self.config.clone(),
            bidi: self.bidi,
            color: self.color,
            corpus: None,
            gazetteer: self.gazetteer.clone(),
            ner_model: self.ner_model.clone(),
            boilerplate: self.boilerplate.clone(),
            max_file_mb: self.max_file_mb,
            max_line_mb: self.max_line_mb,
            no_osc52: self.no_osc52,
            no_cache: self.no_cache,
            export_dir: self.export_dir.clone(),
        }
    }
}

/// What `akhbar cache` does.
#[derive(Subcommand, Clone, Copy)]
pub enum CacheAction {
    /// Remove every cached corpus
    Clear,
    /// Print the cache folder
    Path,
}

/// The explorer's filters, headless.
#[derive(Args, Clone, Default)]
pub struct FilterArgs {
    /// Title search, as the explorer's `/`: words in any order (Arabic or Latin), with
    /// 'exact ^first last$ !not a|b, or ~ for loose letters (see the README)
    #[arg(long, short)]
    pub query: Option<String>,
    /// Full-text body search, as the explorer's ctrl-f
    #[arg(long)]
    pub text: Option<String>,
    /// Only articles naming this entity (id, Arabic name or alias, or English name); repeatable, combined with AND
    #[arg(long, short)]
    pub entity: Vec<String>,
    /// Published on or after this date (YYYY-MM-DD or YYYY-MM)
    #[arg(long, value_parser = parse_from)]
    pub from: Option<NaiveDate>,
    /// Published on or before this date (YYYY-MM-DD or YYYY-MM)
    #[arg(long, value_parser = parse_to)]
    pub to: Option<NaiveDate>,
    /// Only undated articles
    #[arg(long)]
    pub undated: bool,
    /// Only the articles marked in the explorer (m)
    #[arg(long)]
    pub marked: bool,
}

/// The list orders of `--sort`.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum SortArg {
    Relevance,
    Newest,
    Oldest,
    Source,
}

impl SortArg {
    pub fn sort(self) -> Sort {
        match self {
            SortArg::Relevance => Sort::Relevance,
            SortArg::Newest => Sort::Newest,
            SortArg::Oldest => Sort::Oldest,
            SortArg::Source => Sort::Source,
        }
    }
}

/// A `--from`/`--to` date: a day, or a month meaning its first day (`--from`) or its last
/// (`--to`), so `--to 2022-02` includes the whole of February.
fn parse_day(s: &str, end_of_month: bool) -> Result<NaiveDate, String> {
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return Ok(d);
    }
    let first = NaiveDate::parse_from_str(&format!("{s}-01"), "%Y-%m-%d")
        .map_err(|_| format!("{s:?} is not a date: use YYYY-MM-DD or YYYY-MM"))?;
    if !end_of_month {
        return Ok(first);
    }
    let range = crate::index::month_range(crate::index::month_key(first));
    range.to.ok_or_else(|| format!("{s:?} is out of range"))
}

fn parse_from(s: &str) -> Result<NaiveDate, String> {
    parse_day(s, false)
}

fn parse_to(s: &str) -> Result<NaiveDate, String> {
    parse_day(s, true)
}

/// The entity types of `entities --type`.
#[derive(Clone, Copy, clap::ValueEnum)]
pub enum KindArg {
    #[value(name = "PER", alias = "per")]
    Per,
    #[value(name = "LOC", alias = "loc")]
    Loc,
    #[value(name = "ORG", alias = "org")]
    Org,
}

impl KindArg {
    pub fn kind(self) -> EntityKind {
        match self {
            KindArg::Per => EntityKind::Per,
            KindArg::Loc => EntityKind::Loc,
            KindArg::Org => EntityKind::Org,
        }
    }
}

/// The order of the list, for `list` and `export`.
#[derive(Args, Clone, Copy)]
pub struct SortArgs {
    /// Order: relevance (best title match first; newest without --query), newest, oldest, source
    #[arg(long = "sort", value_enum, default_value_t = SortArg::Relevance)]
    pub by: SortArg,
}

impl SortArgs {
    pub fn sort(self) -> crate::index::Sort {
        self.by.sort()
    }
}

// The subcommands. Their order here is the order of `--help`, completions and the man page.
// (A plain comment: clap would read a doc comment here as help text.)
#[derive(Subcommand)]
pub enum Command {
    /// List articles (id, date, source, title)
    List {
        #[command(flatten)]
        corpus: CorpusArgs,
        #[command(flatten)]
        filter: FilterArgs,
        #[command(flatten)]
        sort: SortArgs,
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
        #[arg(long)]
        json: bool,
    },
    /// Write the filtered articles with metadata and entities to a file
    Export {
        #[command(flatten)]
        corpus: CorpusArgs,
        #[command(flatten)]
        filter: FilterArgs,
        #[command(flatten)]
        sort: SortArgs,
        /// Output format
        #[arg(long, value_enum, default_value_t = Format::Jsonl)]
        format: Format,
        /// Output file (written to a temp file, then renamed; never inside the corpus)
        #[arg(short, long, value_name = "FILE", required_unless_present = "mapping")]
        output: Option<PathBuf>,
        /// Print the OpenSearch / Elasticsearch index mapping for `--format opensearch`
        /// (the body of `PUT /<index>`) and write nothing
        #[arg(long)]
        mapping: bool,
        /// The index the `_bulk` action lines name (`--format opensearch`)
        #[arg(long, value_name = "NAME", default_value = crate::export::opensearch::DEFAULT_INDEX)]
        index: String,
    },
    /// Show the effective configuration and where each value comes from
    Config {
        /// Print the settings (the default)
        #[arg(long)]
        print: bool,
    },
    /// Print a shell completion script: akhbar completions bash > ~/.local/share/bash-completion/completions/akhbar
    Completions { shell: clap_complete::Shell },
    /// Print the man page (roff): akhbar man > ~/.local/share/man/man1/akhbar.1
    Man,
    /// The corpus cache under $XDG_CACHE_HOME/akhbar: `akhbar cache clear` removes it
    Cache {
        #[command(subcommand)]
        action: CacheAction,
    },
    /// Corpus statistics: counts, date range, sources, load time, skipped files
    Stats {
        #[command(flatten)]
        corpus: CorpusArgs,
        #[arg(long)]
        json: bool,
    },
    /// Dev: train the NER tagger on a folder of annotated data (see the README)
    #[command(hide = true)]
    TrainNer {
        /// The NER data folder: labeled/*.txt (CoNLL) and unlabeled/*.txt (news text)
        #[arg(long, default_value = "../shared/ner")]
        data: PathBuf,
        /// Where to write the model
        #[arg(long, default_value = "data/ner.model")]
        out: PathBuf,
        #[arg(long, default_value_t = 8)]
        epochs: usize,
        /// Training files and weights, `file:weight,...` (default: ANERcorp's train file
        /// without its dev sixth; see the README)
        #[arg(long)]
        sources: Option<String>,
    },
    /// Dev: write a deterministic synthetic corpus recombined from real articles (benchmarks)
    #[command(hide = true)]
    Generate(crate::corpus::generate::Options),
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
        /// Characters of context on each side (cut at a word), 1 to 10000
        #[arg(long, default_value_t = 60, value_parser = clap::value_parser!(u16).range(1..=10_000))]
        width: u16,
        #[arg(long)]
        json: bool,
    },
    /// Near-duplicate clusters (wire copy): MinHash over 5-word shingles, verified exactly
    Dups {
        #[command(flatten)]
        corpus: CorpusArgs,
        #[command(flatten)]
        filter: FilterArgs,
        /// Jaccard similarity of shingle sets at or above which articles are joined (0 to 1)
        #[arg(long, default_value_t = 0.5, value_parser = fraction)]
        threshold: f64,
        /// Also join when this share of the smaller article's shingles is in the other (0: off; 0 to 1)
        #[arg(long, default_value_t = 0.8, value_parser = fraction)]
        containment: f64,
        /// Also print the figures of every pair of articles (sets of up to 1000 articles)
        #[arg(long)]
        pairs: bool,
        #[arg(long)]
        json: bool,
    },
}

/// The row orders of `kwic --sort`.
#[derive(Clone, Copy, clap::ValueEnum)]
pub enum KwicSortArg {
    Position,
    Left,
    Right,
}

impl KwicSortArg {
    pub fn sort(self) -> KwicSort {
        match self {
            KwicSortArg::Position => KwicSort::Position,
            KwicSortArg::Left => KwicSort::Left,
            KwicSortArg::Right => KwicSort::Right,
        }
    }
}

/// The options of `cooccur`: a `--limit` of 0 means no limit.
pub fn cooccur_options(min_count: u32, limit: usize) -> CooccurOptions {
    CooccurOptions {
        min_count,
        limit: (limit > 0).then_some(limit),
        positive_only: false,
    }
}

/// A number from 0 to 1 (a share); NaN and anything outside are refused.
fn fraction(s: &str) -> Result<f64, String> {
    let v: f64 = s.parse().map_err(|_| format!("{s:?} is not a number"))?;
    if (0.0..=1.0).contains(&v) {
        Ok(v)
    } else {
        Err(format!("{s} is not from 0 to 1"))
    }
}

/// The options of `dups`: a `--containment` of 0 turns containment off.
pub fn dup_options(threshold: f64, containment: f64) -> DupOptions {
    DupOptions {
        threshold,
        containment: (containment > 0.0).then_some(containment),
        ..DupOptions::default()
    }
}

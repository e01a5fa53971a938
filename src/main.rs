//! The command line. Every view of the explorer has a headless subcommand with `--json`.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Result};
use clap::{Args, CommandFactory, Parser, Subcommand};

use akhbar::analysis;
use akhbar::config::{self, ColorChoice, Config, Flags};
use akhbar::corpus::LoadError;
use akhbar::entities::{EntityKind, Extractor};
use akhbar::export::Format;
use akhbar::index::{DateRange, Filter, Sort};
use akhbar::library::{self, Library, OpenOptions};
use akhbar::report::{self, Record, Row, Stats};
use akhbar::ui::action::KeyMap;
use akhbar::ui::app::UiOptions;
use akhbar::ui::rtl::BidiMode;
use akhbar::ui::theme::Theme;
use chrono::NaiveDate;

/// The version with the commit it was built from (set by build.rs).
const VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (",
    env!("AKHBAR_GIT_COMMIT"),
    ")"
);

#[derive(Parser)]
#[command(
    name = "akhbar",
    version = VERSION,
    about = "Explore corpora of Arabic news articles from the terminal",
    after_help = "Settings also come from $XDG_CONFIG_HOME/akhbar/config.toml and AKHBAR_* variables; see `akhbar config --print`."
)]
#[command(args_conflicts_with_subcommands = true)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    corpus: CorpusArgs,
    #[command(flatten)]
    global: Global,
}

/// The corpus a command works on.
#[derive(Args, Clone, Default)]
struct CorpusArgs {
    /// A corpus folder or file (.txt, .jsonl, .json); default: data/
    path: Option<PathBuf>,
}

/// Flags every command takes. Each can also be set in the config file or the environment.
#[derive(Args, Clone, Default)]
struct Global {
    /// Config file to read instead of $XDG_CONFIG_HOME/akhbar/config.toml
    #[arg(long, value_name = "FILE", global = true)]
    config: Option<PathBuf>,
    /// How Arabic is laid out: app (akhbar reorders and joins letters; most terminals),
    /// terminal (for terminals that do bidi themselves: Konsole, mlterm, VTE, WezTerm), off (raw)
    #[arg(long, value_enum, global = true)]
    bidi: Option<BidiMode>,
    /// Colours: auto (honours NO_COLOR), always, never
    #[arg(long, value_enum, global = true)]
    color: Option<ColorChoice>,
    /// Extra boilerplate rules (TOML, same format as data/boilerplate.toml); repeatable
    #[arg(long, value_name = "FILE", global = true)]
    boilerplate: Vec<PathBuf>,
    /// Extra gazetteer entries (TOML, same format as data/gazetteer.toml); repeatable
    #[arg(long, value_name = "FILE", global = true)]
    gazetteer: Vec<PathBuf>,
    /// NER tagger model to use instead of the built-in one (written by `akhbar train-ner`)
    #[arg(long, value_name = "FILE", global = true)]
    ner_model: Option<PathBuf>,
    /// Skip .txt and .json files larger than this many MB (default 64)
    #[arg(long, value_name = "MB", global = true)]
    max_file_mb: Option<u64>,
    /// Skip JSONL lines longer than this many MB (default 16)
    #[arg(long, value_name = "MB", global = true)]
    max_line_mb: Option<usize>,
    /// Do not copy to the clipboard with OSC 52
    #[arg(long, global = true)]
    no_osc52: bool,
    /// Where the explorer's export key writes (default: the current folder)
    #[arg(long, value_name = "DIR", global = true)]
    export_dir: Option<PathBuf>,
    /// Write a log file (akhbar.log under $XDG_STATE_HOME/akhbar), never to the terminal
    #[arg(short, long, global = true)]
    verbose: bool,
}

impl Global {
    fn flags(&self) -> Flags {
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
            export_dir: self.export_dir.clone(),
        }
    }
}

/// The explorer's filters, headless.
#[derive(Args, Clone, Default)]
struct FilterArgs {
    /// Title search, as the explorer's `/`: words in any order (Arabic or Latin), with
    /// 'exact ^first last$ !not a|b, or ~ for loose letters (see the README)
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
    /// Only the articles marked in the explorer (m)
    #[arg(long)]
    marked: bool,
}

/// The list orders of `--sort`.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
enum SortArg {
    Relevance,
    Newest,
    Oldest,
    Source,
}

impl SortArg {
    fn sort(self) -> Sort {
        match self {
            SortArg::Relevance => Sort::Relevance,
            SortArg::Newest => Sort::Newest,
            SortArg::Oldest => Sort::Oldest,
            SortArg::Source => Sort::Source,
        }
    }
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
        /// Order: relevance (best title match first; newest without --query), newest, oldest, source
        #[arg(long, value_enum, default_value_t = SortArg::Relevance)]
        sort: SortArg,
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
        /// Order: relevance (best title match first; newest without --query), newest, oldest, source
        #[arg(long, value_enum, default_value_t = SortArg::Relevance)]
        sort: SortArg,
        /// Output format
        #[arg(long, value_enum, default_value_t = Format::Jsonl)]
        format: Format,
        /// Output file (written to a temp file, then renamed; never inside the corpus)
        #[arg(short, long, value_name = "FILE")]
        output: PathBuf,
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
    let verbose = cli.global.verbose;
    let log = if verbose { start_log() } else { None };
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let code = if e.downcast_ref::<LoadError>().is_some() {
                2
            } else {
                1
            };
            tracing::error!("{e:#}");
            eprintln!("akhbar: {}", report::safe_text(&format!("{e:#}")));
            if let Some(path) = log {
                eprintln!("akhbar: log written to {}", path.display());
            }
            ExitCode::from(code)
        }
    }
}

/// `-v`: log to a file under the state folder (never to the terminal, which the explorer owns).
fn start_log() -> Option<PathBuf> {
    let dir = akhbar::state::state_dir()?;
    std::fs::create_dir_all(&dir).ok()?;
    let path = dir.join("akhbar.log");
    let file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .ok()?;
    tracing_subscriber::fmt()
        .with_writer(std::sync::Mutex::new(file))
        .with_ansi(false)
        .with_max_level(tracing::Level::DEBUG)
        .init();
    tracing::info!(
        "akhbar {VERSION} started: {:?}",
        std::env::args().collect::<Vec<_>>()
    );
    Some(path)
}

fn run(cli: Cli) -> Result<()> {
    let ctx = Ctx {
        cfg: config::load(&cli.global.flags())?,
        global: cli.global,
    };
    let path = |c: CorpusArgs| c.path.or_else(|| cli.corpus.path.clone());
    match cli.command {
        None => explore(&ctx, cli.corpus.path.clone()),
        Some(Command::List {
            corpus,
            filter,
            sort,
            json,
        }) => list(&ctx, path(corpus), &filter, sort.sort(), json),
        Some(Command::Show { id, corpus, json }) => show(&ctx, path(corpus), &id, json),
        Some(Command::Entities { corpus, kind, json }) => {
            entities(&ctx, path(corpus), kind.map(KindArg::kind), json)
        }
        Some(Command::Tag { file, json }) => tag(&ctx, &file, json),
        Some(Command::Stats { corpus, json }) => stats(&ctx, path(corpus), json),
        Some(Command::Export {
            corpus,
            filter,
            sort,
            format,
            output,
        }) => export(&ctx, path(corpus), &filter, sort.sort(), format, &output),
        Some(Command::Config { .. }) => print(ctx.cfg.print().trim_end()),
        Some(Command::Completions { shell }) => {
            let mut out = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "akhbar", &mut out);
            print(String::from_utf8_lossy(&out).trim_end())
        }
        Some(Command::Man) => {
            let mut out = Vec::new();
            clap_mangen::Man::new(Cli::command()).render(&mut out)?;
            print(String::from_utf8_lossy(&out).trim_end())
        }
        Some(Command::TrainNer {
            data,
            out,
            epochs,
            sources,
        }) => train_ner(&data, &out, epochs, sources.as_deref()),
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
        Some(Command::Timeline {
            name,
            corpus,
            filter,
            json,
        }) => timeline(&ctx, path(corpus), &filter, &name, json),
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
            cooccur(&ctx, path(corpus), &filter, &name, &opts, json)
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
            kwic(&ctx, path(corpus), &filter, &term, sort, width, json)
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
            dups(&ctx, path(corpus), &filter, &opts, pairs, json)
        }
    }
}

/// The effective settings, shared by every command.
struct Ctx {
    cfg: Config,
    #[allow(dead_code)]
    global: Global,
}

impl Ctx {
    fn open(&self, path: Option<PathBuf>) -> Result<Library> {
        self.open_with(path, true)
    }

    /// Opens the corpus, extracting its entities only when `entities` says the command needs
    /// them (`list` and `show` print none unless a filter names one).
    fn open_with(&self, path: Option<PathBuf>, entities: bool) -> Result<Library> {
        let (lib, pending) = self.open_deferred(path)?;
        if entities {
            pending.fill(&lib);
            tracing::info!(
                "{} entities in {:?}",
                lib.entities().entities.len(),
                lib.extract_time()
            );
        }
        Ok(lib)
    }

    /// Opens the corpus and leaves its entities to extract (what the explorer does).
    fn open_deferred(&self, path: Option<PathBuf>) -> Result<(Library, library::Pending)> {
        let c = &self.cfg;
        let opts = OpenOptions {
            path: path.or_else(|| c.corpus.value.clone()),
            boilerplate: c.boilerplate.value.clone(),
            gazetteer: c.gazetteer.value.clone(),
            ner_model: c.ner_model.value.clone(),
            max_file_bytes: Some(c.max_file_mb.value << 20),
            max_line_bytes: Some(c.max_line_mb.value << 20),
        };
        let (lib, pending) = library::open_deferred(&opts)?;
        tracing::info!(
            "opened {}: {} articles, load {:?}, index {:?}",
            lib.corpus.root.display(),
            lib.corpus.articles.len(),
            lib.corpus.load_time,
            lib.index_time
        );
        for s in &lib.corpus.skipped {
            tracing::warn!("skipped {s}");
            eprintln!("akhbar: skipped {}", report::safe_text(&s.to_string()));
        }
        Ok((lib, pending))
    }

    fn theme(&self) -> Theme {
        match self.cfg.color.value {
            ColorChoice::Auto => Theme::from_env(),
            ColorChoice::Always => Theme { color: true },
            ColorChoice::Never => Theme { color: false },
        }
    }
}

fn print(text: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    match writeln!(out, "{text}") {
        // A closed pipe (`akhbar list | head`) is not an error.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        r => Ok(r?),
    }
}

/// Loads a state file, warning (not failing) when it is broken: the explorer still opens.
fn load_state<T: Default + for<'de> serde::Deserialize<'de>>(path: Option<PathBuf>) -> T {
    let Some(path) = path else {
        return T::default();
    };
    akhbar::state::read_json(&path).unwrap_or_else(|e| {
        eprintln!("akhbar: {}", report::safe_text(&format!("{e:#}")));
        T::default()
    })
}

fn explore(ctx: &Ctx, path: Option<PathBuf>) -> Result<()> {
    // The explorer opens on the corpus; entities are extracted beside it.
    let (lib, pending) = ctx.open_deferred(path)?;
    let c = &ctx.cfg;
    let opts = UiOptions {
        bidi: c.bidi.value,
        theme: Some(ctx.theme()),
        keys: KeyMap::new(&c.keys.value)?,
        osc52: c.osc52.value,
        history_size: c.history_size.value,
        export_dir: c
            .export_dir
            .value
            .clone()
            .unwrap_or_else(|| PathBuf::from(".")),
        marks: load_state(akhbar::state::marks_path()),
        history: load_state(akhbar::state::history_path()),
    };
    akhbar::ui::run(lib, Some(pending), opts)
}

/// Turns entity names given on the command line into entity numbers.
fn entity_ids(lib: &Library, names: &[String]) -> Result<Vec<u32>> {
    names.iter().map(|n| lib.resolve_entity(n)).collect()
}

/// The articles marked in the explorer, from the saved marks.
fn marked_set(lib: &Library) -> roaring::RoaringBitmap {
    let marks: akhbar::state::Marks = load_state(akhbar::state::marks_path());
    lib.articles()
        .iter()
        .enumerate()
        .filter(|(_, a)| marks.marks.contains(&akhbar::state::stable_id(a)))
        .map(|(i, _)| i as u32)
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
        marked: f.marked.then(|| marked_set(lib)),
        exclude: None,
        sort: Sort::default(),
    })
}

fn list(ctx: &Ctx, path: Option<PathBuf>, f: &FilterArgs, sort: Sort, json: bool) -> Result<()> {
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

fn show(ctx: &Ctx, path: Option<PathBuf>, id: &str, json: bool) -> Result<()> {
    let lib = ctx.open_with(path, false)?;
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
        Some(report::date_with_source(article)),
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

fn stats(ctx: &Ctx, path: Option<PathBuf>, json: bool) -> Result<()> {
    let lib = ctx.open(path)?;
    let stats = Stats::new(&lib);
    if json {
        return print(&report::safe_json(&stats)?);
    }
    print(&report::safe_text(stats.text().trim_end()))
}

fn entities(ctx: &Ctx, path: Option<PathBuf>, kind: Option<EntityKind>, json: bool) -> Result<()> {
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
        return print(&report::safe_json(&list)?);
    }
    let mut text = String::new();
    for e in list {
        let kind = e.kind.label();
        text += &format!(
            "{}\t{}\t{}\t{}\t{}\n",
            kind,
            e.articles,
            e.name,
            e.name_en.as_deref().unwrap_or("-"),
            e.aliases.join(" | ")
        );
    }
    print(report::safe_text(text.trim_end()).as_str())
}

fn tag(ctx: &Ctx, file: &std::path::Path, json: bool) -> Result<()> {
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
    let ex = library::extractor(&ctx.cfg.gazetteer.value, ctx.cfg.ner_model.value.as_deref())?;
    let mentions = akhbar::entities::tag(&ex, &text);
    if json {
        return print(&report::safe_json(&mentions)?);
    }
    let mut out = String::new();
    for m in mentions {
        let kind = m.kind.label();
        out += &format!(
            "{}\t{}\t{}..{}\t{}\n",
            kind, m.id, m.start, m.end, m.surface
        );
    }
    print(report::safe_text(out.trim_end()).as_str())
}

fn export(
    ctx: &Ctx,
    path: Option<PathBuf>,
    f: &FilterArgs,
    sort: Sort,
    format: Format,
    out: &std::path::Path,
) -> Result<()> {
    let lib = ctx.open(path)?;
    let filter = Filter {
        sort,
        ..build_filter(&lib, f)?
    };
    let ids = lib.apply(&filter).articles;
    akhbar::export::write(&lib, &ids, format, out)?;
    eprintln!(
        "akhbar: wrote {} articles to {}",
        ids.len(),
        report::safe_text(&out.display().to_string())
    );
    Ok(())
}

/// The hidden `train-ner` dev command: trains on the NER data folder, writes the model and
/// prints the dev split's scores.
fn train_ner(
    data: &std::path::Path,
    out: &std::path::Path,
    epochs: usize,
    sources: Option<&str>,
) -> Result<()> {
    use akhbar::entities::tagger::train;
    let mut picked = Vec::new();
    match sources {
        None => picked.extend(train::DEFAULT_SOURCES.iter().cloned()),
        Some(list) => {
            for item in list.split(',') {
                let (name, weight) = item.split_once(':').unwrap_or((item, "1"));
                let src = train::SOURCES
                    .iter()
                    .find(|s| s.file.starts_with(name))
                    .ok_or_else(|| {
                        anyhow::anyhow!("--sources: no training file starts with {name:?}")
                    })?;
                let weight = weight.parse().map_err(|_| {
                    anyhow::anyhow!("--sources: {item:?}: the weight must be a whole number")
                })?;
                picked.push(train::Source {
                    weight,
                    ..src.clone()
                });
            }
        }
    }
    let ex = Extractor::new(&akhbar::entities::Gazetteer::builtin()?);
    let opts = train::Options {
        epochs,
        ..train::Options::default()
    };
    let start = std::time::Instant::now();
    let (model, scores) = train::run(&ex, data, &picked, &opts, &mut |line| {
        eprintln!("[{:6.1} s] {line}", start.elapsed().as_secs_f64());
    })?;
    let bytes = model.to_bytes();
    std::fs::write(out, &bytes)
        .map_err(|e| anyhow::anyhow!("{}: cannot write: {e}", out.display()))?;
    eprintln!(
        "wrote {} ({} features, {:.1} MB) in {:.0} s",
        out.display(),
        model.features(),
        bytes.len() as f64 / 1e6,
        start.elapsed().as_secs_f64()
    );
    print(&format!(
        "dev (last sixth of ANERcorp train): {}",
        scores.line()
    ))
}

/// The hidden `generate` dev command: prints what it wrote as JSON.
fn generate(opts: akhbar::corpus::generate::Options) -> Result<()> {
    let summary = akhbar::corpus::generate::run(&opts)?;
    print(&serde_json::to_string(&summary)?)
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
    lib.entities().entities.get(e as usize).map(|x| EntityRef {
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
    ctx: &Ctx,
    path: Option<PathBuf>,
    f: &FilterArgs,
    name: &str,
) -> Result<(Library, RoaringSet, u32)> {
    let lib = ctx.open(path)?;
    let set = lib.apply(&build_filter(&lib, f)?).set;
    let e = lib.resolve_entity(name)?;
    Ok((lib, set, e))
}

type RoaringSet = roaring::RoaringBitmap;

fn timeline(
    ctx: &Ctx,
    path: Option<PathBuf>,
    f: &FilterArgs,
    name: &str,
    json: bool,
) -> Result<()> {
    let (lib, set, e) = open_entity(ctx, path, f, name)?;
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
        let kind = entity_ref(&lib, p.entity).map_or("", |r| r.kind.label());
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
    ctx: &Ctx,
    path: Option<PathBuf>,
    f: &FilterArgs,
    term: &str,
    sort: analysis::KwicSort,
    width: usize,
    json: bool,
) -> Result<()> {
    let lib = ctx.open(path)?;
    let set = lib.apply(&build_filter(&lib, f)?).set;
    let entity = lib.resolve_entity(term).ok();
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
    ctx: &Ctx,
    path: Option<PathBuf>,
    f: &FilterArgs,
    opts: &analysis::DupOptions,
    all_pairs: bool,
    json: bool,
) -> Result<()> {
    const MAX_ALL_PAIRS: u64 = 1000;
    let lib = ctx.open(path)?;
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

//! The command line. Every view of the explorer has a headless subcommand with `--json`.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Result};
use clap::{Args, CommandFactory, Parser, Subcommand};

use akhbar::config::{self, ColorChoice, Config, Flags};
use akhbar::corpus::LoadError;
use akhbar::entities::{EntityKind, Extractor};
use akhbar::export::Format;
use akhbar::index::{DateRange, Filter};
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
    /// Only the articles marked in the explorer (m)
    #[arg(long)]
    marked: bool,
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
        #[arg(long)]
        json: bool,
    },
    /// Write the filtered articles with metadata and entities to a file
    Export {
        #[command(flatten)]
        corpus: CorpusArgs,
        #[command(flatten)]
        filter: FilterArgs,
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
            json,
        }) => list(&ctx, path(corpus), &filter, json),
        Some(Command::Show { id, corpus, json }) => show(&ctx, path(corpus), &id, json),
        Some(Command::Entities { corpus, kind, json }) => {
            entities(&ctx, path(corpus), kind.map(KindArg::kind), json)
        }
        Some(Command::Tag { file, json }) => tag(&ctx, &file, json),
        Some(Command::Stats { corpus, json }) => stats(&ctx, path(corpus), json),
        Some(Command::Export {
            corpus,
            filter,
            format,
            output,
        }) => export(&ctx, path(corpus), &filter, format, &output),
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

/// The effective settings, shared by every command.
struct Ctx {
    cfg: Config,
    #[allow(dead_code)]
    global: Global,
}

impl Ctx {
    fn open(&self, path: Option<PathBuf>) -> Result<Library> {
        let c = &self.cfg;
        let opts = OpenOptions {
            path: path.or_else(|| c.corpus.value.clone()),
            boilerplate: c.boilerplate.value.clone(),
            gazetteer: c.gazetteer.value.clone(),
            max_file_bytes: Some(c.max_file_mb.value << 20),
            max_line_bytes: Some(c.max_line_mb.value << 20),
        };
        let lib = library::open(&opts)?;
        tracing::info!(
            "opened {}: {} articles, {} entities, load {:?}, entities {:?}, index {:?}",
            lib.corpus.root.display(),
            lib.corpus.articles.len(),
            lib.entities.entities.len(),
            lib.corpus.load_time,
            lib.extract_time,
            lib.index_time
        );
        for s in &lib.corpus.skipped {
            tracing::warn!("skipped {s}");
            eprintln!("akhbar: skipped {}", report::safe_text(&s.to_string()));
        }
        Ok(lib)
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
    let lib = ctx.open(path)?;
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
    akhbar::ui::run(lib, opts)
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
    })
}

fn list(ctx: &Ctx, path: Option<PathBuf>, f: &FilterArgs, json: bool) -> Result<()> {
    let lib = ctx.open(path)?;
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

fn show(ctx: &Ctx, path: Option<PathBuf>, id: &str, json: bool) -> Result<()> {
    let lib = ctx.open(path)?;
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
    let ex = Extractor::new(&library::gazetteer(&ctx.cfg.gazetteer.value)?);
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

fn export(
    ctx: &Ctx,
    path: Option<PathBuf>,
    f: &FilterArgs,
    format: Format,
    out: &std::path::Path,
) -> Result<()> {
    let lib = ctx.open(path)?;
    let filter = build_filter(&lib, f)?;
    let ids = lib.apply(&filter).articles;
    akhbar::export::write(&lib, &ids, format, out)?;
    eprintln!(
        "akhbar: wrote {} articles to {}",
        ids.len(),
        report::safe_text(&out.display().to_string())
    );
    Ok(())
}

/// The hidden `generate` dev command: prints what it wrote as JSON.
fn generate(opts: akhbar::corpus::generate::Options) -> Result<()> {
    let summary = akhbar::corpus::generate::run(&opts)?;
    print(&serde_json::to_string(&summary)?)
}

//! The command line. Every view of the explorer has a headless subcommand with `--json`.
//!
//! The flags are defined in [`args`]; this module parses them, builds the [`Ctx`] every
//! command shares, and sends each subcommand to its module: [`browse`] (reading the corpus),
//! [`analyst`] (timelines, co-occurrence, keyword in context, duplicates) and [`setup`]
//! (configuration, shell files, dev commands and the explorer itself). Nothing outside `cli`
//! depends on it; the binary only calls [`run`].

mod analyst;
mod args;
mod browse;
mod progress;
mod setup;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use clap::Parser;

use crate::config::{self, ColorChoice, Config};
use crate::corpus::LoadError;
use crate::index::{DateRange, Filter, Sort};
use crate::library::{self, Library, OpenOptions};
use crate::report;
use crate::ui::theme::Theme;

use args::{Cli, Command, CorpusArgs, FilterArgs, KindArg, VERSION};

/// Parses the command line and runs it. Errors are printed here; a corpus that cannot be
/// loaded exits with 2, any other error with 1.
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    let log = if cli.global.verbose {
        start_log()
    } else {
        None
    };
    match execute(cli) {
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
    let dir = crate::persist::state_dir()?;
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

/// Reads the settings, then runs the subcommand, or the explorer when there is none.
fn execute(cli: Cli) -> Result<()> {
    let ctx = Ctx {
        cfg: config::load(&cli.global.flags())?,
        corpus: cli.corpus.path,
    };
    match cli.command {
        None => setup::explore(&ctx, ctx.corpus.clone()),
        Some(command) => dispatch(&ctx, command),
    }
}

/// One arm per subcommand: unpacks its arguments and calls the function that does it.
fn dispatch(ctx: &Ctx, command: Command) -> Result<()> {
    match command {
        Command::List {
            corpus,
            filter,
            sort,
            json,
        } => browse::list(ctx, ctx.path(corpus), &filter, sort.sort(), json),
        Command::Show { id, corpus, json } => browse::show(ctx, ctx.path(corpus), &id, json),
        Command::Entities { corpus, kind, json } => {
            browse::entities(ctx, ctx.path(corpus), kind.map(KindArg::kind), json)
        }
        Command::Tag { file, json } => browse::tag(ctx, &file, json),
        Command::Stats { corpus, json } => browse::stats(ctx, ctx.path(corpus), json),
        Command::Export {
            corpus,
            filter,
            sort,
            format,
            output,
            mapping,
            index,
        } => match output {
            _ if mapping => print_json(&crate::export::opensearch::mapping()),
            Some(out) => {
                let to = browse::ExportTo {
                    format,
                    out: &out,
                    index: &index,
                };
                browse::export(ctx, ctx.path(corpus), &filter, sort.sort(), to)
            }
            None => anyhow::bail!("export needs -o FILE (or --mapping)"),
        },
        Command::Config { .. } => setup::config(ctx),
        Command::Completions { shell } => setup::completions(shell),
        Command::Man => setup::man(),
        Command::Cache { action } => setup::cache(action),
        Command::TrainNer {
            data,
            out,
            epochs,
            sources,
        } => setup::train_ner(&data, &out, epochs, sources.as_deref()),
        Command::Generate(opts) => setup::generate(opts),
        command => dispatch_analysis(ctx, command),
    }
}

/// The analysis subcommands; every other one is [`dispatch`]ed before it gets here.
fn dispatch_analysis(ctx: &Ctx, command: Command) -> Result<()> {
    match command {
        Command::Timeline {
            name,
            corpus,
            filter,
            json,
        } => analyst::timeline(ctx, ctx.path(corpus), &filter, &name, json),
        Command::Cooccur {
            name,
            corpus,
            filter,
            min_count,
            limit,
            json,
        } => {
            let opts = args::cooccur_options(min_count, limit);
            analyst::cooccur(ctx, ctx.path(corpus), &filter, &name, &opts, json)
        }
        Command::Kwic {
            term,
            corpus,
            filter,
            sort,
            width,
            json,
        } => analyst::kwic(
            ctx,
            ctx.path(corpus),
            &filter,
            &term,
            sort.sort(),
            usize::from(width),
            json,
        ),
        Command::Dups {
            corpus,
            filter,
            threshold,
            containment,
            pairs,
            json,
        } => {
            let opts = args::dup_options(threshold, containment);
            analyst::dups(ctx, ctx.path(corpus), &filter, &opts, pairs, json)
        }
        _ => unreachable!("dispatch handles every other subcommand"),
    }
}

/// The effective settings, shared by every command.
struct Ctx {
    cfg: Config,
    /// The corpus given before the subcommand (`akhbar PATH list`), if any.
    corpus: Option<PathBuf>,
}

impl Ctx {
    /// The corpus of a subcommand: its own path argument, else the one given before it.
    fn path(&self, c: CorpusArgs) -> Option<PathBuf> {
        c.path.or_else(|| self.corpus.clone())
    }

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

    /// Opens the corpus and leaves its entities to extract, with a progress bar on standard
    /// error when it is a terminal; files that could not be read are listed there.
    fn open_deferred(&self, path: Option<PathBuf>) -> Result<(Library, library::Pending)> {
        let mut opts = self.open_options(path);
        let (lib, pending) = progress::with_bar(&mut opts, library::open_deferred)?;
        log_opened(&lib);
        for s in &lib.corpus.skipped {
            eprintln!("akhbar: skipped {}", report::safe_text(&s.to_string()));
        }
        for s in &lib.corpus.notes {
            eprintln!("akhbar: note: {}", report::safe_text(&s.to_string()));
        }
        Ok((lib, pending))
    }

    /// How to open the corpus at `path` (or the configured one) with these settings.
    fn open_options(&self, path: Option<PathBuf>) -> OpenOptions {
        let c = &self.cfg;
        OpenOptions {
            path: path.or_else(|| c.corpus.value.clone()),
            boilerplate: c.boilerplate.value.clone(),
            gazetteer: c.gazetteer.value.clone(),
            ner_model: c.ner_model.value.clone(),
            max_file_bytes: Some(c.max_file_mb.value << 20),
            max_line_bytes: Some(c.max_line_mb.value << 20),
            progress: None,
            cache: c.cache.value,
            defer_cache_write: false,
        }
    }

    fn theme(&self) -> Theme {
        match self.cfg.color.value {
            ColorChoice::Auto => Theme::from_env(),
            ColorChoice::Always => Theme { color: true },
            ColorChoice::Never => Theme { color: false },
        }
    }
}

/// What opening took, in the log (`--log`).
fn log_opened(lib: &Library) {
    tracing::info!(
        "opened {}: {} articles, load {:?}, index {:?}",
        lib.corpus.root.display(),
        lib.corpus.articles.len(),
        lib.corpus.load_time,
        lib.index_time
    );
    for s in &lib.corpus.skipped {
        tracing::warn!("skipped {s}");
    }
}

/// Writes a line to standard output.
fn print(text: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    match writeln!(out, "{text}") {
        // A closed pipe (`akhbar list | head`) is not an error.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        r => Ok(r?),
    }
}

/// Text output: made safe for a terminal, without the trailing newline `print` adds back.
fn print_text(text: &str) -> Result<()> {
    print(report::safe_text(text.trim_end()).as_str())
}

/// JSON output, made safe for a terminal.
fn print_json<T: serde::Serialize + ?Sized>(value: &T) -> Result<()> {
    print(&report::safe_json(value)?)
}

/// Loads a state file, warning (not failing) when it is broken: the explorer still opens.
fn load_state<T: Default + for<'de> serde::Deserialize<'de>>(path: Option<PathBuf>) -> T {
    let Some(path) = path else {
        return T::default();
    };
    crate::persist::read_json(&path).unwrap_or_else(|e| {
        eprintln!("akhbar: {}", report::safe_text(&format!("{e:#}")));
        T::default()
    })
}

/// Turns entity names given on the command line into entity numbers.
fn entity_ids(lib: &Library, names: &[String]) -> Result<Vec<u32>> {
    names.iter().map(|n| lib.resolve_entity(n)).collect()
}

/// The articles marked in the explorer, from the saved marks.
fn marked_set(lib: &Library) -> roaring::RoaringBitmap {
    let marks: crate::persist::Marks = load_state(crate::persist::marks_path());
    lib.articles()
        .iter()
        .enumerate()
        .filter(|(_, a)| marks.marks.contains(&crate::persist::stable_id(a)))
        .map(|(i, _)| i as u32)
        .collect()
}

/// The filter of the filter flags, in the default order.
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

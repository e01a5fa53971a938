//! Everything around the corpus commands: the explorer launch, `config`, the shell
//! `completions` and `man` page, and the hidden dev commands `train-ner` and `generate`.

use std::path::{Path, PathBuf};

use anyhow::{anyhow, Result};
use clap::CommandFactory;

use crate::corpus::LoadProgress;
use crate::entities::tagger::train;
use crate::entities::{Extractor, Gazetteer};
use crate::keys::KeyMap;
use crate::ui::app::UiOptions;
use crate::ui::Opening;
use std::sync::Arc;

use super::args::Cli;
use super::{load_state, print, Ctx};

/// No subcommand: the explorer. Its screen comes at once and shows the load's progress; the
/// entities are extracted beside the corpus once it is on screen.
pub fn explore(ctx: &Ctx, path: Option<PathBuf>) -> Result<()> {
    let progress = Arc::new(LoadProgress::default());
    let mut open = ctx.open_options(path);
    open.progress = Some(Arc::clone(&progress));
    // Written once the corpus is on screen: at a million articles, 3 GB to encode and write.
    open.defer_cache_write = true;
    // A corpus that is not there is said before the terminal changes mode.
    if let Some(p) = open.path.as_ref().filter(|p| std::fs::metadata(p).is_err()) {
        anyhow::bail!("{}: no such file or folder", p.display());
    }
    let what = match &open.path {
        Some(p) => p.display().to_string(),
        None => crate::library::DEFAULT_PATH.to_string(),
    };
    let opening = Opening {
        open: Box::new(move || {
            let opened = crate::library::open_deferred(&open)?;
            super::log_opened(&opened.0);
            Ok(opened)
        }),
        progress,
        what: crate::report::safe_text(&what),
    };
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
        marks: load_state(crate::persist::marks_path()),
        history: load_state(crate::persist::history_path()),
    };
    crate::ui::run(opening, opts)
}

/// `cache clear` and `cache path`.
pub fn cache(action: super::args::CacheAction) -> Result<()> {
    let dir = crate::persist::cache_dir().ok_or_else(|| anyhow!("no home folder for a cache"))?;
    match action {
        super::args::CacheAction::Path => print(&dir.display().to_string()),
        super::args::CacheAction::Clear => {
            let n = crate::library::cache::clear()?;
            print(&format!(
                "removed {n} cached corpora from {}",
                dir.display()
            ))
        }
    }
}

/// `config`: the effective settings and where each comes from.
pub fn config(ctx: &Ctx) -> Result<()> {
    print(ctx.cfg.print().trim_end())
}

/// `completions SHELL`: the completion script clap writes for the shell.
pub fn completions(shell: clap_complete::Shell) -> Result<()> {
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "akhbar", &mut out);
    print(String::from_utf8_lossy(&out).trim_end())
}

/// `man`: the man page in roff.
pub fn man() -> Result<()> {
    let mut out = Vec::new();
    clap_mangen::Man::new(Cli::command()).render(&mut out)?;
    print(String::from_utf8_lossy(&out).trim_end())
}

/// The hidden `train-ner` dev command: trains on the NER data folder, writes the model and
/// prints the dev split's scores.
pub fn train_ner(data: &Path, out: &Path, epochs: usize, sources: Option<&str>) -> Result<()> {
    let picked = match sources {
        None => train::DEFAULT_SOURCES.to_vec(),
        Some(list) => parse_sources(list)?,
    };
    let ex = Extractor::new(&Gazetteer::builtin()?);
    let opts = train::Options {
        epochs,
        ..train::Options::default()
    };
    let start = std::time::Instant::now();
    let (model, scores) = train::run(&ex, data, &picked, &opts, &mut |line| {
        eprintln!("[{:6.1} s] {line}", start.elapsed().as_secs_f64());
    })?;
    let bytes = model.to_bytes();
    std::fs::write(out, &bytes).map_err(|e| anyhow!("{}: cannot write: {e}", out.display()))?;
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

/// `--sources file:weight,...`: each file named by a prefix, the weight 1 when left out.
fn parse_sources(list: &str) -> Result<Vec<train::Source>> {
    let mut picked = Vec::new();
    for item in list.split(',') {
        let (name, weight) = item.split_once(':').unwrap_or((item, "1"));
        let src = train::SOURCES
            .iter()
            .find(|s| s.file.starts_with(name))
            .ok_or_else(|| anyhow!("--sources: no training file starts with {name:?}"))?;
        let weight = weight
            .parse()
            .map_err(|_| anyhow!("--sources: {item:?}: the weight must be a whole number"))?;
        picked.push(train::Source {
            weight,
            ..src.clone()
        });
    }
    Ok(picked)
}

/// The hidden `generate` dev command: prints what it wrote as JSON.
pub fn generate(opts: crate::corpus::generate::Options) -> Result<()> {
    let summary = crate::corpus::generate::run(&opts)?;
    print(&serde_json::to_string(&summary)?)
}

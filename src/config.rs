//! Settings: command-line flag > environment variable > config file > default. The config file
//! is TOML at `$XDG_CONFIG_HOME/akhbar/config.toml` (or `$AKHBAR_CONFIG`); every flag can be set
//! there. `akhbar config --print` shows each effective value and where it came from.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use serde::Deserialize;

/// When to use colours.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum ColorChoice {
    /// Colours unless NO_COLOR is set.
    #[default]
    Auto,
    Always,
    Never,
}

/// The config file as written. Unknown keys are errors.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    bidi: Option<BidiMode>,
    color: Option<ColorChoice>,
    corpus: Option<PathBuf>,
    gazetteer: Option<Vec<PathBuf>>,
    ner_model: Option<PathBuf>,
    boilerplate: Option<Vec<PathBuf>>,
    max_file_mb: Option<u64>,
    max_line_mb: Option<usize>,
    osc52: Option<bool>,
    cache: Option<bool>,
    history_size: Option<usize>,
    export_dir: Option<PathBuf>,
    keys: Option<BTreeMap<String, String>>,
}

/// Who takes care of bidirectional text.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Default,
    serde::Deserialize,
    serde::Serialize,
    clap::ValueEnum,
)]
#[serde(rename_all = "lowercase")]
pub enum BidiMode {
    /// The app shapes Arabic, reorders each line to visual order and right-aligns
    /// right-to-left paragraphs. For terminals without bidi support (the common case).
    #[default]
    App,
    /// Logical order for bidi-capable terminals (Konsole, mlterm, VTE with bidi, WezTerm with
    /// `bidi_enabled`): those reorder, shape and align each row themselves and would reverse
    /// already reordered text a second time. Text is still sanitised and wrapped, but neither
    /// shaped, reordered, mirrored nor right-aligned; harakat are kept.
    Terminal,
    /// Raw logical order, no shaping, no alignment: for debugging and piping. Still sanitised
    /// (sanitising is never off).
    Off,
}

/// Where a value came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    Default,
    File(PathBuf),
    Env(&'static str),
    Flag,
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Default => write!(f, "default"),
            Source::File(p) => write!(f, "file {}", p.display()),
            Source::Env(v) => write!(f, "env {v}"),
            Source::Flag => write!(f, "flag"),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Setting<T> {
    pub value: T,
    pub source: Source,
}

/// Values given on the command line (None = not given).
#[derive(Clone, Debug, Default)]
pub struct Flags {
    pub config: Option<PathBuf>,
    pub bidi: Option<BidiMode>,
    pub color: Option<ColorChoice>,
    pub corpus: Option<PathBuf>,
    pub gazetteer: Vec<PathBuf>,
    pub ner_model: Option<PathBuf>,
    pub boilerplate: Vec<PathBuf>,
    pub max_file_mb: Option<u64>,
    pub max_line_mb: Option<usize>,
    pub no_osc52: bool,
    pub no_cache: bool,
    pub export_dir: Option<PathBuf>,
}

/// The effective settings.
#[derive(Clone, Debug)]
pub struct Config {
    pub file: Option<PathBuf>,
    pub bidi: Setting<BidiMode>,
    pub color: Setting<ColorChoice>,
    pub corpus: Setting<Option<PathBuf>>,
    pub gazetteer: Setting<Vec<PathBuf>>,
    pub ner_model: Setting<Option<PathBuf>>,
    pub boilerplate: Setting<Vec<PathBuf>>,
    pub max_file_mb: Setting<u64>,
    pub max_line_mb: Setting<usize>,
    pub osc52: Setting<bool>,
    pub cache: Setting<bool>,
    pub history_size: Setting<usize>,
    pub export_dir: Setting<Option<PathBuf>>,
    pub keys: Setting<BTreeMap<String, String>>,
}

/// The terminals that reorder bidirectional text themselves (`--bidi terminal`), as the help
/// names them.
pub const BIDI_TERMINALS: &str = "Konsole, mlterm, VTE with bidi, WezTerm bidi_enabled";

/// The largest size limit accepted, in MB (a terabyte): larger numbers would overflow when
/// turned into bytes.
pub const MAX_LIMIT_MB: u64 = 1 << 20;

/// Numbers that are out of range say so, naming the setting and where it came from.
fn check_ranges(c: &Config) -> Result<()> {
    let check = |name: &str, v: u64, lo: u64, hi: u64, src: &Source| {
        if (lo..=hi).contains(&v) {
            Ok(())
        } else {
            Err(anyhow::anyhow!(
                "{name} = {v} ({src}): must be from {lo} to {hi}"
            ))
        }
    };
    check(
        "max_file_mb",
        c.max_file_mb.value,
        1,
        MAX_LIMIT_MB,
        &c.max_file_mb.source,
    )?;
    check(
        "max_line_mb",
        c.max_line_mb.value as u64,
        1,
        MAX_LIMIT_MB,
        &c.max_line_mb.source,
    )?;
    check(
        "history_size",
        c.history_size.value as u64,
        0,
        100_000,
        &c.history_size.source,
    )
}

/// Queries kept in the search history by default.
pub const DEFAULT_HISTORY_SIZE: usize = 200;

/// Every key of the config file, for documentation and `config --print`.
pub const KEYS: &[(&str, &str, &str)] = &[
    (
        "bidi",
        "AKHBAR_BIDI",
        "app | terminal | off: how Arabic is laid out (default app)",
    ),
    (
        "color",
        "AKHBAR_COLOR",
        "auto | always | never (auto honours NO_COLOR)",
    ),
    (
        "corpus",
        "AKHBAR_CORPUS",
        "default corpus path when none is given (default data/)",
    ),
    (
        "gazetteer",
        "AKHBAR_GAZETTEER",
        "extra gazetteer files (list; env: paths separated by :)",
    ),
    (
        "ner_model",
        "AKHBAR_NER_MODEL",
        "NER tagger model file instead of the built-in one (from `akhbar train-ner`)",
    ),
    (
        "boilerplate",
        "AKHBAR_BOILERPLATE",
        "extra boilerplate rule files (list; env: paths separated by :)",
    ),
    (
        "max_file_mb",
        "AKHBAR_MAX_FILE_MB",
        "skip .txt/.json files larger than this (default 64)",
    ),
    (
        "max_line_mb",
        "AKHBAR_MAX_LINE_MB",
        "skip JSONL lines longer than this (default 16)",
    ),
    (
        "osc52",
        "AKHBAR_OSC52",
        "true | false: copy to your own clipboard over SSH with OSC 52 (default true)",
    ),
    (
        "cache",
        "AKHBAR_CACHE",
        "true | false: keep what loading made of each file under $XDG_CACHE_HOME/akhbar (default true)",
    ),
    (
        "history_size",
        "AKHBAR_HISTORY_SIZE",
        "queries kept in the search history (default 200)",
    ),
    (
        "export_dir",
        "AKHBAR_EXPORT_DIR",
        "where the explorer's export key writes (default the current folder)",
    ),
    (
        "keys",
        "-",
        "table of key bindings for the main actions, e.g. keys.quit = \"Q\"",
    ),
];

/// The default config file path.
pub fn default_path() -> Option<PathBuf> {
    crate::persist::config_dir().map(|d| d.join("config.toml"))
}

/// Reads the config file (the `--config` flag, `$AKHBAR_CONFIG`, or the default path; a
/// missing default file is fine) and resolves every setting.
pub fn load(flags: &Flags) -> Result<Config> {
    let env = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
    let explicit = flags
        .config
        .clone()
        .or_else(|| env("AKHBAR_CONFIG").map(PathBuf::from));
    let path = explicit.clone().or_else(default_path);
    let text = match &path {
        Some(p) => match std::fs::read_to_string(p) {
            Ok(t) => Some(t),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && explicit.is_none() => None,
            Err(e) => {
                return Err(e).with_context(|| format!("cannot read config file {}", p.display()))
            }
        },
        None => None,
    };
    let file = match (&path, &text) {
        (Some(p), Some(t)) => Some((p.as_path(), t.as_str())),
        _ => None,
    };
    resolve(flags, &env, file)
}

/// Resolves settings from the flags, an environment lookup and a config file's text.
pub fn resolve(
    flags: &Flags,
    env: &dyn Fn(&str) -> Option<String>,
    file: Option<(&Path, &str)>,
) -> Result<Config> {
    let parsed: File = match file {
        Some((p, text)) => toml::from_str(text)
            .map_err(|e| anyhow::anyhow!("{}: {}", p.display(), e.to_string().trim_end()))?,
        None => File::default(),
    };
    let fsrc = || Source::File(file.map(|(p, _)| p.to_path_buf()).unwrap_or_default());
    let r = Resolver { env, fsrc: &fsrc };
    if let (Some(keys), Some((p, _))) = (&parsed.keys, file) {
        crate::keys::KeyMap::new(keys).with_context(|| format!("{}: [keys]", p.display()))?;
    }
    let c = Config {
        file: file.map(|(p, _)| p.to_path_buf()),
        bidi: r.pick(
            flags.bidi,
            "AKHBAR_BIDI",
            parsed.bidi,
            BidiMode::App,
            parse_enum,
        )?,
        color: r.pick(
            flags.color,
            "AKHBAR_COLOR",
            parsed.color,
            ColorChoice::Auto,
            parse_enum,
        )?,
        corpus: r.pick(
            flags.corpus.clone().map(Some),
            "AKHBAR_CORPUS",
            parsed.corpus.map(Some),
            None,
            |s| Ok(Some(PathBuf::from(s))),
        )?,
        gazetteer: r.pick(
            nonempty(&flags.gazetteer),
            "AKHBAR_GAZETTEER",
            parsed.gazetteer,
            Vec::new(),
            paths,
        )?,
        ner_model: r.pick(
            flags.ner_model.clone().map(Some),
            "AKHBAR_NER_MODEL",
            parsed.ner_model.map(Some),
            None,
            |s| Ok(Some(PathBuf::from(s))),
        )?,
        boilerplate: r.pick(
            nonempty(&flags.boilerplate),
            "AKHBAR_BOILERPLATE",
            parsed.boilerplate,
            Vec::new(),
            paths,
        )?,
        max_file_mb: r.pick(
            flags.max_file_mb,
            "AKHBAR_MAX_FILE_MB",
            parsed.max_file_mb,
            crate::corpus::DEFAULT_MAX_FILE_MB,
            parse_num,
        )?,
        max_line_mb: r.pick(
            flags.max_line_mb,
            "AKHBAR_MAX_LINE_MB",
            parsed.max_line_mb,
            crate::corpus::DEFAULT_MAX_LINE_MB,
            parse_num,
        )?,
        osc52: r.pick(
            flags.no_osc52.then_some(false),
            "AKHBAR_OSC52",
            parsed.osc52,
            true,
            parse_bool,
        )?,
        cache: r.pick(
            flags.no_cache.then_some(false),
            "AKHBAR_CACHE",
            parsed.cache,
            true,
            parse_bool,
        )?,
        history_size: r.pick(
            None,
            "AKHBAR_HISTORY_SIZE",
            parsed.history_size,
            DEFAULT_HISTORY_SIZE,
            parse_num,
        )?,
        export_dir: r.pick(
            flags.export_dir.clone().map(Some),
            "AKHBAR_EXPORT_DIR",
            parsed.export_dir.map(Some),
            None,
            |s| Ok(Some(PathBuf::from(s))),
        )?,
        keys: r.pick(None, "-", parsed.keys, BTreeMap::new(), |_| {
            bail!("keys can only be set in the config file")
        })?,
    };
    check_ranges(&c)?;
    Ok(c)
}

struct Resolver<'a> {
    env: &'a dyn Fn(&str) -> Option<String>,
    fsrc: &'a dyn Fn() -> Source,
}

impl Resolver<'_> {
    fn pick<T>(
        &self,
        flag: Option<T>,
        var: &'static str,
        file: Option<T>,
        default: T,
        parse: impl Fn(&str) -> Result<T>,
    ) -> Result<Setting<T>> {
        if let Some(value) = flag {
            return Ok(Setting {
                value,
                source: Source::Flag,
            });
        }
        if let Some(raw) = (self.env)(var) {
            let value =
                parse(&raw).with_context(|| format!("environment variable {var}={raw:?}"))?;
            return Ok(Setting {
                value,
                source: Source::Env(var),
            });
        }
        if let Some(value) = file {
            return Ok(Setting {
                value,
                source: (self.fsrc)(),
            });
        }
        Ok(Setting {
            value: default,
            source: Source::Default,
        })
    }
}

fn nonempty(v: &[PathBuf]) -> Option<Vec<PathBuf>> {
    (!v.is_empty()).then(|| v.to_vec())
}

fn paths(s: &str) -> Result<Vec<PathBuf>> {
    Ok(std::env::split_paths(s).collect())
}

fn parse_enum<T: clap::ValueEnum>(s: &str) -> Result<T> {
    T::from_str(s, true).map_err(|_| {
        let names: Vec<String> = T::value_variants()
            .iter()
            .filter_map(|v| v.to_possible_value().map(|p| p.get_name().to_string()))
            .collect();
        anyhow::anyhow!("{s:?} is not one of {}", names.join(", "))
    })
}

fn parse_num<T: std::str::FromStr>(s: &str) -> Result<T> {
    s.trim()
        .parse()
        .map_err(|_| anyhow::anyhow!("{s:?} is not a whole number"))
}

fn parse_bool(s: &str) -> Result<bool> {
    match s.trim().to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Ok(true),
        "0" | "false" | "no" | "off" => Ok(false),
        _ => bail!("{s:?} is not true or false"),
    }
}

impl Config {
    /// Every setting with its value and where it came from, as TOML with comments.
    pub fn print(&self) -> String {
        let mut out = match &self.file {
            Some(p) => format!("# config file: {}\n", p.display()),
            None => format!(
                "# config file: none (would be {})\n",
                default_path().map_or("-".into(), |p| p.display().to_string())
            ),
        };
        let line = |k: &str, v: String, s: &Source| format!("{k} = {v}  # {s}\n");
        out += &line(
            "bidi",
            quote(&format!("{:?}", self.bidi.value).to_lowercase()),
            &self.bidi.source,
        );
        out += &line(
            "color",
            quote(&format!("{:?}", self.color.value).to_lowercase()),
            &self.color.source,
        );
        let corpus = self
            .corpus
            .value
            .as_ref()
            .map_or("\"data\"".into(), |p| quote(&p.display().to_string()));
        out += &line("corpus", corpus, &self.corpus.source);
        out += &line(
            "gazetteer",
            list(&self.gazetteer.value),
            &self.gazetteer.source,
        );
        // No path means the built-in model, which has no file name to print.
        out += &match &self.ner_model.value {
            Some(p) => line(
                "ner_model",
                quote(&p.display().to_string()),
                &self.ner_model.source,
            ),
            None => "# ner_model = \"FILE\"  # default: the built-in model\n".to_string(),
        };
        out += &line(
            "boilerplate",
            list(&self.boilerplate.value),
            &self.boilerplate.source,
        );
        out += &line(
            "max_file_mb",
            self.max_file_mb.value.to_string(),
            &self.max_file_mb.source,
        );
        out += &line(
            "max_line_mb",
            self.max_line_mb.value.to_string(),
            &self.max_line_mb.source,
        );
        out += &line("osc52", self.osc52.value.to_string(), &self.osc52.source);
        out += &line("cache", self.cache.value.to_string(), &self.cache.source);
        out += &line(
            "history_size",
            self.history_size.value.to_string(),
            &self.history_size.source,
        );
        let export = self
            .export_dir
            .value
            .as_ref()
            .map_or("\".\"".into(), |p| quote(&p.display().to_string()));
        out += &line("export_dir", export, &self.export_dir.source);
        out += &format!("[keys]  # {}\n", self.keys.source);
        for (k, v) in &self.keys.value {
            out += &format!("{k} = {}\n", quote(v));
        }
        out
    }
}

fn quote(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

fn list(v: &[PathBuf]) -> String {
    let items: Vec<String> = v.iter().map(|p| quote(&p.display().to_string())).collect();
    format!("[{}]", items.join(", "))
}

#[cfg(test)]
mod defaults_tests {
    use super::*;

    /// The help texts write the defaults out; they must say the values the code uses.
    #[test]
    fn key_docs_state_the_defaults_the_code_uses() {
        let doc = |key: &str| KEYS.iter().find(|k| k.0 == key).map(|k| k.2).unwrap_or("");
        let m = crate::corpus::DEFAULT_MAX_FILE_MB;
        assert!(doc("max_file_mb").contains(&format!("(default {m})")));
        let l = crate::corpus::DEFAULT_MAX_LINE_MB;
        assert!(doc("max_line_mb").contains(&format!("(default {l})")));
        let h = DEFAULT_HISTORY_SIZE;
        assert!(doc("history_size").contains(&format!("(default {h})")));
    }
}

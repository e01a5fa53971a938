//! Configuration: precedence (flag > environment > file > default) and every error message of a
//! bad configuration.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

use akhbar::config::{resolve, ColorChoice, Flags, Source};
use akhbar::ui::rtl::BidiMode;

fn env(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
    let map: HashMap<String, String> = vars
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    move |k: &str| map.get(k).cloned()
}

const FILE: &str = "bidi = \"terminal\"\ncolor = \"never\"\nmax_file_mb = 8\nosc52 = false\n[keys]\nquit = \"Q\"\n";

#[test]
fn default_when_nothing_is_set() {
    let c = resolve(&Flags::default(), &env(&[]), None).unwrap();
    assert_eq!(
        (c.bidi.value, c.bidi.source),
        (BidiMode::App, Source::Default)
    );
    assert_eq!(c.max_file_mb.value, 64);
    assert!(c.osc52.value);
}

#[test]
fn file_beats_default() {
    let path = Path::new("/cfg/config.toml");
    let c = resolve(&Flags::default(), &env(&[]), Some((path, FILE))).unwrap();
    assert_eq!(c.bidi.value, BidiMode::Terminal);
    assert_eq!(c.bidi.source, Source::File(path.into()));
    assert_eq!(c.color.value, ColorChoice::Never);
    assert_eq!(c.max_file_mb.value, 8);
    assert!(!c.osc52.value);
    assert_eq!(c.keys.value.get("quit").map(String::as_str), Some("Q"));
}

#[test]
fn env_beats_file() {
    let path = Path::new("/cfg/config.toml");
    let e = env(&[
        ("AKHBAR_BIDI", "off"),
        ("AKHBAR_MAX_FILE_MB", "2"),
        ("AKHBAR_OSC52", "yes"),
    ]);
    let c = resolve(&Flags::default(), &e, Some((path, FILE))).unwrap();
    assert_eq!(
        (c.bidi.value, c.bidi.source),
        (BidiMode::Off, Source::Env("AKHBAR_BIDI"))
    );
    assert_eq!(c.max_file_mb.value, 2);
    assert!(c.osc52.value);
    assert_eq!(
        c.color.value,
        ColorChoice::Never,
        "untouched by env, still from the file"
    );
}

#[test]
fn flag_beats_env_and_file() {
    let path = Path::new("/cfg/config.toml");
    let e = env(&[("AKHBAR_BIDI", "off"), ("AKHBAR_MAX_FILE_MB", "2")]);
    let flags = Flags {
        bidi: Some(BidiMode::App),
        max_file_mb: Some(1),
        no_osc52: true,
        ..Flags::default()
    };
    let c = resolve(&flags, &e, Some((path, FILE))).unwrap();
    assert_eq!((c.bidi.value, c.bidi.source), (BidiMode::App, Source::Flag));
    assert_eq!(
        (c.max_file_mb.value, c.max_file_mb.source),
        (1, Source::Flag)
    );
    assert_eq!((c.osc52.value, c.osc52.source), (false, Source::Flag));
}

fn err(text: &str) -> String {
    let path = Path::new("/home/u/.config/akhbar/config.toml");
    format!(
        "{:#}",
        resolve(&Flags::default(), &env(&[]), Some((path, text))).unwrap_err()
    )
}

#[test]
fn unknown_key_names_the_key_the_file_and_the_line() {
    let e = err("bidi = \"app\"\n\ncolour = \"never\"\n");
    assert!(e.contains("config.toml"), "{e}");
    assert!(e.contains("colour"), "{e}");
    assert!(e.contains("line 3"), "{e}");
}

#[test]
fn bad_values_are_named() {
    let e = err("bidi = \"sideways\"\n");
    assert!(
        e.contains("config.toml") && e.contains("sideways") && e.contains("line 1"),
        "{e}"
    );
    let e = err("max_file_mb = \"big\"\n");
    assert!(e.contains("max_file_mb") && e.contains("line 1"), "{e}");
    let e = err("osc52 = 1\n");
    assert!(e.contains("osc52"), "{e}");
    let e = err("gazetteer = \"one.toml\"\n");
    assert!(e.contains("gazetteer"), "{e}");
    let e = err("bidi = \n");
    assert!(e.contains("line 1"), "{e}");
}

#[test]
fn bad_key_bindings_are_explained() {
    let e = err("[keys]\nfly = \"F\"\n");
    assert!(
        e.contains("unknown action \"fly\"") && e.contains("quit"),
        "{e}"
    );
    let e = err("[keys]\nquit = \"QQ\"\n");
    assert!(e.contains("one character"), "{e}");
    let e = err("[keys]\nquit = \"j\"\n");
    assert!(e.contains("cannot be rebound"), "{e}");
    let e = err("[keys]\nquit = \"m\"\n");
    assert!(e.contains("bound to both"), "{e}");
}

#[test]
fn bad_environment_values_name_the_variable() {
    for (var, val) in [
        ("AKHBAR_BIDI", "sideways"),
        ("AKHBAR_MAX_LINE_MB", "lots"),
        ("AKHBAR_OSC52", "maybe"),
        ("AKHBAR_COLOR", "pink"),
    ] {
        let e = format!(
            "{:#}",
            resolve(&Flags::default(), &env(&[(var, val)]), None).unwrap_err()
        );
        assert!(e.contains(var) && e.contains(val), "{e}");
    }
}

fn akhbar(args: &[&str], vars: &[(&str, &str)]) -> std::process::Output {
    let home = tempfile::tempdir().unwrap();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_akhbar"));
    cmd.args(args).current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd.env("XDG_CONFIG_HOME", home.path().join("config"))
        .env("XDG_STATE_HOME", home.path().join("state"));
    for (k, v) in vars {
        cmd.env(k, v);
    }
    cmd.output().unwrap()
}

#[test]
fn config_print_shows_values_and_sources() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("akhbar.toml");
    std::fs::write(&file, "bidi = \"terminal\"\nmax_line_mb = 4\n").unwrap();
    let out = akhbar(
        &[
            "config",
            "--print",
            "--config",
            file.to_str().unwrap(),
            "--max-line-mb",
            "3",
        ],
        &[("AKHBAR_COLOR", "never")],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains(&format!("bidi = \"terminal\"  # file {}", file.display())),
        "{text}"
    );
    assert!(
        text.contains("color = \"never\"  # env AKHBAR_COLOR"),
        "{text}"
    );
    assert!(text.contains("max_line_mb = 3  # flag"), "{text}");
    assert!(text.contains("max_file_mb = 64  # default"), "{text}");
}

#[test]
fn a_missing_explicit_config_file_is_an_error() {
    let out = akhbar(&["stats", "--config", "/no/such/akhbar.toml"], &[]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("cannot read config file /no/such/akhbar.toml"),
        "{err}"
    );
}

#[test]
fn the_config_file_sets_the_default_corpus() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("only.txt"), "عنوان وحيد\n\nنص").unwrap();
    let cfg = dir.path().join("c.toml");
    std::fs::write(
        &cfg,
        format!("corpus = {:?}\n", dir.path().join("only.txt")),
    )
    .unwrap();
    let out = akhbar(&["list", "--config", cfg.to_str().unwrap()], &[]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("عنوان وحيد"));
}

#[test]
fn out_of_range_numbers_name_the_setting() {
    let flags = Flags {
        max_file_mb: Some(1 << 44),
        ..Flags::default()
    };
    let e = format!("{:#}", resolve(&flags, &env(&[]), None).unwrap_err());
    assert!(e.contains("max_file_mb") && e.contains("flag"), "{e}");
    let e = format!(
        "{:#}",
        resolve(
            &Flags::default(),
            &env(&[("AKHBAR_MAX_LINE_MB", "0")]),
            None
        )
        .unwrap_err()
    );
    assert!(
        e.contains("max_line_mb") && e.contains("AKHBAR_MAX_LINE_MB"),
        "{e}"
    );
}

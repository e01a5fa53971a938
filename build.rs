//! Build steps: records the git commit for `akhbar --version`, and converts the built-in
//! gazetteer and entity patterns from TOML (the format people edit, and the one user
//! gazetteers use) to JSON, which parses about ten times faster at every start.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;

fn main() {
    record_commit();
    for name in ["gazetteer", "entity_patterns"] {
        toml_to_json(name);
    }
}

fn record_commit() {
    let commit = std::process::Command::new("git")
        .args(["rev-parse", "--short=12", "HEAD"])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "commit unknown".into());
    println!("cargo:rustc-env=AKHBAR_GIT_COMMIT={commit}");
    println!("cargo:rerun-if-changed=.git/HEAD");
    println!("cargo:rerun-if-changed=.git/refs/heads");
}

/// `data/NAME.toml` → `$OUT_DIR/NAME.json`. A TOML error fails the build, naming the file.
fn toml_to_json(name: &str) {
    let src = format!("data/{name}.toml");
    println!("cargo:rerun-if-changed={src}");
    let text = std::fs::read_to_string(&src).unwrap_or_else(|e| panic!("cannot read {src}: {e}"));
    let value: toml::Value = toml::from_str(&text).unwrap_or_else(|e| panic!("{src}: {e}"));
    let json = serde_json::to_string(&value).unwrap_or_else(|e| panic!("{src}: {e}"));
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let dest = Path::new(&out).join(format!("{name}.json"));
    std::fs::write(&dest, json).unwrap_or_else(|e| panic!("cannot write {}: {e}", dest.display()));
}

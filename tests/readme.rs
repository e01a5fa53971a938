//! The README documents every key of the explorer: checked against the key table the help
//! overlay and the key mapping use, so the two cannot drift apart.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use akhbar::keys::KeyMap;

#[test]
fn readme_lists_every_key_of_the_help_overlay() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let start = readme
        .find("<!-- keys:start -->")
        .expect("keys table start marker");
    let end = readme
        .find("<!-- keys:end -->")
        .expect("keys table end marker");
    let table = &readme[start..end];
    let rows: Vec<&str> = table
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| key"))
        .collect();
    let keys = KeyMap::default().help_rows();
    assert_eq!(
        rows.len(),
        keys.len(),
        "README keys table and help overlay differ in length"
    );
    for ((key, what), row) in keys.iter().zip(rows) {
        assert_eq!(
            row,
            format!("| {key} | {what} |"),
            "README row differs from the help overlay"
        );
    }
}

#[test]
fn readme_shows_the_two_commands() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    assert!(readme.contains("cargo run --release"));
    assert!(readme.contains("bash .ci/run"));
}

fn readme() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap()
}

#[test]
fn readme_documents_every_config_key() {
    let readme = readme();
    let start = readme
        .find("<!-- config:start -->")
        .expect("config table start marker");
    let end = readme
        .find("<!-- config:end -->")
        .expect("config table end marker");
    let table = &readme[start..end];
    for (key, env, what) in akhbar::config::KEYS {
        let row = format!("| `{key}` | `{env}` | {} |", what.replace('|', "\\|"));
        assert!(table.contains(&row), "README config table lacks {row}");
    }
}

/// Long flags of `akhbar` and each subcommand, from their `--help`.
fn long_flags() -> Vec<String> {
    let help = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_akhbar"))
            .args(args)
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    let mut flags = Vec::new();
    let top = help(&["--help"]);
    let subs: Vec<String> = top
        .lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next().map(str::to_string))
        .filter(|s| s != "help")
        .collect();
    assert!(subs.len() >= 9, "{subs:?}");
    for text in std::iter::once(top).chain(subs.iter().map(|s| help(&[s, "--help"]))) {
        for word in text.split(|c: char| c.is_whitespace() || c == ',' || c == '[' || c == ']') {
            if let Some(flag) = word.strip_prefix("--").filter(|f| f.len() > 1) {
                let flag: String = flag
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
                    .collect();
                if !flags.contains(&flag) {
                    flags.push(flag);
                }
            }
        }
    }
    flags
}

#[test]
fn readme_documents_every_flag() {
    let readme = readme();
    for flag in long_flags() {
        if flag == "help" || flag == "version" {
            continue;
        }
        assert!(
            readme.contains(&format!("--{flag}")),
            "README does not mention --{flag}"
        );
    }
}

/// The README's picture of article 000 in `--bidi app` mode: title and first paragraph laid
/// out at 60 columns, exactly as the terminal cells hold them.
fn app_mode_picture() -> Vec<String> {
    let lib = akhbar::library::open(&akhbar::library::OpenOptions {
        path: Some(concat!(env!("CARGO_MANIFEST_DIR"), "/data").into()),
        ..Default::default()
    })
    .unwrap();
    let a = lib
        .articles()
        .iter()
        .find(|a| a.id.starts_with("000"))
        .unwrap();
    let mode = akhbar::ui::rtl::BidiMode::App;
    let mut lines: Vec<String> = akhbar::ui::rtl::visual_lines(&a.title, 60, mode);
    lines.push(" ".repeat(60));
    lines.extend(akhbar::ui::rtl::visual_lines(
        a.paragraphs().next().unwrap(),
        60,
        mode,
    ));
    lines.into_iter().map(|l| format!("|{l}|")).collect()
}

#[test]
fn readme_shows_what_app_mode_draws() {
    let readme = readme();
    let start = readme
        .find("<!-- appmode:start -->")
        .expect("app mode picture start marker");
    let end = readme
        .find("<!-- appmode:end -->")
        .expect("app mode picture end marker");
    let shown: Vec<String> = readme[start..end]
        .lines()
        .filter(|l| l.trim_start_matches('\u{202d}').starts_with('|'))
        .map(|l| l.trim_start_matches('\u{202d}').to_string())
        .collect();
    let expected = app_mode_picture();
    assert_eq!(
        shown,
        expected,
        "README app-mode picture is stale; expected:\n{}",
        expected.join("\n")
    );
    // The first word of the title, بلينكن, joined (ﺑﻠﻴﻨﻜﻦ), ends the first line at the right edge.
    assert!(expected[0].ends_with("ﻦﻜﻨﻴﻠﺑ|"), "{}", expected[0]);
}

#[test]
fn readme_names_every_rebindable_action_with_its_default_key() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    for b in akhbar::keys::BINDINGS {
        if let akhbar::keys::Key::Bindable(name, key, _) = b.key {
            let entry = format!("`{name}` {key}");
            assert!(readme.contains(&entry), "README lacks {entry}");
        }
    }
}

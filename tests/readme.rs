//! The README documents every key of the explorer: checked against the key table the help
//! overlay and the key mapping use, so the two cannot drift apart.

use akhbar::ui::action::KEYS;

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
    assert_eq!(
        rows.len(),
        KEYS.len(),
        "README keys table and help overlay differ in length"
    );
    for ((key, what), row) in KEYS.iter().zip(rows) {
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

//! The dateline grammar on arbitrary first paragraphs: building an article never panics.
#![no_main]

use akhbar::corpus::{build_article, RawArticle, Rules};
use libfuzzer_sys::fuzz_target;

/// The rules compile once (their regexes take milliseconds), not once per input.
fn rules() -> Option<&'static Rules> {
    static RULES: std::sync::OnceLock<Option<Rules>> = std::sync::OnceLock::new();
    RULES.get_or_init(|| Rules::builtin().ok()).as_ref()
}

fuzz_target!(|text: &str| {
    let Some(rules) = rules() else { return };
    let a = build_article(
        RawArticle {
            id: "f".into(),
            title: Some("عنوان".into()),
            body: text.to_string(),
            ..RawArticle::default()
        },
        rules,
    );
    let _ = (a.place, a.agency, a.date);
});

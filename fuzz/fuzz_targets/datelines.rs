//! The dateline grammar on arbitrary first paragraphs: building an article never panics.
#![no_main]

use akhbar::corpus::{build_article, RawArticle, Rules};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let Ok(rules) = Rules::builtin() else { return };
    let a = build_article(
        RawArticle {
            id: "f".into(),
            title: Some("عنوان".into()),
            body: text.to_string(),
            ..RawArticle::default()
        },
        &rules,
    );
    let _ = (a.place, a.agency, a.date);
});

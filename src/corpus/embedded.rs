//! The five articles of `data/`, built into the binary so that akhbar opens its default corpus
//! from any directory.

use std::path::Path;
use std::sync::Arc;

use super::clean::{build_article, RawArticle};
use super::{Article, Origin, Rules};

const FILES: [(&str, &str); 5] = [
    (
        "000_89731ca9499b315b",
        include_str!("../../data/000_89731ca9499b315b.txt"),
    ),
    (
        "001_c539808e36df443d",
        include_str!("../../data/001_c539808e36df443d.txt"),
    ),
    (
        "002_4ef95711e04f1e91",
        include_str!("../../data/002_4ef95711e04f1e91.txt"),
    ),
    (
        "003_53df6247519af79e",
        include_str!("../../data/003_53df6247519af79e.txt"),
    ),
    (
        "004_c524ce13b5ddd629",
        include_str!("../../data/004_c524ce13b5ddd629.txt"),
    ),
];

/// The embedded default corpus, cleaned with `rules`.
pub fn articles(rules: &Rules) -> Vec<Article> {
    FILES
        .iter()
        .map(|(id, text)| {
            let path: Arc<Path> = Arc::from(Path::new(&format!("<embedded>/{id}.txt")));
            let raw = RawArticle {
                id: id.to_string(),
                origin: Origin::new(path, None),
                body: text.to_string(),
                ..RawArticle::default()
            };
            build_article(raw, rules)
        })
        .collect()
}

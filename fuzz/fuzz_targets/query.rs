//! The title query syntax and the word index on arbitrary queries: parsing, searching and
//! highlighting never panic, and highlights are char-boundary ranges of the title.
#![no_main]

use akhbar::corpus::Article;
use akhbar::index::{title_highlights, Query, TitleSearch};
use libfuzzer_sys::fuzz_target;
use roaring::RoaringBitmap;

const TITLES: &[&str] = &[
    "الحكومة التونسية تجتمع في سوسة",
    "يوسف الشاهد يلتقي السبسي",
    "Tunisie: le gouvernement",
    "لافروف يحذر بلينكن",
];

fuzz_target!(|q: &str| {
    let _ = Query::parse(q);
    let arts: Vec<Article> = TITLES
        .iter()
        .map(|t| Article {
            title: t.to_string(),
            ..Article::default()
        })
        .collect();
    let ts = TitleSearch::build(&arts);
    let all: RoaringBitmap = (0..arts.len() as u32).collect();
    let _ = ts.search(&arts, q, &all);
    for t in TITLES {
        for r in title_highlights(t, q) {
            assert!(t.is_char_boundary(r.start) && t.is_char_boundary(r.end));
        }
    }
});

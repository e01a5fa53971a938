//! akhbar: a terminal explorer for corpora of Arabic news articles.
//!
//! The modules in pipeline order; each uses only the ones above it:
//!
//! 1. `arabic`: pure text functions (normalisation, tokens and clitics, dates,
//!    transliteration, romanisation). No I/O.
//! 2. `corpus`: the article model, loaders, metadata, datelines, boilerplate.
//! 3. `entities`: the tagger, the gazetteer and linking.
//! 4. `index`: facets, filters and title search; no interface.
//! 5. `library`: opening a corpus (load, entities, index).
//! 6. `analysis`: timelines, co-occurrence, keyword in context, near-duplicates.
//! 7. `report` and `export`: what the headless commands print and write.
//! 8. `keys`, `config` and `persist`: the key table, the settings, the files kept between runs.
//! 9. `ui`: the explorer (The Elm Architecture: state, `update`, `render` per pane).
//! 10. `cli`: the command line; `main.rs` only calls [`cli::run`].

pub mod analysis;
pub mod arabic;
pub mod cli;
pub mod config;
pub mod corpus;
pub mod entities;
pub mod export;
pub mod index;
pub mod keys;
pub mod library;
pub mod persist;
pub mod report;
pub mod ui;

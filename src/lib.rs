//! akhbar: a terminal explorer for corpora of Arabic news articles.
//!
//! The crate is a pure core (`corpus`, `arabic`, `entities`, `index`) and a thin terminal
//! layer (`ui`). The binary in `main.rs` is only the command line.

pub mod analysis;
pub mod arabic;
pub mod config;
pub mod corpus;
pub mod entities;
pub mod export;
pub mod index;
pub mod library;
pub mod report;
pub mod state;
pub mod ui;

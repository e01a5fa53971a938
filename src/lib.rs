//! akhbar: a terminal explorer for corpora of Arabic news articles.
//!
//! The crate is a pure core (`corpus`, `arabic`, `entities`, `index`) and a thin terminal
//! layer (`ui`), with the command line in `cli`, which nothing else depends on. The binary in
//! `main.rs` only calls [`cli::run`].

pub mod analysis;
pub mod arabic;
pub mod cli;
pub mod config;
pub mod corpus;
pub mod entities;
pub mod export;
pub mod index;
pub mod library;
pub mod report;
pub mod state;
pub mod ui;

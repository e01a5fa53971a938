//! The terminal explorer (The Elm Architecture: state, actions, update, render).

pub mod rtl;
pub mod sanitize;

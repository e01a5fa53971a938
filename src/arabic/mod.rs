//! Pure text functions for Arabic: normalisation, tokens and clitics, dates, transliteration.
//! No I/O here.

pub mod dates;
pub mod hijri;
pub mod normalize;
pub mod romanise;
pub mod tokens;
pub mod translit;

pub use normalize::{normalize, normalize_with_map};

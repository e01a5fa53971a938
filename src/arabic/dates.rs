//! Arabic date expressions: Gregorian months in every regional naming system, Hijri months,
//! Arabic-Indic and Persian digits, ordinal day words, ranges, weekdays; and the inference of a
//! publication date from running text.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// How much of a date is known.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    Day,
    Month,
    Year,
}

/// A publication date: the date, how precise it is, and whether it was inferred from the text
/// rather than read from a dateline or metadata.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PubDate {
    pub date: NaiveDate,
    pub precision: Precision,
    pub inferred: bool,
}

/// Parses one date expression such as `16 فبراير 2022ء`. (Stub: filled in by the dates work.)
pub fn parse_date(_s: &str) -> Option<NaiveDate> {
    None
}

/// Infers the publication date of an article without a dateline. (Stub.)
pub fn infer_publication_date(_text: &str) -> Option<(NaiveDate, Precision)> {
    None
}

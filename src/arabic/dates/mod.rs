//! Arabic date expressions: Gregorian months in every regional naming system, Hijri months,
//! Arabic-Indic and Persian digits, ordinal day words, ranges, weekdays; and the inference of a
//! publication date from running text.
//!
//! Everything works on the matching form from [`super::normalize`] (hamza seats folded to bare
//! alef, taa marbuta to haa, alef maqsura to yaa, tatweel and harakat dropped, digits to ASCII),
//! so one lexicon entry covers `أبريل`, `إبريل` and `ابريل`. Spans always point into the
//! original text.

use std::ops::Range;

use chrono::{Datelike, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

// For the links to [`hijri`] in the docs.
#[cfg(doc)]
use super::hijri;

mod infer;
mod lexicon;
mod parse;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_infer;

use infer::{only_in_week, single, Evidence};
use parse::{tokenize, Parser, TokKind};

pub use lexicon::{EGYPTIAN_MONTHS, LEVANTINE_MONTHS, TUNISIAN_MONTHS};

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

/// The calendar a month name or year belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Calendar {
    Gregorian,
    Hijri,
}

/// A relative word after a month, a day and month, or a year.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Relative {
    /// `الماضي`, `المنصرم`, `الفارط`, `الفائت`
    Previous,
    /// `الجاري`, `الحالي`
    Current,
    /// `المقبل`, `القادم`
    Next,
}

/// How a weekday name is used.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum WeekdayRole {
    /// No cue: `يوم الثلاثاء`, `والجمعة`.
    Plain,
    /// Set off by commas as an adverb of time: `"الناتو"، السبت، الالتزام`. In news this is
    /// almost always the day of publication.
    Aside,
    /// `اليوم الثلاثاء`
    Today,
    /// `أمس الإثنين`
    Yesterday,
    /// `غدا الأربعاء`
    Tomorrow,
    /// `الإثنين الماضي`: the most recent such day.
    Last,
    /// `الأحد المقبل`
    Next,
}

/// A day and month with an optional year, as found at either end of a range.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PartialDate {
    pub year: Option<i32>,
    pub month: u32,
    pub day: u32,
}

/// What a date expression says.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DateKind {
    /// A complete, valid date; Hijri dates are converted to Gregorian with the tabular
    /// calendar (see [`hijri`]), so they may be a day or two off.
    Full { date: NaiveDate, calendar: Calendar },
    /// `9 يناير`, `26 كانون الثاني/ يناير الماضي`
    DayMonth {
        day: u32,
        month: u32,
        calendar: Calendar,
        relative: Option<Relative>,
    },
    /// `فبراير 2022`, `رمضان 1443 هـ`
    MonthYear {
        month: u32,
        year: i32,
        calendar: Calendar,
    },
    /// `يناير الجاري`, `شهر فيفري`
    Month {
        month: u32,
        calendar: Calendar,
        relative: Option<Relative>,
    },
    /// `يومي 9 و 10 كانون الثاني`, `من 29 أوت إلى 14 سبتمبر`
    Range {
        start: PartialDate,
        end: PartialDate,
        calendar: Calendar,
        relative: Option<Relative>,
    },
    /// `عام 2021`, `في 2021`, `العام الماضي 2021`; `bare` when nothing marks the number as a
    /// year (it may be a count).
    Year {
        year: i32,
        calendar: Calendar,
        relative: Option<Relative>,
        bare: bool,
    },
    /// `الإثنين الماضي`, `اليوم الثلاثاء`
    Weekday { weekday: Weekday, role: WeekdayRole },
}

/// One date expression found in running text: its byte span in the original text and what
/// it says.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateMention {
    pub span: Range<usize>,
    pub kind: DateKind,
}

/// Parses one complete date expression such as `16 فبراير 2022ء`, `21 كانون الثاني 2022ء`,
/// `١٦ فبراير ٢٠٢٢`, `الثلاثاء 15 فبراير 2022`, `السادس من حزيران/يونيو عام 2014`,
/// `15 رجب 1443 هـ` (tabular conversion, see [`hijri`]) or `16/02/2022`. Surrounding
/// punctuation is ignored. `None` for anything that is not one full, valid date.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let toks = tokenize(s);
    let first = toks.iter().position(|t| t.kind != TokKind::Punct)?;
    let last = toks.iter().rposition(|t| t.kind != TokKind::Punct)?;
    let parser = Parser { toks };
    match parser.expr_at(first)? {
        (DateKind::Full { date, .. }, end) if end == last + 1 => Some(date),
        _ => None,
    }
}

/// A full date at the start of `s` (after punctuation) and the byte offset where it ends, for
/// a date that runs into more text (a dateline followed by the story on the same line).
/// A Hijri date followed by `الموافق` and a Gregorian date is read as the Gregorian one.
pub fn date_at_start(s: &str) -> Option<(NaiveDate, usize)> {
    let parser = Parser { toks: tokenize(s) };
    let first = parser.toks.iter().position(|t| t.kind != TokKind::Punct)?;
    let (DateKind::Full { date, .. }, end) = parser.expr_at(first)? else {
        return None;
    };
    let end = parser.span(first, end)?.end;
    let rest = &s[end..];
    let after = rest.trim_start();
    if let Some(g) = after.strip_prefix("الموافق") {
        let offset = end + (rest.len() - after.len()) + "الموافق".len();
        if let Some((gregorian, e)) = date_at_start(g) {
            return Some((gregorian, offset + e));
        }
    }
    Some((date, end))
}

/// Every date expression in running text, in order, with byte spans into `text` that do not
/// overlap. See [`DateKind`] for what is recognised.
pub fn find_dates(text: &str) -> Vec<DateMention> {
    let parser = Parser {
        toks: tokenize(text),
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < parser.toks.len() {
        match parser.expr_at(i) {
            Some((kind, end)) if end > i => {
                if let Some(span) = parser.span(i, end) {
                    out.push(DateMention { span, kind });
                }
                i = end;
            }
            _ => i += 1,
        }
    }
    out
}

/// Infers the publication date of an article without a dateline, claiming only the precision
/// the evidence supports.
///
/// An explicit date of today (`اليوم الأربعاء 11 ماي 2016`, weekday and date agreeing) wins.
/// Otherwise candidate dates are the days of the candidate years (the year marked current, else the
/// latest year mentioned and the one after), restricted to the month marked current
/// (`يناير الجاري`) and to days on or after the days mentioned in that month (unless the clause
/// is in the future tense: `سيعقد يوم 30 سبتمبر الجاري`). Each candidate
/// is scored by the weekday clues it satisfies: the weekday of publication (`اليوم الثلاثاء`,
/// `، السبت،`, `أمس الإثنين`) and `الإثنين الماضي` falling on a day mentioned in the current
/// month. Among the best candidates:
/// - one day within the week after the latest mentioned day, supported by a weekday clue:
///   [`Precision::Day`];
/// - all in one month: the 1st of that month, [`Precision::Month`];
/// - all in one year: 1 January, [`Precision::Year`];
/// - otherwise `None`. A lone `عام 2021` gives `None`, since the article may be from 2021 or
///   from early 2022.
pub fn infer_publication_date(text: &str) -> Option<(NaiveDate, Precision)> {
    let ev = Evidence::from_mentions(text, &find_dates(text));
    if let Some(date) = single(&ev.today_dates) {
        return Some((date, Precision::Day));
    }
    let candidates = ev.candidates();
    let best_score = candidates.iter().map(|&d| ev.score(d)).max()?;
    let best: Vec<NaiveDate> = candidates
        .into_iter()
        .filter(|&d| ev.score(d) == best_score)
        .collect();
    let first = *best.first()?;
    let same_year = best.iter().all(|d| d.year() == first.year());
    let same_month = same_year && best.iter().all(|d| d.month() == first.month());
    if !same_year {
        return None;
    }
    if !same_month {
        return Some((first.with_month(1)?.with_day(1)?, Precision::Year));
    }
    if best_score > 0 {
        if let Some(day) = ev
            .month()
            .and_then(|m| ev.lower_bound(m))
            .and_then(|lb| only_in_week(&best, lb))
        {
            return Some((day, Precision::Day));
        }
    }
    Some((first.with_day(1)?, Precision::Month))
}

//! Arabic date expressions: Gregorian months in every regional naming system, Hijri months,
//! Arabic-Indic and Persian digits, ordinal day words, ranges, weekdays; and the inference of a
//! publication date from running text.
//!
//! Everything works on the matching form from [`super::normalize`] (hamza seats folded to bare
//! alef, taa marbuta to haa, alef maqsura to yaa, tatweel and harakat dropped, digits to ASCII),
//! so one lexicon entry covers `أبريل`, `إبريل` and `ابريل`. Spans always point into the
//! original text.

use std::ops::Range;

use chrono::{Datelike, Days, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

use super::hijri;
use super::normalize::{fold_char, is_haraka, normalize};

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

// ---------------------------------------------------------------------------------------------
// Lexicon. All entries are in the matching form (see `normalize`): no hamza seats, ه for ة,
// ي for ى. Multi-word entries are separated by one space.

const GREGORIAN_MONTHS: &[(&str, u32)] = &[
    // Egypt and the Gulf.
    ("يناير", 1),
    ("فبراير", 2),
    ("فبرير", 2),
    ("مارس", 3),
    ("ابريل", 4),
    ("مايو", 5),
    ("يونيو", 6),
    ("يونيه", 6),
    ("يوليو", 7),
    ("يوليه", 7),
    ("اغسطس", 8),
    ("سبتمبر", 9),
    ("اكتوبر", 10),
    ("اوكتوبر", 10),
    ("نوفمبر", 11),
    ("ديسمبر", 12),
    // The Levant and Iraq (Syriac names).
    ("كانون الثاني", 1),
    ("كانون ثاني", 1),
    ("شباط", 2),
    ("اذار", 3),
    ("نيسان", 4),
    ("ايار", 5),
    ("حزيران", 6),
    ("تموز", 7),
    ("اب", 8),
    ("ايلول", 9),
    ("تشرين الاول", 10),
    ("تشرين اول", 10),
    ("تشرين الثاني", 11),
    ("تشرين ثاني", 11),
    ("كانون الاول", 12),
    ("كانون اول", 12),
    // Tunisia and Algeria (French names).
    ("جانفي", 1),
    ("فيفري", 2),
    ("افريل", 4),
    ("ماي", 5),
    ("جوان", 6),
    ("جويليه", 7),
    ("اوت", 8),
    // Morocco.
    ("يوليوز", 7),
    ("غشت", 8),
    ("شتنبر", 9),
    ("نونبر", 11),
    ("دجنبر", 12),
];

const HIJRI_MONTHS: &[(&str, u32)] = &[
    ("محرم", 1),
    ("المحرم", 1),
    ("صفر", 2),
    ("ربيع الاول", 3),
    ("ربيع اول", 3),
    ("ربيع الثاني", 4),
    ("ربيع الاخر", 4),
    ("ربيع ثاني", 4),
    ("ربيع اخر", 4),
    ("جمادي الاولي", 5),
    ("جمادي الاول", 5),
    ("جمادي اولي", 5),
    ("جمادي الاخره", 6),
    ("جمادي الاخر", 6),
    ("جمادي الثانيه", 6),
    ("جمادي الثاني", 6),
    ("جمادي ثاني", 6),
    ("رجب", 7),
    ("شعبان", 8),
    ("رمضان", 9),
    ("شوال", 10),
    ("ذو القعده", 11),
    ("ذي القعده", 11),
    ("ذا القعده", 11),
    ("ذوالقعده", 11),
    ("ذو الحجه", 12),
    ("ذي الحجه", 12),
    ("ذا الحجه", 12),
    ("ذوالحجه", 12),
];

const WEEKDAYS: &[(&str, Weekday)] = &[
    ("الاحد", Weekday::Sun),
    ("الاثنين", Weekday::Mon),
    ("الثلاثاء", Weekday::Tue),
    ("الثلاثا", Weekday::Tue),
    ("الاربعاء", Weekday::Wed),
    ("الاربعا", Weekday::Wed),
    ("الخميس", Weekday::Thu),
    ("الجمعه", Weekday::Fri),
    ("السبت", Weekday::Sat),
];

/// Ordinal stems (without `ال`) for days 1 to 10. `حادي`/`واحد` only occur in compounds.
const ORDINAL_UNITS: &[(&str, u32)] = &[
    ("اول", 1),
    ("حادي", 1),
    ("واحد", 1),
    ("ثاني", 2),
    ("ثالث", 3),
    ("رابع", 4),
    ("خامس", 5),
    ("سادس", 6),
    ("سابع", 7),
    ("ثامن", 8),
    ("تاسع", 9),
    ("عاشر", 10),
];

const RELATIVE_WORDS: &[(&str, Relative)] = &[
    ("الماضي", Relative::Previous),
    ("المنصرم", Relative::Previous),
    ("الفارط", Relative::Previous),
    ("الفايت", Relative::Previous),
    ("الجاري", Relative::Current),
    ("الحالي", Relative::Current),
    ("المقبل", Relative::Next),
    ("القادم", Relative::Next),
];

/// Words that mark the following number as a year and belong to the expression.
const YEAR_KEYWORDS: &[&str] = &[
    "عام",
    "العام",
    "سنه",
    "السنه",
    "لعام",
    "لسنه",
    "بعام",
    "وعام",
    "وسنه",
    "لسنة",
];

/// Prepositions and time nouns after which a four-digit number is a year.
const YEAR_CUES: &[&str] = &[
    "في",
    "منذ",
    "خلال",
    "حتي",
    "قبل",
    "بعد",
    "نهايه",
    "بدايه",
    "مطلع",
    "اواخر",
    "اوايل",
    "منتصف",
    "موسم",
    "ربيع",
    "صيف",
    "خريف",
    "شتاء",
];

const GREGORIAN_SUFFIXES: &[&str] = &["م", "ء", "ميلادي", "ميلاديه", "للميلاد"];
const HIJRI_SUFFIXES: &[&str] = &["ه", "هجري", "هجريه", "للهجره"];

/// Words that may stand before a day number: `يوم 12`, `يومي 9 و 10`.
const DAY_PREFIXES: &[&str] = &["يوم", "يومي", "ويوم", "ويومي", "بيوم", "ليوم"];

const RANGE_CONNECTORS: &[&str] = &["و", "الي", "حتي", "لغايه"];

fn lookup<T: Copy>(table: &[(&str, T)], word: &str) -> Option<T> {
    table.iter().find(|(w, _)| *w == word).map(|&(_, v)| v)
}

/// The word without a leading conjunction `و`, if something is left.
/// The first word of every month name of every calendar.
fn month_first_words() -> &'static std::collections::HashSet<&'static str> {
    static SET: std::sync::OnceLock<std::collections::HashSet<&'static str>> =
        std::sync::OnceLock::new();
    SET.get_or_init(|| {
        GREGORIAN_MONTHS
            .iter()
            .chain(HIJRI_MONTHS)
            .filter_map(|(entry, _)| entry.split(' ').next())
            .collect()
    })
}

fn without_wa(word: &str) -> Option<&str> {
    word.strip_prefix('و')
        .filter(|rest| rest.chars().count() >= 2)
}

// ---------------------------------------------------------------------------------------------
// Tokens.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum TokKind {
    Word,
    Num,
    Punct,
}

/// A token of the matching form, with the byte span of its source in the original text.
#[derive(Clone, Debug)]
struct Tok {
    kind: TokKind,
    text: String,
    start: usize,
    end: usize,
}

fn kind_of(c: char) -> Option<TokKind> {
    // The Arabic letters first: `char::is_alphabetic` is a slow table search outside ASCII.
    if c.is_ascii_digit() {
        Some(TokKind::Num)
    } else if matches!(c, '\u{0621}'..='\u{064A}') || c.is_ascii_alphabetic() || c.is_alphabetic() {
        Some(TokKind::Word)
    } else if c.is_whitespace() {
        None
    } else {
        Some(TokKind::Punct)
    }
}

/// Splits `s` into words, digit runs and single punctuation marks, on the matching form.
/// Letters and digits are split apart (`أفريل2014`, `2022ء`, `و10`).
fn tokenize(s: &str) -> Vec<Tok> {
    let mut toks: Vec<Tok> = Vec::new();
    let mut open = false; // whether the last token may still grow
    for (i, c) in s.char_indices() {
        let Some(f) = fold_char(c) else {
            // A haraka or tatweel right after a token belongs to it (`2022مـ`).
            if let Some(last) = toks.last_mut() {
                if last.end == i && (is_haraka(c) || c == '\u{0640}') {
                    last.end = i + c.len_utf8();
                }
            }
            continue;
        };
        let Some(kind) = kind_of(f) else {
            open = false;
            continue;
        };
        match toks.last_mut() {
            Some(last) if open && last.kind == kind && kind != TokKind::Punct => {
                last.text.push(f);
                last.end = i + c.len_utf8();
            }
            _ => toks.push(Tok {
                kind,
                text: f.to_string(),
                start: i,
                end: i + c.len_utf8(),
            }),
        }
        open = true;
    }
    toks
}

// ---------------------------------------------------------------------------------------------
// Parser: each rule takes a token index and returns what it read and the index after it.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct MonthName {
    calendar: Calendar,
    month: u32,
}

/// A day with the month and year that follow it, if any.
#[derive(Clone, Copy, Debug)]
struct DayPart {
    day: u32,
    month: Option<MonthName>,
    year: Option<i32>,
}

struct Parser {
    toks: Vec<Tok>,
}

impl Parser {
    fn word(&self, i: usize) -> Option<&str> {
        self.toks
            .get(i)
            .filter(|t| t.kind == TokKind::Word)
            .map(|t| t.text.as_str())
    }

    fn num(&self, i: usize) -> Option<&str> {
        self.toks
            .get(i)
            .filter(|t| t.kind == TokKind::Num)
            .map(|t| t.text.as_str())
    }

    fn punct(&self, i: usize) -> Option<char> {
        self.toks
            .get(i)
            .filter(|t| t.kind == TokKind::Punct)
            .and_then(|t| t.text.chars().next())
    }

    fn word_in(&self, i: usize, list: &[&str]) -> bool {
        self.word(i).is_some_and(|w| list.contains(&w))
    }

    /// A number of at most `max_digits` digits (leading zeros allowed: `09`).
    fn small_num(&self, i: usize, max_digits: usize) -> Option<u32> {
        let n = self.num(i)?;
        if n.len() > max_digits {
            return None;
        }
        n.parse().ok()
    }

    /// The longest entry of `table` spelled by the words from `i`; the first word may carry a
    /// conjunction `و`.
    fn phrase(&self, i: usize, table: &[(&str, u32)]) -> Option<(u32, usize)> {
        // Most words start no month name: one set lookup instead of a walk of the tables.
        let w = self.word(i)?;
        let first = month_first_words();
        if !first.contains(w) && !without_wa(w).is_some_and(|b| first.contains(b)) {
            return None;
        }
        let mut best: Option<(u32, usize)> = None;
        for &(entry, value) in table {
            let mut j = i;
            let mut ok = true;
            for (k, part) in entry.split(' ').enumerate() {
                let w = self.word(j);
                let matches = w == Some(part) || (k == 0 && w.and_then(without_wa) == Some(part));
                if !matches {
                    ok = false;
                    break;
                }
                j += 1;
            }
            if ok && best.is_none_or(|(_, end)| j > end) {
                best = Some((value, j));
            }
        }
        best
    }

    fn single_month(&self, i: usize) -> Option<(MonthName, usize)> {
        let greg = self.phrase(i, GREGORIAN_MONTHS).map(|(month, j)| {
            let calendar = Calendar::Gregorian;
            (MonthName { calendar, month }, j)
        });
        let hijri = self.phrase(i, HIJRI_MONTHS).map(|(month, j)| {
            let calendar = Calendar::Hijri;
            (MonthName { calendar, month }, j)
        });
        match (greg, hijri) {
            (Some(g), Some(h)) => Some(if h.1 > g.1 { h } else { g }),
            (g, h) => g.or(h),
        }
    }

    /// A month name, with its equivalent in another naming system after a slash or in
    /// parentheses: `كانون الثاني /يناير`, `شباط (فبراير)`. A second name for a different
    /// month is not part of the expression.
    fn month(&self, i: usize) -> Option<(MonthName, usize)> {
        let (m, j) = self.single_month(i)?;
        let sep = self.punct(j);
        if matches!(sep, Some('/' | '\\' | '-' | '–' | '(')) {
            if let Some((m2, k)) = self.single_month(j + 1) {
                if m2 == m {
                    let closes = sep == Some('(') && self.punct(k) == Some(')');
                    return Some((m, if closes { k + 1 } else { k }));
                }
            }
        }
        Some((m, j))
    }

    /// `من`? `شهر`? MONTH, as found after a day.
    fn month_after_day(&self, i: usize) -> Option<(MonthName, usize)> {
        let mut j = i;
        if self.word(j) == Some("من") {
            j += 1;
        }
        if self.word_in(j, &["شهر", "لشهر"]) {
            j += 1;
        }
        self.month(j)
    }

    /// An ordinal day word: `السادس`, `الحادي عشر`, `الثاني والعشرين`, `الثلاثين`.
    fn ordinal(&self, i: usize) -> Option<(u32, usize)> {
        let w = self.word(i)?;
        let stem = w.strip_prefix("ال").unwrap_or(w);
        if let Some(tens) = tens_word(stem) {
            return Some((tens, i + 1));
        }
        let unit = lookup(ORDINAL_UNITS, stem)?;
        // `الأول` never starts a compound (11th is `الحادي عشر`), `عاشر` never either.
        let compounds = unit < 10 && stem != "اول";
        let next = self.word(i + 1);
        if compounds && stem != "واحد" && next == Some("عشر") {
            return Some((10 + unit, i + 2));
        }
        let tens = next
            .and_then(|w| w.strip_prefix('و'))
            .map(|w| w.strip_prefix("ال").unwrap_or(w))
            .and_then(tens_word);
        if let Some(tens) = tens.filter(|t| compounds && t + unit <= 31) {
            return Some((tens + unit, i + 2));
        }
        let compound_only = matches!(stem, "حادي" | "واحد");
        (!compound_only).then_some((unit, i + 1))
    }

    /// A day of the month: a number 1..=31, an ordinal word, or `غرة` (the first).
    fn day(&self, i: usize) -> Option<(u32, usize)> {
        if let Some(d) = self.small_num(i, 2) {
            return (1..=31).contains(&d).then_some((d, i + 1));
        }
        if self.word_in(i, &["غره", "وغره"]) {
            return Some((1, i + 1));
        }
        self.ordinal(i)
    }

    /// [`من`] [`عام`|`سنة`] YEAR [suffix]. A year in the wrong calendar's suffix ends before
    /// the suffix. Gregorian years have four digits, Hijri years three or four.
    fn year(&self, i: usize, calendar: Calendar) -> Option<(i32, Calendar, usize)> {
        let mut j = i;
        if self.word(j) == Some("من") && self.word_in(j + 1, YEAR_KEYWORDS) {
            j += 1;
        }
        if self.word_in(j, YEAR_KEYWORDS) {
            j += 1;
        }
        let digits = self.num(j)?;
        let year: i32 = digits.parse().ok()?;
        let (cal, k) = self.year_suffix(j + 1);
        let cal = cal.unwrap_or(calendar);
        if cal != calendar {
            return None;
        }
        let ok = match cal {
            Calendar::Gregorian => digits.len() == 4 && year >= 1000,
            Calendar::Hijri => (3..=4).contains(&digits.len()) && year >= 100,
        };
        ok.then_some((year, cal, k))
    }

    /// `م`, `ء`, `هـ`, `للهجرة`... after a year: the calendar it names and the index after it.
    fn year_suffix(&self, i: usize) -> (Option<Calendar>, usize) {
        if self.word_in(i, GREGORIAN_SUFFIXES) {
            (Some(Calendar::Gregorian), i + 1)
        } else if self.word_in(i, HIJRI_SUFFIXES) {
            (Some(Calendar::Hijri), i + 1)
        } else {
            (None, i)
        }
    }

    fn relative(&self, i: usize) -> Option<(Relative, usize)> {
        let r = lookup(RELATIVE_WORDS, self.word(i)?)?;
        Some((r, i + 1))
    }

    fn weekday(&self, i: usize) -> Option<(Weekday, usize)> {
        let w = self.word(i)?;
        let day = lookup(WEEKDAYS, w).or_else(|| lookup(WEEKDAYS, without_wa(w)?))?;
        Some((day, i + 1))
    }

    /// A day with an optional month and, after the month, an optional year.
    fn day_part(&self, i: usize) -> Option<(DayPart, usize)> {
        let (day, j) = self.day(i)?;
        let Some((month, k)) = self.month_after_day(j) else {
            let part = DayPart {
                day,
                month: None,
                year: None,
            };
            return Some((part, j));
        };
        let (year, k) = match self.year(k, month.calendar) {
            Some((y, _, k2)) => (Some(y), k2),
            None => (None, k),
        };
        let part = DayPart {
            day,
            month: Some(month),
            year,
        };
        Some((part, k))
    }

    fn range_connector(&self, i: usize) -> Option<usize> {
        if matches!(self.punct(i), Some('-' | '–' | '—')) || self.word_in(i, RANGE_CONNECTORS) {
            // `و حتى`, `وحتى`
            if self.word(i) == Some("و") && self.word(i + 1) == Some("حتي") {
                return Some(i + 2);
            }
            return Some(i + 1);
        }
        self.word_in(i, &["وحتي", "والي"]).then_some(i + 1)
    }

    /// [WEEKDAY [،]] [`يوم`] DAY [MONTH [YEAR]] [CONNECTOR DAY MONTH [YEAR]] [RELATIVE]:
    /// a full date, a day and month, or a range.
    fn day_based(&self, i: usize) -> Option<(DateKind, usize)> {
        let mut j = i;
        if let Some((_, k)) = self.weekday(j) {
            j = k;
            if matches!(self.punct(j), Some('،' | ',')) {
                j += 1;
            }
        }
        if self.word_in(j, DAY_PREFIXES) {
            j += 1;
        }
        let range_intro = self.word_in(j, &["من", "بين"]);
        if range_intro {
            j += 1;
        }
        let (first, j) = self.day_part(j)?;
        if let Some(found) = self.range_rest(first, j) {
            return Some(found);
        }
        if range_intro {
            return None;
        }
        let month = first.month?;
        match first.year {
            Some(year) => {
                let date = to_date(month.calendar, year, month.month, first.day)?;
                let kind = DateKind::Full {
                    date,
                    calendar: month.calendar,
                };
                Some((kind, j))
            }
            None => {
                if !day_fits(month.calendar, None, month.month, first.day) {
                    return None;
                }
                let (relative, j) = self.optional_relative(j);
                let kind = DateKind::DayMonth {
                    day: first.day,
                    month: month.month,
                    calendar: month.calendar,
                    relative,
                };
                Some((kind, j))
            }
        }
    }

    fn optional_relative(&self, i: usize) -> (Option<Relative>, usize) {
        match self.relative(i) {
            Some((r, j)) => (Some(r), j),
            None => (None, i),
        }
    }

    /// The second half of a range after its first day part.
    fn range_rest(&self, first: DayPart, i: usize) -> Option<(DateKind, usize)> {
        let k = self.range_connector(i)?;
        let (second, k) = self.day_part(k)?;
        let end_month = second.month?;
        if first
            .month
            .is_some_and(|m| m.calendar != end_month.calendar)
        {
            return None;
        }
        let calendar = end_month.calendar;
        let end = PartialDate {
            year: second.year,
            month: end_month.month,
            day: second.day,
        };
        let start_month = first.month.map_or(end.month, |m| m.month);
        let mut start = PartialDate {
            year: first.year,
            month: start_month,
            day: first.day,
        };
        if start.year.is_none() {
            // A start later in the year than the end lies in the year before: `29 ديسمبر إلى 3 يناير 2022`.
            let wraps = (start.month, start.day) > (end.month, end.day);
            start.year = end.year.map(|y| if wraps { y - 1 } else { y });
        }
        let ordered = match (start.year, end.year) {
            (Some(a), Some(b)) => (a, start.month, start.day) < (b, end.month, end.day),
            _ => first.month.is_some() || start.day < end.day,
        };
        let valid = day_fits(calendar, start.year, start.month, start.day)
            && day_fits(calendar, end.year, end.month, end.day);
        if !(ordered && valid) {
            return None;
        }
        let (relative, k) = if end.year.is_none() {
            self.optional_relative(k)
        } else {
            (None, k)
        };
        Some((
            DateKind::Range {
                start,
                end,
                calendar,
                relative,
            },
            k,
        ))
    }

    /// `16/02/2022`, `16-2-2022`, `2022-02-16`, `16.02.2022` (day first, as in the Arab world).
    fn numeric(&self, i: usize) -> Option<(DateKind, usize)> {
        let sep = self.punct(i + 1).filter(|c| matches!(c, '/' | '-' | '.'))?;
        if self.punct(i + 3) != Some(sep) {
            return None;
        }
        let (a, b, c) = (self.num(i)?, self.num(i + 2)?, self.num(i + 4)?);
        let (y, m, d) = if a.len() == 4 && b.len() <= 2 && c.len() <= 2 {
            (a, b, c)
        } else if c.len() == 4 && a.len() <= 2 && b.len() <= 2 {
            (c, b, a)
        } else {
            return None;
        };
        let date = NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)?;
        let (suffix, j) = self.year_suffix(i + 5);
        let j = if suffix == Some(Calendar::Gregorian) {
            j
        } else {
            i + 5
        };
        Some((
            DateKind::Full {
                date,
                calendar: Calendar::Gregorian,
            },
            j,
        ))
    }

    /// [`شهر`] MONTH followed by a year or a relative word: `فبراير 2022`, `يناير الجاري`.
    /// A bare month name is not reported: many are also common words (`مارس` practised,
    /// `آب` father, `صفر` zero, `رمضان` a name).
    fn month_based(&self, i: usize) -> Option<(DateKind, usize)> {
        let has_shahr = self.word_in(i, &["شهر", "لشهر", "بشهر", "وشهر"]);
        let (m, j) = self.month(if has_shahr { i + 1 } else { i })?;
        if let Some((year, calendar, k)) = self.year(j, m.calendar) {
            let valid = match calendar {
                Calendar::Gregorian => NaiveDate::from_ymd_opt(year, m.month, 1).is_some(),
                Calendar::Hijri => hijri::to_gregorian(year, m.month, 1).is_some(),
            };
            return valid.then_some((
                DateKind::MonthYear {
                    month: m.month,
                    year,
                    calendar,
                },
                k,
            ));
        }
        let (relative, k) = self.optional_relative(j);
        if relative.is_none() && !has_shahr {
            return None;
        }
        let kind = DateKind::Month {
            month: m.month,
            calendar: m.calendar,
            relative,
        };
        Some((kind, k))
    }

    /// `عام 2021`, `العام الماضي 2021`, `عام 2022 الجاري`, `1443 هـ`, and a number 1900..=2100
    /// on its own (`bare` unless a preposition such as `في` or `خلال` precedes it).
    fn year_based(&self, i: usize) -> Option<(DateKind, usize)> {
        let keyword = self.word_in(i, YEAR_KEYWORDS);
        let mut j = if keyword { i + 1 } else { i };
        let (mut relative, k) = if keyword {
            self.optional_relative(j)
        } else {
            (None, j)
        };
        j = k;
        let digits = self.num(j)?;
        let year: i32 = digits.parse().ok()?;
        let (suffix, mut end) = self.year_suffix(j + 1);
        let calendar = suffix.unwrap_or(Calendar::Gregorian);
        let plausible = match calendar {
            Calendar::Gregorian if keyword || suffix.is_some() => digits.len() == 4 && year >= 1000,
            Calendar::Gregorian => digits.len() == 4 && (1900..=2100).contains(&year),
            Calendar::Hijri => (3..=4).contains(&digits.len()) && year >= 100,
        };
        if !plausible || self.is_part_of_number(j) {
            return None;
        }
        if relative.is_none() && keyword {
            let (r, k) = self.optional_relative(end);
            relative = r;
            end = k;
        }
        let cued = keyword || suffix.is_some() || j > 0 && self.word_in(j - 1, YEAR_CUES);
        let kind = DateKind::Year {
            year,
            calendar,
            relative,
            bare: !cued,
        };
        Some((kind, end))
    }

    /// True when the number at `i` is glued to other digits by a separator (`2,000`, `1.2021`).
    fn is_part_of_number(&self, i: usize) -> bool {
        let joiner = |k: usize| matches!(self.punct(k), Some(',' | '.' | '٫' | '٬' | ':'));
        let touching = |a: usize, b: usize| {
            let pair = self.toks.get(a).zip(self.toks.get(b));
            pair.is_some_and(|(x, y)| x.end == y.start)
        };
        let glued = |a: usize, sep: usize, b: usize| {
            joiner(sep)
                && self.num(a).is_some()
                && self.num(b).is_some()
                && touching(a, sep)
                && touching(sep, b)
        };
        glued(i, i + 1, i + 2) || (i >= 2 && glued(i - 2, i - 1, i))
    }

    /// [`اليوم`|`أمس`|`غدا`|`يوم`] WEEKDAY [RELATIVE].
    fn weekday_based(&self, i: usize) -> Option<(DateKind, usize)> {
        let (cue, j) = match self.word(i) {
            Some("اليوم" | "واليوم") => (Some(WeekdayRole::Today), i + 1),
            Some("امس" | "وامس" | "بالامس" | "الامس") => {
                (Some(WeekdayRole::Yesterday), i + 1)
            }
            Some("غدا" | "وغدا") => (Some(WeekdayRole::Tomorrow), i + 1),
            Some("يوم" | "ويوم") => (None, i + 1),
            _ => (None, i),
        };
        let (weekday, k) = self.weekday(j)?;
        let after = match self.relative(k) {
            Some((Relative::Previous, k2)) => Some((WeekdayRole::Last, k2)),
            Some((Relative::Next, k2)) => Some((WeekdayRole::Next, k2)),
            _ => None,
        };
        let (role, end) = match (cue, after) {
            (_, Some((role, k2))) => (role, k2),
            (Some(role), None) => (role, k),
            (None, None) if j == i && self.is_aside(i) => (WeekdayRole::Aside, k),
            (None, None) => (WeekdayRole::Plain, k),
        };
        Some((DateKind::Weekday { weekday, role }, end))
    }

    /// True when the token at `i` stands between a comma and a comma or full stop.
    fn is_aside(&self, i: usize) -> bool {
        let before = i.checked_sub(1).and_then(|b| self.punct(b));
        let after = self.punct(i + 1);
        matches!(before, Some('،' | ','))
            && matches!(after, Some('،' | ',' | '.' | '؛' | ';' | ':'))
    }

    fn expr_at(&self, i: usize) -> Option<(DateKind, usize)> {
        self.numeric(i)
            .or_else(|| self.day_based(i))
            .or_else(|| self.month_based(i))
            .or_else(|| self.year_based(i))
            .or_else(|| self.weekday_based(i))
    }

    fn span(&self, start: usize, end: usize) -> Option<Range<usize>> {
        let a = self.toks.get(start)?.start;
        let b = self.toks.get(end.checked_sub(1)?)?.end;
        (a < b).then_some(a..b)
    }
}

fn tens_word(stem: &str) -> Option<u32> {
    match stem {
        "عشرين" | "عشرون" => Some(20),
        "ثلاثين" | "ثلاثون" => Some(30),
        _ => None,
    }
}

/// True when `day` exists in the month; without a year any leap year will do.
fn day_fits(calendar: Calendar, year: Option<i32>, month: u32, day: u32) -> bool {
    match calendar {
        Calendar::Gregorian => NaiveDate::from_ymd_opt(year.unwrap_or(2000), month, day).is_some(),
        Calendar::Hijri => {
            hijri::month_length(year.unwrap_or(2), month).is_some_and(|n| (1..=n).contains(&day))
        }
    }
}

fn to_date(calendar: Calendar, year: i32, month: u32, day: u32) -> Option<NaiveDate> {
    match calendar {
        Calendar::Gregorian => NaiveDate::from_ymd_opt(year, month, day),
        Calendar::Hijri => hijri::to_gregorian(year, month, day),
    }
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

// ---------------------------------------------------------------------------------------------
// Inference of the publication date.

/// What the date mentions of an article say about its publication date.
#[derive(Debug, Default)]
struct Evidence {
    /// Gregorian years 1900..=2100 marked as years or part of a date.
    years: Vec<i32>,
    /// The publication year, from `العام الجاري 2022` or `العام الماضي 2021`.
    current_years: Vec<i32>,
    /// Months marked `الجاري`/`الحالي`.
    current_months: Vec<u32>,
    /// Days mentioned in the current month (`يومي 9 و 10 يناير الجاري`): the publication
    /// is on or after them.
    current_days: Vec<(u32, u32)>,
    /// Months marked previous or next: the publication month is another one.
    other_months: Vec<u32>,
    /// The weekday of publication, from `اليوم الثلاثاء`, `، السبت،`, `أمس الإثنين`...
    today: Vec<Weekday>,
    /// `الإثنين الماضي`
    last: Vec<Weekday>,
    /// Dates given as today's: `اليوم الأربعاء 11 ماي 2016`, `أمس الأحد 8 نوفمبر 2015` (shifted).
    today_dates: Vec<NaiveDate>,
}

fn gregorian_year(y: i32) -> Option<i32> {
    (1900..=2100).contains(&y).then_some(y)
}

impl Evidence {
    fn from_mentions(text: &str, mentions: &[DateMention]) -> Self {
        let mut ev = Evidence::default();
        for (i, m) in mentions.iter().enumerate() {
            let kind = if is_future_context(text, m.span.start) {
                without_days(m.kind)
            } else {
                m.kind
            };
            ev.add(kind);
            if let Some(next) = mentions.get(i + 1) {
                ev.today_dates.extend(today_date(text, m, next));
            }
        }
        ev
    }

    fn add(&mut self, kind: DateKind) {
        use DateKind::*;
        const G: Calendar = Calendar::Gregorian;
        match kind {
            Full { date, calendar: G } => self.years.extend(gregorian_year(date.year())),
            MonthYear {
                year, calendar: G, ..
            } => self.years.extend(gregorian_year(year)),
            DayMonth {
                day,
                month,
                calendar: G,
                relative,
            } => self.add_month(month, &[day], relative),
            Month {
                month,
                calendar: G,
                relative,
            } => self.add_month(month, &[], relative),
            Range {
                start,
                end,
                calendar: G,
                relative,
            } => {
                self.years.extend(end.year.and_then(gregorian_year));
                if start.month == end.month {
                    self.add_month(end.month, &[start.day, end.day], relative);
                } else {
                    self.add_month(end.month, &[end.day], relative);
                }
            }
            Year {
                year,
                calendar: G,
                relative,
                bare: false,
            } => {
                let Some(y) = gregorian_year(year) else {
                    return;
                };
                self.years.push(y);
                match relative {
                    Some(Relative::Current) => self.current_years.push(y),
                    Some(Relative::Previous) => self.current_years.push(y + 1),
                    Some(Relative::Next) => self.current_years.push(y - 1),
                    None => {}
                }
            }
            Weekday { weekday, role } => match role {
                WeekdayRole::Today | WeekdayRole::Aside => self.today.push(weekday),
                WeekdayRole::Yesterday => self.today.push(weekday.succ()),
                WeekdayRole::Tomorrow => self.today.push(weekday.pred()),
                WeekdayRole::Last => self.last.push(weekday),
                WeekdayRole::Next | WeekdayRole::Plain => {}
            },
            _ => {}
        }
    }

    fn add_month(&mut self, month: u32, days: &[u32], relative: Option<Relative>) {
        match relative {
            Some(Relative::Current) => {
                self.current_months.push(month);
                self.current_days.extend(days.iter().map(|&d| (month, d)));
            }
            Some(_) => self.other_months.push(month),
            None => {}
        }
    }

    /// The publication month when all current-month mentions agree.
    fn month(&self) -> Option<u32> {
        single(&self.current_months)
    }

    /// Candidate years: the year fixed by `العام الجاري`, else the latest year mentioned and
    /// the one after it (early in a year the news still says `خلال عام 2021`).
    fn candidate_years(&self) -> Vec<i32> {
        if let Some(y) = single(&self.current_years) {
            return vec![y];
        }
        match self.years.iter().max() {
            Some(&y) => vec![y, y + 1],
            None => Vec::new(),
        }
    }

    /// The latest day mentioned in the current month.
    fn lower_bound(&self, month: u32) -> Option<u32> {
        self.current_days
            .iter()
            .filter(|(m, _)| *m == month)
            .map(|&(_, d)| d)
            .max()
    }

    /// How many weekday clues `date` satisfies.
    fn score(&self, date: NaiveDate) -> usize {
        let today = self.today.iter().filter(|&&w| date.weekday() == w).count();
        let last = self
            .last
            .iter()
            .filter(|&&w| self.last_is_mentioned(date, w))
            .count();
        today + last
    }

    /// True when "WEEKDAY الماضي", seen from `date`, is a day mentioned in the current month.
    fn last_is_mentioned(&self, date: NaiveDate, weekday: Weekday) -> bool {
        (1..=7u64)
            .filter_map(|k| date.checked_sub_days(Days::new(k)))
            .find(|d| d.weekday() == weekday)
            .is_some_and(|d| self.current_days.contains(&(d.month(), d.day())))
    }

    fn candidates(&self) -> Vec<NaiveDate> {
        let years = self.candidate_years();
        let month = self.month();
        let mut out = Vec::new();
        for y in years {
            let Some(first) = NaiveDate::from_ymd_opt(y, month.unwrap_or(1), 1) else {
                continue;
            };
            let from = month.and_then(|m| self.lower_bound(m)).unwrap_or(1);
            let days = first.iter_days().take_while(|d| d.year() == y);
            let days = days.filter(|d| month.is_none_or(|m| d.month() == m) && d.day() >= from);
            out.extend(days.filter(|d| !self.other_months.contains(&d.month())));
        }
        out
    }
}

/// Words that put a clause in the future without the `سـ` prefix.
const FUTURE_WORDS: &[&str] = &[
    "سوف",
    "المقرر",
    "مقرر",
    "المرتقب",
    "مرتقب",
    "المنتظر",
    "المزمع",
    "يعتزم",
    "تعتزم",
    "موعد",
];

/// Common words that begin like a future verb (`سي`, `ست`, `سن`) but are not verbs.
const NOT_FUTURE: &[&str] = &[
    "سنه",
    "سنوات",
    "سنتين",
    "سته",
    "ستين",
    "سياسه",
    "سياسي",
    "سياسيه",
    "سياره",
    "سيارات",
    "سيدي",
    "ستار",
    "سيطره",
    "سنويا",
    "سنوي",
    "سابق",
    "سابقا",
    "ساعه",
    "ساعات",
    "ساحه",
    "سنغافوره",
];

/// True when the clause before `at` (back to the last punctuation, at most 8 words) contains a
/// future verb (`سينتظم`, `سيعقد`, `ستنطلق`) or a word such as `المقرر`. Dates in such clauses
/// are plans, not past events, so they do not bound the publication date from below.
fn is_future_context(text: &str, at: usize) -> bool {
    let Some(before) = text.get(..at) else {
        return false;
    };
    let clause = before
        .rsplit(['.', '،', ',', '؛', ';', ':', '؟', '?', '!', '\n', '(', ')'])
        .next()
        .unwrap_or("");
    let words = clause.split_whitespace().rev().take(8);
    words.map(normalize).any(|w| {
        let verb =
            w.chars().count() >= 4 && ["سي", "ست", "سن", "سا"].iter().any(|p| w.starts_with(p));
        (verb && !NOT_FUTURE.contains(&w.as_str())) || FUTURE_WORDS.contains(&w.as_str())
    })
}

/// The mention without its days: a planned `يوم 30 سبتمبر الجاري` still says which month it
/// is, but not that the 30th is past.
fn without_days(kind: DateKind) -> DateKind {
    match kind {
        DateKind::DayMonth {
            month,
            calendar,
            relative,
            ..
        } => DateKind::Month {
            month,
            calendar,
            relative,
        },
        DateKind::Range {
            end,
            calendar,
            relative,
            ..
        } => DateKind::Month {
            month: end.month,
            calendar,
            relative,
        },
        other => other,
    }
}

/// The date of publication when `a` is `اليوم/أمس/غدا WEEKDAY` right before a full date `b`
/// on that weekday (`اليوم الأربعاء 11 ماي 2016`).
fn today_date(text: &str, a: &DateMention, b: &DateMention) -> Option<NaiveDate> {
    let DateKind::Weekday { weekday, role } = a.kind else {
        return None;
    };
    let DateKind::Full {
        date,
        calendar: Calendar::Gregorian,
    } = b.kind
    else {
        return None;
    };
    let gap = text.get(a.span.end..b.span.start)?;
    if !gap
        .chars()
        .all(|c| c.is_whitespace() || c == '،' || c == ',')
        || date.weekday() != weekday
    {
        return None;
    }
    match role {
        WeekdayRole::Today => Some(date),
        WeekdayRole::Yesterday => date.succ_opt(),
        WeekdayRole::Tomorrow => date.pred_opt(),
        _ => None,
    }
}

/// The value when all items are equal, `None` when empty or mixed.
fn single<T: Copy + PartialEq>(items: &[T]) -> Option<T> {
    let first = *items.first()?;
    items.iter().all(|&x| x == first).then_some(first)
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

/// The only date of `dates` within the week after day `lb` of its month, if exactly one.
fn only_in_week(dates: &[NaiveDate], lb: u32) -> Option<NaiveDate> {
    let mut inside = dates.iter().filter(|d| (lb..=lb + 7).contains(&d.day()));
    let found = *inside.next()?;
    inside.next().is_none().then_some(found)
}

/// Display forms of the Gregorian month names, January first, in three naming systems news
/// sites use: Egyptian/Gulf, Levantine/Iraqi and Tunisian/Algerian. (Parsing accepts more
/// spellings; these are for writing dates, e.g. in generated test corpora.)
pub const EGYPTIAN_MONTHS: [&str; 12] = [
    "يناير",
    "فبراير",
    "مارس",
    "أبريل",
    "مايو",
    "يونيو",
    "يوليو",
    "أغسطس",
    "سبتمبر",
    "أكتوبر",
    "نوفمبر",
    "ديسمبر",
];
pub const LEVANTINE_MONTHS: [&str; 12] = [
    "كانون الثاني",
    "شباط",
    "آذار",
    "نيسان",
    "أيار",
    "حزيران",
    "تموز",
    "آب",
    "أيلول",
    "تشرين الأول",
    "تشرين الثاني",
    "كانون الأول",
];
pub const TUNISIAN_MONTHS: [&str; 12] = [
    "جانفي",
    "فيفري",
    "مارس",
    "أفريل",
    "ماي",
    "جوان",
    "جويلية",
    "أوت",
    "سبتمبر",
    "أكتوبر",
    "نوفمبر",
    "ديسمبر",
];

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    const MOROCCAN: [&str; 12] = [
        "يناير",
        "فبراير",
        "مارس",
        "أبريل",
        "ماي",
        "يونيو",
        "يوليوز",
        "غشت",
        "شتنبر",
        "أكتوبر",
        "نونبر",
        "دجنبر",
    ];
    const HIJRI: [&str; 12] = [
        "محرم",
        "صفر",
        "ربيع الأول",
        "ربيع الثاني",
        "جمادى الأولى",
        "جمادى الآخرة",
        "رجب",
        "شعبان",
        "رمضان",
        "شوال",
        "ذو القعدة",
        "ذو الحجة",
    ];
    /// Spelling variants: without hamza, with haa for taa marbuta, other regional forms.
    const VARIANTS: &[(&str, u32)] = &[
        ("ابريل", 4),
        ("إبريل", 4),
        ("يونيه", 6),
        ("يوليه", 7),
        ("اغسطس", 8),
        ("اكتوبر", 10),
        ("اذار", 3),
        ("ايار", 5),
        ("اب", 8),
        ("ايلول", 9),
        ("تشرين الاول", 10),
        ("كانون الاول", 12),
        ("كانون ثاني", 1),
        ("افريل", 4),
        ("اوت", 8),
        ("جويليه", 7),
        ("ماى", 5),
        ("أوكتوبر", 10),
    ];
    const HIJRI_VARIANTS: &[(&str, u32)] = &[
        ("المحرم", 1),
        ("ربيع الآخر", 4),
        ("ربيع الاول", 3),
        ("جمادى الثانية", 6),
        ("جمادي الاولى", 5),
        ("ذي القعدة", 11),
        ("ذي الحجة", 12),
        ("ذو الحجه", 12),
    ];

    fn to_digits(s: &str, zero: char) -> String {
        s.chars()
            .map(|c| match c.to_digit(10) {
                Some(n) => char::from_u32(zero as u32 + n).unwrap(),
                None => c,
            })
            .collect()
    }

    #[test]
    fn every_gregorian_month_in_every_system() {
        for system in [EGYPTIAN_MONTHS, LEVANTINE_MONTHS, TUNISIAN_MONTHS, MOROCCAN] {
            for (i, name) in system.iter().enumerate() {
                let m = i as u32 + 1;
                let s = format!("12 {name} 2022");
                assert_eq!(parse_date(&s), Some(ymd(2022, m, 12)), "{s}");
            }
        }
        for &(name, m) in VARIANTS {
            let s = format!("3 {name} 2019م");
            assert_eq!(parse_date(&s), Some(ymd(2019, m, 3)), "{s}");
        }
    }

    #[test]
    fn every_hijri_month() {
        for (i, name) in HIJRI.iter().enumerate() {
            let m = i as u32 + 1;
            let s = format!("10 {name} 1443 هـ");
            assert_eq!(parse_date(&s), hijri::to_gregorian(1443, m, 10), "{s}");
            assert!(parse_date(&s).is_some(), "{s}");
        }
        for &(name, m) in HIJRI_VARIANTS {
            let s = format!("1 {name} 1440");
            assert_eq!(parse_date(&s), hijri::to_gregorian(1440, m, 1), "{s}");
        }
    }

    #[test]
    fn hijri_markers_and_conversion() {
        let rajab = hijri::to_gregorian(1443, 7, 15);
        assert_eq!(rajab, Some(ymd(2022, 2, 16)));
        for s in [
            "15 رجب 1443 هـ",
            "15 رجب 1443هـ",
            "15 رجب 1443 ه",
            "15 رجب 1443 للهجرة",
            "١٥ رجب ١٤٤٣ هـ",
        ] {
            assert_eq!(parse_date(s), rajab, "{s}");
        }
        assert_eq!(parse_date("1 رمضان 1443"), Some(ymd(2022, 4, 2)));
        assert_eq!(parse_date("30 صفر 1443 هـ"), None, "Safar has 29 days");
        assert_eq!(
            parse_date("15 رجب 2022م"),
            None,
            "Gregorian suffix on a Hijri month"
        );
    }

    #[test]
    fn datelines_from_the_corpus() {
        assert_eq!(parse_date("16 فبراير 2022ء"), Some(ymd(2022, 2, 16)));
        assert_eq!(parse_date("15 فبراير 2022ء"), Some(ymd(2022, 2, 15)));
        assert_eq!(parse_date("21 كانون الثاني 2022ء"), Some(ymd(2022, 1, 21)));
        assert_eq!(parse_date("14 ديسمبر 2021ء"), Some(ymd(2021, 12, 14)));
        let line = "(پاکستان پوائنٹ نیوز / سبوتنيك - 16 فبراير 2022ء) أكد وزير الخارجية";
        let found = find_dates(line);
        assert_eq!(found.len(), 1);
        assert_eq!(&line[found[0].span.clone()], "16 فبراير 2022ء");
        assert_eq!(
            found[0].kind,
            DateKind::Full {
                date: ymd(2022, 2, 16),
                calendar: Calendar::Gregorian
            }
        );
    }

    #[test]
    fn digit_systems() {
        assert_eq!(parse_date("١٦ فبراير ٢٠٢٢"), Some(ymd(2022, 2, 16)));
        assert_eq!(parse_date("۱۶ فبراير ۲۰۲۲"), Some(ymd(2022, 2, 16)));
        assert_eq!(parse_date("٠٩ يناير ٢٠٢٢م"), Some(ymd(2022, 1, 9)));
    }

    #[test]
    fn year_suffixes_and_keywords() {
        for s in [
            "16 فبراير 2022",
            "16 فبراير 2022ء",
            "16 فبراير 2022م",
            "16 فبراير 2022مـ",
            "16 فبراير 2022 م",
            "16 فبراير عام 2022",
            "16 فبراير سنة 2022",
            "16 من فبراير من عام 2022",
            "16 شهر فبراير 2022",
            "16 فبراير 2022 ميلادية",
        ] {
            assert_eq!(parse_date(s), Some(ymd(2022, 2, 16)), "{s}");
        }
        let text = "وقع ذلك في 16 فبراير 2022مـ، وفق البيان";
        let found = find_dates(text);
        assert_eq!(&text[found[0].span.clone()], "16 فبراير 2022مـ");
    }

    #[test]
    fn dual_month_names() {
        for s in [
            "10 كانون الثاني/ يناير 2022",
            "10 كانون الثاني /يناير 2022",
            "10 كانون الثاني / يناير 2022",
            "10 كانون الثاني/يناير 2022",
            "10 كانون الثاني (يناير) 2022",
            "10 كانون الثاني - يناير 2022",
        ] {
            assert_eq!(parse_date(s), Some(ymd(2022, 1, 10)), "{s}");
        }
        assert_eq!(parse_date("12 شباط/فبراير 2022"), Some(ymd(2022, 2, 12)));
        // Two different months are not one dual name.
        assert_eq!(parse_date("10 شباط/يناير 2022"), None);
    }

    #[test]
    fn ordinal_days() {
        let units = [
            "الأول",
            "الثاني",
            "الثالث",
            "الرابع",
            "الخامس",
            "السادس",
            "السابع",
            "الثامن",
            "التاسع",
            "العاشر",
        ];
        let ordinal = |d: usize| -> String {
            match d {
                1..=10 => units[d - 1].to_string(),
                11 => "الحادي عشر".to_string(),
                12..=19 => format!("{} عشر", units[d - 11]),
                20 => "العشرين".to_string(),
                21 => "الحادي والعشرين".to_string(),
                22..=29 => format!("{} والعشرين", units[d - 21]),
                30 => "الثلاثين".to_string(),
                _ => "الحادي والثلاثين".to_string(),
            }
        };
        for d in 1..=31 {
            let s = format!("{} من يوليو 2021", ordinal(d));
            assert_eq!(parse_date(&s), Some(ymd(2021, 7, d as u32)), "{s}");
            let bare: Vec<String> = ordinal(d)
                .split(' ')
                .map(|w| w.replacen("ال", "", 1))
                .collect();
            let bare = bare.join(" ");
            let s = format!("{bare} من يوليو 2021");
            assert_eq!(parse_date(&s), Some(ymd(2021, 7, d as u32)), "{s}");
        }
        assert_eq!(
            parse_date("السادس من حزيران/يونيو عام 2014"),
            Some(ymd(2014, 6, 6))
        );
        assert_eq!(parse_date("الثلاثين من فبراير 2020"), None);
    }

    #[test]
    fn weekday_before_a_date() {
        assert_eq!(parse_date("الثلاثاء 15 فبراير 2022"), Some(ymd(2022, 2, 15)));
        assert_eq!(
            parse_date("الثلاثاء، 15 فبراير 2022"),
            Some(ymd(2022, 2, 15))
        );
        assert_eq!(parse_date("الأحد 12 مارس 2017"), Some(ymd(2017, 3, 12)));
        assert_eq!(
            parse_date("يوم الإثنين 24 أفريل 2017"),
            None,
            "starts with يوم before the weekday"
        );
        assert_eq!(parse_date("الإثنين 24 أفريل 2017"), Some(ymd(2017, 4, 24)));
    }

    #[test]
    fn numeric_dates() {
        assert_eq!(parse_date("16/02/2022"), Some(ymd(2022, 2, 16)));
        assert_eq!(parse_date("2022-02-16"), Some(ymd(2022, 2, 16)));
        assert_eq!(parse_date("١٦/٢/٢٠٢٢"), Some(ymd(2022, 2, 16)));
        assert_eq!(parse_date("31/02/2022"), None);
    }

    #[test]
    fn invalid_or_incomplete_dates() {
        for s in [
            "",
            "   ",
            "31 فبراير 2022",
            "29 فبراير 2021",
            "32 يناير 2022",
            "0 يناير 2022",
            "16 فبراير",
            "فبراير 2022",
            "عام 2021",
            "الثلاثاء",
            "16 فبراير 2022 وأكثر",
            "16 كلمة 2022",
            "وزير الخارجية الأميركي أنتوني بلينكن",
            "999999999999999999999 يناير 2022",
            "16 فبراير 99999999999999999999",
        ] {
            assert_eq!(parse_date(s), None, "{s:?}");
        }
        assert_eq!(parse_date("29 فبراير 2024"), Some(ymd(2024, 2, 29)));
    }

    fn kinds(text: &str) -> Vec<(String, DateKind)> {
        find_dates(text)
            .into_iter()
            .map(|m| (text[m.span].to_string(), m.kind))
            .collect()
    }

    #[test]
    fn mentions_in_article_002() {
        let text = include_str!("../../data/002_4ef95711e04f1e91.txt");
        let found = kinds(text);
        let sat = DateKind::Weekday {
            weekday: Weekday::Sat,
            role: WeekdayRole::Aside,
        };
        let fri = DateKind::Weekday {
            weekday: Weekday::Fri,
            role: WeekdayRole::Plain,
        };
        let mon = DateKind::Weekday {
            weekday: Weekday::Mon,
            role: WeekdayRole::Last,
        };
        let year = DateKind::Year {
            year: 2021,
            calendar: Calendar::Gregorian,
            relative: None,
            bare: false,
        };
        let range = DateKind::Range {
            start: PartialDate {
                year: None,
                month: 1,
                day: 9,
            },
            end: PartialDate {
                year: None,
                month: 1,
                day: 10,
            },
            calendar: Calendar::Gregorian,
            relative: Some(Relative::Current),
        };
        let expected = vec![
            ("السبت".to_string(), sat),
            ("والجمعة".to_string(), fri),
            ("عام 2021".to_string(), year),
            ("السبت".to_string(), sat),
            ("الإثنين الماضي".to_string(), mon),
            ("يومي 9 و 10 كانون الثاني /يناير الجاري".to_string(), range),
        ];
        assert_eq!(found, expected);
    }

    #[test]
    fn mentions_in_article_001() {
        let text = include_str!("../../data/001_c539808e36df443d.txt");
        let found = kinds(text);
        let has = |s: &str, k: DateKind| found.contains(&(s.to_string(), k));
        let g = Calendar::Gregorian;
        assert!(has(
            "15 فبراير 2022ء",
            DateKind::Full {
                date: ymd(2022, 2, 15),
                calendar: g
            }
        ));
        assert!(has(
            "اليوم الثلاثاء",
            DateKind::Weekday {
                weekday: Weekday::Tue,
                role: WeekdayRole::Today
            }
        ));
        assert!(has(
            "أمس الإثنين",
            DateKind::Weekday {
                weekday: Weekday::Mon,
                role: WeekdayRole::Yesterday
            }
        ));
        let feb12 = DateKind::DayMonth {
            day: 12,
            month: 2,
            calendar: g,
            relative: None,
        };
        assert!(has("يوم 12 شباط/فبراير", feb12));
        let jan26 = DateKind::DayMonth {
            day: 26,
            month: 1,
            calendar: g,
            relative: Some(Relative::Previous),
        };
        assert!(has("26 كانون الثاني/ يناير الماضي", jan26));
        assert!(has(
            "2021",
            DateKind::Year {
                year: 2021,
                calendar: g,
                relative: None,
                bare: false
            }
        ));
        assert!(has(
            "عام 1997",
            DateKind::Year {
                year: 1997,
                calendar: g,
                relative: None,
                bare: false
            }
        ));
    }

    #[test]
    fn mentions_in_article_004() {
        let text = include_str!("../../data/004_c524ce13b5ddd629.txt");
        let found = kinds(text);
        let has = |s: &str, k: DateKind| found.contains(&(s.to_string(), k));
        let g = Calendar::Gregorian;
        assert!(has(
            "السادس من حزيران/يونيو عام 2014",
            DateKind::Full {
                date: ymd(2014, 6, 6),
                calendar: g
            }
        ));
        assert!(has(
            "اليوم الاثنين",
            DateKind::Weekday {
                weekday: Weekday::Mon,
                role: WeekdayRole::Today
            }
        ));
        assert!(has(
            "عام 1944",
            DateKind::Year {
                year: 1944,
                calendar: g,
                relative: None,
                bare: false
            }
        ));
        // `الـ 70` (the 70th anniversary) is not a date.
        assert!(!found.iter().any(|(s, _)| s.contains("70")));
    }

    #[test]
    fn tunisian_expressions_from_ant() {
        let g = Calendar::Gregorian;
        assert_eq!(
            kinds("أنه توفي يوم 8 جويلية الجاري، قد"),
            vec![(
                "يوم 8 جويلية الجاري".to_string(),
                DateKind::DayMonth {
                    day: 8,
                    month: 7,
                    calendar: g,
                    relative: Some(Relative::Current)
                }
            )]
        );
        assert_eq!(
            kinds("المفقود منذ 11 نوفمبر الفارط"),
            vec![(
                "11 نوفمبر الفارط".to_string(),
                DateKind::DayMonth {
                    day: 11,
                    month: 11,
                    calendar: g,
                    relative: Some(Relative::Previous)
                }
            )]
        );
        let range = DateKind::Range {
            start: PartialDate {
                year: None,
                month: 8,
                day: 29,
            },
            end: PartialDate {
                year: None,
                month: 9,
                day: 14,
            },
            calendar: g,
            relative: None,
        };
        assert_eq!(
            kinds("تنتظم من 29 أوت إلى 14 سبتمبر بتونس"),
            vec![("من 29 أوت إلى 14 سبتمبر".to_string(), range)]
        );
        let range = DateKind::Range {
            start: PartialDate {
                year: Some(2017),
                month: 2,
                day: 19,
            },
            end: PartialDate {
                year: Some(2017),
                month: 2,
                day: 20,
            },
            calendar: g,
            relative: None,
        };
        assert_eq!(
            kinds("يومي 19 و20 فيفري 2017 في"),
            vec![("يومي 19 و20 فيفري 2017".to_string(), range)]
        );
        assert_eq!(parse_date("يوم 28 أفريل2014"), Some(ymd(2014, 4, 28)));
        let first = kinds("تنطلق الاربعاء غرة مارس مقابلات");
        assert_eq!(
            first,
            vec![(
                "الاربعاء غرة مارس".to_string(),
                DateKind::DayMonth {
                    day: 1,
                    month: 3,
                    calendar: g,
                    relative: None
                }
            )]
        );
        assert_eq!(
            kinds("خلال شهر جانفي 2017 والاعلان"),
            vec![(
                "شهر جانفي 2017".to_string(),
                DateKind::MonthYear {
                    month: 1,
                    year: 2017,
                    calendar: g
                }
            )]
        );
    }

    #[test]
    fn ranges() {
        let g = Calendar::Gregorian;
        let jan = |a, b, y| DateKind::Range {
            start: PartialDate {
                year: y,
                month: 1,
                day: a,
            },
            end: PartialDate {
                year: y,
                month: 1,
                day: b,
            },
            calendar: g,
            relative: None,
        };
        assert_eq!(
            kinds("من 9 إلى 12 يناير"),
            vec![("من 9 إلى 12 يناير".to_string(), jan(9, 12, None))]
        );
        assert_eq!(
            kinds("بين 9 و12 يناير 2022"),
            vec![("بين 9 و12 يناير 2022".to_string(), jan(9, 12, Some(2022)))]
        );
        assert_eq!(
            kinds("9-12 يناير 2022"),
            vec![("9-12 يناير 2022".to_string(), jan(9, 12, Some(2022)))]
        );
        let wrap = DateKind::Range {
            start: PartialDate {
                year: Some(2021),
                month: 12,
                day: 29,
            },
            end: PartialDate {
                year: Some(2022),
                month: 1,
                day: 3,
            },
            calendar: g,
            relative: None,
        };
        assert_eq!(
            kinds("من 29 ديسمبر إلى 3 يناير 2022"),
            vec![("من 29 ديسمبر إلى 3 يناير 2022".to_string(), wrap)]
        );
        // A backwards range is not a range; the valid tail is still a day and month.
        let found = kinds("12 و 9 يناير");
        assert_eq!(
            found,
            vec![(
                "9 يناير".to_string(),
                DateKind::DayMonth {
                    day: 9,
                    month: 1,
                    calendar: g,
                    relative: None
                }
            )]
        );
    }

    #[test]
    fn months_with_relative_words_and_years() {
        let g = Calendar::Gregorian;
        let month = |m, r| DateKind::Month {
            month: m,
            calendar: g,
            relative: Some(r),
        };
        assert_eq!(
            kinds("في يناير الجاري"),
            vec![("يناير الجاري".to_string(), month(1, Relative::Current))]
        );
        assert_eq!(
            kinds("خلال شباط الحالي"),
            vec![("شباط الحالي".to_string(), month(2, Relative::Current))]
        );
        assert_eq!(
            kinds("منذ ديسمبر الماضي"),
            vec![("ديسمبر الماضي".to_string(), month(12, Relative::Previous))]
        );
        assert_eq!(
            kinds("في أيلول المنصرم"),
            vec![("أيلول المنصرم".to_string(), month(9, Relative::Previous))]
        );
        assert_eq!(
            kinds("في مارس المقبل"),
            vec![("مارس المقبل".to_string(), month(3, Relative::Next))]
        );
        assert_eq!(
            kinds("في تموز القادم"),
            vec![("تموز القادم".to_string(), month(7, Relative::Next))]
        );
        let my = DateKind::MonthYear {
            month: 2,
            year: 2022,
            calendar: g,
        };
        assert_eq!(
            kinds("في فبراير 2022"),
            vec![("فبراير 2022".to_string(), my)]
        );
        let ramadan = DateKind::MonthYear {
            month: 9,
            year: 1443,
            calendar: Calendar::Hijri,
        };
        assert_eq!(
            kinds("في رمضان 1443 هـ"),
            vec![("رمضان 1443 هـ".to_string(), ramadan)]
        );
        // Month names that are also common words are not dates on their own.
        assert_eq!(kinds("مارس الضغط على أبيه آب"), vec![]);
        assert_eq!(kinds("درجة الحرارة صفر"), vec![]);
    }

    #[test]
    fn years() {
        let year = |y, r, bare| DateKind::Year {
            year: y,
            calendar: Calendar::Gregorian,
            relative: r,
            bare,
        };
        assert_eq!(
            kinds("خلال عام 2021"),
            vec![("عام 2021".to_string(), year(2021, None, false))]
        );
        assert_eq!(
            kinds("في سنة 1997"),
            vec![("سنة 1997".to_string(), year(1997, None, false))]
        );
        assert_eq!(
            kinds("في 2021"),
            vec![("2021".to_string(), year(2021, None, false))]
        );
        assert_eq!(
            kinds("نشرت 2021 مسودة"),
            vec![("2021".to_string(), year(2021, None, true))]
        );
        let prev = year(2021, Some(Relative::Previous), false);
        assert_eq!(
            kinds("خلال العام الماضي 2021"),
            vec![("العام الماضي 2021".to_string(), prev)]
        );
        let cur = year(2022, Some(Relative::Current), false);
        assert_eq!(
            kinds("خلال عام 2022 الجاري"),
            vec![("عام 2022 الجاري".to_string(), cur)]
        );
        let hijri = DateKind::Year {
            year: 1443,
            calendar: Calendar::Hijri,
            relative: None,
            bare: false,
        };
        assert_eq!(
            kinds("عام 1443 هـ"),
            vec![("عام 1443 هـ".to_string(), hijri)]
        );
        // Counts and numbers glued to other digits are not years.
        assert_eq!(kinds("أرسلت 3000 جندي و 2,000 آلية"), vec![]);
        assert_eq!(kinds("بلغ 1.2021 مليون"), vec![]);
    }

    #[test]
    fn weekdays_and_their_roles() {
        let wd = |w, r| DateKind::Weekday {
            weekday: w,
            role: r,
        };
        assert_eq!(
            kinds("قال اليوم الثلاثاء"),
            vec![(
                "اليوم الثلاثاء".to_string(),
                wd(Weekday::Tue, WeekdayRole::Today)
            )]
        );
        assert_eq!(
            kinds("أمس الإثنين"),
            vec![(
                "أمس الإثنين".to_string(),
                wd(Weekday::Mon, WeekdayRole::Yesterday)
            )]
        );
        assert_eq!(
            kinds("غدا الأربعاء"),
            vec![(
                "غدا الأربعاء".to_string(),
                wd(Weekday::Wed, WeekdayRole::Tomorrow)
            )]
        );
        assert_eq!(
            kinds("الأحد الماضي"),
            vec![(
                "الأحد الماضي".to_string(),
                wd(Weekday::Sun, WeekdayRole::Last)
            )]
        );
        assert_eq!(
            kinds("يوم الخميس المقبل"),
            vec![(
                "يوم الخميس المقبل".to_string(),
                wd(Weekday::Thu, WeekdayRole::Next)
            )]
        );
        assert_eq!(
            kinds("الحلف، السبت، الالتزام"),
            vec![("السبت".to_string(), wd(Weekday::Sat, WeekdayRole::Aside))]
        );
        assert_eq!(
            kinds("صلاة الجمعة"),
            vec![("الجمعة".to_string(), wd(Weekday::Fri, WeekdayRole::Plain))]
        );
        assert_eq!(
            kinds("والأحد"),
            vec![("والأحد".to_string(), wd(Weekday::Sun, WeekdayRole::Plain))]
        );
    }

    #[test]
    fn spans_survive_harakat_and_bidi_marks() {
        let text = "\u{202b}في ١٦ فِبْرايِر ٢٠٢٢م\u{202c} قال";
        let found = find_dates(text);
        assert_eq!(found.len(), 1);
        assert_eq!(&text[found[0].span.clone()], "١٦ فِبْرايِر ٢٠٢٢م");
    }

    // --- inference -------------------------------------------------------------------------

    #[test]
    fn infers_day_for_article_002() {
        // Saturday (`، السبت،`), `الإثنين الماضي` = a day mentioned in `يومي 9 و 10 كانون الثاني
        // /يناير الجاري`, and `خلال عام 2021`: only 2022 has 10 January on a Monday, and the only
        // Saturday in the week after it is the 15th.
        let text = include_str!("../../data/002_4ef95711e04f1e91.txt");
        assert_eq!(
            infer_publication_date(text),
            Some((ymd(2022, 1, 15), Precision::Day))
        );
    }

    #[test]
    fn infers_month_when_the_weekday_of_publication_is_unknown() {
        // `الإثنين الماضي` on the 10th fixes the year (2022) and puts publication in 11..17
        // January, but nothing says which of those days.
        let text = "عقدت روسيا والولايات المتحدة مشاورات في جنيف يومي 9 و 10 كانون الثاني /يناير الجاري. \
                    وأجرت روسيا وأميركا محادثات في جنيف الإثنين الماضي. وقال لافروف إن عمل الدبلوماسية خلال عام 2021 كان صعبا.";
        assert_eq!(
            infer_publication_date(text),
            Some((ymd(2022, 1, 1), Precision::Month))
        );
    }

    #[test]
    fn infers_month_from_current_month_and_year() {
        let text = "وتلقت موسكو الردود في 26 يناير الجاري، في إطار مفاوضات عام 2022 الجاري.";
        assert_eq!(
            infer_publication_date(text),
            Some((ymd(2022, 1, 1), Precision::Month))
        );
    }

    #[test]
    fn infers_year_only() {
        let text = "وأكد البيان أن الصادرات تراجعت خلال العام الماضي 2021 بنسبة كبيرة، كما قال الوزير اليوم الثلاثاء.";
        assert_eq!(
            infer_publication_date(text),
            Some((ymd(2022, 1, 1), Precision::Year))
        );
    }

    #[test]
    fn infers_nothing_without_enough_evidence() {
        // No year at all.
        assert_eq!(
            infer_publication_date("أكدت الخارجية، السبت، الالتزام بالدبلوماسية في يناير الجاري"),
            None
        );
        // A lone year: the article may be from that year or from early the next.
        assert_eq!(
            infer_publication_date("نتائج عمل الدبلوماسية الروسية خلال عام 2021."),
            None
        );
        assert_eq!(infer_publication_date(""), None);
        assert_eq!(
            infer_publication_date("بلينكن يبلغ لافروف ضرورة رؤية وقف تصعيد"),
            None
        );
    }

    #[test]
    fn explicit_today_date_wins() {
        // ANT JA-economy-44-11052016: the planned `من 24 إلى 28 ماي الحالي` must not push the
        // date to the end of the month.
        let text =
            "انعقدت بسوسة اليوم الأربعاء 11 ماي 2016 ندوة صحفية بخصوص الصالون الدولي للسياحة \
                    والذي سينتظم من 24 إلى 28 ماي الحالي.";
        assert_eq!(
            infer_publication_date(text),
            Some((ymd(2016, 5, 11), Precision::Day))
        );
        let text = "أعلنت السلطات الإيطالية أمس الأحد 8 نوفمبر 2015 عن إيقاف";
        assert_eq!(
            infer_publication_date(text),
            Some((ymd(2015, 11, 9), Precision::Day))
        );
        // Weekday and date disagree: not today's date.
        let text = "أعلنت السلطات اليوم الخميس 8 نوفمبر 2015 عن إيقاف";
        assert_eq!(infer_publication_date(text), None);
    }

    #[test]
    fn planned_days_are_not_lower_bounds() {
        // ANT JA-localNews-2959-20160928 (Wednesday 28 September 2016).
        let text = "على هامش ندوة صحفية عقدت اليوم الأربعاء، في الفترة بين أكتوبر 2013 إلى غاية أكتوبر 2015، \
                    وذلك قبيل المؤتمر السابع للرابطة الذي سيعقد يوم 30 سبتمبر الجاري.";
        assert!(is_future_context(text, text.find("يوم 30").unwrap()));
        assert!(!is_future_context(text, text.find("أكتوبر 2013").unwrap()));
        // Wednesdays of September 2015 and 2016 remain: no claim.
        assert_eq!(infer_publication_date(text), None);
    }

    #[test]
    fn inference_never_contradicts_the_corpus_datelines() {
        let articles = [
            (
                include_str!("../../data/000_89731ca9499b315b.txt"),
                ymd(2022, 2, 16),
            ),
            (
                include_str!("../../data/001_c539808e36df443d.txt"),
                ymd(2022, 2, 15),
            ),
            (
                include_str!("../../data/003_53df6247519af79e.txt"),
                ymd(2022, 1, 21),
            ),
            (
                include_str!("../../data/004_c524ce13b5ddd629.txt"),
                ymd(2021, 12, 14),
            ),
        ];
        for (text, dateline) in articles {
            // Without `الجاري` or a dated "today", the year stays open: these give `None`.
            let got = infer_publication_date(text);
            let consistent = match got {
                None => true,
                Some((d, Precision::Day)) => (dateline - d).num_days().abs() <= 1,
                Some((d, Precision::Month)) => {
                    (d.year(), d.month()) == (dateline.year(), dateline.month())
                }
                Some((d, Precision::Year)) => d.year() == dateline.year(),
            };
            assert!(consistent, "{got:?} vs {dateline}");
        }
    }

    #[test]
    fn contradictory_weekdays_lower_the_precision() {
        // Saturday and Sunday both claimed as today: no single day can be chosen.
        let text = "يومي 9 و 10 كانون الثاني /يناير الجاري، والإثنين الماضي، خلال عام 2021. \
                    وقال، السبت، إن. وأضاف، الأحد، أن.";
        let got = infer_publication_date(text);
        assert_ne!(got.map(|(_, p)| p), Some(Precision::Day));
    }

    /// Checks the inference on the Tunisian ANT corpus against the publisher's dates, when the
    /// corpus is available: a claimed day or month must be right almost always.
    #[test]
    fn inference_on_ant_corpus_is_rarely_wrong() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data/ant-news.jsonl");
        let Ok(data) = std::fs::read_to_string(path) else {
            eprintln!("skipped: {path} not found");
            return;
        };
        let (mut claims, mut wrong) = ([0usize; 3], [0usize; 3]);
        for line in data.lines() {
            let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else {
                continue;
            };
            let (Some(body), Some(date)) = (v["body"].as_str(), v["date"].as_str()) else {
                continue;
            };
            let Ok(truth) = NaiveDate::parse_from_str(date, "%Y-%m-%d") else {
                continue;
            };
            let Some((d, p)) = infer_publication_date(body) else {
                continue;
            };
            let ok = match p {
                // The publisher's date can trail the text's "today" by a day.
                Precision::Day => (truth - d).num_days().abs() <= 1,
                Precision::Month => (d.year(), d.month()) == (truth.year(), truth.month()),
                Precision::Year => d.year() == truth.year(),
            };
            claims[p as usize] += 1;
            if !ok {
                wrong[p as usize] += 1;
                eprintln!("{p:?} {d} vs {truth}: {}", v["id"]);
            }
        }
        eprintln!("claims (day, month, year): {claims:?}, wrong: {wrong:?}");
        for p in 0..3 {
            assert!(
                wrong[p] * 10 <= claims[p],
                "precision {p}: {} of {} wrong",
                wrong[p],
                claims[p]
            );
        }
    }

    // --- properties ------------------------------------------------------------------------

    fn arb_date() -> impl Strategy<Value = NaiveDate> {
        (1000i32..=2999, 1u32..=12, 1u32..=31)
            .prop_filter_map("valid date", |(y, m, d)| NaiveDate::from_ymd_opt(y, m, d))
    }

    proptest! {
        #[test]
        fn formatted_dates_round_trip(
            date in arb_date(),
            system in 0usize..5,
            zero in prop::sample::select(vec!['0', '\u{0660}', '\u{06F0}']),
            suffix in prop::sample::select(vec!["", "ء", "م", "مـ", " م"]),
            keyword in prop::sample::select(vec!["", "عام ", "سنة "]),
        ) {
            let m = date.month0() as usize;
            let month = match system {
                0 => EGYPTIAN_MONTHS[m].to_string(),
                1 => LEVANTINE_MONTHS[m].to_string(),
                2 => TUNISIAN_MONTHS[m].to_string(),
                3 => MOROCCAN[m].to_string(),
                _ => format!("{}/ {}", LEVANTINE_MONTHS[m], EGYPTIAN_MONTHS[m]),
            };
            let s = format!("{} {month} {keyword}{}{suffix}", date.day(), date.year());
            let s = to_digits(&s, zero);
            prop_assert_eq!(parse_date(&s), Some(date), "{}", s);
        }

        #[test]
        fn hijri_dates_round_trip(y in 1300i32..=1600, m in 1u32..=12, d in 1u32..=30) {
            let s = format!("{d} {} {y} هـ", HIJRI[(m - 1) as usize]);
            prop_assert_eq!(parse_date(&s), hijri::to_gregorian(y, m, d), "{}", s);
        }

        #[test]
        fn never_panics_on_any_text(s in "\\PC*") {
            let _ = parse_date(&s);
            let _ = infer_publication_date(&s);
            check_spans(&s, &find_dates(&s))?;
        }

        #[test]
        fn spans_are_ordered_on_arabic_like_text(
            parts in prop::collection::vec(prop::sample::select(vec![
                "16", "٩", "2022", "ء", "م", "ـ", "\u{064E}", "\u{200F}", "\u{202E}", "\u{0007}", " ", "،", "/", "-",
                "يناير", "كانون", "الثاني", "شباط", "الجاري", "الماضي", "عام", "يومي", "و", "من", "إلى",
                "السبت", "الإثنين", "اليوم", "أمس", "السادس", "عشر", "والعشرين", "رجب", "هـ", "غرة", "x",
            ]), 0..24)
        ) {
            let s: String = parts.concat();
            let _ = parse_date(&s);
            let _ = infer_publication_date(&s);
            check_spans(&s, &find_dates(&s))?;
        }
    }

    fn check_spans(s: &str, found: &[DateMention]) -> Result<(), TestCaseError> {
        let mut last_end = 0;
        for m in found {
            prop_assert!(m.span.start < m.span.end && m.span.end <= s.len());
            prop_assert!(s.is_char_boundary(m.span.start) && s.is_char_boundary(m.span.end));
            prop_assert!(m.span.start >= last_end, "overlapping or unordered spans");
            last_end = m.span.end;
        }
        Ok(())
    }
}

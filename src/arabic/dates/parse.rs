//! The tokenizer and the parser of date expressions, on the matching form.

use std::ops::Range;

use chrono::{NaiveDate, Weekday};

use super::lexicon::*;
use super::{Calendar, DateKind, PartialDate, Relative, WeekdayRole};
use crate::arabic::hijri;
use crate::arabic::normalize::{fold_char, is_haraka};

// ---------------------------------------------------------------------------------------------
// Tokens.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum TokKind {
    Word,
    Num,
    Punct,
}

/// A token of the matching form, with the byte span of its source in the original text.
#[derive(Clone, Debug)]
pub(super) struct Tok {
    pub(super) kind: TokKind,
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
pub(super) fn tokenize(s: &str) -> Vec<Tok> {
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

pub(super) struct Parser {
    pub(super) toks: Vec<Tok>,
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

    pub(super) fn expr_at(&self, i: usize) -> Option<(DateKind, usize)> {
        self.numeric(i)
            .or_else(|| self.day_based(i))
            .or_else(|| self.month_based(i))
            .or_else(|| self.year_based(i))
            .or_else(|| self.weekday_based(i))
    }

    pub(super) fn span(&self, start: usize, end: usize) -> Option<Range<usize>> {
        let a = self.toks.get(start)?.start;
        let b = self.toks.get(end.checked_sub(1)?)?.end;
        (a < b).then_some(a..b)
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

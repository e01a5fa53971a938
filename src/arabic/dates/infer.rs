//! Inference of the publication date of an article from the date mentions in its text.

use chrono::{Datelike, Days, NaiveDate, Weekday};

use super::{Calendar, DateKind, DateMention, Relative, WeekdayRole};
use crate::arabic::normalize::normalize;

// ---------------------------------------------------------------------------------------------
// Inference of the publication date.

/// What the date mentions of an article say about its publication date.
#[derive(Debug, Default)]
pub(super) struct Evidence {
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
    pub(super) today_dates: Vec<NaiveDate>,
}

fn gregorian_year(y: i32) -> Option<i32> {
    (1900..=2100).contains(&y).then_some(y)
}

impl Evidence {
    pub(super) fn from_mentions(text: &str, mentions: &[DateMention]) -> Self {
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
    pub(super) fn month(&self) -> Option<u32> {
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
    pub(super) fn lower_bound(&self, month: u32) -> Option<u32> {
        self.current_days
            .iter()
            .filter(|(m, _)| *m == month)
            .map(|&(_, d)| d)
            .max()
    }

    /// How many weekday clues `date` satisfies.
    pub(super) fn score(&self, date: NaiveDate) -> usize {
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

    pub(super) fn candidates(&self) -> Vec<NaiveDate> {
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
pub(super) fn is_future_context(text: &str, at: usize) -> bool {
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
pub(super) fn single<T: Copy + PartialEq>(items: &[T]) -> Option<T> {
    let first = *items.first()?;
    items.iter().all(|&x| x == first).then_some(first)
}

/// The only date of `dates` within the week after day `lb` of its month, if exactly one.
pub(super) fn only_in_week(dates: &[NaiveDate], lb: u32) -> Option<NaiveDate> {
    let mut inside = dates.iter().filter(|d| (lb..=lb + 7).contains(&d.day()));
    let found = *inside.next()?;
    inside.next().is_none().then_some(found)
}

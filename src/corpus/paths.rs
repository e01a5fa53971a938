//! Publication dates from where a file sits: its name (`JA-economy-32-20170125.txt`,
//! `2016-03-07-story.txt`, `05112015.txt`) or the date folders above it under the corpus root
//! (`2016/03/07/story.txt`, `2016/03/story.txt`). No I/O: paths in, dates out.

use std::path::{Component, Path};

use chrono::{Datelike, NaiveDate};

use crate::arabic::dates::{Precision, PubDate};

/// The date a path gives, relative to the corpus root: the file name first, then a
/// `YYYY/MM/DD` or `YYYY/MM` folder tree, then a date in a folder's name.
pub fn path_date(relative: &Path) -> Option<PubDate> {
    let parts: Vec<String> = relative
        .components()
        .filter_map(|c| match c {
            Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    let (file, folders) = parts.split_last()?;
    let stem = Path::new(file)
        .file_stem()
        .map_or_else(|| file.clone(), |s| s.to_string_lossy().into_owned());
    let day = |date| PubDate {
        date,
        precision: Precision::Day,
        inferred: false,
    };
    if let Some(d) = date_in_name(&stem) {
        return Some(day(d));
    }
    if let Some(d) = folder_tree(folders) {
        return Some(d);
    }
    folders.iter().rev().find_map(|f| date_in_name(f)).map(day)
}

/// A date written inside a name: `YYYY-MM-DD`, `YYYY_MM_DD`, `YYYYMMDD`, or `DDMMYYYY` when the
/// eight digits are not a valid `YYYYMMDD`. The digits must not be part of a longer number.
pub fn date_in_name(name: &str) -> Option<NaiveDate> {
    let runs = digit_runs(name);
    // Three runs joined by one separator: YYYY-MM-DD or YYYY_MM_DD.
    for w in runs.windows(3) {
        let [(_, ae, y), (b, be, m), (c, _, d)] = w else {
            continue;
        };
        let joined = |end: usize, start: usize| {
            start == end + 1 && matches!(name.as_bytes().get(end), Some(b'-' | b'_'))
        };
        if y.len() == 4 && m.len() == 2 && d.len() == 2 && joined(*ae, *b) && joined(*be, *c) {
            if let Some(date) = ymd(y, m, d) {
                return Some(date);
            }
        }
    }
    runs.iter()
        .filter(|(_, _, r)| r.len() == 8)
        .find_map(|(_, _, r)| {
            ymd(&r[..4], &r[4..6], &r[6..]).or_else(|| ymd(&r[4..], &r[2..4], &r[..2]))
        })
}

/// `YYYY/MM/DD` or `YYYY/MM` as the last folders of a path.
fn folder_tree(folders: &[String]) -> Option<PubDate> {
    let n = folders.len();
    let is = |s: &String, len: usize| s.len() == len && s.bytes().all(|b| b.is_ascii_digit());
    if n >= 3 && is(&folders[n - 3], 4) && is(&folders[n - 2], 2) && is(&folders[n - 1], 2) {
        let date = ymd(&folders[n - 3], &folders[n - 2], &folders[n - 1])?;
        return Some(PubDate {
            date,
            precision: Precision::Day,
            inferred: false,
        });
    }
    if n >= 2 && is(&folders[n - 2], 4) && is(&folders[n - 1], 2) {
        let date = ymd(&folders[n - 2], &folders[n - 1], "01")?;
        return Some(PubDate {
            date,
            precision: Precision::Month,
            inferred: false,
        });
    }
    None
}

/// Maximal runs of ASCII digits: (start byte, end byte, digits).
fn digit_runs(s: &str) -> Vec<(usize, usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, b) in s
        .bytes()
        .enumerate()
        .chain(std::iter::once((s.len(), b' ')))
    {
        match (b.is_ascii_digit(), start) {
            (true, None) => start = Some(i),
            (false, Some(st)) => {
                out.push((st, i, &s[st..i]));
                start = None;
            }
            _ => {}
        }
    }
    out
}

/// A date from year, month and day digits, in the plausible range 1900 to next year.
fn ymd(y: &str, m: &str, d: &str) -> Option<NaiveDate> {
    let year: i32 = y.parse().ok()?;
    let next_year = chrono::Local::now().year() + 1;
    if !(1900..=next_year).contains(&year) {
        return None;
    }
    NaiveDate::from_ymd_opt(year, m.parse().ok()?, d.parse().ok()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(p: &str) -> Option<String> {
        path_date(Path::new(p)).map(|d| match d.precision {
            Precision::Month => d.date.format("%Y-%m").to_string(),
            _ => d.date.format("%Y-%m-%d").to_string(),
        })
    }

    #[test]
    fn file_names_hold_dates_in_every_order() {
        assert_eq!(
            date("JA-economy-32-20170125.txt").as_deref(),
            Some("2017-01-25")
        );
        assert_eq!(
            date("JA-politic-69-05112015.txt").as_deref(),
            Some("2015-11-05")
        );
        assert_eq!(date("2016-03-07-story.txt").as_deref(), Some("2016-03-07"));
        assert_eq!(date("news_2019_12_31.txt").as_deref(), Some("2019-12-31"));
        assert_eq!(
            date("a/b/story-20200229.jsonl").as_deref(),
            Some("2020-02-29")
        );
    }

    #[test]
    fn folder_trees_give_a_day_or_a_month() {
        assert_eq!(date("2016/03/07/story.txt").as_deref(), Some("2016-03-07"));
        assert_eq!(date("arabic/2016/03/story.txt").as_deref(), Some("2016-03"));
        assert_eq!(date("2021-06-30/story.txt").as_deref(), Some("2021-06-30"));
        assert_eq!(date("2016/13/07/story.txt"), None, "no 13th month");
    }

    #[test]
    fn numbers_that_are_not_dates_give_none() {
        assert_eq!(date("123456789.txt"), None, "nine digits");
        assert_eq!(date("article-18991231.txt"), None, "before 1900");
        assert_eq!(
            date("id-20171345.txt"),
            None,
            "no month 13, and 2017-13-45 backwards neither"
        );
        assert_eq!(date("3000-01-01.txt"), None, "the future");
        assert_eq!(date("story.txt"), None);
    }

    proptest::proptest! {
        /// Any name gives no date or a date in the plausible range.
        #[test]
        fn dates_stay_plausible(name in "[0-9a-z_/.-]{0,30}") {
            if let Some(d) = path_date(Path::new(&name)) {
                proptest::prop_assert!(d.date.year() >= 1900);
            }
        }
    }
}

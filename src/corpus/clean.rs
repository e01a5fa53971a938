//! Turns a raw record (a `.txt` file or a JSON object) into a clean [`Article`]: title, body
//! paragraphs without boilerplate, and metadata read from datelines and bylines.

use regex::Regex;

use super::rules::{DatelineForm, Rules};
use super::{Article, DateSource, Origin};
use crate::arabic::dates::{self, Precision, PubDate};
use crate::arabic::normalize;

/// One record as a loader found it, before cleaning.
#[derive(Debug, Default, Clone)]
pub struct RawArticle {
    pub id: String,
    pub origin: Origin,
    pub title: Option<String>,
    pub body: String,
    pub date: Option<String>,
    pub source: Option<String>,
    pub agency: Option<String>,
    pub author: Option<String>,
    pub place: Option<String>,
    pub url: Option<String>,
}

/// Cleans one record. Never fails: whatever cannot be understood is left as text.
pub fn build_article(raw: RawArticle, rules: &Rules) -> Article {
    let mut lines: Vec<String> = raw
        .body
        .lines()
        .map(|l| clean_inline(l, &rules.remove))
        .collect();
    let mut byline = Byline::default();
    let title = match raw.title.as_deref().map(|t| clean_inline(t, &rules.remove)) {
        Some(t) if !t.is_empty() => t,
        _ => {
            // Some scraped pages open with the byline, not a headline.
            lines.retain(|l| !l.is_empty());
            byline = take_byline(&mut lines, &rules.bylines);
            take_title(&mut lines, rules)
        }
    };
    let mut paragraphs = body_paragraphs(lines, &title, rules);
    let mut article = Article {
        id: raw.id,
        origin: raw.origin,
        title,
        url: raw.url.filter(|s| !s.trim().is_empty()),
        source: raw.source.filter(|s| !s.trim().is_empty()),
        agency: raw.agency.filter(|s| !s.trim().is_empty()),
        author: raw.author.filter(|s| !s.trim().is_empty()),
        place: raw.place.filter(|s| !s.trim().is_empty()),
        ..Article::default()
    };
    if byline.place.is_none() && byline.author.is_none() {
        byline = take_byline(&mut paragraphs, &rules.bylines);
    }
    let dateline = take_dateline(&mut paragraphs, rules);
    fill(&mut article.place, byline.place);
    fill(&mut article.author, byline.author);
    fill(&mut article.source, dateline.source);
    fill(&mut article.agency, dateline.agency);
    fill(&mut article.place, dateline.place);
    article.body = paragraphs.join("\n");
    let dated = [
        (metadata_date(raw.date.as_deref()), DateSource::Metadata),
        (
            dateline.date.as_deref().and_then(dateline_date),
            DateSource::Dateline,
        ),
    ]
    .into_iter()
    .find_map(|(d, source)| Some((d?, source)))
    .or_else(|| {
        Some((
            inferred_date(&article.title, &article.body)?,
            DateSource::Text,
        ))
    });
    article.date = dated.map(|(d, _)| d);
    article.date_source = dated.map(|(_, s)| s);
    article
}

fn fill(slot: &mut Option<String>, value: Option<String>) {
    if slot.is_none() {
        *slot = value;
    }
}

/// Applies the `remove` patterns and folds runs of white space to one space.
fn clean_inline(line: &str, remove: &[Regex]) -> String {
    let mut s = std::borrow::Cow::Borrowed(line);
    for re in remove {
        if re.is_match(&s) {
            s = std::borrow::Cow::Owned(re.replace_all(&s, " ").into_owned());
        }
    }
    if is_tidy(&s) {
        // Most lines already have single plain spaces: copy them once, without splitting.
        return s.into_owned();
    }
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// No white space at either end, and every white space a single ASCII space.
fn is_tidy(s: &str) -> bool {
    let mut prev_space = true;
    for c in s.chars() {
        let space = c.is_whitespace();
        if space && (prev_space || c != ' ') {
            return false;
        }
        prev_space = space;
    }
    !prev_space || s.is_empty()
}

/// Lines longer than this are paragraphs, not headlines.
const MAX_TITLE_CHARS: usize = 250;

/// The title of a `.txt` article is its first meaningful line: one with a letter in it that is
/// not a dropped line. Removes it (and the lines before it) from `lines`. When that line is a
/// whole paragraph (the page had no headline), the title is its first sentence and the
/// paragraph stays in the body.
fn take_title(lines: &mut Vec<String>, rules: &Rules) -> String {
    let pos = lines.iter().position(|l| {
        l.chars().any(char::is_alphabetic) && !matches_any(&rules.drop_lines, &normalize(l))
    });
    let Some(i) = pos else {
        return String::new();
    };
    if lines[i].chars().count() > MAX_TITLE_CHARS {
        let title = first_sentence(&lines[i]);
        lines.drain(..i);
        return title;
    }
    let title = lines[i].clone();
    lines.drain(..=i);
    title
}

/// The first sentence of a paragraph, at most about twenty words.
fn first_sentence(p: &str) -> String {
    let end = p
        .char_indices()
        .find(|&(_, c)| matches!(c, '.' | '!' | '?' | '؟' | '؛'))
        .map_or(p.len(), |(i, _)| i);
    let words: Vec<&str> = p[..end].split_whitespace().collect();
    if words.len() > 20 {
        format!("{}…", words[..20].join(" "))
    } else {
        words.join(" ")
    }
}

/// Non-empty lines, without dropped lines, without everything from a `cut_from` line on, and
/// without the title repeated as the first body line.
fn body_paragraphs(lines: Vec<String>, title: &str, rules: &Rules) -> Vec<String> {
    let title_norm = normalize(title);
    let mut out: Vec<String> = Vec::new();
    // One buffer for the normalised lines: a fresh string for every line of every body was
    // a tenth of the load.
    let mut norm = String::new();
    for line in lines {
        if line.is_empty() {
            continue;
        }
        normalize::normalize_into(&line, &mut norm);
        if matches_any(&rules.cut_from, &norm) {
            break;
        }
        if matches_any(&rules.drop_lines, &norm) || (out.is_empty() && norm == title_norm) {
            continue;
        }
        out.push(line);
    }
    out
}

fn matches_any(res: &[Regex], s: &str) -> bool {
    res.iter().any(|re| re.is_match(s))
}

#[derive(Default)]
struct Byline {
    place: Option<String>,
    author: Option<String>,
}

/// A first paragraph that is only a byline (`واشنطن ـ يوسف مكي`) is metadata, not body.
fn take_byline(paragraphs: &mut Vec<String>, bylines: &[Regex]) -> Byline {
    let Some(first) = paragraphs.first() else {
        return Byline::default();
    };
    for re in bylines {
        if let Some(c) = captures(re, first) {
            let b = Byline {
                place: group(&c, "place"),
                author: group(&c, "author"),
            };
            paragraphs.remove(0);
            return b;
        }
    }
    Byline::default()
}

#[derive(Default)]
struct Dateline {
    source: Option<String>,
    agency: Option<String>,
    place: Option<String>,
    date: Option<String>,
}

/// A dateline opening the first paragraph is cut from it and returned: the raw `datelines`
/// patterns first, then the dateline grammar, whose matches count only when the date parses.
/// How much of the first paragraph the dateline patterns see: a dateline is a line's worth at
/// its head, and matching captures over a whole long paragraph, for every form, was a sixth of
/// the load time.
const DATELINE_WINDOW: usize = 600;

fn take_dateline(paragraphs: &mut Vec<String>, rules: &Rules) -> Dateline {
    let Some(first) = paragraphs.first_mut() else {
        return Dateline::default();
    };
    let head = &first[..first.floor_char_boundary(DATELINE_WINDOW)];
    let found = rules
        .datelines
        .iter()
        .find_map(|re| raw_dateline(re, head))
        .or_else(|| {
            let may = rules.dateline_set.matches(head);
            may.iter()
                .filter_map(|i| rules.dateline_forms.get(i))
                .find_map(|f| form_dateline(f, head))
        });
    let Some((d, end)) = found else {
        return Dateline::default();
    };
    let rest = first[end..]
        .trim_start_matches(|c: char| {
            c.is_whitespace() || matches!(c, ':' | '.' | '،' | '-' | '–' | '—' | 'ـ')
        })
        .trim_end()
        .to_string();
    if rest.is_empty() {
        paragraphs.remove(0);
    } else {
        *first = rest;
    }
    d
}

fn raw_dateline(re: &Regex, text: &str) -> Option<(Dateline, usize)> {
    dateline_of(&captures(re, text)?)
}

/// The captures of `re` in `text`, tried with the lazy DFA first: for a haystack of a few
/// hundred bytes the regex crate goes straight to its backtracker for captures, which made
/// the dateline and byline patterns half of the load time on text that has none.
fn captures<'t>(re: &Regex, text: &'t str) -> Option<regex::Captures<'t>> {
    if re.is_match(text) {
        re.captures(text)
    } else {
        None
    }
}

fn dateline_of(c: &regex::Captures) -> Option<(Dateline, usize)> {
    let d = Dateline {
        source: group(c, "source"),
        agency: group(c, "agency"),
        place: group(c, "place"),
        date: group(c, "date"),
    };
    Some((d, c.get(0)?.end()))
}

/// A match of a dateline form whose date parses, with where the dateline ends. The date of an
/// open form ends where the date parser says.
fn form_dateline(form: &DatelineForm, text: &str) -> Option<(Dateline, usize)> {
    let c = captures(&form.re, text)?;
    let (mut d, mut end) = dateline_of(&c)?;
    let Some(m) = c.name("date") else {
        return Some((d, end));
    };
    if form.open {
        let (date, len) = dates::date_at_start(m.as_str())?;
        d.date = Some(date.format("%Y-%m-%d").to_string());
        end = m.start() + len;
    } else if d.date.as_deref().and_then(dateline_date).is_none() {
        return None;
    }
    Some((d, end))
}

fn group(c: &regex::Captures, name: &str) -> Option<String> {
    let s = c.name(name)?.as_str();
    // Urdu full stop and stray punctuation that sites leave around names.
    let s = s.trim_matches(|ch: char| {
        ch.is_whitespace() || matches!(ch, '۔' | '-' | '–' | 'ـ' | ':' | '،')
    });
    (!s.is_empty()).then(|| s.to_string())
}

/// A date from metadata: ISO (`2022-02-16`, `2022-02-16T10:00:00Z`), `2022/02/16`, a year and
/// month (`2022-02`), a year, or an Arabic expression.
pub fn metadata_date(s: Option<&str>) -> Option<PubDate> {
    let s = normalize::ascii_digits(s?.trim());
    let known = |date, precision| PubDate {
        date,
        precision,
        inferred: false,
    };
    let head: String = s.chars().take(10).collect();
    for fmt in ["%Y-%m-%d", "%Y/%m/%d", "%d/%m/%Y", "%d-%m-%Y"] {
        if let Ok(d) = chrono::NaiveDate::parse_from_str(&head, fmt) {
            return Some(known(d, Precision::Day));
        }
    }
    if let Ok(d) = chrono::DateTime::parse_from_rfc2822(&s) {
        return Some(known(d.date_naive(), Precision::Day));
    }
    if let Some(d) = year_month(&s) {
        return Some(d);
    }
    dates::parse_date(&s).map(|d| known(d, Precision::Day))
}

fn year_month(s: &str) -> Option<PubDate> {
    let mut parts = s.split(['-', '/']);
    let year: i32 = parts.next()?.trim().parse().ok()?;
    if !(1800..=2200).contains(&year) {
        return None;
    }
    let (month, precision) = match parts.next() {
        Some(m) => (m.trim().parse().ok()?, Precision::Month),
        None => (1, Precision::Year),
    };
    if parts.next().is_some() {
        return None;
    }
    let date = chrono::NaiveDate::from_ymd_opt(year, month, 1)?;
    Some(PubDate {
        date,
        precision,
        inferred: false,
    })
}

/// The date of a dateline; a Hijri date followed by `الموافق` and its Gregorian date is read
/// by the Gregorian one.
fn dateline_date(s: &str) -> Option<PubDate> {
    let s = s
        .split_once("الموافق")
        .map_or(s, |(_, gregorian)| gregorian);
    dates::parse_date(s.trim()).map(|date| PubDate {
        date,
        precision: Precision::Day,
        inferred: false,
    })
}

fn inferred_date(title: &str, body: &str) -> Option<PubDate> {
    let text = format!("{title}\n{body}");
    dates::infer_publication_date(&text).map(|(date, precision)| PubDate {
        date,
        precision,
        inferred: true,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The fast path gives exactly what splitting and joining on white space gives.
        #[test]
        fn clean_inline_folds_white_space_like_split_join(s in "[ \\t\\u{a0}\\u{2009}اب a.]{0,40}") {
            let expected = s.split_whitespace().collect::<Vec<_>>().join(" ");
            prop_assert_eq!(clean_inline(&s, &[]), expected);
        }
    }
}

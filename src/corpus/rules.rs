//! Data-driven boilerplate and metadata rules (`data/boilerplate.toml`, plus user files).

use std::path::Path;

use anyhow::{Context, Result};
use regex::Regex;
use serde::Deserialize;

use crate::arabic::normalize::fold_char;

const BUILTIN: &str = include_str!("../../data/boilerplate.toml");

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RulesFile {
    #[serde(default)]
    remove: Vec<String>,
    #[serde(default)]
    drop_lines: Vec<String>,
    #[serde(default)]
    cut_from: Vec<String>,
    #[serde(default)]
    datelines: Vec<String>,
    #[serde(default)]
    bylines: Vec<String>,
    #[serde(default)]
    dateline_forms: Vec<String>,
    #[serde(default)]
    agencies: Vec<String>,
}

/// Compiled rules. See `data/boilerplate.toml` for what each list means.
#[derive(Debug, Clone)]
pub struct Rules {
    pub remove: Vec<Regex>,
    pub drop_lines: Vec<Regex>,
    pub cut_from: Vec<Regex>,
    pub datelines: Vec<Regex>,
    pub bylines: Vec<Regex>,
    /// The dateline grammar (`dateline_forms` with the agencies filled in): a match counts
    /// only when its date parses. A form that ends with its date is open: the date runs
    /// into the story, and the date parser says where it ends.
    pub dateline_forms: Vec<DatelineForm>,
    /// All the dateline forms in one automaton: one pass over a paragraph's head says which
    /// forms may match, instead of one pass per form.
    pub dateline_set: regex::RegexSet,
}

impl Rules {
    /// Every pattern, in order: what cleaning depends on, for a cache to tell whether what
    /// it holds was cleaned by the same rules.
    pub fn fingerprint(&self) -> String {
        let lists = [
            &self.remove,
            &self.drop_lines,
            &self.cut_from,
            &self.datelines,
            &self.bylines,
        ];
        let mut out = String::new();
        for list in lists {
            for re in list.iter() {
                out += re.as_str();
                out.push('\u{1}');
            }
            out.push('\u{2}');
        }
        for f in &self.dateline_forms {
            out += f.re.as_str();
            out.push(if f.open { '\u{3}' } else { '\u{1}' });
        }
        out
    }

    /// The rules shipped with akhbar.
    pub fn builtin() -> Result<Rules> {
        Rules::parse(BUILTIN, "built-in data/boilerplate.toml")
    }

    /// The built-in rules with each user file's lists appended.
    pub fn with_files(files: &[impl AsRef<Path>]) -> Result<Rules> {
        let mut all = parse_file(BUILTIN, "built-in data/boilerplate.toml")?;
        for f in files {
            let path = f.as_ref();
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read boilerplate rules {}", path.display()))?;
            let extra = parse_file(&text, &path.display().to_string())?;
            all.remove.extend(extra.remove);
            all.drop_lines.extend(extra.drop_lines);
            all.cut_from.extend(extra.cut_from);
            all.datelines.extend(extra.datelines);
            all.bylines.extend(extra.bylines);
            all.dateline_forms.extend(extra.dateline_forms);
            all.agencies.extend(extra.agencies);
        }
        compile(all, "boilerplate rules")
    }

    fn parse(text: &str, origin: &str) -> Result<Rules> {
        compile(parse_file(text, origin)?, origin)
    }
}

fn parse_file(text: &str, origin: &str) -> Result<RulesFile> {
    toml::from_str(text).with_context(|| format!("{origin}: not a valid boilerplate rules file"))
}

fn compile(f: RulesFile, origin: &str) -> Result<Rules> {
    let forms = dateline_forms(&f.dateline_forms, &f.agencies, origin)?;
    Ok(Rules {
        remove: regexes(&f.remove, origin, false)?,
        drop_lines: regexes(&f.drop_lines, origin, true)?,
        cut_from: regexes(&f.cut_from, origin, true)?,
        datelines: regexes(&f.datelines, origin, false)?,
        bylines: regexes(&f.bylines, origin, false)?,
        dateline_forms: forms.clone(),
        dateline_set: regex::RegexSetBuilder::new(forms.iter().map(|f| f.screen.as_str()))
            .dfa_size_limit(32 << 20)
            .build()
            .with_context(|| format!("{origin}: dateline forms"))?,
    })
}

/// One compiled dateline form.
#[derive(Debug, Clone)]
pub struct DatelineForm {
    pub re: Regex,
    /// The form ends with `{date}`, which takes the rest of the paragraph.
    pub open: bool,
    /// The form's pattern for the dateline set (see [`SCREEN`]).
    pub screen: String,
}

/// What the placeholders of a form stand for.
struct Fill {
    place: &'static str,
    date: &'static str,
    open_date: &'static str,
}

/// The form itself.
const EXACT: Fill = Fill {
    place: PLACE,
    date: DATE,
    open_date: OPEN_DATE,
};

/// The form as the dateline set screens with it: a superset, so that it matches wherever the
/// form does (the forms are anchored). An open date need only start: `.{4,}` made the set read
/// every first paragraph to its end. A date has no upper bound: the counted `{4,60}` made the
/// set's lazy DFA build states for every head. A place is any run of non-ASCII characters: the
/// Unicode classes were slow to build and to run. The form itself still has the last word.
const SCREEN: Fill = Fill {
    place: r"(?P<place>[^\x00-\x7F]{2,}(?:[ \t]+[^\x00-\x7F]{2,}){0,2})",
    date: r"(?P<date>[^()\[\]\n:]{4}[^()\[\]\n:]*?)",
    open_date: r"(?P<date>.{4})",
};

/// A form's pattern: placeholders filled in, spaces made optional, anchored at the start.
fn fill(form: &str, agency: &str, with: &Fill) -> String {
    let open = form.trim_end().ends_with("{date}");
    format!("^{}", form.trim())
        .replace(' ', r"\s*")
        .replace("{place}", with.place)
        .replace("{date}", if open { with.open_date } else { with.date })
        .replace("{agency}", &format!("(?P<agency>{agency})"))
        .replace("{sep}", SEP)
        .replace("{dash}", DASH)
        .replace("{end}", END)
}

/// Compiles the dateline forms: placeholders filled in, spaces made optional, anchored at the
/// start of the paragraph.
fn dateline_forms(
    forms: &[String],
    agencies: &[String],
    origin: &str,
) -> Result<Vec<DatelineForm>> {
    let mut names: Vec<&String> = agencies.iter().filter(|a| !a.trim().is_empty()).collect();
    // Longest first, so that وكالة الأنباء السعودية is not read as a shorter name.
    names.sort_by_key(|a| std::cmp::Reverse(a.chars().count()));
    let agency = names
        .iter()
        .map(|a| agency_pattern(a))
        .collect::<Vec<_>>()
        .join("|");
    forms
        .iter()
        .map(|form| {
            let open = form.trim_end().ends_with("{date}");
            let source = fill(form, &agency, &EXACT);
            // A lazy DFA with room: with the default cache the DFA of a form (its agency
            // alternation, Arabic letter classes) gives up and the slow PikeVM runs instead.
            let re = regex::RegexBuilder::new(&source)
                .dfa_size_limit(32 << 20)
                .build()
                .with_context(|| format!("{origin}: bad dateline form {form:?}"))?;
            Ok(DatelineForm {
                re,
                open,
                screen: fill(form, &agency, &SCREEN),
            })
        })
        .collect()
}

/// One to three Arabic words (letters and harakat, no digits).
const PLACE: &str =
    r"(?P<place>[[\p{Arabic}&&\p{L}]\p{Mn}]{2,}(?:[ \t]+[[\p{Arabic}&&\p{L}]\p{Mn}]{2,}){0,2})";
/// Anything a date may hold; the date parser decides.
const DATE: &str = r"(?P<date>[^()\[\]\n:]{4,60}?)";
/// The rest of the paragraph, for a form that ends with its date.
const OPEN_DATE: &str = r"(?P<date>.{4,})";
const DASH: &str = r"\s*[-–—ـ]\s*";
const SEP: &str = r"\s*[-–—ـ،]\s*";
const END: &str = r"(?:\s*[-–—ـ:.،]\s*|\s+|$)";

/// An agency name as a pattern: spaces and dots between its parts optional, alef, yaa and
/// taa marbuta forms interchangeable.
fn agency_pattern(name: &str) -> String {
    let mut out = String::new();
    for c in name.trim().chars() {
        match c {
            ' ' | '.' => out.push_str(r"[\s.]*"),
            'ا' | 'أ' | 'إ' | 'آ' => out.push_str("[اأإآ]"),
            'ي' | 'ى' => out.push_str("[يى]"),
            'ة' | 'ه' => out.push_str("[ةه]"),
            c => out.push_str(&regex::escape(&c.to_string())),
        }
    }
    out
}

fn regexes(patterns: &[String], origin: &str, normalised: bool) -> Result<Vec<Regex>> {
    patterns
        .iter()
        .map(|p| {
            let source = if normalised {
                fold_pattern(p)
            } else {
                p.clone()
            };
            Regex::new(&source).with_context(|| format!("{origin}: bad pattern {p:?}"))
        })
        .collect()
}

/// Folds the Arabic letters of a pattern like `normalize` does, leaving ASCII (the regex syntax,
/// including case-sensitive escapes such as `\S`) untouched.
fn fold_pattern(p: &str) -> String {
    p.chars()
        .filter_map(|c| if c.is_ascii() { Some(c) } else { fold_char(c) })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The dateline set is a screen: it lets through every paragraph head a form matches.
        #[test]
        fn the_dateline_set_screens_in_every_form_match(
            parts in proptest::collection::vec(proptest::sample::select(vec![
                "تونس", "دمشق", "الرياض", "سيدي بوزيد", " ", " - ", "، ", " ـ ", "(", ")", " / ",
                ":", "في", "3", "آذار", "2021", "الأحد", "15 رجب 1443 هـ", "(وات)", "واس",
                "أ ش أ", "وكالة تونس إفريقيا للأنباء", "أعلن", ".", "\u{064E}", "x",
            ]), 1..12),
        ) {
            static RULES: std::sync::LazyLock<Rules> =
                std::sync::LazyLock::new(|| Rules::builtin().unwrap());
            let r = &*RULES;
            let head: String = parts.concat();
            let screened = r.dateline_set.matches(&head);
            for (i, f) in r.dateline_forms.iter().enumerate() {
                if f.re.is_match(&head) {
                    proptest::prop_assert!(screened.matched(i), "form {i} matches {head:?}");
                }
            }
        }
    }

    #[test]
    fn builtin_rules_compile() {
        let r = Rules::builtin().unwrap();
        assert!(!r.cut_from.is_empty());
        assert!(!r.datelines.is_empty());
    }

    #[test]
    fn user_file_appends_and_bad_pattern_names_file() {
        let dir = tempfile::tempdir().unwrap();
        let good = dir.path().join("mine.toml");
        std::fs::write(&good, "drop_lines = ['^تابعونا على فيسبوك$']\n").unwrap();
        let r = Rules::with_files(&[&good]).unwrap();
        let builtin = Rules::builtin().unwrap();
        assert_eq!(r.drop_lines.len(), builtin.drop_lines.len() + 1);

        let bad = dir.path().join("bad.toml");
        std::fs::write(&bad, "cut_from = ['(unclosed']\n").unwrap();
        let err = format!("{:#}", Rules::with_files(&[&bad]).unwrap_err());
        assert!(err.contains("(unclosed"), "{err}");

        let unknown = dir.path().join("unknown.toml");
        std::fs::write(&unknown, "cutfrom = []\n").unwrap();
        let err = format!("{:#}", Rules::with_files(&[&unknown]).unwrap_err());
        assert!(
            err.contains("unknown.toml") && err.contains("cutfrom"),
            "{err}"
        );
    }
}

//! Latin query words read as Arabic: the French- and English-style romanisations of names
//! and places (`chahed` = الشاهد, `essebsi` = السبسي, `sousse` = سوسة), reduced to the
//! consonant skeletons of [`super::translit`] so that they can be compared with the
//! skeletons of Arabic words. The rules are data: `data/romanisation.toml`.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;

/// At most this many readings of one word (ambiguous groups multiply them).
const MAX_READINGS: usize = 16;

/// The romanisation table (see `data/romanisation.toml`).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Romanisation {
    /// Letter groups and the skeleton strings each may stand for.
    letters: BTreeMap<String, Vec<String>>,
    /// Whole words spelled the French way, and the Arabic word each stands for.
    words: BTreeMap<String, String>,
}

/// One Latin word as Arabic: an Arabic word from the table, or consonant skeletons.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reading {
    Arabic(String),
    Skeletons(Vec<String>),
}

impl Romanisation {
    /// The table built into the binary. A table that does not parse (a broken edit of
    /// the data file) is caught by a test; here it gives no Latin readings rather than a panic.
    pub fn builtin() -> &'static Romanisation {
        static TABLE: OnceLock<Romanisation> = OnceLock::new();
        TABLE.get_or_init(|| Romanisation::parse(BUILTIN).unwrap_or_default())
    }

    pub fn parse(text: &str) -> Result<Romanisation, toml::de::Error> {
        toml::from_str(text)
    }

    /// How a lowercase Latin word reads as Arabic.
    pub fn read(&self, word: &str) -> Reading {
        let folded: String = word.chars().filter_map(fold_latin).collect();
        if let Some(a) = self.words.get(&folded) {
            return Reading::Arabic(a.clone());
        }
        Reading::Skeletons(self.skeletons(&folded))
    }

    /// Every skeleton the letters of `word` (folded ASCII) may stand for, unambiguous
    /// readings first.
    fn skeletons(&self, word: &str) -> Vec<String> {
        let mut out = vec![String::new()];
        let mut at = 0;
        while at < word.len() {
            let (len, alts) = self.longest_group(word, at);
            let mut next = Vec::with_capacity(out.len() * alts.len().max(1));
            for s in &out {
                for alt in alts {
                    let mut t = s.clone();
                    for c in alt.chars() {
                        push_collapsed(&mut t, c);
                    }
                    if !next.contains(&t) && next.len() < MAX_READINGS {
                        next.push(t);
                    }
                }
                if alts.is_empty() && !next.contains(s) {
                    next.push(s.clone());
                }
            }
            out = next;
            at += len;
        }
        out
    }

    /// The longest letter group of the table at byte `at` of `word`: its length and its
    /// readings (none for a silent letter).
    fn longest_group<'a>(&'a self, word: &str, at: usize) -> (usize, &'a [String]) {
        let rest = &word[at..];
        for len in (1..=rest.len().min(4)).rev() {
            let Some(group) = rest.get(..len) else {
                continue;
            };
            if len == rest.len() {
                if let Some(alts) = self.letters.get(&format!("{group}$")) {
                    return (len, alts);
                }
            }
            if let Some(alts) = self.letters.get(group) {
                return (len, alts);
            }
        }
        let first = rest.chars().next().map_or(1, char::len_utf8);
        (first, &[])
    }
}

const BUILTIN: &str = include_str!("../../data/romanisation.toml");

/// Appends a skeleton letter unless it repeats the last one (digits always repeat).
fn push_collapsed(s: &mut String, c: char) {
    if s.ends_with(c) && !c.is_ascii_digit() {
        return;
    }
    s.push(c);
}

/// A Latin letter lower-cased with its accent taken off; digits kept; anything else dropped.
fn fold_latin(c: char) -> Option<char> {
    let c = c.to_lowercase().next()?;
    Some(match c {
        'a'..='z' | '0'..='9' => c,
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => 'a',
        'è' | 'é' | 'ê' | 'ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' => 'i',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' => 'o',
        'ù' | 'ú' | 'û' | 'ü' => 'u',
        'ç' => 's',
        'ñ' => 'n',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::arabic::normalize::normalize;
    use crate::arabic::translit::skeleton_with_map;

    fn skeletons(w: &str) -> Vec<String> {
        match Romanisation::builtin().read(w) {
            Reading::Skeletons(s) => s,
            Reading::Arabic(a) => vec![format!("arabic:{a}")],
        }
    }

    /// The skeleton of an Arabic word without its article and final taa marbuta, as the
    /// title index reads it.
    fn arabic(w: &str) -> String {
        let n = normalize(w);
        let n = n.strip_prefix("ال").unwrap_or(&n);
        let n = n.strip_suffix('ه').unwrap_or(n);
        skeleton_with_map(n).0
    }

    #[test]
    fn the_builtin_table_parses() {
        let t = Romanisation::parse(BUILTIN).expect("data/romanisation.toml");
        assert!(t.letters.len() > 20 && t.words.len() > 10);
    }

    #[test]
    fn maghrebi_names_read_as_their_arabic_skeleton() {
        for (latin, ar) in [
            ("chahed", "الشاهد"),
            ("essebsi", "السبسي"),
            ("ghannouchi", "الغنوشي"),
            ("sousse", "سوسة"),
            ("kairouan", "القيروان"),
            ("daech", "داعش"),
            ("ennahdha", "النهضة"),
            ("marzouki", "المرزوقي"),
            ("djerba", "جربة"),
            ("tunis", "تونس"),
            ("sfax", "صفاقس"),
            ("lavrov", "لافروف"),
        ] {
            let got = skeletons(latin);
            assert!(
                got.contains(&arabic(ar)) || got.contains(&format!("arabic:{ar}")),
                "{latin}: {got:?} lacks {} ({ar})",
                arabic(ar)
            );
        }
    }

    #[test]
    fn exonyms_come_from_the_word_table() {
        assert_eq!(
            Romanisation::builtin().read("Bizerte"),
            Reading::Arabic("بنزرت".into())
        );
    }

    #[test]
    fn ambiguous_groups_give_every_reading_and_stay_bounded() {
        assert_eq!(skeletons("ramadhan"), vec!["rmdn", "rmzn"]);
        assert_eq!(skeletons("jones"), vec!["gns", "gn"]);
        assert!(skeletons("dhdhdhdhdhdhdhdhdh").len() <= MAX_READINGS);
    }

    proptest::proptest! {
        /// Any input gives at least one reading, in the skeleton alphabet.
        #[test]
        fn readings_stay_in_the_alphabet(w in "\\PC{0,12}") {
            if let Reading::Skeletons(s) = Romanisation::builtin().read(&w) {
                proptest::prop_assert!(!s.is_empty() && s.len() <= MAX_READINGS);
                for r in s {
                    proptest::prop_assert!(r.chars().all(|c| "btghxdzsckflmnr0123456789".contains(c)));
                }
            }
        }
    }
}

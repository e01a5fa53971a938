//! Latin transliteration of Arabic, for search by users without an Arabic keyboard.
//!
//! A readable transliteration is not enough for matching: `بلينكن` reads "blinkn", which does
//! not contain the user's "blinken" as a subsequence, because Arabic writes few vowels. So
//! both sides are reduced to a **consonant skeleton** in one small ASCII alphabet, and a title
//! matches when the query skeleton is a subsequence (or fuzzy match) of the title skeleton:
//! `lavrov` → `lfrf` ⊂ `لافروف` → `lfrf`.
//!
//! Decisions, applied identically to both sides:
//! - vowels are dropped: Latin a e i o u, and Arabic ا و ي ى with every hamza seat (أ إ آ ؤ ئ
//!   ء) and ع. Arabic spells foreign vowels with و and ي, so they are never consonants here,
//!   and therefore Latin w and y are always dropped too (`washington` → `cntn`).
//! - one letter per class: b (ب پ, p), t (ت ط ث, th), g (ج غ چ گ, j, g: `geneva` → جنيف,
//!   `sergei` → سيرغي or سيرجي), h (ح ه ة), x (خ, kh), d (د ض), z (ذ ز ظ, dh), s (س ص),
//!   c (ش, sh, ch), k (ق ك, q, hard c, x), f (ف ڤ, v, ph), l, m, n, r.
//! - repeated letters collapse, also across dropped vowels (`فبراير` → `fbr`, `sullivan` →
//!   `slfn`); whitespace becomes one space; ASCII and Arabic digits are kept as ASCII digits;
//!   other characters are dropped.
//! - Latin only: h after a vowel is silent (`johnson` → `gnsn`); g is dropped in "ng" before
//!   a consonant or at the end of a word (`washington` → واشنطن); a final s after a
//!   consonant or e is dropped, since Arabic writes it as س, ز or not at all (`brussels` →
//!   بروكسل, `reuters` → رويترز, `jones` → جونز), while `hamas`, `paris` keep it.

use super::normalize::fold_char;

/// An output string with, for each char, the byte offset of the source char in the input.
#[derive(Default)]
struct Skeleton {
    out: String,
    map: Vec<usize>,
}

impl Skeleton {
    /// Appends `c` unless it repeats the previous letter or space.
    fn push(&mut self, c: char, offset: usize) {
        let last = self.out.chars().next_back();
        let repeated = last == Some(c) && !c.is_ascii_digit();
        let leading_space = c == ' ' && last.is_none();
        if !repeated && !leading_space {
            self.out.push(c);
            self.map.push(offset);
        }
    }
}

/// The skeleton letter of an Arabic (or Persian/Urdu) letter after folding; `None` for vowels,
/// hamza, ع and anything that is not a consonant.
fn arabic_consonant(c: char) -> Option<char> {
    Some(match c {
        'ب' | 'پ' => 'b',
        'ت' | 'ط' | 'ث' | 'ٹ' => 't',
        'ج' | 'چ' | 'غ' | 'گ' | 'ژ' => 'g',
        'ڈ' => 'd',
        'ڑ' => 'r',
        'ح' | 'ه' => 'h',
        'خ' => 'x',
        'د' | 'ض' => 'd',
        'ذ' | 'ز' | 'ظ' => 'z',
        'ر' => 'r',
        'س' | 'ص' => 's',
        'ش' => 'c',
        'ق' | 'ك' => 'k',
        'ف' | 'ڤ' => 'f',
        'ل' => 'l',
        'م' => 'm',
        'ن' => 'n',
        _ => return None,
    })
}

/// Lowercase ASCII for a Latin letter, with common accents removed.
fn latin_letter(c: char) -> Option<char> {
    let c = c.to_lowercase().next()?;
    Some(match c {
        'a'..='z' => c,
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => 'a',
        'è' | 'é' | 'ê' | 'ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' => 'i',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' => 'o',
        'ù' | 'ú' | 'û' | 'ü' => 'u',
        'ç' | 'ß' => 's',
        'ñ' => 'n',
        'ý' | 'ÿ' => 'y',
        _ => return None,
    })
}

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y')
}

/// Skeleton of one Latin word, given as folded letters with their byte offsets.
fn latin_word(word: &[(usize, char)], sk: &mut Skeleton) {
    let at = |j: usize| word.get(j).map(|&(_, c)| c);
    let mut consonants = 0;
    let mut j = 0;
    while let Some(&(offset, c)) = word.get(j) {
        let next = at(j + 1);
        let prev = j.checked_sub(1).and_then(at);
        let (out, used) = match (c, next) {
            ('s', Some('c')) if at(j + 2) == Some('h') => (Some('c'), 3),
            ('s' | 'c', Some('h')) => (Some('c'), 2),
            ('k', Some('h')) => (Some('x'), 2),
            ('g', Some('h')) | ('z', Some('h')) => (Some('g'), 2),
            ('t', Some('h')) => (Some('t'), 2),
            ('p', Some('h')) => (Some('f'), 2),
            ('d', Some('h')) => (Some('z'), 2),
            ('c', Some('k')) => (Some('k'), 2),
            ('c', Some('e' | 'i' | 'y')) => (Some('s'), 1),
            ('c' | 'q' | 'k' | 'x', _) => (Some('k'), 1),
            ('h', _) if prev.is_some_and(is_vowel) => (None, 1),
            ('g', _) if prev == Some('n') && next.is_none_or(|n| !is_vowel(n)) => (None, 1),
            ('s', None) if consonants >= 1 && !prev.is_some_and(|p| "aiou".contains(p)) => {
                (None, 1)
            }
            ('j', _) => (Some('g'), 1),
            ('v', _) => (Some('f'), 1),
            ('p', _) => (Some('b'), 1),
            ('w', _) => (None, 1),
            _ if is_vowel(c) => (None, 1),
            _ => (Some(c), 1),
        };
        if let Some(o) = out {
            sk.push(o, offset);
            consonants += 1;
        }
        j += used;
    }
}

/// ASCII skeleton of Arabic and Latin text for matching (see the module docs for the
/// alphabet), plus for each output char the byte offset in `s` of the char it came from and
/// one final entry `s.len()`: the same contract as
/// [`normalize_with_map`](super::normalize::normalize_with_map), so a match can be
/// highlighted in the original.
pub fn skeleton_with_map(s: &str) -> (String, Vec<usize>) {
    let mut sk = Skeleton::default();
    let mut word: Vec<(usize, char)> = Vec::new();
    for (i, c) in s.char_indices() {
        if let Some(l) = latin_letter(c) {
            word.push((i, l));
            continue;
        }
        latin_word(&word, &mut sk);
        word.clear();
        let Some(f) = fold_char(c) else { continue };
        if f.is_ascii_digit() {
            sk.push(f, i);
        } else if f.is_whitespace() {
            sk.push(' ', i);
        } else if let Some(k) = arabic_consonant(f) {
            sk.push(k, i);
        }
    }
    latin_word(&word, &mut sk);
    sk.map.push(s.len());
    (sk.out, sk.map)
}

/// The skeleton of a user's (Latin) query, in the same alphabet as [`skeleton_with_map`]:
/// `lavrov` → `lfrf`, `johnson` → `gnsn`, `washington` → `cntn`. Arabic in the query is
/// reduced the same way.
pub fn latin_query_skeleton(q: &str) -> String {
    skeleton_with_map(q).0.trim_end().to_string()
}

// ---------------------------------------------------------------------------------------------
// Readable transliteration.

/// Readable ASCII for one Arabic consonant.
fn latin_consonant(c: char) -> Option<&'static str> {
    Some(match c {
        'ب' => "b",
        'پ' => "p",
        'ت' | 'ط' | 'ٹ' => "t",
        'ڈ' => "d",
        'ڑ' => "r",
        'ث' => "th",
        'ج' => "j",
        'چ' => "ch",
        'ح' | 'ه' => "h",
        'خ' => "kh",
        'د' | 'ض' => "d",
        'ذ' => "dh",
        'ر' => "r",
        'ز' | 'ظ' => "z",
        'ژ' => "zh",
        'س' | 'ص' => "s",
        'ش' => "sh",
        'غ' => "gh",
        'ف' => "f",
        'ڤ' => "v",
        'ق' => "q",
        'ك' | 'ک' => "k",
        'گ' => "g",
        'ل' => "l",
        'م' => "m",
        'ن' => "n",
        _ => return None,
    })
}

/// Readable ASCII for a char that is not a consonant, given its neighbours in the word.
fn latin_other(c: char, prev: Option<char>, next: Option<char>) -> Option<&'static str> {
    let glide = prev.is_none() || prev == Some('ا') || next == Some('ا');
    Some(match c {
        'ا' | 'أ' | 'آ' | 'ٱ' | 'ى' => "a",
        'إ' => "i",
        'ة' => "a",
        'و' if glide => "w",
        'و' => "u",
        'ي' | 'ی' if glide => "y",
        'ي' | 'ی' => "i",
        'ء' | 'ؤ' | 'ئ' | 'ع' => "'",
        '\u{064E}' => "a",
        '\u{064F}' => "u",
        '\u{0650}' => "i",
        '\u{064B}' => "an",
        '\u{064C}' => "un",
        '\u{064D}' => "in",
        '\u{0670}' => "a",
        '،' => ",",
        '؛' => ";",
        '؟' => "?",
        '٪' => "%",
        '«' | '»' => "\"",
        _ => return None,
    })
}

/// A readable, simplified ASCII transliteration for display and JSON: `بلينكن` → `blinkn`,
/// `الناتو` → `al-natu`. Not reversible and not a scholarly standard; for matching use
/// [`skeleton_with_map`].
pub fn to_latin(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut last_consonant = "";
    for (i, &c) in chars.iter().enumerate() {
        let prev = i
            .checked_sub(1)
            .and_then(|p| chars.get(p))
            .copied()
            .filter(|p| is_arabic_letter(*p));
        let next = chars.get(i + 1).copied();
        if prev.is_none() && starts_with_article(chars.get(i..).unwrap_or(&[])) {
            out.push_str("al-");
            continue;
        }
        if c == 'ل' && prev == Some('ا') && i >= 1 && out.ends_with("al-") {
            continue; // the ل of the article, already written
        }
        if let Some(t) = latin_consonant(c) {
            out.push_str(t);
            last_consonant = t;
        } else if c == '\u{0651}' {
            out.push_str(last_consonant); // shadda doubles the consonant
        } else if let Some(t) = latin_other(c, prev, next) {
            out.push_str(t);
        } else if let Some(d) = fold_char(c).filter(|d| d.is_ascii_digit()) {
            out.push(d);
        } else if let Some(l) = latin_letter(c) {
            out.push(if c.is_uppercase() {
                l.to_ascii_uppercase()
            } else {
                l
            });
        } else if (c.is_ascii() && !c.is_ascii_control()) || c == '\n' {
            out.push(c);
        } else if c.is_whitespace() {
            out.push(' ');
        }
    }
    out
}

fn is_arabic_letter(c: char) -> bool {
    matches!(c, '\u{0621}'..='\u{064A}' | '\u{064B}'..='\u{0652}' | '\u{0670}'..='\u{06D3}')
}

/// True at the start of a word beginning with the article `ال` and at least two more letters.
fn starts_with_article(rest: &[char]) -> bool {
    let letters = rest.iter().take_while(|c| is_arabic_letter(**c)).count();
    rest.starts_with(&['ا', 'ل']) && letters >= 4
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// True when the chars of `needle` appear in order in `hay`, spaces ignored.
    fn is_subsequence(needle: &str, hay: &str) -> bool {
        let mut hay = hay.chars().filter(|c| *c != ' ');
        needle
            .chars()
            .filter(|c| *c != ' ')
            .all(|n| hay.any(|h| h == n))
    }

    fn matches(query: &str, arabic: &str) -> bool {
        is_subsequence(&latin_query_skeleton(query), &skeleton_with_map(arabic).0)
    }

    const PAIRS: &[(&str, &str)] = &[
        ("lavrov", "لافروف"),
        ("sergei", "سيرغي"),
        ("sergei", "سيرجي"),
        ("blinken", "بلينكن"),
        ("putin", "بوتين"),
        ("biden", "بايدن"),
        ("washington", "واشنطن"),
        ("moscow", "موسكو"),
        ("ukraine", "أوكرانيا"),
        ("russia", "روسيا"),
        ("nato", "الناتو"),
        ("johnson", "جونسون"),
        ("stoltenberg", "ستولتنبرغ"),
        ("antonov", "أنطونوف"),
        ("geneva", "جنيف"),
        ("kiev", "كييف"),
        ("sullivan", "سوليفان"),
        ("brussels", "بروكسل"),
        ("anthony", "أنتوني"),
        ("belarus", "بيلاروس"),
        ("vienna", "فيينا"),
        ("jake", "جيك"),
        ("sputnik", "سبوتنيك"),
        ("jones", "جونز"),
        ("hamas", "حماس"),
        ("paris", "باريس"),
        ("reuters", "رويترز"),
    ];

    #[test]
    fn latin_queries_find_arabic_names() {
        for &(q, a) in PAIRS {
            assert!(
                matches(q, a),
                "{q} ({}) should match {a} ({})",
                latin_query_skeleton(q),
                skeleton_with_map(a).0
            );
        }
    }

    #[test]
    fn latin_queries_find_names_in_corpus_titles() {
        let title =
            "بلينكن يبلغ لافروف ضرورة رؤية \"وقف تصعيد يمكن التحقق منه\" بشأن الأزمة الأوكرانية";
        for q in ["blinken", "lavrov", "ukraine"] {
            assert!(matches(q, title), "{q}");
        }
    }

    #[test]
    fn unrelated_names_do_not_match() {
        for (q, a) in [
            ("lavrov", "بلينكن"),
            ("blinken", "لافروف"),
            ("putin", "بايدن"),
            ("biden", "بوتين"),
            ("moscow", "واشنطن"),
            ("kiev", "جنيف"),
            ("geneva", "كييف"),
            ("johnson", "ستولتنبرغ"),
        ] {
            assert!(!matches(q, a), "{q} must not match {a}");
        }
    }

    #[test]
    fn skeletons() {
        assert_eq!(skeleton_with_map("لافروف").0, "lfrf");
        assert_eq!(skeleton_with_map("بلينكن").0, "blnkn");
        assert_eq!(skeleton_with_map("الأزمة الأوكرانية").0, "lzmh lkrnh");
        assert_eq!(skeleton_with_map("عجّلتها").0, "glth");
        assert_eq!(skeleton_with_map("١٦ فبراير ٢٠٢٢").0, "16 fbr 2022");
        assert_eq!(skeleton_with_map("شكّل   خطّة").0, "ckl xth");
        assert_eq!(skeleton_with_map("Blinken بلينكن").0, "blnkn blnkn");
        assert_eq!(latin_query_skeleton("Lavrov"), "lfrf");
        assert_eq!(latin_query_skeleton("johnson"), "gnsn");
        assert_eq!(latin_query_skeleton("washington"), "cntn");
        assert_eq!(latin_query_skeleton("Schulz"), "clz");
        assert_eq!(latin_query_skeleton("Kharkiv"), "xrkf");
        assert_eq!(latin_query_skeleton("Cecile"), "sl");
        assert_eq!(latin_query_skeleton("Thatcher"), "tcr");
        assert_eq!(latin_query_skeleton("Zelensky"), "zlnsk");
        assert_eq!(latin_query_skeleton("Hamas"), "hms");
        assert_eq!(latin_query_skeleton("Brussels"), "brsl");
        assert_eq!(latin_query_skeleton("Reuters"), "rtr");
        assert_eq!(latin_query_skeleton("Brahim"), "brm");
        assert_eq!(latin_query_skeleton(""), "");
    }

    #[test]
    fn map_points_back_into_the_original() {
        let s = "أكّد بلينكن";
        let (sk, map) = skeleton_with_map(s);
        assert_eq!(sk, "kd blnkn");
        assert_eq!(map.len(), sk.chars().count() + 1);
        let start = sk.find('b').unwrap();
        assert_eq!(&s[map[start]..map[sk.len()]], "بلينكن");
        let s = "Washington واشنطن";
        let (sk, map) = skeleton_with_map(s);
        assert_eq!(sk, "cntn cntn");
        // The w is dropped: the first c comes from "sh".
        assert_eq!(map[0], s.find("sh").unwrap());
    }

    #[test]
    fn readable_transliteration() {
        assert_eq!(to_latin("بلينكن"), "blinkn");
        assert_eq!(to_latin("لافروف"), "lafruf");
        assert_eq!(to_latin("الناتو"), "al-natu");
        assert_eq!(to_latin("واشنطن"), "washntn");
        assert_eq!(to_latin("موسكو، ١٦ فبراير ٢٠٢٢"), "musku, 16 fbrayr 2022");
        assert_eq!(to_latin("محمّد"), "mhmmd");
        assert_eq!(to_latin("(پاکستان پوائنٹ نیوز)"), "(pakstan pwa'nt niuz)");
        assert!(to_latin("\u{202e}قال «نعم» 😀").is_ascii());
    }

    proptest! {
        #[test]
        fn map_contract_holds(s in "[\\u{0600}-\\u{06FF} a-zA-Zéç0-9\\u{0660}-\\u{0669}\\u{200f}\\u{202e}\\n]*") {
            let (sk, map) = skeleton_with_map(&s);
            prop_assert!(sk.is_ascii());
            prop_assert_eq!(map.len(), sk.chars().count() + 1);
            prop_assert!(map.windows(2).all(|w| w[0] < w[1]));
            prop_assert!(map.iter().all(|&i| s.is_char_boundary(i)));
            prop_assert_eq!(map.last().copied(), Some(s.len()));
        }

        #[test]
        fn never_panics(s in "\\PC*") {
            let (sk, map) = skeleton_with_map(&s);
            prop_assert_eq!(map.len(), sk.chars().count() + 1);
            prop_assert!(latin_query_skeleton(&s).is_ascii());
            prop_assert!(to_latin(&s).is_ascii());
        }

        #[test]
        fn query_skeleton_has_no_vowels_or_doubles(q in "[a-zA-Z ]{0,30}") {
            let sk = latin_query_skeleton(&q);
            prop_assert!(!sk.chars().any(|c| "aeiouwy".contains(c)));
            prop_assert!(!sk.as_bytes().windows(2).any(|w| w[0] == w[1] && w[0] != b' '));
        }
    }
}

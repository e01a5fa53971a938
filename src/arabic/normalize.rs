//! Normalisation of Arabic text for matching. Display always uses the original text;
//! these forms only feed search, entity matching and date parsing.

/// True for the Arabic combining marks (harakat, shadda, sukun, superscript alef, Quranic marks).
pub const fn is_haraka(c: char) -> bool {
    matches!(c, '\u{0610}'..='\u{061A}' | '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{06D6}'..='\u{06ED}')
}

/// True for characters that carry no letter and should vanish when matching:
/// tatweel, zero-width characters, bidi controls and the byte-order mark.
pub const fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{0640}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}' | '\u{00AD}' | '\u{061C}'
    )
}

/// Maps one character to its matching form, or `None` when it is dropped.
pub fn fold_char(c: char) -> Option<char> {
    // Loading normalises every line of every body, so the common cases are table lookups.
    match c as u32 {
        0..=0x7F => Some(if c == '\t' {
            ' '
        } else {
            c.to_ascii_lowercase()
        }),
        0x0600..=0x06FF => ARABIC_BLOCK[(c as u32 - 0x0600) as usize],
        _ => fold_any(c),
    }
}

/// [`fold_any`] for every character of the Arabic block, U+0600 to U+06FF.
static ARABIC_BLOCK: [Option<char>; 256] = {
    let mut table = [None; 256];
    let mut i = 0;
    while i < 256 {
        if let Some(c) = char::from_u32(0x0600 + i as u32) {
            table[i] = fold_any(c);
        }
        i += 1;
    }
    table
};

/// The definition of [`fold_char`], for any character.
const fn fold_any(c: char) -> Option<char> {
    if is_haraka(c) || is_invisible(c) {
        return None;
    }
    Some(match c {
        'أ' | 'إ' | 'آ' | 'ٱ' | 'ٲ' | 'ٳ' => 'ا',
        'ى' | 'ی' | 'ې' | 'ۍ' => 'ي',
        'ئ' => 'ي',
        'ؤ' => 'و',
        'ة' | 'ۃ' => 'ه',
        'ہ' | 'ە' | 'ھ' => 'ه',
        'ک' | 'ڪ' => 'ك',
        'ۓ' | 'ے' => 'ي',
        '\u{0660}'..='\u{0669}' => (b'0' + (c as u32 - 0x0660) as u8) as char,
        '\u{06F0}'..='\u{06F9}' => (b'0' + (c as u32 - 0x06F0) as u8) as char,
        '\u{00A0}' | '\u{2007}' | '\u{202F}' | '\t' => ' ',
        'A'..='Z' => c.to_ascii_lowercase(),
        _ => c,
    })
}

/// The matching form of `s`: alef forms to bare alef, alef maqsura to yaa, taa marbuta to haa,
/// harakat, tatweel and invisible characters removed, Arabic-Indic and Persian digits to ASCII,
/// Latin lowercased.
pub fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    normalize_into(s, &mut out);
    out
}

/// [`normalize`] into a buffer the caller reuses (it is cleared first).
pub fn normalize_into(s: &str, out: &mut String) {
    out.clear();
    out.reserve(s.len());
    for c in s.chars() {
        if let Some(f) = fold_char(c) {
            out.push(f);
        }
    }
}

/// Like [`normalize`], and also returns, for every char of the result, the byte offset in `s`
/// of the char it came from, plus one final entry equal to `s.len()`. This lets a match found
/// in the normalised form be mapped back to the original text for highlighting.
pub fn normalize_with_map(s: &str) -> (String, Vec<usize>) {
    let mut out = String::with_capacity(s.len());
    let mut map = Vec::with_capacity(s.len() / 2 + 1);
    for (i, c) in s.char_indices() {
        if let Some(f) = fold_char(c) {
            out.push(f);
            map.push(i);
        }
    }
    map.push(s.len());
    (out, map)
}

/// Converts Arabic-Indic and Persian digits to ASCII and leaves everything else alone.
pub fn ascii_digits(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{0660}'..='\u{0669}' => char::from(b'0' + (c as u32 - 0x0660) as u8),
            '\u{06F0}'..='\u{06F9}' => char::from(b'0' + (c as u32 - 0x06F0) as u8),
            _ => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn folds_alef_forms_yaa_and_taa_marbuta() {
        assert_eq!(normalize("الأميركي"), "الاميركي");
        assert_eq!(normalize("إنشاء"), "انشاء");
        assert_eq!(normalize("آلاف"), "الاف");
        assert_eq!(normalize("على"), "علي");
        assert_eq!(normalize("الأزمة الأوكرانية"), "الازمه الاوكرانيه");
    }

    #[test]
    fn drops_harakat_and_tatweel() {
        assert_eq!(normalize("عجّلتها"), "عجلتها");
        assert_eq!(normalize("شُكلت"), "شكلت");
        assert_eq!(normalize("فورًا"), "فورا");
        assert_eq!(normalize("أخـــبار"), "اخبار");
    }

    #[test]
    fn the_whole_arabic_block_folds_by_its_definition() {
        for u in 0x0600..=0x06FF {
            let c = char::from_u32(u).unwrap();
            assert_eq!(fold_char(c), fold_any(c), "U+{u:04X}");
        }
    }

    #[test]
    fn digits_to_ascii() {
        assert_eq!(normalize("١٦ فبراير ٢٠٢٢"), "16 فبراير 2022");
        assert_eq!(normalize("۱۶"), "16");
        assert_eq!(ascii_digits("٢٠٢٢ء"), "2022ء");
    }

    #[test]
    fn persian_and_urdu_letters_fold() {
        assert_eq!(normalize("بوینت"), "بوينت");
        assert_eq!(normalize("پاکستان"), "پاكستان");
    }

    #[test]
    fn map_points_back_into_original() {
        let s = "أكّد بلينكن";
        let (n, map) = normalize_with_map(s);
        assert_eq!(n, "اكد بلينكن");
        assert_eq!(map.len(), n.chars().count() + 1);
        let start = n.chars().position(|c| c == 'ب').unwrap();
        assert_eq!(&s[map[start]..], "بلينكن");
    }

    proptest! {
        /// The table and the fast paths fold every character as the definition does.
        #[test]
        fn fold_char_agrees_with_its_definition(c in proptest::char::any()) {
            prop_assert_eq!(fold_char(c), fold_any(c));
        }

        #[test]
        fn normalize_is_idempotent(s in "\\PC*") {
            let once = normalize(&s);
            prop_assert_eq!(normalize(&once), once.clone());
        }

        #[test]
        fn map_is_monotonic_and_on_char_boundaries(s in "[\\u{0600}-\\u{06FF} a-zA-Z0-9\\u{200f}\\u{202e}]*") {
            let (n, map) = normalize_with_map(&s);
            prop_assert_eq!(map.len(), n.chars().count() + 1);
            prop_assert!(map.windows(2).all(|w| w[0] < w[1]));
            prop_assert!(map.iter().all(|&i| s.is_char_boundary(i)));
        }
    }
}

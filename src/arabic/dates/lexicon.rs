//! The lexicon of date expressions: Gregorian and Hijri month names, weekdays, ordinal and
//! tens words, relative words, year keywords and suffixes, and the display forms of the
//! Gregorian months.

use chrono::Weekday;

use super::Relative;

// ---------------------------------------------------------------------------------------------
// Lexicon. All entries are in the matching form (see `normalize`): no hamza seats, ه for ة,
// ي for ى. Multi-word entries are separated by one space.

pub(super) const GREGORIAN_MONTHS: &[(&str, u32)] = &[
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

pub(super) const HIJRI_MONTHS: &[(&str, u32)] = &[
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

pub(super) const WEEKDAYS: &[(&str, Weekday)] = &[
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
pub(super) const ORDINAL_UNITS: &[(&str, u32)] = &[
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

pub(super) const RELATIVE_WORDS: &[(&str, Relative)] = &[
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
pub(super) const YEAR_KEYWORDS: &[&str] = &[
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
pub(super) const YEAR_CUES: &[&str] = &[
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

pub(super) const GREGORIAN_SUFFIXES: &[&str] = &["م", "ء", "ميلادي", "ميلاديه", "للميلاد"];
pub(super) const HIJRI_SUFFIXES: &[&str] = &["ه", "هجري", "هجريه", "للهجره"];

/// Words that may stand before a day number: `يوم 12`, `يومي 9 و 10`.
pub(super) const DAY_PREFIXES: &[&str] = &["يوم", "يومي", "ويوم", "ويومي", "بيوم", "ليوم"];

pub(super) const RANGE_CONNECTORS: &[&str] = &["و", "الي", "حتي", "لغايه"];

pub(super) fn lookup<T: Copy>(table: &[(&str, T)], word: &str) -> Option<T> {
    table.iter().find(|(w, _)| *w == word).map(|&(_, v)| v)
}

/// The word without a leading conjunction `و`, if something is left.
/// The first word of every month name of every calendar.
pub(super) fn month_first_words() -> &'static std::collections::HashSet<&'static str> {
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

pub(super) fn without_wa(word: &str) -> Option<&str> {
    word.strip_prefix('و')
        .filter(|rest| rest.chars().count() >= 2)
}

pub(super) fn tens_word(stem: &str) -> Option<u32> {
    match stem {
        "عشرين" | "عشرون" => Some(20),
        "ثلاثين" | "ثلاثون" => Some(30),
        _ => None,
    }
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

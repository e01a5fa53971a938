//! Unit tests of the parsing of date expressions: single dates with [`parse_date`] and the
//! mentions in running text with [`find_dates`].

use super::*;
use crate::arabic::hijri;

pub(super) fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

pub(super) const MOROCCAN: [&str; 12] = [
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
pub(super) const HIJRI: [&str; 12] = [
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

pub(super) fn to_digits(s: &str, zero: char) -> String {
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
    let text = include_str!("../../../data/002_4ef95711e04f1e91.txt");
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
    let text = include_str!("../../../data/001_c539808e36df443d.txt");
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
    let text = include_str!("../../../data/004_c524ce13b5ddd629.txt");
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

//! The dateline grammar of the Arab news agencies (`dateline_forms` and `agencies` in
//! `data/boilerplate.toml`): each line gives its place, agency and date, and leaves the body
//! without it.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use akhbar::corpus::{build_article, RawArticle, Rules};
use chrono::NaiveDate;

const BODY: &str = "أعلنت الحكومة اليوم عن خطة جديدة للنقل.";

/// (dateline as written, place, agency, date as YYYY-MM-DD or "" for none)
const CASES: &[(&str, &str, &str, &str)] = &[
    // PLACE - DATE (AGENCY)
    ("دمشق - 3 آذار 2021 (سانا)", "دمشق", "سانا", "2021-03-03"),
    ("حلب ـ 12 شباط 2020 (سانا) -", "حلب", "سانا", "2020-02-12"),
    (
        "بغداد – الاثنين 4 كانون الثاني 2021 (واع)",
        "بغداد",
        "واع",
        "2021-01-04",
    ),
    (
        "القاهرة — 9 مايو 2019 (أ ش أ)",
        "القاهرة",
        "أ ش أ",
        "2019-05-09",
    ),
    (
        "الكويت - 1 يونيو 2020 (كونا) :",
        "الكويت",
        "كونا",
        "2020-06-01",
    ),
    (
        "رام الله - ٢٠ أبريل ٢٠٢٢ (وفا)",
        "رام الله",
        "وفا",
        "2022-04-20",
    ),
    ("غزة - ۱۵ مارس ۲۰۲۲ (صفا)", "غزة", "صفا", "2022-03-15"),
    // PLACE في DATE - AGENCY
    (
        "الجزائر في 5 جويلية 2020 - واج",
        "الجزائر",
        "واج",
        "2020-07-05",
    ),
    ("وهران في 11 أوت 2019 - واج -", "وهران", "واج", "2019-08-11"),
    ("تونس في 3 فيفري 2018 - وات", "تونس", "وات", "2018-02-03"),
    (
        "الرباط في 14 يوليوز 2021 - ومع",
        "الرباط",
        "ومع",
        "2021-07-14",
    ),
    // PLACE في DATE / AGENCY /
    ("تونس في 5 ماي 2020 / وات /", "تونس", "وات", "2020-05-05"),
    ("صفاقس في 1 ديسمبر 2017 /وات/", "صفاقس", "وات", "2017-12-01"),
    // PLACE - AGENCY - DATE:
    ("الرباط - ومع - 3 مارس 2019:", "الرباط", "ومع", "2019-03-03"),
    (
        "الدار البيضاء - ومع - 22 أكتوبر 2018 :",
        "الدار البيضاء",
        "ومع",
        "2018-10-22",
    ),
    (
        "الرياض - واس - 15 رجب 1443 هـ",
        "الرياض",
        "واس",
        "2022-02-16",
    ),
    // PLACE، DATE - AGENCY.
    (
        "بيروت، 3 آذار 2021 - الوكالة الوطنية للإعلام.",
        "بيروت",
        "الوكالة الوطنية للإعلام",
        "2021-03-03",
    ),
    (
        "الدوحة، 10 نوفمبر 2019 - قنا.",
        "الدوحة",
        "قنا",
        "2019-11-10",
    ),
    (
        "أبوظبي، 8 فبراير 2020 - وام.",
        "أبوظبي",
        "وام",
        "2020-02-08",
    ),
    // PLACE DATE /AGENCY/
    ("صنعاء 5 يناير 2020 /سبأ/", "صنعاء", "سبأ", "2020-01-05"),
    ("عدن 17 سبتمبر 2019 / سبأ /", "عدن", "سبأ", "2019-09-17"),
    (
        "مسقط 2 مارس 2021 /العمانية/",
        "مسقط",
        "العمانية",
        "2021-03-02",
    ),
    // PLACE (AGENCY) -
    ("القاهرة (أ ش أ) -", "القاهرة", "أ ش أ", ""),
    ("الإسكندرية (أ.ش.أ) -", "الإسكندرية", "أ.ش.أ", ""),
    ("باريس (أ ف ب) -", "باريس", "أ ف ب", ""),
    ("برلين (د ب أ) -", "برلين", "د ب أ", ""),
    ("لندن (رويترز) -", "لندن", "رويترز", ""),
    ("أنقرة (الأناضول) -", "أنقرة", "الأناضول", ""),
    ("بكين (شينخوا) -", "بكين", "شينخوا", ""),
    ("موسكو (سبوتنيك) :", "موسكو", "سبوتنيك", ""),
    // PLACE/ AGENCY/
    ("الدوحة/ قنا/", "الدوحة", "قنا", ""),
    ("المنامة / بنا /", "المنامة", "بنا", ""),
    // PLACE - AGENCY:
    ("عمان - بترا:", "عمان", "بترا", ""),
    ("الكويت - كونا :", "الكويت", "كونا", ""),
    ("جدة - واس:", "جدة", "واس", ""),
    ("إسطنبول - الأناضول:", "إسطنبول", "الأناضول", ""),
    ("طهران - إرنا:", "طهران", "إرنا", ""),
    // PLACE - DATE, with and without weekday, every month system, Hijri
    ("القاهرة - الأحد 1 أكتوبر 2023", "القاهرة", "", "2023-10-01"),
    (
        "بيروت - 25 تشرين الثاني/نوفمبر 2018",
        "بيروت",
        "",
        "2018-11-25",
    ),
    ("عمّان ـ الخميس 7 أيار/مايو 2015", "عمّان", "", "2015-05-07"),
    ("الرياض - 15 رجب 1443 هـ", "الرياض", "", "2022-02-16"),
    (
        "مكة المكرمة - 15 رجب 1443 هـ الموافق 16 فبراير 2022",
        "مكة المكرمة",
        "",
        "2022-02-16",
    ),
    ("نواكشوط - 3 - 4 - 2016:", "نواكشوط", "", "2016-04-03"),
    ("تونس - الجمعة 12 جانفي 2018.", "تونس", "", "2018-01-12"),
    // PLACE - DATE - AGENCY, full agency names
    (
        "دمشق - 3 آذار 2021 - الوكالة العربية السورية للأنباء",
        "دمشق",
        "الوكالة العربية السورية للأنباء",
        "2021-03-03",
    ),
    (
        "الرياض، 2 مايو 2022 - وكالة الأنباء السعودية",
        "الرياض",
        "وكالة الأنباء السعودية",
        "2022-05-02",
    ),
    (
        "تونس - 9 أفريل 2016 - وكالة تونس إفريقيا للأنباء",
        "تونس",
        "وكالة تونس إفريقيا للأنباء",
        "2016-04-09",
    ),
];

fn article(first_paragraph: &str) -> akhbar::corpus::Article {
    let rules = Rules::builtin().expect("built-in rules");
    build_article(
        RawArticle {
            id: "t".into(),
            title: Some("عنوان الخبر".into()),
            body: format!("{first_paragraph} {BODY}\nفقرة ثانية من الخبر."),
            ..RawArticle::default()
        },
        &rules,
    )
}

#[test]
fn every_dateline_form_gives_place_agency_and_date() {
    assert!(CASES.len() >= 40);
    let mut failures = Vec::new();
    for &(line, place, agency, date) in CASES {
        let a = article(line);
        let got_date = a.date.filter(|d| !d.inferred).map(|d| d.date);
        let want_date =
            (!date.is_empty()).then(|| NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap());
        let ok = a.place.as_deref() == Some(place)
            && a.agency.as_deref() == (!agency.is_empty()).then_some(agency)
            && got_date == want_date
            && a.body.starts_with(BODY);
        if !ok {
            failures.push(format!(
                "{line}\n   place {:?} agency {:?} date {:?} body {:?}",
                a.place,
                a.agency,
                got_date,
                a.body.chars().take(40).collect::<String>()
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {}:\n{}",
        failures.len(),
        CASES.len(),
        failures.join("\n")
    );
}

#[test]
fn a_dateline_of_its_own_line_leaves_the_next_paragraph_first() {
    let rules = Rules::builtin().unwrap();
    let a = build_article(
        RawArticle {
            id: "t".into(),
            title: Some("عنوان".into()),
            body: format!("بيروت - 25 تشرين الثاني/نوفمبر 2018\n{BODY}"),
            ..RawArticle::default()
        },
        &rules,
    );
    assert_eq!(a.place.as_deref(), Some("بيروت"));
    assert_eq!(a.body, BODY);
}

#[test]
fn text_that_only_looks_like_a_dateline_stays() {
    for line in [
        "الحكومة - خطة جديدة للنقل",     // no date, no agency
        "أكد الوزير في 5 أشخاص - واجهة", // no date, واجهة is not واج
        "تونس - 35 مارس 2020 (وات)",     // no such day
    ] {
        let a = article(line);
        assert!(a.body.starts_with(line), "{line}: {:?}", a.body);
        assert_eq!(a.agency, None, "{line}");
    }
}

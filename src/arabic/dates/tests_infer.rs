//! Unit tests of the inference of the publication date, and property tests of the whole
//! module.

use super::infer::is_future_context;
use super::tests::{to_digits, ymd, HIJRI, MOROCCAN};
use super::*;
use crate::arabic::hijri;
use proptest::prelude::*;

// --- inference -------------------------------------------------------------------------

#[test]
fn infers_day_for_article_002() {
    // Saturday (`، السبت،`), `الإثنين الماضي` = a day mentioned in `يومي 9 و 10 كانون الثاني
    // /يناير الجاري`, and `خلال عام 2021`: only 2022 has 10 January on a Monday, and the only
    // Saturday in the week after it is the 15th.
    let text = include_str!("../../../data/002_4ef95711e04f1e91.txt");
    assert_eq!(
        infer_publication_date(text),
        Some((ymd(2022, 1, 15), Precision::Day))
    );
}

#[test]
fn infers_month_when_the_weekday_of_publication_is_unknown() {
    // `الإثنين الماضي` on the 10th fixes the year (2022) and puts publication in 11..17
    // January, but nothing says which of those days.
    let text = "عقدت روسيا والولايات المتحدة مشاورات في جنيف يومي 9 و 10 كانون الثاني /يناير الجاري. \
                وأجرت روسيا وأميركا محادثات في جنيف الإثنين الماضي. وقال لافروف إن عمل الدبلوماسية خلال عام 2021 كان صعبا.";
    assert_eq!(
        infer_publication_date(text),
        Some((ymd(2022, 1, 1), Precision::Month))
    );
}

#[test]
fn infers_month_from_current_month_and_year() {
    let text = "وتلقت موسكو الردود في 26 يناير الجاري، في إطار مفاوضات عام 2022 الجاري.";
    assert_eq!(
        infer_publication_date(text),
        Some((ymd(2022, 1, 1), Precision::Month))
    );
}

#[test]
fn infers_year_only() {
    let text = "وأكد البيان أن الصادرات تراجعت خلال العام الماضي 2021 بنسبة كبيرة، كما قال الوزير اليوم الثلاثاء.";
    assert_eq!(
        infer_publication_date(text),
        Some((ymd(2022, 1, 1), Precision::Year))
    );
}

#[test]
fn infers_nothing_without_enough_evidence() {
    // No year at all.
    assert_eq!(
        infer_publication_date("أكدت الخارجية، السبت، الالتزام بالدبلوماسية في يناير الجاري"),
        None
    );
    // A lone year: the article may be from that year or from early the next.
    assert_eq!(
        infer_publication_date("نتائج عمل الدبلوماسية الروسية خلال عام 2021."),
        None
    );
    assert_eq!(infer_publication_date(""), None);
    assert_eq!(
        infer_publication_date("بلينكن يبلغ لافروف ضرورة رؤية وقف تصعيد"),
        None
    );
}

#[test]
fn explicit_today_date_wins() {
    // ANT JA-economy-44-11052016: the planned `من 24 إلى 28 ماي الحالي` must not push the
    // date to the end of the month.
    let text = "انعقدت بسوسة اليوم الأربعاء 11 ماي 2016 ندوة صحفية بخصوص الصالون الدولي للسياحة \
                والذي سينتظم من 24 إلى 28 ماي الحالي.";
    assert_eq!(
        infer_publication_date(text),
        Some((ymd(2016, 5, 11), Precision::Day))
    );
    let text = "أعلنت السلطات الإيطالية أمس الأحد 8 نوفمبر 2015 عن إيقاف";
    assert_eq!(
        infer_publication_date(text),
        Some((ymd(2015, 11, 9), Precision::Day))
    );
    // Weekday and date disagree: not today's date.
    let text = "أعلنت السلطات اليوم الخميس 8 نوفمبر 2015 عن إيقاف";
    assert_eq!(infer_publication_date(text), None);
}

#[test]
fn planned_days_are_not_lower_bounds() {
    // ANT JA-localNews-2959-20160928 (Wednesday 28 September 2016).
    let text =
        "على هامش ندوة صحفية عقدت اليوم الأربعاء، في الفترة بين أكتوبر 2013 إلى غاية أكتوبر 2015، \
                وذلك قبيل المؤتمر السابع للرابطة الذي سيعقد يوم 30 سبتمبر الجاري.";
    assert!(is_future_context(text, text.find("يوم 30").unwrap()));
    assert!(!is_future_context(text, text.find("أكتوبر 2013").unwrap()));
    // Wednesdays of September 2015 and 2016 remain: no claim.
    assert_eq!(infer_publication_date(text), None);
}

#[test]
fn inference_never_contradicts_the_corpus_datelines() {
    let articles = [
        (
            include_str!("../../../data/000_89731ca9499b315b.txt"),
            ymd(2022, 2, 16),
        ),
        (
            include_str!("../../../data/001_c539808e36df443d.txt"),
            ymd(2022, 2, 15),
        ),
        (
            include_str!("../../../data/003_53df6247519af79e.txt"),
            ymd(2022, 1, 21),
        ),
        (
            include_str!("../../../data/004_c524ce13b5ddd629.txt"),
            ymd(2021, 12, 14),
        ),
    ];
    for (text, dateline) in articles {
        // Without `الجاري` or a dated "today", the year stays open: these give `None`.
        let got = infer_publication_date(text);
        let consistent = match got {
            None => true,
            Some((d, Precision::Day)) => (dateline - d).num_days().abs() <= 1,
            Some((d, Precision::Month)) => {
                (d.year(), d.month()) == (dateline.year(), dateline.month())
            }
            Some((d, Precision::Year)) => d.year() == dateline.year(),
        };
        assert!(consistent, "{got:?} vs {dateline}");
    }
}

#[test]
fn contradictory_weekdays_lower_the_precision() {
    // Saturday and Sunday both claimed as today: no single day can be chosen.
    let text = "يومي 9 و 10 كانون الثاني /يناير الجاري، والإثنين الماضي، خلال عام 2021. \
                وقال، السبت، إن. وأضاف، الأحد، أن.";
    let got = infer_publication_date(text);
    assert_ne!(got.map(|(_, p)| p), Some(Precision::Day));
}

/// Checks the inference on the Tunisian ANT corpus against the publisher's dates, when the
/// corpus is available: a claimed day or month must be right almost always.
#[test]
fn inference_on_ant_corpus_is_rarely_wrong() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data/ant-news.jsonl");
    let Ok(data) = std::fs::read_to_string(path) else {
        eprintln!("skipped: {path} not found");
        return;
    };
    let (mut claims, mut wrong) = ([0usize; 3], [0usize; 3]);
    for line in data.lines() {
        let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        let (Some(body), Some(date)) = (v["body"].as_str(), v["date"].as_str()) else {
            continue;
        };
        let Ok(truth) = NaiveDate::parse_from_str(date, "%Y-%m-%d") else {
            continue;
        };
        let Some((d, p)) = infer_publication_date(body) else {
            continue;
        };
        let ok = match p {
            // The publisher's date can trail the text's "today" by a day.
            Precision::Day => (truth - d).num_days().abs() <= 1,
            Precision::Month => (d.year(), d.month()) == (truth.year(), truth.month()),
            Precision::Year => d.year() == truth.year(),
        };
        claims[p as usize] += 1;
        if !ok {
            wrong[p as usize] += 1;
            eprintln!("{p:?} {d} vs {truth}: {}", v["id"]);
        }
    }
    eprintln!("claims (day, month, year): {claims:?}, wrong: {wrong:?}");
    for p in 0..3 {
        assert!(
            wrong[p] * 10 <= claims[p],
            "precision {p}: {} of {} wrong",
            wrong[p],
            claims[p]
        );
    }
}

// --- properties ------------------------------------------------------------------------

fn arb_date() -> impl Strategy<Value = NaiveDate> {
    (1000i32..=2999, 1u32..=12, 1u32..=31)
        .prop_filter_map("valid date", |(y, m, d)| NaiveDate::from_ymd_opt(y, m, d))
}

proptest! {
    #[test]
    fn formatted_dates_round_trip(
        date in arb_date(),
        system in 0usize..5,
        zero in prop::sample::select(vec!['0', '\u{0660}', '\u{06F0}']),
        suffix in prop::sample::select(vec!["", "ء", "م", "مـ", " م"]),
        keyword in prop::sample::select(vec!["", "عام ", "سنة "]),
    ) {
        let m = date.month0() as usize;
        let month = match system {
            0 => EGYPTIAN_MONTHS[m].to_string(),
            1 => LEVANTINE_MONTHS[m].to_string(),
            2 => TUNISIAN_MONTHS[m].to_string(),
            3 => MOROCCAN[m].to_string(),
            _ => format!("{}/ {}", LEVANTINE_MONTHS[m], EGYPTIAN_MONTHS[m]),
        };
        let s = format!("{} {month} {keyword}{}{suffix}", date.day(), date.year());
        let s = to_digits(&s, zero);
        prop_assert_eq!(parse_date(&s), Some(date), "{}", s);
    }

    #[test]
    fn hijri_dates_round_trip(y in 1300i32..=1600, m in 1u32..=12, d in 1u32..=30) {
        let s = format!("{d} {} {y} هـ", HIJRI[(m - 1) as usize]);
        prop_assert_eq!(parse_date(&s), hijri::to_gregorian(y, m, d), "{}", s);
    }

    #[test]
    fn never_panics_on_any_text(s in "\\PC*") {
        let _ = parse_date(&s);
        let _ = infer_publication_date(&s);
        check_spans(&s, &find_dates(&s))?;
    }

    #[test]
    fn spans_are_ordered_on_arabic_like_text(
        parts in prop::collection::vec(prop::sample::select(vec![
            "16", "٩", "2022", "ء", "م", "ـ", "\u{064E}", "\u{200F}", "\u{202E}", "\u{0007}", " ", "،", "/", "-",
            "يناير", "كانون", "الثاني", "شباط", "الجاري", "الماضي", "عام", "يومي", "و", "من", "إلى",
            "السبت", "الإثنين", "اليوم", "أمس", "السادس", "عشر", "والعشرين", "رجب", "هـ", "غرة", "x",
        ]), 0..24)
    ) {
        let s: String = parts.concat();
        let _ = parse_date(&s);
        let _ = infer_publication_date(&s);
        check_spans(&s, &find_dates(&s))?;
    }
}

fn check_spans(s: &str, found: &[DateMention]) -> Result<(), TestCaseError> {
    let mut last_end = 0;
    for m in found {
        prop_assert!(m.span.start < m.span.end && m.span.end <= s.len());
        prop_assert!(s.is_char_boundary(m.span.start) && s.is_char_boundary(m.span.end));
        prop_assert!(m.span.start >= last_end, "overlapping or unordered spans");
        last_end = m.span.end;
    }
    Ok(())
}

//! Unit tests with real Arabic strings.

use std::sync::OnceLock;

use proptest::prelude::*;

use super::*;

fn extractor() -> &'static Extractor {
    static EX: OnceLock<Extractor> = OnceLock::new();
    EX.get_or_init(|| Extractor::new(&Gazetteer::builtin().unwrap()))
}

/// (id, surface) of every mention of `text`.
fn found(text: &str) -> Vec<(String, String)> {
    tag(extractor(), text)
        .into_iter()
        .map(|m| (m.id, m.surface))
        .collect()
}

fn ids(text: &str) -> Vec<String> {
    found(text).into_iter().map(|(id, _)| id).collect()
}

/// (id, surface) of the people of `text`.
fn people(text: &str) -> Vec<(String, String)> {
    found(text)
        .into_iter()
        .filter(|(id, _)| id.starts_with("per:"))
        .collect()
}

#[test]
fn names_glued_to_proclitics() {
    assert_eq!(
        found("اتصل ولافروف لجونسون بروسيا للناتو وبلينكن فالناتو"),
        [
            ("per:sergei-lavrov".to_string(), "لافروف".to_string()),
            ("per:boris-johnson".into(), "جونسون".into()),
            ("loc:russia".into(), "روسيا".into()),
            ("org:nato".into(), "للناتو".into()),
            ("per:antony-blinken".into(), "بلينكن".into()),
            ("org:nato".into(), "الناتو".into()),
        ]
    );
}

#[test]
fn longest_match_first() {
    assert_eq!(
        found("وحلف شمال الأطلسي"),
        [("org:nato".to_string(), "حلف شمال الأطلسي".to_string())]
    );
    assert_eq!(ids("مع الولايات المتحدة الأميركية"), ["loc:united-states"]);
}

#[test]
fn no_match_inside_longer_words_or_adjectives() {
    assert!(ids("الروسية الروسي الأميركي الأوكرانية روسيات").is_empty());
    assert!(ids("الخارجية الرئيس اليوم السبت").is_empty());
}

#[test]
fn aliases_merge_into_one_entity() {
    for s in ["الناتو", "ناتو", "حلف الناتو", "حلف شمال الأطلسي"] {
        assert_eq!(ids(s), ["org:nato"], "{s}");
    }
    for s in ["لافروف", "سيرغي لافروف", "سيرجي لافروف"] {
        assert_eq!(ids(s), ["per:sergei-lavrov"], "{s}");
    }
    for s in ["ستولتنبرغ", "ستولتنبرج", "أمريكا", "أميركا"] {
        assert_eq!(ids(s).len(), 1, "{s}");
    }
    assert_eq!(
        ids("أمريكا أميركا الولايات المتحدة الأمريكية"),
        ["loc:united-states"; 3]
    );
    // The capital is a place of its own.
    assert_eq!(ids("واشنطن"), ["loc:washington"]);
    assert_eq!(
        ids("الأزمة في تونس العاصمة وفي تونس"),
        ["loc:tunis", "loc:tunisia"]
    );
}

#[test]
fn corpus_table_lists_each_entity_once_with_its_spellings() {
    let docs = [
        (
            "لافروف وبلينكن",
            "قال وزير الخارجية الروسي سيرغي لافروف إن موسكو",
        ),
        (
            "",
            "وزير الخارجية الروسي سيرجي لافروف ونظيره الأميركي أنتوني بلينكن والناتو",
        ),
    ];
    let (table, mentions) = extract_corpus(extractor(), &docs);
    let lavrov: Vec<_> = table
        .entities
        .iter()
        .filter(|e| e.id == "per:sergei-lavrov")
        .collect();
    assert_eq!(lavrov.len(), 1);
    assert_eq!(lavrov[0].articles, 2);
    assert_eq!(lavrov[0].mentions, 3);
    assert_eq!(lavrov[0].aliases, ["لافروف", "سيرغي لافروف", "سيرجي لافروف"]);
    assert_eq!(mentions[0][0].field, Field::Title);
    for (doc, (title, body)) in mentions.iter().zip(&docs) {
        for m in doc {
            let text = if m.field == Field::Title { title } else { body };
            assert!(text.get(m.start as usize..m.end as usize).is_some());
        }
        assert!(doc
            .windows(2)
            .all(|w| (w[0].field as u8, w[0].start) <= (w[1].field as u8, w[1].start)));
    }
}

#[test]
fn discovers_people_after_titles() {
    let text = "قال وزير الخارجية الفرنسي جان إيف لودريان، إن بلاده مستعدة. \
                وأعلن السفير الروسي لدى واشنطن، أناتولي أنطونوف، أن المحادثات مستمرة. \
                وأكدت المتحدثة باسم البيت الأبيض جين ساكي، في مؤتمر صحفي.";
    let tags = tag(extractor(), text);
    let per: Vec<_> = tags
        .iter()
        .filter(|m| m.kind == EntityKind::Per)
        .map(|m| m.surface.as_str())
        .collect();
    assert!(per.contains(&"جان إيف لودريان"), "{per:?}");
    assert!(per.contains(&"أناتولي أنطونوف"), "{per:?}");
    assert!(per.contains(&"جين ساكي"), "{per:?}");
}

#[test]
fn a_bare_surname_joins_the_one_full_name_it_ends() {
    // The tagger finds المرزوقي alone in one article and منصف المرزوقي in another: one
    // person, whichever comes first. Two people of one surname would keep it apart.
    let docs = [
        ("", "وقال المرزوقي إن الوضع صعب."),
        ("", "الرئيس التونسي، منصف المرزوقي، زار صفاقس."),
    ];
    let (table, mentions) = extract_corpus(extractor(), &docs);
    let people = |d: usize| -> Vec<&str> {
        mentions[d]
            .iter()
            .map(|m| &table.entities[m.entity as usize])
            .filter(|e| e.kind == EntityKind::Per)
            .map(|e| e.name.as_str())
            .collect()
    };
    // Where the tagger tags the bare surname at all, it is this man and nobody new.
    assert!(people(0).iter().all(|p| *p == "منصف المرزوقي"), "{table:?}");
    assert_eq!(people(1), ["منصف المرزوقي"], "{table:?}");
}

#[test]
fn junk_after_titles_is_not_a_name() {
    for text in [
        "قدم رئيس الحكومة تعازيه لأهالي الضحايا.",
        "وأكد الرئيس اليوم السبت أن",
        "وقال وزير الخارجية الأميركي إن",
        "الرئيس يؤكد أن الحكومة الأميركية",
        "رئيس قسم الجراحة بالمستشفى",
        "شهدت العاصمة احتجاجات واسعة",
    ] {
        assert!(ids(text).is_empty(), "{text}: {:?}", found(text));
    }
}

#[test]
fn byline_after_dateline() {
    let tags = tag(extractor(), "واشنطن ـ يوسف مكي\nأكدت الولايات المتحدة");
    let per: Vec<_> = tags.iter().filter(|m| m.kind == EntityKind::Per).collect();
    assert_eq!(per.len(), 1);
    assert_eq!(per[0].surface, "يوسف مكي");
}

#[test]
fn tag_reports_char_offsets() {
    let text = "أكّد بلينكن";
    let tags = tag(extractor(), text);
    assert_eq!(tags.len(), 1);
    let chars: Vec<char> = text.chars().collect();
    let s: String = chars[tags[0].start..tags[0].end].iter().collect();
    assert_eq!(s, "بلينكن");
    assert_eq!(tags[0].name_en.as_deref(), Some("Antony Blinken"));
}

#[test]
fn user_gazetteer_extends_the_builtin() {
    let mut g = Gazetteer::builtin().unwrap();
    g.merge(
        Gazetteer::parse(
            "[[entity]]\nid = \"per:adnan\"\nkind = \"PER\"\nname = \"عدنان الوحيشي\"\naliases = [\"عدنان الوحيشي\", \"الوحيشي\"]",
            "user.toml",
        )
        .unwrap(),
    );
    let ex = Extractor::new(&g);
    let t = tag(&ex, "وقال الوحيشي");
    assert_eq!(t[0].id, "per:adnan");
    assert!(!t[0].discovered);
}

#[test]
fn extractor_is_send_and_sync() {
    fn check<T: Send + Sync>() {}
    check::<Extractor>();
}

proptest! {
    #[test]
    fn never_panics_and_spans_are_on_char_boundaries(
        s in "[\\u{0600}-\\u{06FF}\\u{0640}\\u{064B}-\\u{0652} ،,.\"\\n\\u{200f}\\u{202e}\\u{200b}a-z0-9ـ-]{0,200}"
    ) {
        let docs = [(s.as_str(), s.as_str())];
        let (table, mentions) = extract_corpus(extractor(), &docs);
        for m in &mentions[0] {
            prop_assert!(s.is_char_boundary(m.start as usize) && s.is_char_boundary(m.end as usize));
            prop_assert!(m.start < m.end);
            prop_assert!((m.entity as usize) < table.entities.len());
        }
        let n = s.chars().count();
        for t in tag(extractor(), &s) {
            prop_assert!(t.start < t.end && t.end <= n);
        }
    }

    #[test]
    fn never_panics_on_any_unicode(s in "\\PC{0,100}") {
        let _ = tag(extractor(), &s);
    }

    #[test]
    fn names_with_random_text_around_are_found(pre in "[\\u{0621}-\\u{064A} ]{0,30}", post in "[\\u{0621}-\\u{064A} ]{0,30}") {
        let text = format!("{pre} ، بلينكن . {post}");
        prop_assert!(tag(extractor(), &text).iter().any(|t| t.id == "per:antony-blinken"));
    }
}

#[test]
fn figures_of_the_period_without_their_common_word_surnames() {
    let text = "قالت وزيرة الخارجية البريطانية ليز تراس إن لندن ستزود كييف بأسلحة، \
                وقال بيسكوف إن موسكو لا تهدد أحدا. وترأس الوزير الاجتماع وبيّنت اللجنة موقفها.";
    assert_eq!(
        ids(text),
        [
            "per:liz-truss",
            "loc:london",
            "loc:kyiv",
            "per:dmitry-peskov",
            "loc:moscow"
        ]
    );
}

#[test]
fn a_direction_ends_a_place_name() {
    // شرقي / شمال after the name: the place is one word, and a new city after مدينة is found.
    assert_eq!(
        ids("وصلت قوات روسية إلى مدينة خاركيف شرقي أوكرانيا، وانفجارات في مدينة إيربين شمال كييف"),
        ["loc:kharkiv", "loc:ukraine", "loc:ايربين", "loc:kyiv"]
    );
}

#[test]
fn european_first_names_introduce_people() {
    let text = "وقالت المستشارة الألمانية أنغيلا ميركل إن برلين تدعم الحوار، \
                وأكد اللاعب ليونيل ميسي أنه سعيد.";
    let per: Vec<String> = people(text).into_iter().map(|(id, _)| id).collect();
    assert_eq!(per, ["per:انغيلا-ميركل", "per:ليونيل-ميسي"]);
    assert_eq!(
        ids("وأعلن المتحدث باسم الخارجية الأمريكية نيد برايس أن واشنطن"),
        ["org:us-state-department", "per:نيد-برايس", "loc:washington"]
    );
}

#[test]
fn ambassador_to_then_an_unknown_name() {
    // The pattern السفير … لدى, with a name the gazetteer does not know.
    let text = "قالت السفيرة الأمريكية لدى الأمم المتحدة، ليندا توماس غرينفيلد، إن المجلس سيجتمع. \
                وأضافت غرينفيلد أن";
    // The full name; a later bare غرينفيلد, where tagged, is the same person.
    let per = people(text);
    assert_eq!(
        per.first(),
        Some(&(
            "per:ليندا-توماس-غرينفيلد".to_string(),
            "ليندا توماس غرينفيلد".to_string()
        ))
    );
    assert!(per.iter().all(|(id, _)| id == "per:ليندا-توماس-غرينفيلد"));
}

#[test]
fn military_ranks_introduce_people() {
    assert_eq!(
        ids("دعا رئيس المجلس الفريق أول عبد الفتاح البرهان القوى السياسية إلى الحوار"),
        ["per:عبد-الفتاح-البرهان"]
    );
    // بان is بأن ("that") once normalised: not a first name.
    assert!(ids("وأكد الوزير بأن شهادة التخرج جاهزة").is_empty());
}

#[test]
fn the_tagger_finds_names_no_list_holds() {
    // Neither name is in the gazetteer; the tagger finds them from their context.
    let text = "وقال مدير عام المعهد الوطني للتراث عدنان الوحيشي، إن القطع ليست أثرية. \
                وأعلنت السلطات أن قواتها وصلت إلى مدينة زغرتا.";
    let got: Vec<_> = tag(extractor(), text)
        .into_iter()
        .map(|m| (m.kind, m.surface, m.discovered))
        .collect();
    assert!(
        got.contains(&(EntityKind::Per, "عدنان الوحيشي".into(), true)),
        "{got:?}"
    );
    assert!(
        got.contains(&(EntityKind::Loc, "زغرتا".into(), true)),
        "{got:?}"
    );
}

#[test]
fn a_surname_that_is_also_an_adjective_is_not_the_person() {
    // المدني is a family name and "civil": after المجتمع it is the adjective.
    let text = "وقالت الوزيرة خديجة المدني إن الحوار ضروري. وأكدت منظمات المجتمع المدني دعمها.";
    assert_eq!(
        people(text),
        [("per:خديجه-المدني".to_string(), "خديجة المدني".to_string())]
    );
}

#[test]
fn a_name_over_two_known_names_is_the_two_names() {
    // The tagger may join الولايات المتحدة والناتو; the gazetteer knows both.
    assert_eq!(
        ids("وأكدت الولايات المتحدة والناتو دعمهما"),
        ["loc:united-states", "org:nato"]
    );
}

#[test]
fn a_full_name_holding_a_known_surname_is_that_person() {
    // لافروف is known; سيرجي before it is the same man, not a new person.
    let t = tag(extractor(), "وقال وزير الخارجية الروسي سيرجي لافروف إن");
    let per: Vec<_> = t.iter().filter(|m| m.kind == EntityKind::Per).collect();
    assert_eq!(per.len(), 1, "{t:?}");
    assert_eq!(per[0].id, "per:sergei-lavrov");
}

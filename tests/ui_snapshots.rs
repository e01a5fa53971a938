//! Snapshot tests of the explorer's screens (ratatui TestBackend + insta), driven through the
//! same `update` the terminal uses.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;

use akhbar::library::{open, OpenOptions};
use akhbar::ui::action::Action;
use akhbar::ui::app::{App, FacetRow, InputKind, UiOptions};
use akhbar::ui::render::render;
use akhbar::ui::rtl::BidiMode;
use akhbar::ui::theme::Theme;
use akhbar::ui::update::update;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;
use ratatui::Terminal;

fn app(width: u16, height: u16) -> App {
    app_with_theme(width, height, Theme { color: false })
}

/// The explorer on `data/` with this theme.
fn app_with_theme(width: u16, height: u16, theme: Theme) -> App {
    let opts = OpenOptions {
        path: Some(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data")),
        ..OpenOptions::default()
    };
    let lib = open(&opts).expect("default corpus");
    let ui = UiOptions {
        bidi: BidiMode::App,
        theme: Some(theme),
        ..UiOptions::default()
    };
    akhbar::ui::update::start(lib, Rect::new(0, 0, width, height), ui)
}

fn screen(app: &App) -> String {
    let mut t = Terminal::new(TestBackend::new(app.size.width, app.size.height)).unwrap();
    t.draw(|f| render(app, f)).unwrap();
    let buf = t.backend().buffer();
    let mut out = String::new();
    for y in 0..buf.area.height {
        let mut line = String::new();
        for x in 0..buf.area.width {
            line.push_str(buf[(x, y)].symbol());
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

fn keys(app: &mut App, actions: impl IntoIterator<Item = Action>) {
    for a in actions {
        update(app, a);
    }
}

fn typed(s: &str) -> Vec<Action> {
    s.chars().map(Action::Input).collect()
}

#[test]
fn main_screen() {
    let app = app(120, 32);
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn search_in_progress() {
    let mut app = app(120, 32);
    keys(&mut app, [Action::StartInput(InputKind::Title)]);
    keys(&mut app, typed("لافروف"));
    let s = screen(&app);
    assert!(s.contains("Articles 2/5"), "{s}");
    insta::assert_snapshot!(s);
}

#[test]
fn facets_selected() {
    let mut app = app(120, 32);
    keys(&mut app, [Action::FocusPrev, Action::Down, Action::Toggle]);
    keys(&mut app, [Action::Bottom, Action::Toggle]);
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn help_overlay() {
    let mut app = app(120, 40);
    keys(&mut app, [Action::ToggleHelp]);
    insta::assert_snapshot!(screen(&app));
}

/// The query syntax section of the help, in a terminal tall enough to hold the whole overlay.
#[test]
fn help_overlay_shows_the_query_syntax() {
    let mut app = app(110, 72);
    keys(&mut app, [Action::ToggleHelp]);
    let shown = screen(&app);
    for syntax in [
        "Title query syntax (/)",
        "'word",
        "^word  word$",
        "!word",
        "a | b",
        "~letters",
    ] {
        assert!(shown.contains(syntax), "{syntax} is missing:\n{shown}");
    }
    insta::assert_snapshot!(shown);
}

#[test]
fn narrow_60x20_shows_one_pane() {
    let mut app = app(60, 20);
    let list = screen(&app);
    assert!(
        list.contains("Articles 5/5") && !list.contains("Facets"),
        "{list}"
    );
    keys(&mut app, [Action::FocusNext]);
    insta::assert_snapshot!("narrow_body", screen(&app));
    insta::assert_snapshot!("narrow_list", list);
}

#[test]
fn every_size_down_to_1x1_renders() {
    let mut app = app(100, 30);
    for (w, h) in [
        (100, 30),
        (79, 24),
        (40, 10),
        (20, 6),
        (19, 5),
        (5, 2),
        (1, 1),
        (0, 0),
        (120, 40),
    ] {
        update(&mut app, Action::Resize(w, h));
        let s = screen(&app);
        if w < 20 || h < 6 {
            assert!(w < 9 || h == 0 || s.contains("too small"), "{w}x{h}: {s}");
        }
    }
}

/// Cells of the screen whose style has all of `m`, as (x, y, symbol).
fn styled_cells(app: &App, m: ratatui::style::Modifier) -> Vec<(u16, u16, String)> {
    let mut t = Terminal::new(TestBackend::new(app.size.width, app.size.height)).unwrap();
    t.draw(|f| render(app, f)).unwrap();
    let buf = t.backend().buffer().clone();
    let mut out = Vec::new();
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            let c = &buf[(x, y)];
            if c.modifier.contains(m) {
                out.push((x, y, c.symbol().to_string()));
            }
        }
    }
    out
}

#[test]
fn search_matches_and_entity_mentions_are_highlighted() {
    use ratatui::style::Modifier;
    let mut app = app(120, 32);
    keys(&mut app, [Action::StartInput(InputKind::Title)]);
    keys(&mut app, typed("lavrov"));
    // Matched characters: bold + underlined (no-colour theme), in the list rows.
    let matched = styled_cells(&app, Modifier::BOLD | Modifier::UNDERLINED);
    assert!(
        matched.iter().any(|(_, y, _)| (2..12).contains(y)),
        "no match highlight: {matched:?}"
    );
    // Entity mentions in the body: people bold, places underlined, organisations italic.
    let italic = styled_cells(&app, Modifier::ITALIC);
    assert!(!italic.is_empty(), "no organisation highlighted");
}

#[test]
fn n_scrolls_to_a_hit_deep_in_a_long_paragraph() {
    let filler = "وقال المتحدث إن المحادثات مستمرة بين الجانبين. ".repeat(400);
    let body = format!("{filler}وأعلن لافروف موقفه. {filler}");
    let (_dir, mut app) = app_on_file("long.txt", &format!("عنوان طويل\n\n{body}\n"), 120, 32);
    keys(&mut app, [Action::StartInput(InputKind::Text)]);
    keys(&mut app, typed("لافروف"));
    keys(&mut app, [Action::Enter]);
    assert!(app.body_scroll > 50, "did not scroll: {}", app.body_scroll);
    // The current hit is drawn reversed, inside the visible part of the body.
    let current = styled_cells(
        &app,
        ratatui::style::Modifier::REVERSED | ratatui::style::Modifier::BOLD,
    );
    let text: String = current
        .iter()
        .filter(|(_, y, _)| *y > 12)
        .map(|(_, _, s)| s.as_str())
        .collect();
    // لافروف joined and in visual order; لا is one ligature cell.
    assert_eq!(text, "ﻑﻭﺮﻓﻻ", "hit not visible: {current:?}");
}

/// Puts the facet cursor on an entity row by its Arabic name.
fn facet_cursor_on(app: &mut App, name: &str) {
    app_focus_facets(app);
    let row = app
        .facet_rows
        .iter()
        .position(|r| matches!(r, akhbar::ui::app::FacetRow::Entity { id, .. } if app.entity(*id).is_some_and(|e| e.name == name)))
        .expect("entity row");
    keys(app, [Action::Top]);
    keys(app, std::iter::repeat_n(Action::Down, row));
}

fn app_focus_facets(app: &mut App) -> &mut App {
    while app.focus != akhbar::ui::app::Pane::Facets {
        update(app, Action::FocusNext);
    }
    app
}

#[test]
fn timeline_view() {
    let mut app = app(100, 30);
    facet_cursor_on(&mut app, "سيرغي لافروف");
    keys(&mut app, [Action::OpenTimeline]);
    let s = screen(&app);
    assert!(
        s.contains("2022-01") && s.contains("2022-02") && s.contains("Timeline"),
        "{s}"
    );
    insta::assert_snapshot!(s);
}

#[test]
fn cooccurrence_view_and_adding_a_partner() {
    let mut app = app(100, 30);
    facet_cursor_on(&mut app, "أنتوني بلينكن");
    keys(&mut app, [Action::OpenCooccur]);
    insta::assert_snapshot!(screen(&app));
    keys(&mut app, [Action::Enter]);
    // The partner is added to the entity the view is about (issue: Enter used to replace
    // it, listing every article of the partner instead of the ones they share).
    assert_eq!(
        app.filter.entities.len(),
        2,
        "the anchor and its first partner are both facets"
    );
    let blinken = (0..app.lib.entities().entities.len() as u32)
        .find(|&e| app.entity(e).is_some_and(|x| x.name == "أنتوني بلينكن"))
        .expect("blinken");
    assert!(app.filter.entities.contains(&blinken));
    assert!(app.view.is_none());
}

#[test]
fn kwic_view_sorted_and_opening_an_article() {
    let mut app = app(120, 30);
    facet_cursor_on(&mut app, "سيرغي لافروف");
    keys(&mut app, [Action::OpenKwic]);
    insta::assert_snapshot!("kwic_by_position", screen(&app));
    keys(&mut app, [Action::SortLeft]);
    insta::assert_snapshot!("kwic_by_left_context", screen(&app));
    keys(&mut app, [Action::Down, Action::Enter]);
    assert!(app.view.is_none());
    assert_eq!(app.focus, akhbar::ui::app::Pane::Body);
}

#[test]
fn cluster_badge_view_and_collapse() {
    use akhbar::analysis::dups::{near_duplicates, DupOptions};
    let mut app = app(120, 30);
    // A low threshold, so that 000 and 001 (which share two paragraphs) form a cluster here.
    let opts = DupOptions {
        threshold: 0.05,
        containment: None,
        ..DupOptions::default()
    };
    let report = near_duplicates(app.lib.articles(), &app.results.set, &opts);
    assert_eq!(report.clusters.len(), 1);
    keys(&mut app, [Action::DupsReady(std::sync::Arc::new(report))]);
    let s = screen(&app);
    assert_eq!(s.matches("≈2").count(), 2, "{s}");
    keys(&mut app, [Action::OpenCluster]);
    let view = screen(&app);
    // The representative is not drawn with the marks' ★.
    assert!(
        !view.contains('★') && view.contains("• representative"),
        "{view}"
    );
    insta::assert_snapshot!(view);
    keys(&mut app, [Action::Escape, Action::ToggleCollapse]);
    assert!(screen(&app).contains("Articles 4/5"));
}

#[test]
fn facet_filter_puts_the_cursor_on_a_matching_entity_and_space_selects_it() {
    let mut app = app(120, 32);
    keys(&mut app, [Action::StartInput(InputKind::Facet)]);
    keys(&mut app, typed("بلينكن"));
    keys(&mut app, [Action::Enter, Action::Toggle]);
    let chosen: Vec<&str> = app
        .filter
        .entities
        .iter()
        .filter_map(|&e| app.entity(e).map(|e| e.name.as_str()))
        .collect();
    assert_eq!(chosen, ["أنتوني بلينكن"]);
    assert_eq!(
        app.results.articles.len(),
        4,
        "000, 001, 003 and 004 name him"
    );
}

/// The explorer opens before the entities are extracted: the facet pane says so, dates already
/// filter, and when the entities arrive they fill the pane without moving the facet cursor.
#[test]
fn entities_arrive_after_the_corpus_is_on_screen() {
    let opts = OpenOptions {
        path: Some(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data")),
        ..OpenOptions::default()
    };
    let (lib, pending) = akhbar::library::open_deferred(&opts).expect("default corpus");
    let ui = UiOptions {
        bidi: BidiMode::App,
        theme: Some(Theme { color: false }),
        ..UiOptions::default()
    };
    let mut app = akhbar::ui::update::start(lib, Rect::new(0, 0, 120, 32), ui);
    // Facets, then the last row: the oldest month.
    keys(&mut app, [Action::FocusPrev, Action::Bottom]);
    let before = screen(&app);
    assert!(before.contains("finding entities…"), "{before}");
    assert!(!before.contains("PER people"), "{before}");
    assert!(before.contains("Articles 5/5"), "{before}");
    insta::assert_snapshot!("entities_pending", before);
    let cursor_row = app.facet_rows[app.facet_selected];
    // What needs entities says why it cannot be done yet.
    keys(&mut app, [Action::OpenTimeline]);
    assert!(app.status.contains("still being found"), "{}", app.status);
    assert!(app.view.is_none());

    assert_eq!(app.lib.entities_progress(), (0, 5), "nothing extracted yet");
    pending.fill(&app.lib);
    assert_eq!(app.lib.entities_progress(), (5, 5), "every article counted");
    update(&mut app, Action::EntitiesReady);
    let after = screen(&app);
    assert!(!after.contains("finding entities"), "{after}");
    assert!(after.contains("entities found in"), "{after}");
    assert_eq!(app.facet_rows[app.facet_selected], cursor_row);
    let named: Vec<&str> = app
        .facet_rows
        .iter()
        .filter_map(|r| match r {
            FacetRow::Entity { id, .. } => app.entity(*id).map(|e| e.name.as_str()),
            _ => None,
        })
        .collect();
    assert!(named.contains(&"سيرغي لافروف"), "{named:?}");
    keys(&mut app, [Action::Top]);
    assert!(screen(&app).contains("PER people"));
    // The body now highlights mentions: `e` jumps to one.
    keys(&mut app, [Action::FocusNext, Action::NextMention]);
    assert!(app.mention_cursor.is_some());
}

/// Whatever the terminal's default colours (a white xterm, a dark one), every cell of the
/// selected list row is readable: reverse video over the default colours, or an explicit
/// foreground and background that differ. A grey background under the default text colour
/// (black on dark grey in a white terminal) fails.
#[test]
fn the_selected_row_is_readable_on_light_and_dark_terminals() {
    use ratatui::style::{Color, Modifier};
    let mut app = app_with_theme(120, 30, Theme { color: true });
    keys(&mut app, [Action::StartInput(InputKind::Title)]);
    for c in "لافروف".chars() {
        keys(&mut app, [Action::Input(c)]);
    }
    keys(&mut app, [Action::Enter]);
    let mut t = Terminal::new(TestBackend::new(120, 30)).unwrap();
    t.draw(|f| render(&app, f)).unwrap();
    let buf = t.backend().buffer();
    let row = (0..30)
        .find(|&y| (0..120).any(|x| buf[(x, y)].modifier.contains(Modifier::REVERSED)))
        .expect("a selected row");
    let mut checked = 0;
    for x in 0..120 {
        let cell = &buf[(x, row)];
        if !cell.modifier.contains(Modifier::REVERSED) && cell.bg == Color::Reset {
            continue; // outside the bar (the pane border)
        }
        let reversed_defaults = cell.modifier.contains(Modifier::REVERSED)
            && cell.fg == Color::Reset
            && cell.bg == Color::Reset;
        let explicit_pair =
            cell.fg != Color::Reset && cell.bg != Color::Reset && cell.fg != cell.bg;
        assert!(
            reversed_defaults || explicit_pair,
            "cell {x} of row {row} ({:?}) is {:?} on {:?}, {:?}",
            cell.symbol(),
            cell.fg,
            cell.bg,
            cell.modifier
        );
        checked += 1;
    }
    assert!(checked > 40, "the bar covers the row ({checked} cells)");
}

/// Space twice on a facet is no filter at all, whatever the facet: the cursor stays on the
/// entity toggled while the counts reorder the rows (on ANT, Space on ترامب then Space again
/// used to select هيلاري كلينتون).
#[test]
fn toggling_a_facet_twice_leaves_no_filter_and_the_cursor_on_it() {
    let mut app = app(120, 40);
    keys(&mut app, [Action::FocusPrev]);
    let entities: Vec<usize> = (0..app.facet_rows.len())
        .filter(|&i| matches!(app.facet_rows[i], FacetRow::Entity { .. }))
        .collect();
    assert!(entities.len() > 5);
    for i in entities {
        app.facet_selected = i;
        let FacetRow::Entity { id, .. } = app.facet_rows[i] else {
            unreachable!()
        };
        keys(&mut app, [Action::Toggle]);
        assert_eq!(app.filter.entities, vec![id]);
        assert!(
            matches!(app.facet_rows[app.facet_selected], FacetRow::Entity { id: e, .. } if e == id),
            "the cursor left entity {id} after selecting it"
        );
        keys(&mut app, [Action::Toggle]);
        assert!(app.filter.entities.is_empty(), "{:?}", app.filter.entities);
    }
}

/// At 80x24 the help overlay scrolls to its last key, other keys do not close it, Esc does,
/// and a wrapped description goes on under itself, not at column 0.
#[test]
fn the_help_overlay_scrolls_and_only_esc_or_q_closes_it() {
    use akhbar::ui::action::from_event;
    use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
    let mut app = app(80, 24);
    keys(&mut app, [Action::ToggleHelp]);
    let first = screen(&app);
    assert!(!first.contains("ctrl-z"), "{first}");
    let press = |app: &mut App, code: KeyCode| {
        let ev = Event::Key(KeyEvent::new(code, KeyModifiers::NONE));
        if let Some(a) = from_event(&ev, app.mode, &app.keys) {
            update(app, a);
        }
    };
    press(&mut app, KeyCode::Char('x'));
    assert_eq!(app.mode, akhbar::ui::app::Mode::Help, "x closed the help");
    for _ in 0..30 {
        press(&mut app, KeyCode::Char('j'));
    }
    let scrolled = screen(&app);
    assert!(
        scrolled.contains("ctrl-z") || scrolled.contains("Bidi mode"),
        "{scrolled}"
    );
    press(&mut app, KeyCode::Char('g'));
    assert_eq!(screen(&app), first, "g goes back to the top");
    press(&mut app, KeyCode::PageDown);
    assert_ne!(screen(&app), first, "PgDn scrolls");
    press(&mut app, KeyCode::Char('G'));
    let paged = screen(&app);
    assert!(
        paged.contains("suspend (fg resumes)") || paged.contains("Esc or q closes"),
        "{paged}"
    );
    let wrapped = paged.lines().chain(first.lines()).any(|l| {
        l.starts_with(&format!("│{}", " ".repeat(27))) && l.trim_matches(['│', ' ']).len() > 3
    });
    assert!(wrapped, "no indented continuation line:\n{first}\n{paged}");
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.mode, akhbar::ui::app::Mode::Normal);
}

/// `c` also clears the facet pane's name filter; Esc in the body goes back to the list once
/// no mention is selected; `e` says which mention of how many it is on.
#[test]
fn clear_esc_and_mention_position() {
    let mut app = app(120, 40);
    keys(&mut app, [Action::StartInput(InputKind::Facet)]);
    keys(&mut app, typed("لاف"));
    keys(&mut app, [Action::Enter, Action::ClearFilters]);
    assert!(
        app.facet_query.is_empty(),
        "c left the facet filter {:?}",
        app.facet_query
    );
    while app.focus != akhbar::ui::app::Pane::Body {
        update(&mut app, Action::FocusNext);
    }
    keys(&mut app, [Action::NextMention]);
    assert!(app.status.starts_with("mention 1/"), "{}", app.status);
    keys(&mut app, [Action::Escape]);
    assert_eq!(
        app.focus,
        akhbar::ui::app::Pane::Body,
        "the first Esc drops the mention"
    );
    keys(&mut app, [Action::Escape]);
    assert_eq!(app.focus, akhbar::ui::app::Pane::List);
}

/// A month selected in the explorer leaves the other months listed, and Space on a second
/// one selects the range between them (it used to hide every other month).
#[test]
fn a_month_range_can_be_chosen_in_the_explorer() {
    let mut app = app(120, 40);
    keys(&mut app, [Action::FocusPrev]);
    let months = |app: &App| -> Vec<usize> {
        (0..app.facet_rows.len())
            .filter(|&i| matches!(app.facet_rows[i], FacetRow::Month { .. }))
            .collect()
    };
    let all = months(&app);
    assert!(all.len() >= 2, "the default corpus spans several months");
    app.facet_selected = all[0];
    keys(&mut app, [Action::Toggle]);
    let after = months(&app);
    assert_eq!(after.len(), all.len(), "the other months are still listed");
    let first = app.filter.dates.expect("a month selected");
    app.facet_selected = *after.last().unwrap();
    keys(&mut app, [Action::Toggle]);
    let range = app.filter.dates.expect("a range");
    assert!(
        range.from < first.from || range.to > first.to,
        "{range:?} does not extend {first:?}"
    );
    let n = app.results.articles.len();
    assert!(n > 1, "the range holds the articles of both months ({n})");
}

/// `y` never puts a control character of the article on the clipboard (an ESC [201~ pasted
/// into a terminal would end bracketed paste).
#[test]
fn copying_drops_the_controls_of_the_article() {
    let (_dir, mut app) = app_on_file(
        "a.txt",
        "عنوان\n\nنص \u{1b}[201~ فيه \u{9b}2J تحكم \u{202e}مقلوب",
        100,
        30,
    );
    keys(&mut app, [Action::Copy]);
    let copied = copied(&app);
    assert_eq!(copied.len(), 1);
    assert!(copied[0].contains("فيه"), "{:?}", copied[0]);
    assert!(
        !copied[0].chars().any(akhbar::report::is_unsafe_char),
        "{:?}",
        copied[0]
    );
}

/// `M` puts the facet cursor on the first month, however many entities come before.
#[test]
fn m_jumps_to_the_months() {
    let mut app = app(120, 20);
    keys(&mut app, [Action::JumpDates]);
    assert_eq!(app.focus, akhbar::ui::app::Pane::Facets);
    assert!(
        matches!(app.facet_rows[app.facet_selected], FacetRow::Month { .. }),
        "{:?}",
        app.facet_rows[app.facet_selected]
    );
    let shown = screen(&app);
    assert!(
        shown.contains("2022-02"),
        "the month is scrolled into view:\n{shown}"
    );
}

/// An article's URL is in the body header and in what `y` copies; a source name of ten
/// letters is not cut in a list of 50 to 70 columns.
#[test]
fn the_url_is_shown_and_copied_and_the_source_fits() {
    let (_dir, mut app) = app_on_file(
        "a.jsonl",
        "{\"id\":\"1\",\"title\":\"عنوان الخبر\",\"body\":\"نص الخبر.\",\"source\":\"Jawhara FM\",\"date\":\"2016-01-02\",\"url\":\"https://example.org/news/1\"}\n",
        86,
        24,
    );
    let shown = screen(&app);
    assert!(shown.contains("https://example.org/news/1"), "{shown}");
    assert!(shown.contains("Jawhara FM"), "{shown}");
    keys(&mut app, [Action::Copy]);
    assert!(copied(&app)
        .iter()
        .any(|t| t.contains("https://example.org/news/1")));
}

/// The explorer on a corpus of one file written to a temporary folder (kept while the app is).
fn app_on_file(name: &str, text: &str, width: u16, height: u16) -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(name), text).unwrap();
    let lib = open(&OpenOptions {
        path: Some(dir.path().to_path_buf()),
        ..OpenOptions::default()
    })
    .unwrap();
    let ui = UiOptions {
        theme: Some(Theme { color: false }),
        ..UiOptions::default()
    };
    let app = akhbar::ui::update::start(lib, Rect::new(0, 0, width, height), ui);
    (dir, app)
}

/// What the app asked to copy to the clipboard.
fn copied(app: &App) -> Vec<String> {
    app.effects
        .iter()
        .filter_map(|e| match e {
            akhbar::ui::app::Effect::Copy(t) => Some(t.clone()),
            _ => None,
        })
        .collect()
}

/// `w` asks for the format in the status line; a letter or number picks one, Esc cancels.
#[test]
fn export_asks_for_the_format() {
    use akhbar::export::Format;
    use akhbar::ui::action::from_event;
    use akhbar::ui::app::Effect;
    use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
    let press = |app: &mut App, code: KeyCode| {
        let ev = Event::Key(KeyEvent::new(code, KeyModifiers::NONE));
        if let Some(a) = from_event(&ev, app.mode, &app.keys) {
            update(app, a);
        }
    };
    let mut app = app(100, 20);
    press(&mut app, KeyCode::Char('w'));
    let shown = screen(&app);
    assert!(
        shown.contains("export 5 articles as: 1 jsonl · 2 csv · 3 txt · 4 opensearch"),
        "{shown}"
    );
    press(&mut app, KeyCode::Esc);
    assert!(app.effects.is_empty() && !screen(&app).contains("export 5"));
    for (key, format) in [
        (KeyCode::Char('2'), Format::Csv),
        (KeyCode::Char('o'), Format::Opensearch),
        (KeyCode::Enter, Format::Jsonl),
    ] {
        app.effects.clear();
        press(&mut app, KeyCode::Char('w'));
        press(&mut app, key);
        assert!(
            matches!(app.effects.as_slice(), [Effect::Export(ids, f)] if ids.len() == 5 && *f == format),
            "{key:?}"
        );
    }
}

/// Item 6 of the explorer defects: scroll offsets follow the list they scroll. With three
/// marks, the ★ facet shows the three; after a facet name filter the pane starts at its top;
/// `G` in the body shows the last full page, not the last line alone.
#[test]
fn scroll_offsets_never_leave_blank_rows() {
    use akhbar::ui::app::Pane;
    use akhbar::ui::layout::{areas, inner};
    let mut app = app(120, 9);
    let list_rows = inner(areas(app.size, app.focus, app.bidi).list.unwrap()).height as usize;
    assert!(
        list_rows < 5,
        "the list must scroll for this test: {list_rows} rows"
    );
    // Mark the last three articles, with the cursor on the last one.
    keys(
        &mut app,
        [
            Action::Bottom,
            Action::Mark,
            Action::Up,
            Action::Mark,
            Action::Up,
            Action::Mark,
            Action::Bottom,
        ],
    );
    assert!(app.list_offset > 0);
    app.focus = Pane::Facets;
    let marked = app
        .facet_rows
        .iter()
        .position(|r| matches!(r, FacetRow::Marked { count: 3 }))
        .unwrap();
    app.facet_selected = marked;
    keys(&mut app, [Action::Toggle]);
    assert_eq!(app.results.articles.len(), 3);
    assert_eq!(
        app.list_offset,
        3usize.saturating_sub(list_rows),
        "the list shows as many of the three as fit"
    );

    // The facet pane scrolled far down, then a name filter: its few rows show from the top.
    let mut app = self::app(120, 12);
    app.focus = Pane::Facets;
    keys(&mut app, [Action::Bottom]);
    assert!(app.facet_offset > 0);
    keys(&mut app, [Action::StartInput(InputKind::Facet)]);
    keys(&mut app, typed("بلينكن"));
    let facet_rows = inner(areas(app.size, app.focus, app.bidi).facets.unwrap()).height as usize;
    assert!(app.facet_rows.len() <= facet_rows, "{:?}", app.facet_rows);
    assert_eq!(app.facet_offset, 0, "{:?}", app.facet_rows);

    // G in the body: the pane is full down to the last line.
    let mut app = self::app(120, 20);
    app.focus = Pane::Body;
    keys(&mut app, [Action::Bottom]);
    let body_rows = inner(areas(app.size, app.focus, app.bidi).body.unwrap()).height as usize;
    let total = akhbar::ui::body::line_count(&app);
    assert!(
        total > body_rows,
        "the article must be longer than the pane"
    );
    let shown = screen(&app);
    let title = format!("{}/{}", total - body_rows + 1, total);
    assert!(
        shown.contains(&title),
        "expected {title} in the body title:\n{shown}"
    );
}

/// Item 8: the hit stays in the middle column when the text after it is only punctuation.
#[test]
fn kwic_keeps_the_hit_in_the_middle_when_only_a_full_stop_follows() {
    let (_dir, mut app) = app_on_file(
        "a.jsonl",
        concat!(
            "{\"id\":\"1\",\"title\":\"خبر أول\",\"body\":\"استقبل رئيس الحكومة يوسف الشاهد وفدا من رجال الأعمال في قصر الحكومة بالقصبة.\"}\n",
            "{\"id\":\"2\",\"title\":\"خبر ثان\",\"body\":\"وأعلن الناطق الرسمي أن الاجتماع سيرأسه يوسف الشاهد.\"}\n",
        ),
        100,
        16,
    );
    keys(&mut app, [Action::StartInput(InputKind::Text)]);
    keys(&mut app, typed("الشاهد"));
    keys(&mut app, [Action::Enter, Action::OpenKwic]);
    let shown = screen(&app);
    let hit = akhbar::ui::rtl::line_text(&akhbar::ui::rtl::layout_line(
        "الشاهد",
        20,
        BidiMode::App,
        ratatui::style::Style::new(),
        &[],
    ));
    let hit = hit.trim();
    let columns: Vec<usize> = shown
        .lines()
        .filter(|l| !l.contains("In context") && !l.contains("text:"))
        .filter_map(|l| l.find(hit).map(|b| l[..b].chars().count()))
        .collect();
    assert_eq!(columns.len(), 2, "two rows with the hit:\n{shown}");
    assert_eq!(columns[0], columns[1], "the hit moved:\n{shown}");
    assert!(columns[0] > 30, "the hit is at the far left:\n{shown}");
}

/// A section header folds with Space (or h) and unfolds with Space (or l); the cursor stays
/// on it, and the next section comes right below.
#[test]
fn a_facet_section_folds_to_its_header() {
    use akhbar::entities::EntityKind;
    use akhbar::ui::app::{Pane, Section};
    let mut app = app(120, 30);
    app.focus = Pane::Facets;
    let per = FacetRow::Header(Section::Kind(EntityKind::Per));
    app.facet_selected = app.facet_rows.iter().position(|r| *r == per).unwrap();
    let rows = app.facet_rows.len();
    keys(&mut app, [Action::Toggle]);
    assert_eq!(app.facet_rows[app.facet_selected], per);
    assert_eq!(
        app.facet_rows.get(app.facet_selected + 1),
        Some(&FacetRow::Header(Section::Kind(EntityKind::Loc))),
        "{:?}",
        app.facet_rows
    );
    assert!(screen(&app).contains("PER people ► folded"));
    keys(&mut app, [Action::Expand]);
    assert_eq!(app.facet_rows.len(), rows, "l unfolds");
    keys(&mut app, [Action::Collapse]);
    assert!(app.facet_rows.len() < rows, "h folds");
    keys(&mut app, [Action::Toggle]);
    assert_eq!(app.facet_rows.len(), rows, "Space unfolds");
    // M reaches the months even when their section is folded.
    app.facet_selected = app
        .facet_rows
        .iter()
        .position(|r| *r == FacetRow::Header(Section::Dates))
        .unwrap();
    keys(&mut app, [Action::Toggle, Action::JumpDates]);
    assert!(matches!(
        app.facet_rows[app.facet_selected],
        FacetRow::Month { .. }
    ));
}

/// Item 9: with `--bidi terminal` no screen row holds two panes, so a terminal that reorders
/// each row as one bidi paragraph (mlterm, Konsole) cannot move text from one pane into
/// another. The row is reordered here as such a terminal does (UAX #9 per line, direction from
/// the first strong letter): each pane row keeps a border at both ends and its text inside.
#[test]
fn terminal_bidi_never_puts_two_panes_on_one_row() {
    use akhbar::ui::app::Pane;
    for focus in [Pane::List, Pane::Facets, Pane::Body] {
        let mut app = app(120, 30);
        app.bidi = BidiMode::Terminal;
        app.focus = focus;
        keys(&mut app, [Action::Resize(120, 30)]);
        let shown = screen(&app);
        for row in shown.lines().skip(1).take(28) {
            let borders = row.chars().filter(|&c| c == '│').count();
            assert!(
                borders == 0 || borders == 2,
                "{focus:?}: two panes on a row:\n{shown}"
            );
            let info = unicode_bidi::BidiInfo::new(row, None);
            let Some(para) = info.paragraphs.first() else {
                continue;
            };
            let visual = info.reorder_line(para, para.range.clone());
            if borders == 2 {
                let (first, last) = (visual.chars().next(), visual.trim_end().chars().last());
                assert_eq!((first, last), (Some('│'), Some('│')), "{focus:?}: {visual}");
            }
        }
    }
}

/// `K` over the filtered set reads every body: in the explorer a worker does it and the keys
/// stay live; Esc cancels, and an answer to a cancelled or older request is dropped.
#[test]
fn kwic_runs_on_a_worker_and_esc_cancels_it() {
    use akhbar::analysis::{kwic, KwicOptions};
    use akhbar::ui::app::{Effect, Mode};
    let mut app = app(120, 30);
    app.background_search = true;
    keys(&mut app, [Action::StartInput(InputKind::Text)]);
    keys(&mut app, typed("لافروف"));
    keys(&mut app, [Action::Enter]);
    app.effects.clear();
    keys(&mut app, [Action::OpenKwic]);
    let [Effect::Kwic(job)] = app.effects.as_slice() else {
        panic!("no KWIC job: {:?}", app.effects.len());
    };
    let job = (**job).clone();
    assert_eq!(app.mode, Mode::Normal, "the view waits for the worker");
    assert!(screen(&app).contains("in context… (Esc cancels)"));
    let rows = kwic(
        app.lib.articles(),
        &job.set,
        &job.query,
        &KwicOptions::default(),
    );
    assert!(!rows.is_empty());
    let answer = std::sync::Arc::new((job.title.clone(), rows));
    // Cancelled: the answer is dropped.
    keys(&mut app, [Action::Escape]);
    keys(&mut app, [Action::KwicDone(job.generation, answer.clone())]);
    assert_eq!(app.mode, Mode::Normal);
    // Asked again: an answer to the old request is dropped, the new one opens the view.
    app.effects.clear();
    keys(&mut app, [Action::OpenKwic]);
    keys(&mut app, [Action::KwicDone(job.generation, answer.clone())]);
    assert_eq!(app.mode, Mode::Normal);
    keys(&mut app, [Action::KwicDone(job.generation + 1, answer)]);
    assert_eq!(app.mode, Mode::View);
    assert!(screen(&app).contains("In context"));
}

/// A body of one 1 MB paragraph: the first frame lays out only its first screens (the count
/// says more is coming) and asks for the full layout, which a worker makes; once it is in,
/// the count is whole and `G` reaches the end.
#[test]
fn a_megabyte_paragraph_is_drawn_in_part_then_whole() {
    use akhbar::ui::app::Pane;
    use akhbar::ui::body;
    let para = "أكد وزير الخارجية الروسي سيرغي لافروف أن موسكو لن تقبل ".repeat(11_000);
    assert!(para.len() > 1 << 20, "{}", para.len());
    let line = format!("{{\"id\":\"big\",\"title\":\"مقال طويل\",\"body\":\"{para}\"}}\n");
    let (_dir, mut app) = app_on_file("big.jsonl", &line, 120, 30);
    app.focus = Pane::Body;
    let shown = screen(&app);
    assert!(shown.contains("+ (laying out…)"), "{shown}");
    let key = body::wanted(&app).expect("the full layout is asked for");
    assert!(body::wanted(&app).is_none(), "asked once");
    let partial = body::line_count(&app);
    // What the worker does.
    let full = std::sync::Arc::new(body::full_layout(&app.lib, &key, &app.theme));
    keys(
        &mut app,
        [Action::BodyLaidOut(std::sync::Arc::new((key, full)))],
    );
    let total = body::line_count(&app);
    assert!(total > 10 * partial, "{partial} then {total} lines");
    keys(&mut app, [Action::Bottom]);
    let shown = screen(&app);
    assert!(!shown.contains("laying out"), "{shown}");
    assert!(shown.contains(&format!("/{total} ")), "{shown}");
}

//! `update`: the only place the explorer's state changes. No I/O, no drawing.

use crate::keys::Command;
use fuzzy_matcher::skim::SkimMatcherV2;
use fuzzy_matcher::FuzzyMatcher;
use ratatui::layout::Rect;
use roaring::RoaringBitmap;

use super::action::Action;
use super::app::{App, Effect, FacetRow, InputKind, KwicJob, Mode, Pane, Section};
use super::rtl::BidiMode;
use super::search::{SearchDone, SearchJob};
use super::views::View;
use super::{body, chips, layout};
use crate::analysis::cooccur::{cooccurrences, CooccurOptions};
use crate::analysis::dups::DupReport;
use crate::analysis::kwic::{kwic, sort_rows, KwicOptions, KwicQuery, KwicRow, KwicSort};
use crate::analysis::timeline::timeline;
use crate::arabic::normalize::normalize;
use crate::entities::EntityKind;
use crate::index::{month_key, month_range, DateRange, Filter, Results};
use crate::persist::{stable_id, History};

mod analyst;
mod facets;
mod filter;
mod input;
mod navigation;
mod reading;

use analyst::*;
pub use facets::rebuild_facets;
use facets::*;
pub use filter::refilter;
use filter::*;
use input::*;
pub use navigation::keep_in_view;
use navigation::*;
use reading::*;

pub fn update(app: &mut App, action: Action) {
    // A message stays until the user's next action; background answers do not clear it.
    if !matches!(
        action,
        Action::SearchDone(..)
            | Action::DupsReady(..)
            | Action::EntitiesReady
            | Action::KwicDone(..)
            | Action::BodyLaidOut(..)
    ) {
        app.status.clear();
    }
    if app.mode == Mode::Help && scroll_help(app, &action) {
        return;
    }
    match action {
        Action::Quit => app.quit = true,
        Action::Notify(msg) => app.status = msg,
        Action::Resize(w, h) => {
            app.size = Rect::new(0, 0, w, h);
            keep_in_view(app);
        }
        Action::ToggleHelp => {
            app.help_scroll = 0;
            app.mode = if app.mode == Mode::Help {
                Mode::Normal
            } else {
                Mode::Help
            };
        }
        Action::Escape => escape(app),
        Action::FocusNext => app.focus = app.focus.next(),
        Action::FocusPrev => app.focus = app.focus.prev(),
        Action::StartInput(kind) => start_input(app, kind),
        Action::Input(c) => edit_input(app, |s| s.push(c)),
        Action::Backspace => edit_input(app, |s| {
            s.pop();
        }),
        Action::ClearInput => edit_input(app, String::clear),
        Action::Enter => enter(app),
        Action::Toggle => toggle_facet(app),
        Action::Expand => expand(app, true),
        Action::Collapse => expand(app, false),
        Action::Up => move_by(app, -1),
        Action::Down => move_by(app, 1),
        Action::PageUp => move_by(app, -page(app)),
        Action::PageDown => move_by(app, page(app)),
        Action::Top => move_by(app, isize::MIN / 2),
        Action::Bottom => move_by(app, isize::MAX / 2),
        Action::RemoveLastChip => {
            if let Some(last) = chips::of(&app.filter).pop() {
                chips::remove(&mut app.filter, &last);
                refilter(app);
            }
        }
        Action::ClearFilters => {
            // The order is not a filter: it stays.
            app.filter = Filter {
                sort: app.filter.sort,
                ..Filter::default()
            };
            app.input.clear();
            // The facet pane's name filter goes too: "clear every filter".
            app.facet_query.clear();
            refilter(app);
        }
        Action::NextMention => step_mention(app, 1),
        Action::PrevMention => step_mention(app, -1),
        Action::NextHit => step_hit(app, 1),
        Action::PrevHit => step_hit(app, -1),
        Action::CycleBidi => {
            app.bidi = match app.bidi {
                BidiMode::App => BidiMode::Terminal,
                BidiMode::Terminal => BidiMode::Off,
                BidiMode::Off => BidiMode::App,
            };
            app.status = format!("bidi: {:?}", app.bidi).to_lowercase();
        }
        Action::Click(x, y) => click(app, x, y),
        Action::ScrollUp(x, y) => wheel(app, x, y, -3),
        Action::ScrollDown(x, y) => wheel(app, x, y, 3),
        Action::OpenTimeline => open_view(app, ViewKind::Timeline),
        Action::OpenCooccur => open_view(app, ViewKind::Cooccur),
        Action::OpenKwic => open_view(app, ViewKind::Kwic),
        Action::OpenCluster => open_cluster(app),
        Action::ToggleCollapse => toggle_collapse(app),
        Action::CycleSort => cycle_sort(app),
        Action::JumpDates => jump_to_dates(app),
        Action::SortLeft => sort_kwic(app, KwicSort::Left),
        Action::SortRight => sort_kwic(app, KwicSort::Right),
        Action::DupsReady(report) => dups_ready(app, report),
        Action::EntitiesReady => entities_ready(app),
        Action::SearchDone(answer) => search_done(app, answer),
        Action::KwicDone(generation, found) => kwic_done(app, generation, &found),
        Action::BodyLaidOut(done) => body::laid_out(app, &done.0, std::sync::Arc::clone(&done.1)),
        Action::Mark => toggle_mark(app),
        Action::Copy => copy_article(app),
        Action::CopyParagraph => copy_paragraph(app),
        Action::Export => app.mode = Mode::ChooseExport,
        Action::ExportAs(format) => {
            app.mode = Mode::Normal;
            app.effects
                .push(Effect::Export(app.results.articles.clone(), format));
        }
        Action::HistoryPrev => browse_history(app, -1),
        Action::HistoryNext => browse_history(app, 1),
        // Suspending is terminal work, done by the event loop.
        Action::Suspend => {}
    }
}

fn escape(app: &mut App) {
    if app.pending_kwic.take().is_some() {
        app.status = "keyword in context cancelled".into();
        return;
    }
    match app.mode {
        Mode::Input(kind) => {
            app.mode = Mode::Normal;
            app.input.clear();
            match kind {
                InputKind::Title => app.filter.query.clear(),
                InputKind::Text => {}
                InputKind::Facet => app.facet_query.clear(),
            }
            refilter(app);
        }
        Mode::Help | Mode::ChooseExport => app.mode = Mode::Normal,
        Mode::View => {
            app.view = None;
            app.mode = Mode::Normal;
        }
        // Esc in the body first drops the mention or hit cursor, then goes back to the list.
        Mode::Normal if app.mention_cursor.is_some() || app.hit_cursor.is_some() => {
            app.mention_cursor = None;
            app.hit_cursor = None;
        }
        Mode::Normal => {
            if app.focus == Pane::Body {
                app.focus = Pane::List;
            }
        }
    }
}

/// Recomputes the results after a filter change, keeping the selected article when it is
/// still in the list.
/// The explorer at start: the app with the list of the empty filter.
pub fn start(
    lib: crate::library::Library,
    size: ratatui::layout::Rect,
    opts: super::app::UiOptions,
) -> App {
    let mut app = App::new(lib, size, opts);
    init(&mut app);
    app
}

/// The first filter of a new app, and its facets.
pub fn init(app: &mut App) {
    refilter(app);
}

/// The movement keys scroll the help overlay while it is open; true when `action` was one.
fn scroll_help(app: &mut App, action: &Action) -> bool {
    let page = app.size.height.saturating_sub(4).max(1) as usize;
    let s = &mut app.help_scroll;
    match action {
        Action::Down => *s += 1,
        Action::Up => *s = s.saturating_sub(1),
        Action::PageDown => *s += page,
        Action::PageUp => *s = s.saturating_sub(page),
        Action::Top => *s = 0,
        Action::Bottom => *s = usize::MAX,
        _ => return false,
    }
    true
}

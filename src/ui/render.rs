//! `render`: draws the state. Reads `App`, never changes it.

use std::sync::atomic::Ordering::Relaxed;

use crate::keys::Command;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use super::app::{App, InputKind, Mode};
use super::{body, chips, facets, help, layout, list, rtl, views};

pub fn render(app: &App, f: &mut Frame) {
    let size = f.area();
    if layout::too_small(size) {
        let msg = format!(
            "too small\n{}x{}, need {}x{}",
            size.width,
            size.height,
            layout::MIN_WIDTH,
            layout::MIN_HEIGHT
        );
        f.render_widget(
            Paragraph::new(msg).wrap(ratatui::widgets::Wrap { trim: true }),
            size,
        );
        return;
    }
    let a = layout::areas(size, app.focus, app.bidi);
    render_chips(app, f, a.chips);
    if let Some(r) = a.facets {
        facets::render(app, f, r);
    }
    if let Some(r) = a.list {
        list::render(app, f, r);
    }
    if let Some(r) = a.body {
        body::render(app, f, r);
    }
    render_bottom(app, f, a.bottom);
    views::render(app, f, size);
    if app.mode == Mode::Help {
        help::render(app, f, size);
    }
}

fn render_chips(app: &App, f: &mut Frame, r: Rect) {
    let laid = chips::laid_out(app);
    if laid.is_empty() {
        let key = |c| app.keys.key_of(c);
        let text = format!(
            "no filter · {} search · {} facets · {} help",
            key(Command::Search),
            key(Command::FacetFilter),
            key(Command::Help)
        );
        let hint = Span::styled(text, app.theme.dim());
        f.render_widget(Paragraph::new(Line::from(hint)), r);
        return;
    }
    let mut spans = Vec::new();
    for (_, line, ..) in laid {
        spans.extend(line.spans);
        spans.push(Span::raw(" "));
    }
    f.render_widget(Paragraph::new(Line::from(spans)), r);
}

fn render_bottom(app: &App, f: &mut Frame, r: Rect) {
    if let Mode::Input(kind) = app.mode {
        let prompt = match kind {
            InputKind::Title => "/ ",
            InputKind::Text => "search bodies (Enter): ",
            InputKind::Facet => "facet: ",
        };
        let pw = prompt.chars().count() as u16;
        let (line, cursor) = rtl::input_line(
            &app.input,
            r.width.saturating_sub(pw + 1),
            app.bidi,
            Default::default(),
        );
        let mut spans = vec![Span::styled(prompt, app.theme.title())];
        spans.extend(line.spans);
        f.render_widget(Paragraph::new(Line::from(spans)), r);
        f.set_cursor_position((r.x + pw + cursor, r.y));
        return;
    }
    if app.mode == Mode::ChooseExport {
        let choices: Vec<String> = crate::export::Format::ALL
            .iter()
            .enumerate()
            .map(|(i, f)| format!("{} {}", i + 1, f.name()))
            .collect();
        let text = format!(
            "export {} articles as: {} · Esc cancels",
            app.results.articles.len(),
            choices.join(" · ")
        );
        let line = Span::styled(text, app.theme.title());
        f.render_widget(Paragraph::new(Line::from(line)), r);
        return;
    }
    let status = if app.status.is_empty() {
        let entities = if app.lib.has_entities() {
            let (done, total) = (app.dups_done.load(Relaxed), app.lib.index.len());
            match (&app.dups, progress(done, total)) {
                (None, Some(p)) => format!(
                    "{} entities · near-duplicates {p}",
                    app.lib.entities().entities.len()
                ),
                _ => format!("{} entities", app.lib.entities().entities.len()),
            }
        } else {
            match entities_progress(app) {
                Some(p) => format!("finding entities {p}"),
                None => "finding entities".to_string(),
            }
        };
        let key = |c| app.keys.key_of(c);
        format!(
            "{}/{} articles · {entities} · bidi {} · {} help · {} quit",
            app.results.articles.len(),
            app.total(),
            format!("{:?}", app.bidi).to_lowercase(),
            key(Command::Help),
            key(Command::Quit),
        )
    } else {
        app.status.clone()
    };
    f.render_widget(Paragraph::new(Span::styled(status, app.theme.dim())), r);
}

/// How far entity extraction is, as [`progress`] says it.
pub(crate) fn entities_progress(app: &App) -> Option<String> {
    let (done, total) = app.lib.entities_progress();
    progress(done, total)
}

/// `45%` of work under way: none while nothing is done yet or once all of it is.
pub(crate) fn progress(done: usize, total: usize) -> Option<String> {
    (done > 0 && done < total).then(|| format!("{}%", done * 100 / total))
}

#[cfg(test)]
mod tests {
    #[test]
    fn progress_shows_only_while_work_is_under_way() {
        assert_eq!(super::progress(0, 1000), None);
        assert_eq!(super::progress(450, 1000).as_deref(), Some("45%"));
        assert_eq!(super::progress(999, 1000).as_deref(), Some("99%"));
        assert_eq!(super::progress(1000, 1000), None);
        assert_eq!(super::progress(0, 0), None);
    }
}

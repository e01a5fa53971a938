//! The article being read: stepping through mentions and hits, marks, copying.

use super::*;

pub(super) fn step_mention(app: &mut App, delta: isize) {
    let lines = body::mention_lines(app);
    if lines.is_empty() {
        app.status = if app.lib.has_entities() {
            "no entity mentions in this article"
        } else {
            ENTITIES_PENDING
        }
        .into();
        return;
    }
    let next = cycle(app.mention_cursor, delta, lines.len());
    app.mention_cursor = Some(next);
    app.body_scroll = with_context(lines[next]);
    app.status = format!("mention {}/{}", next + 1, lines.len());
}

/// Lines of text kept above a mention or hit scrolled to, so that it is read in context.
const CONTEXT_LINES: usize = 2;

fn with_context(line: usize) -> usize {
    line.saturating_sub(CONTEXT_LINES)
}

pub(super) fn step_hit(app: &mut App, delta: isize) {
    if app.filter.text.is_empty() {
        let s = app.keys.key_of(Command::TextSearch);
        app.status = format!("no full-text search (ctrl-f or {s})");
        return;
    }
    let lines = body::hit_lines(app);
    if lines.is_empty() {
        app.status = "no hit in this article".into();
        return;
    }
    let next = cycle(app.hit_cursor, delta, lines.len());
    app.hit_cursor = Some(next);
    app.body_scroll = with_context(lines[next]);
    app.status = format!("hit {}/{}", next + 1, lines.len());
}

pub(super) fn cycle(cur: Option<usize>, delta: isize, len: usize) -> usize {
    match cur {
        None if delta < 0 => len - 1,
        None => 0,
        Some(c) => (c as isize + delta).rem_euclid(len as isize) as usize,
    }
}

pub(super) fn toggle_mark(app: &mut App) {
    let Some((i, a)) = app.current() else { return };
    let id = stable_id(a);
    let on = !app.marks.marks.remove(&id);
    if on {
        app.marks.marks.insert(id.clone());
        app.marked.insert(i);
        app.status = "marked ★".into();
    } else {
        app.marked.remove(i);
        app.status = "unmarked".into();
    }
    app.effects.push(Effect::Mark(id, on));
    if app.filter.marked.is_some() {
        app.filter.marked = Some(app.marked.clone());
        refilter(app);
    } else {
        rebuild_facets(app);
    }
}

pub(super) fn copy(app: &mut App, text: String, what: &str) {
    if !app.osc52 {
        app.status =
            "copying is off (--no-osc52, AKHBAR_OSC52 or osc52 in the config turned it off)".into();
        return;
    }
    // Controls from the article never reach the clipboard: pasted into a terminal that does
    // not filter pastes, an ESC [201~ would end bracketed paste.
    let text = crate::report::safe_text(&text);
    app.status = format!(
        "copied {what} ({} characters) to your clipboard",
        text.chars().count()
    );
    app.effects.push(Effect::Copy(text));
}

pub(super) fn copy_article(app: &mut App) {
    let Some((_, a)) = app.current() else { return };
    let url = a
        .url
        .as_deref()
        .map(|u| format!("{u}\n"))
        .unwrap_or_default();
    let text = format!(
        "{}\n{}\n{url}\n{}\n",
        a.title,
        body::meta_line(a),
        a.body.replace('\n', "\n\n")
    );
    copy(app, text, "the article");
}

/// The paragraph of the current search hit or entity mention, else the one at the top of the
/// body pane.
pub(super) fn copy_paragraph(app: &mut App) {
    let Some((_, a)) = app.current() else { return };
    let view = body::whole_view(app);
    let line = match (app.hit_cursor, app.mention_cursor) {
        (Some(h), _) => view.hit_lines.get(h).copied(),
        (None, Some(m)) => view.mention_lines.get(m).copied(),
        _ => None,
    }
    .unwrap_or(app.body_scroll);
    let para = view
        .para_lines
        .iter()
        .rposition(|&l| l <= line)
        .unwrap_or(0);
    let text = a.paragraphs().nth(para).unwrap_or("").to_string();
    copy(app, text, "the paragraph");
}

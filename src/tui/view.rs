//! Drawing the desk from `&App`: the status line on top, the tab bar, the focused
//! pane (two side by side on a wide terminal), the hint line at the bottom, and the
//! layers over them, bottom first. The terminal cursor is put at the caret of the focused input
//! so that an input method opens its candidate window there.

use super::app::{App, Pane};
use super::keymap::{Action, Context};
use super::layer::Layer;
use super::panes::{clip_line, DrawCx};
use crate::text::display_width;
use crate::words::desk::{action_label, more_keys_label};
use chrono::Datelike;
use ratatui::layout::{Position, Rect};
use ratatui::text::Span;
use ratatui::widgets::Paragraph;
use ratatui::Frame;

pub use super::shared::{fits, MIN_HEIGHT, MIN_WIDTH};
/// From this width two panes fit side by side.
pub const WIDE: u16 = 120;

pub fn view(app: &App, f: &mut Frame) {
    let area = f.area();
    if !fits(area.width, area.height) {
        too_small(app, f, area);
        return;
    }
    let status = Rect::new(area.x, area.y, area.width, 1);
    let tabs = Rect::new(area.x, area.y + 1, area.width, 1);
    let main = Rect::new(area.x, area.y + 2, area.width, area.height - 3);
    let hints = Rect::new(area.x, area.bottom() - 1, area.width, 1);
    status_line(app, f, status);
    tab_bar(app, f, tabs);
    // The panes, unless a layer fills their place; then every layer from the
    // lowest one that fills it, bottom first. The caret is the top one's.
    let layers: Vec<&dyn Layer> = app.layers.iter().collect();
    let first = layers.iter().rposition(|l| l.covers_panes());
    let focus_taken_from = |i: usize| layers[i..].iter().any(|l| l.takes_focus());
    let mut caret = match first {
        Some(_) => None,
        None => draw_main(app, f, main, !focus_taken_from(0)),
    };
    let shared = app.shared();
    for (i, layer) in layers.iter().enumerate().skip(first.unwrap_or(0)) {
        let cx = app_cx(app, !focus_taken_from(i + 1));
        caret = layer.draw(f, main, &cx, &shared);
    }
    hint_line(app, f, hints);
    if let Some(pos) = caret {
        f.set_cursor_position(pos);
    }
}

fn app_cx(app: &App, focused: bool) -> DrawCx<'_> {
    DrawCx {
        s: app.s(),
        lang: app.lang,
        theme: app.theme,
        now: app.now,
        focused,
        keymap: &app.keymap,
    }
}

/// Never more than a centred sentence: a desk drawn into too few cells would
/// garble Chinese text and hide the status of the queue. The sentence is wrapped
/// here by display width (ratatui's own wrapping writes a wide character past the
/// edge of a two-column terminal); the short form, ASCII only, takes over when the
/// long one does not fit whole. When neither fits, the long one's start shows (a
/// lone "8" of the short form's "80×24" says nothing), or the short one's when
/// not even that fits (a Han character in one column).
fn too_small(app: &App, f: &mut Frame, area: Rect) {
    if area.width == 0 || area.height == 0 {
        return;
    }
    let s = app.s();
    let (width, height) = (area.width as usize, area.height as usize);
    let texts = [
        s.too_small(area.width, area.height),
        s.too_small_short(area.width, area.height),
    ];
    let fitting = |t: &String| -> Vec<String> {
        let lines = wrap_exact(t, width).into_iter();
        lines.take_while(|l| display_width(l) <= width).collect()
    };
    let lines = texts
        .iter()
        .map(|t| wrap_exact(t, width))
        .find(|ls| ls.len() <= height && ls.iter().all(|l| display_width(l) <= width))
        .or_else(|| texts.iter().map(fitting).find(|ls| !ls.is_empty()))
        .unwrap_or_default();
    let shown = lines.len().min(height);
    let top = area.y + ((height - shown) / 2) as u16;
    for (i, line) in lines.into_iter().take(shown).enumerate() {
        let w = display_width(&line).min(width);
        let x = area.x + ((width - w) / 2) as u16;
        let row = Rect::new(x, top + i as u16, (width - (x - area.x) as usize) as u16, 1);
        f.render_widget(Paragraph::new(clip_line(vec![Span::raw(line)], w)), row);
    }
}

/// Lines of at most `width` columns: words kept whole where they fit, and at a
/// width of one, one character a line (a wide one cannot show at all).
fn wrap_exact(text: &str, width: usize) -> Vec<String> {
    if width >= 2 {
        return super::panes::summary::wrap(text, width);
    }
    use unicode_segmentation::UnicodeSegmentation;
    text.graphemes(true)
        .filter(|g| !g.trim().is_empty())
        .map(str::to_string)
        .collect()
}

fn draw_main(app: &App, f: &mut Frame, area: Rect, focused: bool) -> Option<Position> {
    if area.width >= WIDE {
        // The pane in focus is never narrower than on an 80-column terminal: a
        // wider terminal adds the other pane beside it, it takes nothing away.
        let least = 80.min(area.width);
        let left_w = if app.desk.focus == app.desk.right {
            area.width - (area.width * 9 / 20).max(least)
        } else {
            (area.width * 11 / 20).max(least)
        };
        let left = Rect::new(area.x, area.y, left_w, area.height);
        let right = Rect::new(area.x + left_w, area.y, area.width - left_w, area.height);
        let a = draw_pane(
            app,
            f,
            app.desk.left,
            left,
            focused && app.desk.focus == app.desk.left,
        );
        let b = draw_pane(
            app,
            f,
            app.desk.right,
            right,
            focused && app.desk.focus == app.desk.right,
        );
        return a.or(b);
    }
    draw_pane(app, f, app.desk.focus, area, focused)
}

fn draw_pane(app: &App, f: &mut Frame, pane: Pane, area: Rect, focused: bool) -> Option<Position> {
    let cx = app_cx(app, focused);
    match pane {
        Pane::Queue => {
            app.desk.queue.draw(f, area, &cx);
            None
        }
        Pane::Lookup => app.desk.lookup.draw(f, area, &cx),
        Pane::Picker => app.desk.picker.draw(
            f,
            area,
            app.desk.timeline.detail.as_deref(),
            app.desk.timeline.opening.is_some(),
            &cx,
        ),
        Pane::Timeline => {
            app.desk.timeline.draw(f, area, &cx);
            None
        }
    }
    .filter(|_| focused)
}

fn status_line(app: &App, f: &mut Frame, area: Rect) {
    let width = area.width as usize;
    let t = &app.theme;
    // The "on duty" label and the weekday go first: at 80 columns the date and
    // the groups in reception matter more than words the screen already says.
    let levels = [
        desk_summary(app, false, true),
        desk_summary(app, false, false),
        desk_summary(app, true, false),
        on_duty_marks(app),
    ];
    let Some(msg) = &app.status else {
        let fits = levels.iter().find(|l| spans_width(l) <= width);
        let spans = fits.unwrap_or(&levels[2]).clone();
        f.render_widget(Paragraph::new(clip_line(spans, width)), area);
        return;
    };
    // A message gets the room it needs: the full summary, a short one, the officer
    // and the handover marks (which must stay in sight), or the whole line for its
    // few seconds.
    let text = super::panes::safe(&msg.text(app.lang));
    let text_w = display_width(&text) + 1;
    let mut spans = Vec::new();
    for summary in levels {
        let used = spans_width(&summary);
        if used + text_w <= width {
            spans = summary;
            spans.push(Span::raw(" ".repeat(width - used - text_w)));
            break;
        }
    }
    spans.push(Span::styled(format!(" {text}"), t.message(msg.error)));
    f.render_widget(Paragraph::new(clip_line(spans, width)), area);
}

fn spans_width(spans: &[Span<'_>]) -> usize {
    spans.iter().map(|s| display_width(&s.content)).sum()
}

/// The officer on duty, and whether a handover waits for them or their shift was
/// handed over.
fn on_duty_marks(app: &App) -> Vec<Span<'static>> {
    let s = app.s();
    let t = &app.theme;
    let officer = app
        .officer
        .as_deref()
        .map(super::panes::safe)
        .unwrap_or_else(|| "?".into());
    let mut spans = vec![Span::styled(
        format!(" {officer} "),
        t.bar().add_modifier(ratatui::style::Modifier::BOLD),
    )];
    // Until it is taken, a handover for this officer stays in sight on every pane.
    if !app.shift.pending.is_empty() {
        spans.push(Span::styled(
            format!(" {} ", s.ho().pending_marker(app.shift.pending.len())),
            t.message(true),
        ));
    }
    if app.shift.handed_to().is_some() {
        spans.push(Span::styled(
            format!(" {} ", s.ho().handed_over_marker),
            t.warn(),
        ));
    }
    spans
}

/// Officer on duty, date and time, people waiting, cases overdue.
fn desk_summary(app: &App, short: bool, labelled: bool) -> Vec<Span<'static>> {
    let s = app.s();
    let t = &app.theme;
    let now = app.now;
    let mut spans = Vec::new();
    if !short && labelled {
        spans.push(Span::styled(format!(" {} ", s.on_duty), t.bar()));
    }
    spans.extend(on_duty_marks(app));
    if short {
        spans.push(Span::raw(format!(" {} ", now.format("%H:%M"))));
    } else if labelled {
        spans.push(Span::raw(format!(
            " {} {} {} ",
            now.format("%Y-%m-%d"),
            s.weekday(now.weekday()),
            now.format("%H:%M")
        )));
    } else {
        spans.push(Span::raw(format!(" {} ", now.format("%Y-%m-%d %H:%M"))));
    }
    spans.push(Span::styled(
        format!(" {} ", s.waiting(app.counts.waiting_people)),
        t.warn(),
    ));
    if !short {
        spans.push(Span::raw(format!(
            " {} ",
            s.receiving(app.counts.receiving)
        )));
    }
    let overdue_style = if app.counts.overdue_cases > 0 {
        t.bad()
    } else {
        t.dim()
    };
    spans.push(Span::styled(
        format!(" {} ", s.overdue(app.counts.overdue_cases)),
        overdue_style,
    ));
    // A leader receives today: the next (or the last) reception of the day.
    let now_hm = now.format("%H:%M").to_string();
    let next = app
        .receptions
        .iter()
        .find(|r| r.time >= now_hm)
        .or(app.receptions.last());
    if let Some(r) = next {
        spans.push(Span::styled(
            format!(" {} ", crate::words::leaders::status_reception(r, app.lang)),
            t.warn(),
        ));
    }
    spans
}

fn tab_bar(app: &App, f: &mut Frame, area: Rect) {
    let s = app.s();
    let actions = [
        Action::FocusQueue,
        Action::FocusLookup,
        Action::FocusPicker,
        Action::FocusTimeline,
    ];
    // Layers that are screens of their own have a tab, active while they are open.
    let cx = app_cx(app, true);
    let tabs: Vec<String> = app.layers.iter().filter_map(|l| l.tab(&cx)).collect();
    let mut spans = Vec::new();
    for (pane, action) in Pane::ALL.iter().zip(actions) {
        let key = app.keymap.hint(Context::Global, action).unwrap_or_default();
        let active = *pane == app.desk.focus && tabs.is_empty();
        spans.push(Span::styled(
            format!(" {key} {} ", pane.title(s)),
            app.theme.tab(active),
        ));
        spans.push(Span::raw(" "));
    }
    for tab in tabs {
        spans.push(Span::styled(tab, app.theme.tab(true)));
    }
    if let Some(no) = app.desk.timeline.case_no() {
        let used: usize = spans.iter().map(|s| display_width(&s.content)).sum();
        let text = format!("{} {no} ", s.col_case);
        let room = (area.width as usize).saturating_sub(used);
        if display_width(&text) < room {
            spans.push(Span::raw(" ".repeat(room - display_width(&text))));
            spans.push(Span::styled(text, app.theme.dim()));
        }
    }
    f.render_widget(Paragraph::new(clip_line(spans, area.width as usize)), area);
}

/// The actions worth a hint: the top layer's, else the focused pane's, most useful
/// first.
fn hint_actions(app: &App) -> Vec<Action> {
    match app.layers.top() {
        Some(layer) => layer.hints(&app.shared()),
        None => app.desk.hints(),
    }
}

/// The first key that does `action` here; in a text box, the first one that is
/// not typed text.
fn hint_key(app: &App, ctx: Context, action: Action) -> Option<String> {
    let typing = app.layers.is_empty() && app.desk.typing();
    app.keymap
        .keys_for(ctx, action)
        .into_iter()
        .find(|k| !typing || !k.is_text())
        .map(|k| k.display())
}

fn hint_line(app: &App, f: &mut Frame, area: Rect) {
    let ctx = app.context();
    let width = area.width as usize;
    let piece = |a: Action, label: &str| -> Option<Vec<Span<'static>>> {
        let key = hint_key(app, ctx, a)?;
        Some(vec![
            Span::styled(key, app.theme.key()),
            Span::raw(format!(" {label}  ")),
        ])
    };
    let width_of =
        |p: &[Span<'static>]| -> usize { p.iter().map(|s| display_width(&s.content)).sum() };
    let pieces: Vec<_> = hint_actions(app)
        .into_iter()
        .filter_map(|a| piece(a, action_label(app.lang, a.code())))
        .collect();
    // Help and quit always show: they are how an officer finds everything else
    // (in the help itself, its Back closes it). When the line cannot hold every
    // key, help is called "more": it lists them all.
    let tail_actions: Vec<Action> = [Action::Help, Action::Quit]
        .into_iter()
        .filter(|&a| !(ctx == Context::Help && a == Action::Help))
        .collect();
    let tail_of = |more: bool| -> Vec<Span<'static>> {
        tail_actions
            .iter()
            .filter_map(|&a| {
                let label = match a {
                    Action::Help if more => more_keys_label(app.lang),
                    _ => action_label(app.lang, a.code()),
                };
                piece(a, label)
            })
            .flatten()
            .collect()
    };
    let tail = tail_of(false);
    let all_fit = 1 + pieces.iter().map(|p| width_of(p)).sum::<usize>() + width_of(&tail) <= width;
    let tail = if all_fit { tail } else { tail_of(true) };
    let tail_w = width_of(&tail);
    let mut spans = vec![Span::raw(" ")];
    let mut used = 1;
    for p in pieces {
        let w = width_of(&p);
        if used + w + tail_w > width {
            break;
        }
        used += w;
        spans.extend(p);
    }
    spans.extend(tail);
    f.render_widget(
        Paragraph::new(clip_line(spans, width)).style(app.theme.dim()),
        area,
    );
}

//! Drawing helpers every list, pane and dialog shares: the selection window, cells
//! cut and padded by display width, flag badges, whole-width rows, dialogs.

use crate::domain::Flag;
use crate::text::{display_width, pad_to_width, sanitize_for_display, truncate_to_width};
use crate::tui::keys::Move;
use crate::tui::shared::DrawCx;
use crate::words::Label;
use chrono::{DateTime, FixedOffset};
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use std::cell::Cell;
use std::ops::Range;

/// A list's selected row and scroll position.
///
/// The scroll offset and page size are cells because only drawing knows how many
/// rows fit; the view stays a function of `&App` while remembering where it scrolled
/// to, so the list does not jump when the selection moves back up.
#[derive(Debug, Default, Clone)]
pub struct Selection {
    pub selected: usize,
    offset: Cell<usize>,
    page: Cell<usize>,
}

impl Selection {
    pub fn apply(&mut self, mv: Move, len: usize) {
        if len == 0 {
            self.selected = 0;
            return;
        }
        let page = self.page.get().max(1);
        let last = len - 1;
        // A page key turns the page: the view moves with the selection, not just
        // far enough to show it (which scrolled the help by one line).
        match mv {
            Move::PageDown => self.offset.set(self.offset.get() + page),
            Move::PageUp => self.offset.set(self.offset.get().saturating_sub(page)),
            _ => {}
        }
        self.selected = match mv {
            Move::Up => self.selected.saturating_sub(1),
            Move::Down => (self.selected + 1).min(last),
            Move::PageUp => self.selected.saturating_sub(page),
            Move::PageDown => (self.selected + page).min(last),
            Move::Top => 0,
            Move::Bottom => last,
        };
    }

    /// Keeps the selection inside a list that changed length.
    pub fn clamp(&mut self, len: usize) {
        self.selected = self.selected.min(len.saturating_sub(1));
    }

    pub fn reset(&mut self) {
        self.selected = 0;
        self.offset.set(0);
    }

    /// The rows to draw in `height` rows, scrolled so the selection shows.
    pub fn window(&self, len: usize, height: usize) -> Range<usize> {
        self.page.set(height.max(1));
        if height == 0 || len == 0 {
            return 0..0;
        }
        let mut offset = self.offset.get().min(len.saturating_sub(1));
        if self.selected < offset {
            offset = self.selected;
        } else if self.selected >= offset + height {
            offset = self.selected + 1 - height;
        }
        // Fill the pane when the list shrank under the old offset.
        offset = offset.min(len.saturating_sub(height));
        self.offset.set(offset);
        offset..(offset + height).min(len)
    }
}

/// Stored text as it may be drawn: control and escape characters made visible.
pub fn safe(s: &str) -> String {
    sanitize_for_display(s).into_owned()
}

/// A cell of exactly `width` display columns, from stored text.
pub fn cell(s: &str, width: usize) -> String {
    pad_to_width(&sanitize_for_display(s), width)
}

/// Stored text cut to at most `width` columns (not padded).
pub fn fit(s: &str, width: usize) -> String {
    truncate_to_width(&sanitize_for_display(s), width)
}

/// The flags as coloured labels separated by spaces.
pub fn flag_spans(flags: &[Flag], cx: &DrawCx<'_>) -> Vec<Span<'static>> {
    let mut spans = Vec::new();
    for (i, f) in flags.iter().enumerate() {
        if i > 0 {
            spans.push(Span::raw(" "));
        }
        spans.push(Span::styled(f.label(cx.lang), cx.theme.flag(*f)));
    }
    spans
}

/// Cuts a line of spans to `width` columns, so a wide character at the edge is
/// dropped whole rather than split by the terminal. A cut always shows as `…`,
/// also when it falls between two spans: the flags after it (包案 in a queue row)
/// would otherwise be gone without a sign.
pub fn clip_line(spans: Vec<Span<'static>>, width: usize) -> Line<'static> {
    let mut out: Vec<Span<'static>> = Vec::new();
    let mut used = 0;
    let mut spans = spans.into_iter();
    while let Some(span) = spans.next() {
        let w = display_width(&span.content);
        if used + w <= width {
            used += w;
            out.push(span);
            continue;
        }
        let rest = width.saturating_sub(used);
        if rest > 0 {
            out.push(Span::styled(
                truncate_to_width(&span.content, rest),
                span.style,
            ));
        } else if !span.content.trim().is_empty() || spans.any(|s| !s.content.trim().is_empty()) {
            mark_cut(&mut out);
        }
        break;
    }
    Line::from(out)
}

/// Ends the last span that shows with `…`, in the cells it had.
fn mark_cut(out: &mut [Span<'static>]) {
    if let Some(last) = out.iter_mut().rev().find(|s| display_width(&s.content) > 0) {
        let w = display_width(&last.content);
        last.content = truncate_to_width(&format!("{}…", last.content), w).into();
    }
}

/// A line that fills the whole width in one style (a selected row).
pub fn fill_line(spans: Vec<Span<'static>>, width: usize, style: Style) -> Line<'static> {
    let mut line = clip_line(spans, width);
    let used: usize = line.spans.iter().map(|s| display_width(&s.content)).sum();
    if used < width {
        line.spans.push(Span::raw(" ".repeat(width - used)));
    }
    line.patch_style(style)
}

/// `HH:MM` of a stored instant, or its date when it is not from today.
pub fn clock_time(stamp: &str, now: &DateTime<FixedOffset>) -> String {
    match crate::time::parse_instant(stamp) {
        Some(t) if t.date_naive() == now.date_naive() => t.format("%H:%M").to_string(),
        Some(t) => t.format("%m-%d").to_string(),
        None => "--:--".into(),
    }
}

/// The date part of a stored instant (`YYYY-MM-DD`).
pub fn date_of(stamp: &str) -> String {
    crate::time::parse_instant(stamp)
        .map(|t| t.format("%Y-%m-%d").to_string())
        .unwrap_or_else(|| fit(stamp, 10))
}

/// `YYYY-MM-DD HH:MM` of a stored instant.
pub fn date_time(stamp: &str) -> String {
    crate::time::parse_instant(stamp)
        .map(|t| t.format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_else(|| fit(stamp, 16))
}

/// A rectangle of at most `width`×`height` centred in `area`.
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

/// Clears `rect` for a pop-up drawn over the desk. A wide character just left of
/// it would still cover the pop-up's left border (a terminal draws both of its
/// cells, and the screen diff skips the cell it covers), so it becomes a space.
pub fn overlay(f: &mut ratatui::Frame, rect: Rect) {
    f.render_widget(ratatui::widgets::Clear, rect);
    let buf = f.buffer_mut();
    let rect = rect.intersection(buf.area);
    if rect.is_empty() || rect.x <= buf.area.x {
        return;
    }
    for y in rect.top()..rect.bottom() {
        let cell = &mut buf[(rect.x - 1, y)];
        if crate::text::display_width(cell.symbol()) > 1 {
            cell.set_symbol(" ");
        }
    }
}

/// One row of a list: the selected row is highlighted across the whole width,
/// the others are clipped to it.
pub fn list_row(
    spans: Vec<Span<'static>>,
    width: usize,
    selected: bool,
    cx: &DrawCx<'_>,
) -> Line<'static> {
    if selected {
        fill_line(spans, width, cx.theme.selected())
    } else {
        clip_line(spans, width)
    }
}

/// A centred dialog of `height` rows: a dimmed prompt, then an input line with its
/// caret. Returns the area below the input for the dialog's list, and the caret;
/// `None` when the terminal leaves too little room to use it.
pub fn prompt_dialog(
    f: &mut ratatui::Frame,
    area: Rect,
    cx: &DrawCx<'_>,
    (title, prompt): (String, &str),
    input: &crate::tui::input::TextInput,
    focused: bool,
    height: u16,
) -> Option<(Rect, Option<ratatui::layout::Position>)> {
    use ratatui::widgets::Paragraph;
    let rect = centered(area, 60, height);
    overlay(f, rect);
    let block = cx.block(title);
    let inner = block.inner(rect);
    f.render_widget(block, rect);
    if inner.height < 3 || inner.width < 6 {
        return None;
    }
    let width = inner.width as usize;
    f.render_widget(
        Paragraph::new(clip_line(
            vec![Span::styled(prompt.to_string(), cx.theme.dim())],
            width,
        )),
        Rect::new(inner.x, inner.y, inner.width, 1),
    );
    f.render_widget(
        Paragraph::new(Span::styled("›", cx.theme.key())),
        Rect::new(inner.x, inner.y + 1, 1, 1),
    );
    let field = Rect::new(inner.x + 2, inner.y + 1, inner.width - 2, 1);
    let caret = crate::tui::input::render_input(f, field, input, focused, "");
    let rest = Rect::new(inner.x, inner.y + 2, inner.width, inner.height - 2);
    Some((rest, caret))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(line: &Line) -> String {
        line.spans.iter().map(|s| s.content.as_ref()).collect()
    }

    #[test]
    fn a_cut_shows_also_between_two_spans() {
        let flags = || vec![Span::raw("repeat"), Span::raw(" "), Span::raw("baoan")];
        assert_eq!(shown(&clip_line(flags(), 12)), "repeat baoan");
        assert_eq!(shown(&clip_line(flags(), 9)), "repeat b…");
        // The edge falls after the space: "repeat " alone hid the flag after it.
        assert_eq!(shown(&clip_line(flags(), 7)), "repeat…");
        assert_eq!(shown(&clip_line(flags(), 6)), "repea…");
        let wide = vec![Span::raw("包案"), Span::raw("约14:30")];
        assert_eq!(shown(&clip_line(wide, 4)), "包…");
        // Blank padding past the edge is no cut.
        let padded = vec![Span::raw("ab"), Span::raw("   ")];
        assert_eq!(shown(&clip_line(padded, 2)), "ab");
    }
}

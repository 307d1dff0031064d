//! The handover view (交班): the summary of a shift as `words::handover` words it,
//! with the office's previous handover on top and the shift's notes in a box at the
//! bottom. It shows either the officer's own shift, or a handover addressed to them
//! that waits for their acknowledgment.

use super::summary::{body_lines, wrap};
use super::{clip_line, clock_time, date_time, safe, DrawCx, Move};
use crate::store::{Handover, HandoverSummary};
use crate::tui::input::{render_input, TextInput};
use crate::tui::keymap::{Action, Context};
use crate::words::handover::{shift_line, title};
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui::Frame;
use std::cell::Cell;

mod keys;

/// The separator that stands for a line break in the one-line notes box. Officers
/// write lists of points with it anyway, so a typed one is a break too.
pub const NOTE_BREAK: &str = "；";

/// Notes as the one-line box shows them.
pub fn notes_to_box(notes: &str) -> String {
    notes
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(NOTE_BREAK)
}

/// The box's text as stored notes: one line per item.
pub fn notes_from_box(text: &str) -> String {
    text.split(NOTE_BREAK)
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

pub use crate::tui::shared::{ShiftState, Subject};

#[derive(Debug)]
pub struct NotesEdit {
    pub input: TextInput,
    /// What the box held when editing began, to tell whether anything changed.
    pub original: String,
}

#[derive(Debug)]
pub struct HandoverView {
    pub subject: Subject,
    /// The summary request this view waits for.
    pub seq: u64,
    pub summary: Option<Box<HandoverSummary>>,
    pub notes: Option<NotesEdit>,
    /// A write is on its way; keys that would send another wait for its answer.
    pub busy: bool,
    scroll: usize,
    /// From the last drawing: how far the body can scroll, and one page of it.
    max_scroll: Cell<usize>,
    page: Cell<usize>,
}

impl HandoverView {
    pub fn new(subject: Subject, seq: u64) -> HandoverView {
        HandoverView {
            subject,
            seq,
            summary: None,
            notes: None,
            busy: false,
            scroll: 0,
            max_scroll: Cell::new(0),
            page: Cell::new(1),
        }
    }

    pub fn incoming(&self) -> Option<&Handover> {
        match &self.subject {
            Subject::Incoming(h) => Some(h),
            Subject::Own => None,
        }
    }

    /// Whether the notes box has the keyboard.
    pub fn typing(&self) -> bool {
        self.notes.is_some()
    }

    pub fn notes_changed(&self) -> bool {
        self.notes
            .as_ref()
            .is_some_and(|n| n.input.value() != n.original)
    }

    pub fn start_notes(&mut self, notes: &str) {
        let text = notes_to_box(notes);
        self.notes = Some(NotesEdit {
            input: TextInput::with_value(&text).with_max_chars(crate::store::MAX_NOTES_CHARS),
            original: text,
        });
    }

    pub fn scroll_by(&mut self, mv: Move) {
        self.scroll = mv.scroll(self.scroll, self.max_scroll.get(), self.page.get());
    }

    /// Draws the view over `area`; returns the caret of the box being typed in.
    fn render(
        &self,
        f: &mut Frame,
        area: Rect,
        shift: &ShiftState,
        officer: &str,
        cx: &DrawCx<'_>,
    ) -> Option<Position> {
        let ho = cx.s.ho();
        crate::tui::widgets::draw::overlay(f, area);
        let heading = match self.incoming() {
            Some(h) => format!(
                "{} · {} → {}",
                ho.incoming_title,
                safe(&h.from),
                safe(&h.to)
            ),
            None => format!("{} · {}", ho.title, safe(officer)),
        };
        let mut block = cx.block(heading);
        let inner = block.inner(area);
        if inner.height < 8 || inner.width < 20 {
            f.render_widget(block, area);
            return None;
        }
        let width = inner.width as usize;

        let mut head = Vec::new();
        match &self.summary {
            Some(s) => {
                head.push(clip_line(
                    vec![Span::styled(title(s, cx.lang), cx.theme.header())],
                    width,
                ));
                // A handover being taken says all of this in the line below.
                if self.incoming().is_none() {
                    head.extend(
                        wrap(&shift_line(s, cx.lang), width)
                            .into_iter()
                            .take(2)
                            .map(|l| clip_line(vec![Span::styled(l, cx.theme.dim())], width)),
                    );
                }
            }
            None => head.push(clip_line(
                vec![Span::styled(ho.summarizing, cx.theme.warn())],
                width,
            )),
        }
        let (about, style) = self.about_line(shift, cx);
        head.extend(
            wrap(&about, width)
                .into_iter()
                .take(2)
                .map(|l| clip_line(vec![Span::styled(l, style)], width)),
        );

        let notes_text = match (&self.subject, &self.summary) {
            (Subject::Incoming(h), _) => h.notes.clone(),
            (Subject::Own, Some(s)) => s.notes.clone(),
            (Subject::Own, None) => shift
                .current
                .as_ref()
                .map(|s| s.notes.clone())
                .unwrap_or_default(),
        };
        let box_lines = if self.notes.is_some() {
            1
        } else {
            wrap(&notes_to_box(&notes_text), width.saturating_sub(2))
                .len()
                .clamp(1, 3)
        };
        let box_h = box_lines as u16 + 2;
        let head_h = head.len() as u16;
        let body_h = inner.height.saturating_sub(head_h + box_h);
        let body = Rect::new(inner.x, inner.y + head_h, inner.width, body_h);
        let lines = match &self.summary {
            Some(s) => body_lines(s, cx, width),
            None => Vec::new(),
        };
        let page = body_h as usize;
        let max = lines.len().saturating_sub(page);
        self.max_scroll.set(max);
        self.page.set(page.max(1));
        let top = self.scroll.min(max);
        let shown: Vec<Line<'static>> = lines.into_iter().skip(top).take(page).collect();

        if max > 0 {
            // Where the body is scrolled to, so a long summary never looks complete.
            let total = max + page;
            block = block.title_bottom(
                Line::from(format!(" {}-{}/{total} ", top + 1, top + page)).right_aligned(),
            );
        }
        f.render_widget(block, area);
        f.render_widget(
            Paragraph::new(head),
            Rect::new(inner.x, inner.y, inner.width, head_h),
        );
        f.render_widget(Paragraph::new(shown), body);
        let notes_area = Rect::new(inner.x, inner.y + head_h + body_h, inner.width, box_h);
        let box_title = ho.notes_title.to_string();
        self.draw_notes(f, notes_area, &notes_text, box_title, shift, cx)
    }

    /// The line under the title: the handover being taken, the end of this shift,
    /// or the office's previous handover.
    fn about_line(&self, shift: &ShiftState, cx: &DrawCx<'_>) -> (String, Style) {
        let ho = cx.s.ho();
        if let Some(h) = self.incoming() {
            return match &h.acked_at {
                Some(when) => (
                    ho.acked_head(
                        &safe(&h.from),
                        &date_time(&h.handed_at),
                        &clock_time(when, &cx.now),
                    ),
                    cx.theme.good(),
                ),
                None => (
                    ho.pending_head(
                        &safe(&h.from),
                        &date_time(&h.handed_at),
                        &cx.key(Context::Handover, Action::Acknowledge),
                    ),
                    cx.theme.warn(),
                ),
            };
        }
        if let Some(to) = shift.handed_to() {
            let quit = cx.key(Context::Handover, Action::Quit);
            return (ho.ended(&safe(to), &quit), cx.theme.warn());
        }
        match &shift.last {
            Some(h) => {
                let acked = h.acked_by.as_deref().zip(h.acked_at.as_deref());
                let (by, when) = acked.map_or((String::new(), String::new()), |(b, w)| {
                    (safe(b), date_time(w))
                });
                let text = ho.last(
                    &safe(&h.from),
                    &safe(&h.to),
                    &date_time(&h.handed_at),
                    acked.map(|_| (by.as_str(), when.as_str())),
                );
                let style = if acked.is_some() {
                    cx.theme.dim()
                } else {
                    cx.theme.warn()
                };
                (text, style)
            }
            None => (ho.no_last.to_string(), cx.theme.dim()),
        }
    }

    fn draw_notes(
        &self,
        f: &mut Frame,
        area: Rect,
        notes: &str,
        mut title: String,
        shift: &ShiftState,
        cx: &DrawCx<'_>,
    ) -> Option<Position> {
        let ho = cx.s.ho();
        let editable = self.incoming().is_none() && shift.is_open();
        if self.notes.is_some() {
            title = format!(
                "{title} · {}",
                ho.editing_hint(
                    &cx.key(Context::Form, Action::Confirm),
                    &cx.key(Context::Form, Action::Save)
                )
            );
        } else if editable {
            title = format!(
                "{title} · {}",
                ho.notes_hint(&cx.key(Context::Handover, Action::EditNotes))
            );
        }
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(cx.theme.border(self.notes.is_some()))
            .title(Span::styled(
                format!(
                    " {} ",
                    crate::text::truncate_to_width(&title, (area.width as usize).saturating_sub(4))
                ),
                cx.theme.label(),
            ));
        let inner = block.inner(area);
        f.render_widget(block, area);
        if let Some(edit) = &self.notes {
            return render_input(f, inner, &edit.input, !self.busy, "");
        }
        let width = inner.width as usize;
        let text = notes_to_box(notes);
        let lines: Vec<Line<'static>> = if text.is_empty() {
            vec![clip_line(
                vec![Span::styled(ho.notes_empty, cx.theme.dim())],
                width,
            )]
        } else {
            let mut wrapped = wrap(&text, width);
            let rows = inner.height as usize;
            if wrapped.len() > rows {
                wrapped.truncate(rows);
                if let Some(last) = wrapped.last_mut() {
                    *last = format!(
                        "{}…",
                        crate::text::truncate_to_width(last, width.saturating_sub(1))
                    );
                }
            }
            wrapped.into_iter().map(Line::from).collect()
        };
        f.render_widget(Paragraph::new(lines), inner);
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_round_trip_through_the_box() {
        assert_eq!(notes_to_box("一\n\n二 \n三"), "一；二；三");
        assert_eq!(notes_from_box("一；；二；"), "一\n二");
        assert_eq!(notes_from_box(&notes_to_box("a\nb")), "a\nb");
    }
}

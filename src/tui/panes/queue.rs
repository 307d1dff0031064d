//! The visitor queue: today's walk-ins and anyone still here from before midnight,
//! waiting first, then in reception, then those already seen.

use super::{cell, clip_line, clock_time, fill_line, flag_spans, DrawCx, Move, Selection};
use super::{say, Reply};
use crate::domain::QueueStatus;
use crate::store::{QueueAction, QueueRow};
use crate::tui::keymap::{Action, Context};
use crate::tui::layer::{Effect, Shared};
use crate::tui::worker::Request;
use crate::words::Label;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::Span;
use ratatui::widgets::Paragraph;
use ratatui::Frame;

#[derive(Debug, Default)]
pub struct QueuePane {
    pub rows: Vec<QueueRow>,
    pub sel: Selection,
    /// False until the first answer from the worker: an empty queue is not "loading".
    pub loaded: bool,
}

impl QueuePane {
    /// The queue's own actions: move the selected visitor, open their case, or
    /// pick its owner.
    pub fn act(&mut self, action: Action, cx: &Shared<'_>) -> Option<Reply> {
        let queue_action = match action {
            Action::Receive => QueueAction::Receive,
            Action::Done => QueueAction::Done,
            Action::LeftUnseen => QueueAction::Left,
            Action::OpenCase => {
                return Some(match self.selected() {
                    Some(row) => Reply::OpenCase(row.case_no.clone()),
                    None => say(cx.s().not_a_walk_in),
                })
            }
            Action::Owner => return Some(Reply::Owner(self.selected().map(|r| r.case_no.clone()))),
            _ => return None,
        };
        Some(match (self.selected(), cx.officer) {
            (Some(row), Some(officer)) => Reply::Effects(vec![Effect::Send(Request::QueueMove {
                officer: officer.to_string(),
                contact_id: row.contact_id,
                action: queue_action,
            })]),
            _ => say(cx.s().not_a_walk_in),
        })
    }

    /// Replaces the rows, keeping the same visitor selected when they are still listed
    /// (another desk's check-in must not move the officer's cursor).
    pub fn set_rows(&mut self, rows: Vec<QueueRow>) {
        let keep = self.selected().map(|r| r.contact_id);
        self.rows = rows;
        self.loaded = true;
        if let Some(pos) = keep.and_then(|id| self.rows.iter().position(|r| r.contact_id == id)) {
            self.sel.selected = pos;
        }
        self.sel.clamp(self.rows.len());
    }

    pub fn selected(&self) -> Option<&QueueRow> {
        self.rows.get(self.sel.selected)
    }

    pub fn select_contact(&mut self, contact_id: i64) {
        if let Some(pos) = self.rows.iter().position(|r| r.contact_id == contact_id) {
            self.sel.selected = pos;
        }
    }

    pub fn move_by(&mut self, mv: Move) {
        self.sel.apply(mv, self.rows.len());
    }

    pub fn draw(&self, f: &mut Frame, area: Rect, cx: &DrawCx<'_>) {
        let s = cx.s;
        let waiting = self
            .rows
            .iter()
            .filter(|r| r.status == QueueStatus::Waiting)
            .count();
        let title = format!(
            "{} · {}",
            s.queue_title,
            s.people_waiting_batches(waiting, self.rows.len())
        );
        let block = cx.block(title);
        let inner = block.inner(area);
        f.render_widget(block, area);
        if inner.height == 0 || inner.width == 0 {
            return;
        }
        if self.rows.is_empty() {
            let key = cx.key(Context::Queue, Action::NewCheckIn);
            let msg = if self.loaded {
                s.queue_empty(&key)
            } else {
                s.searching.to_string()
            };
            let y = inner.y + inner.height / 2;
            let line = Rect::new(inner.x, y, inner.width, 1);
            f.render_widget(
                Paragraph::new(clip_line(vec![Span::raw(msg)], inner.width as usize))
                    .alignment(Alignment::Center),
                line,
            );
            return;
        }
        let cols = Columns::for_width(inner.width as usize, &self.rows, cx);
        let mut lines = vec![fill_line(
            cols.header(cx),
            inner.width as usize,
            cx.theme.header(),
        )];
        let body = inner.height.saturating_sub(1) as usize;
        for i in self.sel.window(self.rows.len(), body) {
            let row = &self.rows[i];
            let spans = cols.row(row, cx);
            let line = if i == self.sel.selected && cx.focused {
                fill_line(spans, inner.width as usize, cx.theme.selected())
            } else if matches!(row.status, QueueStatus::Done | QueueStatus::Left) {
                clip_line(spans, inner.width as usize).patch_style(cx.theme.dim())
            } else {
                clip_line(spans, inner.width as usize)
            };
            lines.push(line);
        }
        f.render_widget(Paragraph::new(lines), inner);
    }
}

/// Column widths for one drawing; the name column grows with the longest name.
struct Columns {
    name: usize,
    case: bool,
}

const NO: usize = 3;
const TIME: usize = 5;
const WAIT: usize = 6;
const PEOPLE: usize = 4;
const STATUS: usize = 11;
const CASE: usize = 11;

impl Columns {
    fn for_width(width: usize, rows: &[QueueRow], cx: &DrawCx<'_>) -> Columns {
        let longest = rows
            .iter()
            .map(|r| crate::text::display_width(&super::safe(&r.name)))
            .max()
            .unwrap_or(0);
        let name = longest.clamp(8, 14);
        let flags = rows
            .iter()
            .map(|r| {
                r.flags
                    .iter()
                    .map(|f| crate::text::display_width(f.label(cx.lang)) + 1)
                    .sum::<usize>()
            })
            .max()
            .unwrap_or(0)
            .max(8);
        let fixed = NO + TIME + WAIT + PEOPLE + STATUS + 6;
        // The case number is the first thing to go on a narrow pane: flags matter more.
        let case = width >= fixed + name + CASE + 1 + flags;
        Columns { name, case }
    }

    fn header(&self, cx: &DrawCx<'_>) -> Vec<Span<'static>> {
        let s = cx.s;
        let mut spans = vec![
            Span::raw(format!("{} ", cell(s.col_no, NO))),
            Span::raw(format!("{} ", cell(s.col_arrived, TIME))),
            Span::raw(format!("{} ", cell(s.col_wait, WAIT))),
            Span::raw(format!("{} ", cell(s.col_name, self.name))),
            Span::raw(format!("{} ", cell(s.col_people, PEOPLE))),
            Span::raw(format!("{} ", cell(s.col_status, STATUS))),
        ];
        if self.case {
            spans.push(Span::raw(format!("{} ", cell(s.col_case, CASE))));
        }
        spans.push(Span::raw(s.col_flags));
        spans
    }

    fn row(&self, row: &QueueRow, cx: &DrawCx<'_>) -> Vec<Span<'static>> {
        let wait = waited_minutes(row, cx)
            .map(|m| cx.s.minutes(m))
            .unwrap_or_default();
        let mut spans = vec![
            Span::raw(format!("{:>width$} ", row.queue_no, width = NO)),
            Span::raw(format!(
                "{} ",
                cell(&clock_time(&row.arrived_at, &cx.now), TIME)
            )),
            Span::raw(format!("{} ", cell(&wait, WAIT))),
            Span::raw(format!("{} ", cell(&row.name, self.name))),
            Span::raw(format!("{:>width$} ", row.headcount, width = PEOPLE)),
            Span::styled(
                format!("{} ", cell(row.status.label(cx.lang), STATUS)),
                cx.theme.queue_status(row.status),
            ),
        ];
        if self.case {
            spans.push(Span::raw(format!("{} ", cell(&row.case_no, CASE))));
        }
        spans.extend(flag_spans(&row.flags, cx));
        spans
    }
}

/// How long the visitor waited: until now while waiting, until reception after.
fn waited_minutes(row: &QueueRow, cx: &DrawCx<'_>) -> Option<i64> {
    let arrived = crate::time::parse_instant(&row.arrived_at)?;
    let until = match row.status {
        QueueStatus::Waiting => cx.now,
        QueueStatus::Receiving | QueueStatus::Done => row
            .received_at
            .as_deref()
            .and_then(crate::time::parse_instant)
            .unwrap_or(cx.now),
        QueueStatus::Left => row
            .finished_at
            .as_deref()
            .and_then(crate::time::parse_instant)?,
    };
    Some((until - arrived).num_minutes().max(0))
}

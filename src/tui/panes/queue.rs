//! The visitor queue: today's walk-ins and anyone still here from before midnight,
//! waiting first, then in reception, then those already seen.

use super::{cell, clip_line, clock_time, fill_line, flag_spans, DrawCx, Move, Selection};
use super::{say, Reply};
use crate::domain::QueueStatus;
use crate::store::{QueueAction, QueueRow};
use crate::tui::keymap::{Action, Context};
use crate::tui::layer::{Effect, Shared};
use crate::tui::panes::confirm::{Confirm, Question};
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
    /// This desk just finished a visitor: once the queue shows it, the selection
    /// goes to whoever has waited longest, not to the row that took their place.
    pub to_next_waiting: bool,
}

impl QueuePane {
    /// The queue's own actions: move the selected visitor, open their case, or
    /// pick its owner.
    pub fn act(&mut self, action: Action, cx: &Shared<'_>) -> Option<Reply> {
        let queue_action = match action {
            Action::Receive => QueueAction::Receive,
            Action::Done => QueueAction::Done,
            Action::LeftUnseen => QueueAction::Left,
            Action::UndoMove => return Some(self.ask_undo(cx)),
            Action::OpenCase => {
                return Some(match self.selected() {
                    Some(row) => Reply::OpenCase(row.case_no.clone()),
                    None => say(cx.s().not_a_walk_in),
                })
            }
            Action::Owner => return Some(Reply::Owner(self.selected().map(|r| r.case_no.clone()))),
            Action::Receipt => {
                return Some(match self.selected() {
                    Some(row) => super::stepform::receipt_form(&row.case_no, cx),
                    None => say(cx.s().not_a_walk_in),
                })
            }
            _ => return None,
        };
        let (Some(row), Some(officer)) = (self.selected(), cx.officer) else {
            return Some(say(cx.s().not_a_walk_in));
        };
        // A move the screen already shows to be impossible is refused here, in
        // words that blame nobody: only the store's refusal means another desk.
        if !queue_action.allowed_from().contains(&row.status) {
            let s = cx.s();
            let text = s.queue_not_allowed(
                row.queue_no,
                row.status.label(cx.lang),
                queue_action.target().label(cx.lang),
            );
            return Some(Reply::Effects(vec![Effect::Flash(text.into(), false)]));
        }
        if queue_action == QueueAction::Left {
            return Some(Reply::Effects(vec![Effect::Push(Confirm::ask(
                Question::LeftUnseen {
                    contact_id: row.contact_id,
                    queue_no: row.queue_no,
                    name: row.name.clone(),
                },
            ))]));
        }
        Some(Reply::Effects(vec![Effect::Send(move_request(
            officer,
            row.contact_id,
            queue_action,
        ))]))
    }

    /// Asks before taking back the selected visitor's last move; someone still
    /// waiting has none, which the screen already shows.
    fn ask_undo(&self, cx: &Shared<'_>) -> Reply {
        let Some(row) = self.selected().filter(|_| cx.officer.is_some()) else {
            return say(cx.s().not_a_walk_in);
        };
        let received = row.received_by.is_some();
        let Some(undo) = crate::domain::queue::queue_undo(row.status, received) else {
            let text = crate::words::duty::duty_error(
                &crate::domain::duty::DutyError::NothingToUndo {
                    queue_no: row.queue_no,
                },
                cx.lang,
            );
            return Reply::Effects(vec![Effect::Flash(text.into(), false)]);
        };
        Reply::Effects(vec![Effect::Push(Confirm::ask(Question::UndoMove {
            contact_id: row.contact_id,
            queue_no: row.queue_no,
            name: row.name.clone(),
            from: undo.from,
            to: undo.to,
        }))])
    }

    /// Replaces the rows, keeping the same visitor selected when they are still listed
    /// (another desk's check-in must not move the officer's cursor).
    pub fn set_rows(&mut self, rows: Vec<QueueRow>) {
        let keep = self.selected().map(|r| r.contact_id);
        self.rows = rows;
        self.loaded = true;
        if std::mem::take(&mut self.to_next_waiting) {
            if let Some(pos) = self.longest_waiting() {
                self.sel.selected = pos;
                return;
            }
        }
        if let Some(pos) = keep.and_then(|id| self.rows.iter().position(|r| r.contact_id == id)) {
            self.sel.selected = pos;
        }
        self.sel.clamp(self.rows.len());
    }

    pub fn selected(&self) -> Option<&QueueRow> {
        self.rows.get(self.sel.selected)
    }

    /// The row of the visitor who has waited longest, if anyone is waiting.
    fn longest_waiting(&self) -> Option<usize> {
        self.rows
            .iter()
            .enumerate()
            .filter(|(_, r)| r.status == QueueStatus::Waiting)
            .min_by(|(_, a), (_, b)| {
                (a.queue_date, &a.arrived_at, a.queue_no).cmp(&(
                    b.queue_date,
                    &b.arrived_at,
                    b.queue_no,
                ))
            })
            .map(|(i, _)| i)
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

/// Column widths for one drawing. The name and status columns are as wide as
/// what they hold; what room is left goes, in this order, to the flags, the case
/// number, the matter and who received the visitor, so a wider pane shows more
/// and never less.
struct Columns {
    name: usize,
    status: usize,
    flags: usize,
    case: bool,
    handler: Option<usize>,
    matter: Option<usize>,
}

const NO: usize = 3;
const TIME: usize = 5;
const WAIT: usize = 6;
const PEOPLE: usize = 4;
const CASE: usize = 11;
/// The least of a matter worth showing.
const MATTER: usize = 12;

impl Columns {
    fn for_width(width: usize, rows: &[QueueRow], cx: &DrawCx<'_>) -> Columns {
        let w = |s: &str| crate::text::display_width(&super::safe(s));
        let s = cx.s;
        let name = rows
            .iter()
            .map(|r| w(&r.name))
            .max()
            .unwrap_or(0)
            .clamp(8, 14);
        let status = [
            QueueStatus::Waiting,
            QueueStatus::Receiving,
            QueueStatus::Done,
            QueueStatus::Left,
        ]
        .iter()
        .map(|st| w(st.label(cx.lang)))
        .chain([w(s.col_status)])
        .max()
        .unwrap_or(0);
        let flags = rows
            .iter()
            .map(|r| {
                r.flags
                    .iter()
                    .map(|f| w(f.label(cx.lang)) + 1)
                    .sum::<usize>()
            })
            .max()
            .unwrap_or(0)
            .max(w(s.col_flags) + 1)
            .max(8);
        let mut room = width.saturating_sub(NO + TIME + WAIT + PEOPLE + status + name + 6);
        let mut take = |n: usize| {
            let fits = room >= n;
            if fits {
                room -= n;
            }
            fits
        };
        let flags_fit = take(flags);
        let case = flags_fit && take(CASE + 1);
        let handler_w = rows
            .iter()
            .filter_map(|r| r.received_by.as_deref())
            .map(w)
            .max()
            .unwrap_or(0)
            .max(w(s.col_handler))
            .min(10);
        let matter_fits = case && take(MATTER + 1);
        let handler = (matter_fits && take(handler_w + 1)).then_some(handler_w);
        let matter = matter_fits.then_some(room + MATTER);
        Columns {
            name,
            status,
            flags: if flags_fit { flags } else { 0 },
            case,
            handler,
            matter,
        }
    }

    fn header(&self, cx: &DrawCx<'_>) -> Vec<Span<'static>> {
        let s = cx.s;
        let mut spans = vec![
            Span::raw(format!("{} ", cell(s.col_no, NO))),
            Span::raw(format!("{} ", cell(s.col_arrived, TIME))),
            Span::raw(format!("{} ", cell(s.col_wait, WAIT))),
            Span::raw(format!("{} ", cell(s.col_name, self.name))),
            Span::raw(format!("{} ", cell(s.col_people, PEOPLE))),
            Span::raw(format!("{} ", cell(s.col_status, self.status))),
        ];
        if self.case {
            spans.push(Span::raw(format!("{} ", cell(s.col_case, CASE))));
        }
        if let Some(n) = self.handler {
            spans.push(Span::raw(format!("{} ", cell(s.col_handler, n))));
        }
        if self.matter.is_some() {
            spans.push(Span::raw(format!("{} ", cell(s.col_flags, self.flags))));
            spans.push(Span::raw(s.col_matter));
        } else {
            spans.push(Span::raw(s.col_flags));
        }
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
                format!("{} ", cell(row.status.label(cx.lang), self.status)),
                cx.theme.queue_status(row.status),
            ),
        ];
        if self.case {
            spans.push(Span::raw(format!("{} ", cell(&row.case_no, CASE))));
        }
        if let Some(n) = self.handler {
            let by = row.received_by.as_deref().unwrap_or("");
            spans.push(Span::raw(format!("{} ", cell(by, n))));
        }
        let flags = flag_spans(&row.flags, cx);
        match self.matter {
            Some(n) => {
                let used: usize = flags
                    .iter()
                    .map(|s| crate::text::display_width(&s.content))
                    .sum();
                spans.extend(flags);
                spans.push(Span::raw(" ".repeat(self.flags.saturating_sub(used))));
                spans.push(Span::raw(cell(&row.matter, n)));
            }
            None => spans.extend(flags),
        }
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

/// The request that moves one visitor along the queue.
pub fn move_request(officer: &str, contact_id: i64, action: QueueAction) -> Request {
    Request::QueueMove {
        officer: officer.to_string(),
        contact_id,
        action,
    }
}

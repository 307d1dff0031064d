//! Routing a walk-in to a leader's reception held today (`L` on the queue): none
//! today is said with how to schedule one; one opens the form at once; several
//! are offered in a small pick, the person's booked reception first. The form
//! (a step form) takes the leader's 意见/批示 and any 领导交办 with its deadline,
//! now or on a second `L` once the leader has spoken.

use super::stepform::StepForm;
use super::{centered, list_row, overlay, say, DrawCx, Reply, Selection};
use crate::domain::QueueStatus;
use crate::store::leaders::{Reception, ReceptionMark};
use crate::store::QueueRow;
use crate::tui::keymap::{Action, Context, KeyChord};
use crate::tui::keys::movement;
use crate::tui::layer::{Effect, Handled, Layer, Shared};
use crate::tui::panes::help::Help;
use crate::tui::worker::{ReceptionCall, ReceptionRequest, Request, RouteTarget};
use crate::words::reception as words;
use crossterm::event::KeyEvent;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

/// `L` on a queue row: ask the worker for today's receptions.
pub fn route(row: &QueueRow, cx: &Shared<'_>) -> Reply {
    if row.status == QueueStatus::Left {
        return say(words::left_unseen(cx.lang));
    }
    Reply::Effects(vec![Effect::Send(Request::Reception(
        ReceptionRequest::Today {
            target: RouteTarget {
                contact_id: row.contact_id,
                petitioner_id: row.petitioner_id,
                queue_date: row.queue_date,
                queue_no: row.queue_no,
                name: row.name.clone(),
                case_no: row.case_no.clone(),
            },
        },
    ))])
}

/// What the desk does with today's receptions for the walk-in.
pub fn offer(
    target: RouteTarget,
    receptions: Vec<Reception>,
    marks: &[ReceptionMark],
    units: &[String],
    max_extension: u32,
) -> Vec<Effect> {
    if receptions.is_empty() {
        // Nothing went wrong: the day simply has no reception.
        return vec![Effect::Flash(
            crate::words::desk::Problem::Worded(words::none_today),
            false,
        )];
    }
    // Routed already: the second `L` records the leader's word there, once.
    let mark = marks
        .iter()
        .find(|m| m.contact_id == Some(target.contact_id));
    if mark.is_some_and(|m| m.word) {
        let done = crate::domain::leaders::LeadersProblem::AlreadyRecorded;
        return vec![Effect::Flash(
            crate::words::desk::Problem::Leaders(done),
            false,
        )];
    }
    let routed = mark.and_then(|m| receptions.iter().find(|r| r.id == m.reception_id));
    if let Some(r) = routed {
        let call = ReceptionCall {
            target,
            reception: r.clone(),
            routed: true,
        };
        return vec![Effect::Push(Box::new(form(call, units, max_extension)))];
    }
    let booked = marks
        .iter()
        .find(|m| m.contact_id.is_none() && m.petitioner_id == target.petitioner_id)
        .map(|m| m.reception_id);
    if receptions.len() == 1 {
        let call = ReceptionCall {
            target,
            reception: receptions
                .into_iter()
                .next()
                .unwrap_or_else(|| unreachable!()),
            routed: false,
        };
        return vec![Effect::Push(Box::new(form(call, units, max_extension)))];
    }
    vec![Effect::Push(Box::new(ReceptionPick::new(
        target,
        receptions,
        booked,
        units.to_vec(),
        max_extension,
    )))]
}

fn form(call: ReceptionCall, units: &[String], max_extension: u32) -> StepForm {
    StepForm::reception(call, units, max_extension)
}

/// Which of today's receptions: one line each, the booked one chosen first.
#[derive(Debug)]
pub struct ReceptionPick {
    target: RouteTarget,
    receptions: Vec<Reception>,
    booked: Option<i64>,
    units: Vec<String>,
    max_extension: u32,
    sel: Selection,
}

impl ReceptionPick {
    pub fn new(
        target: RouteTarget,
        receptions: Vec<Reception>,
        booked: Option<i64>,
        units: Vec<String>,
        max_extension: u32,
    ) -> ReceptionPick {
        let mut sel = Selection::default();
        if let Some(i) = booked.and_then(|b| receptions.iter().position(|r| r.id == b)) {
            sel.selected = i;
        }
        ReceptionPick {
            target,
            receptions,
            booked,
            units,
            max_extension,
            sel,
        }
    }

    pub fn selected(&self) -> Option<&Reception> {
        self.receptions.get(self.sel.selected)
    }
}

impl Layer for ReceptionPick {
    fn context(&self) -> Context {
        Context::Picker
    }

    fn on_key(&mut self, _ev: &KeyEvent, chord: &KeyChord, cx: &Shared<'_>) -> Handled {
        let Some(action) = cx.keymap.action(Context::Picker, chord) else {
            return Handled::done();
        };
        if let Some(mv) = movement(action) {
            self.sel.apply(mv, self.receptions.len());
            return Handled::done();
        }
        Handled::Consumed(match action {
            Action::Confirm => match self.selected() {
                Some(r) => {
                    let call = ReceptionCall {
                        target: self.target.clone(),
                        reception: r.clone(),
                        routed: false,
                    };
                    vec![
                        Effect::Close,
                        Effect::Push(Box::new(form(call, &self.units, self.max_extension))),
                    ]
                }
                None => Vec::new(),
            },
            Action::Back => vec![Effect::Close],
            Action::Help => vec![Effect::Push(Box::new(Help::new(Context::Picker)))],
            Action::Quit => vec![Effect::AskQuit],
            Action::ToggleLang => vec![Effect::ToggleLang],
            _ => Vec::new(),
        })
    }

    fn hints(&self, _cx: &Shared<'_>) -> Vec<Action> {
        vec![Action::Confirm, Action::Down, Action::Back]
    }

    fn draw(&self, f: &mut Frame, area: Rect, cx: &DrawCx<'_>, _: &Shared<'_>) -> Option<Position> {
        let rows = self.receptions.len().min(10) as u16;
        let rect = centered(area, 72.min(area.width.saturating_sub(4)).max(20), rows + 2);
        overlay(f, rect);
        let block = cx.block(words::pick_title(
            self.target.queue_no,
            &self.target.name,
            cx.lang,
        ));
        let inner = block.inner(rect);
        f.render_widget(block, rect);
        let width = inner.width as usize;
        let lines: Vec<Line<'static>> = self
            .sel
            .window(self.receptions.len(), inner.height as usize)
            .map(|i| {
                let r = &self.receptions[i];
                let text = words::pick_row(r, self.booked == Some(r.id), cx.lang);
                list_row(
                    vec![Span::raw(format!(" {text}"))],
                    width,
                    i == self.sel.selected,
                    cx,
                )
            })
            .collect();
        f.render_widget(Paragraph::new(lines), inner);
        None
    }

    fn takes_focus(&self) -> bool {
        true
    }
}

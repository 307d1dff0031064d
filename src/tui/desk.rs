//! The panes at the bottom of the stack: the keys no layer took, and what they do
//! to the focused pane. Actions that span the panes (focus, refresh, opening a
//! case, a form or the handover view) are the desk's; the rest belong to a pane.

use super::app::{App, Command, Pane};
use super::keymap::{Action, KeyChord};
use super::keys::{is_edit_key, movement};
use super::panes::checkin::CheckInForm;
use super::panes::handover::Subject;
use super::panes::help::Help;
use super::panes::stepform::{StepForm, StepKind};
use super::strings::Problem;
use super::worker::Request;
use crate::domain::lifecycle::{apply_step, check_annotation, check_extension, CaseStep};
use crate::store::QueueAction;
use crossterm::event::KeyEvent;

fn step_kind(action: Action) -> Option<StepKind> {
    Some(match action {
        Action::Accept => StepKind::Step(CaseStep::Accept),
        Action::NotAccept => StepKind::Step(CaseStep::NotAccept),
        Action::Transfer => StepKind::Step(CaseStep::Transfer),
        Action::Reply => StepKind::Step(CaseStep::Reply),
        Action::RequestReview => StepKind::Step(CaseStep::RequestReview),
        Action::DecideReview => StepKind::Step(CaseStep::DecideReview),
        Action::RequestRecheck => StepKind::Step(CaseStep::RequestRecheck),
        Action::DecideRecheck => StepKind::Step(CaseStep::DecideRecheck),
        Action::Archive => StepKind::Step(CaseStep::Archive),
        Action::Extend => StepKind::Extend,
        Action::Note => StepKind::Note,
        Action::Supervise => StepKind::Supervise,
        _ => return None,
    })
}

impl App {
    /// Whether plain keys are text for a pane's box right now (the lookup box, the
    /// picker's filter).
    pub(super) fn typing_in_pane(&self) -> bool {
        self.focus == Pane::Picker || (self.focus == Pane::Lookup && self.lookup.box_focused)
    }

    pub(super) fn pane_key(&mut self, ev: &KeyEvent, chord: &KeyChord) -> Vec<Command> {
        if self.focus == Pane::Lookup && self.lookup.box_focused && is_edit_key(ev) {
            let before = self.lookup.input.value().to_string();
            self.lookup.input.handle_key(ev);
            if self.lookup.input.value() != before {
                self.lookup.person = None;
                return self.send_lookup();
            }
            return Vec::new();
        }
        if self.focus == Pane::Picker && is_edit_key(ev) {
            let before = self.picker.filter.value().to_string();
            self.picker.filter.handle_key(ev);
            if self.picker.filter.value() != before {
                self.picker.refilter();
            }
            return Vec::new();
        }
        let ctx = self.focus.context();
        match self.keymap.action(ctx, chord) {
            Some(action) => self.pane_action(action),
            None => Vec::new(),
        }
    }

    pub(super) fn pane_paste(&mut self, text: &str) -> Vec<Command> {
        if self.focus == Pane::Lookup {
            self.lookup.box_focused = true;
            self.lookup.person = None;
            self.lookup.input.insert_str(text);
            return self.send_lookup();
        } else if self.focus == Pane::Picker {
            self.picker.filter.insert_str(text);
            self.picker.refilter();
        }
        Vec::new()
    }

    pub(super) fn pane_action(&mut self, action: Action) -> Vec<Command> {
        if let Some(mv) = movement(action) {
            match self.focus {
                Pane::Queue => self.queue.move_by(mv),
                Pane::Lookup => self.lookup.move_by(mv),
                Pane::Picker => self.picker.move_by(mv),
                Pane::Timeline => self.timeline.move_by(mv),
            }
            return Vec::new();
        }
        if let Some(kind) = step_kind(action) {
            return self.open_step(kind);
        }
        match action {
            Action::Quit => return self.quit(),
            Action::Help => {
                let ctx = self.focus.context();
                let typing = self.focus == Pane::Picker
                    || (self.focus == Pane::Lookup && self.lookup.box_focused);
                self.layers.push(Box::new(if typing {
                    Help::typing(ctx)
                } else {
                    Help::new(ctx)
                }));
            }
            Action::FocusQueue => self.set_focus(Pane::Queue),
            Action::FocusLookup | Action::SearchBox => return self.focus_lookup(),
            Action::FocusPicker => self.set_focus(Pane::Picker),
            Action::FocusTimeline => self.set_focus(Pane::Timeline),
            Action::NextPane | Action::PrevPane => {
                let step = if action == Action::NextPane {
                    1
                } else {
                    Pane::ALL.len() - 1
                };
                let next = Pane::ALL[(self.focus.index() + step) % Pane::ALL.len()];
                if next == Pane::Lookup {
                    return self.focus_lookup();
                }
                self.set_focus(next);
            }
            Action::NewCheckIn => {
                self.layers
                    .push(Box::new(CheckInForm::new(&self.categories)));
            }
            Action::Handover => return self.open_handover(Subject::Own),
            Action::Back => self.back(),
            Action::Confirm => return self.assign_selected(),
            Action::Refresh => {
                let mut out = vec![Command::Send(Request::Load)];
                if let Some(no) = self.timeline.case_no().map(str::to_string) {
                    out.extend(self.open_case(&no));
                }
                return out;
            }
            Action::ToggleLang => self.toggle_lang(),
            Action::Receive => return self.queue_move(QueueAction::Receive),
            Action::Done => return self.queue_move(QueueAction::Done),
            Action::LeftUnseen => return self.queue_move(QueueAction::Left),
            Action::OpenCase => {
                if let Some(no) = self.queue.selected().map(|r| r.case_no.clone()) {
                    self.set_focus(Pane::Timeline);
                    return self.open_case(&no);
                }
                self.flash(self.s().not_a_walk_in, false);
            }
            Action::Owner => return self.owner(),
            Action::OpenPerson => return self.open_person(),
            Action::Reveal => {
                if let (Some(id), Some(officer)) =
                    (self.lookup.selected_person(), self.officer.clone())
                {
                    return vec![Command::Send(Request::Reveal {
                        officer,
                        petitioner_id: id,
                    })];
                }
                self.flash(self.s().nothing_selected, false);
            }
            Action::ToggleOrder => self.timeline.toggle_order(),
            _ => {}
        }
        Vec::new()
    }

    fn focus_lookup(&mut self) -> Vec<Command> {
        self.set_focus(Pane::Lookup);
        self.lookup.box_focused = true;
        // The empty box lists the people seen most recently.
        if self.lookup.seq == 0 {
            return self.send_lookup();
        }
        Vec::new()
    }

    fn back(&mut self) {
        match self.focus {
            Pane::Lookup if self.lookup.box_focused => self.lookup.box_focused = false,
            Pane::Lookup if self.lookup.person.is_some() => self.lookup.person = None,
            Pane::Picker | Pane::Timeline => {
                let to = if self.prev_focus == self.focus {
                    Pane::Queue
                } else {
                    self.prev_focus
                };
                self.set_focus(to);
                if to == Pane::Lookup {
                    self.lookup.box_focused = false;
                }
            }
            _ => {}
        }
    }

    fn queue_move(&mut self, action: QueueAction) -> Vec<Command> {
        match (self.queue.selected(), &self.officer) {
            (Some(row), Some(officer)) => vec![Command::Send(Request::QueueMove {
                officer: officer.clone(),
                contact_id: row.contact_id,
                action,
            })],
            _ => {
                self.flash(self.s().not_a_walk_in, false);
                Vec::new()
            }
        }
    }

    /// Opens the owner picker on the case in hand: the queue row's, the opened
    /// person's selected case, or the timeline's.
    fn owner(&mut self) -> Vec<Command> {
        let case_no = match self.focus {
            Pane::Queue => self.queue.selected().map(|r| r.case_no.clone()),
            Pane::Lookup => self.lookup.selected_case().map(|c| c.case_no.clone()),
            _ => self.timeline.case_no().map(str::to_string),
        };
        let Some(no) = case_no else {
            self.flash(self.s().no_case, false);
            return Vec::new();
        };
        self.picker.filter.clear();
        self.picker.refilter();
        self.set_focus(Pane::Picker);
        self.open_case(&no)
    }

    fn open_person(&mut self) -> Vec<Command> {
        if let Some(no) = self.lookup.selected_case().map(|c| c.case_no.clone()) {
            self.set_focus(Pane::Timeline);
            return self.open_case(&no);
        }
        if self.lookup.person.is_some() {
            return Vec::new();
        }
        let Some(id) = self.lookup.selected().map(|r| r.card.petitioner_id) else {
            self.flash(self.s().nothing_selected, false);
            return Vec::new();
        };
        self.lookup.box_focused = false;
        self.lookup.opening = Some(id);
        vec![Command::Send(Request::Person { petitioner_id: id })]
    }

    fn assign_selected(&mut self) -> Vec<Command> {
        if self.focus != Pane::Picker {
            return Vec::new();
        }
        let (Some(detail), Some(officer)) = (&self.timeline.detail, &self.officer) else {
            self.flash(self.s().no_case, false);
            return Vec::new();
        };
        if let Err(e) = check_annotation(detail.case.status) {
            self.flash(Problem::Annotation(e), true);
            return Vec::new();
        }
        let Some(c) = self.picker.selected() else {
            self.flash(self.s().nothing_selected, false);
            return Vec::new();
        };
        let officer_pick = c.item == super::panes::picker::Kind::Officer;
        vec![Command::Send(Request::Assign {
            officer: officer.clone(),
            case_no: detail.case.case_no.clone(),
            handler: officer_pick.then(|| c.name.clone()),
            unit: (!officer_pick).then(|| c.name.clone()),
        })]
    }

    /// Opens a step's form, or says at once why the case cannot take the step.
    fn open_step(&mut self, kind: StepKind) -> Vec<Command> {
        let Some(detail) = &self.timeline.detail else {
            self.flash(self.s().no_case, false);
            return Vec::new();
        };
        let status = detail.case.status;
        let refusal = match kind {
            StepKind::Step(step) => apply_step(status, step).err().map(Problem::Illegal),
            // Days and reason come later; here only whether an extension is possible.
            StepKind::Extend => check_extension(
                status,
                detail.case.extended_days > 0,
                1,
                self.max_extension_days.max(1),
                "-",
            )
            .err()
            .map(Problem::Annotation),
            _ => check_annotation(status).err().map(Problem::Annotation),
        };
        if let Some(why) = refusal {
            self.flash(why, true);
            return Vec::new();
        }
        let case_no = detail.case.case_no.clone();
        self.layers.push(Box::new(StepForm::new(
            &case_no,
            kind,
            &self.units,
            self.max_extension_days,
        )));
        Vec::new()
    }
}

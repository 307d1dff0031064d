//! The desk under the layers: the four panes, which one has the keyboard (two show
//! side by side on a wide terminal), and the keys no layer took. Actions that span
//! the panes (focus, refresh, opening a case, a form or the handover view) are the
//! desk's; the rest belong to the focused pane.

use super::keymap::{Action, Context, KeyChord};
use super::keys::{is_edit_key, movement};
use super::layer::{Effect, Shared};
use super::panes::checkin::CheckInForm;
use super::panes::handover::Subject;
use super::panes::help::Help;
use super::panes::lookup::LookupPane;
use super::panes::picker::{Kind, PickerPane};
use super::panes::queue::QueuePane;
use super::panes::stepform::{StepForm, StepKind};
use super::panes::timeline::TimelinePane;
use super::worker::{LookupFor, Request};
use crate::domain::lifecycle::{apply_step, check_annotation, check_extension, CaseStep};
use crate::store::QueueAction;
use crate::words::desk::{Problem, Strings};
use crossterm::event::KeyEvent;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Queue,
    Lookup,
    Picker,
    Timeline,
}

impl Pane {
    pub const ALL: [Pane; 4] = [Pane::Queue, Pane::Lookup, Pane::Picker, Pane::Timeline];

    pub fn context(self) -> Context {
        match self {
            Pane::Queue => Context::Queue,
            Pane::Lookup => Context::Lookup,
            Pane::Picker => Context::Picker,
            Pane::Timeline => Context::Timeline,
        }
    }

    pub fn index(self) -> usize {
        Pane::ALL.iter().position(|p| *p == self).unwrap_or(0)
    }

    pub fn title(self, s: &Strings) -> &'static str {
        match self {
            Pane::Queue => s.tab_queue,
            Pane::Lookup => s.tab_lookup,
            Pane::Picker => s.tab_picker,
            Pane::Timeline => s.tab_timeline,
        }
    }

    /// Wide terminals show a list pane (left) beside a case pane (right).
    pub fn is_left(self) -> bool {
        matches!(self, Pane::Queue | Pane::Lookup)
    }
}

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

/// A message for the status line, not an error.
fn say(text: &str) -> Vec<Effect> {
    vec![Effect::Flash(text.into(), false)]
}

#[derive(Debug)]
pub struct Desk {
    pub focus: Pane,
    pub prev_focus: Pane,
    /// The panes shown side by side on a wide terminal.
    pub left: Pane,
    pub right: Pane,
    pub queue: QueuePane,
    pub lookup: LookupPane,
    pub picker: PickerPane,
    pub timeline: TimelinePane,
    /// The walk-in just checked in, to select once the queue shows them.
    pub select_contact: Option<i64>,
}

impl Default for Desk {
    fn default() -> Desk {
        Desk {
            focus: Pane::Queue,
            prev_focus: Pane::Queue,
            left: Pane::Queue,
            right: Pane::Timeline,
            queue: QueuePane::default(),
            lookup: LookupPane::default(),
            picker: PickerPane::default(),
            timeline: TimelinePane::default(),
            select_contact: None,
        }
    }
}

impl Desk {
    /// Whether plain keys are text for a pane's box right now (the lookup box, the
    /// picker's filter).
    pub fn typing(&self) -> bool {
        self.focus == Pane::Picker || (self.focus == Pane::Lookup && self.lookup.box_focused)
    }

    /// The actions worth a hint on the focused pane, most useful first.
    pub fn hints(&self) -> Vec<Action> {
        use Action::*;
        match self.focus {
            Pane::Queue => vec![
                NewCheckIn, Receive, Done, LeftUnseen, OpenCase, Owner, SearchBox,
            ],
            Pane::Lookup if self.lookup.box_focused => vec![OpenPerson, Down, Back],
            Pane::Lookup if self.lookup.person.is_some() => {
                vec![OpenPerson, Owner, Reveal, Back, SearchBox]
            }
            Pane::Lookup => vec![OpenPerson, Reveal, SearchBox, Back],
            Pane::Picker => vec![Confirm, Down, Back],
            Pane::Timeline => vec![ToggleOrder, Owner, Back, NewCheckIn],
        }
    }

    /// What `chord` means on the focused pane, unless it is text for its box.
    pub fn action(&self, ev: &KeyEvent, chord: &KeyChord, cx: &Shared<'_>) -> Option<Action> {
        if self.typing() && is_edit_key(ev) {
            return None;
        }
        cx.keymap.action(self.focus.context(), chord)
    }

    /// A key no layer took: typing in the focused box, else an action.
    pub fn on_key(&mut self, ev: &KeyEvent, chord: &KeyChord, cx: &Shared<'_>) -> Vec<Effect> {
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
        match cx.keymap.action(self.focus.context(), chord) {
            Some(action) => self.act(action, cx),
            None => Vec::new(),
        }
    }

    pub fn on_paste(&mut self, text: &str) -> Vec<Effect> {
        match self.focus {
            Pane::Lookup => {
                self.lookup.box_focused = true;
                self.lookup.person = None;
                self.lookup.input.insert_str(text);
                self.send_lookup()
            }
            Pane::Picker => {
                self.picker.filter.insert_str(text);
                self.picker.refilter();
                Vec::new()
            }
            _ => Vec::new(),
        }
    }

    pub fn act(&mut self, action: Action, cx: &Shared<'_>) -> Vec<Effect> {
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
            return self.open_step(kind, cx);
        }
        match action {
            Action::Quit => vec![Effect::AskQuit],
            Action::Help => {
                let ctx = self.focus.context();
                let help = if self.typing() {
                    Help::typing(ctx)
                } else {
                    Help::new(ctx)
                };
                vec![Effect::Push(Box::new(help))]
            }
            Action::FocusQueue => self.focused(Pane::Queue),
            Action::FocusLookup | Action::SearchBox => self.focus_lookup(),
            Action::FocusPicker => self.focused(Pane::Picker),
            Action::FocusTimeline => self.focused(Pane::Timeline),
            Action::NextPane | Action::PrevPane => {
                let step = if action == Action::NextPane {
                    1
                } else {
                    Pane::ALL.len() - 1
                };
                match Pane::ALL[(self.focus.index() + step) % Pane::ALL.len()] {
                    Pane::Lookup => self.focus_lookup(),
                    next => self.focused(next),
                }
            }
            Action::NewCheckIn => vec![Effect::Push(Box::new(CheckInForm::new(cx.categories)))],
            Action::Handover => vec![Effect::OpenHandover(Subject::Own)],
            Action::Back => {
                self.back();
                Vec::new()
            }
            Action::Confirm => self.assign_selected(cx),
            Action::Refresh => {
                let mut out = vec![Effect::Send(Request::Load)];
                if let Some(no) = self.timeline.case_no().map(str::to_string) {
                    out.extend(self.open_case(&no));
                }
                out
            }
            Action::ToggleLang => vec![Effect::ToggleLang],
            Action::Receive => self.queue_move(QueueAction::Receive, cx),
            Action::Done => self.queue_move(QueueAction::Done, cx),
            Action::LeftUnseen => self.queue_move(QueueAction::Left, cx),
            Action::OpenCase => match self.queue.selected().map(|r| r.case_no.clone()) {
                Some(no) => {
                    self.set_focus(Pane::Timeline);
                    self.open_case(&no)
                }
                None => say(cx.s().not_a_walk_in),
            },
            Action::Owner => self.owner(cx),
            Action::OpenPerson => self.open_person(cx),
            Action::Reveal => match (self.lookup.selected_person(), cx.officer) {
                (Some(id), Some(officer)) => vec![Effect::Send(Request::Reveal {
                    officer: officer.to_string(),
                    petitioner_id: id,
                })],
                _ => say(cx.s().nothing_selected),
            },
            Action::ToggleOrder => {
                self.timeline.toggle_order();
                Vec::new()
            }
            _ => Vec::new(),
        }
    }

    /// Gives a pane the keyboard, remembering where it came from for Back.
    pub fn set_focus(&mut self, pane: Pane) {
        if pane != self.focus {
            self.prev_focus = self.focus;
        }
        self.focus = pane;
        if pane.is_left() {
            self.left = pane;
        } else {
            self.right = pane;
        }
    }

    fn focused(&mut self, pane: Pane) -> Vec<Effect> {
        self.set_focus(pane);
        Vec::new()
    }

    /// Opens a case on the timeline (and in the owner picker).
    pub fn open_case(&mut self, case_no: &str) -> Vec<Effect> {
        // Another case's details must not linger: a key pressed before the new case
        // arrives would act on the old one.
        if self.timeline.case_no() != Some(case_no) {
            self.timeline.detail = None;
        }
        self.timeline.opening = Some(case_no.to_string());
        vec![Effect::Send(Request::Case {
            case_no: case_no.to_string(),
        })]
    }

    /// Asks for the people matching the lookup box.
    fn send_lookup(&mut self) -> Vec<Effect> {
        let seq = self.lookup.next_seq();
        let query = self.lookup.input.value().to_string();
        vec![Effect::Send(Request::Lookup {
            seq,
            target: LookupFor::Pane,
            query,
        })]
    }

    fn focus_lookup(&mut self) -> Vec<Effect> {
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

    fn queue_move(&mut self, action: QueueAction, cx: &Shared<'_>) -> Vec<Effect> {
        match (self.queue.selected(), cx.officer) {
            (Some(row), Some(officer)) => vec![Effect::Send(Request::QueueMove {
                officer: officer.to_string(),
                contact_id: row.contact_id,
                action,
            })],
            _ => say(cx.s().not_a_walk_in),
        }
    }

    /// Opens the owner picker on the case in hand: the queue row's, the opened
    /// person's selected case, or the timeline's.
    fn owner(&mut self, cx: &Shared<'_>) -> Vec<Effect> {
        let case_no = match self.focus {
            Pane::Queue => self.queue.selected().map(|r| r.case_no.clone()),
            Pane::Lookup => self.lookup.selected_case().map(|c| c.case_no.clone()),
            _ => self.timeline.case_no().map(str::to_string),
        };
        let Some(no) = case_no else {
            return say(cx.s().no_case);
        };
        self.picker.filter.clear();
        self.picker.refilter();
        self.set_focus(Pane::Picker);
        self.open_case(&no)
    }

    fn open_person(&mut self, cx: &Shared<'_>) -> Vec<Effect> {
        if let Some(no) = self.lookup.selected_case().map(|c| c.case_no.clone()) {
            self.set_focus(Pane::Timeline);
            return self.open_case(&no);
        }
        if self.lookup.person.is_some() {
            return Vec::new();
        }
        let Some(id) = self.lookup.selected().map(|r| r.card.petitioner_id) else {
            return say(cx.s().nothing_selected);
        };
        self.lookup.box_focused = false;
        self.lookup.opening = Some(id);
        vec![Effect::Send(Request::Person { petitioner_id: id })]
    }

    fn assign_selected(&mut self, cx: &Shared<'_>) -> Vec<Effect> {
        if self.focus != Pane::Picker {
            return Vec::new();
        }
        let (Some(detail), Some(officer)) = (&self.timeline.detail, cx.officer) else {
            return say(cx.s().no_case);
        };
        if let Err(e) = check_annotation(detail.case.status) {
            return vec![Effect::Flash(Problem::Annotation(e), true)];
        }
        let Some(c) = self.picker.selected() else {
            return say(cx.s().nothing_selected);
        };
        let officer_pick = c.item == Kind::Officer;
        vec![Effect::Send(Request::Assign {
            officer: officer.to_string(),
            case_no: detail.case.case_no.clone(),
            handler: officer_pick.then(|| c.name.clone()),
            unit: (!officer_pick).then(|| c.name.clone()),
        })]
    }

    /// Opens a step's form, or says at once why the case cannot take the step.
    fn open_step(&mut self, kind: StepKind, cx: &Shared<'_>) -> Vec<Effect> {
        let Some(detail) = &self.timeline.detail else {
            return say(cx.s().no_case);
        };
        let status = detail.case.status;
        let refusal = match kind {
            StepKind::Step(step) => apply_step(status, step).err().map(Problem::Illegal),
            // Days and reason come later; here only whether an extension is possible.
            StepKind::Extend => check_extension(
                status,
                detail.case.extended_days > 0,
                1,
                cx.max_extension_days.max(1),
                "-",
            )
            .err()
            .map(Problem::Annotation),
            _ => check_annotation(status).err().map(Problem::Annotation),
        };
        if let Some(why) = refusal {
            return vec![Effect::Flash(why, true)];
        }
        let form = StepForm::new(&detail.case.case_no, kind, cx.units, cx.max_extension_days);
        vec![Effect::Push(Box::new(form))]
    }
}

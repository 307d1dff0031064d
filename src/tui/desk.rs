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
use super::panes::picker::PickerPane;
use super::panes::queue::QueuePane;
use super::panes::registers::RegisterView;
use super::panes::timeline::TimelinePane;
use super::panes::Reply;
use super::worker::{LookupFor, Request};
use crate::words::desk::Strings;
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
                NewCheckIn, Receive, Done, LeftUnseen, OpenCase, UndoMove, Owner, Receipt,
                SearchBox,
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

    /// An action on the desk: moving the selection, focus and the other actions that
    /// span the panes are the desk's; the rest go to the focused pane, and what it
    /// replies that spans the panes (open a case, pick its owner) is carried out here.
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
        let reply = match self.focus {
            Pane::Queue => self.queue.act(action, cx),
            Pane::Lookup => self.lookup.act(action, cx),
            Pane::Picker => self.picker.act(action, cx, self.timeline.detail.as_deref()),
            Pane::Timeline => self.timeline.act(action, cx),
        };
        if let Some(reply) = reply {
            return self.carry_out(reply, cx);
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
            Action::NewCheckIn => {
                let mut form = CheckInForm::new(cx.categories);
                form.max_representatives = cx.max_representatives;
                vec![Effect::Push(Box::new(form))]
            }
            Action::Handover => vec![Effect::OpenHandover(Subject::Own)],
            Action::Registers => vec![
                Effect::Push(Box::new(RegisterView::new())),
                Effect::Send(Request::Registers),
            ],
            Action::Figures => super::panes::figures::FiguresView::open(),
            Action::RiskRegister | Action::StartPlan => {
                let on = (self.focus == Pane::Queue)
                    .then(|| self.queue.selected().map(|r| r.contact_id))
                    .flatten();
                super::panes::risk_register::desk_action(action, cx, on)
            }
            Action::Back => {
                self.back();
                Vec::new()
            }
            Action::Refresh => {
                let mut out = vec![Effect::Send(Request::Load)];
                if let Some(no) = self.timeline.case_no().map(str::to_string) {
                    out.extend(self.open_case(&no));
                }
                out
            }
            Action::ToggleLang => vec![Effect::ToggleLang],
            _ => Vec::new(),
        }
    }

    fn carry_out(&mut self, reply: Reply, cx: &Shared<'_>) -> Vec<Effect> {
        match reply {
            Reply::Effects(effects) => effects,
            Reply::OpenCase(no) => {
                self.set_focus(Pane::Timeline);
                self.open_case(&no)
            }
            Reply::Owner(Some(no)) => {
                self.picker.filter.clear();
                self.picker.refilter();
                self.set_focus(Pane::Picker);
                self.open_case(&no)
            }
            Reply::Owner(None) => vec![Effect::Flash(cx.s().no_case.into(), false)],
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
}

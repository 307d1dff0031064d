//! Where a key goes: the topmost dialog first (question, help, sign-in, step form,
//! check-in form), else the focused pane. Keys become actions through the live
//! keymap; in a text box, typing keys edit the text before any binding sees them.

use super::app::{App, Command, Pane};
use super::keymap::{Action, Context, KeyChord, FORM_ACTIONS};
use super::panes::checkin::{CheckInForm, Field};
use super::panes::handover::Subject;
use super::panes::help::{Confirm, Help, Question};
use super::panes::stepform::{StepForm, StepKind};
use super::panes::Move;
use super::strings::Problem;
use super::worker::Request;
use crate::domain::lifecycle::{apply_step, check_annotation, check_extension, CaseStep};
use crate::domain::Lang;
use crate::store::QueueAction;
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

/// Keys that edit a text box rather than act: characters (AltGr counts as a
/// character), and the editing keys of a single-line field.
fn is_edit_key(ev: &KeyEvent) -> bool {
    let ctrl = ev.modifiers.contains(KeyModifiers::CONTROL);
    let alt = ev.modifiers.contains(KeyModifiers::ALT);
    match ev.code {
        KeyCode::Char(_) if ctrl == alt => true,
        KeyCode::Char('a' | 'e' | 'w') => ctrl && !alt,
        KeyCode::Backspace
        | KeyCode::Delete
        | KeyCode::Left
        | KeyCode::Right
        | KeyCode::Home
        | KeyCode::End => true,
        _ => false,
    }
}

pub(super) fn movement(action: Action) -> Option<Move> {
    Some(match action {
        Action::Up => Move::Up,
        Action::Down => Move::Down,
        Action::PageUp => Move::PageUp,
        Action::PageDown => Move::PageDown,
        Action::Top => Move::Top,
        Action::Bottom => Move::Bottom,
        _ => return None,
    })
}

/// Up/Down/PageUp/PageDown pressed in a form move in its list, whatever they are
/// bound to there (they move between fields only when no list is open).
pub(super) fn list_move(ev: &KeyEvent) -> Option<Move> {
    Some(match ev.code {
        KeyCode::Up => Move::Up,
        KeyCode::Down => Move::Down,
        KeyCode::PageUp => Move::PageUp,
        KeyCode::PageDown => Move::PageDown,
        _ => return None,
    })
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

impl App {
    pub(super) fn on_key(&mut self, ev: KeyEvent) -> Vec<Command> {
        if ev.kind == KeyEventKind::Release {
            return Vec::new();
        }
        let chord = KeyChord::from_event(&ev);
        if self.too_small() && !self.acts_while_too_small(&ev, &chord) {
            return Vec::new();
        }
        // Help opens over anything, a question included, and closes back to it.
        if self.help.is_some() {
            return self.help_key(&chord);
        }
        if self.confirm.is_some() {
            return self.confirm_key(&chord);
        }
        if self.signin.is_some() {
            return self.signin_key(&ev, &chord);
        }
        if self.step.is_some() {
            return self.step_key(&ev, &chord);
        }
        if self.checkin.is_some() {
            return self.checkin_key(&ev, &chord);
        }
        if self.handover.is_some() {
            return self.handover_key(&ev, &chord);
        }
        self.pane_key(&ev, &chord)
    }

    /// Whether the terminal is too small to show the desk.
    pub fn too_small(&self) -> bool {
        self.size.is_some_and(|(w, h)| !super::view::fits(w, h))
    }

    /// While the desk cannot be seen, a key acts only when it quits or switches the
    /// language where it is pressed (typed text is not a key for either).
    fn acts_while_too_small(&self, ev: &KeyEvent, chord: &KeyChord) -> bool {
        let ctx = self.context();
        let typing_pane =
            ctx == Context::Picker || (ctx == Context::Lookup && self.lookup.box_focused);
        if typing_pane && is_edit_key(ev) {
            return false;
        }
        let checkin_on_top = self.checkin.is_some() && self.step.is_none() && self.signin.is_none();
        let action = if ctx == Context::Form && !checkin_on_top {
            self.keymap.other_form_action(chord)
        } else {
            self.keymap.action(ctx, chord)
        };
        matches!(action, Some(Action::Quit | Action::ToggleLang))
    }

    pub(super) fn on_paste(&mut self, text: &str) -> Vec<Command> {
        if self.confirm.is_some() || self.help.is_some() || self.too_small() {
            return Vec::new();
        }
        if let Some(signin) = &mut self.signin {
            signin.input.insert_str(text);
            signin.sel.reset();
        } else if let Some(form) = &mut self.step {
            form.input_mut().insert_str(text);
            form.refilter_units();
        } else if let Some(form) = &mut self.checkin {
            if let Some(input) = form.input_mut() {
                input.insert_str(text);
            }
            return self.after_checkin_edit();
        } else if self.handover.is_some() {
            self.handover_paste(text);
        } else if self.focus == Pane::Lookup {
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

    pub(super) fn toggle_lang(&mut self) {
        self.lang = match self.lang {
            Lang::Zh => Lang::En,
            Lang::En => Lang::Zh,
        };
    }

    fn confirm_key(&mut self, chord: &KeyChord) -> Vec<Command> {
        let Some(confirm) = &self.confirm else {
            return Vec::new();
        };
        let question = confirm.question.clone();
        match self.keymap.action(Context::Confirm, chord) {
            Some(Action::Yes) => {
                self.confirm = None;
                match question {
                    Question::Quit => return vec![Command::Quit],
                    Question::DiscardCheckIn => self.checkin = None,
                    Question::DiscardStep => self.step = None,
                    Question::DiscardNotes => {
                        if let Some(view) = &mut self.handover {
                            view.notes = None;
                        }
                    }
                    Question::HandOver(to) => return self.hand_over_to(to),
                    Question::BadChecksum(_) => {
                        if let Some(form) = &mut self.checkin {
                            form.checksum_confirmed = true;
                        }
                        return self.submit_checkin();
                    }
                }
            }
            Some(Action::No | Action::Back) => {
                self.confirm = None;
                if let (Question::BadChecksum(_), Some(form)) = (question, &mut self.checkin) {
                    form.focus_field(Field::IdNumber);
                }
            }
            // Quitting from a question about something else asks first when a
            // form holds input (the wrong-checksum question sits over a full form).
            Some(Action::Quit) => {
                if question == Question::Quit {
                    return vec![Command::Quit];
                }
                self.confirm = None;
                return self.quit();
            }
            Some(Action::Help) => self.help = Some(Help::new(Context::Confirm)),
            Some(Action::ToggleLang) => self.toggle_lang(),
            _ => {}
        }
        Vec::new()
    }

    fn help_key(&mut self, chord: &KeyChord) -> Vec<Command> {
        match self.keymap.action(Context::Help, chord) {
            Some(Action::Back | Action::Help) => self.help = None,
            // A question about unsaved input must not open under the help.
            Some(Action::Quit) => {
                self.help = None;
                return self.quit();
            }
            Some(Action::ToggleLang) => self.toggle_lang(),
            Some(a) => {
                if let (Some(mv), Some(help)) = (movement(a), &mut self.help) {
                    help.move_by(mv, &self.keymap);
                }
            }
            None => {}
        }
        Vec::new()
    }

    pub(super) fn quit(&mut self) -> Vec<Command> {
        if self.has_unsaved() {
            self.confirm = Some(Confirm {
                question: Question::Quit,
            });
            Vec::new()
        } else {
            vec![Command::Quit]
        }
    }

    fn signin_key(&mut self, ev: &KeyEvent, chord: &KeyChord) -> Vec<Command> {
        let Some(signin) = &mut self.signin else {
            return Vec::new();
        };
        if signin.waiting {
            return Vec::new();
        }
        let action = self.other_form_action(chord);
        let Some(signin) = &mut self.signin else {
            return Vec::new();
        };
        match action {
            Some(Action::Confirm | Action::Save) => {
                if let Some(name) = signin.choice(&self.officers) {
                    signin.waiting = true;
                    signin.error = None;
                    return vec![Command::Send(Request::SignIn { officer: name })];
                }
            }
            Some(Action::NextField) => signin.move_by(Move::Down, &self.officers),
            Some(Action::PrevField) => signin.move_by(Move::Up, &self.officers),
            // Nobody on duty means nothing can be recorded: leaving is the only way back.
            Some(Action::Back | Action::Quit) => return vec![Command::Quit],
            Some(Action::ToggleLang) => self.toggle_lang(),
            Some(Action::Help) => self.help = Some(Help::form(FORM_ACTIONS, false)),
            _ => {
                if let Some(mv) = list_move(ev) {
                    signin.move_by(mv, &self.officers);
                } else if signin.input.handle_key(ev) {
                    signin.sel.reset();
                }
            }
        }
        Vec::new()
    }

    fn pane_key(&mut self, ev: &KeyEvent, chord: &KeyChord) -> Vec<Command> {
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
                self.help = Some(if typing {
                    Help::typing(ctx)
                } else {
                    Help::new(ctx)
                });
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
                self.checkin = Some(CheckInForm::new(&self.categories));
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
        let officer_pick = c.kind == super::panes::picker::Kind::Officer;
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
        self.step = Some(StepForm::new(
            &case_no,
            kind,
            &self.units,
            self.max_extension_days,
        ));
        Vec::new()
    }
}

//! Keys in the two forms: the check-in form and a case step's form. Typing goes to
//! the focused field unless the form's keymap section binds the key; in a field with
//! a list (category, unit) Up and Down move in the list.

use super::app::{App, Command};
use super::keymap::{Action, Context, KeyChord, CHECKIN_ACTIONS, FORM_ACTIONS};
use super::keys::list_move;
use super::panes::checkin::{Field, Link};
use super::panes::help::{Confirm, Help, Question};
use super::panes::Move;
use super::strings::Problem;
use super::worker::Request;
use crossterm::event::{KeyCode, KeyEvent};

impl App {
    /// What `chord` does in a form other than the check-in form.
    pub(super) fn other_form_action(&self, chord: &KeyChord) -> Option<Action> {
        self.keymap.other_form_action(chord)
    }

    pub(super) fn step_key(&mut self, ev: &KeyEvent, chord: &KeyChord) -> Vec<Command> {
        let Some(form) = &mut self.step else {
            return Vec::new();
        };
        if form.saving {
            return Vec::new();
        }
        let action = self.other_form_action(chord);
        let Some(form) = &mut self.step else {
            return Vec::new();
        };
        if form.on_list() {
            if let Some(mv) = list_move(ev) {
                form.move_list(mv);
                return Vec::new();
            }
        }
        match action {
            Some(Action::Save) => return self.submit_step(),
            Some(Action::Confirm) => {
                if form.on_list() {
                    form.pick_unit();
                }
                if form.is_last() {
                    return self.submit_step();
                }
                form.next_field();
            }
            Some(Action::NextField) => form.next_field(),
            Some(Action::PrevField) => form.prev_field(),
            Some(Action::Back) => {
                if form.has_input() {
                    self.confirm = Some(Confirm {
                        question: Question::DiscardStep,
                    });
                } else {
                    self.step = None;
                }
            }
            Some(Action::Quit) => return self.quit(),
            Some(Action::ToggleLang) => self.toggle_lang(),
            Some(Action::Help) => self.help = Some(Help::form(FORM_ACTIONS, false)),
            _ => {
                if form.input_mut().handle_key(ev) {
                    form.error = None;
                    form.refilter_units();
                }
            }
        }
        Vec::new()
    }

    fn submit_step(&mut self) -> Vec<Command> {
        let (Some(form), Some(officer)) = (&mut self.step, &self.officer) else {
            return Vec::new();
        };
        match form.request(officer) {
            Ok(request) => {
                form.saving = true;
                form.error = None;
                vec![Command::Send(request)]
            }
            Err(msg) => {
                form.error = Some(msg);
                Vec::new()
            }
        }
    }

    pub(super) fn checkin_key(&mut self, ev: &KeyEvent, chord: &KeyChord) -> Vec<Command> {
        let Some(form) = &mut self.checkin else {
            return Vec::new();
        };
        if form.saving {
            return Vec::new();
        }
        let action = self.keymap.action(Context::Form, chord);
        if form.on_list() && matches!(ev.code, KeyCode::Up | KeyCode::Down) {
            form.move_list(list_move(ev).unwrap_or(Move::Down));
            return Vec::new();
        }
        match action {
            Some(Action::Save) => return self.submit_checkin(),
            Some(Action::Confirm) => {
                if form.field() == Field::Category {
                    form.pick_category();
                }
                if form.is_last() {
                    return self.submit_checkin();
                }
                form.next_field();
            }
            Some(Action::NextField) => form.next_field(),
            Some(Action::PrevField) => form.prev_field(),
            Some(Action::LinkPerson) => {
                if let Some(row) = form.selected_match() {
                    let id = row.card.petitioner_id;
                    form.link = Some(Link {
                        petitioner_id: id,
                        name: row.card.name.clone(),
                        flags: row.card.flags.clone(),
                        open_cases: None,
                        case_no: None,
                    });
                    return vec![Command::Send(Request::Person { petitioner_id: id })];
                }
                self.flash(self.s().nothing_selected, false);
            }
            Some(Action::UnlinkPerson) => form.link = None,
            Some(Action::PickCase) => {
                // Cycles: no case, then each open case, then no case again.
                let picked = form.link.as_mut().and_then(|l| {
                    let cases = l.open_cases.as_ref()?;
                    let pos = l
                        .case_no
                        .as_ref()
                        .and_then(|no| cases.iter().position(|c| &c.case_no == no));
                    let next = match pos {
                        None => cases.first(),
                        Some(i) => cases.get(i + 1),
                    };
                    l.case_no = next.map(|c| c.case_no.clone());
                    Some(())
                });
                if picked.is_none() {
                    self.flash(self.s().nothing_selected, false);
                }
            }
            Some(Action::Back) => {
                if form.has_input() {
                    self.confirm = Some(Confirm {
                        question: Question::DiscardCheckIn,
                    });
                } else {
                    self.checkin = None;
                }
            }
            Some(Action::Quit) => return self.quit(),
            Some(Action::ToggleLang) => self.toggle_lang(),
            Some(Action::Help) => self.help = Some(Help::form(CHECKIN_ACTIONS, true)),
            _ => {
                if form.field() == Field::Channel {
                    match ev.code {
                        KeyCode::Left => form.cycle_channel(false),
                        KeyCode::Right | KeyCode::Char(' ') => form.cycle_channel(true),
                        _ => {}
                    }
                } else if let Some(mv) = list_move(ev) {
                    // The people list is short: a page key steps one person.
                    let mv = match mv {
                        Move::PageUp if !form.on_list() => Move::Up,
                        Move::PageDown if !form.on_list() => Move::Down,
                        other => other,
                    };
                    form.move_list(mv);
                } else if form.input_mut().is_some_and(|i| i.handle_key(ev)) {
                    return self.after_checkin_edit();
                }
            }
        }
        Vec::new()
    }

    pub(super) fn after_checkin_edit(&mut self) -> Vec<Command> {
        let Some(form) = &mut self.checkin else {
            return Vec::new();
        };
        form.error = None;
        form.checksum_confirmed = form.checksum_confirmed && form.field() != Field::IdNumber;
        match form.field() {
            Field::Name | Field::IdNumber | Field::Phone => self.send_form_lookup(),
            Field::Category => {
                form.refilter_categories();
                Vec::new()
            }
            _ => Vec::new(),
        }
    }

    pub(super) fn submit_checkin(&mut self) -> Vec<Command> {
        let (Some(form), Some(officer)) = (&mut self.checkin, &self.officer) else {
            return Vec::new();
        };
        let request = match form.request() {
            Ok(r) => r,
            Err((field, problem)) => {
                form.focus_field(field);
                form.error = Some((Some(field), problem));
                return Vec::new();
            }
        };
        if let Some(raw) = &request.intake.id_number {
            match crate::domain::idnumber::parse_id_number(raw) {
                Err(e) => {
                    form.focus_field(Field::IdNumber);
                    form.error = Some((Some(Field::IdNumber), Problem::IdNumber(e)));
                    return Vec::new();
                }
                Ok(id) if !id.checksum_ok && !form.checksum_confirmed => {
                    self.confirm = Some(Confirm {
                        question: Question::BadChecksum(id.expected_check),
                    });
                    return Vec::new();
                }
                Ok(_) => {}
            }
        }
        form.saving = true;
        form.error = None;
        vec![Command::Send(Request::CheckIn {
            officer: officer.clone(),
            request: Box::new(request),
        })]
    }
}

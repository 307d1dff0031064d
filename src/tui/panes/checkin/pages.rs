//! Keys on the form's second page and in the new representative's box. Both
//! take the form's own keys (save, back, help) as the first page does; Esc or the
//! page key returns to the first page, Esc in the box cancels it.

use super::{CheckInForm, Field, More};
use crate::tui::keymap::{Action, Context, KeyChord};
use crate::tui::keys::list_move;
use crate::tui::layer::{Effect, Shared};
use crate::tui::panes::confirm::{Confirm, Question};
use crate::tui::worker::Request;
use crossterm::event::{KeyCode, KeyEvent};

impl CheckInForm {
    /// The page key: to the second page (asking for the division list the
    /// first time), or back to the first.
    pub(super) fn toggle_more(&mut self) -> Vec<Effect> {
        self.on_more = !self.on_more;
        self.new_rep = None;
        if self.on_more && self.more.divisions.is_none() {
            return vec![Effect::Send(Request::Divisions)];
        }
        Vec::new()
    }

    /// A key on the second page, when the form's keymap did not take it.
    pub(super) fn more_key(
        &mut self,
        ev: &KeyEvent,
        chord: &KeyChord,
        cx: &Shared<'_>,
    ) -> Option<Vec<Effect>> {
        let f = self.more.field();
        let on_list = self.more.on_division() && self.more.divisions.is_some();
        if on_list && matches!(ev.code, KeyCode::Up | KeyCode::Down) {
            self.more.move_list(list_move(ev)?);
            return Some(Vec::new());
        }
        match cx.keymap.action(Context::Form, chord) {
            Some(Action::Back) => {
                self.on_more = false;
                return Some(Vec::new());
            }
            Some(Action::Confirm) => {
                if self.more.on_division() {
                    self.more.pick_division();
                }
                if self.more.is_last() {
                    self.on_more = false;
                } else {
                    self.more.step(true);
                }
                return Some(Vec::new());
            }
            Some(Action::NextField) => {
                self.more.step(true);
                return Some(Vec::new());
            }
            Some(Action::PrevField) => {
                self.more.step(false);
                return Some(Vec::new());
            }
            Some(Action::LinkPerson | Action::PickCase | Action::Enquiry) => {
                return Some(Vec::new())
            }
            Some(_) => return None,
            None => {}
        }
        self.more.fields.error = None;
        if More::cycles(f) {
            match ev.code {
                KeyCode::Left => self.more.cycle(false),
                KeyCode::Right | KeyCode::Char(' ') => self.more.cycle(true),
                _ => {}
            }
            if f == crate::words::deskform::MoreLabel::Source {
                self.suggest_case();
            }
        } else if self.more.fields.input_mut().handle_key(ev) {
            self.more.after_edit();
        }
        Some(Vec::new())
    }

    /// A key in the new representative's box.
    pub(super) fn new_rep_key(
        &mut self,
        ev: &KeyEvent,
        chord: &KeyChord,
        cx: &Shared<'_>,
    ) -> Option<Vec<Effect>> {
        let b = self.new_rep.as_mut()?;
        match cx.keymap.action(Context::Form, chord) {
            Some(Action::Back) if b.has_input() => {
                return Some(vec![Effect::Push(Confirm::ask(Question::DiscardNewRep))]);
            }
            Some(Action::Back) => {
                self.new_rep = None;
                return Some(Vec::new());
            }
            Some(Action::Confirm) if !b.fields.is_last() => {
                b.fields.next_field();
                return Some(Vec::new());
            }
            Some(Action::Confirm | Action::Save) => return Some(self.add_from_box()),
            Some(Action::NextField) => {
                b.fields.next_field();
                return Some(Vec::new());
            }
            Some(Action::PrevField) => {
                b.fields.prev_field();
                return Some(Vec::new());
            }
            Some(Action::Quit | Action::Help | Action::ToggleLang) => return None,
            Some(_) => return Some(Vec::new()),
            None => {}
        }
        b.fields.error = None;
        if b.fields.field() == crate::domain::intake::Field::IdNumber {
            b.checksum_confirmed = false;
        }
        b.fields.input_mut().handle_key(ev);
        Some(Vec::new())
    }

    /// Enter in the box's last field: checked as at intake, then into the list.
    pub(super) fn add_from_box(&mut self) -> Vec<Effect> {
        let Some(b) = self.new_rep.as_mut() else {
            return Vec::new();
        };
        match b.representative() {
            Ok(rep) => {
                self.add_new_rep(rep);
                Vec::new()
            }
            Err(Ok((field, problem))) => {
                b.fields.fail(field, problem);
                Vec::new()
            }
            Err(Err(expected)) => vec![Effect::Push(Confirm::ask(Question::BadChecksum(expected)))],
        }
    }

    /// The check-in's answer to a wrong check character, when it was the box's.
    pub(super) fn answer_box_checksum(&mut self, yes: bool) -> Option<Vec<Effect>> {
        let b = self.new_rep.as_mut()?;
        if yes {
            b.checksum_confirmed = true;
            return Some(self.add_from_box());
        }
        b.fields.focus_field(crate::domain::intake::Field::IdNumber);
        Some(Vec::new())
    }

    /// The key that adds a representative not on record: from the
    /// representatives field (the form goes there first).
    pub(super) fn new_rep_action(&mut self) -> Vec<Effect> {
        self.on_more = false;
        self.fields.focus_field(Field::Representatives);
        self.open_new_rep();
        Vec::new()
    }
}

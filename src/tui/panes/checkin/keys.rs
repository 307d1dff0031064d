//! The check-in form as a layer: typing goes to the focused field unless the
//! form's keymap section binds the key; in the category field Up and Down move in
//! the list, elsewhere in the people who may be the same person.

use super::{CheckInForm, Field, Link, More};
use crate::tui::keymap::{Action, Context, KeyChord, Keymap, CHECKIN_ACTIONS};
use crate::tui::keys::list_move;
use crate::tui::layer::{paste_into, Effect, Handled, Layer, Shared};
use crate::tui::panes::confirm::{Confirm, Question};
use crate::tui::panes::help::Help;
use crate::tui::panes::{DrawCx, Move};
use crate::tui::worker::{LookupFor, Request};
use crate::words::desk::Problem;
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::{Position, Rect};
use ratatui::Frame;

impl CheckInForm {
    /// After the focused field changed: the people it may name, or the categories.
    fn after_edit(&mut self) -> Vec<Effect> {
        self.fields.error = None;
        self.checksum_confirmed = self.checksum_confirmed && self.field() != Field::IdNumber;
        match self.field() {
            Field::IdNumber => {
                self.warn_check_digit();
                self.send_lookup()
            }
            Field::Name | Field::Phone | Field::Representatives => self.send_lookup(),
            Field::Matter => {
                self.suggest_case();
                Vec::new()
            }
            Field::Category => {
                self.refilter_categories();
                Vec::new()
            }
            _ => Vec::new(),
        }
    }

    /// Asks for people matching the field being typed.
    fn send_lookup(&mut self) -> Vec<Effect> {
        self.match_seq += 1;
        match self.lookup_query() {
            Some(query) => vec![Effect::Send(Request::Lookup {
                seq: self.match_seq,
                target: LookupFor::Form,
                query,
            })],
            None => {
                self.matches.clear();
                Vec::new()
            }
        }
    }

    /// A form back from a draft holds what was typed, not what it found: asks
    /// again, by the ID number (which links its person) else the phone or the
    /// name, so that who they are and what they have open show before saving.
    pub fn restored_lookup(&mut self) -> Vec<Effect> {
        let Some(query) = [Field::IdNumber, Field::Phone, Field::Name]
            .into_iter()
            .find_map(|f| self.query_for(f))
        else {
            return Vec::new();
        };
        self.match_seq += 1;
        vec![Effect::Send(Request::Lookup {
            seq: self.match_seq,
            target: LookupFor::Form,
            query,
        })]
    }

    fn submit(&mut self, cx: &Shared<'_>) -> Vec<Effect> {
        let Some(officer) = cx.officer else {
            return Vec::new();
        };
        let request = match self.request() {
            Ok(r) => r,
            Err((field, problem)) => {
                self.on_more = false;
                self.fields.fail(field, problem);
                return Vec::new();
            }
        };
        // The second page's problems send the officer there. A contact joining a
        // case keeps the case's source (the store refuses otherwise): said here,
        // in the language on screen, with the way out.
        let joins = request.case_no.is_some();
        let checked = self.more.upper().and_then(|(source, upper)| {
            if joins && (source.is_some_and(|s| s.from_above()) || !upper.is_empty()) {
                return Err((
                    crate::words::deskform::MoreLabel::Source,
                    Problem::Worded(crate::words::deskform::joined_keeps_source),
                ));
            }
            self.more.risk()
        });
        let risk = match checked {
            Ok(risk) => risk,
            Err((field, problem)) => {
                self.on_more = true;
                self.more.fields.fail(field, problem);
                return Vec::new();
            }
        };
        if let Some(raw) = &request.intake.id_number {
            match crate::domain::idnumber::parse_id_number(raw) {
                Err(e) => {
                    self.fields.fail(Field::IdNumber, Problem::IdNumber(e));
                    return Vec::new();
                }
                Ok(id) if !id.checksum_ok && !self.checksum_confirmed => {
                    return vec![Effect::Push(Confirm::ask(Question::BadChecksum(
                        id.expected_check,
                    )))];
                }
                Ok(_) => {}
            }
        }
        self.saving = true;
        self.fields.error = None;
        vec![Effect::Send(Request::CheckIn {
            officer: officer.to_string(),
            request: Box::new(request),
            risk,
            start_plan: self.preview.plan_accepted(),
        })]
    }

    fn link_selected(&mut self, cx: &Shared<'_>) -> Vec<Effect> {
        let Some(row) = self.selected_match() else {
            return vec![Effect::Flash(cx.s().nothing_selected.into(), false)];
        };
        if self.field() == Field::Representatives {
            let row = row.clone();
            self.pick_representative(&row);
            return Vec::new();
        }
        let id = row.card.petitioner_id;
        self.link = Some(Link::new(id, &row.card.name, row.card.flags.clone()));
        vec![Effect::Send(Request::Person { petitioner_id: id })]
    }

    /// Cycles the case the contact joins: no case, then each open case, then no
    /// case again.
    fn pick_case(&mut self, cx: &Shared<'_>) -> Vec<Effect> {
        let picked = self.link.as_mut().and_then(|l| {
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
            l.case_picked = true;
            Some(())
        });
        match picked {
            Some(()) => Vec::new(),
            None => vec![Effect::Flash(cx.s().nothing_selected.into(), false)],
        }
    }

    /// Marks the contact as an enquiry on the joined case (问进展), or back. Only
    /// a contact about a case on record can be one: an enquiry about nothing on
    /// record is a new matter.
    fn toggle_enquiry(&mut self, cx: &Shared<'_>) -> Vec<Effect> {
        // Not joined yet: an enquiry is about the case on record, so the key joins
        // their first open case as the pick key would (which still changes it).
        if self.link.as_ref().is_some_and(|l| l.case_no.is_none()) {
            self.pick_case(cx);
        }
        match self.link.as_mut() {
            Some(l) if l.case_no.is_some() => {
                l.enquiry = !l.enquiry;
                Vec::new()
            }
            _ => vec![Effect::Flash(
                Problem::Plain(crate::words::repeat::enquiry_needs_case(cx.lang)),
                false,
            )],
        }
    }

    /// A key no binding took: the channel cycles, lists move, text is typed.
    fn typed(&mut self, ev: &KeyEvent) -> Vec<Effect> {
        if self.field() == Field::Channel {
            match ev.code {
                KeyCode::Left => self.cycle_channel(false),
                KeyCode::Right | KeyCode::Char(' ') => self.cycle_channel(true),
                _ => {}
            }
        } else if let Some(mv) = list_move(ev) {
            // The people list is short: a page key steps one person.
            let mv = match mv {
                Move::PageUp if !self.on_list() => Move::Up,
                Move::PageDown if !self.on_list() => Move::Down,
                other => other,
            };
            self.move_list(mv);
        } else if self.input_mut().is_some_and(|i| i.handle_key(ev)) {
            return self.after_edit();
        }
        Vec::new()
    }
}

impl CheckInForm {
    /// A key on the first page.
    fn main_key(&mut self, ev: &KeyEvent, chord: &KeyChord, cx: &Shared<'_>) -> Handled {
        if self.on_list() && matches!(ev.code, KeyCode::Up | KeyCode::Down) {
            self.move_list(list_move(ev).unwrap_or(Move::Down));
            return Handled::done();
        }
        Handled::Consumed(match cx.keymap.action(Context::Form, chord) {
            Some(Action::Save) => self.submit(cx),
            Some(Action::Confirm) => {
                if self.field() == Field::Category {
                    self.pick_category();
                }
                if self.fields.is_last() {
                    return Handled::Consumed(self.submit(cx));
                }
                self.fields.next_field();
                Vec::new()
            }
            Some(Action::NextField) => {
                self.fields.next_field();
                Vec::new()
            }
            Some(Action::PrevField) => {
                self.fields.prev_field();
                Vec::new()
            }
            Some(Action::LinkPerson) => self.link_selected(cx),
            Some(Action::UnlinkPerson) => {
                self.link = None;
                Vec::new()
            }
            Some(Action::PickCase) => self.pick_case(cx),
            Some(Action::Enquiry) => self.toggle_enquiry(cx),
            Some(Action::MoreFields) => self.toggle_more(),
            Some(Action::NewRepresentative) => self.new_rep_action(),
            Some(Action::PlanOnSave) => self.toggle_plan(cx),
            Some(Action::Back) if self.has_input() => {
                vec![Effect::Push(Confirm::ask(Question::DiscardCheckIn))]
            }
            Some(Action::Back) => vec![Effect::Close],
            Some(Action::Quit) => vec![Effect::AskQuit],
            Some(Action::ToggleLang) => vec![Effect::ToggleLang],
            Some(Action::Help) => vec![Effect::Push(Box::new(Help::form(CHECKIN_ACTIONS, true)))],
            _ => self.typed(ev),
        })
    }

    /// The plan key: accepts the proposal, or takes the acceptance back.
    fn toggle_plan(&mut self, _cx: &Shared<'_>) -> Vec<Effect> {
        if self.preview.plan_proposed() {
            self.preview.start_plan = !self.preview.start_plan;
            return Vec::new();
        }
        vec![Effect::Flash(
            crate::words::desk::Problem::Worded(crate::words::deskform::plan_not_proposed),
            false,
        )]
    }

    fn answer(&mut self, question: &Question, yes: bool, cx: &Shared<'_>) -> Vec<Effect> {
        match question {
            Question::DiscardCheckIn if yes => vec![Effect::Close],
            Question::DiscardNewRep if yes => {
                self.new_rep = None;
                Vec::new()
            }
            Question::BadChecksum(_) if yes => {
                self.checksum_confirmed = true;
                self.submit(cx)
            }
            Question::BadChecksum(_) => {
                self.fields.focus_field(Field::IdNumber);
                Vec::new()
            }
            _ => Vec::new(),
        }
    }
}

impl Layer for CheckInForm {
    fn context(&self) -> Context {
        Context::Form
    }

    fn action(&self, keymap: &Keymap, chord: &KeyChord) -> Option<Action> {
        keymap.action(Context::Form, chord)
    }

    fn on_key(&mut self, ev: &KeyEvent, chord: &KeyChord, cx: &Shared<'_>) -> Handled {
        if self.saving {
            return Handled::done();
        }
        let taken = if self.new_rep.is_some() {
            self.new_rep_key(ev, chord, cx)
        } else if self.on_more {
            self.more_key(ev, chord, cx)
        } else {
            None
        };
        let handled = match taken {
            Some(effects) => Handled::Consumed(effects),
            None => self.main_key(ev, chord, cx),
        };
        // Whatever the key changed, the warnings before saving follow it.
        match handled {
            Handled::Consumed(mut effects) if !self.saving => {
                effects.extend(self.preview_effects(cx.officer));
                Handled::Consumed(effects)
            }
            other => other,
        }
    }

    fn on_paste(&mut self, text: &str, cx: &Shared<'_>) -> Handled {
        if let Some(b) = self.new_rep.as_mut() {
            return Handled::Consumed(paste_into(b.fields.input_mut(), text));
        }
        if self.on_more {
            if More::cycles(self.more.field()) {
                return Handled::done();
            }
            let said = paste_into(self.more.fields.input_mut(), text);
            self.more.after_edit();
            return Handled::Consumed(said);
        }
        let mut effects = match self.input_mut() {
            Some(input) => paste_into(input, text),
            None => Vec::new(),
        };
        effects.extend(self.after_edit());
        effects.extend(self.preview_effects(cx.officer));
        Handled::Consumed(effects)
    }

    fn on_answer(&mut self, question: &Question, yes: bool, cx: &Shared<'_>) -> Vec<Effect> {
        if let Question::BadChecksum(_) = question {
            if let Some(effects) = self.answer_box_checksum(yes) {
                return effects;
            }
        }
        self.answer(question, yes, cx)
    }

    fn hints(&self, _cx: &Shared<'_>) -> Vec<Action> {
        use Action::*;
        // Linking and joining a case come first: at 80 columns the tail is cut.
        vec![
            Save,
            LinkPerson,
            PickCase,
            Enquiry,
            UnlinkPerson,
            NextField,
            PrevField,
            Back,
        ]
    }

    fn has_unsaved(&self) -> bool {
        self.has_input()
    }

    fn records_on_shift(&self) -> bool {
        true
    }

    fn draw(&self, f: &mut Frame, area: Rect, cx: &DrawCx<'_>, _: &Shared<'_>) -> Option<Position> {
        self.render(f, area, cx)
    }

    fn covers_panes(&self) -> bool {
        true
    }

    fn tab(&self, cx: &DrawCx<'_>) -> Option<String> {
        Some(format!(" {} ", cx.s.checkin_title))
    }
}

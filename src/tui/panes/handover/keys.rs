//! The handover view as a layer: scrolling, the notes box, handing over (through
//! the officer pick and a question) and acknowledging.

use super::{notes_from_box, HandoverView, Subject, NOTE_BREAK};
use crate::tui::keymap::{Action, Context, KeyChord, Keymap, NOTES_ACTIONS};
use crate::tui::keys::{leaves_screen, movement};
use crate::tui::layer::{paste_into, Effect, Handled, Layer, Shared};
use crate::tui::panes::confirm::Question;
use crate::tui::panes::handpick::OfficerPick;
use crate::tui::panes::help::Help;
use crate::tui::panes::{safe, DrawCx};
use crate::tui::worker::{Request, ShiftRequest};
use crossterm::event::KeyEvent;
use ratatui::layout::{Position, Rect};
use ratatui::Frame;
use unicode_segmentation::UnicodeSegmentation;

impl HandoverView {
    /// Why the view's own shift cannot change now, if it cannot.
    fn own_shift_refusal(&self, cx: &Shared<'_>) -> Option<String> {
        let ho = cx.s().ho();
        if let Some(h) = self.incoming() {
            let key = cx
                .keymap
                .hint(Context::Handover, Action::Handover)
                .unwrap_or_default();
            return Some(ho.not_yours(&safe(&h.from), &key));
        }
        if self.busy {
            return Some(cx.s().saving.to_string());
        }
        if cx.shift.handed_to().is_some() {
            return Some(ho.already_handed.to_string());
        }
        if !cx.shift.is_open() {
            return Some(ho.no_shift.to_string());
        }
        None
    }

    fn edit_notes(&mut self, cx: &Shared<'_>) -> Vec<Effect> {
        if let Some(why) = self.own_shift_refusal(cx) {
            return vec![Effect::Flash(why.into(), false)];
        }
        let notes = cx
            .shift
            .current
            .as_ref()
            .map(|s| s.notes.clone())
            .unwrap_or_default();
        self.start_notes(&notes);
        Vec::new()
    }

    fn pick_incoming(&self, cx: &Shared<'_>) -> Vec<Effect> {
        if let Some(why) = self.own_shift_refusal(cx) {
            return vec![Effect::Flash(why.into(), false)];
        }
        let pick = OfficerPick::new(cx.officers, cx.officer.unwrap_or_default());
        vec![Effect::Push(Box::new(pick))]
    }

    /// The handover on screen if it waits. From the officer's own view (or one
    /// already taken), the next waiting handover opens first: a handover is read,
    /// notes and all, before it is taken, like the one the desk opens on.
    fn acknowledge(&mut self, cx: &Shared<'_>) -> Vec<Effect> {
        let Some(officer) = cx.officer else {
            return Vec::new();
        };
        if self.busy {
            return Vec::new();
        }
        let shift_id = match (self.incoming(), cx.shift.pending.first()) {
            (Some(h), _) if h.acked_at.is_none() => h.shift_id,
            (_, Some(next)) => {
                let next = Box::new(next.clone());
                return vec![Effect::OpenHandover(Subject::Incoming(next))];
            }
            (_, None) => {
                return vec![Effect::Flash(cx.s().ho().nothing_to_ack.into(), false)];
            }
        };
        self.busy = true;
        vec![Effect::Send(Request::Shift(ShiftRequest::Acknowledge {
            officer: officer.to_string(),
            shift_id: Some(shift_id),
        }))]
    }

    fn notes_key(&mut self, ev: &KeyEvent, chord: &KeyChord, cx: &Shared<'_>) -> Handled {
        if self.busy {
            return Handled::done();
        }
        let changed = self.notes_changed();
        let Some(edit) = &mut self.notes else {
            return Handled::done();
        };
        match cx.keymap.other_form_action(chord) {
            Some(Action::Save) => {
                if !changed {
                    self.notes = None;
                    return Handled::done();
                }
                let text = notes_from_box(edit.input.value());
                self.busy = true;
                return Handled::with([Effect::Send(Request::Shift(ShiftRequest::SaveNotes {
                    officer: cx.officer.unwrap_or_default().to_string(),
                    text,
                }))]);
            }
            // One line holds the notes; Enter starts the next item in it.
            Some(Action::Confirm) => {
                let before: String = edit
                    .input
                    .value()
                    .graphemes(true)
                    .take(edit.input.cursor())
                    .collect();
                if !before.trim_end().is_empty() && !before.ends_with(NOTE_BREAK) {
                    edit.input.insert_str(NOTE_BREAK);
                }
            }
            Some(Action::Quit) => return Handled::with([Effect::AskQuit]),
            Some(Action::ToggleLang) => return Handled::with([Effect::ToggleLang]),
            Some(Action::Help) => {
                return Handled::with([Effect::Push(Box::new(Help::form(NOTES_ACTIONS, false)))])
            }
            Some(Action::Back) => {
                if changed {
                    return Handled::with([Effect::Push(
                        crate::tui::panes::confirm::Confirm::ask(Question::DiscardNotes),
                    )]);
                }
                self.notes = None;
            }
            _ => {
                edit.input.handle_key(ev);
            }
        }
        Handled::done()
    }

    /// The actions worth a hint: what can be done with what the view shows.
    fn view_hints(&self, cx: &Shared<'_>) -> Vec<Action> {
        use Action::*;
        let waiting = !cx.shift.pending.is_empty();
        let mut out = match self.incoming() {
            Some(h) if h.acked_at.is_none() => vec![Acknowledge, Handover],
            Some(_) => vec![Handover],
            None if cx.shift.is_open() => vec![EditNotes, HandOver],
            None => vec![],
        };
        if waiting && self.incoming().is_none() {
            out.push(Acknowledge);
        }
        out.extend([PageDown, Back]);
        out
    }
}

impl Layer for HandoverView {
    fn context(&self) -> Context {
        if self.typing() {
            Context::Form
        } else {
            Context::Handover
        }
    }

    fn action(&self, keymap: &Keymap, chord: &KeyChord) -> Option<Action> {
        if self.typing() {
            keymap.other_form_action(chord)
        } else {
            keymap.action(Context::Handover, chord)
        }
    }

    fn on_key(&mut self, ev: &KeyEvent, chord: &KeyChord, cx: &Shared<'_>) -> Handled {
        if self.notes.is_some() {
            return self.notes_key(ev, chord, cx);
        }
        let Some(action) = cx.keymap.action(Context::Handover, chord) else {
            return Handled::done();
        };
        if let Some(mv) = movement(action) {
            self.scroll_by(mv);
            return Handled::done();
        }
        Handled::Consumed(match action {
            Action::Back => vec![Effect::Close],
            // `h` always leads to the officer's own shift, and closes it from there.
            Action::Handover if self.subject == Subject::Own => vec![Effect::Close],
            Action::Handover => vec![Effect::OpenHandover(Subject::Own)],
            Action::EditNotes => self.edit_notes(cx),
            Action::HandOver => self.pick_incoming(cx),
            Action::Acknowledge => self.acknowledge(cx),
            Action::Refresh => vec![Effect::Send(Request::Load), Effect::Resummarize],
            Action::Help => vec![Effect::Push(Box::new(Help::new(Context::Handover)))],
            Action::Quit => vec![Effect::AskQuit],
            Action::ToggleLang => vec![Effect::ToggleLang],
            // Going to a pane leaves the view, as on any other pane.
            a if leaves_screen(a) || a == Action::Figures => {
                vec![Effect::Close, Effect::Desk(action)]
            }
            _ => vec![],
        })
    }

    fn on_paste(&mut self, text: &str, _cx: &Shared<'_>) -> Handled {
        match &mut self.notes {
            Some(edit) => Handled::Consumed(paste_into(&mut edit.input, text)),
            None => Handled::done(),
        }
    }

    fn on_answer(&mut self, question: &Question, yes: bool, cx: &Shared<'_>) -> Vec<Effect> {
        match question {
            Question::DiscardNotes if yes => self.notes = None,
            Question::HandOver(to) if yes => {
                if let Some(officer) = cx.officer {
                    self.busy = true;
                    return vec![Effect::Send(Request::Shift(ShiftRequest::HandOver {
                        officer: officer.to_string(),
                        to: to.clone(),
                    }))];
                }
            }
            _ => {}
        }
        Vec::new()
    }

    fn hints(&self, cx: &Shared<'_>) -> Vec<Action> {
        if self.typing() {
            vec![Action::Save, Action::Back]
        } else {
            self.view_hints(cx)
        }
    }

    fn has_unsaved(&self) -> bool {
        self.notes_changed()
    }

    fn draw(
        &self,
        f: &mut Frame,
        area: Rect,
        cx: &DrawCx<'_>,
        shared: &Shared<'_>,
    ) -> Option<Position> {
        let officer = shared.officer?;
        self.render(f, area, shared.shift, officer, cx)
    }

    fn covers_panes(&self) -> bool {
        true
    }

    fn tab(&self, cx: &DrawCx<'_>) -> Option<String> {
        let key = cx
            .keymap
            .hint(Context::Global, Action::Handover)
            .unwrap_or_default();
        Some(format!(" {key} {} ", cx.s.ho().title))
    }
}

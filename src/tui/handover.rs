//! The desk's side of shifts and handovers: starting (or resuming) the officer's
//! shift, the handover view's keys, and the worker's answers about shifts.

use super::app::{App, Command};
use super::keymap::{Action, Context, KeyChord, FORM_ACTIONS, NOTES_ACTIONS};
use super::keys::{list_move, movement};
use super::panes::handover::{notes_from_box, HandoverView, Subject, NOTE_BREAK};
use super::panes::handpick::OfficerPick;
use super::panes::help::{Confirm, Help, Question};
use super::panes::{clock_time, safe, Move};
use super::worker::{Request, ShiftRequest, ShiftResponse};
use crossterm::event::KeyEvent;
use unicode_segmentation::UnicodeSegmentation;

impl App {
    /// Starts or resumes the shift of the officer on duty; nothing without one.
    pub(super) fn start_shift(&self) -> Vec<Command> {
        match &self.officer {
            Some(officer) => vec![Command::Send(Request::Shift(ShiftRequest::Start {
                officer: officer.clone(),
            }))],
            None => Vec::new(),
        }
    }

    /// Opens the handover view on a subject and asks for its summary.
    pub(super) fn open_handover(&mut self, subject: Subject) -> Vec<Command> {
        let Some(officer) = self.officer.clone() else {
            return Vec::new();
        };
        self.shift.seq += 1;
        let of = match &subject {
            Subject::Incoming(h) => Some(h.clone()),
            Subject::Own => None,
        };
        self.handover = Some(HandoverView::new(subject, self.shift.seq));
        vec![Command::Send(Request::Shift(ShiftRequest::Summary {
            seq: self.shift.seq,
            officer,
            of,
        }))]
    }

    /// Asks again for the summary on screen (after a write, or on refresh).
    fn resummarize(&mut self) -> Vec<Command> {
        let Some(view) = &self.handover else {
            return Vec::new();
        };
        // A fresh view, then the old summary put back: it stays readable until the
        // new one arrives.
        let subject = view.subject.clone();
        let old = self.handover.take().and_then(|v| v.summary);
        let out = self.open_handover(subject);
        if let Some(view) = &mut self.handover {
            view.summary = old;
        }
        out
    }

    pub(super) fn on_shift(&mut self, r: ShiftResponse) -> Vec<Command> {
        let ho = self.s().ho();
        match r {
            ShiftResponse::Started {
                shift,
                resumed,
                pending,
                last,
            } => {
                // A start-up problem (a broken keymap) matters more than the news
                // that the shift goes on: do not cover it.
                let showing_error = self
                    .status
                    .as_ref()
                    .is_some_and(|m| m.error && m.until > std::time::Instant::now());
                if resumed && !showing_error {
                    let since = clock_time(&shift.started_at, &self.now);
                    self.flash(ho.resuming(&since), false);
                }
                self.shift.current = Some(shift);
                self.shift.last = last;
                let first = pending.first().cloned();
                self.shift.pending = pending;
                // A handover waiting for this officer is the first thing they see.
                if let Some(h) = first {
                    return self.open_handover(Subject::Incoming(Box::new(h)));
                }
            }
            ShiftResponse::Summary {
                seq,
                summary,
                last,
                pending,
            } => {
                self.shift.last = last;
                self.shift.pending = pending;
                if let Some(view) = self.handover.as_mut().filter(|v| v.seq == seq) {
                    if view.subject == Subject::Own {
                        if let Some(shift) = &summary.shift {
                            self.shift.current = Some(shift.clone());
                        }
                    }
                    view.summary = Some(summary);
                }
            }
            ShiftResponse::Pending { pending, last } => {
                self.shift.pending = pending;
                self.shift.last = last;
            }
            ShiftResponse::NotesSaved(shift) => {
                if let Some(view) = &mut self.handover {
                    view.busy = false;
                    view.notes = None;
                    if let Some(s) = view
                        .summary
                        .as_mut()
                        .filter(|_| view.subject == Subject::Own)
                    {
                        s.notes = shift.notes.clone();
                        s.shift = Some(shift.clone());
                    }
                }
                self.shift.current = Some(shift);
                self.flash(ho.notes_saved, false);
            }
            ShiftResponse::HandedOver { handover, shift } => {
                if let Some(view) = &mut self.handover {
                    view.busy = false;
                }
                self.flash(ho.handed_over_to(&safe(&handover.to)), false);
                self.shift.current = shift;
                self.shift.last = Some(handover);
                // The summary as it stands at the handover: the shift's end is its
                // window's end from now on.
                return self.resummarize();
            }
            ShiftResponse::Acknowledged {
                handover,
                pending,
                last,
            } => {
                let mut next = None;
                if let Some(view) = &mut self.handover {
                    view.busy = false;
                    if view
                        .incoming()
                        .is_some_and(|h| h.shift_id == handover.shift_id)
                    {
                        view.subject = Subject::Incoming(Box::new(handover));
                        // Several waited: the next one shows, to be read in turn.
                        next = pending.first().cloned();
                    }
                }
                self.shift.pending = pending;
                self.shift.last = last;
                self.flash(ho.acknowledged, false);
                if let Some(h) = next {
                    return self.open_handover(Subject::Incoming(Box::new(h)));
                }
            }
        }
        Vec::new()
    }

    /// A shift write failed (the message is flashed by the caller): let the view
    /// take keys again, keeping whatever was typed.
    pub(super) fn shift_failed(&mut self) {
        if let Some(view) = &mut self.handover {
            // A summary that cannot be made must not read "summarizing…" for good.
            if view.summary.is_none() && !view.busy {
                self.handover = None;
            } else {
                view.busy = false;
            }
        }
    }

    pub(super) fn handover_key(&mut self, ev: &KeyEvent, chord: &KeyChord) -> Vec<Command> {
        let Some(view) = &mut self.handover else {
            return Vec::new();
        };
        if view.pick.is_some() {
            return self.pick_key(ev, chord);
        }
        if view.notes.is_some() {
            return self.notes_key(ev, chord);
        }
        let Some(action) = self.keymap.action(Context::Handover, chord) else {
            return Vec::new();
        };
        if let Some(mv) = movement(action) {
            view.scroll_by(mv);
            return Vec::new();
        }
        match action {
            Action::Back => self.handover = None,
            // `h` always leads to the officer's own shift, and closes it from there.
            Action::Handover => {
                if view.subject == Subject::Own {
                    self.handover = None;
                } else {
                    return self.open_handover(Subject::Own);
                }
            }
            Action::EditNotes => self.edit_notes(),
            Action::HandOver => self.pick_incoming(),
            Action::Acknowledge => return self.acknowledge(),
            Action::Refresh => {
                let mut out = vec![Command::Send(Request::Load)];
                out.extend(self.resummarize());
                return out;
            }
            Action::Help => self.help = Some(Help::new(Context::Handover)),
            Action::Quit => return self.quit(),
            Action::ToggleLang => self.toggle_lang(),
            // Going to a pane leaves the view, as on any other pane.
            Action::FocusQueue
            | Action::FocusLookup
            | Action::FocusPicker
            | Action::FocusTimeline
            | Action::NextPane
            | Action::PrevPane
            | Action::SearchBox
            | Action::NewCheckIn => {
                self.handover = None;
                return self.pane_action(action);
            }
            _ => {}
        }
        Vec::new()
    }

    /// Why the view's own shift cannot change now, if it cannot.
    fn own_shift_refusal(&self) -> Option<String> {
        let ho = self.s().ho();
        let view = self.handover.as_ref()?;
        if let Some(h) = view.incoming() {
            let key = self
                .keymap
                .hint(Context::Handover, Action::Handover)
                .unwrap_or_default();
            return Some(ho.not_yours(&safe(&h.from), &key));
        }
        if view.busy {
            return Some(self.s().saving.to_string());
        }
        if self.shift.handed_to().is_some() {
            return Some(ho.already_handed.to_string());
        }
        if !self.shift.is_open() {
            return Some(ho.no_shift.to_string());
        }
        None
    }

    fn edit_notes(&mut self) {
        if let Some(why) = self.own_shift_refusal() {
            self.flash(why, false);
            return;
        }
        let notes = self
            .shift
            .current
            .as_ref()
            .map(|s| s.notes.clone())
            .unwrap_or_default();
        if let Some(view) = &mut self.handover {
            view.start_notes(&notes);
        }
    }

    fn pick_incoming(&mut self) {
        if let Some(why) = self.own_shift_refusal() {
            self.flash(why, false);
            return;
        }
        let me = self.officer.clone().unwrap_or_default();
        let pick = OfficerPick::new(&self.officers, &me);
        if let Some(view) = &mut self.handover {
            view.pick = Some(pick);
        }
    }

    /// The handover on screen if it waits; from the officer's own view, the latest
    /// one addressed to them.
    fn acknowledge(&mut self) -> Vec<Command> {
        let ho = self.s().ho();
        let (Some(officer), Some(view)) = (self.officer.clone(), &mut self.handover) else {
            return Vec::new();
        };
        if view.busy {
            return Vec::new();
        }
        let shift_id = match view.incoming() {
            Some(h) if h.acked_at.is_none() => Some(h.shift_id),
            // The next one is read before it is taken, like the first.
            Some(_) if !self.shift.pending.is_empty() => {
                let next = Box::new(self.shift.pending[0].clone());
                return self.open_handover(Subject::Incoming(next));
            }
            _ if self.shift.pending.is_empty() => {
                self.flash(ho.nothing_to_ack, false);
                return Vec::new();
            }
            _ => None,
        };
        view.busy = true;
        vec![Command::Send(Request::Shift(ShiftRequest::Acknowledge {
            officer,
            shift_id,
        }))]
    }

    /// After the officer said yes to handing over to `to`.
    pub(super) fn hand_over_to(&mut self, to: String) -> Vec<Command> {
        let (Some(officer), Some(view)) = (self.officer.clone(), &mut self.handover) else {
            return Vec::new();
        };
        view.busy = true;
        vec![Command::Send(Request::Shift(ShiftRequest::HandOver {
            officer,
            to,
        }))]
    }

    fn pick_key(&mut self, ev: &KeyEvent, chord: &KeyChord) -> Vec<Command> {
        let action = self.other_form_action(chord);
        let me = self.officer.clone().unwrap_or_default();
        let Some(pick) = self.handover.as_mut().and_then(|v| v.pick.as_mut()) else {
            return Vec::new();
        };
        match action {
            Some(Action::Confirm | Action::Save) => {
                let Some(name) = pick.choice() else {
                    return Vec::new();
                };
                if crate::text::clean_input(&name) == me {
                    self.flash(self.s().ho().not_to_self, false);
                    return Vec::new();
                }
                if let Some(view) = &mut self.handover {
                    view.pick = None;
                }
                self.confirm = Some(Confirm {
                    question: Question::HandOver(name),
                });
            }
            Some(Action::Quit) => return self.quit(),
            Some(Action::ToggleLang) => self.toggle_lang(),
            Some(Action::Help) => self.help = Some(Help::form(FORM_ACTIONS, false)),
            Some(Action::NextField) => pick.move_by(Move::Down),
            Some(Action::PrevField) => pick.move_by(Move::Up),
            Some(Action::Back) => {
                if let Some(view) = &mut self.handover {
                    view.pick = None;
                }
            }
            _ => {
                if let Some(mv) = list_move(ev) {
                    pick.move_by(mv);
                } else if pick.input.handle_key(ev) {
                    pick.sel.reset();
                }
            }
        }
        Vec::new()
    }

    fn notes_key(&mut self, ev: &KeyEvent, chord: &KeyChord) -> Vec<Command> {
        let action = self.other_form_action(chord);
        let officer = self.officer.clone().unwrap_or_default();
        let Some(view) = &mut self.handover else {
            return Vec::new();
        };
        if view.busy {
            return Vec::new();
        }
        let changed = view.notes_changed();
        let Some(edit) = &mut view.notes else {
            return Vec::new();
        };
        match action {
            Some(Action::Save) => {
                if !changed {
                    view.notes = None;
                    return Vec::new();
                }
                let text = notes_from_box(edit.input.value());
                view.busy = true;
                return vec![Command::Send(Request::Shift(ShiftRequest::SaveNotes {
                    officer,
                    text,
                }))];
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
            Some(Action::Quit) => return self.quit(),
            Some(Action::ToggleLang) => self.toggle_lang(),
            Some(Action::Help) => self.help = Some(Help::form(NOTES_ACTIONS, false)),
            Some(Action::Back) => {
                if changed {
                    self.confirm = Some(Confirm {
                        question: Question::DiscardNotes,
                    });
                } else {
                    view.notes = None;
                }
            }
            _ => {
                edit.input.handle_key(ev);
            }
        }
        Vec::new()
    }

    /// Pasted text goes to the box being typed in, if any.
    pub(super) fn handover_paste(&mut self, text: &str) {
        let Some(view) = &mut self.handover else {
            return;
        };
        if let Some(pick) = &mut view.pick {
            pick.input.insert_str(text);
            pick.sel.reset();
        } else if let Some(edit) = &mut view.notes {
            edit.input.insert_str(text);
        }
    }
}

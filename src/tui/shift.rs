//! The desk's side of shifts and handovers: starting (or resuming) the officer's
//! shift, putting the handover view on the stack, and the worker's answers about
//! shifts. The view's own keys are in `panes::handover`.

use super::app::{App, Command};
use super::panes::handover::{HandoverView, Subject};
use super::panes::{clock_time, safe};
use super::worker::{Request, ShiftRequest, ShiftResponse};

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
        let view = Box::new(HandoverView::new(subject, self.shift.seq));
        // A view on another subject takes the place of the one open.
        match self.layers.position::<HandoverView>() {
            Some(i) => self.layers.replace(i, view),
            None => self.layers.push(view),
        }
        vec![Command::Send(Request::Shift(ShiftRequest::Summary {
            seq: self.shift.seq,
            officer,
            of,
        }))]
    }

    /// Asks again for the summary on screen (after a write, or on refresh).
    pub(super) fn resummarize(&mut self) -> Vec<Command> {
        let Some(view) = self.layers.find_mut::<HandoverView>() else {
            return Vec::new();
        };
        // A fresh view, then the old summary put back: it stays readable until the
        // new one arrives.
        let subject = view.subject.clone();
        let old = view.summary.take();
        let out = self.open_handover(subject);
        if let Some(view) = self.layers.find_mut::<HandoverView>() {
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
                if resumed {
                    let since = clock_time(&shift.started_at, &self.now);
                    self.notice(ho.resuming(&since));
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
            ShiftResponse::Summary { seq, summary } => {
                if let Some(view) = self
                    .layers
                    .find_mut::<HandoverView>()
                    .filter(|v| v.seq == seq)
                {
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
                if let Some(view) = self.layers.find_mut::<HandoverView>() {
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
                if let Some(view) = self.layers.find_mut::<HandoverView>() {
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
                if let Some(view) = self.layers.find_mut::<HandoverView>() {
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
        if let Some(view) = self.layers.find_mut::<HandoverView>() {
            // A summary that cannot be made must not read "summarizing…" for good.
            if view.summary.is_none() && !view.busy {
                self.layers.close::<HandoverView>();
            } else {
                view.busy = false;
            }
        }
    }
}

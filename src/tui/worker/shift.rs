//! The worker's side of shifts and handovers. A summary reads every case with a
//! clock falling due and its timeline (seconds at a million people), which is why
//! it runs aside (`aside.rs`), never on the UI thread nor ahead of other answers.

use super::{Failed, Response, ShiftRequest, ShiftResponse, Worker};
use crate::store::{Handover, Result};
use crate::time::parse_instant;

impl Worker {
    /// Handles one shift request; false once the UI has gone.
    pub(super) fn shift(&mut self, request: ShiftRequest) -> bool {
        let answer = match request {
            ShiftRequest::Start { officer } => self.start_shift(&officer),
            ShiftRequest::Summary { seq, officer, of } => {
                return self.aside(Failed::Shift, move |store| {
                    let answer = summary(store, seq, &officer, of.as_deref())?;
                    Ok(Response::Shift(Box::new(answer)))
                });
            }
            ShiftRequest::SaveNotes { officer, text } => self
                .store
                .set_shift_notes(&officer, &text)
                .map(ShiftResponse::NotesSaved),
            ShiftRequest::HandOver { officer, to } => self.hand_over(&officer, &to),
            ShiftRequest::Acknowledge { officer, shift_id } => self.acknowledge(&officer, shift_id),
        };
        match answer {
            Ok(r) => self.send(Response::Shift(Box::new(r))),
            Err(e) => self.fail(Failed::Shift, e),
        }
    }

    /// The handovers waiting for the officer, after another desk wrote.
    pub(super) fn send_pending(&self, officer: &str) -> bool {
        let pending = || -> Result<ShiftResponse> {
            Ok(ShiftResponse::Pending {
                pending: self.store.pending_handovers(officer)?,
                last: self.store.last_handover()?,
            })
        };
        match pending() {
            Ok(r) => self.send(Response::Shift(Box::new(r))),
            Err(e) => self.fail(Failed::Shift, e),
        }
    }

    fn start_shift(&mut self, officer: &str) -> Result<ShiftResponse> {
        let resumed = self.store.current_shift(officer)?.is_some();
        let shift = self.store.start_shift(officer)?;
        Ok(ShiftResponse::Started {
            shift,
            resumed,
            pending: self.store.pending_handovers(officer)?,
            last: self.store.last_handover()?,
        })
    }

    fn hand_over(&mut self, officer: &str, to: &str) -> Result<ShiftResponse> {
        // The notes box saves on its own; passing notes here could overwrite newer
        // ones with what the screen last read.
        let handover = self.store.hand_over(officer, to, None)?;
        Ok(ShiftResponse::HandedOver {
            handover,
            shift: self.store.last_shift(officer)?,
        })
    }

    fn acknowledge(&mut self, officer: &str, shift_id: Option<i64>) -> Result<ShiftResponse> {
        let handover = match shift_id {
            Some(id) => self.store.acknowledge_shift(officer, id)?,
            None => self.store.acknowledge(officer)?,
        };
        Ok(ShiftResponse::Acknowledged {
            handover,
            pending: self.store.pending_handovers(officer)?,
            last: self.store.last_handover()?,
        })
    }
}

/// A handover summary (read aside: see `aside.rs`).
fn summary(
    store: &crate::store::Store,
    seq: u64,
    officer: &str,
    of: Option<&Handover>,
) -> Result<ShiftResponse> {
    let summary = match of {
        None => store.handover_summary(officer, None, None)?,
        // The handed-over shift's own window: the outgoing officer may have
        // started a newer shift since, which "their last shift" would pick.
        Some(h) => store.handover_summary(
            &h.from,
            parse_instant(&h.started_at),
            parse_instant(&h.handed_at),
        )?,
    };
    Ok(ShiftResponse::Summary {
        seq,
        summary: Box::new(summary),
    })
}

//! Shifts (班次) and handovers (交班), written once above the backend.
//!
//! A shift is open until it ends or is handed over; one left open by a killed
//! program is simply still open, and the next start resumes it instead of opening
//! a second one. Handing over and acknowledging are also written to the audit log,
//! so the record shows who passed the desk to whom, and when it was taken.

use super::Store;
use crate::domain::duty::DutyError;
use crate::store::error::{Result, StoreError};
use crate::store::port::{Duty, ShiftChange, Tx};
use crate::store::records::{Handover, Shift, MAX_NOTES_CHARS};
use crate::text::{clean_input, clean_multiline};

fn clean_notes(text: &str) -> Result<String> {
    let notes = clean_multiline(text);
    crate::text::check_length(&notes, MAX_NOTES_CHARS, "the notes").map_err(StoreError::Invalid)?;
    Ok(notes)
}

fn shift(tx: &mut dyn Tx, id: i64) -> Result<Shift> {
    tx.shift(id)?
        .ok_or_else(|| StoreError::NotFound(format!("no shift #{id} on record")))
}

fn require_open_shift(tx: &mut dyn Tx, officer_id: i64, officer: &str) -> Result<i64> {
    tx.open_shift(officer_id)?.ok_or_else(|| {
        StoreError::NotFound(format!(
            "{} has no open shift; start one with `jiedai shift start` (the desk starts one when it opens)",
            clean_input(officer)
        ))
    })
}

/// Refuses a write by an officer who handed the desk over and has not started
/// another shift. Their writes would otherwise land between shifts: in no
/// handover (theirs was made; the incoming officer's lists only their own), so
/// the record would hold acts no summary ever showed anyone. Refusing, rather
/// than opening a new shift on the fly, keeps a handed-over name from writing by
/// accident (a desk left signed in); starting a shift is one explicit step.
/// An officer who never had a shift (scripts, imports) is not concerned.
pub(super) fn check_on_duty(tx: &mut dyn Tx, officer_id: i64, officer: &str) -> Result<()> {
    let duty = tx.duty(officer_id)?;
    on_duty(&duty, officer)
}

/// [`check_on_duty`] over what the unit of work read (`Tx::acting_on_duty`).
pub(super) fn on_duty(duty: &Duty, officer: &str) -> Result<()> {
    match &duty.handed_over {
        Some((to, at)) if duty.open.is_none() => Err(DutyError::HandedOver {
            officer: clean_input(officer),
            to: to.clone(),
            at: at.clone(),
        }
        .into()),
        _ => Ok(()),
    }
}

fn handover_of(shift: Shift) -> Result<Handover> {
    let id = shift.id;
    shift
        .handover()
        .ok_or_else(|| StoreError::Invalid(format!("shift #{id} was not handed over")))
}

impl Store {
    /// Starts the officer's shift, or returns the one still open (a shift left open
    /// when the program was killed is resumed, not duplicated). The desk calls this
    /// when it opens with an officer's name.
    pub fn start_shift(&mut self, officer: &str) -> Result<Shift> {
        let at = self.cx().stamp();
        self.write(|tx| {
            let officer_id = tx.officer_id(officer, &at)?;
            let id = match tx.open_shift(officer_id)? {
                Some(id) => id,
                None => tx.insert_shift(officer_id, &at)?,
            };
            shift(tx, id)
        })
    }

    /// Ends the open shift without handing it to anyone.
    pub fn end_shift(&mut self, officer: &str) -> Result<Shift> {
        self.change_open_shift(officer, true, |_| Ok(None))
    }

    /// Replaces the notes of the officer's open shift (the screen's notes box).
    pub fn set_shift_notes(&mut self, officer: &str, text: &str) -> Result<Shift> {
        let notes = clean_notes(text)?;
        self.change_open_shift(officer, false, |_| Ok(Some(notes.clone())))
    }

    /// Adds a line to the notes of the officer's open shift.
    pub fn append_shift_notes(&mut self, officer: &str, text: &str) -> Result<Shift> {
        let line = clean_notes(text)?;
        self.change_open_shift(officer, false, |old| {
            let notes = if old.is_empty() {
                line.clone()
            } else {
                format!("{old}\n{line}")
            };
            clean_notes(&notes).map(Some)
        })
    }

    /// Ends the officer's open shift when `end`, and gives it the notes `notes`
    /// makes of the old ones (`None`: unchanged); returns the shift as it is now.
    fn change_open_shift(
        &mut self,
        officer: &str,
        end: bool,
        notes: impl Fn(&str) -> Result<Option<String>>,
    ) -> Result<Shift> {
        let at = self.cx().stamp();
        self.write(|tx| {
            let officer_id = tx.officer_id(officer, &at)?;
            let id = require_open_shift(tx, officer_id, officer)?;
            let notes = notes(&shift(tx, id)?.notes)?;
            tx.update_shift(
                id,
                &ShiftChange {
                    notes: notes.as_deref(),
                    ended_at: end.then_some(at.as_str()),
                    ..Default::default()
                },
            )?;
            shift(tx, id)
        })
    }

    /// Ends the officer's open shift by handing it to `to` (an active officer on the
    /// roster), optionally with final notes; recorded in the audit log.
    pub fn hand_over(&mut self, officer: &str, to: &str, notes: Option<&str>) -> Result<Handover> {
        let notes = notes.map(clean_notes).transpose()?;
        let at = self.cx().stamp();
        self.write(|tx| {
            let from_id = tx.officer_id(officer, &at)?;
            let to_id = super::roster::case_worker_id(tx, to)?;
            if from_id == to_id {
                return Err(StoreError::Invalid(
                    "a shift is handed over to another officer; to stop without one, use `jiedai shift end`".into(),
                ));
            }
            let id = require_open_shift(tx, from_id, officer)?;
            tx.update_shift(
                id,
                &ShiftChange {
                    notes: notes.as_deref(),
                    ended_at: Some(&at),
                    handed_to: Some(to_id),
                    ..Default::default()
                },
            )?;
            let shift = shift(tx, id)?;
            let to_name = shift.handed_to.clone().unwrap_or_default();
            let subject = format!("shift:{id} to:{to_name}");
            tx.audit(&at, Some(from_id), crate::domain::audit::AuditAction::Handover, &subject)?;
            handover_of(shift)
        })
    }

    /// The incoming officer takes the latest handover addressed to them; recorded.
    pub fn acknowledge(&mut self, officer: &str) -> Result<Handover> {
        self.acknowledge_shift_or_latest(officer, None)
    }

    /// As [`Store::acknowledge`], for one handover when several are waiting.
    pub fn acknowledge_shift(&mut self, officer: &str, shift_id: i64) -> Result<Handover> {
        self.acknowledge_shift_or_latest(officer, Some(shift_id))
    }

    fn acknowledge_shift_or_latest(
        &mut self,
        officer: &str,
        shift_id: Option<i64>,
    ) -> Result<Handover> {
        let at = self.cx().stamp();
        self.write(|tx| {
            let me = tx.officer_id(officer, &at)?;
            let name = clean_input(officer);
            let id = match shift_id {
                None => tx.latest_handover_to(me)?.ok_or_else(|| {
                    StoreError::NotFound(format!(
                        "no handover to {name} is waiting to be acknowledged; `jiedai shift show` lists them"
                    ))
                })?,
                Some(id) => {
                    let shift = shift(tx, id)?;
                    if shift.handed_to.as_deref() != Some(name.as_str()) {
                        return Err(StoreError::Invalid(format!(
                            "shift #{id} was not handed over to {name}"
                        )));
                    }
                    if let (Some(by), Some(when)) = (&shift.acked_by, &shift.acked_at) {
                        return Err(StoreError::Invalid(format!(
                            "shift #{id} was already acknowledged by {by} at {when}"
                        )));
                    }
                    id
                }
            };
            tx.update_shift(
                id,
                &ShiftChange {
                    acked_by: Some(me),
                    acked_at: Some(&at),
                    ..Default::default()
                },
            )?;
            // The incoming officer vouches for the record as it stands: the chain head
            // goes with the acknowledgment, an anchor for `verify --anchor`.
            let subject = match tx.chain_head()? {
                Some(head) => format!("shift:{id} chain_head:{head}"),
                None => format!("shift:{id}"),
            };
            tx.audit(&at, Some(me), crate::domain::audit::AuditAction::Acknowledge, &subject)?;
            handover_of(shift(tx, id)?)
        })
    }
}

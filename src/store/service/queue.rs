//! Moving a walk-in along the queue, and taking a move back: the rules
//! (`domain::queue`) run here, once, between the primitives of one unit of work.

use super::Store;
use crate::domain::duty::DutyError;
use crate::domain::queue::{queue_move, queue_undo, QueueAction};
use crate::domain::{EventKind, QueueStatus};
use crate::store::error::{Result, StoreError};
use crate::store::port::{QueueChange, QueueState, Tx};
use chrono::NaiveDate;
use serde_json::json;

/// A queue move taken back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Undone {
    pub queue_no: i64,
    pub queue_date: NaiveDate,
    pub from: QueueStatus,
    pub to: QueueStatus,
}

fn walk_in(tx: &mut dyn Tx, contact_id: i64) -> Result<QueueState> {
    tx.queue_state(contact_id)?.ok_or_else(|| {
        StoreError::NotFound(format!(
            "contact {contact_id} is not a walk-in in the queue"
        ))
    })
}

impl Store {
    /// Moves a walk-in along the queue by their contact id; returns the new status.
    pub fn queue_move(
        &mut self,
        officer: &str,
        contact_id: i64,
        action: QueueAction,
    ) -> Result<QueueStatus> {
        let at = self.cx().stamp();
        self.write(|tx| {
            let officer_id = tx.officer_id(officer, &at)?;
            super::shifts::check_on_duty(tx, officer_id, officer)?;
            let state = walk_in(tx, contact_id)?;
            let Some(step) = queue_move(action, state.status, state.received) else {
                return Err(StoreError::Invalid(format!(
                    "visitor {} is {}; cannot mark them {}",
                    state.queue_no,
                    state.status.code(),
                    action.target().code()
                )));
            };
            tx.update_queue(
                contact_id,
                &QueueChange {
                    status: step.status,
                    received_by: step.set_receiver.then_some(officer_id),
                    received_at: step.stamp_received.then_some(at.as_str()),
                    finished_at: step.stamp_finished.then_some(at.as_str()),
                    clear_received: false,
                    clear_finished: false,
                },
            )?;
            Ok(step.status)
        })
    }

    /// Takes back a walk-in's last move (received, done, left unseen), when it was
    /// made within the officer's open shift. The columns go back to what they were
    /// and the correction goes on the case's timeline: the record shows both the
    /// move (as the times it cleared no longer do) and who took it back, and when.
    pub fn queue_undo(&mut self, officer: &str, contact_id: i64) -> Result<Undone> {
        let at = self.cx().stamp();
        let clocks = self.rules().clocks.clone();
        self.write(|tx| {
            let officer_id = tx.officer_id(officer, &at)?;
            let shift_id = tx
                .open_shift(officer_id)?
                .ok_or_else(|| DutyError::NoShift {
                    officer: crate::text::clean_input(officer),
                })?;
            let state = walk_in(tx, contact_id)?;
            let Some(undo) = queue_undo(state.status, state.received) else {
                return Err(DutyError::NothingToUndo {
                    queue_no: state.queue_no,
                }
                .into());
            };
            let moved_at = crate::domain::queue::moved_at(
                state.status,
                state.received_at.as_deref(),
                state.finished_at.as_deref(),
            )
            .to_string();
            let started = tx
                .shift(shift_id)?
                .map(|s| s.started_at)
                .unwrap_or_default();
            if !crate::domain::queue::undoable_in_shift(&moved_at, &started) {
                return Err(DutyError::NotThisShift {
                    queue_no: state.queue_no,
                    status: state.status,
                    moved_at,
                }
                .into());
            }
            tx.update_queue(
                contact_id,
                &QueueChange {
                    status: undo.to,
                    received_by: None,
                    received_at: None,
                    finished_at: None,
                    clear_received: undo.clear_receiver,
                    clear_finished: undo.clear_finished,
                },
            )?;
            let detail = json!({
                "contact_id": contact_id,
                "queue_date": state.queue_date.to_string(),
                "queue_no": state.queue_no,
                "undone": undo.from.code(),
                "restored": undo.to.code(),
                "moved_at": moved_at,
            });
            tx.append_event(
                state.case_id,
                &at,
                officer_id,
                EventKind::QueueUndo,
                &detail,
                &clocks,
            )?;
            Ok(Undone {
                queue_no: state.queue_no,
                queue_date: state.queue_date,
                from: undo.from,
                to: undo.to,
            })
        })
    }
}

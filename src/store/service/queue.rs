//! Moving a walk-in along the queue: the rule (`domain::queue`) runs here, once,
//! between two primitives of one unit of work.

use super::Store;
use crate::domain::queue::{queue_move, QueueAction};
use crate::domain::QueueStatus;
use crate::store::error::{Result, StoreError};
use crate::store::port::QueueChange;

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
            let state = tx.queue_state(contact_id)?.ok_or_else(|| {
                StoreError::NotFound(format!(
                    "contact {contact_id} is not a walk-in in the queue"
                ))
            })?;
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
                },
            )?;
            Ok(step.status)
        })
    }
}

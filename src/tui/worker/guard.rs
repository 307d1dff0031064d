//! What the worker does when the ground moves under the desk: the database file
//! deleted or replaced, or a visitor moved by another desk first.

use super::{queue_snapshot, Failed, Response, Worker};
use crate::domain::QueueStatus;
use crate::words::desk::Problem;

/// Device and inode: which file a path names.
pub(super) type FileId = (u64, u64);

#[cfg(unix)]
pub(super) fn file_id(path: &std::path::Path) -> Option<FileId> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
}

#[cfg(not(unix))]
pub(super) fn file_id(_path: &std::path::Path) -> Option<FileId> {
    None
}

impl Worker {
    /// Whether the database file was deleted or replaced since the desk opened it.
    /// SQLite carries on with the open file, deleted or not: every write after that
    /// would be acknowledged and then lost when the desk closes.
    pub(super) fn file_gone(&self) -> bool {
        self.file
            .is_some_and(|id| file_id(self.store.path()) != Some(id))
    }

    /// A queue move refused because the visitor is no longer where this desk saw
    /// them (another desk moved them first) says so in the officer's words.
    pub(super) fn queue_move_failed(
        &mut self,
        contact_id: i64,
        action: crate::store::QueueAction,
        e: crate::store::StoreError,
    ) -> bool {
        let snapshot = queue_snapshot(&self.store);
        let problem = match (&e, &snapshot) {
            (crate::store::StoreError::Invalid(_), Ok((rows, _))) => rows
                .iter()
                .find(|r| r.contact_id == contact_id)
                .map(|r| Problem::QueueConflict(r.queue_no, r.status, target(action)))
                .unwrap_or_else(|| Problem::from(&e)),
            _ => Problem::from(&e),
        };
        if !self.fail(Failed::QueueMove, problem) {
            return false;
        }
        match snapshot {
            Ok((rows, counts)) => self.send(Response::Queue { rows, counts }),
            Err(e) => self.fail(Failed::Load, e),
        }
    }
}

/// Where a queue move takes the visitor.
fn target(action: crate::store::QueueAction) -> QueueStatus {
    use crate::store::QueueAction as A;
    match action {
        A::Receive => QueueStatus::Receiving,
        A::Done => QueueStatus::Done,
        A::Left => QueueStatus::Left,
    }
}

//! Who may still write, and what may still be taken back: the refusals of the
//! shift (an officer who handed the desk over; a queue move from before the
//! shift). Typed, so that each front end words them in its language.

use super::QueueStatus;
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DutyError {
    /// The visitor is waiting: there is no move to undo.
    NothingToUndo { queue_no: i64 },
    /// The move was made before the officer's shift began: it belongs to a shift
    /// that may already have been handed over, so it stays.
    NotThisShift {
        queue_no: i64,
        status: QueueStatus,
        moved_at: String,
    },
    /// Undoing needs a shift to belong to, and the officer has none open.
    NoShift { officer: String },
    /// The officer handed the desk over and has not started another shift: what
    /// they write now would belong to no shift, so it is refused.
    HandedOver {
        officer: String,
        to: String,
        at: String,
    },
}

impl fmt::Display for DutyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DutyError::NothingToUndo { queue_no } => write!(
                f,
                "visitor {queue_no} is waiting; there is no move to undo"
            ),
            DutyError::NotThisShift {
                queue_no,
                status,
                moved_at,
            } => write!(
                f,
                "visitor {queue_no} became {} at {moved_at}, before this shift began; only moves made in this shift can be undone",
                status.code()
            ),
            DutyError::NoShift { officer } => write!(
                f,
                "{officer} has no open shift; moves are undone within the shift that made them (`jiedai shift start`, or open the desk)"
            ),
            DutyError::HandedOver { officer, to, at } => write!(
                f,
                "{officer} handed the shift over to {to} at {at}; nothing more is recorded under {officer} until a new shift starts (`jiedai shift start`, or open the desk again)"
            ),
        }
    }
}

impl std::error::Error for DutyError {}

//! Shifts and handovers as records.

use serde::{Deserialize, Serialize};

/// One officer's time on duty.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shift {
    pub id: i64,
    pub officer: String,
    pub started_at: String,
    /// `None` while the shift is open (also when the program was killed mid-shift).
    pub ended_at: Option<String>,
    pub notes: String,
    /// The incoming officer, once the shift was handed over.
    pub handed_to: Option<String>,
    pub acked_by: Option<String>,
    pub acked_at: Option<String>,
}

impl Shift {
    pub fn is_open(&self) -> bool {
        self.ended_at.is_none()
    }

    /// The handover this shift ended with, if it ended with one.
    pub fn handover(&self) -> Option<Handover> {
        Some(Handover {
            shift_id: self.id,
            from: self.officer.clone(),
            to: self.handed_to.clone()?,
            started_at: self.started_at.clone(),
            handed_at: self.ended_at.clone()?,
            notes: self.notes.clone(),
            acked_by: self.acked_by.clone(),
            acked_at: self.acked_at.clone(),
        })
    }
}

/// A shift handed from one officer to another, and whether it was acknowledged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Handover {
    pub shift_id: i64,
    pub from: String,
    pub to: String,
    pub started_at: String,
    pub handed_at: String,
    pub notes: String,
    pub acked_by: Option<String>,
    pub acked_at: Option<String>,
}

impl Handover {
    pub fn is_acknowledged(&self) -> bool {
        self.acked_at.is_some()
    }
}

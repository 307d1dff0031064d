//! The store port: every operation the front ends and the rules need from the
//! record, by concern, in plain records and [`StoreError`]s. A backend (SQLite
//! today, a server engine later) implements these traits; everything above —
//! the check-in and case-step orchestration in [`super::service`], the desk, the
//! command line — sees only the traits. DESIGN.md §3 says how to add a backend.
//!
//! Two kinds of operation live here. The book traits are whole operations that a
//! backend answers with its own queries (reads, and small writes with no rule in
//! them). [`Tx`] is the set of primitives a unit of work is made of: the
//! orchestration runs the rules above the backend and calls these inside one
//! transaction that [`UnitOfWork::run`] opens.
//!
//! By concern, one file each: `context` (the rules and the moment), `books` (the
//! reads), `admin` (the record as a whole), `tx` (a unit of work's primitives) and
//! `tx_records` (what those primitives exchange); running units of work and the
//! whole backend are here. Every name is re-exported here, so callers name
//! `store::port::X` whichever file holds it.

mod admin;
mod books;
mod context;
mod tx;
mod tx_records;

pub use admin::{Admin, Signal, Wake};
pub use books::{CaseBook, PeopleBook, QueueBook, RecordBook, ShiftBook};
pub use context::{Ctx, Rules};
pub use tx::Tx;
pub use tx_records::*;

use super::error::{Result, StoreError};
use crate::domain::numbering::{format_case_no, parse_case_no};

/// Runs units of work: all of a unit's primitives commit together or not at all.
pub trait UnitOfWork {
    /// Runs `work` in one write transaction that takes the write lock up front
    /// (numbers are allocated inside it, so two desks never draw the same one).
    /// A backend may run `work` again after a serialization failure, so `work`
    /// must keep its effects inside the transaction.
    fn run(&mut self, work: &mut dyn FnMut(&mut dyn Tx) -> Result<()>) -> Result<()>;
}

/// A whole backend: what [`super::Store`] holds.
pub trait Backend:
    PeopleBook
    + QueueBook
    + CaseBook
    + ShiftBook
    + RecordBook
    + super::leaders::LeaderBook
    + Admin
    + UnitOfWork
    + super::risk_port::RiskBook
    + super::ratings_port::RatingBook
    + Send
{
}

impl<T> Backend for T where
    T: PeopleBook
        + QueueBook
        + CaseBook
        + ShiftBook
        + RecordBook
        + super::leaders::LeaderBook
        + Admin
        + UnitOfWork
        + super::risk_port::RiskBook
        + super::ratings_port::RatingBook
        + Send
{
}

/// For a unit of work that cannot have run (a bug, not a user's mistake).
pub(crate) fn not_run() -> StoreError {
    StoreError::Backend("the unit of work did not run".into())
}

/// A case number as the record writes it (`2026-000123`), from what an officer
/// typed; every backend stores and looks cases up by this form.
pub(crate) fn canonical_case_no(s: &str) -> Result<String> {
    parse_case_no(s.trim())
        .map(|(y, n)| format_case_no(y, n))
        .ok_or_else(|| {
            StoreError::Invalid(format!(
                "{} is not a case number (like 2026-000123)",
                crate::text::excerpt(s, 40)
            ))
        })
}

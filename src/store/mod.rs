//! The record: a port the front ends and rules speak to, and the backends behind it.
//!
//! - [`port`]: the operations by concern (traits), [`Tx`] primitives for a unit of
//!   work, and the records they exchange ([`records`]); errors in [`error`] say what
//!   happened, never which engine said so.
//! - [`Store`] (in `service`): what the front ends hold — a `Box<dyn Backend>` plus
//!   the office's clock and rules, with the check-in and case-step orchestration
//!   written once above any backend.
//! - `sqlite`: the SQLite adapter, the only module that names the SQLite crate or speaks
//!   SQL. Writes run in short `IMMEDIATE` transactions: numbers (case, queue,
//!   letter) are allocated inside the transaction that uses them, so two desks on
//!   one file never get the same one.
//! - `postgres` (cargo feature `postgres`): the PostgreSQL adapter, chosen by a
//!   `postgresql://` address ([`address`]); DESIGN.md §3 lists what it covers.

pub mod address;
pub(crate) mod copy;
pub mod error;
mod figure_cases;
pub mod figure_facts;
mod handover_window;
mod host;
pub mod leaders;
#[cfg(feature = "postgres")]
pub mod moving;
pub mod port;
#[cfg(feature = "postgres")]
mod postgres;
pub mod ratings_port;
pub mod records;
pub mod risk_port;
mod service;
mod sqlite;
mod stats_parts;

pub use error::{Result, StoreError, Trouble};
pub use figure_facts::{Bar, CaseBrief, FigureFacts, FigureReport, OverdueCase, OverdueNow, Split};
pub use host::host_account;
pub use port::{Backend, Ctx, Rules, Signal, Tx, UnitOfWork, Wake};
#[cfg(feature = "postgres")]
pub use postgres::PgStore;
pub use records::*;
pub use service::roster::{Enrolled, Enrolment};
pub use service::{
    BaoanInput, Evaluated, Evaluation, FollowUp, ItemInput, LeadersReport, LevelRegister, Opinion,
    PlanStart, QueueUndone, Received, ReceptionInput, RegistersReport, ReportBack,
    ScreeningRegister, Store,
};
pub use service::{Extension, Notice};
pub use sqlite::{
    announce_compaction, latest_version, longest_hold as longest_lock_hold, SqliteStore,
    APPLICATION_ID,
};

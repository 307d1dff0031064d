//! The integration tests, one binary with a module per subject, sharing one fixture
//! (`common`) and one runner. Each module's first lines say what it covers.
//!
//! - the record: `store` (and the `conformance` suite every backend passes),
//!   `backup_live` (backups while a desk checks in: one committed state, its own
//!   anchor), `trust` (verify, anchors, audit, bad input at the command line), `ledger`
//!   (every table under the chain: tamper classes, rebuilt ledger, since-anchor),
//!   `locks` (two writer processes and a 20,000-row import on one file), `outputs`
//!   (no file written over the record), `kills` (SIGKILL at random moments),
//!   `hostile` (a table of 300 hostile inputs), `properties` (property tests)
//! - the command line: `cli`, `transfer` (import and export), `handover`, `roster`
//!   (the officers: who may act, who keeps the roster; see `common` for test rosters),
//!   `leaders` (包案, receptions, 批示 and 督办)
//! - the desk: `render`, `render_handover` and `render_registers` (screens on a test
//!   backend), `roster_desk` (sign-in and pickers over the roster),
//!   `desk_pty` (the real binary in a pseudo-terminal), `desk_faults` (faults and
//!   races found by driving the desk), `desk_forms` (what typing does in a form), `desk_queue` (which visitor
//!   the queue acts on), `desk_search_fold` (the poll folds waiting search keys), `desk_words` (what the desk says), `desk_stress` (absurd data, stale answers,
//!   broken keymaps, every screen), `signals`, `keymap`

#[macro_use]
mod conformance;
mod common;

mod backup_live;
mod cli;
mod demo_office;
mod demo_staging;
mod desk_faults;
mod desk_forms;
mod desk_plan_pty;
mod desk_pty;
mod desk_queue;
mod desk_repeat;
mod desk_search_fold;
mod desk_stress;
mod desk_undo;
mod desk_words;
mod deskform;
mod figures;
mod handover;
mod hostile;
mod keymap;
mod kills;
mod leaders;
mod ledger;
mod locks;
mod matters;
mod notices;
mod outputs;
#[cfg(feature = "postgres")]
mod postgres;
#[cfg(feature = "postgres")]
mod postgres_desks;
mod postgres_figures;
mod postgres_live;
#[cfg(feature = "postgres")]
mod postgres_moving;
#[cfg(feature = "postgres")]
mod postgres_registers;
#[cfg(feature = "postgres")]
mod postgres_tls;
mod properties;
mod ratings;
mod reception;
mod render;
mod render_deskform;
mod render_figures;
mod render_handover;
mod render_matters;
mod render_notices;
mod render_ratings;
mod render_registers;
mod render_risk;
mod risk;
mod roster;
mod roster_desk;
mod same_person;
mod scale;
mod signals;
mod store;
mod transfer;
mod trust;

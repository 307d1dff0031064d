//! The integration tests, one binary with a module per subject, sharing one fixture
//! (`common`) and one runner. Each module's first lines say what it covers.
//!
//! - the record: `store` (and the `conformance` suite every backend passes),
//!   `trust` (verify, anchors, audit, bad input at the command line), `outputs`
//!   (no file written over the record), `kills` (SIGKILL at random moments),
//!   `hostile` (a table of 300 hostile inputs), `properties` (property tests)
//! - the command line: `cli`, `transfer` (import and export), `handover`, `roster`
//!   (the officers: who may act, who keeps the roster; see `common` for test rosters)
//! - the desk: `render` and `render_handover` (screens on a test backend), `roster_desk`
//!   (sign-in and pickers over the roster),
//!   `desk_pty` (the real binary in a pseudo-terminal), `desk_faults` (faults and
//!   races found by driving the desk), `desk_forms` (what typing does in a form), `desk_queue` (which visitor
//!   the queue acts on), `desk_words` (what the desk says), `desk_stress` (absurd data, stale answers,
//!   broken keymaps, every screen), `signals`, `keymap`

#[macro_use]
mod conformance;
mod common;

mod cli;
mod demo_office;
mod desk_faults;
mod desk_forms;
mod desk_pty;
mod desk_queue;
mod desk_repeat;
mod desk_stress;
mod desk_undo;
mod desk_words;
mod figures;
mod handover;
mod hostile;
mod keymap;
mod kills;
mod matters;
mod outputs;
mod properties;
mod render;
mod render_figures;
mod render_handover;
mod render_matters;
mod roster;
mod roster_desk;
mod same_person;
mod scale;
mod signals;
mod store;
mod transfer;
mod trust;

//! jiedai (接待台): the front desk of a petition office.
//!
//! Layers, from the inside out:
//! - [`domain`]: the rules (identity, masking, lifecycle, clocks, flags, handover),
//!   pure functions with no I/O;
//! - [`store`]: the one SQLite file; the only place that speaks SQL;
//! - [`search`]: the lookup index and its ranking;
//! - [`cli`]: the headless commands; [`tui`]: the full-screen desk.

pub mod cli;
pub mod config;
pub mod demo;
pub mod domain;
pub mod outfile;
pub mod search;
pub mod store;
pub mod text;
pub mod time;
pub mod tui;

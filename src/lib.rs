//! jiedai (接待台): the front desk of a petition office.
//!
//! Layers, from the inside out:
//! - [`domain`]: the rules (identity, masking, lifecycle, clocks, flags, handover),
//!   pure functions with no I/O;
//! - [`store`]: the one SQLite file; the only place that speaks SQL;
//! - [`search`]: the lookup keys and the ranking over them;
//! - [`words`]: every sentence the program says outside the desk's own screens;
//! - [`startup`]: the options, config and environment, read once into one value;
//! - [`cli`]: the headless commands; [`tui`]: the full-screen desk. Neither
//!   imports the other; both return [`exit::Failure`].

pub mod cli;
pub mod config;
pub mod demo;
pub mod domain;
pub mod exit;
pub mod outfile;
pub mod search;
pub mod startup;
pub mod store;
pub mod templates;
pub mod text;
pub mod time;
pub mod tui;
pub mod words;

#[cfg(test)]
mod import_cycles;

//! The full-screen desk (being written).

pub mod input;
pub mod keymap;

use crate::cli::{CliResult, Context};

pub fn run(_ctx: &Context) -> CliResult {
    Err(crate::cli::CliError::new(1, "the full-screen desk is not built yet"))
}

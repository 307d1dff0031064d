//! `jiedai handover` and `jiedai shift` (being written).

use super::{CliError, CliResult, Context};
use clap::{Args, Subcommand};

#[derive(Debug, Args)]
pub struct HandoverArgs {}

#[derive(Debug, Subcommand)]
pub enum ShiftCommand {
    Show,
}

pub fn handover(_ctx: &Context, _a: HandoverArgs) -> CliResult {
    Err(CliError::new(1, "not built yet"))
}

pub fn shift(_ctx: &Context, _c: ShiftCommand) -> CliResult {
    Err(CliError::new(1, "not built yet"))
}

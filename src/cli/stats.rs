//! `jiedai stats` (being written).

use super::{CliError, CliResult, Context};
use clap::Args;

#[derive(Debug, Args)]
pub struct StatsArgs {}

pub fn stats(_ctx: &Context, _a: StatsArgs) -> CliResult {
    Err(CliError::new(1, "not built yet"))
}

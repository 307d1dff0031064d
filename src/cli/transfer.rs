//! `jiedai import` and `jiedai export` (being written).

use super::{CliError, CliResult, Context};
use clap::Args;

#[derive(Debug, Args)]
pub struct ImportArgs {}

#[derive(Debug, Args)]
pub struct ExportArgs {}

pub fn import(_ctx: &Context, _a: ImportArgs) -> CliResult {
    Err(CliError::new(1, "not built yet"))
}

pub fn export(_ctx: &Context, _a: ExportArgs) -> CliResult {
    Err(CliError::new(1, "not built yet"))
}

//! `jiedai import` (contacts from a CSV file, all rows or none) and `jiedai export`
//! (contacts to a CSV or XLSX file, masked unless revealed, always recorded).

use super::output::print_json;
use super::progress::Progress;
use super::stats::open_period;
use super::{exit, Failure, Outcome, Startup};
use crate::domain::intake::{FieldError, FieldProblem};
use crate::domain::transfer::{fingerprint, is_blank, read_header, read_row, ImportRow, Mapping};
use crate::domain::{Flag, Lang};
use crate::outfile::{Staged, Target};
use crate::store::{CheckIn, DayRange, ExportRow, Imported, OpenMode, Store, StoreError};
use crate::time::{parse_instant, TimeSource};
use crate::words::transfer as words;
use chrono::{DateTime, FixedOffset, NaiveDateTime, TimeZone};
use clap::Args;
use serde::Serialize;
use std::borrow::Cow;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::PathBuf;

/// More problems than this are summed up: the first screenful says what is wrong.
const SHOWN_PROBLEMS: usize = 20;

use crate::words::help::{EXPORT_HELP, IMPORT_HELP};

#[derive(Debug, Args)]
#[command(after_long_help = IMPORT_HELP)]
pub struct ImportArgs {
    /// The CSV or .xlsx file (header row; see --help for the columns)
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Map the file's own column names to jiedai's (TOML; see --help)
    #[arg(long, value_name = "FILE.toml")]
    pub mapping: Option<PathBuf>,
    /// Record rows without a status or closing date as closed cases (a register of
    /// finished business)
    #[arg(long)]
    pub as_closed: bool,
    /// Check and count everything, write nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Print the result as one JSON document
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
#[command(after_long_help = EXPORT_HELP)]
pub struct ExportArgs {
    /// The file to write: FILE.csv or FILE.xlsx, or `-` for CSV on standard output
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// First day, inclusive (YYYY-MM-DD, or YYYY-MM) [default: the first contact]
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// Last day, inclusive (YYYY-MM-DD, or YYYY-MM) [default: the last contact]
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
    /// Write full ID numbers and phones (recorded in the audit log)
    #[arg(long)]
    pub reveal: bool,
    /// Replace FILE if it exists
    #[arg(long)]
    pub force: bool,
    /// Print the result as one JSON document
    #[arg(long)]
    pub json: bool,
}

fn refused(message: String) -> Failure {
    Failure::new(exit::REFUSED, message)
}

mod closing;
mod export;
mod import;
mod mapping;
mod report;
mod source;

pub use export::export;
pub use import::import;

#[cfg(test)]
mod tests;

//! `jiedai import` (contacts from a CSV file, all rows or none) and `jiedai export`
//! (contacts to a CSV or XLSX file, masked unless revealed, always recorded).

use super::output::print_json;
use super::progress::Progress;
use super::stats::open_period;
use super::{exit, Failure, Outcome, Startup};
use crate::domain::intake::{FieldError, FieldProblem};
use crate::domain::transfer::{is_blank, read_header, read_row, Column, ImportRow};
use crate::domain::{Flag, Lang};
use crate::outfile::{Staged, Target};
use crate::store::{CheckIn, DayRange, ExportRow, OpenMode, Store, StoreError};
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
    /// The CSV file (UTF-8, header row; see --help for the columns)
    #[arg(value_name = "FILE.csv")]
    pub file: PathBuf,
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

mod export;
mod import;

pub use export::export;
pub use import::import;

#[cfg(test)]
mod tests;

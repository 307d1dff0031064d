//! `jiedai import` (contacts from a CSV file, all rows or none) and `jiedai export`
//! (contacts to a CSV or XLSX file, masked unless revealed, always recorded).

use super::output::print_json;
use super::progress::Progress;
use super::stats::open_period;
use super::{exit, CliError, CliResult, Context};
use crate::domain::intake::FieldError;
use crate::domain::transfer::{is_blank, read_header, read_row, Column, ImportRow};
use crate::domain::{Flag, Lang};
use crate::outfile::{Staged, Target};
use crate::store::{CheckIn, DayRange, ExportRow, OpenMode, Store, StoreError};
use crate::time::{parse_instant, TimeSource};
use chrono::{DateTime, FixedOffset, NaiveDateTime, TimeZone};
use clap::Args;
use serde::Serialize;
use std::borrow::Cow;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::PathBuf;

/// More problems than this are summed up: the first screenful says what is wrong.
const SHOWN_PROBLEMS: usize = 20;

const IMPORT_HELP: &str = "\
The file is UTF-8 CSV (Excel: Save As \"CSV UTF-8\") with a header row naming the columns, \
in any order (English names as below, or the Chinese headers `jiedai export` writes):
  name             required
  id_number, phone, address, matter, category
  headcount        how many came [default 1]
  representatives  names separated by 、 ; or ,
  channel          visit|letter|call|online or 来访|来信|来电|网上 [default visit]
  arrived_at       RFC 3339 or YYYY-MM-DD HH:MM [default now]; not in the future
  case_no          join this existing case
  officer          who registered it [default --officer]
Every row is checked first; if any is wrong, all problems are listed as FILE:LINE: field: \
message and nothing is written. Contacts before today are recorded as received; today's \
walk-ins join the queue as waiting.";

const EXPORT_HELP: &str = "\
One row per contact, oldest first, with headers in the --lang language. ID numbers and phones \
are masked unless --reveal, which is recorded (export_revealed); every export is recorded in \
the audit log with its file and row count. The file is created readable by you only. CSV files \
start with a UTF-8 byte order mark so that Excel shows Chinese correctly; in a revealed CSV, \
numbers start with a tab so that Excel keeps them as text instead of rounding them.";

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

fn plural(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn refused(message: String) -> CliError {
    CliError::new(exit::REFUSED, message)
}

mod export;
mod import;

pub use export::export;
pub use import::import;

#[cfg(test)]
mod tests;

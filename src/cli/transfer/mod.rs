//! `jiedai import` (contacts from a CSV file, all rows or none) and `jiedai export`
//! (contacts to a CSV or XLSX file, masked unless revealed, always recorded).

use super::output::print_json;
use super::progress::Progress;
use super::stats::open_period;
use super::{exit, CliError, CliResult, Context};
use crate::domain::intake::FieldError;
use crate::domain::transfer::{fingerprint, is_blank, read_header, read_row, ImportRow, Mapping};
use crate::domain::{Flag, Lang};
use crate::outfile::{Staged, Target};
use crate::store::{CheckIn, DayRange, ExportRow, Imported, OpenMode, Store, StoreError};
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
The file is CSV (UTF-8 with or without a byte order mark, or GBK/GB18030 as Excel saves plain \
\"CSV\" on Chinese Windows; any line endings) or an Excel workbook (.xlsx, first sheet), with a \
header row naming the columns in any order: English names as below, the Chinese headers \
`jiedai export` writes, or a register's usual ones (日期, 姓名, 身份证号, 联系电话, 住址, 人数, \
来访方式, 类别, 诉求, 承办单位, 办理状态, 办结日期, 答复意见). Other columns are left aside and \
listed once; --mapping FILE.toml names them ([columns] \"their name\" = \"ours\", \"\" to ignore).
  name             required
  id_number, phone, address, matter, category
  headcount        how many came [default 1]
  representatives  names separated by 、 ; or ,
  channel          visit|letter|call|online or 来访|来信|来电|网上 [default visit]
  arrived_at       RFC 3339, YYYY-MM-DD HH:MM, or a date alone (time of day unknown) [default now]
  case_no          join this case; a number not on record opens the case under it
  officer          who registered it [default --officer]
  case_status      办理状态: jiedai's statuses, or a register's word: 办理中/待… keep the case \
open, any other word (已办结…) closes it
  closed_on        办结日期: the case was closed that day
  reply            答复意见: the reply given, recorded as the case's outcome
  unit, handler    承办单位, 承办人
Every row is checked first; if any is wrong, all problems are listed as FILE:LINE: field: \
message and nothing is written. Each row's fingerprint is kept, so importing the same file \
again adds nothing. Past, undated and closed contacts are recorded as received; only today's \
open walk-ins join the queue as waiting.";

const EXPORT_HELP: &str = "\
One row per contact, oldest first, with headers in the --lang language. ID numbers and phones \
are masked unless --reveal, which is recorded (export_revealed); every export is recorded in \
the audit log with its file and row count. The file is created readable by you only. CSV files \
start with a UTF-8 byte order mark so that Excel shows Chinese correctly; in a revealed CSV, \
numbers start with a tab so that Excel keeps them as text instead of rounding them.";

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

fn plural(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn refused(message: String) -> CliError {
    CliError::new(exit::REFUSED, message)
}

mod closing;
mod export;
mod import;
mod mapping;
mod source;

pub use export::export;
pub use import::import;

#[cfg(test)]
mod tests;

//! `jiedai import` (contacts from a CSV file, all rows or none) and `jiedai export`
//! (contacts to a CSV or XLSX file, masked unless revealed, always recorded).

use super::output::print_json;
use super::progress::Progress;
use super::stats::parse_day;
use super::{exit, CliError, CliResult, Context};
use crate::domain::intake::FieldError;
use crate::domain::transfer::{is_blank, read_header, read_row, Column, ImportRow};
use crate::domain::{Flag, Lang};
use crate::store::{CheckIn, DayRange, ExportRow, OpenMode, Store, StoreError};
use crate::time::{parse_instant, TimeSource};
use chrono::{DateTime, FixedOffset, Local, NaiveDateTime, TimeZone};
use clap::Args;
use serde::Serialize;
use std::borrow::Cow;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

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
    /// The file to write: FILE.csv or FILE.xlsx
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

// ---------------------------------------------------------------------------
// Import.

/// One problem found in the file, at the line where its row starts.
#[derive(Debug, Clone, Serialize)]
struct Problem {
    line: u64,
    field: String,
    message: String,
}

impl Problem {
    fn of(line: u64, e: FieldError) -> Problem {
        Problem {
            line,
            field: e.field.to_string(),
            message: e.message,
        }
    }
}

#[derive(Debug, Serialize)]
struct ImportReport {
    file: String,
    imported: u64,
    new_petitioners: u64,
    new_cases: u64,
    waiting: u64,
    warnings: Vec<Problem>,
}

/// Lists the problems (at most [`SHOWN_PROBLEMS`]) as `FILE:LINE: field: message`.
fn listing(file: &str, problems: &[Problem], what: &str) -> String {
    let mut text = String::new();
    for p in problems.iter().take(SHOWN_PROBLEMS) {
        text.push_str(&format!("\n{file}:{}: {}: {}", p.line, p.field, p.message));
    }
    if problems.len() > SHOWN_PROBLEMS {
        text.push_str(&format!(
            "\nand {} more {what}",
            problems.len() - SHOWN_PROBLEMS
        ));
    }
    text
}

fn plural(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn refused(message: String) -> CliError {
    CliError::new(exit::REFUSED, message)
}

/// A lead byte followed by a trail byte of GBK/GB18030: what Excel on Chinese
/// Windows writes when told to save "CSV".
fn looks_like_gbk(bytes: &[u8]) -> bool {
    bytes
        .windows(2)
        .any(|w| (0x81..=0xFE).contains(&w[0]) && (0x40..=0xFE).contains(&w[1]) && w[1] != 0x7F)
}

/// The file as text: UTF-8, with a byte order mark allowed and dropped.
fn decode<'a>(file: &str, bytes: &'a [u8]) -> CliResult<&'a str> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(bytes).map_err(|e| {
        let good = &bytes[..e.valid_up_to()];
        let line = good.iter().filter(|b| **b == b'\n').count() + 1;
        let guess = if looks_like_gbk(&bytes[e.valid_up_to()..]) {
            "it looks like GBK/GB18030, which Excel writes when saving plain \"CSV\" on Chinese Windows"
        } else {
            "it is not text in UTF-8"
        };
        refused(format!(
            "{file}:{line}: the file is not UTF-8 ({guess}); save it as \"CSV UTF-8\" (Excel: Save As, \
             CSV UTF-8; WPS or Notepad: encoding UTF-8) and import again. Nothing was imported."
        ))
    })
}

/// The line of a quoted field that never closes, if any. The CSV reader would take
/// everything after it, to the end of the file, as that one field.
fn unclosed_quote(text: &str) -> Option<u64> {
    let mut line = 1u64;
    let mut field_start = true;
    let mut open: Option<u64> = None;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\n' {
            line += 1;
        }
        if open.is_some() {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    chars.next();
                } else {
                    open = None;
                    field_start = false;
                }
            }
            continue;
        }
        match c {
            '"' if field_start => open = Some(line),
            ',' | '\n' | '\r' => field_start = true,
            _ => field_start = false,
        }
    }
    open
}

/// Where imported times live: in the desk's offset, so that a stored stamp's date is
/// the local day (which stats and exports select on), whatever offset the file used.
struct DeskClock<'a>(&'a TimeSource);

impl DeskClock<'_> {
    fn wall(&self, naive: NaiveDateTime) -> Option<DateTime<FixedOffset>> {
        match self.0 {
            TimeSource::Fixed(now) => now.offset().from_local_datetime(&naive).earliest(),
            TimeSource::System => naive
                .and_local_timezone(Local)
                .earliest()
                .map(|t| t.fixed_offset()),
        }
    }

    fn desk(&self, t: DateTime<FixedOffset>) -> DateTime<FixedOffset> {
        match self.0 {
            TimeSource::Fixed(now) => t.with_timezone(now.offset()),
            TimeSource::System => t.with_timezone(&Local).fixed_offset(),
        }
    }
}

pub fn import(ctx: &Context, a: ImportArgs) -> CliResult {
    let officer = ctx.officer()?.to_string();
    let file = a.file.display().to_string();
    let bytes = std::fs::read(&a.file).map_err(|e| {
        let code = match e.kind() {
            std::io::ErrorKind::NotFound => exit::NOT_FOUND,
            _ => exit::FAILURE,
        };
        CliError::new(code, format!("cannot read {file}: {e}"))
    })?;
    let text = decode(&file, &bytes)?;
    if let Some(line) = unclosed_quote(text) {
        return Err(refused(format!(
            "{file}:{line}: a quoted field starts here and is never closed (a \" inside a field \
             is written \"\"); fix the file and import again. Nothing was imported."
        )));
    }

    // Reading the record is needed to check case numbers; a missing file is created
    // only once the rows are known to be good, so a refused import leaves nothing.
    let mut store = if ctx.db_path.exists() {
        Some(ctx.open(OpenMode::Existing)?)
    } else {
        None
    };
    let clock = DeskClock(&ctx.time);
    let now = ctx.time.now();
    let rows = check_rows(&file, text, now, &clock, store.as_ref())?;
    if rows.is_empty() {
        return Err(refused(format!(
            "{file} has no contacts under its header row; nothing was imported"
        )));
    }

    let mut store = match store.take() {
        Some(s) => s,
        None => ctx.open(OpenMode::Create)?,
    };
    let report = write_rows(&mut store, &officer, &file, rows, &clock)?;
    let notes = listing(&file, &report.warnings, "warnings");
    if !notes.is_empty() {
        eprintln!("jiedai: warnings (imported all the same):{notes}");
    }
    if a.json {
        return print_json(&report);
    }
    println!(
        "imported {} ({} new {}, {}){}",
        plural(report.imported, "contact", "contacts"),
        report.new_petitioners,
        if report.new_petitioners == 1 {
            "person"
        } else {
            "people"
        },
        plural(report.new_cases, "new case", "new cases"),
        if report.waiting > 0 {
            format!("; {} waiting in today's queue", report.waiting)
        } else {
            String::new()
        }
    );
    Ok(())
}

/// Every row checked before anything is written; all problems at once, or the rows.
fn check_rows(
    file: &str,
    text: &str,
    now: DateTime<FixedOffset>,
    clock: &DeskClock<'_>,
    store: Option<&Store>,
) -> CliResult<Vec<(u64, ImportRow)>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut header = None;
    let mut rows = Vec::new();
    let mut problems: Vec<Problem> = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map(|p| p.line()).unwrap_or(0);
            refused(format!(
                "{file}:{line}: not readable as CSV ({e}); nothing was imported"
            ))
        })?;
        let line = record.position().map(|p| p.line()).unwrap_or(0);
        let cells: Vec<&str> = record.iter().collect();
        if is_blank(&cells) {
            continue;
        }
        let Some(header) = &header else {
            header = Some(
                read_header(&cells)
                    .map_err(|e| refused(format!("{file}:{line}: {e}; nothing was imported")))?,
            );
            continue;
        };
        if cells.len() != header.len() {
            problems.push(Problem {
                line,
                field: "row".into(),
                message: format!(
                    "{} fields, but the header row has {} (a field holding a comma needs \"quotes\")",
                    cells.len(),
                    header.len()
                ),
            });
            continue;
        }
        match read_row(header, &cells, now, |n| clock.wall(n)) {
            Ok(row) => {
                if let Some(no) = &row.case_no {
                    let known = match store {
                        Some(s) => s.case_exists(no)?,
                        None => false,
                    };
                    if !known {
                        problems.push(Problem::of(
                            line,
                            FieldError {
                                field: Column::CaseNo.code(),
                                message: format!("no case {no} on record"),
                            },
                        ));
                        continue;
                    }
                }
                rows.push((line, row));
            }
            Err(errors) => problems.extend(errors.into_iter().map(|e| Problem::of(line, e))),
        }
    }
    if header.is_none() {
        return Err(refused(format!(
            "{file} is empty; it needs a header row (name, phone, ...) and one row per contact"
        )));
    }
    if problems.is_empty() {
        return Ok(rows);
    }
    let mut bad_lines: Vec<u64> = problems.iter().map(|p| p.line).collect();
    bad_lines.dedup();
    Err(refused(format!(
        "nothing was imported: {} row{} of {file} {} problems; fix them and import again:{}",
        bad_lines.len(),
        if bad_lines.len() == 1 { "" } else { "s" },
        if bad_lines.len() == 1 { "has" } else { "have" },
        listing(file, &problems, "problems")
    )))
}

/// Writes the rows in time order in one batch: all of them, or none.
fn write_rows(
    store: &mut Store,
    officer: &str,
    file: &str,
    mut rows: Vec<(u64, ImportRow)>,
    clock: &DeskClock<'_>,
) -> CliResult<ImportReport> {
    let time = store.time().clone();
    let now = time.now();
    let today = now.date_naive();
    // Flags (再访, 重复访, 老户) depend on what came before: replay in time order.
    let at = |r: &ImportRow| clock.desk(r.arrived_at.unwrap_or(now));
    rows.sort_by_key(|(line, r)| (at(r), *line));
    let mut report = ImportReport {
        file: file.to_string(),
        imported: 0,
        new_petitioners: 0,
        new_cases: 0,
        waiting: 0,
        warnings: Vec::new(),
    };
    let mut bar = Progress::new("import", rows.len() as u64);
    store.begin_batch()?;
    let mut failed_line = 0;
    let result = (|| -> Result<(), StoreError> {
        for (i, (line, row)) in rows.iter().enumerate() {
            failed_line = *line;
            let when = at(row);
            store.set_time(TimeSource::Fixed(when));
            let settled = when.date_naive() < today;
            let result = store.check_in(
                row.officer.as_deref().unwrap_or(officer),
                &CheckIn {
                    intake: row.intake.clone(),
                    case_no: row.case_no.clone(),
                    settled,
                    ..CheckIn::default()
                },
            )?;
            report.imported += 1;
            report.new_petitioners += u64::from(result.new_petitioner);
            report.new_cases += u64::from(result.new_case);
            report.waiting += u64::from(result.queue_no.is_some() && !settled);
            report
                .warnings
                .extend(result.warnings.into_iter().map(|w| Problem {
                    line: *line,
                    field: "warning".into(),
                    message: w,
                }));
            bar.set(i as u64 + 1);
        }
        failed_line = 0;
        store.set_time(time.clone());
        let path = std::path::absolute(file).unwrap_or_else(|_| PathBuf::from(file));
        store.record_audit(
            officer,
            "import",
            &format!("contacts:{} file:{}", rows.len(), path.display()),
        )
    })();
    store.set_time(time);
    bar.finish();
    match result {
        Ok(()) => {
            store.commit_batch()?;
            Ok(report)
        }
        Err(e) => {
            let _ = store.rollback_batch();
            let mut err = CliError::from(e);
            err.message = if failed_line > 0 {
                format!(
                    "{file}:{failed_line}: {}; nothing was imported",
                    err.message
                )
            } else {
                format!("{}; nothing was imported", err.message)
            };
            Err(err)
        }
    }
}

// ---------------------------------------------------------------------------
// Export.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Csv,
    Xlsx,
}

/// The export's columns: the code (English header) and the Chinese header. Columns
/// that an import also reads carry the same Chinese names, so that an exported sheet,
/// cut down to those columns, imports again in either language.
const COLUMNS: [(&str, &str); 19] = [
    ("arrived_at", "时间"),
    ("channel", "形式"),
    ("queue_no", "排队号"),
    ("letter_no", "收信编号"),
    ("name", "姓名"),
    ("id_number", "身份证号"),
    ("phone", "电话"),
    ("address", "住址"),
    ("headcount", "人数"),
    ("representatives", "代表"),
    ("case_no", "件号"),
    ("case_status", "办理状态"),
    ("category", "类别"),
    ("matter", "诉求"),
    ("flags", "标记"),
    ("first_officer", "首问责任人"),
    ("handler", "承办人"),
    ("unit", "承办单位"),
    ("officer", "登记人"),
];

fn headers(lang: Lang) -> Vec<&'static str> {
    COLUMNS
        .iter()
        .map(|(code, zh)| match lang {
            Lang::Zh => *zh,
            Lang::En => *code,
        })
        .collect()
}

/// One cell of an export row.
enum Cell {
    Text(String),
    Number(i64),
    Time(String),
    Empty,
}

fn text(s: Option<&str>) -> Cell {
    match s {
        Some(s) if !s.is_empty() => Cell::Text(s.to_string()),
        _ => Cell::Empty,
    }
}

fn cells(r: &ExportRow, lang: Lang) -> [Cell; 19] {
    // Chinese labels for people; stable codes for scripts, as --json does.
    let word = |zh: &'static str, code: &'static str| match lang {
        Lang::Zh => zh,
        Lang::En => code,
    };
    let flags = r
        .flags
        .iter()
        .map(|f: &Flag| word(f.label_zh(), f.code()))
        .collect::<Vec<_>>()
        .join(match lang {
            Lang::Zh => "、",
            Lang::En => ",",
        });
    [
        Cell::Time(r.arrived_at.clone()),
        Cell::Text(word(r.channel.label_zh(), r.channel.code()).to_string()),
        r.queue_no.map_or(Cell::Empty, Cell::Number),
        text(r.letter_no.as_deref()),
        Cell::Text(r.name.clone()),
        text(r.id_number.as_deref()),
        text(r.phone.as_deref()),
        text(r.address.as_deref()),
        Cell::Number(i64::from(r.headcount)),
        text(Some(&r.representatives.join("、"))),
        Cell::Text(r.case_no.clone()),
        Cell::Text(word(r.case_status.label_zh(), r.case_status.code()).to_string()),
        text(r.category.as_deref()),
        Cell::Text(r.matter.clone()),
        text(Some(&flags)),
        Cell::Text(r.first_officer.clone()),
        text(r.handler.as_deref()),
        text(r.unit.as_deref()),
        Cell::Text(r.officer.clone()),
    ]
}

/// A stored stamp as a spreadsheet shows a time: the desk's wall clock.
fn wall_time(stamp: &str) -> String {
    parse_instant(stamp)
        .map(|t| t.format("%Y-%m-%d %H:%M:%S").to_string())
        .unwrap_or_else(|| stamp.to_string())
}

/// Excel runs a cell that starts with = + - @ as a formula; a petitioner's words
/// must never do that on an officer's machine, so such cells get a leading '.
fn defused(s: &str) -> Cow<'_, str> {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{s}"))
    } else {
        Cow::Borrowed(s)
    }
}

/// Excel reads a long run of digits as a number and rounds an 18-digit ID number
/// for good; a leading tab keeps it text and is invisible in the cell.
fn kept_as_text(s: &str) -> String {
    if s.len() >= 8 && s.chars().all(|c| c.is_ascii_digit() || c == 'X') {
        format!("\t{s}")
    } else {
        s.to_string()
    }
}

const ID_COLUMN: usize = 5;
const PHONE_COLUMN: usize = 6;

trait Sink {
    fn row(&mut self, cells: &[Cell]) -> Result<(), StoreError>;
    fn finish(self: Box<Self>) -> Result<(), StoreError>;
}

fn io_error(e: impl std::fmt::Display) -> StoreError {
    StoreError::Io(std::io::Error::other(e.to_string()))
}

struct CsvSink {
    writer: csv::Writer<BufWriter<File>>,
    revealed: bool,
}

impl CsvSink {
    fn new(file: File, lang: Lang, revealed: bool) -> Result<CsvSink, StoreError> {
        let mut out = BufWriter::new(file);
        // Without the byte order mark Excel reads UTF-8 as the local code page.
        out.write_all(b"\xEF\xBB\xBF")?;
        let mut writer = csv::Writer::from_writer(out);
        writer.write_record(headers(lang)).map_err(io_error)?;
        Ok(CsvSink { writer, revealed })
    }
}

impl Sink for CsvSink {
    fn row(&mut self, cells: &[Cell]) -> Result<(), StoreError> {
        let mut record: Vec<Cow<'_, str>> = Vec::with_capacity(cells.len());
        for (i, cell) in cells.iter().enumerate() {
            record.push(match cell {
                Cell::Text(s) if self.revealed && (i == ID_COLUMN || i == PHONE_COLUMN) => {
                    Cow::Owned(kept_as_text(s))
                }
                Cell::Text(s) => defused(s),
                Cell::Number(n) => Cow::Owned(n.to_string()),
                Cell::Time(s) => Cow::Owned(wall_time(s)),
                Cell::Empty => Cow::Borrowed(""),
            });
        }
        self.writer
            .write_record(record.iter().map(|c| c.as_bytes()))
            .map_err(io_error)
    }

    fn finish(self: Box<Self>) -> Result<(), StoreError> {
        let out = self.writer.into_inner().map_err(io_error)?;
        let file = out.into_inner().map_err(|e| io_error(e.error()))?;
        file.sync_all()?;
        Ok(())
    }
}

/// Excel's limit of rows on one sheet, the header included.
const XLSX_MAX_ROWS: u64 = 1_048_576;

struct XlsxSink {
    workbook: rust_xlsxwriter::Workbook,
    file: File,
    row: u32,
    time_format: rust_xlsxwriter::Format,
}

impl XlsxSink {
    fn new(file: File, lang: Lang) -> Result<XlsxSink, StoreError> {
        use rust_xlsxwriter::{Format, Workbook};
        let mut workbook = Workbook::new();
        // Rows go to a temporary file as they come instead of piling up in memory.
        let sheet = workbook
            .add_worksheet_with_constant_memory()
            .map_err(io_error)?;
        sheet
            .set_name(match lang {
                Lang::Zh => "来访登记",
                Lang::En => "contacts",
            })
            .map_err(io_error)?;
        let bold = Format::new().set_bold();
        let widths = [
            19.0, 6.0, 7.0, 12.0, 10.0, 20.0, 14.0, 30.0, 6.0, 20.0, 12.0, 10.0, 12.0, 50.0, 16.0,
            10.0, 10.0, 20.0, 10.0,
        ];
        for (col, (width, name)) in widths.iter().zip(headers(lang)).enumerate() {
            let col = col as u16;
            sheet.set_column_width(col, *width).map_err(io_error)?;
            sheet
                .write_string_with_format(0, col, name, &bold)
                .map_err(io_error)?;
        }
        sheet.set_freeze_panes(1, 0).map_err(io_error)?;
        Ok(XlsxSink {
            workbook,
            file,
            row: 0,
            time_format: Format::new().set_num_format("yyyy-mm-dd hh:mm:ss"),
        })
    }
}

impl Sink for XlsxSink {
    fn row(&mut self, cells: &[Cell]) -> Result<(), StoreError> {
        use rust_xlsxwriter::ExcelDateTime;
        self.row += 1;
        let row = self.row;
        let sheet = self.workbook.worksheet_from_index(0).map_err(io_error)?;
        for (col, cell) in cells.iter().enumerate() {
            let col = col as u16;
            match cell {
                Cell::Text(s) => {
                    sheet.write_string(row, col, s).map_err(io_error)?;
                }
                Cell::Number(n) => {
                    sheet.write_number(row, col, *n as f64).map_err(io_error)?;
                }
                Cell::Time(s) => match ExcelDateTime::parse_from_str(&wall_time(s)) {
                    Ok(t) => {
                        sheet
                            .write_datetime_with_format(row, col, &t, &self.time_format)
                            .map_err(io_error)?;
                    }
                    Err(_) => {
                        sheet.write_string(row, col, s).map_err(io_error)?;
                    }
                },
                Cell::Empty => {}
            }
        }
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> Result<(), StoreError> {
        let mut out = BufWriter::new(&self.file);
        self.workbook.save_to_writer(&mut out).map_err(io_error)?;
        out.flush()?;
        drop(out);
        self.file.sync_all()?;
        Ok(())
    }
}

/// Creates `path` readable by its owner only; fails if it exists.
fn create_owner_only(path: &Path) -> std::io::Result<File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)
}

/// Where the rows are written: the file itself, or with --force a new file beside it
/// that replaces it only once complete, so a failed export never destroys the old one.
fn staging_path(out: &Path) -> PathBuf {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    out.with_file_name(format!(".{name}.{}.partial", std::process::id()))
}

#[derive(Debug, Serialize)]
struct ExportReport {
    file: String,
    format: &'static str,
    rows: u64,
    from: Option<chrono::NaiveDate>,
    to: Option<chrono::NaiveDate>,
    revealed: bool,
}

pub fn export(ctx: &Context, a: ExportArgs) -> CliResult {
    let officer = ctx.officer()?.to_string();
    let ext = a
        .out
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase());
    let format = match ext.as_deref() {
        Some("csv") => Format::Csv,
        Some("xlsx") => Format::Xlsx,
        _ => {
            return Err(CliError::new(
                exit::USAGE,
                format!(
                    "--out {} must end in .csv or .xlsx (the file's format)",
                    a.out.display()
                ),
            ))
        }
    };
    let range = DayRange {
        from: a
            .from
            .as_deref()
            .map(|s| parse_day("--from", s, false))
            .transpose()?,
        to: a
            .to
            .as_deref()
            .map(|s| parse_day("--to", s, true))
            .transpose()?,
    };
    if let (Some(f), Some(t)) = (range.from, range.to) {
        if f > t {
            return Err(CliError::new(
                exit::USAGE,
                format!("the period starts ({f}) after it ends ({t}); check --from and --to"),
            ));
        }
    }
    let shown = a.out.display().to_string();
    if a.out.is_dir() {
        return Err(refused(format!(
            "{shown} is a folder; give a file name such as {shown}/contacts.csv"
        )));
    }
    if a.out.exists() && !a.force {
        return Err(refused(format!(
            "{shown} exists already; choose another name, or add --force to replace it"
        )));
    }

    let mut store = ctx.open(OpenMode::Existing)?;
    let total = store.count_contacts(range)?;
    if format == Format::Xlsx && total >= XLSX_MAX_ROWS {
        return Err(refused(format!(
            "{total} contacts do not fit on one Excel sheet ({} rows at most); export to .csv, or \
             a shorter period with --from and --to",
            XLSX_MAX_ROWS - 1
        )));
    }
    let target = if a.force {
        staging_path(&a.out)
    } else {
        a.out.clone()
    };
    let file = create_owner_only(&target).map_err(|e| {
        let code = match e.kind() {
            std::io::ErrorKind::AlreadyExists => exit::REFUSED,
            _ => exit::FAILURE,
        };
        CliError::new(code, format!("cannot create {}: {e}", target.display()))
    })?;
    // From here on, any failure removes what was written.
    let result = write_export(&store, file, format, range, a.reveal, ctx.lang, total);
    let rows = match result {
        Ok(rows) => rows,
        Err(e) => {
            let _ = std::fs::remove_file(&target);
            return Err(CliError::new(
                exit::FAILURE,
                format!("cannot write {shown}: {e}; nothing was exported"),
            ));
        }
    };
    let recorded_as = std::path::absolute(&a.out)
        .unwrap_or_else(|_| a.out.clone())
        .display()
        .to_string();
    // An export that cannot be recorded does not happen: the file goes.
    if let Err(e) = store.record_export(&officer, &recorded_as, range, rows, a.reveal) {
        let _ = std::fs::remove_file(&target);
        let mut err = CliError::from(e);
        err.message = format!(
            "{}; the export could not be recorded, so {shown} was not written",
            err.message
        );
        return Err(err);
    }
    if a.force {
        std::fs::rename(&target, &a.out).map_err(|e| {
            let _ = std::fs::remove_file(&target);
            CliError::new(exit::FAILURE, format!("cannot replace {shown}: {e}"))
        })?;
    }
    let report = ExportReport {
        file: recorded_as,
        format: match format {
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
        },
        rows,
        from: range.from,
        to: range.to,
        revealed: a.reveal,
    };
    if a.json {
        return print_json(&report);
    }
    println!(
        "exported {} to {shown}{}",
        plural(rows, "contact", "contacts"),
        if a.reveal {
            " with full ID numbers and phones (recorded)"
        } else {
            " (ID numbers and phones masked)"
        }
    );
    Ok(())
}

fn write_export(
    store: &Store,
    file: File,
    format: Format,
    range: DayRange,
    reveal: bool,
    lang: Lang,
    total: u64,
) -> Result<u64, StoreError> {
    let mut sink: Box<dyn Sink> = match format {
        Format::Csv => Box::new(CsvSink::new(file, lang, reveal)?),
        Format::Xlsx => Box::new(XlsxSink::new(file, lang)?),
    };
    let mut bar = Progress::new("export", total);
    let mut done = 0u64;
    let rows = store.export_contacts(range, reveal, |row| {
        sink.row(&cells(row, lang))?;
        done += 1;
        if done.is_multiple_of(1024) {
            bar.set(done);
        }
        Ok(())
    })?;
    sink.finish()?;
    bar.finish();
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unclosed_quote_is_found_at_its_line() {
        assert_eq!(unclosed_quote("name,matter\n张伟,\"a\"\"b\"\n"), None);
        assert_eq!(unclosed_quote("name,matter\n张伟,\"two\nlines\"\n"), None);
        assert_eq!(
            unclosed_quote("name,matter\n张伟,ok\n李娜,\"open\n王芳,x\n"),
            Some(3)
        );
        // A quote inside an unquoted field is only a character.
        assert_eq!(unclosed_quote("name\n5\"2\n"), None);
    }

    #[test]
    fn gbk_is_told_apart_from_other_bytes() {
        // 张伟 in GBK.
        assert!(looks_like_gbk(&[0xD5, 0xC5, 0xCE, 0xB0]));
        assert!(!looks_like_gbk(&[0x80, 0x20]));
        let e = decode("x.csv", b"name\n\xD5\xC5\xCE\xB0\n").unwrap_err();
        assert_eq!(e.code, exit::REFUSED);
        assert!(e.message.starts_with("x.csv:2:") && e.message.contains("GBK"));
        assert_eq!(decode("x.csv", b"\xEF\xBB\xBFname\n").unwrap(), "name\n");
    }

    #[test]
    fn formulas_are_defused_and_numbers_kept_as_text() {
        assert_eq!(defused("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(defused("张伟"), "张伟");
        assert_eq!(kept_as_text("11010519491231002X"), "\t11010519491231002X");
        assert_eq!(kept_as_text("110105********002X"), "110105********002X");
    }

    #[test]
    fn exported_chinese_headers_read_back_as_import_columns() {
        for (code, zh) in COLUMNS {
            if let Some(c) = Column::ALL.iter().find(|c| c.code() == code) {
                assert_eq!(c.label_zh(), zh, "{code}");
            }
        }
    }
}

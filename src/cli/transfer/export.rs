//! `jiedai export`: masked unless revealed, recorded, streamed to CSV or XLSX.

use super::*;
use crate::words::Label;

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
pub(super) const COLUMNS: [(&str, &str); 19] = [
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
    /// A stored stamp whose time of day is unknown: shown as its date only.
    Date(String),
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
        if r.time_unknown {
            Cell::Date(r.arrived_at.clone())
        } else {
            Cell::Time(r.arrived_at.clone())
        },
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

/// A stored stamp as its wall-clock date (the time of day is not known).
fn wall_date(stamp: &str) -> String {
    parse_instant(stamp)
        .map(|t| t.format("%Y-%m-%d").to_string())
        .unwrap_or_else(|| stamp.to_string())
}

/// What Excel runs as a formula when a cell starts with it.
pub(super) const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Excel runs a cell that starts with = + - @ as a formula; a petitioner's words
/// must never do that on an officer's machine, so such cells get a leading '.
/// A cell that starts with ' gets one too, so that import can take exactly one
/// off again (`undefused`) and the export reads back as it was recorded.
pub(super) fn defused(s: &str) -> Cow<'_, str> {
    if s.starts_with(FORMULA_STARTS) || s.starts_with('\'') {
        Cow::Owned(format!("'{s}"))
    } else {
        Cow::Borrowed(s)
    }
}

/// Excel reads a long run of digits as a number and rounds an 18-digit ID number
/// for good; a leading tab keeps it text and is invisible in the cell.
pub(super) fn kept_as_text(s: &str) -> String {
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
    writer: csv::Writer<BufWriter<Box<dyn Write>>>,
    revealed: bool,
}

impl CsvSink {
    fn new(out: Box<dyn Write>, lang: Lang, revealed: bool) -> Result<CsvSink, StoreError> {
        let mut out = BufWriter::new(out);
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
                Cell::Date(s) => Cow::Owned(wall_date(s)),
                Cell::Empty => Cow::Borrowed(""),
            });
        }
        self.writer
            .write_record(record.iter().map(|c| c.as_bytes()))
            .map_err(io_error)
    }

    fn finish(self: Box<Self>) -> Result<(), StoreError> {
        let out = self.writer.into_inner().map_err(io_error)?;
        let mut out = out.into_inner().map_err(|e| io_error(e.error()))?;
        out.flush()?;
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
    date_format: rust_xlsxwriter::Format,
    /// The widest value of each column so far, in terminal columns (a Chinese
    /// character counts two, as it does in Excel's default fonts).
    widths: Vec<usize>,
}

/// Columns are sized to their content within these bounds: narrow ones stay
/// clickable, and one very long matter does not push the rest off screen.
const MIN_WIDTH: usize = 6;
const MAX_WIDTH: usize = 80;

fn display_width(s: &str) -> usize {
    s.lines()
        .map(unicode_width::UnicodeWidthStr::width)
        .max()
        .unwrap_or(0)
}

impl XlsxSink {
    fn new(file: File, lang: Lang) -> Result<XlsxSink, StoreError> {
        use rust_xlsxwriter::{Format, Workbook};
        let mut workbook = Workbook::new();
        // Deflate at its default level (6) was a third of a month's export at a
        // million people, over the 3 s an export may take; level 1 saves most of it
        // for a file half as large again (November: 16.5 MB against 11.0 MB).
        workbook.set_zip_compression_level(1);
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
        let mut widths = Vec::new();
        for (col, name) in headers(lang).into_iter().enumerate() {
            sheet
                .write_string_with_format(0, col as u16, name, &bold)
                .map_err(io_error)?;
            // Room for the filter's drop-down arrow beside the name.
            widths.push(display_width(name) + 3);
        }
        sheet.set_freeze_panes(1, 0).map_err(io_error)?;
        Ok(XlsxSink {
            workbook,
            file,
            row: 0,
            time_format: Format::new().set_num_format("yyyy-mm-dd hh:mm:ss"),
            date_format: Format::new().set_num_format("yyyy-mm-dd"),
            widths,
        })
    }
}

impl Sink for XlsxSink {
    fn row(&mut self, cells: &[Cell]) -> Result<(), StoreError> {
        use rust_xlsxwriter::ExcelDateTime;
        self.row += 1;
        let row = self.row;
        let sheet = self.workbook.worksheet_from_index(0).map_err(io_error)?;
        for (i, cell) in cells.iter().enumerate() {
            let col = i as u16;
            let width = match cell {
                Cell::Text(s) => {
                    sheet.write_string(row, col, s).map_err(io_error)?;
                    display_width(s)
                }
                Cell::Number(n) => {
                    sheet.write_number(row, col, *n as f64).map_err(io_error)?;
                    n.to_string().len()
                }
                Cell::Time(s) | Cell::Date(s) => {
                    let (shown, format) = match cell {
                        Cell::Date(_) => (wall_date(s), &self.date_format),
                        _ => (wall_time(s), &self.time_format),
                    };
                    match ExcelDateTime::parse_from_str(&shown) {
                        Ok(t) => sheet
                            .write_datetime_with_format(row, col, &t, format)
                            .map_err(io_error)?,
                        Err(_) => sheet.write_string(row, col, s).map_err(io_error)?,
                    };
                    shown.len()
                }
                Cell::Empty => 0,
            };
            if let Some(w) = self.widths.get_mut(i) {
                *w = (*w).max(width);
            }
        }
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> Result<(), StoreError> {
        let last_row = self.row;
        let sheet = self.workbook.worksheet_from_index(0).map_err(io_error)?;
        for (col, w) in self.widths.iter().enumerate() {
            let width = (*w + 2).clamp(MIN_WIDTH, MAX_WIDTH);
            sheet
                .set_column_width(col as u16, width as f64)
                .map_err(io_error)?;
        }
        let last_col = self.widths.len().saturating_sub(1) as u16;
        sheet
            .autofilter(0, 0, last_row, last_col)
            .map_err(io_error)?;
        let mut out = BufWriter::new(&self.file);
        self.workbook.save_to_writer(&mut out).map_err(io_error)?;
        out.flush()?;
        drop(out);
        self.file.sync_all()?;
        Ok(())
    }
}

#[derive(Debug, Serialize)]
struct ExportReport {
    file: String,
    /// The chain head when the export was written, also in `FILE.anchor`.
    chain_head: Option<String>,
    format: &'static str,
    rows: u64,
    from: Option<chrono::NaiveDate>,
    to: Option<chrono::NaiveDate>,
    revealed: bool,
}

pub fn export(ctx: &Startup, a: ExportArgs) -> Outcome {
    let officer = ctx.officer()?.to_string();
    let lang = ctx.lang;
    let ext = a
        .out
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase());
    let to_stdout = Target::parse(&a.out) == Target::Stdout;
    let format = match ext.as_deref() {
        _ if to_stdout => Format::Csv,
        Some("csv") => Format::Csv,
        Some("xlsx") => Format::Xlsx,
        _ => {
            return Err(Failure::new(
                exit::USAGE,
                words::bad_extension(lang, &a.out.display().to_string()),
            ))
        }
    };
    let (from, to) = open_period(a.from.as_deref(), a.to.as_deref(), lang)?;
    let range = DayRange { from, to };
    let shown = a.out.display().to_string();
    let protected = crate::outfile::database_files(&ctx.db_path);
    if !to_stdout {
        crate::outfile::check_target(&a.out, a.force, &protected)?;
        crate::outfile::check_target(&crate::cli::anchor_path(&a.out), a.force, &protected)?;
    }

    let mut store = ctx.open(OpenMode::Existing)?;
    let total = store.count_contacts(range)?;
    if format == Format::Xlsx && total >= XLSX_MAX_ROWS {
        return Err(refused(words::too_many_for_xlsx(
            lang,
            total,
            XLSX_MAX_ROWS - 1,
        )));
    }
    if to_stdout {
        return export_to_stdout(&mut store, &officer, range, a.reveal, ctx.lang, total);
    }
    let mut staged = Staged::create(&a.out, a.force, &protected)?;
    let file = staged.file().try_clone().map_err(|e| {
        Failure::new(
            exit::FAILURE,
            crate::words::cli::cannot_write(lang, &shown, &e),
        )
    })?;
    // Until it is published, a failure leaves nothing under the target's name.
    let destination = Destination::File(file);
    let rows = write_export(
        &store,
        destination,
        format,
        range,
        a.reveal,
        ctx.lang,
        total,
    )
    .map_err(|e| {
        Failure::new(
            exit::FAILURE,
            words::nothing_exported(lang, &shown, &crate::words::errors::store_error(&e, lang)),
        )
    })?;
    let recorded_as = std::path::absolute(&a.out)
        .unwrap_or_else(|_| a.out.clone())
        .display()
        .to_string();
    // An export that cannot be recorded does not happen: the file is never published.
    if let Err(e) = store.record_export(&officer, &recorded_as, range, rows, a.reveal) {
        return Err(
            Failure::from(e).reworded(lang, |m| words::export_not_recorded(lang, &shown, &m))
        );
    }
    staged.publish()?;
    let head = store.chain_head()?;
    crate::cli::write_anchor_beside(&a.out, a.force, &protected, head.as_ref())?;
    let report = ExportReport {
        chain_head: head.map(|h| h.to_string()),
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
    println!("{}", words::exported(lang, rows, &shown, a.reveal));
    Ok(())
}

/// `--out -`: CSV on standard output. What leaves the program cannot be called back,
/// so the export is recorded before the first row is written.
fn export_to_stdout(
    store: &mut Store,
    officer: &str,
    range: DayRange,
    reveal: bool,
    lang: Lang,
    total: u64,
) -> Outcome {
    store.record_export(officer, "-", range, total, reveal)?;
    let rows = write_export(
        store,
        Destination::Stdout,
        Format::Csv,
        range,
        reveal,
        lang,
        total,
    )
    .map_err(|e| {
        Failure::new(
            exit::FAILURE,
            words::stdout_failed(lang, &crate::words::errors::store_error(&e, lang)),
        )
    })?;
    eprintln!("{}", words::exported_to_stdout(lang, rows));
    Ok(())
}

/// Where the rows go: a staged file, or standard output for `--out -` (CSV).
enum Destination {
    File(File),
    Stdout,
}

fn write_export(
    store: &Store,
    destination: Destination,
    format: Format,
    range: DayRange,
    reveal: bool,
    lang: Lang,
    total: u64,
) -> Result<u64, StoreError> {
    let mut sink: Box<dyn Sink> = match (format, destination) {
        (Format::Csv, Destination::File(file)) => {
            Box::new(CsvSink::new(Box::new(file), lang, reveal)?)
        }
        (Format::Csv, Destination::Stdout) => {
            Box::new(CsvSink::new(Box::new(std::io::stdout()), lang, reveal)?)
        }
        (Format::Xlsx, Destination::File(file)) => Box::new(XlsxSink::new(file, lang)?),
        (Format::Xlsx, Destination::Stdout) => {
            return Err(io_error("an .xlsx export needs a file"))
        }
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

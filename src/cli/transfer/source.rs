//! The file to import, read into rows of text cells with the line (or sheet row)
//! each starts on: CSV in UTF-8 (with or without a byte order mark) or GBK/GB18030,
//! any line endings, or an Excel workbook (.xlsx, its first sheet).

use super::{refused, words, Lang, Outcome};
use std::borrow::Cow;

/// The rows of the file, each with the line it starts on (1 for the first).
pub(super) type Rows = Vec<(u64, Vec<String>)>;

/// What the file was, for the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub(super) enum Encoding {
    Utf8,
    Gb18030,
    Xlsx,
}

/// Reads the whole file into rows.
pub(super) fn read_rows(file: &str, bytes: &[u8], lang: Lang) -> Outcome<(Rows, Encoding)> {
    // Every .xlsx is a zip archive; a CSV never starts like one.
    if bytes.starts_with(b"PK\x03\x04") {
        return Ok((xlsx_rows(file, bytes, lang)?, Encoding::Xlsx));
    }
    let (text, encoding) = decode(file, bytes, lang)?;
    let text = one_line_ending(text);
    if let Some(line) = unclosed_quote(&text) {
        return Err(refused(words::unclosed_quote(lang, file, line)));
    }
    Ok((csv_rows(file, &text, lang)?, encoding))
}

/// The file as text: UTF-8 (a byte order mark is dropped), or else GBK/GB18030, which
/// Excel on Chinese Windows writes when told to save plain "CSV".
pub(super) fn decode<'a>(
    file: &str,
    bytes: &'a [u8],
    lang: Lang,
) -> Outcome<(Cow<'a, str>, Encoding)> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok((Cow::Borrowed(text), Encoding::Utf8)),
        Err(e) => {
            match encoding_rs::GB18030.decode_without_bom_handling_and_without_replacement(bytes) {
                Some(text) => Ok((text, Encoding::Gb18030)),
                None => {
                    let good = &bytes[..e.valid_up_to()];
                    let line = good.iter().filter(|b| **b == b'\n').count() + 1;
                    Err(refused(crate::words::import_report::neither_utf8_nor_gbk(
                        lang, file, line,
                    )))
                }
            }
        }
    }
}

/// Windows (CRLF) and old Mac (CR) line endings as plain LF, before anything counts
/// lines: the CSV reader, the quote check and every FILE:LINE message then agree.
pub(super) fn one_line_ending(text: Cow<'_, str>) -> Cow<'_, str> {
    if text.contains('\r') {
        Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        text
    }
}

/// The line of a quoted field that never closes, if any. The CSV reader would take
/// everything after it, to the end of the file, as that one field.
pub(super) fn unclosed_quote(text: &str) -> Option<u64> {
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
            ',' | '\n' => field_start = true,
            _ => field_start = false,
        }
    }
    open
}

fn csv_rows(file: &str, text: &str, lang: Lang) -> Outcome<Rows> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    // Lines are counted here from the byte where a record starts: the reader's own
    // count, and the position it gives, leave out the blank lines it skipped.
    let newlines: Vec<usize> = text
        .bytes()
        .enumerate()
        .filter(|(_, b)| *b == b'\n')
        .map(|(i, _)| i)
        .collect();
    let bytes = text.as_bytes();
    let line_at = |byte: u64| {
        let mut at = byte as usize;
        while bytes.get(at) == Some(&b'\n') {
            at += 1;
        }
        newlines.partition_point(|n| *n < at) as u64 + 1
    };
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map(|p| line_at(p.byte())).unwrap_or(0);
            refused(words::not_csv(lang, file, line, &e))
        })?;
        let line = record.position().map(|p| line_at(p.byte())).unwrap_or(0);
        rows.push((line, record.iter().map(undefused).collect()));
    }
    Ok(rows)
}

/// A CSV cell as recorded: the ' that export puts before a cell Excel would run
/// as a formula (or that starts with ') is taken off again.
pub(super) fn undefused(cell: &str) -> String {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(super::export::FORMULA_STARTS) || rest.starts_with('\'') => {
            rest.to_string()
        }
        _ => cell.to_string(),
    }
}

/// Columns a register can have. A cell further right is a stray one (Excel keeps a
/// value typed at XFD1048576), and the rows are as wide as the furthest cell.
const MAX_COLUMNS: u32 = 256;

/// Cells held at most (rows with a value × columns): a year's register is far
/// below it; a sheet beyond it is refused before it takes the memory.
const MAX_CELLS: u64 = 30_000_000;

/// The first sheet of a workbook; the line of a row is its row number in Excel.
/// Read cell by cell: a dense copy of the sheet's used range (calamine's
/// `worksheet_range`) of one far stray cell would need hundreds of gigabytes.
fn xlsx_rows(file: &str, bytes: &[u8], lang: Lang) -> Outcome<Rows> {
    use crate::words::import_report as said;
    use calamine::{Data, Reader, Xlsx, XlsxError};
    let unreadable =
        |e: &dyn std::fmt::Display| refused(said::unreadable_workbook(lang, file, &e.to_string()));
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).map_err(|e| unreadable(&e))?;
    let no_sheet = || refused(said::no_sheet(lang, file));
    let first = book.sheet_names().first().cloned().ok_or_else(no_sheet)?;
    let mut cells = match book.worksheet_cells_reader(&first) {
        Ok(reader) => reader,
        Err(XlsxError::NotAWorksheet(_)) => return Err(no_sheet()),
        Err(e) => return Err(unreadable(&e)),
    };
    let mut rows: std::collections::BTreeMap<u32, Vec<(u32, String)>> = Default::default();
    let mut width = 0;
    while let Some(cell) = cells.next_cell().map_err(|e| unreadable(&e))? {
        let text = cell_text(&Data::from(cell.get_value().clone()));
        if text.is_empty() {
            continue;
        }
        let (row, column) = cell.get_position();
        if column >= MAX_COLUMNS {
            let far = said::cell_too_far(lang, file, (row, column), MAX_COLUMNS);
            return Err(refused(far));
        }
        width = width.max(column + 1);
        rows.entry(row).or_default().push((column, text));
    }
    if rows.len() as u64 * u64::from(width) > MAX_CELLS {
        return Err(refused(said::sheet_too_large(
            lang,
            file,
            rows.len(),
            width,
        )));
    }
    Ok(rows
        .into_iter()
        .map(|(row, values)| {
            // As wide as the sheet, each value at its column as in the sheet.
            let mut line = vec![String::new(); width as usize];
            for (column, text) in values {
                line[column as usize] = text;
            }
            (u64::from(row) + 1, line)
        })
        .collect())
}

/// A cell as the text a CSV would hold: whole numbers without a decimal point (phones
/// and ID numbers typed as numbers), dates as `YYYY-MM-DD` when they have no time.
fn cell_text(cell: &calamine::Data) -> String {
    use calamine::Data;
    match cell {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(n) => n.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e17 => format!("{f:.0}"),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(t) => {
            let (y, mo, d, h, mi, s, _) = t.to_ymd_hms_milli();
            if t.as_f64().fract() == 0.0 {
                format!("{y:04}-{mo:02}-{d:02}")
            } else {
                format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}")
            }
        }
        Data::Error(e) => format!("#{e}"),
    }
}

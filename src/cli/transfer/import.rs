//! `jiedai import`: every row checked first, then all written or none.

use super::closing::{CaseEnd, Closings};
use super::mapping::read_mapping;
use super::source::{read_rows, Encoding};
use super::*;
use std::collections::HashMap;

/// One problem found in the file, at the line where its row starts.
#[derive(Debug, Clone, Serialize)]
pub(super) struct Problem {
    pub line: u64,
    pub field: String,
    pub message: String,
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

#[derive(Debug, Default, Serialize)]
pub(super) struct ImportReport {
    pub file: String,
    pub format: Option<Encoding>,
    /// Nothing was written: the figures are what the import would do.
    pub dry_run: bool,
    pub imported: u64,
    /// Rows whose contact an earlier import of the same rows already recorded.
    pub already_imported: u64,
    pub new_petitioners: u64,
    pub new_cases: u64,
    /// Cases the file's history closed (办结, 不予受理…).
    pub closed_cases: u64,
    /// New cases from before today that the file left open.
    pub open_cases: u64,
    pub waiting: u64,
    /// Columns of the file that were left aside.
    pub ignored_columns: Vec<String>,
    /// Rows whose ID number or phone was masked and so left out.
    pub masked_rows: u64,
    /// Units and officers the file named that were added to the lists.
    pub new_units: Vec<String>,
    pub new_officers: Vec<String>,
    pub warnings: Vec<Problem>,
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

/// Where imported times live: in the desk's offset, so that a stored stamp's date is
/// the local day (which stats and exports select on), whatever offset the file used.
pub(super) struct DeskClock<'a>(pub &'a TimeSource);

impl DeskClock<'_> {
    pub fn wall(&self, naive: NaiveDateTime) -> Option<DateTime<FixedOffset>> {
        self.0.now().offset().from_local_datetime(&naive).earliest()
    }

    pub fn desk(&self, t: DateTime<FixedOffset>) -> DateTime<FixedOffset> {
        t.with_timezone(self.0.now().offset())
    }
}

/// Reads the file to import: a regular file (a pipe or device is refused before it is
/// opened, so nothing waits on it) of at most `max_mb` megabytes.
fn read_import_file(path: &std::path::Path, max_mb: u64) -> CliResult<Vec<u8>> {
    let file = path.display().to_string();
    let cannot = |e: std::io::Error| {
        let code = match e.kind() {
            std::io::ErrorKind::NotFound => exit::NOT_FOUND,
            _ => exit::FAILURE,
        };
        CliError::new(code, format!("cannot read {file}: {e}"))
    };
    let meta = std::fs::metadata(path).map_err(cannot)?;
    if meta.is_dir() {
        return Err(refused(format!(
            "{file} is a folder; name the CSV file to import"
        )));
    }
    if !meta.is_file() {
        return Err(refused(format!(
            "{file} is not a regular file (a pipe or a device); save the rows to a file and \
             import that"
        )));
    }
    let max = max_mb.saturating_mul(1024 * 1024);
    if meta.len() > max {
        return Err(refused(format!(
            "{file} is {} MB, more than the {max_mb} MB an import reads; split it, or raise \
             `import_max_mb` in the config",
            meta.len().div_ceil(1024 * 1024)
        )));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    // Read no more than the cap even if the file grows meanwhile.
    std::io::Read::read_to_end(
        &mut std::io::Read::take(std::fs::File::open(path).map_err(cannot)?, max + 1),
        &mut bytes,
    )
    .map_err(cannot)?;
    if bytes.len() as u64 > max {
        return Err(refused(format!(
            "{file} grew past {max_mb} MB while it was read; nothing was imported"
        )));
    }
    Ok(bytes)
}

/// A row ready to write: its line, what it says, and its fingerprint.
pub(super) struct Checked {
    pub line: u64,
    pub row: ImportRow,
    pub key: String,
}

pub fn import(ctx: &Context, a: ImportArgs) -> CliResult {
    let officer = ctx.officer()?.to_string();
    let file = a.file.display().to_string();
    let max_mb = ctx
        .config
        .import_max_mb
        .unwrap_or(crate::config::DEFAULT_IMPORT_MAX_MB);
    let mapping = match &a.mapping {
        Some(path) => read_mapping(path)?,
        None => Mapping::new(),
    };
    let bytes = read_import_file(&a.file, max_mb)?;
    let (table, format) = read_rows(&file, &bytes)?;
    drop(bytes);

    // Reading the record is needed to skip rows imported before; a missing file is
    // created only once the rows are known to be good, so a refused import leaves nothing.
    let store = if ctx.db_path.exists() {
        Some(ctx.open(OpenMode::Existing)?)
    } else {
        None
    };
    let clock = DeskClock(&ctx.time);
    let (ignored, rows) = check_rows(&file, table, &mapping, &clock)?;
    if rows.is_empty() {
        return Err(refused(format!(
            "{file} has no contacts under its header row; nothing was imported"
        )));
    }
    let mut report = ImportReport {
        file: file.clone(),
        format: Some(format),
        dry_run: a.dry_run,
        ignored_columns: ignored,
        masked_rows: rows.iter().filter(|c| c.row.masked).count() as u64,
        ..ImportReport::default()
    };
    let mut fresh = Vec::with_capacity(rows.len());
    for c in rows {
        match &store {
            Some(s) if s.imported(&c.key)? => report.already_imported += 1,
            _ => fresh.push(c),
        }
    }
    if !fresh.is_empty() {
        let dry = DryRun::new(ctx, a.dry_run, store)?;
        let mut store = dry.store;
        write_rows(
            &mut store,
            &officer,
            fresh,
            &clock,
            a.as_closed,
            &mut report,
        )?;
        drop(store);
        drop(dry.scratch);
    }
    print_report(&report, a.json)
}

/// Where a dry run writes: the database itself (rolled back), or, with no database
/// yet, a scratch file removed afterwards, so that the real file is never created.
struct DryRun {
    store: Store,
    scratch: Option<Scratch>,
}

/// A scratch database for a dry run, removed (with its journal files) when dropped.
struct Scratch(PathBuf);

impl Drop for Scratch {
    fn drop(&mut self) {
        for suffix in ["", "-wal", "-shm", "-journal"] {
            let mut p = self.0.clone().into_os_string();
            p.push(suffix);
            let _ = std::fs::remove_file(p);
        }
    }
}

impl DryRun {
    fn new(ctx: &Context, dry_run: bool, store: Option<Store>) -> CliResult<DryRun> {
        if let Some(store) = store {
            return Ok(DryRun {
                store,
                scratch: None,
            });
        }
        if !dry_run {
            return Ok(DryRun {
                store: ctx.open(OpenMode::Create)?,
                scratch: None,
            });
        }
        let path = std::env::temp_dir().join(format!(
            "jiedai-dry-run-{}-{}.db",
            std::process::id(),
            ctx.time.now().timestamp_nanos_opt().unwrap_or_default()
        ));
        let scratch = Scratch(path.clone());
        let mut store = Store::open(&path, OpenMode::Create, ctx.time.clone())?;
        store.set_rules(ctx.rules());
        Ok(DryRun {
            store,
            scratch: Some(scratch),
        })
    }
}

fn print_report(report: &ImportReport, json: bool) -> CliResult {
    let file = &report.file;
    if !report.ignored_columns.is_empty() {
        eprintln!(
            "jiedai: {file}: left aside {} jiedai does not know: {} (--mapping FILE.toml \
             names them)",
            if report.ignored_columns.len() == 1 {
                "a column"
            } else {
                "columns"
            },
            report.ignored_columns.join(", ")
        );
    }
    if report.masked_rows > 0 {
        eprintln!(
            "jiedai: {file}: {} with a masked ID number or phone: the masked values were left \
             out (export with --reveal to carry them over)",
            plural(report.masked_rows, "row", "rows")
        );
    }
    let notes = listing(file, &report.warnings, "warnings");
    if !notes.is_empty() {
        eprintln!("jiedai: warnings (imported all the same):{notes}");
    }
    if json {
        return print_json(report);
    }
    let mut line = format!(
        "{}{} ({} new {}, {})",
        if report.dry_run {
            "dry run, nothing written: would import "
        } else {
            "imported "
        },
        plural(report.imported, "contact", "contacts"),
        report.new_petitioners,
        if report.new_petitioners == 1 {
            "person"
        } else {
            "people"
        },
        plural(report.new_cases, "new case", "new cases"),
    );
    let mut more = |text: String| {
        line.push_str("; ");
        line.push_str(&text);
    };
    if report.closed_cases > 0 {
        more(format!(
            "{} closed as history",
            plural(report.closed_cases, "case", "cases")
        ));
    }
    if report.waiting > 0 {
        more(format!("{} waiting in today's queue", report.waiting));
    }
    if report.already_imported > 0 {
        more(format!(
            "{} already imported before",
            plural(report.already_imported, "row", "rows")
        ));
    }
    if !report.new_units.is_empty() {
        more(format!("new units: {}", report.new_units.join("、")));
    }
    println!("{line}");
    if report.open_cases > 0 {
        eprintln!(
            "jiedai: note: {} from before today {} left open (no status or closing date in \
             the file), so {} deadlines run; --as-closed records such rows as closed",
            plural(report.open_cases, "new case", "new cases"),
            if report.open_cases == 1 { "is" } else { "are" },
            if report.open_cases == 1 {
                "its"
            } else {
                "their"
            },
        );
    }
    Ok(())
}

/// Every row checked before anything is written; all problems at once, or the rows
/// with their fingerprints, and the columns left aside.
fn check_rows(
    file: &str,
    table: Vec<(u64, Vec<String>)>,
    mapping: &Mapping,
    clock: &DeskClock<'_>,
) -> CliResult<(Vec<String>, Vec<Checked>)> {
    let now = clock.0.now();
    let mut header = None;
    let mut rows = Vec::new();
    let mut problems: Vec<Problem> = Vec::new();
    let mut copies: HashMap<String, u32> = HashMap::new();
    for (line, cells) in table {
        if is_blank(&cells) {
            continue;
        }
        let Some(header) = &header else {
            let names: Vec<&str> = cells.iter().map(String::as_str).collect();
            header = Some(
                read_header(&names, mapping)
                    .map_err(|e| refused(format!("{file}:{line}: {e}; nothing was imported")))?,
            );
            continue;
        };
        let cells = trim_trailing_empty(cells, header.len());
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
                let base = fingerprint(&row, 0);
                let n = copies.entry(base.clone()).or_insert(0);
                let key = if *n == 0 { base } else { fingerprint(&row, *n) };
                *n += 1;
                rows.push(Checked { line, row, key });
            }
            Err(errors) => problems.extend(errors.into_iter().map(|e| Problem::of(line, e))),
        }
    }
    let Some(header) = header else {
        return Err(refused(format!(
            "{file} is empty; it needs a header row (name, phone, ...) and one row per contact"
        )));
    };
    if problems.is_empty() {
        return Ok((header.ignored, rows));
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

/// A sheet's rows can run past the header with empty cells (a stray format); those
/// are no fields.
fn trim_trailing_empty(mut cells: Vec<String>, width: usize) -> Vec<String> {
    while cells.len() > width && cells.last().is_some_and(|c| c.trim().is_empty()) {
        cells.pop();
    }
    cells
}

/// Writes the rows in time order in one batch: all of them, or none. A dry run
/// rolls the batch back, so its figures are exactly what the import would do.
fn write_rows(
    store: &mut Store,
    officer: &str,
    mut rows: Vec<Checked>,
    clock: &DeskClock<'_>,
    as_closed: bool,
    report: &mut ImportReport,
) -> CliResult<()> {
    let file = report.file.clone();
    let time = store.time().clone();
    let now = time.now();
    let today = now.date_naive();
    // Flags (再访, 重复访, 老户) depend on what came before: replay in time order.
    let at = |r: &ImportRow| clock.desk(r.arrived_at.unwrap_or(now));
    rows.sort_by_key(|c| (at(&c.row), c.line));
    let mut bar = Progress::new("import", rows.len() as u64);
    store.begin_batch()?;
    let mut failed_line = 0;
    let mut closings = Closings::default();
    let result = (|| -> Result<(), StoreError> {
        for (i, c) in rows.iter().enumerate() {
            failed_line = c.line;
            let row = &c.row;
            let when = at(row);
            store.set_time(TimeSource::Fixed(when));
            let standing = row.standing(as_closed);
            // History is history: a past, undated or finished contact waits for no one.
            let settled = when.date_naive() < today
                || !row.time_known
                || standing.as_ref().is_some_and(|s| s.is_closed());
            let join = match &row.case_no {
                Some(no) if store.case_exists(no)? => Some(no.clone()),
                _ => None,
            };
            let imported = Imported {
                open_as: if join.is_none() {
                    row.case_no.clone()
                } else {
                    None
                },
                import_key: Some(c.key.clone()),
                time_unknown: !row.time_known,
            };
            let result = store.check_in_imported(
                row.officer.as_deref().unwrap_or(officer),
                &CheckIn {
                    intake: row.intake.clone(),
                    case_no: join,
                    settled,
                    ..CheckIn::default()
                },
                &imported,
            )?;
            report.imported += 1;
            report.new_petitioners += u64::from(result.new_petitioner);
            report.new_cases += u64::from(result.new_case);
            report.waiting += u64::from(result.queue_no.is_some() && !settled);
            report
                .warnings
                .extend(result.warnings.iter().map(|w| Problem {
                    line: c.line,
                    field: "warning".into(),
                    message: w.clone(),
                }));
            closings.note(&result, CaseEnd::of(c.line, row, standing, when));
            bar.set(i as u64 + 1);
        }
        failed_line = 0;
        closings.apply(store, officer, clock, report, &mut failed_line)?;
        store.set_time(time.clone());
        let path = std::path::absolute(&file).unwrap_or_else(|_| PathBuf::from(&file));
        store.record_audit(
            Some(officer),
            "import",
            &format!("contacts:{} file:{}", rows.len(), path.display()),
        )
    })();
    store.set_time(time);
    bar.finish();
    match result {
        Ok(()) if report.dry_run => {
            store.rollback_batch()?;
            Ok(())
        }
        Ok(()) => {
            store.commit_batch()?;
            Ok(())
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

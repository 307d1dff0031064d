//! `jiedai import`: every row checked first, then all written or none.

use super::closing::{CaseEnd, Closings};
use super::mapping::read_mapping;
use super::report::{listing, DeskClock, ImportReport, Problem};
use super::source::read_rows;
use super::*;
use std::collections::HashMap;

/// Reads the file to import: a regular file (a pipe or device is refused before it is
/// opened, so nothing waits on it) of at most `max_mb` megabytes.
fn read_import_file(path: &std::path::Path, max_mb: u64, lang: Lang) -> Outcome<Vec<u8>> {
    let file = path.display().to_string();
    let cannot = |e: std::io::Error| {
        let code = match e.kind() {
            std::io::ErrorKind::NotFound => exit::NOT_FOUND,
            _ => exit::FAILURE,
        };
        Failure::new(code, words::cannot_read(lang, &file, &e))
    };
    let meta = std::fs::metadata(path).map_err(cannot)?;
    if meta.is_dir() {
        return Err(refused(words::import_is_a_folder(lang, &file)));
    }
    if !meta.is_file() {
        return Err(refused(words::not_a_regular_file(lang, &file)));
    }
    let max = max_mb.saturating_mul(1024 * 1024);
    if meta.len() > max {
        return Err(refused(words::too_big(
            lang,
            &file,
            meta.len().div_ceil(1024 * 1024),
            max_mb,
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
        return Err(refused(words::grew(lang, &file, max_mb)));
    }
    Ok(bytes)
}

/// A row ready to write: its line, what it says, and its fingerprint.
pub(super) struct Checked {
    pub line: u64,
    pub row: ImportRow,
    pub key: String,
}

pub fn import(ctx: &Startup, a: ImportArgs) -> Outcome {
    let officer = ctx.officer()?.to_string();
    let lang = ctx.lang;
    let file = a.file.display().to_string();
    let max_mb = ctx
        .config
        .import_max_mb
        .unwrap_or(crate::config::DEFAULT_IMPORT_MAX_MB);
    let mapping = match &a.mapping {
        Some(path) => read_mapping(path, lang)?,
        None => Mapping::new(),
    };
    let bytes = read_import_file(&a.file, max_mb, lang)?;
    let (table, format) = read_rows(&file, &bytes, lang)?;
    drop(bytes);

    // Reading the record is needed to skip rows imported before; a missing file is
    // created only once the rows are known to be good, so a refused import leaves nothing.
    let store = if ctx.record_may_exist() {
        Some(ctx.open(OpenMode::Existing)?)
    } else {
        None
    };
    let clock = DeskClock(&ctx.time);
    let (ignored, rows) = check_rows(&file, table, &mapping, &clock, lang)?;
    if rows.is_empty() {
        return Err(refused(words::no_contacts(lang, &file)));
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
            lang,
        )?;
        drop(store);
        drop(dry.scratch);
    }
    print_report(&report, a.json, lang)
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
    fn new(ctx: &Startup, dry_run: bool, store: Option<Store>) -> Outcome<DryRun> {
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

fn print_report(report: &ImportReport, json: bool, lang: Lang) -> Outcome {
    use crate::words::import_report as say;
    let file = &report.file;
    if !report.ignored_columns.is_empty() {
        eprintln!(
            "jiedai: {}",
            say::columns_left_aside(lang, file, &report.ignored_columns)
        );
    }
    if report.masked_rows > 0 {
        eprintln!(
            "jiedai: {}",
            say::masked_rows(lang, file, report.masked_rows)
        );
    }
    let notes = listing(file, &report.warnings, true, lang);
    if !notes.is_empty() {
        eprintln!("jiedai: {}{notes}", words::imported_anyway(lang));
    }
    if json {
        return print_json(report);
    }
    let base = words::imported(
        lang,
        report.imported,
        report.new_petitioners,
        report.new_cases,
        report.waiting,
    );
    let mut line = if report.dry_run {
        say::dry_run(lang, &base)
    } else {
        base
    };
    let mut more = |text: String| {
        line.push_str(say::and_also(lang));
        line.push_str(&text);
    };
    if report.closed_cases > 0 {
        more(say::closed_as_history(lang, report.closed_cases));
    }
    if report.already_imported > 0 {
        more(say::already_imported(lang, report.already_imported));
    }
    if !report.new_units.is_empty() {
        more(say::new_units(lang, &report.new_units));
    }
    println!("{line}");
    if report.open_cases > 0 {
        eprintln!("jiedai: {}", say::open_cases_note(lang, report.open_cases));
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
    lang: Lang,
) -> Outcome<(Vec<String>, Vec<Checked>)> {
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
            header = Some(read_header(&names, mapping).map_err(|e| {
                let e = crate::words::fields::header_error(&e, lang);
                refused(words::nothing_imported(lang, file, line, &e))
            })?);
            continue;
        };
        let cells = trim_trailing_empty(cells, header.len());
        if cells.len() != header.len() {
            let e = FieldError {
                field: "row",
                problem: FieldProblem::RowWidth {
                    fields: cells.len(),
                    header: header.len(),
                },
            };
            problems.push(Problem::of(line, e, lang));
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
            Err(errors) => problems.extend(errors.into_iter().map(|e| Problem::of(line, e, lang))),
        }
    }
    let Some(header) = header else {
        return Err(refused(words::empty_file(lang, file)));
    };
    if problems.is_empty() {
        return Ok((header.ignored, rows));
    }
    let mut bad_lines: Vec<u64> = problems.iter().map(|p| p.line).collect();
    bad_lines.dedup();
    Err(refused(words::rows_refused(
        lang,
        file,
        bad_lines.len(),
        &listing(file, &problems, false, lang),
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

/// Rows written per transaction. Everything is checked before the first one, so a
/// chunk holds the write lock only as long as its writes take (issue 7 item 9: other
/// desks wait at most about that long); an import of up to this many rows is all or
/// nothing, a larger one is written in whole chunks.
pub(super) const CHUNK: usize = 200;

/// Writes the rows in time order, in chunks of [`CHUNK`] rows, each one transaction
/// holding its rows and the cases they complete. Stopped half-way (killed, disk
/// full), it leaves whole chunks, and the same import run again adds exactly the
/// rest (rows are fingerprinted). A dry run writes in one transaction rolled back,
/// so its figures are exactly what the import would do.
fn write_rows(
    store: &mut Store,
    officer: &str,
    mut rows: Vec<Checked>,
    clock: &DeskClock<'_>,
    as_closed: bool,
    report: &mut ImportReport,
    lang: Lang,
) -> Outcome<()> {
    let file = report.file.clone();
    let time = store.time().clone();
    let now = time.now();
    let today = now.date_naive();
    // Flags (再访, 重复访, 老户) depend on what came before: replay in time order.
    let at = |r: &ImportRow| clock.desk(r.arrived_at.unwrap_or(now));
    rows.sort_by_key(|c| (at(&c.row), c.line));
    // Where each case the file names ends, to close it in the chunk of its last row.
    let mut last_of: HashMap<&str, usize> = HashMap::new();
    for (i, c) in rows.iter().enumerate() {
        if let Some(no) = &c.row.case_no {
            last_of.insert(no, i);
        }
    }
    let mut bar = Progress::new("import", rows.len() as u64);
    let chunk = if report.dry_run { rows.len() } else { CHUNK };
    let mut failed_line = 0;
    let mut written = 0;
    let mut closings = Closings::default();
    let mut result = Ok(());
    for (n, part) in rows.chunks(chunk).enumerate() {
        store.begin_batch()?;
        result = (|| -> Result<(), StoreError> {
            for (j, c) in part.iter().enumerate() {
                let i = n * chunk + j;
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
                let shown = crate::words::checkin::warnings(&result, lang);
                report
                    .warnings
                    .extend(result.warnings.0.iter().zip(shown).map(|(w, s)| Problem {
                        line: c.line,
                        field: "warning".into(),
                        message: w.message.clone(),
                        shown: format!("{}{s}", crate::words::checkin::warning_label(lang)),
                    }));
                let last = row.case_no.as_deref().and_then(|no| last_of.get(no));
                closings.note(
                    &result,
                    CaseEnd::of(c.line, row, standing, when),
                    last.copied().unwrap_or(i),
                );
                bar.set(i as u64 + 1);
            }
            failed_line = 0;
            let done = n * chunk + part.len();
            closings
                .ready(done)
                .apply(store, officer, clock, report, &mut failed_line, lang)?;
            if done == rows.len() {
                store.set_time(time.clone());
                let path = std::path::absolute(&file).unwrap_or_else(|_| PathBuf::from(&file));
                store.record_audit(
                    Some(officer),
                    crate::domain::audit::AuditAction::Import,
                    &format!("contacts:{} file:{}", rows.len(), path.display()),
                )?;
            }
            Ok(())
        })();
        store.set_time(time.clone());
        match &result {
            Ok(()) if report.dry_run => store.rollback_batch()?,
            Ok(()) => {
                store.commit_batch()?;
                written += part.len();
                // A breath between chunks, so that desks waiting for the lock get it.
                std::thread::sleep(std::time::Duration::from_millis(10));
            }
            Err(_) => {
                let _ = store.rollback_batch();
                break;
            }
        }
    }
    bar.finish();
    report.lock_held_ms = crate::store::longest_lock_hold().as_millis() as u64;
    result.map_err(|e| {
        Failure::from(e).reworded(lang, |m| match written {
            0 => words::nothing_imported(lang, &file, failed_line, &m),
            _ => words::partly_imported(lang, &file, failed_line, &m, written as u64),
        })
    })
}

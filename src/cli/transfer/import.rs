//! `jiedai import`: every row checked first, then all written or none.

use super::*;

// ---------------------------------------------------------------------------
// Import.

/// One problem found in the file, at the line where its row starts.
#[derive(Debug, Clone, Serialize)]
struct Problem {
    line: u64,
    field: String,
    /// In English: scripts read the JSON report.
    message: String,
    /// `field: message` in the language of the run, for a person.
    #[serde(skip)]
    shown: String,
}

impl Problem {
    fn of(line: u64, e: FieldError, lang: Lang) -> Problem {
        Problem {
            line,
            field: e.field.to_string(),
            message: e.problem.to_string(),
            shown: crate::words::fields::field_error(&e, lang),
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
fn listing(file: &str, problems: &[Problem], warnings: bool, lang: Lang) -> String {
    let mut text = String::new();
    for p in problems.iter().take(SHOWN_PROBLEMS) {
        text.push_str(&format!("\n{file}:{}: {}", p.line, p.shown));
    }
    if problems.len() > SHOWN_PROBLEMS {
        text.push('\n');
        text.push_str(&words::and_more(
            lang,
            problems.len() - SHOWN_PROBLEMS,
            warnings,
        ));
    }
    text
}

/// A lead byte followed by a trail byte of GBK/GB18030: what Excel on Chinese
/// Windows writes when told to save "CSV".
pub(super) fn looks_like_gbk(bytes: &[u8]) -> bool {
    bytes
        .windows(2)
        .any(|w| (0x81..=0xFE).contains(&w[0]) && (0x40..=0xFE).contains(&w[1]) && w[1] != 0x7F)
}

/// The file as text: UTF-8, with a byte order mark allowed and dropped.
pub(super) fn decode<'a>(file: &str, bytes: &'a [u8], lang: Lang) -> Outcome<&'a str> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(bytes).map_err(|e| {
        let good = &bytes[..e.valid_up_to()];
        let line = good.iter().filter(|b| **b == b'\n').count() + 1;
        let gbk = looks_like_gbk(&bytes[e.valid_up_to()..]);
        refused(words::not_utf8(lang, file, line, gbk))
    })
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
        self.0.now().offset().from_local_datetime(&naive).earliest()
    }

    fn desk(&self, t: DateTime<FixedOffset>) -> DateTime<FixedOffset> {
        t.with_timezone(self.0.now().offset())
    }
}

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

pub fn import(ctx: &Startup, a: ImportArgs) -> Outcome {
    let officer = ctx.officer()?.to_string();
    let lang = ctx.lang;
    let file = a.file.display().to_string();
    let max_mb = ctx
        .config
        .import_max_mb
        .unwrap_or(crate::config::DEFAULT_IMPORT_MAX_MB);
    let bytes = read_import_file(&a.file, max_mb, lang)?;
    let text = decode(&file, &bytes, lang)?;
    if let Some(line) = unclosed_quote(text) {
        return Err(refused(words::unclosed_quote(lang, &file, line)));
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
    let rows = check_rows(&file, text, now, &clock, store.as_ref(), lang)?;
    if rows.is_empty() {
        return Err(refused(words::no_contacts(lang, &file)));
    }

    let mut store = match store.take() {
        Some(s) => s,
        None => ctx.open(OpenMode::Create)?,
    };
    let report = write_rows(&mut store, &officer, &file, rows, &clock, ctx.lang)?;
    let notes = listing(&file, &report.warnings, true, lang);
    if !notes.is_empty() {
        eprintln!("jiedai: {}{notes}", words::imported_anyway(lang));
    }
    if a.json {
        return print_json(&report);
    }
    println!(
        "{}",
        words::imported(
            lang,
            report.imported,
            report.new_petitioners,
            report.new_cases,
            report.waiting
        )
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
    lang: Lang,
) -> Outcome<Vec<(u64, ImportRow)>> {
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
            refused(words::not_csv(lang, file, line, &e))
        })?;
        let line = record.position().map(|p| p.line()).unwrap_or(0);
        let cells: Vec<&str> = record.iter().collect();
        if is_blank(&cells) {
            continue;
        }
        let Some(header) = &header else {
            header = Some(read_header(&cells).map_err(|e| {
                let e = crate::words::fields::header_error(&e, lang);
                refused(words::nothing_imported(lang, file, line, &e))
            })?);
            continue;
        };
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
                                problem: FieldProblem::NoSuchCase(no.clone()),
                            },
                            lang,
                        ));
                        continue;
                    }
                }
                rows.push((line, row));
            }
            Err(errors) => problems.extend(errors.into_iter().map(|e| Problem::of(line, e, lang))),
        }
    }
    if header.is_none() {
        return Err(refused(words::empty_file(lang, file)));
    }
    if problems.is_empty() {
        return Ok(rows);
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

/// Writes the rows in time order in one batch: all of them, or none.
fn write_rows(
    store: &mut Store,
    officer: &str,
    file: &str,
    mut rows: Vec<(u64, ImportRow)>,
    clock: &DeskClock<'_>,
    lang: Lang,
) -> Outcome<ImportReport> {
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
            let shown = crate::words::checkin::warnings(&result, lang);
            report
                .warnings
                .extend(
                    result
                        .warnings
                        .0
                        .into_iter()
                        .zip(shown)
                        .map(|(w, s)| Problem {
                            line: *line,
                            field: "warning".into(),
                            message: w.message,
                            shown: format!("{}{s}", crate::words::checkin::warning_label(lang)),
                        }),
                );
            bar.set(i as u64 + 1);
        }
        failed_line = 0;
        store.set_time(time.clone());
        let path = std::path::absolute(file).unwrap_or_else(|_| PathBuf::from(file));
        store.record_audit(
            Some(officer),
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
            Err(Failure::from(e).reworded(lang, |m| {
                words::nothing_imported(lang, file, failed_line, &m)
            }))
        }
    }
}

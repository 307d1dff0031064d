//! Moving an office: a SQLite file's whole record copied onto a PostgreSQL
//! server (`jiedai migrate`), then proven — both ends verified, their chain
//! heads and every table's rows compared.

use super::copy::TableCount;
use super::error::{Result, StoreError};
use super::port::Admin;
use super::postgres::PgStore;
use super::records::{OpenMode, VerifyReport};
use super::sqlite::SqliteStore;
use crate::time::TimeSource;
use std::path::Path;
use std::time::Instant;

/// What a move did and what the check after it found.
#[derive(Debug, Clone, serde::Serialize)]
pub struct MoveReport {
    pub from: String,
    pub to: String,
    /// Rows copied, over every table.
    pub rows: u64,
    pub tables: Vec<TableCount>,
    /// Tables of the file the server keeps no copy of yet, with their rows.
    pub left_behind: Vec<TableLeft>,
    /// The timeline's newest event (`SEQ:HASH`) on each end.
    pub timeline_head: Heads,
    /// The ledger's head on each end; `None` while the server keeps no ledger.
    pub ledger_head: Option<Heads>,
    pub file_problems: Vec<String>,
    pub server_problems: Vec<String>,
    /// Every way the two ends differ; empty when the move is proven.
    pub mismatches: Vec<String>,
    /// From opening the file to the copy's commit (the file's verify, run beside
    /// the copy, ends before it).
    pub copy_seconds: f64,
    /// From the commit until the server was verified.
    pub verify_seconds: f64,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct TableLeft {
    pub table: String,
    pub rows: i64,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Heads {
    pub file: Option<String>,
    pub server: Option<String>,
}

impl MoveReport {
    pub fn ok(&self) -> bool {
        self.mismatches.is_empty()
    }
}

/// Which part of the move is running, for a progress line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MoveStage {
    Copy,
    /// The file's verify (run beside the copy; its end is waited for before
    /// the copy commits).
    VerifyFile,
    VerifyServer,
}

/// Copies the file at `file` onto the server at `url` (a new or empty record
/// there; see `postgres::copy::receive` for `force`), then verifies both.
pub fn move_to_server(
    file: &Path,
    url: &str,
    force: bool,
    time: &TimeSource,
    watch: &mut dyn FnMut(MoveStage, u64, u64),
) -> Result<MoveReport> {
    if !super::address::is_server(url) {
        return Err(StoreError::Invalid(format!(
            "--to {url}: name a PostgreSQL server, such as postgresql://USER@HOST/DATABASE"
        )));
    }
    // The copy and the check before its commit both report progress.
    let watch = std::cell::RefCell::new(watch);
    let started = Instant::now();
    let source = SqliteStore::open(file, OpenMode::ReadOnly, time)?;
    // The file's full verify reads only the file: it runs beside the copy, on a
    // connection of its own, and is waited for once the copy is in.
    let file_check = {
        let (file, time) = (file.to_path_buf(), time.clone());
        std::thread::spawn(move || -> Result<VerifyReport> {
            SqliteStore::open(&file, OpenMode::ReadOnly, &time)?.verify(&[], None)
        })
    };
    let mut file_check = Some(file_check);
    let mut file_report = None;
    let received = {
        let mut from = source.copy_source()?;
        super::postgres::receive(
            url,
            force,
            &mut from,
            &mut |done, total| (watch.borrow_mut())(MoveStage::Copy, done, total),
            // A record that fails its own check is not moved.
            &mut || {
                let Some(check) = file_check.take() else {
                    return Ok(());
                };
                (watch.borrow_mut())(MoveStage::VerifyFile, 0, 1);
                let report = check.join().map_err(|_| {
                    StoreError::Backend("the file's verify stopped unexpectedly".into())
                })??;
                (watch.borrow_mut())(MoveStage::VerifyFile, 1, 1);
                if !report.ok() {
                    return Err(StoreError::Invalid(format!(
                        "{} does not verify ({}); a record that fails its own check is not moved, and nothing was copied: `jiedai verify` lists every problem",
                        file.display(),
                        summary(&report)
                    )));
                }
                file_report = Some(report);
                Ok(())
            },
        )?
    };
    let copy_seconds = started.elapsed().as_secs_f64();
    let started = Instant::now();
    let file_report =
        file_report.ok_or_else(|| StoreError::Backend("the file's verify did not run".into()))?;
    (watch.borrow_mut())(MoveStage::VerifyServer, 0, 1);
    let server = PgStore::open(url, OpenMode::ReadOnly, time)?;
    let server_report = server.verify(&[], None)?;
    let server_head = server.timeline_head()?;
    (watch.borrow_mut())(MoveStage::VerifyServer, 1, 1);
    let verify_seconds = started.elapsed().as_secs_f64();

    let mut mismatches = Vec::new();
    for t in received.counts.iter().filter(|t| t.source != t.target) {
        mismatches.push(format!(
            "{}: {} rows in the file, {} on the server",
            t.table, t.source, t.target
        ));
    }
    let timeline_head = Heads {
        file: received.source_head.map(|a| a.to_string()),
        server: server_head.map(|a| a.to_string()),
    };
    if timeline_head.file != timeline_head.server {
        mismatches.push("the timeline's heads differ".into());
    }
    // The server keeps the ledger too: the same rows hashed the same way must end
    // on the same head.
    let ledger_head = Some(Heads {
        file: file_report.chain_head.clone(),
        server: server_report.chain_head.clone(),
    });
    if ledger_head.as_ref().is_some_and(|h| h.file != h.server) {
        mismatches.push("the ledger's heads differ".into());
    }
    for (end, report) in [("the file", &file_report), ("the server", &server_report)] {
        if !report.ok() {
            mismatches.push(format!("{end} does not verify: {}", summary(report)));
        }
    }
    Ok(MoveReport {
        from: file.display().to_string(),
        to: server.location().display().to_string(),
        rows: received.plan.rows(),
        tables: received.counts,
        left_behind: received
            .plan
            .left
            .iter()
            .map(|(table, rows)| TableLeft {
                table: table.to_string(),
                rows: *rows,
            })
            .collect(),
        timeline_head,
        ledger_head,
        file_problems: file_report.problems,
        server_problems: server_report.problems,
        mismatches,
        copy_seconds,
        verify_seconds,
    })
}

fn summary(report: &VerifyReport) -> String {
    if !report.integrity_ok() {
        return report.integrity.clone();
    }
    let mut first: Vec<&str> = report.problems.iter().take(3).map(String::as_str).collect();
    if report.problems.len() > 3 {
        first.push("…");
    }
    first.join("; ")
}

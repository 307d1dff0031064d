//! `jiedai verify`: the ledger's chain walked, every ledgered table recomputed
//! against it, references and the timeline checked, anchors found — all in one read
//! snapshot, so a desk writing meanwhile never looks like tampering.

use super::ledger::{self, hex, RowCodec, LEDGERED_TABLES};
pub(crate) use super::ledger_chain::{name_key, ChainCheck, Named, RowKey};
use super::ledger_store as store;
use super::rows::blob_at;
use super::scan::{int_at, Scan};
use super::verify_aside::{self, quick_check, references_and_timelines};
use super::verify_feed::FeedIn;
use super::verify_rows::{self, table_exists, RowsCheck};
pub(crate) use super::verify_rows::{clamp, difference, TICK_EVERY};
use super::{events, timeline_check};
use crate::domain::anchor::Anchor;
use crate::store::error::Result;
use crate::store::records::{VerifyProgress, VerifyReport, VerifyStage};
use rusqlite::{params, Connection, OptionalExtension};
use std::collections::BTreeSet;

/// `progress` hears each pass of a full verify as it goes (an incremental one is
/// over before a line would be worth drawing).
pub(super) fn verify(
    conn: &Connection,
    anchors: &[Anchor],
    since: Option<&Anchor>,
    progress: VerifyProgress<'_>,
) -> Result<VerifyReport> {
    // One read transaction: every query below sees the same snapshot.
    // Dropped after the snapshot (it is declared first).
    let _mapped = match since {
        None => Some(verify_aside::Mapped::new(conn)?),
        Some(_) => None,
    };
    let snapshot = conn.unchecked_transaction()?;
    let conn = &*snapshot;
    // The structure of the whole file is read by a full verify only.
    let mut report = VerifyReport {
        integrity: VerifyReport::NOT_CHECKED.to_string(),
        ..Default::default()
    };
    let last_event = max_key(conn, "SELECT max(id) FROM events")?;
    if !ledger::present(conn)? {
        if since.is_none() {
            progress(VerifyStage::Structure, 0, 1);
            report.integrity = quick_check(conn)?;
            progress(VerifyStage::Structure, 1, 1);
        }
        timeline_check::check_timeline(
            conn,
            None,
            &mut report,
            &mut |id| progress(VerifyStage::Timeline, clamp(id, last_event), last_event),
            None,
        )?;
        return Ok(report);
    }
    match since {
        None => std::thread::scope(|scope| -> Result<()> {
            // The file's structure, references and timelines are read on the
            // second core meanwhile.
            let (aside, fed) = verify_aside::start(scope, conn);
            chain_and_rows(conn, &mut report, progress, verify_rows::KEPT_AT_MOST, fed)?;
            // What the second core still reads is said as the file's structure.
            progress(VerifyStage::Structure, 0, 1);
            let part = match verify_aside::finish(aside, conn)? {
                Some(part) => {
                    progress(VerifyStage::Structure, 1, 1);
                    progress(VerifyStage::References, 1, 1);
                    part
                }
                None => {
                    let integrity = quick_check(conn)?;
                    progress(VerifyStage::Structure, 1, 1);
                    // The references are told first, as the aside's are, though
                    // they are read after the timelines (they need the replay).
                    progress(VerifyStage::References, 0, 1);
                    progress(VerifyStage::References, 1, 1);
                    VerifyReport {
                        integrity,
                        ..references_and_timelines(
                            conn,
                            &mut |id| {
                                progress(VerifyStage::Timeline, clamp(id, last_event), last_event)
                            },
                            None,
                        )?
                    }
                }
            };
            report.integrity = part.integrity;
            report.events += part.events;
            report.cases += part.cases;
            report.problems.extend(part.problems);
            progress(VerifyStage::Timeline, last_event, last_event);
            Ok(())
        })?,
        Some(anchor) => {
            report.since = Some(anchor.to_string());
            if let Some(touched) = walk(conn, Some(anchor), &mut report, &mut |_, _, _| {}, None)? {
                compare_rows(conn, &touched, &mut report)?;
                let cases = touched_cases(conn, &touched)?;
                timeline_check::check_timeline(conn, Some(&cases), &mut report, &mut |_| {}, None)?;
            }
            report.events = count(conn, "events")?;
            report.cases = count(conn, "cases")?;
        }
    }
    unsealed(conn, &mut report)?;
    for anchor in anchors {
        report.anchors_checked += 1;
        if let Some(problem) = find_anchor(conn, anchor, true)? {
            report.problems.push(problem);
        }
    }
    Ok(report)
}

/// The whole chain walked, and every ledgered table compared with it in the same
/// pass (verify_rows.rs), keeping at most `kept_at_most` keys aside; with `fed`,
/// the events' hashes as the timeline's replay hands them over.
pub(super) fn chain_and_rows(
    conn: &Connection,
    report: &mut VerifyReport,
    progress: VerifyProgress<'_>,
    kept_at_most: usize,
    fed: Option<FeedIn>,
) -> Result<()> {
    let names = store::table_names(conn)?;
    let mut rows = RowsCheck::start(verify_rows::prepare(conn)?, &names, kept_at_most, fed)?;
    walk(conn, None, report, progress, Some(&mut rows))?;
    let rows_total = estimated_rows(conn)?;
    rows.finish(conn, report, rows_total, progress)
}

/// The largest key a query finds, as a progress total (0 when there is none).
fn max_key(conn: &Connection, sql: &str) -> Result<u64> {
    let max: Option<i64> = conn.query_row(sql, [], |r| r.get(0))?;
    Ok(clamp(max.unwrap_or(0), u64::MAX))
}

/// About how many rows the ledgered tables hold, read from their largest row ids
/// (counting them would be a pass of its own); a table without row ids counts 0.
fn estimated_rows(conn: &Connection) -> Result<u64> {
    let mut total = 0;
    for t in LEDGERED_TABLES {
        if table_exists(conn, t.name)? {
            total +=
                max_key(conn, &format!("SELECT max(_rowid_) FROM \"{}\"", t.name)).unwrap_or(0);
        }
    }
    Ok(total)
}

fn count(conn: &Connection, table: &str) -> Result<i64> {
    Ok(
        conn.query_row(&format!("SELECT count(*) FROM \"{table}\""), [], |r| {
            r.get(0)
        })?,
    )
}

/// Whether the chain holds `anchor` at its place; the problem if not. With
/// `timeline`, an anchor of the timeline's own chain (printed before the ledger
/// existed) counts too.
fn find_anchor(conn: &Connection, anchor: &Anchor, timeline: bool) -> Result<Option<String>> {
    let held = store::hash_at(conn, anchor.seq)?;
    if held.is_some_and(|h| hex(&h) == anchor.hash) {
        return Ok(None);
    }
    if timeline && events::event_hash(conn, anchor.seq)?.is_some_and(|h| h == anchor.hash) {
        return Ok(None);
    }
    let reaches: bool = conn
        .prepare_cached("SELECT EXISTS(SELECT 1 FROM ledger WHERE seq = ?1)")?
        .query_row([anchor.seq], |r| r.get(0))?;
    Ok(Some(anchor_problem(anchor, reaches)))
}

/// What an anchor the chain does not hold means: the chain `reaches` its entry
/// with another hash (rebuilt), or no longer reaches it (cut).
pub(crate) fn anchor_problem(anchor: &Anchor, reaches: bool) -> String {
    if reaches {
        format!(
            "anchor {anchor}: ledger entry {} has another hash now: the chain was rebuilt \
             after the anchor was taken",
            anchor.seq
        )
    } else {
        format!(
            "anchor {anchor}: the chain no longer reaches entry {}: it was cut after the \
             anchor was taken",
            anchor.seq
        )
    }
}

/// Walks the chain (from `since`, or from its start), checking each entry's hash and
/// that none is missing, and handing each entry to `tables` when given; returns the rows touched after `since`, or `None` when
/// `since` is not on the chain (said in the report).
pub(super) fn walk(
    conn: &Connection,
    since: Option<&Anchor>,
    report: &mut VerifyReport,
    progress: VerifyProgress<'_>,
    mut tables: Option<&mut RowsCheck<'_>>,
) -> Result<Option<BTreeSet<RowKey>>> {
    let (mut seq, mut prev) = (0, Some(ledger::GENESIS));
    if let Some(anchor) = since {
        if let Some(problem) = find_anchor(conn, anchor, false)? {
            report.problems.push(problem);
            return Ok(None);
        }
        seq = anchor.seq;
        prev = store::hash_at(conn, seq)?;
    }
    let mut check = ChainCheck::from(
        seq,
        prev,
        store::table_names(conn)?,
        store::marks_after(conn, seq)?,
        since.is_some(),
    );
    // Every entry of the chain (15 M at a million): read through `Scan`.
    let mut rows = Scan::prepare(
        conn,
        "SELECT seq, t, k1, k2, outside, row_hash FROM ledger WHERE seq > ?1 ORDER BY seq",
    )?;
    rows.bind_int(1, seq)?;
    let last = max_key(conn, "SELECT max(seq) FROM ledger")?;
    while let Some(r) = rows.next()? {
        let at = int_at(&r, 0)?;
        if clamp(at, u64::MAX).is_multiple_of(TICK_EVERY) {
            progress(VerifyStage::Chain, clamp(at, last), last);
        }
        let code = int_at(&r, 1)?;
        let key = (int_at(&r, 2)?, int_at(&r, 3)?);
        let row_hash = blob_at(&r, 5)?;
        check.entry(at, code, key, int_at(&r, 4)? != 0, row_hash);
        if let Some(tables) = tables.as_mut() {
            tables.entry(code, key, row_hash)?;
        }
    }
    progress(VerifyStage::Chain, last, last);
    Ok(Some(check.finish(ledger::recorded_head(conn)?, report)))
}

/// The rows touched after an anchor, each against the newest entry of its key.
fn compare_rows(
    conn: &Connection,
    touched: &BTreeSet<RowKey>,
    report: &mut VerifyReport,
) -> Result<()> {
    let mut problems = Named::new("rows that differ from the ledger");
    for &(name, k1, k2) in touched {
        let Some(t) = ledger::table(name) else {
            continue;
        };
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT {}, * FROM \"{}\" WHERE {}",
            t.key_columns(),
            t.name,
            t.key_condition()
        ))?;
        let mut codec = RowCodec::of(&stmt, 2);
        let now: Option<[u8; 32]> = stmt
            .query_row(params![k1, k2], |r| codec.hash(r))
            .optional()?;
        let held: Option<Vec<u8>> = conn
            .prepare_cached(
                "SELECT row_hash FROM ledger
                 WHERE t = (SELECT code FROM ledger_tables WHERE name = ?1)
                   AND k1 = ?2 AND k2 = ?3
                 ORDER BY seq DESC LIMIT 1",
            )?
            .query_row(params![name, k1, k2], |r| r.get(0))
            .optional()?
            .flatten();
        if held.as_deref() != now.as_ref().map(|h| &h[..]) {
            problems.push(difference(
                &t,
                k1,
                k2,
                held.as_deref(),
                now.as_ref().map(|h| &h[..]),
            ));
        }
        report.rows += 1;
    }
    problems.into(report);
    Ok(())
}

/// The cases whose timeline or row was touched: their replay is what an
/// incremental verify re-checks.
fn touched_cases(conn: &Connection, touched: &BTreeSet<RowKey>) -> Result<BTreeSet<i64>> {
    let mut cases = BTreeSet::new();
    let mut of_event = conn.prepare_cached("SELECT case_id FROM events WHERE id = ?1")?;
    for &(name, k1, _) in touched {
        match name {
            "cases" => {
                cases.insert(k1);
            }
            "events" => {
                if let Some(case) = of_event.query_row([k1], |r| r.get(0)).optional()? {
                    cases.insert(case);
                }
            }
            _ => {}
        }
    }
    Ok(cases)
}

/// Rows noted by the triggers and never sealed (another program wrote them since
/// jiedai last did), and tables whose triggers were removed.
fn unsealed(conn: &Connection, report: &mut VerifyReport) -> Result<()> {
    let mut problems = Named::new("rows written by another program than jiedai");
    let mut stmt = conn.prepare("SELECT tbl, k1, k2 FROM ledger_pending")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let (tbl, k1, k2): (String, i64, i64) = (r.get(0)?, r.get(1)?, r.get(2)?);
        problems.push(format!(
            "{tbl} row {}: written by another program than jiedai (not sealed yet)",
            name_key(k1, k2)
        ));
    }
    problems.into(report);
    let mut has = conn.prepare_cached(
        "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND name IN (?1, ?2, ?3)",
    )?;
    for t in LEDGERED_TABLES {
        let [a, b, c] = t.triggers();
        let n: i64 = has.query_row(params![a, b, c], |r| r.get(0))?;
        if n != 3 && table_exists(conn, t.name)? {
            report.problems.push(format!(
                "{}: the ledger's triggers were removed, so writes to it are not noted",
                t.name
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
#[path = "verify_progress_tests.rs"]
mod progress_tests;

#[cfg(test)]
#[path = "verify_rows_tests.rs"]
pub(super) mod rows_tests;

//! `jiedai verify` on the server: what it does on a SQLite file (DESIGN.md 1.7) —
//! the ledger's chain walked, every ledgered table recomputed against it,
//! references and the timeline checked, anchors found — in one read-only
//! snapshot, so desks writing meanwhile never look like tampering.

use super::ledger::{self, Keys, PgCodec};
use super::ledger_store as store;
use super::timeline;
use crate::domain::anchor::Anchor;
use crate::store::error::Result;
use crate::store::records::{VerifyProgress, VerifyReport, VerifyStage};
use crate::store::sqlite::ledger::{table, Ledgered, LEDGERED_TABLES};
use crate::store::sqlite::ledger_verify::{
    anchor_problem, clamp, difference, name_key, ChainCheck, Named, RowKey, TICK_EVERY,
};
use postgres::fallible_iterator::FallibleIterator;
use postgres::types::ToSql;
use postgres::{GenericClient, Transaction};
use std::collections::BTreeSet;

/// `progress` hears each pass of a full verify as it goes.
pub(super) fn verify(
    client: &mut postgres::Client,
    anchors: &[Anchor],
    since: Option<&Anchor>,
    progress: VerifyProgress<'_>,
) -> Result<VerifyReport> {
    let mut tx = client
        .build_transaction()
        .isolation_level(postgres::IsolationLevel::RepeatableRead)
        .read_only(true)
        .start()?;
    // Read afresh: a table dropped behind the program's back is then seen gone.
    let keys = ledger::keys(&mut tx)?;
    let mut report = VerifyReport {
        // The server keeps its own pages sound; there is no file to check here.
        integrity: match since {
            Some(_) => VerifyReport::NOT_CHECKED.to_string(),
            None => "ok".to_string(),
        },
        ..Default::default()
    };
    let last_event = top(&mut tx, "SELECT max(id) FROM events")?;
    match since {
        None => {
            walk(&mut tx, None, &mut report, progress)?;
            let total = estimated_rows(&mut tx, &keys)?;
            progress(VerifyStage::Rows, 0, total);
            for t in LEDGERED_TABLES {
                let done = clamp(report.rows, u64::MAX);
                compare_table(&mut tx, t, &keys, &mut report, &mut |n| {
                    progress(VerifyStage::Rows, (done + n).min(total), total)
                })?;
            }
            progress(VerifyStage::Rows, total, total);
            progress(VerifyStage::References, 0, 1);
            references(&mut tx, &keys, &mut report)?;
            progress(VerifyStage::References, 1, 1);
            timeline::check_timeline(&mut tx, None, &mut report, &mut |id| {
                progress(VerifyStage::Timeline, clamp(id, last_event), last_event)
            })?;
            progress(VerifyStage::Timeline, last_event, last_event);
        }
        Some(anchor) => {
            report.since = Some(anchor.to_string());
            if let Some(touched) = walk(&mut tx, Some(anchor), &mut report, &mut |_, _, _| {})? {
                compare_rows(&mut tx, &keys, &touched, &mut report)?;
                let cases = touched_cases(&mut tx, &touched)?;
                timeline::check_timeline(&mut tx, Some(&cases), &mut report, &mut |_| {})?;
            }
            report.events = tx
                .query_one("SELECT count(*) FROM events", &[])?
                .try_get(0)?;
            report.cases = tx
                .query_one("SELECT count(*) FROM cases", &[])?
                .try_get(0)?;
        }
    }
    unsealed(&mut tx, &keys, &mut report)?;
    for anchor in anchors {
        report.anchors_checked += 1;
        if let Some(problem) = find_anchor(&mut tx, anchor, true)? {
            report.problems.push(problem);
        }
    }
    tx.commit()?;
    Ok(report)
}

/// The largest value a query finds, as a progress total (0 when there is none).
fn top<C: GenericClient>(c: &mut C, sql: &str) -> Result<u64> {
    let max: Option<i64> = c.query_one(sql, &[])?.try_get(0)?;
    Ok(clamp(max.unwrap_or(0), u64::MAX))
}

/// About how many rows the ledgered tables hold, read from their largest keys.
fn estimated_rows<C: GenericClient>(c: &mut C, keys: &Keys) -> Result<u64> {
    let mut total = 0;
    for (name, key) in keys {
        let (k1, _) = key.of("t");
        total += top(c, &format!("SELECT max({k1}) FROM \"{name}\" t"))?;
    }
    Ok(total)
}

/// Whether the chain holds `anchor` at its place; the problem if not. With
/// `timeline`, an anchor of the timeline's own chain (printed before the ledger
/// existed on the server) counts too.
fn find_anchor<C: GenericClient>(
    c: &mut C,
    anchor: &Anchor,
    timeline: bool,
) -> Result<Option<String>> {
    let held = store::hash_at(c, anchor.seq)?;
    if held.is_some_and(|h| crate::store::sqlite::ledger::hex(&h) == anchor.hash) {
        return Ok(None);
    }
    if timeline && timeline::event_hash(c, anchor.seq)?.is_some_and(|h| h == anchor.hash) {
        return Ok(None);
    }
    let reaches: bool = c
        .query_one(
            "SELECT EXISTS(SELECT 1 FROM ledger WHERE seq = $1)",
            &[&anchor.seq],
        )?
        .try_get(0)?;
    Ok(Some(anchor_problem(anchor, reaches)))
}

/// Walks the chain (from `since`, or from its start); returns the rows touched
/// after `since`, or `None` when `since` is not on the chain (said in the report).
fn walk(
    tx: &mut Transaction<'_>,
    since: Option<&Anchor>,
    report: &mut VerifyReport,
    progress: VerifyProgress<'_>,
) -> Result<Option<BTreeSet<RowKey>>> {
    let (mut seq, mut prev) = (0, Some(crate::store::sqlite::ledger::GENESIS));
    if let Some(anchor) = since {
        if let Some(problem) = find_anchor(tx, anchor, false)? {
            report.problems.push(problem);
            return Ok(None);
        }
        seq = anchor.seq;
        prev = store::hash_at(tx, seq)?;
    }
    let last = top(tx, "SELECT max(seq) FROM ledger")?;
    let recorded: Option<String> = tx
        .query_opt("SELECT value FROM meta WHERE key = 'ledger_head'", &[])?
        .map(|r| r.try_get(0))
        .transpose()?;
    let recorded = recorded
        .as_deref()
        .and_then(crate::store::sqlite::ledger::parse_head);
    let mut check = ChainCheck::from(
        seq,
        prev,
        store::table_names(tx)?,
        store::marks_after(tx, seq)?,
        since.is_some(),
    );
    let mut rows = tx.query_raw(
        "SELECT seq, t::bigint, k1, k2, outside, row_hash FROM ledger WHERE seq > $1 ORDER BY seq",
        [&seq as &(dyn ToSql + Sync)],
    )?;
    while let Some(r) = rows.next()? {
        let at: i64 = r.try_get(0)?;
        if clamp(at, u64::MAX).is_multiple_of(TICK_EVERY) {
            progress(VerifyStage::Chain, clamp(at, last), last);
        }
        check.entry(
            at,
            r.try_get(1)?,
            (r.try_get(2)?, r.try_get(3)?),
            r.try_get(4)?,
            r.try_get(5)?,
        );
    }
    progress(VerifyStage::Chain, last, last);
    Ok(Some(check.finish(recorded, report)))
}

/// Every row of the table against the newest ledger entry of its key: the server
/// joins the two sides by key (a full join: a row on either side only is a
/// deletion or an insertion), and the rows stream through, so memory stays flat.
pub(super) fn compare_table(
    tx: &mut Transaction<'_>,
    t: &Ledgered,
    keys: &Keys,
    report: &mut VerifyReport,
    tick: &mut dyn FnMut(u64),
) -> Result<()> {
    let name = t.name;
    // A table the ledger holds nothing of has no number: it matches no entry.
    let code = store::code_of(tx, name)?;
    let Some(key) = keys.get(name) else {
        let held: bool = tx
            .query_one(
                "SELECT EXISTS(SELECT 1 FROM ledger WHERE t = $1::bigint AND row_hash IS NOT NULL)",
                &[&code],
            )?
            .try_get(0)?;
        if held {
            report.problems.push(format!(
                "{name}: the whole table is gone (dropped behind the program's back; the ledger holds its rows)"
            ));
        }
        return Ok(());
    };
    let sql = format!(
        "SELECT l.k1, l.k2, l.seq IS NOT NULL, l.row_hash, {select}
         FROM (SELECT DISTINCT ON (k1, k2) k1, k2, seq, row_hash FROM ledger
               WHERE t = $1::bigint ORDER BY k1, k2, seq DESC) l
         FULL JOIN \"{name}\" t ON {on}",
        select = key.select(),
        on = key.joins("l"),
    );
    let mut problems = Named::new("rows that differ from the ledger");
    let mut rows = tx.query_raw(&sql, [&code as &(dyn ToSql + Sync)])?;
    let mut codec: Option<PgCodec> = None;
    let mut seen = 0;
    while let Some(r) = rows.next()? {
        let codec = codec.get_or_insert_with(|| PgCodec::of(r.columns(), 6));
        let held = if r.try_get(2)? {
            Some(r.try_get::<_, Option<Vec<u8>>>(3)?)
        } else {
            None
        };
        let on_file: Option<i64> = r.try_get(4)?;
        let now = match on_file {
            Some(_) => Some(codec.hash(&r)?),
            None => None,
        };
        let (k1, k2): (i64, i64) = match on_file {
            Some(k1) => (k1, r.try_get(5)?),
            None => (r.try_get(0)?, r.try_get(1)?),
        };
        if now.is_some() {
            seen += 1;
            if clamp(seen, u64::MAX).is_multiple_of(TICK_EVERY) {
                tick(clamp(seen, u64::MAX));
            }
        }
        let held_hash = held.as_ref().and_then(|h| h.as_deref());
        let differs = match (&held, &now) {
            (None, None) => false,
            // The row's deletion is in the ledger and the row is gone.
            (Some(None), None) => false,
            _ => held_hash != now.as_ref().map(|h| &h[..]),
        };
        if differs {
            problems.push(difference(
                t,
                k1,
                k2,
                held_hash,
                now.as_ref().map(|h| &h[..]),
            ));
        }
    }
    report.rows += seen;
    problems.into(report);
    Ok(())
}

/// The rows touched after an anchor, each against the newest entry of its key.
fn compare_rows<C: GenericClient>(
    c: &mut C,
    keys: &Keys,
    touched: &BTreeSet<RowKey>,
    report: &mut VerifyReport,
) -> Result<()> {
    let now = ledger::current_hashes(c, keys, touched.iter().map(|&(t, k1, k2)| (t, k1, k2)))?;
    let mut problems = Named::new("rows that differ from the ledger");
    for &(name, k1, k2) in touched {
        let (Some(t), true) = (table(name), keys.contains_key(name)) else {
            continue;
        };
        let held: Option<Vec<u8>> = c
            .query_opt(
                "SELECT row_hash FROM ledger
                 WHERE t = (SELECT code FROM ledger_tables WHERE name = $1)
                   AND k1 = $2 AND k2 = $3
                 ORDER BY seq DESC LIMIT 1",
                &[&name, &k1, &k2],
            )?
            .map(|r| r.try_get(0))
            .transpose()?
            .flatten();
        let now = now.get(&(name.to_string(), k1, k2));
        if held.as_deref() != now.map(|h| &h[..]) {
            problems.push(difference(&t, k1, k2, held.as_deref(), now.map(|h| &h[..])));
        }
        report.rows += 1;
    }
    problems.into(report);
    Ok(())
}

/// The cases whose timeline or row was touched: their replay is what an
/// incremental verify re-checks.
fn touched_cases<C: GenericClient>(c: &mut C, touched: &BTreeSet<RowKey>) -> Result<BTreeSet<i64>> {
    let mut cases: BTreeSet<i64> = touched
        .iter()
        .filter(|(name, ..)| *name == "cases")
        .map(|&(_, k1, _)| k1)
        .collect();
    let events: Vec<i64> = touched
        .iter()
        .filter(|(name, ..)| *name == "events")
        .map(|&(_, k1, _)| k1)
        .collect();
    for r in c.query(
        "SELECT DISTINCT case_id FROM events WHERE id = ANY($1)",
        &[&events],
    )? {
        cases.insert(r.try_get(0)?);
    }
    Ok(cases)
}

/// Every reference held (an event's case, a contact's person and case, …): the
/// server enforces them, unless someone switched that off (a session in replica
/// mode skips the checks), so a dangling one was made behind the program's back.
fn references<C: GenericClient>(c: &mut C, keys: &Keys, report: &mut VerifyReport) -> Result<()> {
    let mut problems = Named::new("rows that point at a row that is gone");
    let foreign: Vec<(String, String, String, String)> = c
        .query(
            "SELECT cl.relname::text, a.attname::text, pcl.relname::text, pa.attname::text
             FROM pg_constraint co
             JOIN pg_class cl ON cl.oid = co.conrelid
             JOIN pg_attribute a ON a.attrelid = co.conrelid AND a.attnum = co.conkey[1]
             JOIN pg_class pcl ON pcl.oid = co.confrelid
             JOIN pg_attribute pa ON pa.attrelid = co.confrelid AND pa.attnum = co.confkey[1]
             WHERE co.contype = 'f' AND cardinality(co.conkey) = 1
               AND cl.relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema())
             ORDER BY 1, 2",
            &[],
        )?
        .iter()
        .map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?, r.try_get(3)?)))
        .collect::<Result<_>>()?;
    for (child, column, parent, parent_column) in foreign {
        let Some(key) = keys.get(child.as_str()) else {
            continue;
        };
        for r in c.query(
            &format!(
                "SELECT {} FROM \"{child}\" t WHERE t.\"{column}\" IS NOT NULL
                   AND NOT EXISTS (SELECT 1 FROM \"{parent}\" p
                                   WHERE p.\"{parent_column}\" = t.\"{column}\")
                 ORDER BY 1, 2 LIMIT 6",
                key.pair()
            ),
            &[],
        )? {
            problems.push(format!(
                "{child} row {}: points at a {parent} row that is not on file (it was deleted \
                 behind the program's back)",
                name_key(r.try_get(0)?, r.try_get(1)?)
            ));
        }
    }
    problems.into(report);
    Ok(())
}

/// Rows noted by the triggers and never sealed (another program wrote them since
/// jiedai last did), and tables whose triggers were removed or switched off.
fn unsealed<C: GenericClient>(c: &mut C, keys: &Keys, report: &mut VerifyReport) -> Result<()> {
    let mut problems = Named::new("rows written by another program than jiedai");
    for r in c.query(
        "SELECT tbl, k1, k2 FROM ledger_pending ORDER BY tbl, k1, k2",
        &[],
    )? {
        let tbl: String = r.try_get(0)?;
        problems.push(format!(
            "{tbl} row {}: written by another program than jiedai (not sealed yet)",
            name_key(r.try_get(1)?, r.try_get(2)?)
        ));
    }
    problems.into(report);
    for t in LEDGERED_TABLES {
        if !keys.contains_key(t.name) {
            continue;
        }
        let names = t.triggers().to_vec();
        let r = c.query_one(
            "SELECT count(*), count(*) FILTER (WHERE tgenabled <> 'D') FROM pg_trigger
             WHERE tgrelid = to_regclass($1) AND tgname = ANY($2)",
            &[&t.name, &names],
        )?;
        let (there, enabled): (i64, i64) = (r.try_get(0)?, r.try_get(1)?);
        if there != 3 {
            report.problems.push(format!(
                "{}: the ledger's triggers were removed, so writes to it are not noted",
                t.name
            ));
        } else if enabled != 3 {
            report.problems.push(format!(
                "{}: the ledger's triggers were switched off, so writes to it are not noted",
                t.name
            ));
        }
    }
    Ok(())
}

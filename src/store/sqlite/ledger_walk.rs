//! `verify`'s walk of the ledger's chain: every entry's hash recomputed (none is
//! kept on file, see ledger_chain.rs) and checked at each mark and at the recorded
//! head; anchors checked against the chain. With the few helpers every pass of
//! `verify` shares (problems named then counted, progress ticks).

use super::events;
use super::ledger::{self, entry_hash, hex};
use super::ledger_chain::{self as chain, MARK_EVERY};
use crate::domain::anchor::Anchor;
use crate::store::error::Result;
use crate::store::records::{VerifyProgress, VerifyReport, VerifyStage};
use rusqlite::Connection;
use std::collections::{BTreeSet, HashMap};

/// Whether the chain holds `anchor` at its place; the problem if not. With
/// `timeline`, an anchor of the timeline's own chain (printed before the ledger
/// existed) counts too.
pub(super) fn find_anchor(
    conn: &Connection,
    anchor: &Anchor,
    timeline: bool,
) -> Result<Option<String>> {
    let held = chain::hash_at(conn, anchor.seq)?;
    if held.is_some_and(|h| hex(&h) == anchor.hash) {
        return Ok(None);
    }
    if timeline && events::event_hash(conn, anchor.seq)?.is_some_and(|h| h == anchor.hash) {
        return Ok(None);
    }
    let reached: bool = conn
        .prepare_cached("SELECT EXISTS(SELECT 1 FROM ledger WHERE seq = ?1)")?
        .query_row([anchor.seq], |r| r.get(0))?;
    Ok(Some(if reached {
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
    }))
}

/// The tables' numbers in the ledger, by number.
fn table_names(conn: &Connection) -> Result<HashMap<i64, String>> {
    let mut stmt = conn.prepare_cached("SELECT code, name FROM ledger_tables")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Walks the chain (from `since`, or from its start), recomputing each entry's hash
/// and checking it at every mark and at the recorded head, and that no entry is
/// missing; returns the rows touched after `since`, or `None` when `since` is not
/// on the chain (said in the report).
pub(super) fn walk(
    conn: &Connection,
    since: Option<&Anchor>,
    report: &mut VerifyReport,
    progress: VerifyProgress<'_>,
) -> Result<Option<BTreeSet<RowKey>>> {
    let (mut seq, mut prev) = (0, Some(ledger::GENESIS));
    if let Some(anchor) = since {
        if let Some(problem) = find_anchor(conn, anchor, false)? {
            report.problems.push(problem);
            return Ok(None);
        }
        seq = anchor.seq;
        prev = chain::hash_at(conn, seq)?;
    }
    let names = table_names(conn)?;
    let mut touched = BTreeSet::new();
    let mut broken = Named::new("ledger entries that do not match the chain");
    let mut outside = Named::new("rows written by another program than jiedai");
    let mut marks_stmt =
        conn.prepare("SELECT seq, hash FROM ledger_marks WHERE seq > ?1 ORDER BY seq")?;
    let mut marks = marks_stmt.query([seq])?;
    let mut mark: Option<(i64, Vec<u8>)> = next_mark(&mut marks)?;
    let mut stmt = conn.prepare(
        "SELECT seq, t, k1, k2, outside, row_hash FROM ledger WHERE seq > ?1 ORDER BY seq",
    )?;
    let mut rows = stmt.query([seq])?;
    let last = max_key(conn, "SELECT max(seq) FROM ledger")?;
    // The last entry whose chain hash was found right (at a mark, or the start).
    let mut sound = seq;
    while let Some(r) = rows.next()? {
        let at: i64 = r.get(0)?;
        if clamp(at, u64::MAX).is_multiple_of(TICK_EVERY) {
            progress(VerifyStage::Chain, clamp(at, last), last);
        }
        let code: i64 = r.get(1)?;
        let (k1, k2): (i64, i64) = (r.get(2)?, r.get(3)?);
        let by_other: bool = r.get(4)?;
        let row_hash: Option<Vec<u8>> = r.get(5)?;
        let tbl = names.get(&code).map_or("?", String::as_str);
        if at != seq + 1 {
            broken.push(format!(
                "ledger entries {} to {} are missing (removed from the ledger)",
                seq + 1,
                at - 1
            ));
            prev = None;
        }
        if !names.contains_key(&code) {
            broken.push(format!(
                "ledger entry {at}: names a table the ledger does not know (the ledger was edited)"
            ));
            prev = None;
        }
        prev = prev.map(|p| entry_hash(&p, at, tbl, k1, k2, by_other, row_hash.as_deref()));
        while mark.as_ref().is_some_and(|(m, _)| *m < at) {
            mark = next_mark(&mut marks)?;
        }
        if at % MARK_EVERY == 0 {
            match mark.take() {
                Some((m, kept)) if m == at => {
                    if prev.is_some_and(|p| p[..] != kept[..]) {
                        broken.push(format!(
                            "ledger entries {} to {at}: do not match the chain's mark at entry \
                             {at} (the ledger was edited)",
                            sound + 1
                        ));
                    }
                    // Go on from the mark, so that one edit is named once.
                    prev = <[u8; 32]>::try_from(kept.as_slice()).ok();
                    sound = at;
                    mark = next_mark(&mut marks)?;
                }
                other => {
                    broken.push(format!(
                        "ledger entry {at}: its mark of the chain is missing (the ledger was edited)"
                    ));
                    mark = other;
                }
            }
        }
        if by_other {
            outside.push(format!(
                "{tbl} row {}: written by another program than jiedai (sealed at ledger entry {at})",
                name_key(k1, k2)
            ));
        }
        if since.is_some() {
            if let Some(t) = ledger::table(tbl) {
                touched.insert((t.name, k1, k2));
            }
        }
        seq = at;
    }
    progress(VerifyStage::Chain, last, last);
    report.entries = seq;
    let recorded = ledger::recorded_head(conn)?;
    match &recorded {
        Some((at, _)) if *at > seq || mark.is_some() => broken.push(
            "the newest ledger entries are missing: the ledger ends before its recorded head"
                .into(),
        ),
        Some((at, _)) if *at < seq => broken.push(format!(
            "ledger entries {} to {seq} come after the recorded head (added behind the \
             program's back)",
            at + 1
        )),
        Some((_, hash)) if prev.is_some_and(|p| p[..] != hash[..]) => broken.push(format!(
            "ledger entries {} to {seq}: do not match the recorded head (the ledger was edited)",
            sound + 1
        )),
        _ => {}
    }
    if seq > 0 {
        let head = prev
            .map(|p| p.to_vec())
            .or_else(|| recorded.filter(|(at, _)| *at == seq).map(|(_, hash)| hash));
        report.chain_head = head.map(|h| format!("{seq}:{}", hex(&h)));
    }
    broken.into(report);
    outside.into(report);
    Ok(Some(touched))
}

fn next_mark(marks: &mut rusqlite::Rows<'_>) -> Result<Option<(i64, Vec<u8>)>> {
    Ok(match marks.next()? {
        Some(r) => Some((r.get(0)?, r.get(1)?)),
        None => None,
    })
}

/// Differences named one by one per table (and per kind of check); the rest are
/// counted, so a mass edit does not bury the first difference.
const NAMED: usize = 5;

/// A row of a ledgered table, as the ledger names it.
pub(super) type RowKey = (&'static str, i64, i64);

/// How often a long pass tells its progress: every this many rows.
pub(super) const TICK_EVERY: u64 = 65_536;

pub(super) fn clamp(done: impl TryInto<u64>, total: u64) -> u64 {
    done.try_into().unwrap_or(0).min(total)
}

/// The largest key a query finds, as a progress total (0 when there is none).
pub(super) fn max_key(conn: &Connection, sql: &str) -> Result<u64> {
    let max: Option<i64> = conn.query_row(sql, [], |r| r.get(0))?;
    Ok(clamp(max.unwrap_or(0), u64::MAX))
}

pub(super) fn name_key(k1: i64, k2: i64) -> String {
    if k2 == 0 {
        k1.to_string()
    } else {
        format!("({k1}, {k2})")
    }
}

/// Problems of one kind: the first few named, the rest counted.
pub(super) struct Named {
    what: &'static str,
    named: Vec<String>,
    more: usize,
}

impl Named {
    pub(super) fn new(what: &'static str) -> Named {
        Named {
            what,
            named: Vec::new(),
            more: 0,
        }
    }

    pub(super) fn push(&mut self, problem: String) {
        if self.named.len() < NAMED {
            self.named.push(problem);
        } else {
            self.more += 1;
        }
    }

    pub(super) fn into(self, report: &mut VerifyReport) {
        report.problems.extend(self.named);
        if self.more > 0 {
            report
                .problems
                .push(format!("and {} more {}", self.more, self.what));
        }
    }
}

//! The append-only, hash-chained timeline, and the check that it was not edited.

use super::ledger::hex;
use crate::domain::clocks::{compute_clocks, ClockConfig, Terms, TimelinePoint};
use crate::domain::lifecycle::{apply_step, CaseStep};
use crate::domain::{CaseStatus, EventKind};
use crate::store::error::Result;
use crate::store::records::VerifyReport;
use rusqlite::{params, Connection, OptionalExtension};
use sha2::{Digest, Sha256};

pub(crate) const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// An event's hash: SHA-256 over the previous event's hash (as lowercase hex, as
/// the chain was first defined) and the event's fields. Stored as 32 bytes; each
/// event holds only its own hash, the previous one is the row before it. The one
/// recipe of both backends.
pub(crate) fn chain_hash(
    prev: &str,
    case_id: i64,
    at: &str,
    officer_id: i64,
    kind: &str,
    detail: &str,
) -> [u8; 32] {
    let mut h = Sha256::new();
    for part in [
        prev,
        &case_id.to_string(),
        at,
        &officer_id.to_string(),
        kind,
        detail,
    ] {
        h.update(part.as_bytes());
        h.update([0u8]);
    }
    h.finalize().into()
}

/// Appends one event to a case's timeline and refreshes the case's clock cache.
pub(super) fn append(
    tx: &Connection,
    case_id: i64,
    at: &str,
    officer_id: i64,
    kind: EventKind,
    detail: &serde_json::Value,
    clocks: &ClockConfig,
) -> Result<i64> {
    let prev: String = tx
        .prepare_cached("SELECT hash FROM events ORDER BY id DESC LIMIT 1")?
        .query_row([], |r| r.get::<_, Vec<u8>>(0))
        .optional()?
        .map_or_else(|| GENESIS.to_string(), |h| hex(&h));
    let detail = detail.to_string();
    let hash = chain_hash(&prev, case_id, at, officer_id, kind.code(), &detail);
    tx.prepare_cached(
        "INSERT INTO events(case_id, at, officer_id, kind, detail, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        case_id,
        at,
        officer_id,
        kind.code(),
        detail,
        &hash[..]
    ])?;
    let id = tx.last_insert_rowid();
    // The chain's head is kept apart from the chain, so that removing the newest
    // events (which leaves an intact, shorter chain) is noticed too.
    tx.prepare_cached(
        "INSERT INTO meta(key, value) VALUES ('chain_head', ?1), ('chain_length', ?2)
         ON CONFLICT(key) DO UPDATE SET value = excluded.value",
    )?
    .execute(params![hex(&hash), id.to_string()])?;
    refresh_due(tx, case_id, clocks)?;
    Ok(id)
}

/// The points of a case's timeline that drive its clocks, oldest first.
pub(super) fn timeline_points(
    conn: &rusqlite::Connection,
    case_id: i64,
) -> Result<Vec<TimelinePoint>> {
    let mut stmt =
        conn.prepare_cached("SELECT kind, at, detail FROM events WHERE case_id = ?1 ORDER BY id")?;
    let rows = stmt.query_map([case_id], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
        ))
    })?;
    let mut points = Vec::new();
    for row in rows {
        let (kind, at, detail) = row?;
        points.extend(timeline_point(&kind, &at, &detail));
    }
    Ok(points)
}

/// The deadline an event's detail carries: the upper office's on a registration
/// from above (`upper`), ours on a 交办 (`due`, from the day of the event).
pub(crate) fn terms_of(kind: EventKind, detail: &serde_json::Value) -> Option<Terms> {
    let day = |v: &serde_json::Value, key: &str| {
        v.get(key)
            .and_then(|d| d.as_str())
            .and_then(|d| d.parse::<chrono::NaiveDate>().ok())
    };
    match kind {
        EventKind::Registered | EventKind::SetSource => {
            let upper = detail.get("upper")?;
            Some(Terms {
                from: day(upper, "received")?,
                due: day(upper, "due")?,
                report_due: upper
                    .get("report_due")
                    .and_then(|b| b.as_bool())
                    .unwrap_or(false),
            })
        }
        EventKind::AssignDown => Some(Terms {
            from: day(detail, "sent_on")?,
            due: day(detail, "due")?,
            report_due: true,
        }),
        _ => None,
    }
}

/// What a written notice told the petitioner.
pub(crate) fn notice_of(
    kind: EventKind,
    detail: &serde_json::Value,
) -> Option<crate::domain::notices::NoticeKind> {
    match kind {
        EventKind::Notify => {
            crate::domain::notices::NoticeKind::from_code(detail.get("kind")?.as_str()?)
        }
        _ => None,
    }
}

/// The day a step took effect when it was recorded later: a report back names
/// the day it was sent, a written notice the day it was given.
pub(crate) fn effective_day(
    kind: EventKind,
    detail: &serde_json::Value,
) -> Option<chrono::NaiveDate> {
    match kind {
        EventKind::ReportBack | EventKind::Notify => detail.get("date")?.as_str()?.parse().ok(),
        _ => None,
    }
}

/// One stored event as the handover replays it: its detail read once, by every
/// backend (the detail is the same JSON on each).
pub(crate) fn case_event(
    kind: EventKind,
    at: chrono::DateTime<chrono::FixedOffset>,
    detail: &serde_json::Value,
) -> crate::domain::handover::CaseEvent {
    let text = |key: &str| detail.get(key).and_then(|v| v.as_str()).map(str::to_string);
    crate::domain::handover::CaseEvent {
        kind,
        at,
        extension_days: match kind {
            EventKind::Extend => detail.get("days").and_then(|d| d.as_u64()).unwrap_or(0) as u32,
            _ => 0,
        },
        handler: (kind == EventKind::Assign)
            .then(|| text("handler"))
            .flatten(),
        unit: matches!(
            kind,
            EventKind::Assign | EventKind::Transfer | EventKind::AssignDown
        )
        .then(|| text("unit"))
        .flatten(),
        terms: terms_of(kind, detail),
        on: effective_day(kind, detail),
        notice: notice_of(kind, detail),
    }
}

/// One stored event as the clocks see it; `None` for a kind or instant this
/// version cannot read.
pub(crate) fn timeline_point(kind: &str, at: &str, detail: &str) -> Option<TimelinePoint> {
    let kind = EventKind::from_code(kind)?;
    let on = crate::time::parse_instant(at)?.date_naive();
    // Most kinds carry nothing the clocks read: their detail is not parsed. These
    // are the kinds `terms_of`, `effective_day` and `notice_of` read; a kind whose
    // detail a new reader needs goes here too.
    let value = match kind {
        EventKind::Extend
        | EventKind::Registered
        | EventKind::SetSource
        | EventKind::AssignDown
        | EventKind::ReportBack
        | EventKind::Notify => serde_json::from_str(detail).unwrap_or_default(),
        _ => serde_json::Value::Null,
    };
    let extension_days = if kind == EventKind::Extend {
        value.get("days").and_then(|d| d.as_u64()).unwrap_or(0) as u32
    } else {
        0
    };
    Some(TimelinePoint {
        kind,
        on: effective_day(kind, &value).unwrap_or(on),
        extension_days,
        terms: terms_of(kind, &value),
        notice: notice_of(kind, &value),
    })
}

/// The clock running against the desk and its due date, as `cases` caches them
/// (`due_clock`, `due_on`); also what a bulk fill writes (bulk_tx.rs).
pub(super) fn running_due(
    points: &[TimelinePoint],
    cfg: &ClockConfig,
) -> (Option<&'static str>, Option<String>) {
    // Any "today" works here: the due date does not depend on it, only the state does.
    let today = points.last().map(|p| p.on).unwrap_or_default();
    let running = compute_clocks(points, today, cfg)
        .into_iter()
        .filter(|c| c.stopped.is_none() && !c.kind.is_window())
        .min_by_key(|c| c.due);
    match running {
        Some(c) => (
            Some(c.kind.code()),
            Some(c.due.format("%Y-%m-%d").to_string()),
        ),
        None => (None, None),
    }
}

/// Stores the due date of the clock that is running against the desk, if any.
fn refresh_due(tx: &Connection, case_id: i64, cfg: &ClockConfig) -> Result<()> {
    let (kind, due) = running_due(&timeline_points(tx, case_id)?, cfg);
    // Most events leave the clock as it was: no write, and nothing for the ledger
    // to hash again.
    tx.prepare_cached(
        "UPDATE cases SET due_clock = ?2, due_on = ?3
         WHERE id = ?1 AND (due_clock IS NOT ?2 OR due_on IS NOT ?3)",
    )?
    .execute(params![case_id, kind, due])?;
    Ok(())
}

/// Replays the timeline: its own hash chain, and that every case's status,
/// handler, unit and first officer are what its events say. With `only`, just the
/// timelines of those cases (an incremental verify), without the chain walk.
/// `tick` hears now and then the id of the event reached.
pub(super) fn check_timeline(
    conn: &Connection,
    only: Option<&std::collections::BTreeSet<i64>>,
    report: &mut VerifyReport,
    tick: &mut dyn FnMut(i64),
) -> Result<()> {
    let filter = |column: &str| match only {
        Some(_) => format!("WHERE {column} IN (SELECT value FROM json_each(?1))"),
        None => "WHERE ?1 IS NULL".to_string(),
    };
    let ids = only.map(|set| serde_json::to_string(set).unwrap_or_default());
    // A case's events are not neighbours in the chain: the incremental check reads
    // each one's predecessor by its key; the full walk keeps the one it just read.
    let before = match only {
        Some(_) => {
            "(SELECT p.hash FROM events p WHERE p.id < events.id ORDER BY p.id DESC LIMIT 1)"
        }
        None => "NULL",
    };
    let mut stmt = conn.prepare(&format!(
        "SELECT id, case_id, at, officer_id, kind, detail, {before}, hash FROM events {}
         ORDER BY id",
        filter("case_id")
    ))?;
    let mut rows = stmt.query([&ids])?;
    let mut chain = EventChain::default();
    let mut status: std::collections::HashMap<i64, CaseStatus> = Default::default();
    // Who registered each case: its first officer (首问责任人), for good.
    let mut registrar: std::collections::HashMap<i64, i64> = Default::default();
    // Who handles each case and which unit, as its timeline says (registration,
    // then every assignment and transfer).
    let officer_ids: std::collections::HashMap<String, i64> = conn
        .prepare("SELECT name, id FROM officers")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut handler: std::collections::HashMap<i64, Option<i64>> = Default::default();
    let mut unit: std::collections::HashMap<i64, Option<String>> = Default::default();
    let mut seen = 0u32;
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        seen = seen.wrapping_add(1);
        if seen.is_multiple_of(65_536) {
            tick(id);
        }
        let case_id: i64 = r.get(1)?;
        let at: String = r.get(2)?;
        let officer_id: i64 = r.get(3)?;
        let kind: String = r.get(4)?;
        let detail: String = r.get(5)?;
        let before: Option<Vec<u8>> = r.get(6)?;
        let hash: Vec<u8> = r.get(7)?;
        let event = StoredEvent {
            id,
            case_id,
            at: &at,
            officer_id,
            kind: &kind,
            detail: &detail,
            hash: &hash,
        };
        chain.check(&event, only.map(|_| before.as_deref()), report);
        let kind = EventKind::from_code(&kind);
        if kind == Some(EventKind::Registered) {
            status.insert(case_id, CaseStatus::Registered);
            registrar.entry(case_id).or_insert(officer_id);
            handler.insert(case_id, Some(officer_id));
        }
        if matches!(
            kind,
            Some(EventKind::Assign | EventKind::Transfer | EventKind::AssignDown)
        ) {
            let detail: serde_json::Value = serde_json::from_str(&detail).unwrap_or_default();
            if let Some(name) = detail.get("handler").and_then(|h| h.as_str()) {
                handler.insert(case_id, officer_ids.get(name).copied());
            }
            if let Some(name) = detail.get("unit").and_then(|u| u.as_str()) {
                unit.insert(case_id, Some(name.to_string()));
            }
        }
        if let Some(step) = kind.and_then(step_of) {
            if let Some(s) = status.get_mut(&case_id) {
                match apply_step(*s, step) {
                    Ok(next) => *s = next,
                    Err(e) => report.problems.push(format!("event {id}: {e}")),
                }
            }
        }
    }
    if only.is_none() {
        let head: Option<String> = conn
            .prepare_cached("SELECT value FROM meta WHERE key = 'chain_head'")?
            .query_row([], |r| r.get(0))
            .optional()?;
        chain.end(head, report);
    }
    let mut stmt = conn.prepare(&format!(
        "SELECT c.id, c.case_no, c.status, c.first_officer_id, c.handler_id, u.name
         FROM cases c LEFT JOIN units u ON u.id = c.unit_id {} ORDER BY c.id",
        filter("c.id")
    ))?;
    let mut rows = stmt.query([&ids])?;
    while let Some(r) = rows.next()? {
        if only.is_none() {
            report.cases += 1;
        }
        let id: i64 = r.get(0)?;
        let case_no: String = r.get(1)?;
        let stored: String = r.get(2)?;
        let first_officer: i64 = r.get(3)?;
        let handler_id: Option<i64> = r.get(4)?;
        let unit_name: Option<String> = r.get(5)?;
        if handler.get(&id).is_some_and(|h| *h != handler_id) {
            report.problems.push(format!(
                "case {case_no}: its handler differs from the last assignment on its timeline"
            ));
        }
        if unit.get(&id).cloned().unwrap_or(None) != unit_name {
            report.problems.push(format!(
                "case {case_no}: its unit differs from the last transfer or assignment on its timeline"
            ));
        }
        if let Some(&registered_by) = registrar.get(&id) {
            if registered_by != first_officer {
                report.problems.push(format!(
                    "case {case_no}: its first officer was changed (officer #{first_officer} on record, but officer #{registered_by} registered it)"
                ));
            }
        }
        match status.get(&id) {
            None => report
                .problems
                .push(format!("case {case_no}: no registration on its timeline")),
            Some(s) if s.code() != stored => report.problems.push(format!(
                "case {case_no}: status is {stored} but its timeline says {}",
                s.code()
            )),
            _ => {}
        }
    }
    Ok(())
}

/// A stored event, as the timeline's check reads it on either backend.
pub(crate) struct StoredEvent<'a> {
    pub id: i64,
    pub case_id: i64,
    pub at: &'a str,
    pub officer_id: i64,
    pub kind: &'a str,
    pub detail: &'a str,
    pub hash: &'a [u8],
}

/// The timeline's own chain checked event by event, as either backend reads it.
#[derive(Default)]
pub(crate) struct EventChain {
    /// The hash of the event read before, as hex (`None`: none yet).
    prev: Option<String>,
    last_id: i64,
}

impl EventChain {
    /// `before` is `None` in a full walk (events in order: each one is checked
    /// against the one read before it, and numbered right after it); in an
    /// incremental check it is the predecessor's hash, read by key.
    pub(crate) fn check(
        &mut self,
        e: &StoredEvent<'_>,
        before: Option<Option<&[u8]>>,
        report: &mut VerifyReport,
    ) {
        let id = e.id;
        let prev = match before {
            None => {
                report.events += 1;
                // Events are numbered one after another and never deleted: a
                // gap is an event taken out.
                let gap = id != self.last_id + 1;
                self.last_id = id;
                let prev = self.prev.replace(hex(e.hash));
                if gap {
                    report.problems.push(format!(
                        "event {id}: the chain is broken before it (an event was removed or reordered)"
                    ));
                    return;
                }
                prev
            }
            Some(before) => before.map(hex),
        };
        let prev = prev.unwrap_or_else(|| GENESIS.to_string());
        if chain_hash(&prev, e.case_id, e.at, e.officer_id, e.kind, e.detail)[..] != *e.hash {
            report.problems.push(format!(
                "event {id}: its content does not match its hash (it was edited)"
            ));
        }
    }

    /// After a full walk: the head recorded apart from the chain must be where the
    /// chain ends, or its newest events were cut.
    pub(crate) fn end(&self, recorded: Option<String>, report: &mut VerifyReport) {
        let reached = self.prev.clone().unwrap_or_else(|| GENESIS.to_string());
        if recorded.is_some_and(|h| h != reached) {
            report.problems.push(
                "the newest events are missing: the timeline ends before the recorded head of its chain"
                    .into(),
            );
        }
    }
}

/// The hash a timeline event held at `seq` (an anchor of the timeline's own chain,
/// as `verify` printed before the ledger).
pub(super) fn event_hash(conn: &Connection, seq: i64) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT hash FROM events WHERE id = ?1")?
        .query_row([seq], |r| r.get::<_, Vec<u8>>(0))
        .optional()?
        .map(|h| hex(&h)))
}

pub(crate) fn step_of(kind: EventKind) -> Option<CaseStep> {
    CaseStep::ALL
        .iter()
        .copied()
        .find(|s| s.event_kind() == kind)
}

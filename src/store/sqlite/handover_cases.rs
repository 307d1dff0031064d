//! The cases a handover summary replays (DESIGN.md 1.6) and their timelines: a few
//! indexed reads choose them (`CaseBounds`), then one read of the cases and one of
//! their events in the index's order.

use crate::domain::handover::CaseFact;
use crate::domain::EventKind;
use crate::store::error::Result;
use crate::store::handover_window::CaseBounds;
use crate::time::parse_instant;
use chrono::{DateTime, FixedOffset};
use rusqlite::{params, Connection};
use std::collections::{BTreeSet, HashMap};

/// The ids of the cases a summary as of `until` can show (`CaseBounds::replayed`):
/// each source is read by its own index (`cases_due`, `cases_registered`,
/// `cases_updated`), so the set is what the office has on its mind, not its history.
pub(super) fn replayed(
    conn: &Connection,
    officer_id: i64,
    bounds: &CaseBounds,
    (lo, hi): (&str, &str),
    until: DateTime<FixedOffset>,
    also: &BTreeSet<i64>,
) -> Result<Vec<i64>> {
    let due: Vec<i64> = conn
        .prepare_cached(&format!(
            "SELECT id FROM cases WHERE due_on IS NOT NULL AND due_on <= ?1
             AND status NOT IN ({})",
            CaseBounds::closed_statuses()
        ))?
        .query_map([&bounds.due_by], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let new: Vec<i64> = conn
        .prepare_cached(
            "SELECT id FROM cases WHERE registered_at >= ?1 AND registered_at < ?2
             AND first_officer_id = ?3",
        )?
        .query_map(params![lo, hi, officer_id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let changed: Vec<(i64, String)> = conn
        .prepare_cached("SELECT id, updated_at FROM cases WHERE updated_at >= ?1")?
        .query_map([&bounds.changed_from], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(CaseBounds::replayed(until, due, new, changed, also))
}

/// The cases of a summary, read the same way by both backends: `CASES` and
/// `EVENTS` followed by each dialect's "among these ids".
pub(crate) const CASES: &str = "SELECT c.id, c.case_no, c.matter, fo.name, h.name, u.name,
         c.registered_at
         FROM cases c JOIN officers fo ON fo.id = c.first_officer_id
         LEFT JOIN officers h ON h.id = c.handler_id LEFT JOIN units u ON u.id = c.unit_id";
/// Only the events that move a case's status, clocks, handler or unit (contacts
/// and notes move none).
pub(crate) const EVENTS: &str = "SELECT case_id, kind, at, detail FROM events
         WHERE kind NOT IN ('contact', 'note', 'supervise', 'link', 'queue_undo')";

/// A row of `CASES`: id, number, matter, first officer, handler, unit, registered.
pub(crate) type CaseRow = (
    i64,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    String,
);

/// The cases a summary replays, gathered from the rows either backend reads.
#[derive(Default)]
pub(crate) struct CaseFacts {
    cases: Vec<CaseFact>,
    index: HashMap<i64, usize>,
}

impl CaseFacts {
    pub(crate) fn case(&mut self, row: CaseRow) {
        let (case_id, case_no, matter, first_officer, handler, unit, registered) = row;
        // A row whose stamp cannot be read is left out rather than failing the whole
        // summary; `jiedai verify` is where damage gets reported.
        let Some(registered_at) = parse_instant(&registered) else {
            return;
        };
        self.index.insert(case_id, self.cases.len());
        self.cases.push(CaseFact {
            case_id,
            case_no,
            matter,
            first_officer,
            handler,
            unit,
            registered_at,
            events: Vec::new(),
        });
    }

    /// One event of a case read before, in its timeline's order.
    pub(crate) fn event(&mut self, case_id: i64, kind: &str, at: &str, detail: &str) {
        let Some(&i) = self.index.get(&case_id) else {
            return;
        };
        let (Some(kind), Some(at)) = (EventKind::from_code(kind), parse_instant(at)) else {
            return;
        };
        let detail: serde_json::Value = serde_json::from_str(detail).unwrap_or_default();
        self.cases[i]
            .events
            .push(super::events::case_event(kind, at, &detail));
    }

    pub(crate) fn into_cases(self) -> Vec<CaseFact> {
        self.cases
    }
}

/// These cases with their events, each case's in timeline order.
pub(super) fn case_facts(conn: &Connection, ids: &[i64]) -> Result<Vec<CaseFact>> {
    let list = serde_json::to_string(ids).unwrap_or_else(|_| "[]".to_string());
    let mut facts = CaseFacts::default();
    let among = "IN (SELECT value FROM json_each(?1))";
    let mut stmt = conn.prepare_cached(&format!("{CASES} WHERE c.id {among} ORDER BY c.id"))?;
    let mut rows = stmt.query([&list])?;
    while let Some(r) = rows.next()? {
        facts.case((
            r.get(0)?,
            r.get(1)?,
            r.get(2)?,
            r.get(3)?,
            r.get(4)?,
            r.get(5)?,
            r.get(6)?,
        ));
    }
    // In the order of `events_case`: no sort, and each case's events in id order.
    let mut stmt = conn.prepare_cached(&format!(
        "{EVENTS} AND case_id {among} ORDER BY case_id, id"
    ))?;
    let mut rows = stmt.query([&list])?;
    while let Some(r) = rows.next()? {
        let (kind, at, detail): (String, String, String) = (r.get(1)?, r.get(2)?, r.get(3)?);
        facts.event(r.get(0)?, &kind, &at, &detail);
    }
    Ok(facts.into_cases())
}

//! The append-only, hash-chained timeline on the server, and its replay for
//! `verify` (the ledger over every table is ledger.rs).
//!
//! Events are numbered 1, 2, 3… in the order they are appended; each unit of work
//! holds the record's write lock (`PgStore::write`), so the chain grows in one
//! order with no gaps, and a rolled-back unit leaves no number used. The chain's
//! head is also kept in `meta`, so that cutting the newest events is noticed. As on
//! SQLite (lean.rs), an event holds only its own hash, as 32 bytes: the previous
//! one is the row before it, and every hash is computed over the previous one
//! written as lowercase hex.

use super::event_write::EventWrite;
use super::rows::opt;
use crate::domain::anchor::Anchor;
use crate::domain::clocks::{compute_clocks, ClockConfig, TimelinePoint};
use crate::domain::lifecycle::apply_step;
use crate::domain::{CaseStatus, EventKind};
use crate::store::error::Result;
use crate::store::records::VerifyReport;
use crate::store::sqlite::ledger::hex;
use crate::store::sqlite::{
    chain_hash, step_of, timeline_point, EventChain, StoredEvent, TIMELINE_GENESIS,
};
use postgres::fallible_iterator::FallibleIterator;
use postgres::GenericClient;
use std::collections::{BTreeSet, HashMap};

/// The leaner timeline, as on SQLite: the predecessor's hash is not repeated, and
/// each hash is held as 32 bytes (the chain itself is unchanged).
pub(super) const LEAN: &str = r#"
    ALTER TABLE events DROP COLUMN prev_hash;
    ALTER TABLE events ALTER COLUMN hash TYPE BYTEA USING decode(hash, 'hex');
    ALTER TABLE events ADD CONSTRAINT events_hash_length CHECK (octet_length(hash) = 32);
"#;

/// The timeline's newest event, its hash as hex (read as text with the lock).
pub(super) const HEAD: &str = "SELECT id, encode(hash, 'hex') FROM events ORDER BY id DESC LIMIT 1";

/// The head from [`HEAD`]'s row, if any.
pub(super) fn head_of(row: Option<&&postgres::SimpleQueryRow>) -> Option<(i64, String)> {
    let row = row?;
    Some((row.get(0)?.parse().ok()?, row.get(1)?.to_string()))
}

/// What a unit of work has learned of the timeline: the chain's head and the
/// points of the cases it appended to. It holds the write lock and events are
/// only ever appended, here, so what it read stays true to its end: an append
/// reads at most once per case (a case it created, never), then writes.
#[derive(Default)]
pub(super) struct Cursor {
    /// The newest event's id and hash (hex); `Some(None)` while there is none,
    /// `None` until read.
    head: Option<Option<(i64, String)>>,
    points: HashMap<i64, Vec<TimelinePoint>>,
}

impl Cursor {
    /// A cursor that starts from the head read with the lock, if it was.
    pub(super) fn new(head: Option<Option<(i64, String)>>) -> Self {
        Cursor {
            head,
            points: HashMap::new(),
        }
    }

    /// A case inserted by this unit of work: it has no events yet.
    pub(super) fn new_case(&mut self, case_id: i64) {
        self.points.insert(case_id, Vec::new());
    }
}

#[allow(clippy::too_many_arguments)] // the port's append_event, plus the cursor
pub(super) fn append<C: GenericClient>(
    c: &mut C,
    cursor: &mut Cursor,
    case_id: i64,
    at: &str,
    officer_id: i64,
    kind: EventKind,
    detail: &serde_json::Value,
    clocks: &ClockConfig,
) -> Result<EventWrite> {
    if cursor.head.is_none() || !cursor.points.contains_key(&case_id) {
        read(c, cursor, case_id)?;
    }
    let (id, prev) = match cursor.head.as_ref().and_then(Option::as_ref) {
        Some((id, hash)) => (id + 1, hash.as_str()),
        None => (1, TIMELINE_GENESIS),
    };
    let detail = detail.to_string();
    let hash = chain_hash(prev, case_id, at, officer_id, kind.code(), &detail);
    let points = cursor.points.entry(case_id).or_default();
    points.extend(timeline_point(kind.code(), at, &detail));
    let (due_clock, due_on) = running_clock(points, clocks);
    // The event, the head kept in `meta` and the case's due date, written by
    // one statement: for the unit of work to send (`EventWrite`).
    cursor.head = Some(Some((id, hex(&hash))));
    Ok(EventWrite {
        id,
        case_id,
        at: at.to_string(),
        officer_id,
        kind: kind.code(),
        detail,
        hash: hash.to_vec(),
        hex: hex(&hash),
        length: id.to_string(),
        due_clock,
        due_on,
    })
}

/// The chain's head and the case's points so far, in one round trip.
fn read<C: GenericClient>(c: &mut C, cursor: &mut Cursor, case_id: i64) -> Result<()> {
    let rows = super::rows::all(
        c,
        "(SELECT 0 AS part, id, hash, NULL::text AS kind, NULL::text AS at, NULL::text AS detail
          FROM events ORDER BY id DESC LIMIT 1)
         UNION ALL
         (SELECT 1, id, NULL, kind, at, detail FROM events WHERE case_id = $1)
         ORDER BY 1, 2",
        &[&case_id],
    )?;
    let mut points = Vec::new();
    cursor.head = Some(None);
    for r in &rows {
        let part: i32 = r.try_get(0)?;
        if part == 0 {
            cursor.head = Some(Some((r.try_get(1)?, hex(r.try_get::<_, &[u8]>(2)?))));
            continue;
        }
        let (kind, at, detail): (&str, &str, &str) = (r.try_get(3)?, r.try_get(4)?, r.try_get(5)?);
        points.extend(timeline_point(kind, at, detail));
    }
    cursor.points.insert(case_id, points);
    Ok(())
}

pub(super) fn points<C: GenericClient>(c: &mut C, case_id: i64) -> Result<Vec<TimelinePoint>> {
    let mut out = Vec::new();
    for r in super::rows::all(
        c,
        "SELECT kind, at, detail FROM events WHERE case_id = $1 ORDER BY id",
        &[&case_id],
    )? {
        let (kind, at, detail): (String, String, String) =
            (r.try_get(0)?, r.try_get(1)?, r.try_get(2)?);
        out.extend(timeline_point(&kind, &at, &detail));
    }
    Ok(out)
}

/// The clock running against the desk, if any, as the case stores it: its kind
/// and due date.
fn running_clock(
    points: &[TimelinePoint],
    cfg: &ClockConfig,
) -> (Option<&'static str>, Option<String>) {
    // Any "today" works here: the due date does not depend on it, only the state does.
    let today = points.last().map(|p| p.on).unwrap_or_default();
    let running = compute_clocks(points, today, cfg)
        .into_iter()
        .filter(|k| k.stopped.is_none() && !k.kind.is_window())
        .min_by_key(|k| k.due);
    let kind = running.as_ref().map(|k| k.kind.code());
    let due = running.map(|k| k.due.format("%Y-%m-%d").to_string());
    (kind, due)
}

/// The newest event and its hash (hex): the timeline's own head, which a copy
/// between backends compares on both ends.
pub(super) fn head<C: GenericClient>(c: &mut C) -> Result<Option<Anchor>> {
    let last = c.query_opt("SELECT id, hash FROM events ORDER BY id DESC LIMIT 1", &[])?;
    last.map(|r| {
        let hash: Vec<u8> = r.try_get(1)?;
        Ok(Anchor {
            seq: r.try_get(0)?,
            hash: hex(&hash),
        })
    })
    .transpose()
}

/// The hash the event `seq` holds, as hex (an anchor of the timeline's own chain,
/// as `verify` printed before the ledger).
pub(super) fn event_hash<C: GenericClient>(c: &mut C, seq: i64) -> Result<Option<String>> {
    let held: Option<Vec<u8>> = opt(c, "SELECT hash FROM events WHERE id = $1", &[&seq])?;
    Ok(held.map(|h| hex(&h)))
}

/// Replays the timeline: its own hash chain, and that every case's status,
/// handler, unit and first officer are what its events say. With `only`, just the
/// timelines of those cases (an incremental verify), each event checked against
/// its predecessor read by key. `tick` hears now and then the event reached.
pub(super) fn check_timeline<C: GenericClient>(
    c: &mut C,
    only: Option<&BTreeSet<i64>>,
    report: &mut VerifyReport,
    tick: &mut dyn FnMut(i64),
) -> Result<()> {
    let officer_ids: HashMap<String, i64> = c
        .query("SELECT name, id FROM officers", &[])?
        .iter()
        .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
        .collect::<Result<_>>()?;
    let cases: Option<Vec<i64>> = only.map(|set| set.iter().copied().collect());
    let (filter, before) = match only {
        Some(_) => (
            "e.case_id = ANY($1)",
            "(SELECT p.hash FROM events p WHERE p.id < e.id ORDER BY p.id DESC LIMIT 1)",
        ),
        None => ("$1::bigint[] IS NULL", "NULL::bytea"),
    };
    let mut replay = Replay::default();
    let mut chain = EventChain::default();
    let mut seen = 0u32;
    let mut rows = c.query_raw(
        &format!(
            "SELECT e.id, e.case_id, e.at, e.officer_id, e.kind, e.detail, {before}, e.hash
             FROM events e WHERE {filter} ORDER BY e.id"
        ),
        [&cases as &(dyn postgres::types::ToSql + Sync)],
    )?;
    while let Some(r) = rows.next()? {
        let id: i64 = r.try_get(0)?;
        seen = seen.wrapping_add(1);
        if seen.is_multiple_of(65_536) {
            tick(id);
        }
        let case_id: i64 = r.try_get(1)?;
        let officer_id: i64 = r.try_get(3)?;
        let kind: &str = r.try_get(4)?;
        let detail: &str = r.try_get(5)?;
        let before: Option<&[u8]> = r.try_get(6)?;
        let event = StoredEvent {
            id,
            case_id,
            at: r.try_get(2)?,
            officer_id,
            kind,
            detail,
            hash: r.try_get(7)?,
        };
        chain.check(&event, only.map(|_| before), report);
        replay.event(id, case_id, officer_id, kind, detail, &officer_ids, report);
    }
    drop(rows);
    if only.is_none() {
        let head: Option<String> = opt(c, "SELECT value FROM meta WHERE key = 'chain_head'", &[])?;
        chain.end(head, report);
    }
    let filter = match only {
        Some(_) => "c.id = ANY($1)",
        None => "$1::bigint[] IS NULL",
    };
    for r in c.query(
        &format!(
            "SELECT c.id, c.case_no, c.status, c.first_officer_id, c.handler_id, u.name
             FROM cases c LEFT JOIN units u ON u.id = c.unit_id WHERE {filter} ORDER BY c.id"
        ),
        &[&cases],
    )? {
        if only.is_none() {
            report.cases += 1;
        }
        replay.case(
            &StoredCase {
                id: r.try_get(0)?,
                case_no: r.try_get(1)?,
                status: r.try_get(2)?,
                first_officer: r.try_get(3)?,
                handler: r.try_get(4)?,
                unit: r.try_get(5)?,
            },
            report,
        );
    }
    Ok(())
}

struct StoredCase {
    id: i64,
    case_no: String,
    status: String,
    first_officer: i64,
    handler: Option<i64>,
    unit: Option<String>,
}

/// What each case's timeline says its status, first officer, handler and unit are.
#[derive(Default)]
struct Replay {
    status: HashMap<i64, CaseStatus>,
    registrar: HashMap<i64, i64>,
    handler: HashMap<i64, Option<i64>>,
    unit: HashMap<i64, Option<String>>,
}

impl Replay {
    #[allow(clippy::too_many_arguments)]
    fn event(
        &mut self,
        id: i64,
        case_id: i64,
        officer_id: i64,
        kind: &str,
        detail: &str,
        officer_ids: &HashMap<String, i64>,
        report: &mut VerifyReport,
    ) {
        let kind = EventKind::from_code(kind);
        if kind == Some(EventKind::Registered) {
            self.status.insert(case_id, CaseStatus::Registered);
            self.registrar.entry(case_id).or_insert(officer_id);
            self.handler.insert(case_id, Some(officer_id));
        }
        if matches!(
            kind,
            Some(EventKind::Assign | EventKind::Transfer | EventKind::AssignDown)
        ) {
            let detail: serde_json::Value = serde_json::from_str(detail).unwrap_or_default();
            if let Some(name) = detail.get("handler").and_then(|h| h.as_str()) {
                self.handler.insert(case_id, officer_ids.get(name).copied());
            }
            if let Some(name) = detail.get("unit").and_then(|u| u.as_str()) {
                self.unit.insert(case_id, Some(name.to_string()));
            }
        }
        if let Some(step) = kind.and_then(step_of) {
            if let Some(s) = self.status.get_mut(&case_id) {
                match apply_step(*s, step) {
                    Ok(next) => *s = next,
                    Err(e) => report.problems.push(format!("event {id}: {e}")),
                }
            }
        }
    }

    fn case(&self, c: &StoredCase, report: &mut VerifyReport) {
        let no = &c.case_no;
        if self.handler.get(&c.id).is_some_and(|h| *h != c.handler) {
            report.problems.push(format!(
                "case {no}: its handler differs from the last assignment on its timeline"
            ));
        }
        if self.unit.get(&c.id).cloned().unwrap_or(None) != c.unit {
            report.problems.push(format!(
                "case {no}: its unit differs from the last transfer or assignment on its timeline"
            ));
        }
        if let Some(&by) = self.registrar.get(&c.id) {
            if by != c.first_officer {
                report.problems.push(format!(
                    "case {no}: its first officer was changed (officer #{} on record, but officer #{by} registered it)",
                    c.first_officer
                ));
            }
        }
        match self.status.get(&c.id) {
            None => report
                .problems
                .push(format!("case {no}: no registration on its timeline")),
            Some(s) if s.code() != c.status => report.problems.push(format!(
                "case {no}: status is {} but its timeline says {}",
                c.status,
                s.code()
            )),
            _ => {}
        }
    }
}

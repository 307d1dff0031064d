//! The append-only, hash-chained timeline on the server, and `verify`.
//!
//! Events are numbered 1, 2, 3… in the order they are appended; each unit of work
//! holds the record's write lock (`PgStore::write`), so the chain grows in one
//! order with no gaps, and a rolled-back unit leaves no number used. The chain's
//! head is also kept in `meta`, so that cutting the newest events is noticed.
//! SQLite's file also has a ledger over every table (DESIGN.md 1.7); here the
//! chain covers the timeline, and the tables are checked against it by replay.

use super::rows::{exec, opt};
use crate::domain::anchor::Anchor;
use crate::domain::clocks::{compute_clocks, ClockConfig, TimelinePoint};
use crate::domain::lifecycle::apply_step;
use crate::domain::{CaseStatus, EventKind};
use crate::store::error::Result;
use crate::store::records::VerifyReport;
use crate::store::sqlite::{step_of, timeline_point};
use postgres::GenericClient;
use sha2::{Digest, Sha256};
use std::collections::HashMap;

const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The same recipe as the SQLite file's timeline: each field, then a zero byte.
fn chain_hash(
    prev: &str,
    case_id: i64,
    at: &str,
    officer_id: i64,
    kind: &str,
    detail: &str,
) -> String {
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
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

pub(super) fn append<C: GenericClient>(
    c: &mut C,
    case_id: i64,
    at: &str,
    officer_id: i64,
    kind: EventKind,
    detail: &serde_json::Value,
    clocks: &ClockConfig,
) -> Result<i64> {
    let last = c.query_opt("SELECT id, hash FROM events ORDER BY id DESC LIMIT 1", &[])?;
    let (id, prev) = match last {
        Some(r) => (r.try_get::<_, i64>(0)? + 1, r.try_get::<_, String>(1)?),
        None => (1, GENESIS.to_string()),
    };
    let detail = detail.to_string();
    let hash = chain_hash(&prev, case_id, at, officer_id, kind.code(), &detail);
    exec(
        c,
        "INSERT INTO events(id, case_id, at, officer_id, kind, detail, prev_hash, hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        &[
            &id,
            &case_id,
            &at,
            &officer_id,
            &kind.code(),
            &detail,
            &prev,
            &hash,
        ],
    )?;
    exec(
        c,
        "INSERT INTO meta(key, value) VALUES ('chain_head', $1), ('chain_length', $2)
         ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        &[&hash, &id.to_string()],
    )?;
    refresh_due(c, case_id, clocks)?;
    Ok(id)
}

pub(super) fn points<C: GenericClient>(c: &mut C, case_id: i64) -> Result<Vec<TimelinePoint>> {
    let mut out = Vec::new();
    for r in c.query(
        "SELECT kind, at, detail FROM events WHERE case_id = $1 ORDER BY id",
        &[&case_id],
    )? {
        let (kind, at, detail): (String, String, String) =
            (r.try_get(0)?, r.try_get(1)?, r.try_get(2)?);
        out.extend(timeline_point(&kind, &at, &detail));
    }
    Ok(out)
}

/// Stores the due date of the clock that is running against the desk, if any.
fn refresh_due<C: GenericClient>(c: &mut C, case_id: i64, cfg: &ClockConfig) -> Result<()> {
    let points = points(c, case_id)?;
    // Any "today" works here: the due date does not depend on it, only the state does.
    let today = points.last().map(|p| p.on).unwrap_or_default();
    let running = compute_clocks(&points, today, cfg)
        .into_iter()
        .filter(|k| k.stopped.is_none() && !k.kind.is_window())
        .min_by_key(|k| k.due);
    let kind = running.as_ref().map(|k| k.kind.code());
    let due = running.map(|k| k.due.format("%Y-%m-%d").to_string());
    exec(
        c,
        "UPDATE cases SET due_clock = $2, due_on = $3 WHERE id = $1",
        &[&case_id, &kind, &due],
    )?;
    Ok(())
}

/// The newest event of the chain as an anchor.
pub(super) fn head<C: GenericClient>(c: &mut C) -> Result<Option<Anchor>> {
    c.query_opt("SELECT id, hash FROM events ORDER BY id DESC LIMIT 1", &[])?
        .map(|r| {
            Ok(Anchor {
                seq: r.try_get(0)?,
                hash: r.try_get(1)?,
            })
        })
        .transpose()
}

/// Walks the whole chain, replays every case's timeline against its stored
/// columns, and checks each anchor. `since` is accepted and the whole record is
/// checked all the same (an incremental verify is not on PostgreSQL yet).
pub(super) fn verify(
    client: &mut postgres::Client,
    anchors: &[Anchor],
    _since: Option<&Anchor>,
) -> Result<VerifyReport> {
    // One snapshot: desks may write while it runs.
    let mut tx = client
        .build_transaction()
        .isolation_level(postgres::IsolationLevel::RepeatableRead)
        .read_only(true)
        .start()?;
    let mut report = VerifyReport {
        integrity: "ok".into(),
        timeline_only: true,
        ..Default::default()
    };
    let mut replay = Replay::default();
    let officer_ids: HashMap<String, i64> = tx
        .query("SELECT name, id FROM officers", &[])?
        .iter()
        .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
        .collect::<Result<_>>()?;
    let mut prev = GENESIS.to_string();
    for r in tx.query(
        "SELECT id, case_id, at, officer_id, kind, detail, prev_hash, hash FROM events ORDER BY id",
        &[],
    )? {
        let id: i64 = r.try_get(0)?;
        let case_id: i64 = r.try_get(1)?;
        let at: String = r.try_get(2)?;
        let officer_id: i64 = r.try_get(3)?;
        let kind: String = r.try_get(4)?;
        let detail: String = r.try_get(5)?;
        let prev_hash: String = r.try_get(6)?;
        let hash: String = r.try_get(7)?;
        report.events += 1;
        if prev_hash != prev || id != report.events {
            report.problems.push(format!(
                "event {id}: the chain is broken before it (an event was removed or reordered)"
            ));
        }
        if chain_hash(&prev_hash, case_id, &at, officer_id, &kind, &detail) != hash {
            report.problems.push(format!(
                "event {id}: its content does not match its hash (it was edited)"
            ));
        }
        prev = hash;
        replay.event(
            id,
            case_id,
            officer_id,
            &kind,
            &detail,
            &officer_ids,
            &mut report,
        );
    }
    let head: Option<String> = opt(
        &mut tx,
        "SELECT value FROM meta WHERE key = 'chain_head'",
        &[],
    )?;
    if head.is_some_and(|h| h != prev) {
        report.problems.push(
            "the newest events are missing: the timeline ends before the recorded head of its chain"
                .into(),
        );
    }
    for r in tx.query(
        "SELECT c.id, c.case_no, c.status, c.first_officer_id, c.handler_id, u.name
         FROM cases c LEFT JOIN units u ON u.id = c.unit_id ORDER BY c.id",
        &[],
    )? {
        report.cases += 1;
        replay.case(
            &StoredCase {
                id: r.try_get(0)?,
                case_no: r.try_get(1)?,
                status: r.try_get(2)?,
                first_officer: r.try_get(3)?,
                handler: r.try_get(4)?,
                unit: r.try_get(5)?,
            },
            &mut report,
        );
    }
    for anchor in anchors {
        report.anchors_checked += 1;
        let held: Option<String> = opt(
            &mut tx,
            "SELECT hash FROM events WHERE id = $1",
            &[&anchor.seq],
        )?;
        match held {
            Some(h) if h == anchor.hash => {}
            Some(_) => report.problems.push(format!(
                "anchor {anchor}: event {} has another hash now: the chain was rebuilt after the anchor was taken",
                anchor.seq
            )),
            None => report.problems.push(format!(
                "anchor {anchor}: the chain no longer reaches event {}: it was cut after the anchor was taken",
                anchor.seq
            )),
        }
    }
    report.chain_head = head_of(report.events, &prev);
    tx.commit()?;
    Ok(report)
}

fn head_of(events: i64, hash: &str) -> Option<String> {
    (events > 0).then(|| format!("{events}:{hash}"))
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

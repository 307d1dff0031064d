//! The append-only, hash-chained timeline, and the check that it was not edited.

use super::ledger::hex;
use crate::domain::clocks::{compute_clocks, ClockConfig, Terms, TimelinePoint};
use crate::domain::lifecycle::CaseStep;
use crate::domain::EventKind;
use crate::store::error::Result;
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
    let mut bytes = Vec::new();
    chain_preimage(
        &mut bytes,
        prev.as_bytes(),
        case_id,
        at,
        officer_id,
        kind,
        detail,
    );
    Sha256::digest(&bytes).into()
}

/// The bytes [`chain_hash`] hashes, onto the end of `buf` (a buffer a long check
/// reuses): each field, numbers in decimal, followed by a NUL.
pub(crate) fn chain_preimage(
    buf: &mut Vec<u8>,
    prev: &[u8],
    case_id: i64,
    at: &str,
    officer_id: i64,
    kind: &str,
    detail: &str,
) {
    // Field by field rather than through `write!`: a full verify builds this
    // for every event of the record (9 M at a million), and the formatting
    // machinery was a tenth of the check of an event (`perf`). The bytes are
    // the same.
    buf.extend_from_slice(prev);
    buf.push(0);
    push_decimal(buf, case_id);
    buf.push(0);
    buf.extend_from_slice(at.as_bytes());
    buf.push(0);
    push_decimal(buf, officer_id);
    buf.push(0);
    buf.extend_from_slice(kind.as_bytes());
    buf.push(0);
    buf.extend_from_slice(detail.as_bytes());
    buf.push(0);
}

/// A number in decimal, as `Display` writes it.
fn push_decimal(buf: &mut Vec<u8>, n: i64) {
    if n < 0 {
        buf.push(b'-');
    }
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut rest = n.unsigned_abs();
    loop {
        at -= 1;
        // A digit: below 10, so the cast keeps it whole.
        digits[at] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    buf.extend_from_slice(&digits[at..]);
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

#[cfg(test)]
mod tests {
    use super::chain_preimage;

    #[test]
    fn the_preimage_is_each_field_in_decimal_or_as_written_after_a_nul() {
        for n in [0, 7, -7, 10, 999, 1_000_000, i64::MAX, i64::MIN] {
            let mut buf = Vec::new();
            chain_preimage(
                &mut buf,
                b"ab",
                n,
                "2026-11-30T09:00",
                n / -3,
                "assign",
                "{\"x\":1}",
            );
            let m = n / -3;
            let want = format!("ab\0{n}\02026-11-30T09:00\0{m}\0assign\0{{\"x\":1}}\0");
            assert_eq!(buf, want.as_bytes(), "{n}");
        }
    }
}

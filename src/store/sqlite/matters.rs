//! What the life of a matter records beyond its status: the upper office's terms
//! of a matter from above and the day it was reported back. The terms are also on
//! the registration event and the report on its own event (the timeline is the
//! authority); this table lets a report or the figures ask with one query.

use crate::domain::assigned::UpperTerms;
use crate::domain::initial::InitialFacts;
use crate::domain::EventKind;
use crate::store::error::Result;
use crate::store::port::MatterState;
use rusqlite::{params, Connection, OptionalExtension};

/// The migration that adds them: a table of its own, so that the migration can
/// run again over a file that already has it.
pub(super) const SCHEMA: &str = r#"
    CREATE TABLE IF NOT EXISTS case_upper (
        case_id          INTEGER PRIMARY KEY REFERENCES cases(id),
        from_office      TEXT NOT NULL,
        doc_no           TEXT,
        received_on      TEXT NOT NULL,
        due_on           TEXT NOT NULL,
        report_due       INTEGER NOT NULL CHECK (report_due IN (0, 1)),
        reported_back_on TEXT
    ) STRICT;
    CREATE INDEX IF NOT EXISTS case_upper_due ON case_upper(due_on);
    -- A duplicate matter merged into its original (并案): it keeps its number.
    CREATE TABLE IF NOT EXISTS case_merges (
        case_id      INTEGER PRIMARY KEY REFERENCES cases(id),
        into_case_id INTEGER NOT NULL REFERENCES cases(id),
        merged_on    TEXT NOT NULL
    ) STRICT;
    -- Which matters link to a case (links are recorded on one side's timeline).
    CREATE INDEX IF NOT EXISTS events_links
        ON events(json_extract(detail, '$.case_no')) WHERE kind = 'link';
"#;

fn day(s: Option<String>) -> Option<chrono::NaiveDate> {
    s.and_then(|d| d.parse().ok())
}

pub(super) fn set_upper(
    tx: &Connection,
    case_id: i64,
    source: crate::domain::Source,
    t: &UpperTerms,
) -> Result<()> {
    tx.prepare_cached("UPDATE cases SET source = ?2 WHERE id = ?1")?
        .execute(params![case_id, source.code()])?;
    tx.prepare_cached(
        "INSERT INTO case_upper(case_id, from_office, doc_no, received_on, due_on, report_due)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        case_id,
        t.from_office,
        t.doc_no,
        t.received.to_string(),
        t.due.to_string(),
        t.report_due,
    ])?;
    Ok(())
}

pub(super) fn set_merged(
    tx: &Connection,
    case_id: i64,
    into: i64,
    on: chrono::NaiveDate,
) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO case_merges(case_id, into_case_id, merged_on) VALUES (?1, ?2, ?3)",
    )?
    .execute(params![case_id, into, on.to_string()])?;
    Ok(())
}

pub(super) fn person_contact_flags(
    conn: &Connection,
    petitioner_id: i64,
) -> Result<Vec<(i64, Vec<crate::domain::Flag>)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, flags FROM contacts WHERE petitioner_id = ?1 ORDER BY arrived_at, id",
    )?;
    let rows = stmt.query_map([petitioner_id], |r| {
        Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, flags) = row?;
        // Stored as written: the 上级交办 mark derived when reading is not in it.
        let codes: Vec<String> = serde_json::from_str(&flags).unwrap_or_default();
        let flags = codes
            .iter()
            .filter_map(|c| crate::domain::Flag::from_code(c));
        out.push((id, flags.collect()));
    }
    Ok(out)
}

pub(super) fn set_contact_flags(
    tx: &Connection,
    contact_id: i64,
    flags: &[crate::domain::Flag],
) -> Result<()> {
    let codes: Vec<&str> = flags.iter().map(|f| f.code()).collect();
    let json = serde_json::to_string(&codes).unwrap_or_else(|_| "[]".into());
    tx.prepare_cached("UPDATE contacts SET flags = ?2 WHERE id = ?1")?
        .execute(params![contact_id, json])?;
    Ok(())
}

pub(super) fn set_reported_back(
    tx: &Connection,
    case_id: i64,
    on: chrono::NaiveDate,
) -> Result<()> {
    tx.prepare_cached("UPDATE case_upper SET reported_back_on = ?2 WHERE case_id = ?1")?
        .execute(params![case_id, on.to_string()])?;
    Ok(())
}

/// The upper terms of a case from above, and the day it was reported back.
fn upper_of(conn: &Connection, case_id: i64) -> Result<(Option<UpperTerms>, Option<String>)> {
    type Row = (String, Option<String>, String, String, bool, Option<String>);
    let row: Option<Row> = conn
        .prepare_cached(
            "SELECT from_office, doc_no, received_on, due_on, report_due, reported_back_on
             FROM case_upper WHERE case_id = ?1",
        )?
        .query_row([case_id], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
            ))
        })
        .optional()?;
    let Some((from_office, doc_no, received, due, report_due, reported)) = row else {
        return Ok((None, None));
    };
    let terms = day(Some(received))
        .zip(day(Some(due)))
        .map(|(received, due)| UpperTerms {
            from_office,
            doc_no,
            received,
            due,
            report_due,
        });
    Ok((terms, reported))
}

/// What decides whether a matter is an initial one (初信初访). The `+` keeps the
/// planner on the few link events: by the case index it walked the events of every
/// older case.
pub(super) fn initial_facts(conn: &Connection, case_id: i64) -> Result<InitialFacts> {
    Ok(conn
        .prepare_cached(
            "SELECT c.source <> 'local',
                    EXISTS(SELECT 1 FROM events e JOIN cases o
                                ON o.case_no = json_extract(e.detail, '$.case_no')
                            WHERE e.case_id = c.id AND e.kind = 'link' AND o.id < c.id)
                 OR EXISTS(SELECT 1 FROM events e
                            WHERE e.kind = 'link' AND json_extract(e.detail, '$.case_no') = c.case_no
                              AND +e.case_id < c.id),
                    coalesce((SELECT instr(k.flags, 'same_source') > 0 FROM contacts k
                               WHERE k.case_id = c.id ORDER BY k.id LIMIT 1), 0),
                    EXISTS(SELECT 1 FROM case_merges m WHERE m.case_id = c.id)
             FROM cases c WHERE c.id = ?1",
        )?
        .query_row([case_id], |r| {
            Ok(InitialFacts {
                from_above: r.get(0)?,
                linked_to_earlier: r.get(1)?,
                merged: r.get(3)?,
                same_source: r.get(2)?,
            })
        })?)
}

/// One event of a matter's timeline as [`MatterState`] lists it (`detail` is read
/// for a notice only); also what a bulk fill answers from memory (bulk_tx.rs).
pub(super) fn matter_step(
    kind: &str,
    at: &str,
    detail: Option<&str>,
    steps: &mut Vec<(EventKind, chrono::NaiveDate)>,
    notices: &mut Vec<Option<crate::domain::notices::NoticeKind>>,
) {
    let (Some(kind), Some(at)) = (EventKind::from_code(kind), crate::time::parse_instant(at))
    else {
        return;
    };
    // A notice counts from the day it was given, which may be before the day
    // it was recorded.
    let detail: serde_json::Value = detail
        .and_then(|d| serde_json::from_str(d).ok())
        .unwrap_or_default();
    let on = super::events::effective_day(kind, &detail).unwrap_or(at.date_naive());
    steps.push((kind, on));
    notices.push(super::events::notice_of(kind, &detail));
}

/// A matter as the steps of its life need it.
pub(super) fn matter_state(conn: &Connection, case_id: i64) -> Result<MatterState> {
    let (upper, reported_on) = upper_of(conn, case_id)?;
    let mut stmt = conn.prepare_cached(
        "SELECT kind, at, CASE WHEN kind = 'notify' THEN detail END
         FROM events WHERE case_id = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map([case_id], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, Option<String>>(2)?,
        ))
    })?;
    let mut steps = Vec::new();
    let mut notices = Vec::new();
    for row in rows {
        let (kind, at, detail) = row?;
        matter_step(&kind, &at, detail.as_deref(), &mut steps, &mut notices);
    }
    let merged_into: Option<String> = conn
        .prepare_cached(
            "SELECT o.case_no FROM case_merges m JOIN cases o ON o.id = m.into_case_id
             WHERE m.case_id = ?1",
        )?
        .query_row([case_id], |r| r.get(0))
        .optional()?;
    Ok(MatterState {
        merged_into,
        upper,
        reported_on: day(reported_on),
        steps,
        notices,
    })
}

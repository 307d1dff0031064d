//! What the record knows about a person's past, fetched as plain facts; the rules
//! that judge them (Art. 36, overdue, flags) are in `domain::history`.

use crate::domain::history::{CaseFacts, PersonFacts};
use crate::domain::{CaseStatus, Channel};
use crate::store::error::Result;
use chrono::NaiveDate;
use rusqlite::Connection;

fn date_of(stamp: &str) -> NaiveDate {
    crate::time::parse_instant(stamp)
        .map(|t| t.date_naive())
        .unwrap_or_default()
}

/// A person's contacts and cases so far (everything already committed), plus the
/// case a new contact is about to join, which may not be theirs yet. A case with
/// no contact dates from its registration.
pub(super) fn person_facts(
    conn: &Connection,
    petitioner_id: i64,
    joining: Option<i64>,
) -> Result<PersonFacts> {
    let contact_count: u32 = conn
        .prepare_cached("SELECT count(*) FROM contacts WHERE petitioner_id = ?1")?
        .query_row([petitioner_id], |r| r.get(0))?;
    let marked: i64 = conn
        .prepare_cached("SELECT marked_long_standing FROM petitioners WHERE id = ?1")?
        .query_row([petitioner_id], |r| r.get(0))?;
    let mut stmt = conn.prepare_cached(
        "SELECT c.id, c.status,
                c.status = 'archived'
                    AND EXISTS (SELECT 1 FROM events e WHERE e.case_id = c.id
                                AND e.kind = 'decide_recheck'),
                (SELECT group_concat(DISTINCT k.channel) FROM contacts k WHERE k.case_id = c.id),
                (SELECT count(*) FROM contacts k WHERE k.case_id = c.id),
                coalesce((SELECT min(k.arrived_at) FROM contacts k WHERE k.case_id = c.id),
                         c.registered_at),
                coalesce((SELECT max(k.arrived_at) FROM contacts k WHERE k.case_id = c.id),
                         c.registered_at),
                c.due_on, c.source != 'local'
         FROM cases c
         WHERE c.id IN (SELECT case_id FROM case_petitioners WHERE petitioner_id = ?1) OR c.id = ?2
         ORDER BY c.id",
    )?;
    let rows = stmt.query_map(rusqlite::params![petitioner_id, joining], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, bool>(2)?,
            r.get::<_, Option<String>>(3)?,
            r.get::<_, u32>(4)?,
            r.get::<_, String>(5)?,
            r.get::<_, String>(6)?,
            r.get::<_, Option<String>>(7)?,
            r.get::<_, bool>(8)?,
        ))
    })?;
    let mut cases = Vec::new();
    for row in rows {
        let (
            case_id,
            status,
            recheck_decided,
            channels,
            contact_count,
            first,
            last,
            due_on,
            from_above,
        ) = row?;
        cases.push(CaseFacts {
            case_id,
            status: CaseStatus::from_code(&status).unwrap_or(CaseStatus::Registered),
            recheck_decided,
            channels: channels
                .unwrap_or_default()
                .split(',')
                .filter_map(Channel::from_code)
                .collect(),
            contact_count,
            first_contact: date_of(&first),
            last_contact: date_of(&last),
            due_on: due_on.and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok()),
            from_above,
        });
    }
    Ok(PersonFacts {
        contact_count,
        marked_long_standing: marked != 0,
        cases,
    })
}

//! What the record knows about a person's past, in the shape the flag rules want.

use super::error::Result;
use crate::domain::flags::{CaseHistory, PetitionerHistory};
use crate::domain::{CaseStatus, Channel};
use chrono::NaiveDate;
use rusqlite::Connection;

fn date_of(stamp: &str) -> NaiveDate {
    crate::time::parse_instant(stamp)
        .map(|t| t.date_naive())
        .unwrap_or_default()
}

/// A person's contacts and cases so far (everything already committed), plus the
/// case a new contact is about to join, which may not be theirs yet. A case that
/// became final (终结) and was then archived is still a closed matter (Art. 36), so
/// the flag rules see it as final.
pub(super) fn petitioner_history(
    conn: &Connection,
    petitioner_id: i64,
    joining: Option<i64>,
    today: NaiveDate,
) -> Result<PetitionerHistory> {
    let earlier_contacts: u32 = conn
        .prepare_cached("SELECT count(*) FROM contacts WHERE petitioner_id = ?1")?
        .query_row([petitioner_id], |r| r.get(0))?;
    let marked: i64 = conn
        .prepare_cached("SELECT marked_long_standing FROM petitioners WHERE id = ?1")?
        .query_row([petitioner_id], |r| r.get(0))?;
    let mut stmt = conn.prepare_cached(
        "SELECT c.id,
                CASE WHEN c.status = 'archived' AND EXISTS (SELECT 1 FROM events e
                          WHERE e.case_id = c.id AND e.kind = 'decide_recheck')
                     THEN 'final' ELSE c.status END,
                (SELECT group_concat(DISTINCT k.channel) FROM contacts k WHERE k.case_id = c.id),
                (SELECT count(*) FROM contacts k WHERE k.case_id = c.id),
                (SELECT min(k.arrived_at) FROM contacts k WHERE k.case_id = c.id),
                (SELECT max(k.arrived_at) FROM contacts k WHERE k.case_id = c.id),
                c.registered_at, c.due_on
         FROM cases c
         WHERE c.id IN (SELECT case_id FROM case_petitioners WHERE petitioner_id = ?1) OR c.id = ?2
         ORDER BY c.id",
    )?;
    let rows = stmt.query_map(rusqlite::params![petitioner_id, joining], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, Option<String>>(2)?,
            r.get::<_, u32>(3)?,
            r.get::<_, Option<String>>(4)?,
            r.get::<_, Option<String>>(5)?,
            r.get::<_, String>(6)?,
            r.get::<_, Option<String>>(7)?,
        ))
    })?;
    let mut cases = Vec::new();
    for row in rows {
        let (case_id, status, channels, contact_count, first, last, registered, due_on) = row?;
        let status = CaseStatus::from_code(&status).unwrap_or(CaseStatus::Registered);
        // The case's cached due date is the earliest running clock against the desk.
        let overdue = status.is_open()
            && due_on
                .and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok())
                .is_some_and(|due| due < today);
        cases.push(CaseHistory {
            case_id,
            status,
            channels: channels
                .unwrap_or_default()
                .split(',')
                .filter_map(Channel::from_code)
                .collect(),
            contact_count,
            first_contact: date_of(first.as_deref().unwrap_or(&registered)),
            last_contact: date_of(last.as_deref().unwrap_or(&registered)),
            overdue,
        });
    }
    Ok(PetitionerHistory {
        earlier_contacts,
        cases,
        marked_long_standing: marked != 0,
    })
}

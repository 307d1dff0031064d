//! Receptions on the day they are held: people booked in advance (预约接访), the
//! walk-ins routed to a leader, and the leader's word filled in on a visit that
//! was recorded before it was given. The queue reads both to mark its rows.

use super::rows::{collect, day};
use crate::domain::leaders::ReceptionKind;
use crate::store::error::Result;
use crate::store::leaders::{Booking, NewBooking, ReceptionMark, VisitWord};
use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Row};

/// The bookings table; a person is booked once per reception.
pub(super) const SCHEMA: &str = r#"
    CREATE TABLE IF NOT EXISTS reception_bookings (
        id            INTEGER PRIMARY KEY,
        reception_id  INTEGER NOT NULL REFERENCES receptions(id),
        petitioner_id INTEGER NOT NULL REFERENCES petitioners(id),
        case_id       INTEGER REFERENCES cases(id),
        at            TEXT NOT NULL,
        officer_id    INTEGER NOT NULL REFERENCES officers(id),
        UNIQUE (reception_id, petitioner_id)
    ) STRICT;
    CREATE INDEX IF NOT EXISTS reception_visits_contact
        ON reception_visits(contact_id) WHERE contact_id IS NOT NULL;
"#;

fn booking_row(r: &Row<'_>) -> rusqlite::Result<Booking> {
    Ok(Booking {
        id: r.get(0)?,
        reception_id: r.get(1)?,
        leader: r.get(2)?,
        day: day(&r.get::<_, String>(3)?),
        time: r.get(4)?,
        kind: ReceptionKind::from_code(&r.get::<_, String>(5)?).unwrap_or(ReceptionKind::Reception),
        petitioner_id: r.get(6)?,
        name: r.get(7)?,
        case_no: r.get(8)?,
        at: r.get(9)?,
    })
}

pub(super) fn bookings(conn: &Connection, from: NaiveDate, to: NaiveDate) -> Result<Vec<Booking>> {
    collect(
        conn,
        "SELECT b.id, r.id, l.name, r.day, r.time, r.kind, b.petitioner_id, p.name, c.case_no, b.at
           FROM reception_bookings b JOIN receptions r ON r.id = b.reception_id
           JOIN officers l ON l.id = r.leader_id JOIN petitioners p ON p.id = b.petitioner_id
           LEFT JOIN cases c ON c.id = b.case_id
          WHERE r.day BETWEEN ?1 AND ?2 ORDER BY r.day, r.time, b.id",
        params![from.to_string(), to.to_string()],
        booking_row,
    )
}

pub(super) fn reception_marks(conn: &Connection, on: NaiveDate) -> Result<Vec<ReceptionMark>> {
    collect(
        conn,
        "SELECT r.id, b.petitioner_id, NULL, l.name, r.time, r.kind, 0
           FROM reception_bookings b JOIN receptions r ON r.id = b.reception_id
           JOIN officers l ON l.id = r.leader_id WHERE r.day = ?1
         UNION ALL
         SELECT r.id, v.petitioner_id, v.contact_id, l.name, r.time, r.kind,
                v.opinion IS NOT NULL OR v.assign_unit_id IS NOT NULL
           FROM reception_visits v JOIN receptions r ON r.id = v.reception_id
           JOIN officers l ON l.id = r.leader_id
          WHERE r.day = ?1 AND v.contact_id IS NOT NULL
         ORDER BY 5, 1, 3 NULLS FIRST, 2",
        params![on.to_string()],
        |r| {
            Ok(ReceptionMark {
                reception_id: r.get(0)?,
                petitioner_id: r.get(1)?,
                contact_id: r.get(2)?,
                leader: r.get(3)?,
                time: r.get(4)?,
                kind: ReceptionKind::from_code(&r.get::<_, String>(5)?)
                    .unwrap_or(ReceptionKind::Reception),
                word: r.get(6)?,
            })
        },
    )
}

pub(super) fn insert_booking(conn: &Connection, b: &NewBooking<'_>) -> Result<Option<i64>> {
    let n = conn
        .prepare_cached(
            "INSERT OR IGNORE INTO reception_bookings(reception_id, petitioner_id, case_id, at,
                officer_id) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?
        .execute(params![
            b.reception_id,
            b.petitioner_id,
            b.case_id,
            b.at,
            b.officer_id
        ])?;
    Ok((n == 1).then(|| conn.last_insert_rowid()))
}

pub(super) fn visit_of_contact(
    conn: &Connection,
    reception_id: i64,
    contact_id: i64,
) -> Result<Option<(i64, bool)>> {
    Ok(conn
        .prepare_cached(
            "SELECT id, opinion IS NOT NULL OR assign_unit_id IS NOT NULL FROM reception_visits
              WHERE reception_id = ?1 AND contact_id = ?2 ORDER BY id LIMIT 1",
        )?
        .query_row([reception_id, contact_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

pub(super) fn set_visit_word(conn: &Connection, visit_id: i64, w: &VisitWord<'_>) -> Result<()> {
    conn.prepare_cached(
        "UPDATE reception_visits SET opinion = ?2, assign_unit_id = ?3, deadline = ?4
          WHERE id = ?1",
    )?
    .execute(params![
        visit_id,
        w.opinion,
        w.assign_unit_id,
        w.deadline.map(|d| d.to_string())
    ])?;
    Ok(())
}

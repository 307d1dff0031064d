//! The SQL behind a check-in: people, categories, cases and contacts, one small
//! statement each. The check-in itself (which person, which case, which flags)
//! runs above the backend in `store::service::checkin`.

use crate::domain::{CaseStatus, Role};
use crate::store::error::Result;
use crate::store::port::{
    CaseChange, CaseState, Likeness, Match, Matching, NewCase, NewContact, NewPerson, NAME_MATCHES,
    PHONE_MATCHES,
};
use rusqlite::{params, Connection, OptionalExtension};

/// Marks a person as changed so that search indexes pick them up again.
pub(super) fn touch_person(tx: &Connection, petitioner_id: i64) -> Result<()> {
    // One statement: the index on change_seq makes max() a single lookup.
    tx.prepare_cached(
        "UPDATE petitioners SET change_seq = (SELECT coalesce(max(change_seq), 0) + 1 FROM petitioners)
         WHERE id = ?1",
    )?
    .execute([petitioner_id])?;
    Ok(())
}

/// Who a check-in's person may be (`Tx::people_matching`).
pub(super) fn people_matching(
    tx: &Connection,
    id_number: Option<&str>,
    like: Option<&Likeness<'_>>,
) -> Result<Matching> {
    let by_id_number = match id_number {
        Some(n) => tx
            .prepare_cached("SELECT id FROM petitioners WHERE id_number = ?1")?
            .query_row([n], |r| r.get(0))
            .optional()?,
        None => None,
    };
    let mut found = Matching {
        by_id_number,
        ..Default::default()
    };
    let Some(like) = like.filter(|_| by_id_number.is_none()) else {
        return Ok(found);
    };
    if let Some(phone) = like.phone {
        found.with_phone = matches(tx, "phone", phone, PHONE_MATCHES)?;
    }
    found.named = matches(tx, "name", like.name, NAME_MATCHES)?;
    Ok(found)
}

fn matches(tx: &Connection, column: &str, value: &str, limit: usize) -> Result<Vec<Match>> {
    let mut stmt = tx.prepare_cached(&format!(
        "SELECT id, name, address, id_number, id_checksum_ok FROM petitioners
         WHERE {column} = ?1 ORDER BY id LIMIT ?2"
    ))?;
    let rows = stmt.query_map(params![value, limit as i64], |r| {
        Ok(Match {
            id: r.get(0)?,
            name: r.get(1)?,
            address: r.get(2)?,
            id_number: r.get(3)?,
            id_checksum_ok: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(super) fn insert_person(tx: &Connection, p: &NewPerson<'_>) -> Result<i64> {
    tx.prepare_cached("INSERT INTO petitioners(name, id_number, id_checksum_ok, phone, address, pinyin, initials, created_at, created_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)")?.execute(
        params![
            p.name,
            p.id_number,
            p.id_checksum_ok,
            p.phone,
            p.address,
            p.pinyin,
            p.initials,
            p.at,
            p.officer_id
        ],
    )?;
    Ok(tx.last_insert_rowid())
}

pub(super) fn update_person(
    tx: &Connection,
    id: i64,
    phone: Option<&str>,
    address: Option<&str>,
    id_number: Option<(&str, bool)>,
) -> Result<()> {
    if let Some(phone) = phone {
        tx.prepare_cached("UPDATE petitioners SET phone = ?2 WHERE id = ?1")?
            .execute(params![id, phone])?;
    }
    if let Some(address) = address {
        tx.prepare_cached("UPDATE petitioners SET address = ?2 WHERE id = ?1")?
            .execute(params![id, address])?;
    }
    if let Some((number, checksum_ok)) = id_number {
        tx.prepare_cached("UPDATE petitioners SET id_number = ?2, id_checksum_ok = ?3 WHERE id = ?1 AND id_number IS NULL")?.execute(
            params![id, number, checksum_ok],
        )?;
    }
    Ok(())
}

pub(super) fn category_exists(tx: &Connection, parent: &str, name: &str) -> Result<bool> {
    Ok(tx
        .prepare_cached("SELECT 1 FROM categories WHERE parent = ?1 AND name = ?2")?
        .query_row([parent, name], |_| Ok(()))
        .optional()?
        .is_some())
}

pub(super) fn category_parents(tx: &Connection, name: &str) -> Result<Vec<String>> {
    Ok(tx
        .prepare_cached("SELECT parent FROM categories WHERE name = ?1 AND parent <> ''")?
        .query_map([name], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?)
}

pub(super) fn case_state(tx: &Connection, case_no: &str) -> Result<Option<CaseState>> {
    Ok(tx
        .prepare_cached(
            "SELECT c.id, c.status,
                    c.status = 'archived'
                        AND EXISTS (SELECT 1 FROM events e WHERE e.case_id = c.id
                                    AND e.kind = 'decide_recheck'),
                    c.extended_days, c.handler_id, c.unit_id
             FROM cases c WHERE c.case_no = ?1",
        )?
        .query_row([case_no], |r| {
            let status: String = r.get(1)?;
            Ok(CaseState {
                id: r.get(0)?,
                status: CaseStatus::from_code(&status).unwrap_or(CaseStatus::Registered),
                recheck_decided: r.get(2)?,
                extended_days: r.get(3)?,
                handler_id: r.get(4)?,
                unit_id: r.get(5)?,
            })
        })
        .optional()?)
}

pub(super) fn insert_case(tx: &Connection, c: &NewCase<'_>) -> Result<i64> {
    insert_case_with(tx, c, "")?;
    Ok(tx.last_insert_rowid())
}

/// `Tx::insert_case_unless_taken`: nothing is written when the number is taken.
pub(super) fn insert_case_unless_taken(tx: &Connection, c: &NewCase<'_>) -> Result<Option<i64>> {
    let inserted = insert_case_with(tx, c, "ON CONFLICT(case_no) DO NOTHING")?;
    Ok((inserted > 0).then(|| tx.last_insert_rowid()))
}

fn insert_case_with(tx: &Connection, c: &NewCase<'_>, on_conflict: &str) -> Result<usize> {
    Ok(tx
        .prepare_cached(&format!(
            "INSERT INTO cases(case_no, status, matter, category, purpose, location, litigation, source,
                               first_officer_id, handler_id, registered_at, updated_at)
             VALUES (?1, 'registered', ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?9, ?9) {on_conflict}"
        ))?
        .execute(params![
            c.case_no,
            c.matter,
            c.category,
            c.purpose,
            c.location,
            c.litigation,
            c.source,
            c.officer_id,
            c.at,
        ])?)
}

pub(super) fn update_case(tx: &Connection, id: i64, change: &CaseChange<'_>) -> Result<()> {
    if let Some(unit_id) = change.unit_id {
        tx.prepare_cached("UPDATE cases SET unit_id = ?2 WHERE id = ?1")?
            .execute(params![id, unit_id])?;
    }
    if let Some(handler_id) = change.handler_id {
        tx.prepare_cached("UPDATE cases SET handler_id = ?2 WHERE id = ?1")?
            .execute(params![id, handler_id])?;
    }
    if let Some(days) = change.extended_days {
        tx.prepare_cached("UPDATE cases SET extended_days = ?2 WHERE id = ?1")?
            .execute(params![id, days])?;
    }
    match (change.status, change.updated_at) {
        (Some(status), Some(at)) => {
            tx.prepare_cached("UPDATE cases SET status = ?2, updated_at = ?3 WHERE id = ?1")?
                .execute(params![id, status.code(), at])?;
        }
        (Some(status), None) => {
            tx.prepare_cached("UPDATE cases SET status = ?2 WHERE id = ?1")?
                .execute(params![id, status.code()])?;
        }
        (None, Some(at)) => {
            tx.prepare_cached("UPDATE cases SET updated_at = ?2 WHERE id = ?1")?
                .execute(params![id, at])?;
        }
        (None, None) => {}
    }
    Ok(())
}

pub(super) fn link_person(
    tx: &Connection,
    case_id: i64,
    petitioner_id: i64,
    role: Role,
) -> Result<()> {
    tx.prepare_cached(
        "INSERT OR IGNORE INTO case_petitioners(case_id, petitioner_id, role) VALUES (?1, ?2, ?3)",
    )?
    .execute(params![case_id, petitioner_id, role.code()])?;
    Ok(())
}

pub(super) fn case_people(tx: &Connection, case_id: i64) -> Result<Vec<i64>> {
    Ok(tx
        .prepare_cached("SELECT petitioner_id FROM case_petitioners WHERE case_id = ?1")?
        .query_map([case_id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?)
}

pub(super) fn has_link(tx: &Connection, case_id: i64, other: &str) -> Result<bool> {
    Ok(tx
        .prepare_cached(
            "SELECT EXISTS(SELECT 1 FROM events WHERE case_id = ?1 AND kind = 'link'
                             AND json_extract(detail, '$.case_no') = ?2)",
        )?
        .query_row(params![case_id, other], |r| r.get(0))?)
}

pub(super) fn insert_contact(tx: &Connection, k: &NewContact<'_>) -> Result<i64> {
    let queue_no = k.queue.map(|(_, n)| n);
    tx.prepare_cached("INSERT INTO contacts(petitioner_id, case_id, channel, headcount, representatives, matter,
                                      flags, arrived_at, officer_id, queue_date, queue_no, queue_status, letter_no,
                                      import_key, time_unknown)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)")?.execute(
        params![
            k.petitioner_id,
            k.case_id,
            k.channel.code(),
            k.headcount,
            k.representatives,
            k.matter,
            k.flags,
            k.at,
            k.officer_id,
            k.queue.map(|(day, _)| day.to_string()),
            queue_no,
            queue_no.map(|_| if k.settled { "done" } else { "waiting" }),
            k.letter_no,
            k.import_key,
            k.time_unknown,
        ],
    )?;
    let contact_id = tx.last_insert_rowid();
    if k.settled && queue_no.is_some() {
        tx.prepare_cached("UPDATE contacts SET received_by = officer_id, received_at = arrived_at, finished_at = arrived_at
             WHERE id = ?1")?.execute(
            [contact_id],
        )?;
    }
    Ok(contact_id)
}

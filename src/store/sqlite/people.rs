//! A person's record as stored, and the moves a merge makes. Which acts are
//! allowed, and what the kept record takes from the other, is decided above the
//! backend in `store::service::people`.

use crate::store::error::Result;
use crate::store::port::PersonState;
use rusqlite::{params, Connection, OptionalExtension};

pub(super) fn person_state(tx: &Connection, id: i64) -> Result<Option<PersonState>> {
    Ok(tx
        .prepare_cached(
            "SELECT name, id_number, id_checksum_ok, phone, address, marked_long_standing,
                    merged_into
             FROM petitioners WHERE id = ?1",
        )?
        .query_row([id], |r| {
            Ok(PersonState {
                name: r.get(0)?,
                id_number: r.get(1)?,
                id_checksum_ok: r.get(2)?,
                phone: r.get(3)?,
                address: r.get(4)?,
                marked_long_standing: r.get(5)?,
                merged_into: r.get(6)?,
            })
        })
        .optional()?)
}

pub(super) fn set_long_standing(tx: &Connection, id: i64, on: bool) -> Result<()> {
    tx.prepare_cached("UPDATE petitioners SET marked_long_standing = ?2 WHERE id = ?1")?
        .execute(params![id, on])?;
    Ok(())
}

/// Moves `from`'s contacts and case memberships to `to`; returns how many
/// contacts moved.
pub(super) fn move_person_records(tx: &Connection, from: i64, to: i64) -> Result<usize> {
    let moved = tx
        .prepare_cached("UPDATE contacts SET petitioner_id = ?1 WHERE petitioner_id = ?2")?
        .execute(params![to, from])?;
    tx.prepare_cached(
        "INSERT OR IGNORE INTO case_petitioners(case_id, petitioner_id, role)
         SELECT case_id, ?1, role FROM case_petitioners WHERE petitioner_id = ?2",
    )?
    .execute(params![to, from])?;
    tx.prepare_cached("DELETE FROM case_petitioners WHERE petitioner_id = ?1")?
        .execute([from])?;
    Ok(moved)
}

pub(super) fn clear_id_number(tx: &Connection, id: i64) -> Result<()> {
    tx.prepare_cached("UPDATE petitioners SET id_number = NULL WHERE id = ?1")?
        .execute([id])?;
    Ok(())
}

pub(super) fn set_merged_into(tx: &Connection, id: i64, into: i64) -> Result<()> {
    tx.prepare_cached("UPDATE petitioners SET merged_into = ?2 WHERE id = ?1")?
        .execute(params![id, into])?;
    Ok(())
}

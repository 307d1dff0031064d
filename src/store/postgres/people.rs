//! A person's record as the unit of work reads and writes it: finding people
//! for a check-in, putting them on record, and the moves a merge makes. Which acts
//! are allowed is decided above, in `store::service::people`.

use super::rows::{self, exec, one};
use crate::store::error::Result;
use crate::store::port::{NewPerson, PersonState};
use postgres::GenericClient;

pub(super) fn person_state<C: GenericClient>(
    c: &mut C,
    petitioner_id: i64,
) -> Result<Option<PersonState>> {
    super::rows::row(
        c,
        "SELECT name, id_number, id_checksum_ok, phone, address, marked_long_standing,
                    merged_into
             FROM petitioners WHERE id = $1",
        &[&petitioner_id],
    )?
    .map(|r| {
        Ok(PersonState {
            name: r.try_get(0)?,
            id_number: r.try_get(1)?,
            id_checksum_ok: r.try_get(2)?,
            phone: r.try_get(3)?,
            address: r.try_get(4)?,
            marked_long_standing: r.try_get(5)?,
            merged_into: r.try_get(6)?,
        })
    })
    .transpose()
}

pub(super) fn people_with_phone<C: GenericClient>(
    c: &mut C,
    phone: &str,
    limit: usize,
) -> Result<Vec<(i64, String)>> {
    let limit = limit as i64;
    c.query(
        "SELECT id, name FROM petitioners WHERE phone = $1 ORDER BY id LIMIT $2",
        &[&phone, &limit],
    )?
    .iter()
    .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
    .collect()
}

pub(super) fn people_named<C: GenericClient>(
    c: &mut C,
    name: &str,
    limit: usize,
) -> Result<Vec<(i64, String, Option<String>)>> {
    let limit = limit as i64;
    c.query(
        "SELECT id, name, address FROM petitioners WHERE name = $1 ORDER BY id LIMIT $2",
        &[&name, &limit],
    )?
    .iter()
    .map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?)))
    .collect()
}

pub(super) fn insert_person<C: GenericClient>(c: &mut C, p: &NewPerson<'_>) -> Result<i64> {
    one(
        c,
        "INSERT INTO petitioners(name, id_number, id_checksum_ok, phone, address, pinyin,
                                 initials, created_at, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
        &[
            &p.name,
            &p.id_number,
            &p.id_checksum_ok,
            &p.phone,
            &p.address,
            &p.pinyin,
            &p.initials,
            &p.at,
            &p.officer_id,
        ],
    )
}

pub(super) fn update_person<C: GenericClient>(
    c: &mut C,
    id: i64,
    phone: Option<&str>,
    address: Option<&str>,
    id_number: Option<(&str, bool)>,
) -> Result<()> {
    if let Some(phone) = phone {
        exec(
            c,
            "UPDATE petitioners SET phone = $2 WHERE id = $1",
            &[&id, &phone],
        )?;
    }
    if let Some(address) = address {
        exec(
            c,
            "UPDATE petitioners SET address = $2 WHERE id = $1",
            &[&id, &address],
        )?;
    }
    if let Some((number, ok)) = id_number {
        exec(
            c,
            "UPDATE petitioners SET id_number = $2, id_checksum_ok = $3
             WHERE id = $1 AND id_number IS NULL",
            &[&id, &number, &ok],
        )?;
    }
    Ok(())
}

pub(super) fn touch_person<C: GenericClient>(c: &mut C, petitioner_id: i64) -> Result<()> {
    let seq = rows::next_number(c, "change_seq")?;
    exec(
        c,
        "UPDATE petitioners SET change_seq = $2 WHERE id = $1",
        &[&petitioner_id, &seq],
    )?;
    Ok(())
}

pub(super) fn set_long_standing<C: GenericClient>(
    c: &mut C,
    petitioner_id: i64,
    on: bool,
) -> Result<()> {
    exec(
        c,
        "UPDATE petitioners SET marked_long_standing = $2 WHERE id = $1",
        &[&petitioner_id, &on],
    )?;
    Ok(())
}

pub(super) fn move_person_records<C: GenericClient>(
    c: &mut C,
    from: i64,
    to: i64,
) -> Result<usize> {
    let moved = exec(
        c,
        "UPDATE contacts SET petitioner_id = $1 WHERE petitioner_id = $2",
        &[&to, &from],
    )?;
    exec(
        c,
        "INSERT INTO case_petitioners(case_id, petitioner_id, role)
         SELECT case_id, $1, role FROM case_petitioners WHERE petitioner_id = $2
         ON CONFLICT DO NOTHING",
        &[&to, &from],
    )?;
    exec(
        c,
        "DELETE FROM case_petitioners WHERE petitioner_id = $1",
        &[&from],
    )?;
    Ok(moved as usize)
}

pub(super) fn clear_id_number<C: GenericClient>(c: &mut C, petitioner_id: i64) -> Result<()> {
    exec(
        c,
        "UPDATE petitioners SET id_number = NULL WHERE id = $1",
        &[&petitioner_id],
    )?;
    Ok(())
}

pub(super) fn set_merged_into<C: GenericClient>(
    c: &mut C,
    petitioner_id: i64,
    into: i64,
) -> Result<()> {
    exec(
        c,
        "UPDATE petitioners SET merged_into = $2 WHERE id = $1",
        &[&petitioner_id, &into],
    )?;
    Ok(())
}

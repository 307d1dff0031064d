//! A person's record as the unit of work reads and writes it: finding people
//! for a check-in, putting them on record, and the moves a merge makes. Which acts
//! are allowed is decided above, in `store::service::people`.

use super::rows::{self, exec, one};
use crate::store::error::Result;
use crate::store::port::{
    Likeness, Match, Matching, NewPerson, PersonState, NAME_MATCHES, PHONE_MATCHES,
};
use postgres::types::ToSql;
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

/// Who a check-in's person may be (`Tx::people_matching`), in one statement:
/// the holder of the ID number, else the people with the phone and the name.
pub(super) fn people_matching<C: GenericClient>(
    c: &mut C,
    id_number: Option<&str>,
    like: Option<&Likeness<'_>>,
) -> Result<Matching> {
    let rows = rows::all(
        c,
        &format!("WITH {MATCHES} SELECT * FROM matches ORDER BY 1, 2"),
        &MatchingParams::of(id_number, like).refs(),
    )?;
    let mut found = Matching::default();
    for r in rows {
        add_match(
            &mut found,
            (r.try_get(0)?, r.try_get(1)?),
            (r.try_get(2)?, r.try_get(3)?, r.try_get(4)?, r.try_get(5)?),
        );
    }
    Ok(found)
}

/// Files a row of [`MATCHES`]: the holder of the ID number (part 0), or a person
/// found by phone (part 1) or by name (part 2) with what tells them apart.
pub(super) fn add_match(
    found: &mut Matching,
    (part, id): (i32, i64),
    (name, address, id_number, id_checksum_ok): (
        Option<String>,
        Option<String>,
        Option<String>,
        bool,
    ),
) {
    if part == 0 {
        found.by_id_number = Some(id);
        return;
    }
    let m = Match {
        id,
        name: name.unwrap_or_default(),
        address,
        id_number,
        id_checksum_ok,
    };
    match part {
        1 => found.with_phone.push(m),
        _ => found.named.push(m),
    }
}

/// Who a check-in's person may be, as a common table `matches` (part 0: the
/// holder of the ID number; 1: the same phone; 2: the same name), over the
/// parameters `$1`…`$6` of [`MatchingParams`].
pub(super) const MATCHES: &str = "held AS (SELECT id FROM petitioners WHERE id_number = $1),
     matches AS (
         SELECT 0 AS part, id, NULL::text AS name, NULL::text AS address,
                NULL::text AS id_number, FALSE AS id_checksum_ok FROM held
         UNION ALL
         (SELECT 1, id, name, address, id_number, id_checksum_ok FROM petitioners
           WHERE $2 AND phone = $3 AND NOT EXISTS (SELECT 1 FROM held)
           ORDER BY id LIMIT $5)
         UNION ALL
         (SELECT 2, id, name, address, id_number, id_checksum_ok FROM petitioners
           WHERE $2 AND name = $4 AND NOT EXISTS (SELECT 1 FROM held)
           ORDER BY id LIMIT $6))";

/// The parameters `$1`…`$6` of [`MATCHES`], borrowed from the check-in.
pub(super) struct MatchingParams<'a> {
    id_number: Option<&'a str>,
    newcomer: bool,
    phone: Option<&'a str>,
    name: Option<&'a str>,
    phone_matches: i64,
    name_matches: i64,
}

impl<'a> MatchingParams<'a> {
    pub(super) fn of(id_number: Option<&'a str>, like: Option<&Likeness<'a>>) -> Self {
        MatchingParams {
            id_number,
            newcomer: like.is_some(),
            phone: like.and_then(|l| l.phone),
            name: like.map(|l| l.name),
            phone_matches: PHONE_MATCHES as i64,
            name_matches: NAME_MATCHES as i64,
        }
    }

    /// In the order of their numbers.
    pub(super) fn refs(&self) -> [&(dyn ToSql + Sync); 6] {
        [
            &self.id_number,
            &self.newcomer,
            &self.phone,
            &self.name,
            &self.phone_matches,
            &self.name_matches,
        ]
    }
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
    if phone.is_none() && address.is_none() && id_number.is_none() {
        return Ok(());
    }
    // One statement for all three (a returning visitor brings them at once); the
    // ID number only where none is recorded.
    exec(
        c,
        "UPDATE petitioners SET phone = coalesce($2, phone), address = coalesce($3, address),
                id_number = CASE WHEN id_number IS NULL THEN coalesce($4, id_number)
                                 ELSE id_number END,
                id_checksum_ok = CASE WHEN id_number IS NULL AND $4::text IS NOT NULL THEN $5
                                      ELSE id_checksum_ok END
         WHERE id = $1",
        &[
            &id,
            &phone,
            &address,
            &id_number.map(|n| n.0),
            &id_number.is_some_and(|n| n.1),
        ],
    )?;
    Ok(())
}

/// Marks a person changed: the next `change_seq` drawn (as `rows::next_number`)
/// and set, in one statement. Also the head of a statement that goes on to read.
pub(super) const TOUCH: &str = "WITH seq AS (
        INSERT INTO counters(name, value) VALUES ('change_seq', 1)
        ON CONFLICT(name) DO UPDATE SET value = counters.value + 1
        RETURNING value),
    touched AS (UPDATE petitioners SET change_seq = (SELECT value FROM seq) WHERE id = $1)";

pub(super) fn touch_person<C: GenericClient>(c: &mut C, petitioner_id: i64) -> Result<()> {
    exec(c, &format!("{TOUCH} SELECT 1"), &[&petitioner_id])?;
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

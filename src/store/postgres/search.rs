//! The persisted search keys on the server (DESIGN.md 1.5): the same rows as the
//! SQLite file keeps, kept current in the unit of work of each write that
//! changes a key, and read by the shared ranking in `crate::search`.

use super::prepared;
use super::rows::{exec, opt};
use crate::search::{KeyHit, KeyKind, KeyReader, PersonKeys};
use crate::store::error::{Result, StoreError};
use postgres::{Client, GenericClient};
use std::cell::RefCell;

const SOURCE: &str = "SELECT p.id, p.name, p.id_number, p.phone,
        (SELECT string_agg(c.case_no, chr(30) ORDER BY c.id) FROM case_petitioners cp
           JOIN cases c ON c.id = cp.case_id WHERE cp.petitioner_id = p.id),
        (SELECT string_agg(k.letter_no, chr(30) ORDER BY k.id) FROM contacts k
          WHERE k.petitioner_id = p.id AND k.letter_no IS NOT NULL),
        -- Minus the minutes since the epoch of the latest contact, so that ascending
        -- order is newest first; 0 (after everyone seen) when never seen.
        coalesce((SELECT -(floor(extract(epoch FROM max(k.arrived_at::timestamptz)) / 60)::bigint)
                  FROM contacts k WHERE k.petitioner_id = p.id), 0)
     FROM petitioners p";

fn source_row(r: &postgres::Row) -> Result<(i64, PersonKeys, i64)> {
    let list = |s: Option<String>| -> Vec<String> {
        s.map(|s| s.split('\u{1e}').map(str::to_string).collect())
            .unwrap_or_default()
    };
    Ok((
        r.try_get(0)?,
        PersonKeys {
            name: r.try_get(1)?,
            id_number: r.try_get(2)?,
            phone: r.try_get(3)?,
            case_nos: list(r.try_get(4)?),
            letter_nos: list(r.try_get(5)?),
        },
        r.try_get(6)?,
    ))
}

/// Brings one person's keys up to date; a merged-away person loses theirs.
pub(super) fn refresh<C: GenericClient>(c: &mut C, petitioner_id: i64) -> Result<()> {
    let current = super::rows::row(
        c,
        &format!("{SOURCE} WHERE p.id = $1 AND p.merged_into IS NULL"),
        &[&petitioner_id],
    )?
    .as_ref()
    .map(source_row)
    .transpose()?;
    let stored = super::rows::row(
        c,
        "SELECT recent, keys FROM search_people WHERE petitioner_id = $1",
        &[&petitioner_id],
    )?
    .map(|r| -> Result<(i64, String)> { Ok((r.try_get(0)?, r.try_get(1)?)) })
    .transpose()?;
    let encoded = current.as_ref().map(|(_, k, recent)| (*recent, k.encode()));
    if encoded == stored {
        return Ok(());
    }
    exec(
        c,
        "DELETE FROM search_keys WHERE petitioner_id = $1",
        &[&petitioner_id],
    )?;
    exec(
        c,
        "DELETE FROM search_people WHERE petitioner_id = $1",
        &[&petitioner_id],
    )?;
    if let Some((_, keys, recent)) = current {
        insert(c, petitioner_id, &keys, recent)?;
    }
    Ok(())
}

fn insert<C: GenericClient>(c: &mut C, id: i64, keys: &PersonKeys, recent: i64) -> Result<()> {
    let rows = keys.rows();
    let kinds: Vec<i64> = rows.iter().map(|r| r.kind.code()).collect();
    let texts: Vec<&str> = rows.iter().map(|r| r.key.as_str()).collect();
    let ranks: Vec<i64> = rows.iter().map(|r| r.rank).collect();
    // One statement for all of a person's keys: a round trip each would dominate.
    exec(
        c,
        "INSERT INTO search_keys(kind, key, rank, recent, petitioner_id)
         SELECT k, t, r, $4, $5 FROM unnest($1::bigint[], $2::text[], $3::bigint[]) AS u(k, t, r)
         ON CONFLICT DO NOTHING",
        &[&kinds, &texts, &ranks, &recent, &id],
    )?;
    exec(
        c,
        "INSERT INTO search_people(petitioner_id, recent, keys) VALUES ($1, $2, $3)",
        &[&id, &recent, &keys.encode()],
    )?;
    Ok(())
}

/// Derives everyone's keys again; returns how many people were keyed.
pub(super) fn rebuild<C: GenericClient>(c: &mut C) -> Result<usize> {
    exec(c, "DELETE FROM search_keys", &[])?;
    exec(c, "DELETE FROM search_people", &[])?;
    let people = c.query(&format!("{SOURCE} WHERE p.merged_into IS NULL"), &[])?;
    for r in &people {
        let (id, keys, recent) = source_row(r)?;
        insert(c, id, &keys, recent)?;
    }
    Ok(people.len())
}

/// Reads the keys through the connection (the ranking asks through `&self`).
pub(super) struct PgKeys<'a>(pub RefCell<&'a mut Client>);

impl<'a> PgKeys<'a> {
    fn client(&self) -> Result<std::cell::RefMut<'_, &'a mut Client>> {
        self.0
            .try_borrow_mut()
            .map_err(|_| StoreError::Backend("the lookup asked twice at once".into()))
    }
}

impl KeyReader for PgKeys<'_> {
    type Error = StoreError;

    fn exact(
        &self,
        kind: KeyKind,
        key: &str,
        ranks: (i64, i64),
        visit: &mut dyn FnMut(KeyHit) -> bool,
    ) -> Result<()> {
        let rows = prepared::run(
            &mut **self.client()?,
            "SELECT petitioner_id, rank, recent FROM search_keys
             WHERE kind = $1 AND key = $2 AND rank BETWEEN $3 AND $4
             ORDER BY rank, recent, petitioner_id",
            |c, s| c.query(s, &[&kind.code(), &key, &ranks.0, &ranks.1]),
        )?;
        for r in rows {
            let hit = KeyHit {
                petitioner_id: r.try_get(0)?,
                rank: r.try_get(1)?,
                recent: r.try_get(2)?,
            };
            if !visit(hit) {
                break;
            }
        }
        Ok(())
    }

    fn starting_with(
        &self,
        kind: KeyKind,
        prefix: &str,
        cap: usize,
    ) -> Result<Vec<(String, KeyHit)>> {
        // Every valid UTF-8 string starting with `prefix` sorts below prefix + U+10FFFF.
        let upper = format!("{prefix}\u{10FFFF}");
        prepared::run(
            &mut **self.client()?,
            "SELECT key, petitioner_id, rank, recent FROM search_keys
             WHERE kind = $1 AND key >= $2 AND key < $3 LIMIT $4",
            |c, s| c.query(s, &[&kind.code(), &prefix, &upper, &(cap as i64)]),
        )?
        .iter()
        .map(|r| {
            Ok((
                r.try_get(0)?,
                KeyHit {
                    petitioner_id: r.try_get(1)?,
                    rank: r.try_get(2)?,
                    recent: r.try_get(3)?,
                },
            ))
        })
        .collect()
    }

    fn count(&self, kind: KeyKind, key: &str, bound: usize) -> Result<usize> {
        let n: i64 = super::rows::one(
            &mut **self.client()?,
            "SELECT count(*) FROM (SELECT 1 FROM search_keys WHERE kind = $1 AND key = $2 LIMIT $3) s",
            &[&kind.code(), &key, &(bound as i64)],
        )?;
        Ok(n as usize)
    }

    fn name(&self, id: i64) -> Result<Option<String>> {
        opt(
            &mut **self.client()?,
            "SELECT name FROM petitioners WHERE id = $1",
            &[&id],
        )
    }

    fn numbers(&self, kind: KeyKind, id: i64) -> Result<Vec<String>> {
        let keys: Option<String> = opt(
            &mut **self.client()?,
            "SELECT keys FROM search_people WHERE petitioner_id = $1",
            &[&id],
        )?;
        let keys = PersonKeys::decode(&keys.unwrap_or_default());
        Ok(match kind {
            KeyKind::CaseNo => keys.case_nos,
            _ => keys.letter_nos,
        })
    }

    fn most_recent(&self, limit: usize) -> Result<Vec<i64>> {
        super::rows::col(
            &mut **self.client()?,
            "SELECT petitioner_id FROM search_people ORDER BY recent, petitioner_id LIMIT $1",
            &[&(limit as i64)],
        )
    }
}

//! The persisted search keys on the server (DESIGN.md 1.5): the same rows as the
//! SQLite file keeps, kept current in the unit of work of each write that
//! changes a key, and read by the shared ranking in `crate::search`.

use super::event_write::EventWrite;
use super::prepared;
use super::rows::{exec, opt};
use super::search_write::{Columns, KeysWrite};
use crate::search::{KeyHit, KeyKind, KeyReader, KeyRow, PersonKeys};
use crate::store::error::{Result, StoreError};
use postgres::{Client, GenericClient};
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};

const SOURCE: &str = "SELECT p.id, p.name, p.id_number, p.phone,
        -- Each case's number looked up by its key: a join here may be planned as a
        -- scan of every case (a prepared plan made while the table was small is
        -- kept as it grows), which a check-in would pay on every newcomer.
        (SELECT string_agg((SELECT c.case_no FROM cases c WHERE c.id = cp.case_id),
                           chr(30) ORDER BY cp.case_id)
           FROM case_petitioners cp WHERE cp.petitioner_id = p.id),
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

/// Brings one person's keys up to date; a merged-away person loses theirs. One
/// read (what the keys are, what is stored) and at most one write, returned for
/// the unit of work to send (`KeysWrite`: with the seal's read, so that a
/// check-in pays no round trip of its own for it): each statement is a round
/// trip, and a check-in refreshes every person it names. With `touch`, the
/// person is also marked changed (`people::TOUCH`) in the read. `fresh`: the
/// person was created by this unit of work.
/// `event`, a held event, is written by the read's statement (which reads no
/// event).
pub(super) fn refresh<C: GenericClient>(
    c: &mut C,
    petitioner_id: i64,
    (touch, fresh): (bool, bool),
    event: Option<&EventWrite>,
) -> Result<Option<KeysWrite>> {
    let touch = if touch {
        super::people::TOUCH.trim_start_matches("WITH ")
    } else {
        ""
    };
    let with = match (event, touch) {
        (Some(e), "") => format!("WITH {}", e.ctes(1)),
        (Some(e), touch) => format!("WITH {},\n{touch}", e.ctes(1)),
        (None, "") => String::new(),
        (None, touch) => format!("WITH {touch}"),
    };
    let mut params: Vec<&(dyn postgres::types::ToSql + Sync)> = vec![&petitioner_id];
    if let Some(e) = event {
        params.extend(e.params());
    }
    let r = super::rows::row(
        c,
        &format!(
            "{with} SELECT cur.*, s.recent, s.keys FROM (SELECT 1) AS one
             LEFT JOIN LATERAL ({SOURCE} WHERE p.id = $1 AND p.merged_into IS NULL) cur ON TRUE
             LEFT JOIN search_people s ON s.petitioner_id = $1"
        ),
        &params,
    )?
    .ok_or_else(|| StoreError::Backend("the search keys' read returned no row".into()))?;
    let current = match r.try_get::<_, Option<i64>>(0)? {
        Some(_) => Some(source_row(&r)?),
        None => None,
    };
    let stored: Option<(i64, String)> = match r.try_get::<_, Option<i64>>(7)? {
        Some(recent) => Some((recent, r.try_get(8)?)),
        None => None,
    };
    let encoded = current.as_ref().map(|(_, k, recent)| (*recent, k.encode()));
    if encoded == stored {
        return Ok(None);
    }
    // Only the rows that change: the deleted and the inserted ones are then
    // apart, as one statement needs them. The deletion goes by the exact keys
    // stored, as on SQLite: the table's one index leads with the key, so a delete
    // by person alone would read every key on record.
    let old: HashSet<KeyRow> = stored
        .as_ref()
        .map(|(_, keys)| PersonKeys::decode(keys).rows().into_iter().collect())
        .unwrap_or_default();
    let new: HashSet<KeyRow> = current
        .as_ref()
        .map(|(_, keys, _)| keys.rows().into_iter().collect())
        .unwrap_or_default();
    let (old_recent, new_recent) = (stored.as_ref().map(|s| s.0), current.as_ref().map(|c| c.2));
    let same_recent = old_recent == new_recent;
    Ok(Some(KeysWrite {
        gone: Columns::of(old.iter().filter(|r| !same_recent || !new.contains(r))),
        added: Columns::of(new.iter().filter(|r| !same_recent || !old.contains(r))),
        old_recent: old_recent.unwrap_or(0),
        new_recent: new_recent.unwrap_or(0),
        petitioner_id,
        encoded: encoded.map(|(_, keys)| keys),
        // Nothing stored for them either: the rows are the set's, each once.
        fresh: fresh && stored.is_none(),
    }))
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
/// Every query is a round trip to the server, so the reader fetches a common key's
/// people a page at a time (the ranking stops early) and names in one query for
/// all the people it has handed out (the fuzzy pass asks for many names in a row).
pub(super) struct PgKeys<'a> {
    client: RefCell<&'a mut Client>,
    /// People handed out whose names were not fetched yet, and the names fetched.
    unnamed: RefCell<Vec<i64>>,
    names: RefCell<HashMap<i64, String>>,
}

/// Rows of one key fetched at once: a page covers what the ranking takes of a
/// key most of the time, and a common surname's thousands wait until asked for.
const PAGE: i64 = 64;
/// Names fetched in one query at most.
const NAMES_AT_ONCE: usize = 256;

impl<'a> PgKeys<'a> {
    pub(super) fn new(client: &'a mut Client) -> Self {
        PgKeys {
            client: RefCell::new(client),
            unnamed: RefCell::default(),
            names: RefCell::default(),
        }
    }

    fn client(&self) -> Result<std::cell::RefMut<'_, &'a mut Client>> {
        self.client
            .try_borrow_mut()
            .map_err(|_| StoreError::Backend("the lookup asked twice at once".into()))
    }

    fn handed_out(&self, ids: impl IntoIterator<Item = i64>) {
        let names = self.names.borrow();
        self.unnamed
            .borrow_mut()
            .extend(ids.into_iter().filter(|id| !names.contains_key(id)));
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
        // Keyset paging along the primary key's order: each page is one index range.
        let mut after = (ranks.0, i64::MIN, i64::MIN);
        loop {
            let rows = prepared::run(
                &mut **self.client()?,
                "SELECT petitioner_id, rank, recent FROM search_keys
                 WHERE kind = $1 AND key = $2 AND rank <= $3
                   AND (rank, recent, petitioner_id) > ($4, $5, $6)
                 ORDER BY rank, recent, petitioner_id LIMIT $7",
                |c, s| {
                    c.query(
                        s,
                        &[
                            &kind.code(),
                            &key,
                            &ranks.1,
                            &after.0,
                            &after.1,
                            &after.2,
                            &PAGE,
                        ],
                    )
                },
            )?;
            let hits = rows
                .iter()
                .map(|r| {
                    Ok(KeyHit {
                        petitioner_id: r.try_get(0)?,
                        rank: r.try_get(1)?,
                        recent: r.try_get(2)?,
                    })
                })
                .collect::<Result<Vec<_>>>()?;
            self.handed_out(hits.iter().map(|h| h.petitioner_id));
            for hit in &hits {
                if !visit(*hit) {
                    return Ok(());
                }
            }
            match hits.last() {
                Some(last) if hits.len() as i64 == PAGE => {
                    after = (last.rank, last.recent, last.petitioner_id);
                }
                _ => return Ok(()),
            }
        }
    }

    fn starting_with(
        &self,
        kind: KeyKind,
        prefix: &str,
        cap: usize,
    ) -> Result<Vec<(String, KeyHit)>> {
        // Every valid UTF-8 string starting with `prefix` sorts below prefix + U+10FFFF.
        let upper = format!("{prefix}\u{10FFFF}");
        let hits = prepared::run(
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
        .collect::<Result<Vec<(String, KeyHit)>>>()?;
        self.handed_out(hits.iter().map(|(_, h)| h.petitioner_id));
        Ok(hits)
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
        if let Some(name) = self.names.borrow().get(&id) {
            return Ok(Some(name.clone()));
        }
        let mut ids: Vec<i64> = {
            let mut unnamed = self.unnamed.borrow_mut();
            let take = unnamed.len().min(NAMES_AT_ONCE);
            unnamed.drain(..take).collect()
        };
        ids.push(id);
        let rows = super::rows::all(
            &mut **self.client()?,
            "SELECT id, name FROM petitioners WHERE id = ANY($1)",
            &[&ids],
        )?;
        let mut names = self.names.borrow_mut();
        for r in rows {
            names.insert(r.try_get(0)?, r.try_get(1)?);
        }
        Ok(names.get(&id).cloned())
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

//! The persisted search keys (DESIGN.md 1.5): every person's keys with their
//! prefixes in one index-ordered table, so that a lookup is a few index probes on the
//! file instead of loading everyone. Kept current inside the transaction of each write
//! that changes a key or the latest contact; rebuilt whole by the migration that adds
//! them and after a bulk fill.

use super::SqliteStore;
use crate::search::{KeyHit, KeyKind, KeyReader, Page, PersonKeys};
use crate::store::error::{Result, StoreError};
use crate::store::port::Identifiers;
use rusqlite::{params, Connection, OptionalExtension};

/// The tables; created by the schema migration that introduced them.
pub(super) const SCHEMA: &str = r#"
    -- One row per key of a person: (kind, key) is probed exactly, and rows come back
    -- in rank order: the key's rank, then the latest contact, then the person.
    CREATE TABLE search_keys (
        kind          INTEGER NOT NULL,
        key           TEXT NOT NULL,
        rank          INTEGER NOT NULL,
        recent        INTEGER NOT NULL,  -- minus the minutes of the latest contact
        petitioner_id INTEGER NOT NULL,
        PRIMARY KEY (kind, key, rank, recent, petitioner_id)
    ) STRICT, WITHOUT ROWID;

    -- What each person's keys were derived from, to take them out again exactly.
    CREATE TABLE search_people (
        petitioner_id INTEGER PRIMARY KEY,
        recent        INTEGER NOT NULL,
        keys          TEXT NOT NULL
    ) STRICT;
    CREATE INDEX search_people_recent ON search_people(recent, petitioner_id);
"#;

/// The shape of `search_keys`, for the sorted copy [`close_scratch`] makes: it
/// must stay the table's exactly, or SQLite copies row by row (still right, but
/// with the pages three quarters full again).
const SHAPE: &str = "(
        kind INTEGER NOT NULL, key TEXT NOT NULL, rank INTEGER NOT NULL,
        recent INTEGER NOT NULL, petitioner_id INTEGER NOT NULL,
        PRIMARY KEY (kind, key, rank, recent, petitioner_id)
    ) STRICT, WITHOUT ROWID";

const SOURCE: &str = "SELECT p.id, p.name, p.id_number, p.phone,
        (SELECT group_concat(c.case_no, char(30)) FROM case_petitioners cp
           JOIN cases c ON c.id = cp.case_id WHERE cp.petitioner_id = p.id),
        (SELECT group_concat(k.letter_no, char(30)) FROM contacts k
          WHERE k.petitioner_id = p.id AND k.letter_no IS NOT NULL),
        (SELECT max(k.arrived_at) FROM contacts k WHERE k.petitioner_id = p.id)
     FROM petitioners p";

fn source_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<(i64, PersonKeys, i64)> {
    let list = |s: Option<String>| -> Vec<String> {
        s.map(|s| s.split('\u{1e}').map(str::to_string).collect())
            .unwrap_or_default()
    };
    let last: Option<String> = r.get(6)?;
    Ok((
        r.get(0)?,
        PersonKeys {
            name: r.get(1)?,
            id_number: r.get(2)?,
            phone: r.get(3)?,
            case_nos: list(r.get(4)?),
            letter_nos: list(r.get(5)?),
        },
        recent_of(last.as_deref()),
    ))
}

/// Minus the minutes since the epoch, so that ascending order is newest first;
/// 0 (after everyone seen) when never seen.
pub(super) fn recent_of(last: Option<&str>) -> i64 {
    last.and_then(crate::time::parse_instant)
        .map_or(0, |t| -(t.timestamp().div_euclid(60)))
}

/// Brings one person's keys up to date; a merged-away person loses theirs.
pub(super) fn refresh(tx: &Connection, petitioner_id: i64) -> Result<()> {
    let current = tx
        .prepare_cached(&format!(
            "{SOURCE} WHERE p.id = ?1 AND p.merged_into IS NULL"
        ))?
        .query_row([petitioner_id], source_row)
        .optional()?;
    let stored: Option<(i64, String)> = tx
        .prepare_cached("SELECT recent, keys FROM search_people WHERE petitioner_id = ?1")?
        .query_row([petitioner_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let encoded = current.as_ref().map(|(_, k, recent)| (*recent, k.encode()));
    if encoded == stored {
        return Ok(());
    }
    if let Some((recent, keys)) = stored {
        let mut delete = tx.prepare_cached(
            "DELETE FROM search_keys
             WHERE kind = ?1 AND key = ?2 AND rank = ?3 AND recent = ?4 AND petitioner_id = ?5",
        )?;
        for row in PersonKeys::decode(&keys).rows() {
            delete.execute(params![
                row.kind.code(),
                row.key,
                row.rank,
                recent,
                petitioner_id
            ])?;
        }
        tx.prepare_cached("DELETE FROM search_people WHERE petitioner_id = ?1")?
            .execute([petitioner_id])?;
    }
    if let Some((_, keys, recent)) = current {
        insert(tx, petitioner_id, &keys, recent, "search_keys")?;
    }
    Ok(())
}

pub(super) fn insert(
    tx: &Connection,
    id: i64,
    keys: &PersonKeys,
    recent: i64,
    table: &str,
) -> rusqlite::Result<()> {
    let mut stmt = tx.prepare_cached(&format!(
        "INSERT OR IGNORE INTO {table}(kind, key, rank, recent, petitioner_id) VALUES (?1, ?2, ?3, ?4, ?5)"
    ))?;
    for row in keys.rows() {
        stmt.execute(params![row.kind.code(), row.key, row.rank, recent, id])?;
    }
    tx.prepare_cached(
        "INSERT INTO search_people(petitioner_id, recent, keys) VALUES (?1, ?2, ?3)",
    )?
    .execute(params![id, recent, keys.encode()])?;
    Ok(())
}

/// What a connection goes back to once the transaction of a [`rebuild`] is over.
pub(super) const AFTER_REBUILD: &str = "PRAGMA temp_store = MEMORY";

/// Derives everyone's keys again. Rows go to a scratch table first and into the
/// index in its own order, which is many times faster than inserting them at random.
pub(super) fn rebuild(tx: &Connection) -> rusqlite::Result<usize> {
    open_scratch(tx)?;
    let mut people = 0;
    {
        let mut stmt = tx.prepare(&format!("{SOURCE} WHERE p.merged_into IS NULL"))?;
        let rows = stmt.query_map([], source_row)?;
        for row in rows {
            let (id, keys, recent) = row?;
            insert(tx, id, &keys, recent, "temp.search_scratch")?;
            people += 1;
        }
    }
    close_scratch(tx)?;
    Ok(people)
}

/// Empties the keys and opens the scratch table that [`insert`] fills (as
/// `temp.search_scratch`) until [`close_scratch`] sorts it into the index: a
/// rebuild, and a bulk fill that writes each stretch's keys with its rows.
pub(super) fn open_scratch(tx: &Connection) -> rusqlite::Result<()> {
    // A million people make 35 M key rows: sorted in memory they took 3.2 GB. In
    // temporary files SQLite sorts them in bounded memory. SQLite refuses the switch
    // once this transaction has used temporary storage; the rebuild then runs in
    // memory as before rather than fail. [`AFTER_REBUILD`] switches back.
    let _ = tx.execute_batch("PRAGMA temp_store = FILE");
    tx.execute_batch(
        "DELETE FROM search_keys; DELETE FROM search_people;
         CREATE TEMP TABLE IF NOT EXISTS search_scratch
            (kind INTEGER, key TEXT, rank INTEGER, recent INTEGER, petitioner_id INTEGER);
         DELETE FROM temp.search_scratch;",
    )
}

pub(super) fn close_scratch(tx: &Connection) -> rusqlite::Result<()> {
    open_sorted(tx)?;
    tx.execute_batch(
        "INSERT OR IGNORE INTO temp.search_sorted
             SELECT kind, key, rank, recent, petitioner_id FROM temp.search_scratch
             ORDER BY kind, key, rank, recent, petitioner_id;
         DROP TABLE temp.search_scratch;",
    )?;
    close_sorted(tx)
}

/// Opens `temp.search_sorted`, for rows in the index's order: [`close_sorted`]
/// copies it into the keys.
pub(super) fn open_sorted(tx: &Connection) -> rusqlite::Result<()> {
    tx.execute_batch(&format!(
        "CREATE TEMP TABLE IF NOT EXISTS search_sorted {SHAPE};
         DELETE FROM temp.search_sorted;"
    ))
}

pub(super) fn close_sorted(tx: &Connection) -> rusqlite::Result<()> {
    // Sorted, then copied whole: rows inserted into the index one by one, even in
    // order, leave its pages about three quarters full, while SQLite copies a table
    // into an empty one of the same shape page by page, full (its transfer
    // optimization): 12 % fewer pages.
    tx.execute_batch(
        "INSERT OR IGNORE INTO search_keys SELECT * FROM temp.search_sorted;
         DROP TABLE temp.search_sorted;",
    )
}

/// Reads the keys through this connection.
pub(super) struct SqlKeys<'a>(pub &'a Connection);

impl KeyReader for SqlKeys<'_> {
    type Error = StoreError;

    fn exact(
        &self,
        kind: KeyKind,
        key: &str,
        ranks: (i64, i64),
        visit: &mut dyn FnMut(KeyHit) -> bool,
    ) -> Result<()> {
        let mut stmt = self.0.prepare_cached(
            "SELECT petitioner_id, rank, recent FROM search_keys
             WHERE kind = ?1 AND key = ?2 AND rank BETWEEN ?3 AND ?4
             ORDER BY rank, recent, petitioner_id",
        )?;
        let mut rows = stmt.query(params![kind.code(), key, ranks.0, ranks.1])?;
        while let Some(r) = rows.next()? {
            let hit = KeyHit {
                petitioner_id: r.get(0)?,
                rank: r.get(1)?,
                recent: r.get(2)?,
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
        let mut stmt = self.0.prepare_cached(
            "SELECT key, petitioner_id, rank, recent FROM search_keys
             WHERE kind = ?1 AND key >= ?2 AND key < ?3 LIMIT ?4",
        )?;
        let rows = stmt.query_map(params![kind.code(), prefix, upper, cap as i64], |r| {
            Ok((
                r.get(0)?,
                KeyHit {
                    petitioner_id: r.get(1)?,
                    rank: r.get(2)?,
                    recent: r.get(3)?,
                },
            ))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn count(&self, kind: KeyKind, key: &str, bound: usize) -> Result<usize> {
        let n: i64 = self
            .0
            .prepare_cached(
                "SELECT count(*) FROM (SELECT 1 FROM search_keys WHERE kind = ?1 AND key = ?2 LIMIT ?3)",
            )?
            .query_row(params![kind.code(), key, bound as i64], |r| r.get(0))?;
        Ok(n as usize)
    }

    fn name(&self, id: i64) -> Result<Option<String>> {
        Ok(self
            .0
            .prepare_cached("SELECT name FROM petitioners WHERE id = ?1")?
            .query_row([id], |r| r.get(0))
            .optional()?)
    }

    fn numbers(&self, kind: KeyKind, id: i64) -> Result<Vec<String>> {
        let keys: Option<String> = self
            .0
            .prepare_cached("SELECT keys FROM search_people WHERE petitioner_id = ?1")?
            .query_row([id], |r| r.get(0))
            .optional()?;
        let keys = PersonKeys::decode(&keys.unwrap_or_default());
        Ok(match kind {
            KeyKind::CaseNo => keys.case_nos,
            _ => keys.letter_nos,
        })
    }

    fn most_recent(&self, limit: usize) -> Result<Vec<i64>> {
        let mut stmt = self.0.prepare_cached(
            "SELECT petitioner_id FROM search_people ORDER BY recent, petitioner_id LIMIT ?1",
        )?;
        let rows = stmt.query_map([limit as i64], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

impl SqliteStore {
    pub(super) fn lookup_page(&self, query: &str, limit: usize) -> Result<Page> {
        crate::search::lookup(&SqlKeys(self.conn()), query, limit)
    }

    pub(super) fn people_on_record(&self) -> Result<i64> {
        Ok(self.conn().query_row(
            "SELECT count(*) FROM petitioners WHERE merged_into IS NULL",
            [],
            |r| r.get(0),
        )?)
    }

    pub(super) fn highest_person_id(&self) -> Result<i64> {
        Ok(self
            .conn()
            .query_row("SELECT coalesce(max(id), 0) FROM petitioners", [], |r| {
                r.get(0)
            })?)
    }

    pub(super) fn person_identifiers(&self, id: i64) -> Result<Option<Identifiers>> {
        Ok(self
            .conn()
            .prepare_cached(
                "SELECT name, id_number, phone FROM petitioners WHERE id = ?1 AND merged_into IS NULL",
            )?
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .optional()?)
    }

    pub(super) fn names(&self) -> Result<Vec<String>> {
        let mut stmt = self
            .conn()
            .prepare("SELECT name FROM petitioners WHERE merged_into IS NULL")?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The tables and their index, as `dbstat` counts their pages.
    pub(super) fn search_keys_bytes(&self) -> Result<i64> {
        Ok(self.conn().query_row(
            "SELECT coalesce(sum(pgsize), 0) FROM dbstat
             WHERE name IN ('search_keys', 'search_people', 'search_people_recent')",
            [],
            |r| r.get(0),
        )?)
    }
}

#[cfg(test)]
#[path = "search_keys_tests.rs"]
mod tests;

//! The persisted search keys (DESIGN.md 1.5): every person's keys with their
//! prefixes in one index-ordered table, so that a lookup is a few index probes on the
//! file instead of loading everyone. Kept current inside the transaction of each write
//! that changes a key or the latest contact; rebuilt whole by the migration that adds
//! them and after a bulk fill.

use super::search_read::SqlKeys;
use super::{search_pending, SqliteStore};
use crate::search::{Page, PersonKeys};
use crate::store::error::Result;
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

/// Brings one person's keys up to date; a merged-away person loses theirs. The
/// index itself is written only when [`search_pending::CAP`] people already wait
/// for a fold; otherwise the person waits too (search_pending.rs).
pub(super) fn refresh(tx: &Connection, petitioner_id: i64) -> Result<()> {
    refresh_within(tx, petitioner_id, search_pending::CAP)
}

pub(super) fn refresh_within(tx: &Connection, petitioner_id: i64, cap: usize) -> Result<()> {
    let (current, indexed) = states(tx, petitioner_id)?;
    let now = current.as_ref().map(|(_, k, recent)| (*recent, k.encode()));
    let waiting = search_pending::stored(tx, petitioner_id)?;
    if now == indexed {
        if waiting.is_some() {
            search_pending::take(tx, petitioner_id)?;
        }
        return Ok(());
    }
    if waiting.is_some() || search_pending::waiting(tx)? < cap {
        if waiting.as_ref() != Some(&now) {
            search_pending::put(tx, petitioner_id, &now, waiting.is_none())?;
        }
        return Ok(());
    }
    write_index(tx, petitioner_id, indexed, current)
}

/// Writes one waiting person into the index, as they are now.
pub(super) fn fold(tx: &Connection, petitioner_id: i64) -> Result<()> {
    let (current, indexed) = states(tx, petitioner_id)?;
    let now = current.as_ref().map(|(_, k, recent)| (*recent, k.encode()));
    if now != indexed {
        write_index(tx, petitioner_id, indexed, current)?;
    }
    search_pending::take(tx, petitioner_id)
}

type Current = Option<(i64, PersonKeys, i64)>;

/// What a person's keys are derived from now, and what the index holds of them.
fn states(tx: &Connection, petitioner_id: i64) -> Result<(Current, search_pending::State)> {
    let current = tx
        .prepare_cached(&format!(
            "{SOURCE} WHERE p.id = ?1 AND p.merged_into IS NULL"
        ))?
        .query_row([petitioner_id], source_row)
        .optional()?;
    let indexed: Option<(i64, String)> = tx
        .prepare_cached("SELECT recent, keys FROM search_people WHERE petitioner_id = ?1")?
        .query_row([petitioner_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    Ok((current, indexed))
}

/// Takes the person's rows out of the index as `indexed` says they are, and puts
/// the rows of `current` in.
fn write_index(
    tx: &Connection,
    petitioner_id: i64,
    indexed: search_pending::State,
    current: Current,
) -> Result<()> {
    if let Some((recent, keys)) = indexed {
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

impl SqliteStore {
    /// One lookup, on one snapshot of the index and of the people waiting to be
    /// folded into it (search_read.rs).
    pub(super) fn lookup_page(&self, query: &str, limit: usize) -> Result<Page> {
        let conn = self.conn();
        let own = conn.is_autocommit();
        if own {
            conn.prepare_cached("BEGIN")?.execute([])?;
        }
        let page = (|| {
            let mut waiting = self.waiting.borrow_mut();
            waiting.refresh(conn)?;
            crate::search::lookup(&SqlKeys::new(conn, &waiting), query, limit)
        })();
        if own {
            conn.prepare_cached("COMMIT")?.execute([])?;
        }
        page
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
             WHERE name IN ('search_keys', 'search_people', 'search_people_recent', 'search_pending')",
            [],
            |r| r.get(0),
        )?)
    }
}

impl SqliteStore {
    /// Folds up to [`search_pending::FOLD_BATCH`] waiting people into the index in one short
    /// transaction of its own; true when more wait. Nothing inside a batch or a
    /// bulk fill, whose transaction is not ours to cut.
    pub(super) fn fold_search_keys(&mut self) -> Result<bool> {
        self.fold_some(search_pending::FOLD_BATCH)
    }

    fn fold_some(&mut self, batch: usize) -> Result<bool> {
        if !self.conn().is_autocommit() || self.bulk.is_some() {
            return Ok(false);
        }
        if search_pending::waiting(self.conn())? == 0 {
            return Ok(false);
        }
        self.write(|tx| {
            for id in search_pending::some(tx, batch)? {
                fold(tx, id)?;
            }
            Ok(search_pending::waiting(tx)? > 0)
        })
    }

    /// As a store that can write closes: with [`search_pending::FOLD_AT_CLOSE`] or more waiting,
    /// folds them all (best effort: what is left waits for the next).
    pub(super) fn fold_before_closing(&mut self) {
        let writable = !self.conn().is_readonly(rusqlite::MAIN_DB).unwrap_or(true);
        if !writable
            || !search_pending::waiting(self.conn())
                .is_ok_and(|n| n >= search_pending::FOLD_AT_CLOSE)
        {
            return;
        }
        // Bounded: other desks may keep adding people meanwhile.
        for _ in 0..=search_pending::CAP / search_pending::CLOSING_BATCH {
            if !matches!(self.fold_some(search_pending::CLOSING_BATCH), Ok(true)) {
                break;
            }
        }
    }
}

#[cfg(test)]
#[path = "search_keys_tests.rs"]
mod tests;

//! How the ledger is stored on a file (issue 9.5): what is hashed is unchanged (DESIGN.md
//! 1.7), only what is kept on file. An entry holds its table as a small number
//! (`ledger_tables`) and the row's hash, but not its chain hash: `verify` recomputes
//! the chain, which it did anyway to check it. Every [`MARK_EVERY`]th chain hash is
//! kept in `ledger_marks`, so that the hash at any entry — what an anchor `SEQ:HASH`
//! names — is recomputed from at most that many entries, and an edit of the ledger
//! is placed between two marks.

use super::ledger_hash::{entry_hash, GENESIS};
use rusqlite::{params, Connection, OptionalExtension};
use std::collections::HashMap;

/// Entries between two kept chain hashes; the same on both backends, so that a
/// record copied from one to the other keeps its marks.
pub(crate) const MARK_EVERY: i64 = 256;

/// The migration that converts a file's ledger to this storage. Its work is done in
/// [`convert`] (the runner calls it after this SQL), harmlessly again on a file
/// already converted.
pub(super) const MIGRATION: &str = "-- the leaner ledger: see ledger_store::convert\n";

/// The storage; `IF NOT EXISTS` so that it can run on a converted file again.
const STORAGE: &str = r#"
    -- One entry per change of one row: the row's hash after the change (NULL once
    -- the row is gone). `t` is the table's number in ledger_tables.
    CREATE TABLE IF NOT EXISTS ledger (
        seq      INTEGER PRIMARY KEY,
        t        INTEGER NOT NULL,
        k1       INTEGER NOT NULL,
        k2       INTEGER NOT NULL DEFAULT 0,
        outside  INTEGER NOT NULL DEFAULT 0,  -- 1: written by something else than jiedai
        row_hash BLOB
    ) STRICT;
    -- The newest entry of a row, for sealing and for verify's merge (the rowid,
    -- which is seq, is part of every index entry).
    CREATE INDEX IF NOT EXISTS ledger_row ON ledger(t, k1, k2);
    CREATE TABLE IF NOT EXISTS ledger_tables (
        code INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE
    ) STRICT;
    -- The chain hash of every MARK_EVERY-th entry.
    CREATE TABLE IF NOT EXISTS ledger_marks (
        seq  INTEGER PRIMARY KEY,
        hash BLOB NOT NULL
    ) STRICT;
    CREATE TRIGGER IF NOT EXISTS ledger_no_update BEFORE UPDATE ON ledger
    BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
    CREATE TRIGGER IF NOT EXISTS ledger_no_delete BEFORE DELETE ON ledger
    BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
    CREATE TRIGGER IF NOT EXISTS ledger_marks_no_update BEFORE UPDATE ON ledger_marks
    BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
    CREATE TRIGGER IF NOT EXISTS ledger_marks_no_delete BEFORE DELETE ON ledger_marks
    BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
    CREATE TRIGGER IF NOT EXISTS ledger_tables_no_update BEFORE UPDATE ON ledger_tables
    BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
    CREATE TRIGGER IF NOT EXISTS ledger_tables_no_delete BEFORE DELETE ON ledger_tables
    BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
"#;

/// Moves a ledger written with a table name and a chain hash in every entry into
/// [`STORAGE`]. The kept marks are the hashes the file held (not recomputed), so
/// an entry edited before the conversion still breaks the chain at its mark.
pub(super) fn convert(tx: &Connection) -> rusqlite::Result<()> {
    let older: bool = tx.query_row(
        "SELECT EXISTS(SELECT 1 FROM pragma_table_info('ledger') WHERE name = 'tbl')",
        [],
        |r| r.get(0),
    )?;
    if !older {
        return tx.execute_batch(STORAGE);
    }
    tx.execute_batch(&format!(
        "DROP TRIGGER IF EXISTS ledger_no_update;
         DROP TRIGGER IF EXISTS ledger_no_delete;
         DROP INDEX IF EXISTS ledger_row;
         ALTER TABLE ledger RENAME TO ledger_older;
         {STORAGE}
         INSERT INTO ledger_tables(name)
             SELECT tbl FROM ledger_older GROUP BY tbl ORDER BY count(*) DESC, tbl;
         DROP INDEX ledger_row;
         INSERT INTO ledger(seq, t, k1, k2, outside, row_hash)
             SELECT l.seq, n.code, l.k1, l.k2, l.outside, l.row_hash
             FROM ledger_older l JOIN ledger_tables n ON n.name = l.tbl ORDER BY l.seq;
         CREATE INDEX ledger_row ON ledger(t, k1, k2);
         INSERT INTO ledger_marks(seq, hash)
             SELECT seq, hash FROM ledger_older WHERE seq % {MARK_EVERY} = 0;
         DROP TABLE ledger_older;"
    ))
}

/// The chain hash at entry `seq`, recomputed from the mark at or before it; `None`
/// when the ledger does not reach `seq` whole (an entry missing, or a table number
/// it does not know).
pub(super) fn hash_at(conn: &Connection, seq: i64) -> rusqlite::Result<Option<[u8; 32]>> {
    let from: Option<(i64, Vec<u8>)> = conn
        .prepare_cached(
            "SELECT seq, hash FROM ledger_marks WHERE seq <= ?1 ORDER BY seq DESC LIMIT 1",
        )?
        .query_row([seq], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let from = match from {
        Some((at, hash)) => match <[u8; 32]>::try_from(hash.as_slice()) {
            Ok(hash) => (at, hash),
            Err(_) => return Ok(None),
        },
        None => (0, GENESIS),
    };
    let entries: Vec<StoredEntry> = conn
        .prepare_cached(
            "SELECT l.seq, n.name, l.k1, l.k2, l.outside, l.row_hash
             FROM ledger l LEFT JOIN ledger_tables n ON n.code = l.t
             WHERE l.seq > ?1 AND l.seq <= ?2 ORDER BY l.seq",
        )?
        .query_map(params![from.0, seq], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                (r.get(2)?, r.get(3)?),
                r.get(4)?,
                r.get(5)?,
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rechain(from, seq, entries))
}

/// The table numbers the ledger knows, with their names.
pub(super) fn table_names(conn: &Connection) -> rusqlite::Result<HashMap<i64, String>> {
    conn.prepare_cached("SELECT code, name FROM ledger_tables")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect()
}

/// The marks after entry `seq`, in order.
pub(super) fn marks_after(conn: &Connection, seq: i64) -> rusqlite::Result<Vec<(i64, Vec<u8>)>> {
    conn.prepare_cached("SELECT seq, hash FROM ledger_marks WHERE seq > ?1 ORDER BY seq")?
        .query_map([seq], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect()
}

/// The chain hash at entry `until`, recomputed from a mark (`from`, its hash)
/// over the entries after it (number, table name — `None` for a number the
/// ledger does not know —, key, outside, row hash), as either backend reads
/// them; `None` when they do not reach `until` whole.
pub(crate) fn rechain(
    (mut at, mut hash): (i64, [u8; 32]),
    until: i64,
    entries: impl IntoIterator<Item = StoredEntry>,
) -> Option<[u8; 32]> {
    for (next, name, (k1, k2), outside, row_hash) in entries {
        if next != at + 1 {
            return None;
        }
        hash = entry_hash(&hash, next, &name?, k1, k2, outside, row_hash.as_deref());
        at = next;
    }
    (at == until).then_some(hash)
}

/// An entry as stored, with its table's name looked up.
pub(crate) type StoredEntry = (i64, Option<String>, (i64, i64), bool, Option<Vec<u8>>);

#[cfg(test)]
#[path = "ledger_store_tests.rs"]
mod tests;

//! How the ledger is stored (issue 9.5): what is hashed is unchanged (DESIGN.md
//! 1.7), only what is kept on file. An entry holds its table as a small number
//! (`ledger_tables`) and the row's hash, but not its chain hash: `verify` recomputes
//! the chain, which it did anyway to check it. Every [`MARK_EVERY`]th chain hash is
//! kept in `ledger_marks`, so that the hash at any entry — what an anchor `SEQ:HASH`
//! names — is recomputed from at most that many entries, and an edit of the ledger
//! is placed between two marks.

use rusqlite::{params, Connection, OptionalExtension};
use sha2::{Digest, Sha256};

/// Entries between two kept chain hashes.
pub(super) const MARK_EVERY: i64 = 256;

/// The chain's start: the hash before the first entry.
pub(super) const GENESIS: [u8; 32] = [0; 32];

/// The chained hash of one entry.
pub(super) fn entry_hash(
    prev: &[u8],
    seq: i64,
    tbl: &str,
    k1: i64,
    k2: i64,
    outside: bool,
    row_hash: Option<&[u8]>,
) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(prev);
    h.update(seq.to_be_bytes());
    h.update(tbl.as_bytes());
    h.update([0]);
    h.update(k1.to_be_bytes());
    h.update(k2.to_be_bytes());
    h.update([u8::from(outside)]);
    if let Some(row) = row_hash {
        h.update(row);
    }
    h.finalize().into()
}

/// The migration that converts a file's ledger to this storage. Its work is done in
/// [`convert`] (the runner calls it after this SQL), harmlessly again on a file
/// already converted.
pub(super) const MIGRATION: &str = "-- the leaner ledger: see ledger_chain::convert\n";

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
    let (mut at, mut hash) = match from {
        Some((at, hash)) => match <[u8; 32]>::try_from(hash.as_slice()) {
            Ok(hash) => (at, hash),
            Err(_) => return Ok(None),
        },
        None => (0, GENESIS),
    };
    let mut stmt = conn.prepare_cached(
        "SELECT l.seq, n.name, l.k1, l.k2, l.outside, l.row_hash
         FROM ledger l LEFT JOIN ledger_tables n ON n.code = l.t
         WHERE l.seq > ?1 AND l.seq <= ?2 ORDER BY l.seq",
    )?;
    let mut rows = stmt.query(params![at, seq])?;
    while let Some(r) = rows.next()? {
        let next: i64 = r.get(0)?;
        let Some(name) = r.get::<_, Option<String>>(1)? else {
            return Ok(None);
        };
        if next != at + 1 {
            return Ok(None);
        }
        let row_hash: Option<Vec<u8>> = r.get(5)?;
        hash = entry_hash(
            &hash,
            next,
            &name,
            r.get(2)?,
            r.get(3)?,
            r.get(4)?,
            row_hash.as_deref(),
        );
        at = next;
    }
    Ok((at == seq).then_some(hash))
}

#[cfg(test)]
#[path = "ledger_chain_tests.rs"]
mod tests;

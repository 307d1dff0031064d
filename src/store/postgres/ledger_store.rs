//! How the ledger is stored on the server: as on a SQLite file
//! (`sqlite/ledger_store.rs`, issue 9.5), so that `migrate` and `backup` copy it
//! row for row. An entry holds its table as a small number (`ledger_tables`) and
//! the row's hash, not its chain hash; every `MARK_EVERY`th chain hash is kept in
//! `ledger_marks`. What is hashed is unchanged (DESIGN.md 1.7).

use crate::store::error::Result;
use crate::store::sqlite::ledger::GENESIS;
use crate::store::sqlite::ledger_store::{rechain, StoredEntry};
use postgres::GenericClient;
use std::collections::HashMap;

/// The migration that moves a ledger written with a table name and a chain hash
/// in every entry into this storage, in one statement list. The kept marks are
/// the hashes the server held (not recomputed), so an entry edited before the
/// conversion still breaks the chain at its mark, and every anchor taken before
/// still names the same hash. Tables are numbered by how many entries they have
/// (then by name), as the file's conversion numbers them.
/// (The mark interval is written out: it is `MARK_EVERY`, checked by a test.)
pub(super) const MIGRATION: &str = r#"
    DROP TRIGGER ledger_no_change ON ledger;
    DROP TRIGGER ledger_no_truncate ON ledger;
    DROP INDEX ledger_row;
    ALTER TABLE ledger RENAME TO ledger_older;
    ALTER INDEX ledger_pkey RENAME TO ledger_older_pkey;
    CREATE TABLE ledger_tables (
        code BIGINT PRIMARY KEY,
        name TEXT COLLATE "C" NOT NULL UNIQUE
    );
    INSERT INTO ledger_tables(code, name)
        SELECT row_number() OVER (ORDER BY count(*) DESC, tbl), tbl
        FROM ledger_older GROUP BY tbl;
    -- One entry per change of one row: the row's hash after the change (NULL once
    -- the row is gone). `t` is the table's number in ledger_tables. The 8-byte
    -- columns first: the server pads a row to each column's alignment.
    CREATE TABLE ledger (
        seq      BIGINT PRIMARY KEY,
        k1       BIGINT NOT NULL,
        k2       BIGINT NOT NULL DEFAULT 0,
        t        INTEGER NOT NULL,
        outside  BOOLEAN NOT NULL DEFAULT FALSE,  -- written by something else than jiedai
        row_hash BYTEA
    );
    INSERT INTO ledger(seq, k1, k2, t, outside, row_hash)
        SELECT l.seq, l.k1, l.k2, n.code, l.outside, l.row_hash
        FROM ledger_older l JOIN ledger_tables n ON n.name = l.tbl ORDER BY l.seq;
    CREATE INDEX ledger_row ON ledger(t, k1, k2, seq);
    -- The chain hash of every 256th entry (MARK_EVERY).
    CREATE TABLE ledger_marks (
        seq  BIGINT PRIMARY KEY,
        hash BYTEA NOT NULL
    );
    INSERT INTO ledger_marks(seq, hash)
        SELECT seq, hash FROM ledger_older WHERE seq % 256 = 0;
    DROP TABLE ledger_older;
    CREATE TRIGGER ledger_no_change BEFORE UPDATE OR DELETE ON ledger
        FOR EACH ROW EXECUTE FUNCTION jiedai_ledger_append_only();
    CREATE TRIGGER ledger_no_truncate BEFORE TRUNCATE ON ledger
        FOR EACH STATEMENT EXECUTE FUNCTION jiedai_ledger_append_only();
    CREATE TRIGGER ledger_marks_no_change BEFORE UPDATE OR DELETE ON ledger_marks
        FOR EACH ROW EXECUTE FUNCTION jiedai_ledger_append_only();
    CREATE TRIGGER ledger_marks_no_truncate BEFORE TRUNCATE ON ledger_marks
        FOR EACH STATEMENT EXECUTE FUNCTION jiedai_ledger_append_only();
    CREATE TRIGGER ledger_tables_no_change BEFORE UPDATE OR DELETE ON ledger_tables
        FOR EACH ROW EXECUTE FUNCTION jiedai_ledger_append_only();
    CREATE TRIGGER ledger_tables_no_truncate BEFORE TRUNCATE ON ledger_tables
        FOR EACH STATEMENT EXECUTE FUNCTION jiedai_ledger_append_only();
"#;

/// Whether the ledger is kept in this storage yet (before the migration that
/// converts it, it has no marks).
pub(super) fn converted<C: GenericClient>(c: &mut C) -> Result<bool> {
    Ok(
        c.query_one("SELECT to_regclass('ledger_marks') IS NOT NULL", &[])?
            .try_get(0)?,
    )
}

/// The chain hash at entry `seq`, recomputed from the mark at or before it; `None`
/// when the ledger does not reach `seq` whole.
pub(super) fn hash_at<C: GenericClient>(c: &mut C, seq: i64) -> Result<Option<[u8; 32]>> {
    let from = c
        .query_opt(
            "SELECT seq, hash FROM ledger_marks WHERE seq <= $1 ORDER BY seq DESC LIMIT 1",
            &[&seq],
        )?
        .map(|r| Ok::<_, postgres::Error>((r.try_get::<_, i64>(0)?, r.try_get::<_, Vec<u8>>(1)?)))
        .transpose()?;
    let from = match from {
        Some((at, hash)) => match <[u8; 32]>::try_from(hash.as_slice()) {
            Ok(hash) => (at, hash),
            Err(_) => return Ok(None),
        },
        None => (0, GENESIS),
    };
    let entries: Vec<StoredEntry> = c
        .query(
            "SELECT l.seq, n.name, l.k1, l.k2, l.outside, l.row_hash
             FROM ledger l LEFT JOIN ledger_tables n ON n.code = l.t
             WHERE l.seq > $1 AND l.seq <= $2 ORDER BY l.seq",
            &[&from.0, &seq],
        )?
        .iter()
        .map(|r| {
            Ok((
                r.try_get(0)?,
                r.try_get(1)?,
                (r.try_get(2)?, r.try_get(3)?),
                r.try_get(4)?,
                r.try_get(5)?,
            ))
        })
        .collect::<Result<_>>()?;
    Ok(rechain(from, seq, entries))
}

/// The table numbers the ledger knows, with their names.
pub(super) fn table_names<C: GenericClient>(c: &mut C) -> Result<HashMap<i64, String>> {
    c.query("SELECT code, name FROM ledger_tables", &[])?
        .iter()
        .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
        .collect()
}

/// The marks after entry `seq`, in order.
pub(super) fn marks_after<C: GenericClient>(c: &mut C, seq: i64) -> Result<Vec<(i64, Vec<u8>)>> {
    c.query(
        "SELECT seq, hash FROM ledger_marks WHERE seq > $1 ORDER BY seq",
        &[&seq],
    )?
    .iter()
    .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
    .collect()
}

/// Numbers for the tables `names` that have none yet (a table sealed for the
/// first time), taken after the highest: the caller holds the write lock.
pub(super) fn number_tables<C: GenericClient>(
    c: &mut C,
    names: &[&str],
) -> Result<HashMap<String, i64>> {
    c.execute(
        "INSERT INTO ledger_tables(code, name)
         SELECT (SELECT coalesce(max(code), 0) FROM ledger_tables) + row_number() OVER (ORDER BY n), n
         FROM unnest($1::text[]) AS n
         ON CONFLICT (name) DO NOTHING",
        &[&names],
    )?;
    c.query(
        "SELECT name, code FROM ledger_tables WHERE name = ANY($1)",
        &[&names],
    )?
    .iter()
    .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
    .collect()
}

/// The code of a table in the ledger, if it has one (a table never sealed has
/// none: it matches no entry).
pub(super) fn code_of<C: GenericClient>(c: &mut C, name: &str) -> Result<i64> {
    Ok(
        c.query_opt("SELECT code FROM ledger_tables WHERE name = $1", &[&name])?
            .map(|r| r.try_get::<_, i64>(0))
            .transpose()?
            .unwrap_or(-1),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::sqlite::ledger_store::MARK_EVERY;

    #[test]
    fn the_conversion_keeps_the_marks_the_file_keeps() {
        assert!(MIGRATION.contains(&format!("WHERE seq % {MARK_EVERY} = 0;")));
        assert!(MIGRATION.contains(&format!("every {MARK_EVERY}th entry")));
    }
}

#[cfg(test)]
#[path = "ledger_store_tests.rs"]
mod conversion_tests;

/// A fresh schema on the test server, for the adapter's other unit tests.
#[cfg(test)]
pub(super) use conversion_tests::record as test_record;

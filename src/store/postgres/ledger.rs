//! The ledger on the server: the same chain as on a SQLite file (DESIGN.md 1.7),
//! with the same tables, the same list of ledgered tables and the same hashes, so
//! a record copied from one backend to the other keeps its chain head.
//!
//! Triggers (plpgsql) on each table of `LEDGERED_TABLES` note the key of every
//! row written in `ledger_pending`; before a unit of work commits, [`seal`] hashes
//! the noted rows with the SQLite adapter's own encoding (`hash_column`, fed the
//! server's values as SQLite's storage classes) and appends one chained entry per
//! row that changed (`ledger_seal.rs`). The unit of work holds the record's write
//! lock, so entries are appended in one order with no gaps. How entries are kept
//! is `ledger_store.rs`, the same as on a file.

pub(super) use super::ledger_gather::current_hashes;
use super::ledger_keys::PgKey;
pub(super) use super::ledger_keys::{keys, Keys, PgCodec};
pub(super) use super::ledger_seal::{anchor, seal, seal_before_end};
use crate::store::error::Result;
use crate::store::sqlite::ledger::LEDGERED_TABLES;
use postgres::GenericClient;

/// The ledger's tables as first stored, as on SQLite (`outside` a BOOLEAN as every
/// flag here); converted by a later migration (`ledger_store::migration`).
pub(super) const SCHEMA: &str = r#"
    -- One entry per change of one row: the hash of the row's content after the
    -- change (NULL once the row is gone), chained to the entry before.
    CREATE TABLE ledger (
        seq      BIGINT PRIMARY KEY,
        tbl      TEXT COLLATE "C" NOT NULL,
        k1       BIGINT NOT NULL,
        k2       BIGINT NOT NULL DEFAULT 0,
        outside  BOOLEAN NOT NULL DEFAULT FALSE,  -- written by something else than jiedai
        row_hash BYTEA,
        hash     BYTEA NOT NULL
    );
    CREATE INDEX ledger_row ON ledger(tbl, k1, k2, seq);
    CREATE FUNCTION jiedai_ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION 'the ledger is append-only'; END $$;
    CREATE TRIGGER ledger_no_change BEFORE UPDATE OR DELETE ON ledger
        FOR EACH ROW EXECUTE FUNCTION jiedai_ledger_append_only();
    CREATE TRIGGER ledger_no_truncate BEFORE TRUNCATE ON ledger
        FOR EACH STATEMENT EXECUTE FUNCTION jiedai_ledger_append_only();

    -- Rows written in the open transaction and not sealed yet. Empty between
    -- transactions of jiedai: anything left here was written by another program.
    CREATE TABLE ledger_pending (
        tbl TEXT COLLATE "C" NOT NULL,
        k1  BIGINT NOT NULL,
        k2  BIGINT NOT NULL DEFAULT 0,
        PRIMARY KEY (tbl, k1, k2)
    );
"#;

/// Whether the record has a ledger yet (before its migration it has not).
pub(super) fn present<C: GenericClient>(c: &mut C) -> Result<bool> {
    Ok(
        c.query_one("SELECT to_regclass('ledger') IS NOT NULL", &[])?
            .try_get(0)?,
    )
}

/// The columns of every ledgered table with their types, to see which ones a
/// migration changed.
pub(super) fn shapes<C: GenericClient>(c: &mut C) -> Result<Vec<(&'static str, String)>> {
    LEDGERED_TABLES
        .iter()
        .map(|t| {
            let cols: Option<String> = c
                .query_one(
                    "SELECT string_agg(attname || ' ' || format_type(atttypid, atttypmod), ','
                                       ORDER BY attnum)
                     FROM pg_attribute
                     WHERE attrelid = to_regclass($1) AND attnum > 0 AND NOT attisdropped",
                    &[&t.name],
                )?
                .try_get(0)?;
            Ok((t.name, cols.unwrap_or_default()))
        })
        .collect()
}

/// After a migration: every ledgered table gets its triggers, the rows of a table
/// new to the ledger (or reshaped by the migration) are noted, and all is sealed
/// in the migration's transaction. Returns false, having done nothing, while the
/// ledger is not there yet or not in this program's storage (the steps between
/// its creation and its conversion leave their writes noted for the conversion's
/// step to seal).
pub(super) fn after_migration<C: GenericClient>(
    c: &mut C,
    before: &[(&'static str, String)],
) -> Result<bool> {
    if !present(c)? || !super::ledger_store::converted(c)? {
        return Ok(false);
    }
    let after = shapes(c)?;
    let reshaped: Vec<&str> = after
        .iter()
        .filter(|shape| !before.contains(shape))
        .map(|(name, _)| *name)
        .collect();
    let keys = keys(c)?;
    install(c, &keys, &reshaped)?;
    super::ledger_seal::seal(c, &keys, false)?;
    Ok(true)
}

/// The plpgsql that notes a table's written rows, and the three triggers (named
/// as on SQLite) that run it; a trigger that exists is left as it is.
fn trigger_sql(name: &str, key: &PgKey, missing: &[String]) -> String {
    let note = |row: &str| {
        let (k1, k2) = key.of(row);
        format!(
            "INSERT INTO ledger_pending(tbl, k1, k2) VALUES ('{name}', {k1}, {k2}) ON CONFLICT DO NOTHING;"
        )
    };
    let mut sql = format!(
        "CREATE OR REPLACE FUNCTION jiedai_ledger_note_{name}() RETURNS trigger LANGUAGE plpgsql AS $f$
         BEGIN
             IF TG_OP <> 'INSERT' THEN {old} END IF;
             IF TG_OP <> 'DELETE' THEN {new} END IF;
             RETURN NULL;
         END $f$;",
        old = note("OLD"),
        new = note("NEW"),
    );
    for trigger in missing {
        let op = trigger.split('_').nth(1).unwrap_or("insert").to_uppercase();
        sql.push_str(&format!(
            "CREATE TRIGGER {trigger} AFTER {op} ON \"{name}\"
             FOR EACH ROW EXECUTE FUNCTION jiedai_ledger_note_{name}();"
        ));
    }
    sql
}

/// Creates the missing triggers of every ledgered table, and notes every row of a
/// table that had none (new to the list, or created by a migration) or that a
/// migration reshaped, so that [`seal`] takes them in.
fn install<C: GenericClient>(c: &mut C, keys: &Keys, reshaped: &[&str]) -> Result<()> {
    for (&name, key) in keys {
        let Some(t) = crate::store::sqlite::ledger::table(name) else {
            continue;
        };
        let mut missing = Vec::new();
        for trigger in t.triggers() {
            let has: bool = c
                .query_one(
                    "SELECT EXISTS(SELECT 1 FROM pg_trigger
                                   WHERE tgrelid = to_regclass($1) AND tgname = $2)",
                    &[&name, &trigger],
                )?
                .try_get(0)?;
            if !has {
                missing.push(trigger);
            }
        }
        let new_to_ledger = missing.len() == 3;
        c.batch_execute(&trigger_sql(name, key, &missing))?;
        if new_to_ledger || reshaped.contains(&name) {
            c.execute(
                &format!(
                    "INSERT INTO ledger_pending(tbl, k1, k2) SELECT $1, {} FROM \"{name}\" t
                     ON CONFLICT DO NOTHING",
                    key.pair()
                ),
                &[&name],
            )?;
            // Rows the ledger holds that are gone now.
            c.execute(
                "INSERT INTO ledger_pending(tbl, k1, k2)
                 SELECT DISTINCT $1, k1, k2 FROM ledger
                 WHERE t = (SELECT code FROM ledger_tables WHERE name = $1)
                 ON CONFLICT DO NOTHING",
                &[&name],
            )?;
        }
    }
    Ok(())
}

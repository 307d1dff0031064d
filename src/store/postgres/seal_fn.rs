//! The ledger's seal as a server function, so that a unit of work seals in the
//! round trip of its COMMIT instead of seven of its own.
//!
//! `jiedai_ledger_seal(outside)` does what the seal did from the client: it reads
//! the noted keys with each row's newest entry and the head, hashes each noted
//! row on the server, appends one chained entry per row whose content differs
//! from what the ledger holds (in SQLite's order: table name byte by byte, then
//! key), a mark every `MARK_EVERY`th entry, clears exactly the keys it read and
//! records the head. What is hashed is the shared definition
//! (`sqlite/ledger_hash.rs`), written out in SQL: a row's columns in order of
//! name, each `name NUL tag value` (integers as `int8send`, reals as
//! `float8send`, text as its UTF-8 bytes after their length, NULLs left out),
//! and each entry chained as `entry_hash` chains it. The function's text is
//! generated from the catalog after every migration (a reshaped table gets its
//! new columns hashed), and `verify` still recomputes every hash in Rust
//! (`PgCodec`), so a server that hashed otherwise would be caught at once.

use super::ledger_keys::Keys;
use crate::store::error::{Result, StoreError};
use crate::store::sqlite::ledger::{hex, GENESIS};
use crate::store::sqlite::ledger_store::MARK_EVERY;
use postgres::GenericClient;
use std::collections::BTreeMap;

/// The schema step that brings the seal function to a record made before it:
/// nothing but the step, after which the runner (`ledger::after_migration`)
/// creates the function, as after every step.
pub(super) const MIGRATION: &str = "-- the seal function: made by the runner";

/// The seal of the rows the unit of work wrote, and its commit: one round trip.
/// A failing seal stops the rest of the message, so the COMMIT never runs then.
pub(super) const SEAL_AND_COMMIT: &str = "SELECT jiedai_ledger_seal(false);\nCOMMIT";

/// The seal of rows another program wrote (noted before the unit of work's first
/// write), sent in the unit's first round trip, after its lock.
pub(super) const SEAL_OUTSIDE: &str = "SELECT jiedai_ledger_seal(true)";

/// Seals the noted rows in one statement; returns the number of entries added.
pub(super) fn seal<C: GenericClient>(c: &mut C, outside: bool) -> Result<usize> {
    let added: i64 = super::prepared::run(c, "SELECT jiedai_ledger_seal($1)", |c, st| {
        c.query_one(st, &[&outside])
    })?
    .try_get(0)?;
    Ok(usize::try_from(added).unwrap_or(0))
}

/// (Re)creates the seal function for the ledgered tables the record holds now,
/// with their columns as the catalog has them.
pub(super) fn install<C: GenericClient>(c: &mut C, keys: &Keys) -> Result<()> {
    let mut columns: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    for r in c.query(
        "SELECT cl.relname::text, a.attname::text, t.typname::text
         FROM pg_attribute a
         JOIN pg_class cl ON cl.oid = a.attrelid
         JOIN pg_type t ON t.oid = a.atttypid
         WHERE cl.relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema())
           AND cl.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped",
        &[],
    )? {
        columns
            .entry(r.try_get(0)?)
            .or_default()
            .push((r.try_get(1)?, r.try_get(2)?));
    }
    let mut branches = Vec::new();
    for (&name, key) in keys {
        let cols = columns.get(name).map_or(&[][..], Vec::as_slice);
        branches.push(format!(
            "SELECT q.tbl, q.k1, q.k2,
                    CASE WHEN {found} THEN {hash} END AS row_now
             FROM unnest(tbls, k1s, k2s) AS q(tbl, k1, k2)
             LEFT JOIN {table} t ON {on}
             WHERE q.tbl = '{name}'",
            found = key.found(),
            hash = row_hash_sql(name, cols)?,
            table = ident(name),
            on = key.matches_pending("q"),
        ));
    }
    if branches.is_empty() {
        // No ledgered table yet: every noted key is cleared, none sealed.
        branches
            .push("SELECT NULL::text, NULL::bigint, NULL::bigint, NULL::bytea WHERE false".into());
    }
    c.batch_execute(&function_sql(
        &branches.join("\n             UNION ALL\n             "),
    ))?;
    Ok(())
}

/// The SQL expression of the row `t`'s hash, from its columns (name, type name):
/// the bytes `hash_column` feeds the hasher for each, in order of name.
pub(super) fn row_hash_sql(table: &str, columns: &[(String, String)]) -> Result<String> {
    let mut sorted: Vec<&(String, String)> = columns.iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    let mut parts = Vec::with_capacity(sorted.len());
    for (name, ty) in sorted {
        let col = format!("t.{}", ident(name));
        let (tag, value) = match ty.as_str() {
            "bool" => ('i', format!("int8send({col}::int::bigint)")),
            "int2" | "int4" | "int8" => ('i', format!("int8send({col}::bigint)")),
            "float8" => ('r', format!("float8send({col})")),
            "text" | "varchar" | "name" => ('t', format!("convert_to({col}::text, 'UTF8')")),
            // As the client reads it: with its padding (a cast to text drops it).
            "bpchar" => ('t', format!("convert_to(textin(bpcharout({col})), 'UTF8')")),
            "bytea" => ('b', col.clone()),
            _ => {
                return Err(StoreError::Backend(format!(
                    "the ledger cannot hash column {name} of {table}, of type {ty}: a ledgered \
                     table holds only what SQLite stores (BIGINT, BOOLEAN, DOUBLE PRECISION, \
                     TEXT, BYTEA)"
                )))
            }
        };
        let mut prefix = name.as_bytes().to_vec();
        prefix.extend([0, tag as u8]);
        let bytes = match tag {
            't' | 'b' => format!("int8send(octet_length({value})::bigint) || {value}"),
            _ => value,
        };
        // NULL in, NULL out: a NULL column adds nothing.
        parts.push(format!(
            "coalesce('\\x{}'::bytea || {bytes}, '\\x'::bytea)",
            hex(&prefix)
        ));
    }
    if parts.is_empty() {
        return Ok("sha256('\\x'::bytea)".into());
    }
    Ok(format!(
        "sha256({})",
        parts.join("\n                    || ")
    ))
}

/// A name as an SQL identifier.
fn ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// The seal function around `branches`: the noted keys `q` of each ledgered
/// table with the row's hash now (`row_now`, NULL when the row is gone).
fn function_sql(branches: &str) -> String {
    let genesis = hex(&GENESIS);
    format!(
        r#"
CREATE OR REPLACE FUNCTION jiedai_ledger_link(prev bytea, seq bigint, tbl text, k1 bigint,
                                              k2 bigint, outside boolean, row_hash bytea)
RETURNS bytea LANGUAGE sql IMMUTABLE AS $l$
    SELECT sha256(prev || int8send(seq) || convert_to(tbl, 'UTF8') || '\x00'::bytea
                  || int8send(k1) || int8send(k2)
                  || CASE WHEN outside THEN '\x01'::bytea ELSE '\x00'::bytea END
                  || coalesce(row_hash, '\x'::bytea))
$l$;

-- The chain hash at entry `newest`, recomputed from the mark at or before it
-- (as `ledger_store::hash_at`); empty when the ledger does not reach it whole.
CREATE OR REPLACE FUNCTION jiedai_ledger_hash_at(newest bigint) RETURNS bytea
LANGUAGE plpgsql STABLE AS $h$
DECLARE
    last_seq bigint;
    prev bytea;
    e record;
BEGIN
    SELECT m.seq, m.hash INTO last_seq, prev FROM ledger_marks m
    WHERE m.seq <= newest ORDER BY m.seq DESC LIMIT 1;
    IF NOT FOUND THEN
        last_seq := 0;
        prev := '\x{genesis}'::bytea;
    END IF;
    IF length(prev) <> 32 THEN
        RETURN '\x'::bytea;
    END IF;
    FOR e IN SELECT l.seq, n.name, l.k1, l.k2, l.outside, l.row_hash
             FROM ledger l LEFT JOIN ledger_tables n ON n.code = l.t
             WHERE l.seq > last_seq AND l.seq <= newest ORDER BY l.seq LOOP
        IF e.seq <> last_seq + 1 OR e.name IS NULL THEN
            RETURN '\x'::bytea;
        END IF;
        prev := jiedai_ledger_link(prev, e.seq, e.name, e.k1, e.k2, e.outside, e.row_hash);
        last_seq := e.seq;
    END LOOP;
    IF last_seq <> newest THEN
        RETURN '\x'::bytea;
    END IF;
    RETURN prev;
END $h$;

-- Seals the rows noted in ledger_pending (see seal_fn.rs); the caller holds the
-- record's write lock. Returns the number of entries appended.
CREATE OR REPLACE FUNCTION jiedai_ledger_seal(outside boolean) RETURNS bigint
LANGUAGE plpgsql AS $s$
DECLARE
    p record;
    code bigint;
    head_seq bigint;
    prev bytea;
    newest bigint;
    recorded text;
    tbls text[];
    k1s bigint[];
    k2s bigint[];
    e_seq bigint[] := '{{}}';
    e_t bigint[] := '{{}}';
    e_k1 bigint[] := '{{}}';
    e_k2 bigint[] := '{{}}';
    e_row bytea[] := '{{}}';
    m_seq bigint[] := '{{}}';
    m_hash bytea[] := '{{}}';
BEGIN
    -- Exactly the keys noted now are taken: a row another program notes
    -- meanwhile, outside the lock, waits for the next seal instead of vanishing.
    WITH taken AS (DELETE FROM ledger_pending RETURNING tbl, k1, k2)
    SELECT array_agg(tbl), array_agg(k1), array_agg(k2) INTO tbls, k1s, k2s FROM taken;
    IF tbls IS NULL THEN
        RETURN 0;
    END IF;
    -- The head: the recorded one when it names the newest entry.
    SELECT max(l.seq) INTO newest FROM ledger l;
    SELECT m.value INTO recorded FROM meta m WHERE m.key = 'ledger_head';
    IF newest IS NULL OR newest <= 0 THEN
        head_seq := 0;
        prev := '\x{genesis}'::bytea;
    ELSIF recorded ~ '^[0-9]+:([0-9a-fA-F]{{2}})*$'
          AND split_part(recorded, ':', 1)::numeric = newest THEN
        head_seq := newest;
        prev := decode(split_part(recorded, ':', 2), 'hex');
    ELSE
        head_seq := newest;
        prev := jiedai_ledger_hash_at(newest);
    END IF;
    -- Each noted row of a ledgered table whose content differs from what the
    -- ledger holds of it (NULL: gone), in SQLite's order.
    FOR p IN
        SELECT q.tbl, n.code, q.k1, q.k2, q.row_now
        FROM ({branches}) AS q
        LEFT JOIN ledger_tables n ON n.name = q.tbl
        LEFT JOIN LATERAL (SELECT l.seq, l.row_hash FROM ledger l
                           WHERE l.t = n.code AND l.k1 = q.k1 AND l.k2 = q.k2
                           ORDER BY l.seq DESC LIMIT 1) h ON TRUE
        WHERE CASE WHEN h.seq IS NULL THEN q.row_now IS NOT NULL
                   ELSE h.row_hash IS DISTINCT FROM q.row_now END
        ORDER BY q.tbl COLLATE "C", q.k1, q.k2
    LOOP
        head_seq := head_seq + 1;
        prev := jiedai_ledger_link(prev, head_seq, p.tbl, p.k1, p.k2, outside, p.row_now);
        code := p.code;
        IF code IS NULL THEN
            -- A table gets its number with its first entry, after the highest.
            INSERT INTO ledger_tables(code, name)
            SELECT coalesce(max(n.code), 0) + 1, p.tbl FROM ledger_tables n
            ON CONFLICT (name) DO NOTHING;
            SELECT n.code INTO code FROM ledger_tables n WHERE n.name = p.tbl;
        END IF;
        e_seq := array_append(e_seq, head_seq);
        e_t := array_append(e_t, code);
        e_k1 := array_append(e_k1, p.k1);
        e_k2 := array_append(e_k2, p.k2);
        e_row := array_append(e_row, p.row_now);
        IF head_seq % {MARK_EVERY} = 0 THEN
            m_seq := array_append(m_seq, head_seq);
            m_hash := array_append(m_hash, prev);
        END IF;
    END LOOP;
    INSERT INTO ledger(seq, t, k1, k2, outside, row_hash)
    SELECT s, t, a, b, outside, r FROM unnest(e_seq, e_t, e_k1, e_k2, e_row) AS e(s, t, a, b, r);
    INSERT INTO ledger_marks(seq, hash) SELECT * FROM unnest(m_seq, m_hash);
    -- Recorded apart from the chain, so that cutting the newest entries is noticed.
    INSERT INTO meta(key, value) VALUES ('ledger_head', head_seq || ':' || encode(prev, 'hex'))
    ON CONFLICT (key) DO UPDATE SET value = excluded.value;
    RETURN cardinality(e_seq);
END $s$;
"#
    )
}

#[cfg(test)]
#[path = "seal_fn_tests.rs"]
mod tests;

//! How the ledger names and hashes a ledgered table's rows on the server: the
//! key columns behind its two integers, read from the catalog once on open, and
//! the row's hash with SQLite's encoding (`hash_column`), each value handed over
//! as the storage class SQLite keeps it in.

use crate::store::error::{Result, StoreError};
use crate::store::sqlite::ledger::{hash_column, Key, LEDGERED_TABLES};
use postgres::types::Type;
use postgres::{Column, GenericClient, Row};
use rusqlite::types::ValueRef;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap};

/// The columns behind a ledgered table's two key integers on the server: the
/// pair of a two-column key, or the single-column primary key that SQLite's rowid
/// is (every rowid table there has an `INTEGER PRIMARY KEY`), with 0 beside it.
#[derive(Debug, Clone)]
pub(super) struct PgKey {
    k1: String,
    k2: Option<String>,
}

impl PgKey {
    /// The key as two BIGINT expressions over the row `alias` (`NEW`, `t`, …).
    pub(super) fn of(&self, alias: &str) -> (String, String) {
        let k1 = format!("{alias}.\"{}\"::bigint", self.k1);
        let k2 = self.k2.as_ref().map_or_else(
            || "0::bigint".into(),
            |b| format!("{alias}.\"{b}\"::bigint"),
        );
        (k1, k2)
    }

    /// The join of a table `t` to the ledger's latest entries `l` (or the pending
    /// keys `p`) on the key.
    /// A rowid table's entries all have 0 as their second integer: joining on the
    /// first alone keeps the join one the server can run as a FULL JOIN.
    pub(super) fn joins(&self, other: &str) -> String {
        let (k1, k2) = self.of("t");
        match self.k2 {
            Some(_) => format!("{k1} = {other}.k1 AND {k2} = {other}.k2"),
            None => format!("{k1} = {other}.k1"),
        }
    }

    /// The key of the row `t` as two columns.
    pub(super) fn pair(&self) -> String {
        let (k1, k2) = self.of("t");
        format!("{k1}, {k2}")
    }

    /// The row of table `name` (as `alias`) that the noted key `p` names, as a
    /// LEFT JOIN's condition: for a key of another table the looked-up key is
    /// NULL, which the index answers without a descent.
    pub(super) fn probe(&self, name: &str, alias: &str, p: &str) -> String {
        let col = |c: &str| format!("{alias}.\"{c}\"");
        match &self.k2 {
            Some(b) => format!(
                "{} = CASE WHEN {p}.tbl = '{name}' THEN {p}.k1 END AND {} = {p}.k2",
                col(&self.k1),
                col(b)
            ),
            None => format!(
                "{} = CASE WHEN {p}.tbl = '{name}' AND {p}.k2 = 0 THEN {p}.k1 END",
                col(&self.k1)
            ),
        }
    }

    /// Whether the row `alias` of a LEFT JOIN was found (its key is never NULL).
    pub(super) fn found(&self, alias: &str) -> String {
        format!("{alias}.\"{}\" IS NOT NULL", self.k1)
    }

    /// The key columns first, then the whole row: what the codec reads at offset 2.
    pub(super) fn select(&self) -> String {
        format!("{}, t.*", self.pair())
    }
}

/// The ledgered tables the record holds, by name, with their keys.
pub(super) type Keys = BTreeMap<&'static str, PgKey>;

/// Reads from the catalog which ledgered tables exist in the record's schema and
/// the column behind each one's rowid.
pub(super) fn keys<C: GenericClient>(c: &mut C) -> Result<Keys> {
    let mut single: HashMap<String, String> = HashMap::new();
    for r in c.query(
        "SELECT cl.relname::text, a.attname::text
         FROM pg_index i
         JOIN pg_class cl ON cl.oid = i.indrelid
         JOIN pg_attribute a ON a.attrelid = cl.oid AND a.attnum = i.indkey[0]
         WHERE i.indisprimary AND i.indnatts = 1
           AND cl.relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema())",
        &[],
    )? {
        single.insert(r.try_get(0)?, r.try_get(1)?);
    }
    let tables: Vec<String> = c
        .query(
            "SELECT relname::text FROM pg_class WHERE relkind IN ('r', 'p')
               AND relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema())",
            &[],
        )?
        .iter()
        .map(|r| r.try_get(0))
        .collect::<std::result::Result<_, _>>()?;
    let mut keys = Keys::new();
    for t in LEDGERED_TABLES {
        if !tables.iter().any(|name| name == t.name) {
            continue;
        }
        let key = match t.key {
            Key::Pair(a, b) => PgKey {
                k1: a.into(),
                k2: Some(b.into()),
            },
            Key::RowId => PgKey {
                k1: single.get(t.name).cloned().ok_or_else(|| {
                    StoreError::Backend(format!(
                        "{} has no single-column primary key: the ledger cannot name its rows",
                        t.name
                    ))
                })?,
                k2: None,
            },
        };
        keys.insert(t.name, key);
    }
    Ok(keys)
}

/// A table's columns in canonical order (by name), to hash its rows as SQLite
/// does.
pub(super) struct PgCodec {
    order: Vec<(usize, String)>,
}

impl PgCodec {
    /// `offset` columns (the key) come first in the row and are not content.
    pub(super) fn of(columns: &[Column], offset: usize) -> PgCodec {
        PgCodec::of_range(columns, offset, columns.len().saturating_sub(offset))
    }

    /// The `len` columns from `offset` on are one table's row (a row of several
    /// tables side by side).
    pub(super) fn of_range(columns: &[Column], offset: usize, len: usize) -> PgCodec {
        let mut order: Vec<(usize, String)> = columns
            .iter()
            .enumerate()
            .skip(offset)
            .take(len)
            .map(|(i, c)| (i, c.name().to_string()))
            .collect();
        order.sort_by(|a, b| a.1.cmp(&b.1));
        PgCodec { order }
    }

    /// The row's hash: each value handed to the shared encoding as the storage
    /// class SQLite keeps it in (a BOOLEAN is the integer 0 or 1 there).
    pub(super) fn hash(&self, row: &Row) -> Result<[u8; 32]> {
        let mut h = Sha256::new();
        for (i, name) in &self.order {
            let ty = row.columns()[*i].type_();
            let int = |v: Option<i64>| v.map_or(ValueRef::Null, ValueRef::Integer);
            let value = match *ty {
                Type::BOOL => int(row.try_get::<_, Option<bool>>(*i)?.map(i64::from)),
                Type::INT2 => int(row.try_get::<_, Option<i16>>(*i)?.map(i64::from)),
                Type::INT4 => int(row.try_get::<_, Option<i32>>(*i)?.map(i64::from)),
                Type::INT8 => int(row.try_get::<_, Option<i64>>(*i)?),
                Type::FLOAT8 => row
                    .try_get::<_, Option<f64>>(*i)?
                    .map_or(ValueRef::Null, ValueRef::Real),
                Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::NAME => row
                    .try_get::<_, Option<&str>>(*i)?
                    .map_or(ValueRef::Null, |t| ValueRef::Text(t.as_bytes())),
                Type::BYTEA => row
                    .try_get::<_, Option<&[u8]>>(*i)?
                    .map_or(ValueRef::Null, ValueRef::Blob),
                _ => {
                    return Err(StoreError::Backend(format!(
                        "the ledger cannot hash column {name} of type {ty}: a ledgered table \
                         holds only what SQLite stores (BIGINT, BOOLEAN, DOUBLE PRECISION, TEXT, BYTEA)"
                    )))
                }
            };
            hash_column(&mut h, name, value);
        }
        Ok(h.finalize().into())
    }
}

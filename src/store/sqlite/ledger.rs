//! The ledger: every write to a table that holds the record is hashed into one
//! SHA-256 chain, so that `verify` can recompute the current state of every such
//! table and name the first row that differs (DESIGN.md 1.7).
//!
//! Triggers on each table of [`LEDGERED_TABLES`] note the key of every row written
//! in `ledger_pending`; before the transaction commits, `ledger_seal::seal` hashes the current
//! content of each noted row and appends one chained entry per row that changed.
//! Putting a new table under the chain is one line in that list: the migration
//! runner (re)creates the triggers and seals the rows already there. How entries
//! are kept on file (a table number, no chain hash, a mark every so often) is
//! `ledger_store.rs`.

pub(crate) use super::ledger_hash::{
    encode_column, entry_hash, hash_column, hex, hex_onto, GENESIS,
};
use super::ledger_store as store;
use super::scan::Cells;
use crate::domain::anchor::Anchor;
use crate::store::error::Result;
use rusqlite::{Connection, OptionalExtension};
use sha2::{Digest, Sha256};

/// How a ledgered table's rows are named in the ledger: two integers, stable for
/// the row's life.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Key {
    /// The rowid (an `INTEGER PRIMARY KEY`, so `VACUUM` never renumbers it).
    RowId,
    /// A `WITHOUT ROWID` table's two integer primary-key columns.
    Pair(&'static str, &'static str),
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct Ledgered {
    pub name: &'static str,
    pub key: Key,
}

const fn rowid(name: &'static str) -> Ledgered {
    Ledgered {
        name,
        key: Key::RowId,
    }
}

/// Every table that holds the record. Adding a table here is all it takes to put it
/// under the chain. Left out on purpose, because they are derived or bookkeeping and
/// the program rebuilds or checks them from the tables below: `search_keys` and
/// `search_people` (rebuilt from petitioners, cases and contacts), `counters` (the
/// next number to hand out; a number handed out twice is refused by the UNIQUE
/// constraints of cases and contacts), `meta` (holds the chain heads themselves),
/// and the ledger's own tables.
pub(crate) const LEDGERED_TABLES: &[Ledgered] = &[
    rowid("officers"),
    rowid("units"),
    rowid("categories"),
    rowid("petitioners"),
    rowid("cases"),
    Ledgered {
        name: "case_petitioners",
        key: Key::Pair("case_id", "petitioner_id"),
    },
    rowid("contacts"),
    rowid("events"),
    rowid("shifts"),
    rowid("audit"),
    // The leaders' registers (leaders.rs).
    rowid("baoan"),
    rowid("baoan_log"),
    rowid("baoan_hits"),
    rowid("receptions"),
    rowid("reception_visits"),
    rowid("reception_bookings"),
    rowid("supervisions"),
    // The risk registers (risk.rs). Their division list is left out: it is the
    // office's reference list, loaded whole from a file and checked on load.
    rowid("screening_rounds"),
    rowid("screening_items"),
    Ledgered {
        name: "screening_item_people",
        key: Key::Pair("item_id", "petitioner_id"),
    },
    rowid("contact_risk"),
    rowid("plans"),
    rowid("plan_log"),
    // The life of a matter (matters.rs): its terms from above, merged duplicates.
    rowid("case_upper"),
    rowid("case_merges"),
    // 满意度评价 and 回访 (ratings.rs).
    rowid("ratings"),
    rowid("follow_ups"),
];

pub(crate) fn table(name: &str) -> Option<Ledgered> {
    LEDGERED_TABLES.iter().copied().find(|t| t.name == name)
}

/// The ledger's tables as first stored (each entry with its table's name and its
/// chain hash); created by the migration that introduced them, and converted by a
/// later one (`ledger_store::convert`). Written to run again harmlessly on a file
/// whose version number was set back.
pub(super) const SCHEMA: &str = r#"
    -- One entry per change of one row: the hash of the row's content after the
    -- change (NULL once the row is gone), chained to the entry before.
    CREATE TABLE IF NOT EXISTS ledger (
        seq      INTEGER PRIMARY KEY,
        tbl      TEXT NOT NULL,
        k1       INTEGER NOT NULL,
        k2       INTEGER NOT NULL DEFAULT 0,
        outside  INTEGER NOT NULL DEFAULT 0,  -- 1: written by something else than jiedai
        row_hash BLOB,
        hash     BLOB NOT NULL
    ) STRICT;
    CREATE INDEX IF NOT EXISTS ledger_row ON ledger(tbl, k1, k2, seq);
    CREATE TRIGGER IF NOT EXISTS ledger_no_update BEFORE UPDATE ON ledger
    BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
    CREATE TRIGGER IF NOT EXISTS ledger_no_delete BEFORE DELETE ON ledger
    BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;

    -- Rows written in the open transaction and not sealed yet. Empty between
    -- transactions of jiedai: anything left here was written by another program.
    CREATE TABLE IF NOT EXISTS ledger_pending (
        tbl TEXT NOT NULL,
        k1  INTEGER NOT NULL,
        k2  INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (tbl, k1, k2)
    ) STRICT, WITHOUT ROWID;
"#;

impl Ledgered {
    /// The key columns as a select list and as `?1`/`?2` conditions.
    pub(super) fn key_columns(&self) -> String {
        match self.key {
            Key::RowId => "rowid, 0".into(),
            Key::Pair(a, b) => format!("\"{a}\", \"{b}\""),
        }
    }

    pub(super) fn key_condition(&self) -> String {
        match self.key {
            Key::RowId => "rowid = ?1 AND 0 = ?2".into(),
            Key::Pair(a, b) => format!("\"{a}\" = ?1 AND \"{b}\" = ?2"),
        }
    }

    fn trigger_sql(&self) -> String {
        let name = self.name;
        let note = |row: &str| {
            match self.key {
            Key::RowId => format!(
                "INSERT OR IGNORE INTO ledger_pending(tbl, k1, k2) VALUES ('{name}', {row}.rowid, 0);"
            ),
            Key::Pair(a, b) => format!(
                "INSERT OR IGNORE INTO ledger_pending(tbl, k1, k2) VALUES ('{name}', {row}.\"{a}\", {row}.\"{b}\");"
            ),
        }
        };
        format!(
            "CREATE TRIGGER IF NOT EXISTS ledger_insert_{name} AFTER INSERT ON \"{name}\"
             BEGIN {new} END;
             CREATE TRIGGER IF NOT EXISTS ledger_update_{name} AFTER UPDATE ON \"{name}\"
             BEGIN {old} {new} END;
             CREATE TRIGGER IF NOT EXISTS ledger_delete_{name} AFTER DELETE ON \"{name}\"
             BEGIN {old} END;",
            new = note("NEW"),
            old = note("OLD"),
        )
    }

    /// The names of the three triggers that note this table's writes.
    pub(crate) fn triggers(&self) -> [String; 3] {
        ["insert", "update", "delete"].map(|op| format!("ledger_{op}_{}", self.name))
    }
}

/// A table's columns in canonical order (by name), to hash its rows.
pub(super) struct RowCodec {
    /// Column positions in the statement, ordered by column name.
    order: Vec<(usize, String)>,
    /// The row's encoding, reused from row to row.
    buf: Vec<u8>,
}

impl RowCodec {
    /// `offset` columns (the key) come first in the statement and are not content.
    pub(super) fn of(stmt: &rusqlite::Statement<'_>, offset: usize) -> RowCodec {
        RowCodec::of_names(&stmt.column_names(), offset..)
    }

    /// The content's columns are those of `names` (a statement's, in order)
    /// at the places `content` spans.
    pub(super) fn of_names(
        names: &[impl AsRef<str>],
        content: impl std::ops::RangeBounds<usize>,
    ) -> RowCodec {
        let mut order: Vec<(usize, String)> = names
            .iter()
            .enumerate()
            .filter(|(i, _)| content.contains(i))
            .map(|(i, n)| (i, n.as_ref().to_string()))
            .collect();
        order.sort_by(|a, b| a.1.cmp(&b.1));
        RowCodec {
            order,
            buf: Vec::with_capacity(1024),
        }
    }

    /// SHA-256 of the row's non-NULL columns by name (see [`hash_column`]).
    pub(super) fn hash(&mut self, row: &impl Cells) -> rusqlite::Result<[u8; 32]> {
        self.buf.clear();
        for (i, name) in &self.order {
            encode_column(&mut self.buf, name, row.cell(*i)?);
        }
        Ok(Sha256::digest(&self.buf).into())
    }
}

/// Whether this file has a ledger in the storage this program writes (an older
/// file, before the migrations that add it or convert it, has none).
pub(super) fn present(conn: &Connection) -> rusqlite::Result<bool> {
    conn.prepare_cached("SELECT EXISTS(SELECT 1 FROM sqlite_schema WHERE name = 'ledger_marks')")?
        .query_row([], |r| r.get(0))
}

/// Creates the triggers of every ledgered table that exists, and notes every row of
/// a table that had none (new to the list, or rebuilt by a migration) or whose
/// columns a migration changed, so that [`seal`] takes them in. Rows whose content
/// is what the ledger already holds cost no entry.
pub(super) fn install(conn: &Connection, reshaped: &[&str]) -> rusqlite::Result<()> {
    for t in LEDGERED_TABLES {
        let exists: bool = conn.query_row(
            "SELECT EXISTS(SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?1)",
            [t.name],
            |r| r.get(0),
        )?;
        if !exists {
            continue;
        }
        let [insert, ..] = t.triggers();
        let had: bool = conn.query_row(
            "SELECT EXISTS(SELECT 1 FROM sqlite_schema WHERE type = 'trigger' AND name = ?1)",
            [insert],
            |r| r.get(0),
        )?;
        conn.execute_batch(&t.trigger_sql())?;
        if !had || reshaped.contains(&t.name) {
            conn.execute(
                &format!(
                    "INSERT OR IGNORE INTO ledger_pending(tbl, k1, k2)
                     SELECT ?1, {} FROM \"{}\"",
                    t.key_columns(),
                    t.name
                ),
                [t.name],
            )?;
            // Rows the ledger holds that are gone now (a rebuilt table lost them).
            conn.execute(
                "INSERT OR IGNORE INTO ledger_pending(tbl, k1, k2)
                 SELECT ?1, k1, k2 FROM ledger
                 WHERE t = (SELECT code FROM ledger_tables WHERE name = ?1)",
                [t.name],
            )?;
        }
    }
    Ok(())
}

/// The column names of every ledgered table, to see which ones a migration changed.
pub(super) fn shapes(conn: &Connection) -> rusqlite::Result<Vec<(&'static str, String)>> {
    LEDGERED_TABLES
        .iter()
        .map(|t| {
            let cols: String = conn.query_row(
                "SELECT coalesce(group_concat(name, ','), '') FROM pragma_table_info(?1)",
                [t.name],
                |r| r.get(0),
            )?;
            Ok((t.name, cols))
        })
        .collect()
}

/// The newest entry: its sequence number and chain hash (0 and the genesis hash
/// when the ledger is empty). The hash is the recorded head's when that names the
/// newest entry, else it is recomputed from the last mark.
pub(super) fn head(conn: &Connection) -> rusqlite::Result<(i64, Vec<u8>)> {
    let seq: i64 = conn
        .prepare_cached("SELECT coalesce(max(seq), 0) FROM ledger")?
        .query_row([], |r| r.get(0))?;
    if seq == 0 {
        return Ok((0, GENESIS.to_vec()));
    }
    if let Some((at, hash)) = recorded_head(conn)? {
        if at == seq {
            return Ok((seq, hash));
        }
    }
    Ok((
        seq,
        store::hash_at(conn, seq)?.map_or_else(Vec::new, |h| h.to_vec()),
    ))
}

/// The head kept in `meta` (`SEQ:HEX`), if any and readable.
pub(super) fn recorded_head(conn: &Connection) -> rusqlite::Result<Option<(i64, Vec<u8>)>> {
    let text: Option<String> = conn
        .prepare_cached("SELECT value FROM meta WHERE key = 'ledger_head'")?
        .query_row([], |r| r.get(0))
        .optional()?;
    Ok(text.as_deref().and_then(parse_head))
}

/// A head as `meta` keeps it (`SEQ:HEX`), on either backend.
pub(crate) fn parse_head(text: &str) -> Option<(i64, Vec<u8>)> {
    let (seq, hash) = text.split_once(':')?;
    Some((seq.parse().ok()?, unhex(hash)?))
}

/// The bytes of hex text; `None` if it is not hex.
pub(crate) fn unhex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}

/// The chain head as an anchor to keep outside the file; `None` on an empty ledger
/// (or a file from before it).
pub(super) fn anchor(conn: &Connection) -> Result<Option<Anchor>> {
    if !present(conn)? {
        return Ok(None);
    }
    let (seq, hash) = head(conn)?;
    Ok((seq > 0).then(|| Anchor {
        seq,
        hash: hex(&hash),
    }))
}

/// The small number that stands for a table in the ledger; given one when
/// `create` and it has none yet.
pub(super) fn code_of(
    conn: &Connection,
    name: &str,
    create: bool,
) -> rusqlite::Result<Option<i64>> {
    if create {
        conn.prepare_cached("INSERT OR IGNORE INTO ledger_tables(name) VALUES (?1)")?
            .execute([name])?;
    }
    conn.prepare_cached("SELECT code FROM ledger_tables WHERE name = ?1")?
        .query_row([name], |r| r.get(0))
        .optional()
}

/// Takes the ledger out of a file, as it was before its migration (for tests that
/// rebuild an older file).
#[cfg(test)]
pub(super) fn remove(conn: &Connection) {
    for t in LEDGERED_TABLES {
        for trigger in t.triggers() {
            conn.execute_batch(&format!("DROP TRIGGER IF EXISTS {trigger}"))
                .unwrap();
        }
    }
    conn.execute_batch(
        "DROP TABLE ledger; DROP TABLE ledger_pending; DROP TABLE ledger_marks;
         DROP TABLE ledger_tables; DELETE FROM meta WHERE key = 'ledger_head';",
    )
    .unwrap();
}

#[cfg(test)]
#[path = "ledger_tests.rs"]
mod tests;

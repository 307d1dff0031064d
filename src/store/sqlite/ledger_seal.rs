//! Sealing the open transaction's writes into the ledger (see ledger.rs): one chained
//! entry for each written row whose content differs from what the ledger holds, in
//! the order of the rows' keys — table name, then key. What is hashed is unchanged
//! (ledger_hash.rs).
//!
//! The rows come from the notes the triggers leave in `ledger_pending`, one per row,
//! and from [`Fresh`] ranges: a bulk fill writes millions of rows with the triggers
//! off and names each table's new rows by where they start (bulk_flush.rs). A range
//! is read back in key order and merged with the notes, so the chain is the one the
//! notes alone would have given.

use super::ledger::{code_of, entry_hash, head, hex, table, Key, Ledgered, RowCodec};
use super::ledger_store::MARK_EVERY;
use rusqlite::{params, CachedStatement, Connection, OptionalExtension};

/// The rows of a ledgered table from key `from` on (its rowid, or its first key
/// column): every one written in the open transaction, and none of their keys
/// known to the ledger yet (see `Bulk::start`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Fresh {
    pub table: &'static str,
    pub from: i64,
}

/// Adds `range` to `ranges`, a table named twice keeping the lower start.
pub(super) fn add_fresh(ranges: &mut Vec<Fresh>, range: Fresh) {
    match ranges.iter_mut().find(|f| f.table == range.table) {
        Some(f) => f.from = f.from.min(range.from),
        None => ranges.push(range),
    }
}

/// The chain as it grows during one seal.
struct Chain<'c> {
    seq: i64,
    prev: Vec<u8>,
    outside: bool,
    latest: CachedStatement<'c>,
    append: CachedStatement<'c>,
    mark: CachedStatement<'c>,
    sealed: usize,
}

impl Chain<'_> {
    /// The row's newest entry: `None` without one, `Some(None)` when it says gone.
    fn held(
        &mut self,
        code: Option<i64>,
        k1: i64,
        k2: i64,
    ) -> rusqlite::Result<Option<Option<Vec<u8>>>> {
        self.latest
            .query_row(params![code.unwrap_or(-1), k1, k2], |r| r.get(0))
            .optional()
    }

    fn append(
        &mut self,
        tx: &Connection,
        (tbl, code): (&str, &mut Option<i64>),
        (k1, k2): (i64, i64),
        row_hash: Option<&[u8]>,
    ) -> rusqlite::Result<()> {
        self.seq += 1;
        let hash = entry_hash(&self.prev, self.seq, tbl, k1, k2, self.outside, row_hash);
        // A table gets its number with its first entry, so that the numbers never
        // outlive an empty ledger (a copy into a new record starts with none).
        let code = match *code {
            Some(known) => known,
            None => *code.insert(code_of(tx, tbl, true)?.unwrap_or_default()),
        };
        self.append
            .execute(params![self.seq, code, k1, k2, self.outside, row_hash])?;
        if self.seq % MARK_EVERY == 0 {
            self.mark.execute(params![self.seq, &hash[..]])?;
        }
        self.prev = hash.to_vec();
        self.sealed += 1;
        Ok(())
    }
}

/// Hashes every row noted since the last seal and appends one entry per row whose
/// content differs from what the ledger holds. `outside` marks rows another program
/// wrote (found noted when jiedai's own transaction begins).
pub(super) fn seal(tx: &Connection, outside: bool) -> rusqlite::Result<usize> {
    seal_with(tx, outside, &[])
}

/// [`seal`], with the rows of `fresh` too.
pub(super) fn seal_with(
    tx: &Connection,
    outside: bool,
    fresh: &[Fresh],
) -> rusqlite::Result<usize> {
    let pending: Vec<(String, i64, i64)> = tx
        .prepare_cached("SELECT tbl, k1, k2 FROM ledger_pending")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    if pending.is_empty() && fresh.is_empty() {
        return Ok(0);
    }
    let (seq, prev) = head(tx)?;
    let mut chain = Chain {
        seq,
        prev,
        outside,
        latest: tx.prepare_cached(
            "SELECT row_hash FROM ledger WHERE t = ?1 AND k1 = ?2 AND k2 = ?3
             ORDER BY seq DESC LIMIT 1",
        )?,
        append: tx.prepare_cached(
            "INSERT INTO ledger(seq, t, k1, k2, outside, row_hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?,
        mark: tx.prepare_cached("INSERT INTO ledger_marks(seq, hash) VALUES (?1, ?2)")?,
        sealed: 0,
    };
    // Pending rows come grouped by table, in the primary key's (binary) order.
    let mut names: Vec<&str> = pending.iter().map(|(t, ..)| t.as_str()).collect();
    names.extend(fresh.iter().map(|f| f.table));
    names.sort_unstable();
    names.dedup();
    for name in names {
        let Some(spec) = table(name) else { continue };
        let start = pending.partition_point(|(t, ..)| t.as_str() < name);
        let end = pending.partition_point(|(t, ..)| t.as_str() <= name);
        let notes: Vec<(i64, i64)> = pending[start..end]
            .iter()
            .map(|(_, a, b)| (*a, *b))
            .collect();
        let from = fresh.iter().find(|f| f.table == name).map(|f| f.from);
        seal_table(tx, &mut chain, spec, &notes, from)?;
    }
    tx.prepare_cached("DELETE FROM ledger_pending")?
        .execute([])?;
    // The head is kept apart from the chain, so that cutting the newest entries
    // (which leaves an intact, shorter chain) is noticed too.
    tx.prepare_cached(
        "INSERT INTO meta(key, value) VALUES ('ledger_head', ?1)
         ON CONFLICT(key) DO UPDATE SET value = excluded.value",
    )?
    .execute([format!("{}:{}", chain.seq, hex(&chain.prev))])?;
    Ok(chain.sealed)
}

/// One table's entries: its noted rows (keys ascending) and, from `from` on, its
/// fresh rows, in key order.
fn seal_table(
    tx: &Connection,
    chain: &mut Chain<'_>,
    spec: Ledgered,
    notes: &[(i64, i64)],
    from: Option<i64>,
) -> rusqlite::Result<()> {
    let name = spec.name;
    let mut one = tx.prepare_cached(&format!(
        "SELECT * FROM \"{name}\" WHERE {}",
        spec.key_condition()
    ))?;
    let mut codec = RowCodec::of(&one, 0);
    let mut code = code_of(tx, name, false)?;
    // A noted row: hashed as it is now, an entry when that is not what is held.
    let mut noted = |chain: &mut Chain<'_>, code: &mut Option<i64>, (k1, k2): (i64, i64)| {
        let now: Option<[u8; 32]> = one
            .query_row(params![k1, k2], |r| codec.hash(r))
            .optional()?;
        let unchanged = match chain.held(*code, k1, k2)? {
            None => now.is_none(),
            Some(held) => held.as_deref() == now.as_ref().map(|h| &h[..]),
        };
        if unchanged {
            return Ok(());
        }
        chain.append(tx, (name, code), (k1, k2), now.as_ref().map(|h| &h[..]))
    };
    let mut notes = notes.iter().copied().peekable();
    if let Some(from) = from {
        let (first, order) = match spec.key {
            Key::RowId => ("rowid".to_string(), "rowid".to_string()),
            Key::Pair(a, b) => (format!("\"{a}\""), format!("\"{a}\", \"{b}\"")),
        };
        let mut rows = tx.prepare_cached(&format!(
            "SELECT {}, * FROM \"{name}\" WHERE {first} >= ?1 ORDER BY {order}",
            spec.key_columns()
        ))?;
        let mut fresh_codec = RowCodec::of(&rows, 2);
        let mut found = rows.query([from])?;
        while let Some(r) = found.next()? {
            let key: (i64, i64) = (r.get(0)?, r.get(1)?);
            while let Some(n) = notes.next_if(|n| *n < key) {
                noted(chain, &mut code, n)?;
            }
            // Noted and fresh: one entry, with what the row holds now.
            notes.next_if_eq(&key);
            let hash = fresh_codec.hash(r)?;
            chain.append(tx, (name, &mut code), key, Some(&hash[..]))?;
        }
    }
    for n in notes {
        noted(chain, &mut code, n)?;
    }
    Ok(())
}

#[cfg(test)]
#[path = "ledger_seal_tests.rs"]
mod tests;

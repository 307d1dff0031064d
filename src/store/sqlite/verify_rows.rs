//! Every ledgered table held against the ledger in the same pass as the chain
//! walk of a full `verify` (issue 9). The walk reads each entry's row hash
//! anyway, in the order the entries were sealed, and for a table that is the
//! order of its keys, but for rows written again later. So each table is read
//! in key order beside the walk, and an entry is compared with the row of its
//! key where the two meet. An entry whose key the table's reading has passed
//! already (a row written again, so the newest entry of its key) is kept aside,
//! whatever was found for that key before is taken back, and its row is read by
//! key at the end. The ledger is read once, in the order it is stored, instead
//! of once more through its index with a lookup per entry.
//!
//! Memory holds only the rows written again and the differences found; past a
//! bound of those (a mass edit), a table is compared again by the exact merge
//! of `compare_table`, whose memory stays flat.

use super::ledger::{Ledgered, RowCodec, LEDGERED_TABLES};
use super::ledger_chain::Named;
use super::ledger_verify::{clamp, compare_table, difference, gone, table_exists};
use crate::store::error::Result;
use crate::store::records::{VerifyProgress, VerifyReport, VerifyStage};
use rusqlite::{params, Connection, OptionalExtension, Rows, Statement};
use std::collections::{BTreeMap, HashMap};

type Key = (i64, i64);

/// A difference found: the hash the ledger holds (`None`: gone, or no entry),
/// and the row's hash now (`None`: no row).
type Found = (Option<Vec<u8>>, Option<[u8; 32]>);

/// How many keys the tables may keep aside or hold as differences, all together,
/// before the table that goes past it is compared by the exact merge instead.
pub(super) const KEPT_AT_MOST: usize = 200_000;

/// The statements that read each ledgered table in key order, prepared before
/// the walk (the readings borrow them); `None` for a table not on file.
pub(super) fn prepare(conn: &Connection) -> Result<Vec<Option<Statement<'_>>>> {
    LEDGERED_TABLES
        .iter()
        .map(|t| {
            if !table_exists(conn, t.name)? {
                return Ok(None);
            }
            Ok(Some(conn.prepare(&format!(
                "SELECT {}, * FROM \"{}\" ORDER BY 1, 2",
                t.key_columns(),
                t.name
            ))?))
        })
        .collect()
}

/// The tables compared with the entries as the walk meets them.
pub(super) struct RowsCheck<'s> {
    tables: Vec<Table<'s>>,
    /// A ledger table number with its place in [`LEDGERED_TABLES`], by number.
    by_code: Vec<(i64, usize)>,
    kept: usize,
    kept_at_most: usize,
}

struct Table<'s> {
    spec: Ledgered,
    /// The table read in key order; `None` when it is not on file, or once it
    /// is left to the exact merge.
    rows: Option<Rows<'s>>,
    codec: Option<RowCodec>,
    /// The row the reading is at, and its hash.
    now: Option<(Key, [u8; 32])>,
    /// The largest key of an entry met so far.
    last: Option<Key>,
    /// Newest entries of keys the reading had passed: key to row hash.
    aside: BTreeMap<Key, Option<Vec<u8>>>,
    found: BTreeMap<Key, Found>,
    /// Whether any entry holds a row (a table gone from the file then matters).
    held_any: bool,
    on_file: bool,
    exact: bool,
    rows_read: i64,
}

impl<'s> RowsCheck<'s> {
    /// Starts reading every table of `stmts` (from [`prepare`]); `names` are the
    /// ledger's table numbers with their names; past `kept_at_most` keys aside
    /// (see [`KEPT_AT_MOST`]), a table is left to the exact merge.
    pub(super) fn start(
        stmts: &'s mut [Option<Statement<'_>>],
        names: &HashMap<i64, String>,
        kept_at_most: usize,
    ) -> Result<RowsCheck<'s>> {
        let mut tables = Vec::with_capacity(stmts.len());
        for (spec, stmt) in LEDGERED_TABLES.iter().zip(stmts.iter_mut()) {
            let on_file = stmt.is_some();
            let codec = stmt.as_ref().map(|s| RowCodec::of(s, 2));
            let rows = match stmt {
                Some(s) => Some(s.query([])?),
                None => None,
            };
            let mut table = Table {
                spec: *spec,
                rows,
                codec,
                now: None,
                last: None,
                aside: BTreeMap::new(),
                found: BTreeMap::new(),
                held_any: false,
                on_file,
                exact: false,
                rows_read: 0,
            };
            table.advance()?;
            tables.push(table);
        }
        let mut by_code: Vec<(i64, usize)> = names
            .iter()
            .filter_map(|(code, name)| {
                let at = LEDGERED_TABLES.iter().position(|t| t.name == name)?;
                Some((*code, at))
            })
            .collect();
        by_code.sort_unstable();
        Ok(RowsCheck {
            tables,
            by_code,
            kept: 0,
            kept_at_most,
        })
    }

    /// One entry of the walk, in the chain's order.
    pub(super) fn entry(
        &mut self,
        code: i64,
        key: Key,
        row_hash: Option<&[u8]>,
    ) -> rusqlite::Result<()> {
        let Ok(i) = self.by_code.binary_search_by_key(&code, |(c, _)| *c) else {
            return Ok(());
        };
        let at = self.by_code[i].1;
        let t = &mut self.tables[at];
        t.held_any |= row_hash.is_some();
        if !t.on_file || t.exact {
            return Ok(());
        }
        let before = t.kept();
        t.meet(key, row_hash)?;
        self.kept = self.kept + t.kept() - before;
        if self.kept > self.kept_at_most {
            // Too much to hold: this table is compared on its own at the end.
            self.kept -= t.kept();
            t.exact = true;
            t.rows = None;
            t.now = None;
            t.aside.clear();
            t.found.clear();
        }
        Ok(())
    }

    /// After the walk: the rows no entry reached, the rows written again read by
    /// key, and every table's differences into the report.
    pub(super) fn finish(
        mut self,
        conn: &Connection,
        report: &mut VerifyReport,
        total: u64,
        progress: VerifyProgress<'_>,
    ) -> Result<()> {
        let mut done: i64 = self.tables.iter().map(|t| t.rows_read).sum();
        progress(VerifyStage::Rows, clamp(done, total), total);
        for t in &mut self.tables {
            let before = t.rows_read;
            if t.exact {
                let base = done;
                compare_table(conn, &t.spec, report, &mut |n| {
                    progress(VerifyStage::Rows, clamp(base + n as i64, total), total)
                })?;
                done = report.rows;
                continue;
            }
            if !t.on_file {
                if t.held_any {
                    report.problems.push(gone(&t.spec));
                }
                continue;
            }
            while let Some((key, now)) = t.now {
                t.found.insert(key, (None, Some(now)));
                t.rows_read += 1;
                t.advance()?;
            }
            t.rows = None;
            t.recheck_aside(conn)?;
            let mut problems = Named::new("rows that differ from the ledger");
            for ((k1, k2), (held, now)) in &t.found {
                problems.push(difference(
                    &t.spec,
                    *k1,
                    *k2,
                    held.as_deref(),
                    now.as_ref().map(|h| &h[..]),
                ));
            }
            problems.into(report);
            report.rows += t.rows_read;
            done += t.rows_read - before;
            progress(VerifyStage::Rows, clamp(done, total), total);
        }
        progress(VerifyStage::Rows, total, total);
        Ok(())
    }
}

impl Table<'_> {
    /// Keys held aside or as differences.
    fn kept(&self) -> usize {
        self.aside.len() + self.found.len()
    }

    /// Moves the reading to the next row.
    fn advance(&mut self) -> rusqlite::Result<()> {
        let (Some(rows), Some(codec)) = (self.rows.as_mut(), self.codec.as_mut()) else {
            self.now = None;
            return Ok(());
        };
        self.now = match rows.next()? {
            Some(r) => Some(((r.get(0)?, r.get(1)?), codec.hash(r)?)),
            None => None,
        };
        Ok(())
    }

    /// An entry of this table against the row of its key.
    fn meet(&mut self, key: Key, row_hash: Option<&[u8]>) -> rusqlite::Result<()> {
        if self.last.is_some_and(|last| key <= last) {
            // A row written again: this entry is the newest of its key so far.
            self.found.remove(&key);
            self.aside.insert(key, row_hash.map(<[u8]>::to_vec));
            return Ok(());
        }
        self.last = Some(key);
        // Rows before the key have no entry (so far: one may still come aside).
        while let Some((passed, now)) = self.now.filter(|(k, _)| *k < key) {
            self.found.insert(passed, (None, Some(now)));
            self.rows_read += 1;
            self.advance()?;
        }
        match self.now {
            Some((at, now)) if at == key => {
                if row_hash != Some(&now[..]) {
                    self.found
                        .insert(key, (row_hash.map(<[u8]>::to_vec), Some(now)));
                }
                self.rows_read += 1;
                self.advance()?;
            }
            _ => {
                if let Some(held) = row_hash {
                    self.found.insert(key, (Some(held.to_vec()), None));
                }
            }
        }
        Ok(())
    }

    /// The rows written again, each read by its key against its newest entry.
    fn recheck_aside(&mut self, conn: &Connection) -> Result<()> {
        if self.aside.is_empty() {
            return Ok(());
        }
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT {}, * FROM \"{}\" WHERE {}",
            self.spec.key_columns(),
            self.spec.name,
            self.spec.key_condition()
        ))?;
        let mut codec = RowCodec::of(&stmt, 2);
        for (&(k1, k2), held) in &self.aside {
            let now: Option<[u8; 32]> = stmt
                .query_row(params![k1, k2], |r| codec.hash(r))
                .optional()?;
            if held.as_deref() != now.as_ref().map(|h| &h[..]) {
                self.found.insert((k1, k2), (held.clone(), now));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
#[path = "verify_rows_tests.rs"]
mod tests;

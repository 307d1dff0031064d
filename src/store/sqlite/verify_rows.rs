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

use super::ledger::{self, Ledgered, RowCodec, LEDGERED_TABLES};
use super::ledger_chain::{name_key, Named};
use super::scan::{int_at, Scan};
use super::verify_feed::{FeedIn, FED_TABLE};
use crate::store::error::Result;
use crate::store::records::{VerifyProgress, VerifyReport, VerifyStage};
use rusqlite::{params, Connection, OptionalExtension};
use std::collections::{BTreeMap, HashMap};

/// The newest ledger entry of a key: its two integers and the row's hash (`None`
/// once the row is gone).
type Held = (i64, i64, Option<Vec<u8>>);

type Key = (i64, i64);

/// A difference found: the hash the ledger holds (`None`: gone, or no entry),
/// and the row's hash now (`None`: no row).
type Found = (Option<Vec<u8>>, Option<[u8; 32]>);

/// How many keys the tables may keep aside or hold as differences, all together,
/// before the table that goes past it is compared by the exact merge instead.
pub(super) const KEPT_AT_MOST: usize = 200_000;

/// The queries that read each ledgered table in key order, prepared before
/// the walk; `None` for a table not on file. Read through `Scan`: every row
/// of the record but the events' is read here.
pub(super) fn prepare(conn: &Connection) -> Result<Vec<Option<Scan<'_>>>> {
    LEDGERED_TABLES
        .iter()
        .map(|t| {
            if !table_exists(conn, t.name)? {
                return Ok(None);
            }
            Ok(Some(Scan::prepare(
                conn,
                &format!(
                    "SELECT {}, * FROM \"{}\" ORDER BY 1, 2",
                    t.key_columns(),
                    t.name
                ),
            )?))
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

/// Where a table's rows and their hashes come from, in key order.
enum Reading<'s> {
    /// Read here and hashed with the codec.
    Read(Scan<'s>, RowCodec),
    /// Handed over by the timeline's replay (verify_feed.rs).
    Fed(FeedIn),
}

struct Table<'s> {
    spec: Ledgered,
    /// The table's rows in key order; `None` when it is not on file, or once
    /// it is left to the exact merge.
    reading: Option<Reading<'s>>,
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
    /// The replay stopped before handing every row over: the table is left
    /// to the exact merge.
    unfed: bool,
    rows_read: i64,
}

impl<'s> RowsCheck<'s> {
    /// Starts reading every table of `stmts` (from [`prepare`]); `names` are the
    /// ledger's table numbers with their names; past `kept_at_most` keys aside
    /// (see [`KEPT_AT_MOST`]), a table is left to the exact merge. With `fed`,
    /// the events' hashes are handed over instead of read here.
    pub(super) fn start(
        stmts: Vec<Option<Scan<'s>>>,
        names: &HashMap<i64, String>,
        kept_at_most: usize,
        mut fed: Option<FeedIn>,
    ) -> Result<RowsCheck<'s>> {
        let mut tables = Vec::with_capacity(stmts.len());
        for (spec, stmt) in LEDGERED_TABLES.iter().zip(stmts) {
            let on_file = stmt.is_some();
            let reading = match stmt {
                Some(_) if spec.name == FED_TABLE && fed.is_some() => fed.take().map(Reading::Fed),
                Some(s) => {
                    let codec = RowCodec::of_names(&s.column_names(), 2..);
                    Some(Reading::Read(s, codec))
                }
                None => None,
            };
            let mut table = Table {
                spec: *spec,
                reading,
                now: None,
                last: None,
                aside: BTreeMap::new(),
                found: BTreeMap::new(),
                held_any: false,
                on_file,
                exact: false,
                unfed: false,
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
        if self.kept > self.kept_at_most || t.unfed {
            // Too much to hold, or nothing more handed over: this table is
            // compared on its own at the end.
            self.kept -= t.kept();
            t.leave_to_exact();
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
            if !t.exact && t.on_file {
                while let Some((key, now)) = t.now {
                    t.found.insert(key, (None, Some(now)));
                    t.rows_read += 1;
                    t.advance()?;
                }
                if t.unfed {
                    t.leave_to_exact();
                }
            }
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
            t.reading = None;
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
        self.now = match self.reading.as_mut() {
            None => None,
            Some(Reading::Read(rows, codec)) => match rows.next()? {
                Some(r) => Some(((int_at(&r, 0)?, int_at(&r, 1)?), codec.hash(&r)?)),
                None => None,
            },
            Some(Reading::Fed(feed)) => feed.next().unwrap_or_else(|| {
                self.unfed = true;
                None
            }),
        };
        Ok(())
    }

    /// Leaves the table to the exact merge at the end, forgetting what was
    /// found of it so far.
    fn leave_to_exact(&mut self) {
        self.exact = true;
        self.reading = None;
        self.now = None;
        self.aside.clear();
        self.found.clear();
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

/// How often a long pass tells its progress: every this many rows.
pub(crate) const TICK_EVERY: u64 = 65_536;

pub(crate) fn clamp(done: impl TryInto<u64>, total: u64) -> u64 {
    done.try_into().unwrap_or(0).min(total)
}

/// A ledgered table dropped while the ledger holds rows of it.
pub(super) fn gone(t: &Ledgered) -> String {
    format!(
        "{}: the whole table is gone (dropped behind the program's back; the ledger holds its rows)",
        t.name
    )
}

/// What a row's difference from the ledger means.
pub(crate) fn difference(
    t: &Ledgered,
    k1: i64,
    k2: i64,
    held: Option<&[u8]>,
    now: Option<&[u8]>,
) -> String {
    let row = format!("{} row {}", t.name, name_key(k1, k2));
    match (held, now) {
        (Some(_), None) => {
            format!("{row}: deleted behind the program's back (the ledger holds it)")
        }
        (None, Some(_)) => {
            format!("{row}: inserted behind the program's back (not in the ledger)")
        }
        _ => format!("{row}: edited behind the program's back (it no longer matches the ledger)"),
    }
}

/// Every row of the table against the newest ledger entry of its key: both sides
/// read in key order and merged, so memory stays flat however large the table.
/// `tick` hears now and then how many rows of the table were compared.
pub(super) fn compare_table(
    conn: &Connection,
    t: &Ledgered,
    report: &mut VerifyReport,
    tick: &mut dyn FnMut(u64),
) -> Result<()> {
    // A table the ledger holds nothing of has no number: it matches no entry.
    let code = ledger::code_of(conn, t.name, false)?.unwrap_or(-1);
    if !table_exists(conn, t.name)? {
        let held: bool = conn
            .prepare_cached(
                "SELECT EXISTS(SELECT 1 FROM ledger WHERE t = ?1 AND row_hash IS NOT NULL)",
            )?
            .query_row([code], |r| r.get(0))?;
        if held {
            report.problems.push(gone(t));
        }
        return Ok(());
    }
    let mut held_stmt = conn.prepare(
        "SELECT k1, k2, row_hash, max(seq) FROM ledger WHERE t = ?1 GROUP BY k1, k2
         ORDER BY k1, k2",
    )?;
    let mut held_rows = held_stmt.query([code])?;
    let mut now_stmt = conn.prepare(&format!(
        "SELECT {}, * FROM \"{}\" ORDER BY 1, 2",
        t.key_columns(),
        t.name
    ))?;
    let mut codec = RowCodec::of(&now_stmt, 2);
    let mut now_rows = now_stmt.query([])?;
    let mut problems = Named::new("rows that differ from the ledger");
    let next_held = |rows: &mut rusqlite::Rows<'_>| -> Result<Option<Held>> {
        Ok(match rows.next()? {
            Some(r) => Some((r.get(0)?, r.get(1)?, r.get(2)?)),
            None => None,
        })
    };
    let mut next_now = |rows: &mut rusqlite::Rows<'_>| -> Result<Option<(i64, i64, [u8; 32])>> {
        Ok(match rows.next()? {
            Some(r) => Some((r.get(0)?, r.get(1)?, codec.hash(r)?)),
            None => None,
        })
    };
    let mut held = next_held(&mut held_rows)?;
    let mut now = next_now(&mut now_rows)?;
    let mut rows = 0;
    loop {
        let order = match (&held, &now) {
            (None, None) => break,
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (Some(h), Some(n)) => (h.0, h.1).cmp(&(n.0, n.1)),
        };
        match order {
            std::cmp::Ordering::Less => {
                if let Some((k1, k2, Some(hash))) = &held {
                    problems.push(difference(t, *k1, *k2, Some(hash), None));
                }
                held = next_held(&mut held_rows)?;
            }
            std::cmp::Ordering::Greater => {
                if let Some((k1, k2, hash)) = &now {
                    problems.push(difference(t, *k1, *k2, None, Some(hash)));
                    rows += 1;
                }
                now = next_now(&mut now_rows)?;
            }
            std::cmp::Ordering::Equal => {
                if let (Some((k1, k2, h)), Some((_, _, n))) = (&held, &now) {
                    if h.as_deref() != Some(&n[..]) {
                        problems.push(difference(t, *k1, *k2, h.as_deref(), Some(n)));
                    }
                    rows += 1;
                    if clamp(rows, u64::MAX).is_multiple_of(TICK_EVERY) {
                        tick(clamp(rows, u64::MAX));
                    }
                }
                held = next_held(&mut held_rows)?;
                now = next_now(&mut now_rows)?;
            }
        }
    }
    report.rows += rows;
    problems.into(report);
    Ok(())
}

pub(super) fn table_exists(conn: &Connection, name: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached(
            "SELECT EXISTS(SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?1)",
        )?
        .query_row([name], |r| r.get(0))?)
}

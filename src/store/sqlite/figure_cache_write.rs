//! The figure cache's writes (`figure_cache.rs` says what it keeps and why a
//! stale one is never read): on a connection of its own, never the record's
//! write path; a whole build a chunk a transaction, the few cases worked out
//! again in one, each only if the cache is still as read.

use super::figure_cache_codec::{encode, row_hash};
use super::figure_days_write::{
    read_days_stamp, write_days_all, write_days_change, AllDays, DaysChange, DaysStamp,
    SCHEMA as DAYS_SCHEMA,
};
use super::verify_rows::table_exists;
use super::SqliteStore;
use crate::store::error::Result;
use crate::store::figure_cases::CaseRead;
use rusqlite::{params, Connection, OpenFlags, OptionalExtension};
use std::collections::HashMap;

/// Rows written a transaction while the whole cache is written: a desk's write
/// waits for one such transaction at most (tens of milliseconds).
const CHUNK: usize = 20_000;
/// A build that has not finished after this long was abandoned (its process
/// ended); another read may start again.
const ABANDONED_SECS: i64 = 600;
/// A log this big after the figures' read was (most likely) the cache's.
const FOLD_WAL_BYTES: u64 = 16 << 20;

const SCHEMA: &str = "
    CREATE TABLE IF NOT EXISTS figure_cache (
        case_id INTEGER PRIMARY KEY,
        facts   BLOB NOT NULL
    ) STRICT;
    CREATE TABLE IF NOT EXISTS figure_cache_stamp (
        id      INTEGER PRIMARY KEY CHECK (id = 1),
        seq     INTEGER,
        rules   TEXT NOT NULL,
        digest  INTEGER NOT NULL,
        builder TEXT,
        started INTEGER NOT NULL
    ) STRICT;";

/// The cache's stamp: the ledger's sequence number its rows reflect (none while
/// a build is under way, by `builder` since `started`), the fingerprint they
/// were worked out under, their digest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Stamp {
    pub(super) seq: Option<i64>,
    pub(super) rules: String,
    pub(super) digest: i64,
    pub(super) builder: Option<String>,
    pub(super) started: i64,
}

impl SqliteStore {
    /// Writes the cases worked out again over their cached rows, if the cache is
    /// still as read.
    pub(super) fn write_fresh(
        &self,
        stamp: &Stamp,
        head: i64,
        fresh: &[(i64, CaseRead)],
        old: &HashMap<i64, (u64, Vec<u8>)>,
        days: Option<&(DaysStamp, DaysChange)>,
    ) -> Result<()> {
        let Some(mut conn) = self.cache_writer() else {
            return Ok(());
        };
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        if read_stamp(&tx)?.as_ref() != Some(stamp) {
            return Ok(());
        }
        if let Some((days_stamp, change)) = days {
            // The sums as read with the cache, or not written at all.
            if read_days_stamp(&tx)?.as_ref() != Some(days_stamp) {
                return Ok(());
            }
            write_days_change(&tx, days_stamp, change)?;
        }
        let mut digest = stamp.digest as u64;
        old.values().for_each(|(h, _)| digest ^= h);
        let mut gone = tx.prepare("DELETE FROM figure_cache WHERE case_id = ?1")?;
        for id in old.keys() {
            gone.execute([id])?;
        }
        let mut put =
            tx.prepare("INSERT OR REPLACE INTO figure_cache(case_id, facts) VALUES (?1, ?2)")?;
        for (id, case) in fresh.iter() {
            if let Some(blob) = encode(*id, case) {
                digest ^= row_hash(*id, &blob);
                put.execute(params![id, blob])?;
            }
        }
        drop((gone, put));
        tx.execute(
            "UPDATE figure_cache_stamp SET seq = ?1, digest = ?2",
            params![head, digest as i64],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Folds the write-ahead log into the file once the figures' read is over, if
    /// the cache was written under it: that read kept SQLite from doing so, and a
    /// whole cache's log left behind would be read through by every later read.
    pub(super) fn fold_cache_writes(&self) {
        let mut wal = self.path.clone().into_os_string();
        wal.push("-wal");
        let big = std::fs::metadata(&wal).is_ok_and(|m| m.len() > FOLD_WAL_BYTES);
        if let Some(conn) = big.then(|| self.cache_writer()).flatten() {
            // Passive: never waits for a desk; what it cannot fold, SQLite will.
            let _ = conn.execute_batch("PRAGMA wal_checkpoint(PASSIVE)");
        }
    }

    /// A connection to write the cache on, apart from this store's (which may be
    /// read-only, and is inside the figures' read); none if the file cannot be
    /// written by this process.
    pub(super) fn cache_writer(&self) -> Option<Connection> {
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(&self.path, flags).ok()?;
        conn.busy_timeout(std::time::Duration::from_millis(500))
            .ok()?;
        Some(conn)
    }
}

pub(super) fn read_stamp(conn: &Connection) -> Result<Option<Stamp>> {
    if !(table_exists(conn, "figure_cache")? && table_exists(conn, "figure_cache_stamp")?) {
        return Ok(None);
    }
    Ok(conn
        .query_row(
            "SELECT seq, rules, digest, builder, started FROM figure_cache_stamp WHERE id = 1",
            [],
            |r| {
                Ok(Stamp {
                    seq: r.get(0)?,
                    rules: r.get(1)?,
                    digest: r.get(2)?,
                    builder: r.get(3)?,
                    started: r.get(4)?,
                })
            },
        )
        .optional()?)
}

/// Empties the cache and marks it as being written by `builder`; `false` when
/// another is writing it.
pub(super) fn start_build(conn: &mut Connection, rules: &str, builder: &str) -> Result<bool> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    tx.execute_batch(SCHEMA)?;
    if let Some(st) = read_stamp(&tx)? {
        if st.builder.is_some() && unix_now() - st.started < ABANDONED_SECS {
            return Ok(false);
        }
    }
    // Dropped, not deleted row by row: a million rows freed at once. The sums
    // go with the rows they are summed from.
    tx.execute_batch(
        "DROP TABLE figure_cache; DROP TABLE IF EXISTS figure_days;
                      DROP TABLE IF EXISTS figure_days_stamp;",
    )?;
    tx.execute_batch(SCHEMA)?;
    tx.execute_batch(DAYS_SCHEMA)?;
    tx.execute(
        "INSERT OR REPLACE INTO figure_cache_stamp(id, seq, rules, digest, builder, started)
         VALUES (1, NULL, ?1, 0, ?2, ?3)",
        params![rules, builder, unix_now()],
    )?;
    tx.commit()?;
    Ok(true)
}

/// Writes every case, a chunk a transaction, then the stamp; stops if another
/// build took over.
pub(super) fn write_all(
    conn: &mut Connection,
    builder: &str,
    head: i64,
    blobs: &[(i64, Vec<u8>)],
    days: &AllDays,
) -> Result<()> {
    let mine = |tx: &Connection| -> Result<bool> {
        Ok(read_stamp(tx)?.is_some_and(|s| s.builder.as_deref() == Some(builder)))
    };
    let mut digest = 0u64;
    for chunk in blobs.chunks(CHUNK) {
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        if !mine(&tx)? {
            return Ok(());
        }
        let mut put =
            tx.prepare_cached("INSERT INTO figure_cache(case_id, facts) VALUES (?1, ?2)")?;
        for (id, blob) in chunk {
            digest ^= row_hash(*id, blob);
            put.execute(params![id, blob])?;
        }
        drop(put);
        tx.commit()?;
    }
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    if !mine(&tx)? {
        return Ok(());
    }
    write_days_all(&tx, days)?;
    tx.execute(
        "UPDATE figure_cache_stamp SET seq = ?1, digest = ?2, builder = NULL",
        params![head, digest as i64],
    )?;
    tx.commit()?;
    Ok(())
}

pub(super) fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

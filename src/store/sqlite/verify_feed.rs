//! The events' row hashes handed from the timeline's replay to the chain walk of
//! a full `verify`. Both need every event: the replay reads all of an event's
//! columns anyway, so it hashes the row as the ledger does and hands the hash
//! over; the walk then compares it with the ledger without reading the largest
//! table a second time (at a million petitioners, 9 M events and 1.4 GB).
//!
//! The two run on connections of their own, so this is only done when the
//! second connection reads what the first one reads: its read transaction is
//! begun while the first one's is open, and both must see the same heads of
//! both chains, the same last ledger entry and event, the same schema and the
//! same unsealed rows. Any program that writes a ledgered row through jiedai
//! moves a head, so a desk writing in between is seen and the walk then reads
//! the events itself, as before.

use crate::store::error::Result;
use rusqlite::types::Value;
use rusqlite::Connection;
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};

/// The ledgered table whose hashes are handed over.
pub(super) const FED_TABLE: &str = "events";

/// A row's key, as the ledger names it, and its hash.
pub(super) type Hashed = ((i64, i64), [u8; 32]);

/// Rows are handed over in batches of this many (one message per batch).
const BATCH: usize = 4096;

/// At most this many batches wait in between (a few MB): the faster side
/// waits for the slower instead of filling memory.
const WAITING: usize = 64;

enum Batch {
    Rows(Vec<Hashed>),
    /// Every row was handed over.
    End,
}

/// The replay's end: hands each event's hash over, in key order.
pub(super) struct FeedOut {
    tx: Option<SyncSender<Batch>>,
    batch: Vec<Hashed>,
}

/// The walk's end: the events' hashes as the replay hands them over.
pub(super) struct FeedIn {
    rx: Receiver<Batch>,
    batch: std::vec::IntoIter<Hashed>,
}

pub(super) fn feed() -> (FeedOut, FeedIn) {
    let (tx, rx) = sync_channel(WAITING);
    (
        FeedOut {
            tx: Some(tx),
            batch: Vec::with_capacity(BATCH),
        },
        FeedIn {
            rx,
            batch: Vec::new().into_iter(),
        },
    )
}

impl FeedOut {
    pub(super) fn push(&mut self, row: Hashed) {
        self.batch.push(row);
        if self.batch.len() == BATCH {
            let full = std::mem::replace(&mut self.batch, Vec::with_capacity(BATCH));
            self.send(Batch::Rows(full));
        }
    }

    /// Every row was handed over. A feed dropped without its end (the replay
    /// failed) tells the walk to read the table itself.
    pub(super) fn end(mut self) {
        let rest = std::mem::take(&mut self.batch);
        self.send(Batch::Rows(rest));
        self.send(Batch::End);
    }

    fn send(&mut self, batch: Batch) {
        // The walk stops listening when it reads the table itself after all
        // (too many rows written again to hold): the replay goes on alone.
        if self.tx.as_ref().is_some_and(|tx| tx.send(batch).is_err()) {
            self.tx = None;
        }
    }
}

impl Drop for FeedOut {
    /// What was read is handed over even when the replay fails part way (the
    /// walk compares it, then reads the rest itself).
    fn drop(&mut self) {
        if !self.batch.is_empty() {
            let rest = std::mem::take(&mut self.batch);
            self.send(Batch::Rows(rest));
        }
    }
}

impl FeedIn {
    /// The next row (`Some(None)` once every row was handed over), or `None`
    /// when the replay stopped before its end.
    pub(super) fn next(&mut self) -> Option<Option<Hashed>> {
        loop {
            if let Some(row) = self.batch.next() {
                return Some(Some(row));
            }
            match self.rx.recv().ok()? {
                Batch::Rows(rows) => self.batch = rows.into_iter(),
                Batch::End => return Some(None),
            }
        }
    }
}

/// What must be the same for two read transactions to read the same record.
const MARKS: &str = "SELECT (SELECT value FROM meta WHERE key = 'ledger_head'),
        (SELECT value FROM meta WHERE key = 'chain_head'),
        (SELECT max(seq) FROM ledger), (SELECT max(id) FROM events),
        (SELECT count(*) FROM ledger_pending), (SELECT schema_version FROM pragma_schema_version)";

/// The marks as read: what each holds, compared as stored.
fn marks(conn: &Connection) -> Result<Vec<Value>> {
    Ok(conn.query_row(MARKS, [], |r| {
        (0..r.as_ref().column_count()).map(|i| r.get(i)).collect()
    })?)
}

/// Begins a read transaction on `other` and tells whether it reads what
/// `conn`'s open one reads (see the module's words); if not, `other` is left
/// in its own transaction all the same.
pub(super) fn same_record(conn: &Connection, other: &Connection) -> Result<bool> {
    other.execute_batch("BEGIN")?;
    Ok(marks(other)? == marks(conn)?)
}

#[cfg(test)]
#[path = "verify_feed_tests.rs"]
pub(super) mod tests;

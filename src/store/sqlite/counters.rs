//! Sequence numbers (case, queue, letter, change), allocated inside the caller's
//! write transaction: two desks can never draw the same number.

use crate::store::error::Result;
use rusqlite::Connection;

pub(super) fn next(tx: &Connection, name: &str) -> Result<i64> {
    Ok(tx
        .prepare_cached(
            "INSERT INTO counters(name, value) VALUES (?1, 1)
         ON CONFLICT(name) DO UPDATE SET value = value + 1
         RETURNING value",
        )?
        .query_row([name], |r| r.get(0))?)
}

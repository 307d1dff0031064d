//! Small helpers for reading rows, shared by the registers' queries.

use crate::store::error::Result;
use chrono::NaiveDate;
use rusqlite::{Connection, Row};

/// A stored day (`YYYY-MM-DD`, or the date of a timestamp).
pub(super) fn day(text: &str) -> NaiveDate {
    text.get(..10)
        .and_then(|d| d.parse().ok())
        .unwrap_or_default()
}

/// Every row of a query, read by `row`.
pub(super) fn collect<T>(
    conn: &Connection,
    sql: &str,
    args: impl rusqlite::Params,
    row: impl FnMut(&Row<'_>) -> rusqlite::Result<T>,
) -> Result<Vec<T>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map(args, row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

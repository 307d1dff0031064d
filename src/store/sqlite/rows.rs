//! Small helpers for reading rows, shared by the registers' queries.

use super::scan::Cells;
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

/// A text column read in place, without a copy (a long pass reads millions).
pub(super) fn text_at(row: &impl Cells, i: usize) -> rusqlite::Result<&str> {
    let value = row.cell(i)?;
    value
        .as_str()
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(i, value.data_type(), Box::new(e)))
}

/// A blob column read in place (`None` for NULL), without a copy.
pub(super) fn blob_at(row: &impl Cells, i: usize) -> rusqlite::Result<Option<&[u8]>> {
    let value = row.cell(i)?;
    value
        .as_blob_or_null()
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(i, value.data_type(), Box::new(e)))
}

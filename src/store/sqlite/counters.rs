//! Sequence numbers (case, queue, letter, change), allocated inside the caller's
//! write transaction: two desks can never draw the same number.

use crate::store::error::Result;
use rusqlite::Connection;

pub(super) fn raise(tx: &Connection, name: &str, value: i64) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO counters(name, value) VALUES (?1, ?2)
         ON CONFLICT(name) DO UPDATE SET value = max(value, excluded.value)",
    )?
    .execute(rusqlite::params![name, value])?;
    Ok(())
}

pub(super) fn case_seqs_from(
    tx: &Connection,
    year: i32,
    from: i64,
    limit: usize,
) -> Result<Vec<i64>> {
    use crate::domain::numbering::{format_case_no, parse_case_no};
    let mut stmt = tx.prepare_cached(
        "SELECT case_no FROM cases WHERE case_no >= ?1 AND case_no <= ?2 ORDER BY case_no LIMIT ?3",
    )?;
    let rows = stmt.query_map(
        rusqlite::params![
            format_case_no(year, from),
            format!("{year}-999999"),
            limit as i64
        ],
        |r| r.get::<_, String>(0),
    )?;
    let mut seqs = Vec::new();
    for no in rows {
        seqs.extend(parse_case_no(&no?).map(|(_, seq)| seq));
    }
    Ok(seqs)
}

pub(super) fn next(tx: &Connection, name: &str) -> Result<i64> {
    Ok(tx
        .prepare_cached(
            "INSERT INTO counters(name, value) VALUES (?1, 1)
         ON CONFLICT(name) DO UPDATE SET value = value + 1
         RETURNING value",
        )?
        .query_row([name], |r| r.get(0))?)
}

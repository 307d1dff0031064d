//! A bulk fill's stretch goes into the file with the triggers and the foreign-key
//! checks off (see bulk_flush.rs): every row is new and names only rows the fill
//! holds or read from the file, so the checks would find nothing, while the ledger's
//! triggers cost a note per row that the seal then read back one by one. What the
//! triggers would have done is done here for the whole stretch instead: the ledger
//! takes the stretch's rows as [`Fresh`] ranges (ledger_seal.rs), and the tally of
//! due dates is counted from the held cases.

use super::ledger::LEDGERED_TABLES;
pub(super) use super::ledger_seal::Fresh;
use crate::store::error::{Result, StoreError};
use rusqlite::config::DbConfig;
use rusqlite::{params, Connection};
use std::collections::BTreeMap;

/// The tables a bulk fill writes.
pub(super) const WRITTEN: &[&str] = &[
    "petitioners",
    "cases",
    "case_petitioners",
    "contacts",
    "events",
    "case_upper",
    "contact_risk",
    "ratings",
    "follow_ups",
    "audit",
];

/// The triggers on [`WRITTEN`] whose work is done here or that guard only updates
/// and deletes (a fill only inserts). Any other trigger stops the fill: what it does
/// would be skipped.
fn known_trigger(name: &str) -> bool {
    let ledger = LEDGERED_TABLES
        .iter()
        .any(|t| t.triggers().iter().any(|n| n == name));
    ledger
        || matches!(
            name,
            "due_days_insert"
                | "due_days_update"
                | "due_days_delete"
                | "cases_first_officer_fixed"
                | "events_no_update"
                | "events_no_delete"
        )
}

/// Triggers and foreign-key checks off on the connection until dropped. (Both are
/// flags of the connection, not of the file; SQLite prepares its statements again
/// when they change.)
pub(super) struct Quiet<'c>(&'c Connection);

impl<'c> Quiet<'c> {
    pub(super) fn new(conn: &'c Connection) -> Result<Quiet<'c>> {
        if let Some((trigger, table)) = first_unknown(conn)? {
            return Err(StoreError::Invalid(format!(
                "a bulk fill does not know what trigger {trigger} on {table} does \
                 (bulk_fresh.rs must do its work)"
            )));
        }
        conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_TRIGGER, false)?;
        conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_FKEY, false)?;
        Ok(Quiet(conn))
    }
}

fn first_unknown(conn: &Connection) -> rusqlite::Result<Option<(String, String)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT name, tbl_name FROM sqlite_schema WHERE type = 'trigger' ORDER BY name",
    )?;
    let found = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
    for row in found {
        let (name, table) = row?;
        if WRITTEN.contains(&table.as_str()) && !known_trigger(&name) {
            return Ok(Some((name, table)));
        }
    }
    Ok(None)
}

impl Drop for Quiet<'_> {
    fn drop(&mut self) {
        // The connection's own defaults (open.rs turns the checks on).
        let _ = self
            .0
            .set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_FKEY, true);
        let _ = self
            .0
            .set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_TRIGGER, true);
    }
}

/// The ranges of a stretch whose first new key in each table of [`WRITTEN`] (in
/// that order) is `firsts`, `None` where it wrote nothing.
pub(super) fn ranges(firsts: [Option<i64>; 10]) -> Vec<Fresh> {
    WRITTEN
        .iter()
        .zip(firsts)
        .filter_map(|(table, from)| Some(Fresh { table, from: from? }))
        .collect()
}

/// What `due_days_insert` counts, for a stretch's cases (their due days) at once.
pub(super) fn count_due_days<'a>(
    conn: &Connection,
    due: impl Iterator<Item = &'a str>,
) -> Result<()> {
    let mut days: BTreeMap<&str, i64> = BTreeMap::new();
    for day in due {
        *days.entry(day).or_default() += 1;
    }
    let mut add = conn.prepare_cached(
        "INSERT INTO due_days(day, cases) VALUES (?1, ?2)
         ON CONFLICT(day) DO UPDATE SET cases = cases + excluded.cases",
    )?;
    for (day, n) in days {
        add.execute(params![day, n])?;
    }
    Ok(())
}

/// Whether the ledger already names a key a fill would write from `next` on in
/// one of [`WRITTEN`] (a row once there and deleted since): such a row would not
/// be new to the ledger, and the fill takes the general path.
pub(super) fn ledger_ahead(conn: &Connection, next: &[(&str, i64)]) -> Result<bool> {
    let mut stmt = conn.prepare_cached(
        "SELECT EXISTS(SELECT 1 FROM ledger WHERE k1 >= ?2
            AND t = (SELECT code FROM ledger_tables WHERE name = ?1))",
    )?;
    for (table, from) in next {
        if stmt.query_row(params![table, from], |r| r.get::<_, bool>(0))? {
            return Ok(true);
        }
    }
    Ok(false)
}

//! Counts kept with every write, so that the status line reads a few rows instead
//! of counting a million.
//!
//! `due_days` holds, per due date, how many cases have their running clock falling
//! due that day (`cases.due_on`). Triggers on `cases` keep it in the transaction of
//! the write itself, whichever path wrote (a check-in, a case step, an import, a
//! demo fill, a migration). It is derived, like the search keys, so it is not under
//! the ledger: `verify` would only find in it what `cases` already holds.

use crate::store::error::Result;
use chrono::NaiveDate;
use rusqlite::Connection;

/// The migration that adds the tallies and counts what is on file. It can run
/// again over a file that has them (tests set `user_version` back).
pub(super) const SCHEMA: &str = r#"
    CREATE TABLE IF NOT EXISTS due_days (
        day   TEXT PRIMARY KEY,
        cases INTEGER NOT NULL CHECK (cases > 0)
    ) STRICT, WITHOUT ROWID;

    CREATE TRIGGER IF NOT EXISTS due_days_insert AFTER INSERT ON cases
    WHEN NEW.due_on IS NOT NULL
    BEGIN
        INSERT INTO due_days(day, cases) VALUES (NEW.due_on, 1)
        ON CONFLICT(day) DO UPDATE SET cases = cases + 1;
    END;

    CREATE TRIGGER IF NOT EXISTS due_days_update AFTER UPDATE OF due_on ON cases
    WHEN NEW.due_on IS NOT OLD.due_on
    BEGIN
        DELETE FROM due_days WHERE day = OLD.due_on AND cases = 1;
        UPDATE due_days SET cases = cases - 1 WHERE day = OLD.due_on;
        INSERT INTO due_days(day, cases) SELECT NEW.due_on, 1 WHERE NEW.due_on IS NOT NULL
        ON CONFLICT(day) DO UPDATE SET cases = cases + 1;
    END;

    CREATE TRIGGER IF NOT EXISTS due_days_delete AFTER DELETE ON cases
    WHEN OLD.due_on IS NOT NULL
    BEGIN
        DELETE FROM due_days WHERE day = OLD.due_on AND cases = 1;
        UPDATE due_days SET cases = cases - 1 WHERE day = OLD.due_on;
    END;

    DELETE FROM due_days;
    INSERT INTO due_days(day, cases)
        SELECT due_on, count(*) FROM cases WHERE due_on IS NOT NULL GROUP BY due_on;
"#;

/// How many cases have a running clock that fell due before `today`.
pub(super) fn overdue_cases(conn: &Connection, today: NaiveDate) -> Result<i64> {
    Ok(conn
        .prepare_cached("SELECT coalesce(sum(cases), 0) FROM due_days WHERE day < ?1")?
        .query_row([today.to_string()], |r| r.get(0))?)
}

#[cfg(test)]
#[path = "tallies_tests.rs"]
mod tests;

//! The audit log in SQLite: one row per recorded act (revealing, exporting,
//! backing up, merging, marking, handing over): who (officer and host account),
//! when, what; and read back.

use super::SqliteStore;
use crate::store::error::Result;
use crate::store::records::{AuditFilter, AuditRow};
use rusqlite::params;

/// Appends one audit row inside the caller's transaction.
pub(super) fn insert_audit(
    tx: &rusqlite::Connection,
    at: &str,
    officer_id: Option<i64>,
    action: crate::domain::audit::AuditAction,
    subject: &str,
) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO audit(at, officer_id, host_account, action, subject)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![
        at,
        officer_id,
        crate::store::host_account(),
        action.as_str(),
        subject
    ])?;
    Ok(())
}

impl SqliteStore {
    /// The audit log, newest first, narrowed by `filter`.
    pub(super) fn audit_log(&self, filter: &AuditFilter) -> Result<Vec<AuditRow>> {
        let day = |d: Option<chrono::NaiveDate>| d.map(|d| d.format("%Y-%m-%d").to_string());
        let mut stmt = self.conn().prepare_cached(
            "SELECT a.at, o.name, a.host_account, a.action, a.subject
             FROM audit a LEFT JOIN officers o ON o.id = a.officer_id
             WHERE (?1 IS NULL OR a.action = ?1)
               AND (?2 IS NULL OR o.name = ?2)
               AND (?3 IS NULL OR substr(a.at, 1, 10) >= ?3)
               AND (?4 IS NULL OR substr(a.at, 1, 10) <= ?4)
             ORDER BY a.id DESC LIMIT ?5",
        )?;
        let officer = filter.officer.as_deref().map(crate::text::clean_input);
        let rows = stmt.query_map(
            params![
                filter.action,
                officer,
                day(filter.from),
                day(filter.to),
                filter.limit as i64
            ],
            |r| {
                Ok(AuditRow {
                    at: r.get(0)?,
                    officer: r.get(1)?,
                    host_account: r.get(2)?,
                    action: r.get(3)?,
                    subject: r.get(4)?,
                })
            },
        )?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

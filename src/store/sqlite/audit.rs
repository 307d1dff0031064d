//! Revealing an ID number or phone, exporting, backing up, merging and marking are
//! recorded: who (officer and host account), when, what; and read back.

use super::registry::officer_id;
use super::SqliteStore;
use crate::store::error::{Result, StoreError};
use crate::store::port::Ctx;
use crate::store::records::{AuditFilter, AuditRow, Revealed};
use crate::time::stamp;
use rusqlite::{params, OptionalExtension};

/// Appends one audit row inside the caller's transaction.
pub(super) fn insert_audit(
    tx: &rusqlite::Connection,
    at: &str,
    officer_id: Option<i64>,
    action: &str,
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
        action,
        subject
    ])?;
    Ok(())
}

impl SqliteStore {
    /// The unmasked ID number and phone of one person, recorded in the audit log.
    pub(super) fn reveal(
        &mut self,
        cx: &Ctx,
        officer: &str,
        petitioner_id: i64,
    ) -> Result<Revealed> {
        let at = stamp(cx.now);
        self.write(|tx| {
            let officer_id = officer_id(tx, officer, &at)?;
            let revealed = tx
                .query_row(
                    "SELECT name, id_number, phone FROM petitioners WHERE id = ?1",
                    [petitioner_id],
                    |r| {
                        Ok(Revealed {
                            petitioner_id,
                            name: r.get(0)?,
                            id_number: r.get(1)?,
                            phone: r.get(2)?,
                        })
                    },
                )
                .optional()?
                .ok_or_else(|| {
                    StoreError::NotFound(format!("no person #{petitioner_id} on record"))
                })?;
            let subject = format!("petitioner:{petitioner_id}");
            insert_audit(tx, &at, Some(officer_id), "reveal", &subject)?;
            Ok(revealed)
        })
    }

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

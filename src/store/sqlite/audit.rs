//! Revealing an ID number or phone, and exporting, are recorded: who, when, what.

use super::registry::officer_id;
use super::SqliteStore;
use crate::store::error::{Result, StoreError};
use crate::store::port::Ctx;
use crate::store::records::{AuditRow, Revealed};
use crate::time::stamp;
use rusqlite::{params, OptionalExtension};

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
            tx.prepare_cached(
                "INSERT INTO audit(at, officer_id, action, subject) VALUES (?1, ?2, 'reveal', ?3)",
            )?
            .execute(params![
                at,
                officer_id,
                format!("petitioner:{petitioner_id}")
            ])?;
            Ok(revealed)
        })
    }

    pub(super) fn audit_log(&self, limit: usize) -> Result<Vec<AuditRow>> {
        let mut stmt = self.conn().prepare(
            "SELECT a.at, o.name, a.action, a.subject FROM audit a JOIN officers o ON o.id = a.officer_id
             ORDER BY a.id DESC LIMIT ?1",
        )?;
        let rows = stmt.query_map([limit as i64], |r| {
            Ok(AuditRow {
                at: r.get(0)?,
                officer: r.get(1)?,
                action: r.get(2)?,
                subject: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

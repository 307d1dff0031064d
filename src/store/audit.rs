//! Revealing an ID number or phone, and exporting, are recorded: who, when, what.

use super::error::{Result, StoreError};
use super::registry::officer_id;
use super::Store;
use crate::time::stamp;
use rusqlite::{params, OptionalExtension};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditRow {
    pub at: String,
    pub officer: String,
    pub action: String,
    pub subject: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Revealed {
    pub petitioner_id: i64,
    pub name: String,
    pub id_number: Option<String>,
    pub phone: Option<String>,
}

impl Store {
    /// The unmasked ID number and phone of one person, recorded in the audit log.
    pub fn reveal(&mut self, officer: &str, petitioner_id: i64) -> Result<Revealed> {
        let at = stamp(self.now());
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

    /// Records an act that needs no data change of its own (an export, a backup).
    pub fn record_audit(&mut self, officer: &str, action: &str, subject: &str) -> Result<()> {
        let at = stamp(self.now());
        self.write(|tx| {
            let officer_id = officer_id(tx, officer, &at)?;
            tx.prepare_cached(
                "INSERT INTO audit(at, officer_id, action, subject) VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![at, officer_id, action, subject])?;
            Ok(())
        })
    }

    pub fn audit_log(&self, limit: usize) -> Result<Vec<AuditRow>> {
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

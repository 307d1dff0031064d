//! Revealing an ID number or phone, exporting, backing up, merging and marking are
//! recorded: who (officer and host account), when, what; and read back.

use super::error::{Result, StoreError};
use super::registry::officer_id;
use super::Store;
use crate::time::stamp;
use rusqlite::{params, OptionalExtension};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditRow {
    pub at: String,
    /// The officer who acted; None for a command run without one.
    pub officer: Option<String>,
    /// The account on the host that ran the program.
    pub host_account: String,
    pub action: String,
    pub subject: String,
}

/// Which audit rows to read; every field narrows.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub action: Option<String>,
    pub officer: Option<String>,
    /// First day, inclusive, as `YYYY-MM-DD` in the office's time.
    pub from: Option<chrono::NaiveDate>,
    /// Last day, inclusive.
    pub to: Option<chrono::NaiveDate>,
    pub limit: usize,
}

/// The account this process runs as: the name the host knows it by, else its uid.
pub fn host_account() -> String {
    #[cfg(unix)]
    {
        // SAFETY: getuid cannot fail.
        let uid = unsafe { libc::getuid() };
        let mut buf = vec![0 as libc::c_char; 1024];
        let mut pwd = std::mem::MaybeUninit::<libc::passwd>::uninit();
        let mut found: *mut libc::passwd = std::ptr::null_mut();
        // SAFETY: the buffers outlive the call; `found` is set to `pwd` or null.
        let rc = unsafe {
            libc::getpwuid_r(
                uid,
                pwd.as_mut_ptr(),
                buf.as_mut_ptr(),
                buf.len(),
                &mut found,
            )
        };
        if rc == 0 && !found.is_null() {
            // SAFETY: getpwuid_r filled `pwd`, and pw_name points into `buf`.
            let name = unsafe { std::ffi::CStr::from_ptr((*found).pw_name) };
            return name.to_string_lossy().into_owned();
        }
        format!("uid:{uid}")
    }
    #[cfg(not(unix))]
    {
        std::env::var("USERNAME").unwrap_or_default()
    }
}

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
    .execute(params![at, officer_id, host_account(), action, subject])?;
    Ok(())
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
            let subject = format!("petitioner:{petitioner_id}");
            insert_audit(tx, &at, Some(officer_id), "reveal", &subject)?;
            Ok(revealed)
        })
    }

    /// Records an act that needs no data change of its own (an export, a backup);
    /// without an officer, the host account alone says who.
    pub fn record_audit(
        &mut self,
        officer: Option<&str>,
        action: &str,
        subject: &str,
    ) -> Result<()> {
        let at = stamp(self.now());
        self.write(|tx| {
            let officer_id = officer.map(|o| officer_id(tx, o, &at)).transpose()?;
            insert_audit(tx, &at, officer_id, action, subject)
        })
    }

    /// The audit log, newest first, narrowed by `filter`.
    pub fn audit_log(&self, filter: &AuditFilter) -> Result<Vec<AuditRow>> {
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

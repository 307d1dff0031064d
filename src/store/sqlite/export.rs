//! Contacts leaving the file (`jiedai export`), streamed one row at a time, the
//! audit record of each export, and what an import asks the record before writing.

use super::SqliteStore;
use crate::domain::mask::{mask_id_number, mask_phone};
use crate::domain::{CaseStatus, Channel};
use crate::store::error::Result;
use crate::store::records::{DayRange, ExportRow};
use rusqlite::{params, OptionalExtension};

impl SqliteStore {
    /// How many contacts an export of `range` writes (for its progress bar).
    pub(super) fn count_contacts(&self, range: DayRange) -> Result<u64> {
        let (lo, hi) = range.bounds();
        Ok(self.conn().query_row(
            "SELECT count(*) FROM contacts WHERE arrived_at >= ?1 AND arrived_at < ?2",
            params![lo, hi],
            |r| r.get(0),
        )?)
    }

    /// Hands the contacts of `range` to `each`, oldest first, one at a time, so that
    /// an export of the whole record never holds it in memory. ID numbers and
    /// phones come masked unless `reveal`. Returns how many rows were handed over.
    pub(super) fn export_contacts(
        &self,
        range: DayRange,
        reveal: bool,
        mut each: impl FnMut(&ExportRow) -> Result<()>,
    ) -> Result<u64> {
        let (lo, hi) = range.bounds();
        let mut stmt = self.conn().prepare(
            "SELECT k.id, k.arrived_at, k.channel, k.queue_no, k.letter_no, p.name, p.id_number,
                    p.phone, p.address, k.headcount, k.representatives, c.case_no, c.status,
                    c.category, CASE WHEN k.matter <> '' THEN k.matter ELSE c.matter END, k.flags,
                    fo.name, h.name, u.name, o.name, k.time_unknown
             FROM contacts k JOIN petitioners p ON p.id = k.petitioner_id
             JOIN cases c ON c.id = k.case_id JOIN officers o ON o.id = k.officer_id
             JOIN officers fo ON fo.id = c.first_officer_id
             LEFT JOIN officers h ON h.id = c.handler_id LEFT JOIN units u ON u.id = c.unit_id
             WHERE k.arrived_at >= ?1 AND k.arrived_at < ?2
             ORDER BY k.arrived_at, k.id",
        )?;
        let mut rows = stmt.query(params![lo, hi])?;
        let mut count = 0u64;
        while let Some(r) = rows.next()? {
            let id_number: Option<String> = r.get(6)?;
            let phone: Option<String> = r.get(7)?;
            let row = ExportRow {
                contact_id: r.get(0)?,
                arrived_at: r.get(1)?,
                time_unknown: r.get::<_, i64>(20)? != 0,
                channel: Channel::from_code(&r.get::<_, String>(2)?).unwrap_or(Channel::Visit),
                queue_no: r.get(3)?,
                letter_no: r.get(4)?,
                name: r.get(5)?,
                id_number: if reveal {
                    id_number
                } else {
                    id_number.as_deref().map(mask_id_number)
                },
                phone: if reveal {
                    phone
                } else {
                    phone.as_deref().map(mask_phone)
                },
                address: r.get(8)?,
                headcount: r.get(9)?,
                representatives: serde_json::from_str(&r.get::<_, String>(10)?).unwrap_or_default(),
                case_no: r.get(11)?,
                case_status: CaseStatus::from_code(&r.get::<_, String>(12)?)
                    .unwrap_or(CaseStatus::Registered),
                category: r.get(13)?,
                matter: r.get(14)?,
                flags: super::cases::parse_flags(&r.get::<_, String>(15)?),
                first_officer: r.get(16)?,
                handler: r.get(17)?,
                unit: r.get(18)?,
                officer: r.get(19)?,
            };
            each(&row)?;
            count += 1;
        }
        Ok(count)
    }

    /// Whether a contact imported from this row (its fingerprint) is on record.
    pub(super) fn imported(&self, import_key: &str) -> Result<bool> {
        Ok(self
            .conn()
            .prepare_cached("SELECT 1 FROM contacts WHERE import_key = ?1")?
            .query_row([import_key], |_| Ok(()))
            .optional()?
            .is_some())
    }

    /// Whether a case number is on record (canonical form, as `2026-000123`).
    pub(super) fn case_exists(&self, case_no: &str) -> Result<bool> {
        Ok(self
            .conn()
            .prepare_cached("SELECT 1 FROM cases WHERE case_no = ?1")?
            .query_row([case_no], |_| Ok(()))
            .optional()?
            .is_some())
    }
}

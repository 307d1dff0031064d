//! Contacts leaving the record (`jiedai export`) on PostgreSQL: the rows and the
//! order `sqlite::export` gives, from one snapshot, fetched from a portal a batch
//! at a time so that an export of the whole record never holds it in memory.

use crate::domain::mask::{mask_id_number, mask_phone};
use crate::domain::{CaseStatus, Channel};
use crate::store::error::Result;
use crate::store::records::{DayRange, ExportRow};
use crate::store::sqlite::parse_flags;
use postgres::Transaction;

/// Rows fetched from the portal at a time.
const BATCH: i32 = 500;

/// Hands the contacts of `range` to `each`, oldest first; ID numbers and phones
/// masked unless `reveal`. Returns how many rows were handed over.
pub(super) fn export_contacts(
    tx: &mut Transaction<'_>,
    range: DayRange,
    reveal: bool,
    each: &mut dyn FnMut(&ExportRow) -> Result<()>,
) -> Result<u64> {
    let (lo, hi) = range.bounds();
    let stmt = tx.prepare(
        "SELECT k.id, k.arrived_at, k.channel, k.queue_no, k.letter_no, p.name, p.id_number,
                p.phone, p.address, k.headcount, k.representatives, c.case_no, c.status,
                c.category, CASE WHEN k.matter <> '' THEN k.matter ELSE c.matter END, k.flags,
                fo.name, h.name, u.name, o.name, k.time_unknown
         FROM contacts k JOIN petitioners p ON p.id = k.petitioner_id
         JOIN cases c ON c.id = k.case_id JOIN officers o ON o.id = k.officer_id
         JOIN officers fo ON fo.id = c.first_officer_id
         LEFT JOIN officers h ON h.id = c.handler_id LEFT JOIN units u ON u.id = c.unit_id
         WHERE k.arrived_at >= $1 AND k.arrived_at < $2
         ORDER BY k.arrived_at, k.id",
    )?;
    let portal = tx.bind(&stmt, &[&lo, &hi])?;
    let mut count = 0u64;
    loop {
        let batch = tx.query_portal(&portal, BATCH)?;
        for r in &batch {
            each(&export_row(r, reveal)?)?;
            count += 1;
        }
        if batch.len() < BATCH as usize {
            break;
        }
    }
    Ok(count)
}

fn export_row(r: &postgres::Row, reveal: bool) -> Result<ExportRow> {
    let id_number: Option<String> = r.try_get(6)?;
    let phone: Option<String> = r.try_get(7)?;
    Ok(ExportRow {
        contact_id: r.try_get(0)?,
        arrived_at: r.try_get(1)?,
        time_unknown: r.try_get(20)?,
        channel: Channel::from_code(&r.try_get::<_, String>(2)?).unwrap_or(Channel::Visit),
        queue_no: r.try_get(3)?,
        letter_no: r.try_get(4)?,
        name: r.try_get(5)?,
        id_number: id_number.map(|s| if reveal { s } else { mask_id_number(&s) }),
        phone: phone.map(|s| if reveal { s } else { mask_phone(&s) }),
        address: r.try_get(8)?,
        headcount: super::rows::small(r.try_get(9)?),
        representatives: serde_json::from_str(&r.try_get::<_, String>(10)?).unwrap_or_default(),
        case_no: r.try_get(11)?,
        case_status: CaseStatus::from_code(&r.try_get::<_, String>(12)?)
            .unwrap_or(CaseStatus::Registered),
        category: r.try_get(13)?,
        matter: r.try_get(14)?,
        flags: parse_flags(&r.try_get::<_, String>(15)?),
        first_officer: r.try_get(16)?,
        handler: r.try_get(17)?,
        unit: r.try_get(18)?,
        officer: r.try_get(19)?,
    })
}

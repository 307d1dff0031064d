//! Today's walk-in queue as stored; which moves are allowed is `domain::queue`'s.

use super::SqliteStore;
use crate::domain::mask::mask_id_number;
use crate::domain::QueueStatus;
use crate::store::error::{Result, StoreError};
use crate::store::port::{QueueChange, QueueState};
use crate::store::records::{DeskCounts, QueueRow};
use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};

impl SqliteStore {
    /// The walk-ins of `day`, or, when `open_only`, everyone still waiting or being
    /// received whatever the day (a visitor who arrived at 23:50 is still here).
    pub(super) fn queue(&self, day: NaiveDate, open_only: bool) -> Result<Vec<QueueRow>> {
        let filter = if open_only {
            "k.queue_status IN ('waiting', 'receiving')"
        } else {
            "k.queue_date = ?1"
        };
        let sql = format!(
            "SELECT k.id, k.queue_date, k.queue_no, k.arrived_at, p.id, p.name, p.id_number, k.headcount,
                    c.case_no, k.matter, CASE WHEN c.source <> 'local' AND instr(k.flags, 'from_above') = 0 THEN json_insert(k.flags, '$[#]', 'from_above') ELSE k.flags END,
                    k.queue_status, r.name, k.received_at, k.finished_at
             FROM contacts k JOIN petitioners p ON p.id = k.petitioner_id JOIN cases c ON c.id = k.case_id
             LEFT JOIN officers r ON r.id = k.received_by
             WHERE k.queue_no IS NOT NULL AND {filter} AND ?1 IS NOT NULL
             ORDER BY CASE k.queue_status WHEN 'waiting' THEN 0 WHEN 'receiving' THEN 1 ELSE 2 END,
                      k.queue_date, k.queue_no"
        );
        let mut stmt = self.conn().prepare_cached(&sql)?;
        let rows = stmt.query_map([day.to_string()], |r| {
            Ok(QueueRow {
                contact_id: r.get(0)?,
                queue_date: r.get::<_, String>(1)?.parse().unwrap_or(day),
                queue_no: r.get(2)?,
                arrived_at: r.get(3)?,
                petitioner_id: r.get(4)?,
                name: r.get(5)?,
                id_number_masked: r.get::<_, Option<String>>(6)?.map(|s| mask_id_number(&s)),
                headcount: r.get(7)?,
                case_no: r.get(8)?,
                matter: r.get(9)?,
                flags: super::cases::parse_flags(&r.get::<_, String>(10)?),
                status: QueueStatus::from_code(&r.get::<_, String>(11)?)
                    .unwrap_or(QueueStatus::Waiting),
                received_by: r.get(12)?,
                received_at: r.get(13)?,
                finished_at: r.get(14)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The contact id of queue number `queue_no` on `day`.
    pub(super) fn queue_contact(&self, day: NaiveDate, queue_no: i64) -> Result<i64> {
        self.conn()
            .query_row(
                "SELECT id FROM contacts WHERE queue_date = ?1 AND queue_no = ?2",
                params![day.to_string(), queue_no],
                |r| r.get(0),
            )
            .optional()?
            .ok_or_else(|| StoreError::NotFound(format!(
                    "no visitor number {queue_no} on {day}; `jiedai queue` lists today's, --date YYYY-MM-DD names another day"
                )))
    }

    /// What the status line shows: who is waiting, and how many cases are late.
    pub(super) fn desk_counts(&self, today: NaiveDate) -> Result<DeskCounts> {
        let (waiting_batches, waiting_people) = self.conn().query_row(
            "SELECT count(*), coalesce(sum(headcount), 0) FROM contacts WHERE queue_status = 'waiting'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let receiving = self.conn().query_row(
            "SELECT count(*) FROM contacts WHERE queue_status = 'receiving'",
            [],
            |r| r.get(0),
        )?;
        let overdue_cases = super::tallies::overdue_cases(self.conn(), today)?;
        Ok(DeskCounts {
            waiting_batches,
            waiting_people,
            receiving,
            overdue_cases,
        })
    }
}

/// A walk-in's queue status, number, and whether someone received them.
pub(super) fn queue_state(tx: &Connection, contact_id: i64) -> Result<Option<QueueState>> {
    type Row = (
        Option<String>,
        Option<i64>,
        bool,
        Option<String>,
        i64,
        Option<String>,
        Option<String>,
    );
    let row: Option<Row> = tx
        .prepare_cached(
            "SELECT queue_status, queue_no, received_by IS NOT NULL, queue_date, case_id,
                    received_at, finished_at
             FROM contacts WHERE id = ?1",
        )?
        .query_row([contact_id], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
            ))
        })
        .optional()?;
    Ok(match row {
        Some((
            Some(status),
            Some(queue_no),
            received,
            Some(day),
            case_id,
            received_at,
            finished_at,
        )) => Some(QueueState {
            status: QueueStatus::from_code(&status).unwrap_or(QueueStatus::Waiting),
            queue_no,
            received,
            queue_date: day.parse().unwrap_or_default(),
            case_id,
            received_at,
            finished_at,
        }),
        _ => None,
    })
}

pub(super) fn update_queue(tx: &Connection, contact_id: i64, c: &QueueChange<'_>) -> Result<()> {
    tx.prepare_cached(
        "UPDATE contacts SET queue_status = ?2,
                received_by = CASE WHEN ?6 THEN NULL ELSE coalesce(?3, received_by) END,
                received_at = CASE WHEN ?6 THEN NULL ELSE coalesce(?4, received_at) END,
                finished_at = CASE WHEN ?7 THEN NULL ELSE coalesce(?5, finished_at) END
         WHERE id = ?1",
    )?
    .execute(params![
        contact_id,
        c.status.code(),
        c.received_by,
        c.received_at,
        c.finished_at,
        c.clear_received,
        c.clear_finished
    ])?;
    Ok(())
}

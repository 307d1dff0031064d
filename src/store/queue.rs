//! Today's walk-in queue: waiting → receiving → done, or waiting → left unseen.

use super::error::{Result, StoreError};
use super::registry::officer_id;
use super::Store;
use crate::domain::mask::mask_id_number;
use crate::domain::{Flag, QueueStatus};
use crate::time::stamp;
use chrono::NaiveDate;
use rusqlite::{params, OptionalExtension};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueueAction {
    Receive,
    Done,
    Left,
}

impl QueueAction {
    fn target(self) -> QueueStatus {
        match self {
            QueueAction::Receive => QueueStatus::Receiving,
            QueueAction::Done => QueueStatus::Done,
            QueueAction::Left => QueueStatus::Left,
        }
    }

    /// Which statuses the action may start from.
    fn allowed_from(self) -> &'static [QueueStatus] {
        match self {
            QueueAction::Receive => &[QueueStatus::Waiting],
            QueueAction::Done => &[QueueStatus::Receiving],
            QueueAction::Left => &[QueueStatus::Waiting, QueueStatus::Receiving],
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QueueRow {
    pub contact_id: i64,
    pub queue_date: NaiveDate,
    pub queue_no: i64,
    pub arrived_at: String,
    pub petitioner_id: i64,
    pub name: String,
    pub id_number_masked: Option<String>,
    pub headcount: u32,
    pub case_no: String,
    pub matter: String,
    pub flags: Vec<Flag>,
    pub status: QueueStatus,
    pub received_by: Option<String>,
    pub received_at: Option<String>,
    pub finished_at: Option<String>,
}

impl Store {
    /// The walk-ins of `day`, or, when `open_only`, everyone still waiting or being
    /// received whatever the day (a visitor who arrived at 23:50 is still here).
    pub fn queue(&self, day: NaiveDate, open_only: bool) -> Result<Vec<QueueRow>> {
        let filter = if open_only {
            "k.queue_status IN ('waiting', 'receiving')"
        } else {
            "k.queue_date = ?1"
        };
        let sql = format!(
            "SELECT k.id, k.queue_date, k.queue_no, k.arrived_at, p.id, p.name, p.id_number, k.headcount,
                    c.case_no, k.matter, k.flags, k.queue_status, r.name, k.received_at, k.finished_at
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

    /// Moves a walk-in along the queue by their contact id; returns the new status.
    pub fn queue_move(
        &mut self,
        officer: &str,
        contact_id: i64,
        action: QueueAction,
    ) -> Result<QueueStatus> {
        let at = stamp(self.now());
        self.write(|tx| {
            let officer_id = officer_id(tx, officer, &at)?;
            let row: Option<(Option<String>, Option<i64>)> = tx
                .query_row(
                    "SELECT queue_status, queue_no FROM contacts WHERE id = ?1",
                    [contact_id],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            let Some((Some(status), Some(no))) = row else {
                return Err(StoreError::NotFound(format!("contact {contact_id} is not a walk-in in the queue")));
            };
            let status = QueueStatus::from_code(&status).unwrap_or(QueueStatus::Waiting);
            if !action.allowed_from().contains(&status) {
                return Err(StoreError::Invalid(format!(
                    "visitor {no} is {}; cannot mark them {}",
                    status.code(),
                    action.target().code()
                )));
            }
            let target = action.target();
            match action {
                QueueAction::Receive => tx.prepare_cached("UPDATE contacts SET queue_status = ?2, received_by = ?3, received_at = ?4 WHERE id = ?1")?.execute(
                    params![contact_id, target.code(), officer_id, at],
                )?,
                QueueAction::Done | QueueAction::Left => tx.prepare_cached("UPDATE contacts SET queue_status = ?2, finished_at = ?4,
                            received_by = coalesce(received_by, CASE WHEN ?2 = 'done' THEN ?3 END)
                     WHERE id = ?1")?.execute(
                    params![contact_id, target.code(), officer_id, at],
                )?,
            };
            Ok(target)
        })
    }

    /// The contact id of queue number `queue_no` on `day`.
    pub fn queue_contact(&self, day: NaiveDate, queue_no: i64) -> Result<i64> {
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
    pub fn desk_counts(&self, today: NaiveDate) -> Result<DeskCounts> {
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
        let overdue_cases = self.conn().query_row(
            "SELECT count(*) FROM cases WHERE due_on IS NOT NULL AND due_on < ?1",
            [today.to_string()],
            |r| r.get(0),
        )?;
        Ok(DeskCounts {
            waiting_batches,
            waiting_people,
            receiving,
            overdue_cases,
        })
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct DeskCounts {
    pub waiting_batches: i64,
    pub waiting_people: i64,
    pub receiving: i64,
    pub overdue_cases: i64,
}

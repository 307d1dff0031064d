//! A unit of work's statements on shifts and the walk-in queue: a shift begun,
//! ended or handed over, the latest ones an officer's acts ask about, and a
//! walk-in's place in the queue.

use super::rows::{exec, one, opt};
use crate::domain::QueueStatus;
use crate::store::error::Result;
use crate::store::port::{QueueChange, QueueState, ShiftChange};
use postgres::Client;

pub(super) fn insert_shift(c: &mut Client, officer_id: i64, at: &str) -> Result<i64> {
    one(
        c,
        "INSERT INTO shifts(officer_id, started_at) VALUES ($1, $2) RETURNING id",
        &[&officer_id, &at],
    )
}

pub(super) fn update_shift(c: &mut Client, id: i64, s: &ShiftChange<'_>) -> Result<()> {
    exec(
        c,
        "UPDATE shifts SET notes = coalesce($2, notes), ended_at = coalesce($3, ended_at),
                               handed_to = coalesce($4, handed_to),
                               acked_by = coalesce($5, acked_by),
                               acked_at = coalesce($6, acked_at)
             WHERE id = $1",
        &[
            &id,
            &s.notes,
            &s.ended_at,
            &s.handed_to,
            &s.acked_by,
            &s.acked_at,
        ],
    )?;
    Ok(())
}

pub(super) fn latest_handover_to(c: &mut Client, officer_id: i64) -> Result<Option<i64>> {
    opt(
        c,
        "SELECT id FROM shifts WHERE handed_to = $1 AND acked_at IS NULL
             ORDER BY ended_at::timestamptz DESC, id DESC LIMIT 1",
        &[&officer_id],
    )
}

pub(super) fn latest_shift(c: &mut Client, officer_id: i64) -> Result<Option<i64>> {
    opt(
        c,
        "SELECT id FROM shifts WHERE officer_id = $1 ORDER BY started_at::timestamptz DESC, id DESC LIMIT 1",
        &[&officer_id],
    )
}

pub(super) fn queue_state(c: &mut Client, contact_id: i64) -> Result<Option<QueueState>> {
    let Some(r) = c.query_opt(
        "SELECT queue_status, queue_no, received_by IS NOT NULL, queue_date, case_id,
                    received_at, finished_at
             FROM contacts WHERE id = $1",
        &[&contact_id],
    )?
    else {
        return Ok(None);
    };
    let status: Option<String> = r.try_get(0)?;
    let queue_no: Option<i64> = r.try_get(1)?;
    let day: Option<String> = r.try_get(3)?;
    let (Some(status), Some(queue_no), Some(day)) = (status, queue_no, day) else {
        return Ok(None);
    };
    Ok(Some(QueueState {
        status: QueueStatus::from_code(&status).unwrap_or(QueueStatus::Waiting),
        queue_no,
        received: r.try_get(2)?,
        queue_date: day.parse().unwrap_or_default(),
        case_id: r.try_get(4)?,
        received_at: r.try_get(5)?,
        finished_at: r.try_get(6)?,
    }))
}

pub(super) fn update_queue(c: &mut Client, contact_id: i64, q: &QueueChange<'_>) -> Result<()> {
    exec(
        c,
        "UPDATE contacts SET queue_status = $2,
                    received_by = CASE WHEN $6 THEN NULL ELSE coalesce($3, received_by) END,
                    received_at = CASE WHEN $6 THEN NULL ELSE coalesce($4, received_at) END,
                    finished_at = CASE WHEN $7 THEN NULL ELSE coalesce($5, finished_at) END
             WHERE id = $1",
        &[
            &contact_id,
            &q.status.code(),
            &q.received_by,
            &q.received_at,
            &q.finished_at,
            &q.clear_received,
            &q.clear_finished,
        ],
    )?;
    Ok(())
}

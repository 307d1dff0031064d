//! Shifts (班次) and handovers (交班) as stored, and the queries behind the
//! handover summary. Starting, ending, handing over and acknowledging run above
//! the backend, in `store::service::shifts`, over the primitives at the end.

use super::SqliteStore;
use crate::domain::handover::{assemble, ContactFact, QueueFact, SummaryInput};
use crate::domain::Channel;
use crate::store::error::{Result, StoreError};
use crate::store::handover_window::{day_text, CaseBounds};
use crate::store::port::{Ctx, ShiftChange};
use crate::store::records::{Handover, HandoverSummary, Shift};
use crate::text::clean_input;
use crate::time::parse_instant;
use chrono::{DateTime, FixedOffset, NaiveDate};
use rusqlite::{params, Connection, OptionalExtension, Row};
use std::collections::BTreeSet;

const SHIFT_COLUMNS: &str =
    "s.id, o.name, s.started_at, s.ended_at, s.notes, h.name, a.name, s.acked_at
     FROM shifts s JOIN officers o ON o.id = s.officer_id
     LEFT JOIN officers h ON h.id = s.handed_to LEFT JOIN officers a ON a.id = s.acked_by";

fn shift_row(r: &Row<'_>) -> rusqlite::Result<Shift> {
    Ok(Shift {
        id: r.get(0)?,
        officer: r.get(1)?,
        started_at: r.get(2)?,
        ended_at: r.get(3)?,
        notes: r.get(4)?,
        handed_to: r.get(5)?,
        acked_by: r.get(6)?,
        acked_at: r.get(7)?,
    })
}

fn shift_by_id(conn: &Connection, id: i64) -> Result<Shift> {
    Ok(conn.query_row(
        &format!("SELECT {SHIFT_COLUMNS} WHERE s.id = ?1"),
        [id],
        shift_row,
    )?)
}

/// An officer's id without creating them: reading must not invent officers.
fn known_officer(conn: &Connection, name: &str) -> Result<Option<i64>> {
    Ok(conn
        .query_row(
            "SELECT id FROM officers WHERE name = ?1",
            [clean_input(name)],
            |r| r.get(0),
        )
        .optional()?)
}

fn open_shift_id(conn: &Connection, officer_id: i64) -> Result<Option<i64>> {
    // Asked before every write: prepared once per connection.
    Ok(conn
        .prepare_cached(
            "SELECT id FROM shifts WHERE officer_id = ?1 AND ended_at IS NULL ORDER BY id DESC LIMIT 1",
        )?
        .query_row([officer_id], |r| r.get(0))
        .optional()?)
}

fn handover_of(shift: Shift) -> Result<Handover> {
    let id = shift.id;
    shift
        .handover()
        .ok_or_else(|| StoreError::Invalid(format!("shift #{id} was not handed over")))
}

impl SqliteStore {
    /// The officer's open shift, if any.
    pub(super) fn current_shift(&self, officer: &str) -> Result<Option<Shift>> {
        let Some(officer_id) = known_officer(self.conn(), officer)? else {
            return Ok(None);
        };
        match open_shift_id(self.conn(), officer_id)? {
            Some(id) => Ok(Some(shift_by_id(self.conn(), id)?)),
            None => Ok(None),
        }
    }

    /// The officer's open shift, else the one that started last.
    pub(super) fn last_shift(&self, officer: &str) -> Result<Option<Shift>> {
        let Some(officer_id) = known_officer(self.conn(), officer)? else {
            return Ok(None);
        };
        Ok(self
            .conn()
            .query_row(
                &format!(
                    "SELECT {SHIFT_COLUMNS} WHERE s.officer_id = ?1
                     ORDER BY (s.ended_at IS NULL) DESC, julianday(s.started_at) DESC, s.id DESC LIMIT 1"
                ),
                [officer_id],
                shift_row,
            )
            .optional()?)
    }

    /// The officer's shifts, newest first.
    pub(super) fn shifts_of(&self, officer: &str, limit: usize) -> Result<Vec<Shift>> {
        match known_officer(self.conn(), officer)? {
            Some(id) => officer_shifts(self.conn(), id, i64::try_from(limit).unwrap_or(i64::MAX)),
            None => Ok(Vec::new()),
        }
    }

    /// Handovers addressed to the officer that they have not acknowledged, newest
    /// first: shown when their next shift starts.
    pub(super) fn pending_handovers(&self, officer: &str) -> Result<Vec<Handover>> {
        let Some(officer_id) = known_officer(self.conn(), officer)? else {
            return Ok(Vec::new());
        };
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT {SHIFT_COLUMNS} WHERE s.handed_to = ?1 AND s.acked_at IS NULL
             ORDER BY julianday(s.ended_at) DESC, s.id DESC"
        ))?;
        let rows = stmt.query_map([officer_id], shift_row)?;
        rows.map(|r| handover_of(r?)).collect()
    }

    /// The desk's most recent handover, acknowledged or not.
    pub(super) fn last_handover(&self) -> Result<Option<Handover>> {
        let shift = self
            .conn()
            .query_row(
                &format!(
                    "SELECT {SHIFT_COLUMNS} WHERE s.handed_to IS NOT NULL
                     ORDER BY julianday(s.ended_at) DESC, s.id DESC LIMIT 1"
                ),
                [],
                shift_row,
            )
            .optional()?;
        shift.map(handover_of).transpose()
    }

    /// What the officer's shift leaves behind (DESIGN.md 1.6).
    ///
    /// Without `since`, the window is the officer's open shift (from its start to
    /// now) or, if none is open, their last shift (start to end); an officer with no
    /// shift at all gets today from midnight. With `since`, the window runs to
    /// `until` (default now) and the notes are those of the last shift overlapping it.
    /// Both ends are inclusive. Everything is computed as of the window's end, so a
    /// past shift's summary is the same whenever it is asked for.
    pub(super) fn handover_summary(
        &self,
        cx: &Ctx,
        officer: &str,
        since: Option<DateTime<FixedOffset>>,
        until: Option<DateTime<FixedOffset>>,
    ) -> Result<HandoverSummary> {
        let conn = self.conn();
        let name = clean_input(officer);
        let officer_id = known_officer(conn, &name)?.ok_or_else(|| {
            StoreError::NotFound(format!(
                "no officer named {}; `jiedai officer list` shows them",
                crate::text::excerpt(&name, 40)
            ))
        })?;
        let now = cx.now;
        let (since, until, shift) = crate::store::handover_window::choose(
            now,
            since,
            until,
            || self.last_shift(&name),
            // SQLite reads a negative LIMIT as "no limit".
            || officer_shifts(conn, officer_id, -1),
        )?;

        // Stamps carry their own offsets, so the SQL bounds are whole dates with a
        // day to spare on each side; the exact window is applied after parsing.
        let lo = day_text(since.date_naive(), -1);
        let hi = day_text(until.date_naive(), 2);

        let contacts: Vec<ContactFact> = contact_facts(
            conn,
            "k.officer_id = ?1 AND k.arrived_at >= ?2 AND k.arrived_at < ?3",
            params![officer_id, lo, hi],
        )?
        .into_iter()
        .map(|(c, _)| c)
        .collect();
        let queue = contact_facts(
            conn,
            // Read by the index of when walk-ins finished (`contacts_queue_end`):
            // the unfinished sort after every day.
            "k.queue_no IS NOT NULL AND coalesce(k.finished_at, '~') >= ?1 AND k.arrived_at < ?2",
            // From a day before the window: who left unseen in it is listed too.
            params![lo, hi],
        )?
        .into_iter()
        .filter_map(|(contact, q)| Some(QueueFact { contact, ..q? }))
        .collect();
        let shown: BTreeSet<i64> = contacts.iter().map(|c| c.case_id).collect();
        let bounds = CaseBounds::new(until, cx.rules.clocks.due_soon_days);
        let ids =
            super::handover_cases::replayed(conn, officer_id, &bounds, (&lo, &hi), until, &shown)?;
        let cases = super::handover_cases::case_facts(conn, &ids)?;

        let mut summary = assemble(&SummaryInput {
            officer: name,
            since,
            until,
            shift,
            contacts,
            queue,
            cases,
            clocks: cx.rules.clocks.clone(),
        });
        summary.chain_head = super::ledger::anchor(self.conn())?.map(|a| a.to_string());
        Ok(summary)
    }
}

fn officer_shifts(conn: &Connection, officer_id: i64, limit: i64) -> Result<Vec<Shift>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {SHIFT_COLUMNS} WHERE s.officer_id = ?1
         ORDER BY julianday(s.started_at) DESC, s.id DESC LIMIT ?2"
    ))?;
    let rows = stmt.query_map(params![officer_id, limit], shift_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Contacts matching `clause`, each with its queue facts when it is a walk-in.
/// The `+` keeps the planner on the clause's index: ordering by the rowid it would
/// rather walk every contact in id order than sort the few it needs.
fn contact_facts(
    conn: &Connection,
    clause: &str,
    args: impl rusqlite::Params,
) -> Result<Vec<(ContactFact, Option<QueueFact>)>> {
    let sql = format!(
        "SELECT k.id, k.arrived_at, k.channel, k.headcount, k.representatives, p.name, p.id_number,
                k.case_id, c.case_no, CASE WHEN k.matter <> '' THEN k.matter ELSE c.matter END,
                k.queue_date, k.queue_no, k.letter_no,
                CASE WHEN c.source <> 'local' AND instr(k.flags, 'from_above') = 0 THEN json_insert(k.flags, '$[#]', 'from_above') ELSE k.flags END,
                o.name, k.received_at, r.name, k.finished_at, k.queue_status = 'left'
         FROM contacts k JOIN petitioners p ON p.id = k.petitioner_id JOIN cases c ON c.id = k.case_id
         JOIN officers o ON o.id = k.officer_id LEFT JOIN officers r ON r.id = k.received_by
         WHERE {clause} ORDER BY +k.id"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query(args)?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        // A row whose stamp cannot be read is left out rather than failing the whole
        // summary; `jiedai verify` is where damage gets reported.
        let Some(arrived_at) = parse_instant(&r.get::<_, String>(1)?) else {
            continue;
        };
        let contact = ContactFact {
            contact_id: r.get(0)?,
            arrived_at,
            channel: Channel::from_code(&r.get::<_, String>(2)?).unwrap_or(Channel::Visit),
            headcount: r.get(3)?,
            representatives: serde_json::from_str(&r.get::<_, String>(4)?).unwrap_or_default(),
            name: r.get(5)?,
            id_number: r.get(6)?,
            case_id: r.get(7)?,
            case_no: r.get(8)?,
            matter: r.get(9)?,
            queue_date: r
                .get::<_, Option<String>>(10)?
                .and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok()),
            queue_no: r.get(11)?,
            letter_no: r.get(12)?,
            flags: super::cases::parse_flags(&r.get::<_, String>(13)?),
        };
        let queue = contact
            .queue_no
            .is_some()
            .then(|| -> rusqlite::Result<QueueFact> {
                Ok(QueueFact {
                    contact: contact.clone(),
                    officer: r.get(14)?,
                    received_at: r
                        .get::<_, Option<String>>(15)?
                        .as_deref()
                        .and_then(parse_instant),
                    received_by: r.get(16)?,
                    finished_at: r
                        .get::<_, Option<String>>(17)?
                        .as_deref()
                        .and_then(parse_instant),
                    left: r.get::<_, Option<bool>>(18)?.unwrap_or(false),
                })
            });
        out.push((contact, queue.transpose()?));
    }
    Ok(out)
}

pub(super) fn open_shift(tx: &Connection, officer_id: i64) -> Result<Option<i64>> {
    open_shift_id(tx, officer_id)
}

pub(super) fn insert_shift(tx: &Connection, officer_id: i64, at: &str) -> Result<i64> {
    tx.prepare_cached("INSERT INTO shifts(officer_id, started_at) VALUES (?1, ?2)")?
        .execute(params![officer_id, at])?;
    Ok(tx.last_insert_rowid())
}

pub(super) fn shift(tx: &Connection, id: i64) -> Result<Option<Shift>> {
    Ok(tx
        .prepare_cached(&format!("SELECT {SHIFT_COLUMNS} WHERE s.id = ?1"))?
        .query_row([id], shift_row)
        .optional()?)
}

pub(super) fn update_shift(tx: &Connection, id: i64, c: &ShiftChange<'_>) -> Result<()> {
    tx.prepare_cached(
        "UPDATE shifts SET notes = coalesce(?2, notes), ended_at = coalesce(?3, ended_at),
                handed_to = coalesce(?4, handed_to), acked_by = coalesce(?5, acked_by),
                acked_at = coalesce(?6, acked_at)
         WHERE id = ?1",
    )?
    .execute(params![
        id,
        c.notes,
        c.ended_at,
        c.handed_to,
        c.acked_by,
        c.acked_at
    ])?;
    Ok(())
}

/// The newest handover to the officer that nobody acknowledged yet.
pub(super) fn latest_handover_to(tx: &Connection, officer_id: i64) -> Result<Option<i64>> {
    Ok(tx
        .prepare_cached(
            "SELECT id FROM shifts WHERE handed_to = ?1 AND acked_at IS NULL
             ORDER BY julianday(ended_at) DESC, id DESC LIMIT 1",
        )?
        .query_row([officer_id], |r| r.get(0))
        .optional()?)
}

/// The officer's most recent shift, open or not.
pub(super) fn latest_shift(tx: &Connection, officer_id: i64) -> Result<Option<i64>> {
    Ok(tx
        .prepare_cached(
            "SELECT id FROM shifts WHERE officer_id = ?1
             ORDER BY julianday(started_at) DESC, id DESC LIMIT 1",
        )?
        .query_row([officer_id], |r| r.get(0))
        .optional()?)
}

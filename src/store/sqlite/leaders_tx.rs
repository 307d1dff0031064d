//! The leaders' registers' write primitives (`LeaderTx`) over one open SQLite
//! transaction: 包案 records and their state log, contacts of their people,
//! receptions and the people received, 督办.

use super::rows::{collect, day};
use super::tx::SqliteTx;
use crate::domain::leaders::{BaoanState, Evidence, LeadersProblem};
use crate::domain::roster::OfficerRole;
use crate::store::error::{Result, StoreError};
use crate::store::leaders::*;
use crate::text::clean_input;
use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Row};

fn baoan_ref(r: &Row<'_>) -> rusqlite::Result<BaoanRef> {
    Ok(BaoanRef {
        id: r.get(0)?,
        state: BaoanState::from_code(&r.get::<_, String>(1)?).unwrap_or(BaoanState::Open),
        opened_on: day(&r.get::<_, String>(2)?),
        leader: r.get(3)?,
    })
}

const REF_COLUMNS: &str = "b.id, b.state, b.opened_on, l.name FROM baoan b
    JOIN officers l ON l.id = b.leader_id";

impl LeaderTx for SqliteTx<'_> {
    fn leader_id(&mut self, name: &str) -> Result<i64> {
        let name = clean_input(name);
        let found: Option<(i64, bool, String)> = self
            .conn()
            .prepare_cached("SELECT id, active, role FROM officers WHERE name = ?1")?
            .query_row([&name], |r| {
                Ok((r.get(0)?, r.get::<_, i64>(1)? != 0, r.get(2)?))
            })
            .optional()?;
        match found {
            Some((id, true, role)) if role == OfficerRole::Leader.code() => Ok(id),
            Some((_, true, _)) => Err(StoreError::Leaders(LeadersProblem::NotALeader(
                name.chars().take(40).collect(),
            ))),
            _ => Err(StoreError::NotFound(format!(
                "no active leader named {}; `jiedai officer list` shows the roster",
                crate::text::excerpt(&name, 40)
            ))),
        }
    }

    fn insert_baoan(&mut self, b: &NewBaoan<'_>) -> Result<i64> {
        let conn = self.conn();
        conn.prepare_cached(
            "INSERT INTO baoan(petitioner_id, leader_id, unit_id, keeper, plan, target_date,
                case_id, state, opened_on, created_at, created_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'open', ?8, ?9, ?10)",
        )?
        .execute(params![
            b.petitioner_id,
            b.leader_id,
            b.unit_id,
            b.keeper,
            b.plan,
            b.target_date.to_string(),
            b.case_id,
            b.opened_on.to_string(),
            b.at,
            b.officer_id
        ])?;
        let id = conn.last_insert_rowid();
        log_state(
            conn,
            id,
            BaoanState::Open,
            b.opened_on,
            None,
            b.at,
            b.officer_id,
        )?;
        Ok(id)
    }

    fn baoan_state(&mut self, id: i64) -> Result<Option<BaoanRef>> {
        let sql = format!("SELECT {REF_COLUMNS} WHERE b.id = ?1");
        Ok(self
            .conn()
            .prepare_cached(&sql)?
            .query_row([id], baoan_ref)
            .optional()?)
    }

    fn set_baoan_state(
        &mut self,
        id: i64,
        state: BaoanState,
        on: NaiveDate,
        evidence: Option<Evidence>,
        at: &str,
        officer_id: i64,
    ) -> Result<()> {
        let conn = self.conn();
        let closed = (state != BaoanState::Open).then(|| on.to_string());
        let reopened = state == BaoanState::Open;
        conn.prepare_cached(
            "UPDATE baoan SET state = ?2, closed_on = ?3, evidence = ?4, evidence_months = ?5,
                revisits = revisits + ?6 WHERE id = ?1",
        )?
        .execute(params![
            id,
            state.code(),
            closed,
            evidence.map(|e| e.kind.code()),
            evidence.and_then(|e| e.months),
            i64::from(reopened)
        ])?;
        log_state(conn, id, state, on, evidence, at, officer_id)
    }

    fn baoan_of_person(&mut self, petitioner_id: i64) -> Result<Vec<BaoanRef>> {
        let sql = format!("SELECT {REF_COLUMNS} WHERE b.petitioner_id = ?1 ORDER BY b.id");
        collect(self.conn(), &sql, [petitioner_id], baoan_ref)
    }

    fn insert_baoan_hit(
        &mut self,
        baoan_id: i64,
        contact_id: i64,
        at: &str,
        reopened: bool,
    ) -> Result<()> {
        self.conn()
            .prepare_cached(
                "INSERT OR IGNORE INTO baoan_hits(baoan_id, contact_id, at, reopened)
                 VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![baoan_id, contact_id, at, reopened])?;
        Ok(())
    }

    fn mark_told(&mut self, baoan_id: i64, at: &str, officer_id: i64) -> Result<usize> {
        Ok(self
            .conn()
            .prepare_cached(
                "UPDATE baoan_hits SET told_at = ?2, told_by = ?3
                  WHERE baoan_id = ?1 AND told_at IS NULL",
            )?
            .execute(params![baoan_id, at, officer_id])?)
    }

    fn insert_reception(&mut self, r: &NewReception<'_>) -> Result<i64> {
        let conn = self.conn();
        conn.prepare_cached(
            "INSERT INTO receptions(leader_id, day, time, place, topic, announced, units, kind,
                created_at, created_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        )?
        .execute(params![
            r.leader_id,
            r.day.to_string(),
            r.time,
            r.place,
            r.topic,
            r.announced,
            r.units,
            r.kind.code(),
            r.at,
            r.officer_id
        ])?;
        Ok(conn.last_insert_rowid())
    }

    fn reception(&mut self, id: i64) -> Result<Option<(String, NaiveDate)>> {
        Ok(self
            .conn()
            .prepare_cached(
                "SELECT l.name, r.day FROM receptions r JOIN officers l ON l.id = r.leader_id
                  WHERE r.id = ?1",
            )?
            .query_row([id], |r| Ok((r.get(0)?, day(&r.get::<_, String>(1)?))))
            .optional()?)
    }

    fn insert_visit(&mut self, v: &NewVisit<'_>) -> Result<i64> {
        let conn = self.conn();
        conn.prepare_cached(
            "INSERT INTO reception_visits(reception_id, petitioner_id, case_id, contact_id,
                opinion, assign_unit_id, deadline, at, officer_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )?
        .execute(params![
            v.reception_id,
            v.petitioner_id,
            v.case_id,
            v.contact_id,
            v.opinion,
            v.assign_unit_id,
            v.deadline.map(|d| d.to_string()),
            v.at,
            v.officer_id
        ])?;
        Ok(conn.last_insert_rowid())
    }

    fn queue_visitor(&mut self, day: NaiveDate, queue_no: i64) -> Result<Option<(i64, i64, i64)>> {
        Ok(self
            .conn()
            .prepare_cached(
                "SELECT id, petitioner_id, case_id FROM contacts
                  WHERE queue_date = ?1 AND queue_no = ?2",
            )?
            .query_row(params![day.to_string(), queue_no], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .optional()?)
    }

    fn insert_supervision(
        &mut self,
        case_id: i64,
        doc_no: &str,
        deadline: NaiveDate,
        text: Option<&str>,
        at: &str,
        officer_id: i64,
    ) -> Result<i64> {
        let conn = self.conn();
        conn.prepare_cached(
            "INSERT INTO supervisions(case_id, doc_no, deadline, text, set_at, set_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?
        .execute(params![
            case_id,
            doc_no,
            deadline.to_string(),
            text,
            at,
            officer_id
        ])?;
        Ok(conn.last_insert_rowid())
    }

    fn insert_booking(&mut self, booking: &NewBooking<'_>) -> Result<Option<i64>> {
        super::bookings::insert_booking(self.conn(), booking)
    }

    fn visit_of_contact(
        &mut self,
        reception_id: i64,
        contact_id: i64,
    ) -> Result<Option<(i64, bool)>> {
        super::bookings::visit_of_contact(self.conn(), reception_id, contact_id)
    }

    fn set_visit_word(&mut self, visit_id: i64, word: &VisitWord<'_>) -> Result<()> {
        super::bookings::set_visit_word(self.conn(), visit_id, word)
    }

    fn open_supervision(&mut self, case_id: i64) -> Result<Option<(i64, String)>> {
        Ok(self
            .conn()
            .prepare_cached(
                "SELECT id, doc_no FROM supervisions WHERE case_id = ?1 AND result IS NULL
                  ORDER BY id DESC LIMIT 1",
            )?
            .query_row([case_id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?)
    }

    fn answer_supervision(
        &mut self,
        id: i64,
        result: &str,
        at: &str,
        officer_id: i64,
    ) -> Result<()> {
        self.conn()
            .prepare_cached(
                "UPDATE supervisions SET result = ?2, answered_at = ?3, answered_by = ?4
                  WHERE id = ?1",
            )?
            .execute(params![id, result, at, officer_id])?;
        Ok(())
    }
}

fn log_state(
    conn: &Connection,
    id: i64,
    state: BaoanState,
    on: NaiveDate,
    evidence: Option<Evidence>,
    at: &str,
    officer_id: i64,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO baoan_log(baoan_id, on_day, state, evidence, at, officer_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        id,
        on.to_string(),
        state.code(),
        evidence.map(|e| e.kind.code()),
        at,
        officer_id
    ])?;
    Ok(())
}

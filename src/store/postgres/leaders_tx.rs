//! The leaders' registers' write primitives (`LeaderTx`) over one transaction
//! holding the record's write lock: 包案 records and their state log, contacts of
//! their people, receptions, the people received and booked, 督办. The statements
//! are `sqlite/leaders_tx.rs`'s and `sqlite/bookings.rs`'s, in the server's words.

use super::leaders::{collect, day};
use super::rows::{exec, one, opt};
use super::tx::PgTx;
use crate::domain::leaders::{BaoanState, Evidence, LeadersProblem};
use crate::domain::roster::OfficerRole;
use crate::store::error::{Result, StoreError};
use crate::store::leaders::*;
use crate::text::clean_input;
use chrono::NaiveDate;
use postgres::{GenericClient, Row};

fn baoan_ref(r: &Row) -> Result<BaoanRef> {
    Ok(BaoanRef {
        id: r.try_get(0)?,
        state: BaoanState::from_code(r.try_get(1)?).unwrap_or(BaoanState::Open),
        opened_on: day(r.try_get(2)?),
        leader: r.try_get(3)?,
    })
}

const REF_COLUMNS: &str = "b.id, b.state, b.opened_on, l.name FROM baoan b
    JOIN officers l ON l.id = b.leader_id";

impl LeaderTx for PgTx<'_> {
    fn leader_id(&mut self, name: &str) -> Result<i64> {
        let name = clean_input(name);
        let found = self
            .tx()?
            .query_opt(
                "SELECT id, active, role FROM officers WHERE name = $1",
                &[&name],
            )?
            .map(|r| -> Result<(i64, bool, String)> {
                Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?))
            })
            .transpose()?;
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
        let id: i64 = one(
            self.tx()?,
            "INSERT INTO baoan(petitioner_id, leader_id, unit_id, keeper, plan, target_date,
                case_id, state, opened_on, created_at, created_by)
             VALUES ($1, $2, $3, $4, $5, $6, $7, 'open', $8, $9, $10) RETURNING id",
            &[
                &b.petitioner_id,
                &b.leader_id,
                &b.unit_id,
                &b.keeper,
                &b.plan,
                &b.target_date.to_string(),
                &b.case_id,
                &b.opened_on.to_string(),
                &b.at,
                &b.officer_id,
            ],
        )?;
        log_state(
            self.tx()?,
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
        let sql = format!("SELECT {REF_COLUMNS} WHERE b.id = $1");
        self.tx()?
            .query_opt(&sql, &[&id])?
            .as_ref()
            .map(baoan_ref)
            .transpose()
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
        let closed = (state != BaoanState::Open).then(|| on.to_string());
        let reopened = i64::from(state == BaoanState::Open);
        exec(
            self.tx()?,
            "UPDATE baoan SET state = $2, closed_on = $3, evidence = $4, evidence_months = $5,
                revisits = revisits + $6 WHERE id = $1",
            &[
                &id,
                &state.code(),
                &closed,
                &evidence.map(|e| e.kind.code()),
                &evidence.and_then(|e| e.months).map(i64::from),
                &reopened,
            ],
        )?;
        log_state(self.tx()?, id, state, on, evidence, at, officer_id)
    }

    fn baoan_of_person(&mut self, petitioner_id: i64) -> Result<Vec<BaoanRef>> {
        let sql = format!("SELECT {REF_COLUMNS} WHERE b.petitioner_id = $1 ORDER BY b.id");
        collect(self.tx()?, &sql, &[&petitioner_id], baoan_ref)
    }

    fn insert_baoan_hit(
        &mut self,
        baoan_id: i64,
        contact_id: i64,
        at: &str,
        reopened: bool,
    ) -> Result<()> {
        exec(
            self.tx()?,
            "INSERT INTO baoan_hits(baoan_id, contact_id, at, reopened) VALUES ($1, $2, $3, $4)
             ON CONFLICT DO NOTHING",
            &[&baoan_id, &contact_id, &at, &reopened],
        )?;
        Ok(())
    }

    fn mark_told(&mut self, baoan_id: i64, at: &str, officer_id: i64) -> Result<usize> {
        let n = exec(
            self.tx()?,
            "UPDATE baoan_hits SET told_at = $2, told_by = $3
              WHERE baoan_id = $1 AND told_at IS NULL",
            &[&baoan_id, &at, &officer_id],
        )?;
        Ok(n as usize)
    }

    fn insert_reception(&mut self, r: &NewReception<'_>) -> Result<i64> {
        one(
            self.tx()?,
            "INSERT INTO receptions(leader_id, day, time, place, topic, announced, units, kind,
                created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
             RETURNING id",
            &[
                &r.leader_id,
                &r.day.to_string(),
                &r.time,
                &r.place,
                &r.topic,
                &r.announced,
                &r.units,
                &r.kind.code(),
                &r.at,
                &r.officer_id,
            ],
        )
    }

    fn reception(&mut self, id: i64) -> Result<Option<(String, NaiveDate)>> {
        self.tx()?
            .query_opt(
                "SELECT l.name, r.day FROM receptions r JOIN officers l ON l.id = r.leader_id
                  WHERE r.id = $1",
                &[&id],
            )?
            .map(|r| Ok((r.try_get(0)?, day(r.try_get(1)?))))
            .transpose()
    }

    fn insert_visit(&mut self, v: &NewVisit<'_>) -> Result<i64> {
        one(
            self.tx()?,
            "INSERT INTO reception_visits(reception_id, petitioner_id, case_id, contact_id,
                opinion, assign_unit_id, deadline, at, officer_id)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
            &[
                &v.reception_id,
                &v.petitioner_id,
                &v.case_id,
                &v.contact_id,
                &v.opinion,
                &v.assign_unit_id,
                &v.deadline.map(|d| d.to_string()),
                &v.at,
                &v.officer_id,
            ],
        )
    }

    fn queue_visitor(&mut self, day: NaiveDate, queue_no: i64) -> Result<Option<(i64, i64, i64)>> {
        self.tx()?
            .query_opt(
                "SELECT id, petitioner_id, case_id FROM contacts
                  WHERE queue_date = $1 AND queue_no = $2",
                &[&day.to_string(), &queue_no],
            )?
            .map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?)))
            .transpose()
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
        one(
            self.tx()?,
            "INSERT INTO supervisions(case_id, doc_no, deadline, text, set_at, set_by)
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
            &[
                &case_id,
                &doc_no,
                &deadline.to_string(),
                &text,
                &at,
                &officer_id,
            ],
        )
    }

    /// `None` when the person is booked already (the pair is unique).
    fn insert_booking(&mut self, b: &NewBooking<'_>) -> Result<Option<i64>> {
        opt(
            self.tx()?,
            "INSERT INTO reception_bookings(reception_id, petitioner_id, case_id, at, officer_id)
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING id",
            &[
                &b.reception_id,
                &b.petitioner_id,
                &b.case_id,
                &b.at,
                &b.officer_id,
            ],
        )
    }

    fn visit_of_contact(
        &mut self,
        reception_id: i64,
        contact_id: i64,
    ) -> Result<Option<(i64, bool)>> {
        self.tx()?
            .query_opt(
                "SELECT id, opinion IS NOT NULL OR assign_unit_id IS NOT NULL FROM reception_visits
                  WHERE reception_id = $1 AND contact_id = $2 ORDER BY id LIMIT 1",
                &[&reception_id, &contact_id],
            )?
            .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
            .transpose()
    }

    fn set_visit_word(&mut self, visit_id: i64, w: &VisitWord<'_>) -> Result<()> {
        exec(
            self.tx()?,
            "UPDATE reception_visits SET opinion = $2, assign_unit_id = $3, deadline = $4
              WHERE id = $1",
            &[
                &visit_id,
                &w.opinion,
                &w.assign_unit_id,
                &w.deadline.map(|d| d.to_string()),
            ],
        )?;
        Ok(())
    }

    fn open_supervision(&mut self, case_id: i64) -> Result<Option<(i64, String)>> {
        self.tx()?
            .query_opt(
                "SELECT id, doc_no FROM supervisions WHERE case_id = $1 AND result IS NULL
                  ORDER BY id DESC LIMIT 1",
                &[&case_id],
            )?
            .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
            .transpose()
    }

    fn answer_supervision(
        &mut self,
        id: i64,
        result: &str,
        at: &str,
        officer_id: i64,
    ) -> Result<()> {
        exec(
            self.tx()?,
            "UPDATE supervisions SET result = $2, answered_at = $3, answered_by = $4
              WHERE id = $1",
            &[&id, &result, &at, &officer_id],
        )?;
        Ok(())
    }
}

fn log_state<C: GenericClient>(
    c: &mut C,
    id: i64,
    state: BaoanState,
    on: NaiveDate,
    evidence: Option<Evidence>,
    at: &str,
    officer_id: i64,
) -> Result<()> {
    exec(
        c,
        "INSERT INTO baoan_log(baoan_id, on_day, state, evidence, at, officer_id)
         VALUES ($1, $2, $3, $4, $5, $6)",
        &[
            &id,
            &on.to_string(),
            &state.code(),
            &evidence.map(|e| e.kind.code()),
            &at,
            &officer_id,
        ],
    )?;
    Ok(())
}

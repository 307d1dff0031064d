//! Cases: reading one whole, and moving it through its lifecycle.

use super::error::{Result, StoreError};
use super::events::{append, timeline_points};
use super::registry::{existing_officer_id, officer_id, unit_id};
use super::Store;
use crate::domain::clocks::{compute_clocks, is_overdue, Clock};
use crate::domain::lifecycle::{
    allowed_steps, apply_step, check_annotation, check_extension, CaseStep,
};
use crate::domain::mask::{mask_id_number, mask_phone};
use crate::domain::numbering::{format_case_no, parse_case_no};
use crate::domain::{CaseStatus, Channel, EventKind, Flag, QueueStatus, Role};
use crate::text::{clean_input, clean_multiline};
use crate::time::stamp;
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::Serialize;
use serde_json::json;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CaseRow {
    pub id: i64,
    pub case_no: String,
    pub status: CaseStatus,
    pub matter: String,
    pub category: Option<String>,
    pub purpose: Option<String>,
    pub location: Option<String>,
    pub litigation: bool,
    pub source: String,
    pub first_officer: String,
    pub handler: Option<String>,
    pub unit: Option<String>,
    pub extended_days: u32,
    pub registered_at: String,
    pub updated_at: String,
    pub due_clock: Option<String>,
    pub due_on: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CasePetitioner {
    pub petitioner_id: i64,
    pub name: String,
    pub role: Role,
    pub id_number_masked: Option<String>,
    pub phone_masked: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ContactRow {
    pub id: i64,
    pub petitioner_id: i64,
    pub name: String,
    pub case_no: String,
    pub channel: Channel,
    pub headcount: u32,
    pub representatives: Vec<String>,
    pub matter: String,
    pub arrived_at: String,
    pub officer: String,
    pub queue_no: Option<i64>,
    pub queue_status: Option<QueueStatus>,
    pub letter_no: Option<String>,
    pub flags: Vec<Flag>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventRow {
    pub id: i64,
    pub at: String,
    pub officer: String,
    pub kind: EventKind,
    pub detail: serde_json::Value,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CaseDetail {
    #[serde(flatten)]
    pub case: CaseRow,
    pub petitioners: Vec<CasePetitioner>,
    pub contacts: Vec<ContactRow>,
    pub events: Vec<EventRow>,
    pub clocks: Vec<Clock>,
    pub overdue: bool,
    pub allowed_steps: Vec<CaseStep>,
}

/// A person with everything the desk knows about them, newest first.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PersonDetail {
    pub card: super::PetitionerCard,
    pub address: Option<String>,
    pub contacts: Vec<ContactRow>,
    pub cases: Vec<CaseRow>,
}

/// What some steps need besides the case: the unit of a transfer, the text of a
/// reply, decision or refusal.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CaseStepInput {
    pub unit: Option<String>,
    pub text: Option<String>,
}

pub(crate) fn canonical_case_no(s: &str) -> Result<String> {
    parse_case_no(s.trim())
        .map(|(y, n)| format_case_no(y, n))
        .ok_or_else(|| {
            StoreError::Invalid(format!(
                "{} is not a case number (like 2026-000123)",
                crate::text::excerpt(s, 40)
            ))
        })
}

const CASE_COLUMNS: &str = "c.id, c.case_no, c.status, c.matter, c.category, c.purpose, c.location, c.litigation,
     c.source, fo.name, h.name, u.name, c.extended_days, c.registered_at, c.updated_at, c.due_clock, c.due_on
     FROM cases c JOIN officers fo ON fo.id = c.first_officer_id
     LEFT JOIN officers h ON h.id = c.handler_id LEFT JOIN units u ON u.id = c.unit_id";

fn case_row(r: &Row<'_>) -> rusqlite::Result<CaseRow> {
    Ok(CaseRow {
        id: r.get(0)?,
        case_no: r.get(1)?,
        status: CaseStatus::from_code(&r.get::<_, String>(2)?).unwrap_or(CaseStatus::Registered),
        matter: r.get(3)?,
        category: r.get(4)?,
        purpose: r.get(5)?,
        location: r.get(6)?,
        litigation: r.get::<_, i64>(7)? != 0,
        source: r.get(8)?,
        first_officer: r.get(9)?,
        handler: r.get(10)?,
        unit: r.get(11)?,
        extended_days: r.get(12)?,
        registered_at: r.get(13)?,
        updated_at: r.get(14)?,
        due_clock: r.get(15)?,
        due_on: r.get(16)?,
    })
}

const CONTACT_COLUMNS: &str =
    "k.id, k.petitioner_id, p.name, c.case_no, k.channel, k.headcount, k.representatives,
     k.matter, k.arrived_at, o.name, k.queue_no, k.queue_status, k.letter_no, k.flags
     FROM contacts k JOIN petitioners p ON p.id = k.petitioner_id JOIN cases c ON c.id = k.case_id
     JOIN officers o ON o.id = k.officer_id";

pub(super) fn contact_row(r: &Row<'_>) -> rusqlite::Result<ContactRow> {
    Ok(ContactRow {
        id: r.get(0)?,
        petitioner_id: r.get(1)?,
        name: r.get(2)?,
        case_no: r.get(3)?,
        channel: Channel::from_code(&r.get::<_, String>(4)?).unwrap_or(Channel::Visit),
        headcount: r.get(5)?,
        representatives: serde_json::from_str(&r.get::<_, String>(6)?).unwrap_or_default(),
        matter: r.get(7)?,
        arrived_at: r.get(8)?,
        officer: r.get(9)?,
        queue_no: r.get(10)?,
        queue_status: r
            .get::<_, Option<String>>(11)?
            .and_then(|s| QueueStatus::from_code(&s)),
        letter_no: r.get(12)?,
        flags: parse_flags(&r.get::<_, String>(13)?),
    })
}

pub(super) fn parse_flags(json: &str) -> Vec<Flag> {
    serde_json::from_str::<Vec<String>>(json)
        .unwrap_or_default()
        .iter()
        .filter_map(|f| Flag::from_code(f))
        .collect()
}

pub(super) fn cases_of_person(conn: &Connection, petitioner_id: i64) -> Result<Vec<CaseRow>> {
    let sql = format!(
        "SELECT {CASE_COLUMNS} JOIN case_petitioners cp ON cp.case_id = c.id
         WHERE cp.petitioner_id = ?1 ORDER BY c.updated_at DESC, c.id DESC"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([petitioner_id], case_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(super) fn contacts_where(conn: &Connection, clause: &str, arg: i64) -> Result<Vec<ContactRow>> {
    let sql =
        format!("SELECT {CONTACT_COLUMNS} WHERE {clause} ORDER BY k.arrived_at DESC, k.id DESC");
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([arg], contact_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

impl Store {
    pub fn case_detail(&self, case_no: &str) -> Result<CaseDetail> {
        let no = canonical_case_no(case_no)?;
        let conn = self.conn();
        let case = conn
            .query_row(
                &format!("SELECT {CASE_COLUMNS} WHERE c.case_no = ?1"),
                [&no],
                case_row,
            )
            .optional()?
            .ok_or_else(|| StoreError::NotFound(format!("no case {no} on record")))?;
        let mut stmt = conn.prepare_cached(
            "SELECT p.id, p.name, cp.role, p.id_number, p.phone FROM case_petitioners cp
             JOIN petitioners p ON p.id = cp.petitioner_id WHERE cp.case_id = ?1 ORDER BY p.id",
        )?;
        let petitioners = stmt
            .query_map([case.id], |r| {
                Ok(CasePetitioner {
                    petitioner_id: r.get(0)?,
                    name: r.get(1)?,
                    role: Role::from_code(&r.get::<_, String>(2)?).unwrap_or(Role::Principal),
                    id_number_masked: r.get::<_, Option<String>>(3)?.map(|s| mask_id_number(&s)),
                    phone_masked: r.get::<_, Option<String>>(4)?.map(|s| mask_phone(&s)),
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let contacts = contacts_where(conn, "k.case_id = ?1", case.id)?;
        let mut stmt = conn.prepare_cached(
            "SELECT e.id, e.at, o.name, e.kind, e.detail FROM events e JOIN officers o ON o.id = e.officer_id
             WHERE e.case_id = ?1 ORDER BY e.id",
        )?;
        let events = stmt
            .query_map([case.id], |r| {
                Ok(EventRow {
                    id: r.get(0)?,
                    at: r.get(1)?,
                    officer: r.get(2)?,
                    kind: EventKind::from_code(&r.get::<_, String>(3)?).unwrap_or(EventKind::Note),
                    detail: serde_json::from_str(&r.get::<_, String>(4)?)
                        .unwrap_or(serde_json::Value::Null),
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let clocks = compute_clocks(
            &timeline_points(conn, case.id)?,
            self.today(),
            &self.rules.clocks,
        );
        let overdue = case.status.is_open() && is_overdue(&clocks);
        let allowed_steps = allowed_steps(case.status);
        Ok(CaseDetail {
            case,
            petitioners,
            contacts,
            events,
            clocks,
            overdue,
            allowed_steps,
        })
    }

    /// Moves a case one step along its lifecycle, on the record.
    pub fn case_step(
        &mut self,
        officer: &str,
        case_no: &str,
        step: CaseStep,
        input: &CaseStepInput,
    ) -> Result<CaseStatus> {
        let no = canonical_case_no(case_no)?;
        let at = stamp(self.now());
        let clocks = self.rules.clocks.clone();
        let text = input
            .text
            .as_deref()
            .map(clean_multiline)
            .filter(|t| !t.is_empty());
        if let Some(t) = &text {
            crate::text::check_length(t, crate::domain::intake::MAX_MATTER_CHARS, "text")
                .map_err(StoreError::Invalid)?;
        }
        self.write(|tx| {
            let officer_id = officer_id(tx, officer, &at)?;
            let (case_id, status) = case_status(tx, &no)?;
            let next = apply_step(status, step)?;
            let mut detail = json!({ "from": status.code(), "to": next.code() });
            if step == CaseStep::Transfer {
                let unit = input
                    .unit
                    .as_deref()
                    .filter(|u| !u.trim().is_empty())
                    .ok_or_else(|| {
                        StoreError::Invalid(
                            "a transfer needs the receiving unit (--unit NAME)".into(),
                        )
                    })?;
                let unit_id = unit_id(tx, unit)?;
                tx.prepare_cached("UPDATE cases SET unit_id = ?2 WHERE id = ?1")?
                    .execute(params![case_id, unit_id])?;
                detail["unit"] = json!(clean_input(unit));
            }
            if matches!(
                step,
                CaseStep::NotAccept | CaseStep::DecideReview | CaseStep::DecideRecheck
            ) && text.is_none()
            {
                return Err(StoreError::Invalid(format!(
                    "{} needs its reason or decision in writing: add --text \"...\"",
                    step.code().replace('_', "-")
                )));
            }
            if let Some(t) = &text {
                detail["text"] = json!(t);
            }
            tx.prepare_cached("UPDATE cases SET status = ?2, updated_at = ?3 WHERE id = ?1")?
                .execute(params![case_id, next.code(), at])?;
            append(
                tx,
                case_id,
                &at,
                officer_id,
                step.event_kind(),
                &detail,
                &clocks,
            )?;
            touch_case_people(tx, case_id)?;
            Ok(next)
        })
    }

    /// Names the handler and/or the handling unit. The first officer never changes.
    pub fn assign(
        &mut self,
        officer: &str,
        case_no: &str,
        handler: Option<&str>,
        unit: Option<&str>,
    ) -> Result<()> {
        if handler.is_none() && unit.is_none() {
            return Err(StoreError::Invalid(
                "name a handler (--to OFFICER) or a unit (--unit UNIT) to assign".into(),
            ));
        }
        let no = canonical_case_no(case_no)?;
        let at = stamp(self.now());
        let clocks = self.rules.clocks.clone();
        self.write(|tx| {
            let officer_id = officer_id(tx, officer, &at)?;
            let (case_id, status) = case_status(tx, &no)?;
            check_annotation(status)?;
            let mut detail = json!({});
            if let Some(h) = handler {
                let hid = existing_officer_id(tx, h)?;
                tx.prepare_cached("UPDATE cases SET handler_id = ?2 WHERE id = ?1")?
                    .execute(params![case_id, hid])?;
                detail["handler"] = json!(clean_input(h));
            }
            if let Some(u) = unit {
                let uid = unit_id(tx, u)?;
                tx.prepare_cached("UPDATE cases SET unit_id = ?2 WHERE id = ?1")?
                    .execute(params![case_id, uid])?;
                detail["unit"] = json!(clean_input(u));
            }
            tx.prepare_cached("UPDATE cases SET updated_at = ?2 WHERE id = ?1")?
                .execute(params![case_id, at])?;
            append(
                tx,
                case_id,
                &at,
                officer_id,
                EventKind::Assign,
                &detail,
                &clocks,
            )?;
            Ok(())
        })
    }

    /// Extends the handling clock once, by at most the configured days, with a reason.
    pub fn extend(&mut self, officer: &str, case_no: &str, days: u32, reason: &str) -> Result<()> {
        let no = canonical_case_no(case_no)?;
        let at = stamp(self.now());
        let rules = self.rules.clocks.clone();
        let reason = clean_multiline(reason);
        self.write(|tx| {
            let officer_id = officer_id(tx, officer, &at)?;
            let (case_id, status) = case_status(tx, &no)?;
            let extended: u32 = tx
                .prepare_cached("SELECT extended_days FROM cases WHERE id = ?1")?
                .query_row([case_id], |r| r.get(0))?;
            check_extension(
                status,
                extended > 0,
                days,
                rules.max_extension_days,
                &reason,
            )?;
            tx.prepare_cached(
                "UPDATE cases SET extended_days = ?2, updated_at = ?3 WHERE id = ?1",
            )?
            .execute(params![case_id, days, at])?;
            append(
                tx,
                case_id,
                &at,
                officer_id,
                EventKind::Extend,
                &json!({ "days": days, "reason": reason }),
                &rules,
            )?;
            Ok(())
        })
    }

    /// A free note, a supervision (督办) or a link to another case, on an open case.
    pub fn annotate(
        &mut self,
        officer: &str,
        case_no: &str,
        kind: EventKind,
        text: &str,
    ) -> Result<()> {
        if !matches!(
            kind,
            EventKind::Note | EventKind::Supervise | EventKind::Link
        ) {
            return Err(StoreError::Invalid(format!(
                "{} is not an annotation",
                kind.code()
            )));
        }
        let no = canonical_case_no(case_no)?;
        let text = clean_multiline(text);
        if text.is_empty() {
            return Err(StoreError::Invalid("the note is empty".into()));
        }
        crate::text::check_length(&text, crate::domain::intake::MAX_MATTER_CHARS, "note")
            .map_err(StoreError::Invalid)?;
        let at = stamp(self.now());
        let clocks = self.rules.clocks.clone();
        self.write(|tx| {
            let officer_id = officer_id(tx, officer, &at)?;
            let (case_id, status) = case_status(tx, &no)?;
            check_annotation(status)?;
            let mut detail = json!({ "text": text });
            if kind == EventKind::Link {
                let other = canonical_case_no(&text)?;
                let (other_id, _) = case_status(tx, &other)?;
                if other_id == case_id {
                    return Err(StoreError::Invalid(format!(
                        "case {no} cannot be linked to itself; name another case"
                    )));
                }
                let linked: bool = tx
                    .prepare_cached(
                        "SELECT EXISTS(SELECT 1 FROM events WHERE case_id = ?1 AND kind = 'link'
                                         AND json_extract(detail, '$.case_no') = ?2)",
                    )?
                    .query_row(params![case_id, other], |r| r.get(0))?;
                if linked {
                    return Err(StoreError::Invalid(format!(
                        "case {no} is already linked to {other}; nothing to do"
                    )));
                }
                detail = json!({ "case_no": other });
            }
            tx.prepare_cached("UPDATE cases SET updated_at = ?2 WHERE id = ?1")?
                .execute(params![case_id, at])?;
            append(tx, case_id, &at, officer_id, kind, &detail, &clocks)?;
            Ok(())
        })
    }

    pub fn person_detail(&self, petitioner_id: i64) -> Result<PersonDetail> {
        let card = self
            .cards(&[petitioner_id])?
            .pop()
            .ok_or_else(|| StoreError::NotFound(format!("no person #{petitioner_id} on record")))?;
        let address: Option<String> = self.conn().query_row(
            "SELECT address FROM petitioners WHERE id = ?1",
            [petitioner_id],
            |r| r.get(0),
        )?;
        Ok(PersonDetail {
            card,
            address,
            contacts: contacts_where(self.conn(), "k.petitioner_id = ?1", petitioner_id)?,
            cases: cases_of_person(self.conn(), petitioner_id)?,
        })
    }
}

fn case_status(tx: &Connection, case_no: &str) -> Result<(i64, CaseStatus)> {
    let row: Option<(i64, String)> = tx
        .prepare_cached("SELECT id, status FROM cases WHERE case_no = ?1")?
        .query_row([case_no], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let (id, status) =
        row.ok_or_else(|| StoreError::NotFound(format!("no case {case_no} on record")))?;
    Ok((
        id,
        CaseStatus::from_code(&status).unwrap_or(CaseStatus::Registered),
    ))
}

/// A case's status shows on its people's lookup rows: mark them changed.
fn touch_case_people(tx: &Connection, case_id: i64) -> Result<()> {
    let ids: Vec<i64> = tx
        .prepare_cached("SELECT petitioner_id FROM case_petitioners WHERE case_id = ?1")?
        .query_map([case_id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for id in ids {
        super::people::touch_person(tx, id)?;
    }
    Ok(())
}

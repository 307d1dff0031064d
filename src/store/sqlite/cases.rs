//! Cases read whole (their steps are written through the unit of work, `tx.rs`).

use super::events::timeline_points;
use super::SqliteStore;
use crate::domain::clocks::{compute_clocks, is_overdue};
use crate::domain::lifecycle::allowed_steps;
use crate::domain::mask::{mask_id_number, mask_phone};
use crate::domain::{CaseStatus, Channel, EventKind, Flag, QueueStatus, Role};
use crate::store::error::{Result, StoreError};
use crate::store::port::canonical_case_no;
use crate::store::port::Ctx;
use crate::store::records::{
    CaseDetail, CasePetitioner, CaseRow, ContactRow, EventRow, PersonDetail,
};
use rusqlite::{Connection, OptionalExtension, Row};

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
     k.matter, k.arrived_at, o.name, k.queue_no, k.queue_status, k.letter_no,
     -- A matter from above is marked on every contact, also those before its source was recorded.
     CASE WHEN c.source <> 'local' AND instr(k.flags, 'from_above') = 0 THEN json_insert(k.flags, '$[#]', 'from_above') ELSE k.flags END
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

fn events_kinds(events: &[EventRow]) -> Vec<EventKind> {
    events.iter().map(|e| e.kind).collect()
}

pub(crate) fn parse_flags(json: &str) -> Vec<Flag> {
    let mut flags: Vec<Flag> = serde_json::from_str::<Vec<String>>(json)
        .unwrap_or_default()
        .iter()
        .filter_map(|f| Flag::from_code(f))
        .collect();
    // In `Flag::ALL` order: a mark derived on reading (上级交办) comes last in the JSON.
    flags.sort_by_key(|f| Flag::ALL.iter().position(|x| x == f));
    flags
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

impl SqliteStore {
    pub(super) fn case_detail(&self, cx: &Ctx, case_no: &str) -> Result<CaseDetail> {
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
            cx.today(),
            &cx.rules.clocks,
        );
        // The upper office waits for its report even after the case is closed here.
        let overdue = (case.status.is_open() && is_overdue(&clocks))
            || clocks.iter().any(|c| {
                c.kind == crate::domain::ClockKind::Upper
                    && c.state == crate::domain::ClockState::Overdue
            });
        let case_id = case.id;
        let matter = super::matters::matter_state(conn, case.id)?;
        // A merged duplicate takes no more steps: its original does.
        let allowed_steps = match matter.merged_into {
            Some(_) => Vec::new(),
            None => allowed_steps(case.status),
        };
        let report_back_allowed = crate::domain::assigned::report_back_due(
            matter.upper.as_ref(),
            matter.reported_on,
            &events_kinds(&events),
        )
        .is_ok();
        Ok(CaseDetail {
            case,
            petitioners,
            contacts,
            events,
            clocks,
            overdue,
            allowed_steps,
            upper: matter.upper,
            reported_back_on: matter.reported_on,
            report_back_allowed,
            merged_into: matter.merged_into,
            initial: crate::domain::initial::is_initial(&super::matters::initial_facts(
                conn, case_id,
            )?),
        })
    }

    pub(super) fn person_detail(&self, cx: &Ctx, petitioner_id: i64) -> Result<PersonDetail> {
        let card = self
            .cards(cx, &[petitioner_id])?
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

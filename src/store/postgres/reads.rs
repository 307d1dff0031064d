//! Reading what the desk shows: a person's past, cases with their people,
//! contacts and timeline, the cards of a lookup. The same queries as the SQLite
//! adapter's, in PostgreSQL's words.

use super::rows::{one, opt, small};
use super::timeline::points;
use crate::domain::clocks::{compute_clocks, is_overdue};
use crate::domain::flags::petitioner_flags;
use crate::domain::history::{petitioner_history, CaseFacts, PersonFacts};
use crate::domain::initial::InitialFacts;
use crate::domain::lifecycle::allowed_steps;
use crate::domain::mask::{mask_id_number, mask_phone};
use crate::domain::{CaseStatus, Channel, EventKind, QueueStatus, Role};
use crate::store::error::{Result, StoreError};
use crate::store::port::{canonical_case_no, Ctx, MatterState};
use crate::store::records::{
    CaseDetail, CasePetitioner, CaseRow, ContactRow, EventRow, PersonDetail, PetitionerCard, Shift,
};
use crate::store::sqlite::{effective_day, notice_of, parse_flags};
use chrono::NaiveDate;
use postgres::{GenericClient, Row};

/// A contact's flags as shown: a matter from above is marked on every contact,
/// also those before its source was recorded.
pub(super) const SHOWN_FLAGS: &str =
    "CASE WHEN c.source <> 'local' AND strpos(k.flags, 'from_above') = 0
          THEN (k.flags::jsonb || '[\"from_above\"]'::jsonb)::text ELSE k.flags END";

fn date_of(stamp: &str) -> NaiveDate {
    crate::time::parse_instant(stamp)
        .map(|t| t.date_naive())
        .unwrap_or_default()
}

/// A person's contacts and cases so far, plus the case a new contact is about to
/// join (which may not be theirs yet); as `sqlite::history::person_facts`.
pub(super) fn person_facts<C: GenericClient>(
    c: &mut C,
    petitioner_id: i64,
    joining: Option<i64>,
) -> Result<PersonFacts> {
    // One statement (each is a round trip): the person's two figures, computed
    // once, beside each of their cases (one row of NULLs when they have none).
    let rows = super::rows::all(
        c,
        "SELECT (SELECT count(*) FROM contacts WHERE petitioner_id = $1),
                coalesce((SELECT marked_long_standing FROM petitioners WHERE id = $1), FALSE),
                f.*
         FROM (SELECT 1) AS one
         LEFT JOIN LATERAL (
           SELECT c.id, c.status,
                  c.status = 'archived'
                      AND EXISTS (SELECT 1 FROM events e WHERE e.case_id = c.id
                                  AND e.kind = 'decide_recheck'),
                  (SELECT string_agg(DISTINCT k.channel, ',') FROM contacts k WHERE k.case_id = c.id),
                  (SELECT count(*) FROM contacts k WHERE k.case_id = c.id),
                  coalesce((SELECT min(k.arrived_at) FROM contacts k WHERE k.case_id = c.id),
                           c.registered_at),
                  coalesce((SELECT max(k.arrived_at) FROM contacts k WHERE k.case_id = c.id),
                           c.registered_at),
                  c.due_on, c.source <> 'local'
           FROM cases c
           -- One array of ids, not `IN (…) OR c.id = $2`: the server answers an OR
           -- across two sources with a scan of every case (200 ms at 100k people).
           WHERE c.id = ANY(ARRAY(SELECT case_id FROM case_petitioners WHERE petitioner_id = $1)
                            || $2::bigint)
         ) f ON TRUE
         ORDER BY f.id",
        &[&petitioner_id, &joining],
    )?;
    let (contact_count, marked): (i64, bool) = match rows.first() {
        Some(r) => (r.try_get(0)?, r.try_get(1)?),
        None => (0, false),
    };
    let mut cases = Vec::with_capacity(rows.len());
    // The case's columns come after the person's two.
    for r in rows {
        let Some(case_id) = r.try_get::<_, Option<i64>>(2)? else {
            continue;
        };
        let status: String = r.try_get(3)?;
        let channels: Option<String> = r.try_get(5)?;
        let first: String = r.try_get(7)?;
        let last: String = r.try_get(8)?;
        let due_on: Option<String> = r.try_get(9)?;
        cases.push(CaseFacts {
            case_id,
            status: CaseStatus::from_code(&status).unwrap_or(CaseStatus::Registered),
            recheck_decided: r.try_get(4)?,
            channels: channels
                .unwrap_or_default()
                .split(',')
                .filter_map(Channel::from_code)
                .collect(),
            contact_count: small(r.try_get(6)?),
            first_contact: date_of(&first),
            last_contact: date_of(&last),
            due_on: due_on.and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok()),
            from_above: r.try_get(10)?,
        });
    }
    Ok(PersonFacts {
        contact_count: small(contact_count),
        marked_long_standing: marked,
        cases,
    })
}

/// A matter as the steps of its life need it.
pub(super) fn matter_state<C: GenericClient>(c: &mut C, case_id: i64) -> Result<MatterState> {
    let upper = super::rows::row(
        c,
        "SELECT from_office, doc_no, received_on, due_on, report_due, reported_back_on
         FROM case_upper WHERE case_id = $1",
        &[&case_id],
    )?;
    let day = |s: Option<String>| s.and_then(|d| d.parse::<NaiveDate>().ok());
    let (upper, reported_on) = match upper {
        None => (None, None),
        Some(r) => {
            let received = day(r.try_get(2)?);
            let due = day(r.try_get(3)?);
            let terms = received
                .zip(due)
                .map(|(received, due)| -> Result<_> {
                    Ok(crate::domain::assigned::UpperTerms {
                        from_office: r.try_get(0)?,
                        doc_no: r.try_get(1)?,
                        received,
                        due,
                        report_due: r.try_get(4)?,
                    })
                })
                .transpose()?;
            (terms, day(r.try_get(5)?))
        }
    };
    let mut steps = Vec::new();
    let mut notices = Vec::new();
    for r in super::rows::all(
        c,
        "SELECT kind, at, CASE WHEN kind = 'notify' THEN detail END
         FROM events WHERE case_id = $1 ORDER BY id",
        &[&case_id],
    )? {
        let kind: String = r.try_get(0)?;
        let at: String = r.try_get(1)?;
        let detail: Option<String> = r.try_get(2)?;
        let (Some(kind), Some(at)) = (EventKind::from_code(&kind), crate::time::parse_instant(&at))
        else {
            continue;
        };
        // A notice counts from the day it was given, which may be before the day
        // it was recorded.
        let detail: serde_json::Value = detail
            .and_then(|d| serde_json::from_str(&d).ok())
            .unwrap_or_default();
        steps.push((
            kind,
            effective_day(kind, &detail).unwrap_or(at.date_naive()),
        ));
        notices.push(notice_of(kind, &detail));
    }
    let merged_into: Option<String> = opt(
        c,
        "SELECT o.case_no FROM case_merges m JOIN cases o ON o.id = m.into_case_id
         WHERE m.case_id = $1",
        &[&case_id],
    )?;
    Ok(MatterState {
        upper,
        reported_on,
        steps,
        notices,
        merged_into,
    })
}

/// What decides whether a matter is an initial one (初信初访).
fn initial_facts<C: GenericClient>(c: &mut C, case_id: i64) -> Result<InitialFacts> {
    let r = c.query_one(
        "SELECT c.source <> 'local',
                EXISTS(SELECT 1 FROM events e JOIN cases o
                            ON o.case_no = (e.detail::jsonb) ->> 'case_no'
                        WHERE e.case_id = c.id AND e.kind = 'link' AND o.id < c.id)
             OR EXISTS(SELECT 1 FROM events e
                        WHERE e.kind = 'link' AND (e.detail::jsonb) ->> 'case_no' = c.case_no
                          AND e.case_id < c.id),
                coalesce((SELECT strpos(k.flags, 'same_source') > 0 FROM contacts k
                           WHERE k.case_id = c.id ORDER BY k.id LIMIT 1), false),
                EXISTS(SELECT 1 FROM case_merges m WHERE m.case_id = c.id)
         FROM cases c WHERE c.id = $1",
        &[&case_id],
    )?;
    Ok(InitialFacts {
        from_above: r.try_get(0)?,
        linked_to_earlier: r.try_get(1)?,
        same_source: r.try_get(2)?,
        merged: r.try_get(3)?,
    })
}

const CASE_COLUMNS: &str = "c.id, c.case_no, c.status, c.matter, c.category, c.purpose, c.location,
     c.litigation, c.source, fo.name, h.name, u.name, c.extended_days, c.registered_at,
     c.updated_at, c.due_clock, c.due_on
     FROM cases c JOIN officers fo ON fo.id = c.first_officer_id
     LEFT JOIN officers h ON h.id = c.handler_id LEFT JOIN units u ON u.id = c.unit_id";

fn case_row(r: &Row) -> Result<CaseRow> {
    let status: String = r.try_get(2)?;
    Ok(CaseRow {
        id: r.try_get(0)?,
        case_no: r.try_get(1)?,
        status: CaseStatus::from_code(&status).unwrap_or(CaseStatus::Registered),
        matter: r.try_get(3)?,
        category: r.try_get(4)?,
        purpose: r.try_get(5)?,
        location: r.try_get(6)?,
        litigation: r.try_get(7)?,
        source: r.try_get(8)?,
        first_officer: r.try_get(9)?,
        handler: r.try_get(10)?,
        unit: r.try_get(11)?,
        extended_days: small(r.try_get(12)?),
        registered_at: r.try_get(13)?,
        updated_at: r.try_get(14)?,
        due_clock: r.try_get(15)?,
        due_on: r.try_get(16)?,
    })
}

fn contact_columns() -> String {
    format!(
        "k.id, k.petitioner_id, p.name, c.case_no, k.channel, k.headcount, k.representatives,
         k.matter, k.arrived_at, o.name, k.queue_no, k.queue_status, k.letter_no, {SHOWN_FLAGS}
         FROM contacts k JOIN petitioners p ON p.id = k.petitioner_id
         JOIN cases c ON c.id = k.case_id JOIN officers o ON o.id = k.officer_id"
    )
}

fn contact_row(r: &Row) -> Result<ContactRow> {
    let channel: String = r.try_get(4)?;
    let representatives: String = r.try_get(6)?;
    let queue_status: Option<String> = r.try_get(11)?;
    let flags: String = r.try_get(13)?;
    Ok(ContactRow {
        id: r.try_get(0)?,
        petitioner_id: r.try_get(1)?,
        name: r.try_get(2)?,
        case_no: r.try_get(3)?,
        channel: Channel::from_code(&channel).unwrap_or(Channel::Visit),
        headcount: small(r.try_get(5)?),
        representatives: serde_json::from_str(&representatives).unwrap_or_default(),
        matter: r.try_get(7)?,
        arrived_at: r.try_get(8)?,
        officer: r.try_get(9)?,
        queue_no: r.try_get(10)?,
        queue_status: queue_status.and_then(|s| QueueStatus::from_code(&s)),
        letter_no: r.try_get(12)?,
        flags: parse_flags(&flags),
    })
}

/// Contacts of a case (`by_case`) or of a person, newest first.
fn contacts_of<C: GenericClient>(c: &mut C, by_case: bool, id: i64) -> Result<Vec<ContactRow>> {
    let column = if by_case {
        "k.case_id"
    } else {
        "k.petitioner_id"
    };
    c.query(
        &format!(
            "SELECT {} WHERE {column} = $1 ORDER BY k.arrived_at DESC, k.id DESC",
            contact_columns()
        ),
        &[&id],
    )?
    .iter()
    .map(contact_row)
    .collect()
}

pub(super) fn case_detail<C: GenericClient>(
    c: &mut C,
    cx: &Ctx,
    case_no: &str,
) -> Result<CaseDetail> {
    let no = canonical_case_no(case_no)?;
    let case = c
        .query_opt(
            &format!("SELECT {CASE_COLUMNS} WHERE c.case_no = $1"),
            &[&no],
        )?
        .as_ref()
        .map(case_row)
        .transpose()?
        .ok_or_else(|| StoreError::NotFound(format!("no case {no} on record")))?;
    let petitioners = c
        .query(
            "SELECT p.id, p.name, cp.role, p.id_number, p.phone FROM case_petitioners cp
             JOIN petitioners p ON p.id = cp.petitioner_id WHERE cp.case_id = $1 ORDER BY p.id",
            &[&case.id],
        )?
        .iter()
        .map(|r| {
            let role: String = r.try_get(2)?;
            let id_number: Option<String> = r.try_get(3)?;
            let phone: Option<String> = r.try_get(4)?;
            Ok(CasePetitioner {
                petitioner_id: r.try_get(0)?,
                name: r.try_get(1)?,
                role: Role::from_code(&role).unwrap_or(Role::Principal),
                id_number_masked: id_number.map(|s| mask_id_number(&s)),
                phone_masked: phone.map(|s| mask_phone(&s)),
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let contacts = contacts_of(c, true, case.id)?;
    let events = c
        .query(
            "SELECT e.id, e.at, o.name, e.kind, e.detail FROM events e
             JOIN officers o ON o.id = e.officer_id WHERE e.case_id = $1 ORDER BY e.id",
            &[&case.id],
        )?
        .iter()
        .map(|r| {
            let kind: String = r.try_get(3)?;
            let detail: String = r.try_get(4)?;
            Ok(EventRow {
                id: r.try_get(0)?,
                at: r.try_get(1)?,
                officer: r.try_get(2)?,
                kind: EventKind::from_code(&kind).unwrap_or(EventKind::Note),
                detail: serde_json::from_str(&detail).unwrap_or(serde_json::Value::Null),
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let clocks = compute_clocks(&points(c, case.id)?, cx.today(), &cx.rules.clocks);
    // The upper office waits for its report even after the case is closed here.
    let overdue = (case.status.is_open() && is_overdue(&clocks))
        || clocks.iter().any(|k| {
            k.kind == crate::domain::ClockKind::Upper
                && k.state == crate::domain::ClockState::Overdue
        });
    let matter = matter_state(c, case.id)?;
    // A merged duplicate takes no more steps: its original does.
    let allowed_steps = match matter.merged_into {
        Some(_) => Vec::new(),
        None => allowed_steps(case.status),
    };
    let kinds: Vec<EventKind> = events.iter().map(|e| e.kind).collect();
    let report_back_allowed =
        crate::domain::assigned::report_back_due(matter.upper.as_ref(), matter.reported_on, &kinds)
            .is_ok();
    let initial = crate::domain::initial::is_initial(&initial_facts(c, case.id)?);
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
        initial,
    })
}

/// Cards for these people, in the order given, flagged by the domain's rules.
pub(super) fn cards<C: GenericClient>(
    c: &mut C,
    cx: &Ctx,
    ids: &[i64],
) -> Result<Vec<PetitionerCard>> {
    let mut cards = Vec::with_capacity(ids.len());
    for &id in ids {
        let Some(r) = c.query_opt(
            "SELECT p.name, p.id_number, p.id_checksum_ok, p.phone,
                    (SELECT count(*) FROM contacts k WHERE k.petitioner_id = p.id),
                    (SELECT max(k.arrived_at) FROM contacts k WHERE k.petitioner_id = p.id)
             FROM petitioners p WHERE p.id = $1",
            &[&id],
        )?
        else {
            continue;
        };
        let history = petitioner_history(&person_facts(c, id, None)?, cx.today());
        let id_number: Option<String> = r.try_get(1)?;
        let phone: Option<String> = r.try_get(3)?;
        cards.push(PetitionerCard {
            petitioner_id: id,
            name: r.try_get(0)?,
            id_number_masked: id_number.map(|s| mask_id_number(&s)),
            id_checksum_ok: r.try_get(2)?,
            phone_masked: phone.map(|s| mask_phone(&s)),
            contact_count: r.try_get(4)?,
            last_contact: r.try_get(5)?,
            open_cases: history.cases.iter().filter(|k| k.status.is_open()).count() as i64,
            flags: petitioner_flags(&history, &cx.rules.flags),
        });
    }
    Ok(cards)
}

pub(super) fn person_detail<C: GenericClient>(
    c: &mut C,
    cx: &Ctx,
    petitioner_id: i64,
) -> Result<PersonDetail> {
    let card = cards(c, cx, &[petitioner_id])?
        .pop()
        .ok_or_else(|| StoreError::NotFound(format!("no person #{petitioner_id} on record")))?;
    let address: Option<String> = one(
        c,
        "SELECT address FROM petitioners WHERE id = $1",
        &[&petitioner_id],
    )?;
    let cases = c
        .query(
            &format!(
                "SELECT {CASE_COLUMNS} JOIN case_petitioners cp ON cp.case_id = c.id
                 WHERE cp.petitioner_id = $1 ORDER BY c.updated_at DESC, c.id DESC"
            ),
            &[&petitioner_id],
        )?
        .iter()
        .map(case_row)
        .collect::<Result<Vec<_>>>()?;
    Ok(PersonDetail {
        card,
        address,
        contacts: contacts_of(c, false, petitioner_id)?,
        cases,
    })
}

// ---- shifts ----

const SHIFT_COLUMNS: &str =
    "s.id, o.name, s.started_at, s.ended_at, s.notes, h.name, a.name, s.acked_at
     FROM shifts s JOIN officers o ON o.id = s.officer_id
     LEFT JOIN officers h ON h.id = s.handed_to LEFT JOIN officers a ON a.id = s.acked_by";

fn shift_row(r: &Row) -> Result<Shift> {
    Ok(Shift {
        id: r.try_get(0)?,
        officer: r.try_get(1)?,
        started_at: r.try_get(2)?,
        ended_at: r.try_get(3)?,
        notes: r.try_get(4)?,
        handed_to: r.try_get(5)?,
        acked_by: r.try_get(6)?,
        acked_at: r.try_get(7)?,
    })
}

/// Shifts matching `clause` (over `s`), in `order`.
pub(super) fn shifts_where<C: GenericClient>(
    c: &mut C,
    clause: &str,
    order: &str,
    params: super::rows::Params<'_>,
) -> Result<Vec<Shift>> {
    c.query(
        &format!("SELECT {SHIFT_COLUMNS} WHERE {clause} ORDER BY {order}"),
        params,
    )?
    .iter()
    .map(shift_row)
    .collect()
}

pub(super) fn shift_by_id<C: GenericClient>(c: &mut C, id: i64) -> Result<Option<Shift>> {
    Ok(shifts_where(c, "s.id = $1", "s.id", &[&id])?.pop())
}

pub(super) fn open_shift_id<C: GenericClient>(c: &mut C, officer_id: i64) -> Result<Option<i64>> {
    opt(
        c,
        "SELECT id FROM shifts WHERE officer_id = $1 AND ended_at IS NULL ORDER BY id DESC LIMIT 1",
        &[&officer_id],
    )
}

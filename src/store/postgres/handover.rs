//! The handover summary (DESIGN.md 1.6) on the server: the same window and the
//! same facts as the SQLite adapter gathers (`sqlite::shifts`), assembled by
//! `domain::handover`.

use super::reads::{self, SHOWN_FLAGS};
use super::rows::{opt, small};
use crate::domain::handover::{assemble, CaseFact, ContactFact, QueueFact, SummaryInput};
use crate::domain::{Channel, EventKind};
use crate::store::error::{Result, StoreError};
use crate::store::handover_window::day_text;
use crate::store::port::Ctx;
use crate::store::records::{HandoverSummary, Shift};
use crate::store::sqlite::{case_event, parse_flags};
use crate::text::clean_input;
use crate::time::parse_instant;
use chrono::{DateTime, FixedOffset, NaiveDate};
use postgres::Client;
use std::collections::{BTreeSet, HashMap};

fn officer_shifts(c: &mut Client, officer_id: i64) -> Result<Vec<Shift>> {
    reads::shifts_where(
        c,
        "s.officer_id = $1",
        "s.started_at::timestamptz DESC, s.id DESC",
        &[&officer_id],
    )
}

/// As `sqlite::shifts::handover_summary`: the officer's open or last shift, or
/// the window `since..until`, computed as of the window's end.
pub(super) fn summary(
    c: &mut Client,
    cx: &Ctx,
    officer: &str,
    since: Option<DateTime<FixedOffset>>,
    until: Option<DateTime<FixedOffset>>,
) -> Result<HandoverSummary> {
    let name = clean_input(officer);
    let officer_id: i64 =
        opt(c, "SELECT id FROM officers WHERE name = $1", &[&name])?.ok_or_else(|| {
            StoreError::NotFound(format!(
                "no officer named {}; `jiedai officer list` shows them",
                crate::text::excerpt(&name, 40)
            ))
        })?;
    let now = cx.now;
    let shifts = officer_shifts(c, officer_id)?;
    let (since, until, shift) = crate::store::handover_window::choose(
        now,
        since,
        until,
        // The open shift, else the one that started last.
        || {
            Ok(shifts
                .iter()
                .find(|s| s.ended_at.is_none())
                .or(shifts.first())
                .cloned())
        },
        || Ok(shifts.clone()),
    )?;
    // Stamps carry their own offsets, so the SQL bounds are whole dates with a day
    // to spare on each side; the exact window is applied after parsing.
    let lo = day_text(since.date_naive(), -1);
    let hi = day_text(until.date_naive(), 2);
    let contacts: Vec<ContactFact> = contact_facts(
        c,
        "k.officer_id = $1 AND k.arrived_at >= $2 AND k.arrived_at < $3",
        &[&officer_id, &lo, &hi],
    )?
    .into_iter()
    .map(|(k, _)| k)
    .collect();
    let queue = contact_facts(
        c,
        // By the index of when walk-ins finished (`contacts_queue_end`).
        "k.queue_no IS NOT NULL AND coalesce(k.finished_at, '~') >= $1 AND k.arrived_at < $2",
        // From a day before the window: who left unseen in it is listed too.
        &[&lo, &hi],
    )?
    .into_iter()
    .filter_map(|(contact, q)| Some(QueueFact { contact, ..q? }))
    .collect();
    let horizon = day_text(
        until.date_naive(),
        3 * i64::from(cx.rules.clocks.due_soon_days) + 15,
    );
    let shown: BTreeSet<i64> = contacts.iter().map(|k| k.case_id).collect();
    let cases = case_facts(c, &lo, &horizon, &shown)?;
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
    summary.chain_head = super::ledger::anchor(c)?.map(|a| a.to_string());
    Ok(summary)
}

/// Contacts matching `clause`, each with its queue facts when it is a walk-in.
fn contact_facts(
    c: &mut Client,
    clause: &str,
    params: super::rows::Params<'_>,
) -> Result<Vec<(ContactFact, Option<QueueFact>)>> {
    let sql = format!(
        "SELECT k.id, k.arrived_at, k.channel, k.headcount, k.representatives, p.name, p.id_number,
                k.case_id, c.case_no, CASE WHEN k.matter <> '' THEN k.matter ELSE c.matter END,
                k.queue_date, k.queue_no, k.letter_no, {SHOWN_FLAGS},
                o.name, k.received_at, r.name, k.finished_at, k.queue_status = 'left'
         FROM contacts k JOIN petitioners p ON p.id = k.petitioner_id JOIN cases c ON c.id = k.case_id
         JOIN officers o ON o.id = k.officer_id LEFT JOIN officers r ON r.id = k.received_by
         WHERE {clause} ORDER BY k.id"
    );
    let mut out = Vec::new();
    for r in c.query(&sql, params)? {
        // A row whose stamp cannot be read is left out rather than failing the whole
        // summary; `jiedai verify` is where damage gets reported.
        let Some(arrived_at) = parse_instant(&r.try_get::<_, String>(1)?) else {
            continue;
        };
        let channel: String = r.try_get(2)?;
        let representatives: String = r.try_get(4)?;
        let queue_date: Option<String> = r.try_get(10)?;
        let flags: String = r.try_get(13)?;
        let contact = ContactFact {
            contact_id: r.try_get(0)?,
            arrived_at,
            channel: Channel::from_code(&channel).unwrap_or(Channel::Visit),
            headcount: small(r.try_get(3)?),
            representatives: serde_json::from_str(&representatives).unwrap_or_default(),
            name: r.try_get(5)?,
            id_number: r.try_get(6)?,
            case_id: r.try_get(7)?,
            case_no: r.try_get(8)?,
            matter: r.try_get(9)?,
            queue_date: queue_date.and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok()),
            queue_no: r.try_get(11)?,
            letter_no: r.try_get(12)?,
            flags: parse_flags(&flags),
        };
        let queue = match contact.queue_no {
            Some(_) => {
                let received_at: Option<String> = r.try_get(15)?;
                let finished_at: Option<String> = r.try_get(17)?;
                Some(QueueFact {
                    contact: contact.clone(),
                    officer: r.try_get(14)?,
                    received_at: received_at.as_deref().and_then(parse_instant),
                    received_by: r.try_get(16)?,
                    finished_at: finished_at.as_deref().and_then(parse_instant),
                    left: r.try_get::<_, Option<bool>>(18)?.unwrap_or(false),
                })
            }
            None => None,
        };
        out.push((contact, queue));
    }
    Ok(out)
}

/// The cases a summary as of the window's end can show, with the events that move
/// their status, clocks, handler or unit (see `sqlite::shifts::case_facts`).
fn case_facts(
    c: &mut Client,
    lo: &str,
    horizon: &str,
    also: &BTreeSet<i64>,
) -> Result<Vec<CaseFact>> {
    const CANDIDATES: &str = "SELECT id FROM cases WHERE due_on IS NOT NULL AND due_on <= $1
         UNION SELECT id FROM cases WHERE updated_at >= $2";
    const CASE: &str = "SELECT c.id, c.case_no, c.matter, fo.name, h.name, u.name, c.registered_at
         FROM cases c JOIN officers fo ON fo.id = c.first_officer_id
         LEFT JOIN officers h ON h.id = c.handler_id LEFT JOIN units u ON u.id = c.unit_id";
    const EVENT: &str = "SELECT case_id, kind, at, detail FROM events
         WHERE kind NOT IN ('contact', 'note', 'supervise', 'link', 'queue_undo')";
    let mut ids: Vec<i64> = also.iter().copied().collect();
    let candidates = c.query(CANDIDATES, &[&horizon, &lo])?;
    for r in candidates {
        ids.push(r.try_get(0)?);
    }
    ids.sort_unstable();
    ids.dedup();
    let mut cases = Vec::new();
    let mut index = HashMap::new();
    for r in c.query(
        &format!("{CASE} WHERE c.id = ANY($1) ORDER BY c.id"),
        &[&ids],
    )? {
        let Some(registered_at) = parse_instant(&r.try_get::<_, String>(6)?) else {
            continue;
        };
        let case_id: i64 = r.try_get(0)?;
        index.insert(case_id, cases.len());
        cases.push(CaseFact {
            case_id,
            case_no: r.try_get(1)?,
            matter: r.try_get(2)?,
            first_officer: r.try_get(3)?,
            handler: r.try_get(4)?,
            unit: r.try_get(5)?,
            registered_at,
            events: Vec::new(),
        });
    }
    for r in c.query(
        &format!("{EVENT} AND case_id = ANY($1) ORDER BY id"),
        &[&ids],
    )? {
        let Some(&i) = index.get(&r.try_get::<_, i64>(0)?) else {
            continue;
        };
        let Some(kind) = EventKind::from_code(&r.try_get::<_, String>(1)?) else {
            continue;
        };
        let Some(at) = parse_instant(&r.try_get::<_, String>(2)?) else {
            continue;
        };
        let detail: serde_json::Value =
            serde_json::from_str(&r.try_get::<_, String>(3)?).unwrap_or_default();
        cases[i].events.push(case_event(kind, at, &detail));
    }
    Ok(cases)
}

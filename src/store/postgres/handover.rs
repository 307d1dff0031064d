//! The handover summary (DESIGN.md 1.6) on the server: the same window and the
//! same facts as the SQLite adapter gathers (`sqlite::shifts`), assembled by
//! `domain::handover`.

use super::reads::{self, SHOWN_FLAGS};
use super::rows::{opt, small};
use crate::domain::handover::{assemble, CaseFact, ContactFact, QueueFact, SummaryInput};
use crate::domain::Channel;
use crate::store::error::{Result, StoreError};
use crate::store::handover_window::{day_text, CaseBounds};
use crate::store::port::Ctx;
use crate::store::records::{HandoverSummary, Shift};
use crate::store::sqlite::{parse_flags, CaseFacts, CASES, EVENTS};
use crate::text::clean_input;
use crate::time::parse_instant;
use chrono::{DateTime, FixedOffset, NaiveDate};
use postgres::Client;
use std::collections::BTreeSet;

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
    let shown: BTreeSet<i64> = contacts.iter().map(|k| k.case_id).collect();
    let bounds = CaseBounds::new(until, cx.rules.clocks.due_soon_days);
    let ids = replayed(c, officer_id, &bounds, (&lo, &hi), until, &shown)?;
    let cases = case_facts(c, &ids)?;
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

/// As `sqlite::handover_cases::replayed`: the cases a summary as of `until` can
/// show, each source read by its own index.
fn replayed(
    c: &mut Client,
    officer_id: i64,
    bounds: &CaseBounds,
    (lo, hi): (&str, &str),
    until: DateTime<FixedOffset>,
    also: &BTreeSet<i64>,
) -> Result<Vec<i64>> {
    let ids = |rows: Vec<postgres::Row>| -> Result<Vec<i64>> {
        rows.iter().map(|r| Ok(r.try_get(0)?)).collect()
    };
    let due = ids(c.query(
        &format!(
            "SELECT id FROM cases WHERE due_on IS NOT NULL AND due_on <= $1
             AND status NOT IN ({})",
            CaseBounds::closed_statuses()
        ),
        &[&bounds.due_by],
    )?)?;
    let new = ids(c.query(
        "SELECT id FROM cases WHERE registered_at >= $1 AND registered_at < $2
         AND first_officer_id = $3",
        &[&lo, &hi, &officer_id],
    )?)?;
    let mut changed = Vec::new();
    for r in c.query(
        "SELECT id, updated_at FROM cases WHERE updated_at >= $1",
        &[&bounds.changed_from],
    )? {
        changed.push((r.try_get(0)?, r.try_get(1)?));
    }
    Ok(CaseBounds::replayed(until, due, new, changed, also))
}

/// These cases with their events (see `sqlite::handover_cases::case_facts`), each
/// case's in timeline order.
fn case_facts(c: &mut Client, ids: &[i64]) -> Result<Vec<CaseFact>> {
    let mut facts = CaseFacts::default();
    for r in c.query(
        &format!("{CASES} WHERE c.id = ANY($1) ORDER BY c.id"),
        &[&ids],
    )? {
        facts.case((
            r.try_get(0)?,
            r.try_get(1)?,
            r.try_get(2)?,
            r.try_get(3)?,
            r.try_get(4)?,
            r.try_get(5)?,
            r.try_get(6)?,
        ));
    }
    for r in c.query(
        &format!("{EVENTS} AND case_id = ANY($1) ORDER BY case_id, id"),
        &[&ids],
    )? {
        let (kind, at, detail): (String, String, String) =
            (r.try_get(1)?, r.try_get(2)?, r.try_get(3)?);
        facts.event(r.try_get(0)?, &kind, &at, &detail);
    }
    Ok(facts.into_cases())
}

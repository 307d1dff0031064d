//! A unit of work's statements on cases: their numbers taken, their state, their
//! columns, their people, a matter's terms from above and its merge, the links
//! on their timelines, and the flags their contacts were written with.

use super::rows::{all, col, exec, one, row, small};
use crate::domain::assigned::UpperTerms;
use crate::domain::numbering::{format_case_no, parse_case_no};
use crate::domain::{CaseStatus, Flag, Role, Source};
use crate::store::error::Result;
use crate::store::port::{CaseChange, CaseState};
use chrono::NaiveDate;
use postgres::Client;

/// See `Tx::case_seqs_from`.
pub(super) fn case_seqs_from(
    c: &mut Client,
    year: i32,
    from: i64,
    limit: usize,
) -> Result<Vec<i64>> {
    let rows = all(
        c,
        "SELECT case_no FROM cases WHERE case_no >= $1 AND case_no <= $2 ORDER BY case_no LIMIT $3",
        &[
            &format_case_no(year, from),
            &format!("{year}-999999"),
            &(limit as i64),
        ],
    )?;
    let mut seqs = Vec::new();
    for r in rows {
        let no: String = r.try_get(0)?;
        seqs.extend(parse_case_no(&no).map(|(_, seq)| seq));
    }
    Ok(seqs)
}

pub(super) fn case_state(c: &mut Client, case_no: &str) -> Result<Option<CaseState>> {
    row(
        c,
        "SELECT c.id, c.status,
                        c.status = 'archived'
                            AND EXISTS (SELECT 1 FROM events e WHERE e.case_id = c.id
                                        AND e.kind = 'decide_recheck'),
                        c.extended_days, c.handler_id, c.unit_id
                 FROM cases c WHERE c.case_no = $1",
        &[&case_no],
    )?
    .map(|r| {
        let status: String = r.try_get(1)?;
        Ok(CaseState {
            id: r.try_get(0)?,
            status: CaseStatus::from_code(&status).unwrap_or(CaseStatus::Registered),
            recheck_decided: r.try_get(2)?,
            extended_days: small(r.try_get(3)?),
            handler_id: r.try_get(4)?,
            unit_id: r.try_get(5)?,
        })
    })
    .transpose()
}

pub(super) fn update_case(c: &mut Client, id: i64, change: &CaseChange<'_>) -> Result<()> {
    let days = change.extended_days.map(i64::from);
    exec(
        c,
        "UPDATE cases SET unit_id = coalesce($2, unit_id),
                              handler_id = coalesce($3, handler_id),
                              extended_days = coalesce($4, extended_days),
                              status = coalesce($5, status),
                              updated_at = coalesce($6, updated_at)
             WHERE id = $1",
        &[
            &id,
            &change.unit_id,
            &change.handler_id,
            &days,
            &change.status.map(|s| s.code()),
            &change.updated_at,
        ],
    )?;
    Ok(())
}

pub(super) fn link_person(
    c: &mut Client,
    case_id: i64,
    petitioner_id: i64,
    role: Role,
) -> Result<()> {
    exec(
        c,
        "INSERT INTO case_petitioners(case_id, petitioner_id, role) VALUES ($1, $2, $3)
             ON CONFLICT DO NOTHING",
        &[&case_id, &petitioner_id, &role.code()],
    )?;
    Ok(())
}

pub(super) fn case_people(c: &mut Client, case_id: i64) -> Result<Vec<i64>> {
    col(
        c,
        "SELECT petitioner_id FROM case_petitioners WHERE case_id = $1 ORDER BY petitioner_id",
        &[&case_id],
    )
}

pub(super) fn set_upper(
    c: &mut Client,
    case_id: i64,
    source: Source,
    t: &UpperTerms,
) -> Result<()> {
    exec(
        c,
        "UPDATE cases SET source = $2 WHERE id = $1",
        &[&case_id, &source.code()],
    )?;
    exec(
        c,
        "INSERT INTO case_upper(case_id, from_office, doc_no, received_on, due_on, report_due)
             VALUES ($1, $2, $3, $4, $5, $6)",
        &[
            &case_id,
            &t.from_office,
            &t.doc_no,
            &t.received.to_string(),
            &t.due.to_string(),
            &t.report_due,
        ],
    )?;
    Ok(())
}

pub(super) fn set_reported_back(c: &mut Client, case_id: i64, on: NaiveDate) -> Result<()> {
    exec(
        c,
        "UPDATE case_upper SET reported_back_on = $2 WHERE case_id = $1",
        &[&case_id, &on.to_string()],
    )?;
    Ok(())
}

pub(super) fn set_merged(c: &mut Client, case_id: i64, into: i64, on: NaiveDate) -> Result<()> {
    exec(
        c,
        "INSERT INTO case_merges(case_id, into_case_id, merged_on) VALUES ($1, $2, $3)",
        &[&case_id, &into, &on.to_string()],
    )?;
    Ok(())
}

pub(super) fn has_link(c: &mut Client, case_id: i64, other_case_no: &str) -> Result<bool> {
    one(
        c,
        "SELECT EXISTS(SELECT 1 FROM events WHERE case_id = $1 AND kind = 'link'
                             AND (detail::jsonb) ->> 'case_no' = $2)",
        &[&case_id, &other_case_no],
    )
}

pub(super) fn person_contact_flags(
    c: &mut Client,
    petitioner_id: i64,
) -> Result<Vec<(i64, Vec<Flag>)>> {
    c.query(
        "SELECT id, flags FROM contacts WHERE petitioner_id = $1 ORDER BY arrived_at, id",
        &[&petitioner_id],
    )?
    .iter()
    .map(|r| {
        let flags: String = r.try_get(1)?;
        // Stored as written: the 上级交办 mark derived when reading is not in it.
        let codes: Vec<String> = serde_json::from_str(&flags).unwrap_or_default();
        let flags = codes.iter().filter_map(|c| Flag::from_code(c));
        Ok((r.try_get(0)?, flags.collect()))
    })
    .collect()
}

pub(super) fn set_contact_flags(c: &mut Client, contact_id: i64, flags: &[Flag]) -> Result<()> {
    let codes: Vec<&str> = flags.iter().map(|f| f.code()).collect();
    let json = serde_json::to_string(&codes).unwrap_or_else(|_| "[]".into());
    exec(
        c,
        "UPDATE contacts SET flags = $2 WHERE id = $1",
        &[&contact_id, &json],
    )?;
    Ok(())
}

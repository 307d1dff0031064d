//! The rows a check-in writes whose statements take more than a line: the
//! case under a drawn number, and the contact with what rides with it.

use super::event_write::EventWrite;
use super::rows;
use crate::store::error::Result;
use crate::store::port::{NewCase, NewContact};
use postgres::Client;

pub(super) fn insert_case_sql(on_conflict: &str) -> String {
    format!(
        "INSERT INTO cases(case_no, status, matter, category, purpose, location, litigation,
                           source, first_officer_id, handler_id, registered_at, updated_at)
         VALUES ($1, 'registered', $2, $3, $4, $5, $6, $7, $8, $8, $9, $9) {on_conflict}
         RETURNING id"
    )
}

pub(super) fn new_case<'a>(c: &'a NewCase<'_>) -> [&'a (dyn postgres::types::ToSql + Sync); 9] {
    [
        &c.case_no,
        &c.matter,
        &c.category,
        &c.purpose,
        &c.location,
        &c.litigation,
        &c.source,
        &c.officer_id,
        &c.at,
    ]
}

/// A contact's queue number: given, or drawn from this counter.
pub(super) enum QueueNo<'a> {
    Given(Option<i64>),
    Drawn(Option<&'a str>),
}

/// The parameters of [`contact_row`]'s statement; a held event's come after.
pub(super) const CONTACT_PARAMS: usize = 17;

/// Inserts a contact (`with` may put statements before it, `event`'s among them,
/// numbered after [`CONTACT_PARAMS`]; `queue` says how `$10`, the day, and `$11`
/// make its queue columns); returns its id and number.
pub(super) fn contact_row(
    c: &mut Client,
    with: &str,
    queue: &str,
    k: &NewContact<'_>,
    (day, number): (Option<&str>, QueueNo<'_>),
    event: Option<&EventWrite>,
) -> Result<(i64, Option<i64>)> {
    let queued = match &number {
        QueueNo::Given(n) => n.is_some(),
        QueueNo::Drawn(counter) => counter.is_some(),
    };
    // A past walk-in entered after the fact was received and done on arrival.
    let settled = k.settled && queued;
    let received_by = settled.then_some(k.officer_id);
    let settled_at = settled.then_some(k.at);
    let status = queued.then_some(if k.settled { "done" } else { "waiting" });

    let sql = format!(
        "{with}
         INSERT INTO contacts(petitioner_id, case_id, channel, headcount, representatives,
                              matter, flags, arrived_at, officer_id, queue_date, queue_no,
                              queue_status, letter_no, import_key, time_unknown,
                              received_by, received_at, finished_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, {queue}, $12, $13, $14, $15,
                 $16, $17, $17)
         RETURNING id, queue_no"
    );
    // `$11`: the number given, or the counter to draw it from.
    let eleven: &(dyn postgres::types::ToSql + Sync) = match &number {
        QueueNo::Given(n) => n,
        QueueNo::Drawn(counter) => counter,
    };
    let (channel, headcount) = (k.channel.code(), i64::from(k.headcount));
    let mut params: Vec<&(dyn postgres::types::ToSql + Sync)> = vec![
        &k.petitioner_id,
        &k.case_id,
        &channel,
        &headcount,
        &k.representatives,
        &k.matter,
        &k.flags,
        &k.at,
        &k.officer_id,
        &day,
        eleven,
        &status,
        &k.letter_no,
        &k.import_key,
        &k.time_unknown,
        &received_by,
        &settled_at,
    ];
    if let Some(e) = event {
        params.extend(e.params());
    }
    let r = rows::row(c, &sql, &params)?.ok_or_else(|| {
        crate::store::error::StoreError::Backend("the contact's insert returned no row".into())
    })?;
    Ok((r.try_get(0)?, r.try_get(1)?))
}

/// `Tx::insert_next_case` in one statement: the number drawn, the case inserted
/// under it unless a case holds it; the number and the new case's id.
pub(super) fn next_case(
    c: &mut Client,
    counter: &str,
    year: i32,
    case: &NewCase<'_>,
) -> Result<(i64, Option<i64>)> {
    // One statement: the number drawn, the case inserted under it. The number
    // is written as `format_case_no` writes it (zero-padded to six digits).
    let prefix = format!("{year:04}-");
    let fields = new_case(case);
    let mut params: Vec<&(dyn postgres::types::ToSql + Sync)> = vec![&counter, &prefix];
    // The case's own fields but its number, drawn here.
    params.extend_from_slice(&fields[1..]);
    let r = rows::row(
        c,
        "WITH drawn AS (
             INSERT INTO counters(name, value) VALUES ($1, 1)
             ON CONFLICT(name) DO UPDATE SET value = counters.value + 1
             RETURNING value),
         added AS (
             INSERT INTO cases(case_no, status, matter, category, purpose, location,
                               litigation, source, first_officer_id, handler_id,
                               registered_at, updated_at)
             SELECT $2 || CASE WHEN value < 1000000 THEN lpad(value::text, 6, '0')
                               ELSE value::text END,
                    'registered', $3, $4, $5, $6, $7, $8, $9, $9, $10, $10
             FROM drawn
             ON CONFLICT(case_no) DO NOTHING
             RETURNING id)
         SELECT (SELECT value FROM drawn), (SELECT id FROM added)",
        &params,
    )?
    .ok_or_else(|| crate::store::error::StoreError::Backend("no number drawn".into()))?;
    Ok((r.try_get(0)?, r.try_get(1)?))
}

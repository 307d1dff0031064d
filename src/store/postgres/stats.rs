//! `jiedai stats` on PostgreSQL: the grouped rows `sqlite::stats` reads, read
//! from the same tables and put together by `store::stats_parts`, so that both
//! backends give the same figures.

use super::rows::{categories, one};
use crate::store::error::Result;
use crate::store::port::Ctx;
use crate::store::records::{DayRange, FlagFigures, Stats};
use crate::store::stats_parts::{assemble, Catalog, StatsParts};
use chrono::NaiveDate;
use postgres::GenericClient;

/// A count as the record reports it (a count is never negative).
fn n(v: i64) -> u64 {
    u64::try_from(v).unwrap_or(0)
}

/// The figures for the local days `from..=to`.
pub(super) fn stats<C: GenericClient>(
    c: &mut C,
    cx: &Ctx,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Stats> {
    let (lo, hi) = DayRange {
        from: Some(from),
        to: Some(to),
    }
    .bounds();
    let period: [&(dyn postgres::types::ToSql + Sync); 2] = [&lo, &hi];
    let mut parts = StatsParts::default();
    for r in c.query(
        "SELECT channel, count(*), coalesce(sum(headcount), 0)::bigint FROM contacts
         WHERE arrived_at >= $1 AND arrived_at < $2 GROUP BY channel",
        &period,
    )? {
        parts
            .channels
            .push((r.try_get(0)?, n(r.try_get(1)?), n(r.try_get(2)?)));
    }
    for r in c.query(
        "SELECT c.category, count(*), coalesce(sum(k.headcount), 0)::bigint
         FROM contacts k JOIN cases c ON c.id = k.case_id
         WHERE k.arrived_at >= $1 AND k.arrived_at < $2 GROUP BY c.category",
        &period,
    )? {
        parts
            .contacts_by_category
            .push((r.try_get(0)?, n(r.try_get(1)?), n(r.try_get(2)?)));
    }
    for r in c.query(
        "SELECT category, status, count(*) FROM cases
         WHERE registered_at >= $1 AND registered_at < $2 GROUP BY category, status",
        &period,
    )? {
        parts
            .new_cases
            .push((r.try_get(0)?, r.try_get(1)?, n(r.try_get(2)?)));
    }

    // Flags are stored as a JSON array of codes; a quoted code matches only itself.
    let r = c.query_one(
        r#"SELECT count(*) FILTER (WHERE strpos(flags, '"repeat"') > 0),
                  count(*) FILTER (WHERE strpos(flags, '"collective"') > 0),
                  count(*) FILTER (WHERE strpos(flags, '"long_standing"') > 0),
                  count(*) FILTER (WHERE strpos(flags, '"closed_matter"') > 0)
           FROM contacts WHERE arrived_at >= $1 AND arrived_at < $2"#,
        &period,
    )?;
    parts.flagged = FlagFigures {
        repeat: n(r.try_get(0)?),
        collective: n(r.try_get(1)?),
        long_standing: n(r.try_get(2)?),
        closed_matter: n(r.try_get(3)?),
    };

    // A case is replied to once; its first reply in the period counts.
    for r in c.query(
        "SELECT substr(c.registered_at, 1, 10), substr(min(e.at), 1, 10)
         FROM events e JOIN cases c ON c.id = e.case_id
         WHERE e.kind = 'reply' AND e.at >= $1 AND e.at < $2 GROUP BY c.id",
        &period,
    )? {
        parts.replies.push((r.try_get(0)?, r.try_get(1)?));
    }
    // As the desk's status line counts them (`QueueBook::desk_counts`).
    parts.overdue_now = one(
        c,
        "SELECT count(*) FROM cases WHERE due_on IS NOT NULL AND due_on < $1",
        &[&cx.today().to_string()],
    )?;
    let catalog = Catalog::of(&categories(c)?);
    Ok(assemble(cx, from, to, &catalog, parts))
}

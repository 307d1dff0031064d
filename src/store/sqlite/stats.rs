//! Figures for a period (`jiedai stats`): contacts by channel and by category, people
//! (人次) and batches (批次), new cases and where they stand now, flagged contacts,
//! overdue cases, and how long replies took. The rows are read here; they are put
//! together by `store::stats_parts`, as on PostgreSQL.

use super::SqliteStore;
use crate::store::error::Result;
use crate::store::port::Ctx;
use crate::store::records::{DayRange, FlagFigures, Stats};
use crate::store::stats_parts::{assemble, Catalog, StatsParts};
use chrono::NaiveDate;
use rusqlite::params;

impl SqliteStore {
    pub(super) fn catalog(&self) -> Result<Catalog> {
        Ok(Catalog::of(&super::registry::categories(self.conn())?))
    }

    /// The figures for the local days `from..=to`.
    pub(super) fn stats(&self, cx: &Ctx, from: NaiveDate, to: NaiveDate) -> Result<Stats> {
        let (lo, hi) = DayRange {
            from: Some(from),
            to: Some(to),
        }
        .bounds();
        let conn = self.conn();
        let mut parts = StatsParts::default();
        let mut stmt = conn.prepare(
            "SELECT channel, count(*), coalesce(sum(headcount), 0) FROM contacts
             WHERE arrived_at >= ?1 AND arrived_at < ?2 GROUP BY channel",
        )?;
        let mut rows = stmt.query(params![lo, hi])?;
        while let Some(r) = rows.next()? {
            parts.channels.push((r.get(0)?, r.get(1)?, r.get(2)?));
        }
        let mut stmt = conn.prepare(
            "SELECT c.category, count(*), coalesce(sum(k.headcount), 0)
             FROM contacts k JOIN cases c ON c.id = k.case_id
             WHERE k.arrived_at >= ?1 AND k.arrived_at < ?2 GROUP BY c.category",
        )?;
        let mut rows = stmt.query(params![lo, hi])?;
        while let Some(r) = rows.next()? {
            parts
                .contacts_by_category
                .push((r.get(0)?, r.get(1)?, r.get(2)?));
        }
        let mut stmt = conn.prepare(
            "SELECT category, status, count(*) FROM cases
             WHERE registered_at >= ?1 AND registered_at < ?2 GROUP BY category, status",
        )?;
        let mut rows = stmt.query(params![lo, hi])?;
        while let Some(r) = rows.next()? {
            parts.new_cases.push((r.get(0)?, r.get(1)?, r.get(2)?));
        }

        // Flags are stored as a JSON array of codes; a quoted code matches only itself.
        parts.flagged = conn.query_row(
            r#"SELECT coalesce(sum(instr(flags, '"repeat"') > 0), 0),
                      coalesce(sum(instr(flags, '"collective"') > 0), 0),
                      coalesce(sum(instr(flags, '"long_standing"') > 0), 0),
                      coalesce(sum(instr(flags, '"closed_matter"') > 0), 0)
               FROM contacts WHERE arrived_at >= ?1 AND arrived_at < ?2"#,
            params![lo, hi],
            |r| {
                Ok(FlagFigures {
                    repeat: r.get(0)?,
                    collective: r.get(1)?,
                    long_standing: r.get(2)?,
                    closed_matter: r.get(3)?,
                })
            },
        )?;

        // A case is replied to once; its first reply in the period counts.
        let mut stmt = conn.prepare(
            "SELECT substr(c.registered_at, 1, 10), substr(min(e.at), 1, 10)
             FROM events e JOIN cases c ON c.id = e.case_id
             WHERE e.kind = 'reply' AND e.at >= ?1 AND e.at < ?2 GROUP BY e.case_id",
        )?;
        let mut rows = stmt.query(params![lo, hi])?;
        while let Some(r) = rows.next()? {
            parts.replies.push((r.get(0)?, r.get(1)?));
        }
        parts.overdue_now = self.desk_counts(cx.today())?.overdue_cases;
        Ok(assemble(cx, from, to, &self.catalog()?, parts))
    }
}

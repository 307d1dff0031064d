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
        // A long period holds most of the table: its rows are read by walking the
        // tables once each (`stats_walk.rs`) instead of jumping to a page of one
        // for each entry of an index (at a million people a year's 870,000
        // contacts cost 20 s of CPU that way); a short period's by its indexes.
        let contacts = self.walk_or_seek(
            "SELECT count(*) FROM contacts WHERE arrived_at >= ?1 AND arrived_at < ?2",
            "contacts",
            &lo,
            &hi,
        )?;
        let mut parts = if contacts.is_empty() {
            self.stats_by_seeking(&lo, &hi)?
        } else {
            self.stats_by_walking(&lo, &hi)?
        };
        parts.overdue_now = self.desk_counts(cx.today())?.overdue_cases;
        Ok(assemble(cx, from, to, &self.catalog()?, parts))
    }

    /// The rows of `stats` for a short period (`lo..hi`), each read through its
    /// index; all but the overdue count.
    pub(super) fn stats_by_seeking(&self, lo: &str, hi: &str) -> Result<StatsParts> {
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
        // Counted by case first, so that each case is looked up once, in id order.
        let mut stmt = conn.prepare(
            "SELECT c.category, sum(k.n), sum(k.people)
             FROM (SELECT case_id, count(*) AS n, coalesce(sum(headcount), 0) AS people
                   FROM contacts WHERE arrived_at >= ?1 AND arrived_at < ?2
                   GROUP BY case_id) k
             JOIN cases c ON c.id = k.case_id GROUP BY c.category",
        )?;
        let mut rows = stmt.query(params![lo, hi])?;
        while let Some(r) = rows.next()? {
            parts
                .contacts_by_category
                .push((r.get(0)?, r.get(1)?, r.get(2)?));
        }
        let cases = self.walk_or_seek(
            "SELECT count(*) FROM cases WHERE registered_at >= ?1 AND registered_at < ?2",
            "cases",
            lo,
            hi,
        )?;
        let mut stmt = conn.prepare(&format!(
            "SELECT category, status, count(*) FROM cases {cases}
             WHERE registered_at >= ?1 AND registered_at < ?2 GROUP BY category, status"
        ))?;
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

        // A case is replied to once; its first reply in the period counts. The
        // replies are grouped by case before each case is looked up, in id order.
        let mut stmt = conn.prepare(
            "SELECT substr(c.registered_at, 1, 10), substr(r.first, 1, 10)
             FROM (SELECT case_id, min(at) AS first FROM events
                   WHERE kind = 'reply' AND at >= ?1 AND at < ?2 GROUP BY case_id) r
             JOIN cases c ON c.id = r.case_id",
        )?;
        let mut rows = stmt.query(params![lo, hi])?;
        while let Some(r) = rows.next()? {
            parts.replies.push((r.get(0)?, r.get(1)?));
        }
        Ok(parts)
    }

    /// How to read a period's rows of `table`: `NOT INDEXED` (walk the table)
    /// when the period holds more than a sixteenth of it, as counted by
    /// `count_sql` from the index alone; else nothing (the index finds them).
    fn walk_or_seek(
        &self,
        count_sql: &str,
        table: &str,
        lo: &str,
        hi: &str,
    ) -> Result<&'static str> {
        let conn = self.conn();
        let in_period: i64 = conn.query_row(count_sql, params![lo, hi], |r| r.get(0))?;
        let rows: i64 = conn.query_row(
            &format!("SELECT coalesce(max(rowid), 0) FROM {table}"),
            [],
            |r| r.get(0),
        )?;
        Ok(if in_period.saturating_mul(16) > rows {
            "NOT INDEXED"
        } else {
            ""
        })
    }
}

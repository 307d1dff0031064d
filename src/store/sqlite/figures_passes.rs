//! The passes that read what a matter's facts come from, each handing its rows to
//! the cases of a [`CaseSet`]: by walking its table in rowid order (most of the
//! record: `figures.rs` says why), or, for the few cases the figure cache works
//! out again (`figure_cache.rs`), through each case's index.

use super::events::timeline_point;
use super::figures::{text, text_or_null};
use super::SqliteStore;
use crate::store::error::Result;
use crate::store::figure_cases::{day_of, CaseRead};
use crate::store::figure_set::CaseSet;

impl SqliteStore {
    /// Hands each row of `walk` (the whole table in rowid order), or of `one`
    /// asked for each case of the set (`?1`), to its case, with the case's place
    /// in the set: the first column is the case's id.
    pub(super) fn each_row(
        &self,
        cases: &mut CaseSet,
        one_by_one: bool,
        walk: &str,
        one: &str,
        mut each: impl FnMut(usize, &mut CaseRead, &rusqlite::Row<'_>) -> Result<()>,
    ) -> Result<()> {
        if one_by_one {
            let mut stmt = self.conn().prepare(one)?;
            for (place, (id, case)) in cases.iter_mut().enumerate() {
                let mut rows = stmt.query([id])?;
                while let Some(r) = rows.next()? {
                    each(place, case, r)?;
                }
            }
            return Ok(());
        }
        let mut stmt = self.conn().prepare(walk)?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            if let Some(place) = cases.place(r.get::<_, i64>(0)?) {
                each(place, cases.at_mut(place), r)?;
            }
        }
        Ok(())
    }

    /// Each case's first petitioner (the principal, then the lowest id): one
    /// walk of `case_petitioners` in case order.
    pub(super) fn first_petitioners(&self, cases: &mut CaseSet, one_by_one: bool) -> Result<()> {
        let mut best: Vec<Option<(bool, i64)>> = vec![None; cases.len()];
        let sql = "SELECT cp.case_id, cp.role <> 'principal', p.id, p.name
             FROM case_petitioners cp JOIN petitioners p ON p.id = cp.petitioner_id";
        self.each_row(
            cases,
            one_by_one,
            sql,
            &format!("{sql} WHERE cp.case_id = ?1"),
            |place, case, r| {
                let rank: (bool, i64) = (r.get(1)?, r.get(2)?);
                if best[place].is_none_or(|b| rank < b) {
                    best[place] = Some(rank);
                    case.brief.name = r.get::<_, Option<String>>(3)?.unwrap_or_default();
                }
                Ok(())
            },
        )
    }

    pub(super) fn timelines_for_figures(
        &self,
        cases: &mut CaseSet,
        one_by_one: bool,
    ) -> Result<()> {
        // The whole table in its own order, kept for the cases that count: read by
        // the case index instead, every event was a jump to another page of the
        // table (most of the time went to reading pages again). Within a case the
        // events still come in id order, which is timeline order.
        self.each_row(
            cases,
            one_by_one,
            "SELECT case_id, kind, at, detail FROM events ORDER BY id",
            "SELECT case_id, kind, at, detail FROM events WHERE case_id = ?1 ORDER BY id",
            |_, case, r| {
                let at = text(r, 2)?;
                let kind = text(r, 1)?;
                // Every reply as `stats` reads it (by its stored kind and instant),
                // for the figure cache's sums.
                if kind == "reply" && case.stored.is_some() {
                    case.reply_ats.push(at.to_string());
                }
                if let Some(point) = timeline_point(kind, at, text(r, 3)?) {
                    case.push_point(point, at);
                }
                Ok(())
            },
        )
    }

    /// Whether the file has this table (those of a matter's life came with later
    /// migrations; a file without one holds none of its rows).
    fn has_table(&self, name: &str) -> Result<bool> {
        let n: i64 = self.conn().query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?1",
            [name],
            |r| r.get(0),
        )?;
        Ok(n > 0)
    }

    /// The upper deadline and report back of matters from above. They are recorded
    /// by `report-back` and the upper terms at intake (issue 11.1, branch
    /// `matters`), in its `case_upper` table; a file without that table holds none.
    pub(super) fn upper_terms(&self, cases: &mut CaseSet, one_by_one: bool) -> Result<()> {
        if !self.has_table("case_upper")? {
            return Ok(());
        }
        self.each_row(
            cases,
            one_by_one,
            "SELECT case_id, due_on, reported_back_on FROM case_upper",
            "SELECT case_id, due_on, reported_back_on FROM case_upper WHERE case_id = ?1",
            |_, case, r| {
                case.upper_due = text_or_null(r, 1)?.and_then(day_of);
                case.reported_back_on = text_or_null(r, 2)?.and_then(day_of);
                Ok(())
            },
        )
    }

    /// Whether each matter is linked to an earlier one and whether it was merged
    /// into another as a duplicate (`case_merges`, the `matters` migration).
    pub(super) fn matter_marks(&self, cases: &mut CaseSet) -> Result<()> {
        if !self.has_table("case_merges")? {
            return Ok(());
        }
        // Links are few: read once, each marks the later of its two matters. Asked
        // per case in SQL, the planner walked the events of every older case for
        // each case (a read that grew with the square of the record).
        let mut later = std::collections::HashSet::new();
        let mut stmt = self.conn().prepare(
            "SELECT e.case_id, o.id FROM events e
             JOIN cases o ON o.case_no = json_extract(e.detail, '$.case_no')
             WHERE e.kind = 'link'",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let (from, to): (i64, i64) = (r.get(0)?, r.get(1)?);
            if from != to {
                later.insert(from.max(to));
            }
        }
        let mut merged = std::collections::HashSet::new();
        let mut stmt = self.conn().prepare("SELECT case_id FROM case_merges")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            merged.insert(r.get::<_, i64>(0)?);
        }
        for (id, case) in cases.iter_mut() {
            case.linked = later.contains(&id);
            case.merged = merged.contains(&id);
        }
        Ok(())
    }

    /// The ratings given on each matter's decisions (`ratings`, the ratings
    /// migration); a file without that table holds none. In id order, which
    /// within a case is the order they were given.
    pub(super) fn ratings_of_cases(&self, cases: &mut CaseSet, one_by_one: bool) -> Result<()> {
        if !self.has_table("ratings")? {
            return Ok(());
        }
        self.each_row(
            cases,
            one_by_one,
            "SELECT case_id, stage, result, rated_on FROM ratings ORDER BY id",
            "SELECT case_id, stage, result, rated_on FROM ratings WHERE case_id = ?1 ORDER BY id",
            |_, case, r| {
                case.push_rating(text(r, 1)?, text(r, 2)?, text(r, 3)?);
                Ok(())
            },
        )
    }
}

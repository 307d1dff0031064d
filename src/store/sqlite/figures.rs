//! The facts behind the office's figures (考核), read from the record in a few
//! passes: cases with their timelines and contacts, the period's contacts, the 老户
//! roster and what is overdue now. Counting is the domain's (`domain::figures`).
//!
//! The 上级交办 deadline and report back, merged duplicates and links to earlier
//! matters are read from the tables of a matter's life (`upper_terms`,
//! `matter_marks`), the ratings from theirs (`ratings_of_cases`), where the file
//! has them.
//! An enquiry (问进展) is a contact but never a repeat petition.

use super::events::timeline_point;
use super::SqliteStore;
use crate::domain::figures::{ContactFacts, LongStanding};
use crate::domain::figures_by::Keyed;
use crate::store::error::Result;
use crate::store::figure_cases::{
    add_matters, day_of, long_standing, look_back, CaseRead, ContactRead,
};
use crate::store::figure_facts::{CaseBrief, FigureFacts, OverdueCase};
use crate::store::port::Ctx;
use crate::store::records::DayRange;
use chrono::NaiveDate;
use rusqlite::params;
use std::collections::HashMap;

/// The cases that can count: registered by the period's end (?2) and touched
/// since the look-back day (?1).
const CAN_COUNT: &str = "c.registered_at < ?2 AND c.updated_at >= ?1";

impl SqliteStore {
    /// The facts for the figures of the local days `from..=to`.
    pub(super) fn figure_facts(
        &self,
        cx: &Ctx,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<FigureFacts> {
        let (lo, hi) = DayRange {
            from: Some(from),
            to: Some(to),
        }
        .bounds();
        let since = look_back(from);
        let catalog = self.catalog()?;
        let mut cases = self.cases_for_figures(&since, &hi, &|raw| catalog.top_level(raw))?;
        self.timelines_for_figures(&mut cases)?;
        self.contacts_of_cases(&mut cases)?;
        self.upper_terms(&since, &hi, &mut cases)?;
        self.matter_marks(&mut cases)?;
        self.ratings_of_cases(&since, &hi, &mut cases)?;

        let mut facts = FigureFacts::default();
        add_matters(&mut facts, cases, cx);
        facts.contacts = self.period_contacts(&lo, &hi, &|raw| catalog.top_level(raw))?;
        (facts.roster, facts.names) = self.long_standing_roster(&lo, &hi)?;
        facts.overdue = self.overdue_now(cx.today())?;
        Ok(facts)
    }

    fn cases_for_figures(
        &self,
        since: &str,
        hi: &str,
        top: &dyn Fn(Option<&str>) -> Option<String>,
    ) -> Result<HashMap<i64, CaseRead>> {
        let mut stmt = self.conn().prepare(&format!(
            "SELECT c.id, c.case_no, c.status, c.category, c.source, u.name,
                    coalesce(h.name, fo.name), c.registered_at,
                    (SELECT p.name FROM case_petitioners cp JOIN petitioners p ON p.id = cp.petitioner_id
                     WHERE cp.case_id = c.id ORDER BY cp.role <> 'principal', p.id LIMIT 1)
             FROM cases c JOIN officers fo ON fo.id = c.first_officer_id
             LEFT JOIN officers h ON h.id = c.handler_id LEFT JOIN units u ON u.id = c.unit_id
             WHERE {CAN_COUNT}"
        ))?;
        let mut rows = stmt.query(params![since, hi])?;
        let mut out = HashMap::new();
        while let Some(r) = rows.next()? {
            let registered_at: String = r.get(7)?;
            let Some(registered_on) = day_of(&registered_at) else {
                continue;
            };
            let id: i64 = r.get(0)?;
            let category: Option<String> = r.get(3)?;
            let brief = CaseBrief {
                case_no: r.get(1)?,
                name: r.get::<_, Option<String>>(8)?.unwrap_or_default(),
                registered_on,
                status: r.get(2)?,
                category: top(category.as_deref()),
                unit: r.get(5)?,
                handle_due: None,
                closed_on: None,
            };
            out.insert(id, CaseRead::new(brief, r.get(4)?, r.get(6)?));
        }
        Ok(out)
    }

    /// Runs `sql` (its rows start with the case id) over the cases that can count,
    /// handing each row to its case.
    fn each_case_row(
        &self,
        sql: &str,
        since: &str,
        hi: &str,
        cases: &mut HashMap<i64, CaseRead>,
        mut each: impl FnMut(&mut CaseRead, &rusqlite::Row<'_>) -> rusqlite::Result<()>,
    ) -> Result<()> {
        let mut stmt = self.conn().prepare(sql)?;
        let mut rows = stmt.query(params![since, hi])?;
        while let Some(r) = rows.next()? {
            if let Some(case) = cases.get_mut(&r.get::<_, i64>(0)?) {
                each(case, r)?;
            }
        }
        Ok(())
    }

    fn timelines_for_figures(&self, cases: &mut HashMap<i64, CaseRead>) -> Result<()> {
        // The whole table in its own order, kept for the cases that count: read by
        // the case index instead, every event was a jump to another page of the
        // table (most of the time went to reading pages again). Within a case the
        // events still come in id order, which is timeline order.
        let mut stmt = self
            .conn()
            .prepare("SELECT case_id, kind, at, detail FROM events ORDER BY id")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let Some(case) = cases.get_mut(&r.get::<_, i64>(0)?) else {
                continue;
            };
            let at: String = r.get(2)?;
            if let Some(point) =
                timeline_point(&r.get::<_, String>(1)?, &at, &r.get::<_, String>(3)?)
            {
                case.push_point(point, at);
            }
        }
        Ok(())
    }

    fn contacts_of_cases(&self, cases: &mut HashMap<i64, CaseRead>) -> Result<()> {
        // As the timelines: the table in its own order, each case's contacts put in
        // arrival order here.
        let mut of_case: HashMap<i64, Vec<(String, i64, String)>> = HashMap::new();
        let mut stmt = self
            .conn()
            .prepare("SELECT case_id, arrived_at, id, flags FROM contacts ORDER BY id")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let case_id: i64 = r.get(0)?;
            if cases.contains_key(&case_id) {
                of_case
                    .entry(case_id)
                    .or_default()
                    .push((r.get(1)?, r.get(2)?, r.get(3)?));
            }
        }
        for (case_id, contacts) in of_case {
            if let Some(case) = cases.get_mut(&case_id) {
                case.set_contacts(contacts);
            }
        }
        Ok(())
    }

    /// The upper deadline and report back of matters from above. They are recorded
    /// by `report-back` and the upper terms at intake (issue 11.1, branch
    /// `matters`), in its `case_upper` table; a file without that table holds none.
    fn upper_terms(&self, since: &str, hi: &str, cases: &mut HashMap<i64, CaseRead>) -> Result<()> {
        let recorded: i64 = self.conn().query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'case_upper'",
            [],
            |r| r.get(0),
        )?;
        if recorded == 0 {
            return Ok(());
        }
        let sql = format!(
            "SELECT u.case_id, u.due_on, u.reported_back_on FROM case_upper u
             JOIN cases c ON c.id = u.case_id WHERE {CAN_COUNT}"
        );
        self.each_case_row(&sql, since, hi, cases, |case, r| {
            case.upper_due = r.get::<_, Option<String>>(1)?.as_deref().and_then(day_of);
            case.reported_back_on = r.get::<_, Option<String>>(2)?.as_deref().and_then(day_of);
            Ok(())
        })
    }

    /// Whether each matter is linked to an earlier one and whether it was merged
    /// into another as a duplicate (`case_merges`, the `matters` migration).
    fn matter_marks(&self, cases: &mut HashMap<i64, CaseRead>) -> Result<()> {
        let recorded: i64 = self.conn().query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'case_merges'",
            [],
            |r| r.get(0),
        )?;
        if recorded == 0 {
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
            case.linked = later.contains(id);
            case.merged = merged.contains(id);
        }
        Ok(())
    }

    /// The ratings given on each matter's decisions (`ratings`, the ratings
    /// migration); a file without that table holds none.
    fn ratings_of_cases(
        &self,
        since: &str,
        hi: &str,
        cases: &mut HashMap<i64, CaseRead>,
    ) -> Result<()> {
        let recorded: i64 = self.conn().query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'ratings'",
            [],
            |r| r.get(0),
        )?;
        if recorded == 0 {
            return Ok(());
        }
        let sql = format!(
            "SELECT r.case_id, r.stage, r.result, r.rated_on FROM ratings r
             JOIN cases c ON c.id = r.case_id WHERE {CAN_COUNT} ORDER BY r.case_id, r.id"
        );
        self.each_case_row(&sql, since, hi, cases, |case, r| {
            case.push_rating(
                &r.get::<_, String>(1)?,
                &r.get::<_, String>(2)?,
                &r.get::<_, String>(3)?,
            );
            Ok(())
        })
    }

    /// The period's contacts, each with its case's keys; a contact is a repeat when
    /// it is not the first on its case.
    fn period_contacts(
        &self,
        lo: &str,
        hi: &str,
        top: &dyn Fn(Option<&str>) -> Option<String>,
    ) -> Result<Vec<Keyed<ContactFacts>>> {
        let mut stmt = self.conn().prepare(
            "SELECT k.arrived_at, k.channel, k.headcount, k.flags,
                    k.id <> (SELECT k2.id FROM contacts k2 WHERE k2.case_id = k.case_id
                             ORDER BY k2.arrived_at, k2.id LIMIT 1)
                        AND instr(k.flags, 'enquiry') = 0,
                    u.name, c.category, coalesce(h.name, fo.name), c.source
             FROM contacts k JOIN cases c ON c.id = k.case_id
             JOIN officers fo ON fo.id = c.first_officer_id
             LEFT JOIN officers h ON h.id = c.handler_id LEFT JOIN units u ON u.id = c.unit_id
             WHERE k.arrived_at >= ?1 AND k.arrived_at < ?2 ORDER BY k.arrived_at, k.id",
        )?;
        let mut rows = stmt.query(params![lo, hi])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let read = ContactRead {
                arrived_at: r.get(0)?,
                channel: r.get(1)?,
                headcount: r.get(2)?,
                flags: r.get(3)?,
                repeat: r.get(4)?,
                unit: r.get(5)?,
                category: r.get(6)?,
                officer: r.get(7)?,
                source: r.get(8)?,
            };
            out.extend(read.keyed(top));
        }
        Ok(out)
    }

    /// The 老户 at the start of the period: marked so then (the audit log keeps
    /// every mark and unmark), or flagged 老户 on a contact before it; with their
    /// last contact up to its end. Records merged into another person are left out
    /// (their contacts moved with them).
    #[allow(clippy::type_complexity)]
    fn long_standing_roster(
        &self,
        lo: &str,
        hi: &str,
    ) -> Result<(Vec<LongStanding>, HashMap<i64, String>)> {
        let mut stmt = self.conn().prepare(
            r#"WITH marks AS (
                 SELECT subject, action,
                        row_number() OVER (PARTITION BY subject ORDER BY at DESC, id DESC) AS nth
                 FROM audit WHERE action IN ('mark_long_standing', 'unmark_long_standing')
                 AND at < ?1),
               roster AS (
                 SELECT CAST(substr(subject, 12) AS INTEGER) AS id FROM marks
                 WHERE nth = 1 AND action = 'mark_long_standing'
                 UNION
                 SELECT petitioner_id FROM contacts
                 WHERE arrived_at < ?1 AND instr(flags, '"long_standing"') > 0)
             SELECT p.id, p.name,
                    (SELECT max(k.arrived_at) FROM contacts k
                     WHERE k.petitioner_id = p.id AND k.arrived_at < ?2)
             FROM roster r JOIN petitioners p ON p.id = r.id
             WHERE p.merged_into IS NULL ORDER BY p.id"#,
        )?;
        let mut rows = stmt.query(params![lo, hi])?;
        let (mut roster, mut names) = (Vec::new(), HashMap::new());
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            names.insert(id, r.get(1)?);
            roster.push(long_standing(id, r.get::<_, Option<String>>(2)?.as_deref()));
        }
        Ok((roster, names))
    }

    fn overdue_now(&self, today: NaiveDate) -> Result<Vec<OverdueCase>> {
        let mut stmt = self.conn().prepare(
            "SELECT c.case_no, coalesce(c.due_clock, ''), c.due_on, u.name
             FROM cases c LEFT JOIN units u ON u.id = c.unit_id
             WHERE c.due_on IS NOT NULL AND c.due_on < ?1 ORDER BY c.due_on, c.case_no",
        )?;
        let mut rows = stmt.query([today.to_string()])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let Some(due_on) = day_of(&r.get::<_, String>(2)?) else {
                continue;
            };
            out.push(OverdueCase {
                case_no: r.get(0)?,
                clock: r.get(1)?,
                due_on,
                unit: r.get(3)?,
            });
        }
        Ok(out)
    }
}

#[cfg(test)]
#[path = "figures_marks_tests.rs"]
mod marks_tests;

//! The facts behind the office's figures (考核), read from the record in a few
//! passes: cases with their timelines and contacts, the period's contacts, the 老户
//! roster and what is overdue now. Counting is the domain's (`domain::figures`).
//!
//! The 上级交办 deadline and report back, merged duplicates and links to earlier
//! matters are read from the tables of a matter's life (`upper_terms`,
//! `matter_marks`), the ratings from theirs (`ratings_of_cases`), where the file
//! has them.
//! An enquiry (问进展) is a contact but never a repeat petition.
//!
//! Every pass walks its table in rowid order and hands each row to its case in a
//! [`CaseSet`]: the cases that can count are most of the record for any period
//! (everything touched in the 400 days before it), and reaching them through an
//! index or a join instead jumped to another page of `cases` for every row (a
//! year at a million people spent most of its minute there). The period's
//! contacts come out of the same walk of `contacts` as the cases' own.

use super::SqliteStore;
use crate::domain::figures::{ContactFacts, LongStanding};
use crate::domain::figures_by::{Keyed, Keys};
use crate::store::error::Result;
use crate::store::figure_cases::{
    add_matters, contact_facts, day_of, long_standing, look_back, CaseRead, ContactMark, Stored,
};
use crate::store::figure_facts::{CaseBrief, FigureFacts, OverdueCase};
use crate::store::figure_set::CaseSet;
use crate::store::port::Ctx;
use crate::store::records::DayRange;
use chrono::NaiveDate;
use rusqlite::params;
use std::collections::HashMap;

/// The cases that can count: registered by the period's end (?2) and touched
/// since the look-back day (?1).
const CAN_COUNT: &str = "c.registered_at < ?2 AND c.updated_at >= ?1";

pub(super) type Top<'a> = &'a dyn Fn(Option<&str>) -> Option<String>;

/// Which cases to read.
pub(super) enum Which<'a> {
    /// Those that can count in a period: touched since the look-back day (`.0`)
    /// and registered before its end (`.1`).
    CanCount(&'a str, &'a str),
    /// Every case (to fill the figure cache).
    All,
    /// These, by id, ascending.
    These(&'a [i64]),
}

/// A stored stamp's first ten bytes: compared with a day (`YYYY-MM-DD`) they
/// order as the whole stamp does (a longer stamp that starts with the day is
/// after it), so the cache keeps no more.
pub(super) fn prefix(stamp: &str) -> Vec<u8> {
    stamp.as_bytes()[..stamp.len().min(10)].to_vec()
}

impl SqliteStore {
    /// The facts for the figures of the local days `from..=to`, every pass in one
    /// read snapshot.
    pub(super) fn figure_facts(
        &self,
        cx: &Ctx,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<FigureFacts> {
        self.figure_facts_read(cx, from, to, true)
    }

    /// `cached`: through the figure cache where it can serve (else always from
    /// the record, as the tests compare).
    pub(super) fn figure_facts_read(
        &self,
        cx: &Ctx,
        from: NaiveDate,
        to: NaiveDate,
        cached: bool,
    ) -> Result<FigureFacts> {
        let own = self.conn().is_autocommit();
        if own {
            self.conn().execute_batch("BEGIN")?;
        }
        let facts = self.figure_facts_now(cx, from, to, cached);
        if own {
            self.conn().execute_batch("COMMIT")?;
            if cached {
                self.fold_cache_writes();
            }
        }
        facts
    }

    fn figure_facts_now(
        &self,
        cx: &Ctx,
        from: NaiveDate,
        to: NaiveDate,
        cached: bool,
    ) -> Result<FigureFacts> {
        let (lo, hi) = DayRange {
            from: Some(from),
            to: Some(to),
        }
        .bounds();
        let since = look_back(from);
        let catalog = self.catalog()?;
        let top = |raw: Option<&str>| catalog.top_level(raw);
        // The matters' facts but their contacts': kept in the file's figure cache
        // (figure_cache.rs) where it can be, else read from the record.
        let from_cache = match cached {
            true => self.cached_cases(cx, &since, &hi, &top)?,
            false => None,
        };
        let mut cases = match from_cache {
            Some(cases) => cases,
            None => {
                let mut cases = self.cases_for_figures(Which::CanCount(&since, &hi), &top)?;
                self.matters_read(&mut cases, false)?;
                cases
            }
        };
        let contacts = self.contacts_of_cases(&mut cases, &lo, &hi)?;

        let mut facts = FigureFacts {
            contacts: self.keyed_contacts(contacts, &cases, &top)?,
            ..FigureFacts::default()
        };
        add_matters(&mut facts, cases.into_cases(), cx);
        (facts.roster, facts.names) = self.long_standing_roster(&lo, &hi)?;
        facts.overdue = self.overdue_now(cx.today())?;
        Ok(facts)
    }

    /// Everything of the cases read but their contacts: timelines, terms from
    /// above, links and merges, ratings. `one_by_one`: each case's rows through
    /// its index (a few cases), else every table walked.
    pub(super) fn matters_read(&self, cases: &mut CaseSet, one_by_one: bool) -> Result<()> {
        self.timelines_for_figures(cases, one_by_one)?;
        self.upper_terms(cases, one_by_one)?;
        self.matter_marks(cases)?;
        self.ratings_of_cases(cases, one_by_one)
    }

    /// The names of a small table's rows by id (officers, units).
    pub(super) fn names_of(&self, table: &str) -> Result<HashMap<i64, String>> {
        let mut stmt = self
            .conn()
            .prepare(&format!("SELECT id, name FROM {table}"))?;
        let mut rows = stmt.query([])?;
        let mut out = HashMap::new();
        while let Some(r) = rows.next()? {
            out.insert(r.get(0)?, r.get(1)?);
        }
        Ok(out)
    }

    pub(super) fn cases_for_figures(&self, which: Which, top: Top) -> Result<CaseSet> {
        let officers = self.names_of("officers")?;
        let units = self.names_of("units")?;
        let columns = "c.id, c.case_no, c.status, c.category, c.source, c.unit_id,
                       c.handler_id, c.first_officer_id, c.registered_at, c.updated_at";
        let mut out = CaseSet::default();
        // Every case the cache keeps, whatever the officers now.
        let every = !matches!(which, Which::CanCount(..));
        let mut take = |r: &rusqlite::Row<'_>| -> Result<()> {
            // As a join with the first officer: a case without one is not read
            // (the cache keeps it, and asks again when it is read).
            let first_officer = officers.get(&r.get::<_, i64>(7)?);
            if first_officer.is_none() && !every {
                return Ok(());
            }
            let registered_at = text(r, 8)?;
            let Some(registered_on) = day_of(registered_at) else {
                return Ok(());
            };
            let handler_id = r.get::<_, Option<i64>>(6)?;
            let unit_id = r.get::<_, Option<i64>>(5)?;
            let handler = handler_id.and_then(|h| officers.get(&h));
            let unit = unit_id.and_then(|u| units.get(&u));
            let category = text_or_null(r, 3)?;
            let brief = CaseBrief {
                case_no: r.get(1)?,
                name: String::new(),
                registered_on,
                status: r.get(2)?,
                category: top(category),
                unit: unit.cloned(),
                handle_due: None,
                closed_on: None,
            };
            let officer = handler.or(first_officer).cloned();
            let mut case = CaseRead::new(brief, r.get(4)?, officer);
            let first_officer_id: i64 = r.get(7)?;
            case.stored = every.then(|| {
                Box::new(Stored {
                    category: category.map(str::to_string),
                    unit_id,
                    handler_id,
                    first_officer_id,
                    registered: prefix(registered_at),
                    updated: prefix(text(r, 9).unwrap_or_default()),
                })
            });
            out.push(r.get(0)?, case);
            Ok(())
        };
        match which {
            // NOT INDEXED: most cases can count, and through `cases_updated` each
            // was a jump to another page of the table.
            Which::CanCount(since, hi) => {
                let mut stmt = self.conn().prepare(&format!(
                    "SELECT {columns} FROM cases c NOT INDEXED WHERE {CAN_COUNT} ORDER BY c.id"
                ))?;
                let mut rows = stmt.query(params![since, hi])?;
                while let Some(r) = rows.next()? {
                    take(r)?;
                }
            }
            Which::All => {
                let mut stmt = self
                    .conn()
                    .prepare(&format!("SELECT {columns} FROM cases c ORDER BY c.id"))?;
                let mut rows = stmt.query([])?;
                while let Some(r) = rows.next()? {
                    take(r)?;
                }
            }
            Which::These(ids) => {
                let mut stmt = self
                    .conn()
                    .prepare(&format!("SELECT {columns} FROM cases c WHERE c.id = ?1"))?;
                for id in ids {
                    let mut rows = stmt.query([id])?;
                    while let Some(r) = rows.next()? {
                        take(r)?;
                    }
                }
            }
        }
        out.seal();
        self.first_petitioners(&mut out, matches!(which, Which::These(_)))?;
        Ok(out)
    }

    /// Each case's contacts, and the period's contacts (`lo..hi`) of any case,
    /// from one walk of the table.
    fn contacts_of_cases(
        &self,
        cases: &mut CaseSet,
        lo: &str,
        hi: &str,
    ) -> Result<Vec<PeriodContact>> {
        let mut of_case: Vec<Vec<ContactMark>> = Vec::new();
        of_case.resize_with(cases.len(), Vec::new);
        let mut period = Vec::new();
        let mut stmt = self.conn().prepare(
            "SELECT case_id, arrived_at, id, flags, channel, headcount FROM contacts ORDER BY id",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let case_id: i64 = r.get(0)?;
            let arrived_at = text(r, 1)?;
            let id: i64 = r.get(2)?;
            let flags = text(r, 3)?;
            if arrived_at >= lo && arrived_at < hi {
                period.push(PeriodContact {
                    case_id,
                    id,
                    arrived_at: arrived_at.to_string(),
                    facts: contact_facts(arrived_at, text(r, 4)?, r.get(5)?, flags, false),
                    // As `instr(flags, 'enquiry')`: the bare word.
                    enquiry: flags.contains("enquiry"),
                });
            }
            if let Some(place) = cases.place(case_id) {
                of_case[place].push(ContactMark::new(arrived_at.to_string(), id, flags));
            }
        }
        for (place, contacts) in of_case.into_iter().enumerate() {
            cases.at_mut(place).set_contacts(contacts);
        }
        // In arrival order, as the figures have always listed them.
        period.sort_unstable_by(|a, b| (&a.arrived_at, a.id).cmp(&(&b.arrived_at, b.id)));
        Ok(period)
    }

    /// The period's contacts with their cases' keys. A contact is a repeat when
    /// it is not the first on its case and not an enquiry. A case that cannot
    /// count (none does that was touched in the period) is asked for by itself.
    fn keyed_contacts(
        &self,
        contacts: Vec<PeriodContact>,
        cases: &CaseSet,
        top: Top,
    ) -> Result<Vec<Keyed<ContactFacts>>> {
        let mut others: HashMap<i64, Option<(Keys, i64)>> = HashMap::new();
        let mut out = Vec::with_capacity(contacts.len());
        for c in contacts {
            let (keys, first) = match cases.get(c.case_id) {
                Some(case) => (
                    Keys {
                        unit: case.brief.unit.clone(),
                        category: case.brief.category.clone(),
                        officer: case.officer.clone(),
                        source: Some(case.source.clone()),
                    },
                    case.first_contact,
                ),
                None => {
                    let found = match others.entry(c.case_id) {
                        std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
                        std::collections::hash_map::Entry::Vacant(e) => {
                            e.insert(self.case_keys(c.case_id, top)?)
                        }
                    };
                    // As a join with the case and its first officer.
                    let Some((keys, first)) = found else {
                        continue;
                    };
                    (keys.clone(), Some(*first))
                }
            };
            let Some(mut facts) = c.facts else {
                continue;
            };
            facts.repeat = first != Some(c.id) && !c.enquiry;
            out.push(Keyed { keys, facts });
        }
        Ok(out)
    }

    /// The keys and first contact of one case outside those that can count.
    fn case_keys(&self, case_id: i64, top: Top) -> Result<Option<(Keys, i64)>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT u.name, c.category, coalesce(h.name, fo.name), c.source,
                    (SELECT k.id FROM contacts k WHERE k.case_id = c.id
                     ORDER BY k.arrived_at, k.id LIMIT 1)
             FROM cases c JOIN officers fo ON fo.id = c.first_officer_id
             LEFT JOIN officers h ON h.id = c.handler_id LEFT JOIN units u ON u.id = c.unit_id
             WHERE c.id = ?1",
        )?;
        let mut rows = stmt.query([case_id])?;
        let Some(r) = rows.next()? else {
            return Ok(None);
        };
        let keys = Keys {
            unit: r.get(0)?,
            category: top(text_or_null(r, 1)?),
            officer: r.get(2)?,
            source: Some(r.get(3)?),
        };
        Ok(Some((keys, r.get(4)?)))
    }

    /// The 老户 at the start of the period: marked so then (the audit log keeps
    /// every mark and unmark), or flagged 老户 on a contact before it; with their
    /// last contact up to its end. Records merged into another person are left out
    /// (their contacts moved with them).
    #[allow(clippy::type_complexity)]
    pub(super) fn long_standing_roster(
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

    pub(super) fn overdue_now(&self, today: NaiveDate) -> Result<Vec<OverdueCase>> {
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

/// A contact of the period as the walk of `contacts` met it, before its case's
/// keys are put to it.
struct PeriodContact {
    case_id: i64,
    id: i64,
    arrived_at: String,
    /// `repeat` is set with the keys; none for a stamp that is not a day.
    facts: Option<ContactFacts>,
    enquiry: bool,
}

/// A text column borrowed from the row (no copy for the rows a pass only looks at).
pub(super) fn text<'r>(r: &'r rusqlite::Row<'_>, i: usize) -> rusqlite::Result<&'r str> {
    text_or_null(r, i)?.ok_or_else(|| {
        rusqlite::Error::InvalidColumnType(i, String::new(), rusqlite::types::Type::Null)
    })
}

pub(super) fn text_or_null<'r>(
    r: &'r rusqlite::Row<'_>,
    i: usize,
) -> rusqlite::Result<Option<&'r str>> {
    let v = r.get_ref(i)?;
    v.as_str_or_null()
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(i, v.data_type(), Box::new(e)))
}

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
use crate::domain::clocks::{compute_clocks, TimelinePoint};
use crate::domain::figures::{ContactFacts, LongStanding, MatterFacts, RatedWindow, Source};
use crate::domain::figures_by::{Keyed, Keys};
use crate::domain::ratings::{rated_windows, RatingResult, RatingStage};
use crate::domain::{ClockKind, EventKind};
use crate::store::error::Result;
use crate::store::figure_facts::{CaseBrief, FigureFacts, OverdueCase};
use crate::store::port::{Ctx, Rules};
use crate::store::records::DayRange;
use chrono::NaiveDate;
use rusqlite::params;
use std::collections::HashMap;

/// A closed matter counts in the figures of a period while its review window, a
/// review and a recheck may still end in it; a case untouched for this long before
/// the period's start cannot.
const LOOK_BACK_DAYS: u64 = 400;

/// The cases that can count: registered by the period's end (?2) and touched
/// since the look-back day (?1).
const CAN_COUNT: &str = "c.registered_at < ?2 AND c.updated_at >= ?1";

/// A case as read, before its facts are worked out.
struct CaseRead {
    brief: CaseBrief,
    source: String,
    officer: Option<String>,
    points: Vec<TimelinePoint>,
    /// The first reply's instant, as stored.
    replied_at: Option<String>,
    /// Linked (either side's timeline) to a matter registered before it.
    linked: bool,
    /// A duplicate merged into another matter (并案).
    merged: bool,
    /// Contact instants in arrival order, enquiries (问进展) left out; the first registered the matter.
    contacts: Vec<String>,
    same_source: bool,
    /// From above: the upper deadline and the day it was reported back (报结).
    upper_due: Option<NaiveDate>,
    reported_back_on: Option<NaiveDate>,
    /// 满意度评价 given on its decisions.
    ratings: Vec<(RatingStage, RatingResult, NaiveDate)>,
}

fn day_of(stamp: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(stamp.get(..10)?, "%Y-%m-%d").ok()
}

fn has_flag(flags: &str, code: &str) -> bool {
    flags.contains(&format!("\"{code}\""))
}

/// The figures' source of a case from its stored code.
fn source_of(code: &str) -> Source {
    match code {
        "assigned_from_above" => Source::AssignedFromAbove,
        "transferred_from_above" => Source::TransferredFromAbove,
        "assigned_by_leader" => Source::AssignedByLeader,
        _ => Source::Own,
    }
}

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
        let since = from
            .checked_sub_days(chrono::Days::new(LOOK_BACK_DAYS))
            .unwrap_or(from)
            .to_string();
        let catalog = self.catalog()?;
        let mut cases = self.cases_for_figures(&since, &hi, &|raw| catalog.top_level(raw))?;
        self.timelines_for_figures(&mut cases)?;
        self.contacts_of_cases(&mut cases)?;
        self.upper_terms(&since, &hi, &mut cases)?;
        self.matter_marks(&mut cases)?;
        self.ratings_of_cases(&since, &hi, &mut cases)?;

        let mut facts = FigureFacts::default();
        for mut case in cases.into_values() {
            let (keys, matter) = matter_facts(&case, cx.today(), &cx.rules);
            case.brief.handle_due = matter.handle_due;
            case.brief.closed_on = matter.closed_on;
            facts.matters.push(Keyed {
                keys,
                facts: matter,
            });
            facts.cases.insert(case.brief.case_no.clone(), case.brief);
        }
        facts
            .matters
            .sort_by(|a, b| a.facts.case_no.cmp(&b.facts.case_no));
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
            out.insert(
                id,
                CaseRead {
                    brief: CaseBrief {
                        case_no: r.get(1)?,
                        name: r.get::<_, Option<String>>(8)?.unwrap_or_default(),
                        registered_on,
                        status: r.get(2)?,
                        category: top(category.as_deref()),
                        unit: r.get(5)?,
                        handle_due: None,
                        closed_on: None,
                    },
                    source: r.get(4)?,
                    officer: r.get(6)?,
                    points: Vec::new(),
                    replied_at: None,
                    linked: false,
                    merged: false,
                    contacts: Vec::new(),
                    same_source: false,
                    upper_due: None,
                    reported_back_on: None,
                    ratings: Vec::new(),
                },
            );
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
            let Some(point) = timeline_point(&r.get::<_, String>(1)?, &at, &r.get::<_, String>(3)?)
            else {
                continue;
            };
            if point.kind == EventKind::Reply && case.replied_at.is_none() {
                case.replied_at = Some(at);
            }
            case.points.push(point);
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
        for (case_id, mut contacts) in of_case {
            let Some(case) = cases.get_mut(&case_id) else {
                continue;
            };
            contacts.sort();
            for (arrived_at, _, flags) in contacts {
                if case.contacts.is_empty() {
                    case.same_source = has_flag(&flags, "same_source");
                }
                // Asking how the matter stands is not writing or coming again on it.
                if case.contacts.is_empty() || !has_flag(&flags, "enquiry") {
                    case.contacts.push(arrived_at);
                }
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
            let stage = RatingStage::from_code(&r.get::<_, String>(1)?);
            let result = RatingResult::from_code(&r.get::<_, String>(2)?);
            let on = day_of(&r.get::<_, String>(3)?);
            if let (Some(stage), Some(result), Some(on)) = (stage, result, on) {
                case.ratings.push((stage, result, on));
            }
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
            let Some(on) = day_of(&r.get::<_, String>(0)?) else {
                continue;
            };
            let flags: String = r.get(3)?;
            let category: Option<String> = r.get(6)?;
            out.push(Keyed {
                keys: Keys {
                    unit: r.get(5)?,
                    category: top(category.as_deref()),
                    officer: r.get(7)?,
                    source: Some(r.get(8)?),
                },
                facts: ContactFacts {
                    on,
                    visit: r.get::<_, String>(1)? == "visit",
                    headcount: r.get::<_, i64>(2)?.clamp(1, i64::from(u32::MAX)) as u32,
                    collective: has_flag(&flags, "collective"),
                    repeat: r.get(4)?,
                },
            });
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
            roster.push(LongStanding {
                petitioner_id: id,
                last_contact: r.get::<_, Option<String>>(2)?.as_deref().and_then(day_of),
                // 息访 is recorded by 包案 (issue 12); until then a 老户 settles by
                // staying quiet (`Targets::quiet_months`).
                settled_on: None,
            });
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

/// One case's facts for the figures, and the keys it is split by.
fn matter_facts(case: &CaseRead, today: NaiveDate, rules: &Rules) -> (Keys, MatterFacts) {
    let clocks = compute_clocks(&case.points, today, &rules.clocks);
    let due = |kind: ClockKind| clocks.iter().find(|c| c.kind == kind).map(|c| c.due);
    let first = |kinds: &[EventKind]| {
        case.points
            .iter()
            .find(|p| kinds.contains(&p.kind))
            .map(|p| p.on)
    };
    let count = |kinds: &[EventKind]| {
        case.points
            .iter()
            .filter(|p| kinds.contains(&p.kind))
            .count()
    };
    let source = source_of(&case.source);
    let steps: Vec<(EventKind, NaiveDate)> = case.points.iter().map(|p| (p.kind, p.on)).collect();
    let replied_on = first(&[EventKind::Reply]);
    let after = |instant: &str| {
        case.contacts
            .iter()
            .filter(|c| c.as_str() > instant)
            .count() as u32
    };
    let facts = MatterFacts {
        case_no: case.brief.case_no.clone(),
        registered_on: case.brief.registered_on,
        source,
        // The matter-level 初信初访 mark (`domain::initial`), as `case show` gives it.
        initial: crate::domain::initial::is_initial(&crate::domain::initial::InitialFacts {
            from_above: source.from_above(),
            linked_to_earlier: case.linked,
            merged: case.merged,
            same_source: case.same_source,
        }),
        merged: case.merged,
        handle_due: due(ClockKind::Handle),
        closed_on: first(&[EventKind::Reply, EventKind::NotAccept]),
        replied_on,
        review_window_ends: replied_on.and(due(ClockKind::ReviewWindow)),
        review_requested: count(&[EventKind::RequestReview]) > 0,
        // Every contact after the one that registered the matter.
        contacts_after_registration: case.contacts.len().saturating_sub(1) as u32,
        contacts_after_reply: case.replied_at.as_deref().map(after).unwrap_or(0),
        // Read by `upper_terms` where the record holds them (issue 11.1).
        upper_due: case.upper_due,
        // The upper clock stops at the report back, or at the answer when the office
        // above asked for none (上级转送): either way the matter is done for it.
        reported_back_on: clocks
            .iter()
            .find(|c| c.kind == ClockKind::Upper)
            .and_then(|c| c.stopped)
            .or(case.reported_back_on),
        // Each decision's rating window with its rating (满意度评价, `evaluate`).
        rated: rated_windows(&steps, &case.ratings, rules.ratings.window_days)
            .into_iter()
            .map(|rated| RatedWindow {
                rated,
                deemed_satisfied: rules.ratings.unrated_counts_as_satisfied,
            })
            .collect(),
    };
    let keys = Keys {
        unit: case.brief.unit.clone(),
        category: case.brief.category.clone(),
        officer: case.officer.clone(),
        source: Some(case.source.clone()),
    };
    (keys, facts)
}

#[cfg(test)]
#[path = "figures_marks_tests.rs"]
mod marks_tests;

//! The facts behind the office's figures (考核) on PostgreSQL: the passes of
//! `sqlite::figures` over the same tables, read into the same `CaseRead`s and
//! worked out by `store::figure_cases`, so that both backends count alike. Every
//! pass reads one snapshot (the caller's repeatable-read transaction): a desk
//! writing meanwhile never splits a case between two passes.

use super::rows::categories;
use crate::store::error::Result;
use crate::store::figure_cases::{
    add_matters, day_of, long_standing, look_back, CaseRead, ContactMark, ContactRead,
};
use crate::store::figure_facts::{CaseBrief, FigureFacts, OverdueCase};
use crate::store::port::Ctx;
use crate::store::records::DayRange;
use crate::store::sqlite::timeline_point;
use crate::store::stats_parts::Catalog;
use chrono::NaiveDate;
use postgres::{GenericClient, Row};
use std::collections::{HashMap, HashSet};

/// The cases that can count: registered by the period's end ($2) and touched
/// since the look-back day ($1).
const CAN_COUNT: &str = "c.registered_at < $2 AND c.updated_at >= $1";

type Cases = HashMap<i64, CaseRead>;

/// The facts for the figures of the local days `from..=to`.
pub(super) fn figure_facts<C: GenericClient>(
    c: &mut C,
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
    let catalog = Catalog::of(&categories(c)?);
    let top = |raw: Option<&str>| catalog.top_level(raw);
    let mut cases = cases_for_figures(c, &since, &hi, &top)?;
    timelines(c, &since, &hi, &mut cases)?;
    contacts_of_cases(c, &since, &hi, &mut cases)?;
    each_case_row(
        c,
        CaseRows {
            columns: "u.case_id, u.due_on, u.reported_back_on",
            from: "case_upper u JOIN cases c ON c.id = u.case_id",
            order: "u.case_id",
        },
        &since,
        &hi,
        &mut cases,
        |case, r| {
            case.upper_due = r
                .try_get::<_, Option<String>>(1)?
                .as_deref()
                .and_then(day_of);
            case.reported_back_on = r
                .try_get::<_, Option<String>>(2)?
                .as_deref()
                .and_then(day_of);
            Ok(())
        },
    )?;
    matter_marks(c, &mut cases)?;
    ratings_of_cases(c, &since, &hi, &mut cases)?;

    let mut facts = FigureFacts::default();
    add_matters(&mut facts, cases.into_values(), cx);
    facts.contacts = period_contacts(c, &lo, &hi, &top)?;
    (facts.roster, facts.names) = long_standing_roster(c, &lo, &hi)?;
    facts.overdue = overdue_now(c, cx.today())?;
    Ok(facts)
}

fn cases_for_figures<C: GenericClient>(
    c: &mut C,
    since: &str,
    hi: &str,
    top: &dyn Fn(Option<&str>) -> Option<String>,
) -> Result<Cases> {
    let rows = c.query(
        &format!(
            "SELECT c.id, c.case_no, c.status, c.category, c.source, u.name,
                    coalesce(h.name, fo.name), c.registered_at,
                    (SELECT p.name FROM case_petitioners cp JOIN petitioners p ON p.id = cp.petitioner_id
                     WHERE cp.case_id = c.id ORDER BY cp.role <> 'principal', p.id LIMIT 1)
             FROM cases c JOIN officers fo ON fo.id = c.first_officer_id
             LEFT JOIN officers h ON h.id = c.handler_id LEFT JOIN units u ON u.id = c.unit_id
             WHERE {CAN_COUNT}"
        ),
        &[&since, &hi],
    )?;
    let mut out = HashMap::new();
    for r in rows {
        let Some(registered_on) = day_of(&r.try_get::<_, String>(7)?) else {
            continue;
        };
        let category: Option<String> = r.try_get(3)?;
        let brief = CaseBrief {
            case_no: r.try_get(1)?,
            name: r.try_get::<_, Option<String>>(8)?.unwrap_or_default(),
            registered_on,
            status: r.try_get(2)?,
            category: top(category.as_deref()),
            unit: r.try_get(5)?,
            handle_due: None,
            closed_on: None,
        };
        out.insert(
            r.try_get(0)?,
            CaseRead::new(brief, r.try_get(4)?, r.try_get(6)?),
        );
    }
    Ok(out)
}

/// Reads `SELECT {columns} FROM {from} … ORDER BY {order}` over the cases that
/// can count (`from` joins `cases c`; the rows start with the case id), handing
/// each row to its case.
struct CaseRows<'a> {
    columns: &'a str,
    from: &'a str,
    order: &'a str,
}

fn each_case_row<C: GenericClient>(
    c: &mut C,
    q: CaseRows<'_>,
    since: &str,
    hi: &str,
    cases: &mut Cases,
    mut each: impl FnMut(&mut CaseRead, &Row) -> Result<()>,
) -> Result<()> {
    let CaseRows {
        columns,
        from,
        order,
    } = q;
    let sql = format!("SELECT {columns} FROM {from} WHERE {CAN_COUNT} ORDER BY {order}");
    for r in c.query(&sql, &[&since, &hi])? {
        if let Some(case) = cases.get_mut(&r.try_get::<_, i64>(0)?) {
            each(case, &r)?;
        }
    }
    Ok(())
}

/// Each case's events in timeline (id) order.
fn timelines<C: GenericClient>(c: &mut C, since: &str, hi: &str, cases: &mut Cases) -> Result<()> {
    each_case_row(
        c,
        CaseRows {
            columns: "e.case_id, e.kind, e.at, e.detail",
            from: "events e JOIN cases c ON c.id = e.case_id",
            order: "e.id",
        },
        since,
        hi,
        cases,
        |case, r| {
            let at: String = r.try_get(2)?;
            let (kind, detail): (String, String) = (r.try_get(1)?, r.try_get(3)?);
            if let Some(point) = timeline_point(&kind, &at, &detail) {
                case.push_point(point, &at);
            }
            Ok(())
        },
    )
}

fn contacts_of_cases<C: GenericClient>(
    c: &mut C,
    since: &str,
    hi: &str,
    cases: &mut Cases,
) -> Result<()> {
    let mut of_case: HashMap<i64, Vec<ContactMark>> = HashMap::new();
    each_case_row(
        c,
        CaseRows {
            columns: "k.case_id, k.arrived_at, k.id, k.flags",
            from: "contacts k JOIN cases c ON c.id = k.case_id",
            order: "k.id",
        },
        since,
        hi,
        cases,
        |_, r| {
            of_case
                .entry(r.try_get(0)?)
                .or_default()
                .push(ContactMark::new(
                    r.try_get(1)?,
                    r.try_get(2)?,
                    r.try_get(3)?,
                ));
            Ok(())
        },
    )?;
    for (case_id, contacts) in of_case {
        if let Some(case) = cases.get_mut(&case_id) {
            case.set_contacts(contacts);
        }
    }
    Ok(())
}

/// Whether each matter is linked to an earlier one (a link on either side's
/// timeline marks the later of the two) and whether it was merged into another.
fn matter_marks<C: GenericClient>(c: &mut C, cases: &mut Cases) -> Result<()> {
    let mut later = HashSet::new();
    for r in c.query(
        "SELECT e.case_id, o.id FROM events e
         JOIN cases o ON o.case_no = ((e.detail::jsonb) ->> 'case_no')
         WHERE e.kind = 'link'",
        &[],
    )? {
        let (from, to): (i64, i64) = (r.try_get(0)?, r.try_get(1)?);
        if from != to {
            later.insert(from.max(to));
        }
    }
    let merged: HashSet<i64> = super::rows::col(c, "SELECT case_id FROM case_merges", &[])?
        .into_iter()
        .collect();
    for (id, case) in cases.iter_mut() {
        case.linked = later.contains(id);
        case.merged = merged.contains(id);
    }
    Ok(())
}

/// The ratings given on each matter's decisions, where the record has the
/// `ratings` table (its columns as on SQLite); a record without it holds none.
fn ratings_of_cases<C: GenericClient>(
    c: &mut C,
    since: &str,
    hi: &str,
    cases: &mut Cases,
) -> Result<()> {
    let recorded: bool = super::rows::one(c, "SELECT to_regclass('ratings') IS NOT NULL", &[])?;
    if !recorded {
        return Ok(());
    }
    each_case_row(
        c,
        // Cast: whatever types the port of the ratings gives these columns, they
        // are read as the codes and days SQLite stores.
        CaseRows {
            columns: "r.case_id, r.stage::text, r.result::text, r.rated_on::text",
            from: "ratings r JOIN cases c ON c.id = r.case_id",
            order: "r.case_id, r.id",
        },
        since,
        hi,
        cases,
        |case, r| {
            case.push_rating(
                &r.try_get::<_, String>(1)?,
                &r.try_get::<_, String>(2)?,
                &r.try_get::<_, String>(3)?,
            );
            Ok(())
        },
    )
}

/// The period's contacts, each with its case's keys; a contact is a repeat when
/// it is not the first on its case.
fn period_contacts<C: GenericClient>(
    c: &mut C,
    lo: &str,
    hi: &str,
    top: &dyn Fn(Option<&str>) -> Option<String>,
) -> Result<Vec<crate::domain::figures_by::Keyed<crate::domain::figures::ContactFacts>>> {
    let rows = c.query(
        "SELECT k.arrived_at, k.channel, k.headcount, k.flags,
                k.id <> (SELECT k2.id FROM contacts k2 WHERE k2.case_id = k.case_id
                         ORDER BY k2.arrived_at, k2.id LIMIT 1)
                    AND strpos(k.flags, 'enquiry') = 0,
                u.name, c.category, coalesce(h.name, fo.name), c.source
         FROM contacts k JOIN cases c ON c.id = k.case_id
         JOIN officers fo ON fo.id = c.first_officer_id
         LEFT JOIN officers h ON h.id = c.handler_id LEFT JOIN units u ON u.id = c.unit_id
         WHERE k.arrived_at >= $1 AND k.arrived_at < $2 ORDER BY k.arrived_at, k.id",
        &[&lo, &hi],
    )?;
    let mut out = Vec::new();
    for r in rows {
        let read = ContactRead {
            arrived_at: r.try_get(0)?,
            channel: r.try_get(1)?,
            headcount: r.try_get(2)?,
            flags: r.try_get(3)?,
            repeat: r.try_get(4)?,
            unit: r.try_get(5)?,
            category: r.try_get(6)?,
            officer: r.try_get(7)?,
            source: r.try_get(8)?,
        };
        out.extend(read.keyed(top));
    }
    Ok(out)
}

/// The 老户 at the start of the period (as `sqlite::figures`): marked so then, by
/// the last mark or unmark on the audit log before it, or flagged 老户 on a
/// contact before it; with their last contact up to its end. Records merged into
/// another person are left out.
#[allow(clippy::type_complexity)]
fn long_standing_roster<C: GenericClient>(
    c: &mut C,
    lo: &str,
    hi: &str,
) -> Result<(
    Vec<crate::domain::figures::LongStanding>,
    HashMap<i64, String>,
)> {
    // A subject not of the form `petitioner:<id>` names nobody (SQLite's cast
    // gives 0 there; the server's would fail the whole read).
    let rows = c.query(
        r#"WITH marks AS (
             SELECT subject, action,
                    row_number() OVER (PARTITION BY subject ORDER BY at DESC, id DESC) AS nth
             FROM audit WHERE action IN ('mark_long_standing', 'unmark_long_standing')
             AND at < $1),
           roster AS (
             SELECT CASE WHEN subject ~ '^petitioner:[0-9]{1,18}$'
                         THEN substr(subject, 12)::bigint END AS id
             FROM marks WHERE nth = 1 AND action = 'mark_long_standing'
             UNION
             SELECT petitioner_id FROM contacts
             WHERE arrived_at < $1 AND strpos(flags, '"long_standing"') > 0)
         SELECT p.id, p.name,
                (SELECT max(k.arrived_at) FROM contacts k
                 WHERE k.petitioner_id = p.id AND k.arrived_at < $2)
         FROM roster r JOIN petitioners p ON p.id = r.id
         WHERE p.merged_into IS NULL ORDER BY p.id"#,
        &[&lo, &hi],
    )?;
    let (mut roster, mut names) = (Vec::new(), HashMap::new());
    for r in rows {
        let id: i64 = r.try_get(0)?;
        names.insert(id, r.try_get(1)?);
        roster.push(long_standing(
            id,
            r.try_get::<_, Option<String>>(2)?.as_deref(),
        ));
    }
    Ok((roster, names))
}

fn overdue_now<C: GenericClient>(c: &mut C, today: NaiveDate) -> Result<Vec<OverdueCase>> {
    let rows = c.query(
        "SELECT c.case_no, coalesce(c.due_clock, ''), c.due_on, u.name
         FROM cases c LEFT JOIN units u ON u.id = c.unit_id
         WHERE c.due_on IS NOT NULL AND c.due_on < $1 ORDER BY c.due_on, c.case_no",
        &[&today.to_string()],
    )?;
    let mut out = Vec::new();
    for r in rows {
        let Some(due_on) = day_of(&r.try_get::<_, String>(2)?) else {
            continue;
        };
        out.push(OverdueCase {
            case_no: r.try_get(0)?,
            clock: r.try_get(1)?,
            due_on,
            unit: r.try_get(3)?,
        });
    }
    Ok(out)
}

//! The port's book traits for the PostgreSQL adapter: reads through the one
//! connection. What is not on PostgreSQL yet says so (see `super::not_yet`).

use super::reads::{self, SHOWN_FLAGS};
use super::rows::{col, one, opt, small};
use super::search::PgKeys;
use super::PgStore;
use crate::domain::mask::mask_id_number;
use crate::domain::QueueStatus;
use crate::search::Page;
use crate::store::error::{Result, StoreError};
use crate::store::port::{
    CaseBook, Ctx, Identifiers, PeopleBook, QueueBook, RecordBook, ShiftBook,
};
use crate::store::records::*;
use crate::text::clean_input;
use chrono::{DateTime, FixedOffset, NaiveDate};
use postgres::GenericClient;
use std::cell::RefCell;

impl PeopleBook for PgStore {
    fn lookup_page(&self, query: &str, limit: usize) -> Result<Page> {
        self.read(|c| crate::search::lookup(&PgKeys(RefCell::new(c)), query, limit))
    }

    fn people_on_record(&self) -> Result<i64> {
        self.read(|c| {
            one(
                c,
                "SELECT count(*) FROM petitioners WHERE merged_into IS NULL",
                &[],
            )
        })
    }

    fn highest_person_id(&self) -> Result<i64> {
        self.read(|c| one(c, "SELECT coalesce(max(id), 0) FROM petitioners", &[]))
    }

    fn person_identifiers(&self, id: i64) -> Result<Option<Identifiers>> {
        self.read(|c| {
            c.query_opt(
                "SELECT name, id_number, phone FROM petitioners WHERE id = $1 AND merged_into IS NULL",
                &[&id],
            )?
            .map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?)))
            .transpose()
        })
    }

    fn names(&self) -> Result<Vec<String>> {
        self.read(|c| {
            col(
                c,
                "SELECT name FROM petitioners WHERE merged_into IS NULL",
                &[],
            )
        })
    }

    fn cards(&self, cx: &Ctx, ids: &[i64]) -> Result<Vec<PetitionerCard>> {
        self.read(|c| reads::cards(c, cx, ids))
    }

    fn person_detail(&self, cx: &Ctx, petitioner_id: i64) -> Result<PersonDetail> {
        self.read(|c| reads::person_detail(c, cx, petitioner_id))
    }
}

impl QueueBook for PgStore {
    /// The walk-ins of `day`, or, when `open_only`, everyone still waiting or being
    /// received whatever the day (a visitor who arrived at 23:50 is still here).
    fn queue(&self, day: NaiveDate, open_only: bool) -> Result<Vec<QueueRow>> {
        let filter = if open_only {
            "k.queue_status IN ('waiting', 'receiving') AND $1::text IS NOT NULL"
        } else {
            "k.queue_date = $1"
        };
        let sql = format!(
            "SELECT k.id, k.queue_date, k.queue_no, k.arrived_at, p.id, p.name, p.id_number,
                    k.headcount, c.case_no, k.matter, {SHOWN_FLAGS},
                    k.queue_status, r.name, k.received_at, k.finished_at
             FROM contacts k JOIN petitioners p ON p.id = k.petitioner_id
             JOIN cases c ON c.id = k.case_id LEFT JOIN officers r ON r.id = k.received_by
             WHERE k.queue_no IS NOT NULL AND {filter}
             ORDER BY CASE k.queue_status WHEN 'waiting' THEN 0 WHEN 'receiving' THEN 1 ELSE 2 END,
                      k.queue_date, k.queue_no"
        );
        self.read(|c| {
            c.query(&sql, &[&day.to_string()])?
                .iter()
                .map(|r| {
                    let queue_date: String = r.try_get(1)?;
                    let id_number: Option<String> = r.try_get(6)?;
                    let flags: String = r.try_get(10)?;
                    let status: String = r.try_get(11)?;
                    Ok(QueueRow {
                        contact_id: r.try_get(0)?,
                        queue_date: queue_date.parse().unwrap_or(day),
                        queue_no: r.try_get(2)?,
                        arrived_at: r.try_get(3)?,
                        petitioner_id: r.try_get(4)?,
                        name: r.try_get(5)?,
                        id_number_masked: id_number.map(|s| mask_id_number(&s)),
                        headcount: small(r.try_get(7)?),
                        case_no: r.try_get(8)?,
                        matter: r.try_get(9)?,
                        flags: crate::store::sqlite::parse_flags(&flags),
                        status: QueueStatus::from_code(&status).unwrap_or(QueueStatus::Waiting),
                        received_by: r.try_get(12)?,
                        received_at: r.try_get(13)?,
                        finished_at: r.try_get(14)?,
                    })
                })
                .collect()
        })
    }

    fn queue_contact(&self, day: NaiveDate, queue_no: i64) -> Result<i64> {
        self.read(|c| {
            opt(
                c,
                "SELECT id FROM contacts WHERE queue_date = $1 AND queue_no = $2",
                &[&day.to_string(), &queue_no],
            )
        })?
        .ok_or_else(|| {
            StoreError::NotFound(format!(
                "no visitor number {queue_no} on {day}; `jiedai queue` lists today's, --date YYYY-MM-DD names another day"
            ))
        })
    }

    fn desk_counts(&self, today: NaiveDate) -> Result<DeskCounts> {
        self.read(|c| {
            let r = c.query_one(
                "SELECT (SELECT count(*) FROM contacts WHERE queue_status = 'waiting'),
                        (SELECT coalesce(sum(headcount), 0)::bigint FROM contacts WHERE queue_status = 'waiting'),
                        (SELECT count(*) FROM contacts WHERE queue_status = 'receiving'),
                        (SELECT count(*) FROM cases WHERE due_on IS NOT NULL AND due_on < $1)",
                &[&today.to_string()],
            )?;
            Ok(DeskCounts {
                waiting_batches: r.try_get(0)?,
                waiting_people: r.try_get(1)?,
                receiving: r.try_get(2)?,
                overdue_cases: r.try_get(3)?,
            })
        })
    }
}

impl CaseBook for PgStore {
    fn case_detail(&self, cx: &Ctx, case_no: &str) -> Result<CaseDetail> {
        self.read(|c| reads::case_detail(c, cx, case_no))
    }

    fn case_exists(&self, case_no: &str) -> Result<bool> {
        self.read(|c| {
            one(
                c,
                "SELECT EXISTS(SELECT 1 FROM cases WHERE case_no = $1)",
                &[&case_no],
            )
        })
    }

    fn imported(&self, import_key: &str) -> Result<bool> {
        self.read(|c| {
            one(
                c,
                "SELECT EXISTS(SELECT 1 FROM contacts WHERE import_key = $1)",
                &[&import_key],
            )
        })
    }
}

/// An officer's id without creating them: reading must not invent officers.
fn known_officer<C: GenericClient>(c: &mut C, name: &str) -> Result<Option<i64>> {
    opt(
        c,
        "SELECT id FROM officers WHERE name = $1",
        &[&clean_input(name)],
    )
}

fn handover_of(shift: Shift) -> Result<Handover> {
    let id = shift.id;
    shift
        .handover()
        .ok_or_else(|| StoreError::Invalid(format!("shift #{id} was not handed over")))
}

impl ShiftBook for PgStore {
    fn current_shift(&self, officer: &str) -> Result<Option<Shift>> {
        self.read(|c| {
            let Some(officer_id) = known_officer(c, officer)? else {
                return Ok(None);
            };
            match reads::open_shift_id(c, officer_id)? {
                Some(id) => reads::shift_by_id(c, id),
                None => Ok(None),
            }
        })
    }

    fn last_shift(&self, officer: &str) -> Result<Option<Shift>> {
        self.read(|c| {
            let Some(officer_id) = known_officer(c, officer)? else {
                return Ok(None);
            };
            Ok(reads::shifts_where(
                c,
                "s.officer_id = $1",
                "(s.ended_at IS NULL) DESC, s.started_at::timestamptz DESC, s.id DESC LIMIT 1",
                &[&officer_id],
            )?
            .pop())
        })
    }

    fn shifts_of(&self, officer: &str, limit: usize) -> Result<Vec<Shift>> {
        self.read(|c| match known_officer(c, officer)? {
            Some(id) => reads::shifts_where(
                c,
                "s.officer_id = $1",
                "s.started_at::timestamptz DESC, s.id DESC LIMIT $2",
                &[&id, &i64::try_from(limit).unwrap_or(i64::MAX)],
            ),
            None => Ok(Vec::new()),
        })
    }

    fn pending_handovers(&self, officer: &str) -> Result<Vec<Handover>> {
        self.read(|c| {
            let Some(officer_id) = known_officer(c, officer)? else {
                return Ok(Vec::new());
            };
            reads::shifts_where(
                c,
                "s.handed_to = $1 AND s.acked_at IS NULL",
                "s.ended_at::timestamptz DESC, s.id DESC",
                &[&officer_id],
            )?
            .into_iter()
            .map(handover_of)
            .collect()
        })
    }

    fn last_handover(&self) -> Result<Option<Handover>> {
        self.read(|c| {
            reads::shifts_where(
                c,
                "s.handed_to IS NOT NULL",
                "s.ended_at::timestamptz DESC, s.id DESC LIMIT 1",
                &[],
            )?
            .pop()
            .map(handover_of)
            .transpose()
        })
    }

    fn handover_summary(
        &self,
        cx: &Ctx,
        officer: &str,
        since: Option<DateTime<FixedOffset>>,
        until: Option<DateTime<FixedOffset>>,
    ) -> Result<HandoverSummary> {
        self.read(|c| super::handover::summary(c, cx, officer, since, until))
    }
}

impl RecordBook for PgStore {
    fn audit_log(&self, filter: &AuditFilter) -> Result<Vec<AuditRow>> {
        let day = |d: Option<NaiveDate>| d.map(|d| d.format("%Y-%m-%d").to_string());
        let officer = filter.officer.as_deref().map(clean_input);
        let (from, to) = (day(filter.from), day(filter.to));
        let limit = i64::try_from(filter.limit).unwrap_or(i64::MAX);
        self.read(|c| {
            c.query(
                "SELECT a.at, o.name, a.host_account, a.action, a.subject
                 FROM audit a LEFT JOIN officers o ON o.id = a.officer_id
                 WHERE ($1::text IS NULL OR a.action = $1)
                   AND ($2::text IS NULL OR o.name = $2)
                   AND ($3::text IS NULL OR substr(a.at, 1, 10) >= $3)
                   AND ($4::text IS NULL OR substr(a.at, 1, 10) <= $4)
                 ORDER BY a.id DESC LIMIT $5",
                &[&filter.action, &officer, &from, &to, &limit],
            )?
            .iter()
            .map(|r| {
                Ok(AuditRow {
                    at: r.try_get(0)?,
                    officer: r.try_get(1)?,
                    host_account: r.try_get(2)?,
                    action: r.try_get(3)?,
                    subject: r.try_get(4)?,
                })
            })
            .collect()
        })
    }

    fn count_contacts(&self, range: DayRange) -> Result<u64> {
        let (lo, hi) = range.bounds();
        let n: i64 = self.read(|c| {
            one(
                c,
                "SELECT count(*) FROM contacts WHERE arrived_at >= $1 AND arrived_at < $2",
                &[&lo, &hi],
            )
        })?;
        Ok(n.max(0) as u64)
    }

    fn export_contacts(
        &self,
        range: DayRange,
        reveal: bool,
        each: &mut dyn FnMut(&ExportRow) -> Result<()>,
    ) -> Result<u64> {
        self.snapshot(|t| super::export::export_contacts(t, range, reveal, each))
    }

    fn stats(&self, cx: &Ctx, from: NaiveDate, to: NaiveDate) -> Result<Stats> {
        self.snapshot(|t| super::stats::stats(t, cx, from, to))
    }

    fn figure_facts(
        &self,
        cx: &Ctx,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<crate::store::FigureFacts> {
        self.snapshot(|t| super::figures::figure_facts(t, cx, from, to))
    }
}

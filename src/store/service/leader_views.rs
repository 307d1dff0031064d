//! Reading the leaders' registers: the 包案 register and the frozen roster, the
//! receptions and 公开接访率, 督办, the 包案 flag on lookup cards, and the leaders'
//! part of a handover.

use super::Store;
use crate::domain::handover::HandoverSummary;
use crate::domain::leaders::{self as rules, BaoanCame, DueItem, LeadersHandover};
use crate::domain::Flag;
use crate::store::error::Result;
use crate::store::leaders::*;
use crate::time::parse_instant;
use chrono::{DateTime, FixedOffset, NaiveDate};

impl Store {
    /// The 包案 register, with days since each person's last contact.
    pub fn baoan_list(&self, leader: Option<&str>) -> Result<Vec<BaoanRecord>> {
        let today = self.today();
        let mut list = self.backend.baoan_list(leader)?;
        for r in &mut list {
            let last = r.last_contact.unwrap_or(r.opened_on);
            r.days_since_contact = rules::days_since(last, today);
        }
        Ok(list)
    }

    /// 老户化解息访率 for `[from, to]` on the roster frozen at `from`: records open the
    /// day before, and how many of them were 息访 on `to`.
    pub fn xifang_rate(&self, from: NaiveDate, to: NaiveDate) -> Result<rules::XifangRate> {
        let logs = self.backend.baoan_logs(to)?;
        Ok(rules::xifang_rate(
            logs.iter().map(|l| l.changes.as_slice()),
            from,
            to,
        ))
    }

    /// The 老户 roster frozen at the start of `[from, to]` from the 包案 register,
    /// as `domain::figures` takes it for 老户化解息访率: each person with a record
    /// open the day before `from`, their last contact up to `to`, and the day they
    /// were recorded 息访 if that still held at `to`. A person with two records
    /// counts once.
    pub fn long_standing_roster(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<crate::domain::figures::LongStanding>> {
        let logs = self.backend.baoan_logs(to)?;
        let mut out: Vec<crate::domain::figures::LongStanding> = Vec::new();
        for log in &logs {
            let Some(settled_on) = rules::frozen_entry(&log.changes, from, to) else {
                continue;
            };
            if out.iter().any(|p| p.petitioner_id == log.petitioner_id) {
                continue;
            }
            out.push(crate::domain::figures::LongStanding {
                petitioner_id: log.petitioner_id,
                last_contact: log.last_contact,
                settled_on,
            });
        }
        Ok(out)
    }

    pub fn baoan_hits(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<BaoanHit>> {
        self.backend.baoan_hits(from, to)
    }

    pub fn receptions(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<Reception>> {
        self.backend.receptions(from, to)
    }

    pub fn reception_visits(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<ReceptionVisit>> {
        self.backend.reception_visits(from, to)
    }

    /// 领导交办 still open, with their deadlines.
    pub fn leader_assignments(&self) -> Result<Vec<ReceptionVisit>> {
        self.backend.leader_assignments()
    }

    /// 公开接访率 for `[from, to]`: receptions held (up to today) per leader on the
    /// roster, against `quota`.
    pub fn reception_rate(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        quota: u32,
    ) -> Result<rules::ReceptionRate> {
        let until = to.min(self.today());
        let mut held: Vec<(String, u32)> = Vec::new();
        for r in self.receptions(from, until)? {
            match held.iter_mut().find(|(l, _)| *l == r.leader) {
                Some((_, n)) => *n += 1,
                None => held.push((r.leader, 1)),
            }
        }
        let roster = self.leader_roster()?;
        Ok(rules::reception_rate(&roster, &held, quota))
    }

    /// The active leaders (领导) on the roster.
    pub fn leader_roster(&self) -> Result<Vec<String>> {
        Ok(self
            .officers()?
            .into_iter()
            .filter(|o| o.active && o.role == crate::domain::roster::OfficerRole::Leader)
            .map(|o| o.name)
            .collect())
    }

    /// 督办 on record (open ones with their days left).
    pub fn supervisions(&self, open_only: bool) -> Result<Vec<Supervision>> {
        let today = self.today();
        let mut list = self.backend.supervisions(open_only)?;
        for s in &mut list {
            if s.result.is_none() {
                s.days_left = Some(rules::days_left(s.deadline, today));
            }
        }
        Ok(list)
    }

    /// Cards for these people, in the order given; a 包案 老户 carries `baoan`, so
    /// the lookup and the check-in form's matches name it before anyone is saved.
    pub fn cards(&self, ids: &[i64]) -> Result<Vec<crate::store::PetitionerCard>> {
        let mut cards = self.backend.cards(&self.cx(), ids)?;
        let baoan = self.backend.baoan_people(ids)?;
        for card in &mut cards {
            if baoan.contains(&card.petitioner_id) && !card.flags.contains(&Flag::Baoan) {
                card.flags.push(Flag::Baoan);
            }
        }
        Ok(cards)
    }

    /// The shift's summary (`ShiftBook::handover_summary`) with the registers' parts:
    /// the leaders' and the risk registers'.
    pub fn handover_summary(
        &self,
        officer: &str,
        since: Option<DateTime<FixedOffset>>,
        until: Option<DateTime<FixedOffset>>,
    ) -> Result<HandoverSummary> {
        let cx = self.cx();
        let mut summary = self.backend.handover_summary(&cx, officer, since, until)?;
        let since = parse_instant(&summary.since).unwrap_or(cx.now);
        let until = parse_instant(&summary.until).unwrap_or(cx.now);
        summary.leaders = self.leaders_handover(since, until, summary.due_soon_days)?;
        summary.risk = self.risk_brief()?;
        summary.follow_ups = self.follow_ups(true)?;
        Ok(summary)
    }

    /// The leaders' part of a handover for the window `[since, until]`.
    pub fn leaders_handover(
        &self,
        since: DateTime<FixedOffset>,
        until: DateTime<FixedOffset>,
        soon_days: u32,
    ) -> Result<LeadersHandover> {
        let today = until.date_naive();
        let tomorrow = today.succ_opt().unwrap_or(today);
        let mut out = LeadersHandover::default();
        let hits = self.backend.baoan_hits(since.date_naive(), tomorrow)?;
        for h in hits {
            let inside = parse_instant(&h.at).is_some_and(|t| since <= t && t <= until);
            if inside {
                out.baoan_came.push(BaoanCame {
                    name: h.name,
                    leader: h.leader,
                    at: h.at,
                    reopened: h.reopened,
                    told: h.told_at.is_some(),
                });
            }
        }
        out.receptions = self
            .receptions(today, tomorrow)?
            .into_iter()
            .map(Reception::brief)
            .collect();
        for s in self.backend.supervisions(true)? {
            if let Some(left) = rules::due_for_handover(s.deadline, today, soon_days) {
                out.supervision_due.push(DueItem {
                    case_no: Some(s.case_no),
                    reference: s.doc_no,
                    deadline: s.deadline,
                    days_left: left,
                });
            }
        }
        for v in self.leader_assignments()? {
            let (Some(deadline), Some(unit)) = (v.deadline, v.assign_unit) else {
                continue;
            };
            if let Some(left) = rules::due_for_handover(deadline, today, soon_days) {
                out.assignments_due.push(DueItem {
                    case_no: v.case_no,
                    reference: unit,
                    deadline,
                    days_left: left,
                });
            }
        }
        Ok(out)
    }
}

/// The leaders' part of a period's report (`jiedai report`, issue 11): the 包案
/// register, 老户化解息访率 on the roster frozen at the period's start, the
/// receptions held and 公开接访率, and 督办.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct LeadersReport {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// 包案 records by state at the end of the period (records begun by then).
    pub baoan_open: u32,
    pub baoan_resolved: u32,
    pub baoan_unresolved: u32,
    pub xifang: rules::XifangRate,
    pub xifang_percent: Option<f64>,
    /// Receptions held in the period by kind: 接访, 下访, 联合接访.
    pub receptions_by_kind: Vec<(rules::ReceptionKind, u32)>,
    pub announced: u32,
    pub people_received: u32,
    pub reception_rate: rules::ReceptionRate,
    pub reception_percent: Option<f64>,
    /// 督办单 issued in the period, answered, and still open past their deadline.
    pub supervisions_issued: u32,
    pub supervisions_answered: u32,
    pub supervisions_overdue: u32,
}

impl Store {
    /// The leaders' section of the report for `[from, to]`; `quota` is the
    /// receptions each leader should hold in it.
    pub fn leaders_report(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        quota: u32,
    ) -> Result<LeadersReport> {
        let logs = self.backend.baoan_logs(to)?;
        let (mut open, mut resolved, mut unresolved) = (0, 0, 0);
        for log in &logs {
            match rules::state_on(&log.changes, to) {
                Some(rules::BaoanState::Open) => open += 1,
                Some(rules::BaoanState::Resolved) => resolved += 1,
                Some(rules::BaoanState::Unresolved) => unresolved += 1,
                None => {}
            }
        }
        let xifang = self.xifang_rate(from, to)?;
        let until = to.min(self.today());
        let held = self.receptions(from, until)?;
        let receptions_by_kind = rules::ReceptionKind::ALL
            .iter()
            .map(|k| (*k, held.iter().filter(|r| r.kind == *k).count() as u32))
            .collect();
        let reception_rate = self.reception_rate(from, to, quota)?;
        let today = self.today();
        let supervisions = self.supervisions(false)?;
        let issued: Vec<&Supervision> = supervisions
            .iter()
            .filter(|s| from <= s.set_on && s.set_on <= to)
            .collect();
        Ok(LeadersReport {
            from,
            to,
            baoan_open: open,
            baoan_resolved: resolved,
            baoan_unresolved: unresolved,
            xifang_percent: xifang.percent(),
            xifang,
            receptions_by_kind,
            announced: held.iter().filter(|r| r.announced).count() as u32,
            people_received: held.iter().map(|r| r.visits).sum(),
            reception_percent: reception_rate.percent(),
            reception_rate,
            supervisions_issued: issued.len() as u32,
            supervisions_answered: issued.iter().filter(|s| s.result.is_some()).count() as u32,
            supervisions_overdue: supervisions
                .iter()
                .filter(|s| {
                    s.result.is_none() && s.deadline < today.min(to.succ_opt().unwrap_or(to))
                })
                .count() as u32,
        })
    }
}

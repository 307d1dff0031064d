//! Plans for a sudden group visit, skip-level contacts and 劝返, the division list,
//! and the registers' part of the handover.

use super::Store;
use crate::domain::risk::{
    self as rules_of, Division, LevelContact, LevelMonth, Plan, PlanLogKind, RiskBrief, RoundState,
};
use crate::store::error::{Result, StoreError};
use crate::store::port::not_run;
use crate::store::risk_port::{ItemFilter, NewPlan};
use chrono::{Duration, NaiveDate};
use serde::Serialize;

/// How a plan starts: on a walk-in already checked in, or by hand.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PlanStart {
    pub contact_id: Option<i64>,
    /// People on the scene; from the contact when not given.
    pub headcount: Option<u32>,
    /// The town or area; from the contact when not given.
    pub area: Option<String>,
    pub reason: String,
}

/// The skip-level register for a period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LevelRegister {
    pub from: String,
    pub to: String,
    pub contacts: Vec<LevelContact>,
    pub by_month: Vec<LevelMonth>,
}

/// The registers' part of the office's report for a period (`jiedai report`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RegistersReport {
    pub screening: crate::domain::risk::ScreeningCounts,
    pub plans: Vec<Plan>,
    pub by_month: Vec<LevelMonth>,
}

/// How many days back the handover and the desk show skip-level contacts.
const NOTICE_DAYS: i64 = 7;

impl Store {
    /// Starts the plan: records the time, whom to notify and the on-scene deadline.
    pub fn start_plan(&mut self, officer: &str, start: &PlanStart) -> Result<Plan> {
        let cfg = self.rules.risk.clone();
        let now = self.now();
        let at = crate::time::stamp(now);
        let due = crate::time::stamp(rules_of::on_scene_due(now, &cfg));
        let reason = crate::text::clean_input(&start.reason);
        if reason.chars().count() > 500 {
            return Err(StoreError::Invalid(
                "--reason: at most 500 characters".into(),
            ));
        }
        self.write(|tx| {
            let (headcount, area) = match start.contact_id {
                Some(id) => tx
                    .risk()
                    .contact_for_plan(id)?
                    .ok_or_else(|| StoreError::NotFound(format!("no contact #{id} on record")))?,
                None => (0, String::new()),
            };
            let headcount = start.headcount.unwrap_or(headcount);
            let area = start
                .area
                .as_deref()
                .map(crate::text::clean_input)
                .unwrap_or(area);
            let notify = rules_of::notify_list(&cfg, Some(&area));
            let officer_id = tx.officer_id(officer, &at)?;
            let id = tx.risk().insert_plan(&NewPlan {
                at: &at,
                officer_id,
                contact_id: start.contact_id,
                headcount,
                area: &area,
                reason: &reason,
                on_scene_due: &due,
                notify: &serde_json::to_string(&notify).unwrap_or_else(|_| "[]".into()),
            })?;
            tx.audit(
                &at,
                Some(officer_id),
                crate::domain::audit::AuditAction::PlanStart,
                &format!("plan:{id}"),
            )?;
            tx.risk().plan(id)?.ok_or_else(not_run)
        })
    }

    /// Adds a line to an open plan's log: who was notified, who arrived, what was
    /// done to contain it.
    pub fn log_plan(
        &mut self,
        officer: &str,
        plan_id: i64,
        kind: PlanLogKind,
        who: &str,
        text: &str,
    ) -> Result<Plan> {
        let at = self.cx().stamp();
        let who = crate::text::clean_input(who);
        let text = crate::text::clean_input(text);
        if who.chars().count() > 80 || text.chars().count() > 1000 {
            return Err(StoreError::Invalid(
                "--who: at most 80 characters; the text at most 1000".into(),
            ));
        }
        if who.is_empty() && text.is_empty() {
            return Err(StoreError::Invalid(
                "say who (--who) or what (--text)".into(),
            ));
        }
        self.write(|tx| {
            let plan = tx
                .risk()
                .plan(plan_id)?
                .ok_or_else(|| StoreError::NotFound(format!("no plan #{plan_id}")))?;
            if !rules_of::may_log(&plan, kind) {
                return Err(StoreError::Invalid(format!(
                    "plan #{plan_id} is closed; its log is final"
                )));
            }
            let officer_id = tx.officer_id(officer, &at)?;
            tx.risk()
                .insert_plan_log(plan_id, &at, officer_id, kind, &who, &text)?;
            tx.risk().plan(plan_id)?.ok_or_else(not_run)
        })
    }

    /// Closes a plan with its outcome.
    pub fn close_plan(&mut self, officer: &str, plan_id: i64, outcome: &str) -> Result<Plan> {
        let at = self.cx().stamp();
        let outcome = crate::text::clean_input(outcome);
        if outcome.is_empty() || outcome.chars().count() > 1000 {
            return Err(StoreError::Invalid(
                "--outcome: required, at most 1000 characters".into(),
            ));
        }
        self.write(|tx| {
            let plan = tx
                .risk()
                .plan(plan_id)?
                .ok_or_else(|| StoreError::NotFound(format!("no plan #{plan_id}")))?;
            if !plan.is_open() {
                return Err(StoreError::Invalid(format!(
                    "plan #{plan_id} is already closed"
                )));
            }
            let officer_id = tx.officer_id(officer, &at)?;
            tx.risk().insert_plan_log(
                plan_id,
                &at,
                officer_id,
                PlanLogKind::Closed,
                "",
                &outcome,
            )?;
            tx.risk().close_plan(plan_id, &at, officer_id, &outcome)?;
            tx.audit(
                &at,
                Some(officer_id),
                crate::domain::audit::AuditAction::PlanClose,
                &format!("plan:{plan_id}"),
            )?;
            tx.risk().plan(plan_id)?.ok_or_else(not_run)
        })
    }

    pub fn plans(&self, open_only: bool, limit: usize) -> Result<Vec<Plan>> {
        self.backend.plans(open_only, limit)
    }

    pub fn plan(&self, id: i64) -> Result<Plan> {
        self.backend
            .plan(id)?
            .ok_or_else(|| StoreError::NotFound(format!("no plan #{id}")))
    }

    /// Replaces the office's division list; returns how many divisions it holds.
    pub fn load_divisions(&mut self, officer: &str, list: &[Division]) -> Result<usize> {
        let at = self.cx().stamp();
        self.write(|tx| {
            let officer_id = tx.officer_id(officer, &at)?;
            let n = tx.risk().replace_divisions(list)?;
            tx.audit(
                &at,
                Some(officer_id),
                crate::domain::audit::AuditAction::DivisionLoad,
                &format!("divisions:{n}"),
            )?;
            Ok(n)
        })
    }

    /// Records a 劝返 (persuaded to return) on a contact received above this office.
    pub fn record_return(&mut self, officer: &str, contact_id: i64, note: &str) -> Result<()> {
        let at = self.cx().stamp();
        let note = crate::text::clean_input(note);
        if note.chars().count() > 500 {
            return Err(StoreError::Invalid("--note: at most 500 characters".into()));
        }
        self.write(|tx| {
            let officer_id = tx.officer_id(officer, &at)?;
            if !tx.risk().set_returned(contact_id, &at, officer_id, &note)? {
                return Err(StoreError::NotFound(format!(
                    "contact #{contact_id} has no recorded level; check it in with --level"
                )));
            }
            tx.audit(
                &at,
                Some(officer_id),
                crate::domain::audit::AuditAction::Return,
                &format!("contact:{contact_id}"),
            )
        })
    }

    /// Skip-level contacts and notices from `from` to `to` (default: this year).
    pub fn level_register(
        &self,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
    ) -> Result<LevelRegister> {
        let today = self.today();
        let from = from.unwrap_or_else(|| {
            NaiveDate::from_ymd_opt(chrono::Datelike::year(&today), 1, 1).unwrap_or(today)
        });
        let to = to.unwrap_or(today);
        // The day after `to` bounds every instant of `to` as text.
        let until = to.succ_opt().unwrap_or(to).to_string();
        let contacts = self
            .backend
            .level_contacts(&from.to_string(), &until, true)?;
        let by_month = rules_of::level_counts(&contacts);
        Ok(LevelRegister {
            from: from.to_string(),
            to: to.to_string(),
            contacts,
            by_month,
        })
    }

    /// The registers for the office's report from `from` to `to`: screening counts,
    /// the plans started in the period, skip-level contacts by month and level.
    pub fn registers_report(&self, from: NaiveDate, to: NaiveDate) -> Result<RegistersReport> {
        let screening = self.screening_register(Some(from))?.counts;
        let (start, end) = (from.to_string(), to.succ_opt().unwrap_or(to).to_string());
        let plans = self
            .backend
            .plans(false, 1000)?
            .into_iter()
            .filter(|p| p.started_at >= start && p.started_at < end)
            .collect();
        let by_month = self.level_register(Some(from), Some(to))?.by_month;
        Ok(RegistersReport {
            screening,
            plans,
            by_month,
        })
    }

    /// What the handover and the desk show of the registers now.
    pub fn risk_brief(&self) -> Result<RiskBrief> {
        let now = self.now();
        let today = now.date_naive();
        let cfg = &self.rules.risk;
        let days = cfg.due_days();
        let mut brief = RiskBrief {
            open_plans: self.backend.plans(true, 50)?,
            ..Default::default()
        };
        let from = rules_of::window_start(&days, today);
        let rounds = self.backend.rounds(from, today)?;
        let reported: Vec<_> = rounds
            .iter()
            .filter_map(|r| {
                let d = NaiveDate::parse_from_str(&r.due_on, "%Y-%m-%d").ok()?;
                Some((r.scope_kind, r.scope.clone(), d))
            })
            .collect();
        let scopes = self.scopes_read()?;
        brief.rounds_due =
            rules_of::rounds_expected(&days, &scopes, &reported, today, cfg.screening_grace_days)
                .into_iter()
                .filter(|r| r.state != RoundState::Done)
                .collect();
        brief.items_overdue = self
            .backend
            .screening_items(ItemFilter {
                open_only: true,
                ..Default::default()
            })?
            .into_iter()
            .filter_map(|mut i| {
                i.overdue = rules_of::item_overdue(&i, today);
                i.overdue.then_some(i)
            })
            .collect();
        let since = crate::time::stamp(now - Duration::days(NOTICE_DAYS));
        brief.notices = self
            .backend
            .level_contacts(&since, &crate::time::stamp(now), true)?;
        Ok(brief)
    }

    /// The configured screening lists, else the towns of the division list.
    pub(super) fn scopes_read(&self) -> Result<Vec<(crate::domain::risk::ScopeKind, String)>> {
        use crate::domain::risk::{DivisionLevel, ScopeKind};
        let cfg = &self.rules.risk;
        let mut areas = cfg.screening_areas.clone();
        if areas.is_empty() {
            areas = self
                .backend
                .divisions()?
                .into_iter()
                .filter(|d| d.level == DivisionLevel::Town)
                .map(|d| d.name)
                .collect();
        }
        let mut out: Vec<(ScopeKind, String)> =
            areas.into_iter().map(|a| (ScopeKind::Area, a)).collect();
        out.extend(
            cfg.screening_units
                .iter()
                .map(|u| (ScopeKind::Unit, u.clone())),
        );
        Ok(out)
    }
}

//! The registers at intake and the screening rounds: what a new contact is checked
//! against (recent rounds, its level, 涉法涉诉), and the rounds and items written
//! from the command line and read by the desk. Plans, levels and divisions are in
//! `risk_plans.rs`.

use super::Store;
use crate::domain::flags::PetitionerHistory;
use crate::domain::intake::{Warning, WarningCode};
use crate::domain::risk::{
    self as rules_of, Division, DivisionLevel, ItemState, RiskLevel, Round, RoundDue, ScopeKind,
    ScreeningCounts, ScreeningItem, ScreeningMatch, SkipReason, VisitLevel,
};
use crate::domain::{EventKind, Flag};
use crate::store::error::{Result, StoreError};
use crate::store::port::{Rules, Tx};
use crate::store::risk_port::{ContactRisk, ItemFilter, NewItem, RiskIntake};
use chrono::NaiveDate;
use serde::Serialize;
use serde_json::json;

/// The new contact as the registers see it.
pub(super) struct Arrival<'a> {
    pub petitioner_id: i64,
    pub history: &'a PetitionerHistory,
    pub headcount: u32,
    pub collective: bool,
    pub address: Option<&'a str>,
    pub location: Option<&'a str>,
    pub litigation: bool,
    /// Whether the person has a 包案 record, closed ones too (read once by the
    /// check-in, which reopens them as 复访).
    pub baoan: bool,
}

/// What the registers found about a contact at intake.
pub(super) struct Found {
    pub flags: Vec<Flag>,
    pub warnings: Vec<Warning>,
    pub matches: Vec<ScreeningMatch>,
    pub skip: Option<SkipReason>,
    pub plan_proposed: bool,
    level: VisitLevel,
    notice: bool,
    residence_code: Option<String>,
    location_code: Option<String>,
    area: String,
    collective: bool,
    litigation: bool,
}

/// A division code given at intake, checked against the office's list; returns
/// its town (or county) name and its full name.
fn place(
    tx: &mut dyn Tx,
    field: &'static str,
    code: Option<&str>,
) -> Result<Option<(String, String)>> {
    let Some(code) = code.map(str::trim).filter(|c| !c.is_empty()) else {
        return Ok(None);
    };
    let chain = tx.risk().division_chain(code)?;
    if chain.is_empty() {
        return Err(StoreError::Invalid(format!(
            "{field}: division {} is not on the office's list; `jiedai division load FILE` loads it",
            crate::text::excerpt(code, 20)
        )));
    }
    let town = chain
        .iter()
        .find(|d| d.level == DivisionLevel::Town)
        .or(chain.last())
        .map(|d| d.name.clone())
        .unwrap_or_default();
    let full: String = chain.iter().rev().map(|d| d.name.as_str()).collect();
    Ok(Some((town, full)))
}

/// Checks a new contact against the registers, before it is written.
pub(super) fn intake(
    tx: &mut dyn Tx,
    rules: &Rules,
    today: NaiveDate,
    a: &Arrival<'_>,
    risk: &RiskIntake,
) -> Result<Found> {
    let cfg = &rules.risk;
    let residence = place(tx, "residence", risk.residence_code.as_deref())?;
    let location = place(tx, "location_code", risk.location_code.as_deref())?;
    let mut areas: Vec<String> = Vec::new();
    for (town, full) in [&residence, &location].into_iter().flatten() {
        areas.push(town.clone());
        areas.push(full.clone());
    }
    areas.extend(a.location.map(str::to_string));
    areas.extend(a.address.map(str::to_string));
    areas.retain(|s| !s.trim().is_empty());
    let area = residence
        .as_ref()
        .or(location.as_ref())
        .map(|(town, _)| town.clone())
        .or_else(|| a.location.map(crate::text::clean_input))
        .unwrap_or_default();

    let mut found = Found {
        flags: Vec::new(),
        warnings: Vec::new(),
        matches: Vec::new(),
        skip: None,
        plan_proposed: false,
        level: risk.level,
        notice: risk.notice,
        residence_code: risk.residence_code.clone(),
        location_code: risk.location_code.clone(),
        area,
        collective: a.collective,
        litigation: a.litigation,
    };
    // An office that keeps no screening list in jiedai is not told every
    // collective visit went unforeseen.
    // Asked of the record only for a collective visit: a round trip to a server.
    let screens = |tx: &mut dyn Tx| -> Result<bool> {
        Ok(!cfg.screening_areas.is_empty()
            || !cfg.screening_units.is_empty()
            || tx.risk().any_town()?)
    };
    if a.collective && screens(tx)? {
        let since = rules_of::window_start(&cfg.due_days(), today);
        let items = tx.risk().recent_items(since, today)?;
        let refs: Vec<&str> = areas.iter().map(String::as_str).collect();
        found.matches = rules_of::matching_items(&items, a.petitioner_id, &refs);
        if found.matches.is_empty() {
            found.flags.push(Flag::Unscreened);
            found.warnings.push(Warning {
                code: WarningCode::Unscreened,
                message: format!(
                    "collective visit not foreseen by the screening rounds since {since}: unscreened"
                ),
            });
        }
    }
    let baoan = a.baoan;
    found.skip = rules_of::skip_level(risk.level, cfg.office_level, a.history, baoan);
    if let Some(reason) = found.skip {
        found.flags.push(Flag::SkipLevel);
        found.warnings.push(Warning {
            code: WarningCode::SkipLevel,
            message: match reason {
                SkipReason::InHand => format!(
                    "received at {} while a matter of theirs is in hand here within its deadline: \
                     a skip-level visit (Art. 19)",
                    risk.level
                ),
                SkipReason::Baoan => format!(
                    "a 包案 老户 received at {}: a skip-level visit (Art. 19)",
                    risk.level
                ),
            },
        });
    }
    if a.litigation {
        found.warnings.push(Warning {
            code: WarningCode::Litigation,
            message: "concerns litigation (涉法涉诉): route it to the 政法 channel, not as an \
                      ordinary petition (Art. 22)"
                .into(),
        });
    }
    let baoan_in_group = baoan && (a.headcount > 1 || a.collective);
    found.plan_proposed = rules_of::plan_proposed(a.headcount, baoan_in_group, cfg);
    if found.plan_proposed {
        let why = if baoan_in_group {
            format!("a 包案 老户 came with a group of {}", a.headcount)
        } else {
            format!(
                "{} people came (plan threshold {})",
                a.headcount, cfg.plan_headcount
            )
        };
        found.warnings.push(Warning {
            code: WarningCode::PlanProposed,
            message: format!("{why}: start the plan with `jiedai plan start --contact ID`"),
        });
    }
    Ok(found)
}

/// Writes what intake found beside the contact: its level and places, and, for a
/// 涉法涉诉 matter, the route on the case's timeline.
pub(super) fn record(
    tx: &mut dyn Tx,
    f: &Found,
    contact_id: i64,
    case_id: i64,
    officer_id: i64,
    at: &str,
    rules: &Rules,
) -> Result<()> {
    let worth_a_row = f.level != VisitLevel::Local
        || f.notice
        || f.residence_code.is_some()
        || f.location_code.is_some()
        || f.collective
        || f.litigation;
    if worth_a_row {
        tx.risk().insert_contact_risk(&ContactRisk {
            contact_id,
            level: f.level,
            notice: f.notice,
            residence_code: f.residence_code.as_deref(),
            location_code: f.location_code.as_deref(),
            area: &f.area,
            collective: f.collective,
            unscreened: f.flags.contains(&Flag::Unscreened),
            skip_level: f.skip.is_some(),
            litigation: f.litigation,
            at,
        })?;
    }
    if f.litigation {
        let detail = json!({ "text": "涉法涉诉：导入政法渠道（第二十二条）", "route": "zhengfa" });
        tx.append_event(
            case_id,
            at,
            officer_id,
            EventKind::Note,
            &detail,
            &rules.clocks,
        )?;
    }
    Ok(())
}

/// An item about to be added to a round.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemInput {
    pub factor: String,
    pub area: String,
    pub people: Vec<i64>,
    pub risk: RiskLevel,
    pub owner: String,
    pub measures: String,
    pub deadline: NaiveDate,
}

/// The screening register for a period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScreeningRegister {
    pub from: String,
    pub to: String,
    pub expected: Vec<RoundDue>,
    pub rounds: Vec<Round>,
    pub items: Vec<ScreeningItem>,
    pub counts: ScreeningCounts,
}

fn required(field: &str, value: &str, max: usize) -> Result<String> {
    let v = crate::text::clean_input(value);
    if v.is_empty() {
        return Err(StoreError::Invalid(format!("{field}: required")));
    }
    if v.chars().count() > max {
        return Err(StoreError::Invalid(format!(
            "{field}: at most {max} characters"
        )));
    }
    Ok(v)
}

impl Store {
    /// The areas and units that report rounds: the configured lists, or the towns
    /// of the division list when no area is configured.
    pub fn screening_scopes(&self) -> Result<Vec<(ScopeKind, String)>> {
        self.scopes_read()
    }

    /// Reports a round for an area or unit (零报告 when `zero`), due on `due` or the
    /// current due date.
    pub fn report_round(
        &mut self,
        officer: &str,
        kind: ScopeKind,
        scope: &str,
        due: Option<NaiveDate>,
        zero: bool,
    ) -> Result<Round> {
        let days = self.rules.risk.due_days();
        let scope = required("scope", scope, 80)?;
        let scopes = self.screening_scopes()?;
        if !scopes.iter().any(|(k, s)| *k == kind && *s == scope) {
            let listed: Vec<&str> = scopes
                .iter()
                .filter(|(k, _)| *k == kind)
                .map(|(_, s)| s.as_str())
                .collect();
            return Err(StoreError::Invalid(format!(
                "{scope} is not on the office's screening list ({}); set [risk] screening_areas \
                 or screening_units in the config",
                if listed.is_empty() {
                    "empty".to_string()
                } else {
                    listed.join(", ")
                }
            )));
        }
        let today = self.today();
        let due = due.unwrap_or_else(|| rules_of::current_due(&days, today));
        if !rules_of::is_due_day(&days, due) {
            return Err(StoreError::Invalid(format!(
                "--date: {due} is not a due date (rounds fall due on days {:?})",
                days
            )));
        }
        if due > today {
            return Err(StoreError::Invalid(format!("--date: {due} is after today")));
        }
        let at = self.cx().stamp();
        self.write(|tx| {
            if tx.risk().round_id(kind, &scope, due)?.is_some() {
                return Err(StoreError::Invalid(format!(
                    "the round of {scope} due {due} is already reported"
                )));
            }
            let officer_id = tx.officer_id(officer, &at)?;
            let id = tx
                .risk()
                .insert_round(kind, &scope, due, zero, &at, officer_id)?;
            tx.audit(
                &at,
                Some(officer_id),
                crate::domain::audit::AuditAction::ScreeningRound,
                &format!("round:{id}"),
            )?;
            tx.risk().round(id)?.ok_or_else(crate::store::port::not_run)
        })
    }

    /// Adds an item to a round that is not a 零报告.
    pub fn add_screening_item(
        &mut self,
        officer: &str,
        round_id: i64,
        input: &ItemInput,
    ) -> Result<ScreeningItem> {
        let factor = required("factor", &input.factor, 500)?;
        let area = required("area", &input.area, 80)?;
        let owner = required("owner", &input.owner, 50)?;
        let measures = crate::text::clean_input(&input.measures);
        let at = self.cx().stamp();
        let today = self.today();
        self.write(|tx| {
            let round = tx
                .risk()
                .round(round_id)?
                .ok_or_else(|| StoreError::NotFound(format!("no screening round #{round_id}")))?;
            if round.zero {
                return Err(StoreError::Invalid(format!(
                    "round #{round_id} is a 零报告 (nothing found); it holds no items"
                )));
            }
            for p in &input.people {
                if tx.person_state(*p)?.is_none() {
                    return Err(StoreError::NotFound(format!(
                        "--people: no person #{p} on record"
                    )));
                }
            }
            let officer_id = tx.officer_id(officer, &at)?;
            let id = tx.risk().insert_item(&NewItem {
                round_id,
                factor: &factor,
                area: &area,
                risk: input.risk,
                owner: &owner,
                measures: &measures,
                deadline: input.deadline,
                at: &at,
                officer_id,
            })?;
            for p in &input.people {
                tx.risk().link_item_person(id, *p)?;
            }
            let mut item = tx
                .risk()
                .item(id)?
                .ok_or_else(crate::store::port::not_run)?;
            item.overdue = rules_of::item_overdue(&item, today);
            Ok(item)
        })
    }

    /// Moves an item to 已化解 or 已上报 (or back to 化解中).
    pub fn set_screening_item_state(
        &mut self,
        officer: &str,
        item_id: i64,
        state: ItemState,
    ) -> Result<ScreeningItem> {
        let at = self.cx().stamp();
        let today = self.today();
        self.write(|tx| {
            if tx.risk().item(item_id)?.is_none() {
                return Err(StoreError::NotFound(format!(
                    "no screening item #{item_id}"
                )));
            }
            let officer_id = tx.officer_id(officer, &at)?;
            tx.risk().set_item_state(item_id, state, &at)?;
            tx.audit(
                &at,
                Some(officer_id),
                crate::domain::audit::AuditAction::ScreeningItem,
                &format!("item:{item_id} {state}"),
            )?;
            let mut item = tx
                .risk()
                .item(item_id)?
                .ok_or_else(crate::store::port::not_run)?;
            item.overdue = rules_of::item_overdue(&item, today);
            Ok(item)
        })
    }

    /// The register from `from` (default: the round before the current one) to today.
    pub fn screening_register(&self, from: Option<NaiveDate>) -> Result<ScreeningRegister> {
        let cfg = self.rules.risk.clone();
        let days = cfg.due_days();
        let today = self.today();
        let from = from.unwrap_or_else(|| rules_of::window_start(&days, today));
        let scopes = self.screening_scopes()?;
        let rounds = self.backend.rounds(from, today)?;
        let reported: Vec<(ScopeKind, String, NaiveDate)> = rounds
            .iter()
            .filter_map(|r| {
                let d = NaiveDate::parse_from_str(&r.due_on, "%Y-%m-%d").ok()?;
                Some((r.scope_kind, r.scope.clone(), d))
            })
            .collect();
        let mut expected = Vec::new();
        for due in rules_of::due_dates_between(&days, from, today) {
            for (kind, scope) in &scopes {
                let done = reported
                    .iter()
                    .any(|(k, s, d)| k == kind && s == scope && *d == due);
                expected.push(RoundDue {
                    scope_kind: *kind,
                    scope: scope.clone(),
                    due_on: due.to_string(),
                    state: rules_of::round_state(due, done, today, cfg.screening_grace_days),
                });
            }
        }
        let mut items = self.backend.screening_items(ItemFilter {
            from: Some(from),
            to: Some(today),
            open_only: false,
        })?;
        for i in &mut items {
            i.overdue = rules_of::item_overdue(i, today);
        }
        // Stamps compare as text: a day is before every instant of itself.
        let areas = self
            .backend
            .unscreened_areas(&from.to_string(), &self.cx().stamp())?;
        let zero = rounds.iter().filter(|r| r.zero).count() as u32;
        let counts = rules_of::screening_counts(&expected, zero, &items, &areas);
        Ok(ScreeningRegister {
            from: from.to_string(),
            to: today.to_string(),
            expected,
            rounds,
            items,
            counts,
        })
    }

    pub fn divisions(&self) -> Result<Vec<Division>> {
        self.backend.divisions()
    }
}

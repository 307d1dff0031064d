//! Plans, skip-level contacts, and the risk registers' port on the server: the
//! unit-of-work primitives and the reads (`sqlite/risk_plans.rs`'s statements).

use super::leaders::collect;
use super::risk;
use super::rows::{exec, one, small};
use super::tx::PgTx;
use super::PgStore;
use crate::domain::risk::{
    Division, ItemState, LevelContact, NotifyEntry, Plan, PlanLogEntry, PlanLogKind, Round,
    ScopeKind, ScreeningItem, VisitLevel,
};
use crate::store::error::Result;
use crate::store::risk_port::{ContactRisk, ItemFilter, NewItem, NewPlan, RiskBook, RiskTx};
use chrono::NaiveDate;
use postgres::{GenericClient, Row};

const PLAN: &str = "SELECT p.id, p.started_at, o.name, p.contact_id, p.headcount, p.area, p.reason,
        p.on_scene_due, p.notify, p.closed_at, p.outcome
    FROM plans p JOIN officers o ON o.id = p.officer_id";

fn plan_row(r: &Row) -> Result<Plan> {
    Ok(Plan {
        id: r.try_get(0)?,
        started_at: r.try_get(1)?,
        officer: r.try_get(2)?,
        contact_id: r.try_get(3)?,
        headcount: small(r.try_get(4)?),
        area: r.try_get(5)?,
        reason: r.try_get(6)?,
        on_scene_due: r.try_get(7)?,
        notify: serde_json::from_str::<Vec<NotifyEntry>>(r.try_get(8)?).unwrap_or_default(),
        log: Vec::new(),
        closed_at: r.try_get(9)?,
        outcome: r.try_get(10)?,
    })
}

/// Fills in each plan's log, oldest line first: one round trip for the list.
fn with_log<C: GenericClient>(c: &mut C, mut plans: Vec<Plan>) -> Result<Vec<Plan>> {
    if plans.is_empty() {
        return Ok(plans);
    }
    let ids: Vec<i64> = plans.iter().map(|p| p.id).collect();
    let lines = collect(
        c,
        "SELECT l.plan_id, l.at, o.name, l.kind, l.who, l.text FROM plan_log l
         JOIN officers o ON o.id = l.officer_id WHERE l.plan_id = ANY($1) ORDER BY l.id",
        &[&ids],
        |r| {
            let entry = PlanLogEntry {
                at: r.try_get(1)?,
                officer: r.try_get(2)?,
                kind: PlanLogKind::from_code(r.try_get(3)?).unwrap_or(PlanLogKind::Note),
                who: r.try_get(4)?,
                text: r.try_get(5)?,
            };
            Ok((r.try_get::<_, i64>(0)?, entry))
        },
    )?;
    for (plan_id, entry) in lines {
        if let Some(plan) = plans.iter_mut().find(|p| p.id == plan_id) {
            plan.log.push(entry);
        }
    }
    Ok(plans)
}

fn plans<C: GenericClient>(c: &mut C, open_only: bool, limit: usize) -> Result<Vec<Plan>> {
    let sql = format!(
        "{PLAN} WHERE (NOT $1 OR p.closed_at IS NULL) ORDER BY p.started_at DESC, p.id DESC LIMIT $2"
    );
    let limit = i64::try_from(limit).unwrap_or(i64::MAX);
    let found = collect(c, &sql, &[&open_only, &limit], plan_row)?;
    with_log(c, found)
}

fn plan<C: GenericClient>(c: &mut C, id: i64) -> Result<Option<Plan>> {
    let sql = format!("{PLAN} WHERE p.id = $1");
    let found = c
        .query_opt(&sql, &[&id])?
        .as_ref()
        .map(plan_row)
        .transpose()?;
    Ok(with_log(c, found.into_iter().collect())?.pop())
}

fn level_contacts<C: GenericClient>(
    c: &mut C,
    from: &str,
    to: &str,
    above_only: bool,
) -> Result<Vec<LevelContact>> {
    collect(
        c,
        "SELECT r.contact_id, r.arrived_at, p.id, p.name, cs.case_no, r.level, r.notice,
                r.area, r.skip_level, r.litigation, r.returned_at, r.return_note
         FROM contact_risk r
         JOIN contacts c ON c.id = r.contact_id
         JOIN petitioners p ON p.id = c.petitioner_id
         JOIN cases cs ON cs.id = c.case_id
         WHERE r.arrived_at >= $1 AND r.arrived_at <= $2
           AND (NOT $3 OR r.level <> 'local' OR r.notice)
         ORDER BY r.arrived_at DESC, r.contact_id DESC",
        &[&from, &to, &above_only],
        |r| {
            Ok(LevelContact {
                contact_id: r.try_get(0)?,
                arrived_at: r.try_get(1)?,
                petitioner_id: r.try_get(2)?,
                name: r.try_get(3)?,
                case_no: r.try_get(4)?,
                level: VisitLevel::from_code(r.try_get(5)?).unwrap_or(VisitLevel::Local),
                notice: r.try_get(6)?,
                area: r.try_get(7)?,
                skip_level: r.try_get(8)?,
                litigation: r.try_get(9)?,
                returned_at: r.try_get(10)?,
                return_note: r.try_get(11)?,
            })
        },
    )
}

impl RiskBook for PgStore {
    fn divisions(&self) -> Result<Vec<Division>> {
        self.read(risk::divisions)
    }

    fn rounds(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<Round>> {
        self.read(|c| risk::rounds(c, from, to))
    }

    fn screening_items(&self, filter: ItemFilter) -> Result<Vec<ScreeningItem>> {
        self.read(|c| risk::items(c, filter))
    }

    fn unscreened_areas(&self, from: &str, to: &str) -> Result<Vec<String>> {
        self.read(|c| risk::unscreened_areas(c, from, to))
    }

    fn plans(&self, open_only: bool, limit: usize) -> Result<Vec<Plan>> {
        self.read(|c| plans(c, open_only, limit))
    }

    fn plan(&self, id: i64) -> Result<Option<Plan>> {
        self.read(|c| plan(c, id))
    }

    fn level_contacts(&self, from: &str, to: &str, above_only: bool) -> Result<Vec<LevelContact>> {
        self.read(|c| level_contacts(c, from, to, above_only))
    }
}

impl RiskTx for PgTx<'_> {
    fn replace_divisions(&mut self, list: &[Division]) -> Result<usize> {
        risk::replace_divisions(self.tx()?, list)
    }

    fn division_chain(&mut self, code: &str) -> Result<Vec<Division>> {
        risk::division_chain(self.tx()?, code)
    }

    fn any_town(&mut self) -> Result<bool> {
        risk::any_town(self.tx()?)
    }

    fn round_id(&mut self, kind: ScopeKind, scope: &str, due: NaiveDate) -> Result<Option<i64>> {
        risk::round_id(self.tx()?, kind, scope, due)
    }

    fn insert_round(
        &mut self,
        kind: ScopeKind,
        scope: &str,
        due: NaiveDate,
        zero: bool,
        at: &str,
        officer_id: i64,
    ) -> Result<i64> {
        risk::insert_round(self.tx()?, kind, scope, due, zero, at, officer_id)
    }

    fn round(&mut self, id: i64) -> Result<Option<Round>> {
        risk::round(self.tx()?, id)
    }

    fn insert_item(&mut self, item: &NewItem<'_>) -> Result<i64> {
        risk::insert_item(self.tx()?, item)
    }

    fn link_item_person(&mut self, item_id: i64, petitioner_id: i64) -> Result<()> {
        risk::link_item_person(self.tx()?, item_id, petitioner_id)
    }

    fn item(&mut self, id: i64) -> Result<Option<ScreeningItem>> {
        risk::item(self.tx()?, id)
    }

    fn set_item_state(&mut self, id: i64, state: ItemState, at: &str) -> Result<()> {
        risk::set_item_state(self.tx()?, id, state, at)
    }

    fn recent_items(&mut self, since: NaiveDate, until: NaiveDate) -> Result<Vec<ScreeningItem>> {
        risk::items(
            self.tx()?,
            ItemFilter {
                from: Some(since),
                to: Some(until),
                open_only: false,
            },
        )
    }

    fn insert_contact_risk(&mut self, r: &ContactRisk<'_>) -> Result<()> {
        exec(
            self.tx()?,
            "INSERT INTO contact_risk(contact_id, level, notice, residence_code, location_code,
                 area, collective, unscreened, skip_level, litigation, arrived_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
            &[
                &r.contact_id,
                &r.level.code(),
                &r.notice,
                &r.residence_code,
                &r.location_code,
                &r.area,
                &r.collective,
                &r.unscreened,
                &r.skip_level,
                &r.litigation,
                &r.at,
            ],
        )?;
        Ok(())
    }

    fn set_returned(
        &mut self,
        contact_id: i64,
        at: &str,
        officer_id: i64,
        note: &str,
    ) -> Result<bool> {
        let n = exec(
            self.tx()?,
            "UPDATE contact_risk SET returned_at = $2, returned_by = $3, return_note = $4
             WHERE contact_id = $1",
            &[&contact_id, &at, &officer_id, &note],
        )?;
        Ok(n == 1)
    }

    fn contact_for_plan(&mut self, contact_id: i64) -> Result<Option<(u32, String)>> {
        self.tx()?
            .query_opt(
                "SELECT c.headcount, coalesce(r.area, '') FROM contacts c
                 LEFT JOIN contact_risk r ON r.contact_id = c.id WHERE c.id = $1",
                &[&contact_id],
            )?
            .map(|r| Ok((small(r.try_get(0)?), r.try_get(1)?)))
            .transpose()
    }

    fn insert_plan(&mut self, p: &NewPlan<'_>) -> Result<i64> {
        one(
            self.tx()?,
            "INSERT INTO plans(started_at, officer_id, contact_id, headcount, area, reason,
                 on_scene_due, notify)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
            &[
                &p.at,
                &p.officer_id,
                &p.contact_id,
                &i64::from(p.headcount),
                &p.area,
                &p.reason,
                &p.on_scene_due,
                &p.notify,
            ],
        )
    }

    fn plan(&mut self, id: i64) -> Result<Option<Plan>> {
        plan(self.tx()?, id)
    }

    fn insert_plan_log(
        &mut self,
        plan_id: i64,
        at: &str,
        officer_id: i64,
        kind: PlanLogKind,
        who: &str,
        text: &str,
    ) -> Result<()> {
        exec(
            self.tx()?,
            "INSERT INTO plan_log(plan_id, at, officer_id, kind, who, text)
             VALUES ($1, $2, $3, $4, $5, $6)",
            &[&plan_id, &at, &officer_id, &kind.code(), &who, &text],
        )?;
        Ok(())
    }

    fn close_plan(&mut self, id: i64, at: &str, officer_id: i64, outcome: &str) -> Result<()> {
        exec(
            self.tx()?,
            "UPDATE plans SET closed_at = $2, closed_by = $3, outcome = $4 WHERE id = $1",
            &[&id, &at, &officer_id, &outcome],
        )?;
        Ok(())
    }
}

//! Plans, skip-level contacts, and the registers' port on SQLite: the unit-of-work
//! primitives and the reads.

use super::risk;
use super::tx::SqliteTx;
use super::SqliteStore;
use crate::domain::risk::{
    Division, ItemState, LevelContact, NotifyEntry, Plan, PlanLogEntry, PlanLogKind, Round,
    ScopeKind, ScreeningItem, VisitLevel,
};
use crate::store::error::Result;
use crate::store::risk_port::{ContactRisk, ItemFilter, NewItem, NewPlan, RiskBook, RiskTx};
use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Row};

const PLAN: &str = "SELECT p.id, p.started_at, o.name, p.contact_id, p.headcount, p.area, p.reason,
        p.on_scene_due, p.notify, p.closed_at, p.outcome
    FROM plans p JOIN officers o ON o.id = p.officer_id";

fn plan_row(r: &Row<'_>) -> rusqlite::Result<Plan> {
    let notify: String = r.get(8)?;
    Ok(Plan {
        id: r.get(0)?,
        started_at: r.get(1)?,
        officer: r.get(2)?,
        contact_id: r.get(3)?,
        headcount: r.get(4)?,
        area: r.get(5)?,
        reason: r.get(6)?,
        on_scene_due: r.get(7)?,
        notify: serde_json::from_str::<Vec<NotifyEntry>>(&notify).unwrap_or_default(),
        log: Vec::new(),
        closed_at: r.get(9)?,
        outcome: r.get(10)?,
    })
}

fn with_log(conn: &Connection, mut plans: Vec<Plan>) -> Result<Vec<Plan>> {
    let mut stmt = conn.prepare_cached(
        "SELECT l.at, o.name, l.kind, l.who, l.text FROM plan_log l
         JOIN officers o ON o.id = l.officer_id WHERE l.plan_id = ?1 ORDER BY l.id",
    )?;
    for plan in &mut plans {
        let rows = stmt.query_map([plan.id], |r| {
            let kind: String = r.get(2)?;
            Ok(PlanLogEntry {
                at: r.get(0)?,
                officer: r.get(1)?,
                kind: PlanLogKind::from_code(&kind).unwrap_or(PlanLogKind::Note),
                who: r.get(3)?,
                text: r.get(4)?,
            })
        })?;
        plan.log = rows.collect::<rusqlite::Result<_>>()?;
    }
    Ok(plans)
}

pub(super) fn plans(conn: &Connection, open_only: bool, limit: usize) -> Result<Vec<Plan>> {
    let sql = format!(
        "{PLAN} WHERE (?1 = 0 OR p.closed_at IS NULL) ORDER BY p.started_at DESC, p.id DESC LIMIT ?2"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params![open_only, limit as i64], plan_row)?;
    with_log(conn, rows.collect::<rusqlite::Result<_>>()?)
}

pub(super) fn plan(conn: &Connection, id: i64) -> Result<Option<Plan>> {
    let sql = format!("{PLAN} WHERE p.id = ?1");
    let found = conn
        .prepare_cached(&sql)?
        .query_row([id], plan_row)
        .optional()?;
    Ok(with_log(conn, found.into_iter().collect())?.pop())
}

pub(super) fn level_contacts(
    conn: &Connection,
    from: &str,
    to: &str,
    above_only: bool,
) -> Result<Vec<LevelContact>> {
    let mut stmt = conn.prepare_cached(
        "SELECT r.contact_id, r.arrived_at, p.id, p.name, cs.case_no, r.level, r.notice, r.area,
                r.skip_level, r.litigation, r.returned_at, r.return_note
         FROM contact_risk r
         JOIN contacts c ON c.id = r.contact_id
         JOIN petitioners p ON p.id = c.petitioner_id
         JOIN cases cs ON cs.id = c.case_id
         WHERE r.arrived_at >= ?1 AND r.arrived_at <= ?2
           AND (?3 = 0 OR r.level <> 'local' OR r.notice = 1)
         ORDER BY r.arrived_at DESC, r.contact_id DESC",
    )?;
    let rows = stmt.query_map(params![from, to, above_only], |r| {
        let level: String = r.get(5)?;
        Ok(LevelContact {
            contact_id: r.get(0)?,
            arrived_at: r.get(1)?,
            petitioner_id: r.get(2)?,
            name: r.get(3)?,
            case_no: r.get(4)?,
            level: VisitLevel::from_code(&level).unwrap_or(VisitLevel::Local),
            notice: r.get(6)?,
            area: r.get(7)?,
            skip_level: r.get(8)?,
            litigation: r.get(9)?,
            returned_at: r.get(10)?,
            return_note: r.get(11)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

impl RiskTx for SqliteTx<'_> {
    fn replace_divisions(&mut self, list: &[Division]) -> Result<usize> {
        risk::replace_divisions(self.conn, list)
    }

    fn division_chain(&mut self, code: &str) -> Result<Vec<Division>> {
        risk::division_chain(self.conn, code)
    }

    fn any_town(&mut self) -> Result<bool> {
        Ok(self
            .conn
            .prepare_cached("SELECT EXISTS (SELECT 1 FROM divisions WHERE level = 'town')")?
            .query_row([], |r| r.get(0))?)
    }

    fn round_id(&mut self, kind: ScopeKind, scope: &str, due: NaiveDate) -> Result<Option<i64>> {
        risk::round_id(self.conn, kind, scope, due)
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
        risk::insert_round(self.conn, kind, scope, due, zero, at, officer_id)
    }

    fn round(&mut self, id: i64) -> Result<Option<Round>> {
        risk::round(self.conn, id)
    }

    fn insert_item(&mut self, item: &NewItem<'_>) -> Result<i64> {
        risk::insert_item(self.conn, item)
    }

    fn link_item_person(&mut self, item_id: i64, petitioner_id: i64) -> Result<()> {
        risk::link_item_person(self.conn, item_id, petitioner_id)
    }

    fn item(&mut self, id: i64) -> Result<Option<ScreeningItem>> {
        risk::item(self.conn, id)
    }

    fn set_item_state(&mut self, id: i64, state: ItemState, at: &str) -> Result<()> {
        risk::set_item_state(self.conn, id, state, at)
    }

    fn recent_items(&mut self, since: NaiveDate, until: NaiveDate) -> Result<Vec<ScreeningItem>> {
        risk::items(
            self.conn,
            ItemFilter {
                from: Some(since),
                to: Some(until),
                open_only: false,
            },
        )
    }

    fn insert_contact_risk(&mut self, r: &ContactRisk<'_>) -> Result<()> {
        self.conn
            .prepare_cached(
                "INSERT INTO contact_risk(contact_id, level, notice, residence_code, location_code,
                     area, collective, unscreened, skip_level, litigation, arrived_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            )?
            .execute(params![
                r.contact_id,
                r.level.code(),
                r.notice,
                r.residence_code,
                r.location_code,
                r.area,
                r.collective,
                r.unscreened,
                r.skip_level,
                r.litigation,
                r.at
            ])?;
        Ok(())
    }

    fn set_returned(
        &mut self,
        contact_id: i64,
        at: &str,
        officer_id: i64,
        note: &str,
    ) -> Result<bool> {
        let n = self
            .conn
            .prepare_cached(
                "UPDATE contact_risk SET returned_at = ?2, returned_by = ?3, return_note = ?4
                 WHERE contact_id = ?1",
            )?
            .execute(params![contact_id, at, officer_id, note])?;
        Ok(n == 1)
    }

    fn contact_for_plan(&mut self, contact_id: i64) -> Result<Option<(u32, String)>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT c.headcount, coalesce(r.area, '') FROM contacts c
                 LEFT JOIN contact_risk r ON r.contact_id = c.id WHERE c.id = ?1",
            )?
            .query_row([contact_id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?)
    }

    fn insert_plan(&mut self, p: &NewPlan<'_>) -> Result<i64> {
        self.conn
            .prepare_cached(
                "INSERT INTO plans(started_at, officer_id, contact_id, headcount, area, reason,
                     on_scene_due, notify)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?
            .execute(params![
                p.at,
                p.officer_id,
                p.contact_id,
                p.headcount,
                p.area,
                p.reason,
                p.on_scene_due,
                p.notify
            ])?;
        Ok(self.conn.last_insert_rowid())
    }

    fn plan(&mut self, id: i64) -> Result<Option<Plan>> {
        plan(self.conn, id)
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
        self.conn
            .prepare_cached(
                "INSERT INTO plan_log(plan_id, at, officer_id, kind, who, text)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![plan_id, at, officer_id, kind.code(), who, text])?;
        Ok(())
    }

    fn close_plan(&mut self, id: i64, at: &str, officer_id: i64, outcome: &str) -> Result<()> {
        self.conn
            .prepare_cached(
                "UPDATE plans SET closed_at = ?2, closed_by = ?3, outcome = ?4 WHERE id = ?1",
            )?
            .execute(params![id, at, officer_id, outcome])?;
        Ok(())
    }
}

impl RiskBook for SqliteStore {
    fn divisions(&self) -> Result<Vec<Division>> {
        risk::divisions(&self.conn)
    }

    fn rounds(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<Round>> {
        risk::rounds(&self.conn, from, to)
    }

    fn screening_items(&self, filter: ItemFilter) -> Result<Vec<ScreeningItem>> {
        risk::items(&self.conn, filter)
    }

    fn unscreened_areas(&self, from: &str, to: &str) -> Result<Vec<String>> {
        risk::unscreened_areas(&self.conn, from, to)
    }

    fn plans(&self, open_only: bool, limit: usize) -> Result<Vec<crate::domain::risk::Plan>> {
        plans(&self.conn, open_only, limit)
    }

    fn plan(&self, id: i64) -> Result<Option<crate::domain::risk::Plan>> {
        plan(&self.conn, id)
    }

    fn level_contacts(
        &self,
        from: &str,
        to: &str,
        above_only: bool,
    ) -> Result<Vec<crate::domain::risk::LevelContact>> {
        level_contacts(&self.conn, from, to, above_only)
    }
}

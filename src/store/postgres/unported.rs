//! The parts of the port not yet on PostgreSQL: the leaders' registers and the
//! risk registers (screening rounds, plans, the division list). Each refuses in
//! words with [`super::not_yet`]; the few questions the check-in asks of them
//! are answered truthfully from what this backend can hold (no 包案 record and
//! no division list can exist on it yet), and a contact's level and places —
//! written by every check-in that has any — are stored.

use super::tx::PgTx;
use super::{not_yet, PgStore};
use crate::domain::leaders::{BaoanState, Evidence};
use crate::domain::risk::{
    Division, ItemState, LevelContact, Plan, PlanLogKind, Round, ScopeKind, ScreeningItem,
};
use crate::store::error::Result;
use crate::store::leaders::*;
use crate::store::risk_port::{ContactRisk, ItemFilter, NewItem, NewPlan, RiskBook, RiskTx};
use chrono::NaiveDate;

const LEADERS: &str = "the leaders' registers (包案, 领导接访, 督办)";
const RISK: &str = "the risk registers (排查, 预案, the division list)";

impl LeaderBook for PgStore {
    fn baoan_list(&self, _: Option<&str>) -> Result<Vec<BaoanRecord>> {
        Err(not_yet(LEADERS))
    }
    fn baoan_logs(&self, _: NaiveDate) -> Result<Vec<BaoanLog>> {
        Err(not_yet(LEADERS))
    }
    fn baoan_hits(&self, _: NaiveDate, _: NaiveDate) -> Result<Vec<BaoanHit>> {
        Err(not_yet(LEADERS))
    }
    fn receptions(&self, _: NaiveDate, _: NaiveDate) -> Result<Vec<Reception>> {
        Err(not_yet(LEADERS))
    }
    fn reception_visits(&self, _: NaiveDate, _: NaiveDate) -> Result<Vec<ReceptionVisit>> {
        Err(not_yet(LEADERS))
    }
    fn leader_assignments(&self) -> Result<Vec<ReceptionVisit>> {
        Err(not_yet(LEADERS))
    }
    /// No 包案 record can be made on this backend yet: nobody has one.
    fn baoan_people(&self, _: &[i64]) -> Result<Vec<i64>> {
        Ok(Vec::new())
    }
    fn supervisions(&self, _: bool) -> Result<Vec<Supervision>> {
        Err(not_yet(LEADERS))
    }
}

impl RiskBook for PgStore {
    fn divisions(&self) -> Result<Vec<Division>> {
        Err(not_yet(RISK))
    }
    fn rounds(&self, _: NaiveDate, _: NaiveDate) -> Result<Vec<Round>> {
        Err(not_yet(RISK))
    }
    fn screening_items(&self, _: ItemFilter) -> Result<Vec<ScreeningItem>> {
        Err(not_yet(RISK))
    }
    fn unscreened_areas(&self, _: &str, _: &str) -> Result<Vec<String>> {
        Err(not_yet(RISK))
    }
    fn plans(&self, _: bool, _: usize) -> Result<Vec<Plan>> {
        Err(not_yet(RISK))
    }
    fn plan(&self, _: i64) -> Result<Option<Plan>> {
        Err(not_yet(RISK))
    }
    fn level_contacts(&self, _: &str, _: &str, _: bool) -> Result<Vec<LevelContact>> {
        Err(not_yet(RISK))
    }
}

impl LeaderTx for PgTx<'_, '_> {
    fn leader_id(&mut self, _: &str) -> Result<i64> {
        Err(not_yet(LEADERS))
    }
    fn insert_baoan(&mut self, _: &NewBaoan<'_>) -> Result<i64> {
        Err(not_yet(LEADERS))
    }
    fn baoan_state(&mut self, _: i64) -> Result<Option<BaoanRef>> {
        Err(not_yet(LEADERS))
    }
    fn set_baoan_state(
        &mut self,
        _: i64,
        _: BaoanState,
        _: NaiveDate,
        _: Option<Evidence>,
        _: &str,
        _: i64,
    ) -> Result<()> {
        Err(not_yet(LEADERS))
    }
    /// No 包案 record can be made on this backend yet: nobody has one.
    fn baoan_of_person(&mut self, _: i64) -> Result<Vec<BaoanRef>> {
        Ok(Vec::new())
    }
    fn insert_baoan_hit(&mut self, _: i64, _: i64, _: &str, _: bool) -> Result<()> {
        Err(not_yet(LEADERS))
    }
    fn mark_told(&mut self, _: i64, _: &str, _: i64) -> Result<usize> {
        Err(not_yet(LEADERS))
    }
    fn insert_reception(&mut self, _: &NewReception<'_>) -> Result<i64> {
        Err(not_yet(LEADERS))
    }
    fn reception(&mut self, _: i64) -> Result<Option<(String, NaiveDate)>> {
        Err(not_yet(LEADERS))
    }
    fn insert_visit(&mut self, _: &NewVisit<'_>) -> Result<i64> {
        Err(not_yet(LEADERS))
    }
    fn queue_visitor(&mut self, _: NaiveDate, _: i64) -> Result<Option<(i64, i64, i64)>> {
        Err(not_yet(LEADERS))
    }
    fn insert_supervision(
        &mut self,
        _: i64,
        _: &str,
        _: NaiveDate,
        _: Option<&str>,
        _: &str,
        _: i64,
    ) -> Result<i64> {
        Err(not_yet(LEADERS))
    }
    fn open_supervision(&mut self, _: i64) -> Result<Option<(i64, String)>> {
        Err(not_yet(LEADERS))
    }
    fn answer_supervision(&mut self, _: i64, _: &str, _: &str, _: i64) -> Result<()> {
        Err(not_yet(LEADERS))
    }
}

impl RiskTx for PgTx<'_, '_> {
    fn replace_divisions(&mut self, _: &[Division]) -> Result<usize> {
        Err(not_yet(RISK))
    }
    /// No division list can be loaded on this backend yet: no code is on it.
    fn division_chain(&mut self, _: &str) -> Result<Vec<Division>> {
        Ok(Vec::new())
    }
    fn any_town(&mut self) -> Result<bool> {
        Ok(false)
    }
    fn round_id(&mut self, _: ScopeKind, _: &str, _: NaiveDate) -> Result<Option<i64>> {
        Err(not_yet(RISK))
    }
    fn insert_round(
        &mut self,
        _: ScopeKind,
        _: &str,
        _: NaiveDate,
        _: bool,
        _: &str,
        _: i64,
    ) -> Result<i64> {
        Err(not_yet(RISK))
    }
    fn round(&mut self, _: i64) -> Result<Option<Round>> {
        Err(not_yet(RISK))
    }
    fn insert_item(&mut self, _: &NewItem<'_>) -> Result<i64> {
        Err(not_yet(RISK))
    }
    fn link_item_person(&mut self, _: i64, _: i64) -> Result<()> {
        Err(not_yet(RISK))
    }
    fn item(&mut self, _: i64) -> Result<Option<ScreeningItem>> {
        Err(not_yet(RISK))
    }
    fn set_item_state(&mut self, _: i64, _: ItemState, _: &str) -> Result<()> {
        Err(not_yet(RISK))
    }
    fn recent_items(&mut self, _: NaiveDate, _: NaiveDate) -> Result<Vec<ScreeningItem>> {
        Err(not_yet(RISK))
    }
    fn insert_contact_risk(&mut self, r: &ContactRisk<'_>) -> Result<()> {
        self.tx.execute(
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
    fn set_returned(&mut self, _: i64, _: &str, _: i64, _: &str) -> Result<bool> {
        Err(not_yet(RISK))
    }
    fn contact_for_plan(&mut self, _: i64) -> Result<Option<(u32, String)>> {
        Err(not_yet(RISK))
    }
    fn insert_plan(&mut self, _: &NewPlan<'_>) -> Result<i64> {
        Err(not_yet(RISK))
    }
    fn plan(&mut self, _: i64) -> Result<Option<Plan>> {
        Err(not_yet(RISK))
    }
    fn insert_plan_log(
        &mut self,
        _: i64,
        _: &str,
        _: i64,
        _: PlanLogKind,
        _: &str,
        _: &str,
    ) -> Result<()> {
        Err(not_yet(RISK))
    }
    fn close_plan(&mut self, _: i64, _: &str, _: i64, _: &str) -> Result<()> {
        Err(not_yet(RISK))
    }
}

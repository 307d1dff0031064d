//! The parts of the port not yet on PostgreSQL: the leaders' registers and the
//! risk registers (screening rounds, plans, the division list). Every write to
//! them refuses in words with [`super::not_yet`]; so nothing is ever on them, and
//! their reads (the check-in's questions, the handover's and the desk's panels)
//! answer truthfully: empty. A contact's level and places — written by every
//! check-in that has any — are stored and read as on SQLite.

use super::tx::PgTx;
use super::{not_yet, PgStore};
use crate::domain::leaders::{BaoanState, Evidence};
use crate::domain::risk::{
    Division, ItemState, LevelContact, Plan, PlanLogKind, Round, ScopeKind, ScreeningItem,
    VisitLevel,
};
use crate::store::error::Result;
use crate::store::leaders::*;
use crate::store::risk_port::{ContactRisk, ItemFilter, NewItem, NewPlan, RiskBook, RiskTx};
use chrono::NaiveDate;

const LEADERS: &str = "the leaders' registers (包案, 领导接访, 督办)";
const RISK: &str = "the risk registers (排查, 预案, the division list)";

/// Nothing can be written to these registers on this backend yet, so every read
/// of them is truthfully empty.
impl LeaderBook for PgStore {
    fn baoan_list(&self, _: Option<&str>) -> Result<Vec<BaoanRecord>> {
        Ok(Vec::new())
    }
    fn baoan_logs(&self, _: NaiveDate) -> Result<Vec<BaoanLog>> {
        Ok(Vec::new())
    }
    fn baoan_hits(&self, _: NaiveDate, _: NaiveDate) -> Result<Vec<BaoanHit>> {
        Ok(Vec::new())
    }
    fn receptions(&self, _: NaiveDate, _: NaiveDate) -> Result<Vec<Reception>> {
        Ok(Vec::new())
    }
    fn reception_visits(&self, _: NaiveDate, _: NaiveDate) -> Result<Vec<ReceptionVisit>> {
        Ok(Vec::new())
    }
    fn leader_assignments(&self) -> Result<Vec<ReceptionVisit>> {
        Ok(Vec::new())
    }
    fn baoan_people(&self, _: &[i64]) -> Result<Vec<i64>> {
        Ok(Vec::new())
    }
    fn supervisions(&self, _: bool) -> Result<Vec<Supervision>> {
        Ok(Vec::new())
    }
}

/// The division list, rounds, items and plans cannot be written here yet: their
/// reads are empty. A contact's level and places are stored (every check-in with
/// any writes them), and read as on SQLite.
impl RiskBook for PgStore {
    fn divisions(&self) -> Result<Vec<Division>> {
        Ok(Vec::new())
    }
    fn rounds(&self, _: NaiveDate, _: NaiveDate) -> Result<Vec<Round>> {
        Ok(Vec::new())
    }
    fn screening_items(&self, _: ItemFilter) -> Result<Vec<ScreeningItem>> {
        Ok(Vec::new())
    }
    fn unscreened_areas(&self, from: &str, to: &str) -> Result<Vec<String>> {
        self.read(|c| {
            super::rows::col(
                c,
                "SELECT area FROM contact_risk WHERE unscreened AND arrived_at >= $1 AND arrived_at <= $2",
                &[&from, &to],
            )
        })
    }
    fn plans(&self, _: bool, _: usize) -> Result<Vec<Plan>> {
        Ok(Vec::new())
    }
    fn plan(&self, _: i64) -> Result<Option<Plan>> {
        Ok(None)
    }
    fn level_contacts(&self, from: &str, to: &str, above_only: bool) -> Result<Vec<LevelContact>> {
        self.read(|c| {
            c.query(
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
            )?
            .iter()
            .map(|r| {
                let level: String = r.try_get(5)?;
                Ok(LevelContact {
                    contact_id: r.try_get(0)?,
                    arrived_at: r.try_get(1)?,
                    petitioner_id: r.try_get(2)?,
                    name: r.try_get(3)?,
                    case_no: r.try_get(4)?,
                    level: VisitLevel::from_code(&level).unwrap_or(VisitLevel::Local),
                    notice: r.try_get(6)?,
                    area: r.try_get(7)?,
                    skip_level: r.try_get(8)?,
                    litigation: r.try_get(9)?,
                    returned_at: r.try_get(10)?,
                    return_note: r.try_get(11)?,
                })
            })
            .collect()
        })
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

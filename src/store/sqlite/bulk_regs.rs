//! The registers' primitives in a bulk fill (see bulk_tx.rs): ratings and 回访 of
//! the cases held, and what a contact writes beside it in the risk registers. The
//! registers themselves (screening rounds, plans, divisions) are read from the file
//! and never written by a fill.

use super::bulk::{ContactRisk as HeldRisk, FollowUp, Rating};
use super::bulk_tx::{refused, BulkTx};
use crate::domain::ratings::RatingStage;
use crate::domain::risk::{Division, ItemState, PlanLogKind, Round, ScopeKind, ScreeningItem};
use crate::store::error::{Result, StoreError};
use crate::store::ratings_port::{FollowUpClose, NewRating, OpenFollowUp, RatingTx};
use crate::store::risk_port::{ContactRisk, NewItem, NewPlan, RiskTx};
use chrono::NaiveDate;

fn day(s: &str) -> NaiveDate {
    s.get(..10)
        .and_then(|d| d.parse().ok())
        .unwrap_or(NaiveDate::MIN)
}

impl RatingTx for BulkTx<'_> {
    fn case_ratings(&mut self, case_id: i64) -> Result<Vec<(RatingStage, NaiveDate)>> {
        let Some(c) = self.bulk.case(case_id) else {
            return Err(refused("read a case of an earlier stretch"));
        };
        Ok(c.ratings
            .iter()
            .map(|&i| &self.bulk.rows.ratings[i])
            .filter_map(|r| Some((RatingStage::from_code(r.stage)?, day(&r.rated_on))))
            .collect())
    }

    fn insert_rating(&mut self, r: &NewRating<'_>) -> Result<i64> {
        self.bulk.wrote = true;
        let b = &mut *self.bulk;
        let taken = b.case(r.case_id).is_some_and(|c| {
            c.ratings
                .iter()
                .any(|&i| b.rows.ratings[i].stage == r.stage.code())
        });
        if taken {
            // UNIQUE (case_id, stage).
            return Err(StoreError::Invalid(format!(
                "case #{} already has a rating of this stage",
                r.case_id
            )));
        }
        let id = b.next.rating;
        let index = b.rows.ratings.len();
        b.case_mut(r.case_id)
            .ok_or_else(|| refused("rate a case of an earlier stretch"))?
            .ratings
            .push(index);
        b.next.rating += 1;
        b.rows.ratings.push(Rating {
            id,
            case_id: r.case_id,
            stage: r.stage.code(),
            result: r.result.code(),
            via: r.via.code(),
            rated_on: r.rated_on.to_string(),
            officer_id: r.officer_id,
            at: r.at.to_string(),
        });
        Ok(id)
    }

    fn chief(&mut self) -> Result<Option<(i64, String)>> {
        if let Some(known) = &self.bulk.chief {
            return Ok(known.clone());
        }
        let known = self.inner.chief()?;
        self.bulk.chief = Some(known.clone());
        Ok(known)
    }

    fn insert_follow_up(
        &mut self,
        rating_id: i64,
        case_id: i64,
        chief_id: i64,
        due_on: NaiveDate,
    ) -> Result<i64> {
        self.bulk.wrote = true;
        let b = &mut *self.bulk;
        let id = b.next.follow_up;
        let index = b.rows.follow_ups.len();
        b.case_mut(case_id)
            .ok_or_else(|| refused("open a 回访 on a case of an earlier stretch"))?
            .follow_ups
            .push(index);
        b.next.follow_up += 1;
        b.rows.follow_ups.push(FollowUp {
            id,
            rating_id,
            case_id,
            chief_id,
            due_on: due_on.to_string(),
            closed_on: None,
            result: None,
            text: None,
            closed_by: None,
            closed_at: None,
        });
        Ok(id)
    }

    fn open_follow_up(&mut self, case_id: i64) -> Result<Option<OpenFollowUp>> {
        let Some(c) = self.bulk.case(case_id) else {
            return Err(refused("read a case of an earlier stretch"));
        };
        let b = &*self.bulk;
        let open = c
            .follow_ups
            .iter()
            .map(|&i| &b.rows.follow_ups[i])
            .filter(|f| f.closed_on.is_none())
            .min_by(|x, y| (&x.due_on, x.id).cmp(&(&y.due_on, y.id)));
        Ok(open.and_then(|f| {
            let r = c
                .ratings
                .iter()
                .map(|&i| &b.rows.ratings[i])
                .find(|r| r.id == f.rating_id)?;
            Some(OpenFollowUp {
                id: f.id,
                stage: RatingStage::from_code(r.stage).unwrap_or(RatingStage::Reply),
                rated_on: day(&r.rated_on),
                due_on: day(&f.due_on),
            })
        }))
    }

    fn close_follow_up(&mut self, c: &FollowUpClose<'_>) -> Result<()> {
        self.bulk.wrote = true;
        let f = self
            .bulk
            .rows
            .follow_ups
            .iter_mut()
            .find(|f| f.id == c.id)
            .ok_or_else(|| refused("close a 回访 of an earlier stretch"))?;
        if f.closed_on.is_none() {
            f.closed_on = Some(c.closed_on.to_string());
            f.result = Some(c.result.code());
            f.text = c.text.map(str::to_string);
            f.closed_by = Some(c.officer_id);
            f.closed_at = Some(c.at.to_string());
        }
        Ok(())
    }
}

impl RiskTx for BulkTx<'_> {
    fn replace_divisions(&mut self, _: &[Division]) -> Result<usize> {
        Err(refused("change the division list"))
    }

    fn division_chain(&mut self, code: &str) -> Result<Vec<Division>> {
        self.inner.division_chain(code)
    }

    fn any_town(&mut self) -> Result<bool> {
        if let Some(known) = self.bulk.any_town {
            return Ok(known);
        }
        let known = self.inner.any_town()?;
        self.bulk.any_town = Some(known);
        Ok(known)
    }

    fn round_id(&mut self, kind: ScopeKind, scope: &str, due: NaiveDate) -> Result<Option<i64>> {
        self.inner.round_id(kind, scope, due)
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
        Err(refused("write the screening register"))
    }

    fn round(&mut self, id: i64) -> Result<Option<Round>> {
        RiskTx::round(&mut self.inner, id)
    }

    fn insert_item(&mut self, _: &NewItem<'_>) -> Result<i64> {
        Err(refused("write the screening register"))
    }

    fn link_item_person(&mut self, _: i64, _: i64) -> Result<()> {
        Err(refused("write the screening register"))
    }

    fn item(&mut self, id: i64) -> Result<Option<ScreeningItem>> {
        self.inner.item(id)
    }

    fn set_item_state(&mut self, _: i64, _: ItemState, _: &str) -> Result<()> {
        Err(refused("write the screening register"))
    }

    fn recent_items(&mut self, since: NaiveDate, until: NaiveDate) -> Result<Vec<ScreeningItem>> {
        self.inner.recent_items(since, until)
    }

    fn insert_contact_risk(&mut self, r: &ContactRisk<'_>) -> Result<()> {
        self.bulk.wrote = true;
        if !self
            .bulk
            .rows
            .contacts
            .iter()
            .rev()
            .any(|k| k.id == r.contact_id)
        {
            return Err(refused("write beside a contact of an earlier stretch"));
        }
        self.bulk.rows.risks.push(HeldRisk {
            contact_id: r.contact_id,
            level: r.level.code(),
            notice: r.notice,
            residence_code: r.residence_code.map(str::to_string),
            location_code: r.location_code.map(str::to_string),
            area: r.area.to_string(),
            collective: r.collective,
            unscreened: r.unscreened,
            skip_level: r.skip_level,
            litigation: r.litigation,
            arrived_at: r.at.to_string(),
        });
        Ok(())
    }

    fn set_returned(&mut self, _: i64, _: &str, _: i64, _: &str) -> Result<bool> {
        Err(refused("record a 劝返"))
    }

    fn contact_for_plan(&mut self, _: i64) -> Result<Option<(u32, String)>> {
        Err(refused("start plans"))
    }

    fn insert_plan(&mut self, _: &NewPlan<'_>) -> Result<i64> {
        Err(refused("start plans"))
    }

    fn plan(&mut self, _: i64) -> Result<Option<crate::domain::risk::Plan>> {
        Err(refused("start plans"))
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
        Err(refused("start plans"))
    }

    fn close_plan(&mut self, _: i64, _: &str, _: i64, _: &str) -> Result<()> {
        Err(refused("start plans"))
    }
}

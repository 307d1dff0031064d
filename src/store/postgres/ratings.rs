//! 满意度评价 and 回访 are not on PostgreSQL yet: a rating is refused in words
//! with [`super::not_yet`], so nothing is ever rated here and every read of them
//! is truthfully empty (no 回访 open, no rating in the figures).

use super::tx::PgTx;
use super::{not_yet, PgStore};
use crate::domain::ratings::RatingStage;
use crate::store::error::Result;
use crate::store::ratings_port::{
    FollowUpClose, FollowUpItem, NewRating, OpenFollowUp, RatingBook, RatingTx,
};
use chrono::NaiveDate;

const RATINGS: &str = "满意度评价 and 回访";

impl RatingBook for PgStore {
    fn follow_ups(&self, _: bool) -> Result<Vec<FollowUpItem>> {
        Ok(Vec::new())
    }
    fn follow_ups_for_report(&self, _: NaiveDate, _: NaiveDate) -> Result<Vec<FollowUpItem>> {
        Ok(Vec::new())
    }
}

impl RatingTx for PgTx<'_, '_> {
    fn case_ratings(&mut self, _: i64) -> Result<Vec<(RatingStage, NaiveDate)>> {
        Ok(Vec::new())
    }
    fn insert_rating(&mut self, _: &NewRating<'_>) -> Result<i64> {
        Err(not_yet(RATINGS))
    }
    fn chief(&mut self) -> Result<Option<(i64, String)>> {
        Err(not_yet(RATINGS))
    }
    fn insert_follow_up(&mut self, _: i64, _: i64, _: i64, _: NaiveDate) -> Result<i64> {
        Err(not_yet(RATINGS))
    }
    fn open_follow_up(&mut self, _: i64) -> Result<Option<OpenFollowUp>> {
        Ok(None)
    }
    fn close_follow_up(&mut self, _: &FollowUpClose<'_>) -> Result<()> {
        Err(not_yet(RATINGS))
    }
}

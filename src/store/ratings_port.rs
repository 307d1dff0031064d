//! The port of 满意度评价 and 回访: what a backend answers ([`RatingBook`], reads)
//! and the primitives a unit of work writes them with ([`RatingTx`], reached
//! through `Tx::ratings`). Plain records, no engine; the rules are
//! `domain::ratings`, the orchestration `service/ratings.rs`.

use super::error::Result;
pub use crate::domain::ratings::FollowUpItem;
use crate::domain::ratings::{FollowUpResult, RatingResult, RatingStage, RatingVia};
use chrono::NaiveDate;

/// A rating about to be recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewRating<'a> {
    pub case_id: i64,
    pub stage: RatingStage,
    pub result: RatingResult,
    pub via: RatingVia,
    pub rated_on: NaiveDate,
    pub officer_id: i64,
    pub at: &'a str,
}

/// An open 回访 of one case, as the step that closes it needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OpenFollowUp {
    pub id: i64,
    pub stage: RatingStage,
    pub rated_on: NaiveDate,
    pub due_on: NaiveDate,
}

/// How a 回访 ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowUpClose<'a> {
    pub id: i64,
    pub closed_on: NaiveDate,
    pub result: FollowUpResult,
    pub text: Option<&'a str>,
    pub officer_id: i64,
    pub at: &'a str,
}

/// Reads of the ratings' registers.
pub trait RatingBook {
    /// 回访 items, the open ones only or all, by due day then case.
    fn follow_ups(&self, open_only: bool) -> Result<Vec<FollowUpItem>>;
    /// 回访 opened by ratings given in `[from, to]`, and every one still open.
    fn follow_ups_for_report(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<FollowUpItem>>;
}

/// The write primitives of ratings and 回访 inside a unit of work.
pub trait RatingTx {
    /// The stages of a case rated so far, with their days.
    fn case_ratings(&mut self, case_id: i64) -> Result<Vec<(RatingStage, NaiveDate)>>;
    fn insert_rating(&mut self, rating: &NewRating<'_>) -> Result<i64>;
    /// The office's 科长 a 回访 goes to: the earliest active one on the roster.
    fn chief(&mut self) -> Result<Option<(i64, String)>>;
    fn insert_follow_up(
        &mut self,
        rating_id: i64,
        case_id: i64,
        chief_id: i64,
        due_on: NaiveDate,
    ) -> Result<i64>;
    /// The case's oldest open 回访, if any.
    fn open_follow_up(&mut self, case_id: i64) -> Result<Option<OpenFollowUp>>;
    fn close_follow_up(&mut self, close: &FollowUpClose<'_>) -> Result<()>;
}

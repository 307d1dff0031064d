//! 满意度评价 and 回访, written once above any backend: a rating of a decision
//! inside its window (`domain::ratings`), the 回访 a 不满意 rating opens for the
//! 科长, and the result that closes it. Each is one unit of work with its timeline
//! event.

use super::matters::record;
use super::Store;
use crate::domain::ratings::{
    check_follow_up, check_rating, follow_up_due, FollowUpResult, RatingError, RatingFacts,
    RatingResult, RatingStage, RatingVia, Window,
};
use crate::domain::EventKind;
use crate::store::error::{Result, StoreError};
use crate::store::port::canonical_case_no;
use crate::store::ratings_port::{FollowUpClose, FollowUpItem, NewRating};
use crate::text::clean_multiline;
use crate::time::stamp;
use chrono::NaiveDate;
use serde::Serialize;
use serde_json::json;

/// A petitioner's rating as the officer records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evaluation {
    pub stage: RatingStage,
    pub result: RatingResult,
    pub via: RatingVia,
    /// The day it was given (today when not said).
    pub date: Option<NaiveDate>,
    pub text: Option<String>,
}

/// What a recorded rating opened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evaluated {
    pub case_no: String,
    pub stage: RatingStage,
    pub result: RatingResult,
    pub rated_on: NaiveDate,
    pub window: Window,
    /// For a 不满意: the 科长 and the day the 回访 is due.
    pub follow_up: Option<FollowUpDue>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FollowUpDue {
    pub chief: String,
    pub due_on: NaiveDate,
}

/// A 回访's result as the officer records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowUp {
    pub result: FollowUpResult,
    pub text: Option<String>,
    /// The day of the 回访 (today when not said).
    pub date: Option<NaiveDate>,
}

fn not_found(no: &str) -> StoreError {
    StoreError::NotFound(format!("no case {no} on record"))
}

fn text_of(t: Option<&str>) -> Result<Option<String>> {
    let text = t.map(clean_multiline).filter(|t| !t.is_empty());
    if let Some(t) = &text {
        crate::text::check_length(t, crate::domain::intake::MAX_MATTER_CHARS, "text")
            .map_err(StoreError::Invalid)?;
    }
    Ok(text)
}

impl Store {
    /// Records a rating of one decision (满意度评价). A 不满意 opens a 回访 for the
    /// office's 科长, due in 15 days, in the same unit of work.
    pub fn evaluate(&mut self, officer: &str, case_no: &str, e: &Evaluation) -> Result<Evaluated> {
        let no = canonical_case_no(case_no)?;
        let now = self.now();
        let at = stamp(now);
        let today = now.date_naive();
        let date = e.date.unwrap_or(today);
        let text = text_of(e.text.as_deref())?;
        let clocks = self.rules().clocks.clone();
        let window_days = self.rules().ratings.window_days;
        self.write(|tx| {
            let officer_id = tx.officer_id(officer, &at)?;
            let case = tx.case_state(&no)?.ok_or_else(|| not_found(&no))?;
            let state = tx.matter_state(case.id)?;
            let facts = RatingFacts {
                steps: state.steps.clone(),
                rated: tx.ratings().case_ratings(case.id)?,
                merged_into: state.merged_into.clone(),
            };
            let window = check_rating(&facts, e.stage, date, today, window_days)?;
            let rating_id = tx.ratings().insert_rating(&NewRating {
                case_id: case.id,
                stage: e.stage,
                result: e.result,
                via: e.via,
                rated_on: date,
                officer_id,
                at: &at,
            })?;
            let mut detail = json!({
                "stage": e.stage.code(),
                "result": e.result.code(),
                "via": e.via.code(),
                "date": date,
            });
            let mut follow_up = None;
            if e.result == RatingResult::Dissatisfied {
                let (chief_id, chief) = tx.ratings().chief()?.ok_or(RatingError::NoChief)?;
                let due_on = follow_up_due(date);
                tx.ratings()
                    .insert_follow_up(rating_id, case.id, chief_id, due_on)?;
                detail["follow_up"] = json!({ "chief": chief, "due": due_on });
                follow_up = Some(FollowUpDue { chief, due_on });
            }
            if let Some(t) = &text {
                detail["text"] = json!(t);
            }
            record(
                tx,
                case.id,
                (&at, officer_id),
                EventKind::Evaluate,
                &detail,
                &clocks,
            )?;
            Ok(Evaluated {
                case_no: no.clone(),
                stage: e.stage,
                result: e.result,
                rated_on: date,
                window,
                follow_up,
            })
        })
    }

    /// Records the 回访 of the case's open follow-up, which closes it.
    pub fn follow_up(&mut self, officer: &str, case_no: &str, f: &FollowUp) -> Result<()> {
        let no = canonical_case_no(case_no)?;
        let now = self.now();
        let at = stamp(now);
        let today = now.date_naive();
        let date = f.date.unwrap_or(today);
        let text = text_of(f.text.as_deref())?;
        let clocks = self.rules().clocks.clone();
        self.write(|tx| {
            let officer_id = tx.officer_id(officer, &at)?;
            let case = tx.case_state(&no)?.ok_or_else(|| not_found(&no))?;
            let open = tx
                .ratings()
                .open_follow_up(case.id)?
                .ok_or(RatingError::NoOpenFollowUp)?;
            check_follow_up(open.rated_on, date, today)?;
            tx.ratings().close_follow_up(&FollowUpClose {
                id: open.id,
                closed_on: date,
                result: f.result,
                text: text.as_deref(),
                officer_id,
                at: &at,
            })?;
            let mut detail = json!({
                "result": f.result.code(),
                "date": date,
                "stage": open.stage.code(),
                "rated_on": open.rated_on,
                "due": open.due_on,
            });
            if let Some(t) = &text {
                detail["text"] = json!(t);
            }
            record(
                tx,
                case.id,
                (&at, officer_id),
                EventKind::FollowUp,
                &detail,
                &clocks,
            )
        })
    }

    /// 回访 items, the open ones only or all, by due day.
    pub fn follow_ups(&self, open_only: bool) -> Result<Vec<FollowUpItem>> {
        self.backend.follow_ups(open_only)
    }

    /// 回访 opened by ratings given in `[from, to]`, and every one still open.
    pub fn follow_ups_for_report(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<FollowUpItem>> {
        self.backend.follow_ups_for_report(from, to)
    }
}

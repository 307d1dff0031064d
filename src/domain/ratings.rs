//! 满意度评价 and 回访: after each decision the petitioner can weigh — the 受理
//! decision, the reply (答复), the review (复查) and recheck (复核) opinions — a
//! rating window opens (7 days unless the office sets another). A rating inside
//! it is recorded with its stage, result and channel; one outside it, or for a
//! stage the matter has not reached, is refused. A 不满意 rating opens a 回访
//! (follow-up) for the office's 科长, due 15 days later, which its result closes.
//! Pure rules: the store gives the timeline's steps and what was rated.

use super::clocks::add_days;
use super::model::{coded_enum, EventKind};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A 回访 is due this many days after the 不满意 rating that opened it.
pub const FOLLOW_UP_DAYS: u32 = 15;

coded_enum! {
    /// The decision a rating is about.
    RatingStage {
        Accept => "accept";
        Reply => "reply";
        Review => "review";
        Recheck => "recheck";
    }
}

coded_enum! {
    /// 满意 / 基本满意 / 不满意.
    RatingResult {
        Satisfied => "satisfied";
        FairlySatisfied => "fairly_satisfied";
        Dissatisfied => "dissatisfied";
    }
}

coded_enum! {
    /// How the rating was given.
    RatingVia {
        InPerson => "in_person";
        Phone => "phone";
        Sms => "sms";
        Online => "online";
    }
}

coded_enum! {
    /// What a 回访 found: 息诉 (the petitioner let it rest), 仍有诉求 (still
    /// claims), 联系不上 (could not be reached).
    FollowUpResult {
        Settled => "settled";
        StillClaims => "still_claims";
        Unreachable => "unreachable";
    }
}

impl RatingResult {
    /// 满意 and 基本满意 count as satisfied in 满意率.
    pub fn satisfied(self) -> bool {
        self != RatingResult::Dissatisfied
    }
}

impl RatingStage {
    /// The timeline step that opens this stage's window.
    pub fn event(self) -> EventKind {
        match self {
            RatingStage::Accept => EventKind::Accept,
            RatingStage::Reply => EventKind::Reply,
            RatingStage::Review => EventKind::DecideReview,
            RatingStage::Recheck => EventKind::DecideRecheck,
        }
    }

    pub fn of_event(kind: EventKind) -> Option<RatingStage> {
        RatingStage::ALL.iter().copied().find(|s| s.event() == kind)
    }
}

/// `[ratings]` in the config.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RatingConfig {
    /// Days after the decision during which it can be rated.
    pub window_days: u32,
    /// Whether a window that closed unrated counts as 满意 in 满意率 (some offices'
    /// rule: 逾期未评价视为满意). 参评率 still counts it as unrated.
    pub unrated_counts_as_satisfied: bool,
}

impl Default for RatingConfig {
    fn default() -> Self {
        RatingConfig {
            window_days: 7,
            unrated_counts_as_satisfied: false,
        }
    }
}

/// One decision's rating window: open from the day of the decision to `closes_on`,
/// both inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Window {
    pub stage: RatingStage,
    pub opened_on: NaiveDate,
    pub closes_on: NaiveDate,
}

impl Window {
    pub fn holds(&self, day: NaiveDate) -> bool {
        self.opened_on <= day && day <= self.closes_on
    }
}

/// The windows a matter's timeline has opened, one per stage reached (a stage
/// reached again, as after an objection, opens from its latest decision), in
/// stage order.
pub fn windows(steps: &[(EventKind, NaiveDate)], window_days: u32) -> Vec<Window> {
    RatingStage::ALL
        .iter()
        .filter_map(|&stage| {
            let opened_on = steps
                .iter()
                .rev()
                .find(|(k, _)| *k == stage.event())
                .map(|(_, d)| *d)?;
            Some(Window {
                stage,
                opened_on,
                closes_on: add_days(opened_on, window_days, false),
            })
        })
        .collect()
}

/// A rating or 回访 the rules refuse; nothing is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RatingError {
    /// The matter has not reached that decision; the stages it has reached.
    StageNotReached {
        stage: RatingStage,
        reached: Vec<RatingStage>,
    },
    /// The window closed on that day.
    WindowClosed {
        stage: RatingStage,
        closed_on: NaiveDate,
    },
    /// Dated before the decision it rates.
    BeforeDecision {
        stage: RatingStage,
        decided_on: NaiveDate,
    },
    /// That stage was rated already, on that day.
    AlreadyRated {
        stage: RatingStage,
        rated_on: NaiveDate,
    },
    DateInFuture(NaiveDate),
    /// A merged duplicate takes no more steps; its original is rated.
    Merged(String),
    /// No open 回访 on the matter.
    NoOpenFollowUp,
    /// The office has no active 科长 to follow up.
    NoChief,
    /// A 回访 dated before the rating that opened it.
    FollowUpBeforeRating(NaiveDate),
}

// Its English `Display` is in `words::ratings`, beside the Chinese.
impl std::error::Error for RatingError {}

/// What a rating needs to know of its matter.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RatingFacts {
    /// The timeline's steps and their days, oldest first.
    pub steps: Vec<(EventKind, NaiveDate)>,
    /// The stages rated already, with the day.
    pub rated: Vec<(RatingStage, NaiveDate)>,
    /// The original, when the matter was merged into it.
    pub merged_into: Option<String>,
}

/// A rating of `stage` given on `date` (today when not said): inside the stage's
/// window, once per stage, never in the future. The window it falls in.
pub fn check_rating(
    facts: &RatingFacts,
    stage: RatingStage,
    date: NaiveDate,
    today: NaiveDate,
    window_days: u32,
) -> Result<Window, RatingError> {
    if let Some(into) = &facts.merged_into {
        return Err(RatingError::Merged(into.clone()));
    }
    if date > today {
        return Err(RatingError::DateInFuture(date));
    }
    let open = windows(&facts.steps, window_days);
    let Some(window) = open.iter().find(|w| w.stage == stage).copied() else {
        return Err(RatingError::StageNotReached {
            stage,
            reached: open.iter().map(|w| w.stage).collect(),
        });
    };
    if let Some((_, on)) = facts.rated.iter().find(|(s, _)| *s == stage) {
        return Err(RatingError::AlreadyRated {
            stage,
            rated_on: *on,
        });
    }
    if date < window.opened_on {
        return Err(RatingError::BeforeDecision {
            stage,
            decided_on: window.opened_on,
        });
    }
    if date > window.closes_on {
        return Err(RatingError::WindowClosed {
            stage,
            closed_on: window.closes_on,
        });
    }
    Ok(window)
}

/// The day a 回访 opened by a 不满意 rating on `rated_on` falls due.
pub fn follow_up_due(rated_on: NaiveDate) -> NaiveDate {
    add_days(rated_on, FOLLOW_UP_DAYS, false)
}

/// A 回访's result on `date`: after the rating that opened it, never in the future.
pub fn check_follow_up(
    rated_on: NaiveDate,
    date: NaiveDate,
    today: NaiveDate,
) -> Result<(), RatingError> {
    if date > today {
        return Err(RatingError::DateInFuture(date));
    }
    if date < rated_on {
        return Err(RatingError::FollowUpBeforeRating(rated_on));
    }
    Ok(())
}

/// A 回访 (follow-up) as the queue, the handover, `case follow-ups` and the
/// report list it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FollowUpItem {
    pub id: i64,
    pub case_no: String,
    /// The case's first petitioner (names only: never an ID number or phone).
    pub name: String,
    pub stage: RatingStage,
    pub rated_on: NaiveDate,
    /// The 科长 it is for.
    pub chief: String,
    pub due_on: NaiveDate,
    pub closed_on: Option<NaiveDate>,
    pub result: Option<FollowUpResult>,
    pub text: Option<String>,
    /// The case's handling unit, if named.
    pub unit: Option<String>,
}

impl FollowUpItem {
    /// Days to its due day from `today` (negative: late).
    pub fn days_left(&self, today: NaiveDate) -> i64 {
        (self.due_on - today).num_days()
    }
}

/// One decision as the figures see it: its window, and its rating if any.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rated {
    pub window: Window,
    pub rating: Option<(RatingResult, NaiveDate)>,
}

/// The windows of a matter with the ratings given in them.
pub fn rated_windows(
    steps: &[(EventKind, NaiveDate)],
    ratings: &[(RatingStage, RatingResult, NaiveDate)],
    window_days: u32,
) -> Vec<Rated> {
    windows(steps, window_days)
        .into_iter()
        .map(|window| Rated {
            window,
            rating: ratings
                .iter()
                .find(|(s, _, _)| *s == window.stage)
                .map(|(_, r, d)| (*r, *d)),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn replied() -> RatingFacts {
        RatingFacts {
            steps: vec![
                (EventKind::Registered, d("2026-11-01")),
                (EventKind::Accept, d("2026-11-03")),
                (EventKind::Reply, d("2026-11-20")),
            ],
            ..Default::default()
        }
    }

    #[test]
    fn a_window_opens_at_each_decision_for_seven_days() {
        let w = windows(&replied().steps, 7);
        assert_eq!(w.len(), 2);
        assert_eq!(w[0].stage, RatingStage::Accept);
        assert_eq!(w[0].closes_on, d("2026-11-10"));
        assert_eq!(w[1].stage, RatingStage::Reply);
        assert_eq!(w[1].opened_on, d("2026-11-20"));
        assert_eq!(w[1].closes_on, d("2026-11-27"));
    }

    #[test]
    fn ratings_inside_the_window_only() {
        let f = replied();
        let today = d("2026-11-30");
        let ok = check_rating(&f, RatingStage::Reply, d("2026-11-27"), today, 7);
        assert_eq!(ok.map(|w| w.stage), Ok(RatingStage::Reply));
        assert_eq!(
            check_rating(&f, RatingStage::Reply, d("2026-11-28"), today, 7),
            Err(RatingError::WindowClosed {
                stage: RatingStage::Reply,
                closed_on: d("2026-11-27")
            })
        );
        assert_eq!(
            check_rating(&f, RatingStage::Reply, d("2026-11-19"), today, 7),
            Err(RatingError::BeforeDecision {
                stage: RatingStage::Reply,
                decided_on: d("2026-11-20")
            })
        );
        assert_eq!(
            check_rating(&f, RatingStage::Reply, d("2026-12-01"), today, 7),
            Err(RatingError::DateInFuture(d("2026-12-01")))
        );
        // A longer window from the config.
        assert!(check_rating(&f, RatingStage::Reply, d("2026-11-30"), today, 10).is_ok());
    }

    #[test]
    fn a_stage_not_reached_or_rated_twice_is_refused() {
        let mut f = replied();
        let today = d("2026-11-22");
        assert_eq!(
            check_rating(&f, RatingStage::Review, today, today, 7),
            Err(RatingError::StageNotReached {
                stage: RatingStage::Review,
                reached: vec![RatingStage::Accept, RatingStage::Reply]
            })
        );
        f.rated.push((RatingStage::Reply, d("2026-11-21")));
        assert_eq!(
            check_rating(&f, RatingStage::Reply, today, today, 7),
            Err(RatingError::AlreadyRated {
                stage: RatingStage::Reply,
                rated_on: d("2026-11-21")
            })
        );
        f.merged_into = Some("2026-000001".into());
        assert!(matches!(
            check_rating(&f, RatingStage::Accept, today, today, 7),
            Err(RatingError::Merged(_))
        ));
    }

    #[test]
    fn follow_up_is_due_in_fifteen_days() {
        assert_eq!(follow_up_due(d("2026-11-20")), d("2026-12-05"));
        assert_eq!(
            check_follow_up(d("2026-11-20"), d("2026-11-19"), d("2026-11-30")),
            Err(RatingError::FollowUpBeforeRating(d("2026-11-20")))
        );
        assert!(check_follow_up(d("2026-11-20"), d("2026-11-30"), d("2026-11-30")).is_ok());
    }

    #[test]
    fn stages_map_to_their_decisions() {
        for s in RatingStage::ALL {
            assert_eq!(RatingStage::of_event(s.event()), Some(*s));
        }
        assert_eq!(RatingStage::of_event(EventKind::Note), None);
    }
}

//! The demo's 满意度评价 and 回访: most decisions rated within a few days, most of
//! them 满意 or 基本满意, a few 不满意 followed up by the 科长 (the latest still
//! open). Drawn from a generator of their own, seeded by the case, so that adding
//! them leaves every other part of the demo as it was.

use super::gen::{self, DemoRng};
use super::plan::{at, Act, Scheduled};
use crate::domain::lifecycle::CaseStep;
use crate::domain::ratings::{FollowUpResult, RatingResult, RatingStage, RatingVia};
use chrono::{DateTime, Duration, FixedOffset, NaiveDate};

/// A generator for one case's ratings: FNV-1a over its matter and first day.
fn rng_for(matter: &str, start: DateTime<FixedOffset>) -> DemoRng {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in matter.bytes().chain(start.timestamp().to_le_bytes()) {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    DemoRng::new(h)
}

fn stage_of(act: &Act) -> Option<RatingStage> {
    match act {
        Act::Step(CaseStep::Accept, _, _) => Some(RatingStage::Accept),
        Act::Step(CaseStep::Reply, _, _) => Some(RatingStage::Reply),
        Act::Step(CaseStep::DecideReview, _, _) => Some(RatingStage::Review),
        Act::Step(CaseStep::DecideRecheck, _, _) => Some(RatingStage::Recheck),
        _ => None,
    }
}

/// The ratings and 回访 of one case's decisions, to add to its acts.
pub fn plan(
    matter: &str,
    start: DateTime<FixedOffset>,
    acts: &[Scheduled],
    today: NaiveDate,
    offset: FixedOffset,
) -> Vec<Scheduled> {
    let mut rng = rng_for(matter, start);
    let asked = |step: CaseStep| {
        acts.iter()
            .any(|a| matches!(a.act, Act::Step(s, _, _) if s == step))
    };
    // Whoever goes on to ask for a review was seldom content with the answer.
    let (unhappy_reply, unhappy_review) = (
        asked(CaseStep::RequestReview),
        asked(CaseStep::RequestRecheck),
    );
    let mut out = Vec::new();
    for decided in acts {
        let Some(stage) = stage_of(&decided.act) else {
            continue;
        };
        // An acceptance is rated less often than an answer.
        let share = if stage == RatingStage::Accept {
            0.55
        } else {
            0.85
        };
        if !rng.chance(share) {
            continue;
        }
        let day = decided.at.date_naive() + Duration::days(rng.range_i64(0, 5));
        if day > today {
            continue;
        }
        let when = at(day, offset, &mut rng).max(decided.at + Duration::minutes(5));
        let unhappy = match stage {
            RatingStage::Reply => unhappy_reply,
            RatingStage::Review => unhappy_review,
            _ => false,
        };
        let weights = if unhappy { [20, 30, 50] } else { [74, 25, 1] };
        let result = *rng.pick_weighted(&[
            (RatingResult::Satisfied, weights[0]),
            (RatingResult::FairlySatisfied, weights[1]),
            (RatingResult::Dissatisfied, weights[2]),
        ]);
        let via = *rng.pick_weighted(&[
            (RatingVia::Phone, 50),
            (RatingVia::InPerson, 30),
            (RatingVia::Sms, 12),
            (RatingVia::Online, 8),
        ]);
        out.push(Scheduled {
            at: when,
            officer: rng.pick::<&str>(gen::OFFICERS),
            act: Act::Evaluate(stage, result, via),
        });
        if result != RatingResult::Dissatisfied {
            continue;
        }
        // The 科长 calls back within the 15 days, mostly; the latest wait.
        let back = day + Duration::days(rng.range_i64(5, 14));
        if back > today {
            continue;
        }
        let found = *rng.pick_weighted(&[
            (FollowUpResult::Settled, 60),
            (FollowUpResult::StillClaims, 30),
            (FollowUpResult::Unreachable, 10),
        ]);
        out.push(Scheduled {
            at: at(back, offset, &mut rng).max(when + Duration::minutes(5)),
            officer: rng.pick::<&str>(gen::OFFICERS),
            act: Act::FollowUp(found),
        });
    }
    out
}

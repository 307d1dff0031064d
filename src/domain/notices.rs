//! Written notices to the petitioner (书面告知, Art. 22, 23, 32 of the 2022
//! 《信访工作条例》), how they reached them, and the outcome a reply records.
//!
//! A decision on a registered matter (受理, 不予受理, 转送/交办) meets the route clock
//! only once its written notice is on record too: the regulation asks for the
//! petitioner to be told within 15 days, not merely for the office to decide.

use super::model::{coded_enum, EventKind};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::fmt;

coded_enum! {
    /// What a written notice told the petitioner.
    NoticeKind {
        Accept => "accept";
        NotAccept => "not_accept";
        // 转送去向: where the matter was sent (a transfer or a 交办).
        Transfer => "transfer";
        // 延期: the handling deadline was extended, and why (Art. 32).
        Extension => "extension";
    }
}

coded_enum! {
    /// How a notice reached the petitioner.
    NoticeVia {
        InPerson => "in_person";
        Post => "post";
        Sms => "sms";
        Online => "online";
        // Imported from a register kept before jiedai: routed then, its way unrecorded.
        Register => "register";
    }
}

coded_enum! {
    /// What a reply (答复意见) decided.
    ReplyOutcome {
        // 支持: the request is supported.
        Support => "support";
        // 解释说明: explained, nothing to change.
        Explain => "explain";
        // 不予支持: the request is not supported.
        Reject => "reject";
        // 调解协议: settled by a mediation agreement.
        Mediation => "mediation";
    }
}

impl NoticeKind {
    /// Whether a timeline step is the decision this notice tells of.
    pub fn tells_of(self, step: EventKind) -> bool {
        match self {
            NoticeKind::Accept => step == EventKind::Accept,
            NoticeKind::NotAccept => step == EventKind::NotAccept,
            NoticeKind::Transfer => matches!(step, EventKind::Transfer | EventKind::AssignDown),
            NoticeKind::Extension => step == EventKind::Extend,
        }
    }

    /// The notices that answer the route clock (the decision on a new matter).
    pub fn routes(self) -> bool {
        self != NoticeKind::Extension
    }

    /// The notice a routing decision wants, if the step is one.
    pub fn for_decision(step: EventKind) -> Option<NoticeKind> {
        NoticeKind::ALL
            .iter()
            .copied()
            .find(|k| k.routes() && k.tells_of(step))
    }
}

/// Why a notice cannot be recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoticeError {
    /// The decision it would tell of is not on the timeline.
    NoDecision(NoticeKind),
    /// Dated before the decision it tells of.
    BeforeDecision(NaiveDate),
    /// Dated after today.
    InTheFuture,
    /// That decision's notice is on record already, given on this day.
    AlreadyGiven(NaiveDate),
}

/// One step of the timeline as the notice rules see it: its kind, its day, and
/// for a notice, what it told.
pub type Step = (EventKind, NaiveDate, Option<NoticeKind>);

/// Checks a notice of `kind` dated `on` against the timeline (oldest first): it
/// tells of the latest decision of its kind, not before it, not in the future,
/// and only once.
pub fn check_notice(
    kind: NoticeKind,
    on: NaiveDate,
    today: NaiveDate,
    steps: &[Step],
) -> Result<(), NoticeError> {
    if on > today {
        return Err(NoticeError::InTheFuture);
    }
    let (idx, decided) = steps
        .iter()
        .enumerate()
        .rev()
        .find(|(_, (k, _, _))| kind.tells_of(*k))
        .map(|(i, (_, d, _))| (i, *d))
        .ok_or(NoticeError::NoDecision(kind))?;
    if let Some((_, given, _)) = steps[idx + 1..]
        .iter()
        .find(|(k, _, n)| *k == EventKind::Notify && *n == Some(kind))
    {
        return Err(NoticeError::AlreadyGiven(*given));
    }
    if on < decided {
        return Err(NoticeError::BeforeDecision(decided));
    }
    Ok(())
}

/// Whether the latest decision of each kind that wants a notice still waits for
/// it: the kinds told of on the timeline, with the day of the decision.
pub fn missing_notices(steps: &[Step]) -> Vec<(NoticeKind, NaiveDate)> {
    let mut missing = Vec::new();
    for &kind in NoticeKind::ALL {
        let Some(idx) = steps.iter().rposition(|(k, _, _)| kind.tells_of(*k)) else {
            continue;
        };
        let told = steps[idx + 1..]
            .iter()
            .any(|(k, _, n)| *k == EventKind::Notify && *n == Some(kind));
        if !told {
            missing.push((kind, steps[idx].1));
        }
    }
    missing
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, day).unwrap()
    }

    #[test]
    fn a_notice_needs_its_decision_first() {
        let steps = [(EventKind::Registered, d(1), None)];
        assert_eq!(
            check_notice(NoticeKind::Accept, d(2), d(2), &steps),
            Err(NoticeError::NoDecision(NoticeKind::Accept))
        );
        let steps = [
            (EventKind::Registered, d(1), None),
            (EventKind::AssignDown, d(3), None),
        ];
        assert_eq!(
            check_notice(NoticeKind::Transfer, d(3), d(4), &steps),
            Ok(())
        );
        assert_eq!(
            check_notice(NoticeKind::Transfer, d(2), d(4), &steps),
            Err(NoticeError::BeforeDecision(d(3)))
        );
        assert_eq!(
            check_notice(NoticeKind::Transfer, d(5), d(4), &steps),
            Err(NoticeError::InTheFuture)
        );
    }

    #[test]
    fn a_decision_is_told_once() {
        let steps = [
            (EventKind::Registered, d(1), None),
            (EventKind::Accept, d(3), None),
            (EventKind::Notify, d(4), Some(NoticeKind::Accept)),
        ];
        assert_eq!(
            check_notice(NoticeKind::Accept, d(5), d(5), &steps),
            Err(NoticeError::AlreadyGiven(d(4)))
        );
        assert!(missing_notices(&steps).is_empty());
        let steps = [
            (EventKind::Registered, d(1), None),
            (EventKind::Accept, d(3), None),
            (EventKind::Extend, d(20), None),
        ];
        assert_eq!(
            missing_notices(&steps),
            [(NoticeKind::Accept, d(3)), (NoticeKind::Extension, d(20))]
        );
    }
}

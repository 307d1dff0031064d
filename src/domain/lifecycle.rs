//! The case lifecycle of DESIGN.md 1.2: which step may follow which status.
//!
//! The table lives in one function ([`apply_step`]) so that the CLI, the screen and
//! the store cannot disagree about it; [`allowed_steps`] is derived from it.

use super::model::{CaseStatus, EventKind};
use serde::{Deserialize, Serialize};
use std::fmt;

/// A step that moves a case from one status to another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseStep {
    Accept,
    NotAccept,
    Transfer,
    Reply,
    RequestReview,
    DecideReview,
    RequestRecheck,
    DecideRecheck,
    Archive,
    /// 交办: handed down to a unit with a deadline and a required report (Art. 22(3)).
    AssignDown,
    /// The receiving unit's objection (Art. 23): the matter comes back to us.
    Objection,
}

impl CaseStep {
    pub const ALL: &'static [CaseStep] = &[
        CaseStep::Accept,
        CaseStep::NotAccept,
        CaseStep::Transfer,
        CaseStep::AssignDown,
        CaseStep::Objection,
        CaseStep::Reply,
        CaseStep::RequestReview,
        CaseStep::DecideReview,
        CaseStep::RequestRecheck,
        CaseStep::DecideRecheck,
        CaseStep::Archive,
    ];

    /// The stable code; equal to the code of the matching [`EventKind`].
    pub fn code(self) -> &'static str {
        match self {
            CaseStep::Accept => "accept",
            CaseStep::NotAccept => "not_accept",
            CaseStep::Transfer => "transfer",
            CaseStep::Reply => "reply",
            CaseStep::RequestReview => "request_review",
            CaseStep::DecideReview => "decide_review",
            CaseStep::RequestRecheck => "request_recheck",
            CaseStep::DecideRecheck => "decide_recheck",
            CaseStep::Archive => "archive",
            CaseStep::AssignDown => "assign_down",
            CaseStep::Objection => "objection",
        }
    }

    /// Accepts the CLI's spelling (`not-accept`) as well as the stored one.
    pub fn from_code(code: &str) -> Option<Self> {
        let code = code.trim().to_ascii_lowercase().replace('-', "_");
        CaseStep::ALL.iter().copied().find(|s| s.code() == code)
    }

    /// The timeline event that records this step.
    pub fn event_kind(self) -> EventKind {
        match self {
            CaseStep::Accept => EventKind::Accept,
            CaseStep::NotAccept => EventKind::NotAccept,
            CaseStep::Transfer => EventKind::Transfer,
            CaseStep::Reply => EventKind::Reply,
            CaseStep::RequestReview => EventKind::RequestReview,
            CaseStep::DecideReview => EventKind::DecideReview,
            CaseStep::RequestRecheck => EventKind::RequestRecheck,
            CaseStep::DecideRecheck => EventKind::DecideRecheck,
            CaseStep::Archive => EventKind::Archive,
            CaseStep::AssignDown => EventKind::AssignDown,
            CaseStep::Objection => EventKind::Objection,
        }
    }

    /// The step an event records, if it records one (replaying a timeline).
    pub fn from_event_kind(kind: EventKind) -> Option<Self> {
        CaseStep::ALL
            .iter()
            .copied()
            .find(|s| s.event_kind() == kind)
    }
}

impl fmt::Display for CaseStep {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A step that the case's status does not allow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IllegalStep {
    pub from: CaseStatus,
    pub step: CaseStep,
}

impl std::error::Error for IllegalStep {}

/// The status a step leads to, or why it may not be taken.
pub fn apply_step(from: CaseStatus, step: CaseStep) -> Result<CaseStatus, IllegalStep> {
    use CaseStatus as S;
    use CaseStep as T;
    let to = match (from, step) {
        (S::Registered, T::Accept) => S::Accepted,
        (S::Registered, T::NotAccept) => S::NotAccepted,
        (S::Registered, T::Transfer | T::AssignDown) => S::Transferred,
        (S::Transferred, T::Accept) => S::Accepted,
        (S::Transferred, T::Objection) => S::Registered,
        (S::Accepted, T::Reply) => S::Replied,
        (S::Replied, T::RequestReview) => S::UnderReview,
        (S::UnderReview, T::DecideReview) => S::Reviewed,
        (S::Reviewed, T::RequestRecheck) => S::UnderRecheck,
        (S::UnderRecheck, T::DecideRecheck) => S::Final,
        (S::Replied | S::Reviewed | S::Final | S::NotAccepted, T::Archive) => S::Archived,
        _ => return Err(IllegalStep { from, step }),
    };
    Ok(to)
}

/// The steps a case in `from` may take, in [`CaseStep::ALL`] order.
pub fn allowed_steps(from: CaseStatus) -> Vec<CaseStep> {
    CaseStep::ALL
        .iter()
        .copied()
        .filter(|s| apply_step(from, *s).is_ok())
        .collect()
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AnnotationError {
    CaseClosed(CaseStatus),
    ExtensionNotRunning(CaseStatus),
    AlreadyExtended,
    ExtensionTooLong {
        days: u32,
        max: u32,
    },
    ExtensionZero,
    ReasonRequired,
    /// Report-back (报结) on a matter that did not come from above.
    NotFromAbove,
    /// The office above asked for no report on this matter.
    NoReportDue,
    AlreadyReportedBack(chrono::NaiveDate),
    /// A report back needs the answer first: a reply, or a non-acceptance.
    NotAnsweredYet,
    /// A step dated after today.
    DateInFuture(chrono::NaiveDate),
    /// A step dated before the matter reached us.
    DateBeforeReceived {
        date: chrono::NaiveDate,
        received: chrono::NaiveDate,
    },
    TextRequired,
    /// An objection after the 5 working days of Art. 23: the window closed that day.
    ObjectionLate(chrono::NaiveDate),
    /// Upper details (office, document, deadline) given for a matter received here.
    UpperDetailsForLocal,
    /// A matter from above names the office it came from.
    UpperOfficeRequired,
    /// The upper deadline falls before the day the matter was received.
    UpperDueBeforeReceived {
        due: chrono::NaiveDate,
        received: chrono::NaiveDate,
    },
    /// A 交办 deadline that is not after today.
    AssignDueNotAhead(chrono::NaiveDate),
    /// A review or recheck asked for after its window closed on that day, with no
    /// reason given for the exception.
    RequestLate(chrono::NaiveDate),
    /// A matter merged into another as its duplicate takes no more steps.
    Merged(String),
    /// A matter cannot be merged into itself.
    MergeIntoItself,
    /// The matter to merge into is itself a merged duplicate (of this one).
    MergeIntoMerged(String),
    /// A written notice the timeline does not allow (`domain::notices`).
    Notice(crate::domain::notices::NoticeError),
    /// An extension approved by someone who is no 科长 or 领导 (Art. 32: the
    /// office's head approves it).
    ApproverNotInCharge(String),
}

impl std::error::Error for AnnotationError {}

/// Notes, assignments, supervision and links: only while the case is open.
pub fn check_annotation(status: CaseStatus) -> Result<(), AnnotationError> {
    if status.is_open() {
        Ok(())
    } else {
        Err(AnnotationError::CaseClosed(status))
    }
}

/// The handling clock may be extended once (Art. 34), while it runs, by 1 to
/// `max_days` days, with a recorded reason.
pub fn check_extension(
    status: CaseStatus,
    already_extended: bool,
    days: u32,
    max_days: u32,
    reason: &str,
) -> Result<(), AnnotationError> {
    if status != CaseStatus::Accepted {
        return Err(AnnotationError::ExtensionNotRunning(status));
    }
    if already_extended {
        return Err(AnnotationError::AlreadyExtended);
    }
    if days == 0 {
        return Err(AnnotationError::ExtensionZero);
    }
    if days > max_days {
        return Err(AnnotationError::ExtensionTooLong {
            days,
            max: max_days,
        });
    }
    if reason.trim().is_empty() {
        return Err(AnnotationError::ReasonRequired);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use CaseStatus as S;
    use CaseStep as T;

    /// The table of DESIGN.md 1.2, written out independently of `apply_step`.
    const LEGAL: &[(CaseStatus, CaseStep, CaseStatus)] = &[
        (S::Registered, T::Accept, S::Accepted),
        (S::Registered, T::NotAccept, S::NotAccepted),
        (S::Registered, T::Transfer, S::Transferred),
        (S::Registered, T::AssignDown, S::Transferred),
        (S::Transferred, T::Accept, S::Accepted),
        (S::Transferred, T::Objection, S::Registered),
        (S::Accepted, T::Reply, S::Replied),
        (S::Replied, T::RequestReview, S::UnderReview),
        (S::UnderReview, T::DecideReview, S::Reviewed),
        (S::Reviewed, T::RequestRecheck, S::UnderRecheck),
        (S::UnderRecheck, T::DecideRecheck, S::Final),
        (S::Replied, T::Archive, S::Archived),
        (S::Reviewed, T::Archive, S::Archived),
        (S::Final, T::Archive, S::Archived),
        (S::NotAccepted, T::Archive, S::Archived),
    ];

    #[test]
    fn every_status_step_pair_matches_the_table() {
        let mut legal_seen = 0;
        for &from in CaseStatus::ALL {
            for &step in CaseStep::ALL {
                let expected = LEGAL
                    .iter()
                    .find(|(f, s, _)| *f == from && *s == step)
                    .map(|(_, _, to)| *to);
                match expected {
                    Some(to) => {
                        assert_eq!(apply_step(from, step), Ok(to), "{from} {step}");
                        legal_seen += 1;
                    }
                    None => assert_eq!(
                        apply_step(from, step),
                        Err(IllegalStep { from, step }),
                        "{from} {step}"
                    ),
                }
            }
        }
        assert_eq!(legal_seen, LEGAL.len());
    }

    #[test]
    fn allowed_steps_follow_the_table() {
        assert_eq!(
            allowed_steps(S::Registered),
            vec![T::Accept, T::NotAccept, T::Transfer, T::AssignDown]
        );
        assert_eq!(allowed_steps(S::Transferred), vec![T::Accept, T::Objection]);
        assert_eq!(allowed_steps(S::Accepted), vec![T::Reply]);
        assert_eq!(
            allowed_steps(S::Replied),
            vec![T::RequestReview, T::Archive]
        );
        assert_eq!(
            allowed_steps(S::Reviewed),
            vec![T::RequestRecheck, T::Archive]
        );
        assert_eq!(allowed_steps(S::Final), vec![T::Archive]);
        assert_eq!(allowed_steps(S::NotAccepted), vec![T::Archive]);
        assert!(allowed_steps(S::Archived).is_empty());
        for &from in CaseStatus::ALL {
            for step in allowed_steps(from) {
                assert!(apply_step(from, step).is_ok());
            }
        }
    }

    #[test]
    fn full_lifecycle_walks_to_archive() {
        let steps = [
            T::Transfer,
            T::Accept,
            T::Reply,
            T::RequestReview,
            T::DecideReview,
            T::RequestRecheck,
            T::DecideRecheck,
            T::Archive,
        ];
        let end = steps
            .iter()
            .try_fold(S::Registered, |s, t| apply_step(s, *t))
            .unwrap();
        assert_eq!(end, S::Archived);
    }

    #[test]
    fn codes_round_trip_and_match_event_kinds() {
        for &step in CaseStep::ALL {
            assert_eq!(CaseStep::from_code(step.code()), Some(step));
            assert_eq!(step.event_kind().code(), step.code());
            assert_eq!(CaseStep::from_event_kind(step.event_kind()), Some(step));
            let json = serde_json::to_string(&step).unwrap();
            assert_eq!(json, format!("\"{}\"", step.code()));
            assert_eq!(serde_json::from_str::<CaseStep>(&json).unwrap(), step);
        }
        assert_eq!(CaseStep::from_code("not-accept"), Some(T::NotAccept));
        assert_eq!(
            CaseStep::from_code("request-recheck"),
            Some(T::RequestRecheck)
        );
        assert_eq!(CaseStep::from_code(" Archive "), Some(T::Archive));
        assert_eq!(CaseStep::from_code("note"), None);
        assert_eq!(CaseStep::from_code(""), None);
        assert_eq!(CaseStep::from_event_kind(EventKind::Note), None);
        assert_eq!(CaseStep::from_event_kind(EventKind::Registered), None);
        assert_eq!(CaseStep::from_code("assign-down"), Some(T::AssignDown));
        assert_eq!(CaseStep::ALL.len(), 11);
    }

    #[test]
    fn illegal_step_message_lists_what_is_allowed() {
        let err = apply_step(S::Replied, T::Accept).unwrap_err();
        assert_eq!(
            err.to_string(),
            "cannot accept a case that is replied; allowed now: request-review, archive"
        );
        let err = apply_step(S::Archived, T::Reply).unwrap_err();
        assert_eq!(
            err.to_string(),
            "cannot reply to a case that is archived; allowed now: nothing"
        );
        let err = apply_step(S::Registered, T::Reply).unwrap_err();
        assert!(err
            .to_string()
            .ends_with("allowed now: accept, not-accept, transfer, assign-down"));
    }

    #[test]
    fn annotations_only_on_open_cases() {
        for &s in CaseStatus::ALL {
            let r = check_annotation(s);
            if s.is_open() {
                assert_eq!(r, Ok(()), "{s}");
            } else {
                assert_eq!(r, Err(AnnotationError::CaseClosed(s)), "{s}");
            }
        }
        assert!(check_annotation(S::Final).is_err());
        assert!(check_annotation(S::Archived).is_err());
        assert!(check_annotation(S::NotAccepted).is_err());
        assert!(check_annotation(S::Registered).is_ok());
    }

    #[test]
    fn extension_rules() {
        assert_eq!(
            check_extension(S::Accepted, false, 30, 30, "需现场勘查"),
            Ok(())
        );
        assert_eq!(check_extension(S::Accepted, false, 1, 30, "x"), Ok(()));
        for &s in CaseStatus::ALL {
            if s != S::Accepted {
                assert_eq!(
                    check_extension(s, false, 10, 30, "reason"),
                    Err(AnnotationError::ExtensionNotRunning(s))
                );
            }
        }
        assert_eq!(
            check_extension(S::Accepted, true, 10, 30, "reason"),
            Err(AnnotationError::AlreadyExtended)
        );
        assert_eq!(
            check_extension(S::Accepted, false, 0, 30, "reason"),
            Err(AnnotationError::ExtensionZero)
        );
        assert_eq!(
            check_extension(S::Accepted, false, 31, 30, "reason"),
            Err(AnnotationError::ExtensionTooLong { days: 31, max: 30 })
        );
        assert_eq!(
            check_extension(S::Accepted, false, 10, 30, "  \t "),
            Err(AnnotationError::ReasonRequired)
        );
        assert_eq!(
            check_extension(S::Accepted, false, 10, 30, ""),
            Err(AnnotationError::ReasonRequired)
        );
    }

    #[test]
    fn annotation_messages() {
        assert!(AnnotationError::CaseClosed(S::Final)
            .to_string()
            .contains("final"));
        assert!(AnnotationError::ExtensionNotRunning(S::Replied)
            .to_string()
            .contains("replied"));
        assert_eq!(
            AnnotationError::ExtensionTooLong { days: 45, max: 30 }.to_string(),
            "an extension of 45 days is too long; at most 30 days are allowed"
        );
        assert!(AnnotationError::ExtensionTooLong { days: 2, max: 1 }
            .to_string()
            .ends_with("at most 1 day is allowed"));
        assert!(AnnotationError::ReasonRequired
            .to_string()
            .contains("reason"));
        assert!(AnnotationError::AlreadyExtended
            .to_string()
            .contains("once"));
        assert!(AnnotationError::ExtensionZero.to_string().contains("1 day"));
        let _: &dyn std::error::Error = &AnnotationError::ExtensionZero;
    }
}

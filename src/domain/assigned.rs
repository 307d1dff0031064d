//! Matters passed between levels of government: from above (上级交办 / 上级转送,
//! with the upper office's deadline and, for an assignment, a report back 报结),
//! and down (our 转送 needs no report; our 交办 carries a deadline and a required
//! report, Art. 22(3) of the 2022 《信访工作条例》), and the receiving unit's
//! objection within 5 working days (Art. 23), which returns the matter to us.

use super::clocks::add_days;
use super::lifecycle::AnnotationError;
use super::model::{EventKind, Source};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Art. 23: a unit that finds a matter outside its remit objects within 5 working days.
pub const OBJECTION_WORKING_DAYS: u32 = 5;

/// What the officer typed about a matter from above; every part optional.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UpperInput {
    /// The office that sent it down (来文单位).
    pub from_office: Option<String>,
    /// Its document or 件号.
    pub doc_no: Option<String>,
    pub received: Option<NaiveDate>,
    pub due: Option<NaiveDate>,
    /// The deadline as days after receipt, when no date is given (the desk's
    /// form asks for days, pre-filled with the office's default).
    pub due_days: Option<u32>,
    /// Whether a report back (报结/办结报告) is due; defaults by source.
    pub report_due: Option<bool>,
}

impl UpperInput {
    pub fn is_empty(&self) -> bool {
        self.from_office
            .as_deref()
            .is_none_or(|s| s.trim().is_empty())
            && self.doc_no.as_deref().is_none_or(|s| s.trim().is_empty())
            && self.received.is_none()
            && self.due.is_none()
            && self.due_days.is_none()
            && self.report_due.is_none()
    }
}

/// A matter from above as recorded: who sent it, when, by when, and whether the
/// office above wants a report back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UpperTerms {
    pub from_office: String,
    pub doc_no: Option<String>,
    pub received: NaiveDate,
    pub due: NaiveDate,
    pub report_due: bool,
}

/// The upper terms of a new matter from its source and what was typed: `None`
/// for a matter received here. The deadline defaults to `upper_days` after
/// receipt; 上级交办 expects a report back unless told otherwise, 上级转送 does not.
pub fn upper_terms(
    source: Source,
    input: &UpperInput,
    today: NaiveDate,
    upper_days: u32,
) -> Result<Option<UpperTerms>, AnnotationError> {
    if !source.from_above() {
        return if input.is_empty() {
            Ok(None)
        } else {
            Err(AnnotationError::UpperDetailsForLocal)
        };
    }
    let from_office = input
        .from_office
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .ok_or(AnnotationError::UpperOfficeRequired)?
        .to_string();
    let received = input.received.unwrap_or(today);
    if received > today {
        return Err(AnnotationError::DateInFuture(received));
    }
    let due = input
        .due
        .unwrap_or_else(|| add_days(received, input.due_days.unwrap_or(upper_days), false));
    if due < received {
        return Err(AnnotationError::UpperDueBeforeReceived { due, received });
    }
    Ok(Some(UpperTerms {
        from_office,
        doc_no: input
            .doc_no
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string),
        received,
        due,
        report_due: input
            .report_due
            .unwrap_or(source == Source::AssignedFromAbove),
    }))
}

/// What a report back needs to know of its matter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportBackFacts {
    pub upper: Option<UpperTerms>,
    /// The day of an earlier report back, if any.
    pub reported_on: Option<NaiveDate>,
    /// The timeline's steps, oldest first.
    pub kinds: Vec<EventKind>,
}

/// Whether the matter has been answered: replied to, or not accepted. (Once
/// written notices are recorded, a non-acceptance counts with its notice.)
pub fn answered(kinds: &[EventKind]) -> bool {
    kinds
        .iter()
        .any(|k| matches!(k, EventKind::Reply | EventKind::NotAccept))
}

/// A report back (报结) to the office above: only on a matter from above that
/// wants one, once, after the answer, dated between receipt and today, in writing.
pub fn check_report_back(
    facts: &ReportBackFacts,
    date: NaiveDate,
    today: NaiveDate,
    text: &str,
) -> Result<(), AnnotationError> {
    let upper = report_back_due(facts.upper.as_ref(), facts.reported_on, &facts.kinds)?;
    if date > today {
        return Err(AnnotationError::DateInFuture(date));
    }
    if date < upper.received {
        return Err(AnnotationError::DateBeforeReceived {
            date,
            received: upper.received,
        });
    }
    if text.trim().is_empty() {
        return Err(AnnotationError::TextRequired);
    }
    Ok(())
}

/// Whether the matter is waiting for its report back now: from above, a report
/// due, none sent yet, and answered. The terms, or why not.
pub fn report_back_due<'a>(
    upper: Option<&'a UpperTerms>,
    reported_on: Option<NaiveDate>,
    kinds: &[EventKind],
) -> Result<&'a UpperTerms, AnnotationError> {
    let upper = upper.ok_or(AnnotationError::NotFromAbove)?;
    if !upper.report_due {
        return Err(AnnotationError::NoReportDue);
    }
    if let Some(on) = reported_on {
        return Err(AnnotationError::AlreadyReportedBack(on));
    }
    if !answered(kinds) {
        return Err(AnnotationError::NotAnsweredYet);
    }
    Ok(upper)
}

/// The last day a unit may object to a matter sent to it on `sent_on`.
pub fn objection_closes(sent_on: NaiveDate) -> NaiveDate {
    add_days(sent_on, OBJECTION_WORKING_DAYS, true)
}

/// A receiving unit's objection (Art. 23): within 5 working days of the transfer
/// or assignment, with its reason. A late one is refused with the day it closed.
pub fn check_objection(
    sent_on: NaiveDate,
    today: NaiveDate,
    reason: &str,
) -> Result<(), AnnotationError> {
    let closes = objection_closes(sent_on);
    if today > closes {
        return Err(AnnotationError::ObjectionLate(closes));
    }
    if reason.trim().is_empty() {
        return Err(AnnotationError::TextRequired);
    }
    Ok(())
}

/// The deadline of our own 交办: the one given, else `handle_days` from today;
/// it must fall after today.
pub fn assign_down_due(
    given: Option<NaiveDate>,
    today: NaiveDate,
    handle_days: u32,
    working_days: bool,
) -> Result<NaiveDate, AnnotationError> {
    let due = given.unwrap_or_else(|| add_days(today, handle_days, working_days));
    if due <= today {
        return Err(AnnotationError::AssignDueNotAhead(due));
    }
    Ok(due)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn from(office: &str) -> UpperInput {
        UpperInput {
            from_office: Some(office.into()),
            ..Default::default()
        }
    }

    #[test]
    fn a_local_matter_has_no_upper_terms() {
        let today = d(2026, 11, 30);
        assert_eq!(
            upper_terms(Source::Local, &UpperInput::default(), today, 60),
            Ok(None)
        );
        assert_eq!(
            upper_terms(Source::Local, &from("市信访局"), today, 60),
            Err(AnnotationError::UpperDetailsForLocal)
        );
        let blank = UpperInput {
            from_office: Some("  ".into()),
            ..Default::default()
        };
        assert_eq!(upper_terms(Source::Local, &blank, today, 60), Ok(None));
    }

    #[test]
    fn upper_deadline_defaults_to_60_days_from_receipt() {
        let today = d(2026, 11, 30);
        let t = upper_terms(Source::AssignedFromAbove, &from(" 市信访局 "), today, 60)
            .unwrap()
            .unwrap();
        assert_eq!(t.from_office, "市信访局");
        assert_eq!(t.received, today);
        assert_eq!(t.due, d(2027, 1, 29));
        assert!(t.report_due, "上级交办 wants a report back");
        assert_eq!(t.doc_no, None);

        let input = UpperInput {
            received: Some(d(2026, 11, 20)),
            doc_no: Some("市信交〔2026〕118号".into()),
            ..from("市信访局")
        };
        let t = upper_terms(Source::TransferredFromAbove, &input, today, 60)
            .unwrap()
            .unwrap();
        assert_eq!(t.due, d(2027, 1, 19));
        assert!(!t.report_due, "上级转送 wants none unless told");
        assert_eq!(t.doc_no.as_deref(), Some("市信交〔2026〕118号"));

        let input = UpperInput {
            due: Some(d(2026, 12, 15)),
            report_due: Some(true),
            ..from("市信访局")
        };
        let t = upper_terms(Source::TransferredFromAbove, &input, today, 60)
            .unwrap()
            .unwrap();
        assert_eq!(t.due, d(2026, 12, 15));
        assert!(t.report_due);
    }

    #[test]
    fn upper_terms_refuse_what_cannot_be() {
        let today = d(2026, 11, 30);
        assert_eq!(
            upper_terms(Source::AssignedFromAbove, &UpperInput::default(), today, 60),
            Err(AnnotationError::UpperOfficeRequired)
        );
        let future = UpperInput {
            received: Some(d(2026, 12, 1)),
            ..from("市信访局")
        };
        assert_eq!(
            upper_terms(Source::AssignedFromAbove, &future, today, 60),
            Err(AnnotationError::DateInFuture(d(2026, 12, 1)))
        );
        let backwards = UpperInput {
            received: Some(d(2026, 11, 20)),
            due: Some(d(2026, 11, 19)),
            ..from("市信访局")
        };
        assert_eq!(
            upper_terms(Source::AssignedFromAbove, &backwards, today, 60),
            Err(AnnotationError::UpperDueBeforeReceived {
                due: d(2026, 11, 19),
                received: d(2026, 11, 20)
            })
        );
    }

    fn facts(kinds: &[EventKind]) -> ReportBackFacts {
        ReportBackFacts {
            upper: upper_terms(
                Source::AssignedFromAbove,
                &UpperInput {
                    received: Some(d(2026, 10, 1)),
                    ..from("市信访局")
                },
                d(2026, 10, 1),
                60,
            )
            .unwrap(),
            reported_on: None,
            kinds: kinds.to_vec(),
        }
    }

    #[test]
    fn report_back_after_the_answer_only() {
        let today = d(2026, 11, 30);
        let replied = facts(&[EventKind::Registered, EventKind::Accept, EventKind::Reply]);
        assert_eq!(check_report_back(&replied, today, today, "已答复"), Ok(()));
        let refused = facts(&[EventKind::Registered, EventKind::NotAccept]);
        assert_eq!(
            check_report_back(&refused, today, today, "不予受理"),
            Ok(())
        );
        let open = facts(&[EventKind::Registered, EventKind::Accept]);
        assert_eq!(
            check_report_back(&open, today, today, "x"),
            Err(AnnotationError::NotAnsweredYet)
        );
    }

    #[test]
    fn report_back_refusals() {
        let today = d(2026, 11, 30);
        let base = facts(&[EventKind::Registered, EventKind::Accept, EventKind::Reply]);
        let local = ReportBackFacts {
            upper: None,
            ..base.clone()
        };
        assert_eq!(
            check_report_back(&local, today, today, "x"),
            Err(AnnotationError::NotFromAbove)
        );
        let mut no_report = base.clone();
        no_report.upper.as_mut().unwrap().report_due = false;
        assert_eq!(
            check_report_back(&no_report, today, today, "x"),
            Err(AnnotationError::NoReportDue)
        );
        let done = ReportBackFacts {
            reported_on: Some(d(2026, 11, 2)),
            ..base.clone()
        };
        assert_eq!(
            check_report_back(&done, today, today, "x"),
            Err(AnnotationError::AlreadyReportedBack(d(2026, 11, 2)))
        );
        assert_eq!(
            check_report_back(&base, d(2026, 12, 1), today, "x"),
            Err(AnnotationError::DateInFuture(d(2026, 12, 1)))
        );
        assert_eq!(
            check_report_back(&base, d(2026, 9, 30), today, "x"),
            Err(AnnotationError::DateBeforeReceived {
                date: d(2026, 9, 30),
                received: d(2026, 10, 1)
            })
        );
        assert_eq!(
            check_report_back(&base, today, today, " \n"),
            Err(AnnotationError::TextRequired)
        );
    }

    #[test]
    fn objection_within_five_working_days() {
        // Friday 2026-11-27: five working days run to Friday 2026-12-04.
        let sent = d(2026, 11, 27);
        assert_eq!(objection_closes(sent), d(2026, 12, 4));
        assert_eq!(
            check_objection(sent, d(2026, 12, 4), "不属本单位职责"),
            Ok(())
        );
        assert_eq!(check_objection(sent, sent, "不属本单位职责"), Ok(()));
        assert_eq!(
            check_objection(sent, d(2026, 12, 5), "不属本单位职责"),
            Err(AnnotationError::ObjectionLate(d(2026, 12, 4)))
        );
        assert_eq!(
            check_objection(sent, sent, ""),
            Err(AnnotationError::TextRequired)
        );
    }

    #[test]
    fn assign_down_deadline() {
        let today = d(2026, 11, 30);
        assert_eq!(assign_down_due(None, today, 60, false), Ok(d(2027, 1, 29)));
        assert_eq!(
            assign_down_due(Some(d(2026, 12, 20)), today, 60, false),
            Ok(d(2026, 12, 20))
        );
        assert_eq!(
            assign_down_due(Some(today), today, 60, false),
            Err(AnnotationError::AssignDueNotAhead(today))
        );
    }
}

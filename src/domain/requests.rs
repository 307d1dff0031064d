//! Asking for a review (复查) or a recheck (复核) in time (Art. 35 of the 2022
//! 《信访工作条例》: within 30 days of the reply, and of the review opinion). A
//! late request is refused with the day its window closed, or, as an explicit
//! exception, recorded with the reason for it; its window clock then stays late.

use super::clocks::{compute_clocks, ClockConfig, TimelinePoint};
use super::lifecycle::{AnnotationError, CaseStep};
use super::model::{ClockKind, EventKind};
use chrono::NaiveDate;

/// The window a request step must come within, if it is one.
pub fn window_of(step: CaseStep) -> Option<ClockKind> {
    match step {
        CaseStep::RequestReview => Some(ClockKind::ReviewWindow),
        CaseStep::RequestRecheck => Some(ClockKind::RecheckWindow),
        _ => None,
    }
}

/// The last day of the window `kind` on a timeline of (kind, day) steps.
pub fn window_closes(
    steps: &[(EventKind, NaiveDate)],
    kind: ClockKind,
    cfg: &ClockConfig,
) -> Option<NaiveDate> {
    let points: Vec<TimelinePoint> = steps
        .iter()
        .map(|&(kind, on)| TimelinePoint {
            kind,
            on,
            extension_days: 0,
            terms: None,
            notice: None,
        })
        .collect();
    let today = steps.last().map(|s| s.1).unwrap_or_default();
    compute_clocks(&points, today, cfg)
        .into_iter()
        .find(|c| c.kind == kind)
        .map(|c| c.due)
}

/// Whether a request made `today` is in time (`Ok(false)`), late but recorded for
/// the reason given (`Ok(true)`), or refused with the day its window closed.
pub fn check_request(
    closes: Option<NaiveDate>,
    today: NaiveDate,
    late_reason: Option<&str>,
) -> Result<bool, AnnotationError> {
    let Some(closes) = closes.filter(|c| today > *c) else {
        return Ok(false);
    };
    match late_reason.map(str::trim).filter(|r| !r.is_empty()) {
        Some(_) => Ok(true),
        None => Err(AnnotationError::RequestLate(closes)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn a_request_within_the_window_is_in_time() {
        let steps = [
            (EventKind::Registered, d(2026, 1, 1)),
            (EventKind::Accept, d(2026, 1, 2)),
            (EventKind::Reply, d(2026, 2, 1)),
        ];
        let cfg = ClockConfig::default();
        let closes = window_closes(&steps, ClockKind::ReviewWindow, &cfg);
        assert_eq!(closes, Some(d(2026, 3, 3)));
        assert_eq!(check_request(closes, d(2026, 3, 3), None), Ok(false));
        assert_eq!(window_closes(&steps, ClockKind::RecheckWindow, &cfg), None);
        assert_eq!(check_request(None, d(2027, 1, 1), None), Ok(false));
    }

    #[test]
    fn a_late_request_is_refused_or_recorded_with_its_reason() {
        let closes = Some(d(2026, 3, 3));
        assert_eq!(
            check_request(closes, d(2026, 6, 1), None),
            Err(AnnotationError::RequestLate(d(2026, 3, 3)))
        );
        assert_eq!(
            check_request(closes, d(2026, 6, 1), Some("  ")),
            Err(AnnotationError::RequestLate(d(2026, 3, 3)))
        );
        assert_eq!(
            check_request(closes, d(2026, 6, 1), Some("住院治疗，有医院证明")),
            Ok(true)
        );
        assert_eq!(
            window_of(CaseStep::RequestRecheck),
            Some(ClockKind::RecheckWindow)
        );
        assert_eq!(window_of(CaseStep::Reply), None);
    }
}

//! The six legal clocks of DESIGN.md 1.3, computed from a case's timeline.
//!
//! Clocks are never stored: they are derived from the append-only timeline and
//! "today", so a changed configuration or a corrected date shows at once everywhere.

use super::model::{ClockKind, ClockState, EventKind};
use chrono::{Datelike, Days, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

/// Clock lengths. Defaults follow the 2022 《信访工作条例》; provinces differ, so
/// every length is configurable.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ClockConfig {
    pub route_days: u32,
    pub handle_days: u32,
    pub max_extension_days: u32,
    pub review_window_days: u32,
    pub review_days: u32,
    pub recheck_window_days: u32,
    pub recheck_days: u32,
    /// Count Monday to Friday only; `false` counts calendar days.
    pub working_days: bool,
    /// How close a due date must be for the handover to list the case.
    pub due_soon_days: u32,
    /// The upper office's deadline for a matter from above, when its document
    /// names none (days from receipt).
    pub upper_days: u32,
}

impl Default for ClockConfig {
    fn default() -> Self {
        ClockConfig {
            route_days: 15,
            handle_days: 60,
            max_extension_days: 30,
            review_window_days: 30,
            review_days: 30,
            recheck_window_days: 30,
            recheck_days: 30,
            working_days: false,
            due_soon_days: 3,
            upper_days: DEFAULT_UPPER_DAYS,
        }
    }
}

/// The upper office's deadline when the document names none (days from receipt).
pub const DEFAULT_UPPER_DAYS: u32 = 60;

impl ClockConfig {
    /// A legal clock of no days would make every case overdue the day it starts.
    /// The error names the key and says what would be right (config keys are
    /// English). `max_extension_days = 0` (no extensions) and `due_soon_days = 0`
    /// (only what is due today) are policies, not lengths, and stay allowed.
    pub fn check(&self) -> Result<(), (&'static str, String)> {
        let default = ClockConfig::default();
        let lengths = [
            ("route_days", self.route_days, default.route_days),
            ("handle_days", self.handle_days, default.handle_days),
            (
                "review_window_days",
                self.review_window_days,
                default.review_window_days,
            ),
            ("review_days", self.review_days, default.review_days),
            (
                "recheck_window_days",
                self.recheck_window_days,
                default.recheck_window_days,
            ),
            ("recheck_days", self.recheck_days, default.recheck_days),
            ("upper_days", self.upper_days, default.upper_days),
        ];
        match lengths.into_iter().find(|(_, days, _)| *days == 0) {
            Some((key, _, usual)) => {
                Err((key, format!("give 1 or more days ({usual} by default)")))
            }
            None => Ok(()),
        }
    }
}

/// One timeline event as far as the clocks care.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimelinePoint {
    pub kind: EventKind,
    pub on: NaiveDate,
    /// Only meaningful for [`EventKind::Extend`].
    pub extension_days: u32,
    /// A deadline set by someone else rather than by the regulation: the upper
    /// office's on a registration from above, ours on a 交办 (assign-down).
    pub terms: Option<Terms>,
    /// What a [`EventKind::Notify`] told the petitioner.
    pub notice: Option<super::notices::NoticeKind>,
}

/// A deadline given with the matter: from `from` to `due`; `report_due` says
/// whether only a report back (报结) stops it rather than the answer itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Terms {
    pub from: NaiveDate,
    pub due: NaiveDate,
    pub report_due: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Clock {
    pub kind: ClockKind,
    pub started: NaiveDate,
    pub due: NaiveDate,
    pub stopped: Option<NaiveDate>,
    /// Calendar days from today (running) or from the stop (stopped) to the due date;
    /// negative when past it.
    pub days_left: i64,
    pub state: ClockState,
    pub extended_days: u32,
    /// The route clock's decision is on record but its written notice is not, so
    /// the clock still runs (Art. 22: the petitioner is to be told within 15 days).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub notice_missing: bool,
}

impl Clock {
    pub fn is_running(&self) -> bool {
        self.stopped.is_none()
    }
}

/// `days` days after `start`; with `working_days`, Saturdays and Sundays are not
/// counted (public holidays are not known here). Saturates at the last date chrono
/// can represent instead of panicking on an absurd configuration.
pub fn add_days(start: NaiveDate, days: u32, working_days: bool) -> NaiveDate {
    let plus = |d: NaiveDate, n: u64| d.checked_add_days(Days::new(n)).unwrap_or(NaiveDate::MAX);
    if !working_days || days == 0 {
        return plus(start, u64::from(days));
    }
    // Counting from a weekend day gives the same result as counting from the Friday
    // before it; from a weekday, every 5 working days are exactly 7 calendar days.
    let mut day = match start.weekday() {
        Weekday::Sat => start.pred_opt().unwrap_or(start),
        Weekday::Sun => start.pred_opt().and_then(|d| d.pred_opt()).unwrap_or(start),
        _ => start,
    };
    day = plus(day, u64::from(days / 5) * 7);
    let mut left = days % 5;
    while left > 0 && day < NaiveDate::MAX {
        day = plus(day, 1);
        if !matches!(day.weekday(), Weekday::Sat | Weekday::Sun) {
            left -= 1;
        }
    }
    day
}

/// How one clock starts and stops.
struct Rule {
    kind: ClockKind,
    starts: EventKind,
    /// Whether the first start event counts rather than the latest one.
    first_start: bool,
    stops: &'static [EventKind],
}

const RULES: &[Rule] = &[
    Rule {
        kind: ClockKind::Route,
        starts: EventKind::Registered,
        first_start: true,
        stops: &[
            EventKind::Accept,
            EventKind::NotAccept,
            EventKind::Transfer,
            EventKind::AssignDown,
            EventKind::Merge,
        ],
    },
    Rule {
        kind: ClockKind::Handle,
        starts: EventKind::Accept,
        first_start: false,
        stops: &[EventKind::Reply, EventKind::Merge],
    },
    Rule {
        kind: ClockKind::ReviewWindow,
        starts: EventKind::Reply,
        first_start: false,
        stops: &[
            EventKind::RequestReview,
            EventKind::Archive,
            EventKind::Merge,
        ],
    },
    Rule {
        kind: ClockKind::Review,
        starts: EventKind::RequestReview,
        first_start: false,
        stops: &[EventKind::DecideReview, EventKind::Merge],
    },
    Rule {
        kind: ClockKind::RecheckWindow,
        starts: EventKind::DecideReview,
        first_start: false,
        stops: &[
            EventKind::RequestRecheck,
            EventKind::Archive,
            EventKind::Merge,
        ],
    },
    Rule {
        kind: ClockKind::Recheck,
        starts: EventKind::RequestRecheck,
        first_start: false,
        stops: &[EventKind::DecideRecheck, EventKind::Merge],
    },
];

/// What stops a route clock whose decision was never told in writing.
const ROUTE_ANSWERED: &[EventKind] = &[EventKind::Reply, EventKind::Archive, EventKind::Merge];

fn length(kind: ClockKind, cfg: &ClockConfig) -> u32 {
    match kind {
        ClockKind::Route => cfg.route_days,
        ClockKind::Handle => cfg.handle_days,
        ClockKind::ReviewWindow => cfg.review_window_days,
        ClockKind::Review => cfg.review_days,
        ClockKind::RecheckWindow => cfg.recheck_window_days,
        ClockKind::Recheck => cfg.recheck_days,
        // Their deadlines come with the matter (see [`Terms`]).
        ClockKind::Upper | ClockKind::AssignedDown => 0,
    }
}

/// The steps that answer a matter: what stops a deadline that wants no report.
const ANSWERS: &[EventKind] = &[EventKind::Reply, EventKind::NotAccept, EventKind::Merge];

/// A clock whose due date came with the matter: the upper office's (stopped by
/// the report back, or by the answer when none is due) and our own 交办's (stopped
/// by the answer, or by the unit's objection, which returns the matter).
fn given_clock(points: &[TimelinePoint], kind: ClockKind, today: NaiveDate) -> Option<Clock> {
    // The upper terms come with the registration, or are recorded just after it.
    let (starts, first): (&[EventKind], bool) = match kind {
        ClockKind::Upper => (&[EventKind::Registered, EventKind::SetSource], true),
        _ => (&[EventKind::AssignDown], false),
    };
    let mut found = points
        .iter()
        .enumerate()
        .filter(|(_, p)| starts.contains(&p.kind) && p.terms.is_some());
    let (idx, start) = if first {
        found.next()?
    } else {
        found.next_back()?
    };
    let terms = start.terms?;
    let stops: &[EventKind] = match kind {
        ClockKind::Upper if terms.report_due => &[EventKind::ReportBack, EventKind::Merge],
        ClockKind::Upper => ANSWERS,
        _ => &[
            EventKind::Reply,
            EventKind::NotAccept,
            EventKind::Objection,
            EventKind::Merge,
        ],
    };
    let stopped = points[idx + 1..]
        .iter()
        .find(|p| stops.contains(&p.kind))
        .map(|p| p.on);
    let (days_left, state) = standing(terms.due, stopped, today, false);
    Some(Clock {
        kind,
        started: terms.from,
        due: terms.due,
        stopped,
        days_left,
        state,
        extended_days: 0,
        notice_missing: false,
    })
}

/// Days left and state of a clock due on `due`, stopped or not.
fn standing(
    due: NaiveDate,
    stopped: Option<NaiveDate>,
    today: NaiveDate,
    window: bool,
) -> (i64, ClockState) {
    match stopped {
        Some(stop) => {
            let left = (due - stop).num_days();
            let state = if window || stop <= due {
                ClockState::Met
            } else {
                ClockState::Late
            };
            (left, state)
        }
        None => {
            let left = (due - today).num_days();
            let state = match left {
                l if l > 0 => ClockState::Running,
                0 => ClockState::DueToday,
                _ if window => ClockState::Expired,
                _ => ClockState::Overdue,
            };
            (left, state)
        }
    }
}

/// The clocks that have started, in [`ClockKind::ALL`] order. `points` must be in
/// chronological order (the timeline's order); events on the same day are taken in
/// slice order.
pub fn compute_clocks(points: &[TimelinePoint], today: NaiveDate, cfg: &ClockConfig) -> Vec<Clock> {
    let mut clocks = Vec::new();
    for rule in RULES {
        let mut starts = points
            .iter()
            .enumerate()
            .filter(|(_, p)| p.kind == rule.starts);
        let start = if rule.first_start {
            starts.next()
        } else {
            starts.next_back()
        };
        let Some((start_idx, start)) = start else {
            continue;
        };
        let after = &points[start_idx + 1..];
        let stop_idx = after.iter().position(|p| rule.stops.contains(&p.kind));
        let mut stopped = stop_idx.map(|i| after[i].on);
        let mut notice_missing = false;
        if rule.kind == ClockKind::Route {
            if let Some(i) = stop_idx.filter(|&i| after[i].kind != EventKind::Merge) {
                // The decision stops the clock only with its written notice: on the
                // notice's day (never before the decision's).
                let told = after[i + 1..]
                    .iter()
                    .find(|p| p.kind == EventKind::Notify && p.notice.is_some_and(|n| n.routes()));
                notice_missing = told.is_none();
                // Untold, the clock runs on until the matter is answered or closed
                // (an old register's closed matters are not overdue for ever); it
                // still says the notice is missing.
                let answered = || {
                    after[i + 1..]
                        .iter()
                        .find(|p| ROUTE_ANSWERED.contains(&p.kind))
                };
                stopped = told.or_else(answered).map(|p| p.on.max(after[i].on));
            }
        }
        // A window closed by a request after its end stays late (an exception
        // recorded with its reason); one closed by archiving never is.
        let by_request = stop_idx.is_some_and(|i| {
            matches!(
                after[i].kind,
                EventKind::RequestReview | EventKind::RequestRecheck
            )
        });

        let extended_days = if rule.kind == ClockKind::Handle {
            let until_stop = &after[..stop_idx.unwrap_or(after.len())];
            until_stop
                .iter()
                .filter(|p| p.kind == EventKind::Extend)
                .fold(0u32, |sum, p| sum.saturating_add(p.extension_days))
        } else {
            0
        };

        let due = add_days(
            start.on,
            length(rule.kind, cfg).saturating_add(extended_days),
            cfg.working_days,
        );
        let (days_left, state) = standing(
            due,
            stopped,
            today,
            rule.kind.is_window() && !(by_request && stopped.is_some_and(|s| s > due)),
        );
        clocks.push(Clock {
            kind: rule.kind,
            started: start.on,
            due,
            stopped,
            days_left,
            state,
            extended_days,
            notice_missing,
        });
    }
    for kind in [ClockKind::Upper, ClockKind::AssignedDown] {
        clocks.extend(given_clock(points, kind, today));
    }
    clocks
}

/// Whether a clock the desk is responsible for is past due.
pub fn is_overdue(clocks: &[Clock]) -> bool {
    clocks
        .iter()
        .any(|c| c.is_running() && !c.kind.is_window() && c.state == ClockState::Overdue)
}

/// Running clocks the desk is responsible for that fall due within `within_days`
/// (overdue ones and those due today included).
pub fn due_soon(clocks: &[Clock], within_days: u32) -> Vec<&Clock> {
    clocks
        .iter()
        .filter(|c| c.is_running() && !c.kind.is_window() && c.days_left <= i64::from(within_days))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::notices::NoticeKind;
    use crate::domain::Lang;
    use crate::words::clocks::describe;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn p(kind: EventKind, on: NaiveDate) -> TimelinePoint {
        TimelinePoint {
            kind,
            on,
            extension_days: 0,
            terms: None,
            notice: None,
        }
    }

    fn ext(on: NaiveDate, days: u32) -> TimelinePoint {
        TimelinePoint {
            kind: EventKind::Extend,
            on,
            extension_days: days,
            terms: None,
            notice: None,
        }
    }

    fn clock(clocks: &[Clock], kind: ClockKind) -> &Clock {
        clocks
            .iter()
            .find(|c| c.kind == kind)
            .expect("clock present")
    }

    fn cfg() -> ClockConfig {
        ClockConfig::default()
    }

    #[test]
    fn defaults_follow_the_regulation() {
        let c = ClockConfig::default();
        assert_eq!(
            (c.route_days, c.handle_days, c.max_extension_days),
            (15, 60, 30)
        );
        assert_eq!(
            (
                c.review_window_days,
                c.review_days,
                c.recheck_window_days,
                c.recheck_days
            ),
            (30, 30, 30, 30)
        );
        assert!(!c.working_days);
        assert_eq!(c.due_soon_days, 3);
    }

    #[test]
    fn config_fills_missing_fields_from_defaults() {
        let c: ClockConfig =
            serde_json::from_str(r#"{"handle_days": 90, "working_days": true}"#).unwrap();
        assert_eq!(c.handle_days, 90);
        assert!(c.working_days);
        assert_eq!(c.route_days, 15);
        let round: ClockConfig = serde_json::from_str(&serde_json::to_string(&c).unwrap()).unwrap();
        assert_eq!(round, c);
    }

    #[test]
    fn no_points_no_clocks() {
        assert!(compute_clocks(&[], d(2026, 1, 1), &cfg()).is_empty());
        // A note alone starts nothing.
        let pts = [p(EventKind::Note, d(2026, 1, 1))];
        assert!(compute_clocks(&pts, d(2026, 1, 1), &cfg()).is_empty());
    }

    #[test]
    fn route_clock_running() {
        let pts = [p(EventKind::Registered, d(2026, 3, 2))];
        let clocks = compute_clocks(&pts, d(2026, 3, 12), &cfg());
        assert_eq!(clocks.len(), 1);
        let c = &clocks[0];
        assert_eq!(c.kind, ClockKind::Route);
        assert_eq!(c.started, d(2026, 3, 2));
        assert_eq!(c.due, d(2026, 3, 17));
        assert_eq!(c.stopped, None);
        assert_eq!(c.days_left, 5);
        assert_eq!(c.state, ClockState::Running);
        assert_eq!(c.extended_days, 0);
        assert_eq!(describe(c, Lang::Zh), "还剩 5 天");
        assert_eq!(describe(c, Lang::En), "5 days left");
    }

    #[test]
    fn route_clock_due_today_and_overdue() {
        let pts = [p(EventKind::Registered, d(2026, 3, 2))];
        let today = compute_clocks(&pts, d(2026, 3, 17), &cfg());
        assert_eq!(today[0].state, ClockState::DueToday);
        assert_eq!(today[0].days_left, 0);
        assert_eq!(describe(&today[0], Lang::Zh), "今日到期");
        assert_eq!(describe(&today[0], Lang::En), "due today");
        assert!(!is_overdue(&today));

        let one_day = compute_clocks(&pts, d(2026, 3, 16), &cfg());
        assert_eq!(describe(&one_day[0], Lang::En), "1 day left");
        assert_eq!(describe(&one_day[0], Lang::Zh), "还剩 1 天");

        let late = compute_clocks(&pts, d(2026, 3, 20), &cfg());
        assert_eq!(late[0].state, ClockState::Overdue);
        assert_eq!(late[0].days_left, -3);
        assert_eq!(describe(&late[0], Lang::Zh), "逾期 3 天");
        assert_eq!(describe(&late[0], Lang::En), "3 days overdue");
        assert!(is_overdue(&late));

        let late1 = compute_clocks(&pts, d(2026, 3, 18), &cfg());
        assert_eq!(describe(&late1[0], Lang::En), "1 day overdue");
    }

    fn told(kind: NoticeKind, on: NaiveDate) -> TimelinePoint {
        TimelinePoint {
            notice: Some(kind),
            ..p(EventKind::Notify, on)
        }
    }

    #[test]
    fn route_stops_at_the_first_routing_step_with_its_notice() {
        for (kind, notice) in [
            (EventKind::Accept, NoticeKind::Accept),
            (EventKind::NotAccept, NoticeKind::NotAccept),
            (EventKind::Transfer, NoticeKind::Transfer),
        ] {
            let pts = [
                p(EventKind::Registered, d(2026, 3, 2)),
                p(EventKind::Note, d(2026, 3, 3)),
                p(kind, d(2026, 3, 10)),
                told(notice, d(2026, 3, 10)),
            ];
            let clocks = compute_clocks(&pts, d(2026, 6, 1), &cfg());
            let c = clock(&clocks, ClockKind::Route);
            assert_eq!(c.stopped, Some(d(2026, 3, 10)), "{kind}");
            assert_eq!(c.state, ClockState::Met);
            assert_eq!(c.days_left, 7);
            assert_eq!(describe(c, Lang::Zh), "按期完成");
            assert_eq!(describe(c, Lang::En), "met");
        }
    }

    #[test]
    fn route_stopped_late() {
        let pts = [
            p(EventKind::Registered, d(2026, 3, 2)),
            p(EventKind::Transfer, d(2026, 3, 20)),
            told(NoticeKind::Transfer, d(2026, 3, 20)),
        ];
        let clocks = compute_clocks(&pts, d(2026, 6, 1), &cfg());
        let c = clock(&clocks, ClockKind::Route);
        assert_eq!(c.state, ClockState::Late);
        assert_eq!(c.days_left, -3);
        assert_eq!(describe(c, Lang::Zh), "逾期完成");
        assert_eq!(describe(c, Lang::En), "met late");
        // A stopped clock never makes the case overdue.
        assert!(!is_overdue(&clocks[..1]));
    }

    #[test]
    fn a_decision_without_its_notice_keeps_the_route_clock_running() {
        let decided = [
            p(EventKind::Registered, d(2026, 3, 2)),
            p(EventKind::Accept, d(2026, 3, 5)),
        ];
        let clocks = compute_clocks(&decided, d(2026, 3, 20), &cfg());
        let c = clock(&clocks, ClockKind::Route);
        assert_eq!(c.stopped, None);
        assert!(c.notice_missing);
        assert_eq!(c.state, ClockState::Overdue);
        assert!(is_overdue(&clocks));
        // An extension's notice does not tell of the decision.
        let mut pts = decided.to_vec();
        pts.push(told(NoticeKind::Extension, d(2026, 3, 6)));
        let clocks = compute_clocks(&pts, d(2026, 3, 20), &cfg());
        assert!(clock(&clocks, ClockKind::Route).notice_missing);
        // Told after the due day: met late, on the notice's day.
        let mut pts = decided.to_vec();
        pts.push(told(NoticeKind::Accept, d(2026, 3, 19)));
        let clocks = compute_clocks(&pts, d(2026, 3, 20), &cfg());
        let c = clock(&clocks, ClockKind::Route);
        assert_eq!(
            (c.stopped, c.state),
            (Some(d(2026, 3, 19)), ClockState::Late)
        );
        assert!(!c.notice_missing);
        // Answered without the notice: stopped by the reply, still missing it.
        let mut pts = decided.to_vec();
        pts.push(p(EventKind::Reply, d(2026, 3, 25)));
        let clocks = compute_clocks(&pts, d(2026, 4, 1), &cfg());
        let c = clock(&clocks, ClockKind::Route);
        assert_eq!(
            (c.stopped, c.state),
            (Some(d(2026, 3, 25)), ClockState::Late)
        );
        assert!(c.notice_missing);
        assert!(!is_overdue(&clocks));
        assert_eq!(describe(c, Lang::Zh), "逾期完成（未书面告知）");
        // A merged duplicate is told nothing: merging stops the clock alone.
        let merged = [
            p(EventKind::Registered, d(2026, 3, 2)),
            p(EventKind::Merge, d(2026, 3, 4)),
        ];
        let c = compute_clocks(&merged, d(2026, 3, 20), &cfg());
        assert_eq!(clock(&c, ClockKind::Route).state, ClockState::Met);
    }

    #[test]
    fn stopped_on_the_due_date_is_met() {
        let pts = [
            p(EventKind::Registered, d(2026, 3, 2)),
            p(EventKind::Accept, d(2026, 3, 17)),
            told(NoticeKind::Accept, d(2026, 3, 17)),
        ];
        let clocks = compute_clocks(&pts, d(2026, 3, 18), &cfg());
        let c = clock(&clocks, ClockKind::Route);
        assert_eq!(c.state, ClockState::Met);
        assert_eq!(c.days_left, 0);
    }

    #[test]
    fn handle_clock_starts_at_accept_and_stops_at_reply() {
        let pts = [
            p(EventKind::Registered, d(2026, 1, 5)),
            p(EventKind::Accept, d(2026, 1, 10)),
        ];
        let clocks = compute_clocks(&pts, d(2026, 2, 1), &cfg());
        assert_eq!(clocks.len(), 2);
        let h = clock(&clocks, ClockKind::Handle);
        assert_eq!(h.started, d(2026, 1, 10));
        assert_eq!(h.due, d(2026, 3, 11));
        assert_eq!(h.state, ClockState::Running);
        assert_eq!(h.days_left, 38);

        let mut pts = pts.to_vec();
        pts.push(p(EventKind::Reply, d(2026, 3, 1)));
        let clocks = compute_clocks(&pts, d(2026, 6, 1), &cfg());
        let h = clock(&clocks, ClockKind::Handle);
        assert_eq!(h.stopped, Some(d(2026, 3, 1)));
        assert_eq!(h.state, ClockState::Met);
        assert_eq!(h.days_left, 10);
    }

    #[test]
    fn handle_clock_uses_the_latest_accept() {
        let pts = [
            p(EventKind::Registered, d(2026, 1, 5)),
            p(EventKind::Transfer, d(2026, 1, 6)),
            told(NoticeKind::Transfer, d(2026, 1, 6)),
            p(EventKind::Accept, d(2026, 1, 10)),
            p(EventKind::Accept, d(2026, 2, 1)),
        ];
        let clocks = compute_clocks(&pts, d(2026, 2, 2), &cfg());
        assert_eq!(clock(&clocks, ClockKind::Handle).started, d(2026, 2, 1));
        // The route clock stopped at the transfer, not at an accept.
        assert_eq!(
            clock(&clocks, ClockKind::Route).stopped,
            Some(d(2026, 1, 6))
        );
    }

    #[test]
    fn extension_moves_the_handling_due_date() {
        let pts = [
            p(EventKind::Registered, d(2026, 1, 5)),
            p(EventKind::Accept, d(2026, 1, 10)),
            told(NoticeKind::Accept, d(2026, 1, 11)),
            ext(d(2026, 3, 1), 30),
        ];
        let clocks = compute_clocks(&pts, d(2026, 3, 20), &cfg());
        let h = clock(&clocks, ClockKind::Handle);
        assert_eq!(h.extended_days, 30);
        assert_eq!(h.due, d(2026, 4, 10));
        assert_eq!(h.state, ClockState::Running);
        assert_eq!(h.days_left, 21);
        assert!(!is_overdue(&clocks));

        // Without the extension the same day is overdue.
        let clocks = compute_clocks(&pts[..3], d(2026, 3, 20), &cfg());
        assert!(is_overdue(&clocks));
        assert_eq!(clock(&clocks, ClockKind::Handle).days_left, -9);
    }

    #[test]
    fn extensions_before_the_accept_or_after_the_reply_do_not_count() {
        let pts = [
            p(EventKind::Registered, d(2026, 1, 5)),
            ext(d(2026, 1, 6), 10),
            p(EventKind::Accept, d(2026, 1, 10)),
            ext(d(2026, 1, 20), 5),
            p(EventKind::Reply, d(2026, 2, 1)),
            ext(d(2026, 2, 2), 7),
        ];
        let clocks = compute_clocks(&pts, d(2026, 2, 3), &cfg());
        let h = clock(&clocks, ClockKind::Handle);
        assert_eq!(h.extended_days, 5);
        assert_eq!(h.due, d(2026, 3, 16));
    }

    #[test]
    fn review_window_runs_expires_and_stops() {
        let base = vec![
            p(EventKind::Registered, d(2026, 1, 1)),
            p(EventKind::Accept, d(2026, 1, 2)),
            p(EventKind::Reply, d(2026, 2, 1)),
        ];
        let clocks = compute_clocks(&base, d(2026, 2, 11), &cfg());
        let w = clock(&clocks, ClockKind::ReviewWindow);
        assert_eq!(w.due, d(2026, 3, 3));
        assert_eq!(w.state, ClockState::Running);
        assert_eq!(w.days_left, 20);

        let clocks = compute_clocks(&base, d(2026, 3, 10), &cfg());
        let w = clock(&clocks, ClockKind::ReviewWindow);
        assert_eq!(w.state, ClockState::Expired);
        assert_eq!(w.days_left, -7);
        assert_eq!(describe(w, Lang::Zh), "已过期");
        assert_eq!(describe(w, Lang::En), "expired");
        // An expired window is the petitioner's, not the desk's.
        assert!(!is_overdue(&clocks));
        assert!(due_soon(&clocks, 3).is_empty());

        for (stop, state) in [
            // A request after the window's end keeps saying it was late.
            (EventKind::RequestReview, ClockState::Late),
            // Archiving after it is nobody's lateness.
            (EventKind::Archive, ClockState::Met),
        ] {
            let mut pts = base.clone();
            pts.push(p(stop, d(2026, 3, 20)));
            let clocks = compute_clocks(&pts, d(2026, 4, 1), &cfg());
            let w = clock(&clocks, ClockKind::ReviewWindow);
            assert_eq!(w.stopped, Some(d(2026, 3, 20)));
            assert_eq!(w.state, state, "{stop}");
            assert!(!is_overdue(&clocks));
        }
        let mut pts = base.clone();
        pts.push(p(EventKind::RequestReview, d(2026, 3, 3)));
        let clocks = compute_clocks(&pts, d(2026, 4, 1), &cfg());
        assert_eq!(
            clock(&clocks, ClockKind::ReviewWindow).state,
            ClockState::Met
        );
    }

    #[test]
    fn review_and_recheck_clocks() {
        let pts = [
            p(EventKind::Registered, d(2026, 1, 1)),
            p(EventKind::Accept, d(2026, 1, 2)),
            p(EventKind::Reply, d(2026, 2, 1)),
            p(EventKind::RequestReview, d(2026, 2, 10)),
        ];
        let clocks = compute_clocks(&pts, d(2026, 3, 14), &cfg());
        let r = clock(&clocks, ClockKind::Review);
        assert_eq!(r.due, d(2026, 3, 12));
        assert_eq!(r.state, ClockState::Overdue);
        assert!(is_overdue(&clocks));

        let mut pts = pts.to_vec();
        pts.push(p(EventKind::DecideReview, d(2026, 3, 1)));
        let clocks = compute_clocks(&pts, d(2026, 3, 14), &cfg());
        assert_eq!(clock(&clocks, ClockKind::Review).state, ClockState::Met);
        let w = clock(&clocks, ClockKind::RecheckWindow);
        assert_eq!(w.started, d(2026, 3, 1));
        assert_eq!(w.due, d(2026, 3, 31));
        assert_eq!(w.state, ClockState::Running);

        pts.push(p(EventKind::RequestRecheck, d(2026, 3, 20)));
        let clocks = compute_clocks(&pts, d(2026, 4, 19), &cfg());
        assert_eq!(
            clock(&clocks, ClockKind::RecheckWindow).state,
            ClockState::Met
        );
        let rc = clock(&clocks, ClockKind::Recheck);
        assert_eq!(rc.due, d(2026, 4, 19));
        assert_eq!(rc.state, ClockState::DueToday);
        assert_eq!(due_soon(&clocks, 0).len(), 1);

        pts.push(p(EventKind::DecideRecheck, d(2026, 4, 25)));
        let clocks = compute_clocks(&pts, d(2026, 5, 1), &cfg());
        let rc = clock(&clocks, ClockKind::Recheck);
        assert_eq!(rc.state, ClockState::Late);
        assert_eq!(rc.days_left, -6);
    }

    #[test]
    fn recheck_window_stopped_by_archive() {
        let pts = [
            p(EventKind::Registered, d(2026, 1, 1)),
            p(EventKind::Accept, d(2026, 1, 2)),
            p(EventKind::Reply, d(2026, 2, 1)),
            p(EventKind::RequestReview, d(2026, 2, 10)),
            p(EventKind::DecideReview, d(2026, 3, 1)),
            p(EventKind::Archive, d(2026, 4, 15)),
        ];
        let clocks = compute_clocks(&pts, d(2026, 5, 1), &cfg());
        let w = clock(&clocks, ClockKind::RecheckWindow);
        assert_eq!(w.stopped, Some(d(2026, 4, 15)));
        assert_eq!(w.state, ClockState::Met);
        assert!(clocks.iter().all(|c| c.kind != ClockKind::Recheck));
    }

    #[test]
    fn full_lifecycle_all_six_clocks_in_order() {
        let pts = [
            p(EventKind::Registered, d(2026, 1, 5)),
            p(EventKind::Contact, d(2026, 1, 5)),
            p(EventKind::Transfer, d(2026, 1, 12)),
            told(NoticeKind::Transfer, d(2026, 1, 13)),
            p(EventKind::Accept, d(2026, 1, 15)),
            ext(d(2026, 3, 1), 20),
            p(EventKind::Reply, d(2026, 3, 30)),
            p(EventKind::RequestReview, d(2026, 4, 20)),
            p(EventKind::DecideReview, d(2026, 5, 15)),
            p(EventKind::RequestRecheck, d(2026, 6, 1)),
            p(EventKind::DecideRecheck, d(2026, 6, 28)),
            p(EventKind::Archive, d(2026, 7, 1)),
        ];
        let clocks = compute_clocks(&pts, d(2026, 8, 1), &cfg());
        let kinds: Vec<ClockKind> = clocks.iter().map(|c| c.kind).collect();
        assert_eq!(kinds, ClockKind::ALL[..6].to_vec());
        assert!(clocks.iter().all(|c| c.stopped.is_some()));
        assert!(clocks.iter().all(|c| c.state == ClockState::Met));
        let h = clock(&clocks, ClockKind::Handle);
        // 60 + 20 days from Jan 15.
        assert_eq!(h.due, d(2026, 4, 5));
        assert_eq!(h.extended_days, 20);
        assert!(!is_overdue(&clocks));
        assert!(due_soon(&clocks, 30).is_empty());
    }

    #[test]
    fn working_days_skip_weekends() {
        // 2026-03-06 is a Friday.
        let fri = d(2026, 3, 6);
        assert_eq!(fri.weekday(), Weekday::Fri);
        assert_eq!(add_days(fri, 1, true), d(2026, 3, 9));
        assert_eq!(add_days(fri, 1, false), d(2026, 3, 7));
        assert_eq!(add_days(fri, 5, true), d(2026, 3, 13));
        assert_eq!(add_days(fri, 6, true), d(2026, 3, 16));
        assert_eq!(add_days(fri, 0, true), fri);
        // From a Wednesday: 3 working days crosses the weekend.
        assert_eq!(add_days(d(2026, 3, 4), 3, true), d(2026, 3, 9));
        assert_eq!(add_days(d(2026, 3, 4), 2, true), d(2026, 3, 6));
        // From a Saturday or Sunday, Monday is the first working day.
        assert_eq!(add_days(d(2026, 3, 7), 1, true), d(2026, 3, 9));
        assert_eq!(add_days(d(2026, 3, 8), 1, true), d(2026, 3, 9));
        assert_eq!(add_days(d(2026, 3, 7), 5, true), d(2026, 3, 13));
        assert_eq!(add_days(d(2026, 3, 8), 0, true), d(2026, 3, 8));
        // 15 working days = 3 weeks.
        assert_eq!(add_days(d(2026, 3, 2), 15, true), d(2026, 3, 23));
    }

    #[test]
    fn working_days_agree_with_counting_one_by_one() {
        let start = d(2026, 1, 1);
        for offset in 0..14 {
            let from = start + Days::new(offset);
            for n in 0..40u32 {
                let mut day = from;
                let mut left = n;
                while left > 0 {
                    day = day.succ_opt().unwrap();
                    if !matches!(day.weekday(), Weekday::Sat | Weekday::Sun) {
                        left -= 1;
                    }
                }
                assert_eq!(add_days(from, n, true), day, "{from} + {n}");
                assert_eq!(add_days(from, n, false), from + Days::new(n.into()));
            }
        }
    }

    #[test]
    fn add_days_saturates_instead_of_panicking() {
        assert_eq!(add_days(d(2026, 1, 1), u32::MAX, false), NaiveDate::MAX);
        assert_eq!(add_days(d(2026, 1, 1), u32::MAX, true), NaiveDate::MAX);
    }

    #[test]
    fn working_day_clocks() {
        let c = ClockConfig {
            working_days: true,
            ..ClockConfig::default()
        };
        // Registered Friday 2026-03-06; 15 working days later is Friday 2026-03-27.
        let pts = [p(EventKind::Registered, d(2026, 3, 6))];
        let clocks = compute_clocks(&pts, d(2026, 3, 20), &c);
        assert_eq!(clocks[0].due, d(2026, 3, 27));
        // days_left stays in calendar days: that is what the officer reads.
        assert_eq!(clocks[0].days_left, 7);
    }

    #[test]
    fn due_soon_picks_running_desk_clocks() {
        let pts = [
            p(EventKind::Registered, d(2026, 3, 1)),
            p(EventKind::Accept, d(2026, 3, 2)),
            told(NoticeKind::Accept, d(2026, 3, 2)),
        ];
        // Handle due 2026-05-01.
        let at = |today| compute_clocks(&pts, today, &cfg());
        let clocks = at(d(2026, 4, 27));
        assert!(due_soon(&clocks, 3).is_empty());
        let clocks = at(d(2026, 4, 28));
        let soon = due_soon(&clocks, 3);
        assert_eq!(soon.len(), 1);
        assert_eq!(soon[0].kind, ClockKind::Handle);
        assert_eq!(soon[0].days_left, 3);
        let clocks = at(d(2026, 5, 1));
        assert_eq!(due_soon(&clocks, 3).len(), 1);
        assert_eq!(due_soon(&clocks, 0).len(), 1);
        let clocks = at(d(2026, 6, 1));
        assert_eq!(due_soon(&clocks, 0).len(), 1);
        assert!(is_overdue(&clocks));
        // The stopped route clock never shows up.
        assert!(due_soon(&clocks, 1000)
            .iter()
            .all(|c| c.kind == ClockKind::Handle));

        // A window due tomorrow is not the desk's deadline.
        let pts = [
            p(EventKind::Accept, d(2026, 3, 2)),
            p(EventKind::Reply, d(2026, 3, 10)),
        ];
        let clocks = compute_clocks(&pts, d(2026, 4, 8), &cfg());
        assert_eq!(clock(&clocks, ClockKind::ReviewWindow).days_left, 1);
        assert!(due_soon(&clocks, 3).is_empty());
    }

    fn with_terms(
        kind: EventKind,
        on: NaiveDate,
        from: NaiveDate,
        due: NaiveDate,
        report_due: bool,
    ) -> TimelinePoint {
        TimelinePoint {
            terms: Some(Terms {
                from,
                due,
                report_due,
            }),
            ..p(kind, on)
        }
    }

    #[test]
    fn upper_deadline_runs_from_receipt_until_the_report_back() {
        let reg = with_terms(
            EventKind::Registered,
            d(2026, 10, 3),
            d(2026, 10, 1),
            d(2026, 11, 30),
            true,
        );
        let mut pts = vec![
            reg,
            p(EventKind::Accept, d(2026, 10, 5)),
            p(EventKind::Reply, d(2026, 11, 20)),
        ];
        let clocks = compute_clocks(&pts, d(2026, 11, 28), &cfg());
        let u = clock(&clocks, ClockKind::Upper);
        assert_eq!((u.started, u.due), (d(2026, 10, 1), d(2026, 11, 30)));
        // The reply alone does not stop it: the office above waits for the report.
        assert_eq!(u.state, ClockState::Running);
        assert_eq!(u.days_left, 2);
        assert_eq!(due_soon(&clocks, 3).len(), 1);
        let late = compute_clocks(&pts, d(2026, 12, 2), &cfg());
        assert_eq!(clock(&late, ClockKind::Upper).state, ClockState::Overdue);
        assert!(is_overdue(&late));

        pts.push(p(EventKind::ReportBack, d(2026, 11, 30)));
        let clocks = compute_clocks(&pts, d(2026, 12, 20), &cfg());
        let u = clock(&clocks, ClockKind::Upper);
        assert_eq!(u.stopped, Some(d(2026, 11, 30)));
        assert_eq!(u.state, ClockState::Met, "reported on its due day");
        pts.pop();
        pts.push(p(EventKind::ReportBack, d(2026, 12, 1)));
        let clocks = compute_clocks(&pts, d(2026, 12, 20), &cfg());
        assert_eq!(clock(&clocks, ClockKind::Upper).state, ClockState::Late);
    }

    #[test]
    fn upper_deadline_without_a_report_stops_at_the_answer() {
        let reg = with_terms(
            EventKind::Registered,
            d(2026, 10, 1),
            d(2026, 10, 1),
            d(2026, 11, 30),
            false,
        );
        let pts = [reg, p(EventKind::NotAccept, d(2026, 10, 9))];
        let clocks = compute_clocks(&pts, d(2026, 12, 20), &cfg());
        let u = clock(&clocks, ClockKind::Upper);
        assert_eq!(u.stopped, Some(d(2026, 10, 9)));
        assert_eq!(u.state, ClockState::Met);
        // A matter received here has no upper clock.
        let clocks = compute_clocks(
            &[p(EventKind::Registered, d(2026, 10, 1))],
            d(2026, 10, 2),
            &cfg(),
        );
        assert!(clocks.iter().all(|c| c.kind != ClockKind::Upper));
    }

    #[test]
    fn assign_down_deadline_stops_at_the_answer_or_an_objection() {
        let give = |on| with_terms(EventKind::AssignDown, on, on, d(2026, 12, 31), true);
        let pts = [
            p(EventKind::Registered, d(2026, 11, 2)),
            give(d(2026, 11, 3)),
            p(EventKind::Objection, d(2026, 11, 6)),
        ];
        let clocks = compute_clocks(&pts, d(2026, 11, 7), &cfg());
        let a = clock(&clocks, ClockKind::AssignedDown);
        assert_eq!(a.started, d(2026, 11, 3));
        assert_eq!(a.stopped, Some(d(2026, 11, 6)));
        assert_eq!(a.state, ClockState::Met);

        let pts = [
            p(EventKind::Registered, d(2026, 11, 2)),
            give(d(2026, 11, 3)),
            p(EventKind::Accept, d(2026, 11, 4)),
        ];
        let clocks = compute_clocks(&pts, d(2027, 1, 2), &cfg());
        assert_eq!(
            clock(&clocks, ClockKind::AssignedDown).state,
            ClockState::Overdue
        );
        assert!(is_overdue(&clocks));
    }

    #[test]
    fn clocks_serialize_with_codes() {
        let pts = [p(EventKind::Registered, d(2026, 3, 2))];
        let clocks = compute_clocks(&pts, d(2026, 3, 17), &cfg());
        let json = serde_json::to_value(&clocks[0]).unwrap();
        assert_eq!(json["kind"], "route");
        assert_eq!(json["state"], "due_today");
        assert_eq!(json["due"], "2026-03-17");
        assert_eq!(json["stopped"], serde_json::Value::Null);
    }
}

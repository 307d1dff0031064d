//! 每半月排查: when rounds fall due, which are late, which items a collective visit
//! may be about, and the register's counts. The work plans hold the office to
//! account when a collective visit was not foreseen in a round.

use super::{RoundDue, RoundState, ScopeKind, ScreeningItem, ScreeningMatch};
use chrono::{Datelike, Months, NaiveDate};
use serde::Serialize;

fn on_day(year: i32, month: u32, day: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, month, day)
}

/// The due date of the round running on `d`: the latest due day on or before it.
pub fn current_due(days: &[u32], d: NaiveDate) -> NaiveDate {
    if let Some(day) = days.iter().rev().find(|day| **day <= d.day()) {
        return on_day(d.year(), d.month(), *day).unwrap_or(d);
    }
    let prev = d.checked_sub_months(Months::new(1)).unwrap_or(d);
    let last = days.last().copied().unwrap_or(1);
    on_day(prev.year(), prev.month(), last).unwrap_or(d)
}

/// The due date before `due`.
pub fn previous_due(days: &[u32], due: NaiveDate) -> NaiveDate {
    current_due(days, due.pred_opt().unwrap_or(due))
}

/// The next due date after `due`.
pub fn next_due(days: &[u32], due: NaiveDate) -> NaiveDate {
    if let Some(day) = days.iter().find(|day| **day > due.day()) {
        return on_day(due.year(), due.month(), *day).unwrap_or(due);
    }
    let next = due.checked_add_months(Months::new(1)).unwrap_or(due);
    on_day(
        next.year(),
        next.month(),
        days.first().copied().unwrap_or(1),
    )
    .unwrap_or(due)
}

/// Whether `d` is one of the due days.
pub fn is_due_day(days: &[u32], d: NaiveDate) -> bool {
    days.contains(&d.day())
}

/// Every due date from `from` to `to`, inclusive, oldest first.
pub fn due_dates_between(days: &[u32], from: NaiveDate, to: NaiveDate) -> Vec<NaiveDate> {
    let mut out = Vec::new();
    let mut d = current_due(days, from);
    if d < from {
        d = next_due(days, d);
    }
    while d <= to && out.len() < 1000 {
        out.push(d);
        d = next_due(days, d);
    }
    out
}

/// The first day a collective visit's screening is looked for: the start of the
/// round before the current one ("the last two rounds").
pub fn window_start(days: &[u32], today: NaiveDate) -> NaiveDate {
    previous_due(days, current_due(days, today))
}

/// Where the round of `scope` due on `due` stands today.
pub fn round_state(
    due: NaiveDate,
    reported: bool,
    today: NaiveDate,
    grace_days: i64,
) -> RoundState {
    if reported {
        RoundState::Done
    } else if (today - due).num_days() > grace_days.max(0) {
        RoundState::Late
    } else {
        RoundState::Due
    }
}

/// The rounds the list expects for the current and the previous due date, with
/// where each stands; `reported` holds the rounds on record.
pub fn rounds_expected(
    days: &[u32],
    scopes: &[(ScopeKind, String)],
    reported: &[(ScopeKind, String, NaiveDate)],
    today: NaiveDate,
    grace_days: i64,
) -> Vec<RoundDue> {
    let current = current_due(days, today);
    let mut out = Vec::new();
    for due in [previous_due(days, current), current] {
        for (kind, scope) in scopes {
            let done = reported
                .iter()
                .any(|(k, s, d)| k == kind && s == scope && *d == due);
            out.push(RoundDue {
                scope_kind: *kind,
                scope: scope.clone(),
                due_on: due.to_string(),
                state: round_state(due, done, today, grace_days),
            });
        }
    }
    out
}

/// Whether an item's area and a visit's area name the same place: one contains the
/// other (城关镇 and 城关镇幸福村), ignoring spaces.
pub fn area_matches(item_area: &str, visit_area: &str) -> bool {
    let norm = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let (a, b) = (norm(item_area), norm(visit_area));
    !a.is_empty() && !b.is_empty() && (a.contains(&b) || b.contains(&a))
}

/// The items of recent rounds a visit may be about: those naming the person, or of
/// the visit's area.
pub fn matching_items(
    items: &[ScreeningItem],
    petitioner_id: i64,
    visit_areas: &[&str],
) -> Vec<ScreeningMatch> {
    items
        .iter()
        .filter(|i| {
            i.people.iter().any(|p| p.petitioner_id == petitioner_id)
                || visit_areas.iter().any(|a| area_matches(&i.area, a))
        })
        .map(|i| ScreeningMatch {
            item_id: i.id,
            due_on: i.due_on.clone(),
            area: i.area.clone(),
            factor: i.factor.clone(),
        })
        .collect()
}

/// Whether an item is still being resolved past its deadline.
pub fn item_overdue(item: &ScreeningItem, today: NaiveDate) -> bool {
    item.state == super::ItemState::Resolving
        && NaiveDate::parse_from_str(&item.deadline, "%Y-%m-%d").is_ok_and(|d| d < today)
}

/// The register's counts for a period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct ScreeningCounts {
    pub rounds_due: u32,
    pub rounds_done: u32,
    pub zero_reports: u32,
    pub items_found: u32,
    pub items_resolved: u32,
    pub items_reported: u32,
    pub unscreened_collective: u32,
    /// Unscreened collective visits by area, most first.
    pub unscreened_by_area: Vec<AreaCount>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AreaCount {
    pub area: String,
    pub visits: u32,
}

/// Counts over the expected rounds, the items found, and the areas of the
/// unscreened collective visits (one entry per visit; empty: area unknown).
pub fn screening_counts(
    expected: &[RoundDue],
    zero_reports: u32,
    items: &[ScreeningItem],
    unscreened_areas: &[String],
) -> ScreeningCounts {
    let mut by_area: Vec<AreaCount> = Vec::new();
    for area in unscreened_areas {
        match by_area.iter_mut().find(|a| &a.area == area) {
            Some(a) => a.visits += 1,
            None => by_area.push(AreaCount {
                area: area.clone(),
                visits: 1,
            }),
        }
    }
    by_area.sort_by(|a, b| b.visits.cmp(&a.visits).then_with(|| a.area.cmp(&b.area)));
    let count = |state| items.iter().filter(|i| i.state == state).count() as u32;
    ScreeningCounts {
        rounds_due: expected.len() as u32,
        rounds_done: expected
            .iter()
            .filter(|r| r.state == RoundState::Done)
            .count() as u32,
        zero_reports,
        items_found: items.len() as u32,
        items_resolved: count(super::ItemState::Resolved),
        items_reported: count(super::ItemState::Reported),
        unscreened_collective: unscreened_areas.len() as u32,
        unscreened_by_area: by_area,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    const DAYS: &[u32] = &[1, 16];

    #[test]
    fn rounds_fall_due_on_the_first_and_the_sixteenth() {
        assert_eq!(current_due(DAYS, d("2026-11-28")), d("2026-11-16"));
        assert_eq!(current_due(DAYS, d("2026-11-16")), d("2026-11-16"));
        assert_eq!(current_due(DAYS, d("2026-11-15")), d("2026-11-01"));
        assert_eq!(previous_due(DAYS, d("2026-11-01")), d("2026-10-16"));
        assert_eq!(next_due(DAYS, d("2026-12-16")), d("2027-01-01"));
        assert_eq!(window_start(DAYS, d("2026-11-28")), d("2026-11-01"));
        assert_eq!(
            due_dates_between(DAYS, d("2026-10-02"), d("2026-11-30")),
            vec![d("2026-10-16"), d("2026-11-01"), d("2026-11-16")]
        );
        assert_eq!(current_due(&[10], d("2026-03-05")), d("2026-02-10"));
    }

    #[test]
    fn a_round_not_reported_after_its_due_day_is_late() {
        assert_eq!(
            round_state(d("2026-11-16"), false, d("2026-11-16"), 0),
            RoundState::Due
        );
        assert_eq!(
            round_state(d("2026-11-16"), false, d("2026-11-17"), 0),
            RoundState::Late
        );
        assert_eq!(
            round_state(d("2026-11-16"), false, d("2026-11-17"), 2),
            RoundState::Due
        );
        assert_eq!(
            round_state(d("2026-11-16"), true, d("2026-12-17"), 0),
            RoundState::Done
        );
        let scopes = vec![(ScopeKind::Area, "城关镇".to_string())];
        let reported = vec![(ScopeKind::Area, "城关镇".to_string(), d("2026-11-16"))];
        let rounds = rounds_expected(DAYS, &scopes, &reported, d("2026-11-28"), 0);
        assert_eq!(rounds.len(), 2);
        assert_eq!(rounds[0].state, RoundState::Late);
        assert_eq!(rounds[1].state, RoundState::Done);
    }

    #[test]
    fn areas_match_when_one_contains_the_other() {
        assert!(area_matches("城关镇", "城关镇幸福村"));
        assert!(area_matches("城关镇 幸福村", "幸福村"));
        assert!(!area_matches("城关镇", "河西乡"));
        assert!(!area_matches("", "河西乡"));
    }
}

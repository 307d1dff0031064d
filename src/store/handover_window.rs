//! Which stretch of time a handover covers, read the same way by every backend:
//! without `--since`, the officer's open shift (else the one that started last);
//! with it, the given window and the shift that overlaps it.

use crate::domain::CaseStatus;
use crate::store::error::{Result, StoreError};
use crate::store::records::Shift;
use crate::time::{parse_instant, stamp};
use chrono::{DateTime, Days, FixedOffset, NaiveDate, TimeZone};
use std::collections::BTreeSet;

type Instant = DateTime<FixedOffset>;

/// The window `[since, until]` and its shift. `last` is the officer's open shift,
/// else the latest; `all` reads every shift of theirs, newest first, and is only
/// called when `since` is given.
pub(crate) fn choose(
    now: Instant,
    since: Option<Instant>,
    until: Option<Instant>,
    last: impl FnOnce() -> Result<Option<Shift>>,
    all: impl FnOnce() -> Result<Vec<Shift>>,
) -> Result<(Instant, Instant, Option<Shift>)> {
    let at = |s: &str| parse_instant(s);
    let (since, until, shift) = match since {
        None => match last()? {
            Some(shift) => {
                let start = at(&shift.started_at).unwrap_or(now);
                let end = until
                    .or_else(|| shift.ended_at.as_deref().and_then(at))
                    .unwrap_or(now);
                (start, end, Some(shift))
            }
            None => (midnight(now), until.unwrap_or(now), None),
        },
        Some(since) => {
            let until = until.unwrap_or(now);
            let shift = all()?.into_iter().find(|s| {
                let started = at(&s.started_at);
                let ended = s.ended_at.as_deref().and_then(at);
                started.is_some_and(|t| t <= until) && ended.is_none_or(|t| t >= since)
            });
            (since, until, shift)
        }
    };
    if since > until {
        return Err(StoreError::Invalid(format!(
            "the window starts ({}) after it ends ({}); check --since and --until",
            stamp(since),
            stamp(until)
        )));
    }
    Ok((since, until, shift))
}

/// `day` moved by `offset` days, as the text stamps start with: stamps carry their
/// own offsets, so SQL bounds are whole dates with a day to spare on each side.
pub(crate) fn day_text(day: NaiveDate, offset: i64) -> String {
    let moved = if offset >= 0 {
        day.checked_add_days(Days::new(offset as u64))
    } else {
        day.checked_sub_days(Days::new(offset.unsigned_abs()))
    };
    moved.unwrap_or(day).to_string()
}

/// The day bounds a backend reads the cases to replay by (DESIGN.md 1.6), as the
/// text its columns hold.
pub(crate) struct CaseBounds {
    /// `cases.due_on` up to this day: a running clock that falls due by the end of
    /// the window's last day plus `due_soon_days`, the only ones a summary lists.
    pub due_by: String,
    /// `cases.updated_at` from this day: a superset of the cases changed after the
    /// window's end ([`CaseBounds::replayed`] keeps those exactly).
    pub changed_from: String,
}

impl CaseBounds {
    pub(crate) fn new(until: Instant, due_soon_days: u32) -> CaseBounds {
        CaseBounds {
            due_by: day_text(until.date_naive(), i64::from(due_soon_days)),
            changed_from: day_text(until.date_naive(), -1),
        }
    }

    /// The closed statuses as an SQL list (`'final', …`): a closed case lists no
    /// clock, and one unchanged since the window's end was closed then too (its
    /// stored status is its timeline's, as `verify` checks).
    pub(crate) fn closed_statuses() -> String {
        CaseStatus::ALL
            .iter()
            .filter(|s| !s.is_open())
            .map(|s| format!("'{}'", s.code()))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The cases to replay, in id order: those due by `due_by`, those the officer
    /// registered around the window (`new`), those of the window's contacts
    /// (`also`), and those changed after `until` (`changed`: id and `updated_at`).
    ///
    /// Any other case is at `until` as it is now (`updated_at` moves with every
    /// event), and closed or with its running clocks falling due after `due_by`
    /// (`due_on` is the earliest, kept with every event): it shows in no list.
    /// So `due` may leave out the closed ones.
    pub(crate) fn replayed(
        until: Instant,
        due: impl IntoIterator<Item = i64>,
        new: impl IntoIterator<Item = i64>,
        changed: impl IntoIterator<Item = (i64, String)>,
        also: &BTreeSet<i64>,
    ) -> Vec<i64> {
        let mut ids: BTreeSet<i64> = also.clone();
        ids.extend(due);
        ids.extend(new);
        // A stamp that cannot be read counts as changed: replaying is never wrong.
        ids.extend(
            changed
                .into_iter()
                .filter(|(_, at)| parse_instant(at).is_none_or(|t| t > until))
                .map(|(id, _)| id),
        );
        ids.into_iter().collect()
    }
}

fn midnight(now: Instant) -> Instant {
    now.date_naive()
        .and_hms_opt(0, 0, 0)
        .and_then(|t| now.offset().from_local_datetime(&t).single())
        .unwrap_or(now)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> Instant {
        parse_instant(s).unwrap()
    }

    #[test]
    fn the_bounds_are_the_due_days_and_the_day_before_the_end() {
        let b = CaseBounds::new(at("2026-11-30T15:00:00+08:00"), 3);
        assert_eq!(b.due_by, "2026-12-03");
        assert_eq!(b.changed_from, "2026-11-29");
    }

    #[test]
    fn closed_statuses_are_the_ones_that_are_not_open() {
        assert_eq!(
            CaseBounds::closed_statuses(),
            "'not_accepted', 'final', 'archived'"
        );
    }

    #[test]
    fn only_cases_changed_after_the_end_are_added_to_the_due_ones() {
        let until = at("2026-11-30T15:00:00+08:00");
        let changed = [
            (1, "2026-11-30T14:59:59+08:00".to_string()),
            (2, "2026-11-30T15:00:00+08:00".to_string()),
            (3, "2026-11-30T15:00:01+08:00".to_string()),
            // The same instant as 15:00 in Beijing, then a second after it.
            (4, "2026-11-30T07:00:00+00:00".to_string()),
            (5, "2026-11-30T07:00:01+00:00".to_string()),
            (6, "not a stamp".to_string()),
        ];
        let also = BTreeSet::from([9, 1]);
        let ids = CaseBounds::replayed(until, [8, 3], [7], changed, &also);
        assert_eq!(ids, vec![1, 3, 5, 6, 7, 8, 9]);
    }
}

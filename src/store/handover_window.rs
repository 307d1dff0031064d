//! Which stretch of time a handover covers, read the same way by every backend:
//! without `--since`, the officer's open shift (else the one that started last);
//! with it, the given window and the shift that overlaps it.

use crate::store::error::{Result, StoreError};
use crate::store::records::Shift;
use crate::time::{parse_instant, stamp};
use chrono::{DateTime, Days, FixedOffset, NaiveDate, TimeZone};

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

fn midnight(now: Instant) -> Instant {
    now.date_naive()
        .and_hms_opt(0, 0, 0)
        .and_then(|t| now.offset().from_local_datetime(&t).single())
        .unwrap_or(now)
}

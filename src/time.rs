//! Where "now" comes from. The domain never asks the system clock; the store and the
//! screen ask a [`TimeSource`], which tests and scripted demos pin with `JIEDAI_NOW`.

use chrono::{DateTime, FixedOffset, NaiveDate, SecondsFormat, TimeZone, Utc};
use std::sync::atomic::{AtomicI32, Ordering};

/// China Standard Time: every petition office keeps it, whatever zone the host's
/// clock is set to (servers and containers often run on UTC).
pub const CHINA_OFFSET_SECS: i32 = 8 * 3600;

static OFFICE_OFFSET_SECS: AtomicI32 = AtomicI32::new(CHINA_OFFSET_SECS);

/// The office's UTC offset: the one in which days begin and end (queue numbers,
/// clocks due today, handover windows) and in which instants are stored. +08:00
/// unless the config's `utc_offset` says otherwise.
pub fn office_offset() -> FixedOffset {
    FixedOffset::east_opt(OFFICE_OFFSET_SECS.load(Ordering::Relaxed))
        .unwrap_or_else(|| FixedOffset::east_opt(CHINA_OFFSET_SECS).expect("valid offset"))
}

/// Sets the office's offset for this process (from the config, at start-up).
pub fn set_office_offset(offset: FixedOffset) {
    OFFICE_OFFSET_SECS.store(offset.local_minus_utc(), Ordering::Relaxed);
}

/// Reads an offset such as `+08:00`, `-05:00` or `Z`.
pub fn parse_offset(s: &str) -> Option<FixedOffset> {
    let s = s.trim();
    if s.eq_ignore_ascii_case("z") || s.eq_ignore_ascii_case("utc") {
        return FixedOffset::east_opt(0);
    }
    DateTime::parse_from_rfc3339(&format!("2000-01-01T00:00:00{s}"))
        .ok()
        .map(|t| *t.offset())
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TimeSource {
    System,
    Fixed(DateTime<FixedOffset>),
}

impl TimeSource {
    /// `JIEDAI_NOW` (RFC 3339, e.g. `2026-11-28T09:30:00+08:00`) pins the clock.
    pub fn from_env() -> Result<TimeSource, String> {
        match std::env::var("JIEDAI_NOW") {
            Ok(v) if !v.trim().is_empty() => parse_instant(v.trim())
                .map(TimeSource::Fixed)
                .ok_or_else(|| {
                    format!(
                        "JIEDAI_NOW={v} is not an RFC 3339 time such as 2026-11-28T09:30:00+08:00"
                    )
                }),
            _ => Ok(TimeSource::System),
        }
    }

    /// Now, in the office's offset: a `JIEDAI_NOW` written in another offset names
    /// the same instant, but the office's day is the one that counts.
    pub fn now(&self) -> DateTime<FixedOffset> {
        let office = office_offset();
        match self {
            TimeSource::System => Utc::now().with_timezone(&office),
            TimeSource::Fixed(t) => t.with_timezone(&office),
        }
    }

    pub fn today(&self) -> NaiveDate {
        self.now().date_naive()
    }
}

/// The one textual form of an instant in the database and in JSON.
pub fn stamp(t: DateTime<FixedOffset>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, false)
}

/// Reads a stored or typed instant: RFC 3339, or `YYYY-MM-DD[ HH:MM[:SS]]` on the
/// office's clock.
pub fn parse_instant(s: &str) -> Option<DateTime<FixedOffset>> {
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(t);
    }
    let local = |naive: chrono::NaiveDateTime| office_offset().from_local_datetime(&naive).single();
    for fmt in [
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M",
    ] {
        if let Ok(n) = chrono::NaiveDateTime::parse_from_str(s, fmt) {
            return local(n);
        }
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .ok()
        .and_then(|d| local(d.and_hms_opt(0, 0, 0)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stamps_round_trip() {
        let t = parse_instant("2026-11-28T09:30:00+08:00").unwrap();
        assert_eq!(stamp(t), "2026-11-28T09:30:00+08:00");
        assert_eq!(parse_instant(&stamp(t)), Some(t));
    }

    #[test]
    fn offsets_parse() {
        assert_eq!(parse_offset("+08:00").unwrap().local_minus_utc(), 8 * 3600);
        assert_eq!(parse_offset("-05:00").unwrap().local_minus_utc(), -5 * 3600);
        assert_eq!(parse_offset("Z").unwrap().local_minus_utc(), 0);
        assert!(parse_offset("+25:00").is_none());
        assert!(parse_offset("beijing").is_none());
    }

    #[test]
    fn local_forms_parse() {
        assert!(parse_instant("2026-11-28 09:30").is_some());
        assert!(parse_instant("2026-11-28").is_some());
        assert!(parse_instant("yesterday").is_none());
    }
}

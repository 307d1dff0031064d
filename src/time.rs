//! Where "now" comes from. The domain never asks the system clock; the store and the
//! screen ask a [`TimeSource`], which tests and scripted demos pin with `JIEDAI_NOW`.

use chrono::{DateTime, FixedOffset, Local, NaiveDate, SecondsFormat};

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

    pub fn now(&self) -> DateTime<FixedOffset> {
        match self {
            TimeSource::System => Local::now().fixed_offset(),
            TimeSource::Fixed(t) => *t,
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

/// Reads a stored or typed instant: RFC 3339, or a local `YYYY-MM-DD[ HH:MM[:SS]]`.
pub fn parse_instant(s: &str) -> Option<DateTime<FixedOffset>> {
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(t);
    }
    let local = |naive: chrono::NaiveDateTime| {
        naive
            .and_local_timezone(Local)
            .earliest()
            .map(|t| t.fixed_offset())
    };
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
    fn local_forms_parse() {
        assert!(parse_instant("2026-11-28 09:30").is_some());
        assert!(parse_instant("2026-11-28").is_some());
        assert!(parse_instant("yesterday").is_none());
    }
}

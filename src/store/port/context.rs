//! The rules an office tunes and the moment an operation happens at: what every
//! book and unit of work is given besides its arguments.

use crate::domain::clocks::ClockConfig;
use crate::domain::flags::FlagConfig;
use chrono::{DateTime, FixedOffset, NaiveDate};

/// Rules that an office may tune (clocks, flag thresholds, the yearly targets).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Rules {
    pub clocks: ClockConfig,
    pub flags: FlagConfig,
    pub risk: crate::domain::risk::RiskConfig,
    pub targets: crate::domain::figures::Targets,
    /// 满意度评价: the rating window (`[ratings]`).
    pub ratings: crate::domain::ratings::RatingConfig,
}

/// What an operation needs besides its arguments: when it happens, and the
/// office's rules. The service makes one per call from its clock, so a backend
/// never reads the wall clock itself (bulk jobs replay the past).
#[derive(Debug, Clone)]
pub struct Ctx {
    pub now: DateTime<FixedOffset>,
    pub rules: Rules,
}

impl Ctx {
    pub fn today(&self) -> NaiveDate {
        self.now.date_naive()
    }

    /// The instant as the record writes it.
    pub fn stamp(&self) -> String {
        crate::time::stamp(self.now)
    }
}

//! A legal clock in words.

use super::Label;
use crate::domain::clocks::Clock;
use crate::domain::{ClockState, Lang};

/// A short phrase for the screen: "还剩 5 天", "5 days left", "逾期 3 天" …
pub fn describe(clock: &Clock, lang: Lang) -> String {
    let n = clock.days_left.unsigned_abs();
    let plural = if n == 1 { "" } else { "s" };
    match (clock.state, lang) {
        (ClockState::Running, Lang::Zh) => format!("还剩 {n} 天"),
        (ClockState::Running, Lang::En) => format!("{n} day{plural} left"),
        (ClockState::Overdue, Lang::Zh) => format!("逾期 {n} 天"),
        (ClockState::Overdue, Lang::En) => format!("{n} day{plural} overdue"),
        (ClockState::DueToday, _)
        | (ClockState::Met, _)
        | (ClockState::Late, _)
        | (ClockState::Expired, _) => clock.state.label(lang).to_string(),
    }
}

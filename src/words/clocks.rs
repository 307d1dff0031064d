//! A legal clock in words.

use super::Label;
use crate::domain::clocks::Clock;
use crate::domain::{ClockState, Lang};

/// A short phrase for the screen: "还剩 5 天", "5 days left", "逾期 3 天" …
/// A route clock whose decision still waits for its written notice says so.
pub fn describe(clock: &Clock, lang: Lang) -> String {
    let said = match clock.state {
        ClockState::Running | ClockState::Overdue => days_left(clock.days_left, lang),
        ClockState::DueToday | ClockState::Met | ClockState::Late | ClockState::Expired => {
            clock.state.label(lang).to_string()
        }
    };
    if !clock.notice_missing {
        return said;
    }
    let missing = super::notices::notice_missing(lang);
    match lang {
        Lang::Zh => format!("{said}（{missing}）"),
        Lang::En => format!("{said} ({missing})"),
    }
}

/// Days to a deadline: left, due today, or overdue.
pub fn days_left(days_left: i64, lang: Lang) -> String {
    let n = days_left.unsigned_abs();
    let s = if n == 1 { "" } else { "s" };
    match (days_left.signum(), lang) {
        (1, Lang::Zh) => format!("还剩 {n} 天"),
        (1, Lang::En) => format!("{n} day{s} left"),
        (0, _) => ClockState::DueToday.label(lang).to_string(),
        (_, Lang::Zh) => format!("逾期 {n} 天"),
        (_, Lang::En) => format!("{n} day{s} overdue"),
    }
}

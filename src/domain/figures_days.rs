//! The office's figures as sums over days, so that a store can keep them by day
//! (the SQLite file's figure sums, DESIGN 1.6b) instead of counting a million
//! matters for each period. Pure.
//!
//! Every matter figure of [`figures_listed`] counts a matter when some day of
//! it falls in the period, with a numerator mark that does not depend on the
//! period (closed by its deadline, reported back by the upper deadline, …). So
//! each matter is a few *parts* — (slot, first day, last day, amount) — and a
//! figure over a period is the sum of the parts whose two days both fall in it.
//! A part has two days only for 初信初访办结率's "due in the period or closed in
//! it": `[h∈P] + [c∈P] − [h∈P ∧ c∈P]`, the last term counted by the pair of
//! days. The tests below hold [`matter_parts`] to [`figures_listed`] on random
//! matters and periods: the rules stay written once, there.

use super::figures::{
    closed_by_deadline, counted, long_standing_resolved, reported_back_by, settled, visit_volume,
    ContactFacts, Figure, LongStanding, MatterFacts, Period, RepeatRateBasis, Target, Targets,
    Volume,
};
use chrono::NaiveDate;

/// What a part adds to: a figure's denominator or numerator, or the bars' new
/// matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    InitialDenominator,
    InitialNumerator,
    UpperDenominator,
    UpperNumerator,
    OnTimeDenominator,
    OnTimeNumerator,
    SettledDenominator,
    SettledNumerator,
    RepeatDenominator,
    RepeatNumerator,
    RatedDenominator,
    RatedNumerator,
    SatisfiedDenominator,
    SatisfiedNumerator,
    DissatisfiedDenominator,
    DissatisfiedNumerator,
    /// A matter registered that day (the charts' 新增事项).
    NewMatters,
}

impl Slot {
    pub const COUNT: usize = 17;

    pub fn index(self) -> usize {
        self as usize
    }
}

/// A matter's parts in the figures: `emit(slot, first, last, amount)`, counted in
/// a period that holds both days. A merged duplicate has none.
pub fn matter_parts(m: &MatterFacts, emit: &mut impl FnMut(Slot, NaiveDate, NaiveDate, i64)) {
    if m.merged {
        return;
    }
    let mut part = |slot: Slot, first: NaiveDate, last: NaiveDate, amount: i64| {
        if amount != 0 {
            emit(slot, first, last, amount);
        }
    };
    // A part of one day, counted or not.
    macro_rules! one {
        ($slot:expr, $on:expr, $counted:expr $(,)?) => {{
            let on = $on;
            part($slot, on, on, i64::from($counted))
        }};
    }
    use Slot::*;
    if m.initial && !m.source.from_above() {
        let closed = closed_by_deadline(m);
        let days = [m.handle_due, m.closed_on];
        for d in days.into_iter().flatten() {
            one!(InitialDenominator, d, true);
            one!(InitialNumerator, d, closed);
        }
        // Due and closed both in the period: counted once.
        if let [Some(h), Some(c)] = days {
            let (first, last) = (h.min(c), h.max(c));
            part(InitialDenominator, first, last, -1);
            if closed {
                part(InitialNumerator, first, last, -1);
            }
        }
    }
    if m.source.from_above() {
        if let Some(due) = m.upper_due {
            one!(UpperDenominator, due, true);
            one!(UpperNumerator, due, reported_back_by(m, due));
        }
    }
    if let Some(c) = m.closed_on {
        one!(OnTimeDenominator, c, true);
        one!(OnTimeNumerator, c, closed_by_deadline(m));
    }
    if let (Some(_), Some(ends)) = (m.replied_on, m.review_window_ends) {
        one!(SettledDenominator, ends, true);
        one!(SettledNumerator, ends, settled(m));
    }
    one!(RepeatDenominator, m.registered_on, true);
    one!(
        RepeatNumerator,
        m.registered_on,
        m.contacts_after_registration > 0,
    );
    one!(NewMatters, m.registered_on, true);
    for w in &m.rated {
        match w.rating() {
            Some((result, on)) => {
                one!(RatedDenominator, on, true);
                one!(RatedNumerator, on, true);
                one!(SatisfiedDenominator, on, true);
                one!(SatisfiedNumerator, on, result.satisfied());
                one!(DissatisfiedDenominator, on, true);
                one!(DissatisfiedNumerator, on, !result.satisfied());
            }
            None => {
                if let Some(on) = w.lapsed_on() {
                    one!(RatedDenominator, on, true);
                    one!(SatisfiedDenominator, on, w.deemed_satisfied);
                    one!(SatisfiedNumerator, on, w.deemed_satisfied);
                }
            }
        }
    }
}

/// What the figures of one period add up to: the matter parts by slot and the
/// period's contacts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FigureSums {
    pub slots: [i64; Slot::COUNT],
    pub volume: Volume,
    /// Contacts of the period, and the repeats among them (重信重访率 by contacts).
    pub contacts: u64,
    pub repeat_contacts: u64,
}

impl FigureSums {
    /// Adds one contact of the period.
    pub fn add_contact(&mut self, c: &ContactFacts) {
        let people = u64::from(c.headcount);
        self.add_contacts(c.visit, c.collective, c.repeat, 1, people);
    }

    /// Adds `batches` contacts alike, of `people` in all (a day's, summed).
    pub fn add_contacts(
        &mut self,
        visit: bool,
        collective: bool,
        repeat: bool,
        batches: u64,
        people: u64,
    ) {
        let v = &mut self.volume;
        if visit {
            v.visit_batches += batches;
            v.visit_people += people;
            if collective {
                v.collective_batches += batches;
                v.collective_people += people;
            }
        } else {
            v.other_contacts += batches;
        }
        self.contacts += batches;
        if repeat {
            self.repeat_contacts += batches;
        }
    }

    fn get(&self, slot: Slot) -> u64 {
        u64::try_from(self.slots[slot.index()]).unwrap_or(0)
    }
}

/// Every figure of `period` from its sums, as [`figures_listed`] gives them
/// without lists.
pub fn figures_from_sums(
    period: Period,
    sums: &FigureSums,
    roster: &[LongStanding],
    targets: &Targets,
) -> Vec<Figure> {
    use Slot::*;
    let rate = |name, target, scale, n: Slot, d: Slot| {
        counted(name, target, scale, sums.get(n), sums.get(d))
    };
    let (repeat_n, repeat_d) = match targets.repeat_rate_basis {
        RepeatRateBasis::NewMatters => (sums.get(RepeatNumerator), sums.get(RepeatDenominator)),
        RepeatRateBasis::Contacts => (sums.repeat_contacts, sums.contacts),
    };
    vec![
        visit_volume(&sums.volume, targets),
        rate(
            "initial_closed_rate",
            Some(Target::AtLeast(targets.initial_closed_rate)),
            1.0,
            InitialNumerator,
            InitialDenominator,
        ),
        rate(
            "upper_closed_rate",
            Some(Target::AtLeast(targets.upper_closed_rate)),
            1.0,
            UpperNumerator,
            UpperDenominator,
        ),
        rate(
            "on_time_rate",
            Some(Target::AtLeast(targets.on_time_rate)),
            1.0,
            OnTimeNumerator,
            OnTimeDenominator,
        ),
        rate(
            "settled_rate",
            Some(Target::AtLeast(targets.settled_rate)),
            1.0,
            SettledNumerator,
            SettledDenominator,
        ),
        counted(
            "repeat_rate_permille",
            Some(Target::AtMost(targets.repeat_rate_permille)),
            1000.0,
            repeat_n,
            repeat_d,
        ),
        long_standing_resolved(period, roster, targets, false),
        rate("rated_share", None, 1.0, RatedNumerator, RatedDenominator),
        rate(
            "satisfied_rate",
            Some(Target::AtLeast(targets.satisfied_rate)),
            1.0,
            SatisfiedNumerator,
            SatisfiedDenominator,
        ),
        rate(
            "dissatisfied_rate",
            None,
            1.0,
            DissatisfiedNumerator,
            DissatisfiedDenominator,
        ),
    ]
}

#[cfg(test)]
#[path = "figures_days_tests.rs"]
mod tests;

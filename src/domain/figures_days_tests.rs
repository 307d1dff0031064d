//! The figures summed from the parts by day are the figures counted matter by
//! matter, on random matters, contacts and periods.

use super::*;
use crate::demo::gen::DemoRng;
use crate::domain::figures::{figures_listed, RatedWindow, Source};
use crate::domain::ratings::{Rated, RatingResult, RatingStage, Window};

fn base() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()
}

fn some_day(rng: &mut DemoRng) -> NaiveDate {
    base() + chrono::Days::new(rng.below(90))
}

fn maybe_day(rng: &mut DemoRng) -> Option<NaiveDate> {
    (rng.below(4) > 0).then(|| some_day(rng))
}

fn matter(rng: &mut DemoRng, n: u64) -> MatterFacts {
    let source = [
        Source::Own,
        Source::AssignedFromAbove,
        Source::TransferredFromAbove,
        Source::AssignedByLeader,
    ][rng.below(4) as usize];
    let replied_on = maybe_day(rng);
    let rated = (0..rng.below(3))
        .map(|_| {
            let opened_on = some_day(rng);
            let rating = match rng.below(4) {
                0 => None,
                r => Some((
                    [
                        RatingResult::Satisfied,
                        RatingResult::FairlySatisfied,
                        RatingResult::Dissatisfied,
                    ][r as usize - 1],
                    some_day(rng),
                )),
            };
            RatedWindow {
                rated: Rated {
                    window: Window {
                        stage: RatingStage::Reply,
                        opened_on,
                        closes_on: opened_on + chrono::Days::new(rng.below(10)),
                    },
                    rating,
                },
                deemed_satisfied: rng.below(2) == 0,
            }
        })
        .collect();
    MatterFacts {
        case_no: format!("C{n}"),
        registered_on: some_day(rng),
        source,
        initial: rng.below(3) > 0,
        merged: rng.below(8) == 0,
        handle_due: maybe_day(rng),
        closed_on: maybe_day(rng),
        replied_on,
        review_window_ends: maybe_day(rng),
        review_requested: rng.below(4) == 0,
        contacts_after_registration: rng.below(3) as u32,
        contacts_after_reply: rng.below(2) as u32,
        upper_due: maybe_day(rng),
        reported_back_on: maybe_day(rng),
        rated,
    }
}

fn contact(rng: &mut DemoRng) -> ContactFacts {
    ContactFacts {
        on: some_day(rng),
        visit: rng.below(2) == 0,
        headcount: 1 + rng.below(6) as u32,
        collective: rng.below(4) == 0,
        repeat: rng.below(3) == 0,
    }
}

/// The figures from the parts whose days both fall in `period`.
fn summed(
    period: Period,
    matters: &[MatterFacts],
    contacts: &[ContactFacts],
    targets: &Targets,
) -> Vec<Figure> {
    let mut sums = FigureSums::default();
    for m in matters {
        matter_parts(m, &mut |slot, first, last, amount| {
            if period.holds(first) && period.holds(last) {
                sums.slots[slot.index()] += amount;
            }
        });
    }
    for c in contacts.iter().filter(|c| period.holds(c.on)) {
        sums.add_contact(c);
    }
    figures_from_sums(period, &sums, &[], targets)
}

#[test]
fn the_parts_by_day_add_up_to_the_figures() {
    let mut rng = DemoRng::new(7);
    let matters: Vec<MatterFacts> = (0..400).map(|n| matter(&mut rng, n)).collect();
    let contacts: Vec<ContactFacts> = (0..300).map(|_| contact(&mut rng)).collect();
    for basis in [RepeatRateBasis::NewMatters, RepeatRateBasis::Contacts] {
        let targets = Targets {
            repeat_rate_basis: basis,
            visit_people_max: Some(300),
            ..Targets::default()
        };
        for _ in 0..200 {
            let from = base() + chrono::Days::new(rng.below(100));
            let to = from + chrono::Days::new(rng.below(40));
            let period = Period { from, to };
            let listed = figures_listed(period, &matters, &contacts, &[], &targets, false);
            assert_eq!(
                summed(period, &matters, &contacts, &targets),
                listed,
                "{from}..{to}"
            );
        }
    }
}

#[test]
fn a_matter_due_and_closed_in_the_period_counts_once() {
    let day = base();
    let mut m = matter(&mut DemoRng::new(1), 1);
    m.source = Source::Own;
    m.initial = true;
    m.merged = false;
    m.handle_due = Some(day + chrono::Days::new(5));
    m.closed_on = Some(day + chrono::Days::new(3));
    let figure = |from: u64, to: u64| {
        let period = Period {
            from: day + chrono::Days::new(from),
            to: day + chrono::Days::new(to),
        };
        let f = summed(period, std::slice::from_ref(&m), &[], &Targets::default());
        (f[1].numerator, f[1].denominator)
    };
    assert_eq!(figure(0, 10), (1, 1), "both days in it");
    assert_eq!(figure(4, 10), (1, 1), "due in it");
    assert_eq!(figure(0, 3), (1, 1), "closed in it");
    assert_eq!(figure(6, 10), (0, 0), "neither");
}

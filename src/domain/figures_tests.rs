use super::*;

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn year() -> Period {
    Period {
        from: day("2026-01-01"),
        to: day("2026-12-31"),
    }
}

/// An initial matter registered and accepted on `registered`, due 60 days later.
fn matter(no: &str, registered: &str) -> MatterFacts {
    let registered_on = day(registered);
    MatterFacts {
        case_no: no.into(),
        registered_on,
        source: Source::Own,
        initial: true,
        merged: false,
        handle_due: Some(registered_on + chrono::Days::new(60)),
        closed_on: None,
        replied_on: None,
        review_window_ends: None,
        review_requested: false,
        contacts_after_registration: 0,
        contacts_after_reply: 0,
        upper_due: None,
        reported_back_on: None,
        rated: Vec::new(),
    }
}

/// The reply's rating window (7 days from the reply), rated on `rated` if given.
fn reply_window(replied_on: NaiveDate, rating: Option<(Rating, &str)>) -> RatedWindow {
    use crate::domain::ratings::{Rated, RatingStage, Window};
    RatedWindow {
        rated: Rated {
            window: Window {
                stage: RatingStage::Reply,
                opened_on: replied_on,
                closes_on: replied_on + chrono::Days::new(7),
            },
            rating: rating.map(|(r, on)| (r, day(on))),
        },
        deemed_satisfied: false,
    }
}

fn rated(mut m: MatterFacts, rating: Rating, on: &str) -> MatterFacts {
    let replied_on = m.replied_on.unwrap();
    m.rated = vec![reply_window(replied_on, Some((rating, on)))];
    m
}

fn replied(mut m: MatterFacts, on: &str) -> MatterFacts {
    let on = day(on);
    m.closed_on = Some(on);
    m.replied_on = Some(on);
    m.review_window_ends = Some(on + chrono::Days::new(30));
    m.rated = vec![reply_window(on, None)];
    m
}

fn figure<'a>(all: &'a [Figure], name: &str) -> &'a Figure {
    all.iter().find(|f| f.name == name).unwrap()
}

#[test]
fn initial_matters_closed_by_their_deadline() {
    let matters = vec![
        // Closed on its due day: in time.
        replied(matter("2026-000001", "2026-03-01"), "2026-04-30"),
        // Closed a day late.
        replied(matter("2026-000002", "2026-03-01"), "2026-05-01"),
        // Due in the year, still open: counted, not closed.
        matter("2026-000003", "2026-06-01"),
        // From last year, closed this year in time: counted in this year.
        replied(matter("2025-000900", "2025-12-20"), "2026-01-10"),
        // Registered late in the year, due next year, open: not yet counted.
        matter("2026-000004", "2026-12-01"),
        // A merged duplicate leaves every count.
        MatterFacts {
            merged: true,
            ..replied(matter("2026-000005", "2026-03-01"), "2026-05-30")
        },
        // Not initial (同源 with an earlier letter): another figure's business.
        MatterFacts {
            initial: false,
            ..matter("2026-000006", "2026-03-01")
        },
    ];
    let all = figures(year(), &matters, &[], &[], &Targets::default());
    let f = figure(&all, "initial_closed_rate");
    assert_eq!((f.numerator, f.denominator), (2, 4), "{f:?}");
    assert_eq!(f.numerator_cases, ["2026-000001", "2025-000900"]);
    assert_eq!(f.value, Some(0.5));
    assert_eq!(f.met, Some(false));
    let f = figure(&all, "on_time_rate");
    assert_eq!((f.numerator, f.denominator), (2, 3), "{f:?}");
}

#[test]
fn matters_from_above_are_reported_back_by_the_upper_deadline() {
    let above = |no: &str, due: &str, back: Option<&str>| MatterFacts {
        source: Source::AssignedFromAbove,
        initial: false,
        upper_due: Some(day(due)),
        reported_back_on: back.map(day),
        ..matter(no, "2026-02-01")
    };
    let matters = vec![
        above("2026-000010", "2026-04-01", Some("2026-04-01")),
        above("2026-000011", "2026-04-01", Some("2026-04-02")),
        above("2026-000012", "2026-04-01", None),
        // Due next year: not this year's.
        above("2026-000013", "2027-01-15", None),
    ];
    let all = figures(year(), &matters, &[], &[], &Targets::default());
    let f = figure(&all, "upper_closed_rate");
    assert_eq!((f.numerator, f.denominator), (1, 3));
    assert_eq!(f.met, Some(false));
    // Matters from above are no initial matters.
    assert_eq!(figure(&all, "initial_closed_rate").denominator, 0);
    assert_eq!(figure(&all, "initial_closed_rate").met, None);
}

#[test]
fn a_matter_is_settled_when_its_review_window_ends_quietly() {
    let matters = vec![
        replied(matter("2026-000020", "2026-01-05"), "2026-02-01"),
        MatterFacts {
            review_requested: true,
            ..replied(matter("2026-000021", "2026-01-05"), "2026-02-01")
        },
        MatterFacts {
            contacts_after_reply: 1,
            ..replied(matter("2026-000022", "2026-01-05"), "2026-02-01")
        },
        rated(
            replied(matter("2026-000023", "2026-01-05"), "2026-02-01"),
            Rating::Dissatisfied,
            "2026-02-03",
        ),
        // Its window ends next year: not yet judged.
        replied(matter("2026-000024", "2026-11-01"), "2026-12-20"),
    ];
    let all = figures(year(), &matters, &[], &[], &Targets::default());
    let f = figure(&all, "settled_rate");
    assert_eq!((f.numerator, f.denominator), (1, 4));
    assert_eq!(f.numerator_cases, ["2026-000020"]);
}

#[test]
fn repeat_rate_is_per_mille_of_new_matters_or_of_contacts() {
    let mut matters: Vec<MatterFacts> = (0..2000)
        .map(|i| matter(&format!("2026-{i:06}"), "2026-05-01"))
        .collect();
    matters[7].contacts_after_registration = 2;
    let contacts: Vec<ContactFacts> = (0..400)
        .map(|i| ContactFacts {
            on: day("2026-05-01"),
            visit: i % 2 == 0,
            headcount: if i == 0 { 6 } else { 1 },
            collective: i == 0,
            repeat: i < 2,
        })
        .collect();
    let all = figures(year(), &matters, &contacts, &[], &Targets::default());
    let f = figure(&all, "repeat_rate_permille");
    assert_eq!((f.numerator, f.denominator), (1, 2000));
    assert_eq!(f.value, Some(0.5));
    assert_eq!(f.met, Some(true), "0.5‰ is the target itself");

    let by_contacts = Targets {
        repeat_rate_basis: RepeatRateBasis::Contacts,
        ..Targets::default()
    };
    let all = figures(year(), &matters, &contacts, &[], &by_contacts);
    let f = figure(&all, "repeat_rate_permille");
    assert_eq!((f.numerator, f.denominator), (2, 400));
    assert_eq!(f.value, Some(5.0));
    assert_eq!(f.met, Some(false));

    let v = volume(year(), &contacts);
    assert_eq!((v.visit_people, v.visit_batches), (205, 200));
    assert_eq!((v.collective_people, v.collective_batches), (6, 1));
    assert_eq!(v.other_contacts, 200);
}

#[test]
fn visit_volume_is_held_to_its_ceiling() {
    let contacts = vec![
        ContactFacts {
            on: day("2026-03-01"),
            visit: true,
            headcount: 3,
            collective: false,
            repeat: false,
        };
        4
    ];
    let targets = Targets {
        visit_people_max: Some(12),
        ..Targets::default()
    };
    let all = figures(year(), &[], &contacts, &[], &targets);
    let f = figure(&all, "visit_volume");
    assert_eq!((f.numerator, f.denominator, f.met), (12, 4, Some(true)));
    let tight = Targets {
        visit_people_max: Some(11),
        ..Targets::default()
    };
    let all = figures(year(), &[], &contacts, &[], &tight);
    assert_eq!(figure(&all, "visit_volume").met, Some(false));
}

#[test]
fn long_standing_petitioners_resolved_over_the_frozen_roster() {
    let roster = vec![
        // Quiet for more than six months by the year's end.
        LongStanding {
            petitioner_id: 1,
            last_contact: Some(day("2026-05-01")),
            settled_on: None,
        },
        // Came in November.
        LongStanding {
            petitioner_id: 2,
            last_contact: Some(day("2026-11-20")),
            settled_on: None,
        },
        // Signed a 息访 agreement and kept to it.
        LongStanding {
            petitioner_id: 3,
            last_contact: Some(day("2026-10-01")),
            settled_on: Some(day("2026-10-01")),
        },
        // Signed, then came again: not resolved.
        LongStanding {
            petitioner_id: 4,
            last_contact: Some(day("2026-12-01")),
            settled_on: Some(day("2026-10-01")),
        },
    ];
    let all = figures(year(), &[], &[], &roster, &Targets::default());
    let f = figure(&all, "long_standing_resolved_rate");
    assert_eq!((f.numerator, f.denominator), (2, 4));
    assert_eq!(f.numerator_cases, ["#1", "#3"]);
}

#[test]
fn satisfaction_over_the_rated_answers() {
    let matters = vec![
        rated(
            replied(matter("2026-000030", "2026-01-05"), "2026-02-01"),
            Rating::Satisfied,
            "2026-02-02",
        ),
        rated(
            replied(matter("2026-000031", "2026-01-05"), "2026-02-01"),
            Rating::FairlySatisfied,
            "2026-02-08",
        ),
        rated(
            replied(matter("2026-000032", "2026-01-05"), "2026-02-01"),
            Rating::Dissatisfied,
            "2026-02-03",
        ),
        // Never rated: its window lapsed on 02-09, in the year.
        replied(matter("2026-000033", "2026-01-05"), "2026-02-01"),
        // Replied on 12-28: its window lapses next year, not counted yet.
        replied(matter("2026-000034", "2026-11-05"), "2026-12-28"),
    ];
    let all = figures(year(), &matters, &[], &[], &Targets::default());
    let share = figure(&all, "rated_share");
    assert_eq!((share.numerator, share.denominator), (3, 4));
    assert_eq!(
        share.denominator_cases,
        ["2026-000030", "2026-000031", "2026-000032", "2026-000033"]
    );
    let f = figure(&all, "satisfied_rate");
    assert_eq!((f.numerator, f.denominator), (2, 3));
    assert_eq!(f.numerator_cases, ["2026-000030", "2026-000031"]);
    assert_eq!(f.met, Some(false));
    let d = figure(&all, "dissatisfied_rate");
    assert_eq!((d.numerator, d.denominator), (1, 3));
    assert_eq!(d.numerator_cases, ["2026-000032"]);

    // A rating counts in the month it was given; a lapse in the month after the
    // window's last day.
    let feb = Period {
        from: day("2026-02-01"),
        to: day("2026-02-08"),
    };
    let all = figures(feb, &matters, &[], &[], &Targets::default());
    let share = figure(&all, "rated_share");
    assert_eq!((share.numerator, share.denominator), (3, 3));

    // The office's rule that an unrated answer counts as satisfied.
    let mut deemed = matters.clone();
    deemed[3].rated[0].deemed_satisfied = true;
    let all = figures(year(), &deemed, &[], &[], &Targets::default());
    let f = figure(&all, "satisfied_rate");
    assert_eq!((f.numerator, f.denominator), (3, 4));
    assert_eq!(figure(&all, "rated_share").numerator, 3);
}

#[test]
fn rates_are_compared_as_the_office_rounds_them() {
    assert!(Target::AtLeast(0.98).met_by(0.97996));
    assert!(!Target::AtLeast(0.98).met_by(0.9799));
    assert!(Target::AtMost(0.5).met_by(0.50004));
}

#[test]
fn figures_without_their_lists_count_the_same() {
    let mut matters = Vec::new();
    for n in 0..40u32 {
        let no = format!("2026-{n:06}");
        let registered = format!("2026-{:02}-{:02}", 1 + n % 12, 1 + n % 27);
        let mut m = matter(&no, &registered);
        m.source = if n % 5 == 0 {
            Source::AssignedFromAbove
        } else {
            Source::Own
        };
        m.upper_due = (n % 5 == 0).then(|| day("2026-06-30"));
        m.reported_back_on = (n % 10 == 0).then(|| day("2026-06-01"));
        m.contacts_after_registration = n % 3;
        if n % 2 == 0 {
            m = replied(m, &format!("2026-{:02}-28", 1 + n % 11));
            m.rated = vec![reply_window(
                m.replied_on.unwrap(),
                (n % 4 == 0).then_some((Rating::Dissatisfied, "2026-12-01")),
            )];
        }
        matters.push(m);
    }
    let roster = [LongStanding {
        petitioner_id: 7,
        last_contact: Some(day("2026-02-01")),
        settled_on: None,
    }];
    let targets = Targets::default();
    let listed = figures_listed(year(), &matters, &[], &roster, &targets, true);
    let counted = figures_listed(year(), &matters, &[], &roster, &targets, false);
    assert!(listed.iter().any(|f| !f.denominator_cases.is_empty()));
    let bare: Vec<Figure> = listed
        .into_iter()
        .map(|mut f| {
            f.numerator_cases.clear();
            f.denominator_cases.clear();
            f
        })
        .collect();
    assert_eq!(bare, counted);
}

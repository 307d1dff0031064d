use super::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

#[test]
fn evidence_reads_both_languages_and_the_months() {
    assert_eq!(
        parse_evidence("息访协议").unwrap().kind,
        EvidenceKind::Agreement
    );
    assert_eq!(parse_evidence("pledge").unwrap().kind, EvidenceKind::Pledge);
    let q = parse_evidence("终结后无访6月").unwrap();
    assert_eq!((q.kind, q.months), (EvidenceKind::QuietAfterFinal, Some(6)));
    assert_eq!(parse_evidence("终结后无访12个月").unwrap().months, Some(12));
    assert_eq!(parse_evidence("quiet:3").unwrap().months, Some(3));
    assert_eq!(
        parse_evidence("终结后无访0月"),
        Err(LeadersProblem::Months(0))
    );
    assert!(matches!(
        parse_evidence("口头保证"),
        Err(LeadersProblem::Evidence(_))
    ));
}

#[test]
fn kinds_and_times() {
    assert_eq!(parse_kind("下访"), Ok(ReceptionKind::Field));
    assert_eq!(parse_kind("joint"), Ok(ReceptionKind::Joint));
    assert!(parse_kind("接见").is_err());
    assert_eq!(parse_time("9：00").unwrap(), "09:00");
    assert!(parse_time("25:00").is_err());
}

#[test]
fn closing_needs_matching_evidence_and_a_sensible_date() {
    let ev = Some(parse_evidence("承诺书").unwrap());
    let (open, today) = (d(2026, 1, 5), d(2026, 11, 29));
    assert_eq!(
        check_close(BaoanState::Open, open, d(2026, 11, 1), today, true, ev),
        Ok(BaoanState::Resolved)
    );
    assert_eq!(
        check_close(BaoanState::Open, open, d(2026, 11, 1), today, false, None),
        Ok(BaoanState::Unresolved)
    );
    assert_eq!(
        check_close(BaoanState::Open, open, d(2026, 11, 1), today, true, None),
        Err(LeadersProblem::EvidenceMismatch { xifang: true })
    );
    assert!(check_close(BaoanState::Open, open, d(2026, 12, 1), today, true, ev).is_err());
    assert!(check_close(BaoanState::Open, open, d(2025, 12, 1), today, true, ev).is_err());
    assert_eq!(
        check_close(BaoanState::Resolved, open, d(2026, 11, 1), today, true, ev),
        Err(LeadersProblem::AlreadyClosed(BaoanState::Resolved))
    );
}

#[test]
fn a_later_contact_reopens_a_closed_record_as_a_revisit() {
    assert_eq!(on_contact(BaoanState::Open), (BaoanState::Open, false));
    assert_eq!(on_contact(BaoanState::Resolved), (BaoanState::Open, true));
    assert_eq!(on_contact(BaoanState::Unresolved), (BaoanState::Open, true));
}

#[test]
fn the_roster_is_frozen_at_the_start_of_the_period() {
    let ch = |on, state| StateChange { on, state };
    // Open before the year, resolved in it: counts, resolved.
    let a = vec![
        ch(d(2025, 3, 1), BaoanState::Open),
        ch(d(2026, 6, 1), BaoanState::Resolved),
    ];
    // Opened during the year: not on the roster.
    let b = vec![
        ch(d(2026, 2, 1), BaoanState::Open),
        ch(d(2026, 5, 1), BaoanState::Resolved),
    ];
    // Resolved, then back (复访) and still open at the end: on the roster, not resolved.
    let c = vec![
        ch(d(2025, 1, 1), BaoanState::Open),
        ch(d(2026, 3, 1), BaoanState::Resolved),
        ch(d(2026, 9, 1), BaoanState::Open),
    ];
    // Closed before the year: not on the roster.
    let e = vec![
        ch(d(2024, 1, 1), BaoanState::Open),
        ch(d(2025, 1, 1), BaoanState::Resolved),
    ];
    let logs = [a.as_slice(), b.as_slice(), c.as_slice(), e.as_slice()];
    let rate = xifang_rate(logs, d(2026, 1, 1), d(2026, 12, 31));
    assert_eq!(
        rate,
        XifangRate {
            roster: 2,
            resolved: 1
        }
    );
    assert_eq!(rate.percent(), Some(50.0));
    assert_eq!(XifangRate::default().percent(), None);
}

#[test]
fn reception_rate_counts_every_leader_on_the_roster() {
    let roster = vec![
        "张县长".to_string(),
        "李副县长".to_string(),
        "赵书记".to_string(),
    ];
    let held = vec![("张县长".to_string(), 12), ("李副县长".to_string(), 5)];
    let rate = reception_rate(&roster, &held, 6);
    assert_eq!((rate.met, rate.on_roster), (1, 3));
    assert_eq!(rate.percent(), Some(33.3));
    assert_eq!(rate.leaders[2].held, 0);
}

#[test]
fn a_frozen_entry_carries_the_day_of_xifang_that_still_holds() {
    let ch = |on, state| StateChange { on, state };
    let log = vec![
        ch(d(2025, 3, 1), BaoanState::Open),
        ch(d(2026, 6, 1), BaoanState::Resolved),
    ];
    assert_eq!(
        frozen_entry(&log, d(2026, 1, 1), d(2026, 12, 31)),
        Some(Some(d(2026, 6, 1)))
    );
    assert_eq!(
        frozen_entry(&log, d(2026, 1, 1), d(2026, 5, 31)),
        Some(None)
    );
    assert_eq!(frozen_entry(&log, d(2025, 1, 1), d(2026, 12, 31)), None);
}

#[test]
fn the_quota_grows_with_the_months_of_the_period() {
    assert_eq!(quota_for(d(2026, 1, 1), d(2026, 12, 31), 1), 12);
    assert_eq!(quota_for(d(2026, 11, 2), d(2026, 11, 8), 2), 2);
    assert_eq!(quota_for(d(2025, 12, 1), d(2026, 1, 31), 1), 2);
}

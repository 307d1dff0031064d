use super::*;
use crate::domain::model::{ClockState, Flag, QueueStatus};
use crate::domain::Lang;
use crate::words::handover::*;
use chrono::NaiveDate;

fn t(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap()
}

fn contact(id: i64, at: &str, channel: Channel, headcount: u32, flags: &[Flag]) -> ContactFact {
    ContactFact {
        contact_id: id,
        arrived_at: t(at),
        channel,
        headcount,
        representatives: Vec::new(),
        name: format!("人{id}"),
        id_number: Some("110101199003074477".into()),
        case_id: id,
        case_no: format!("2026-{id:06}"),
        matter: "拖欠工资".into(),
        queue_date: (channel == Channel::Visit).then(|| t(at).date_naive()),
        queue_no: (channel == Channel::Visit).then_some(id),
        letter_no: None,
        flags: flags.to_vec(),
    }
}

fn event(kind: EventKind, at: &str) -> CaseEvent {
    CaseEvent {
        kind,
        at: t(at),
        extension_days: 0,
        handler: None,
        unit: None,
        terms: None,
        on: None,
        notice: None,
    }
}

fn case(id: i64, registered: &str, events: Vec<CaseEvent>) -> CaseFact {
    CaseFact {
        case_id: id,
        case_no: format!("2026-{id:06}"),
        matter: "拖欠工资".into(),
        first_officer: "张伟".into(),
        handler: Some("张伟".into()),
        unit: None,
        registered_at: t(registered),
        events,
    }
}

fn input() -> SummaryInput {
    SummaryInput {
        officer: "张伟".into(),
        since: t("2026-11-28T08:30:00+08:00"),
        until: t("2026-11-28T17:30:00+08:00"),
        shift: None,
        contacts: Vec::new(),
        queue: Vec::new(),
        cases: Vec::new(),
        clocks: ClockConfig::default(),
    }
}

#[test]
fn empty_window_says_so_everywhere() {
    let s = assemble(&input());
    assert!(s.is_empty());
    assert_eq!(s.by_channel.len(), Channel::ALL.len());
    let md = to_markdown(&s, Lang::Zh);
    assert!(md.contains("本班次无接待记录"), "{md}");
    assert_eq!(md.matches("\n无\n").count(), 10, "{md}");
    let en = to_markdown(&s, Lang::En);
    assert_eq!(en.matches("\nnone\n").count(), 10, "{en}");
    assert!(lines(&s, Lang::En)
        .iter()
        .any(|l| l.contains("Nothing was received")));
}

#[test]
fn counts_only_the_window_and_masks_ids() {
    let mut i = input();
    i.contacts = vec![
        contact(1, "2026-11-28T08:29:59+08:00", Channel::Visit, 1, &[]),
        contact(
            2,
            "2026-11-28T08:30:00+08:00",
            Channel::Visit,
            6,
            &[Flag::Collective],
        ),
        contact(
            3,
            "2026-11-28T17:30:00+08:00",
            Channel::Letter,
            1,
            &[Flag::Repeat],
        ),
        contact(4, "2026-11-28T17:30:01+08:00", Channel::Call, 1, &[]),
    ];
    let s = assemble(&i);
    assert_eq!((s.batches, s.people), (2, 7));
    assert_eq!(
        s.by_channel[0],
        ChannelTally {
            channel: Channel::Visit,
            batches: 1,
            people: 6
        }
    );
    assert_eq!(s.flagged.collective.len(), 1);
    assert_eq!(
        s.flagged.repeat[0].id_number_masked.as_deref(),
        Some("110101********4477")
    );
    let json = serde_json::to_string(&s).unwrap();
    assert!(!json.contains("110101199003074477"));
}

#[test]
fn queue_is_replayed_at_the_end_of_the_window() {
    let mut i = input();
    let walk_in = |id, arrived: &str, received: Option<&str>, finished: Option<&str>| QueueFact {
        contact: contact(id, arrived, Channel::Visit, 1, &[]),
        officer: "李娜".into(),
        received_at: received.map(t),
        received_by: received.map(|_| "李娜".to_string()),
        finished_at: finished.map(t),
        left: false,
    };
    i.queue = vec![
        walk_in(
            1,
            "2026-11-28T16:00:00+08:00",
            Some("2026-11-28T16:10:00+08:00"),
            None,
        ),
        walk_in(2, "2026-11-28T17:00:00+08:00", None, None),
        walk_in(
            3,
            "2026-11-28T09:00:00+08:00",
            Some("2026-11-28T09:05:00+08:00"),
            Some("2026-11-28T09:30:00+08:00"),
        ),
        // Received only after the window: still waiting at its end.
        walk_in(
            4,
            "2026-11-28T17:10:00+08:00",
            Some("2026-11-28T17:40:00+08:00"),
            None,
        ),
        walk_in(5, "2026-11-28T17:45:00+08:00", None, None),
    ];
    let s = assemble(&i);
    let got: Vec<(i64, QueueStatus, i64)> = s
        .still_here
        .iter()
        .map(|v| (v.queue_no, v.status, v.waited_minutes))
        .collect();
    assert_eq!(
        got,
        vec![
            (1, QueueStatus::Receiving, 10),
            (2, QueueStatus::Waiting, 30),
            (4, QueueStatus::Waiting, 20)
        ]
    );
    assert_eq!(s.still_here[2].received_by, None);
}

/// 共接待 counts visits received: not letters, not people still waiting, not people
/// who left; those who left unseen are listed.
#[test]
fn received_visits_leave_out_letters_waiting_and_left() {
    let mut i = input();
    let visit = |id, headcount, received: Option<&str>, finished: Option<&str>, left| {
        let c = contact(
            id,
            "2026-11-28T09:00:00+08:00",
            Channel::Visit,
            headcount,
            &[],
        );
        QueueFact {
            contact: c,
            officer: "张伟".into(),
            received_at: received.map(t),
            received_by: received.map(|_| "张伟".to_string()),
            finished_at: finished.map(t),
            left,
        }
    };
    i.queue = vec![
        // Received and done: 3 people.
        visit(
            1,
            3,
            Some("2026-11-28T09:10:00+08:00"),
            Some("2026-11-28T09:40:00+08:00"),
            false,
        ),
        // Being received at the end of the window.
        visit(2, 1, Some("2026-11-28T17:00:00+08:00"), None, false),
        // Still waiting.
        visit(3, 2, None, None, false),
        // Left unseen at 10:15.
        visit(4, 1, None, Some("2026-11-28T10:15:00+08:00"), true),
    ];
    i.contacts = i.queue.iter().map(|q| q.contact.clone()).collect();
    i.contacts.push(contact(
        5,
        "2026-11-28T11:00:00+08:00",
        Channel::Letter,
        1,
        &[],
    ));
    let s = assemble(&i);
    assert_eq!((s.batches, s.people), (5, 8));
    assert_eq!((s.received_batches, s.received_people), (2, 4));
    assert_eq!((s.waiting_batches, s.left_batches), (1, 1));
    assert_eq!(s.left_unseen.len(), 1);
    assert_eq!(s.left_unseen[0].queue_no, 4);
    assert_eq!(s.left_unseen[0].waited_minutes, 75);
    assert_eq!(
        totals_line(&s, Lang::Zh),
        "共接待来访 2 批次、4 人次。另：仍在等候 1 批次，未接待即离开 1 批次，来信、来电、网上 1 件（见下表）。"
    );
    assert_eq!(
        totals_line(&s, Lang::En),
        "Visits received: 2 batches, 4 people. Besides: 1 batch still waiting, 1 batch left unseen, letters, calls or online: 1 (see the table)."
    );
    let text = lines(&s, Lang::Zh).join("\n");
    assert!(
        text.contains("未接待即离开（各窗口）（1）") || text.contains("未接待即离开（各窗口）"),
        "{text}"
    );
    assert!(
        text.contains("10:15 未接待即离开（等候 1 小时 15 分"),
        "{text}"
    );
}

/// A walk-in checked in at 张伟's desk and received by 李娜 is 李娜's 接待 too:
/// her summary is not "nothing received", and 张伟's own tally is unchanged.
#[test]
fn a_colleagues_walk_in_received_counts_for_the_receiver() {
    let c = contact(1, "2026-11-28T09:00:00+08:00", Channel::Visit, 3, &[]);
    let q = QueueFact {
        contact: c.clone(),
        officer: "张伟".into(),
        received_at: Some(t("2026-11-28T09:20:00+08:00")),
        received_by: Some("李娜".into()),
        finished_at: Some(t("2026-11-28T09:50:00+08:00")),
        left: false,
    };
    let mut li = input();
    li.officer = "李娜".into();
    li.queue = vec![q.clone()];
    let s = assemble(&li);
    assert!(!s.is_empty());
    assert_eq!(s.batches, 0, "her own contacts stay hers");
    assert_eq!(
        (s.received_for_colleagues, s.received_for_colleagues_people),
        (1, 3)
    );
    assert_eq!(
        totals_line(&s, Lang::Zh),
        "共接待来访 0 批次、0 人次。另：接待同事登记的来访 1 批次、3 人次。"
    );
    assert_eq!(
        totals_line(&s, Lang::En),
        "Visits received: 0 batches, 0 people. Besides: received 1 batch checked in at a colleague's desk (3 people)."
    );

    // Received after the window closed: not in it.
    li.until = t("2026-11-28T09:10:00+08:00");
    let s = assemble(&li);
    assert_eq!(s.received_for_colleagues, 0);
    assert!(s.is_empty());

    let mut zhang = input();
    zhang.queue = vec![q];
    zhang.contacts = vec![c];
    let s = assemble(&zhang);
    assert_eq!((s.received_batches, s.received_for_colleagues), (1, 0));
}

#[test]
fn case_status_and_clocks_are_replayed_at_the_end_of_the_window() {
    let mut i = input();
    i.cases = vec![
        // Registered 13 days before: the route clock has 2 days left.
        case(
            1,
            "2026-11-15T10:00:00+08:00",
            vec![event(EventKind::Registered, "2026-11-15T10:00:00+08:00")],
        ),
        // Routed only after the window: still due at its end.
        case(
            2,
            "2026-11-08T10:00:00+08:00",
            vec![
                event(EventKind::Registered, "2026-11-08T10:00:00+08:00"),
                CaseEvent {
                    unit: Some("区人民法院".into()),
                    ..event(EventKind::Transfer, "2026-11-29T09:00:00+08:00")
                },
            ],
        ),
        // Registered after the window: not there yet.
        case(
            3,
            "2026-11-28T18:00:00+08:00",
            vec![event(EventKind::Registered, "2026-11-28T18:00:00+08:00")],
        ),
    ];
    let s = assemble(&i);
    let got: Vec<(&str, ClockKind, i64, Option<&str>)> = s
        .clocks_due
        .iter()
        .map(|c| (c.case_no.as_str(), c.clock, c.days_left, c.unit.as_deref()))
        .collect();
    assert_eq!(
        got,
        vec![
            ("2026-000002", ClockKind::Route, -5, None),
            ("2026-000001", ClockKind::Route, 2, None)
        ]
    );
    let md = to_markdown(&s, Lang::Zh);
    assert!(md.contains("逾期 5 天") && md.contains("还剩 2 天"), "{md}");
}

#[test]
fn lines_group_the_clocks_and_say_none() {
    let mut i = input();
    i.cases = vec![
        case(
            1,
            "2026-11-15T10:00:00+08:00",
            vec![event(EventKind::Registered, "2026-11-15T10:00:00+08:00")],
        ),
        case(
            2,
            "2026-09-20T10:00:00+08:00",
            vec![
                event(EventKind::Registered, "2026-09-20T10:00:00+08:00"),
                event(EventKind::Accept, "2026-09-30T10:00:00+08:00"),
                CaseEvent {
                    notice: Some(crate::domain::notices::NoticeKind::Accept),
                    ..event(EventKind::Notify, "2026-09-30T11:00:00+08:00")
                },
            ],
        ),
    ];
    let out = lines(&assemble(&i), Lang::En);
    let at = |l: &str| {
        out.iter()
            .position(|x| x == l)
            .unwrap_or_else(|| panic!("{l:?} in {out:#?}"))
    };
    assert!(out[0].starts_with("Shift handover: 张伟, 2026-11-28 08:30 – 17:30"));
    assert_eq!(out[at("New cases (0)") + 1], "  none");
    assert_eq!(
        out[at("  Route (1)") + 1],
        "    · 2026-000001 \"拖欠工资\" (registered): due 2026-11-30, 2 days left; handler 张伟"
    );
    assert!(out[at("  Handle (1)") + 1].contains("due 2026-11-29, 1 day left"));
    assert_eq!(out.last().map(String::as_str), Some("  none"), "no notes");
}

#[test]
fn a_decision_without_its_notice_stays_due_and_says_so() {
    let mut i = input();
    i.cases = vec![case(
        1,
        "2026-11-10T10:00:00+08:00",
        vec![
            event(EventKind::Registered, "2026-11-10T10:00:00+08:00"),
            event(EventKind::Accept, "2026-11-12T10:00:00+08:00"),
        ],
    )];
    let s = assemble(&i);
    assert_eq!(s.clocks_due.len(), 1);
    assert_eq!(s.clocks_due[0].clock, ClockKind::Route);
    assert!(s.clocks_due[0].notice_missing);
    let out = lines(&s, Lang::En).join("\n");
    assert!(out.contains("3 days overdue (notice missing)"), "{out}");
    let md = to_markdown(&s, Lang::Zh);
    assert!(md.contains("逾期 3 天（未书面告知）"), "{md}");
}

#[test]
fn markdown_escapes_stored_text() {
    let mut i = input();
    let mut c = contact(
        1,
        "2026-11-28T09:00:00+08:00",
        Channel::Visit,
        1,
        &[Flag::Repeat],
    );
    c.name = "# 张|三".into();
    c.matter = "a *b* [c](d)\nsecond line".into();
    i.contacts = vec![c];
    let md = to_markdown(&assemble(&i), Lang::Zh);
    assert!(md.contains("\\# 张\\|三"), "{md}");
    assert!(md.contains("a \\*b\\* \\[c\\](d) second line"), "{md}");
    assert!(!md.contains('\u{0}'));
}

#[test]
fn shift_line_tells_the_handover_state() {
    let mut i = input();
    i.shift = Some(Shift {
        id: 3,
        officer: "张伟".into(),
        started_at: "2026-11-28T08:30:00+08:00".into(),
        ended_at: Some("2026-11-28T17:30:00+08:00".into()),
        notes: "第一行\n第二行".into(),
        handed_to: Some("李娜".into()),
        acked_by: None,
        acked_at: None,
    });
    let s = assemble(&i);
    assert_eq!(s.notes, "第一行\n第二行");
    let zh = shift_line(&s, Lang::Zh);
    assert_eq!(
        zh,
        "班次：#3，2026-11-28 08:30 开始，已于 2026-11-28 17:30 交班给 李娜，尚未确认"
    );
    let md = to_markdown(&s, Lang::Zh);
    assert!(md.contains("> 第一行  \n> 第二行  \n"), "{md}");
    assert_eq!(
        s.shift.as_ref().and_then(Shift::handover).map(|h| h.to),
        Some("李娜".into())
    );
}

#[test]
fn long_deadline_lists_name_the_most_urgent_and_count_the_rest() {
    let due = |n: i64, clock: ClockKind| DueClock {
        case_no: format!("2026-{n:06}"),
        matter: "拖欠工资".into(),
        status: CaseStatus::Registered,
        clock,
        started: NaiveDate::from_ymd_opt(2026, 10, 1).unwrap(),
        due: NaiveDate::from_ymd_opt(2026, 10, 16).unwrap(),
        days_left: -n,
        state: ClockState::Overdue,
        handler: None,
        unit: None,
        notice_missing: false,
    };
    let mut clocks_due: Vec<DueClock> = (1..=25).map(|n| due(n, ClockKind::Route)).collect();
    clocks_due.extend((1..=3).map(|n| due(100 + n, ClockKind::Handle)));
    let s = HandoverSummary {
        officer: "王科员".into(),
        since: "2026-11-28T08:30:00+08:00".into(),
        until: "2026-11-28T17:30:00+08:00".into(),
        shift: None,
        due_soon_days: 3,
        batches: 0,
        people: 0,
        received_batches: 0,
        received_people: 0,
        waiting_batches: 0,
        left_batches: 0,
        received_for_colleagues: 0,
        received_for_colleagues_people: 0,
        by_channel: Vec::new(),
        new_cases: Vec::new(),
        flagged: Default::default(),
        still_here: Vec::new(),
        left_unseen: Vec::new(),
        clocks_due,
        unrouted_letters: Vec::new(),
        notes: String::new(),
        chain_head: None,
        leaders: Default::default(),
        risk: Default::default(),
        follow_ups: Vec::new(),
    };
    let section = sections(&s, Lang::Zh)
        .into_iter()
        .find(|x| x.kind == SectionKind::ClocksDue)
        .unwrap();
    let entries = section
        .items
        .iter()
        .filter(|i| matches!(i, Item::Entry(_)))
        .count();
    assert_eq!(entries, MAX_LISTED_PER_CLOCK + 3);
    let more: Vec<usize> = section
        .items
        .iter()
        .filter_map(|i| match i {
            Item::More { skipped, .. } => Some(*skipped),
            _ => None,
        })
        .collect();
    assert_eq!(more, vec![5]);
    assert!(
        section.title.contains("28"),
        "the title counts them all: {}",
        section.title
    );
    assert!(to_markdown(&s, Lang::En).contains("and 5 more"));
}

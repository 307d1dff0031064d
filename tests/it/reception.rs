//! A leader's reception on its day (issue 12.3): a person booked in advance shows
//! it on their queue row; `L` on the queue routes the walk-in under the cursor to
//! a reception held today (one: the form at once; several: a pick with the booked
//! one chosen; none: said, with how to schedule one); the routing and the leader's
//! word reach the timeline; the same walk-in at the same reception is one visit.

use crate::common::runner::{code, jiedai, stderr};
use crate::common::*;
use jiedai::domain::leaders::ReceptionKind;
use jiedai::domain::roster::OfficerRole;
use jiedai::store::{Enrolment, ReceptionInput};
use jiedai::tui::worker::{ReceptionRequest, ReceptionResponse};

const LEADER: &str = "钱副县长";

fn leader(store: &mut Store, name: &str) {
    store
        .add_officer_with(&Enrolment {
            name: name.into(),
            role: OfficerRole::Leader,
            title: Some("副县长".into()),
            host_account: None,
        })
        .unwrap();
}

fn reception(store: &mut Store, leader: &str, time: &str) -> i64 {
    store
        .reception_add(
            "王科员",
            &ReceptionInput {
                leader: leader.into(),
                day: Some("2026-11-28".parse().unwrap()),
                time: time.into(),
                place: "县信访局接待大厅".into(),
                topic: "城乡建设与住房".into(),
                announced: true,
                units: Vec::new(),
                kind: Some(ReceptionKind::Reception),
            },
        )
        .unwrap()
        .id
}

/// The test desk with leaders receiving today; 王芳 (person 1, case 2026-000001)
/// booked a place at the last of them before she came back this morning.
fn desk_receiving(times: &[&str]) -> Desk {
    desk_with(|store| {
        leader(store, LEADER);
        leader(store, "孙副书记");
        let mut last = 0;
        for (i, t) in times.iter().enumerate() {
            let who = if i == 0 { LEADER } else { "孙副书记" };
            last = reception(store, who, t);
        }
        if last > 0 {
            store
                .reception_book("王科员", last, 1, Some("2026-000001"))
                .unwrap();
        }
    })
}

/// What the worker sends after the queue: today's receptions and the marks.
fn marks(a: &mut App, d: &Desk) {
    let today = d.store.todays_receptions().unwrap();
    feed(
        a,
        Response::Receptions(today.into_iter().map(|r| r.brief()).collect()),
    );
    let m = d.store.reception_marks().unwrap();
    feed(
        a,
        Response::Reception(Box::new(ReceptionResponse::Marks(m))),
    );
}

/// Answers the reception requests among `commands` as the worker does.
fn carry_out(a: &mut App, d: &mut Desk, commands: Vec<Command>) {
    for c in commands {
        let Command::Send(Request::Reception(r)) = c else {
            continue;
        };
        let response = match r {
            ReceptionRequest::Today { target } => ReceptionResponse::Today {
                target,
                receptions: d.store.todays_receptions().unwrap(),
                marks: d.store.reception_marks().unwrap(),
            },
            ReceptionRequest::Record {
                officer,
                target,
                reception_id,
                opinion,
            } => {
                let word = opinion.has_word();
                let visit = d
                    .store
                    .reception_record(&officer, reception_id, &target.received(), &opinion)
                    .unwrap();
                ReceptionResponse::Recorded {
                    target,
                    visit: Box::new(visit),
                    word,
                    reception: None,
                }
            }
        };
        let more = feed(a, Response::Reception(Box::new(response)));
        marks(a, d);
        carry_out(a, d, more);
    }
}

/// `L` on the selected row, answered as the worker would; the screen after.
fn press_l(a: &mut App, d: &mut Desk) -> String {
    let sent = key(a, KeyCode::Char('L'));
    carry_out(a, d, sent);
    screen(a)
}

fn row_of<'a>(text: &'a str, name: &str) -> &'a str {
    text.lines()
        .find(|l| l.contains(name))
        .unwrap_or_else(|| panic!("no row of {name}:\n{text}"))
}

fn save(a: &mut App) -> Vec<Command> {
    a.update(Msg::Key(KeyEvent::new(
        KeyCode::Char('s'),
        KeyModifiers::CONTROL,
    )))
}

#[test]
fn a_booked_walk_in_is_routed_with_l_and_the_leader_s_word_follows_later() {
    let mut d = desk_receiving(&["14:30"]);
    let mut a = loaded(Lang::Zh, &d);
    marks(&mut a, &d);
    let text = screen(&a);
    // 王芳 came back this morning as No. 1; her booking is on her row.
    assert!(
        row_of(&text, "王芳").contains("重复访 逾期 约14:30"),
        "{text}"
    );
    assert!(text.lines().next().unwrap().contains("14:30 钱副县长接访"));

    // One reception today: `L` opens its form on the row under the cursor.
    let text = press_l(&mut a, &mut d);
    assert!(
        text.contains("转钱副县长接访（14:30）· 第 1 号 王芳"),
        "{text}"
    );
    assert_borders_intact(&text, 80);
    // Routed before the leader has spoken: on the timeline, marked on the row.
    let sent = save(&mut a);
    carry_out(&mut a, &mut d, sent);
    let text = screen(&a);
    assert!(row_of(&text, "王芳").contains("转钱副县长"), "{text}");
    assert!(text.contains("第 1 号已转钱副县长接访"), "{text}");

    // `L` again takes the leader's word and a 领导交办 with its deadline.
    let text = press_l(&mut a, &mut d);
    assert!(text.contains("记录领导意见 · 钱副县长接访 · 第 1 号 王芳"));
    type_text(&mut a, "请住建局十日内核实答复");
    key(&mut a, KeyCode::Tab);
    type_text(&mut a, "住建");
    key(&mut a, KeyCode::Tab);
    // A unit without its deadline is refused in the form, in words.
    let sent = save(&mut a);
    assert!(sent.is_empty(), "{sent:?}");
    assert!(screen(&a).contains("领导交办须同时填写交办单位和期限"));
    type_text(&mut a, "2026-12-08");
    let sent = save(&mut a);
    carry_out(&mut a, &mut d, sent);
    assert!(screen(&a).contains("钱副县长接访的意见已记入时间线"));
    // A third `L` says the word is on record instead of opening a form to refuse.
    let text = press_l(&mut a, &mut d);
    assert!(text.contains("领导意见已记录过"), "{text}");
    assert!(!text.contains("记录领导意见 ·"), "{text}");

    let case = d.store.case_detail("2026-000001").unwrap();
    let kinds: Vec<_> = case.events.iter().map(|e| e.kind.code()).collect();
    assert_eq!(
        kinds.iter().filter(|k| **k == "reception").count(),
        1,
        "{kinds:?}"
    );
    let word = case
        .events
        .iter()
        .find(|e| e.kind.code() == "instruct")
        .expect("the leader's word on the timeline");
    assert_eq!(word.detail["text"], "请住建局十日内核实答复");
    assert_eq!(word.detail["unit"], "区住房和城乡建设局");
    // One visit, filled in; the 领导交办 is due like a 上级交办.
    let visits = d
        .store
        .reception_visits("2026-11-28".parse().unwrap(), "2026-11-28".parse().unwrap())
        .unwrap();
    assert_eq!(visits.len(), 1);
    assert_eq!(visits[0].assign_unit.as_deref(), Some("区住房和城乡建设局"));
    assert_eq!(d.store.leader_assignments().unwrap().len(), 1);
}

#[test]
fn with_several_receptions_today_a_pick_offers_them_with_the_booked_one_chosen() {
    let mut d = desk_receiving(&["09:00", "15:00"]);
    let mut a = loaded(Lang::En, &d);
    marks(&mut a, &d);
    let text = press_l(&mut a, &mut d);
    assert!(
        text.contains("Which leader's reception for no. 1 王芳?"),
        "{text}"
    );
    assert!(text.contains("09:00 钱副县长 reception"), "{text}");
    assert!(text.contains("15:00 孙副书记 reception"), "{text}");
    assert!(text.contains("(booked)"), "{text}");
    assert_borders_intact(&text, 80);
    // Enter takes the booked one (the second), not the first in the list.
    let sent = key(&mut a, KeyCode::Enter);
    carry_out(&mut a, &mut d, sent);
    assert!(
        screen(&a).contains("To 孙副书记 reception (15:00) · no. 1 王芳"),
        "{}",
        screen(&a)
    );
}

#[test]
fn with_no_reception_today_l_says_so_and_how_to_schedule_one() {
    for lang in [Lang::Zh, Lang::En] {
        let mut d = desk_receiving(&[]);
        let mut a = loaded(lang, &d);
        key(&mut a, KeyCode::Down);
        let sent = key(&mut a, KeyCode::Char('L'));
        carry_out(&mut a, &mut d, sent);
        // Whole at 80 columns: what is wrong and the command that fixes it.
        let text = screen(&a);
        let status = text.lines().next().unwrap();
        let said = match lang {
            Lang::Zh => "今天没有领导接访，无处可转；安排接访：jiedai reception add",
            Lang::En => "No leader receives today; schedule one with: jiedai reception add",
        };
        assert!(status.contains(said), "{status}");
        assert!(
            !status.contains("错误") && !status.contains("Error"),
            "{status}"
        );
        assert!(
            !text.contains("领导意见") && !text.contains("opinion"),
            "no form:\n{text}"
        );
    }
}

#[test]
fn book_and_record_from_the_command_line_are_one_visit_each() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("desk.db");
    roster_db(&db);
    let now = "2026-11-20T08:30:00+08:00";
    let run = |at: &str, args: &[&str]| jiedai(&db, at, args);
    let ok = |at: &str, args: &[&str]| {
        let out = run(at, args);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        String::from_utf8(out.stdout).unwrap()
    };
    ok(now, &["officer", "add", LEADER, "--role", "领导"]);
    let add = |day: &str| {
        ok(
            now,
            &[
                "reception",
                "add",
                "--leader",
                LEADER,
                "--date",
                day,
                "--time",
                "09:30",
                "--place",
                "接待大厅",
                "--topic",
                "住房",
            ],
        )
    };
    add("2026-11-19");
    add("2026-11-20");
    ok(
        now,
        &["checkin", "--name", "张伟", "--matter", "反映物业违规收费"],
    );
    // A reception already held takes no bookings; a person is booked once.
    let out = run(
        now,
        &["--lang", "zh", "reception", "book", "1", "--person", "1"],
    );
    assert_ne!(code(&out), 0);
    assert!(stderr(&out).contains("已经过去"), "{}", stderr(&out));
    let booked = ok(
        now,
        &["--lang", "zh", "reception", "book", "2", "--person", "1"],
    );
    assert!(
        booked.contains("预约 #1：张伟 → 接访 #2 2026-11-20 09:30 钱副县长接访"),
        "{booked}"
    );
    let out = run(now, &["reception", "book", "2", "--person", "1"]);
    assert!(stderr(&out).contains("already booked"), "{}", stderr(&out));

    // Routed first, the leader's word later: one visit; a third time is refused.
    ok(now, &["reception", "record", "2", "--queue", "1"]);
    let v = ok(
        now,
        &[
            "reception",
            "record",
            "2",
            "--queue",
            "1",
            "--opinion",
            "依法答复",
            "--json",
        ],
    );
    let v: serde_json::Value = serde_json::from_str(&v).unwrap();
    assert_eq!(v["opinion"], "依法答复");
    let out = run(
        now,
        &[
            "--lang",
            "zh",
            "reception",
            "record",
            "2",
            "--queue",
            "1",
            "--opinion",
            "再说一次",
        ],
    );
    assert_ne!(code(&out), 0);
    assert!(
        stderr(&out).contains("领导意见已记录过"),
        "{}",
        stderr(&out)
    );
    let list = ok(
        now,
        &["reception", "list", "--from", "2026-11-20", "--json"],
    );
    let list: serde_json::Value = serde_json::from_str(&list).unwrap();
    assert_eq!(list[0]["visits"], 1);
    let case = ok(now, &["case", "show", "2026-000001", "--json"]);
    let case: serde_json::Value = serde_json::from_str(&case).unwrap();
    let kinds: Vec<&str> = case["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["kind"].as_str())
        .collect();
    assert_eq!(
        kinds,
        ["registered", "contact", "reception", "instruct"],
        "{kinds:?}"
    );
    let shown = ok(now, &["--lang", "zh", "case", "show", "2026-000001"]);
    assert!(
        shown.contains("钱副县长接访 · 09:30 · 接待大厅 · 排队第 1 号"),
        "{shown}"
    );
}

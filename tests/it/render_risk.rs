//! The register view (台账) on a test backend at 80×24 in both languages: opened
//! with `b`, filled from a real store with a plan, screening rounds and items, and
//! skip-level contacts; and the handover view leading with the open plan.

use crate::common::*;
use jiedai::domain::risk::{parse_divisions, RiskLevel, ScopeKind};
use jiedai::store::{ItemInput, PlanStart};
use jiedai::tui::worker::{RegisterData, RiskRequest, RiskResponse};

const DIVISIONS: &str = "341122,城关县\n341122100,城关镇\n341122100201,幸福村\n341122101,河西乡\n";

fn risk_desk() -> Desk {
    desk_with(|store| {
        let list = parse_divisions(DIVISIONS).unwrap();
        store.load_divisions("李娜", &list).unwrap();
        store.set_time(at("2026-11-16T09:00:00+08:00"));
        let round = store
            .report_round("李娜", ScopeKind::Area, "城关镇", None, false)
            .unwrap();
        store
            .add_screening_item(
                "李娜",
                round.id,
                &ItemInput {
                    factor: "征地补偿纠纷，村民多次集体反映".into(),
                    area: "城关镇幸福村".into(),
                    people: vec![1],
                    risk: RiskLevel::Major,
                    owner: "张镇长".into(),
                    measures: "入户走访".into(),
                    deadline: chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap(),
                },
            )
            .unwrap();
        store.set_time(at("2026-11-27T15:00:00+08:00"));
        let mut call = walk_in("王芳", Some("11010519491231002X"), 1, "进京反映物业收费");
        call.intake.channel = Some(Channel::Call);
        store
            .check_in_with(
                "李娜",
                &call,
                &jiedai::store::risk_port::RiskIntake {
                    level: jiedai::domain::risk::VisitLevel::Capital,
                    notice: true,
                    ..Default::default()
                },
            )
            .unwrap();
        store.set_time(at("2026-11-28T10:00:00+08:00"));
        store
            .start_plan(
                "李娜",
                &PlanStart {
                    headcount: Some(30),
                    area: Some("河西乡".into()),
                    reason: "征地补偿集体访".into(),
                    ..Default::default()
                },
            )
            .unwrap();
    })
}

fn register_data(d: &Desk) -> RegisterData {
    RegisterData {
        brief: d.store.risk_brief().unwrap(),
        screening: d.store.screening_register(None).unwrap(),
        levels: d.store.level_register(None, None).unwrap(),
        plans: d.store.plans(false, 20).unwrap(),
    }
}

#[test]
fn the_register_view_in_both_languages_at_80x24() {
    let d = risk_desk();
    for (lang, name) in [(Lang::Zh, "risk_zh"), (Lang::En, "risk_en")] {
        let mut a = loaded(lang, &d);
        let commands = key(&mut a, KeyCode::Char('w'));
        assert!(commands
            .iter()
            .any(|c| matches!(c, Command::Send(Request::Risk(RiskRequest::Register)))));
        feed(
            &mut a,
            Response::Risk(Box::new(RiskResponse::Register(Box::new(register_data(
                &d,
            ))))),
        );
        let text = screen(&a);
        match lang {
            Lang::Zh => {
                assert!(text.contains("台账"), "{text}");
                // With its day: the register lists a year's plans (found walking a shift).
                assert!(text.contains("预案 #1 11-28 10:00 启动"), "{text}");
                assert!(text.contains("属地 河西乡  待通知"), "{text}");
                assert!(text.contains("逾期未报"), "{text}");
            }
            Lang::En => {
                assert!(text.contains("Risk registers"), "{text}");
                assert!(text.contains("plan #1 started 11-28 10:00"), "{text}");
                assert!(text.contains("late"), "{text}");
            }
        }
        insta::assert_snapshot!(name, text);
        // Scrolling reaches the skip-level section; Esc leaves the view.
        for _ in 0..40 {
            key(&mut a, KeyCode::Down);
        }
        let end = screen(&a);
        assert!(
            end.contains("王芳") && (end.contains(" 京 ") || end.contains("Beijing")),
            "{end}"
        );
        key(&mut a, KeyCode::Esc);
        assert!(!screen(&a).contains("属地 河西乡"));
    }
}

#[test]
fn the_handover_view_leads_with_the_open_plan() {
    let d = risk_desk();
    for (lang, want) in [
        (Lang::Zh, "进行中的突发事件预案（1）"),
        (Lang::En, "Open plans"),
    ] {
        let mut a = loaded(lang, &d);
        key(&mut a, KeyCode::Char('h'));
        let summary = d.store.handover_summary("王科员", None, None).unwrap();
        let seq = a.layers.find::<HandoverView>().map(|v| v.seq).unwrap();
        feed(
            &mut a,
            Response::Shift(Box::new(ShiftResponse::Summary {
                seq,
                summary: Box::new(summary),
            })),
        );
        let text = screen(&a);
        assert!(text.contains(want), "{text}");
    }
}

#[test]
fn starting_the_plan_from_the_queue_names_the_selected_visitor() {
    let d = risk_desk();
    let mut a = loaded(Lang::Zh, &d);
    let commands = key(&mut a, KeyCode::Char('P'));
    let sent = commands.iter().find_map(|c| match c {
        Command::Send(Request::Risk(RiskRequest::StartPlan {
            officer,
            contact_id,
        })) => Some((officer.clone(), *contact_id)),
        _ => None,
    });
    let (officer, contact) = sent.expect("P sends a plan start");
    assert_eq!(officer, "王科员");
    assert!(contact.is_some());
}

#[test]
fn the_report_section_counts_screening_plans_and_levels() {
    let d = risk_desk();
    let from = chrono::NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
    let to = chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
    let r = d.store.registers_report(from, to).unwrap();
    assert_eq!(r.plans.len(), 1);
    assert_eq!(r.screening.items_found, 1);
    let zh = jiedai::words::risk::report_tables(&r, Lang::Zh);
    assert_eq!(zh.len(), 3);
    assert_eq!(zh[0].0, "每半月排查");
    assert!(zh[0]
        .2
        .contains(&vec!["排查出事项".to_string(), "1".to_string()]));
    assert_eq!(zh[1].2.len(), 1);
    assert_eq!(zh[1].2[0][2], "30");
    assert_eq!(
        zh[2].2[0],
        ["2026-11", "0", "0", "0", "1", "1", "0", "0"].map(String::from)
    );
    let en = jiedai::words::risk::report_tables(&r, Lang::En);
    assert_eq!(en[1].0, "Plans for sudden group visits");
}

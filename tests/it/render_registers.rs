//! The 包案 register on the desk (`b`) and today's reception on the status line,
//! drawn on a test backend at 80×24 in both languages.

use crate::common::*;
use jiedai::store::BaoanInput;

/// The shared desk with a leader, a 包案 record on 王芳 (who comes back this
/// morning) and a reception today.
fn leaders_desk() -> Desk {
    desk_with(|store| {
        store
            .add_officer_with(&jiedai::store::Enrolment {
                name: "张副县长".into(),
                role: jiedai::domain::roster::OfficerRole::Leader,
                title: Some("副县长".into()),
                host_account: None,
            })
            .unwrap();
        store
            .baoan_add(
                "李娜",
                &BaoanInput {
                    petitioner_id: 1,
                    leader: "张副县长".into(),
                    unit: "区住房和城乡建设局".into(),
                    plan: "每月走访一次".into(),
                    target_date: Some(chrono::NaiveDate::from_ymd_opt(2026, 12, 31).unwrap()),
                    case_no: Some("2026-000001".into()),
                    keeper: Some("李村长".into()),
                },
            )
            .unwrap();
        store
            .reception_add(
                "李娜",
                &jiedai::store::ReceptionInput {
                    leader: "张副县长".into(),
                    day: Some(chrono::NaiveDate::from_ymd_opt(2026, 11, 28).unwrap()),
                    time: "14:30".into(),
                    place: "县信访局接待大厅".into(),
                    topic: "物业与住房".into(),
                    announced: true,
                    ..Default::default()
                },
            )
            .unwrap();
    })
}

fn open_register(app: &mut App, d: &Desk) -> Vec<Command> {
    let commands = key(app, KeyCode::Char('b'));
    for c in &commands {
        if let Command::Send(Request::Registers) = c {
            feed(app, Response::Registers(d.store.baoan_list(None).unwrap()));
        }
    }
    commands
}

#[test]
fn the_register_and_todays_reception_in_both_languages() {
    let d = leaders_desk();
    for lang in [Lang::Zh, Lang::En] {
        let mut app = loaded(lang, &d);
        let today = d.store.today();
        let receptions = d.store.receptions(today, today).unwrap();
        feed(
            &mut app,
            Response::Receptions(receptions.into_iter().map(|r| r.brief()).collect()),
        );
        let queue = screen(&app);
        let first = queue.lines().next().unwrap();
        let expected = match lang {
            Lang::Zh => "14:30 张副县长接访",
            Lang::En => "14:30 张副县长 reception",
        };
        assert!(first.contains(expected), "{first}");
        assert!(queue.contains("包案") || lang == Lang::En, "{queue}");

        let commands = open_register(&mut app, &d);
        assert!(
            commands
                .iter()
                .any(|c| matches!(c, Command::Send(Request::Registers))),
            "{commands:?}"
        );
        let text = screen(&app);
        assert_borders_intact(&text, 80);
        let name = match lang {
            Lang::Zh => "registers_zh_80x24",
            Lang::En => "registers_en_80x24",
        };
        insta::assert_snapshot!(name, text);

        // `t` records that the leader was told; Esc goes back to the queue.
        let told = key(&mut app, KeyCode::Char('t'));
        assert!(
            told.iter().any(|c| matches!(
                c,
                Command::Send(Request::BaoanTold { id: 1, officer }) if officer == "王科员"
            )),
            "{told:?}"
        );
        key(&mut app, KeyCode::Esc);
        assert_eq!(screen(&app), queue);
    }
}

/// `t` on a record with nothing untold did nothing and said nothing.
#[test]
fn t_with_nothing_untold_says_so() {
    let mut d = leaders_desk();
    d.store.baoan_told("李娜", 1).unwrap();
    for (lang, says) in [
        (Lang::Zh, "王芳：没有未告知包案领导的来访来信"),
        (Lang::En, "王芳: the leader knows of every contact already"),
    ] {
        let mut app = loaded(lang, &d);
        open_register(&mut app, &d);
        let sent = key(&mut app, KeyCode::Char('t'));
        assert!(sent.is_empty(), "{sent:?}");
        let first = screen(&app).lines().next().unwrap().to_string();
        assert!(first.contains(says), "{first}");
    }
}

#[test]
fn an_empty_register_says_so() {
    let d = desk();
    let mut app = loaded(Lang::Zh, &d);
    open_register(&mut app, &d);
    let text = screen(&app);
    assert!(text.contains("（无）"), "{text}");
    assert!(
        text.lines().last().unwrap().contains("t 已告知领导"),
        "{text}"
    );
}

/// A 老户 quiet for hundreds of days keeps the 天 of their row at 80 columns (the
/// days column was 16 wide, so "包案后未来 296 天" read "包案后未来 296 …").
#[test]
fn hundreds_of_days_are_not_cut_from_a_row() {
    let d = leaders_desk();
    for lang in [Lang::Zh, Lang::En] {
        let mut a = loaded(lang, &d);
        key(&mut a, KeyCode::Char('b'));
        let mut list = d.store.baoan_list(None).unwrap();
        list[0].last_contact = None;
        list[0].days_since_contact = 296;
        let mut long = list[0].clone();
        long.id += 1;
        long.last_contact = chrono::NaiveDate::from_ymd_opt(2026, 1, 2);
        long.days_since_contact = 330;
        list.push(long);
        feed(&mut a, Response::Registers(list));
        let text = screen(&a);
        let (quiet, came) = match lang {
            Lang::Zh => ("包案后未来 296 天", "距上次来访 330 天"),
            Lang::En => ("not since (296 d)", "came 330 d ago"),
        };
        assert!(text.contains(quiet), "{text}");
        assert!(text.contains(came), "{text}");
        assert_borders_intact(&text, 80);
    }
}

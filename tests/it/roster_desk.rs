//! The roster at the desk: the sign-in and every picker list only active officers on
//! the roster; a typed name on nobody is refused (a 科员 is told to ask the 科长) or,
//! for a 科长, added as its own confirmed act; a new office's first officer signs in
//! as 科长; re-picking the current handler writes nothing.

use crate::common::*;
use jiedai::domain::roster::{OfficerRole, RosterError};
use jiedai::store::StoreError;
use jiedai::tui::panes::handpick::OfficerPick;
use serde_json::Value;

fn typed(a: &mut App, text: &str) {
    for c in text.chars() {
        key(a, KeyCode::Char(c));
    }
}

#[test]
fn pickers_show_the_roster_and_only_a_chief_adds_to_it() {
    let mut d = desk();
    add_officers(&mut d.store, &["赵强", "孙丽"]);
    d.store.retire_officer("王科员", "赵强").unwrap();
    for (lang, add, ask) in [
        (
            Lang::Zh,
            "＋ 加入名册：周明",
            "名册上没有“周明”：请科长添加",
        ),
        (
            Lang::En,
            "+ add to the roster: 周明",
            "周明 is not on the roster: ask the chief",
        ),
    ] {
        // 王科员 is the 科长: the hand-over pick lists the active officers but him.
        let mut a = loaded(lang, &d);
        let pick = OfficerPick::new(&a.officers, "王科员");
        a.layers.push(Box::new(pick));
        let text = screen(&a);
        assert!(text.contains("李娜") && text.contains("孙丽"), "{text}");
        assert!(
            !text.contains("赵强"),
            "a retired officer is not offered: {text}"
        );
        typed(&mut a, "周明");
        let text = screen(&a);
        assert!(text.contains(add), "{text}");
        let c = key(&mut a, KeyCode::Enter);
        assert!(c.is_empty(), "asked first: {c:?}");
        assert!(a.layers.has::<Confirm>());
        let c = key(&mut a, KeyCode::Char('y'));
        assert!(
            matches!(c.as_slice(), [Command::Send(Request::AddOfficer { officer, name })]
                if officer == "王科员" && name == "周明"),
            "{c:?}"
        );

        // 李娜 is a 科员: told to ask the 科长, and nothing is sent.
        let mut a = loaded(lang, &d);
        a.officer = Some("李娜".into());
        let pick = OfficerPick::new(&a.officers, "李娜");
        a.layers.push(Box::new(pick));
        typed(&mut a, "周明");
        assert!(screen(&a).contains(ask), "{}", screen(&a));
        let c = key(&mut a, KeyCode::Enter);
        assert!(c.is_empty(), "{c:?}");
        assert!(!a.layers.has::<Confirm>());
    }

    // The owner picker: the roster and the units; a name on nobody is not a handler.
    let mut a = loaded(Lang::Zh, &d);
    let c = key(&mut a, KeyCode::Char('o'));
    answer(&mut a, &d, c);
    let text = screen(&a);
    assert!(text.contains("孙丽") && !text.contains("赵强"), "{text}");
    typed(&mut a, "周明");
    assert!(screen(&a).contains("＋ 加入名册：周明"), "{}", screen(&a));
    let c = key(&mut a, KeyCode::Enter);
    assert!(!c
        .iter()
        .any(|c| matches!(c, Command::Send(Request::Assign { .. }))));
    assert!(a.layers.has::<Confirm>());
}

#[test]
fn the_desk_adds_to_the_roster_only_for_a_chief() {
    let mut d = desk();
    let done = d
        .store
        .enrol(
            Some("王科员"),
            &jiedai::store::Enrolment {
                name: "周明".into(),
                ..Default::default()
            },
        )
        .unwrap();
    assert!(!done.first);
    assert_eq!(done.officer.role, OfficerRole::Clerk);
    assert!(matches!(
        d.store.enrol(
            Some("李娜"),
            &jiedai::store::Enrolment {
                name: "孙丽".into(),
                ..Default::default()
            }
        ),
        Err(StoreError::Roster(RosterError::NotChief { .. }))
    ));
    assert!(d.store.officers().unwrap().iter().all(|o| o.name != "孙丽"));
}

#[test]
fn re_picking_the_current_handler_writes_nothing() {
    let mut d = desk();
    let case = "2026-000001";
    let before = d.store.case_detail(case).unwrap();
    assert_eq!(before.case.handler.as_deref(), Some("李娜"));
    d.store.assign("王科员", case, Some("李娜"), None).unwrap();
    let after = d.store.case_detail(case).unwrap();
    assert_eq!(after.events.len(), before.events.len(), "no event");
    d.store
        .assign("王科员", case, Some("王科员"), None)
        .unwrap();
    let changed = d.store.case_detail(case).unwrap();
    assert_eq!(changed.events.len(), before.events.len() + 1);
    assert_eq!(changed.case.handler.as_deref(), Some("王科员"));
}

#[test]
fn the_sign_in_refuses_a_typo_and_names_the_officer_meant() {
    let d = desk();
    let mut a = App::new(AppInit {
        lang: Lang::Zh,
        officer: None,
        keymap: Keymap::defaults(),
        theme: Theme { color: false },
        now: parse_instant(NOW).unwrap(),
        max_extension_days: 30,
    });
    feed(
        &mut a,
        Response::Lists {
            officers: d.store.officers().unwrap(),
            units: Vec::new(),
            categories: Vec::new(),
        },
    );
    let text = screen(&a);
    assert!(text.contains("王科员") && text.contains("李娜"), "{text}");
    typed(&mut a, "王课员");
    let c = key(&mut a, KeyCode::Enter);
    assert!(c.is_empty(), "{c:?}");
    let text = screen(&a);
    assert!(
        text.contains("名册上没有“王课员”（是否是：王科员？）"),
        "{text}"
    );
    for _ in 0..3 {
        key(&mut a, KeyCode::Backspace);
    }
    typed(&mut a, "ln");
    let c = key(&mut a, KeyCode::Enter);
    assert!(
        matches!(c.as_slice(), [Command::Send(Request::SignIn { officer })] if officer == "李娜"),
        "{c:?}"
    );
}

#[test]
fn a_new_office_signs_its_first_officer_in_at_the_desk_as_chief() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("new.db");
    let mut desk = crate::desk_pty::Desk::start(dir.path(), &db, &["--lang", "zh"], 80, 24);
    desk.wait_for("名册为空");
    desk.send("刘洋\r");
    desk.wait_for("任科长");
    desk.send("y");
    desk.wait_for("值班  刘洋");
    desk.send("q");
    assert!(desk.wait_exit().success());
    let all = roster(&db);
    assert_eq!(all.len(), 1);
    assert_eq!(
        (&all[0]["name"], &all[0]["role"]),
        (&Value::from("刘洋"), &Value::from("chief"))
    );

    // The next start asks among the roster and refuses a name not on it.
    let mut desk = crate::desk_pty::Desk::start(dir.path(), &db, &["--lang", "zh"], 80, 24);
    desk.wait_for("名册");
    desk.send("刘阳\r");
    desk.wait_for("名册上没有“刘阳”");
    assert_eq!(roster(&db).len(), 1, "a typo never becomes an officer");
    desk.send("\x15ly\r");
    desk.wait_for("值班  刘洋");
    desk.send("q");
    assert!(desk.wait_exit().success());
}

/// The roster on file, retired officers too, as `officer list --all --json` prints it.
fn roster(db: &std::path::Path) -> Vec<Value> {
    let out = crate::common::runner::jiedai(db, NOW, &["officer", "list", "--all", "--json"]);
    assert!(
        out.status.success(),
        "{}",
        crate::common::runner::stderr(&out)
    );
    serde_json::from_slice::<Value>(&out.stdout)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

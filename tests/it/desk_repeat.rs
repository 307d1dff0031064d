//! A returning person in the check-in form (issue 10, item 3): a typed ID number
//! on record offers the person's open cases, the case whose matter reads alike is
//! the default and one key changes it, the form says when they already hold a
//! queue number, and `C-k` is in the hints. Also Art. 20's configured limit
//! (item 4).

use crate::common::*;

fn ctrl(a: &mut App, c: char) -> Vec<Command> {
    a.update(Msg::Key(KeyEvent::new(
        KeyCode::Char(c),
        KeyModifiers::CONTROL,
    )))
}

/// Answers lookups and person requests until the form asks for nothing more
/// (a lookup's answer can ask for the person it found).
fn settle(a: &mut App, d: &Desk, mut commands: Vec<Command>) {
    for _ in 0..4 {
        let mut next = Vec::new();
        for c in commands {
            let Command::Send(req) = c else { continue };
            let response = match req {
                Request::Person { petitioner_id } => {
                    Response::Person(Box::new(d.store.person_detail(petitioner_id).unwrap()))
                }
                Request::Lookup { seq, target, query } => Response::Lookup {
                    seq,
                    target,
                    rows: d.store.lookup(&query, 200).unwrap(),
                },
                _ => continue,
            };
            next.extend(feed(a, response));
        }
        commands = next;
    }
}

fn saved_case(sent: &[Command]) -> Option<Option<String>> {
    sent.iter().find_map(|c| match c {
        Command::Send(Request::CheckIn { request, .. }) => Some(request.case_no.clone()),
        _ => None,
    })
}

/// 王芳 (on record with one open case, and No. 1 in today's queue) typed by ID.
fn form_for_wang_fang(lang: Lang, d: &Desk, matter: &str) -> App {
    let mut a = loaded(lang, d);
    key(&mut a, KeyCode::Char('n'));
    let sent = type_text(&mut a, "王芳");
    settle(&mut a, d, sent);
    key(&mut a, KeyCode::Tab);
    let sent = type_text(&mut a, "11010519491231002X");
    settle(&mut a, d, sent);
    for _ in 0..6 {
        key(&mut a, KeyCode::Tab);
    }
    type_text(&mut a, matter);
    a
}

#[test]
fn a_known_id_number_offers_the_open_cases_and_the_queue_place() {
    let d = desk();
    let (rows, _) = queue_snapshot(&d.store).unwrap();
    let her_case = rows[0].case_no.clone();
    for lang in [Lang::Zh, Lang::En] {
        let a = form_for_wang_fang(lang, &d, "再次反映物业收费问题");
        let (text, _) = render(&a, 120, 40);
        let says = if lang == Lang::Zh {
            [
                "王芳 的在办事项（1 件）",
                "C-k 并入所选事项 / 新立事项",
                "王芳 已在队列中：1 号（等候）",
                "关联到 王芳",
            ]
        } else {
            [
                "Open cases of 王芳 (1)",
                "C-k join one / new case",
                "王芳 is already in the queue: No. 1 (waiting)",
                "Linked to 王芳",
            ]
        };
        for part in says {
            assert!(text.contains(part), "{part:?} missing:\n{text}");
        }
        assert!(text.contains(&her_case), "{text}");
    }
}

#[test]
fn the_case_whose_matter_reads_alike_is_the_default_and_one_key_changes_it() {
    let d = desk();
    let (rows, _) = queue_snapshot(&d.store).unwrap();
    let her_case = rows[0].case_no.clone();

    // The same matter: joining her case is the default…
    let mut a = form_for_wang_fang(Lang::Zh, &d, "再次反映物业收费问题");
    // Before: saved as a new case unless the officer knew C-l and C-k.
    let sent = ctrl(&mut a, 's');
    assert_eq!(
        saved_case(&sent),
        Some(Some(her_case.clone())),
        "{}",
        screen(&a)
    );

    // …and one key makes it a new case.
    let mut a = form_for_wang_fang(Lang::Zh, &d, "再次反映物业收费问题");
    ctrl(&mut a, 'k');
    assert_eq!(saved_case(&ctrl(&mut a, 's')), Some(None));

    // Another matter: a new case by default, her case one key away.
    let mut a = form_for_wang_fang(Lang::Zh, &d, "拖欠工资");
    assert_eq!(saved_case(&ctrl(&mut a, 's')), Some(None));
    let mut a = form_for_wang_fang(Lang::Zh, &d, "拖欠工资");
    ctrl(&mut a, 'k');
    assert_eq!(saved_case(&ctrl(&mut a, 's')), Some(Some(her_case)));
}

#[test]
fn c_k_is_in_the_form_hints_at_80_columns() {
    let d = desk();
    for lang in [Lang::Zh, Lang::En] {
        let mut a = loaded(lang, &d);
        key(&mut a, KeyCode::Char('n'));
        let (text, _) = render(&a, 80, 24);
        let hints = text.lines().last().unwrap_or_default().to_string();
        assert!(hints.contains("C-k"), "{hints}");
        assert!(hints.contains("C-l"), "{hints}");
    }
}

#[test]
fn art_20_advice_uses_the_configured_limit() {
    let d = desk();
    let mut a = loaded(Lang::Zh, &d);
    a.max_representatives = 3;
    key(&mut a, KeyCode::Char('n'));
    type_text(&mut a, "赵六");
    for _ in 0..4 {
        key(&mut a, KeyCode::Tab);
    }
    type_text(&mut a, "4");
    let text = screen(&a);
    // Before: the form said 5 whatever the office configured.
    assert!(text.contains("应推选不超过 3 名代表"), "{text}");
    key(&mut a, KeyCode::Tab);
    type_text(&mut a, "甲,乙,丙,丁");
    assert!(
        screen(&a).contains("填写了 4 名代表：代表不超过 3 人"),
        "{}",
        screen(&a)
    );
}

/// 李强, on record and marked 老户, in the desk fixture's store; his person id.
fn long_standing_li_qiang(d: &mut Desk) -> i64 {
    let r = d
        .store
        .check_in(
            "王科员",
            &walk_in("李强", Some("110101199003074477"), 1, "反映征地补偿"),
        )
        .unwrap();
    d.store
        .mark_long_standing("王科员", r.petitioner_id, true)
        .unwrap();
    r.petitioner_id
}

#[test]
fn a_representative_on_record_is_picked_and_a_long_standing_one_flags_the_visit() {
    for lang in [Lang::Zh, Lang::En] {
        let mut d = desk();
        let li = long_standing_li_qiang(&mut d);
        let mut a = loaded(lang, &d);
        key(&mut a, KeyCode::Char('n'));
        type_text(&mut a, "周建国");
        for _ in 0..4 {
            key(&mut a, KeyCode::Tab);
        }
        type_text(&mut a, "6");
        key(&mut a, KeyCode::Tab);
        type_text(&mut a, "周建国、");
        let sent = type_text(&mut a, "李强");
        settle(&mut a, &d, sent);
        let picks = if lang == Lang::Zh {
            "C-l 选为代表"
        } else {
            "C-l to pick as representative"
        };
        let (text, _) = render(&a, 120, 40);
        assert!(text.contains(picks), "{text}");
        ctrl(&mut a, 'l');
        let (text, _) = render(&a, 120, 40);
        let flagged = if lang == Lang::Zh {
            "代表中有老户：李强"
        } else {
            "Long-standing petitioners among the representatives: 李强"
        };
        assert!(text.contains(flagged), "{text}");
        for _ in 0..2 {
            key(&mut a, KeyCode::Tab);
        }
        type_text(&mut a, "集体反映拆迁补偿");
        let sent = ctrl(&mut a, 's');
        let request = sent
            .iter()
            .find_map(|c| match c {
                Command::Send(Request::CheckIn { request, .. }) => Some(request.clone()),
                _ => None,
            })
            .expect("saved");
        assert_eq!(request.representative_ids, vec![li]);
        assert_eq!(request.intake.representatives, vec!["周建国", "李强"]);

        // The store flags the visit 老户 for him and puts him on the case.
        let r = d.store.check_in("王科员", &request).unwrap();
        assert!(r.flags.contains(&Flag::LongStanding), "{:?}", r.flags);
        let case = d.store.case_detail(&r.case_no).unwrap();
        assert!(case
            .petitioners
            .iter()
            .any(|p| p.petitioner_id == li && p.role == jiedai::domain::Role::Representative));
    }
}

/// Issue 10.14: an enquiry (问进展) from the desk is one key on the joined case; it
/// opens no case and is recorded as an enquiry, not a repeat petition.
#[test]
fn an_enquiry_on_the_joined_case_is_one_key_and_opens_no_case() {
    let mut d = desk();
    let (rows, _) = queue_snapshot(&d.store).unwrap();
    let her_case = rows[0].case_no.clone();
    let cases = |d: &Desk| -> i64 {
        rusqlite::Connection::open(d._dir.path().join("desk.db"))
            .unwrap()
            .query_row("SELECT count(*) FROM cases", [], |r| r.get(0))
            .unwrap()
    };
    let cases_before = cases(&d);

    // With no person linked the key explains what it needs and marks nothing.
    let mut a = loaded(Lang::Zh, &d);
    key(&mut a, KeyCode::Char('n'));
    ctrl(&mut a, 'e');
    assert!(
        screen(&a).contains("问进展须先并入所查询的事项"),
        "{}",
        screen(&a)
    );

    let mut a = form_for_wang_fang(Lang::Zh, &d, "问一下物业退费办到哪一步了");
    ctrl(&mut a, 'e');
    let (text, _) = render(&a, 120, 40);
    assert!(text.contains(&format!("{her_case}（问进展）")), "{text}");
    let sent = ctrl(&mut a, 's');
    let request = sent
        .iter()
        .find_map(|c| match c {
            Command::Send(Request::CheckIn { request, .. }) => Some(request.clone()),
            _ => None,
        })
        .expect("the form saves");
    assert!(request.enquiry);
    assert_eq!(request.case_no.as_deref(), Some(her_case.as_str()));

    // What the desk sends, the store records: no new case, flagged enquiry.
    let saved = d.store.check_in("李娜", &request).unwrap();
    assert_eq!(saved.case_no, her_case);
    assert!(saved.flags.contains(&Flag::Enquiry), "{:?}", saved.flags);
    assert!(!saved.flags.contains(&Flag::Repeat), "{:?}", saved.flags);
    assert_eq!(cases(&d), cases_before);
}

/// A check-in form the desk was killed in comes back as a draft. It came back
/// saying 没有匹配的人 for an ID number on record, and saving put a second queue
/// number and a new case on that person with a warning only after the fact.
#[test]
fn a_restored_draft_finds_its_person_before_saving() {
    let d = desk();
    let mut a = app(Lang::Zh);
    let (rows, counts) = queue_snapshot(&d.store).unwrap();
    feed(&mut a, Response::Queue { rows, counts });
    a.pending_draft = Some(jiedai::tui::draft::Draft {
        fields: vec![
            ("name".into(), "王芳".into()),
            ("id_number".into(), "11010519491231002X".into()),
        ],
        channel: "visit".into(),
    });
    let sent = feed(
        &mut a,
        Response::Lists {
            officers: d.store.officers().unwrap(),
            units: Vec::new(),
            categories: d.store.categories().unwrap(),
        },
    );
    assert!(a.layers.has::<CheckInForm>());
    settle(&mut a, &d, sent);
    let text = screen(&a);
    assert!(text.contains("已恢复上次未保存的内容"), "{text}");
    assert!(text.contains("王芳 的在办事项"), "{text}");
    assert!(!text.contains("没有匹配的人"), "{text}");
}

//! The check-in form's second page, its new-representative box, and what it says
//! before saving (Art. 20, the screening rounds, the plan), drawn at 80×24 in
//! both languages, with a real store answering, including the rolled-back
//! preview of the check-in.

use crate::common::*;
use jiedai::domain::risk::{Division, DivisionLevel, RiskLevel, ScopeKind};
use jiedai::domain::Source;
use jiedai::store::{ItemInput, Rules};
use jiedai::tui::worker::{Request, Response};

/// The test desk, with a screening list of one town whose last round holds an
/// item, the town on the division list, and the plan at 6 people.
fn office() -> Desk {
    let mut d = desk();
    let mut rules = Rules::default();
    rules.risk.screening_areas = vec!["城关镇".into()];
    rules.risk.plan_headcount = 6;
    d.store.set_rules(rules);
    d.store.set_time(at(NOW));
    let town = |code: &str, name: &str| Division {
        code: code.into(),
        name: name.into(),
        level: DivisionLevel::Town,
        parent: None,
    };
    d.store
        .load_divisions(
            "王科员",
            &[town("990101100", "城关镇"), town("990101102", "东湖镇")],
        )
        .unwrap();
    let round = d
        .store
        .report_round(
            "王科员",
            ScopeKind::Area,
            "城关镇",
            Some("2026-11-16".parse().unwrap()),
            false,
        )
        .unwrap();
    d.store
        .add_screening_item(
            "王科员",
            round.id,
            &ItemInput {
                factor: "征地补偿纠纷".into(),
                area: "城关镇".into(),
                people: Vec::new(),
                risk: RiskLevel::Major,
                owner: "赵勇强".into(),
                measures: "入户走访".into(),
                deadline: "2026-12-15".parse().unwrap(),
            },
        )
        .unwrap();
    d
}

fn ctrl(a: &mut App, c: char) -> Vec<Command> {
    a.update(Msg::Key(KeyEvent::new(
        KeyCode::Char(c),
        KeyModifiers::CONTROL,
    )))
}

/// Answers as the worker would, the form's own requests included; returns the
/// check-in request when the form saved.
fn serve(a: &mut App, d: &mut Desk, commands: Vec<Command>) -> Option<Request> {
    let mut saved = None;
    for c in commands {
        let Command::Send(req) = c else { continue };
        let response = match req {
            Request::CheckInPreview {
                seq,
                officer,
                request,
                risk,
            } => Response::Preview {
                seq,
                result: d
                    .store
                    .check_in_preview(&officer, &request, &risk)
                    .ok()
                    .map(Box::new),
            },
            Request::Divisions => Response::Divisions(d.store.divisions().unwrap()),
            r @ Request::CheckIn { .. } => {
                saved = Some(r);
                continue;
            }
            other => {
                answer(a, d, vec![Command::Send(other)]);
                continue;
            }
        };
        a.update(Msg::Worker(response));
    }
    saved
}

fn typed(a: &mut App, d: &mut Desk, text: &str) {
    let c = type_text(a, text);
    serve(a, d, c);
}

fn pressed(a: &mut App, d: &mut Desk, code: KeyCode) {
    let c = key(a, code);
    serve(a, d, c);
}

#[test]
fn a_collective_visit_is_told_its_screening_item_and_the_plan_before_saving() {
    let mut d = office();
    for (lang, name) in [
        (Lang::Zh, "deskform_group_zh"),
        (Lang::En, "deskform_group_en"),
    ] {
        let mut a = loaded(lang, &d);
        pressed(&mut a, &mut d, KeyCode::Char('n'));
        typed(&mut a, &mut d, "赵六");
        for _ in 0..3 {
            pressed(&mut a, &mut d, KeyCode::Tab);
        }
        typed(&mut a, &mut d, "城关镇幸福村");
        pressed(&mut a, &mut d, KeyCode::Tab);
        // The pre-filled 1 is replaced: 7, not 17.
        typed(&mut a, &mut d, "7");
        let text = screen(&a);
        assert_borders_intact(&text, 80);
        match lang {
            Lang::Zh => {
                assert!(
                    text.contains("多人来访：应推选不超过 5 名代表（第二十条），请填写代表"),
                    "{text}"
                );
                assert!(
                    text.contains("排查在案：#1 城关镇 征地补偿纠纷（2026-11-16）"),
                    "{text}"
                );
                assert!(
                    text.contains("来访人数达到预案条件：C-p 保存时启动预案（现为：不启动）"),
                    "{text}"
                );
            }
            Lang::En => {
                assert!(text.contains("Screened: #1 城关镇 征地补偿纠纷"), "{text}");
                assert!(
                    text.contains("C-p starts the plan on saving (now: no)"),
                    "{text}"
                );
            }
        }
        insta::assert_snapshot!(name, text);
        // One key accepts the plan; saving carries it.
        let c = ctrl(&mut a, 'p');
        serve(&mut a, &mut d, c);
        let text = screen(&a);
        assert!(text.contains("C-p"), "{text}");
        let c = ctrl(&mut a, 's');
        match serve(&mut a, &mut d, c) {
            Some(Request::CheckIn {
                start_plan,
                request,
                ..
            }) => {
                assert!(start_plan);
                assert_eq!(request.intake.headcount, Some(7));
            }
            other => panic!("{other:?}"),
        }
    }
}

#[test]
fn the_second_page_records_a_matter_from_above_and_its_places() {
    let mut d = office();
    for (lang, name) in [
        (Lang::Zh, "deskform_more_zh"),
        (Lang::En, "deskform_more_en"),
    ] {
        let mut a = loaded(lang, &d);
        pressed(&mut a, &mut d, KeyCode::Char('n'));
        typed(&mut a, &mut d, "赵六");
        let c = ctrl(&mut a, 'o');
        serve(&mut a, &mut d, c);
        pressed(&mut a, &mut d, KeyCode::Right); // 上级交办
        pressed(&mut a, &mut d, KeyCode::Tab);
        typed(&mut a, &mut d, "市信访局");
        pressed(&mut a, &mut d, KeyCode::Tab);
        typed(&mut a, &mut d, "市信转〔2026〕12号");
        pressed(&mut a, &mut d, KeyCode::Tab);
        pressed(&mut a, &mut d, KeyCode::Tab);
        typed(&mut a, &mut d, "30"); // replaces the pre-filled 60
        pressed(&mut a, &mut d, KeyCode::Tab);
        pressed(&mut a, &mut d, KeyCode::Tab);
        pressed(&mut a, &mut d, KeyCode::Right); // 市
        pressed(&mut a, &mut d, KeyCode::Tab);
        typed(&mut a, &mut d, "dhz");
        let text = screen(&a);
        assert_borders_intact(&text, 80);
        assert!(text.contains("东湖镇 990101102"), "the list: {text}");
        insta::assert_snapshot!(name, text);
        pressed(&mut a, &mut d, KeyCode::Enter); // picks 东湖镇
        pressed(&mut a, &mut d, KeyCode::Enter); // the last field: back to page one
        let text = screen(&a);
        let summary = match lang {
            Lang::Zh => "C-o 来源/层级/属地：上级交办 · 市 · 东湖镇",
            Lang::En => "C-o source/level/places: assigned from above · city · 东湖镇",
        };
        assert!(text.contains(summary), "{text}");
        let c = ctrl(&mut a, 's');
        let Some(Request::CheckIn {
            request,
            risk,
            officer,
            start_plan,
        }) = serve(&mut a, &mut d, c)
        else {
            panic!("not saved");
        };
        assert!(!start_plan);
        assert_eq!(request.source, Some(Source::AssignedFromAbove));
        assert_eq!(request.upper.due_days, Some(30));
        assert_eq!(risk.residence_code.as_deref(), Some("990101102"));
        // The store takes it as `checkin --source … --level …` would.
        let r = d.store.check_in_with(&officer, &request, &risk).unwrap();
        assert!(r.flags.contains(&Flag::FromAbove), "{:?}", r.flags);
        let shown = d.store.case_detail(&r.case_no).unwrap();
        let upper = format!("{shown:?}");
        assert!(
            upper.contains("市信访局") && upper.contains("2026-12-28"),
            "{upper}"
        );
    }
}

#[test]
fn a_representative_not_on_record_is_added_from_the_form() {
    let mut d = office();
    for (lang, name) in [(Lang::Zh, "deskform_rep_zh"), (Lang::En, "deskform_rep_en")] {
        let mut a = loaded(lang, &d);
        pressed(&mut a, &mut d, KeyCode::Char('n'));
        typed(&mut a, &mut d, "周建国");
        for _ in 0..4 {
            pressed(&mut a, &mut d, KeyCode::Tab);
        }
        typed(&mut a, &mut d, "3");
        pressed(&mut a, &mut d, KeyCode::Tab);
        typed(&mut a, &mut d, "孙红");
        let c = ctrl(&mut a, 'n');
        serve(&mut a, &mut d, c);
        typed(&mut a, &mut d, "12345");
        pressed(&mut a, &mut d, KeyCode::Enter);
        pressed(&mut a, &mut d, KeyCode::Enter);
        let text = screen(&a);
        assert_borders_intact(&text, 80);
        insta::assert_snapshot!(name, text);
        // Fixed, it joins the list and is kept for the store.
        for _ in 0..5 {
            pressed(&mut a, &mut d, KeyCode::Backspace);
        }
        typed(&mut a, &mut d, "320106197505052018");
        pressed(&mut a, &mut d, KeyCode::Enter);
        pressed(&mut a, &mut d, KeyCode::Enter);
        let text = screen(&a);
        let line = match lang {
            Lang::Zh => "新登记代表：孙红",
            Lang::En => "New on record: 孙红",
        };
        assert!(text.contains(line), "{text}");
        let c = ctrl(&mut a, 's');
        let Some(Request::CheckIn {
            request,
            risk,
            officer,
            ..
        }) = serve(&mut a, &mut d, c)
        else {
            panic!("not saved");
        };
        assert_eq!(request.new_representatives.len(), 1);
        let r = d.store.check_in_with(&officer, &request, &risk).unwrap();
        let rows = d.store.lookup("320106197505052018", 5).unwrap();
        assert_eq!(rows.len(), 1, "on record once, in both rounds");
        let shown = format!("{:?}", d.store.case_detail(&r.case_no).unwrap());
        assert!(
            shown.contains("孙红") && shown.contains("Representative"),
            "{shown}"
        );
    }
}

/// Esc in the new-representative box asks before dropping what was typed in it,
/// as Esc does in the form itself; an untouched box closes at once.
#[test]
fn esc_in_the_new_representative_box_asks_before_dropping_its_typing() {
    let mut d = office();
    let mut a = loaded(Lang::Zh, &d);
    pressed(&mut a, &mut d, KeyCode::Char('n'));
    typed(&mut a, &mut d, "周建国");
    for _ in 0..5 {
        pressed(&mut a, &mut d, KeyCode::Tab);
    }
    typed(&mut a, &mut d, "孙红");
    let form = |a: &App| a.layers.find::<CheckInForm>().unwrap().new_rep.is_some();
    let c = ctrl(&mut a, 'n');
    serve(&mut a, &mut d, c);
    pressed(&mut a, &mut d, KeyCode::Esc);
    assert!(!form(&a), "an untouched box closes at once");

    let c = ctrl(&mut a, 'n');
    serve(&mut a, &mut d, c);
    typed(&mut a, &mut d, "320106197505052018");
    pressed(&mut a, &mut d, KeyCode::Esc);
    assert!(a.layers.has::<Confirm>(), "Esc dropped the box unasked");
    assert!(screen(&a).contains("放弃"), "{}", screen(&a));
    pressed(&mut a, &mut d, KeyCode::Char('n'));
    assert!(form(&a), "no keeps the box");
    let b = a.layers.find::<CheckInForm>().unwrap();
    let kept = b.new_rep.as_ref().unwrap();
    assert_eq!(
        kept.fields.value(jiedai::domain::intake::Field::IdNumber),
        "320106197505052018"
    );
    pressed(&mut a, &mut d, KeyCode::Esc);
    pressed(&mut a, &mut d, KeyCode::Char('y'));
    assert!(!form(&a), "yes drops the box");
    assert!(a.layers.has::<CheckInForm>(), "the form stays");
}

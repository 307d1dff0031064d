//! Notices on the desk: a decision without its written notice on the timeline,
//! the notice form (N), the extension form with its approver (e) and the receipt
//! form (c), at 80×24 in both languages (and the timeline at 120×40).

use crate::common::*;
use jiedai::domain::lifecycle::CaseStep;
use jiedai::domain::notices::{NoticeKind, NoticeVia};
use jiedai::store::CaseStepInput;

/// The desk with 王芳's matter accepted on the day it came, never told.
fn accepted_untold() -> Desk {
    desk_with(|s| {
        s.case_step(
            "王科员",
            "2026-000001",
            CaseStep::Accept,
            &CaseStepInput::default(),
        )
        .unwrap();
    })
}

fn save(a: &mut App) -> Vec<Command> {
    a.update(Msg::Key(KeyEvent::new(
        KeyCode::Char('s'),
        KeyModifiers::CONTROL,
    )))
}

fn tag(lang: Lang) -> &'static str {
    if lang == Lang::Zh {
        "zh"
    } else {
        "en"
    }
}

#[test]
fn an_untold_decision_shows_on_the_timeline_and_n_records_its_notice() {
    let mut d = accepted_untold();
    for (lang, missing, hint) in [
        (Lang::Zh, "（未书面告知）", "书面告知"),
        (Lang::En, "(notice missing)", "notice"),
    ] {
        let mut a = loaded(lang, &d);
        let c = key(&mut a, KeyCode::Enter);
        answer(&mut a, &d, c);
        for (w, h) in [(80, 24), (120, 40)] {
            let (text, _) = render(&a, w, h);
            assert!(text.contains(missing), "{text}");
            assert!(text.contains(hint), "{text}");
            assert_borders_intact(&text, w as usize);
            insta::assert_snapshot!(format!("untold_timeline_{}_{w}x{h}", tag(lang)), text);
        }
        key(&mut a, KeyCode::Char('N'));
        assert!(a.layers.has::<StepForm>(), "N opens the notice form");
        let (text, _) = render(&a, 80, 24);
        assert_borders_intact(&text, 80);
        insta::assert_snapshot!(format!("notice_form_{}_80x24", tag(lang)), text);
    }
    // The form comes with the missing decision and 当面; one more field, then save.
    let mut a = loaded(Lang::Zh, &d);
    let c = key(&mut a, KeyCode::Enter);
    answer(&mut a, &d, c);
    key(&mut a, KeyCode::Char('N'));
    key(&mut a, KeyCode::Tab);
    type_text(&mut a, "邮寄");
    let notice = save(&mut a)
        .into_iter()
        .find_map(|c| match c {
            Command::Send(Request::Notify {
                officer,
                case_no,
                notice,
            }) => Some((officer, case_no, notice)),
            _ => None,
        })
        .expect("the form sends the notice");
    let (officer, case_no, notice) = notice;
    assert_eq!(
        (notice.kind, notice.via),
        (NoticeKind::Accept, NoticeVia::Post)
    );
    d.store.notify(&officer, &case_no, &notice).unwrap();
    feed(
        &mut a,
        Response::Case(Box::new(d.store.case_detail(&case_no).unwrap())),
    );
    let (text, _) = render(&a, 120, 40);
    assert!(!text.contains("未书面告知"), "{text}");
    assert!(
        text.contains("书面告知"),
        "the notice is on the timeline: {text}"
    );
    // Nothing more to tell: N says so instead of opening a form.
    a.layers.close::<StepForm>();
    key(&mut a, KeyCode::Char('N'));
    assert!(!a.layers.has::<StepForm>());
    assert!(
        screen(&a).contains("没有待书面告知的决定"),
        "{}",
        screen(&a)
    );
}

#[test]
fn the_extend_form_asks_who_approved_it_and_how_the_petitioner_was_told() {
    let d = accepted_untold();
    for lang in [Lang::Zh, Lang::En] {
        let mut a = loaded(lang, &d);
        let c = key(&mut a, KeyCode::Enter);
        answer(&mut a, &d, c);
        key(&mut a, KeyCode::Char('e'));
        assert!(a.layers.has::<StepForm>(), "e opens the extension form");
        let (text, _) = render(&a, 80, 24);
        assert_borders_intact(&text, 80);
        insta::assert_snapshot!(format!("extend_form_{}_80x24", tag(lang)), text);
    }
}

#[test]
fn c_on_a_queue_row_offers_the_receipt_of_its_case() {
    let d = desk();
    for lang in [Lang::Zh, Lang::En] {
        let mut a = loaded(lang, &d);
        key(&mut a, KeyCode::Char('c'));
        assert!(a.layers.has::<StepForm>(), "c opens the receipt form");
        let (text, _) = render(&a, 80, 24);
        assert!(text.contains("回执-2026-000001.txt"), "{text}");
        assert_borders_intact(&text, 80);
        insta::assert_snapshot!(format!("receipt_form_{}_80x24", tag(lang)), text);
        let sent = save(&mut a);
        assert!(
            sent.iter().any(|c| matches!(
                c,
                Command::Send(Request::Receipt { case_no, out, .. })
                    if case_no == "2026-000001" && out.to_str() == Some("回执-2026-000001.txt")
            )),
            "{sent:?}"
        );
    }
}

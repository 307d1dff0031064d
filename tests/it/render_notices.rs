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

/// The worker's answer to a document request: the sentence, or the problem.
fn written(
    rx: &std::sync::mpsc::Receiver<Response>,
) -> Result<String, jiedai::words::desk::Problem> {
    loop {
        match rx.recv().expect("the worker answers") {
            Response::DocumentWritten(said) => return Ok(said),
            Response::Error { problem, .. } => return Err(problem),
            _ => continue,
        }
    }
}

#[test]
fn the_desk_writes_the_receipt_through_its_worker_and_records_it() {
    let Desk { _dir: dir, store } = desk();
    let out = dir.path().join("回执.txt");
    let (tx, rx) = std::sync::mpsc::channel();
    let w = jiedai::tui::worker::spawn(store, Box::new(move |r| tx.send(r).is_ok())).unwrap();
    w.send(Request::Paper {
        desk: jiedai::config::DeskConfig {
            office: Some("某县信访局".into()),
            phone: Some("0571-12345".into()),
        },
        templates: None,
        lang: Lang::Zh,
    });
    let receipt = || Request::Receipt {
        officer: "王科员".into(),
        case_no: "2026-000001".into(),
        out: out.clone(),
    };
    w.send(receipt());
    let said = written(&rx).unwrap();
    assert!(said.contains("登记回执已写入"), "{said}");
    let text = std::fs::read_to_string(&out).unwrap();
    for want in [
        "某县信访局",
        "信访人：王芳",
        "首问责任人：李娜",
        "联系电话：0571-12345",
    ] {
        assert!(text.contains(want), "{want} in {text}");
    }
    // Again onto the same file: refused in the desk's words, the file kept.
    w.send(receipt());
    let why = written(&rx).unwrap_err();
    assert!(why.text(Lang::Zh).contains("已存在"), "{why:?}");
    assert_eq!(std::fs::read_to_string(&out).unwrap(), text);
    // Into a folder that is not there: said in the desk's language.
    let nowhere = dir.path().join("无此目录");
    w.send(Request::Receipt {
        officer: "王科员".into(),
        case_no: "2026-000001".into(),
        out: nowhere.join("回执.txt"),
    });
    let why = written(&rx).unwrap_err();
    let shown = nowhere.display().to_string();
    assert_eq!(
        why.text(Lang::Zh),
        format!("文件夹 {shown} 不存在：请先建立它，或换一个位置")
    );
    assert!(why.text(Lang::En).contains("does not exist"), "{why:?}");
    drop(w);
    let store = Store::open(
        dir.path().join("desk.db"),
        OpenMode::ReadOnly,
        TimeSource::System,
    )
    .unwrap();
    let filter = jiedai::store::AuditFilter {
        action: Some("receipt".into()),
        limit: 100,
        ..Default::default()
    };
    let receipts = store.audit_log(&filter).unwrap();
    assert_eq!(receipts.len(), 1);
    assert!(
        receipts[0].subject.contains("case:2026-000001"),
        "{receipts:?}"
    );
}

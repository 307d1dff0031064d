//! What the desk says, in both languages: words that say what happened and no
//! more, Chinese punctuation in Chinese text, counts that say what they count,
//! and the editing keys a shell user expects in the lookup box.

use crate::common::*;
use jiedai::domain::lifecycle::CaseStep;
use jiedai::domain::EventKind;
use jiedai::tui::panes::stepform::StepKind;
use jiedai::tui::worker::CaseWrite;
use jiedai::words::desk::{EN, ZH};
use jiedai::words::timeline::event_parts;

fn status_line(a: &App) -> String {
    screen(a).lines().next().unwrap_or_default().to_string()
}

#[test]
fn a_recorded_step_says_recorded_not_handled() {
    let d = desk();
    for (lang, says, not) in [
        (Lang::Zh, "已记录", "已办理"),
        (Lang::En, "Recorded", "Done"),
    ] {
        let mut a = loaded(lang, &d);
        feed(
            &mut a,
            Response::CaseWritten {
                case_no: "2026-000001".into(),
                what: CaseWrite::Step(CaseStep::Accept),
            },
        );
        let status = status_line(&a);
        assert!(status.contains(says) && !status.contains(not), "{status}");
    }
}

#[test]
fn an_extension_names_itself_once() {
    let detail = serde_json::json!({ "days": 30, "reason": "案情复杂" });
    let zh = event_parts(EventKind::Extend, &detail, Lang::Zh, &ZH).join(" ");
    let en = event_parts(EventKind::Extend, &detail, Lang::En, &EN).join(" ");
    // The timeline puts the event's label (延期 / extended) before these parts.
    assert!(zh.contains("30 天") && !zh.contains("延期"), "{zh}");
    assert!(
        en.contains("by 30 days") && !en.contains("extended"),
        "{en}"
    );
}

#[test]
fn the_reply_text_is_labelled_as_the_reply() {
    let d = desk();
    for (lang, label) in [
        (Lang::Zh, "答复意见（可选）"),
        (Lang::En, "Reply (optional)"),
    ] {
        let mut a = loaded(lang, &d);
        a.layers.push(Box::new(StepForm::new(
            "2026-000001",
            StepKind::Step(CaseStep::Reply),
            &[],
            30,
        )));
        let text = screen(&a);
        assert!(text.contains(label), "{text}");
    }
}

#[test]
fn chinese_questions_use_full_width_brackets() {
    let d = desk();
    let mut a = loaded(Lang::Zh, &d);
    key(&mut a, KeyCode::Char('x'));
    let text = screen(&a);
    assert!(
        text.contains("（y/n）") && !text.contains("(y/n)"),
        "{text}"
    );
}

#[test]
fn english_counts_say_people_or_groups() {
    let d = desk();
    let a = loaded(Lang::En, &d);
    let text = screen(&a);
    // Eight people in three groups: "8 waiting" beside "3 waiting of 3" said
    // neither; the status line says people, the queue's title groups.
    assert!(text.contains("8 people waiting"), "{text}");
    assert!(text.contains("0 groups in reception"), "{text}");
    assert!(!text.contains(" 8 waiting"), "{text}");
    assert!(text.contains("3 of 3 groups waiting"), "{text}");
}

#[test]
fn ctrl_u_clears_the_lookup_box() {
    let d = desk();
    let mut a = loaded(Lang::Zh, &d);
    key(&mut a, KeyCode::Char('/'));
    type_text(&mut a, "wf");
    assert_eq!(a.desk.lookup.input.value(), "wf");
    a.update(Msg::Key(KeyEvent::new(
        KeyCode::Char('u'),
        KeyModifiers::CONTROL,
    )));
    assert_eq!(a.desk.lookup.input.value(), "");
}

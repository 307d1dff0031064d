//! 满意度评价 and 回访 on the desk: an open 回访 on the queue pane's last line,
//! the timeline's E (评价) and H (回访) forms, at 80×24 (and 120×40) in both
//! languages, and what the forms send.

use crate::common::*;
use jiedai::domain::lifecycle::CaseStep;
use jiedai::domain::ratings::{FollowUpResult, RatingResult, RatingStage, RatingVia};
use jiedai::store::{CaseStepInput, Evaluation};
use jiedai::tui::panes::ratingform::RatingForm;

/// The desk with 张伟's matter (2026-000002) accepted, replied to and rated 不满意.
fn rated_desk() -> Desk {
    let mut d = desk();
    let input = CaseStepInput {
        text: Some("已书面答复".into()),
        ..Default::default()
    };
    for step in [CaseStep::Accept, CaseStep::Reply] {
        d.store
            .case_step("王科员", "2026-000002", step, &input)
            .unwrap();
    }
    let e = Evaluation {
        stage: RatingStage::Reply,
        result: RatingResult::Dissatisfied,
        via: RatingVia::Phone,
        date: None,
        text: None,
    };
    d.store.evaluate("王科员", "2026-000002", &e).unwrap();
    d
}

fn with_follow_ups(lang: Lang, d: &Desk) -> App {
    let mut a = loaded(lang, d);
    feed(
        &mut a,
        Response::FollowUps(d.store.follow_ups(true).unwrap()),
    );
    a
}

#[test]
fn an_open_follow_up_shows_under_the_queue() {
    let d = rated_desk();
    for (lang, marker) in [
        (Lang::Zh, "回访 1 件：2026-000002 12-13"),
        (Lang::En, "Follow-ups 1: 2026-000002 12-13"),
    ] {
        let a = with_follow_ups(lang, &d);
        for (w, h) in [(80, 24), (120, 40)] {
            let (text, _) = render(&a, w, h);
            assert!(text.contains(marker), "{text}");
            // The queue keeps its visitors: the marker takes one line.
            assert!(text.contains("张伟"), "{text}");
            assert_borders_intact(&text, w as usize);
            let zh = if lang == Lang::Zh { "zh" } else { "en" };
            insta::assert_snapshot!(format!("follow_up_queue_{zh}_{w}x{h}"), text);
        }
    }
    // Without open 回访 there is no such line.
    let a = loaded(Lang::Zh, &desk());
    let (text, _) = render(&a, 80, 24);
    assert!(!text.contains("回访"), "{text}");
}

/// Opens 2026-000002 on the timeline.
fn on_timeline(a: &mut App, d: &Desk) {
    // 张伟 is the second row of the queue.
    key(a, KeyCode::Down);
    let c = key(a, KeyCode::Enter);
    answer(a, d, c);
}

#[test]
fn the_rating_forms_on_the_timeline() {
    let d = rated_desk();
    for lang in [Lang::Zh, Lang::En] {
        let zh = if lang == Lang::Zh { "zh" } else { "en" };
        let mut a = with_follow_ups(lang, &d);
        on_timeline(&mut a, &d);
        let (text, _) = render(&a, 80, 24);
        assert!(text.contains("2026-000002"), "{text}");
        key(&mut a, KeyCode::Char('H'));
        assert!(a.layers.has::<RatingForm>(), "H opens the 回访 form");
        let (text, _) = render(&a, 80, 24);
        assert_borders_intact(&text, 80);
        insta::assert_snapshot!(format!("follow_up_form_{zh}_80x24"), text);
        // 2 picks 仍有诉求; Ctrl-S sends it.
        type_text(&mut a, "2");
        let sent = a.update(Msg::Key(KeyEvent::new(
            KeyCode::Char('s'),
            KeyModifiers::CONTROL,
        )));
        let request = sent.iter().find_map(|c| match c {
            Command::Send(Request::FollowUp {
                case_no, follow_up, ..
            }) => Some((case_no.clone(), follow_up.result)),
            _ => None,
        });
        assert_eq!(
            request,
            Some(("2026-000002".to_string(), FollowUpResult::StillClaims))
        );

        let mut a = with_follow_ups(lang, &d);
        on_timeline(&mut a, &d);
        key(&mut a, KeyCode::Char('E'));
        assert!(a.layers.has::<RatingForm>(), "E opens the rating form");
        let (text, _) = render(&a, 80, 24);
        assert_borders_intact(&text, 80);
        insta::assert_snapshot!(format!("evaluate_form_{zh}_80x24"), text);
        // Saving at once records nothing: the petitioner's answer is not assumed
        // (it used to go on record as 满意, and a decision is rated only once).
        let ctrl_s = KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL);
        let sent = a.update(Msg::Key(ctrl_s));
        assert!(
            !sent
                .iter()
                .any(|c| matches!(c, Command::Send(Request::Evaluate { .. }))),
            "{sent:?}"
        );
        let (text, _) = render(&a, 80, 24);
        let asked = match lang {
            Lang::Zh => "评价结果：请按信访人的回答选择",
            Lang::En => "Rating: pick what the petitioner said",
        };
        assert!(text.contains(asked), "{text}");
        // The result field has the keyboard now; 2 picks 基本满意.
        type_text(&mut a, "2");
        let sent = a.update(Msg::Key(ctrl_s));
        let rated = sent.iter().find_map(|c| match c {
            Command::Send(Request::Evaluate { evaluation, .. }) => {
                Some((evaluation.stage, evaluation.result))
            }
            _ => None,
        });
        // The reply is rated already: only the acceptance is offered.
        assert_eq!(
            rated,
            Some((RatingStage::Accept, RatingResult::FairlySatisfied))
        );
    }
    // A case with no decision yet: E says why at once, no form.
    let mut a = loaded(Lang::En, &d);
    key(&mut a, KeyCode::Down);
    key(&mut a, KeyCode::Down);
    let c = key(&mut a, KeyCode::Enter);
    answer(&mut a, &d, c);
    key(&mut a, KeyCode::Char('E'));
    assert!(!a.layers.has::<RatingForm>());
}

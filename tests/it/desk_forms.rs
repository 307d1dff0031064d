//! What the desk's forms do with what the officer types: a pre-filled value is
//! replaced, not appended to, and a number out of range says the range.

use crate::common::*;
use jiedai::tui::panes::stepform::StepKind;

fn ctrl_s(a: &mut App) -> Vec<Command> {
    a.update(Msg::Key(KeyEvent::new(
        KeyCode::Char('s'),
        KeyModifiers::CONTROL,
    )))
}

/// Opens the check-in form with a name and a matter, the headcount in focus.
fn form_at_headcount(lang: Lang, d: &Desk) -> App {
    let mut a = loaded(lang, d);
    key(&mut a, KeyCode::Char('n'));
    type_text(&mut a, "赵六");
    for _ in 0..7 {
        key(&mut a, KeyCode::Tab);
    }
    type_text(&mut a, "咨询社保转移");
    for _ in 0..3 {
        key(&mut a, KeyCode::BackTab);
    }
    a
}

#[test]
fn typing_over_the_prefilled_headcount_replaces_it() {
    let d = desk();
    let mut a = form_at_headcount(Lang::Zh, &d);
    // Before: the pre-filled 1 then 6 saved a 16-person collective visit.
    type_text(&mut a, "6");
    let sent = ctrl_s(&mut a);
    let headcount = sent.iter().find_map(|c| match c {
        Command::Send(Request::CheckIn { request, .. }) => request.intake.headcount,
        _ => None,
    });
    assert_eq!(headcount, Some(6), "{sent:?}\n{}", screen(&a));
}

#[test]
fn a_headcount_out_of_range_says_the_range() {
    let d = desk();
    for (lang, says) in [(Lang::Zh, "1 到 10000"), (Lang::En, "between 1 and 10000")] {
        let mut a = form_at_headcount(lang, &d);
        type_text(&mut a, "0");
        assert!(ctrl_s(&mut a).is_empty());
        let text = screen(&a);
        assert!(text.contains(says), "{text}");
    }
}

#[test]
fn art_20_warnings_show_in_the_form_before_saving() {
    let d = desk();
    for (lang, needed, over) in [
        (Lang::Zh, "应推选不超过 5 名代表", "填写了 6 名代表"),
        (
            Lang::En,
            "name at most 5 representatives (Art. 20)",
            "6 representatives named: at most 5 (Art. 20)",
        ),
    ] {
        let mut a = form_at_headcount(lang, &d);
        assert!(!screen(&a).contains(needed));
        // Before: said only in a flash after saving, cut at 80 columns.
        type_text(&mut a, "8");
        let text = screen(&a);
        assert!(text.contains(needed), "{text}");
        key(&mut a, KeyCode::Tab);
        type_text(&mut a, "甲,乙,丙,丁,戊,己");
        let text = screen(&a);
        assert!(text.contains(over) && !text.contains(needed), "{text}");
    }
}

/// An input method in full-width mode (全角) types ２５ for 25. The ID number and
/// the phone read such digits; the headcount used to be refused as out of range
/// ("须在 1 到 10000 之间", for 25), without the Art. 20 and plan warnings before,
/// and so were an extension's days.
#[test]
fn full_width_digits_are_numbers_in_the_headcount_and_the_days() {
    let d = desk();
    let mut a = form_at_headcount(Lang::Zh, &d);
    type_text(&mut a, "２５");
    let text = screen(&a);
    assert!(text.contains("应推选不超过 5 名代表"), "{text}");
    let sent = ctrl_s(&mut a);
    let headcount = sent.iter().find_map(|c| match c {
        Command::Send(Request::CheckIn { request, .. }) => request.intake.headcount,
        _ => None,
    });
    assert_eq!(headcount, Some(25), "{sent:?}\n{}", screen(&a));

    let mut a = loaded(Lang::Zh, &d);
    a.layers.push(Box::new(StepForm::new(
        "2026-000001",
        StepKind::Extend,
        &[],
        30,
    )));
    type_text(&mut a, "１５");
    key(&mut a, KeyCode::Tab);
    type_text(&mut a, "需现场核查");
    key(&mut a, KeyCode::Tab);
    type_text(&mut a, "李科长");
    let sent = ctrl_s(&mut a);
    let days = sent.iter().find_map(|c| match c {
        Command::Send(Request::Extend { days, .. }) => Some(*days),
        _ => None,
    });
    assert_eq!(days, Some(15), "{sent:?}\n{}", screen(&a));
}

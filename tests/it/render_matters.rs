//! A matter from above on the desk: the 「上级交办」 mark and its source line on the
//! timeline, and the step form that records it (U), at 80×24 and 120×40 in both
//! languages.

use crate::common::*;
use jiedai::domain::assigned::UpperInput;
use jiedai::domain::Source;

fn from_above(d: &mut Desk) {
    let upper = UpperInput {
        from_office: Some("市信访局".into()),
        doc_no: Some("市信交〔2026〕118号".into()),
        ..Default::default()
    };
    d.store
        .set_source("王科员", "2026-000001", Source::AssignedFromAbove, &upper)
        .unwrap();
}

#[test]
fn a_matter_from_above_is_marked_in_the_queue_and_on_its_timeline() {
    let mut d = desk();
    from_above(&mut d);
    for (lang, mark, source) in [
        (
            Lang::Zh,
            "上级交办",
            "来源：上级交办 · 市信访局 · 市信交〔2026〕118号",
        ),
        (
            Lang::En,
            "from above",
            "Source: assigned from above · 市信访局",
        ),
    ] {
        let mut a = loaded(lang, &d);
        let (queue, _) = render(&a, 120, 40);
        assert!(queue.contains(mark), "{queue}");
        let c = key(&mut a, KeyCode::Enter);
        answer(&mut a, &d, c);
        for (w, h) in [(80, 24), (120, 40)] {
            let (text, _) = render(&a, w, h);
            assert!(text.contains(mark) && text.contains(source), "{text}");
            assert_borders_intact(&text, w as usize);
            let zh = if lang == Lang::Zh { "zh" } else { "en" };
            insta::assert_snapshot!(format!("from_above_{zh}_{w}x{h}"), text);
        }
        // Recorded once: the step is no longer offered, and refused if asked for.
        key(&mut a, KeyCode::Char('U'));
        assert!(!a.layers.has::<StepForm>());
    }
}

#[test]
fn the_source_form_records_a_matter_from_above() {
    let mut d = desk();
    for lang in [Lang::Zh, Lang::En] {
        let mut a = loaded(lang, &d);
        let c = key(&mut a, KeyCode::Enter);
        answer(&mut a, &d, c);
        key(&mut a, KeyCode::Char('U'));
        assert!(a.layers.has::<StepForm>(), "U opens the source form");
        for (w, h) in [(80, 24), (120, 40)] {
            let (text, _) = render(&a, w, h);
            assert_borders_intact(&text, w as usize);
            let zh = if lang == Lang::Zh { "zh" } else { "en" };
            insta::assert_snapshot!(format!("source_form_{zh}_{w}x{h}"), text);
        }
    }
    let mut a = loaded(Lang::Zh, &d);
    let c = key(&mut a, KeyCode::Enter);
    answer(&mut a, &d, c);
    key(&mut a, KeyCode::Char('U'));
    // The source is pre-filled with 上级交办; typing replaces it.
    type_text(&mut a, "转送");
    key(&mut a, KeyCode::Tab);
    // No office: the form says so and sends nothing.
    let sent = a.update(Msg::Key(KeyEvent::new(
        KeyCode::Char('s'),
        KeyModifiers::CONTROL,
    )));
    assert!(sent.iter().all(|c| !matches!(c, Command::Send(_))));
    assert!(screen(&a).contains("请填写"), "{}", screen(&a));
    type_text(&mut a, "省信访局");
    key(&mut a, KeyCode::Tab);
    key(&mut a, KeyCode::Tab);
    type_text(&mut a, "11/27");
    let sent = a.update(Msg::Key(KeyEvent::new(
        KeyCode::Char('s'),
        KeyModifiers::CONTROL,
    )));
    assert!(sent.iter().all(|c| !matches!(c, Command::Send(_))));
    assert!(screen(&a).contains("不是日期"), "{}", screen(&a));
    for _ in 0..5 {
        key(&mut a, KeyCode::Backspace);
    }
    type_text(&mut a, "2026-11-27");
    let sent = a.update(Msg::Key(KeyEvent::new(
        KeyCode::Char('s'),
        KeyModifiers::CONTROL,
    )));
    let request = sent
        .into_iter()
        .find_map(|c| match c {
            Command::Send(Request::SetSource {
                officer,
                case_no,
                source,
                upper,
            }) => Some((officer, case_no, source, upper)),
            _ => None,
        })
        .expect("the form sends the source");
    let (officer, case_no, source, upper) = request;
    assert_eq!(source, Source::TransferredFromAbove);
    assert_eq!(upper.from_office.as_deref(), Some("省信访局"));
    assert_eq!(
        upper.received.map(|d| d.to_string()).as_deref(),
        Some("2026-11-27")
    );
    assert_eq!(upper.report_due, None);
    d.store
        .set_source(&officer, &case_no, source, &upper)
        .unwrap();
    let detail = d.store.case_detail(&case_no).unwrap();
    assert_eq!(detail.upper.unwrap().from_office, "省信访局");
}

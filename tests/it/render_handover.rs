//! The handover view (交班) on ratatui's TestBackend, in both languages.

use crate::common::*;

const NOTES: &str = "张伟下午还会再来，材料已收\n欧阳家噪声问题已电话联系街道";

/// The desk above with shifts: 李娜 handed the morning to 王科员, who took it and
/// has written notes on his own shift since.
fn shift_desk() -> Desk {
    let mut d = desk_with(|s| {
        s.set_time(at("2026-11-28T08:00:00+08:00"));
        s.start_shift("李娜").unwrap();
        s.set_time(at("2026-11-28T08:25:00+08:00"));
        s.hand_over("李娜", "王科员", Some("王芳的物业事项已超期，请尽快转送"))
            .unwrap();
        s.set_time(at("2026-11-28T08:30:00+08:00"));
        s.start_shift("王科员").unwrap();
        s.set_time(at("2026-11-28T08:31:00+08:00"));
        s.acknowledge("王科员").unwrap();
    });
    d.store.set_shift_notes("王科员", NOTES).unwrap();
    d
}

fn shift_feed(app: &mut App, r: ShiftResponse) -> Vec<Command> {
    feed(app, Response::Shift(Box::new(r)))
}

/// Carries out shift requests on the store the way the worker does, feeding the
/// answers back; returns the requests that were not about shifts.
fn answer_shift(app: &mut App, store: &mut Store, commands: Vec<Command>) -> Vec<Request> {
    let mut todo: Vec<Command> = commands;
    let mut other = Vec::new();
    while !todo.is_empty() {
        let mut next = Vec::new();
        for c in todo {
            let Command::Send(req) = c else { continue };
            let Request::Shift(r) = req else {
                other.push(req);
                continue;
            };
            let response = match r {
                ShiftRequest::Start { officer } => {
                    let resumed = store.current_shift(&officer).unwrap().is_some();
                    ShiftResponse::Started {
                        shift: store.start_shift(&officer).unwrap(),
                        resumed,
                        pending: store.pending_handovers(&officer).unwrap(),
                        last: store.last_handover().unwrap(),
                    }
                }
                ShiftRequest::Summary { seq, officer, of } => {
                    let summary = match of {
                        None => store.handover_summary(&officer, None, None).unwrap(),
                        Some(h) => store
                            .handover_summary(
                                &h.from,
                                parse_instant(&h.started_at),
                                parse_instant(&h.handed_at),
                            )
                            .unwrap(),
                    };
                    ShiftResponse::Summary {
                        seq,
                        summary: Box::new(summary),
                    }
                }
                ShiftRequest::SaveNotes { officer, text } => {
                    ShiftResponse::NotesSaved(store.set_shift_notes(&officer, &text).unwrap())
                }
                ShiftRequest::HandOver { officer, to } => ShiftResponse::HandedOver {
                    handover: store.hand_over(&officer, &to, None).unwrap(),
                    shift: store.last_shift(&officer).unwrap(),
                },
                ShiftRequest::Acknowledge { officer, shift_id } => {
                    let handover = match shift_id {
                        Some(id) => store.acknowledge_shift(&officer, id).unwrap(),
                        None => store.acknowledge(&officer).unwrap(),
                    };
                    ShiftResponse::Acknowledged {
                        handover,
                        pending: store.pending_handovers(&officer).unwrap(),
                        last: store.last_handover().unwrap(),
                    }
                }
            };
            next.extend(shift_feed(app, response));
        }
        todo = next;
    }
    other
}

fn ctrl(app: &mut App, c: char) -> Vec<Command> {
    app.update(Msg::Key(KeyEvent::new(
        KeyCode::Char(c),
        KeyModifiers::CONTROL,
    )))
}

/// Whether the screen draws the first character of `text` in red somewhere.
fn drawn_red(term: &Terminal<TestBackend>, text: &str) -> bool {
    let buf = term.backend().buffer();
    let first = text.chars().next().unwrap().to_string();
    (0..buf.area.height)
        .flat_map(|y| (0..buf.area.width).map(move |x| (x, y)))
        .any(|p| buf[p].fg == ratatui::style::Color::Red && buf[p].symbol() == first)
}

#[test]
fn handover_view_in_both_languages() {
    let mut d = shift_desk();
    for (lang, name) in [(Lang::Zh, "handover_zh"), (Lang::En, "handover_en")] {
        let mut a = loaded(lang, &d);
        let c = a.start();
        answer_shift(&mut a, &mut d.store, c);
        assert!(!a.layers.has::<HandoverView>(), "nothing waits for 王科员");
        let c = key(&mut a, KeyCode::Char('h'));
        assert!(matches!(
            c.as_slice(),
            [Command::Send(Request::Shift(ShiftRequest::Summary {
                of: None,
                ..
            }))]
        ));
        let waiting = screen(&a);
        let summarizing = if lang == Lang::Zh {
            "正在汇总…"
        } else {
            "Summarizing…"
        };
        assert!(waiting.contains(summarizing), "{waiting}");
        answer_shift(&mut a, &mut d.store, c);
        let (text, term) = render(&a, 80, 24);
        assert_borders_intact(&text, 80);
        match lang {
            Lang::Zh => {
                for part in [
                    "交班摘要：王科员",
                    "上次交班：李娜 → 王科员",
                    "王科员 已于 2026-11-28 08:31 确认",
                    "共接待来访 0 批次、0 人次。另：仍在等候 3 批次。",
                    "逾期",
                    "张伟下午还会再来",
                    "e 编辑备注",
                    "C-s 交班",
                ] {
                    assert!(text.contains(part), "{part:?} missing:\n{text}");
                }
                assert!(text.contains("交班"));
            }
            Lang::En => {
                for part in [
                    "Shift handover: 王科员",
                    "Last handover: 李娜 → 王科员",
                    "Visits received: 0 batches, 0 people. Besides: 3 batches still waiting.",
                    "e edit notes",
                    "C-s hand over",
                ] {
                    assert!(text.contains(part), "{part:?} missing:\n{text}");
                }
            }
        }
        insta::assert_snapshot!(name, text);

        // The deadlines are further down: the body scrolls, and overdue is red.
        let overdue = if lang == Lang::Zh {
            "逾期 7 天"
        } else {
            "7 days overdue"
        };
        for _ in 0..6 {
            if screen(&a).contains(overdue) {
                break;
            }
            key(&mut a, KeyCode::PageDown);
        }
        let (text, term2) = render(&a, 80, 24);
        assert!(text.contains(overdue), "{text}");
        assert!(
            drawn_red(&term2, overdue),
            "the overdue clock is red:\n{text}"
        );
        assert_borders_intact(&text, 80);
        drop(term);
        insta::assert_snapshot!(format!("{name}_scrolled"), text);
    }
}

#[test]
fn notes_are_edited_and_the_shift_handed_over() {
    let mut d = shift_desk();
    let mut a = loaded(Lang::Zh, &d);
    let c = a.start();
    answer_shift(&mut a, &mut d.store, c);
    let c = key(&mut a, KeyCode::Char('h'));
    answer_shift(&mut a, &mut d.store, c);

    key(&mut a, KeyCode::Char('e'));
    assert!(a.layers.find::<HandoverView>().unwrap().notes.is_some());
    key(&mut a, KeyCode::End);
    key(&mut a, KeyCode::Enter);
    type_text(&mut a, "五楼电梯坏了");
    let (text, mut term) = render(&a, 80, 24);
    assert!(text.contains("Enter 分条"), "{text}");
    assert!(
        text.contains("C-s 保存") && text.contains("Esc 返回"),
        "{text}"
    );
    // The caret is at the end of what was typed, for the input method.
    let row = text
        .lines()
        .position(|l| l.contains("五楼电梯坏了"))
        .unwrap();
    let line = text.lines().nth(row).unwrap();
    let end = line.find("五楼电梯坏了").unwrap() + "五楼电梯坏了".len();
    let col = UnicodeWidthStr::width(&line[..end]) as u16;
    term.backend_mut().assert_cursor_position((col, row as u16));
    let c = ctrl(&mut a, 's');
    match c.as_slice() {
        [Command::Send(Request::Shift(ShiftRequest::SaveNotes { text, .. }))] => {
            assert_eq!(text, &format!("{NOTES}\n五楼电梯坏了"));
        }
        other => panic!("{other:?}"),
    }
    answer_shift(&mut a, &mut d.store, c);
    assert!(a.layers.find::<HandoverView>().unwrap().notes.is_none());
    assert!(screen(&a).contains("交班备注已保存"));

    // Hand over: pick 李娜 by her initials, then say yes.
    ctrl(&mut a, 's');
    let text = screen(&a);
    assert!(text.contains("交班给") && text.contains("李娜"), "{text}");
    type_text(&mut a, "ln");
    key(&mut a, KeyCode::Enter);
    let text = screen(&a);
    assert!(text.contains("交班给 李娜？"), "{text}");
    let c = key(&mut a, KeyCode::Char('y'));
    assert!(matches!(
        c.as_slice(),
        [Command::Send(Request::Shift(ShiftRequest::HandOver { to, .. }))] if to == "李娜"
    ));
    answer_shift(&mut a, &mut d.store, c);
    let text = screen(&a);
    assert!(text.contains("已交班给 李娜"), "{text}");
    assert!(text.contains("本班次已交班给 李娜。按 q 退出"), "{text}");
    assert!(text.contains("已交班"), "the status line says so: {text}");
    // The shift is over: its notes and its handover no longer change.
    key(&mut a, KeyCode::Char('e'));
    assert!(a.layers.find::<HandoverView>().unwrap().notes.is_none());
    assert!(screen(&a).contains("本班次已交班，不能再修改"));
    let shift = d.store.last_shift("王科员").unwrap().unwrap();
    assert_eq!(shift.handed_to.as_deref(), Some("李娜"));
    assert!(shift.notes.ends_with("五楼电梯坏了"));
}

/// Once handed over, `n` opens no check-in form (it could only be refused on
/// saving, and the typing lost): the status line says why, whole, at 80 columns.
#[test]
fn a_handed_over_desk_refuses_the_check_in_form_at_once() {
    for (lang, said) in [
        (
            Lang::Zh,
            "已交班给 李娜：请退出并重新打开接待台，开始新班次后再记录",
        ),
        (
            Lang::En,
            "Shift handed over to 李娜: quit and reopen the desk to record more",
        ),
    ] {
        let mut d = shift_desk();
        let mut a = loaded(lang, &d);
        let c = a.start();
        answer_shift(&mut a, &mut d.store, c);
        let handover = d.store.hand_over("王科员", "李娜", None).unwrap();
        let shift = d.store.last_shift("王科员").unwrap();
        shift_feed(&mut a, ShiftResponse::HandedOver { handover, shift });

        let sent = key(&mut a, KeyCode::Char('n'));
        assert!(sent.is_empty(), "{sent:?}");
        assert!(!a.layers.has::<CheckInForm>(), "the form opened");
        let text = screen(&a);
        let status = text.lines().next().unwrap();
        assert!(status.contains(said), "{text}");
    }
}

#[test]
fn a_waiting_handover_opens_at_once_until_acknowledged() {
    let mut d = shift_desk();
    d.store.hand_over("王科员", "李娜", None).unwrap();
    for (lang, name) in [
        (Lang::Zh, "handover_pending_zh"),
        (Lang::En, "handover_pending_en"),
    ] {
        let mut a = loaded(lang, &d);
        a.officer = Some("李娜".into());
        let c = a.start();
        answer_shift(&mut a, &mut d.store, c);
        let view = a
            .layers
            .find::<HandoverView>()
            .expect("the pending handover opens at once");
        assert_eq!(view.incoming().map(|h| h.from.as_str()), Some("王科员"));
        let (text, _) = render(&a, 80, 24);
        assert_borders_intact(&text, 80);
        match lang {
            Lang::Zh => {
                for part in [
                    "待确认交班 1",
                    "接班 · 王科员 → 李娜",
                    "交班给你",
                    "C-a 接班确认",
                    "张伟下午还会再来",
                ] {
                    assert!(text.contains(part), "{part:?} missing:\n{text}");
                }
            }
            Lang::En => {
                for part in ["1 handover to acknowledge", "then press C-a to"] {
                    assert!(text.contains(part), "{part:?} missing:\n{text}");
                }
            }
        }
        insta::assert_snapshot!(name, text);
    }
    let mut a = loaded(Lang::Zh, &d);
    a.officer = Some("李娜".into());
    let c = a.start();
    answer_shift(&mut a, &mut d.store, c);
    let c = ctrl(&mut a, 'a');
    assert!(matches!(
        c.as_slice(),
        [Command::Send(Request::Shift(ShiftRequest::Acknowledge {
            shift_id: Some(_),
            ..
        }))]
    ));
    answer_shift(&mut a, &mut d.store, c);
    let text = screen(&a);
    assert!(text.contains("已确认接班"), "{text}");
    assert!(!text.contains("待确认交班"), "the marker goes: {text}");
    assert!(text.contains("你已于"), "{text}");
    // Nothing else waits.
    ctrl(&mut a, 'a');
    assert!(screen(&a).contains("没有待确认的交班"));
    // `h` leads from the handover taken to 李娜's own shift, Esc back to the desk.
    let c = key(&mut a, KeyCode::Char('h'));
    answer_shift(&mut a, &mut d.store, c);
    assert!(screen(&a).contains("交班 · 李娜"));
    key(&mut a, KeyCode::Esc);
    assert!(!a.layers.has::<HandoverView>());
    assert!(screen(&a).contains("来访队列"));
}

/// The summary is read aside, so it may answer after the acknowledgement that
/// followed it: the marker must not come back with it (CI once saw it stay).
#[test]
fn a_summary_answering_after_the_acknowledgement_leaves_the_marker_gone() {
    let mut d = shift_desk();
    d.store.hand_over("王科员", "李娜", None).unwrap();
    let mut a = loaded(Lang::Zh, &d);
    a.officer = Some("李娜".into());
    let started = ShiftResponse::Started {
        shift: d.store.start_shift("李娜").unwrap(),
        resumed: false,
        pending: d.store.pending_handovers("李娜").unwrap(),
        last: d.store.last_handover().unwrap(),
    };
    a.start();
    let asked = shift_feed(&mut a, started);
    let [Command::Send(Request::Shift(ShiftRequest::Summary { seq, of, officer }))] =
        asked.as_slice()
    else {
        panic!("the waiting handover asks for its summary: {asked:?}");
    };
    // Read before the acknowledgement, answered after it.
    let h = of.clone().expect("the incoming handover's summary");
    let late = ShiftResponse::Summary {
        seq: *seq,
        summary: Box::new(
            d.store
                .handover_summary(
                    &h.from,
                    parse_instant(&h.started_at),
                    parse_instant(&h.handed_at),
                )
                .unwrap(),
        ),
    };
    assert_eq!(officer, "李娜");
    assert!(screen(&a).contains("待确认交班 1"));
    let c = ctrl(&mut a, 'a');
    answer_shift(&mut a, &mut d.store, c);
    assert!(!screen(&a).contains("待确认交班"));
    shift_feed(&mut a, late);
    let text = screen(&a);
    assert!(
        !text.contains("待确认交班"),
        "the marker stays gone: {text}"
    );
    assert!(text.contains("你已于"), "{text}");
}

#[test]
fn a_resumed_shift_is_said_in_the_status_line() {
    let mut d = shift_desk();
    for (lang, said) in [
        (Lang::Zh, "继续上一班次（08:30 起）"),
        (Lang::En, "Resuming your open shift since 08:30"),
    ] {
        let mut a = loaded(lang, &d);
        let c = a.start();
        answer_shift(&mut a, &mut d.store, c);
        let text = screen(&a);
        assert!(text.contains(said), "{text}");
    }
}

#[test]
fn several_waiting_handovers_are_read_and_taken_in_turn() {
    let mut d = shift_desk();
    add_officers(&mut d.store, &["赵强"]);
    d.store.hand_over("王科员", "李娜", None).unwrap();
    d.store.start_shift("赵强").unwrap();
    d.store
        .hand_over("赵强", "李娜", Some("夜班无异常"))
        .unwrap();
    let mut a = loaded(Lang::Zh, &d);
    a.officer = Some("李娜".into());
    let c = a.start();
    answer_shift(&mut a, &mut d.store, c);
    assert!(screen(&a).contains("待确认交班 2"));
    let first = a
        .layers
        .find::<HandoverView>()
        .unwrap()
        .incoming()
        .unwrap()
        .shift_id;
    let c = ctrl(&mut a, 'a');
    answer_shift(&mut a, &mut d.store, c);
    let text = screen(&a);
    assert!(text.contains("待确认交班 1"), "{text}");
    let second = a.layers.find::<HandoverView>().unwrap().incoming().unwrap();
    assert_ne!(second.shift_id, first, "the next one opens to be read");
    assert!(second.acked_at.is_none());
    let c = ctrl(&mut a, 'a');
    answer_shift(&mut a, &mut d.store, c);
    assert!(!screen(&a).contains("待确认交班"));
    assert!(d.store.pending_handovers("李娜").unwrap().is_empty());
}

#[test]
fn a_summary_that_fails_closes_the_view_with_the_error() {
    let d = desk();
    let mut a = loaded(Lang::En, &d);
    key(&mut a, KeyCode::Char('h'));
    assert!(screen(&a).contains("Summarizing…"));
    feed(
        &mut a,
        Response::Error {
            failed: jiedai::tui::worker::Failed::Shift,
            problem: "database is locked".into(),
        },
    );
    assert!(!a.layers.has::<HandoverView>());
    assert!(screen(&a).contains("database is locked"));
}

/// A paste longer than the picker's filter takes is cut, and the status line
/// says so and to how many characters, in both languages.
#[test]
fn a_paste_cut_to_the_field_is_said() {
    for (lang, said) in [
        (Lang::Zh, "粘贴的内容超过此栏上限，已截为前 50 个字符"),
        (Lang::En, "cut to its first 50 characters"),
    ] {
        let mut d = shift_desk();
        let mut a = loaded(lang, &d);
        let c = a.start();
        answer_shift(&mut a, &mut d.store, c);
        let c = key(&mut a, KeyCode::Char('h'));
        answer_shift(&mut a, &mut d.store, c);
        ctrl(&mut a, 's');
        a.update(Msg::Paste("李".repeat(49)));
        assert!(!screen(&a).contains(said), "a paste that fits is not cut");
        a.update(Msg::Paste("娜娜".into()));
        let text = screen(&a);
        assert!(text.lines().next().unwrap().contains(said), "{text}");
    }
}

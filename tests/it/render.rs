//! The desk drawn on ratatui's `TestBackend`: every pane at 80×24 in Chinese and in
//! English, a wide terminal, terminals too small for the desk, and stored text that
//! tries to smuggle escape sequences to the terminal.
//!
//! The state is built the way the running desk builds it: a real store on a
//! temporary file answers, and its answers are fed to `App::update` as the worker
//! would send them. Snapshots are plain text (one line per row, a wide character
//! once), so they read like the screen.

use crate::common::*;

#[test]
fn queue_in_both_languages() {
    let d = desk();
    for (lang, name) in [(Lang::Zh, "queue_zh"), (Lang::En, "queue_en")] {
        let a = loaded(lang, &d);
        let text = screen(&a);
        assert!(text.contains("张伟") && text.contains("王芳"), "{text}");
        assert!(text.contains("王科员"));
        assert!(text.contains("欧阳娜娜"), "a long name is cut, not dropped");
        assert_borders_intact(&text, 80);
        match lang {
            Lang::Zh => {
                assert!(
                    text.contains("等候 8 人") && text.contains("逾期 1 件"),
                    "{text}"
                );
                assert!(text.contains("重复访") && text.contains("集体访"));
            }
            Lang::En => assert!(
                text.contains("8 people waiting")
                    && text.contains("repeat")
                    && text.contains("collective"),
                "{text}"
            ),
        }
        insta::assert_snapshot!(name, text);
    }
}

#[test]
fn empty_queue_says_how_to_check_in() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path().join("e.db"), OpenMode::Create, at(NOW)).unwrap();
    let d = Desk { _dir: dir, store };
    let text = screen(&loaded(Lang::Zh, &d));
    assert!(text.contains("按 n 登记来访"), "{text}");
    let text = screen(&loaded(Lang::En, &d));
    assert!(text.contains("Press n to check someone in"), "{text}");
}

#[test]
fn lookup_and_person_in_both_languages() {
    let d = desk();
    for (lang, list, person) in [
        (Lang::Zh, "lookup_zh", "person_zh"),
        (Lang::En, "lookup_en", "person_en"),
    ] {
        let mut a = loaded(lang, &d);
        let c = key(&mut a, KeyCode::Char('2'));
        answer(&mut a, &d, c);
        let c = type_text(&mut a, "wf");
        answer(&mut a, &d, c);
        let text = screen(&a);
        assert!(
            text.contains("王芳") && text.contains("110105********002X"),
            "{text}"
        );
        assert!(
            !text.contains("11010519491231002X"),
            "masked until revealed"
        );
        insta::assert_snapshot!(list, text);
        let c = key(&mut a, KeyCode::Enter);
        answer(&mut a, &d, c);
        let text = screen(&a);
        assert!(
            text.contains("2026-000001") && text.contains("物业"),
            "{text}"
        );
        insta::assert_snapshot!(person, text);
    }
}

#[test]
fn reveal_shows_one_row_unmasked() {
    let d = desk();
    let mut a = loaded(Lang::Zh, &d);
    let c = key(&mut a, KeyCode::Char('2'));
    answer(&mut a, &d, c);
    let c = type_text(&mut a, "wf");
    answer(&mut a, &d, c);
    key(&mut a, KeyCode::Esc);
    let c = key(&mut a, KeyCode::Char('v'));
    let Some(Command::Send(Request::Reveal { petitioner_id, .. })) = c.into_iter().next() else {
        panic!("v asks the worker to reveal");
    };
    let mut store = d.store;
    let revealed = store.reveal("王科员", petitioner_id).unwrap();
    feed(&mut a, Response::Revealed(revealed));
    let text = screen(&a);
    assert!(
        text.contains("11010519491231002X") && text.contains("已记录"),
        "{text}"
    );
}

#[test]
fn timeline_shows_overdue_clock_in_both_languages() {
    let d = desk();
    for (lang, name, overdue) in [
        (Lang::Zh, "timeline_zh", "逾期 7 天"),
        (Lang::En, "timeline_en", "7 days overdue"),
    ] {
        let mut a = loaded(lang, &d);
        // The repeat visit (王芳, first in the queue) belongs to the old case.
        let c = key(&mut a, KeyCode::Enter);
        answer(&mut a, &d, c);
        assert_eq!(a.desk.focus, Pane::Timeline);
        let (text, term) = render(&a, 80, 24);
        assert!(text.contains(overdue) && text.contains("李娜"), "{text}");
        assert_borders_intact(&text, 80);
        // Overdue is red (bold and underlined when colour is off).
        let buf = term.backend().buffer();
        let red = (0..24u16)
            .flat_map(|y| (0..80u16).map(move |x| (x, y)))
            .any(|p| {
                buf[p].fg == ratatui::style::Color::Red
                    && buf[p].symbol() == overdue.chars().next().unwrap().to_string()
            });
        assert!(red, "the overdue clock is drawn in red");
        insta::assert_snapshot!(name, text);
    }
}

#[test]
fn illegal_step_is_refused_in_the_status_line() {
    let d = desk();
    let mut a = loaded(Lang::En, &d);
    let c = key(&mut a, KeyCode::Enter);
    answer(&mut a, &d, c);
    // A registered case cannot be replied to before it is accepted.
    key(&mut a, KeyCode::Char('p'));
    assert!(!a.layers.has::<StepForm>());
    let text = screen(&a);
    assert!(
        text.contains("cannot reply to a case that is registered"),
        "{text}"
    );
    key(&mut a, KeyCode::Char('A'));
    assert!(a.layers.has::<StepForm>(), "not accepting opens its form");
    let text = screen(&a);
    assert!(text.contains("Not accept · 2026-000001"), "{text}");
    insta::assert_snapshot!("step_form_en", text);
}

#[test]
fn owner_picker_in_both_languages() {
    let d = desk();
    for (lang, name) in [(Lang::Zh, "picker_zh"), (Lang::En, "picker_en")] {
        let mut a = loaded(lang, &d);
        let c = key(&mut a, KeyCode::Char('o'));
        answer(&mut a, &d, c);
        assert_eq!(a.desk.focus, Pane::Picker);
        type_text(&mut a, "ln");
        let text = screen(&a);
        assert!(
            text.contains("李娜") && text.contains("(fixed)") == (lang == Lang::En),
            "{text}"
        );
        insta::assert_snapshot!(name, text);
        // 李娜 already handles the case: picking her again writes nothing.
        let c = key(&mut a, KeyCode::Enter);
        assert!(!c.iter().any(|c| matches!(c, Command::Send(_))), "{c:?}");
        let said = if lang == Lang::Zh {
            "已是本事项的承办人"
        } else {
            "already handles this case"
        };
        assert!(screen(&a).contains(said), "{}", screen(&a));
        for _ in 0..2 {
            key(&mut a, KeyCode::Backspace);
        }
        type_text(&mut a, "wky");
        let c = key(&mut a, KeyCode::Enter);
        match c.as_slice() {
            [Command::Send(Request::Assign {
                handler,
                unit,
                case_no,
                ..
            })] => {
                assert_eq!(handler.as_deref(), Some("王科员"));
                assert_eq!(unit, &None);
                assert_eq!(case_no, "2026-000001");
            }
            other => panic!("{other:?}"),
        }
    }
}

#[test]
fn check_in_form_with_matches_in_both_languages() {
    let d = desk();
    for (lang, name) in [(Lang::Zh, "checkin_zh"), (Lang::En, "checkin_en")] {
        let mut a = loaded(lang, &d);
        key(&mut a, KeyCode::Char('n'));
        assert!(a.layers.has::<CheckInForm>());
        let c = type_text(&mut a, "王芳");
        assert!(c.iter().any(|c| matches!(
            c,
            Command::Send(Request::Lookup {
                target: LookupFor::Form,
                ..
            })
        )));
        answer(&mut a, &d, c);
        let (text, mut term) = render(&a, 80, 24);
        assert!(
            text.contains("110105********002X"),
            "the match shows beside the form: {text}"
        );
        // The caret sits after the two typed characters of the name field.
        let label_end = text.lines().nth(3).unwrap().find("王芳").unwrap();
        let col = UnicodeWidthStr::width(&text.lines().nth(3).unwrap()[..label_end]) as u16;
        term.backend_mut().assert_cursor_position((col + 4, 3));
        insta::assert_snapshot!(name, text);
    }
}

#[test]
fn a_wrong_check_character_asks_first() {
    let d = desk();
    let mut a = loaded(Lang::Zh, &d);
    key(&mut a, KeyCode::Char('n'));
    type_text(&mut a, "赵六");
    key(&mut a, KeyCode::Tab);
    type_text(&mut a, "110105194912310021");
    let c = a.update(Msg::Key(KeyEvent::new(
        KeyCode::Char('s'),
        KeyModifiers::CONTROL,
    )));
    assert!(c.is_empty(), "nothing is saved before the officer answers");
    assert!(screen(&a).contains("校验位不符（应为 X）"));
    let c = key(&mut a, KeyCode::Char('y'));
    assert!(matches!(
        c.as_slice(),
        [Command::Send(Request::CheckIn { .. })]
    ));
    // A malformed number keeps the form open with the field's error.
    let mut a = loaded(Lang::En, &d);
    key(&mut a, KeyCode::Char('n'));
    type_text(&mut a, "赵六");
    key(&mut a, KeyCode::Tab);
    type_text(&mut a, "12345");
    let c = a.update(Msg::Key(KeyEvent::new(
        KeyCode::Char('s'),
        KeyModifiers::CONTROL,
    )));
    assert!(c.is_empty());
    assert!(
        screen(&a).contains("ID number has 5 characters"),
        "{}",
        screen(&a)
    );
}

#[test]
fn help_lists_live_bindings_in_the_ui_language() {
    let d = desk();
    let mut a = loaded(Lang::Zh, &d);
    key(&mut a, KeyCode::Char('?'));
    let text = screen(&a);
    assert!(
        text.contains("按键 · 队列") && text.contains("未接待离开"),
        "{text}"
    );
    insta::assert_snapshot!("help_zh", text);
    let mut a = loaded(Lang::En, &d);
    key(&mut a, KeyCode::Char('?'));
    assert!(screen(&a).contains("left unseen"));
}

#[test]
fn sign_in_is_asked_without_an_officer() {
    let mut a = App::new(AppInit {
        lang: Lang::Zh,
        officer: None,
        keymap: Keymap::defaults(),
        theme: Theme { color: false },
        now: parse_instant(NOW).unwrap(),
        max_extension_days: 30,
    });
    let text = screen(&a);
    assert!(text.contains("值班人员"), "{text}");
    // A new office: the roster arrives empty, and the first name is its 科长, asked first.
    feed(
        &mut a,
        Response::Lists {
            officers: Vec::new(),
            units: Vec::new(),
            categories: Vec::new(),
        },
    );
    assert!(screen(&a).contains("名册为空"), "{}", screen(&a));
    type_text(&mut a, "刘洋");
    let c = key(&mut a, KeyCode::Enter);
    assert!(c.is_empty(), "{c:?}");
    assert!(a.layers.has::<Confirm>());
    assert!(screen(&a).contains("任科长"), "{}", screen(&a));
    let c = key(&mut a, KeyCode::Char('y'));
    assert!(
        matches!(c.as_slice(), [Command::Send(Request::SignIn { officer })] if officer == "刘洋"),
        "{c:?}"
    );
    feed(
        &mut a,
        Response::SignedIn {
            officer: "刘洋".into(),
        },
    );
    assert!(!a.layers.has::<SignIn>());
    assert!(screen(&a).contains("刘洋"));
}

#[test]
fn wide_terminal_shows_two_panes() {
    let d = desk();
    let mut a = loaded(Lang::Zh, &d);
    let c = key(&mut a, KeyCode::Enter);
    answer(&mut a, &d, c);
    let (text, _) = render(&a, 120, 40);
    assert!(
        text.contains("来访队列") && text.contains("时间线 · 2026-000001"),
        "{text}"
    );
    // Long Chinese text meets the split between the panes: no row may come out
    // wider or narrower than the terminal, and both borders stay in place.
    for line in text.lines().skip(2).take(37) {
        assert_eq!(UnicodeWidthStr::width(line), 120, "{line:?}");
        assert!(
            line.ends_with('│') || line.ends_with('┐') || line.ends_with('┘'),
            "{line:?}"
        );
    }
    insta::assert_snapshot!("wide_zh", text);
}

#[test]
fn too_small_terminals_get_a_message_not_a_panic() {
    let a = app(Lang::Zh);
    let (text, _) = render(&a, 20, 5);
    assert!(text.contains("终端太小"), "{text}");
    assert!(text.contains("20×5"), "{text}");
    insta::assert_snapshot!("too_small_zh", text);
    let (text, _) = render(&app(Lang::En), 79, 24);
    assert!(
        text.contains("Terminal too small: need at least 80×24 (now 79×24)"),
        "{text}"
    );
    for (w, h) in [(1, 1), (2, 1), (1, 30), (80, 23), (10, 3), (0, 0)] {
        let _ = render(&a, w, h);
    }
    // Too small even for the short form: the sentence's start, not a lone digit
    // of "80×24" (unless a Han character, in one column, cannot show at all).
    let (text, _) = render(&app(Lang::En), 1, 1);
    assert_eq!(text.trim(), "T");
    let (text, _) = render(&app(Lang::En), 3, 2);
    assert_eq!(text.trim(), "Ter\nmin");
    let (text, _) = render(&a, 2, 1);
    assert_eq!(text.trim(), "终");
}

#[test]
fn escape_sequences_in_stored_names_never_reach_the_terminal() {
    let mut a = app(Lang::Zh);
    let row = QueueRow {
        contact_id: 1,
        queue_date: parse_instant(NOW).unwrap().date_naive(),
        queue_no: 1,
        arrived_at: NOW.into(),
        petitioner_id: 1,
        name: "张\x1b[31m伟\x07".into(),
        id_number_masked: None,
        headcount: 1,
        case_no: "2026-000001".into(),
        matter: "\x1b]0;pwned\x07".into(),
        flags: vec![Flag::First],
        status: QueueStatus::Waiting,
        received_by: None,
        received_at: None,
        finished_at: None,
    };
    feed(
        &mut a,
        Response::Queue {
            rows: vec![row],
            counts: DeskCounts::default(),
        },
    );
    let (text, term) = render(&a, 80, 24);
    assert!(!text.contains('\x1b') && !text.contains('\x07'), "{text:?}");
    assert!(
        text.contains("张\u{FFFD}伟"),
        "tampering shows as a replacement character: {text}"
    );
    let raw: String = term
        .backend()
        .buffer()
        .content
        .iter()
        .map(|c| c.symbol())
        .collect();
    assert!(
        !raw.chars().any(|c| c.is_control()),
        "no control character in any cell"
    );
}

#[test]
fn only_the_newest_lookup_answer_is_applied() {
    let d = desk();
    let mut a = loaded(Lang::Zh, &d);
    key(&mut a, KeyCode::Char('2'));
    let first = type_text(&mut a, "w");
    let second = type_text(&mut a, "f");
    // The answer to "wf" arrives, then the late answer to "w": the late one is dropped.
    answer(&mut a, &d, second);
    answer(&mut a, &d, first);
    assert_eq!(a.desk.lookup.rows.len(), 1);
    assert_eq!(a.desk.lookup.rows[0].card.name, "王芳");
}

#[test]
fn no_color_marks_overdue_without_colour() {
    let d = desk();
    let mut a = loaded(Lang::Zh, &d);
    a.theme = Theme { color: false };
    let c = key(&mut a, KeyCode::Enter);
    answer(&mut a, &d, c);
    let (text, term) = render(&a, 80, 24);
    let buf = term.backend().buffer();
    assert!(buf
        .content
        .iter()
        .all(|c| c.fg == ratatui::style::Color::Reset && c.bg == ratatui::style::Color::Reset));
    let row = text.lines().position(|l| l.contains("逾期 7 天")).unwrap();
    let line = text.lines().nth(row).unwrap();
    let x = UnicodeWidthStr::width(&line[..line.find("逾期 7 天").unwrap()]) as u16;
    let m = buf[(x, row as u16)].modifier;
    assert!(
        m.contains(ratatui::style::Modifier::BOLD)
            && m.contains(ratatui::style::Modifier::UNDERLINED)
    );
}

/// How many of `commands` ask the worker to poll.
fn polls(commands: Vec<Command>) -> usize {
    commands
        .iter()
        .filter(|c| matches!(c, Command::Send(Request::Poll { .. })))
        .count()
}

#[test]
fn polling_asks_the_worker_twice_a_second_at_most() {
    let mut a = app(Lang::Zh);
    let t0 = std::time::Instant::now();
    let now = parse_instant(NOW).unwrap();
    let ms = std::time::Duration::from_millis;
    assert_eq!(polls(a.update(Msg::Tick { now, at: t0 })), 1);
    assert_eq!(
        polls(a.update(Msg::Tick {
            now,
            at: t0 + ms(250)
        })),
        0
    );
    assert_eq!(
        polls(a.update(Msg::Tick {
            now,
            at: t0 + ms(500)
        })),
        1
    );
}

/// On a record that signals writes (PostgreSQL), another desk's write makes the
/// desk ask at once, and the timer's poll drops to one every few seconds; a lost
/// signal brings the half-second poll back.
#[test]
fn a_watched_record_refreshes_when_told_and_polls_seldom() {
    let mut a = app(Lang::Zh);
    let t0 = std::time::Instant::now();
    let now = parse_instant(NOW).unwrap();
    let ms = std::time::Duration::from_millis;
    a.update(Msg::Worker(Response::Watching(true)));
    assert_eq!(polls(a.update(Msg::Tick { now, at: t0 })), 1);
    let tick = |a: &mut App, after: u64| {
        polls(a.update(Msg::Tick {
            now,
            at: t0 + ms(after),
        }))
    };
    assert_eq!(tick(&mut a, 500), 0);
    assert_eq!(tick(&mut a, 4_900), 0);
    assert_eq!(polls(a.update(Msg::Worker(Response::Changed))), 1);
    assert_eq!(tick(&mut a, 5_000), 1);
    a.update(Msg::Worker(Response::Watching(false)));
    assert_eq!(tick(&mut a, 5_500), 1);
}

// ---------------------------------------------------------------------------
// The handover view (交班).

/// Every width from one to four columns, every height up to a tall terminal, in
/// both languages, on the desk and with a form or a question over it: the sentence
/// shows whole or in its short form, and nothing is drawn past the edge.
#[test]
fn one_to_four_columns_never_panic_in_either_language() {
    let d = desk();
    for lang in [Lang::Zh, Lang::En] {
        let plain = loaded(lang, &d);
        let mut form = loaded(lang, &d);
        key(&mut form, KeyCode::Char('n'));
        type_text(&mut form, "张伟");
        let mut signin = App::new(AppInit {
            lang,
            officer: None,
            keymap: Keymap::defaults(),
            theme: Theme { color: true },
            now: parse_instant(NOW).unwrap(),
            max_extension_days: 30,
        });
        signin.update(Msg::Key(KeyEvent::new(
            KeyCode::Char('x'),
            KeyModifiers::NONE,
        )));
        for a in [&plain, &form, &signin] {
            for w in 1..=4u16 {
                for h in 1..=40u16 {
                    let (text, _) = render(a, w, h);
                    assert!(
                        text.lines()
                            .all(|l| jiedai::text::display_width(l) <= w as usize),
                        "{lang:?} {w}×{h}:\n{text}"
                    );
                    assert!(!text.trim().is_empty(), "{lang:?} {w}×{h} shows nothing");
                }
            }
        }
        let (text, _) = render(&plain, 2, 24);
        assert!(text.contains("80\n×2\n4"), "{lang:?} at 2×24:\n{text}");
        let (text, _) = render(&plain, 4, 24);
        let first = match lang {
            Lang::Zh => "终端",
            Lang::En => "Term",
        };
        assert!(text.contains(first), "{lang:?} at 4×24:\n{text}");
    }
}

/// While "terminal too small" shows, keys that would act on the hidden desk do
/// nothing; quitting and the language still work, in both languages.
#[test]
fn keys_wait_while_the_terminal_is_too_small() {
    let d = desk();
    for lang in [Lang::Zh, Lang::En] {
        let mut a = loaded(lang, &d);
        a.update(Msg::Resize {
            width: 2,
            height: 24,
        });
        for code in [
            KeyCode::Char('n'),
            KeyCode::Char('2'),
            KeyCode::Char('4'),
            KeyCode::Char('h'),
            KeyCode::F(1),
            KeyCode::Enter,
            KeyCode::Down,
            KeyCode::Tab,
        ] {
            assert!(key(&mut a, code).is_empty(), "{code:?} sent a request");
        }
        a.update(Msg::Paste("张伟".into()));
        assert!(
            !a.layers.has::<CheckInForm>()
                && !a.layers.has::<Help>()
                && !a.layers.has::<HandoverView>()
        );
        assert_eq!(a.desk.focus, Pane::Queue, "no key moved the focus");
        assert_eq!(a.desk.queue.sel.selected, 0, "no key moved the selection");
        let other = match lang {
            Lang::Zh => Lang::En,
            Lang::En => Lang::Zh,
        };
        a.update(Msg::Key(KeyEvent::new(
            KeyCode::Char('l'),
            KeyModifiers::CONTROL,
        )));
        assert_eq!(a.lang, other, "the language still switches");
        // Back to full size, the desk is as it was left.
        a.update(Msg::Resize {
            width: 80,
            height: 24,
        });
        key(&mut a, KeyCode::Char('n'));
        assert!(a.layers.has::<CheckInForm>(), "keys act again at full size");
        a.update(Msg::Resize {
            width: 3,
            height: 10,
        });
        // A form holds no input yet: quitting needs no question.
        assert!(matches!(key(&mut a, KeyCode::Esc).as_slice(), []));
        assert!(
            a.layers.has::<CheckInForm>(),
            "Esc does not close the hidden form"
        );
        let quit = a.update(Msg::Key(KeyEvent::new(
            KeyCode::Char('c'),
            KeyModifiers::CONTROL,
        )));
        assert!(matches!(quit.as_slice(), [Command::Quit]), "{quit:?}");
    }
}

/// Cells where a wide character covers the border drawn just right of it: the
/// terminal shows the character and loses the border.
fn borders_under_wide_characters(buf: &Buffer) -> Vec<(u16, u16)> {
    let mut hit = Vec::new();
    for y in buf.area.top()..buf.area.bottom() {
        for x in buf.area.left()..buf.area.right().saturating_sub(1) {
            let next = buf[(x + 1, y)].symbol();
            if UnicodeWidthStr::width(buf[(x, y)].symbol()) > 1
                && ["│", "┌", "└", "┐", "┘", "─"].contains(&next)
            {
                hit.push((x, y));
            }
        }
    }
    hit
}

#[test]
fn pop_ups_keep_their_left_border_over_wide_characters_at_every_size() {
    let d = desk();
    for lang in [Lang::Zh, Lang::En] {
        for keys in [&['x'][..], &['?'], &['\n', 'm']] {
            let mut a = loaded(lang, &d);
            for &k in keys {
                let code = if k == '\n' {
                    KeyCode::Enter
                } else {
                    KeyCode::Char(k)
                };
                let c = key(&mut a, code);
                answer(&mut a, &d, c);
            }
            for (w, h) in (80..=130).map(|w| (w, 24)).chain([(120, 40), (100, 30)]) {
                // The frame as drawn, before the screen diff hides what a wide
                // character covers.
                let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
                let frame = term.draw(|f| view(&a, f)).unwrap().buffer.clone();
                let text = plain(term.backend().buffer());
                let hit = borders_under_wide_characters(&frame);
                assert!(hit.is_empty(), "{keys:?} at {w}×{h}: {hit:?}\n{text}");
            }
        }
    }
}

#[test]
fn a_wider_terminal_shows_more_of_the_queue_never_less() {
    let d = desk();
    for lang in [Lang::Zh, Lang::En] {
        let a = loaded(lang, &d);
        let (narrow, _) = render(&a, 80, 24);
        let (wide, _) = render(&a, 120, 40);
        let (wider, _) = render(&a, 200, 40);
        // Before: at 120 columns the queue lost its case column.
        for case_no in ["2026-000001", "2026-000002", "2026-000003"] {
            assert!(
                wide.contains(case_no) || !narrow.contains(case_no),
                "{wide}"
            );
            assert!(wider.contains(case_no), "{wider}");
        }
        if lang == Lang::Zh {
            for flag in ["再访", "集体访"] {
                assert!(narrow.contains(flag), "{narrow}");
                assert!(wide.contains(flag), "{wide}");
            }
        }
        // The room a wide terminal adds goes to the matter.
        assert!(wider.contains("拖欠工资"), "{wider}");
    }
}

#[test]
fn page_down_in_help_turns_a_page() {
    let d = desk();
    let mut a = loaded(Lang::Zh, &d);
    key(&mut a, KeyCode::Char('?'));
    let rows = |text: &str| -> Vec<String> {
        text.lines()
            .skip(3)
            .take(19)
            .filter_map(|l| l.split('│').nth(2).map(|s| s.trim().to_string()))
            .filter(|s| !s.is_empty())
            .collect()
    };
    let before = rows(&screen(&a));
    key(&mut a, KeyCode::PageDown);
    let after = rows(&screen(&a));
    // Before: the page scrolled by one line. Now a list of little more than a
    // page shows its last page.
    let last = "End    末行".to_string();
    assert!(
        !before.contains(&last) && after.contains(&last),
        "{before:?}\n{after:?}"
    );
    assert!(!after.contains(&before[0]), "{after:?}");
}

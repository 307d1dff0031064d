//! The desk drawn on ratatui's `TestBackend`: every pane at 80×24 in Chinese and in
//! English, a wide terminal, terminals too small for the desk, and stored text that
//! tries to smuggle escape sequences to the terminal.
//!
//! The state is built the way the running desk builds it: a real store on a
//! temporary file answers, and its answers are fed to `App::update` as the worker
//! would send them. Snapshots are plain text (one line per row, a wide character
//! once), so they read like the screen.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use jiedai::domain::intake::IntakeInput;
use jiedai::domain::{Channel, Flag, Lang, QueueStatus};
use jiedai::store::{CheckIn, DeskCounts, OpenMode, QueueAction, QueueRow, Store};
use jiedai::time::{parse_instant, TimeSource};
use jiedai::tui::app::{App, AppInit, Command, Msg, Pane};
use jiedai::tui::keymap::Keymap;
use jiedai::tui::theme::Theme;
use jiedai::tui::view::view;
use jiedai::tui::worker::{
    queue_snapshot, LookupFor, Request, Response, ShiftRequest, ShiftResponse,
};
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::Terminal;
use unicode_width::UnicodeWidthStr;

const NOW: &str = "2026-11-28T10:30:00+08:00";
const EARLIER: &str = "2026-11-06T09:00:00+08:00";

fn at(s: &str) -> TimeSource {
    TimeSource::Fixed(parse_instant(s).unwrap())
}

fn walk_in(name: &str, id: Option<&str>, headcount: u32, matter: &str) -> CheckIn {
    CheckIn {
        intake: IntakeInput {
            name: name.into(),
            id_number: id.map(Into::into),
            phone: Some("13800138000".into()),
            headcount: Some(headcount),
            matter: matter.into(),
            category: Some("城乡建设/物业管理".into()),
            channel: Some(Channel::Visit),
            ..Default::default()
        },
        ..Default::default()
    }
}

/// A desk file with history: a case from three weeks ago that is now past its
/// 15-day routing clock, and this morning's walk-ins.
struct Desk {
    _dir: tempfile::TempDir,
    store: Store,
}

fn desk() -> Desk {
    desk_with(|_| {})
}

/// The same desk; `before_walk_ins` runs on it just before this morning's walk-ins.
fn desk_with(before_walk_ins: impl FnOnce(&mut Store)) -> Desk {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path().join("desk.db"), OpenMode::Create, at(EARLIER)).unwrap();
    store.add_officer("李娜").unwrap();
    let old = walk_in(
        "王芳",
        Some("11010519491231002X"),
        1,
        "反映小区物业违规收费，要求退还多收的费用",
    );
    let first = store.check_in("李娜", &old).unwrap();
    store
        .queue_move("李娜", first.contact_id, QueueAction::Receive)
        .unwrap();
    store
        .queue_move("李娜", first.contact_id, QueueAction::Done)
        .unwrap();
    before_walk_ins(&mut store);
    store.set_time(at(NOW));
    // A returning person on the same matter: a repeat visit.
    let mut again = walk_in(
        "王芳",
        Some("11010519491231002X"),
        1,
        "再次反映物业收费问题",
    );
    again.case_no = Some("2026-000001".into());
    store.check_in("王科员", &again).unwrap();
    store
        .check_in(
            "王科员",
            &walk_in("张伟", Some("110101199003077777"), 1, "拖欠工资"),
        )
        .unwrap();
    store
        .check_in(
            "王科员",
            &walk_in(
                "欧阳娜娜娜娜娜娜娜娜娜娜",
                None,
                6,
                "小区居民集体反映噪声扰民问题严重影响休息",
            ),
        )
        .unwrap();
    Desk { _dir: dir, store }
}

fn app(lang: Lang) -> App {
    App::new(AppInit {
        lang,
        officer: Some("王科员".into()),
        keymap: Keymap::defaults(),
        theme: Theme { color: true },
        now: parse_instant(NOW).unwrap(),
        max_extension_days: 30,
    })
}

/// An app fed the way the worker feeds it at start.
fn loaded(lang: Lang, d: &Desk) -> App {
    let mut a = app(lang);
    let (rows, counts) = queue_snapshot(&d.store).unwrap();
    feed(&mut a, Response::Queue { rows, counts });
    let officers = d.store.officers().unwrap();
    let units = d
        .store
        .units()
        .unwrap()
        .into_iter()
        .map(|u| u.name)
        .collect();
    let categories = d.store.categories().unwrap();
    feed(
        &mut a,
        Response::Lists {
            officers,
            units,
            categories,
        },
    );
    a
}

fn feed(app: &mut App, r: Response) -> Vec<Command> {
    app.update(Msg::Worker(r))
}

fn key(app: &mut App, code: KeyCode) -> Vec<Command> {
    app.update(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)))
}

fn type_text(app: &mut App, text: &str) -> Vec<Command> {
    let mut out = Vec::new();
    for c in text.chars() {
        out.extend(key(app, KeyCode::Char(c)));
    }
    out
}

/// Answers the requests the way the worker would, for the ones these tests need.
fn answer(app: &mut App, d: &Desk, commands: Vec<Command>) {
    for c in commands {
        let Command::Send(req) = c else { continue };
        let response = match req {
            Request::Case { case_no } => {
                Response::Case(Box::new(d.store.case_detail(&case_no).unwrap()))
            }
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
        feed(app, response);
    }
}

/// The screen as text: row by row, each wide character once.
fn plain(buf: &Buffer) -> String {
    let mut out = String::new();
    for y in 0..buf.area.height {
        let mut x = 0;
        let mut line = String::new();
        while x < buf.area.width {
            let sym = buf[(x, y)].symbol();
            line.push_str(sym);
            x += UnicodeWidthStr::width(sym).max(1) as u16;
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

fn render(app: &App, w: u16, h: u16) -> (String, Terminal<TestBackend>) {
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
    term.draw(|f| view(app, f)).unwrap();
    let text = plain(term.backend().buffer());
    (text, term)
}

fn screen(app: &App) -> String {
    render(app, 80, 24).0
}

/// Every row of a bordered pane ends in its border: nothing wide spilled over it.
fn assert_borders_intact(text: &str, width: usize) {
    for line in text.lines().skip(2).take(21) {
        assert_eq!(
            UnicodeWidthStr::width(line),
            width,
            "row is not {width} cells: {line:?}"
        );
        assert!(
            line.ends_with('│') || line.ends_with('┐') || line.ends_with('┘'),
            "{line:?}"
        );
    }
}

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
                text.contains("8 waiting")
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
        assert_eq!(a.focus, Pane::Timeline);
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
    assert!(a.step.is_none());
    let text = screen(&a);
    assert!(
        text.contains("cannot reply to a case that is registered"),
        "{text}"
    );
    key(&mut a, KeyCode::Char('A'));
    assert!(a.step.is_some(), "not accepting opens its form");
    let text = screen(&a);
    assert!(text.contains("not accept · 2026-000001"), "{text}");
    insta::assert_snapshot!("step_form_en", text);
}

#[test]
fn owner_picker_in_both_languages() {
    let d = desk();
    for (lang, name) in [(Lang::Zh, "picker_zh"), (Lang::En, "picker_en")] {
        let mut a = loaded(lang, &d);
        let c = key(&mut a, KeyCode::Char('o'));
        answer(&mut a, &d, c);
        assert_eq!(a.focus, Pane::Picker);
        type_text(&mut a, "ln");
        let text = screen(&a);
        assert!(
            text.contains("李娜") && text.contains("(fixed)") == (lang == Lang::En),
            "{text}"
        );
        insta::assert_snapshot!(name, text);
        let c = key(&mut a, KeyCode::Enter);
        match c.as_slice() {
            [Command::Send(Request::Assign {
                handler,
                unit,
                case_no,
                ..
            })] => {
                assert_eq!(handler.as_deref(), Some("李娜"));
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
        assert!(a.checkin.is_some());
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
    type_text(&mut a, "刘洋");
    let c = key(&mut a, KeyCode::Enter);
    assert!(
        matches!(c.as_slice(), [Command::Send(Request::SignIn { officer })] if officer == "刘洋")
    );
    feed(
        &mut a,
        Response::SignedIn {
            officer: "刘洋".into(),
        },
    );
    assert!(a.signin.is_none());
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
    assert_eq!(a.lookup.rows.len(), 1);
    assert_eq!(a.lookup.rows[0].card.name, "王芳");
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

#[test]
fn polling_asks_the_worker_twice_a_second_at_most() {
    let mut a = app(Lang::Zh);
    let t0 = std::time::Instant::now();
    let now = parse_instant(NOW).unwrap();
    let polls = |c: Vec<Command>| {
        c.iter()
            .filter(|c| matches!(c, Command::Send(Request::Poll { .. })))
            .count()
    };
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

// ---------------------------------------------------------------------------
// The handover view (交班).

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
                        last: store.last_handover().unwrap(),
                        pending: store.pending_handovers(&officer).unwrap(),
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
        assert!(a.handover.is_none(), "nothing waits for 王科员");
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
                    "共接待 3 批次、8 人次。",
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
                    "3 batches, 8 people in all.",
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
    assert!(a.handover.as_ref().unwrap().notes.is_some());
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
    assert!(a.handover.as_ref().unwrap().notes.is_none());
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
    assert!(a.handover.as_ref().unwrap().notes.is_none());
    assert!(screen(&a).contains("本班次已交班，不能再修改"));
    let shift = d.store.last_shift("王科员").unwrap().unwrap();
    assert_eq!(shift.handed_to.as_deref(), Some("李娜"));
    assert!(shift.notes.ends_with("五楼电梯坏了"));
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
            .handover
            .as_ref()
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
    assert!(a.handover.is_none());
    assert!(screen(&a).contains("来访队列"));
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
    let first = a.handover.as_ref().unwrap().incoming().unwrap().shift_id;
    let c = ctrl(&mut a, 'a');
    answer_shift(&mut a, &mut d.store, c);
    let text = screen(&a);
    assert!(text.contains("待确认交班 1"), "{text}");
    let second = a.handover.as_ref().unwrap().incoming().unwrap();
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
    assert!(a.handover.is_none());
    assert!(screen(&a).contains("database is locked"));
}

//! The desk under a hostile reviewer or a tired officer: a database deleted under
//! it, two desks on one visitor, a store error on the Chinese screen, Ctrl-C in a
//! question, Ctrl-L in every form. Each test is the regression test of a bug found
//! by driving the real desk; the worker runs for real where the bug was in it.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use jiedai::domain::intake::IntakeInput;
use jiedai::domain::{Channel, Lang};
use jiedai::store::{CheckIn, OpenMode, QueueAction, Store};
use jiedai::time::{parse_instant, TimeSource};
use jiedai::tui::app::{App, AppInit, Command, Msg};
use jiedai::tui::keymap::Keymap;
use jiedai::tui::panes::{
    checkin::CheckInForm, confirm::Confirm, signin::SignIn, stepform::StepForm,
};
use jiedai::tui::theme::Theme;
use jiedai::tui::view::view;
use jiedai::tui::worker::{self, queue_snapshot, Failed, Request, Response};
use jiedai::words::desk::Problem;
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use std::sync::mpsc;
use std::time::Duration;
use unicode_width::UnicodeWidthStr;

const NOW: &str = "2026-11-28T10:30:00+08:00";
const PATIENCE: Duration = Duration::from_secs(30);

fn clock() -> TimeSource {
    TimeSource::Fixed(parse_instant(NOW).unwrap())
}

fn walk_in(name: &str) -> CheckIn {
    CheckIn {
        intake: IntakeInput {
            name: name.into(),
            matter: "反映物业收费".into(),
            channel: Some(Channel::Visit),
            ..Default::default()
        },
        ..Default::default()
    }
}

fn open(path: &std::path::Path) -> Store {
    Store::open(path, OpenMode::Create, clock()).unwrap()
}

fn app(lang: Lang) -> App {
    App::new(AppInit {
        lang,
        officer: Some("王科员".into()),
        keymap: Keymap::defaults(),
        theme: Theme { color: false },
        now: parse_instant(NOW).unwrap(),
        max_extension_days: 30,
    })
}

fn loaded(lang: Lang, store: &Store) -> App {
    let mut a = app(lang);
    let (rows, counts) = queue_snapshot(store).unwrap();
    a.update(Msg::Worker(Response::Queue { rows, counts }));
    a.update(Msg::Worker(Response::Lists {
        officers: store.officers().unwrap(),
        units: store.units().unwrap().into_iter().map(|u| u.name).collect(),
        categories: store.categories().unwrap(),
    }));
    a
}

/// Opens the queue's first case on the timeline, answering as the worker would.
fn open_case(a: &mut App, store: &Store, case_no: &str) {
    let sent = key(a, KeyCode::Enter);
    assert!(
        sent.iter()
            .any(|c| matches!(c, Command::Send(Request::Case { .. }))),
        "{sent:?}"
    );
    let detail = store.case_detail(case_no).unwrap();
    a.update(Msg::Worker(Response::Case(Box::new(detail))));
}

fn press(a: &mut App, code: KeyCode, mods: KeyModifiers) -> Vec<Command> {
    a.update(Msg::Key(KeyEvent::new(code, mods)))
}

fn key(a: &mut App, code: KeyCode) -> Vec<Command> {
    press(a, code, KeyModifiers::NONE)
}

fn ctrl(a: &mut App, c: char) -> Vec<Command> {
    press(a, KeyCode::Char(c), KeyModifiers::CONTROL)
}

fn type_text(a: &mut App, text: &str) {
    for c in text.chars() {
        key(a, KeyCode::Char(c));
    }
}

fn screen(a: &App) -> String {
    let mut term = Terminal::new(TestBackend::new(80, 24)).unwrap();
    term.draw(|f| view(a, f)).unwrap();
    let buf = term.backend().buffer();
    let mut out = String::new();
    for y in 0..buf.area.height {
        let mut x = 0;
        while x < buf.area.width {
            let sym = buf[(x, y)].symbol();
            out.push_str(sym);
            x += UnicodeWidthStr::width(sym).max(1) as u16;
        }
        out.push('\n');
    }
    out
}

/// English words of three letters or more (key names like "Esc" and "C-s" in the
/// hint line are the keymap's, so the status and form lines are what is checked).
fn english_words(line: &str) -> Vec<String> {
    line.split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| w.len() >= 3)
        .map(str::to_string)
        .collect()
}

fn sends_quit(commands: &[Command]) -> bool {
    commands.iter().any(|c| matches!(c, Command::Quit))
}

/// A real worker on `store`, its answers on a channel.
fn spawn(store: Store) -> (worker::WorkerHandle, mpsc::Receiver<Response>) {
    let (tx, rx) = mpsc::channel();
    let handle = worker::spawn(store, Box::new(move |r| tx.send(r).is_ok())).unwrap();
    (handle, rx)
}

/// Waits for the first error the worker reports.
fn next_error(rx: &mpsc::Receiver<Response>) -> (Failed, Problem) {
    loop {
        match rx.recv_timeout(PATIENCE).expect("the worker answers") {
            Response::Error { failed, problem } => return (failed, problem),
            _ => continue,
        }
    }
}

#[test]
fn a_database_deleted_under_the_desk_refuses_writes_instead_of_losing_them() {
    // Before: SQLite kept writing to the unlinked file, the desk said "checked in",
    // and the visitor vanished when the desk closed.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("desk.db");
    let mut store = open(&path);
    store.check_in("王科员", &walk_in("张伟")).unwrap();
    let (w, rx) = spawn(store);
    for f in ["desk.db", "desk.db-wal", "desk.db-shm"] {
        let _ = std::fs::remove_file(dir.path().join(f));
    }
    w.send(Request::CheckIn {
        officer: "王科员".into(),
        request: Box::new(walk_in("李四")),
        risk: Default::default(),
        start_plan: false,
    });
    let (failed, problem) = next_error(&rx);
    assert_eq!(failed, Failed::CheckIn);
    assert!(matches!(problem, Problem::Gone), "{problem:?}");
    assert!(problem.text(Lang::Zh).contains("删除"));
    // The poll says so too, so the officer learns it before typing a whole form.
    w.send(Request::Poll {
        case_no: None,
        person: None,
        officer: None,
    });
    assert!(matches!(next_error(&rx).1, Problem::Gone));
}

#[test]
fn a_database_replaced_under_the_desk_is_noticed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("desk.db");
    let store = open(&path);
    let (w, rx) = spawn(store);
    let other = dir.path().join("other.db");
    drop(open(&other));
    std::fs::rename(&other, &path).unwrap();
    w.send(Request::QueueMove {
        officer: "王科员".into(),
        contact_id: 1,
        action: QueueAction::Receive,
    });
    let (failed, problem) = next_error(&rx);
    assert_eq!(failed, Failed::QueueMove);
    assert!(matches!(problem, Problem::Gone), "{problem:?}");
}

#[test]
fn receiving_a_visitor_another_desk_took_says_so_in_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("desk.db");
    let mut here = open(&path);
    let visitor = here.check_in("王科员", &walk_in("张伟")).unwrap();
    let mut there = open(&path);
    there.add_officer("李娜").unwrap();
    there
        .queue_move("李娜", visitor.contact_id, QueueAction::Receive)
        .unwrap();
    let (w, rx) = spawn(here);
    w.send(Request::QueueMove {
        officer: "王科员".into(),
        contact_id: visitor.contact_id,
        action: QueueAction::Receive,
    });
    let (failed, problem) = next_error(&rx);
    assert_eq!(failed, Failed::QueueMove);
    let zh = problem.text(Lang::Zh);
    assert!(zh.contains("1 号") && zh.contains("接待中"), "{zh}");
    assert!(english_words(&zh).is_empty(), "{zh}");
    // The refreshed queue follows, so the desk shows who has them now.
    let queue = rx.recv_timeout(PATIENCE).unwrap();
    assert!(matches!(queue, Response::Queue { .. }), "{queue:?}");
}

#[test]
fn an_illegal_step_is_refused_in_the_language_on_screen() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(&dir.path().join("desk.db"));
    let r = store.check_in("王科员", &walk_in("张伟")).unwrap();
    let mut a = loaded(Lang::Zh, &store);
    open_case(&mut a, &store, &r.case_no);
    for step in ['p', 'z', 'e', 'D'] {
        key(&mut a, KeyCode::Char('4'));
        key(&mut a, KeyCode::Char(step));
        let status = screen(&a).lines().next().unwrap().to_string();
        assert!(status.contains("错误"), "{step}: {status}");
        assert!(english_words(&status).is_empty(), "{step}: {status}");
    }
    // Ctrl-L turns the message too: it is worded when drawn.
    ctrl(&mut a, 'l');
    let status = screen(&a).lines().next().unwrap().to_string();
    assert!(status.to_lowercase().contains("error"), "{status}");
    assert!(
        !jiedai::text::has_han(&status.replace("王科员", "")),
        "{status}"
    );
}

#[test]
fn a_locked_database_keeps_the_form_and_blames_no_field() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir.path().join("desk.db"));
    let mut a = loaded(Lang::Zh, &store);
    key(&mut a, KeyCode::Char('n'));
    type_text(&mut a, "李四");
    for _ in 0..7 {
        key(&mut a, KeyCode::Tab);
    }
    type_text(&mut a, "反映拖欠工资");
    let sent = ctrl(&mut a, 's');
    assert!(sent
        .iter()
        .any(|c| matches!(c, Command::Send(Request::CheckIn { .. }))));
    a.update(Msg::Worker(Response::Error {
        failed: Failed::CheckIn,
        problem: Problem::Locked,
    }));
    let form = a.layers.find::<CheckInForm>().expect("the form stays open");
    assert_eq!(form.value(jiedai::tui::panes::checkin::Field::Name), "李四");
    assert!(!form.saving);
    let text = screen(&a);
    let line = text
        .lines()
        .find(|l| l.contains("占用"))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(
        !line.contains("诉求："),
        "a lock is no fault of the matter: {line}"
    );
    assert!(english_words(line).is_empty(), "{line}");
    // Saving again once the lock is gone works from the same input.
    assert!(ctrl(&mut a, 's')
        .iter()
        .any(|c| matches!(c, Command::Send(Request::CheckIn { .. }))));
}

#[test]
fn field_refusals_are_worded_on_the_chinese_screen_before_anything_is_sent() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir.path().join("desk.db"));
    // Field, what is typed there, and a word of the Chinese refusal.
    let cases = [
        (1, "12345", "身份证号有 5 位"),
        (1, "110105194913310021", "出生日期"),
        (2, "12", "电话有 2 位数字"),
        (2, "1380013800a", "电话中有"),
        (4, "20000", "1 到 10000"),
    ];
    for (tabs, typed, said) in cases {
        let mut a = loaded(Lang::Zh, &store);
        key(&mut a, KeyCode::Char('n'));
        type_text(&mut a, "王五");
        for _ in 0..tabs {
            key(&mut a, KeyCode::Tab);
        }
        if tabs == 4 {
            key(&mut a, KeyCode::Backspace);
        }
        type_text(&mut a, typed);
        let sent = ctrl(&mut a, 's');
        assert!(sent.is_empty(), "{typed}: refused before sending");
        let text = screen(&a);
        let line = text
            .lines()
            .find(|l| l.contains(said))
            .unwrap_or_else(|| panic!("{typed}: {text}"));
        assert!(english_words(line).is_empty(), "{typed}: {line}");
    }
    // 200 representatives for 3 people: the count is refused, in Chinese.
    let mut a = loaded(Lang::Zh, &store);
    key(&mut a, KeyCode::Char('n'));
    type_text(&mut a, "王五");
    for _ in 0..4 {
        key(&mut a, KeyCode::Tab);
    }
    key(&mut a, KeyCode::Backspace);
    type_text(&mut a, "3");
    key(&mut a, KeyCode::Tab);
    let reps: Vec<String> = (0..200).map(|i| format!("代表{i}")).collect();
    a.update(Msg::Paste(reps.join(",")));
    assert!(ctrl(&mut a, 's').is_empty());
    assert!(screen(&a).contains("代表最多 100 人"), "{}", screen(&a));
}

#[test]
fn ctrl_c_in_the_checksum_question_asks_before_throwing_the_form_away() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir.path().join("desk.db"));
    let mut a = loaded(Lang::Zh, &store);
    key(&mut a, KeyCode::Char('n'));
    type_text(&mut a, "张伟");
    key(&mut a, KeyCode::Tab);
    type_text(&mut a, "110105194912310021");
    assert!(ctrl(&mut a, 's').is_empty());
    assert!(
        a.layers.has::<Confirm>(),
        "the wrong check character is asked about"
    );
    let out = ctrl(&mut a, 'c');
    assert!(
        !sends_quit(&out),
        "Ctrl-C must not drop a full form unasked"
    );
    assert!(a.layers.has::<CheckInForm>());
    assert!(screen(&a).contains("退出"), "{}", screen(&a));
    // A second Ctrl-C (or y) is the answer.
    assert!(sends_quit(&ctrl(&mut a, 'c')));
}

#[test]
fn ctrl_l_switches_the_language_in_a_step_form_and_the_sign_in() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(&dir.path().join("desk.db"));
    let r = store.check_in("王科员", &walk_in("张伟")).unwrap();
    let mut a = loaded(Lang::Zh, &store);
    open_case(&mut a, &store, &r.case_no);
    key(&mut a, KeyCode::Char('m'));
    assert!(a.layers.has::<StepForm>(), "the note form is open");
    type_text(&mut a, "备注");
    ctrl(&mut a, 'l');
    assert_eq!(a.lang, Lang::En, "Ctrl-L in a step form");
    assert!(a.layers.has::<StepForm>());
    ctrl(&mut a, 'l');
    assert_eq!(a.lang, Lang::Zh);
    // In the check-in form Ctrl-L still links the person.
    key(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::Char('y'));
    key(&mut a, KeyCode::Char('n'));
    ctrl(&mut a, 'l');
    assert_eq!(a.lang, Lang::Zh, "Ctrl-L links in the check-in form");
    // Nobody on duty yet: the sign-in asks, and Ctrl-L turns it.
    let mut b = App::new(AppInit {
        lang: Lang::Zh,
        officer: None,
        keymap: Keymap::defaults(),
        theme: Theme { color: false },
        now: parse_instant(NOW).unwrap(),
        max_extension_days: 30,
    });
    assert!(b.layers.has::<SignIn>());
    ctrl(&mut b, 'l');
    assert_eq!(b.lang, Lang::En, "Ctrl-L in the sign-in");
}

#[test]
fn a_check_in_that_may_be_someone_on_record_says_so_on_screen() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(&dir.path().join("desk.db"));
    let mut first = walk_in("张伟");
    first.intake.phone = Some("13800138000".into());
    store.check_in("王科员", &first).unwrap();
    let mut second = walk_in("张卫");
    second.intake.phone = Some("13800138000".into());
    let result = store.check_in("王科员", &second).unwrap();
    assert_eq!(result.candidates.len(), 1);
    let mut a = loaded(Lang::Zh, &store);
    a.update(Msg::Worker(Response::CheckedIn(Box::new(result))));
    let text = screen(&a);
    assert!(
        text.contains("可能是同一人") && text.contains("同一电话"),
        "{text}"
    );
}

#[test]
fn a_unit_filter_that_leaves_one_unit_picks_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(&dir.path().join("desk.db"));
    let r = store.check_in("王科员", &walk_in("张伟")).unwrap();
    // Saving straight from the filter, or leaving it and saving with Enter.
    for leave in [None, Some(KeyCode::Tab)] {
        let mut a = loaded(Lang::Zh, &store);
        open_case(&mut a, &store, &r.case_no);
        key(&mut a, KeyCode::Char('4'));
        key(&mut a, KeyCode::Char('f'));
        assert!(a.layers.has::<StepForm>(), "{}", screen(&a));
        type_text(&mut a, "教育局");
        let sent = match leave {
            None => ctrl(&mut a, 's'),
            Some(k) => {
                key(&mut a, k);
                key(&mut a, KeyCode::Enter)
            }
        };
        let unit = sent.iter().find_map(|c| match c {
            Command::Send(Request::CaseStep { input, .. }) => input.unit.clone(),
            _ => None,
        });
        assert_eq!(
            unit.as_deref(),
            Some("区教育局"),
            "{leave:?}\n{}",
            screen(&a)
        );
    }
}

#[test]
fn check_in_warnings_reach_the_status_line_in_the_language_on_screen() {
    use jiedai::domain::intake::WarningCode;
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(&dir.path().join("desk.db"));
    let mut born_later = walk_in("张伟");
    born_later.intake.id_number = Some("110105202712010011".into());
    let result = store.check_in("王科员", &born_later).unwrap();
    assert_eq!(result.warnings.codes(), [WarningCode::BirthDateAfterToday]);
    let mut final_case = result.clone();
    final_case.warnings = jiedai::store::Warnings(vec![jiedai::domain::intake::Warning {
        code: WarningCode::CaseFinal,
        message: "case 2026-000001 is final".into(),
    }]);
    let mut name_differs = result.clone();
    name_differs.warnings = jiedai::store::Warnings(vec![jiedai::domain::intake::Warning {
        code: WarningCode::IdNameMismatch,
        message: "the ID number is on record for 张为 (#1), not 张伟".into(),
    }]);
    for (r, zh, en) in [
        (&result, "出生日期晚于今天", "birth date is after today"),
        (&final_case, "已终结", "is final"),
        (&name_differs, "请核对姓名", "Check the name"),
    ] {
        let mut a = loaded(Lang::Zh, &store);
        a.update(Msg::Worker(Response::CheckedIn(Box::new(r.clone()))));
        let status = screen(&a).lines().next().unwrap().to_string();
        assert!(status.contains(zh) && status.contains("已登记"), "{status}");
        let mut a = loaded(Lang::En, &store);
        a.update(Msg::Worker(Response::CheckedIn(Box::new(r.clone()))));
        let status = screen(&a).lines().next().unwrap().to_string();
        assert!(status.contains(en), "{status}");
    }
}

/// A broken keymap is said on the status line at start (the file and line are on
/// stderr at exit). The registers' notice of late rounds and the news that the
/// shift resumed arrive a moment later: they used to take its place, so the
/// officer never saw why their key did nothing.
#[test]
fn a_keymap_problem_at_start_is_not_covered_by_the_start_notices() {
    use jiedai::domain::risk::{RiskBrief, RoundDue, RoundState, ScopeKind};
    use jiedai::tui::worker::{RiskResponse, ShiftResponse};
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(&dir.path().join("desk.db"));
    let shift = store.start_shift("王科员").unwrap();
    let late = RiskBrief {
        rounds_due: vec![RoundDue {
            scope_kind: ScopeKind::Area,
            scope: "城关镇".into(),
            due_on: "2026-11-16".into(),
            state: RoundState::Late,
        }],
        ..Default::default()
    };
    let mut a = loaded(Lang::Zh, &store);
    a.flash(
        "按键配置：keymap.toml:3: unknown action \"frobnicate\"",
        true,
    );
    a.update(Msg::Worker(Response::Risk(Box::new(RiskResponse::Brief(
        late.clone(),
    )))));
    a.update(Msg::Worker(Response::Shift(Box::new(
        ShiftResponse::Started {
            shift,
            resumed: true,
            pending: Vec::new(),
            last: None,
        },
    ))));
    let status = screen(&a).lines().next().unwrap().to_string();
    assert!(status.contains("keymap.toml:3"), "{status}");
    // With nothing wrong, the notice shows as before.
    let mut a = loaded(Lang::Zh, &store);
    a.update(Msg::Worker(Response::Risk(Box::new(RiskResponse::Brief(
        late,
    )))));
    let status = screen(&a).lines().next().unwrap().to_string();
    assert!(status.contains("1 轮逾期未报"), "{status}");
}

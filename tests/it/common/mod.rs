//! What the render tests share: a desk on a temporary database, an app fed by
//! hand, and a plain-text rendering of the screen.
#![allow(dead_code, unused_imports)]

pub mod runner;

pub use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
pub use jiedai::domain::intake::IntakeInput;
pub use jiedai::domain::{Channel, Flag, Lang, QueueStatus};
pub use jiedai::store::{CheckIn, DeskCounts, OpenMode, QueueAction, QueueRow, Store};
pub use jiedai::time::{parse_instant, TimeSource};
pub use jiedai::tui::app::{App, AppInit, Command, Msg, Pane};
pub use jiedai::tui::keymap::Keymap;
pub use jiedai::tui::panes::{
    checkin::CheckInForm, confirm::Confirm, handover::HandoverView, help::Help, signin::SignIn,
    stepform::StepForm,
};
pub use jiedai::tui::theme::Theme;
pub use jiedai::tui::view::view;
pub use jiedai::tui::worker::{
    queue_snapshot, LookupFor, Request, Response, ShiftRequest, ShiftResponse,
};
pub use ratatui::backend::TestBackend;
pub use ratatui::buffer::Buffer;
pub use ratatui::Terminal;
pub use unicode_width::UnicodeWidthStr;

pub const NOW: &str = "2026-11-28T10:30:00+08:00";
pub const EARLIER: &str = "2026-11-06T09:00:00+08:00";

pub fn at(s: &str) -> TimeSource {
    TimeSource::Fixed(parse_instant(s).unwrap())
}

pub fn walk_in(name: &str, id: Option<&str>, headcount: u32, matter: &str) -> CheckIn {
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
pub struct Desk {
    pub _dir: tempfile::TempDir,
    pub store: Store,
}

pub fn desk() -> Desk {
    desk_with(|_| {})
}

/// The same desk; `before_walk_ins` runs on it just before this morning's walk-ins.
pub fn desk_with(before_walk_ins: impl FnOnce(&mut Store)) -> Desk {
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

pub fn app(lang: Lang) -> App {
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
pub fn loaded(lang: Lang, d: &Desk) -> App {
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

pub fn feed(app: &mut App, r: Response) -> Vec<Command> {
    app.update(Msg::Worker(r))
}

pub fn key(app: &mut App, code: KeyCode) -> Vec<Command> {
    app.update(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)))
}

pub fn type_text(app: &mut App, text: &str) -> Vec<Command> {
    let mut out = Vec::new();
    for c in text.chars() {
        out.extend(key(app, KeyCode::Char(c)));
    }
    out
}

/// Answers the requests the way the worker would, for the ones these tests need.
pub fn answer(app: &mut App, d: &Desk, commands: Vec<Command>) {
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
pub fn plain(buf: &Buffer) -> String {
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

pub fn render(app: &App, w: u16, h: u16) -> (String, Terminal<TestBackend>) {
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
    term.draw(|f| view(app, f)).unwrap();
    let text = plain(term.backend().buffer());
    (text, term)
}

pub fn screen(app: &App) -> String {
    render(app, 80, 24).0
}

/// Every row of a bordered pane ends in its border: nothing wide spilled over it.
pub fn assert_borders_intact(text: &str, width: usize) {
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

//! What the render tests share: a desk on a temporary database, an app fed by
//! hand, and a plain-text rendering of the screen; and the roster every test
//! database starts from.
//!
//! **Officers in tests.** Only an active officer on the roster may act (`--officer`,
//! `Store::check_in("…")`, the desk's sign-in); an unknown name is refused, never
//! created. On an EMPTY roster the first name to act becomes its 科长, so a test
//! that only ever acts as 王科员 needs nothing. Anything else starts from the roster:
//!
//! - a `Store`: `seed_roster(&mut store)` puts [`ROSTER`] on it (王科员 as 科长, 李娜
//!   as 科员); `add_officers(&mut store, &["张伟"])` adds more (as 科员);
//! - a file for the command line: `roster_db(&path)` creates it with [`ROSTER`],
//!   `roster_db_with(&path, &["张伟"])` with more; then `runner::jiedai(&path, …)`
//!   acts as 王科员, the 科长, who may also `officer add NAME --role 领导 --title …`;
//! - the `desk()` fixture already has [`ROSTER`].
#![allow(dead_code, unused_imports)]

pub mod record;
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

/// The roster test databases start with: 王科员 is its 科长 (first on the roster),
/// 李娜 a 科员.
pub const ROSTER: &[&str] = &["王科员", "李娜"];

/// Puts [`ROSTER`] on the store (names already on it stay as they are).
pub fn seed_roster(store: &mut Store) {
    add_officers(store, ROSTER);
}

/// Puts more officers on the roster as 科员 (the first on an empty roster is its
/// 科长); names already on it stay as they are.
pub fn add_officers(store: &mut Store, names: &[&str]) {
    let on_roster: Vec<String> = store
        .officers()
        .unwrap()
        .into_iter()
        .map(|o| o.name)
        .collect();
    for name in names.iter().filter(|n| !on_roster.iter().any(|o| o == *n)) {
        store.add_officer(name).unwrap();
    }
}

/// Creates the database at `path` with [`ROSTER`] on it, for the command line.
pub fn roster_db(path: &std::path::Path) {
    roster_db_with(path, &[]);
}

/// Creates (or opens) the database at `path` with [`ROSTER`] and `more` on it.
pub fn roster_db_with(path: &std::path::Path, more: &[&str]) {
    let mut store = Store::open(path, OpenMode::Create, TimeSource::System).unwrap();
    seed_roster(&mut store);
    add_officers(&mut store, more);
}

pub fn desk() -> Desk {
    desk_with(|_| {})
}

/// The same desk; `before_walk_ins` runs on it just before this morning's walk-ins.
pub fn desk_with(before_walk_ins: impl FnOnce(&mut Store)) -> Desk {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path().join("desk.db"), OpenMode::Create, at(EARLIER)).unwrap();
    seed_roster(&mut store);
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

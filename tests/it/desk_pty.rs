//! The real binary in a pseudo-terminal, driven with keys as an officer would, with
//! the screen read through a terminal emulator (vt100), never from raw bytes:
//! ratatui moves the cursor between wide characters.
//!
//! Each wait is a wait-until with a generous limit, not a timing assertion.

use portable_pty::{native_pty_system, Child, CommandBuilder, PtySize};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_jiedai");
const NOW: &str = "2026-11-28T10:30:00+08:00";
/// How long a screen may take to show what a step waits for before the test calls
/// the desk hung. Not a speed limit: a loaded machine (the whole suite runs at once
/// on two cores) has taken more than 20 s to draw a step.
const PATIENCE: Duration = Duration::from_secs(60);

/// The environment every run shares: a private config location (so the tester's
/// own config and keymap stay out) and a pinned clock.
fn isolate(dir: &Path) -> Vec<(&'static str, String)> {
    vec![
        (
            "JIEDAI_CONFIG",
            dir.join("config.toml").display().to_string(),
        ),
        ("JIEDAI_NOW", NOW.to_string()),
        ("TERM", "xterm-256color".to_string()),
        ("LANG", "C.UTF-8".to_string()),
    ]
}

/// Runs a headless command and returns its stdout.
fn cli(dir: &Path, db: &Path, args: &[&str]) -> String {
    let mut cmd = Command::new(BIN);
    cmd.arg("--db").arg(db).args(args);
    for k in ["JIEDAI_DB", "JIEDAI_OFFICER", "LC_ALL", "LC_MESSAGES"] {
        cmd.env_remove(k);
    }
    for (k, v) in isolate(dir) {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "jiedai {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

pub(crate) struct Desk {
    child: Box<dyn Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    parser: Arc<Mutex<vt100::Parser>>,
}

impl Desk {
    pub(crate) fn start(dir: &Path, db: &Path, args: &[&str], cols: u16, rows: u16) -> Desk {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let mut cmd = CommandBuilder::new(BIN);
        cmd.arg("--db");
        cmd.arg(db);
        cmd.args(args);
        cmd.cwd(dir);
        for k in [
            "JIEDAI_DB",
            "JIEDAI_OFFICER",
            "LC_ALL",
            "LC_MESSAGES",
            "NO_COLOR",
        ] {
            cmd.env_remove(k);
        }
        for (k, v) in isolate(dir) {
            cmd.env(k, v);
        }
        let child = pair.slave.spawn_command(cmd).unwrap();
        drop(pair.slave);
        let parser = Arc::new(Mutex::new(vt100::Parser::new(rows, cols, 0)));
        let mut reader = pair.master.try_clone_reader().unwrap();
        let feed = Arc::clone(&parser);
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                feed.lock().unwrap().process(&buf[..n]);
            }
        });
        let writer = pair.master.take_writer().unwrap();
        // The master must outlive the child's use of the terminal.
        std::mem::forget(pair.master);
        Desk {
            child,
            writer,
            parser,
        }
    }

    pub(crate) fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    pub(crate) fn screen(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    /// Waits until the screen shows `what`; fails with the screen it last saw.
    pub(crate) fn wait_for(&self, what: &str) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if screen.contains(what) {
                return screen;
            }
            if start.elapsed() > PATIENCE {
                panic!("waited {PATIENCE:?} for {what:?}; the screen shows:\n{screen}");
            }
            std::thread::sleep(Duration::from_millis(40));
        }
    }

    /// Waits until `what` is gone from the screen.
    pub(crate) fn wait_gone(&self, what: &str) {
        let start = Instant::now();
        while self.screen().contains(what) {
            if start.elapsed() > PATIENCE {
                panic!(
                    "waited {PATIENCE:?} for {what:?} to go; the screen shows:\n{}",
                    self.screen()
                );
            }
            std::thread::sleep(Duration::from_millis(40));
        }
    }

    /// Sends a signal to the desk, as closing the window or `kill` would.
    #[cfg(unix)]
    pub(crate) fn signal(&self, sig: i32) {
        let pid = self.child.process_id().expect("the desk's pid") as i32;
        // SAFETY: a signal to our own child.
        assert_eq!(unsafe { libc::kill(pid, sig) }, 0);
    }

    pub(crate) fn wait_exit(&mut self) -> portable_pty::ExitStatus {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            if start.elapsed() > PATIENCE {
                panic!(
                    "the desk did not exit; the screen shows:\n{}",
                    self.screen()
                );
            }
            std::thread::sleep(Duration::from_millis(40));
        }
    }
}

impl Drop for Desk {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
        }
    }
}

fn temp() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("desk.db");
    (dir, db)
}

#[test]
fn check_in_find_receive_assign_and_quit_in_chinese() {
    let (dir, db) = temp();
    crate::common::roster_db(&db);
    let mut desk = Desk::start(
        dir.path(),
        &db,
        &["--officer", "王科员", "--lang", "zh"],
        100,
        30,
    );
    desk.wait_for("按 n 登记来访");
    desk.wait_for("值班");

    desk.send("n");
    desk.wait_for("身份证号");
    desk.send("张伟");
    desk.wait_for("张伟");
    desk.send("\t11010519491231002X");
    desk.wait_for("11010519491231002X");
    desk.send("\x13"); // Ctrl-S saves from any field
    desk.wait_for("已登记 张伟");
    let screen = desk.wait_for("来访队列");
    assert!(screen.contains("排队号 1"), "{screen}");

    desk.send("2");
    desk.wait_for("查询：");
    desk.send("zw");
    desk.wait_for("110105********002X");

    // Esc leaves the search box (a lone Esc: wait before the next key, or the
    // terminal would read Alt-1), then 1 goes back to the queue.
    desk.send("\x1b");
    desk.wait_for("v 显示证件号");
    desk.send("1");
    desk.wait_for("来访队列");
    desk.send("r");
    desk.wait_for("接待中 1");

    desk.send("o");
    desk.wait_for("首问/承办 · 2026-000001");
    desk.wait_for("李娜");
    desk.send("ln");
    desk.wait_for("筛选：ln");
    desk.send("\r");
    desk.wait_for("指定承办");
    desk.wait_for("承办人 李娜");

    desk.send("q");
    let status = desk.wait_exit();
    assert!(status.success(), "exit status {status:?}");

    let queue: serde_json::Value =
        serde_json::from_str(&cli(dir.path(), &db, &["queue", "--json"])).unwrap();
    let row = &queue["queue"][0];
    assert_eq!(row["name"], "张伟");
    assert_eq!(row["status"], "receiving");
    assert_eq!(row["received_by"], "王科员");
    let case_no = row["case_no"].as_str().unwrap().to_string();
    let case: serde_json::Value =
        serde_json::from_str(&cli(dir.path(), &db, &["case", "show", &case_no, "--json"])).unwrap();
    assert_eq!(case["handler"], "李娜");
    assert_eq!(case["first_officer"], "王科员");
    let events = case["events"].as_array().unwrap();
    let assign = events
        .iter()
        .find(|e| e["kind"] == "assign")
        .expect("an assign event");
    assert_eq!(assign["officer"], "王科员");
    assert_eq!(assign["detail"]["handler"], "李娜");
}

#[test]
fn english_desk_shows_another_desks_check_in() {
    let (dir, db) = temp();
    crate::common::roster_db_with(&db, &["Wang", "Zhao"]);
    let mut desk = Desk::start(
        dir.path(),
        &db,
        &["--officer", "Wang", "--lang", "en"],
        100,
        30,
    );
    let screen = desk.wait_for("Press n to check someone in");
    for label in [
        "On duty",
        "Visitor queue",
        "1 Queue",
        "2 Lookup",
        "3 Owner",
        "4 Timeline",
        "? more", // help, named so when the line cannot hold every key
        "q quit",
    ] {
        assert!(screen.contains(label), "{label:?} missing:\n{screen}");
    }
    desk.send("n");
    let screen = desk.wait_for("ID number");
    assert!(
        screen.contains("Headcount") && screen.contains("C-s save"),
        "{screen}"
    );
    desk.send("\x1b"); // nothing typed: the form closes without asking
    desk.wait_for("Visitor queue");

    // A second desk writes to the same file; this one shows it by itself.
    cli(
        dir.path(),
        &db,
        &[
            "--officer",
            "Zhao",
            "checkin",
            "--name",
            "李四",
            "--headcount",
            "6",
        ],
    );
    let screen = desk.wait_for("李四");
    assert!(screen.contains("collective"), "{screen}");

    desk.send("?");
    desk.wait_for("Keys · Queue");
    // A lone Esc: the next key waits until it took effect, or the two would arrive
    // together and read as Alt-q.
    desk.send("\x1b");
    desk.wait_gone("Keys · Queue");
    desk.send("q");
    assert!(desk.wait_exit().success());
}

#[test]
fn too_small_terminal_says_so_and_quits_cleanly() {
    let (dir, db) = temp();
    let mut desk = Desk::start(
        dir.path(),
        &db,
        &["--officer", "王科员", "--lang", "zh"],
        20,
        5,
    );
    desk.wait_for("终端太小");
    desk.wait_for("20×5");
    desk.send("q");
    assert!(desk.wait_exit().success());
}

/// One to four columns, in both languages: the desk says it is too small without
/// panicking, keys for the hidden desk do nothing (had `n` opened the check-in
/// form or `2` the lookup box, the `q` after them would be typed text, not quit),
/// and the language still switches.
#[test]
fn one_to_four_columns_ignore_keys_but_quit_and_language() {
    for lang in ["zh", "en"] {
        for cols in 1..=4u16 {
            let (dir, db) = temp();
            let mut desk = Desk::start(
                dir.path(),
                &db,
                &["--officer", "王科员", "--lang", lang],
                cols,
                24,
            );
            desk.wait_for("8");
            desk.send("n2\r\t");
            if cols >= 4 {
                let before = desk.wait_for(if lang == "zh" { "终端" } else { "Term" });
                desk.send("\x0c");
                desk.wait_for(if lang == "zh" { "Term" } else { "终端" });
                assert!(before.contains('8'));
            }
            desk.send("q");
            let status = desk.wait_exit();
            assert!(
                status.success(),
                "{lang} at {cols} columns: {}",
                desk.screen()
            );
        }
    }
}

#[test]
fn a_bad_database_fails_before_touching_the_terminal() {
    let (dir, db) = temp();
    std::fs::write(&db, b"this is not a database at all, just some text").unwrap();
    let mut desk = Desk::start(dir.path(), &db, &["--officer", "王科员"], 100, 30);
    let status = desk.wait_exit();
    assert!(!status.success());
    let screen = desk.wait_for("jiedai:");
    assert!(screen.contains("desk.db"), "{screen}");
}

#[test]
fn hand_over_with_notes_then_acknowledge_on_the_next_shift() {
    let (dir, db) = temp();
    crate::common::roster_db(&db);
    cli(
        dir.path(),
        &db,
        &[
            "--officer",
            "王科员",
            "checkin",
            "--name",
            "张伟",
            "--id-number",
            "11010519491231002X",
            "--matter",
            "拖欠工资",
        ],
    );

    let mut desk = Desk::start(
        dir.path(),
        &db,
        &["--officer", "王科员", "--lang", "zh"],
        80,
        24,
    );
    desk.wait_for("来访队列");
    desk.send("h");
    desk.wait_for("交班摘要：王科员");
    let screen = desk.wait_for("共接待来访 0 批次、0 人次。另：仍在等候 1 批次");
    assert!(screen.contains("本接待室尚无交班记录"), "{screen}");

    desk.send("e");
    desk.wait_for("分条");
    desk.send("五楼电梯坏了");
    desk.wait_for("五楼电梯坏了");
    desk.send("\r"); // Enter starts the next item of the notes
    desk.send("张伟明天再来");
    desk.wait_for("五楼电梯坏了；张伟明天再来");
    desk.send("\x13"); // Ctrl-S saves the notes
    desk.wait_for("交班备注已保存");
    desk.wait_for("按 e 编辑");

    desk.send("\x13"); // Ctrl-S again: hand over
    desk.wait_for("输入接班人姓名");
    desk.send("ln");
    desk.wait_for("› ln");
    desk.send("\r");
    desk.wait_for("交班给 李娜？");
    desk.send("y");
    desk.wait_for("已交班给 李娜");
    let screen = desk.wait_for("本班次已交班给 李娜。按 q 退出");
    assert!(screen.contains("已交班"), "{screen}");
    desk.send("q");
    assert!(desk.wait_exit().success());

    let mut desk = Desk::start(
        dir.path(),
        &db,
        &["--officer", "李娜", "--lang", "zh"],
        80,
        24,
    );
    let screen = desk.wait_for("待确认交班 1");
    assert!(screen.contains("接班 · 王科员 → 李娜"), "{screen}");
    desk.wait_for("交班给你，请阅后按 C-a 确认接班");
    desk.wait_for("五楼电梯坏了；张伟明天再来");
    desk.send("\x01"); // Ctrl-A acknowledges
    desk.wait_for("已确认接班");
    desk.wait_gone("待确认交班");
    desk.send("q");
    assert!(desk.wait_exit().success());

    let shown: serde_json::Value = serde_json::from_str(&cli(
        dir.path(),
        &db,
        &["--officer", "李娜", "shift", "show", "--json"],
    ))
    .unwrap();
    let last = &shown["last_handover"];
    assert_eq!(last["from"], "王科员", "{shown}");
    assert_eq!(last["to"], "李娜");
    assert_eq!(last["notes"], "五楼电梯坏了\n张伟明天再来");
    assert_eq!(last["acked_by"], "李娜");
    assert!(last["acked_at"].is_string());
    assert_eq!(shown["pending_handovers"].as_array().map(Vec::len), Some(0));
    assert!(shown["shift"]["ended_at"].is_null(), "李娜's shift is on");

    let summary: serde_json::Value = serde_json::from_str(&cli(
        dir.path(),
        &db,
        &[
            "--officer",
            "李娜",
            "handover",
            "--format",
            "json",
            "--of",
            "王科员",
        ],
    ))
    .unwrap();
    assert_eq!(summary["batches"], 1, "{summary}");
    assert_eq!(summary["notes"], "五楼电梯坏了\n张伟明天再来");
    assert_eq!(summary["shift"]["handed_to"], "李娜");
}

#[test]
fn a_handover_made_at_another_desk_shows_and_is_acknowledged_in_english() {
    let (dir, db) = temp();
    crate::common::roster_db_with(&db, &["Li Na", "Wang"]);
    let mut desk = Desk::start(
        dir.path(),
        &db,
        &["--officer", "Li Na", "--lang", "en"],
        80,
        24,
    );
    desk.wait_for("Press n to check someone in");
    desk.send("h");
    let screen = desk.wait_for("Shift handover: Li Na");
    assert!(
        screen.contains("Last handover: none on record yet"),
        "{screen}"
    );
    desk.send("\x1b");
    desk.wait_gone("Shift handover");

    // Another desk hands its shift to Li Na; her desk notices by itself.
    cli(dir.path(), &db, &["--officer", "Wang", "shift", "start"]);
    cli(
        dir.path(),
        &db,
        &[
            "--officer",
            "Wang",
            "handover",
            "to",
            "Li Na",
            "--notes",
            "Room 3 heater is broken",
        ],
    );
    desk.wait_for("1 handover to acknowledge");
    desk.send("h");
    let screen = desk.wait_for("Last handover: Wang → Li Na");
    assert!(screen.contains("not yet acknowledged"), "{screen}");
    // The hint follows the summary's frame once the waiting handover is known
    // (the poll's answer): waited for, not read off the first frame.
    desk.wait_for("C-a acknowledge");
    // Her own summary does not hold Wang's notes: Ctrl-A there first opens the
    // handover it would take, to be read (it used to take it unseen).
    desk.send("\x01");
    desk.wait_for("Taking over · Wang → Li Na");
    desk.wait_for("Room 3 heater is broken");
    desk.wait_for("read it, then press C-a to");
    desk.send("\x01");
    desk.wait_for("Handover acknowledged");
    desk.wait_gone("1 handover to acknowledge");
    desk.wait_for("you acknowledged it at");
    desk.send("q");
    assert!(desk.wait_exit().success());

    let shown: serde_json::Value = serde_json::from_str(&cli(
        dir.path(),
        &db,
        &["--officer", "Li Na", "shift", "show", "--json"],
    ))
    .unwrap();
    assert_eq!(shown["last_handover"]["acked_by"], "Li Na", "{shown}");
    assert_eq!(shown["last_handover"]["notes"], "Room 3 heater is broken");
}

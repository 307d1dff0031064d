//! What a hostile reviewer tries from the command line: odd offsets, damaged files,
//! self-links, tampering behind the program's back. Each test pins a bug once found.

use crate::common::runner::{code, jiedai, stderr};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const NOW: &str = "2026-11-28T09:30:00+08:00";

struct Desk {
    dir: tempfile::TempDir,
    db: PathBuf,
}

impl Desk {
    fn new() -> Desk {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("desk.db");
        Desk { dir, db }
    }

    fn run_at(&self, now: &str, args: &[&str]) -> Output {
        jiedai(&self.db, now, args)
    }

    fn run(&self, args: &[&str]) -> Output {
        self.run_at(NOW, args)
    }

    fn json_at(&self, now: &str, args: &[&str]) -> Value {
        let out = self.run_at(now, args);
        assert!(out.status.success(), "failed: {}", stderr(&out));
        serde_json::from_slice(&out.stdout).expect("one JSON document on stdout")
    }

    fn json(&self, args: &[&str]) -> Value {
        self.json_at(NOW, args)
    }

    fn case(&self, name: &str) -> String {
        let v = self.json(&["checkin", "--name", name, "--channel", "call", "--json"]);
        v["case_no"].as_str().unwrap().to_string()
    }
}

#[test]
fn the_office_day_does_not_depend_on_the_offset_now_is_written_in() {
    let desk = Desk::new();
    desk.json_at(
        "2026-11-27T23:50:00+08:00",
        &["checkin", "--name", "昨天", "--json"],
    );
    // 16:20 UTC is 00:20 the next day in the office: a new day, queue number 1.
    let v = desk.json_at(
        "2026-11-27T16:20:00+00:00",
        &["checkin", "--name", "今天", "--json"],
    );
    assert_eq!(v["queue_no"], 1, "{v}");
    assert_eq!(v["arrived_at"], "2026-11-28T00:20:00+08:00");
    // The same instant seen from New York: the office's day is still 2026-11-28.
    let q = desk.json_at("2026-11-27T11:20:00-05:00", &["queue", "--json"]);
    assert_eq!(q["date"], "2026-11-28", "{q}");
    let out = desk.run_at(
        "2026-11-27T11:20:00-05:00",
        &["queue", "receive", "1", "--json"],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let q = desk.json(&["queue", "--json"]);
    let today: Vec<&Value> = q["queue"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["queue_date"] == "2026-11-28")
        .collect();
    assert_eq!(today[0]["name"], "今天");
    assert_eq!(today[0]["status"], "receiving");
}

#[test]
fn a_birth_date_after_today_is_a_warning_on_stderr_and_in_json() {
    let desk = Desk::new();
    let out = desk.run(&[
        "checkin",
        "--name",
        "未来",
        "--id-number",
        "110105202712010011",
        "--json",
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let warnings = v["warnings"].as_array().unwrap();
    assert!(
        warnings
            .iter()
            .any(|w| w.as_str().unwrap().contains("after today")),
        "{v}"
    );
    assert!(stderr(&out).contains("after today"));
    assert!(!stderr(&out).contains("20271201"), "masked on stderr too");
}

#[test]
fn a_case_is_not_linked_to_itself_nor_twice() {
    let desk = Desk::new();
    let a = desk.case("甲");
    let b = desk.case("乙");
    let out = desk.run(&["case", "link", &a, &a]);
    assert_eq!(code(&out), 3, "{}", stderr(&out));
    assert!(stderr(&out).contains("itself"));
    assert_eq!(code(&desk.run(&["case", "link", &a, &b])), 0);
    let out = desk.run(&["case", "link", &a, "2026-2"]);
    assert_eq!(code(&out), 3, "{}", stderr(&out));
    assert!(stderr(&out).contains("already linked"));
    let show = desk.json(&["case", "show", &a, "--json"]);
    let links = show["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "link")
        .count();
    assert_eq!(links, 1, "{show}");
}

#[test]
fn refusals_name_the_flags_to_type() {
    let desk = Desk::new();
    let a = desk.case("甲");
    let out = desk.run(&["case", "assign", &a]);
    assert_eq!(code(&out), 3);
    assert!(stderr(&out).contains("--to OFFICER"), "{}", stderr(&out));
    assert!(!stderr(&out).contains("--officer-to"));
    let out = desk.run(&["case", "not-accept", &a]);
    assert_eq!(code(&out), 3);
    assert!(
        stderr(&out).contains("not-accept needs"),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("--text"));
}

#[test]
fn a_stray_zero_width_joiner_does_not_make_a_new_name() {
    let desk = Desk::new();
    desk.json(&["checkin", "--name", "李四\u{200d}", "--json"]);
    let found = desk.json(&["lookup", "李四", "--json"]);
    assert_eq!(found["results"][0]["name"], "李四", "{found}");
}

#[test]
fn a_device_is_not_a_database() {
    let out = jiedai(Path::new("/dev/null"), NOW, &["queue"]);
    assert_eq!(code(&out), 5, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("not a regular file"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn an_empty_file_becomes_an_owner_only_database() {
    let desk = Desk::new();
    std::fs::write(&desk.db, b"").unwrap();
    assert_eq!(code(&desk.run(&["init"])), 0);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&desk.db).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}

/// Overwrites the pages after the first few with garbage: the header still reads,
/// the tables do not.
fn damage(db: &Path) {
    use std::io::{Seek, SeekFrom, Write};
    let len = std::fs::metadata(db).unwrap().len();
    let mut f = std::fs::OpenOptions::new().write(true).open(db).unwrap();
    f.seek(SeekFrom::Start(4096)).unwrap();
    f.write_all(&vec![0xff; (len - 4096) as usize]).unwrap();
}

#[test]
fn a_file_damaged_mid_way_is_a_database_problem_with_advice() {
    let desk = Desk::new();
    desk.case("甲");
    // Fold the WAL into the main file so the damage is not papered over.
    let backup = desk.dir.path().join("copy.db");
    assert_eq!(code(&desk.run(&["backup", backup.to_str().unwrap()])), 0);
    damage(&backup);
    for args in [
        &["checkin", "--name", "乙"][..],
        &["verify"][..],
        &["lookup", "甲"][..],
    ] {
        let out = jiedai(&backup, NOW, args);
        assert_eq!(code(&out), 5, "{args:?}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("backup"),
            "{args:?}: {}",
            stderr(&out)
        );
    }
}

#[test]
fn backup_says_what_is_wrong_with_the_destination() {
    let desk = Desk::new();
    desk.case("甲");
    let missing = desk.dir.path().join("no/such/folder/b.db");
    let out = desk.run(&["backup", missing.to_str().unwrap()]);
    assert_eq!(code(&out), 3, "{}", stderr(&out));
    assert!(stderr(&out).contains("does not exist"), "{}", stderr(&out));
    assert!(!stderr(&out).contains("--db"), "{}", stderr(&out));
    let good = desk.dir.path().join("b.db");
    assert_eq!(code(&desk.run(&["backup", good.to_str().unwrap()])), 0);
    assert_eq!(code(&jiedai(&good, NOW, &["verify"])), 0);
    let again = desk.run(&["backup", good.to_str().unwrap()]);
    assert_eq!(code(&again), 3);
}

fn tamper(db: &Path, sql: &str) {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.execute_batch(
        "DROP TRIGGER IF EXISTS cases_first_officer_fixed;
         DROP TRIGGER IF EXISTS events_no_update;
         DROP TRIGGER IF EXISTS events_no_delete;",
    )
    .unwrap();
    conn.execute_batch(sql).unwrap();
}

#[test]
fn verify_finds_a_first_officer_changed_behind_the_programs_back() {
    let desk = Desk::new();
    let a = desk.case("甲");
    assert_eq!(code(&desk.run(&["officer", "add", "李娜"])), 0);
    assert_eq!(code(&desk.run(&["verify"])), 0);
    tamper(
        &desk.db,
        &format!(
            "UPDATE cases SET first_officer_id = (SELECT id FROM officers WHERE name = '李娜')
             WHERE case_no = '{a}'"
        ),
    );
    let out = desk.run(&["verify", "--json"]);
    assert_eq!(code(&out), 6, "{}", stderr(&out));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let problems = report["problems"].as_array().unwrap();
    assert!(
        problems
            .iter()
            .any(|p| p.as_str().unwrap().contains("first officer")),
        "{report}"
    );
}

fn stdout(out: &Output) -> String {
    assert!(out.status.success(), "failed: {}", stderr(out));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn human_output_follows_lang_zh() {
    let desk = Desk::new();
    let zh = |args: &[&str]| stdout(&desk.run(&[&["--lang", "zh"], args].concat()));
    let checkin = zh(&["checkin", "--name", "张伟", "--phone", "13800138000"]);
    assert!(checkin.contains("排队号 1") && checkin.contains("事项 2026-000001（新）"));
    zh(&["checkin", "--name", "李四", "--channel", "letter"]);
    let mut text = checkin;
    for args in [
        &["queue"][..],
        &["queue", "receive", "1"],
        &["lookup", "张"],
        &["lookup", "nobody"],
        &["person", "show", "1"],
        &["person", "mark", "1"],
        &["case", "note", "2026-000001", "电话回访"],
        &["case", "show", "2026-000001"],
        &["verify"],
    ] {
        text += &zh(args);
    }
    for must in [
        "信访事项：",
        "时间线：",
        "首问责任人：",
        "正常：记录完整（台账与各表一致）",
        "在办 1 件",
    ] {
        assert!(text.contains(must), "{must}: {text}");
    }
    // Only the commands to type (after their names) and sqlite's "ok" stay English.
    // The chain head is hexadecimal.
    for line in text
        .lines()
        .filter(|l| !l.starts_with("可办：") && !l.starts_with("链头"))
    {
        let words: Vec<&str> = line
            .split(|c: char| !c.is_ascii_alphabetic())
            .filter(|w| w.len() >= 3 && *w != "nobody")
            .collect();
        assert!(words.is_empty(), "{words:?} in {line:?}");
    }
}

#[test]
fn case_show_says_what_each_step_recorded() {
    let desk = Desk::new();
    let first = desk.case("甲");
    let second = desk.case("乙");
    for args in [
        &["unit", "add", "区教育局"][..],
        &["officer", "add", "李娜"],
        &["case", "accept", &first],
        &[
            "case",
            "extend",
            &first,
            "--days",
            "10",
            "--reason",
            "案情复杂",
            "--approved-by",
            "王科员",
        ],
        &[
            "case",
            "assign",
            &first,
            "--to",
            "李娜",
            "--unit",
            "区教育局",
        ],
        &["case", "link", &first, &second],
        &["case", "transfer", &second, "--unit", "区教育局"],
    ] {
        stdout(&desk.run(args));
    }
    let en = |no: &str| stdout(&desk.run(&["--lang", "en", "case", "show", no]));
    let shown = en(&first) + &en(&second);
    for must in [
        "by 10 days · 案情复杂",
        "handler: 李娜 · unit: 区教育局",
        &format!("→ {second}"),
        "→ 区教育局",
        "call · first visit",
    ] {
        assert!(shown.contains(must), "{must}: {shown}");
    }
}

#[test]
fn export_says_what_is_wrong_with_the_destination() {
    let desk = Desk::new();
    desk.case("甲");
    let missing = desk.dir.path().join("no/such/folder/out.csv");
    let out = desk.run(&["export", "--out", missing.to_str().unwrap()]);
    assert_eq!(code(&out), 3, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("does not exist; create it or choose another path"),
        "{}",
        stderr(&out)
    );
    // A folder nobody may write in (root writes anywhere but in /sys).
    let locked = desk.dir.path().join("locked");
    std::fs::create_dir(&locked).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o500)).unwrap();
    }
    let unwritable = [locked, PathBuf::from("/sys")]
        .into_iter()
        .find(|d| std::fs::File::create(d.join("probe.csv")).is_err());
    if let Some(folder) = unwritable {
        let out = desk.run(&["export", "--out", folder.join("out.csv").to_str().unwrap()]);
        assert_eq!(code(&out), 3, "{}", stderr(&out));
        assert!(
            stderr(&out).contains("choose another path"),
            "{}",
            stderr(&out)
        );
    }
}

#[test]
fn verify_raises_no_alarm_while_two_desks_write() {
    let desk = Desk::new();
    desk.case("甲");
    let writers: Vec<_> = (0..2)
        .map(|w| {
            let db = desk.db.clone();
            std::thread::spawn(move || {
                for i in 0..40 {
                    let name = format!("写{w}号{i}");
                    let out = jiedai(&db, NOW, &["checkin", "--name", &name, "--matter", "反映"]);
                    assert_eq!(code(&out), 0, "{}", stderr(&out));
                }
            })
        })
        .collect();
    let mut heads = Vec::new();
    for _ in 0..50 {
        let out = desk.run(&["verify", "--json"]);
        let said = String::from_utf8_lossy(&out.stdout);
        assert_eq!(code(&out), 0, "a false alarm: {said}");
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        heads.push(v["chain_head"].as_str().unwrap().to_string());
    }
    for w in writers {
        w.join().unwrap();
    }
    // The head printed is SEQ:HASH of the newest ledger entry, and it moved while
    // desks wrote.
    let last = desk.json(&["verify", "--json"]);
    let head = last["chain_head"].as_str().unwrap();
    let (seq, hash) = head.split_once(':').unwrap();
    assert_eq!(
        seq.parse::<i64>().unwrap(),
        last["entries"].as_i64().unwrap()
    );
    assert_eq!(hash.len(), 64);
}

/// Recomputes every hash of the chain from scratch, as someone who knows the
/// scheme (it is in the source) can: the file alone can then no longer tell.
fn rebuild_chain(db: &Path) {
    use sha2::{Digest, Sha256};
    let conn = rusqlite::Connection::open(db).unwrap();
    let rows: Vec<(i64, i64, String, i64, String, String)> = conn
        .prepare("SELECT id, case_id, at, officer_id, kind, detail FROM events ORDER BY id")
        .unwrap()
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
            ))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut prev = "0".repeat(64);
    for (id, case_id, at, officer_id, kind, detail) in rows {
        let mut h = Sha256::new();
        for part in [
            prev.as_str(),
            &case_id.to_string(),
            &at,
            &officer_id.to_string(),
            &kind,
            &detail,
        ] {
            h.update(part.as_bytes());
            h.update([0u8]);
        }
        let bytes: [u8; 32] = h.finalize().into();
        conn.execute(
            "UPDATE events SET hash = ?2 WHERE id = ?1",
            rusqlite::params![id, &bytes[..]],
        )
        .unwrap();
        prev = bytes.iter().map(|b| format!("{b:02x}")).collect();
    }
    conn.execute(
        "UPDATE meta SET value = ?1 WHERE key = 'chain_head'",
        [prev],
    )
    .unwrap();
}

#[test]
fn a_rebuilt_chain_is_caught_by_an_anchor_taken_before() {
    let desk = Desk::new();
    desk.case("甲");
    let before = desk.json(&["verify", "--json"]);
    let anchor = before["chain_head"].as_str().unwrap().to_string();
    // A backup writes the same anchor beside it.
    let copy = desk.dir.path().join("copy.db");
    assert_eq!(code(&desk.run(&["backup", copy.to_str().unwrap()])), 0);
    let beside = desk.dir.path().join("copy.db.anchor");
    assert!(std::fs::read_to_string(&beside).unwrap().contains(&anchor));
    desk.case("乙");
    assert_eq!(code(&desk.run(&["verify", "--anchor", &anchor])), 0);

    // The first registration is back-dated and the whole chain recomputed.
    tamper(
        &desk.db,
        "UPDATE events SET at = '2026-10-01T09:00:00+08:00' WHERE id = 1",
    );
    rebuild_chain(&desk.db);
    // The timeline's own chain recomputed: the ledger still holds the event as it was.
    let out = desk.run(&["verify"]);
    assert_eq!(code(&out), 6);
    assert!(String::from_utf8_lossy(&out.stdout).contains("events row 1: edited"));
    crate::ledger::rebuild_ledger(&desk.db);
    assert_eq!(
        code(&desk.run(&["verify"])),
        0,
        "the file alone cannot tell"
    );
    for args in [
        vec!["verify", "--anchor", anchor.as_str()],
        vec!["verify", "--anchors", beside.to_str().unwrap()],
    ] {
        let out = desk.run(&args);
        assert_eq!(code(&out), 6, "{args:?}: {}", stderr(&out));
        let said = String::from_utf8_lossy(&out.stdout);
        assert!(said.contains("rebuilt"), "{said}");
    }
    // A chain cut before the anchor is caught too.
    let far = format!("999:{}", &anchor[anchor.find(':').unwrap() + 1..]);
    let out = desk.run(&["verify", "--anchor", &far]);
    assert_eq!(code(&out), 6);
    assert!(String::from_utf8_lossy(&out.stdout).contains("cut"));
    // A malformed anchor is a usage error that says what to type.
    let out = desk.run(&["verify", "--anchor", "12:abc"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("SEQ:HASH"), "{}", stderr(&out));
    // So is an anchors file with no anchor in it: it must not pass as checked.
    for (name, text) in [
        ("empty.anchor", ""),
        ("notes.anchor", "# taken at the handover\n"),
    ] {
        let file = desk.dir.path().join(name);
        std::fs::write(&file, text).unwrap();
        let out = desk.run(&["verify", "--anchors", file.to_str().unwrap()]);
        assert_eq!(code(&out), 2, "{name}: {}", stderr(&out));
        assert!(stderr(&out).contains("no anchor"), "{}", stderr(&out));
    }
}

#[test]
fn the_handover_carries_the_chain_head() {
    let desk = Desk::new();
    desk.case("甲");
    let head = desk.json(&["verify", "--json"])["chain_head"]
        .as_str()
        .unwrap()
        .to_string();
    let json = desk.json(&["handover", "--json"]);
    assert_eq!(json["chain_head"].as_str(), Some(head.as_str()));
    let md = String::from_utf8(desk.run(&["--lang", "en", "handover"]).stdout).unwrap();
    assert!(
        md.contains(&format!(
            "Chain head (an anchor for `jiedai verify --anchor`): {head}"
        )),
        "{md}"
    );
}

#[test]
fn reveals_exports_backups_and_merges_are_in_the_audit_log() {
    let desk = Desk::new();
    desk.json(&[
        "checkin",
        "--name",
        "张伟",
        "--id-number",
        "11010519491231002X",
        "--json",
    ]);
    desk.case("李娜");
    assert_eq!(code(&desk.run(&["person", "show", "1", "--reveal"])), 0);
    assert_eq!(code(&desk.run(&["person", "merge", "1", "2"])), 0);
    let csv = desk.dir.path().join("out.csv");
    assert_eq!(
        code(&desk.run(&["export", "--out", csv.to_str().unwrap()])),
        0
    );
    // A backup from a script, with no officer: the host account says who.
    let copy = desk.dir.path().join("copy.db");
    let out = Command::new(env!("CARGO_BIN_EXE_jiedai"))
        .arg("--db")
        .arg(&desk.db)
        .args(["backup", copy.to_str().unwrap()])
        .env("JIEDAI_NOW", NOW)
        .env("JIEDAI_CONFIG", "/nonexistent/jiedai-config.toml")
        .env_remove("JIEDAI_OFFICER")
        .output()
        .unwrap();
    assert_eq!(code(&out), 0, "{}", stderr(&out));

    let log = desk.json(&["audit", "--json"]);
    let entries = log["entries"].as_array().unwrap();
    let actions: Vec<&str> = entries
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    // The oldest: 王科员 acting first on the new file became the roster's 科长.
    assert_eq!(
        actions,
        ["backup", "export", "merge", "reveal", "officer_add"],
        "{log}"
    );
    assert!(entries[0]["officer"].is_null(), "{log}");
    assert!(entries
        .iter()
        .all(|e| !e["host_account"].as_str().unwrap().is_empty()));
    assert!(entries[0]["subject"]
        .as_str()
        .unwrap()
        .contains("chain_head:"));
    let only = desk.json(&["audit", "--action", "reveal", "--of", "王科员", "--json"]);
    assert_eq!(only["entries"].as_array().unwrap().len(), 1);
    let nobody = desk.json(&["audit", "--from", "2026-12-01", "--json"]);
    assert!(nobody["entries"].as_array().unwrap().is_empty());
    // Printed for people, ID numbers stay masked.
    let text = String::from_utf8(desk.run(&["audit"]).stdout).unwrap();
    assert!(
        text.contains("reveal") && !text.contains("11010519491231002X"),
        "{text}"
    );
}

/// Runs jiedai and fails (instead of hanging the suite) if it never returns: the
/// bugs pinned here were commands waiting forever on a pipe.
fn finishes(db: &Path, args: &[&str]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_jiedai"))
        .arg("--db")
        .arg(db)
        .args(["--officer", "王科员"])
        .args(args)
        .env("JIEDAI_NOW", NOW)
        .env("JIEDAI_CONFIG", "/nonexistent/jiedai-config.toml")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    for _ in 0..600 {
        if child.try_wait().unwrap().is_some() {
            return child.wait_with_output().unwrap();
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    child.kill().unwrap();
    panic!("jiedai {args:?} never returned");
}

#[cfg(unix)]
fn fifo(path: &Path) {
    let c = std::ffi::CString::new(path.to_str().unwrap()).unwrap();
    // SAFETY: a valid path string.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
}

#[cfg(unix)]
#[test]
fn pipes_and_devices_are_refused_without_waiting_on_them() {
    let desk = Desk::new();
    desk.case("甲");
    let pipe = desk.dir.path().join("pipe.db");
    fifo(&pipe);
    let out = finishes(&pipe, &["queue"]);
    assert_eq!(code(&out), 5, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("not a regular file"),
        "{}",
        stderr(&out)
    );
    let csv = desk.dir.path().join("rows.csv");
    fifo(&csv);
    for file in [csv.to_str().unwrap(), "/dev/zero"] {
        let out = finishes(&desk.db, &["import", file]);
        assert_eq!(code(&out), 3, "{file}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("not a regular file"),
            "{}",
            stderr(&out)
        );
    }
}

#[test]
fn an_import_larger_than_the_cap_is_refused_before_it_is_read() {
    let desk = Desk::new();
    desk.case("甲");
    let config = desk.dir.path().join("config.toml");
    std::fs::write(&config, "import_max_mb = 1\n").unwrap();
    let big = desk.dir.path().join("big.csv");
    let mut text = String::from("name,matter\n");
    while text.len() < 1_100_000 {
        text.push_str("张三,反映物业收费问题\n");
    }
    std::fs::write(&big, text).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_jiedai"))
        .arg("--db")
        .arg(&desk.db)
        .args(["--officer", "王科员", "import", big.to_str().unwrap()])
        .env("JIEDAI_NOW", NOW)
        .env("JIEDAI_CONFIG", &config)
        .output()
        .unwrap();
    assert_eq!(code(&out), 3, "{}", stderr(&out));
    assert!(stderr(&out).contains("import_max_mb"), "{}", stderr(&out));
}

#[test]
fn impossible_dates_and_huge_fields_are_refused() {
    let desk = Desk::new();
    let old = desk.dir.path().join("old.csv");
    std::fs::write(&old, "name,matter,arrived_at\n张三,反映,0001-01-01 10:00\n").unwrap();
    let out = desk.run(&["import", old.to_str().unwrap()]);
    assert_eq!(code(&out), 3, "{}", stderr(&out));
    assert!(stderr(&out).contains("1990-01-01"), "{}", stderr(&out));
    let huge = "地".repeat(20_000);
    let out = desk.run(&[
        "checkin",
        "--name",
        "李四",
        "--matter",
        "x",
        "--location",
        &huge,
    ]);
    assert_eq!(code(&out), 3, "{}", stderr(&out));
    assert!(stderr(&out).contains("location"), "{}", stderr(&out));
    assert!(desk.json(&["lookup", "李四", "--json"])["results"]
        .as_array()
        .unwrap()
        .is_empty());
}

#[test]
fn an_id_number_on_record_under_another_name_is_a_warning() {
    let desk = Desk::new();
    let id = "11010519491231002X";
    desk.json(&["checkin", "--name", "张伟", "--id-number", id, "--json"]);
    let v = desk.json(&["checkin", "--name", "张为", "--id-number", id, "--json"]);
    let codes: Vec<&str> = v["warning_codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    assert!(codes.contains(&"id_name_mismatch"), "{v}");
    let out = desk.run(&["checkin", "--name", "张为", "--id-number", id]);
    assert!(stderr(&out).contains("check the name"), "{}", stderr(&out));
    // The same name again: no warning.
    let v = desk.json(&["checkin", "--name", "张伟", "--id-number", id, "--json"]);
    assert!(v["warning_codes"].as_array().unwrap().is_empty(), "{v}");
}

#[test]
fn demo_data_never_mixes_with_a_real_record_unless_forced() {
    let desk = Desk::new();
    desk.case("甲");
    let out = desk.run(&["demo", "--petitioners", "5"]);
    assert_eq!(code(&out), 3, "{}", stderr(&out));
    assert!(stderr(&out).contains("--force"), "{}", stderr(&out));
    assert_eq!(desk.json(&["stats", "--json"])["batches"], 1);
    let out = desk.run(&["demo", "--petitioners", "5", "--force"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
}

#[test]
fn desks_creating_the_same_new_database_all_succeed() {
    let dir = tempfile::tempdir().unwrap();
    for round in 0..25 {
        let db = dir.path().join(format!("new{round}.db"));
        let desks: Vec<_> = (0..3)
            .map(|k| {
                let db = db.clone();
                std::thread::spawn(move || {
                    let name = format!("甲{k}");
                    jiedai(&db, NOW, &["checkin", "--name", &name, "--matter", "反映"])
                })
            })
            .collect();
        for d in desks {
            let out = d.join().unwrap();
            assert_eq!(code(&out), 0, "round {round}: {}", stderr(&out));
        }
        let v: Value =
            serde_json::from_slice(&jiedai(&db, NOW, &["queue", "--json"]).stdout).unwrap();
        assert_eq!(v["queue"].as_array().map(Vec::len), Some(3), "{v}");
    }
}

/// A read-only bind mount of `dir`, where the host allows one (root on Linux);
/// unmounted on drop.
struct ReadOnlyMount(PathBuf);

impl ReadOnlyMount {
    fn of(dir: &Path, at: &Path) -> Option<ReadOnlyMount> {
        std::fs::create_dir_all(at).ok()?;
        let ok = |args: &[&str]| {
            Command::new("mount")
                .args(args)
                .output()
                .is_ok_and(|o| o.status.success())
        };
        let (src, dst) = (dir.to_str()?, at.to_str()?);
        if !ok(&["--bind", src, dst]) {
            return None;
        }
        let mounted = ReadOnlyMount(at.to_path_buf());
        ok(&["-o", "remount,bind,ro", dst]).then_some(mounted)
    }
}

impl Drop for ReadOnlyMount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).output();
    }
}

#[test]
fn a_database_on_a_read_only_disk_can_still_be_read_and_verified() {
    let desk = Desk::new();
    desk.case("甲");
    let source = desk.dir.path().join("src");
    std::fs::create_dir(&source).unwrap();
    assert_eq!(
        code(&desk.run(&["backup", source.join("copy.db").to_str().unwrap()])),
        0
    );
    let Some(mount) = ReadOnlyMount::of(&source, &desk.dir.path().join("ro")) else {
        eprintln!("skipped: this host allows no read-only bind mount");
        return;
    };
    let db = mount.0.join("copy.db");
    assert!(std::fs::File::create(mount.0.join("probe")).is_err());
    for args in [
        vec!["verify"],
        vec!["lookup", "甲", "--json"],
        vec!["queue"],
    ] {
        let out = jiedai(&db, NOW, &args);
        assert_eq!(code(&out), 0, "{args:?}: {}", stderr(&out));
    }
    let out = jiedai(&db, NOW, &["checkin", "--name", "乙", "--matter", "x"]);
    assert_eq!(code(&out), 5, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("cannot be written"),
        "{}",
        stderr(&out)
    );
}

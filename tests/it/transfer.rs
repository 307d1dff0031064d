//! `jiedai import`, `export` and `stats` through the real binary on temporary
//! databases: what an officer and a script see, and what lands in the file.

mod register;

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Today at the desk in these tests.
const NOW: &str = "2026-11-28T09:00:00+08:00";
const ID: &str = "11010519491231002X";

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

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Writes `bytes` to a file in the desk's folder and returns its path as text.
    fn file(&self, name: &str, bytes: &[u8]) -> String {
        let path = self.path(name);
        std::fs::write(&path, bytes).unwrap();
        path.to_str().unwrap().to_string()
    }

    fn run_at(&self, now: &str, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_jiedai"))
            .arg("--db")
            .arg(&self.db)
            .args(["--officer", "王科员"])
            // English unless a test asks otherwise: messages are matched below.
            .args(if args.contains(&"--lang") {
                &[][..]
            } else {
                &["--lang", "en"][..]
            })
            .args(args)
            .env("JIEDAI_NOW", now)
            .env("JIEDAI_CONFIG", "/nonexistent")
            .env_remove("JIEDAI_DB")
            .env_remove("JIEDAI_OFFICER")
            .output()
            .unwrap()
    }

    fn run(&self, args: &[&str]) -> Output {
        self.run_at(NOW, args)
    }

    fn ok_at(&self, now: &str, args: &[&str]) -> String {
        let out = self.run_at(now, args);
        assert!(
            out.status.success(),
            "{args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    fn ok(&self, args: &[&str]) -> String {
        self.ok_at(NOW, args)
    }

    fn json(&self, args: &[&str]) -> Value {
        let text = self.ok(args);
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
    }

    fn queue(&self) -> Vec<Value> {
        self.json(&["queue", "--json"])["queue"]
            .as_array()
            .unwrap()
            .clone()
    }

    /// (action, subject) of every audit row, oldest first.
    fn audit(&self) -> Vec<(String, String)> {
        let conn = rusqlite::Connection::open(&self.db).unwrap();
        let mut stmt = conn
            .prepare("SELECT action, subject FROM audit ORDER BY id")
            .unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    }

    fn contacts(&self) -> i64 {
        let conn = rusqlite::Connection::open(&self.db).unwrap();
        conn.query_row("SELECT count(*) FROM contacts", [], |r| r.get(0))
            .unwrap()
    }
}

fn code(out: &Output) -> i32 {
    out.status.code().unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A desk with one case on record (a letter on 10 November, case 2026-000001) and
/// four contacts imported over it: two past, two of today's walk-ins.
fn imported_desk() -> Desk {
    let desk = Desk::new();
    desk.ok_at(
        "2026-11-10T10:00:00+08:00",
        &[
            "checkin",
            "--name",
            "张伟",
            "--id-number",
            ID,
            "--channel",
            "letter",
            "--matter",
            "反映小区物业违规收费",
        ],
    );
    let csv = format!(
        "\u{feff}Name,id_number,phone,channel,headcount,representatives,arrived_at,matter,category,case_no\n\
         张伟,{ID},13800138000,visit,1,,2026-11-20 09:30,反映物业违规收费,城乡建设,\n\
         刘洋,,13900001111,来信,,,2026-11-21T10:00:00+08:00,\"拖欠工资，\n多次讨要未果\",劳动和社会保障,\n\
         周建国,,,来访,6,周建国、李强;王磊,2026-11-28 08:40,征地补偿,自然资源,\n\
         张伟,{ID},,visit,,,2026-11-28 08:30,,,2026-1\n"
    );
    let file = desk.file("good.csv", csv.as_bytes());
    let out = desk.ok(&["import", &file]);
    assert_eq!(
        out.trim(),
        "imported 4 contacts (2 new people, 3 new cases); 2 waiting in today's queue"
    );
    desk
}

#[test]
fn a_good_import_is_found_by_lookup_and_todays_walk_ins_wait_in_the_queue() {
    let desk = imported_desk();
    let found = desk.json(&["lookup", "zw", "--json"]);
    let zhang = &found["results"][0];
    assert_eq!(zhang["name"], "张伟");
    assert_eq!(zhang["contact_count"], 3);
    let found = desk.json(&["lookup", "刘洋", "--json"]);
    assert_eq!(found["results"][0]["name"], "刘洋");

    // Imported in time order: 张伟 (08:30) is number 1, 周建国 (08:40) number 2.
    let queue = desk.queue();
    assert_eq!(queue.len(), 2, "{queue:?}");
    assert_eq!(queue[0]["name"], "张伟");
    assert_eq!(queue[0]["queue_no"], 1);
    assert_eq!(queue[0]["status"], "waiting");
    assert_eq!(queue[0]["case_no"], "2026-000001");
    assert!(queue[0]["flags"]
        .as_array()
        .unwrap()
        .contains(&"repeat".into()));
    assert_eq!(queue[1]["name"], "周建国");
    assert_eq!(queue[1]["queue_no"], 2);
    assert_eq!(queue[1]["headcount"], 6);
    assert!(queue[1]["flags"]
        .as_array()
        .unwrap()
        .contains(&"collective".into()));

    // The past walk-in was received on 20 November, not left waiting there.
    let conn = rusqlite::Connection::open(&desk.db).unwrap();
    let status: String = conn
        .query_row(
            "SELECT queue_status FROM contacts WHERE queue_date = '2026-11-20'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(status, "done");
    let audit = desk.audit();
    assert!(audit
        .iter()
        .any(|(a, s)| a == "import" && s.contains("contacts:4") && s.contains("good.csv")));
}

#[test]
fn bad_rows_are_all_reported_with_their_lines_and_nothing_is_written() {
    let desk = Desk::new();
    desk.ok(&["init"]);
    let file = desk.file(
        "bad.csv",
        "name,id_number,channel,matter\n\
         张三,12345,visit,反映问题\n\
         ,,letter,没有姓名\n\
         李四,,call,这一行没问题\n\
         王五,,fax,渠道不对\n"
            .as_bytes(),
    );
    let out = desk.run(&["import", &file]);
    assert_eq!(code(&out), 3, "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains(&format!("{file}:2: id_number:")), "{err}");
    assert!(err.contains(&format!("{file}:3: name:")), "{err}");
    assert!(
        err.contains(&format!("{file}:5: channel: \"fax\"")),
        "{err}"
    );
    assert!(!err.contains(":4:"), "{err}");
    assert!(err.contains("nothing was imported"), "{err}");
    assert!(desk.queue().is_empty());
    assert_eq!(desk.contacts(), 0);
    assert!(desk.audit().is_empty());
}

#[test]
fn many_bad_rows_are_cut_short() {
    let desk = Desk::new();
    let mut csv = String::from("name,headcount\n");
    for _ in 0..25 {
        csv.push_str("张三,many\n");
    }
    let file = desk.file("many.csv", csv.as_bytes());
    let out = desk.run(&["import", &file]);
    assert_eq!(code(&out), 3);
    let err = stderr(&out);
    assert_eq!(err.matches(": headcount: ").count(), 20, "{err}");
    assert!(err.contains("and 5 more problems"), "{err}");
    // Nothing at all: not even the database file.
    assert!(!desk.db.exists());
}

#[test]
fn unbalanced_quotes_and_wrong_field_counts_are_reported_with_their_line() {
    let desk = Desk::new();
    desk.ok(&["init"]);
    let file = desk.file(
        "quotes.csv",
        "name,matter\n张三,好\n李四,\"没有结束的引号\n王五,x\n".as_bytes(),
    );
    let out = desk.run(&["import", &file]);
    assert_eq!(code(&out), 3);
    assert!(
        stderr(&out).contains(&format!("{file}:3: a quoted field")),
        "{}",
        stderr(&out)
    );

    let file = desk.file(
        "fields.csv",
        "name,matter\n张三,好\n李四,反映,拖欠工资\n".as_bytes(),
    );
    let out = desk.run(&["import", &file]);
    assert_eq!(code(&out), 3);
    assert!(
        stderr(&out).contains(&format!("{file}:3: row: 3 fields")),
        "{}",
        stderr(&out)
    );
    assert_eq!(desk.contacts(), 0);
}

#[test]
fn a_gbk_file_is_converted() {
    let desk = Desk::new();
    // "name,matter\n张伟,欠薪\n" as Excel on Chinese Windows saves it.
    let mut bytes = b"name,matter\n".to_vec();
    bytes.extend([0xD5, 0xC5, 0xCE, 0xB0, b',', 0xC7, 0xB7, 0xD0, 0xBD, b'\n']);
    let file = desk.file("gbk.csv", &bytes);
    desk.ok(&["import", &file]);
    let found = desk.json(&["lookup", "张伟", "--json"]);
    assert_eq!(found["results"][0]["name"], "张伟");
    // Bytes that are neither UTF-8 nor GBK are still refused, at their line.
    let file = desk.file("junk.csv", b"name\n\xFF\xFF\n");
    let out = desk.run(&["import", &file]);
    assert_eq!(code(&out), 3);
    assert!(
        stderr(&out).contains(&format!("{file}:2:")),
        "{}",
        stderr(&out)
    );
}

#[test]
fn unknown_columns_are_left_aside_and_named_once() {
    let desk = Desk::new();
    let file = desk.file("cols.csv", "name,fax,备注\n张三,1,2\n李四,3,4\n".as_bytes());
    let out = desk.run(&["import", &file]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let err = stderr(&out);
    assert_eq!(err.matches("\"fax\", \"备注\"").count(), 1, "{err}");
    assert_eq!(desk.contacts(), 2);
}

#[test]
fn future_times_are_refused_and_unknown_case_numbers_open_that_case() {
    let desk = Desk::new();
    desk.ok(&["init"]);
    let file = desk.file(
        "when.csv",
        "name,arrived_at,case_no\n张三,2026-11-29 09:00,\n李四,,2026-000042\n".as_bytes(),
    );
    let out = desk.run(&["import", &file]);
    assert_eq!(code(&out), 3);
    let err = stderr(&out);
    assert!(
        err.contains(":2: arrived_at:") && err.contains("future"),
        "{err}"
    );
    assert!(!err.contains(":3:"), "{err}");
    assert_eq!(desk.contacts(), 0);
    // A case number from another jiedai file opens that case under its number; new
    // cases go on drawing numbers, past those taken so.
    let file = desk.file(
        "case.csv",
        "name,case_no\n李四,2026-000042\n赵六,2026-000001\n".as_bytes(),
    );
    desk.ok(&["import", &file]);
    assert_eq!(desk.queue()[0]["case_no"], "2026-000042");
    let next = desk.json(&["checkin", "--name", "王五", "--json"]);
    assert_eq!(next["case_no"], "2026-000002");
}

#[test]
fn escape_sequences_in_names_are_stripped() {
    let desk = Desk::new();
    let file = desk.file(
        "esc.csv",
        "name,phone\n\"张\x1b[31m伟\x1b]0;owned\x07\",13800138000\n".as_bytes(),
    );
    desk.ok(&["import", &file]);
    let found = desk.json(&["lookup", "8000", "--json"]);
    assert_eq!(found["results"][0]["name"], "张伟");
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn export_masks_ids_writes_a_bom_and_is_recorded() {
    let desk = imported_desk();
    let out = desk.path("contacts.csv");
    let printed = desk.ok(&["export", "--out", out.to_str().unwrap()]);
    assert!(printed.contains("exported 5 contacts"), "{printed}");
    let bytes = std::fs::read(&out).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    assert!(text.starts_with("arrived_at,channel,queue_no,letter_no,name,id_number,phone,"));
    assert!(text.contains("110105********002X"), "{text}");
    assert!(text.contains("138****8000"), "{text}");
    assert!(!text.contains(ID) && !text.contains("13800138000"));
    // A matter over two lines stays one field.
    assert!(text.contains("\"拖欠工资，\n多次讨要未果\""), "{text}");
    #[cfg(unix)]
    assert_eq!(mode(&out), 0o600);

    let audit = desk.audit();
    let (_, subject) = audit
        .iter()
        .find(|(a, _)| a == "export")
        .expect("an export audit row");
    assert!(subject.contains("contacts:5"), "{subject}");
    assert!(subject.contains(out.to_str().unwrap()), "{subject}");
    assert!(!audit.iter().any(|(a, _)| a == "export_revealed"));
}

#[test]
fn export_headers_follow_the_language_and_a_period() {
    let desk = imported_desk();
    let out = desk.path("zh.csv");
    desk.ok(&[
        "--lang",
        "zh",
        "export",
        "--out",
        out.to_str().unwrap(),
        "--from",
        "2026-11-21",
        "--to",
        "2026-11-21",
    ]);
    let text = std::fs::read_to_string(&out).unwrap();
    let mut lines = text.lines();
    assert!(lines
        .next()
        .unwrap()
        .starts_with("\u{feff}时间,形式,排队号,收信编号,姓名"));
    let row = lines.next().unwrap();
    assert!(row.starts_with("2026-11-21 10:00:00,来信,,L2026-"), "{row}");
    assert!(row.contains("刘洋"), "{row}");
    // The period is one day: 刘洋's letter only (its matter has two lines).
    assert_eq!(text.matches("2026-11-").count(), 1, "{text}");
}

#[test]
fn reveal_exports_full_numbers_and_records_it() {
    let desk = imported_desk();
    let out = desk.path("full.csv");
    desk.ok(&["export", "--out", out.to_str().unwrap(), "--reveal"]);
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.contains(ID), "{text}");
    assert!(text.contains("13800138000"), "{text}");
    let audit = desk.audit();
    assert!(audit
        .iter()
        .any(|(a, s)| a == "export_revealed" && s.contains("full.csv")));
    assert!(audit.iter().any(|(a, _)| a == "export"));
}

/// Words that Excel would run as a formula leave in the CSV with a ' before them,
/// and come back without it: the export imports into another file as recorded.
#[test]
fn words_that_look_like_formulas_come_back_from_an_export_as_they_were() {
    let desk = Desk::new();
    let recorded = [("=1+2", "-反映噪音"), ("'王", "@物业"), ("+张", "'普通'")];
    for (name, matter) in recorded {
        let matter = format!("--matter={matter}");
        desk.ok(&["checkin", "--name", name, &matter]);
    }
    let out = desk.path("all.csv");
    desk.ok(&["export", "--out", out.to_str().unwrap(), "--reveal"]);
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(
        text.contains(",'=1+2,") && text.contains(",'-反映噪音,"),
        "{text}"
    );

    let other = Desk::new();
    other.ok(&["import", out.to_str().unwrap()]);
    let conn = rusqlite::Connection::open(&other.db).unwrap();
    let read: Vec<(String, String)> = conn
        .prepare(
            "SELECT p.name, c.matter FROM contacts c \
             JOIN petitioners p ON p.id = c.petitioner_id ORDER BY c.id",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    let want: Vec<(String, String)> = recorded
        .iter()
        .map(|(n, m)| (n.to_string(), m.to_string()))
        .collect();
    assert_eq!(read, want);
}

#[test]
fn an_existing_file_is_kept_unless_forced() {
    let desk = imported_desk();
    let out = desk.path("keep.csv");
    std::fs::write(&out, "keep me").unwrap();
    let result = desk.run(&["export", "--out", out.to_str().unwrap()]);
    assert_eq!(code(&result), 3, "{}", stderr(&result));
    assert!(stderr(&result).contains("--force"));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "keep me");
    assert!(!desk.audit().iter().any(|(a, _)| a == "export"));

    desk.ok(&["export", "--out", out.to_str().unwrap(), "--force"]);
    assert!(std::fs::read(&out).unwrap().starts_with(b"\xEF\xBB\xBF"));
    #[cfg(unix)]
    assert_eq!(mode(&out), 0o600);
    // No staging file is left beside it.
    let left: Vec<_> = std::fs::read_dir(desk.dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".partial"))
        .collect();
    assert!(left.is_empty());
}

#[test]
fn export_to_xlsx_and_refuses_other_formats() {
    let desk = imported_desk();
    let out = desk.path("contacts.xlsx");
    desk.ok(&["export", "--out", out.to_str().unwrap()]);
    let bytes = std::fs::read(&out).unwrap();
    // A zip archive, as every .xlsx is.
    assert!(bytes.starts_with(b"PK\x03\x04"));
    #[cfg(unix)]
    assert_eq!(mode(&out), 0o600);

    let txt = desk.path("contacts.txt");
    let result = desk.run(&["export", "--out", txt.to_str().unwrap()]);
    assert_eq!(code(&result), 2);
    assert!(stderr(&result).contains(".csv or .xlsx"));
    assert!(!txt.exists());
}

/// A scripted month: check-ins, a collective visit, a repeat visit, two replies.
fn scripted_desk() -> Desk {
    let desk = Desk::new();
    let at = |day: &str| format!("2026-{day}T09:00:00+08:00");
    let checkin = |day: &str, args: &[&str]| {
        let mut all = vec!["checkin"];
        all.extend_from_slice(args);
        desk.ok_at(&at(day), &all);
    };
    // October: outside November's figures; never routed, so overdue by now.
    checkin(
        "10-20",
        &[
            "--name",
            "赵敏",
            "--category",
            "城乡建设",
            "--channel",
            "call",
        ],
    );
    // 2026-000002, 2026-000003, 2026-000004.
    checkin(
        "11-02",
        &[
            "--name",
            "张伟",
            "--id-number",
            ID,
            "--category",
            "城乡建设",
        ],
    );
    checkin(
        "11-03",
        &[
            "--name",
            "刘洋",
            "--channel",
            "letter",
            "--category",
            "劳动和社会保障",
        ],
    );
    checkin(
        "11-05",
        &[
            "--name",
            "周建国",
            "--headcount",
            "6",
            "--representatives",
            "周建国,李强,王磊",
            "--category",
            "物业管理",
        ],
    );
    checkin(
        "11-10",
        &[
            "--name",
            "张伟",
            "--id-number",
            ID,
            "--channel",
            "call",
            "--case",
            "2026-000002",
        ],
    );
    desk.ok_at(&at("11-06"), &["case", "accept", "2026-000003"]);
    desk.ok_at(&at("11-12"), &["case", "accept", "2026-000002"]);
    desk.ok_at(
        &at("11-16"),
        &["case", "reply", "2026-000003", "--text", "已书面答复"],
    );
    desk.ok_at(
        &at("11-22"),
        &["case", "reply", "2026-000002", "--text", "已书面答复"],
    );
    desk
}

#[test]
fn stats_figure_a_scripted_month_exactly() {
    let desk = scripted_desk();
    let s = desk.json(&["stats", "--json"]);
    assert_eq!(s["from"], "2026-11-01");
    assert_eq!(s["to"], "2026-11-30");
    assert_eq!(s["batches"], 4);
    assert_eq!(s["people"], 9);
    let channel = |c: &str| {
        s["by_channel"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["channel"] == c)
            .map(|f| {
                (
                    f["batches"].as_u64().unwrap(),
                    f["people"].as_u64().unwrap(),
                )
            })
            .unwrap()
    };
    assert_eq!(channel("visit"), (2, 7));
    assert_eq!(channel("letter"), (1, 1));
    assert_eq!(channel("call"), (1, 1));
    assert_eq!(channel("online"), (0, 0));
    assert_eq!(s["new_cases"], 3);
    let status = |st: &str| {
        s["cases_by_status"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["status"] == st)
            .unwrap()["cases"]
            .as_u64()
            .unwrap()
    };
    assert_eq!(status("replied"), 2);
    assert_eq!(status("registered"), 1);
    assert_eq!(status("accepted"), 0);
    // 物业管理 is under 城乡建设; the repeat call counts under its case's category.
    assert_eq!(
        s["by_category"],
        serde_json::json!([
            { "category": "城乡建设", "batches": 3, "people": 8, "new_cases": 2 },
            { "category": "劳动和社会保障", "batches": 1, "people": 1, "new_cases": 1 },
        ])
    );
    assert_eq!(
        s["flagged"],
        serde_json::json!({ "repeat": 1, "collective": 1, "long_standing": 0, "closed_matter": 0 })
    );
    // October's call (due 4 Nov) and the collective visit (due 20 Nov) were never routed.
    assert_eq!(s["overdue_now"], 2);
    // 2026-000003: 3 → 16 Nov, 13 days; 2026-000002: 2 → 22 Nov, 20 days.
    assert_eq!(
        s["replied"],
        serde_json::json!({ "cases": 2, "average_days": 16.5 })
    );

    let table = desk.ok(&["stats"]);
    assert!(
        table.contains("Figures 2026-11-01 to 2026-11-30"),
        "{table}"
    );
    assert!(table.contains("on average 16.5 days"), "{table}");
}

#[test]
fn stats_periods_are_inclusive_local_days() {
    let desk = scripted_desk();
    let s = desk.json(&[
        "stats",
        "--from",
        "2026-11-02",
        "--to",
        "2026-11-05",
        "--json",
    ]);
    assert_eq!(s["batches"], 3);
    assert_eq!(s["new_cases"], 3);
    assert_eq!(s["replied"]["cases"], 0);
    assert_eq!(s["replied"]["average_days"], Value::Null);
    let s = desk.json(&["stats", "--from", "2026-10", "--to", "2026-10", "--json"]);
    assert_eq!(
        (s["from"].as_str(), s["to"].as_str()),
        (Some("2026-10-01"), Some("2026-10-31"))
    );
    assert_eq!(s["batches"], 1);
    assert_eq!(s["by_category"][0]["category"], "城乡建设");

    let bad = desk.run(&["stats", "--from", "2026-11-05", "--to", "2026-11-01"]);
    assert_eq!(code(&bad), 2);
}

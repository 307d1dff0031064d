//! The real binary on temporary databases: what a script sees (JSON, exit codes).

use crate::common::runner::{code, jiedai, stderr};
use serde_json::Value;
use std::path::PathBuf;
use std::process::{Command, Output};

struct Desk {
    _dir: tempfile::TempDir,
    db: PathBuf,
}

impl Desk {
    fn new() -> Desk {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("desk.db");
        Desk { _dir: dir, db }
    }

    fn run_at(&self, now: &str, args: &[&str]) -> Output {
        jiedai(&self.db, now, args)
    }

    fn run(&self, args: &[&str]) -> Output {
        self.run_at("2026-11-02T09:00:00+08:00", args)
    }

    fn json(&self, args: &[&str]) -> Value {
        json_of(self.run(args))
    }
}

fn json_of(out: Output) -> Value {
    assert!(
        out.status.success(),
        "failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)))
}

#[test]
fn same_id_number_returns_the_same_person_and_flags_the_repeat() {
    let desk = Desk::new();
    let first = desk.json(&[
        "checkin",
        "--name",
        "张伟",
        "--id-number",
        "11010519491231002X",
        "--json",
    ]);
    assert_eq!(first["new_case"], true);
    assert_eq!(first["queue_no"], 1);
    assert_eq!(first["flags"], serde_json::json!(["first"]));
    let case_no = first["case_no"].as_str().unwrap().to_string();
    assert_eq!(case_no, "2026-000001");

    let second = desk.json(&[
        "checkin",
        "--name",
        "张伟",
        "--id-number",
        "11010519491231002X",
        "--json",
    ]);
    assert_eq!(second["petitioner_id"], first["petitioner_id"]);
    assert!(second["flags"]
        .as_array()
        .unwrap()
        .contains(&"returning".into()));
    assert_eq!(
        second["new_case"], true,
        "without --case it is a new matter"
    );

    let third = desk.json(&[
        "checkin",
        "--name",
        "张伟",
        "--id-number",
        "11010519491231002X",
        "--case",
        &case_no,
        "--json",
    ]);
    assert_eq!(third["case_no"], case_no.as_str());
    assert_eq!(third["new_case"], false);
    let flags = third["flags"].as_array().unwrap();
    assert!(
        flags.contains(&"repeat".into()) && flags.contains(&"returning".into()),
        "{flags:?}"
    );
    assert_eq!(third["queue_no"], 3);
}

#[test]
fn a_wrong_checksum_yields_a_warning() {
    let desk = Desk::new();
    let out = desk.run(&[
        "checkin",
        "--name",
        "李娜",
        "--id-number",
        "110105194912310021",
        "--json",
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    let v = json_of(out);
    let warnings = v["warnings"].as_array().unwrap();
    assert_eq!(warnings.len(), 1);
    assert!(warnings[0].as_str().unwrap().contains("check character"));
    assert!(stderr.contains("warning"), "{stderr}");
    // A malformed number is refused, and nothing is written.
    let out = desk.run(&[
        "checkin",
        "--name",
        "李娜",
        "--id-number",
        "11010519491",
        "--json",
    ]);
    assert_eq!(code(&out), 3);
    assert!(String::from_utf8_lossy(&out.stderr).contains("id_number"));
    let q = desk.json(&["queue", "--json"]);
    assert_eq!(q["queue"].as_array().unwrap().len(), 1);
}

#[test]
fn case_show_has_the_route_clock_fifteen_days_out() {
    let desk = Desk::new();
    let r = desk.json(&[
        "checkin",
        "--name",
        "张伟",
        "--matter",
        "拖欠工资",
        "--json",
    ]);
    let case_no = r["case_no"].as_str().unwrap();
    let show = desk.json(&["case", "show", case_no, "--json"]);
    assert_eq!(show["status"], "registered");
    assert_eq!(show["first_officer"], "王科员");
    let clocks = show["clocks"].as_array().unwrap();
    assert_eq!(clocks.len(), 1);
    assert_eq!(clocks[0]["kind"], "route");
    assert_eq!(clocks[0]["due"], "2026-11-17");
    assert_eq!(clocks[0]["days_left"], 15);
    assert_eq!(clocks[0]["state"], "running");
    assert_eq!(show["events"].as_array().unwrap().len(), 2);

    // Twenty days on, the route clock is five days overdue.
    let late = json_of(desk.run_at(
        "2026-11-22T09:00:00+08:00",
        &["case", "show", case_no, "--json"],
    ));
    assert_eq!(late["clocks"][0]["state"], "overdue");
    assert_eq!(late["clocks"][0]["days_left"], -5);
    assert_eq!(late["overdue"], true);
}

#[test]
fn a_case_goes_all_the_way_to_final_and_a_new_contact_on_it_is_flagged() {
    let desk = Desk::new();
    let r = desk.json(&[
        "checkin",
        "--name",
        "赵强",
        "--id-number",
        "11010519491231002X",
        "--json",
    ]);
    let no = r["case_no"].as_str().unwrap().to_string();
    let no = no.as_str();
    for step in [
        vec!["case", "accept", no],
        vec!["case", "reply", no, "--text", "已答复"],
        vec!["case", "request-review", no],
        vec!["case", "decide-review", no, "--text", "维持"],
        vec!["case", "request-recheck", no],
        vec!["case", "decide-recheck", no, "--text", "维持，终结"],
    ] {
        let out = desk.run(&step);
        assert!(
            out.status.success(),
            "{step:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let show = desk.json(&["case", "show", no, "--json"]);
    assert_eq!(show["status"], "final");
    let again = desk.json(&[
        "checkin",
        "--name",
        "赵强",
        "--id-number",
        "11010519491231002X",
        "--case",
        no,
        "--json",
    ]);
    assert!(again["flags"]
        .as_array()
        .unwrap()
        .contains(&"closed_matter".into()));
    // An illegal step is refused with exit 3 and says what is allowed.
    let out = desk.run(&["case", "accept", no]);
    assert_eq!(code(&out), 3);
    assert!(String::from_utf8_lossy(&out.stderr).contains("allowed now"));
}

#[test]
fn a_final_matter_stays_closed_after_it_is_archived() {
    // 终结 → 归档: archiving a final case does not reopen the matter (Art. 36), so
    // the person coming back is still flagged 已终结, on the case or on a new one.
    let desk = Desk::new();
    let id = ["--name", "赵强", "--id-number", "11010519491231002X"];
    let r = desk.json(&[&["checkin"][..], &id, &["--json"]].concat());
    let no = r["case_no"].as_str().unwrap().to_string();
    let no = no.as_str();
    for step in [
        vec!["case", "accept", no],
        vec!["case", "reply", no, "--text", "已答复"],
        vec!["case", "request-review", no],
        vec!["case", "decide-review", no, "--text", "维持"],
        vec!["case", "request-recheck", no],
        vec!["case", "decide-recheck", no, "--text", "维持，终结"],
        vec!["case", "archive", no],
    ] {
        let out = desk.run(&step);
        assert!(
            out.status.success(),
            "{step:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let has_closed = |v: &Value| {
        v["flags"]
            .as_array()
            .unwrap()
            .contains(&"closed_matter".into())
    };
    let out = desk.run(&[&["checkin"][..], &id, &["--case", no, "--json"]].concat());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("终结"),
        "joining an archived final case warns: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(has_closed(&json_of(out)));
    let fresh = desk.json(&[&["checkin"][..], &id, &["--json"]].concat());
    assert!(has_closed(&fresh), "{fresh}");
    let found = desk.json(&["lookup", "赵强", "--json"]);
    assert!(has_closed(&found["results"][0]), "{found}");

    // An archived case that never became final is not a closed matter.
    let other = desk.json(&["checkin", "--name", "钱明", "--json"]);
    let other_no = other["case_no"].as_str().unwrap().to_string();
    for step in [
        vec![
            "case",
            "not-accept",
            other_no.as_str(),
            "--text",
            "不属于信访事项",
        ],
        vec!["case", "archive", other_no.as_str()],
    ] {
        assert!(desk.run(&step).status.success(), "{step:?}");
    }
    let back = desk.json(&[
        "checkin",
        "--name",
        "钱明",
        "--petitioner",
        &other["petitioner_id"].to_string(),
        "--json",
    ]);
    assert!(!has_closed(&back), "{back}");
}

#[test]
fn assign_transfer_extend_and_note_are_on_the_timeline() {
    let desk = Desk::new();
    assert!(desk.run(&["officer", "add", "李娜"]).status.success());
    let r = desk.json(&["checkin", "--name", "刘洋", "--channel", "letter", "--json"]);
    assert!(r["letter_no"].as_str().unwrap().starts_with("L2026-"));
    assert!(r["queue_no"].is_null());
    let no = r["case_no"].as_str().unwrap();
    assert_eq!(
        code(&desk.run(&["case", "transfer", no, "--unit", "没有这个单位"])),
        4
    );
    assert!(desk
        .run(&["case", "transfer", no, "--unit", "区教育局"])
        .status
        .success());
    assert!(desk.run(&["case", "accept", no]).status.success());
    assert!(desk
        .run(&["case", "assign", no, "--to", "李娜"])
        .status
        .success());
    assert!(desk
        .run(&[
            "case",
            "extend",
            no,
            "--days",
            "30",
            "--reason",
            "需现场核查",
            "--approved-by",
            "王科员"
        ])
        .status
        .success());
    assert_eq!(
        code(&desk.run(&[
            "case",
            "extend",
            no,
            "--days",
            "31",
            "--reason",
            "x",
            "--approved-by",
            "王科员"
        ])),
        3
    );
    let show = desk.json(&["case", "note", no, "已电话告知", "--json"]);
    assert_eq!(show["handler"], "李娜");
    assert_eq!(show["first_officer"], "王科员");
    assert_eq!(show["unit"], "区教育局");
    let kinds: Vec<&str> = show["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "registered",
            "contact",
            "transfer",
            "accept",
            "assign",
            "extend",
            "note"
        ]
    );
    let handle = show["clocks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["kind"] == "handle")
        .unwrap();
    assert_eq!(handle["extended_days"], 30);
    assert!(desk.run(&["verify"]).status.success());
}

#[test]
fn queue_moves_and_the_queue_json() {
    let desk = Desk::new();
    desk.json(&["checkin", "--name", "张伟", "--json"]);
    desk.json(&[
        "checkin",
        "--name",
        "王芳",
        "--headcount",
        "6",
        "--representatives",
        "甲,乙,丙,丁,戊,己",
        "--json",
    ]);
    assert_eq!(
        code(&desk.run(&["queue", "done", "1"])),
        3,
        "must be received first"
    );
    assert!(desk.run(&["queue", "receive", "1"]).status.success());
    assert_eq!(code(&desk.run(&["queue", "receive", "9"])), 4);
    let q = desk.json(&["queue", "--json"]);
    let rows = q["queue"].as_array().unwrap();
    assert_eq!(rows[0]["name"], "王芳", "waiting first");
    let flags = rows[0]["flags"].as_array().unwrap();
    assert!(
        flags.contains(&"collective".into()) && flags.contains(&"too_many_representatives".into())
    );
    assert_eq!(rows[1]["status"], "receiving");
    assert_eq!(rows[1]["received_by"], "王科员");
}

#[test]
fn lookup_after_demo_returns_people_with_flags() {
    let desk = Desk::new();
    let out = desk.run(&["demo", "--petitioners", "300", "--seed", "7"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = desk.json(&["lookup", "张", "--json"]);
    let results = v["results"].as_array().unwrap();
    assert!(!results.is_empty());
    for r in results {
        assert!(r["name"].as_str().unwrap().contains('张'));
        assert!(!r["flags"].as_array().unwrap().is_empty());
        if let Some(id) = r["id_number_masked"].as_str() {
            assert!(id.contains("********"), "masked: {id}");
        }
    }
    // Initials find the same kind of people.
    let v = desk.json(&["lookup", "zw", "--json", "--limit", "5"]);
    assert!(!v["results"].as_array().unwrap().is_empty());
    assert!(desk.run(&["verify"]).status.success());
}

#[test]
fn scripts_can_trust_the_exit_codes() {
    let desk = Desk::new();
    let out = desk.run(&["queue"]);
    assert_eq!(code(&out), 5, "missing database");
    assert!(String::from_utf8_lossy(&out.stderr).contains("jiedai init"));
    let out = desk.run(&["init"]);
    assert!(out.status.success());
    assert_eq!(code(&desk.run(&["case", "show", "2026-000999"])), 4);
    assert_eq!(code(&desk.run(&["case", "show", "not-a-case"])), 3);
    assert_eq!(code(&desk.run(&["checkin", "--name", "   "])), 3);
    assert_eq!(code(&desk.run(&["frobnicate"])), 2);
    assert_eq!(code(&desk.run(&["--version"])), 0);
    let help = desk.run(&["--help"]);
    assert_eq!(code(&help), 0);
    assert!(String::from_utf8_lossy(&help.stdout).contains("checkin"));
    std::fs::write(&desk.db, b"garbage that is not sqlite").unwrap();
    let out = desk.run(&["queue"]);
    assert_eq!(code(&out), 5);
    assert!(String::from_utf8_lossy(&out.stderr).contains("backup"));
}

#[test]
fn control_characters_in_names_never_reach_the_terminal() {
    let desk = Desk::new();
    let v = desk.json(&[
        "checkin",
        "--name",
        "张\u{1b}]0;pwned\u{7}伟\u{1b}[31m",
        "--json",
    ]);
    assert!(v["case_no"].is_string());
    let out = desk.run(&["queue"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("张伟"), "{text}");
    assert!(!text.contains('\u{1b}'));
}

#[test]
fn a_locked_or_read_only_database_is_reported_and_loses_nothing() {
    let desk = Desk::new();
    desk.json(&["checkin", "--name", "张伟", "--json"]);
    // Another program holds the write lock past the busy timeout.
    let conn = rusqlite::Connection::open(&desk.db).unwrap();
    conn.execute_batch("BEGIN IMMEDIATE").unwrap();
    let out = desk.run(&["checkin", "--name", "李娜"]);
    assert_eq!(code(&out), 5);
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("locked"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Reading still works while another desk writes (WAL).
    assert_eq!(
        desk.json(&["queue", "--json"])["queue"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    conn.execute_batch("ROLLBACK").unwrap();
    drop(conn);

    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&desk.db, std::fs::Permissions::from_mode(0o400)).unwrap();
        let out = desk.run(&["checkin", "--name", "李娜"]);
        assert_eq!(code(&out), 5);
        assert!(String::from_utf8_lossy(&out.stderr).contains("read-only"));
        assert_eq!(
            desk.json(&["queue", "--json"])["queue"]
                .as_array()
                .unwrap()
                .len(),
            1
        );
    }
}

#[test]
fn categories_come_from_the_office_list() {
    let desk = Desk::new();
    let r = desk.json(&[
        "checkin",
        "--name",
        "张伟",
        "--category",
        "物业管理",
        "--json",
    ]);
    let show = desk.json(&["case", "show", r["case_no"].as_str().unwrap(), "--json"]);
    assert_eq!(show["category"], "城乡建设/物业管理");
    let out = desk.run(&["checkin", "--name", "张伟", "--category", "不存在的分类"]);
    assert_eq!(code(&out), 3);
    assert!(String::from_utf8_lossy(&out.stderr).contains("category list"));
    assert!(desk
        .run(&["category", "add", "噪声扰民", "--parent", "城乡建设"])
        .status
        .success());
    let r = desk.json(&[
        "checkin",
        "--name",
        "李娜",
        "--category",
        "城乡建设/噪声扰民",
        "--json",
    ]);
    assert!(r["case_no"].is_string());
}

#[test]
fn the_desk_without_a_terminal_says_what_to_do() {
    let desk = Desk::new();
    let out = desk.run(&[]);
    assert_eq!(code(&out), 2);
    assert!(String::from_utf8_lossy(&out.stderr).contains("interactive terminal"));
    assert!(!desk.db.exists(), "nothing is created by a refused start");
}

#[test]
fn a_pasted_page_is_not_echoed_back_in_full() {
    let desk = Desk::new();
    let r = desk.json(&["checkin", "--name", "张伟", "--json"]);
    let no = r["case_no"].as_str().unwrap();
    let long = "单".repeat(5000);
    let out = desk.run(&["case", "transfer", no, "--unit", &long]);
    assert_eq!(code(&out), 4);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.chars().count() < 300,
        "{} characters",
        stderr.chars().count()
    );
    assert!(stderr.contains("unit list"));
}

/// The binary with only the given environment's language settings.
fn jiedai_env(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_jiedai"));
    cmd.args(args)
        .env("JIEDAI_NOW", "2026-11-02T09:00:00+08:00")
        .env("JIEDAI_CONFIG", "/nonexistent/jiedai-config.toml")
        .env("LANG", "C.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("JIEDAI_DB");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().unwrap()
}

#[test]
fn help_is_chinese_under_lang_zh_with_english_flag_names() {
    let out = jiedai_env(&["--lang", "zh", "--help"], &[]);
    assert_eq!(code(&out), 0);
    let help = String::from_utf8_lossy(&out.stdout);
    for zh in [
        "用法：",
        "命令",
        "选项",
        "退出码",
        "登记一次信访",
        "数据库文件",
    ] {
        assert!(help.contains(zh), "{zh} missing from:\n{help}");
    }
    for en in ["Usage", "Commands:", "Print help", "Register a contact"] {
        assert!(!help.contains(en), "{en} in the Chinese help:\n{help}");
    }
    assert!(help.contains("--officer") && help.contains("checkin"));
    let out = jiedai_env(&["--lang", "zh", "checkin", "-h"], &[]);
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(
        help.contains("身份证号（18 位") && help.contains("--id-number"),
        "{help}"
    );
    assert!(help.contains("［默认：visit］"), "{help}");
    // English stays English.
    let out = jiedai_env(&["--lang", "en", "--help"], &[]);
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(
        help.contains("Usage:") && help.contains("Register a contact"),
        "{help}"
    );
    assert!(!help.contains("用法"));
}

#[test]
fn the_config_and_the_locale_choose_the_language_of_help_and_errors() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "lang = \"zh\"\n").unwrap();
    let config = config.to_str().unwrap();
    let out = jiedai_env(&["--help"], &[("JIEDAI_CONFIG", config)]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("用法："));
    // --lang wins over the config.
    let out = jiedai_env(&["--lang", "en", "--help"], &[("JIEDAI_CONFIG", config)]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("Usage:"));
    let missing = dir.path().join("none.db");
    let missing = missing.to_str().unwrap();
    let out = jiedai_env(&["--db", missing, "queue"], &[("LANG", "zh_CN.UTF-8")]);
    assert_eq!(code(&out), 5);
    assert!(stderr(&out).contains("没有数据库"), "{}", stderr(&out));
    let out = jiedai_env(&["--db", missing, "queue"], &[("LANG", "en_US.UTF-8")]);
    assert!(stderr(&out).contains("no database at"), "{}", stderr(&out));
}

#[test]
fn errors_and_warnings_follow_lang() {
    let desk = Desk::new();
    let db = desk.db.to_str().unwrap();
    let zh = |args: &[&str]| {
        jiedai_env(
            &[&["--db", db, "--officer", "王科员", "--lang", "zh"], args].concat(),
            &[],
        )
    };
    let en = |args: &[&str]| {
        jiedai_env(
            &[&["--db", db, "--officer", "王科员", "--lang", "en"], args].concat(),
            &[],
        )
    };
    // A missing database.
    let out = zh(&["queue"]);
    assert_eq!(code(&out), 5);
    assert!(
        stderr(&out).starts_with("jiedai: ") && stderr(&out).contains("没有数据库"),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("jiedai init"));
    assert!(stderr(&en(&["queue"])).contains("no database at"));
    // A malformed ID number: refused, in the language asked for.
    let bad_id = ["checkin", "--name", "李娜", "--id-number", "11010519491"];
    let out = zh(&bad_id);
    assert_eq!(code(&out), 3);
    assert!(
        stderr(&out).contains("身份证号有 11 位"),
        "{}",
        stderr(&out)
    );
    let out = en(&bad_id);
    assert_eq!(code(&out), 3);
    assert!(stderr(&out).contains("id_number: "), "{}", stderr(&out));
    assert!(!stderr(&out).contains("身份证号"));
    // A warning line: recorded, and said in the language asked for.
    let checksum = [
        "checkin",
        "--name",
        "李娜",
        "--id-number",
        "110105194912310021",
    ];
    let out = zh(&checksum);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("jiedai: 警告：身份证号校验位不符"),
        "{}",
        stderr(&out)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("事项"));
    let out = en(&checksum);
    assert!(
        stderr(&out).contains("jiedai: warning: "),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("check character"));
    // A usage error and a start-up error.
    let out = zh(&["frobnicate"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("无法识别的命令"), "{}", stderr(&out));
    let out = zh(&["queue", "done", "1", "--date", "tomorrow"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("不是日期"), "{}", stderr(&out));
    let out = jiedai_env(
        &["--db", db, "--lang", "zh", "checkin", "--name", "李娜"],
        &[],
    );
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("谁在值班"), "{}", stderr(&out));
}

#[test]
fn a_check_in_by_another_process_is_found_by_the_next_lookup_by_any_reading() {
    let desk = Desk::new();
    let out = desk.run(&["demo", "--petitioners", "200", "--seed", "3"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = desk.json(&[
        "checkin",
        "--name",
        "王长江",
        "--phone",
        "13612345678",
        "--matter",
        "反映拖欠工资",
        "--json",
    ]);
    let id = v["petitioner_id"].as_i64().unwrap();
    // Not in the index yet: the lookups below find them beside it.
    let waiting: i64 = rusqlite::Connection::open(&desk.db)
        .unwrap()
        .query_row(
            "SELECT count(*) FROM search_pending WHERE petitioner_id = ?1",
            [id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(waiting, 1);
    for q in [
        "wcj",
        "wangchang",
        "changjiang",
        "王长江",
        "5678",
        "王chang",
        "ｗｃｊ",
    ] {
        let v = desk.json(&["lookup", q, "--json"]);
        let found: Vec<i64> = v["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["petitioner_id"].as_i64().unwrap())
            .collect();
        assert!(found.contains(&id), "{q}: {found:?}");
    }
    let v = desk.json(&["lookup", "z", "--json", "--limit", "5"]);
    assert_eq!(v["results"].as_array().unwrap().len(), 5);
    assert_eq!(v["total_at_least"], true);
    assert!(v["total"].as_u64().unwrap() >= 5);
}

/// Standard output on a full disk (`/dev/full` fails every write with ENOSPC):
/// the run fails as any other failure does, in words and with exit 1, and
/// never with a panic (exit 101).
#[test]
fn a_full_disk_under_standard_output_is_an_error_not_a_panic() {
    let Ok(full) = std::fs::OpenOptions::new().write(true).open("/dev/full") else {
        eprintln!("skipped: no /dev/full on this system");
        return;
    };
    let d = Desk::new();
    assert_eq!(
        code(&d.run(&["checkin", "--name", "张伟", "--matter", "物业"])),
        0
    );
    for (args, lang, says) in [
        (&["queue"][..], "en", "cannot write to standard output"),
        (&["verify"][..], "en", "cannot write to standard output"),
        (&["lookup", "张伟", "--json"][..], "zh", "无法写入标准输出"),
        (
            &["case", "--help"][..],
            "en",
            "cannot write to standard output",
        ),
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_jiedai"))
            .arg("--db")
            .arg(&d.db)
            .args(["--lang", lang])
            .args(args)
            .env("JIEDAI_NOW", "2026-11-02T09:00:00+08:00")
            .env("JIEDAI_CONFIG", "/nonexistent/jiedai-config.toml")
            .stdout(full.try_clone().unwrap())
            .output()
            .unwrap();
        let said = stderr(&out);
        assert_eq!(code(&out), 1, "{args:?}: {said}");
        assert!(said.contains(says), "{args:?}: {said}");
        assert!(!said.contains("panicked"), "{args:?}: {said}");
    }
}

#[test]
fn a_looked_up_id_number_or_phone_is_echoed_masked() {
    let desk = Desk::new();
    desk.json(&["checkin", "--name", "赵强", "--json"]);
    for (query, masked, whole) in [
        ("11010519491231002X", "110105********002X", "19491231"),
        ("138 0013 8000", "138****8000", "0013"),
    ] {
        let v = desk.json(&["lookup", query, "--json"]);
        assert_eq!(v["query"], masked, "{v}");
        let out = desk.run(&["--lang", "en", "lookup", query]);
        let said = String::from_utf8_lossy(&out.stdout);
        assert!(said.contains(masked) && !said.contains(whole), "{said}");
    }
    let v = desk.json(&["lookup", "赵强", "--json"]);
    assert_eq!(v["query"], "赵强");
}

#[test]
fn an_impossible_birth_date_is_refused_without_echoing_it() {
    let desk = Desk::new();
    for lang in ["en", "zh"] {
        let out = desk.run(&[
            "--lang",
            lang,
            "checkin",
            "--name",
            "赵强",
            "--id-number",
            "110105194913310021",
        ]);
        assert_eq!(code(&out), 3, "{}", stderr(&out));
        let said = stderr(&out);
        assert!(
            said.contains("birth date") || said.contains("出生日期"),
            "{said}"
        );
        assert!(!said.contains("19491331"), "{said}");
    }
}

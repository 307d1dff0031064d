//! Written notices, an extension's approver, a reply's outcome and the 登记回执,
//! through the real binary with a pinned clock (issue 11.2).

use crate::common::runner::{code, roster_db, stderr};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A database with the roster (王科员 科长, 李娜 科员) and a config folder of its
/// own, so that `[desk]` and the templates are the test's.
struct Office {
    dir: tempfile::TempDir,
    db: PathBuf,
}

impl Office {
    fn new() -> Office {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("desk.db");
        roster_db(&db);
        std::fs::write(
            dir.path().join("config.toml"),
            "lang = \"en\"\n[desk]\noffice = \"某县信访局\"\nphone = \"0571-12345\"\n",
        )
        .unwrap();
        Office { dir, db }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn run_as(&self, officer: &str, now: &str, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_jiedai"))
            .arg("--db")
            .arg(&self.db)
            .args(["--officer", officer])
            .args(args)
            .env("JIEDAI_NOW", now)
            .env("JIEDAI_CONFIG", self.path("config.toml"))
            .env_remove("JIEDAI_DB")
            // A relative name (`-` written as a file) lands in the office's folder.
            .current_dir(self.dir.path())
            .output()
            .unwrap()
    }

    fn run(&self, now: &str, args: &[&str]) -> Output {
        self.run_as("王科员", now, args)
    }

    fn ok(&self, now: &str, args: &[&str]) -> String {
        let out = self.run(now, args);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn json(&self, now: &str, args: &[&str]) -> Value {
        serde_json::from_str(&self.ok(now, args)).unwrap()
    }

    fn case(&self, now: &str, matter: &str) -> String {
        let r = self.json(
            now,
            &["checkin", "--name", "张伟", "--matter", matter, "--json"],
        );
        r["case_no"].as_str().unwrap().to_string()
    }
}

const DAY1: &str = "2026-03-02T09:00:00+08:00";
const DAY3: &str = "2026-03-04T09:00:00+08:00";
const LATE: &str = "2026-03-20T09:00:00+08:00";

fn route(show: &Value) -> &Value {
    show["clocks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["kind"] == "route")
        .unwrap()
}

#[test]
fn the_route_clock_is_met_only_with_the_decision_and_its_notice() {
    let o = Office::new();
    let no = o.case(DAY1, "拖欠工资");
    o.ok(DAY3, &["case", "accept", &no]);
    // Decided, not told: the clock runs on and says the notice is missing.
    let show = o.json(LATE, &["case", "show", &no, "--json"]);
    assert_eq!(route(&show)["state"], "overdue");
    assert_eq!(route(&show)["notice_missing"], true);
    assert_eq!(show["overdue"], true);
    assert_eq!(show["notices_missing"][0]["kind"], "accept");
    let text = o.ok(LATE, &["case", "show", &no]);
    assert!(text.contains("3 days overdue (notice missing)"), "{text}");
    let text = o.ok(LATE, &["--lang", "zh", "case", "show", &no]);
    assert!(text.contains("逾期 3 天（未书面告知）"), "{text}");
    // The overdue list of the handover says so too.
    let md = o.ok(LATE, &["handover", "--since", "2026-03-01T00:00:00+08:00"]);
    assert!(md.contains("(notice missing)"), "{md}");

    // A notice of another decision does not count; one dated before the
    // decision, or after today, is refused and writes nothing.
    let refused = o.run(
        LATE,
        &["case", "notify", &no, "--kind", "transfer", "--via", "post"],
    );
    assert_eq!(code(&refused), 3, "{}", stderr(&refused));
    assert!(
        stderr(&refused).contains("no decision"),
        "{}",
        stderr(&refused)
    );
    let dated = |kind: &str, via: &str, date: &str| {
        let args = [
            "case", "notify", &no, "--kind", kind, "--via", via, "--date", date,
        ];
        o.run(LATE, &args)
    };
    assert_eq!(code(&dated("受理", "邮寄", "2026-03-03")), 3);
    assert_eq!(code(&dated("accept", "sms", "2026-03-21")), 3);
    let bad_via = o.run(
        LATE,
        &["case", "notify", &no, "--kind", "accept", "--via", "鸽子"],
    );
    assert_eq!(code(&bad_via), 2);
    assert!(stderr(&bad_via).contains("in-person|post|sms|online"));

    // Told by post on the decision's day, recorded later: met, on the notice's day.
    // (The same command as a script would give it, with --json.)
    let told = [
        "case",
        "notify",
        &no,
        "--kind",
        "受理",
        "--via",
        "邮寄",
        "--date",
        "2026-03-04",
        "--json",
    ];
    let show = o.json(LATE, &told);
    assert_eq!(route(&show)["state"], "met");
    assert_eq!(route(&show)["stopped"], "2026-03-04");
    assert!(route(&show).get("notice_missing").is_none());
    assert_eq!(show["overdue"], false);
    assert_eq!(show["notices_missing"], serde_json::json!([]));
    let notice = show["events"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(notice["kind"], "notify");
    assert_eq!(notice["detail"]["kind"], "accept");
    assert_eq!(notice["detail"]["via"], "post");
    assert_eq!(notice["detail"]["date"], "2026-03-04");
    // Once is enough.
    let again = o.run(
        LATE,
        &["case", "notify", &no, "--kind", "accept", "--via", "post"],
    );
    assert_eq!(code(&again), 3);
    assert!(stderr(&again).contains("2026-03-04"), "{}", stderr(&again));
    let text = o.ok(LATE, &["--lang", "zh", "case", "show", &no]);
    assert!(text.contains("书面告知"), "{text}");
    assert!(text.contains("受理 · 邮寄 · 2026-03-04"), "{text}");
}

#[test]
fn a_transfer_is_told_where_it_went_and_a_notice_letter_is_written() {
    let o = Office::new();
    o.ok(DAY1, &["unit", "add", "区人社局"]);
    let no = o.case(DAY1, "拖欠工资");
    o.ok(DAY3, &["case", "transfer", &no, "--unit", "区人社局"]);
    let letter = o.path("转送告知书.txt");
    let args = [
        "case",
        "notify",
        &no,
        "--kind",
        "转送去向",
        "--via",
        "in-person",
        "--out",
        letter.to_str().unwrap(),
    ];
    o.ok(DAY3, &args);
    let text = std::fs::read_to_string(&letter).unwrap();
    assert!(text.starts_with("某县信访局\n信访事项转送告知书"), "{text}");
    assert!(text.contains("转送（交办）区人社局办理"), "{text}");
    assert!(text.contains("查询电话：0571-12345"), "{text}");
    let show = o.json(DAY3, &["case", "show", &no, "--json"]);
    assert_eq!(route(&show)["state"], "met");
    let audit = o.ok(DAY3, &["audit", "--json"]);
    assert!(audit.contains("\"notice\""), "{audit}");
}

#[test]
fn an_extension_names_its_approver_and_may_carry_its_notice() {
    let o = Office::new();
    let no = o.case(DAY1, "征地补偿");
    o.ok(DAY1, &["case", "accept", &no]);
    let base = [
        "case",
        "extend",
        &no,
        "--days",
        "30",
        "--reason",
        "需现场核查",
    ];
    // Without the approver clap refuses; a 科员 may not approve; nobody unknown may.
    assert_eq!(code(&o.run(DAY3, &base)), 2);
    let clerk = o.run(DAY3, &[&base[..], &["--approved-by", "李娜"]].concat());
    assert_eq!(code(&clerk), 3);
    assert!(stderr(&clerk).contains("Art. 32"), "{}", stderr(&clerk));
    let nobody = o.run(DAY3, &[&base[..], &["--approved-by", "赵六"]].concat());
    assert_eq!(code(&nobody), 4, "{}", stderr(&nobody));
    let show = o.json(DAY3, &["case", "show", &no, "--json"]);
    assert_eq!(show["extended_days"], 0, "a refusal writes nothing");

    let args = [
        &base[..],
        &["--approved-by", "王科员", "--via", "短信", "--json"],
    ]
    .concat();
    let show = o.json(DAY3, &args);
    let events = show["events"].as_array().unwrap();
    let extend = events.iter().find(|e| e["kind"] == "extend").unwrap();
    assert_eq!(extend["detail"]["approved_by"], "王科员");
    let told = events.last().unwrap();
    assert_eq!(told["kind"], "notify");
    assert_eq!(told["detail"]["kind"], "extension");
    assert_eq!(told["detail"]["via"], "sms");
    let kinds: Vec<&Value> = show["notices_missing"].as_array().unwrap().iter().collect();
    assert_eq!(kinds.len(), 1, "the acceptance's notice is still missing");
    assert_eq!(kinds[0]["kind"], "accept");
    let text = o.ok(DAY3, &["--lang", "zh", "case", "show", &no]);
    assert!(text.contains("批准：王科员"), "{text}");
}

#[test]
fn a_reply_records_its_outcome() {
    let o = Office::new();
    let no = o.case(DAY1, "低保");
    o.ok(DAY1, &["case", "accept", &no]);
    let bad = o.run(DAY3, &["case", "reply", &no, "--outcome", "maybe"]);
    assert_eq!(code(&bad), 2);
    assert!(stderr(&bad).contains("support|explain|reject|mediation"));
    let show = o.json(
        DAY3,
        &[
            "case",
            "reply",
            &no,
            "--text",
            "经调解达成协议",
            "--outcome",
            "调解协议",
            "--json",
        ],
    );
    assert_eq!(show["reply_outcome"], "mediation");
    let reply = show["events"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(reply["detail"]["outcome"], "mediation");
    let text = o.ok(DAY3, &["--lang", "zh", "case", "show", &no]);
    assert!(text.contains("答复结果：调解协议"), "{text}");
    assert!(text.contains("结果：调解协议 · 经调解达成协议"), "{text}");
    let en = o.ok(DAY3, &["case", "show", &no]);
    assert!(en.contains("Reply outcome: mediation agreement"), "{en}");
    // English aliases too; only a reply takes an outcome.
    let other = o.case(DAY1, "拆迁");
    o.ok(DAY1, &["case", "accept", &other]);
    let show = o.json(
        DAY3,
        &[
            "case",
            "reply",
            &other,
            "--outcome",
            "not-supported",
            "--json",
        ],
    );
    assert_eq!(show["reply_outcome"], "reject");
}

fn receipt_text(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap()
}

#[test]
fn the_receipt_says_what_was_recorded_and_never_clobbers() {
    let o = Office::new();
    let out = o.path("回执.txt");
    let args = [
        "checkin",
        "--name",
        "王芳",
        "--channel",
        "letter",
        "--matter",
        "小区噪音扰民",
        "--receipt",
        out.to_str().unwrap(),
        "--json",
    ];
    let r = o.json(DAY1, &args);
    let no = r["case_no"].as_str().unwrap();
    let letter = r["letter_no"].as_str().unwrap();
    let text = receipt_text(&out);
    for want in [
        "某县信访局\n信访事项登记回执",
        "信访人：王芳",
        &format!("事项编号：{no}"),
        &format!("收信编号：{letter}"),
        "登记日期：2026年3月2日",
        "反映事项：小区噪音扰民",
        "首问责任人：王科员",
        "联系电话：0571-12345",
        "您反映的事项，我们将在15日内书面告知是否受理",
    ] {
        assert!(text.contains(want), "{want} in {text}");
    }
    let code_line = text.lines().find(|l| l.starts_with("查询码：")).unwrap();
    assert_eq!(code_line.chars().count(), "查询码：".chars().count() + 9);

    // The same file again: refused before anything is written, the file kept.
    std::fs::write(&out, "本人签收").unwrap();
    let again = [
        "checkin",
        "--name",
        "李四",
        "--receipt",
        out.to_str().unwrap(),
    ];
    let refused = o.run(DAY1, &again);
    assert_ne!(code(&refused), 0);
    assert_eq!(receipt_text(&out), "本人签收");
    let queue = o.ok(DAY1, &["queue", "--json"]);
    assert!(
        !queue.contains("李四"),
        "a refused receipt leaves no check-in"
    );
    let receipt = ["case", "receipt", no, "--out", out.to_str().unwrap()];
    assert_ne!(code(&o.run(DAY3, &receipt)), 0);
    assert_eq!(receipt_text(&out), "本人签收");
    o.ok(DAY3, &[&receipt[..], &["--force"]].concat());
    assert!(receipt_text(&out).contains("2026年3月4日"));
    // Never onto the database.
    let db = o.db.to_str().unwrap().to_string();
    let onto = o.run(DAY3, &["case", "receipt", no, "--out", &db, "--force"]);
    assert_ne!(code(&onto), 0);
    // Each receipt written is in the audit log, with its file.
    let audit: Value = serde_json::from_str(&o.ok(DAY3, &["audit", "--json"])).unwrap();
    let receipts: Vec<&Value> = audit["entries"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["action"] == "receipt")
        .collect();
    assert_eq!(receipts.len(), 2, "{audit}");
    assert!(receipts[0]["subject"]
        .as_str()
        .unwrap()
        .contains("回执.txt"));
}

#[test]
fn the_office_edits_its_templates_and_a_broken_one_is_named() {
    let o = Office::new();
    let listed = o.ok(DAY1, &["templates", "init"]);
    assert_eq!(listed.lines().count(), 5, "{listed}");
    let dir = o.path("templates");
    let receipt = dir.join("receipt.txt");
    assert!(receipt_text(&receipt).contains("{query_code}"));
    std::fs::write(&receipt, "{office}回执 {case_no} 电话 {phone}\n").unwrap();
    // init again keeps what the office wrote.
    let again = o.ok(DAY1, &["templates", "init"]);
    assert!(again.contains("kept"), "{again}");
    assert_eq!(
        receipt_text(&receipt),
        "{office}回执 {case_no} 电话 {phone}\n"
    );
    let no = o.case(DAY1, "物业");
    let out = o.path("r1.txt");
    o.ok(
        DAY1,
        &["case", "receipt", &no, "--out", out.to_str().unwrap()],
    );
    assert_eq!(
        receipt_text(&out),
        format!("某县信访局回执 {no} 电话 0571-12345\n")
    );
    // A misspelt placeholder: a clear error naming the file and the placeholder,
    // no file written, nothing recorded.
    std::fs::write(&receipt, "回执 {case_number}\n").unwrap();
    let out2 = o.path("r2.txt");
    let broken = o.run(
        DAY1,
        &["case", "receipt", &no, "--out", out2.to_str().unwrap()],
    );
    assert_eq!(code(&broken), 2);
    let said = stderr(&broken);
    assert!(
        said.contains("receipt.txt") && said.contains("{case_number}"),
        "{said}"
    );
    assert!(!out2.exists());
    let zh = o.run(
        DAY1,
        &[
            "--lang",
            "zh",
            "case",
            "receipt",
            &no,
            "--out",
            out2.to_str().unwrap(),
        ],
    );
    assert!(
        stderr(&zh).contains("无法识别的占位符 {case_number}"),
        "{}",
        stderr(&zh)
    );
    let audit = o.ok(DAY1, &["audit", "--json"]);
    assert_eq!(audit.matches("\"receipt\"").count(), 1, "{audit}");
    let list = o.ok(DAY1, &["templates", "list"]);
    assert!(list.contains("case_number"), "{list}");
}

/// Runs a command that must be refused as bad usage without writing `file`;
/// returns what it said.
fn refused_before_writing(o: &Office, now: &str, args: &[&str], file: &Path) -> String {
    let out = o.run(now, args);
    assert_eq!(code(&out), 2, "{args:?}: {}", stderr(&out));
    assert!(!file.exists(), "{file:?} was written");
    stderr(&out)
}

#[test]
fn a_broken_template_refuses_the_check_in_and_the_notice_before_recording_them() {
    let o = Office::new();
    let dir = o.path("templates");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("receipt.txt"), "回执 {case_number}\n").unwrap();
    std::fs::write(dir.join("notice-accept.txt"), "告知 {oops\n").unwrap();

    // The receipt's template is broken: the check-in is refused, not recorded
    // with an error after it (a script running it again would register twice).
    let receipt = o.path("回执.txt");
    let checkin = [
        "checkin",
        "--name",
        "李四",
        "--matter",
        "噪音",
        "--receipt",
        receipt.to_str().unwrap(),
    ];
    let said = refused_before_writing(&o, DAY1, &checkin, &receipt);
    assert!(said.contains("{case_number}"), "{said}");
    let queue = o.ok(DAY1, &["queue", "--json"]);
    assert!(
        !queue.contains("李四"),
        "the refused check-in is on record: {queue}"
    );

    // The notice's template is broken: the notice is not recorded either, so it
    // can be given again once the template is fixed.
    let no = o.case(DAY1, "拖欠工资");
    o.ok(DAY3, &["case", "accept", &no]);
    let letter = o.path("告知书.txt");
    let notify = [
        "case",
        "notify",
        &no,
        "--kind",
        "受理",
        "--via",
        "邮寄",
        "--out",
        letter.to_str().unwrap(),
    ];
    refused_before_writing(&o, DAY3, &notify, &letter);
    let show = o.json(DAY3, &["case", "show", &no, "--json"]);
    assert_eq!(show["notices_missing"][0]["kind"], "accept", "{show}");
    std::fs::remove_file(dir.join("notice-accept.txt")).unwrap();
    o.ok(DAY3, &notify);
    assert!(std::fs::read_to_string(&letter)
        .unwrap()
        .contains("某县信访局"));
}

#[test]
fn a_document_to_standard_output_goes_there_and_never_into_a_file_named_dash() {
    let o = Office::new();
    let r = o.json(
        DAY1,
        &["checkin", "--name", "张伟", "--matter", "物业", "--json"],
    );
    let no = r["case_no"].as_str().unwrap();
    let receipt = o.ok(DAY1, &["case", "receipt", no, "--out", "-"]);
    assert!(
        receipt.contains("信访事项登记回执") && receipt.contains(no),
        "{receipt}"
    );
    let audit = o.ok(DAY1, &["audit", "--json"]);
    assert!(
        audit.contains("\"receipt\""),
        "recorded as any receipt: {audit}"
    );
    // Standard output already holds the JSON: refused before the check-in.
    let into_json = ["checkin", "--name", "李四", "--receipt", "-", "--json"];
    let refused = o.run(DAY1, &into_json);
    assert_eq!(code(&refused), 2, "{}", stderr(&refused));
    assert!(!o.ok(DAY1, &["queue", "--json"]).contains("李四"));
    // The plan's report, as on the screen.
    let contact = r["contact_id"].to_string();
    o.ok(
        DAY1,
        &["plan", "start", "--contact", &contact, "--reason", "集体访"],
    );
    let report = o.ok(DAY1, &["plan", "report", "1", "--out", "-"]);
    assert!(report.contains("plan #1"), "{report}");
    // A backup is a database file: standard output cannot take it.
    let refused = o.run(DAY1, &["backup", "-"]);
    assert_eq!(code(&refused), 2, "{}", stderr(&refused));
    assert!(
        stderr(&refused).contains("standard output"),
        "{}",
        stderr(&refused)
    );
    for name in ["-", "-.anchor"] {
        assert!(!o.path(name).exists(), "a file named {name} was written");
    }
}

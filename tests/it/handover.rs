//! Shift handover (交班) end to end: the real binary on a temporary database, with
//! `JIEDAI_NOW` set per command to script a day at the desk.

use jiedai::store::{OpenMode, Store};
use jiedai::time::TimeSource;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

// Valid GB 11643 numbers (checked by the intake rules).
const ID_SUN: &str = "110102198005152346";
const ID_LIU: &str = "110101195001011239";
const ID_ZHAO: &str = "32010619751120345X";
const ID_GUO: &str = "440305199003084563";
const ID_CHEN: &str = "110105198507075677";

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

    fn command(&self, now: &str, officer: &str, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_jiedai"));
        cmd.arg("--db")
            .arg(&self.db)
            .arg("--officer")
            .arg(officer)
            .args(args);
        cmd.env("JIEDAI_NOW", now)
            // Keep the tester's own config, database and officer out of the run.
            .env("JIEDAI_CONFIG", self.dir.path().join("no-config.toml"))
            .env_remove("JIEDAI_DB")
            .env_remove("JIEDAI_OFFICER")
            .env("LANG", "C.UTF-8")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES");
        cmd
    }

    fn try_run(&self, now: &str, officer: &str, args: &[&str]) -> Output {
        self.command(now, officer, args).output().unwrap()
    }

    /// Runs a command that must succeed; returns its stdout.
    fn run(&self, now: &str, officer: &str, args: &[&str]) -> String {
        let out = self.try_run(now, officer, args);
        assert!(
            out.status.success(),
            "jiedai {args:?} at {now} failed: {}\n{}",
            String::from_utf8_lossy(&out.stderr),
            String::from_utf8_lossy(&out.stdout)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    fn json(&self, now: &str, officer: &str, args: &[&str]) -> Value {
        let text = self.run(now, officer, args);
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{args:?}: {e}\n{text}"))
    }

    /// Checks someone in; returns the new case number.
    fn checkin(&self, now: &str, officer: &str, args: &[&str]) -> String {
        let mut all = vec!["checkin"];
        all.extend_from_slice(args);
        all.push("--json");
        let v = self.json(now, officer, &all);
        v["case_no"].as_str().unwrap().to_string()
    }

    fn store(&self) -> Store {
        Store::open(&self.db, OpenMode::ReadOnly, TimeSource::System).unwrap()
    }
}

fn at(day: &str, time: &str) -> String {
    format!("{day}T{time}:00+08:00")
}

const DAY: &str = "2026-11-28";
const ZHANG: &str = "张伟";
const LI: &str = "李娜";
const WANG: &str = "王芳";

/// The cases opened before the shift, by number.
struct History {
    long_standing: String,
    repeat: String,
    closed: String,
    due_route: String,
    due_handle: String,
    overdue: String,
}

/// Months of history at the office, all registered by 王芳 by phone (so nobody is
/// left in a queue): a long-standing matter, a recent one, one taken all the way to
/// 终结, and three whose clocks run out around the day of the shift.
fn history(d: &Desk) -> History {
    // 王芳 acts first on the new file, so she is the roster's 科长 and adds the others.
    d.run(&at("2026-05-01", "08:00"), WANG, &["officer", "add", LI]);
    d.run(&at("2026-05-01", "08:00"), WANG, &["officer", "add", ZHANG]);

    // 老户: registered, accepted, answered, and called about again and again.
    let c1 = d.checkin(
        &at("2026-06-01", "09:00"),
        WANG,
        &[
            "--name",
            "刘老汉",
            "--id-number",
            ID_LIU,
            "--channel",
            "call",
            "--matter",
            "宅基地纠纷",
        ],
    );
    d.run(&at("2026-06-02", "09:00"), WANG, &["case", "accept", &c1]);
    d.run(
        &at("2026-07-01", "09:00"),
        WANG,
        &["case", "reply", &c1, "--text", "已答复"],
    );
    for day in ["2026-08-01", "2026-09-01", "2026-10-01"] {
        d.checkin(
            &at(day, "09:00"),
            WANG,
            &[
                "--name",
                "刘老汉",
                "--id-number",
                ID_LIU,
                "--channel",
                "call",
                "--case",
                &c1,
            ],
        );
    }

    // A matter that will come back as a repeat visit.
    let c2 = d.checkin(
        &at("2026-11-20", "10:00"),
        WANG,
        &[
            "--name",
            "陈明",
            "--id-number",
            ID_CHEN,
            "--channel",
            "call",
            "--matter",
            "物业收费",
        ],
    );

    // Taken through review and recheck to 终结.
    let c3 = d.checkin(
        &at("2026-05-01", "09:00"),
        WANG,
        &[
            "--name",
            "赵强",
            "--id-number",
            ID_ZHAO,
            "--channel",
            "call",
            "--matter",
            "征地补偿标准",
        ],
    );
    d.run(&at("2026-05-02", "09:00"), WANG, &["case", "accept", &c3]);
    d.run(
        &at("2026-05-10", "09:00"),
        WANG,
        &["case", "reply", &c3, "--text", "按标准补偿"],
    );
    d.run(
        &at("2026-05-15", "09:00"),
        WANG,
        &["case", "request-review", &c3],
    );
    d.run(
        &at("2026-06-01", "09:00"),
        WANG,
        &["case", "decide-review", &c3, "--text", "维持"],
    );
    d.run(
        &at("2026-06-10", "09:00"),
        WANG,
        &["case", "request-recheck", &c3],
    );
    d.run(
        &at("2026-06-30", "09:00"),
        WANG,
        &["case", "decide-recheck", &c3, "--text", "维持，终结"],
    );

    // Route clock: registered 13 days before the shift, due in 2 days.
    let c4 = d.checkin(
        &at("2026-11-15", "10:00"),
        WANG,
        &[
            "--name",
            "吴敏",
            "--channel",
            "call",
            "--matter",
            "道路破损",
        ],
    );
    // Handling clock: accepted 59 days before the shift, due in 1 day, with 李娜.
    let c5 = d.checkin(
        &at("2026-09-20", "10:00"),
        WANG,
        &[
            "--name",
            "郑华",
            "--channel",
            "call",
            "--matter",
            "医疗纠纷",
        ],
    );
    d.run(
        &at("2026-09-25", "10:00"),
        WANG,
        &["case", "transfer", &c5, "--unit", "区卫生健康委员会"],
    );
    d.run(
        &at("2026-09-25", "11:00"),
        WANG,
        &["case", "notify", &c5, "--kind", "transfer", "--via", "post"],
    );
    d.run(&at("2026-09-30", "10:00"), WANG, &["case", "accept", &c5]);
    d.run(
        &at("2026-10-01", "10:00"),
        WANG,
        &["case", "assign", &c5, "--to", LI],
    );
    // Overdue: registered, and 20 days later nobody has routed it.
    let c6 = d.checkin(
        &at("2026-11-08", "10:00"),
        WANG,
        &[
            "--name",
            "黄丽",
            "--channel",
            "call",
            "--matter",
            "噪声污染",
        ],
    );

    History {
        long_standing: c1,
        repeat: c2,
        closed: c3,
        due_route: c4,
        due_handle: c5,
        overdue: c6,
    }
}

/// 张伟's shift on 2026-11-28, 08:30 to 17:30, with 李娜 at a second desk.
fn scripted_day(d: &Desk, h: &History) {
    let t = |time: &str| at(DAY, time);
    d.run(&t("08:30"), ZHANG, &["shift", "start"]);
    d.run(&t("09:55"), LI, &["shift", "start"]);

    d.checkin(
        &t("08:40"),
        ZHANG,
        &[
            "--name",
            "孙丽",
            "--id-number",
            ID_SUN,
            "--matter",
            "拖欠工资三个月",
        ],
    );
    d.run(&t("08:45"), ZHANG, &["queue", "receive", "1"]);
    d.run(&t("09:10"), ZHANG, &["queue", "done", "1"]);

    d.checkin(
        &t("09:00"),
        ZHANG,
        &[
            "--name",
            "周建国",
            "--headcount",
            "6",
            "--representatives",
            "周建国,吴海,郑波",
            "--matter",
            "小区停水",
        ],
    );
    d.run(&t("09:05"), ZHANG, &["queue", "receive", "2"]);
    d.run(&t("09:50"), ZHANG, &["queue", "done", "2"]);

    d.checkin(
        &t("09:20"),
        ZHANG,
        &[
            "--name",
            "陈明",
            "--id-number",
            ID_CHEN,
            "--case",
            &h.repeat,
        ],
    );
    d.run(&t("10:00"), ZHANG, &["queue", "receive", "3"]);
    d.run(&t("10:20"), ZHANG, &["queue", "done", "3"]);

    d.checkin(
        &t("09:45"),
        ZHANG,
        &[
            "--name",
            "刘老汉",
            "--id-number",
            ID_LIU,
            "--case",
            &h.long_standing,
        ],
    );
    d.run(&t("10:20"), ZHANG, &["queue", "receive", "4"]);
    d.run(&t("10:50"), ZHANG, &["queue", "done", "4"]);

    // The other desk: counted in 李娜's summary, seen in everyone's queue.
    d.checkin(&t("10:00"), LI, &["--name", "黄河", "--matter", "拆迁补偿"]);

    d.checkin(
        &t("10:10"),
        ZHANG,
        &[
            "--name",
            "赵强",
            "--id-number",
            ID_ZHAO,
            "--case",
            &h.closed,
        ],
    );
    d.run(&t("10:40"), ZHANG, &["queue", "left", "6"]);

    d.checkin(
        &t("10:30"),
        ZHANG,
        &[
            "--name",
            "钱芳",
            "--channel",
            "letter",
            "--matter",
            "噪声扰民",
        ],
    );
    let routed = d.checkin(
        &t("11:00"),
        ZHANG,
        &[
            "--name",
            "何伟",
            "--channel",
            "letter",
            "--matter",
            "道路积水",
        ],
    );
    d.run(
        &t("14:00"),
        ZHANG,
        &["case", "transfer", &routed, "--unit", "区城市管理局"],
    );
    d.checkin(
        &t("11:30"),
        ZHANG,
        &[
            "--name",
            "马丽",
            "--channel",
            "call",
            "--matter",
            "低保申请",
        ],
    );
    d.checkin(
        &t("13:00"),
        ZHANG,
        &[
            "--name",
            "冯军",
            "--channel",
            "online",
            "--matter",
            "食品安全",
        ],
    );

    d.checkin(
        &t("16:00"),
        ZHANG,
        &[
            "--name",
            "郭静",
            "--id-number",
            ID_GUO,
            "--matter",
            "医保报销",
        ],
    );
    d.run(&t("16:10"), ZHANG, &["queue", "receive", "7"]);
    d.checkin(
        &t("16:50"),
        ZHANG,
        &["--name", "林涛", "--matter", "劳动合同"],
    );

    d.run(
        &t("17:00"),
        ZHANG,
        &["handover", "notes", "黄河 在 2 号窗口等候，需李娜接待"],
    );
    d.run(
        &t("17:10"),
        ZHANG,
        &[
            "handover",
            "notes",
            "--append",
            "郑华 的医疗纠纷明天到期，已电话提醒卫健委",
        ],
    );
}

fn names(list: &Value) -> Vec<&str> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect()
}

#[test]
fn a_scripted_day_is_reported_exactly() {
    let d = Desk::new();
    let h = history(&d);
    scripted_day(&d, &h);
    let end = at(DAY, "17:30");
    let s = d.json(&end, ZHANG, &["handover", "--format", "json"]);

    assert_eq!(s["officer"], ZHANG);
    assert_eq!(s["since"], at(DAY, "08:30"));
    assert_eq!(s["until"], end);
    assert_eq!(s["shift"]["ended_at"], Value::Null);

    // 11 batches; 16 people, the collective visit counting 6.
    assert_eq!(
        (s["batches"].as_u64(), s["people"].as_u64()),
        (Some(11), Some(16))
    );
    let by: Vec<(&str, u64, u64)> = s["by_channel"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["channel"].as_str().unwrap(),
                t["batches"].as_u64().unwrap(),
                t["people"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        by,
        vec![
            ("visit", 7, 12),
            ("letter", 2, 2),
            ("call", 1, 1),
            ("online", 1, 1)
        ]
    );

    // New cases are 张伟's own: 黄河's was opened by 李娜.
    let new: Vec<&str> = s["new_cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        new,
        vec![
            "孙丽",
            "周建国",
            "钱芳",
            "何伟",
            "马丽",
            "冯军",
            "郭静",
            "林涛"
        ]
    );

    let f = &s["flagged"];
    assert_eq!(names(&f["repeat"]), vec!["陈明", "刘老汉", "赵强"]);
    assert_eq!(names(&f["long_standing"]), vec!["刘老汉"]);
    assert_eq!(names(&f["collective"]), vec!["周建国"]);
    assert_eq!(f["collective"][0]["headcount"], 6);
    assert_eq!(
        f["collective"][0]["representatives"],
        serde_json::json!(["周建国", "吴海", "郑波"])
    );
    assert_eq!(names(&f["closed_matter"]), vec!["赵强"]);
    assert_eq!(f["closed_matter"][0]["case_no"], h.closed.as_str());
    // IDs are masked, flags are codes.
    assert_eq!(
        f["long_standing"][0]["id_number_masked"],
        "110101********1239"
    );
    assert!(!s.to_string().contains(ID_LIU));
    assert!(f["closed_matter"][0]["flags"]
        .as_array()
        .unwrap()
        .contains(&Value::from("closed_matter")));

    // The shared queue: 李娜's visitor too, with date, number and minutes waited.
    let here: Vec<(&str, i64, &str, &str, i64)> = s["still_here"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            (
                v["queue_date"].as_str().unwrap(),
                v["queue_no"].as_i64().unwrap(),
                v["name"].as_str().unwrap(),
                v["status"].as_str().unwrap(),
                v["waited_minutes"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        here,
        vec![
            (DAY, 5, "黄河", "waiting", 450),
            (DAY, 7, "郭静", "receiving", 10),
            (DAY, 8, "林涛", "waiting", 40),
        ]
    );
    assert_eq!(s["still_here"][1]["received_by"], ZHANG);
    assert_eq!(s["still_here"][0]["checked_in_by"], LI);

    // Clocks, by clock: overdue first within each.
    let clocks: Vec<(&str, &str, i64, &str)> = s["clocks_due"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["case_no"].as_str().unwrap(),
                c["clock"].as_str().unwrap(),
                c["days_left"].as_i64().unwrap(),
                c["state"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        clocks,
        vec![
            (h.overdue.as_str(), "route", -5, "overdue"),
            (h.due_route.as_str(), "route", 2, "running"),
            (h.due_handle.as_str(), "handle", 1, "running"),
        ]
    );
    assert_eq!(s["clocks_due"][2]["handler"], LI);
    assert_eq!(s["clocks_due"][2]["unit"], "区卫生健康委员会");
    assert_eq!(s["clocks_due"][2]["due"], "2026-11-29");
    assert_eq!(s["clocks_due"][0]["due"], "2026-11-23");

    // 何伟's letter was routed at 14:00; 钱芳's was not.
    let letters = s["unrouted_letters"].as_array().unwrap();
    assert_eq!(letters.len(), 1);
    assert_eq!(letters[0]["name"], "钱芳");
    assert_eq!(letters[0]["route_due"], "2026-12-13");

    assert_eq!(
        s["notes"],
        "黄河 在 2 号窗口等候，需李娜接待\n郑华 的医疗纠纷明天到期，已电话提醒卫健委"
    );

    // 李娜's own summary: her one contact, the same shared queue and clocks.
    let li = d.json(&end, LI, &["handover", "--json"]);
    assert_eq!(
        (li["batches"].as_u64(), li["people"].as_u64()),
        (Some(1), Some(1))
    );
    assert_eq!(li["since"], at(DAY, "09:55"));
    assert_eq!(names(&li["new_cases"]), vec!["黄河"]);
    assert_eq!(li["still_here"], s["still_here"]);
    assert_eq!(li["clocks_due"], s["clocks_due"]);

    // Snapshots of the report as printed, in both languages, and of the JSON.
    // As printed: fields in the order a reader meets them.
    insta::assert_snapshot!(
        "day_json",
        no_head(d.run(&end, ZHANG, &["handover", "--format", "json"]))
    );
    insta::assert_snapshot!(
        "day_zh",
        no_head(d.run(&end, ZHANG, &["--lang", "zh", "handover"]))
    );
    insta::assert_snapshot!(
        "day_en",
        no_head(d.run(&end, ZHANG, &["--lang", "en", "handover", "--format", "md"]))
    );

    // Hand over to 李娜, who acknowledges; both acts go on record.
    let ho = d.json(&at(DAY, "17:35"), ZHANG, &["handover", "to", LI, "--json"]);
    assert_eq!(
        (ho["from"].as_str(), ho["to"].as_str()),
        (Some(ZHANG), Some(LI))
    );
    assert_eq!(ho["handed_at"], at(DAY, "17:35"));
    assert_eq!(ho["acked_at"], Value::Null);
    // The shift is over: starting "again" would be a new shift, not the old one.
    assert!(
        d.try_run(&at(DAY, "17:36"), ZHANG, &["handover", "notes", "x"])
            .status
            .code()
            == Some(4)
    );

    let show = d.json(&at(DAY, "17:36"), LI, &["shift", "show", "--json"]);
    assert_eq!(show["pending_handovers"].as_array().unwrap().len(), 1);
    assert_eq!(show["pending_handovers"][0]["from"], ZHANG);
    let start = d.json(&at(DAY, "17:37"), LI, &["shift", "start", "--json"]);
    assert_eq!(start["resumed"], true);
    assert_eq!(start["pending_handovers"].as_array().unwrap().len(), 1);

    let ack = d.json(&at(DAY, "17:40"), LI, &["handover", "ack", "--json"]);
    assert_eq!(ack["acknowledged"]["acked_by"], LI);
    assert_eq!(ack["acknowledged"]["acked_at"], at(DAY, "17:40"));
    assert_eq!(ack["still_pending"], serde_json::json!([]));
    let again = d.try_run(&at(DAY, "17:41"), LI, &["handover", "ack"]);
    assert_eq!(again.status.code(), Some(4), "nothing left to acknowledge");

    let show = d.json(&at(DAY, "17:45"), ZHANG, &["shift", "show", "--json"]);
    assert_eq!(show["shift"]["handed_to"], LI);
    assert_eq!(show["shift"]["acked_by"], LI);
    assert_eq!(show["last_handover"]["acked_at"], at(DAY, "17:40"));
    let after = d.json(&at(DAY, "17:45"), ZHANG, &["handover", "--json"]);
    assert_eq!(after["shift"]["acked_by"], LI);
    assert_eq!(
        after["until"],
        at(DAY, "17:35"),
        "a handed-over shift ends at the handover"
    );

    // An export is written for its owner only, and recorded.
    let out = d.dir.path().join("交班.md");
    let printed = d.run(
        &at(DAY, "17:50"),
        ZHANG,
        &["handover", "--out", out.to_str().unwrap()],
    );
    assert_eq!(printed.trim(), out.to_str().unwrap());
    assert!(std::fs::read_to_string(&out)
        .unwrap()
        .starts_with("# Shift handover: 张伟"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&out).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
    let log = d
        .store()
        .audit_log(&jiedai::store::AuditFilter {
            limit: 10,
            ..Default::default()
        })
        .unwrap();
    let acts: Vec<(&str, &str)> = log
        .iter()
        .map(|a| (a.action.as_str(), a.officer.as_deref().unwrap_or("-")))
        .collect();
    assert_eq!(
        acts[..3],
        [("export", ZHANG), ("acknowledge", LI), ("handover", ZHANG)]
    );
    assert!(log[2].subject.contains(LI), "{}", log[2].subject);
    assert_eq!(log[1].at, at(DAY, "17:40"));

    // The next morning, with the queue cleared and cases moved on, the same window
    // still gives the same figures.
    let next = |time: &str| at("2026-11-29", time);
    d.run(
        &next("08:30"),
        LI,
        &["queue", "receive", "8", "--date", DAY],
    );
    d.run(&next("08:40"), LI, &["queue", "done", "8", "--date", DAY]);
    d.run(&next("08:45"), LI, &["case", "accept", &h.due_route]);
    // 张伟 handed over: their next contact needs a shift of its own.
    d.run(&next("08:59"), ZHANG, &["shift", "start"]);
    d.checkin(
        &next("09:00"),
        ZHANG,
        &["--name", "新来的", "--channel", "call"],
    );
    let again = d.json(
        &next("10:00"),
        LI,
        &[
            "handover",
            "--of",
            ZHANG,
            "--since",
            &at(DAY, "08:30"),
            "--until",
            &end,
            "--json",
        ],
    );
    for key in [
        "officer",
        "since",
        "until",
        "batches",
        "people",
        "by_channel",
        "new_cases",
        "flagged",
        "still_here",
        "clocks_due",
        "unrouted_letters",
        "due_soon_days",
    ] {
        assert_eq!(again[key], s[key], "{key} changed for a past window");
    }
    assert_eq!(
        again["shift"]["id"], s["shift"]["id"],
        "the window's shift is found"
    );
}

#[test]
fn a_shift_over_midnight_covers_both_days() {
    let d = Desk::new();
    d.run("2026-11-28T20:00:00+08:00", ZHANG, &["shift", "start"]);
    d.checkin(
        "2026-11-28T23:30:00+08:00",
        ZHANG,
        &["--name", "夜归人", "--matter", "噪声扰民"],
    );
    d.checkin(
        "2026-11-29T00:20:00+08:00",
        ZHANG,
        &["--name", "晨来客", "--matter", "停车纠纷"],
    );
    d.checkin(
        "2026-11-29T00:30:00+08:00",
        ZHANG,
        &["--name", "电话人", "--channel", "call"],
    );
    d.run(
        "2026-11-29T00:40:00+08:00",
        ZHANG,
        &["queue", "receive", "1", "--date", "2026-11-28"],
    );
    let end = "2026-11-29T01:00:00+08:00";
    let s = d.json(end, ZHANG, &["handover", "--json"]);
    assert_eq!(s["since"], "2026-11-28T20:00:00+08:00");
    assert_eq!(
        (s["batches"].as_u64(), s["people"].as_u64()),
        (Some(3), Some(3))
    );
    // Both visitors are number 1: the date tells them apart.
    let here: Vec<(&str, i64, &str)> = s["still_here"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            (
                v["queue_date"].as_str().unwrap(),
                v["queue_no"].as_i64().unwrap(),
                v["status"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        here,
        vec![("2026-11-28", 1, "receiving"), ("2026-11-29", 1, "waiting")]
    );
    assert_eq!(s["still_here"][0]["waited_minutes"], 70);

    let md = d.run(end, ZHANG, &["--lang", "zh", "handover"]);
    assert!(md.contains("2026-11-28 第 1 号 夜归人"), "{md}");
    assert!(md.contains("2026-11-29 第 1 号 晨来客"), "{md}");
    // Times carry their date when the window spans two days.
    assert!(md.contains("- 11-28 23:30 "), "{md}");
    insta::assert_snapshot!("midnight_zh", no_head(md));
}

/// A walk-in checked in at 张伟's desk and received by 李娜 shows in her summary
/// as her 接待, not as "nothing received"; his counts it among his own walk-ins.
#[test]
fn a_colleagues_walk_in_is_the_receivers_reception_too() {
    let d = Desk::new();
    let t = |time: &str| at("2026-11-28", time);
    d.run(&t("08:30"), ZHANG, &["shift", "start"]);
    d.run(&t("08:30"), ZHANG, &["officer", "add", LI]);
    d.run(&t("08:31"), LI, &["shift", "start"]);
    d.checkin(
        &t("09:00"),
        ZHANG,
        &["--name", "孙丽", "--headcount", "2", "--matter", "拖欠工资"],
    );
    d.run(&t("09:10"), LI, &["queue", "receive", "1"]);
    d.run(&t("09:40"), LI, &["queue", "done", "1"]);

    let li = d.json(&t("12:00"), LI, &["handover", "--json"]);
    assert_eq!(li["batches"], 0);
    assert_eq!(
        (
            li["received_for_colleagues"].as_u64(),
            li["received_for_colleagues_people"].as_u64()
        ),
        (Some(1), Some(2))
    );
    let zh = d.run(&t("12:00"), LI, &["--lang", "zh", "handover"]);
    assert!(
        zh.contains("另：接待同事登记的来访 1 批次、2 人次。"),
        "{zh}"
    );
    assert!(!zh.contains("本班次无接待记录"), "{zh}");

    let zhang = d.json(&t("12:00"), ZHANG, &["handover", "--json"]);
    assert_eq!(
        (
            zhang["received_batches"].as_u64(),
            zhang["received_for_colleagues"].as_u64()
        ),
        (Some(1), Some(0))
    );
}

#[test]
fn an_empty_shift_says_so() {
    let d = Desk::new();
    d.run("2026-11-28T08:00:00+08:00", ZHANG, &["shift", "start"]);
    let s = d.json("2026-11-28T12:00:00+08:00", ZHANG, &["handover", "--json"]);
    assert_eq!(
        (s["batches"].as_u64(), s["people"].as_u64()),
        (Some(0), Some(0))
    );
    for key in ["new_cases", "still_here", "clocks_due", "unrouted_letters"] {
        assert_eq!(s[key], serde_json::json!([]), "{key}");
    }
    let zh = d.run(
        "2026-11-28T12:00:00+08:00",
        ZHANG,
        &["--lang", "zh", "handover"],
    );
    assert!(zh.contains("本班次无接待记录"), "{zh}");
    let en = d.run(
        "2026-11-28T12:00:00+08:00",
        ZHANG,
        &["--lang", "en", "handover"],
    );
    assert!(en.contains("Nothing was received in this shift."), "{en}");
    insta::assert_snapshot!("empty_en", no_head(en));
    // An existing file is kept unless --force; with it, the export replaces a file
    // that others could read with a new one they cannot.
    let out = d.dir.path().join("report.md");
    std::fs::write(&out, "old").unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o644)).unwrap();
    }
    d.run(
        "2026-11-28T12:00:00+08:00",
        ZHANG,
        &[
            "handover",
            "--json",
            "--out",
            out.to_str().unwrap(),
            "--force",
        ],
    );
    let written: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(written["batches"], 0);
    assert_path_private(&out);
    // Handing over an empty shift is fine too (to an officer on the roster).
    d.run("2026-11-28T12:00:00+08:00", ZHANG, &["officer", "add", LI]);
    d.run("2026-11-28T12:00:00+08:00", ZHANG, &["handover", "to", LI]);
}

#[test]
fn a_shift_left_open_is_resumed_and_an_unacknowledged_handover_waits() {
    let d = Desk::new();
    let first = d.json(
        "2026-11-28T08:00:00+08:00",
        ZHANG,
        &["shift", "start", "--json"],
    );
    assert_eq!(first["resumed"], false);
    // The program was killed; the desk opens again an hour later.
    let again = d.json(
        "2026-11-28T09:00:00+08:00",
        ZHANG,
        &["shift", "start", "--json"],
    );
    assert_eq!(again["resumed"], true);
    assert_eq!(again["shift"]["id"], first["shift"]["id"]);
    assert_eq!(again["shift"]["started_at"], "2026-11-28T08:00:00+08:00");

    // A handover to a name not on the roster is refused, and the shift stays open;
    // the 科长 (张伟 acted first, so he is) adds the new colleague, then it goes.
    let refused = d.try_run(
        "2026-11-28T17:00:00+08:00",
        ZHANG,
        &["handover", "to", "新同事", "--notes", "钥匙在抽屉里"],
    );
    assert_eq!(refused.status.code(), Some(4));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("not on the roster"));
    assert!(d.store().current_shift(ZHANG).unwrap().is_some());
    d.run(
        "2026-11-28T17:00:00+08:00",
        ZHANG,
        &["officer", "add", "新同事"],
    );
    d.run(
        "2026-11-28T17:00:00+08:00",
        ZHANG,
        &["handover", "to", "新同事", "--notes", "钥匙在抽屉里"],
    );
    let store = d.store();
    let pending = store.pending_handovers("新同事").unwrap();
    assert_eq!(pending.len(), 1);
    assert_eq!(pending[0].notes, "钥匙在抽屉里");
    assert_eq!(store.last_handover().unwrap().unwrap().acked_at, None);
    drop(store);

    // Next morning the handover is still waiting, and the start says so.
    let start = d.run(
        "2026-11-29T08:00:00+08:00",
        "新同事",
        &["--lang", "en", "shift", "start"],
    );
    assert!(
        start.contains("waiting for your acknowledgment (1)"),
        "{start}"
    );
    assert!(start.contains("张伟 handed over to 新同事"), "{start}");

    // Handing over to oneself, or without a shift, is refused with a way forward.
    let me = d.try_run(
        "2026-11-29T09:00:00+08:00",
        "新同事",
        &["handover", "to", "新同事"],
    );
    assert_eq!(me.status.code(), Some(3));
    d.run("2026-11-29T09:00:00+08:00", ZHANG, &["officer", "add", LI]);
    let none = d.try_run("2026-11-29T09:00:00+08:00", ZHANG, &["handover", "to", LI]);
    assert_eq!(none.status.code(), Some(4));
    assert!(String::from_utf8_lossy(&none.stderr).contains("jiedai shift start"));
}

#[test]
fn the_library_api_tracks_shifts() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("desk.db");
    let pin = |s: &str| TimeSource::Fixed(chrono::DateTime::parse_from_rfc3339(s).unwrap());
    let mut store = Store::open(&path, OpenMode::Create, pin("2026-11-28T08:00:00+08:00")).unwrap();
    crate::common::add_officers(&mut store, &[ZHANG, LI]);
    assert_eq!(store.current_shift(ZHANG).unwrap(), None);
    let shift = store.start_shift(ZHANG).unwrap();
    assert!(shift.is_open());
    assert_eq!(store.start_shift(ZHANG).unwrap().id, shift.id);
    assert_eq!(
        store.set_shift_notes(ZHANG, "  第一条  ").unwrap().notes,
        "第一条"
    );
    assert_eq!(
        store.append_shift_notes(ZHANG, "第二条").unwrap().notes,
        "第一条\n第二条"
    );

    store.set_time(pin("2026-11-28T12:00:00+08:00"));
    let ended = store.end_shift(ZHANG).unwrap();
    assert_eq!(ended.ended_at.as_deref(), Some("2026-11-28T12:00:00+08:00"));
    assert_eq!(store.current_shift(ZHANG).unwrap(), None);
    assert_eq!(
        store.last_shift(ZHANG).unwrap().map(|s| s.id),
        Some(shift.id)
    );
    assert!(store.acknowledge(LI).is_err());

    // Without a shift at all, the summary covers today.
    store.set_time(pin("2026-11-28T15:00:00+08:00"));
    store.sign_in(LI).unwrap();
    let s = store.handover_summary(LI, None, None).unwrap();
    assert_eq!(s.since, "2026-11-28T00:00:00+08:00");
    assert_eq!(s.until, "2026-11-28T15:00:00+08:00");
    assert!(s.shift.is_none() && s.is_empty());
    assert!(store.handover_summary("没这个人", None, None).is_err());
    let backwards = store.handover_summary(
        ZHANG,
        Some(chrono::DateTime::parse_from_rfc3339("2026-11-28T12:00:00+08:00").unwrap()),
        Some(chrono::DateTime::parse_from_rfc3339("2026-11-28T11:00:00+08:00").unwrap()),
    );
    assert!(backwards.is_err());
    let lines = jiedai::words::handover::lines(&s, jiedai::domain::Lang::Zh);
    assert!(lines[0].starts_with("交班摘要：李娜"), "{lines:?}");
    assert_path_private(&path);
}

fn assert_path_private(path: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(path).unwrap().permissions().mode() & 0o077,
            0
        );
    }
}

/// The report with its chain head (`SEQ:HASH`) written as `SEQ:HASH`: the head
/// depends on every row of the record (the host account in the audit log, each
/// table put under the ledger), and `trust::the_handover_carries_the_chain_head`
/// checks it against `verify`'s.
fn no_head(text: String) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let head = line.char_indices().find_map(|(at, _)| {
            let rest = &line[at..];
            let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
            let hash = rest.get(digits + 1..digits + 65)?;
            let starts = at == 0 || !line.as_bytes()[at - 1].is_ascii_digit();
            (starts
                && digits > 0
                && rest.as_bytes()[digits] == b':'
                && hash
                    .bytes()
                    .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()))
            .then_some((at, digits + 65))
        });
        match head {
            Some((at, len)) => {
                out.push_str(&line[..at]);
                out.push_str("SEQ:HASH");
                out.push_str(&line[at + len..]);
            }
            None => out.push_str(line),
        }
    }
    out
}

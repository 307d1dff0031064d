//! The leaders' registers from the command line, with a pinned clock: 包案 from
//! add to 息访 and back (复访) with the `baoan` flag at intake, receptions with a
//! walk-in routed to one, 批示 and 督办 on the timeline, and all of it in the
//! handover.

use crate::common::runner::{code, jiedai, stderr};
use serde_json::Value;
use std::path::PathBuf;
use std::process::Output;

const DAY1: &str = "2026-11-02T09:00:00+08:00";
const DAY2: &str = "2026-11-20T10:15:00+08:00";
const ID: &str = "11010519491231002X";

struct Desk {
    _dir: tempfile::TempDir,
    db: PathBuf,
}

impl Desk {
    fn new() -> Desk {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("desk.db");
        let d = Desk { _dir: dir, db };
        // 王科员 becomes the new office's 科长 and puts the leader on the roster.
        d.ok(
            DAY1,
            &[
                "officer",
                "add",
                "张副县长",
                "--role",
                "领导",
                "--title",
                "副县长",
            ],
        );
        d
    }

    fn run(&self, now: &str, args: &[&str]) -> Output {
        jiedai(&self.db, now, args)
    }

    fn ok(&self, now: &str, args: &[&str]) -> String {
        let out = self.run(now, args);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        String::from_utf8(out.stdout).unwrap()
    }

    fn json(&self, now: &str, args: &[&str]) -> Value {
        let text = self.ok(now, args);
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
    }

    /// 张伟's first visit: person 1, case 2026-000001.
    fn first_visit(&self) {
        self.ok(
            DAY1,
            &[
                "checkin",
                "--name",
                "张伟",
                "--id-number",
                ID,
                "--matter",
                "反映物业违规收费",
            ],
        );
    }
}

#[test]
fn baoan_from_add_to_xifang_and_back_as_a_revisit() {
    let d = Desk::new();
    d.first_visit();
    let r = d.json(
        DAY1,
        &[
            "baoan",
            "add",
            "1",
            "--leader",
            "张副县长",
            "--unit",
            "区住房和城乡建设局",
            "--plan",
            "每月走访一次，督促物业退费",
            "--target-date",
            "2026-12-31",
            "--case",
            "2026-000001",
            "--keeper",
            "李村长",
            "--json",
        ],
    );
    assert_eq!(r["state"], "open");
    assert_eq!(r["leader"], "张副县长");
    assert_eq!(r["keeper"], "李村长");
    assert_eq!(r["case_no"], "2026-000001");

    // 息访 needs its evidence, and an unknown evidence is refused in words.
    let out = d.run(DAY1, &["--lang", "zh", "baoan", "close", "1", "--xifang"]);
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("已息访须写明依据"),
        "{}",
        stderr(&out)
    );
    let out = d.run(
        DAY1,
        &["baoan", "close", "1", "--xifang", "--evidence", "口头保证"],
    );
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("not understood"), "{}", stderr(&out));
    // A closing day before the record began is refused, nothing written.
    let out = d.run(
        DAY1,
        &[
            "baoan",
            "close",
            "1",
            "--xifang",
            "--evidence",
            "承诺书",
            "--date",
            "2026-10-01",
        ],
    );
    assert_eq!(code(&out), 3, "{}", stderr(&out));

    let closed = d.json(
        DAY1,
        &[
            "baoan",
            "close",
            "1",
            "--xifang",
            "--evidence",
            "终结后无访6月",
            "--json",
        ],
    );
    assert_eq!(closed["state"], "resolved");
    assert_eq!(closed["evidence"]["kind"], "quiet_after_final");
    assert_eq!(closed["evidence"]["months"], 6);
    let out = d.run(DAY1, &["baoan", "close", "1"]);
    assert_eq!(code(&out), 3, "closing twice: {}", stderr(&out));

    // He comes back: flagged at intake, the leader named, the record open again.
    let out = d.run(
        DAY2,
        &[
            "checkin",
            "--name",
            "张伟",
            "--id-number",
            ID,
            "--matter",
            "物业费仍未退还",
            "--json",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let c: Value = serde_json::from_slice(&out.stdout).unwrap();
    let flags: Vec<&str> = c["flags"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(flags.contains(&"baoan"), "{flags:?}");
    assert_eq!(c["baoan"]["leader"], "张副县长");
    assert_eq!(c["baoan"]["reopened"], true);
    assert!(stderr(&out).contains("张副县长"), "{}", stderr(&out));

    let list = d.json(DAY2, &["baoan", "list", "--leader", "张副县长", "--json"]);
    let r = &list[0];
    assert_eq!(r["state"], "open");
    assert_eq!(r["revisits"], 1);
    assert_eq!(r["untold"], 1);
    assert_eq!(r["last_contact"], "2026-11-20");

    // The handover tops with him, leader not told; once told, it says so.
    let md = d.ok(DAY2, &["--lang", "zh", "handover"]);
    let first_section = md.lines().find(|l| l.starts_with("## ")).unwrap();
    assert_eq!(first_section, "## 包案老户来访来信（1）", "{md}");
    assert!(
        md.contains("- 10:15 张伟，包案领导 张副县长，复访，已重新包案，未告知包案领导"),
        "{md}"
    );
    d.ok(DAY2, &["baoan", "told", "1"]);
    let h = d.json(DAY2, &["handover", "--json"]);
    assert_eq!(h["leaders"]["baoan_came"][0]["told"], true, "{h}");

    // The human list, by leader, in Chinese.
    let text = d.ok(DAY2, &["--lang", "zh", "baoan", "list"]);
    assert!(
        text.starts_with("包案领导 张副县长\n  #1 张伟，包案中，"),
        "{text}"
    );
    assert!(text.contains("距上次来访来信 0 天"), "{text}");
    assert!(text.contains("复访 1 次"), "{text}");
}

#[test]
fn the_leader_must_be_on_the_roster() {
    let d = Desk::new();
    d.first_visit();
    let out = d.run(
        DAY1,
        &[
            "baoan",
            "add",
            "1",
            "--leader",
            "无名氏",
            "--unit",
            "区住房和城乡建设局",
            "--plan",
            "p",
            "--target-date",
            "2026-12-31",
        ],
    );
    assert_eq!(code(&out), 4, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("no active leader named \"无名氏\""),
        "{}",
        stderr(&out)
    );
    // An officer on the roster who is not a 领导 is refused, in words.
    d.ok(DAY1, &["officer", "add", "李娜"]);
    let out = d.run(
        DAY1,
        &[
            "--lang",
            "zh",
            "baoan",
            "add",
            "1",
            "--leader",
            "李娜",
            "--unit",
            "区住房和城乡建设局",
            "--plan",
            "p",
            "--target-date",
            "2026-12-31",
        ],
    );
    assert_eq!(code(&out), 3, "{}", stderr(&out));
    assert!(stderr(&out).contains("李娜 不是领导"), "{}", stderr(&out));
    assert_eq!(
        d.json(DAY1, &["baoan", "list", "--json"]),
        serde_json::json!([])
    );
}

#[test]
fn a_reception_is_scheduled_a_walk_in_routed_to_it_and_its_assignment_tracked() {
    let d = Desk::new();
    d.first_visit();
    let r = d.json(
        DAY1,
        &[
            "reception",
            "add",
            "--leader",
            "张副县长",
            "--date",
            "2026-11-02",
            "--time",
            "9：30",
            "--place",
            "县信访局接待大厅",
            "--topic",
            "物业与住房",
            "--announced",
            "--units",
            "区住房和城乡建设局,区自然资源局",
            "--kind",
            "联合接访",
            "--json",
        ],
    );
    assert_eq!(r["kind"], "joint");
    assert_eq!(r["time"], "09:30");
    assert_eq!(r["units"][1], "区自然资源局");
    let out = d.run(
        DAY1,
        &[
            "reception",
            "add",
            "--leader",
            "张副县长",
            "--date",
            "2026-11-03",
            "--time",
            "9:00",
            "--place",
            "x",
            "--topic",
            "y",
            "--kind",
            "接见",
        ],
    );
    assert_eq!(code(&out), 2);

    // Today's walk-in 1 is routed to the reception; the leader assigns it.
    let v = d.json(
        DAY1,
        &[
            "reception",
            "record",
            "1",
            "--queue",
            "1",
            "--opinion",
            "请住建局十日内核实答复",
            "--assign-unit",
            "区住房和城乡建设局",
            "--deadline",
            "2026-11-04",
            "--json",
        ],
    );
    assert_eq!(v["name"], "张伟");
    assert_eq!(v["case_no"], "2026-000001");
    assert_eq!(v["assign_unit"], "区住房和城乡建设局");
    let case = d.json(DAY1, &["case", "show", "2026-000001", "--json"]);
    let events = case["events"].as_array().unwrap();
    let instruct = events.iter().find(|e| e["kind"] == "instruct").unwrap();
    assert_eq!(instruct["detail"]["text"], "请住建局十日内核实答复");
    assert_eq!(instruct["detail"]["leader"], "张副县长");

    let list = d.json(
        DAY1,
        &[
            "reception",
            "list",
            "--from",
            "2026-11",
            "--to",
            "2026-11",
            "--json",
        ],
    );
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["visits"], 1);

    // The handover lists today's reception and the assignment due in two days.
    let md = d.ok(DAY1, &["--lang", "zh", "handover"]);
    assert!(md.contains("## 今明两日领导接访（1）"), "{md}");
    assert!(
        md.contains("11-02 09:30 张副县长联合接访，县信访局接待大厅，“物业与住房”"),
        "{md}"
    );
    assert!(
        md.contains("2026-000001 交办 区住房和城乡建设局：2026-11-04 到期"),
        "{md}"
    );

    // 公开接访率: the one leader on the roster met a quota of 1; a second leader who
    // held none halves it.
    let rate = d.json(
        DAY1,
        &[
            "reception",
            "rate",
            "--from",
            "2026-11",
            "--to",
            "2026-11",
            "--quota",
            "1",
            "--json",
        ],
    );
    assert_eq!(
        (rate["met"].as_u64(), rate["on_roster"].as_u64()),
        (Some(1), Some(1))
    );
    d.ok(DAY1, &["officer", "add", "赵书记", "--role", "领导"]);
    let rate = d.json(
        DAY1,
        &[
            "reception",
            "rate",
            "--from",
            "2026-11",
            "--to",
            "2026-11",
            "--quota",
            "1",
            "--json",
        ],
    );
    assert_eq!(rate["met"], 1);
    assert_eq!(rate["percent"], 50.0);
    // Without --quota the office's target applies: receptions_per_month (1) × the
    // three months of the period, which nobody met.
    let rate = d.json(
        DAY1,
        &[
            "reception",
            "rate",
            "--from",
            "2026-09",
            "--to",
            "2026-11",
            "--json",
        ],
    );
    assert_eq!(rate["quota"], 3);
    assert_eq!(rate["met"], 0);
}

#[test]
fn instructions_and_supervision_reach_the_timeline_and_the_handover() {
    let d = Desk::new();
    d.first_visit();
    d.ok(
        DAY1,
        &[
            "case",
            "instruct",
            "2026-000001",
            "--leader",
            "张副县长",
            "--text",
            "请认真核查，依法答复。",
        ],
    );
    let s = d.json(
        DAY1,
        &[
            "case",
            "supervise",
            "2026-000001",
            "--doc-no",
            "督字〔2026〕15号",
            "--deadline",
            "2026-11-10",
            "限期反馈",
            "--json",
        ],
    );
    assert_eq!(s["doc_no"], "督字〔2026〕15号");
    assert_eq!(s["days_left"], 8);
    let out = d.run(
        DAY1,
        &[
            "case",
            "supervise",
            "2026-000001",
            "--doc-no",
            "x",
            "--deadline",
            "2026-10-01",
        ],
    );
    assert_eq!(code(&out), 3, "a deadline in the past: {}", stderr(&out));

    // Overdue on the 20th: in the handover, in red words.
    let md = d.ok(DAY2, &["--lang", "zh", "handover"]);
    assert!(md.contains("## 到期或逾期的督办（1）"), "{md}");
    assert!(
        md.contains("2026-000001 督办单 督字〔2026〕15号：2026-11-10 到期，逾期 10 天"),
        "{md}"
    );
    let open = d.json(DAY2, &["case", "supervisions", "--open", "--json"]);
    assert_eq!(open[0]["days_left"], -10);

    let s = d.json(
        DAY2,
        &[
            "case",
            "supervise-result",
            "2026-000001",
            "--text",
            "已退还物业费",
            "--json",
        ],
    );
    assert_eq!(s["result"], "已退还物业费");
    assert_eq!(
        d.json(DAY2, &["case", "supervisions", "--open", "--json"]),
        serde_json::json!([])
    );
    let out = d.run(
        DAY2,
        &["case", "supervise-result", "2026-000001", "--text", "again"],
    );
    assert_eq!(code(&out), 3);

    let show = d.ok(DAY2, &["--lang", "zh", "case", "show", "2026-000001"]);
    assert!(show.contains("领导批示"), "{show}");
    assert!(show.contains("张副县长"), "{show}");
    assert!(show.contains("请认真核查，依法答复。"), "{show}");
    assert!(show.contains("督办结果"), "{show}");
}

#[test]
fn the_report_section_counts_the_year_on_the_frozen_roster() {
    use jiedai::store::{OpenMode, Store};
    use jiedai::time::{parse_instant, TimeSource};
    let d = Desk::new();
    // Taken on in 2025: on the roster frozen at 2026-01-01; 息访 in March.
    let y25 = "2025-10-02T09:00:00+08:00";
    d.ok(
        y25,
        &[
            "checkin",
            "--name",
            "张伟",
            "--id-number",
            ID,
            "--matter",
            "物业",
        ],
    );
    let add = |now: &str, person: &str| {
        d.ok(
            now,
            &[
                "baoan",
                "add",
                person,
                "--leader",
                "张副县长",
                "--unit",
                "区住房和城乡建设局",
                "--plan",
                "约谈",
                "--target-date",
                "2026-12-31",
            ],
        )
    };
    add(y25, "1");
    d.ok(
        "2026-03-05T09:00:00+08:00",
        &["baoan", "close", "1", "--xifang", "--evidence", "息访协议"],
    );
    // Taken on in 2026: not on the frozen roster.
    d.ok(
        "2026-02-01T09:00:00+08:00",
        &["checkin", "--name", "刘洋", "--matter", "欠薪"],
    );
    add("2026-02-01T09:00:00+08:00", "2");
    d.ok(
        DAY1,
        &[
            "reception",
            "add",
            "--leader",
            "张副县长",
            "--date",
            "2026-11-02",
            "--time",
            "09:30",
            "--place",
            "大厅",
            "--topic",
            "住房",
            "--announced",
            "--kind",
            "下访",
        ],
    );
    d.ok(
        DAY1,
        &[
            "reception",
            "record",
            "1",
            "--person",
            "2",
            "--opinion",
            "依法办理",
        ],
    );

    let store = Store::open(
        &d.db,
        OpenMode::ReadOnly,
        TimeSource::Fixed(parse_instant(DAY2).unwrap()),
    )
    .unwrap();
    let day = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    let r = store
        .leaders_report(day("2026-01-01"), day("2026-12-31"), 1)
        .unwrap();
    assert_eq!((r.baoan_open, r.baoan_resolved), (1, 1));
    assert_eq!((r.xifang.roster, r.xifang.resolved), (1, 1));
    assert_eq!(r.people_received, 1);
    assert_eq!((r.reception_rate.met, r.reception_rate.on_roster), (1, 1));
    let roster = store
        .long_standing_roster(day("2026-01-01"), day("2026-12-31"))
        .unwrap();
    assert_eq!(roster.len(), 1);
    assert_eq!(roster[0].settled_on, Some(day("2026-03-05")));
    drop(store);
    let md = d.ok(DAY2, &["--lang", "zh", "report", "year"]);
    assert!(md.contains("## 领导包案、接访与督办"), "{md}");
    assert!(
        md.contains("| 老户化解息访率（期初名册） | 100.0% (1/1) |"),
        "{md}"
    );
    assert!(md.contains("| 下访 | 1 |"), "{md}");
    // The quota for a year is twelve receptions: one held is not enough.
    assert!(md.contains("| 公开接访率 | 0.0% (0/1) |"), "{md}");
    assert!(md.contains("| 张副县长 | 1 | 12 | 未达标 |"), "{md}");
}

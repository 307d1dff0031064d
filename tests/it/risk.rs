//! The risk registers on the command line, with a pinned clock: the division list,
//! the half-monthly screening register and the `unscreened` flag, the plan for a
//! sudden group visit and its Art. 25 report, skip-level visits (`skip_level`),
//! 劝返 and 涉法涉诉, and what the handover says of them.

use crate::common::runner::{code, jiedai, stderr};
use serde_json::Value;
use std::path::{Path, PathBuf};

const NOW: &str = "2026-11-28T10:30:00+08:00";

const DIVISIONS: &str =
    "# 城关县\n341122,城关县\n341122100,城关镇\n341122100201,幸福村\n341122101,河西乡\n";

fn setup() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.db");
    let list = dir.path().join("div.txt");
    std::fs::write(&list, DIVISIONS).unwrap();
    ok(&db, NOW, &["init"]);
    let out = ok(&db, NOW, &["division", "load", list.to_str().unwrap()]);
    assert!(out.contains("4 divisions loaded"), "{out}");
    (dir, db)
}

fn ok(db: &Path, now: &str, args: &[&str]) -> String {
    let out = jiedai(db, now, args);
    assert_eq!(code(&out), 0, "jiedai {args:?}: {}", stderr(&out));
    String::from_utf8(out.stdout).unwrap()
}

fn json(db: &Path, now: &str, args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.push("--json");
    serde_json::from_str(&ok(db, now, &all)).unwrap()
}

fn flags(v: &Value) -> Vec<String> {
    v["flags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_screening_round_holds_items_or_is_a_zero_report_and_late_rounds_are_counted() {
    let (_dir, db) = setup();
    let person = json(
        &db,
        "2026-11-10T09:00:00+08:00",
        &["checkin", "--name", "赵六"],
    );
    let pid = person["petitioner_id"].as_i64().unwrap().to_string();
    let round = json(
        &db,
        "2026-11-16T09:00:00+08:00",
        &["screening", "round", "--area", "城关镇"],
    );
    assert_eq!(round["due_on"], "2026-11-16");
    assert_eq!(round["zero"], false);
    let zero = json(
        &db,
        "2026-11-16T09:05:00+08:00",
        &["screening", "round", "--area", "河西乡", "--zero"],
    );
    let id = round["id"].as_i64().unwrap().to_string();
    let item = json(
        &db,
        "2026-11-16T09:10:00+08:00",
        &[
            "screening",
            "item",
            &id,
            "--factor",
            "征地补偿纠纷",
            "--area",
            "城关镇幸福村",
            "--people",
            &pid,
            "--risk",
            "较大",
            "--owner",
            "张镇长",
            "--measures",
            "入户走访",
            "--deadline",
            "2026-11-25",
        ],
    );
    assert_eq!(item["risk"], "major");
    assert_eq!(item["state"], "resolving");
    assert_eq!(item["people"][0]["name"], "赵六");

    // A 零报告 holds no items; the same round twice, an area off the list and a
    // day that is not a due date are refused, and nothing is written.
    let zid = zero["id"].as_i64().unwrap().to_string();
    for args in [
        vec![
            "screening",
            "item",
            &zid,
            "--factor",
            "x",
            "--area",
            "河西乡",
            "--risk",
            "一般",
            "--owner",
            "李",
            "--deadline",
            "2026-12-01",
        ],
        vec![
            "screening",
            "round",
            "--area",
            "城关镇",
            "--date",
            "2026-11-16",
        ],
        vec!["screening", "round", "--area", "南山镇"],
        vec!["screening", "round", "--unit", "县住建局"],
        vec![
            "screening",
            "round",
            "--area",
            "城关镇",
            "--date",
            "2026-11-17",
        ],
    ] {
        let out = jiedai(&db, NOW, &args);
        assert_eq!(code(&out), 3, "{args:?}: {}", stderr(&out));
    }

    // On the 28th: the round of the 1st was never reported (late), the item is
    // past its deadline.
    let reg = json(&db, NOW, &["screening", "list"]);
    assert_eq!(reg["from"], "2026-11-01");
    assert_eq!(reg["counts"]["rounds_due"], 4);
    assert_eq!(reg["counts"]["rounds_done"], 2);
    assert_eq!(reg["counts"]["zero_reports"], 1);
    assert_eq!(reg["counts"]["items_found"], 1);
    let late: Vec<&Value> = reg["expected"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["state"] == "late")
        .collect();
    assert_eq!(late.len(), 2);
    assert_eq!(reg["items"][0]["overdue"], true);

    let iid = item["id"].as_i64().unwrap().to_string();
    let done = json(&db, NOW, &["screening", "state", &iid, "已化解"]);
    assert_eq!(done["state"], "resolved");
    assert_eq!(done["overdue"], false);
    let reg = json(&db, NOW, &["screening", "list"]);
    assert_eq!(reg["counts"]["items_resolved"], 1);

    // In Chinese, for people.
    let text = ok(&db, NOW, &["--lang", "zh", "screening", "list"]);
    assert!(text.contains("应报 4 轮，已报 2 轮"), "{text}");
    assert!(text.contains("2026-11-01 区域 城关镇 逾期未报"), "{text}");
    assert!(text.contains("[较大] 城关镇幸福村 征地补偿纠纷"), "{text}");
}

#[test]
fn a_collective_visit_no_round_foresaw_is_flagged_unscreened() {
    let (_dir, db) = setup();
    let round = json(
        &db,
        "2026-11-16T09:00:00+08:00",
        &["screening", "round", "--area", "城关镇"],
    );
    let id = round["id"].as_i64().unwrap().to_string();
    json(
        &db,
        "2026-11-16T09:10:00+08:00",
        &[
            "screening",
            "item",
            &id,
            "--factor",
            "拆迁安置",
            "--area",
            "幸福村",
            "--risk",
            "重大",
            "--owner",
            "张镇长",
            "--deadline",
            "2026-12-15",
        ],
    );
    // From 幸福村 (by residence code): foreseen, the form names the item.
    let seen = json(
        &db,
        NOW,
        &[
            "checkin",
            "--name",
            "李强",
            "--headcount",
            "8",
            "--residence",
            "341122100201",
        ],
    );
    assert!(flags(&seen).contains(&"collective".to_string()));
    assert!(!flags(&seen).contains(&"unscreened".to_string()));
    assert_eq!(seen["screening_matches"][0]["factor"], "拆迁安置");

    // From 河西乡, where nothing was screened: unscreened.
    let out = jiedai(
        &db,
        NOW,
        &[
            "--lang",
            "zh",
            "checkin",
            "--name",
            "周建国",
            "--headcount",
            "6",
            "--residence",
            "341122101",
            "--json",
        ],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(flags(&v).contains(&"unscreened".to_string()));
    assert!(v["warning_codes"]
        .as_array()
        .unwrap()
        .contains(&"unscreened".into()));
    assert!(
        stderr(&out).contains("最近两轮排查未发现该事项"),
        "{}",
        stderr(&out)
    );

    // One person alone is not a collective visit: never unscreened.
    let one = json(
        &db,
        NOW,
        &["checkin", "--name", "王五", "--residence", "341122101"],
    );
    assert!(!flags(&one).contains(&"unscreened".to_string()));

    let reg = json(&db, NOW, &["screening", "list"]);
    assert_eq!(reg["counts"]["unscreened_collective"], 1);
    assert_eq!(reg["counts"]["unscreened_by_area"][0]["area"], "河西乡");

    // A code not on the office's list is refused, nothing written.
    let out = jiedai(
        &db,
        NOW,
        &["checkin", "--name", "钱七", "--residence", "999999"],
    );
    assert_eq!(code(&out), 3, "{}", stderr(&out));
}

#[test]
fn a_plan_starts_logs_arrivals_closes_and_reports_with_timestamps() {
    let (dir, db) = setup();
    let visit = json(
        &db,
        NOW,
        &[
            "checkin",
            "--name",
            "周建国",
            "--headcount",
            "25",
            "--residence",
            "341122101",
        ],
    );
    assert_eq!(visit["plan_proposed"], true);
    let contact = visit["contact_id"].as_i64().unwrap().to_string();
    let plan = json(
        &db,
        NOW,
        &[
            "plan",
            "start",
            "--contact",
            &contact,
            "--reason",
            "征地补偿集体访",
        ],
    );
    assert_eq!(plan["headcount"], 25);
    assert_eq!(plan["area"], "河西乡");
    assert_eq!(plan["started_at"], NOW);
    assert_eq!(plan["on_scene_due"], "2026-11-28T11:00:00+08:00");
    let roles: Vec<&str> = plan["notify"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["role"].as_str().unwrap())
        .collect();
    assert_eq!(roles, ["值班领导", "公安", "属地"]);
    assert_eq!(plan["notify"][2]["name"], "河西乡");

    let id = plan["id"].as_i64().unwrap().to_string();
    json(
        &db,
        "2026-11-28T10:35:00+08:00",
        &["plan", "log", &id, "--kind", "notified", "--who", "公安"],
    );
    json(
        &db,
        "2026-11-28T10:50:00+08:00",
        &["plan", "log", &id, "--kind", "arrived", "--who", "河西乡"],
    );
    json(
        &db,
        "2026-11-28T11:20:00+08:00",
        &[
            "plan",
            "log",
            &id,
            "--kind",
            "contained",
            "--text",
            "代表 5 人到会议室座谈",
        ],
    );
    let open = json(
        &db,
        "2026-11-28T11:30:00+08:00",
        &["plan", "list", "--open"],
    );
    assert_eq!(open.as_array().unwrap().len(), 1);

    // The handover leads with it.
    let md = ok(&db, "2026-11-28T11:30:00+08:00", &["handover"]);
    let first_section = md.lines().find(|l| l.starts_with("## ")).unwrap();
    assert!(first_section.contains("Open plans"), "{md}");
    let ho = json(
        &db,
        "2026-11-28T11:30:00+08:00",
        &["handover", "--format", "json"],
    );
    assert_eq!(ho["risk"]["open_plans"][0]["id"], plan["id"]);

    let closed = json(
        &db,
        "2026-11-28T12:00:00+08:00",
        &["plan", "close", &id, "--outcome", "已劝离，转城关镇接谈"],
    );
    assert_eq!(closed["closed_at"], "2026-11-28T12:00:00+08:00");
    assert_eq!(closed["log"].as_array().unwrap().len(), 4);
    let out = jiedai(
        &db,
        "2026-11-28T12:05:00+08:00",
        &["plan", "log", &id, "--kind", "note", "--text", "x"],
    );
    assert_eq!(code(&out), 3, "{}", stderr(&out));
    let out = jiedai(
        &db,
        "2026-11-28T12:05:00+08:00",
        &["plan", "close", &id, "--outcome", "again"],
    );
    assert_eq!(code(&out), 3);

    let report = dir.path().join("report.md");
    ok(
        &db,
        "2026-11-28T12:10:00+08:00",
        &[
            "--lang",
            "zh",
            "plan",
            "report",
            &id,
            "--out",
            report.to_str().unwrap(),
        ],
    );
    let text = std::fs::read_to_string(&report).unwrap();
    for want in [
        "# 重大紧急信访信息报告（预案 #1）",
        "第二十五条",
        "- 启动时间：2026-11-28 10:30（王科员）",
        "- 来访人数：25 人",
        "- 到场时限：2026-11-28 11:00\n",
        "- 2026-11-28 10:35 已通知 公安（王科员）",
        "- 2026-11-28 10:50 到场 河西乡（王科员）",
        "- 2026-11-28 11:20 控制 代表 5 人到会议室座谈（王科员）",
        "已于 2026-11-28 12:00 结束：已劝离，转城关镇接谈",
    ] {
        assert!(text.contains(want), "no {want:?} in:\n{text}");
    }
    // The report never lands on the record, and an existing file is kept.
    let out = jiedai(
        &db,
        NOW,
        &["plan", "report", &id, "--out", report.to_str().unwrap()],
    );
    assert_ne!(code(&out), 0);
    let out = jiedai(
        &db,
        NOW,
        &["plan", "report", &id, "--out", db.to_str().unwrap()],
    );
    assert_ne!(code(&out), 0);
    let en = ok(&db, NOW, &["plan", "report", &id]);
    assert!(
        en.contains("# Major and urgent petition information (plan #1)"),
        "{en}"
    );
}

#[test]
fn going_higher_with_a_matter_in_hand_is_flagged_skip_level_and_counted() {
    let (_dir, db) = setup();
    let id = "11010519491231002X";
    let first = json(
        &db,
        "2026-11-02T09:00:00+08:00",
        &["checkin", "--name", "王大", "--id-number", id],
    );
    let case = first["case_no"].as_str().unwrap().to_string();
    ok(&db, "2026-11-02T10:00:00+08:00", &["case", "accept", &case]);
    let told = ["case", "notify", &case, "--kind", "accept", "--via", "post"];
    ok(&db, "2026-11-02T10:05:00+08:00", &told);

    // A notice from above: 王大 went to Beijing while his matter is in hand here.
    let out = jiedai(
        &db,
        "2026-11-20T09:00:00+08:00",
        &[
            "--lang",
            "zh",
            "checkin",
            "--name",
            "王大",
            "--id-number",
            id,
            "--channel",
            "call",
            "--level",
            "京",
            "--notice",
            "--case",
            &case,
            "--json",
        ],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(flags(&v).contains(&"skip_level".to_string()), "{v}");
    assert_eq!(v["skip_level"], "in_hand");
    assert!(
        stderr(&out).contains("越级访（第十九条）"),
        "{}",
        stderr(&out)
    );

    // Received here: never skip-level. Someone with nothing in hand: not either.
    let here = json(
        &db,
        "2026-11-21T09:00:00+08:00",
        &["checkin", "--name", "王大", "--id-number", id],
    );
    assert!(!flags(&here).contains(&"skip_level".to_string()));
    let other = json(
        &db,
        "2026-11-21T09:30:00+08:00",
        &[
            "checkin", "--name", "孙红", "--level", "province", "--notice",
        ],
    );
    assert!(!flags(&other).contains(&"skip_level".to_string()));

    let contact = v["contact_id"].as_i64().unwrap().to_string();
    ok(
        &db,
        NOW,
        &["skiplevel", "return", &contact, "--note", "驻京工作组接回"],
    );
    let reg = json(&db, NOW, &["skiplevel", "list"]);
    assert_eq!(reg["contacts"].as_array().unwrap().len(), 2);
    let nov = &reg["by_month"][0];
    assert_eq!(nov["month"], "2026-11");
    assert_eq!(nov["capital"], 1);
    assert_eq!(nov["province"], 1);
    assert_eq!(nov["notices"], 2);
    assert_eq!(nov["skip_level"], 1);
    assert_eq!(nov["returned"], 1);
    // A contact received here has no level to return from.
    let local = here["contact_id"].as_i64().unwrap().to_string();
    assert_eq!(code(&jiedai(&db, NOW, &["skiplevel", "return", &local])), 4);

    // The handover lists the notices of the last seven days.
    let ho = json(
        &db,
        "2026-11-26T09:00:00+08:00",
        &["handover", "--format", "json"],
    );
    assert_eq!(ho["risk"]["notices"].as_array().unwrap().len(), 2);
}

#[test]
fn a_litigation_matter_is_warned_and_routed_to_the_zhengfa_channel() {
    let (_dir, db) = setup();
    let out = jiedai(
        &db,
        NOW,
        &[
            "--lang",
            "zh",
            "checkin",
            "--name",
            "陈明",
            "--litigation",
            "--matter",
            "不服法院判决",
            "--json",
        ],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["warning_codes"]
        .as_array()
        .unwrap()
        .contains(&"litigation".into()));
    assert!(stderr(&out).contains("政法渠道"), "{}", stderr(&out));
    let case = json(&db, NOW, &["case", "show", v["case_no"].as_str().unwrap()]);
    let text = case.to_string();
    assert!(text.contains("导入政法渠道"), "{text}");
}

#[test]
fn a_division_file_with_bad_lines_is_refused_whole() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.db");
    let list = dir.path().join("bad.txt");
    std::fs::write(&list, "341122,城关县\n12,短\n341122100\n").unwrap();
    let out = jiedai(
        &db,
        NOW,
        &["--lang", "zh", "division", "load", list.to_str().unwrap()],
    );
    assert_eq!(code(&out), 3);
    let err = stderr(&out);
    assert!(
        err.contains("bad.txt:2:") && err.contains("bad.txt:3:"),
        "{err}"
    );
    ok(&db, NOW, &["init"]);
    let listed = json(&db, NOW, &["division", "list"]);
    assert_eq!(listed.as_array().unwrap().len(), 0);
}

#[test]
fn the_office_report_carries_the_registers() {
    let (_dir, db) = setup();
    json(
        &db,
        "2026-11-16T09:00:00+08:00",
        &["screening", "round", "--area", "城关镇", "--zero"],
    );
    json(
        &db,
        NOW,
        &["plan", "start", "--headcount", "40", "--area", "河西乡"],
    );
    let md = ok(&db, NOW, &["--lang", "zh", "report", "month"]);
    assert!(md.contains("## 每半月排查"), "{md}");
    assert!(md.contains("| 其中零报告 | 1 |"), "{md}");
    assert!(md.contains("## 突发事件预案"), "{md}");
    assert!(
        md.contains("| #1 | 2026-11-28 10:30 | 40 | 河西乡 | 2026-11-28 11:00 |"),
        "{md}"
    );
    assert!(md.contains("## 越级访（按月、按层级）"), "{md}");
}

#[test]
fn a_baoan_long_standing_petitioner_at_the_province_is_skip_level() {
    let (_dir, db) = setup();
    ok(
        &db,
        NOW,
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
    ok(&db, NOW, &["unit", "add", "县住建局"]);
    let first = json(
        &db,
        "2026-11-02T09:00:00+08:00",
        &[
            "checkin",
            "--name",
            "王大",
            "--id-number",
            "11010519491231002X",
        ],
    );
    let case = first["case_no"].as_str().unwrap().to_string();
    // The matter is answered and closed here: nothing in hand, only the 包案.
    ok(
        &db,
        "2026-11-02T10:00:00+08:00",
        &["case", "not-accept", &case, "--text", "已经依法处理终结"],
    );
    let person = first["petitioner_id"].as_i64().unwrap().to_string();
    ok(
        &db,
        "2026-11-03T09:00:00+08:00",
        &[
            "baoan",
            "add",
            &person,
            "--leader",
            "张副县长",
            "--unit",
            "县住建局",
            "--plan",
            "每月走访",
            "--target-date",
            "2026-12-31",
        ],
    );
    let notice = json(
        &db,
        "2026-11-20T09:00:00+08:00",
        &[
            "checkin",
            "--name",
            "王大",
            "--id-number",
            "11010519491231002X",
            "--channel",
            "call",
            "--level",
            "province",
            "--notice",
        ],
    );
    assert!(
        flags(&notice).contains(&"skip_level".to_string()),
        "{notice}"
    );
    assert_eq!(notice["skip_level"], "baoan");
}

//! The check-in form's leftovers (issues 10.4, 11.1, 12.4–12.6) as the store and
//! the command line see them: a representative not on record is put on record
//! with the visit, and a 包案 老户 arriving with a group proposes the plan.

use crate::common::runner::{code, jiedai};
use crate::common::*;

const REP_ID: &str = "110102198001011239";

fn json(out: &std::process::Output) -> serde_json::Value {
    assert_eq!(code(out), 0, "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Issue 10.4: `--new-representative NAME:ID:PHONE` puts the representative on
/// record, links them to the case, and they are that person when they come again.
#[test]
fn a_new_representative_is_put_on_record_with_the_visit() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.db");
    let run = |args: &[&str]| jiedai(&db, NOW, args);
    let rep = format!("李强:{REP_ID}:13800138000");
    let v = json(&run(&[
        "checkin",
        "--name",
        "周建国",
        "--headcount",
        "6",
        "--new-representative",
        &rep,
        "--matter",
        "集体反映拆迁补偿",
        "--json",
    ]));
    let case_no = v["case_no"].as_str().unwrap().to_string();
    let shown = json(&run(&["case", "show", &case_no, "--json"])).to_string();
    assert!(
        shown.contains("\"representative\"") && shown.contains("李强"),
        "{shown}"
    );
    // On record: the lookup finds him by his number, and his next visit is his.
    let found = String::from_utf8(run(&["lookup", REP_ID]).stdout).unwrap();
    assert!(found.contains("李强"), "{found}");
    let again = json(&run(&[
        "checkin",
        "--name",
        "李强",
        "--id-number",
        REP_ID,
        "--matter",
        "问拆迁补偿",
        "--json",
    ]));
    assert_eq!(again["new_petitioner"], serde_json::json!(false), "{again}");
    // A bad number is refused as at intake, and nothing is written.
    let before = json(&run(&["queue", "--json"])).to_string();
    let out = run(&[
        "checkin",
        "--name",
        "周建国",
        "--headcount",
        "3",
        "--new-representative",
        "王五:12345",
        "--matter",
        "x",
    ]);
    assert_ne!(code(&out), 0);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("new_representative"), "{err}");
    assert_eq!(json(&run(&["queue", "--json"])).to_string(), before);
}

/// Issue 12.5: a 包案 老户 who arrives with others proposes the plan, though
/// fewer came than the headcount threshold; alone, they do not.
#[test]
fn a_baoan_petitioner_with_a_group_proposes_the_plan() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("b.db");
    crate::common::runner::roster_db(&db);
    let run = |args: &[&str]| jiedai(&db, NOW, args);
    let first = json(&run(&[
        "checkin",
        "--name",
        "孙红",
        "--matter",
        "征地补偿",
        "--json",
    ]));
    let id = first["petitioner_id"].as_i64().unwrap().to_string();
    let out = run(&[
        "officer",
        "add",
        "张县长",
        "--role",
        "领导",
        "--title",
        "副县长",
    ]);
    assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(code(&run(&["unit", "add", "自然资源局"])), 0);
    let out = run(&[
        "baoan",
        "add",
        &id,
        "--leader",
        "张县长",
        "--unit",
        "自然资源局",
        "--plan",
        "逐户走访",
        "--target-date",
        "2027-03-01",
    ]);
    assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stderr));
    let alone = json(&run(&[
        "checkin",
        "--name",
        "孙红",
        "--petitioner",
        &id,
        "--matter",
        "征地补偿",
        "--json",
    ]));
    assert_eq!(alone["plan_proposed"], serde_json::json!(false), "{alone}");
    let group = json(&run(&[
        "checkin",
        "--name",
        "孙红",
        "--petitioner",
        &id,
        "--headcount",
        "3",
        "--matter",
        "征地补偿",
        "--json",
    ]));
    assert_eq!(group["plan_proposed"], serde_json::json!(true), "{group}");
}

/// The form's preview is the real check-in rolled back: it says what saving
/// would, and leaves nothing behind (no person, no case, no queue number).
#[test]
fn a_preview_says_what_saving_would_and_writes_nothing() {
    use jiedai::store::risk_port::RiskIntake;
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path().join("p.db"), OpenMode::Create, at(NOW)).unwrap();
    seed_roster(&mut store);
    let mut rules = jiedai::store::Rules::default();
    rules.risk.plan_headcount = 6;
    store.set_rules(rules);
    let mut visit = walk_in("周建国", None, 7, "集体反映拆迁补偿");
    visit.new_representatives = vec![jiedai::store::NewRepresentative {
        name: "李强".into(),
        id_number: Some(REP_ID.into()),
        phone: None,
    }];
    visit.intake.representatives = vec!["李强".into()];
    let risk = RiskIntake::default();
    let seen = store.check_in_preview("王科员", &visit, &risk).unwrap();
    assert!(seen.plan_proposed && seen.flags.contains(&Flag::Collective));
    assert!(
        store.lookup("李强", 5).unwrap().is_empty(),
        "no one put on record"
    );
    assert!(store.lookup("周建国", 5).unwrap().is_empty());
    let saved = store.check_in_with("王科员", &visit, &risk).unwrap();
    assert_eq!(saved.queue_no, Some(1), "the preview took no number");
    assert_eq!(saved.case_no, seen.case_no);
    assert_eq!(saved.flags, seen.flags);
    assert_eq!(store.lookup(REP_ID, 5).unwrap().len(), 1);
}

/// The whole form in the real binary at 80×24: a 包案 老户 comes with two more
/// people; the form proposes the plan and one key accepts it; a representative
/// not on record is added; the second page records a matter from above received
/// at the city with the residence picked from the division list. The record
/// holds all of it.
#[test]
fn the_desk_form_records_a_group_from_above_with_a_new_representative_and_the_plan() {
    use crate::desk_pty::Desk;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("desk.db");
    crate::common::runner::roster_db(&db);
    let run = |args: &[&str]| jiedai(&db, NOW, args);
    let first = json(&run(&[
        "checkin",
        "--name",
        "孙红",
        "--matter",
        "征地补偿",
        "--json",
    ]));
    let id = first["petitioner_id"].as_i64().unwrap().to_string();
    assert_eq!(
        code(&run(&["officer", "add", "张县长", "--role", "领导"])),
        0
    );
    assert_eq!(code(&run(&["unit", "add", "自然资源局"])), 0);
    let out = run(&[
        "baoan",
        "add",
        &id,
        "--leader",
        "张县长",
        "--unit",
        "自然资源局",
        "--plan",
        "逐户走访",
        "--target-date",
        "2027-03-01",
    ]);
    assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stderr));
    let list = dir.path().join("divisions.csv");
    std::fs::write(&list, "990101,城关县\n990101100,城关镇\n990101102,东湖镇\n").unwrap();
    let out = run(&["division", "load", list.to_str().unwrap()]);
    assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stderr));

    let mut desk = Desk::start(
        dir.path(),
        &db,
        &["--officer", "王科员", "--lang", "zh"],
        80,
        24,
    );
    desk.wait_for("登记");
    desk.send("n");
    desk.wait_for("方式");
    desk.send("孙红");
    desk.wait_for("初访");
    desk.send("\x0c"); // C-l: link 孙红
    desk.wait_for("关联到 孙红");
    desk.send("\t\t\t\t3");
    desk.wait_for("包案老户带人来访：C-p 保存时启动预案（现为：不启动）");
    desk.send("\x10"); // C-p
    desk.wait_for("保存时启动预案（C-p 取消）");
    desk.send("\t\x0e"); // to the representatives, C-n
    desk.wait_for("新增代表（登记在册）");
    desk.send(&format!("李强\t{REP_ID}\r\r"));
    desk.wait_for("新登记代表：李强");
    desk.send("\x0f"); // C-o: the second page
    desk.wait_for("来源与属地");
    // Space cycles a choice (an arrow's escape sequence could be read as Esc
    // when split by a loaded machine).
    desk.send(" \t市信访局\t\t\t\t\t \tdhz");
    desk.wait_for("东湖镇 990101102");
    desk.send("\r\r");
    desk.wait_for("上级交办 · 市 · 东湖镇");
    desk.send("\t\t征地补偿\x13"); // the matter, C-s
    desk.wait_for("预案 #1 已启动");
    // The register view opens on the plan: wait for it before leaving it.
    desk.wait_for("属地 东湖镇  待通知");
    desk.send("\x1b");
    desk.wait_gone("突发事件预案（进行中");
    desk.send("q");
    desk.wait_exit();

    let plans = json(&run(&["plan", "list", "--json"]));
    assert_eq!(plans[0]["headcount"], 3, "{plans}");
    let contact = plans[0]["contact_id"].clone();
    let rep = String::from_utf8(run(&["lookup", REP_ID]).stdout).unwrap();
    assert!(rep.contains("李强"), "{rep}");
    let queue = json(&run(&["queue", "--json"]));
    let row = queue["queue"]
        .as_array()
        .and_then(|rows| rows.iter().find(|r| r["contact_id"] == contact))
        .cloned()
        .unwrap_or_else(|| panic!("{queue}"));
    let case_no = row["case_no"].as_str().unwrap().to_string();
    let flags = row["flags"].to_string();
    assert!(
        flags.contains("baoan") && flags.contains("from_above"),
        "{flags}"
    );
    let case = json(&run(&["case", "show", &case_no, "--json"])).to_string();
    for wanted in [
        "市信访局",
        "assigned_from_above",
        "李强",
        "\"representative\"",
    ] {
        assert!(case.contains(wanted), "{wanted}: {case}");
    }
    let levels = String::from_utf8(run(&["skiplevel", "list"]).stdout).unwrap();
    assert!(
        levels.contains("东湖镇"),
        "received at the city, living in 东湖镇: {levels}"
    );
}

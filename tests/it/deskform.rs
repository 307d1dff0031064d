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
        "checkin", "--name", "孙红", "--matter", "征地补偿", "--json",
    ]));
    let id = first["petitioner_id"].as_i64().unwrap().to_string();
    let out = run(&["officer", "add", "张县长", "--role", "领导", "--title", "副县长"]);
    assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(code(&run(&["unit", "add", "自然资源局"])), 0);
    let out = run(&[
        "baoan", "add", &id, "--leader", "张县长", "--unit", "自然资源局", "--plan", "逐户走访",
        "--target-date", "2027-03-01",
    ]);
    assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stderr));
    let alone = json(&run(&[
        "checkin", "--name", "孙红", "--petitioner", &id, "--matter", "征地补偿", "--json",
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

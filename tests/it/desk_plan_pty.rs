//! The real binary in a pseudo-terminal: `P` on the desk starts the plan for a
//! sudden group visit on the visitor selected in the queue, the register view
//! shows whom to notify and the on-scene deadline, and the record holds the plan.

use crate::common::runner::{code, jiedai, stderr};
use crate::desk_pty::Desk;

const NOW: &str = "2026-11-28T10:30:00+08:00";

/// `plan list --json`, newest first.
fn plan_list(db: &std::path::Path) -> serde_json::Value {
    let out = jiedai(db, NOW, &["plan", "list", "--json"]);
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn p_on_the_desk_starts_the_plan_on_the_selected_group_visit() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("desk.db");
    let out = jiedai(
        &db,
        NOW,
        &[
            "checkin",
            "--name",
            "周建国",
            "--headcount",
            "30",
            "--matter",
            "征地补偿",
        ],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("plan threshold 20"),
        "{}",
        stderr(&out)
    );

    let mut desk = Desk::start(
        dir.path(),
        &db,
        &["--officer", "王科员", "--lang", "zh"],
        80,
        24,
    );
    desk.wait_for("周建国");
    desk.send("P");
    desk.wait_for("预案 #1 已启动");
    let screen = desk.wait_for("到场时限 11:00");
    assert!(screen.contains("30 人"), "{screen}");
    assert!(screen.contains("值班领导  待通知"), "{screen}");
    desk.send("\x1b");
    desk.wait_gone("值班领导  待通知");
    desk.send("q");
    desk.wait_exit();

    let plans = plan_list(&db);
    assert_eq!(plans[0]["headcount"], 30);
    assert_eq!(plans[0]["contact_id"], 1);
    assert_eq!(plans[0]["officer"], "王科员");
    assert_eq!(plans[0]["started_at"], NOW);
}

/// `P` in the register view (`w`): the queue is under the view, its selected
/// visitor out of sight. The plan used to start on that hidden visitor; it starts
/// on no one.
#[test]
fn p_in_the_register_view_starts_the_plan_on_no_hidden_visitor() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("desk.db");
    let out = jiedai(&db, NOW, &["checkin", "--name", "李四", "--matter", "咨询"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));

    let mut desk = Desk::start(
        dir.path(),
        &db,
        &["--officer", "王科员", "--lang", "zh"],
        80,
        24,
    );
    desk.wait_for("李四");
    desk.send("w");
    desk.wait_for("突发事件预案");
    desk.send("P");
    desk.wait_for("预案 #1 已启动");
    desk.send("q");
    desk.wait_exit();

    let plans = plan_list(&db);
    assert_eq!(plans[0]["officer"], "王科员", "{plans}");
    assert!(plans[0]["contact_id"].is_null(), "{plans}");
}

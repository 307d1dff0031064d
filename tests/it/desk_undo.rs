//! Taking a queue move back (issue 10, item 1) and the shift's refusals (item 16):
//! an undo is a correction on the timeline within the shift, asked for on the
//! desk; an officer who handed over writes nothing more until a new shift.

use crate::common::runner::{code, jiedai, stderr};
use crate::common::*;
use serde_json::Value;

fn run(db: &std::path::Path, now: &str, args: &[&str]) -> (i32, String, String) {
    let out = jiedai(db, now, args);
    (
        code(&out),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr(&out),
    )
}

const DAY: &str = "2026-11-28T";

fn t(hhmm: &str) -> String {
    format!("{DAY}{hhmm}:00+08:00")
}

#[test]
fn queue_undo_steps_back_within_the_shift_and_is_on_the_timeline() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.db");
    assert_eq!(run(&db, &t("08:59"), &["init"]).0, 0);
    assert_eq!(run(&db, &t("09:00"), &["shift", "start"]).0, 0);
    let (c, out, err) = run(
        &db,
        &t("09:05"),
        &[
            "checkin",
            "--name",
            "张伟",
            "--matter",
            "拖欠工资",
            "--json",
        ],
    );
    assert_eq!(c, 0, "{err}");
    let case_no = serde_json::from_str::<Value>(&out).unwrap()["case_no"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(run(&db, &t("09:10"), &["queue", "receive", "1"]).0, 0);
    assert_eq!(run(&db, &t("09:20"), &["queue", "done", "1"]).0, 0);

    let (c, out, err) = run(&db, &t("09:25"), &["--lang", "zh", "queue", "undo", "1"]);
    assert_eq!(c, 0, "{err}");
    assert!(
        out.contains("1 号：已撤销“已接待”，恢复为“接待中”"),
        "{out}"
    );
    let (c, out, _) = run(&db, &t("09:26"), &["queue", "undo", "1", "--json"]);
    assert_eq!(c, 0);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        (v["undone"].as_str(), v["status"].as_str()),
        (Some("receiving"), Some("waiting"))
    );
    // Nobody received them now: the queue says so, and receiving again works.
    let (_, out, _) = run(&db, &t("09:27"), &["queue", "--json"]);
    assert!(out.contains("\"waiting\""), "{out}");
    let (c, _, err) = run(&db, &t("09:28"), &["--lang", "zh", "queue", "undo", "1"]);
    assert_eq!(c, 3, "nothing left to undo");
    assert!(err.contains("1 号仍在等候，没有可撤销的操作"), "{err}");

    // Each correction is an event on the case's timeline, and the chain holds.
    let (_, out, _) = run(
        &db,
        &t("09:29"),
        &["--lang", "zh", "case", "show", &case_no],
    );
    assert_eq!(out.matches("撤销排队操作").count(), 2, "{out}");
    assert!(
        out.contains("已接待 → 接待中") && out.contains("接待中 → 等候"),
        "{out}"
    );
    assert_eq!(run(&db, &t("09:30"), &["verify"]).0, 0);

    // A move made before this shift began is not taken back.
    assert_eq!(run(&db, &t("09:31"), &["queue", "left", "1"]).0, 0);
    assert_eq!(run(&db, &t("09:32"), &["shift", "end"]).0, 0);
    let (c, _, err) = run(&db, &t("09:33"), &["queue", "undo", "1"]);
    assert_eq!(c, 3);
    assert!(err.contains("no open shift"), "{err}");
    assert_eq!(run(&db, &t("09:40"), &["shift", "start"]).0, 0);
    let (c, _, err) = run(&db, &t("09:41"), &["--lang", "zh", "queue", "undo", "1"]);
    assert_eq!(c, 3);
    assert!(
        err.contains("09:31 标记为“未接待离开”，早于本班次开始"),
        "{err}"
    );
}

#[test]
fn an_officer_who_handed_over_writes_nothing_until_a_new_shift() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.db");
    assert_eq!(run(&db, &t("08:59"), &["init"]).0, 0);
    assert_eq!(run(&db, &t("08:59"), &["officer", "add", "李娜"]).0, 0);
    assert_eq!(run(&db, &t("09:00"), &["shift", "start"]).0, 0);
    let checkin = ["checkin", "--name", "张伟", "--matter", "拖欠工资"];
    assert_eq!(run(&db, &t("09:05"), &checkin).0, 0);
    assert_eq!(run(&db, &t("12:00"), &["handover", "to", "李娜"]).0, 0);

    // After the handover the outgoing officer's check-in, queue move and case
    // step are refused, in the language asked for; nothing is written.
    let (c, _, err) = run(
        &db,
        &t("12:05"),
        &[
            "--lang", "zh", "checkin", "--name", "赵敏", "--matter", "咨询",
        ],
    );
    assert_eq!(c, 3, "{err}");
    assert!(err.contains("已于 12:00 交班给 李娜"), "{err}");
    let (c, _, err) = run(&db, &t("12:06"), &["queue", "receive", "1"]);
    assert_eq!(c, 3);
    assert!(err.contains("handed the shift over to 李娜"), "{err}");
    let (c, _, _) = run(&db, &t("12:07"), &["case", "accept", "2026-000001"]);
    assert_eq!(c, 3);
    let (c, _, _) = run(&db, &t("12:07"), &["person", "mark", "1"]);
    assert_eq!(c, 3);
    let (_, out, _) = run(&db, &t("12:08"), &["queue", "--json"]);
    assert_eq!(out.matches("\"queue_no\"").count(), 1, "{out}");

    // A new shift takes the writes: they belong to it, and to its handover.
    assert_eq!(run(&db, &t("13:00"), &["shift", "start"]).0, 0);
    assert_eq!(run(&db, &t("13:05"), &checkin).0, 0);
    let (_, out, _) = run(&db, &t("13:10"), &["handover", "--format", "json"]);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["batches"], 1, "{v}");
}

/// `u` on the desk asks, then the correction goes through; `u` on a waiting
/// visitor says there is nothing to undo.
#[test]
fn u_asks_then_undoes_on_the_desk() {
    for lang in [Lang::Zh, Lang::En] {
        let mut d = desk();
        d.store.start_shift("王科员").unwrap();
        let mut a = loaded(lang, &d);
        let sent = key(&mut a, KeyCode::Char('u'));
        assert!(sent.is_empty());
        let nothing = if lang == Lang::Zh {
            "1 号仍在等候，没有可撤销的操作"
        } else {
            "visitor 1 is waiting; there is no move to undo"
        };
        assert!(screen(&a).contains(nothing), "{}", screen(&a));

        let sent = key(&mut a, KeyCode::Char('r'));
        for c in sent {
            if let Command::Send(Request::QueueMove {
                officer,
                contact_id,
                action,
            }) = c
            {
                let status = d.store.queue_move(&officer, contact_id, action).unwrap();
                feed(&mut a, Response::Moved { contact_id, status });
            }
        }
        let (rows, counts) = queue_snapshot(&d.store).unwrap();
        feed(&mut a, Response::Queue { rows, counts });

        assert!(
            key(&mut a, KeyCode::Char('u')).is_empty(),
            "u moved at once"
        );
        let asked = if lang == Lang::Zh {
            "撤销 1 号 王芳 的“接待中”，恢复为“等候”？"
        } else {
            "Undo “receiving” for No. 1 王芳, back to “waiting”?"
        };
        let (text, _) = render(&a, 120, 40);
        assert!(text.contains(asked), "{text}");
        let sent = key(&mut a, KeyCode::Char('y'));
        let mut undone = false;
        for c in sent {
            if let Command::Send(Request::QueueUndo {
                officer,
                contact_id,
            }) = c
            {
                let u = d.store.queue_undo(&officer, contact_id).unwrap();
                feed(&mut a, Response::Undone(u));
                undone = true;
            }
        }
        assert!(undone, "y sent no undo");
        let (rows, counts) = queue_snapshot(&d.store).unwrap();
        assert_eq!(rows[0].status, QueueStatus::Waiting);
        assert_eq!(rows[0].received_by, None);
        feed(&mut a, Response::Queue { rows, counts });
        let said = if lang == Lang::Zh {
            "1 号：已撤销“接待中”，恢复为“等候”"
        } else {
            "No. 1: “receiving” undone, back to “waiting”"
        };
        let (text, _) = render(&a, 120, 40);
        assert!(text.contains(said), "{text}");
        // The key is in the queue's hints.
        let hint = if lang == Lang::Zh {
            "u 撤销"
        } else {
            "u undo"
        };
        assert!(text.contains(hint), "{text}");
    }
}

/// A move from before the officer's shift is refused at once, in words, instead
/// of asking "undo?" and then being refused by the store (found walking a shift).
#[test]
fn u_on_a_move_from_before_the_shift_says_so_without_asking() {
    let mut d = desk();
    let first = queue_snapshot(&d.store).unwrap().0[0].contact_id;
    d.store
        .queue_move("王科员", first, QueueAction::Receive)
        .unwrap();
    d.store.set_time(at("2026-11-28T10:45:00+08:00"));
    let shift = d.store.start_shift("王科员").unwrap();
    let mut a = loaded(Lang::Zh, &d);
    feed(
        &mut a,
        Response::Shift(Box::new(ShiftResponse::Started {
            shift,
            resumed: false,
            pending: Vec::new(),
            last: None,
        })),
    );
    let (rows, counts) = queue_snapshot(&d.store).unwrap();
    feed(&mut a, Response::Queue { rows, counts });
    // No. 1 is being received (now listed after those waiting): go to them.
    key(&mut a, KeyCode::End);
    let sent = key(&mut a, KeyCode::Char('u'));
    assert!(sent.is_empty(), "{sent:?}");
    let text = screen(&a);
    assert!(
        text.contains("1 号于 10:30 标记为“接待中”，早于本班次开始"),
        "{text}"
    );
    assert!(!text.contains("（y/n）"), "asked first:\n{text}");
}

/// `jiedai queue` gives the status column the room of its longest label: a
/// visitor who left unseen reads "left unseen", not "left unse…" (found walking a
/// shift).
#[test]
fn the_queue_command_shows_left_unseen_whole() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.db");
    let (c, _, err) = run(
        &db,
        &t("09:05"),
        &["checkin", "--name", "张伟", "--matter", "拖欠工资"],
    );
    assert_eq!(c, 0, "{err}");
    assert_eq!(run(&db, &t("09:30"), &["queue", "left", "1"]).0, 0);
    let (c, out, err) = run(&db, &t("09:31"), &["--lang", "en", "queue"]);
    assert_eq!(c, 0, "{err}");
    assert!(out.contains("left unseen"), "{out}");
    let (_, out, _) = run(&db, &t("09:31"), &["--lang", "zh", "queue"]);
    assert!(out.contains("未接待离开"), "{out}");
}

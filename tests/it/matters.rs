//! The life of a matter on the command line, with a pinned clock: where it came
//! from (上级交办 and its report back), our 转送 and 交办, and a unit's objection.

use crate::common::runner::{code, jiedai, stderr, TempDb};
use serde_json::Value;
use std::process::Output;

struct Desk(TempDb);

impl Desk {
    fn new() -> Desk {
        Desk(TempDb::new())
    }

    fn at(&self, now: &str, args: &[&str]) -> Output {
        jiedai(&self.0.path, now, args)
    }

    fn ok(&self, now: &str, args: &[&str]) -> Value {
        let out = self.at(now, args);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        serde_json::from_slice(&out.stdout).unwrap_or(Value::Null)
    }
}

/// The refusal's message says this.
fn says(out: &Output, text: &str) {
    assert!(stderr(out).contains(text), "{}", stderr(out));
}

const DAY1: &str = "2026-11-02T09:00:00+08:00";

fn clock<'a>(case: &'a Value, kind: &str) -> &'a Value {
    case["clocks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["kind"] == kind)
        .unwrap_or_else(|| panic!("no {kind} clock in {case}"))
}

fn from_above(d: &Desk) -> String {
    let r = d.ok(
        DAY1,
        &[
            "checkin",
            "--name",
            "张伟",
            "--matter",
            "反映小区物业违规收费",
            "--source",
            "上级交办",
            "--from-office",
            "市信访局",
            "--doc-no",
            "市信交〔2026〕118号",
            "--received",
            "2026-10-30",
            "--json",
        ],
    );
    assert!(r["flags"]
        .as_array()
        .unwrap()
        .contains(&Value::from("from_above")));
    r["case_no"].as_str().unwrap().to_string()
}

#[test]
fn a_matter_from_above_has_its_own_clock_until_it_is_reported_back() {
    let d = Desk::new();
    let no = from_above(&d);
    let case = d.ok(DAY1, &["case", "show", &no, "--json"]);
    assert_eq!(case["source"], "assigned_from_above");
    assert_eq!(case["upper"]["from_office"], "市信访局");
    assert_eq!(case["upper"]["doc_no"], "市信交〔2026〕118号");
    assert_eq!(case["upper"]["received"], "2026-10-30");
    // 60 days from receipt when the document names no deadline.
    assert_eq!(case["upper"]["due"], "2026-12-29");
    assert_eq!(case["upper"]["report_due"], true);
    let upper = clock(&case, "upper");
    assert_eq!(upper["state"], "running");
    assert_eq!(upper["due"], "2026-12-29");
    assert_eq!(case["report_back_allowed"], false);

    // Before the answer there is nothing to report.
    let early = d.at(DAY1, &["case", "report-back", &no, "--text", "已办结"]);
    assert_eq!(code(&early), 3, "{}", stderr(&early));
    says(&early, "not been answered");

    d.ok(DAY1, &["case", "accept", &no]);
    d.ok(
        "2026-12-20T10:00:00+08:00",
        &["case", "reply", &no, "--text", "已书面答复"],
    );
    // The reply does not stop the upper clock: the office above waits for the report.
    let late = d.ok(
        "2026-12-30T10:00:00+08:00",
        &["case", "show", &no, "--json"],
    );
    assert_eq!(clock(&late, "upper")["state"], "overdue");
    assert_eq!(late["overdue"], true);
    assert_eq!(late["report_back_allowed"], true);

    let back = d.ok(
        "2026-12-30T10:00:00+08:00",
        &[
            "case",
            "report-back",
            &no,
            "--text",
            "已答复信访人并报结",
            "--doc-no",
            "区信报〔2026〕3号",
            "--date",
            "2026-12-28",
            "--json",
        ],
    );
    // Sent on the 28th, recorded on the 30th: met.
    assert_eq!(clock(&back, "upper")["state"], "met");
    assert_eq!(clock(&back, "upper")["stopped"], "2026-12-28");
    assert_eq!(back["reported_back_on"], "2026-12-28");
    let event = back["events"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(event["kind"], "report_back");
    assert_eq!(event["detail"]["doc_no"], "区信报〔2026〕3号");
    assert_eq!(event["detail"]["to_office"], "市信访局");

    let twice = d.at(
        "2026-12-30T10:00:00+08:00",
        &["--lang", "zh", "case", "report-back", &no, "--text", "再报"],
    );
    assert_eq!(code(&twice), 3);
    says(&twice, "已于 2026-12-28 报结");

    let text = d.at(
        "2026-12-30T10:00:00+08:00",
        &["--lang", "zh", "case", "show", &no],
    );
    let text = String::from_utf8_lossy(&text.stdout).into_owned();
    assert!(
        text.contains("来源：上级交办 · 市信访局 · 市信交〔2026〕118号"),
        "{text}"
    );
    assert!(text.contains("已于 2026-12-28 报结"), "{text}");
    assert!(text.contains("上级期限"), "{text}");
}

#[test]
fn a_report_back_after_a_non_acceptance_and_none_for_a_local_matter() {
    let d = Desk::new();
    let no = from_above(&d);
    d.ok(
        DAY1,
        &[
            "case",
            "not-accept",
            &no,
            "--text",
            "属于诉讼途径解决的事项",
        ],
    );
    d.ok(
        DAY1,
        &["case", "report-back", &no, "--text", "不予受理，已告知"],
    );
    let local = d.ok(
        DAY1,
        &["checkin", "--name", "李四", "--matter", "x", "--json"],
    );
    let local_no = local["case_no"].as_str().unwrap();
    let out = d.at(DAY1, &["case", "report-back", local_no, "--text", "x"]);
    assert_eq!(code(&out), 3);
    says(&out, "did not come from above");
}

#[test]
fn source_and_upper_terms_are_checked_at_intake() {
    let d = Desk::new();
    let bad = |args: &[&str], says: &str| {
        let mut all = vec!["--lang", "en", "checkin", "--name", "王五"];
        all.extend_from_slice(args);
        let out = d.at(DAY1, &all);
        assert_ne!(code(&out), 0, "{args:?}");
        assert!(stderr(&out).contains(says), "{args:?}: {}", stderr(&out));
    };
    bad(&["--source", "上级"], "is not a source");
    bad(&["--source", "上级交办"], "--from-office");
    bad(&["--from-office", "市信访局"], "give --source too");
    bad(
        &[
            "--source",
            "上级转送",
            "--from-office",
            "市信访局",
            "--received",
            "2026-11-03",
        ],
        "after today",
    );
    bad(
        &[
            "--source",
            "上级转送",
            "--from-office",
            "市",
            "--received",
            "2026-10-03",
            "--upper-due",
            "2026-10-01",
        ],
        "before the day the matter was received",
    );
    bad(
        &[
            "--source",
            "上级转送",
            "--from-office",
            "市",
            "--received",
            "10/3",
        ],
        "not a date",
    );
    bad(
        &[
            "--source",
            "上级转送",
            "--from-office",
            "市",
            "--report-due",
            "maybe",
        ],
        "yes or no",
    );
    // Nothing was written by any of them.
    let out = d.at(DAY1, &["queue", "--json"]);
    let queue: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(queue["queue"].as_array().map(Vec::len).unwrap_or(0), 0);

    // 上级转送 wants no report unless told; codes work as well as labels.
    let r = d.ok(
        DAY1,
        &[
            "checkin",
            "--name",
            "赵六",
            "--source",
            "transferred-from-above",
            "--from-office",
            "省信访局",
            "--upper-due",
            "2026-11-30",
            "--json",
        ],
    );
    let no = r["case_no"].as_str().unwrap();
    let case = d.ok(DAY1, &["case", "show", no, "--json"]);
    assert_eq!(case["source"], "transferred_from_above");
    assert_eq!(case["upper"]["report_due"], false);
    // Without a report due, the answer stops the upper clock.
    d.ok(
        DAY1,
        &["case", "not-accept", no, "--text", "不属于信访事项"],
    );
    let case = d.ok(DAY1, &["case", "show", no, "--json"]);
    assert_eq!(clock(&case, "upper")["state"], "met");
}

#[test]
fn transfer_and_assign_down_differ_and_a_unit_objects_within_five_working_days() {
    let d = Desk::new();
    d.ok(DAY1, &["unit", "add", "区人社局"]);
    let new = |name: &str| {
        let r = d.ok(
            DAY1,
            &["checkin", "--name", name, "--matter", "拖欠工资", "--json"],
        );
        r["case_no"].as_str().unwrap().to_string()
    };
    let (a, b) = (new("甲"), new("乙"));
    let out = d.at(
        DAY1,
        &[
            "case",
            "transfer",
            &a,
            "--unit",
            "区人社局",
            "--due",
            "2026-12-01",
        ],
    );
    assert_eq!(code(&out), 2, "a transfer takes no deadline");
    d.ok(DAY1, &["case", "transfer", &a, "--unit", "区人社局"]);
    let down = d.ok(
        DAY1,
        &[
            "case",
            "assign-down",
            &b,
            "--unit",
            "区人社局",
            "--due",
            "2026-12-15",
            "--json",
        ],
    );
    assert_eq!(down["status"], "transferred");
    assert_eq!(down["unit"], "区人社局");
    let ev = down["events"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(ev["kind"], "assign_down");
    assert_eq!(ev["detail"]["due"], "2026-12-15");
    assert_eq!(ev["detail"]["report_required"], true);
    assert_eq!(clock(&down, "assigned_down")["state"], "running");
    // Routed, but the petitioner not yet told where: the route clock runs on.
    assert_eq!(clock(&down, "route")["state"], "running");
    assert_eq!(clock(&down, "route")["notice_missing"], true);
    let down = d.ok(
        DAY1,
        &[
            "case",
            "notify",
            &b,
            "--kind",
            "转送去向",
            "--via",
            "网上",
            "--json",
        ],
    );
    assert_eq!(clock(&down, "route")["state"], "met");
    let plain = d.ok(DAY1, &["case", "show", &a, "--json"]);
    assert!(plain["clocks"]
        .as_array()
        .unwrap()
        .iter()
        .all(|c| c["kind"] != "assigned_down"));

    // Monday 2026-11-02 + 5 working days = Monday 2026-11-09.
    let late = d.at(
        "2026-11-10T09:00:00+08:00",
        &[
            "--lang",
            "zh",
            "case",
            "objection",
            &a,
            "--text",
            "不属本单位职责",
        ],
    );
    assert_eq!(code(&late), 3);
    says(&late, "已于 2026-11-09 截止");
    let back = d.ok(
        "2026-11-09T17:00:00+08:00",
        &[
            "case",
            "objection",
            &b,
            "--text",
            "不属本单位职责",
            "--json",
        ],
    );
    assert_eq!(back["status"], "registered");
    assert_eq!(clock(&back, "assigned_down")["state"], "met");
    let verify = d.at("2026-11-09T17:00:00+08:00", &["verify"]);
    assert_eq!(code(&verify), 0, "{}", stderr(&verify));
}

#[test]
fn the_source_can_be_recorded_after_registration_until_the_matter_is_routed() {
    let d = Desk::new();
    let r = d.ok(
        DAY1,
        &[
            "checkin",
            "--name",
            "王五",
            "--matter",
            "征地补偿",
            "--json",
        ],
    );
    let no = r["case_no"].as_str().unwrap().to_string();
    let case = d.ok(
        DAY1,
        &[
            "case",
            "source",
            &no,
            "--source",
            "上级转送",
            "--from-office",
            "省信访局",
            "--report-due",
            "yes",
            "--json",
        ],
    );
    assert_eq!(case["source"], "transferred_from_above");
    assert_eq!(case["upper"]["report_due"], true);
    assert_eq!(clock(&case, "upper")["due"], "2027-01-01");
    // The contact registered before is marked too, in the queue and in lookup.
    let queue = d.ok(DAY1, &["queue", "--json"]);
    assert!(queue["queue"][0]["flags"]
        .as_array()
        .unwrap()
        .contains(&Value::from("from_above")));
    let found = d.ok(DAY1, &["lookup", "王五", "--json"]);
    assert!(found["results"][0]["flags"]
        .as_array()
        .unwrap()
        .contains(&Value::from("from_above")));
    let again = d.at(
        DAY1,
        &[
            "case",
            "source",
            &no,
            "--source",
            "交办",
            "--from-office",
            "市",
        ],
    );
    assert_ne!(code(&again), 0);
    says(&again, "already");

    let r = d.ok(DAY1, &["checkin", "--name", "赵七", "--json"]);
    let routed = r["case_no"].as_str().unwrap().to_string();
    d.ok(DAY1, &["case", "accept", &routed]);
    let late = d.at(
        DAY1,
        &[
            "case",
            "source",
            &routed,
            "--source",
            "交办",
            "--from-office",
            "市",
        ],
    );
    assert_ne!(code(&late), 0);
    says(&late, "routed already");
}

#[test]
fn a_late_review_request_is_refused_or_recorded_with_its_reason_and_stays_late() {
    let d = Desk::new();
    let r = d.ok(
        DAY1,
        &["checkin", "--name", "孙红", "--matter", "低保", "--json"],
    );
    let no = r["case_no"].as_str().unwrap().to_string();
    d.ok(DAY1, &["case", "accept", &no]);
    d.ok(DAY1, &["case", "reply", &no, "--text", "已答复"]);
    // Replied 2026-11-02: the 30-day window closed on 2026-12-02.
    let months_later = "2027-03-01T09:00:00+08:00";
    let refused = d.at(
        months_later,
        &["--lang", "zh", "case", "request-review", &no],
    );
    assert_eq!(code(&refused), 3);
    says(&refused, "已于 2026-12-02 届满");
    let case = d.ok(months_later, &["case", "show", &no, "--json"]);
    assert_eq!(case["status"], "replied", "nothing was written");
    assert_eq!(clock(&case, "review_window")["state"], "expired");

    let late = d.ok(
        months_later,
        &[
            "case",
            "request-review",
            &no,
            "--late-reason",
            "住院治疗，有医院证明",
            "--json",
        ],
    );
    assert_eq!(late["status"], "under_review");
    // The window keeps saying the request came late.
    assert_eq!(clock(&late, "review_window")["state"], "late");
    let ev = late["events"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(ev["detail"]["late"], true);
    assert_eq!(ev["detail"]["window_closed"], "2026-12-02");
    assert_eq!(ev["detail"]["late_reason"], "住院治疗，有医院证明");
    let text = d.at(months_later, &["--lang", "zh", "case", "show", &no]);
    let text = String::from_utf8_lossy(&text.stdout).into_owned();
    assert!(
        text.contains("逾期申请（期限 2026-12-02 届满）：住院治疗"),
        "{text}"
    );
    assert!(text.contains("逾期完成"), "{text}");

    // In time, no reason is needed and none is recorded.
    let r = d.ok(DAY1, &["checkin", "--name", "周强", "--json"]);
    let other = r["case_no"].as_str().unwrap().to_string();
    d.ok(DAY1, &["case", "accept", &other]);
    d.ok(DAY1, &["case", "reply", &other, "--text", "已答复"]);
    let ok = d.ok(
        "2026-12-02T17:00:00+08:00",
        &["case", "request-review", &other, "--json"],
    );
    assert_eq!(clock(&ok, "review_window")["state"], "met");
}

#[test]
fn an_initial_matter_is_marked_apart_from_the_person_flag() {
    let d = Desk::new();
    let id = ["--id-number", "11010519491231002X"];
    let first = d.ok(
        DAY1,
        &[
            "checkin",
            "--name",
            "吴敏",
            id[0],
            id[1],
            "--matter",
            "噪声扰民",
            "--json",
        ],
    );
    let first = first["case_no"].as_str().unwrap().to_string();
    let case = d.ok(DAY1, &["case", "show", &first, "--json"]);
    assert_eq!(case["initial"], true);
    let text = d.at(DAY1, &["--lang", "zh", "case", "show", &first]);
    assert!(String::from_utf8_lossy(&text.stdout).contains("登记  初信初访"));

    // The same person's second matter is still initial (the person is 再访, the
    // matter is new) until it is linked to the earlier one.
    let second = d.ok(
        DAY1,
        &[
            "checkin",
            "--name",
            "吴敏",
            id[0],
            id[1],
            "--matter",
            "噪声扰民（再反映）",
            "--json",
        ],
    );
    assert!(second["flags"]
        .as_array()
        .unwrap()
        .contains(&Value::from("returning")));
    let second = second["case_no"].as_str().unwrap().to_string();
    assert_eq!(
        d.ok(DAY1, &["case", "show", &second, "--json"])["initial"],
        true
    );
    d.ok(DAY1, &["case", "link", &second, &first]);
    assert_eq!(
        d.ok(DAY1, &["case", "show", &second, "--json"])["initial"],
        false
    );
    assert_eq!(
        d.ok(DAY1, &["case", "show", &first, "--json"])["initial"],
        true
    );
    // Linked from the earlier side, the later one is not initial either.
    let third = d.ok(DAY1, &["checkin", "--name", "郑洁", "--json"]);
    let third = third["case_no"].as_str().unwrap().to_string();
    d.ok(DAY1, &["case", "link", &first, &third]);
    assert_eq!(
        d.ok(DAY1, &["case", "show", &third, "--json"])["initial"],
        false
    );

    // A matter from above is never initial.
    let no = from_above(&d);
    assert_eq!(
        d.ok(DAY1, &["case", "show", &no, "--json"])["initial"],
        false
    );
}

#[test]
fn links_show_on_both_sides_and_a_merged_duplicate_takes_no_more_steps() {
    let d = Desk::new();
    let new = |name: &str| {
        let r = d.ok(
            DAY1,
            &["checkin", "--name", name, "--matter", "小区噪声", "--json"],
        );
        r["case_no"].as_str().unwrap().to_string()
    };
    let (a, b, c) = (new("甲"), new("乙"), new("丙"));
    d.ok(DAY1, &["case", "link", &a, &b]);
    let other = d.ok(DAY1, &["case", "show", &b, "--json"]);
    let back = other["events"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(back["kind"], "link");
    assert_eq!(back["detail"]["case_no"], a.as_str());
    let text = d.at(DAY1, &["case", "show", &b]);
    assert!(String::from_utf8_lossy(&text.stdout).contains(&format!("← {a}")));
    // Linked either way, once.
    let again = d.at(DAY1, &["case", "link", &b, &a]);
    assert_eq!(code(&again), 3);
    says(&again, "already linked");

    // 丙 registered the same matter again: merged into 甲, it keeps its number.
    let merged = d.ok(
        DAY1,
        &[
            "case",
            "merge",
            &c,
            &a,
            "--text",
            "同一事项重复登记",
            "--json",
        ],
    );
    assert_eq!(merged["case_no"], c.as_str());
    assert_eq!(merged["merged_into"], a.as_str());
    assert_eq!(merged["allowed_steps"], serde_json::json!([]));
    assert_eq!(merged["initial"], false);
    assert_eq!(merged["overdue"], false);
    assert!(merged["clocks"]
        .as_array()
        .unwrap()
        .iter()
        .all(|k| !k["stopped"].is_null()));
    let later = d.ok("2026-12-31T09:00:00+08:00", &["case", "show", &c, "--json"]);
    assert_eq!(
        later["overdue"], false,
        "a merged duplicate is never overdue"
    );
    let step = d.at(DAY1, &["--lang", "zh", "case", "accept", &c]);
    assert_eq!(code(&step), 3);
    says(&step, &format!("已并入 {a}"));
    let original = d.at(DAY1, &["--lang", "zh", "case", "show", &a]);
    assert!(String::from_utf8_lossy(&original.stdout).contains(&format!("← {c} · 并案")));
    for (dup, orig, said) in [
        (&c, &b, "merged into"),
        (&a, &a, "itself"),
        (&b, &c, "itself merged into"),
    ] {
        let out = d.at(DAY1, &["case", "merge", dup, orig]);
        assert_eq!(code(&out), 3, "{dup} {orig}");
        says(&out, said);
    }
    let verify = d.at(DAY1, &["verify"]);
    assert_eq!(code(&verify), 0, "{}", stderr(&verify));
}

#[test]
fn after_a_person_merge_only_the_earliest_contact_is_a_first_visit() {
    let d = Desk::new();
    let one = d.ok(
        DAY1,
        &["checkin", "--name", "冯雪", "--matter", "拆迁", "--json"],
    );
    let two = d.ok(
        "2026-11-09T09:00:00+08:00",
        &[
            "checkin",
            "--name",
            "冯雪",
            "--phone",
            "13800138000",
            "--matter",
            "拆迁补偿",
            "--json",
        ],
    );
    let (keep, other) = (
        one["petitioner_id"].as_i64().unwrap(),
        two["petitioner_id"].as_i64().unwrap(),
    );
    assert_ne!(keep, other);
    assert!(two["flags"]
        .as_array()
        .unwrap()
        .contains(&Value::from("first")));
    d.ok(
        "2026-11-09T10:00:00+08:00",
        &["person", "merge", &keep.to_string(), &other.to_string()],
    );
    let person = d.ok(
        "2026-11-09T10:00:00+08:00",
        &["person", "show", &keep.to_string(), "--json"],
    );
    let flags: Vec<Value> = person["contacts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["flags"].clone())
        .collect();
    // Newest first: the later contact is now a returning visit.
    assert_eq!(
        flags,
        vec![
            serde_json::json!(["returning"]),
            serde_json::json!(["first"])
        ]
    );
}

#[test]
fn an_enquiry_opens_no_case_and_is_no_repeat_petition() {
    let d = Desk::new();
    let id = ["--id-number", "11010519491231002X"];
    let r = d.ok(
        DAY1,
        &[
            "checkin", "--name", "吴敏", id[0], id[1], "--matter", "噪声", "--json",
        ],
    );
    let no = r["case_no"].as_str().unwrap().to_string();
    let asked = d.ok(
        "2026-11-10T09:00:00+08:00",
        &[
            "checkin",
            "--name",
            "吴敏",
            id[0],
            id[1],
            "--channel",
            "call",
            "--enquiry",
            &no,
            "--json",
        ],
    );
    assert_eq!(asked["case_no"], no.as_str());
    assert_eq!(asked["new_case"], false);
    let flags = asked["flags"].as_array().unwrap();
    assert!(flags.contains(&Value::from("enquiry")), "{flags:?}");
    assert!(!flags.contains(&Value::from("repeat")), "{flags:?}");
    let case = d.ok(
        "2026-11-10T09:00:00+08:00",
        &["case", "show", &no, "--json"],
    );
    assert_eq!(case["contacts"].as_array().unwrap().len(), 2);
    let ev = case["events"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(ev["detail"]["enquiry"], true);
    // Only one case on record.
    let out = d.at(DAY1, &["case", "show", "2026-000002"]);
    assert_ne!(code(&out), 0);
    // An enquiry names its case; --case and --enquiry do not go together.
    let both = d.at(
        DAY1,
        &["checkin", "--name", "x", "--case", &no, "--enquiry", &no],
    );
    assert_eq!(code(&both), 2);
    let missing = d.at(
        DAY1,
        &["checkin", "--name", "x", "--enquiry", "2026-000099"],
    );
    assert_ne!(code(&missing), 0);
    says(&missing, "2026-000099");
}

#[test]
fn the_figures_leave_out_merged_duplicates_and_enquiries() {
    let d = Desk::new();
    let person = |name: &str, id: &str| {
        let r = d.ok(
            DAY1,
            &["checkin", "--name", name, "--id-number", id, "--json"],
        );
        r["case_no"].as_str().unwrap().to_string()
    };
    let a = person("甲", "11010519491231002X");
    let b = person("乙", "110101199003077777");
    let c = person("丙", "11010119900307001X");
    let later = "2026-11-05T09:00:00+08:00";
    // 甲 only asks how the matter stands; 乙 comes again on the matter.
    d.ok(
        later,
        &[
            "checkin",
            "--name",
            "甲",
            "--id-number",
            "11010519491231002X",
            "--enquiry",
            &a,
        ],
    );
    d.ok(
        later,
        &[
            "checkin",
            "--name",
            "乙",
            "--id-number",
            "110101199003077777",
            "--case",
            &b,
        ],
    );
    // 丙's matter is 甲's registered again.
    d.ok(later, &["case", "merge", &c, &a]);
    let stats = d.ok(
        later,
        &[
            "stats",
            "--from",
            "2026-11-01",
            "--to",
            "2026-11-30",
            "--json",
        ],
    );
    let repeat = &stats["figures"]["repeat_rate_permille"];
    assert_eq!(repeat["denominator"], 2, "{repeat}");
    assert_eq!(repeat["numerator"], 1, "{repeat}");
}

//! 满意度评价 and 回访 on the command line with a pinned clock: a rating inside its
//! window and a late one refused with the day the window closed, a stage not
//! reached, 不满意 → a 回访 for the 科长 due in 15 days, listed in the handover and
//! the report until `follow-up` closes it; then the figures over a hand-built
//! record (参评率 and 满意率, numerator and denominator known by hand).

use crate::common::runner::{code, jiedai, stderr, TempDb};
use crate::common::*;
use jiedai::domain::lifecycle::CaseStep;
use jiedai::domain::ratings::{RatingResult, RatingStage, RatingVia};
use jiedai::store::{CaseStepInput, Evaluation};
use serde_json::Value;
use std::process::Output;

const DAY1: &str = "2026-11-02T09:00:00+08:00";
const REPLIED: &str = "2026-11-10T10:00:00+08:00";

fn t(day: &str) -> String {
    format!("{day}T11:00:00+08:00")
}

struct Desk(TempDb);

impl Desk {
    /// A matter accepted on 11-02 and replied to on 11-10.
    fn replied() -> (Desk, String) {
        let d = Desk(TempDb::new());
        let r = d.ok(
            DAY1,
            &[
                "checkin",
                "--name",
                "赵兰",
                "--matter",
                "反映拖欠工资",
                "--json",
            ],
        );
        let no = r["case_no"].as_str().unwrap().to_string();
        d.ok(DAY1, &["case", "accept", &no]);
        d.ok(REPLIED, &["case", "reply", &no, "--text", "已书面答复"]);
        (d, no)
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

fn evaluate<'a>(no: &'a str, stage: &'a str, result: &'a str) -> Vec<&'a str> {
    vec![
        "case", "evaluate", no, "--stage", stage, "--result", result, "--via", "电话",
    ]
}

#[test]
fn a_rating_inside_its_window_is_recorded_and_a_late_one_refused() {
    let (d, no) = Desk::replied();
    let mut args = evaluate(&no, "答复", "满意");
    args.push("--json");
    let r = d.ok(&t("2026-11-12"), &args);
    assert_eq!(r["stage"], "reply");
    assert_eq!(r["result"], "satisfied");
    assert_eq!(r["rated_on"], "2026-11-12");
    assert_eq!(r["window"]["closes_on"], "2026-11-17");
    assert_eq!(r["follow_up"], Value::Null);

    // The acceptance's window ran 11-02 to 11-09.
    let late = d.at(&t("2026-11-12"), &evaluate(&no, "受理", "满意"));
    assert_eq!(code(&late), 3, "{}", stderr(&late));
    assert!(
        stderr(&late).contains("closed on 2026-11-09"),
        "{}",
        stderr(&late)
    );
    let mut zh = vec!["--lang", "zh"];
    zh.extend(evaluate(&no, "受理", "满意"));
    let late = d.at(&t("2026-11-12"), &zh);
    assert_eq!(code(&late), 3);
    assert!(
        stderr(&late).contains("已于 2026-11-09 届满"),
        "{}",
        stderr(&late)
    );

    // Dated back inside the window, it is taken.
    let mut back = evaluate(&no, "accept", "fairly-satisfied");
    back.extend(["--date", "2026-11-09"]);
    d.ok(&t("2026-11-12"), &back);

    // A stage rated once is not rated again.
    let again = d.at(&t("2026-11-13"), &evaluate(&no, "reply", "dissatisfied"));
    assert_eq!(code(&again), 3);
    assert!(stderr(&again).contains("already rated on 2026-11-12"));

    // Both ratings are on the timeline.
    let case = d.ok(&t("2026-11-13"), &["case", "show", &no, "--json"]);
    let kinds: Vec<&str> = case["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["kind"].as_str())
        .filter(|k| *k == "evaluate")
        .collect();
    assert_eq!(kinds.len(), 2, "{case}");
}

#[test]
fn a_stage_not_reached_and_words_not_understood_are_refused() {
    let (d, no) = Desk::replied();
    let out = d.at(&t("2026-11-12"), &evaluate(&no, "复查", "满意"));
    assert_eq!(code(&out), 3);
    assert!(
        stderr(&out)
            .contains("no review decision to rate yet; stages it has reached: acceptance, reply"),
        "{}",
        stderr(&out)
    );
    let out = d.at(&t("2026-11-12"), &evaluate(&no, "答复", "还行"));
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("满意|基本满意|不满意"),
        "{}",
        stderr(&out)
    );
    // Nothing was written by either.
    let list = d.ok(&t("2026-11-12"), &["case", "follow-ups", "--all", "--json"]);
    assert_eq!(list, serde_json::json!([]));
    // A future date is refused too.
    let mut future = evaluate(&no, "答复", "满意");
    future.extend(["--date", "2026-11-20"]);
    assert_eq!(code(&d.at(&t("2026-11-12"), &future)), 3);
}

#[test]
fn dissatisfied_opens_a_follow_up_for_the_chief_until_it_is_done() {
    let (d, no) = Desk::replied();
    let mut args = evaluate(&no, "答复", "不满意");
    args.push("--json");
    let r = d.ok(&t("2026-11-12"), &args);
    assert_eq!(r["follow_up"]["chief"], "王科员");
    assert_eq!(r["follow_up"]["due_on"], "2026-11-27");

    let open = d.ok(&t("2026-11-20"), &["case", "follow-ups", "--json"]);
    assert_eq!(open.as_array().unwrap().len(), 1, "{open}");
    assert_eq!(open[0]["case_no"], no.as_str());
    assert_eq!(open[0]["stage"], "reply");
    assert_eq!(open[0]["chief"], "王科员");
    assert_eq!(open[0]["due_on"], "2026-11-27");

    // The handover names it, with its due day.
    let h = d.ok(&t("2026-11-20"), &["handover", "--format", "json"]);
    assert_eq!(h["follow_ups"][0]["case_no"], no.as_str(), "{h}");
    let out = d.at(&t("2026-11-20"), &["--lang", "zh", "handover"]);
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(text.contains("待办回访（不满意评价）"), "{text}");
    assert!(text.contains("2026-11-27 到期"), "{text}");

    // The month's report lists it as open.
    let rep = d.ok(&t("2026-11-20"), &["report", "month", "--json"]);
    let section = rep["sections"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["title"] == "Dissatisfied ratings and follow-ups")
        .unwrap()
        .clone();
    assert_eq!(section["rows"].as_array().unwrap().len(), 1, "{section}");
    assert_eq!(section["rows"][0][0], no.as_str());
    let row: Vec<&str> = section["rows"][0]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(
        row.contains(&"open") && row.contains(&"2026-11-27"),
        "{row:?}"
    );

    // The follow-up closes it.
    let done = d.at(
        &t("2026-11-24"),
        &[
            "case",
            "follow-up",
            &no,
            "--result",
            "息诉",
            "--text",
            "已电话解释",
        ],
    );
    assert!(done.status.success(), "{}", stderr(&done));
    assert!(String::from_utf8_lossy(&done.stdout).contains("followed up: settled"));
    let open = d.ok(&t("2026-11-24"), &["case", "follow-ups", "--json"]);
    assert_eq!(open, serde_json::json!([]));
    let all = d.ok(&t("2026-11-24"), &["case", "follow-ups", "--all", "--json"]);
    assert_eq!(all[0]["result"], "settled");
    assert_eq!(all[0]["closed_on"], "2026-11-24");
    let h = d.ok(&t("2026-11-24"), &["handover", "--format", "json"]);
    assert_eq!(h["follow_ups"], serde_json::json!([]));
    // Nothing more to follow up.
    let again = d.at(
        &t("2026-11-25"),
        &["case", "follow-up", &no, "--result", "still-claims"],
    );
    assert_eq!(code(&again), 3);
    assert!(stderr(&again).contains("no open follow-up"));
    let rep = d.ok(&t("2026-11-24"), &["report", "month", "--json"]);
    let text = rep.to_string();
    assert!(text.contains("settled"), "{text}");
}

/// 参评率 and 满意率 over a hand-built record: each window counted in the period
/// of its rating, or, unrated, of the day after it closed.
#[test]
fn rated_share_and_satisfied_rate_count_each_decision_once() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(
        dir.path().join("r.db"),
        OpenMode::Create,
        at("2026-11-28T10:00:00+08:00"),
    )
    .unwrap();
    let on = |s: &mut Store, day: &str| s.set_time(at(&format!("{day}T09:00:00+08:00")));
    on(&mut store, "2026-09-01");
    store.add_officer("王科员").unwrap();
    let mut cases = Vec::new();
    for (i, name) in ["甲", "乙", "丙", "丁"].iter().enumerate() {
        let mut c = walk_in(name, None, 1, "反映事项");
        c.settled = true;
        on(&mut store, "2026-09-01");
        let no = store.check_in("王科员", &c).unwrap().case_no;
        let step = |s: &mut Store, step| {
            let input = CaseStepInput {
                text: Some("已书面答复".into()),
                ..Default::default()
            };
            s.case_step("王科员", &no, step, &input).unwrap();
        };
        step(&mut store, CaseStep::Accept);
        // Replied on 10-0(1+i): windows to 10-08 … 10-11.
        on(&mut store, &format!("2026-10-0{}", i + 1));
        step(&mut store, CaseStep::Reply);
        cases.push(no);
    }
    let rate = |s: &mut Store, no: &str, stage, result, day: &str| {
        on(s, day);
        let e = Evaluation {
            stage,
            result,
            via: RatingVia::Phone,
            date: None,
            text: None,
        };
        s.evaluate("王科员", no, &e).unwrap();
    };
    use RatingResult::*;
    // 甲: acceptance 满意 (09-03) and reply 满意; 乙: reply 基本满意; 丙: reply
    // 不满意; 丁: never rated.
    rate(
        &mut store,
        &cases[0],
        RatingStage::Accept,
        Satisfied,
        "2026-09-03",
    );
    rate(
        &mut store,
        &cases[0],
        RatingStage::Reply,
        Satisfied,
        "2026-10-02",
    );
    rate(
        &mut store,
        &cases[1],
        RatingStage::Reply,
        FairlySatisfied,
        "2026-10-05",
    );
    rate(
        &mut store,
        &cases[2],
        RatingStage::Reply,
        Dissatisfied,
        "2026-10-03",
    );
    store.set_time(at("2026-11-28T10:00:00+08:00"));

    let fig = |store: &Store, from: &str, to: &str, name: &str| {
        let r = store
            .figure_report(from.parse().unwrap(), to.parse().unwrap(), None)
            .unwrap();
        r.figure(name).unwrap().clone()
    };
    // October: four replies' windows, three rated in it (丁's lapsed 10-12).
    let f = fig(&store, "2026-10-01", "2026-10-31", "rated_share");
    assert_eq!((f.numerator, f.denominator), (3, 4), "{f:?}");
    assert_eq!(f.denominator_cases.last(), Some(&cases[3]));
    let f = fig(&store, "2026-10-01", "2026-10-31", "satisfied_rate");
    assert_eq!((f.numerator, f.denominator), (2, 3), "{f:?}");
    let f = fig(&store, "2026-10-01", "2026-10-31", "dissatisfied_rate");
    assert_eq!(f.numerator_cases, [cases[2].clone()]);
    // September: the acceptances' windows (09-01 to 09-08): one rated, three lapsed
    // (on 09-09).
    let f = fig(&store, "2026-09-01", "2026-09-30", "rated_share");
    assert_eq!((f.numerator, f.denominator), (1, 4), "{f:?}");
    let f = fig(&store, "2026-09-01", "2026-09-30", "satisfied_rate");
    assert_eq!((f.numerator, f.denominator), (1, 1), "{f:?}");
    // The year: eight decisions, four rated, three of them satisfied.
    let f = fig(&store, "2026-01-01", "2026-12-31", "rated_share");
    assert_eq!((f.numerator, f.denominator), (4, 8), "{f:?}");
    let f = fig(&store, "2026-01-01", "2026-12-31", "satisfied_rate");
    assert_eq!((f.numerator, f.denominator), (3, 4), "{f:?}");
    // 丙's 不满意 keeps it from 案结事了 (its review window ended 10-31... in the year).
    let f = fig(&store, "2026-01-01", "2026-12-31", "settled_rate");
    assert!(!f.numerator_cases.contains(&cases[2]), "{f:?}");
    assert!(f.denominator_cases.contains(&cases[2]), "{f:?}");

    // An office that counts a lapsed window as satisfied.
    let mut rules = store.rules().clone();
    rules.ratings.unrated_counts_as_satisfied = true;
    store.set_rules(rules);
    let f = fig(&store, "2026-09-01", "2026-09-30", "satisfied_rate");
    assert_eq!((f.numerator, f.denominator), (4, 4), "{f:?}");
    let f = fig(&store, "2026-09-01", "2026-09-30", "rated_share");
    assert_eq!(f.numerator, 1);

    // Split by officer: the 不满意 are the handler's.
    let r = store
        .figure_report(
            "2026-10-01".parse().unwrap(),
            "2026-10-31".parse().unwrap(),
            Some(jiedai::domain::figures_by::By::Officer),
        )
        .unwrap();
    let split = r.split.unwrap();
    let g = split
        .groups
        .iter()
        .find(|g| g.key.as_deref() == Some("王科员"))
        .unwrap();
    let d = g
        .figures
        .iter()
        .find(|f| f.name == "dissatisfied_rate")
        .unwrap();
    assert_eq!((d.numerator, d.denominator), (1, 3));
}

#[test]
fn stats_explain_lists_the_rated_cases() {
    let (d, no) = Desk::replied();
    d.ok(&t("2026-11-12"), &evaluate(&no, "答复", "不满意"));
    let out = d.at(
        &t("2026-11-20"),
        &[
            "stats",
            "--from",
            "2026-11",
            "--explain",
            "dissatisfied_rate",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(text.contains(&no), "{text}");
    let out = d.at(
        &t("2026-11-20"),
        &["stats", "--from", "2026-11", "--by", "unit", "--json"],
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let g = &v["split"]["groups"][0]["figures"]["dissatisfied_rate"];
    assert_eq!(g["numerator"], 1, "{v}");
    assert_eq!(v["figures"]["satisfied_rate"]["denominator"], 1);
}

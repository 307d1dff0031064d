//! The office's figures (考核) over a hand-built record with a pinned clock: every
//! figure's numerator and denominator known by hand, edge cases included (closed on
//! its due day, from last year closed this year, saved by an extension, a letter
//! not accepted), then `stats --json`, `--explain` and `report` on the same file.

use crate::common::runner::{code, stderr};
use crate::common::*;
use jiedai::domain::figures::Figure;
use jiedai::domain::figures_by::By;
use jiedai::domain::lifecycle::CaseStep;
use jiedai::domain::notices::{NoticeKind, NoticeVia};
use jiedai::domain::Source;
use jiedai::store::Notice;
use jiedai::store::{CaseStepInput, FigureReport};
use std::path::Path;
use std::process::Output;

const TODAY: &str = "2026-11-28T10:30:00+08:00";

pub(crate) struct Record {
    _dir: tempfile::TempDir,
    pub(crate) store: Store,
    /// The case numbers by their letter in the data set below.
    no: std::collections::HashMap<char, String>,
    /// The petitioner of each case.
    who: std::collections::HashMap<char, i64>,
}

impl Record {
    fn on(&mut self, day: &str) -> &mut Store {
        self.store.set_time(at(&format!("{day}T09:00:00+08:00")));
        &mut self.store
    }

    fn check_in(&mut self, key: char, day: &str, name: &str, f: impl FnOnce(&mut CheckIn)) {
        let mut c = walk_in(name, None, 1, "反映事项");
        c.settled = true;
        f(&mut c);
        let r = self.on(day).check_in("王科员", &c).unwrap();
        self.no.insert(key, r.case_no);
        self.who.insert(key, r.petitioner_id);
    }

    fn step(&mut self, key: char, day: &str, step: CaseStep) {
        let no = self.no[&key].clone();
        let input = CaseStepInput {
            unit: None,
            text: Some("已书面答复".into()),
            ..Default::default()
        };
        self.on(day).case_step("王科员", &no, step, &input).unwrap();
        // Each decision is told in writing the same day (the route clock wants it).
        if let Some(kind) = NoticeKind::for_decision(step.event_kind()) {
            let notice = Notice {
                kind,
                via: NoticeVia::Post,
                date: None,
            };
            self.on(day).notify("王科员", &no, &notice).unwrap();
        }
    }

    fn path(&self) -> &Path {
        self.store.path()
    }
}

/// The data set; the letters are the cases of the comments in the test below.
pub(crate) fn record() -> Record {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path().join("desk.db"), OpenMode::Create, at(TODAY)).unwrap();
    let mut r = Record {
        _dir: dir,
        store,
        no: Default::default(),
        who: Default::default(),
    };
    r.on("2025-12-01").add_officer("王科员").unwrap();
    // A: registered last year, closed this year well within its clock.
    r.check_in('A', "2025-12-20", "陈老户", |_| {});
    r.step('A', "2025-12-20", CaseStep::Accept);
    r.step('A', "2026-01-10", CaseStep::Reply);
    // B: closed on its due day (1 March + 60 days = 30 April).
    r.check_in('B', "2026-03-01", "李一", |_| {});
    r.step('B', "2026-03-01", CaseStep::Accept);
    r.step('B', "2026-04-30", CaseStep::Reply);
    // C: closed a day late.
    r.check_in('C', "2026-03-01", "李二", |_| {});
    r.step('C', "2026-03-01", CaseStep::Accept);
    r.step('C', "2026-05-01", CaseStep::Reply);
    // D: a collective visit of six, accepted, still open past its due day (31 July).
    r.check_in('D', "2026-06-01", "周集体", |c| {
        c.intake.headcount = Some(6)
    });
    r.step('D', "2026-06-01", CaseStep::Accept);
    // E: saved by a 30-day extension: due 30 August, replied 20 August.
    r.check_in('E', "2026-06-01", "李三", |_| {});
    r.step('E', "2026-06-01", CaseStep::Accept);
    let e = r.no[&'E'].clone();
    r.on("2026-06-20")
        .extend("王科员", &e, 30, "需要现场核查")
        .unwrap();
    r.step('E', "2026-08-20", CaseStep::Reply);
    // F: replied, then the petitioner came back on it.
    r.check_in('F', "2026-09-01", "孙再来", |_| {});
    r.step('F', "2026-09-01", CaseStep::Accept);
    r.step('F', "2026-09-10", CaseStep::Reply);
    let f = r.no[&'F'].clone();
    let again = r.who[&'F'];
    r.check_in('f', "2026-09-20", "孙再来", |c| {
        c.case_no = Some(f);
        c.petitioner_id = Some(again);
    });
    // G: replied, then a review was asked for.
    r.check_in('G', "2026-09-01", "李四", |_| {});
    r.step('G', "2026-09-01", CaseStep::Accept);
    r.step('G', "2026-09-10", CaseStep::Reply);
    r.step('G', "2026-09-15", CaseStep::RequestReview);
    // H: assigned from above: not an initial matter.
    r.check_in('H', "2026-05-01", "吴上级", |c| {
        c.source = Some(Source::AssignedFromAbove);
        // Due above next year: it does not count in this year's 上级交转办结率.
        c.upper = jiedai::domain::assigned::UpperInput {
            from_office: Some("市信访局".into()),
            due: "2027-01-15".parse().ok(),
            ..Default::default()
        };
    });
    r.step('H', "2026-05-01", CaseStep::Accept);
    r.step('H', "2026-05-20", CaseStep::Reply);
    // I: a letter, not accepted (with notice): closed, and in time.
    r.check_in('I', "2026-10-01", "郑来信", |c| {
        c.intake.channel = Some(Channel::Letter)
    });
    r.step('I', "2026-10-02", CaseStep::NotAccept);
    // Two 老户: A's petitioner, quiet since December, and F's, back in September.
    for p in [r.who[&'A'], r.who[&'F']] {
        r.on("2025-12-31")
            .mark_long_standing("王科员", p, true)
            .unwrap();
    }
    r.store.set_time(at(TODAY));
    r
}

fn report(r: &Record, from: &str, to: &str, by: Option<By>) -> FigureReport {
    let day = |s: &str| s.parse().unwrap();
    r.store.figure_report(day(from), day(to), by).unwrap()
}

fn year(r: &Record) -> FigureReport {
    report(r, "2026-01-01", "2026-12-31", None)
}

fn fig<'a>(rep: &'a FigureReport, name: &str) -> &'a Figure {
    rep.figure(name).unwrap()
}

fn nos(r: &Record, keys: &str) -> Vec<String> {
    let mut v: Vec<String> = keys.chars().map(|k| r.no[&k].clone()).collect();
    v.sort();
    v
}

fn sorted(v: &[String]) -> Vec<String> {
    let mut v = v.to_vec();
    v.sort();
    v
}

#[test]
fn every_figure_of_a_hand_built_year() {
    let r = record();
    let rep = year(&r);

    // Initial matters (all but H) due or closed in the year; C late, D open.
    let f = fig(&rep, "initial_closed_rate");
    assert_eq!((f.numerator, f.denominator), (6, 8), "{f:?}");
    assert_eq!(sorted(&f.numerator_cases), nos(&r, "ABEFGI"));
    assert_eq!(f.met, Some(false));

    // Closed in the year: A (from last year), B (on its due day), C (late), E
    // (extended), F, G, H, I (not accepted).
    let f = fig(&rep, "on_time_rate");
    assert_eq!((f.numerator, f.denominator), (7, 8), "{f:?}");
    assert_eq!(sorted(&f.denominator_cases), nos(&r, "ABCEFGHI"));
    assert!(!f.numerator_cases.contains(&r.no[&'C']));

    // Review windows ended by today: A B C E F G H; F came back, G asked for review.
    let f = fig(&rep, "settled_rate");
    assert_eq!((f.numerator, f.denominator), (5, 7), "{f:?}");
    assert_eq!(sorted(&f.numerator_cases), nos(&r, "ABCEH"));

    // The year's new matters (A is last year's): F alone came back, 1 of 8 = 125‰.
    let f = fig(&rep, "repeat_rate_permille");
    assert_eq!((f.numerator, f.denominator), (1, 8), "{f:?}");
    assert_eq!(f.value, Some(125.0));
    assert_eq!(f.met, Some(false));

    // Two 老户 at the start of the year: one quiet for 11 months, one back in September.
    let f = fig(&rep, "long_standing_resolved_rate");
    assert_eq!((f.numerator, f.denominator), (1, 2), "{f:?}");

    // Visits: B C D(6) E F F-again G H = 8 batches, 13 people; I is a letter.
    let f = fig(&rep, "visit_volume");
    assert_eq!((f.numerator, f.denominator), (13, 8), "{f:?}");
    assert_eq!(rep.volume.collective_batches, 1);
    assert_eq!(rep.volume.collective_people, 6);
    assert_eq!(rep.volume.other_contacts, 1);

    // Seven answers could be rated and none was: no rating is recorded yet.
    let f = fig(&rep, "rated_share");
    assert_eq!((f.numerator, f.denominator), (0, 7), "{f:?}");
    assert_eq!(fig(&rep, "satisfied_rate").value, None);
    // No upper deadline is recorded yet: nothing to count.
    assert_eq!(fig(&rep, "upper_closed_rate").denominator, 0);

    // D is past its handling clock now, and G's review (asked 15 September) its own.
    assert_eq!(rep.overdue.total, 2);
    assert_eq!(
        rep.overdue.by_clock,
        [("handle".to_string(), 1), ("review".to_string(), 1)]
    );
}

#[test]
fn a_period_counts_only_what_falls_in_it() {
    let r = record();
    // March to May: B (due and closed 30 April), C (late, 1 May), H (closed 20 May).
    let rep = report(&r, "2026-03-01", "2026-05-31", None);
    let f = fig(&rep, "on_time_rate");
    assert_eq!((f.numerator, f.denominator), (2, 3), "{f:?}");
    let f = fig(&rep, "initial_closed_rate");
    assert_eq!((f.numerator, f.denominator), (1, 2), "{f:?}");
    // The months of the chart: March's visits are B and C.
    assert_eq!(rep.by_month.len(), 3);
    assert_eq!(rep.by_month[0].key.as_deref(), Some("2026-03"));
    assert_eq!(rep.by_month[0].visit_people, 2);
    assert_eq!(rep.by_month[0].new_matters, 2);
}

#[test]
fn figures_split_by_source_and_month() {
    let r = record();
    let rep = report(&r, "2026-01-01", "2026-12-31", Some(By::Source));
    let groups = &rep.split.as_ref().unwrap().groups;
    let keys: Vec<_> = groups.iter().map(|g| g.key.as_deref()).collect();
    assert_eq!(keys, [Some("assigned_from_above"), Some("local")]);
    let on_time = |g: usize| {
        let f = groups[g]
            .figures
            .iter()
            .find(|f| f.name == "on_time_rate")
            .unwrap();
        (f.numerator, f.denominator)
    };
    assert_eq!(on_time(0), (1, 1));
    assert_eq!(on_time(1), (6, 7));

    let rep = report(&r, "2026-01-01", "2026-12-31", Some(By::Month));
    let groups = &rep.split.as_ref().unwrap().groups;
    // The months up to today: December has not come.
    assert_eq!(groups.len(), 11);
    let may = groups
        .iter()
        .find(|g| g.key.as_deref() == Some("2026-05"))
        .unwrap();
    let f = may
        .figures
        .iter()
        .find(|f| f.name == "on_time_rate")
        .unwrap();
    // C (late) and H closed in May.
    assert_eq!((f.numerator, f.denominator), (1, 2));
}

#[test]
fn matters_from_above_count_once_their_upper_terms_are_recorded() {
    let r = record();
    // The upper terms as `report-back` records them (issue 11.1): H is due above on
    // 30 June and was reported back on 10 June.
    let conn = rusqlite::Connection::open(r.path()).unwrap();
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS case_upper (
            case_id INTEGER PRIMARY KEY REFERENCES cases(id), from_office TEXT NOT NULL,
            doc_no TEXT, received_on TEXT NOT NULL, due_on TEXT NOT NULL,
            report_due INTEGER NOT NULL, reported_back_on TEXT) STRICT;",
    )
    .unwrap();
    let upper = |key: char, due: &str, back: Option<&str>| {
        conn.execute(
            "INSERT OR REPLACE INTO case_upper
             SELECT id, '市信访局', NULL, ?2, ?2, 1, ?3 FROM cases WHERE case_no = ?1",
            rusqlite::params![r.no[&key], due, back],
        )
        .unwrap();
    };
    upper('H', "2026-06-30", Some("2026-06-10"));
    let f = fig(&year(&r), "upper_closed_rate").clone();
    assert_eq!((f.numerator, f.denominator), (1, 1), "{f:?}");
    assert_eq!(f.met, Some(true));
    // Reported back a day after the upper deadline: late.
    upper('H', "2026-06-30", Some("2026-07-01"));
    let f = fig(&year(&r), "upper_closed_rate").clone();
    assert_eq!((f.numerator, f.denominator), (0, 1), "{f:?}");
    // Not reported back, and due next year: not yet counted.
    upper('H', "2027-01-15", None);
    assert_eq!(fig(&year(&r), "upper_closed_rate").denominator, 0);
}

fn run(r: &Record, args: &[&str]) -> Output {
    crate::common::runner::jiedai(r.path(), TODAY, args)
}

fn ok(r: &Record, args: &[&str]) -> String {
    let out = run(r, args);
    assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn stats_json_gives_every_figure_with_its_parts() {
    let r = record();
    let text = ok(
        &r,
        &["stats", "--from", "2026-01", "--to", "2026-12", "--json"],
    );
    let s: serde_json::Value = serde_json::from_str(&text).unwrap();
    // The counts stay where they were.
    assert_eq!(s["new_cases"], 8);
    let f = &s["figures"];
    for name in [
        "visit_volume",
        "initial_closed_rate",
        "upper_closed_rate",
        "on_time_rate",
        "settled_rate",
        "repeat_rate_permille",
        "long_standing_resolved_rate",
        "rated_share",
        "satisfied_rate",
        "overdue_now",
    ] {
        for part in ["value", "numerator", "denominator", "target", "met"] {
            assert!(f[name].get(part).is_some(), "{name}.{part} missing: {f}");
        }
    }
    assert_eq!(
        f["initial_closed_rate"],
        serde_json::json!({
            "value": 0.75, "numerator": 6, "denominator": 8,
            "target": 0.98, "bound": "at_least", "met": false
        })
    );
    assert_eq!(f["repeat_rate_permille"]["target"], 0.5);
    assert_eq!(f["repeat_rate_permille"]["bound"], "at_most");
    assert_eq!(f["overdue_now"]["value"], 2);
    assert_eq!(f["overdue_now"]["by_clock"]["handle"], 1);
    assert_eq!(f["visit_volume"]["collective_people"], 6);

    let split: serde_json::Value = serde_json::from_str(&ok(
        &r,
        &[
            "stats", "--from", "2026-01", "--to", "2026-12", "--json", "--by", "unit",
        ],
    ))
    .unwrap();
    assert_eq!(split["split"]["by"], "unit");
}

#[test]
fn stats_explain_lists_the_cases_and_refuses_unknown_figures() {
    let r = record();
    let text = ok(
        &r,
        &[
            "stats",
            "--from",
            "2026-01",
            "--to",
            "2026-12",
            "--explain",
            "on_time_rate",
        ],
    );
    assert!(text.contains("7/8"), "{text}");
    let c = &r.no[&'C'];
    let numerator = text.split("denominator").next().unwrap();
    assert!(!numerator.contains(c.as_str()), "{text}");
    assert!(text.contains(c.as_str()), "{text}");
    // Names, never the phone on record.
    assert!(text.contains("李二"), "{text}");
    assert!(!text.contains("13800138000"), "{text}");

    let bad = run(&r, &["stats", "--explain", "happiness"]);
    assert_eq!(code(&bad), 2);
    assert!(
        stderr(&bad).contains("initial_closed_rate"),
        "{}",
        stderr(&bad)
    );
}

#[test]
fn stats_table_marks_missed_figures_in_words() {
    let r = record();
    let text = ok(
        &r,
        &[
            "--lang", "zh", "stats", "--from", "2026-01", "--to", "2026-12",
        ],
    );
    assert!(text.contains("信访统计"), "{text}");
    assert!(text.contains("初信初访办结率"), "{text}");
    assert!(text.contains("75.00%"), "{text}");
    assert!(text.contains("6/8"), "{text}");
    assert!(text.contains("≥ 98%"), "{text}");
    assert!(text.contains("✗ 未达标"), "{text}");
}

#[test]
fn a_broken_target_is_a_config_error() {
    let r = record();
    let config = r.path().with_file_name("config.toml");
    std::fs::write(&config, "[targets]\nsettled_rate = 95\n").unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_jiedai"))
        .arg("--db")
        .arg(r.path())
        .args(["--lang", "en", "stats"])
        .env("JIEDAI_NOW", TODAY)
        .env("JIEDAI_CONFIG", &config)
        .output()
        .unwrap();
    assert_eq!(code(&out), 2);
    let e = stderr(&out);
    assert!(
        e.contains("targets.settled_rate") && e.contains("0.95"),
        "{e}"
    );
    std::fs::write(&config, "[targets]\nsettled_rate = 0.5\n").unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_jiedai"))
        .arg("--db")
        .arg(r.path())
        .args(["stats", "--from", "2026-01", "--to", "2026-12", "--json"])
        .env("JIEDAI_NOW", TODAY)
        .env("JIEDAI_CONFIG", &config)
        .output()
        .unwrap();
    let s: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(s["figures"]["settled_rate"]["met"], true);
}

#[test]
fn the_report_is_written_as_markdown_and_a_workbook_read_back() {
    use calamine::{Reader, Xlsx};
    let r = record();
    let dir = r.path().parent().unwrap().to_path_buf();
    let md = dir.join("year.md");
    let xlsx = dir.join("year.xlsx");
    let md_s = md.to_str().unwrap();
    let xlsx_s = xlsx.to_str().unwrap();
    ok(&r, &["--lang", "zh", "report", "year", "--out", md_s]);
    let text = std::fs::read_to_string(&md).unwrap();
    assert!(
        text.starts_with("# 信访工作报告 2026-01-01 至 2026-12-31"),
        "{text}"
    );
    assert!(text.contains("## 未达标：按期办结率"), "{text}");
    assert!(text.contains(&r.no[&'C']), "{text}");
    assert!(text.contains("## 当前逾期"), "{text}");
    // Never over an existing file without --force.
    let again = run(&r, &["report", "year", "--out", md_s]);
    assert_eq!(code(&again), 3, "{}", stderr(&again));
    assert_eq!(std::fs::read_to_string(&md).unwrap(), text);
    ok(&r, &["report", "year", "--out", md_s, "--force"]);

    ok(&r, &["--lang", "zh", "report", "year", "--out", xlsx_s]);
    let mut book: Xlsx<_> = calamine::open_workbook(&xlsx).unwrap();
    let sheet = book.worksheet_range_at(0).unwrap().unwrap();
    let cells: Vec<String> = sheet.rows().flatten().map(|c| c.to_string()).collect();
    assert!(cells.iter().any(|c| c == "初信初访办结率"), "{cells:?}");
    assert!(cells.iter().any(|c| c == "6/8"), "{cells:?}");
    assert!(cells
        .iter()
        .any(|c| c == "未达标：初信初访办结率（未计入分子的事项）"));
    assert!(cells.iter().any(|c| c == r.no[&'D'].as_str()), "{cells:?}");
    // The export is on the audit log.
    let audit = ok(&r, &["audit", "--json"]);
    assert!(audit.contains("year.xlsx"), "{audit}");

    let json: serde_json::Value = serde_json::from_str(&ok(
        &r,
        &["report", "month", "--date", "2026-05-15", "--json"],
    ))
    .unwrap();
    assert_eq!(json["from"], "2026-05-01");
    assert_eq!(json["to"], "2026-05-31");
    assert!(json["sections"].as_array().unwrap().len() >= 4);
}

//! The office's figures and outputs agree on both backends: the conformance
//! suite's hand-built month (`conformance::build_month`) written once to a SQLite
//! file and once to a PostgreSQL schema, then every read of it compared — the
//! figures and their splits, `stats`, the exported rows, each case page and
//! person, the audit log, the handover — and `jiedai stats --json`, `report
//! month --out x.md` and `export --out x.csv` run end to end on each, giving the
//! same output; the desk's statistics screen `S` shows the same on both. Skipped,
//! saying so, without `JIEDAI_TEST_PG` (see `postgres`).

use crate::common::runner::{jiedai, stderr};
use crate::conformance::{at, build_month, Month, TODAY};
use crate::postgres::PgHarness;
use jiedai::domain::figures_by::By;
use jiedai::store::{AuditFilter, DayRange, OpenMode, Store};
use std::path::Path;

/// The month on a new SQLite file in `dir` and on a new schema of the server.
fn both(h: &PgHarness, dir: &tempfile::TempDir) -> (Month, Month, String) {
    let file = Store::open(dir.path().join("desk.db"), OpenMode::Create, at(TODAY)).unwrap();
    let url = h.next_url();
    let server = Store::open(&url, OpenMode::Create, at(TODAY)).unwrap();
    (build_month(file), build_month(server), url)
}

/// The month on both, closed for the program to open: its case numbers, the
/// server's address and the file.
fn both_closed(
    h: &PgHarness,
    dir: &tempfile::TempDir,
) -> (
    std::collections::HashMap<char, String>,
    String,
    std::path::PathBuf,
) {
    let (lite, pg, url) = both(h, dir);
    assert_eq!(lite.no, pg.no);
    (pg.no, url, dir.path().join("desk.db"))
}

fn day(s: &str) -> chrono::NaiveDate {
    s.parse().unwrap()
}

#[test]
fn every_read_of_the_month_agrees_on_both_backends() {
    let Some(h) = PgHarness::new() else { return };
    let dir = tempfile::tempdir().unwrap();
    let (lite, pg, _) = both(&h, &dir);
    let (l, p) = (&lite.store, &pg.store);
    assert_eq!(lite.no, pg.no, "the same numbers drawn");

    for (from, to) in [
        ("2026-11-01", "2026-11-30"),
        ("2026-01-01", "2026-12-31"),
        ("2026-04-01", "2026-04-30"),
    ] {
        let (from, to) = (day(from), day(to));
        for by in std::iter::once(None).chain(By::ALL.iter().copied().map(Some)) {
            let a = l.figure_report(from, to, by).unwrap();
            let b = p.figure_report(from, to, by).unwrap();
            assert_eq!(a.facts, b.facts, "{from}..{to} facts");
            assert_eq!(a, b, "{from}..{to} by {by:?}");
        }
        assert_eq!(l.stats(from, to).unwrap(), p.stats(from, to).unwrap());
        let range = DayRange {
            from: Some(from),
            to: Some(to),
        };
        assert_eq!(
            l.count_contacts(range).unwrap(),
            p.count_contacts(range).unwrap()
        );
    }
    for reveal in [false, true] {
        let rows = |s: &Store| {
            let mut v = Vec::new();
            s.export_contacts(DayRange::default(), reveal, |r| {
                v.push(r.clone());
                Ok(())
            })
            .unwrap();
            v
        };
        let (a, b) = (rows(l), rows(p));
        assert_eq!(a.len(), 11);
        assert_eq!(a, b, "export, reveal {reveal}");
    }
    for (key, no) in &lite.no {
        let (a, b) = (l.case_detail(no).unwrap(), p.case_detail(no).unwrap());
        assert_eq!(a, b, "case {key} ({no})");
        let who = lite.who[key];
        assert_eq!(
            l.person_detail(who).unwrap(),
            p.person_detail(who).unwrap(),
            "person of {key}"
        );
    }
    let all = AuditFilter {
        limit: 100,
        ..Default::default()
    };
    assert_eq!(l.audit_log(&all).unwrap(), p.audit_log(&all).unwrap());
    let month = |s: &str| jiedai::time::parse_instant(s);
    let summary = |s: &Store| {
        s.handover_summary(
            "王科员",
            month("2026-11-01T00:00:00+08:00"),
            month("2026-11-30T00:00:00+08:00"),
        )
        .unwrap()
    };
    // The anchor names each record's own chain: on SQLite the ledger over every
    // table, on PostgreSQL (until its all-table ledger lands) the timeline's.
    let (mut a, mut b) = (summary(l), summary(p));
    assert!(a.chain_head.take().is_some() && b.chain_head.take().is_some());
    assert_eq!(a, b);
    let today = day("2026-11-28");
    assert_eq!(l.desk_counts(today).unwrap(), p.desk_counts(today).unwrap());
}

/// Runs the program on `db` and gives what it printed; it must succeed.
fn ok(db: &str, args: &[&str]) -> String {
    let out = jiedai(Path::new(db), TODAY, args);
    assert!(out.status.success(), "{db} {args:?}: {}", stderr(&out));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn stats_report_and_export_from_the_command_line_agree() {
    let Some(h) = PgHarness::new() else { return };
    let dir = tempfile::tempdir().unwrap();
    let (no, url, file) = both_closed(&h, &dir);
    let file = file.to_str().unwrap();
    let month = ["--from", "2026-11", "--to", "2026-11"];
    // What an officer reads of the record before any output is written.
    for args in [
        vec!["--lang", "zh", "case", "show", no[&'A'].as_str()],
        vec!["case", "show", "--json", no[&'H'].as_str()],
        vec!["--lang", "zh", "audit"],
        vec!["audit", "--json"],
    ] {
        assert_eq!(ok(&url, &args), ok(file, &args), "{args:?}");
    }

    let json = |db: &str| {
        let mut args = vec!["stats", "--json"];
        args.extend(month);
        serde_json::from_str::<serde_json::Value>(&ok(db, &args)).unwrap()
    };
    let s = json(&url);
    assert_eq!(s, json(file));
    assert_eq!(
        (s["batches"].as_u64(), s["people"].as_u64()),
        (Some(9), Some(14))
    );
    assert_eq!(s["new_cases"], 7);
    let f = &s["figures"];
    assert_eq!(
        (
            &f["on_time_rate"]["numerator"],
            &f["on_time_rate"]["denominator"]
        ),
        (&serde_json::json!(3), &serde_json::json!(3))
    );
    assert_eq!(f["repeat_rate_permille"]["denominator"], 6);
    assert_eq!(f["upper_closed_rate"]["numerator"], 1);
    assert_eq!(f["overdue_now"]["value"], 1);

    for extra in [
        vec!["--lang", "zh", "stats"],
        vec!["--lang", "en", "stats", "--by", "category"],
        vec!["--lang", "en", "stats", "--explain", "repeat_rate_permille"],
    ] {
        let mut args = extra.clone();
        args.extend(month);
        assert_eq!(ok(&url, &args), ok(file, &args), "{args:?}");
    }
    for args in [
        ["report", "day", "--date", "2026-11-18", "--json"],
        ["report", "week", "--date", "2026-11-18", "--json"],
        ["report", "year", "--date", "2026-11-18", "--json"],
    ] {
        assert_eq!(ok(&url, &args), ok(file, &args), "{args:?}");
    }
    let explained = ok(
        &url,
        &[
            "--lang",
            "en",
            "stats",
            "--explain",
            "on_time_rate",
            "--from",
            "2026-11",
            "--to",
            "2026-11",
        ],
    );
    assert!(
        explained.contains("3/3") && explained.contains(&no[&'E']),
        "{explained}"
    );

    let out = |name: &str| dir.path().join(name).to_str().unwrap().to_string();
    let (pg_md, lite_md) = (out("pg.md"), out("lite.md"));
    ok(&url, &["--lang", "zh", "report", "month", "--out", &pg_md]);
    ok(
        file,
        &["--lang", "zh", "report", "month", "--out", &lite_md],
    );
    let report = std::fs::read_to_string(&pg_md).unwrap();
    assert_eq!(report, std::fs::read_to_string(&lite_md).unwrap());
    assert!(
        report.starts_with("# 信访工作报告 2026-11-01 至 2026-11-30"),
        "{report}"
    );
    assert!(report.contains(&no[&'O']), "the overdue case: {report}");

    let (pg_csv, lite_csv) = (out("pg.csv"), out("lite.csv"));
    ok(
        &url,
        &[
            "export",
            "--from",
            "2026-11-01",
            "--to",
            "2026-11-30",
            "--out",
            &pg_csv,
        ],
    );
    ok(
        file,
        &[
            "export",
            "--from",
            "2026-11-01",
            "--to",
            "2026-11-30",
            "--out",
            &lite_csv,
        ],
    );
    let csv = std::fs::read_to_string(&pg_csv).unwrap();
    assert_eq!(csv, std::fs::read_to_string(&lite_csv).unwrap());
    // A header and the month's nine contacts; identifiers masked.
    assert_eq!(csv.lines().count(), 10, "{csv}");
    assert!(
        csv.contains("张伟") && !csv.contains("11010519491231002X"),
        "{csv}"
    );

    // Each output is on the audit log of its own record.
    let audit = ok(&url, &["audit", "--json"]);
    assert!(
        audit.contains("pg.md") && audit.contains("pg.csv"),
        "{audit}"
    );
    assert!(!audit.contains("lite.csv"), "{audit}");
}

/// The two ratings of the month's ratings check, given through the port.
fn rate(m: &mut Month) -> Result<(), jiedai::store::StoreError> {
    use jiedai::domain::ratings::{RatingResult, RatingStage, RatingVia};
    for (key, on, stage, result) in [
        (
            'E',
            "2026-11-06",
            RatingStage::Accept,
            RatingResult::Satisfied,
        ),
        (
            'A',
            "2026-11-12",
            RatingStage::Reply,
            RatingResult::Dissatisfied,
        ),
    ] {
        let e = jiedai::store::Evaluation {
            stage,
            result,
            via: RatingVia::Phone,
            date: None,
            text: None,
        };
        m.store.set_time(at(&format!("{on}T09:00:00+08:00")));
        m.store.evaluate("王科员", &m.no[&key], &e)?;
    }
    m.store.set_time(at(TODAY));
    Ok(())
}

/// Ratings given through the port on each backend count alike in the figures.
#[test]
fn ratings_count_alike_on_both_backends() {
    let Some(h) = PgHarness::new() else { return };
    let dir = tempfile::tempdir().unwrap();
    let (mut lite, mut pg, _url) = both(&h, &dir);
    rate(&mut lite).unwrap();
    rate(&mut pg).unwrap();
    for (from, to) in [("2026-11-01", "2026-11-30"), ("2026-01-01", "2026-12-31")] {
        let (from, to) = (day(from), day(to));
        let a = lite.store.figure_report(from, to, None).unwrap();
        let b = pg.store.figure_report(from, to, None).unwrap();
        assert_eq!(a.facts, b.facts, "{from}..{to}");
        assert_eq!(a.figures, b.figures, "{from}..{to}");
        let rated = a.figure("rated_share").unwrap();
        assert_eq!((rated.numerator, rated.denominator), (2, 5), "{rated:?}");
        let satisfied = b.figure("satisfied_rate").unwrap();
        assert_eq!((satisfied.numerator, satisfied.denominator), (1, 2));
    }
}

/// The screen once it shows `what` and has stopped changing: a frame is read as
/// its bytes arrive, so the first sight of its title may come before its rows.
fn settled(desk: &crate::desk_pty::Desk, what: &str) -> String {
    let (mut seen, mut same) = (desk.wait_for(what), 0);
    while same < 3 {
        std::thread::sleep(std::time::Duration::from_millis(150));
        let now = desk.wait_for(what);
        same = if now == seen { same + 1 } else { 0 };
        seen = now;
    }
    seen
}

/// The desk's statistics screen (`S`) on the server shows what it shows on the
/// file: the same month, the same keys, the same screen, in both languages.
#[test]
fn the_statistics_screen_is_the_same_on_both_backends() {
    let Some(h) = PgHarness::new() else { return };
    let dir = tempfile::tempdir().unwrap();
    let (_, url, file) = both_closed(&h, &dir);
    let screens = |db: &Path, lang: &str, cols: u16, rows: u16| {
        let args = ["--officer", "王科员", "--lang", lang];
        let mut desk = crate::desk_pty::Desk::start(dir.path(), db, &args, cols, rows);
        let title = if lang == "zh" {
            "考核指标"
        } else {
            "Office figures"
        };
        desk.wait_for(if lang == "zh" {
            "来访队列"
        } else {
            "Queue"
        });
        desk.send("S");
        // The title shows at once; the period with its days once the figures came.
        let year = settled(&desk, "2026-01-01—2026-12-31");
        desk.send("p");
        let month = settled(&desk, "2026-11-01—2026-11-30");
        desk.send("\u{1b}");
        desk.wait_gone(&format!("{title} ·"));
        desk.send("q");
        desk.wait_exit();
        (year, month)
    };
    for (lang, cols, rows) in [("zh", 80, 24), ("en", 120, 40)] {
        let (year, month) = screens(Path::new(&url), lang, cols, rows);
        let (file_year, file_month) = screens(&file, lang, cols, rows);
        for (pg, lite) in [(&year, &file_year), (&month, &file_month)] {
            for (n, (a, b)) in pg.lines().zip(lite.lines()).enumerate() {
                assert_eq!(a, b, "{lang} {cols}×{rows}, line {n}");
            }
            assert_eq!(pg.lines().count(), lite.lines().count());
        }
        // November: on time 3/3, initial 2/2, repeats 1 of 6, one overdue.
        for part in ["3/3", "2/2", "1/6"] {
            assert!(month.contains(part), "{part} missing:\n{month}");
        }
    }
}

//! The demo looks like an office a chief would recognize (issue 10.17, 11): flags
//! in date order, case numbers in registration order, transfers to the unit that
//! handles the category, contacts about their case's matter, today's walk-ins over
//! the morning with some familiar faces, a share of matters from above, and
//! figures of a plausible office.

use crate::common::*;
use jiedai::domain::figures_by::{period_of, Span};

fn demo_file() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(
        dir.path().join("demo.db"),
        OpenMode::Create,
        at("2026-11-28T11:40:00+08:00"),
    )
    .unwrap();
    jiedai::demo::fill(&mut store, 1500, 11, |_| {}).unwrap();
    (dir, store)
}

fn count(conn: &rusqlite::Connection, sql: &str) -> i64 {
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn the_demo_reads_like_an_office_record() {
    let (_dir, store) = demo_file();
    let conn = rusqlite::Connection::open(store.path()).unwrap();
    reads_like_an_office_record(&conn);
    plausible_figures(&store);
}

/// The whole demo as `jiedai demo` makes it, with the registers and the leaders'
/// year after the office's history: their collective visits and notices keep
/// case numbers and flags in order, and today's queue numbers follow arrival —
/// the 老户 who comes back this morning included, booked for today's reception.
#[test]
fn the_whole_demo_keeps_numbers_and_flags_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let out = crate::common::runner::jiedai(
        &db,
        "2026-11-28T11:40:00+08:00",
        &["demo", "--petitioners", "1500", "--seed", "11"],
    );
    assert!(
        out.status.success(),
        "{}",
        crate::common::runner::stderr(&out)
    );
    let conn = rusqlite::Connection::open(&db).unwrap();
    reads_like_an_office_record(&conn);
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM contacts a JOIN contacts b ON a.queue_date = b.queue_date
             AND a.queue_no < b.queue_no AND a.arrived_at > b.arrived_at
             WHERE a.queue_date = '2026-11-28'"
        ),
        0
    );
    // The returning 老户 is in today's queue, flagged 包案, with a booking today.
    assert_eq!(
        count(
            &conn,
            r#"SELECT count(*) FROM contacts k JOIN reception_bookings b
               ON b.petitioner_id = k.petitioner_id JOIN receptions r ON r.id = b.reception_id
               WHERE k.queue_date = '2026-11-28' AND r.day = '2026-11-28'
               AND instr(k.flags, '"baoan"') > 0"#
        ),
        1
    );
}

fn reads_like_an_office_record(conn: &rusqlite::Connection) {
    let firsts =
        "(SELECT petitioner_id, min(arrived_at) AS t FROM contacts GROUP BY petitioner_id)";
    // Nobody's first contact is a return, and nobody is 初访 after it.
    assert_eq!(
        count(
            conn,
            &format!(
                r#"SELECT count(*) FROM contacts k JOIN {firsts} f ON f.petitioner_id = k.petitioner_id
                   WHERE (k.arrived_at = f.t AND instr(k.flags, '"returning"') > 0)
                      OR (k.arrived_at > f.t AND instr(k.flags, '"first"') > 0)"#
            )
        ),
        0
    );
    // Case numbers follow registration within each year.
    assert_eq!(
        count(
            conn,
            "SELECT count(*) FROM cases a JOIN cases b
             ON substr(a.case_no, 1, 4) = substr(b.case_no, 1, 4)
             AND a.case_no < b.case_no AND a.registered_at > b.registered_at"
        ),
        0
    );
    // 涉法涉诉 goes to the court or procuratorate, never to the 医疗保障局.
    assert_eq!(
        count(
            conn,
            "SELECT count(*) FROM cases c JOIN units u ON u.id = c.unit_id
             WHERE c.category LIKE '政法/涉法涉诉' AND u.name NOT IN ('区人民法院', '区人民检察院')"
        ),
        0
    );
    assert!(count(conn, "SELECT count(*) FROM cases WHERE unit_id IS NOT NULL") > 100);
    // A contact on a case is about that case's matter.
    assert_eq!(
        count(
            conn,
            "SELECT count(*) FROM contacts k JOIN cases c ON c.id = k.case_id
             WHERE k.matter <> c.matter AND k.matter <> '再次反映' || substr(c.matter, 3)
             AND k.matter <> '再次反映：' || c.matter"
        ),
        0
    );
    // About one matter in ten comes from above.
    let cases = count(conn, "SELECT count(*) FROM cases");
    let above = count(conn, "SELECT count(*) FROM cases WHERE source <> 'local'");
    assert!(
        (cases / 20..cases / 6).contains(&above),
        "{above} of {cases}"
    );
    // Today's walk-ins arrive over the morning, and some have been here before.
    let today = "queue_date = '2026-11-28'";
    let spread = count(
        conn,
        &format!(
            "SELECT (max(strftime('%s', arrived_at)) - min(strftime('%s', arrived_at))) / 60
             FROM contacts WHERE {today}"
        ),
    );
    assert!(spread >= 90, "today's walk-ins within {spread} minutes");
    assert!(
        count(
            conn,
            &format!(
                r#"SELECT count(*) FROM contacts WHERE {today} AND instr(flags, '"returning"') > 0"#
            )
        ) >= 1
    );
}

/// The figures of an office that mostly meets its targets.
fn plausible_figures(store: &Store) {
    let (from, to) = period_of(Span::Year, store.today());
    let r = store.figure_report(from, to, None).unwrap();
    let value = |name: &str| r.figure(name).unwrap().value.unwrap();
    assert!(value("on_time_rate") > 0.95, "{}", value("on_time_rate"));
    assert!(value("initial_closed_rate") > 0.95);
    assert!(value("settled_rate") > 0.9);
    // Not 296‰: a few matters in a thousand come back.
    let repeat = value("repeat_rate_permille");
    assert!(repeat < 15.0, "{repeat}‰");
    let roster = r.figure("long_standing_resolved_rate").unwrap();
    assert!(roster.denominator > 0);
    assert!(r.volume.visit_people > r.volume.visit_batches);
}

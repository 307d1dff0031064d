//! Moving an office between backends through the real program: `migrate` copies a
//! file onto a server and proves it, a second move onto a record is refused, a
//! server's `backup` is a file that verifies, and the bulk jobs (`import`, `demo`)
//! run on a server whole or not at all. Needs `JIEDAI_TEST_PG` as `postgres` does.

use crate::common::runner::{code, jiedai, stderr, TempDb};
use crate::postgres_desks::record as server_record;
use serde_json::Value;
use std::path::Path;

const NOW: &str = "2026-11-02T09:00:00+08:00";

fn ok(db: &Path, args: &[&str]) -> String {
    let out = jiedai(db, NOW, args);
    assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn json(db: &Path, args: &[&str]) -> Value {
    serde_json::from_str(&ok(db, args)).unwrap()
}

/// Rows of every table the server has, by name (its own bookkeeping left out).
fn server_counts(url: &str) -> Vec<(String, i64)> {
    let mut c = postgres::Client::connect(url, postgres::NoTls).unwrap();
    let tables: Vec<String> = c
        .query(
            "SELECT tablename::text FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .filter(|t: &String| t != "jiedai_schema")
        .collect();
    tables
        .into_iter()
        .map(|t| {
            let n: i64 = c
                .query_one(&format!("SELECT count(*) FROM \"{t}\""), &[])
                .unwrap()
                .get(0);
            (t, n)
        })
        .collect()
}

fn file_count(path: &Path, table: &str) -> i64 {
    rusqlite::Connection::open(path)
        .unwrap()
        .query_row(&format!("SELECT count(*) FROM \"{table}\""), [], |r| {
            r.get(0)
        })
        .unwrap()
}

/// A desk's record without the registers the server may not keep yet: people
/// with ID numbers and phones, cases moved along, a unit, a shift, the audit log.
fn desk_record(db: &Path) {
    ok(db, &["unit", "add", "市住建局"]);
    ok(db, &["shift", "start"]);
    let first = json(
        db,
        &[
            "checkin",
            "--name",
            "张伟",
            "--id-number",
            "110101199003074514",
            "--phone",
            "13800138000",
            "--matter",
            "反映小区物业违规收费",
            "--json",
        ],
    );
    let no = first["case_no"].as_str().unwrap().to_string();
    ok(db, &["case", "transfer", &no, "--unit", "市住建局"]);
    for name in ["李娜", "王芳", "刘洋"] {
        ok(
            db,
            &[
                "checkin",
                "--name",
                name,
                "--matter",
                "拖欠工资\t两个月\n未付",
            ],
        );
    }
    let id = first["petitioner_id"].to_string();
    ok(db, &["person", "show", &id, "--reveal"]);
    ok(db, &["shift", "end"]);
}

#[test]
fn a_file_moved_to_a_server_verifies_there_with_the_same_head_and_rows() {
    let Some(url) = server_record() else { return };
    let file = TempDb::new();
    desk_record(&file.path);
    let moved = json(&file.path, &["migrate", "--to", &url, "--json"]);
    assert_eq!(moved["mismatches"], serde_json::json!([]), "{moved:#}");
    let tables = moved["tables"].as_array().unwrap();
    for t in [
        "petitioners",
        "cases",
        "contacts",
        "events",
        "audit",
        "shifts",
        "units",
    ] {
        let row = tables.iter().find(|r| r["table"] == t).unwrap();
        assert_eq!(row["source"], row["target"], "{t}");
        assert_eq!(
            row["source"].as_i64().unwrap(),
            file_count(&file.path, t),
            "{t}"
        );
    }
    let head = &moved["timeline_head"];
    assert_eq!(head["file"], head["server"]);
    let events = file_count(&file.path, "events");
    assert!(head["server"]
        .as_str()
        .unwrap()
        .starts_with(&format!("{events}:")));
    // Each end verifies on its own, and the server's verify ends on the same head.
    let server = Path::new(&url);
    let report = json(server, &["verify", "--json"]);
    assert_eq!(report["problems"], serde_json::json!([]));
    assert!(moved["ledger_head"]["file"].is_string(), "{moved}");
    assert_eq!(moved["ledger_head"]["file"], moved["ledger_head"]["server"]);
    assert_eq!(report["chain_head"], moved["ledger_head"]["server"]);
    ok(&file.path, &["verify"]);
    // The office carries on there: numbers continue after the file's.
    let next = json(server, &["checkin", "--name", "赵敏", "--json"]);
    let last = json(&file.path, &["checkin", "--name", "赵敏", "--json"]);
    assert_eq!(next["case_no"], last["case_no"]);
    assert_eq!(next["queue_no"], last["queue_no"]);
    assert_eq!(next["petitioner_id"], last["petitioner_id"]);
    assert!(ok(server, &["lookup", "李娜"]).contains("李娜"));
}

#[test]
fn a_second_move_onto_a_record_is_refused_and_changes_nothing() {
    let Some(url) = server_record() else { return };
    let file = TempDb::new();
    desk_record(&file.path);
    ok(&file.path, &["migrate", "--to", &url]);
    let before = server_counts(&url);
    ok(&file.path, &["checkin", "--name", "孙丽"]);
    for force in [false, true] {
        let mut args = vec!["--lang", "en", "migrate", "--to", url.as_str()];
        if force {
            args.push("--force");
        }
        let out = jiedai(&file.path, NOW, &args);
        assert_eq!(code(&out), 3, "{}", stderr(&out));
        assert!(
            stderr(&out).contains("already holds a record"),
            "{}",
            stderr(&out)
        );
        assert_eq!(server_counts(&url), before);
    }
}

#[test]
fn a_record_the_server_cannot_hold_yet_is_not_moved_in_part() {
    let Some(url) = server_record() else { return };
    let file = TempDb::new();
    desk_record(&file.path);
    // A table the server's schema lacks, with a row in it.
    rusqlite::Connection::open(&file.path)
        .unwrap()
        .execute_batch("CREATE TABLE notes_of_another_tool (x TEXT); INSERT INTO notes_of_another_tool VALUES ('x');")
        .unwrap();
    let out = jiedai(&file.path, NOW, &["migrate", "--to", &url]);
    assert_eq!(code(&out), 3, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("notes_of_another_tool"),
        "{}",
        stderr(&out)
    );
    assert!(server_counts(&url)
        .iter()
        .filter(|(t, _)| t != "meta" && t != "counters" && t != "units" && t != "categories")
        .all(|(_, n)| *n == 0));
}

#[test]
fn a_demo_office_moves_whole_or_not_at_all() {
    let Some(url) = server_record() else { return };
    let file = TempDb::new();
    ok(&file.path, &["demo", "--petitioners", "30", "--seed", "7"]);
    let out = jiedai(&file.path, NOW, &["migrate", "--to", &url, "--json"]);
    if out.status.success() {
        let moved: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(moved["mismatches"], serde_json::json!([]), "{moved:#}");
        for t in moved["tables"].as_array().unwrap() {
            assert_eq!(t["source"], t["target"], "{t}");
        }
        assert_eq!(
            moved["timeline_head"]["file"],
            moved["timeline_head"]["server"]
        );
    } else {
        // The demo fills registers the server does not keep yet: it says which,
        // and nothing of the office lands there.
        assert_eq!(code(&out), 3, "{}", stderr(&out));
        assert!(
            stderr(&out).contains("has no table for"),
            "{}",
            stderr(&out)
        );
        let counts = server_counts(&url);
        assert!(counts.iter().any(|(t, n)| t == "petitioners" && *n == 0));
        assert!(counts.iter().any(|(t, n)| t == "events" && *n == 0));
    }
}

#[test]
fn a_server_record_backs_up_into_a_file_that_verifies() {
    let Some(url) = server_record() else { return };
    let server = Path::new(&url);
    desk_record(server);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("copy.db");
    ok(server, &["backup", out.to_str().unwrap()]);
    let said = ok(&out, &["--lang", "en", "verify"]);
    assert!(said.contains("every table matches the ledger"), "{said}");
    let counts = server_counts(&url);
    for t in [
        "officers",
        "units",
        "petitioners",
        "cases",
        "contacts",
        "events",
        "shifts",
    ] {
        let on_server = counts.iter().find(|(n, _)| n == t).unwrap().1;
        assert_eq!(file_count(&out, t), on_server, "{t}");
    }
    // The backup's own audit entry is written after the copy, as on a file.
    let audit = counts.iter().find(|(n, _)| n == "audit").unwrap().1;
    assert_eq!(file_count(&out, "audit"), audit - 1);
    // The same timeline, to the last hash.
    let server_head: String = postgres::Client::connect(&url, postgres::NoTls)
        .unwrap()
        .query_one(
            "SELECT id::text || ':' || encode(hash, 'hex') FROM events ORDER BY id DESC LIMIT 1",
            &[],
        )
        .unwrap()
        .get(0);
    let hex: String = rusqlite::Connection::open(&out)
        .unwrap()
        .query_row(
            "SELECT id || ':' || lower(hex(hash)) FROM events ORDER BY id DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(server_head, hex);
    // Never written over.
    let again = jiedai(server, NOW, &["backup", out.to_str().unwrap()]);
    assert_eq!(code(&again), 3, "{}", stderr(&again));
    // And the file moves back onto a new server record, proven.
    let Some(back) = server_record() else { return };
    let moved = json(&out, &["migrate", "--to", &back, "--json"]);
    assert_eq!(moved["mismatches"], serde_json::json!([]), "{moved:#}");
}

#[test]
fn import_on_a_server_writes_all_rows_or_none() {
    let Some(url) = server_record() else { return };
    let server = Path::new(&url);
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.csv");
    std::fs::write(
        &good,
        "name,phone,matter,arrived_at\n李四,13900139000,拖欠工资,2026-10-01 09:00\n王五,,土地纠纷,2026-10-02\n",
    )
    .unwrap();
    let bad = dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        "name,headcount,arrived_at\n赵六,1,2026-10-03 09:00\n钱七,many,2026-10-04 09:00\n",
    )
    .unwrap();
    ok(server, &["import", good.to_str().unwrap()]);
    let contacts = |url: &str| {
        server_counts(url)
            .into_iter()
            .find(|(t, _)| t == "contacts")
            .unwrap()
            .1
    };
    assert_eq!(contacts(&url), 2);
    // The same file again adds nothing; a dry run writes nothing.
    ok(server, &["import", good.to_str().unwrap()]);
    assert_eq!(contacts(&url), 2);
    let fresh = dir.path().join("fresh.csv");
    std::fs::write(
        &fresh,
        "name,matter,arrived_at\n孙八,房屋拆迁,2026-10-05 09:00\n",
    )
    .unwrap();
    ok(server, &["import", "--dry-run", fresh.to_str().unwrap()]);
    assert_eq!(contacts(&url), 2);
    let out = jiedai(server, NOW, &["import", bad.to_str().unwrap()]);
    assert_ne!(code(&out), 0);
    assert_eq!(contacts(&url), 2);
    assert!(ok(server, &["lookup", "李四"]).contains("李四"));
    let report = json(server, &["verify", "--json"]);
    assert_eq!(report["problems"], serde_json::json!([]));
}

#[test]
fn a_demo_on_a_server_is_the_same_office_as_on_a_file() {
    let Some(url) = server_record() else { return };
    let server = Path::new(&url);
    let out = jiedai(server, NOW, &["demo", "--petitioners", "20", "--seed", "3"]);
    let counts = server_counts(&url);
    let rows = |t: &str| counts.iter().find(|(n, _)| n == t).unwrap().1;
    if !out.status.success() {
        // A register the demo fills is not on the server yet: refused in words,
        // and the batch leaves no person, case or event behind.
        assert_eq!(code(&out), 3, "{}", stderr(&out));
        assert!(
            stderr(&out).contains("not supported on PostgreSQL yet"),
            "{}",
            stderr(&out)
        );
        for t in ["petitioners", "cases", "contacts", "events"] {
            assert_eq!(rows(t), 0, "{t}");
        }
        return;
    }
    let file = TempDb::new();
    ok(&file.path, &["demo", "--petitioners", "20", "--seed", "3"]);
    for t in [
        "petitioners",
        "cases",
        "contacts",
        "events",
        "case_petitioners",
    ] {
        assert_eq!(rows(t), file_count(&file.path, t), "{t}");
    }
    let report = json(server, &["verify", "--json"]);
    assert_eq!(report["problems"], serde_json::json!([]));
    // A second demo onto the office is refused, as on a file.
    let again = jiedai(server, NOW, &["demo", "--petitioners", "5"]);
    assert_eq!(code(&again), 3, "{}", stderr(&again));
}

#[test]
fn a_file_that_fails_its_own_check_is_not_moved() {
    let Some(url) = server_record() else { return };
    let file = TempDb::new();
    desk_record(&file.path);
    // A phone changed behind the program's back: the file's ledger catches it.
    rusqlite::Connection::open(&file.path)
        .unwrap()
        .execute_batch("UPDATE petitioners SET phone = '13000000000' WHERE id = 1")
        .unwrap();
    let out = jiedai(&file.path, NOW, &["--lang", "en", "migrate", "--to", &url]);
    assert_eq!(code(&out), 3, "{}", stderr(&out));
    assert!(stderr(&out).contains("does not verify"), "{}", stderr(&out));
    assert!(server_counts(&url)
        .iter()
        .any(|(t, n)| t == "petitioners" && *n == 0));
}

#[test]
fn rows_the_server_changes_on_arrival_are_caught_and_nothing_is_kept() {
    let Some(url) = server_record() else { return };
    let file = TempDb::new();
    desk_record(&file.path);
    // The record's tables made first (the seeded lists' ledger emptied again, so
    // that the move still finds no record there), then another program's trigger
    // that rewrites each person's phone as the row arrives: what lands is not
    // what the file holds.
    ok(Path::new(&url), &["init"]);
    postgres::Client::connect(&url, postgres::NoTls)
        .unwrap()
        .batch_execute(
            "ALTER TABLE ledger DISABLE TRIGGER USER;
             ALTER TABLE ledger_tables DISABLE TRIGGER USER;
             DELETE FROM ledger; DELETE FROM ledger_tables;
             ALTER TABLE ledger ENABLE TRIGGER USER;
             ALTER TABLE ledger_tables ENABLE TRIGGER USER;
             CREATE FUNCTION other_tool() RETURNS trigger LANGUAGE plpgsql AS
             $f$ BEGIN NEW.phone := '13000000000'; RETURN NEW; END $f$;
             CREATE TRIGGER other_tool BEFORE INSERT ON petitioners
             FOR EACH ROW EXECUTE FUNCTION other_tool();",
        )
        .unwrap();
    let out = jiedai(&file.path, NOW, &["--lang", "en", "migrate", "--to", &url]);
    assert_eq!(code(&out), 3, "{}", stderr(&out));
    let said = stderr(&out);
    assert!(said.contains("hash differently"), "{said}");
    assert!(said.contains("petitioners"), "{said}");
    assert!(said.contains("nothing was moved"), "{said}");
    let counts = server_counts(&url);
    for table in ["petitioners", "cases", "events", "ledger", "ledger_pending"] {
        assert!(
            counts.iter().any(|(t, n)| t == table && *n == 0),
            "{table}: {counts:?}"
        );
    }
}

//! The whole record under the chain (issue 7 item 3): each edit the `sqlite3` shell
//! can make behind the program's back — every trigger dropped first — is named by
//! `verify` (exit 6); a ledger rebuilt with correct SHA-256 is caught by an anchor
//! taken before; `--since-anchor` checks what came after an anchor.

use crate::common::runner::{code, jiedai, stderr};
use serde_json::Value;
use std::path::{Path, PathBuf};

const NOW: &str = "2026-11-28T09:30:00+08:00";

/// A record with one of everything: people with ID numbers and phones, cases with
/// categories and due dates, a linked pair, audit rows, a shift with notes.
fn record() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("desk.db");
    let run = |args: &[&str]| {
        let out = jiedai(&db, NOW, args);
        assert_eq!(code(&out), 0, "{args:?}: {}", stderr(&out));
        out
    };
    run(&["shift", "start"]);
    run(&[
        "checkin",
        "--name",
        "张三",
        "--id-number",
        "11010519491231002X",
        "--phone",
        "13800138000",
        "--matter",
        "反映小区物业违规收费",
        "--category",
        "物业管理",
    ]);
    run(&[
        "checkin",
        "--name",
        "李四",
        "--phone",
        "13900139000",
        "--matter",
        "拖欠工资",
    ]);
    run(&["case", "link", "2026-000001", "2026-000002"]);
    run(&["person", "show", "1", "--reveal"]);
    run(&["handover", "notes", "五楼电梯坏了"]);
    let out = jiedai(&db, NOW, &["verify"]);
    assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stdout));
    (dir, db)
}

/// What someone with the `sqlite3` shell does: every trigger dropped (the guards
/// and the ledger's), foreign keys off, then the edit.
pub fn tamper(db: &Path, sql: &str) {
    let conn = rusqlite::Connection::open(db).unwrap();
    drop_triggers(&conn, "%");
    conn.execute_batch("PRAGMA foreign_keys = OFF").unwrap();
    conn.execute_batch(sql).unwrap();
}

/// Drops the triggers whose name is LIKE `pattern`.
fn drop_triggers(conn: &rusqlite::Connection, pattern: &str) {
    let triggers: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'trigger' AND name LIKE ?1")
        .unwrap()
        .query_map([pattern], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for t in triggers {
        conn.execute_batch(&format!("DROP TRIGGER {t}")).unwrap();
    }
}

/// Takes the ledger out of a file, as it was before the migration that added it.
pub fn unledger(conn: &rusqlite::Connection) {
    drop_triggers(conn, "ledger%");
    conn.execute_batch(
        "DROP TABLE ledger; DROP TABLE ledger_pending; DROP TABLE ledger_marks;
         DROP TABLE ledger_tables; DELETE FROM meta WHERE key = 'ledger_head';",
    )
    .unwrap();
}

fn problems(db: &Path, args: &[&str]) -> Vec<String> {
    let mut all = vec!["verify", "--json"];
    all.extend_from_slice(args);
    let out = jiedai(db, NOW, &all);
    let report: Value = serde_json::from_slice(&out.stdout).expect("a JSON report");
    assert_eq!(code(&out), 6, "not caught: {report}");
    report["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap().to_string())
        .collect()
}

#[test]
fn every_edit_behind_the_programs_back_is_named_by_verify() {
    let edits: &[(&str, &str, &str)] = &[
        (
            "delete a case",
            "DELETE FROM cases WHERE id = 2",
            "cases row 2: deleted",
        ),
        (
            "delete a petitioner",
            "DELETE FROM petitioners WHERE id = 2",
            "petitioners row 2: deleted",
        ),
        (
            "delete a contact",
            "DELETE FROM contacts WHERE id = 1",
            "contacts row 1: deleted",
        ),
        (
            "drop the newest event and fix up the timeline's head",
            "DELETE FROM events WHERE id = (SELECT max(id) FROM events);
             UPDATE meta SET value = (SELECT lower(hex(hash)) FROM events ORDER BY id DESC LIMIT 1)
              WHERE key = 'chain_head';
             UPDATE meta SET value = (SELECT max(id) FROM events) WHERE key = 'chain_length';",
            "events row",
        ),
        (
            "rename an officer",
            "UPDATE officers SET name = '赵六' WHERE id = 1",
            "officers row 1: edited",
        ),
        (
            "change an ID number",
            "UPDATE petitioners SET id_number = '110105194912310038' WHERE id = 1",
            "petitioners row 1: edited",
        ),
        (
            "change a phone",
            "UPDATE petitioners SET phone = '13700000000' WHERE id = 1",
            "petitioners row 1: edited",
        ),
        (
            "change a name",
            "UPDATE petitioners SET name = '张叁' WHERE id = 1",
            "petitioners row 1: edited",
        ),
        (
            "change a matter",
            "UPDATE cases SET matter = '无' WHERE id = 1",
            "cases row 1: edited",
        ),
        (
            "change a contact's matter",
            "UPDATE contacts SET matter = '无' WHERE id = 1",
            "contacts row 1: edited",
        ),
        (
            "change a category",
            "UPDATE cases SET category = '其他' WHERE id = 1",
            "cases row 1: edited",
        ),
        (
            "change a queue number",
            "UPDATE contacts SET queue_no = 9 WHERE id = 1",
            "contacts row 1: edited",
        ),
        (
            "change an arrival time",
            "UPDATE contacts SET arrived_at = '2026-11-27T09:00:00+08:00' WHERE id = 1",
            "contacts row 1: edited",
        ),
        (
            "push a due date",
            "UPDATE cases SET due_on = '2099-12-31' WHERE id = 1",
            "cases row 1: edited",
        ),
        (
            "re-link a case to another person",
            "UPDATE case_petitioners SET petitioner_id = 2 WHERE case_id = 1",
            "case_petitioners row (1, 1): deleted",
        ),
        (
            "re-link a contact to another person",
            "UPDATE contacts SET petitioner_id = 2 WHERE id = 1",
            "contacts row 1: edited",
        ),
        (
            "edit an audit row",
            "UPDATE audit SET action = 'lookup' WHERE action = 'reveal'",
            "audit row",
        ),
        (
            "delete an audit row",
            "DELETE FROM audit WHERE action = 'reveal'",
            "audit row",
        ),
        (
            "rewrite handover notes",
            "UPDATE shifts SET notes = '一切正常'",
            "shifts row 1: edited",
        ),
        (
            "add a person",
            "INSERT INTO petitioners(name, pinyin, initials, created_at, created_by)
             VALUES ('王五', 'wangwu', 'ww', '2026-11-28T09:00:00+08:00', 1)",
            "petitioners row 3: inserted",
        ),
        (
            "add a unit",
            "INSERT INTO units(name, created_at) VALUES ('某局', 'x')",
            "units row",
        ),
        (
            "drop the audit log",
            "DROP TABLE audit",
            "audit: the whole table is gone",
        ),
    ];
    for (what, sql, said) in edits {
        let (_dir, db) = record();
        tamper(&db, sql);
        let found = problems(&db, &[]);
        assert!(
            found.iter().any(|p| p.contains(said)),
            "{what}: expected {said:?} in {found:#?}"
        );
        // The triggers were dropped, and verify says so too.
        assert!(
            found.iter().any(|p| p.contains("triggers were removed")),
            "{what}"
        );
    }
}

#[test]
fn an_edit_with_the_triggers_in_place_is_marked_as_another_programs_even_after_desks_write() {
    let (_dir, db) = record();
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute(
        "UPDATE petitioners SET phone = '13700000000' WHERE id = 1",
        [],
    )
    .unwrap();
    drop(conn);
    let found = problems(&db, &[]);
    assert!(
        found
            .iter()
            .any(|p| p.contains("petitioners row 1: written by another program")),
        "{found:#?}"
    );
    // The next desk's write seals it, as someone else's: still named.
    let out = jiedai(&db, NOW, &["checkin", "--name", "王五"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let found = problems(&db, &[]);
    assert!(
        found.iter().any(
            |p| p.contains("petitioners row 1: written by another program than jiedai (sealed")
        ),
        "{found:#?}"
    );
}

#[test]
fn a_cut_or_edited_ledger_is_named() {
    let (_dir, db) = record();
    tamper(&db, "DELETE FROM ledger WHERE seq = 3");
    let found = problems(&db, &[]);
    assert!(
        found
            .iter()
            .any(|p| p.contains("ledger entries 3 to 3 are missing")),
        "{found:#?}"
    );
    let (_dir, db) = record();
    tamper(
        &db,
        "DELETE FROM ledger WHERE seq = (SELECT max(seq) FROM ledger)",
    );
    let found = problems(&db, &[]);
    assert!(
        found
            .iter()
            .any(|p| p.contains("ends before its recorded head")),
        "{found:#?}"
    );
}

/// Recomputes the ledger from the tables as they are now, with correct SHA-256, as
/// someone who read the scheme and its storage (DESIGN.md 1.7: a table number per
/// entry, the chain hash of every 256th entry kept as a mark) can: the file alone
/// can then no longer tell, and the triggers are put back.
pub fn rebuild_ledger(db: &Path) {
    use rusqlite::types::ValueRef;
    use sha2::{Digest, Sha256};
    let tables: &[(&str, &str)] = &[
        ("officers", "rowid, 0"),
        ("units", "rowid, 0"),
        ("categories", "rowid, 0"),
        ("petitioners", "rowid, 0"),
        ("cases", "rowid, 0"),
        ("case_petitioners", "case_id, petitioner_id"),
        ("contacts", "rowid, 0"),
        ("events", "rowid, 0"),
        ("shifts", "rowid, 0"),
        ("audit", "rowid, 0"),
        ("baoan", "rowid, 0"),
        ("baoan_log", "rowid, 0"),
        ("baoan_hits", "rowid, 0"),
        ("receptions", "rowid, 0"),
        ("reception_visits", "rowid, 0"),
        ("reception_bookings", "rowid, 0"),
        ("supervisions", "rowid, 0"),
        ("screening_rounds", "rowid, 0"),
        ("screening_items", "rowid, 0"),
        ("screening_item_people", "item_id, petitioner_id"),
        ("contact_risk", "rowid, 0"),
        ("plans", "rowid, 0"),
        ("plan_log", "rowid, 0"),
        ("case_upper", "rowid, 0"),
        ("case_merges", "rowid, 0"),
        ("ratings", "rowid, 0"),
        ("follow_ups", "rowid, 0"),
    ];
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.execute_batch(
        "DROP TRIGGER IF EXISTS ledger_no_delete; DROP TRIGGER IF EXISTS ledger_marks_no_delete;
         DELETE FROM ledger; DELETE FROM ledger_marks; DELETE FROM ledger_pending;",
    )
    .unwrap();
    let mut prev = vec![0u8; 32];
    let mut seq = 0i64;
    for (table, key) in tables {
        let mut stmt = conn
            .prepare(&format!("SELECT {key}, * FROM {table} ORDER BY 1, 2"))
            .unwrap();
        let mut names: Vec<(usize, String)> = stmt
            .column_names()
            .iter()
            .enumerate()
            .skip(2)
            .map(|(i, n)| (i, n.to_string()))
            .collect();
        names.sort_by(|a, b| a.1.cmp(&b.1));
        let mut rows = stmt.query([]).unwrap();
        let mut entries = Vec::new();
        while let Some(r) = rows.next().unwrap() {
            let mut h = Sha256::new();
            for (i, name) in &names {
                let (tag, bytes): (u8, Vec<u8>) = match r.get_ref(*i).unwrap() {
                    ValueRef::Null => continue,
                    ValueRef::Integer(n) => (b'i', n.to_be_bytes().to_vec()),
                    ValueRef::Real(x) => (b'r', x.to_bits().to_be_bytes().to_vec()),
                    ValueRef::Text(t) => (b't', t.to_vec()),
                    ValueRef::Blob(b) => (b'b', b.to_vec()),
                };
                h.update(name.as_bytes());
                h.update([0, tag]);
                if matches!(tag, b't' | b'b') {
                    h.update((bytes.len() as u64).to_be_bytes());
                }
                h.update(&bytes);
            }
            let row_hash: [u8; 32] = h.finalize().into();
            entries.push((
                r.get::<_, i64>(0).unwrap(),
                r.get::<_, i64>(1).unwrap(),
                row_hash,
            ));
        }
        drop(rows);
        conn.execute(
            "INSERT OR IGNORE INTO ledger_tables(name) VALUES (?1)",
            [table],
        )
        .unwrap();
        let code: i64 = conn
            .query_row(
                "SELECT code FROM ledger_tables WHERE name = ?1",
                [table],
                |r| r.get(0),
            )
            .unwrap();
        for (k1, k2, row_hash) in entries {
            seq += 1;
            let mut h = Sha256::new();
            h.update(&prev);
            h.update(seq.to_be_bytes());
            h.update(table.as_bytes());
            h.update([0]);
            h.update(k1.to_be_bytes());
            h.update(k2.to_be_bytes());
            h.update([0]);
            h.update(row_hash);
            let hash: [u8; 32] = h.finalize().into();
            conn.execute(
                "INSERT INTO ledger(seq, t, k1, k2, outside, row_hash)
                 VALUES (?1, ?2, ?3, ?4, 0, ?5)",
                rusqlite::params![seq, code, k1, k2, &row_hash[..]],
            )
            .unwrap();
            if seq % 256 == 0 {
                conn.execute(
                    "INSERT INTO ledger_marks(seq, hash) VALUES (?1, ?2)",
                    rusqlite::params![seq, &hash[..]],
                )
                .unwrap();
            }
            prev = hash.to_vec();
        }
    }
    let head: String = prev.iter().map(|b| format!("{b:02x}")).collect();
    conn.execute(
        "UPDATE meta SET value = ?1 WHERE key = 'ledger_head'",
        [format!("{seq}:{head}")],
    )
    .unwrap();
    // The triggers back as the program makes them, so nothing shows.
    for (table, key) in tables {
        let (a, b) = match key.split_once(", ") {
            Some(("rowid", _)) => ("rowid".to_string(), "0".to_string()),
            Some((x, y)) => (format!("\"{x}\""), format!("\"{y}\"")),
            None => unreachable!("keys are written as two columns"),
        };
        let note = |row: &str| {
            let k = |c: &str| {
                if c == "0" {
                    "0".to_string()
                } else {
                    format!("{row}.{c}")
                }
            };
            format!(
                "INSERT OR IGNORE INTO ledger_pending(tbl, k1, k2) VALUES ('{table}', {}, {});",
                k(&a),
                k(&b)
            )
        };
        conn.execute_batch(&format!(
            "CREATE TRIGGER IF NOT EXISTS ledger_insert_{table} AFTER INSERT ON \"{table}\"
             BEGIN {new} END;
             CREATE TRIGGER IF NOT EXISTS ledger_update_{table} AFTER UPDATE ON \"{table}\"
             BEGIN {old} {new} END;
             CREATE TRIGGER IF NOT EXISTS ledger_delete_{table} AFTER DELETE ON \"{table}\"
             BEGIN {old} END;",
            new = note("NEW"),
            old = note("OLD"),
        ))
        .unwrap();
    }
}

#[test]
fn a_ledger_rebuilt_with_correct_hashes_is_caught_by_an_anchor_taken_before() {
    let (_dir, db) = record();
    let before: Value =
        serde_json::from_slice(&jiedai(&db, NOW, &["verify", "--json"]).stdout).unwrap();
    let anchor = before["chain_head"].as_str().unwrap().to_string();
    tamper(
        &db,
        "UPDATE petitioners SET phone = '13700000000' WHERE id = 1",
    );
    rebuild_ledger(&db);
    let out = jiedai(&db, NOW, &["verify"]);
    assert_eq!(
        code(&out),
        0,
        "the file alone cannot tell: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    // Rebuilt from scratch the ledger is shorter too: the anchor's entry is another
    // one, or gone.
    let found = problems(&db, &["--anchor", &anchor]);
    assert!(
        found
            .iter()
            .any(|p| p.starts_with(&format!("anchor {anchor}"))
                && (p.contains("rebuilt") || p.contains("cut"))),
        "{found:#?}"
    );
}

#[test]
fn since_an_anchor_only_what_came_after_is_checked_and_found() {
    let (_dir, db) = record();
    let before: Value =
        serde_json::from_slice(&jiedai(&db, NOW, &["verify", "--json"]).stdout).unwrap();
    let anchor = before["chain_head"].as_str().unwrap().to_string();
    for name in ["王五", "赵六"] {
        assert_eq!(code(&jiedai(&db, NOW, &["checkin", "--name", name])), 0);
    }
    let out = jiedai(&db, NOW, &["verify", "--json", "--since-anchor", &anchor]);
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(code(&out), 0, "{report}");
    assert_eq!(report["since"].as_str(), Some(anchor.as_str()));
    let full: Value =
        serde_json::from_slice(&jiedai(&db, NOW, &["verify", "--json"]).stdout).unwrap();
    assert_eq!(report["chain_head"], full["chain_head"]);
    assert!(
        report["rows"].as_i64().unwrap() < full["rows"].as_i64().unwrap(),
        "{report}"
    );
    // A row written after the anchor, edited behind the program's back, is found…
    tamper(
        &db,
        "UPDATE petitioners SET name = '王伍' WHERE name = '王五'",
    );
    let found = problems(&db, &["--since-anchor", &anchor]);
    assert!(
        found
            .iter()
            .any(|p| p.contains("petitioners row 3: edited")),
        "{found:#?}"
    );
    // …and an anchor the chain no longer holds is said, not skipped.
    let (_other, fresh) = record();
    rebuild_ledger(&fresh);
    let forged = format!(
        "{}:{}",
        &anchor[..anchor.find(':').unwrap()],
        "0".repeat(64)
    );
    let found = problems(&fresh, &["--since-anchor", &forged]);
    assert!(found.iter().any(|p| p.contains("anchor")), "{found:#?}");
}

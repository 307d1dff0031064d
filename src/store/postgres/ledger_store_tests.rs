//! The server's ledger converted to the leaner storage with its head and
//! anchors: a record written the way the program stored its ledger before (a
//! table name and a chain hash in every entry) goes through the conversion
//! step, and anchors taken from it — on a mark, between marks, the head — still
//! verify. Needs `JIEDAI_TEST_PG` (skipped without it, as every server test).

use super::super::ledger;
use super::*;
use crate::domain::anchor::Anchor;
use crate::store::sqlite::ledger::{entry_hash, hex};
use crate::store::sqlite::ledger_store::MARK_EVERY;
use crate::store::{OpenMode, Store};
use crate::time::{parse_instant, TimeSource};

/// A new schema on the test server and a record's address in it, with a client
/// on that schema; `None` (the test skips) without a server.
pub(in crate::store::postgres) fn record() -> Option<(String, postgres::Client)> {
    let server = std::env::var("JIEDAI_TEST_PG")
        .ok()
        .filter(|s| !s.trim().is_empty());
    let Some(server) = server else {
        eprintln!("skipped: no PostgreSQL server for the tests (set JIEDAI_TEST_PG)");
        return None;
    };
    let name = format!(
        "ls{}_{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos())
    );
    let mut c =
        postgres::Client::connect(&server, postgres::NoTls).expect("JIEDAI_TEST_PG answers");
    c.batch_execute(&format!("CREATE SCHEMA {name}")).unwrap();
    let glue = if server.contains('?') { '&' } else { '?' };
    let url = format!("{server}{glue}options=-csearch_path%3D{name}");
    let client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    Some((url, client))
}

/// An entry as the older storage kept it: seq, table name, keys, outside, row
/// hash, chain hash.
type OlderEntry = (i64, String, i64, i64, bool, Option<Vec<u8>>, [u8; 32]);

/// Every entry with its chain hash, as the older storage kept it.
fn older_entries(c: &mut postgres::Client) -> Vec<OlderEntry> {
    let mut prev = crate::store::sqlite::ledger::GENESIS;
    c.query(
        "SELECT l.seq, n.name, l.k1, l.k2, l.outside, l.row_hash
         FROM ledger l JOIN ledger_tables n ON n.code = l.t ORDER BY l.seq",
        &[],
    )
    .unwrap()
    .iter()
    .map(|r| {
        let (seq, tbl, k1, k2, outside, row_hash): (i64, String, i64, i64, bool, Option<Vec<u8>>) =
            (r.get(0), r.get(1), r.get(2), r.get(3), r.get(4), r.get(5));
        prev = entry_hash(&prev, seq, &tbl, k1, k2, outside, row_hash.as_deref());
        (seq, tbl, k1, k2, outside, row_hash, prev)
    })
    .collect()
}

#[test]
fn a_server_ledger_keeps_its_head_and_anchors_through_the_conversion() {
    let Some((url, mut c)) = record() else { return };
    let t = parse_instant("2026-11-02T09:00:00+08:00").unwrap();
    let mut store = Store::open(&url, OpenMode::Create, TimeSource::Fixed(t)).unwrap();
    crate::demo::fill(&mut store, 40, 3, |_| {}).unwrap();
    let head = store.chain_head().unwrap().unwrap();
    drop(store);
    let entries = older_entries(&mut c);
    assert!(head.seq > MARK_EVERY + 10, "enough entries for a mark");
    let at = |seq: i64| Anchor {
        seq,
        hash: hex(&entries[usize::try_from(seq - 1).unwrap()].6),
    };
    let anchors = [at(MARK_EVERY), at(MARK_EVERY + 7), at(head.seq)];
    assert_eq!(anchors[2], head);

    // The ledger put back as the program stored it before the conversion.
    let mut tx = c.transaction().unwrap();
    tx.batch_execute(
        "DROP TABLE ledger, ledger_marks, ledger_tables;
         CREATE TABLE ledger (
             seq BIGINT PRIMARY KEY, tbl TEXT COLLATE \"C\" NOT NULL, k1 BIGINT NOT NULL,
             k2 BIGINT NOT NULL DEFAULT 0, outside BOOLEAN NOT NULL DEFAULT FALSE,
             row_hash BYTEA, hash BYTEA NOT NULL);
         CREATE INDEX ledger_row ON ledger(tbl, k1, k2, seq);
         CREATE TRIGGER ledger_no_change BEFORE UPDATE OR DELETE ON ledger
             FOR EACH ROW EXECUTE FUNCTION jiedai_ledger_append_only();
         CREATE TRIGGER ledger_no_truncate BEFORE TRUNCATE ON ledger
             FOR EACH STATEMENT EXECUTE FUNCTION jiedai_ledger_append_only();",
    )
    .unwrap();
    for (seq, tbl, k1, k2, outside, row_hash, hash) in &entries {
        tx.execute(
            "INSERT INTO ledger VALUES ($1, $2, $3, $4, $5, $6, $7)",
            &[seq, tbl, k1, k2, outside, row_hash, &&hash[..]],
        )
        .unwrap();
    }
    // The conversion step as the migration runner takes it.
    let before = ledger::shapes(&mut tx).unwrap();
    tx.batch_execute(MIGRATION).unwrap();
    assert!(ledger::after_migration(&mut tx, &before).unwrap());
    tx.commit().unwrap();

    let marks: i64 = c
        .query_one("SELECT count(*) FROM ledger_marks", &[])
        .unwrap()
        .get(0);
    assert_eq!(marks, head.seq / MARK_EVERY);
    let kept: Vec<u8> = c
        .query_one(
            "SELECT hash FROM ledger_marks WHERE seq = $1",
            &[&MARK_EVERY],
        )
        .unwrap()
        .get(0);
    assert_eq!(hex(&kept), anchors[0].hash);
    let store = Store::open(&url, OpenMode::Existing, TimeSource::System).unwrap();
    assert_eq!(store.chain_head().unwrap(), Some(head.clone()));
    let report = store.verify_anchored(&anchors).unwrap();
    assert!(report.ok(), "{:?}", report.problems);
    assert_eq!(report.chain_head, Some(head.to_string()));
    assert_eq!(older_entries(&mut c).len(), entries.len(), "no entry added");

    // An edit of an entry after the conversion is placed between its marks.
    c.batch_execute(&format!(
        "SET session_replication_role = replica;
         UPDATE ledger SET row_hash = '\\x00' WHERE seq = {};",
        MARK_EVERY + 3
    ))
    .unwrap();
    let report = store.verify().unwrap();
    let window = format!(
        "ledger entries {} to {}: do not match the chain's mark",
        MARK_EVERY + 1,
        2 * MARK_EVERY
    );
    assert!(
        report.problems.iter().any(|p| p.contains(&window)),
        "{:#?}",
        report.problems
    );
}

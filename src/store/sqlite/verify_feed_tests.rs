//! The events' hashes handed over by the replay, or by a replay that stopped
//! part way, give the walk exactly what it finds reading them itself
//! (verify_rows_tests.rs holds both against the exact merge); a desk's write
//! between the two read transactions is seen.

use super::{feed, same_record};
use crate::store::records::VerifyReport;
use crate::store::sqlite::ledger::RowCodec;
use crate::store::sqlite::ledger_verify::chain_and_rows;
use crate::store::sqlite::ledger_verify::rows_tests::a_desk_checks_someone_in;
use crate::store::sqlite::timeline_check::check_timeline;
use crate::store::{OpenMode, Store};
use crate::time::{parse_instant, TimeSource};
use rusqlite::Connection;

/// The walk, with the events' hashes handed over by the replay on a second
/// connection reading the same record.
pub(in crate::store::sqlite) fn fed(conn: &Connection, kept_at_most: usize) -> VerifyReport {
    let snapshot = conn.unchecked_transaction().unwrap();
    let second = Connection::open(conn.path().unwrap()).unwrap();
    assert!(same_record(&snapshot, &second).unwrap());
    let (out, fed) = feed();
    let replay = std::thread::spawn(move || {
        let mut timelines = VerifyReport::default();
        check_timeline(&second, None, &mut timelines, &mut |_| {}, Some(out)).unwrap();
    });
    let mut report = VerifyReport::default();
    chain_and_rows(
        &snapshot,
        &mut report,
        &mut |_, _, _| {},
        kept_at_most,
        Some(fed),
    )
    .unwrap();
    replay.join().unwrap();
    report
}

/// The walk, with a feed that hands over the first `handed` events and then
/// stops, as a replay that failed part way.
pub(in crate::store::sqlite) fn cut_short(
    conn: &Connection,
    kept_at_most: usize,
    handed: usize,
) -> VerifyReport {
    let (mut out, fed) = feed();
    let mut stmt = conn
        .prepare("SELECT rowid, 0, * FROM events ORDER BY rowid")
        .unwrap();
    let mut codec = RowCodec::of(&stmt, 2);
    let mut rows = stmt.query([]).unwrap();
    for _ in 0..handed {
        let Some(r) = rows.next().unwrap() else { break };
        out.push((
            (r.get(0).unwrap(), r.get(1).unwrap()),
            codec.hash(r).unwrap(),
        ));
    }
    drop(rows);
    drop(stmt);
    // The rows pushed wait in the channel; the feed's end never comes.
    drop(out);
    let mut report = VerifyReport::default();
    chain_and_rows(
        conn,
        &mut report,
        &mut |_, _, _| {},
        kept_at_most,
        Some(fed),
    )
    .unwrap();
    report
}

#[test]
fn a_write_between_the_two_read_transactions_is_seen() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("office.db");
    let t = parse_instant("2026-11-02T09:00:00+08:00").unwrap();
    let mut store = Store::open(&path, OpenMode::Create, TimeSource::Fixed(t)).unwrap();
    crate::demo::fill(&mut store, 10, 1, |_| {}).unwrap();
    drop(store);
    let first = Connection::open(&path).unwrap();
    let snapshot = first.unchecked_transaction().unwrap();
    let quiet = Connection::open(&path).unwrap();
    assert!(same_record(&snapshot, &quiet).unwrap());
    drop(quiet);

    // A desk checks someone in meanwhile.
    a_desk_checks_someone_in(&path, t);
    let later = Connection::open(&path).unwrap();
    assert!(!same_record(&snapshot, &later).unwrap());
}

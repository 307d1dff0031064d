//! The desk folds the search keys that check-ins leave waiting (DESIGN.md 1.5,
//! "Keys waiting to be folded in") at its poll: a few people each time, so that
//! what a lookup reads beside the index stays short on a desk that runs all day.
//! The worker runs for real; another desk's store checks people in on the file.

use crate::common::{at, walk_in, LookupFor, OpenMode, Request, Response, Store, NOW};
use jiedai::tui::worker;
use std::path::Path;
use std::sync::mpsc::Receiver;

/// Fewer than a closing store folds by itself (`FOLD_AT_CLOSE`, 64), more than
/// one poll folds (`FOLD_BATCH`, 8).
const NAMES: [&str; 20] = [
    "周文华",
    "吴建国",
    "郑秀英",
    "冯志强",
    "陈桂兰",
    "褚明远",
    "卫红梅",
    "蒋德胜",
    "沈玉珍",
    "韩立新",
    "杨春燕",
    "朱宝山",
    "秦淑芬",
    "尤长海",
    "许翠萍",
    "何永福",
    "吕美玲",
    "施国栋",
    "孔凤霞",
    "曹金生",
];

fn open(path: &Path, mode: OpenMode) -> Store {
    Store::open(path, mode, at(NOW)).unwrap()
}

/// What the file holds, read on a connection of the test's own.
fn count(path: &Path, sql: &str) -> i64 {
    rusqlite::Connection::open(path)
        .unwrap()
        .query_row(sql, [], |r| r.get(0))
        .unwrap()
}

fn waiting(path: &Path) -> i64 {
    count(path, "SELECT count(*) FROM search_pending")
}

/// Sends a lookup and waits for its answer: the worker takes requests in order,
/// so everything sent before it has been handled. Returns the people found.
fn look_up(w: &worker::WorkerHandle, rx: &Receiver<Response>, seq: u64, query: &str) -> Vec<i64> {
    w.send(Request::Lookup {
        seq,
        target: LookupFor::Form,
        query: query.into(),
    });
    loop {
        // The sink goes with the worker: a dead worker ends the wait.
        match rx.recv().expect("the worker answers") {
            Response::Lookup { seq: s, rows, .. } if s == seq => {
                return rows.iter().map(|r| r.card.petitioner_id).collect()
            }
            Response::Error { failed, problem } => panic!("{failed:?}: {problem:?}"),
            _ => continue,
        }
    }
}

#[test]
fn the_desks_poll_folds_the_waiting_search_keys_and_everyone_is_still_found() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("desk.db");
    let desk = open(&path, OpenMode::Create);
    let mut other = open(&path, OpenMode::Existing);
    let ids: Vec<i64> = NAMES
        .iter()
        .map(|name| {
            other
                .check_in("王科员", &walk_in(name, None, 1, "反映物业收费"))
                .unwrap()
                .petitioner_id
        })
        .collect();
    drop(other);
    assert_eq!(
        waiting(&path),
        NAMES.len() as i64,
        "each check-in leaves its person waiting"
    );

    let (tx, rx) = std::sync::mpsc::channel();
    let w = worker::spawn(desk, Box::new(move |r| tx.send(r).is_ok())).unwrap();
    let mut polls = 0;
    while waiting(&path) > 0 {
        // A poll folds some (8) at a time; a desk that never folds leaves them all.
        assert!(
            polls < NAMES.len(),
            "{} people still wait after {polls} polls",
            waiting(&path)
        );
        polls += 1;
        w.send(Request::Poll {
            case_no: None,
            person: None,
            officer: None,
        });
        look_up(&w, &rx, polls as u64, "周文华");
    }
    assert!(
        polls > 1,
        "one poll folds a few people, not all {}",
        NAMES.len()
    );

    let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
    let indexed = count(
        &path,
        &format!("SELECT count(DISTINCT petitioner_id) FROM search_people WHERE petitioner_id IN ({list})"),
    );
    assert_eq!(
        indexed,
        NAMES.len() as i64,
        "the index holds everyone folded"
    );
    for (i, (name, id)) in NAMES.iter().zip(&ids).enumerate() {
        let found = look_up(&w, &rx, 1000 + i as u64, name);
        assert!(found.contains(id), "{name} (#{id}) not found: {found:?}");
    }
}

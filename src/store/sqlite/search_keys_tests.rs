//! The persisted keys on a real file: kept by each write, rebuilt by the migration,
//! and read back in the same order as the reference in memory.

use crate::demo::gen::{person, DemoRng};
use crate::domain::intake::IntakeInput;
use crate::domain::Channel;
use crate::search::{lookup, MatchKind, MemoryKeys, PersonKeys};
use crate::store::{CheckIn, OpenMode, Store};
use crate::time::{parse_instant, TimeSource};
use chrono::Duration;
use rusqlite::OptionalExtension;

/// A second connection on the store's file, to read the tables the port hides.
fn raw(store: &Store) -> rusqlite::Connection {
    rusqlite::Connection::open(store.path()).unwrap()
}

fn store_at(path: &std::path::Path) -> Store {
    let t = parse_instant("2026-11-02T09:00:00+08:00").unwrap();
    Store::open(path, OpenMode::Create, TimeSource::Fixed(t)).unwrap()
}

/// An office of `n` people with IDs, phones, letters and repeat visits at
/// different times, written through the ordinary check-in.
fn office(store: &mut Store, n: usize) {
    office_from(store, n, 7, "2026-01-05T09:00:00+08:00");
}

/// [`office`] with people drawn from `seed` from `start` on: the same seed again
/// brings the same people back (their ID numbers find them).
fn office_from(store: &mut Store, n: usize, seed: u64, start: &str) {
    let mut rng = DemoRng::new(seed);
    let start = parse_instant(start).unwrap();
    for i in 0..n {
        let p = person(&mut rng, start.date_naive());
        let visits = 1 + rng.below(2);
        for v in 0..visits {
            let at = start + Duration::minutes((i as i64) * 37 + (v as i64) * 10_000);
            store.set_time(TimeSource::Fixed(at));
            let channel = if rng.chance(0.3) {
                Channel::Letter
            } else {
                Channel::Visit
            };
            let request = CheckIn {
                intake: IntakeInput {
                    name: p.name.clone(),
                    id_number: rng.chance(0.8).then(|| p.id_number.clone()),
                    phone: rng.chance(0.8).then(|| p.phone.clone()),
                    matter: "反映拖欠工资".into(),
                    channel: Some(channel),
                    ..Default::default()
                },
                settled: true,
                ..Default::default()
            };
            store.check_in("王科员", &request).unwrap();
        }
    }
}

/// The keys on file, loaded into the in-memory reference: the index's people,
/// then the people waiting to be folded in as they are now.
fn in_memory(store: &Store) -> MemoryKeys {
    let mut keys = MemoryKeys::new();
    let conn = raw(store);
    for table in ["search_people", "search_pending"] {
        let mut stmt = conn
            .prepare(&format!("SELECT petitioner_id, keys, recent FROM {table}"))
            .unwrap();
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, Option<String>>(1)?,
                    r.get::<_, Option<i64>>(2)?,
                ))
            })
            .unwrap();
        for row in rows {
            match row.unwrap() {
                (id, Some(k), Some(recent)) => keys.upsert(id, PersonKeys::decode(&k), recent),
                (id, ..) => keys.remove(id),
            }
        }
    }
    keys
}

/// How many people wait to be folded into the index; the count kept beside
/// the list agrees.
fn waiting(store: &Store) -> i64 {
    let conn = raw(store);
    let rows: i64 = conn
        .query_row("SELECT count(*) FROM search_pending", [], |r| r.get(0))
        .unwrap();
    let kept = super::search_pending::waiting(&conn).unwrap();
    assert_eq!(kept as i64, rows);
    rows
}

/// Folds everyone waiting into the index, as the desk does at its polls.
fn fold_all(store: &mut Store) {
    while store.fold_search_keys().unwrap() {}
    assert_eq!(waiting(store), 0);
}

fn queries(store: &Store) -> Vec<String> {
    let mut out: Vec<String> = [
        "张", "li", "sh", "wang", "zw", "8000", "2026-1", "L2026-1", "zhangwie", "",
    ]
    .map(String::from)
    .to_vec();
    let conn = raw(store);
    let mut stmt = conn
        .prepare("SELECT name, id_number, phone FROM petitioners ORDER BY id LIMIT 40")
        .unwrap();
    let rows = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, Option<String>>(1)?,
                r.get::<_, Option<String>>(2)?,
            ))
        })
        .unwrap();
    for row in rows {
        let (name, id, phone) = row.unwrap();
        let py = crate::search::name_pinyin(&name);
        out.push(name.chars().take(1).collect());
        out.push(name);
        out.push(py.full[..py.full.len().min(5)].to_string());
        out.push(py.initials);
        out.extend(id.map(|i| i[i.len() - 6..].to_string()));
        out.extend(phone);
    }
    out
}

fn agree(store: &Store) {
    let memory = in_memory(store);
    for q in queries(store) {
        let on_file = store.lookup_page(&q, 20).unwrap();
        let reference = lookup(&memory, &q, 20).unwrap_or_else(|e| match e {});
        assert_eq!(on_file, reference, "{q:?}");
    }
}

#[test]
fn the_keys_on_file_rank_as_the_reference_does() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = store_at(&dir.path().join("desk.db"));
    office(&mut store, 150);
    agree(&store);
    // Repeat visits moved people up: the file's recency is each one's latest contact.
    let latest: i64 = raw(&store)
        .query_row(
            "SELECT min(recent) FROM (SELECT recent FROM search_people
             UNION ALL SELECT recent FROM search_pending)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(latest < 0);
}

#[test]
fn a_bulk_rebuild_writes_the_same_keys_as_each_write_did() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = store_at(&dir.path().join("desk.db"));
    office(&mut store, 60);
    let dump = |s: &Store| -> Vec<(i64, String, i64, i64, i64)> {
        let conn = raw(s);
        let mut stmt = conn
            .prepare("SELECT * FROM search_keys ORDER BY 1, 2, 3, 4, 5")
            .unwrap();
        let rows = stmt
            .query_map([], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
            })
            .unwrap();
        rows.map(Result::unwrap).collect()
    };
    // The check-ins left their people waiting; folded in, the index is what a
    // rebuild derives.
    assert!(waiting(&store) > 0);
    fold_all(&mut store);
    let before = dump(&store);
    assert!(!before.is_empty());
    let people: i64 = raw(&store)
        .query_row("SELECT count(*) FROM petitioners", [], |r| r.get(0))
        .unwrap();
    assert_eq!(store.rebuild_search_keys().unwrap() as i64, people);
    assert_eq!(dump(&store), before);
}

#[test]
fn an_older_file_gets_its_keys_from_the_migration() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    let mut store = store_at(&path);
    office(&mut store, 40);
    let want: Vec<_> = queries(&store)
        .iter()
        .map(|q| store.lookup_page(q, 20).unwrap())
        .collect();
    drop(store);
    // The file as the release before the keys left it.
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch(
        "DROP TABLE search_keys; DROP TABLE search_people;
         DROP INDEX officers_host_account;
         ALTER TABLE officers DROP COLUMN role;
         ALTER TABLE officers DROP COLUMN title;
         ALTER TABLE officers DROP COLUMN host_account;
         PRAGMA user_version = 4;",
    )
    .unwrap();
    crate::store::sqlite::ledger::remove(&conn);
    drop(conn);
    let store = Store::open(&path, OpenMode::ReadOnly, TimeSource::System).unwrap();
    let got: Vec<_> = queries(&store)
        .iter()
        .map(|q| store.lookup_page(q, 20).unwrap())
        .collect();
    assert_eq!(got, want);
    assert!(got.iter().any(|p| p.hits.len() > 1));
}

#[test]
fn a_write_by_another_connection_is_found_by_the_next_lookup() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("desk.db");
    let mut here = store_at(&path);
    office(&mut here, 5);
    here.add_officer("李娜").unwrap();
    let mut there = store_at(&path);
    let request = CheckIn {
        intake: IntakeInput {
            name: "王长江".into(),
            phone: Some("13612345678".into()),
            matter: "反映拖欠工资".into(),
            ..Default::default()
        },
        ..Default::default()
    };
    // Read once, so that this desk holds the people waiting as they were.
    assert!(here.lookup_page("wcj", 20).unwrap().hits.is_empty());
    let id = there.check_in("李娜", &request).unwrap().petitioner_id;
    for q in ["wcj", "changjiang", "wangchang", "王长江", "5678"] {
        let hits = here.lookup_page(q, 20).unwrap().hits;
        assert!(hits.iter().any(|h| h.petitioner_id == id), "{q}");
    }
    let hits = here.lookup_page("王长江", 20).unwrap().hits;
    assert_eq!(
        (hits[0].petitioner_id, hits[0].kind),
        (id, MatchKind::ExactName)
    );
}

#[test]
fn a_rebuild_fills_the_index_pages_whole() {
    use super::{close_scratch, insert, open_scratch, SCHEMA, SHAPE};
    let mut conn = rusqlite::Connection::open_in_memory().unwrap();
    conn.execute_batch(SCHEMA).unwrap();
    let tx = conn.transaction().unwrap();
    open_scratch(&tx).unwrap();
    let mut rng = DemoRng::new(3);
    let start = parse_instant("2026-01-05T09:00:00+08:00").unwrap();
    for id in 1..=3000 {
        let p = person(&mut rng, start.date_naive());
        let keys = PersonKeys {
            name: p.name,
            id_number: Some(p.id_number),
            phone: Some(p.phone),
            ..PersonKeys::default()
        };
        insert(&tx, id, &keys, -id, "temp.search_scratch").unwrap();
    }
    // The same rows inserted in order, one by one, as the rebuild did before.
    tx.execute_batch(&format!(
        "CREATE TABLE one_by_one {SHAPE};
         INSERT INTO one_by_one SELECT * FROM temp.search_scratch ORDER BY 1, 2, 3, 4, 5;"
    ))
    .unwrap();
    close_scratch(&tx).unwrap();
    let pages = |table: &str| -> i64 {
        tx.query_row(
            "SELECT count(*) FROM dbstat WHERE name = ?1",
            [table],
            |r| r.get(0),
        )
        .unwrap()
    };
    let rows = |table: &str| -> i64 {
        tx.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
            .unwrap()
    };
    assert!(rows("search_keys") > 50_000, "{}", rows("search_keys"));
    assert_eq!(rows("search_keys"), rows("one_by_one"));
    let (full, loose) = (pages("search_keys"), pages("one_by_one"));
    assert!(full * 10 <= loose * 9, "{full} pages against {loose}");
}

#[test]
fn people_waiting_to_be_folded_in_rank_as_the_index_would_rank_them() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = store_at(&dir.path().join("desk.db"));
    // Everyone waiting, nobody in the index yet.
    office(&mut store, 60);
    assert!(waiting(&store) >= 60);
    agree(&store);
    // Everyone in the index, nobody waiting.
    fold_all(&mut store);
    agree(&store);
    // The same people back later (their rows in the index now stale, skipped)
    // beside newcomers, and some of the index's people left as they were.
    // One of them merged into another: the index's rows of the one merged away
    // are stale and must not be found.
    store.merge_people("王科员", 3, 5).unwrap();
    let gone: Option<Option<String>> = raw(&store)
        .query_row(
            "SELECT keys FROM search_pending WHERE petitioner_id = 5",
            [],
            |r| r.get(0),
        )
        .optional()
        .unwrap();
    assert_eq!(gone, Some(None));
    office_from(&mut store, 30, 7, "2026-09-01T09:00:00+08:00");
    office_from(&mut store, 20, 11, "2026-09-01T09:00:00+08:00");
    let stale: i64 = raw(&store)
        .query_row(
            "SELECT count(*) FROM search_pending w JOIN search_people p USING (petitioner_id)
             WHERE w.recent <> p.recent",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(stale >= 20, "{stale} returning people waiting");
    agree(&store);
    // Half folded in.
    assert!(store.fold_search_keys().unwrap());
    agree(&store);
    fold_all(&mut store);
    agree(&store);
}

#[test]
fn a_write_finding_the_list_full_updates_the_index_itself() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = store_at(&dir.path().join("desk.db"));
    office(&mut store, 4);
    fold_all(&mut store);
    let mut conn = raw(&store);
    let ids: Vec<i64> = conn
        .prepare("SELECT petitioner_id FROM search_people ORDER BY 1 LIMIT 2")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let tx = conn.transaction().unwrap();
    // The index out of date for both: as if their keys had changed.
    tx.execute("UPDATE search_people SET recent = recent + 1", [])
        .unwrap();
    let (first, second) = (ids[0], ids[1]);
    super::refresh_within(&tx, first, 1).unwrap();
    // One waits: the list is full, so the next write goes into the index.
    super::refresh_within(&tx, second, 1).unwrap();
    let pending: Vec<i64> = tx
        .prepare("SELECT petitioner_id FROM search_pending")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(pending, vec![first]);
    let indexed = |id: i64| -> i64 {
        tx.query_row(
            "SELECT count(*) FROM search_keys k JOIN search_people p USING (petitioner_id)
             WHERE k.petitioner_id = ?1 AND k.recent = p.recent",
            [id],
            |r| r.get(0),
        )
        .unwrap()
    };
    assert!(indexed(second) > 10, "{}", indexed(second));
    assert_eq!(indexed(first), 0);
}

#[test]
fn an_older_file_gets_the_list_of_people_waiting() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    let mut store = store_at(&path);
    office(&mut store, 20);
    fold_all(&mut store);
    let want: Vec<_> = queries(&store)
        .iter()
        .map(|q| store.lookup_page(q, 20).unwrap())
        .collect();
    drop(store);
    // The file as the release before the list left it: every key in the index.
    let conn = rusqlite::Connection::open(&path).unwrap();
    let before = crate::store::sqlite::schema::version_before(super::search_pending::SCHEMA);
    conn.execute_batch(&format!(
        "DROP TABLE search_pending; PRAGMA user_version = {before};"
    ))
    .unwrap();
    drop(conn);
    let mut store = store_at(&path);
    assert_eq!(waiting(&store), 0);
    let got: Vec<_> = queries(&store)
        .iter()
        .map(|q| store.lookup_page(q, 20).unwrap())
        .collect();
    assert_eq!(got, want);
    // And its next check-in waits beside the index.
    office_from(&mut store, 1, 99, "2026-10-01T09:00:00+08:00");
    assert_eq!(waiting(&store), 1);
    agree(&store);
}

/// A table as a copy of the record reads it: its count and its rows, sorted.
fn as_copied(path: &std::path::Path, table: &str) -> (i64, Vec<String>) {
    use crate::store::copy::Source;
    let file =
        super::super::SqliteStore::open(path, OpenMode::ReadOnly, &TimeSource::System).unwrap();
    let mut source = file.copy_source().unwrap();
    let cols = source.columns(table).unwrap().unwrap();
    let count = source.count(table).unwrap();
    let mut rows = Vec::new();
    source
        .rows(table, &cols, &mut |cells| {
            rows.push(format!("{cells:?}"));
            Ok(())
        })
        .unwrap();
    rows.sort();
    (count, rows)
}

#[test]
fn a_copy_takes_the_keys_as_a_fold_leaves_them() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("desk.db");
    let mut store = store_at(&path);
    office(&mut store, 30);
    fold_all(&mut store);
    // Some back later, some new: the index holds stale rows of the first.
    office_from(&mut store, 10, 7, "2026-09-01T09:00:00+08:00");
    office_from(&mut store, 10, 11, "2026-09-01T09:00:00+08:00");
    let waiting_now = waiting(&store);
    assert!(waiting_now >= 20, "{waiting_now}");
    drop(store);
    let before: Vec<_> = ["search_keys", "search_people"]
        .iter()
        .map(|t| as_copied(&path, t))
        .collect();
    let mut store = store_at(&path);
    fold_all(&mut store);
    drop(store);
    let after: Vec<_> = ["search_keys", "search_people"]
        .iter()
        .map(|t| as_copied(&path, t))
        .collect();
    for (b, a) in before.iter().zip(&after) {
        assert_eq!(b.0, b.1.len() as i64);
        assert_eq!(b, a);
    }
}

#[test]
fn a_store_that_closes_with_many_waiting_folds_them_in() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("desk.db");
    let mut store = store_at(&path);
    office(&mut store, 20);
    drop(store);
    // Fewer than a fold's worth wait for the next writer.
    let mut store = store_at(&path);
    let few = waiting(&store);
    assert!((20..64).contains(&few), "{few}");
    office_from(&mut store, 60, 11, "2026-03-02T09:00:00+08:00");
    assert!(waiting(&store) >= 64);
    let want = store.lookup_page("z", 50).unwrap();
    drop(store);
    let store = store_at(&path);
    assert_eq!(waiting(&store), 0);
    assert_eq!(store.lookup_page("z", 50).unwrap(), want);
}

//! The PostgreSQL adapter under the store conformance suite (the checks ported so
//! far; DESIGN.md §3 lists the rest), and what only a server backend does: the
//! address chosen by `--db`, passwords kept out of messages, concurrent desks.
//!
//! The server comes from `JIEDAI_TEST_PG` (an address whose user may create
//! schemas, e.g. `postgresql:///postgres?host=/tmp/pg&user=jiedai`); `.ci/run`
//! starts a throwaway cluster and sets it. Without it each test here prints why
//! it skipped and passes: a developer's `cargo test` needs no server.

use crate::conformance;
use jiedai::store::{OpenMode, Store};
use jiedai::time::TimeSource;
use std::cell::RefCell;
use std::sync::atomic::{AtomicU32, Ordering};

/// Each record lives in a schema of its own, dropped when the harness goes.
pub(crate) struct PgHarness {
    server: String,
    schemas: RefCell<Vec<String>>,
}

fn server() -> Option<String> {
    match std::env::var("JIEDAI_TEST_PG") {
        Ok(url) if !url.trim().is_empty() => Some(url),
        _ => {
            eprintln!(
                "skipped: no PostgreSQL server for the tests (set JIEDAI_TEST_PG, see README \"Start\")"
            );
            None
        }
    }
}

fn connect(url: &str) -> postgres::Client {
    postgres::Client::connect(url, postgres::NoTls).unwrap_or_else(|e| {
        panic!("JIEDAI_TEST_PG is set but the server does not answer ({e}): start it, or unset JIEDAI_TEST_PG to skip")
    })
}

impl PgHarness {
    pub(crate) fn new() -> Option<Self> {
        Some(PgHarness {
            server: server()?,
            schemas: RefCell::new(Vec::new()),
        })
    }

    /// A new, empty schema and the address of a record in it.
    pub(crate) fn next_url(&self) -> String {
        static NEXT: AtomicU32 = AtomicU32::new(0);
        let name = format!(
            "t{}_{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        );
        connect(&self.server)
            .batch_execute(&format!(
                "DROP SCHEMA IF EXISTS {name} CASCADE; CREATE SCHEMA {name}"
            ))
            .unwrap();
        self.schemas.borrow_mut().push(name.clone());
        let glue = if self.server.contains('?') { '&' } else { '?' };
        format!("{}{glue}options=-csearch_path%3D{name}", self.server)
    }
}

impl Drop for PgHarness {
    fn drop(&mut self) {
        let schemas = self.schemas.borrow();
        if schemas.is_empty() {
            return;
        }
        if let Ok(mut c) = postgres::Client::connect(&self.server, postgres::NoTls) {
            for s in schemas.iter() {
                let _ = c.batch_execute(&format!("DROP SCHEMA IF EXISTS {s} CASCADE"));
            }
        }
    }
}

/// The address a store was opened at (no password in the tests' addresses).
fn url_of(store: &Store) -> String {
    store.path().to_str().unwrap().to_string()
}

impl conformance::Harness for PgHarness {
    fn fresh(&self, time: TimeSource) -> Store {
        Store::open(self.next_url(), OpenMode::Create, time).unwrap()
    }

    fn empty_existing(&self, time: TimeSource) -> Store {
        Store::open(self.next_url(), OpenMode::Existing, time).unwrap()
    }

    fn first_officer_change_refused(&self, store: &Store, case_no: &str) -> bool {
        connect(&url_of(store))
            .execute(
                "UPDATE cases SET first_officer_id = first_officer_id + 1 WHERE case_no = $1",
                &[&case_no],
            )
            .is_err()
    }

    fn edit_newest_event(&self, store: &Store) {
        connect(&url_of(store))
            .batch_execute(
                "ALTER TABLE events DISABLE TRIGGER events_append_only;
                 UPDATE events SET detail = '{\"text\":\"edited\"}' WHERE id = (SELECT max(id) FROM events);",
            )
            .unwrap();
    }

    /// A session in replica mode fires no trigger and checks no reference.
    fn tamper(&self, store: &Store, sql: &str) {
        connect(&url_of(store))
            .batch_execute(&format!("SET session_replication_role = replica; {sql}"))
            .unwrap();
    }

    fn write_outside(&self, store: &Store, sql: &str) {
        connect(&url_of(store)).batch_execute(sql).unwrap();
    }

    fn drop_ledger_trigger(&self, store: &Store, table: &str) {
        connect(&url_of(store))
            .batch_execute(&format!("DROP TRIGGER ledger_update_{table} ON {table}"))
            .unwrap();
    }
}

/// One `#[test]` per conformance check that runs on PostgreSQL.
macro_rules! on_postgres {
    ($($check:ident,)*) => {$(
        #[test]
        fn $check() {
            let Some(harness) = PgHarness::new() else { return };
            conformance::$check(&harness);
        }
    )*};
}

mod conformance_on_postgres {
    use super::*;
    on_postgres!(
        check_in_numbering,
        numbers_skip_imported_runs,
        repeat_and_closed_matter_flags,
        case_steps_and_illegal_steps,
        first_officer_never_changes,
        shifts_and_handover,
        audit_log,
        verify_catches_an_edit,
        lookup_feed,
        an_empty_record_is_migrated,
        a_failed_unit_of_work_leaves_nothing,
        ledger_covers_mixed_writes,
        ledger_names_tampering,
        ledger_names_outside_writes,
        baoan_register,
        receptions_bookings_and_supervision,
        screening_plans_and_divisions,
        ratings_and_follow_ups,
        figures_of_a_hand_built_month,
        stats_of_a_hand_built_month,
        export_of_a_hand_built_month,
        case_pages_of_a_hand_built_month,
        ratings_in_the_figures_of_the_month,
        who_a_newcomer_may_be,
        a_contact_links_and_numbers_in_one_step,
    );
}

/// The same writes at the same pinned times on a SQLite file and on the server
/// end at the same chain head: every row is encoded alike on both.
#[test]
fn the_same_writes_give_the_same_chain_head_on_sqlite_and_postgresql() {
    let Some(pg) = PgHarness::new() else { return };
    let sqlite = crate::store::SqliteHarness::new();
    conformance::ledger::same_writes_same_chain_head(&sqlite, &pg);
}

/// Every ledgered table on the server has the columns of its twin in a SQLite
/// file, each of a type that hands the ledger the same storage class (INTEGER:
/// BIGINT or BOOLEAN; TEXT: TEXT; BLOB: BYTEA): a row copied from a file then
/// hashes alike, and `migrate` keeps the chain head. A table not on the server
/// yet is skipped; one there must mirror its twin column for column.
#[test]
fn ledgered_tables_mirror_their_sqlite_twins_column_for_column() {
    let Some(pg) = PgHarness::new() else { return };
    let sqlite = crate::store::SqliteHarness::new();
    let (file, server) = (
        conformance::Harness::fresh(&sqlite, TimeSource::System),
        conformance::Harness::fresh(&pg, TimeSource::System),
    );
    let conn = rusqlite::Connection::open(file.path()).unwrap();
    let tables: Vec<String> = conn
        .prepare(
            "SELECT DISTINCT tbl_name FROM sqlite_schema
             WHERE type = 'trigger' AND name LIKE 'ledger_insert_%' ORDER BY 1",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(tables.len() > 20, "{tables:?}");
    let mut client = connect(&url_of(&server));
    let mut differ = Vec::new();
    let mut mirrored = 0;
    for t in &tables {
        let on_server: Vec<(String, String)> = client
            .query(
                "SELECT column_name::text, data_type::text FROM information_schema.columns
                 WHERE table_schema = current_schema() AND table_name = $1 ORDER BY 1",
                &[t],
            )
            .unwrap()
            .iter()
            .map(|r| (r.get(0), r.get(1)))
            .collect();
        if on_server.is_empty() {
            continue;
        }
        mirrored += 1;
        let on_file: Vec<(String, String)> = conn
            .prepare("SELECT name, type FROM pragma_table_info(?1) ORDER BY 1")
            .unwrap()
            .query_map([t], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let class = |pg: &str| match pg {
            "bigint" | "integer" | "smallint" | "boolean" => "INTEGER",
            "text" | "character varying" => "TEXT",
            "bytea" => "BLOB",
            _ => "?",
        };
        let server_side: Vec<(String, String)> = on_server
            .iter()
            .map(|(n, ty)| (n.clone(), class(ty).to_string()))
            .collect();
        if server_side != on_file {
            differ.push(format!("{t}: file {on_file:?}, server {on_server:?}"));
        }
    }
    assert!(mirrored >= 10, "{mirrored} tables on the server");
    assert!(differ.is_empty(), "{differ:#?}");
}

/// What only the server allows: a ledger trigger switched off rather than
/// dropped, and a row deleted under a reference in a session that skips the
/// server's reference checks: `verify` names both.
#[test]
fn verify_names_a_trigger_switched_off_and_a_dangling_reference() {
    let Some(pg) = PgHarness::new() else { return };
    let mut store =
        conformance::Harness::fresh(&pg, crate::conformance::at("2026-11-02T09:00:00+08:00"));
    let (a, _) = conformance::ledger::mixed_writes(&mut store);
    assert!(store.verify().unwrap().ok());
    connect(&url_of(&store))
        .batch_execute(&format!(
            "ALTER TABLE shifts DISABLE TRIGGER ledger_update_shifts;
             SET session_replication_role = replica;
             DELETE FROM case_petitioners WHERE petitioner_id = {id};
             DELETE FROM petitioners WHERE id = {id};",
            id = a.petitioner_id
        ))
        .unwrap();
    let report = store.verify().unwrap();
    let said = |what: &str| report.problems.iter().any(|p| p.contains(what));
    assert!(
        said("shifts: the ledger's triggers were switched off"),
        "{:?}",
        report.problems
    );
    assert!(
        said(&format!(
            "contacts row {}: points at a petitioners row that is not on file",
            a.contact_id
        )),
        "{:?}",
        report.problems
    );
    assert!(
        said(&format!(
            "petitioners row {}: deleted behind the program's back",
            a.petitioner_id
        )),
        "{:?}",
        report.problems
    );
}

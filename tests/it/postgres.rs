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
                "skipped: no PostgreSQL server for the tests (set JIEDAI_TEST_PG, see README \"Tests against PostgreSQL\")"
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
        repeat_and_closed_matter_flags,
        case_steps_and_illegal_steps,
        first_officer_never_changes,
        shifts_and_handover,
        audit_log,
        verify_catches_an_edit,
        lookup_feed,
        an_empty_record_is_migrated,
        a_failed_unit_of_work_leaves_nothing,
        figures_of_a_hand_built_month,
        stats_of_a_hand_built_month,
        export_of_a_hand_built_month,
        case_pages_of_a_hand_built_month,
        ratings_in_the_figures_of_the_month,
    );
}

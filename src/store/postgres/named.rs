//! Statements prepared by name (SQL's `PREPARE`), once per connection, for the
//! two messages a unit of work sends as one simple query: its begin (the lock,
//! then what every unit reads first) and its seal's write with the COMMIT. Sent
//! as text, each statement there was parsed, analysed and planned on every call;
//! `EXECUTE name(…)` is parsed in microseconds and runs the plan the connection
//! keeps. (A statement the protocol prepared, as `prepared.rs` keeps them,
//! cannot be run from inside a simple query.) A statement prepared this way
//! outlives a rolled-back transaction, and the server plans it afresh when a
//! table it reads changes.

use super::{ledger_write, listen, prepared, timeline, WRITE_LOCK};
use postgres::error::SqlState;
use postgres::GenericClient;

/// Takes the record's write lock.
const LOCK: &str = "jiedai_lock";
/// Run once the lock is held (so that it sees every commit before it): moves
/// `data_version` and notifies (`listen.rs`); returns the timeline's head (its
/// id and hash as hex, null while empty) and whether any row is noted unsealed.
/// It also prices a page read at random as the planner should here ([`PAGE_COST`]).
const BEGUN: &str = "jiedai_begun";

/// For the rest of the unit of work, a page read at random costs the planner at
/// most 1.1 sequential reads (the server's 4 prices a spinning disk's seek; a
/// record's pages are in memory or on flash). Plans are made once per
/// connection (the foreign keys' checks by the server, ours after five runs)
/// with the table sizes of that moment; at 4, a table of a few pages is read
/// whole rather than through its index, and the plan stays as the table grows
/// until the server next analyses it: the foreign keys' checks of `cases`, and
/// the seal's look-up of each row's newest ledger entry, then read every page,
/// on every check-in. At 1.1 an index wins from about two pages on. A lower
/// setting of the server's own is kept.
const PAGE_COST: &str = "set_config('random_page_cost',
                 least(current_setting('random_page_cost')::float8, 1.1)::text, true)";
/// The seal's write over arrays (`ledger_write::SEAL_WRITE`).
const SEAL: &str = ledger_write::SEAL_NAME;

/// A unit of work's first message: BEGIN, the lock, then [`BEGUN`]'s row.
pub(super) const BEGIN: &str = "BEGIN;\nEXECUTE jiedai_lock;\nEXECUTE jiedai_begun";

fn definitions() -> [(&'static str, String); 3] {
    [
        (LOCK, WRITE_LOCK.to_string()),
        (
            BEGUN,
            format!(
                "WITH {}
                 SELECT h.*, EXISTS (SELECT 1 FROM ledger_pending), ({}) IS NULL, {}
                 FROM (SELECT 1) AS one LEFT JOIN ({}) AS h ON TRUE",
                listen::MOVED,
                listen::NOTIFY,
                PAGE_COST,
                timeline::HEAD
            ),
        ),
        (SEAL, ledger_write::SEAL_WRITE.to_string()),
    ]
}

/// Prepares the statements on the connection in use unless it has them (when
/// no connection's cache is in use, every time).
pub(super) fn ensure<C: GenericClient>(c: &mut C) -> Result<(), postgres::Error> {
    if prepared::named() == Some(true) {
        return Ok(());
    }
    prepare(c)?;
    prepared::set_named(true);
    Ok(())
}

/// Prepares the statements on `c`, first dropping any an earlier attempt left.
pub(super) fn prepare<C: GenericClient>(c: &mut C) -> Result<(), postgres::Error> {
    let defs = definitions();
    let names: Vec<&str> = defs.iter().map(|d| d.0).collect();
    let mut sql = String::new();
    for r in c.query(
        "SELECT name FROM pg_prepared_statements WHERE name = ANY($1)",
        &[&names],
    )? {
        // One of the names above: plain lowercase, nothing to quote.
        let name: &str = r.try_get(0)?;
        sql.push_str(&format!("DEALLOCATE {name};\n"));
    }
    for (name, def) in defs {
        sql.push_str(&format!("PREPARE {name} AS {def};\n"));
    }
    c.batch_execute(&sql)
}

/// Whether `e` says a named statement is missing (another program on the
/// connection dropped it) or can no longer run as prepared: the connection is
/// then taken to have none, and the next unit prepares them again.
pub(super) fn lost(e: &postgres::Error) -> bool {
    let lost = matches!(e.code(), Some(c) if *c == SqlState::INVALID_SQL_STATEMENT_NAME
        || *c == SqlState::FEATURE_NOT_SUPPORTED);
    if lost {
        prepared::set_named(false);
    }
    lost
}

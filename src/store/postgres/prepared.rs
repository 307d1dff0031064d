//! Statements prepared once per connection. A statement sent as text costs two
//! round trips to the server (prepare, then run); a check-in runs about forty,
//! so on a busy machine the waits between them, not the server's work, made up
//! most of its time. Prepared once, each later run is one round trip.
//!
//! The cache belongs to the store's connection; the helpers of `rows` reach it
//! through a thread-local that [`PgStore`](super::PgStore) sets for the length of
//! one read or unit of work (they take any client, and a statement prepared on
//! one connection means nothing on another).

use postgres::error::SqlState;
use postgres::{GenericClient, Statement};
use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// The store's statements by their text.
pub(super) type Statements = Arc<Mutex<Cache>>;

/// What one connection has prepared.
#[derive(Default)]
pub(super) struct Cache {
    by_text: HashMap<String, Statement>,
    /// The statements prepared by name with SQL's PREPARE (`named.rs`) are there.
    named: bool,
    /// The timeline's newest event when the plans were last made (`outgrown`).
    planned_at: Option<i64>,
    /// The plans are to be made again, from the next unit of work on.
    replan: bool,
}

/// More distinct statements than the adapter has: past it, text is not kept.
const MOST: usize = 1024;

thread_local! {
    static IN_USE: RefCell<Option<Statements>> = const { RefCell::new(None) };
}

/// Runs `f` with `statements` as the cache of the connection it uses.
pub(super) fn with<T>(statements: &Statements, f: impl FnOnce() -> T) -> T {
    let outer = IN_USE.with(|s| s.replace(Some(statements.clone())));
    // Put back on the way out, even when `f` unwinds (the worker survives panics).
    struct Restore(Option<Statements>);
    impl Drop for Restore {
        fn drop(&mut self) {
            let outer = self.0.take();
            IN_USE.with(|s| *s.borrow_mut() = outer);
        }
    }
    let _restore = Restore(outer);
    f()
}

/// Runs `sql` through `run` as a statement prepared once on this connection
/// (as text when no cache is in use).
pub(super) fn run<C: GenericClient, T>(
    c: &mut C,
    sql: &str,
    run: impl FnOnce(&mut C, &Statement) -> Result<T, postgres::Error>,
) -> Result<T, postgres::Error> {
    let Some(statements) = IN_USE.with(|s| s.borrow().clone()) else {
        let statement = c.prepare(sql)?;
        return run(c, &statement);
    };
    let known = lock(&statements).by_text.get(sql).cloned();
    let statement = match known {
        Some(s) => s,
        None => {
            let s = c.prepare(sql)?;
            let mut held = lock(&statements);
            if held.by_text.len() < MOST {
                held.by_text.insert(sql.to_string(), s.clone());
            }
            s
        }
    };
    let result = run(c, &statement);
    if let Err(e) = &result {
        // Another program version changed a table under the prepared plans (or
        // they were dropped): prepare afresh from the next unit of work on.
        if matches!(e.code(), Some(c) if *c == SqlState::FEATURE_NOT_SUPPORTED || *c == SqlState::INVALID_SQL_STATEMENT_NAME)
        {
            let mut held = lock(&statements);
            held.by_text.clear();
            held.named = false;
        }
    }
    result
}

/// Whether the connection in use has the named statements: `None` when no
/// connection's cache is in use (they are then not kept).
pub(super) fn named() -> Option<bool> {
    IN_USE.with(|s| s.borrow().as_ref().map(|s| lock(s).named))
}

/// Records whether the connection in use has the named statements.
pub(super) fn set_named(has: bool) {
    IN_USE.with(|s| {
        if let Some(s) = s.borrow().as_ref() {
            lock(s).named = has;
        }
    });
}

/// Notes the timeline's newest event `head` as a unit of work begins. Past
/// twice (and 64 events more than) what it was when the connection's plans
/// were made, the record has outgrown them: see [`take_replan`].
pub(super) fn note_head(head: i64) {
    IN_USE.with(|s| {
        if let Some(s) = s.borrow().as_ref() {
            let mut c = lock(s);
            match c.planned_at {
                None => c.planned_at = Some(head),
                Some(at) if head > 2 * at + 64 => {
                    c.planned_at = Some(head);
                    c.replan = true;
                }
                Some(_) => {}
            }
        }
    });
}

/// Whether the next unit of work should make its plans again (once): a plan
/// is made once per connection, the server's checks of foreign keys' too,
/// with the table sizes of that moment, and kept until the server next
/// analyses the table. One made while a table was a page or two reads it whole
/// (cheaper then than its index), and goes on reading it whole, page after
/// page, as it grows: `DISCARD PLANS` has every statement planned again for the
/// size the record has now. On a record that grows from nothing that happens
/// about eight times in its first hundred thousand events, then ever more
/// rarely.
pub(super) fn take_replan() -> bool {
    IN_USE.with(|s| {
        s.borrow()
            .as_ref()
            .is_some_and(|s| std::mem::take(&mut lock(s).replan))
    })
}

fn lock(s: &Statements) -> std::sync::MutexGuard<'_, Cache> {
    s.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

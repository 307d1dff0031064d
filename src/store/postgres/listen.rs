//! Live desks on the server: every unit of work sends a notification in its
//! transaction (delivered at commit, never for a rollback), carrying the record's
//! schema; a desk that watches keeps a second connection that LISTENs and wakes
//! its worker on each commit of another desk, instead of waiting for its poll.

use super::connect::Server;
use super::error;
use crate::store::error::{Result, StoreError};
use crate::store::port::{Signal, Wake};
use postgres::fallible_iterator::FallibleIterator;
use postgres::Client;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// Run in each writing transaction (`WITH {MOVED} {NOTIFY}`, or inside the
/// unit's first statement, `named.rs`): moves the record's `data_version` and
/// notifies. Several records can share a database (one per schema), so the
/// payload says whose record changed.
pub(super) const MOVED: &str = "moved AS (
        INSERT INTO counters(name, value) VALUES ('data_version', 1)
        ON CONFLICT(name) DO UPDATE SET value = counters.value + 1
        RETURNING value)";
/// The notification, sent once `moved` has run (see [`MOVED`]).
pub(super) const NOTIFY: &str = "SELECT pg_notify('jiedai_changes', current_schema()) FROM moved";
const LISTEN: &str = "LISTEN jiedai_changes";

/// How often a quiet listener looks whether its store has gone.
const LOOK_EVERY: Duration = Duration::from_secs(1);

/// Opens the listening connection and hands it to a thread of its own, which
/// calls `wake` for every commit made by a connection other than `own` (the
/// store's, whose desk knows what it wrote) until `wake` says nobody listens,
/// `closed` is set, or the connection drops (then `wake` hears [`Signal::Lost`]).
pub(super) fn start(
    server: &Server,
    shown: &Path,
    own: i32,
    closed: Arc<AtomicBool>,
    mut wake: Wake,
) -> Result<()> {
    let mut client = server.connect().map_err(|e| error::on_open(shown, e))?;
    client.batch_execute(LISTEN)?;
    let schema: String = client
        .query_one("SELECT current_schema()", &[])?
        .try_get(0)?;
    std::thread::Builder::new()
        .name("jiedai-listen".into())
        .spawn(move || {
            if hear(&mut client, &schema, own, &closed, &mut wake) == Ended::Lost {
                wake(Signal::Lost);
            }
        })
        .map_err(|e| StoreError::Backend(format!("cannot start listening: {e}")))?;
    Ok(())
}

#[derive(PartialEq, Eq)]
enum Ended {
    Stopped,
    Lost,
}

fn hear(
    client: &mut Client,
    schema: &str,
    own: i32,
    closed: &AtomicBool,
    wake: &mut Wake,
) -> Ended {
    loop {
        if closed.load(Ordering::Relaxed) {
            return Ended::Stopped;
        }
        // A burst of commits wakes the desk once: it reads everything anyway.
        let mut burst = Vec::new();
        let first = {
            let mut notes = client.notifications();
            let first = notes.timeout_iter(LOOK_EVERY).next();
            let mut more = notes.iter();
            while let Ok(Some(n)) = more.next() {
                burst.push(n);
            }
            first
        };
        match first {
            Ok(Some(n)) => burst.push(n),
            Ok(None) if client.is_closed() => return Ended::Lost,
            Ok(None) => continue,
            Err(_) => return Ended::Lost,
        }
        let theirs = burst
            .iter()
            .any(|n| n.process_id() != own && n.payload() == schema);
        if theirs && !wake(Signal::Changed) {
            return Ended::Stopped;
        }
    }
}

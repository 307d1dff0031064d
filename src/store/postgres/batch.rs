//! A bulk job on the server (`import`, `demo`): one long transaction holding the
//! record's write lock, so the job lands whole or not at all, and desks on other
//! hosts wait for it as they wait for each other's check-ins. Every unit of work
//! inside it runs in a savepoint, so a refused one still leaves nothing behind.

use super::{ledger, WRITE_LOCK};
use crate::store::error::Result;
use postgres::Client;

/// Opens the batch's transaction and takes the write lock for all of it.
pub(super) fn begin(client: &mut Client, keys: &ledger::Keys) -> Result<()> {
    client.batch_execute("BEGIN")?;
    let locked = (|| {
        client.batch_execute(WRITE_LOCK)?;
        // Rows noted before the batch's first write were written by another program.
        ledger::seal(client, keys, true)?;
        Ok(())
    })();
    if locked.is_err() {
        let _ = client.batch_execute("ROLLBACK");
    }
    locked
}

/// Runs one unit of work in a savepoint of the open batch: a refused one leaves
/// nothing, and the batch goes on.
pub(super) fn unit<T>(
    client: &mut Client,
    keys: &ledger::Keys,
    f: &mut impl FnMut(&mut Client, &super::Begun) -> Result<T>,
) -> Result<T> {
    client.batch_execute("SAVEPOINT jiedai_unit")?;
    let mut unit = Savepoint {
        client,
        ended: false,
    };
    // The lock was taken with the batch: each unit reads what it needs.
    let begun = super::Begun::default();
    let value = f(unit.client, &begun)?;
    // Sealed unit by unit, as outside a batch: the same writes, the same chain;
    // the seal's write goes with the release, in one round trip.
    // The seal reads what the unit noted: its last event must be written first.
    super::tx::send_event(unit.client, &begun.event)?;
    let held = begun.held.take();
    let release = match ledger::seal_before_end(unit.client, keys, held.as_ref())? {
        Some(sealed) => format!("{sealed};\nRELEASE SAVEPOINT jiedai_unit"),
        None => "RELEASE SAVEPOINT jiedai_unit".to_string(),
    };
    unit.client.batch_execute(&release).inspect_err(|e| {
        super::named::lost(e);
    })?;
    unit.ended = true;
    Ok(value)
}

/// A unit's savepoint, rolled back to when dropped unreleased (an error, a
/// panic in the work).
struct Savepoint<'c> {
    client: &'c mut Client,
    ended: bool,
}

impl Drop for Savepoint<'_> {
    fn drop(&mut self) {
        if !self.ended {
            let _ = self
                .client
                .batch_execute("ROLLBACK TO SAVEPOINT jiedai_unit; RELEASE SAVEPOINT jiedai_unit");
        }
    }
}

/// Ends the batch: its writes become visible to every desk at once.
pub(super) fn commit(client: &mut Client) -> Result<()> {
    // The whole job lands at once: the listening desks are told once, at commit.
    let done = client
        .batch_execute(&format!(
            "WITH {} {}",
            super::listen::MOVED,
            super::listen::NOTIFY
        ))
        .and_then(|()| client.batch_execute("COMMIT"));
    if done.is_err() {
        let _ = client.batch_execute("ROLLBACK");
    }
    Ok(done?)
}

pub(super) fn rollback(client: &mut Client) -> Result<()> {
    Ok(client.batch_execute("ROLLBACK")?)
}

//! A bulk job on the server (`import`, `demo`): one long transaction holding the
//! record's write lock, so the job lands whole or not at all, and desks on other
//! hosts wait for it as they wait for each other's check-ins. Every unit of work
//! inside it runs in a savepoint, so a refused one still leaves nothing behind.

use super::{ledger, WRITE_LOCK};
use crate::store::error::Result;
use postgres::{Client, Transaction};

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

/// Runs one unit of work in a savepoint of the open batch.
pub(super) fn unit<T>(
    client: &mut Client,
    keys: &ledger::Keys,
    f: &mut impl FnMut(&mut Transaction<'_>, &super::Begun) -> Result<T>,
) -> Result<T> {
    // The client hands out a transaction only by beginning one. The batch's is
    // already open on the connection: the server only warns at the second BEGIN,
    // and the wrapper is forgotten rather than dropped, because dropping it would
    // roll the whole batch back. Its savepoint is what the unit runs in.
    let mut batch = client.transaction()?;
    let result = (|| {
        let mut unit = batch.transaction()?;
        // The lock was taken with the batch: each unit reads what it needs.
        let value = f(&mut unit, &super::Begun::default())?;
        // Sealed unit by unit, as outside a batch: the same writes, the same chain.
        ledger::seal(&mut unit, keys, false)?;
        unit.commit()?;
        Ok(value)
    })();
    std::mem::forget(batch);
    result
}

/// Ends the batch: its writes become visible to every desk at once.
pub(super) fn commit(client: &mut Client) -> Result<()> {
    // The whole job lands at once: the listening desks are told once, at commit.
    let done = client
        .batch_execute(super::listen::CHANGED)
        .and_then(|()| client.batch_execute("COMMIT"));
    if done.is_err() {
        let _ = client.batch_execute("ROLLBACK");
    }
    Ok(done?)
}

pub(super) fn rollback(client: &mut Client) -> Result<()> {
    Ok(client.batch_execute("ROLLBACK")?)
}

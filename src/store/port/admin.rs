//! Looking after the record as a whole: where it lives, what changed, the lists the
//! desk picks from, verification and backups, and the bulk jobs' long transactions.

use super::context::Ctx;
use crate::domain::anchor::Anchor;
use crate::store::error::Result;
use crate::store::records::*;
use std::path::Path;

/// What a watched record tells the desk ([`Admin::watch`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signal {
    /// Another desk committed a write.
    Changed,
    /// The signal stopped (the connection dropped): poll again.
    Lost,
}

/// Called from a thread of the backend's on each [`Signal`]; returns false once
/// nobody listens any more, which ends the watch.
pub type Wake = Box<dyn FnMut(Signal) -> bool + Send>;

/// The lists the desk picks from, and looking after the record as a whole.
pub trait Admin {
    /// Where the record lives, for messages (a file; a server's address).
    fn location(&self) -> &Path;
    /// Changes whenever another desk commits; the screen polls it to refresh.
    fn data_version(&self) -> Result<i64>;
    /// Starts calling `wake` as other desks commit, for as long as the store
    /// lives; false (and `wake` dropped) when this backend has no such signal and
    /// the desk must poll [`Admin::data_version`].
    fn watch(&self, wake: Wake) -> Result<bool>;
    /// The roster: active officers first, then retired ones.
    fn officers(&self) -> Result<Vec<Officer>>;
    /// With `Some(account)` (the host account this process runs as), an officer bound
    /// to a host account acts only from it, and a bound account acts only as its
    /// officer; `None` turns the binding off.
    fn bind_host_accounts(&mut self, running_as: Option<String>);
    fn units(&self) -> Result<Vec<Unit>>;
    fn categories(&self) -> Result<Vec<Category>>;
    fn add_unit(&mut self, cx: &Ctx, name: &str) -> Result<Unit>;
    fn add_category(&mut self, name: &str, parent: Option<&str>) -> Result<Category>;
    /// Checks the storage, the timeline's hash chain, and that every case's stored
    /// status, handler, unit and first officer agree with its timeline; and that
    /// the chain still holds each of `anchors` (heads taken earlier) at its place.
    /// With `since`, only what the ledger took in after that anchor is checked.
    fn verify(&self, anchors: &[Anchor], since: Option<&Anchor>) -> Result<VerifyReport>;
    /// [`Admin::verify`], telling `progress` how far it got (a full verify of a
    /// large record takes a while). A backend that cannot say only verifies.
    fn verify_watched(
        &self,
        anchors: &[Anchor],
        since: Option<&Anchor>,
        progress: crate::store::records::VerifyProgress<'_>,
    ) -> Result<VerifyReport> {
        let _ = progress;
        self.verify(anchors, since)
    }
    /// The newest entry of the ledger's chain as an anchor; `None` on an empty one.
    fn chain_head(&self) -> Result<Option<Anchor>>;
    /// Copies the whole record, consistently while desks write, into `out`: a
    /// new, empty file that the caller created (see `crate::outfile`). Returns
    /// the copy's own chain head (the live record's may have moved on since).
    fn backup_into(&self, out: &Path) -> Result<Option<Anchor>>;
    /// Bytes the search keys take in storage (what scale costs on disk).
    fn search_keys_bytes(&self) -> Result<i64>;
    /// Does a little of the search keys' deferred upkeep, at a quiet moment (the
    /// desk's poll); true when some is left. A backend that keeps its keys current
    /// in every write has none.
    fn fold_search_keys(&mut self) -> Result<bool> {
        Ok(false)
    }
    /// One long transaction for a bulk job; every unit of work inside it becomes
    /// a nested one that still leaves nothing behind when it fails.
    fn begin_batch(&mut self) -> Result<()>;
    fn commit_batch(&mut self) -> Result<()>;
    fn rollback_batch(&mut self) -> Result<()>;
    /// Commits what a long bulk job has written so far and goes on in a new batch:
    /// the job's memory, journal and seal stay the size of one stretch of it.
    fn batch_checkpoint(&mut self) -> Result<()> {
        self.commit_batch()?;
        self.begin_batch()
    }
    /// Inside a batch over a record with no people and no cases yet: from now on
    /// the units of work run on rows held in memory, written out by
    /// [`Admin::flush_bulk`] in large batches (a demo's million people). False when
    /// this backend or record runs them as usual (a server; a record with people).
    fn begin_bulk(&mut self) -> Result<bool> {
        Ok(false)
    }
    /// Writes the rows held into the batch, before its checkpoint or commit.
    fn flush_bulk(&mut self) -> Result<()> {
        Ok(())
    }
    /// Writes the rows held and goes back to running units of work as usual.
    fn end_bulk(&mut self) -> Result<()> {
        Ok(())
    }
    /// A new file that nobody else sees until it is complete (the demo's, loaded
    /// under a hidden name): no journal on disk and nothing synced until
    /// [`Admin::end_loading`]. False when this backend or record stays as it is.
    fn begin_loading(&mut self) -> Result<bool> {
        Ok(false)
    }
    /// Makes the loaded file durable and what any other is.
    fn end_loading(&mut self) -> Result<()> {
        Ok(())
    }
}

//! A leaner file (issue 9.5): what an upgrade leaves behind is given back.
//!
//! A migration that rebuilds a big table (the leaner timeline, the leaner ledger)
//! frees the old table's pages inside the file, and SQLite only reuses them for
//! later writes: a million-person file kept 1.3 GB of its 6.2 GB as free pages, which
//! every `backup` copied too. So once an upgrade has run, a file whose free pages
//! are a large share of it is rewritten whole (`VACUUM`), which also packs the
//! half-full pages that indexes written in random order leave.

use rusqlite::Connection;
use std::sync::OnceLock;

/// Who is told, before the rewrite starts, how much it gives back and how big the
/// file is (MB): start-up says it on stderr in the officer's language, before any
/// screen is drawn. Nobody, when unset (tests, a library caller).
static ANNOUNCE: OnceLock<Box<dyn Fn(i64, i64) + Send + Sync>> = OnceLock::new();

/// Sets [`ANNOUNCE`] for this process (the first setting holds).
pub fn announce_with(tell: impl Fn(i64, i64) + Send + Sync + 'static) {
    let _ = ANNOUNCE.set(Box::new(tell));
}

/// The migration that goes with it: an index no query reads (cases are read by
/// number, by due date, by registration and by last change, never by status
/// alone; the status line's counts are kept in `tallies`).
pub(super) const MIGRATION: &str = r#"
    DROP INDEX IF EXISTS cases_status;
"#;

/// Free pages below this many bytes are not worth rewriting the file for.
const WORTH_BYTES: i64 = 8 << 20;
/// ... nor below this share of the file (1 in N pages).
const WORTH_SHARE: i64 = 8;

/// The file's pages and how many of them are free.
pub(super) fn pages(conn: &Connection) -> rusqlite::Result<(i64, i64, i64)> {
    conn.query_row(
        "SELECT (SELECT page_count FROM pragma_page_count),
                (SELECT freelist_count FROM pragma_freelist_count),
                (SELECT page_size FROM pragma_page_size)",
        [],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )
}

/// Called after an upgrade ran: rewrites the file when its free pages are worth
/// it. Returns the pages given back. Best effort: a `VACUUM` that cannot run (no
/// room in the temporary folder for a copy of the live pages, another desk
/// writing) leaves the file exactly as it was, and the desk carries on with it.
pub(super) fn after_upgrade(conn: &Connection) -> rusqlite::Result<i64> {
    rewrite_if_worth(conn, &|free_mb, file_mb| {
        if let Some(tell) = ANNOUNCE.get() {
            tell(free_mb, file_mb);
        }
    })
}

/// [`after_upgrade`], telling `tell` (free MB, file MB) before it rewrites.
fn rewrite_if_worth(conn: &Connection, tell: &dyn Fn(i64, i64)) -> rusqlite::Result<i64> {
    let (total, free, size) = pages(conn)?;
    if free * size < WORTH_BYTES || free * WORTH_SHARE < total {
        return Ok(0);
    }
    tell((free * size) >> 20, (total * size) >> 20);
    // The copy VACUUM builds goes to a temporary file, not memory (the connection
    // keeps temporary tables in memory): a million people's live pages are 5 GB.
    conn.execute_batch("PRAGMA temp_store = FILE")?;
    let vacuumed = conn.execute_batch("VACUUM");
    conn.execute_batch("PRAGMA temp_store = MEMORY")?;
    // The rewritten pages went through the WAL (and a failed rewrite may have
    // left some there): move them into the file now, so that the WAL does not
    // stay the size of the file.
    let _ = conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()));
    if vacuumed.is_err() {
        return Ok(0);
    }
    let (after, _, _) = pages(conn)?;
    Ok(total - after)
}

#[cfg(test)]
#[path = "compact_tests.rs"]
mod tests;

//! People whose search keys changed since `search_keys` last took them in
//! (DESIGN.md 1.5, "Keys waiting to be folded in").
//!
//! A person's ~50 key rows sit on ~50 different leaves of a 1 GB index, so writing
//! them in the check-in's own commit made it write (and first read) some 60 pages
//! more, a returning person's twice that: the bulk of a durable check-in at a
//! million people. Instead the check-in writes one row here, what the person's keys
//! are now; lookups read these few people from memory beside the index, skipping
//! the index's rows of them, so they see exactly what a current index would give.
//! A fold writes them into the index later, in short transactions of their own:
//! when the desk is idle, when a store that can write closes with enough waiting,
//! and a write that finds [`CAP`] people waiting updates the index itself.

use crate::search::{MemoryKeys, PersonKeys};
use crate::store::copy::{Cell, Column, Emit};
use crate::store::error::Result;
use rusqlite::{params, Connection, OptionalExtension};
use std::collections::HashMap;

/// The table; created by the migration that introduced it.
pub(super) const SCHEMA: &str = r#"
    -- One row per person whose rows in search_keys are out of date: what their keys
    -- are derived from now (as search_people holds it), or NULL for a person who has
    -- no keys any more (merged away).
    CREATE TABLE IF NOT EXISTS search_pending (
        petitioner_id INTEGER PRIMARY KEY,
        recent        INTEGER,
        keys          TEXT
    ) STRICT;
"#;

/// People waiting past which a write updates the index itself: what a lookup reads
/// beside the index stays bounded, and a busy day's check-ins (a few hundred at a
/// desk; a thousand back to back in `bench checkin`) all take the short path.
pub(super) const CAP: usize = 1024;

/// People one fold at the desk's poll takes: some 30 scattered leaves each, so
/// that the transaction (and the write lock other desks wait on) stays short.
pub(super) const FOLD_BATCH: usize = 8;

/// People one fold transaction takes as a store closes: more at once share more
/// of the index's pages (the short prefixes' leaves, the inner pages).
pub(super) const CLOSING_BATCH: usize = 64;

/// People waiting from which a store that can write folds them all as it closes:
/// a command-line write is one process, and the next lookup should not read a
/// long list beside the index, nor should every small write pay for a fold.
pub(super) const FOLD_AT_CLOSE: usize = 64;

/// The counter of rows in the table: `count(*)` would read every page of it in
/// each check-in.
const COUNT: &str = "search_waiting";

/// A person's keys as `search_people` and this table hold them: the latest contact
/// and the encoded keys, `None` for no keys.
pub(super) type State = Option<(i64, String)>;

/// The row of one person, if they are waiting.
pub(super) fn stored(tx: &Connection, petitioner_id: i64) -> Result<Option<State>> {
    Ok(tx
        .prepare_cached("SELECT recent, keys FROM search_pending WHERE petitioner_id = ?1")?
        .query_row([petitioner_id], |r| {
            let recent: Option<i64> = r.get(0)?;
            let keys: Option<String> = r.get(1)?;
            Ok(recent.zip(keys))
        })
        .optional()?)
}

/// Puts the person's row; `new` when they were not waiting yet.
pub(super) fn put(tx: &Connection, petitioner_id: i64, state: &State, new: bool) -> Result<()> {
    let (recent, keys) = match state {
        Some((recent, keys)) => (Some(*recent), Some(keys.as_str())),
        None => (None, None),
    };
    tx.prepare_cached(
        "INSERT INTO search_pending(petitioner_id, recent, keys) VALUES (?1, ?2, ?3)
         ON CONFLICT(petitioner_id) DO UPDATE SET recent = excluded.recent, keys = excluded.keys",
    )?
    .execute(params![petitioner_id, recent, keys])?;
    moved(tx, i64::from(new))
}

/// Moves the count by `by`.
fn moved(tx: &Connection, by: i64) -> Result<()> {
    if by != 0 {
        tx.prepare_cached(
            "INSERT INTO counters(name, value) VALUES (?1, ?2)
             ON CONFLICT(name) DO UPDATE SET value = value + excluded.value",
        )?
        .execute(params![COUNT, by])?;
    }
    Ok(())
}

/// The person no longer waits (the index holds them as they are).
pub(super) fn take(tx: &Connection, petitioner_id: i64) -> Result<()> {
    let gone = tx
        .prepare_cached("DELETE FROM search_pending WHERE petitioner_id = ?1")?
        .execute([petitioner_id])?;
    if gone > 0 {
        moved(tx, -1)?;
    }
    Ok(())
}

/// Nobody waits: the index was derived again from the record. The count is set,
/// not added where nobody ever waited: a demo's two writers would add it at
/// different moments.
pub(super) fn clear(tx: &Connection) -> rusqlite::Result<()> {
    tx.execute_batch(&format!(
        "DELETE FROM search_pending;
         UPDATE counters SET value = 0 WHERE name = '{COUNT}';"
    ))
}

/// How many people wait.
pub(super) fn waiting(conn: &Connection) -> Result<usize> {
    let n: i64 = conn
        .prepare_cached("SELECT coalesce((SELECT value FROM counters WHERE name = ?1), 0)")?
        .query_row([COUNT], |r| r.get(0))?;
    Ok(n.max(0) as usize)
}

/// Up to `limit` of the people waiting, for a fold.
pub(super) fn some(conn: &Connection, limit: usize) -> Result<Vec<i64>> {
    Ok(conn
        .prepare_cached("SELECT petitioner_id FROM search_pending LIMIT ?1")?
        .query_map([limit as i64], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?)
}

/// The people waiting as a connection last read them: their keys derived in
/// memory, kept across lookups until the record changes.
#[derive(Default)]
pub(super) struct Waiting {
    /// When read: the connection's `data_version` (it moves when another
    /// connection commits) and its own changes so far; `None` before the first read.
    seen: Option<(i64, u64)>,
    states: HashMap<i64, State>,
    /// Their keys as they are now, ordered as the index orders its rows.
    pub keys: MemoryKeys,
}

impl Waiting {
    /// Reads the table again if anyone wrote since (a counter of the table's own
    /// changes would be cheaper to test, but would differ between two files that
    /// hold the same, as a demo's two writers make); only people whose row changed
    /// are derived again. Run inside the lookup's read transaction, so that the
    /// people held and the index are one snapshot.
    pub fn refresh(&mut self, conn: &Connection) -> Result<()> {
        let data_version: i64 = conn
            .prepare_cached("PRAGMA data_version")?
            .query_row([], |r| r.get(0))?;
        let seen = (data_version, conn.total_changes());
        if self.seen == Some(seen) {
            return Ok(());
        }
        let mut now: HashMap<i64, State> = HashMap::with_capacity(self.states.len());
        let mut stmt =
            conn.prepare_cached("SELECT petitioner_id, recent, keys FROM search_pending")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let recent: Option<i64> = r.get(1)?;
            let keys: Option<String> = r.get(2)?;
            now.insert(r.get(0)?, recent.zip(keys));
        }
        for id in self.states.keys() {
            if !now.contains_key(id) {
                self.keys.remove(*id);
            }
        }
        for (id, state) in &now {
            if self.states.get(id) == Some(state) {
                continue;
            }
            match state {
                Some((recent, keys)) => self.keys.upsert(*id, PersonKeys::decode(keys), *recent),
                None => self.keys.remove(*id),
            }
        }
        self.states = now;
        self.seen = Some(seen);
        Ok(())
    }

    /// Whether the index's rows of this person are out of date (to be skipped).
    pub fn holds(&self, petitioner_id: i64) -> bool {
        self.states.contains_key(&petitioner_id)
    }

    /// How many people wait: at most as many of the index's rows of one key are
    /// out of date.
    pub fn len(&self) -> usize {
        self.states.len()
    }
}

/// A copy of the record (`migrate`, `backup` to another backend) takes the search
/// keys as a fold would leave them: the table's rows of people not waiting, then
/// the waiting people's rows as they are now. The list itself is not copied.
#[derive(Clone, Copy)]
pub(super) enum Folded {
    Keys,
    People,
}

impl Folded {
    pub fn of(table: &str) -> Option<Folded> {
        match table {
            "search_keys" => Some(Folded::Keys),
            "search_people" => Some(Folded::People),
            _ => None,
        }
    }

    /// The condition that leaves out the table's rows of people waiting.
    pub fn on_file(self) -> &'static str {
        " WHERE petitioner_id NOT IN (SELECT petitioner_id FROM search_pending)"
    }

    pub fn count(self, conn: &Connection) -> Result<i64> {
        let table = match self {
            Folded::Keys => "search_keys",
            Folded::People => "search_people",
        };
        let on_file: i64 = conn.query_row(
            &format!("SELECT count(*) FROM {table}{}", self.on_file()),
            [],
            |r| r.get(0),
        )?;
        let mut waiting = 0;
        for_each_waiting(conn, |_, _, keys| {
            waiting += match self {
                Folded::Keys => keys.rows().len() as i64,
                Folded::People => 1,
            };
            Ok(())
        })?;
        Ok(on_file + waiting)
    }

    /// The waiting people's rows, with the columns in `cols`' order.
    pub fn waiting_rows(
        self,
        conn: &Connection,
        cols: &[Column],
        each: &mut Emit<'_>,
    ) -> Result<()> {
        for_each_waiting(conn, |id, recent, keys| {
            let mut emit = |value: &dyn Fn(&str) -> Cell| -> Result<()> {
                let cells: Vec<Cell> = cols.iter().map(|c| value(&c.name)).collect();
                each(&cells)
            };
            match self {
                Folded::People => emit(&|column| match column {
                    "petitioner_id" => Cell::Int(id),
                    "recent" => Cell::Int(recent),
                    "keys" => Cell::Text(keys.encode()),
                    _ => Cell::Null,
                }),
                Folded::Keys => {
                    for row in keys.rows() {
                        emit(&|column| match column {
                            "kind" => Cell::Int(row.kind.code()),
                            "key" => Cell::Text(row.key.clone()),
                            "rank" => Cell::Int(row.rank),
                            "recent" => Cell::Int(recent),
                            "petitioner_id" => Cell::Int(id),
                            _ => Cell::Null,
                        })?;
                    }
                    Ok(())
                }
            }
        })
    }
}

/// Each waiting person who has keys, in id order.
fn for_each_waiting(
    conn: &Connection,
    mut each: impl FnMut(i64, i64, &PersonKeys) -> Result<()>,
) -> Result<()> {
    let mut stmt = conn.prepare(
        "SELECT petitioner_id, recent, keys FROM search_pending
         WHERE keys IS NOT NULL ORDER BY petitioner_id",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let keys: String = r.get(2)?;
        each(r.get(0)?, r.get(1)?, &PersonKeys::decode(&keys))?;
    }
    Ok(())
}

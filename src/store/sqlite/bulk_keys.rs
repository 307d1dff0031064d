//! A bulk fill's search keys (see bulk.rs): a million people make some 35 M key
//! rows. Inserted one by one into a scratch table and sorted by SQLite at the end,
//! they took a quarter of the fill's time and gigabytes of memory; here each key
//! text is kept once, each row as 16 bytes, and the rows are sorted in memory and
//! written in the index's order into `temp.search_sorted`, which SQLite copies
//! into the index page by page (search_keys.rs). The rows are the ones a rebuild
//! derives: [`PersonKeys::rows`] of each person.
//!
//! Deriving and piling them is a sixth of the work of the thread that builds the
//! stretches, the fill's slowest: a [`KeyFeed`] does it on a thread of its own,
//! which sorts the pile while the last stretch is being written.

use crate::search::PersonKeys;
use crate::store::error::{Result, StoreError};
use rusqlite::{Connection, ToSql};
use std::collections::HashMap;
use std::sync::mpsc::{self, Receiver, SyncSender};
use std::thread::JoinHandle;

/// A person's keys, what they were derived from and their latest contact.
pub(super) type Held = (i64, PersonKeys, i64);

enum Feed {
    People(Vec<Held>),
    /// Every person is in: sort the pile.
    Sort,
}

/// The thread that piles the keys: the sorted pile once asked, `None` if the fill
/// stopped before.
type Piler = JoinHandle<Result<Option<Sorted>>>;

/// The pile of every stretch's keys, built on a thread of its own as the stretches
/// are taken (one stretch's people queued at most beside the one being piled).
#[derive(Default)]
pub(super) struct KeyFeed {
    running: Option<(SyncSender<Feed>, Piler)>,
}

/// The pile being sorted, to be written once the last stretch is in.
pub(super) struct Sorting(Option<Piler>);

/// Every key row once, in the index's order, with the key texts they number.
pub(super) struct Sorted {
    keys: Vec<((i64, Box<str>), u32)>,
    rows: Vec<u128>,
}

fn pile(feed: Receiver<Feed>) -> Result<Option<Sorted>> {
    let mut pile = KeyPile::default();
    for message in feed {
        match message {
            Feed::People(people) => {
                for (id, keys, recent) in &people {
                    pile.add(*id, keys, *recent)?;
                }
            }
            Feed::Sort => return Ok(Some(pile.sorted())),
        }
    }
    // The fill stopped: nothing to sort.
    Ok(None)
}

fn gone() -> StoreError {
    StoreError::Invalid("the bulk fill's search-key thread stopped".into())
}

impl KeyFeed {
    /// Hands a stretch's people over to be piled.
    pub(super) fn add(&mut self, people: Vec<Held>) -> Result<()> {
        let (feed, _) = self.running.get_or_insert_with(|| {
            let (feed, inbox) = mpsc::sync_channel(1);
            (feed, std::thread::spawn(move || pile(inbox)))
        });
        // A closed channel means the thread stopped on an error: `Sorting::write`
        // reports it.
        let _ = feed.send(Feed::People(people));
        Ok(())
    }

    /// Every person is in: the pile is sorted on its thread meanwhile.
    pub(super) fn sort(self) -> Sorting {
        Sorting(self.running.map(|(feed, worker)| {
            let _ = feed.send(Feed::Sort);
            worker
        }))
    }
}

impl Sorting {
    /// Waits for the sorted pile and writes it into the search keys, which must be
    /// empty.
    pub(super) fn write(self, conn: &Connection) -> Result<()> {
        let sorted = match self.0 {
            None => KeyPile::default().sorted(),
            Some(worker) => match worker.join() {
                Ok(done) => done?.ok_or_else(gone)?,
                // A panic there is a bug, as it would be on this thread.
                Err(panic) => std::panic::resume_unwind(panic),
            },
        };
        sorted.write(conn)
    }
}

/// Every key row of the fill so far.
#[derive(Default)]
struct KeyPile {
    /// Each (kind, key) once, with its number.
    texts: HashMap<(i64, Box<str>), u32>,
    /// (key number, rank, recent, person), 32 bits each, in that order from the
    /// top: sorting the numbers sorts the rows once the key numbers follow the
    /// keys' order.
    rows: Vec<u128>,
}

/// An `i32` as 32 bits that sort as the number does.
fn ordered(n: i64, what: &str) -> Result<u128> {
    let n = i32::try_from(n)
        .map_err(|_| StoreError::Invalid(format!("a bulk fill keeps {what} {n} in 32 bits")))?;
    Ok(u128::from((n as u32) ^ 0x8000_0000))
}

fn number(bits: u128) -> i64 {
    i64::from(((bits & 0xFFFF_FFFF) as u32 ^ 0x8000_0000) as i32)
}

impl KeyPile {
    fn add(&mut self, id: i64, keys: &PersonKeys, recent: i64) -> Result<()> {
        let person = u128::from(u32::try_from(id).map_err(|_| {
            StoreError::Invalid(format!("a bulk fill keeps person {id} in 32 bits"))
        })?);
        let recent = ordered(recent, "the minute")?;
        for row in keys.rows() {
            let next = self.texts.len() as u32;
            let text = *self
                .texts
                .entry((row.kind.code(), row.key.into_boxed_str()))
                .or_insert(next);
            let rank = ordered(row.rank, "the rank")?;
            self.rows
                .push(u128::from(text) << 96 | rank << 64 | recent << 32 | person);
        }
        Ok(())
    }

    /// Every row once, in the index's order (as `INSERT OR IGNORE` would keep them).
    fn sorted(self) -> Sorted {
        let KeyPile { texts, mut rows } = self;
        let mut keys: Vec<((i64, Box<str>), u32)> = texts.into_iter().collect();
        // SQLite compares the kinds as integers and the keys' bytes (BINARY).
        keys.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let mut place = vec![0u32; keys.len()];
        for (at, (_, number)) in keys.iter().enumerate() {
            place[*number as usize] = at as u32;
        }
        for row in &mut rows {
            let text = (*row >> 96) as usize;
            *row = u128::from(place[text]) << 96 | (*row & ((1u128 << 96) - 1));
        }
        drop(place);
        rows.sort_unstable();
        rows.dedup();
        Sorted { keys, rows }
    }
}

impl Sorted {
    /// Writes every row into the search keys, which must be empty.
    fn write(self, conn: &Connection) -> Result<()> {
        super::search_keys::open_sorted(conn)?;
        insert_sorted(conn, &self.keys, &self.rows)?;
        drop(self);
        Ok(super::search_keys::close_sorted(conn)?)
    }
}

/// Rows per statement.
const ROWS: usize = 128;

fn insert_sorted(conn: &Connection, keys: &[((i64, Box<str>), u32)], rows: &[u128]) -> Result<()> {
    let sql = |n: usize| {
        format!(
            "INSERT INTO temp.search_sorted(kind, key, rank, recent, petitioner_id) VALUES {}",
            vec!["(?, ?, ?, ?, ?)"; n].join(", ")
        )
    };
    let cells = |row: u128| {
        let ((kind, key), _) = &keys[(row >> 96) as usize];
        (
            *kind,
            key.as_ref(),
            number(row >> 64),
            number(row >> 32),
            i64::from((row & 0xFFFF_FFFF) as u32),
        )
    };
    let mut many = conn.prepare_cached(&sql(ROWS))?;
    let mut chunks = rows.chunks_exact(ROWS);
    let mut held: Vec<(i64, &str, i64, i64, i64)> = Vec::with_capacity(ROWS);
    for chunk in chunks.by_ref() {
        held.clear();
        held.extend(chunk.iter().map(|&r| cells(r)));
        let values: Vec<&dyn ToSql> = held
            .iter()
            .flat_map(|(a, b, c, d, e)| [a as &dyn ToSql, b, c, d, e])
            .collect();
        many.execute(values.as_slice())?;
    }
    let mut one = conn.prepare_cached(&sql(1))?;
    for &row in chunks.remainder() {
        let (a, b, c, d, e) = cells(row);
        one.execute(rusqlite::params![a, b, c, d, e])?;
    }
    Ok(())
}

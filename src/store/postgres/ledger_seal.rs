//! The seal on the server, in as few round trips as a unit of work can pay: one
//! query for the noted keys with what the ledger holds of each, the head, and
//! the rows themselves (`ledger_gather.rs`), then one write that appends the
//! entries and marks, clears the noted keys and records the head
//! (`ledger_write.rs`), sent with the unit's COMMIT. The bytes hashed are
//! SQLite's (`PgCodec`), and entries are chained in SQLite's order, so the same
//! writes end at the same head on both backends.

use super::ledger_gather::gather;
use super::ledger_keys::Keys;
use super::ledger_store;
use super::ledger_write::{Entries, Write};
use super::search_write::KeysWrite;
use crate::domain::anchor::Anchor;
use crate::store::error::Result;
use crate::store::sqlite::ledger::{entry_hash, hex, parse_head, GENESIS};
use postgres::GenericClient;

/// The newest entry: its sequence number and chain hash (0 and the genesis hash
/// when the ledger is empty); the recorded head's hash when it names the newest
/// entry, else recomputed from the last mark.
pub(super) fn head<C: GenericClient>(c: &mut C) -> Result<(i64, Vec<u8>)> {
    let r = super::prepared::run(
        c,
        "SELECT (SELECT max(seq) FROM ledger),
                (SELECT value FROM meta WHERE key = 'ledger_head')",
        |c, st| c.query_one(st, &[]),
    )?;
    head_from(c, r.try_get(0)?, r.try_get(1)?)
}

/// The head from the newest entry's number and the recorded head.
fn head_from<C: GenericClient>(
    c: &mut C,
    newest: Option<i64>,
    recorded: Option<String>,
) -> Result<(i64, Vec<u8>)> {
    let Some(seq) = newest.filter(|&s| s > 0) else {
        return Ok((0, GENESIS.to_vec()));
    };
    if let Some((at, hash)) = recorded.as_deref().and_then(parse_head) {
        if at == seq {
            return Ok((seq, hash));
        }
    }
    Ok((
        seq,
        ledger_store::hash_at(c, seq)?.map_or_else(Vec::new, |h| h.to_vec()),
    ))
}

/// The chain head as an anchor to keep outside the record; `None` while empty.
pub(super) fn anchor<C: GenericClient>(c: &mut C) -> Result<Option<Anchor>> {
    let (seq, hash) = head(c)?;
    Ok((seq > 0).then(|| Anchor {
        seq,
        hash: hex(&hash),
    }))
}

/// Hashes every row noted since the last seal and appends one entry per row whose
/// content differs from what the ledger holds, in the order SQLite seals them (by
/// table name byte by byte, then key). `outside` marks rows another program wrote
/// (found noted when jiedai's own unit of work begins).
pub(super) fn seal<C: GenericClient>(c: &mut C, keys: &Keys, outside: bool) -> Result<usize> {
    let Some(write) = prepare(c, keys, outside, None)? else {
        return Ok(0);
    };
    write.execute(c)?;
    Ok(write.entries.seq.len())
}

/// The seal of a unit of work about to end: its write as SQL to send in the
/// same message as what ends it (COMMIT), one round trip for both; `None` when
/// there was nothing to write or the write went on its own (a large one).
/// `held`, the unit's search keys not written yet, goes with the seal's read.
pub(super) fn seal_before_end<C: GenericClient>(
    c: &mut C,
    keys: &Keys,
    held: Option<&KeysWrite>,
) -> Result<Option<String>> {
    let Some(write) = prepare(c, keys, false, held)? else {
        return Ok(None);
    };
    if let Some(text) = write.as_text() {
        // The text runs the statement prepared by name.
        super::named::ensure(c)?;
        return Ok(Some(text));
    }
    write.execute(c)?;
    Ok(None)
}

/// Reads the noted rows (`ledger_gather.rs`), hashes and chains what changed;
/// returns the seal's write, `None` when nothing is noted.
fn prepare<C: GenericClient>(
    c: &mut C,
    keys: &Keys,
    outside: bool,
    held: Option<&KeysWrite>,
) -> Result<Option<Write>> {
    let Some(g) = gather(c, keys, held)? else {
        return Ok(None);
    };
    let (mut seq, mut prev) = head_from(c, g.newest, g.recorded)?;
    let mut entries = Entries::default();
    for p in &g.pending {
        if !keys.contains_key(p.tbl.as_str()) {
            continue;
        }
        let now = g.now.get(&(p.tbl.clone(), p.k1, p.k2));
        let unchanged = match &p.held {
            None => now.is_none(),
            Some(held) => held.as_deref() == now.map(|h| &h[..]),
        };
        if unchanged {
            continue;
        }
        seq += 1;
        let row_hash = now.map(|h| h.to_vec());
        let hash = entry_hash(&prev, seq, &p.tbl, p.k1, p.k2, outside, row_hash.as_deref());
        entries.push(seq, &p.tbl, p.code, (p.k1, p.k2), row_hash, &hash);
        prev = hash.to_vec();
    }
    // A table gets its number with its first entry (once in its life), so that
    // the numbers never outlive an empty ledger.
    if entries.code.iter().any(Option::is_none) {
        let names: Vec<&str> = entries.unnumbered.iter().map(String::as_str).collect();
        let codes = ledger_store::number_tables(c, &names)?;
        for (code, tbl) in entries.code.iter_mut().zip(&entries.tbl) {
            if code.is_none() {
                *code = codes.get(tbl).copied();
            }
        }
    }
    Ok(Some(Write {
        entries,
        outside,
        keys: g.pending.into_iter().map(|p| (p.tbl, p.k1, p.k2)).collect(),
        head: format!("{seq}:{}", hex(&prev)),
    }))
}

//! The ledger's head and the rows' hashes as the client computes them: what
//! `verify` and the anchors read. (The seal itself runs on the server:
//! `seal_fn.rs`.) The bytes hashed are SQLite's (`PgCodec`), so the same writes
//! end at the same head on both backends.

use super::ledger_keys::{Keys, PgCodec};
use super::ledger_store;
use crate::domain::anchor::Anchor;
use crate::store::error::Result;
use crate::store::sqlite::ledger::{hex, parse_head, GENESIS};
use postgres::GenericClient;
use std::collections::{BTreeMap, HashMap};

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

/// The hash of each of these rows still on file, read one query per table.
pub(super) fn current_hashes<'a, C: GenericClient>(
    c: &mut C,
    keys: &Keys,
    rows: impl Iterator<Item = (&'a str, i64, i64)>,
) -> Result<HashMap<(String, i64, i64), [u8; 32]>> {
    let mut by_table: BTreeMap<&str, (Vec<i64>, Vec<i64>)> = BTreeMap::new();
    for (tbl, k1, k2) in rows {
        let keys = by_table.entry(tbl).or_default();
        keys.0.push(k1);
        keys.1.push(k2);
    }
    let mut hashes = HashMap::new();
    for (tbl, (k1s, k2s)) in by_table {
        let Some((&name, key)) = keys.get_key_value(tbl) else {
            continue;
        };
        let sql = format!(
            "SELECT {} FROM \"{name}\" t
             JOIN unnest($1::bigint[], $2::bigint[]) AS p(k1, k2) ON {}",
            key.select(),
            key.joins("p")
        );
        let rows = super::prepared::run(c, &sql, |c, st| c.query(st, &[&k1s, &k2s]))?;
        let Some(first) = rows.first() else { continue };
        let codec = PgCodec::of(first.columns(), 2);
        for r in &rows {
            hashes.insert(
                (name.to_string(), r.try_get(0)?, r.try_get(1)?),
                codec.hash(r)?,
            );
        }
    }
    Ok(hashes)
}

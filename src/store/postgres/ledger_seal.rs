//! The seal on the server, in as few round trips as a unit of work can pay: one
//! query for the noted keys with what the ledger holds of each (and the head),
//! one query per touched table for the rows' content, one statement that appends
//! the entries and marks, clears the noted keys and records the head. The bytes
//! hashed are SQLite's (`PgCodec`), and entries are chained in SQLite's order, so
//! the same writes end at the same head on both backends.

use super::ledger_keys::{Keys, PgCodec};
use super::ledger_store;
use crate::domain::anchor::Anchor;
use crate::store::error::Result;
use crate::store::sqlite::ledger::{entry_hash, hex, parse_head, GENESIS};
use crate::store::sqlite::ledger_store::MARK_EVERY;
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

/// A noted row: its table, its table's number in the ledger (if it has one yet),
/// its key, and whether the ledger holds an entry for it with the row's hash then
/// (`Some(None)`: the entry of its deletion).
struct Pending {
    tbl: String,
    code: Option<i64>,
    k1: i64,
    k2: i64,
    held: Option<Option<Vec<u8>>>,
}

/// Hashes every row noted since the last seal and appends one entry per row whose
/// content differs from what the ledger holds, in the order SQLite seals them (by
/// table name byte by byte, then key). `outside` marks rows another program wrote
/// (found noted when jiedai's own unit of work begins).
pub(super) fn seal<C: GenericClient>(c: &mut C, keys: &Keys, outside: bool) -> Result<usize> {
    // 1. The noted keys, each with the newest entry of its row, and the head.
    let rows = super::prepared::run(
        c,
        "SELECT p.tbl, n.code, p.k1, p.k2, h.seq IS NOT NULL, h.row_hash,
                (SELECT max(seq) FROM ledger),
                (SELECT value FROM meta WHERE key = 'ledger_head')
         FROM ledger_pending p
         LEFT JOIN ledger_tables n ON n.name = p.tbl
         LEFT JOIN LATERAL (SELECT seq, row_hash FROM ledger l
                            WHERE l.t = n.code AND l.k1 = p.k1 AND l.k2 = p.k2
                            ORDER BY seq DESC LIMIT 1) h ON TRUE
         ORDER BY p.tbl, p.k1, p.k2",
        |c, st| c.query(st, &[]),
    )?;
    let Some(first) = rows.first() else {
        return Ok(0);
    };
    let (newest, recorded): (Option<i64>, Option<String>) = (first.try_get(6)?, first.try_get(7)?);
    let pending: Vec<Pending> = rows
        .iter()
        .map(|r| {
            let held: bool = r.try_get(4)?;
            Ok(Pending {
                tbl: r.try_get(0)?,
                code: r.try_get(1)?,
                k1: r.try_get(2)?,
                k2: r.try_get(3)?,
                held: if held { Some(r.try_get(5)?) } else { None },
            })
        })
        .collect::<Result<_>>()?;
    drop(rows);
    // 2. The rows' content, one query per touched table.
    let now = current_hashes(
        c,
        keys,
        pending.iter().map(|p| (p.tbl.as_str(), p.k1, p.k2)),
    )?;
    let (mut seq, mut prev) = head_from(c, newest, recorded)?;
    let mut entries = Entries::default();
    for p in &pending {
        if !keys.contains_key(p.tbl.as_str()) {
            continue;
        }
        let now = now.get(&(p.tbl.clone(), p.k1, p.k2));
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
        entries.push(seq, p, row_hash, &hash);
        prev = hash.to_vec();
    }
    // 3. One statement: the entries and marks appended, the keys read above
    // cleared (another program's write noted meanwhile, outside the write lock,
    // waits for the next seal instead of vanishing), and the head recorded apart
    // from the chain, so that cutting the newest entries is noticed too.
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
    let (tbls, k1s, k2s): (Vec<&str>, Vec<i64>, Vec<i64>) = pending
        .iter()
        .map(|p| (p.tbl.as_str(), p.k1, p.k2))
        .collect();
    let head = format!("{seq}:{}", hex(&prev));
    super::prepared::run(
        c,
        "WITH e AS (
             INSERT INTO ledger(seq, t, k1, k2, outside, row_hash)
             SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::bigint[],
                                  $5::bool[], $6::bytea[])),
         m AS (
             INSERT INTO ledger_marks(seq, hash)
             SELECT * FROM unnest($7::bigint[], $8::bytea[])),
         d AS (
             DELETE FROM ledger_pending p
             USING unnest($9::text[], $10::bigint[], $11::bigint[]) AS d(tbl, k1, k2)
             WHERE p.tbl = d.tbl AND p.k1 = d.k1 AND p.k2 = d.k2)
         INSERT INTO meta(key, value) VALUES ('ledger_head', $12)
         ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        |c, st| {
            let outsides = vec![outside; entries.seq.len()];
            c.execute(
                st,
                &[
                    &entries.seq,
                    &entries.code,
                    &entries.k1,
                    &entries.k2,
                    &outsides,
                    &entries.row_hash,
                    &entries.mark_seq,
                    &entries.mark_hash,
                    &tbls,
                    &k1s,
                    &k2s,
                    &head,
                ],
            )
        },
    )?;
    Ok(entries.seq.len())
}

/// The entries of one seal, as columns for one insert, and the marks among them.
#[derive(Default)]
struct Entries {
    seq: Vec<i64>,
    tbl: Vec<String>,
    /// The tables that had no number yet, in order.
    unnumbered: Vec<String>,
    code: Vec<Option<i64>>,
    k1: Vec<i64>,
    k2: Vec<i64>,
    row_hash: Vec<Option<Vec<u8>>>,
    mark_seq: Vec<i64>,
    mark_hash: Vec<Vec<u8>>,
}

impl Entries {
    fn push(&mut self, seq: i64, p: &Pending, row: Option<Vec<u8>>, hash: &[u8]) {
        self.seq.push(seq);
        self.tbl.push(p.tbl.clone());
        if p.code.is_none() && self.unnumbered.last() != Some(&p.tbl) {
            self.unnumbered.push(p.tbl.clone());
        }
        self.code.push(p.code);
        self.k1.push(p.k1);
        self.k2.push(p.k2);
        self.row_hash.push(row);
        if seq % MARK_EVERY == 0 {
            self.mark_seq.push(seq);
            self.mark_hash.push(hash.to_vec());
        }
    }
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

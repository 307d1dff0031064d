//! The seal's read, in one round trip when it can: the noted keys with each
//! row's newest entry and the head, and beside each key the row it names, read
//! by a LEFT JOIN of each table the connection's last seals touched (a check-in
//! touches the same five every time). The rows of a table not joined are read
//! after, one query per table (`current_hashes`), and that table is joined from
//! the next seal on. Each row is hashed here, with the codec `verify` uses.

use super::ledger_keys::{Keys, PgCodec};
use super::search_write::KeysWrite;
use crate::store::error::Result;
use postgres::GenericClient;
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// More tables than a unit of work touches: past it, the joined set starts over
/// from the last seal's tables.
const MOST_JOINED: usize = 8;

thread_local! {
    /// The tables the next seal joins: those of the last seals on this thread
    /// (a guess: a wrong one costs a round trip, never a wrong hash).
    static JOINED: RefCell<BTreeSet<&'static str>> = const { RefCell::new(BTreeSet::new()) };
}

/// A noted row: its table, its table's number in the ledger (if it has one yet),
/// its key, and whether the ledger holds an entry for it with the row's hash then
/// (`Some(None)`: the entry of its deletion).
pub(super) struct Pending {
    pub(super) tbl: String,
    pub(super) code: Option<i64>,
    pub(super) k1: i64,
    pub(super) k2: i64,
    pub(super) held: Option<Option<Vec<u8>>>,
}

/// What the seal read: the noted rows in SQLite's order, the newest entry's
/// number and the recorded head, and the hash of each noted row still there.
pub(super) struct Gathered {
    pub(super) pending: Vec<Pending>,
    pub(super) newest: Option<i64>,
    pub(super) recorded: Option<String>,
    pub(super) now: HashMap<(String, i64, i64), [u8; 32]>,
}

/// Reads what the seal needs; `None` when nothing is noted. `held` (a unit's
/// search keys) is written by the same statement, which saves it a round trip:
/// the read is of ledgered tables only, which the keys are not.
pub(super) fn gather<C: GenericClient>(
    c: &mut C,
    keys: &Keys,
    held: Option<&KeysWrite>,
) -> Result<Option<Gathered>> {
    let joined: Vec<&'static str> = JOINED.with(|j| {
        j.borrow()
            .iter()
            .copied()
            .filter(|t| keys.contains_key(t))
            .collect()
    });
    let rows = match held {
        Some(w) => {
            let sql = format!("WITH {}\n{}", w.ctes(), query(keys, &joined));
            super::prepared::run(c, &sql, |c, st| c.query(st, &w.params()))?
        }
        None => super::prepared::run(c, &query(keys, &joined), |c, st| c.query(st, &[]))?,
    };
    let Some(first) = rows.first() else {
        return Ok(None);
    };
    let (newest, recorded) = (first.try_get(6)?, first.try_get(7)?);
    // Each joined table's columns: after its marker, up to the next one.
    let columns = first.columns();
    let markers: Vec<(usize, &str)> = joined
        .iter()
        .filter_map(|t| {
            let marker = marker(t);
            columns
                .iter()
                .position(|c| c.name() == marker)
                .map(|i| (i, *t))
        })
        .collect();
    let mut codecs: HashMap<&str, (usize, PgCodec)> = HashMap::new();
    for (n, &(at, t)) in markers.iter().enumerate() {
        let end = markers.get(n + 1).map_or(columns.len(), |m| m.0);
        codecs.insert(t, (at, PgCodec::of_range(columns, at + 1, end - at - 1)));
    }
    let mut pending = Vec::with_capacity(rows.len());
    let mut now = HashMap::new();
    for r in &rows {
        let held: bool = r.try_get(4)?;
        let p = Pending {
            tbl: r.try_get(0)?,
            code: r.try_get(1)?,
            k1: r.try_get(2)?,
            k2: r.try_get(3)?,
            held: if held { Some(r.try_get(5)?) } else { None },
        };
        if let Some((at, codec)) = codecs.get(p.tbl.as_str()) {
            if r.try_get::<_, bool>(*at)? {
                now.insert((p.tbl.clone(), p.k1, p.k2), codec.hash(r)?);
            }
        }
        pending.push(p);
    }
    drop(rows);
    // The tables not joined this time: read now, joined from the next seal on.
    let touched: BTreeSet<&'static str> = pending
        .iter()
        .filter_map(|p| keys.get_key_value(p.tbl.as_str()).map(|(&t, _)| t))
        .collect();
    let missed: Vec<&Pending> = pending
        .iter()
        .filter(|p| touched.contains(p.tbl.as_str()) && !codecs.contains_key(p.tbl.as_str()))
        .collect();
    if !missed.is_empty() {
        now.extend(current_hashes(
            c,
            keys,
            missed.iter().map(|p| (p.tbl.as_str(), p.k1, p.k2)),
        )?);
    }
    JOINED.with(|j| {
        let mut j = j.borrow_mut();
        j.extend(touched.iter().copied());
        if j.len() > MOST_JOINED {
            *j = touched;
        }
    });
    Ok(Some(Gathered {
        pending,
        newest,
        recorded,
        now,
    }))
}

/// The name of the column that says whether table `t`'s row was found; the
/// table's columns follow it.
fn marker(t: &str) -> String {
    format!("jiedai_row:{t}")
}

/// The read, with the tables `joined` side by side.
fn query(keys: &Keys, joined: &[&'static str]) -> String {
    let mut select = String::new();
    let mut from = String::new();
    for (i, &t) in joined.iter().enumerate() {
        let Some(key) = keys.get(t) else { continue };
        let alias = format!("j{i}");
        select.push_str(&format!(
            ",\n {} AS \"{}\", {alias}.*",
            key.found(&alias),
            marker(t)
        ));
        // Looked up row by row (LATERAL, kept apart by its LIMIT), never hashed
        // whole: the table may hold a million rows, the noted keys a dozen.
        from.push_str(&format!(
            "\n LEFT JOIN LATERAL (SELECT * FROM \"{t}\" {alias} WHERE {} LIMIT 1) {alias} ON TRUE",
            key.probe(t, &alias, "p")
        ));
    }
    format!(
        "SELECT p.tbl, n.code, p.k1, p.k2, h.seq IS NOT NULL, h.row_hash,
                (SELECT max(seq) FROM ledger),
                (SELECT value FROM meta WHERE key = 'ledger_head'){select}
         FROM ledger_pending p
         LEFT JOIN ledger_tables n ON n.name = p.tbl
         LEFT JOIN LATERAL (SELECT seq, row_hash FROM ledger l
                            WHERE l.t = n.code AND l.k1 = p.k1 AND l.k2 = p.k2
                            ORDER BY seq DESC LIMIT 1) h ON TRUE{from}
         ORDER BY p.tbl, p.k1, p.k2"
    )
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

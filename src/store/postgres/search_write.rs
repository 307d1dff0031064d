//! A person's search keys to write (`search::refresh` works out which), held
//! back by the unit of work and sent as part of the seal's read
//! (`ledger_gather.rs`): a check-in then pays no round trip of its own for them.
//! Nothing in a unit reads the keys it wrote but the next refresh, and
//! `PgTx` sends what it holds before that read; the seal's read touches only
//! ledgered tables, which the keys are not.

use super::rows::exec;
use crate::search::KeyRow;
use crate::store::error::Result;
use postgres::types::ToSql;
use postgres::GenericClient;

/// Key rows as the three arrays a statement unnests, in the index's order
/// (`COLLATE "C"` compares bytes, as `str` does): the server then walks its
/// index leaf by leaf instead of at random.
#[derive(Debug, Default)]
pub(super) struct Columns {
    kinds: Vec<i64>,
    texts: Vec<String>,
    ranks: Vec<i64>,
}

impl Columns {
    pub(super) fn of<'a>(rows: impl Iterator<Item = &'a KeyRow>) -> Self {
        let mut rows: Vec<&KeyRow> = rows.collect();
        rows.sort_unstable_by(|a, b| {
            (a.kind.code(), &a.key, a.rank).cmp(&(b.kind.code(), &b.key, b.rank))
        });
        let mut out = Columns::default();
        for r in rows {
            out.kinds.push(r.kind.code());
            out.texts.push(r.key.clone());
            out.ranks.push(r.rank);
        }
        out
    }
}

/// One person's key rows to delete and to insert, and their entry in
/// `search_people` (`None`: the person has no keys any more).
#[derive(Debug)]
pub(in crate::store) struct KeysWrite {
    pub(super) gone: Columns,
    pub(super) added: Columns,
    pub(super) old_recent: i64,
    pub(super) new_recent: i64,
    pub(super) petitioner_id: i64,
    pub(super) encoded: Option<String>,
    /// The person was created by this unit of work (see [`FRESH`]).
    pub(super) fresh: bool,
}

/// A newcomer's: nothing to delete, so no deletion to plan. A prepared plan is
/// made once per connection with the table sizes of the moment, and one made
/// while the table was small read the whole key index for a deletion of nothing.
const ADDED: &str = "jiedai_keys_added AS (
         INSERT INTO search_keys(kind, key, rank, recent, petitioner_id)
         SELECT k, t, r, $4, $5 FROM unnest($1::bigint[], $2::text[], $3::bigint[]) AS u(k, t, r)
         ON CONFLICT DO NOTHING),
     jiedai_keys_kept AS (
         INSERT INTO search_people(petitioner_id, recent, keys) VALUES ($5, $4, $6)
         ON CONFLICT(petitioner_id) DO UPDATE SET recent = excluded.recent, keys = excluded.keys)";

/// A person created by this unit of work: no key row can be stored under their
/// new number, so the rows go in without the check of each against the index
/// (`ON CONFLICT`), which cost a second descent of the index per row and a
/// third record in the WAL.
const FRESH: &str = "jiedai_keys_added AS (
         INSERT INTO search_keys(kind, key, rank, recent, petitioner_id)
         SELECT k, t, r, $4, $5 FROM unnest($1::bigint[], $2::text[], $3::bigint[]) AS u(k, t, r)),
     jiedai_keys_kept AS (
         INSERT INTO search_people(petitioner_id, recent, keys) VALUES ($5, $4, $6))";

/// Each row to delete found by its whole key, one index descent each (the
/// lateral subquery cannot be planned as a scan over the others).
const CHANGED: &str = "jiedai_keys_gone AS (
         DELETE FROM search_keys t USING (
             SELECT x.ctid FROM unnest($1::bigint[], $2::text[], $3::bigint[]) AS d(kind, key, rank)
             CROSS JOIN LATERAL (
                 SELECT s.ctid FROM search_keys s
                 WHERE s.kind = d.kind AND s.key = d.key AND s.rank = d.rank
                   AND s.recent = $4 AND s.petitioner_id = $5 LIMIT 1) x) g
         WHERE t.ctid = g.ctid),
     jiedai_keys_added AS (
         INSERT INTO search_keys(kind, key, rank, recent, petitioner_id)
         SELECT k, t, r, $6, $5 FROM unnest($7::bigint[], $8::text[], $9::bigint[]) AS u(k, t, r)
         ON CONFLICT DO NOTHING),
     jiedai_keys_unkeyed AS (
         DELETE FROM search_people WHERE petitioner_id = $5 AND $10::text IS NULL),
     jiedai_keys_kept AS (
         INSERT INTO search_people(petitioner_id, recent, keys)
         SELECT $5, $6, $10 WHERE $10::text IS NOT NULL
         ON CONFLICT(petitioner_id) DO UPDATE SET recent = excluded.recent, keys = excluded.keys)";

impl KeysWrite {
    fn newcomer(&self) -> bool {
        self.gone.kinds.is_empty() && self.encoded.is_some()
    }

    /// The write as common table expressions (without `WITH`) over `$1…$n`:
    /// a statement that has no parameters of its own may lead with them.
    pub(super) fn ctes(&self) -> &'static str {
        if self.newcomer() && self.fresh {
            FRESH
        } else if self.newcomer() {
            ADDED
        } else {
            CHANGED
        }
    }

    /// The values of the parameters [`ctes`](Self::ctes) names.
    pub(super) fn params(&self) -> Vec<&(dyn ToSql + Sync)> {
        if self.newcomer() {
            vec![
                &self.added.kinds,
                &self.added.texts,
                &self.added.ranks,
                &self.new_recent,
                &self.petitioner_id,
                &self.encoded,
            ]
        } else {
            vec![
                &self.gone.kinds,
                &self.gone.texts,
                &self.gone.ranks,
                &self.old_recent,
                &self.petitioner_id,
                &self.new_recent,
                &self.added.kinds,
                &self.added.texts,
                &self.added.ranks,
                &self.encoded,
            ]
        }
    }

    /// Sends the write on its own.
    pub(super) fn execute<C: GenericClient>(&self, c: &mut C) -> Result<()> {
        exec(c, &format!("WITH {} SELECT 1", self.ctes()), &self.params())?;
        Ok(())
    }
}

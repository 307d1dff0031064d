//! Reading the search keys (DESIGN.md 1.5): the index on file, minus its rows of
//! the people waiting to be folded in, plus those people's keys as they are now,
//! held in memory (search_pending.rs). Both sides come in the index's order, so
//! merging them keeps the work of a page bounded by the page, as the index alone
//! did: at most one stale row per waiting person is skipped per key.

use super::search_pending::Waiting;
use crate::search::{KeyHit, KeyKind, KeyReader, MemoryKeys, PersonKeys};
use crate::store::error::{Result, StoreError};
use rusqlite::{params, Connection, OptionalExtension};

/// Reads the keys through this connection, beside the people waiting.
pub(super) struct SqlKeys<'a> {
    conn: &'a Connection,
    waiting: &'a Waiting,
}

impl<'a> SqlKeys<'a> {
    pub fn new(conn: &'a Connection, waiting: &'a Waiting) -> Self {
        SqlKeys { conn, waiting }
    }

    fn fresh(&self) -> &MemoryKeys {
        &self.waiting.keys
    }
}

/// The order of the index's rows within one key.
fn order(h: &KeyHit) -> (i64, i64, i64) {
    (h.rank, h.recent, h.petitioner_id)
}

impl KeyReader for SqlKeys<'_> {
    type Error = StoreError;

    fn exact(
        &self,
        kind: KeyKind,
        key: &str,
        ranks: (i64, i64),
        visit: &mut dyn FnMut(KeyHit) -> bool,
    ) -> Result<()> {
        let mut fresh: Vec<KeyHit> = Vec::new();
        let _ = self.fresh().exact(kind, key, ranks, &mut |h| {
            fresh.push(h);
            true
        });
        let mut fresh = fresh.into_iter().peekable();
        let mut stmt = self.conn.prepare_cached(
            "SELECT petitioner_id, rank, recent FROM search_keys
             WHERE kind = ?1 AND key = ?2 AND rank BETWEEN ?3 AND ?4
             ORDER BY rank, recent, petitioner_id",
        )?;
        let mut rows = stmt.query(params![kind.code(), key, ranks.0, ranks.1])?;
        while let Some(r) = rows.next()? {
            let hit = KeyHit {
                petitioner_id: r.get(0)?,
                rank: r.get(1)?,
                recent: r.get(2)?,
            };
            if self.waiting.holds(hit.petitioner_id) {
                continue;
            }
            while let Some(f) = fresh.next_if(|f| order(f) < order(&hit)) {
                if !visit(f) {
                    return Ok(());
                }
            }
            if !visit(hit) {
                return Ok(());
            }
        }
        for f in fresh {
            if !visit(f) {
                break;
            }
        }
        Ok(())
    }

    fn starting_with(
        &self,
        kind: KeyKind,
        prefix: &str,
        cap: usize,
    ) -> Result<Vec<(String, KeyHit)>> {
        // Every valid UTF-8 string starting with `prefix` sorts below prefix + U+10FFFF.
        let upper = format!("{prefix}\u{10FFFF}");
        let mut stmt = self.conn.prepare_cached(
            "SELECT key, petitioner_id, rank, recent FROM search_keys
             WHERE kind = ?1 AND key >= ?2 AND key < ?3 LIMIT ?4",
        )?;
        // Each waiting person has at most one stale row per key.
        let limit = cap.saturating_add(self.waiting.len()) as i64;
        let rows = stmt.query_map(params![kind.code(), prefix, upper, limit], |r| {
            Ok((
                r.get::<_, String>(0)?,
                KeyHit {
                    petitioner_id: r.get(1)?,
                    rank: r.get(2)?,
                    recent: r.get(3)?,
                },
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (key, hit) = row?;
            if !self.waiting.holds(hit.petitioner_id) {
                out.push((key, hit));
            }
        }
        let Ok(fresh) = self.fresh().starting_with(kind, prefix, cap);
        out.extend(fresh);
        out.truncate(cap);
        Ok(out)
    }

    fn count(&self, kind: KeyKind, key: &str, bound: usize) -> Result<usize> {
        let Ok(fresh) = self.fresh().count(kind, key, bound);
        if self.waiting.len() == 0 {
            let n: i64 = self
                .conn
                .prepare_cached(
                    "SELECT count(*) FROM (SELECT 1 FROM search_keys WHERE kind = ?1 AND key = ?2 LIMIT ?3)",
                )?
                .query_row(params![kind.code(), key, bound as i64], |r| r.get(0))?;
            return Ok((n as usize + fresh).min(bound));
        }
        // Of `bound` + waiting rows, at most `waiting` are stale: the rest are
        // `bound` current ones when there are that many.
        let limit = bound.saturating_add(self.waiting.len()) as i64;
        let mut stmt = self.conn.prepare_cached(
            "SELECT petitioner_id FROM search_keys WHERE kind = ?1 AND key = ?2 LIMIT ?3",
        )?;
        let mut rows = stmt.query(params![kind.code(), key, limit])?;
        let mut current = 0;
        while let Some(r) = rows.next()? {
            if !self.waiting.holds(r.get(0)?) {
                current += 1;
            }
        }
        Ok((current + fresh).min(bound))
    }

    fn name(&self, id: i64) -> Result<Option<String>> {
        Ok(self
            .conn
            .prepare_cached("SELECT name FROM petitioners WHERE id = ?1")?
            .query_row([id], |r| r.get(0))
            .optional()?)
    }

    fn numbers(&self, kind: KeyKind, id: i64) -> Result<Vec<String>> {
        if self.waiting.holds(id) {
            let Ok(numbers) = self.fresh().numbers(kind, id);
            return Ok(numbers);
        }
        let keys: Option<String> = self
            .conn
            .prepare_cached("SELECT keys FROM search_people WHERE petitioner_id = ?1")?
            .query_row([id], |r| r.get(0))
            .optional()?;
        let keys = PersonKeys::decode(&keys.unwrap_or_default());
        Ok(match kind {
            KeyKind::CaseNo => keys.case_nos,
            _ => keys.letter_nos,
        })
    }

    fn most_recent(&self, limit: usize) -> Result<Vec<i64>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT recent, petitioner_id FROM search_people ORDER BY recent, petitioner_id LIMIT ?1",
        )?;
        let on_file = stmt.query_map([limit.saturating_add(self.waiting.len()) as i64], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?))
        })?;
        let mut people: Vec<(i64, i64)> = Vec::with_capacity(limit);
        for row in on_file {
            let (recent, id) = row?;
            if !self.waiting.holds(id) {
                people.push((recent, id));
            }
        }
        people.extend(self.fresh().people().map(|(id, _, recent)| (recent, id)));
        people.sort_unstable();
        Ok(people.into_iter().take(limit).map(|(_, id)| id).collect())
    }
}

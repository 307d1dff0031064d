//! The stored keys held in memory, ordered as the database orders them: what the
//! tests check the ranking with, and the reference the store's reader must agree with.

use super::keys::{KeyKind, PersonKeys};
use super::rank::{KeyHit, KeyReader};
use std::collections::{BTreeSet, HashMap};
use std::convert::Infallible;
use std::ops::Bound;

type Row = (KeyKind, String, i64, i64, i64);

#[derive(Debug, Default, Clone)]
pub struct MemoryKeys {
    rows: BTreeSet<Row>,
    people: HashMap<i64, (PersonKeys, i64)>,
    recent: BTreeSet<(i64, i64)>,
}

impl MemoryKeys {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds or replaces a person; `recent` is minus the minutes of their latest contact.
    pub fn upsert(&mut self, id: i64, keys: PersonKeys, recent: i64) {
        self.remove(id);
        for r in keys.rows() {
            self.rows.insert((r.kind, r.key, r.rank, recent, id));
        }
        self.recent.insert((recent, id));
        self.people.insert(id, (keys, recent));
    }

    pub fn remove(&mut self, id: i64) {
        if let Some((keys, recent)) = self.people.remove(&id) {
            for r in keys.rows() {
                self.rows.remove(&(r.kind, r.key, r.rank, recent, id));
            }
            self.recent.remove(&(recent, id));
        }
    }

    pub fn len(&self) -> usize {
        self.people.len()
    }

    pub fn is_empty(&self) -> bool {
        self.people.is_empty()
    }

    /// Everyone, for brute-force comparisons.
    pub fn people(&self) -> impl Iterator<Item = (i64, &PersonKeys, i64)> {
        self.people.iter().map(|(id, (k, r))| (*id, k, *r))
    }

    fn from(&self, kind: KeyKind, key: &str) -> impl Iterator<Item = &Row> {
        let start: Row = (kind, key.to_string(), i64::MIN, i64::MIN, i64::MIN);
        self.rows.range((Bound::Included(start), Bound::Unbounded))
    }
}

impl KeyReader for MemoryKeys {
    type Error = Infallible;

    fn exact(
        &self,
        kind: KeyKind,
        key: &str,
        ranks: (i64, i64),
        visit: &mut dyn FnMut(KeyHit) -> bool,
    ) -> Result<(), Infallible> {
        for (k, kk, rank, recent, id) in self.from(kind, key) {
            if *k != kind || kk != key {
                break;
            }
            if *rank < ranks.0 || *rank > ranks.1 {
                continue;
            }
            let hit = KeyHit {
                petitioner_id: *id,
                rank: *rank,
                recent: *recent,
            };
            if !visit(hit) {
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
    ) -> Result<Vec<(String, KeyHit)>, Infallible> {
        Ok(self
            .from(kind, prefix)
            .take_while(|(k, key, ..)| *k == kind && key.starts_with(prefix))
            .take(cap)
            .map(|(_, key, rank, recent, id)| {
                let hit = KeyHit {
                    petitioner_id: *id,
                    rank: *rank,
                    recent: *recent,
                };
                (key.clone(), hit)
            })
            .collect())
    }

    fn count(&self, kind: KeyKind, key: &str, bound: usize) -> Result<usize, Infallible> {
        Ok(self
            .from(kind, key)
            .take_while(|(k, kk, ..)| *k == kind && kk == key)
            .take(bound)
            .count())
    }

    fn name(&self, id: i64) -> Result<Option<String>, Infallible> {
        Ok(self.people.get(&id).map(|(k, _)| k.name.clone()))
    }

    fn numbers(&self, kind: KeyKind, id: i64) -> Result<Vec<String>, Infallible> {
        Ok(self
            .people
            .get(&id)
            .map(|(k, _)| match kind {
                KeyKind::CaseNo => k.case_nos.clone(),
                _ => k.letter_nos.clone(),
            })
            .unwrap_or_default())
    }

    fn most_recent(&self, limit: usize) -> Result<Vec<i64>, Infallible> {
        Ok(self.recent.iter().take(limit).map(|(_, id)| *id).collect())
    }
}

//! The figure cache: what each matter's timeline, ratings, terms from above,
//! links and first petitioner come to for the figures, kept in the file so that
//! a period's figures need not read 9 M events at a million people. Derived,
//! never evidence: not under the ledger, written by reads (`stats`, `report`,
//! the desk's figures) on a connection of their own, never by a check-in or any
//! other write of the record, which stay as fast as before.
//!
//! Correctness rests on the ledger (DESIGN 1.6b): the cache is stamped with the
//! ledger's sequence number it reflects, the rules it was worked out under and a
//! digest of its rows. A read takes the entries after the stamp (and the rows
//! noted but not sealed yet), finds every case they can change and works those
//! out from the record again; anything it cannot place (a row gone, too many
//! entries) or any stamp that does not match (rules, schema, this program's
//! format, the digest) means the whole cache is worked out again, or, on a file
//! this process cannot write, the figures are read from the record as without a
//! cache. What depends on a day or a period is never kept: due dates, not
//! "overdue"; ids, not names (units, officers and the catalog are read each
//! time); the first ten bytes of a case's registration and last change, not
//! whether it counts. Contacts are not kept: the period's contacts are read
//! anyway, and each case's come from the same walk.

use super::figure_cache_codec::{decode, encode, row_hash, Damaged};
use super::figure_cache_write::{read_stamp, start_build, unix_now, write_all, Stamp};
use super::figure_days::Sums;
use super::figure_days_write::AllDays;
use super::figure_days_write::{change, read_days_stamp};
use super::figures::{Top, Which};
use super::SqliteStore;
use crate::store::error::Result;
use crate::store::figure_cases::{derive, CaseRead};
use crate::store::figure_set::CaseSet;
use crate::store::port::Ctx;
use rusqlite::{params, OptionalExtension};
use std::collections::HashMap;

/// This program's way of working out and writing a cached case: a program that
/// works them out otherwise changes it, and its first read works them out again.
const FORMAT: u32 = 2;
/// Past this many ledger entries, or cases to work out again, the whole cache is
/// worked out again (cheaper than a case at a time).
const MOST_ENTRIES: i64 = 200_000;
const MOST_CASES: usize = 50_000;
/// Whether a case of the cache can count in a period: registered before its end
/// (`hi`) and touched since the look-back day (`since`), compared as SQL
/// compares the whole stamps (see `figures::prefix`).
fn can_count(registered: &[u8], updated: &[u8], since: &str, hi: &str) -> bool {
    registered < hi.as_bytes() && updated >= since.as_bytes()
}

impl SqliteStore {
    /// The cases that can count in a period (`since`, `hi`: see `Which`), with
    /// everything but their contacts, from the cache and the few cases written
    /// since it; none when the cache cannot serve (the caller reads the record).
    pub(super) fn cached_cases(
        &self,
        cx: &Ctx,
        since: &str,
        hi: &str,
        top: Top,
    ) -> Result<Option<CaseSet>> {
        if since.len() != 10 || hi.len() != 10 {
            return Ok(None);
        }
        let rules = self.fingerprint(cx)?;
        let head: i64 =
            self.conn()
                .query_row("SELECT coalesce(max(seq), 0) FROM ledger", [], |r| r.get(0))?;
        let stamp = self.stamp()?;
        if let Some(st) = stamp
            .as_ref()
            .filter(|s| s.builder.is_none() && s.rules == rules)
        {
            match st.seq {
                // Written from a later record than this read's: not for it.
                Some(seq) if seq > head => return Ok(None),
                Some(seq) => {
                    if let Some(ids) = self.touched(seq, head)? {
                        if let Some(set) =
                            self.cache_with_fresh(cx, st, head, &ids, since, hi, top)?
                        {
                            return Ok(Some(set));
                        }
                    }
                }
                None => {}
            }
        }
        self.rebuild(cx, &rules, head, since, hi, top)
    }

    /// What the cache must have been worked out under: this program's format,
    /// the schema and the rules that shape a case's facts.
    pub(super) fn fingerprint(&self, cx: &Ctx) -> Result<String> {
        let schema: i64 = self
            .conn()
            .query_row("PRAGMA user_version", [], |r| r.get(0))?;
        Ok(format!(
            "{FORMAT} {schema} {:?} {:?}",
            cx.rules.clocks, cx.rules.ratings
        ))
    }

    pub(super) fn stamp(&self) -> Result<Option<Stamp>> {
        read_stamp(self.conn())
    }

    /// The cases the ledger's entries after `after` (up to `head`) and the rows
    /// noted but not sealed can have changed, ascending; none when one cannot be
    /// placed or there are too many to work out one by one.
    pub(super) fn touched(&self, after: i64, head: i64) -> Result<Option<Vec<i64>>> {
        if head - after > MOST_ENTRIES {
            return Ok(None);
        }
        let conn = self.conn();
        let mut written: Vec<(String, i64)> = Vec::new();
        let mut stmt = conn.prepare(
            "SELECT t.name, l.k1 FROM ledger l JOIN ledger_tables t ON t.code = l.t
             WHERE l.seq > ?1 AND l.seq <= ?2",
        )?;
        let mut rows = stmt.query(params![after, head])?;
        while let Some(r) = rows.next()? {
            written.push((r.get(0)?, r.get(1)?));
        }
        let mut stmt = conn.prepare("SELECT tbl, k1 FROM ledger_pending")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            written.push((r.get(0)?, r.get(1)?));
        }
        let mut ids = Vec::new();
        for (table, key) in written {
            if !self.cases_written(&table, key, &mut ids)? {
                return Ok(None);
            }
            if ids.len() > MOST_CASES {
                return Ok(None);
            }
        }
        ids.sort_unstable();
        ids.dedup();
        Ok(Some(ids))
    }

    /// Adds the cases a write of row `key` of `table` can change; `false` when
    /// they cannot be known (the row is gone).
    fn cases_written(&self, table: &str, key: i64, ids: &mut Vec<i64>) -> Result<bool> {
        let conn = self.conn();
        let one = |sql: &str| -> Result<Option<i64>> {
            Ok(conn
                .prepare_cached(sql)?
                .query_row([key], |r| r.get(0))
                .optional()?)
        };
        // A link marks the later of its two matters: each side of one written,
        // and the matters that name a case (re)written.
        let linked_to = |case_no: &str, ids: &mut Vec<i64>| -> Result<()> {
            let mut stmt = conn.prepare_cached(
                "SELECT case_id FROM events
                 WHERE kind = 'link' AND json_extract(detail, '$.case_no') = ?1",
            )?;
            let mut rows = stmt.query([case_no])?;
            while let Some(r) = rows.next()? {
                ids.push(r.get(0)?);
            }
            Ok(())
        };
        match table {
            "cases" => {
                let case_no: Option<String> = conn
                    .prepare_cached("SELECT case_no FROM cases WHERE id = ?1")?
                    .query_row([key], |r| r.get(0))
                    .optional()?;
                let Some(case_no) = case_no else {
                    return Ok(false);
                };
                ids.push(key);
                linked_to(&case_no, ids)?;
            }
            // Keyed by the case (case_petitioners: the case, then the person).
            "case_petitioners" | "case_upper" | "case_merges" => ids.push(key),
            "events" => {
                let event: Option<(i64, String, Option<String>)> = conn
                    .prepare_cached(
                        // Only a link's detail is read as JSON: another event's
                        // may be anything.
                        "SELECT case_id, kind,
                                CASE WHEN kind = 'link' THEN json_extract(detail, '$.case_no') END
                         FROM events WHERE id = ?1",
                    )?
                    .query_row([key], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                    .optional()?;
                let Some((case_id, kind, named)) = event else {
                    return Ok(false);
                };
                ids.push(case_id);
                if kind == "link" {
                    if let Some(other) = named {
                        let other: Option<i64> = conn
                            .prepare_cached("SELECT id FROM cases WHERE case_no = ?1")?
                            .query_row([other], |r| r.get(0))
                            .optional()?;
                        ids.extend(other);
                    }
                }
            }
            "ratings" => match one("SELECT case_id FROM ratings WHERE id = ?1")? {
                Some(case_id) => ids.push(case_id),
                None => return Ok(false),
            },
            // A renamed person is the first petitioner's name on their cases.
            "petitioners" => {
                let mut stmt = conn.prepare_cached(
                    "SELECT case_id FROM case_petitioners WHERE petitioner_id = ?1",
                )?;
                let mut rows = stmt.query([key])?;
                while let Some(r) = rows.next()? {
                    ids.push(r.get(0)?);
                }
            }
            // A contact is its case's (what the figure sums keep of it).
            "contacts" => {
                let case: Option<i64> = one(
                    "SELECT k.case_id FROM contacts k JOIN cases c ON c.id = k.case_id
                     WHERE k.id = ?1",
                )?;
                match case {
                    Some(case_id) => ids.push(case_id),
                    None => return Ok(false),
                }
            }
            // An officer gone takes its cases out of the figures (as a join).
            "officers" if one("SELECT id FROM officers WHERE id = ?1")?.is_none() => {
                return Ok(false);
            }
            // Units, officers and the catalog are named when the cache is read;
            // nothing else shapes a case's facts.
            _ => {}
        }
        Ok(true)
    }

    /// The cases of the cache with those written since worked out again; none
    /// when the cache does not read back as written (its digest, its bytes).
    #[allow(clippy::too_many_arguments)]
    fn cache_with_fresh(
        &self,
        cx: &Ctx,
        stamp: &Stamp,
        head: i64,
        ids: &[i64],
        since: &str,
        hi: &str,
        top: Top,
    ) -> Result<Option<CaseSet>> {
        let fresh = self.fresh_cases(cx, ids, top)?;

        let fresh_numbers: HashMap<i64, &str> = fresh
            .iter()
            .map(|(id, case)| (*id, case.brief.case_no.as_str()))
            .collect();
        let officers = self.names_of("officers")?;
        let units = self.names_of("units")?;
        let mut folded: HashMap<String, Option<String>> = HashMap::new();
        let mut digest = 0u64;
        let mut old: HashMap<i64, (u64, Vec<u8>)> = HashMap::new();
        let mut out = CaseSet::default();
        let mut next_fresh = fresh.iter().peekable();
        let mut push_fresh_before = |out: &mut CaseSet, id: i64| {
            while let Some((fid, case)) = next_fresh.next_if(|(fid, _)| *fid < id) {
                if counts(case, &officers, since, hi) {
                    out.push(*fid, copy(case));
                }
            }
        };
        let mut stmt = self
            .conn()
            .prepare("SELECT case_id, facts FROM figure_cache ORDER BY case_id")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            let Ok(blob) = r.get_ref(1)?.as_blob() else {
                return Ok(None);
            };
            let h = row_hash(id, blob);
            digest ^= h;
            if ids.binary_search(&id).is_ok() {
                old.insert(id, (h, blob.to_vec()));
                // A case number changed under a link: the matters that named the
                // old one are not known from the ledger.
                let renumbered = match decode(blob, |_, _| true) {
                    Ok(Some(was)) => fresh_numbers
                        .get(&id)
                        .is_some_and(|now| *now != was.case.brief.case_no),
                    _ => true,
                };
                if renumbered {
                    return Ok(None);
                }
                continue;
            }
            let decoded = decode(blob, |registered, updated| {
                can_count(registered, updated, since, hi)
            });
            let Some(d) = (match decoded {
                Ok(d) => d,
                Err(Damaged) => return Ok(None),
            }) else {
                continue;
            };
            // As a join with the first officer, named as the record names them now.
            let Some(first_officer) = officers.get(&d.first_officer_id) else {
                continue;
            };
            push_fresh_before(&mut out, id);
            let mut case = d.case;
            case.officer = d
                .handler_id
                .and_then(|h| officers.get(&h))
                .or(Some(first_officer))
                .cloned();
            case.brief.unit = d.unit_id.and_then(|u| units.get(&u)).cloned();
            case.brief.category = match d.category {
                None => top(None),
                Some(raw) => match folded.get(&raw) {
                    Some(f) => f.clone(),
                    None => {
                        let f = top(Some(&raw));
                        folded.insert(raw, f.clone());
                        f
                    }
                },
            };
            out.push(id, case);
        }
        push_fresh_before(&mut out, i64::MAX);
        drop(rows);
        drop(stmt);
        if digest as i64 != stamp.digest {
            return Ok(None);
        }
        out.seal();
        if !ids.is_empty() {
            let change = match read_days_stamp(self.conn())? {
                Some(days) => match change(&fresh, &old, &days, self.contacts_max()?) {
                    Some(change) => Some((days, change)),
                    // A contact moved between cases: the sums cannot follow.
                    None => return Ok(None),
                },
                None => None,
            };
            // The figures are right whether or not this is written.
            let _ = self.write_fresh(stamp, head, &fresh, &old, change.as_ref());
        }
        Ok(Some(out))
    }

    /// The cases `ids` worked out from the record, with what the figure sums
    /// keep of them.
    pub(super) fn fresh_cases(
        &self,
        cx: &Ctx,
        ids: &[i64],
        top: Top,
    ) -> Result<Vec<(i64, CaseRead)>> {
        let mut fresh = self.cases_for_figures(Which::These(ids), top)?;
        self.matters_read(&mut fresh, true)?;
        self.kept_read(&mut fresh, true)?;
        let fresh_ids = fresh.ids().to_vec();
        Ok(fresh_ids
            .into_iter()
            .zip(fresh.into_cases())
            .map(|(id, mut case)| {
                worked_out(cx, &mut case);
                (id, case)
            })
            .collect())
    }

    /// Works out every case from the record and writes the cache again, if this
    /// process can write the file and no other is writing it; the cases that can
    /// count in the period, or none (the caller reads the record).
    fn rebuild(
        &self,
        cx: &Ctx,
        rules: &str,
        head: i64,
        since: &str,
        hi: &str,
        top: Top,
    ) -> Result<Option<CaseSet>> {
        let built = self.build(cx, rules, head, top, Some((since, hi)))?;
        Ok(built.map(|(cases, _)| cases))
    }

    /// [`Self::rebuild`], with the figure sums it wrote; the cases that can
    /// count in the period (`counting`: its look-back day and end) kept, or
    /// none (`stats` from the sums needs none).
    pub(super) fn build(
        &self,
        cx: &Ctx,
        rules: &str,
        head: i64,
        top: Top,
        counting: Option<(&str, &str)>,
    ) -> Result<Option<(CaseSet, AllDays)>> {
        let Some(mut conn) = self.cache_writer() else {
            return Ok(None);
        };
        let builder = format!("{}:{}", std::process::id(), unix_now());
        if !start_build(&mut conn, rules, &builder).unwrap_or(false) {
            return Ok(None);
        }
        let mut all = self.cases_for_figures(Which::All, top)?;
        self.matters_read(&mut all, false)?;
        self.kept_read(&mut all, false)?;
        let officers = self.names_of("officers")?;
        let ids = all.ids().to_vec();
        let mut out = CaseSet::default();
        let mut blobs: Vec<(i64, Vec<u8>)> = Vec::with_capacity(ids.len());
        let (mut sums, mut sound) = (Sums::default(), true);
        for (id, mut case) in ids.into_iter().zip(all.into_cases()) {
            worked_out(cx, &mut case);
            if let Some(blob) = encode(id, &case) {
                blobs.push((id, blob));
            }
            if let Some(kept) = case.kept.take() {
                if let Some(stored) = case.stored.as_deref() {
                    sums.add_case(&case, stored, &kept, 1);
                }
                sound &= kept.sound;
            }
            if counting.is_some_and(|(since, hi)| counts(&case, &officers, since, hi)) {
                out.push(id, case);
            }
        }
        out.seal();
        let days = AllDays {
            sums,
            sound,
            contacts_max: self.contacts_max()?,
            cases_max: blobs.last().map_or(0, |(id, _)| *id),
        };
        // The figures are right whether or not the cache could be written.
        let _ = write_all(&mut conn, &builder, head, &blobs, &days);
        Ok(Some((out, days)))
    }
}

/// The facts of a case read from the record, worked out as the cache keeps them
/// (its points and ratings are then let go).
fn worked_out(cx: &Ctx, case: &mut CaseRead) {
    case.derived = Some(derive(case, cx.today(), &cx.rules));
    case.points = Vec::new();
    case.ratings = Vec::new();
}

/// Whether a case read from the record can count in the period, as the cache's
/// cases are judged.
fn counts(case: &CaseRead, officers: &HashMap<i64, String>, since: &str, hi: &str) -> bool {
    case.stored.as_deref().is_some_and(|s| {
        officers.contains_key(&s.first_officer_id)
            && can_count(&s.registered, &s.updated, since, hi)
    })
}

/// A case worked out again, for the figures (its cache row is written apart).
fn copy(case: &CaseRead) -> CaseRead {
    let mut out = CaseRead::new(
        case.brief.clone(),
        case.source.clone(),
        case.officer.clone(),
    );
    out.replied_at = case.replied_at.clone();
    out.linked = case.linked;
    out.merged = case.merged;
    out.derived = case.derived.clone();
    out.stored = case.stored.clone();
    out
}

#[cfg(test)]
#[path = "figure_cache_tests.rs"]
pub(super) mod tests;

//! The figure sums: what every case of the figure cache adds to `stats` and the
//! office's figures, summed by day (DESIGN 1.6b), so that a period's figures are
//! a few thousand cells instead of a million matters. Kept beside the cache,
//! from the same rows: a case worked out again takes out what its old row added
//! and adds what its new one does, in the transaction that writes the row.
//!
//! A cell is (group, key, first day, last day) with a few amounts: the matter
//! parts of `domain::figures_days` by category, a contact by channel, category
//! and marks, a new case by category and status, a first reply. A part counts
//! in a period holding both its days. The figures read only the cases that can
//! count (registered by the period's end, touched since `look_back` of its
//! start); a part whose case can count in every period holding it is summed
//! plainly, any other (a day before the registration, or more than the
//! look-back after the last change) keeps the case's two stamps in its key and
//! is counted as the figures' read judges the case.

use super::figure_cache_codec::{bytes, int, Damaged, Reader};
use crate::domain::figures_days::{matter_parts, Slot};
use crate::store::figure_cases::{
    day_of, look_back_day, matter_facts_with, CaseRead, Kept, Stored, KEPT_CLOSED_MATTER,
    KEPT_COLLECTIVE, KEPT_ENQUIRY, KEPT_LONG_STANDING, KEPT_REPEAT,
};
use chrono::{Datelike, NaiveDate};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// A multiply-rotate hash for the sums' own maps: a build adds some twenty
/// million parts, and SipHash was a good part of it. Not for keys from outside
/// (nothing here is keyed by what a user can choose to collide).
#[derive(Default)]
pub(super) struct Quick(u64);

impl Hasher for Quick {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.write_u64(u64::from_le_bytes([
                c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7],
            ]));
        }
        let mut last = [0u8; 8];
        last[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
        self.write_u64(u64::from_le_bytes(last) ^ bytes.len() as u64);
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }

    fn write_u8(&mut self, n: u8) {
        self.write_u64(u64::from(n));
    }

    fn write_u32(&mut self, n: u32) {
        self.write_u64(u64::from(n));
    }

    fn write_i32(&mut self, n: i32) {
        self.write_u64(n as u32 as u64);
    }

    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }
}

type QuickMap<K, V> = HashMap<K, V, BuildHasherDefault<Quick>>;

/// The matter parts, amounts by `Slot`; key: the category as recorded.
pub(super) const MATTER: u8 = 0;
/// Contacts: batches, people as `stats` counts them (headcount, 0 if below),
/// people as the figures do (at least 1); key: channel, category, marks.
pub(super) const CONTACT: u8 = 1;
/// Cases registered; key: category and status.
pub(super) const NEW_CASE: u8 = 2;
/// Each case's first reply in a period: cases, days from registration.
pub(super) const REPLY: u8 = 3;

/// A contact cell's marks (in its key).
pub(super) const VISIT_COLLECTIVE: u8 = 1;
/// Not the contact that registered its matter, nor an enquiry.
pub(super) const REPEATS: u8 = 2;
pub(super) const FLAG_REPEAT: u8 = 4;
pub(super) const FLAG_COLLECTIVE: u8 = 8;
pub(super) const FLAG_LONG_STANDING: u8 = 16;
pub(super) const FLAG_CLOSED_MATTER: u8 = 32;

pub(super) const WIDTH: usize = Slot::COUNT;

/// A cell: its group, key (by id in its `Sums`), first and last day.
pub(super) type Cell = (u8, u32, i32, i32);
/// A cell with its amounts, borrowed.
type CellRef<'a> = (&'a Cell, &'a [i64; WIDTH]);

/// What a cell is summed by besides its group and days.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(super) struct CellKey {
    pub(super) a: Option<String>,
    pub(super) b: Option<String>,
    pub(super) marks: u8,
    /// The case's registration and last change (first ten bytes), for a part
    /// that counts only where the case can count.
    pub(super) guard: Option<(Vec<u8>, Vec<u8>)>,
}

/// Cells summed in memory: a whole build, a change, or the months read back.
#[derive(Default)]
pub(super) struct Sums {
    pub(super) keys: Vec<CellKey>,
    ids: QuickMap<CellKey, u32>,
    pub(super) cells: QuickMap<Cell, [i64; WIDTH]>,
}

/// A day as the cells hold it.
pub(super) fn day_number(d: NaiveDate) -> i32 {
    d.num_days_from_ce()
}

pub(super) fn day_of_number(n: i32) -> Option<NaiveDate> {
    NaiveDate::from_num_days_from_ce_opt(n)
}

/// The month a cell is kept in (its first day's), as months since year 0.
pub(super) fn month_of(day: i32) -> i64 {
    day_of_number(day).map_or(0, |d| i64::from(d.year()) * 12 + i64::from(d.month0()))
}

/// The day of a stamp whose first ten bytes are that day written plainly, so
/// that the stamp orders against a day's text as the day does.
pub(super) fn plain_day(stamp: &str) -> Option<NaiveDate> {
    // Four, two and two digits between dashes write a day as chrono writes it
    // (years 0 to 9999), and as `day_of` reads it.
    let b = stamp.as_bytes().get(..10)?;
    let digits = [0, 1, 2, 3, 5, 6, 8, 9]
        .iter()
        .all(|&i| b[i].is_ascii_digit());
    if !(digits && b[4] == b'-' && b[7] == b'-') {
        return None;
    }
    day_of(stamp)
}

impl Sums {
    pub(super) fn key(&mut self, key: CellKey) -> u32 {
        if let Some(&id) = self.ids.get(&key) {
            return id;
        }
        let id = self.keys.len() as u32;
        self.keys.push(key.clone());
        self.ids.insert(key, id);
        id
    }

    pub(super) fn add(&mut self, group: u8, key: u32, days: (i32, i32), amounts: &[i64]) {
        let cell = self
            .cells
            .entry((group, key, days.0, days.1))
            .or_insert([0; WIDTH]);
        for (c, a) in cell.iter_mut().zip(amounts) {
            *c += a;
        }
    }

    /// Adds `amount` to one amount of a cell.
    pub(super) fn add_one(
        &mut self,
        group: u8,
        key: u32,
        days: (i32, i32),
        at: usize,
        amount: i64,
    ) {
        let cell = self
            .cells
            .entry((group, key, days.0, days.1))
            .or_insert([0; WIDTH]);
        cell[at] += amount;
    }

    /// Adds every cell of `other` (`sign` -1: takes them out).
    pub(super) fn add_all(&mut self, other: &Sums, sign: i64) {
        for (&(group, key, d1, d2), amounts) in &other.cells {
            let key = self.key(other.keys[key as usize].clone());
            let signed: Vec<i64> = amounts.iter().map(|a| a * sign).collect();
            self.add(group, key, (d1, d2), &signed);
        }
    }

    /// Adds what a case adds to the sums (`sign` -1: takes it out). `case` has
    /// its facts worked out; `stored` is its row, `kept` its contacts and replies.
    pub(super) fn add_case(&mut self, case: &CaseRead, stored: &Stored, kept: &Kept, sign: i64) {
        let Some(derived) = case.derived.clone() else {
            return;
        };
        let matter = matter_facts_with(
            case,
            derived,
            kept.contacts_after_registration,
            kept.contacts_after_reply,
            kept.same_source,
        );
        let category = stored.category.clone();
        let (registered, updated) = (&stored.registered, &stored.updated);
        let as_day = |b: &[u8]| std::str::from_utf8(b).ok().and_then(plain_day);
        let (registered_on, updated_on) = (as_day(registered), as_day(updated));
        let plain = self.key(CellKey {
            a: category.clone(),
            ..CellKey::default()
        });
        let mut guarded = None;
        matter_parts(&matter, &mut |slot, first, last, amount| {
            // Can the case count in every period holding both days?
            let safe = registered_on.is_some_and(|r| r <= last)
                && updated_on.is_some_and(|u| u >= look_back_day(first));
            let key = if safe {
                plain
            } else {
                *guarded.get_or_insert_with(|| {
                    self.key(CellKey {
                        a: category.clone(),
                        guard: Some((registered.clone(), updated.clone())),
                        ..CellKey::default()
                    })
                })
            };
            let days = (day_number(first), day_number(last));
            self.add_one(MATTER, key, days, slot.index(), amount * sign);
        });
        if let Some(on) = registered_on {
            let key = self.key(CellKey {
                a: category.clone(),
                b: Some(case.brief.status.clone()),
                ..CellKey::default()
            });
            let d = day_number(on);
            self.add(NEW_CASE, key, (d, d), &[sign]);
        }
        let first = kept.contacts.first().map(|c| c.id);
        for c in &kept.contacts {
            let mark = |on: bool, bit: u8| if on { bit } else { 0 };
            let has = |bit: u8| c.marks & bit != 0;
            let marks = mark(has(KEPT_COLLECTIVE), VISIT_COLLECTIVE)
                | mark(Some(c.id) != first && !has(KEPT_ENQUIRY), REPEATS)
                | mark(has(KEPT_REPEAT), FLAG_REPEAT)
                | mark(has(KEPT_COLLECTIVE), FLAG_COLLECTIVE)
                | mark(has(KEPT_LONG_STANDING), FLAG_LONG_STANDING)
                | mark(has(KEPT_CLOSED_MATTER), FLAG_CLOSED_MATTER);
            let key = self.key(CellKey {
                a: Some(c.channel.clone()),
                b: category.clone(),
                marks,
                guard: None,
            });
            let d = day_number(c.on);
            let stats_people = u64::try_from(c.headcount).unwrap_or(0) as i64;
            let figure_people = c.headcount.clamp(1, i64::from(u32::MAX));
            self.add(
                CONTACT,
                key,
                (d, d),
                &[sign, sign * stats_people, sign * figure_people],
            );
        }
        let reply_key = self.key(CellKey::default());
        // A case's first reply in a period: each reply, less the ones whose
        // reply before falls in the period too.
        for (i, r) in kept.replies.iter().enumerate() {
            let Some(days) = registered_on.map(|g| (*r - g).num_days()) else {
                continue;
            };
            let d = day_number(*r);
            self.add(REPLY, reply_key, (d, d), &[sign, sign * days]);
            if let Some(before) = i.checked_sub(1).map(|b| kept.replies[b]) {
                let first = day_number(before);
                self.add(REPLY, reply_key, (first, d), &[-sign, -sign * days]);
            }
        }
    }

    /// The cells by the month they are kept in, each as its row's bytes; a
    /// month whose cells all came to nothing is an empty `Vec`.
    pub(super) fn months(&self) -> Vec<(i64, Vec<u8>)> {
        let mut by_month: HashMap<i64, Vec<CellRef>> = HashMap::new();
        for (cell, amounts) in &self.cells {
            by_month
                .entry(month_of(cell.2))
                .or_default()
                .push((cell, amounts));
        }
        let mut out: Vec<(i64, Vec<u8>)> = by_month
            .into_iter()
            .map(|(month, mut cells)| {
                cells.retain(|(_, a)| a.iter().any(|x| *x != 0));
                // In the order of what they say, not of the ids this map gave
                // their keys: the same sums give the same bytes however
                // they came about.
                let keys = &self.keys;
                cells.sort_unstable_by(|(a, _), (b, _)| {
                    (a.0, &keys[a.1 as usize], a.2, a.3).cmp(&(b.0, &keys[b.1 as usize], b.2, b.3))
                });
                (month, encode_month(&self.keys, &cells))
            })
            .collect();
        out.sort_unstable_by_key(|(m, _)| *m);
        out
    }
}

fn encode_month(keys: &[CellKey], cells: &[CellRef]) -> Vec<u8> {
    if cells.is_empty() {
        return Vec::new();
    }
    let mut local: HashMap<u32, i64> = HashMap::new();
    let mut used: Vec<u32> = Vec::new();
    for (cell, _) in cells {
        local.entry(cell.1).or_insert_with(|| {
            used.push(cell.1);
            used.len() as i64 - 1
        });
    }
    let mut out = Vec::new();
    int(&mut out, used.len() as i64);
    for k in &used {
        let k = &keys[*k as usize];
        let has = |on: bool, bit: u8| if on { bit } else { 0 };
        out.push(has(k.a.is_some(), 1) | has(k.b.is_some(), 2) | has(k.guard.is_some(), 4));
        out.push(k.marks);
        for t in [&k.a, &k.b].into_iter().flatten() {
            bytes(&mut out, t.as_bytes());
        }
        if let Some((r, u)) = &k.guard {
            bytes(&mut out, r);
            bytes(&mut out, u);
        }
    }
    int(&mut out, cells.len() as i64);
    for ((group, key, d1, d2), amounts) in cells {
        out.push(*group);
        int(&mut out, local[key]);
        int(&mut out, i64::from(*d1));
        int(&mut out, i64::from(*d2) - i64::from(*d1));
        let width = amounts.iter().rposition(|a| *a != 0).map_or(0, |p| p + 1);
        out.push(width as u8);
        for a in &amounts[..width] {
            int(&mut out, *a);
        }
    }
    out
}

/// Hands each cell of a month's bytes to `each` (its key, group, days and
/// amounts).
pub(super) fn read_month(
    blob: &[u8],
    mut each: impl FnMut(u8, &CellKey, (i32, i32), &[i64]),
) -> Result<(), Damaged> {
    if blob.is_empty() {
        return Ok(());
    }
    let mut r = Reader::new(blob);
    let n = usize::try_from(r.int()?).map_err(|_| Damaged)?;
    let mut keys = Vec::with_capacity(n.min(4096));
    for _ in 0..n {
        let has = r.byte()?;
        let marks = r.byte()?;
        let a = (has & 1 != 0).then(|| r.text()).transpose()?;
        let b = (has & 2 != 0).then(|| r.text()).transpose()?;
        let guard = match has & 4 != 0 {
            true => Some((r.bytes()?.to_vec(), r.bytes()?.to_vec())),
            false => None,
        };
        keys.push(CellKey { a, b, marks, guard });
    }
    let n = usize::try_from(r.int()?).map_err(|_| Damaged)?;
    let mut amounts = [0i64; WIDTH];
    for _ in 0..n {
        let group = r.byte()?;
        let key = keys
            .get(usize::try_from(r.int()?).map_err(|_| Damaged)?)
            .ok_or(Damaged)?;
        let d1 = r.int32()?;
        let d2 = d1
            .checked_add(r.int32()?)
            .filter(|d2| *d2 >= d1)
            .ok_or(Damaged)?;
        let width = usize::from(r.byte()?);
        if width > WIDTH {
            return Err(Damaged);
        }
        for a in amounts.iter_mut().take(width) {
            *a = r.int()?;
        }
        each(group, key, (d1, d2), &amounts[..width]);
    }
    if !r.at_end() {
        return Err(Damaged);
    }
    Ok(())
}

/// Adds a month's bytes to `sums`.
pub(super) fn add_month(sums: &mut Sums, blob: &[u8]) -> Result<(), Damaged> {
    read_month(blob, |group, key, days, amounts| {
        let key = sums.key(key.clone());
        sums.add(group, key, days, amounts);
    })
}

//! `stats` from the figure sums (`figure_days.rs`): the cases written since the
//! cache's stamp worked out again and their change written, then the months of
//! the period read and added up. Anything that does not match (the cache or the
//! sums not as stamped, a case that cannot be summed) gives none, and `stats`
//! reads the record as `--explain` does.

use super::figure_cache_codec::{row_hash, row_sealed};
use super::figure_days::{
    day_number, day_of_number, month_of, read_month, CellKey, Sums, CONTACT, FLAG_CLOSED_MATTER,
    FLAG_COLLECTIVE, FLAG_LONG_STANDING, FLAG_REPEAT, MATTER, NEW_CASE, REPEATS, REPLY,
    VISIT_COLLECTIVE,
};
use super::figure_days_write::{change, read_days_stamp, DaysStamp};
use super::SqliteStore;
use crate::domain::figures::Period;
use crate::domain::figures_by::months;
use crate::domain::figures_days::{FigureSums, Slot};
use crate::store::error::Result;
use crate::store::figure_cases::look_back;
use crate::store::figure_facts::{Bar, KeptFigures};
use crate::store::port::Ctx;
use crate::store::records::{DayRange, FlagFigures};
use crate::store::stats_parts::{assemble, StatsParts};
use chrono::NaiveDate;
use rusqlite::OptionalExtension;
use std::collections::HashMap;

impl SqliteStore {
    /// `stats`' figures of `from..=to` from the figure sums, in one read
    /// snapshot, with each month's sums when `by_month`; none when the sums
    /// cannot serve.
    pub(super) fn kept_figures(
        &self,
        cx: &Ctx,
        from: NaiveDate,
        to: NaiveDate,
        by_month: bool,
    ) -> Result<Option<KeptFigures>> {
        let own = self.conn().is_autocommit();
        if own {
            self.conn().execute_batch("BEGIN")?;
        }
        let kept = self.kept_now(cx, from, to, by_month);
        if own {
            self.conn().execute_batch("COMMIT")?;
        }
        kept
    }

    fn kept_now(
        &self,
        cx: &Ctx,
        from: NaiveDate,
        to: NaiveDate,
        by_month: bool,
    ) -> Result<Option<KeptFigures>> {
        let (lo, hi) = DayRange {
            from: Some(from),
            to: Some(to),
        }
        .bounds();
        let today = cx.today();
        // The period first, then each of its months (counted to today) over
        // the cases that can count in the whole period, as the split by month
        // counts the period cut to it (`figures_by`).
        let whole = Tally::new(from, to, today, look_back(from), hi.clone());
        let split = match by_month {
            true => months(whole.period),
            false => Vec::new(),
        };
        let parts: Vec<Tally> = split.iter().map(|(_, month)| whole.cut(*month)).collect();
        let mut tallies = vec![whole];
        tallies.extend(parts);
        let sums = match self.sums_change(cx)? {
            Served::Record => return Ok(None),
            Served::Change(delta) => match self.months_read(&mut tallies)? {
                true => Some(delta),
                false => self.sums_built(cx)?,
            },
            Served::Build => self.sums_built(cx)?,
        };
        let Some(sums) = sums else {
            return Ok(None);
        };
        for (&(group, key, d1, d2), amounts) in &sums.cells {
            for tally in &mut tallies {
                tally.add(group, &sums.keys[key as usize], (d1, d2), amounts);
            }
        }
        let mut tallies = tallies.into_iter().map(Tally::finish);
        let Some(totals) = tallies.next() else {
            return Ok(None);
        };
        let months = split
            .into_iter()
            .zip(tallies)
            .map(|((key, month), tally)| (key, month, tally.sums))
            .collect();
        let catalog = self.catalog()?;
        let (roster, names) = self.long_standing_roster(&lo, &hi)?;
        let overdue = self.overdue_now(today)?;
        let mut parts = totals.parts;
        parts.overdue_now = super::tallies::overdue_cases(self.conn(), today)?;
        let fold = |raw: HashMap<Option<String>, i64>| {
            let mut out: HashMap<Option<String>, i64> = HashMap::new();
            for (k, n) in raw {
                *out.entry(catalog.top_level(k.as_deref())).or_default() += n;
            }
            out
        };
        let visits = fold(totals.category_visits);
        let by_category = fold(totals.category_new)
            .into_iter()
            .filter(|(_, n)| *n > 0)
            .map(|(key, new_matters)| Bar {
                visit_people: unsigned(visits.get(&key).copied().unwrap_or(0)),
                key,
                new_matters: unsigned(new_matters),
            })
            .collect();
        let stats = assemble(cx, from, to, &catalog, parts);
        Ok(Some(KeptFigures {
            sums: totals.sums,
            months,
            by_month: totals.by_month,
            by_category,
            roster,
            names,
            overdue,
            stats,
        }))
    }

    /// Adds to each tally the months of its period, every month read for the
    /// digest and each decoded once; `false` when they do not read back as
    /// stamped (the tallies are then left as they were).
    fn months_read(&self, tallies: &mut [Tally]) -> Result<bool> {
        let Some(days) = read_days_stamp(self.conn())? else {
            return Ok(false);
        };
        let spans: Vec<(i64, i64)> = tallies
            .iter()
            .map(|t| (month_of(day_number(t.from)), month_of(day_number(t.to))))
            .collect();
        let wants = |month: i64| {
            spans
                .iter()
                .any(|&(first, last)| (first..=last).contains(&month))
        };
        let mut digest = 0u64;
        let mut wanted = Vec::new();
        let mut stmt = self
            .conn()
            .prepare("SELECT month, cells FROM figure_days")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let month: i64 = r.get(0)?;
            let Ok(cells) = r.get_ref(1)?.as_blob() else {
                return Ok(false);
            };
            digest ^= row_hash(month, cells);
            if wants(month) {
                wanted.push((month, cells.to_vec()));
            }
        }
        if digest as i64 != days.digest {
            return Ok(false);
        }
        let mut read: Vec<Tally> = tallies.iter().map(Tally::emptied).collect();
        for (month, cells) in &wanted {
            let decoded = read_month(cells, |g, k, d, a| {
                for (tally, &(first, last)) in read.iter_mut().zip(&spans) {
                    if (first..=last).contains(month) {
                        tally.add(g, k, d, a);
                    }
                }
            });
            if decoded.is_err() {
                return Ok(false);
            }
        }
        for (tally, fresh) in tallies.iter_mut().zip(read) {
            *tally = fresh;
        }
        Ok(true)
    }

    /// The cache and its sums built from the record (the sums whole, to be
    /// added up), if this process can write the file and they all could be
    /// summed; none sends `stats` to the record.
    fn sums_built(&self, cx: &Ctx) -> Result<Option<Sums>> {
        let rules = self.fingerprint(cx)?;
        let head: i64 =
            self.conn()
                .query_row("SELECT coalesce(max(seq), 0) FROM ledger", [], |r| r.get(0))?;
        let catalog = self.catalog()?;
        let top = |raw: Option<&str>| catalog.top_level(raw);
        let built = self.build(cx, &rules, head, &top, None)?;
        Ok(built
            .filter(|(_, days)| days.sound)
            .map(|(_, days)| days.sums))
    }

    /// The change of the sums since the cache's stamp, written if this process
    /// can; or whether the cache wants a build, or the record must be read.
    fn sums_change(&self, cx: &Ctx) -> Result<Served> {
        let rules = self.fingerprint(cx)?;
        let head: i64 =
            self.conn()
                .query_row("SELECT coalesce(max(seq), 0) FROM ledger", [], |r| r.get(0))?;
        let Some(stamp) = self
            .stamp()?
            .filter(|s| s.builder.is_none() && s.rules == rules)
        else {
            return Ok(Served::Build);
        };
        let seq = match stamp.seq {
            // Written from a later record than this read's: not for it.
            Some(seq) if seq > head => return Ok(Served::Record),
            Some(seq) => seq,
            None => return Ok(Served::Build),
        };
        let Some(days) = read_days_stamp(self.conn())? else {
            return Ok(Served::Build);
        };
        if !days.sound {
            return Ok(Served::Record);
        }
        let Some(ids) = self.touched(seq, head)? else {
            return Ok(Served::Build);
        };
        if ids.is_empty() {
            return Ok(Served::Change(Sums::default()));
        }
        let catalog = self.catalog()?;
        let top = |raw: Option<&str>| catalog.top_level(raw);
        let Some(old) = self.touched_rows(&ids, days.cases_max)? else {
            return Ok(Served::Build);
        };
        let fresh = self.fresh_cases(cx, &ids, &top)?;
        let numbers: HashMap<i64, &str> = fresh
            .iter()
            .map(|(id, c)| (*id, c.brief.case_no.as_str()))
            .collect();
        // A case renumbered: the matters linked to its old number are unknown.
        for (id, (_, blob)) in &old {
            let was = super::figure_cache_codec::decode(blob, |_, _| true);
            let same = matches!(&was, Ok(Some(d)) if numbers.get(id) == Some(&d.case.brief.case_no.as_str()));
            if !same && numbers.contains_key(id) {
                return Ok(Served::Build);
            }
        }
        let Some(change) = change(&fresh, &old, &days, self.contacts_max()?) else {
            return Ok(Served::Build);
        };
        let sound = change.sound;
        let written = (days, change);
        // Written even when a case cannot be summed: the stamp then says so,
        // and later reads go to the record without working it out again.
        let _ = self.write_fresh(&stamp, head, &fresh, &old, Some(&written));
        let (_, change): (DaysStamp, _) = written;
        Ok(match sound {
            true => Served::Change(change.delta),
            false => Served::Record,
        })
    }

    /// The cached rows of `ids` (their digest part and bytes), each checked by
    /// its own seal; none when one is not as written, or a case at or below
    /// the highest with a row has none (lost).
    #[allow(clippy::type_complexity)]
    fn touched_rows(
        &self,
        ids: &[i64],
        cases_max: i64,
    ) -> Result<Option<HashMap<i64, (u64, Vec<u8>)>>> {
        let mut old = HashMap::new();
        let mut stmt = self
            .conn()
            .prepare_cached("SELECT facts FROM figure_cache WHERE case_id = ?1")?;
        for &id in ids {
            let blob: Option<Vec<u8>> = stmt.query_row([id], |r| r.get(0)).optional()?;
            match blob {
                Some(blob) if row_sealed(id, &blob) => {
                    old.insert(id, (row_hash(id, &blob), blob));
                }
                Some(_) => return Ok(None),
                None if id <= cases_max => return Ok(None),
                None => {}
            }
        }
        Ok(Some(old))
    }
}

/// What the sums can give a read.
enum Served {
    /// The change since the stamp, to add to the months.
    Change(Sums),
    /// The cache and its sums want a build.
    Build,
    /// Read the record (`stats` as before).
    Record,
}

/// The sums of one period as the months' cells come. Amounts are added signed:
/// a change's cells take out what a case's old row added.
struct Tally {
    from: NaiveDate,
    to: NaiveDate,
    today: NaiveDate,
    /// The figures' period: counted to today.
    period: Period,
    since: String,
    hi: String,
    first_month: i64,
    slots: [i64; Slot::COUNT],
    /// The period's contacts by (visit, collective, repeat): batches, people.
    contacts: [[i64; 2]; 8],
    /// By month: visitors, new matters.
    months: Vec<(String, [i64; 2])>,
    /// By category as recorded: new matters of the period, visitors of its
    /// contacts (folded to the top level at the end).
    category_new: HashMap<Option<String>, i64>,
    category_visits: HashMap<Option<String>, i64>,
    channels: HashMap<Option<String>, [i64; 2]>,
    contacts_by_category: HashMap<Option<String>, [i64; 2]>,
    new_cases: HashMap<(Option<String>, Option<String>), i64>,
    flags: [i64; 4],
    replied: (i64, i64),
}

/// What a period's cells add up to.
struct Totals {
    sums: FigureSums,
    by_month: Vec<Bar>,
    category_new: HashMap<Option<String>, i64>,
    category_visits: HashMap<Option<String>, i64>,
    parts: StatsParts,
}

fn unsigned(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

impl Tally {
    /// The same period with nothing added yet.
    fn emptied(&self) -> Tally {
        self.cut(Period {
            from: self.from,
            to: self.to,
        })
    }

    /// A tally of `part` of the period over the same cases, with nothing added.
    fn cut(&self, part: Period) -> Tally {
        Tally::new(
            part.from,
            part.to,
            self.today,
            self.since.clone(),
            self.hi.clone(),
        )
    }

    fn new(from: NaiveDate, to: NaiveDate, today: NaiveDate, since: String, hi: String) -> Tally {
        let period = Period {
            from,
            to: to.min(today).max(from),
        };
        Tally {
            from,
            to,
            today,
            period,
            since,
            hi,
            first_month: month_of(day_number(from)),
            slots: [0; Slot::COUNT],
            contacts: [[0; 2]; 8],
            months: months(Period { from, to })
                .into_iter()
                .map(|(key, _)| (key, [0; 2]))
                .collect(),
            category_new: HashMap::new(),
            category_visits: HashMap::new(),
            channels: HashMap::new(),
            contacts_by_category: HashMap::new(),
            new_cases: HashMap::new(),
            flags: [0; 4],
            replied: (0, 0),
        }
    }

    fn in_range(&self, d: NaiveDate) -> bool {
        self.from <= d && d <= self.to
    }

    fn month(&mut self, d: NaiveDate) -> &mut [i64; 2] {
        let i = (month_of(day_number(d)) - self.first_month) as usize;
        &mut self.months[i].1
    }

    fn add(&mut self, group: u8, key: &CellKey, days: (i32, i32), amounts: &[i64]) {
        let (Some(d1), Some(d2)) = (day_of_number(days.0), day_of_number(days.1)) else {
            return;
        };
        if !self.in_range(d1) || !self.in_range(d2) {
            return;
        }
        let amount = |i: usize| amounts.get(i).copied().unwrap_or(0);
        match group {
            MATTER => {
                if let Some((registered, updated)) = &key.guard {
                    // As the figures' read judges a case that can count.
                    let counts = registered.as_slice() < self.hi.as_bytes()
                        && updated.as_slice() >= self.since.as_bytes();
                    if !counts {
                        return;
                    }
                }
                let new = amount(Slot::NewMatters.index());
                if d1 == d2 {
                    self.month(d1)[1] += new;
                }
                if self.period.holds(d1) && self.period.holds(d2) {
                    for (s, a) in self.slots.iter_mut().zip(amounts) {
                        *s += a;
                    }
                    *self.category_new.entry(key.a.clone()).or_default() += new;
                }
            }
            CONTACT => {
                let has = |bit: u8| key.marks & bit != 0;
                let (batches, people) = (amount(0), amount(1));
                let channel = self.channels.entry(key.a.clone()).or_default();
                channel[0] += batches;
                channel[1] += people;
                let category = self.contacts_by_category.entry(key.b.clone()).or_default();
                category[0] += batches;
                category[1] += people;
                for (i, bit) in [
                    FLAG_REPEAT,
                    FLAG_COLLECTIVE,
                    FLAG_LONG_STANDING,
                    FLAG_CLOSED_MATTER,
                ]
                .into_iter()
                .enumerate()
                {
                    if has(bit) {
                        self.flags[i] += batches;
                    }
                }
                let visit = key.a.as_deref() == Some("visit");
                if visit {
                    self.month(d1)[0] += amount(2);
                    *self.category_visits.entry(key.b.clone()).or_default() += amount(2);
                }
                if self.period.holds(d1) {
                    let kind = usize::from(visit)
                        | usize::from(has(VISIT_COLLECTIVE)) << 1
                        | usize::from(has(REPEATS)) << 2;
                    self.contacts[kind][0] += batches;
                    self.contacts[kind][1] += amount(2);
                }
            }
            NEW_CASE => {
                *self
                    .new_cases
                    .entry((key.a.clone(), key.b.clone()))
                    .or_default() += amount(0);
            }
            REPLY => {
                self.replied.0 += amount(0);
                self.replied.1 += amount(1);
            }
            _ => {}
        }
    }

    fn finish(self) -> Totals {
        let mut sums = FigureSums {
            slots: self.slots,
            ..FigureSums::default()
        };
        for (kind, [batches, people]) in self.contacts.into_iter().enumerate() {
            sums.add_contacts(
                kind & 1 != 0,
                kind & 2 != 0,
                kind & 4 != 0,
                unsigned(batches),
                unsigned(people),
            );
        }
        let by_month = self
            .months
            .into_iter()
            .map(|(key, [visits, new])| Bar {
                key: Some(key),
                visit_people: unsigned(visits),
                new_matters: unsigned(new),
            })
            .collect();
        let rows = |m: HashMap<Option<String>, [i64; 2]>| {
            m.into_iter()
                .filter(|(_, [n, _])| *n != 0)
                .map(|(k, [n, p])| (k, unsigned(n), unsigned(p)))
                .collect::<Vec<_>>()
        };
        let [repeat, collective, long_standing, closed_matter] = self.flags.map(unsigned);
        let parts = StatsParts {
            channels: rows(self.channels)
                .into_iter()
                .map(|(c, n, p)| (c.unwrap_or_default(), n, p))
                .collect(),
            contacts_by_category: rows(self.contacts_by_category),
            new_cases: self
                .new_cases
                .into_iter()
                .filter(|(_, n)| *n != 0)
                .map(|((c, s), n)| (c, s.unwrap_or_default(), unsigned(n)))
                .collect(),
            flagged: FlagFigures {
                repeat,
                collective,
                long_standing,
                closed_matter,
            },
            replied: (unsigned(self.replied.0), self.replied.1),
            ..StatsParts::default()
        };
        Totals {
            sums,
            by_month,
            category_new: self.category_new,
            category_visits: self.category_visits,
            parts,
        }
    }
}

#[cfg(test)]
#[path = "figure_days_tests.rs"]
mod tests;

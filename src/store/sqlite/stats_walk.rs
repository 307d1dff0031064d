//! `stats`' rows for a long period, read by walking `cases` and `contacts` once
//! each in rowid order and counting in Rust. As SQL (`stats.rs`, still used for a
//! short period) a year at a million people walked `contacts` three times and
//! sorted its 870,000 contacts by case before looking each case up, and joined
//! 750,000 replies to their cases one by one: 5–6 s, against well under one for
//! these walks. What is counted is exactly what the SQL counts (the tests compare
//! the two on the same record: `stats_walk_tests.rs`).

use super::SqliteStore;
use crate::store::error::Result;
use crate::store::figure_cases::day_of;
use crate::store::figure_set::CaseSet;
use crate::store::records::FlagFigures;
use crate::store::stats_parts::StatsParts;
use chrono::NaiveDate;
use rusqlite::params;
use std::collections::HashMap;

/// What `stats` keeps of a case: its category and status as recorded (by their
/// place in a list of the distinct values) and its day of registration.
struct CaseCols {
    category: u32,
    status: u32,
    registered: Option<NaiveDate>,
    in_period: bool,
}

/// Distinct texts by first sight: a handful of categories and statuses among a
/// million cases, each kept once.
#[derive(Default)]
struct Distinct {
    places: HashMap<String, u32>,
    values: Vec<String>,
}

/// The place of a NULL category.
const NONE: u32 = u32::MAX;

impl Distinct {
    fn place_of(&mut self, text: &str) -> u32 {
        if let Some(&p) = self.places.get(text) {
            return p;
        }
        let p = self.values.len() as u32;
        self.values.push(text.to_string());
        self.places.insert(text.to_string(), p);
        p
    }

    fn value(&self, place: u32) -> Option<String> {
        self.values.get(place as usize).cloned()
    }
}

/// The day of a stored stamp as SQL's `substr(stamp, 1, 10)` read by
/// `NaiveDate::parse_from_str(…, "%Y-%m-%d")` (how `assemble` reads it).
pub(super) fn sql_day(stamp: &str) -> Option<NaiveDate> {
    match stamp.as_bytes().get(..10) {
        // Ten ASCII bytes are the first ten characters, as `day_of` reads them.
        Some(head) if head.is_ascii() => day_of(stamp),
        _ => {
            let head: String = stamp.chars().take(10).collect();
            NaiveDate::parse_from_str(&head, "%Y-%m-%d").ok()
        }
    }
}

impl SqliteStore {
    /// The rows of `stats` for the period `lo..hi` (stored stamps compared as
    /// text, as the SQL does), all but the overdue count.
    pub(super) fn stats_by_walking(&self, lo: &str, hi: &str) -> Result<StatsParts> {
        let conn = self.conn();
        let (mut categories, mut statuses) = (Distinct::default(), Distinct::default());
        let mut cases: CaseSet<CaseCols> = CaseSet::default();
        let mut new_cases: HashMap<(u32, u32), u64> = HashMap::new();
        let mut stmt = conn.prepare(
            "SELECT id, category, status, registered_at FROM cases NOT INDEXED ORDER BY id",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let registered_at = text(r, 3)?;
            let cols = CaseCols {
                category: text_or_null(r, 1)?.map_or(NONE, |c| categories.place_of(c)),
                status: statuses.place_of(text(r, 2)?),
                registered: sql_day(registered_at),
                in_period: registered_at >= lo && registered_at < hi,
            };
            if cols.in_period {
                *new_cases.entry((cols.category, cols.status)).or_default() += 1;
            }
            cases.push(r.get(0)?, cols);
        }
        cases.seal();

        let mut parts = StatsParts::default();
        let mut by_category: HashMap<u32, (u64, u64)> = HashMap::new();
        let mut flagged = FlagFigures::default();
        let mut stmt = conn.prepare(
            "SELECT case_id, channel, headcount, flags, arrived_at FROM contacts NOT INDEXED",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let arrived_at = text(r, 4)?;
            if !(arrived_at >= lo && arrived_at < hi) {
                continue;
            }
            let people = u64::try_from(r.get::<_, i64>(2)?).unwrap_or(0);
            let channel = text(r, 1)?;
            match parts.channels.iter_mut().find(|c| c.0 == channel) {
                Some(c) => {
                    c.1 += 1;
                    c.2 += people;
                }
                None => parts.channels.push((channel.to_string(), 1, people)),
            }
            // As the join with the case: a contact of no case is in no category.
            if let Some(case) = cases.get(r.get(0)?) {
                let f = by_category.entry(case.category).or_default();
                f.0 += 1;
                f.1 += people;
            }
            let flags = text(r, 3)?;
            let has = |code: &str| u64::from(flags.contains(code));
            flagged.repeat += has(r#""repeat""#);
            flagged.collective += has(r#""collective""#);
            flagged.long_standing += has(r#""long_standing""#);
            flagged.closed_matter += has(r#""closed_matter""#);
        }
        parts.flagged = flagged;
        parts.contacts_by_category = by_category
            .into_iter()
            .map(|(c, (n, people))| (categories.value(c), n, people))
            .collect();
        parts.new_cases = new_cases
            .into_iter()
            .map(|((c, s), n)| {
                let status = statuses.value(s).unwrap_or_default();
                (categories.value(c), status, n)
            })
            .collect();

        // Each case's first reply in the period: the index gives them by instant,
        // so a case's first row is its earliest.
        let mut replied = vec![false; cases.len()];
        let mut stmt = conn.prepare(
            "SELECT case_id, at FROM events
             WHERE kind = 'reply' AND at >= ?1 AND at < ?2 ORDER BY at",
        )?;
        let mut rows = stmt.query(params![lo, hi])?;
        while let Some(r) = rows.next()? {
            let Some(place) = cases.place(r.get(0)?) else {
                continue;
            };
            if std::mem::replace(&mut replied[place], true) {
                continue;
            }
            let registered = cases.at_mut(place).registered;
            // `assemble` reads both days again; what it cannot read it leaves out.
            let day = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
            parts
                .replies
                .push((day(registered), day(sql_day(text(r, 1)?))));
        }
        Ok(parts)
    }
}

fn text<'r>(r: &'r rusqlite::Row<'_>, i: usize) -> rusqlite::Result<&'r str> {
    super::figures::text(r, i)
}

fn text_or_null<'r>(r: &'r rusqlite::Row<'_>, i: usize) -> rusqlite::Result<Option<&'r str>> {
    super::figures::text_or_null(r, i)
}

#[cfg(test)]
#[path = "stats_walk_tests.rs"]
mod tests;

//! The figure sums' reading of a case (its contacts and replies, `Kept`) and
//! their writes: all of them with the cache's build, a change with the cases
//! worked out again (`figure_days.rs` says what a cell is).

use super::figure_cache_codec::row_hash;
use super::figure_cache_codec::{decode, decode_kept};
use super::figure_days::{add_month, month_of, plain_day, Sums};
use super::figures::text;
use super::verify_rows::table_exists;
use super::SqliteStore;
use crate::store::error::Result;
use crate::store::figure_cases::{
    CaseRead, ContactMark, Kept, KeptContact, Stored, KEPT_CLOSED_MATTER, KEPT_COLLECTIVE,
    KEPT_ENQUIRY, KEPT_LONG_STANDING, KEPT_REPEAT,
};
use crate::store::figure_set::CaseSet;
use rusqlite::{params, Connection, OptionalExtension};
use std::collections::{HashMap, HashSet};

pub(super) const SCHEMA: &str = "
    CREATE TABLE IF NOT EXISTS figure_days (
        month INTEGER PRIMARY KEY,
        cells BLOB NOT NULL
    ) STRICT;
    CREATE TABLE IF NOT EXISTS figure_days_stamp (
        id           INTEGER PRIMARY KEY CHECK (id = 1),
        digest       INTEGER NOT NULL,
        sound        INTEGER NOT NULL,
        contacts_max INTEGER NOT NULL,
        cases_max    INTEGER NOT NULL
    ) STRICT;";

/// The sums' own stamp, written with the cache's: the digest of their rows,
/// whether every case could be summed (`Kept::sound`; else they are not read
/// until the cache is built again), and the highest contact id they reflect (a
/// contact at or below it that turns up on another case moved: the sums cannot
/// tell from where, and the cache is built again), and the highest case id
/// with a cache row (a case at or below it without one lost its row).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct DaysStamp {
    pub(super) digest: i64,
    pub(super) sound: bool,
    pub(super) contacts_max: i64,
    pub(super) cases_max: i64,
}

pub(super) fn read_days_stamp(conn: &Connection) -> Result<Option<DaysStamp>> {
    if !(table_exists(conn, "figure_days")? && table_exists(conn, "figure_days_stamp")?) {
        return Ok(None);
    }
    Ok(conn
        .query_row(
            "SELECT digest, sound, contacts_max, cases_max FROM figure_days_stamp WHERE id = 1",
            [],
            |r| {
                Ok(DaysStamp {
                    digest: r.get(0)?,
                    sound: r.get(1)?,
                    contacts_max: r.get(2)?,
                    cases_max: r.get(3)?,
                })
            },
        )
        .optional()?)
}

/// A change of the sums: the cells to add, whether every case in it could be
/// summed, the highest contact id it reflects.
pub(super) struct DaysChange {
    pub(super) delta: Sums,
    pub(super) sound: bool,
    pub(super) contacts_max: i64,
    pub(super) cases_max: i64,
}

impl SqliteStore {
    /// Reads what the figure sums keep of each case: its contacts (set as the
    /// case's own only while it is summed) and the days of its replies (read
    /// with its timeline). `one_by_one`: through each case's index.
    pub(super) fn kept_read(&self, cases: &mut CaseSet, one_by_one: bool) -> Result<()> {
        let officers = self.names_of("officers")?;
        let mut of_case: Vec<Vec<(ContactMark, KeptContact, bool)>> = Vec::new();
        of_case.resize_with(cases.len(), Vec::new);
        let sql = "SELECT case_id, id, arrived_at, channel, headcount, flags FROM contacts";
        self.each_row(
            cases,
            one_by_one,
            sql,
            &format!("{sql} WHERE case_id = ?1"),
            |place, _, r| {
                let (id, arrived_at, flags) = (r.get(1)?, text(r, 2)?, text(r, 5)?);
                let on = plain_day(arrived_at);
                let mark = |on: bool, bit: u8| if on { bit } else { 0 };
                let kept = KeptContact {
                    id,
                    on: on.unwrap_or_default(),
                    channel: text(r, 3)?.to_string(),
                    headcount: r.get(4)?,
                    // As `has_flag` reads them, without making the pattern.
                    marks: mark(flags.contains("\"collective\""), KEPT_COLLECTIVE)
                        | mark(flags.contains("enquiry"), KEPT_ENQUIRY)
                        | mark(flags.contains("\"repeat\""), KEPT_REPEAT)
                        | mark(flags.contains("\"long_standing\""), KEPT_LONG_STANDING)
                        | mark(flags.contains("\"closed_matter\""), KEPT_CLOSED_MATTER),
                };
                let contact = ContactMark::new(arrived_at.to_string(), id, flags);
                of_case[place].push((contact, kept, on.is_some()));
                Ok(())
            },
        )?;
        // A contact of no case counts in `stats` but in no case's sums.
        let orphans = !one_by_one && {
            let known: i64 = of_case.iter().map(|c| c.len() as i64).sum();
            let all: i64 = self
                .conn()
                .query_row("SELECT count(*) FROM contacts", [], |r| r.get(0))?;
            all != known
        };
        for (place, (_, case)) in cases.iter_mut().enumerate() {
            let mut contacts = std::mem::take(&mut of_case[place]);
            contacts
                .sort_unstable_by(|a, b| (&a.0.arrived_at, a.0.id).cmp(&(&b.0.arrived_at, b.0.id)));
            let plain_contacts = contacts.iter().all(|c| c.2);
            let (marks, kept): (Vec<ContactMark>, Vec<KeptContact>) =
                contacts.into_iter().map(|(m, k, _)| (m, k)).unzip();
            case.set_contacts(marks);
            let (after_registration, after_reply) =
                crate::store::figure_cases::contact_counts(case);
            let mut replies = std::mem::take(&mut case.reply_ats);
            replies.sort_unstable();
            let reply_days: Vec<_> = replies.iter().filter_map(|r| plain_day(r)).collect();
            let stored = case.stored.as_deref();
            let registered_plain = stored
                .and_then(|s| std::str::from_utf8(&s.registered).ok())
                .and_then(plain_day)
                .is_some();
            let officer_known = stored.is_some_and(|s| officers.contains_key(&s.first_officer_id));
            case.kept = Some(Box::new(Kept {
                contacts_after_registration: after_registration,
                contacts_after_reply: after_reply,
                same_source: case.same_source,
                sound: plain_contacts
                    && reply_days.len() == replies.len()
                    && registered_plain
                    && officer_known
                    && !orphans,
                contacts: kept,
                replies: reply_days,
            }));
            // The figures' read sets its contacts again.
            case.contacts = Vec::new();
            case.first_contact = None;
            case.same_source = false;
        }
        Ok(())
    }

    pub(super) fn contacts_max(&self) -> Result<i64> {
        Ok(self
            .conn()
            .query_row("SELECT coalesce(max(id), 0) FROM contacts", [], |r| {
                r.get(0)
            })?)
    }
}

/// What a cached row stands for in the sums: its case, row and `Kept`; none for
/// a row without them.
fn cached(blob: &[u8]) -> Option<(CaseRead, Stored, Kept)> {
    let mut prefixes = (Vec::new(), Vec::new());
    let d = decode(blob, |r, u| {
        prefixes = (r.to_vec(), u.to_vec());
        true
    })
    .ok()??;
    let kept = decode_kept(blob).ok()??;
    let stored = Stored {
        category: d.category,
        unit_id: d.unit_id,
        handler_id: d.handler_id,
        first_officer_id: d.first_officer_id,
        registered: prefixes.0,
        updated: prefixes.1,
    };
    Some((d.case, stored, kept))
}

/// What the cases worked out again (`fresh`, read with their `Kept`) change in
/// the sums, against their cached rows (`old`, by id); none when it cannot be
/// told (a row without `Kept`, a contact moved from another case).
pub(super) fn change(
    fresh: &[(i64, CaseRead)],
    old: &HashMap<i64, (u64, Vec<u8>)>,
    stamp: &DaysStamp,
    contacts_max: i64,
) -> Option<DaysChange> {
    let mut delta = Sums::default();
    let mut sound = true;
    let mut was_there: HashSet<i64> = HashSet::new();
    for (_, blob) in old.values() {
        let (case, stored, kept) = cached(blob)?;
        was_there.extend(kept.contacts.iter().map(|c| c.id));
        delta.add_case(&case, &stored, &kept, -1);
    }
    for (_, case) in fresh {
        let (Some(stored), Some(kept)) = (case.stored.as_deref(), case.kept.as_deref()) else {
            return None;
        };
        let moved = kept
            .contacts
            .iter()
            .any(|c| c.id <= stamp.contacts_max && !was_there.contains(&c.id));
        if moved {
            return None;
        }
        sound &= kept.sound;
        delta.add_case(case, stored, kept, 1);
    }
    let cases_max = fresh.iter().map(|(id, _)| *id).max().unwrap_or(0);
    Some(DaysChange {
        delta,
        sound,
        contacts_max: contacts_max.max(stamp.contacts_max),
        cases_max: cases_max.max(stamp.cases_max),
    })
}

/// Writes every month of a build and the sums' stamp (inside the cache's last
/// transaction of the build).
pub(super) fn write_days_all(conn: &Connection, days: &AllDays) -> Result<()> {
    let (sums, sound, contacts_max) = (&days.sums, days.sound, days.contacts_max);
    let mut digest = 0u64;
    let mut put = conn.prepare("INSERT INTO figure_days(month, cells) VALUES (?1, ?2)")?;
    for (month, cells) in sums.months() {
        if cells.is_empty() {
            continue;
        }
        digest ^= row_hash(month, &cells);
        put.execute(params![month, cells])?;
    }
    conn.execute(
        "INSERT OR REPLACE INTO figure_days_stamp(id, digest, sound, contacts_max, cases_max)
         VALUES (1, ?1, ?2, ?3, ?4)",
        params![digest as i64, sound, contacts_max, days.cases_max],
    )?;
    Ok(())
}

/// Adds a change to the months it touches (inside the transaction that writes
/// the cases' rows).
pub(super) fn write_days_change(
    conn: &Connection,
    stamp: &DaysStamp,
    change: &DaysChange,
) -> Result<()> {
    let mut months: Vec<i64> = change.delta.cells.keys().map(|c| month_of(c.2)).collect();
    months.sort_unstable();
    months.dedup();
    let mut sums = Sums::default();
    let mut digest = stamp.digest as u64;
    let mut get = conn.prepare("SELECT cells FROM figure_days WHERE month = ?1")?;
    for month in &months {
        let cells: Option<Vec<u8>> = get.query_row([month], |r| r.get(0)).optional()?;
        if let Some(cells) = cells {
            digest ^= row_hash(*month, &cells);
            if add_month(&mut sums, &cells).is_err() {
                // Not as written: the next read finds the digest wrong.
                return Ok(());
            }
        }
    }
    #[cfg(test)]
    let skip = tests_break::broken();
    #[cfg(not(test))]
    let skip = false;
    if !skip {
        sums.add_all(&change.delta, 1);
    }
    let mut put =
        conn.prepare("INSERT OR REPLACE INTO figure_days(month, cells) VALUES (?1, ?2)")?;
    let mut gone = conn.prepare("DELETE FROM figure_days WHERE month = ?1")?;
    let written: HashMap<i64, Vec<u8>> = sums.months().into_iter().collect();
    for month in &months {
        match written.get(month).filter(|c| !c.is_empty()) {
            Some(cells) => {
                digest ^= row_hash(*month, cells);
                put.execute(params![month, cells])?;
            }
            None => {
                gone.execute([month])?;
            }
        }
    }
    conn.execute(
        "UPDATE figure_days_stamp SET digest = ?1, sound = ?2, contacts_max = ?3, cases_max = ?4",
        params![
            digest as i64,
            stamp.sound && change.sound,
            change.contacts_max,
            change.cases_max
        ],
    )?;
    Ok(())
}

/// The figure sums of a whole build (`figure_days.rs`).
pub(super) struct AllDays {
    pub(super) sums: Sums,
    pub(super) sound: bool,
    pub(super) contacts_max: i64,
    /// The highest case id with a row.
    pub(super) cases_max: i64,
}

#[cfg(test)]
/// A switch for the tests that the sums' change is written, and that the tests
/// see it when it is not.
pub(super) mod tests_break {
    use std::cell::Cell;

    thread_local! {
        static BROKEN: Cell<bool> = const { Cell::new(false) };
    }

    pub(crate) fn broken() -> bool {
        BROKEN.with(Cell::get)
    }

    pub(crate) fn set(on: bool) {
        BROKEN.with(|b| b.set(on));
    }
}

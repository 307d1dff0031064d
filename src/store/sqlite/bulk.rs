//! A bulk fill of a fresh record (the demo's million people): the store's own
//! units of work run unchanged, but against the rows of the stretch being written,
//! held here in memory ([`super::bulk_tx`] answers their reads and takes their
//! writes exactly as the SQL of the adapter would). [`Bulk::flush`] then writes the
//! stretch with multi-row prepared inserts, each row once in its final state, and
//! the batch's checkpoint seals it into the ledger as it seals any stretch.
//!
//! A stretch holds every row of its people: nothing a later stretch does writes a
//! row of an earlier one, and reads of earlier people go to the file.

use crate::domain::CaseStatus;
use crate::store::error::Result;
use rusqlite::{Connection, OptionalExtension};
use std::collections::HashMap;

pub(super) struct Person {
    pub id: i64,
    pub name: String,
    pub id_number: Option<String>,
    pub id_checksum_ok: bool,
    pub phone: Option<String>,
    pub address: Option<String>,
    pub pinyin: String,
    pub initials: String,
    pub marked_long_standing: bool,
    pub change_seq: i64,
    pub created_at: String,
    pub created_by: i64,
    /// Indexes into [`Bulk::contacts`] and the ids of the cases they are linked to.
    pub contacts: Vec<usize>,
    pub cases: Vec<i64>,
}

/// A person of the fill as a check-in's matching shows them, kept current: the
/// file is never read for them (a stretch may still be on its way there).
pub(super) struct Brief {
    pub name: String,
    pub address: Option<String>,
    pub id_number: Option<String>,
    pub id_checksum_ok: bool,
}

pub(super) struct Upper {
    pub from_office: String,
    pub doc_no: Option<String>,
    pub received_on: String,
    pub due_on: String,
    pub report_due: bool,
    pub reported_back_on: Option<String>,
}

pub(super) struct Case {
    pub id: i64,
    pub case_no: String,
    pub status: CaseStatus,
    pub matter: String,
    pub category: Option<String>,
    pub purpose: Option<String>,
    pub location: Option<String>,
    pub litigation: bool,
    pub source: String,
    pub first_officer_id: i64,
    pub handler_id: Option<i64>,
    pub unit_id: Option<i64>,
    pub extended_days: i64,
    pub due_clock: Option<&'static str>,
    pub due_on: Option<String>,
    pub registered_at: String,
    pub updated_at: String,
    /// Its people (the key order of `case_petitioners`) with their roles.
    pub people: Vec<(i64, &'static str)>,
    /// Indexes into [`Bulk::contacts`], [`Bulk::events`], [`Bulk::ratings`] and
    /// [`Bulk::follow_ups`], oldest first.
    pub contacts: Vec<usize>,
    pub events: Vec<usize>,
    pub ratings: Vec<usize>,
    pub follow_ups: Vec<usize>,
    pub upper: Option<Upper>,
}

pub(super) struct Contact {
    pub id: i64,
    pub petitioner_id: i64,
    pub case_id: i64,
    pub channel: &'static str,
    pub headcount: i64,
    pub representatives: String,
    pub matter: String,
    pub flags: String,
    pub arrived_at: String,
    pub officer_id: i64,
    pub queue_date: Option<String>,
    pub queue_no: Option<i64>,
    pub queue_status: Option<&'static str>,
    pub received_by: Option<i64>,
    pub received_at: Option<String>,
    pub finished_at: Option<String>,
    pub letter_no: Option<String>,
    pub import_key: Option<String>,
    pub time_unknown: bool,
}

pub(super) struct Event {
    pub id: i64,
    pub case_id: i64,
    pub at: String,
    pub officer_id: i64,
    pub kind: &'static str,
    pub detail: String,
    pub hash: Vec<u8>,
    /// What the clocks read of it, read once (its detail is JSON).
    pub point: Option<crate::domain::clocks::TimelinePoint>,
}

pub(super) struct Rating {
    pub id: i64,
    pub case_id: i64,
    pub stage: &'static str,
    pub result: &'static str,
    pub via: &'static str,
    pub rated_on: String,
    pub officer_id: i64,
    pub at: String,
}

pub(super) struct FollowUp {
    pub id: i64,
    pub rating_id: i64,
    pub case_id: i64,
    pub chief_id: i64,
    pub due_on: String,
    pub closed_on: Option<String>,
    pub result: Option<&'static str>,
    pub text: Option<String>,
    pub closed_by: Option<i64>,
    pub closed_at: Option<String>,
}

pub(super) struct ContactRisk {
    pub contact_id: i64,
    pub level: &'static str,
    pub notice: bool,
    pub residence_code: Option<String>,
    pub location_code: Option<String>,
    pub area: String,
    pub collective: bool,
    pub unscreened: bool,
    pub skip_level: bool,
    pub litigation: bool,
    pub arrived_at: String,
}

pub(super) struct Audit {
    pub id: i64,
    pub at: String,
    pub officer_id: Option<i64>,
    pub host_account: String,
    pub action: String,
    pub subject: String,
}

/// The next rowid of each table the fill writes: SQLite gives max(rowid) + 1.
#[derive(Default)]
pub(super) struct NextIds {
    pub person: i64,
    pub case: i64,
    pub contact: i64,
    pub event: i64,
    pub rating: i64,
    pub follow_up: i64,
    pub audit: i64,
}

/// The rows of one stretch: held by the fill as its units of work make them, then
/// taken whole to be written.
#[derive(Default)]
pub(super) struct StretchRows {
    pub people: Vec<Person>,
    pub cases: Vec<Case>,
    pub contacts: Vec<Contact>,
    pub events: Vec<Event>,
    pub ratings: Vec<Rating>,
    pub follow_ups: Vec<FollowUp>,
    pub risks: Vec<ContactRisk>,
    pub audit: Vec<Audit>,
}

/// The rows of the stretch being written, and what the units of work read often
/// and never change during a fill (the roster, units, categories).
#[derive(Default)]
pub(crate) struct Bulk {
    pub rows: StretchRows,
    pub person_at: HashMap<i64, usize>,
    /// Every person of the fill (the record had none before it) as the indexes on
    /// `petitioners` find them: by ID number, by name and by phone (ids ascending),
    /// and what a check-in's matching shows of each one by id, from
    /// [`NextIds::person`] at the start.
    pub by_id_number: HashMap<String, i64>,
    pub by_name: HashMap<String, Vec<i64>>,
    pub by_phone: HashMap<String, Vec<i64>>,
    pub briefs: Vec<Brief>,
    pub first_person: i64,
    pub case_at: HashMap<i64, usize>,
    pub case_by_no: HashMap<String, i64>,
    /// The number of every case of the fill, held or written.
    pub case_nos: std::collections::HashSet<String>,
    pub next: NextIds,
    /// The timeline's head (hex) and length, as `meta` keeps them.
    pub head: Option<(String, i64)>,
    pub change_seq: i64,
    /// Counters drawn in this fill, and the ones drawn since the last flush in the
    /// order they were first drawn (the order their rows would be inserted).
    pub counters: HashMap<String, i64>,
    pub counters_drawn: Vec<String>,
    pub officers: HashMap<String, i64>,
    pub units: HashMap<String, i64>,
    pub categories: HashMap<(String, String), bool>,
    pub parents: HashMap<String, Vec<String>>,
    pub shifts: HashMap<i64, (Option<i64>, Option<i64>)>,
    pub chief: Option<Option<(i64, String)>>,
    pub any_town: Option<bool>,
    /// The search keys of every stretch taken, piled on a thread of their own and
    /// sorted into the index at the end.
    pub keys: super::bulk_keys::KeyFeed,
    /// Whether the unit of work running has written anything here.
    pub wrote: bool,
    /// A unit of work failed after writing here: its rows cannot be taken back.
    pub broken: Option<String>,
}

fn next_id(conn: &Connection, table: &str) -> rusqlite::Result<i64> {
    conn.query_row(
        &format!("SELECT coalesce(max(rowid), 0) + 1 FROM \"{table}\""),
        [],
        |r| r.get(0),
    )
}

impl Bulk {
    /// Holds a fill of `conn`'s record in memory, when the record has neither people
    /// nor cases yet (a fill never reaches into rows it did not write); `None`
    /// otherwise.
    pub(super) fn start(conn: &Connection) -> Result<Option<Bulk>> {
        let taken: bool = conn.query_row(
            "SELECT EXISTS(SELECT 1 FROM petitioners) OR EXISTS(SELECT 1 FROM cases)",
            [],
            |r| r.get(0),
        )?;
        if taken {
            return Ok(None);
        }
        let next = NextIds {
            person: next_id(conn, "petitioners")?,
            case: next_id(conn, "cases")?,
            contact: next_id(conn, "contacts")?,
            event: next_id(conn, "events")?,
            rating: next_id(conn, "ratings")?,
            follow_up: next_id(conn, "follow_ups")?,
            audit: next_id(conn, "audit")?,
        };
        // The stretches' rows are sealed as new to the ledger.
        let ahead = [
            ("petitioners", next.person),
            ("cases", next.case),
            ("case_petitioners", next.case),
            ("contacts", next.contact),
            ("events", next.event),
            ("case_upper", next.case),
            ("contact_risk", next.contact),
            ("ratings", next.rating),
            ("follow_ups", next.follow_up),
            ("audit", next.audit),
        ];
        if super::bulk_fresh::ledger_ahead(conn, &ahead)? {
            return Ok(None);
        }
        let head: Option<(Vec<u8>, i64)> = conn
            .query_row(
                "SELECT hash, id FROM events ORDER BY id DESC LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        // The keys' sorted copy goes to a temporary file, not memory; SQLite
        // refuses the switch once the transaction has used temporary storage, and
        // the copy is then held in memory (AFTER_REBUILD switches back).
        let _ = conn.execute_batch("PRAGMA temp_store = FILE");
        conn.execute_batch("DELETE FROM search_keys; DELETE FROM search_people;")?;
        super::search_pending::clear(conn)?;
        Ok(Some(Bulk {
            first_person: next.person,
            next,
            head: head.map(|(h, id)| (super::ledger::hex(&h), id)),
            change_seq: conn.query_row(
                "SELECT coalesce(max(change_seq), 0) FROM petitioners",
                [],
                |r| r.get(0),
            )?,
            ..Bulk::default()
        }))
    }

    /// What a check-in's matching shows of a person of the fill, held or written.
    pub(super) fn brief(&self, id: i64) -> Option<&Brief> {
        usize::try_from(id - self.first_person)
            .ok()
            .and_then(|i| self.briefs.get(i))
    }

    pub(super) fn person(&self, id: i64) -> Option<&Person> {
        self.person_at.get(&id).map(|&i| &self.rows.people[i])
    }

    pub(super) fn person_mut(&mut self, id: i64) -> Option<&mut Person> {
        self.person_at.get(&id).map(|&i| &mut self.rows.people[i])
    }

    pub(super) fn case(&self, id: i64) -> Option<&Case> {
        self.case_at.get(&id).map(|&i| &self.rows.cases[i])
    }

    pub(super) fn case_mut(&mut self, id: i64) -> Option<&mut Case> {
        self.case_at.get(&id).map(|&i| &mut self.rows.cases[i])
    }

    /// Writes the last stretch and sorts every stretch's keys into the index;
    /// returns where the stretch's rows start (see [`Bulk::flush`]).
    pub(super) fn finish(&mut self, conn: &Connection) -> Result<Vec<super::bulk_fresh::Fresh>> {
        let fresh = self.flush(conn)?;
        std::mem::take(&mut self.keys).sort().write(conn)?;
        Ok(fresh)
    }

    /// Takes the stretch's rows out of the fill, and forgets where they were held.
    pub(super) fn take_rows(&mut self) -> StretchRows {
        self.person_at.clear();
        self.case_at.clear();
        self.case_by_no.clear();
        std::mem::take(&mut self.rows)
    }
}

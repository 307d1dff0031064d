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
use rusqlite::{Connection, OptionalExtension, ToSql};
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

/// The rows of the stretch being written, and what the units of work read often
/// and never change during a fill (the roster, units, categories).
#[derive(Default)]
pub(crate) struct Bulk {
    pub people: Vec<Person>,
    pub person_at: HashMap<i64, usize>,
    /// Every person of the fill (the record had none before it) as the indexes on
    /// `petitioners` find them: by ID number, by name and by phone (ids ascending),
    /// and each one's name and address by id, from [`NextIds::person`] at the start.
    pub by_id_number: HashMap<String, i64>,
    pub by_name: HashMap<String, Vec<i64>>,
    pub by_phone: HashMap<String, Vec<i64>>,
    pub briefs: Vec<(String, Option<String>)>,
    pub first_person: i64,
    pub cases: Vec<Case>,
    pub case_at: HashMap<i64, usize>,
    pub case_by_no: HashMap<String, i64>,
    pub contacts: Vec<Contact>,
    pub events: Vec<Event>,
    pub ratings: Vec<Rating>,
    pub follow_ups: Vec<FollowUp>,
    pub risks: Vec<ContactRisk>,
    pub audit: Vec<Audit>,
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
        let head: Option<(Vec<u8>, i64)> = conn
            .query_row(
                "SELECT hash, id FROM events ORDER BY id DESC LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        super::search_keys::open_scratch(conn)?;
        let first_person = next_id(conn, "petitioners")?;
        Ok(Some(Bulk {
            first_person,
            next: NextIds {
                person: next_id(conn, "petitioners")?,
                case: next_id(conn, "cases")?,
                contact: next_id(conn, "contacts")?,
                event: next_id(conn, "events")?,
                rating: next_id(conn, "ratings")?,
                follow_up: next_id(conn, "follow_ups")?,
                audit: next_id(conn, "audit")?,
            },
            head: head.map(|(h, id)| (super::ledger::hex(&h), id)),
            change_seq: conn.query_row(
                "SELECT coalesce(max(change_seq), 0) FROM petitioners",
                [],
                |r| r.get(0),
            )?,
            ..Bulk::default()
        }))
    }

    /// The name and address of a person of the fill, held or written.
    pub(super) fn brief(&self, id: i64) -> Option<&(String, Option<String>)> {
        usize::try_from(id - self.first_person)
            .ok()
            .and_then(|i| self.briefs.get(i))
    }

    pub(super) fn person(&self, id: i64) -> Option<&Person> {
        self.person_at.get(&id).map(|&i| &self.people[i])
    }

    pub(super) fn person_mut(&mut self, id: i64) -> Option<&mut Person> {
        self.person_at.get(&id).map(|&i| &mut self.people[i])
    }

    pub(super) fn case(&self, id: i64) -> Option<&Case> {
        self.case_at.get(&id).map(|&i| &self.cases[i])
    }

    pub(super) fn case_mut(&mut self, id: i64) -> Option<&mut Case> {
        self.case_at.get(&id).map(|&i| &mut self.cases[i])
    }

    /// Writes the stretch held into the open transaction, parents before the rows
    /// that name them, and lets it go.
    pub(super) fn flush(&mut self, conn: &Connection) -> Result<()> {
        if let Some(why) = &self.broken {
            return Err(crate::store::StoreError::Invalid(why.clone()));
        }
        insert_all(conn, "petitioners", PERSON_COLUMNS, &self.people, |p, v| {
            v.extend([
                &p.id as &dyn ToSql,
                &p.name,
                &p.id_number,
                &p.id_checksum_ok,
                &p.phone,
                &p.address,
                &p.pinyin,
                &p.initials,
                &p.marked_long_standing,
                &p.change_seq,
                &p.created_at,
                &p.created_by,
            ])
        })?;
        let statuses: Vec<&'static str> = self.cases.iter().map(|c| c.status.code()).collect();
        let cases: Vec<(&Case, &&str)> = self.cases.iter().zip(&statuses).collect();
        insert_all(conn, "cases", CASE_COLUMNS, &cases, |(c, status), v| {
            v.extend([
                &c.id as &dyn ToSql,
                &c.case_no,
                *status,
                &c.matter,
                &c.category,
                &c.purpose,
                &c.location,
                &c.litigation,
                &c.source,
                &c.first_officer_id,
                &c.handler_id,
                &c.unit_id,
                &c.extended_days,
                &c.due_clock,
                &c.due_on,
                &c.registered_at,
                &c.updated_at,
            ])
        })?;
        let links: Vec<(i64, i64, &str)> = self
            .cases
            .iter()
            .flat_map(|c| c.people.iter().map(|(p, role)| (c.id, *p, *role)))
            .collect();
        insert_all(
            conn,
            "case_petitioners",
            &["case_id", "petitioner_id", "role"],
            &links,
            |(case, person, role), v| v.extend([case as &dyn ToSql, person, role]),
        )?;
        insert_all(conn, "contacts", CONTACT_COLUMNS, &self.contacts, |k, v| {
            v.extend([
                &k.id as &dyn ToSql,
                &k.petitioner_id,
                &k.case_id,
                &k.channel,
                &k.headcount,
                &k.representatives,
                &k.matter,
                &k.flags,
                &k.arrived_at,
                &k.officer_id,
                &k.queue_date,
                &k.queue_no,
                &k.queue_status,
                &k.received_by,
                &k.received_at,
                &k.finished_at,
                &k.letter_no,
                &k.import_key,
                &k.time_unknown,
            ])
        })?;
        insert_all(conn, "events", EVENT_COLUMNS, &self.events, |e, v| {
            v.extend([
                &e.id as &dyn ToSql,
                &e.case_id,
                &e.at,
                &e.officer_id,
                &e.kind,
                &e.detail,
                &e.hash,
            ])
        })?;
        let uppers: Vec<(i64, &Upper)> = self
            .cases
            .iter()
            .filter_map(|c| c.upper.as_ref().map(|u| (c.id, u)))
            .collect();
        insert_all(conn, "case_upper", UPPER_COLUMNS, &uppers, |(id, u), v| {
            v.extend([
                id as &dyn ToSql,
                &u.from_office,
                &u.doc_no,
                &u.received_on,
                &u.due_on,
                &u.report_due,
                &u.reported_back_on,
            ])
        })?;
        insert_all(conn, "contact_risk", RISK_COLUMNS, &self.risks, |r, v| {
            v.extend([
                &r.contact_id as &dyn ToSql,
                &r.level,
                &r.notice,
                &r.residence_code,
                &r.location_code,
                &r.area,
                &r.collective,
                &r.unscreened,
                &r.skip_level,
                &r.litigation,
                &r.arrived_at,
            ])
        })?;
        insert_all(conn, "ratings", RATING_COLUMNS, &self.ratings, |r, v| {
            v.extend([
                &r.id as &dyn ToSql,
                &r.case_id,
                &r.stage,
                &r.result,
                &r.via,
                &r.rated_on,
                &r.officer_id,
                &r.at,
            ])
        })?;
        insert_all(
            conn,
            "follow_ups",
            FOLLOW_COLUMNS,
            &self.follow_ups,
            |f, v| {
                v.extend([
                    &f.id as &dyn ToSql,
                    &f.rating_id,
                    &f.case_id,
                    &f.chief_id,
                    &f.due_on,
                    &f.closed_on,
                    &f.result,
                    &f.text,
                    &f.closed_by,
                    &f.closed_at,
                ])
            },
        )?;
        insert_all(conn, "audit", AUDIT_COLUMNS, &self.audit, |a, v| {
            v.extend([
                &a.id as &dyn ToSql,
                &a.at,
                &a.officer_id,
                &a.host_account,
                &a.action,
                &a.subject,
            ])
        })?;
        let mut counter = conn.prepare_cached(
            "INSERT INTO counters(name, value) VALUES (?1, ?2)
             ON CONFLICT(name) DO UPDATE SET value = excluded.value",
        )?;
        for name in self.counters_drawn.drain(..) {
            counter.execute(rusqlite::params![name, self.counters[&name]])?;
        }
        if let Some((hash, length)) = self.head.as_ref().filter(|_| !self.events.is_empty()) {
            conn.prepare_cached(
                "INSERT INTO meta(key, value) VALUES ('chain_head', ?1), ('chain_length', ?2)
                 ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            )?
            .execute(rusqlite::params![hash, length.to_string()])?;
        }
        self.write_keys(conn)?;
        self.clear_stretch();
        Ok(())
    }

    /// The held people's search keys, derived as a rebuild derives them from the
    /// rows, into the scratch table that [`Bulk::finish`] sorts into the index.
    fn write_keys(&self, conn: &Connection) -> Result<()> {
        for p in &self.people {
            let mut case_ids = p.cases.clone();
            case_ids.sort_unstable();
            let mut letters: Vec<&Contact> = p
                .contacts
                .iter()
                .map(|&k| &self.contacts[k])
                .filter(|k| k.letter_no.is_some())
                .collect();
            letters.sort_by(|a, b| (&a.arrived_at, a.id).cmp(&(&b.arrived_at, b.id)));
            let keys = crate::search::PersonKeys {
                name: p.name.clone(),
                id_number: p.id_number.clone(),
                phone: p.phone.clone(),
                case_nos: case_ids
                    .iter()
                    .filter_map(|&c| self.case(c).map(|c| c.case_no.clone()))
                    .collect(),
                letter_nos: letters.iter().filter_map(|k| k.letter_no.clone()).collect(),
            };
            let last = p
                .contacts
                .iter()
                .map(|&k| self.contacts[k].arrived_at.as_str())
                .max();
            let recent = super::search_keys::recent_of(last);
            super::search_keys::insert(conn, p.id, &keys, recent, "temp.search_scratch")?;
        }
        Ok(())
    }

    /// Writes the last stretch and sorts every stretch's keys into the index.
    pub(super) fn finish(&mut self, conn: &Connection) -> Result<()> {
        self.flush(conn)?;
        Ok(super::search_keys::close_scratch(conn)?)
    }

    fn clear_stretch(&mut self) {
        self.people.clear();
        self.person_at.clear();
        self.cases.clear();
        self.case_at.clear();
        self.case_by_no.clear();
        self.contacts.clear();
        self.events.clear();
        self.ratings.clear();
        self.follow_ups.clear();
        self.risks.clear();
        self.audit.clear();
    }
}

const PERSON_COLUMNS: &[&str] = &[
    "id",
    "name",
    "id_number",
    "id_checksum_ok",
    "phone",
    "address",
    "pinyin",
    "initials",
    "marked_long_standing",
    "change_seq",
    "created_at",
    "created_by",
];
const CASE_COLUMNS: &[&str] = &[
    "id",
    "case_no",
    "status",
    "matter",
    "category",
    "purpose",
    "location",
    "litigation",
    "source",
    "first_officer_id",
    "handler_id",
    "unit_id",
    "extended_days",
    "due_clock",
    "due_on",
    "registered_at",
    "updated_at",
];
const CONTACT_COLUMNS: &[&str] = &[
    "id",
    "petitioner_id",
    "case_id",
    "channel",
    "headcount",
    "representatives",
    "matter",
    "flags",
    "arrived_at",
    "officer_id",
    "queue_date",
    "queue_no",
    "queue_status",
    "received_by",
    "received_at",
    "finished_at",
    "letter_no",
    "import_key",
    "time_unknown",
];
const EVENT_COLUMNS: &[&str] = &[
    "id",
    "case_id",
    "at",
    "officer_id",
    "kind",
    "detail",
    "hash",
];
const UPPER_COLUMNS: &[&str] = &[
    "case_id",
    "from_office",
    "doc_no",
    "received_on",
    "due_on",
    "report_due",
    "reported_back_on",
];
const RISK_COLUMNS: &[&str] = &[
    "contact_id",
    "level",
    "notice",
    "residence_code",
    "location_code",
    "area",
    "collective",
    "unscreened",
    "skip_level",
    "litigation",
    "arrived_at",
];
const RATING_COLUMNS: &[&str] = &[
    "id",
    "case_id",
    "stage",
    "result",
    "via",
    "rated_on",
    "officer_id",
    "at",
];
const FOLLOW_COLUMNS: &[&str] = &[
    "id",
    "rating_id",
    "case_id",
    "chief_id",
    "due_on",
    "closed_on",
    "result",
    "text",
    "closed_by",
    "closed_at",
];
const AUDIT_COLUMNS: &[&str] = &[
    "id",
    "at",
    "officer_id",
    "host_account",
    "action",
    "subject",
];

/// Rows per statement: one statement's work is spread over this many rows.
const ROWS_PER_INSERT: usize = 64;

/// Inserts `rows` into `table`, [`ROWS_PER_INSERT`] per prepared statement and the
/// rest one by one; `bind` lists one row's values in the order of `columns`.
fn insert_all<'a, T>(
    conn: &Connection,
    table: &str,
    columns: &[&str],
    rows: &'a [T],
    bind: impl Fn(&'a T, &mut Vec<&'a dyn ToSql>),
) -> rusqlite::Result<()> {
    let one = format!("({})", vec!["?"; columns.len()].join(", "));
    let sql = |n: usize| {
        format!(
            "INSERT INTO \"{table}\"({}) VALUES {}",
            columns.join(", "),
            vec![one.as_str(); n].join(", ")
        )
    };
    let mut values: Vec<&'a dyn ToSql> = Vec::with_capacity(ROWS_PER_INSERT * columns.len());
    let mut chunks = rows.chunks_exact(ROWS_PER_INSERT);
    if rows.len() >= ROWS_PER_INSERT {
        let mut many = conn.prepare_cached(&sql(ROWS_PER_INSERT))?;
        for chunk in chunks.by_ref() {
            values.clear();
            for row in chunk {
                bind(row, &mut values);
            }
            many.execute(values.as_slice())?;
        }
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut single = conn.prepare_cached(&sql(1))?;
        for row in rest {
            values.clear();
            bind(row, &mut values);
            single.execute(values.as_slice())?;
        }
    }
    Ok(())
}

//! Writing a bulk fill's stretch (see bulk.rs): every held row once, in its final
//! state, with multi-row prepared inserts, parents before the rows that name them,
//! and what each held person's search keys were derived from.

use super::bulk::{Bulk, Case, Contact, StretchRows, Upper};
use super::bulk_fresh::{self, Fresh, Quiet};
use crate::store::error::Result;
use rusqlite::{Connection, ToSql};

/// A stretch's rows, taken from the fill to be written (on another thread: see
/// bulk_pipe.rs), with what else its checkpoint writes.
pub(super) struct Stretch {
    pub rows: StretchRows,
    /// The counters drawn, in the order first drawn, with their values.
    pub counters: Vec<(String, i64)>,
    /// The timeline's head (hex) and length after the stretch.
    pub head: Option<(String, i64)>,
    /// Each person's `search_people` row: id, latest contact, keys.
    pub derived: Vec<(i64, i64, String)>,
}

impl Bulk {
    /// Writes the stretch held into the open transaction and lets it go; returns
    /// where its rows start in each table, for the seal to take in (they are not
    /// noted one by one: see bulk_fresh.rs).
    pub(super) fn flush(&mut self, conn: &Connection) -> Result<Vec<Fresh>> {
        self.take_stretch()?.write(conn)
    }

    /// The stretch held, its people's keys onto the pile; the fill goes on with
    /// the next.
    pub(super) fn take_stretch(&mut self) -> Result<Stretch> {
        if let Some(why) = &self.broken {
            return Err(crate::store::StoreError::Invalid(why.clone()));
        }
        let derived = self.pile_keys()?;
        let counters = self
            .counters_drawn
            .drain(..)
            .map(|name| {
                let value = self.counters[&name];
                (name, value)
            })
            .collect();
        Ok(Stretch {
            rows: self.take_rows(),
            counters,
            head: self.head.clone(),
            derived,
        })
    }

    /// The held people's search keys, derived as a rebuild derives them from the
    /// rows: handed to the key pile (bulk_keys.rs) that [`Bulk::finish`] sorts into
    /// the index; returned, what each was derived from (for `search_people`).
    fn pile_keys(&mut self) -> Result<Vec<(i64, i64, String)>> {
        let mut people = Vec::with_capacity(self.rows.people.len());
        let mut derived = Vec::with_capacity(self.rows.people.len());
        for p in &self.rows.people {
            let mut case_ids = p.cases.clone();
            case_ids.sort_unstable();
            let mut letters: Vec<&Contact> = p
                .contacts
                .iter()
                .map(|&k| &self.rows.contacts[k])
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
                .map(|&k| self.rows.contacts[k].arrived_at.as_str())
                .max();
            let recent = super::search_keys::recent_of(last);
            derived.push((p.id, recent, keys.encode()));
            people.push((p.id, keys, recent));
        }
        self.keys.add(people)?;
        Ok(derived)
    }
}

impl Stretch {
    /// Writes the stretch into the open transaction, parents before the rows that
    /// name them, each row once in its final state; returns where its rows start.
    pub(super) fn write(self, conn: &Connection) -> Result<Vec<Fresh>> {
        let first_case = self.rows.cases.first().map(|c| c.id);
        let first_contact = self.rows.contacts.first().map(|k| k.id);
        let fresh = bulk_fresh::ranges([
            self.rows.people.first().map(|p| p.id),
            first_case,
            first_case,
            first_contact,
            self.rows.events.first().map(|e| e.id),
            first_case,
            first_contact,
            self.rows.ratings.first().map(|r| r.id),
            self.rows.follow_ups.first().map(|f| f.id),
            self.rows.audit.first().map(|a| a.id),
        ]);
        let quiet = Quiet::new(conn)?;
        self.rows.insert(conn)?;
        drop(quiet);
        bulk_fresh::count_due_days(
            conn,
            self.rows.cases.iter().filter_map(|c| c.due_on.as_deref()),
        )?;
        let mut counter = conn.prepare_cached(
            "INSERT INTO counters(name, value) VALUES (?1, ?2)
             ON CONFLICT(name) DO UPDATE SET value = excluded.value",
        )?;
        for (name, value) in &self.counters {
            counter.execute(rusqlite::params![name, value])?;
        }
        if let Some((hash, length)) = self.head.as_ref().filter(|_| !self.rows.events.is_empty()) {
            conn.prepare_cached(
                "INSERT INTO meta(key, value) VALUES ('chain_head', ?1), ('chain_length', ?2)
                 ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            )?
            .execute(rusqlite::params![hash, length.to_string()])?;
        }
        let mut derived = conn.prepare_cached(
            "INSERT INTO search_people(petitioner_id, recent, keys) VALUES (?1, ?2, ?3)",
        )?;
        for (id, recent, keys) in &self.derived {
            derived.execute(rusqlite::params![id, recent, keys])?;
        }
        Ok(fresh)
    }
}

impl StretchRows {
    /// Every held row, parents before the rows that name them.
    fn insert(&self, conn: &Connection) -> Result<()> {
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
        Ok(())
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
            "INSERT OR FAIL INTO \"{table}\"({}) VALUES {}",
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

//! The port's unit-of-work primitives over one open transaction that holds the
//! record's write lock (see `PgStore::write`). One small statement each; the
//! rules run above, in `store::service`. What rides on a held event or on held
//! keys is here; the plain statements on cases are in `tx_cases.rs`, on shifts
//! and the queue in `tx_shifts.rs`.

use super::event_write::EventWrite;
use super::rows::{self, col, exec, one, opt};
use super::search_write::KeysWrite;
use super::tx_rows::{self, contact_row, insert_case_sql, new_case, QueueNo, CONTACT_PARAMS};
use super::{people, reads, search, timeline, tx_cases, tx_shifts};
use crate::domain::anchor::Anchor;
use crate::domain::clocks::ClockConfig;
use crate::domain::history::PersonFacts;
use crate::domain::{EventKind, Role};
use crate::store::error::Result;
use crate::store::port::{
    CaseChange, CaseState, Duty, Likeness, Matching, MatterState, NewCase, NewContact, NewOfficer,
    NewPerson, OfficerChange, PersonState, QueueChange, QueueState, ShiftChange, Tx,
};
use crate::store::records::{Officer, Shift};
use postgres::Client;
use std::cell::RefCell;

pub(super) struct PgTx<'t> {
    /// The store's connection, inside the unit of work's transaction: reached
    /// through [`tx`](PgTx::tx), which sends a held event first.
    conn: &'t mut Client,
    running_as: Option<&'t str>,
    /// The timeline as this unit of work has read and appended it.
    timeline: timeline::Cursor,
    /// A person's search keys not written yet: sent with the seal's read, or
    /// before the next statement that reads the keys.
    held: &'t RefCell<Option<KeysWrite>>,
    /// An event not written yet: sent with the next statement that can take it
    /// (the contact's insert, the keys' read), else before any other.
    event: &'t RefCell<Option<EventWrite>>,
    /// The people this unit of work created: none of their keys is stored.
    fresh: Vec<i64>,
}

impl<'t> PgTx<'t> {
    pub(super) fn new(
        tx: &'t mut Client,
        running_as: Option<&'t str>,
        begun: &'t super::Begun,
    ) -> Self {
        PgTx {
            conn: tx,
            running_as,
            timeline: timeline::Cursor::new(begun.head.clone()),
            held: &begun.held,
            event: &begun.event,
            fresh: Vec::new(),
        }
    }

    /// The connection for a statement that cannot take the held event: the
    /// event is sent first, so that every statement sees what came before it.
    pub(super) fn tx(&mut self) -> Result<&mut Client> {
        send_event(self.conn, self.event)?;
        Ok(&mut *self.conn)
    }

    /// Sends the held keys' write now: what follows reads the keys.
    fn send_held(&mut self) -> Result<()> {
        if let Some(w) = self.held.borrow_mut().take() {
            w.execute(self.tx()?)?;
        }
        Ok(())
    }

    /// Refreshes a person's search keys, holding their write back for the seal;
    /// a held event rides with the read.
    fn refresh_keys(&mut self, petitioner_id: i64, touch: bool) -> Result<()> {
        // The read compares with the keys stored: what is held must be there.
        self.send_held()?;
        let event = self.event.borrow_mut().take();
        let fresh = self.fresh.contains(&petitioner_id);
        *self.held.borrow_mut() =
            search::refresh(self.conn, petitioner_id, (touch, fresh), event.as_ref())?;
        Ok(())
    }
}

/// Sends `event`'s held write, if any, on its own.
pub(super) fn send_event(c: &mut Client, event: &RefCell<Option<EventWrite>>) -> Result<()> {
    let held = event.borrow_mut().take();
    if let Some(e) = held {
        e.execute(c)?;
    }
    Ok(())
}

impl Tx for PgTx<'_> {
    fn leaders(&mut self) -> &mut dyn crate::store::leaders::LeaderTx {
        self
    }

    fn risk(&mut self) -> &mut dyn crate::store::risk_port::RiskTx {
        self
    }

    fn ratings(&mut self) -> &mut dyn crate::store::ratings_port::RatingTx {
        self
    }

    fn officer_id(&mut self, name: &str, at: &str) -> Result<i64> {
        let running_as = self.running_as;
        rows::acting(self.tx()?, name, at, running_as)
    }

    fn acting_on_duty(&mut self, name: &str, at: &str) -> Result<(i64, Duty)> {
        let running_as = self.running_as;
        rows::acting_on_duty(self.tx()?, name, at, running_as)
    }

    fn acting_and_matching(
        &mut self,
        (name, at): (&str, &str),
        id_number: Option<&str>,
        like: Option<&Likeness<'_>>,
    ) -> Result<((i64, Duty), Matching)> {
        let running_as = self.running_as;
        super::intake_read::acting_and_matching(self.tx()?, (name, at, running_as), id_number, like)
    }

    fn existing_officer_id(&mut self, name: &str) -> Result<i64> {
        rows::active_id(self.tx()?, name)
    }

    fn roster_member(&mut self, name: &str) -> Result<Option<Officer>> {
        rows::member(self.tx()?, name)
    }

    fn insert_officer(&mut self, new: &NewOfficer, at: &str) -> Result<i64> {
        rows::insert_officer(self.tx()?, new, at)
    }

    fn update_officer(&mut self, id: i64, change: &OfficerChange) -> Result<()> {
        rows::update_officer(self.tx()?, id, change)
    }

    fn active_chiefs(&mut self) -> Result<i64> {
        rows::active_chiefs(self.tx()?)
    }

    fn roster_size(&mut self) -> Result<i64> {
        rows::roster_size(self.tx()?)
    }

    fn unit_id(&mut self, name: &str) -> Result<i64> {
        rows::unit_id(self.tx()?, name)
    }

    fn category_exists(&mut self, parent: &str, name: &str) -> Result<bool> {
        one(
            self.tx()?,
            "SELECT EXISTS(SELECT 1 FROM categories WHERE parent = $1 AND name = $2)",
            &[&parent, &name],
        )
    }

    fn category_parents(&mut self, name: &str) -> Result<Vec<String>> {
        col(
            self.tx()?,
            "SELECT parent FROM categories WHERE name = $1 AND parent <> ''",
            &[&name],
        )
    }

    fn next_number(&mut self, counter: &str) -> Result<i64> {
        rows::next_number(self.tx()?, counter)
    }

    fn raise_counter(&mut self, counter: &str, value: i64) -> Result<()> {
        exec(
            self.tx()?,
            "INSERT INTO counters(name, value) VALUES ($1, $2)
             ON CONFLICT(name) DO UPDATE SET value = GREATEST(counters.value, excluded.value)",
            &[&counter, &value],
        )?;
        Ok(())
    }

    fn case_seqs_from(&mut self, year: i32, from: i64, limit: usize) -> Result<Vec<i64>> {
        tx_cases::case_seqs_from(self.tx()?, year, from, limit)
    }

    fn people_matching(
        &mut self,
        id_number: Option<&str>,
        like: Option<&Likeness<'_>>,
    ) -> Result<Matching> {
        people::people_matching(self.tx()?, id_number, like)
    }

    fn person_state(&mut self, petitioner_id: i64) -> Result<Option<PersonState>> {
        people::person_state(self.tx()?, petitioner_id)
    }

    fn insert_person(&mut self, p: &NewPerson<'_>) -> Result<i64> {
        let id = people::insert_person(self.tx()?, p)?;
        self.fresh.push(id);
        Ok(id)
    }

    fn update_person(
        &mut self,
        id: i64,
        phone: Option<&str>,
        address: Option<&str>,
        id_number: Option<(&str, bool)>,
    ) -> Result<()> {
        people::update_person(self.tx()?, id, phone, address, id_number)
    }

    fn touch_person(&mut self, petitioner_id: i64) -> Result<()> {
        people::touch_person(self.tx()?, petitioner_id)
    }

    fn refresh_search_keys(&mut self, petitioner_id: i64) -> Result<()> {
        self.refresh_keys(petitioner_id, false)
    }

    fn person_changed(&mut self, petitioner_id: i64, keys: bool) -> Result<()> {
        if keys {
            // The mark rides on the keys' read: two round trips, not three.
            self.refresh_keys(petitioner_id, true)
        } else {
            people::touch_person(self.tx()?, petitioner_id)
        }
    }

    fn rebuild_search_keys(&mut self) -> Result<usize> {
        self.send_held()?;
        search::rebuild(self.tx()?)
    }

    fn set_long_standing(&mut self, petitioner_id: i64, on: bool) -> Result<()> {
        people::set_long_standing(self.tx()?, petitioner_id, on)
    }

    fn move_person_records(&mut self, from: i64, to: i64) -> Result<usize> {
        people::move_person_records(self.tx()?, from, to)
    }

    fn clear_id_number(&mut self, petitioner_id: i64) -> Result<()> {
        people::clear_id_number(self.tx()?, petitioner_id)
    }

    fn set_merged_into(&mut self, petitioner_id: i64, into: i64) -> Result<()> {
        people::set_merged_into(self.tx()?, petitioner_id, into)
    }

    fn person_facts(&mut self, petitioner_id: i64, joining: Option<i64>) -> Result<PersonFacts> {
        reads::person_facts(self.tx()?, petitioner_id, joining)
    }

    fn case_state(&mut self, case_no: &str) -> Result<Option<CaseState>> {
        tx_cases::case_state(self.tx()?, case_no)
    }

    fn insert_case(&mut self, c: &NewCase<'_>) -> Result<i64> {
        let id = one(self.tx()?, &insert_case_sql(""), &new_case(c))?;
        self.timeline.new_case(id);
        Ok(id)
    }

    fn insert_case_unless_taken(&mut self, c: &NewCase<'_>) -> Result<Option<i64>> {
        let id = opt(
            self.tx()?,
            &insert_case_sql("ON CONFLICT(case_no) DO NOTHING"),
            &new_case(c),
        )?;
        if let Some(id) = id {
            self.timeline.new_case(id);
        }
        Ok(id)
    }

    fn insert_next_case(
        &mut self,
        counter: &str,
        year: i32,
        c: &NewCase<'_>,
    ) -> Result<(i64, Option<i64>)> {
        let (seq, id) = tx_rows::next_case(self.tx()?, counter, year, c)?;
        if let Some(id) = id {
            self.timeline.new_case(id);
        }
        Ok((seq, id))
    }

    fn update_case(&mut self, id: i64, change: &CaseChange<'_>) -> Result<()> {
        tx_cases::update_case(self.tx()?, id, change)
    }

    fn link_person(&mut self, case_id: i64, petitioner_id: i64, role: Role) -> Result<()> {
        tx_cases::link_person(self.tx()?, case_id, petitioner_id, role)
    }

    fn case_people(&mut self, case_id: i64) -> Result<Vec<i64>> {
        tx_cases::case_people(self.tx()?, case_id)
    }

    fn set_upper(
        &mut self,
        case_id: i64,
        source: crate::domain::Source,
        t: &crate::domain::assigned::UpperTerms,
    ) -> Result<()> {
        tx_cases::set_upper(self.tx()?, case_id, source, t)
    }

    fn set_reported_back(&mut self, case_id: i64, on: chrono::NaiveDate) -> Result<()> {
        tx_cases::set_reported_back(self.tx()?, case_id, on)
    }

    fn person_contact_flags(
        &mut self,
        petitioner_id: i64,
    ) -> Result<Vec<(i64, Vec<crate::domain::Flag>)>> {
        tx_cases::person_contact_flags(self.tx()?, petitioner_id)
    }

    fn set_contact_flags(&mut self, contact_id: i64, flags: &[crate::domain::Flag]) -> Result<()> {
        tx_cases::set_contact_flags(self.tx()?, contact_id, flags)
    }

    fn set_merged(&mut self, case_id: i64, into: i64, on: chrono::NaiveDate) -> Result<()> {
        tx_cases::set_merged(self.tx()?, case_id, into, on)
    }

    fn matter_state(&mut self, case_id: i64) -> Result<MatterState> {
        reads::matter_state(self.tx()?, case_id)
    }

    fn has_link(&mut self, case_id: i64, other_case_no: &str) -> Result<bool> {
        tx_cases::has_link(self.tx()?, case_id, other_case_no)
    }

    fn append_event(
        &mut self,
        case_id: i64,
        at: &str,
        officer_id: i64,
        kind: EventKind,
        detail: &serde_json::Value,
        clocks: &ClockConfig,
    ) -> Result<i64> {
        send_event(self.conn, self.event)?;
        let event = timeline::append(
            &mut *self.conn,
            &mut self.timeline,
            case_id,
            at,
            officer_id,
            kind,
            detail,
            clocks,
        )?;
        let id = event.id;
        // Held back: the next statement takes it along, or sends it first.
        *self.event.borrow_mut() = Some(event);
        Ok(id)
    }

    fn insert_contact(&mut self, k: &NewContact<'_>) -> Result<i64> {
        let day = k.queue.map(|(day, _)| day.to_string());
        let number = QueueNo::Given(k.queue.map(|(_, n)| n));
        let row = contact_row(
            self.tx()?,
            "",
            "$10, $11",
            k,
            (day.as_deref(), number),
            None,
        )?;
        Ok(row.0)
    }

    fn insert_principal_contact(
        &mut self,
        k: &NewContact<'_>,
        queue: Option<(chrono::NaiveDate, &str)>,
    ) -> Result<(i64, Option<i64>)> {
        // Linked and drawn in the statement that inserts the contact, and the
        // held event (the case's registration) written by it too: the contact's
        // insert reads no event.
        let day = queue.map(|(day, _)| day.to_string());
        let event = self.event.borrow_mut().take();
        let own = "linked AS (
                 INSERT INTO case_petitioners(case_id, petitioner_id, role)
                 VALUES ($2, $1, 'principal') ON CONFLICT DO NOTHING),
             drawn AS (
                 INSERT INTO counters(name, value) SELECT $11, 1 WHERE $11::text IS NOT NULL
                 ON CONFLICT(name) DO UPDATE SET value = counters.value + 1
                 RETURNING value)";
        let with = match &event {
            Some(e) => format!("WITH {},\n{own}", e.ctes(CONTACT_PARAMS)),
            None => format!("WITH {own}"),
        };
        contact_row(
            self.conn,
            &with,
            "$10, (SELECT value FROM drawn)",
            k,
            (
                day.as_deref(),
                QueueNo::Drawn(queue.map(|(_, counter)| counter)),
            ),
            event.as_ref(),
        )
    }

    fn open_shift(&mut self, officer_id: i64) -> Result<Option<i64>> {
        reads::open_shift_id(self.tx()?, officer_id)
    }

    fn insert_shift(&mut self, officer_id: i64, at: &str) -> Result<i64> {
        tx_shifts::insert_shift(self.tx()?, officer_id, at)
    }

    fn shift(&mut self, id: i64) -> Result<Option<Shift>> {
        reads::shift_by_id(self.tx()?, id)
    }

    fn update_shift(&mut self, id: i64, c: &ShiftChange<'_>) -> Result<()> {
        tx_shifts::update_shift(self.tx()?, id, c)
    }

    fn latest_handover_to(&mut self, officer_id: i64) -> Result<Option<i64>> {
        tx_shifts::latest_handover_to(self.tx()?, officer_id)
    }

    fn chain_head(&mut self) -> Result<Option<Anchor>> {
        super::ledger::anchor(self.tx()?)
    }

    fn queue_state(&mut self, contact_id: i64) -> Result<Option<QueueState>> {
        tx_shifts::queue_state(self.tx()?, contact_id)
    }

    fn update_queue(&mut self, contact_id: i64, c: &QueueChange<'_>) -> Result<()> {
        tx_shifts::update_queue(self.tx()?, contact_id, c)
    }

    fn latest_shift(&mut self, officer_id: i64) -> Result<Option<i64>> {
        tx_shifts::latest_shift(self.tx()?, officer_id)
    }

    fn audit(
        &mut self,
        at: &str,
        officer_id: Option<i64>,
        action: crate::domain::audit::AuditAction,
        subject: &str,
    ) -> Result<()> {
        rows::insert_audit(self.tx()?, at, officer_id, action, subject)
    }
}

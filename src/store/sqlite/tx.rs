//! The port's unit-of-work primitives over one open SQLite transaction.

use super::{
    audit, checkin, counters, events, history, matters, people, queue, registry, roster,
    search_keys, search_pending, shifts,
};
use crate::domain::anchor::Anchor;
use crate::domain::clocks::ClockConfig;
use crate::domain::history::PersonFacts;
use crate::domain::{EventKind, Role};
use crate::store::error::Result;
use crate::store::port::{
    CaseChange, CaseState, Likeness, Matching, NewCase, NewContact, NewOfficer, NewPerson,
    OfficerChange, PersonState, QueueChange, QueueState, ShiftChange, Tx,
};
use crate::store::records::{Officer, Shift};
use rusqlite::Connection;

/// A connection inside a transaction (or a savepoint of a batch).
pub(super) struct SqliteTx<'a> {
    pub(super) conn: &'a Connection,
    /// The host account the acting officer must be bound to, when binding is on.
    running_as: Option<&'a str>,
}

impl<'a> SqliteTx<'a> {
    pub(super) fn new(conn: &'a Connection, running_as: Option<&'a str>) -> Self {
        SqliteTx { conn, running_as }
    }

    pub(super) fn conn(&self) -> &'a Connection {
        self.conn
    }
}

impl Tx for SqliteTx<'_> {
    fn leaders(&mut self) -> &mut dyn crate::store::leaders::LeaderTx {
        self
    }

    fn officer_id(&mut self, name: &str, at: &str) -> Result<i64> {
        roster::acting(self.conn, name, at, self.running_as)
    }

    fn existing_officer_id(&mut self, name: &str) -> Result<i64> {
        roster::active_id(self.conn, name)
    }

    fn roster_member(&mut self, name: &str) -> Result<Option<Officer>> {
        roster::member(self.conn, name)
    }

    fn insert_officer(&mut self, new: &NewOfficer, at: &str) -> Result<i64> {
        roster::insert(self.conn, new, at)
    }

    fn update_officer(&mut self, id: i64, change: &OfficerChange) -> Result<()> {
        roster::update(self.conn, id, change)
    }

    fn active_chiefs(&mut self) -> Result<i64> {
        roster::active_chiefs(self.conn)
    }

    fn roster_size(&mut self) -> Result<i64> {
        roster::size(self.conn)
    }

    fn unit_id(&mut self, name: &str) -> Result<i64> {
        registry::unit_id(self.conn, name)
    }

    fn category_exists(&mut self, parent: &str, name: &str) -> Result<bool> {
        checkin::category_exists(self.conn, parent, name)
    }

    fn category_parents(&mut self, name: &str) -> Result<Vec<String>> {
        checkin::category_parents(self.conn, name)
    }

    fn next_number(&mut self, counter: &str) -> Result<i64> {
        counters::next(self.conn, counter)
    }

    fn raise_counter(&mut self, counter: &str, value: i64) -> Result<()> {
        counters::raise(self.conn, counter, value)
    }

    fn case_seqs_from(&mut self, year: i32, from: i64, limit: usize) -> Result<Vec<i64>> {
        counters::case_seqs_from(self.conn, year, from, limit)
    }

    fn people_matching(
        &mut self,
        id_number: Option<&str>,
        like: Option<&Likeness<'_>>,
    ) -> Result<Matching> {
        checkin::people_matching(self.conn, id_number, like)
    }

    fn person_state(&mut self, petitioner_id: i64) -> Result<Option<PersonState>> {
        people::person_state(self.conn, petitioner_id)
    }

    fn set_long_standing(&mut self, petitioner_id: i64, on: bool) -> Result<()> {
        people::set_long_standing(self.conn, petitioner_id, on)
    }

    fn move_person_records(&mut self, from: i64, to: i64) -> Result<usize> {
        people::move_person_records(self.conn, from, to)
    }

    fn clear_id_number(&mut self, petitioner_id: i64) -> Result<()> {
        people::clear_id_number(self.conn, petitioner_id)
    }

    fn set_merged_into(&mut self, petitioner_id: i64, into: i64) -> Result<()> {
        people::set_merged_into(self.conn, petitioner_id, into)
    }

    fn insert_person(&mut self, person: &NewPerson<'_>) -> Result<i64> {
        checkin::insert_person(self.conn, person)
    }

    fn update_person(
        &mut self,
        petitioner_id: i64,
        phone: Option<&str>,
        address: Option<&str>,
        id_number: Option<(&str, bool)>,
    ) -> Result<()> {
        checkin::update_person(self.conn, petitioner_id, phone, address, id_number)
    }

    fn touch_person(&mut self, petitioner_id: i64) -> Result<()> {
        checkin::touch_person(self.conn, petitioner_id)
    }

    fn refresh_search_keys(&mut self, petitioner_id: i64) -> Result<()> {
        search_keys::refresh(self.conn, petitioner_id)
    }

    fn rebuild_search_keys(&mut self) -> Result<usize> {
        let people = search_keys::rebuild(self.conn)?;
        search_pending::clear(self.conn)?;
        Ok(people)
    }

    fn person_facts(&mut self, petitioner_id: i64, joining: Option<i64>) -> Result<PersonFacts> {
        history::person_facts(self.conn, petitioner_id, joining)
    }

    fn case_state(&mut self, case_no: &str) -> Result<Option<CaseState>> {
        checkin::case_state(self.conn, case_no)
    }

    fn insert_case(&mut self, case: &NewCase<'_>) -> Result<i64> {
        checkin::insert_case(self.conn, case)
    }

    fn insert_case_unless_taken(&mut self, case: &NewCase<'_>) -> Result<Option<i64>> {
        checkin::insert_case_unless_taken(self.conn, case)
    }

    fn update_case(&mut self, case_id: i64, change: &CaseChange<'_>) -> Result<()> {
        checkin::update_case(self.conn, case_id, change)
    }

    fn link_person(&mut self, case_id: i64, petitioner_id: i64, role: Role) -> Result<()> {
        checkin::link_person(self.conn, case_id, petitioner_id, role)
    }

    fn set_upper(
        &mut self,
        case_id: i64,
        source: crate::domain::Source,
        terms: &crate::domain::assigned::UpperTerms,
    ) -> Result<()> {
        matters::set_upper(self.conn, case_id, source, terms)
    }

    fn set_reported_back(&mut self, case_id: i64, on: chrono::NaiveDate) -> Result<()> {
        matters::set_reported_back(self.conn, case_id, on)
    }

    fn person_contact_flags(
        &mut self,
        petitioner_id: i64,
    ) -> Result<Vec<(i64, Vec<crate::domain::Flag>)>> {
        matters::person_contact_flags(self.conn, petitioner_id)
    }

    fn set_contact_flags(&mut self, contact_id: i64, flags: &[crate::domain::Flag]) -> Result<()> {
        matters::set_contact_flags(self.conn, contact_id, flags)
    }

    fn set_merged(&mut self, case_id: i64, into: i64, on: chrono::NaiveDate) -> Result<()> {
        matters::set_merged(self.conn, case_id, into, on)
    }

    fn matter_state(&mut self, case_id: i64) -> Result<crate::store::port::MatterState> {
        matters::matter_state(self.conn, case_id)
    }

    fn case_people(&mut self, case_id: i64) -> Result<Vec<i64>> {
        checkin::case_people(self.conn, case_id)
    }

    fn has_link(&mut self, case_id: i64, other_case_no: &str) -> Result<bool> {
        checkin::has_link(self.conn, case_id, other_case_no)
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
        events::append(self.conn, case_id, at, officer_id, kind, detail, clocks)
    }

    fn insert_contact(&mut self, contact: &NewContact<'_>) -> Result<i64> {
        checkin::insert_contact(self.conn, contact)
    }

    fn open_shift(&mut self, officer_id: i64) -> Result<Option<i64>> {
        shifts::open_shift(self.conn, officer_id)
    }

    fn insert_shift(&mut self, officer_id: i64, at: &str) -> Result<i64> {
        shifts::insert_shift(self.conn, officer_id, at)
    }

    fn shift(&mut self, id: i64) -> Result<Option<Shift>> {
        shifts::shift(self.conn, id)
    }

    fn update_shift(&mut self, id: i64, change: &ShiftChange<'_>) -> Result<()> {
        shifts::update_shift(self.conn, id, change)
    }

    fn latest_handover_to(&mut self, officer_id: i64) -> Result<Option<i64>> {
        shifts::latest_handover_to(self.conn, officer_id)
    }

    fn chain_head(&mut self) -> Result<Option<Anchor>> {
        super::ledger::anchor(self.conn)
    }

    fn queue_state(&mut self, contact_id: i64) -> Result<Option<QueueState>> {
        queue::queue_state(self.conn, contact_id)
    }

    fn update_queue(&mut self, contact_id: i64, change: &QueueChange<'_>) -> Result<()> {
        queue::update_queue(self.conn, contact_id, change)
    }

    fn latest_shift(&mut self, officer_id: i64) -> Result<Option<i64>> {
        shifts::latest_shift(self.conn, officer_id)
    }

    fn audit(
        &mut self,
        at: &str,
        officer_id: Option<i64>,
        action: crate::domain::audit::AuditAction,
        subject: &str,
    ) -> Result<()> {
        audit::insert_audit(self.conn, at, officer_id, action, subject)
    }

    fn risk(&mut self) -> &mut dyn crate::store::risk_port::RiskTx {
        self
    }

    fn ratings(&mut self) -> &mut dyn crate::store::ratings_port::RatingTx {
        self
    }
}

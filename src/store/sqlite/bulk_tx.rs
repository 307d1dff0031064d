//! The unit-of-work primitives of a bulk fill (see bulk.rs): each answers and
//! writes what its SQL in this adapter would, on the rows of the stretch held in
//! memory; the file answers for everything else (the roster, the registers, people
//! of earlier stretches). A primitive a fill never needs refuses to run. The
//! people's primitives are in bulk_tx_people.rs, the registers' in bulk_regs.rs.

use super::bulk::{Audit, Bulk, Case, Contact, Event, Person, Upper};
use super::events;
use super::tx::SqliteTx;
use crate::domain::clocks::ClockConfig;
use crate::domain::history::PersonFacts;
use crate::domain::{CaseStatus, EventKind, Role};
use crate::store::error::{Result, StoreError};
use crate::store::port::{
    CaseChange, CaseState, Likeness, Matching, MatterState, NewCase, NewContact, NewOfficer,
    NewPerson, OfficerChange, PersonState, QueueChange, QueueState, ShiftChange, Tx,
};
use crate::store::records::{Officer, Shift};
use rusqlite::Connection;

/// A unit of work of a bulk fill.
pub(super) struct BulkTx<'a> {
    pub(super) inner: SqliteTx<'a>,
    pub(super) bulk: &'a mut Bulk,
}

/// Runs `work` on the rows held. A unit of work that fails before writing leaves
/// nothing, as a savepoint would; one that fails after writing breaks the fill,
/// which then refuses to write the stretch.
pub(super) fn run(
    conn: &Connection,
    running_as: Option<&str>,
    bulk: &mut Bulk,
    work: &mut dyn FnMut(&mut dyn Tx) -> Result<()>,
) -> Result<()> {
    if let Some(why) = &bulk.broken {
        return Err(StoreError::Invalid(why.clone()));
    }
    bulk.wrote = false;
    let mut tx = BulkTx {
        inner: SqliteTx::new(conn, running_as),
        bulk,
    };
    let done = work(&mut tx);
    if let Err(e) = &done {
        if tx.bulk.wrote {
            let why = format!("the bulk fill stopped: a step failed half-way ({e})");
            tx.bulk.broken = Some(why.clone());
            return Err(StoreError::Invalid(why));
        }
    }
    done
}

pub(super) fn refused(what: &str) -> StoreError {
    StoreError::Invalid(format!("a bulk fill does not {what}"))
}

impl BulkTx<'_> {
    fn held_case(&mut self, id: i64) -> Result<&mut Case> {
        self.bulk.wrote = true;
        self.bulk
            .case_mut(id)
            .ok_or_else(|| refused("write to a case of an earlier stretch"))
    }

    pub(super) fn held_person(&mut self, id: i64) -> Result<&mut Person> {
        self.bulk.wrote = true;
        self.bulk
            .person_mut(id)
            .ok_or_else(|| refused("write to a person of an earlier stretch"))
    }

    fn case_state_of(&self, c: &Case) -> CaseState {
        CaseState {
            id: c.id,
            status: c.status,
            recheck_decided: c.status == CaseStatus::Archived && self.decided_recheck(c),
            extended_days: c.extended_days as u32,
            handler_id: c.handler_id,
            unit_id: c.unit_id,
        }
    }

    pub(super) fn decided_recheck(&self, c: &Case) -> bool {
        c.events
            .iter()
            .any(|&e| self.bulk.rows.events[e].kind == EventKind::DecideRecheck.code())
    }

    /// As `events::refresh_due`: the running clock, from the case's timeline.
    fn refresh_due(&mut self, case_id: i64, cfg: &ClockConfig) -> Result<()> {
        let Some(c) = self.bulk.case(case_id) else {
            return Err(refused("write to a case of an earlier stretch"));
        };
        let points: Vec<_> = c
            .events
            .iter()
            .filter_map(|&i| self.bulk.rows.events[i].point.clone())
            .collect();
        let (kind, due) = events::running_due(&points, cfg);
        let c = self.held_case(case_id)?;
        c.due_clock = kind;
        c.due_on = due;
        Ok(())
    }
}

impl Tx for BulkTx<'_> {
    fn leaders(&mut self) -> &mut dyn crate::store::leaders::LeaderTx {
        // A person of the fill is on no register yet: the file answers.
        &mut self.inner
    }

    fn officer_id(&mut self, name: &str, at: &str) -> Result<i64> {
        if let Some(&id) = self.bulk.officers.get(name) {
            return Ok(id);
        }
        let id = self.inner.officer_id(name, at)?;
        self.bulk.officers.insert(name.to_string(), id);
        Ok(id)
    }

    fn existing_officer_id(&mut self, name: &str) -> Result<i64> {
        self.inner.existing_officer_id(name)
    }

    fn roster_member(&mut self, name: &str) -> Result<Option<Officer>> {
        self.inner.roster_member(name)
    }

    fn insert_officer(&mut self, _: &NewOfficer, _: &str) -> Result<i64> {
        Err(refused("change the roster"))
    }

    fn update_officer(&mut self, _: i64, _: &OfficerChange) -> Result<()> {
        Err(refused("change the roster"))
    }

    fn active_chiefs(&mut self) -> Result<i64> {
        self.inner.active_chiefs()
    }

    fn roster_size(&mut self) -> Result<i64> {
        self.inner.roster_size()
    }

    fn unit_id(&mut self, name: &str) -> Result<i64> {
        if let Some(&id) = self.bulk.units.get(name) {
            return Ok(id);
        }
        let id = self.inner.unit_id(name)?;
        self.bulk.units.insert(name.to_string(), id);
        Ok(id)
    }

    fn category_exists(&mut self, parent: &str, name: &str) -> Result<bool> {
        let key = (parent.to_string(), name.to_string());
        if let Some(&known) = self.bulk.categories.get(&key) {
            return Ok(known);
        }
        let known = self.inner.category_exists(parent, name)?;
        self.bulk.categories.insert(key, known);
        Ok(known)
    }

    fn category_parents(&mut self, name: &str) -> Result<Vec<String>> {
        if let Some(known) = self.bulk.parents.get(name) {
            return Ok(known.clone());
        }
        let known = self.inner.category_parents(name)?;
        self.bulk.parents.insert(name.to_string(), known.clone());
        Ok(known)
    }

    fn next_number(&mut self, counter: &str) -> Result<i64> {
        self.bulk.wrote = true;
        let value = match self.bulk.counters.get_mut(counter) {
            Some(v) => {
                *v += 1;
                *v
            }
            None => {
                let stored: Option<i64> = self
                    .inner
                    .conn()
                    .prepare_cached("SELECT value FROM counters WHERE name = ?1")?
                    .query_row([counter], |r| r.get(0))
                    .map(Some)
                    .or_else(|e| match e {
                        rusqlite::Error::QueryReturnedNoRows => Ok(None),
                        e => Err(e),
                    })?;
                let v = stored.map_or(1, |v| v + 1);
                self.bulk.counters.insert(counter.to_string(), v);
                v
            }
        };
        if !self.bulk.counters_drawn.iter().any(|c| c == counter) {
            self.bulk.counters_drawn.push(counter.to_string());
        }
        Ok(value)
    }

    fn raise_counter(&mut self, _: &str, _: i64) -> Result<()> {
        Err(refused("draw case numbers past imported ones"))
    }

    fn case_seqs_from(&mut self, _: i32, _: i64, _: usize) -> Result<Vec<i64>> {
        Err(refused("draw case numbers past imported ones"))
    }

    fn people_matching(
        &mut self,
        id_number: Option<&str>,
        like: Option<&Likeness<'_>>,
    ) -> Result<Matching> {
        self.matching_held(id_number, like)
    }

    fn person_state(&mut self, id: i64) -> Result<Option<PersonState>> {
        self.held_person_state(id)
    }

    fn set_long_standing(&mut self, id: i64, on: bool) -> Result<()> {
        self.held_person(id)?.marked_long_standing = on;
        Ok(())
    }

    fn move_person_records(&mut self, _: i64, _: i64) -> Result<usize> {
        Err(refused("merge people"))
    }

    fn clear_id_number(&mut self, _: i64) -> Result<()> {
        Err(refused("merge people"))
    }

    fn set_merged_into(&mut self, _: i64, _: i64) -> Result<()> {
        Err(refused("merge people"))
    }

    fn insert_person(&mut self, p: &NewPerson<'_>) -> Result<i64> {
        self.hold_new_person(p)
    }

    fn update_person(
        &mut self,
        id: i64,
        phone: Option<&str>,
        address: Option<&str>,
        id_number: Option<(&str, bool)>,
    ) -> Result<()> {
        self.update_held_person(id, phone, address, id_number)
    }

    fn touch_person(&mut self, id: i64) -> Result<()> {
        let next = self.bulk.change_seq + 1;
        self.held_person(id)?.change_seq = next;
        self.bulk.change_seq = next;
        Ok(())
    }

    fn refresh_search_keys(&mut self, _: i64) -> Result<()> {
        Err(refused(
            "keep search keys per write (they are rebuilt at its end)",
        ))
    }

    fn rebuild_search_keys(&mut self) -> Result<usize> {
        Err(refused("rebuild search keys before its rows are written"))
    }

    fn person_facts(&mut self, id: i64, joining: Option<i64>) -> Result<PersonFacts> {
        match self.bulk.person(id) {
            Some(p) => Ok(self.facts_of(p, joining)),
            None => Err(refused("read the past of a person of an earlier stretch")),
        }
    }

    fn case_state(&mut self, case_no: &str) -> Result<Option<CaseState>> {
        match self
            .bulk
            .case_by_no
            .get(case_no)
            .and_then(|&id| self.bulk.case(id))
        {
            Some(c) => Ok(Some(self.case_state_of(c))),
            // The record had no cases before the fill (see `Bulk::start`), and the
            // file may not hold the earlier stretches yet (bulk_pipe.rs).
            None if self.bulk.case_nos.contains(case_no) => {
                Err(refused("read a case of an earlier stretch"))
            }
            None => Ok(None),
        }
    }

    fn insert_case_unless_taken(&mut self, c: &NewCase<'_>) -> Result<Option<i64>> {
        if self.case_state(c.case_no)?.is_some() {
            return Ok(None);
        }
        self.insert_case(c).map(Some)
    }

    fn insert_case(&mut self, c: &NewCase<'_>) -> Result<i64> {
        let b = &mut *self.bulk;
        b.wrote = true;
        let id = b.next.case;
        b.next.case += 1;
        b.case_by_no.insert(c.case_no.to_string(), id);
        b.case_nos.insert(c.case_no.to_string());
        b.case_at.insert(id, b.rows.cases.len());
        b.rows.cases.push(Case {
            id,
            case_no: c.case_no.to_string(),
            status: CaseStatus::Registered,
            matter: c.matter.to_string(),
            category: c.category.map(str::to_string),
            purpose: c.purpose.map(str::to_string),
            location: c.location.map(str::to_string),
            litigation: c.litigation,
            source: c.source.to_string(),
            first_officer_id: c.officer_id,
            handler_id: Some(c.officer_id),
            unit_id: None,
            extended_days: 0,
            due_clock: None,
            due_on: None,
            registered_at: c.at.to_string(),
            updated_at: c.at.to_string(),
            people: Vec::new(),
            contacts: Vec::new(),
            events: Vec::new(),
            ratings: Vec::new(),
            follow_ups: Vec::new(),
            upper: None,
        });
        Ok(id)
    }

    fn update_case(&mut self, id: i64, change: &CaseChange<'_>) -> Result<()> {
        let c = self.held_case(id)?;
        if let Some(unit) = change.unit_id {
            c.unit_id = Some(unit);
        }
        if let Some(handler) = change.handler_id {
            c.handler_id = Some(handler);
        }
        if let Some(days) = change.extended_days {
            c.extended_days = i64::from(days);
        }
        if let Some(status) = change.status {
            c.status = status;
        }
        if let Some(at) = change.updated_at {
            c.updated_at = at.to_string();
        }
        Ok(())
    }

    fn link_person(&mut self, case_id: i64, petitioner_id: i64, role: Role) -> Result<()> {
        let c = self.held_case(case_id)?;
        // INSERT OR IGNORE: a person is on a case once, in their first role.
        if let Err(at) = c.people.binary_search_by_key(&petitioner_id, |(p, _)| *p) {
            c.people.insert(at, (petitioner_id, role.code()));
            self.held_person(petitioner_id)?.cases.push(case_id);
        }
        Ok(())
    }

    fn case_people(&mut self, case_id: i64) -> Result<Vec<i64>> {
        match self.bulk.case(case_id) {
            Some(c) => Ok(c.people.iter().map(|(p, _)| *p).collect()),
            None => Err(refused("read a case of an earlier stretch")),
        }
    }

    fn set_upper(
        &mut self,
        case_id: i64,
        source: crate::domain::Source,
        t: &crate::domain::assigned::UpperTerms,
    ) -> Result<()> {
        let c = self.held_case(case_id)?;
        c.source = source.code().to_string();
        c.upper = Some(Upper {
            from_office: t.from_office.clone(),
            doc_no: t.doc_no.clone(),
            received_on: t.received.to_string(),
            due_on: t.due.to_string(),
            report_due: t.report_due,
            reported_back_on: None,
        });
        Ok(())
    }

    fn set_reported_back(&mut self, case_id: i64, on: chrono::NaiveDate) -> Result<()> {
        if let Some(u) = self.held_case(case_id)?.upper.as_mut() {
            u.reported_back_on = Some(on.to_string());
        }
        Ok(())
    }

    fn person_contact_flags(&mut self, _: i64) -> Result<Vec<(i64, Vec<crate::domain::Flag>)>> {
        Err(refused("merge people"))
    }

    fn set_contact_flags(&mut self, _: i64, _: &[crate::domain::Flag]) -> Result<()> {
        Err(refused("merge people"))
    }

    fn set_merged(&mut self, _: i64, _: i64, _: chrono::NaiveDate) -> Result<()> {
        Err(refused("merge cases"))
    }

    fn matter_state(&mut self, case_id: i64) -> Result<MatterState> {
        let Some(c) = self.bulk.case(case_id) else {
            return Err(refused("read a case of an earlier stretch"));
        };
        let mut state = MatterState {
            upper: c.upper.as_ref().and_then(|u| {
                let day = |d: &str| d.parse().ok();
                Some(crate::domain::assigned::UpperTerms {
                    from_office: u.from_office.clone(),
                    doc_no: u.doc_no.clone(),
                    received: day(&u.received_on)?,
                    due: day(&u.due_on)?,
                    report_due: u.report_due,
                })
            }),
            reported_on: c
                .upper
                .as_ref()
                .and_then(|u| u.reported_back_on.as_deref()?.parse().ok()),
            ..MatterState::default()
        };
        for &i in &c.events {
            let e = &self.bulk.rows.events[i];
            let detail = (e.kind == EventKind::Notify.code()).then_some(e.detail.as_str());
            super::matters::matter_step(
                e.kind,
                &e.at,
                detail,
                &mut state.steps,
                &mut state.notices,
            );
        }
        Ok(state)
    }

    fn has_link(&mut self, case_id: i64, other: &str) -> Result<bool> {
        let Some(c) = self.bulk.case(case_id) else {
            return Err(refused("read a case of an earlier stretch"));
        };
        Ok(c.events.iter().any(|&i| {
            let e = &self.bulk.rows.events[i];
            e.kind == EventKind::Link.code()
                && serde_json::from_str::<serde_json::Value>(&e.detail)
                    .ok()
                    .and_then(|d| d.get("case_no")?.as_str().map(|n| n == other))
                    .unwrap_or(false)
        }))
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
        self.held_case(case_id)?;
        let b = &mut *self.bulk;
        let prev = b.head.as_ref().map_or(events::GENESIS, |(h, _)| h.as_str());
        let detail = detail.to_string();
        let hash = events::chain_hash(prev, case_id, at, officer_id, kind.code(), &detail);
        let id = b.next.event;
        b.next.event += 1;
        b.head = Some((super::ledger::hex(&hash), id));
        let index = b.rows.events.len();
        let point = events::timeline_point(kind.code(), at, &detail);
        b.rows.events.push(Event {
            id,
            case_id,
            at: at.to_string(),
            officer_id,
            kind: kind.code(),
            detail,
            hash: hash.to_vec(),
            point,
        });
        if let Some(c) = b.case_mut(case_id) {
            c.events.push(index);
        }
        self.refresh_due(case_id, clocks)?;
        Ok(id)
    }

    fn insert_contact(&mut self, k: &NewContact<'_>) -> Result<i64> {
        self.held_case(k.case_id)?;
        self.held_person(k.petitioner_id)?;
        let b = &mut *self.bulk;
        let id = b.next.contact;
        b.next.contact += 1;
        let queue_no = k.queue.map(|(_, n)| n);
        let settled = k.settled && queue_no.is_some();
        let index = b.rows.contacts.len();
        b.rows.contacts.push(Contact {
            id,
            petitioner_id: k.petitioner_id,
            case_id: k.case_id,
            channel: k.channel.code(),
            headcount: i64::from(k.headcount),
            representatives: k.representatives.to_string(),
            matter: k.matter.to_string(),
            flags: k.flags.to_string(),
            arrived_at: k.at.to_string(),
            officer_id: k.officer_id,
            queue_date: k.queue.map(|(day, _)| day.to_string()),
            queue_no,
            queue_status: queue_no.map(|_| if k.settled { "done" } else { "waiting" }),
            received_by: settled.then_some(k.officer_id),
            received_at: settled.then(|| k.at.to_string()),
            finished_at: settled.then(|| k.at.to_string()),
            letter_no: k.letter_no.map(str::to_string),
            import_key: k.import_key.map(str::to_string),
            time_unknown: k.time_unknown,
        });
        if let Some(c) = b.case_mut(k.case_id) {
            c.contacts.push(index);
        }
        if let Some(p) = b.person_mut(k.petitioner_id) {
            p.contacts.push(index);
        }
        Ok(id)
    }

    fn open_shift(&mut self, officer_id: i64) -> Result<Option<i64>> {
        if let Some((open, _)) = self.bulk.shifts.get(&officer_id) {
            return Ok(*open);
        }
        let open = self.inner.open_shift(officer_id)?;
        let latest = self.inner.latest_shift(officer_id)?;
        self.bulk.shifts.insert(officer_id, (open, latest));
        Ok(open)
    }

    fn insert_shift(&mut self, _: i64, _: &str) -> Result<i64> {
        Err(refused("open shifts"))
    }

    fn shift(&mut self, id: i64) -> Result<Option<Shift>> {
        self.inner.shift(id)
    }

    fn update_shift(&mut self, _: i64, _: &ShiftChange<'_>) -> Result<()> {
        Err(refused("hand shifts over"))
    }

    fn latest_handover_to(&mut self, officer_id: i64) -> Result<Option<i64>> {
        self.inner.latest_handover_to(officer_id)
    }

    fn chain_head(&mut self) -> Result<Option<crate::domain::anchor::Anchor>> {
        Err(refused(
            "read the ledger's head before its rows are written",
        ))
    }

    fn queue_state(&mut self, _: i64) -> Result<Option<QueueState>> {
        Err(refused("move today's queue"))
    }

    fn update_queue(&mut self, _: i64, _: &QueueChange<'_>) -> Result<()> {
        Err(refused("move today's queue"))
    }

    fn latest_shift(&mut self, officer_id: i64) -> Result<Option<i64>> {
        self.open_shift(officer_id)?;
        Ok(self.bulk.shifts.get(&officer_id).and_then(|(_, l)| *l))
    }

    fn audit(
        &mut self,
        at: &str,
        officer_id: Option<i64>,
        action: crate::domain::audit::AuditAction,
        subject: &str,
    ) -> Result<()> {
        let b = &mut *self.bulk;
        b.wrote = true;
        let id = b.next.audit;
        b.next.audit += 1;
        b.rows.audit.push(Audit {
            id,
            at: at.to_string(),
            officer_id,
            host_account: crate::store::host_account(),
            action: action.as_str().to_string(),
            subject: subject.to_string(),
        });
        Ok(())
    }

    fn risk(&mut self) -> &mut dyn crate::store::risk_port::RiskTx {
        self
    }

    fn ratings(&mut self) -> &mut dyn crate::store::ratings_port::RatingTx {
        self
    }
}

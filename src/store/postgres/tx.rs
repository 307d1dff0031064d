//! The port's unit-of-work primitives over one open transaction that holds the
//! record's write lock (see `PgStore::write`). One small statement each; the
//! rules run above, in `store::service`.

use super::event_write::EventWrite;
use super::rows::{self, col, exec, one, opt, small};
use super::search_write::KeysWrite;
use super::tx_rows::{self, contact_row, insert_case_sql, new_case, QueueNo, CONTACT_PARAMS};
use super::{people, reads, search, timeline};
use crate::domain::anchor::Anchor;
use crate::domain::clocks::ClockConfig;
use crate::domain::history::PersonFacts;
use crate::domain::{CaseStatus, EventKind, QueueStatus, Role};
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
        use crate::domain::numbering::{format_case_no, parse_case_no};
        let rows = super::rows::all(
            self.tx()?,
            "SELECT case_no FROM cases WHERE case_no >= $1 AND case_no <= $2 ORDER BY case_no LIMIT $3",
            &[&format_case_no(year, from), &format!("{year}-999999"), &(limit as i64)],
        )?;
        let mut seqs = Vec::new();
        for r in rows {
            let no: String = r.try_get(0)?;
            seqs.extend(parse_case_no(&no).map(|(_, seq)| seq));
        }
        Ok(seqs)
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
        super::rows::row(
            self.tx()?,
            "SELECT c.id, c.status,
                        c.status = 'archived'
                            AND EXISTS (SELECT 1 FROM events e WHERE e.case_id = c.id
                                        AND e.kind = 'decide_recheck'),
                        c.extended_days, c.handler_id, c.unit_id
                 FROM cases c WHERE c.case_no = $1",
            &[&case_no],
        )?
        .map(|r| {
            let status: String = r.try_get(1)?;
            Ok(CaseState {
                id: r.try_get(0)?,
                status: CaseStatus::from_code(&status).unwrap_or(CaseStatus::Registered),
                recheck_decided: r.try_get(2)?,
                extended_days: small(r.try_get(3)?),
                handler_id: r.try_get(4)?,
                unit_id: r.try_get(5)?,
            })
        })
        .transpose()
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
        let days = change.extended_days.map(i64::from);
        exec(
            self.tx()?,
            "UPDATE cases SET unit_id = coalesce($2, unit_id),
                              handler_id = coalesce($3, handler_id),
                              extended_days = coalesce($4, extended_days),
                              status = coalesce($5, status),
                              updated_at = coalesce($6, updated_at)
             WHERE id = $1",
            &[
                &id,
                &change.unit_id,
                &change.handler_id,
                &days,
                &change.status.map(|s| s.code()),
                &change.updated_at,
            ],
        )?;
        Ok(())
    }

    fn link_person(&mut self, case_id: i64, petitioner_id: i64, role: Role) -> Result<()> {
        exec(
            self.tx()?,
            "INSERT INTO case_petitioners(case_id, petitioner_id, role) VALUES ($1, $2, $3)
             ON CONFLICT DO NOTHING",
            &[&case_id, &petitioner_id, &role.code()],
        )?;
        Ok(())
    }

    fn case_people(&mut self, case_id: i64) -> Result<Vec<i64>> {
        col(
            self.tx()?,
            "SELECT petitioner_id FROM case_petitioners WHERE case_id = $1 ORDER BY petitioner_id",
            &[&case_id],
        )
    }

    fn set_upper(
        &mut self,
        case_id: i64,
        source: crate::domain::Source,
        t: &crate::domain::assigned::UpperTerms,
    ) -> Result<()> {
        exec(
            self.tx()?,
            "UPDATE cases SET source = $2 WHERE id = $1",
            &[&case_id, &source.code()],
        )?;
        exec(
            self.tx()?,
            "INSERT INTO case_upper(case_id, from_office, doc_no, received_on, due_on, report_due)
             VALUES ($1, $2, $3, $4, $5, $6)",
            &[
                &case_id,
                &t.from_office,
                &t.doc_no,
                &t.received.to_string(),
                &t.due.to_string(),
                &t.report_due,
            ],
        )?;
        Ok(())
    }

    fn set_reported_back(&mut self, case_id: i64, on: chrono::NaiveDate) -> Result<()> {
        exec(
            self.tx()?,
            "UPDATE case_upper SET reported_back_on = $2 WHERE case_id = $1",
            &[&case_id, &on.to_string()],
        )?;
        Ok(())
    }

    fn person_contact_flags(
        &mut self,
        petitioner_id: i64,
    ) -> Result<Vec<(i64, Vec<crate::domain::Flag>)>> {
        self.tx()?
            .query(
                "SELECT id, flags FROM contacts WHERE petitioner_id = $1 ORDER BY arrived_at, id",
                &[&petitioner_id],
            )?
            .iter()
            .map(|r| {
                let flags: String = r.try_get(1)?;
                // Stored as written: the 上级交办 mark derived when reading is not in it.
                let codes: Vec<String> = serde_json::from_str(&flags).unwrap_or_default();
                let flags = codes
                    .iter()
                    .filter_map(|c| crate::domain::Flag::from_code(c));
                Ok((r.try_get(0)?, flags.collect()))
            })
            .collect()
    }

    fn set_contact_flags(&mut self, contact_id: i64, flags: &[crate::domain::Flag]) -> Result<()> {
        let codes: Vec<&str> = flags.iter().map(|f| f.code()).collect();
        let json = serde_json::to_string(&codes).unwrap_or_else(|_| "[]".into());
        exec(
            self.tx()?,
            "UPDATE contacts SET flags = $2 WHERE id = $1",
            &[&contact_id, &json],
        )?;
        Ok(())
    }

    fn set_merged(&mut self, case_id: i64, into: i64, on: chrono::NaiveDate) -> Result<()> {
        exec(
            self.tx()?,
            "INSERT INTO case_merges(case_id, into_case_id, merged_on) VALUES ($1, $2, $3)",
            &[&case_id, &into, &on.to_string()],
        )?;
        Ok(())
    }

    fn matter_state(&mut self, case_id: i64) -> Result<MatterState> {
        reads::matter_state(self.tx()?, case_id)
    }

    fn has_link(&mut self, case_id: i64, other_case_no: &str) -> Result<bool> {
        one(
            self.tx()?,
            "SELECT EXISTS(SELECT 1 FROM events WHERE case_id = $1 AND kind = 'link'
                             AND (detail::jsonb) ->> 'case_no' = $2)",
            &[&case_id, &other_case_no],
        )
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
        one(
            self.tx()?,
            "INSERT INTO shifts(officer_id, started_at) VALUES ($1, $2) RETURNING id",
            &[&officer_id, &at],
        )
    }

    fn shift(&mut self, id: i64) -> Result<Option<Shift>> {
        reads::shift_by_id(self.tx()?, id)
    }

    fn update_shift(&mut self, id: i64, c: &ShiftChange<'_>) -> Result<()> {
        exec(
            self.tx()?,
            "UPDATE shifts SET notes = coalesce($2, notes), ended_at = coalesce($3, ended_at),
                               handed_to = coalesce($4, handed_to),
                               acked_by = coalesce($5, acked_by),
                               acked_at = coalesce($6, acked_at)
             WHERE id = $1",
            &[
                &id,
                &c.notes,
                &c.ended_at,
                &c.handed_to,
                &c.acked_by,
                &c.acked_at,
            ],
        )?;
        Ok(())
    }

    fn latest_handover_to(&mut self, officer_id: i64) -> Result<Option<i64>> {
        opt(
            self.tx()?,
            "SELECT id FROM shifts WHERE handed_to = $1 AND acked_at IS NULL
             ORDER BY ended_at::timestamptz DESC, id DESC LIMIT 1",
            &[&officer_id],
        )
    }

    fn chain_head(&mut self) -> Result<Option<Anchor>> {
        super::ledger::anchor(self.tx()?)
    }

    fn queue_state(&mut self, contact_id: i64) -> Result<Option<QueueState>> {
        let Some(r) = self.tx()?.query_opt(
            "SELECT queue_status, queue_no, received_by IS NOT NULL, queue_date, case_id,
                    received_at, finished_at
             FROM contacts WHERE id = $1",
            &[&contact_id],
        )?
        else {
            return Ok(None);
        };
        let status: Option<String> = r.try_get(0)?;
        let queue_no: Option<i64> = r.try_get(1)?;
        let day: Option<String> = r.try_get(3)?;
        let (Some(status), Some(queue_no), Some(day)) = (status, queue_no, day) else {
            return Ok(None);
        };
        Ok(Some(QueueState {
            status: QueueStatus::from_code(&status).unwrap_or(QueueStatus::Waiting),
            queue_no,
            received: r.try_get(2)?,
            queue_date: day.parse().unwrap_or_default(),
            case_id: r.try_get(4)?,
            received_at: r.try_get(5)?,
            finished_at: r.try_get(6)?,
        }))
    }

    fn update_queue(&mut self, contact_id: i64, c: &QueueChange<'_>) -> Result<()> {
        exec(
            self.tx()?,
            "UPDATE contacts SET queue_status = $2,
                    received_by = CASE WHEN $6 THEN NULL ELSE coalesce($3, received_by) END,
                    received_at = CASE WHEN $6 THEN NULL ELSE coalesce($4, received_at) END,
                    finished_at = CASE WHEN $7 THEN NULL ELSE coalesce($5, finished_at) END
             WHERE id = $1",
            &[
                &contact_id,
                &c.status.code(),
                &c.received_by,
                &c.received_at,
                &c.finished_at,
                &c.clear_received,
                &c.clear_finished,
            ],
        )?;
        Ok(())
    }

    fn latest_shift(&mut self, officer_id: i64) -> Result<Option<i64>> {
        opt(
            self.tx()?,
            "SELECT id FROM shifts WHERE officer_id = $1 ORDER BY started_at::timestamptz DESC, id DESC LIMIT 1",
            &[&officer_id],
        )
    }

    fn audit(
        &mut self,
        at: &str,
        officer_id: Option<i64>,
        action: &str,
        subject: &str,
    ) -> Result<()> {
        rows::insert_audit(self.tx()?, at, officer_id, action, subject)
    }
}

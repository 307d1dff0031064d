//! [`Tx`]: the primitives a unit of work is made of, which the service's
//! orchestration calls inside the one transaction [`super::UnitOfWork::run`] opens.

use super::tx_records::*;
use crate::domain::anchor::Anchor;
use crate::domain::clocks::ClockConfig;
use crate::domain::history::PersonFacts;
use crate::domain::{EventKind, Role};
use crate::store::error::Result;
use crate::store::records::{Officer, Shift};
use chrono::NaiveDate;

/// The primitives a unit of work is made of. Each is one small read or write with
/// no rule in it; the rules run in the service between the calls.
pub trait Tx {
    /// The leaders' registers' primitives in this same unit of work.
    fn leaders(&mut self) -> &mut dyn crate::store::leaders::LeaderTx;
    /// The acting officer: active on the roster and, when the office binds names to
    /// host accounts, signed in from their own. On an empty roster the first name to
    /// act becomes its 科长 (recorded); otherwise an unknown name is refused with the
    /// closest names on the roster.
    fn officer_id(&mut self, name: &str, at: &str) -> Result<i64>;
    /// The acting officer (as [`officer_id`](Tx::officer_id)) and where their
    /// shifts stand ([`duty`](Tx::duty)): what every write asks first, in one
    /// step, which a server's adapter takes in one round trip.
    fn acting_on_duty(&mut self, name: &str, at: &str) -> Result<(i64, Duty)> {
        let id = self.officer_id(name, at)?;
        Ok((id, self.duty(id)?))
    }
    /// What a check-in asks first: the acting officer with their duty (as
    /// [`acting_on_duty`](Tx::acting_on_duty)) and who its person may be (as
    /// [`people_matching`](Tx::people_matching)); a server's adapter reads both in
    /// one round trip.
    fn acting_and_matching(
        &mut self,
        (name, at): (&str, &str),
        id_number: Option<&str>,
        like: Option<&Likeness<'_>>,
    ) -> Result<((i64, Duty), Matching)> {
        let acting = self.acting_on_duty(name, at)?;
        Ok((acting, self.people_matching(id_number, like)?))
    }
    /// Where the officer's shifts stand: their open shift, or else how their
    /// most recent one ended.
    fn duty(&mut self, officer_id: i64) -> Result<Duty> {
        if let Some(open) = self.open_shift(officer_id)? {
            return Ok(Duty {
                open: Some(open),
                handed_over: None,
            });
        }
        let Some(id) = self.latest_shift(officer_id)? else {
            return Ok(Duty::default());
        };
        let last = self.shift(id)?;
        Ok(Duty {
            open: None,
            handed_over: last.and_then(|s| s.handed_to.zip(s.ended_at)),
        })
    }
    /// An active officer on the roster by exact name (a handler, the incoming
    /// officer): never invents one.
    fn existing_officer_id(&mut self, name: &str) -> Result<i64>;
    /// An officer on the roster by exact name, active or retired.
    fn roster_member(&mut self, name: &str) -> Result<Option<Officer>>;
    /// Puts a new officer on the roster; refuses a name or host account in use.
    fn insert_officer(&mut self, new: &NewOfficer, at: &str) -> Result<i64>;
    /// Renames or retires an officer; the id (and so their history) stays.
    fn update_officer(&mut self, id: i64, change: &OfficerChange) -> Result<()>;
    /// How many active 科长 the roster has.
    fn active_chiefs(&mut self) -> Result<i64>;
    /// How many officers the roster has, retired ones included.
    fn roster_size(&mut self) -> Result<i64>;
    fn unit_id(&mut self, name: &str) -> Result<i64>;
    fn category_exists(&mut self, parent: &str, name: &str) -> Result<bool>;
    /// The top-level categories that have a sub-category of this name.
    fn category_parents(&mut self, name: &str) -> Result<Vec<String>>;
    /// The next number of a named sequence (`case:2026`, `queue:2026-03-01`, …),
    /// allocated in this transaction.
    fn next_number(&mut self, counter: &str) -> Result<i64>;
    /// Moves a named sequence forward to at least `value` (never back).
    fn raise_counter(&mut self, counter: &str, value: i64) -> Result<()>;
    /// The sequence numbers of the year's cases from `from` on, in order, at most
    /// `limit` of them (case numbers are zero-padded, so their order is the numbers').
    fn case_seqs_from(&mut self, year: i32, from: i64, limit: usize) -> Result<Vec<i64>>;

    /// Who a check-in's person may be, in one read (a round trip each would cost a
    /// server): the person holding `id_number`; and, only when nobody holds it and
    /// `like` is given, the people with its phone (up to [`PHONE_MATCHES`]) and
    /// with its name (up to [`NAME_MATCHES`]), each list by id.
    fn people_matching(
        &mut self,
        id_number: Option<&str>,
        like: Option<&Likeness<'_>>,
    ) -> Result<Matching>;
    /// A person's record as stored; `None` when there is no such person.
    fn person_state(&mut self, petitioner_id: i64) -> Result<Option<PersonState>>;
    fn insert_person(&mut self, person: &NewPerson<'_>) -> Result<i64>;
    /// Sets the phone and address given; the ID number only where none is recorded.
    fn update_person(
        &mut self,
        petitioner_id: i64,
        phone: Option<&str>,
        address: Option<&str>,
        id_number: Option<(&str, bool)>,
    ) -> Result<()>;
    /// Marks a person changed so that search indexes pick them up again.
    fn touch_person(&mut self, petitioner_id: i64) -> Result<()>;
    /// Brings one person's search keys up to date with their record, cases and
    /// latest contact; a merged-away person loses theirs. Called in the unit of
    /// work of every write that changes a key, so a lookup at any desk sees it.
    fn refresh_search_keys(&mut self, petitioner_id: i64) -> Result<()>;
    /// A person a unit of work changed: marked for search indexes
    /// ([`touch_person`](Tx::touch_person)) and, with `keys`, their search keys
    /// brought up to date ([`refresh_search_keys`](Tx::refresh_search_keys)); one
    /// step, which a server's adapter takes in fewer round trips.
    fn person_changed(&mut self, petitioner_id: i64, keys: bool) -> Result<()> {
        self.touch_person(petitioner_id)?;
        if keys {
            self.refresh_search_keys(petitioner_id)?;
        }
        Ok(())
    }
    /// Derives everyone's search keys again in one pass (after a bulk fill);
    /// returns how many people were keyed.
    fn rebuild_search_keys(&mut self) -> Result<usize>;
    fn set_long_standing(&mut self, petitioner_id: i64, on: bool) -> Result<()>;
    /// Moves one person's contacts and case memberships to another; returns how
    /// many contacts moved.
    fn move_person_records(&mut self, from: i64, to: i64) -> Result<usize>;
    fn clear_id_number(&mut self, petitioner_id: i64) -> Result<()>;
    /// Leaves a merged record on file, pointing at the one it was merged into.
    fn set_merged_into(&mut self, petitioner_id: i64, into: i64) -> Result<()>;
    /// A person's past, plus the case a new contact is about to join (which may
    /// not be theirs yet).
    fn person_facts(&mut self, petitioner_id: i64, joining: Option<i64>) -> Result<PersonFacts>;

    fn case_state(&mut self, case_no: &str) -> Result<Option<CaseState>>;
    fn insert_case(&mut self, case: &NewCase<'_>) -> Result<i64>;
    /// Puts a new case on record unless a case holds its number already (one
    /// imported with it): then nothing is written and the answer is `None`. A
    /// drawn number and its check in one step, which is one round trip to a server.
    fn insert_case_unless_taken(&mut self, case: &NewCase<'_>) -> Result<Option<i64>>;
    /// Draws the next number of `counter` and puts `case` on record under it
    /// (`format_case_no(year, seq)`, whatever `case.case_no` says) unless a case
    /// holds that number: the number drawn, and the new case's id when it was
    /// inserted. A server does both in one round trip.
    fn insert_next_case(
        &mut self,
        counter: &str,
        year: i32,
        case: &NewCase<'_>,
    ) -> Result<(i64, Option<i64>)> {
        let seq = self.next_number(counter)?;
        let no = crate::domain::numbering::format_case_no(year, seq);
        let numbered = NewCase {
            case_no: &no,
            ..case.clone()
        };
        Ok((seq, self.insert_case_unless_taken(&numbered)?))
    }
    fn update_case(&mut self, case_id: i64, change: &CaseChange<'_>) -> Result<()>;
    /// Adds a person to a case (nothing if they are on it already).
    fn link_person(&mut self, case_id: i64, petitioner_id: i64, role: Role) -> Result<()>;
    fn case_people(&mut self, case_id: i64) -> Result<Vec<i64>>;
    /// Records the upper office's terms of a matter from above.
    fn set_upper(
        &mut self,
        case_id: i64,
        source: crate::domain::Source,
        terms: &crate::domain::assigned::UpperTerms,
    ) -> Result<()>;
    fn set_reported_back(&mut self, case_id: i64, on: NaiveDate) -> Result<()>;
    /// A person's contacts, oldest first: (contact id, its flags).
    fn person_contact_flags(
        &mut self,
        petitioner_id: i64,
    ) -> Result<Vec<(i64, Vec<crate::domain::Flag>)>>;
    fn set_contact_flags(&mut self, contact_id: i64, flags: &[crate::domain::Flag]) -> Result<()>;
    /// Records a duplicate matter as merged into another.
    fn set_merged(&mut self, case_id: i64, into_case_id: i64, on: NaiveDate) -> Result<()>;
    fn matter_state(&mut self, case_id: i64) -> Result<MatterState>;
    /// Whether the case's timeline already links to `other_case_no`.
    fn has_link(&mut self, case_id: i64, other_case_no: &str) -> Result<bool>;
    /// Appends one event to the hash-chained timeline and refreshes the case's
    /// cached due date; returns the event's id.
    fn append_event(
        &mut self,
        case_id: i64,
        at: &str,
        officer_id: i64,
        kind: EventKind,
        detail: &serde_json::Value,
        clocks: &ClockConfig,
    ) -> Result<i64>;
    fn insert_contact(&mut self, contact: &NewContact<'_>) -> Result<i64>;
    /// A check-in's contact recorded in one step (one round trip to a server):
    /// its person linked to the case as the principal (as
    /// [`link_person`](Tx::link_person)); for a walk-in, the next number of the
    /// day's queue drawn (`queue`: the day and its counter, as
    /// [`next_number`](Tx::next_number) draws it); the contact inserted with it
    /// (its own `queue` is not read). Returns the contact's id and its number.
    fn insert_principal_contact(
        &mut self,
        contact: &NewContact<'_>,
        queue: Option<(NaiveDate, &str)>,
    ) -> Result<(i64, Option<i64>)> {
        self.link_person(contact.case_id, contact.petitioner_id, Role::Principal)?;
        let queue = match queue {
            Some((day, counter)) => Some((day, self.next_number(counter)?)),
            None => None,
        };
        let id = self.insert_contact(&NewContact {
            queue,
            ..contact.clone()
        })?;
        Ok((id, queue.map(|(_, n)| n)))
    }
    /// The officer's open shift, if any.
    fn open_shift(&mut self, officer_id: i64) -> Result<Option<i64>>;
    fn insert_shift(&mut self, officer_id: i64, at: &str) -> Result<i64>;
    fn shift(&mut self, id: i64) -> Result<Option<Shift>>;
    fn update_shift(&mut self, id: i64, change: &ShiftChange<'_>) -> Result<()>;
    /// The newest handover to the officer that nobody acknowledged yet.
    fn latest_handover_to(&mut self, officer_id: i64) -> Result<Option<i64>>;
    /// The newest entry of the ledger's chain, as sealed before this unit of work.
    fn chain_head(&mut self) -> Result<Option<Anchor>>;
    /// A walk-in's place in the queue; `None` when the contact is not a walk-in.
    fn queue_state(&mut self, contact_id: i64) -> Result<Option<QueueState>>;
    fn update_queue(&mut self, contact_id: i64, change: &QueueChange<'_>) -> Result<()>;
    /// The officer's most recent shift (open or not), for who may still write.
    fn latest_shift(&mut self, officer_id: i64) -> Result<Option<i64>>;
    /// Records an act in the audit log, with the host account that ran it; without
    /// an officer, that account alone says who.
    fn audit(
        &mut self,
        at: &str,
        officer_id: Option<i64>,
        action: crate::domain::audit::AuditAction,
        subject: &str,
    ) -> Result<()>;
    /// The registers' primitives (screening, plans, skip-level contacts).
    fn risk(&mut self) -> &mut dyn crate::store::risk_port::RiskTx;
    /// 满意度评价 and 回访 in this same unit of work.
    fn ratings(&mut self) -> &mut dyn crate::store::ratings_port::RatingTx;
}

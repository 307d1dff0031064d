//! The port of the leaders' registers (包案, 领导接访, 批示 and 督办): what a backend
//! answers ([`LeaderBook`], reads) and the primitives a unit of work uses to write
//! them ([`LeaderTx`], reached through `Tx::leaders`). Plain records, no engine.

use super::error::Result;
use crate::domain::leaders::{BaoanState, Evidence, ReceptionKind, StateChange};
use crate::domain::CaseStatus;
use chrono::NaiveDate;
use serde::Serialize;

/// What intake learnt of a 包案 老户 (the `baoan` flag).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BaoanNotice {
    pub baoan_id: i64,
    pub leader: String,
    /// The record had closed and opens again (复访).
    pub reopened: bool,
}

/// A 包案 record as the register lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BaoanRecord {
    pub id: i64,
    pub petitioner_id: i64,
    pub name: String,
    pub leader: String,
    pub unit: String,
    /// 稳控责任人.
    pub keeper: Option<String>,
    pub plan: String,
    pub target_date: NaiveDate,
    pub case_no: Option<String>,
    pub case_status: Option<CaseStatus>,
    pub state: BaoanState,
    pub opened_on: NaiveDate,
    pub closed_on: Option<NaiveDate>,
    pub evidence: Option<Evidence>,
    /// The person's newest letter or visit since the record began, if any.
    pub last_contact: Option<NaiveDate>,
    /// Days since that contact, or since the record began (filled by the service).
    pub days_since_contact: i64,
    /// Times the record opened again because the person came back (复访).
    pub revisits: u32,
    /// Contacts since the record began that the leader has not been told of.
    pub untold: u32,
}

/// A later contact by a 包案 老户 (the intake flag `baoan`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BaoanHit {
    pub baoan_id: i64,
    pub petitioner_id: i64,
    pub name: String,
    pub leader: String,
    pub contact_id: i64,
    pub at: String,
    /// The record had closed and opened again (复访).
    pub reopened: bool,
    /// When the leader was told, if yet.
    pub told_at: Option<String>,
}

/// A scheduled leader's reception (接访, 下访, 联合接访).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reception {
    pub id: i64,
    pub leader: String,
    pub day: NaiveDate,
    pub time: String,
    pub place: String,
    pub topic: String,
    pub announced: bool,
    pub units: Vec<String>,
    pub kind: ReceptionKind,
    /// People received so far.
    pub visits: u32,
}

impl Reception {
    /// What a handover or the status line says of it.
    pub fn brief(self) -> crate::domain::leaders::ReceptionBrief {
        crate::domain::leaders::ReceptionBrief {
            day: self.day,
            time: self.time,
            leader: self.leader,
            kind: self.kind,
            place: self.place,
            topic: self.topic,
        }
    }
}

/// One person received at a leader's reception, with the leader's word.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReceptionVisit {
    pub id: i64,
    pub reception_id: i64,
    pub leader: String,
    pub petitioner_id: i64,
    pub name: String,
    pub case_no: Option<String>,
    /// 意见/批示, verbatim.
    pub opinion: Option<String>,
    /// 领导交办: the unit and its deadline.
    pub assign_unit: Option<String>,
    pub deadline: Option<NaiveDate>,
    pub at: String,
}

/// A person booked in advance for a reception (预约接访).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Booking {
    pub id: i64,
    pub reception_id: i64,
    pub leader: String,
    pub day: NaiveDate,
    pub time: String,
    pub kind: ReceptionKind,
    pub petitioner_id: i64,
    pub name: String,
    pub case_no: Option<String>,
    pub at: String,
}

/// What the queue shows of a day's receptions on a visitor's row: a booking for
/// the person, or the walk-in already routed to a leader.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReceptionMark {
    pub reception_id: i64,
    pub petitioner_id: i64,
    /// The walk-in routed there; `None` for a booking.
    pub contact_id: Option<i64>,
    pub leader: String,
    pub time: String,
    pub kind: ReceptionKind,
    /// A routed walk-in's visit already holds the leader's word.
    pub word: bool,
}

/// A booking about to be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewBooking<'a> {
    pub reception_id: i64,
    pub petitioner_id: i64,
    pub case_id: Option<i64>,
    pub at: &'a str,
    pub officer_id: i64,
}

/// The leader's word on a visit recorded before it was given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VisitWord<'a> {
    pub opinion: Option<&'a str>,
    pub assign_unit_id: Option<i64>,
    pub deadline: Option<NaiveDate>,
}

/// A 督办 on a case: the 督办单 number, its deadline and its result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Supervision {
    pub id: i64,
    pub case_no: String,
    pub doc_no: String,
    pub deadline: NaiveDate,
    pub text: Option<String>,
    pub set_on: NaiveDate,
    pub result: Option<String>,
    pub answered_on: Option<NaiveDate>,
    /// Days left to the deadline when open (negative: overdue); filled by the service.
    pub days_left: Option<i64>,
}

/// A 包案 record about to be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewBaoan<'a> {
    pub petitioner_id: i64,
    pub leader_id: i64,
    pub unit_id: i64,
    pub keeper: Option<&'a str>,
    pub plan: &'a str,
    pub target_date: NaiveDate,
    pub case_id: Option<i64>,
    pub opened_on: NaiveDate,
    pub at: &'a str,
    pub officer_id: i64,
}

/// A reception about to be scheduled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewReception<'a> {
    pub leader_id: i64,
    pub day: NaiveDate,
    pub time: &'a str,
    pub place: &'a str,
    pub topic: &'a str,
    pub announced: bool,
    /// JSON list of unit names.
    pub units: &'a str,
    pub kind: ReceptionKind,
    pub at: &'a str,
    pub officer_id: i64,
}

/// A person received at a reception.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewVisit<'a> {
    pub reception_id: i64,
    pub petitioner_id: i64,
    pub case_id: Option<i64>,
    pub contact_id: Option<i64>,
    pub opinion: Option<&'a str>,
    pub assign_unit_id: Option<i64>,
    pub deadline: Option<NaiveDate>,
    pub at: &'a str,
    pub officer_id: i64,
}

/// One 包案 record's history, for the frozen roster.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaoanLog {
    pub petitioner_id: i64,
    pub changes: Vec<StateChange>,
    pub last_contact: Option<NaiveDate>,
}

/// One row of a state log as a backend reads it: the record, the day, the state's
/// code, the record's person and their last contact up to the day asked.
pub type BaoanLogRow = (i64, NaiveDate, String, i64, Option<NaiveDate>);

impl BaoanLog {
    /// Groups state-log rows ordered by record into one history per record; a
    /// state this program does not know is left out.
    pub fn group(rows: Vec<BaoanLogRow>) -> Vec<BaoanLog> {
        let mut out: Vec<BaoanLog> = Vec::new();
        let mut last = None;
        for (id, on, state, petitioner_id, last_contact) in rows {
            let Some(state) = BaoanState::from_code(&state) else {
                continue;
            };
            if last != Some(id) {
                out.push(BaoanLog {
                    petitioner_id,
                    changes: Vec::new(),
                    last_contact,
                });
                last = Some(id);
            }
            if let Some(log) = out.last_mut() {
                log.changes.push(StateChange { on, state });
            }
        }
        out
    }
}

/// A 包案 record as a write needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaoanRef {
    pub id: i64,
    pub state: BaoanState,
    pub opened_on: NaiveDate,
    pub leader: String,
}

/// Reading the leaders' registers.
pub trait LeaderBook {
    /// 包案 records, by leader then person; `leader` narrows to one.
    fn baoan_list(&self, leader: Option<&str>) -> Result<Vec<BaoanRecord>>;
    /// Every record's state changes, with its person's last letter or visit up to
    /// `until` (for the roster frozen at a period's start).
    fn baoan_logs(&self, until: NaiveDate) -> Result<Vec<BaoanLog>>;
    /// Contacts by 包案 老户 whose time lies in `[from, to)` (RFC 3339 stamps compared
    /// as days: `from` and `to` are dates).
    fn baoan_hits(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<BaoanHit>>;
    /// Receptions whose day lies in `[from, to]`, in order.
    fn receptions(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<Reception>>;
    /// People received at receptions whose day lies in `[from, to]`.
    fn reception_visits(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<ReceptionVisit>>;
    /// 领导交办 still waiting: visits with a deadline whose case has had no reply
    /// yet (the unit's answer is the case's reply, as for 上级交办).
    fn leader_assignments(&self) -> Result<Vec<ReceptionVisit>>;
    /// Which of these people have a 包案 record (any state).
    fn baoan_people(&self, ids: &[i64]) -> Result<Vec<i64>>;
    /// 督办 on record; `open_only` leaves out those with a result.
    fn supervisions(&self, open_only: bool) -> Result<Vec<Supervision>>;
    /// One reception by its number.
    fn reception_by_id(&self, id: i64) -> Result<Option<Reception>>;
    /// Bookings for receptions whose day lies in `[from, to]`, by day and time.
    fn bookings(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<Booking>>;
    /// The day's bookings and routed walk-ins, for the queue's rows: by time and
    /// reception, a reception's bookings before its walk-ins (each by number).
    fn reception_marks(&self, day: NaiveDate) -> Result<Vec<ReceptionMark>>;
}

/// The write primitives of the leaders' registers, inside one unit of work.
pub trait LeaderTx {
    /// The officer named as a leader: on the roster and active. Refuses a non-leader
    /// once officers have roles.
    fn leader_id(&mut self, name: &str) -> Result<i64>;
    fn insert_baoan(&mut self, record: &NewBaoan<'_>) -> Result<i64>;
    fn baoan_state(&mut self, id: i64) -> Result<Option<BaoanRef>>;
    /// Sets a record's state and logs the change (with the evidence of 息访).
    fn set_baoan_state(
        &mut self,
        id: i64,
        state: BaoanState,
        on: NaiveDate,
        evidence: Option<Evidence>,
        at: &str,
        officer_id: i64,
    ) -> Result<()>;
    /// The person's 包案 records (any state).
    fn baoan_of_person(&mut self, petitioner_id: i64) -> Result<Vec<BaoanRef>>;
    /// Notes a contact by the person of record `baoan_id`.
    fn insert_baoan_hit(
        &mut self,
        baoan_id: i64,
        contact_id: i64,
        at: &str,
        reopened: bool,
    ) -> Result<()>;
    /// Marks the record's untold contacts as told to the leader; returns how many.
    fn mark_told(&mut self, baoan_id: i64, at: &str, officer_id: i64) -> Result<usize>;
    fn insert_reception(&mut self, reception: &NewReception<'_>) -> Result<i64>;
    /// A reception's leader and day.
    fn reception(&mut self, id: i64) -> Result<Option<(String, NaiveDate)>>;
    fn insert_visit(&mut self, visit: &NewVisit<'_>) -> Result<i64>;
    /// A walk-in of `day` by queue number: (contact, person, case).
    fn queue_visitor(&mut self, day: NaiveDate, queue_no: i64) -> Result<Option<(i64, i64, i64)>>;
    fn insert_supervision(
        &mut self,
        case_id: i64,
        doc_no: &str,
        deadline: NaiveDate,
        text: Option<&str>,
        at: &str,
        officer_id: i64,
    ) -> Result<i64>;
    /// Books a person for a reception; `None` when they already are.
    fn insert_booking(&mut self, booking: &NewBooking<'_>) -> Result<Option<i64>>;
    /// The visit a walk-in already has at a reception: (visit, whether it holds
    /// the leader's word).
    fn visit_of_contact(
        &mut self,
        reception_id: i64,
        contact_id: i64,
    ) -> Result<Option<(i64, bool)>>;
    /// Fills in the leader's word on a visit recorded without it.
    fn set_visit_word(&mut self, visit_id: i64, word: &VisitWord<'_>) -> Result<()>;
    /// The case's newest 督办 without a result: (id, 督办单 number).
    fn open_supervision(&mut self, case_id: i64) -> Result<Option<(i64, String)>>;
    fn answer_supervision(
        &mut self,
        id: i64,
        result: &str,
        at: &str,
        officer_id: i64,
    ) -> Result<()>;
}

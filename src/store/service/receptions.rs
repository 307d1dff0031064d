//! A leader's reception on its day, written once above any backend: people booked
//! in advance, a walk-in routed there from the queue, and the leader's 意见/批示
//! with any 领导交办, which may come later than the routing (the same walk-in at
//! the same reception is one visit; its word is filled in once).

use super::leaders::{case_id, problem, text_field, touch_case};
use super::Store;
use crate::domain::leaders::{self as rules, LeadersProblem};
use crate::domain::EventKind;
use crate::store::error::{Result, StoreError};
use crate::store::leaders::*;
use crate::store::port::Tx;
use crate::text::clean_input;
use crate::time::stamp;
use chrono::NaiveDate;
use serde_json::json;

/// Whom a reception received: a person (and case) on record, or a walk-in by
/// queue number (today's, or of the day given).
#[derive(Debug, Clone)]
pub enum Received {
    Person {
        petitioner_id: i64,
        case_no: Option<String>,
    },
    Queue(i64),
    QueueOn(NaiveDate, i64),
}

/// The leader's word at a reception, with any 领导交办.
#[derive(Debug, Clone, Default)]
pub struct Opinion {
    pub text: Option<String>,
    pub assign_unit: Option<String>,
    pub deadline: Option<NaiveDate>,
}

impl Opinion {
    fn is_empty(&self) -> bool {
        !self.has_word()
    }

    /// The leader said something: an opinion, or a 领导交办.
    pub fn has_word(&self) -> bool {
        self.text.is_some() || self.assign_unit.is_some()
    }
}

/// Who was received, resolved inside the unit of work.
struct Whom {
    contact_id: Option<i64>,
    queue_no: Option<i64>,
    petitioner_id: i64,
    case: Option<i64>,
}

fn whom(tx: &mut dyn Tx, who: &Received, today: NaiveDate) -> Result<Whom> {
    let (on, n) = match who {
        Received::Queue(n) => (today, *n),
        Received::QueueOn(day, n) => (*day, *n),
        Received::Person {
            petitioner_id,
            case_no,
        } => {
            if tx.person_state(*petitioner_id)?.is_none() {
                return Err(StoreError::NotFound(format!(
                    "no person #{petitioner_id} on record"
                )));
            }
            let case = match case_no {
                Some(no) => Some(case_id(tx, no)?.0),
                None => None,
            };
            return Ok(Whom {
                contact_id: None,
                queue_no: None,
                petitioner_id: *petitioner_id,
                case,
            });
        }
    };
    let (contact, person, case) = tx
        .leaders()
        .queue_visitor(on, n)?
        .ok_or_else(|| StoreError::NotFound(format!("no visitor {n} in the queue of {on}")))?;
    Ok(Whom {
        contact_id: Some(contact),
        queue_no: Some(n),
        petitioner_id: person,
        case: Some(case),
    })
}

impl Store {
    /// Records a person received at a reception, with the leader's word. A walk-in
    /// routed there puts `reception` on their case's timeline; the leader's word
    /// goes there as the leader's 批示 (`instruct`), now or on a later call for the
    /// same walk-in, which fills in the visit instead of adding one.
    pub fn reception_record(
        &mut self,
        officer: &str,
        reception_id: i64,
        who: &Received,
        opinion: &Opinion,
    ) -> Result<ReceptionVisit> {
        let text = opinion
            .text
            .as_deref()
            .map(|t| text_field(t, 4000, "opinion"))
            .transpose()?;
        if opinion.assign_unit.is_some() != opinion.deadline.is_some() {
            return Err(StoreError::Invalid(
                "a 领导交办 needs both --assign-unit and --deadline".into(),
            ));
        }
        let today = self.today();
        if let Some(d) = opinion.deadline {
            rules::check_deadline(d, today).map_err(problem)?;
        }
        let reception = self
            .backend
            .reception_by_id(reception_id)?
            .ok_or_else(|| StoreError::NotFound(format!("no reception #{reception_id}")))?;
        let at = stamp(self.now());
        let clocks = self.rules.clocks.clone();
        let id = self.write(|tx| {
            let officer_id = tx.officer_id(officer, &at)?;
            let who = whom(tx, who, today)?;
            let unit_id = match &opinion.assign_unit {
                Some(u) => Some(tx.unit_id(u)?),
                None => None,
            };
            let earlier = match who.contact_id {
                Some(c) => tx.leaders().visit_of_contact(reception_id, c)?,
                None => None,
            };
            let id = match earlier {
                Some((_, true)) => return Err(problem(LeadersProblem::AlreadyRecorded)),
                Some((_, false)) if opinion.is_empty() => {
                    return Err(problem(LeadersProblem::AlreadyRecorded))
                }
                Some((visit, false)) => {
                    tx.leaders().set_visit_word(
                        visit,
                        &VisitWord {
                            opinion: text.as_deref(),
                            assign_unit_id: unit_id,
                            deadline: opinion.deadline,
                        },
                    )?;
                    visit
                }
                None => {
                    let id = tx.leaders().insert_visit(&NewVisit {
                        reception_id,
                        petitioner_id: who.petitioner_id,
                        case_id: who.case,
                        contact_id: who.contact_id,
                        opinion: text.as_deref(),
                        assign_unit_id: unit_id,
                        deadline: opinion.deadline,
                        at: &at,
                        officer_id,
                    })?;
                    if let Some(case) = who.case {
                        let mut detail = json!({
                            "leader": reception.leader,
                            "reception_id": reception_id,
                            "reception_kind": reception.kind.code(),
                            "time": reception.time,
                            "place": reception.place,
                        });
                        if let Some(n) = who.queue_no {
                            detail["queue_no"] = json!(n);
                        }
                        tx.append_event(
                            case,
                            &at,
                            officer_id,
                            EventKind::Reception,
                            &detail,
                            &clocks,
                        )?;
                    }
                    id
                }
            };
            if let (Some(case), false) = (who.case, opinion.is_empty()) {
                let mut detail =
                    json!({ "leader": reception.leader, "reception_id": reception_id });
                if let Some(t) = &text {
                    detail["text"] = json!(t);
                }
                if let (Some(u), Some(d)) = (&opinion.assign_unit, opinion.deadline) {
                    detail["unit"] = json!(clean_input(u));
                    detail["deadline"] = json!(d.to_string());
                }
                tx.append_event(case, &at, officer_id, EventKind::Instruct, &detail, &clocks)?;
            }
            if let Some(case) = who.case {
                touch_case(tx, case, &at)?;
            }
            Ok(id)
        })?;
        self.reception_visits(reception.day, reception.day)?
            .into_iter()
            .find(|v| v.id == id)
            .ok_or_else(|| StoreError::NotFound(format!("no reception visit #{id}")))
    }

    /// Books a person on record for a reception that has not yet been held.
    pub fn reception_book(
        &mut self,
        officer: &str,
        reception_id: i64,
        petitioner_id: i64,
        case_no: Option<&str>,
    ) -> Result<Booking> {
        let reception = self
            .backend
            .reception_by_id(reception_id)?
            .ok_or_else(|| StoreError::NotFound(format!("no reception #{reception_id}")))?;
        if reception.day < self.today() {
            return Err(problem(LeadersProblem::ReceptionPast(reception.day)));
        }
        let at = stamp(self.now());
        let id = self.write(|tx| {
            let officer_id = tx.officer_id(officer, &at)?;
            if tx.person_state(petitioner_id)?.is_none() {
                return Err(StoreError::NotFound(format!(
                    "no person #{petitioner_id} on record"
                )));
            }
            let case_id = match case_no {
                Some(no) => Some(case_id(tx, no)?.0),
                None => None,
            };
            tx.leaders()
                .insert_booking(&NewBooking {
                    reception_id,
                    petitioner_id,
                    case_id,
                    at: &at,
                    officer_id,
                })?
                .ok_or_else(|| problem(LeadersProblem::AlreadyBooked))
        })?;
        self.bookings(reception.day, reception.day)?
            .into_iter()
            .find(|b| b.id == id)
            .ok_or_else(|| StoreError::NotFound(format!("no booking #{id}")))
    }

    pub fn bookings(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<Booking>> {
        self.backend.bookings(from, to)
    }

    /// Today's bookings and routed walk-ins, for the queue's rows.
    pub fn reception_marks(&self) -> Result<Vec<ReceptionMark>> {
        self.backend.reception_marks(self.today())
    }

    /// Today's receptions whole (with their numbers), for routing a walk-in.
    pub fn todays_receptions(&self) -> Result<Vec<Reception>> {
        let today = self.today();
        self.receptions(today, today)
    }
}
